"""The append-only audit log: every facilitator action and participant write."""

import json

from . import utcnow


def record(db, action, *, actor_kind, actor_id=None, workshop_id=None, obj=None, details=None):
    """Append one entry; call inside the transaction of the write it describes."""
    object_type, object_id = obj if obj else (None, None)
    db.execute(
        "INSERT INTO audit (at, workshop_id, actor_kind, actor_id, action, object_type,"
        " object_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            utcnow(),
            workshop_id,
            actor_kind,
            actor_id,
            action,
            object_type,
            object_id,
            json.dumps(details, ensure_ascii=False, sort_keys=True) if details else None,
        ],
    )


def list_entries(db, workshop_id=None, limit=200):
    """Newest first, optionally for one workshop."""
    if workshop_id is None:
        sql, params = "SELECT * FROM audit ORDER BY id DESC LIMIT ?", [limit]
    else:
        sql = "SELECT * FROM audit WHERE workshop_id = ? ORDER BY id DESC LIMIT ?"
        params = [workshop_id, limit]
    rows = list(db.query(sql, params))
    for row in rows:
        row["details"] = json.loads(row["details"]) if row["details"] else None
    return rows


def facilitator_action(db, action, actor_id, workshop_id, obj, details=None):
    """Append what a facilitator did to one object of a workshop (roster, dimensions)."""
    record(
        db,
        action,
        actor_kind="facilitator",
        actor_id=actor_id,
        workshop_id=workshop_id,
        obj=obj,
        details=details,
    )
