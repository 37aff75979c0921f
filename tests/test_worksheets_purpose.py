"""Issue 14: every session says which part of the masterplan it feeds (`purpose`); m011 infers
it once for existing sessions from the export's old title rule; the kinds worksheet and qa."""

import pytest

from tests.conftest import bearer
from workshop import reference
from workshop.db import connect, migrate
from workshop.export.context import Index
from workshop.store import audit
from workshop.store.migrations import migrations

NOW = "2026-05-01T08:00:00Z"
VALID = {
    "day": 1,
    "title": "Diskusi",
    "kind": "discussion",
    "starts_at": "12:00",
    "ends_at": "13:00",
}


@pytest.fixture
def alice(auth):
    return auth.create("alice")


@pytest.fixture
def workshop(auth, alice):
    return auth.workshop(alice["id"], starts_on="2017-08-01")


@pytest.fixture
def headers(auth, alice):
    return bearer(auth.token("alice"))


def sessions_of(client, workshop, headers):
    url = f"/api/v1/workshops/{workshop['id']}/sessions"
    return client.get(url, headers=headers).get_json()["items"]


def test_the_bimtek_template_sets_a_purpose_for_every_session(client, workshop, headers):
    sessions = sessions_of(client, workshop, headers)
    assert len(sessions) == 17
    template = [s for day in reference.bimtek_agenda() for s in day["sessions"]]
    assert [(s["title"], s["purpose"]) for s in sessions] == [
        (s["title"], s["purpose"]) for s in template
    ]
    by_title = {s["title"]: s for s in sessions}
    readiness = by_title["Analisis kesiapan daerah: struktur, infrastruktur, suprastruktur"]
    assert (readiness["kind"], readiness["purpose"]) == ("worksheet", "readiness")
    assert by_title["Analisis SWOT per dimensi"]["purpose"] == "swot"
    assert by_title["Kata kunci visi dan misi Smart City"]["kind"] == "worksheet"
    assert by_title["Usulan program OPD per dimensi"]["purpose"] == "programs"
    assert by_title["Pemilihan quick win"]["purpose"] == "quick_wins"
    assert by_title["Lembar komitmen dan penutupan"]["purpose"] == "commitment"
    assert all(s["readiness_per_opd"] is False for s in sessions)


def test_purpose_and_kinds_are_set_on_post_and_patch(client, db, workshop, headers):
    url = f"/api/v1/workshops/{workshop['id']}/sessions"
    r = client.post(url, json={**VALID, "kind": "worksheet", "purpose": "swot"}, headers=headers)
    assert r.status_code == 201, r.get_json()
    made = r.get_json()
    assert (made["kind"], made["purpose"], made["readiness_per_opd"]) == (
        "worksheet",
        "swot",
        False,
    )
    r = client.post(url, json={**VALID, "kind": "qa"}, headers=headers)
    assert r.status_code == 201 and r.get_json()["purpose"] == "none"
    r = client.patch(
        f"/api/v1/sessions/{made['id']}",
        json={"purpose": "readiness", "readiness_per_opd": True},
        headers=headers,
    )
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["purpose"] == "readiness" and r.get_json()["readiness_per_opd"] is True
    got = client.get(f"/api/v1/sessions/{made['id']}", headers=headers).get_json()
    assert got["purpose"] == "readiness" and got["readiness_per_opd"] is True
    entry = audit.list_entries(db, workshop["id"], limit=1)[0]
    assert entry["action"] == "session_updated"
    assert entry["details"] == {"purpose": "readiness", "readiness_per_opd": 1}


@pytest.mark.parametrize(
    "body, field",
    [({"purpose": "chapter9"}, "purpose"), ({"kind": "survey"}, "kind")],
)
def test_an_unknown_purpose_or_kind_is_a_field_error(client, db, workshop, headers, body, field):
    session = sessions_of(client, workshop, headers)[0]
    before = list(db.query("SELECT * FROM sessions WHERE id = ?", [session["id"]]))
    r = client.patch(f"/api/v1/sessions/{session['id']}", json=body, headers=headers)
    assert r.status_code == 422
    assert field in r.get_json()["error"]["fields"]
    assert list(db.query("SELECT * FROM sessions WHERE id = ?", [session["id"]])) == before
    url = f"/api/v1/workshops/{workshop['id']}/sessions"
    r = client.post(url, json={**VALID, **body}, headers=headers)
    assert r.status_code == 422 and field in r.get_json()["error"]["fields"]


