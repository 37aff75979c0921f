"""One workshop's data as plain dicts: the single source of every export format.

Everything is read inside one read transaction, so an export taken mid-session is a
consistent snapshot (WAL: writers go on meanwhile, nothing waits for the export).

Anonymous polls carry no voter identities here, so no format can leak them: their
ballots are shuffled and keep only the ballot body (no participant, OPD, voter key,
id or time). Secrets (projector key, token and password hashes) are never read.
"""

import contextlib
import json
import random

from ..results import results
from ..store import agenda, first, ideas, notes, polls, roster, utcnow, workshops

# Identifies a JSON dump and the shape of this dict.
FORMAT = "rembuk-workshop"
VERSION = 1
# Workshop columns that go out (the join code and projector key stay on the server).
WORKSHOP_KEYS = (
    "id",
    "title",
    "city",
    "year",
    "venue",
    "starts_on",
    "days",
    "template",
    "created_at",
    "updated_at",
)
SESSION_KEYS = (*agenda.SESSION_KEYS, "settings")
POLL_KEYS = (
    "id",
    "session_id",
    "title",
    "method",
    "budget",
    "max_per_item",
    "criteria",
    "anonymous",
    "results",
    "ballot_scope",
    "status",
    "closes_at",
    "opened_at",
    "closed_at",
    "snapshot",
    "created_by",
    "created_at",
    "updated_at",
)
IDEA_KEYS = (
    "id",
    "session_id",
    "participant_id",
    "facilitator_id",
    "client_id",
    "title",
    "description",
    "problem",
    "dimension",
    "element",
    "opd_id",
    "responsible_opd_id",
    "horizon",
    "budget_idr",
    "funding_source",
    "status",
    "merged_into",
    "status_before_merge",
    "group_name",
    "created_at",
    "updated_at",
)
NOTE_KEYS = (
    "id",
    "session_id",
    "kind",
    "body",
    "opd_id",
    "due_on",
    "created_by",
    "updated_by",
    "created_at",
    "updated_at",
)


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


def gather(db, workshop_id, rng=None):
    """Every row of one workshop (NotFound when it does not exist), as plain dicts."""
    with read_snapshot(db):
        return _gather(db, workshop_id, rng or random.SystemRandom())


def gather_for_session(db, session_id):
    """The whole workshop of a session (summaries cite proposals and polls from anywhere)."""
    with read_snapshot(db):
        session = agenda.get_session(db, session_id)
        return _gather(db, session["workshop_id"], random.SystemRandom())


def _gather(db, workshop_id, rng):
    workshop = workshops.get_workshop(db, workshop_id)
    facts = {k: workshop[k] for k in WORKSHOP_KEYS}
    facts["ends_on"] = workshops.ends_on(workshop).isoformat()
    facts["created_by"] = workshop["created_by"]
    days = [
        {
            "number": d["number"],
            "stage": d["stage"],
            "date": workshops.day_date(workshop, d["number"]).isoformat(),
        }
        for d in agenda.list_days(db, workshop_id)
    ]
    sessions = []
    for row in agenda.list_sessions(db, workshop_id):
        session = {k: row[k] for k in SESSION_KEYS}
        session["settings"] = json.loads(row["settings"] or "{}")
        sessions.append(session)
    data = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": utcnow(),
        "workshop": facts,
        "facilitators": _facilitators(db, workshop_id),
        "days": days,
        "sessions": sessions,
        "opds": [
            {k: o[k] for k in ("id", "code", "name")} for o in roster.list_opds(db, workshop_id)
        ],
        "dimensions": _dimensions(db, workshop_id),
        "participants": _participants(db, workshop_id),
        "devices": _devices(db, workshop_id),
        "attendance": _attendance(db, workshop_id),
        "ideas": [
            {k: r[k] for k in IDEA_KEYS} for r in ideas.list_ideas(db, workshop_id=workshop_id)
        ],
        "polls": [_poll(db, p, rng) for p in polls.list_polls(db, workshop_id=workshop_id)],
        "notes": [
            {k: n[k] for k in NOTE_KEYS}
            for n in sorted(notes.list_notes(db, workshop_id=workshop_id), key=lambda n: n["id"])
        ],
        "audit": _audit(db, workshop_id),
    }
    return data


