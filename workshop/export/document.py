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
  signatures  {place_date, items: [(role, name)]}  a place-and-date line and signature boxes
  pagebreak   {}
"""

import math
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
        cells = [[_cell(v) for v in row] for row in rows]
        self._table(columns, cells, numeric, widths, wide, caption)

    def _table(self, columns, rows, numeric=(), widths=None, wide=False, caption=None):
        """A table block from rows already passed through _cell."""
        self.blocks.append(
            {
                "type": "table",
                "columns": [clean(c) for c in columns],
                "rows": rows,
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

    def signatures(self, place_date, items):
        """'Bogor, 15 Agustus 2017' and one signature box per (role, name); an empty name
        leaves a dotted line to write it on."""
        self.blocks.append(
            {
                "type": "signatures",
                "place_date": clean(place_date),
                "items": [(clean(role), clean(name)) for role, name in items],
            }
        )

    def table_without_empty(self, columns, rows, keep=(), numeric=(), widths=None, **args):
        """A table without the columns that are empty in every row (except those in `keep`):
        the names of the columns left out, for the text to say so. A 1,000-programme table
        prints a cell per column and row (issue 15: each costs the PDF ~1 ms), and a column
        with nothing in it tells the reader less than a sentence naming it."""
        rows = [[_cell(v) for v in row] for row in rows]
        shown = [
            n
            for n in range(len(columns))
            if n in keep or not rows or any(row[n].strip() for row in rows)
        ]
        widths = widths or [1] * len(columns)
        self._table(
            [columns[n] for n in shown],
            [[row[n] for n in shown] for row in rows],
            numeric={shown.index(n) for n in numeric if n in shown},
            widths=[widths[n] for n in shown],
            **args,
        )
        return [clean(columns[n]) for n in range(len(columns)) if n not in shown]

    def page_break(self):
        self.blocks.append({"type": "pagebreak"})


# Table text in characters per line at the PDF's and Word's table font (8.5 pt portrait on A4
# with 15 mm margins; 8 pt landscape), counted at DejaVu Sans' width of a digit (0.64 em):
# what fit_widths shares out.
LINE_CHARS = {False: 96, True: 150}
# A cell's padding and border, in characters.
CELL_PAD = 1.4
# Widths relative to a digit (DejaVu Sans): a bold header letter and a letter of a word that
# must not break (safe side: wide letters), a letter of running text (on average).
BOLD_LETTER = 1.12
WORD_LETTER = 0.95
LETTER = 0.88
# A text column is never squeezed below this many characters (longer words may then break).
TEXT_MIN = 6
# Header words up to this long never break; longer ones may, at a syllable (unless the widest
# column can give them room and keep this share of the line).
HEADER_WHOLE = 8
DONOR_KEEPS = 0.2
# A word longer than this is not a reason to widen its column (a URL breaks anywhere).
TOKEN_MAX = 24
_TOKENS = re.compile(r"\S+")


def hyphenated(length):
    """Room a header word needs: all of a short one; a long one may break at a syllable
    (headers hyphenate, masterplan.css), so about 60 % of it, at least HEADER_WHOLE."""
    return min(length, max(HEADER_WHOLE, math.ceil(0.6 * length)))


def longest_token(text):
    """The longest run of non-space characters (what cannot break between words)."""
    return max((len(t) for t in _TOKENS.findall(text)), default=0)


def fit_widths(block):
    """Column shares (percent, summing to 100) from the content of a table block.

    Every column gets at least the room of its longest unbreakable token (numeric columns
    their longest whole cell: numbers never wrap; headers their longest word, so
    "Peringkat" stays whole), at most its longest cell. Between those bounds each column
    gets room in proportion to the text it holds on average, so that its cells take about
    as many lines as the others' (a row is as tall as its tallest cell: fewer lines, fewer
    pages, and less for WeasyPrint to lay out).
    """
    columns, rows, numeric = block["columns"], block["rows"], block["numeric"]
    total = LINE_CHARS[bool(block["wide"])]
    mins, maxes, amounts, whole_words = [], [], [], []
    for n, header in enumerate(columns):
        cells = [row[n] for row in rows if n < len(row)]
        head = hyphenated(longest_token(header)) * BOLD_LETTER
        whole_words.append(min(longest_token(header), TOKEN_MAX) * BOLD_LETTER + CELL_PAD)
        longest = max([max(map(len, c.split("\n"))) for c in cells] + [0])
        if n in numeric:
            mins.append(max(longest, head) + CELL_PAD)
            maxes.append(max(mins[-1], whole_words[-1]))
        else:
            token = min(max([longest_token(c) for c in cells] + [0]), TOKEN_MAX) * WORD_LETTER
            mins.append(max(head, token, TEXT_MIN) + CELL_PAD)
            maxes.append(max(mins[-1], whole_words[-1], longest * LETTER + CELL_PAD))
        amounts.append(LETTER * sum(len(c) for c in cells) / len(cells) if cells else 0.0)
    if sum(mins) >= total:  # even the minimums do not fit: shrink the text columns
        fixed = sum(mins[n] for n in numeric if n < len(mins))
        scale = max(total - fixed, 0.0) / max(sum(mins) - fixed, 1.0)
        widths = [m if n in numeric else m * scale for n, m in enumerate(mins)]
        widths = [w * total / sum(widths) for w in widths]
    elif sum(maxes) <= total:  # everything fits on one line: share the rest by size
        widths = [m + (total - sum(maxes)) * m / sum(maxes) for m in maxes]
    else:
        # As many lines in every column (a row is as tall as its tallest cell): a column
        # holding on average `amount` characters gets amount / lines, within its bounds;
        # find the number of lines at which the widths fill the line (bisection).
        def widths_at(lines):
            return [
                min(hi, max(lo, amount / lines + CELL_PAD))
                for lo, hi, amount in zip(mins, maxes, amounts, strict=True)
            ]

        low, high = 0.01, 10_000.0
        for _step in range(60):
            middle = (low + high) / 2
            if sum(widths_at(middle)) > total:
                low = middle
            else:
                high = middle
        widths = widths_at(high)
        spare = total - sum(widths)
        widths = [w + spare * w / sum(widths) for w in widths]
        # Whole header words where the widest column can spare the room and stay wide.
        for n in sorted(range(len(widths)), key=lambda n: whole_words[n] - widths[n]):
            deficit = whole_words[n] - widths[n]
            donor = max(range(len(widths)), key=lambda k: widths[k])
            if deficit > 0 and donor != n and widths[donor] - deficit >= DONOR_KEEPS * total:
                widths[donor] -= deficit
                widths[n] += deficit
    return whole_percent(
        [w * 100 / total for w in widths],
        [
            min(w, max(m, ww)) * 100 / total
            for m, w, ww in zip(mins, widths, whole_words, strict=True)
        ],
    )


def whole_percent(percent, floors):
    """Whole percentages summing to 100: every column rounded up to its floor first (the
    room its longest word needs), the rest by largest remainder, the widest giving way."""
    whole = [max(int(p), math.ceil(f)) for p, f in zip(percent, floors, strict=True)]
    while sum(whole) > 100:
        widest = max(range(len(whole)), key=lambda n: whole[n] - floors[n])
        whole[widest] -= 1
    for n in sorted(range(len(whole)), key=lambda n: whole[n] - percent[n])[: 100 - sum(whole)]:
        whole[n] += 1
    return whole


def _cell(value):
    if value is None:
        return ""
    return clean(value, CELL_MAX)
