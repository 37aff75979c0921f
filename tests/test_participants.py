"""Facilitators see attendance and fix participants: rename, merge, revoke a device."""

import datetime

import pytest

from tests.conftest import bearer


@pytest.fixture
def setup(auth):
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    return workshop, auth.token()


def opd(db, workshop, code):
    return next(
        db.query("SELECT id FROM opds WHERE workshop_id = ? AND code = ?", [workshop["id"], code])
    )["id"]


def test_attendance_per_day_and_opd(client, auth, setup):
    workshop, token = setup
    auth.participant(workshop, "Rina", "Bappeda")
    auth.participant(workshop, "Ahmad", "Bappeda")
    auth.participant(workshop, "Dewi", "Diskominfo")
    days = client.get(
        f"/api/v1/workshops/{workshop['id']}/attendance", headers=bearer(token)
    ).get_json()["items"]
    assert [d["day"] for d in days] == [1, 2, 3, 4]
    today = days[0]
    assert today["date"] == datetime.date.today().isoformat()
    assert today["total"] == 3
    by_code = {o["code"]: o for o in today["opds"]}
    assert by_code["Bappeda"]["count"] == 2
    assert sorted(p["name"] for p in by_code["Bappeda"]["participants"]) == ["Ahmad", "Rina"]
    assert by_code["Diskominfo"]["count"] == 1
    assert days[1]["total"] == 0 and days[1]["opds"] == []


def test_attendance_page_shows_counts(client, auth, setup):
    workshop, _ = setup
    auth.participant(workshop, "Rina", "Bappeda")
    auth.login()
    html = client.get(f"/workshops/{workshop['id']}/participants").get_data(as_text=True)
    assert "Daftar hadir" in html and "Rina" in html and "Bappeda" in html


def test_rename_and_move_opd(client, db, auth, setup):
    workshop, token = setup
    person, _ = auth.participant(workshop, "rina k", "Bappeda")
    response = client.patch(
        f"/api/v1/participants/{person['id']}",
        json={"name": "Rina Kartikasari", "opd_id": opd(db, workshop, "Dinkes")},
        headers=bearer(token),
    )
    assert response.status_code == 200
    assert response.get_json()["name"] == "Rina Kartikasari"
    assert response.get_json()["opd_code"] == "Dinkes"


@pytest.mark.parametrize(
    "body,field",
    [({"name": ""}, "name"), ({"name": "x" * 81}, "name"), ({"opd_id": 999}, "opd_id")],
)
def test_rename_bad_input(client, db, auth, setup, body, field):
    workshop, token = setup
    person, _ = auth.participant(workshop)
    response = client.patch(
        f"/api/v1/participants/{person['id']}", json=body, headers=bearer(token)
    )
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    row = next(db.query("SELECT name, opd_id FROM participants"))
    assert row == {"name": "Rina", "opd_id": opd(db, workshop, "Bappeda")}


def test_merge_moves_attendance_and_revokes_the_duplicates_devices(client, db, auth, setup):
    # Issue 12: merging used to move the duplicate's devices onto the survivor, so anyone who
    # joined with the public code could be merged into a real person and act as them.
    workshop, token = setup
    keep, keep_token = auth.participant(workshop, "Rina", "Bappeda")
    dup, dup_token = auth.participant(workshop, "Rina K", "Bappeda")
    response = client.post(
        f"/api/v1/participants/{dup['id']}/merge", json={"into": keep["id"]}, headers=bearer(token)
    )
    assert response.status_code == 200
    assert response.get_json()["id"] == keep["id"]
    # The duplicate's phone is signed out; the survivor's own device still works.
    assert client.get("/api/v1/me", headers=bearer(dup_token)).status_code == 401
    me = client.get("/api/v1/me", headers=bearer(keep_token)).get_json()
    assert me["participant"]["id"] == keep["id"]
    listed = client.get(
        f"/api/v1/workshops/{workshop['id']}/participants", headers=bearer(token)
    ).get_json()["items"]
    assert [p["name"] for p in listed] == ["Rina"]
    assert listed[0]["devices"] == 1
    moved = db.execute(
        "SELECT COUNT(*) FROM devices WHERE participant_id = ? AND revoked_at IS NULL", [dup["id"]]
    ).fetchone()[0]
    assert moved == 0
    again = client.post(
        f"/api/v1/participants/{dup['id']}/merge", json={"into": keep["id"]}, headers=bearer(token)
    )
    assert again.status_code == 409
    itself = client.post(
        f"/api/v1/participants/{keep['id']}/merge", json={"into": keep["id"]}, headers=bearer(token)
    )
    assert itself.status_code == 409


