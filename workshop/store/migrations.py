"""Schema history. Append new migrations; never edit one that has shipped.

Over 400 lines: the history is one append-only list in the order it runs; splitting it
across modules would only hide that order.
"""

import hashlib
import hmac
import json
import secrets

from sqlite_utils import Migrations

migrations = Migrations("rembuk")

# The poll methods as m004 shipped them, frozen: its CHECK must stay what it was, whatever the
# registry (workshop/polls/methods) holds today. m006 replaced the CHECK by poll_methods.
M004_METHODS = ("dots", "points", "ranking", "scores", "matrix", "approval")


def _quoted(words):
    return ", ".join(f"'{w}'" for w in words)


@migrations()
def m001_accounts_and_audit(db):
    """Facilitator accounts, API tokens, rate-limit hits and the append-only audit log."""
    db.executescript(
        """
        CREATE TABLE facilitators (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE COLLATE NOCASE,
            password_hash TEXT NOT NULL,
            is_admin INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );
        CREATE TABLE api_tokens (
            id INTEGER PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            facilitator_id INTEGER NOT NULL REFERENCES facilitators(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE TABLE rate_hits (
            key TEXT NOT NULL,
            at REAL NOT NULL
        );
        CREATE INDEX rate_hits_key_at ON rate_hits(key, at);
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            workshop_id INTEGER,
            actor_kind TEXT NOT NULL,
            actor_id INTEGER,
            action TEXT NOT NULL,
            object_type TEXT,
            object_id INTEGER,
            details TEXT
        );
        CREATE INDEX audit_workshop ON audit(workshop_id, id);
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
        """
    )


@migrations()
def m002_workshops(db):
    """Workshops with their facilitators, agenda, OPD roster, dimensions and participants."""
    db.executescript(
        """
        CREATE TABLE workshops (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            city TEXT NOT NULL,
            year INTEGER NOT NULL,
            venue TEXT NOT NULL DEFAULT '',
            starts_on TEXT NOT NULL,
            days INTEGER NOT NULL,
            template TEXT NOT NULL,
            code TEXT NOT NULL UNIQUE,
            projector_key TEXT NOT NULL UNIQUE,
            created_by INTEGER REFERENCES facilitators(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE workshop_facilitators (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            facilitator_id INTEGER NOT NULL REFERENCES facilitators(id) ON DELETE CASCADE,
            added_at TEXT NOT NULL,
            PRIMARY KEY (workshop_id, facilitator_id)
        );
        CREATE TABLE days (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            stage TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (workshop_id, number)
        );
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            day INTEGER NOT NULL,
            position INTEGER NOT NULL,
            starts_at TEXT NOT NULL,
            ends_at TEXT NOT NULL,
            title TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('talk', 'ideas', 'vote', 'discussion')),
            dimension TEXT,
            status TEXT NOT NULL DEFAULT 'planned'
                CHECK (status IN ('planned', 'open', 'closed')),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX sessions_workshop ON sessions(workshop_id, day, position);
        CREATE TABLE opds (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            code TEXT NOT NULL,
            name TEXT NOT NULL,
            UNIQUE (workshop_id, code COLLATE NOCASE)
        );
        CREATE TABLE dimensions (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            name TEXT NOT NULL,
            name_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            UNIQUE (workshop_id, key)
        );
        CREATE TABLE elements (
            id INTEGER PRIMARY KEY,
            dimension_id INTEGER NOT NULL REFERENCES dimensions(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            name TEXT NOT NULL,
            name_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            UNIQUE (dimension_id, key)
        );
        CREATE TABLE participants (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            opd_id INTEGER NOT NULL REFERENCES opds(id),
            merged_into INTEGER REFERENCES participants(id),
            created_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL
        );
        CREATE INDEX participants_workshop ON participants(workshop_id);
        CREATE TABLE devices (
            id INTEGER PRIMARY KEY,
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            token_hash TEXT NOT NULL UNIQUE,
            label TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL,
            revoked_at TEXT
        );
        CREATE INDEX devices_participant ON devices(participant_id);
        CREATE TABLE attendance (
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            on_date TEXT NOT NULL,
            first_seen_at TEXT NOT NULL,
            PRIMARY KEY (participant_id, on_date)
        );
        """
    )


