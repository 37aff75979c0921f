"""The demo's follow-up (issue 17): later stages weeks apart, programmes and action items with
progress reported by their OPDs (some overdue), and a read-only Dewan Smart City account.

The demo workshop is on the second day of Tahap I; Tahap II and III come six and twelve weeks
later, and participants may edit their OPD's items until the eve of Tahap II. The programmes
stand for the OPDs' quick-win candidates brought to the Bimtek (entered by the facilitator in
the programme session), the action items for what Tahap I asked of the OPDs.
"""

import datetime

from .store import (
    accounts,
    agenda,
    ideas,
    notes,
    participants,
    programmes,
    progress,
    roster,
    workshops,
)

DEMO_VIEWER = "dewan"
# (title, dimension, responsible OPD, horizon, [(days ago, percent, status, note)]).
PROGRAMMES = [
    (
        "Satu Data Kota Bogor",
        "governance",
        "Diskominfo",
        "quick_win",
        [(1, 20, "berjalan", "SK Forum Satu Data disusun"), (0, 35, "berjalan", "Walidata OPD")],
    ),
    (
        "Layanan perizinan terpadu daring",
        "governance",
        "DPMPTSP",
        "short",
        [(1, 60, "berjalan", "Integrasi OSS uji coba")],
    ),
    (
        "Bogor Smart Parking",
        "economy",
        "Dishub",
        "medium",
        [(0, 10, "terhambat", "Menunggu anggaran perubahan")],
    ),
    ("Pasar rakyat non-tunai", "economy", "DiskopUMKM", "quick_win", []),
    (
        "Peta rawan banjir terbuka",
        "environment",
        "BPBD",
        "short",
        [(1, 100, "selesai", "Dipublikasikan di portal")],
    ),
    ("Sekolah ramah digital", "society", "Disdik", "medium", []),
]
# (session purpose, body, OPD, due in days from today, [(days ago, percent, status, note)]).
ACTIONS = [
    (
        "readiness",
        "Kirim profil kesiapan OPD (struktur, infrastruktur, suprastruktur)",
        "Bappeda",
        -3,
        [(1, 50, "berjalan", "Separuh OPD sudah mengirim")],
    ),
    ("issues", "Lengkapi daftar aplikasi OPD", "Diskominfo", -2, []),
    (
        "issues",
        "Susun draf SK Dewan Smart City",
        "Setda",
        14,
        [(0, 30, "berjalan", "Draf di Bagian Hukum")],
    ),
    (
        "swot",
        "Kumpulkan data dukung analisis SWOT per dimensi",
        "Bappeda",
        30,
        [(0, 100, "selesai", "")],
    ),
]


# Progress of the chosen quick wins, in the order they were marked.
QUICK_WIN_REPORTS = [
    [
        (1, 15, "berjalan", "Tim pelaksana dibentuk"),
        (0, 40, "berjalan", "Uji coba di dua kelurahan"),
    ],
    [(1, 25, "berjalan", "Kajian kebutuhan selesai")],
    [(0, 5, "terhambat", "Menunggu kepastian anggaran perubahan")],
]


def seed_monev(db, workshop, facilitator_id, password, today):
    """Stages, the window between them, programmes and actions with reports, the viewer."""
    tahap2 = today + datetime.timedelta(weeks=6)
    tahap3 = today + datetime.timedelta(weeks=12)
    first_day = datetime.date.fromisoformat(workshop["starts_on"])
    stages = [
        {"name": "Tahap I", "starts_on": first_day.isoformat(), "days": 2},
        {"name": "Tahap II", "starts_on": tahap2.isoformat(), "days": 1},
        {"name": "Tahap III", "starts_on": tahap3.isoformat(), "days": 1},
    ]
    workshops.set_stages(db, workshop["id"], stages, facilitator_id)
    workshops.update_workshop(
        db,
        workshop["id"],
        {"open_between_until": (tahap2 - datetime.timedelta(days=1)).isoformat()},
        facilitator_id,
    )
    opds = {o["code"]: o["id"] for o in roster.list_opds(db, workshop["id"])}
    people = {}
    for person in participants.list_participants(db, workshop["id"]):
        people.setdefault(person["opd_id"], person)
    sessions = agenda.list_sessions(db, workshop["id"])
    programs = next(s for s in sessions if s["purpose"] == "programs" and s["kind"] == "ideas")
    # A programme the Bimtek already holds (demo_programmes.py promotes the issues) reports on
    # itself; only the others are entered here.
    held = {
        i["title"].casefold(): i
        for i in ideas.list_ideas(db, workshop_id=workshop["id"])
        if i["session_id"] == programs["id"]
    }
    for title, dimension, opd, horizon, reports in PROGRAMMES:
        if title.casefold() in held:
            idea = held[title.casefold()]
            owner = idea["responsible_opd_id"] or idea["opd_id"]
            _reports(db, workshop, "idea", idea["id"], owner, people, reports, today)
            continue
        idea, _new = ideas.create_idea(
            db,
            programs,
            {
                "title": title,
                "dimension": dimension,
                "opd_id": opds[opd],
                "responsible_opd_id": opds[opd],
                "horizon": horizon,
            },
            facilitator_id=facilitator_id,
        )
        _reports(db, workshop, "idea", idea["id"], opds[opd], people, reports, today)
    # The chosen quick wins (demo_programmes.py marks them) report first: the Dewan asks about
    # them before anything else.
    for n, chosen in enumerate(programmes.list_quick_wins(db, workshop["id"])):
        idea = ideas.get_idea(db, chosen["idea_id"])
        opd_id = idea["responsible_opd_id"] or idea["opd_id"]
        _reports(db, workshop, "idea", idea["id"], opd_id, people, QUICK_WIN_REPORTS[n % 3], today)
    for purpose, body, opd, due, reports in ACTIONS:
        session = next(s for s in sessions if s["purpose"] == purpose)
        note = notes.create_note(
            db,
            session,
            {
                "kind": "action",
                "body": body,
                "opd_id": opds[opd],
                "due_on": (today + datetime.timedelta(days=due)).isoformat(),
            },
            facilitator_id,
        )
        _reports(db, workshop, "note", note["id"], opds[opd], people, reports, today)
    seed_viewer(db, workshop, facilitator_id, password)


def _reports(db, workshop, target, target_id, opd_id, people, reports, today):
    """Reports by a member of the OPD (the facilitator when none joined), spread over days."""
    person = people.get(opd_id)
    for days_ago, percent, status, note in reports:
        stamp = datetime.datetime.combine(
            today - datetime.timedelta(days=days_ago), datetime.time(9 + percent // 20, 15)
        )
        progress.insert_imported(
            db,
            workshop["id"],
            {
                "target": target,
                "percent": percent,
                "status": status,
                "note": note,
                "evidence_url": "https://kotabogor.go.id/" if status == "selesai" else None,
                "reported_at": stamp.isoformat() + "Z",
            },
            target_id,
            opd_id,
            person["id"] if person else None,
            None if person else workshop["created_by"],
        )


def seed_viewer(db, workshop, facilitator_id, password):
    """A read-only `dewan` account (Dewan Smart City) on the demo workshop, same password."""
    account = accounts.find_facilitator_by_username(db, DEMO_VIEWER)
    if account is None:
        account = accounts.create_facilitator(db, DEMO_VIEWER, password, role="viewer")
    elif account["role"] == "viewer":
        accounts.set_password(db, account["id"], password)
    else:
        return  # someone made a real account with this name: leave it alone
    workshops.add_facilitator(db, workshop["id"], account["id"], facilitator_id)
