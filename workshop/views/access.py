"""Loading objects on behalf of a caller: anything outside their reach is 404.

`public_workshop` (rules/workshops.py) is importable from here too, as every page uses it.
"""

from flask_babel import gettext as _

from ..auth import can_access_workshop, current_principal
from ..db import get_db
from ..errors import ApiError
from ..rules.polls import expire
from ..rules.workshops import public_workshop
from ..store import NotFound, agenda, polls, workshops

__all__ = ["poll_in_reach", "public_workshop", "session_in_reach", "workshop_for"]


def check_reach(workshop_id, facilitator_only=False):
    """Refuse a caller outside this workshop (404), or not a facilitator when it must be one.

    Reach is checked before the role: someone outside the workshop gets 404 whether or not
    the id exists, and only its own participants and projector learn (403) that a
    facilitator-only object is there (issue 12: 403 vs 404 told outsiders which ids exist).
    """
    principal = current_principal()
    if principal.kind == "anonymous":
        raise ApiError(401, _("Please log in (or send a valid token)."))
    if not can_access_workshop(principal, workshop_id):
        raise NotFound("workshop")
    if facilitator_only and principal.kind != "facilitator":
        raise ApiError(403, _("Only facilitators can do this."))


def workshop_for(workshop_id, facilitator_only=False):
    """The workshop if the caller may see it (facilitators: theirs; others: their own)."""
    check_reach(workshop_id, facilitator_only)
    return workshops.get_workshop(get_db(), workshop_id)


def session_in_reach(session_id, facilitator_only=False):
    """(workshop, session row) when the caller may see it; 404 for another workshop's."""
    row = agenda.get_session(get_db(), session_id)
    workshop = workshop_for(row["workshop_id"], facilitator_only=facilitator_only)
    return workshop, row


def poll_in_reach(poll_id, facilitator_only=False, load_workshop=True):
    """(workshop, poll) for a caller who may see it; closes a poll whose timer ran out.

    `load_workshop=False` checks the same reach but answers (None, poll): the ballot route
    does not read the workshop row (one read less per ballot, issue 13)."""
    db = get_db()
    poll = polls.get_poll(db, poll_id)
    if load_workshop:
        workshop = workshop_for(poll["workshop_id"], facilitator_only=facilitator_only)
    else:
        workshop = check_reach(poll["workshop_id"], facilitator_only=facilitator_only)
    return workshop, expire(db, poll)
