"""A copy of the store cut down to one workshop, without secrets (the `sqlite` export).

Only this workshop's rows are ever written to the copy (issue 12: a copy of the whole store
that an interrupted export left behind held every workshop, key and hash): the live store is
attached read-only and read in one transaction (one consistent state; WAL writers go on),
and each table gets only the rows of this workshop, with its secrets already replaced: the
join code, projector key, device token hashes and password hashes, and the identities of
anonymous ballots. API tokens and rate-limit hits are not copied. `prune` then checks and
finishes the copy (anonymous ballots shuffled, foreign keys checked) and VACUUM rewrites it.
"""

import random
import sqlite3
from pathlib import Path

# Tables whose rows belong to a workshop through a parent: (table, SQL condition keeping them).
CHILD_TABLES = {
    "elements": "dimension_id IN (SELECT id FROM dimensions)",
    "devices": "participant_id IN (SELECT id FROM participants)",
    "attendance": "participant_id IN (SELECT id FROM participants)",
    "poll_ideas": "poll_id IN (SELECT id FROM polls)",
    "ballots": "poll_id IN (SELECT id FROM polls)",
    "poll_decisions": "poll_id IN (SELECT id FROM polls)",
    "poll_voters": "poll_id IN (SELECT id FROM polls)",
    "question_votes": "question_id IN (SELECT id FROM questions)",
    "quick_wins": "idea_id IN (SELECT id FROM ideas)",
}
# Tables emptied: credentials, throttling state, participants' link codes and the secrets
# of open anonymous polls.
EMPTIED = ("api_tokens", "rate_hits", "link_codes", "poll_secrets")
# Kept whole: the schema history (so `workshop` can open the file) and the poll methods
# polls.method refers to.
KEPT = ("_sqlite_migrations", "poll_methods")


# Columns whose values stay home, and what the copy holds instead.
SECRET_COLUMNS = {
    ("workshops", "code"): "'removed-' || id",
    ("workshops", "projector_key"): "'removed-' || id",
    ("devices", "token_hash"): "'removed-' || id",
    ("facilitators", "password_hash"): "''",
    # Who asked an anonymous question is known to nobody (issue 16 item 9).
    ("questions", "participant_id"): "CASE WHEN anonymous = 1 THEN NULL ELSE participant_id END",
    ("questions", "client_id"): "CASE WHEN anonymous = 1 THEN NULL ELSE client_id END",
}
ANONYMOUS_POLLS = "(SELECT id FROM main.polls WHERE anonymous = 1)"
# Ballots of anonymous polls are copied without whoever cast them.
BALLOT_COLUMNS = {
    "voter_key": f"CASE WHEN poll_id IN {ANONYMOUS_POLLS} THEN 'anonymous-' || id"
    " ELSE voter_key END",
    "participant_id": f"CASE WHEN poll_id IN {ANONYMOUS_POLLS} THEN NULL ELSE participant_id END",
    "opd_id": f"CASE WHEN poll_id IN {ANONYMOUS_POLLS} THEN NULL ELSE opd_id END",
    "changed_by": f"CASE WHEN poll_id IN {ANONYMOUS_POLLS} THEN NULL ELSE changed_by END",
}


def store_file(db):
    """The file of a live connection's main database."""
    return next(r[2] for r in db.conn.execute("PRAGMA database_list") if r[1] == "main")


def copy_workshop(db, workshop_id, path):
    """Write to `path` a standalone SQLite file holding one workshop and no secrets."""
    target = sqlite3.connect(path)
    try:
        target.execute("PRAGMA journal_mode = DELETE")
        live = Path(store_file(db)).resolve().as_uri() + "?mode=ro"
        target.execute("ATTACH DATABASE ? AS live", [live])
        with target:  # one read transaction on the live store: one consistent state
            _copy_rows(target, workshop_id)
        target.execute("DETACH DATABASE live")
        prune(target, workshop_id)
    finally:
        target.close()


def _select_list(conn, table):
    """The columns of a live table, with secret ones replaced by their stand-ins."""
    exprs = []
    for column in _columns(conn, table, schema="live"):
        if (table, column) in SECRET_COLUMNS:
            exprs.append(f"{SECRET_COLUMNS[table, column]} AS [{column}]")
        elif table == "ballots" and column in BALLOT_COLUMNS:
            exprs.append(f"{BALLOT_COLUMNS[column]} AS [{column}]")
        else:
            exprs.append(f"[{column}]")
    return ", ".join(exprs)


def _copy_rows(conn, workshop_id):
    """Create this workshop's tables in the copy and fill them from the attached live store."""
    schema = conn.execute(
        "SELECT type, name, tbl_name, sql FROM live.sqlite_master"
        " WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    tables = {name: sql for kind, name, _tbl, sql in schema if kind == "table"}
    scoped = [t for t in tables if "workshop_id" in _columns(conn, t, schema="live")]
    copied = ["workshops", *scoped, *CHILD_TABLES, *KEPT, *EMPTIED, "facilitators"]
    for table in copied:
        if table in tables:
            conn.execute(tables[table])
    conditions = {
        "workshops": ("id = ?", [workshop_id]),
        **{t: ("workshop_id = ?", [workshop_id]) for t in scoped},
        **{t: (keep, []) for t, keep in CHILD_TABLES.items()},
        **{t: ("1", []) for t in KEPT},
    }
    for table, (where, params) in conditions.items():
        if table in tables:
            conn.execute(
                f"INSERT INTO main.[{table}] SELECT {_select_list(conn, table)}"  # noqa: S608 (names from the schema)
                f" FROM live.[{table}] WHERE {where}",
                params,
            )
    referenced = _referenced_facilitators(conn)
    marks = ", ".join("?" for _ in referenced) or "NULL"
    conn.execute(
        f"INSERT INTO main.facilitators SELECT {_select_list(conn, 'facilitators')}"  # noqa: S608
        f" FROM live.facilitators WHERE id IN ({marks})",
        sorted(referenced),
    )
    for kind, _name, tbl, sql in schema:
        if kind in ("index", "trigger") and tbl in copied and tbl in tables:
            conn.execute(sql)


def _tables(conn):
    return [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]


def _columns(conn, table, schema="main"):
    return [r[1] for r in conn.execute(f"PRAGMA {schema}.table_info([{table}])")]


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
        conn.execute(
            "UPDATE workshops SET projector_key = 'removed-' || id, code = 'removed-' || id"
        )
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
    referenced = _referenced_facilitators(conn)
    marks = ", ".join("?" for _ in referenced) or "NULL"
    conn.execute(f"DELETE FROM facilitators WHERE id NOT IN ({marks})", sorted(referenced))  # noqa: S608


def _referenced_facilitators(conn):
    """Ids of the accounts the copy's rows name (in the copy's own tables)."""
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
    return referenced


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
