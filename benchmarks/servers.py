"""Start and stop the servers under test, and sample their memory and CPU.

Both servers listen on 127.0.0.1 only (the load never leaves this machine). Each is stopped by
its own process id; nothing else is touched.
"""

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psutil

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
# Threads beyond the clients, as `workshop serve` sizes them (workshop/cli.py).
THREAD_HEADROOM = 100
# Seconds between two samples of the server's RSS and CPU.
SAMPLE_INTERVAL = 0.25
STARTUP_TIMEOUT = 30


def snapshot(rev, dest):
    """Extract commit `rev` into dest with `git archive` (reads the repository, changes nothing)."""
    commit = subprocess.run(
        ["git", "rev-parse", "--verify", f"{rev}^{{commit}}"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    archive = subprocess.Popen(["git", "archive", commit], cwd=PROJECT_ROOT, stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x", "-C", str(dest)], stdin=archive.stdout, check=True)
    if archive.wait():
        raise RuntimeError(f"git archive {commit} failed")
    return commit


def free_port():
    """A TCP port nobody listens on right now (on the loopback interface)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url, proc, timeout=STARTUP_TIMEOUT):
    """Poll /healthz until it answers 200; fail early when the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not answer within {timeout} s")


class Server:
    """A gunicorn master we started, with its log files; `stop()` ends it by its pid."""

    def __init__(self, argv, env, workdir, name):
        self.workdir = Path(workdir)
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.argv = [a.replace("{port}", str(self.port)) for a in argv]
        self.env = env
        self.proc = None

    def start(self):
        self.log = open(self.workdir / f"{self.name}.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            self.argv,
            env=self.env,
            cwd=self.workdir,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_healthy(self.url, self.proc)
        except Exception:
            self.stop()
            raise RuntimeError(f"{self.name} failed to start:\n{self.log_tail()}") from None
        return self

    def worker_pid(self):
        """The gunicorn worker (the one process that serves requests)."""
        children = psutil.Process(self.proc.pid).children()
        return children[0].pid if children else self.proc.pid

    def log_tail(self, lines=30):
        path = self.workdir / f"{self.name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self, timeout=10):
        """SIGTERM the master we started (it stops its worker), SIGKILL after timeout."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        self.log.close()


def gunicorn_argv(max_clients, app_spec, mode="threading", chdir=None):
    """The gunicorn command line for the bare app: gthread sized like `workshop serve` was
    before issue 13 (a thread per connection), or the gevent worker it runs now."""
    argv = [sys.executable, "-m", "gunicorn", "--workers", "1"]
    if mode == "gevent":
        argv += ["--worker-class", "gevent"]
        argv += ["--worker-connections", str(max_clients + 2 * THREAD_HEADROOM)]
    else:
        threads = max_clients + THREAD_HEADROOM
        argv += ["--worker-class", "gthread", "--threads", str(threads)]
        argv += ["--worker-connections", str(threads + THREAD_HEADROOM)]
    argv += ["--no-control-socket", "--bind", "127.0.0.1:{port}", "--graceful-timeout", "5"]
    if chdir:
        argv += ["--chdir", str(chdir)]
    return [*argv, app_spec]


def bare_server(workdir, max_clients, mode="threading"):
    """The baseline app (benchmarks/bare_app.py) in one of the two stacks."""
    argv = gunicorn_argv(max_clients, "bare_app:create_app()", mode, chdir=BENCH_DIR)
    env = dict(os.environ, BARE_ASYNC_MODE=mode)
    return Server(argv, env, workdir, f"bare-{mode}")


def workshop_env(workdir, source=None):
    """A store and instance folder of our own, with a known secret (to verify ballots).

    `source` is a copy of the project (e.g. `git archive` of a commit): put first on the
    path, it is what `workshop` imports instead of the installed working tree.
    """
    env = dict(os.environ)
    if source:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(source), env.get("PYTHONPATH")]))
    env.update(
        WORKSHOP_DATABASE=str(Path(workdir) / "bench.db"),
        WORKSHOP_INSTANCE_PATH=str(Path(workdir) / "instance"),
        # Prefixed so Flask's JSON parsing of WORKSHOP_* values keeps it a string.
        WORKSHOP_SECRET_KEY="bench-" + secrets.token_hex(16),
    )
    return env


def workshop_bin():
    """The installed `workshop` command (pip install -e '.[bench]')."""
    found = shutil.which("workshop") or str(Path(sys.executable).parent / "workshop")
    if not Path(found).exists():
        raise SystemExit("`workshop` is not installed: pip install -e '.[bench]'")
    return found


def workshop_cli(env, workdir, *args):
    """Run `workshop ARGS` against the benchmark's store (e.g. facilitator add)."""
    cmd = [workshop_bin(), *args]
    done = subprocess.run(cmd, env=env, cwd=workdir, check=False, capture_output=True)
    if done.returncode:
        raise RuntimeError(f"workshop {' '.join(args[:2])} failed:\n{done.stderr.decode()[-2000:]}")


def workshop_server(workdir, env, max_clients, name="workshop"):
    """The real server, started as documented: `workshop serve --host 127.0.0.1 ...`."""
    argv = [workshop_bin(), "serve", "--host", "127.0.0.1"]
    argv += ["--port", "{port}", "--max-clients", str(max_clients)]
    return Server(argv, env, workdir, name)


class Redis:
    """A redis-server of our own (no persistence) for several `workshop serve` processes
    sharing pushes (WORKSHOP_MESSAGE_QUEUE); stopped by its own pid."""

    def __init__(self, workdir):
        self.workdir = Path(workdir)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = None

    def start(self):
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        argv = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        argv += ["--appendonly", "no", "--dir", str(self.workdir)]
        self.proc = subprocess.Popen(
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=1) as s,
            ):
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


class Sampler(threading.Thread):
    """Samples RSS and CPU of the server's processes (and this generator) until stopped."""

    def __init__(self, pid, interval=SAMPLE_INTERVAL, more=()):
        super().__init__(daemon=True)
        self.interval = interval
        self.master = psutil.Process(pid)
        # further server processes (a second `workshop serve`, its redis-server), summed in
        self.more = [psutil.Process(p) for p in more]
        self.me = psutil.Process()
        self.samples = []  # (t, rss_total_bytes, server_cpu_pct, generator_cpu_pct)
        self.marks = []  # (t, phase name)
        self.halt = threading.Event()

    def processes(self):
        found = []
        for master in (self.master, *self.more):
            with contextlib.suppress(psutil.NoSuchProcess):
                found += [master, *master.children(recursive=True)]
        return found

    def cpu_seconds(self, procs):
        total = 0.0
        for p in procs:
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except psutil.NoSuchProcess:
                pass
        return total

    def runqueue_seconds(self, procs):
        """Seconds the server's threads spent runnable but waiting for a CPU (Linux
        schedstat): on a machine busy with other work, latency the server did not cause."""
        total = 0.0
        for p in procs:
            with contextlib.suppress(OSError):
                for task in os.listdir(f"/proc/{p.pid}/task"):
                    with open(f"/proc/{p.pid}/task/{task}/schedstat") as f:
                        total += int(f.read().split()[1]) / 1e9
        return total

    def mark(self, phase):
        procs = self.processes()
        self.marks.append(
            (time.perf_counter(), phase, self.cpu_seconds(procs), self.runqueue_seconds(procs))
        )

    def run(self):
        last_t = time.perf_counter()
        last_srv = self.cpu_seconds(self.processes())
        last_me = self.cpu_seconds([self.me])
        while not self.halt.wait(self.interval):
            procs = self.processes()
            rss = 0
            for p in procs:
                with contextlib.suppress(psutil.NoSuchProcess):
                    rss += p.memory_info().rss
            now = time.perf_counter()
            srv, me = self.cpu_seconds(procs), self.cpu_seconds([self.me])
            dt = max(now - last_t, 1e-6)
            self.samples.append((now, rss, 100 * (srv - last_srv) / dt, 100 * (me - last_me) / dt))
            last_t, last_srv, last_me = now, srv, me

    def stop(self):
        self.mark("end")
        self.halt.set()
        self.join(5)

    def summary(self):
        """Peak RSS, peak and mean CPU (100 % = one core), and CPU per phase."""
        if not self.samples:
            return {}
        peak_rss = max(s[1] for s in self.samples)
        phases = {}
        for (t0, name, c0, w0), (t1, _next, c1, w1) in zip(
            self.marks, self.marks[1:], strict=False
        ):
            inside = [s for s in self.samples if t0 <= s[0] <= t1]
            phases[name] = {
                "seconds": round(t1 - t0, 2),
                "server_cpu_mean_pct": round(100 * (c1 - c0) / max(t1 - t0, 1e-6), 1),
                # 100 % = one thread waited for a CPU the whole phase
                "server_runqueue_wait_pct": round(100 * (w1 - w0) / max(t1 - t0, 1e-6), 1),
                "server_cpu_peak_pct": round(max((s[2] for s in inside), default=0), 1),
                "generator_cpu_mean_pct": round(
                    sum(s[3] for s in inside) / len(inside) if inside else 0, 1
                ),
            }
        return {
            "peak_rss_mb": round(peak_rss / 2**20, 1),
            "final_rss_mb": round(self.samples[-1][1] / 2**20, 1),
            "server_cpu_peak_pct": round(max(s[2] for s in self.samples), 1),
            "generator_cpu_peak_pct": round(max(s[3] for s in self.samples), 1),
            "phases": phases,
        }
