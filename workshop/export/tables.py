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
    "ideas": "Every proposal, whatever its status (visible, pending, hidden, merged, withdrawn); "
    "programmes: code (kode), supporting OPDs (OPD pendukung), start and end year, indicators "
    "(JSON: name, unit, baseline, target), promoted_from, and the quick-win mark with its reason.",
    "priorities": "The poll that ranks each dimension's programmes: chosen explicit (by a "
    "facilitator) or rule (the closed poll listing most of them).",
    "polls": "Polls with method, parameters (criteria as JSON) and status.",
    "poll_ideas": "The proposals of each poll, in ballot order.",
    "ballots": "Ballots (body as JSON) for a recount. Anonymous polls: shuffled, no voter.",
    "results": "Each poll's results: every proposal with score, supporters and rank "
    "(closed polls: as frozen at closing).",
    "turnout": "Each poll's turnout per OPD.",
    "poll_decisions": "Decisions recorded on polls (e.g. the chosen quick win).",
    "notes": "Notulensi: notes, decisions and action items (body in Markdown).",
    "audit": "The audit trail of the workshop (append-only log).",
    "readiness_items": "The workshop's readiness list: aspect (aspek) and item (butir) keys with "
    "their Indonesian and English names.",
    "readiness": "Readiness ratings, one row per rating (replaced ones included, see status): "
    "aspect/aspek, item/butir, rating/penilaian (baik, sedang, kurang), the note, quoted = "
    "marked to quote in the masterplan.",
    "swot": "SWOT entries, one row per entry: quadrant/kuadran (S, W, O, T), "
    "dimension/dimensi, element/elemen, text; merged_into points at the kept duplicate.",
    "vision_keywords": "Vision keywords, one row per entry: text as typed, kata_kunci as "
    "counted (lower case, single spaces); merged_into points at the kept synonym.",
    "strategy_entries": "Strategy statements written in strategy sessions, one row per entry.",
    "strategies": "TOWS strategies (type/jenis SO, ST, WO, WT) and strategy-session strategies; "
    "from_entries: the entry ids they were composed from (JSON).",
    "vision": "The adopted vision (one row) and missions (one row each, numbered).",
}
# Indonesian names of coded values in the worksheet sheets (raw data speak Indonesian first).
RATING_ID = {"baik": "Baik", "sedang": "Sedang", "kurang": "Kurang"}
QUADRANT_ID = {"S": "Kekuatan", "W": "Kelemahan", "O": "Peluang", "T": "Ancaman"}
TOWS_ID = {
    "SO": "Kekuatan–Peluang",
    "ST": "Kekuatan–Ancaman",
    "WO": "Kelemahan–Peluang",
    "WT": "Kelemahan–Ancaman",
}


# Programme columns of the ideas sheet (lists as OPD codes or JSON).
PROGRAM_COLUMNS = (
    "supporting_opd_ids",
    "supporting_opds",
    "indicators",
    "quick_win",
    "quick_win_reason",
    "quick_win_marked_at",
)


def _programme_columns(row, opd_codes):
    """An idea's programme fields as cells: OPD codes joined, indicators as JSON."""
    mark = row.get("quick_win")
    supporting = row.get("supporting_opd_ids") or []
    row.update(
        supporting_opd_ids=_json(supporting),
        supporting_opds=", ".join(opd_codes.get(o, str(o)) for o in supporting),
        indicators=_json(row.get("indicators") or []),
        quick_win=bool(mark),
        quick_win_reason=mark["reason"] if mark else None,
        quick_win_marked_at=mark["marked_at"] if mark else None,
    )


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
    tables["ideas"] = _rows(
        data["ideas"],
        [*IDEA_KEYS[:-2], *PROGRAM_COLUMNS, *IDEA_KEYS[-2:]],
        lambda r: _programme_columns(r, opd_codes),
    )
    tables["priorities"] = _rows(data.get("priorities", []), ["dimension", "poll_id", "chosen"])
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
    tables.update(worksheet_tables(data, opd_codes))
    tables["audit"] = _rows(
        data["audit"],
        ["id", "at", "actor_kind", "actor_id", "action", "object_type", "object_id", "details"],
        lambda r: r.update(details=_json(r["details"])),
    )
    return tables


