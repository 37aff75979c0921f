"""Online backups of the store into the instance folder, and restoring one.

SQLite's online backup API copies a consistent snapshot while the server keeps writing.
Backups (and the copy of the store a restore keeps) never hold the secrets of open anonymous
polls (copy_scrubbed). Restoring is different: it replaces the store, so it refuses while a
server holds the store (the server lock below) and refuses files that are not a Rembuk
store (issue 12, item 8).
"""

import contextlib
import datetime
import fcntl
import os
import sqlite3
import threading
from pathlib import Path

from .db import SQLITE_HEADER, off_loop
from .store.migrations import migrations

# Backups live here, inside the instance folder.
BACKUP_DIR = "backups"
PREFIX = "sessions-"


def backup_dir(app):
    """The folder of backups for this app (created on demand)."""
    path = Path(app.instance_path) / BACKUP_DIR
    path.mkdir(parents=True, exist_ok=True)
    return path


def copy_database(source_path, target_path):
    """A consistent copy of a live SQLite file (online backup API), fsynced."""
    source = sqlite3.connect(source_path, timeout=30)
    target = sqlite3.connect(target_path)
    try:
        with target:
            source.backup(target, pages=1024)
    finally:
        target.close()
        source.close()
    with open(target_path, "rb") as f:
        os.fsync(f.fileno())
    return target_path


# Tables whose rows a backup never holds: the secrets of open anonymous polls (issue 12).
SCRUBBED = ("poll_secrets",)


def copy_scrubbed(source_path, target_path):
    """A consistent copy of a live store without the live ballot secrets, fsynced.

    The copy is taken into memory, scrubbed there, and only then written out (VACUUM INTO),
    so no secret ever reaches the backup file, not even in its free pages. A store restored
    from it gives its open anonymous polls a fresh secret on their next ballot; who voted
    before stays in the voted set and their ballots stand.
    """
    source = sqlite3.connect(source_path, timeout=30)
    memory = sqlite3.connect(":memory:")
    try:
        with memory:
            source.backup(memory, pages=1024)
        tables = {name for (name,) in memory.execute("SELECT name FROM sqlite_master")}
        with memory:
            for table in SCRUBBED:
                if table in tables:
                    memory.execute(f"DELETE FROM [{table}]")  # noqa: S608 (a fixed name)
        memory.execute("VACUUM INTO ?", [str(target_path)])
    finally:
        memory.close()
        source.close()
    with open(target_path, "rb") as f:
        os.fsync(f.fileno())
    return target_path


def make_backup(app, now=None):
    """Write one backup (live ballot secrets scrubbed) and prune old ones; returns its path."""
    now = now or datetime.datetime.now()
    target = backup_dir(app) / f"{PREFIX}{now:%Y%m%d-%H%M%S}.db"
    copy_scrubbed(app.config["DATABASE"], str(target))
    prune(app)
    return target


def list_backups(app):
    """Backups, newest first."""
    return sorted(backup_dir(app).glob(f"{PREFIX}*.db"), reverse=True)


def prune(app):
    """Keep the newest BACKUP_KEEP backups."""
    keep = int(app.config["BACKUP_KEEP"])
    for old in list_backups(app)[keep:]:
        old.unlink(missing_ok=True)


# Beside the store (not in the instance folder): it guards that file, whichever instance
# folder a command uses. `workshop serve` holds it shared for the server's whole life
# (several servers on one store over Redis are fine); restore takes it exclusively.
LOCK_SUFFIX = "-serve.lock"
# Tables every Rembuk store has, whatever its version.
REQUIRED_TABLES = ("_sqlite_migrations", "facilitators", "workshops", "participants")


class ServerRunning(ValueError):
    """A `workshop serve` holds the store (or a restore does, for `serve`)."""


def lock_path(database):
    """The lock file that says a server (or a restore) is using this store."""
    return Path(f"{database}{LOCK_SUFFIX}")


def _open_lock(database):
    return os.open(lock_path(database), os.O_RDWR | os.O_CREAT, 0o600)


def hold_serve_lock(database):
    """Take the shared server lock and return its descriptor, inheritable across exec.

    The descriptor is meant to be kept for the server's life: `serve` execs gunicorn with it
    open, so the master and its forked worker hold the lock until the last of them ends
    (a kill -9 included: the kernel drops it). Raises ServerRunning while a restore runs.
    """
    fd = _open_lock(database)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError as e:
        os.close(fd)
        raise ServerRunning(
            f"a restore is replacing {database} right now: wait until it has finished, "
            "then start `workshop serve` again"
        ) from e
    os.set_inheritable(fd, True)
    return fd


