"""The print view of the Draf Masterplan and of session summaries, and the download menu's
session-summary form (works without JavaScript).

The print view is the very HTML the PDF is made from (workshop/export/html.py).
"""

from flask import abort, redirect, request, url_for
from flask_babel import gettext as _

from ...auth import login_required
from ...db import get_db
from ...export import SUMMARY_FORMATS, model
from ...export.html import render_html
from ...export.masterplan import build_masterplan
from ...export.summary import build_summary
from ...store import NotFound, agenda
from ..access import workshop_for
from .blueprint import bp

# Labels of the download links (format → what people call it).
DOCUMENT_LABELS = {"docx": "DOCX (Word)", "pdf": "PDF", "md": "Markdown"}
DATA_LABELS = {"xlsx": "XLSX (Excel)", "csv": "CSV (ZIP)", "json": "JSON", "sqlite": "SQLite"}


def export_url(workshop_id, fmt):
    return url_for("api.workshop_export", workshop_id=workshop_id, format=fmt)


def toolbar(back, back_label, links):
    """The print view's strip above the document (never printed)."""
    return {
        "back": back,
        "back_label": back_label,
        "links": links,
        "icon": url_for("static", filename="favicon.svg"),
    }


@bp.get("/workshops/<int:workshop_id>/masterplan")
@login_required
def masterplan(workshop_id):
    """The Draf Masterplan as a page to read and print (the PDF looks the same)."""
    workshop_for(workshop_id, facilitator_only=True)
    document = build_masterplan(model.gather(get_db(), workshop_id))
    links = [(label, export_url(workshop_id, fmt)) for fmt, label in DOCUMENT_LABELS.items()]
    return render_html(
        document,
        stylesheet=url_for("static", filename="css/masterplan.css"),
        toolbar=toolbar(
            url_for(".workshop", workshop_id=workshop_id), _("Back to the workshop"), links
        ),
    )


@bp.get("/sessions/<int:session_id>/summary")
@login_required
def session_summary(session_id):
    """One session's summary as a page (downloads as Markdown, DOCX or PDF)."""
    try:
        session = agenda.get_session(get_db(), session_id)
    except NotFound:
        abort(404)
    workshop_for(session["workshop_id"], facilitator_only=True)
    data = model.gather_for_session(get_db(), session_id)
    links = [
        (DOCUMENT_LABELS[fmt], url_for("api.session_summary", session_id=session_id, format=fmt))
        for fmt in SUMMARY_FORMATS
    ]
    return render_html(
        build_summary(data, session_id),
        stylesheet=url_for("static", filename="css/masterplan.css"),
        toolbar=toolbar(
            url_for(".workshop", workshop_id=session["workshop_id"]),
            _("Back to the workshop"),
            links,
        ),
    )


@bp.get("/workshops/<int:workshop_id>/summary")
@login_required
def choose_summary(workshop_id):
    """The download menu's form: ?session=…&format=… → that summary (view or file)."""
    workshop_for(workshop_id, facilitator_only=True)
    try:
        session = agenda.get_session(get_db(), int(request.args.get("session", "")), workshop_id)
    except (ValueError, NotFound):
        abort(404)
    fmt = request.args.get("format", "view")
    if fmt in SUMMARY_FORMATS:
        return redirect(url_for("api.session_summary", session_id=session["id"], format=fmt))
    return redirect(url_for(".session_summary", session_id=session["id"]))


def export_menu(workshop_id):
    """What the workshop page's "Ekspor" panel links to (called from the template)."""
    return {
        "print": url_for("facilitator.masterplan", workshop_id=workshop_id),
        "documents": [
            (label, export_url(workshop_id, fmt)) for fmt, label in DOCUMENT_LABELS.items()
        ],
        "data": [(label, export_url(workshop_id, fmt)) for fmt, label in DATA_LABELS.items()],
        "summary": url_for("facilitator.choose_summary", workshop_id=workshop_id),
        "sessions": agenda.list_sessions(get_db(), workshop_id),
    }


@bp.app_context_processor
def inject_export_menu():
    """templates/facilitator/workshop.html calls export_menu(workshop.id) for its panel."""
    return {"export_menu": export_menu}
