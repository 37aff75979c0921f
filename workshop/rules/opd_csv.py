"""Reading an uploaded OPD roster (CSV from Excel or a script) into checked rows.

Used by the OPD import rule, so the API's text/csv body and the roster page's upload are
read by the same code. Every row is checked with OpdForm; problems are collected row by row
and raised as one FieldError (422): nothing is imported unless every row is good.
"""

import csv
import io

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from ..forms.roster import OpdForm
from . import FieldError

# Most OPD rows one CSV import may hold (a kota has about 40; a provinsi about 60).
IMPORT_MAX_ROWS = 500
# The CSV header, in any order and letter case.
IMPORT_COLUMNS = ("code", "name")


def rows_error(messages):
    """422 listing what is wrong, row by row; nothing was imported."""
    return FieldError(
        {"rows": messages},
        _("Nothing was imported. Correct the rows listed in the file and import it again."),
    )


def file_error(message):
    """422 about the file as a whole (encoding, emptiness, size)."""
    return FieldError({"file": [message]}, _("Nothing was imported.") + " " + message)


def _separator(line):
    """The separator Excel used: ';' in Indonesian settings, ',' in English ones."""
    counts = {sep: line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _trim(cells):
    cells = [c.strip() for c in cells]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def read_opd_csv(raw, taken):
    """Parse and check an uploaded roster: [(row_number, code, name)] or a FieldError.

    `taken` holds the casefolded short names already in the roster. Row numbers are
    the file's, the header being row 1, as Excel shows them.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise file_error(
            _(
                'The file is not UTF-8 text. In Excel choose "Save as" and the type'
                ' "CSV UTF-8 (Comma delimited)".'
            )
        ) from e
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise file_error(_("The file is empty. The first row must be the header code,name."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(lines[0]))
    records = []
    try:
        for number, cells in enumerate(reader, start=1):
            records.append((number, _trim(cells)))
    except csv.Error as e:
        raise rows_error(
            [_("Row %(row)d: this row cannot be read; check its quotes.", row=len(records) + 1)]
        ) from e
    records = [(n, cells) for n, cells in records if cells]
    if not records:
        raise file_error(_("The file is empty. The first row must be the header code,name."))
    (header_row, header), data = records[0], records[1:]
    columns = [c.lower() for c in header]
    if sorted(columns) != sorted(IMPORT_COLUMNS):
        raise rows_error(
            [
                _(
                    'Row %(row)d: the first row must be the header "code,name"'
                    ' (found "%(found)s").',
                    row=header_row,
                    found=",".join(header),
                )
            ]
        )
    if not data:
        raise file_error(_("The file has no OPD rows under the header."))
    if len(data) > IMPORT_MAX_ROWS:
        raise file_error(
            _(
                "The file has %(n)d rows; import at most %(max)d at a time.",
                n=len(data),
                max=IMPORT_MAX_ROWS,
            )
        )
    errors, rows, seen = [], [], {}
    for number, cells in data:
        if len(cells) > len(columns):
            errors.append(
                _(
                    "Row %(row)d: more values than columns. Put a name that contains"
                    ' "%(sep)s" in double quotes.',
                    row=number,
                    sep=reader.dialect.delimiter,
                )
            )
            continue
        values = dict(zip(columns, cells + [""] * (len(columns) - len(cells)), strict=True))
        form = OpdForm(formdata=MultiDict(values), meta={"csrf": False})
        if not form.validate():
            errors.extend(
                _("Row %(row)d: %(message)s", row=number, message=form.errors[name][0])
                for name in IMPORT_COLUMNS
                if name in form.errors
            )
            continue
        code, name = form.code.data, form.name.data
        folded = code.casefold()
        if folded in seen:
            errors.append(
                _(
                    'Row %(row)d: the short name "%(code)s" is already on row %(first)d.',
                    row=number,
                    code=code,
                    first=seen[folded],
                )
            )
        elif folded in taken:
            errors.append(
                _(
                    'Row %(row)d: the short name "%(code)s" is already in the roster.',
                    row=number,
                    code=code,
                )
            )
        seen.setdefault(folded, number)
        rows.append((number, code, name))
    if errors:
        raise rows_error(errors)
    return rows
