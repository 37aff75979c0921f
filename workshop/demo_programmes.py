"""The demo's programmes (issue 15): the strategic issues promoted into programmes with codes,
supporting OPDs, years and indicators, one closed ranking poll per dimension chosen as its
priority, a closed quick-win scores poll, and the chosen quick wins with their reason."""

import random

from . import reference, results
from .store import agenda, ideas, participants, polls, programmes, roster


def seed_programmes(db, workshop, facilitator_id):
    """So that the Draf Masterplan has real programmes: the strategic issues promoted into the
    programmes session (codes, supporting OPDs, years, indicators of data/demo-programmes.json),
    one closed ranking poll per dimension chosen explicitly as its priority, a closed
    quick-win scores poll over the quick-win candidates, and the chosen quick wins with why.

    These sessions lie ahead of the demo's day 2 (their material is prepared in advance, as
    OPDs often send their programme proposals before the Bimtek); the sessions stay planned.
    """
    plan = reference.load_json("demo-programmes.json")
    rng = random.Random(15)
    sessions = agenda.list_sessions(db, workshop["id"])
    collected = next(s for s in sessions if s["kind"] == "ideas" and s["purpose"] == "programs")
    ranked = next(s for s in sessions if s["kind"] == "vote" and s["purpose"] == "programs")
    chosen = next(s for s in sessions if s["kind"] == "vote" and s["purpose"] == "quick_wins")
    issues = [
        i
        for i in ideas.list_ideas(db, workshop_id=workshop["id"])
        if i["title"] in plan["programmes"]
    ]
    opds = {o["code"]: o["id"] for o in roster.list_opds(db, workshop["id"])}
    first_year = int(workshop["year"]) + 1
    keep = ("title", "description", "problem", "dimension", "element", "opd_id")
    keep += ("responsible_opd_id", "horizon", "budget_idr", "funding_source")
    made = []
    with db.atomic():
        for issue in issues:
            extra = plan["programmes"][issue["title"]]
            fields = {k: issue[k] for k in keep}
            fields.update(
                supporting_opd_ids=[opds[c] for c in extra["supporting"] if c in opds],
                year_start=first_year + extra["years"][0],
                year_end=first_year + extra["years"][1],
                indicators=[
                    {"unit": "", "baseline": "", **indicator} for indicator in extra["indicators"]
                ],
            )
            row, _new = ideas.create_idea(
                db, collected, fields, facilitator_id=facilitator_id, promoted_from=issue["id"]
            )
            made.append(row)
    people = participants.list_participants(db, workshop["id"])
    for dim in roster.list_dimensions(db, workshop["id"]):
        ids = [r["id"] for r in made if r["dimension"] == dim["key"]]
        if not ids:
            continue
        title = f"Prioritas program: {dim['name_id']}"

        def ranking(ids=ids):
            order = sorted(ids, key=lambda i: rng.random() + ids.index(i) * 0.15)
            return {"ranking": order[: rng.randint(2, len(order))]}

        poll = _closed_poll(db, ranked, title, "ranking", ids, people, ranking, facilitator_id)
        programmes.set_priority(db, workshop["id"], dim["key"], poll["id"], facilitator_id)
    candidates = [r["id"] for r in made if r["horizon"] == "quick_win"]
    criteria = [
        {"key": c["key"], "label": c["label_id"], "weight": 1}
        for c in reference.quick_win_criteria()
    ]
    favourites = {r["id"] for r in made if r["title"] in plan["quick_wins"]}

    def scores():
        return {
            "scores": {
                str(i): {c["key"]: min(5, rng.randint(2, 4) + (i in favourites)) for c in criteria}
                for i in candidates
            }
        }

    _closed_poll(
        db,
        chosen,
        "Pemilihan quick win",
        "scores",
        candidates,
        people[:18],
        scores,
        facilitator_id,
        criteria=criteria,
    )
    for row in made:
        if row["title"] in plan["quick_wins"]:
            programmes.mark_quick_win(db, row, plan["quick_wins"][row["title"]], facilitator_id)


def _closed_poll(db, session, title, method, idea_ids, people, ballot, facilitator_id, **extra):
    """A poll over these proposals, voted by these people (ballot() makes each body), closed."""
    poll = polls.create_poll(
        db,
        session,
        {"title": title, "method": method, "anonymous": False, **extra},
        idea_ids,
        facilitator_id,
    )
    polls.set_status(db, poll["id"], "open", facilitator_id)
    for person in people:
        polls.put_ballot(
            db,
            poll["id"],
            f"p:{person['id']}",
            ballot(),
            person["opd_id"],
            participant_id=person["id"],
            changed_by=person["id"],
            audit_actor=person["id"],
        )
    poll = polls.get_poll(db, poll["id"])
    snapshot = results.compute(db, {**poll, "status": "closed"})
    polls.set_status(db, poll["id"], "closed", facilitator_id, snapshot=snapshot)
    return poll