@migrations()
def m003_ideas(db):
    """Proposals (usulan) with provenance of merges, and per-session collection settings."""
    db.executescript(
        """
        ALTER TABLE sessions ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
        CREATE TABLE ideas (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            participant_id INTEGER REFERENCES participants(id),
            facilitator_id INTEGER REFERENCES facilitators(id),
            client_id TEXT,
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            problem TEXT NOT NULL DEFAULT '',
            dimension TEXT NOT NULL,
            element TEXT,
            opd_id INTEGER REFERENCES opds(id),
            responsible_opd_id INTEGER REFERENCES opds(id),
            horizon TEXT CHECK (horizon IN ('quick_win', 'short', 'medium', 'long')),
            budget_idr INTEGER CHECK (budget_idr IS NULL OR budget_idr >= 0),
            funding_source TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'visible'
                CHECK (status IN ('pending', 'visible', 'hidden', 'merged', 'withdrawn')),
            merged_into INTEGER REFERENCES ideas(id),
            status_before_merge TEXT,
            group_name TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX ideas_session ON ideas(session_id, status);
        CREATE INDEX ideas_workshop ON ideas(workshop_id, status);
        CREATE INDEX ideas_merged_into ON ideas(merged_into);
        CREATE UNIQUE INDEX ideas_participant_client
            ON ideas(participant_id, client_id) WHERE client_id IS NOT NULL;
        CREATE UNIQUE INDEX ideas_facilitator_client
            ON ideas(facilitator_id, client_id) WHERE client_id IS NOT NULL;
        """
    )


@migrations()
def m004_polls(db):
    """Polls over proposals, ballots (per participant or per OPD) and recorded decisions."""
    db.executescript(
        """
        CREATE TABLE polls (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            title TEXT NOT NULL,
            method TEXT NOT NULL
                CHECK (method IN ({methods})),
            budget INTEGER,
            max_per_item INTEGER,
            criteria TEXT NOT NULL DEFAULT '[]',
            anonymous INTEGER NOT NULL DEFAULT 1,
            results TEXT NOT NULL DEFAULT 'live' CHECK (results IN ('live', 'after_close')),
            ballot_scope TEXT NOT NULL DEFAULT 'participant'
                CHECK (ballot_scope IN ('participant', 'opd')),
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
            closes_at TEXT,
            opened_at TEXT,
            closed_at TEXT,
            snapshot TEXT,
            created_by INTEGER REFERENCES facilitators(id),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX polls_session ON polls(session_id);
        CREATE TABLE poll_ideas (
            poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
            idea_id INTEGER NOT NULL REFERENCES ideas(id),
            position INTEGER NOT NULL,
            PRIMARY KEY (poll_id, idea_id)
        );
        CREATE TABLE ballots (
            id INTEGER PRIMARY KEY,
            poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
            voter_key TEXT NOT NULL,
            participant_id INTEGER REFERENCES participants(id),
            opd_id INTEGER REFERENCES opds(id),
            changed_by INTEGER REFERENCES participants(id),
            body TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (poll_id, voter_key)
        );
        CREATE TABLE poll_decisions (
            id INTEGER PRIMARY KEY,
            poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
            idea_id INTEGER NOT NULL REFERENCES ideas(id),
            label TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL,
            created_by INTEGER REFERENCES facilitators(id),
            created_at TEXT NOT NULL
        );
        """.replace("{methods}", _quoted(M004_METHODS))
    )


@migrations()
def m005_console(db):
    """What the projector shows, the workshop's timer, and notulensi per session."""
    db.executescript(
        """
        CREATE TABLE displays (
            workshop_id INTEGER PRIMARY KEY REFERENCES workshops(id) ON DELETE CASCADE,
            view TEXT NOT NULL DEFAULT 'join'
                CHECK (view IN ('join', 'ideas', 'results', 'timer', 'agenda', 'message')),
            session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
            poll_id INTEGER REFERENCES polls(id) ON DELETE SET NULL,
            text TEXT NOT NULL DEFAULT '',
            sound INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            updated_by INTEGER REFERENCES facilitators(id)
        );
        CREATE TABLE timers (
            workshop_id INTEGER PRIMARY KEY REFERENCES workshops(id) ON DELETE CASCADE,
            duration REAL NOT NULL,
            ends_at TEXT,
            remaining REAL,
            running INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            kind TEXT NOT NULL CHECK (kind IN ('note', 'decision', 'action')),
            body TEXT NOT NULL DEFAULT '',
            opd_id INTEGER REFERENCES opds(id),
            due_on TEXT,
            created_by INTEGER REFERENCES facilitators(id),
            updated_by INTEGER REFERENCES facilitators(id),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX notes_session ON notes(session_id, id);
        CREATE INDEX notes_workshop_kind ON notes(workshop_id, kind);
        """
    )


