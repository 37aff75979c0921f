"""Export benchmark (issue 13 "memory that comes back", issue 15 "< 30 s each").

Builds a 2,000-proposal, 20-poll workshop (in-process through the app's own API with Flask's
test client, so every row is what a real hall writes), starts `workshop serve` on a free port
of 127.0.0.1, downloads the Draf Masterplan as DOCX and PDF through the API and reports, per
format: render seconds, the server's RSS (gunicorn master + worker) before, peak and after,
the peak RSS of the export child, and the worst `/healthz` answer time while it rendered
(live traffic must not wait for an export). Figures go to benchmarks/results/exports-<stamp>.json.

    python benchmarks/exports.py                       # child rendering (the default)
    python benchmarks/exports.py --modes child,inprocess   # also the old in-server rendering
    python benchmarks/exports.py --proposals 500 --polls 5 # smaller

Not part of the test suite.
"""

import argparse
import contextlib
import datetime
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "results"
PASSWORD = "bench-password-2017"  # noqa: S105 (a throwaway account in a temp store)
WORKSHOP = shutil.which("workshop") or str(Path(sys.executable).parent / "workshop")
WORDS = [
    *[
        "layanan",
        "perizinan",
        "terpadu",
        "aplikasi",
        "data",
        "terbuka",
        "transportasi",
        "publik",
        "sampah",
    ],
    *[
        "digital",
        "puskesmas",
        "sekolah",
        "pasar",
        "UMKM",
        "wisata",
        "irigasi",
        "banjir",
        "lampu",
        "jalan",
        "CCTV",
    ],
    *[
        "wifi",
        "taman",
        "kependudukan",
        "pajak",
        "retribusi",
        "e-budgeting",
        "musrenbang",
        "kesehatan",
    ],
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def build(db_path, instance, proposals, polls, voters, seed):
    """The workshop, through the API (test client); returns its id and timing."""
    from workshop import create_app
    from workshop.db import open_app_db
    from workshop.store import accounts, participants, workshops

    rng = random.Random(seed)
    started = time.monotonic()
    app = create_app(
        {
            "DATABASE": str(db_path),
            "INSTANCE_PATH": str(instance),
            "DATABASE_SYNCHRONOUS": "NORMAL",  # building only; the server runs with FULL
            "LAN_ADDRESSES": ["127.0.0.1"],
            "COALESCE_SECONDS": 0,
        }
    )
    client = app.test_client()
    db = open_app_db(app)
    try:
        owner = accounts.create_facilitator(db, "bench", PASSWORD)
        workshop = workshops.create_workshop(
            db,
            owner["id"],
            {
                "title": "Bimtek Smart City Kota Bogor",
                "city": "Kota Bogor",
                "starts_on": datetime.date.today().isoformat(),
                "days": 4,
            },
            template="bimtek-smart-city",
        )
        opds = [
            r["id"] for r in db.query("SELECT id FROM opds WHERE workshop_id = ?", [workshop["id"]])
        ]
        people = [
            participants.join(db, workshop["id"], f"Peserta {i}", opds[i % len(opds)])
            for i in range(voters)
        ]
    finally:
        db.close()
    token = client.post(
        "/api/v1/auth/token", json={"username": "bench", "password": PASSWORD}
    ).get_json()["token"]
    fac = {"Authorization": f"Bearer {token}"}
    wid = workshop["id"]
    sessions = client.get(f"/api/v1/workshops/{wid}/sessions", headers=fac).get_json()["items"]
    idea_sessions = [s for s in sessions if s["kind"] == "ideas"]
    for s in idea_sessions:
        client.patch(f"/api/v1/sessions/{s['id']}", json={"status": "open"}, headers=fac)
    dims = [
        d["key"]
        for d in client.get(f"/api/v1/workshops/{wid}/dimensions", headers=fac).get_json()["items"]
    ]
    horizons = ["quick_win", "short", "medium", "long"]
    by_session = {s["id"]: [] for s in idea_sessions}
    for n in range(proposals):
        session = idea_sessions[n % len(idea_sessions)]
        body = {
            "title": sentence(rng, rng.randint(3, 8))[:120],
            "dimension": rng.choice(dims),
            "horizon": rng.choice(horizons),
            "budget_idr": rng.choice([None, 25_000_000, 750_000_000, 2_000_000_000]),
            "funding_source": "APBD",
            "problem": sentence(rng, rng.randint(8, 25)),
            "description": sentence(rng, rng.randint(20, 60)),
            "responsible_opd_id": rng.choice(opds),
            "client_id": f"bench-{n}",
        }
        who = people[n % len(people)][1]
        r = client.post(
            f"/api/v1/sessions/{session['id']}/ideas",
            json={k: v for k, v in body.items() if v is not None},
            headers={"Authorization": f"Bearer {who}"},
        )
        if r.status_code != 201:  # a participant's allowance: the facilitator adds it
            r = client.post(
                f"/api/v1/sessions/{session['id']}/ideas",
                json={k: v for k, v in body.items() if v is not None},
                headers=fac,
            )
        assert r.status_code == 201, r.get_json()
        by_session[session["id"]].append(r.get_json()["id"])
    for k in range(polls):
        session = idea_sessions[k % len(idea_sessions)]
        pool = by_session[session["id"]]
        chosen = rng.sample(pool, min(12, len(pool)))
        r = client.post(
            f"/api/v1/sessions/{session['id']}/polls",
            json={
                "title": f"Prioritas {k + 1}",
                "method": "dots",
                "budget": 5,
                "anonymous": k % 2 == 0,
                "idea_ids": chosen,
            },
            headers=fac,
        )
        assert r.status_code == 201, r.get_json()
        poll = r.get_json()
        assert client.post(f"/api/v1/polls/{poll['id']}/open", headers=fac).status_code == 200
        for _, who in people:
            alloc = {}
            for _ in range(5):
                pick = str(rng.choice(chosen))
                alloc[pick] = alloc.get(pick, 0) + 1
            client.put(
                f"/api/v1/polls/{poll['id']}/ballot",
                json={"allocations": alloc},
                headers={"Authorization": f"Bearer {who}"},
            )
        client.post(f"/api/v1/polls/{poll['id']}/close", headers=fac)
    return wid, token, time.monotonic() - started


def login(db_path, instance):
    """A token for the bench account of a store built earlier (--reuse)."""
    from workshop import create_app

    app = create_app(
        {"DATABASE": str(db_path), "INSTANCE_PATH": str(instance), "LAN_ADDRESSES": []}
    )
    answer = app.test_client().post(
        "/api/v1/auth/token", json={"username": "bench", "password": PASSWORD}
    )
    return answer.get_json()["token"]


class Server:
    """`workshop serve` on a free port; its processes' RSS sampled on demand."""

    def __init__(self, db_path, instance, in_child):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        env.update(
            WORKSHOP_DATABASE=str(db_path),
            WORKSHOP_INSTANCE_PATH=str(instance),
            WORKSHOP_LAN_ADDRESSES='["127.0.0.1"]',
            WORKSHOP_EXPORT_IN_CHILD="true" if in_child else "false",
            WORKSHOP_BACKUP_INTERVAL_MINUTES="0",
            PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p),
        )
        self.log = open(Path(instance) / f"server-{self.port}.log", "w+")  # noqa: SIM115
        self.process = subprocess.Popen(
            [WORKSHOP, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError("server did not start")

    def processes(self):
        """The server's own processes (master, worker) and any export child, apart."""
        root = psutil.Process(self.process.pid)
        server, children = [root], []
        for p in root.children(recursive=True):
            try:
                cmd = " ".join(p.cmdline())
            except psutil.Error:
                continue
            export = "workshop.export.child" in cmd or "workshop.export.pdf" in cmd
            (children if export else server).append(p)
        return server, children

    def rss(self):
        """(server RSS MB, export children RSS MB)."""
        server, children = self.processes()

        def total(ps):
            mb = 0.0
            for p in ps:
                with contextlib.suppress(psutil.Error):
                    mb += p.memory_info().rss / 2**20
            return mb

        return total(server), total(children)

    def stop(self):
        import signal

        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self.log.close()


def export_once(server, wid, token, fmt):
    """One download, with RSS sampled and /healthz probed while it renders."""
    before, _ = server.rss()
    peak, child_peak, health = [before], [0.0], []
    done = threading.Event()

    def sample():
        while not done.is_set():
            s, c = server.rss()
            peak.append(s)
            child_peak.append(c)
            t = time.monotonic()
            try:
                ok = requests.get(server.url + "/healthz", timeout=30).status_code == 200
            except requests.RequestException:
                ok = False
            health.append((time.monotonic() - t, ok))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.monotonic()
    r = requests.get(
        f"{server.url}/api/v1/workshops/{wid}/export?format={fmt}",
        headers={"Authorization": f"Bearer {token}"},
        timeout=900,
    )
    seconds = time.monotonic() - started
    done.set()
    sampler.join()
    time.sleep(2)
    after, _ = server.rss()
    return {
        "format": fmt,
        "status": r.status_code,
        "bytes": len(r.content),
        "seconds": round(seconds, 2),
        "server_rss_mb": {
            "before": round(before, 1),
            "peak": round(max(peak), 1),
            "after": round(after, 1),
        },
        "child_rss_peak_mb": round(max(child_peak), 1),
        "healthz_while_rendering": {
            "probes": len(health),
            "max_ms": round(1000 * max((h for h, _ in health), default=0), 1),
            "failed": sum(1 for _, ok in health if not ok),
        },
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=2000)
    parser.add_argument("--polls", type=int, default=20)
    parser.add_argument("--voters", type=int, default=60)
    parser.add_argument("--formats", default="docx,pdf")
    parser.add_argument("--modes", default="child", help="child and/or inprocess, comma-separated")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    parser.add_argument("--reuse", help="a folder kept by --keep: skip building the workshop")
    args = parser.parse_args()

    tmp = Path(args.reuse) if args.reuse else Path(tempfile.mkdtemp(prefix="rembuk-exports-"))
    out = {
        "started_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip(),
        "cpu_count": os.cpu_count(),
        "proposals": args.proposals,
        "polls": args.polls,
        "voters": args.voters,
        "runs": [],
    }
    try:
        db_path, instance = tmp / "sessions.db", tmp / "instance"
        if args.reuse:
            wid, token, built = 1, login(db_path, instance), 0.0
        else:
            wid, token, built = build(
                db_path, instance, args.proposals, args.polls, args.voters, args.seed
            )
        out["build_seconds"] = round(built, 1)
        print(
            f"built workshop {wid}: {args.proposals} proposals, {args.polls} polls in {built:.0f} s"
        )
        for mode in args.modes.split(","):
            server = Server(db_path, instance, in_child=mode == "child")
            try:
                requests.get(
                    server.url + f"/api/v1/workshops/{wid}",
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=30,
                )
                for fmt in args.formats.split(","):
                    run = export_once(server, wid, token, fmt)
                    run["mode"] = mode
                    out["runs"].append(run)
                    rss = run["server_rss_mb"]
                    print(
                        f"{mode:9} {fmt:4} {run['status']} {run['seconds']:7.1f} s  "
                        f"{run['bytes'] / 2**20:6.1f} MB file  server RSS {rss['before']:.0f} → "
                        f"peak {rss['peak']:.0f} → after {rss['after']:.0f} MB  "
                        f"child peak {run['child_rss_peak_mb']:.0f} MB  "
                        f"/healthz max {run['healthz_while_rendering']['max_ms']:.0f} ms"
                    )
            finally:
                server.stop()
    finally:
        if not (args.keep or args.reuse):
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"kept {tmp}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"exports-{stamp}.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
