"""One SQLite connection per request or socket event, migrations, and transactions."""

import contextlib
import sqlite3
import threading

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


def init_db(app):
    """Create or upgrade the store at the configured path."""
    db = open_app_db(app)
    try:
        migrate(db)
    finally:
        db.close()
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
