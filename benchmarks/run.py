"""Load benchmark of Rembuk against bare Flask-SocketIO baselines (issues 8 and 13).

    pip install -e '.[bench]'
    python benchmarks/run.py                 # N = 1000 2000, the 300-voter storm: ~12 min
    python benchmarks/run.py --n 300 --repeat 3

For each N it measures the cost of fan-out itself (the bare app, benchmarks/bare_app.py, in
the threading stack and in the gevent stack), runs the bare threading app through the same
schedule as Rembuk, and then the real server (`workshop serve --host 127.0.0.1`), each on a
fresh port of 127.0.0.1 and, for Rembuk, a fresh store in a temporary folder; drives N
simulated participants over real Socket.IO websockets plus one projector; verifies every
acknowledged write against the SQLite file. Once per run: the 300-voter storm measured
against OpenSlides 3.3, and (--exports) benchmarks/exports.py. Prints a compact table and
writes benchmarks/results/<stamp>.json. Nothing leaves this machine, every loop is bounded,
and every server is stopped by its own pid.
"""

import argparse
import asyncio
import collections
import datetime
import hashlib
import hmac
import json
import os
import platform
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scenario  # noqa: E402
import servers  # noqa: E402

RESULTS_DIR = servers.BENCH_DIR / "results"
# Hard limit for one server's part of one N; the asyncio run is cancelled past it.
RUN_LIMIT_SECONDS = 420
# Targets at N = 1000 (issue 13).
TARGETS = {
    "p95_submit_ms": 150,
    "p95_ballot_ms": 150,
    "delivery_p95_ms": 1000,
    "delivered_pct": 99.0,
    "projector_final_ms": 1000,
    "rss_mb": 400,
}
# OpenSlides 3.3 on the same kind of machine, 300 voters on websockets: seconds to accept all
# votes (issue 13 quotes 233 s; notes/stack.md 160–236 s).
OPENSLIDES_300_SECONDS = 233
# Events per socket and rounds of the fan-out cost measurement.
BURST_EVENTS = 20
BURST_ROUNDS = 3
# gevent's monitor thread reports a greenlet that kept the event loop this long (seconds).
LOOP_BLOCKED_REPORT = 0.1


# --- statistics ---------------------------------------------------------------------------


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100) of a list; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def latency(ops):
    """Counts, errors and p50/p95/p99/max of a list of Ops (successful ones for latency)."""
    ok = [op for op in ops if op.ok]
    ms = [op.ms for op in ok]
    errors = collections.Counter(
        str(op.status) if op.status is not None else (op.error or "?").split(":")[0]
        for op in ops
        if not op.ok
    )
    span = (max(op.end for op in ok) - min(op.start for op in ok)) if len(ok) > 1 else 0
    late = [1000 * (op.start - op.due) for op in ops if op.due is not None]
    return {
        "sent": len(ops),
        "ok": len(ok),
        "errors": dict(errors),
        "p50_ms": rnd(percentile(ms, 50)),
        "p95_ms": rnd(percentile(ms, 95)),
        "p99_ms": rnd(percentile(ms, 99)),
        "max_ms": rnd(max(ms) if ms else None),
        "per_second": rnd(len(ok) / span if span else None),
        # How late the generator started requests against their schedule (its own lag).
        "start_lag_p95_ms": rnd(percentile(late, 95)),
    }


def timeline(ops, step=0.5):
    """Per `step` seconds of the phase (by start): requests started, their p95 and max ms —
    where in a storm the slow ones were."""
    ok = [op for op in ops if op.ok]
    if not ok:
        return []
    t0 = min(op.start for op in ok)
    buckets = collections.defaultdict(list)
    for op in ok:
        buckets[int((op.start - t0) / step)].append(op.ms)
    return [
        {
            "t": rnd(k * step),
            "n": len(buckets[k]),
            "p95_ms": rnd(percentile(buckets[k], 95)),
            "max_ms": rnd(max(buckets[k])),
        }
        for k in sorted(buckets)
    ]