def test_the_export_places_material_by_purpose_not_title():
    """A session titled like the SWOT one but meant for programmes feeds the programmes."""
    sessions = [
        {"id": 1, "kind": "ideas", "title": "Analisis SWOT", "purpose": "programs"},
        {"id": 2, "kind": "ideas", "title": "Usulan program", "purpose": "none"},
        {"id": 3, "kind": "ideas", "title": "Apa saja", "purpose": "vision"},
        {"id": 4, "kind": "ideas", "title": "Visi", "purpose": "quick_wins"},
    ]
    ideas = [
        {"id": n, "session_id": n, "title": f"usulan {n}", "status": "visible", "dimension": None}
        for n in (1, 2, 3, 4)
    ]
    data = {"workshop": {}, "sessions": sessions, "ideas": ideas, "polls": []}
    data |= {"opds": [], "participants": [], "dimensions": [], "days": []}
    ix = Index(data)
    placed = {p: [i["id"] for i in ix.ideas_of(p)] for p in ("programs", "vision", "swot", "other")}
    assert placed == {"programs": [1], "vision": [3], "swot": [], "other": [2, 4]}


def _old_session(db, title, kind="ideas"):
    db.execute(
        "INSERT INTO sessions (workshop_id, day, position, starts_at, ends_at, title, kind,"
        " created_at, updated_at) VALUES (1, 1, 0, '09:00', '10:00', ?, ?, ?, ?)",
        [title, kind, NOW, NOW],
    )
    return db.execute("SELECT MAX(id) FROM sessions").fetchone()[0]


def test_m011_infers_purpose_once_from_the_old_title_rule(tmp_path):
    db = connect(str(tmp_path / "old.db"))
    migrations.apply(db, stop_before="m011_worksheets")
    db.execute(
        "INSERT INTO workshops (title, city, year, starts_on, days, template, code,"
        " projector_key, created_at, updated_at) VALUES ('W', 'Kota', 2026, '2026-01-01', 1,"
        " 'smart_city', 'ABC123', 'key', ?, ?)",
        [NOW, NOW],
    )
    db.execute("INSERT INTO days (workshop_id, number, stage) VALUES (1, 1, '')")
    ids = {
        "readiness": _old_session(db, "Analisis Kesiapan daerah"),
        "issues": _old_session(db, "Isu strategis per dimensi"),
        "swot": _old_session(db, "Analisis SWOT"),
        "vision": _old_session(db, "Kata kunci visi"),
        "programs": _old_session(db, "Usulan program OPD"),
        "plain": _old_session(db, "Curah pendapat"),
        "fielded": _old_session(db, "Usulan bebas"),
        "vote": _old_session(db, "Pemilihan visi", kind="vote"),
    }
    db.execute(
        "INSERT INTO ideas (workshop_id, session_id, title, dimension, horizon, created_at,"
        " updated_at) VALUES (1, ?, 'Aplikasi', 'governance', 'short', ?, ?)",
        [ids["fielded"], NOW, NOW],
    )
    db.conn.commit()
    migrate(db)
    purposes = dict(db.execute("SELECT id, purpose FROM sessions").fetchall())
    assert {name: purposes[i] for name, i in ids.items()} == {
        "readiness": "readiness",
        "issues": "issues",
        "swot": "swot",
        "vision": "vision",
        "programs": "programs",
        "plain": "none",
        "fielded": "programs",
        "vote": "none",
    }
    # The idea keeps its session (the rebuilt table kept ids and references).
    assert db.execute("SELECT session_id FROM ideas").fetchone()[0] == ids["fielded"]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    # Never again: a later rename changes nothing, and a new kind is accepted.
    db.execute("UPDATE sessions SET title = 'Analisis SWOT baru' WHERE id = ?", [ids["plain"]])
    db.execute("UPDATE sessions SET kind = 'worksheet' WHERE id = ?", [ids["plain"]])
    migrate(db)
    assert db.execute("SELECT purpose FROM sessions WHERE id = ?", [ids["plain"]]).fetchone()[
        0
    ] == ("none")
    db.close()
