"""Proposals (usulan): idempotent submission, moderation, clusters, merges with provenance."""

import json
import sqlite3

from . import Conflict, NotFound, audit, first, programmes, utcnow

# Optional fields a facilitator can show or hide per session (title and dimension always show).
OPTIONAL_FIELDS = (
    "description",
    "problem",
    "element",
    "opd_id",
    "responsible_opd_id",
    "horizon",
    "budget_idr",
    "funding_source",
)
AUTHORSHIP = ("name_opd", "opd", "anonymous")
DEFAULT_SETTINGS = {
    "fields": list(OPTIONAL_FIELDS),
    "authorship": "name_opd",
    "premoderation": False,
}
# Fields a proposal carries (what authors and facilitators may edit).
CONTENT_FIELDS = ("title", "dimension", *OPTIONAL_FIELDS)
# Statuses participants can see; their own pending proposals show to them too.
PUBLIC_STATUSES = ("visible",)

_SELECT = """
SELECT i.*, p.name AS author_name, p.opd_id AS author_opd_id, ao.code AS author_opd_code,
       o.code AS opd_code, ro.code AS responsible_opd_code,
       qw.reason AS quick_win_reason, qw.marked_at AS quick_win_marked_at
FROM ideas i
LEFT JOIN participants p ON p.id = i.participant_id
LEFT JOIN opds ao ON ao.id = p.opd_id
LEFT JOIN opds o ON o.id = i.opd_id
LEFT JOIN opds ro ON ro.id = i.responsible_opd_id
LEFT JOIN quick_wins qw ON qw.idea_id = i.id
"""


def session_settings(session):
    """A session's collection settings, with defaults for what was never set."""
    stored = json.loads(session.get("settings") or "{}")
    settings = {**DEFAULT_SETTINGS, **stored}
    settings["fields"] = [f for f in OPTIONAL_FIELDS if f in settings["fields"]]
    return settings


def update_settings(db, session, changes, actor_id):
    """Store new collection settings for a session (facilitator)."""
    settings = {**session_settings(session), **changes}
    with db.atomic():
        db.execute(
            "UPDATE sessions SET settings = ?, updated_at = ? WHERE id = ?",
            [json.dumps(settings, sort_keys=True), utcnow(), session["id"]],
        )
        audit.record(
            db,
            "session_settings_updated",
            actor_kind="facilitator",
            actor_id=actor_id,
            workshop_id=session["workshop_id"],
            obj=("session", session["id"]),
            details=changes,
        )
    return settings


def get_idea(db, idea_id, workshop_id=None):
    """One proposal with its author's name and OPD codes, or NotFound."""
    row = first(db, _SELECT + " WHERE i.id = ?", [idea_id])
    if row is None or (workshop_id is not None and row["workshop_id"] != workshop_id):
        raise NotFound("idea")
    return row


def find_by_client_id(db, client_id, participant_id=None, facilitator_id=None):
    """The proposal an author already sent with this client_id, or None."""
    if participant_id is not None:
        where, params = "i.participant_id = ? AND i.client_id = ?", [participant_id, client_id]
    else:
        where, params = "i.facilitator_id = ? AND i.client_id = ?", [facilitator_id, client_id]
    return first(db, _SELECT + " WHERE " + where, params)


def list_ideas(db, session_id=None, workshop_id=None, statuses=None, participant_id=None):
    """Proposals of a session (or a workshop), oldest first.

    With `statuses`, only those; a participant_id adds that participant's own pending ones.
    """
    clauses, params = [], []
    if session_id is not None:
        clauses.append("i.session_id = ?")
        params.append(session_id)
    if workshop_id is not None:
        clauses.append("i.workshop_id = ?")
        params.append(workshop_id)
    if statuses is not None:
        marks = ", ".join("?" for _ in statuses)
        status_clause = f"i.status IN ({marks})"
        params.extend(statuses)
        if participant_id is not None:
            status_clause = f"({status_clause} OR (i.status = 'pending' AND i.participant_id = ?))"
            params.append(participant_id)
        clauses.append(status_clause)
    where = " AND ".join(clauses) or "1"
    # `where` is assembled from the constant clauses above; values go through placeholders.
    return list(db.query(_SELECT + f" WHERE {where} ORDER BY i.id", params))  # noqa: S608


