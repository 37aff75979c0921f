"""A built Document → PDF with WeasyPrint, from the print view's own HTML and stylesheet.

A4 (chapters with wide tables in landscape), page numbers, table headers repeated on every
page, bookmarks from the headings. Needs Pango (Debian: libpango-1.0-0 libpangoft2-1.0-0).

A big document (a 2,000-proposal Draf Masterplan: ~870 pages) is rendered in parts, in
parallel (issue 15: 73 s of CPU in one WeasyPrint run, nearly all of it laying out and
drawing table text): its chapters are cut into one run of similar size per core (at most
MAX_PARTS); this process renders the first while worker processes (`python -m
workshop.export.pdf`: fresh interpreters, nothing inherited from a server) render the
others, then the title page and contents are rendered with the page numbers the parts found for each
heading, and pypdf joins them (bookmarks kept). The running title and "page / pages" are
then printed on every page but the title page, since no part knows the others' pages, and
the contents get their links back (pdf_pages.py).
"""

import concurrent.futures
import gc
import io
import json
import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from .. import PROJECT_ROOT
from .child import child_environment
from .html import chapters, contents, render_html
from .pdf_pages import link_contents, stamp

STYLESHEET = PROJECT_ROOT / "static" / "css" / "masterplan.css"
# Estimated cost (characters of text; a table cell counts CELL_COST more: measured on the
# 2,000-proposal masterplan, a cell costs WeasyPrint ~1.5 ms and a character ~0.01 ms) from
# which a document is rendered in parts by worker processes: below it (~5 s of rendering),
# one run is faster than starting a worker (~1.5 s).
PARALLEL_FROM = 500_000
CELL_COST = 150
# At most this many parts (one per core: on a busy machine more parts only add the start-up
# of more interpreters, ~1.5 s of CPU each).
MAX_PARTS = 4
# Garbage collection while rendering (set by the export processes, which do nothing else):
# WeasyPrint makes millions of short-lived objects, and with Python's default thresholds
# the collector spent ~20 % of a big PDF's CPU walking the boxes still alive (issue 15:
# 21.6 → 18.2 s and 17.1 → 13.6 s for the two parts of the 2,000-proposal masterplan).
GC_THRESHOLD = (50_000, 20, 100)
# A workshop with this many ideas most likely renders in parts: its workers are started
# while the document is built (each spends ~1 s importing WeasyPrint before it can start).
PRESTART_FROM_IDEAS = 300


def _quiet():
    # WeasyPrint reports CSS it ignores (browser-only rules) and links to anchors in other
    # parts as warnings; they are expected.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)


def _html(source):
    # The document needs nothing from outside: no network, no files (only data: URLs).
    fetcher = URLFetcher(allowed_protocols=("data",))
    return HTML(string=source, url_fetcher=fetcher, base_url=str(STYLESHEET.parent))


def _stylesheet():
    return CSS(filename=str(STYLESHEET))


def render_pdf(doc):
    """The Document as PDF bytes."""
    _quiet()
    try:
        groups = chapters(doc)
        if not (doc.cover and doc.toc) or cost(groups) < PARALLEL_FROM or len(groups) < 2:
            return _html(render_html(doc)).write_pdf(stylesheets=[_stylesheet()])
        return render_in_parts(doc, groups)
    finally:
        release_workers()


def cost(groups):
    """A rough measure of the layout work: characters, plus CELL_COST per table cell."""
    total = 0
    for group in groups:
        for block in group["blocks"]:
            if block["type"] == "table":
                for row in block["rows"]:
                    total += sum(len(v) for v in row) + CELL_COST * len(row)
            else:
                total += len(str(block.get("text", ""))) + sum(
                    len(str(item)) for item in block.get("items", ())
                )
    return total


def sections(groups):
    """Chapters cut at their level-2 headings: the pieces the parts are made of (a piece that
    continues a chapter is marked so, and does not start a page unless it starts a part)."""
    pieces = []
    for group in groups:
        current = None
        for block in group["blocks"]:
            if current is None or (block["type"] == "heading" and block["level"] == 2):
                current = {**group, "blocks": [], "continued": current is not None}
                pieces.append(current)
            current["blocks"].append(block)
    return pieces


