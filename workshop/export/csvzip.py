"""Raw data as a ZIP of CSV files, one per table, with a README.txt describing them.

UTF-8 with a byte-order mark (Excel then reads Indonesian text right); values as stored,
except that text which a spreadsheet would run as a formula (it starts with =, +, -, @, a tab
or a carriage return: a participant's name, a city, an OPD from a CSV import) gets a leading
apostrophe, as OWASP recommends against CSV injection (issue 12).
"""

import csv
import io
import zipfile

from .tables import DESCRIPTIONS, raw_tables

README = """Raw data of the workshop "{title}" ({city}), exported {exported_at} (UTC) by Rembuk.

One CSV file per table (UTF-8, comma-separated, first row = column names). Ids are the
server's; *_id columns refer to the table of that name. Times are UTC (ISO 8601).
Anonymous polls: their ballots are shuffled and carry no voter (no participant, OPD, key).
No secrets: no join code, projector key, device tokens or passwords.
Text that starts with = + - @ (a spreadsheet would run it as a formula) is written with a
leading apostrophe ('). The XLSX export keeps such text as text without it.

"""


# What makes a spreadsheet read a cell as a formula (or a DDE command).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def zip_bytes(data):
    """The ZIP archive as bytes."""
    tables = raw_tables(data)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        ws = data["workshop"]
        readme = README.format(title=ws["title"], city=ws["city"], exported_at=data["exported_at"])
        readme += "\n".join(f"{name}.csv: {DESCRIPTIONS.get(name, '')}" for name in tables)
        archive.writestr("README.txt", readme + "\n")
        for name, (columns, rows) in tables.items():
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\r\n")
            writer.writerow(columns)
            writer.writerows([_value(v) for v in row] for row in rows)
            archive.writestr(f"{name}.csv", "\ufeff" + text.getvalue())
    return out.getvalue()
