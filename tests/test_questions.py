"""Questions to a speaker (issue 16 item 9) through the API and real sockets: asking
(anonymously or not, idempotent, rate-limited), upvoting once, moderation, order, who sees
what, and bad input."""

import pytest

from tests.conftest import bearer, unbatched
from workshop.rules import questions as rules
from workshop.store import audit


@pytest.fixture
def hall(app, auth, db):
    """An open `qa` session of a Bimtek workshop, a facilitator, three participants, and a
    second workshop with its own participant."""
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    row = next(
        db.query("SELECT * FROM sessions WHERE workshop_id = ? ORDER BY id", [workshop["id"]])
    )
    db.execute("UPDATE sessions SET kind = 'qa', status = 'open' WHERE id = ?", [row["id"]])
    people = {}
    for name, opd in (("Rina", "Bappeda"), ("Budi", "Bappeda"), ("Dewi", "Diskominfo")):
        _person, token = auth.participant(workshop, name, opd)
        people[name.lower()] = token
    other = auth.workshop(owner["id"], title="Bimtek Kota Lain")
    _p, stranger = auth.participant(other, "Tono", "Bappeda")
    return {
        "workshop": workshop,
        "session": row,
        "fac": auth.token(),
        "stranger": stranger,
        **people,
    }


def ask(client, hall, text, who="rina", **extra):
    return client.post(
        f"/api/v1/sessions/{hall['session']['id']}/questions",
        json={"text": text, **extra},
        headers=bearer(hall[who]),
    )


def listed(client, hall, who="fac"):
    r = client.get(f"/api/v1/sessions/{hall['session']['id']}/questions", headers=bearer(hall[who]))
    assert r.status_code == 200, r.get_json()
    return r.get_json()["items"]


def vote(client, hall, qid, who, on=True):
    method = client.post if on else client.delete
    return method(f"/api/v1/questions/{qid}/upvote", headers=bearer(hall[who]))


def moderate(client, hall, qid, body):
    return client.patch(f"/api/v1/questions/{qid}", json=body, headers=bearer(hall["fac"]))


def count(db):
    return db.execute("SELECT COUNT(*) FROM questions").fetchone()[0]


def test_asking_is_idempotent_and_an_anonymous_question_names_nobody(client, db, hall):
    first = ask(client, hall, "Bagaimana pendanaan SPBE?", client_id="q-1")
    assert first.status_code == 201, first.get_json()
    q = first.get_json()
    assert q["votes"] == 0 and q["status"] == "visible" and q["mine"] is True
    assert q["author_name"] == "Rina (Bappeda)" and q["anonymous"] is False
    replay = ask(client, hall, "lain", client_id="q-1")
    assert replay.status_code == 200 and replay.get_json()["id"] == q["id"]
    assert count(db) == 1
    anon = ask(client, hall, "Siapa yang mengawasi data?", who="dewi", anonymous=True)
    assert anon.status_code == 201
    for who in ("fac", "budi", "dewi"):
        item = next(i for i in listed(client, hall, who) if i["id"] == anon.get_json()["id"])
        assert item["author_name"] is None and "author" not in item
    mine = next(i for i in listed(client, hall, "dewi") if i["anonymous"])
    assert mine["mine"] is True
    # The audit entry of an anonymous question names no participant either.
    entries = [e for e in audit.list_entries(db) if e["action"] == "question_created"]
    anon_entry = next(e for e in entries if e["object_id"] == anon.get_json()["id"])
    assert anon_entry["actor_id"] is None
    named = next(i for i in listed(client, hall, "fac") if i["id"] == q["id"])
    assert named["author"]["name"] == "Rina"


def test_upvotes_count_once_and_order_pinned_first_then_votes_then_oldest(client, hall):
    a = ask(client, hall, "Pertanyaan A").get_json()
    b = ask(client, hall, "Pertanyaan B", who="budi").get_json()
    c = ask(client, hall, "Pertanyaan C", who="dewi").get_json()
    assert vote(client, hall, c["id"], "rina").get_json()["votes"] == 1
    again = vote(client, hall, c["id"], "rina")
    assert again.status_code == 200 and again.get_json()["votes"] == 1
    assert again.get_json()["voted"] is True
    vote(client, hall, c["id"], "budi")
    vote(client, hall, b["id"], "dewi")
    assert [i["id"] for i in listed(client, hall)] == [c["id"], b["id"], a["id"]]
    mine = {i["id"]: i["voted"] for i in listed(client, hall, "rina")}
    assert mine == {c["id"]: True, b["id"]: False, a["id"]: False}
    back = vote(client, hall, c["id"], "budi", on=False)
    assert back.status_code == 200 and back.get_json()["votes"] == 1
    assert back.get_json()["voted"] is False
    assert vote(client, hall, c["id"], "budi", on=False).get_json()["votes"] == 1
    r = moderate(client, hall, a["id"], {"pinned": True})
    assert r.status_code == 200 and r.get_json()["pinned"] is True
    # c and b tie on one vote each: the older one first.
    assert [i["id"] for i in listed(client, hall, "dewi")] == [a["id"], b["id"], c["id"]]


