"""What pypdf adds to a PDF joined from parts (pdf.py renders the parts): the running title
and "page / pages" on every page (the stylesheet's margin boxes print them on a one-run PDF,
but no part knows the others' pages), and the contents' links to headings in other parts."""

from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
)

# The running title and page numbers printed on joined pages (as the stylesheet's margin
# boxes print them on a one-run PDF): Helvetica 8 pt, grey, in the page margins.
STAMP_FONT = "/RbStamp"
STAMP_PT = 8
MM = 72 / 25.4
PX = 0.75  # a CSS pixel in PDF points
# Helvetica's advance widths (1/1000 em) of the printable ASCII characters (its AFM); any
# other character is counted at 556 (Helvetica's default width).
_ASCII_WIDTHS = (
    278,
    278,
    355,
    556,
    556,
    889,
    667,
    191,
    333,
    333,
    389,
    584,
    278,
    333,
    278,
    278,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    278,
    278,
    584,
    584,
    584,
    556,
    1015,
    667,
    667,
    722,
    722,
    667,
    611,
    778,
    722,
    278,
    500,
    667,
    556,
    833,
    722,
    778,
    667,
    778,
    722,
    667,
    611,
    722,
    667,
    944,
    667,
    667,
    611,
    278,
    278,
    278,
    469,
    556,
    333,
    556,
    556,
    500,
    556,
    556,
    278,
    556,
    556,
    222,
    222,
    500,
    222,
    833,
    556,
    556,
    556,
    556,
    333,
    500,
    278,
    556,
    500,
    722,
    500,
    500,
    500,
    334,
    260,
    334,
    584,
)
HELVETICA = {chr(32 + n): w for n, w in enumerate(_ASCII_WIDTHS)}


def link_contents(writer, front, pages):
    """Make the contents' entries links again: rendered alone, the front cannot point at
    headings in the other parts (WeasyPrint drops such links), but it knows where each
    entry sits on its page, and `pages` where each heading landed in the joined PDF."""
    for index, page in enumerate(front.pages):
        height = float(writer.pages[index].mediabox.height)
        for kind, target, (x, y, width, tall), *_box in page.links:
            number = pages.get(target) if kind == "internal" else None
            if not number:
                continue
            # CSS pixels from the top left → PDF points from the bottom left.
            rect = (x * PX, height - (y + tall) * PX, (x + width) * PX, height - y * PX)
            writer.add_annotation(index, Link(rect=rect, target_page_index=number - 1))


def _pdf_text(text):
    """Text as a PDF literal string in Helvetica's WinAnsi encoding."""
    raw = text.encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def stamp(writer, title, skip=0):
    """The running title (top right) and "page / pages" (bottom centre) on every page after
    the first `skip`, where the stylesheet's margin boxes print them in a one-run PDF."""
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    save = writer._add_object(_stream(b"q\n"))
    total = len(writer.pages)
    for number, page in enumerate(writer.pages, start=1):
        if number <= skip:
            continue
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        label = f"{number} / {total}"
        label_width = _width(label)
        title_width = _width(title)
        ops = (
            b"Q q 0.4 g BT "
            + STAMP_FONT.encode()
            + b" %d Tf %.2f %.2f Td " % (STAMP_PT, (width - label_width) / 2, 9 * MM)
            + _pdf_text(label)
            + b" Tj ET BT "
            + STAMP_FONT.encode()
            + b" %d Tf %.2f %.2f Td " % (STAMP_PT, width - 15 * MM - title_width, height - 10 * MM)
            + _pdf_text(title)
            + b" Tj ET Q\n"
        )
        contents = page.get("/Contents")
        existing = []
        if contents is not None:
            resolved = contents.get_object()
            existing = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject(
            [save, *existing, writer._add_object(_stream(ops))]
        )
        resources = page.get("/Resources")
        if resources is None:
            resources = DictionaryObject()
            page[NameObject("/Resources")] = resources
        resources = resources.get_object()
        fonts = resources.get("/Font")
        if fonts is None:
            fonts = DictionaryObject()
            resources[NameObject("/Font")] = fonts
        fonts.get_object()[NameObject(STAMP_FONT)] = font


def _stream(data):
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


def _width(text):
    """The width of Helvetica text at STAMP_PT, in points."""
    return sum(HELVETICA.get(c, 556) for c in text) * STAMP_PT / 1000
