"""Participants: joining with a code, a facilitator's corrections (rename, another OPD),
merging a duplicate into the person it duplicates, revoking a device, and a person adding
their own second device with a link code.

Only the person can add a device to their identity (issue 12): a facilitator's merge moves
records (attendance, proposals) but revokes the duplicate's devices instead of moving them.

After each committed change the facilitators' pages hear of it (participant_joined,
participant_updated); a revoked device is disconnected at once. The JSON API and the pages
call these same functions.
"""

import datetime
import hashlib
import hmac
import secrets

from flask import current_app
from flask_babel import gettext as _

from ..live_results import request_open_polls
from ..realtime import (
    broadcast_participant_joined,
    broadcast_participant_updated,
    disconnect_participant,
)
from ..store import Conflict as StoreConflict
from ..store import agenda, participants, workshops
from . import Conflict, DomainError, field_error
from .roster import check_opd

# A link code: this many characters of the join code's unambiguous alphabet, valid this long.
LINK_CODE_LENGTH = 8
LINK_CODE_MINUTES = 10


class LinkCodeRejected(DomainError):
    """A link code that is unknown, used or expired (404 on the field `link_code`)."""

    status = 404
    code = "link_code_unknown"

    def __init__(self):
        message = _("This link code is not valid (wrong, used or expired). Show a new one.")
        super().__init__(message, fields={"link_code": [message]})


# Joins from one device address that the participants page flags: at least BURST_SIZE,
# each within BURST_MINUTES of the one before.
BURST_SIZE = 3
BURST_MINUTES = 10


def join(db, workshop, name, opd_id, label="", source=None):
    """A new participant with its first device: (participant, token); 422 for an OPD of
    another workshop. Open polls push fresh results, as turnout counts joined people.
    `source` (a keyed hash of the joining address) lets join_bursts group people."""
    with db.atomic():
        check_opd(db, workshop["id"], opd_id)
        participant, token = participants.join(
            db, workshop["id"], name, opd_id, label=label, source=source
        )
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

    Attendance and proposals move over; the duplicate's devices are revoked and cut off
    (never moved: a device gets someone's identity only from that person's link code); the
    duplicate's named ballots go, the survivor's stand (store.participants.merge_participants
    says why anonymous ballots stay). 422 on `into` for someone of another workshop; 409 when
    either was merged already or both are the same person.
    """
    try:
        with db.atomic():
            try:
                participants.get_participant(db, into_id, duplicate["workshop_id"])
            except LookupError as e:
                raise field_error("into", _("Choose a participant of this workshop.")) from e
            survivor, _done = participants.merge_participants(
                db, duplicate["id"], into_id, actor_id
            )
    except StoreConflict as e:
        raise Conflict(_("These participants cannot be merged."), code=str(e)) from e
    disconnect_participant(duplicate["id"])
    request_open_polls(current_app, db, duplicate["workshop_id"])
    broadcast_participant_updated(survivor)
    broadcast_participant_updated(participants.get_participant(db, duplicate["id"]))
    return survivor


def _link_hash(code):
    # Keyed with the secret key: a copy of the store alone cannot try all codes offline.
    secret = current_app.config["SECRET_KEY"].encode()
    normal = workshops.normalize_code(code)
    return hmac.new(secret, f"link:{normal}".encode(), hashlib.sha256).hexdigest()


def new_link_code(db, participant_id, device_id):
    """A fresh link code for a participant, shown on the device `device_id` they hold:
    {"code", "expires_at", "expires_in"}. It replaces their unused ones and works once."""
    lifetime = datetime.timedelta(minutes=LINK_CODE_MINUTES)
    expires = datetime.datetime.now(datetime.UTC).replace(microsecond=0) + lifetime
    expires_at = expires.isoformat().replace("+00:00", "Z")
    while True:
        code = "".join(secrets.choice(workshops.CODE_ALPHABET) for _ in range(LINK_CODE_LENGTH))
        if participants.create_link_code(
            db, participant_id, device_id, _link_hash(code), expires_at
        ):
            seconds = int(lifetime.total_seconds())
            return {"code": code, "expires_at": expires_at, "expires_in": seconds}


def join_with_link_code(db, code, label=""):
    """Add this device to the person whose link code it is: (participant, token), as a join
    answers. LinkCodeRejected when the code is unknown, used or expired."""
    participant, token = participants.use_link_code(db, _link_hash(code or ""), label)
    if participant is None:
        raise LinkCodeRejected()
    broadcast_participant_updated(participant)
    return participant, token


def revoke_device(db, device_id, workshop_id, actor_id):
    """Stop a device's token at once and disconnect it: the participant's id."""
    participant_id = participants.revoke_device(db, device_id, workshop_id, actor_id)
    disconnect_participant(participant_id)
    broadcast_participant_updated(participants.get_participant(db, participant_id))
    return participant_id


def attendance_by_day(db, workshop):
    """Days of the workshop (with their stage, issue 17) → OPDs → participants present (first
    seen that day)."""
    rows = participants.attendance(db, workshop["id"])
    stages = {d["number"]: d["stage"] for d in agenda.list_days(db, workshop["id"])}
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
                "stage": stages.get(number, ""),
                "total": sum(o["count"] for o in opd_list),
                "opds": opd_list,
            }
        )
    return days


def join_bursts(db, workshop_id, within_minutes=BURST_MINUTES, at_least=BURST_SIZE):
    """{participant id: size of its burst} for people who joined from one device address
    in a run of at least `at_least`, each within `within_minutes` of the previous one: a
    hint for the facilitator that someone may have made up participants (issue 12)."""
    bursts, run = {}, []

    def close_run():
        if len(run) >= at_least:
            bursts.update({pid: len(run) for pid in run})

    previous = None
    for row in participants.list_join_sources(db, workshop_id):
        moment = datetime.datetime.fromisoformat(row["created_at"].replace("Z", "+00:00"))
        same = previous is not None and previous[0] == row["join_source"]
        if not same or moment - previous[1] > datetime.timedelta(minutes=within_minutes):
            close_run()
            run = []
        run.append(row["id"])
        previous = (row["join_source"], moment)
    close_run()
    return bursts


def name_key(name):
    """A name as people may type it twice: case, spacing and punctuation ignored."""
    letters = "".join(ch if ch.isalnum() else " " for ch in name.casefold())
    return " ".join(letters.split())


def likely_duplicates(people):
    """Groups of participants (from store.participants.list_participants) with the same
    normalised name and OPD — one person who joined from two browsers (issue 16 item 7).
    In each group the most recently seen comes first: the record to keep, as its device is
    the one the person holds now."""
    groups = {}
    for p in people:
        groups.setdefault((p["opd_id"], name_key(p["name"])), []).append(p)
    found = [
        sorted(group, key=lambda p: (p["last_seen_at"] or "", p["id"]), reverse=True)
        for group in groups.values()
        if len(group) > 1
    ]
    return sorted(found, key=lambda g: (g[0]["opd_code"].casefold(), name_key(g[0]["name"])))
