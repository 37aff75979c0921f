"""Coalesced pushes for the hall (issue 13): many item events become a few batches.

A hall of 1,000 phones hearing one event per proposal costs N² messages per minute of
proposals. Instead, the events listed in `realtime.BATCHED` that go to a hall room
(participants, projectors) are queued here per room and sent at most once every
`interval` seconds per room, and only when something changed, as the plural event with
`{"items": [...]}` (`idea_created` → `ideas_created`). Facilitators keep per-item events.

Each room keeps at most one pending entry per item (its family — the event name before
its last "_" — and its id), merged so the client ends with the newest state:

- created, then updated → created with the newest payload (the client never had it);
- anything, then removed → removed (an update never outlives a later removal);
- removed, then updated → removed: an item only comes back to the hall as "created", so
  an update after its removal is a late one (two requests broadcasting out of commit
  order) and must not resurrect it; for the same reason an update is also dropped while
  its item is "tombstoned" (removed less than `TOMBSTONE_SECONDS` ago) in that room;
- removed, then created → created (it came back);
- otherwise the newer event wins.

One flush sends each room's entries grouped by plural event; an item appears once per
flush, so the order of the batches does not matter for the state the client ends with.

The flusher is one background task per process (per app), started lazily by the first
queued event with `socketio.start_background_task` and paced by `socketio.sleep`, so it
works in threading and gevent modes alike; it flushes at once (an idle hall hears a lone
proposal without delay), then every `interval` while events keep coming, and ends when a
pause finds nothing queued. It owns no database connection, so it never emits inside a
transaction. With the Redis message queue each process flushes what its own requests
queued. `interval` 0 sends every event at once (as a batch of one): the unit tests' apps
use that, and `flush()` lets a test empty the queue when it chooses.
"""

import threading
import time

# Seconds a removal keeps blocking late updates of the same item in a room.
TOMBSTONE_SECONDS = 10.0


def family(event):
    """`idea_created` → `idea`: events of one family address the same items."""
    return event.rsplit("_", 1)[0]


def item_key(event, payload):
    """Which item an event is about: (family, id); participant_id for attendance."""
    ident = payload.get("id", payload.get("participant_id")) if isinstance(payload, dict) else None
    return family(event), ident


def merge(previous, event):
    """The event a room should still send when `event` follows `previous` for one item."""
    if previous is None:
        return event
    if previous.endswith("_created") and event.endswith("_updated"):
        return previous
    if previous.endswith("_removed") and event.endswith("_updated"):
        return previous
    return event


class Coalescer:
    """Per-room queues of batched events and the one task that flushes them."""

    def __init__(self, batched, emit, socketio, interval=0.5, logger=None):
        self.batched = batched  # {singular: plural}
        self.emit = emit  # emit(event, payload, room)
        self.socketio = socketio
        self.interval = interval
        self.logger = logger
        self.lock = threading.Lock()  # guards the queues (held briefly, never over I/O)
        # One flush at a time, from taking the queue to its last emit: two flushes (the
        # flusher's and one an author event forces) never deliver out of order.
        self.sending = threading.RLock()
        self.pending = {}  # room → {(family, id): (event, payload)}, in arrival order
        self.tombstones = {}  # room → {(family, id): monotonic time of removal}
        self.running = False
        self.batches_sent = 0  # plural events emitted (tests and the benchmark read it)
        self.items_queued = 0

    def add(self, room, event, payload):
        """Queue one item event for a room; flushes at once when the interval is 0."""
        if event not in self.batched:
            raise ValueError(f"{event} is not a batched event")
        key = item_key(event, payload)
        with self.lock:
            self.items_queued += 1
            if self._late_update(room, key, event):
                return
            items = self.pending.setdefault(room, {})
            if key[1] is None:  # no id to merge on: keep every one
                key = (key[0], object())
            previous = items.get(key)
            kept = merge(previous[0] if previous else None, event)
            if not (previous and kept == previous[0] and kept.endswith("_removed")):
                items[key] = (kept, payload)  # the newest payload, under the event kept
            if event.endswith("_removed"):
                self.tombstones.setdefault(room, {})[key] = time.monotonic()
            elif event.endswith("_created"):
                self.tombstones.get(room, {}).pop(key, None)
            start = self.interval > 0 and not self.running
            if start:
                self.running = True
        if self.interval <= 0:
            self.flush()
        elif start:
            self.socketio.start_background_task(self._run)

    def _late_update(self, room, key, event):
        """An update of an item removed from this room moments ago (caller holds the lock)."""
        if not event.endswith("_updated"):
            return False
        removed_at = self.tombstones.get(room, {}).get(key)
        return removed_at is not None and time.monotonic() - removed_at < TOMBSTONE_SECONDS

    def has_pending(self, rooms, event, payload):
        """Whether any of these rooms still holds an entry for the item this event is about."""
        key = item_key(event, payload)
        with self.lock:
            return any(key in self.pending.get(r, {}) for r in rooms)

    def flush(self, rooms=None):
        """Send what is queued (for these rooms, or all) now; returns the batches sent."""
        with self.sending:
            with self.lock:
                if rooms is None:
                    taken, self.pending = self.pending, {}
                else:
                    taken = {r: self.pending.pop(r) for r in rooms if r in self.pending}
                self._forget_old_tombstones()
            sent = 0
            for room, items in taken.items():
                batches = {}
                for event, payload in items.values():
                    batches.setdefault(self.batched[event], []).append(payload)
                for plural, payloads in batches.items():
                    self.emit(plural, {"items": payloads}, room)
                    sent += 1
        with self.lock:
            self.batches_sent += sent
        return sent

    def _forget_old_tombstones(self):
        now = time.monotonic()
        for room in list(self.tombstones):
            marks = self.tombstones[room]
            for key in [k for k, t in marks.items() if now - t >= TOMBSTONE_SECONDS]:
                del marks[key]
            if not marks:
                del self.tombstones[room]

    def _run(self):
        """The flusher: flush, wait an interval, again while anything came in, then end."""
        try:
            while True:
                try:
                    self.flush()
                except Exception:  # a failed emit (Redis down) must not kill the flusher
                    if self.logger is not None:
                        self.logger.exception("coalesced push failed")
                self.socketio.sleep(self.interval)
                with self.lock:
                    if not self.pending:
                        self.running = False
                        return
        except BaseException:
            with self.lock:
                self.running = False
            raise
