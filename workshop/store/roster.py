"""A workshop's OPD roster and its dimensions with their elements."""

from . import NotFound, first


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
