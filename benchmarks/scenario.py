"""The two runs per N: the bare baseline, and a compressed workshop hour on Rembuk.

Every schedule is open-loop (requests are due at drawn times, whether or not earlier ones
were answered) and seeded, so the bare app and Rembuk face the same arrival pattern.
"""

import array
import asyncio
import contextlib
import datetime
import gc
import random
import re

from clients import Client, Http, LeanClient, LoopLag, now, sleep_until, wait_all, ws_session

# How many times a broadcast's fan-out is measured (the median is reported).
FANOUT_ROUNDS = 5
# Proposals in the poll (a facilitator shortlists; 12 fits a projector).
POLL_ITEMS = 12
DOTS = 5
# Share of participants who resend a proposal they already got acknowledged (idempotency).
REPLAY_SHARE = 0.1
# A participant changes their ballot this many seconds after the first was acknowledged.
CHANGE_AFTER = (1.0, 3.0)
# Failed submissions are retried with the same client_id, as the offline queue does.
SUBMIT_RETRIES = 2
RETRY_DELAY = 1.0
# A person whose join failed taps the button again.
JOIN_RETRIES = 2
# How long to wait for the projector to show the final tally before calling it missed.
SETTLE_TIMEOUT = 10.0
FACILITATOR = ("bench", "bench-password-1")
# Participants who also note when each new proposal reaches them (delivery lag of the wall).
PROBES = 10
# Seconds of sustained broadcasting on the bare app (at the proposals' rate).
SUSTAINED_SECONDS = 20
# A new proposal reaches phones as `idea_created`, or in a coalesced `ideas_created` batch.
IDEA_EVENTS = ("idea_created", "ideas_created")
# Seconds after the last proposal before counting what reached the phones.
DELIVERY_GRACE = 3.0


class Plan:
    """The knobs of one run, shared by both servers."""

    def __init__(self, n, seed, join_rate, submit_window, ideas_each, storm_window):
        self.n = n
        self.seed = seed
        self.join_rate = join_rate
        self.submit_window = submit_window
        self.ideas_each = ideas_each
        self.storm_window = storm_window


def quiet_collector():
    """The generator's own garbage collector kept out of the measurements: what exists is
    frozen (out of every later collection) and full collections wait until the run ends.
    With 1,000 clients a full collection of the generator's heap stopped its event loop for
    up to ~190 ms, and every answer arriving meanwhile was timed that much slower (issue 13:
    the server under test does the same, workshop/collector.py)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 50, 1_000_000_000)


def storm_times(plan):
    """When each client casts, and the pause before it changes (same for both servers)."""
    rng = random.Random(plan.seed)
    return [(rng.uniform(0, plan.storm_window), rng.uniform(*CHANGE_AFTER)) for _ in range(plan.n)]


async def connect_paced(plan, make, start_one):
    """Start N clients at join_rate per second; returns what start_one returned, in order."""
    t0 = now()

    async def one(i):
        await sleep_until(t0 + i / plan.join_rate)
        return await start_one(i, make(i))

    return await asyncio.gather(*(one(i) for i in range(plan.n)))


async def measure_fanout(trigger, clients, event, keys, timeout=10.0):
    """Time from a trigger request's start until every client saw the event it causes."""
    rounds = []
    for key in keys:
        t0 = now()
        op = await trigger(key)
        last, count = await wait_all(clients, event, key, timeout)
        rounds.append(
            {
                "ms": round(1000 * (last - t0), 1) if last and count == len(clients) else None,
                "received": count,
                "of": len(clients),
                "request_ms": round(op.ms, 1),
                "status": op.status,
            }
        )
        await asyncio.sleep(0.5)
    return rounds


async def storm(plan, http, make_call):
    """Everyone casts within storm_window, then changes within seconds of the answer."""
    t0 = now() + 0.2
    times = storm_times(plan)

    async def voter(i):
        first_at, pause = times[i]
        await sleep_until(t0 + first_at)
        first = await make_call(i, 0, t0 + first_at)
        due = now() + pause
        await sleep_until(due)
        second = await make_call(i, 1, due)
        return first, second

    return await asyncio.gather(*(voter(i) for i in range(plan.n)))


# --- the bare baseline ---------------------------------------------------------------------


