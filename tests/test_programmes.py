"""Issue 15: programmes (codes, supporting OPDs, years, indicators), promotion, quick wins."""

import pytest

from tests.conftest import bearer, unbatched

INDICATORS = [
    {"name": "Izin terbit online", "unit": "%", "baseline": "20", "target": "90"},
    {"name": "Waktu layanan", "unit": "hari", "target": "3"},
]


@pytest.fixture
def hall(app, auth, db):
    """The Bimtek workshop with its programmes and issues sessions open, two participants."""
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    by_purpose = {
        (s["kind"], s["purpose"]): s
        for s in db.query("SELECT * FROM sessions WHERE workshop_id = ?", [workshop["id"]])
    }
    programs = by_purpose[("ideas", "programs")]
    issues = by_purpose[("ideas", "issues")]
    for s in (programs, issues):
        db.execute("UPDATE sessions SET status = 'open' WHERE id = ?", [s["id"]])
    opds = {
        o["code"]: o["id"]
        for o in db.query("SELECT id, code FROM opds WHERE workshop_id = ?", [workshop["id"]])
    }
    rina, rina_token = auth.participant(workshop, "Rina", "Bappeda")
    dewi, dewi_token = auth.participant(workshop, "Dewi", "Diskominfo")
    return {
        "workshop": workshop,
        "programs": programs,
        "issues": issues,
        "opds": opds,
        "fac": bearer(auth.token()),
        "rina": bearer(rina_token),
        "dewi": bearer(dewi_token),
    }


def post_idea(client, hall, headers=None, session="programs", **fields):
    body = {"title": "Perizinan online", "dimension": "governance", **fields}
    return client.post(
        f"/api/v1/sessions/{hall[session]['id']}/ideas", json=body, headers=headers or hall["fac"]
    )


def patch(client, hall, idea_id, headers=None, **fields):
    return client.patch(f"/api/v1/ideas/{idea_id}", json=fields, headers=headers or hall["fac"])


def test_codes_per_dimension_never_reused(client, db, hall):
    a = post_idea(client, hall).get_json()
    b = post_idea(client, hall, title="Kedua").get_json()
    c = post_idea(client, hall, dimension="economy", title="Pasar").get_json()
    assert (a["code"], b["code"], c["code"]) == ("SG-01", "SG-02", "SE-01")
    # An issue (another purpose) has no code.
    issue = post_idea(client, hall, session="issues").get_json()
    assert issue["code"] is None
    # Merged or hidden, a code stays taken.
    assert (
        client.post(
            f"/api/v1/ideas/{b['id']}/merge", json={"into": a["id"]}, headers=hall["fac"]
        ).status_code
        == 200
    )
    d = post_idea(client, hall, title="Ketiga").get_json()
    assert d["code"] == "SG-03"
    # Moving to another dimension gives that dimension's next code; the old one is retired.
    moved = patch(client, hall, d["id"], dimension="economy").get_json()
    assert moved["code"] == "SE-02"
    assert post_idea(client, hall, title="Keempat").get_json()["code"] == "SG-04"
    # Editing other fields keeps the code.
    assert patch(client, hall, a["id"], title="Baru").get_json()["code"] == "SG-01"
    got = client.get(f"/api/v1/ideas/{a['id']}", headers=hall["fac"]).get_json()
    assert got["code"] == "SG-01"


