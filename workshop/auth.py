"""Who is asking: bearer tokens, the facilitator's cookie session, the participant's device.

Every route and socket event asks `current_principal()` and checks it; nothing is
trusted from the client beyond a credential.
"""

import dataclasses
import functools

from flask import current_app, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFProtect

from .db import get_db
from .errors import ApiError
from .store import accounts, participants, ratelimit, workshops

# Methods that change something: CSRF-checked for cookie sessions, refused for projectors.
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# What a viewer account may still POST: signing in and out (nothing of a workshop changes).
VIEWER_UNSAFE_ALLOWED = {
    "facilitator.login",
    "facilitator.logout",
    "api.issue_token",
    "api.revoke_token",
}
# The participant's device credential in the browser (httpOnly; set by the join page).
DEVICE_COOKIE = "rembuk_device"

csrf = CSRFProtect()


@dataclasses.dataclass(frozen=True)
class Principal:
    """The caller of a request or socket connection."""

    kind: str  # anonymous | facilitator | participant | projector
    id: int | None = None
    name: str = ""
    is_admin: bool = False
    workshop_id: int | None = None  # participants and projectors belong to one workshop
    opd_id: int | None = None  # participants only
    via: str = "none"  # bearer | cookie | none
    # First sight of this participant today (attendance recorded): the caller pushes it.
    arrived: bool = dataclasses.field(default=False, compare=False)
    # Facilitator accounts: "facilitator", or "viewer" (reads like one, writes nothing).
    role: str = "facilitator"

    @property
    def is_facilitator(self):
        return self.kind == "facilitator"

    @property
    def is_viewer(self):
        return self.kind == "facilitator" and self.role == "viewer"


ANONYMOUS = Principal("anonymous")


def resolve_token(db, token):
    """Any bearer credential → Principal, or None when it is not valid.

    An account's token says so (accounts.is_account_token): it is looked up only among
    accounts. Any other token is looked up as a device first (the hall's requests), then
    as an account token issued before the prefix existed, then as a projector key.
    """
    account_token = accounts.is_account_token(token)
    if not account_token:
        principal = participant_for_token(db, token)
        if principal:
            return dataclasses.replace(principal, via="bearer")
    facilitator = accounts.facilitator_for_token(db, token)
    if facilitator:
        return Principal(
            "facilitator",
            facilitator["id"],
            facilitator["username"],
            facilitator["is_admin"],
            via="bearer",
            role=facilitator["role"],
        )
    if account_token:
        return None
    workshop = workshops.find_by_projector_key(db, token)
    if workshop:
        return Principal("projector", workshop_id=workshop["id"], via="bearer")
    return None


def participant_for_token(db, token):
    """A device token → participant Principal; records attendance on first sight each day."""
    row, device = participants.find_by_token(db, token)
    if row is None or workshops.code_expired(workshops.get_workshop(db, row["workshop_id"])):
        # Devices work until 30 days after the last stage's last day (issue 17).
        return None
    arrived = participants.touch(db, row["id"], device)
    return Principal(
        "participant",
        row["id"],
        row["name"],
        workshop_id=row["workshop_id"],
        opd_id=row["opd_id"],
        via="cookie",
        arrived=arrived,
    )


def facilitator_from_session(db):
    """The facilitator logged in with the cookie session, or None."""
    fid = session.get("facilitator_id")
    if not fid:
        return None
    try:
        f = accounts.get_facilitator(db, fid)
    except LookupError:
        session.clear()
        return None
    return Principal(
        "facilitator", f["id"], f["username"], f["is_admin"], via="cookie", role=f["role"]
    )


def bearer_token():
    """The token of an `Authorization: Bearer` header, '' when malformed, None when absent."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return ""
    return token.strip()


def current_principal():
    """Resolve the caller once per request."""
    if "principal" in g:
        return g.principal
    db = get_db()
    token = bearer_token()
    if token is not None:
        principal = resolve_token(db, token) if token else None
        if principal is None:
            raise ApiError(401, _("The token is not valid."), code="invalid_token")
    else:
        principal = facilitator_from_session(db)
        if principal is None:
            device = request.cookies.get(DEVICE_COOKIE)
            principal = resolve_device_cookie(db, device) if device else None
    g.principal = principal or ANONYMOUS
    return g.principal


def resolve_device_cookie(db, token):
    """A participant's device cookie → Principal (cookie-authenticated)."""
    return participant_for_token(db, token)


def can_access_workshop(principal, workshop_id):
    """Facilitators: their workshops (admins: all); others: their own workshop."""
    if principal.kind == "facilitator":
        return workshops.can_access(get_db(), principal.id, principal.is_admin, workshop_id)
    return principal.kind != "anonymous" and principal.workshop_id == workshop_id


def require(*kinds):
    """API guard: 401 for nobody, 403 for the wrong kind of caller."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            principal = current_principal()
            if principal.kind == "anonymous":
                raise ApiError(401, _("Please log in (or send a valid token)."))
            if principal.kind not in kinds:
                raise ApiError(403, _("You are not allowed to do this."))
            return view(*args, **kwargs)

        wrapped.required_kinds = kinds
        return wrapped

    return decorator


def login_required(view):
    """Page guard: send people who are not logged-in facilitators to the login page."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        principal = current_principal()
        if principal.kind != "facilitator":
            return redirect(url_for("facilitator.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped


def login_limited(username, address):
    """(locked, retry_after) for a username+address pair after repeated failures."""
    cfg = current_app.config
    key = f"login:{username.strip().lower()}:{address}"
    count, retry_after = ratelimit.hits(get_db(), key, cfg["LOGIN_LOCKOUT_SECONDS"])
    return count >= cfg["LOGIN_MAX_FAILURES"], retry_after


def record_login(username, address, ok):
    """Count a failed login, or forget the failures after a success."""
    key = f"login:{username.strip().lower()}:{address}"
    if ok:
        ratelimit.clear(get_db(), key)
    else:
        ratelimit.hit(get_db(), key, current_app.config["LOGIN_LOCKOUT_SECONDS"])


def refuse_viewer(principal):
    """Viewer accounts read everything of their workshops and change nothing: every write
    (API or page, whatever the route) is refused here, before any view runs."""
    if principal.is_viewer and request.endpoint not in VIEWER_UNSAFE_ALLOWED:
        raise ApiError(403, _("A viewer account can only read."), code="read_only")


def check_request():
    """before_request: CSRF for cookie-authenticated writes; projector keys and viewer
    accounts are read-only."""
    if request.method not in UNSAFE_METHODS:
        return
    token = bearer_token()
    if token is not None:
        principal = current_principal()
        if principal.kind == "projector":
            raise ApiError(403, _("A projector key can only read."))
        refuse_viewer(principal)
        return
    if session.get("facilitator_id"):
        refuse_viewer(current_principal())
    has_cookie_credential = (
        current_app.config["SESSION_COOKIE_NAME"] in request.cookies
        or DEVICE_COOKIE in request.cookies
    )
    if request.path.startswith("/api/") and not has_cookie_credential:
        # No ambient credential rides along, so there is nothing to forge.
        return
    csrf.protect()


def init_app(app):
    """CSRF protection, checked by check_request before every unsafe request."""
    csrf.init_app(app)
    app.before_request(check_request)
