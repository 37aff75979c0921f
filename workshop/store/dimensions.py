"""A workshop's dimensions with their elements: ordered lists, keys that proposals use.

Writes that read first (duplicate checks, positions, swaps) run inside `db.atomic()`; the
outermost one takes the write lock (BEGIN IMMEDIATE), so the rules layer wraps each
operation in one.
"""

import sqlite3

from .. import reference
from . import Conflict, InUse, NotFound, audit, first

# Directions a dimension or element can move in the list.
DIRECTIONS = ("up", "down")
# Ordered lists: the next free position under a parent, and renumbering one row.
NEXT_POSITION = {
    "dimensions": "SELECT COALESCE(MAX(position), -1) + 1 AS p FROM dimensions"
    " WHERE workshop_id = ?",
    "elements": "SELECT COALESCE(MAX(position), -1) + 1 AS p FROM elements WHERE dimension_id = ?",
}
RENUMBER = {
    "dimensions": "UPDATE dimensions SET position = ? WHERE id = ?",
    "elements": "UPDATE elements SET position = ? WHERE id = ?",
}
# Keys are unique under a parent: a workshop's dimensions, a dimension's elements.
KEY_TAKEN = {
    "dimensions": "SELECT 1 AS x FROM dimensions WHERE workshop_id = ? AND key = ? AND id IS NOT ?",
    "elements": "SELECT 1 AS x FROM elements WHERE dimension_id = ? AND key = ? AND id IS NOT ?",
}
# The column that names a row's parent, and the Conflict code for a key already used there.
PARENT = {"dimensions": "workshop_id", "elements": "dimension_id"}
KEY_TAKEN_CODE = {"dimensions": "dimension_key_taken", "elements": "element_key_taken"}


def list_dimensions(db, workshop_id):
    """Dimensions in order, each with its elements in order (the API's shape)."""
    dims = list(
        db.query(
            "SELECT id, key, name, name_id, position FROM dimensions WHERE workshop_id = ?"
            " ORDER BY position, id",
            [workshop_id],
        )
    )
    elements = list(
        db.query(
            "SELECT e.id, e.dimension_id, e.key, e.name, e.name_id, e.position FROM elements e"
            " JOIN dimensions d ON d.id = e.dimension_id WHERE d.workshop_id = ?"
            " ORDER BY e.position, e.id",
            [workshop_id],
        )
    )
    for dim in dims:
        dim["elements"] = [
            {k: e[k] for k in ("id", "key", "name", "name_id", "position")}
            for e in elements
            if e["dimension_id"] == dim["id"]
        ]
    return dims


def get_dimension(db, dimension_id, workshop_id=None):
    """One dimension with its elements, or NotFound (also another workshop's)."""
    row = first(
        db,
        "SELECT id, workshop_id, key, name, name_id, position FROM dimensions WHERE id = ?",
        [dimension_id],
    )
    if row is None or (workshop_id is not None and row["workshop_id"] != workshop_id):
        raise NotFound("dimension")
    row["elements"] = list(
        db.query(
            "SELECT id, key, name, name_id, position FROM elements WHERE dimension_id = ?"
            " ORDER BY position, id",
            [dimension_id],
        )
    )
    return row


def get_element(db, element_id, workshop_id=None):
    """One element with its dimension's id, key and workshop, or NotFound."""
    row = first(
        db,
        "SELECT e.id, e.dimension_id, e.key, e.name, e.name_id, e.position,"
        " d.workshop_id, d.key AS dimension_key FROM elements e"
        " JOIN dimensions d ON d.id = e.dimension_id WHERE e.id = ?",
        [element_id],
    )
    if row is None or (workshop_id is not None and row["workshop_id"] != workshop_id):
        raise NotFound("element")
    return row


def _next_position(db, table, parent_id):
    return first(db, NEXT_POSITION[table], [parent_id])["p"]


def _idea_uses(db, workshop_id, dimension_key, element_key=None):
    """Proposals (other than withdrawn ones) tagged with this dimension, or this element."""
    sql = (
        "SELECT COUNT(*) AS n FROM ideas WHERE workshop_id = ? AND dimension = ?"
        " AND status != 'withdrawn'"
    )
    params = [workshop_id, dimension_key]
    if element_key is not None:
        sql += " AND element = ?"
        params.append(element_key)
    return first(db, sql, params)["n"]


