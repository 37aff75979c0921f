"""Live pushes over Socket.IO: authenticated connect, rooms per workshop and audience.

This module runs past 400 lines on purpose: it is the one place every event name lives
(one broadcast_* function per event, about forty), and splitting it would scatter them.

Writes never travel over the socket; it only carries pushes. Every broadcast is
sent after its transaction committed, and clients re-fetch over HTTP after a
reconnect, so a lost push never loses data.

Item events for the hall (BATCHED) are coalesced per room by workshop/coalesce.py and
arrive as plural batches `{"items": [...]}`; facilitators hear each item on its own.
"""

import zlib

from flask import current_app, g, request, session
from flask_socketio import SocketIO, join_room
from flask_wtf.csrf import ValidationError, validate_csrf

from . import auth
from .coalesce import Coalescer
from .config import async_mode
from .db import get_db
from .hall_worker import ConnectionGuard
from .live_connections import Presence, guard_engineio

# Server → client event names: this tuple and the broadcast_* functions below are the only
# place they are written in Python (static/js/events.js is their JavaScript twin; a test
# keeps the two equal). Each event has one function that knows its name and its audience.
EVENTS = (
    "workshop_updated",
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
    "presence",
    "entry_created",
    "entry_updated",
    "entry_removed",
    "strategy_updated",
    "vision_updated",
    "readiness_items_updated",
    "ideas_created",
    "ideas_updated",
    "ideas_removed",
    "entries_created",
    "entries_updated",
    "entries_removed",
    "question_created",
    "question_updated",
    "questions_created",
    "questions_updated",
    "progress_reported",
)
# Item events the hall (participants, projectors) hears as batches: {singular: plural}, the
# plural carrying {"items": [payload, ...]} at most every COALESCE_SECONDS per room. A new
# item event a crowd receives is one more line here (its plural also goes into EVENTS and
# static/js/events.js, whose BATCHED twin a test keeps equal); pages listen through
# Rembuk.onItems, which handles both forms. Facilitators keep the singular events.
BATCHED = {
    "idea_created": "ideas_created",
    "idea_updated": "ideas_updated",
    "idea_removed": "ideas_removed",
    "entry_created": "entries_created",
    "entry_updated": "entries_updated",
    "entry_removed": "entries_removed",
    "question_created": "questions_created",
    "question_updated": "questions_updated",
}
# Seconds between two batches to one room (config COALESCE_SECONDS; 0 sends at once).
COALESCE_SECONDS = 0.5
# Who may be addressed in a workshop.
AUDIENCES = ("facilitators", "participants", "projectors")
FACILITATORS = ("facilitators",)
# The hall: participants' pages and projectors, who see only what is public.
HALL = ("participants", "projectors")

socketio = SocketIO()


def room(workshop_id, audience):
    """The room of one audience of one workshop."""
    return f"workshop:{workshop_id}:{audience}"


# The phones of a workshop are also in one of SHARDS slices of their room, and what goes to
# the room goes out slice by slice, the event loop free for requests in between: one push
# to 1,000 phones wakes 1,000 socket writers at once, and in the N = 1,000 benchmark every
# once-a-second results push held the loop ~100 ms, which ballots arriving meanwhile waited
# for (docs/performance.md, issue 13). Every push to the room goes this way (results,
# batches, display, timers …), so pushes keep their order on each phone.
SHARDS = 8
SHARDED = ("participants",)


def shard_of(sid):
    return zlib.crc32(sid.encode()) % SHARDS


def _emit(event, payload, to):
    """socketio.emit, slice by slice to a sharded room."""
    if to.rsplit(":", 1)[-1] not in SHARDED:
        socketio.emit(event, payload, to=to)
        return
    for shard in range(SHARDS):
        if shard:
            socketio.sleep(0)  # let waiting requests run
        socketio.emit(event, payload, to=f"{to}:{shard}")


def facilitator_room(facilitator_id):
    """Every connection of one facilitator, whatever page it is on."""
    return f"facilitator:{facilitator_id}"


