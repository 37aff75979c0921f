"""The gunicorn workers `workshop serve` can run, guarded so idle connections cannot freeze
the hall (issues 12 and 13).

`HallGeventWorker` (what `workshop serve` runs since issue 13): gunicorn's gevent worker, one
greenlet per connection and Flask-SocketIO's gevent mode, so a broadcast costs ~17 µs per
socket instead of a thread hand-off (docs/performance.md). `HallWorker`: the gthread worker
it ran before (a thread per connection), kept for comparison and as a fallback.

gthread gives every connection that is being read a thread. Left alone, a few hundred
connections that send half a request (or nothing after the headers) hold every thread and
the server stops answering everyone; under gevent they would hold greenlets and places in
the worker's connection pool (`--worker-connections`). The same three guards, each cheap:

- a per-address cap on open connections, checked when a connection is accepted: over it,
  the connection gets a short 429 and is closed before it can take a thread. Loopback is
  exempt (the laptop itself, or a local nginx, which has its own `limit_conn`);
- a read timeout on every accepted socket: a request whose next bytes do not arrive within
  `IO_TIMEOUT_SECONDS` is dropped, freeing its thread or greenlet. Under gthread it is
  SO_RCVTIMEO, set at the OS level so gunicorn's own setblocking() calls keep it; under
  gevent the socket's own timeout, plus the same bound on reading a whole request head
  (the header timeout: a request trickled in byte by byte cannot stay either).
  `ConnectionGuard` lifts it for websockets, which are quiet between pings by design;
- (in realtime.py) an Engine.IO connection that does not complete the Socket.IO connect
  within `SOCKET_JOIN_SECONDS` is closed, so bare websockets do not hold threads.
"""

import collections
import contextlib
import errno
import logging
import socket
import struct
import threading

import gevent
from gunicorn.workers import ggevent, gthread

from . import collector

# Loopback peers are the machine itself or a reverse proxy on it (not limited here).
LOOPBACK = ("127.0.0.1", "::1", "::ffff:127.0.0.1")
# Reads of what a closing peer already sent (so the kernel does not answer it with a reset).
DRAIN_READS = 16
REFUSAL_TEXT = (
    b"Terlalu banyak koneksi dari alamat ini; tutup tab yang tidak dipakai lalu coba lagi.\n"
    b"Too many connections from this address; close unused tabs and try again.\n"
)
REFUSAL = (
    b"HTTP/1.1 429 Too Many Requests\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"Retry-After: 10\r\n"
    b"Connection: close\r\n"
    b"Content-Length: " + str(len(REFUSAL_TEXT)).encode() + b"\r\n\r\n" + REFUSAL_TEXT
)


def set_read_timeout(sock, seconds):
    """SO_RCVTIMEO: a blocking recv gives up after `seconds` (0 = wait for ever)."""
    whole = int(seconds)
    micro = int((seconds - whole) * 1_000_000)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, struct.pack("ll", whole, micro))


class AddressCounter:
    """Open connections per peer address, shared by the accepting loop and the threads."""

    def __init__(self, limit, exempt):
        self.limit = limit
        self.exempt = set(exempt)
        self.lock = threading.Lock()
        self.open = collections.Counter()

    def admit(self, address):
        """Count a new connection; False (and not counted) when its address is at the cap."""
        if not self.limit or address in self.exempt:
            return True
        with self.lock:
            if self.open[address] >= self.limit:
                return False
            self.open[address] += 1
            return True

    def release(self, address):
        """A counted connection closed."""
        if not self.limit or address in self.exempt:
            return
        with self.lock:
            self.open[address] -= 1
            if self.open[address] <= 0:
                del self.open[address]


class GuardedConn(gthread.TConn):
    """A connection that gives its address's place back when it closes (once), and never
    makes the accepting loop wait for its peer.

    gunicorn's graceful close (on the main thread) drains the peer for up to two seconds
    before closing; a peer that stays silent stops the whole server for those seconds, one
    connection after another (measured: idle connections closed at 2 s intervals while
    nothing else was served). Here the drain takes only what has already arrived.
    """

    def __init__(self, cfg, sock, client, server, counter, address):
        super().__init__(cfg, sock, client, server)
        self.counter = counter
        self.address = address
        self.released = False

    def close(self, graceful=False):
        if not self.released:
            self.released = True
            self.counter.release(self.address)
        if graceful:
            with contextlib.suppress(OSError):
                self.sock.shutdown(socket.SHUT_WR)
                self.sock.setblocking(False)
                for _ in range(DRAIN_READS):
                    if not self.sock.recv(65536):
                        break
        super().close(graceful=False)


