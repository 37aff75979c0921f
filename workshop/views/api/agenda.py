"""The agenda: days with their stage, and their sessions (talk, ideas, vote, discussion).

Everyone of the workshop may read it; facilitators change it. Every change commits, then
pushes `session_updated` (the session object, or {"id", "deleted": true}) for each session whose
fields or position changed, to every audience of the workshop; a stage change also pushes
`day_updated` (the day object).
"""

from flask import jsonify
from flask_babel import gettext as _

from ...auth import current_principal
from ...db import get_db, immediate
from ...errors import ApiError
from ...forms import MoveForm
from ...forms.agenda import DayForm, SessionForm
from ...realtime import broadcast_day_updated, broadcast_session_updated
from ...store import Conflict, agenda, roster
from ..access import workshop_for
from .blueprint import bp, created, doc, form_data, items, json_body, no_content, validate


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


def session_form_kwargs(workshop):
    """What SessionForm checks against: the number of days and the dimension keys."""
    dims = roster.list_dimensions(get_db(), workshop["id"])
    return {"days": workshop["days"], "dimensions": [d["key"] for d in dims]}


def broadcast_sessions(workshop, session_ids):
    """Push the current state of these sessions to everyone in the workshop (after commit)."""
    db = get_db()
    for session_id in dict.fromkeys(session_ids):
        session = agenda.agenda_session(db, session_id, workshop)
        broadcast_session_updated(session, workshop["id"])


def check_times(row, changes):
    """A partial change must still end after it starts (422 on the field that was sent)."""
    starts = changes.get("starts_at") or row["starts_at"]
    ends = changes.get("ends_at") or row["ends_at"]
    if ends <= starts:
        name = "ends_at" if "ends_at" in changes else "starts_at"
        raise ApiError(
            422,
            _("Some fields need attention."),
            fields={name: [_("The session must end after it starts.")]},
        )


def create_session(workshop, fields):
    """Add a session (placed by its start time), then push it and the sessions it moved down."""
    db = get_db()
    with immediate(db):
        row, touched = agenda.create_session(db, workshop["id"], fields, current_principal().id)
    broadcast_sessions(workshop, touched)
    return agenda.agenda_session(db, row["id"], workshop)


def update_session(workshop, session_id, changes):
    """Change a session (a new day puts it at the end of that day), then push what changed."""
    db = get_db()
    with immediate(db):
        check_times(agenda.get_session(db, session_id, workshop["id"]), changes)
        row, touched = agenda.update_session(
            db, session_id, workshop["id"], changes, current_principal().id
        )
    broadcast_sessions(workshop, touched)
    return agenda.agenda_session(db, row["id"], workshop)


def move_session(workshop, session_id, direction):
    """Swap with the neighbour above or below; 409 at the edge of the day."""
    db = get_db()
    try:
        with immediate(db):
            row, touched = agenda.move_session(
                db, session_id, workshop["id"], direction, current_principal().id
            )
    except Conflict as e:
        raise ApiError(409, conflict_message(str(e)), code=str(e)) from e
    broadcast_sessions(workshop, touched)
    return agenda.agenda_session(db, row["id"], workshop)


def delete_session(workshop, session_id):
    """Remove a session that is not open; push its removal and the sessions that moved up."""
    db = get_db()
    try:
        with immediate(db):
            touched = agenda.delete_session(db, session_id, workshop["id"], current_principal().id)
    except Conflict as e:
        raise ApiError(409, conflict_message(str(e)), code=str(e)) from e
    broadcast_session_updated({"id": session_id, "deleted": True}, workshop["id"])
    broadcast_sessions(workshop, touched)


def update_day(workshop, number, stage):
    """Rename a day's stage; push the day, and its sessions (they carry the stage too)."""
    db = get_db()
    with immediate(db):
        agenda.update_day(db, workshop["id"], number, stage, current_principal().id)
    day = agenda.agenda_day(db, workshop, number)
    broadcast_day_updated(day, workshop["id"])
    broadcast_sessions(workshop, [s["id"] for s in day["sessions"]])
    return day


