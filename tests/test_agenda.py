"""The agenda: days with stages, sessions, their order, who may change them, and live pushes."""

import re

import pytest

from tests.conftest import bearer, csrf_from
from workshop import reference
from workshop.store import audit

START = "2017-08-01"
SESSION_FIELDS = "id workshop_id day date stage position starts_at ends_at title kind dimension"
SESSION_FIELDS = (*SESSION_FIELDS.split(), "status")
DATES = ["2017-08-01", "2017-08-02", "2017-08-03", "2017-08-04"]
VALID = {
    "day": 1,
    "title": "Rehat dan diskusi",
    "kind": "discussion",
    "starts_at": "12:00",
    "ends_at": "13:00",
}


@pytest.fixture
def alice(auth):
    return auth.create("alice")


@pytest.fixture
def workshop(auth, alice):
    return auth.workshop(alice["id"], starts_on=START)


@pytest.fixture
def live_workshop(auth, alice):
    """A workshop held today: its participants' devices are valid (a 2017 one's are not)."""
    return auth.workshop(alice["id"])


@pytest.fixture
def headers(auth, alice):
    return bearer(auth.token("alice"))


def posted(prefix, token, **fields):
    """What a browser sends for a page form whose fields carry `prefix`."""
    return {"csrf_token": token, **{f"{prefix}-{k}": v for k, v in fields.items()}}


def snapshot(db, workshop_id):
    """Everything the agenda holds for a workshop, to prove a refused change changed nothing."""
    sessions = list(
        db.query("SELECT * FROM sessions WHERE workshop_id = ? ORDER BY id", [workshop_id])
    )
    days = list(db.query("SELECT * FROM days WHERE workshop_id = ? ORDER BY number", [workshop_id]))
    return sessions, days


def day_order(db, workshop_id, day):
    """(position, id) of a day's sessions in order."""
    return [
        (r["position"], r["id"])
        for r in db.query(
            "SELECT id, position FROM sessions WHERE workshop_id = ? AND day = ? ORDER BY position",
            [workshop_id, day],
        )
    ]


def assert_dense(db, workshop_id):
    for day in range(1, 5):
        positions = [p for p, _ in day_order(db, workshop_id, day)]
        assert positions == list(range(len(positions))), (day, positions)


def events(sc, name):
    return [e["args"][0] for e in sc.get_received() if e["name"] == name]


# -- Reading ------------------------------------------------------------------------------


def test_template_workshop_has_four_days_of_template_sessions(client, workshop, headers):
    response = client.get(f"/api/v1/workshops/{workshop['id']}/days", headers=headers)
    assert response.status_code == 200
    days = response.get_json()["items"]
    template = reference.bimtek_agenda()
    assert [d["number"] for d in days] == [1, 2, 3, 4]
    assert [d["date"] for d in days] == DATES
    assert [d["stage"] for d in days] == ["Tahap I", "Tahap I", "Tahap II", "Tahap III"]
    for day, planned in zip(days, template, strict=True):
        assert [(s["starts_at"], s["ends_at"], s["title"], s["kind"]) for s in day["sessions"]] == [
            (s["starts_at"], s["ends_at"], s["title"], s["kind"]) for s in planned["sessions"]
        ]
        assert [s["position"] for s in day["sessions"]] == list(range(len(planned["sessions"])))
        assert {s["date"] for s in day["sessions"]} == {day["date"]}
        assert {s["stage"] for s in day["sessions"]} == {day["stage"]}
        assert {s["status"] for s in day["sessions"]} == {"planned"}

    flat = client.get(f"/api/v1/workshops/{workshop['id']}/sessions", headers=headers)
    assert flat.status_code == 200
    sessions = flat.get_json()["items"]
    assert sessions == [s for d in days for s in d["sessions"]]
    assert set(sessions[0]) >= set(SESSION_FIELDS)
    one = client.get(f"/api/v1/sessions/{sessions[5]['id']}", headers=headers)
    assert one.status_code == 200
    assert one.get_json() == sessions[5]
    assert one.get_json()["date"] == "2017-08-02" and one.get_json()["day"] == 2