# polls as m004 made it, with its method CHECK replaced by a reference to poll_methods.
POLLS_WITH_METHOD_TABLE = """
    CREATE TABLE polls (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        title TEXT NOT NULL,
        method TEXT NOT NULL REFERENCES poll_methods(key),
        budget INTEGER,
        max_per_item INTEGER,
        criteria TEXT NOT NULL DEFAULT '[]',
        anonymous INTEGER NOT NULL DEFAULT 1,
        results TEXT NOT NULL DEFAULT 'live' CHECK (results IN ('live', 'after_close')),
        ballot_scope TEXT NOT NULL DEFAULT 'participant'
            CHECK (ballot_scope IN ('participant', 'opd')),
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
        closes_at TEXT,
        opened_at TEXT,
        closed_at TEXT,
        snapshot TEXT,
        created_by INTEGER REFERENCES facilitators(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
"""


@migrations(transactional=False)
def m006_poll_methods(db):
    """polls.method references a table poll_methods instead of a CHECK listing the methods.

    db.migrate() fills poll_methods from the registry of poll methods, so adding a method
    needs no migration. SQLite cannot change a CHECK in place: the table is rebuilt the way
    its manual says (foreign keys off, so dropping the old polls touches no ballot, then one
    transaction, then a foreign key check). Not transactional for sqlite-utils because the
    foreign_keys pragma cannot change inside a transaction; the rebuild is its own one and
    a second run (if recording it failed) finds the reference and does nothing.
    """
    conn = db.conn
    enforced = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("CREATE TABLE IF NOT EXISTS poll_methods (key TEXT PRIMARY KEY)")
            conn.executemany(
                "INSERT OR IGNORE INTO poll_methods (key) VALUES (?)",
                [(m,) for m in M004_METHODS],
            )
            sql = conn.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'polls'"
            ).fetchone()[0]
            if "REFERENCES poll_methods" not in sql:
                conn.execute(POLLS_WITH_METHOD_TABLE.replace("TABLE polls", "TABLE polls_new"))
                conn.execute("INSERT INTO polls_new SELECT * FROM polls")
                conn.execute("DROP TABLE polls")
                conn.execute("ALTER TABLE polls_new RENAME TO polls")
                conn.execute("CREATE INDEX polls_session ON polls(session_id)")
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"m006_poll_methods: foreign keys broken: {broken[:5]}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.execute(f"PRAGMA foreign_keys = {'ON' if enforced else 'OFF'}")


@migrations()
def m007_link_codes(db):
    """Short-lived codes a participant shows on one device to add another (issue 12): only a
    keyed hash is kept, each works once, and merging participants no longer moves devices."""
    db.executescript(
        """
        CREATE TABLE link_codes (
            id INTEGER PRIMARY KEY,
            participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            code_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            from_device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
            used_at TEXT,
            device_id INTEGER REFERENCES devices(id) ON DELETE SET NULL
        );
        CREATE INDEX link_codes_participant ON link_codes(participant_id);
        """
    )


@migrations()
def m008_join_source(db):
    """Which device address a participant joined from, as a keyed hash (never the address
    itself): lets the facilitator see people who joined in bursts from one device (issue 12).
    Existing participants have none."""
    db.execute("ALTER TABLE participants ADD COLUMN join_source TEXT")


# An anonymous poll's per-OPD turnout lists only OPDs with at least this many voters (frozen
# here as m009 applied it; results.MIN_OPD_VOTERS is today's rule).
MIN_OPD_VOTERS = 3


