"""`workshop demo`: a living Kota Bogor Bimtek for a newcomer to click through."""

import datetime
import json
import random

from . import reference, results
from .store import (
    accounts,
    agenda,
    ideas,
    participants,
    polls,
    programmes,
    roster,
    transfer,
    workshops,
)

DEMO_USERNAME = "demo"
DEMO_TITLE = "Bimtek Masterplan Smart City Kota Bogor"
# Realistic names of OPD staff; each joins with the OPD beside it.
DEMO_PEOPLE = [
    ("Rina Kartikasari", "Bappeda"),
    ("Ahmad Fauzi", "Bappeda"),
    ("Dewi Lestari", "Diskominfo"),
    ("Budi Santoso", "Diskominfo"),
    ("Yusuf Hidayat", "Diskominfo"),
    ("Siti Nurhaliza", "Disdik"),
    ("Agus Salim", "Disdik"),
    ("dr. Maya Puspita", "Dinkes"),
    ("Hendra Gunawan", "Dinkes"),
    ("Ir. Bambang Wijaya", "DPUPR"),
    ("Lina Marlina", "DPUPR"),
    ("Teguh Prasetyo", "Dishub"),
    ("Nur Aini", "Dishub"),
    ("Rudi Hartono", "DLH"),
    ("Sri Wahyuni", "DLH"),
    ("Andi Saputra", "DPMPTSP"),
    ("Fitri Handayani", "DPMPTSP"),
    ("Joko Susilo", "Disdukcapil"),
    ("Ratna Sari", "Dinsos"),
    ("Eko Purnomo", "Disnaker"),
    ("Wulan Septiani", "DiskopUMKM"),
    ("Dedi Kurniawan", "Disperindag"),
    ("Intan Permata", "Disparbud"),
    ("Fajar Ramadhan", "Dispora"),
    ("Herlina Susanti", "DKPP"),
    ("Sari Indah", "DP3A"),
    ("Imam Syafii", "BPBD"),
    ("Taufik Rahman", "SatpolPP"),
    ("Novi Anggraini", "Setda"),
    ("Arif Budiman", "Setda"),
    ("Mega Utami", "BPKAD"),
    ("Rizky Firmansyah", "Bapenda"),
    ("Yanti Rosita", "Inspektorat"),
    ("Dimas Prakoso", "PDAM"),
    ("Lestari Ningsih", "RSUD"),
    ("Gilang Permana", "Diarpus"),
]
# Sessions of day 2 already done in the demo (by purpose): SWOT, vision keywords and their vote.
MORNING_OF_DAY_2 = ("swot", "vision")
# Day 1 (yesterday) most came; today some are still arriving.
PRESENT_YESTERDAY = 0.9
PRESENT_TODAY = 0.75


def seed_demo(db, password, today=None):
    """Create (once) the demo facilitator and workshop; resets the demo password each time."""
    account = accounts.find_facilitator_by_username(db, DEMO_USERNAME)
    if account is None:
        account = accounts.create_facilitator(db, DEMO_USERNAME, password)
    else:
        accounts.set_password(db, account["id"], password)
    existing = transfer.find_workshop_titled(db, account["id"], DEMO_TITLE)
    if existing:
        return existing
    today = today or datetime.date.today()
    # Started yesterday: the demo is on its second day, with a history to look at.
    yesterday = today - datetime.timedelta(days=1)
    workshop = workshops.create_workshop(
        db,
        account["id"],
        {
            "title": DEMO_TITLE,
            "city": "Kota Bogor",
            "venue": "Hotel Salak The Heritage, Bogor",
            "starts_on": yesterday.isoformat(),
            "days": 4,
        },
    )
    seed_participants(db, workshop, yesterday, today)
    seed_progress(db, workshop, account["id"])
    seed_proposals_and_vote(db, workshop, account["id"])
    seed_worksheets(db, workshop, account["id"], yesterday, today)
    seed_programmes(db, workshop, account["id"])
    return workshop


