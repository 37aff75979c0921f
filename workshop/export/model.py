"""One workshop's data as plain dicts: the single source of every export format.

Everything is read inside one read transaction (store/snapshot.py), so an export taken
mid-session is a consistent snapshot (WAL: writers go on meanwhile, nothing waits for it).
The SQL lives in the store; this module only shapes its rows into the export dict.

Anonymous polls carry no voter identities here, so no format can leak them: their
ballots are shuffled and keep only the ballot body (no participant, OPD, voter key,
id or time). Secrets (projector key, token and password hashes) are never read.
"""

import json
import random

from .. import reference
from ..results import results
from ..rules import priorities
from ..store import (
    agenda,
    ideas,
    notes,
    polls,
    programmes,
    progress,
    questions,
    roster,
    snapshot,
    utcnow,
    workshops,
)

# Identifies a JSON dump and the shape of this dict.
FORMAT = "rembuk-workshop"
VERSION = 1
# Workshop columns that go out (the join code and projector key stay on the server).
WORKSHOP_KEYS = (
    "id",
    "title",
    "city",
    "year",
    "venue",
    "starts_on",
    "days",
    "template",
    "timezone",
    "period_start",
    "period_end",
    "created_at",
    "updated_at",
)
SESSION_KEYS = (*agenda.SESSION_KEYS, "settings")
POLL_KEYS = (
    "id",
    "session_id",
    *polls.POLL_SETTINGS,
    *polls.POLL_LIFECYCLE,
    "snapshot",
    "created_by",
    "created_at",
    "updated_at",
)
IDEA_KEYS = (
    "id",
    "session_id",
    "participant_id",
    "facilitator_id",
    "client_id",
    "title",
    "description",
    "problem",
    "dimension",
    "element",
    "opd_id",
    "responsible_opd_id",
    "horizon",
    "budget_idr",
    "funding_source",
    "status",
    "merged_into",
    "status_before_merge",
    "group_name",
    "code",
    "year_start",
    "year_end",
    "promoted_from",
    "created_at",
    "updated_at",
)
NOTE_KEYS = (
    "id",
    "session_id",
    "kind",
    "body",
    "opd_id",
    "due_on",
    "created_by",
    "updated_by",
    "created_at",
    "updated_at",
)
# Worksheet entries (readiness ratings with their note in `text`, SWOT entries, vision
# keywords, strategy statements) and the facilitators' strategies (TOWS, strategy sessions).
ENTRY_KEYS = (
    "id",
    "session_id",
    "purpose",
    "participant_id",
    "facilitator_id",
    "opd_id",
    "rater",
    "client_id",
    "aspect",
    "item",
    "rating",
    "quadrant",
    "dimension",
    "element",
    "text",
    "status",
    "merged_into",
    "status_before_merge",
    "quoted",
    "created_at",
    "updated_at",
)
STRATEGY_KEYS = (
    "id",
    "session_id",
    "type",
    "text",
    "dimension",
    "element",
    "from_entries",
    "created_by",
    "created_at",
    "updated_at",
)

QUESTION_KEYS = (
    "id",
    "session_id",
    "participant_id",
    "text",
    "anonymous",
    "status",
    "pinned",
    "answer",
    "answered_at",
    "created_at",
    "updated_at",
)

# A progress report as the export shows it (contract: reporter is a display name).
PROGRESS_KEYS = (
    "id",
    "target",
    "target_id",
    "percent",
    "status",
    "note",
    "evidence_url",
    "reported_at",
    "reporter",
    "opd_id",
)


def gather(db, workshop_id, rng=None):
    """Every row of one workshop (NotFound when it does not exist), as plain dicts."""
    with snapshot.read_snapshot(db):
        return _gather(db, workshop_id, rng or random.SystemRandom())


def gather_for_session(db, session_id):
    """The whole workshop of a session (summaries cite proposals and polls from anywhere)."""
    with snapshot.read_snapshot(db):
        session = agenda.get_session(db, session_id)
        return _gather(db, session["workshop_id"], random.SystemRandom())


def _gather(db, workshop_id, rng):
    workshop = workshops.get_workshop(db, workshop_id)
    facts = {k: workshop[k] for k in WORKSHOP_KEYS}
    facts["ends_on"] = workshops.ends_on(workshop).isoformat()
    facts["created_by"] = workshop["created_by"]
    facts["stages"] = workshops.stages_of(workshop)
    facts["open_between_until"] = workshop.get("open_between_until")
    days = [
        {
            "number": d["number"],
            "stage": d["stage"],
            "date": workshops.day_date(workshop, d["number"]).isoformat(),
        }
        for d in agenda.list_days(db, workshop_id)
    ]
    sessions = []
    for row in agenda.list_sessions(db, workshop_id):
        session = {k: row[k] for k in SESSION_KEYS}
        session["settings"] = json.loads(row["settings"] or "{}")
        session["program_fields"] = bool(row["program_fields"])
        sessions.append(session)
    data = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": utcnow(),
        "workshop": facts,
        "facilitators": _facilitators(db, workshop_id),
        "days": days,
        "sessions": sessions,
        "opds": [
            {k: o[k] for k in ("id", "code", "name")} for o in roster.list_opds(db, workshop_id)
        ],
        "dimensions": _dimensions(db, workshop_id),
        "participants": snapshot.list_participants(db, workshop_id),
        "devices": snapshot.list_devices(db, workshop_id),
        "attendance": snapshot.list_attendance(db, workshop_id),
        "ideas": [_idea(r) for r in ideas.list_ideas(db, workshop_id=workshop_id)],
        "priorities": priorities.resolve(db, workshop_id),
        "code_counters": programmes.code_counters(db, workshop_id),
        "polls": [_poll(db, p, rng) for p in polls.list_polls(db, workshop_id=workshop_id)],
        "notes": [
            {k: n[k] for k in NOTE_KEYS}
            for n in sorted(notes.list_notes(db, workshop_id=workshop_id), key=lambda n: n["id"])
        ],
        "entries": [
            {**e, "quoted": bool(e["quoted"])}
            for e in snapshot.list_worksheet_entries(db, workshop_id, ENTRY_KEYS)
        ],
        "strategies": snapshot.list_worksheet_strategies(db, workshop_id, STRATEGY_KEYS),
        "vision": snapshot.find_vision(db, workshop_id),
        "readiness_list": _readiness_list(db, workshop_id),
        "questions": _questions(db, workshop_id),
        "progress_reports": _progress_reports(db, workshop_id),
        "audit": snapshot.list_audit(db, workshop_id),
    }
    return data


