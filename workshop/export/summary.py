"""A session's summary: what was collected, what was decided, the poll results, the notes."""

from flask_babel import gettext as _

from .annexes import note_prefix, poll_section
from .context import Index, clock, kind_label, lang, long_date, rupiah, status_label
from .document import Document
from .worksheets import session_material


def build_summary(data, session_id):
    """The summary Document of one session (build inside force_locale)."""
    ix = Index(data)
    session = ix.sessions[session_id]
    day = ix.days.get(session["day"], {})
    doc = Document(_("Session summary"), ix.workshop["title"], lang=lang())
    doc.heading(1, session["title"])
    doc.facts(
        [
            (_("Workshop"), ix.workshop["title"]),
            (_("Day"), _("Day %(n)d", n=session["day"]) + f" — {long_date(day.get('date'))}"),
            (_("Stage"), day.get("stage", "")),
            (_("Time"), f"{clock(session['starts_at'])}–{clock(session['ends_at'])}"),
            (_("Kind"), kind_label(session["kind"])),
            (
                _("Dimension"),
                ix.dimension_name(session["dimension"]) if session["dimension"] else "",
            ),
            (_("Status"), status_label(session["status"])),
        ]
    )
    if session["kind"] == "qa":
        asked(doc, ix, session)
    else:
        collected(doc, ix, session)
    decided(doc, ix, session)
    polls = [p for p in ix.polls if p["session_id"] == session_id]
    doc.heading(2, _("Poll results"))
    if polls:
        for poll in polls:
            poll_section(doc, ix, poll, level=3)
    else:
        doc.paragraph(_("No poll in this session."), style="small")
    doc.heading(2, _("Notes"))
    notes = [n for n in data["notes"] if n["session_id"] == session_id]
    if notes:
        for note in notes:
            prefix = note_prefix(ix, note)
            if prefix:
                doc.paragraph(prefix, style="lead")
            doc.markdown(note["body"])
    else:
        doc.paragraph(_("No notes were kept in this session."), style="small")
    return doc


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
