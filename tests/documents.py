"""Reading exported documents in tests: session and workshop lookups, DOCX tables and text,
PDF text, Markdown table rows — read by column header, since a column that is empty for
every programme of a dimension is left out of chapter 5 (issue 15)."""

import io
import re

from docx import Document as read_docx
from pypdf import PdfReader


def session_with(client, workshop, words, headers):
    """The workshop's session whose title holds `words` (lower case)."""
    r = client.get(f"/api/v1/workshops/{workshop['id']}/sessions", headers=headers)
    return next(s for s in r.get_json()["items"] if words in s["title"].lower())


# Chapter 5's programme table, every column (Indonesian), in the outline's order.
PROGRAMME_COLUMNS = [
    "Kode",
    "Program",
    "Uraian",
    "Elemen",
    "Permasalahan yang dijawab",
    "OPD penanggung jawab",
    "OPD pendukung",
    "Jangka waktu (tahun)",
    "Anggaran (Rp)",
    "Sumber dana",
    "Indikator (baseline → target)",
    "Skor",
    "Peringkat",
    "Quick win",
]


def table_rows(table):
    return [[c.text for c in row.cells] for row in table.rows]


def programme_tables(doc):
    """Chapter 5's programme tables of a DOCX (Indonesian or English headers)."""
    return [
        t
        for t in doc.tables
        if [c.text for c in t.rows[0].cells][:2] in (["Kode", "Program"], ["Code", "Program"])
        and {"Skor", "Score"} & {c.text for c in t.rows[0].cells}
    ]


def by_header(table):
    """[{header: cell}] of a DOCX table's rows after the header."""
    header, *rows = table_rows(table)
    return [dict(zip(header, row, strict=True)) for row in rows]


def programme_rows(doc):
    """{programme title: {header: cell}} of every chapter-5 table of a DOCX."""
    return {row["Program"]: row for t in programme_tables(doc) for row in by_header(t)}


def md_row(md, title):
    """{header: cell} of the first Markdown table row naming this programme."""
    lines = md.splitlines()
    at = next(n for n, line in enumerate(lines) if f"| {title} |" in line)
    rule = next(n for n in range(at, 0, -1) if re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", lines[n]))
    return dict(zip(_md_split(lines[rule - 1]), _md_split(lines[at]), strict=True))


def _md_split(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]


def docx_text(raw):
    doc = read_docx(io.BytesIO(raw))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def pdf_text(raw):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(raw)).pages)


def squeeze(text):
    """Text without whitespace: a PDF table cell may wrap a title over several lines."""
    return "".join(text.split())


def section(text, start, end):
    return text[text.index(start) : text.index(end, text.index(start))]


def rupiah(value):
    return f"{value:,}".replace(",", ".")
