"""The "Laporan Monitoring dan Evaluasi" (issue 17) and its workbook of progress reports.

The report is a Document (docx / pdf / md through the usual renderers): a summary, progress
per dimension and per OPD, the quick wins, what is overdue, then per dimension and OPD every
programme and action with its latest report and the history of its reports. Each report is
written once, in its item's history table (the item rows carry only the latest percent,
status and date), so a count of reports in the document is the count in the store.

The workbook (`format=monev`) has one row per report, then one row per followed-up item.
Both read model.gather()'s dict through workshop/followup.py, like the dashboard.
"""

import datetime
import io

from flask_babel import gettext as _

from .. import followup
from .context import Index, lang, long_date, moment
from .document import Document


def status_label(status):
    """A progress status in the document's language."""
    labels = {
        "belum": _("Not started"),
        "berjalan": _("In progress"),
        "selesai": _("Done"),
        "terhambat": _("Blocked"),
    }
    return labels.get(status, status or "")


def due_label(item):
    """An action's date, a programme's last year, or nothing."""
    if item["due_on"]:
        return long_date(item["due_on"])
    if item["due_year"]:
        return str(item["due_year"])
    return ""


def item_label(item):
    """'SG-01 Title' for programmes, the action's text for actions."""
    title = item["title"] or ""
    if item["target"] == "note":
        title = " ".join(title.split())
        title = title if len(title) <= 160 else title[:159] + "…"
    return f"{item['code']} {title}".strip()


def kind_label(item):
    return _("Programme") if item["target"] == "idea" else _("Action")


def _opd(ix, opd_id):
    return ix.opd_code(opd_id) or _("No OPD")


def _dimension(ix, key):
    return ix.dimension_name(key) if key else _("No dimension")


def build_monev(data, today=None):
    """The report Document (build inside flask_babel.force_locale)."""
    ix = Index(data)
    view = followup.summary(data, today)
    workshop = ix.workshop
    doc = Document(_("Monitoring and Evaluation Report"), workshop["title"], lang=lang())
    doc.cover_fact(_("City"), workshop.get("city", ""))
    doc.cover_fact(_("Workshop dates"), long_date(workshop.get("starts_on")))
    doc.cover_fact(_("Reported up to"), moment(data.get("exported_at")))
    total = view["total"]
    doc.heading(1, _("Summary"))
    doc.facts(
        [
            (_("Programmes and actions followed up"), str(total["count"])),
            (_("Average progress"), f"{total['percent']}%"),
            (_("Done"), str(total["done"])),
            (_("Blocked"), str(total["blocked"])),
            (_("Overdue"), str(total["overdue"])),
            (_("Progress reports"), str(view["reports"])),
        ]
    )
    if not view["items"]:
        doc.placeholder(_("No programme or action item to follow up yet."))
        return doc
    tally_columns = [_("Items"), _("Average"), _("Done"), _("Blocked"), _("Overdue")]
    doc.heading(2, _("Progress per dimension"))
    doc.table(
        [_("Dimension"), *tally_columns],
        [[_dimension(ix, d["key"]), *_tally_cells(d)] for d in view["by_dimension"]],
        numeric={1, 2, 3, 4, 5},
        widths=[4, 1, 1, 1, 1, 1],
    )
    doc.heading(2, _("Progress per OPD"))
    doc.table(
        [_("OPD"), *tally_columns],
        [[_opd(ix, o["opd_id"]), *_tally_cells(o)] for o in view["by_opd"]],
        numeric={1, 2, 3, 4, 5},
        widths=[4, 1, 1, 1, 1, 1],
    )
    doc.heading(2, _("Quick wins"))
    if view["quick_wins"]:
        doc.table(
            [_("Programme"), _("OPD"), _("Progress"), _("Status")],
            [
                [
                    item_label(i),
                    _opd(ix, i["opd_id"]),
                    f"{i['percent']}%",
                    status_label(i["status"]),
                ]
                for i in view["quick_wins"]
            ],
            numeric={2},
            widths=[5, 2, 1, 2],
        )
    else:
        doc.paragraph(_("No programme was marked as a quick win."), style="small")
    doc.heading(2, _("Overdue"))
    if view["overdue"]:
        doc.table(
            [_("Item"), _("OPD"), _("Due"), _("Progress"), _("Status")],
            [
                [
                    item_label(i),
                    _opd(ix, i["opd_id"]),
                    due_label(i),
                    f"{i['percent']}%",
                    status_label(i["status"]),
                ]
                for i in view["overdue"]
            ],
            numeric={3},
            widths=[5, 2, 2, 1, 2],
        )
    else:
        doc.paragraph(_("Nothing is overdue."), style="small")
    _details(doc, ix, view)
    return doc


def _tally_cells(t):
    return [
        str(t["count"]),
        f"{t['percent']}%",
        str(t["done"]),
        str(t["blocked"]),
        str(t["overdue"]),
    ]


