"""The JSON dump (model.gather()'s dict): raw data, and the file that moves a workshop
between servers (laptops) with `workshop import-json` (importer.py).

Round trip: export → import → export gives the same content apart from ids (comparable()
maps them to positions), `exported_at`, the import's own audit entry, devices, the derived
`tally` (recomputed from ballots and the frozen snapshot), and — for polls still open — the
per-OPD turnout of anonymous ballots, which the export does not know.
"""

import json

from ..polls.methods import get as method_of
from .model import FORMAT, VERSION


class ImportError_(ValueError):  # noqa: N801 (the builtin name is taken)
    """The file is not a Rembuk workshop dump this version can read."""


def dump(data):
    """The dict as UTF-8 JSON bytes (stable key order, readable indentation)."""
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def load(raw):
    """Parse and check the outer shape of a dump; ImportError_ with a readable reason."""
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ImportError_(f"not JSON: {e}") from e
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportError_(f"not a Rembuk workshop export (format must be {FORMAT!r})")
    if data.get("version") != VERSION:
        raise ImportError_(f"export version {data.get('version')!r}; this server reads {VERSION}")
    for key in ("workshop", "days", "sessions", "opds", "dimensions", "participants", "ideas"):
        if key not in data:
            raise ImportError_(f"missing {key!r}")
    return data


# -- ids inside ballots and results ----------------------------------------------------------


def map_body(method, body, ideas):
    """A ballot body with its proposal ids translated (unknown ids are dropped)."""
    return method_of(method).carry(body, ideas.get)


def map_results(snapshot, poll_id, ideas, opds):
    """A frozen results object with poll, proposal and OPD ids translated."""
    if not snapshot:
        return snapshot
    out = dict(snapshot)
    out["poll_id"] = poll_id
    out["items"] = [{**i, "idea_id": ideas.get(i["idea_id"])} for i in snapshot.get("items", [])]
    out["by_opd"] = [{**o, "opd_id": opds.get(o["opd_id"])} for o in snapshot.get("by_opd", [])]
    out["merged"] = {
        str(ideas.get(int(k))): ideas.get(v) for k, v in (snapshot.get("merged") or {}).items()
    }
    return out


# -- comparing two dumps ----------------------------------------------------------------------


