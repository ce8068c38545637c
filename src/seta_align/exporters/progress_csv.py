"""``progress --format csv``: the per-KPI table (its columns: :mod:`.progress_table`) for Excel
and for scripts — one row per KPI and plan-level indicator, each year's result in its own
column, whatever ``--by`` (a roll-up is a sum of these rows; the workbook has them).

UTF-8 with a BOM and CRLF line ends, which Excel opens as UTF-8; every text cell a spreadsheet
would run as a formula is neutralised (:func:`.measures_sheet.csv_bytes`). Numbers are written
plainly (1050, not 1,050), achievements as fractions (0.35 = 35 %), statuses by their label
and, in the next column, by their English name.
"""

from __future__ import annotations

from . import progress_table as table
from .measures_sheet import csv_bytes


def render(view) -> bytes:
    columns = table.columns(view)
    lines = [[column.heading for column in columns]]
    for values in table.rows(view):
        lines.append(
            [
                table.text_of(value, column.kind, view.lang)
                for value, column in zip(values, columns, strict=True)
            ]
        )
    return csv_bytes(lines)
