"""Server CPU per ballot, over HTTP against the real `workshop serve` (gevent), as the
benchmark's voters send them (`PUT /api/v1/polls/{id}/ballot` with a bearer token), with
every voter holding a live websocket (so the throttled `results` pushes reach them too).

Wall time on a shared machine measures the machine; CPU seconds of the server's processes
per accepted ballot measure the server. Ballots are sent with a bounded number in flight
(`--in-flight`), so the server is busy but never queueing for long:

    python benchmarks/ballot_cpu.py                        # the working tree, 300 voters
    python benchmarks/ballot_cpu.py --snapshot HEAD~3      # a commit (git archive)
    python benchmarks/ballot_cpu.py --profile prof.txt     # + py-spy of the worker

Each round every voter sends one ballot (round 1: first ballots, later rounds: changes);
the figure is (server CPU seconds during the round, until its last results push) / ballots.
Results pushes go out a few times a second for as long as ballots arrive, so with them the
figure grows with the round's wall time (a busy host stretches it); `--no-pushes` measures
the request path alone, which does not.
`--json` writes every figure. Stops only the server it started, by its pid.
"""

import argparse
import asyncio
import collections
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import servers  # noqa: E402 (the benchmark's own modules sit beside this file)
from clients import Http, LeanClient, ws_session  # noqa: E402
from scenario import DOTS, FACILITATOR, POLL_ITEMS, Workshop  # noqa: E402

# Seconds after a round's last answer for the trailing results push (throttle: 0.2 s).
TRAIL = 0.6


def allocation(rng, idea_ids):
    out = {}
    for _ in range(DOTS):
        key = str(rng.choice(idea_ids))
        out[key] = out.get(key, 0) + 1
    return out


async def measure(url, sampler, args, before_rounds=None):
    rng = random.Random(args.seed)
    http = Http(url)
    wss = ws_session()
    clients = []
    try:
        ws = await Workshop().setup(http)
        idea_ids = []
        for k in range(POLL_ITEMS):
            idea = await http.must(
                "POST",
                f"/api/v1/sessions/{ws.session_id}/ideas",
                ws.token,
                json={"title": f"Pilihan {k}", "dimension": next(iter(ws.dimensions))},
            )
            idea_ids.append(idea["id"])
        poll = await http.must(
            "POST",
            f"/api/v1/sessions/{ws.session_id}/polls",
            ws.token,
            json={
                "title": "CPU per ballot",
                "method": "dots",
                "idea_ids": idea_ids,
                "anonymous": not args.named,
            },
        )
        await http.must("POST", f"/api/v1/polls/{poll['id']}/open", ws.token)
        tokens = []
        t0 = time.perf_counter()
        for i in range(args.voters):
            # 50 joins a second, as the benchmark's hall
            await asyncio.sleep(max(0.0, t0 + i / 50 - time.perf_counter()))
            body = {"code": ws.code, "name": f"Pemilih {i}", "opd_id": rng.choice(ws.opd_ids)}
            joined = await http.must("POST", "/api/v1/join", json=body)
            tokens.append(joined["token"])
            if args.sockets:
                client = LeanClient(wss, [])
                await client.connect(url, auth={"token": joined["token"]})
                clients.append(client)
        await asyncio.sleep(1.0)
        gate = asyncio.Semaphore(args.in_flight)
        if before_rounds:
            before_rounds()
            await asyncio.sleep(1.0)  # py-spy attaches

        async def cast(token):
            async with gate:
                return await http.call(
                    "PUT",
                    f"/api/v1/polls/{poll['id']}/ballot",
                    token,
                    json={"allocations": allocation(rng, idea_ids)},
                    kind="ballot",
                )

        rounds = []
        for r in range(args.rounds):
            procs = sampler.processes()
            cpu0, wait0 = sampler.cpu_seconds(procs), sampler.runqueue_seconds(procs)
            w0 = time.perf_counter()
            ops = await asyncio.gather(*(cast(t) for t in tokens))
            await asyncio.sleep(TRAIL)
            wall = time.perf_counter() - w0
            cpu = sampler.cpu_seconds(procs) - cpu0
            ok = sum(1 for op in ops if op.ok)
            rounds.append(
                {
                    "round": r + 1,
                    "ballots": len(ops),
                    "accepted": ok,
                    "server_cpu_s": round(cpu, 3),
                    "cpu_ms_per_ballot": round(1000 * cpu / max(ok, 1), 3),
                    "runqueue_wait_s": round(sampler.runqueue_seconds(procs) - wait0, 3),
                    "wall_s": round(wall, 2),
                    "latency_p50_ms": round(statistics.median(op.ms for op in ops), 1),
                }
            )
            print(
                f"round {r + 1}: {ok}/{len(ops)} accepted, {1000 * cpu / max(ok, 1):.2f} ms CPU"
                f" per ballot ({cpu:.2f} s in {wall:.1f} s)",
                flush=True,
            )
            await asyncio.sleep(0.5)
        return rounds
    finally:
        await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)
        await http.close()
        await wss.close()


