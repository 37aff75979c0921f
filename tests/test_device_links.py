"""Issue 12, item 1: no facilitator action gives a device someone else's identity.

Merging participants moves records (attendance, proposals) but revokes the duplicate's
devices; a person adds their own second device with a short-lived link code shown on a
device they already hold (POST /api/v1/me/link, then POST /api/v1/join {"link_code"}).
"""

import datetime
import sqlite3

import pytest

from tests.conftest import bearer, csrf_from
from workshop.rules import participants as participant_rules
from workshop.store import workshops as workshop_store
from workshop.views.joining import JOIN_MAX_FAILURES


@pytest.fixture
def hall(app, auth, db, client):
    """A workshop with an open ideas session, two proposals and a real participant, Rina."""
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    fac = auth.token()
    session = next(
        db.query(
            "SELECT * FROM sessions WHERE workshop_id = ? AND kind = 'ideas'"
            " ORDER BY day, position",
            [workshop["id"]],
        )
    )
    opened = client.patch(
        f"/api/v1/sessions/{session['id']}", json={"status": "open"}, headers=bearer(fac)
    )
    assert opened.status_code == 200, opened.get_json()
    ids = []
    for n, title in enumerate(["Perizinan online", "Bank sampah"]):
        r = client.post(
            f"/api/v1/sessions/{session['id']}/ideas",
            json={"title": title, "dimension": "governance", "client_id": f"seed{n}"},
            headers=bearer(fac),
        )
        ids.append(r.get_json()["id"])
    rina, rina_token = auth.participant(workshop, "Rina", "Bappeda")
    return {
        "workshop": workshop,
        "session": session,
        "fac": fac,
        "ids": ids,
        "rina": rina,
        "rina_token": rina_token,
        "opd_id": rina["opd_id"],
    }


def make_poll(client, hall, **fields):
    body = {"title": "Prioritas", "method": "approval", "idea_ids": hall["ids"], **fields}
    r = client.post(
        f"/api/v1/sessions/{hall['session']['id']}/polls", json=body, headers=bearer(hall["fac"])
    )
    assert r.status_code == 201, r.get_json()
    poll = r.get_json()
    opened = client.post(f"/api/v1/polls/{poll['id']}/open", headers=bearer(hall["fac"]))
    assert opened.status_code == 200, opened.get_json()
    return opened.get_json()


def cast(client, poll, token, idea_ids):
    return client.put(
        f"/api/v1/polls/{poll['id']}/ballot", json={"approve": idea_ids}, headers=bearer(token)
    )


def join_api(client, hall, name="Rina Kartika"):
    """Join as anyone in the hall can (the code is on the projector)."""
    r = client.post(
        "/api/v1/join",
        json={"code": hall["workshop"]["code"], "name": name, "opd_id": hall["opd_id"]},
    )
    assert r.status_code == 201, r.get_json()
    return r.get_json()["participant"], r.get_json()["token"]


def merge(client, hall, duplicate_id, into_id):
    return client.post(
        f"/api/v1/participants/{duplicate_id}/merge",
        json={"into": into_id},
        headers=bearer(hall["fac"]),
    )


def assert_cannot_act_as_rina(client, hall, poll, token):
    """The attack's device gets nowhere near Rina's identity, ballot or proposals."""
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401
    read = client.get(f"/api/v1/polls/{poll['id']}/ballot", headers=bearer(token))
    assert read.status_code == 401
    overwrite = cast(client, poll, token, [hall["ids"][1]])
    assert overwrite.status_code == 401
    idea = client.post(
        f"/api/v1/sessions/{hall['session']['id']}/ideas",
        json={"title": "Atas nama Rina", "dimension": "governance", "client_id": "attack-1"},
        headers=bearer(token),
    )
    assert idea.status_code == 401
    # Rina's own anonymous ballot is untouched and still hers.
    mine = client.get(f"/api/v1/polls/{poll['id']}/ballot", headers=bearer(hall["rina_token"]))
    assert mine.status_code == 200
    assert mine.get_json()["ballot"] == {"approve": [hall["ids"][0]]}


