"""Every string in the code and templates has an Indonesian translation, compiled."""

import io
import os
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "workshop/translations/id/LC_MESSAGES/messages.po"


def plain(value):
    """A plural message's id or string (a list in .mo, a tuple in .po) as a tuple."""
    return tuple(value) if isinstance(value, (list, tuple)) else value


def done(string):
    """Translated: a non-empty string, or every plural form filled in."""
    return all(string) if isinstance(string, (list, tuple)) else bool(string)


def test_every_message_is_translated_and_compiled(tmp_path):
    pot = tmp_path / "messages.pot"
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        CommandLineInterface().run(
            [
                "pybabel",
                "-q",
                "extract",
                "-F",
                "babel.cfg",
                "-k",
                "_l",
                "-k",
                "lazy_gettext",
                "-o",
                str(pot),
                ".",
            ]
        )
    finally:
        os.chdir(cwd)
    wanted = {m.id for m in read_po(pot.open("rb")) if m.id}
    catalog = read_po(PO.open("rb"))
    translated = {m.id: plain(m.string) for m in catalog if m.id and done(m.string) and not m.fuzzy}
    missing = sorted(str(m) for m in wanted - set(translated))
    assert missing == [], "run: python scripts/i18n.py FILE_WITH_TRANSLATIONS"
    compiled = read_mo(io.BytesIO(PO.with_suffix(".mo").read_bytes()))
    compiled_strings = {plain(m.id): plain(m.string) for m in compiled if m.id}
    stale = sorted(str(k) for k, v in translated.items() if compiled_strings.get(k) != v)
    assert stale == [], "messages.mo is older than messages.po: run python scripts/i18n.py"