def submit_rate(plan):
    """Proposals per second in the submission phase (each one fans out to everyone)."""
    return plan.n * plan.ideas_each / plan.submit_window


async def sustained_broadcast(plan, http, probes):
    """Broadcasts at the submission rate for a while: the stack's own delivery lag."""
    rate = submit_rate(plan)
    count = max(1, int(rate * min(plan.submit_window, SUSTAINED_SECONDS)))
    t0 = now() + 0.1
    sent = {}

    async def fire(k):
        due = t0 + k / rate
        await sleep_until(due)
        sent[k] = now()
        body = {"seq": k, "event": "tock"}
        await http.call("POST", "/broadcast", json=body, kind="broadcast", due=due)

    await asyncio.gather(*(fire(k) for k in range(count)))
    await asyncio.sleep(2)
    lags = [1000 * (t - sent[seq]) for c in probes for t, seq in c.seen["tock"]]
    return {
        "rate_per_s": round(rate, 1),
        "messages_per_s": round(rate * plan.n),
        "lags_ms": lags,
        "missing": count * len(probes) - len(lags),
    }


async def run_bare(plan, url, sampler):
    """N websocket clients on the bare app: broadcast fan-out, then the trivial-POST storm."""
    http = Http(url)
    wss = ws_session()
    lag = LoopLag()
    lag.start()
    out = {}
    try:
        sampler.mark("connect")
        failures = []

        async def start(i, client):
            try:
                await client.connect(url, auth={})
            except Exception as e:  # noqa: BLE001
                failures.append(repr(e)[:200])
            return client

        seq = {"tick": lambda p: p["seq"], "tock": lambda p: p["seq"]}
        clients = await connect_paced(
            plan,
            # Like Rembuk's run: everyone watches the fan-out, PROBES watch the sustained one.
            lambda i: LeanClient(wss, ["tick", "tock"] if i < PROBES else ["tick"], keep=seq),
            start,
        )
        live = [c for c in clients if c.connected]
        out["connected"] = len(live)
        out["connect_failures"] = failures[:5]
        out["connect_ms"] = [c.connect_ms for c in live]
        await asyncio.sleep(1)

        quiet_collector()
        sampler.mark("fanout")

        async def trigger(seq):
            return await http.call("POST", "/broadcast", json={"seq": seq})

        out["fanout"] = await measure_fanout(trigger, live, "tick", range(FANOUT_ROUNDS))

        sampler.mark("sustained")
        out["sustained"] = await sustained_broadcast(plan, http, live[:PROBES])

        sampler.mark("storm")
        t_storm = now()

        async def call(i, which, due):
            return await http.call(
                "POST", "/echo", json={"i": i, "which": which}, kind="post", due=due
            )

        await storm(plan, http, call)
        out["post_ops"] = http.ops
        out["loop_lag_storm"] = lag.between(t_storm, now())
        sampler.mark("close")
        out["dropped"] = [c.disconnected for c in live if c.disconnected]
        # Closing the session below drops every participant socket at once (quick at N=1000).
    finally:
        await lag.stop()
        await http.close()
        await wss.close()
    return out


# --- the cost of fan-out itself (bare app, each stack) --------------------------------------

# Connections opened per second for the fan-out cost run (no joins to pace: only sockets).
COST_CONNECT_RATE = 200


async def run_fanout_cost(n, url, sampler, rounds, per_round, timeout=90.0):
    """N sockets; `rounds` × one POST /burst of `per_round` events to everyone. Per round:
    messages delivered, the server's CPU per delivered message (µs; every process of the
    server, the request and pings included) and messages per second (first send → last
    arrival)."""
    http = Http(url)
    wss = ws_session()
    out = {"rounds": []}
    try:
        plan = Plan(n, 0, COST_CONNECT_RATE, 0, 0, 0)

        async def start(i, client):
            with contextlib.suppress(Exception):
                await client.connect(url, auth={})
            return client

        clients = await connect_paced(plan, lambda i: LeanClient(wss, ["burst"]), start)
        live = [c for c in clients if c.connected]
        out["connected"] = len(live)
        await asyncio.sleep(1)
        procs = sampler.processes()
        for _ in range(rounds):
            cpu0, t0 = sampler.cpu_seconds(procs), now()
            await http.call("POST", "/burst", json={"count": per_round})
            deadline = t0 + timeout
            while True:
                got = sum(len(c.seen["burst"]) for c in live)
                if got >= per_round * len(live) or now() >= deadline:
                    break
                await asyncio.sleep(0.02)
            cpu1 = sampler.cpu_seconds(procs)
            last = max((c.seen["burst"][-1][0] for c in live if c.seen["burst"]), default=t0)
            delivered = got
            seconds = max(last - t0, 1e-6)
            out["rounds"].append(
                {
                    "delivered": delivered,
                    "of": per_round * len(live),
                    "seconds": round(seconds, 3),
                    "us_per_message": round(1e6 * (cpu1 - cpu0) / max(delivered, 1), 1),
                    "messages_per_s": round(delivered / seconds),
                }
            )
            await asyncio.sleep(1)  # stragglers of a timed-out round land before the clear
            for c in live:
                c.seen["burst"].clear()
        out["dropped"] = sum(1 for c in live if c.disconnected)
    finally:
        await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)
        await http.close()
        await wss.close()
    return out


