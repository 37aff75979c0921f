"""Simulated people: timed HTTP calls and Socket.IO clients, all in one asyncio loop.

One process holds every client (python-socketio's AsyncClient over aiohttp), so the load
generator stays light on a 2-core machine it shares with the server. Handlers only note
the arrival time of the events the benchmark measures.
"""

import asyncio
import contextlib
import json
import time

import aiohttp
import socketio

# Keep-alive HTTP connections the generator opens at most (requests beyond it wait for one;
# that wait is counted in the latency, as a slow server is what makes it happen).
HTTP_CONNECTIONS = 100
HTTP_TIMEOUT = 30
# Close idle connections before gunicorn does (its keep-alive is 2 s): reusing one the server
# is closing makes a POST fail with ServerDisconnectedError, a client artefact, not a refusal.
KEEPALIVE = 1.0
CONNECT_TIMEOUT = 15

now = time.perf_counter


class Op:
    """One timed request: what, when it was due, when it started and ended, the answer."""

    __slots__ = ("kind", "due", "start", "end", "status", "error", "body")

    def __init__(self, kind, due):
        self.kind = kind
        self.due = due
        self.start = self.end = None
        self.status = None
        self.error = None
        self.body = None

    @property
    def ok(self):
        return self.status is not None and 200 <= self.status < 300

    @property
    def ms(self):
        return 1000 * (self.end - self.start)


class Http:
    """A shared aiohttp session: bearer auth per call, no cookies, every call timed."""

    def __init__(self, base_url):
        self.base = base_url
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=HTTP_CONNECTIONS, keepalive_timeout=KEEPALIVE),
            cookie_jar=aiohttp.DummyCookieJar(),
            timeout=aiohttp.ClientTimeout(total=HTTP_TIMEOUT),
        )
        self.ops = []

    async def call(self, method, path, token=None, json=None, kind=None, due=None, base=None):
        """Make one request (to `base`, another server process, when given); record it as an
        Op when `kind` is given."""
        op = Op(kind, due)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        op.start = now()
        try:
            async with self.session.request(
                method, (base or self.base) + path, json=json, headers=headers
            ) as r:
                op.status = r.status
                op.body = await r.json(content_type=None) if r.status != 204 else None
        except Exception as e:  # noqa: BLE001 — every failure is a measured error
            op.error = f"{type(e).__name__}: {e}"[:200]
        op.end = now()
        if kind:
            self.ops.append(op)
        return op

    async def must(self, method, path, token=None, json=None):
        """A setup call that has to succeed."""
        op = await self.call(method, path, token=token, json=json)
        if not op.ok:
            raise RuntimeError(f"{method} {path} → {op.status} {op.error or op.body}")
        return op.body

    async def close(self):
        await self.session.close()


class LoopLag:
    """How late the event loop wakes up: a late loop would inflate every latency measured."""

    def __init__(self, tick=0.05):
        self.tick = tick
        self.samples = []  # (t, lag seconds)
        self.task = None

    async def _run(self):
        while True:
            t0 = now()
            await asyncio.sleep(self.tick)
            t1 = now()
            self.samples.append((t1, t1 - t0 - self.tick))

    def start(self):
        self.task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self):
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task

    def between(self, t0, t1):
        return [lag for t, lag in self.samples if t0 <= t <= t1]


class Client:
    """One Socket.IO connection noting when each watched event arrived."""

    def __init__(self, ws_session, watch, keep=None):
        self.sio = socketio.AsyncClient(
            reconnection=False, handle_sigint=False, http_session=ws_session
        )
        self.seen = {event: [] for event in watch}
        self.keep = keep or {}
        self.disconnected = False
        self.connect_ms = None
        for event in watch:
            self.sio.on(event, self._recorder(event))
        self.sio.on("disconnect", self._on_disconnect)

    def _recorder(self, event):
        extract = self.keep.get(event, lambda payload: None)

        async def handler(payload=None):
            self.seen[event].append((now(), extract(payload)))

        return handler

    async def _on_disconnect(self, reason=None):
        self.disconnected = (now(), str(reason))

    async def connect(self, url, auth):
        t0 = now()
        await self.sio.connect(
            url, auth=auth, transports=["websocket"], wait_timeout=CONNECT_TIMEOUT
        )
        self.connect_ms = 1000 * (now() - t0)

    async def close(self):
        if self.sio.connected:
            await self.sio.disconnect()

    def first(self, event, key):
        """When the first `event` whose extracted value equals key arrived, or None."""
        for t, value in self.seen[event]:
            if value == key:
                return t
        return None


