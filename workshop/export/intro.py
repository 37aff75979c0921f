"""The cover and chapter 1 (Pendahuluan) of the Draf Masterplan: background, purpose and the
legal basis as marked placeholders to complete, and the method — the workshop's stages,
dates, venue, OPD and how each dimension's priorities were chosen, in words."""

from flask_babel import gettext as _

from .closing import government_name
from .context import clock, kind_label, long_date, method_label, status_label
from .document import Document
from .plan import placeholder
from .priority import choices, dimension_keys, dimension_title, method_words, programmes, turnout
from .programme import period

# The usual references of a Smart City masterplan (to be checked and completed by the city).
LEGAL_BASIS = (
    "Undang-Undang Nomor 25 Tahun 2004 tentang Sistem Perencanaan Pembangunan Nasional",
    "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah (beserta perubahannya)",
    "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik",
    "Undang-Undang Nomor 11 Tahun 2008 tentang Informasi dan Transaksi Elektronik "
    "(beserta perubahannya)",
    "Peraturan Presiden Nomor 95 Tahun 2018 tentang Sistem Pemerintahan Berbasis Elektronik",
    "Peraturan Presiden Nomor 39 Tahun 2019 tentang Satu Data Indonesia",
    "Peraturan Menteri Dalam Negeri Nomor 86 Tahun 2017 tentang Tata Cara Perencanaan, "
    "Pengendalian dan Evaluasi Pembangunan Daerah",
    "Peraturan Daerah tentang RPJPD dan RPJMD …",
)


def books():
    return _(
        "Book 1 Strategic Analysis (chapters 1–4), Book 2 Masterplan (chapters 5 and 8–12), "
        "Book 3 Quick Wins (chapter 6) and Book 4 Roadmap (chapter 7), in one document"
    )


def cover(data, ix, lang):
    ws = ix.workshop
    start, end = period(ix)
    title = _(
        "Draft Smart City Masterplan %(city)s %(start)d–%(end)d",
        city=ws["city"],
        start=start,
        end=end,
    )
    doc = Document(title, government_name(ix), lang=lang)
    doc.toc = True
    doc.cover_fact(_("Document"), _("Draft — to be completed and checked by the city"))
    doc.cover_fact(_("Books"), books())
    doc.cover_fact(_("Planning period"), f"{start}–{end}")
    doc.cover_fact(_("Date"), long_date(data["exported_at"][:10]))
    doc.cover_fact(_("From the workshop"), ws["title"])
    doc.cover_fact(
        _("Workshop dates"), f"{long_date(ws['starts_on'])} – {long_date(ws['ends_on'])}"
    )
    if ws["venue"]:
        doc.cover_fact(_("Venue"), ws["venue"])
    return doc


def present_opds(data):
    present = {}
    for p in data["participants"]:
        if p["merged_into"] is None:
            present[p["opd_id"]] = present.get(p["opd_id"], 0) + 1
    return present


def introduction(doc, ix):
    ws = ix.workshop
    start, end = period(ix)
    doc.heading(1, "1. " + _("Introduction"))
    doc.heading(2, "1.1 " + _("Background"))
    placeholder(
        doc,
        _(
            "the background: the city's development vision (RPJPD, RPJMD), its challenges that "
            "smart city services answer, and why %(government)s draws up this masterplan "
            "(the Movement towards 100 Smart Cities, the Bimtek of %(dates)s)",
            government=government_name(ix),
            dates=long_date(ws["starts_on"]),
        ),
    )
    doc.heading(2, "1.2 " + _("Purpose and objectives"))
    placeholder(
        doc,
        _(
            "the purpose (a shared guide for the OPD for %(start)d–%(end)d) and the objectives "
            "(the programmes, quick wins, roadmap and financing that follow from the strategic "
            "analysis)",
            start=start,
            end=end,
        ),
    )
    doc.heading(2, "1.3 " + _("Legal basis"))
    placeholder(doc, _("check the list of regulations below and add the city's own"))
    doc.bullets(LEGAL_BASIS)
    doc.heading(2, "1.4 " + _("Method"))
    method(doc, ix)


def method(doc, ix):
    ws, data = ix.workshop, ix.data
    present = present_opds(data)
    shown = [i for i in data["ideas"] if i["status"] == "visible"]
    stages = [s.get("name") or "" for s in ws.get("stages") or []]
    for day in data["days"]:
        if not ws.get("stages") and day.get("stage") and day["stage"] not in stages:
            stages.append(day["stage"])
    dates = f"{long_date(ws['starts_on'])} – {long_date(ws['ends_on'])}"
    doc.paragraph(
        _(
            "This draft was written from the records of «%(title)s»: %(days)d days "
            "(%(dates)s) at %(venue)s, %(sessions)d sessions. %(people)d participants from "
            "%(opds)d OPD submitted %(ideas)d proposals on their own phones and set priorities "
            "in %(polls)d polls; facilitators kept the minutes.",
            title=ws["title"],
            days=ws["days"],
            dates=dates,
            venue=ws["venue"] or "…",
            sessions=len(data["sessions"]),
            people=sum(present.values()),
            opds=len(present),
            ideas=len(shown),
            polls=len(ix.polls),
        )
    )
    facts = [
        (_("Stages"), ", ".join(stages)),
        (
            _("Participating OPD"),
            ", ".join(sorted((ix.opd_code(o) for o in present if o), key=str.casefold)),
        ),
        (
            _("Facilitators"),
            ", ".join(f["username"] for f in data["facilitators"] if f["member"]),
        ),
    ]
    doc.facts(facts)
    doc.paragraph(_("How the priorities were set"), style="lead")
    lines, methods = [], {}
    for key in dimension_keys(ix):
        if not programmes(ix, key):
            continue
        poll, chosen = choices(ix).get(key, (None, "rule"))
        if poll is None:
            lines.append(
                _(
                    "%(dimension)s: no poll has ranked its programmes.",
                    dimension=dimension_title(ix, key),
                )
            )
            continue
        methods.setdefault(poll["method"], poll)
        lines.append(
            _(
                "%(dimension)s: poll «%(title)s» (%(how)s), %(method)s; %(turnout)s.",
                dimension=dimension_title(ix, key),
                title=poll["title"],
                how=_("chosen by the facilitator")
                if chosen == "explicit"
                else _("the closed poll covering most of its programmes"),
                method=method_label(poll["method"]),
                turnout=turnout(poll),
            )
        )
    if lines:
        doc.bullets(lines)
        doc.paragraph(
            " ".join(
                _("%(method)s: %(words)s.", method=method_label(m), words=method_words(p))
                for m, p in methods.items()
            )
        )
    else:
        doc.paragraph(_("No programme was ranked in the workshop."))
    agenda(doc, ix)


def agenda(doc, ix):
    data = ix.data
    doc.paragraph(_("Agenda"), style="lead")
    if not data["sessions"]:
        placeholder(doc, _("the workshop agenda"))
        return
    rows = []
    for s in data["sessions"]:
        day = ix.days.get(s["day"], {})
        rows.append(
            [
                _("Day %(n)d", n=s["day"]),
                long_date(day.get("date")),
                day.get("stage", ""),
                f"{clock(s['starts_at'])}–{clock(s['ends_at'])}",
                s["title"],
                kind_label(s["kind"]),
                status_label(s["status"]),
            ]
        )
    doc.table(
        [_("Day"), _("Date"), _("Stage"), _("Time"), _("Session"), _("Kind"), _("Status")],
        rows,
        widths=[1.2, 1.9, 1.3, 1.3, 4.6, 1.5, 1.5],
    )
