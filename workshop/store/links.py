"""Link codes: a participant adds a second device with a short-lived code shown on one they
already hold (API.md "Hardened behaviour")."""

from . import audit, first, utcnow
from .participants import _add_device, get_participant


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
