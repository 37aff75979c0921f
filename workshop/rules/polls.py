"""Polls: create over proposals, change a draft, open (with an auto-close timer), close into a
snapshot, expire, and record decisions. Ballots are in rules/ballots.py.

Each method's own rules (its criteria, its budget limits, its ballots) come from the registry
in workshop/polls/methods/. The API (views/api/polls.py), the facilitator's polls page and
the console all call these functions, so they accept the same input, write the same audit
entries and push the same events (after the store transaction has committed).
"""

import datetime

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _

from .. import reference
from ..db import get_db
from ..live_results import audiences_for, request_results
from ..polls.methods import REGISTRY
from ..polls.methods import get as method_of
from ..realtime import (
    broadcast_poll_closed,
    broadcast_poll_opened,
    broadcast_poll_updated,
    broadcast_results,
    socketio,
)
from ..results import compute, poll_items, results
from ..store import Conflict as StoreConflict
from ..store import ideas, polls, utcnow
from . import Conflict, field_error

# Defaults per method when the facilitator leaves the budget out (dots: 5, points: 100).
DEFAULT_BUDGET = {k: m.default_budget for k, m in REGISTRY.items() if m.default_budget}
# The fields a poll has in the API, in the order the API answers them.
PUBLIC_FIELDS = (
    "id",
    "workshop_id",
    "session_id",
    *polls.POLL_SETTINGS,
    *polls.POLL_LIFECYCLE,
    "created_at",
    "updated_at",
)


def public_poll(db, poll, with_ideas=True):
    """The poll as the API returns it (ideas after carrying merges, when open)."""
    data = {k: poll[k] for k in PUBLIC_FIELDS}
    if with_ideas:
        data["ideas"], _mapping = poll_items(db, poll)
        data["idea_ids"] = [i["id"] for i in data["ideas"]]
    return data


# -- Settings -----------------------------------------------------------------------------------


def default_criteria():
    """The five quick-win criteria, labelled in the request's language."""
    indonesian = str(get_locale()) == "id"
    return [
        {"key": c["key"], "label": c["label_id"] if indonesian else c["label"], "weight": 1}
        for c in reference.quick_win_criteria()
    ]


def check_criteria(method, raw):
    """The poll's criteria (scores: given or the defaults; matrix: impact and effort), or 422."""
    return method_of(method).criteria(raw, default_criteria)


def check_idea_ids(db, workshop_id, session, raw):
    """The poll's proposals: given ids of this workshop, or the session's visible ones."""
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


def with_default_budget(fields):
    """The method's default budget when the facilitator left it out."""
    if fields["budget"] is None:
        fields["budget"] = DEFAULT_BUDGET.get(fields["method"])
    return fields


def check_limits(method, fields, idea_ids):
    """Cross-field rules on the budget and the per-item cap (422 on the cap)."""
    method_of(method).limits(fields["budget"], fields["max_per_item"], len(idea_ids))


def check_poll(db, workshop_id, session, fields, raw_ideas=None, raw_criteria=None):
    """Validated form fields + the lists beside them → (fields, idea_ids) to create, or 422."""
    method = fields["method"]
    fields["criteria"] = check_criteria(method, raw_criteria)
    idea_ids = check_idea_ids(db, workshop_id, session, raw_ideas)
    with_default_budget(fields)
    check_limits(method, fields, idea_ids)
    return fields, idea_ids


def create_poll(db, session, fields, idea_ids, actor_id):
    """Store a draft poll (checked by check_poll) and tell the facilitators."""
    poll = polls.create_poll(db, session, fields, idea_ids, actor_id)
    broadcast_poll_updated(public_poll(db, poll))
    return poll


def update_poll(db, poll, changes, raw_criteria, actor_id):
    """Change a draft's parameters (the title at any time); the method never changes."""
    if "method" in changes and changes["method"] != poll["method"]:
        raise field_error("method", _("Create a new poll to use another method."))
    changes.pop("method", None)
    if raw_criteria is not None:
        changes["criteria"] = check_criteria(poll["method"], raw_criteria)
    try:
        poll = polls.update_poll(db, poll["id"], changes, actor_id)
    except StoreConflict as e:
        raise Conflict(_("Only a draft poll can change its settings."), str(e)) from e
    broadcast_poll_updated(public_poll(db, poll))
    return poll


# -- Opening and closing ------------------------------------------------------------------------


def open_poll(db, poll, actor_id, seconds=None):
    """Open (or re-open) a poll with an optional auto-close timer, and tell everyone.

    409 when it has no proposals or is already open.
    """
    closes_at = None
    if seconds:
        moment = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        closes_at = (
            (moment + datetime.timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")
        )
    if not poll_items(db, poll)[0]:
        raise Conflict(_("This poll has no proposals to vote on."), "poll_empty")
    try:
        poll = polls.set_status(db, poll["id"], "open", actor_id, closes_at=closes_at)
    except StoreConflict as e:
        raise Conflict(_("The poll is already open."), str(e)) from e
    # The timer and the results push run beside requests: they need the app object.
    app = current_app._get_current_object()
    if closes_at:
        schedule_auto_close(app, poll["id"], closes_at)
    broadcast_poll_opened(public_poll(db, poll))
    request_results(app, poll["id"])
    return poll


def close_poll(db, poll, actor_id):
    """Freeze the results in a snapshot and tell everyone; 409 when the poll is not open."""
    if poll["status"] != "open":
        raise Conflict(_("The poll is not open."), "poll_not_open")
    snapshot = compute(db, {**poll, "status": "closed"})
    try:
        closed = polls.set_status(db, poll["id"], "closed", actor_id, snapshot=snapshot)
    except StoreConflict:
        return polls.get_poll(db, poll["id"])  # closed meanwhile (its timer, another tab)
    broadcast_poll_closed(public_poll(db, closed))
    broadcast_results(results(db, closed), closed["workshop_id"], audiences_for(closed))
    return closed


def expire(db, poll):
    """Close a poll whose timer ran out (the background task may not have run yet)."""
    if poll["status"] == "open" and poll["closes_at"] and poll["closes_at"] <= utcnow():
        return close_poll(db, poll, actor_id=None)
    return poll


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
                close_poll(db, poll, actor_id=None)

    socketio.start_background_task(run)


def open_now(db, workshop_id):
    """Polls of the workshop open to vote on right now (their timer not run out)."""
    now = utcnow()
    return [
        p
        for p in polls.list_polls(db, workshop_id=workshop_id)
        if p["status"] == "open" and not (p["closes_at"] and p["closes_at"] <= now)
    ]


# -- Decisions ----------------------------------------------------------------------------------


def record_decision(db, poll, idea_id, label, reason, actor_id):
    """Record the final pick (e.g. the quick win) among the poll's proposals, with its reason."""
    if idea_id not in [i["id"] for i in poll_items(db, poll)[0]]:
        raise field_error("idea_id", _("Choose a proposal of this poll."))
    return polls.add_decision(db, poll, idea_id, label, reason, actor_id)