def test_empty_template_has_days_without_sessions(client, auth, alice, headers):
    empty = auth.workshop(alice["id"], template="empty", starts_on=START, days=2)
    days = client.get(f"/api/v1/workshops/{empty['id']}/days", headers=headers).get_json()["items"]
    assert days == [
        {"workshop_id": empty["id"], "number": 1, "date": DATES[0], "stage": "", "sessions": []},
        {"workshop_id": empty["id"], "number": 2, "date": DATES[1], "stage": "", "sessions": []},
    ]


def test_participant_and_projector_read_their_agenda(client, auth, live_workshop):
    workshop = live_workshop  # devices expire 30 days after the last day (issue 17)
    _participant, token = auth.participant(workshop)
    for credential in (token, workshop["projector_key"]):
        for path in (
            f"/api/v1/workshops/{workshop['id']}/sessions",
            f"/api/v1/workshops/{workshop['id']}/days",
        ):
            response = client.get(path, headers=bearer(credential))
            assert response.status_code == 200, path
            assert response.get_json()["items"]
        first = client.get(f"/api/v1/workshops/{workshop['id']}/sessions", headers=bearer(token))
        session_id = first.get_json()["items"][0]["id"]
        assert (
            client.get(f"/api/v1/sessions/{session_id}", headers=bearer(credential)).status_code
            == 200
        )


def test_anonymous_gets_401(client, workshop):
    assert client.get(f"/api/v1/workshops/{workshop['id']}/sessions").status_code == 401
    assert (
        client.post(f"/api/v1/workshops/{workshop['id']}/sessions", json=VALID).status_code == 401
    )


# -- Creating -----------------------------------------------------------------------------


def test_new_session_is_placed_by_its_start_time(client, db, workshop, headers, alice):
    before = day_order(db, workshop["id"], 1)
    response = client.post(
        f"/api/v1/workshops/{workshop['id']}/sessions",
        json=dict(VALID, dimension="governance"),
        headers=headers,
    )
    assert response.status_code == 201
    session = response.get_json()
    assert session["day"] == 1 and session["date"] == DATES[0] and session["stage"] == "Tahap I"
    assert session["dimension"] == "governance" and session["status"] == "planned"
    # 08:30, 09:30, 11:00 | 12:00 (new) | 13:00, 15:30: it lands between 11:00 and 13:00.
    assert session["position"] == 3
    after = client.get(f"/api/v1/workshops/{workshop['id']}/days", headers=headers)
    starts = [s["starts_at"] for s in after.get_json()["items"][0]["sessions"]]
    assert starts == sorted(starts)
    assert len(day_order(db, workshop["id"], 1)) == len(before) + 1
    assert_dense(db, workshop["id"])
    entry = audit.list_entries(db, workshop["id"], limit=1)[0]
    assert entry["action"] == "session_created" and entry["actor_id"] == alice["id"]
    assert entry["object_type"] == "session" and entry["object_id"] == session["id"]