def _fold_turnout(snapshot):
    """A frozen result's per-OPD turnout with OPDs of fewer than 3 voters left out."""
    data = json.loads(snapshot)
    data["by_opd"] = [o for o in data.get("by_opd", []) if o.get("voters", 0) >= MIN_OPD_VOTERS]
    return json.dumps(data, ensure_ascii=False)


@migrations()
def m009_ballot_secrecy(db):
    """Per-poll ballot secrets and the set of who has voted (issue 12, item 2).

    poll_secrets holds the random secret of each OPEN anonymous poll (voter keys are an HMAC
    of it); closing deletes the row. poll_voters is the set of who has voted in a poll
    ("p:<participant id>" or "opd:<OPD id>"): WITHOUT ROWID and without timestamps, so its
    order says nothing about when anyone voted, and nothing links it to a ballot.

    Existing anonymous ballots stay and stand, with everything that named a voter removed:
    participant, OPD and changer go, both times become the poll's created_at, and the rows
    get random ids (no voting order). Open anonymous polls get a fresh secret. Their
    participants' ballots keep their old key (an HMAC of poll and participant under the app's
    SECRET_KEY, which the migration does not have, so it cannot tell whose they are):
    rules/ballots.py recognises an old key when its voter next comes, re-keys it under the
    poll's secret and marks them as having voted; an old ballot whose voter never comes back
    stands as it is and is re-keyed at random at close. OPD-scope ballots were keyed
    "opd:<id>" (naming their OPD): their OPDs are marked as having voted and, while the poll is
    open, re-keyed under the new secret (the OPD can still change its ballot). Closed
    anonymous polls get random voter keys, and their frozen per-OPD turnout keeps only OPDs
    with at least MIN_OPD_VOTERS voters.
    """
    conn = db.conn
    conn.execute(
        "CREATE TABLE poll_secrets (poll_id INTEGER PRIMARY KEY"
        " REFERENCES polls(id) ON DELETE CASCADE, secret BLOB NOT NULL)"
    )
    conn.execute(
        "CREATE TABLE poll_voters (poll_id INTEGER NOT NULL REFERENCES polls(id)"
        " ON DELETE CASCADE, voter TEXT NOT NULL, PRIMARY KEY (poll_id, voter)) WITHOUT ROWID"
    )
    anonymous = conn.execute(
        "SELECT id, status, created_at, snapshot FROM polls"
        " WHERE anonymous = 1 AND status != 'draft'"
    ).fetchall()
    for poll_id, status, stamp, snapshot in anonymous:
        secret = secrets.token_bytes(32) if status == "open" else None
        rows = conn.execute(
            "SELECT voter_key, body FROM ballots WHERE poll_id = ?", [poll_id]
        ).fetchall()
        conn.execute("DELETE FROM ballots WHERE poll_id = ?", [poll_id])
        for key, body in rows:
            if key.startswith("opd:"):
                conn.execute(
                    "INSERT OR IGNORE INTO poll_voters (poll_id, voter) VALUES (?, ?)",
                    [poll_id, key],
                )
            if secret and key.startswith("opd:"):  # the OPD can still change its ballot
                key = "a:" + hmac.new(secret, key.encode(), hashlib.sha256).hexdigest()
            elif status == "closed" or key.startswith("opd:"):
                key = "c:" + secrets.token_hex(32)
            conn.execute(
                "INSERT INTO ballots (id, poll_id, voter_key, body, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [secrets.randbits(62) + 1, poll_id, key, body, stamp, stamp],
            )
        if secret:
            conn.execute(
                "INSERT INTO poll_secrets (poll_id, secret) VALUES (?, ?)", [poll_id, secret]
            )
        elif snapshot:
            conn.execute(
                "UPDATE polls SET snapshot = ? WHERE id = ?", [_fold_turnout(snapshot), poll_id]
            )


@migrations()
def m010_display_results(db):
    """How the projector shows a long result (issue 16): every row fitted, page by page, or
    the top N with the count of the rest; the facilitator chooses on the console."""
    db.execute(
        "ALTER TABLE displays ADD COLUMN results_mode TEXT NOT NULL DEFAULT 'fit'"
        " CHECK (results_mode IN ('fit', 'page', 'top'))"
    )
    db.execute("ALTER TABLE displays ADD COLUMN top_n INTEGER")


