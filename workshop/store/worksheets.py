"""Worksheet entries (issue 14): readiness ratings, SWOT entries, vision keywords and strategy
statements, written by participants (idempotent by client_id) and curated by facilitators.

A readiness rating is current while its status is visible or hidden; a newer rating of the
same rater (participant "p:<id>", OPD "opd:<id>" or facilitator "f:<id>") for the same aspect
and item replaces it (status `replaced`, kept in the record). A partial unique index keeps one
current rating per rater and item.
"""

import re
import sqlite3

from . import Conflict, NotFound, audit, first, utcnow

PURPOSES = ("readiness", "swot", "vision", "strategy")
# What each purpose's entry carries (what authors and facilitators may edit).
CONTENT = {
    "readiness": ("aspect", "item", "rating", "text"),
    "swot": ("quadrant", "text", "dimension", "element"),
    "vision": ("text",),
    "strategy": ("text", "dimension", "element"),
}
# Statuses the hall sees; `current` ones count (a hidden entry is current but not public).
PUBLIC = ("visible",)
CURRENT = ("visible", "hidden")
# Statuses nobody changes any more.
FINAL = ("merged", "replaced", "withdrawn")

_SELECT = """
SELECT e.*, p.name AS author_name, p.opd_id AS author_opd_id, ao.code AS author_opd_code,
       o.code AS opd_code
FROM worksheet_entries e
LEFT JOIN participants p ON p.id = e.participant_id
LEFT JOIN opds ao ON ao.id = p.opd_id
LEFT JOIN opds o ON o.id = e.opd_id
"""


def keyword(text):
    """A vision keyword as it is counted: lower case, single spaces."""
    return re.sub(r"\s+", " ", text or "").strip().casefold()


def get_entry(db, entry_id, workshop_id=None):
    """One entry with its author's name and OPD code, or NotFound."""
    row = first(db, _SELECT + " WHERE e.id = ?", [entry_id])
    if row is None or (workshop_id is not None and row["workshop_id"] != workshop_id):
        raise NotFound("entry")
    return row


def find_by_client_id(db, client_id, participant_id=None, facilitator_id=None):
    """The entry an author already sent with this client_id, or None."""
    if participant_id is not None:
        where, params = "e.participant_id = ? AND e.client_id = ?", [participant_id, client_id]
    else:
        where, params = "e.facilitator_id = ? AND e.client_id = ?", [facilitator_id, client_id]
    return first(db, _SELECT + " WHERE " + where, params)


def list_entries(db, session_id=None, workshop_id=None, statuses=None):
    """Entries of a session (or a workshop), oldest first; only `statuses` when given."""
    clauses, params = [], []
    if session_id is not None:
        clauses.append("e.session_id = ?")
        params.append(session_id)
    if workshop_id is not None:
        clauses.append("e.workshop_id = ?")
        params.append(workshop_id)
    if statuses is not None:
        clauses.append(f"e.status IN ({', '.join('?' for _ in statuses)})")
        params.extend(statuses)
    where = " AND ".join(clauses) or "1"
    # `where` is assembled from the constant clauses above; values go through placeholders.
    return list(db.query(_SELECT + f" WHERE {where} ORDER BY e.id", params))  # noqa: S608


def merged_children(db, entry_ids):
    """{survivor id: [ids of entries merged into it]}."""
    if not entry_ids:
        return {}
    marks = ", ".join("?" for _ in entry_ids)
    rows = db.query(
        f"SELECT id, merged_into FROM worksheet_entries WHERE merged_into IN ({marks})"  # noqa: S608
        " ORDER BY id",
        list(entry_ids),
    )
    children = {}
    for row in rows:
        children.setdefault(row["merged_into"], []).append(row["id"])
    return children


def current_rating(db, session_id, rater, aspect, item):
    """The current readiness rating of a rater for one item, or None."""
    return first(
        db,
        _SELECT + " WHERE e.session_id = ? AND e.rater = ? AND e.aspect = ? AND e.item = ?"
        " AND e.purpose = 'readiness' AND e.status IN ('visible', 'hidden')",
        [session_id, rater, aspect, item],
    )