def test_latest_session_goes_to_the_end_and_dimension_is_optional(client, db, workshop, headers):
    body = dict(VALID, starts_at="17:00", ends_at="17:30", status="open")
    response = client.post(
        f"/api/v1/workshops/{workshop['id']}/sessions", json=body, headers=headers
    )
    assert response.status_code == 201
    session = response.get_json()
    assert session["position"] == 5 and session["dimension"] is None
    assert session["status"] == "open"
    assert day_order(db, workshop["id"], 1)[-1] == (5, session["id"])


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"day": 0}, "day"),
        ({"day": 5}, "day"),
        ({"day": "abc"}, "day"),
        ({"day": None}, "day"),
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "bel\x07"}, "title"),
        ({"title": {"nested": 1}}, "title"),
        ({"kind": "lecture"}, "kind"),
        ({"kind": None}, "kind"),
        ({"starts_at": "8:30"}, "starts_at"),
        ({"starts_at": "24:00"}, "starts_at"),
        ({"starts_at": "08:60"}, "starts_at"),
        ({"ends_at": "11:00"}, "ends_at"),
        ({"ends_at": "12:00"}, "ends_at"),
        ({"ends_at": None}, "ends_at"),
        ({"dimension": "tourism"}, "dimension"),
        ({"status": "running"}, "status"),
        ({"position": 0}, "position"),
    ],
)
def test_bad_new_session_is_refused_and_changes_nothing(
    client, db, workshop, headers, changes, field
):
    before = snapshot(db, workshop["id"])
    body = {k: v for k, v in dict(VALID, **changes).items() if v is not None}
    response = client.post(
        f"/api/v1/workshops/{workshop['id']}/sessions", json=body, headers=headers
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_failed"
    assert list(error["fields"]) == [field]
    assert error["fields"][field][0]
    assert snapshot(db, workshop["id"]) == before


def test_error_messages_say_what_to_do_in_indonesian(client, workshop, headers):
    body = dict(VALID, day=7, kind="lecture", ends_at="11:00", dimension="tourism")
    response = client.post(
        f"/api/v1/workshops/{workshop['id']}/sessions", json=body, headers=headers
    )
    fields = response.get_json()["error"]["fields"]
    assert fields["day"] == ["Pilih hari antara 1 dan 4."]
    assert fields["ends_at"] == ["Sesi harus selesai setelah dimulai."]
    assert fields["kind"] == ["Pilih jenis sesi."]
    assert fields["dimension"] == ["Pilih salah satu dimensi lokakarya ini, atau tanpa dimensi."]


def test_body_must_be_json(client, db, workshop, headers):
    before = snapshot(db, workshop["id"])
    response = client.post(
        f"/api/v1/workshops/{workshop['id']}/sessions", data="day=1", headers=headers
    )
    assert response.status_code == 400
    assert snapshot(db, workshop["id"]) == before


# -- Changing ------------------------------------------------------------------------------


def first_session(db, workshop_id, day=1, position=0):
    return next(
        db.query(
            "SELECT * FROM sessions WHERE workshop_id = ? AND day = ? AND position = ?",
            [workshop_id, day, position],
        )
    )


def test_patch_changes_only_what_was_sent(client, db, workshop, headers):
    row = first_session(db, workshop["id"])
    response = client.patch(
        f"/api/v1/sessions/{row['id']}",
        json={"title": "Pembukaan", "status": "open", "dimension": "economy"},
        headers=headers,
    )
    assert response.status_code == 200
    session = response.get_json()
    assert (session["title"], session["status"], session["dimension"]) == (
        "Pembukaan",
        "open",
        "economy",
    )
    stored = first_session(db, workshop["id"])
    assert stored["title"] == "Pembukaan" and stored["status"] == "open"
    assert (stored["starts_at"], stored["ends_at"], stored["kind"]) == (
        row["starts_at"],
        row["ends_at"],
        row["kind"],
    )
    assert audit.list_entries(db, workshop["id"], limit=1)[0]["details"] == {
        "title": "Pembukaan",
        "status": "open",
        "dimension": "economy",
    }
    cleared = client.patch(
        f"/api/v1/sessions/{row['id']}", json={"dimension": None}, headers=headers
    )
    assert cleared.status_code == 200 and cleared.get_json()["dimension"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"day": 9}, "day"),
        ({"day": "x"}, "day"),
        ({"kind": "keynote"}, "kind"),
        ({"title": ""}, "title"),
        ({"status": "done"}, "status"),
        ({"dimension": "nope"}, "dimension"),
        ({"starts_at": "9.30"}, "starts_at"),
        # The first session is 08:30–09:30: a partial change must still end after it starts.
        ({"ends_at": "08:00"}, "ends_at"),
        ({"starts_at": "10:00"}, "starts_at"),
        ({"starts_at": "10:00", "ends_at": "09:00"}, "ends_at"),
        ({"id": 99}, "id"),
        ({"workshop_id": 2}, "workshop_id"),
    ],
)
def test_bad_patch_is_refused_and_changes_nothing(client, db, workshop, headers, body, field):
    row = first_session(db, workshop["id"])
    before = snapshot(db, workshop["id"])
    response = client.patch(f"/api/v1/sessions/{row['id']}", json=body, headers=headers)
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == [field]
    assert snapshot(db, workshop["id"]) == before