# The kinds and purposes of a session as m011 shipped them, frozen (the CHECKs must stay what
# they were, whatever forms/agenda.py offers later).
M011_KINDS = ("talk", "ideas", "vote", "discussion", "worksheet", "qa")
M011_PURPOSES = (
    "none",
    "readiness",
    "issues",
    "swot",
    "vision",
    "strategy",
    "programs",
    "quick_wins",
    "roadmap",
    "institutions",
    "financing",
    "commitment",
)
# The export's rule before m011, frozen here as the one-time inference of existing sessions'
# purpose: an idea session fed a chapter by words in its title (Indonesian and English), first
# match wins; one matching none fed the programmes when its proposals carried programme fields.
# No code guesses from titles any more: a session's `purpose` says what it feeds.
M011_TITLE_RULE = (
    ("readiness", ("kesiapan", "readiness")),
    ("issues", ("isu strategis", "strategic issue")),
    ("swot", ("swot",)),
    ("vision", ("visi", "misi", "vision", "mission")),
    ("programs", ("program", "rencana aksi", "action plan")),
)

SESSIONS_M011 = """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        day INTEGER NOT NULL,
        position INTEGER NOT NULL,
        starts_at TEXT NOT NULL,
        ends_at TEXT NOT NULL,
        title TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ({kinds})),
        dimension TEXT,
        status TEXT NOT NULL DEFAULT 'planned'
            CHECK (status IN ('planned', 'open', 'closed')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        settings TEXT NOT NULL DEFAULT '{}',
        purpose TEXT NOT NULL DEFAULT 'none' CHECK (purpose IN ({purposes})),
        readiness_per_opd INTEGER NOT NULL DEFAULT 0
    )
""".replace("{kinds}", _quoted(M011_KINDS)).replace("{purposes}", _quoted(M011_PURPOSES))

SESSION_COLUMNS_M003 = (
    "id, workshop_id, day, position, starts_at, ends_at, title, kind, dimension, status,"
    " created_at, updated_at, settings"
)

WORKSHEETS_M011 = """
    CREATE TABLE worksheet_entries (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        purpose TEXT NOT NULL CHECK (purpose IN ('readiness', 'swot', 'vision', 'strategy')),
        participant_id INTEGER REFERENCES participants(id),
        facilitator_id INTEGER REFERENCES facilitators(id),
        opd_id INTEGER REFERENCES opds(id),
        rater TEXT,
        client_id TEXT,
        aspect TEXT,
        item TEXT,
        rating TEXT CHECK (rating IS NULL OR rating IN ('baik', 'sedang', 'kurang')),
        quadrant TEXT CHECK (quadrant IS NULL OR quadrant IN ('S', 'W', 'O', 'T')),
        dimension TEXT,
        element TEXT,
        text TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'visible'
            CHECK (status IN ('visible', 'hidden', 'merged', 'replaced', 'withdrawn')),
        merged_into INTEGER REFERENCES worksheet_entries(id),
        status_before_merge TEXT,
        quoted INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX worksheet_entries_session ON worksheet_entries(session_id, status);
    CREATE INDEX worksheet_entries_workshop ON worksheet_entries(workshop_id);
    CREATE INDEX worksheet_entries_merged_into ON worksheet_entries(merged_into);
    CREATE UNIQUE INDEX worksheet_entries_participant_client
        ON worksheet_entries(participant_id, client_id) WHERE client_id IS NOT NULL;
    CREATE UNIQUE INDEX worksheet_entries_facilitator_client
        ON worksheet_entries(facilitator_id, client_id) WHERE client_id IS NOT NULL;
    CREATE UNIQUE INDEX worksheet_entries_current_rating
        ON worksheet_entries(session_id, rater, aspect, item)
        WHERE purpose = 'readiness' AND status IN ('visible', 'hidden');
    CREATE TABLE worksheet_strategies (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        type TEXT CHECK (type IS NULL OR type IN ('SO', 'ST', 'WO', 'WT')),
        text TEXT NOT NULL,
        dimension TEXT,
        element TEXT,
        from_entries TEXT NOT NULL DEFAULT '[]',
        created_by INTEGER REFERENCES facilitators(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX worksheet_strategies_session ON worksheet_strategies(session_id, id);
    CREATE INDEX worksheet_strategies_workshop ON worksheet_strategies(workshop_id);
    CREATE TABLE workshop_visions (
        workshop_id INTEGER PRIMARY KEY REFERENCES workshops(id) ON DELETE CASCADE,
        vision TEXT NOT NULL DEFAULT '',
        missions TEXT NOT NULL DEFAULT '[]',
        updated_by INTEGER REFERENCES facilitators(id),
        updated_at TEXT NOT NULL
    );
    CREATE TABLE readiness_lists (
        workshop_id INTEGER PRIMARY KEY REFERENCES workshops(id) ON DELETE CASCADE,
        body TEXT NOT NULL,
        updated_by INTEGER REFERENCES facilitators(id),
        updated_at TEXT NOT NULL
    );
"""


