"""Writes that bring a workshop's history in from elsewhere, and the look-ups they need.

Two callers: `workshop import-json` (export/importer.py) recreates a workshop from a JSON
dump, and `workshop demo` (demo.py) invents a believable past. Unlike the domain writes in
the other store modules, these insert rows exactly as given (their timestamps, statuses and
links included) and record no audit entry of their own: the caller holds the transaction
and records what happened. Each insert returns the new row's id.
"""

import json

from . import first, workshops


def free_code(db):
    """A join code no workshop on this server uses (the one rule: store/workshops.py)."""
    return workshops._unique_code(db)  # same package: the rule has one home


def find_facilitator_id(db, username):
    """The id of the account with this username (case-insensitive), or None."""
    row = first(db, "SELECT id FROM facilitators WHERE username = ? COLLATE NOCASE", [username])
    return row["id"] if row else None


def find_workshop_titled(db, facilitator_id, title):
    """A workshop with this exact title that this facilitator runs, or None."""
    return first(
        db,
        "SELECT w.* FROM workshops w JOIN workshop_facilitators wf ON wf.workshop_id = w.id"
        " WHERE wf.facilitator_id = ? AND w.title = ?",
        [facilitator_id, title],
    )


def client_id_taken(db, facilitator_id, client_id):
    """True when this facilitator already has a proposal with this idempotency key."""
    row = first(
        db,
        "SELECT 1 AS x FROM ideas WHERE facilitator_id = ? AND client_id = ?",
        [facilitator_id, client_id],
    )
    return row is not None


def _insert(db, table, row):
    return db[table].insert(row).last_pk


def insert_workshop(db, row):
    return _insert(db, "workshops", row)


def add_member(db, workshop_id, facilitator_id, added_at):
    """Link a facilitator to the workshop (no audit entry: the import records its own)."""
    db["workshop_facilitators"].insert(
        {"workshop_id": workshop_id, "facilitator_id": facilitator_id, "added_at": added_at}
    )


def insert_day(db, workshop_id, number, stage):
    db["days"].insert({"workshop_id": workshop_id, "number": number, "stage": stage})


def insert_session(db, row):
    return _insert(db, "sessions", row)


def insert_opd(db, row):
    return _insert(db, "opds", row)


def insert_dimension(db, row):
    return _insert(db, "dimensions", row)


def insert_element(db, row):
    return _insert(db, "elements", row)


def insert_participant(db, row):
    return _insert(db, "participants", row)


def set_participant_merged(db, participant_id, survivor_id):
    db["participants"].update(participant_id, {"merged_into": survivor_id})


def insert_attendance(db, participant_id, on_date, first_seen_at):
    db["attendance"].insert(
        {"participant_id": participant_id, "on_date": on_date, "first_seen_at": first_seen_at}
    )


def clear_attendance(db, participant_id):
    """Forget a participant's attendance (the demo writes its own dates after joining)."""
    db.execute("DELETE FROM attendance WHERE participant_id = ?", [participant_id])


def insert_idea(db, row):
    return _insert(db, "ideas", row)


def set_idea_merged(db, idea_id, survivor_id):
    db["ideas"].update(idea_id, {"merged_into": survivor_id})


def set_idea_promoted_from(db, idea_id, source_id):
    db["ideas"].update(idea_id, {"promoted_from": source_id})


def insert_note(db, row):
    return _insert(db, "notes", row)


def insert_question(db, row):
    return _insert(db, "questions", row)


def insert_question_votes(db, question_id, participant_ids, at):
    """Supporters of an imported question (one vote each)."""
    for participant_id in participant_ids:
        db.execute(
            "INSERT OR IGNORE INTO question_votes (question_id, participant_id, created_at)"
            " VALUES (?, ?, ?)",
            [question_id, participant_id, at],
        )


def insert_poll(db, row):
    return _insert(db, "polls", row)


def set_poll_snapshot(db, poll_id, snapshot):
    """Store a closed poll's frozen results (a dict)."""
    db["polls"].update(poll_id, {"snapshot": json.dumps(snapshot, ensure_ascii=False)})


def set_poll_ideas(db, poll_id, idea_ids):
    """The poll's items, in this order."""
    db["poll_ideas"].insert_all(
        {"poll_id": poll_id, "idea_id": idea_id, "position": n}
        for n, idea_id in enumerate(idea_ids)
    )


def insert_ballot(db, row):
    return _insert(db, "ballots", row)


def insert_decision(db, row):
    return _insert(db, "poll_decisions", row)


def insert_entry(db, row):
    """A worksheet entry as exported (its status, rater, quoted flag and times)."""
    return _insert(db, "worksheet_entries", row)


def set_entry_merged(db, entry_id, survivor_id):
    db["worksheet_entries"].update(entry_id, {"merged_into": survivor_id})


def insert_strategy(db, row):
    """A TOWS strategy or strategy statement; `from_entries` is a JSON list of entry ids."""
    return _insert(db, "worksheet_strategies", row)


def insert_vision(db, workshop_id, vision, missions, updated_at, updated_by=None):
    """The workshop's vision and missions as recorded elsewhere (when, and by whom)."""
    db["workshop_visions"].insert(
        {
            "workshop_id": workshop_id,
            "vision": vision,
            "missions": json.dumps(missions, ensure_ascii=False),
            "updated_by": updated_by,
            "updated_at": updated_at,
        },
        replace=True,
    )


def set_readiness_list(db, workshop_id, aspects, updated_at, updated_by=None):
    """The workshop's own readiness aspects and items (replacing the default copy)."""
    db["readiness_lists"].insert(
        {
            "workshop_id": workshop_id,
            "body": json.dumps(aspects, ensure_ascii=False),
            "updated_by": updated_by,
            "updated_at": updated_at,
        },
        replace=True,
    )


def worksheet_client_id_taken(db, facilitator_id, client_id):
    """True when this facilitator already has a worksheet entry with this idempotency key."""
    row = first(
        db,
        "SELECT 1 AS x FROM worksheet_entries WHERE facilitator_id = ? AND client_id = ?",
        [facilitator_id, client_id],
    )
    return row is not None


def insert_audit_entry(db, row):
    """An audit entry as it was recorded elsewhere (its own time and actor)."""
    return _insert(db, "audit", row)