def dropped(events):
    """Sockets that closed before the end, by the reason the client was given."""
    return {
        "count": len(events),
        "reasons": dict(collections.Counter(reason for _t, reason in events)),
    }


def rnd(x, digits=1):
    return None if x is None else round(x, digits)


def lag_summary(samples):
    ms = [1000 * s for s in samples]
    return {
        "p50_ms": rnd(percentile(ms, 50)),
        "p99_ms": rnd(percentile(ms, 99)),
        "max_ms": rnd(max(ms, default=None)),
    }


def fanout_summary(rounds):
    ms = [r["ms"] for r in rounds if r["ms"] is not None]
    return {
        "median_ms": rnd(percentile(ms, 50)),
        "max_ms": rnd(max(ms) if ms else None),
        "complete_rounds": len(ms),
        "rounds": rounds,
    }


# --- verification against the store ------------------------------------------------------


def voter_key(poll_secret, participant_id):
    """The anonymous ballot key the server derives while the poll is open
    (workshop/rules/ballots.py: anonymous_key, under the poll's own secret)."""
    digest = hmac.new(poll_secret, f"p:{participant_id}".encode(), hashlib.sha256)
    return "a:" + digest.hexdigest()


def verify(db_path, out):
    """Every acknowledged proposal exactly once; one ballot row per voter, with the last body."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        acked = {(pid, cid): idea_id for pid, ideas in out["people"] for cid, idea_id in ideas}
        rows = conn.execute(
            "SELECT participant_id, client_id, id FROM ideas"
            " WHERE workshop_id = ? AND participant_id IS NOT NULL",
            [out["workshop_id"]],
        ).fetchall()
        counts = collections.Counter((pid, cid) for pid, cid, _id in rows)
        ideas = {
            "acknowledged": len(acked),
            "rows": len(rows),
            "lost": sum(1 for k in acked if counts[k] == 0),
            "duplicated": sum(c - 1 for c in counts.values() if c > 1),
            "wrong_id": sum(1 for pid, cid, i in rows if acked.get((pid, cid), i) != i),
            "stored_unacknowledged": sum(1 for k in counts if k not in acked),
        }
        poll_id = out["poll_id"]
        # The poll is still open, so its secret is in the store (it is destroyed at close).
        poll_secret = conn.execute(
            "SELECT secret FROM poll_secrets WHERE poll_id = ?", [poll_id]
        ).fetchone()[0]
        stored = {
            key: (json.loads(body), n)
            for key, body, n in conn.execute(
                "SELECT voter_key, body, COUNT(*) OVER (PARTITION BY voter_key)"
                " FROM ballots WHERE poll_id = ?",
                [poll_id],
            )
        }
        voters = lost = stale = dup = 0
        keys = set()
        for pid, pair in out["ballot_pairs"]:
            last = next((op for op in reversed(pair) if op.ok), None)
            if last is None:
                continue
            voters += 1
            key = voter_key(poll_secret, pid)
            keys.add(key)
            if key not in stored:
                lost += 1
                continue
            body, n = stored[key]
            dup += n - 1
            if body != last.body["ballot"]:
                stale += 1
        ballots = {
            "voters_acknowledged": voters,
            "rows": sum(n for _b, n in stored.values()),
            "lost": lost,
            "duplicated": dup,
            "not_last_body": stale,
            "stored_unacknowledged": sum(1 for k in stored if k not in keys),
        }
    finally:
        conn.close()
    return {"ideas": ideas, "ballots": ballots}


# --- one N --------------------------------------------------------------------------------


def background_cpu(seconds=2.0):
    """Cores' worth of CPU used by the rest of the machine (other servers, test suites)."""
    return round(psutil.cpu_percent(interval=seconds) * psutil.cpu_count() / 100, 2)


def wait_for_quiet(limit, max_wait):
    """Wait (bounded) until the rest of the machine uses under `limit` cores; the last reading."""
    deadline = time.monotonic() + max_wait
    busy = background_cpu()
    while busy >= limit and time.monotonic() < deadline:
        print(f"  machine busy ({busy} cores in use), waiting …", file=sys.stderr, flush=True)
        time.sleep(5)
        busy = background_cpu()
    return busy


