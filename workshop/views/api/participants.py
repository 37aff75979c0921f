"""Joining (with the workshop code, or a link code for one's own second device), participants
(rename, merge, revoke a device) and attendance (daftar hadir).

The rules live in rules/participants.py; the participant and facilitator pages call the same
functions.
"""

from flask import jsonify

from ...auth import current_principal, require
from ...db import get_db
from ...forms.participants import JoinForm, LinkJoinForm, MergeParticipantForm, ParticipantForm
from ...rules import participants as rules
from ...store import NotFound, opds, participants
from ..access import workshop_for
from ..joining import (
    current_device_id,
    join_as,
    join_with_link_code,
    workshop_for_code,
)
from .blueprint import bp, created, doc, form_data, items, json_body, validate


@bp.post("/join")
@doc(
    "Join a workshop with its code (no account needed), or add a second device with a link code",
    body=JoinForm,
    responses={
        201: "{participant, token}",
        404: "unknown or expired code (or link code: wrong, used or expired)",
        422: "invalid name or OPD not in this workshop",
        429: "too many wrong codes from this address",
    },
)
def join():
    """The token is the device's credential: send it as a Bearer token from now on.

    With `{"link_code"}` (shown on the person's first device by POST /me/link) instead of
    code, name and opd_id, this device joins as that same person."""
    body = json_body()
    if body.get("link_code") is not None:
        form = validate(LinkJoinForm, body)
        participant, token = join_with_link_code(form.link_code.data)
        return created({"participant": _public(participant), "token": token})
    form = validate(JoinForm, body)
    workshop = workshop_for_code(form.code.data)
    participant, token = join_as(workshop, form.name.data, form.opd_id.data)
    return created({"participant": _public(participant), "token": token})


@bp.post("/me/link")
@doc(
    "A short-lived link code to add one's own second device (participants)",
    responses={201: "{code, expires_at, expires_in}"},
)
@require("participant")
def link_device():
    """Type the code on the other device (join page, or POST /join `{"link_code"}`) within
    ten minutes; it works once, and a new code replaces an unused one."""
    principal = current_principal()
    return created(rules.new_link_code(get_db(), principal.id, current_device_id()))


@bp.get("/join/<code>")
@doc(
    "What a join code opens: the workshop's title and its OPD list",
    responses={200: "{workshop, opds}", 404: "unknown or expired code", 429: "rate limited"},
)
def join_info(code):
    """Lets an app show the OPD list before joining (counts as a failure when wrong)."""
    workshop = workshop_for_code(code)
    return jsonify(
        {
            "workshop": {k: workshop[k] for k in ("id", "title", "city", "starts_on", "days")},
            "opds": [
                {"id": o["id"], "code": o["code"], "name": o["name"]}
                for o in opds.list_opds(get_db(), workshop["id"])
            ],
        }
    )


def _public(participant):
    return {k: participant[k] for k in ("id", "name", "opd_id", "workshop_id")}


def _participant_in_reach(participant_id):
    """A participant of a workshop the facilitator runs, else 404."""
    participant = participants.get_participant(get_db(), participant_id)
    workshop_for(participant["workshop_id"], facilitator_only=True)
    return participant


@bp.get("/workshops/<int:workshop_id>/participants")
@doc(
    "A workshop's participants with OPD, device count and joined_in_burst (how many joined"
    " from one device in a row, when 3 or more did)",
    responses={200: "{items}"},
)
@require("facilitator")
def list_participants(workshop_id):
    """Facilitators only: names are not shown to other participants here."""
    workshop_for(workshop_id, facilitator_only=True)
    db = get_db()
    bursts = rules.join_bursts(db, workshop_id)
    return items(
        [
            {**p, "joined_in_burst": bursts.get(p["id"])}
            for p in participants.list_participants(db, workshop_id)
        ]
    )


@bp.patch("/participants/<int:participant_id>")
@doc("Rename a participant or move them to another OPD", body=ParticipantForm)
@require("facilitator")
def update_participant(participant_id):
    """A facilitator's correction (typos, wrong OPD chosen at the door)."""
    current = _participant_in_reach(participant_id)
    form = validate(ParticipantForm, json_body(), partial=True)
    updated = rules.change(get_db(), current, form_data(form), current_principal().id)
    return jsonify(updated)


@bp.post("/participants/<int:participant_id>/merge")
@doc(
    "Merge a duplicate participant into another (attendance and proposals move over; "
    "the duplicate's devices are revoked, never moved)",
    body=MergeParticipantForm,
    responses={200: "the surviving participant", 409: "already merged or the same person"},
)
@require("facilitator")
def merge_participant(participant_id):
    """Someone joined twice (new phone, cleared browser): keep one row, the one whose
    device the person holds now. The duplicate's named ballots are removed (the kept
    person's stand); anonymous and OPD ballots stay as cast."""
    duplicate = _participant_in_reach(participant_id)
    form = validate(MergeParticipantForm, json_body())
    survivor = rules.merge(get_db(), duplicate, form.into.data, current_principal().id)
    return jsonify(survivor)


@bp.get("/participants/<int:participant_id>/devices")
@doc("A participant's devices (tokens are never shown)", responses={200: "{items}"})
@require("facilitator")
def list_devices(participant_id):
    """When each device joined and was last seen; revoked ones are marked."""
    _participant_in_reach(participant_id)
    return items(participants.list_devices(get_db(), participant_id))


@bp.post("/devices/<int:device_id>/revoke")
@doc("Revoke a device: its token stops working at once", responses={200: "{id, revoked}"})
@require("facilitator")
def revoke_device(device_id):
    """A lost phone, or a device that should not be in the room."""
    db = get_db()
    workshop_id = participants.device_workshop_id(db, device_id)
    if workshop_id is None:
        raise NotFound("device")
    workshop_for(workshop_id, facilitator_only=True)
    participant_id = rules.revoke_device(db, device_id, workshop_id, current_principal().id)
    return jsonify({"id": device_id, "revoked": True, "participant_id": participant_id})


@bp.get("/workshops/<int:workshop_id>/attendance")
@doc("Attendance (daftar hadir) per day and per OPD", responses={200: "{items: [day]}"})
@require("facilitator")
def attendance(workshop_id):
    """Who was present on which day, grouped by OPD; days without anyone are listed too."""
    workshop = workshop_for(workshop_id, facilitator_only=True)
    return items(rules.attendance_by_day(get_db(), workshop))
