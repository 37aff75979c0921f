"""The roster of a workshop: its OPDs, and its dimensions with their elements.

Every operation runs one store write inside `db.atomic()` (the outermost takes the write
lock), turns store conflicts into domain errors with a message a facilitator can act on,
and after the commit tells every open page to re-fetch the roster (roster_updated). The
JSON API and the roster page call these same functions.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _

from ..realtime import broadcast_roster_updated
from ..store import Conflict as StoreConflict
from ..store import InUse, dimensions, opds
from . import Conflict, field_error
from .opd_csv import read_opd_csv, rows_error


def check_opd(db, workshop_id, opd_id, field="opd_id"):
    """The OPD row when it belongs to this workshop; otherwise a 422 on `field`."""
    try:
        return opds.get_opd(db, opd_id, workshop_id)
    except LookupError as e:
        raise field_error(field, _("Choose an OPD from this workshop's list.")) from e


def in_use_error(e):
    """409 that says why the object is still needed and what to do first."""
    reasons = []
    if e.uses.get("participants"):
        reasons.append(
            _(
                "Participants still belong to this OPD (%(n)d). Move them to another OPD"
                " first, then delete it.",
                n=e.uses["participants"],
            )
        )
    if e.uses.get("records"):
        reasons.append(_("Proposals or notes still refer to this OPD, so it cannot be deleted."))
    if e.uses.get("sessions"):
        reasons.append(
            _(
                "Agenda sessions still use this dimension (%(n)d). Give them another"
                " dimension first.",
                n=e.uses["sessions"],
            )
        )
    if e.uses.get("ideas"):
        reasons.append(
            _(
                "Proposals are still tagged with it (%(n)d). Tag them differently first.",
                n=e.uses["ideas"],
            )
        )
    return Conflict(" ".join(reasons), code=str(e))


def key_in_use_error(e):
    """409 for a key change while sessions or proposals refer to the key."""
    error = in_use_error(e)
    error.message = _("The key cannot change now.") + " " + error.message
    return error


def _write(db, fn, *args):
    """One store write in its own transaction (BEGIN IMMEDIATE)."""
    with db.atomic():
        return fn(db, *args)


# --- OPDs ---------------------------------------------------------------------------------


def add_opd(db, workshop_id, fields, actor_id):
    """Add one OPD; 422 on a short name already in the roster."""
    try:
        opd = _write(db, opds.create_opd, workshop_id, fields["code"], fields["name"], actor_id)
    except StoreConflict as e:
        raise field_error("code", _("This short name is already in the roster.")) from e
    broadcast_roster_updated(workshop_id)
    return opd


def change_opd(db, opd, fields, actor_id):
    """Change an OPD's names; 422 on a short name already in the roster."""
    try:
        changed = _write(db, opds.update_opd, opd["id"], fields, actor_id)
    except StoreConflict as e:
        raise field_error("code", _("This short name is already in the roster.")) from e
    broadcast_roster_updated(opd["workshop_id"])
    return changed


def remove_opd(db, opd, actor_id):
    """Delete an OPD; 409 (opd_in_use) while participants belong to it."""
    try:
        _write(db, opds.delete_opd, opd["id"], actor_id)
    except InUse as e:
        raise in_use_error(e) from e
    broadcast_roster_updated(opd["workshop_id"])


def import_opd_csv(db, workshop_id, raw, actor_id):
    """Check every row of an uploaded CSV, then add them all, or nothing (422)."""
    existing = opds.list_opds(db, workshop_id)
    rows = read_opd_csv(raw, {o["code"].casefold() for o in existing})
    try:
        added = _write(db, opds.import_opds, workshop_id, rows, actor_id)
    except StoreConflict as e:  # another facilitator added one of these meanwhile
        codes = {number: code for number, code, _name in rows}
        messages = [
            _(
                'Row %(row)d: the short name "%(code)s" is already in the roster.',
                row=n,
                code=codes[n],
            )
            for n in getattr(e, "rows", [])
        ]
        changed = _("The roster changed meanwhile. Import the file again.")
        raise rows_error(messages or [changed]) from e
    broadcast_roster_updated(workshop_id)
    return added


def load_default_opds(db, workshop_id, actor_id):
    """Add the default OPDs of a kota that are missing."""
    added = _write(db, opds.add_default_opds, workshop_id, actor_id)
    if added:
        broadcast_roster_updated(workshop_id)
    return added


# --- Dimensions and elements --------------------------------------------------------------
#
# A dimension and an element are handled the same way: add at the end, change (409 for a key
# that is in use, 422 for a key already taken), delete (409 while in use), move up or down.
# A `Level` says which store functions and which "key already used" message belong to each.


@dataclass(frozen=True)
class Level:
    """One level of the dimension tree: its store operations and its taken-key message."""

    create: Callable
    update: Callable
    delete: Callable
    move: Callable
    key_taken: Callable[[], str]  # called at request time so the message is translated


DIMENSION = Level(
    create=dimensions.create_dimension,
    update=dimensions.update_dimension,
    delete=dimensions.delete_dimension,
    move=dimensions.move_dimension,
    key_taken=lambda: _("Another dimension already has this key."),
)
ELEMENT = Level(
    create=dimensions.create_element,
    update=dimensions.update_element,
    delete=dimensions.delete_element,
    move=dimensions.move_element,
    key_taken=lambda: _("Another element of this dimension has this key."),
)


def add_item(db, level, parent_id, workshop_id, fields, actor_id):
    """Add a dimension (parent: the workshop) or element (parent: its dimension) at the end.

    422 on a key already used among its siblings.
    """
    try:
        item = _write(db, level.create, parent_id, fields, actor_id)
    except StoreConflict as e:
        raise field_error("key", level.key_taken()) from e
    broadcast_roster_updated(workshop_id)
    return item


def change_item(db, level, item, fields, actor_id):
    """Rename a dimension or element; 409 for a key in use, 422 for a key already used."""
    try:
        changed = _write(db, level.update, item["id"], fields, actor_id)
    except InUse as e:
        raise key_in_use_error(e) from e
    except StoreConflict as e:
        raise field_error("key", level.key_taken()) from e
    broadcast_roster_updated(item["workshop_id"])
    return changed


def remove_item(db, level, item, actor_id):
    """Delete a dimension (with its elements) or an element; 409 while something uses it."""
    try:
        _write(db, level.delete, item["id"], actor_id)
    except InUse as e:
        raise in_use_error(e) from e
    broadcast_roster_updated(item["workshop_id"])


def shift_item(db, level, item, direction, actor_id):
    """Swap a dimension or element with its neighbour above or below: (item, moved)."""
    moved_item, moved = _write(db, level.move, item["id"], direction, actor_id)
    if moved:
        broadcast_roster_updated(item["workshop_id"])
    return moved_item, moved


def load_default_dimensions(db, workshop_id, actor_id):
    """Add the guide's six dimensions (with elements) whose keys are missing."""
    added = _write(db, dimensions.add_default_dimensions, workshop_id, actor_id)
    if added:
        broadcast_roster_updated(workshop_id)
    return added