# --- Rembuk -------------------------------------------------------------------------------


def tally_key(payload):
    """What the projector shows of a results push: voters and each proposal's score."""
    scores = tuple(sorted((item["idea_id"], item["score"]) for item in payload.get("items", [])))
    return payload.get("poll_id"), payload.get("voters"), scores


def dots_allocation(rng, idea_ids):
    """A voter puts DOTS dots on random proposals (several may land on one)."""
    alloc = {}
    for _ in range(DOTS):
        key = str(rng.choice(idea_ids))
        alloc[key] = alloc.get(key, 0) + 1
    return alloc


class Workshop:
    """What the facilitator set up: ids and credentials the participants need."""

    async def setup(self, http):
        user, password = FACILITATOR
        self.token = (
            await http.must(
                "POST", "/api/v1/auth/token", json={"username": user, "password": password}
            )
        )["token"]
        w = await http.must(
            "POST",
            "/api/v1/workshops",
            self.token,
            json={
                "title": "Bimtek Masterplan Smart City (benchmark)",
                "city": "Kota Uji",
                "starts_on": datetime.date.today().isoformat(),
                "days": 4,
                "template": "bimtek-smart-city",
            },
        )
        self.id, self.code, self.projector_key = w["id"], w["code"], w["projector_key"]
        sessions = (await http.must("GET", f"/api/v1/workshops/{self.id}/sessions", self.token))[
            "items"
        ]
        self.session_id = next(s["id"] for s in sessions if s["kind"] == "ideas")
        await http.must(
            "PATCH", f"/api/v1/sessions/{self.session_id}", self.token, json={"status": "open"}
        )
        dims = (await http.must("GET", f"/api/v1/workshops/{self.id}/dimensions", self.token))[
            "items"
        ]
        self.dimensions = {d["key"]: [e["key"] for e in d["elements"]] for d in dims}
        opds = (await http.must("GET", f"/api/v1/workshops/{self.id}/opds", self.token))["items"]
        self.opd_ids = [o["id"] for o in opds]
        return self


# A proposal's title in a Socket.IO frame (bench titles have no quotes or backslashes).
TITLE = re.compile(r'"title":\s*"([^"\\]*)"')


