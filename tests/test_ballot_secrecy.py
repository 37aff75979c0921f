"""Ballot secrecy of anonymous polls (issue 12, item 2).

No per-OPD turnout while open (and only OPDs of 3+ voters after close); a per-poll secret
keys the ballots and is destroyed at close; a voted set keeps re-opened polls honest;
ballot rows, backups and export snapshots carry nothing that names a voter.
"""

import hashlib
import hmac
import json
import sqlite3
import time
from pathlib import Path

import pytest

from tests.conftest import AuthActions, bearer
from workshop.backup import make_backup, restore
from workshop.db import connect, migrate
from workshop.store.extract import copy_workshop
from workshop.store.migrations import migrations

NOW = "2026-05-01T08:00:00Z"


@pytest.fixture
def hall(app, auth, db, client):
    """Four proposals; Bappeda has three participants, Diskominfo one."""
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    session = next(
        db.query(
            "SELECT * FROM sessions WHERE workshop_id = ? AND kind = 'ideas'"
            " ORDER BY day, position",
            [workshop["id"]],
        )
    )
    fac = auth.token()
    ids = []
    for n, title in enumerate(["Perizinan online", "Bank sampah", "Wifi taman", "Parkir"]):
        r = client.post(
            f"/api/v1/sessions/{session['id']}/ideas",
            json={"title": title, "dimension": "governance", "client_id": f"s{n}"},
            headers=bearer(fac),
        )
        ids.append(r.get_json()["id"])
    people = {
        name: auth.participant(workshop, name, opd)
        for name, opd in [
            ("Rina", "Bappeda"),
            ("Ahmad", "Bappeda"),
            ("Budi", "Bappeda"),
            ("Dewi", "Diskominfo"),
        ]
    }
    return {"workshop": workshop, "session": session, "fac": fac, "ids": ids, "people": people}


def tok(hall, name):
    return hall["people"][name][1]


def pid(hall, name):
    return hall["people"][name][0]["id"]


def make_poll(client, hall, **fields):
    body = {"title": "Prioritas", "method": "approval", **fields}
    r = client.post(
        f"/api/v1/sessions/{hall['session']['id']}/polls", json=body, headers=bearer(hall["fac"])
    )
    assert r.status_code == 201, r.get_json()
    poll = r.get_json()
    opened = client.post(f"/api/v1/polls/{poll['id']}/open", headers=bearer(hall["fac"]))
    assert opened.status_code == 200
    return opened.get_json()


def cast(client, poll, token, body):
    return client.put(f"/api/v1/polls/{poll['id']}/ballot", json=body, headers=bearer(token))


def results(client, poll, token):
    return client.get(f"/api/v1/polls/{poll['id']}/results", headers=bearer(token)).get_json()


def close(client, hall, poll):
    r = client.post(f"/api/v1/polls/{poll['id']}/close", headers=bearer(hall["fac"]))
    assert r.status_code == 200


def secret_of(db, poll):
    row = db.execute("SELECT secret FROM poll_secrets WHERE poll_id = ?", [poll["id"]]).fetchone()
    return row[0] if row else None


def wait_for(check, timeout=3.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.05)
    return False


# -- Turnout per OPD ----------------------------------------------------------------------------


def test_open_anonymous_poll_publishes_no_turnout_per_opd(app, client, hall, socket_client):
    poll = make_poll(client, hall)
    fac = socket_client(
        auth={"token": hall["fac"], "workshop_id": hall["workshop"]["id"]},
        flask_client=app.test_client(),
    )
    fac.get_received()
    cast(client, poll, tok(hall, "Dewi"), {"approve": [hall["ids"][0]]})
    pushed = []

    def got_push():
        pushed.extend(e["args"][0] for e in fac.get_received() if e["name"] == "results")
        return pushed

    assert wait_for(got_push)
    assert all(p["by_opd"] == [] for p in pushed)
    for who in (hall["fac"], tok(hall, "Rina")):
        r = results(client, poll, who)
        assert r["by_opd"] == [] and r["voters"] == 1 and r["eligible"] == 4
    # The facilitator's polls page lists no OPD row either.
    browser = app.test_client()
    AuthActions(app, browser).login()
    page = browser.get(
        f"/workshops/{hall['workshop']['id']}/sessions/{hall['session']['id']}/polls"
    )
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "data-voted=" not in html and "sedikitnya 3 pemilih" in html
    # Named polls are unchanged.
    named = make_poll(client, hall, anonymous=False)
    cast(client, named, tok(hall, "Dewi"), {"approve": [hall["ids"][0]]})
    by_opd = {o["opd_code"]: o["voters"] for o in results(client, named, hall["fac"])["by_opd"]}
    assert by_opd["Diskominfo"] == 1 and by_opd["Bappeda"] == 0


