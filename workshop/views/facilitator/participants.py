"""Participants and attendance (daftar hadir), and the join screen for the projector."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...auth import current_principal, login_required
from ...db import get_db
from ...errors import ApiError
from ...forms.participants import MergeParticipantForm, ParticipantForm
from ...realtime import broadcast_participant_updated, disconnect_participant
from ...store import Conflict, NotFound, participants, roster
from ..access import public_workshop, workshop_for
from ..api.participants import attendance_by_day
from ..joining import hall_urls, join_url
from .blueprint import bp


def _page(ws, status=200, errors=None):
    db = get_db()
    people = participants.list_participants(db, ws["id"])
    devices = {p["id"]: participants.list_devices(db, p["id"]) for p in people}
    return render_template(
        "facilitator/participants.html",
        workshop=public_workshop(ws, True),
        people=people,
        devices=devices,
        opds=roster.list_opds(db, ws["id"]),
        attendance=attendance_by_day(ws),
        errors=errors or {},
    ), status


@bp.get("/workshops/<int:workshop_id>/participants", endpoint="participants")
@login_required
def participants_page(workshop_id):
    """Who joined, from which OPD, on which days; rename, merge and revoke."""
    return _page(workshop_for(workshop_id, facilitator_only=True))


def _participant(ws, participant_id):
    try:
        return participants.get_participant(get_db(), participant_id, ws["id"])
    except NotFound as e:
        raise ApiError(404, _("Not found.")) from e


@bp.post("/workshops/<int:workshop_id>/participants/<int:participant_id>")
@login_required
def rename_participant(workshop_id, participant_id):
    """No-JavaScript twin of PATCH /api/v1/participants/{id}."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    _participant(ws, participant_id)
    form = ParticipantForm()
    if form.validate():
        try:
            roster.get_opd(get_db(), form.opd_id.data, ws["id"])
        except NotFound:
            form.opd_id.errors = [_("Choose an OPD from this workshop's list.")]
        else:
            updated = participants.update_participant(
                get_db(),
                participant_id,
                {"name": form.name.data, "opd_id": form.opd_id.data},
                current_principal().id,
            )
            broadcast_participant_updated(updated)
            flash(_("Saved."))
            return redirect(url_for(".participants", workshop_id=workshop_id))
    return _page(ws, 422, {participant_id: form.errors})


@bp.post("/workshops/<int:workshop_id>/participants/<int:participant_id>/merge")
@login_required
def merge_participant(workshop_id, participant_id):
    """No-JavaScript twin of POST /api/v1/participants/{id}/merge."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    _participant(ws, participant_id)
    form = MergeParticipantForm()
    if form.validate():
        try:
            _participant(ws, form.into.data)
            survivor = participants.merge_participants(
                get_db(), participant_id, form.into.data, current_principal().id
            )
        except (ApiError, Conflict):
            form.into.errors = [_("Choose another participant of this workshop.")]
        else:
            broadcast_participant_updated(survivor)
            flash(_("Merged into %(name)s.", name=survivor["name"]))
            return redirect(url_for(".participants", workshop_id=workshop_id))
    return _page(ws, 422, {participant_id: form.errors})


@bp.post("/workshops/<int:workshop_id>/devices/<int:device_id>/revoke")
@login_required
def revoke_device(workshop_id, device_id):
    """No-JavaScript twin of POST /api/v1/devices/{id}/revoke."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    participant_id = participants.revoke_device(
        get_db(), device_id, ws["id"], current_principal().id
    )
    disconnect_participant(participant_id)
    broadcast_participant_updated(participants.get_participant(get_db(), participant_id))
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
