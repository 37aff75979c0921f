"""Workshops: create from a template, change their facts, co-facilitators, join code and
projector key.

After each committed change every facilitator's open pages (dashboards too) get the full
workshop and the hall the public one (workshop_updated). The JSON API and the facilitator
pages call these same functions.
"""

from flask_babel import gettext as _

from ..forms.workshops import period_problem
from ..realtime import broadcast_workshop_updated, disconnect_room, room
from ..store import Conflict as StoreConflict
from ..store import accounts, workshops
from . import Conflict, field_error
from .stages import check_dates_follow_stages, check_stages

DEFAULT_TEMPLATE = "bimtek-smart-city"


def public_workshop(workshop, facilitator):
    """The workshop as the API and the pages show it; the projector key only to facilitators."""
    data = {
        key: workshop[key]
        for key in ("id", "title", "city", "year", "venue", "starts_on", "days", "template")
    }
    data["timezone"] = workshop.get("timezone") or "WIB"
    data["period_start"] = workshop.get("period_start")
    data["period_end"] = workshop.get("period_end")
    data["ends_on"] = workshops.ends_on(workshop).isoformat()
    data["stages"] = workshops.stages_of(workshop)
    data["open_between_until"] = workshop.get("open_between_until")
    data["valid_until"] = workshops.valid_until(workshop).isoformat()
    data["code"] = workshop["code"]
    if facilitator:
        data["projector_key"] = workshop["projector_key"]
        data["created_at"] = workshop["created_at"]
        data["updated_at"] = workshop["updated_at"]
    return data


def broadcast_changed(db, workshop):
    """Every open page of this workshop, and every facilitator's dashboard, refreshes it."""
    broadcast_workshop_updated(
        workshop["id"],
        public_workshop(workshop, facilitator=True),
        public_workshop(workshop, facilitator=False),
        workshops.facilitator_ids(db, workshop["id"]),
    )


def _stored(fields):
    """Form data → the store's shape (dates as ISO text)."""
    fields = dict(fields)
    for key in ("starts_on", "open_between_until"):
        if fields.get(key):
            fields[key] = fields[key].isoformat()
    if fields.get("stages") is not None:
        fields["stages"] = check_stages(fields["stages"])
    return fields


def create(db, facilitator_id, fields):
    """A new workshop filled from its template (Bimtek by default); the creator runs it."""
    fields = _stored(fields)
    template = fields.pop("template", None) or DEFAULT_TEMPLATE
    workshop = workshops.create_workshop(db, facilitator_id, fields, template=template)
    broadcast_changed(db, workshop)
    return workshop


def check_period(workshop, changes):
    """The planning period as it will be (sent years over stored ones): end ≥ start, at most
    ten years; 422 on the field that was sent."""
    start = changes["period_start"] if "period_start" in changes else workshop["period_start"]
    end = changes["period_end"] if "period_end" in changes else workshop["period_end"]
    message = period_problem(start, end)
    if message:
        raise field_error("period_end" if "period_end" in changes else "period_start", message)


def update(db, workshop_id, changes, actor_id):
    """Change workshop facts; 409 when removed days still hold sessions."""
    changes = _stored(changes)
    changes.pop("template", None)
    check_dates_follow_stages(workshops.get_workshop(db, workshop_id), changes)
    stages = changes.pop("stages", None)
    if stages:
        changes.pop("starts_on", None)
        changes.pop("days", None)
    if "timezone" in changes:
        changes["timezone"] = changes["timezone"] or "WIB"
    try:
        with db.atomic():
            check_period(workshops.get_workshop(db, workshop_id), changes)
            if stages is not None:
                workshops.set_stages(db, workshop_id, stages, actor_id)
            workshop = workshops.update_workshop(db, workshop_id, changes, actor_id)
    except StoreConflict as e:
        raise Conflict(
            _("Move or delete the sessions of the days you remove first."), code=str(e)
        ) from e
    broadcast_changed(db, workshop)
    return workshop


def add_facilitator(db, workshop, username, actor_id):
    """Make an existing account a co-facilitator (or, for a `viewer` account, a read-only
    member of the workshop): (account, added); 422 for an unknown name.

    Only the new facilitator's dashboard needs to hear of it (the workshop itself did not
    change for anyone else).
    """
    account = accounts.find_facilitator_by_username(db, username)
    if account is None:
        raise field_error("username", _("No facilitator account has this username."))
    added = workshops.add_facilitator(db, workshop["id"], account["id"], actor_id)
    if added:
        broadcast_workshop_updated(
            workshop["id"], public_workshop(workshop, True), None, [account["id"]]
        )
    return account, added


def replace_code(db, workshop_id, actor_id):
    """A new join code (the old one stops working; devices that joined stay in)."""
    workshop = workshops.regenerate_code(db, workshop_id, actor_id)
    broadcast_changed(db, workshop)
    return workshop


def replace_projector_key(db, workshop_id, actor_id):
    """A new projector key: projector pages with the old one are disconnected at once."""
    workshop = workshops.regenerate_projector_key(db, workshop_id, actor_id)
    disconnect_room(room(workshop_id, "projectors"))
    broadcast_workshop_updated(
        workshop_id,
        public_workshop(workshop, True),
        None,
        workshops.facilitator_ids(db, workshop_id),
    )
    return workshop
