"""The proposal rules (workshop/rules/ideas.py) called directly: the closed-session rule holds
inside the transaction that writes, even when the session closes after the view read it."""

import pytest

from tests.conftest import bearer
from workshop.auth import Principal
from workshop.db import get_db
from workshop.rules import Conflict
from workshop.rules import ideas as rules

FIELDS = {"title": "Perizinan online satu pintu", "dimension": "governance"}


@pytest.fixture
def hall(app, auth, db):
    """An open proposals session and a participant (Rina)."""
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    session = next(
        db.query(
            "SELECT * FROM sessions WHERE workshop_id = ? AND kind = 'ideas'"
            " ORDER BY day, position",
            [workshop["id"]],
        )
    )
    db.execute("UPDATE sessions SET status = 'open' WHERE id = ?", [session["id"]])
    db.conn.commit()
    rina, token = auth.participant(workshop, "Rina", "Bappeda")
    principal = Principal(
        kind="participant", id=rina["id"], workshop_id=workshop["id"], opd_id=rina["opd_id"]
    )
    return {"session": session, "rina": principal, "token": token}


def close_elsewhere(db, session_id):
    """The facilitator's close, committed by another connection."""
    db.execute("UPDATE sessions SET status = 'closed' WHERE id = ?", [session_id])
    db.conn.commit()


def count_ideas(db):
    return db.execute("SELECT COUNT(*) FROM ideas").fetchone()[0]


def test_a_proposal_racing_the_close_is_refused(app, db, hall):
    with app.test_request_context():
        mine = get_db()
        seen = mine["sessions"].get(hall["session"]["id"])
        assert seen["status"] == "open"  # what the view read
        close_elsewhere(db, hall["session"]["id"])
        with pytest.raises(Conflict) as refused:
            rules.submit(mine, hall["rina"], seen["id"], FIELDS, "race-1")
        assert refused.value.code == "session_closed"
        assert not mine.conn.in_transaction
    assert count_ideas(db) == 0


def test_the_api_refuses_a_close_between_its_read_and_the_insert(
    app, client, db, hall, monkeypatch
):
    """The view has loaded the open session; the close lands while it validates the body."""
    validate_against = rules.form_kwargs

    def close_while_validating(*args):
        close_elsewhere(db, hall["session"]["id"])
        return validate_against(*args)

    monkeypatch.setattr(rules, "form_kwargs", close_while_validating)
    response = client.post(
        f"/api/v1/sessions/{hall['session']['id']}/ideas",
        json={**FIELDS, "client_id": "race-2"},
        headers=bearer(hall["token"]),
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "session_closed"
    assert count_ideas(db) == 0


def test_a_replay_is_acknowledged_after_the_close(app, db, hall):
    with app.test_request_context():
        mine = get_db()
        row, created = rules.submit(mine, hall["rina"], hall["session"]["id"], FIELDS, "c-1")
        assert created
        close_elsewhere(db, hall["session"]["id"])
        again, created = rules.submit(mine, hall["rina"], hall["session"]["id"], FIELDS, "c-1")
        assert not created and again["id"] == row["id"]


def test_an_edit_racing_the_close_is_refused(app, db, hall):
    with app.test_request_context():
        mine = get_db()
        row, _ = rules.submit(mine, hall["rina"], hall["session"]["id"], FIELDS, "c-2")
        close_elsewhere(db, hall["session"]["id"])
        with pytest.raises(Conflict) as refused:
            rules.edit_own(mine, hall["rina"], row["id"], {"title": "Terlambat"})
        assert refused.value.code == "session_closed"
        with pytest.raises(Conflict):
            rules.withdraw(mine, hall["rina"], row["id"])
    stored = db["ideas"].get(row["id"])
    assert (stored["title"], stored["status"]) == (FIELDS["title"], "visible")
