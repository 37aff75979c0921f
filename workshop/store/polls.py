"""Polls, ballots and decisions. Tallies are computed by workshop/tally.py, never here.

Anonymous polls (issue 12): an open poll has a random secret in poll_secrets, and ballots are
keyed by an HMAC of it (rules/ballots.py); closing deletes the secret (secure_delete, then a
WAL checkpoint) and re-keys the ballots at random. Their rows carry no participant, OPD or
time of voting (both times are the poll's created_at) and get random ids. poll_voters is the
set of who has voted, never linked to a ballot.

Over 400 lines because it is all of the SQL of polls, ballots, their secrets and the voted
set (store/ holds all SQL), a list of short queries that reads best together.
"""

import functools
import json
import random
import secrets

from . import Conflict, NotFound, audit, first, rows, utcnow

# A poll's settings (chosen at creation) and its lifecycle, in the order the API answers them;
# the API, the exports and the JSON import build their field lists from these.
POLL_SETTINGS = (
    "title",
    "method",
    "budget",
    "max_per_item",
    "criteria",
    "anonymous",
    "results",
    "ballot_scope",
)
POLL_LIFECYCLE = ("status", "closes_at", "opened_at", "closed_at")
# Poll fields a facilitator may change while the poll is a draft.
DRAFT_FIELDS = (*(f for f in POLL_SETTINGS if f != "method"), "closes_at")


def sync_methods(db, keys):
    """Make every registered poll method a row of poll_methods (polls.method references it).

    Rows are only added: a method taken out of the registry stays for the polls that used it.
    """
    with db.atomic():
        db.conn.executemany(
            "INSERT OR IGNORE INTO poll_methods (key) VALUES (?)", [(k,) for k in keys]
        )


def _decode(row):
    if row is None:
        return None
    row = dict(row)
    row["criteria"] = json.loads(row["criteria"] or "[]")
    row["anonymous"] = bool(row["anonymous"])
    row["snapshot"] = json.loads(row["snapshot"]) if row["snapshot"] else None
    return row


def create_poll(db, session, fields, idea_ids, actor_id):
    """A draft poll over the given proposals (in that order)."""
    now = utcnow()
    row = {k: fields.get(k) for k in DRAFT_FIELDS if k != "closes_at"}
    row.update(
        workshop_id=session["workshop_id"],
        session_id=session["id"],
        method=fields["method"],
        criteria=json.dumps(fields.get("criteria") or [], ensure_ascii=False),
        anonymous=int(bool(fields.get("anonymous", True))),
        results=fields.get("results") or "live",
        ballot_scope=fields.get("ballot_scope") or "participant",
        status="draft",
        created_by=actor_id,
        created_at=now,
        updated_at=now,
    )
    with db.atomic():
        poll_id = db["polls"].insert(row).last_pk
        db["poll_ideas"].insert_all(
            {"poll_id": poll_id, "idea_id": idea, "position": n} for n, idea in enumerate(idea_ids)
        )
        audit.record(
            db,
            "poll_created",
            actor_kind="facilitator",
            actor_id=actor_id,
            workshop_id=session["workshop_id"],
            obj=("poll", poll_id),
            details={"title": row["title"], "method": row["method"], "ideas": list(idea_ids)},
        )
    return get_poll(db, poll_id)


def get_poll(db, poll_id, workshop_id=None):
    """One poll (criteria decoded), or NotFound."""
    row = _decode(first(db, "SELECT * FROM polls WHERE id = ?", [poll_id]))
    if row is None or (workshop_id is not None and row["workshop_id"] != workshop_id):
        raise NotFound("poll")
    return row


def list_polls(db, session_id=None, workshop_id=None):
    """Polls of a session or a workshop, oldest first."""
    if session_id is not None:
        rows = db.query("SELECT * FROM polls WHERE session_id = ? ORDER BY id", [session_id])
    else:
        rows = db.query("SELECT * FROM polls WHERE workshop_id = ? ORDER BY id", [workshop_id])
    return [_decode(r) for r in rows]


def poll_ideas(db, poll_id):
    """The poll's proposals in order, with their status and merge target."""
    return rows(
        db,
        "SELECT i.id, i.title, i.dimension, i.element, i.status, i.merged_into, pi.position"
        " FROM poll_ideas pi JOIN ideas i ON i.id = pi.idea_id WHERE pi.poll_id = ?"
        " ORDER BY pi.position",
        [poll_id],
    )


def ideas_by_id(db, idea_ids):
    """{id: {id, title, dimension, element, status}} for a set of ids."""
    if not idea_ids:
        return {}
    marks = ", ".join("?" for _ in idea_ids)
    rows = db.query(
        f"SELECT id, title, dimension, element, status FROM ideas WHERE id IN ({marks})",  # noqa: S608
        list(idea_ids),
    )
    return {r["id"]: r for r in rows}


