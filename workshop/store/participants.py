"""Participants, their devices (hashed tokens) and attendance per day."""

import datetime

from . import Conflict, NotFound, audit, first, questions, utcnow, worksheets
from .accounts import hash_token, new_token

# A device's last-seen time (and today's attendance) is written at most this often.
TOUCH_INTERVAL = datetime.timedelta(minutes=2)
# Longest participant name (the form says so too).
NAME_MAX = 80


def _today():
    # The hall's calendar day: the server runs on a laptop in the hall's time zone.
    return datetime.date.today().isoformat()


def _public(row):
    return {
        "id": row["id"],
        "name": row["name"],
        "opd_id": row["opd_id"],
        "workshop_id": row["workshop_id"],
    }


def join(db, workshop_id, name, opd_id, label="", source=None):
    """A new participant with its first device; returns (participant, device token).

    `source` is a keyed hash of the address it joined from (see views/joining.py)."""
    now = utcnow()
    with db.atomic():
        pid = (
            db["participants"]
            .insert(
                {
                    "workshop_id": workshop_id,
                    "name": name,
                    "opd_id": opd_id,
                    "created_at": now,
                    "last_seen_at": now,
                    "join_source": source,
                }
            )
            .last_pk
        )
        token, _device_id = _add_device(db, pid, label, now)
        audit.record(
            db,
            "participant_joined",
            actor_kind="participant",
            actor_id=pid,
            workshop_id=workshop_id,
            obj=("participant", pid),
            details={"name": name, "opd_id": opd_id},
        )
    return get_participant(db, pid), token


def _add_device(db, participant_id, label, now):
    """A new device (token hashed at rest) that counts as present today: (token, device id)."""
    token = new_token()
    device_id = (
        db["devices"]
        .insert(
            {
                "participant_id": participant_id,
                "token_hash": hash_token(token),
                "label": label[:200],
                "created_at": now,
                "last_seen_at": now,
            }
        )
        .last_pk
    )
    db.execute(
        "INSERT OR IGNORE INTO attendance (participant_id, on_date, first_seen_at)"
        " VALUES (?, ?, ?)",
        [participant_id, _today(), now],
    )
    return token, device_id


def get_participant(db, participant_id, workshop_id=None):
    """The participant (with OPD code), or NotFound; scoped to a workshop when given."""
    row = first(
        db,
        "SELECT p.*, o.code AS opd_code, o.name AS opd_name FROM participants p"
        " JOIN opds o ON o.id = p.opd_id WHERE p.id = ?",
        [participant_id],
    )
    if row is None or (workshop_id is not None and row["workshop_id"] != workshop_id):
        raise NotFound("participant")
    result = _public(row)
    result.update(
        opd_code=row["opd_code"],
        opd_name=row["opd_name"],
        merged_into=row["merged_into"],
        created_at=row["created_at"],
        last_seen_at=row["last_seen_at"],
    )
    return result


def find_by_token(db, token):
    """The participant and device behind a live device token, or (None, None)."""
    row = first(
        db,
        "SELECT p.*, d.id AS device_id, d.last_seen_at AS device_seen FROM devices d"
        " JOIN participants p ON p.id = d.participant_id"
        " WHERE d.token_hash = ? AND d.revoked_at IS NULL AND p.merged_into IS NULL",
        [hash_token(token)],
    )
    if row is None:
        return None, None
    return row, {"id": row["device_id"], "last_seen_at": row["device_seen"]}


def touch(db, participant_id, device):
    """Record that a device is here now; True when this is its first sign of life today."""
    now = datetime.datetime.now(datetime.UTC)
    seen = datetime.datetime.fromisoformat(device["last_seen_at"].replace("Z", "+00:00"))
    if now - seen < TOUCH_INTERVAL and seen.astimezone().date().isoformat() == _today():
        return False
    stamp = utcnow()
    with db.atomic():
        db.execute("UPDATE devices SET last_seen_at = ? WHERE id = ?", [stamp, device["id"]])
        db.execute("UPDATE participants SET last_seen_at = ? WHERE id = ?", [stamp, participant_id])
        cursor = db.execute(
            "INSERT OR IGNORE INTO attendance (participant_id, on_date, first_seen_at)"
            " VALUES (?, ?, ?)",
            [participant_id, _today(), stamp],
        )
    return cursor.rowcount == 1


def record_attendance(db, participant_id, on_date, first_seen_at):
    """Mark a participant present on a date (imports and the demo; idempotent)."""
    db.execute(
        "INSERT OR IGNORE INTO attendance (participant_id, on_date, first_seen_at)"
        " VALUES (?, ?, ?)",
        [participant_id, on_date, first_seen_at],
    )