def test_move_up_and_down_swaps_neighbours_and_keeps_positions_dense(client, db, workshop, headers):
    order = [sid for _, sid in day_order(db, workshop["id"], 1)]
    last = order[-1]
    for _ in range(2):
        response = client.post(
            f"/api/v1/sessions/{last}/move", json={"direction": "up"}, headers=headers
        )
        assert response.status_code == 200
    assert response.get_json()["position"] == len(order) - 3
    expected = order[:-3] + [last] + order[-3:-1]
    assert [sid for _, sid in day_order(db, workshop["id"], 1)] == expected
    response = client.post(
        f"/api/v1/sessions/{last}/move", json={"direction": "down"}, headers=headers
    )
    assert response.status_code == 200
    assert [sid for _, sid in day_order(db, workshop["id"], 1)] == (
        order[:-2] + [last] + order[-2:-1]
    )
    assert_dense(db, workshop["id"])
    assert audit.list_entries(db, workshop["id"], limit=1)[0]["action"] == "session_moved"


@pytest.mark.parametrize(
    ("where", "direction", "status", "code"),
    [
        ("first", "up", 409, "session_first"),
        ("last", "down", 409, "session_last"),
        ("first", "sideways", 422, "validation_failed"),
        ("first", None, 422, "validation_failed"),
    ],
)
def test_move_refusals_change_nothing(
    client, db, workshop, headers, where, direction, status, code
):
    order = [sid for _, sid in day_order(db, workshop["id"], 1)]
    session_id = order[0] if where == "first" else order[-1]
    before = snapshot(db, workshop["id"])
    body = {} if direction is None else {"direction": direction}
    response = client.post(f"/api/v1/sessions/{session_id}/move", json=body, headers=headers)
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code
    assert snapshot(db, workshop["id"]) == before


def test_moving_to_another_day_puts_the_session_at_its_end(client, db, workshop, headers):
    moved = first_session(db, workshop["id"], day=1, position=1)
    day3 = day_order(db, workshop["id"], 3)
    response = client.patch(f"/api/v1/sessions/{moved['id']}", json={"day": 3}, headers=headers)
    assert response.status_code == 200
    session = response.get_json()
    assert (session["day"], session["date"], session["stage"]) == (3, DATES[2], "Tahap II")
    assert session["position"] == len(day3)
    assert day_order(db, workshop["id"], 3)[-1] == (len(day3), moved["id"])
    assert moved["id"] not in [sid for _, sid in day_order(db, workshop["id"], 1)]
    assert_dense(db, workshop["id"])


def test_open_session_cannot_be_deleted_until_closed(client, db, workshop, headers):
    row = first_session(db, workshop["id"], position=2)
    client.patch(f"/api/v1/sessions/{row['id']}", json={"status": "open"}, headers=headers)
    before = snapshot(db, workshop["id"])
    response = client.delete(f"/api/v1/sessions/{row['id']}", headers=headers)
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "session_open"
    assert error["message"] == "Tutup sesi ini sebelum menghapusnya."
    assert snapshot(db, workshop["id"]) == before

    client.patch(f"/api/v1/sessions/{row['id']}", json={"status": "closed"}, headers=headers)
    response = client.delete(f"/api/v1/sessions/{row['id']}", headers=headers)
    assert response.status_code == 204
    assert client.get(f"/api/v1/sessions/{row['id']}", headers=headers).status_code == 404
    assert row["id"] not in [sid for _, sid in day_order(db, workshop["id"], 1)]
    assert_dense(db, workshop["id"])
    entry = audit.list_entries(db, workshop["id"], limit=1)[0]
    assert entry["action"] == "session_deleted" and entry["object_id"] == row["id"]


