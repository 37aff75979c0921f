"""The OPD roster of a workshop: read, add, import from CSV, change, delete.

The rules (unique short names, all-or-nothing imports, no deleting an OPD people belong to)
live in rules/roster.py and rules/opd_csv.py; the roster page calls the same functions.
"""

from flask import jsonify

from ...auth import current_principal, require
from ...db import get_db
from ...forms.roster import OpdForm
from ...rules import roster
from ...store import opds
from ..access import workshop_for
from ..payloads import uploaded_csv
from .blueprint import bp, created, doc, form_data, items, json_body, no_content, validate


def public_opd(opd):
    """An OPD as the API returns it."""
    return {"id": opd["id"], "code": opd["code"], "name": opd["name"]}


def opd_for(opd_id):
    """An OPD of one of the caller's workshops (facilitators only), else 403/404."""
    opd = opds.get_opd(get_db(), opd_id)
    workshop_for(opd["workshop_id"], facilitator_only=True)
    return opd


@bp.get("/workshops/<int:workshop_id>/opds")
@doc("The workshop's OPD roster", responses={200: "{items: [{id, code, name}]}"})
@require("facilitator", "participant", "projector")
def list_opds(workshop_id):
    """Facilitators, the workshop's participants and its projector may read it."""
    workshop_for(workshop_id)
    return items([public_opd(o) for o in opds.list_opds(get_db(), workshop_id)])


@bp.post("/workshops/<int:workshop_id>/opds")
@doc(
    "Add an OPD to the roster",
    body=OpdForm,
    responses={201: "OPD", 422: "invalid, or the short name is already in the roster"},
)
@require("facilitator")
def create_opd(workshop_id):
    """The short name is unique in the workshop, whatever its letter case."""
    workshop_for(workshop_id, facilitator_only=True)
    form = validate(OpdForm, json_body())
    return created(
        public_opd(roster.add_opd(get_db(), workshop_id, form_data(form), current_principal().id))
    )


@bp.post("/workshops/<int:workshop_id>/opds/import")
@doc(
    "Import OPDs from a CSV file (all rows or none)",
    body="text/csv",
    responses={
        201: "{items: [OPD], created: n}",
        413: "larger than the upload limit",
        415: "neither text/csv nor a multipart file",
        422: "nothing imported; error.fields.rows lists the problems row by row",
    },
)
@require("facilitator")
def import_opds(workshop_id):
    """Header code,name; UTF-8 with or without BOM; ',' or ';' separated; at most 500 rows."""
    workshop_for(workshop_id, facilitator_only=True)
    added = roster.import_opd_csv(get_db(), workshop_id, uploaded_csv(), current_principal().id)
    return jsonify({"items": [public_opd(o) for o in added], "created": len(added)}), 201


@bp.post("/workshops/<int:workshop_id>/opds/defaults")
@doc(
    "Add the default OPDs of a kota that are missing",
    responses={201: "{items: [OPD added], created: n}", 200: "nothing was missing"},
)
@require("facilitator")
def default_opds(workshop_id):
    """Only short names not yet in the roster are added; existing rows stay as they are."""
    workshop_for(workshop_id, facilitator_only=True)
    added = roster.load_default_opds(get_db(), workshop_id, current_principal().id)
    body = {"items": [public_opd(o) for o in added], "created": len(added)}
    return jsonify(body), 201 if added else 200


@bp.patch("/opds/<int:opd_id>")
@doc("Change an OPD's short or full name", body=OpdForm, responses={200: "OPD"})
@require("facilitator")
def update_opd(opd_id):
    """Partial update; the short name stays unique in the workshop."""
    opd = opd_for(opd_id)
    form = validate(OpdForm, json_body(), partial=True)
    return jsonify(
        public_opd(roster.change_opd(get_db(), opd, form_data(form), current_principal().id))
    )


@bp.delete("/opds/<int:opd_id>")
@doc(
    "Remove an OPD from the roster",
    responses={204: "deleted", 409: "participants still belong to it (opd_in_use)"},
)
@require("facilitator")
def delete_opd(opd_id):
    """Refused while participants belong to it: move them to another OPD first."""
    roster.remove_opd(get_db(), opd_for(opd_id), current_principal().id)
    return no_content()
