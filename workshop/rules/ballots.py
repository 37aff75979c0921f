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


def already_voted_message():
    """What a voter who voted before the poll was re-opened is told (page and API)."""
    return _(
        "You voted in this poll before it was re-opened: your earlier ballot stands and"
        " cannot be changed."
    )


def voter_of(poll, principal):
    """Who this ballot belongs to: "opd:<OPD id>" for OPD-scope polls, else "p:<participant id>"."""
    if poll["ballot_scope"] == "opd":
        return f"opd:{principal.opd_id}"
    return f"p:{principal.id}"


def anonymous_key(secret, voter):
    """An anonymous ballot's key: HMAC of the voter under the poll's own secret (issue 12).

    The secret exists only while the poll is open; once it is gone nobody (the server's
    SECRET_KEY included) can recompute which key was whose.
    """
    return "a:" + hmac.new(secret, voter.encode(), hashlib.sha256).hexdigest()


def legacy_key(poll, principal):
    """The key anonymous ballots had before m009: HMAC of poll and participant under the app's
    SECRET_KEY (recognised only to move such a ballot to the poll's secret)."""
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, f"{poll['id']}:{principal.id}".encode(), hashlib.sha256)
    return "a:" + digest.hexdigest()


def voter_identity(db, poll, principal, create=False):
    """(voter_key, participant_id to store, changed_by) for a participant's ballot.

    Anonymous polls key the ballot by an HMAC of the voter under the poll's secret, so the
    store never links a ballot to a person; the key is None when the poll has no secret
    (closed, or restored from a backup: `create` makes a fresh one while it is open). OPD-scope
    ballots say which member last changed them while the poll is open (their OPD's members
    see it); closing clears it from anonymous ones.
    """
    changer = principal.id if poll["ballot_scope"] == "opd" else None
    if poll["anonymous"]:
        secret = polls.ballot_secret(db, poll["id"], create=create)
        if secret is None:
            return None, None, None
        key = anonymous_key(secret, voter_of(poll, principal))
        if poll["ballot_scope"] != "opd":
            old = legacy_key(poll, principal)
            found = polls.ballot_keys(db, poll["id"], [key, old])
            if key not in found and old in found:
                polls.rekey_ballot(db, poll["id"], old, key, voter_of(poll, principal))
        return key, None, changer
    if poll["ballot_scope"] == "opd":
        return f"opd:{principal.opd_id}", None, principal.id
    return f"p:{principal.id}", principal.id, principal.id


def voter_key(db, poll, principal):
    return voter_identity(db, poll, principal)[0]


def voted_before(db, poll, principal):
    """True when an anonymous poll's voter (or OPD) voted before the poll was re-opened: their
    earlier ballot stands and cannot be changed or cast again."""
    if not poll["anonymous"] or poll["status"] != "open":
        return False
    if not polls.has_voted(db, poll["id"], voter_of(poll, principal)):
        return False
    return stored_ballot(db, poll, principal) is None


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
    key, participant_id, changed_by = voter_identity(db, poll, principal, create=True)
    if key is None:
        raise Conflict(_("Voting is closed."), "poll_not_open")
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
            voter=voter_of(poll, principal) if poll["anonymous"] else None,
        )
    except StoreConflict as e:
        if str(e) == "already_voted":
            raise Conflict(already_voted_message(), "already_voted") from e
        raise Conflict(_("Voting is closed."), str(e)) from e
    request_results(current_app._get_current_object(), poll["id"])
    return row


def stored_ballot(db, poll, principal):
    """The voter's (or OPD's) stored ballot row, or None (always None for an anonymous poll
    once it has closed: nobody can find their ballot again)."""
    key = voter_key(db, poll, principal)
    return polls.get_ballot(db, poll["id"], key) if key else None


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
