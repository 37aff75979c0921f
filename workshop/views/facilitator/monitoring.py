"""The Dewan Smart City dashboard (issue 17): progress per dimension and OPD, quick wins,
overdue actions and the trend, read-only, for facilitators and viewer accounts.

The page is rendered whole on the server (it prints as it looks, and works without
JavaScript); static/js/monitoring.js re-reads its `data-live` parts after its socket
connects and on every `progress_reported`. The projector's dashboard view is the same
partial (templates/monitoring/_dashboard.html) served by views/projector.py. The print
view of the Laporan Monitoring dan Evaluasi is here too.
"""

import datetime

from flask import render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from ...auth import login_required
from ...db import get_db
from ...export import model
from ...export.html import render_html
from ...export.monev import build_monev
from ...followup import named, summary
from ...templating import long_date
from ...trend_chart import svg
from ..access import workshop_for
from .blueprint import bp

# Labels of the monitoring downloads (format → what people call it).
MONEV_LABELS = {
    "monev-docx": "DOCX (Word)",
    "monev-pdf": "PDF",
    "monev-md": "Markdown",
    "monev": "XLSX (Excel)",
}


def dashboard_view(db, workshop_id, limit=None):
    """(named summary, trend SVG) of one workshop in the page's language."""
    data = model.gather(db, workshop_id)
    lang = "en" if str(get_locale()).startswith("en") else "id"
    view = named(summary(data, datetime.date.today()), data, lang, limit=limit)
    chart = svg(
        view["trend"],
        _("Average progress over time"),
        _("Average percent complete of all programmes and actions, per day of reporting."),
        date_label=long_date,
        empty_text=_("No progress reported yet."),
    )
    return view, chart


@bp.get("/workshops/<int:workshop_id>/dashboard")
@login_required
def monitoring_dashboard(workshop_id):
    """The dashboard: read-only, printable, live."""
    workshop = workshop_for(workshop_id, facilitator_only=True)
    view, chart = dashboard_view(get_db(), workshop_id)
    downloads = [
        (label, url_for("api.workshop_export", workshop_id=workshop_id, format=fmt))
        for fmt, label in MONEV_LABELS.items()
    ]
    return render_template(
        "facilitator/monitoring.html",
        workshop=workshop,
        view=view,
        chart=chart,
        downloads=downloads,
        report_url=url_for(".monev_report", workshop_id=workshop_id),
        today=datetime.date.today().isoformat(),
    )


@bp.get("/workshops/<int:workshop_id>/monev")
@login_required
def monev_report(workshop_id):
    """The Laporan Monitoring dan Evaluasi as a page to read and print (as the PDF)."""
    workshop_for(workshop_id, facilitator_only=True)
    document = build_monev(model.gather(get_db(), workshop_id), datetime.date.today())
    links = [
        (label, url_for("api.workshop_export", workshop_id=workshop_id, format=fmt))
        for fmt, label in MONEV_LABELS.items()
    ]
    return render_html(
        document,
        stylesheet=url_for("static", filename="css/masterplan.css"),
        toolbar={
            "back": url_for(".monitoring_dashboard", workshop_id=workshop_id),
            "back_label": _("Back to the dashboard"),
            "links": links,
            "icon": url_for("static", filename="favicon.svg"),
        },
    )