def start_profiler(pid, path):
    """py-spy on the worker (non-blocking sampling), collapsed stacks into path."""
    argv = ["py-spy", "record", "--pid", str(pid), "--nonblocking", "--rate", "100"]
    argv += ["--format", "raw", "--output", str(path), "--threads"]
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop_profiler(proc):
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(2)  # SIGINT: py-spy writes its output and exits
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()


def run_bare(plan, workdir, max_clients):
    server = servers.bare_server(workdir, max_clients).start()
    sampler = servers.Sampler(server.proc.pid)
    sampler.start()
    try:
        out = asyncio.run(
            asyncio.wait_for(scenario.run_bare(plan, server.url, sampler), RUN_LIMIT_SECONDS)
        )
    finally:
        sampler.stop()
        server.stop()
    return {
        "connected": out["connected"],
        "connect_failures": out["connect_failures"],
        "connect_p95_ms": rnd(percentile(out["connect_ms"], 95)),
        "dropped": dropped(out["dropped"]),
        "fanout": fanout_summary(out["fanout"]),
        "post": latency([op for op in out["post_ops"] if op.kind == "post"]),
        "sustained_broadcast": {
            "rate_per_s": out["sustained"]["rate_per_s"],
            "messages_per_s": out["sustained"]["messages_per_s"],
            "p50_ms": rnd(percentile(out["sustained"]["lags_ms"], 50)),
            "p95_ms": rnd(percentile(out["sustained"]["lags_ms"], 95)),
            "max_ms": rnd(max(out["sustained"]["lags_ms"], default=None)),
            "missing": out["sustained"]["missing"],
        },
        "generator_loop_lag_storm": lag_summary(out["loop_lag_storm"]),
        "server": sampler.summary(),
    }


def run_fanout_cost(n, workdir, max_clients, mode):
    """The bare app in one stack: µs of server CPU per delivered message, messages/s."""
    server = servers.bare_server(workdir, max_clients, mode).start()
    sampler = servers.Sampler(server.proc.pid)
    sampler.start()
    try:
        out = asyncio.run(
            asyncio.wait_for(
                scenario.run_fanout_cost(n, server.url, sampler, BURST_ROUNDS, BURST_EVENTS),
                RUN_LIMIT_SECONDS,
            )
        )
    finally:
        sampler.stop()
        server.stop()
    rounds = out["rounds"]
    return {
        "connected": out["connected"],
        "dropped": out["dropped"],
        "us_per_message": percentile([r["us_per_message"] for r in rounds], 50),
        "messages_per_s": percentile([r["messages_per_s"] for r in rounds], 50),
        "delivered": sum(r["delivered"] for r in rounds),
        "of": sum(r["of"] for r in rounds),
        "rounds": rounds,
        "peak_rss_mb": sampler.summary().get("peak_rss_mb"),
    }


def loop_blocked(log_path):
    """gevent's monitor reports in the server log: how often one greenlet held the loop
    longer than LOOP_BLOCKED_REPORT, and the first report's last lines (what it was doing)."""
    try:
        text = Path(log_path).read_text(errors="replace")
    except OSError:
        return None
    reports = text.split("appears to be blocked")
    first = reports[1].splitlines()[:40] if len(reports) > 1 else []
    return {"over_ms": 1000 * LOOP_BLOCKED_REPORT, "reports": len(reports) - 1, "first": first}


def monitor_env():
    """Settings that make gevent's monitor thread report a blocked event loop."""
    return {
        "GEVENT_MONITOR_THREAD_ENABLE": "true",
        "GEVENT_MAX_BLOCKING_TIME": str(LOOP_BLOCKED_REPORT),
    }


