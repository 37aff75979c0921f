"""The agenda: stages → days → sessions.

Positions are the facilitator's order of a day's sessions and stay dense (0..k-1 per day).
A new session goes before the first session of its day that starts later than it, so a day
sorted by start time stays sorted; moving up/down swaps two neighbours; moving to another day
puts the session at the end of that day. Changing times never reorders (the facilitator does).

Read-modify-write functions here use `db.atomic()`; callers wrap them in `immediate(db)` so the
write lock is taken before the positions are read.
"""

import sqlite3

from . import Conflict, NotFound, audit, first, utcnow
from .workshops import day_date, get_workshop

# Fields of a session a facilitator may change (day moves it, status opens or closes it).
EDITABLE = (
    "day",
    "title",
    "kind",
    "starts_at",
    "ends_at",
    "dimension",
    "status",
    "purpose",
    "readiness_per_opd",
    "program_fields",
    "chair",
    "speakers",
    "minute_taker",
)
# Directions of a one-step move within a day.
DIRECTIONS = ("up", "down")
# Columns of a session as the API returns it (plus date and stage from its day).
SESSION_KEYS = (
    "id",
    "workshop_id",
    "day",
    "position",
    "starts_at",
    "ends_at",
    "title",
    "kind",
    "dimension",
    "status",
    "purpose",
    "readiness_per_opd",
    "program_fields",
    "chair",
    "speakers",
    "minute_taker",
    "created_at",
    "updated_at",
)


def list_days(db, workshop_id):
    """Days in order with their stage label (Tahap I …)."""
    return list(
        db.query(
            "SELECT number, stage FROM days WHERE workshop_id = ? ORDER BY number", [workshop_id]
        )
    )


def list_sessions(db, workshop_id):
    """Every session, by day then position."""
    return list(
        db.query(
            "SELECT * FROM sessions WHERE workshop_id = ? ORDER BY day, position, id", [workshop_id]
        )
    )


def get_session(db, session_id, workshop_id=None):
    """One session, or NotFound (also when it belongs to another workshop)."""
    row = first(db, "SELECT * FROM sessions WHERE id = ?", [session_id])
    if row is None or (workshop_id is not None and row["workshop_id"] != workshop_id):
        raise NotFound("session")
    return row


def get_day(db, workshop_id, number):
    """One day row, or NotFound."""
    row = first(
        db,
        "SELECT number, stage FROM days WHERE workshop_id = ? AND number = ?",
        [workshop_id, number],
    )
    if row is None:
        raise NotFound("day")
    return row


# -- The API's shapes: sessions and days with their calendar date and stage ------------------


def describe_session(workshop, row, stage):
    """A session row → the API object (date of its day, stage of its day)."""
    data = {key: row[key] for key in SESSION_KEYS}
    data["readiness_per_opd"] = bool(row["readiness_per_opd"])
    data["program_fields"] = bool(row["program_fields"])
    data["date"] = day_date(workshop, row["day"]).isoformat()
    data["stage"] = stage
    return data


def _stages(db, workshop_id):
    return {d["number"]: d["stage"] for d in list_days(db, workshop_id)}


def agenda_sessions(db, workshop):
    """Every session of the workshop as API objects, by day then position."""
    stages = _stages(db, workshop["id"])
    return [
        describe_session(workshop, row, stages.get(row["day"], ""))
        for row in list_sessions(db, workshop["id"])
    ]


def agenda_session(db, session_id, workshop=None):
    """One session as the API object, or NotFound."""
    row = get_session(db, session_id, workshop["id"] if workshop else None)
    workshop = workshop or get_workshop(db, row["workshop_id"])
    stage = get_day(db, workshop["id"], row["day"])["stage"]
    return describe_session(workshop, row, stage)


def describe_day(workshop, day, sessions):
    """A day row → the API object with its date and its sessions."""
    return {
        "workshop_id": workshop["id"],
        "number": day["number"],
        "date": day_date(workshop, day["number"]).isoformat(),
        "stage": day["stage"],
        "sessions": sessions,
    }


