"""Live pushes over Socket.IO: authenticated connect, rooms per workshop and audience.

Writes never travel over the socket; it only carries pushes. Every broadcast is
sent after its transaction committed, and clients re-fetch over HTTP after a
reconnect, so a lost push never loses data.
"""

from flask import current_app, g, request, session
from flask_socketio import SocketIO, join_room
from flask_wtf.csrf import ValidationError, validate_csrf

from . import auth
from .db import get_db

# Server → client event names (defined once more in static/js/events.js).
WORKSHOP_UPDATED = "workshop_updated"
EVENTS = (
    WORKSHOP_UPDATED,
    "idea_created",
    "idea_updated",
    "idea_removed",
    "session_updated",
    "day_updated",
    "participant_joined",
    "participant_updated",
    "attendance_updated",
    "poll_opened",
    "poll_closed",
    "poll_updated",
    "results",
    "display",
    "timer",
    "note_created",
    "note_updated",
    "note_removed",
    "roster_updated",
)
# Who may be addressed in a workshop.
AUDIENCES = ("facilitators", "participants", "projectors")

socketio = SocketIO()


def room(workshop_id, audience):
    """The room of one audience of one workshop."""
    return f"workshop:{workshop_id}:{audience}"


def facilitator_room(facilitator_id):
    """Every connection of one facilitator, whatever page it is on."""
    return f"facilitator:{facilitator_id}"


def participant_room(participant_id):
    """Every connection of one participant (used to cut a revoked device)."""
    return f"participant:{participant_id}"


class Refused(ConnectionRefusedError):
    """Connect refused; the client sees `connect_error` with this message."""


def authenticate(auth_data):
    """Credential in the connect payload (or cookie + CSRF) → Principal, or Refused."""
    auth_data = auth_data if isinstance(auth_data, dict) else {}
    db = get_db()
    if auth_data.get("projector"):
        principal = auth.resolve_token(db, str(auth_data["projector"]))
        if principal is None or principal.kind != "projector":
            raise Refused("invalid projector key")
        return principal
    if auth_data.get("token"):
        principal = auth.resolve_token(db, str(auth_data["token"]))
        if principal is None:
            raise Refused("invalid token")
        return principal
    try:
        validate_csrf(auth_data.get("csrf"))
    except ValidationError as e:
        raise Refused("missing or invalid CSRF token") from e
    principal = auth.facilitator_from_session(db)
    if principal is None:
        device = request.cookies.get(auth.DEVICE_COOKIE)
        principal = auth.resolve_device_cookie(db, device) if device else None
    if principal is None:
        raise Refused("not logged in")
    return principal


def workshop_for_facilitator(principal, auth_data):
    """The workshop a facilitator connection follows (optional), checked for access."""
    raw = auth_data.get("workshop_id") if isinstance(auth_data, dict) else None
    if raw in (None, ""):
        return None
    try:
        workshop_id = int(raw)
    except (TypeError, ValueError) as e:
        raise Refused("invalid workshop_id") from e
    if not auth.can_access_workshop(principal, workshop_id):
        raise Refused("no such workshop")
    return workshop_id


def on_connect(auth_data=None):
    """Anyone with a credential connects; their rooms follow from who they are."""
    principal = authenticate(auth_data)
    if principal.kind == "facilitator":
        workshop_id = workshop_for_facilitator(principal, auth_data)
        join_room(facilitator_room(principal.id))
        audience = "facilitators"
    else:
        workshop_id = principal.workshop_id
        audience = "participants" if principal.kind == "participant" else "projectors"
        if principal.kind == "participant":
            join_room(participant_room(principal.id))
    if workshop_id is not None:
        join_room(room(workshop_id, audience))
    session["principal"] = principal
    session["workshop_id"] = workshop_id
    current_app.logger.debug("socket %s connected as %s", request.sid, principal.kind)


def socket_principal():
    """The Principal stored on this connection at connect time."""
    return session.get("principal", auth.ANONYMOUS)


def emit_after_commit(event, payload, to):
    """Send one event; refuses to run inside an open transaction (emit after commit)."""
    if event not in EVENTS:
        raise ValueError(f"unknown event {event}")
    db = g.get("db")
    if db is not None and db.conn.in_transaction:
        raise RuntimeError(f"{event} emitted inside a transaction: commit first")
    socketio.emit(event, payload, to=to)


def broadcast_workshop(event, payload, workshop_id, audiences=AUDIENCES):
    """Push to the chosen audiences of one workshop."""
    for audience in audiences:
        emit_after_commit(event, payload, room(workshop_id, audience))


def broadcast_facilitators(event, payload, facilitator_ids):
    """Push to every connection of these facilitators (e.g. their dashboards)."""
    for fid in facilitator_ids:
        emit_after_commit(event, payload, facilitator_room(fid))


def broadcast_attendance(workshop_id, participant_id):
    """A participant showed up today: facilitators' daftar hadir updates live."""
    broadcast_workshop(
        "attendance_updated",
        {"workshop_id": workshop_id, "participant_id": participant_id},
        workshop_id,
        audiences=("facilitators",),
    )


def broadcast_participant(event, participant):
    """A participant joined or changed: facilitators' participant lists update live."""
    broadcast_workshop(event, participant, participant["workshop_id"], audiences=("facilitators",))


def disconnect_participant(participant_id):
    """Cut every live connection of a participant (a revoked device)."""
    server = socketio.server
    sids = [
        sid for sid, _eio in server.manager.get_participants("/", participant_room(participant_id))
    ]
    for sid in sids:
        server.disconnect(sid, namespace="/")


def init_app(app):
    """Bind Socket.IO in threading mode (never let it pick gevent) to this app."""
    socketio.init_app(
        app,
        async_mode="threading",
        message_queue=app.config.get("MESSAGE_QUEUE"),
        ping_interval=20,
        ping_timeout=20,
        max_http_buffer_size=64 * 1024,
        logger=False,
        engineio_logger=False,
    )
    socketio.on_event("connect", on_connect)
