"""Workshops: created from the Bimtek template or empty, isolated per facilitator."""

import pytest

from tests.conftest import bearer, csrf_from
from workshop.store.workshops import CODE_ALPHABET, normalize_code

BODY = {"title": "Bimtek Kota Bogor", "city": "Kota Bogor", "starts_on": "2017-08-01"}


@pytest.fixture
def alice(auth):
    auth.create("alice")
    return auth.token("alice")


def create(client, token, **changes):
    response = client.post("/api/v1/workshops", json={**BODY, **changes}, headers=bearer(token))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_bimtek_template_fills_agenda_roster_and_dimensions(client, db, alice):
    w = create(client, alice, venue="Hotel Salak")
    assert w["days"] == 4 and w["year"] == 2017 and w["ends_on"] == "2017-08-04"
    assert len(w["code"]) == 6 and set(w["code"]) <= set(CODE_ALPHABET)
    assert not set(w["code"]) & set("0O1IL")
    days = list(db.query("SELECT number, stage FROM days WHERE workshop_id = ?", [w["id"]]))
    assert [(d["number"], d["stage"]) for d in days] == [
        (1, "Tahap I"),
        (2, "Tahap I"),
        (3, "Tahap II"),
        (4, "Tahap III"),
    ]
    sessions = db.execute("SELECT COUNT(*) FROM sessions WHERE workshop_id = ?", [w["id"]])
    assert sessions.fetchone()[0] == 17
    assert db.execute("SELECT COUNT(*) FROM opds").fetchone()[0] == 31
    dims = client.get(f"/api/v1/workshops/{w['id']}/dimensions", headers=bearer(alice))
    items = dims.get_json()["items"]
    assert [d["key"] for d in items] == [
        "governance",
        "branding",
        "economy",
        "living",
        "society",
        "environment",
    ]
    assert all(len(d["elements"]) == 3 for d in items)
    assert items[0]["name_id"] == "Tata Kelola Cerdas"


def test_empty_template_and_shorter_workshops(client, db, alice):
    w = create(client, alice, template="empty", days=2)
    assert db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM opds").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM days").fetchone()[0] == 2
    short = create(client, alice, days=2)
    assert (
        db.execute("SELECT MAX(day) FROM sessions WHERE workshop_id = ?", [short["id"]]).fetchone()[
            0
        ]
        == 2
    )
    assert w


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"city": ""}, "city"),
        ({"starts_on": "1 Agustus 2017"}, "starts_on"),
        ({"days": 0}, "days"),
        ({"days": 15}, "days"),
        ({"days": "four"}, "days"),
        ({"year": 1999}, "year"),
        ({"template": "smart-village"}, "template"),
        ({"title": "Bimtek\x00"}, "title"),
    ],
)
def test_bad_workshop_input(client, db, alice, changes, field):
    response = client.post("/api/v1/workshops", json={**BODY, **changes}, headers=bearer(alice))
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert db.execute("SELECT COUNT(*) FROM workshops").fetchone()[0] == 0


def test_facilitators_see_only_their_workshops_admins_see_all(client, auth, alice):
    auth.create("bob")
    auth.create("root", admin=True)
    bob = auth.token("bob")
    mine = create(client, alice)
    theirs = create(client, bob, title="Bimtek Kota Depok")
    listed = client.get("/api/v1/workshops", headers=bearer(alice)).get_json()["items"]
    assert [w["id"] for w in listed] == [mine["id"]]
    for method, path in [
        ("GET", f"/api/v1/workshops/{theirs['id']}"),
        ("PATCH", f"/api/v1/workshops/{theirs['id']}"),
        ("GET", f"/api/v1/workshops/{theirs['id']}/facilitators"),
        ("POST", f"/api/v1/workshops/{theirs['id']}/facilitators"),
        ("POST", f"/api/v1/workshops/{theirs['id']}/code"),
    ]:
        response = client.open(path, method=method, json={"title": "x"}, headers=bearer(alice))
        assert response.status_code == 404, path
    root = auth.token("root")
    everything = client.get("/api/v1/workshops", headers=bearer(root)).get_json()["items"]
    assert {w["id"] for w in everything} == {mine["id"], theirs["id"]}
    assert (
        client.patch(
            f"/api/v1/workshops/{theirs['id']}", json={"venue": "IPB"}, headers=bearer(root)
        ).status_code
        == 200
    )


