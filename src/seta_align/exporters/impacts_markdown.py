"""``impacts --format markdown``: the impact pre-assessment for a wiki, an issue or a
pull-request comment — every table of the terminal view and the two signed matrices as
GitHub-flavoured tables, then the legend of the scale.

Scores are written signed (+2, −1, 0), second-order values with two decimals (−3.33). An empty
matrix cell is no impact / not assessed, never 0. Matrix columns are headed by their ids; their
titles follow each matrix. Text from the user's files can neither break a table nor become HTML
(the matrix command's cell escaping).
"""

from __future__ import annotations

from ..i18n import Lang, Text
from .impacts_tables import (
    NUMBER,
    SCORE,
    VALUE,
    SignedGrid,
    T,
    Table,
    Value,
    build,
    scale_columns,
    scale_rows,
    signed,
    signed_value,
)
from .matrix_common import legend_title
from .matrix_markdown import cell

EMPTY = Text("（該当なし）", "(none)")
ALIGN = {SCORE: "--:", VALUE: "--:", NUMBER: "--:"}


def _written(value: Value, kind: str) -> str:
    if value is None:
        return ""
    if kind == SCORE and isinstance(value, int):
        return signed(value)
    if kind == VALUE and isinstance(value, int | float):
        return signed_value(value)
    return cell(value)


def _line(values: list[str]) -> str:
    return "| " + " | ".join(values) + " |"


def _table(table: Table, lang: Lang) -> list[str]:
    lines = [f"### {cell(table.title)}", ""]
    if not table.rows:
        return [*lines, EMPTY(lang), ""]
    lines.append(_line([cell(column.heading) for column in table.columns]))
    lines.append(_line([ALIGN.get(column.kind, "---") for column in table.columns]))
    for row in table.rows:
        lines.append(
            _line([_written(v, column.kind) for v, column in zip(row, table.columns, strict=True)])
        )
    return [*lines, ""]


def _matrix(grid: SignedGrid, lang: Lang) -> list[str]:
    lines = [f"### {cell(grid.title)}", ""]
    if not grid.rows:
        return [*lines, EMPTY(lang), "", *(f"- {cell(note)}" for note in grid.notes), ""]
    # A measure's title helps; a target's full title is long and repeats the column legend.
    titled = grid.key == "measures_matrix"
    labels = [T["id"](lang), *([T["measure_title"](lang)] if titled else [])]
    header = [*labels, *(column.id for column in grid.columns), T["row_sum"](lang)]
    lines.append(_line([cell(h) for h in header]))
    lines.append(_line(["---"] * len(labels) + [":-:"] * len(grid.columns) + ["--:"]))
    for (identifier, title), cells, row_sum in zip(
        grid.rows, grid.cells, grid.row_sums, strict=True
    ):
        lines.append(
            _line(
                [
                    cell(identifier),
                    *([cell(title)] if titled else []),
                    *(_written(v, SCORE) for v in cells),
                    f"**{_written(row_sum, SCORE)}**" if row_sum is not None else "",
                ]
            )
        )
    footer = [f"**{cell(T['column_sum'](lang))}**", *([""] if titled else [])]
    footer += [_written(v, SCORE) for v in grid.column_sums]
    footer.append(f"**{_written(grid.total, SCORE)}**" if grid.total is not None else "")
    lines += [_line(footer), ""]
    lines += [f"- {cell(note)}" for note in grid.notes]
    lines += ["", f"**{cell(T['columns_legend'](lang))}**", ""]
    lines += [_line([cell(T["id"](lang)), cell(T["node_title"](lang))]), "| --- | --- |"]
    lines += [
        _line([cell(column.id), cell(legend_title(column, lang))]) for column in grid.columns
    ]
    return [*lines, ""]


def render(view) -> str:
    lang = view.lang
    report = build(view)
    lines = [f"## {cell(report.title)}", ""]
    if report.notes:
        lines += [*(f"> {cell(note)}" for note in report.notes), ""]
    for table in report.tables:
        lines += _table(table, lang)
    for grid in report.matrices:
        lines += _matrix(grid, lang)
    columns = scale_columns(lang)
    lines += [f"### {cell(T['legend'](lang))}: {cell(T['legend_scale'](lang))}", ""]
    lines.append(_line([cell(column.heading) for column in columns]))
    lines.append(_line([ALIGN.get(column.kind, "---") for column in columns]))
    for row in scale_rows():
        lines.append(
            _line([_written(v, column.kind) for v, column in zip(row, columns, strict=True)])
        )
    return "\n".join(lines) + "\n"