def list_participants(db, workshop_id, include_merged=False):
    """A workshop's participants with OPD and device counts, by OPD then name."""
    return list(
        db.query(
            "SELECT p.id, p.name, p.opd_id, p.workshop_id, p.merged_into, p.created_at,"
            " p.last_seen_at, o.code AS opd_code, o.name AS opd_name,"
            " (SELECT COUNT(*) FROM devices d WHERE d.participant_id = p.id"
            "   AND d.revoked_at IS NULL) AS devices"
            " FROM participants p JOIN opds o ON o.id = p.opd_id"
            " WHERE p.workshop_id = ? AND (? OR p.merged_into IS NULL)"
            " ORDER BY o.code COLLATE NOCASE, p.name",
            [workshop_id, int(include_merged)],
        )
    )


def list_devices(db, participant_id):
    """A participant's devices, newest first (tokens never leave the store)."""
    return list(
        db.query(
            "SELECT id, participant_id, label, created_at, last_seen_at, revoked_at"
            " FROM devices WHERE participant_id = ? ORDER BY id DESC",
            [participant_id],
        )
    )


def update_participant(db, participant_id, changes, actor_id):
    """Rename or move to another OPD (a facilitator's correction)."""
    changes = {k: v for k, v in changes.items() if k in ("name", "opd_id")}
    with db.atomic():
        p = get_participant(db, participant_id)
        if changes:
            db["participants"].update(participant_id, changes)
            audit.record(
                db,
                "participant_updated",
                actor_kind="facilitator",
                actor_id=actor_id,
                workshop_id=p["workshop_id"],
                obj=("participant", participant_id),
                details=changes,
            )
    return get_participant(db, participant_id)


def merge_participants(db, duplicate_id, survivor_id, actor_id):
    """Fold a duplicate into a survivor: (survivor, what was done).

    Attendance, proposals and worksheet entries move to the survivor. The duplicate's
    devices do NOT move: they are revoked (and its unused link codes dropped), so no
    facilitator can hand a device someone else's identity. Ballots: in participant-scope
    named polls the duplicate's ballot is removed and the survivor's stands (one person
    counts once, and no ballot is put in a name that did not cast it); ballots of anonymous
    polls and OPD ballots stay as they were cast, since removing an anonymous ballot would
    let its content be read off the change in the results.
    """
    if duplicate_id == survivor_id:
        raise Conflict("same_participant")
    now = utcnow()
    with db.atomic():
        dup = get_participant(db, duplicate_id)
        keep = get_participant(db, survivor_id, dup["workshop_id"])
        if dup["merged_into"] or keep["merged_into"]:
            raise Conflict("already_merged")
        revoked = db.execute(
            "UPDATE devices SET revoked_at = ? WHERE participant_id = ? AND revoked_at IS NULL",
            [now, duplicate_id],
        ).rowcount
        db.execute("DELETE FROM link_codes WHERE participant_id = ?", [duplicate_id])
        db.execute(
            "INSERT OR IGNORE INTO attendance (participant_id, on_date, first_seen_at)"
            " SELECT ?, on_date, first_seen_at FROM attendance WHERE participant_id = ?",
            [survivor_id, duplicate_id],
        )
        ideas = [
            r["id"]
            for r in db.query(
                "SELECT id FROM ideas WHERE participant_id = ? ORDER BY id", [duplicate_id]
            )
        ]
        # A client_id is unique per author: a moved proposal whose client_id the survivor
        # already used keeps no client_id (its replays were answered long ago).
        db.execute(
            "UPDATE ideas SET client_id = NULL WHERE participant_id = ? AND client_id IN"
            " (SELECT client_id FROM ideas WHERE participant_id = ? AND client_id IS NOT NULL)",
            [duplicate_id, survivor_id],
        )
        db.execute(
            "UPDATE ideas SET participant_id = ? WHERE participant_id = ?",
            [survivor_id, duplicate_id],
        )
        worksheets.move_author(db, duplicate_id, survivor_id)
        questions.move_author(db, duplicate_id, survivor_id)
        removed = db.execute(
            "DELETE FROM ballots WHERE participant_id = ? AND voter_key = ?"
            " AND poll_id IN (SELECT id FROM polls WHERE workshop_id = ?"
            " AND anonymous = 0 AND ballot_scope = 'participant')",
            [duplicate_id, f"p:{duplicate_id}", dup["workshop_id"]],
        ).rowcount
        # Who has voted in anonymous polls (never linked to a ballot): the duplicate's marks
        # become the survivor's, so one person cannot vote again after a re-open.
        db.execute(
            "INSERT OR IGNORE INTO poll_voters (poll_id, voter)"
            " SELECT poll_id, ? FROM poll_voters WHERE voter = ?",
            [f"p:{survivor_id}", f"p:{duplicate_id}"],
        )
        db.execute("DELETE FROM poll_voters WHERE voter = ?", [f"p:{duplicate_id}"])
        db.execute(
            "UPDATE participants SET merged_into = ? WHERE id = ?", [survivor_id, duplicate_id]
        )
        done = {
            "into": survivor_id,
            "devices_revoked": revoked,
            "ideas_moved": ideas,
            "named_ballots_removed": removed,
        }
        audit.record(
            db,
            "participant_merged",
            actor_kind="facilitator",
            actor_id=actor_id,
            workshop_id=dup["workshop_id"],
            obj=("participant", duplicate_id),
            details=done,
        )
    return get_participant(db, survivor_id), done


