"""Projector display, timers and notulensi: API, pushes and the projector page."""

import datetime
import re

import pytest

from tests.conftest import bearer


@pytest.fixture
def hall(auth, db):
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    session = next(
        db.query("SELECT * FROM sessions WHERE workshop_id = ? ORDER BY id", [workshop["id"]])
    )
    person, device = auth.participant(workshop)
    return {"workshop": workshop, "session": session, "fac": auth.token(), "device": device}


def url(hall, path):
    return f"/api/v1/workshops/{hall['workshop']['id']}{path}"


def test_display_defaults_to_join_and_switches(client, hall, app, socket_client):
    key = hall["workshop"]["projector_key"]
    assert client.get(url(hall, "/display"), headers=bearer(key)).get_json()["view"] == "join"
    projector = socket_client(auth={"projector": key}, flask_client=app.test_client())
    projector.get_received()
    r = client.put(
        url(hall, "/display"),
        json={"view": "message", "text": "Istirahat 15 menit"},
        headers=bearer(hall["fac"]),
    )
    assert r.status_code == 200
    events = [e for e in projector.get_received() if e["name"] == "display"]
    assert events[-1]["args"][0]["text"] == "Istirahat 15 menit"
    assert client.get(url(hall, "/display"), headers=bearer(key)).get_json()["view"] == "message"
    wall = client.put(
        url(hall, "/display"),
        json={"view": "ideas", "session_id": hall["session"]["id"]},
        headers=bearer(hall["fac"]),
    )
    assert wall.get_json()["session_id"] == hall["session"]["id"]


@pytest.mark.parametrize(
    "body,field",
    [
        ({"view": "cinema"}, "view"),
        ({}, "view"),
        ({"view": "message"}, "text"),
        ({"view": "message", "text": "x" * 501}, "text"),
        ({"view": "ideas"}, "session_id"),
        ({"view": "results"}, "poll_id"),
        ({"view": "results", "poll_id": 999}, "poll_id"),
    ],
)
def test_bad_display_changes_nothing(client, hall, body, field):
    r = client.put(url(hall, "/display"), json=body, headers=bearer(hall["fac"]))
    assert r.status_code == 422 and field in r.get_json()["error"]["fields"]
    assert (
        client.get(url(hall, "/display"), headers=bearer(hall["fac"])).get_json()["view"] == "join"
    )


def test_only_facilitators_drive_the_screen(client, auth, hall):
    body = {"view": "message", "text": "x"}
    assert (
        client.put(url(hall, "/display"), json=body, headers=bearer(hall["device"])).status_code
        == 403
    )
    key = hall["workshop"]["projector_key"]
    assert client.put(url(hall, "/display"), json=body, headers=bearer(key)).status_code == 403
    auth.create("bob")
    assert (
        client.put(url(hall, "/display"), json=body, headers=bearer(auth.token("bob"))).status_code
        == 404
    )
    assert (
        client.post(
            url(hall, "/timer"), json={"seconds": 60}, headers=bearer(hall["device"])
        ).status_code
        == 403
    )


def test_timer_lifecycle(client, hall, app, socket_client):
    device_socket = socket_client(auth={"token": hall["device"]}, flask_client=app.test_client())
    device_socket.get_received()
    started = client.post(url(hall, "/timer"), json={"seconds": 300}, headers=bearer(hall["fac"]))
    assert started.status_code == 200
    t = started.get_json()
    assert t["running"] is True and 299 <= t["remaining"] <= 300
    ends = datetime.datetime.fromisoformat(t["ends_at"].replace("Z", "+00:00"))
    assert 299 <= (ends - datetime.datetime.now(datetime.UTC)).total_seconds() <= 300.5
    pushed = [e["args"][0] for e in device_socket.get_received() if e["name"] == "timer"]
    assert pushed[-1]["ends_at"] == t["ends_at"]
    paused = client.post(url(hall, "/timer/pause"), headers=bearer(hall["fac"])).get_json()
    assert paused["running"] is False and paused["ends_at"] is None and paused["remaining"] > 298
    added = client.post(url(hall, "/timer/add"), headers=bearer(hall["fac"])).get_json()
    assert added["remaining"] > 358 and added["running"] is False
    resumed = client.post(url(hall, "/timer/resume"), headers=bearer(hall["fac"])).get_json()
    assert resumed["running"] is True and resumed["ends_at"]
    assert client.delete(url(hall, "/timer"), headers=bearer(hall["fac"])).status_code == 204
    stopped = client.get(url(hall, "/timer"), headers=bearer(hall["device"])).get_json()
    assert stopped["running"] is False and stopped["remaining"] == 0


