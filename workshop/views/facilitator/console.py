"""The facilitator's console ("Konsol"): agenda, session, polls, notes, projector and timer.

The console runs the hall from one page: the agenda as a timeline (left), the selected session
with its proposals and polls (centre), its notulensi (right), and the projector and timer
controls on top. Every control is a plain form posting to a route here (post/redirect/get with
a flash, or the page again with the field errors and 422), so the console works without
JavaScript. With JavaScript, static/js/console.js sends the same changes to the JSON API,
re-fetches the parts of this page an event touched, and (with notes.js and timer.js)
autosaves notes and counts the timer down.
Both paths share the API's forms and the rules (workshop/rules), so they accept the same input,
record the same audit entries and push the same events. The selection travels in the query
string (?session=&poll=&note=), also through the forms' actions, so every redirect comes back
to what the facilitator was looking at.

The page's routes live in three modules: this one (the page, the session, its proposals and
polls), console_hall.py (projector view and timer) and notulensi.py (notes). The two others
reuse this module's page plumbing (console_session, posted, back, failed/render_console): they
are parts of one page, and a refused form comes back as this page with its messages.
"""

import datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from ...auth import current_principal, login_required
from ...db import get_db
from ...forms.agenda import SESSION_STATUSES, WORKSHEET_PURPOSES, SessionForm
from ...forms.console import (
    DISPLAY_TEXT_MAX,
    NOTE_MAX,
    TIMER_MAX_MINUTES,
    TOP_N_MAX,
    TOP_N_MIN,
    DisplayForm,
    NoteForm,
    TimerMinutesForm,
)
from ...forms.ideas import IdeaModerationForm
from ...forms.polls import PollForm
from ...realtime import presence
from ...results import results
from ...rules import DomainError
from ...rules import agenda as agenda_rules
from ...rules import ideas as idea_rules
from ...rules import notes as notulensi
from ...rules import polls as poll_rules
from ...store import NotFound, agenda, display, ideas, polls, roster
from ..access import public_workshop, workshop_for
from ..joining import hall_urls
from ..labels import choice_labels, dimension_names, full_date
from ..payloads import form_data, validate
from .blueprint import bp

TEMPLATE = "facilitator/console.html"
# Proposals the console lists (newest first); the wall page has them all.
LATEST_IDEAS = 8
# Statuses counted in the console, in this order (merged and withdrawn ones left the wall).
IDEA_STATUSES = ("pending", "visible", "hidden")
# The forms' limits, for the inputs' min/max/maxlength (the page's script reads them there).
LIMITS = {
    "minutes": TIMER_MAX_MINUTES,
    "note": NOTE_MAX,
    "message": DISPLAY_TEXT_MAX,
    "top_min": TOP_N_MIN,
    "top_max": TOP_N_MAX,
}


# -- Loading ----------------------------------------------------------------------------------