# --- 1. Merging never hands a device to another person --------------------------------


def test_facilitator_cannot_become_a_participant_by_merging_over_the_api(client, db, hall):
    poll = make_poll(client, hall)  # anonymous by default
    assert cast(client, poll, hall["rina_token"], [hall["ids"][0]]).status_code == 200
    fake, fake_token = join_api(client, hall)
    response = merge(client, hall, fake["id"], hall["rina"]["id"])
    assert response.status_code == 200, response.get_json()
    assert_cannot_act_as_rina(client, hall, poll, fake_token)
    devices = list(db.query("SELECT participant_id, revoked_at FROM devices ORDER BY id"))
    assert [d["participant_id"] for d in devices] == [hall["rina"]["id"], fake["id"]]
    assert devices[0]["revoked_at"] is None and devices[1]["revoked_at"] is not None


def test_facilitator_cannot_become_a_participant_by_merging_on_the_page(app, client, auth, hall):
    poll = make_poll(client, hall)
    assert cast(client, poll, hall["rina_token"], [hall["ids"][0]]).status_code == 200
    fake, fake_token = join_api(app.test_client(), hall)
    auth.login()
    page = f"/workshops/{hall['workshop']['id']}/participants"
    html = client.get(page).get_data(as_text=True)
    response = client.post(
        f"{page}/{fake['id']}/merge",
        data={"into": hall["rina"]["id"], "csrf_token": csrf_from(html)},
    )
    assert response.status_code == 302
    assert_cannot_act_as_rina(client, hall, poll, fake_token)


def test_the_page_says_what_a_merge_does(client, auth, hall):
    join_api(client, hall)
    auth.login()
    html = client.get(f"/workshops/{hall['workshop']['id']}/participants").get_data(as_text=True)
    assert "tidak pernah dipindahkan" in html and "suara anonim tetap" in html
    assert "data-confirm=" in html


def test_merge_disconnects_the_duplicates_sockets(app, client, hall, socket_client):
    fake, fake_token = join_api(client, hall)
    live = socket_client(auth={"token": fake_token}, flask_client=app.test_client())
    assert live.is_connected()
    assert merge(client, hall, fake["id"], hall["rina"]["id"]).status_code == 200
    assert not live.is_connected()
    refused = socket_client(auth={"token": fake_token}, flask_client=app.test_client())
    assert not refused.is_connected()


def test_merge_moves_attendance_and_proposals_to_the_kept_person(client, db, hall):
    dup, dup_token = join_api(client, hall, "Rina (HP baru)")
    db.execute(
        "INSERT INTO attendance (participant_id, on_date, first_seen_at) VALUES (?, ?, ?)",
        [dup["id"], "2020-01-02", "2020-01-02T01:00:00Z"],
    )
    idea = client.post(
        f"/api/v1/sessions/{hall['session']['id']}/ideas",
        json={"title": "Wifi taman", "dimension": "governance", "client_id": "same-id"},
        headers=bearer(dup_token),
    ).get_json()
    # Both used the same client_id: the moved proposal keeps its content, not the id.
    client.post(
        f"/api/v1/sessions/{hall['session']['id']}/ideas",
        json={"title": "Bank sampah RW", "dimension": "governance", "client_id": "same-id"},
        headers=bearer(hall["rina_token"]),
    )
    assert merge(client, hall, dup["id"], hall["rina"]["id"]).status_code == 200
    moved = next(db.query("SELECT * FROM ideas WHERE id = ?", [idea["id"]]))
    assert moved["participant_id"] == hall["rina"]["id"] and moved["client_id"] is None
    dates = [
        r["on_date"]
        for r in db.query(
            "SELECT on_date FROM attendance WHERE participant_id = ?", [hall["rina"]["id"]]
        )
    ]
    assert "2020-01-02" in dates
    audit = next(db.query("SELECT details FROM audit WHERE action = 'participant_merged'"))
    assert '"devices_revoked": 1' in audit["details"]


