"""The SQLite store: pragmas, migrations, transactions under contention, audit, rate limits."""

import sqlite3
import threading

import pytest

from workshop.db import connect, immediate, migrate
from workshop.store import audit, ratelimit
from workshop.store.migrations import migrations


def test_connection_pragmas(db):
    assert db.journal_mode == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_migrations_are_recorded_and_idempotent(app, db):
    applied = [m.name for m in migrations.applied(db)]
    assert applied[:2] == ["m001_accounts_and_audit", "m002_workshops"]
    migrate(db)  # a second run changes nothing
    assert [m.name for m in migrations.applied(db)] == applied
    assert migrations.pending(db) == []


def test_foreign_keys_enforced(db):
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO api_tokens (token_hash, facilitator_id, created_at, expires_at)"
            " VALUES ('x', 999, 'now', 'later')"
        )


def test_bad_synchronous_setting_refused(tmp_path):
    with pytest.raises(ValueError):
        connect(str(tmp_path / "x.db"), synchronous="OFF; DROP TABLE x")


def count_concurrently(path, transaction, threads=8, each=50):
    """8 threads × 50 read-then-write increments, each inside `transaction(conn)`."""
    setup = connect(path)
    setup.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER)")
    setup.execute("INSERT INTO counter VALUES (1, 0)")
    setup.close()
    errors = []

    def work():
        conn = connect(path)
        try:
            for _ in range(each):
                with transaction(conn):
                    n = conn.execute("SELECT n FROM counter WHERE id = 1").fetchone()[0]
                    conn.execute("UPDATE counter SET n = ? WHERE id = 1", [n + 1])
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)
        finally:
            conn.close()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    check = connect(path)
    total = check.execute("SELECT n FROM counter").fetchone()[0]
    check.close()
    return errors, total


def test_immediate_read_modify_write_loses_no_update(app):
    """8 threads × 50 increments through BEGIN IMMEDIATE: every one counts."""
    errors, total = count_concurrently(app.config["DATABASE"], immediate)
    assert errors == []
    assert total == 400


def test_immediate_rolls_back_on_error(db):
    db.execute("CREATE TABLE t (x INTEGER)")
    with pytest.raises(RuntimeError), immediate(db):
        db.execute("INSERT INTO t VALUES (1)")
        raise RuntimeError("boom")
    assert db.execute("SELECT COUNT(*) FROM t").fetchone()[0] == 0
    assert not db.conn.in_transaction


def test_audit_is_append_only(db):
    audit.record(db, "something", actor_kind="system", details={"a": 1})
    entries = audit.list_entries(db)
    assert entries[0]["action"] == "something"
    assert entries[0]["details"] == {"a": 1}
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE audit SET action = 'other'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM audit")


def test_rate_limit_window(db):
    for i in range(3):
        ratelimit.hit(db, "k", 60, now=1000 + i)
    count, retry = ratelimit.hits(db, "k", 60, now=1010)
    assert count == 3
    assert retry == 50  # the oldest hit (t=1000) leaves the window at t=1060
    assert ratelimit.hits(db, "k", 60, now=1060.5)[0] == 2
    ratelimit.clear(db, "k")
    assert ratelimit.hits(db, "k", 60, now=1010) == (0, 0)


def test_atomic_read_then_write_waits_instead_of_failing(app):
    """sqlite-utils' atomic() begins deferred; a read then a write under contention failed at
    once with "database is locked" (found by the benchmark). Our Store begins IMMEDIATE."""
    errors, total = count_concurrently(app.config["DATABASE"], lambda conn: conn.atomic())
    assert errors == []
    assert total == 400


def test_m016_lets_the_projector_show_the_dashboard(tmp_path):
    """displays.view accepts `dashboard` after m016; a row as it was (and a dashboard stored as a
    marked message by a pre-release build) keeps or becomes what it showed."""
    db = connect(str(tmp_path / "m.db"))
    migrations.apply(db, stop_before="m016_display_dashboard")
    db.execute(
        "INSERT INTO facilitators (username, password_hash, created_at) VALUES ('a', 'x', 'now')"
    )
    for n, (view, text) in enumerate((("message", "Istirahat"), ("message", "\x1edashboard"))):
        db.execute(
            "INSERT INTO workshops (title, city, code, projector_key, starts_on, days, year,"
            " template, created_at, updated_at) VALUES (?, 'Kota Bogor', ?, ?, '2026-12-07', 2,"
            " 2026, 'bimtek', 'now', 'now')",
            [f"W{n}", f"CODE{n}", f"key{n}"],
        )
        db.execute(
            "INSERT INTO displays (workshop_id, view, text, updated_at, results_mode, top_n)"
            " VALUES (?, ?, ?, 'now', 'top', 5)",
            [n + 1, view, text],
        )
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO displays (workshop_id, view, updated_at) VALUES (1, 'dashboard', 'now')"
            " ON CONFLICT (workshop_id) DO UPDATE SET view = excluded.view"
        )
    migrations.apply(db)
    rows = db.execute(
        "SELECT workshop_id, view, text, results_mode, top_n FROM displays ORDER BY workshop_id"
    ).fetchall()
    assert rows == [(1, "message", "Istirahat", "top", 5), (2, "dashboard", "", "top", 5)]
    db.execute("UPDATE displays SET view = 'dashboard' WHERE workshop_id = 1")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE displays SET view = 'nonsense' WHERE workshop_id = 1")
