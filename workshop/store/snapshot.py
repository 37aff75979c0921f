"""Reads for exports: one workshop's rows as the export model needs them (export/model.py).

`read_snapshot` holds one deferred read transaction, so every read inside it sees the same
committed state (WAL: writers go on meanwhile, nothing waits for the export). Secrets
(token and password hashes, the projector key) are never selected here.
"""

import contextlib
import json

from . import first


@contextlib.contextmanager
def read_snapshot(db):
    """A deferred read transaction: every SELECT inside sees the same committed state.

    In WAL mode readers never block writers, so this is safe at any moment of a workshop.
    """
    conn = db.conn
    if conn.in_transaction:  # already inside one (a caller's transaction): reuse it
        yield db
        return
    conn.execute("BEGIN")
    try:
        yield db
    finally:
        conn.rollback()  # nothing was written; this only ends the read


def list_named_facilitators(db, workshop_id):
    """[{id, username, role}] of the workshop's facilitators and of anyone its rows name."""
    return list(
        db.query(
            "SELECT id, username, role FROM facilitators WHERE id IN ("
            " SELECT facilitator_id FROM workshop_facilitators WHERE workshop_id = :w"
            " UNION SELECT created_by FROM workshops WHERE id = :w"
            " UNION SELECT facilitator_id FROM ideas WHERE workshop_id = :w"
            " UNION SELECT created_by FROM polls WHERE workshop_id = :w"
            " UNION SELECT d.created_by FROM poll_decisions d JOIN polls p ON p.id = d.poll_id"
            "   WHERE p.workshop_id = :w"
            " UNION SELECT created_by FROM notes WHERE workshop_id = :w"
            " UNION SELECT updated_by FROM notes WHERE workshop_id = :w"
            " UNION SELECT facilitator_id FROM worksheet_entries WHERE workshop_id = :w"
            " UNION SELECT created_by FROM worksheet_strategies WHERE workshop_id = :w"
            " UNION SELECT updated_by FROM workshop_visions WHERE workshop_id = :w"
            " UNION SELECT updated_by FROM readiness_lists WHERE workshop_id = :w"
            " UNION SELECT actor_id FROM audit WHERE workshop_id = :w"
            "   AND actor_kind = 'facilitator') ORDER BY id",
            {"w": workshop_id},
        )
    )


def list_progress_reports(db, workshop_id):
    """Who sent each progress report (ids only), by id."""
    return list(
        db.query(
            "SELECT id, participant_id, account_id FROM progress_reports WHERE workshop_id = ?"
            " ORDER BY id",
            [workshop_id],
        )
    )


def list_participants(db, workshop_id):
    """Every participant (merged ones too), by id, without OPD names or device counts."""
    return list(
        db.query(
            "SELECT id, name, opd_id, merged_into, created_at, last_seen_at FROM participants"
            " WHERE workshop_id = ? ORDER BY id",
            [workshop_id],
        )
    )


def list_devices(db, workshop_id):
    """Every device of the workshop's participants, by id, without its token hash."""
    return list(
        db.query(
            "SELECT d.id, d.participant_id, d.label, d.created_at, d.last_seen_at, d.revoked_at"
            " FROM devices d JOIN participants p ON p.id = d.participant_id"
            " WHERE p.workshop_id = ? ORDER BY d.id",
            [workshop_id],
        )
    )


def list_attendance(db, workshop_id):
    """Attendance rows by date, then participant."""
    return list(
        db.query(
            "SELECT a.participant_id, a.on_date, a.first_seen_at FROM attendance a"
            " JOIN participants p ON p.id = a.participant_id WHERE p.workshop_id = ?"
            " ORDER BY a.on_date, a.participant_id",
            [workshop_id],
        )
    )


def list_ballots(db, poll_id):
    """A poll's ballots by id, voters included, body decoded (the caller hides anonymous ones)."""
    rows = list(
        db.query(
            "SELECT id, voter_key, participant_id, opd_id, changed_by, body, created_at,"
            " updated_at FROM ballots WHERE poll_id = ? ORDER BY id",
            [poll_id],
        )
    )
    for r in rows:
        r["body"] = json.loads(r["body"])
    return rows


def list_audit(db, workshop_id):
    """The workshop's audit trail, oldest first, details decoded."""
    rows = list(
        db.query(
            "SELECT id, at, actor_kind, actor_id, action, object_type, object_id, details"
            " FROM audit WHERE workshop_id = ? ORDER BY id",
            [workshop_id],
        )
    )
    for r in rows:
        r["details"] = json.loads(r["details"]) if r["details"] else None
    return rows


def list_worksheet_entries(db, workshop_id, columns):
    """Every worksheet entry of the workshop (any status), by id, these columns."""
    names = ", ".join(columns)
    return list(
        db.query(
            f"SELECT {names} FROM worksheet_entries WHERE workshop_id = ? ORDER BY id",  # noqa: S608 (names from the model)
            [workshop_id],
        )
    )


