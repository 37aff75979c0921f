"""A built Document → Markdown (GitHub-flavoured tables), for editing and version control."""

import re

from flask_babel import gettext as _

# Characters that would turn typed text into Markdown syntax.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def inline(text):
    """Typed text inside a heading or a cell (where line-start syntax means nothing)."""
    return _SPECIAL.sub(r"\\\1", text)


def escape(text):
    """Typed text shown literally (a '#' or '1.' at a line start stays text).

    CommonMark escapes only ASCII punctuation: '\\1.' would print its backslash, so a
    numbered line is escaped at its dot ('1\\.'); '#', '>', '+', '-' and '=' get one in front.
    """
    text = inline(text)
    text = re.sub(r"^(\s*)(\d+)([.)])", r"\1\2\\\3", text, flags=re.MULTILINE)
    return re.sub(r"^(\s*)([#>+=-])", r"\1\\\2", text, flags=re.MULTILINE)


def note(text):
    """A note written in the editor's Markdown: bold, italic and lists stay; links, images,
    HTML, code and headings are shown as typed (issue 12: notes went in raw)."""
    text = re.sub(r"([\\`\[\]<>|!])", r"\\\1", text)
    return re.sub(r"^(\s*)(#|>)", r"\1\\\2", text, flags=re.MULTILINE)


def cell(text):
    """A table cell: one line, pipes escaped (line-start syntax means nothing in a cell)."""
    return inline(text).replace("\n", "<br>") or " "


def render_table(block):
    columns = block["columns"]
    lines = []
    if block["caption"]:
        lines += [f"*{escape(block['caption'])}*", ""]
    lines.append("| " + " | ".join(cell(c) for c in columns) + " |")
    lines.append(
        "| "
        + " | ".join("---:" if n in block["numeric"] else "---" for n in range(len(columns)))
        + " |"
    )
    for row in block["rows"]:
        lines.append("| " + " | ".join(cell(v) for v in row) + " |")
    return "\n".join(lines)


def render_block(block):
    kind = block["type"]
    if kind == "heading":  # "1. Pendahuluan" after the hashes is a heading, not a list
        return "#" * (block["level"] + 1) + " " + inline(block["text"])
    if kind == "paragraph":
        text = escape(block["text"])
        if block["style"] in ("caption", "small"):
            return f"*{text}*"
        if block["style"] == "lead":
            return f"**{text}**"
        return text
    if kind == "placeholder":
        return f"> **⚠ {escape(block['text'])}**"
    if kind == "facts":
        return "\n".join(f"- **{escape(k)}:** {escape(v)}" for k, v in block["items"])
    if kind == "list":
        return "\n".join(f"- {escape(item)}" for item in block["items"])
    if kind == "table":
        return render_table(block)
    if kind == "markdown":
        # Notulensi keep their emphasis and lists, nothing that links or runs; quoted.
        body = note(block["text"].strip()) or " "
        return "\n".join(f"> {line}" if line else ">" for line in body.split("\n"))
    if kind == "image":
        hint = escape(_("The chart is in the DOCX and PDF versions of this document."))
        return f"*{escape(block['caption'])}* — {hint}"
    if kind == "signatures":
        return render_signatures(block)
    return ""


def render_signatures(block):
    """The place-and-date line, then the signature boxes as one table (room to sign under
    each role, the name below)."""
    roles = [cell(role) for role, _name in block["items"]]
    names = [cell(name or "(……………………………)") for _role, name in block["items"]]
    blank = ["<br><br><br>"] * len(roles)
    lines = [escape(block["place_date"]), ""]
    lines.append("| " + " | ".join(roles) + " |")
    lines.append("| " + " | ".join(":---:" for _r in roles) + " |")
    lines.append("| " + " | ".join(blank) + " |")
    lines.append("| " + " | ".join(names) + " |")
    return "\n".join(lines)


def render_markdown(doc):
    """The whole document as one Markdown string."""
    parts = [f"# {inline(doc.title)}"]
    if doc.subtitle:
        parts.append(f"**{escape(doc.subtitle)}**")
    if doc.cover:
        parts.append("\n".join(f"- **{escape(k)}:** {escape(v)}" for k, v in doc.cover))
    if doc.toc:
        toc = [
            "  " * (b["level"] - 1) + f"- {escape(b['text'])}"
            for b in doc.blocks
            if b["type"] == "heading" and b["level"] <= 2
        ]
        parts.append("\n".join(toc))
    parts += [text for text in (render_block(b) for b in doc.blocks) if text]
    return "\n\n".join(parts) + "\n"
