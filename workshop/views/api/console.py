"""The facilitators' tools for the hall: what the projector shows, the timer, notulensi."""

from flask import jsonify, request
from flask_babel import gettext as _

from ...auth import current_principal
from ...db import get_db
from ...errors import ApiError
from ...forms.console import DisplayForm, NoteForm, TimerAddForm, TimerForm
from ...markup import render
from ...realtime import (
    broadcast_display,
    broadcast_note_created,
    broadcast_note_removed,
    broadcast_note_updated,
    broadcast_timer,
)
from ...rules import field_error
from ...rules.roster import check_opd
from ...store import agenda, display, notes, polls
from ..access import workshop_for
from .agenda import session_in_reach
from .blueprint import bp, created, doc, form_data, items, json_body, no_content, validate


def facilitator_workshop(workshop_id):
    principal = current_principal()
    if not principal.is_facilitator:
        raise ApiError(
            401 if principal.kind == "anonymous" else 403, _("Only facilitators can do this.")
        )
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
    form = validate(DisplayForm, json_body())
    state = form_data(form)
    db = get_db()
    if state["view"] == "ideas":
        if not state["session_id"]:
            raise field_error("session_id", _("Choose the session whose wall to show."))
        agenda.get_session(db, state["session_id"], workshop["id"])
    if state["view"] == "results":
        if not state["poll_id"]:
            raise field_error("poll_id", _("Choose the poll whose results to show."))
        try:
            polls.get_poll(db, state["poll_id"], workshop["id"])
        except LookupError as e:
            raise field_error("poll_id", _("Choose a poll of this workshop.")) from e
    if state["view"] == "message" and not state["text"]:
        raise field_error("text", _("Write the message to show."))
    if state["session_id"]:
        try:
            agenda.get_session(db, state["session_id"], workshop["id"])
        except LookupError as e:
            raise field_error("session_id", _("Choose a session of this workshop.")) from e
    stored = display.set_display(db, workshop_id, state, current_principal().id)
    broadcast_display(stored, workshop_id)
    return jsonify(stored)


@bp.get("/workshops/<int:workshop_id>/timer")
@doc("The countdown: end time, remaining seconds, running", responses={200: "timer"})
def get_timer(workshop_id):
    """Screens count down locally from ends_at; server_time lets them correct their clock."""
    workshop_for(workshop_id)
    return jsonify(display.get_timer(get_db(), workshop_id))


def push_timer(workshop_id, state):
    broadcast_timer(state, workshop_id)
    return jsonify(state)


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
    state = display.start_timer(get_db(), workshop_id, form.seconds.data, current_principal().id)
    return push_timer(workshop_id, state)


@bp.delete("/workshops/<int:workshop_id>/timer")
@doc("Stop the countdown", responses={204: "stopped"})
def stop_timer(workshop_id):
    """Screens clear the timer."""
    facilitator_workshop(workshop_id)
    state = display.stop_timer(get_db(), workshop_id, current_principal().id)
    broadcast_timer(state, workshop_id)
    return no_content()


@bp.post("/workshops/<int:workshop_id>/timer/pause")
@doc("Pause the countdown", responses={200: "timer"})
def pause_timer(workshop_id):
    """Remaining time is kept."""
    facilitator_workshop(workshop_id)
    return push_timer(
        workshop_id, display.pause_timer(get_db(), workshop_id, current_principal().id)
    )


@bp.post("/workshops/<int:workshop_id>/timer/resume")
@doc("Resume a paused countdown", responses={200: "timer"})
def resume_timer(workshop_id):
    """Continues from the remaining time."""
    facilitator_workshop(workshop_id)
    return push_timer(
        workshop_id, display.resume_timer(get_db(), workshop_id, current_principal().id)
    )


@bp.post("/workshops/<int:workshop_id>/timer/add")
@doc("Add (or remove) time, one minute by default", body=TimerAddForm, responses={200: "timer"})
def add_to_timer(workshop_id):
    """'+1 menit' on the console."""
    facilitator_workshop(workshop_id)
    body = json_body() if request.get_data() else {}
    form = validate(TimerAddForm, body)
    seconds = form.seconds.data if form.seconds.data is not None else 60
    state = display.add_to_timer(get_db(), workshop_id, seconds, current_principal().id)
    return push_timer(workshop_id, state)


def public_note(row):
    """A note as the API returns it, with its safe HTML rendering."""
    data = {
        k: row[k]
        for k in (
            "id",
            "workshop_id",
            "session_id",
            "kind",
            "body",
            "opd_id",
            "opd_code",
            "due_on",
            "created_at",
            "updated_at",
            "updated_by_name",
            "session_title",
            "session_day",
        )
    }
    data["html"] = render(row["body"])
    return data


def check_note_fields(workshop_id, changes):
    if changes.get("opd_id") is not None:
        check_opd(get_db(), workshop_id, changes["opd_id"])
    if changes.get("due_on") is not None:
        changes["due_on"] = changes["due_on"].isoformat()


@bp.get("/sessions/<int:session_id>/notes")
@doc("A session's notes, decisions and action items (facilitators)", responses={200: "{items}"})
def list_session_notes(session_id):
    """Oldest first."""
    workshop, _session = session_in_reach(session_id, facilitator_only=True)
    facilitator_workshop(workshop["id"])
    return items([public_note(n) for n in notes.list_notes(get_db(), session_id=session_id)])


@bp.post("/sessions/<int:session_id>/notes")
@doc("Add a note, decision or action item", body=NoteForm, responses={201: "note"})
def create_note(session_id):
    """Action items may name an owner OPD and a due date."""
    workshop, session = session_in_reach(session_id, facilitator_only=True)
    facilitator_workshop(workshop["id"])
    form = validate(NoteForm, json_body())
    fields = form_data(form)
    check_note_fields(workshop["id"], fields)
    note = public_note(notes.create_note(get_db(), session, fields, current_principal().id))
    broadcast_note_created(note, workshop["id"])
    return created(note)


def note_in_reach(note_id):
    row = notes.get_note(get_db(), note_id)
    facilitator_workshop(row["workshop_id"])
    return row


@bp.patch("/notes/<int:note_id>")
@doc("Change a note (the editor autosaves through this)", body=NoteForm, responses={200: "note"})
def update_note(note_id):
    """Other facilitators see the text change live."""
    row = note_in_reach(note_id)
    form = validate(NoteForm, json_body(), partial=True)
    changes = form_data(form)
    check_note_fields(row["workshop_id"], changes)
    note = public_note(notes.update_note(get_db(), note_id, changes, current_principal().id))
    broadcast_note_updated(note, row["workshop_id"])
    return jsonify(note)


@bp.delete("/notes/<int:note_id>")
@doc("Delete a note", responses={204: "deleted"})
def delete_note(note_id):
    """The audit log keeps its first 200 characters."""
    row = note_in_reach(note_id)
    notes.delete_note(get_db(), note_id, current_principal().id)
    broadcast_note_removed(note_id, row["session_id"], row["workshop_id"])
    return no_content()


@bp.get("/workshops/<int:workshop_id>/decisions")
@doc("Every decision and action item of the workshop, by session", responses={200: "{items}"})
def list_decisions_and_actions(workshop_id):
    """The page 'Keputusan dan tindak lanjut'."""
    facilitator_workshop(workshop_id)
    rows = notes.list_notes(get_db(), workshop_id=workshop_id, kinds=("decision", "action"))
    return items([public_note(n) for n in rows])