def test_co_facilitator(client, auth, alice):
    auth.create("bob")
    w = create(client, alice)
    unknown = client.post(
        f"/api/v1/workshops/{w['id']}/facilitators",
        json={"username": "nobody"},
        headers=bearer(alice),
    )
    assert unknown.status_code == 422
    assert "username" in unknown.get_json()["error"]["fields"]
    added = client.post(
        f"/api/v1/workshops/{w['id']}/facilitators",
        json={"username": "BOB"},
        headers=bearer(alice),
    )
    assert added.status_code == 201
    again = client.post(
        f"/api/v1/workshops/{w['id']}/facilitators",
        json={"username": "bob"},
        headers=bearer(alice),
    )
    assert again.status_code == 200
    bob = auth.token("bob")
    assert client.get(f"/api/v1/workshops/{w['id']}", headers=bearer(bob)).status_code == 200
    names = client.get(f"/api/v1/workshops/{w['id']}/facilitators", headers=bearer(bob))
    assert [f["username"] for f in names.get_json()["items"]] == ["alice", "bob"]


def test_patch_is_partial_and_days_in_use_are_protected(client, db, alice):
    w = create(client, alice)
    renamed = client.patch(
        f"/api/v1/workshops/{w['id']}", json={"venue": "Balai Kota"}, headers=bearer(alice)
    )
    assert renamed.get_json()["venue"] == "Balai Kota"
    assert renamed.get_json()["title"] == BODY["title"]
    shrink = client.patch(f"/api/v1/workshops/{w['id']}", json={"days": 2}, headers=bearer(alice))
    assert shrink.status_code == 409
    assert db.execute("SELECT days FROM workshops").fetchone()[0] == 4
    grow = client.patch(f"/api/v1/workshops/{w['id']}", json={"days": 5}, headers=bearer(alice))
    assert grow.status_code == 200 and grow.get_json()["ends_on"] == "2017-08-05"
    assert db.execute("SELECT COUNT(*) FROM days").fetchone()[0] == 5


def test_participant_reads_own_workshop_only(client, auth, alice):
    # Held today: a 2017 workshop's devices have expired (30 days after its last day).
    w = create(client, alice, starts_on=__import__("datetime").date.today().isoformat())
    other = create(client, alice, title="Other")
    from workshop.db import open_app_db

    person, token = auth.participant(w)
    mine = client.get(f"/api/v1/workshops/{w['id']}", headers=bearer(token))
    assert mine.status_code == 200 and "projector_key" not in mine.get_json()
    assert client.get(f"/api/v1/workshops/{other['id']}", headers=bearer(token)).status_code == 404
    assert (
        client.patch(
            f"/api/v1/workshops/{w['id']}", json={"title": "x"}, headers=bearer(token)
        ).status_code
        == 403
    )
    listed = client.get("/api/v1/workshops", headers=bearer(token)).get_json()["items"]
    assert [x["id"] for x in listed] == [w["id"]]
    assert person and open_app_db


def test_regenerate_code(client, alice):
    import datetime

    w = create(client, alice, starts_on=datetime.date.today().isoformat())
    fresh = client.post(f"/api/v1/workshops/{w['id']}/code", headers=bearer(alice)).get_json()
    assert fresh["code"] != w["code"]
    assert client.get(f"/api/v1/join/{w['code']}").status_code == 404
    assert client.get(f"/api/v1/join/{fresh['code']}").status_code == 200


def test_create_from_the_page(client, auth, db):
    auth.create()
    auth.login()
    page = client.get("/workshops").get_data(as_text=True)
    bad = client.post(
        "/workshops",
        data={"title": "", "city": "Bogor", "starts_on": "", "csrf_token": csrf_from(page)},
    )
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert "Judul wajib diisi (maks. 200 karakter)." in html
    assert "Masukkan hari pertama" in html
    assert db.execute("SELECT COUNT(*) FROM workshops").fetchone()[0] == 0
    ok = client.post(
        "/workshops",
        data={**BODY, "days": "4", "template": "bimtek-smart-city", "csrf_token": csrf_from(page)},
    )
    assert ok.status_code == 302
    assert "Bimtek Kota Bogor" in client.get("/workshops").get_data(as_text=True)


def test_code_normalisation():
    assert normalize_code(" ab c-2 3d ") == "ABC23D"


def test_regenerate_projector_key_cuts_old_screens(app, client, alice, socket_client):
    w = create(client, alice)
    screen = socket_client(auth={"projector": w["projector_key"]}, flask_client=app.test_client())
    assert screen.is_connected()
    fresh = client.post(f"/api/v1/workshops/{w['id']}/projector-key", headers=bearer(alice))
    assert fresh.status_code == 200
    new_key = fresh.get_json()["projector_key"]
    assert new_key != w["projector_key"]
    assert not screen.is_connected()
    assert client.get(f"/projector/{w['projector_key']}").status_code == 404
    assert client.get(f"/projector/{new_key}").status_code == 200
