"""The agenda: days (with their stage) and sessions."""

from . import NotFound, first


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