def merged_children(db, idea_ids):
    """{survivor id: [originals merged into it]} for the given survivors."""
    if not idea_ids:
        return {}
    marks = ", ".join("?" for _ in idea_ids)
    rows = db.query(
        _SELECT + f" WHERE i.merged_into IN ({marks}) ORDER BY i.id",  # noqa: S608
        list(idea_ids),
    )
    children = {}
    for row in rows:
        children.setdefault(row["merged_into"], []).append(row)
    return children


def create_idea(
    db,
    session,
    fields,
    client_id=None,
    participant_id=None,
    facilitator_id=None,
    status="visible",
    promoted_from=None,
):
    """Insert a proposal; a replayed client_id returns the existing one.

    In a `programs` session it gets the next code of its dimension (SG-01). Returns (idea,
    created).
    """
    if client_id:
        existing = find_by_client_id(db, client_id, participant_id, facilitator_id)
        if existing:
            return existing, False
    now = utcnow()
    row = {k: fields.get(k) for k in CONTENT_FIELDS}
    for text_field in ("description", "problem", "funding_source"):
        row[text_field] = row[text_field] or ""
    row.update(programmes.encode({k: fields.get(k) for k in programmes.PROGRAM_FIELDS}))
    row.update(
        workshop_id=session["workshop_id"],
        session_id=session["id"],
        participant_id=participant_id,
        facilitator_id=facilitator_id,
        client_id=client_id or None,
        status=status,
        promoted_from=promoted_from,
        created_at=now,
        updated_at=now,
    )
    try:
        with db.atomic():
            if session.get("purpose") == "programs":
                row["code"] = programmes.next_code(db, session["workshop_id"], row["dimension"])
            idea_id = db["ideas"].insert(row).last_pk
            audit.record(
                db,
                "idea_created",
                actor_kind="participant" if participant_id else "facilitator",
                actor_id=participant_id or facilitator_id,
                workshop_id=session["workshop_id"],
                obj=("idea", idea_id),
                details={
                    k: v
                    for k, v in (
                        ("title", row["title"]),
                        ("status", status),
                        ("code", row.get("code")),
                        ("promoted_from", promoted_from),
                    )
                    if v is not None
                },
            )
    except sqlite3.IntegrityError:
        # The same client_id raced in from a retry: the first one won.
        existing = find_by_client_id(db, client_id, participant_id, facilitator_id)
        if existing is None:
            raise
        return existing, False
    return get_idea(db, idea_id), True


def update_idea(db, idea_id, changes, actor_kind, actor_id):
    """Change content, programme fields, status or group; returns (before, after).

    A programme moved to another dimension gets that dimension's next code (its old code
    is never given again).
    """
    allowed = set(CONTENT_FIELDS) | set(programmes.PROGRAM_FIELDS) | {"status", "group_name"}
    changes = programmes.encode({k: v for k, v in changes.items() if k in allowed})
    with db.atomic():
        before = get_idea(db, idea_id)
        if before["status"] in ("merged", "withdrawn") and "status" in changes:
            raise Conflict(f"idea_{before['status']}")
        changes = {k: v for k, v in changes.items() if before[k] != v}
        if "dimension" in changes and before["code"]:
            changes["code"] = programmes.next_code(db, before["workshop_id"], changes["dimension"])
        if changes:
            changes["updated_at"] = utcnow()
            db["ideas"].update(idea_id, changes)
            audit.record(
                db,
                "idea_updated" if "status" not in changes else f"idea_{changes['status']}",
                actor_kind=actor_kind,
                actor_id=actor_id,
                workshop_id=before["workshop_id"],
                obj=("idea", idea_id),
                details={k: v for k, v in changes.items() if k != "updated_at"},
            )
    return before, get_idea(db, idea_id)


def withdraw_idea(db, idea_id, participant_id):
    """The author takes a proposal back; it leaves the wall but stays in the record."""
    return update_idea(db, idea_id, {"status": "withdrawn"}, "participant", participant_id)


