"""Online backups of the store into the instance folder, and restoring one.

SQLite's online backup API copies a consistent snapshot while the server keeps writing.
"""

import datetime
import os
import sqlite3
import threading
from pathlib import Path

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


def make_backup(app, now=None):
    """Write one backup and prune old ones; returns its path."""
    now = now or datetime.datetime.now()
    target = backup_dir(app) / f"{PREFIX}{now:%Y%m%d-%H%M%S}.db"
    copy_database(app.config["DATABASE"], str(target))
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

    Returns the path where the previous store was saved.
    """
    source = Path(source)
    if not source.exists() or not check_integrity(source):
        raise ValueError(f"{source} is not a readable SQLite backup")
    now = now or datetime.datetime.now()
    database = Path(app.config["DATABASE"])
    saved = database.with_name(f"{database.stem}.before-restore-{now:%Y%m%d-%H%M%S}.db")
    if database.exists():
        copy_database(str(database), str(saved))
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
                make_backup(self.app)
            except Exception:  # a full disk must not stop the workshop
                self.app.logger.exception("backup failed")

    def stop(self):
        self.stop_event.set()


def init_app(app):
    """Create the scheduler; `workshop serve` starts it in the server process."""
    app.extensions["rembuk_backups"] = BackupScheduler(app)