def _inferred_purpose(conn, session_id, kind, title):
    """M011_TITLE_RULE applied once to an existing session (idea sessions only, as before)."""
    if kind != "ideas":
        return "none"
    title = title.lower()
    for purpose, words in M011_TITLE_RULE:
        if any(word in title for word in words):
            return purpose
    carries = conn.execute(
        "SELECT 1 FROM ideas WHERE session_id = ? AND (horizon IS NOT NULL"
        " OR budget_idr IS NOT NULL OR responsible_opd_id IS NOT NULL) LIMIT 1",
        [session_id],
    ).fetchone()
    return "programs" if carries else "none"


@migrations(transactional=False)
def m011_worksheets(db):
    """Worksheets (issue 14): sessions say which part of the masterplan they feed (`purpose`,
    inferred here ONCE from the export's old title rule, never again), accept the kinds
    `worksheet` and `qa`, and may take one readiness rating per OPD; worksheet entries
    (readiness ratings, SWOT, vision keywords, strategy statements), TOWS strategies, the
    adopted vision and missions, and each workshop's own readiness list.

    The kind CHECK cannot change in place, so sessions is rebuilt as m006 rebuilt polls
    (foreign keys off, one transaction, a foreign key check); a second run finds the new
    column and does nothing.
    """
    conn = db.conn
    enforced = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            columns = [r[1] for r in conn.execute("PRAGMA table_info(sessions)").fetchall()]
            if "purpose" not in columns:
                conn.execute(SESSIONS_M011.replace("TABLE sessions", "TABLE sessions_new"))
                conn.execute(
                    f"INSERT INTO sessions_new ({SESSION_COLUMNS_M003})"  # noqa: S608 (constant)
                    f" SELECT {SESSION_COLUMNS_M003} FROM sessions"
                )
                conn.execute("DROP TABLE sessions")
                conn.execute("ALTER TABLE sessions_new RENAME TO sessions")
                conn.execute(
                    "CREATE INDEX sessions_workshop ON sessions(workshop_id, day, position)"
                )
                rows = conn.execute("SELECT id, kind, title FROM sessions").fetchall()
                for session_id, kind, title in rows:
                    purpose = _inferred_purpose(conn, session_id, kind, title)
                    if purpose != "none":
                        conn.execute(
                            "UPDATE sessions SET purpose = ? WHERE id = ?", [purpose, session_id]
                        )
                for statement in WORKSHEETS_M011.split(";"):
                    if statement.strip():
                        conn.execute(statement)
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"m011_worksheets: foreign keys broken: {broken[:5]}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.execute(f"PRAGMA foreign_keys = {'ON' if enforced else 'OFF'}")


@migrations()
def m012_questions(db):
    """Questions to a speaker (issue 16 item 9): asked by participants in `qa` sessions
    (optionally anonymously), upvoted once per participant, moderated by facilitators
    (visible, hidden, answered; pinned; an answer note)."""
    db.executescript(
        """
        CREATE TABLE questions (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            participant_id INTEGER REFERENCES participants(id),
            client_id TEXT,
            text TEXT NOT NULL,
            anonymous INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'visible'
                CHECK (status IN ('visible', 'hidden', 'answered')),
            pinned INTEGER NOT NULL DEFAULT 0,
            answer TEXT NOT NULL DEFAULT '',
            answered_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX questions_session ON questions(session_id, status);
        CREATE INDEX questions_workshop ON questions(workshop_id);
        CREATE UNIQUE INDEX questions_participant_client
            ON questions(participant_id, client_id) WHERE client_id IS NOT NULL;
        CREATE TABLE question_votes (
            question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
            participant_id INTEGER NOT NULL REFERENCES participants(id),
            created_at TEXT NOT NULL,
            PRIMARY KEY (question_id, participant_id)
        );
        CREATE INDEX question_votes_participant ON question_votes(participant_id);
        """
    )


