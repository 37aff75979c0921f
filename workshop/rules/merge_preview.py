"""What a merge would do to polls, told before it happens (issue 16 item 4).

A merged proposal leaves every poll that is not closed: its line there becomes the surviving
proposal's (results.poll_items), and the ballots that gave it something carry those votes to the
survivor (the method's `carry`: dots and points add up; an approval, a rank or scores already
given to the survivor win over the carried ones). A closed poll keeps its frozen result.
"""

from flask_babel import gettext as _
from flask_babel import ngettext

from ..polls.methods import get as method_of
from ..store import ideas, polls
from . import NotFound, field_error


def carried(method):
    """How votes on the merged proposal join the survivor's, in this method's words."""
    if method in ("dots", "points"):
        return _("they are added to the votes of “%(into)s”")
    if method == "approval":
        return _("they count for “%(into)s” (a voter who approved both counts once)")
    if method == "ranking":
        return _("they count for “%(into)s” (where a voter ranked both, the higher place counts)")
    return _(
        "they count for “%(into)s” (where a voter rated both, the ratings of “%(into)s” count)"
    )


def effect(poll, ballots, into_title, into_in_poll):
    """One sentence: what happens to this poll and its votes."""
    if poll["status"] == "closed":
        return _("Closed: its result stays as it was; nothing moves.")
    if poll["status"] == "draft" or not ballots:
        if into_in_poll:
            return _("The proposal leaves this poll; “%(into)s” is already in it.", into=into_title)
        return _("In this poll the proposal is replaced by “%(into)s”.", into=into_title)
    votes = ngettext(
        "%(num)d ballot gave it votes; %(how)s.",
        "%(num)d ballots gave it votes; %(how)s.",
        ballots,
        how=carried(poll["method"]) % {"into": into_title},
    )
    if into_in_poll:
        return _("The proposal leaves this open poll.") + " " + votes
    return (
        _("In this open poll the proposal is replaced by “%(into)s”.", into=into_title)
        + " "
        + votes
    )


def ballots_for(db, poll, idea_id):
    """How many ballots of the poll give this proposal something."""
    method = method_of(poll["method"])
    return sum(
        1 for b in polls.list_ballots(db, poll["id"]) if method.entries(b["body"]).get(idea_id)
    )


def merge_preview(db, workshop_id, idea_id, into_id):
    """{"polls": [{id, title, status, ballots_affected, effect, into_in_poll}], "confirm": bool}.

    `confirm` is true when an open poll is affected: the pages ask before merging then.
    """
    try:
        target = ideas.get_idea(db, into_id, workshop_id)
    except NotFound as e:
        raise field_error("into", _("Choose a proposal of this workshop.")) from e
    if target["id"] == idea_id:
        raise field_error("into", _("Choose another proposal."))
    found = []
    for poll in polls.polls_with_idea(db, idea_id):
        ids = {r["id"] for r in polls.poll_ideas(db, poll["id"])}
        ballots = ballots_for(db, poll, idea_id) if poll["status"] != "draft" else 0
        found.append(
            {
                "id": poll["id"],
                "title": poll["title"],
                "status": poll["status"],
                "method": poll["method"],
                "ballots_affected": ballots,
                "into_in_poll": target["id"] in ids,
                "effect": effect(poll, ballots, target["title"], target["id"] in ids),
            }
        )
    return {
        "into": {"id": target["id"], "title": target["title"]},
        "polls": found,
        "confirm": any(p["status"] == "open" for p in found),
    }