def opd_room(workshop_id, opd_id):
    """Every participant connection of one OPD of a workshop (its follow-up page hears its
    own progress reports)."""
    return f"workshop:{workshop_id}:opd:{opd_id}"


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


def presence():
    """This process's Presence counter."""
    return current_app.extensions["rembuk_presence"]


def broadcast_presence(workshop_id, connected):
    """The console's "connected now" follows participants coming and going (facilitators)."""
    _to_workshop(
        "presence", {"workshop_id": workshop_id, "connected": connected}, workshop_id, FACILITATORS
    )


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
            join_room(opd_room(principal.workshop_id, principal.opd_id))
    if workshop_id is not None:
        join_room(room(workshop_id, audience))
        if audience in SHARDED:
            join_room(f"{room(workshop_id, audience)}:{shard_of(request.sid)}")
    session["principal"] = principal
    session["workshop_id"] = workshop_id
    if principal.arrived:
        broadcast_attendance_updated(principal.workshop_id, principal.id)
    if principal.kind == "participant" and workshop_id is not None:
        broadcast_presence(workshop_id, presence().add(request.sid, workshop_id, principal.id))
    current_app.logger.debug("socket %s connected as %s", request.sid, principal.kind)


def on_disconnect(reason=None):
    """A participant's connection closed: the console's count goes down (facilitators)."""
    left = presence().remove(request.sid)
    if left is not None:
        broadcast_presence(*left)


def socket_principal():
    """The Principal stored on this connection at connect time."""
    return session.get("principal", auth.ANONYMOUS)


def refuse_inside_transaction(event):
    """Pushes follow commits: raise when this request's connection is mid-transaction."""
    if event not in EVENTS:
        raise ValueError(f"unknown event {event}")
    db = g.get("db")
    if db is not None and db.conn.in_transaction:
        raise RuntimeError(f"{event} emitted inside a transaction: commit first")


def emit_after_commit(event, payload, to):
    """Send one event; refuses to run inside an open transaction (emit after commit)."""
    refuse_inside_transaction(event)
    _emit(event, payload, to)


def emit_batch(event, payload, to):
    """The coalescer's way out (it holds no database connection, so no transaction)."""
    if event not in EVENTS:
        raise ValueError(f"unknown event {event}")
    _emit(event, payload, to)


def coalescer():
    """This process's (this app's) Coalescer."""
    return current_app.extensions["rembuk_coalescer"]


def flush_pushes():
    """Send the queued hall batches now (tests; the flusher does it on its own)."""
    return coalescer().flush()


def _to_workshop(event, payload, workshop_id, audiences=AUDIENCES):
    """Push to the chosen audiences of one workshop; hall item events go out in batches."""
    for audience in audiences:
        to = room(workshop_id, audience)
        if event in BATCHED and audience in HALL:
            refuse_inside_transaction(event)
            coalescer().add(to, event, payload)
        else:
            emit_after_commit(event, payload, to)


# --- One function per event ---------------------------------------------------------------
def broadcast_workshop_updated(workshop_id, full, public, facilitator_ids):
    """A workshop changed: its facilitators' pages (wherever they are) get `full`, the hall
    `public` (no projector key)."""
    for fid in facilitator_ids:
        emit_after_commit("workshop_updated", full, facilitator_room(fid))
    if public is not None:
        _to_workshop("workshop_updated", public, workshop_id, HALL)


def broadcast_idea_created(idea, workshop_id, audiences=AUDIENCES):
    """A proposal appeared (facilitators see all; the hall only visible ones)."""
    _to_workshop("idea_created", idea, workshop_id, audiences)


def broadcast_idea_updated(idea, workshop_id, audiences=AUDIENCES):
    """A proposal changed (edited, moderated, grouped, merged into)."""
    _to_workshop("idea_updated", idea, workshop_id, audiences)


def broadcast_idea_removed(idea_id, workshop_id, audiences=HALL):
    """A proposal left the public wall (hidden, merged, withdrawn): `{"id"}`."""
    _to_workshop("idea_removed", {"id": idea_id}, workshop_id, audiences)