# The dimension prefixes of programme codes as m013 shipped them (frozen here; the live list is
# in workshop/data/dimensions.json): a workshop's own dimensions use their key instead.
M013_PREFIXES = {
    "governance": "SG",
    "branding": "SB",
    "economy": "SE",
    "living": "SL",
    "society": "SS",
    "environment": "SEN",
}


def _m013_prefix(dimension):
    if dimension in M013_PREFIXES:
        return M013_PREFIXES[dimension]
    letters = "".join(c for c in dimension.upper() if c.isalnum())
    return letters[:4] or "P"


@migrations()
def m013_programmes(db):
    """Programmes (issue 15): ideas gain a code per workshop and dimension (SG-01, never
    reused: idea_code_counters keeps the last number given), supporting OPDs, start and end
    year, indicators and the idea they were promoted from; sessions gain `program_fields`
    (participants see those fields on their form); each dimension's explicitly chosen
    priority poll, and the chosen quick wins with their reason. Ideas already in `programs`
    sessions get their codes here, oldest first."""
    db.executescript(
        """
        ALTER TABLE ideas ADD COLUMN code TEXT;
        ALTER TABLE ideas ADD COLUMN supporting_opd_ids TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE ideas ADD COLUMN year_start INTEGER;
        ALTER TABLE ideas ADD COLUMN year_end INTEGER;
        ALTER TABLE ideas ADD COLUMN indicators TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE ideas ADD COLUMN promoted_from INTEGER REFERENCES ideas(id);
        CREATE INDEX ideas_code ON ideas(workshop_id, code) WHERE code IS NOT NULL;
        ALTER TABLE sessions ADD COLUMN program_fields INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE idea_code_counters (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            dimension TEXT NOT NULL,
            last INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (workshop_id, dimension)
        );
        CREATE TABLE priorities (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            dimension TEXT NOT NULL,
            poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
            set_by INTEGER REFERENCES facilitators(id),
            set_at TEXT NOT NULL,
            PRIMARY KEY (workshop_id, dimension)
        );
        CREATE TABLE quick_wins (
            idea_id INTEGER PRIMARY KEY REFERENCES ideas(id) ON DELETE CASCADE,
            reason TEXT NOT NULL,
            marked_at TEXT NOT NULL,
            marked_by INTEGER REFERENCES facilitators(id)
        );
        """
    )
    rows = db.execute(
        "SELECT i.id, i.workshop_id, i.dimension FROM ideas i"
        " JOIN sessions s ON s.id = i.session_id WHERE s.purpose = 'programs' ORDER BY i.id"
    ).fetchall()
    last = {}
    for idea_id, workshop_id, dimension in rows:
        key = (workshop_id, dimension)
        last[key] = last.get(key, 0) + 1
        db.execute(
            "UPDATE ideas SET code = ? WHERE id = ?",
            [f"{_m013_prefix(dimension)}-{last[key]:02d}", idea_id],
        )
    for (workshop_id, dimension), n in last.items():
        db.execute(
            "INSERT INTO idea_code_counters (workshop_id, dimension, last) VALUES (?, ?, ?)",
            [workshop_id, dimension, n],
        )