@pytest.mark.parametrize("seconds", [-5, 0, 4 * 3600 + 1, 10**9, "lima", 1.5])
def test_absurd_timers_are_refused(client, hall, seconds):
    r = client.post(url(hall, "/timer"), json={"seconds": seconds}, headers=bearer(hall["fac"]))
    assert r.status_code == 422 and "seconds" in r.get_json()["error"]["fields"]
    assert (
        client.get(url(hall, "/timer"), headers=bearer(hall["fac"])).get_json()["running"] is False
    )


def test_notes_are_sanitised_and_pushed(client, db, hall, app, socket_client):
    sid = hall["session"]["id"]
    watcher = socket_client(
        auth={"token": hall["fac"], "workshop_id": hall["workshop"]["id"]},
        flask_client=app.test_client(),
    )
    device_socket = socket_client(auth={"token": hall["device"]}, flask_client=app.test_client())
    watcher.get_received()
    device_socket.get_received()
    body = "**Sepakat** <script>alert(1)</script> [x](javascript:alert(1))"
    r = client.post(
        f"/api/v1/sessions/{sid}/notes",
        json={"kind": "note", "body": body},
        headers=bearer(hall["fac"]),
    )
    assert r.status_code == 201
    note = r.get_json()
    assert "<strong>Sepakat</strong>" in note["html"]
    assert "<script>" not in note["html"] and "&lt;script&gt;" in note["html"]
    assert 'href="javascript' not in note["html"]
    assert note["body"] == body  # the text is kept as typed
    names = [e["name"] for e in watcher.get_received()]
    assert "note_created" in names
    assert device_socket.get_received() == []  # notes are for facilitators
    patched = client.patch(
        f"/api/v1/notes/{note['id']}",
        json={"body": "Sepakat: quick win"},
        headers=bearer(hall["fac"]),
    )
    assert patched.get_json()["body"] == "Sepakat: quick win"
    assert "note_updated" in [e["name"] for e in watcher.get_received()]
    assert (
        client.get(f"/api/v1/sessions/{sid}/notes", headers=bearer(hall["device"])).status_code
        == 403
    )


def test_actions_and_decisions_page_data(client, db, hall):
    sid = hall["session"]["id"]
    dinkes = next(db.query("SELECT id FROM opds WHERE code = 'Dinkes'"))["id"]
    client.post(
        f"/api/v1/sessions/{sid}/notes",
        json={"kind": "decision", "body": "Quick win: PPDB"},
        headers=bearer(hall["fac"]),
    )
    action = client.post(
        f"/api/v1/sessions/{sid}/notes",
        json={"kind": "action", "body": "Susun KAK", "opd_id": dinkes, "due_on": "2017-08-15"},
        headers=bearer(hall["fac"]),
    ).get_json()
    assert action["opd_code"] == "Dinkes" and action["due_on"] == "2017-08-15"
    client.post(
        f"/api/v1/sessions/{sid}/notes",
        json={"kind": "note", "body": "catatan"},
        headers=bearer(hall["fac"]),
    )
    listed = client.get(url(hall, "/decisions"), headers=bearer(hall["fac"])).get_json()["items"]
    assert [n["kind"] for n in listed] == ["decision", "action"]


@pytest.mark.parametrize(
    "body,field",
    [
        ({"kind": "memo", "body": "x"}, "kind"),
        ({"kind": "action", "opd_id": 99999}, "opd_id"),
        ({"kind": "action", "due_on": "besok"}, "due_on"),
        ({"kind": "note", "body": "x" * 20001}, "body"),
        ({"kind": "note", "body": "bell\x07"}, "body"),
    ],
)
def test_bad_notes(client, db, hall, body, field):
    r = client.post(
        f"/api/v1/sessions/{hall['session']['id']}/notes", json=body, headers=bearer(hall["fac"])
    )
    assert r.status_code == 422 and field in r.get_json()["error"]["fields"]
    assert db.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == 0


def without_csrf(html):
    return re.sub(r'name="csrf-token" content="[^"]*"', 'name="csrf-token"', html)


def test_projector_page(client, hall):
    key = hall["workshop"]["projector_key"]
    page = client.get(f"/projector/{key}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert hall["workshop"]["code"][:3] in html and "projector.js" in html
    unknown = client.get("/projector/not-a-real-key")
    generic = client.get("/no-such-page")
    assert unknown.status_code == 404
    # The CSRF token carries a timestamp: two pages a second apart differ only there.
    assert without_csrf(unknown.get_data(as_text=True)) == without_csrf(
        generic.get_data(as_text=True).replace("/no-such-page", "/projector/not-a-real-key")
    )
