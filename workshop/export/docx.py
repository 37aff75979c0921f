"""A built Document → DOCX (python-docx) that Bappeda edits in Word.

Real Heading 1–3 styles (Word's navigation pane and the table of contents use them), a TOC
field Word fills in on opening, tables with a header row repeated on every page, page numbers
in the footer, a cover page with the workshop facts, and chapters with wide tables in
landscape sections.

This module is over 400 lines because it is one Writer: a method per block type of
document.py, and the page, style and language set-up they share.
"""

import io
import re
import struct
from xml.sax.saxutils import escape

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Mm, Pt, RGBColor
from flask_babel import gettext as _
from markdown_it import MarkdownIt

from .document import fit_widths

A4 = (Mm(210), Mm(297))
MARGIN = Mm(20)
HEADER_FILL = "DCE6F2"
PLACEHOLDER_COLOR = RGBColor(0x9C, 0x4A, 0x00)
MUTED = RGBColor(0x55, 0x55, 0x55)
# Body and table text sizes (points).
BODY_PT = 10
TABLE_PT = 8.5
_md = MarkdownIt("commonmark", {"html": False})
# The paragraph style of table body text (TABLE_PT, no space after).
TABLE_TEXT_STYLE = "Table Text"
# What python-docx's add_run turns into elements: tabs and line breaks.
_BREAKS = re.compile(r"(\t|\r\n|\r|\n)")
# Table rows built as XML per row: python-docx's proxies (add_row, a run, its font, its
# paragraph format …) took ~75 % of a 2,000-proposal DOCX (issue 15).
ROWS_PER_PARSE = 200
# Word's proofing language per export language.
LANGUAGE_TAGS = {"id": "id-ID", "en": "en-US"}


def _run_xml(text):
    """A run holding `text` as add_run would write it (tabs and line breaks as elements)."""
    parts = []
    for piece in _BREAKS.split(text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\n", "\r", "\r\n"):
            parts.append("<w:br/>")
        elif piece:
            parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return "<w:r>" + "".join(parts) + "</w:r>"


def _row_xml(values, widths, numeric, style_id):
    """One body row: cannot split across pages, each cell its width and styled paragraph."""
    cells = []
    for n, (text, width) in enumerate(zip(values, widths, strict=True)):
        jc = '<w:jc w:val="right"/>' if n in numeric else ""
        cells.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{jc}</w:pPr>{_run_xml(text)}</w:p></w:tc>'
        )
    return "<w:tr><w:trPr><w:cantSplit/></w:trPr>" + "".join(cells) + "</w:tr>"


