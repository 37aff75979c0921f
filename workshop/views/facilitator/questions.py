"""The facilitator's moderation page of a `qa` session (issue 16 item 9), without JavaScript
too: every question with its tools — show/hide, pin/unpin, mark answered with an answer note —
and a button that puts the session's top questions on the projector.

Every form posts to a route here (post/redirect/get with a flash); with JavaScript,
static/js/questions-console.js sends the same change to PATCH /api/v1/questions/{id} and
re-renders the list from this page's own HTML after every change, every question push and
every (re)connect. Both paths call rules/questions.py.
"""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...auth import current_principal, login_required
from ...db import get_db
from ...forms.console import DisplayForm
from ...forms.questions import ANSWER_MAX, QuestionModerationForm
from ...rules import DomainError
from ...rules import console as hall
from ...rules import questions as rules
from ...store import agenda, display
from ...store import questions as store
from ..access import public_workshop, workshop_for
from ..labels import choice_labels
from ..payloads import form_data, validate
from .blueprint import bp

# The projector shows a `qa` session with the "ideas" view (the session's screen).
SCREEN_VIEW = "ideas"


def qa_session(workshop_id, session_id):
    """(workshop, session) of one of the caller's workshops; 404 for anyone else's."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    return ws, agenda.get_session(get_db(), session_id, ws["id"])


def back(ws, session_id, anchor=None):
    return redirect(
        url_for(".questions", workshop_id=ws["id"], session_id=session_id, _anchor=anchor)
    )


@bp.get("/workshops/<int:workshop_id>/sessions/<int:session_id>/questions", endpoint="questions")
@login_required
def questions_page(workshop_id, session_id):
    """Moderate one `qa` session's questions, live."""
    ws, session = qa_session(workshop_id, session_id)
    db = get_db()
    shown = display.get_display(db, ws["id"])
    items = rules.list_for(db, current_principal(), session)
    return render_template(
        "facilitator/questions.html",
        workshop=public_workshop(ws, True),
        session=session,
        questions=items,
        counts={s: sum(1 for q in items if q["status"] == s) for s in store.STATUSES},
        screen_view=SCREEN_VIEW,
        on_screen=shown["view"] == SCREEN_VIEW and shown["session_id"] == session["id"],
        answer_max=ANSWER_MAX,
    )


@bp.post("/workshops/<int:workshop_id>/sessions/<int:session_id>/questions/display")
@login_required
def questions_display(workshop_id, session_id):
    """Show this session's questions on the projector (PUT /api/v1/workshops/{id}/display)."""
    ws, session = qa_session(workshop_id, session_id)
    try:
        state = form_data(validate(DisplayForm, {"view": SCREEN_VIEW, "session_id": session["id"]}))
        stored = hall.set_display(get_db(), ws["id"], state, current_principal().id)
    except DomainError as e:
        flash(e.message)
        return back(ws, session["id"])
    flash(_("The screen shows: %(view)s", view=choice_labels(DisplayForm.view)[stored["view"]]))
    return back(ws, session["id"])


@bp.post("/workshops/<int:workshop_id>/questions/<int:question_id>")
@login_required
def question_moderate(workshop_id, question_id):
    """No-JavaScript twin of PATCH /api/v1/questions/{id}: status, pinned, answer."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    db = get_db()
    row = store.get_question(db, question_id, ws["id"])
    body = {k: v for k, v in request.form.items() if k in ("status", "pinned", "answer")}
    try:
        changes = form_data(validate(QuestionModerationForm, body, partial=True))
        rules.moderate(db, current_principal().id, question_id, changes)
    except DomainError as e:
        fields = getattr(e, "fields", None) or {"": [e.message]}
        flash(" ".join(str(m) for messages in fields.values() for m in messages))
        return back(ws, row["session_id"], f"question-{question_id}")
    flash(_("Saved."))
    return back(ws, row["session_id"], f"question-{question_id}")
