"""Raw data as one XLSX workbook (openpyxl): a sheet per table, header row frozen, real types.

Numbers stay numbers, dates and timestamps become date cells (timestamps in UTC), booleans
stay booleans. Text that starts like a formula stays text, and characters a worksheet
cannot hold are dropped.
"""

import datetime
import io
import re

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .tables import DESCRIPTIONS, raw_tables

# Excel keeps at most this many characters in a cell.
CELL_MAX = 32767
HEADER_FILL = PatternFill("solid", fgColor="DCE6F2")
DATE_COLUMNS = {"starts_on", "ends_on", "date", "on_date", "due_on"}
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONEY_COLUMNS = {"budget_idr"}


def typed(column, value):
    """A stored value → the cell value Excel should see."""
    if isinstance(value, str):
        if column in DATE_COLUMNS and _DATE.match(value):
            return datetime.date.fromisoformat(value)
        if (column.endswith("_at") or column == "at") and _TIMESTAMP.match(value):
            return datetime.datetime.fromisoformat(value[:-1])
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if len(value) > CELL_MAX:
            value = value[: CELL_MAX - 1] + "…"
    return value


def _sheet(wb, name, columns, rows):
    ws = wb.create_sheet(title=name[:31])
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    widths = [len(c) + 2 for c in columns]
    for values in rows:
        ws.append([typed(c, v) for c, v in zip(columns, values, strict=True)])
        for n, cell in enumerate(ws[ws.max_row]):
            value = cell.value
            if cell.data_type == "f":  # typed text such as "=HYPERLINK(…)" is not a formula
                cell.data_type = "s"
            if isinstance(value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
                widths[n] = max(widths[n], 20)
            elif isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
                widths[n] = max(widths[n], 12)
            elif columns[n] in MONEY_COLUMNS and isinstance(value, int):
                cell.number_format = "#,##0"
            elif isinstance(value, str):
                widths[n] = max(widths[n], min(len(value), 60))
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = ws.dimensions
    for n, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(n)].width = min(max(width, 8), 60)
    return ws


def workbook_bytes(data):
    """The workbook as bytes: an 'about' sheet, then one sheet per table."""
    wb = Workbook()
    about = wb.active
    about.title = "about"
    ws = data["workshop"]
    about.append(["Rembuk", ws["title"]])
    about.append(["city", ws["city"]])
    about.append(["exported_at (UTC)", typed("exported_at", data["exported_at"])])
    about.append([])
    about.append(["sheet", "what it holds"])
    for cell in about[about.max_row]:
        cell.font = Font(bold=True)
    tables = raw_tables(data)
    for name in tables:
        about.append([name, DESCRIPTIONS.get(name, "")])
    about.column_dimensions["A"].width = 20
    about.column_dimensions["B"].width = 100
    for row in about.iter_rows():
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if cell.data_type == "f":
                cell.data_type = "s"
    about["B3"].number_format = "yyyy-mm-dd hh:mm:ss"
    for name, (columns, rows) in tables.items():
        _sheet(wb, name, columns, rows)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
