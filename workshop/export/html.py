"""A built Document → the print view's HTML (templates/export/masterplan.html).

The same HTML is the PDF's source (pdf.py), so what a facilitator sees in the browser is
what the PDF prints. Notulensi are rendered by markup.render (raw HTML escaped). The PDF of
a big document is rendered in parts (pdf.py): `chapters` picks the part's chapters, `front`
says whether the title page and contents come with it, and `toc_pages` gives the contents
their page numbers as plain numbers (a part cannot look up a page in another part).
"""

from base64 import b64encode

from flask import current_app

from ..markup import render
from .document import fit_widths


def chapters(doc):
    """Blocks grouped by level-1 heading; a chapter with a wide table prints in landscape."""
    groups = [{"wide": False, "blocks": []}]
    for block in doc.blocks:
        if block["type"] == "heading" and block["level"] == 1:
            groups.append({"wide": False, "blocks": []})
        if block["type"] == "markdown":
            block = {**block, "html": render(block["text"])}
        if block["type"] == "image":
            block = {**block, "src": "data:image/png;base64," + b64encode(block["png"]).decode()}
        if block["type"] == "table":
            block = {**block, "percent": fit_widths(block)}
            if block["wide"]:
                groups[-1]["wide"] = True
        groups[-1]["blocks"].append(block)
    return [g for g in groups if g["blocks"]]


def contents(doc):
    """The headings the table of contents lists (levels 1 and 2)."""
    return [b for b in doc.blocks if b["type"] == "heading" and b["level"] <= 2]


def render_html(
    doc, stylesheet=None, toolbar=None, groups=None, front=True, toc_pages=None, stamped=False
):
    """The document page; `stylesheet` is linked (browser), the PDF passes its CSS itself.

    `stamped`: the PDF prints the running title and page numbers itself (pdf.py), so the
    pages carry none."""
    # The template needs no request (the CLI renders it too): no context processors.
    template = current_app.jinja_env.get_template("export/masterplan.html")
    return template.render(
        doc=doc,
        chapters=chapters(doc) if groups is None else groups,
        contents=contents(doc),
        stylesheet=stylesheet,
        toolbar=toolbar,
        front=front,
        toc_pages=toc_pages,
        stamped=stamped,
    )
