"""What every format of ``seta-align matrix`` shares: labels, marks, the grid of cells, guards."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..analysis.matrix import Cell, Matrix, MatrixColumn, MatrixRow
from ..i18n import Lang, Text
from ..printable import visible

DIRECT = "●"
INHERITED = "○"

T = {
    "id": Text("ID", "ID"),
    "measure": Text("施策名", "Measure"),
    "owner": Text("所管部", "Owner"),
    "field": Text("分野", "Field"),
    "field_title": Text("分野名", "Field name"),
    "total_direct": Text("● 計", "● total"),
    "total_inherited": Text("○ 計", "○ total"),
    "rows_measure": Text("施策", "measures"),
    "rows_owner": Text("所管部", "owners"),
    "rows_field": Text("分野", "fields"),
    "heading": Text(
        "対応表: {rows} × {columns}（{key}）", "Coverage matrix: {rows} × {columns} ({key})"
    ),
    "sheet": Text("対応表", "Matrix"),
    "legend": Text("凡例", "Legend"),
    "title": Text("名称", "Title"),
    "title_ja": Text("名称", "Title (Japanese)"),
    "title_en": Text("英語名", "Title (English)"),
    "direct_node": Text(
        "直接: 施策がこの項目そのものに紐づいている",
        "direct: the measure supports this node itself",
    ),
    "inherited_node": Text(
        "間接: 施策がこの項目の下位の項目に紐づいている（直接の紐づけもあれば直接とする）",
        "inherited: the measure supports a node below this one (and not this one itself)",
    ),
    "direct_field": Text("施策の分野", "the measure's own field"),
    "inherited_field": Text(
        "紐づけ先の政策・目標を通じて関わる他の分野",
        "another field the measure reaches through the nodes it supports",
    ),
    "counts": Text(
        "所管部・分野の行の数字は施策の数です（● 直接と ○ 間接を別々に数えます）。",
        "In owner and field rows the numbers count measures (● direct and ○ inherited separately).",
    ),
    "totals": Text(
        "「● 計」「○ 計」は行・列ごとの合計です。",
        "'● total' and '○ total' sum each row and column.",
    ),
}


def heading(matrix: Matrix, lang: Lang) -> str:
    if matrix.is_fields:
        columns = matrix.title if lang == "ja" else matrix.title_en or matrix.title
    elif lang == "ja":
        columns = f"{matrix.framework_title} {matrix.title}"
    else:
        framework = matrix.framework_title_en or matrix.framework_title
        columns = f"{framework} {matrix.title_en or matrix.title}"
    rows = T[f"rows_{matrix.row_kind}"](lang)
    return T["heading"].format(rows=rows, columns=columns, key=matrix.key)(lang)


def marks(matrix: Matrix, lang: Lang) -> list[tuple[str, str]]:
    """The legend of the marks: (mark, meaning) pairs, then notes with an empty mark."""
    kind = "field" if matrix.is_fields else "node"
    notes = [
        (DIRECT, T[f"direct_{kind}"](lang)),
        (INHERITED, T[f"inherited_{kind}"](lang)),
    ]
    if matrix.counts:
        notes.append(("", T["counts"](lang)))
    notes.append(("", T["totals"](lang)))
    return notes


def legend_title(column: MatrixColumn, lang: Lang) -> str:
    """The full title, led by the short one when there is a distinct short one."""
    label, full = column.label(lang), column.full_title(lang)
    return full if label == full else f"{label} — {full}"


def cell_text(cell: Cell, counts: bool) -> str:
    if not counts:
        return DIRECT if cell.direct else INHERITED if cell.inherited else ""
    parts = []
    if cell.direct:
        parts.append(f"{DIRECT}{cell.direct}")
    if cell.inherited:
        parts.append(f"{INHERITED}{cell.inherited}")
    return " ".join(parts)


@dataclass(slots=True)
class Grid:
    """The matrix as rows of plain values, the same for every format.

    Each line: the label cells (id, and a title unless the rows are owners), one cell per
    column, then the row's direct and inherited totals. Two totals lines follow the body.
    """

    labels: list[str]  # headings of the label cells
    columns: list[MatrixColumn]
    totals: list[str]  # headings of the two totals cells
    body: list[list[str | int]]
    footer: list[list[str | int]]

    @property
    def width(self) -> int:
        return len(self.labels) + len(self.columns) + len(self.totals)


def row_labels(matrix: Matrix, row: MatrixRow, lang: Lang) -> list[str]:
    if matrix.row_kind == "owner":
        return [row.id]
    return [row.id, row.label(lang) or ""]


def grid(matrix: Matrix, lang: Lang) -> Grid:
    if matrix.row_kind == "measure":
        labels = [T["id"](lang), T["measure"](lang)]
    elif matrix.row_kind == "owner":
        labels = [T["owner"](lang)]
    else:
        labels = [T["field"](lang), T["field_title"](lang)]
    body: list[list[str | int]] = []
    for row in matrix.rows:
        total = row.total
        body.append(
            [
                *row_labels(matrix, row, lang),
                *(cell_text(cell, matrix.counts) for cell in row.cells),
                total.direct,
                total.inherited,
            ]
        )
    padding = [""] * (len(labels) - 1)
    column_totals = matrix.column_totals
    grand = matrix.total
    footer: list[list[str | int]] = [
        [
            T["total_direct"](lang),
            *padding,
            *(cell.direct for cell in column_totals),
            grand.direct,
            "",
        ],
        [
            T["total_inherited"](lang),
            *padding,
            *(cell.inherited for cell in column_totals),
            "",
            grand.inherited,
        ],
    ]
    return Grid(
        labels,
        list(matrix.columns),
        [T["total_direct"](lang), T["total_inherited"](lang)],
        body,
        footer,
    )


# Spreadsheets run a cell that starts with one of these as a formula (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text a spreadsheet shows as text: a leading formula character gets a ``'`` before it,
    and control characters are shown as escapes (see ``printable``), as in every format.

    Text that already starts with ``'`` and a formula character gets one more, so that taking
    one ``'`` off on import gives back exactly what was written.
    """
    text = visible(text, keep_lines=True)
    if text.startswith(FORMULA_STARTS) or (
        text.startswith("'") and text[1:2] in FORMULA_STARTS and text[1:2]
    ):
        return "'" + text
    return text


def display_width(text: str) -> int:
    """Width in half-width character cells: CJK (and ambiguous, like ●) characters count two."""
    return max(
        (
            sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in line)
            for line in text.splitlines() or [""]
        ),
        default=0,
    )