def agenda_days(db, workshop):
    """Days in order, each with its date, stage and sessions (the agenda as one tree)."""
    by_day = {}
    for session in agenda_sessions(db, workshop):
        by_day.setdefault(session["day"], []).append(session)
    return [
        describe_day(workshop, day, by_day.get(day["number"], []))
        for day in list_days(db, workshop["id"])
    ]


def agenda_day(db, workshop, number):
    """One day as the API object, or NotFound."""
    day = get_day(db, workshop["id"], number)
    sessions = [s for s in agenda_sessions(db, workshop) if s["day"] == number]
    return describe_day(workshop, day, sessions)


# -- Writes -----------------------------------------------------------------------------------


def _count(db, workshop_id, day):
    return first(
        db,
        "SELECT COUNT(*) AS n FROM sessions WHERE workshop_id = ? AND day = ?",
        [workshop_id, day],
    )["n"]


def _close_gap(db, workshop_id, day, position):
    """Sessions after a removed one move up one place (positions stay dense)."""
    db.execute(
        "UPDATE sessions SET position = position - 1"
        " WHERE workshop_id = ? AND day = ? AND position > ?",
        [workshop_id, day, position],
    )


def _ids_from(db, workshop_id, day, position):
    """Ids of a day's sessions at `position` or later (those a shift touched)."""
    return [
        r["id"]
        for r in db.query(
            "SELECT id FROM sessions WHERE workshop_id = ? AND day = ? AND position >= ?"
            " ORDER BY position",
            [workshop_id, day, position],
        )
    ]


def insert_position(db, workshop_id, day, starts_at):
    """Where a new session goes: before the first session of the day that starts later."""
    row = first(
        db,
        "SELECT MIN(position) AS p FROM sessions WHERE workshop_id = ? AND day = ?"
        " AND starts_at > ?",
        [workshop_id, day, starts_at],
    )
    return row["p"] if row["p"] is not None else _count(db, workshop_id, day)


def create_session(db, workshop_id, fields, actor_id):
    """Add a session to a day, keeping a time-sorted day sorted.

    Returns (session row, ids of every session whose position changed, the new one included).
    """
    now = utcnow()
    with db.atomic():
        get_day(db, workshop_id, fields["day"])
        position = insert_position(db, workshop_id, fields["day"], fields["starts_at"])
        db.execute(
            "UPDATE sessions SET position = position + 1"
            " WHERE workshop_id = ? AND day = ? AND position >= ?",
            [workshop_id, fields["day"], position],
        )
        sid = (
            db["sessions"]
            .insert(
                {
                    "workshop_id": workshop_id,
                    "day": fields["day"],
                    "position": position,
                    "starts_at": fields["starts_at"],
                    "ends_at": fields["ends_at"],
                    "title": fields["title"],
                    "kind": fields["kind"],
                    "dimension": fields.get("dimension") or None,
                    "status": fields.get("status") or "planned",
                    "purpose": fields.get("purpose") or "none",
                    "readiness_per_opd": int(bool(fields.get("readiness_per_opd"))),
                    "program_fields": int(bool(fields.get("program_fields"))),
                    "chair": fields.get("chair") or "",
                    "speakers": fields.get("speakers") or "",
                    "minute_taker": fields.get("minute_taker") or "",
                    "created_at": now,
                    "updated_at": now,
                }
            )
            .last_pk
        )
        audit.record(
            db,
            "session_created",
            actor_kind="facilitator",
            actor_id=actor_id,
            workshop_id=workshop_id,
            obj=("session", sid),
            details={k: v for k, v in fields.items() if k in EDITABLE},
        )
        touched = _ids_from(db, workshop_id, fields["day"], position)
    return get_session(db, sid), touched