def update_poll(db, poll_id, changes, actor_id):
    """Change a draft's parameters (the title at any time)."""
    with db.atomic():
        poll = get_poll(db, poll_id)
        if poll["status"] != "draft" and set(changes) - {"title", "closes_at"}:
            raise Conflict("poll_not_draft")
        if "criteria" in changes:
            changes["criteria"] = json.dumps(changes["criteria"], ensure_ascii=False)
        if "anonymous" in changes:
            changes["anonymous"] = int(bool(changes["anonymous"]))
        changes["updated_at"] = utcnow()
        db["polls"].update(poll_id, changes)
        audit.record(
            db,
            "poll_updated",
            actor_kind="facilitator",
            actor_id=actor_id,
            workshop_id=poll["workshop_id"],
            obj=("poll", poll_id),
            details={k: v for k, v in changes.items() if k != "updated_at"},
        )
    return get_poll(db, poll_id)


def set_status(db, poll_id, status, actor_id, snapshot=None, closes_at=None):
    """open (also re-open) or close; closing stores the frozen results snapshot.

    Anonymous polls get a fresh ballot secret at every opening; closing destroys it (the
    deleted bytes overwritten, the WAL checkpointed) and gives the ballots random keys.
    """
    db.execute("PRAGMA secure_delete = ON")  # deleted secrets and keys are overwritten
    with db.atomic():
        poll = get_poll(db, poll_id)
        if poll["status"] == status:
            raise Conflict(f"poll_already_{status}")
        now = utcnow()
        changes = {"status": status, "updated_at": now}
        if status == "open":
            changes.update(opened_at=now, closed_at=None, snapshot=None, closes_at=closes_at)
        else:
            changes.update(
                closed_at=now,
                closes_at=None,
                snapshot=json.dumps(snapshot, ensure_ascii=False) if snapshot else None,
            )
        db["polls"].update(poll_id, changes)
        if poll["anonymous"] and status == "open":
            db.execute(
                "INSERT OR REPLACE INTO poll_secrets (poll_id, secret) VALUES (?, ?)",
                [poll_id, secrets.token_bytes(32)],
            )
        elif poll["anonymous"]:
            db.execute("DELETE FROM poll_secrets WHERE poll_id = ?", [poll_id])
            db.execute(
                "UPDATE ballots SET voter_key = 'c:' || lower(hex(randomblob(32))),"
                " changed_by = NULL, participant_id = NULL, opd_id = NULL WHERE poll_id = ?",
                [poll_id],
            )
        audit.record(
            db,
            f"poll_{'opened' if status == 'open' else 'closed'}",
            actor_kind="facilitator" if actor_id else "system",
            actor_id=actor_id,
            workshop_id=poll["workshop_id"],
            obj=("poll", poll_id),
        )
    if poll["anonymous"] and status == "closed":
        checkpoint(db)
    return get_poll(db, poll_id)


def checkpoint(db):
    """Copy the WAL into the store and empty it, so no old page (a destroyed secret) stays
    there. Best effort: a reader still holding an old snapshot makes it partial; the next
    checkpoint finishes it."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def ballot_secret(db, poll_id, create=False):
    """The open anonymous poll's secret; with create, a fresh one when it has none (a store
    restored from a backup, where secrets are scrubbed)."""
    row = first(db, "SELECT secret FROM poll_secrets WHERE poll_id = ?", [poll_id])
    if row is None and create:
        with db.atomic():
            db.execute(
                "INSERT OR IGNORE INTO poll_secrets (poll_id, secret) SELECT id, ? FROM polls"
                " WHERE id = ? AND status = 'open' AND anonymous = 1",
                [secrets.token_bytes(32), poll_id],
            )
        row = first(db, "SELECT secret FROM poll_secrets WHERE poll_id = ?", [poll_id])
    return row["secret"] if row else None


def has_voted(db, poll_id, voter):
    """Whether this voter ("p:<participant id>" / "opd:<OPD id>") is in the poll's voted set."""
    return (
        first(
            db, "SELECT 1 AS x FROM poll_voters WHERE poll_id = ? AND voter = ?", [poll_id, voter]
        )
        is not None
    )


def ballot_keys(db, poll_id, keys):
    """Which of these voter keys hold a ballot in the poll (one indexed read for several)."""
    marks = ", ".join("?" for _ in keys)
    found = rows(
        db,
        f"SELECT voter_key FROM ballots WHERE poll_id = ? AND voter_key IN ({marks})",  # noqa: S608
        [poll_id, *keys],
    )
    return {r["voter_key"] for r in found}


