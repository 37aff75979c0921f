"""Exports: one workshop's rows → Draf Masterplan (md / docx / html / pdf), session summaries,
raw data (xlsx / csv zip / json / sqlite). Used by the API, the print view and the CLI.

model.gather() reads everything in one read transaction; every format is built from its dict.
"""

import re

from flask_babel import force_locale

from ..store.workshops import get_workshop
from . import model
from .csvzip import zip_bytes
from .html import render_html
from .jsondump import dump
from .markdown import render_markdown
from .masterplan import build_masterplan
from .monev import build_monev, today_of
from .sqlite import snapshot
from .summary import build_summary

# Every format of GET /workshops/{id}/export, with its media type and file suffix.
FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "pdf": ("application/pdf", "pdf"),
    "md": ("text/markdown; charset=utf-8", "md"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "json": ("application/json", "json"),
    "csv": ("application/zip", "zip"),
    "sqlite": ("application/vnd.sqlite3", "sqlite"),
    # The Laporan Monitoring dan Evaluasi (issue 17) and its workbook, one row per report.
    "monev": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "monev-docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "monev-pdf": ("application/pdf", "pdf"),
    "monev-md": ("text/markdown; charset=utf-8", "md"),
}
# Formats of GET /sessions/{id}/summary.
SUMMARY_FORMATS = ("md", "docx", "pdf")
# Formats that are documents (language-dependent); the others are raw data.
DOCUMENT_FORMATS = ("docx", "pdf", "md")
# The monitoring report's formats → the document format each renders as.
MONEV_DOCUMENTS = {"monev-docx": "docx", "monev-pdf": "pdf", "monev-md": "md"}


def slug(text):
    """'Kota Bogor' → 'kota-bogor' (ASCII, for file names)."""
    text = re.sub(r"[^a-z0-9]+", "-", (text or "").lower())
    return text.strip("-")[:60] or "workshop"


def masterplan_filename(workshop, suffix):
    """draf-masterplan-kota-bogor-2017.docx"""
    return f"draf-masterplan-{slug(workshop['city'])}-{workshop['year']}.{suffix}"


def data_filename(workshop, suffix):
    """data-kota-bogor-2017.xlsx (raw data)."""
    return f"data-{slug(workshop['city'])}-{workshop['year']}.{suffix}"


def monev_filename(workshop, suffix):
    """laporan-monev-kota-bogor-2017.docx (the report), data-monev-kota-bogor-2017.xlsx."""
    kind = "data-monev" if suffix == "xlsx" else "laporan-monev"
    return f"{kind}-{slug(workshop['city'])}-{workshop['year']}.{suffix}"


def summary_filename(workshop, session, suffix):
    """ringkasan-hari-2-sesi-3-kota-bogor-2017.md"""
    return (
        f"ringkasan-hari-{session['day']}-sesi-{session['position'] + 1}-"
        f"{slug(workshop['city'])}-{workshop['year']}.{suffix}"
    )


def export_workshop(db, workshop_id, fmt, lang="id"):
    """(bytes, media type, file name) of one workshop in one format; ValueError when unknown."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    media_type, suffix = FORMATS[fmt]
    if fmt == "sqlite":
        workshop = get_workshop(db, workshop_id)
        return snapshot(db, workshop_id), media_type, data_filename(workshop, suffix)
    data = model.gather(db, workshop_id)
    if fmt == "monev" or fmt in MONEV_DOCUMENTS:
        return _export_monev(data, fmt, lang) + (monev_filename(data["workshop"], suffix),)
    name = (masterplan_filename if fmt in DOCUMENT_FORMATS else data_filename)(
        data["workshop"], suffix
    )
    if fmt in DOCUMENT_FORMATS:
        if fmt == "pdf":
            from .pdf import prestart  # lazy: see render_document

            prestart(data)
        with force_locale(lang):
            document = build_masterplan(data)
            return render_document(document, fmt), media_type, name
    if fmt == "json":
        return dump(data), media_type, name
    if fmt == "xlsx":
        from .xlsx import workbook_bytes  # lazy: see render_document

        return workbook_bytes(data), media_type, name
    return zip_bytes(data), media_type, name


def _export_monev(data, fmt, lang):
    """(bytes, media type) of the monitoring report or its workbook."""
    media_type = FORMATS[fmt][0]
    if fmt == "monev":
        from .monev import workbook_bytes  # lazy: openpyxl (see render_document)

        return workbook_bytes(data, today_of(data)), media_type
    with force_locale(lang):
        document = build_monev(data, today_of(data))
        return render_document(document, MONEV_DOCUMENTS[fmt]), media_type


def export_summary(db, session_id, fmt, lang="id"):
    """(bytes, media type, file name) of one session's summary (md, docx or pdf)."""
    if fmt not in SUMMARY_FORMATS:
        raise ValueError(fmt)
    data = model.gather_for_session(db, session_id)
    session = next(s for s in data["sessions"] if s["id"] == session_id)
    with force_locale(lang):
        document = build_summary(data, session_id)
        body = render_document(document, fmt)
    return body, FORMATS[fmt][0], summary_filename(data["workshop"], session, fmt)


def render_document(document, fmt):
    """A built document (blocks) → bytes in md, docx, pdf or the print view's html.

    The docx, pdf and xlsx writers are imported on first use: python-docx, WeasyPrint and
    openpyxl take over a second to import, and the server should start without paying it.
    """
    if fmt == "md":
        return render_markdown(document).encode("utf-8")
    if fmt == "docx":
        from .docx import render_docx

        return render_docx(document)
    if fmt == "pdf":
        from .pdf import render_pdf

        return render_pdf(document)
    if fmt == "html":
        return render_html(document).encode("utf-8")
    raise ValueError(fmt)