class Delivery:
    """Every proposal on every phone: when each first arrived, how many arrived, repeats.

    Phones understand both `idea_created` (one proposal) and the coalesced
    `ideas_created` `{"items": [...]}`. A proposal is known by its title (unique per
    participant and proposal), noted just before its first request is sent, so a push that
    arrives before the HTTP answer is still matched.
    """

    def __init__(self):
        self.index = {}  # title → proposal number
        self.sent = []  # proposal number → when its first request was sent
        self.got = []  # per phone: bytearray, 1 where that proposal arrived
        self.lags = array.array("d")  # seconds, first arrival of each (phone, proposal)
        self.duplicates = 0
        self.pushes = 0  # events received by all phones (a batch counts once)

    def sending(self, title):
        if title not in self.index:
            self.index[title] = len(self.sent)
            self.sent.append(now())

    def handler(self):
        """The event handler of one phone."""
        seen = bytearray()
        self.got.append(seen)

        def on_ideas(t, frame):
            self.pushes += 1
            # `idea_created` {…, "title"} or `ideas_created` {"items": [{…, "title"}, …]}:
            # the titles are found in the raw frame (cheap), not by decoding it.
            for title in TITLE.findall(frame):
                k = self.index.get(title)
                if k is None:
                    continue
                if len(seen) <= k:
                    seen.extend(bytes(k + 1 - len(seen)))
                if seen[k]:
                    self.duplicates += 1
                else:
                    seen[k] = 1
                    self.lags.append(t - self.sent[k])

        return on_ideas

    def summary(self, acked_titles, phones):
        """Delivered share of (acknowledged proposal × connected phone), lag percentiles."""
        acked = [self.index[t] for t in acked_titles if t in self.index]
        expected = len(acked) * phones
        if len(acked) == len(self.index):
            delivered = sum(sum(seen) for seen in self.got)
        else:
            delivered = sum(seen[k] for seen in self.got for k in acked if k < len(seen))
        return {
            "expected": expected,
            "delivered": delivered,
            "missing": expected - delivered,
            "delivered_pct": round(100 * delivered / expected, 2) if expected else None,
            "duplicates": self.duplicates,
            "pushes_per_phone": round(self.pushes / max(1, phones), 1),
            "lags_ms": [1000 * x for x in self.lags],
        }


class Participant:
    """A phone: joined with a name and OPD, holding its device token and socket."""

    def __init__(self, i, client, base=None):
        self.i = i
        self.client = client
        self.base = base  # the server process this phone reaches (nginx pins it there)
        self.id = self.token = None
        self.ideas = []  # (client_id, idea id) acknowledged