def test_programme_fields_are_stored_and_returned(client, hall):
    opds = hall["opds"]
    made = post_idea(
        client,
        hall,
        responsible_opd_id=opds["DPMPTSP"],
        supporting_opd_ids=[opds["Diskominfo"], opds["Bappeda"], opds["Diskominfo"]],
        year_start=2026,
        year_end="2028",
        indicators=INDICATORS,
    )
    assert made.status_code == 201, made.get_json()
    idea = made.get_json()
    assert idea["supporting_opd_ids"] == [opds["Diskominfo"], opds["Bappeda"]]
    assert (idea["year_start"], idea["year_end"]) == (2026, 2028)
    assert idea["indicators"] == [
        INDICATORS[0],
        {"name": "Waktu layanan", "unit": "hari", "baseline": "", "target": "3"},
    ]
    listed = client.get(f"/api/v1/sessions/{hall['programs']['id']}/ideas", headers=hall["rina"])
    assert listed.get_json()["items"][0]["indicators"][0]["target"] == "90"
    changed = patch(client, hall, idea["id"], indicators=[], year_end=2030).get_json()
    assert changed["indicators"] == [] and changed["year_end"] == 2030


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"year_start": 2028, "year_end": 2026}, "year_end"),
        ({"year_start": 1850}, "year_start"),
        ({"year_end": "soon"}, "year_end"),
        ({"supporting_opd_ids": [999999]}, "supporting_opd_ids"),
        ({"supporting_opd_ids": "x"}, "supporting_opd_ids"),
        ({"indicators": [{"name": "Tanpa target"}]}, "indicators"),
        ({"indicators": [{"target": "90"}]}, "indicators"),
        ({"indicators": [{"name": "x", "target": "1", "colour": "red"}]}, "indicators"),
        ({"indicators": [{"name": "x" * 201, "target": "1"}]}, "indicators"),
        ({"indicators": [{"name": "x", "target": "1"}] * 11}, "indicators"),
        ({"indicators": "banyak"}, "indicators"),
        ({"indicators": [{"name": ["x"], "target": "1"}]}, "indicators"),
    ],
)
def test_bad_programme_fields_are_422_in_both_languages(client, db, hall, fields, field):
    before = db.execute("SELECT COUNT(*) FROM ideas").fetchone()[0]
    for lang in ("id", "en"):
        response = client.post(
            f"/api/v1/sessions/{hall['programs']['id']}/ideas",
            json={"title": "X", "dimension": "governance", **fields},
            headers={**hall["fac"], "Accept-Language": lang},
        )
        assert response.status_code == 422, response.get_json()
        assert field in response.get_json()["error"]["fields"]
    assert db.execute("SELECT COUNT(*) FROM ideas").fetchone()[0] == before


def test_the_responsible_opd_cannot_also_support(client, hall):
    opds = hall["opds"]
    response = post_idea(
        client, hall, responsible_opd_id=opds["Bappeda"], supporting_opd_ids=[opds["Bappeda"]]
    )
    assert "supporting_opd_ids" in response.get_json()["error"]["fields"]
    idea = post_idea(client, hall, supporting_opd_ids=[opds["Bappeda"]]).get_json()
    # Making a supporting OPD the responsible one is refused too.
    response = patch(client, hall, idea["id"], responsible_opd_id=opds["Bappeda"])
    assert response.status_code == 422
    assert "supporting_opd_ids" in response.get_json()["error"]["fields"]


def test_participants_send_programme_fields_only_where_the_form_shows_them(client, hall):
    sid = hall["programs"]["id"]
    body = {"year_start": 2026, "year_end": 2027, "indicators": INDICATORS[:1]}
    idea = post_idea(client, hall, hall["rina"], client_id="a1", **body).get_json()
    assert idea["year_start"] is None and idea["indicators"] == []
    assert idea["code"] == "SG-01"
    switched = client.patch(
        f"/api/v1/sessions/{sid}", json={"program_fields": True}, headers=hall["fac"]
    )
    assert switched.get_json()["program_fields"] is True
    idea = post_idea(client, hall, hall["rina"], client_id="a2", **body).get_json()
    assert idea["year_start"] == 2026 and idea["indicators"][0]["name"] == "Izin terbit online"
    # Their own, while open; not someone else's.
    assert patch(client, hall, idea["id"], hall["rina"], year_end=2029).status_code == 200
    assert patch(client, hall, idea["id"], hall["dewi"], year_end=2030).status_code == 403
    client.patch(f"/api/v1/sessions/{sid}", json={"status": "closed"}, headers=hall["fac"])
    assert patch(client, hall, idea["id"], hall["rina"], year_end=2030).status_code == 409
    assert patch(client, hall, idea["id"], year_end=2031).get_json()["year_end"] == 2031


