"""One SQLite connection per request or socket event, migrations, and transactions."""

import contextlib
import getpass
import os
import sqlite3
import threading
from pathlib import Path

import click
from flask import current_app, g
from flask.cli import with_appcontext
from sqlite_utils import Database

from .polls.methods import METHODS
from .store import polls
from .store.migrations import migrations


class Store(Database):
    """sqlite-utils Database whose outermost atomic() takes the write lock up front.

    A deferred BEGIN followed by a read (sqlite-utils' own table introspection, or a
    get_x) and then a write fails at once with "database is locked" when another
    connection writes meanwhile: SQLite skips the busy timeout for a reader that must
    become a writer (notes/stack.md). BEGIN IMMEDIATE waits for the lock instead.
    Nested atomic() blocks stay savepoints.
    """

    @contextlib.contextmanager
    def atomic(self):
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        with immediate(self):
            yield self


def connect(path, timeout=5.0, synchronous="FULL"):
    """Open the store the way every caller must: WAL, foreign keys, busy timeout."""
    conn = sqlite3.connect(path, timeout=timeout)
    db = Store(conn)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    if synchronous not in ("FULL", "NORMAL", "EXTRA"):
        raise ValueError(f"DATABASE_SYNCHRONOUS must be FULL, NORMAL or EXTRA, not {synchronous}")
    conn.execute(f"PRAGMA synchronous = {synchronous}")
    return db


def open_app_db(app):
    """Connect with the app's settings (used outside requests: CLI, background tasks)."""
    return connect(
        app.config["DATABASE"],
        timeout=float(app.config["DATABASE_TIMEOUT"]),
        synchronous=app.config["DATABASE_SYNCHRONOUS"],
    )


def get_db():
    """The connection of the current request or socket event, opened on first use."""
    if "db" not in g:
        g.db = open_app_db(current_app)
    return g.db


def close_db(exc=None):
    """Teardown: roll back anything left open (an error path) and close."""
    db = g.pop("db", None)
    if db is not None:
        db.rollback()
        db.close()


# One writer at a time inside this process: waiting on a Python lock wakes the next writer as
# soon as the lock is free, where SQLite's busy handler polls with sleeps of up to 100 ms
# (slow, unfair: a late writer can win while an early one times out).
_WRITE_LOCK = threading.RLock()


@contextlib.contextmanager
def immediate(db):
    """A read-modify-write transaction that takes the write lock up front.

    A deferred transaction that reads and then writes fails at once with
    "database is locked" under contention instead of waiting (notes/stack.md).
    """
    with _WRITE_LOCK:
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.rollback()
            raise
        else:
            db.conn.execute("COMMIT")


def migrate(db):
    """Bring the schema up to date and switch the file to WAL (idempotent)."""
    if db.journal_mode != "wal":
        db.enable_wal()
    migrations.apply(db)
    # polls.method references poll_methods: every registered method is a row there.
    polls.sync_methods(db, METHODS)


# The first bytes of every SQLite database file.
SQLITE_HEADER = b"SQLite format 3\x00"


class StoreProblem(click.ClickException):
    """The store file cannot be used as it is; the message says what is wrong and what to do.

    A ClickException, so every `workshop` command (and `serve` before gunicorn starts) shows
    it as one line and exits with 1 instead of a traceback (issue 12, item 8).
    """


def _user():
    try:
        return getpass.getuser()
    except Exception:  # no name for this uid (a container): say the id
        return f"uid {os.getuid()}"


def check_store(path):
    """Refuse a store file that would fail (or silently start empty) once the server runs.

    A missing file is fine (it is created). Refused: a missing or read-only folder (SQLite
    writes its -wal and -shm files beside the store), a file this user cannot write, a 0-byte
    file (SQLite would quietly make it a new, empty store; it is almost always a copy that
    failed), and a file that is not SQLite. (A second server started in the very instant
    the first one creates a new store could see that file still empty: the README says to
    start several servers one after the other.)
    """
    if path == ":memory:":
        return
    store = Path(path)
    folder = store.parent
    if not folder.is_dir():
        raise StoreProblem(
            f"the folder of the store {store} does not exist: create it, "
            "or set WORKSHOP_DATABASE to a file in an existing folder"
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreProblem(
            f"the folder {folder} is read-only for {_user()} (SQLite writes its journal "
            "beside the store): make it writable, or set WORKSHOP_DATABASE to a writable place"
        )
    if not store.exists():
        return
    if store.is_dir():
        raise StoreProblem(f"the store {store} is a folder: set WORKSHOP_DATABASE to a file")
    try:
        # Open it the way SQLite will: an access() check would not see a read-only mount.
        fd = os.open(store, os.O_RDWR)
    except OSError as e:
        raise StoreProblem(
            f"the store {store} is read-only for {_user()} ({e.strerror}): make it writable "
            "(chmod/chown), or copy it somewhere writable and set WORKSHOP_DATABASE"
        ) from e
    try:
        header = os.read(fd, len(SQLITE_HEADER))
    finally:
        os.close(fd)
    if not header:
        raise StoreProblem(
            f"the store {store} is empty (0 bytes), probably an interrupted copy: "
            "bring a backup back with `workshop restore --latest`, "
            "or delete the file to start a new, empty store"
        )
    if header != SQLITE_HEADER:
        raise StoreProblem(
            f"the store {store} is not a SQLite database (damaged or a wrong file): "
            "bring a backup back with `workshop restore --latest`, "
            "or set WORKSHOP_DATABASE to the right file"
        )


def init_db(app):
    """Create or upgrade the store at the configured path (refusing one that cannot work)."""
    check_store(app.config["DATABASE"])
    try:
        db = open_app_db(app)
        try:
            migrate(db)
        finally:
            db.close()
    except sqlite3.DatabaseError as e:
        if isinstance(e, sqlite3.OperationalError):  # locked, disk full, I/O error …
            advice = "check the disk (space, permissions) and that no other program holds it"
        else:  # a SQLite header over damaged pages
            advice = "bring a backup back with `workshop restore --latest`"
        database = app.config["DATABASE"]
        raise StoreProblem(f"the store {database} cannot be used ({e}): {advice}") from e
    if (
        app.config["DATABASE"] != ":memory:"
        and not app.testing  # hundreds of test apps would each hold a file open
        and "rembuk_keeper" not in app.extensions
    ):
        # Held open for the process's life: the last connection to close a WAL store
        # checkpoints and deletes the WAL, so per-request connections would pay a checkpoint
        # on close and a WAL re-creation on the next commit (two extra fsyncs) when alone.
        keeper = sqlite3.connect(app.config["DATABASE"], check_same_thread=False)
        keeper.execute("SELECT COUNT(*) FROM sqlite_master").fetchall()  # opens the WAL
        app.extensions["rembuk_keeper"] = keeper


@click.command("init")
@with_appcontext
def init_command():
    """Create the SQLite store (or upgrade its schema) and the instance folder."""
    init_db(current_app)
    click.echo(f"Store ready: {current_app.config['DATABASE']}")
    click.echo(f"Instance folder: {current_app.instance_path}")


def init_app(app):
    """Register teardown and the `init` command."""
    app.teardown_appcontext(close_db)
    app.cli.add_command(init_command)