# --- 2. Ballots when both records voted -----------------------------------------------


def ballot_owners(db, poll):
    return sorted(
        (r["voter_key"], r["body"])
        for r in db.query("SELECT voter_key, body FROM ballots WHERE poll_id = ?", [poll["id"]])
    )


def test_named_poll_keeps_the_kept_persons_ballot_and_drops_the_duplicates(client, db, hall):
    poll = make_poll(client, hall, anonymous=False)
    only_dup = make_poll(client, hall, anonymous=False, title="Kedua")
    dup, dup_token = join_api(client, hall)
    assert cast(client, poll, hall["rina_token"], [hall["ids"][0]]).status_code == 200
    assert cast(client, poll, dup_token, [hall["ids"][1]]).status_code == 200
    assert cast(client, only_dup, dup_token, [hall["ids"][1]]).status_code == 200
    assert merge(client, hall, dup["id"], hall["rina"]["id"]).status_code == 200
    rina = hall["rina"]["id"]
    assert ballot_owners(db, poll) == [(f"p:{rina}", f'{{"approve": [{hall["ids"][0]}]}}')]
    # Nothing is put in Rina's name that she did not cast: the duplicate's lone ballot goes
    # too, and she can still vote herself.
    assert ballot_owners(db, only_dup) == []
    assert cast(client, only_dup, hall["rina_token"], [hall["ids"][0]]).status_code == 200
    result = client.get(
        f"/api/v1/polls/{poll['id']}/results", headers=bearer(hall["fac"])
    ).get_json()
    assert result["voters"] == 1


def test_anonymous_and_opd_ballots_stay_as_cast(client, db, hall):
    anonymous = make_poll(client, hall)
    opd = make_poll(client, hall, anonymous=False, ballot_scope="opd", title="OPD")
    dup, dup_token = join_api(client, hall)
    assert cast(client, anonymous, hall["rina_token"], [hall["ids"][0]]).status_code == 200
    assert cast(client, anonymous, dup_token, [hall["ids"][1]]).status_code == 200
    assert cast(client, opd, dup_token, [hall["ids"][1]]).status_code == 200
    before = ballot_owners(db, anonymous), ballot_owners(db, opd)
    results = client.get(
        f"/api/v1/polls/{anonymous['id']}/results", headers=bearer(hall["fac"])
    ).get_json()
    assert merge(client, hall, dup["id"], hall["rina"]["id"]).status_code == 200
    # Removing an anonymous ballot would let the facilitator read it off the results.
    assert (ballot_owners(db, anonymous), ballot_owners(db, opd)) == before
    after = client.get(
        f"/api/v1/polls/{anonymous['id']}/results", headers=bearer(hall["fac"])
    ).get_json()
    assert [i["score"] for i in after["items"]] == [i["score"] for i in results["items"]]
    # Rina still reads and changes only her own anonymous ballot.
    mine = client.get(f"/api/v1/polls/{anonymous['id']}/ballot", headers=bearer(hall["rina_token"]))
    assert mine.get_json()["ballot"] == {"approve": [hall["ids"][0]]}


def test_the_named_ballot_key_merge_removes_is_the_one_ballots_use(app, db, hall):
    # store.participants.merge_participants deletes "p:<id>" ballots of named polls: pin
    # that key to the one the ballot routes write.
    from workshop.auth import Principal
    from workshop.rules.ballots import voter_identity

    rina = hall["rina"]
    who = Principal("participant", rina["id"], workshop_id=rina["workshop_id"], opd_id=1)
    poll = {"id": 7, "anonymous": False, "ballot_scope": "participant"}
    with app.app_context():
        assert voter_identity(db, poll, who) == (f"p:{rina['id']}", rina["id"], rina["id"])