def run_storm300(args, stamp):
    """The 300-voter storm, against OpenSlides 3.3's figure."""
    plan = scenario.Plan(300, args.seed, args.join_rate, 0, 0, 0)
    workdir = tempfile.mkdtemp(prefix="rembuk-bench-storm-")
    try:
        env = servers.workshop_env(workdir, args.source)
        env.update(dict(args.setting))
        user, password = scenario.FACILITATOR
        servers.workshop_cli(env, workdir, "facilitator", "add", user, "--password", password)
        server = servers.workshop_server(workdir, env, 500).start()
        sampler = servers.Sampler(server.proc.pid)
        sampler.start()
        try:
            out = asyncio.run(
                asyncio.wait_for(
                    scenario.run_storm_only(plan, server.url, sampler), RUN_LIMIT_SECONDS
                )
            )
        finally:
            sampler.stop()
            server.stop()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    seconds = out["accept_all_seconds"]
    return {
        "voters": out["connected"],
        "ballot": latency(out["ops"]),
        "accept_all_seconds": seconds,
        "server_cpu_seconds": out["server_cpu_seconds"],
        "server_runqueue_seconds": out["server_runqueue_seconds"],
        "openslides_seconds": OPENSLIDES_300_SECONDS,
        "times_faster": ratio(OPENSLIDES_300_SECONDS, seconds),
    }


def run_exports(args):
    """benchmarks/exports.py (the coalesce helper's: export render time, server and child
    RSS, /healthz while rendering), when it exists: the JSON it wrote, and its printed lines."""
    script = servers.BENCH_DIR / "exports.py"
    if not script.exists():
        return {"skipped": "benchmarks/exports.py does not exist on this branch"}
    done = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    lines = done.stdout.strip().splitlines()
    wrote = [line.split(" ", 1)[1] for line in lines if line.startswith("wrote ")]
    report = {"returncode": done.returncode, "printed": lines[-8:]}
    if wrote:
        report["file"] = wrote[-1]
        report["result"] = json.loads(Path(wrote[-1]).read_text())
    else:
        report["stderr"] = done.stderr[-3000:]
    return report


def run_rembuk(
    plan,
    workdir,
    max_clients,
    profile=None,
    source=None,
    settings=(),
    loop_monitor=False,
    processes=1,
    profile_phase=None,
):
    """Rembuk on the workshop's schedule: one `workshop serve`, or `processes` of them over
    a Redis message queue (README "Behind nginx"), the phones spread across them."""
    env = servers.workshop_env(workdir, source)
    if loop_monitor:
        env.update(monitor_env())
    env.update(settings)
    user, password = scenario.FACILITATOR
    servers.workshop_cli(env, workdir, "facilitator", "add", user, "--password", password)
    redis, others = None, []
    if processes > 1:
        redis = servers.Redis(workdir).start()
        env["WORKSHOP_MESSAGE_QUEUE"] = redis.url
    server = servers.workshop_server(workdir, env, max_clients).start()
    try:
        for k in range(1, processes):  # one after the other, as the README says
            others.append(servers.workshop_server(workdir, env, max_clients, f"workshop-{k}"))
            others[-1].start()
        more = [s.proc.pid for s in others] + ([redis.proc.pid] if redis else [])
        sampler = servers.Sampler(server.proc.pid, more=more)
        sampler.start()
        profiler = None
        if profile and profile_phase:
            # Profile one phase only: py-spy starts at its mark and stops at the next one.
            marked = sampler.mark

            def mark(phase):
                nonlocal profiler
                marked(phase)
                if phase == profile_phase:
                    profiler = start_profiler(server.worker_pid(), profile)
                elif profiler is not None:
                    stop_profiler(profiler)

            sampler.mark = mark
        elif profile:
            profiler = start_profiler(server.worker_pid(), profile)
        backends = [server.url] + [s.url for s in others]
        try:
            out = asyncio.run(
                asyncio.wait_for(
                    scenario.run_workshop(plan, server.url, sampler, backends), RUN_LIMIT_SECONDS
                )
            )
        finally:
            stop_profiler(profiler)
            sampler.stop()
    finally:
        for s in [server, *others]:
            s.stop()
        if redis:
            redis.stop()
    ops = collections.defaultdict(list)
    for op in out["ops"]:
        ops[op.kind].append(op)
    return {
        "processes": processes,
        "connected": out["connected"],
        "join_failures": out["join_failures"],
        "connect_p95_ms": rnd(percentile(out["connect_ms"], 95)),
        "dropped": dropped(out["dropped"]),
        "join": latency(ops["join"]),
        "join_retries": latency(ops["join_retry"]),
        "submit": latency(ops["submit"]),
        "submit_retries": latency(ops["submit_retry"]),
        "replays": out["replays"],
        "idea_delivery": {
            **{k: v for k, v in out["idea_delivery"].items() if k != "lags_ms"},
            "p50_ms": rnd(percentile(out["idea_delivery"]["lags_ms"], 50)),
            "p95_ms": rnd(percentile(out["idea_delivery"]["lags_ms"], 95)),
            "max_ms": rnd(max(out["idea_delivery"]["lags_ms"], default=None)),
        },
        "ballot": latency(ops["ballot"]),
        "ballot_timeline": timeline(ops["ballot"]),
        "fanout": fanout_summary(out["fanout"]),
        "fanout_poll_opened": fanout_summary(out["fanout_poll_opened"]),
        "projector": out["projector"],
        "tally_matches_acks": out["tally_matches_acks"],
        "final_voters": out["final_voters"],
        "integrity": verify(env["WORKSHOP_DATABASE"], out),
        "generator_loop_lag_submit": lag_summary(out["loop_lag_submit"]),
        "generator_loop_lag_storm": lag_summary(out["loop_lag_storm"]),
        "server": sampler.summary(),
        "loop_blocked": loop_blocked(server.workdir / f"{server.name}.log")
        if loop_monitor
        else None,
    }