@contextlib.contextmanager
def exclusive_store(database):
    """Hold the store for a restore: raises ServerRunning while any server holds it."""
    fd = _open_lock(database)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            raise ServerRunning(
                f"a server is using {database}: stop `workshop serve` first (Ctrl-C in its "
                "window, or stop its service; every process when there are several), "
                "then restore again; nothing was changed"
            ) from e
        yield
    finally:
        os.close(fd)  # releases the lock


def check_no_server(database):
    """Raise ServerRunning when a server holds the store (checked before asking the operator)."""
    with exclusive_store(database):
        pass


def _is_sqlite(path):
    with open(path, "rb") as f:
        return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def store_problem(path):
    """Why the file at `path` cannot be restored as a Rembuk store, or None when it can."""
    path = Path(path)
    if not path.is_file():
        return f"{path} is not a readable SQLite backup (no such file)"
    if not _is_sqlite(path):
        return f"{path} is not a readable SQLite backup (not a SQLite file)"
    if not check_integrity(path):
        return f"{path} is not a readable SQLite backup (damaged: integrity check failed)"
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
        missing = [table for table in REQUIRED_TABLES if table not in tables]
        if missing:
            return f"{path} is a SQLite database but not a Rembuk store (no table {missing[0]})"
        applied = {
            name
            for (name,) in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [migrations.name]
            )
        }
    finally:
        conn.close()
    unknown = sorted(applied - {m.name for m in migrations._migrations})
    if not applied:
        return f"{path} is a SQLite database but not a Rembuk store (no Rembuk migrations)"
    if unknown:
        return f"{path} was written by a newer Rembuk (migration {unknown[0]}): upgrade first"
    return None


def check_integrity(path):
    """True when the file is a readable SQLite database that passes integrity_check."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def restore(app, source, now=None):
    """Replace the store with a backup; the current store is kept beside it first.

    Refuses (ValueError, nothing changed) a file that is not a Rembuk store, and
    (ServerRunning) while a server holds the store: a server keeps its connections open, so
    it would go on writing into the replaced file and acknowledged writes would vanish.
    A current store that is not readable SQLite (empty, damaged) is moved aside as it is.
    Returns the path where the previous store was saved.
    """
    source = Path(source)
    problem = store_problem(source)
    if problem:
        raise ValueError(f"{problem}; the store was not changed")
    now = now or datetime.datetime.now()
    database = Path(app.config["DATABASE"])
    saved = database.with_name(f"{database.stem}.before-restore-{now:%Y%m%d-%H%M%S}.db")
    with exclusive_store(database):
        if database.exists():
            if database.stat().st_size and _is_sqlite(database) and check_integrity(database):
                copy_scrubbed(str(database), str(saved))
            else:
                os.replace(database, saved)  # kept as it is, for whoever wants to look
                for suffix in ("-wal", "-journal"):
                    with contextlib.suppress(FileNotFoundError):
                        os.replace(f"{database}{suffix}", f"{saved}{suffix}")
                Path(f"{database}-shm").unlink(missing_ok=True)
        copy_database(str(source), str(database))
    return saved


class BackupScheduler:
    """Backs up every BACKUP_INTERVAL_MINUTES in a daemon thread (one per server process)."""

    def __init__(self, app):
        self.app = app
        self.stop_event = threading.Event()
        self.thread = None

    def start(self):
        minutes = float(self.app.config["BACKUP_INTERVAL_MINUTES"])
        if minutes <= 0 or self.thread is not None:
            return False
        self.thread = threading.Thread(
            target=self._run, args=(minutes * 60,), name="rembuk-backup", daemon=True
        )
        self.thread.start()
        return True

    def _run(self, interval):
        while not self.stop_event.wait(interval):
            try:
                # On a real thread under gevent (where this "thread" is a greenlet): a
                # backup copies the whole store and fsyncs it.
                off_loop(self.app, make_backup, self.app)
            except Exception:  # a full disk must not stop the workshop
                self.app.logger.exception("backup failed")

    def stop(self):
        self.stop_event.set()


def init_app(app):
    """Create the scheduler; `workshop serve` starts it in the server process."""
    app.extensions["rembuk_backups"] = BackupScheduler(app)