# --- 3. A person links their own second device ----------------------------------------


def new_code(client, token):
    r = client.post("/api/v1/me/link", headers=bearer(token))
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def test_link_code_adds_a_second_device_to_the_same_person(client, db, hall):
    link = new_code(client, hall["rina_token"])
    assert len(link["code"]) == 8
    assert set(link["code"]) <= set(workshop_store.CODE_ALPHABET)
    expires = datetime.datetime.fromisoformat(link["expires_at"].replace("Z", "+00:00"))
    left = expires - datetime.datetime.now(datetime.UTC)
    assert datetime.timedelta(minutes=9) < left <= datetime.timedelta(minutes=10)
    assert link["expires_in"] == 600
    # Typed as people read it: lowercase and a space are fine.
    typed = f"{link['code'][:4].lower()} {link['code'][4:]}"
    joined = client.post("/api/v1/join", json={"link_code": typed})
    assert joined.status_code == 201, joined.get_json()
    body = joined.get_json()
    assert body["participant"] == {
        "id": hall["rina"]["id"],
        "name": "Rina",
        "opd_id": hall["opd_id"],
        "workshop_id": hall["workshop"]["id"],
    }
    me = client.get("/api/v1/me", headers=bearer(body["token"])).get_json()
    assert me["participant"]["id"] == hall["rina"]["id"]
    assert len(list(db.query("SELECT id FROM devices WHERE revoked_at IS NULL"))) == 2
    # Stored as a keyed hash only.
    stored = list(db.query("SELECT * FROM link_codes"))
    assert stored and all(link["code"] not in str(row) for row in stored)
    assert stored[0]["used_at"] is not None
    assert "device_linked" in [r["action"] for r in db.query("SELECT action FROM audit")]


def test_a_link_code_works_once(client, hall):
    code = new_code(client, hall["rina_token"])["code"]
    assert client.post("/api/v1/join", json={"link_code": code}).status_code == 201
    again = client.post("/api/v1/join", json={"link_code": code})
    assert again.status_code == 404
    error = again.get_json()["error"]
    assert error["code"] == "link_code_unknown" and error["fields"]["link_code"]


def test_wrong_expired_and_replaced_link_codes_are_refused(client, db, hall):
    first = new_code(client, hall["rina_token"])["code"]
    second = new_code(client, hall["rina_token"])["code"]
    assert client.post("/api/v1/join", json={"link_code": first}).status_code == 404
    db.execute("UPDATE link_codes SET expires_at = '2000-01-01T00:00:00Z'")
    assert client.post("/api/v1/join", json={"link_code": second}).status_code == 404
    wrong = client.post("/api/v1/join", json={"link_code": "ZZZZ2222"})
    assert wrong.status_code == 404 and "link_code" in wrong.get_json()["error"]["fields"]
    empty = client.post("/api/v1/join", json={"link_code": ""})
    assert empty.status_code == 422 and "link_code" in empty.get_json()["error"]["fields"]


def test_link_codes_die_with_a_revoked_device_or_a_merge(client, db, hall):
    code = new_code(client, hall["rina_token"])["code"]
    device = next(db.query("SELECT id FROM devices WHERE participant_id = ?", [hall["rina"]["id"]]))
    client.post(f"/api/v1/devices/{device['id']}/revoke", headers=bearer(hall["fac"]))
    assert client.post("/api/v1/join", json={"link_code": code}).status_code == 404
    dup, dup_token = join_api(client, hall)
    dup_code = new_code(client, dup_token)["code"]
    other, _ = join_api(client, hall, "Ahmad")
    assert merge(client, hall, dup["id"], other["id"]).status_code == 200
    assert client.post("/api/v1/join", json={"link_code": dup_code}).status_code == 404