def merge_idea(db, idea_id, into_id, actor_id):
    """Fold a duplicate into another proposal; its own merged originals follow it.

    Returns (the merged original, the survivor).
    """
    if idea_id == into_id:
        raise Conflict("same_idea")
    with db.atomic():
        original = get_idea(db, idea_id)
        survivor = get_idea(db, into_id, original["workshop_id"])
        if original["status"] in ("merged", "withdrawn"):
            raise Conflict(f"idea_{original['status']}")
        if survivor["status"] in ("merged", "withdrawn"):
            raise Conflict(f"target_{survivor['status']}")
        now = utcnow()
        db.execute(
            "UPDATE ideas SET merged_into = ?, updated_at = ? WHERE merged_into = ?",
            [into_id, now, idea_id],
        )
        db.execute(
            "UPDATE ideas SET status = 'merged', status_before_merge = ?, merged_into = ?,"
            " updated_at = ? WHERE id = ?",
            [original["status"], into_id, now, idea_id],
        )
        audit.record(
            db,
            "idea_merged",
            actor_kind="facilitator",
            actor_id=actor_id,
            workshop_id=original["workshop_id"],
            obj=("idea", idea_id),
            details={"into": into_id},
        )
    return get_idea(db, idea_id), get_idea(db, into_id)


def unmerge_idea(db, idea_id, actor_id):
    """Undo a merge: the original comes back with the status it had.

    Returns (the restored idea, its former survivor).
    """
    with db.atomic():
        original = get_idea(db, idea_id)
        if original["status"] != "merged":
            raise Conflict("idea_not_merged")
        survivor_id = original["merged_into"]
        db.execute(
            "UPDATE ideas SET status = status_before_merge, status_before_merge = NULL,"
            " merged_into = NULL, updated_at = ? WHERE id = ?",
            [utcnow(), idea_id],
        )
        audit.record(
            db,
            "idea_unmerged",
            actor_kind="facilitator",
            actor_id=actor_id,
            workshop_id=original["workshop_id"],
            obj=("idea", idea_id),
            details={"from": survivor_id},
        )
    return get_idea(db, idea_id), get_idea(db, survivor_id)


def author_of(row, authorship, full=False):
    """The author as an audience may see it: name + OPD, OPD only, or nobody."""
    if row["participant_id"] is None:
        return None
    author = {
        "name": row["author_name"],
        "opd_id": row["author_opd_id"],
        "opd_code": row["author_opd_code"],
    }
    if full:
        return {"participant_id": row["participant_id"], **author}
    if authorship == "name_opd":
        return author
    if authorship == "opd":
        return {"opd_id": author["opd_id"], "opd_code": author["opd_code"]}
    return None


def public_idea(row, authorship, facilitator=False, children=()):
    """The API/socket shape of a proposal for one audience (authorship applied here)."""
    data = {
        "id": row["id"],
        "session_id": row["session_id"],
        "workshop_id": row["workshop_id"],
        "title": row["title"],
        "description": row["description"],
        "problem": row["problem"],
        "dimension": row["dimension"],
        "element": row["element"],
        "opd_id": row["opd_id"],
        "opd_code": row["opd_code"],
        "responsible_opd_id": row["responsible_opd_id"],
        "responsible_opd_code": row["responsible_opd_code"],
        "horizon": row["horizon"],
        "budget_idr": row["budget_idr"],
        "funding_source": row["funding_source"],
        **programmes.program_view(row),
        "quick_win": (
            {"reason": row["quick_win_reason"], "marked_at": row["quick_win_marked_at"]}
            if row.get("quick_win_marked_at")
            else None
        ),
        "status": row["status"],
        "group": row["group_name"],
        "author": author_of(row, authorship, full=facilitator),
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "merged": [child["id"] for child in children],
        "merged_from": [
            {
                "id": child["id"],
                "title": child["title"],
                "author": author_of(child, authorship, full=facilitator),
                "opd_code": child["opd_code"],
            }
            for child in children
        ],
    }
    if facilitator:
        data["merged_into"] = row["merged_into"]
        data["client_id"] = row["client_id"]
    return data