def revoke_device(db, device_id, workshop_id, actor_id):
    """Stop a device's token from working; returns the participant id."""
    with db.atomic():
        row = first(
            db,
            "SELECT d.*, p.workshop_id FROM devices d JOIN participants p"
            " ON p.id = d.participant_id WHERE d.id = ?",
            [device_id],
        )
        if row is None or row["workshop_id"] != workshop_id:
            raise NotFound("device")
        if row["revoked_at"] is None:
            db.execute("UPDATE devices SET revoked_at = ? WHERE id = ?", [utcnow(), device_id])
            audit.record(
                db,
                "device_revoked",
                actor_kind="facilitator",
                actor_id=actor_id,
                workshop_id=workshop_id,
                obj=("device", device_id),
                details={"participant_id": row["participant_id"]},
            )
    return row["participant_id"]


def attendance(db, workshop_id):
    """Daftar hadir rows: date, OPD, participant, first seen that day."""
    return list(
        db.query(
            "SELECT a.on_date, a.first_seen_at, p.id AS participant_id, p.name,"
            " o.id AS opd_id, o.code AS opd_code, o.name AS opd_name"
            " FROM attendance a JOIN participants p ON p.id = a.participant_id"
            " JOIN opds o ON o.id = p.opd_id"
            " WHERE p.workshop_id = ? AND p.merged_into IS NULL"
            " ORDER BY a.on_date, o.code COLLATE NOCASE, p.name",
            [workshop_id],
        )
    )


def device_workshop_id(db, device_id):
    """The workshop of a device's participant, or None for an unknown device."""
    row = first(
        db,
        "SELECT p.workshop_id FROM devices d JOIN participants p ON p.id = d.participant_id"
        " WHERE d.id = ?",
        [device_id],
    )
    return row["workshop_id"] if row else None


def create_link_code(db, participant_id, from_device_id, code_hash, expires_at):
    """Store a link code (its keyed hash) for a participant, replacing their unused ones;
    expired codes of everyone are dropped on the way. False when the hash is taken."""
    now = utcnow()
    with db.atomic():
        db.execute(
            "DELETE FROM link_codes WHERE expires_at <= ?"
            " OR (participant_id = ? AND used_at IS NULL)",
            [now, participant_id],
        )
        if first(db, "SELECT 1 AS x FROM link_codes WHERE code_hash = ?", [code_hash]):
            return False
        db["link_codes"].insert(
            {
                "participant_id": participant_id,
                "code_hash": code_hash,
                "created_at": now,
                "expires_at": expires_at,
                "from_device_id": from_device_id,
            }
        )
    return True


def use_link_code(db, code_hash, label):
    """Add a device to the participant a live, unused link code names: (participant, token),
    or (None, None) when the code is unknown, used, expired, or its showing device or its
    participant is no longer valid. The code is spent in the same transaction."""
    now = utcnow()
    with db.atomic():
        row = first(
            db,
            "SELECT l.id, l.participant_id, l.used_at, l.expires_at, p.workshop_id,"
            " p.merged_into, d.revoked_at AS from_revoked FROM link_codes l"
            " JOIN participants p ON p.id = l.participant_id"
            " JOIN devices d ON d.id = l.from_device_id WHERE l.code_hash = ?",
            [code_hash],
        )
        if (
            row is None
            or row["used_at"]
            or row["expires_at"] <= now
            or row["merged_into"]
            or row["from_revoked"]
        ):
            return None, None
        token, device_id = _add_device(db, row["participant_id"], label, now)
        db.execute(
            "UPDATE link_codes SET used_at = ?, device_id = ? WHERE id = ?",
            [now, device_id, row["id"]],
        )
        audit.record(
            db,
            "device_linked",
            actor_kind="participant",
            actor_id=row["participant_id"],
            workshop_id=row["workshop_id"],
            obj=("device", device_id),
            details={"participant_id": row["participant_id"]},
        )
    return get_participant(db, row["participant_id"]), token


def list_join_sources(db, workshop_id):
    """(id, join_source, created_at) of a workshop's participants who have a join source,
    by source then time."""
    return list(
        db.query(
            "SELECT id, join_source, created_at FROM participants"
            " WHERE workshop_id = ? AND join_source IS NOT NULL AND merged_into IS NULL"
            " ORDER BY join_source, created_at, id",
            [workshop_id],
        )
    )