def test_session_with_work_attached_cannot_be_deleted(client, db, workshop, headers):
    """Whatever table points at sessions (ideas, polls …), its rows are never cascaded away."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS test_attached (id INTEGER PRIMARY KEY,"
        " session_id INTEGER REFERENCES sessions(id) ON DELETE CASCADE)"
    )
    row = first_session(db, workshop["id"])
    db.execute("INSERT INTO test_attached (session_id) VALUES (?)", [row["id"]])
    before = snapshot(db, workshop["id"])
    response = client.delete(f"/api/v1/sessions/{row['id']}", headers=headers)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "session_in_use"
    assert snapshot(db, workshop["id"]) == before


def test_stage_of_a_day(client, db, workshop, headers):
    response = client.patch(
        f"/api/v1/workshops/{workshop['id']}/days/2", json={"stage": " Tahap IB "}, headers=headers
    )
    assert response.status_code == 200
    day = response.get_json()
    assert (day["number"], day["date"], day["stage"]) == (2, DATES[1], "Tahap IB")
    assert {s["stage"] for s in day["sessions"]} == {"Tahap IB"}
    entry = audit.list_entries(db, workshop["id"], limit=1)[0]
    assert entry["action"] == "day_updated" and entry["details"] == {"stage": "Tahap IB"}
    cleared = client.patch(
        f"/api/v1/workshops/{workshop['id']}/days/2", json={"stage": ""}, headers=headers
    )
    assert cleared.status_code == 200 and cleared.get_json()["stage"] == ""


@pytest.mark.parametrize(
    ("number", "body", "status"),
    [
        (2, {"stage": "x" * 61}, 422),
        (2, {}, 422),
        (2, {"stage": None}, 422),
        (2, {"stage": "Tahap I", "date": "2017-08-09"}, 422),
        (9, {"stage": "Tahap IX"}, 404),
    ],
)
def test_bad_stage_changes_nothing(client, db, workshop, headers, number, body, status):
    before = snapshot(db, workshop["id"])
    response = client.patch(
        f"/api/v1/workshops/{workshop['id']}/days/{number}", json=body, headers=headers
    )
    assert response.status_code == status
    assert snapshot(db, workshop["id"]) == before


# -- Who may -------------------------------------------------------------------------------


def test_another_workshops_sessions_are_404(client, db, auth, workshop, headers):
    bob = auth.create("bob")
    theirs = auth.workshop(bob["id"], starts_on=START)
    row = first_session(db, theirs["id"])
    before = snapshot(db, theirs["id"])
    calls = [
        ("get", f"/api/v1/sessions/{row['id']}", None),
        ("patch", f"/api/v1/sessions/{row['id']}", {"title": "Diambil alih"}),
        ("delete", f"/api/v1/sessions/{row['id']}", None),
        ("post", f"/api/v1/sessions/{row['id']}/move", {"direction": "down"}),
        ("get", f"/api/v1/workshops/{theirs['id']}/sessions", None),
        ("post", f"/api/v1/workshops/{theirs['id']}/sessions", VALID),
        ("get", f"/api/v1/workshops/{theirs['id']}/days", None),
        ("patch", f"/api/v1/workshops/{theirs['id']}/days/1", {"stage": "X"}),
        ("get", "/api/v1/sessions/999999", None),
    ]
    for method, path, body in calls:
        response = getattr(client, method)(path, json=body, headers=headers)
        assert response.status_code == 404, (method, path)
        assert response.get_json()["error"]["code"] == "not_found"
    assert snapshot(db, theirs["id"]) == before


def test_participant_and_projector_cannot_write(client, db, auth, live_workshop):
    workshop = live_workshop  # devices expire 30 days after the last day (issue 17)
    _participant, token = auth.participant(workshop)
    row = first_session(db, workshop["id"])
    before = snapshot(db, workshop["id"])
    for credential in (token, workshop["projector_key"]):
        calls = [
            ("post", f"/api/v1/workshops/{workshop['id']}/sessions", VALID),
            ("patch", f"/api/v1/sessions/{row['id']}", {"status": "open"}),
            ("delete", f"/api/v1/sessions/{row['id']}", None),
            ("post", f"/api/v1/sessions/{row['id']}/move", {"direction": "down"}),
            ("patch", f"/api/v1/workshops/{workshop['id']}/days/1", {"stage": "X"}),
        ]
        for method, path, body in calls:
            response = getattr(client, method)(path, json=body, headers=bearer(credential))
            assert response.status_code == 403, (method, path)
            assert response.get_json()["error"]["code"] == "forbidden"
    assert snapshot(db, workshop["id"]) == before


# -- Live pushes ------------------------------------------------------------------------------


def test_changes_are_pushed_to_facilitators_and_participants(
    app, auth, db, live_workshop, headers, socket_client
):
    workshop = live_workshop  # devices expire 30 days after the last day (issue 17)
    bob = auth.create("bob")
    db.execute(
        "INSERT INTO workshop_facilitators (workshop_id, facilitator_id, added_at)"
        " VALUES (?, ?, '2017-08-01T00:00:00Z')",
        [workshop["id"], bob["id"]],
    )
    _participant, device = auth.participant(workshop)
    bob_socket = socket_client(
        auth={"token": auth.token("bob"), "workshop_id": workshop["id"]},
        flask_client=app.test_client(),
    )
    participant_socket = socket_client(auth={"token": device}, flask_client=app.test_client())
    carol = auth.create("carol")
    other = auth.workshop(carol["id"])
    outsider = socket_client(
        auth={"token": auth.token("carol"), "workshop_id": other["id"]},
        flask_client=app.test_client(),
    )
    sockets = (bob_socket, participant_socket, outsider)
    assert all(sc.is_connected() for sc in sockets)
    for sc in sockets:
        sc.get_received()

    http = app.test_client()
    row = first_session(db, workshop["id"])
    changed = http.patch(
        f"/api/v1/sessions/{row['id']}", json={"status": "open"}, headers=headers
    ).get_json()
    assert events(bob_socket, "session_updated") == [changed]
    assert events(participant_socket, "session_updated") == [changed]

    last = first_session(db, workshop["id"], position=4)
    http.patch(f"/api/v1/sessions/{last['id']}", json={"status": "closed"}, headers=headers)
    bob_socket.get_received()
    participant_socket.get_received()
    response = http.delete(f"/api/v1/sessions/{last['id']}", headers=headers)
    assert response.status_code == 204
    assert events(bob_socket, "session_updated") == [{"id": last["id"], "deleted": True}]
    assert events(participant_socket, "session_updated") == [{"id": last["id"], "deleted": True}]

    http.post(f"/api/v1/sessions/{row['id']}/move", json={"direction": "down"}, headers=headers)
    moved = events(participant_socket, "session_updated")
    assert sorted(s["position"] for s in moved) == [0, 1]
    assert row["id"] in {s["id"] for s in moved}

    stage_path = f"/api/v1/workshops/{workshop['id']}/days/1"
    http.patch(stage_path, json={"stage": "Pembuka"}, headers=headers)
    pushed = events(bob_socket, "day_updated")
    assert [(d["number"], d["stage"]) for d in pushed] == [(1, "Pembuka")]
    assert events(outsider, "session_updated") == [] and events(outsider, "day_updated") == []


# -- The page (works without JavaScript) --------------------------------------------------


def text_of(html):
    """Visible text with tags removed and spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@pytest.fixture
