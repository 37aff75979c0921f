"""A session's notulen: who led, spoke and took the minutes, attendance, what was collected
and decided, the poll results, the notes, the place-and-date line and signatures."""

from flask_babel import gettext as _

from .annexes import (
    attendance_table,
    ballot_tables,
    note_prefix,
    poll_section,
    present_by_date,
)
from .context import Index, kind_label, lang, long_date, rupiah, span, status_label
from .document import Document
from .worksheets import session_material

# A poll with more ballots than this prints them in the notulen's annex, not in its body.
LONG_POLL_BALLOTS = 20
# What a city's name starts with that a place-and-date line leaves out ("Kota Bogor" → Bogor).
CITY_PREFIXES = ("Kota Administrasi ", "Kabupaten ", "Kab. ", "Kota ")


def place(city):
    """The place of the place-and-date line: the city without "Kota"/"Kabupaten"."""
    city = (city or "").strip()
    for prefix in CITY_PREFIXES:
        if city.lower().startswith(prefix.lower()):
            return city[len(prefix) :].strip()
    return city


def build_summary(data, session_id):
    """The notulen of one session (build inside force_locale): who led, spoke and took the
    minutes, who attended that day, what was collected and decided (each decision and
    action once), the polls, the notes, a place-and-date line and the signature block;
    the ballots of a long poll in an annex."""
    ix = Index(data)
    session = ix.sessions[session_id]
    day = ix.days.get(session["day"], {})
    doc = Document(_("Session summary"), ix.workshop["title"], lang=lang())
    doc.heading(1, session["title"])
    doc.facts(
        [
            (_("Bimtek"), ix.workshop["title"]),
            (_("Day"), _("Day %(n)d", n=session["day"]) + f" — {long_date(day.get('date'))}"),
            (_("Stage"), day.get("stage", "")),
            (_("Time"), span(session)),
            (
                _("Place"),
                ", ".join(x for x in (ix.workshop.get("venue"), ix.workshop["city"]) if x),
            ),
            (_("Kind"), kind_label(session["kind"])),
            (
                _("Dimension"),
                ix.dimension_name(session["dimension"]) if session["dimension"] else "",
            ),
            (_("Status"), status_label(session["status"])),
            (_("Chair (pimpinan/moderator)"), session.get("chair") or "—"),
            (_("Speakers (narasumber)"), session.get("speakers") or "—"),
            (_("Minute taker (notulis)"), session.get("minute_taker") or "—"),
        ]
    )
    present(doc, ix, day)
    if session["kind"] == "qa":
        asked(doc, ix, session)
    else:
        collected(doc, ix, session)
    decided(doc, ix, session)
    polls = [p for p in ix.polls if p["session_id"] == session_id]
    long_polls = [p for p in polls if len(p["ballots"]) > LONG_POLL_BALLOTS]
    doc.heading(2, _("Poll results"))
    if polls:
        for poll in polls:
            short = poll not in long_polls
            poll_section(doc, ix, poll, level=3, ballots=short)
            if not short:
                doc.paragraph(
                    _(
                        "The %(n)d ballots of this poll are in the annex.",
                        n=len(poll["ballots"]),
                    ),
                    style="small",
                )
    else:
        doc.paragraph(_("No poll in this session."), style="small")
    doc.heading(2, _("Notes"))
    notes = [
        n
        for n in data["notes"]
        if n["session_id"] == session_id and n["kind"] not in ("decision", "action")
    ]
    if notes:
        for note in notes:
            doc.markdown(note["body"])
    else:
        doc.paragraph(_("No notes were kept in this session."), style="small")
    doc.signatures(
        f"{place(ix.workshop['city'])}, {long_date(day.get('date'))}",
        [
            (_("Chair"), session.get("chair") or ""),
            (_("Minute taker"), session.get("minute_taker") or ""),
        ],
    )
    if long_polls:
        doc.page_break()
        doc.heading(2, _("Annex: ballots"))
        for poll in long_polls:
            doc.heading(3, poll["title"])
            ballot_tables(doc, ix, poll)
    return doc


def present(doc, ix, day):
    """How many attended on the session's day, per OPD. No names: a notulen circulates, and
    with names beside a session's anonymous questions a small OPD's asker would show; the
    names are in the Draf Masterplan's attendance annex."""
    doc.heading(2, _("Attendance"))
    by_opd = present_by_date(ix).get(day.get("date"))
    if not by_opd:
        doc.paragraph(_("No attendance was recorded on this day."), style="small")
        return
    attendance_table(doc, ix, by_opd, names=False)
    doc.paragraph(_("The names are in the attendance list of the Draf Masterplan."), style="small")


