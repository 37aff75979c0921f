"""Programmes (issue 15): codes per dimension, chosen priority polls, chosen quick wins.

A programme is an idea in a `programs`-purpose session. Its code (SG-01) comes from
idea_code_counters, which only ever counts up, so a code is never given twice in a workshop
and dimension, whatever is removed, merged or imported later. Its extra fields (supporting
OPDs, years, indicators) are columns of `ideas`; lists are stored as JSON text.
"""

import json

from .. import reference
from . import NotFound, audit, first, utcnow

# Fields of an idea that only programmes use (settable like the content fields).
PROGRAM_FIELDS = ("supporting_opd_ids", "year_start", "year_end", "indicators")
# Of those, the ones stored as JSON lists.
LIST_FIELDS = ("supporting_opd_ids", "indicators")


def encode(fields):
    """Program fields as the ideas table stores them (lists as JSON text)."""
    out = dict(fields)
    for name in LIST_FIELDS:
        if name in out:
            out[name] = json.dumps(out[name] or [], ensure_ascii=False)
    return out


def decode_list(text):
    """A stored JSON list (or None) → a list."""
    return json.loads(text) if text else []


def program_view(row):
    """The programme keys of an idea row, as the API returns them."""
    return {
        "code": row.get("code"),
        "supporting_opd_ids": decode_list(row.get("supporting_opd_ids")),
        "year_start": row.get("year_start"),
        "year_end": row.get("year_end"),
        "indicators": decode_list(row.get("indicators")),
        "promoted_from": row.get("promoted_from"),
    }


# -- Codes -------------------------------------------------------------------------------------


def format_code(dimension, number):
    return f"{reference.code_prefix(dimension)}-{number:02d}"


def next_code(db, workshop_id, dimension):
    """The next unused code of this workshop and dimension (call inside the write transaction)."""
    db.execute(
        "INSERT INTO idea_code_counters (workshop_id, dimension, last) VALUES (?, ?, 1)"
        " ON CONFLICT (workshop_id, dimension) DO UPDATE SET last = last + 1",
        [workshop_id, dimension],
    )
    number = first(
        db,
        "SELECT last FROM idea_code_counters WHERE workshop_id = ? AND dimension = ?",
        [workshop_id, dimension],
    )["last"]
    return format_code(dimension, number)


def code_counters(db, workshop_id):
    """{dimension: last number given} of a workshop (the export keeps them)."""
    rows = db.query(
        "SELECT dimension, last FROM idea_code_counters WHERE workshop_id = ? ORDER BY dimension",
        [workshop_id],
    )
    return {r["dimension"]: r["last"] for r in rows}


def raise_counter(db, workshop_id, dimension, last):
    """Make sure the counter is at least `last` (import: codes in the file stay unused)."""
    db.execute(
        "INSERT INTO idea_code_counters (workshop_id, dimension, last) VALUES (?, ?, ?)"
        " ON CONFLICT (workshop_id, dimension) DO UPDATE SET last = max(last, excluded.last)",
        [workshop_id, dimension, last],
    )


def code_number(code):
    """The number at the end of a code ("SG-07" → 7), or 0."""
    tail = (code or "").rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else 0


# -- Quick wins ----------------------------------------------------------------------------------


def get_quick_win(db, idea_id):
    row = first(db, "SELECT * FROM quick_wins WHERE idea_id = ?", [idea_id])
    if row is None:
        raise NotFound("quick_win")
    return row


def mark_quick_win(db, idea, reason, actor_id):
    """Mark (or re-mark with a new reason) a programme as a chosen quick win."""
    with db.atomic():
        db.execute(
            "INSERT INTO quick_wins (idea_id, reason, marked_at, marked_by) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (idea_id) DO UPDATE SET reason = excluded.reason,"
            " marked_at = excluded.marked_at, marked_by = excluded.marked_by",
            [idea["id"], reason, utcnow(), actor_id],
        )
        audit.record(
            db,
            "quick_win_marked",
            actor_kind="facilitator",
            actor_id=actor_id,
            workshop_id=idea["workshop_id"],
            obj=("idea", idea["id"]),
            details={"reason": reason, "code": idea.get("code")},
        )
    return get_quick_win(db, idea["id"])


