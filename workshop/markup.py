"""Notes in a Markdown subset, rendered to safe HTML: raw HTML is escaped, links checked."""

from markdown_it import MarkdownIt

# CommonMark without raw HTML and images: emphasis, lists, headings, quotes, code, links.
_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_md.disable(["image", "html_inline", "html_block"])
_default_validate = _md.validateLink


def _validate_link(url):
    """Only http(s) and mailto links (markdown-it already refuses javascript:)."""
    lowered = url.strip().lower()
    return _default_validate(url) and lowered.startswith(("http://", "https://", "mailto:"))


_md.validateLink = _validate_link


def render(text):
    """Markdown subset → HTML safe to insert into a page."""
    return _md.render(text or "")
