"""Participants: joining with a code, a facilitator's corrections (rename, another OPD),
merging a duplicate into the person it duplicates, revoking a device.

After each committed change the facilitators' pages hear of it (participant_joined,
participant_updated); a revoked device is disconnected at once. The JSON API and the pages
call these same functions.
"""

from flask import current_app
from flask_babel import gettext as _

from ..live_results import request_open_polls
from ..realtime import (
    broadcast_participant_joined,
    broadcast_participant_updated,
    disconnect_participant,
)
from ..store import Conflict as StoreConflict
from ..store import participants, workshops
from . import Conflict, field_error
from .roster import check_opd


def join(db, workshop, name, opd_id, label=""):
    """A new participant with its first device: (participant, token); 422 for an OPD of
    another workshop. Open polls push fresh results, as turnout counts joined people."""
    with db.atomic():
        check_opd(db, workshop["id"], opd_id)
        participant, token = participants.join(db, workshop["id"], name, opd_id, label=label)
    request_open_polls(current_app, db, workshop["id"])
    broadcast_participant_joined(participant)
    return participant, token


def change(db, participant, changes, actor_id):
    """Rename a participant or move them to another OPD of their workshop (422 otherwise)."""
    with db.atomic():
        if "opd_id" in changes:
            check_opd(db, participant["workshop_id"], changes["opd_id"])
        updated = participants.update_participant(db, participant["id"], changes, actor_id)
    broadcast_participant_updated(updated)
    return updated


def merge(db, duplicate, into_id, actor_id):
    """Fold a duplicate into another participant of the same workshop: the survivor.

    422 on `into` for someone of another workshop; 409 when either was merged already or
    both are the same person.
    """
    try:
        with db.atomic():
            try:
                participants.get_participant(db, into_id, duplicate["workshop_id"])
            except LookupError as e:
                raise field_error("into", _("Choose a participant of this workshop.")) from e
            survivor = participants.merge_participants(db, duplicate["id"], into_id, actor_id)
    except StoreConflict as e:
        raise Conflict(_("These participants cannot be merged."), code=str(e)) from e
    broadcast_participant_updated(survivor)
    broadcast_participant_updated(participants.get_participant(db, duplicate["id"]))
    return survivor


def revoke_device(db, device_id, workshop_id, actor_id):
    """Stop a device's token at once and disconnect it: the participant's id."""
    participant_id = participants.revoke_device(db, device_id, workshop_id, actor_id)
    disconnect_participant(participant_id)
    broadcast_participant_updated(participants.get_participant(db, participant_id))
    return participant_id


def attendance_by_day(db, workshop):
    """Days of the workshop → OPDs → participants present (first seen that day)."""
    rows = participants.attendance(db, workshop["id"])
    days = []
    for number in range(1, workshop["days"] + 1):
        date = workshops.day_date(workshop, number).isoformat()
        opds = {}
        for row in rows:
            if row["on_date"] != date:
                continue
            opd = opds.setdefault(
                row["opd_id"],
                {
                    "opd_id": row["opd_id"],
                    "code": row["opd_code"],
                    "name": row["opd_name"],
                    "participants": [],
                },
            )
            opd["participants"].append(
                {
                    "id": row["participant_id"],
                    "name": row["name"],
                    "first_seen_at": row["first_seen_at"],
                }
            )
        opd_list = list(opds.values())
        for opd in opd_list:
            opd["count"] = len(opd["participants"])
        days.append(
            {
                "day": number,
                "date": date,
                "total": sum(o["count"] for o in opd_list),
                "opds": opd_list,
            }
        )
    return days
