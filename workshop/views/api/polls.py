"""Polls: create over proposals, open/close (auto-close), ballots, results, decisions.

The rules are in rules/polls.py and rules/ballots.py; this module only reads the request,
loads what the caller may reach and answers JSON.
"""

from flask import jsonify, request
from flask_babel import gettext as _

from ...auth import current_principal
from ...db import get_db
from ...errors import ApiError
from ...forms.polls import DecisionForm, PollForm, PollOpenForm
from ...rules import ballots as ballot_rules
from ...rules import polls as poll_rules
from ...store import polls
from ..access import poll_in_reach, session_in_reach, workshop_for
from .blueprint import bp, created, doc, form_data, items, json_body, validate


def public_poll(poll, with_ideas=True):
    return poll_rules.public_poll(get_db(), poll, with_ideas)


def require_facilitator():
    principal = current_principal()
    if not principal.is_facilitator:
        raise ApiError(
            401 if principal.kind == "anonymous" else 403, _("Only facilitators can do this.")
        )
    return principal


@bp.post("/sessions/<int:session_id>/polls")
@doc(
    "Create a poll (draft) over proposals; default: the session's visible ones",
    body=PollForm,
    responses={201: "poll (status draft)"},
)
def create_poll(session_id):
    """idea_ids (list) and criteria ([{key, label, weight}]) travel beside the form fields."""
    principal = require_facilitator()
    workshop, session = session_in_reach(session_id, facilitator_only=True)
    data = json_body()
    raw_ideas = data.pop("idea_ids", None)
    raw_criteria = data.pop("criteria", None)
    form = validate(PollForm, data)
    db = get_db()
    fields, idea_ids = poll_rules.check_poll(
        db, workshop["id"], session, form_data(form), raw_ideas, raw_criteria
    )
    if "anonymous" not in data:
        fields["anonymous"] = True
    poll = poll_rules.create_poll(db, session, fields, idea_ids, principal.id)
    return created(public_poll(poll))


@bp.get("/sessions/<int:session_id>/polls")
@doc("A session's polls (participants: not the drafts)", responses={200: "{items}"})
def list_session_polls(session_id):
    """Drafts are the facilitators' business."""
    _workshop, _session = session_in_reach(session_id)
    rows = polls.list_polls(get_db(), session_id=session_id)
    if not current_principal().is_facilitator:
        rows = [p for p in rows if p["status"] != "draft"]
    return items([public_poll(p) for p in rows])


@bp.get("/workshops/<int:workshop_id>/polls")
@doc("Every poll of a workshop (participants: not the drafts)", responses={200: "{items}"})
def list_workshop_polls(workshop_id):
    """For the participant home: what is open to vote on now."""
    workshop_for(workshop_id)
    rows = polls.list_polls(get_db(), workshop_id=workshop_id)
    if not current_principal().is_facilitator:
        rows = [p for p in rows if p["status"] != "draft"]
    return items([public_poll(p) for p in rows])


@bp.get("/polls/<int:poll_id>")
@doc("One poll with its proposals", responses={200: "poll"})
def get_poll(poll_id):
    """Participants cannot see drafts."""
    _workshop, poll = poll_in_reach(poll_id)
    if poll["status"] == "draft" and not current_principal().is_facilitator:
        raise ApiError(404, _("Not found."))
    return jsonify(public_poll(poll))


@bp.patch("/polls/<int:poll_id>")
@doc("Change a draft poll (the title at any time)", body=PollForm, responses={409: "not a draft"})
def update_poll(poll_id):
    """Parameters are fixed once people may vote."""
    principal = require_facilitator()
    _workshop, poll = poll_in_reach(poll_id, facilitator_only=True)
    data = json_body()
    raw_criteria = data.pop("criteria", None)
    form = validate(PollForm, data, partial=True)
    poll = poll_rules.update_poll(get_db(), poll, form_data(form), raw_criteria, principal.id)
    return jsonify(public_poll(poll))


@bp.post("/polls/<int:poll_id>/open")
@doc("Open (or re-open) a poll; optional auto-close", body=PollOpenForm, responses={409: "open"})
def open_poll(poll_id):
    """Ballots can be cast and changed until it closes."""
    principal = require_facilitator()
    _workshop, poll = poll_in_reach(poll_id, facilitator_only=True)
    form = validate(PollOpenForm, json_body() if _has_body() else {})
    poll = poll_rules.open_poll(get_db(), poll, principal.id, form.duration_seconds.data)
    return jsonify(public_poll(poll))


