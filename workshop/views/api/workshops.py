"""Workshops and their facilitators."""

from flask import jsonify
from flask_babel import gettext as _

from ...auth import current_principal, require
from ...db import get_db
from ...errors import ApiError
from ...forms.accounts import FacilitatorAddForm
from ...forms.workshops import WorkshopForm
from ...realtime import broadcast_workshop_updated, disconnect_room, room
from ...store import Conflict, accounts, workshops
from ..access import public_workshop, workshop_for
from .blueprint import bp, created, doc, form_data, items, json_body, validate


def broadcast_workshop_changed(workshop):
    """Every open page of this workshop, and every facilitator's dashboard, refreshes it."""
    broadcast_workshop_updated(
        workshop["id"],
        public_workshop(workshop, facilitator=True),
        public_workshop(workshop, facilitator=False),
        workshops.facilitator_ids(get_db(), workshop["id"]),
    )


@bp.post("/workshops")
@doc("Create a workshop (Bimtek template or empty)", body=WorkshopForm, responses={201: "workshop"})
@require("facilitator")
def create_workshop():
    """The creator becomes its first facilitator."""
    form = validate(WorkshopForm, json_body())
    fields = form_data(form)
    fields["starts_on"] = fields["starts_on"].isoformat()
    principal = current_principal()
    workshop = workshops.create_workshop(
        get_db(), principal.id, fields, template=fields.pop("template") or "bimtek-smart-city"
    )
    broadcast_workshop_changed(workshop)
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
    data = json_body()
    data.pop("template", None)
    form = validate(WorkshopForm, data, partial=True)
    changes = form_data(form)
    if changes.get("starts_on"):
        changes["starts_on"] = changes["starts_on"].isoformat()
    try:
        workshop = workshops.update_workshop(get_db(), workshop_id, changes, current_principal().id)
    except Conflict as e:
        raise ApiError(
            409, _("Move or delete the sessions of the days you remove first."), code=str(e)
        ) from e
    broadcast_workshop_changed(workshop)
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
    db = get_db()
    account = accounts.find_facilitator_by_username(db, form.username.data)
    if account is None:
        raise ApiError(
            422,
            _("Some fields need attention."),
            fields={"username": [_("No facilitator account has this username.")]},
        )
    added = workshops.add_facilitator(db, workshop_id, account["id"], current_principal().id)
    if added:
        broadcast_workshop_updated(
            workshop["id"], public_workshop(workshop, True), None, [account["id"]]
        )
    return jsonify(account), 201 if added else 200


@bp.post("/workshops/<int:workshop_id>/code")
@doc("Replace the join code (the old one stops working)", responses={200: "workshop"})
def regenerate_code(workshop_id):
    """Devices that already joined stay in; new people need the new code."""
    workshop_for(workshop_id, facilitator_only=True)
    workshop = workshops.regenerate_code(get_db(), workshop_id, current_principal().id)
    broadcast_workshop_changed(workshop)
    return jsonify(public_workshop(workshop, True))


@bp.post("/workshops/<int:workshop_id>/projector-key")
@doc("Replace the projector key (the old projector URL stops working)", responses={200: "workshop"})
def regenerate_projector_key(workshop_id):
    """Open projector pages with the old key are disconnected."""
    workshop_for(workshop_id, facilitator_only=True)
    workshop = workshops.regenerate_projector_key(get_db(), workshop_id, current_principal().id)
    disconnect_room(room(workshop_id, "projectors"))
    broadcast_workshop_updated(
        workshop_id,
        public_workshop(workshop, True),
        None,
        workshops.facilitator_ids(get_db(), workshop_id),
    )
    return jsonify(public_workshop(workshop, True))