def comparable(data):
    """A dump with ids replaced by positions, so two dumps of the same workshop compare equal.

    Dropped: exported_at, devices, every poll's derived `tally`, the audit entries an import
    adds; anonymous ballots are sorted (their order is random by design).
    """
    pos = {}
    for table in ("opds", "sessions", "participants", "ideas", "polls", "notes"):
        pos[table] = {row["id"]: n for n, row in enumerate(data[table], start=1)}
    for table in ("entries", "strategies"):
        pos[table] = {row["id"]: n for n, row in enumerate(data.get(table, []), start=1)}
    fac = {f["id"]: f["username"] for f in data.get("facilitators", [])}
    ideas, people, opds = pos["ideas"], pos["participants"], pos["opds"]

    def ref(table, value):
        return pos[table].get(value) if value is not None else None

    out = {
        "workshop": {k: v for k, v in data["workshop"].items() if k not in ("id", "created_by")}
        | {"created_by": fac.get(data["workshop"].get("created_by"))},
        "facilitators": sorted((f["username"], f["member"]) for f in data.get("facilitators", [])),
        "days": data["days"],
        "sessions": [
            {k: v for k, v in s.items() if k not in ("id", "workshop_id")} for s in data["sessions"]
        ],
        "opds": [{k: v for k, v in o.items() if k != "id"} for o in data["opds"]],
        "dimensions": [
            {k: v for k, v in d.items() if k != "id"}
            | {"elements": [{k: v for k, v in e.items() if k != "id"} for e in d["elements"]]}
            for d in data["dimensions"]
        ],
        "participants": [
            {
                **p,
                "id": None,
                "opd_id": ref("opds", p["opd_id"]),
                "merged_into": ref("participants", p["merged_into"]),
            }
            for p in data["participants"]
        ],
        "attendance": [
            {**a, "participant_id": ref("participants", a["participant_id"])}
            for a in data["attendance"]
        ],
        "ideas": [
            {
                **i,
                "id": None,
                "session_id": ref("sessions", i["session_id"]),
                "participant_id": ref("participants", i["participant_id"]),
                "facilitator_id": fac.get(i["facilitator_id"]),
                "opd_id": ref("opds", i["opd_id"]),
                "responsible_opd_id": ref("opds", i["responsible_opd_id"]),
                "merged_into": ref("ideas", i["merged_into"]),
                "promoted_from": ref("ideas", i.get("promoted_from")),
                "supporting_opd_ids": [ref("opds", o) for o in i.get("supporting_opd_ids", [])],
            }
            for i in data["ideas"]
        ],
        "priorities": [
            {**p, "poll_id": ref("polls", p["poll_id"])} for p in data.get("priorities", [])
        ],
        "code_counters": data.get("code_counters", {}),
        "notes": [
            {
                **n,
                "id": None,
                "session_id": ref("sessions", n["session_id"]),
                "opd_id": ref("opds", n["opd_id"]),
                "created_by": fac.get(n["created_by"]),
                "updated_by": fac.get(n["updated_by"]),
            }
            for n in data["notes"]
        ],
        "entries": [
            {
                **e,
                "id": None,
                "session_id": ref("sessions", e["session_id"]),
                "participant_id": ref("participants", e["participant_id"]),
                "facilitator_id": fac.get(e["facilitator_id"]),
                "opd_id": ref("opds", e["opd_id"]),
                "rater": _rater(e["rater"], pos, fac),
                "merged_into": ref("entries", e["merged_into"]),
            }
            for e in data.get("entries", [])
        ],
        "strategies": [
            {
                **s,
                "id": None,
                "session_id": ref("sessions", s["session_id"]),
                "created_by": fac.get(s["created_by"]),
                "from_entries": [ref("entries", i) for i in s["from_entries"]],
            }
            for s in data.get("strategies", [])
        ],
        "vision": _with_author(data.get("vision"), fac),
        "readiness_list": _with_author(data.get("readiness_list"), fac),
        "questions": [
            {
                **q,
                "id": None,
                "session_id": ref("sessions", q["session_id"]),
                "participant_id": ref("participants", q["participant_id"]),
                "voters": sorted(people.get(v) for v in q["voters"]),
            }
            for q in data.get("questions", [])
        ],
        "polls": [],
        "audit": [
            {k: v for k, v in a.items() if k not in ("id", "actor_id", "object_id")}
            for a in data.get("audit", [])
            if a["action"] != "workshop_imported"
        ],
    }
    for p in data["polls"]:
        poll = {
            k: v
            for k, v in p.items()
            if k not in ("id", "tally", "ballots", "decisions", "snapshot", "idea_ids")
        }
        poll.update(
            session_id=ref("sessions", p["session_id"]),
            created_by=fac.get(p["created_by"]),
            idea_ids=[ideas.get(i) for i in p["idea_ids"]],
            snapshot=map_results(p["snapshot"], None, ideas, opds),
            decisions=[
                {
                    **d,
                    "id": None,
                    "idea_id": ideas.get(d["idea_id"]),
                    "created_by": fac.get(d["created_by"]),
                }
                for d in p["decisions"]
            ],
        )
        ballots = []
        for b in p["ballots"]:
            body = map_body(p["method"], b["body"], ideas)
            if "voter_key" not in b:
                ballots.append({"body": body})
            else:
                ballots.append(
                    {
                        "participant_id": people.get(b["participant_id"]),
                        "opd_id": opds.get(b["opd_id"]),
                        "changed_by": people.get(b["changed_by"]),
                        "body": body,
                        "created_at": b["created_at"],
                        "updated_at": b["updated_at"],
                    }
                )
        if p["anonymous"]:
            ballots.sort(key=lambda b: json.dumps(b, sort_keys=True))
        poll["ballots"] = ballots
        out["polls"].append(poll)
    return out


def _rater(rater, pos, fac):
    """A readiness rater key with its id replaced by a position (or a username)."""
    kind, _sep, old = (rater or "").partition(":")
    if not old.isdigit():
        return rater
    table = {"p": pos["participants"], "opd": pos["opds"], "f": fac}.get(kind, {})
    return f"{kind}:{table.get(int(old))}"


def _with_author(row, fac):
    """The vision or readiness list with its last editor's id replaced by the username."""
    if not row:
        return row
    return {**row, "updated_by": fac.get(row.get("updated_by"))}
