"""Chapters 9 (institutions and governance) and 10 (monitoring and evaluation) of the Draf
Masterplan. Progress reports (`data["progress_reports"]`, issue 17) are read with `.get`."""

from flask_babel import gettext as _

from .context import long_date, moment, number
from .plan import placeholder
from .priority import dimension_keys, programmes
from .programme import code

STATUS = ("belum", "berjalan", "selesai", "terhambat")


def status_label(key):
    labels = {
        "belum": _("not started"),
        "berjalan": _("in progress"),
        "selesai": _("done"),
        "terhambat": _("held up"),
    }
    return labels.get(key, key or "")


# -- 9 -----------------------------------------------------------------------------------


def institutions(doc, ix):
    doc.heading(1, "9. " + _("Institutions and Governance"))
    sessions = ix.sessions_of("institutions")
    ids = {s["id"] for s in sessions}
    ideas = ix.ideas_of("institutions")
    notes = [n for n in ix.data["notes"] if n["session_id"] in ids and n["body"].strip()]
    if not ideas and not notes:
        placeholder(
            doc,
            _(
                "the Smart City Council (Dewan Smart City), the implementation team (Tim "
                "Pelaksana) and the forum: members, tasks, how often they meet, and how they "
                "report (from an institutions session)"
            ),
        )
        return
    if ideas:
        doc.heading(2, "9.1 " + _("Proposals"))
        doc.table(
            [_("No."), _("Proposal"), _("Description"), _("OPD")],
            [
                [str(n), i["title"], i["description"], ix.proposer(i)]
                for n, i in enumerate(ideas, start=1)
            ],
            numeric={0},
            widths=[0.5, 4, 6, 1.4],
        )
    for kind, title in (
        ("decision", _("Decisions")),
        ("note", _("Notes")),
    ):
        mine = [n for n in notes if n["kind"] == kind]
        if mine:
            doc.heading(2, title)
            for note in mine:
                doc.markdown(note["body"])


# -- 10 ----------------------------------------------------------------------------------


def monitoring(doc, ix):
    doc.heading(1, "10. " + _("Monitoring and Evaluation"))
    doc.heading(2, "10.1 " + _("Indicators per programme"))
    order = {k: n for n, k in enumerate(dimension_keys(ix))}
    ideas = sorted(programmes(ix), key=lambda i: (order.get(i["dimension"], 99), code(i), i["id"]))
    rows = []
    for idea in ideas:
        for n, ind in enumerate(idea.get("indicators") or []):
            first = n == 0  # the programme once, its further indicators below it
            rows.append(
                [
                    code(idea) if first else "",
                    idea["title"] if first else "",
                    ix.opd_code(idea["responsible_opd_id"]) if first else "",
                    ind.get("name") or "",
                    ind.get("unit") or "",
                    str(ind.get("baseline") or ""),
                    str(ind.get("target") or ""),
                ]
            )
    if rows:
        doc.table(
            [
                _("Code"),
                _("Program"),
                _("Responsible OPD"),
                _("Indicator"),
                _("Unit"),
                _("Baseline"),
                _("Target"),
            ],
            rows,
            widths=[1.2, 3.6, 1.5, 3.2, 1.2, 1.3, 1.3],
        )
        missing = [i for i in ideas if not i.get("indicators")]
        if missing:
            doc.paragraph(
                _(
                    "Still without an indicator: %(list)s.",
                    list=", ".join(code(i) or i["title"] for i in missing),
                ),
                style="small",
            )
    else:
        placeholder(
            doc,
            _(
                "per programme the indicator, its unit, the baseline and the target (from the "
                "programme fields of a programmes session)"
            ),
        )
    doc.heading(2, "10.2 " + _("Reporting rhythm"))
    placeholder(
        doc,
        _(
            "who reports to whom and how often — for example: each responsible OPD reports "
            "its programmes' progress every quarter to the implementation team, which reports "
            "every half-year to the Smart City Council; the evaluation at the end of each year "
            "feeds the next year's plan (RKPD)"
        ),
    )
    stages = ix.workshop.get("stages") or []
    if stages:
        doc.paragraph(
            _("Stages of the programme: %(list)s.", list=stage_list(stages)), style="small"
        )
    doc.heading(2, "10.3 " + _("Latest progress reports"))
    progress(doc, ix)


def stage_list(stages):
    return "; ".join(
        f"{s.get('name') or ''} ({long_date(s.get('starts_on'))}, "
        + _("%(n)d days", n=int(s.get("days") or 0))
        + ")"
        for s in stages
    )


def latest_reports(ix):
    """{(target, target_id): latest report} (reports arrive oldest first)."""
    latest = {}
    for report in ix.data.get("progress_reports") or []:
        latest[(report["target"], report["target_id"])] = report
    return latest


def progress(doc, ix):
    latest = latest_reports(ix)
    if not latest:
        doc.paragraph(
            _(
                "No progress has been reported yet. After the workshop, the responsible OPD "
                "report each programme's and action's progress in Rembuk; the next export "
                "lists the latest report here."
            )
        )
        return
    notes = {n["id"]: n for n in ix.data["notes"]}
    rows = []
    for (target, target_id), report in latest.items():
        if target == "idea":
            idea = ix.ideas.get(target_id, {})
            what = f"{code(idea)} {idea.get('title', '')}".strip()
        else:
            what = (notes.get(target_id) or {}).get("body", "")
        rows.append(
            [
                what,
                ix.opd_code(report.get("opd_id")),
                f"{number(report.get('percent') or 0)}%",
                status_label(report.get("status")),
                report.get("note") or "",
                moment(report.get("reported_at")),
                report.get("reporter") or "",
            ]
        )
    doc.table(
        [
            _("Programme or action"),
            _("OPD"),
            _("Progress"),
            _("Status"),
            _("Note"),
            _("Reported"),
            _("By"),
        ],
        rows,
        numeric={2},
        widths=[3.5, 1.2, 1, 1.3, 3.5, 1.8, 1.5],
    )