def _field(paragraph, instruction, placeholder=""):
    """A Word field (PAGE, NUMPAGES, TOC …) as begin/instr/separate/text/end runs."""

    def char(kind):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            element.set(qn("w:dirty"), "true")
        run._r.append(element)
        return run

    char("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    char("separate")
    paragraph.add_run(placeholder)
    char("end")


def _shade(cell, fill):
    tc_pr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.append(shading)


def _language(word, tag):
    """Proofing language of the whole document: the defaults, every style and the theme
    (python-docx's template says en-US everywhere, so Word marked Indonesian as misspelt)."""
    styles = word.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        r_pr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if r_pr is not None and r_pr.find(qn("w:lang")) is None:
            r_pr.append(OxmlElement("w:lang"))
    for element in styles.iter(qn("w:lang")):
        element.set(qn("w:val"), tag)
        element.set(qn("w:eastAsia"), tag)
    for style in word.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            r_pr = style.element.get_or_add_rPr()
            lang = r_pr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                r_pr.append(lang)
            lang.set(qn("w:val"), tag)
    for theme in word.settings.element.iter(qn("w:themeFontLang")):
        theme.set(qn("w:val"), tag)


def _repeat_header(row):
    """Word repeats this row at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


class Writer:
    """Lays out one Document into a python-docx document."""

    def __init__(self, doc):
        self.doc = doc
        self.word = WordDocument()
        self.landscape = False
        self._setup()

    # -- page, styles, footer ----------------------------------------------------------
    def _setup(self):
        section = self.word.sections[0]
        section.page_width, section.page_height = A4
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, MARGIN)
        styles = self.word.styles
        styles["Normal"].font.size = Pt(BODY_PT)
        for name, size in (("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11)):
            styles[name].font.size = Pt(size)
        table_text = styles.add_style(TABLE_TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        table_text.base_style = styles["Normal"]
        table_text.font.size = Pt(TABLE_PT)
        table_text.paragraph_format.space_after = Pt(0)
        self.table_text_id = table_text.style_id
        _language(self.word, LANGUAGE_TAGS.get(self.doc.lang, "id-ID"))
        props = self.word.core_properties
        props.title = self.doc.title
        props.subject = self.doc.subtitle
        props.language = self.doc.lang
        props.author = "Rembuk"
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        page = _("page")
        footer.add_run(f"{self.doc.title} — {self.doc.subtitle} · {page} ")
        _field(footer, "PAGE", "1")
        footer.add_run(" " + _("of") + " ")
        _field(footer, "NUMPAGES", "1")
        for run in footer.runs:
            run.font.size = Pt(8)
            run.font.color.rgb = MUTED
        # Ask Word to refresh fields (the table of contents, page counts) when opening.
        settings = self.word.settings.element
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)

    def usable_width(self):
        section = self.word.sections[-1]
        return section.page_width - section.left_margin - section.right_margin

    def orient(self, landscape):
        """Start a new section (new page) in the other orientation when it changes."""
        if landscape == self.landscape:
            return False
        section = self.word.add_section(WD_SECTION.NEW_PAGE)
        width, height = A4
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (height, width) if landscape else (width, height)
        self.landscape = landscape
        return True

    # -- cover and contents ------------------------------------------------------------
    def cover(self):
        word = self.word
        for _n in range(6 if self.doc.cover else 0):
            word.add_paragraph()
        title = word.add_paragraph(style="Title")
        title.add_run(self.doc.title)
        if self.doc.subtitle:
            sub = word.add_paragraph(style="Subtitle")
            sub.add_run(self.doc.subtitle)
        if self.doc.cover:
            table = word.add_table(rows=0, cols=2)
            for label, value in self.doc.cover:
                cells = table.add_row().cells
                cells[0].paragraphs[0].add_run(label).bold = True
                cells[1].paragraphs[0].add_run(value)
            self._widths(table, [1, 3])
        if self.doc.toc:
            word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            heading = word.add_paragraph(style="Title")
            heading.add_run(_("Contents"))
            _field(
                word.add_paragraph(),
                'TOC \\o "1-3" \\h \\z \\u',
                _("Right-click here and choose “Update field” to show the table of contents."),
            )

    # -- blocks ------------------------------------------------------------------------
    def render(self):
        self.cover()
        chapter_wide = self._wide_chapters()
        first_heading = True
        for index, block in enumerate(self.doc.blocks):
            kind = block["type"]
            if kind == "heading" and block["level"] == 1:
                changed = self.orient(chapter_wide.get(index, False))
                if not changed and (self.doc.cover or self.doc.toc or not first_heading):
                    self.word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
                first_heading = False
            getattr(self, f"block_{kind}")(block)
        out = io.BytesIO()
        self.word.save(out)
        return out.getvalue()

    def _wide_chapters(self):
        """{index of a level-1 heading: whether its chapter holds a wide table}."""
        result, current = {}, None
        for index, block in enumerate(self.doc.blocks):
            if block["type"] == "heading" and block["level"] == 1:
                current = index
                result[index] = False
            elif block["type"] == "table" and block["wide"] and current is not None:
                result[current] = True
        return result

    def block_heading(self, block):
        self.word.add_heading(block["text"], level=block["level"])

    def block_paragraph(self, block):
        paragraph = self.word.add_paragraph()
        run = paragraph.add_run(block["text"])
        style = block["style"]
        if style == "lead":
            run.bold = True
        elif style in ("caption", "small"):
            run.italic = True
            run.font.size = Pt(8.5)
            run.font.color.rgb = MUTED

    def block_placeholder(self, block):
        paragraph = self.word.add_paragraph()
        run = paragraph.add_run(f"⚠ {block['text']}")
        run.bold = True
        run.italic = True
        run.font.color.rgb = PLACEHOLDER_COLOR

    def block_facts(self, block):
        for label, value in block["items"]:
            paragraph = self.word.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(2)
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)

    def block_list(self, block):
        for item in block["items"]:
            self.word.add_paragraph(item, style="List Bullet")

    def block_image(self, block):
        """A chart as wide as the text (its share), never taller than the page's text."""
        section = self.word.sections[-1]
        height = section.page_height - section.top_margin - section.bottom_margin - Mm(25)
        wide, high = struct.unpack(">II", block["png"][16:24])  # the PNG's IHDR size
        width = min(int(self.usable_width() * block["width"]), int(height * wide / high))
        self.word.add_picture(io.BytesIO(block["png"]), width=Emu(width))
        self.word.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = self.word.add_paragraph().add_run(block["caption"])
        run.italic = True
        run.font.size = Pt(8.5)

    def block_signatures(self, block):
        """Place and date on the right, then a borderless table: role, room to sign, name."""
        place = self.word.add_paragraph(block["place_date"])
        place.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        items = block["items"]
        table = self.word.add_table(rows=1, cols=len(items))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, (role, name) in zip(table.rows[0].cells, items, strict=True):
            first = cell.paragraphs[0]
            first.alignment = WD_ALIGN_PARAGRAPH.CENTER
            first.add_run(role).bold = True
            for _n in range(3):
                cell.add_paragraph()
            last = cell.add_paragraph()
            last.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = last.add_run(name or "(……………………………)")
            run.underline = bool(name)
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        self.word.add_paragraph()

    def block_pagebreak(self, block):
        self.word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def block_table(self, block):
        if block["caption"]:
            caption = self.word.add_paragraph()
            run = caption.add_run(block["caption"])
            run.italic = True
            run.font.size = Pt(8.5)
        columns = block["columns"]
        table = self.word.add_table(rows=1, cols=len(columns))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        header = table.rows[0]
        _repeat_header(header)
        for n, (cell, text) in enumerate(zip(header.cells, columns, strict=True)):
            _shade(cell, HEADER_FILL)
            self._cell_text(cell, text, bold=True, right=n in block["numeric"])
        shares = self._widths(table, fit_widths(block))
        twips = [str(Emu(share).twips) for share in shares]
        numeric = set(block["numeric"])
        rows = block["rows"]
        for start in range(0, len(rows), ROWS_PER_PARSE):
            xml = "".join(
                _row_xml(values, twips, numeric, self.table_text_id)
                for values in rows[start : start + ROWS_PER_PARSE]
            )
            holder = parse_xml(f"<w:tbl {nsdecls('w')}>{xml}</w:tbl>")
            table._tbl.extend(list(holder))
        self.word.add_paragraph()

    def _cell_text(self, cell, text, bold=False, right=False):
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.space_after = Pt(0)
        if right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(text)
        run.font.size = Pt(TABLE_PT)
        run.bold = bold

    def _widths(self, table, weights):
        """Column widths from the model's shares: in the grid (LibreOffice reads it) and on
        every cell (Word reads those), with the table as wide as the page."""
        total = sum(weights) or 1
        width = self.usable_width()
        table.autofit = False
        shares = [int(width * w / total) for w in weights]
        for grid_col, share in zip(table._tbl.tblGrid.gridCol_lst, shares, strict=True):
            grid_col.w = share
        for row in table.rows:  # the header (body rows carry their widths in their XML)
            for cell, share in zip(row.cells, shares, strict=True):
                cell.width = share
        tbl_pr = table._tbl.tblPr
        tbl_w = tbl_pr.find(qn("w:tblW"))
        if tbl_w is None:
            tbl_w = OxmlElement("w:tblW")
            tbl_pr.append(tbl_w)
        tbl_w.set(qn("w:w"), str(Emu(width).twips))
        tbl_w.set(qn("w:type"), "dxa")
        return shares

    def block_markdown(self, block):
        """Notulensi: the Markdown subset as Word paragraphs (headings bold, lists bulleted)."""
        tokens = _md.parse(block["text"])
        style, pending_bullet = None, []
        for token in tokens:
            if token.type in ("bullet_list_open", "ordered_list_open"):
                pending_bullet.append(
                    "List Bullet" if token.type == "bullet_list_open" else "List Number"
                )
            elif token.type in ("bullet_list_close", "ordered_list_close"):
                pending_bullet.pop()
            elif token.type == "heading_open":
                style = "heading"
            elif token.type == "inline":
                paragraph = self.word.add_paragraph(
                    style=pending_bullet[-1] if pending_bullet else None
                )
                self._inline(paragraph, token.children or [], bold=style == "heading")
                style = None
            elif token.type in ("fence", "code_block"):
                run = self.word.add_paragraph().add_run(token.content.rstrip("\n"))
                run.font.name = "Courier New"
                run.font.size = Pt(9)

    def _inline(self, paragraph, children, bold=False):
        strong = em = 0
        link = None
        for child in children:
            if child.type == "strong_open":
                strong += 1
            elif child.type == "strong_close":
                strong -= 1
            elif child.type == "em_open":
                em += 1
            elif child.type == "em_close":
                em -= 1
            elif child.type == "link_open":
                link = child.attrs.get("href")
            elif child.type == "link_close":
                if link:
                    paragraph.add_run(f" ({link})").font.color.rgb = MUTED
                link = None
            elif child.type in ("softbreak", "hardbreak"):
                paragraph.add_run().add_break()
            elif child.type in ("text", "code_inline"):
                run = paragraph.add_run(child.content)
                run.bold = bold or strong > 0
                run.italic = em > 0
                if child.type == "code_inline":
                    run.font.name = "Courier New"


def render_docx(doc):
    """The Document as DOCX bytes."""
    return Writer(doc).render()