def dimension_uses(db, workshop_id, key):
    """What refers to a dimension key: {"sessions": n, "ideas": m} (only non-zero counts)."""
    sessions = first(
        db,
        "SELECT COUNT(*) AS n FROM sessions WHERE workshop_id = ? AND dimension = ?",
        [workshop_id, key],
    )["n"]
    uses = {"sessions": sessions, "ideas": _idea_uses(db, workshop_id, key)}
    return {k: v for k, v in uses.items() if v}


def _key_taken(db, table, parent_id, key, exclude_id=None):
    return first(db, KEY_TAKEN[table], [parent_id, key, exclude_id])


def _append(db, table, parent_id, fields):
    """Insert a dimension or element at the end of its parent's list; its id.

    Conflict (dimension_key_taken / element_key_taken) when the key is already used there.
    """
    row = {
        PARENT[table]: parent_id,
        "key": fields["key"],
        "name": fields["name"],
        "name_id": fields["name_id"],
        "position": _next_position(db, table, parent_id),
    }
    try:
        return db[table].insert(row).last_pk
    except sqlite3.IntegrityError as e:
        raise Conflict(KEY_TAKEN_CODE[table]) from e


def create_dimension(db, workshop_id, fields, actor_id):
    """Add a dimension at the end; Conflict("dimension_key_taken") for a used key."""
    with db.atomic():
        if _key_taken(db, "dimensions", workshop_id, fields["key"]):
            raise Conflict("dimension_key_taken")
        dim_id = _insert_dimension(db, workshop_id, fields)
        audit.facilitator_action(
            db,
            "dimension_created",
            actor_id,
            workshop_id,
            ("dimension", dim_id),
            {"key": fields["key"]},
        )
    return get_dimension(db, dim_id)


def _insert_dimension(db, workshop_id, fields, elements=()):
    dim_id = _append(db, "dimensions", workshop_id, fields)
    db["elements"].insert_all(
        {
            "dimension_id": dim_id,
            "key": el["key"],
            "name": el["name"],
            "name_id": el["name_id"],
            "position": i,
        }
        for i, el in enumerate(elements)
    )
    return dim_id


def update_dimension(db, dimension_id, changes, actor_id):
    """Rename a dimension; its key only while nothing (sessions, proposals) refers to it."""
    changes = {k: v for k, v in changes.items() if k in ("key", "name", "name_id")}
    with db.atomic():
        dim = get_dimension(db, dimension_id)
        changes = {k: v for k, v in changes.items() if v != dim[k]}
        if "key" in changes:
            uses = dimension_uses(db, dim["workshop_id"], dim["key"])
            if uses:
                raise InUse("dimension_in_use", **uses)
            if _key_taken(db, "dimensions", dim["workshop_id"], changes["key"], dimension_id):
                raise Conflict("dimension_key_taken")
        if changes:
            db["dimensions"].update(dimension_id, changes)
            audit.facilitator_action(
                db,
                "dimension_updated",
                actor_id,
                dim["workshop_id"],
                ("dimension", dimension_id),
                changes,
            )
    return get_dimension(db, dimension_id)


def delete_dimension(db, dimension_id, actor_id):
    """Remove a dimension and its elements, unless sessions or proposals use it (InUse)."""
    with db.atomic():
        dim = get_dimension(db, dimension_id)
        uses = dimension_uses(db, dim["workshop_id"], dim["key"])
        if uses:
            raise InUse("dimension_in_use", **uses)
        db.execute("DELETE FROM dimensions WHERE id = ?", [dimension_id])
        audit.facilitator_action(
            db,
            "dimension_deleted",
            actor_id,
            dim["workshop_id"],
            ("dimension", dimension_id),
            {"key": dim["key"], "name": dim["name"]},
        )
    return dim


def _swap(db, table, ids, moving_id, direction):
    """Move one id a place up or down in an ordered list and renumber; False at an end."""
    i = ids.index(moving_id)
    j = i - 1 if direction == "up" else i + 1
    if not 0 <= j < len(ids):
        return False
    ids[i], ids[j] = ids[j], ids[i]
    for position, row_id in enumerate(ids):
        db.execute(RENUMBER[table], [position, row_id])
    return True


