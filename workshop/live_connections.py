"""Who is connected, per process: the participants counted for the console, and the
doorman that closes live connections which never say who they are (issue 12).

Both are per-process state (app.extensions); realtime.py wires them to Socket.IO.
"""

import contextlib
import socket
import threading
import time


class Presence:
    """Participants connected now, per workshop: {"workshop_id", "connected"} for the console.

    Counted per process (app.extensions["rembuk_presence"]): with several server processes
    behind a message queue, each process counts only its own connections, so the number a
    facilitator sees is that of the process serving their console. A participant with two
    tabs open counts once.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.people = {}  # workshop_id → {participant_id: open connections}
        self.sids = {}  # socket id → (workshop_id, participant_id)

    def count(self, workshop_id):
        """How many participants of this workshop have at least one connection open."""
        with self.lock:
            return len(self.people.get(workshop_id, {}))

    def add(self, sid, workshop_id, participant_id):
        """A participant's connection opened; returns the workshop's new count."""
        with self.lock:
            self.sids[sid] = (workshop_id, participant_id)
            people = self.people.setdefault(workshop_id, {})
            people[participant_id] = people.get(participant_id, 0) + 1
            return len(people)

    def remove(self, sid):
        """A connection closed; (workshop_id, new count), or None if it was not counted."""
        with self.lock:
            found = self.sids.pop(sid, None)
            if found is None:
                return None
            workshop_id, participant_id = found
            people = self.people.get(workshop_id, {})
            left = people.get(participant_id, 0) - 1
            if left > 0:
                people[participant_id] = left
            else:
                people.pop(participant_id, None)
            if not people:
                self.people.pop(workshop_id, None)
            return workshop_id, len(people)


class Doorman:
    """Closes Engine.IO connections that do not complete the Socket.IO connect in time.

    A bare websocket (or a long-polling session) that never sends the Socket.IO CONNECT, or
    keeps one that was refused, would otherwise hold a server thread for as long as it likes
    (issue 12: a few hundred of them froze the hall). A sweeper thread, running only while
    connections exist, closes any that has not joined the default namespace after `grace`
    seconds.
    """

    def __init__(self, server, grace):
        self.server = server
        self.grace = grace
        self.lock = threading.Lock()
        self.running = False
        self.first_seen = {}  # eio sid → monotonic time we first saw it waiting
        self.done = set()  # eio sids admitted or dropped: not looked at again

    def watch(self):
        """An Engine.IO connection opened: make sure the sweeper runs."""
        with self.lock:
            if self.running:
                return
            self.running = True
        self.server.start_background_task(self.sweep)

    def sweep(self):
        while True:
            self.server.sleep(1)
            live = set(self.server.environ)
            if not live:
                with self.lock:
                    self.first_seen.clear()
                    self.done.clear()
                    self.running = False
                return
            self.done &= live
            now = time.monotonic()
            for eio_sid in live - self.done:
                if self.server.manager.sid_from_eio_sid(eio_sid, "/") is not None:
                    self.done.add(eio_sid)
                    self.first_seen.pop(eio_sid, None)
                elif now - self.first_seen.setdefault(eio_sid, now) >= self.grace:
                    self.done.add(eio_sid)
                    self.first_seen.pop(eio_sid, None)
                    self.turn_away(eio_sid)
            for eio_sid in set(self.first_seen) - live:
                del self.first_seen[eio_sid]

    def turn_away(self, eio_sid):
        """Close the Engine.IO session and, for a websocket, the connection under it: a
        client that never answers the close frame would otherwise keep its thread."""
        environ = self.server.environ.get(eio_sid) or {}
        self.server.eio.disconnect(eio_sid)
        sock = environ.get("gunicorn.socket")
        if sock is not None and environ.get("HTTP_UPGRADE", "").lower() == "websocket":
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def guard_engineio(server, grace):
    """Route Engine.IO connects through the Doorman before Socket.IO's own handler."""
    doorman = Doorman(server, grace)
    original = server._handle_eio_connect

    def on_eio_connect(eio_sid, environ):
        doorman.watch()
        return original(eio_sid, environ)

    server.eio.on("connect", on_eio_connect)
    return doorman