async def run_workshop(plan, url, sampler, backends=None):
    """Joins, fan-out, proposals, a dots poll and its vote storm, with a projector watching.

    `backends`: the server processes (over Redis) the phones are spread across, phone i on
    backends[i % len], as nginx's `hash $remote_addr consistent` pins each device to one;
    the facilitator and the projector stay on `url`.
    """
    backends = backends or [url]
    rng = random.Random(plan.seed + 1)
    http = Http(url)
    wss = ws_session()
    lag = LoopLag()
    lag.start()
    out = {}
    try:
        sampler.mark("setup")
        ws = await Workshop().setup(http)
        out["workshop_id"], out["session_id"] = ws.id, ws.session_id
        watch = {
            "display": lambda p: p.get("text"),
            "poll_opened": lambda p: p.get("id"),
            "results": tally_key,
        }
        delivery = Delivery()
        projector = Client(wss, ["display", "poll_opened", "results"], keep=watch)
        await projector.connect(url, auth={"projector": ws.projector_key})
        facilitator = Client(wss, [])
        await facilitator.connect(url, auth={"token": ws.token, "workshop_id": ws.id})

        sampler.mark("join")
        join_failures = []

        async def join(i, client):
            p = Participant(i, client, backends[i % len(backends)])
            body = {"code": ws.code, "name": f"Peserta {i}", "opd_id": rng.choice(ws.opd_ids)}
            for attempt in range(1 + JOIN_RETRIES):
                kind = "join" if attempt == 0 else "join_retry"
                op = await http.call("POST", "/api/v1/join", json=body, kind=kind, base=p.base)
                if op.ok:
                    break
                join_failures.append(f"{op.status} {op.error or op.body}"[:200])
                await asyncio.sleep(RETRY_DELAY)
            else:
                return p
            p.id, p.token = op.body["participant"]["id"], op.body["token"]
            try:
                await client.connect(p.base, auth={"token": p.token})
            except Exception as e:  # noqa: BLE001
                join_failures.append(f"socket: {e!r}"[:200])
            return p

        people = await connect_paced(
            plan,
            lambda i: LeanClient(
                wss,
                ["display", "poll_opened"],
                keep=watch,
                handlers=dict.fromkeys(IDEA_EVENTS, delivery.handler()),
            ),
            join,
        )
        live = [p for p in people if p.client.connected]
        out["connected"] = len(live)
        out["join_failures"] = join_failures[:5]
        out["connect_ms"] = [p.client.connect_ms for p in live]
        await asyncio.sleep(1)

        quiet_collector()
        sampler.mark("fanout")
        watchers = [p.client for p in live] + [projector]

        async def show(text):
            return await http.call(
                "PUT",
                f"/api/v1/workshops/{ws.id}/display",
                ws.token,
                json={"view": "message", "text": text},
            )

        out["fanout"] = await measure_fanout(
            show, watchers, "display", [f"bench {k}" for k in range(FANOUT_ROUNDS)]
        )

        sampler.mark("submit")
        t_sub = now()
        dims = list(ws.dimensions)

        def proposal(p, k):
            dim = rng.choice(dims)
            elements = ws.dimensions[dim]
            body = {
                "title": f"Usulan {p.i}-{k}: layanan data terpadu",
                "description": "Integrasi data antar OPD untuk layanan publik yang lebih cepat. "
                * 3,
                "dimension": dim,
                "client_id": f"bench-{plan.n}-{p.i}-{k}",
            }
            if elements:
                body["element"] = rng.choice(elements)
            return body

        async def submit(p, k, due):
            body = proposal(p, k)
            await sleep_until(due)
            delivery.sending(body["title"])
            path = f"/api/v1/sessions/{ws.session_id}/ideas"
            for attempt in range(1 + SUBMIT_RETRIES):
                kind = "submit" if attempt == 0 else "submit_retry"
                op = await http.call(
                    "POST", path, p.token, json=body, kind=kind, due=due, base=p.base
                )
                if op.ok:
                    p.ideas.append((body["client_id"], op.body["id"]))
                    acked_titles.append(body["title"])
                    return
                if op.status is not None and op.status < 500 and op.status != 429:
                    return  # a refusal, not a failure to retry
                await asyncio.sleep(RETRY_DELAY)

        jobs, acked_titles = [], []
        for p in live:
            for k in range(plan.ideas_each):
                jobs.append(submit(p, k, t_sub + rng.uniform(0, plan.submit_window)))
        await asyncio.gather(*jobs)
        out["loop_lag_submit"] = lag.between(t_sub, now())
        # How long after it was sent each proposal reached every phone (the wall), once the
        # last push (a batch at most ~0.5 s later) has had time to land.
        await asyncio.sleep(DELIVERY_GRACE)
        out["idea_delivery"] = delivery.summary(acked_titles, len(live))

        # Replays: the same client_id again must answer 200 with the same proposal.
        replayers = [p for p in live if p.ideas and rng.random() < REPLAY_SHARE]
        replays = await asyncio.gather(
            *(
                http.call(
                    "POST",
                    f"/api/v1/sessions/{ws.session_id}/ideas",
                    p.token,
                    json={**proposal(p, 0), "client_id": p.ideas[0][0]},
                    kind="replay",
                    base=p.base,
                )
                for p in replayers
            )
        )
        out["replays"] = {
            "sent": len(replays),
            "same_idea_200": sum(
                1
                for p, op in zip(replayers, replays, strict=True)
                if op.status == 200 and op.body["id"] == p.ideas[0][1]
            ),
        }

        sampler.mark("poll")
        idea_ids = [idea_id for p in live for _cid, idea_id in p.ideas][:POLL_ITEMS]
        poll = await http.must(
            "POST",
            f"/api/v1/sessions/{ws.session_id}/polls",
            ws.token,
            json={"title": "Quick win (benchmark)", "method": "dots", "idea_ids": idea_ids},
        )
        out["poll_id"] = poll["id"]

        async def open_poll(poll_id):
            return await http.call("POST", f"/api/v1/polls/{poll_id}/open", ws.token)

        out["fanout_poll_opened"] = await measure_fanout(
            open_poll, watchers, "poll_opened", [poll["id"]]
        )

        sampler.mark("storm")
        t_storm = now()
        vote_rng = random.Random(plan.seed + 2)
        bodies = [[dots_allocation(vote_rng, idea_ids) for _ in range(2)] for _ in range(len(live))]

        async def cast(i, which, due):
            return await http.call(
                "PUT",
                f"/api/v1/polls/{poll['id']}/ballot",
                live[i].token,
                json={"allocations": bodies[i][which]},
                kind="ballot",
                due=due,
                base=live[i].base,
            )

        storm_plan = Plan(len(live), plan.seed, 0, 0, 0, plan.storm_window)
        pairs = await storm(storm_plan, http, cast)
        acked = [op for pair in pairs for op in pair if op.ok]
        t_last_ack = max(op.end for op in acked) if acked else now()
        out["loop_lag_storm"] = lag.between(t_storm, now())

        sampler.mark("settle")
        final = await http.must("GET", f"/api/v1/polls/{poll['id']}/results", ws.token)
        final_key = tally_key(final)
        deadline = now() + SETTLE_TIMEOUT
        while now() < deadline and not any(k == final_key for _t, k in projector.seen["results"]):
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.5)  # let a late push (if any) arrive, to see it changes nothing
        pushes = [(t, k) for t, k in projector.seen["results"] if k[0] == poll["id"]]
        settled = None
        for idx in range(len(pushes) - 1, -1, -1):
            if pushes[idx][1] != final_key:
                break
            settled = pushes[idx][0]
        out["projector"] = {
            "final_tally_ms": round(1000 * (settled - t_last_ack), 1) if settled else None,
            "results_pushes": len(pushes),
            "pushes_in_storm": sum(1 for t, _k in pushes if t_storm <= t <= t_last_ack),
            "storm_seconds": round(t_last_ack - t_storm, 2),
        }
        expected = {}
        for pair in pairs:
            last = next((op for op in reversed(pair) if op.ok), None)
            if last:
                for idea, dots in last.body["ballot"]["allocations"].items():
                    expected[int(idea)] = expected.get(int(idea), 0) + dots
        got = {item["idea_id"]: item["score"] for item in final["items"]}
        out["tally_matches_acks"] = all(got.get(i, 0) == expected.get(i, 0) for i in idea_ids)
        out["final_voters"] = final["voters"]

        out["ops"] = http.ops
        out["people"] = [(p.id, p.ideas) for p in live]
        out["ballot_pairs"] = [(live[i].id, pair) for i, pair in enumerate(pairs)]
        out["dropped"] = [c.disconnected for c in watchers if c.disconnected]
        sampler.mark("close")
        await asyncio.gather(projector.close(), facilitator.close(), return_exceptions=True)
    finally:
        await lag.stop()
        await http.close()
        await wss.close()
    return out


