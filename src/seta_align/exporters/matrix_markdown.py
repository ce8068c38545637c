"""``matrix --format markdown``: a table for a wiki, an issue or a pull-request comment.

Column headings are the node ids; the titles follow in a legend. Text from the user's files can
neither break the table (pipes, backslashes, line breaks) nor become HTML.
"""

from __future__ import annotations

from ..analysis.matrix import Matrix
from ..i18n import Lang
from ..renderers.markdown import cell as markdown_cell
from .matrix_common import T, grid, heading, legend_title, marks


def cell(value: str | int) -> str:
    return markdown_cell(str(value))


def _line(values: list) -> str:
    return "| " + " | ".join(cell(v) for v in values) + " |"


def render(matrix: Matrix, lang: Lang) -> str:
    table = grid(matrix, lang)
    header = [*table.labels, *(column.id for column in table.columns), *table.totals]
    align = ["---"] * len(table.labels) + [":-:"] * len(table.columns) + ["--:"] * len(table.totals)
    lines = [
        f"### {cell(heading(matrix, lang))}",
        "",
        _line(header),
        "| " + " | ".join(align) + " |",
    ]
    lines += [_line(row) for row in table.body]
    lines += [_line([f"**{row[0]}**", *row[1:]]) for row in table.footer]
    lines += [""]
    lines += [f"- {cell(f'{mark} {meaning}'.strip())}" for mark, meaning in marks(matrix, lang)]
    lines += ["", f"**{T['legend'](lang)}**", ""]
    lines += [_line([T["id"](lang), T["title"](lang)]), "| --- | --- |"]
    lines += [_line([column.id, legend_title(column, lang)]) for column in table.columns]
    return "\n".join(lines) + "\n"