def test_revoke_device_stops_its_token_and_socket(app, client, auth, setup, socket_client):
    workshop, token = setup
    person, device_token = auth.participant(workshop)
    live = socket_client(auth={"token": device_token}, flask_client=app.test_client())
    assert live.is_connected()
    devices = client.get(
        f"/api/v1/participants/{person['id']}/devices", headers=bearer(token)
    ).get_json()["items"]
    assert "token_hash" not in devices[0]
    response = client.post(f"/api/v1/devices/{devices[0]['id']}/revoke", headers=bearer(token))
    assert response.status_code == 200
    assert client.get("/api/v1/me", headers=bearer(device_token)).status_code == 401
    assert not live.is_connected()


def test_facilitators_of_other_workshops_and_participants_are_kept_out(client, auth, setup):
    workshop, _ = setup
    person, device_token = auth.participant(workshop)
    auth.create("bob")
    bob = auth.token("bob")
    for method, path in [
        ("GET", f"/api/v1/workshops/{workshop['id']}/participants"),
        ("GET", f"/api/v1/workshops/{workshop['id']}/attendance"),
        ("PATCH", f"/api/v1/participants/{person['id']}"),
        ("POST", f"/api/v1/participants/{person['id']}/merge"),
    ]:
        assert client.open(path, method=method, json={}, headers=bearer(bob)).status_code == 404
        as_participant = client.open(path, method=method, json={}, headers=bearer(device_token))
        assert as_participant.status_code == 403
    key = workshop["projector_key"]
    assert (
        client.get(
            f"/api/v1/workshops/{workshop['id']}/participants", headers=bearer(key)
        ).status_code
        == 403
    )


def test_facilitator_socket_hears_joins(app, client, db, auth, setup, socket_client):
    workshop, token = setup
    watcher = socket_client(auth={"token": token, "workshop_id": workshop["id"]})
    watcher.get_received()
    client.post(
        "/api/v1/join",
        json={"code": workshop["code"], "name": "Rina", "opd_id": opd(db, workshop, "Bappeda")},
    )
    joined = [e["args"][0] for e in watcher.get_received() if e["name"] == "participant_joined"]
    assert [p["name"] for p in joined] == ["Rina"]


def test_demo_has_people_and_two_days_of_attendance(runner, db):
    runner.invoke(args=["demo"])
    people = db.execute("SELECT COUNT(*) FROM participants").fetchone()[0]
    assert people >= 30
    days = [r["on_date"] for r in db.query("SELECT DISTINCT on_date FROM attendance")]
    assert len(days) == 2
    statuses = {
        (r["day"], r["status"]): r["n"]
        for r in db.query("SELECT day, status, COUNT(*) AS n FROM sessions GROUP BY 1, 2")
    }
    assert statuses[(1, "closed")] == 5 and statuses[(2, "open")] == 1
    # 28 strategic issues, each promoted into the programmes session (issue 15).
    assert db.execute("SELECT COUNT(*) FROM ideas WHERE promoted_from IS NULL").fetchone()[0] == 28
    assert db.execute("SELECT COUNT(*) FROM ideas WHERE code IS NOT NULL").fetchone()[0] == 28
    poll = next(db.query("SELECT status, snapshot FROM polls"))
    assert poll["status"] == "closed" and '"voters": 36' in poll["snapshot"]


def test_likely_duplicates_same_normalised_name_and_opd(client, auth, setup):
    """Issue 16 item 7: same name (case, spacing, punctuation ignored) and OPD; kept = last seen."""
    from workshop.rules.participants import likely_duplicates, name_key

    assert name_key("  Rina  KARTIKASARI. ") == name_key("rina kartikasari") == "rina kartikasari"
    people = [
        {"id": 1, "name": "Rina Kartikasari", "opd_id": 1, "opd_code": "Bappeda",
         "last_seen_at": "2026-01-01T08:00:00Z"},
        {"id": 2, "name": "rina  kartikasari.", "opd_id": 1, "opd_code": "Bappeda",
         "last_seen_at": "2026-01-01T09:00:00Z"},
        {"id": 3, "name": "Rina Kartikasari", "opd_id": 2, "opd_code": "Dinkes",
         "last_seen_at": "2026-01-01T09:30:00Z"},
        {"id": 4, "name": "Dewi", "opd_id": 1, "opd_code": "Bappeda",
         "last_seen_at": "2026-01-01T09:30:00Z"},
    ]  # fmt: skip
    groups = likely_duplicates(people)
    assert [[p["id"] for p in g] for g in groups] == [[2, 1]]

    workshop, _ = setup
    auth.participant(workshop, "Rina Kartikasari", "Bappeda")
    auth.participant(workshop, "RINA kartikasari", "Bappeda")
    auth.login()
    html = client.get(f"/workshops/{workshop['id']}/participants").get_data(as_text=True)
    assert "Kemungkinan peserta ganda" in html
    assert html.count("Gabungkan ke data yang dipertahankan") == 1
