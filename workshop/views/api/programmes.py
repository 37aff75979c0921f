"""Programmes (issue 15): promote into a programme, chosen quick wins, priority polls.

The rules live in workshop/rules/programmes.py and rules/priorities.py; these views read the
request, load what the caller may reach and answer in JSON. The programme fields of an idea
(code, supporting OPDs, years, indicators) travel with the idea itself (views/api/ideas.py).
"""

from flask import jsonify
from flask_babel import gettext as _

from ...auth import current_principal
from ...db import get_db
from ...forms.programmes import PriorityForm, PromoteForm, QuickWinForm
from ...rules import field_error
from ...rules import priorities as priority_rules
from ...rules import programmes as rules
from ...store import ideas
from ..access import workshop_for
from .blueprint import bp, created, doc, form_data, items, json_body, validate
from .ideas import answer, facilitator_idea


@bp.post("/ideas/<int:idea_id>/promote")
@doc(
    "Promote an issue or proposal into a programme of a programmes session (a copy with a "
    "code and promoted_from)",
    body=PromoteForm,
    responses={201: "the new programme", 422: "not a programmes session of this workshop"},
)
def promote_idea(idea_id):
    """Facilitators; the source stays where it is."""
    facilitator_idea(idea_id)
    form = validate(PromoteForm, json_body())
    row = rules.promote(get_db(), current_principal().id, idea_id, form.session_id.data)
    return created(answer(row))


@bp.post("/ideas/<int:idea_id>/quick-win")
@doc(
    "Mark a programme as a chosen quick win, with the reason (again: a new reason)",
    body=QuickWinForm,
    responses={200: "the idea with quick_win", 422: "no reason, or not a programme"},
)
def mark_quick_win(idea_id):
    """Facilitators; only ideas of a programmes session."""
    facilitator_idea(idea_id)
    form = validate(QuickWinForm, json_body())
    row = rules.mark_quick_win(get_db(), current_principal().id, idea_id, form.reason.data)
    return jsonify(answer(row))


@bp.delete("/ideas/<int:idea_id>/quick-win")
@doc(
    "Take the quick-win mark off a programme",
    responses={200: "the idea (quick_win null), also when it was not marked"},
)
def unmark_quick_win(idea_id):
    """Facilitators."""
    facilitator_idea(idea_id)
    row = rules.unmark_quick_win(get_db(), current_principal().id, idea_id)
    return jsonify(answer(row))


@bp.get("/workshops/<int:workshop_id>/quick-wins")
@doc(
    "The chosen quick wins: idea_id, code, title, dimension, responsible_opd_id, reason, marked_at",
    responses={200: "{items}"},
)
def list_quick_wins(workshop_id):
    """Everyone of the workshop; participants and projectors only those on the wall."""
    workshop_for(workshop_id)
    db = get_db()
    rows = rules.quick_wins(db, workshop_id)
    if not current_principal().is_facilitator:
        rows = [r for r in rows if ideas.get_idea(db, r["idea_id"])["status"] == "visible"]
    return items(rows)


@bp.get("/workshops/<int:workshop_id>/priorities")
@doc(
    "Which poll ranks each dimension's programmes: {dimension, poll_id, chosen: explicit|rule}",
    responses={200: "{items}"},
)
def list_priorities(workshop_id):
    """Everyone of the workshop; without a choice, the closed poll listing most of them."""
    workshop_for(workshop_id)
    return items(priority_rules.resolve(get_db(), workshop_id))


@bp.put("/workshops/<int:workshop_id>/priorities/<dimension>")
@doc(
    'Choose the poll that ranks a dimension\'s programmes; {"poll_id": null} lets the rule '
    "choose again",
    body=PriorityForm,
    responses={
        200: "{dimension, poll_id, chosen}",
        404: "no such dimension",
        422: "not a poll of this workshop",
    },
)
def put_priority(workshop_id, dimension):
    """Facilitators."""
    workshop_for(workshop_id, facilitator_only=True)
    data = json_body()
    if "poll_id" not in data:
        raise field_error("poll_id", _("Choose a poll of this workshop."))
    form = validate(PriorityForm, data)
    row = priority_rules.choose(
        get_db(), workshop_id, dimension, form_data(form)["poll_id"], current_principal().id
    )
    return jsonify(row)