def test_promote_keeps_provenance(client, db, hall, socket_client):
    issue = post_idea(
        client, hall, session="issues", description="Antrean panjang", element="service"
    ).get_json()
    listener = socket_client(
        {"token": hall["fac"]["Authorization"][7:], "workshop_id": hall["workshop"]["id"]}
    )
    response = client.post(
        f"/api/v1/ideas/{issue['id']}/promote",
        json={"session_id": hall["programs"]["id"]},
        headers=hall["fac"],
    )
    assert response.status_code == 201, response.get_json()
    programme = response.get_json()
    assert programme["promoted_from"] == issue["id"]
    assert programme["session_id"] == hall["programs"]["id"]
    assert (programme["title"], programme["description"], programme["element"]) == (
        issue["title"],
        "Antrean panjang",
        "service",
    )
    assert programme["code"] == "SG-01"
    events = unbatched(listener.get_received())
    assert any(
        e["name"] == "idea_created" and e["args"][0]["id"] == programme["id"] for e in events
    )
    audit = db.execute(
        "SELECT details FROM audit WHERE action = 'idea_created' AND object_id = ?",
        [programme["id"]],
    ).fetchone()[0]
    assert f'"promoted_from": {issue["id"]}' in audit
    # Only into a programmes session; only facilitators.
    bad = client.post(
        f"/api/v1/ideas/{issue['id']}/promote",
        json={"session_id": hall["issues"]["id"]},
        headers=hall["fac"],
    )
    assert bad.status_code == 422 and "session_id" in bad.get_json()["error"]["fields"]
    missing = client.post(f"/api/v1/ideas/{issue['id']}/promote", json={}, headers=hall["fac"])
    assert missing.status_code == 422
    refused = client.post(
        f"/api/v1/ideas/{issue['id']}/promote",
        json={"session_id": hall["programs"]["id"]},
        headers=hall["rina"],
    )
    assert refused.status_code == 403


def test_quick_wins(client, db, hall):
    programme = post_idea(client, hall).get_json()
    issue = post_idea(client, hall, session="issues").get_json()
    url = f"/api/v1/ideas/{programme['id']}/quick-win"
    no_reason = client.post(url, json={"reason": "  "}, headers=hall["fac"])
    assert no_reason.status_code == 422 and "reason" in no_reason.get_json()["error"]["fields"]
    not_programme = client.post(
        f"/api/v1/ideas/{issue['id']}/quick-win", json={"reason": "x"}, headers=hall["fac"]
    )
    assert not_programme.status_code == 422
    assert client.post(url, json={"reason": "x"}, headers=hall["rina"]).status_code == 403
    marked = client.post(url, json={"reason": "Murah dan cepat"}, headers=hall["fac"])
    assert marked.status_code == 200
    assert marked.get_json()["quick_win"]["reason"] == "Murah dan cepat"
    listed = client.get(
        f"/api/v1/workshops/{hall['workshop']['id']}/quick-wins", headers=hall["fac"]
    ).get_json()["items"]
    assert [(q["idea_id"], q["code"], q["reason"]) for q in listed] == [
        (programme["id"], "SG-01", "Murah dan cepat")
    ]
    actions = [r[0] for r in db.execute("SELECT action FROM audit ORDER BY id")]
    assert "quick_win_marked" in actions
    assert client.delete(url, headers=hall["fac"]).get_json()["quick_win"] is None
    again = client.delete(url, headers=hall["fac"])  # idempotent
    assert again.status_code == 200 and again.get_json()["quick_win"] is None
    assert "quick_win_unmarked" in [r[0] for r in db.execute("SELECT action FROM audit")]