def move_dimension(db, dimension_id, direction, actor_id):
    """Swap a dimension with its neighbour (inside the caller's db.atomic()); (dimension, moved)."""
    if direction not in DIRECTIONS:
        raise ValueError(direction)
    with db.atomic():
        dim = get_dimension(db, dimension_id)
        ids = [d["id"] for d in list_dimensions(db, dim["workshop_id"])]
        moved = _swap(db, "dimensions", ids, dimension_id, direction)
        if moved:
            audit.facilitator_action(
                db,
                "dimension_moved",
                actor_id,
                dim["workshop_id"],
                ("dimension", dimension_id),
                {"direction": direction},
            )
    return get_dimension(db, dimension_id), moved


def create_element(db, dimension_id, fields, actor_id):
    """Add an element at the end of its dimension; Conflict("element_key_taken")."""
    with db.atomic():
        dim = get_dimension(db, dimension_id)
        if _key_taken(db, "elements", dimension_id, fields["key"]):
            raise Conflict("element_key_taken")
        element_id = _append(db, "elements", dimension_id, fields)
        audit.facilitator_action(
            db,
            "element_created",
            actor_id,
            dim["workshop_id"],
            ("element", element_id),
            {"dimension": dim["key"], "key": fields["key"]},
        )
    return get_element(db, element_id)


def update_element(db, element_id, changes, actor_id):
    """Rename an element; its key only while no proposal is tagged with it."""
    changes = {k: v for k, v in changes.items() if k in ("key", "name", "name_id")}
    with db.atomic():
        el = get_element(db, element_id)
        changes = {k: v for k, v in changes.items() if v != el[k]}
        if "key" in changes:
            used = _idea_uses(db, el["workshop_id"], el["dimension_key"], el["key"])
            if used:
                raise InUse("element_in_use", ideas=used)
            if _key_taken(db, "elements", el["dimension_id"], changes["key"], element_id):
                raise Conflict("element_key_taken")
        if changes:
            db["elements"].update(element_id, changes)
            audit.facilitator_action(
                db, "element_updated", actor_id, el["workshop_id"], ("element", element_id), changes
            )
    return get_element(db, element_id)


def delete_element(db, element_id, actor_id):
    """Remove an element no proposal is tagged with (InUse otherwise)."""
    with db.atomic():
        el = get_element(db, element_id)
        used = _idea_uses(db, el["workshop_id"], el["dimension_key"], el["key"])
        if used:
            raise InUse("element_in_use", ideas=used)
        db.execute("DELETE FROM elements WHERE id = ?", [element_id])
        audit.facilitator_action(
            db,
            "element_deleted",
            actor_id,
            el["workshop_id"],
            ("element", element_id),
            {"dimension": el["dimension_key"], "key": el["key"]},
        )
    return el


def move_element(db, element_id, direction, actor_id):
    """Swap an element with its neighbour (inside the caller's db.atomic()); (element, moved)."""
    if direction not in DIRECTIONS:
        raise ValueError(direction)
    with db.atomic():
        el = get_element(db, element_id)
        ids = [e["id"] for e in get_dimension(db, el["dimension_id"])["elements"]]
        moved = _swap(db, "elements", ids, element_id, direction)
        if moved:
            audit.facilitator_action(
                db,
                "element_moved",
                actor_id,
                el["workshop_id"],
                ("element", element_id),
                {"direction": direction},
            )
    return get_element(db, element_id), moved


def add_default_dimensions(db, workshop_id, actor_id):
    """Add the guide's dimensions (with their elements) whose keys are missing."""
    with db.atomic():
        taken = {d["key"] for d in list_dimensions(db, workshop_id)}
        ids = [
            _insert_dimension(db, workshop_id, dim, dim["elements"])
            for dim in reference.default_dimensions()
            if dim["key"] not in taken
        ]
        if ids:
            audit.facilitator_action(
                db,
                "dimension_defaults_added",
                actor_id,
                workshop_id,
                ("workshop", workshop_id),
                {"count": len(ids)},
            )
    return [get_dimension(db, i) for i in ids]
