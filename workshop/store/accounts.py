"""Facilitator accounts and their API tokens (stored hashed)."""

import datetime
import hashlib
import secrets

from werkzeug.security import check_password_hash, generate_password_hash

from . import NotFound, audit, first, utcnow

# Usernames: what a person would type, nothing that needs escaping in a URL or a log.
USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")
# Account roles: facilitators run workshops; viewers (Dewan Smart City) only read them.
ROLES = ("facilitator", "viewer")
# werkzeug's hashing method for passwords (tests swap in a cheaper one).
PASSWORD_METHOD = "scrypt"  # noqa: S105 (a method name)
# A hash that never matches, checked when the username is unknown so timing does not tell.
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))


def hash_token(token):
    """Tokens are random (256 bits), so a fast hash at rest is enough."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token():
    """A URL-safe random credential."""
    return secrets.token_urlsafe(32)


# Account (facilitator) API tokens start with this; token_urlsafe never writes a ".", so no
# device token or projector key does: auth.py looks a token up in the one table it can be in
# (a participant's ballot used to pay a failed facilitator lookup first, issue 13).
ACCOUNT_TOKEN_PREFIX = "fac."  # noqa: S105 (a prefix, not a secret)


def is_account_token(token):
    """True for an account's API token (issued with ACCOUNT_TOKEN_PREFIX)."""
    return token.startswith(ACCOUNT_TOKEN_PREFIX)


def create_facilitator(db, username, password, is_admin=False, role="facilitator"):
    """Add an account; raises ValueError when the username is taken. `role="viewer"` makes a
    read-only account (Dewan Smart City, issue 17), never an admin."""
    username = username.strip().lower()
    if role not in ROLES or (role == "viewer" and is_admin):
        raise ValueError(f"an account is a facilitator, an admin or a viewer, not {role!r}")
    if find_facilitator_by_username(db, username):
        raise ValueError(f"username {username!r} already exists")
    with db.atomic():
        fid = (
            db["facilitators"]
            .insert(
                {
                    "username": username,
                    "password_hash": generate_password_hash(password, method=PASSWORD_METHOD),
                    "is_admin": int(bool(is_admin)),
                    "role": role,
                    "created_at": utcnow(),
                }
            )
            .last_pk
        )
        audit.record(
            db,
            "facilitator_created",
            actor_kind="system",
            obj=("facilitator", fid),
            details={"username": username, "admin": bool(is_admin), "role": role},
        )
    return get_facilitator(db, fid)


def set_password(db, facilitator_id, password):
    """Replace a password and revoke the account's API tokens."""
    with db.atomic():
        db.execute(
            "UPDATE facilitators SET password_hash = ? WHERE id = ?",
            [generate_password_hash(password, method=PASSWORD_METHOD), facilitator_id],
        )
        db.execute("DELETE FROM api_tokens WHERE facilitator_id = ?", [facilitator_id])
        audit.record(
            db, "password_changed", actor_kind="system", obj=("facilitator", facilitator_id)
        )


def _public(row):
    if row is None:
        return None
    return {
        "id": row["id"],
        "username": row["username"],
        "is_admin": bool(row["is_admin"]),
        "role": row.get("role") or "facilitator",
        "created_at": row["created_at"],
    }


def get_facilitator(db, facilitator_id):
    """The account, or NotFound."""
    row = first(db, "SELECT * FROM facilitators WHERE id = ?", [facilitator_id])
    if row is None:
        raise NotFound("facilitator")
    return _public(row)


def find_facilitator_by_username(db, username):
    """The account with that username (case-insensitive), or None."""
    row = first(db, "SELECT * FROM facilitators WHERE username = ?", [username.strip().lower()])
    return _public(row)


def list_facilitators(db):
    """All accounts, by username."""
    return [_public(r) for r in db.query("SELECT * FROM facilitators ORDER BY username")]


def authenticate(db, username, password):
    """The account when the password matches, else None (constant work either way)."""
    row = first(db, "SELECT * FROM facilitators WHERE username = ?", [username.strip().lower()])
    if row is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(row["password_hash"], password):
        return None
    return _public(row)


def issue_token(db, facilitator_id, lifetime_hours):
    """Create a bearer token for a facilitator; only its hash is stored."""
    token = ACCOUNT_TOKEN_PREFIX + new_token()
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    expires = now + datetime.timedelta(hours=lifetime_hours)
    db["api_tokens"].insert(
        {
            "token_hash": hash_token(token),
            "facilitator_id": facilitator_id,
            "created_at": utcnow(),
            "expires_at": expires.isoformat().replace("+00:00", "Z"),
        }
    )
    return token


def facilitator_for_token(db, token):
    """The facilitator a live bearer token belongs to, or None."""
    row = first(
        db,
        "SELECT f.* FROM api_tokens t JOIN facilitators f ON f.id = t.facilitator_id"
        " WHERE t.token_hash = ? AND t.expires_at > ?",
        [hash_token(token), utcnow()],
    )
    return _public(row)


def revoke_token(db, token):
    """Forget a bearer token (logout from a script)."""
    db.execute("DELETE FROM api_tokens WHERE token_hash = ?", [hash_token(token)])
