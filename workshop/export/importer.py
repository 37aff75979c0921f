"""`workshop import-json`: a JSON dump becomes a new workshop in this store (new ids).

Importing creates a new workshop with new ids, a new join code and projector key, and keeps
every timestamp. What does not travel: device tokens (participants join again with the new
code), the join code and projector key, facilitator accounts (a facilitator named in the
file is linked when an account with that username exists here; otherwise the link is empty),
and the identities of anonymous ballots (never exported).

This module maps the file's ids to the new ones; the inserts are in store/transfer.py.
"""

import json
import secrets

from ..store import audit, polls, programmes, transfer, utcnow
from . import programmes_import
from .jsondump import map_body, map_results
from .model import ENTRY_KEYS, IDEA_KEYS, NOTE_KEYS, QUESTION_KEYS, STRATEGY_KEYS


def import_workshop(db, data, actor_id=None):
    """Create the workshop of a dump in this store (one transaction); returns (id, report).

    The caller holds the write lock (`immediate(db)`). report: {"linked": [usernames],
    "unknown": [usernames]} for the facilitators named in the file.
    """
    accounts = {
        f["id"]: transfer.find_facilitator_id(db, f["username"])
        for f in data.get("facilitators", [])
    }
    fac = {old: new for old, new in accounts.items() if new is not None}
    names = {f["id"]: f["username"] for f in data.get("facilitators", [])}
    report = {
        "linked": sorted(names[i] for i in fac),
        "unknown": sorted(names[i] for i, new in accounts.items() if new is None),
    }
    ws = data["workshop"]
    now = utcnow()
    with db.atomic():
        wid = transfer.insert_workshop(
            db,
            {
                "title": ws["title"],
                "city": ws["city"],
                "year": ws["year"],
                "venue": ws.get("venue") or "",
                "starts_on": ws["starts_on"],
                "days": ws["days"],
                "stages": json.dumps(ws.get("stages") or [], ensure_ascii=False),
                "open_between_until": ws.get("open_between_until"),
                "template": ws.get("template") or "empty",
                "timezone": ws.get("timezone") or "WIB",
                "period_start": ws.get("period_start"),
                "period_end": ws.get("period_end"),
                "code": transfer.free_code(db),
                "projector_key": secrets.token_urlsafe(18),
                "created_by": fac.get(ws.get("created_by")),
                "created_at": ws.get("created_at") or now,
                "updated_at": ws.get("updated_at") or now,
            },
        )
        members = {
            fac[f["id"]] for f in data.get("facilitators", []) if f.get("member") and f["id"] in fac
        }
        if actor_id is not None:
            members.add(actor_id)
        for facilitator_id in sorted(members):
            transfer.add_member(db, wid, facilitator_id, now)
        ids = _import_rows(db, wid, data, fac)
        _import_worksheets(db, wid, data, fac, ids)
        _import_polls(db, wid, data, fac, ids)
        programmes_import.import_priorities(db, wid, data, ids)
        programmes_import.import_progress(db, wid, data, fac, ids)
        _import_audit(db, wid, data, fac, ids)
        audit.record(
            db,
            "workshop_imported",
            actor_kind="facilitator" if actor_id else "system",
            actor_id=actor_id,
            workshop_id=wid,
            obj=("workshop", wid),
            details={
                "title": ws["title"],
                "from_id": ws.get("id"),
                "exported_at": data.get("exported_at"),
            },
        )
    return wid, report


