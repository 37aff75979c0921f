"""A poll's results: its ballots through tally.py, with merges carried while it is open.

Closed polls answer from the snapshot frozen at close, so a later merge, unmerge or
roster change never alters a closed result.
"""

from .store import polls
from .tally import ballot_entries, tally


def carry_ballot(method, body, mapping):
    """Move votes on merged originals to their survivors (a ballot never counts one twice)."""
    if not mapping:
        return body

    def to(idea):
        return mapping.get(int(idea), int(idea))

    if method in ("dots", "points"):
        merged = {}
        for idea, n in body.get("allocations", {}).items():
            merged[to(idea)] = merged.get(to(idea), 0) + n
        return {"allocations": {str(k): v for k, v in merged.items()}}
    if method == "ranking":
        seen, ranking = set(), []
        for idea in body.get("ranking", []):
            if to(idea) not in seen:
                seen.add(to(idea))
                ranking.append(to(idea))
        return {"ranking": ranking}
    if method == "approval":
        return {"approve": sorted({to(i) for i in body.get("approve", [])})}
    scores = {}
    # The survivor's own scores win over those carried from an original.
    for idea, values in sorted(
        body.get("scores", {}).items(), key=lambda kv: int(kv[0]) in mapping
    ):
        scores.setdefault(str(to(idea)), values)
    return {"scores": scores}


def poll_items(db, poll):
    """(ideas in the poll as tally wants them, {original: survivor}) after carrying merges."""
    rows = polls.poll_ideas(db, poll["id"])
    mapping = polls.survivors(db, [r["id"] for r in rows]) if poll["status"] != "closed" else {}
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
    ballots = polls.list_ballots(db, poll["id"])
    bodies = [carry_ballot(poll["method"], b["body"], mapping) for b in ballots]
    result = tally(poll["method"], {"criteria": poll["criteria"]}, items, bodies)
    dims = {i["id"]: i["dimension"] for i in items}
    for item in result["items"]:
        item["dimension"] = dims[item["idea_id"]]
    eligible, per_opd = polls.eligible(db, poll["workshop_id"], poll["ballot_scope"])
    voted_opds = {}
    for ballot, body in zip(ballots, bodies, strict=True):
        if any(ballot_entries(poll["method"], body).values()):
            voted_opds[ballot["opd_id"]] = voted_opds.get(ballot["opd_id"], 0) + 1
    by_opd = [
        {
            "opd_id": row["opd_id"],
            "opd_code": row["code"],
            "eligible": 1 if poll["ballot_scope"] == "opd" else row["n"],
            "voters": voted_opds.get(row["opd_id"], 0),
        }
        for row in per_opd
    ]
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
        "by_opd": by_opd,
        "items": result["items"],
        "merged": {str(k): v for k, v in mapping.items()},
    }


def results(db, poll):
    """What GET /polls/{id}/results answers: the frozen snapshot once closed."""
    if poll["status"] == "closed" and poll["snapshot"]:
        return {**poll["snapshot"], "status": "closed"}
    return compute(db, poll)