def make_poll(client, hall, session_id, title, method, idea_ids, close=True):
    made = client.post(
        f"/api/v1/sessions/{session_id}/polls",
        json={"title": title, "method": method, "idea_ids": idea_ids},
        headers=hall["fac"],
    )
    assert made.status_code == 201, made.get_json()
    poll = made.get_json()
    if close:
        assert (
            client.post(
                f"/api/v1/polls/{poll['id']}/open", json={}, headers=hall["fac"]
            ).status_code
            == 200
        )
        assert (
            client.post(
                f"/api/v1/polls/{poll['id']}/close", json={}, headers=hall["fac"]
            ).status_code
            == 200
        )
    return poll


def test_the_priority_rule_picks_each_dimensions_own_poll(app, auth, client, db, hall):
    """The issue's case: dedicated polls per dimension, then a 6-item confirmation poll and a
    12-item matrix poll closed later: each dimension keeps its own poll."""
    vote = next(
        db.query(
            "SELECT id FROM sessions WHERE workshop_id = ? AND kind = 'vote'"
            " AND purpose = 'programs'",
            [hall["workshop"]["id"]],
        )
    )["id"]
    dims = ("governance", "economy", "living")
    progs = {
        d: [
            post_idea(client, hall, dimension=d, title=f"{d} {n}").get_json()["id"]
            for n in range(5)
        ]
        for d in dims
    }
    dedicated = {
        d: make_poll(client, hall, vote, f"Prioritas {d}", "ranking", progs[d])["id"] for d in dims
    }
    make_poll(client, hall, vote, "Konfirmasi", "approval", [i for d in dims for i in progs[d][:2]])
    matrix = make_poll(
        client, hall, vote, "Matriks", "matrix", [i for d in dims for i in progs[d][:4]]
    )
    make_poll(
        client,
        hall,
        vote,
        "Draf besar",
        "approval",
        [i for d in dims for i in progs[d]] * 1,
        close=False,
    )
    url = f"/api/v1/workshops/{hall['workshop']['id']}/priorities"
    got = {p["dimension"]: p for p in client.get(url, headers=hall["fac"]).get_json()["items"]}
    for d in dims:
        assert got[d] == {"dimension": d, "poll_id": dedicated[d], "chosen": "rule"}
    assert got["society"] == {"dimension": "society", "poll_id": None, "chosen": "rule"}
    assert len(got) == 6
    # Ties go to the poll closed last: a second full poll of economy wins the rule.
    again = make_poll(client, hall, vote, "Ulang ekonomi", "dots", progs["economy"])["id"]
    got = {p["dimension"]: p for p in client.get(url, headers=hall["fac"]).get_json()["items"]}
    assert got["economy"]["poll_id"] == again
    # An explicit choice wins over the rule; null clears it.
    put = client.put(f"{url}/governance", json={"poll_id": matrix["id"]}, headers=hall["fac"])
    assert put.status_code == 200, put.get_json()
    assert put.get_json() == {
        "dimension": "governance",
        "poll_id": matrix["id"],
        "chosen": "explicit",
    }
    got = {p["dimension"]: p for p in client.get(url, headers=hall["fac"]).get_json()["items"]}
    assert got["governance"]["chosen"] == "explicit"
    assert "priority_set" in [r[0] for r in db.execute("SELECT action FROM audit")]
    cleared = client.put(f"{url}/governance", json={"poll_id": None}, headers=hall["fac"])
    assert cleared.get_json() == {
        "dimension": "governance",
        "poll_id": dedicated["governance"],
        "chosen": "rule",
    }
    # Another workshop's poll, a missing body, an unknown dimension, a participant.
    other = auth.workshop(auth.create("bob")["id"], title="Lain")
    other_vote = next(
        db.query("SELECT id FROM sessions WHERE workshop_id = ? AND kind = 'vote'", [other["id"]])
    )["id"]
    bob = bearer(auth.token("bob"))
    foreign = client.post(
        f"/api/v1/sessions/{other_vote}/polls",
        json={"title": "x", "method": "dots", "idea_ids": []},
        headers=bob,
    )
    foreign_id = foreign.get_json().get("id") if foreign.status_code == 201 else 999999
    for body in ({"poll_id": foreign_id}, {"poll_id": 999999}, {}, {"poll_id": "x"}):
        response = client.put(f"{url}/governance", json=body, headers=hall["fac"])
        assert response.status_code == 422, body
        assert "poll_id" in response.get_json()["error"]["fields"]
    assert (
        client.put(f"{url}/nowhere", json={"poll_id": None}, headers=hall["fac"]).status_code == 404
    )
    assert (
        client.put(f"{url}/governance", json={"poll_id": None}, headers=hall["rina"]).status_code
        == 403
    )
    assert client.put(f"{url}/governance", json={"poll_id": None}, headers=bob).status_code == 404
    assert client.get(url, headers=hall["rina"]).status_code == 200
    assert client.get(url, headers=bob).status_code == 404
    # The export's data carries the same answer.
    from workshop.export.model import gather

    assert (
        gather(db, hall["workshop"]["id"])["priorities"]
        == client.get(url, headers=hall["fac"]).get_json()["items"]
    )