def unmark_quick_win(db, idea, actor_id):
    """Take the mark off; False when it was not marked."""
    with db.atomic():
        gone = db.execute("DELETE FROM quick_wins WHERE idea_id = ?", [idea["id"]]).rowcount
        if gone:
            audit.record(
                db,
                "quick_win_unmarked",
                actor_kind="facilitator",
                actor_id=actor_id,
                workshop_id=idea["workshop_id"],
                obj=("idea", idea["id"]),
            )
    return bool(gone)


def list_quick_wins(db, workshop_id):
    """The chosen quick wins of a workshop, oldest mark first: idea_id, reason, marked_at."""
    return list(
        db.query(
            "SELECT q.idea_id, q.reason, q.marked_at, q.marked_by FROM quick_wins q"
            " JOIN ideas i ON i.id = q.idea_id WHERE i.workshop_id = ?"
            " ORDER BY q.marked_at, q.idea_id",
            [workshop_id],
        )
    )


def restore_quick_win(db, idea_id, reason, marked_at):
    """Import: a mark as the file has it."""
    db.execute(
        "INSERT OR REPLACE INTO quick_wins (idea_id, reason, marked_at) VALUES (?, ?, ?)",
        [idea_id, reason, marked_at],
    )


# -- Priorities ----------------------------------------------------------------------------------


def explicit_priorities(db, workshop_id):
    """{dimension: poll_id} the facilitators chose."""
    rows = db.query(
        "SELECT dimension, poll_id FROM priorities WHERE workshop_id = ?", [workshop_id]
    )
    return {r["dimension"]: r["poll_id"] for r in rows}


def set_priority(db, workshop_id, dimension, poll_id, actor_id):
    """Choose (poll_id) or clear (None) the poll that ranks a dimension's programmes."""
    with db.atomic():
        if poll_id is None:
            db.execute(
                "DELETE FROM priorities WHERE workshop_id = ? AND dimension = ?",
                [workshop_id, dimension],
            )
        else:
            db.execute(
                "INSERT INTO priorities (workshop_id, dimension, poll_id, set_by, set_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (workshop_id, dimension) DO UPDATE SET"
                " poll_id = excluded.poll_id, set_by = excluded.set_by, set_at = excluded.set_at",
                [workshop_id, dimension, poll_id, actor_id, utcnow()],
            )
        audit.record(
            db,
            "priority_set" if poll_id is not None else "priority_cleared",
            actor_kind="facilitator",
            actor_id=actor_id,
            workshop_id=workshop_id,
            obj=("poll", poll_id) if poll_id is not None else None,
            details={"dimension": dimension, "poll_id": poll_id},
        )


def restore_priority(db, workshop_id, dimension, poll_id):
    """Import: an explicit choice as the file has it."""
    db.execute(
        "INSERT OR REPLACE INTO priorities (workshop_id, dimension, poll_id, set_at)"
        " VALUES (?, ?, ?, ?)",
        [workshop_id, dimension, poll_id, utcnow()],
    )


def closed_poll_coverage(db, workshop_id):
    """How many of each dimension's programmes every closed poll of the workshop lists.

    A programme is a visible idea of a `programs` session (on the wall); a
    poll item that was merged away counts as its survivor. Rows: poll_id, closed_at,
    dimension, programmes.
    """
    return list(
        db.query(
            """
            SELECT p.id AS poll_id, p.closed_at, i.dimension,
                   COUNT(DISTINCT i.id) AS programmes
            FROM polls p
            JOIN poll_ideas pi ON pi.poll_id = p.id
            JOIN ideas src ON src.id = pi.idea_id
            JOIN ideas i ON i.id = COALESCE(src.merged_into, src.id)
            JOIN sessions s ON s.id = i.session_id
            WHERE p.workshop_id = ? AND p.status = 'closed' AND s.purpose = 'programs'
              AND i.status = 'visible'
            GROUP BY p.id, i.dimension
            """,
            [workshop_id],
        )
    )