def collected(doc, ix, session):
    doc.heading(2, _("What was collected"))
    worksheet = session_material(doc, ix, session)
    own = [i for i in ix.data["ideas"] if i["session_id"] == session["id"]]
    if not own:
        if not worksheet:
            doc.paragraph(_("No proposals were collected in this session."), style="small")
        return
    counts = {}
    for idea in own:
        counts[idea["status"]] = counts.get(idea["status"], 0) + 1
    names = {
        "visible": _("shown"),
        "pending": _("waiting for approval"),
        "hidden": _("hidden"),
        "merged": _("merged"),
        "withdrawn": _("withdrawn"),
    }
    doc.paragraph(
        _("%(n)d proposals", n=len(own))
        + ": "
        + ", ".join(f"{counts[k]} {names[k]}" for k in names if k in counts)
        + "."
    )
    shown = [i for i in own if i["status"] == "visible"]
    if not shown:
        return
    merged = {}
    for idea in own:
        if idea["status"] == "merged" and idea["merged_into"]:
            merged.setdefault(idea["merged_into"], []).append(idea["title"])
    doc.table(
        [
            _("No."),
            _("Title"),
            _("Dimension"),
            _("OPD"),
            _("Budget (Rp)"),
            _("Group"),
            _("Merged from"),
        ],
        [
            [
                str(n),
                idea["title"],
                ix.dimension_name(idea["dimension"]),
                ix.proposer(idea),
                rupiah(idea["budget_idr"]),
                idea["group_name"] or "",
                "; ".join(merged.get(idea["id"], [])),
            ]
            for n, idea in enumerate(shown, start=1)
        ],
        numeric={0, 4},
        widths=[0.5, 4, 1.8, 1.2, 1.6, 1.2, 2.5],
    )


def asked(doc, ix, session):
    """Questions to the speaker and their answers, as the hall saw them (hidden ones left out,
    counted): pinned first, then by supports, then oldest. Anonymous ones name nobody."""
    doc.heading(2, _("Questions and answers"))
    own = [q for q in ix.data.get("questions", []) if q["session_id"] == session["id"]]
    shown = [q for q in own if q["status"] != "hidden"]
    if not own:
        doc.paragraph(_("No questions were asked in this session."), style="small")
        return
    answered = sum(1 for q in shown if q["status"] == "answered")
    doc.paragraph(
        _(
            "%(n)d questions asked, %(a)d answered, %(h)d hidden by the facilitator.",
            n=len(own),
            a=answered,
            h=len(own) - len(shown),
        )
    )
    if not shown:
        return
    people = {p["id"]: p for p in ix.data["participants"]}
    shown.sort(key=lambda q: (not q["pinned"], -q["votes"], q["id"]))

    def asker(q):
        person = people.get(q["participant_id"]) if not q["anonymous"] else None
        if not person:
            return _("Anonymous")
        code = ix.opd_code(person["opd_id"])
        return f"{person['name']} ({code})" if code else person["name"]

    doc.table(
        [_("No."), _("Question"), _("Supports"), _("Asked by"), _("Answer")],
        [
            [
                str(n),
                q["text"],
                str(q["votes"]),
                asker(q),
                q["answer"] or (_("Answered") if q["status"] == "answered" else ""),
            ]
            for n, q in enumerate(shown, start=1)
        ],
        numeric={0, 2},
        widths=[0.5, 5, 1, 2, 4],
    )


def decided(doc, ix, session):
    doc.heading(2, _("What was decided"))
    items = [
        f"{note_prefix(ix, n)}: {n['body']}"
        for n in ix.data["notes"]
        if n["session_id"] == session["id"] and n["kind"] in ("decision", "action")
    ]
    for poll in ix.polls:
        if poll["session_id"] != session["id"]:
            continue
        for d in poll["decisions"]:
            title = ix.ideas.get(d["idea_id"], {}).get("title", "")
            label = f"{d['label']}: " if d["label"] else ""
            items.append(f"{label}{title} — {d['reason']}")
    if items:
        doc.bullets(items)
    else:
        doc.paragraph(_("No decisions or action items were recorded."), style="small")