def summarise_profile(path, top=30):
    """Self and inclusive sample shares per function from py-spy's collapsed stacks, of the
    event loop's thread only (the pool threads mostly wait for work or for an fsync)."""
    own, incl, total = collections.Counter(), collections.Counter(), 0
    lines = Path(path).read_text().splitlines()
    threads = collections.Counter()
    for line in lines:
        stack, _sep, count = line.rpartition(" ")
        if count.isdigit():
            threads[stack.split(";")[0]] += int(count)
    loop = threads.most_common(1)[0][0] if threads else None
    for line in lines:
        stack, _sep, count = line.rpartition(" ")
        if not count.isdigit() or (loop and not stack.startswith(loop)):
            continue
        n = int(count)
        frames = [
            f.split(" (")[0] + " (" + f.split(" (")[-1].split(":")[0] for f in stack.split(";")[1:]
        ]
        if not frames:
            continue
        total += n
        own[frames[-1]] += n
        for f in set(frames):
            incl[f] += n
    print(f"--- py-spy: {total} samples; inclusive share (top {top})")
    for f, n in incl.most_common(top):
        print(f"{100 * n / total:5.1f}%  {f}")
    print(f"--- self share (top {top})")
    for f, n in own.most_common(top):
        print(f"{100 * n / total:5.1f}%  {f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voters", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--in-flight", type=int, default=16)
    parser.add_argument("--named", action="store_true", help="a named poll (default anonymous)")
    parser.add_argument("--no-sockets", dest="sockets", action="store_false")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--snapshot", help="measure this commit (git archive)")
    parser.add_argument("--source", type=Path, help="measure this copy of the project")
    parser.add_argument("--profile", type=Path, help="py-spy collapsed stacks of the worker")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--setting", action="append", default=[], help="WORKSHOP_X=V")
    parser.add_argument(
        "--no-pushes",
        dest="pushes",
        action="store_false",
        help="results pushes (nearly) off: the request path alone",
    )
    args = parser.parse_args()
    if not args.pushes:
        # one push at the first ballot, then none for an hour
        args.setting += ["WORKSHOP_RESULTS_INTERVAL=3600", "WORKSHOP_RESULTS_ROOM_INTERVAL=3600"]
    with tempfile.TemporaryDirectory(prefix="rembuk-ballot-cpu-") as workdir:
        source, commit = args.source, None
        if args.snapshot:
            source = Path(workdir) / "src"
            source.mkdir()
            commit = servers.snapshot(args.snapshot, source)
        env = servers.workshop_env(workdir, source)
        for setting in args.setting:
            key, _sep, value = setting.partition("=")
            env[key] = value
        user, password = FACILITATOR
        servers.workshop_cli(env, workdir, "facilitator", "add", user, "--password", password)
        server = servers.workshop_server(workdir, env, args.voters + 100).start()
        sampler = servers.Sampler(server.proc.pid)
        sampler.start()
        spy = []

        def start_spy():
            # only the ballot rounds; --threads marks the event loop's thread (the first)
            argv = ["py-spy", "record", "--pid", str(server.worker_pid()), "--nonblocking"]
            argv += ["--rate", "250", "--format", "raw", "--threads", "--output", str(args.profile)]
            spy.append(subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))

        try:
            rounds = asyncio.run(
                measure(server.url, sampler, args, start_spy if args.profile else None)
            )
        finally:
            for proc in spy:
                proc.send_signal(2)
                proc.wait(30)
            sampler.stop()
            server.stop()
    per_ballot = [r["cpu_ms_per_ballot"] for r in rounds]
    changes = per_ballot[1:] or per_ballot
    out = {
        "measured": commit or str(source or "working tree"),
        "voters": args.voters,
        "sockets": args.sockets,
        "anonymous": not args.named,
        "in_flight": args.in_flight,
        "results_pushes": args.pushes,
        "load_average": os.getloadavg(),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "rounds": rounds,
        "cpu_ms_per_ballot_first": per_ballot[0],
        "cpu_ms_per_ballot_change_median": statistics.median(changes),
    }
    print(
        f"CPU per ballot: first {per_ballot[0]:.2f} ms, changes (median)"
        f" {out['cpu_ms_per_ballot_change_median']:.2f} ms; load average"
        f" {' '.join(f'{x:.1f}' for x in out['load_average'])}"
    )
    if args.profile and args.profile.exists():
        summarise_profile(args.profile)
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
