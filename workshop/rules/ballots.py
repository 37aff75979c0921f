"""Ballots: who a voter is for a poll, casting (the ONE operation behind PUT
/api/v1/polls/{id}/ballot and the no-JavaScript ballot page), reading one back, and who may
see the results.
"""

import hashlib
import hmac

from flask import current_app
from flask_babel import gettext as _

from ..live_results import request_results
from ..polls.methods import BallotError, validate_ballot
from ..polls.methods import get as method_of
from ..results import carry_ballot, poll_items, results
from ..store import Conflict as StoreConflict
from ..store import NotFound, polls
from . import Conflict, FieldError, Forbidden


def voter_identity(poll, principal):
    """(voter_key, participant_id to store, changed_by) for a participant's ballot.

    Anonymous polls key the ballot by an HMAC of poll and participant under the app's
    SECRET_KEY, so the store never links a ballot to a person.
    """
    if poll["ballot_scope"] == "opd":
        return f"opd:{principal.opd_id}", None, principal.id
    if poll["anonymous"]:
        secret = current_app.config["SECRET_KEY"].encode()
        digest = hmac.new(secret, f"{poll['id']}:{principal.id}".encode(), hashlib.sha256)
        return "a:" + digest.hexdigest(), None, None
    return f"p:{principal.id}", principal.id, principal.id


def voter_key(poll, principal):
    return voter_identity(poll, principal)[0]


def check_open(poll):
    """409 unless ballots can be cast now."""
    if poll["status"] != "open":
        raise Conflict(_("Voting is closed."), "poll_not_open")


def cast_ballot(db, poll, principal, body):
    """Check a ballot body against the poll's method and store it (the latest one counts).

    409 when voting is closed, 422 (FieldError, per ballot key) when the ballot is invalid;
    the previous ballot stays then. Asks for a (throttled) results push.
    """
    check_open(poll)
    items, _mapping = poll_items(db, poll)
    try:
        clean = validate_ballot(poll, body, [i["id"] for i in items])
    except BallotError as e:
        raise FieldError(e.fields) from e
    key, participant_id, changed_by = voter_identity(poll, principal)
    try:
        row = polls.put_ballot(
            db,
            poll["id"],
            key,
            clean,
            principal.opd_id,
            participant_id=participant_id,
            changed_by=changed_by,
            audit_actor=None if poll["anonymous"] else principal.id,
        )
    except StoreConflict as e:
        raise Conflict(_("Voting is closed."), str(e)) from e
    request_results(current_app._get_current_object(), poll["id"])
    return row


def stored_ballot(db, poll, principal):
    """The voter's (or OPD's) stored ballot row, or None."""
    return polls.get_ballot(db, poll["id"], voter_key(poll, principal))


def carried_ballot(db, poll, principal, mapping):
    """The stored ballot with votes on merged proposals moved to the survivors, or None."""
    row = stored_ballot(db, poll, principal)
    if row is None:
        return None
    return {
        "body": carry_ballot(poll["method"], row["body"], mapping),
        "updated_at": row["updated_at"],
        "changed_by": row["changed_by_name"],
        "changed_by_me": row["changed_by"] == principal.id,
    }


def ballot_lines(poll, body, titles, number):
    """One ballot as short lines a person can check against the results."""

    def title(idea):
        return titles.get(int(idea), str(idea))

    return method_of(poll["method"]).ballot_lines(poll, body, title, number)


def visible_results(db, poll, principal):
    """What GET /polls/{id}/results answers to this caller: drafts and results shown only
    after closing stay with the facilitators."""
    if not principal.is_facilitator:
        if poll["status"] == "draft":
            raise NotFound("poll")
        if poll["results"] == "after_close" and poll["status"] != "closed":
            raise Forbidden(_("Results are shown after the poll closes."))
    return results(db, poll)
