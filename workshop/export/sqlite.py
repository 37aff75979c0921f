"""A consistent SQLite snapshot of one workshop (online backup API), without secrets.

The whole store is copied in one backup step (a consistent state; WAL writers go on), then
the copy keeps only this workshop's rows and loses what is not the city's to take home:
other workshops, password and token hashes, API tokens, rate-limit hits, the projector key
and the identities of anonymous ballots (voter key, participant, OPD, changed_by,
times; their row order is shuffled). VACUUM then rewrites the file so no deleted page
survives in it.
"""

import contextlib
import os
import random
import sqlite3
import tempfile

# Tables whose rows belong to a workshop through a parent: (table, SQL condition keeping them).
CHILD_TABLES = {
    "elements": "dimension_id IN (SELECT id FROM dimensions)",
    "devices": "participant_id IN (SELECT id FROM participants)",
    "attendance": "participant_id IN (SELECT id FROM participants)",
    "poll_ideas": "poll_id IN (SELECT id FROM polls)",
    "ballots": "poll_id IN (SELECT id FROM polls)",
    "poll_decisions": "poll_id IN (SELECT id FROM polls)",
}
# Tables emptied: credentials and throttling state.
EMPTIED = ("api_tokens", "rate_hits")
# Kept whole: the schema history (so `workshop` can open the file) and the poll methods
# polls.method refers to.
KEPT = ("_sqlite_migrations", "poll_methods")


def snapshot(db, workshop_id):
    """The snapshot as bytes (a standalone SQLite file, rollback journal, no WAL)."""
    fd, path = tempfile.mkstemp(suffix=".sqlite")
    os.close(fd)
    try:
        target = sqlite3.connect(path)
        try:
            # One step (pages=-1): the copy is one consistent state of the live store.
            db.conn.backup(target, pages=-1)
            prune(target, workshop_id)
        finally:
            target.close()
        with open(path, "rb") as f:
            return f.read()
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path + suffix)


def _tables(conn):
    return [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]


def _columns(conn, table):
    return [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")]


def prune(conn, workshop_id, rng=None):
    """Keep one workshop's rows in a copied store and strip secrets and anonymous voters."""
    rng = rng or random.SystemRandom()
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA foreign_keys = OFF")
    # The audit log refuses deletes in the live store; this copy is cut down on purpose, then
    # gets its append-only triggers back.
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'"
    ).fetchall()
    for name, _sql in triggers:
        conn.execute(f"DROP TRIGGER [{name}]")
    with conn:
        conn.execute("DELETE FROM workshops WHERE id != ?", [workshop_id])
        for table in _tables(conn):
            if table in ("workshops", *KEPT) or table in CHILD_TABLES:
                continue
            if table in EMPTIED:
                conn.execute(f"DELETE FROM [{table}]")  # noqa: S608 (names from the schema)
            elif "workshop_id" in _columns(conn, table):
                conn.execute(f"DELETE FROM [{table}] WHERE workshop_id IS NOT ?", [workshop_id])  # noqa: S608
        for table, keep in CHILD_TABLES.items():
            conn.execute(f"DELETE FROM [{table}] WHERE NOT ({keep})")  # noqa: S608
        _prune_facilitators(conn)
        _drop_unknown(conn)
        conn.execute("UPDATE workshops SET projector_key = 'removed-' || id")
        conn.execute("UPDATE devices SET token_hash = 'removed-' || id")
        conn.execute("UPDATE facilitators SET password_hash = ''")
        _anonymise_ballots(conn, rng)
        for _name, sql in triggers:
            conn.execute(sql)
    problems = conn.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise RuntimeError(f"snapshot left dangling references: {problems[:5]}")
    conn.execute("VACUUM")


def _prune_facilitators(conn):
    """Keep the accounts this workshop's rows name (usernames only; hashes are blanked)."""
    referenced = set()
    for table in _tables(conn):
        for fk in conn.execute(f"PRAGMA foreign_key_list([{table}])").fetchall():
            if fk[2] == "facilitators" and table != "facilitators":
                column = fk[3]
                referenced |= {
                    r[0]
                    for r in conn.execute(
                        f"SELECT DISTINCT [{column}] FROM [{table}] WHERE [{column}] IS NOT NULL"  # noqa: S608
                    )
                }
    referenced |= {
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT actor_id FROM audit WHERE actor_kind = 'facilitator'"
            " AND actor_id IS NOT NULL"
        )
    }
    marks = ", ".join("?" for _ in referenced) or "NULL"
    conn.execute(f"DELETE FROM facilitators WHERE id NOT IN ({marks})", sorted(referenced))  # noqa: S608


def _drop_unknown(conn):
    """A table this export does not know how to scope to one workshop is left out whole."""
    known = {"workshops", "facilitators", *KEPT, *EMPTIED, *CHILD_TABLES}
    for table in _tables(conn):
        if table not in known and "workshop_id" not in _columns(conn, table):
            conn.execute(f"DROP TABLE [{table}]")


def _anonymise_ballots(conn, rng):
    """Anonymous polls: shuffle the ballots and keep only their bodies."""
    polls = conn.execute(
        "SELECT id, COALESCE(closed_at, opened_at, created_at) FROM polls WHERE anonymous = 1"
    ).fetchall()
    for poll_id, stamp in polls:
        bodies = [
            r[0] for r in conn.execute("SELECT body FROM ballots WHERE poll_id = ?", [poll_id])
        ]
        rng.shuffle(bodies)
        conn.execute("DELETE FROM ballots WHERE poll_id = ?", [poll_id])
        conn.executemany(
            "INSERT INTO ballots (poll_id, voter_key, participant_id, opd_id, changed_by, body,"
            " created_at, updated_at) VALUES (?, ?, NULL, NULL, NULL, ?, ?, ?)",
            [(poll_id, f"anonymous-{n}", body, stamp, stamp) for n, body in enumerate(bodies, 1)],
        )