# --- the 300-voter storm of notes/stack.md (against OpenSlides 3.3) ------------------------


async def run_storm_only(plan, url, sampler):
    """N participants on live websockets; a dots poll; everyone casts at the same instant.
    The figure: seconds from that instant until every ballot was accepted (OpenSlides 3.3
    took 160–236 s for 300 voters on this kind of machine, notes/stack.md)."""
    rng = random.Random(plan.seed + 3)
    http = Http(url)
    wss = ws_session()
    out = {}
    people = []
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
            json={"title": "Storm (benchmark)", "method": "dots", "idea_ids": idea_ids},
        )
        await http.must("POST", f"/api/v1/polls/{poll['id']}/open", ws.token)

        async def join(i, client):
            body = {"code": ws.code, "name": f"Pemilih {i}", "opd_id": rng.choice(ws.opd_ids)}
            op = await http.call("POST", "/api/v1/join", json=body, kind="join")
            if not op.ok:
                return None
            with contextlib.suppress(Exception):
                await client.connect(url, auth={"token": op.body["token"]})
            return (op.body["token"], client)

        joined = await connect_paced(plan, lambda i: LeanClient(wss, ["poll_opened"]), join)
        people = [p for p in joined if p is not None and p[1].connected]
        out["connected"] = len(people)
        await asyncio.sleep(1)
        sampler.mark("storm300")
        procs = sampler.processes()
        cpu0, wait0 = sampler.cpu_seconds(procs), sampler.runqueue_seconds(procs)
        t0 = now()
        ops = await asyncio.gather(
            *(
                http.call(
                    "PUT",
                    f"/api/v1/polls/{poll['id']}/ballot",
                    token,
                    json={"allocations": dots_allocation(rng, idea_ids)},
                    kind="ballot",
                    due=t0,
                )
                for token, _client in people
            )
        )
        out["server_cpu_seconds"] = round(sampler.cpu_seconds(procs) - cpu0, 2)
        out["server_runqueue_seconds"] = round(sampler.runqueue_seconds(procs) - wait0, 2)
        out["ops"] = list(ops)
        out["accept_all_seconds"] = round(max(op.end for op in ops) - t0, 2) if ops else None
        sampler.mark("end-storm300")
    finally:
        await asyncio.gather(*(c.close() for _t, c in people), return_exceptions=True)
        await http.close()
        await wss.close()
    return out
