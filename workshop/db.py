"""One SQLite connection per request or socket event, migrations, and transactions.

Under `workshop serve` the app runs on gevent (ASYNC_MODE=gevent): one OS thread serves
every request and socket, so a SQLite call that waits stops them all. The two waits of a
write are taken off that thread (`Store.offload`, gevent's pool of real threads): BEGIN
IMMEDIATE when another process holds the write lock (the busy timeout), and COMMIT, which
waits for the disk (fsync: 0.2 ms on a quiet disk, 4–16 ms on a busy one). Write blocks
are grouped (group_commit.py): this process's writers queue on a gevent lock, run as
savepoints of one shared transaction, and share its commit. The statements themselves and
every read run inline: they touch pages in memory and take microseconds
(docs/performance.md has the measurements). Idle connections are pooled for the next request.
"""

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

from .group_commit import GroupCommit
from .polls.methods import METHODS
from .store import polls
from .store.migrations import migrations

# Statements that write: outside a transaction, Store.execute runs them in one (immediate).
WRITE_KEYWORDS = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class Store(Database):
    """sqlite-utils Database whose outermost atomic() takes the write lock up front.

    A deferred BEGIN followed by a read (sqlite-utils' own table introspection, or a
    get_x) and then a write fails at once with "database is locked" when another
    connection writes meanwhile: SQLite skips the busy timeout for a reader that must
    become a writer (notes/stack.md). BEGIN IMMEDIATE waits for the lock instead.
    Nested atomic() blocks stay savepoints. A lone write statement outside any atomic()
    becomes one too, so every write queues the same way (and, under gevent, waits off
    the event loop).
    """

    # f(function, *args) running blocking SQLite calls off the event loop (gevent), or None.
    offload = None
    # Under gevent: the process's GroupCommit (group_commit.py), which runs every outermost
    # atomic() as a savepoint of one shared transaction, committed for many at once.
    group = None

    @contextlib.contextmanager
    def atomic(self):
        if self.conn.in_transaction:
            with super().atomic():
                yield self
        elif self.group is not None:
            with self.group.transaction(self):
                yield self
        else:
            with immediate(self):
                yield self

    def execute(self, sql, parameters=None):
        if not self.conn.in_transaction and sql.lstrip()[:7].upper().startswith(WRITE_KEYWORDS):
            with self.atomic():
                return super().execute(sql, parameters)
        return super().execute(sql, parameters)


def gevent_offload(function, *args):
    """Run function(*args) on a real thread of gevent's pool; this greenlet waits for it."""
    import gevent  # here: only `workshop serve`'s gevent worker gets this far

    return gevent.get_hub().threadpool.apply(function, args)


def connect(path, timeout=5.0, synchronous="FULL", offload=False):
    """Open the store the way every caller must: WAL, foreign keys, busy timeout.

    `offload`: the caller runs on gevent's event loop (the connection's write waits then run
    on pool threads, so it may not insist on its creating thread)."""
    conn = sqlite3.connect(path, timeout=timeout, check_same_thread=not offload)
    db = Store(conn)
    if offload:
        db.offload = gevent_offload
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    if synchronous not in ("FULL", "NORMAL", "EXTRA"):
        raise ValueError(f"DATABASE_SYNCHRONOUS must be FULL, NORMAL or EXTRA, not {synchronous}")
    conn.execute(f"PRAGMA synchronous = {synchronous}")
    return db


def open_app_db(app, grouped=True):
    """Connect with the app's settings (used outside requests: CLI, background tasks)."""
    db = connect(
        app.config["DATABASE"],
        timeout=float(app.config["DATABASE_TIMEOUT"]),
        synchronous=app.config["DATABASE_SYNCHRONOUS"],
        offload=on_event_loop(app),
    )
    if grouped:
        db.group = app.extensions.get("rembuk_group_commit")
    return db