def rekey_ballot(db, poll_id, old_key, new_key, voter):
    """Move a ballot kept under an old key (before m009) to its voter's current key."""
    with db.atomic():
        db.execute(
            "UPDATE ballots SET voter_key = ? WHERE poll_id = ? AND voter_key = ?",
            [new_key, poll_id, old_key],
        )
        db.execute(
            "INSERT OR IGNORE INTO poll_voters (poll_id, voter) VALUES (?, ?)", [poll_id, voter]
        )


def voters_by_opd(db, poll_id):
    """{OPD id: how many of the voted set belong to it} (participants by their OPD now)."""
    counts = {}
    for row in db.query(
        "SELECT CASE WHEN v.voter LIKE 'opd:%' THEN CAST(substr(v.voter, 5) AS INTEGER)"
        " ELSE p.opd_id END AS opd_id FROM poll_voters v"
        " LEFT JOIN participants p ON v.voter = 'p:' || p.id WHERE v.poll_id = ?",
        [poll_id],
    ):
        counts[row["opd_id"]] = counts.get(row["opd_id"], 0) + 1
    return counts


def due_polls(db, now):
    """Open polls whose auto-close time has passed."""
    return [
        _decode(r)
        for r in db.query(
            "SELECT * FROM polls WHERE status = 'open' AND closes_at IS NOT NULL"
            " AND closes_at <= ?",
            [now],
        )
    ]


def put_ballot(
    db,
    poll_id,
    voter_key,
    body,
    opd_id,
    participant_id=None,
    changed_by=None,
    audit_actor=None,
    voter=None,
):
    """Replace the voter's ballot (the latest one counts); only while the poll is open.

    Anonymous polls (`voter` given: "p:<id>" or "opd:<id>"): the row gets a random id, the
    poll's created_at as both times and no OPD or participant; the voter joins the voted set,
    and one already in it without a ballot under this key (they voted before a re-open) is
    refused with Conflict("already_voted").

    Inside the write transaction: one read (the poll's status, whether the voter is in the
    voted set and holds a ballot under this key), the writes, and the stored row comes back
    from the upsert itself (RETURNING), as get_ballot would read it.
    """
    with db.atomic():
        state = first(
            db,
            "SELECT p.status, p.workshop_id, p.created_at,"
            " EXISTS (SELECT 1 FROM poll_voters v WHERE v.poll_id = p.id AND v.voter = ?) AS voted,"
            " EXISTS (SELECT 1 FROM ballots b WHERE b.poll_id = p.id AND b.voter_key = ?)"
            " AS has_ballot FROM polls p WHERE p.id = ?",
            [voter or "", voter_key, poll_id],
        )
        if state is None:
            raise NotFound("poll")
        if state["status"] != "open":
            raise Conflict("poll_not_open")
        encoded = json.dumps(body, sort_keys=True)
        row_id, now = None, utcnow()
        if voter is not None:
            if state["voted"] and not state["has_ballot"]:
                raise Conflict("already_voted")
            if not state["voted"]:
                db.execute(
                    "INSERT OR IGNORE INTO poll_voters (poll_id, voter) VALUES (?, ?)",
                    [poll_id, voter],
                )
            row_id, now, opd_id, participant_id = (
                secrets.randbits(62) + 1,
                state["created_at"],
                None,
                None,
            )
        cursor = db.execute(
            "INSERT INTO ballots (id, poll_id, voter_key, participant_id, opd_id, changed_by,"
            " body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (poll_id, voter_key) DO UPDATE SET body = excluded.body,"
            " changed_by = excluded.changed_by, updated_at = excluded.updated_at"
            " RETURNING *, (SELECT name FROM participants WHERE id = changed_by)"
            " AS changed_by_name",
            [row_id, poll_id, voter_key, participant_id, opd_id, changed_by, encoded, now, now],
        )
        try:
            stored = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))
        finally:
            cursor.close()
        # Anonymous polls log the write without saying who made it.
        audit.record(
            db,
            "ballot_cast",
            actor_kind="participant",
            actor_id=audit_actor,
            workshop_id=state["workshop_id"],
            obj=("poll", poll_id),
        )
    stored["body"] = json.loads(stored["body"])
    return stored


def get_ballot(db, poll_id, voter_key):
    """The stored ballot of one voter (decoded), or None."""
    row = first(
        db,
        "SELECT b.*, p.name AS changed_by_name FROM ballots b"
        " LEFT JOIN participants p ON p.id = b.changed_by"
        " WHERE b.poll_id = ? AND b.voter_key = ?",
        [poll_id, voter_key],
    )
    if row is None:
        return None
    row["body"] = json.loads(row["body"])
    return row


