"""The worksheet page's other plain forms: strategies, keywords, the vision, readiness items.

Parts of the page of worksheets.py (they reuse its plumbing: worksheet_session, posted, back,
refused): TOWS strategies and strategy statements, merging keyword synonyms, a poll from the
top keywords, the adopted vision and missions, and the workshop's readiness items. Each calls
the rule its JSON API twin calls (see worksheet-console.js for which API a form uses).
"""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from ...auth import login_required
from ...db import get_db
from ...forms.keyword_polls import KeywordPollForm
from ...forms.polls import PollForm
from ...rules import DomainError, FieldError, keyword_polls
from ...store import agenda
from ..access import workshop_for
from ..payloads import form_data, validate
from . import worksheet_data as data
from .blueprint import bp
from .worksheets import actor, back, posted, refused, worksheet_session


def session_arg(ws):
    """The worksheet session named by ?session= (forms of workshop-wide things come back to it)."""
    raw = request.args.get("session", "")
    if not raw.isdigit():
        return None
    return agenda.get_session(get_db(), int(raw), ws["id"])


def back_to(ws, session, anchor=None):
    """The worksheet page of `session`, or the agenda when the form came from elsewhere."""
    if session is None:
        return redirect(url_for(".agenda", workshop_id=ws["id"]))
    return back(ws, session["id"], anchor)


# -- Strategies -----------------------------------------------------------------------------------


def strategy_fields():
    """The posted strategy as the API body: `from` is the list of ticked entry ids."""
    body = posted()
    body["from"] = [int(v) for v in request.form.getlist("from") if v.isdigit()]
    for name in ("dimension", "element", "type"):
        if name in body and not body[name]:
            body[name] = None
    return body


@bp.post("/workshops/<int:workshop_id>/sessions/<int:session_id>/worksheet/strategies")
@login_required
def worksheet_add_strategy(workshop_id, session_id):
    """No-JavaScript twin of POST /api/v1/sessions/{id}/strategies."""
    ws, session = worksheet_session(workshop_id, session_id)
    body = strategy_fields()
    try:
        data.create_strategy(get_db(), actor(), session, body)
    except DomainError as e:
        return refused(ws, session, "strategy", e, body)
    flash(_("Strategy saved."))
    return back(ws, session["id"], "strategy-heading")


@bp.post("/workshops/<int:workshop_id>/worksheet/strategies/<int:strategy_id>")
@login_required
def worksheet_edit_strategy(workshop_id, strategy_id):
    """No-JavaScript twin of PATCH /api/v1/strategies/{id}."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    strategy = data.get_strategy(get_db(), strategy_id, ws["id"])
    session = agenda.get_session(get_db(), strategy["session_id"], ws["id"])
    body = strategy_fields()
    body.pop("from")
    try:
        data.update_strategy(get_db(), actor(), strategy, body)
    except DomainError as e:
        flash(e.message + " " + " ".join(m for ms in (e.fields or {}).values() for m in ms))
        return back(ws, session["id"], f"strategy-{strategy_id}")
    flash(_("Strategy saved."))
    return back(ws, session["id"], f"strategy-{strategy_id}")


@bp.post("/workshops/<int:workshop_id>/worksheet/strategies/<int:strategy_id>/delete")
@login_required
def worksheet_delete_strategy(workshop_id, strategy_id):
    """No-JavaScript twin of DELETE /api/v1/strategies/{id}."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    strategy = data.get_strategy(get_db(), strategy_id, ws["id"])
    data.delete_strategy(get_db(), actor(), strategy)
    flash(_("Strategy deleted."))
    return back(ws, strategy["session_id"], "strategy-heading")


# -- Keywords and the vision ------------------------------------------------------------------


