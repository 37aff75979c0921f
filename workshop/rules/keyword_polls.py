"""A poll straight from the top vision keywords (issue 14): keywords become poll items.

A poll's items are proposals (poll_ideas references ideas), so each chosen keyword becomes a
proposal of the vision session itself, written by the facilitator (title = the keyword, the
session's dimension or none), and the poll is a draft over those proposals, created by the
same checks as every other poll (rules/polls.py: check_poll, create). A keyword that already
has such a proposal in the session reuses it, so making the poll twice does not duplicate
them. Both happen in one transaction: a refused poll leaves no stray proposals behind.
"""

from flask_babel import gettext as _

from ..realtime import broadcast_poll_updated
from ..store import ideas, polls
from . import Conflict, field_error, worksheet_plans
from . import polls as poll_rules

# How many keywords a poll takes at least and at most.
MIN_KEYWORDS, MAX_KEYWORDS = 2, 20


def keyword_idea(db, session, text, actor_id):
    """The visible proposal of this session titled `text` (any case), created if missing."""
    wanted = " ".join(text.split()).casefold()
    for row in ideas.list_ideas(db, session_id=session["id"], statuses=("visible",)):
        if " ".join(row["title"].split()).casefold() == wanted:
            return row
    fields = {"title": text, "dimension": session.get("dimension") or ""}
    row, _created = ideas.create_idea(db, session, fields, facilitator_id=actor_id)
    return row


def poll_from_keywords(db, session, actor_id, keywords, fields):
    """A draft poll over `keywords` (texts, most counted first); `fields` as PollForm gives them.

    Raises a field error on `count` when fewer than two keywords are there to vote on.
    """
    texts = []
    for text in keywords:
        if text and text.casefold() not in {t.casefold() for t in texts}:
            texts.append(text)
    if len(texts) < MIN_KEYWORDS:
        raise field_error(
            "count",
            _(
                "A poll needs at least %(n)d keywords; this session has %(have)d.",
                n=MIN_KEYWORDS,
                have=len(texts),
            ),
        )
    texts = texts[:MAX_KEYWORDS]
    fields = dict(fields)
    with db.atomic():
        idea_ids = [keyword_idea(db, session, text, actor_id)["id"] for text in texts]
        fields, idea_ids = poll_rules.check_poll(
            db, session["workshop_id"], session, fields, raw_ideas=idea_ids
        )
        poll = polls.create_poll(db, session, fields, idea_ids, actor_id)
    broadcast_poll_updated(poll_rules.public_poll(db, poll))
    return poll


def poll_from_top_keywords(db, session, actor_id, count, fields):
    """The poll over the session's `count` most frequent keywords (GET …/keywords order).

    `fields` are PollForm's (title, method); the method's default budget and an anonymous
    ballot, as the console's quick poll form gives them. 409 unless a vision session.
    """
    if session["purpose"] != "vision":
        raise Conflict(_("Only a vision session has keywords."), code="not_vision")
    fields = {**fields, "budget": None, "max_per_item": None, "anonymous": True}
    texts = [k["text"] for k in worksheet_plans.keywords(db, session)["items"]][:count]
    return poll_from_keywords(db, session, actor_id, texts, fields)
