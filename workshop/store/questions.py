"""Questions to a speaker (issue 16 item 9): asked in `qa` sessions, upvoted, moderated.

A question is `visible` (the hall sees it), `hidden` (only facilitators) or `answered` (the
hall sees it, marked answered, with the facilitator's answer note). Votes are one row per
participant and question (question_votes); `votes` is counted when read. The author of an
anonymous question is stored (for idempotency, "mine" and the rate limit) but never leaves
this module: public_question gives no author for it to anyone, facilitators included.
"""

import sqlite3

from . import NotFound, audit, first, utcnow

STATUSES = ("visible", "hidden", "answered")
# Statuses the hall (participants, projectors) sees.
PUBLIC = ("visible", "answered")

_SELECT = """
SELECT q.*, p.name AS author_name, o.code AS author_opd_code,
       (SELECT COUNT(*) FROM question_votes v WHERE v.question_id = q.id) AS votes
FROM questions q
LEFT JOIN participants p ON p.id = q.participant_id
LEFT JOIN opds o ON o.id = p.opd_id
"""
# Pinned first, then most votes, then oldest.
_ORDER = " ORDER BY q.pinned DESC, votes DESC, q.id"


def get_question(db, question_id, workshop_id=None):
    """One question with its vote count, or NotFound."""
    row = first(db, _SELECT + " WHERE q.id = ?", [question_id])
    if row is None or (workshop_id is not None and row["workshop_id"] != workshop_id):
        raise NotFound("question")
    return row


def find_by_client_id(db, participant_id, client_id):
    """The question a participant already sent with this client_id, or None."""
    return first(
        db, _SELECT + " WHERE q.participant_id = ? AND q.client_id = ?", [participant_id, client_id]
    )


def list_questions(db, session_id=None, workshop_id=None, statuses=None):
    """Questions of a session (or workshop): pinned first, then by votes, then oldest."""
    clauses, params = [], []
    if session_id is not None:
        clauses.append("q.session_id = ?")
        params.append(session_id)
    if workshop_id is not None:
        clauses.append("q.workshop_id = ?")
        params.append(workshop_id)
    if statuses is not None:
        clauses.append(f"q.status IN ({', '.join('?' for _ in statuses)})")
        params.extend(statuses)
    where = " AND ".join(clauses) or "1"
    # `where` is assembled from the constant clauses above; values go through placeholders.
    return list(db.query(_SELECT + f" WHERE {where}" + _ORDER, params))  # noqa: S608


def voted_ids(db, participant_id, question_ids):
    """The ids among question_ids this participant upvoted."""
    if not question_ids:
        return set()
    marks = ", ".join("?" for _ in question_ids)
    rows = db.query(
        f"SELECT question_id FROM question_votes WHERE participant_id = ?"  # noqa: S608
        f" AND question_id IN ({marks})",
        [participant_id, *question_ids],
    )
    return {r["question_id"] for r in rows}


def voters(db, workshop_id):
    """{question id: [participant ids who support it]} for one workshop (exports)."""
    rows = db.query(
        "SELECT v.question_id, v.participant_id FROM question_votes v"
        " JOIN questions q ON q.id = v.question_id WHERE q.workshop_id = ?"
        " ORDER BY v.question_id, v.participant_id",
        [workshop_id],
    )
    found = {}
    for row in rows:
        found.setdefault(row["question_id"], []).append(row["participant_id"])
    return found


def create_question(db, session, participant_id, text, anonymous, client_id=None):
    """Insert a question; returns (question, created). A replayed client_id returns the stored
    one. The audit entry of an anonymous question names no participant."""
    if client_id:
        existing = find_by_client_id(db, participant_id, client_id)
        if existing:
            return existing, False
    now = utcnow()
    row = {
        "workshop_id": session["workshop_id"],
        "session_id": session["id"],
        "participant_id": participant_id,
        "client_id": client_id or None,
        "text": text,
        "anonymous": int(bool(anonymous)),
        "status": "visible",
        "pinned": 0,
        "answer": "",
        "created_at": now,
        "updated_at": now,
    }
    try:
        with db.atomic():
            question_id = db["questions"].insert(row).last_pk
            audit.record(
                db,
                "question_created",
                actor_kind="participant",
                actor_id=None if anonymous else participant_id,
                workshop_id=session["workshop_id"],
                obj=("question", question_id),
                details={"text": text, "anonymous": bool(anonymous)},
            )
    except sqlite3.IntegrityError:
        existing = client_id and find_by_client_id(db, participant_id, client_id)
        if not existing:
            raise
        return existing, False
    return get_question(db, question_id), True