def ratio(a, b):
    return None if a is None or not b else round(a / b, 2)


def compare(rembuk, bare):
    """Rembuk's figures as multiples of the bare threading app's."""
    if bare is None:
        return {}
    return {
        "fanout_median": ratio(rembuk["fanout"]["median_ms"], bare["fanout"]["median_ms"]),
        "ballot_p50": ratio(rembuk["ballot"]["p50_ms"], bare["post"]["p50_ms"]),
        "ballot_p95": ratio(rembuk["ballot"]["p95_ms"], bare["post"]["p95_ms"]),
        "submit_p95": ratio(rembuk["submit"]["p95_ms"], bare["post"]["p95_ms"]),
        "wall_delivery_p95": ratio(
            rembuk["idea_delivery"]["p95_ms"], bare["sustained_broadcast"]["p95_ms"]
        ),
        "peak_rss": ratio(rembuk["server"]["peak_rss_mb"], bare["server"]["peak_rss_mb"]),
    }


def check_targets(rembuk):
    """Issue 13's targets (stated for N = 1000), evaluated at any N."""
    integrity = rembuk["integrity"]
    bad_writes = (
        sum(integrity[t][k] for t in ("ideas", "ballots") for k in ("lost", "duplicated"))
        + integrity["ballots"]["not_last_body"]
    )
    final = rembuk["projector"]["final_tally_ms"]
    failed = sum(sum(rembuk[kind]["errors"].values()) for kind in ("join", "submit", "ballot"))
    delivery = rembuk["idea_delivery"]
    return {
        "no_lost_or_duplicated": bad_writes == 0,
        "no_failed_requests": failed == 0,
        "p95_submit": (rembuk["submit"]["p95_ms"] or 1e9) < TARGETS["p95_submit_ms"],
        "p95_ballot": (rembuk["ballot"]["p95_ms"] or 1e9) < TARGETS["p95_ballot_ms"],
        "delivery_p95": (delivery["p95_ms"] or 1e9) < TARGETS["delivery_p95_ms"],
        "delivered_99": (delivery["delivered_pct"] or 0) >= TARGETS["delivered_pct"],
        "projector_final": final is not None and final < TARGETS["projector_final_ms"],
        "rss": rembuk["server"]["peak_rss_mb"] < TARGETS["rss_mb"],
    }


