"""The agenda: add, change, move and delete sessions, open or close them, name a day's stage.

The JSON API (views/api/agenda.py), the agenda page, the wall and the console call these. Every
change commits, then pushes `session_updated` (the session object, or {"id", "deleted": true})
for each session whose fields or position changed, to every audience of the workshop; a stage
change also pushes `day_updated` (the day object).
"""

from flask_babel import gettext as _

from ..realtime import broadcast_day_updated, broadcast_session_updated
from ..store import Conflict as StoreConflict
from ..store import agenda, roster
from . import Conflict, field_error


def conflict_message(code):
    """What to do when the agenda refuses a change (store.Conflict code → sentence)."""
    messages = {
        "session_open": _("Close the session before deleting it."),
        "session_in_use": _(
            "Proposals, polls or notes belong to this session, so it cannot be deleted."
        ),
        "session_first": _("This session is already the first of its day."),
        "session_last": _("This session is already the last of its day."),
    }
    return messages.get(code, _("This cannot be done in the current state."))


def session_form_kwargs(db, workshop):
    """What SessionForm checks against: the number of days and the dimension keys."""
    dims = roster.list_dimensions(db, workshop["id"])
    return {"days": workshop["days"], "dimensions": [d["key"] for d in dims]}


def broadcast_sessions(db, workshop, session_ids):
    """Push the current state of these sessions to everyone in the workshop (after commit)."""
    for session_id in dict.fromkeys(session_ids):
        session = agenda.agenda_session(db, session_id, workshop)
        broadcast_session_updated(session, workshop["id"])


def check_times(row, changes):
    """A partial change must still end after it starts (422 on the field that was sent)."""
    starts = changes.get("starts_at") or row["starts_at"]
    ends = changes.get("ends_at") or row["ends_at"]
    if ends <= starts:
        name = "ends_at" if "ends_at" in changes else "starts_at"
        raise field_error(name, _("The session must end after it starts."))


def _refused(e):
    """The store's agenda Conflict as the domain's (409 with a sentence and the code)."""
    return Conflict(conflict_message(str(e)), code=str(e))


def create_session(db, actor_id, workshop, fields):
    """Add a session (placed by its start time), then push it and the sessions it moved down."""
    with db.atomic():
        row, touched = agenda.create_session(db, workshop["id"], fields, actor_id)
    broadcast_sessions(db, workshop, touched)
    return agenda.agenda_session(db, row["id"], workshop)


def update_session(db, actor_id, workshop, session_id, changes):
    """Change a session (a new day puts it at the end of that day), then push what changed."""
    with db.atomic():
        check_times(agenda.get_session(db, session_id, workshop["id"]), changes)
        row, touched = agenda.update_session(db, session_id, workshop["id"], changes, actor_id)
    broadcast_sessions(db, workshop, touched)
    return agenda.agenda_session(db, row["id"], workshop)


def set_status(db, actor_id, workshop, session_id, status):
    """Plan, open (proposals are accepted) or close a session; returns it."""
    return update_session(db, actor_id, workshop, session_id, {"status": status})


def move_session(db, actor_id, workshop, session_id, direction):
    """Swap with the neighbour above or below; 409 at the edge of the day."""
    try:
        with db.atomic():
            row, touched = agenda.move_session(db, session_id, workshop["id"], direction, actor_id)
    except StoreConflict as e:
        raise _refused(e) from e
    broadcast_sessions(db, workshop, touched)
    return agenda.agenda_session(db, row["id"], workshop)


def delete_session(db, actor_id, workshop, session_id):
    """Remove a session that is not open; push its removal and the sessions that moved up."""
    try:
        with db.atomic():
            touched = agenda.delete_session(db, session_id, workshop["id"], actor_id)
    except StoreConflict as e:
        raise _refused(e) from e
    broadcast_session_updated({"id": session_id, "deleted": True}, workshop["id"])
    broadcast_sessions(db, workshop, touched)


def update_day(db, actor_id, workshop, number, stage):
    """Rename a day's stage; push the day, and its sessions (they carry the stage too)."""
    with db.atomic():
        agenda.update_day(db, workshop["id"], number, stage, actor_id)
    day = agenda.agenda_day(db, workshop, number)
    broadcast_day_updated(day, workshop["id"])
    broadcast_sessions(db, workshop, [s["id"] for s in day["sessions"]])
    return day
