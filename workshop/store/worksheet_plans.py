"""What facilitators make of the worksheets (issue 14): TOWS strategies and strategy
statements, the adopted vision and missions, and each workshop's own readiness list."""

import json

from .. import reference
from . import NotFound, audit, first, utcnow

STRATEGY_FIELDS = ("type", "text", "dimension", "element", "from_entries")


# -- Strategies ---------------------------------------------------------------------------------


def _strategy(row):
    row = dict(row)
    row["from"] = json.loads(row.pop("from_entries") or "[]")
    return row


def get_strategy(db, strategy_id, workshop_id=None):
    """One strategy (with `from` as a list of entry ids), or NotFound."""
    row = first(db, "SELECT * FROM worksheet_strategies WHERE id = ?", [strategy_id])
    if row is None or (workshop_id is not None and row["workshop_id"] != workshop_id):
        raise NotFound("strategy")
    return _strategy(row)


def list_strategies(db, session_id=None, workshop_id=None):
    """Strategies of a session or a workshop, oldest first."""
    if session_id is not None:
        sql, params = "SELECT * FROM worksheet_strategies WHERE session_id = ?", [session_id]
    else:
        sql, params = "SELECT * FROM worksheet_strategies WHERE workshop_id = ?", [workshop_id]
    return [_strategy(r) for r in db.query(sql + " ORDER BY id", params)]


def create_strategy(db, session, fields, actor_id):
    """A new strategy of a swot or strategy session; returns it."""
    now = utcnow()
    row = {k: fields.get(k) for k in ("type", "text", "dimension", "element")}
    row.update(
        workshop_id=session["workshop_id"],
        session_id=session["id"],
        from_entries=json.dumps(list(fields.get("from") or [])),
        created_by=actor_id,
        created_at=now,
        updated_at=now,
    )
    with db.atomic():
        sid = db["worksheet_strategies"].insert(row).last_pk
        audit.facilitator_action(
            db,
            "strategy_created",
            actor_id,
            session["workshop_id"],
            ("strategy", sid),
            {k: v for k, v in row.items() if k in STRATEGY_FIELDS and v},
        )
    return get_strategy(db, sid)


def update_strategy(db, strategy_id, changes, actor_id):
    """Change a strategy's fields (`from` as a list); returns (before, after)."""
    changes = dict(changes)
    if "from" in changes:
        changes["from_entries"] = json.dumps(list(changes.pop("from") or []))
    with db.atomic():
        before = get_strategy(db, strategy_id)
        stored = {**before, "from_entries": json.dumps(before["from"])}
        changes = {k: v for k, v in changes.items() if k in STRATEGY_FIELDS and stored[k] != v}
        if changes:
            changes["updated_at"] = utcnow()
            db["worksheet_strategies"].update(strategy_id, changes)
            audit.facilitator_action(
                db,
                "strategy_updated",
                actor_id,
                before["workshop_id"],
                ("strategy", strategy_id),
                {k: v for k, v in changes.items() if k != "updated_at"},
            )
    return before, get_strategy(db, strategy_id)


def delete_strategy(db, strategy_id, actor_id):
    """Remove a strategy (the audit log keeps what it said); returns the deleted row."""
    with db.atomic():
        row = get_strategy(db, strategy_id)
        db.execute("DELETE FROM worksheet_strategies WHERE id = ?", [strategy_id])
        audit.facilitator_action(
            db,
            "strategy_deleted",
            actor_id,
            row["workshop_id"],
            ("strategy", strategy_id),
            {"type": row["type"], "text": row["text"]},
        )
    return row


# -- Vision and missions ------------------------------------------------------------------------


def get_vision(db, workshop_id):
    """The adopted vision and missions ("" and [] until a facilitator records them)."""
    row = first(db, "SELECT * FROM workshop_visions WHERE workshop_id = ?", [workshop_id])
    if row is None:
        return {"workshop_id": workshop_id, "vision": "", "missions": [], "updated_at": None}
    return {
        "workshop_id": workshop_id,
        "vision": row["vision"],
        "missions": json.loads(row["missions"]),
        "updated_at": row["updated_at"],
    }


def put_vision(db, workshop_id, vision, missions, actor_id):
    """Record the adopted vision and missions; returns them."""
    now = utcnow()
    with db.atomic():
        db.execute(
            "INSERT INTO workshop_visions (workshop_id, vision, missions, updated_by, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (workshop_id) DO UPDATE SET"
            " vision = excluded.vision, missions = excluded.missions,"
            " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            [workshop_id, vision, json.dumps(missions, ensure_ascii=False), actor_id, now],
        )
        audit.facilitator_action(
            db,
            "vision_updated",
            actor_id,
            workshop_id,
            ("workshop", workshop_id),
            {"vision": vision, "missions": missions},
        )
    return get_vision(db, workshop_id)


# -- The readiness list -------------------------------------------------------------------------


def get_readiness_list(db, workshop_id):
    """The workshop's readiness list: its own copy, or the default until it has one."""
    row = first(db, "SELECT body FROM readiness_lists WHERE workshop_id = ?", [workshop_id])
    default = reference.readiness_list()
    if row is None:
        return default
    return {"ratings": default["ratings"], "aspects": json.loads(row["body"])}


def put_readiness_list(db, workshop_id, aspects, actor_id):
    """Store the workshop's own aspects and items; returns the list."""
    now = utcnow()
    body = json.dumps(aspects, ensure_ascii=False)
    with db.atomic():
        db.execute(
            "INSERT INTO readiness_lists (workshop_id, body, updated_by, updated_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (workshop_id) DO UPDATE SET"
            " body = excluded.body, updated_by = excluded.updated_by,"
            " updated_at = excluded.updated_at",
            [workshop_id, body, actor_id, now],
        )
        audit.facilitator_action(
            db,
            "readiness_items_updated",
            actor_id,
            workshop_id,
            ("workshop", workshop_id),
            {"items": {a["key"]: [i["key"] for i in a["items"]] for a in aspects}},
        )
    return get_readiness_list(db, workshop_id)