def on_event_loop(app):
    """True when the app serves on gevent's loop (`workshop serve`), where a blocking call
    stops every connection."""
    return app.config.get("ASYNC_MODE") == "gevent"


def off_loop(app, function, *args):
    """function(*args), on a real thread when the app runs on gevent (a backup, a long
    SQLite job); simply called otherwise."""
    if on_event_loop(app):
        return gevent_offload(function, *args)
    return function(*args)


# Open connections kept for the next request, under gevent (app.extensions["rembuk_pool"]):
# opening one (files, WAL index, schema) costs ~0.5 ms, a fifth of a ballot's CPU. A vote
# storm has hundreds of requests in flight: keep enough (each holds ~3 file descriptors).
POOL_SIZE = 128


def get_db():
    """The connection of the current request or socket event, opened on first use (or
    taken from the pool of idle connections under gevent)."""
    if "db" not in g:
        pool = current_app.extensions.get("rembuk_pool")
        g.db = pool.pop() if pool else open_app_db(current_app)
    return g.db


def close_db(exc=None):
    """Teardown: roll back anything left open (an error path); close, or keep it in the
    pool under gevent."""
    db = g.pop("db", None)
    if db is None:
        return
    db.rollback()
    pool = current_app.extensions.get("rembuk_pool")
    if pool is not None and len(pool) < POOL_SIZE and not db.conn.in_transaction:
        pool.append(db)
    else:
        db.close()


# One writer at a time inside this process: waiting on a Python lock wakes the next writer as
# soon as the lock is free, where SQLite's busy handler polls with sleeps of up to 100 ms
# (slow, unfair: a late writer can win while an early one times out). Under gevent the lock
# is gevent's (a greenlet waiting for it lets the others run), made on first use.
_WRITE_LOCK = threading.RLock()
_GREEN_WRITE_LOCK = []


def _write_lock(offload):
    if offload is None:
        return _WRITE_LOCK
    if not _GREEN_WRITE_LOCK:
        import gevent.lock  # here: only `workshop serve`'s gevent worker gets this far

        _GREEN_WRITE_LOCK.append(gevent.lock.RLock())
    return _GREEN_WRITE_LOCK[0]


def _inline(function, *args):
    return function(*args)


def _begin_off_loop(db):
    """BEGIN IMMEDIATE without a thread hop when the lock is free (the usual case: this
    process's writers already queued on the gevent lock); when another process holds it,
    wait for it on a pool thread, up to the busy timeout."""
    conn = db.conn
    (waits,) = conn.execute("PRAGMA busy_timeout").fetchone()
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("BEGIN IMMEDIATE")
        return
    except sqlite3.OperationalError as e:
        if getattr(e, "sqlite_errorcode", None) != sqlite3.SQLITE_BUSY:
            raise
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(waits)}")
    db.offload(conn.execute, "BEGIN IMMEDIATE")


@contextlib.contextmanager
def immediate(db):
    """A read-modify-write transaction that takes the write lock up front.

    A deferred transaction that reads and then writes fails at once with
    "database is locked" under contention instead of waiting (notes/stack.md).
    Under gevent (`db.offload`), BEGIN IMMEDIATE and COMMIT wait on a pool thread.
    """
    offload = getattr(db, "offload", None)
    run = offload or _inline
    with _write_lock(offload):
        if offload is None:
            db.conn.execute("BEGIN IMMEDIATE")
        else:
            _begin_off_loop(db)
        try:
            yield db
        except BaseException:
            db.rollback()
            raise
        else:
            try:
                run(db.conn.execute, "COMMIT")
            except BaseException:
                db.rollback()
                raise


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
    if on_event_loop(app):
        app.extensions["rembuk_pool"] = []
        if app.config.get("GROUP_COMMIT", True):
            app.extensions["rembuk_group_commit"] = GroupCommit(
                lambda: open_app_db(app, grouped=False), gevent_offload
            )
    app.teardown_appcontext(close_db)
    app.cli.add_command(init_command)