def _import_rows(db, wid, data, fac):
    """Days, sessions, roster, dimensions, participants, attendance, proposals, notes,
    questions."""
    ids = {
        table: {}
        for table in ("opds", "sessions", "dimensions", "elements", "participants", "ideas")
    }
    ids.update(polls={}, notes={}, entries={}, strategies={})
    for day in data["days"]:
        transfer.insert_day(db, wid, day["number"], day["stage"])
    for s in data["sessions"]:
        row = {k: s[k] for k in ("day", "position", "starts_at", "ends_at", "title", "kind")}
        row.update(
            workshop_id=wid,
            dimension=s.get("dimension"),
            status=s["status"],
            purpose=s.get("purpose") or "none",
            readiness_per_opd=int(bool(s.get("readiness_per_opd"))),
            program_fields=int(bool(s.get("program_fields"))),
            chair=s.get("chair") or "",
            speakers=s.get("speakers") or "",
            minute_taker=s.get("minute_taker") or "",
            settings=json.dumps(s.get("settings") or {}, sort_keys=True),
            created_at=s["created_at"],
            updated_at=s["updated_at"],
        )
        ids["sessions"][s["id"]] = transfer.insert_session(db, row)
    for o in data["opds"]:
        ids["opds"][o["id"]] = transfer.insert_opd(
            db, {"workshop_id": wid, "code": o["code"], "name": o["name"]}
        )
    for d in data["dimensions"]:
        did = transfer.insert_dimension(
            db,
            {k: d[k] for k in ("key", "name", "name_id", "position")} | {"workshop_id": wid},
        )
        ids["dimensions"][d["id"]] = did
        for e in d.get("elements", []):
            ids["elements"][e["id"]] = transfer.insert_element(
                db,
                {k: e[k] for k in ("key", "name", "name_id", "position")} | {"dimension_id": did},
            )
    people = ids["participants"]
    for p in data["participants"]:
        people[p["id"]] = transfer.insert_participant(
            db,
            {
                "workshop_id": wid,
                "name": p["name"],
                "opd_id": ids["opds"][p["opd_id"]],
                "created_at": p["created_at"],
                "last_seen_at": p["last_seen_at"],
            },
        )
    for p in data["participants"]:
        if p.get("merged_into"):
            transfer.set_participant_merged(db, people[p["id"]], people[p["merged_into"]])
    for a in data.get("attendance", []):
        transfer.insert_attendance(
            db, people[a["participant_id"]], a["on_date"], a["first_seen_at"]
        )
    opd = ids["opds"].get
    for i in data["ideas"]:
        row = {k: i.get(k) for k in IDEA_KEYS if k not in ("id", "merged_into", "promoted_from")}
        row.update(
            workshop_id=wid,
            session_id=ids["sessions"][i["session_id"]],
            participant_id=people.get(i["participant_id"]),
            facilitator_id=fac.get(i["facilitator_id"]),
            opd_id=opd(i["opd_id"]),
            responsible_opd_id=opd(i["responsible_opd_id"]),
            **programmes.encode(
                {
                    "supporting_opd_ids": [
                        opd(o) for o in i.get("supporting_opd_ids") or [] if opd(o)
                    ],
                    "indicators": i.get("indicators") or [],
                }
            ),
        )
        if row["participant_id"] is None and row["facilitator_id"] is None:
            row["client_id"] = None  # idempotency keys only mean something for an author
        elif (
            row["participant_id"] is None
            and row["client_id"]
            and transfer.client_id_taken(db, row["facilitator_id"], row["client_id"])
        ):
            row["client_id"] = None  # the same file imported again: that key is taken here
        ids["ideas"][i["id"]] = transfer.insert_idea(db, row)
    for i in data["ideas"]:
        if i.get("merged_into"):
            transfer.set_idea_merged(db, ids["ideas"][i["id"]], ids["ideas"][i["merged_into"]])
    programmes_import.import_programmes(db, wid, data, ids)
    for n in data.get("notes", []):
        row = {k: n.get(k) for k in NOTE_KEYS if k != "id"}
        row.update(
            workshop_id=wid,
            session_id=ids["sessions"][n["session_id"]],
            opd_id=opd(n["opd_id"]),
            created_by=fac.get(n["created_by"]),
            updated_by=fac.get(n["updated_by"]),
        )
        ids["notes"][n["id"]] = transfer.insert_note(db, row)
    _import_questions(db, wid, data, ids)
    return ids