def test_moderation_hides_answers_and_reaches_no_participant(client, db, hall):
    q = ask(client, hall, "Kapan aplikasi diluncurkan?").get_json()
    hidden = moderate(client, hall, q["id"], {"status": "hidden"})
    assert hidden.status_code == 200 and hidden.get_json()["status"] == "hidden"
    for who in ("rina", "budi"):
        assert listed(client, hall, who) == []
        r = client.get(f"/api/v1/questions/{q['id']}", headers=bearer(hall[who]))
        assert r.status_code == 404
    assert vote(client, hall, q["id"], "budi").status_code == 404
    assert [i["status"] for i in listed(client, hall)] == ["hidden"]
    done = moderate(client, hall, q["id"], {"status": "answered", "answer": "Bulan Maret."})
    body = done.get_json()
    assert body["status"] == "answered" and body["answer"] == "Bulan Maret."
    assert body["answered_at"]
    seen = listed(client, hall, "budi")
    assert [(i["status"], i["answer"]) for i in seen] == [("answered", "Bulan Maret.")]
    actions = [e["action"] for e in audit.list_entries(db) if e["object_type"] == "question"]
    assert "question_hidden" in actions and "question_answered" in actions


def test_only_open_qa_sessions_take_questions_and_votes(client, db, hall):
    q = ask(client, hall, "Sebelum ditutup").get_json()
    db.execute("UPDATE sessions SET status = 'closed' WHERE id = ?", [hall["session"]["id"]])
    closed = ask(client, hall, "Terlambat")
    assert closed.status_code == 409 and closed.get_json()["error"]["code"] == "session_closed"
    assert vote(client, hall, q["id"], "budi").status_code == 409
    # Facilitators still moderate after the session closed.
    assert moderate(client, hall, q["id"], {"status": "answered"}).status_code == 200
    ideas = next(
        db.query(
            "SELECT id FROM sessions WHERE workshop_id = ? AND kind != 'qa' ORDER BY id",
            [hall["workshop"]["id"]],
        )
    )
    db.execute("UPDATE sessions SET status = 'open' WHERE id = ?", [ideas["id"]])
    r = client.post(
        f"/api/v1/sessions/{ideas['id']}/questions",
        json={"text": "x"},
        headers=bearer(hall["rina"]),
    )
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "not_qa"
    assert count(db) == 1


def test_authorisation_and_bad_input(client, db, hall):
    q = ask(client, hall, "Pertanyaan sah").get_json()
    sid = hall["session"]["id"]
    # Another workshop's participant: 404 everywhere.
    stranger = bearer(hall["stranger"])
    assert (
        client.post(f"/api/v1/sessions/{sid}/questions", json={"text": "x"}, headers=stranger)
    ).status_code == 404
    assert client.get(f"/api/v1/sessions/{sid}/questions", headers=stranger).status_code == 404
    assert client.post(f"/api/v1/questions/{q['id']}/upvote", headers=stranger).status_code == 404
    assert (
        client.patch(f"/api/v1/questions/{q['id']}", json={"pinned": True}, headers=stranger)
    ).status_code == 404
    # A participant of the workshop may not moderate; a facilitator does not ask.
    assert (
        client.patch(
            f"/api/v1/questions/{q['id']}", json={"pinned": True}, headers=bearer(hall["budi"])
        )
    ).status_code == 403
    assert ask(client, hall, "Saya fasilitator", who="fac").status_code == 403
    assert client.get(f"/api/v1/sessions/{sid}/questions").status_code == 401
    for body in ({"text": ""}, {"text": "x" * 281}, {"text": 5}, {"text": "ok", "extra": 1}):
        r = client.post(
            f"/api/v1/sessions/{sid}/questions", json=body, headers=bearer(hall["rina"])
        )
        assert r.status_code == 422, body
        assert r.get_json()["error"]["fields"]
    assert ask(client, hall, "x" * 280, client_id="long").status_code == 201
    bad = moderate(client, hall, q["id"], {"status": "deleted"})
    assert bad.status_code == 422 and "status" in bad.get_json()["error"]["fields"]
    assert moderate(client, hall, q["id"], {}).status_code == 422
    assert count(db) == 2


