"""A new workshop filled from the Bimtek Smart City template: the agenda laid over its days
(with the stages' names and every session's purpose), the default OPD roster and the six
dimensions with their elements (reference data in workshop/data/)."""

from .. import reference


def fill(db, workshop, now):
    """Agenda laid over the days from the start date, default OPDs, the six dimensions."""
    wid = workshop["id"]
    for day in reference.bimtek_agenda():
        if day["day"] > workshop["days"]:
            continue
        db.execute(
            "UPDATE days SET stage = ? WHERE workshop_id = ? AND number = ?",
            [day["stage"], wid, day["day"]],
        )
        for position, s in enumerate(day["sessions"]):
            db["sessions"].insert(
                {
                    "workshop_id": wid,
                    "day": day["day"],
                    "position": position,
                    "starts_at": s["starts_at"],
                    "ends_at": s["ends_at"],
                    "title": s["title"],
                    "kind": s["kind"],
                    "dimension": s.get("dimension"),
                    "status": "planned",
                    "purpose": s["purpose"],
                    "created_at": now,
                    "updated_at": now,
                }
            )
    db["opds"].insert_all(
        {"workshop_id": wid, "code": row["code"], "name": row["name"]}
        for row in reference.default_opds()
    )
    for position, dim in enumerate(reference.default_dimensions()):
        did = (
            db["dimensions"]
            .insert(
                {
                    "workshop_id": wid,
                    "key": dim["key"],
                    "name": dim["name"],
                    "name_id": dim["name_id"],
                    "position": position,
                }
            )
            .last_pk
        )
        db["elements"].insert_all(
            {
                "dimension_id": did,
                "key": el["key"],
                "name": el["name"],
                "name_id": el["name_id"],
                "position": i,
            }
            for i, el in enumerate(dim["elements"])
        )