def console_session(workshop_id, session_id):
    """(workshop, session row) for one of the caller's workshops; 404 for anyone else's."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    return ws, agenda.get_session(get_db(), session_id, ws["id"])


def number_arg(name):
    """A positive integer from the query string, or None."""
    raw = request.args.get(name, "")
    return int(raw) if raw.isdigit() else None


def posted():
    """The submitted fields as the JSON API would receive them (without the CSRF token)."""
    return {k: v for k, v in request.form.items() if k != "csrf_token"}


def back(ws, anchor=None, **selection):
    """Post/redirect/get to the console, keeping the session and poll that were selected."""
    keep = {"session": number_arg("session"), "poll": number_arg("poll")}
    keep.update(selection)
    return redirect(url_for(".console", workshop_id=ws["id"], _anchor=anchor, **keep))


def pick_session(days, requested, now=None):
    """The session to show: the one asked for, else the open one (today's first), else the
    next planned one today, else today's first, else the first planned one of the workshop."""
    now = now or datetime.datetime.now()
    sessions = [s for day in days for s in day["sessions"]]
    today = [s for s in sessions if s["date"] == now.date().isoformat()]
    clock = now.strftime("%H:%M")
    for candidates in (
        [s for s in sessions if s["id"] == requested],
        [s for s in today if s["status"] == "open"],
        [s for s in sessions if s["status"] == "open"],
        [s for s in today if s["status"] == "planned" and s["ends_at"] > clock],
        [s for s in today if s["status"] == "planned"],
        today,
        [s for s in sessions if s["status"] == "planned"],
        sessions,
    ):
        if candidates:
            return candidates[0]
    return None


def pick_poll(rows, requested):
    """The poll whose results to show: the one asked for, else the open one, else the last."""
    for candidates in (
        [p for p in rows if p["id"] == requested],
        [p for p in rows if p["status"] == "open"],
        rows[-1:],
    ):
        if candidates:
            return candidates[0]
    return None


def labels():
    """Words for kinds, statuses and methods, in the page's language."""
    return {
        "kinds": choice_labels(SessionForm.kind),
        "purposes": choice_labels(SessionForm.purpose),
        "worksheet_purposes": WORKSHEET_PURPOSES,
        "session_statuses": choice_labels(SessionForm.status),
        "idea_statuses": choice_labels(IdeaModerationForm.status),
        "note_kinds": choice_labels(NoteForm.kind),
        "methods": choice_labels(PollForm.method),
        "poll_statuses": {"draft": _("Draft"), "open": _("Open"), "closed": _("Closed")},
        "views": choice_labels(DisplayForm.view),
        "results_modes": choice_labels(DisplayForm.results_mode),
    }


# -- Forms as the page shows them -------------------------------------------------------------


def bound(form_class, values, errors, data=None):
    """A form showing the posted values and the errors they got, or a fresh one with `data`."""
    if values is None:
        form = form_class(data=data, meta={"csrf": False})
    else:
        form = form_class(formdata=MultiDict(values), meta={"csrf": False})
    for name, messages in (errors or {}).items():
        if name in form._fields:
            form[name].errors = list(messages)
    return form


def note_editor(db, session, values, errors):
    """The notes editor: a new note, the note named by ?note=, or what was posted (422)."""
    note = None
    if values is None and number_arg("note"):
        try:
            note = notulensi.get_note(db, number_arg("note"), session["workshop_id"])
        except NotFound:
            note = None
        if note and note["session_id"] != session["id"]:
            note = None
    data = dict(note) if note else {"kind": "note"}
    if note and note["due_on"]:
        data["due_on"] = datetime.date.fromisoformat(note["due_on"])
    form = bound(NoteForm, values, errors, data)
    # A refused edit comes back to the same note (its id is in the route that refused it).
    editing = note["id"] if note else (request.view_args or {}).get("note_id")
    return form, editing


def session_context(db, ws, session, values, errors):
    """The centre and the notes of the console for the selected session."""
    authorship = ideas.session_settings(agenda.get_session(db, session["id"]))["authorship"]
    rows = [
        r for r in ideas.list_ideas(db, session_id=session["id"]) if r["status"] in IDEA_STATUSES
    ]
    counts = dict.fromkeys(IDEA_STATUSES, 0)
    for row in rows:
        counts[row["status"]] += 1
    latest = sorted(rows, key=lambda r: (r["created_at"], r["id"]), reverse=True)[:LATEST_IDEAS]
    poll_rows = [poll_rules.expire(db, p) for p in polls.list_polls(db, session_id=session["id"])]
    selected_poll = pick_poll(poll_rows, number_arg("poll"))
    note_form, editing = note_editor(db, session, values.get("note"), errors.get("note"))
    return {
        "idea_counts": counts,
        "idea_total": len(rows),
        "latest": [ideas.public_idea(r, authorship, True) for r in latest],
        "polls": [poll_rules.public_poll(db, p, with_ideas=False) for p in poll_rows],
        "poll": selected_poll,
        "poll_results": results(db, selected_poll) if selected_poll else None,
        "notes": notulensi.session_notes(db, session["id"]),
        "note_form": note_form,
        "editing": editing,
        "poll_form": bound(PollForm, values.get("poll"), errors.get("poll"), {"method": "dots"}),
    }


def on_screen(db, state, days):
    """What the projector shows, in words: "Results — Prioritas quick win"."""
    words = choice_labels(DisplayForm.view)[state["view"]]
    detail = ""
    if state["view"] == "message":
        detail = state["text"]
    elif state["view"] == "ideas" and state["session_id"]:
        titles = {s["id"]: s["title"] for day in days for s in day["sessions"]}
        detail = titles.get(state["session_id"], "")
    elif state["view"] == "results" and state["poll_id"]:
        try:
            detail = polls.get_poll(db, state["poll_id"])["title"]
        except NotFound:
            detail = ""
    return f"{words} — {detail}" if detail else words


def render_console(ws, status=200, errors=None, values=None, session_id=None):
    """The console; forms that failed come back with their values and errors (422)."""
    db = get_db()
    errors, values = errors or {}, values or {}
    days = agenda.agenda_days(db, ws)
    selected = pick_session(days, session_id or number_arg("session"))
    today = datetime.date.today().isoformat()
    for day in days:
        day["label"] = full_date(day["date"])
        day["is_today"] = day["date"] == today
        day["open"] = day["is_today"] or bool(selected and selected["day"] == day["number"])
    shown = display.get_display(db, ws["id"])
    context = {
        "workshop": public_workshop(ws, True),
        "days": days,
        "session": selected,
        "dimensions": dimension_names(ws["id"], db),
        "opds": roster.list_opds(db, ws["id"]),
        "presence": presence().count(ws["id"]),
        "display_state": shown,
        "on_screen": on_screen(db, shown, days),
        "timer": display.get_timer(db, ws["id"]),
        "timer_form": bound(
            TimerMinutesForm, values.get("timer"), errors.get("timer"), {"minutes": 5}
        ),
        "display_form": bound(DisplayForm, values.get("display"), errors.get("display")),
        "selection": {"session": selected["id"] if selected else None},
        "limits": LIMITS,
        **labels(),
    }
    if selected:
        context.update(session_context(db, ws, selected, values, errors))
        context["selection"]["poll"] = context["poll"]["id"] if context["poll"] else None
    return render_template(TEMPLATE, **context), status


def failed(ws, name, error, session_id=None):
    """A plain form was refused (422): the console again, with the values and the messages."""
    if error.status != 422:
        raise error
    return render_console(
        ws, 422, errors={name: error.fields or {}}, values={name: posted()}, session_id=session_id
    )


# -- The page ---------------------------------------------------------------------------------


@bp.app_context_processor
def projector_address():
    """`projector_url_for(workshop)` in templates: its screen's address as the hall types it."""

    def projector_url_for(workshop):
        return f"{hall_urls()[0]}/projector/{workshop['projector_key']}"

    return {"projector_url_for": projector_url_for}


@bp.get("/workshops/<int:workshop_id>/console", endpoint="console")
@login_required
def console_page(workshop_id):
    """The hall's control desk; ?session= selects a session, ?poll= its poll, ?note= a note."""
    return render_console(workshop_for(workshop_id, facilitator_only=True))


@bp.post("/workshops/<int:workshop_id>/console/sessions/<int:session_id>/status")
@login_required
def console_session_status(workshop_id, session_id):
    """Open or close proposal collection (PATCH /api/v1/sessions/{id} {"status"})."""
    ws, session = console_session(workshop_id, session_id)
    value = request.form.get("status", "")
    if value not in SESSION_STATUSES:
        flash(_("Choose planned, open or closed."))
        return back(ws, session=session["id"])
    changed = agenda_rules.set_status(get_db(), current_principal().id, ws, session["id"], value)
    status = choice_labels(SessionForm.status)[value]
    flash(_("%(title)s: %(status)s", title=changed["title"], status=status))
    return back(ws, session=session["id"])


# -- Proposals and polls of the selected session ------------------------------------------------


@bp.post("/workshops/<int:workshop_id>/console/ideas/<int:idea_id>/status")
@login_required
def console_idea_status(workshop_id, idea_id):
    """Hide, show again or approve a proposal (PATCH /api/v1/ideas/{id} {"status"})."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    db = get_db()
    row = ideas.get_idea(db, idea_id, ws["id"])
    session = agenda.get_session(db, row["session_id"])
    value = request.form.get("status", "")
    if value not in IDEA_STATUSES:
        flash(_("Choose visible, hidden or waiting for approval."))
        return back(ws, "console-ideas", session=session["id"])
    try:
        after = idea_rules.moderate(db, current_principal().id, idea_id, {"status": value})
    except DomainError as e:
        flash(e.message)
        return back(ws, "console-ideas", session=session["id"])
    status = choice_labels(IdeaModerationForm.status)[value]
    flash(_("%(title)s: %(status)s", title=after["title"], status=status))
    return back(ws, "console-ideas", session=session["id"])


@bp.post("/workshops/<int:workshop_id>/console/sessions/<int:session_id>/polls")
@login_required
def console_add_poll(workshop_id, session_id):
    """A quick draft poll, title and method (POST /api/v1/sessions/{id}/polls fills the rest)."""
    ws, session = console_session(workshop_id, session_id)
    db = get_db()
    try:
        fields = form_data(validate(PollForm, posted()))
        # The console's quick form: the method's defaults, the session's visible proposals.
        fields.update(budget=None, anonymous=True)
        fields, idea_ids = poll_rules.check_poll(db, ws["id"], session, fields)
    except DomainError as e:
        return failed(ws, "poll", e, session["id"])
    poll = poll_rules.create_poll(db, session, fields, idea_ids, current_principal().id)
    flash(_("Poll created (draft): %(title)s", title=poll["title"]))
    return back(ws, "console-polls", session=session["id"], poll=poll["id"])


@bp.post("/workshops/<int:workshop_id>/console/polls/<int:poll_id>/<any(open, close):action>")
@login_required
def console_poll_status(workshop_id, poll_id, action):
    """Open (or re-open) or close a poll: POST /api/v1/polls/{id}/open | close."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    db, actor = get_db(), current_principal().id
    poll = poll_rules.expire(db, polls.get_poll(db, poll_id, ws["id"]))
    here = {"session": poll["session_id"], "poll": poll_id}
    try:
        if action == "close":
            poll_rules.close_poll(db, poll, actor)
        else:
            poll = poll_rules.open_poll(db, poll, actor)
    except DomainError as e:
        flash(e.message)
        return back(ws, "console-polls", **here)
    if action == "close":
        flash(_("Voting is closed: %(title)s", title=poll["title"]))
    else:
        flash(_("Voting is open: %(title)s", title=poll["title"]))
    return back(ws, "console-polls", **here)
