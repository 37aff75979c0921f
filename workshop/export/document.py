"""The document model shared by Markdown, DOCX and HTML/PDF: a title page and a list of blocks.

Builders (masterplan.py, summary.py) produce it; renderers only lay it out, so the three
formats say the same thing. All text goes through clean() here, once: control characters
(which DOCX/XML cannot hold) are dropped, whatever participants typed.

Blocks are dicts with a "type":
  heading     {level 1–3, text, anchor, dimension: key or None (its colour)}
  paragraph   {text, style: None | "lead" | "caption" | "small"}
  placeholder {text}                      a chapter the workshop did not fill
  facts       {items: [(label, value)]}   a definition list
  list        {items: [text]}
  table       {columns, rows, numeric: {column index}, widths, wide, caption}
  markdown    {text}                      notulensi (rendered by each format)
  image       {png: bytes, caption, width: share of the text width}   a chart (Markdown:
              the caption and a note that the picture is in DOCX and PDF)
  pagebreak   {}
"""

import re
import unicodedata

# C0/C1 controls except tab and newline, lone surrogates and non-characters: XML cannot hold them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# A table cell never holds more than this many characters (a document, not a dump).
CELL_MAX = 2000


def clean(text, limit=None):
    """Text safe for every format: controls dropped, line ends normalised, NFC."""
    if text is None:
        return ""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text))
    if limit and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


class Document:
    """Title page facts and body blocks, in reading order."""

    def __init__(self, title, subtitle="", lang="id"):
        self.title = clean(title)
        self.subtitle = clean(subtitle)
        self.lang = lang
        self.cover = []
        self.blocks = []
        self.toc = False
        self._anchors = set()

    def cover_fact(self, label, value):
        self.cover.append((clean(label), clean(value)))

    def heading(self, level, text, dimension=None):
        # "h-" first: an id that starts with a digit is awkward in CSS selectors.
        anchor = "h-" + (re.sub(r"[^a-z0-9]+", "-", clean(text).lower()).strip("-") or "x")
        base, n = anchor, 1
        while anchor in self._anchors:
            n += 1
            anchor = f"{base}-{n}"
        self._anchors.add(anchor)
        self.blocks.append(
            {
                "type": "heading",
                "level": level,
                "text": clean(text),
                "anchor": anchor,
                "dimension": dimension,
            }
        )

    def paragraph(self, text, style=None):
        self.blocks.append({"type": "paragraph", "text": clean(text), "style": style})

    def placeholder(self, text):
        self.blocks.append({"type": "placeholder", "text": clean(text)})

    def facts(self, items):
        self.blocks.append(
            {
                "type": "facts",
                "items": [(clean(k), clean(v)) for k, v in items if v not in (None, "")],
            }
        )

    def bullets(self, items):
        self.blocks.append({"type": "list", "items": [clean(i) for i in items]})

    def table(self, columns, rows, numeric=(), widths=None, wide=False, caption=None):
        self.blocks.append(
            {
                "type": "table",
                "columns": [clean(c) for c in columns],
                "rows": [[_cell(v) for v in row] for row in rows],
                "numeric": set(numeric),
                "widths": widths or [1] * len(columns),
                "wide": wide,
                "caption": clean(caption) if caption else None,
            }
        )

    def markdown(self, text):
        self.blocks.append({"type": "markdown", "text": clean(text)})

    def image(self, png, caption, width=1.0):
        self.blocks.append(
            {"type": "image", "png": bytes(png), "caption": clean(caption), "width": width}
        )

    def page_break(self):
        self.blocks.append({"type": "pagebreak"})


def _cell(value):
    if value is None:
        return ""
    return clean(value, CELL_MAX)