def _has_body():
    return bool(request.get_data())


@bp.post("/polls/<int:poll_id>/close")
@doc("Close a poll and freeze its results", responses={200: "poll", 409: "not open"})
def close_poll_route(poll_id):
    """The snapshot keeps the method, parameters, turnout and every item's score."""
    principal = require_facilitator()
    _workshop, poll = poll_in_reach(poll_id, facilitator_only=True)
    return jsonify(public_poll(poll_rules.close_poll(get_db(), poll, principal.id)))


def participant_poll(poll_id):
    principal = current_principal()
    if principal.kind != "participant":
        raise ApiError(401 if principal.kind == "anonymous" else 403, _("Only participants vote."))
    _workshop, poll = poll_in_reach(poll_id, load_workshop=False)
    if poll["status"] == "draft":
        raise ApiError(404, _("Not found."))
    return principal, poll


def public_ballot(row, poll, principal):
    data = {"ballot": row["body"], "updated_at": row["updated_at"]}
    if poll["ballot_scope"] == "opd":
        data["changed_by"] = row["changed_by_name"]
        data["changed_by_me"] = row["changed_by"] == principal.id
    return data


@bp.get("/polls/<int:poll_id>/ballot")
@doc("The caller's ballot (or their OPD's)", responses={200: "{ballot, updated_at}", 404: "none"})
def get_ballot(poll_id):
    """For OPD-scope polls it also says who last changed the OPD's ballot."""
    principal, poll = participant_poll(poll_id)
    row = ballot_rules.stored_ballot(get_db(), poll, principal)
    if row is None:
        raise ApiError(404, _("No ballot yet."))
    return jsonify(public_ballot(row, poll, principal))


@bp.put("/polls/<int:poll_id>/ballot")
@doc(
    "Cast or replace the caller's ballot while the poll is open",
    body="application/json",
    responses={200: "{ballot, updated_at}", 409: "poll not open", 422: "invalid ballot"},
)
def put_ballot(poll_id):
    """The same rules the ballot page checks before sending; the previous ballot stays on error."""
    principal, poll = participant_poll(poll_id)
    ballot_rules.check_open(poll)  # before reading the body, as the contract orders it
    row = ballot_rules.cast_ballot(get_db(), poll, principal, json_body())
    return jsonify(public_ballot(row, poll, principal))


@bp.get("/polls/<int:poll_id>/results")
@doc(
    "Results: items sorted by rank (ties share it), voters, eligible, per-OPD turnout",
    responses={200: "results", 403: "results only after close"},
)
def get_results(poll_id):
    """Participants and the projector see them live only when the poll says so."""
    _workshop, poll = poll_in_reach(poll_id)
    return jsonify(ballot_rules.visible_results(get_db(), poll, current_principal()))


@bp.get("/polls/<int:poll_id>/ballots")
@doc("Every ballot, for a recount (anonymous polls: shuffled, no identities)")
def list_poll_ballots(poll_id):
    """Named polls show who voted what to facilitators; anonymous ones never do."""
    require_facilitator()
    _workshop, poll = poll_in_reach(poll_id, facilitator_only=True)
    rows = polls.list_ballots(get_db(), poll_id, shuffle=poll["anonymous"])
    out = []
    for row in rows:
        entry = {"ballot": row["body"]}
        if poll["ballot_scope"] == "opd":
            entry["opd_code"] = row["opd_code"]
        elif not poll["anonymous"]:
            entry.update(participant=row["participant_name"], opd_code=row["opd_code"])
        out.append(entry)
    return items(out)


@bp.post("/polls/<int:poll_id>/decisions")
@doc("Record the final pick (e.g. the quick win) with its reason", body=DecisionForm)
def add_decision(poll_id):
    """A proposal of the poll, a short label and the reason."""
    principal = require_facilitator()
    _workshop, poll = poll_in_reach(poll_id, facilitator_only=True)
    form = validate(DecisionForm, json_body())
    decision = poll_rules.record_decision(
        get_db(), poll, form.idea_id.data, form.label.data, form.reason.data, principal.id
    )
    return created(decision)


@bp.get("/polls/<int:poll_id>/decisions")
@doc("Decisions recorded on a poll", responses={200: "{items}"})
def list_decisions(poll_id):
    """Visible to everyone in the workshop: decisions are public."""
    poll_in_reach(poll_id)
    return items(polls.list_decisions(get_db(), poll_id))
