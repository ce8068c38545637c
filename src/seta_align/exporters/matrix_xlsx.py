"""``matrix --format xlsx``: an Excel workbook for people who work in Excel.

Sheet 1 is the matrix: the header row and the label columns frozen, Japanese (or English)
headings, the goal colours of the SDGs on their columns, marks centred, totals in bold. Sheet 2
is the legend: every column's id and titles, and what the marks mean. Text cells are
neutralised against formulas like the CSV; characters a workbook cannot hold are replaced.

openpyxl is imported here only, so that the other commands never load it.
"""

from __future__ import annotations

import math

from ..analysis.matrix import Matrix, MatrixColumn
from ..i18n import Lang
from .matrix_common import T, display_width, grid, heading, marks, neutralise

# Node columns: at most this wide (in half-width characters), their heading at most this many
# lines; a longer title is shortened in the heading and given in full in the legend.
NODE_WIDTH = 14
HEADER_LINES = 4
LABEL_WIDTH = 48


def _text(value: str | int | None) -> str | int | None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if not isinstance(value, str):
        return value
    if value == "":
        return None
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))


def _shorten(text: str, budget: int) -> str:
    if display_width(text) <= budget:
        return text
    kept = ""
    for char in text:
        if display_width(kept + char) > budget - 2:
            break
        kept += char
    return kept + "…"


def _node_header(column: MatrixColumn, lang: Lang, cells_width: int) -> tuple[str, int]:
    label = column.label(lang)
    width = min(
        NODE_WIDTH,
        max(display_width(column.id), cells_width, math.ceil(display_width(label) / 3)),
    )
    return f"{column.id}\n{_shorten(label, width * HEADER_LINES)}", width + 2


def render(matrix: Matrix, lang: Lang) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    table = grid(matrix, lang)
    labels, nodes = len(table.labels), len(table.columns)
    lines = [*table.body, *table.footer]
    book = Workbook()
    book.properties.title = heading(matrix, lang)
    sheet = book.active
    sheet.title = T["sheet"](lang)

    widths: list[int] = []
    header: list[str] = list(table.labels)
    for index, label in enumerate(table.labels):
        content = max((display_width(str(line[index])) for line in lines), default=0)
        cap = LABEL_WIDTH if index else 30
        widths.append(min(cap, max(display_width(label), content)) + 2)
    for offset, column in enumerate(table.columns):
        content = max((display_width(str(line[labels + offset])) for line in lines), default=0)
        text, width = _node_header(column, lang, content)
        header.append(text)
        widths.append(width)
    for index, label in enumerate(table.totals):
        position = labels + nodes + index
        content = max((display_width(str(line[position])) for line in lines), default=0)
        header.append(label)
        widths.append(max(display_width(label), content) + 2)

    sheet.append([_text(value) for value in header])
    for line in lines:
        sheet.append([_text(value) for value in line])

    bold = Font(bold=True)
    white_bold = Font(bold=True, color="FFFFFF")
    centred = Alignment(horizontal="center", vertical="center")
    heading_style = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrapped = Alignment(vertical="top", wrap_text=True)
    footer_start = 2 + len(table.body)

    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = heading_style
    for offset, column in enumerate(table.columns):
        if column.color:
            cell = sheet.cell(row=1, column=labels + offset + 1)
            colour = column.color.lstrip("#").upper()
            cell.fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
            cell.font = white_bold
    for row_number in range(2, sheet.max_row + 1):
        for position in range(1, table.width + 1):
            cell = sheet.cell(row=row_number, column=position)
            if position > labels:
                cell.alignment = centred
            elif position > 1:
                cell.alignment = wrapped
            if row_number >= footer_start or position > labels + nodes:
                cell.font = bold
    sheet.freeze_panes = sheet.cell(row=2, column=labels + 1).coordinate

    legend = book.create_sheet(T["legend"](lang))
    legend.append([T["id"](lang), T["title_ja"](lang), T["title_en"](lang)])
    for column in table.columns:
        legend.append([_text(column.id), _text(column.title), _text(column.title_en or "")])
    legend.append([])
    for mark, meaning in marks(matrix, lang):
        legend.append([_text(mark), _text(meaning)])
    for cell in legend[1]:
        cell.font = bold
    for offset, column in enumerate(table.columns):
        if column.color:
            cell = legend.cell(row=offset + 2, column=1)
            colour = column.color.lstrip("#").upper()
            cell.fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
            cell.font = white_bold
    legend_widths = (
        max([display_width(c.id) for c in table.columns] + [4]) + 2,
        min(80, max([display_width(c.title) for c in table.columns] + [10]) + 2),
        min(80, max([display_width(c.title_en or "") for c in table.columns] + [10]) + 2),
    )
    for position, width in enumerate(legend_widths, start=1):
        legend.column_dimensions[get_column_letter(position)].width = width
    for row in legend.iter_rows(min_row=2, min_col=2, max_col=3):
        for cell in row:
            cell.alignment = wrapped
    legend.freeze_panes = "A2"

    from ..renderers.xlsx import to_bytes

    return to_bytes(book)