def ballot_bodies(db, poll_id):
    """[(OPD id, decoded body)] of every ballot of a poll: what a tally reads, without
    list_ballots' joins (results are recomputed several times a second in a vote storm).

    The bodies are shared and read-only (tally and carry build new dicts): a body's text
    decodes once (`_decoded`) instead of on every push — decoding every ballot was half a
    results push's CPU in the N = 1,000 vote storm (docs/performance.md, issue 13)."""
    cursor = db.conn.execute("SELECT opd_id, body FROM ballots WHERE poll_id = ?", [poll_id])
    try:
        return [(opd_id, _decoded(body)) for opd_id, body in cursor.fetchall()]
    finally:
        cursor.close()


@functools.lru_cache(maxsize=16_384)
def _decoded(text):
    """A stored ballot body's text → its value (cached: equal texts, equal values)."""
    return json.loads(text)


def list_ballots(db, poll_id, shuffle=False):
    """Every ballot of a poll (body, OPD, participant); shuffled for anonymous exports."""
    found = rows(
        db,
        "SELECT b.id, b.body, b.opd_id, b.participant_id, b.updated_at, o.code AS opd_code,"
        " p.name AS participant_name FROM ballots b LEFT JOIN opds o ON o.id = b.opd_id"
        " LEFT JOIN participants p ON p.id = b.participant_id"
        " WHERE b.poll_id = ? ORDER BY b.id",
        [poll_id],
    )
    for row in found:
        row["body"] = json.loads(row["body"])
    if shuffle:
        random.SystemRandom().shuffle(found)
    return found


def eligible(db, workshop_id, scope):
    """Who may vote: joined participants, or OPDs with a joined member; and per OPD."""
    found = rows(
        db,
        "SELECT p.opd_id, o.code, COUNT(*) AS n FROM participants p"
        " JOIN opds o ON o.id = p.opd_id WHERE p.workshop_id = ? AND p.merged_into IS NULL"
        " GROUP BY p.opd_id ORDER BY o.code COLLATE NOCASE",
        [workshop_id],
    )
    total = len(found) if scope == "opd" else sum(r["n"] for r in found)
    return total, found


def present(db, workshop_id, scope, on_date):
    """Who is here on a date (attendance): participants, or OPDs with a member present."""
    found = rows(
        db,
        "SELECT p.opd_id, COUNT(*) AS n FROM attendance a"
        " JOIN participants p ON p.id = a.participant_id"
        " WHERE p.workshop_id = ? AND p.merged_into IS NULL AND a.on_date = ?"
        " GROUP BY p.opd_id",
        [workshop_id, on_date],
    )
    return len(found) if scope == "opd" else sum(r["n"] for r in found)


def add_decision(db, poll, idea_id, label, reason, actor_id):
    """Record the facilitator's final pick (e.g. the quick win of a dimension) and why."""
    with db.atomic():
        decision_id = (
            db["poll_decisions"]
            .insert(
                {
                    "poll_id": poll["id"],
                    "idea_id": idea_id,
                    "label": label or "",
                    "reason": reason,
                    "created_by": actor_id,
                    "created_at": utcnow(),
                }
            )
            .last_pk
        )
        audit.record(
            db,
            "decision_recorded",
            actor_kind="facilitator",
            actor_id=actor_id,
            workshop_id=poll["workshop_id"],
            obj=("poll", poll["id"]),
            details={"idea_id": idea_id, "label": label, "reason": reason},
        )
    return first(db, "SELECT * FROM poll_decisions WHERE id = ?", [decision_id])


def list_decisions(db, poll_id):
    """Decisions recorded on a poll, oldest first, with the proposal's title."""
    return list(
        db.query(
            "SELECT d.*, i.title FROM poll_decisions d JOIN ideas i ON i.id = d.idea_id"
            " WHERE d.poll_id = ? ORDER BY d.id",
            [poll_id],
        )
    )


def open_polls_with_ideas(db, idea_ids):
    """Ids of open polls that contain any of these proposals (their tallies change on merge)."""
    if not idea_ids:
        return []
    marks = ", ".join("?" for _ in idea_ids)
    sql = (
        # Only placeholders are formatted in.
        "SELECT DISTINCT p.id FROM polls p JOIN poll_ideas pi ON pi.poll_id = p.id"  # noqa: S608
        f" WHERE p.status = 'open' AND pi.idea_id IN ({marks})"
    )
    rows = db.query(sql, list(idea_ids))
    return [r["id"] for r in rows]


def polls_with_idea(db, idea_id):
    """Every poll holding this proposal (any status), with whether `into` is in it too."""
    return list(
        db.query(
            "SELECT p.id, p.title, p.status, p.method, p.session_id FROM polls p"
            " JOIN poll_ideas pi ON pi.poll_id = p.id WHERE pi.idea_id = ?"
            " ORDER BY CASE p.status WHEN 'open' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END, p.id",
            [idea_id],
        )
    )