class QuietTimeouts(logging.Filter):
    """A request dropped by the read timeout is routine: no traceback in the log for it."""

    def filter(self, record):
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, BlockingIOError | TimeoutError)


class Guarded:
    """What both workers share: the settings of the guards, read from the app's config."""

    def init_process(self):
        # load_wsgi() runs inside super().init_process(), before run(); read settings lazily.
        self.counter = None
        self.log.error_log.addFilter(QuietTimeouts())
        super().init_process()

    def guard_settings(self):
        config = getattr(self.wsgi, "config", {})
        if self.counter is None:
            self.counter = AddressCounter(
                config.get("MAX_CONNECTIONS_PER_ADDRESS", 64),
                config.get("CONNECTION_LIMIT_EXEMPT", LOOPBACK),
            )
            self.io_timeout = float(config.get("IO_TIMEOUT_SECONDS", 10))
        return self.counter


def peer_address(client_addr):
    return client_addr[0] if isinstance(client_addr, tuple) else str(client_addr)


class HallWorker(Guarded, gthread.ThreadWorker):
    """gthread with the guards above (the worker before issue 13)."""

    def accept(self, listener):
        """Accept, refuse over the per-address cap, time-limit reads, hand to a thread."""
        counter = self.guard_settings()
        try:
            client_sock, client_addr = listener.accept()
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED):
                raise
            return
        address = peer_address(client_addr)
        if not counter.admit(address):
            with contextlib.suppress(OSError):
                client_sock.setblocking(False)
                client_sock.send(REFUSAL)
            client_sock.close()
            return
        self.nr_conns += 1
        client_sock.setblocking(True)
        if self.io_timeout:
            set_read_timeout(client_sock, self.io_timeout)
        conn = GuardedConn(
            self.cfg, client_sock, client_addr, listener.getsockname(), counter, address
        )
        self.enqueue_req(conn)


class HallGeventWorker(Guarded, ggevent.GeventWorker):
    """gunicorn's gevent worker with the guards above: what `workshop serve` runs.

    Every connection is a greenlet from a pool of `--worker-connections`; the guards keep
    idle ones from filling it. The app must run Flask-SocketIO in gevent mode
    (ASYNC_MODE=gevent, set by `workshop serve`) and keep blocking SQLite work off the loop
    (db.py).
    """

    def load_wsgi(self):
        """The app, then full collections left to the quiet moments (collector.py)."""
        super().load_wsgi()
        collector.collector = collector.QuietCollector()
        collector.collector.install()

    def run(self):
        gevent.spawn(collector.collector.run, gevent.sleep)
        super().run()

    def timeout_ctx(self):
        """The header timeout: a request head (or the next one on a kept-alive connection)
        must arrive whole within IO_TIMEOUT_SECONDS (gunicorn's keepalive if longer)."""
        self.guard_settings()
        return gevent.Timeout(max(self.io_timeout, self.cfg.keepalive), False)

    def handle(self, listener, client, addr):
        """Refuse over the per-address cap; time-limit reads; then serve as gevent does."""
        counter = self.guard_settings()
        address = peer_address(addr)
        if not counter.admit(address):
            refuse(client)
            return
        try:
            client.setblocking(1)
            if self.io_timeout:
                client.settimeout(self.io_timeout)
            # AsyncWorker.handle: GeventWorker.handle would only reset the timeout.
            super(ggevent.GeventWorker, self).handle(listener, client, addr)
        finally:
            counter.release(address)


def refuse(client):
    """Tell a connection over the cap why, and close it without reading its request
    (what it already sent is drained, so the kernel does not answer with a reset)."""
    with contextlib.suppress(OSError):
        client.setblocking(False)
        client.send(REFUSAL)
        client.shutdown(socket.SHUT_WR)
        for _ in range(DRAIN_READS):
            if not client.recv(65536):
                break
    client.close()


class ConnectionGuard:
    """WSGI middleware: a websocket upgrade may stay quiet between pings, so its socket
    waits for ever again (the read timeout is for HTTP requests only)."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        if collector.collector is not None:
            collector.collector.seen()
        sock = environ.get("gunicorn.socket")
        if sock is not None and environ.get("HTTP_UPGRADE", "").lower() == "websocket":
            with contextlib.suppress(OSError):
                if sock.gettimeout() is not None:
                    sock.settimeout(None)  # a gevent socket: its own timeout
                else:
                    set_read_timeout(sock, 0)
        return self.wsgi_app(environ, start_response)