def _idea(row):
    """An idea with its programme fields (lists decoded) and its quick-win mark or None."""
    idea = {k: row[k] for k in IDEA_KEYS}
    idea["supporting_opd_ids"] = programmes.decode_list(row["supporting_opd_ids"])
    idea["indicators"] = programmes.decode_list(row["indicators"])
    idea["quick_win"] = (
        {"reason": row["quick_win_reason"], "marked_at": row["quick_win_marked_at"]}
        if row["quick_win_marked_at"]
        else None
    )
    return idea


def _readiness_list(db, workshop_id):
    """{aspects, custom, updated_by?, updated_at?}: the workshop's own list, else the default."""
    row = snapshot.find_readiness_list(db, workshop_id)
    if row:
        return {
            "aspects": row["body"],
            "custom": True,
            "updated_by": row["updated_by"],
            "updated_at": row["updated_at"],
        }
    return {"aspects": reference.load_json("readiness.json")["aspects"], "custom": False}


def _questions(db, workshop_id):
    """Questions to a speaker, oldest first, with the ids of their supporters; an anonymous
    question carries no participant (nobody learns who asked it, issue 16 item 9)."""
    supporters = questions.voters(db, workshop_id)
    rows = sorted(questions.list_questions(db, workshop_id=workshop_id), key=lambda q: q["id"])
    out = []
    for row in rows:
        item = {k: row[k] for k in QUESTION_KEYS}
        item["anonymous"] = bool(row["anonymous"])
        item["pinned"] = bool(row["pinned"])
        if item["anonymous"]:
            item["participant_id"] = None
        item["votes"] = row["votes"]
        item["voters"] = supporters.get(row["id"], [])
        out.append(item)
    return out


def _progress_reports(db, workshop_id):
    """Progress reports (monev), oldest first; the reporter by display name (and the id of
    the participant or account behind it, for the round trip), never a token."""
    rows = {r["id"]: r for r in snapshot.list_progress_reports(db, workshop_id)}
    return [
        {
            **{k: r[k] for k in PROGRESS_KEYS},
            "participant_id": rows[r["id"]]["participant_id"],
            "account_id": rows[r["id"]]["account_id"],
        }
        for r in progress.list_reports(db, workshop_id)
    ]


def _facilitators(db, workshop_id):
    """Usernames (and role: facilitator or viewer) of the workshop's members and of anyone its
    rows name as author; no secrets."""
    members = {f["id"] for f in workshops.list_workshop_facilitators(db, workshop_id)}
    rows = snapshot.list_named_facilitators(db, workshop_id)
    return [
        {
            "id": r["id"],
            "username": r["username"],
            "role": r.get("role") or "facilitator",
            "member": r["id"] in members,
        }
        for r in rows
    ]


def _dimensions(db, workshop_id):
    return [
        {
            "id": d["id"],
            "key": d["key"],
            "name": d["name"],
            "name_id": d["name_id"],
            "position": d["position"],
            "elements": [
                {k: e[k] for k in ("id", "key", "name", "name_id", "position")}
                for e in d["elements"]
            ],
        }
        for d in roster.list_dimensions(db, workshop_id)
    ]


def _poll(db, row, rng):
    poll = {k: row[k] for k in POLL_KEYS}
    poll["idea_ids"] = [r["id"] for r in polls.poll_ideas(db, row["id"])]
    poll["tally"] = results(db, row) if row["status"] != "draft" else None
    poll["ballots"] = _ballots(db, row, rng)
    poll["decisions"] = [
        {k: d[k] for k in ("id", "idea_id", "label", "reason", "created_by", "created_at")}
        for d in polls.list_decisions(db, row["id"])
    ]
    return poll


def _ballots(db, poll, rng):
    """Ballots for a recount; an anonymous poll's are shuffled bodies and nothing else."""
    rows = snapshot.list_ballots(db, poll["id"])
    if poll["anonymous"]:
        bodies = [r["body"] for r in rows]
        rng.shuffle(bodies)
        return [{"body": body} for body in bodies]
    return rows


def count_rows(db, workshop_id):
    """Rows per table belonging to one workshop (the sqlite snapshot must keep these)."""
    return snapshot.count_rows(db, workshop_id)