def set_vote(db, question_id, participant_id, on):
    """Add (on) or take back a participant's upvote; returns True when something changed."""
    with db.atomic():
        if on:
            changed = db.execute(
                "INSERT OR IGNORE INTO question_votes (question_id, participant_id, created_at)"
                " VALUES (?, ?, ?)",
                [question_id, participant_id, utcnow()],
            ).rowcount
        else:
            changed = db.execute(
                "DELETE FROM question_votes WHERE question_id = ? AND participant_id = ?",
                [question_id, participant_id],
            ).rowcount
        if changed:
            row = get_question(db, question_id)
            audit.record(
                db,
                "question_upvoted" if on else "question_unvoted",
                actor_kind="participant",
                actor_id=participant_id,
                workshop_id=row["workshop_id"],
                obj=("question", question_id),
            )
    return bool(changed)


def update_question(db, question_id, changes, actor_id):
    """A facilitator changes status, pinned or the answer note; returns (before, after)."""
    with db.atomic():
        before = get_question(db, question_id)
        changes = {k: v for k, v in changes.items() if before[k] != v}
        if changes:
            now = utcnow()
            if changes.get("status") == "answered":
                changes["answered_at"] = now
            changes["updated_at"] = now
            db["questions"].update(question_id, changes)
            status = changes.get("status")
            audit.facilitator_action(
                db,
                f"question_{status}" if status else "question_updated",
                actor_id,
                before["workshop_id"],
                ("question", question_id),
                {k: v for k, v in changes.items() if k not in ("updated_at", "answered_at")},
            )
    return before, get_question(db, question_id)


def move_author(db, duplicate_id, survivor_id):
    """A merged participant's questions and upvotes become the survivor's (one vote each)."""
    db.execute(
        "UPDATE questions SET client_id = NULL WHERE participant_id = ? AND client_id IN"
        " (SELECT client_id FROM questions WHERE participant_id = ? AND client_id IS NOT NULL)",
        [duplicate_id, survivor_id],
    )
    db.execute(
        "UPDATE questions SET participant_id = ? WHERE participant_id = ?",
        [survivor_id, duplicate_id],
    )
    db.execute(
        "INSERT OR IGNORE INTO question_votes (question_id, participant_id, created_at)"
        " SELECT question_id, ?, created_at FROM question_votes WHERE participant_id = ?",
        [survivor_id, duplicate_id],
    )
    db.execute("DELETE FROM question_votes WHERE participant_id = ?", [duplicate_id])


# -- The API's shape ----------------------------------------------------------------------------


def public_question(row, facilitator=False):
    """The API/socket shape of a question. Facilitators see the author of a named question;
    nobody sees the author of an anonymous one."""
    data = {
        "id": row["id"],
        "session_id": row["session_id"],
        "workshop_id": row["workshop_id"],
        "text": row["text"],
        "anonymous": bool(row["anonymous"]),
        "author_name": None,
        "status": row["status"],
        "pinned": bool(row["pinned"]),
        "answer": row["answer"],
        "answered_at": row["answered_at"],
        "votes": row["votes"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }
    if not row["anonymous"]:
        # A named question shows its asker's name to the hall, as a hand raised in the room.
        name = row["author_name"] or ""
        data["author_name"] = (
            f"{name} ({row['author_opd_code']})" if row["author_opd_code"] else name
        )
        if facilitator:
            data["author"] = {"participant_id": row["participant_id"], "name": row["author_name"]}
    return data