def session_in_reach(session_id, facilitator_only=False):
    """(workshop, session row) when the caller may see it; 404 for another workshop's."""
    row = agenda.get_session(get_db(), session_id)
    workshop = workshop_for(row["workshop_id"], facilitator_only=facilitator_only)
    return workshop, row


@bp.get("/workshops/<int:workshop_id>/sessions")
@doc("The workshop's sessions, by day then position", responses={200: "{items: [session]}"})
def list_sessions(workshop_id):
    """Participants and the projector may read their own workshop's agenda."""
    workshop = workshop_for(workshop_id)
    return items(agenda.agenda_sessions(get_db(), workshop))


@bp.post("/workshops/<int:workshop_id>/sessions")
@doc(
    "Add a session to a day",
    body=SessionForm,
    responses={201: "session", 422: "invalid day, times, kind or dimension"},
)
def create_session_route(workshop_id):
    """It goes before the first session of its day that starts later (else at the end), so
    a day sorted by start time stays sorted. `dimension` is one of the workshop's keys."""
    workshop = workshop_for(workshop_id, facilitator_only=True)
    form = validate(SessionForm, json_body(), **session_form_kwargs(workshop))
    return created(create_session(workshop, form_data(form)))


@bp.get("/sessions/<int:session_id>")
@doc("One session", responses={200: "session", 404: "not found or not in your workshop"})
def get_session(session_id):
    """With the date and stage of its day."""
    workshop, row = session_in_reach(session_id)
    return jsonify(agenda.agenda_session(get_db(), row["id"], workshop))


@bp.patch("/sessions/<int:session_id>")
@doc(
    "Change a session: any field, its status (open accepts proposals), or its day",
    body=SessionForm,
    responses={200: "session", 422: "invalid field"},
)
def update_session_route(session_id):
    """Only the fields sent are checked and changed. A new `day` puts the session at the end
    of that day. `"dimension": null` clears the dimension."""
    workshop, row = session_in_reach(session_id, facilitator_only=True)
    form = validate(SessionForm, json_body(), partial=True, **session_form_kwargs(workshop))
    return jsonify(update_session(workshop, row["id"], form_data(form)))


@bp.delete("/sessions/<int:session_id>")
@doc(
    "Delete a session",
    responses={204: "deleted", 409: "session_open, or session_in_use (proposals or polls)"},
)
def delete_session_route(session_id):
    """An open session must be closed first; the sessions after it move up."""
    workshop, row = session_in_reach(session_id, facilitator_only=True)
    delete_session(workshop, row["id"])
    return no_content()


@bp.post("/sessions/<int:session_id>/move")
@doc(
    "Move a session one place up or down within its day",
    body=MoveForm,
    responses={200: "session", 409: "session_first or session_last"},
)
def move_session_route(session_id):
    """Swaps positions with its neighbour; the times stay as they are."""
    workshop, row = session_in_reach(session_id, facilitator_only=True)
    form = validate(MoveForm, json_body())
    return jsonify(move_session(workshop, row["id"], form.direction.data))


@bp.get("/workshops/<int:workshop_id>/days")
@doc("The agenda as a tree: days with date, stage and sessions", responses={200: "{items: [day]}"})
def list_days(workshop_id):
    """Participants and the projector may read their own workshop's agenda."""
    workshop = workshop_for(workshop_id)
    return items(agenda.agenda_days(get_db(), workshop))


@bp.patch("/workshops/<int:workshop_id>/days/<int:number>")
@doc("Rename a day's stage (Tahap I …)", body=DayForm, responses={200: "day"})
def update_day_route(workshop_id, number):
    """`stage` is required (an empty string clears it), at most 60 characters."""
    workshop = workshop_for(workshop_id, facilitator_only=True)
    agenda.get_day(get_db(), workshop_id, number)
    form = validate(DayForm, json_body())
    return jsonify(update_day(workshop, number, form.stage.data))
