"""The facilitator's curation page of a worksheet session (issue 14), without JavaScript too.

One page per session, by its purpose: readiness (heat map, notes to quote, the workshop's
readiness items), swot (quadrants: edit, hide, merge, TOWS strategies), vision (keywords,
synonyms, a poll from the top keywords, the adopted vision and missions) and strategy
(statements per dimension). Every form posts to a route here (post/redirect/get with a flash,
or the page again with the messages beside the fields and 422); with JavaScript,
static/js/worksheet-console.js sends the same change to the JSON API and re-renders the page's
live parts. Both paths call the same rules (rules/worksheets.py, rules/keyword_polls.py,
rules/console.py), so they accept the same input, audit and push the same way.
"""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...auth import current_principal, login_required
from ...db import get_db
from ...forms.agenda import SessionForm
from ...forms.console import DisplayForm
from ...forms.keyword_polls import KeywordPollForm
from ...rules import DomainError
from ...rules import console as hall
from ...store import agenda, display, polls
from ..access import public_workshop, workshop_for
from ..labels import choice_labels, dimension_names, dimensions_with_elements
from ..payloads import form_data, validate
from . import worksheet_data as data
from .blueprint import bp

TEMPLATE = "facilitator/worksheet.html"
# The projector shows a worksheet session with the "ideas" view (the session's screen): its
# script draws the heat map, the quadrants or the word cloud by the session's purpose.
SCREEN_VIEW = "ideas"


def posted():
    """The submitted fields as the JSON API would receive them (without the CSRF token)."""
    return {k: v for k, v in request.form.items() if k != "csrf_token"}


def actor():
    return current_principal().id


