"""Participants and attendance (daftar hadir), and the join screen for the projector."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...auth import current_principal, login_required
from ...db import get_db
from ...forms.participants import MergeParticipantForm, ParticipantForm
from ...rules import DomainError
from ...rules import participants as rules
from ...store import opds, participants
from ..access import public_workshop, workshop_for
from ..joining import hall_urls, join_url
from ..payloads import place_errors
from .blueprint import bp


def _page(ws, status=200, errors=None):
    db = get_db()
    people = participants.list_participants(db, ws["id"])
    devices = {p["id"]: participants.list_devices(db, p["id"]) for p in people}
    return render_template(
        "facilitator/participants.html",
        workshop=public_workshop(ws, True),
        people=people,
        duplicates=rules.likely_duplicates(people),
        devices=devices,
        opds=opds.list_opds(db, ws["id"]),
        attendance=rules.attendance_by_day(db, ws),
        bursts=rules.join_bursts(db, ws["id"]),
        burst_minutes=rules.BURST_MINUTES,
        errors=errors or {},
    ), status


@bp.get("/workshops/<int:workshop_id>/participants", endpoint="participants")
@login_required
def participants_page(workshop_id):
    """Who joined, from which OPD, on which days; rename, merge and revoke."""
    return _page(workshop_for(workshop_id, facilitator_only=True))


def _participant(ws, participant_id):
    """A participant of this workshop, else 404."""
    return participants.get_participant(get_db(), participant_id, ws["id"])


@bp.post("/workshops/<int:workshop_id>/participants/<int:participant_id>")
@login_required
def rename_participant(workshop_id, participant_id):
    """No-JavaScript twin of PATCH /api/v1/participants/{id}."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    participant = _participant(ws, participant_id)
    form = ParticipantForm()
    if form.validate():
        changes = {"name": form.name.data, "opd_id": form.opd_id.data}
        try:
            rules.change(get_db(), participant, changes, current_principal().id)
        except DomainError as e:
            place_errors(form, e)
        else:
            flash(_("Saved."))
            return redirect(url_for(".participants", workshop_id=workshop_id))
    return _page(ws, 422, {participant_id: form.errors})


@bp.post("/workshops/<int:workshop_id>/participants/<int:participant_id>/merge")
@login_required
def merge_participant(workshop_id, participant_id):
    """No-JavaScript twin of POST /api/v1/participants/{id}/merge."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    duplicate = _participant(ws, participant_id)
    form = MergeParticipantForm()
    if form.validate():
        try:
            survivor = rules.merge(get_db(), duplicate, form.into.data, current_principal().id)
        except DomainError:
            form.into.errors = [_("Choose another participant of this workshop.")]
        else:
            flash(_("Merged into %(name)s.", name=survivor["name"]))
            return redirect(url_for(".participants", workshop_id=workshop_id))
    return _page(ws, 422, {participant_id: form.errors})


@bp.post("/workshops/<int:workshop_id>/devices/<int:device_id>/revoke")
@login_required
def revoke_device(workshop_id, device_id):
    """No-JavaScript twin of POST /api/v1/devices/{id}/revoke."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    rules.revoke_device(get_db(), device_id, ws["id"], current_principal().id)
    flash(_("The device was revoked."))
    return redirect(request.referrer or url_for(".participants", workshop_id=workshop_id))


@bp.get("/workshops/<int:workshop_id>/join-screen")
@login_required
def join_screen(workshop_id):
    """Full-screen QR, code and the hall's addresses, to put on the projector."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    urls = hall_urls()
    return render_template(
        "facilitator/join_screen.html",
        workshop=public_workshop(ws, True),
        urls=urls,
        join_link=join_url(ws["code"], urls[0]),
    )