def _facilitators(db, workshop_id):
    """Usernames of the workshop's facilitators and of anyone its rows name as author."""
    members = {f["id"] for f in workshops.list_workshop_facilitators(db, workshop_id)}
    rows = db.query(
        "SELECT id, username FROM facilitators WHERE id IN ("
        " SELECT facilitator_id FROM workshop_facilitators WHERE workshop_id = :w"
        " UNION SELECT created_by FROM workshops WHERE id = :w"
        " UNION SELECT facilitator_id FROM ideas WHERE workshop_id = :w"
        " UNION SELECT created_by FROM polls WHERE workshop_id = :w"
        " UNION SELECT d.created_by FROM poll_decisions d JOIN polls p ON p.id = d.poll_id"
        "   WHERE p.workshop_id = :w"
        " UNION SELECT created_by FROM notes WHERE workshop_id = :w"
        " UNION SELECT updated_by FROM notes WHERE workshop_id = :w"
        " UNION SELECT actor_id FROM audit WHERE workshop_id = :w"
        "   AND actor_kind = 'facilitator') ORDER BY id",
        {"w": workshop_id},
    )
    return [{"id": r["id"], "username": r["username"], "member": r["id"] in members} for r in rows]


def _dimensions(db, workshop_id):
    return [
        {
            "id": d["id"],
            "key": d["key"],
            "name": d["name"],
            "name_id": d["name_id"],
            "position": d["position"],
            "elements": [
                {k: e[k] for k in ("id", "key", "name", "name_id", "position")}
                for e in d["elements"]
            ],
        }
        for d in roster.list_dimensions(db, workshop_id)
    ]


def _participants(db, workshop_id):
    return list(
        db.query(
            "SELECT id, name, opd_id, merged_into, created_at, last_seen_at FROM participants"
            " WHERE workshop_id = ? ORDER BY id",
            [workshop_id],
        )
    )


def _devices(db, workshop_id):
    """Devices without their token hashes (a credential never leaves the store)."""
    return list(
        db.query(
            "SELECT d.id, d.participant_id, d.label, d.created_at, d.last_seen_at, d.revoked_at"
            " FROM devices d JOIN participants p ON p.id = d.participant_id"
            " WHERE p.workshop_id = ? ORDER BY d.id",
            [workshop_id],
        )
    )


def _attendance(db, workshop_id):
    return list(
        db.query(
            "SELECT a.participant_id, a.on_date, a.first_seen_at FROM attendance a"
            " JOIN participants p ON p.id = a.participant_id WHERE p.workshop_id = ?"
            " ORDER BY a.on_date, a.participant_id",
            [workshop_id],
        )
    )


def _poll(db, row, rng):
    poll = {k: row[k] for k in POLL_KEYS}
    poll["idea_ids"] = [r["id"] for r in polls.poll_ideas(db, row["id"])]
    poll["tally"] = results(db, row) if row["status"] != "draft" else None
    poll["ballots"] = _ballots(db, row, rng)
    poll["decisions"] = [
        {k: d[k] for k in ("id", "idea_id", "label", "reason", "created_by", "created_at")}
        for d in polls.list_decisions(db, row["id"])
    ]
    return poll


def _ballots(db, poll, rng):
    """Ballots for a recount; an anonymous poll's are shuffled bodies and nothing else."""
    rows = list(
        db.query(
            "SELECT id, voter_key, participant_id, opd_id, changed_by, body, created_at,"
            " updated_at FROM ballots WHERE poll_id = ? ORDER BY id",
            [poll["id"]],
        )
    )
    if poll["anonymous"]:
        bodies = [json.loads(r["body"]) for r in rows]
        rng.shuffle(bodies)
        return [{"body": body} for body in bodies]
    for r in rows:
        r["body"] = json.loads(r["body"])
    return rows


def _audit(db, workshop_id):
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


def count_rows(db, workshop_id):
    """Rows per table belonging to one workshop (the sqlite snapshot must keep these)."""
    w = {"w": workshop_id}
    queries = {
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
        "audit": "SELECT COUNT(*) AS n FROM audit WHERE workshop_id = :w",
    }
    return {table: first(db, sql, w)["n"] for table, sql in queries.items()}