def update_session(db, session_id, workshop_id, changes, actor_id):
    """Change fields of a session; a new day moves it to the end of that day.

    Returns (session row, ids of every session whose fields or position changed).
    """
    changes = {k: v for k, v in changes.items() if k in EDITABLE}
    if "dimension" in changes:
        changes["dimension"] = changes["dimension"] or None
    if "purpose" in changes:
        changes["purpose"] = changes["purpose"] or "none"
    for flag in ("readiness_per_opd", "program_fields"):
        if flag in changes:
            changes[flag] = int(bool(changes[flag]))
    for name in ("chair", "speakers", "minute_taker"):
        if name in changes:
            changes[name] = changes[name] or ""
    with db.atomic():
        row = get_session(db, session_id, workshop_id)
        changes = {k: v for k, v in changes.items() if row[k] != v}
        touched = [session_id]
        if "day" in changes:
            get_day(db, workshop_id, changes["day"])
            _close_gap(db, workshop_id, row["day"], row["position"])
            touched += _ids_from(db, workshop_id, row["day"], row["position"])
            changes["position"] = _count(db, workshop_id, changes["day"])
        if changes:
            changes["updated_at"] = utcnow()
            db["sessions"].update(session_id, changes)
            audit.record(
                db,
                "session_updated",
                actor_kind="facilitator",
                actor_id=actor_id,
                workshop_id=workshop_id,
                obj=("session", session_id),
                details={k: v for k, v in changes.items() if k != "updated_at"},
            )
    return get_session(db, session_id), touched if changes else []


def move_session(db, session_id, workshop_id, direction, actor_id):
    """Swap a session with its neighbour above or below; Conflict at the edge of its day.

    Returns (session row, ids of the two sessions that swapped places).
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {direction}")
    with db.atomic():
        row = get_session(db, session_id, workshop_id)
        target = row["position"] + (-1 if direction == "up" else 1)
        other = first(
            db,
            "SELECT id FROM sessions WHERE workshop_id = ? AND day = ? AND position = ?",
            [workshop_id, row["day"], target],
        )
        if other is None:
            raise Conflict("session_first" if direction == "up" else "session_last")
        now = utcnow()
        db["sessions"].update(other["id"], {"position": row["position"], "updated_at": now})
        db["sessions"].update(session_id, {"position": target, "updated_at": now})
        audit.record(
            db,
            "session_moved",
            actor_kind="facilitator",
            actor_id=actor_id,
            workshop_id=workshop_id,
            obj=("session", session_id),
            details={"direction": direction, "position": target, "swapped_with": other["id"]},
        )
    return get_session(db, session_id), [session_id, other["id"]]


def _referenced(db, session_id):
    """Whether rows of other tables (ideas, polls, notes …) point at this session.

    Checked before deleting so a cascade can never silently take participants' work with it.
    """
    for table in db.table_names():
        for fk in db[table].foreign_keys:
            if fk.other_table == "sessions" and table != "sessions":
                # Table and column names come from the schema, never from input.
                sql = f"SELECT 1 AS x FROM [{table}] WHERE [{fk.column}] = ? LIMIT 1"  # noqa: S608
                if first(db, sql, [session_id]):
                    return True
    return False


def delete_session(db, session_id, workshop_id, actor_id):
    """Remove a session that is not open; returns ids of the sessions that moved up."""
    with db.atomic():
        row = get_session(db, session_id, workshop_id)
        if row["status"] == "open":
            raise Conflict("session_open")
        if _referenced(db, session_id):
            raise Conflict("session_in_use")
        try:
            db.execute("DELETE FROM sessions WHERE id = ?", [session_id])
        except sqlite3.IntegrityError as e:
            # Something (ideas, polls, notes) still points at it.
            raise Conflict("session_in_use") from e
        _close_gap(db, workshop_id, row["day"], row["position"])
        audit.record(
            db,
            "session_deleted",
            actor_kind="facilitator",
            actor_id=actor_id,
            workshop_id=workshop_id,
            obj=("session", session_id),
            details={"title": row["title"], "day": row["day"]},
        )
        return _ids_from(db, workshop_id, row["day"], row["position"])


def update_day(db, workshop_id, number, stage, actor_id):
    """Rename a day's stage (Tahap I …); returns the day row."""
    with db.atomic():
        day = get_day(db, workshop_id, number)
        if day["stage"] != stage:
            db.execute(
                "UPDATE days SET stage = ? WHERE workshop_id = ? AND number = ?",
                [stage, workshop_id, number],
            )
            audit.record(
                db,
                "day_updated",
                actor_kind="facilitator",
                actor_id=actor_id,
                workshop_id=workshop_id,
                obj=("day", number),
                details={"stage": stage},
            )
    return get_day(db, workshop_id, number)