@migrations()
def m015_monev(db):
    """Across stages and after the workshop (issue 17): a workshop's stages (JSON list of
    {"name","starts_on","days"}, empty = one block from `starts_on`) and the window in which
    participants may keep editing their OPD's items between stages; progress reports on
    programmes (ideas) and action items (notes), every one kept; and read-only `viewer`
    accounts (Dewan Smart City) beside facilitators."""
    db.executescript(
        """
        ALTER TABLE workshops ADD COLUMN stages TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE workshops ADD COLUMN open_between_until TEXT;
        ALTER TABLE facilitators ADD COLUMN role TEXT NOT NULL DEFAULT 'facilitator'
            CHECK (role IN ('facilitator', 'viewer'));
        CREATE TABLE progress_reports (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
            target TEXT NOT NULL CHECK (target IN ('idea', 'note')),
            target_id INTEGER NOT NULL,
            percent INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
            status TEXT NOT NULL
                CHECK (status IN ('belum', 'berjalan', 'selesai', 'terhambat')),
            note TEXT NOT NULL DEFAULT '',
            evidence_url TEXT,
            reported_at TEXT NOT NULL,
            participant_id INTEGER REFERENCES participants(id),
            account_id INTEGER REFERENCES facilitators(id),
            opd_id INTEGER REFERENCES opds(id),
            client_id TEXT
        );
        CREATE INDEX progress_reports_target ON progress_reports(target, target_id, id);
        CREATE INDEX progress_reports_workshop ON progress_reports(workshop_id, id);
        CREATE UNIQUE INDEX progress_reports_participant_client
            ON progress_reports(participant_id, client_id)
            WHERE client_id IS NOT NULL AND participant_id IS NOT NULL;
        CREATE UNIQUE INDEX progress_reports_account_client
            ON progress_reports(account_id, client_id)
            WHERE client_id IS NOT NULL AND account_id IS NOT NULL;
        """
    )


@migrations()
def m016_display_dashboard(db):
    """The projector's monitoring dashboard view (issue 17): m005's CHECK on displays.view knew
    only six views, so displays is rebuilt with `dashboard` allowed (nothing refers to
    displays; one transaction). A dashboard a pre-release build stored as a marked message
    becomes the view itself."""
    db.execute(
        """
        CREATE TABLE displays_new (
            workshop_id INTEGER PRIMARY KEY REFERENCES workshops(id) ON DELETE CASCADE,
            view TEXT NOT NULL DEFAULT 'join' CHECK (view IN
                ('join', 'ideas', 'results', 'timer', 'agenda', 'message', 'dashboard')),
            session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
            poll_id INTEGER REFERENCES polls(id) ON DELETE SET NULL,
            text TEXT NOT NULL DEFAULT '',
            sound INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            updated_by INTEGER REFERENCES facilitators(id),
            results_mode TEXT NOT NULL DEFAULT 'fit'
                CHECK (results_mode IN ('fit', 'page', 'top')),
            top_n INTEGER
        )
        """
    )
    marker = "\x1edashboard"
    db.execute(
        "INSERT INTO displays_new (workshop_id, view, session_id, poll_id, text, sound,"
        " updated_at, updated_by, results_mode, top_n)"
        " SELECT workshop_id, CASE WHEN view = 'message' AND text = ? THEN 'dashboard'"
        " ELSE view END, session_id, poll_id,"
        " CASE WHEN view = 'message' AND text = ? THEN '' ELSE text END,"
        " sound, updated_at, updated_by, results_mode, top_n FROM displays",
        [marker, marker],
    )
    db.execute("DROP TABLE displays")
    db.execute("ALTER TABLE displays_new RENAME TO displays")


# The time zones of Indonesia a workshop's times are printed in (UTC offsets in hours).
M014_TIMEZONES = ("WIB", "WITA", "WIT")


@migrations()
def m014_notulen_and_finish(db):
    """Session notulen (issue 15): who chaired, spoke and took the minutes; the workshop's
    time zone (WIB, WITA, WIT) for every printed time, and the planning period of the
    Draf Masterplan (years; NULL: the workshop's year + 1 … + 5)."""
    db.executescript(
        f"""
        ALTER TABLE sessions ADD COLUMN chair TEXT NOT NULL DEFAULT '';
        ALTER TABLE sessions ADD COLUMN speakers TEXT NOT NULL DEFAULT '';
        ALTER TABLE sessions ADD COLUMN minute_taker TEXT NOT NULL DEFAULT '';
        ALTER TABLE workshops ADD COLUMN timezone TEXT NOT NULL DEFAULT 'WIB'
            CHECK (timezone IN ({_quoted(M014_TIMEZONES)}));
        ALTER TABLE workshops ADD COLUMN period_start INTEGER;
        ALTER TABLE workshops ADD COLUMN period_end INTEGER;
        """
    )
