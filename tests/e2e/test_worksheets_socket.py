"""Worksheets over real sockets (issue 14): `workshop serve` in a subprocess, python-socketio
clients for three phones, the projector and the facilitator. Readiness ratings, SWOT entries
and vision keywords sent over HTTP arrive as entry_* pushes to the audiences that may see them;
a hidden entry reaches no participant."""

import queue

import socketio

PASSWORD = "rahasia-bimtek"
EVENTS = ("entry_created", "entry_updated", "entry_removed", "strategy_updated", "vision_updated")


class Listener:
    """One live connection that queues every worksheet push it hears."""

    def __init__(self, server, auth):
        self.events = queue.Queue()
        self.client = socketio.Client(reconnection=False)
        for name in EVENTS:
            self.client.on(name, lambda data, name=name: self.events.put((name, data)))
        self.client.connect(server.url, auth=auth, transports=["websocket"], wait_timeout=10)

    def next(self, timeout=10):
        return self.events.get(timeout=timeout)

    def take(self, n):
        return [self.next() for _ in range(n)]

    def quiet(self):
        """Nothing more queued (pushes of one request are sent before its answer)."""
        return self.events.empty()

    def close(self):
        self.client.disconnect()


def sheets_of(server, workshop, token):
    sessions = server.api("GET", f"/workshops/{workshop['id']}/sessions", token).json()["items"]
    sheets = {s["purpose"]: s for s in sessions if s["kind"] == "worksheet"}
    for sheet in sheets.values():
        r = server.api("PATCH", f"/sessions/{sheet['id']}", token, json={"status": "open"})
        assert r.status_code == 200, r.text
    return sheets


def test_three_phones_fill_worksheets_and_the_pushes_follow(server):
    workshop, fac = server.facilitator_workshop(PASSWORD)
    sheets = sheets_of(server, workshop, fac)
    opds = server.api("GET", f"/workshops/{workshop['id']}/opds", fac).json()["items"]
    phones = []
    for n, name in enumerate(("Rina", "Dewi", "Budi")):
        joined = server.api(
            "POST",
            "/join",
            None,
            json={"code": workshop["code"], "name": name, "opd_id": opds[n]["id"]},
        )
        assert joined.status_code == 201, joined.text
        phones.append(joined.json()["token"])
    listeners = {
        "phone": [Listener(server, {"token": token}) for token in phones],
        "projector": Listener(server, {"projector": workshop["projector_key"]}),
        "fac": Listener(server, {"token": fac, "workshop_id": workshop["id"]}),
    }
    hall = [*listeners["phone"], listeners["projector"]]
    everyone = [*hall, listeners["fac"]]
    try:
        # Three readiness ratings: everyone hears three entries, authors only for facilitators.
        for n, (token, rating) in enumerate(zip(phones, ("baik", "sedang", "kurang"), strict=True)):
            r = server.api(
                "POST",
                f"/sessions/{sheets['readiness']['id']}/entries",
                token,
                json={
                    "aspect": "infrastruktur",
                    "item": "digital",
                    "rating": rating,
                    "client_id": f"r{n}",
                },
            )
            assert r.status_code == 201, r.text
        for listener in everyone:
            got = listener.take(3)
            assert [(name, e["rating"]) for name, e in got] == [
                ("entry_created", "baik"),
                ("entry_created", "sedang"),
                ("entry_created", "kurang"),
            ]
            authors = [e["author"] for _name, e in got]
            if listener is listeners["fac"]:
                assert [a["name"] for a in authors] == ["Rina", "Dewi", "Budi"]
            else:
                assert authors == [None, None, None]
        summary = server.api("GET", f"/sessions/{sheets['readiness']['id']}/readiness", fac).json()
        infra = next(a for a in summary["aspects"] if a["key"] == "infrastruktur")
        digital = next(i for i in infra["items"] if i["key"] == "digital")
        assert digital["counts"] == {"baik": 1, "sedang": 1, "kurang": 1}

        # A SWOT entry the facilitator hides leaves every phone and the projector.
        r = server.api(
            "POST",
            f"/sessions/{sheets['swot']['id']}/entries",
            phones[1],
            json={"quadrant": "W", "text": "Data belum terintegrasi", "client_id": "s1"},
        )
        swot = r.json()
        for listener in everyone:
            assert listener.next()[0] == "entry_created"
        server.api("PATCH", f"/entries/{swot['id']}", fac, json={"status": "hidden"})
        for listener in hall:
            assert listener.next() == (
                "entry_removed",
                {"id": swot["id"], "session_id": swot["session_id"]},
            )
        assert listeners["fac"].next()[1]["status"] == "hidden"
        # Edits of the hidden entry reach facilitators only.
        server.api("PATCH", f"/entries/{swot['id']}", fac, json={"text": "Rahasia"})
        assert listeners["fac"].next()[1]["text"] == "Rahasia"
        assert all(listener.quiet() for listener in hall)

        # A vision keyword replayed by an offline outbox is stored and pushed once.
        body = {"text": "Melayani", "client_id": "v1"}
        url = f"/sessions/{sheets['vision']['id']}/entries"
        assert server.api("POST", url, phones[2], json=body).status_code == 201
        assert server.api("POST", url, phones[2], json=body).status_code == 200
        for listener in everyone:
            name, pushed = listener.next()
            assert (name, pushed["keyword"]) == ("entry_created", "melayani")
        assert all(listener.quiet() for listener in everyone)
        keywords = server.api("GET", f"/sessions/{sheets['vision']['id']}/keywords", phones[0])
        assert keywords.json()["items"] == [{"text": "melayani", "count": 1}]

        # The adopted vision reaches everyone.
        vision = server.api(
            "PUT",
            f"/workshops/{workshop['id']}/vision",
            fac,
            json={"vision": "Kota Cerdas yang Melayani", "missions": ["Pelayanan cepat"]},
        ).json()
        for listener in everyone:
            assert listener.next() == ("vision_updated", vision)
    finally:
        for listener in everyone:
            listener.close()
