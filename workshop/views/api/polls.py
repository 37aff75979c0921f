"""Polls: create over proposals, open/close (auto-close), ballots, results, decisions."""

import datetime
import hashlib
import hmac

from flask import current_app, jsonify, request
from flask_babel import get_locale
from flask_babel import gettext as _

from ... import reference
from ...auth import current_principal
from ...ballots import BallotError, validate_ballot
from ...db import get_db
from ...errors import ApiError
from ...forms.polls import DecisionForm, PollForm, PollOpenForm
from ...live_results import audiences_for, request_results
from ...realtime import (
    broadcast_poll_closed,
    broadcast_poll_opened,
    broadcast_poll_updated,
    broadcast_results,
    socketio,
)
from ...results import compute, poll_items, results
from ...rules import field_error
from ...store import Conflict, ideas, polls, utcnow
from ...tally import MATRIX_CRITERIA
from ..access import workshop_for
from .agenda import session_in_reach
from .blueprint import bp, created, doc, form_data, items, json_body, validate

# Defaults per method when the facilitator leaves the budget out.
DEFAULT_BUDGET = {"dots": 5, "points": 100}
CRITERION_LABEL_MAX = 120
MAX_CRITERIA = 10


def default_criteria():
    """The five quick-win criteria, labelled in the request's language."""
    indonesian = str(get_locale()) == "id"
    return [
        {"key": c["key"], "label": c["label_id"] if indonesian else c["label"], "weight": 1}
        for c in reference.quick_win_criteria()
    ]


def matrix_criteria():
    return [
        {"key": "impact", "label": _("Impact"), "weight": 1},
        {"key": "effort", "label": _("Effort"), "weight": 1},
    ]


def check_criteria(method, raw):
    """Criteria for scores (or the fixed pair for matrix) → clean list, or 422."""
    if method == "matrix":
        if raw is not None and sorted(c.get("key") for c in raw if isinstance(c, dict)) != sorted(
            MATRIX_CRITERIA
        ):
            raise field_error("criteria", _("The matrix always uses impact and effort."))
        return matrix_criteria()
    if method != "scores":
        return []
    if raw is None:
        return default_criteria()
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_CRITERIA:
        raise field_error("criteria", _("Give 1 to %(n)d criteria.", n=MAX_CRITERIA))
    clean, keys = [], set()
    for c in raw:
        if not isinstance(c, dict) or set(c) - {"key", "label", "label_id", "weight"}:
            raise field_error("criteria", _("Each criterion needs key, label and weight."))
        key, label, weight = c.get("key"), c.get("label"), c.get("weight", 1)
        if not isinstance(key, str) or not key.strip() or key in keys or len(key) > 40:
            raise field_error("criteria", _("Criterion keys must be unique short words."))
        if not isinstance(label, str) or not label.strip() or len(label) > CRITERION_LABEL_MAX:
            raise field_error("criteria", _("Each criterion needs a label."))
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 < weight <= 100:
            raise field_error("criteria", _("Weights are numbers above 0 (max. 100)."))
        keys.add(key)
        clean.append({"key": key.strip(), "label": label.strip(), "weight": weight})
    return clean


def check_idea_ids(workshop_id, session, raw):
    """The poll's proposals: given ids of this workshop, or the session's visible ones."""
    db = get_db()
    if raw is None:
        rows = ideas.list_ideas(db, session_id=session["id"], statuses=("visible",))
        return [r["id"] for r in rows]
    if not isinstance(raw, list) or not raw:
        raise field_error("idea_ids", _("Choose at least one proposal."))
    seen = []
    for value in raw:
        if isinstance(value, bool) or not isinstance(value, int) or value in seen:
            raise field_error("idea_ids", _("Use each proposal id once."))
        try:
            row = ideas.get_idea(db, value, workshop_id)
        except LookupError as e:
            raise field_error("idea_ids", _("Unknown proposal: %(id)s.", id=value)) from e
        if row["status"] != "visible":
            raise field_error(
                "idea_ids", _("Proposal %(id)s is hidden, merged or withdrawn.", id=value)
            )
        seen.append(value)
    return seen


def public_poll(poll, with_ideas=True):
    """The poll as the API returns it (ideas after carrying merges, when open)."""
    data = {
        k: poll[k]
        for k in (
            "id",
            "workshop_id",
            "session_id",
            "title",
            "method",
            "budget",
            "max_per_item",
            "criteria",
            "anonymous",
            "results",
            "ballot_scope",
            "status",
            "closes_at",
            "opened_at",
            "closed_at",
            "created_at",
            "updated_at",
        )
    }
    if with_ideas:
        data["ideas"], _mapping = poll_items(get_db(), poll)
        data["idea_ids"] = [i["id"] for i in data["ideas"]]
    return data


