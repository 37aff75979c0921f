"""The participant's page of a `qa` session (issue 16 item 9): ask the speaker (optionally
anonymously) and upvote others' questions (templates/participant/questions.html).

ideas.session_page hands a `qa` session here. Both forms post without JavaScript (post/
redirect/get with a flash, or the page again with the error and 422, 409 or 429); with it,
static/js/questions.js sends the question through the offline outbox and toggles upvotes over
the JSON API. Both paths call the same rules (workshop/rules/questions.py).
"""

import uuid

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...db import get_db
from ...forms.questions import QUESTION_MAX, QuestionForm
from ...rules import DomainError
from ...rules import questions as rules
from ...store import questions as store
from ..access import session_in_reach
from .blueprint import bp
from .ideas import participant_only


def page_texts():
    """Words questions.js shows (translated here, passed as data-texts)."""
    return {
        "sent": _("Received"),
        "waiting": _("Waiting to be sent"),
        "queued": _("Saved on this device; it will be sent automatically."),
        "refused": _("Not sent"),
        "closed": _("Not sent — the session is closed"),
        "discard": _("Remove from this device"),
        "anonymous": _("Anonymous"),
        "answered": _("Answered"),
        "pinned": _("Pinned"),
        "yours": _("Yours"),
        "upvote": _("Support"),
        "votes": _("%(n)s supports", n="{n}"),
        "empty": _("No questions yet. Be the first to ask."),
        "textRequired": _("Write your question."),
        "tooLong": _("At most %(max)s characters.", max="{max}"),
        "counter": _("%(n)s of %(max)s characters", n="{n}", max="{max}"),
    }


def render_page(principal, workshop, session, status=200, error=None, text=""):
    db = get_db()
    return render_template(
        "participant/questions.html",
        workshop=workshop,
        session=session,
        principal=principal,
        is_open=session["status"] == "open",
        questions=rules.list_for(db, principal, session),
        texts=page_texts(),
        max_length=QUESTION_MAX,
        error=error,
        text=text,
        new_client_id=lambda: str(uuid.uuid4()),
    ), status


def qa_get(principal, workshop, session):
    """GET of a `qa` session's page."""
    return render_page(principal, workshop, session)


def back(session, anchor="qa-list"):
    return redirect(url_for(".session_page", session_id=session["id"], _anchor=anchor))


def ask_form(session_id):
    """No-JavaScript twin of POST /api/v1/sessions/{id}/questions (posted to the page)."""
    principal, away = participant_only()
    if away:
        return away
    workshop, session = session_in_reach(session_id)
    form = QuestionForm(formdata=request.form, meta={"csrf": False})
    typed = request.form.get("text", "")
    if not form.validate():
        message = " ".join(str(m) for msgs in form.errors.values() for m in msgs)
        return render_page(principal, workshop, session, 422, error=message, text=typed)
    try:
        _row, is_new = rules.ask(
            get_db(),
            principal,
            session["id"],
            form.text.data,
            anonymous=bool(form.anonymous.data),
            client_id=form.client_id.data or None,
        )
    except DomainError as e:
        return render_page(principal, workshop, session, e.status, error=e.message, text=typed)
    flash(_("Question sent.") if is_new else _("This question had already arrived."))
    return back(session)


@bp.post("/w/s/<int:session_id>/questions/<int:question_id>/upvote")
def upvote_form(session_id, question_id):
    """No-JavaScript twin of POST/DELETE /api/v1/questions/{id}/upvote: toggles the vote."""
    principal, away = participant_only()
    if away:
        return away
    workshop, session = session_in_reach(session_id)
    db = get_db()
    row = store.get_question(db, question_id, workshop["id"])
    if row["session_id"] != session["id"] or not rules.visible_to(principal, row):
        raise store.NotFound("question")
    on = request.form.get("on", "1") == "1"
    try:
        rules.upvote(db, principal, question_id, on)
    except DomainError as e:
        return render_page(principal, workshop, session, e.status, error=e.message)
    return back(session, f"question-{question_id}")