def _actor(participant_id, facilitator_id):
    return ("participant", participant_id) if participant_id else ("facilitator", facilitator_id)


def create_entry(db, session, fields, *, client_id=None, participant_id=None, facilitator_id=None):
    """Insert an entry; a replayed client_id returns the stored one.

    `fields` holds the purpose's content plus opd_id and (readiness) rater. A readiness rating
    replaces the rater's current one for the item. Returns (entry, created, replaced), where
    replaced is None or (the replaced rating before, after).
    """
    if client_id:
        existing = find_by_client_id(db, client_id, participant_id, facilitator_id)
        if existing:
            return existing, False, None
    purpose = session["purpose"]
    now = utcnow()
    row = {k: fields.get(k) for k in CONTENT[purpose]}
    row["text"] = row.get("text") or ""
    row.update(
        workshop_id=session["workshop_id"],
        session_id=session["id"],
        purpose=purpose,
        participant_id=participant_id,
        facilitator_id=facilitator_id,
        opd_id=fields.get("opd_id"),
        rater=fields.get("rater") if purpose == "readiness" else None,
        client_id=client_id or None,
        status="visible",
        created_at=now,
        updated_at=now,
    )
    kind, actor_id = _actor(participant_id, facilitator_id)
    replaced = None
    try:
        with db.atomic():
            if purpose == "readiness":
                replaced = current_rating(
                    db, session["id"], row["rater"], row["aspect"], row["item"]
                )
                if replaced:
                    db.execute(
                        "UPDATE worksheet_entries SET status = 'replaced', updated_at = ?"
                        " WHERE id = ?",
                        [now, replaced["id"]],
                    )
            entry_id = db["worksheet_entries"].insert(row).last_pk
            details = {k: row[k] for k in CONTENT[purpose] if row[k]}
            if replaced:
                details["replaces"] = replaced["id"]
            audit.record(
                db,
                "entry_created",
                actor_kind=kind,
                actor_id=actor_id,
                workshop_id=session["workshop_id"],
                obj=("entry", entry_id),
                details=details,
            )
    except sqlite3.IntegrityError:
        # The same client_id raced in from a retry: the first one won.
        existing = client_id and find_by_client_id(db, client_id, participant_id, facilitator_id)
        if not existing:
            raise
        return existing, False, None
    if replaced:
        replaced = (replaced, get_entry(db, replaced["id"]))
    return get_entry(db, entry_id), True, replaced


def update_entry(db, entry_id, changes, actor_kind, actor_id):
    """Change content, status (visible|hidden|withdrawn) or quoted; returns (before, after)."""
    with db.atomic():
        before = get_entry(db, entry_id)
        allowed = set(CONTENT[before["purpose"]]) | {"status", "quoted"}
        changes = {k: v for k, v in changes.items() if k in allowed and before[k] != v}
        if before["status"] in FINAL and changes:
            raise Conflict(f"entry_{before['status']}")
        if changes:
            changes["updated_at"] = utcnow()
            db["worksheet_entries"].update(entry_id, changes)
            status = changes.get("status")
            audit.record(
                db,
                f"entry_{status}" if status else "entry_updated",
                actor_kind=actor_kind,
                actor_id=actor_id,
                workshop_id=before["workshop_id"],
                obj=("entry", entry_id),
                details={k: v for k, v in changes.items() if k != "updated_at"},
            )
    return before, get_entry(db, entry_id)


def merge_entry(db, entry_id, into_id, actor_id):
    """Fold a duplicate into another entry of the same session (its own merged ones follow).

    Returns (the merged original, the survivor).
    """
    if entry_id == into_id:
        raise Conflict("same_entry")
    with db.atomic():
        original = get_entry(db, entry_id)
        survivor = get_entry(db, into_id, original["workshop_id"])
        if survivor["session_id"] != original["session_id"]:
            raise Conflict("other_session")
        if original["status"] in FINAL:
            raise Conflict(f"entry_{original['status']}")
        if survivor["status"] in FINAL:
            raise Conflict(f"target_{survivor['status']}")
        now = utcnow()
        db.execute(
            "UPDATE worksheet_entries SET merged_into = ?, updated_at = ? WHERE merged_into = ?",
            [into_id, now, entry_id],
        )
        db.execute(
            "UPDATE worksheet_entries SET status = 'merged', status_before_merge = ?,"
            " merged_into = ?, updated_at = ? WHERE id = ?",
            [original["status"], into_id, now, entry_id],
        )
        audit.facilitator_action(
            db,
            "entry_merged",
            actor_id,
            original["workshop_id"],
            ("entry", entry_id),
            {"into": into_id},
        )
    return get_entry(db, entry_id), get_entry(db, into_id)


