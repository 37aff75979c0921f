"""A workshop's OPD roster (the organisations participants belong to).

Writes that read first (duplicate checks) run inside `db.atomic()`; the outermost one takes
the write lock (BEGIN IMMEDIATE), so the rules layer wraps each operation in one.
"""

import sqlite3

from .. import reference
from . import Conflict, InUse, NotFound, audit, first


def list_opds(db, workshop_id):
    """The roster, by short name."""
    return list(
        db.query(
            "SELECT id, workshop_id, code, name FROM opds WHERE workshop_id = ?"
            " ORDER BY code COLLATE NOCASE",
            [workshop_id],
        )
    )


def get_opd(db, opd_id, workshop_id=None):
    """One OPD, or NotFound (also when it belongs to another workshop)."""
    row = first(db, "SELECT id, workshop_id, code, name FROM opds WHERE id = ?", [opd_id])
    if row is None or (workshop_id is not None and row["workshop_id"] != workshop_id):
        raise NotFound("opd")
    return row


def find_opd_by_code(db, workshop_id, code, exclude_id=None):
    """The workshop's OPD with this short name in any letter case (Unicode-aware), or None."""
    folded = code.casefold()
    return next(
        (
            o
            for o in list_opds(db, workshop_id)
            if o["code"].casefold() == folded and o["id"] != exclude_id
        ),
        None,
    )


def _insert_opd(db, workshop_id, code, name):
    try:
        return db["opds"].insert({"workshop_id": workshop_id, "code": code, "name": name}).last_pk
    except sqlite3.IntegrityError as e:  # a concurrent writer got there first
        raise Conflict("opd_code_taken") from e


def create_opd(db, workshop_id, code, name, actor_id):
    """Add an OPD; Conflict("opd_code_taken") when the short name is already in the roster."""
    with db.atomic():
        if find_opd_by_code(db, workshop_id, code):
            raise Conflict("opd_code_taken")
        opd_id = _insert_opd(db, workshop_id, code, name)
        audit.facilitator_action(
            db, "opd_created", actor_id, workshop_id, ("opd", opd_id), {"code": code}
        )
    return get_opd(db, opd_id)


def update_opd(db, opd_id, changes, actor_id):
    """Change the short and/or full name; the short name stays unique in the workshop."""
    changes = {k: v for k, v in changes.items() if k in ("code", "name")}
    with db.atomic():
        opd = get_opd(db, opd_id)
        if "code" in changes and find_opd_by_code(db, opd["workshop_id"], changes["code"], opd_id):
            raise Conflict("opd_code_taken")
        changes = {k: v for k, v in changes.items() if v != opd[k]}
        if changes:
            try:
                db["opds"].update(opd_id, changes)
            except sqlite3.IntegrityError as e:
                raise Conflict("opd_code_taken") from e
            audit.facilitator_action(
                db, "opd_updated", actor_id, opd["workshop_id"], ("opd", opd_id), changes
            )
    return get_opd(db, opd_id)


def count_opd_participants(db, opd_id):
    """How many participants (merged ones too) name this OPD."""
    return first(db, "SELECT COUNT(*) AS n FROM participants WHERE opd_id = ?", [opd_id])["n"]


def delete_opd(db, opd_id, actor_id):
    """Remove an OPD nobody refers to; InUse("opd_in_use", participants=n) otherwise."""
    with db.atomic():
        opd = get_opd(db, opd_id)
        used = count_opd_participants(db, opd_id)
        if used:
            raise InUse("opd_in_use", participants=used)
        try:
            with db.atomic():
                db.execute("DELETE FROM opds WHERE id = ?", [opd_id])
        except sqlite3.IntegrityError as e:  # proposals or notes refer to it
            raise InUse("opd_in_use", records=1) from e
        audit.facilitator_action(
            db,
            "opd_deleted",
            actor_id,
            opd["workshop_id"],
            ("opd", opd_id),
            {"code": opd["code"], "name": opd["name"]},
        )
    return opd


def import_opds(db, workshop_id, rows, actor_id, action="opds_imported"):
    """Insert validated rows [(row_number, code, name)] all together, or none of them.

    Raises Conflict("opd_code_taken") with `.rows` = the row numbers whose short name is
    already in the roster (checked again here, under the caller's write lock).
    """
    with db.atomic():
        taken = {o["code"].casefold() for o in list_opds(db, workshop_id)}
        clashes = [number for number, code, _name in rows if code.casefold() in taken]
        if clashes:
            error = Conflict("opd_code_taken")
            error.rows = clashes
            raise error
        ids = [_insert_opd(db, workshop_id, code, name) for _n, code, name in rows]
        if ids:
            audit.facilitator_action(
                db,
                action,
                actor_id,
                workshop_id,
                ("workshop", workshop_id),
                {"count": len(ids), "codes": [code for _n, code, _name in rows]},
            )
    return [get_opd(db, i) for i in ids]


def add_default_opds(db, workshop_id, actor_id):
    """Add the default OPDs of a kota whose short names are missing; returns the new ones."""
    taken = {o["code"].casefold() for o in list_opds(db, workshop_id)}
    rows = [
        (number, row["code"], row["name"])
        for number, row in enumerate(reference.default_opds(), start=2)
        if row["code"].casefold() not in taken
    ]
    return import_opds(db, workshop_id, rows, actor_id, action="opd_defaults_added")
