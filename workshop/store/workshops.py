"""Workshops, their facilitators, join codes and projector keys."""

import datetime
import json
import secrets

from .. import reference
from . import Conflict, NotFound, audit, bimtek, first, utcnow

# Join codes avoid look-alikes (0/O, 1/I/L) so they can be read off a projector.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
# A join code and the participants' devices keep working this many days after the last day
# of the last stage (issue 17: stages months apart, follow-up reports afterwards).
CODE_GRACE_DAYS = 30
TEMPLATES = ("bimtek-smart-city", "empty")
# Workshop fields a facilitator may change after creation (`stages` through set_stages).
EDITABLE = (
    "title",
    "city",
    "year",
    "venue",
    "starts_on",
    "days",
    "open_between_until",
    "timezone",
    "period_start",
    "period_end",
)
# At most this many stages (Tahap I–IV), each this many days at most.
MAX_STAGES = 4
MAX_STAGE_DAYS = 10


def normalize_code(raw):
    """What people type ('ab c2 3d') → the stored form ('ABC23D')."""
    return "".join(ch for ch in (raw or "").upper() if not ch.isspace() and ch != "-")


def new_code():
    """A random join code from the unambiguous alphabet."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _unique_code(db):
    while True:
        code = new_code()
        if not first(db, "SELECT 1 AS x FROM workshops WHERE code = ?", [code]):
            return code


def stages_of(workshop):
    """The workshop's explicit stages [{"name","starts_on","days"}] ([] = one block)."""
    raw = workshop.get("stages") or "[]"
    return json.loads(raw) if isinstance(raw, str) else list(raw)


def blocks(workshop):
    """The stages, or one unnamed block from `starts_on` over `days` when none are set."""
    return stages_of(workshop) or [
        {"name": "", "starts_on": workshop["starts_on"], "days": workshop["days"]}
    ]


def ends_on(workshop):
    """The workshop's last day (date): the last day of its last stage."""
    last = blocks(workshop)[-1]
    return datetime.date.fromisoformat(last["starts_on"]) + datetime.timedelta(last["days"] - 1)


def valid_until(workshop):
    """The last date the join code and the participants' devices work."""
    return ends_on(workshop) + datetime.timedelta(days=CODE_GRACE_DAYS)


def code_expired(workshop, today=None):
    """Codes (and devices) stop working 30 days after the last stage's last day."""
    today = today or datetime.date.today()
    return today > valid_until(workshop)


def day_date(workshop, number):
    """The calendar date of day `number` (1-based, counted across the stages)."""
    for block in blocks(workshop):
        if number <= block["days"]:
            start = datetime.date.fromisoformat(block["starts_on"])
            return start + datetime.timedelta(days=number - 1)
        number -= block["days"]
    last = blocks(workshop)[-1]
    start = datetime.date.fromisoformat(last["starts_on"])
    return start + datetime.timedelta(days=last["days"] - 1 + number)


def set_stages(db, workshop_id, stages, actor_id):
    """Replace the stages (validated by the caller): `starts_on` becomes the first stage's
    first day, `days` their sum, and each agenda day takes its stage's name. [] keeps the
    dates and days as they are (one block). Conflict when removed days hold sessions."""
    with db.atomic():
        workshop = get_workshop(db, workshop_id)
        changes = {"stages": json.dumps(stages, ensure_ascii=False), "updated_at": utcnow()}
        if stages:
            total = sum(s["days"] for s in stages)
            if total != workshop["days"]:
                _resize_days(db, workshop, total)
            changes.update(starts_on=stages[0]["starts_on"], days=total)
            names = [stage["name"] for stage in stages for _ in range(stage["days"])]
            for number, name in enumerate(names, start=1):
                db.execute(
                    "UPDATE days SET stage = ? WHERE workshop_id = ? AND number = ?",
                    [name, workshop_id, number],
                )
        db["workshops"].update(workshop_id, changes)
        audit.record(
            db,
            "workshop_stages_set",
            actor_kind="facilitator",
            actor_id=actor_id,
            workshop_id=workshop_id,
            obj=("workshop", workshop_id),
            details={"stages": stages},
        )
    return get_workshop(db, workshop_id)