def list_worksheet_strategies(db, workshop_id, columns):
    """Every TOWS or strategy-session strategy of the workshop, by id, `from_entries` decoded."""
    names = ", ".join(columns)
    rows = list(
        db.query(
            f"SELECT {names} FROM worksheet_strategies WHERE workshop_id = ? ORDER BY id",  # noqa: S608 (names from the model)
            [workshop_id],
        )
    )
    for r in rows:
        r["from_entries"] = json.loads(r["from_entries"] or "[]")
    return rows


def find_vision(db, workshop_id):
    """The recorded vision and missions (missions decoded), or None."""
    row = first(
        db,
        "SELECT vision, missions, updated_by, updated_at FROM workshop_visions"
        " WHERE workshop_id = ?",
        [workshop_id],
    )
    if row:
        row["missions"] = json.loads(row["missions"] or "[]")
    return row


def find_readiness_list(db, workshop_id):
    """The workshop's own readiness list (`body`: the aspects with their items, decoded) with
    who changed it last, or None while it uses the default."""
    row = first(
        db,
        "SELECT body, updated_by, updated_at FROM readiness_lists WHERE workshop_id = ?",
        [workshop_id],
    )
    if row:
        row["body"] = json.loads(row["body"])
    return row


# Rows of each table that belong to one workshop (directly or through a parent).
COUNT_QUERIES = {
    "workshops": "SELECT COUNT(*) AS n FROM workshops WHERE id = :w",
    "days": "SELECT COUNT(*) AS n FROM days WHERE workshop_id = :w",
    "sessions": "SELECT COUNT(*) AS n FROM sessions WHERE workshop_id = :w",
    "opds": "SELECT COUNT(*) AS n FROM opds WHERE workshop_id = :w",
    "dimensions": "SELECT COUNT(*) AS n FROM dimensions WHERE workshop_id = :w",
    "elements": "SELECT COUNT(*) AS n FROM elements e JOIN dimensions d"
    " ON d.id = e.dimension_id WHERE d.workshop_id = :w",
    "participants": "SELECT COUNT(*) AS n FROM participants WHERE workshop_id = :w",
    "devices": "SELECT COUNT(*) AS n FROM devices d JOIN participants p"
    " ON p.id = d.participant_id WHERE p.workshop_id = :w",
    "attendance": "SELECT COUNT(*) AS n FROM attendance a JOIN participants p"
    " ON p.id = a.participant_id WHERE p.workshop_id = :w",
    "ideas": "SELECT COUNT(*) AS n FROM ideas WHERE workshop_id = :w",
    "polls": "SELECT COUNT(*) AS n FROM polls WHERE workshop_id = :w",
    "poll_ideas": "SELECT COUNT(*) AS n FROM poll_ideas pi JOIN polls p ON p.id = pi.poll_id"
    " WHERE p.workshop_id = :w",
    "ballots": "SELECT COUNT(*) AS n FROM ballots b JOIN polls p ON p.id = b.poll_id"
    " WHERE p.workshop_id = :w",
    "poll_decisions": "SELECT COUNT(*) AS n FROM poll_decisions d JOIN polls p"
    " ON p.id = d.poll_id WHERE p.workshop_id = :w",
    "notes": "SELECT COUNT(*) AS n FROM notes WHERE workshop_id = :w",
    "questions": "SELECT COUNT(*) AS n FROM questions WHERE workshop_id = :w",
    "progress_reports": "SELECT COUNT(*) AS n FROM progress_reports WHERE workshop_id = :w",
    "question_votes": "SELECT COUNT(*) AS n FROM question_votes v JOIN questions q"
    " ON q.id = v.question_id WHERE q.workshop_id = :w",
    "audit": "SELECT COUNT(*) AS n FROM audit WHERE workshop_id = :w",
    "worksheet_entries": "SELECT COUNT(*) AS n FROM worksheet_entries WHERE workshop_id = :w",
    "worksheet_strategies": "SELECT COUNT(*) AS n FROM worksheet_strategies WHERE workshop_id = :w",
    "workshop_visions": "SELECT COUNT(*) AS n FROM workshop_visions WHERE workshop_id = :w",
    "readiness_lists": "SELECT COUNT(*) AS n FROM readiness_lists WHERE workshop_id = :w",
    "priorities": "SELECT COUNT(*) AS n FROM priorities WHERE workshop_id = :w",
    "idea_code_counters": "SELECT COUNT(*) AS n FROM idea_code_counters WHERE workshop_id = :w",
    "quick_wins": "SELECT COUNT(*) AS n FROM quick_wins q JOIN ideas i ON i.id = q.idea_id"
    " WHERE i.workshop_id = :w",
}


def count_rows(db, workshop_id):
    """Rows per table belonging to one workshop (the sqlite snapshot must keep these)."""
    w = {"w": workshop_id}
    return {table: first(db, sql, w)["n"] for table, sql in COUNT_QUERIES.items()}
