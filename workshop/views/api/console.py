"""The facilitators' tools for the hall: what the projector shows, the timer, notulensi.

The rules live in rules/console.py (display, timer) and rules/notes.py; these routes parse
the JSON, call them and answer.
"""

from flask import jsonify, request

from ...auth import current_principal
from ...db import get_db
from ...forms.console import DisplayForm, NoteForm, TimerAddForm, TimerForm
from ...rules import console as hall
from ...rules import notes as notulensi
from ...store import agenda, display, notes
from ..access import workshop_for
from .blueprint import bp, created, doc, form_data, items, json_body, no_content, validate


def facilitator_workshop(workshop_id):
    """The workshop for a facilitator-only action: 404 outside it, 403 for its hall."""
    return workshop_for(workshop_id, facilitator_only=True)


@bp.get("/workshops/<int:workshop_id>/display")
@doc("What the projector shows now", responses={200: "{view, session_id, poll_id, text, sound}"})
def get_display(workshop_id):
    """The projector reads it with its key after every (re)connect."""
    workshop_for(workshop_id)
    return jsonify(display.get_display(get_db(), workshop_id))


@bp.put("/workshops/<int:workshop_id>/display")
@doc(
    "Switch the projector: join | ideas | results | timer | agenda | message",
    body=DisplayForm,
    responses={200: "the display state"},
)
def put_display(workshop_id):
    """Every projector of the workshop follows within a second."""
    workshop = facilitator_workshop(workshop_id)
    state = form_data(validate(DisplayForm, json_body()))
    return jsonify(hall.set_display(get_db(), workshop["id"], state, current_principal().id))


@bp.get("/workshops/<int:workshop_id>/timer")
@doc("The countdown: end time, remaining seconds, running", responses={200: "timer"})
def get_timer(workshop_id):
    """Screens count down locally from ends_at; server_time lets them correct their clock."""
    workshop_for(workshop_id)
    return jsonify(display.get_timer(get_db(), workshop_id))


@bp.post("/workshops/<int:workshop_id>/timer")
@doc(
    "Start a countdown of `seconds`",
    body=TimerForm,
    responses={200: "{ends_at, remaining, running}"},
)
def start_timer(workshop_id):
    """Replaces any running countdown."""
    facilitator_workshop(workshop_id)
    form = validate(TimerForm, json_body())
    return jsonify(
        hall.start_timer(get_db(), workshop_id, form.seconds.data, current_principal().id)
    )


@bp.delete("/workshops/<int:workshop_id>/timer")
@doc("Stop the countdown", responses={204: "stopped"})
def stop_timer(workshop_id):
    """Screens clear the timer."""
    facilitator_workshop(workshop_id)
    hall.stop_timer(get_db(), workshop_id, current_principal().id)
    return no_content()


@bp.post("/workshops/<int:workshop_id>/timer/pause")
@doc("Pause the countdown", responses={200: "timer"})
def pause_timer(workshop_id):
    """Remaining time is kept."""
    facilitator_workshop(workshop_id)
    return jsonify(hall.pause_timer(get_db(), workshop_id, current_principal().id))


@bp.post("/workshops/<int:workshop_id>/timer/resume")
@doc("Resume a paused countdown", responses={200: "timer"})
def resume_timer(workshop_id):
    """Continues from the remaining time."""
    facilitator_workshop(workshop_id)
    return jsonify(hall.resume_timer(get_db(), workshop_id, current_principal().id))


@bp.post("/workshops/<int:workshop_id>/timer/add")
@doc("Add (or remove) time, one minute by default", body=TimerAddForm, responses={200: "timer"})
def add_to_timer(workshop_id):
    """'+1 menit' on the console."""
    facilitator_workshop(workshop_id)
    body = json_body() if request.get_data() else {}
    form = validate(TimerAddForm, body)
    return jsonify(
        hall.add_to_timer(get_db(), workshop_id, form.seconds.data, current_principal().id)
    )


def session_of_facilitator(session_id):
    """(workshop, session row): 404 for an unknown session or another facilitator's."""
    session = agenda.get_session(get_db(), session_id)
    return workshop_for(session["workshop_id"], facilitator_only=True), session


@bp.get("/sessions/<int:session_id>/notes")
@doc("A session's notes, decisions and action items (facilitators)", responses={200: "{items}"})
def list_session_notes(session_id):
    """Oldest first."""
    _workshop, session = session_of_facilitator(session_id)
    return items(notulensi.session_notes(get_db(), session["id"]))


@bp.post("/sessions/<int:session_id>/notes")
@doc("Add a note, decision or action item", body=NoteForm, responses={201: "note"})
def create_note(session_id):
    """Action items may name an owner OPD and a due date."""
    _workshop, session = session_of_facilitator(session_id)
    fields = form_data(validate(NoteForm, json_body()))
    return created(notulensi.create_note(get_db(), session, fields, current_principal().id))


def note_workshop(note_id):
    """The workshop of a note the caller may change: 404 for an unknown note, then the checks."""
    return facilitator_workshop(notes.get_note(get_db(), note_id)["workshop_id"])


@bp.patch("/notes/<int:note_id>")
@doc("Change a note (the editor autosaves through this)", body=NoteForm, responses={200: "note"})
def update_note(note_id):
    """Other facilitators see the text change live."""
    workshop = note_workshop(note_id)
    changes = form_data(validate(NoteForm, json_body(), partial=True))
    return jsonify(
        notulensi.update_note(get_db(), workshop["id"], note_id, changes, current_principal().id)
    )


@bp.delete("/notes/<int:note_id>")
@doc("Delete a note", responses={204: "deleted"})
def delete_note(note_id):
    """The audit log keeps its first 200 characters."""
    workshop = note_workshop(note_id)
    notulensi.delete_note(get_db(), workshop["id"], note_id, current_principal().id)
    return no_content()


@bp.get("/workshops/<int:workshop_id>/decisions")
@doc("Every decision and action item of the workshop, by session", responses={200: "{items}"})
def list_decisions_and_actions(workshop_id):
    """The page 'Keputusan dan tindak lanjut'."""
    facilitator_workshop(workshop_id)
    return items(notulensi.decisions_and_actions(get_db(), workshop_id))