def test_wrong_link_codes_are_rate_limited_like_join_codes(client, hall):
    for _ in range(JOIN_MAX_FAILURES):
        assert client.post("/api/v1/join", json={"link_code": "ZZZZ2222"}).status_code == 404
    code = new_code(client, hall["rina_token"])["code"]
    limited = client.post("/api/v1/join", json={"link_code": code})
    assert limited.status_code == 429 and limited.headers["Retry-After"]
    # The same allowance covers join codes.
    assert client.get("/api/v1/join/ZZZZZZ").status_code == 429


def test_only_a_participant_makes_link_codes(client, hall):
    assert client.post("/api/v1/me/link").status_code == 401
    assert client.post("/api/v1/me/link", headers=bearer(hall["fac"])).status_code == 403
    projector = bearer(hall["workshop"]["projector_key"])
    assert client.post("/api/v1/me/link", headers=projector).status_code == 403


def test_the_sqlite_export_has_the_link_code_table_empty(client, hall, tmp_path):
    new_code(client, hall["rina_token"])
    r = client.get(
        f"/api/v1/workshops/{hall['workshop']['id']}/export?format=sqlite",
        headers=bearer(hall["fac"]),
    )
    assert r.status_code == 200
    path = tmp_path / "export.sqlite"
    path.write_bytes(r.data)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT COUNT(*) FROM link_codes").fetchone()[0] == 0
    finally:
        conn.close()


def test_link_code_length_and_lifetime_are_the_documented_ones():
    assert participant_rules.LINK_CODE_LENGTH == 8
    assert participant_rules.LINK_CODE_MINUTES == 10


# --- The pages: without JavaScript ----------------------------------------------------


def browser_joins(client, hall):
    html = client.get(f"/j/{hall['workshop']['code']}").get_data(as_text=True)
    response = client.post(
        f"/j/{hall['workshop']['code']}",
        data={"name": "Rina", "opd_id": hall["opd_id"], "csrf_token": csrf_from(html)},
    )
    assert response.status_code == 302


def test_home_page_shows_a_link_code_and_the_join_page_takes_it(app, hall):
    phone = app.test_client()
    browser_joins(phone, hall)
    home = phone.get("/w").get_data(as_text=True)
    assert "Tambah perangkat lain" in home and "Tampilkan kode tautan" in home
    shown = phone.post("/w/link", data={"csrf_token": csrf_from(home)})
    assert shown.status_code == 200
    page = shown.get_data(as_text=True)
    code = page.split('id="link-code">', 1)[1].split("<", 1)[0]
    assert len(code.replace(" ", "")) == 8
    assert "Berlaku sampai" in page

    laptop = app.test_client()
    join_page = laptop.get("/join").get_data(as_text=True)
    assert "Saya sudah bergabung — punya kode tautan?" in join_page
    wrong = laptop.post(
        "/join/link", data={"link_code": "ZZZZ 2222", "csrf_token": csrf_from(join_page)}
    )
    assert wrong.status_code == 404
    assert "Kode tautan ini tidak berlaku" in wrong.get_data(as_text=True)
    linked = laptop.post("/join/link", data={"link_code": code, "csrf_token": csrf_from(join_page)})
    assert linked.status_code == 302 and linked.headers["Location"].endswith("/w")
    laptop_home = laptop.get("/w").get_data(as_text=True)
    assert "Rina" in laptop_home
    me_phone = phone.get("/api/v1/me").get_json()["participant"]["id"]
    me_laptop = laptop.get("/api/v1/me").get_json()["participant"]["id"]
    assert me_phone == me_laptop


def test_the_link_code_form_needs_a_participant_and_csrf(app, hall):
    stranger = app.test_client()
    assert stranger.post("/w/link").status_code in (302, 400)
    phone = app.test_client()
    browser_joins(phone, hall)
    assert phone.post("/w/link", data={}).status_code == 400  # no CSRF token
