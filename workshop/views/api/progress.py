"""Monitoring and evaluation (issue 17): progress reports on programmes and action items,
the workshop's monitoring overview and a participant's follow-up list.

The rules live in workshop/rules/progress.py. Viewer accounts read the monitoring like
facilitators; their writes (and projector keys') are refused in auth.py before any view.
"""

from flask import jsonify
from flask_babel import gettext as _

from ...auth import current_principal, require
from ...db import get_db
from ...errors import ApiError
from ...forms.progress import ProgressForm
from ...rules import ideas as idea_rules
from ...rules import progress as rules
from ...store import ideas, notes, workshops
from ..access import workshop_for
from .blueprint import bp, created, doc, form_data, json_body, validate

RESPONSES = {
    201: "the report",
    200: "replay of a client_id: the same report, nothing new",
    403: "not a participant of the item's OPD, nor a facilitator",
    404: "no such item in the caller's workshops",
    409: "not a programme (or not an action item)",
    422: "percent outside 0–100, unknown status, evidence_url not http(s)",
    429: "too many reports",
}


def _report(target, target_id):
    principal = current_principal()
    if principal.kind == "anonymous":
        raise ApiError(401, _("Please log in (or send a valid token)."))
    db = get_db()
    if target == "idea":
        row = ideas.get_idea(db, target_id)
        workshop_for(row["workshop_id"])
        if not idea_rules.visible_to(principal, row):
            raise ApiError(404, _("Not found."))
    else:
        row = notes.get_note(db, target_id)
        workshop_for(row["workshop_id"])
    _workshop_id, owner_opd_id, _row = rules.load_target(db, target, target_id)
    rules.check_reporter(principal, owner_opd_id)  # 403 before the body's 422
    data = form_data(validate(ProgressForm, json_body()))
    client_id = data.pop("client_id", None) or None
    report, is_new = rules.report(db, principal, target, target_id, data, client_id)
    return created(report) if is_new else jsonify(report)


@bp.post("/ideas/<int:idea_id>/progress")
@doc(
    "Report progress on a programme (idempotent by client_id)",
    body=ProgressForm,
    responses=RESPONSES,
)
def report_idea_progress(idea_id):
    """A participant of the programme's responsible OPD, or a facilitator."""
    return _report("idea", idea_id)


@bp.post("/notes/<int:note_id>/progress")
@doc(
    "Report progress on an action item (idempotent by client_id)",
    body=ProgressForm,
    responses=RESPONSES,
)
def report_note_progress(note_id):
    """A participant of the action's OPD, or a facilitator."""
    return _report("note", note_id)


@bp.get("/workshops/<int:workshop_id>/monitoring")
@doc(
    "Monitoring: per programme and action the latest report, history and overdue flag;"
    " summaries per dimension and OPD",
    responses={200: "{programmes, actions, by_dimension, by_opd, totals}"},
)
def workshop_monitoring(workshop_id):
    """Facilitators, viewer accounts and the projector; participants get 403."""
    workshop = workshop_for(workshop_id)
    if current_principal().kind == "participant":
        raise ApiError(403, _("Only facilitators and viewers can see the monitoring."))
    return jsonify(rules.monitoring(get_db(), workshop))


@bp.get("/me/follow-up")
@doc(
    "The participant's OPD's programmes and actions: due dates, latest reports",
    responses={200: "{items, due, open_between_until}"},
)
@require("participant")
def my_follow_up():
    """What the caller's OPD owns, soonest due first."""
    principal = current_principal()
    db = get_db()
    workshop = workshops.get_workshop(db, principal.workshop_id)
    return jsonify(rules.follow_up(db, workshop, principal.opd_id))