def page(client, auth, alice, workshop):
    auth.login()
    html = client.get(f"/workshops/{workshop['id']}/agenda").get_data(as_text=True)
    return html


def test_page_shows_stages_days_and_sessions_in_indonesian(page, workshop):
    text = text_of(page)
    assert "Tahap I · Hari ke-1 · Selasa, 1 Agustus 2017" in text
    assert "Tahap III · Hari ke-4 · Jumat, 4 Agustus 2017" in text
    assert "08.30–09.30" in text
    assert "Pembukaan dan arahan kebijakan Smart City" in text
    for label in ("Paparan", "Usulan", "Pemungutan suara", "Diskusi", "Direncanakan"):
        assert label in text
    assert 'aria-label="Naikkan sesi Pembukaan dan arahan kebijakan Smart City"' in page
    assert 'aria-label="Turunkan sesi Prioritas isu strategis"' in page
    assert "Tambah sesi pada hari ke-1" in text
    assert "is-today" not in page  # 2017 is over


def test_page_highlights_today_while_the_workshop_runs(client, auth, alice):
    import datetime

    running = auth.workshop(alice["id"], starts_on=datetime.date.today().isoformat())
    auth.login()
    html = client.get(f"/workshops/{running['id']}/agenda").get_data(as_text=True)
    assert re.search(r'class="panel agenda-day is-today" id="day-1"', html)
    assert 'aria-current="date"' in html and "Hari ini" in html
    assert 'id="day-2" ' in html and 'class="panel agenda-day is-today" id="day-2"' not in html