def _rater(rater, ids, fac):
    """A readiness rater key ('p:<participant>', 'opd:<opd>', 'f:<facilitator>') in new ids."""
    kind, _sep, old = (rater or "").partition(":")
    table = {"p": ids["participants"], "opd": ids["opds"], "f": fac}.get(kind)
    if table is None or not old.isdigit() or table.get(int(old)) is None:
        return rater
    return f"{kind}:{table[int(old)]}"


def _import_worksheets(db, wid, data, fac, ids):
    """Worksheet entries (merges after all are in), strategies, the vision, the readiness list."""
    people, opd = ids["participants"], ids["opds"].get
    for e in data.get("entries", []):
        row = {k: e.get(k) for k in ENTRY_KEYS if k not in ("id", "merged_into")}
        row.update(
            workshop_id=wid,
            session_id=ids["sessions"][e["session_id"]],
            participant_id=people.get(e.get("participant_id")),
            facilitator_id=fac.get(e.get("facilitator_id")),
            opd_id=opd(e.get("opd_id")),
            rater=_rater(e.get("rater"), ids, fac),
            quoted=int(bool(e.get("quoted"))),
        )
        if row["participant_id"] is None and (
            row["facilitator_id"] is None
            or (
                row["client_id"]
                and transfer.worksheet_client_id_taken(db, row["facilitator_id"], row["client_id"])
            )
        ):
            row["client_id"] = None  # as for proposals: a key without its author means nothing
        ids["entries"][e["id"]] = transfer.insert_entry(db, row)
    for e in data.get("entries", []):
        if e.get("merged_into"):
            transfer.set_entry_merged(db, ids["entries"][e["id"]], ids["entries"][e["merged_into"]])
    for s in data.get("strategies", []):
        row = {k: s.get(k) for k in STRATEGY_KEYS if k != "id"}
        row.update(
            workshop_id=wid,
            session_id=ids["sessions"][s["session_id"]],
            from_entries=json.dumps([ids["entries"][i] for i in s.get("from_entries") or []]),
            created_by=fac.get(s.get("created_by")),
        )
        ids["strategies"][s["id"]] = transfer.insert_strategy(db, row)
    vision = data.get("vision")
    if vision:
        transfer.insert_vision(
            db,
            wid,
            vision.get("vision") or "",
            list(vision.get("missions") or []),
            vision.get("updated_at") or utcnow(),
            updated_by=fac.get(vision.get("updated_by")),
        )
    readiness = data.get("readiness_list") or {}
    if readiness.get("custom"):
        transfer.set_readiness_list(
            db,
            wid,
            readiness["aspects"],
            readiness.get("updated_at") or utcnow(),
            updated_by=fac.get(readiness.get("updated_by")),
        )


def _import_questions(db, wid, data, ids):
    """Questions to a speaker with their supporters (older dumps have none)."""
    ids["questions"] = {}
    people = ids["participants"]
    for q in data.get("questions", []):
        row = {k: q.get(k) for k in QUESTION_KEYS if k != "id"}
        row.update(
            workshop_id=wid,
            session_id=ids["sessions"][q["session_id"]],
            participant_id=people.get(q["participant_id"]),
            anonymous=int(bool(q.get("anonymous"))),
            pinned=int(bool(q.get("pinned"))),
            answer=q.get("answer") or "",
        )
        new_id = transfer.insert_question(db, row)
        ids["questions"][q["id"]] = new_id
        voters = [people[v] for v in q.get("voters", []) if v in people]
        transfer.insert_question_votes(db, new_id, voters, q.get("updated_at") or utcnow())