def send_idea_to_author(idea, participant_id, created):
    """Only its author hears of a proposal waiting for approval.

    Sent at once; a change of the same proposal still queued for the hall (say its
    removal from the wall when it went back to pending) is flushed first, so the author's
    page, which is also in the hall, ends with this newer state.
    """
    hall = [room(idea["workshop_id"], audience) for audience in HALL]
    if coalescer().has_pending(hall, "idea_updated", idea):
        coalescer().flush(hall)
    emit_after_commit(
        "idea_created" if created else "idea_updated", idea, participant_room(participant_id)
    )


def broadcast_session_updated(session, workshop_id):
    """A session changed (status, times, settings) or was deleted (`{"id", "deleted"}`)."""
    _to_workshop("session_updated", session, workshop_id)


def broadcast_day_updated(day, workshop_id):
    """A day of the agenda changed (its stage label)."""
    _to_workshop("day_updated", day, workshop_id)


def broadcast_participant_joined(participant):
    """Someone joined: facilitators' participant lists update live."""
    _to_workshop("participant_joined", participant, participant["workshop_id"], FACILITATORS)


def broadcast_participant_updated(participant):
    """A participant was renamed, merged or lost a device (facilitators)."""
    _to_workshop("participant_updated", participant, participant["workshop_id"], FACILITATORS)


def broadcast_attendance_updated(workshop_id, participant_id):
    """A participant showed up today: facilitators' daftar hadir updates live."""
    _to_workshop(
        "attendance_updated",
        {"workshop_id": workshop_id, "participant_id": participant_id},
        workshop_id,
        FACILITATORS,
    )


def broadcast_poll_opened(poll):
    """A poll opened (everyone: phones show the ballot, the projector the bars)."""
    _to_workshop("poll_opened", poll, poll["workshop_id"])


def broadcast_poll_closed(poll):
    """A poll closed (everyone)."""
    _to_workshop("poll_closed", poll, poll["workshop_id"])


def broadcast_poll_updated(poll):
    """A poll was created or its settings changed (facilitators)."""
    _to_workshop("poll_updated", poll, poll["workshop_id"], FACILITATORS)


def broadcast_results(results, workshop_id, audiences):
    """A poll's tally, to those allowed to see it (live_results throttles the rate)."""
    _to_workshop("results", results, workshop_id, audiences)


def broadcast_display(display, workshop_id):
    """What the projector shows changed."""
    _to_workshop("display", display, workshop_id)


def broadcast_timer(timer, workshop_id):
    """The timer started, changed or stopped (everyone: phones show it too)."""
    _to_workshop("timer", timer, workshop_id)


def broadcast_note_created(note, workshop_id):
    """A note, decision or action item was written (facilitators)."""
    _to_workshop("note_created", note, workshop_id, FACILITATORS)


def broadcast_note_updated(note, workshop_id):
    """A note was edited (facilitators)."""
    _to_workshop("note_updated", note, workshop_id, FACILITATORS)


def broadcast_note_removed(note_id, session_id, workshop_id):
    """A note was deleted (facilitators)."""
    _to_workshop(
        "note_removed", {"id": note_id, "session_id": session_id}, workshop_id, FACILITATORS
    )


def broadcast_roster_updated(workshop_id):
    """OPDs or dimensions changed: pages re-fetch them."""
    _to_workshop("roster_updated", {"workshop_id": workshop_id}, workshop_id)


def broadcast_entry_created(entry, workshop_id, audiences=AUDIENCES):
    """A worksheet entry appeared (facilitators see all; the hall only visible ones)."""
    _to_workshop("entry_created", entry, workshop_id, audiences)


def broadcast_entry_updated(entry, workshop_id, audiences=AUDIENCES):
    """A worksheet entry changed (edited, hidden, shown, merged into, quoted)."""
    _to_workshop("entry_updated", entry, workshop_id, audiences)


