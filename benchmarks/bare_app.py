"""The baseline: a bare Flask-SocketIO app, in either of the two serving stacks.

`BARE_ASYNC_MODE=threading` (default): gunicorn, one gthread worker, threading mode — the
stack `workshop serve` ran before issue 13. `BARE_ASYNC_MODE=gevent`: gunicorn's gevent
worker and Flask-SocketIO's gevent mode (simple-websocket carries the websocket) — the stack
it runs now. Same ping settings, nothing else: no store, no auth, no templates. `run.py`
measures both on the same machine in the same run.

    gunicorn -w 1 -k gthread --threads T --worker-connections C --no-control-socket \
        --chdir benchmarks 'bare_app:create_app()'
    BARE_ASYNC_MODE=gevent gunicorn -w 1 -k gevent --worker-connections C ...

Routes: POST /echo (a trivial JSON POST), POST /broadcast {"seq", "event"?} (emits `tick`, or
`tock`, to every connected client), POST /burst {"count"} (emits `burst` `count` times in one
pass: the cost of fan-out itself), GET /healthz.
"""

import os

from flask import Flask, jsonify, request
from flask_socketio import SocketIO

# Most events one /burst may emit (keeps a mistaken request bounded).
MAX_BURST = 1000


def create_app():
    """The smallest app with the same Socket.IO configuration as workshop/realtime.py."""
    app = Flask(__name__)
    socketio = SocketIO(
        app,
        async_mode=os.environ.get("BARE_ASYNC_MODE", "threading"),
        ping_interval=20,
        ping_timeout=20,
        max_http_buffer_size=64 * 1024,
        logger=False,
        engineio_logger=False,
    )

    @socketio.on("connect")
    def on_connect(auth=None):
        """Everyone may connect; the broadcast goes to all."""
        return True

    @app.get("/healthz")
    def healthz():
        return jsonify({"status": "ok"})

    @app.post("/echo")
    def echo():
        """A trivial POST: parse a small JSON body and answer it."""
        body = request.get_json(silent=True) or {}
        return jsonify({"ok": True, "n": len(body)})

    @app.post("/broadcast")
    def broadcast():
        """Emit one event to every connected client, then answer."""
        body = request.get_json(silent=True) or {}
        event = "tock" if body.get("event") == "tock" else "tick"
        socketio.emit(event, {"seq": body.get("seq"), "text": "x" * 64})
        return jsonify({"ok": True})

    @app.post("/burst")
    def burst():
        """Emit `count` events to every connected client in one pass, then answer."""
        body = request.get_json(silent=True) or {}
        count = max(1, min(MAX_BURST, int(body.get("count", 1))))
        for seq in range(count):
            socketio.emit("burst", {"seq": seq, "text": "x" * 64})
        return jsonify({"ok": True, "count": count})

    return app