def _details(doc, ix, view):
    """Per dimension, per OPD: the items, then every report of them (each once)."""
    doc.page_break()
    doc.heading(1, _("Programmes and actions"))
    by_dimension = {}
    for item in view["items"]:
        by_dimension.setdefault(item["dimension"], []).append(item)
    for dim in view["by_dimension"]:
        group = by_dimension.get(dim["key"], [])
        doc.heading(2, _dimension(ix, dim["key"]), dimension=dim["key"] or None)
        by_opd = {}
        for item in group:
            by_opd.setdefault(item["opd_id"], []).append(item)
        for opd_id in sorted(by_opd, key=lambda o: _opd(ix, o)):
            mine = by_opd[opd_id]
            doc.heading(3, f"{_opd(ix, opd_id)} — {ix.opd_name(opd_id)}".rstrip(" —"))
            doc.table(
                [_("Item"), _("Kind"), _("Due"), _("Progress"), _("Status"), _("Last report")],
                [
                    [
                        item_label(i),
                        kind_label(i),
                        due_label(i),
                        f"{i['percent']}%",
                        status_label(i["status"]) + (" — " + _("overdue") if i["overdue"] else ""),
                        long_date(i["latest"]["reported_at"]) if i["latest"] else _("none yet"),
                    ]
                    for i in mine
                ],
                numeric={3},
                widths=[5, 1, 2, 1, 2, 2],
                wide=True,
            )
            history = [(i, r) for i in mine for r in i["history"]]
            if history:
                doc.table(
                    [
                        _("Date"),
                        _("Item"),
                        _("Progress"),
                        _("Status"),
                        _("By"),
                        _("Note"),
                        _("Evidence"),
                    ],
                    [
                        [
                            moment(r["reported_at"]),
                            item["code"] or item_label(item)[:60],
                            f"{r['percent']}%",
                            status_label(r["status"]),
                            r.get("reporter") or "",
                            r.get("note") or "",
                            r.get("evidence_url") or "",
                        ]
                        for item, r in history
                    ],
                    numeric={2},
                    widths=[2, 2, 1, 1, 2, 4, 2],
                    wide=True,
                    caption=_("History of the progress reports"),
                )
            else:
                doc.paragraph(_("No progress reported yet."), style="small")


# -- The workbook: one row per report ---------------------------------------------------------

REPORT_COLUMNS = (
    "report_id",
    "reported_at",
    "target",
    "target_id",
    "code",
    "title",
    "dimension",
    "opd_code",
    "opd_name",
    "percent",
    "status",
    "note",
    "evidence_url",
    "reporter",
    "latest",
)
ITEM_COLUMNS = (
    "target",
    "target_id",
    "code",
    "title",
    "dimension",
    "opd_code",
    "opd_name",
    "due_on",
    "due_year",
    "quick_win",
    "percent",
    "status",
    "overdue",
    "reports",
    "last_reported_at",
)


def report_rows(data, today=None):
    """One row per progress report (oldest first), with its item's names."""
    ix = Index(data)
    found = followup.items(data, today)
    known = {(i["target"], i["target_id"]): i for i in found}
    latest = {id(i["latest"]) for i in found if i["latest"]}
    rows = []
    for report in sorted(
        data.get("progress_reports") or [], key=lambda r: (r["reported_at"], r["id"])
    ):
        item = known.get((report["target"], report["target_id"]), {})
        rows.append(
            [
                report["id"],
                report["reported_at"],
                report["target"],
                report["target_id"],
                item.get("code", ""),
                item.get("title", ""),
                item.get("dimension", ""),
                ix.opd_code(report.get("opd_id")),
                ix.opd_name(report.get("opd_id")),
                report["percent"],
                report["status"],
                report.get("note") or "",
                report.get("evidence_url") or "",
                report.get("reporter") or "",
                id(report) in latest,
            ]
        )
    return rows


def item_rows(data, today=None):
    ix = Index(data)
    return [
        [
            i["target"],
            i["target_id"],
            i["code"],
            i["title"],
            i["dimension"],
            ix.opd_code(i["opd_id"]),
            ix.opd_name(i["opd_id"]),
            i["due_on"],
            i["due_year"],
            bool(i["quick_win"]),
            i["percent"],
            i["status"],
            i["overdue"],
            len(i["history"]),
            i["latest"]["reported_at"] if i["latest"] else None,
        ]
        for i in followup.items(data, today)
    ]


def workbook_bytes(data, today=None):
    """The XLSX: sheet "progress_reports" (one row per report), sheet "items"."""
    # Imported here: openpyxl takes a second to import (export/__init__.py says why).
    from openpyxl import Workbook

    from .xlsx import _sheet

    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "progress_reports", list(REPORT_COLUMNS), report_rows(data, today))
    _sheet(wb, "items", list(ITEM_COLUMNS), item_rows(data, today))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def today_of(data):
    """The day the export was taken (its `exported_at`), for overdue flags."""
    stamp = data.get("exported_at")
    return datetime.date.fromisoformat(stamp[:10]) if stamp else datetime.date.today()
