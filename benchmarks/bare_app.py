"""The baseline: a bare Flask-SocketIO app served exactly like `workshop serve`.

gunicorn, one gthread worker, threading mode, the same ping settings and thread sizing, and
nothing else: no store, no auth, no templates. `run.py` measures it on the same machine in the
same run, so Rembuk's figures can be read as ratios to what the stack itself costs.

    gunicorn -w 1 -k gthread --threads T --worker-connections C --no-control-socket \
        --chdir benchmarks 'bare_app:create_app()'

Routes: POST /echo (a trivial JSON POST), POST /broadcast {"seq", "event"?} (emits `tick`, or
`tock`, to every connected client), GET /healthz.
"""

from flask import Flask, jsonify, request
from flask_socketio import SocketIO


def create_app():
    """The smallest app with the same Socket.IO configuration as workshop/realtime.py."""
    app = Flask(__name__)
    socketio = SocketIO(
        app,
        async_mode="threading",
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

    return app