def worksheet_session(workshop_id, session_id):
    """(workshop, session) of one of the caller's workshops; 404 for anyone else's."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    return ws, agenda.get_session(get_db(), session_id, ws["id"])


def back(ws, session_id, anchor=None):
    return redirect(
        url_for(".worksheet", workshop_id=ws["id"], session_id=session_id, _anchor=anchor)
    )


def render_worksheet(ws, session, status=200, errors=None, values=None):
    """The page; a refused form comes back with its values and messages (`errors[form]`)."""
    db = get_db()
    errors, values = errors or {}, values or {}
    purpose = session["purpose"]
    dims = dimension_names(ws["id"], db)
    shown = display.get_display(db, ws["id"])
    context = {
        "workshop": public_workshop(ws, True),
        "session": session,
        "purpose": purpose,
        "purposes": choice_labels(SessionForm.purpose),
        "session_statuses": choice_labels(SessionForm.status),
        "dimensions": dims,
        "element_options": dimensions_with_elements(ws["id"], db),
        "screen_view": SCREEN_VIEW,
        "on_screen": shown["view"] == SCREEN_VIEW and shown["session_id"] == session["id"],
        "limits": data.LIMITS,
        "errors": errors.get("page", {}),
        "values": values.get("page", {}),
        "message": None,
        "picked": [int(v) for v in (values.get("strategy") or {}).get("from", [])],
        "strategy_values": values.get("strategy") or {},
        "strategy_errors": errors.get("strategy") or {},
        "vision_errors": errors.get("vision") or {},
        "tows_types": data.tows_types(),
        "quadrants": data.quadrants(),
    }
    entries = data.session_entries(db, session)
    if purpose == "readiness":
        context["readiness"] = data.readiness(db, ws, session)
        context["ratings"] = data.ratings(db, ws["id"])
        context["rating_names"] = {r["key"]: r["name"] for r in context["ratings"]}
    if purpose == "swot":
        context["entries_by_quadrant"] = {
            q["key"]: [e for e in entries if e["quadrant"] == q["key"]] for q in data.quadrants()
        }
    if purpose == "strategy":
        context["statements"] = entries
        others = {e["dimension"] for e in entries if e["dimension"] and e["dimension"] not in dims}
        order = [*dims, *sorted(others), None]
        context["statement_groups"] = [
            (key, [e for e in entries if e["dimension"] == key])
            for key in order
            if any(e["dimension"] == key for e in entries)
        ]
    if purpose in ("swot", "strategy"):
        context["strategies"] = data.strategies(db, session, entries)
    if purpose == "vision":
        context["keywords"] = data.keywords(db, session)
        context["vision_entries"] = entries
        vision = data.vision(db, ws["id"])
        if values.get("vision") is not None:
            vision = {
                "vision": values["vision"].get("vision", ""),
                "missions": values["vision"].get("missions", []),
            }
        context["vision"] = vision
        context["session_polls"] = polls.list_polls(db, session_id=session["id"])
        poll_values = values.get("poll")
        form = KeywordPollForm(
            formdata=None if poll_values is None else request.form,
            data={"title": _("Vision keywords"), "count": 5, "method": "dots"},
            meta={"csrf": False},
        )
        for name, messages in (errors.get("poll") or {}).items():
            if name in form._fields:
                form[name].errors = list(messages)
        context["poll_form"] = form
    return render_template(TEMPLATE, **context), status


def refused(ws, session, name, error, values=None):
    """A plain form was refused: 422 with the messages; other refusals as a flash."""
    if error.status != 422:
        flash(error.message)
        return back(ws, session["id"])
    return render_worksheet(
        ws,
        session,
        422,
        errors={name: error.fields or {"": [error.message]}},
        values={name: values if values is not None else posted()},
    )


def entry_session(ws, entry_id):
    """(entry, session) for an entry of this workshop; 404 otherwise."""
    db = get_db()
    entry = data.get_entry(db, entry_id, ws["id"])
    return entry, agenda.get_session(db, entry["session_id"], ws["id"])


# -- The page ---------------------------------------------------------------------------------


@bp.get("/workshops/<int:workshop_id>/sessions/<int:session_id>/worksheet", endpoint="worksheet")
@login_required
def worksheet_page(workshop_id, session_id):
    """Curate one worksheet session: what its purpose collects, live."""
    ws, session = worksheet_session(workshop_id, session_id)
    return render_worksheet(ws, session)


@bp.post("/workshops/<int:workshop_id>/sessions/<int:session_id>/worksheet/display")
@login_required
def worksheet_display(workshop_id, session_id):
    """Show this worksheet on the projector (PUT /api/v1/workshops/{id}/display)."""
    ws, session = worksheet_session(workshop_id, session_id)
    try:
        state = form_data(validate(DisplayForm, {**posted(), "session_id": session["id"]}))
        stored = hall.set_display(get_db(), ws["id"], state, actor())
    except DomainError as e:
        flash(e.message)
        return back(ws, session["id"])
    flash(_("The screen shows: %(view)s", view=choice_labels(DisplayForm.view)[stored["view"]]))
    return back(ws, session["id"])


# -- Entries: edit, hide/show, merge, quote ------------------------------------------------------


def _entry_change(workshop_id, entry_id, fields, anchor_of=lambda e: f"entry-{e['id']}"):
    ws = workshop_for(workshop_id, facilitator_only=True)
    entry, session = entry_session(ws, entry_id)
    changes = {k: v for k, v in posted().items() if k in fields}
    try:
        data.update_entry(get_db(), actor(), entry, changes)
    except DomainError as e:
        if e.status == 422:
            flash(" ".join(m for ms in (e.fields or {"": [e.message]}).values() for m in ms))
        else:
            flash(e.message)
        return back(ws, session["id"], anchor_of(entry))
    flash(_("Saved."))
    return back(ws, session["id"], anchor_of(entry))


@bp.post("/workshops/<int:workshop_id>/worksheet/entries/<int:entry_id>")
@login_required
def worksheet_edit_entry(workshop_id, entry_id):
    """No-JavaScript twin of PATCH /api/v1/entries/{id} (text, quadrant, dimension)."""
    return _entry_change(workshop_id, entry_id, ("text", "quadrant", "dimension", "element"))


@bp.post("/workshops/<int:workshop_id>/worksheet/entries/<int:entry_id>/status")
@login_required
def worksheet_entry_status(workshop_id, entry_id):
    """Hide an entry from the hall or show it again (PATCH … {"status"})."""
    return _entry_change(workshop_id, entry_id, ("status",))


@bp.post("/workshops/<int:workshop_id>/worksheet/entries/<int:entry_id>/merge")
@login_required
def worksheet_merge_entry(workshop_id, entry_id):
    """Merge a duplicate into the entry chosen to stay (PATCH … {"merged_into"})."""
    return _entry_change(workshop_id, entry_id, ("merged_into",))


@bp.post("/workshops/<int:workshop_id>/worksheet/entries/<int:entry_id>/quote")
@login_required
def worksheet_quote_entry(workshop_id, entry_id):
    """Mark a readiness note for the document to quote, or unmark it (PATCH … {"quoted"})."""
    return _entry_change(workshop_id, entry_id, ("quoted",))
