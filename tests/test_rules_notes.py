"""rules/notes.py: the one home of notulensi's rules (the API and the console page call it)."""

import datetime

import pytest

from workshop.rules import FieldError, NotFound
from workshop.rules import notes as rules
from workshop.store import notes


@pytest.fixture
def pushed(monkeypatch, db):
    """The pushes the rules send, with whether a transaction was still open at that moment."""
    sent = []

    def recorder(name):
        def push(*args):
            sent.append((name, args, db.conn.in_transaction))

        return push

    for name in ("broadcast_note_created", "broadcast_note_updated", "broadcast_note_removed"):
        monkeypatch.setattr(rules, name, recorder(name))
    return sent


@pytest.fixture
def hall(app, auth, db):
    owner = auth.create()
    mine = auth.workshop(owner["id"])
    theirs = auth.workshop(owner["id"], title="Bimtek Kota Lain")

    def first(table, workshop):
        sql = f"SELECT * FROM {table} WHERE workshop_id = ? ORDER BY id LIMIT 1"  # noqa: S608
        return next(db.query(sql, [workshop["id"]]))

    with app.test_request_context():
        yield {
            "actor": owner["id"],
            "workshop": mine,
            "session": first("sessions", mine),
            "opd": first("opds", mine),
            "their_opd": first("opds", theirs),
            "their_session": first("sessions", theirs),
        }


def test_create_stores_checks_and_pushes_after_commit(db, hall, pushed):
    fields = {
        "kind": "action",
        "body": "Susun **SOP** perizinan",
        "opd_id": hall["opd"]["id"],
        "due_on": datetime.date(2026, 12, 31),
    }
    note = rules.create_note(db, hall["session"], fields, hall["actor"])
    assert (note["kind"], note["opd_id"], note["due_on"]) == (
        "action",
        hall["opd"]["id"],
        "2026-12-31",
    )
    assert "<strong>SOP</strong>" in note["html"]
    assert fields["due_on"] == datetime.date(2026, 12, 31)  # the caller's dict is left alone
    assert pushed == [("broadcast_note_created", (note, hall["workshop"]["id"]), False)]
    assert rules.session_notes(db, hall["session"]["id"]) == [note]


def test_an_owner_from_another_workshop_is_refused(db, hall, pushed):
    fields = {"kind": "action", "body": "x", "opd_id": hall["their_opd"]["id"], "due_on": None}
    with pytest.raises(FieldError) as refused:
        rules.create_note(db, hall["session"], fields, hall["actor"])
    assert list(refused.value.fields) == ["opd_id"]
    assert notes.list_notes(db, session_id=hall["session"]["id"]) == []
    assert pushed == []


def test_update_and_delete_stay_inside_the_workshop(db, hall, pushed):
    theirs = notes.create_note(db, hall["their_session"], {"kind": "note", "body": "x"}, 1)
    wid = hall["workshop"]["id"]
    with pytest.raises(NotFound):
        rules.update_note(db, wid, theirs["id"], {"body": "y"}, hall["actor"])
    with pytest.raises(NotFound):
        rules.delete_note(db, wid, theirs["id"], hall["actor"])
    assert notes.get_note(db, theirs["id"])["body"] == "x"
    assert pushed == []


def test_update_then_delete_push_their_events(db, hall, pushed):
    wid = hall["workshop"]["id"]
    note = rules.create_note(db, hall["session"], {"kind": "note", "body": "a"}, hall["actor"])
    changed = rules.update_note(db, wid, note["id"], {"kind": "decision"}, hall["actor"])
    assert (changed["kind"], changed["body"]) == ("decision", "a")
    assert rules.decisions_and_actions(db, wid) == [changed]
    rules.delete_note(db, wid, note["id"], hall["actor"])
    assert [(name, in_tx) for name, _args, in_tx in pushed] == [
        ("broadcast_note_created", False),
        ("broadcast_note_updated", False),
        ("broadcast_note_removed", False),
    ]
    assert pushed[-1][1] == (note["id"], hall["session"]["id"], wid)
    with pytest.raises(NotFound):
        rules.get_note(db, note["id"], wid)