def worksheet_tables(data, opd_codes):
    """Tidy sheets of the worksheets: one row per entry; each coded column (aspect, item,
    rating, quadrant, dimension, element, type) has its Indonesian name in the column beside
    it, under an Indonesian header (aspek, butir, penilaian, kuadran, dimensi, elemen, jenis)."""
    aspects = (data.get("readiness_list") or {}).get("aspects", [])
    aspect_names = {a["key"]: a.get("name_id") or a["key"] for a in aspects}
    item_names = {
        (a["key"], i["key"]): i.get("name_id") or i["key"] for a in aspects for i in a["items"]
    }
    dimensions = {d["key"]: d["name_id"] for d in data["dimensions"]}
    elements = {
        (d["key"], e["key"]): e["name_id"] for d in data["dimensions"] for e in d["elements"]
    }
    purposes = {s["id"]: s.get("purpose") for s in data["sessions"]}
    entries = data.get("entries", [])
    common = ["status", "merged_into", "participant_id", "facilitator_id", "opd_id", "opd_code"]
    stamps = ["created_at", "updated_at"]

    def labelled(e):
        return {
            **e,
            "opd_code": opd_codes.get(e.get("opd_id")),
            "aspek": aspect_names.get(e.get("aspect")),
            "butir": item_names.get((e.get("aspect"), e.get("item"))),
            "penilaian": RATING_ID.get(e.get("rating")),
            "kuadran": QUADRANT_ID.get(e.get("quadrant")),
            "dimensi": dimensions.get(e.get("dimension")),
            "elemen": elements.get((e.get("dimension"), e.get("element"))),
            "kata_kunci": " ".join((e.get("text") or "").split()).casefold(),
        }

    def of(purpose):
        return [
            labelled(e)
            for e in entries
            if (e.get("purpose") or purposes.get(e["session_id"])) == purpose
        ]

    tables = {
        "readiness_items": (
            ["aspect", "aspek", "item", "butir", "name", "position"],
            [
                [a["key"], a.get("name_id"), i["key"], i.get("name_id"), i.get("name"), n]
                for a in aspects
                for n, i in enumerate(a["items"])
            ],
        ),
        "readiness": _rows(
            of("readiness"),
            ["id", "session_id", "aspect", "aspek", "item", "butir", "rating", "penilaian"]
            + ["text", "quoted", "rater", *common, *stamps],
        ),
        "swot": _rows(
            of("swot"),
            ["id", "session_id", "quadrant", "kuadran", "dimension", "dimensi", "element"]
            + ["elemen", "text", *common, *stamps],
        ),
        "vision_keywords": _rows(
            of("vision"), ["id", "session_id", "text", "kata_kunci", *common, *stamps]
        ),
        "strategy_entries": _rows(
            of("strategy"),
            ["id", "session_id", "dimension", "dimensi", "element", "elemen", "text"]
            + [*common, *stamps],
        ),
    }
    tables["strategies"] = _rows(
        [
            {
                **s,
                "jenis": TOWS_ID.get(s.get("type")),
                "dimensi": dimensions.get(s.get("dimension")),
                "elemen": elements.get((s.get("dimension"), s.get("element"))),
                "from_entries": _json(s.get("from_entries")),
            }
            for s in data.get("strategies", [])
        ],
        ["id", "session_id", "type", "jenis", "dimension", "dimensi", "element", "elemen"]
        + ["text", "from_entries", "created_by", *stamps],
    )
    vision = data.get("vision") or {}
    rows = [["vision", "visi", None, vision["vision"]]] if vision.get("vision") else []
    rows += [["mission", "misi", n, m] for n, m in enumerate(vision.get("missions") or [], start=1)]
    tables["vision"] = (["kind", "jenis", "number", "text"], rows)
    return tables
