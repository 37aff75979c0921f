"""Raw data as a ZIP of CSV files, one per table, with a README.txt describing them.

UTF-8 with a byte-order mark (Excel then reads Indonesian text right); values exactly as
stored. Open the XLSX in Excel instead when typed text could look like a formula.
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
In Excel, prefer the XLSX export: it keeps typed text that starts with = or + as text.

"""


def _value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
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
