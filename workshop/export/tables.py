"""model.gather()'s dict as flat tables (name → columns, rows) for the CSV zip and the XLSX.

Column names follow the store's; nested values (settings, criteria, ballot bodies, audit
details) are JSON text. Anonymous polls' ballots have only poll_id, ballot_no and body.
"""

import json

from .model import IDEA_KEYS, NOTE_KEYS, POLL_KEYS, SESSION_KEYS

# What each table holds, for README.txt in the zip and the XLSX's first sheet.
DESCRIPTIONS = {
    "workshop": "The workshop's facts (no join code, no projector key).",
    "facilitators": "Facilitators of the workshop, and accounts its rows name as author.",
    "days": "Days with their stage (Tahap) and date.",
    "sessions": "The agenda: sessions by day and position; settings as JSON.",
    "opds": "The OPD roster.",
    "dimensions": "Smart City dimensions.",
    "elements": "Elements of each dimension.",
    "participants": "Participants (name, OPD); merged_into points at the kept duplicate.",
    "devices": "Participants' devices (never their tokens).",
    "attendance": "First sign of each participant on each day (daftar hadir).",
    "ideas": "Every proposal, whatever its status (visible, pending, hidden, merged, withdrawn).",
    "polls": "Polls with method, parameters (criteria as JSON) and status.",
    "poll_ideas": "The proposals of each poll, in ballot order.",
    "ballots": "Ballots (body as JSON) for a recount. Anonymous polls: shuffled, no voter.",
    "results": "Each poll's results: every proposal with score, supporters and rank "
    "(closed polls: as frozen at closing).",
    "turnout": "Each poll's turnout per OPD.",
    "poll_decisions": "Decisions recorded on polls (e.g. the chosen quick win).",
    "notes": "Notulensi: notes, decisions and action items (body in Markdown).",
    "audit": "The audit trail of the workshop (append-only log).",
}


def _json(value):
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value is not None else None


def _rows(items, columns, transform=None):
    out = []
    for item in items:
        row = dict(item)
        if transform:
            transform(row)
        out.append([row.get(c) for c in columns])
    return columns, out


def raw_tables(data):
    """{table name: (columns, rows)} in a stable order."""
    ws = data["workshop"]
    tables = {}
    workshop_cols = [*ws.keys()]
    tables["workshop"] = (workshop_cols, [[ws[c] for c in workshop_cols]])
    tables["facilitators"] = _rows(data["facilitators"], ["id", "username", "member"])
    tables["days"] = _rows(data["days"], ["number", "stage", "date"])
    tables["sessions"] = _rows(
        data["sessions"], list(SESSION_KEYS), lambda r: r.update(settings=_json(r["settings"]))
    )
    tables["opds"] = _rows(data["opds"], ["id", "code", "name"])
    tables["dimensions"] = _rows(data["dimensions"], ["id", "key", "name", "name_id", "position"])
    tables["elements"] = _rows(
        [
            {**e, "dimension_id": d["id"], "dimension_key": d["key"]}
            for d in data["dimensions"]
            for e in d["elements"]
        ],
        ["id", "dimension_id", "dimension_key", "key", "name", "name_id", "position"],
    )
    opd_codes = {o["id"]: o["code"] for o in data["opds"]}
    tables["participants"] = _rows(
        data["participants"],
        ["id", "name", "opd_id", "opd_code", "merged_into", "created_at", "last_seen_at"],
        lambda r: r.update(opd_code=opd_codes.get(r["opd_id"])),
    )
    tables["devices"] = _rows(
        data["devices"],
        ["id", "participant_id", "label", "created_at", "last_seen_at", "revoked_at"],
    )
    tables["attendance"] = _rows(data["attendance"], ["participant_id", "on_date", "first_seen_at"])
    tables["ideas"] = _rows(data["ideas"], list(IDEA_KEYS))
    poll_cols = [k for k in POLL_KEYS if k != "snapshot"]
    tables["polls"] = _rows(
        data["polls"], poll_cols, lambda r: r.update(criteria=_json(r["criteria"]))
    )
    tables["poll_ideas"] = (
        ["poll_id", "idea_id", "position"],
        [[p["id"], idea, n] for p in data["polls"] for n, idea in enumerate(p["idea_ids"])],
    )
    ballot_cols = [
        "poll_id",
        "ballot_no",
        "id",
        "voter_key",
        "participant_id",
        "opd_id",
        "changed_by",
        "body",
        "created_at",
        "updated_at",
    ]
    ballots = []
    for poll in data["polls"]:
        for n, ballot in enumerate(poll["ballots"], start=1):
            row = {**ballot, "poll_id": poll["id"], "ballot_no": n, "body": _json(ballot["body"])}
            ballots.append([row.get(c) for c in ballot_cols])
    tables["ballots"] = (ballot_cols, ballots)
    result_cols = [
        "poll_id",
        "rank",
        "tied",
        "idea_id",
        "title",
        "dimension",
        "score",
        "supporters",
        "impact",
        "effort",
        "criteria",
    ]
    results, turnout = [], []
    for poll in data["polls"]:
        tally = poll["tally"] or {"items": [], "by_opd": []}
        for item in tally["items"]:
            row = {**item, "poll_id": poll["id"], "criteria": _json(item.get("criteria"))}
            results.append([row.get(c) for c in result_cols])
        for entry in tally.get("by_opd", []):
            turnout.append(
                [poll["id"], entry["opd_id"], entry["opd_code"], entry["eligible"], entry["voters"]]
            )
    tables["results"] = (result_cols, results)
    tables["turnout"] = (["poll_id", "opd_id", "opd_code", "eligible", "voters"], turnout)
    tables["poll_decisions"] = (
        ["id", "poll_id", "idea_id", "label", "reason", "created_by", "created_at"],
        [
            [
                d["id"],
                p["id"],
                d["idea_id"],
                d["label"],
                d["reason"],
                d["created_by"],
                d["created_at"],
            ]
            for p in data["polls"]
            for d in p["decisions"]
        ],
    )
    tables["notes"] = _rows(data["notes"], list(NOTE_KEYS))
    tables["audit"] = _rows(
        data["audit"],
        ["id", "at", "actor_kind", "actor_id", "action", "object_type", "object_id", "details"],
        lambda r: r.update(details=_json(r["details"])),
    )
    return tables