def test_a_flood_of_questions_gets_429(client, db, hall, monkeypatch):
    monkeypatch.setattr(rules, "ASK_MAX", 2)
    assert ask(client, hall, "satu").status_code == 201
    assert ask(client, hall, "dua").status_code == 201
    r = ask(client, hall, "tiga")
    assert r.status_code == 429 and r.headers.get("Retry-After")
    assert count(db) == 2


def sockets(app, hall, socket_client):
    made = {
        "rina": socket_client(auth={"token": hall["rina"]}, flask_client=app.test_client()),
        "dewi": socket_client(auth={"token": hall["dewi"]}, flask_client=app.test_client()),
        "projector": socket_client(
            auth={"projector": hall["workshop"]["projector_key"]}, flask_client=app.test_client()
        ),
        "fac": socket_client(
            auth={"token": hall["fac"], "workshop_id": hall["workshop"]["id"]},
            flask_client=app.test_client(),
        ),
        "stranger": socket_client(auth={"token": hall["stranger"]}, flask_client=app.test_client()),
    }
    for sc in made.values():
        assert sc.is_connected()
        sc.get_received()
    return made


def pushed(sc, raw=False):
    received = sc.get_received()
    events = received if raw else unbatched(received)
    return [(e["name"], e["args"][0]) for e in events if e["name"].startswith("question")]


def test_the_hall_hears_batches_and_facilitators_single_events(app, client, hall, socket_client):
    live = sockets(app, hall, socket_client)
    q = ask(client, hall, "Anggaran TIK berapa?", anonymous=True).get_json()
    raw = pushed(live["projector"], raw=True)
    assert [n for n, _p in raw] == ["questions_created"]
    assert raw[0][1]["items"][0]["text"] == "Anggaran TIK berapa?"
    assert [n for n, _p in pushed(live["dewi"])] == ["question_created"]
    fac = pushed(live["fac"], raw=True)
    assert [n for n, _p in fac] == ["question_created"]
    assert fac[0][1]["author_name"] is None and "author" not in fac[0][1]
    assert pushed(live["stranger"]) == []
    assert [n for n, _p in pushed(live["rina"])] == ["question_created"]
    vote(client, hall, q["id"], "dewi")
    for who in ("rina", "dewi", "projector", "fac"):
        events = pushed(live[who])
        assert [(n, p["votes"]) for n, p in events] == [("question_updated", 1)]
    moderate(client, hall, q["id"], {"status": "hidden"})
    gone = {"id": q["id"], "session_id": q["session_id"], "status": "hidden"}
    for who in ("rina", "dewi", "projector"):
        assert pushed(live[who]) == [("question_updated", gone)]
    assert pushed(live["fac"])[0][1]["text"] == "Anggaran TIK berapa?"
    moderate(client, hall, q["id"], {"pinned": True})
    assert pushed(live["dewi"]) == []
    moderate(client, hall, q["id"], {"status": "visible"})
    back = pushed(live["projector"])
    assert back[0][1]["pinned"] is True and back[0][1]["text"] == "Anggaran TIK berapa?"
    assert pushed(live["stranger"]) == []


def test_merging_a_duplicate_participant_keeps_one_support(client, db, hall):
    q = ask(client, hall, "Pertanyaan Dewi", who="dewi").get_json()
    mine = ask(client, hall, "Pertanyaan Budi", who="budi", client_id="same").get_json()
    vote(client, hall, q["id"], "rina")
    vote(client, hall, q["id"], "budi")
    ids = dict(db.execute("SELECT name, id FROM participants").fetchall())
    r = client.post(
        f"/api/v1/participants/{ids['Budi']}/merge",
        json={"into": ids["Rina"]},
        headers=bearer(hall["fac"]),
    )
    assert r.status_code == 200, r.get_json()
    assert [i["votes"] for i in listed(client, hall) if i["id"] == q["id"]] == [1]
    owner = db.execute("SELECT participant_id FROM questions WHERE id = ?", [mine["id"]])
    assert owner.fetchone()[0] == ids["Rina"]
