"""Exports: the Draf Masterplan, session summaries and raw data, as file downloads."""

from flask import Response, current_app, request
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wsgi import wrap_file

from ...db import get_db
from ...errors import ApiError
from ...export import FORMATS, SUMMARY_FORMATS, child, export_summary, export_workshop
from ..access import session_in_reach, workshop_for
from .blueprint import bp, doc


def download(body, media_type, filename):
    """A file response the browser saves under `filename` (never cached: data changes)."""
    response = Response(body, mimetype=media_type.split(";")[0])
    if "charset" in media_type:
        response.charset = "utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def rendered(kind, ident, fmt):
    """A document or workbook rendered by an export child (export/child.py says why),
    streamed from its file; the rest is made here (small, or a file already: sqlite)."""
    handle, size, media_type, filename = child.render(
        current_app, kind, ident, fmt, str(get_locale())
    )
    response = download(wrap_file(request.environ, handle), media_type, filename)
    response.direct_passthrough = True
    response.content_length = size
    return response


def in_child(fmt):
    """Whether this format is rendered in a child process (EXPORT_IN_CHILD turns it off)."""
    return fmt in child.CHILD_FORMATS and current_app.config.get("EXPORT_IN_CHILD", True)


def wanted_format(allowed):
    """?format=…, or 400 whose message names the formats."""
    fmt = request.args.get("format", "")
    if fmt not in allowed:
        raise ApiError(
            400,
            _("Unknown format. Choose one of: %(formats)s.", formats=", ".join(allowed)),
            code="unknown_format",
        )
    return fmt


@bp.get("/workshops/<int:workshop_id>/export")
@doc(
    "Download the Draf Masterplan (docx, pdf, md) or the raw data (xlsx, json, csv zip, sqlite)",
    responses={200: "the file (Content-Disposition: attachment)", 400: "unknown format"},
    query={
        "format": "|".join(FORMATS),
        "lang": "id (default) or en: the language of documents",
    },
)
def workshop_export(workshop_id):
    """Facilitators only; read in one snapshot, so it works mid-session, stopping nothing."""
    workshop_for(workshop_id, facilitator_only=True)
    fmt = wanted_format(tuple(FORMATS))
    if in_child(fmt):
        return rendered("workshop", workshop_id, fmt)
    body, media_type, filename = export_workshop(get_db(), workshop_id, fmt, lang=str(get_locale()))
    return download(body, media_type, filename)


@bp.get("/sessions/<int:session_id>/summary")
@doc(
    "Download a session's summary: collected proposals, decisions, poll results, notes",
    responses={200: "the file (Content-Disposition: attachment)", 400: "unknown format"},
    query={"format": "|".join(SUMMARY_FORMATS), "lang": "id (default) or en"},
)
def session_summary(session_id):
    """Facilitators only (it names voters of named polls and shows every note)."""
    session_in_reach(session_id, facilitator_only=True)
    fmt = wanted_format(SUMMARY_FORMATS)
    if in_child(fmt):
        return rendered("summary", session_id, fmt)
    body, media_type, filename = export_summary(get_db(), session_id, fmt, lang=str(get_locale()))
    return download(body, media_type, filename)