def test_json_round_trip_keeps_programmes(app, auth, client, db, hall, tmp_path):
    """Codes, counters, indicators, supporting OPDs, years, provenance, quick wins and the
    explicit priorities survive export → import → export; no code is given twice after."""
    from workshop.db import immediate
    from workshop.export import jsondump, model
    from workshop.export.importer import import_workshop

    opds = hall["opds"]
    issue = post_idea(client, hall, session="issues", title="Antrean").get_json()
    first = post_idea(
        client,
        hall,
        responsible_opd_id=opds["DPMPTSP"],
        supporting_opd_ids=[opds["Bappeda"]],
        year_start=2026,
        year_end=2027,
        indicators=INDICATORS,
    ).get_json()
    gone = post_idea(client, hall, title="Dihapus").get_json()
    patch(client, hall, gone["id"], status="hidden")
    promoted = client.post(
        f"/api/v1/ideas/{issue['id']}/promote",
        json={"session_id": hall["programs"]["id"]},
        headers=hall["fac"],
    ).get_json()
    client.post(
        f"/api/v1/ideas/{first['id']}/quick-win", json={"reason": "Cepat"}, headers=hall["fac"]
    )
    vote = next(
        db.query(
            "SELECT id FROM sessions WHERE workshop_id = ? AND kind = 'vote'"
            " AND purpose = 'programs'",
            [hall["workshop"]["id"]],
        )
    )["id"]
    poll = make_poll(client, hall, vote, "Prioritas", "approval", [first["id"]])
    client.put(
        f"/api/v1/workshops/{hall['workshop']['id']}/priorities/economy",
        json={"poll_id": poll["id"]},
        headers=hall["fac"],
    )
    before = model.gather(db, hall["workshop"]["id"])
    assert before["code_counters"] == {"governance": 3}
    raw = jsondump.dump(before)
    with immediate(db):
        new_id, _report = import_workshop(db, jsondump.load(raw))
    after = model.gather(db, new_id)
    assert jsondump.comparable(after) == jsondump.comparable(before)
    by_title = {i["title"]: i for i in after["ideas"]}
    moved = by_title["Perizinan online"]
    assert moved["code"] == "SG-01" and moved["indicators"] == first["indicators"]
    assert moved["supporting_opd_ids"] != first["supporting_opd_ids"]  # the new workshop's ids
    assert moved["quick_win"]["reason"] == "Cepat"
    assert [p for p in after["priorities"] if p["chosen"] == "explicit"] == [
        {"dimension": "economy", "poll_id": after["polls"][0]["id"], "chosen": "explicit"}
    ]
    copy = [i for i in after["ideas"] if i["code"] == promoted["code"]][0]
    source = [i for i in after["ideas"] if i["title"] == "Antrean" and i["code"] is None][0]
    assert copy["promoted_from"] == source["id"] != issue["id"]
    # The counters came along: the next programme of the imported workshop is SG-04.
    from workshop.store import agenda, ideas

    session = [
        s
        for s in agenda.list_sessions(db, new_id)
        if s["purpose"] == "programs" and s["kind"] == "ideas"
    ][0]
    with db.atomic():
        row, _ = ideas.create_idea(db, session, {"title": "Baru", "dimension": "governance"})
    assert row["code"] == "SG-04"


