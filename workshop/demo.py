"""`workshop demo`: a living Kota Bogor Bimtek for a newcomer to click through."""

import datetime
import random

from .store import accounts, agenda, first, participants, roster, workshops

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
    existing = first(
        db,
        "SELECT w.* FROM workshops w JOIN workshop_facilitators wf ON wf.workshop_id = w.id"
        " WHERE wf.facilitator_id = ? AND w.title = ?",
        [account["id"], DEMO_TITLE],
    )
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
    return workshop


def seed_progress(db, workshop, facilitator_id):
    """Day 1 is done; the first proposals session of day 2 is open now."""
    opened = False
    for session in agenda.list_sessions(db, workshop["id"]):
        if session["day"] == 1:
            status = "closed"
        elif session["day"] == 2 and session["kind"] == "ideas" and not opened:
            status, opened = "open", True
        else:
            continue
        agenda.update_session(db, session["id"], workshop["id"], {"status": status}, facilitator_id)


def seed_participants(db, workshop, yesterday, today):
    """OPD staff who joined yesterday morning, with attendance for both days."""
    rng = random.Random(2017)
    opds = {o["code"]: o["id"] for o in roster.list_opds(db, workshop["id"])}
    with db.atomic():
        for i, (name, opd) in enumerate(DEMO_PEOPLE):
            person, _token = participants.join(db, workshop["id"], name, opds[opd], "demo")
            db.execute("DELETE FROM attendance WHERE participant_id = ?", [person["id"]])
            if rng.random() < PRESENT_YESTERDAY or i < 4:
                stamp = f"{yesterday.isoformat()}T01:{10 + i % 40:02d}:00Z"
                participants.record_attendance(db, person["id"], yesterday.isoformat(), stamp)
            if rng.random() < PRESENT_TODAY or i < 4:
                stamp = f"{today.isoformat()}T01:{5 + i % 50:02d}:00Z"
                participants.record_attendance(db, person["id"], today.isoformat(), stamp)
