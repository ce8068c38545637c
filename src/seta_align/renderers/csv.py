"""A view's main table as CSV, for Excel and for scripts: the columns of a spreadsheet, a
figure as a plain number (1050, not 1,050; a percentage as its fraction, 0.35; a score as −1,
not −1 with the typeset minus), any other cell as its text; a heading with its second line
after a space (``SDG-8 働きがいも経済成長も``); the sums under the rows as a last row.

UTF-8 with a BOM and CRLF line ends, which Excel opens as UTF-8; every text cell a spreadsheet
would run as a formula is neutralised (:func:`..exporters.measures_sheet.csv_bytes`).
"""

from __future__ import annotations

from itertools import chain

from ..exporters.measures_sheet import csv_bytes
from ..views.model import View, data_value


def heading(column) -> str:
    return f"{column.title} {column.subtitle}" if column.subtitle else column.title


def document(view: View, lang: str) -> bytes:
    (table,) = [t for t in view.tables("csv") if t.key == view.main]
    lines: list[list[object]] = [[heading(column) for column in table.columns]]
    rows = chain(table.rows, table.totals)
    for row in rows:
        lines.append([data_value(c, col) for c, col in zip(row, table.columns, strict=True)])
    return csv_bytes(lines)
