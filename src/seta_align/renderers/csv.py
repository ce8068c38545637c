"""A view's main table as CSV, for Excel and for scripts: the columns of its data audience, a
figure as a plain number (1050, not 1,050; a percentage as its fraction, 0.35), any other cell
as its text.

UTF-8 with a BOM and CRLF line ends, which Excel opens as UTF-8; every text cell a spreadsheet
would run as a formula is neutralised (:func:`..exporters.measures_sheet.csv_bytes`).
"""

from __future__ import annotations

from ..exporters.measures_sheet import csv_bytes
from ..views.model import View, data_value


def document(view: View, lang: str) -> bytes:
    (table,) = [t for t in view.tables("csv") if t.key == view.main]
    lines: list[list[object]] = [[column.title for column in table.columns]]
    for row in table.rows:
        lines.append([data_value(c, col) for c, col in zip(row, table.columns, strict=True)])
    return csv_bytes(lines)