def split(groups, parts):
    """Consecutive runs of chapter sections of about equal cost (at most `parts` runs)."""
    groups = sections(groups)
    costs = [cost([g]) for g in groups]
    target = sum(costs) / parts
    runs, current, size = [], [], 0
    for group, weight in zip(groups, costs, strict=True):
        if current and size + weight / 2 > target * (len(runs) + 1) and len(runs) < parts - 1:
            runs.append(current)
            current = []
        current.append(group)
        size += weight
    runs.append(current)
    return runs


def render_part(source):
    """One part's HTML → (PDF bytes, number of pages, {anchor: page index})."""
    _quiet()
    document = _html(source).render(stylesheets=[_stylesheet()])
    anchors = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
    return document.write_pdf(), len(document.pages), anchors


# Worker processes started ahead of their part (prestart), waiting for its file names.
_waiting = []


def part_count():
    return max(2, min(MAX_PARTS, os.cpu_count() or 1))


def _start_worker():
    return subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "workshop.export.pdf"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_environment(),
    )


def prestart(data):
    """Start the workers of a big workshop's PDF now, so that they have imported WeasyPrint
    by the time the document is built and its parts are cut (render_in_parts takes them)."""
    if len(data.get("ideas") or ()) >= PRESTART_FROM_IDEAS:
        while len(_waiting) < part_count() - 1:
            _waiting.append(_start_worker())


def release_workers():
    """Let workers nobody used exit (the document was small enough for one run)."""
    while _waiting:
        process = _waiting.pop()
        process.communicate(b"")


def _run_part(folder, number, source):
    """Render one part in a worker process (`python -m workshop.export.pdf`, given the part's
    HTML and PDF file names on stdin)."""
    html, pdf = Path(folder) / f"part{number}.html", Path(folder) / f"part{number}.pdf"
    html.write_text(source, encoding="utf-8")
    try:
        process = _waiting.pop()
    except IndexError:
        process = _start_worker()
    out, err = process.communicate(f"{html}\n{pdf}\n".encode())
    if process.returncode != 0:
        raise RuntimeError(f"PDF part {number} failed: " + err.decode("utf-8", "replace")[-2000:])
    answer = json.loads(out.decode("utf-8").strip().splitlines()[-1])
    return pdf.read_bytes(), answer["pages"], answer["anchors"]


def render_in_parts(doc, groups):
    runs = split(groups, part_count())
    sources = [render_html(doc, groups=run, front=False, stamped=True) for run in runs]
    with (
        tempfile.TemporaryDirectory(prefix="rembuk-pdf-") as folder,
        concurrent.futures.ThreadPoolExecutor(max(1, len(sources) - 1)) as pool,
    ):
        others = [
            pool.submit(_run_part, folder, number, source)
            for number, source in enumerate(sources[1:], start=2)
        ]
        rendered = [render_part(sources[0])] + [future.result() for future in others]
    # The front (title page, contents): its page numbers depend on its own length; guess,
    # then render again in the rare case the guess was wrong.
    front_pages = 2
    for _attempt in range(3):
        offset, pages = front_pages, {}
        for _pdf, count, anchors in rendered:
            for name, index in anchors.items():
                pages.setdefault(name, offset + index + 1)
            offset += count
        toc = {h["anchor"]: pages.get(h["anchor"], "") for h in contents(doc)}
        front = _html(render_html(doc, groups=[], toc_pages=toc, stamped=True)).render(
            stylesheets=[_stylesheet()]
        )
        if len(front.pages) == front_pages:
            break
        front_pages = len(front.pages)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(front.write_pdf())), import_outline=True)
    for pdf, _count, _anchors in rendered:
        writer.append(PdfReader(io.BytesIO(pdf)), import_outline=True)
    link_contents(writer, front, pages)
    stamp(writer, doc.title, skip=1)
    writer.add_metadata({"/Title": doc.title})
    writer.root_object[NameObject("/Lang")] = TextStringObject(doc.lang)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def main():
    """Worker: read the names of a part's HTML file and of the PDF to write (one per line)
    from stdin, render, and print the part's pages and anchors as one JSON line. Nothing
    on stdin (a prestarted worker nobody needed): exit."""
    gc.set_threshold(*GC_THRESHOLD)
    names = sys.stdin.read().split("\n")
    if len(names) < 2 or not names[0]:
        return
    pdf, pages, anchors = render_part(Path(names[0]).read_text(encoding="utf-8"))
    Path(names[1]).write_bytes(pdf)
    sys.stdout.write(json.dumps({"pages": pages, "anchors": anchors}) + "\n")


if __name__ == "__main__":
    main()