def test_after_close_only_opds_with_three_voters_are_listed(client, hall):
    poll = make_poll(client, hall)
    for name in ("Rina", "Ahmad", "Budi", "Dewi"):
        assert cast(client, poll, tok(hall, name), {"approve": [hall["ids"][1]]}).status_code == 200
    close(client, hall, poll)
    r = results(client, poll, hall["fac"])
    assert [(o["opd_code"], o["voters"], o["eligible"]) for o in r["by_opd"]] == [("Bappeda", 3, 3)]
    assert r["voters"] == 4 and r["eligible"] == 4


# -- The per-poll secret ------------------------------------------------------------------------


def test_ballots_are_keyed_by_a_poll_secret_destroyed_at_close(app, client, db, hall):
    poll = make_poll(client, hall)
    secret = secret_of(db, poll)
    assert isinstance(secret, bytes) and len(secret) == 32
    cast(client, poll, tok(hall, "Rina"), {"approve": [hall["ids"][0]]})
    expected = (
        "a:" + hmac.new(secret, f"p:{pid(hall, 'Rina')}".encode(), hashlib.sha256).hexdigest()
    )
    old_style = hmac.new(
        app.config["SECRET_KEY"].encode(),
        f"{poll['id']}:{pid(hall, 'Rina')}".encode(),
        hashlib.sha256,
    ).hexdigest()
    keys = [r[0] for r in db.execute("SELECT voter_key FROM ballots")]
    assert keys == [expected]
    # While open the voter can change their ballot (same key, one row).
    cast(client, poll, tok(hall, "Rina"), {"approve": [hall["ids"][1]]})
    assert db.execute("SELECT COUNT(*) FROM ballots").fetchone()[0] == 1
    close(client, hall, poll)
    assert secret_of(db, poll) is None
    keys = [r[0] for r in db.execute("SELECT voter_key FROM ballots")]
    assert expected not in keys and "a:" + old_style not in keys
    # Neither the store file nor its WAL holds the secret any more.
    store = Path(app.config["DATABASE"])
    for path in (store, Path(f"{store}-wal")):
        if path.exists():
            assert secret not in path.read_bytes(), path
    # The voter cannot find their ballot again; it still counts.
    mine = client.get(f"/api/v1/polls/{poll['id']}/ballot", headers=bearer(tok(hall, "Rina")))
    assert mine.status_code == 404
    assert results(client, poll, hall["fac"])["voters"] == 1


def test_after_a_reopen_earlier_voters_stand_and_newcomers_vote(client, db, hall):
    poll = make_poll(client, hall)
    first_secret = secret_of(db, poll)
    assert cast(client, poll, tok(hall, "Rina"), {"approve": [hall["ids"][0]]}).status_code == 200
    close(client, hall, poll)
    client.post(f"/api/v1/polls/{poll['id']}/open", headers=bearer(hall["fac"]))
    assert secret_of(db, poll) not in (None, first_secret)
    again = cast(client, poll, tok(hall, "Rina"), {"approve": [hall["ids"][1]]})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_voted"
    assert "dibuka kembali" in again.get_json()["error"]["message"]
    assert cast(client, poll, tok(hall, "Dewi"), {"approve": [hall["ids"][2]]}).status_code == 200
    assert cast(client, poll, tok(hall, "Dewi"), {"approve": [hall["ids"][3]]}).status_code == 200
    r = results(client, poll, hall["fac"])
    scores = {i["idea_id"]: i["score"] for i in r["items"]}
    assert r["voters"] == 2
    assert scores[hall["ids"][0]] == 1 and scores[hall["ids"][3]] == 1
    assert scores[hall["ids"][1]] == 0 and scores[hall["ids"][2]] == 0
    # The ballot page says so, and offers no form to send.
    page = client.get(f"/w/p/{poll['id']}", headers=bearer(tok(hall, "Rina")))
    html = page.get_data(as_text=True)
    assert "dibuka kembali" in html and 'id="voted-before" hidden' not in html
    assert 'id="ballot-actions" hidden' in html
    fresh = client.get(f"/w/p/{poll['id']}", headers=bearer(tok(hall, "Dewi")))
    assert 'id="voted-before" hidden' in fresh.get_data(as_text=True)