class LeanClient:
    """A participant's socket speaking Engine.IO 4 / Socket.IO 5 directly over aiohttp.

    Same wire protocol and transport as the browser (websocket), but it answers pings and
    decodes only the events it watches: python-socketio's AsyncClient spends ~100 µs per
    message (a task, two decoders, a binary scan), which on a shared 2-core machine makes
    the generator, not the server, the bottleneck once a few thousand messages a second
    fan out. The projector and facilitator keep the full AsyncClient (`Client`).
    """

    def __init__(self, ws_session, watch, keep=None, handlers=None):
        self.session = ws_session
        self.seen = {event: [] for event in watch}
        self.keep = keep or {}
        # event → handler(arrival time, raw frame text), called instead of noting the event
        # in seen: the handler decodes only what it needs (a batch to 1,000 phones arrives
        # at once; decoding it 1,000 times stalled the generator's loop by 100+ ms)
        self.handlers = handlers or {}
        self.disconnected = False
        self.connect_ms = None
        self.ws = None
        self.reader = None
        self.closing = False

    @property
    def connected(self):
        return self.ws is not None and not self.ws.closed and not self.disconnected

    async def connect(self, url, auth):
        t0 = now()
        ws_url = "ws" + url[4:] + "/socket.io/?EIO=4&transport=websocket"
        self.ws = await self.session.ws_connect(ws_url, timeout=CONNECT_TIMEOUT, max_msg_size=0)
        opened = await self.ws.receive(timeout=CONNECT_TIMEOUT)
        if opened.type != aiohttp.WSMsgType.TEXT or not opened.data.startswith("0"):
            raise ConnectionError(f"no Engine.IO open packet: {opened.data!r}")
        await self.ws.send_str("40" + json.dumps(auth))
        while True:
            msg = await self.ws.receive(timeout=CONNECT_TIMEOUT)
            if msg.type != aiohttp.WSMsgType.TEXT:
                raise ConnectionError(f"closed while connecting: {msg.type}")
            if msg.data.startswith("44"):
                raise ConnectionRefusedError(msg.data[2:])
            if msg.data.startswith("40"):
                break
            self._handle(msg.data)
        self.connect_ms = 1000 * (now() - t0)
        self.reader = asyncio.get_running_loop().create_task(self._read())

    def _handle(self, data):
        if data.startswith('42["'):
            end = data.find('"', 4)
            event = data[4:end]
            handler = self.handlers.get(event)
            if handler is not None:
                handler(now(), data)
            elif event in self.seen:
                t = now()
                extract = self.keep.get(event)
                value = extract(json.loads(data[2:])[1]) if extract else None
                self.seen[event].append((t, value))

    async def _read(self):
        ws = self.ws
        async for msg in ws:
            if msg.type != aiohttp.WSMsgType.TEXT:
                continue
            if msg.data == "2":
                await ws.send_str("3")  # pong
            elif msg.data == "1" or msg.data.startswith("41"):
                break
            else:
                self._handle(msg.data)
        if not self.closing:
            self.disconnected = (now(), f"closed by server (code {ws.close_code})")

    async def close(self):
        self.closing = True
        if self.ws is not None and not self.ws.closed:
            with contextlib.suppress(Exception):
                await self.ws.send_str("41")
            await self.ws.close()
        if self.reader is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.reader

    def first(self, event, key):
        for t, value in self.seen[event]:
            if value == key:
                return t
        return None


def ws_session():
    """Websockets get their own unlimited connector (each one holds a connection)."""
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0), cookie_jar=aiohttp.DummyCookieJar()
    )


async def sleep_until(t):
    delay = t - now()
    if delay > 0:
        await asyncio.sleep(delay)


async def wait_all(clients, event, key, timeout):
    """Wait until every client saw `event` with this key; (last arrival, how many saw it)."""
    deadline = now() + timeout
    pending, last = list(clients), None
    while True:
        still = []
        for c in pending:
            t = c.first(event, key)
            if t is None:
                still.append(c)
            else:
                last = t if last is None else max(last, t)
        pending = still
        if not pending or now() >= deadline:
            return last, len(clients) - len(pending)
        await asyncio.sleep(0.01)
