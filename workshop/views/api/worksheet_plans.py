"""TOWS strategies and strategy statements, the adopted vision and missions, and the
workshop's readiness list (issue 14): facilitators write, everyone of the workshop reads.

The rules live in workshop/rules/worksheet_plans.py; these views read the request, call them
and answer in JSON.
"""

from flask import jsonify
from flask_babel import gettext as _

from ...auth import current_principal
from ...db import get_db
from ...forms.worksheets import StrategyForm, VisionForm
from ...rules import field_error
from ...rules import worksheet_plans as rules
from ...rules.worksheets import form_kwargs
from ...store import worksheet_plans
from ..access import session_in_reach, workshop_for
from .blueprint import bp, created, doc, form_data, items, json_body, no_content, validate


def strategy_in_reach(strategy_id, facilitator_only=False):
    """(session, strategy) when the caller may see it; 404 for another workshop's."""
    row = worksheet_plans.get_strategy(get_db(), strategy_id)
    _workshop, session = session_in_reach(row["session_id"], facilitator_only=facilitator_only)
    return session, row


def strategy_fields(form):
    data = form_data(form)
    if "from" in data:
        data["from"] = data["from"] or []
    return data


@bp.post("/sessions/<int:session_id>/strategies")
@doc(
    "Write a TOWS strategy (SO|ST|WO|WT) or a strategy statement",
    body=StrategyForm,
    responses={201: "the strategy", 409: "not a swot or strategy worksheet"},
)
def create_strategy(session_id):
    """`type` is required in a swot session, optional in a strategy session; `from` lists the
    SWOT entries it draws on."""
    workshop, session = session_in_reach(session_id, facilitator_only=True)
    db = get_db()
    rules.check_strategy_session(session)
    dims = form_kwargs(db, workshop["id"])["dimensions"]
    form = validate(StrategyForm, json_body(), dimensions=dims)
    return created(
        rules.create_strategy(db, current_principal().id, session, strategy_fields(form))
    )


@bp.get("/sessions/<int:session_id>/strategies")
@doc("A session's strategies, oldest first", responses={200: "{items: [strategy]}"})
def list_session_strategies(session_id):
    """Everyone of the workshop may read them."""
    _workshop, session = session_in_reach(session_id)
    return items(worksheet_plans.list_strategies(get_db(), session_id=session["id"]))


@bp.get("/workshops/<int:workshop_id>/strategies")
@doc("Every strategy of the workshop, oldest first", responses={200: "{items: [strategy]}"})
def list_workshop_strategies(workshop_id):
    """Chapter 4 of the Draf Masterplan reads them per dimension."""
    workshop = workshop_for(workshop_id)
    return items(worksheet_plans.list_strategies(get_db(), workshop_id=workshop["id"]))


@bp.patch("/strategies/<int:strategy_id>")
@doc("Change a strategy", body=StrategyForm, responses={200: "the strategy"})
def update_strategy(strategy_id):
    """Partial: only the fields sent are checked and changed."""
    session, row = strategy_in_reach(strategy_id, facilitator_only=True)
    db = get_db()
    dims = form_kwargs(db, row["workshop_id"])["dimensions"]
    data = json_body()
    if not data:
        raise field_error("", _("Nothing to change."))
    form = validate(StrategyForm, data, partial=True, dimensions=dims)
    changes = strategy_fields(form)
    return jsonify(
        rules.update_strategy(db, current_principal().id, session, row["id"], changes, dims)
    )


@bp.delete("/strategies/<int:strategy_id>")
@doc("Delete a strategy", responses={204: "deleted"})
def delete_strategy(strategy_id):
    """The audit log keeps what it said."""
    _session, row = strategy_in_reach(strategy_id, facilitator_only=True)
    rules.delete_strategy(get_db(), current_principal().id, row["id"])
    return no_content()


@bp.get("/workshops/<int:workshop_id>/vision")
@doc("The adopted vision and missions", responses={200: "{workshop_id, vision, missions}"})
def get_vision(workshop_id):
    """Empty ("" and []) until a facilitator records them."""
    workshop = workshop_for(workshop_id)
    return jsonify(worksheet_plans.get_vision(get_db(), workshop["id"]))


@bp.put("/workshops/<int:workshop_id>/vision")
@doc("Record the adopted vision and missions", body=VisionForm, responses={200: "the vision"})
def put_vision(workshop_id):
    """Vision ≤ 300 characters; up to 12 missions of 1–300 characters."""
    workshop = workshop_for(workshop_id, facilitator_only=True)
    form = validate(VisionForm, json_body())
    return jsonify(
        rules.put_vision(
            get_db(), current_principal().id, workshop["id"], form.vision.data, form.missions.data
        )
    )


@bp.get("/workshops/<int:workshop_id>/readiness-items")
@doc(
    "The workshop's readiness list: ratings, aspects and their items",
    responses={200: "{ratings, aspects: [{key, name_id, name, items: [{key, name_id, name}]}]}"},
)
def get_readiness_items(workshop_id):
    """The workshop's own copy of the default list (workshop/data/readiness.json)."""
    workshop = workshop_for(workshop_id)
    return jsonify(worksheet_plans.get_readiness_list(get_db(), workshop["id"]))


@bp.put("/workshops/<int:workshop_id>/readiness-items")
@doc(
    "Replace the workshop's readiness aspects and items",
    responses={200: "the list", 422: "a missing aspect, a bad or repeated key, an empty name"},
)
def put_readiness_items(workshop_id):
    """Body {"aspects": [{"key": "struktur"|"infrastruktur"|"suprastruktur", "name_id"?,
    "name"?, "items": [{"key", "name_id", "name"?}]}]}: the three aspects in that order, each
    with 1–20 items; keys [a-z0-9_], unique in their aspect. Ratings are fixed."""
    workshop = workshop_for(workshop_id, facilitator_only=True)
    return jsonify(
        rules.put_readiness_list(get_db(), current_principal().id, workshop["id"], json_body())
    )
