"""Questions to a speaker (issue 16 item 9): ask, list, upvote, moderate.

The rules live in workshop/rules/questions.py; these views read the request, call them and
answer in JSON. Reach as for proposals: someone outside the workshop gets 404, participants
and the projector see visible and answered questions only (a hidden one is 404 to them).
"""

from flask import jsonify
from flask_babel import gettext as _

from ...auth import current_principal, require
from ...db import get_db
from ...errors import ApiError
from ...forms.questions import QuestionForm, QuestionModerationForm
from ...rules import field_error
from ...rules import questions as rules
from ...store import questions
from ..access import session_in_reach, workshop_for
from .blueprint import bp, created, doc, form_data, json_body, validate


def question_in_reach(question_id):
    """The question when the caller may see it (404 otherwise, hidden ones included)."""
    row = questions.get_question(get_db(), question_id)
    workshop_for(row["workshop_id"])
    if not rules.visible_to(current_principal(), row):
        raise ApiError(404, _("Not found."))
    return row


def answer(row):
    return rules.question_for(get_db(), current_principal(), row)


@bp.post("/sessions/<int:session_id>/questions")
@require("facilitator", "participant")
@doc(
    "Ask the speaker a question (participants, open `qa` sessions; idempotent by client_id)",
    body=QuestionForm,
    responses={
        201: "the question",
        200: "replay of a client_id: the same question, nothing new",
        409: "not_qa, or session_closed",
        422: "text empty or longer than 280 characters",
        429: "too many questions",
    },
)
def create_question(session_id):
    """`anonymous: true` hides the asker from everyone, facilitators included."""
    _workshop, session = session_in_reach(session_id)
    principal = current_principal()
    rules.check_asker(principal)
    rules.check_qa(session)
    form = validate(QuestionForm, json_body())
    fields = form_data(form)
    db = get_db()
    row, is_new = rules.ask(
        db,
        principal,
        session["id"],
        fields["text"],
        anonymous=bool(fields.get("anonymous")),
        client_id=fields.get("client_id") or None,
    )
    if not is_new:
        return jsonify(answer(row)), 200
    return created(answer(row))


@bp.get("/sessions/<int:session_id>/questions")
@doc(
    "A session's questions: pinned first, then by votes, then oldest (participants and the "
    "projector: visible and answered ones)",
    responses={200: "{items, total}"},
)
def list_questions(session_id):
    """Participants also get `mine` and `voted` per question."""
    _workshop, session = session_in_reach(session_id)
    items = rules.list_for(get_db(), current_principal(), session)
    return jsonify({"items": items, "total": len(items)})


@bp.get("/questions/<int:question_id>")
@doc("One question", responses={200: "the question"})
def get_question(question_id):
    """Hidden questions are 404 for everyone but facilitators."""
    return jsonify(answer(question_in_reach(question_id)))


@bp.post("/questions/<int:question_id>/upvote")
@require("facilitator", "participant")
@doc(
    "Upvote a question (once per participant: a second upvote changes nothing)",
    responses={200: "the question (voted: true)", 409: "session closed, or question hidden"},
)
def upvote_question(question_id):
    """Idempotent: a repeated upvote answers 200 with the same count."""
    question_in_reach(question_id)
    row, _changed = rules.upvote(get_db(), current_principal(), question_id, True)
    return jsonify(answer(row))


@bp.delete("/questions/<int:question_id>/upvote")
@require("facilitator", "participant")
@doc(
    "Take back an upvote",
    responses={200: "the question (voted: false)", 409: "session closed"},
)
def take_back_upvote(question_id):
    """Idempotent: taking back a vote never given answers 200 too."""
    question_in_reach(question_id)
    row, _changed = rules.upvote(get_db(), current_principal(), question_id, False)
    return jsonify(answer(row))


@bp.patch("/questions/<int:question_id>")
@require("facilitator", "participant")
@doc(
    "Moderate a question: status (visible|hidden|answered), pinned, answer (a note)",
    body=QuestionModerationForm,
    responses={200: "the question", 422: "bad status"},
)
def moderate_question(question_id):
    """Facilitators only, at any time (also after the session closed)."""
    row = questions.get_question(get_db(), question_id)
    question_in_reach(question_id)
    workshop_for(row["workshop_id"], facilitator_only=True)
    data = json_body()
    if not data:
        raise field_error("", _("Nothing to change."))
    changes = form_data(validate(QuestionModerationForm, data, partial=True))
    after = rules.moderate(get_db(), current_principal().id, question_id, changes)
    return jsonify(answer(after))