def unmerge_entry(db, entry_id, actor_id):
    """Undo a merge: the entry comes back with the status it had. Returns (entry, survivor)."""
    with db.atomic():
        original = get_entry(db, entry_id)
        if original["status"] != "merged":
            raise Conflict("entry_not_merged")
        survivor_id = original["merged_into"]
        db.execute(
            "UPDATE worksheet_entries SET status = status_before_merge, status_before_merge = NULL,"
            " merged_into = NULL, updated_at = ? WHERE id = ?",
            [utcnow(), entry_id],
        )
        audit.facilitator_action(
            db,
            "entry_unmerged",
            actor_id,
            original["workshop_id"],
            ("entry", entry_id),
            {"from": survivor_id},
        )
    return get_entry(db, entry_id), get_entry(db, survivor_id)


def move_author(db, duplicate_id, survivor_id):
    """A merged participant's entries become the survivor's (store/participants.py merge).

    A client_id the survivor already used is dropped; where both rated the same readiness item
    in a session (per participant), the duplicate's rating is replaced by the survivor's.
    """
    db.execute(
        "UPDATE worksheet_entries SET client_id = NULL WHERE participant_id = ? AND client_id IN"
        " (SELECT client_id FROM worksheet_entries WHERE participant_id = ?"
        " AND client_id IS NOT NULL)",
        [duplicate_id, survivor_id],
    )
    db.execute(
        "UPDATE worksheet_entries SET status = 'replaced', updated_at = ?"
        " WHERE rater = ? AND status IN ('visible', 'hidden') AND EXISTS (SELECT 1"
        " FROM worksheet_entries s WHERE s.session_id = worksheet_entries.session_id"
        " AND s.rater = ? AND s.aspect = worksheet_entries.aspect"
        " AND s.item = worksheet_entries.item AND s.status IN ('visible', 'hidden'))",
        [utcnow(), f"p:{duplicate_id}", f"p:{survivor_id}"],
    )
    db.execute(
        "UPDATE worksheet_entries SET rater = ? WHERE rater = ?",
        [f"p:{survivor_id}", f"p:{duplicate_id}"],
    )
    db.execute(
        "UPDATE worksheet_entries SET participant_id = ? WHERE participant_id = ?",
        [survivor_id, duplicate_id],
    )


# -- The API's shape ----------------------------------------------------------------------------


def public_entry(row, facilitator=False, children=()):
    """The API/socket shape of an entry for one audience (only facilitators see the author)."""
    purpose = row["purpose"]
    data = {
        "id": row["id"],
        "session_id": row["session_id"],
        "workshop_id": row["workshop_id"],
        "purpose": purpose,
        "aspect": row["aspect"],
        "item": row["item"],
        "rating": row["rating"],
        "note": row["text"] if purpose == "readiness" else None,
        "quadrant": row["quadrant"],
        "dimension": row["dimension"],
        "element": row["element"],
        "text": row["text"],
        "keyword": keyword(row["text"]) if purpose == "vision" else None,
        "status": row["status"],
        "quoted": bool(row["quoted"]),
        "merged_into": row["merged_into"],
        "merged": list(children),
        "opd_id": row["opd_id"],
        "opd_code": row["opd_code"],
        "author": None,
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }
    if facilitator:
        if row["participant_id"]:
            data["author"] = {
                "participant_id": row["participant_id"],
                "name": row["author_name"],
                "opd_id": row["author_opd_id"],
                "opd_code": row["author_opd_code"],
            }
        data["client_id"] = row["client_id"]
    return data