def create_workshop(db, facilitator_id, fields, template="bimtek-smart-city"):
    """Create a workshop owned by `facilitator_id`, filled from a template, in one transaction."""
    if template not in TEMPLATES:
        raise ValueError(f"unknown template {template}")
    now = utcnow()
    if fields.get("stages"):
        fields = dict(
            fields,
            starts_on=fields["stages"][0]["starts_on"],
            days=sum(s["days"] for s in fields["stages"]),
        )
    with db.atomic():
        wid = (
            db["workshops"]
            .insert(
                {
                    "title": fields["title"],
                    "city": fields["city"],
                    "year": fields.get("year") or int(fields["starts_on"][:4]),
                    "venue": fields.get("venue") or "",
                    "starts_on": fields["starts_on"],
                    "days": fields.get("days") or 4,
                    "timezone": fields.get("timezone") or "WIB",
                    "period_start": fields.get("period_start"),
                    "period_end": fields.get("period_end"),
                    "template": template,
                    "code": _unique_code(db),
                    "projector_key": secrets.token_urlsafe(18),
                    "created_by": facilitator_id,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            .last_pk
        )
        if facilitator_id is not None:
            db["workshop_facilitators"].insert(
                {"workshop_id": wid, "facilitator_id": facilitator_id, "added_at": now}
            )
        workshop = get_workshop(db, wid)
        for number in range(1, workshop["days"] + 1):
            db["days"].insert({"workshop_id": wid, "number": number, "stage": ""})
        # The workshop's own copy of the readiness list (facilitators edit it; issue 14).
        db["readiness_lists"].insert(
            {
                "workshop_id": wid,
                "body": json.dumps(reference.readiness_list()["aspects"], ensure_ascii=False),
                "updated_by": facilitator_id,
                "updated_at": now,
            }
        )
        if template == "bimtek-smart-city":
            bimtek.fill(db, workshop, now)
        if fields.get("stages"):
            workshop = set_stages(db, wid, fields["stages"], facilitator_id)
        audit.record(
            db,
            "workshop_created",
            actor_kind="facilitator",
            actor_id=facilitator_id,
            workshop_id=wid,
            obj=("workshop", wid),
            details={"title": workshop["title"], "template": template},
        )
    return get_workshop(db, wid)


def get_workshop(db, workshop_id):
    """The workshop row, or NotFound."""
    row = first(db, "SELECT * FROM workshops WHERE id = ?", [workshop_id])
    if row is None:
        raise NotFound("workshop")
    return row


def find_by_code(db, code):
    """The workshop a typed join code names, or None."""
    return first(db, "SELECT * FROM workshops WHERE code = ?", [normalize_code(code)])


def find_by_projector_key(db, key):
    """The workshop a projector key opens, or None."""
    return first(db, "SELECT * FROM workshops WHERE projector_key = ?", [key])


def can_access(db, facilitator_id, is_admin, workshop_id):
    """Whether a facilitator may see and change this workshop."""
    if is_admin:
        return first(db, "SELECT 1 AS x FROM workshops WHERE id = ?", [workshop_id]) is not None
    return (
        first(
            db,
            "SELECT 1 AS x FROM workshop_facilitators WHERE workshop_id = ? AND facilitator_id = ?",
            [workshop_id, facilitator_id],
        )
        is not None
    )


def list_workshops(db, facilitator_id, is_admin):
    """The workshops a facilitator sees (all of them for an admin), newest first."""
    if is_admin:
        return list(db.query("SELECT * FROM workshops ORDER BY starts_on DESC, id DESC"))
    return list(
        db.query(
            "SELECT w.* FROM workshops w JOIN workshop_facilitators wf ON wf.workshop_id = w.id"
            " WHERE wf.facilitator_id = ? ORDER BY w.starts_on DESC, w.id DESC",
            [facilitator_id],
        )
    )


def update_workshop(db, workshop_id, changes, actor_id):
    """Change workshop facts; adding days adds empty days, removing needs them empty."""
    changes = {k: v for k, v in changes.items() if k in EDITABLE}
    with db.atomic():
        workshop = get_workshop(db, workshop_id)
        if "days" in changes and changes["days"] != workshop["days"]:
            _resize_days(db, workshop, changes["days"])
        if changes:
            changes["updated_at"] = utcnow()
            db["workshops"].update(workshop_id, changes)
            audit.record(
                db,
                "workshop_updated",
                actor_kind="facilitator",
                actor_id=actor_id,
                workshop_id=workshop_id,
                obj=("workshop", workshop_id),
                details={k: v for k, v in changes.items() if k != "updated_at"},
            )
    return get_workshop(db, workshop_id)


def _resize_days(db, workshop, days):
    wid = workshop["id"]
    if days < workshop["days"]:
        used = first(
            db,
            "SELECT COUNT(*) AS n FROM sessions WHERE workshop_id = ? AND day > ?",
            [wid, days],
        )["n"]
        if used:
            raise Conflict("days_in_use")
        db.execute("DELETE FROM days WHERE workshop_id = ? AND number > ?", [wid, days])
    for number in range(workshop["days"] + 1, days + 1):
        db["days"].insert({"workshop_id": wid, "number": number, "stage": ""})


def regenerate_code(db, workshop_id, actor_id):
    """Replace the join code (the old one stops working); devices already joined stay in."""
    with db.atomic():
        code = _unique_code(db)
        db.execute(
            "UPDATE workshops SET code = ?, updated_at = ? WHERE id = ?",
            [code, utcnow(), workshop_id],
        )
        audit.record(
            db,
            "join_code_regenerated",
            actor_kind="facilitator",
            actor_id=actor_id,
            workshop_id=workshop_id,
            obj=("workshop", workshop_id),
        )
    return get_workshop(db, workshop_id)


def regenerate_projector_key(db, workshop_id, actor_id):
    """A new projector key: screens using the old URL stop following at once."""
    with db.atomic():
        db.execute(
            "UPDATE workshops SET projector_key = ?, updated_at = ? WHERE id = ?",
            [secrets.token_urlsafe(18), utcnow(), workshop_id],
        )
        audit.record(
            db,
            "projector_key_regenerated",
            actor_kind="facilitator",
            actor_id=actor_id,
            workshop_id=workshop_id,
            obj=("workshop", workshop_id),
        )
    return get_workshop(db, workshop_id)


def add_facilitator(db, workshop_id, facilitator_id, actor_id):
    """Make an account a co-facilitator; False when it already was."""
    with db.atomic():
        if can_access(db, facilitator_id, False, workshop_id):
            return False
        db["workshop_facilitators"].insert(
            {"workshop_id": workshop_id, "facilitator_id": facilitator_id, "added_at": utcnow()}
        )
        audit.record(
            db,
            "facilitator_added",
            actor_kind="facilitator",
            actor_id=actor_id,
            workshop_id=workshop_id,
            obj=("facilitator", facilitator_id),
        )
    return True


def list_workshop_facilitators(db, workshop_id):
    """Usernames of a workshop's facilitators."""
    return list(
        db.query(
            "SELECT f.id, f.username, f.role, wf.added_at FROM workshop_facilitators wf"
            " JOIN facilitators f ON f.id = wf.facilitator_id WHERE wf.workshop_id = ?"
            " ORDER BY wf.added_at, f.username",
            [workshop_id],
        )
    )


def facilitator_ids(db, workshop_id):
    """Ids of everyone who follows the workshop's dashboard pushes (admins included)."""
    rows = db.query(
        "SELECT facilitator_id AS id FROM workshop_facilitators WHERE workshop_id = ?"
        " UNION SELECT id FROM facilitators WHERE is_admin = 1",
        [workshop_id],
    )
    return [r["id"] for r in rows]
