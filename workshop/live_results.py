"""Results pushes, throttled per poll: at most one every RESULTS_INTERVAL seconds, or less
often for a poll whose pushes are costly (PUSH_SHARE; at least one every MAX_INTERVAL).

A vote storm becomes a handful of broadcasts, not one per ballot (see the OpenSlides figures
in notes/stack.md). The last ballot always leads to a push at most one interval later, so
the projector shows the final tally promptly.

The hall's phones (the participants' room: hundreds of sockets, where facilitators and
projectors are a few) get at most one push every ROOM_INTERVAL seconds: in a 1,000-voter
storm, pushing every results update to every phone was a third of the server's CPU
(docs/performance.md, issue 13). A push that leaves the phones out schedules one that
includes them, so they too end on the final tally, at most ROOM_INTERVAL later.
"""

import threading
import time

from .db import get_db
from .realtime import broadcast_results, socketio
from .results import results
from .store import polls

# Seconds between two results pushes of the same poll (≈ 5 per second).
RESULTS_INTERVAL = 0.2
# Seconds between two results pushes of the same poll to the participants' room.
ROOM_INTERVAL = 1.0
# A poll's pushes may take at most this share of the server's time: one whose results take
# longer to compute and send (a thousand ballots and more) is pushed less often than every
# RESULTS_INTERVAL, but at least once every MAX_INTERVAL seconds. In the N = 1,000 vote
# storm a push took ~17 ms, five a second were ~8 % of the one event loop's time at the peak,
# when every millisecond of it adds to the ballots' wait (docs/performance.md, issue 13).
PUSH_SHARE = 0.05
MAX_INTERVAL = 0.5
# The audience that is the whole hall (realtime.py's room names).
ROOM = "participants"


def audiences_for(poll):
    """Facilitators always; the room too when the poll shows results live (or is closed)."""
    if poll["results"] == "live" or poll["status"] == "closed":
        return ("facilitators", "participants", "projectors")
    return ("facilitators",)


class ResultsThrottle:
    """One per process (app.extensions["rembuk_results"]); thread-safe."""

    def __init__(self, app, interval=RESULTS_INTERVAL, room_interval=ROOM_INTERVAL):
        self.app = app
        self.interval = interval
        self.room_interval = room_interval
        self.lock = threading.Lock()
        self.last_sent = {}
        self.last_room = {}
        self.pending = set()
        self.room_pending = set()
        self.cost = {}  # seconds the poll's last push took
        self.sent = 0  # pushes made, for tests and the benchmark
        self.closed = False

    def close(self):
        """No more pushes from this throttle: those already scheduled are dropped (an app
        torn down — a test's — must not push into the next one's sockets, which share the
        module's SocketIO)."""
        self.closed = True

    def interval_of(self, poll_id):
        """Seconds between two pushes of this poll: RESULTS_INTERVAL, longer for a poll
        whose pushes cost more than PUSH_SHARE of that (at most MAX_INTERVAL)."""
        stretched = min(MAX_INTERVAL, self.cost.get(poll_id, 0.0) / PUSH_SHARE)
        return max(self.interval, stretched) if self.interval else 0.0

    def request(self, poll_id):
        """Ask for a push of this poll's results; coalesces with one already waiting."""
        with self.lock:
            if poll_id in self.pending:
                return
            self.pending.add(poll_id)
            last = self.last_sent.get(poll_id, 0.0)
            delay = max(0.0, last + self.interval_of(poll_id) - time.monotonic())
        socketio.start_background_task(self._push_later, poll_id, delay)

    def _push_later(self, poll_id, delay):
        if delay:
            socketio.sleep(delay)
        if self.closed:
            return
        with self.lock:
            self.pending.discard(poll_id)
            self.last_sent[poll_id] = time.monotonic()
        started = time.monotonic()
        with self.app.app_context():
            # The context's connection: from the pool of idle ones under gevent, given back
            # when the context ends (opening one is ~0.5 ms, a push a fifth of a second).
            db = get_db()
            poll = polls.get_poll(db, poll_id)
            payload = results(db, poll)
            broadcast_results(payload, poll["workshop_id"], self._audiences(poll))
            self.sent += 1
        with self.lock:
            self.cost[poll_id] = time.monotonic() - started

    def _audiences(self, poll):
        """audiences_for(poll), without the phones when they had a push less than
        room_interval ago (then one that includes them is scheduled)."""
        audiences = audiences_for(poll)
        if ROOM not in audiences:
            return audiences
        with self.lock:
            now = time.monotonic()
            wait = self.last_room.get(poll["id"], -self.room_interval) + self.room_interval - now
            if wait <= 0:
                self.last_room[poll["id"]] = now
                return audiences
            if poll["id"] in self.room_pending:
                return tuple(a for a in audiences if a != ROOM)
            self.room_pending.add(poll["id"])
        socketio.start_background_task(self._room_later, poll["id"], wait)
        return tuple(a for a in audiences if a != ROOM)

    def _room_later(self, poll_id, wait):
        socketio.sleep(wait)
        if self.closed:
            return
        with self.lock:
            self.room_pending.discard(poll_id)
        self.request(poll_id)


def request_results(app, poll_id):
    """Schedule a throttled results push for a poll."""
    app.extensions["rembuk_results"].request(poll_id)


def request_open_polls(app, db, workshop_id):
    """Turnout counts joined people: when someone joins, open polls push fresh results."""
    for poll in polls.list_polls(db, workshop_id=workshop_id):
        if poll["status"] == "open":
            request_results(app, poll["id"])


def init_app(app):
    """Create the per-process throttle."""
    app.extensions["rembuk_results"] = ResultsThrottle(
        app,
        app.config.get("RESULTS_INTERVAL", RESULTS_INTERVAL),
        app.config.get("RESULTS_ROOM_INTERVAL", ROOM_INTERVAL),
    )