def test_the_demo_has_programmes_priorities_and_quick_wins(runner, db):
    assert runner.invoke(args=["demo"]).exit_code == 0
    wid = db.execute("SELECT id FROM workshops").fetchone()[0]
    from workshop.export import model
    from workshop.rules import priorities

    data = model.gather(db, wid)
    # The 28 strategic issues promoted into programmes; the follow-up demo (issue 17) adds five
    # programmes of its own, entered by the facilitator, outside the priority polls.
    programmes = [i for i in data["ideas"] if i["code"] and i["promoted_from"]]
    assert len(programmes) == 28
    assert len([i for i in data["ideas"] if i["code"] and not i["promoted_from"]]) == 5
    assert {i["code"] for i in programmes} >= {"SG-01", "SG-06", "SE-04", "SB-04", "SEN-04"}
    assert all(i["promoted_from"] and i["indicators"] and i["year_start"] for i in programmes)
    assert all(i["year_start"] <= i["year_end"] for i in programmes)
    assert all(i["responsible_opd_id"] not in i["supporting_opd_ids"] for i in programmes)
    chosen = [i for i in programmes if i["quick_win"]]
    assert len(chosen) == 3 and all(i["quick_win"]["reason"] for i in chosen)
    resolved = priorities.resolve(db, wid)
    assert [p["chosen"] for p in resolved] == ["explicit"] * 6
    polls = {p["id"]: p for p in data["polls"]}
    for p in resolved:
        poll = polls[p["poll_id"]]
        assert poll["status"] == "closed" and poll["method"] == "ranking"
        dim_ids = {i["id"] for i in programmes if i["dimension"] == p["dimension"]}
        assert set(poll["idea_ids"]) == dim_ids
    # Without the explicit choices, the rule picks the same polls.
    db.execute("DELETE FROM priorities")
    assert [p["poll_id"] for p in priorities.resolve(db, wid)] == [p["poll_id"] for p in resolved]


def test_sqlite_xlsx_and_csv_carry_programmes(app, runner, auth, db, tmp_path):
    """The demo's quick wins, priorities and counters in the sqlite copy (this workshop's
    only), and the programme columns of the ideas sheet."""
    import io
    import sqlite3
    import zipfile

    from workshop.export import export_workshop, model
    from workshop.export.tables import raw_tables

    assert runner.invoke(args=["demo"]).exit_code == 0
    wid = db.execute("SELECT id FROM workshops").fetchone()[0]
    other = auth.workshop(auth.create("bob")["id"], title="Lain")
    db.execute(
        "INSERT INTO idea_code_counters (workshop_id, dimension, last) VALUES (?, 'x', 9)",
        [other["id"]],
    )
    with app.test_request_context():
        raw = export_workshop(db, wid, "sqlite", "id")[0]
        zipped = export_workshop(db, wid, "csv", "id")[0]
    path = tmp_path / "snap.sqlite"
    path.write_bytes(raw)
    snap = sqlite3.connect(path)
    expected = model.count_rows(db, wid)
    assert (expected["quick_wins"], expected["priorities"]) == (3, 6)
    for table in ("quick_wins", "priorities", "idea_code_counters"):
        assert snap.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == expected[table]  # noqa: S608
    assert snap.execute("PRAGMA foreign_key_check").fetchall() == []
    columns, rows = raw_tables(model.gather(db, wid))["ideas"]
    for name in ("code", "supporting_opds", "indicators", "quick_win", "quick_win_reason"):
        assert name in columns
    marked = [r for r in rows if r[columns.index("quick_win")]]
    assert len(marked) == 3 and all(r[columns.index("quick_win_reason")] for r in marked)
    with zipfile.ZipFile(io.BytesIO(zipped)) as z:
        names = z.namelist()
        assert any(n.endswith("priorities.csv") for n in names)
        ideas_csv = z.read(next(n for n in names if n.endswith("ideas.csv"))).decode("utf-8-sig")
        assert "quick_win_reason" in ideas_csv.splitlines()[0]


