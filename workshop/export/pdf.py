"""A built Document → PDF with WeasyPrint, from the print view's own HTML and stylesheet.

A4 (chapters with wide tables in landscape), page numbers, table headers repeated on every
page, bookmarks from the headings. Needs Pango (Debian: libpango-1.0-0 libpangoft2-1.0-0).
"""

import logging

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from .. import PROJECT_ROOT
from .html import render_html

STYLESHEET = PROJECT_ROOT / "static" / "css" / "masterplan.css"


def render_pdf(doc):
    """The Document as PDF bytes."""
    # WeasyPrint reports CSS it ignores (browser-only rules) as warnings; they are expected.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    # The document needs nothing from outside: no network, no files (only data: URLs).
    fetcher = URLFetcher(allowed_protocols=("data",))
    html = HTML(string=render_html(doc), url_fetcher=fetcher, base_url=str(STYLESHEET.parent))
    return html.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])
