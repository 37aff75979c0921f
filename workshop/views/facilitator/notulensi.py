"""Notulensi without JavaScript, and the page "Keputusan dan tindak lanjut".

The console's notes editor posts here when JavaScript is off (with it, static/js/notes.js
autosaves through /api/v1/sessions/{id}/notes and /api/v1/notes/{id}). Same NoteForm and the
same rules (rules/notes.py: checks, store, pushes) as the API.
"""

from flask import flash, render_template
from flask_babel import gettext as _

from ...auth import current_principal, login_required
from ...db import get_db
from ...forms.console import NoteForm
from ...rules import DomainError
from ...rules import notes as notulensi
from ...store import agenda, notes, polls, roster
from ..access import public_workshop, workshop_for
from ..labels import choice_labels, full_date
from ..payloads import form_data, validate
from .blueprint import bp
from .console import back, console_session, failed, posted


def empty():
    """What the decisions page collects for one session."""
    return {"decision": [], "action": [], "polls": []}


# -- Notulensi --------------------------------------------------------------------------------


@bp.post("/workshops/<int:workshop_id>/console/sessions/<int:session_id>/notes")
@login_required
def console_add_note(workshop_id, session_id):
    """No-JavaScript twin of POST /api/v1/sessions/{id}/notes."""
    ws, session = console_session(workshop_id, session_id)
    try:
        fields = form_data(validate(NoteForm, posted()))
        note = notulensi.create_note(get_db(), session, fields, current_principal().id)
    except DomainError as e:
        return failed(ws, "note", e, session["id"])
    flash(_("%(kind)s saved.", kind=choice_labels(NoteForm.kind)[note["kind"]]))
    return back(ws, f"note-{note['id']}", session=session["id"])


def console_note(workshop_id, note_id):
    """(workshop, note row) of one of the caller's workshops; 404 for anyone else's."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    return ws, notes.get_note(get_db(), note_id, ws["id"])


@bp.post("/workshops/<int:workshop_id>/console/notes/<int:note_id>")
@login_required
def console_edit_note(workshop_id, note_id):
    """No-JavaScript twin of PATCH /api/v1/notes/{id} (every field of the editor)."""
    ws, row = console_note(workshop_id, note_id)
    try:
        changes = form_data(validate(NoteForm, posted()))
        note = notulensi.update_note(get_db(), ws["id"], note_id, changes, current_principal().id)
    except DomainError as e:
        return failed(ws, "note", e, row["session_id"])
    flash(_("%(kind)s saved.", kind=choice_labels(NoteForm.kind)[note["kind"]]))
    return back(ws, f"note-{note_id}", session=row["session_id"], note=None)


@bp.post("/workshops/<int:workshop_id>/console/notes/<int:note_id>/delete")
@login_required
def console_delete_note(workshop_id, note_id):
    """No-JavaScript twin of DELETE /api/v1/notes/{id} (after the confirmation in the page)."""
    ws, row = console_note(workshop_id, note_id)
    notulensi.delete_note(get_db(), ws["id"], note_id, current_principal().id)
    flash(_("Note deleted."))
    return back(ws, "console-notes", session=row["session_id"], note=None)


# -- Keputusan dan tindak lanjut ----------------------------------------------------------------


def decisions_by_day(db, ws):
    """Days → sessions → their decisions, action items and poll decisions (empty ones left out)."""
    found = {}
    for note in notulensi.decisions_and_actions(db, ws["id"]):
        found.setdefault(note["session_id"], empty())[note["kind"]].append(note)
    for poll in polls.list_polls(db, workshop_id=ws["id"]):
        for decision in polls.list_decisions(db, poll["id"]):
            entry = found.setdefault(poll["session_id"], empty())
            entry["polls"].append(dict(decision, poll_title=poll["title"]))
    days = []
    for day in agenda.agenda_days(db, ws):
        sessions = [dict(s, **found[s["id"]]) for s in day["sessions"] if s["id"] in found]
        if sessions:
            days.append(dict(day, label=full_date(day["date"]), sessions=sessions))
    return days


@bp.get("/workshops/<int:workshop_id>/decisions", endpoint="decisions")
@login_required
def decisions_page(workshop_id):
    """Every decision and action item of the workshop by day and session; printable."""
    ws = workshop_for(workshop_id, facilitator_only=True)
    db = get_db()
    days = decisions_by_day(db, ws)
    return render_template(
        "facilitator/decisions.html",
        workshop=public_workshop(ws, True),
        days=days,
        opds={o["id"]: o for o in roster.list_opds(db, ws["id"])},
        counts={
            kind: sum(len(s[kind]) for d in days for s in d["sessions"])
            for kind in ("decision", "action", "polls")
        },
    )
