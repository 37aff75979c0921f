"""A poll from a vision session's top keywords (issue 14); the rule is rules/keyword_polls.py."""

from ...auth import current_principal
from ...db import get_db
from ...forms.keyword_polls import KeywordPollForm
from ...forms.polls import PollForm
from ...rules import keyword_polls
from ...rules import polls as poll_rules
from ..access import session_in_reach
from .blueprint import bp, created, doc, form_data, json_body, validate


@bp.post("/sessions/<int:session_id>/keyword-poll")
@doc(
    "Create a draft poll whose options are the vision session's top N keywords",
    body=KeywordPollForm,
    responses={201: "poll (status draft)", 409: "not a vision session", 422: "too few keywords"},
)
def create_keyword_poll(session_id):
    """Each keyword becomes a proposal of the session (reused when there is one already)."""
    _workshop, session = session_in_reach(session_id, facilitator_only=True)
    form = validate(KeywordPollForm, json_body())
    fields = form_data(validate(PollForm, {"title": form.title.data, "method": form.method.data}))
    db = get_db()
    poll = keyword_polls.poll_from_top_keywords(
        db, session, current_principal().id, form.count.data, fields
    )
    return created(poll_rules.public_poll(db, poll))
