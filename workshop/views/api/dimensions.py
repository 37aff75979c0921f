"""The dimensions of a workshop and their elements: read, add, change, delete, reorder.

The rules (unique keys, no renaming a key that sessions or proposals use) live in
rules/roster.py; the roster page calls the same functions.
"""

from flask import jsonify

from ...auth import current_principal, require
from ...db import get_db
from ...forms import MoveForm
from ...forms.roster import DimensionForm, ElementForm
from ...rules import roster
from ...store import dimensions
from ..access import workshop_for
from .blueprint import bp, created, doc, form_data, items, json_body, no_content, validate


def public_element(element):
    """An element as the API returns it."""
    return {k: element[k] for k in ("id", "key", "name", "name_id", "position")}


def element_payload(element):
    """An element with the id of its dimension, as the element routes answer."""
    return dict(public_element(element), dimension_id=element["dimension_id"])


def public_dimension(dim):
    """A dimension with its elements, as the API returns it."""
    data = {k: dim[k] for k in ("id", "key", "name", "name_id", "position")}
    data["elements"] = [public_element(e) for e in dim["elements"]]
    return data


def _in_reach(item):
    """The dimension or element when it is in one of the caller's workshops, else 403."""
    workshop_for(item["workshop_id"], facilitator_only=True)
    return item


def dimension_for(dimension_id):
    """A dimension of one of the caller's workshops (facilitators only), else 403/404."""
    return _in_reach(dimensions.get_dimension(get_db(), dimension_id))


def element_for(element_id):
    """An element of one of the caller's workshops (facilitators only), else 403/404."""
    return _in_reach(dimensions.get_element(get_db(), element_id))


# The dimension routes and the element routes do the same things one level apart; each
# route loads its object and hands over to one of these, with the level's rules, form and
# answer shape (public_dimension or element_payload).


def _add(level, form_class, parent_id, workshop_id, public):
    form = validate(form_class, json_body())
    item = roster.add_item(
        get_db(), level, parent_id, workshop_id, form_data(form), current_principal().id
    )
    return created(public(item))


def _change(level, form_class, item, public):
    form = validate(form_class, json_body(), partial=True)
    changed = roster.change_item(get_db(), level, item, form_data(form), current_principal().id)
    return jsonify(public(changed))


def _remove(level, item):
    roster.remove_item(get_db(), level, item, current_principal().id)
    return no_content()


def _shift(level, item, public):
    form = validate(MoveForm, json_body())
    moved_item, moved = roster.shift_item(
        get_db(), level, item, form.direction.data, current_principal().id
    )
    return jsonify(dict(public(moved_item), moved=moved))


@bp.get("/workshops/<int:workshop_id>/dimensions")
@doc(
    "The workshop's dimensions with their elements, in order",
    responses={200: "{items: [{id, key, name, name_id, elements: [...]}]}"},
)
@require("facilitator", "participant", "projector")
def list_dimensions(workshop_id):
    """`name` is English, `name_id` Indonesian; participants and the projector may read."""
    workshop_for(workshop_id)
    dims = dimensions.list_dimensions(get_db(), workshop_id)
    return items([public_dimension(d) for d in dims])


@bp.post("/workshops/<int:workshop_id>/dimensions")
@doc(
    "Add a dimension at the end",
    body=DimensionForm,
    responses={201: "dimension", 422: "invalid, or the key is already used"},
)
@require("facilitator")
def create_dimension(workshop_id):
    """Keys are unique in the workshop; sessions and proposals refer to them."""
    workshop_for(workshop_id, facilitator_only=True)
    return _add(roster.DIMENSION, DimensionForm, workshop_id, workshop_id, public_dimension)


@bp.post("/workshops/<int:workshop_id>/dimensions/defaults")
@doc(
    "Add the guide's six dimensions (three elements each) that are missing",
    responses={201: "{items: [dimension added], created: n}", 200: "nothing was missing"},
)
@require("facilitator")
def default_dimensions(workshop_id):
    """Only keys not yet in the list are added, at the end, with their elements."""
    workshop_for(workshop_id, facilitator_only=True)
    dims = roster.load_default_dimensions(get_db(), workshop_id, current_principal().id)
    body = {"items": [public_dimension(d) for d in dims], "created": len(dims)}
    return jsonify(body), 201 if dims else 200


@bp.patch("/dimensions/<int:dimension_id>")
@doc(
    "Change a dimension's key or names",
    body=DimensionForm,
    responses={200: "dimension", 409: "key change while sessions use it (dimension_in_use)"},
)
@require("facilitator")
def update_dimension(dimension_id):
    """Names can always change; the key only while no session or proposal uses it."""
    return _change(roster.DIMENSION, DimensionForm, dimension_for(dimension_id), public_dimension)


@bp.delete("/dimensions/<int:dimension_id>")
@doc(
    "Remove a dimension and its elements",
    responses={204: "deleted", 409: "sessions or proposals use it (dimension_in_use)"},
)
@require("facilitator")
def delete_dimension(dimension_id):
    """Refused while agenda sessions (or proposals) use the dimension."""
    return _remove(roster.DIMENSION, dimension_for(dimension_id))


@bp.post("/dimensions/<int:dimension_id>/move")
@doc(
    "Move a dimension one place up or down",
    body=MoveForm,
    responses={200: "the dimension; moved=false when it was already at that end"},
)
@require("facilitator")
def move_dimension(dimension_id):
    """Swaps it with its neighbour; at the top (or bottom) nothing changes."""
    return _shift(roster.DIMENSION, dimension_for(dimension_id), public_dimension)


@bp.post("/dimensions/<int:dimension_id>/elements")
@doc(
    "Add an element at the end of a dimension",
    body=ElementForm,
    responses={201: "element", 422: "invalid, or the key is already used in this dimension"},
)
@require("facilitator")
def create_element(dimension_id):
    """Keys are unique within their dimension."""
    dim = dimension_for(dimension_id)
    return _add(roster.ELEMENT, ElementForm, dim["id"], dim["workshop_id"], element_payload)


@bp.patch("/elements/<int:element_id>")
@doc(
    "Change an element's key or names",
    body=ElementForm,
    responses={200: "element", 409: "key change while proposals use it (element_in_use)"},
)
@require("facilitator")
def update_element(element_id):
    """Partial update; keys stay unique within the dimension."""
    return _change(roster.ELEMENT, ElementForm, element_for(element_id), element_payload)


@bp.delete("/elements/<int:element_id>")
@doc("Remove an element", responses={204: "deleted", 409: "proposals use it (element_in_use)"})
@require("facilitator")
def delete_element(element_id):
    """Refused while proposals are tagged with the element."""
    return _remove(roster.ELEMENT, element_for(element_id))


@bp.post("/elements/<int:element_id>/move")
@doc(
    "Move an element one place up or down within its dimension",
    body=MoveForm,
    responses={200: "the element; moved=false when it was already at that end"},
)
@require("facilitator")
def move_element(element_id):
    """Swaps it with its neighbour in the same dimension."""
    return _shift(roster.ELEMENT, element_for(element_id), element_payload)