def test_the_collection_settings_switch_the_programme_fields(client, hall, socket_client):
    """PUT /idea-settings {"program_fields"} (the wall's settings form) sets the session's
    switch; participants hear it with the settings."""
    sid = hall["programs"]["id"]
    rina = socket_client({"token": hall["rina"]["Authorization"][7:]})
    rina.get_received()
    answer = client.put(
        f"/api/v1/sessions/{sid}/idea-settings", json={"program_fields": True}, headers=hall["fac"]
    )
    assert answer.status_code == 200 and answer.get_json()["program_fields"] is True
    assert client.get(f"/api/v1/sessions/{sid}", headers=hall["fac"]).get_json()["program_fields"]
    pushed = [e["args"][0] for e in rina.get_received() if e["name"] == "session_updated"]
    assert pushed[-1]["idea_settings"]["program_fields"] is True
    read = client.get(f"/api/v1/sessions/{sid}/idea-settings", headers=hall["rina"]).get_json()
    assert read["program_fields"] is True and "program_fields" not in read.get("fields", [])


def test_m013_gives_existing_programmes_their_codes(tmp_path):
    from workshop.db import connect, migrate
    from workshop.store.migrations import migrations

    now = "2026-05-01T08:00:00Z"
    db = connect(str(tmp_path / "old.db"))
    migrations.apply(db, stop_before="m013_programmes")
    db.execute(
        "INSERT INTO workshops (title, city, year, starts_on, days, template, code,"
        " projector_key, created_at, updated_at) VALUES ('W', 'Kota', 2026, '2026-01-01', 1,"
        " 'smart_city', 'ABC123', 'key', ?, ?)",
        [now, now],
    )
    db.execute("INSERT INTO days (workshop_id, number, stage) VALUES (1, 1, '')")
    for sid, purpose in ((1, "programs"), (2, "issues")):
        db.execute(
            "INSERT INTO sessions (id, workshop_id, day, position, starts_at, ends_at, title,"
            " kind, status, purpose, created_at, updated_at) VALUES (?, 1, 1, ?, '08:00',"
            " '09:00', 'S', 'ideas', 'open', ?, ?, ?)",
            [sid, sid, purpose, now, now],
        )
    for sid, dim in ((1, "governance"), (2, "governance"), (1, "economy"), (1, "governance")):
        db.execute(
            "INSERT INTO ideas (workshop_id, session_id, title, dimension, created_at,"
            " updated_at) VALUES (1, ?, 'X', ?, ?, ?)",
            [sid, dim, now, now],
        )
    db.conn.commit()
    migrate(db)
    codes = [r[0] for r in db.execute("SELECT code FROM ideas ORDER BY id")]
    assert codes == ["SG-01", None, "SE-01", "SG-02"]
    counters = dict(db.execute("SELECT dimension, last FROM idea_code_counters").fetchall())
    assert counters == {"governance": 2, "economy": 1}
    db.close()