def test_page_needs_a_facilitator_of_the_workshop(client, auth, workshop):
    response = client.get(f"/workshops/{workshop['id']}/agenda")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    auth.create("bob")
    auth.login("bob")
    assert client.get(f"/workshops/{workshop['id']}/agenda").status_code == 404


def test_page_forms_work_without_javascript(client, db, page, workshop):
    wid = workshop["id"]
    token = csrf_from(page)
    response = client.post(
        f"/workshops/{wid}/agenda/days/2/sessions",
        data=posted(
            "add2",
            token,
            title="Kunjungan lapangan",
            kind="talk",
            starts_at="07:00",
            ends_at="08:00",
            dimension="living",
        ),
    )
    assert response.status_code == 302
    new = first_session(db, wid, day=2, position=0)
    assert (new["title"], new["dimension"]) == ("Kunjungan lapangan", "living")
    assert response.headers["Location"].endswith(f"/agenda#session-{new['id']}")
    landing = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sesi ditambahkan: Kunjungan lapangan" in landing

    client.post(
        f"/workshops/{wid}/agenda/sessions/{new['id']}/move",
        data={"csrf_token": token, "direction": "down"},
    )
    assert day_order(db, wid, 2)[1] == (1, new["id"])

    client.post(
        f"/workshops/{wid}/agenda/sessions/{new['id']}/status",
        data={"csrf_token": token, f"st{new['id']}-status": "open"},
    )
    assert first_session(db, wid, day=2, position=1)["status"] == "open"
    refused = client.post(
        f"/workshops/{wid}/agenda/sessions/{new['id']}/delete", data={"csrf_token": token}
    )
    assert "Tutup sesi ini sebelum menghapusnya." in text_of(
        client.get(refused.headers["Location"]).get_data(as_text=True)
    )

    client.post(
        f"/workshops/{wid}/agenda/sessions/{new['id']}",
        data=posted(
            f"s{new['id']}",
            token,
            title="Kunjungan",
            kind="ideas",
            starts_at="07:00",
            ends_at="08:00",
            dimension="",
            day="4",
        ),
    )
    edited = next(db.query("SELECT * FROM sessions WHERE id = ?", [new["id"]]))
    assert (edited["title"], edited["kind"], edited["dimension"], edited["day"]) == (
        "Kunjungan",
        "ideas",
        None,
        4,
    )
    assert edited["status"] == "open"  # the edit form leaves the status alone
    assert_dense(db, wid)

    client.post(f"/workshops/{wid}/agenda/days/4", data=posted("day4", token, stage="Akhir"))
    stages = {
        d["number"]: d["stage"] for d in db.query("SELECT * FROM days WHERE workshop_id = ?", [wid])
    }
    assert stages[4] == "Akhir"


def test_page_form_errors_are_shown_with_422_and_change_nothing(client, db, page, workshop):
    wid = workshop["id"]
    before = snapshot(db, wid)
    token = csrf_from(page)
    response = client.post(
        f"/workshops/{wid}/agenda/days/1/sessions",
        data=posted("add1", token, title="", kind="talk", starts_at="10:00", ends_at="09:00"),
    )
    assert response.status_code == 422
    text = text_of(response.get_data(as_text=True))
    assert "Judul wajib diisi (maks. 200 karakter)." in text
    assert "Sesi harus selesai setelah dimulai." in text
    assert 'aria-invalid="true"' in response.get_data(as_text=True)

    response = client.post(
        f"/workshops/{wid}/agenda/days/3", data={"csrf_token": token, "day3-stage": "x" * 61}
    )
    assert response.status_code == 422
    assert "Maksimal 60 karakter." in text_of(response.get_data(as_text=True))

    no_csrf = client.post(f"/workshops/{wid}/agenda/days/3", data={"day3-stage": "Tahap X"})
    assert no_csrf.status_code == 400
    assert snapshot(db, wid) == before
