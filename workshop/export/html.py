"""A built Document → the print view's HTML (templates/export/masterplan.html).

The same HTML is the PDF's source (pdf.py), so what a facilitator sees in the browser is
what the PDF prints. Notulensi are rendered by markup.render (raw HTML escaped).
"""

from base64 import b64encode

from flask import current_app

from ..markup import render


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
        if block["type"] == "table" and block["wide"]:
            groups[-1]["wide"] = True
        groups[-1]["blocks"].append(block)
    return [g for g in groups if g["blocks"]]


def render_html(doc, stylesheet=None, toolbar=None):
    """The document page; `stylesheet` is linked (browser), the PDF passes its CSS itself."""
    contents = [b for b in doc.blocks if b["type"] == "heading" and b["level"] <= 2]
    # The template needs no request (the CLI renders it too): no context processors.
    template = current_app.jinja_env.get_template("export/masterplan.html")
    return template.render(
        doc=doc,
        chapters=chapters(doc),
        contents=contents,
        stylesheet=stylesheet,
        toolbar=toolbar,
    )
