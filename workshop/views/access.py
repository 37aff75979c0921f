"""Loading objects on behalf of a caller: anything outside their reach is 404."""

from flask_babel import gettext as _

from ..auth import can_access_workshop, current_principal
from ..db import get_db
from ..errors import ApiError
from ..rules.polls import expire
from ..store import NotFound, polls, workshops


def workshop_for(workshop_id, facilitator_only=False):
    """The workshop if the caller may see it (facilitators: theirs; others: their own)."""
    principal = current_principal()
    if principal.kind == "anonymous":
        raise ApiError(401, _("Please log in (or send a valid token)."))
    if facilitator_only and principal.kind != "facilitator":
        raise ApiError(403, _("Only facilitators can do this."))
    if not can_access_workshop(principal, workshop_id):
        raise NotFound("workshop")
    return workshops.get_workshop(get_db(), workshop_id)


def public_workshop(workshop, facilitator):
    """The workshop as the API returns it; the projector key only to facilitators."""
    data = {
        key: workshop[key]
        for key in ("id", "title", "city", "year", "venue", "starts_on", "days", "template")
    }
    data["ends_on"] = workshops.ends_on(workshop).isoformat()
    data["code"] = workshop["code"]
    if facilitator:
        data["projector_key"] = workshop["projector_key"]
        data["created_at"] = workshop["created_at"]
        data["updated_at"] = workshop["updated_at"]
    return data


def poll_in_reach(poll_id, facilitator_only=False):
    """(workshop, poll) for a caller who may see it; closes a poll whose timer ran out."""
    db = get_db()
    poll = polls.get_poll(db, poll_id)
    workshop = workshop_for(poll["workshop_id"], facilitator_only=facilitator_only)
    return workshop, expire(db, poll)