def test_a_merged_duplicates_vote_counts_for_the_person_it_duplicates(client, db, hall):
    """The voted set follows a merge: one person does not vote twice after a re-open."""
    poll = make_poll(client, hall)
    assert cast(client, poll, tok(hall, "Budi"), {"approve": [hall["ids"][0]]}).status_code == 200
    merged = client.post(
        f"/api/v1/participants/{pid(hall, 'Budi')}/merge",
        json={"into": pid(hall, "Ahmad")},
        headers=bearer(hall["fac"]),
    )
    assert merged.status_code == 200, merged.get_json()
    voters = {r["voter"] for r in db.query("SELECT voter FROM poll_voters")}
    assert voters == {f"p:{pid(hall, 'Ahmad')}"}
    again = cast(client, poll, tok(hall, "Ahmad"), {"approve": [hall["ids"][1]]})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_voted"


# -- What the rows carry ------------------------------------------------------------------------


def test_anonymous_ballot_rows_name_nobody_and_keep_no_order(client, db, hall):
    poll = make_poll(client, hall)
    for name in ("Rina", "Ahmad", "Budi", "Dewi"):
        cast(client, poll, tok(hall, name), {"approve": [hall["ids"][0]]})
    rows = list(db.query("SELECT * FROM ballots WHERE poll_id = ?", [poll["id"]]))
    assert len(rows) == 4
    assert all(r["participant_id"] is None and r["opd_id"] is None for r in rows)
    assert all(r["changed_by"] is None for r in rows)
    assert {(r["created_at"], r["updated_at"]) for r in rows} == {
        (poll["created_at"], poll["created_at"])
    }
    ids = sorted(r["id"] for r in rows)
    assert ids[-1] - ids[0] > 1000  # random ids, not the voting order
    # The voted set: who voted, no row order and no time.
    voters = {r["voter"] for r in db.query("SELECT * FROM poll_voters")}
    assert voters == {f"p:{pid(hall, n)}" for n in ("Rina", "Ahmad", "Budi", "Dewi")}
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'poll_voters'").fetchone()[0]
    assert "WITHOUT ROWID" in sql
    assert [c[1] for c in db.execute("PRAGMA table_info(poll_voters)")] == ["poll_id", "voter"]
    audit = list(db.query("SELECT actor_id, details FROM audit WHERE action = 'ballot_cast'"))
    assert len(audit) == 4 and all(a["actor_id"] is None and not a["details"] for a in audit)


def test_opd_ballot_says_who_changed_it_only_while_open(client, db, hall):
    poll = make_poll(client, hall, ballot_scope="opd")
    cast(client, poll, tok(hall, "Rina"), {"approve": [hall["ids"][0]]})
    seen = client.get(f"/api/v1/polls/{poll['id']}/ballot", headers=bearer(tok(hall, "Ahmad")))
    assert seen.get_json()["changed_by"] == "Rina"
    row = db.execute("SELECT voter_key, opd_id FROM ballots").fetchone()
    assert row[0].startswith("a:") and row[1] is None
    close(client, hall, poll)
    assert db.execute("SELECT changed_by FROM ballots").fetchone()[0] is None


# -- Backups and snapshots ----------------------------------------------------------------------


def test_backups_and_snapshots_hold_no_live_secret(app, client, db, hall, tmp_path):
    poll = make_poll(client, hall)
    secret = secret_of(db, poll)
    cast(client, poll, tok(hall, "Rina"), {"approve": [hall["ids"][0]]})
    with app.app_context():
        backup = make_backup(app)
    assert secret not in backup.read_bytes()
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT COUNT(*) FROM poll_secrets").fetchone()[0] == 0
    assert copy.execute("SELECT COUNT(*) FROM ballots").fetchone()[0] == 1
    copy.close()
    snapshot = tmp_path / "snapshot.db"
    copy_workshop(db, hall["workshop"]["id"], str(snapshot))
    assert secret not in snapshot.read_bytes()
    # Restored from the backup: the open poll gets a fresh secret; who voted cannot again.
    db.close()
    restore(app, backup)
    again = cast(client, poll, tok(hall, "Rina"), {"approve": [hall["ids"][1]]})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_voted"
    assert cast(client, poll, tok(hall, "Dewi"), {"approve": [hall["ids"][1]]}).status_code == 200
    assert results(client, poll, hall["fac"])["voters"] == 2


# -- The migration ------------------------------------------------------------------------------


