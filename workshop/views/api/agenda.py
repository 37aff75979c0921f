"""The agenda: days with their stage, and their sessions (talk, ideas, vote, discussion,
worksheet, qa), each with the part of the masterplan it feeds (`purpose`).

Everyone of the workshop may read it; facilitators change it. Every change commits, then
pushes `session_updated` (the session object, or {"id", "deleted": true}) for each session whose
fields or position changed, to every audience of the workshop; a stage change also pushes
`day_updated` (the day object).

The rules (and their pushes) live in workshop/rules/agenda.py; these views read the request,
call them and answer in JSON.
"""

from flask import jsonify

from ...auth import current_principal
from ...db import get_db
from ...forms import MoveForm
from ...forms.agenda import DayForm, SessionForm
from ...rules import agenda as rules
from ...store import agenda

# session_in_reach is views/access.py's; api/polls, api/console and api/exports still import it
# from here until their own restructuring.
from ..access import session_in_reach, workshop_for
from .blueprint import bp, created, doc, form_data, items, json_body, no_content, validate


def actor():
    """Who makes the change (recorded in the audit log)."""
    return current_principal().id


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
    responses={201: "session", 422: "invalid day, times, kind, purpose or dimension"},
)
def create_session_route(workshop_id):
    """It goes before the first session of its day that starts later (else at the end), so
    a day sorted by start time stays sorted. `dimension` is one of the workshop's keys.
    `purpose` (default none) is the part of the Draf Masterplan the session feeds: none,
    readiness, issues, swot, vision, strategy, programs, quick_wins, roadmap, institutions,
    financing or commitment; `readiness_per_opd` (default false) takes one readiness rating
    per OPD instead of per participant."""
    workshop = workshop_for(workshop_id, facilitator_only=True)
    kwargs = rules.session_form_kwargs(get_db(), workshop)
    form = validate(SessionForm, json_body(), **kwargs)
    return created(rules.create_session(get_db(), actor(), workshop, form_data(form)))


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
    of that day. `"dimension": null` clears the dimension. `purpose` and `readiness_per_opd`
    change what the session feeds and how readiness is rated."""
    workshop, row = session_in_reach(session_id, facilitator_only=True)
    kwargs = rules.session_form_kwargs(get_db(), workshop)
    form = validate(SessionForm, json_body(), partial=True, **kwargs)
    return jsonify(rules.update_session(get_db(), actor(), workshop, row["id"], form_data(form)))


@bp.delete("/sessions/<int:session_id>")
@doc(
    "Delete a session",
    responses={204: "deleted", 409: "session_open, or session_in_use (proposals or polls)"},
)
def delete_session_route(session_id):
    """An open session must be closed first; the sessions after it move up."""
    workshop, row = session_in_reach(session_id, facilitator_only=True)
    rules.delete_session(get_db(), actor(), workshop, row["id"])
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
    return jsonify(rules.move_session(get_db(), actor(), workshop, row["id"], form.direction.data))


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
    return jsonify(rules.update_day(get_db(), actor(), workshop, number, form.stage.data))
