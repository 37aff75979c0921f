"""Questions to a speaker (issue 16 item 9): ask, upvote, moderate.

A session takes questions when its kind is `qa`. Participants ask (optionally anonymously)
and upvote only while it is open — its status read inside the IMMEDIATE transaction that
writes — and a replayed client_id answers with the stored question before any other rule
(as proposals do). Facilitators moderate at any time: status visible|hidden|answered, pinned,
an answer note. Nobody — facilitators included — learns who asked an anonymous question.
Pushes after commit (push_question): facilitators hear every change, the hall only what it
sees; a question that becomes hidden reaches the hall as `{"id","session_id","status"}` only.
"""

from flask_babel import gettext as _

from ..realtime import (
    FACILITATORS,
    HALL,
    broadcast_question_created,
    broadcast_question_updated,
)
from ..store import agenda, questions, ratelimit
from . import Conflict, Forbidden
from .ideas import TooFast

# A participant may ask this many questions per window (a flood gets 429).
ASK_MAX = 10
ASK_WINDOW_SECONDS = 60


def check_asker(principal):
    """403 unless the caller is a participant (facilitators and projectors do not ask)."""
    if principal.kind != "participant":
        raise Forbidden(_("Only participants ask questions."))


def check_qa(session):
    """409 when the session does not take questions."""
    if session["kind"] != "qa":
        raise Conflict(_("This session does not take questions."), code="not_qa")


def check_open(session):
    """409 when participants cannot ask or upvote in this session now."""
    check_qa(session)
    if session["status"] != "open":
        raise Conflict(_("Questions are closed for this session."), code="session_closed")


def visible_to(principal, row):
    """Facilitators see every question; everyone else visible and answered ones."""
    return principal.is_facilitator or row["status"] in questions.PUBLIC


def question_for(db, principal, row, voted=None):
    """The question as this caller may see it (participants: also `mine` and `voted`)."""
    data = questions.public_question(row, principal.is_facilitator)
    if principal.kind == "participant":
        data["mine"] = row["participant_id"] == principal.id
        if voted is None:
            voted = questions.voted_ids(db, principal.id, [row["id"]])
        data["voted"] = row["id"] in voted
    return data


def list_for(db, principal, session):
    """A session's questions for this caller: pinned first, then by votes, then oldest."""
    statuses = None if principal.is_facilitator else questions.PUBLIC
    rows = questions.list_questions(db, session_id=session["id"], statuses=statuses)
    voted = set()
    if principal.kind == "participant":
        voted = questions.voted_ids(db, principal.id, [r["id"] for r in rows])
    return [question_for(db, principal, r, voted) for r in rows]


# -- Pushes (after commit) --------------------------------------------------------------------


def push_question(before, after):
    """Facilitators hear each change; the hall hears what it may see."""
    wid = after["workshop_id"]
    full = questions.public_question(after, True)
    if before is None:
        broadcast_question_created(full, wid, FACILITATORS)
    else:
        broadcast_question_updated(full, wid, FACILITATORS)
    was_public = before is not None and before["status"] in questions.PUBLIC
    is_public = after["status"] in questions.PUBLIC
    if is_public and before is None:
        broadcast_question_created(questions.public_question(after), wid, HALL)
    elif is_public:
        broadcast_question_updated(questions.public_question(after), wid, HALL)
    elif was_public:
        gone = {"id": after["id"], "session_id": after["session_id"], "status": after["status"]}
        broadcast_question_updated(gone, wid, HALL)


# -- Writing ----------------------------------------------------------------------------------


def check_ask_rate(db, principal):
    """A flood of questions from one participant gets 429 with Retry-After."""
    key = f"question:{principal.id}"
    count, retry_after = ratelimit.hits(db, key, ASK_WINDOW_SECONDS)
    if count >= ASK_MAX:
        raise TooFast(retry_after)
    ratelimit.hit(db, key, ASK_WINDOW_SECONDS)


def ask(db, principal, session_id, text, anonymous=False, client_id=None):
    """A participant's new question; returns (row, created). Idempotent by client_id."""
    check_asker(principal)
    with db.atomic():
        session = agenda.get_session(db, session_id)
        if client_id:
            existing = questions.find_by_client_id(db, principal.id, client_id)
            if existing:
                return existing, False
        check_open(session)
        check_ask_rate(db, principal)
        row, is_new = questions.create_question(
            db, session, principal.id, text, anonymous, client_id=client_id
        )
    if is_new:
        push_question(None, row)
    return row, is_new


def upvote(db, principal, question_id, on=True):
    """A participant adds (or takes back) their one upvote; returns (row, changed)."""
    if principal.kind != "participant":
        raise Forbidden(_("Only participants upvote questions."))
    with db.atomic():
        row = questions.get_question(db, question_id)
        check_open(agenda.get_session(db, row["session_id"]))
        if row["status"] not in questions.PUBLIC:
            raise Conflict(_("This question is hidden."), code="question_hidden")
        changed = questions.set_vote(db, question_id, principal.id, on)
        after = questions.get_question(db, question_id)
    if changed:
        push_question(row, after)
    return after, changed


def moderate(db, actor_id, question_id, changes):
    """A facilitator changes status, pinned or the answer note; returns the question."""
    changes = dict(changes)
    if "pinned" in changes:
        changes["pinned"] = int(bool(changes["pinned"]))
    if "answer" in changes:
        changes["answer"] = changes["answer"] or ""
    before, after = questions.update_question(db, question_id, changes, actor_id)
    if before != after:
        push_question(before, after)
    return after
