"""Notulensi: notes, decisions and action items of a session.

The console's notes editor reaches these through the JSON API (autosave) and through the
plain forms of the console page (without JavaScript); both call the functions here, so they
accept the same fields, record the same audit entries and push the same events. An action
item may name an owner OPD (one of the workshop's) and a due date.
"""

from ..markup import render
from ..realtime import broadcast_note_created, broadcast_note_removed, broadcast_note_updated
from ..store import notes
from .roster import check_opd

# Kinds of notes the page "Keputusan dan tindak lanjut" lists.
DECISION_KINDS = ("decision", "action")

_PUBLIC = (
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


def public_note(row):
    """A note as the API and the pages show it, with its safe HTML rendering."""
    data = {k: row[k] for k in _PUBLIC}
    data["html"] = render(row["body"])
    return data


def get_note(db, note_id, workshop_id):
    """One note of the workshop (public form), or NotFound."""
    return public_note(notes.get_note(db, note_id, workshop_id))


def session_notes(db, session_id):
    """A session's notes, oldest first."""
    return [public_note(n) for n in notes.list_notes(db, session_id=session_id)]


def decisions_and_actions(db, workshop_id):
    """Every decision and action item of the workshop, by day and session."""
    rows = notes.list_notes(db, workshop_id=workshop_id, kinds=DECISION_KINDS)
    return [public_note(n) for n in rows]


def _checked(db, workshop_id, fields):
    """The fields as the store takes them: the owner OPD is the workshop's, dates as ISO text."""
    fields = dict(fields)
    if fields.get("opd_id") is not None:
        check_opd(db, workshop_id, fields["opd_id"])
    if fields.get("due_on") is not None:
        fields["due_on"] = fields["due_on"].isoformat()
    return fields


def create_note(db, session, fields, actor_id):
    """A new note in `session` (a session row) from NoteForm's data; pushes note_created."""
    with db.atomic():
        row = notes.create_note(db, session, _checked(db, session["workshop_id"], fields), actor_id)
    note = public_note(row)
    broadcast_note_created(note, session["workshop_id"])
    return note


def update_note(db, workshop_id, note_id, changes, actor_id):
    """Replace the given fields of a note of the workshop (autosave); pushes note_updated."""
    with db.atomic():
        notes.get_note(db, note_id, workshop_id)
        row = notes.update_note(db, note_id, _checked(db, workshop_id, changes), actor_id)
    note = public_note(row)
    broadcast_note_updated(note, workshop_id)
    return note


def delete_note(db, workshop_id, note_id, actor_id):
    """Delete a note of the workshop (the audit keeps its first 200 characters); pushes
    note_removed. Returns the deleted row."""
    with db.atomic():
        notes.get_note(db, note_id, workshop_id)
        row = notes.delete_note(db, note_id, actor_id)
    broadcast_note_removed(note_id, row["session_id"], workshop_id)
    return row
