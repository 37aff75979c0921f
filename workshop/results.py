"""A poll's results: its ballots through tally.py, with merges carried while it is open.

Closed polls answer from the snapshot frozen at close, so a later merge, unmerge or
roster change never alters a closed result.

Anonymous polls never show per-OPD turnout while open (consecutive pushes would tell each
ballot's OPD and content apart); after close it lists only the OPDs with at least
MIN_OPD_VOTERS voters, counted from the poll's voted set (ballots carry no OPD). OPDs with
fewer are left out (not folded into an "other OPDs" line, which with one such OPD would be
that OPD). `voters` and `eligible` stay.

Turnout is said against who is here: `present` counts the participants (or, for OPD ballots,
the OPDs) present today by the attendance list, so duplicates and people who joined on
another day do not make "1 dari 41" (issue 16 item 7). A voter always counts as present.
A closed poll keeps the count of the day it closed, in its snapshot.
"""

import datetime

from .polls.methods import get
from .store import polls
from .tally import ballot_entries, tally

# An anonymous poll's per-OPD turnout (after close) lists only OPDs with this many voters.
MIN_OPD_VOTERS = 3


def carry_ballot(method, body, mapping):
    """Move votes on merged originals to their survivors (a ballot never counts one twice)."""
    if not mapping:
        return body
    return get(method).carry(body, lambda idea: mapping.get(idea, idea), originals=mapping)


def poll_items(db, poll):
    """(ideas in the poll as tally wants them, {original: survivor}) after carrying merges."""
    rows = polls.poll_ideas(db, poll["id"])
    # A merged original names its survivor (what polls.survivors reads, from the same rows).
    mapping = (
        {r["id"]: r["merged_into"] for r in rows if r["status"] == "merged"}
        if poll["status"] != "closed"
        else {}
    )
    known = {r["id"]: r for r in rows}
    known.update(polls.ideas_by_id(db, set(mapping.values()) - set(known)))
    items, seen = [], set()
    for row in rows:
        idea = known[mapping.get(row["id"], row["id"])]
        if idea["id"] not in seen:
            seen.add(idea["id"])
            items.append({"id": idea["id"], "title": idea["title"], "dimension": idea["dimension"]})
    return items, mapping


def compute(db, poll):
    """Fresh results of a poll (ignores the snapshot)."""
    items, mapping = poll_items(db, poll)
    ballots = polls.ballot_bodies(db, poll["id"])
    bodies = [carry_ballot(poll["method"], body, mapping) for _opd, body in ballots]
    result = tally(poll["method"], {"criteria": poll["criteria"]}, items, bodies)
    dims = {i["id"]: i["dimension"] for i in items}
    for item in result["items"]:
        item["dimension"] = dims[item["idea_id"]]
    eligible, per_opd = polls.eligible(db, poll["workshop_id"], poll["ballot_scope"])
    # The hall's calendar day, as attendance records it (store/participants.py).
    today = datetime.date.today().isoformat()
    present = polls.present(db, poll["workshop_id"], poll["ballot_scope"], today)
    voted_opds = {}
    if poll["anonymous"]:
        voted_opds = polls.voters_by_opd(db, poll["id"]) if poll["status"] == "closed" else {}
    else:
        for (opd_id, _stored), body in zip(ballots, bodies, strict=True):
            if any(ballot_entries(poll["method"], body).values()):
                voted_opds[opd_id] = voted_opds.get(opd_id, 0) + 1
    by_opd = [
        {
            "opd_id": row["opd_id"],
            "opd_code": row["code"],
            "eligible": 1 if poll["ballot_scope"] == "opd" else row["n"],
            "voters": voted_opds.get(row["opd_id"], 0),
        }
        for row in per_opd
    ]
    if poll["anonymous"]:
        by_opd = [o for o in by_opd if poll["status"] == "closed" and o["voters"] >= MIN_OPD_VOTERS]
    return {
        "poll_id": poll["id"],
        "title": poll["title"],
        "status": poll["status"],
        "method": poll["method"],
        "ballot_scope": poll["ballot_scope"],
        "anonymous": poll["anonymous"],
        "parameters": {
            "budget": poll["budget"],
            "max_per_item": poll["max_per_item"],
            "criteria": poll["criteria"],
        },
        "voters": result["voters"],
        "eligible": eligible,
        "present": max(present, result["voters"]),
        "by_opd": by_opd,
        "items": result["items"],
        "merged": {str(k): v for k, v in mapping.items()},
    }


def results(db, poll):
    """What GET /polls/{id}/results answers: the frozen snapshot once closed."""
    if poll["status"] == "closed" and poll["snapshot"]:
        return {**poll["snapshot"], "status": "closed"}
    return compute(db, poll)