def run_one(n, args, stamp):
    plan = scenario.Plan(
        n, args.seed, args.join_rate, args.submit_window, args.ideas_each, args.storm_window
    )
    max_clients = max(500, n + 100)
    result = {
        "n": n,
        "max_clients": max_clients,
        "background_cpu_cores": wait_for_quiet(args.quiet_below, args.quiet_wait),
        # the host's load average (1, 5, 15 min) when this N started, and when it ended
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }
    workdir = tempfile.mkdtemp(prefix=f"rembuk-bench-{n}-")
    bare_too = n <= args.bare_max
    try:
        t0 = time.monotonic()
        result["fanout_cost"] = {}
        modes = ("threading", "gevent") if bare_too else ("gevent",)
        for mode in () if args.rembuk_only else modes:
            print(f"  fan-out cost, bare {mode} …", file=sys.stderr, flush=True)
            result["fanout_cost"][mode] = run_fanout_cost(n, workdir, max_clients, mode)
            time.sleep(2)
        result["bare"] = None
        if bare_too and not args.rembuk_only:
            print("  bare threading app, the workshop's schedule …", file=sys.stderr, flush=True)
            result["bare"] = run_bare(plan, workdir, max_clients)
            time.sleep(2)
        result["background_cpu_cores_before_rembuk"] = background_cpu()
        print("  Rembuk …", file=sys.stderr, flush=True)
        profile = RESULTS_DIR / f"profile-{stamp}-n{n}.txt" if args.profile else None
        result["rembuk"] = run_rembuk(
            plan,
            workdir,
            max_clients,
            profile,
            args.source,
            dict(args.setting),
            args.loop_monitor,
            args.processes,
            args.profile_phase,
        )
        result["seconds"] = round(time.monotonic() - t0, 1)
    finally:
        if args.keep:
            print(f"  kept {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    result["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    result["ratios"] = compare(result["rembuk"], result["bare"])
    result["targets"] = check_targets(result["rembuk"])
    return result


# --- report -------------------------------------------------------------------------------


def machine():
    """What the figures were measured on."""

    def cmd(*argv):
        try:
            return subprocess.run(
                argv, capture_output=True, text=True, check=False, cwd=servers.PROJECT_ROOT
            ).stdout.strip()
        except OSError:
            return None

    import gunicorn

    return {
        "nproc": os.cpu_count(),
        "cpu": next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        ),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "gunicorn": gunicorn.__version__,
        "kernel": platform.release(),
        "commit": cmd("git", "rev-parse", "--short", "HEAD"),
        "tree_modified": bool(cmd("git", "status", "--porcelain", "--untracked-files=no")),
        "nofile": resource.getrlimit(resource.RLIMIT_NOFILE)[0],
        "niceness": os.getpriority(os.PRIO_PROCESS, 0),
    }


def fmt(x, width=0):
    text = "–" if x is None else (f"{x:g}" if isinstance(x, float) else str(x))
    return text.rjust(width)