@bp.post("/workshops/<int:workshop_id>/sessions/<int:session_id>/worksheet/keywords/merge")
@login_required
def worksheet_merge_keywords(workshop_id, session_id):
    """Count one keyword as another (a synonym), as the keywords API does."""
    ws, session = worksheet_session(workshop_id, session_id)
    try:
        data.merge_keywords(get_db(), actor(), session, posted())
    except DomainError as e:
        if e.status != 422:
            raise
        messages = [m for ms in (e.fields or {"": [e.message]}).values() for m in ms]
        return refused(ws, session, "page", FieldError({"merge": messages}))
    flash(_("Keywords merged."))
    return back(ws, session["id"], "kw-heading")


@bp.post("/workshops/<int:workshop_id>/sessions/<int:session_id>/worksheet/keyword-poll")
@login_required
def worksheet_keyword_poll(workshop_id, session_id):
    """No-JavaScript twin of POST /api/v1/sessions/{id}/keyword-poll: a draft poll whose
    options are the session's top keywords (rules/keyword_polls.py)."""
    ws, session = worksheet_session(workshop_id, session_id)
    try:
        poll = keyword_poll(get_db(), session, posted())
    except DomainError as e:
        return refused(ws, session, "poll", e)
    flash(_("Poll created (draft): %(title)s", title=poll["title"]))
    return back(ws, session["id"], "kw-heading")


def keyword_poll(db, session, body):
    """Validate the forms, then the rule takes the top keywords and creates the poll."""
    form = validate(KeywordPollForm, body)
    fields = form_data(validate(PollForm, {"title": form.title.data, "method": form.method.data}))
    return keyword_polls.poll_from_top_keywords(db, session, actor(), form.count.data, fields)


@bp.post("/workshops/<int:workshop_id>/worksheet/vision")
@login_required
def worksheet_vision(workshop_id):
    """No-JavaScript twin of PUT /api/v1/workshops/{id}/vision (missions one per line)."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    session = session_arg(ws)
    body = {
        "vision": request.form.get("vision", ""),
        "missions": [m.strip() for m in request.form.get("missions", "").splitlines() if m.strip()],
    }
    try:
        data.set_vision(get_db(), actor(), ws, body)
    except DomainError as e:
        if session is None or e.status != 422:
            raise
        return refused(ws, session, "vision", e, body)
    flash(_("Vision saved."))
    return back_to(ws, session, "vision-heading")


# -- Readiness items of the workshop ------------------------------------------------------------


def _items(workshop_id, aspect, op, item=None):
    """Add, rename or remove an item; a refused name comes back beside its input (422)."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    session = session_arg(ws)
    name = request.form.get("name_id", "")
    try:
        data.change_items(get_db(), actor(), ws, aspect, op, item, name)
    except DomainError as e:
        if session is None or e.status != 422:
            raise
        slot = f"add-{aspect}" if op == "add" else f"item-{aspect}-{item}"
        messages = [m for ms in (e.fields or {"": [e.message]}).values() for m in ms]
        return refused(ws, session, "page", FieldError({slot: messages}), {slot: name})
    flash({"add": _("Item added."), "rename": _("Saved."), "remove": _("Removed.")}[op])
    return back_to(ws, session, "items-heading")


@bp.post("/workshops/<int:workshop_id>/worksheet/readiness/<aspect>/items")
@login_required
def worksheet_add_item(workshop_id, aspect):
    """Add an item to an aspect of the workshop's readiness list (?session= comes back)."""
    return _items(workshop_id, aspect, "add")


@bp.post("/workshops/<int:workshop_id>/worksheet/readiness/<aspect>/items/<item>")
@login_required
def worksheet_rename_item(workshop_id, aspect, item):
    """Rename an item (its ratings keep its key)."""
    return _items(workshop_id, aspect, "rename", item)


@bp.post("/workshops/<int:workshop_id>/worksheet/readiness/<aspect>/items/<item>/delete")
@login_required
def worksheet_remove_item(workshop_id, aspect, item):
    """Remove an item from the list (ratings already given stay in the summary)."""
    return _items(workshop_id, aspect, "remove", item)