def _import_polls(db, wid, data, fac, ids):
    ideas, people, opds = ids["ideas"], ids["participants"], ids["opds"]
    for p in data.get("polls", []):
        row = {
            k: p.get(k)
            for k in (
                *(f for f in polls.POLL_SETTINGS if f not in ("criteria", "anonymous")),
                *polls.POLL_LIFECYCLE,
                "created_at",
                "updated_at",
            )
        }
        row.update(
            workshop_id=wid,
            session_id=ids["sessions"][p["session_id"]],
            criteria=json.dumps(p.get("criteria") or [], ensure_ascii=False),
            anonymous=int(bool(p.get("anonymous"))),
            created_by=fac.get(p.get("created_by")),
        )
        pid = transfer.insert_poll(db, row)
        ids["polls"][p["id"]] = pid
        snapshot = map_results(p.get("snapshot"), pid, ideas, opds)
        if snapshot:
            transfer.set_poll_snapshot(db, pid, snapshot)
        transfer.set_poll_ideas(db, pid, [ideas[i] for i in p.get("idea_ids", [])])
        stamp = p.get("closed_at") or p.get("opened_at") or p.get("created_at")
        for b in p.get("ballots", []):
            body = json.dumps(map_body(p["method"], b["body"], ideas), sort_keys=True)
            if "voter_key" not in b:  # anonymous: a fresh key that names nobody
                row = {
                    "voter_key": "i:" + secrets.token_hex(16),
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            else:
                participant, opd_id = people.get(b.get("participant_id")), opds.get(b.get("opd_id"))
                if p["ballot_scope"] == "opd":
                    key = f"opd:{opd_id}"
                elif participant is not None:
                    key = f"p:{participant}"
                else:
                    key = "i:" + secrets.token_hex(16)
                row = {
                    "voter_key": key,
                    "participant_id": participant,
                    "opd_id": opd_id,
                    "changed_by": people.get(b.get("changed_by")),
                    "created_at": b["created_at"],
                    "updated_at": b["updated_at"],
                }
            transfer.insert_ballot(db, {**row, "poll_id": pid, "body": body})
        for d in p.get("decisions", []):
            transfer.insert_decision(
                db,
                {
                    "poll_id": pid,
                    "idea_id": ideas[d["idea_id"]],
                    "label": d.get("label") or "",
                    "reason": d["reason"],
                    "created_by": fac.get(d.get("created_by")),
                    "created_at": d["created_at"],
                },
            )


# Audit object types whose ids the import can translate.
AUDIT_OBJECTS = {
    "session": "sessions",
    "opd": "opds",
    "dimension": "dimensions",
    "element": "elements",
    "participant": "participants",
    "idea": "ideas",
    "poll": "polls",
    "note": "notes",
    "entry": "entries",
    "worksheet_entry": "entries",
    "strategy": "strategies",
    "question": "questions",
}


def _import_audit(db, wid, data, fac, ids):
    """The audit trail comes along: objects and actors translated where this server has them
    (a day keeps its number; devices and unknown kinds lose the id), details as they were."""
    for a in data.get("audit", []):
        kind, object_id = a.get("object_type"), a.get("object_id")
        if kind == "workshop":
            object_id = wid
        elif kind == "facilitator":
            object_id = fac.get(object_id)
        elif kind in AUDIT_OBJECTS:
            object_id = ids[AUDIT_OBJECTS[kind]].get(object_id)
        elif kind != "day":
            object_id = None
        actor = a.get("actor_id")
        if a["actor_kind"] == "facilitator":
            actor = fac.get(actor)
        elif a["actor_kind"] == "participant":
            actor = ids["participants"].get(actor)
        transfer.insert_audit_entry(
            db,
            {
                "at": a["at"],
                "workshop_id": wid,
                "actor_kind": a["actor_kind"],
                "actor_id": actor,
                "action": a["action"],
                "object_type": a.get("object_type"),
                "object_id": object_id,
                "details": json.dumps(a["details"], ensure_ascii=False)
                if a.get("details") is not None
                else None,
            },
        )