def table(results, storm=None):
    """The compact table: Rembuk per N; the cost of fan-out per stack; the bare threading
    app on the same schedule; the 300-voter storm."""

    def trio(d):
        return f"{fmt(d['p50_ms'])}/{fmt(d['p95_ms'])}/{fmt(d['p99_ms'])}"

    lines = [
        "   N  conn  submit p50/p95/p99 ms  ballot p50/p95/p99 ms  sub/s  bal/s  err"
        "  lost/dup  final ms  wall p95  wall %  RSS MB  CPU%pk",
    ]
    for r in results:
        w, s, b = r["rembuk"], r["rembuk"]["submit"], r["rembuk"]["ballot"]
        i = w["integrity"]
        errs = sum(s["errors"].values()) + sum(b["errors"].values())
        errs += sum(w["join"]["errors"].values())
        lost = i["ideas"]["lost"] + i["ballots"]["lost"] + i["ballots"]["not_last_body"]
        dup = i["ideas"]["duplicated"] + i["ballots"]["duplicated"]
        lines.append(
            f"{r['n']:>4} {w['connected']:>5}  {trio(s):<21}  {trio(b):<21}"
            f"  {fmt(s['per_second'], 5)}  {fmt(b['per_second'], 5)}  {errs:>3}"
            f"  {f'{lost}/{dup}':>8}  {fmt(w['projector']['final_tally_ms'], 8)}"
            f"  {fmt(w['idea_delivery']['p95_ms'], 8)}"
            f"  {fmt(w['idea_delivery']['delivered_pct'], 6)}  {fmt(w['server']['peak_rss_mb'], 6)}"
            f"  {fmt(w['server']['server_cpu_peak_pct'], 6)}"
        )
    lines += [
        "",
        "   N  fan-out cost, bare app: threading µs/msg  msg/s | gevent µs/msg  msg/s"
        " | targets (issue 13)",
    ]
    for r in results:
        cost = r.get("fanout_cost", {})
        th, ge = cost.get("threading") or {}, cost.get("gevent") or {}
        missed = [k for k, ok in r["targets"].items() if not ok]
        lines.append(
            f"{r['n']:>4}  {fmt(th.get('us_per_message'), 39)}  {fmt(th.get('messages_per_s'), 5)}"
            f" | {fmt(ge.get('us_per_message'), 13)}  {fmt(ge.get('messages_per_s'), 5)}"
            f" | {'all met' if not missed else 'missed: ' + ', '.join(missed)}"
        )
    bares = [r for r in results if r.get("bare")]
    if bares:
        lines += [
            "",
            "   N  bare threading, same schedule: fan-out ms  POST p50/p95  wall p95  RSS MB",
        ]
    for r in bares:
        bare = r["bare"]
        post = f"{fmt(bare['post']['p50_ms'])}/{fmt(bare['post']['p95_ms'])}"
        lines.append(
            f"{r['n']:>4}  {fmt(bare['fanout']['median_ms'], 41)}  {post:>12}"
            f"  {fmt(bare['sustained_broadcast']['p95_ms'], 8)}"
            f"  {fmt(bare['server']['peak_rss_mb'], 6)}"
        )
    if storm:
        lines += [
            "",
            f"300-voter storm: {storm['voters']} voters, all ballots accepted in"
            f" {fmt(storm['accept_all_seconds'])} s (p95 {fmt(storm['ballot']['p95_ms'])} ms,"
            f" {sum(storm['ballot']['errors'].values())} failed, server CPU"
            f" {fmt(storm['server_cpu_seconds'])} s, waiting for a CPU"
            f" {fmt(storm['server_runqueue_seconds'])} s);"
            f" OpenSlides 3.3: {storm['openslides_seconds']} s"
            f" → {fmt(storm['times_faster'])}× faster",
        ]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 2000])
    parser.add_argument("--repeat", type=int, default=1, help="runs per N (report each)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--join-rate", type=float, default=50, help="joins per second")
    parser.add_argument("--submit-window", type=float, default=120, help="seconds")
    parser.add_argument("--ideas-each", type=int, default=2, help="proposals per participant")
    parser.add_argument(
        "--bare-max",
        type=int,
        default=1000,
        help="run the bare threading app only up to this N (it needs a thread per socket)",
    )
    parser.add_argument(
        "--no-storm300", action="store_true", help="skip the 300-voter storm (OpenSlides)"
    )
    parser.add_argument(
        "--storm300-only", action="store_true", help="only the 300-voter storm, no N run"
    )
    parser.add_argument(
        "--rembuk-only", action="store_true", help="skip the bare apps (quick checks)"
    )
    parser.add_argument(
        "--loop-monitor",
        action="store_true",
        help="gevent's monitor thread reports every greenlet that holds the event loop over"
        " 0.1 s (heavy: each report lists every greenlet; for finding blockers, not timing)",
    )
    parser.add_argument(
        "--exports", action="store_true", help="also run benchmarks/exports.py (if present)"
    )
    parser.add_argument("--storm-window", type=float, default=5, help="seconds to cast")
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="Rembuk processes over a Redis message queue (phones spread across them)",
    )
    parser.add_argument("--profile", action="store_true", help="py-spy the Rembuk worker")
    parser.add_argument(
        "--profile-phase", help="with --profile: record only this phase (e.g. storm)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the store and server logs")
    parser.add_argument(
        "--setting",
        action="append",
        default=[],
        type=lambda kv: tuple(kv.split("=", 1)),
        metavar="WORKSHOP_X=VALUE",
        help="environment setting for the Rembuk server (repeatable)",
    )
    parser.add_argument(
        "--quiet-below",
        type=float,
        default=0.5,
        metavar="CORES",
        help="before each run, wait until other processes use fewer cores than this",
    )
    parser.add_argument("--quiet-wait", type=float, default=120, help="seconds to wait at most")
    parser.add_argument(
        "--nice",
        type=int,
        default=0,
        help="run generator and servers at this niceness, with best-effort I/O priority 0"
        " (e.g. -10 as root, to hold their share on a machine busy with other work)",
    )
    parser.add_argument(
        "--snapshot",
        metavar="REV",
        help="measure this commit (git archive into a temp folder), not the working tree",
    )
    parser.add_argument(
        "--source", type=Path, help="measure the project copy in this folder (e.g. a patch)"
    )
    parser.add_argument("--label", help="what --source is, for the results file")
    parser.add_argument(
        "--out", type=Path, help="JSON file (default benchmarks/results/<stamp>.json)"
    )
    args = parser.parse_args(argv)
    if any(n > 20000 for n in args.n) or args.repeat > 10:
        parser.error("N ≤ 20000 and --repeat ≤ 10 keep the run bounded")

    if args.nice:
        # Inherited by the servers started below; other processes are left alone.
        os.setpriority(os.PRIO_PROCESS, 0, args.nice)
        psutil.Process().ionice(psutil.IOPRIO_CLASS_BE, 0)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, max(soft, 4 * max(args.n) + 1024))
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    RESULTS_DIR.mkdir(exist_ok=True)
    snapshot_dir = None
    if args.snapshot:
        snapshot_dir = tempfile.mkdtemp(prefix="rembuk-snapshot-")
        args.source = Path(snapshot_dir)
        measured = servers.snapshot(args.snapshot, snapshot_dir)
    elif args.source:
        measured = args.label or f"copy at {args.source}"
    else:
        measured = "working tree"
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    report = {
        "started": stamp,
        "machine": machine(),
        "measured": measured,
        "plan": {
            k: v
            for k, v in vars(args).items()
            if k not in ("out", "profile", "profile_phase", "keep", "snapshot", "source", "label")
        },
        "targets_at_1000": TARGETS,
        "runs": [],
    }
    out = args.out or RESULTS_DIR / f"{stamp}.json"
    try:
        for n in [] if args.storm300_only else args.n:
            for rep in range(args.repeat):
                print(f"N={n} run {rep + 1}/{args.repeat} …", file=sys.stderr, flush=True)
                result = run_one(n, args, stamp)
                report["runs"].append(result)
                out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
                print(table([result]).splitlines()[1], file=sys.stderr, flush=True)
        if not args.no_storm300:
            print("300-voter storm …", file=sys.stderr, flush=True)
            report["background_cpu_cores_storm300"] = background_cpu()
            report["load_average_storm300"] = [round(x, 2) for x in os.getloadavg()]
            report["storm300"] = run_storm300(args, stamp)
            out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
        if args.exports:
            print("exports …", file=sys.stderr, flush=True)
            report["exports"] = run_exports(args)
            out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    finally:
        if snapshot_dir:
            shutil.rmtree(snapshot_dir, ignore_errors=True)
    print(table(report["runs"], report.get("storm300")))
    print(f"\nraw results: {out}")


if __name__ == "__main__":
    main()
