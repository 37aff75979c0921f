"""Workshops and their facilitators (the rules live in rules/workshops.py)."""

from flask import jsonify

from ...auth import current_principal, require
from ...db import get_db
from ...forms.accounts import FacilitatorAddForm
from ...forms.workshops import StageForm, WorkshopForm
from ...rules import workshops as rules
from ...store import workshops
from ..access import public_workshop, workshop_for
from ..payloads import validate_list
from .blueprint import bp, created, doc, form_data, items, json_body, validate

# A body without `stages` leaves them as they are.
_UNSET = object()


def _with_stages(data):
    """Split the JSON body: (the rest, the validated stages or _UNSET). A workshop created
    with stages needs no `starts_on`: the first stage's first day is taken."""
    data = dict(data)
    stages = data.pop("stages", _UNSET)
    if stages is _UNSET or stages is None:
        return data, _UNSET if stages is _UNSET else []
    stages = validate_list(StageForm, stages, "stages")
    if stages and "starts_on" not in data:
        data["starts_on"] = stages[0]["starts_on"].isoformat()
    return data, stages


@bp.post("/workshops")
@doc("Create a workshop (Bimtek template or empty)", body=WorkshopForm, responses={201: "workshop"})
@require("facilitator")
def create_workshop():
    """The creator becomes its first facilitator."""
    data, stages = _with_stages(json_body())
    form = validate(WorkshopForm, data)
    fields = form_data(form)
    if stages is not _UNSET:
        fields["stages"] = stages
    workshop = rules.create(get_db(), current_principal().id, fields)
    return created(public_workshop(workshop, True))


@bp.get("/workshops")
@doc("The workshops the caller may see", responses={200: "{items: [workshop]}"})
@require("facilitator", "participant", "projector")
def list_workshops():
    """Facilitators: theirs (admins: all). Participants and projectors: their own."""
    principal = current_principal()
    db = get_db()
    if principal.kind == "facilitator":
        rows = workshops.list_workshops(db, principal.id, principal.is_admin)
    else:
        rows = [workshops.get_workshop(db, principal.workshop_id)]
    return items([public_workshop(w, principal.is_facilitator) for w in rows])


@bp.get("/workshops/<int:workshop_id>")
@doc("One workshop", responses={200: "workshop", 404: "not found or not yours"})
def get_workshop(workshop_id):
    """Participants may read their own workshop; the projector key only reaches facilitators."""
    return jsonify(public_workshop(workshop_for(workshop_id), current_principal().is_facilitator))


@bp.patch("/workshops/<int:workshop_id>")
@doc("Change workshop facts", body=WorkshopForm, responses={200: "workshop"})
def update_workshop(workshop_id):
    """Partial update; removing days that still hold sessions is refused (409)."""
    workshop_for(workshop_id, facilitator_only=True)
    data, stages = _with_stages(json_body())
    data.pop("template", None)
    if stages:
        data.pop("starts_on", None)
    form = validate(WorkshopForm, data, partial=True)
    fields = form_data(form)
    if stages is not _UNSET:
        fields["stages"] = stages
    workshop = rules.update(get_db(), workshop_id, fields, current_principal().id)
    return jsonify(public_workshop(workshop, True))


@bp.get("/workshops/<int:workshop_id>/facilitators")
@doc("The workshop's facilitators", responses={200: "{items: [{id, username}]}"})
def list_facilitators(workshop_id):
    """Who else runs this workshop."""
    workshop_for(workshop_id, facilitator_only=True)
    return items(workshops.list_workshop_facilitators(get_db(), workshop_id))


@bp.post("/workshops/<int:workshop_id>/facilitators")
@doc("Add a co-facilitator by username", body=FacilitatorAddForm, responses={201: "facilitator"})
def add_facilitator(workshop_id):
    """The account must exist (created with `workshop facilitator add`)."""
    workshop = workshop_for(workshop_id, facilitator_only=True)
    form = validate(FacilitatorAddForm, json_body())
    account, added = rules.add_facilitator(
        get_db(), workshop, form.username.data, current_principal().id
    )
    return jsonify(account), 201 if added else 200


@bp.post("/workshops/<int:workshop_id>/code")
@doc("Replace the join code (the old one stops working)", responses={200: "workshop"})
def regenerate_code(workshop_id):
    """Devices that already joined stay in; new people need the new code."""
    workshop_for(workshop_id, facilitator_only=True)
    workshop = rules.replace_code(get_db(), workshop_id, current_principal().id)
    return jsonify(public_workshop(workshop, True))


@bp.post("/workshops/<int:workshop_id>/projector-key")
@doc("Replace the projector key (the old projector URL stops working)", responses={200: "workshop"})
def regenerate_projector_key(workshop_id):
    """Open projector pages with the old key are disconnected."""
    workshop_for(workshop_id, facilitator_only=True)
    workshop = rules.replace_projector_key(get_db(), workshop_id, current_principal().id)
    return jsonify(public_workshop(workshop, True))