def broadcast_entry_removed(entry_id, session_id, workshop_id, audiences=HALL):
    """A worksheet entry left a view (hidden, merged, replaced, withdrawn):
    `{"id", "session_id"}`."""
    _to_workshop(
        "entry_removed", {"id": entry_id, "session_id": session_id}, workshop_id, audiences
    )


def broadcast_question_created(question, workshop_id, audiences=AUDIENCES):
    """A question to the speaker was asked (facilitators hear every one; the hall only
    visible ones)."""
    _to_workshop("question_created", question, workshop_id, audiences)


def broadcast_question_updated(question, workshop_id, audiences=AUDIENCES):
    """A question changed: votes, status, pinned, answer. To the hall, a question that
    became hidden travels as `{"id", "session_id", "status": "hidden"}` only."""
    _to_workshop("question_updated", question, workshop_id, audiences)


def broadcast_strategy_updated(strategy, workshop_id):
    """A TOWS strategy or strategy statement was written, changed, or deleted
    (`{"id", "session_id", "deleted": true}`): everyone."""
    _to_workshop("strategy_updated", strategy, workshop_id)


def broadcast_vision_updated(vision, workshop_id):
    """The adopted vision and missions changed: everyone."""
    _to_workshop("vision_updated", vision, workshop_id)


def broadcast_readiness_items_updated(workshop_id):
    """The workshop's readiness list changed: pages re-fetch it."""
    _to_workshop("readiness_items_updated", {"workshop_id": workshop_id}, workshop_id)


def broadcast_progress_reported(report, workshop_id, opd_id):
    """A progress report (monev): the workshop's facilitators and viewers, and the
    participants of the item's OPD."""
    _to_workshop("progress_reported", report, workshop_id, FACILITATORS)
    # The projector's dashboard view (issue 17) re-reads itself: it needs only the signal.
    emit_after_commit(
        "progress_reported",
        {"id": report["id"], "target": report["target"], "target_id": report["target_id"]},
        room(workshop_id, "projectors"),
    )
    if opd_id:
        emit_after_commit("progress_reported", report, opd_room(workshop_id, opd_id))


def push_arrival():
    """after_request: a participant seen for the first time today counts as present.

    auth records the attendance while it resolves the device (and only says so on the
    Principal); the push happens here, after the request's work, so auth never imports this
    module.
    """
    principal = g.get("principal")
    if principal is not None and principal.arrived:
        broadcast_attendance_updated(principal.workshop_id, principal.id)


def disconnect_room(name):
    """Cut every live connection in a room (a revoked device, a replaced projector key)."""
    server = socketio.server
    sids = [sid for sid, _eio in server.manager.get_participants("/", name)]
    for sid in sids:
        server.disconnect(sid, namespace="/")


def disconnect_participant(participant_id):
    """Cut every live connection of a participant (a revoked device)."""
    disconnect_room(participant_room(participant_id))


def init_app(app):
    """Bind Socket.IO in the app's ASYNC_MODE (never left to guess: notes/stack.md)."""
    socketio.init_app(
        app,
        async_mode=async_mode(app),
        message_queue=app.config.get("MESSAGE_QUEUE"),
        ping_interval=20,
        ping_timeout=20,
        max_http_buffer_size=64 * 1024,
        logger=False,
        engineio_logger=False,
    )
    app.extensions["rembuk_presence"] = Presence()
    app.extensions["rembuk_coalescer"] = Coalescer(
        BATCHED,
        emit_batch,
        socketio,
        interval=app.config.get("COALESCE_SECONDS", COALESCE_SECONDS),
        logger=app.logger,
    )
    grace = app.config.get("SOCKET_JOIN_SECONDS")
    if grace:
        app.extensions["rembuk_doorman"] = guard_engineio(socketio.server, grace)
    # Outermost, so it sees every request, /socket.io/ included (hall_worker.py says why).
    app.wsgi_app = ConnectionGuard(app.wsgi_app)

    @app.after_request
    def after_request(response):
        push_arrival()
        return response

    socketio.on_event("connect", on_connect)
    socketio.on_event("disconnect", on_disconnect)
