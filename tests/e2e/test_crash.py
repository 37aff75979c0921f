"""kill -9 while participants submit and vote: every acknowledged write survives exactly once.

Clients behave like the browser's offline queue: a write that got no answer stays queued
with its client_id and is sent again until the server acknowledges it.
"""

import signal
import sqlite3
import threading
import time
import uuid
from pathlib import Path

import requests
import socketio

PASSWORD = "rahasia-bimtek"
PEOPLE = 8
# Below the 20-per-minute submission limit, retries after the crash included.
PROPOSALS_EACH = 16


class Participant(threading.Thread):
    def __init__(self, server, session_id, poll, token, n):
        super().__init__(daemon=True)
        self.server, self.session_id, self.poll, self.token, self.n = (
            server,
            session_id,
            poll,
            token,
            n,
        )
        self.outbox = [
            {"title": f"Usulan {n}-{i}", "dimension": "governance", "client_id": str(uuid.uuid4())}
            for i in range(PROPOSALS_EACH)
        ]
        self.acked = []
        self.last_ballot = None
        self.errors = 0

    def send(self, method, path, **kwargs):
        try:
            r = requests.request(
                method,
                self.server.url + "/api/v1" + path,
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=3,
                **kwargs,
            )
        except requests.RequestException:
            self.errors += 1
            return None
        if r.status_code >= 500 or r.status_code == 429:
            self.errors += 1
            return None
        return r

    def run(self):
        deadline = time.monotonic() + 60
        ids = self.poll["idea_ids"]
        while (self.outbox or self.last_ballot is None) and time.monotonic() < deadline:
            if self.outbox:
                item = self.outbox[0]
                r = self.send("POST", f"/sessions/{self.session_id}/ideas", json=item)
                if r is not None:
                    assert r.status_code in (200, 201), r.text
                    self.acked.append(item["client_id"])
                    self.outbox.pop(0)
                else:
                    time.sleep(0.1)
            body = {"allocations": {str(ids[(self.n + len(self.acked)) % len(ids)]): 1}}
            r = self.send("PUT", f"/polls/{self.poll['id']}/ballot", json=body)
            if r is not None:
                assert r.status_code == 200, r.text
                self.last_ballot = body


def test_sigkill_loses_no_acknowledged_write(server, tmp_path):
    server.env["WORKSHOP_BACKUP_INTERVAL_MINUTES"] = "0.02"
    server.restart()
    w, fac = server.facilitator_workshop(PASSWORD, title="Bimtek")
    session = server.open_ideas_session(w, fac)
    for i in range(3):
        server.api(
            "POST",
            f"/sessions/{session['id']}/ideas",
            fac,
            json={"title": f"Seed {i}", "dimension": "economy", "client_id": f"seed{i}"},
        )
    poll = server.api(
        "POST",
        f"/sessions/{session['id']}/polls",
        fac,
        json={"title": "Prioritas", "method": "dots"},
    ).json()
    server.api("POST", f"/polls/{poll['id']}/open", fac)
    poll = server.api("GET", f"/polls/{poll['id']}", fac).json()
    opds = server.api("GET", f"/workshops/{w['id']}/opds", fac).json()["items"]
    people = []
    for n in range(PEOPLE):
        joined = server.api(
            "POST",
            "/join",
            None,
            json={"code": w["code"], "name": f"P{n}", "opd_id": opds[n]["id"]},
        )
        people.append(Participant(server, session["id"], poll, joined.json()["token"], n))

    # A live socket that must come back by itself after the crash.
    listener = socketio.Client(reconnection=True, reconnection_delay=0.2, reconnection_delay_max=1)
    seen = []
    # A phone hears proposals in batches (issue 13).
    listener.on("ideas_created", lambda data: seen.extend(i["title"] for i in data["items"]))
    listener.connect(
        server.url, auth={"token": people[0].token}, transports=["websocket"], wait_timeout=5
    )

    for p in people:
        p.start()
    # Kill once a quarter of the proposals were acknowledged: mid-stream, whatever the speed.
    deadline = time.monotonic() + 30
    while sum(len(p.acked) for p in people) < PEOPLE * PROPOSALS_EACH // 4:
        assert time.monotonic() < deadline, "participants did not get going"
        time.sleep(0.01)
    server.halt(signal.SIGKILL)  # the laptop's process dies mid-write
    time.sleep(0.5)
    server.start()
    for p in people:
        p.join(70)
    assert all(not p.outbox and p.last_ballot for p in people), [len(p.outbox) for p in people]
    assert sum(p.errors for p in people) > 0, "the crash happened after everything was sent"

    db = sqlite3.connect(server.env["WORKSHOP_DATABASE"])
    rows = db.execute("SELECT client_id, COUNT(*) FROM ideas GROUP BY client_id").fetchall()
    stored = dict(rows)
    for p in people:
        for client_id in p.acked:
            assert stored.get(client_id) == 1, client_id
    assert sum(stored.values()) == 3 + PEOPLE * PROPOSALS_EACH  # nothing extra, nothing twice
    import json

    ballots = sorted(
        json.dumps(json.loads(b), sort_keys=True) for (b,) in db.execute("SELECT body FROM ballots")
    )
    expected = sorted(json.dumps(p.last_ballot, sort_keys=True) for p in people)
    assert ballots == expected
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()

    # The socket reconnected and hears new proposals again.
    deadline = time.monotonic() + 10
    while not listener.connected and time.monotonic() < deadline:
        time.sleep(0.1)
    assert listener.connected
    server.api(
        "POST",
        f"/sessions/{session['id']}/ideas",
        fac,
        json={"title": "Setelah pulih", "dimension": "economy", "client_id": "after"},
    )
    deadline = time.monotonic() + 5
    while "Setelah pulih" not in seen and time.monotonic() < deadline:
        time.sleep(0.05)
    listener.disconnect()
    assert "Setelah pulih" in seen

    # The periodic online backups (every 1.2 s here) run inside the server process.
    folder = Path(server.env["WORKSHOP_INSTANCE_PATH"]) / "backups"
    deadline = time.monotonic() + 15
    while not list(folder.glob("*.db")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert list(folder.glob("*.db"))
