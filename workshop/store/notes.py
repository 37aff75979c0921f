"""Notulensi: notes, decisions and action items per session."""

from . import NotFound, audit, first, utcnow

KINDS = ("note", "decision", "action")
FIELDS = ("kind", "body", "opd_id", "due_on")

_SELECT = (
    "SELECT n.*, o.code AS opd_code, s.title AS session_title, s.day AS session_day,"
    " f.username AS updated_by_name FROM notes n"
    " JOIN sessions s ON s.id = n.session_id LEFT JOIN opds o ON o.id = n.opd_id"
    " LEFT JOIN facilitators f ON f.id = n.updated_by"
)


def get_note(db, note_id, workshop_id=None):
    """One note, or NotFound."""
    row = first(db, _SELECT + " WHERE n.id = ?", [note_id])
    if row is None or (workshop_id is not None and row["workshop_id"] != workshop_id):
        raise NotFound("note")
    return row


def list_notes(db, session_id=None, workshop_id=None, kinds=KINDS):
    """Notes of a session, or of a whole workshop (e.g. its decisions and actions)."""
    marks = ", ".join("?" for _ in kinds)
    if session_id is not None:
        where, params = "n.session_id = ?", [session_id]
    else:
        where, params = "n.workshop_id = ?", [workshop_id]
    sql = (
        _SELECT  # noqa: S608 (placeholders only)
        + f" WHERE {where} AND n.kind IN ({marks}) ORDER BY s.day, s.position, n.id"
    )
    return list(db.query(sql, [*params, *kinds]))


def create_note(db, session, fields, actor_id):
    """A new note in a session."""
    now = utcnow()
    row = {k: fields.get(k) for k in FIELDS}
    row["body"] = row["body"] or ""
    row.update(
        workshop_id=session["workshop_id"],
        session_id=session["id"],
        created_by=actor_id,
        updated_by=actor_id,
        created_at=now,
        updated_at=now,
    )
    with db.atomic():
        note_id = db["notes"].insert(row).last_pk
        audit.record(
            db,
            "note_created",
            actor_kind="facilitator",
            actor_id=actor_id,
            workshop_id=session["workshop_id"],
            obj=("note", note_id),
            details={"kind": row["kind"]},
        )
    return get_note(db, note_id)


def update_note(db, note_id, changes, actor_id):
    """Autosave: replace the given fields (the audit keeps that it changed, not every keystroke)."""
    changes = {k: v for k, v in changes.items() if k in FIELDS}
    with db.atomic():
        note = get_note(db, note_id)
        changes.update(updated_at=utcnow(), updated_by=actor_id)
        db["notes"].update(note_id, changes)
        audit.record(
            db,
            "note_updated",
            actor_kind="facilitator",
            actor_id=actor_id,
            workshop_id=note["workshop_id"],
            obj=("note", note_id),
            details={k: v for k, v in changes.items() if k in ("kind", "opd_id", "due_on")},
        )
    return get_note(db, note_id)


def delete_note(db, note_id, actor_id):
    """Remove a note (the audit log keeps that it existed)."""
    with db.atomic():
        note = get_note(db, note_id)
        db.execute("DELETE FROM notes WHERE id = ?", [note_id])
        audit.record(
            db,
            "note_deleted",
            actor_kind="facilitator",
            actor_id=actor_id,
            workshop_id=note["workshop_id"],
            obj=("note", note_id),
            details={"kind": note["kind"], "body": note["body"][:200]},
        )
    return note
