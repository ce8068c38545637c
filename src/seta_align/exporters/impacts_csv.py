"""``impacts --format csv``: one table for a spreadsheet — UTF-8 with a BOM, CRLF, no formulas.

A CSV file holds one table, so it holds the one a spreadsheet is wanted for: the signed impact
matrix, measures × the ``--columns`` level (default SDG goals), with each row's sum in the last
column and each column's sum in the last row — the same shape as ``matrix --format csv``. With
``--measure`` it is that measure's direct impacts, with ``--node`` the direct impacts on that
node, one per row. Every table (trade-offs, clusters, influence, the interactions matrix …) is
in the XLSX and Markdown formats.

Scores are plain numbers (``-2``, ``3``) so that a spreadsheet can sum them; an empty cell is no
impact, never 0. Text is neutralised against formulas as in every sheet this tool writes.
"""

from __future__ import annotations

import csv
import io

from .impacts_tables import SignedGrid, T, Table, build
from .matrix_common import neutralise
from .matrix_csv import BOM


def _lines(table: Table | SignedGrid, lang) -> list[list]:
    if isinstance(table, Table):
        return [[column.heading for column in table.columns], *table.rows]
    header = [
        T["id"](lang),
        T["measure_title"](lang),
        *(f"{column.id} {column.label(lang)}" for column in table.columns),
        T["row_sum"](lang),
    ]
    body = [
        [identifier, title, *cells, row_sum]
        for (identifier, title), cells, row_sum in zip(
            table.rows, table.cells, table.row_sums, strict=True
        )
    ]
    footer = [T["column_sum"](lang), None, *table.column_sums, table.total]
    return [header, *body, footer]


def render(view) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in _lines(build(view).first, view.lang):
        writer.writerow(
            ["" if v is None else neutralise(v) if isinstance(v, str) else v for v in line]
        )
    return (BOM + buffer.getvalue()).encode("utf-8")
