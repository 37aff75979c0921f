"""The gunicorn worker `workshop serve` runs: gthread, guarded so idle connections cannot
freeze the hall (issue 12).

gthread gives every connection that is being read a thread. Left alone, a few hundred
connections that send half a request (or nothing after the headers) hold every thread and
the server stops answering everyone. Three guards, each cheap:

- a per-address cap on open connections, checked when a connection is accepted: over it,
  the connection gets a short 429 and is closed before it can take a thread. Loopback is
  exempt (the laptop itself, or a local nginx, which has its own `limit_conn`);
- a read timeout on every accepted socket (SO_RCVTIMEO, set at the OS level so gunicorn's
  own setblocking() calls keep it): a request whose next bytes do not arrive within
  `IO_TIMEOUT_SECONDS` is dropped, freeing its thread. `ConnectionGuard` lifts it for
  websockets, which are quiet between pings by design;
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

from gunicorn.workers import gthread

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


class HallWorker(gthread.ThreadWorker):
    """gthread with the guards above; settings come from the app's configuration."""

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

    def accept(self, listener):
        """Accept, refuse over the per-address cap, time-limit reads, hand to a thread."""
        counter = self.guard_settings()
        try:
            client_sock, client_addr = listener.accept()
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED):
                raise
            return
        address = client_addr[0] if isinstance(client_addr, tuple) else str(client_addr)
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


class ConnectionGuard:
    """WSGI middleware: a websocket upgrade may stay quiet between pings, so its socket
    waits for ever again (the read timeout is for HTTP requests only)."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        sock = environ.get("gunicorn.socket")
        if sock is not None and environ.get("HTTP_UPGRADE", "").lower() == "websocket":
            with contextlib.suppress(OSError):
                set_read_timeout(sock, 0)
        return self.wsgi_app(environ, start_response)