def test_m009_strips_old_anonymous_ballots_and_gives_open_polls_a_secret(tmp_path):
    db = connect(str(tmp_path / "old.db"))
    migrations.apply(db, stop_before="m009_ballot_secrecy")
    db.execute(
        "INSERT INTO workshops (title, city, year, starts_on, days, template, code,"
        " projector_key, created_at, updated_at) VALUES ('W', 'Kota', 2026, '2026-01-01', 1,"
        " 'smart_city', 'ABC123', 'key', ?, ?)",
        [NOW, NOW],
    )
    db.execute(
        "INSERT INTO sessions (workshop_id, day, position, starts_at, ends_at, title, kind,"
        " created_at, updated_at) VALUES (1, 1, 1, '09:00', '10:00', 'S', 'vote', ?, ?)",
        [NOW, NOW],
    )
    db.execute("INSERT INTO opds (workshop_id, code, name) VALUES (1, 'Bappeda', 'Bappeda')")
    snapshot = {"by_opd": [{"opd_code": "A", "voters": 3}, {"opd_code": "B", "voters": 1}]}
    for n, (status, scope) in enumerate(
        [("open", "participant"), ("open", "opd"), ("closed", "participant")], 1
    ):
        db.execute(
            "INSERT INTO polls (workshop_id, session_id, title, method, status, ballot_scope,"
            " snapshot, created_at, updated_at) VALUES (1, 1, 'P', 'approval', ?, ?, ?, ?, ?)",
            [status, scope, json.dumps(snapshot) if status == "closed" else None, NOW, NOW],
        )
        key = "opd:1" if scope == "opd" else "a:" + "0" * 64
        db.execute(
            "INSERT INTO ballots (poll_id, voter_key, opd_id, body, created_at, updated_at)"
            " VALUES (?, ?, 1, '{\"approve\": []}', '2026-05-01T08:03:07Z', ?)",
            [n, key, NOW],
        )
    db.conn.commit()
    migrate(db)
    rows = db.execute("SELECT poll_id, voter_key, opd_id, created_at, id FROM ballots").fetchall()
    assert len(rows) == 3 and all(r[2] is None and r[3] == NOW and r[4] > 3 for r in rows)
    keys = {r[0]: r[1] for r in rows}
    assert keys[1] == "a:" + "0" * 64  # re-keyed when its voter comes back
    assert keys[2].startswith("a:") and keys[3].startswith("c:")
    secrets = dict(db.execute("SELECT poll_id, secret FROM poll_secrets").fetchall())
    assert set(secrets) == {1, 2}
    assert keys[2] == "a:" + hmac.new(secrets[2], b"opd:1", hashlib.sha256).hexdigest()
    assert db.execute("SELECT poll_id, voter FROM poll_voters").fetchall() == [(2, "opd:1")]
    frozen = json.loads(db.execute("SELECT snapshot FROM polls WHERE id = 3").fetchone()[0])
    assert frozen["by_opd"] == [{"opd_code": "A", "voters": 3}]
    db.close()


def test_a_ballot_kept_under_the_old_key_moves_to_the_poll_secret(app, client, db, hall):
    """A ballot stored before m009 (HMAC under the app's SECRET_KEY) is found when its voter
    comes back, re-keyed under the poll's secret, and its voter marked as having voted."""
    poll = make_poll(client, hall)
    old = hmac.new(
        app.config["SECRET_KEY"].encode(),
        f"{poll['id']}:{pid(hall, 'Rina')}".encode(),
        hashlib.sha256,
    ).hexdigest()
    db.execute(
        "INSERT INTO ballots (poll_id, voter_key, body, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [poll["id"], "a:" + old, json.dumps({"approve": [hall["ids"][2]]}), NOW, NOW],
    )
    db.conn.commit()
    mine = client.get(f"/api/v1/polls/{poll['id']}/ballot", headers=bearer(tok(hall, "Rina")))
    assert mine.status_code == 200 and mine.get_json()["ballot"] == {"approve": [hall["ids"][2]]}
    keys = [r[0] for r in db.execute("SELECT voter_key FROM ballots")]
    assert keys != ["a:" + old] and len(keys) == 1
    voted = db.execute("SELECT voter FROM poll_voters").fetchall()
    assert voted == [(f"p:{pid(hall, 'Rina')}",)]
    cast(client, poll, tok(hall, "Rina"), {"approve": [hall["ids"][0]]})
    assert db.execute("SELECT COUNT(*) FROM ballots").fetchone()[0] == 1
