"""Service time of join, submit and ballot, one request at a time (no concurrency).

Where run.py measures what the hall feels, this isolates what one request costs the server
on the write path, in-process through Flask's test client, so a change to the store or the
connection handling can be compared before/after in seconds:

    python benchmarks/service_time.py                       # the working tree
    python benchmarks/service_time.py --source /tmp/copy    # a patched copy
    python benchmarks/service_time.py --profile             # + pyinstrument trees

No server, no network; a temporary store, deleted afterwards.
"""

import argparse
import datetime
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REQUESTS = 300


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def timed(fn, count, profiler=None):
    """Median and p95 milliseconds of `count` calls of fn(i)."""
    times = []
    if profiler:
        profiler.start()
    for i in range(count):
        t0 = time.perf_counter()
        fn(i)
        times.append(1000 * (time.perf_counter() - t0))
    if profiler:
        profiler.stop()
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[95 * count // 100], 2),
    }


def measure(synchronous, count, profile):
    from workshop import create_app
    from workshop.db import open_app_db
    from workshop.store import accounts

    folder = tempfile.mkdtemp(prefix="rembuk-service-")
    try:
        app = create_app(
            {
                "DATABASE": str(Path(folder) / "s.db"),
                "INSTANCE_PATH": str(Path(folder) / "instance"),
                "SECRET_KEY": "service-time",
                "DATABASE_SYNCHRONOUS": synchronous,
            }
        )
        db = open_app_db(app)
        accounts.create_facilitator(db, "bench", "bench-password-1")
        db.close()
        c = app.test_client()
        token = c.post(
            "/api/v1/auth/token", json={"username": "bench", "password": "bench-password-1"}
        ).json["token"]
        today = datetime.date.today().isoformat()
        w = c.post(
            "/api/v1/workshops",
            json={"title": "T", "city": "K", "starts_on": today, "template": "bimtek-smart-city"},
            headers=bearer(token),
        ).json
        sessions = c.get(f"/api/v1/workshops/{w['id']}/sessions", headers=bearer(token)).json
        sid = next(s["id"] for s in sessions["items"] if s["kind"] == "ideas")
        c.patch(f"/api/v1/sessions/{sid}", json={"status": "open"}, headers=bearer(token))
        dim = c.get(f"/api/v1/workshops/{w['id']}/dimensions", headers=bearer(token)).json
        opds = c.get(f"/api/v1/workshops/{w['id']}/opds", headers=bearer(token)).json["items"]
        people, ideas, trees = [], [], {}

        def join(i):
            body = {"code": w["code"], "name": f"P{i}", "opd_id": opds[i % len(opds)]["id"]}
            r = c.post("/api/v1/join", json=body)
            assert r.status_code == 201, r.json
            people.append(r.json["token"])

        def submit(i):
            body = {
                "title": f"Usulan {i}",
                "description": "x" * 200,
                "dimension": dim["items"][0]["key"],
                "client_id": f"c{i}",
            }
            r = c.post(f"/api/v1/sessions/{sid}/ideas", json=body, headers=bearer(people[i]))
            assert r.status_code == 201, r.json
            ideas.append(r.json["id"])

        def profiler():
            if not profile:
                return None
            from pyinstrument import Profiler

            return Profiler(interval=0.0005)

        out = {}
        for name, fn in (("join", join), ("submit", submit)):
            p = profiler()
            out[name] = timed(fn, count, p)
            if p:
                trees[name] = p.output_text(unicode=False, color=False)
        poll = c.post(
            f"/api/v1/sessions/{sid}/polls",
            json={"title": "P", "method": "dots", "idea_ids": ideas[:12]},
            headers=bearer(token),
        ).json
        c.post(f"/api/v1/polls/{poll['id']}/open", headers=bearer(token))

        def ballot(i):
            body = {"allocations": {str(ideas[i % 12]): 5}}
            r = c.put(f"/api/v1/polls/{poll['id']}/ballot", json=body, headers=bearer(people[i]))
            assert r.status_code == 200, r.json

        p = profiler()
        out["ballot"] = timed(ballot, count, p)
        if p:
            trees["ballot"] = p.output_text(unicode=False, color=False)
        return out, trees
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, help="a copy of the project to import instead")
    parser.add_argument("--synchronous", default="FULL", choices=["FULL", "NORMAL"])
    parser.add_argument("--requests", type=int, default=REQUESTS)
    parser.add_argument("--profile", action="store_true", help="print pyinstrument trees")
    args = parser.parse_args()
    sys.path.insert(0, str(args.source or Path(__file__).resolve().parent.parent))
    out, trees = measure(args.synchronous, min(args.requests, 5000), args.profile)
    for name, tree in trees.items():
        print(f"--- {name}\n{tree}")
    for name, figures in out.items():
        print(f"{name:7} p50 {figures['p50_ms']:7.2f} ms   p95 {figures['p95_ms']:7.2f} ms")


if __name__ == "__main__":
    main()
