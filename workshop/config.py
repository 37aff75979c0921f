"""Configuration: defaults, then instance config.py, then WORKSHOP_* environment, then tests."""

import os
import secrets
from pathlib import Path

# Every setting the app reads, with its default; the README's configuration table lists them.
DEFAULTS = {
    # The SQLite store; a relative path is resolved against the working directory at start-up.
    "DATABASE": "sessions.db",
    # Seconds a connection waits for a write lock before "database is locked".
    "DATABASE_TIMEOUT": 5.0,
    # PRAGMA synchronous: FULL survives power loss on a laptop, NORMAL only a process crash.
    "DATABASE_SYNCHRONOUS": "FULL",
    # How the server runs concurrent work: "threading" (tests, the CLI) or "gevent" (what
    # `workshop serve` sets for its gevent worker; SQLite waits then run on real threads).
    "ASYNC_MODE": "threading",
    # Under gevent, commit the write blocks that queued during one fsync together
    # (group_commit.py); false commits each on its own (for comparison).
    "GROUP_COMMIT": True,
    # Redis URL shared by several `workshop serve` processes, e.g. redis://localhost:6379/0.
    "MESSAGE_QUEUE": None,
    # Largest request body (bytes); CSV imports are the biggest legitimate bodies.
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    # Pages stay open for a whole workshop day: CSRF tokens must not expire.
    "WTF_CSRF_TIME_LIMIT": None,
    "WTF_CSRF_CHECK_DEFAULT": False,
    "BABEL_DEFAULT_LOCALE": "id",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Jakarta",
    "LANGUAGES": ["id", "en"],
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "rembuk_session",
    # Base URL printed on join screens and QR codes; detected from the LAN when unset.
    "PUBLIC_URL": None,
    # Port used to build LAN URLs when PUBLIC_URL is unset (set by `workshop serve`).
    "PORT": 8000,
    # Hours a facilitator API token stays valid.
    "TOKEN_LIFETIME_HOURS": 24 * 14,
    # Failed logins per username and address before a lockout, and its length in seconds.
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_LOCKOUT_SECONDS": 300,
    # Reverse proxies (nginx) in front of the server whose X-Forwarded-* headers to trust.
    "PROXY_COUNT": 0,
    # Minutes between online backups into <instance>/backups (0 turns them off), and how many
    # backups to keep (48 × 10 min = the last 8 hours).
    "BACKUP_INTERVAL_MINUTES": 10,
    "BACKUP_KEEP": 48,
    # Guards against a hall frozen by idle connections (workshop/hall_worker.py, issue 12):
    # open connections per device address (a phone or laptop uses a handful; loopback —
    # the laptop itself or a local nginx — is exempt), seconds a request may pause while it
    # is being read, and seconds a new live connection has to identify itself.
    "MAX_CONNECTIONS_PER_ADDRESS": 64,
    "CONNECTION_LIMIT_EXEMPT": ["127.0.0.1", "::1", "::ffff:127.0.0.1"],
    "IO_TIMEOUT_SECONDS": 10,
    "SOCKET_JOIN_SECONDS": 5,
    # People one device address may bring in by joining, per window (issue 12: re-joining
    # gave fresh submission allowances). 0 turns it off; raise it behind a NAT.
    "JOINS_PER_ADDRESS": 5,
    "JOIN_COUNT_WINDOW_SECONDS": 900,
    # Seconds between two batches of item events (proposals …) to one hall room (issue 13);
    # 0 sends each at once, still as a batch of one.
    "COALESCE_SECONDS": 0.5,
    # Documents and workbooks are rendered by a child process, so the server's memory comes
    # back after a big export (issue 13); the seconds one may take before it is stopped.
    "EXPORT_IN_CHILD": True,
    "EXPORT_TIMEOUT_SECONDS": 600,
    # Names the offline shell's caches (static/sw.js): a new value makes every phone drop its
    # cached scripts and styles. Unset: a hash of every file under static/.
    "ASSET_VERSION": None,
    # Apply pending migrations when the app starts (off only in special tests).
    "AUTO_MIGRATE": True,
}

SECRET_KEY_FILE = "secret_key"  # noqa: S105 (a file name, not a secret)


def load_secret_key(instance_path):
    """Read the per-install secret key, generating it on first run so none lives in code."""
    path = Path(instance_path) / SECRET_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip()


def configure(app, test_config=None):
    """Layer the configuration sources in the documented order."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env(prefix="WORKSHOP")
    if test_config is not None:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_secret_key(app.instance_path)
    database = app.config["DATABASE"]
    if database != ":memory:":
        app.config["DATABASE"] = str(Path(database).expanduser().resolve())


ASYNC_MODES = ("threading", "gevent")


def async_mode(app):
    """The app's ASYNC_MODE, checked: threading, or gevent (set by `workshop serve`)."""
    mode = app.config.get("ASYNC_MODE") or "threading"
    if mode not in ASYNC_MODES:
        raise ValueError(f"ASYNC_MODE must be one of {', '.join(ASYNC_MODES)}, not {mode}")
    return mode
