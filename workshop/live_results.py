"""Results pushes, throttled per poll: at most one every RESULTS_INTERVAL seconds.

A vote storm becomes a handful of broadcasts, not one per ballot (see the OpenSlides figures
in notes/stack.md). The last ballot always leads to a push at most one interval later, so
the projector shows the final tally promptly.
"""

import threading
import time

from .db import open_app_db
from .realtime import broadcast_results, socketio
from .results import results
from .store import polls

# Seconds between two results pushes of the same poll (≈ 5 per second).
RESULTS_INTERVAL = 0.2


def audiences_for(poll):
    """Facilitators always; the room too when the poll shows results live (or is closed)."""
    if poll["results"] == "live" or poll["status"] == "closed":
        return ("facilitators", "participants", "projectors")
    return ("facilitators",)


class ResultsThrottle:
    """One per process (app.extensions["rembuk_results"]); thread-safe."""

    def __init__(self, app, interval=RESULTS_INTERVAL):
        self.app = app
        self.interval = interval
        self.lock = threading.Lock()
        self.last_sent = {}
        self.pending = set()
        self.sent = 0  # pushes made, for tests and the benchmark

    def request(self, poll_id):
        """Ask for a push of this poll's results; coalesces with one already waiting."""
        with self.lock:
            if poll_id in self.pending:
                return
            self.pending.add(poll_id)
            delay = max(0.0, self.last_sent.get(poll_id, 0.0) + self.interval - time.monotonic())
        socketio.start_background_task(self._push_later, poll_id, delay)

    def _push_later(self, poll_id, delay):
        if delay:
            socketio.sleep(delay)
        with self.lock:
            self.pending.discard(poll_id)
            self.last_sent[poll_id] = time.monotonic()
        with self.app.app_context():
            db = open_app_db(self.app)
            try:
                poll = polls.get_poll(db, poll_id)
                payload = results(db, poll)
            finally:
                db.close()
            broadcast_results(payload, poll["workshop_id"], audiences_for(poll))
            self.sent += 1


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
        app, app.config.get("RESULTS_INTERVAL", RESULTS_INTERVAL)
    )
