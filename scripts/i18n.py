"""Refresh the translation catalogue: extract, merge into id/messages.po, compile .mo.

Usage: python scripts/i18n.py [TRANSLATIONS.py]   (optional file defining T = {msgid: msgstr})
Untranslated strings are listed at the end; tests fail while any remain.
"""

import os
import runpy
import sys
import tempfile
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "workshop/translations/id/LC_MESSAGES/messages.po"
POT = Path(tempfile.gettempdir()) / "rembuk-messages.pot"  # an intermediate, not kept


def main():
    os.chdir(ROOT)
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
            "--no-location",
            "--sort-output",
            "-o",
            str(POT),
            ".",
        ]
    )
    template = read_po(POT.open("rb"))
    catalog = read_po(PO.open("rb"), locale="id") if PO.exists() else template
    catalog.locale = "id"
    catalog.update(template, no_fuzzy_matching=True)
    extra = runpy.run_path(sys.argv[1])["T"] if len(sys.argv) > 1 else {}
    for message in catalog:
        if message.id and message.id in extra:
            message.string = extra[message.id]
            message.flags.discard("fuzzy")
    catalog.obsolete.clear()
    catalog.fuzzy = False
    catalog.project, catalog.version = "Rembuk", "1"
    catalog.copyright_holder = "Rembuk contributors"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = catalog.language_team = "Rembuk contributors"
    with PO.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False, no_location=True)
    with PO.with_suffix(".mo").open("wb") as f:
        write_mo(f, catalog)
    missing = [m.id for m in catalog if m.id and not m.string]
    for msgid in missing:
        print("untranslated:", msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
