"""``matrix --format csv``: for Excel — UTF-8 with a BOM, CRLF line ends, no formulas.

Excel reads a CSV file without a byte order mark in the system code page (Shift_JIS on a
Japanese Windows), which garbles Japanese; with the BOM it reads UTF-8. Every text cell that a
spreadsheet would run as a formula is neutralised, whoever wrote it.
"""

from __future__ import annotations

import csv
import io

from ..analysis.matrix import Matrix
from ..i18n import Lang
from .matrix_common import grid, neutralise

BOM = "\ufeff"


def render(matrix: Matrix, lang: Lang) -> bytes:
    table = grid(matrix, lang)
    header = [
        *table.labels,
        *(f"{column.id} {column.label(lang)}" for column in table.columns),
        *table.totals,
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in [header, *table.body, *table.footer]:
        writer.writerow([neutralise(v) if isinstance(v, str) else v for v in line])
    return (BOM + buffer.getvalue()).encode("utf-8")