def seed_progress(db, workshop, facilitator_id):
    """Day 1 is done, and so is the morning of day 2 (the SWOT and vision keyword worksheets
    and the keyword vote); the strategy session of day 2 is open now."""
    for session in agenda.list_sessions(db, workshop["id"]):
        if session["day"] == 1 or session["purpose"] in MORNING_OF_DAY_2:
            status = "closed"
        elif session["day"] == 2 and session["purpose"] == "strategy":
            status = "open"
        else:
            continue
        agenda.update_session(db, session["id"], workshop["id"], {"status": status}, facilitator_id)


def seed_proposals_and_vote(db, workshop, facilitator_id):
    """Day 1's strategic-issue proposals from the OPDs, and their closed priority vote."""
    rng = random.Random(17)
    sessions = agenda.list_sessions(db, workshop["id"])
    collected = next(
        s
        for s in sessions
        if s["day"] == 1 and s["kind"] == "ideas" and "Isu strategis" in s["title"]
    )
    voted = next(s for s in sessions if s["day"] == 1 and s["kind"] == "vote")
    opds = {o["code"]: o["id"] for o in roster.list_opds(db, workshop["id"])}
    people = {}
    for person in participants.list_participants(db, workshop["id"]):
        people.setdefault(person["opd_code"], person)
    idea_ids = []
    for n, row in enumerate(reference.demo_proposals()):
        author = people.get(row["proposing_opd"])
        fields = {
            "title": row["title"],
            "description": row["description"],
            "problem": row["problem"],
            "dimension": row["dimension"],
            "element": row["element"],
            "opd_id": opds.get(row["proposing_opd"]),
            "responsible_opd_id": opds.get(row["responsible_opd"]),
            "horizon": row["horizon"] or None,
            "budget_idr": int(row["budget_idr"]) if row["budget_idr"] else None,
            "funding_source": row["funding_source"],
        }
        idea, _new = ideas.create_idea(
            db,
            collected,
            fields,
            client_id=f"demo-{n}",
            participant_id=author["id"] if author else None,
            facilitator_id=None if author else facilitator_id,
        )
        idea_ids.append(idea["id"])
    poll = polls.create_poll(
        db,
        voted,
        {"title": "Prioritas isu strategis", "method": "dots", "budget": 5, "anonymous": False},
        idea_ids,
        facilitator_id,
    )
    polls.set_status(db, poll["id"], "open", facilitator_id)
    for person in participants.list_participants(db, workshop["id"]):
        picks = {}
        for _ in range(5):
            key = str(rng.choice(idea_ids[: len(idea_ids) // 2 + 4]))
            picks[key] = picks.get(key, 0) + 1
        polls.put_ballot(
            db,
            poll["id"],
            f"p:{person['id']}",
            {"allocations": picks},
            person["opd_id"],
            participant_id=person["id"],
            changed_by=person["id"],
            audit_actor=person["id"],
        )
    poll = polls.get_poll(db, poll["id"])
    snapshot = results.compute(db, {**poll, "status": "closed"})
    polls.set_status(db, poll["id"], "closed", facilitator_id, snapshot=snapshot)


def seed_worksheets(db, workshop, facilitator_id, yesterday, today):
    """The readiness ratings (day 1), SWOT entries with TOWS strategies and vision keywords
    (day 2 morning) of data/demo-worksheets.json, and the vision and missions adopted."""
    demo = reference.demo_worksheets()
    rng = random.Random(100)
    sessions = {
        s["purpose"]: s
        for s in agenda.list_sessions(db, workshop["id"])
        if s["day"] <= 2 and s["kind"] == "worksheet"
    }
    people = participants.list_participants(db, workshop["id"])
    with db.atomic():
        readiness = sessions["readiness"]
        for n, row in enumerate(demo["readiness"]):
            ratings = [r for r, count in row["ratings"].items() for _ in range(count)]
            rng.shuffle(ratings)
            notes = list(row["notes"])
            raters = rng.sample(people, len(people))
            for person, rating in zip(raters, ratings, strict=False):
                # The notes explain a middling rating: both what works and what does not.
                note = notes.pop(0) if notes and rating == "sedang" else ""
                stamp = f"{yesterday.isoformat()}T04:{(n * 6 + person['id']) % 55:02d}:00Z"
                transfer.insert_entry(
                    db,
                    _entry(readiness, person, stamp, rater=f"p:{person['id']}")
                    | {"aspect": row["aspect"], "item": row["item"], "rating": rating}
                    | {"text": note, "quoted": int(bool(note))},
                )
        swot = sessions["swot"]
        entry_ids = {}
        for n, row in enumerate(demo["swot"]):
            person = people[(n * 7) % len(people)]
            stamp = f"{today.isoformat()}T01:{35 + n:02d}:00Z"
            entry_ids[(row["dimension"], row["quadrant"], n)] = transfer.insert_entry(
                db,
                _entry(swot, person, stamp)
                | {"quadrant": row["quadrant"], "dimension": row["dimension"], "text": row["text"]},
            )
        for n, row in enumerate(demo["tows"]):
            drawn = [  # the first entry of each of its two quadrants in its dimension
                next(
                    entry_id
                    for (dim, quadrant, _n), entry_id in entry_ids.items()
                    if dim == row["dimension"] and quadrant == letter
                )
                for letter in row["type"]
            ]
            stamp = f"{today.isoformat()}T03:{10 + n:02d}:00Z"
            transfer.insert_strategy(
                db,
                {
                    "workshop_id": workshop["id"],
                    "session_id": swot["id"],
                    "type": row["type"],
                    "text": row["text"],
                    "dimension": row["dimension"],
                    "from_entries": json.dumps(drawn),
                    "created_by": facilitator_id,
                    "created_at": stamp,
                    "updated_at": stamp,
                },
            )
        vision = sessions["vision"]
        words = [w for row in demo["vision_keywords"] for w in [row["text"]] * row["count"]]
        for n, word in enumerate(words):
            person = people[n % len(people)]
            typed = word.capitalize() if n % 5 == 0 else word  # typed as people type
            stamp = f"{today.isoformat()}T03:{40 + n % 20:02d}:{n % 60:02d}Z"
            transfer.insert_entry(db, _entry(vision, person, stamp) | {"text": typed})
        transfer.insert_vision(
            db,
            workshop["id"],
            demo["vision"],
            demo["missions"],
            f"{today.isoformat()}T06:30:00Z",
            updated_by=facilitator_id,
        )


def _entry(session, person, stamp, rater=None):
    """A worksheet entry of one participant, visible, at this time."""
    return {
        "workshop_id": session["workshop_id"],
        "session_id": session["id"],
        "purpose": session["purpose"],
        "participant_id": person["id"],
        "opd_id": person["opd_id"],
        "rater": rater,
        "status": "visible",
        "created_at": stamp,
        "updated_at": stamp,
    }


def seed_participants(db, workshop, yesterday, today):
    """OPD staff who joined yesterday morning, with attendance for both days."""
    rng = random.Random(2017)
    opds = {o["code"]: o["id"] for o in roster.list_opds(db, workshop["id"])}
    with db.atomic():
        for i, (name, opd) in enumerate(DEMO_PEOPLE):
            person, _token = participants.join(db, workshop["id"], name, opds[opd], "demo")
            transfer.clear_attendance(db, person["id"])
            if rng.random() < PRESENT_YESTERDAY or i < 4:
                stamp = f"{yesterday.isoformat()}T01:{10 + i % 40:02d}:00Z"
                participants.record_attendance(db, person["id"], yesterday.isoformat(), stamp)
            if rng.random() < PRESENT_TODAY or i < 4:
                stamp = f"{today.isoformat()}T01:{5 + i % 50:02d}:00Z"
                participants.record_attendance(db, person["id"], today.isoformat(), stamp)


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
