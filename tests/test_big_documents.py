"""What keeps a 2,000-proposal Draf Masterplan under 30 s as PDF (issue 15): fewer table
cells (columns empty for every programme of a dimension left out and named; the roadmap's
years as a span past GRID_MAX_ROWS programmes) and part workers started while the document
is built. The timing itself is measured by benchmarks/exports.py, not here."""

import io

from docx import Document as read_docx

from tests.documents import PROGRAMME_COLUMNS, table_rows
from tests.test_exports import export, rich  # noqa: F401 (the fixture)
from tests.test_masterplan_chapters import PROGRAMMES, planned  # noqa: F401
from tests.test_masterplan_chapters import export as export_planned
from workshop.db import open_app_db
from workshop.export import export_workshop, pdf, roadmap
from workshop.export.document import Document


def test_columns_empty_for_every_row_are_left_out_and_named():
    doc = Document("t")
    left_out = doc.table_without_empty(
        ["Kode", "Program", "Elemen", "Anggaran", "Skor", "Catatan"],
        [["A-01", "Satu", "", "1.000", "3", ""], ["A-02", "Dua", " ", "", "2", ""]],
        keep={1, 4, 5},
        numeric={3, 4},
        widths=[1, 2, 3, 4, 5, 6],
    )
    assert left_out == ["Elemen"]  # whitespace only counts as empty; kept columns stay
    table = doc.blocks[-1]
    assert table["columns"] == ["Kode", "Program", "Anggaran", "Skor", "Catatan"]
    assert table["rows"][0] == ["A-01", "Satu", "1.000", "3", ""]
    assert table["numeric"] == {2, 3}  # numeric columns follow their column
    assert table["widths"] == [1, 2, 4, 5, 6]
    # A table without rows keeps its columns (a heading over nothing says nothing).
    assert Document("t").table_without_empty(["A", "B"], [], keep=()) == []


def _docx_in_process(app, workshop_id):
    """The DOCX built in this process (the API renders in a child, which would not see a
    monkeypatched constant)."""
    db = open_app_db(app)
    try:
        with app.app_context():
            return read_docx(io.BytesIO(export_workshop(db, workshop_id, "docx")[0]))
    finally:
        db.close()


def test_chapter_5_names_the_columns_no_programme_filled(client, planned):  # noqa: F811
    doc = read_docx(io.BytesIO(export_planned(client, planned, "docx")))
    text = "\n".join(p.text for p in doc.paragraphs)
    headers = [t[0] for t in map(table_rows, doc.tables) if t[0][:2] == ["Kode", "Program"]]
    headers = [h for h in headers if "Skor" in h]
    assert len(headers) == 3
    # Environment's E2 is the one chosen quick win: only its table keeps that column.
    assert sum("Quick win" in h for h in headers) == 1
    for header in headers:
        assert header == [c for c in PROGRAMME_COLUMNS if c in header]  # the outline's order
        # Never left out, even when empty.
        assert {"Program", "OPD penanggung jawab", "Skor", "Peringkat"} <= set(header)
        left_out = [c for c in PROGRAMME_COLUMNS if c not in header]
        if left_out:
            sentence = ", ".join(left_out) + "."
            assert "(kolomnya tidak dicetak): " + sentence in text


def test_a_long_roadmap_gives_each_programmes_years_as_a_span(app, planned, monkeypatch):  # noqa: F811
    monkeypatch.setattr(roadmap, "GRID_MAX_ROWS", 3)
    doc = _docx_in_process(app, planned["workshop"]["id"])
    year = planned["workshop"]["year"]
    header = ["Kode", "Program", "Dimensi", "OPD penanggung jawab", "Peringkat", "Tahun"]
    table = next(t for t in map(table_rows, doc.tables) if t[0] == header)
    assert len(table) - 1 == len(PROGRAMMES)
    g3 = next(row for row in table if row[1] == "Arsip digital daerah")
    assert g3[-1] == f"{year + 1}–{year + 5}"  # long term: the whole period
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"Dengan {len(PROGRAMMES)} program, tabel memberi tahun" in text
    assert len(doc.inline_shapes) >= 1  # the chart still draws the year axis
    # At the default, this workshop's roadmap is a year grid.
    monkeypatch.undo()
    doc = _docx_in_process(app, planned["workshop"]["id"])
    grids = [t for t in map(table_rows, doc.tables) if t[0][:5] == header[:5]]
    assert [t[0][5:] for t in grids] == [[str(y) for y in range(year + 1, year + 6)]]


def _export_pdf(app, workshop_id):
    db = open_app_db(app)
    try:
        with app.app_context():
            return export_workshop(db, workshop_id, "pdf")[0]
    finally:
        db.close()


def test_part_workers_start_while_the_document_is_built(app, rich, monkeypatch):  # noqa: F811
    monkeypatch.setattr(pdf, "PARALLEL_FROM", 0)
    monkeypatch.setattr(pdf, "PRESTART_FROM_IDEAS", 0)
    events, started = [], []
    start, run = pdf._start_worker, pdf._run_part

    def start_worker():
        process = start()
        events.append("start")
        started.append(process)
        return process

    monkeypatch.setattr(pdf, "_start_worker", start_worker)
    monkeypatch.setattr(pdf, "_run_part", lambda *a: events.append("part") or run(*a))
    body = _export_pdf(app, rich["workshop"]["id"])
    assert body.startswith(b"%PDF")
    workers = pdf.part_count() - 1
    # Every worker was started ahead (before the first part was handed out), none on demand.
    assert events == ["start"] * workers + ["part"] * workers
    assert not pdf._waiting
    assert all(p.returncode == 0 for p in started)


def test_workers_nobody_needed_exit(app, rich, monkeypatch):  # noqa: F811
    monkeypatch.setattr(pdf, "PRESTART_FROM_IDEAS", 0)  # started for a document …
    started = []
    start = pdf._start_worker
    monkeypatch.setattr(pdf, "_start_worker", lambda: started.append(start()) or started[-1])
    body = _export_pdf(app, rich["workshop"]["id"])  # … small enough for one run
    assert body.startswith(b"%PDF")
    assert started and not pdf._waiting
    assert all(p.returncode == 0 for p in started)  # told there is nothing to do, and gone


def test_the_contents_of_a_pdf_in_parts_link_to_their_pages(app, rich, monkeypatch):  # noqa: F811
    """Rendered alone, the front cannot link to headings in other parts; the joined PDF gets
    the links back, each to the page its heading starts on."""
    from pypdf import PdfReader

    monkeypatch.setattr(pdf, "PARALLEL_FROM", 0)
    reader = PdfReader(io.BytesIO(_export_pdf(app, rich["workshop"]["id"])))
    page_of = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    texts = [page.extract_text() for page in reader.pages]
    links = []
    for page in reader.pages[1:3]:  # the contents (after the title page)
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                links.append(page_of[annot["/Dest"][0].idnum])
    assert len(links) >= 13  # every chapter and section listed
    # The link of chapter 5 points at the page that starts it.
    line = next(ln for ln in "\n".join(texts[1:3]).splitlines() if ln.startswith("5. "))
    starts = next(n for n, t in enumerate(texts) if n > 2 and line[:16] in t)
    assert starts in links
    assert links == sorted(links)  # in reading order
