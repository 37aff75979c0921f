"""Online backups while writing, pruning, restore (CLI), and the periodic scheduler."""

import sqlite3
import threading
import time

import pytest

from workshop.backup import BackupScheduler, list_backups, make_backup, restore
from workshop.db import open_app_db
from workshop.store import accounts


def count(path, table):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608
    finally:
        conn.close()


def test_backup_is_consistent_while_writes_continue(app, auth):
    owner = auth.create()
    stop = threading.Event()

    def writer():
        db = open_app_db(app)
        n = 0
        while not stop.is_set() and n < 400:
            auth.workshop(owner["id"], title=f"W{n}", template="empty")
            n += 1
        db.close()

    thread = threading.Thread(target=writer)
    thread.start()
    time.sleep(0.05)
    path = make_backup(app)
    stop.set()
    thread.join()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # Every workshop in the copy is whole: its owner link and days came with it.
    workshops = conn.execute("SELECT COUNT(*) FROM workshops").fetchone()[0]
    links = conn.execute("SELECT COUNT(*) FROM workshop_facilitators").fetchone()[0]
    assert workshops == links >= 1
    conn.close()


def test_prune_keeps_the_newest(app):
    app.config["BACKUP_KEEP"] = 3
    import datetime

    start = datetime.datetime(2017, 8, 1, 8, 0)
    for minute in range(5):
        make_backup(app, now=start + datetime.timedelta(minutes=minute))
    names = [p.name for p in list_backups(app)]
    assert names == [
        "sessions-20170801-080400.db",
        "sessions-20170801-080300.db",
        "sessions-20170801-080200.db",
    ]


def test_restore_replaces_the_store_and_keeps_the_old_one(app, runner, db):
    accounts.create_facilitator(db, "sari", "rahasia-bimtek")
    result = runner.invoke(args=["backup"])
    assert result.exit_code == 0 and "Backup written" in result.output
    accounts.create_facilitator(db, "budi", "rahasia-bimtek")
    assert count(app.config["DATABASE"], "facilitators") == 2
    restored = runner.invoke(args=["restore", "--latest", "--yes"])
    assert restored.exit_code == 0, restored.output
    assert count(app.config["DATABASE"], "facilitators") == 1
    saved = restored.output.split("saved as ")[1].strip()
    assert count(saved, "facilitators") == 2


def test_restore_refuses_a_file_that_is_not_a_database(app, runner, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite at all" * 100)
    result = runner.invoke(args=["restore", str(junk), "--yes"])
    assert result.exit_code == 1 and "not a readable SQLite backup" in result.output
    with pytest.raises(ValueError):
        restore(app, junk)


def test_scheduler_writes_backups_periodically(app):
    app.config["BACKUP_INTERVAL_MINUTES"] = 0.005  # 0.3 s
    scheduler = BackupScheduler(app)
    assert scheduler.start()
    try:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and len(list_backups(app)) < 2:
            time.sleep(0.05)
    finally:
        scheduler.stop()
    assert len(list_backups(app)) >= 2


def test_scheduler_can_be_turned_off(app):
    app.config["BACKUP_INTERVAL_MINUTES"] = 0
    assert BackupScheduler(app).start() is False