def expire(poll):
    """Close a poll whose timer ran out (the background task may not have run yet)."""
    if poll["status"] == "open" and poll["closes_at"] and poll["closes_at"] <= utcnow():
        return close_poll(poll, actor_id=None)
    return poll


def poll_in_reach(poll_id, facilitator_only=False):
    """(workshop, poll) for a caller who may see it; closes a poll whose timer ran out."""
    poll = polls.get_poll(get_db(), poll_id)
    workshop = workshop_for(poll["workshop_id"], facilitator_only=facilitator_only)
    return workshop, expire(poll)


def check_limits(method, fields, idea_ids):
    """Cross-field rules on the budget and the per-item cap (422 on the cap)."""
    cap, budget = fields["max_per_item"], fields["budget"]
    if method in ("dots", "points") and cap and budget and cap > budget:
        raise field_error("max_per_item", _("Cannot be more than the budget."))
    if method == "points" and cap and len(idea_ids) * cap < budget:
        raise field_error("max_per_item", _("Too low: the points could not all be given."))


def open_poll_now(poll, actor_id, seconds=None):
    """Open (or re-open) a poll with an optional auto-close timer, and tell everyone.

    409 (ApiError) when it has no proposals or is already open.
    """
    closes_at = None
    if seconds:
        moment = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        closes_at = (
            (moment + datetime.timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")
        )
    if not poll_items(get_db(), poll)[0]:
        raise ApiError(409, _("This poll has no proposals to vote on."), code="poll_empty")
    try:
        poll = polls.set_status(get_db(), poll["id"], "open", actor_id, closes_at=closes_at)
    except Conflict as e:
        raise ApiError(409, _("The poll is already open."), code=str(e)) from e
    if closes_at:
        schedule_auto_close(current_app._get_current_object(), poll["id"], closes_at)
    broadcast_poll_opened(public_poll(poll))
    request_results(current_app, poll["id"])
    return poll


def require_facilitator():
    principal = current_principal()
    if not principal.is_facilitator:
        raise ApiError(
            401 if principal.kind == "anonymous" else 403, _("Only facilitators can do this.")
        )
    return principal


def close_poll(poll, actor_id):
    """Freeze the results in a snapshot and tell everyone."""
    db = get_db()
    snapshot = compute(db, {**poll, "status": "closed"}) if poll else None
    try:
        closed = polls.set_status(db, poll["id"], "closed", actor_id, snapshot=snapshot)
    except Conflict:
        return polls.get_poll(db, poll["id"])
    payload = public_poll(closed)
    broadcast_poll_closed(payload)
    broadcast_results(results(db, closed), closed["workshop_id"], audiences_for(closed))
    return closed


def schedule_auto_close(app, poll_id, closes_at):
    """Close the poll when its timer runs out (also checked lazily on every read)."""
    delay = (
        datetime.datetime.fromisoformat(closes_at.replace("Z", "+00:00"))
        - datetime.datetime.now(datetime.UTC)
    ).total_seconds()

    def run():
        socketio.sleep(max(0.0, delay) + 0.05)
        with app.test_request_context("/"):
            db = get_db()
            poll = polls.get_poll(db, poll_id)
            if poll["status"] == "open" and poll["closes_at"] == closes_at:
                close_poll(poll, actor_id=None)

    socketio.start_background_task(run)


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
    fields = form_data(form)
    method = fields["method"]
    fields["criteria"] = check_criteria(method, raw_criteria)
    idea_ids = check_idea_ids(workshop["id"], session, raw_ideas)
    if fields["budget"] is None:
        fields["budget"] = DEFAULT_BUDGET.get(method)
    check_limits(method, fields, idea_ids)
    if "anonymous" not in data:
        fields["anonymous"] = True
    poll = polls.create_poll(get_db(), session, fields, idea_ids, principal.id)
    broadcast_poll_updated(public_poll(poll))
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
    changes = form_data(form)
    if "method" in changes and changes["method"] != poll["method"]:
        raise field_error("method", _("Create a new poll to use another method."))
    changes.pop("method", None)
    if raw_criteria is not None:
        changes["criteria"] = check_criteria(poll["method"], raw_criteria)
    try:
        poll = polls.update_poll(get_db(), poll_id, changes, principal.id)
    except Conflict as e:
        raise ApiError(409, _("Only a draft poll can change its settings."), code=str(e)) from e
    broadcast_poll_updated(public_poll(poll))
    return jsonify(public_poll(poll))


@bp.post("/polls/<int:poll_id>/open")
@doc("Open (or re-open) a poll; optional auto-close", body=PollOpenForm, responses={409: "open"})
def open_poll(poll_id):
    """Ballots can be cast and changed until it closes."""
    principal = require_facilitator()
    _workshop, poll = poll_in_reach(poll_id, facilitator_only=True)
    form = validate(PollOpenForm, json_body() if _has_body() else {})
    poll = open_poll_now(poll, principal.id, form.duration_seconds.data)
    return jsonify(public_poll(poll))


def _has_body():
    return bool(request.get_data())


@bp.post("/polls/<int:poll_id>/close")
@doc("Close a poll and freeze its results", responses={200: "poll", 409: "not open"})
def close_poll_route(poll_id):
    """The snapshot keeps the method, parameters, turnout and every item's score."""
    principal = require_facilitator()
    _workshop, poll = poll_in_reach(poll_id, facilitator_only=True)
    if poll["status"] != "open":
        raise ApiError(409, _("The poll is not open."), code="poll_not_open")
    return jsonify(public_poll(close_poll(poll, principal.id)))


def voter_identity(poll, principal):
    """(voter_key, participant_id to store, changed_by) for a participant's ballot."""
    if poll["ballot_scope"] == "opd":
        return f"opd:{principal.opd_id}", None, principal.id
    if poll["anonymous"]:
        secret = current_app.config["SECRET_KEY"].encode()
        digest = hmac.new(secret, f"{poll['id']}:{principal.id}".encode(), hashlib.sha256)
        return "a:" + digest.hexdigest(), None, None
    return f"p:{principal.id}", principal.id, principal.id


def participant_poll(poll_id):
    principal = current_principal()
    if principal.kind != "participant":
        raise ApiError(401 if principal.kind == "anonymous" else 403, _("Only participants vote."))
    _workshop, poll = poll_in_reach(poll_id)
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
    key, _pid, _changed = voter_identity(poll, principal)
    row = polls.get_ballot(get_db(), poll_id, key)
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
    if poll["status"] != "open":
        raise ApiError(409, _("Voting is closed."), code="poll_not_open")
    items_, _mapping = poll_items(get_db(), poll)
    body = json_body()
    try:
        clean = validate_ballot(poll, body, [i["id"] for i in items_])
    except BallotError as e:
        raise ApiError(422, _("Some fields need attention."), fields=e.fields) from e
    key, participant_id, changed_by = voter_identity(poll, principal)
    try:
        row = polls.put_ballot(
            get_db(),
            poll_id,
            key,
            clean,
            principal.opd_id,
            participant_id=participant_id,
            changed_by=changed_by,
            audit_actor=None if poll["anonymous"] else principal.id,
        )
    except Conflict as e:
        raise ApiError(409, _("Voting is closed."), code=str(e)) from e
    request_results(current_app, poll_id)
    return jsonify(public_ballot(row, poll, principal))


@bp.get("/polls/<int:poll_id>/results")
@doc(
    "Results: items sorted by rank (ties share it), voters, eligible, per-OPD turnout",
    responses={200: "results", 403: "results only after close"},
)
def get_results(poll_id):
    """Participants and the projector see them live only when the poll says so."""
    _workshop, poll = poll_in_reach(poll_id)
    principal = current_principal()
    if not principal.is_facilitator:
        if poll["status"] == "draft":
            raise ApiError(404, _("Not found."))
        if poll["results"] == "after_close" and poll["status"] != "closed":
            raise ApiError(403, _("Results are shown after the poll closes."))
    return jsonify(results(get_db(), poll))


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
    ids = [i["id"] for i in poll_items(get_db(), poll)[0]]
    if form.idea_id.data not in ids:
        raise field_error("idea_id", _("Choose a proposal of this poll."))
    decision = polls.add_decision(
        get_db(), poll, form.idea_id.data, form.label.data, form.reason.data, principal.id
    )
    return created(decision)


@bp.get("/polls/<int:poll_id>/decisions")
@doc("Decisions recorded on a poll", responses={200: "{items}"})
def list_decisions(poll_id):
    """Visible to everyone in the workshop: decisions are public."""
    poll_in_reach(poll_id)
    return items(polls.list_decisions(get_db(), poll_id))
