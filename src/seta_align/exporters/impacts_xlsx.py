"""``impacts --format xlsx``: the impact pre-assessment as an Excel workbook, one sheet per table.

Each sheet starts with its title and its column headings, both rows frozen with the id column.
Scores and sums are numbers (shown signed, +2 / -1), second-order values numbers with two
decimals. The two signed matrices — measures × the ``--columns`` level and targets × targets —
carry a diverging colour scale as conditional formatting: red at −extent, white at 0, green at
+extent (extent: the largest magnitude of a cell, at least 3), so the colours follow the values
when someone edits them in Excel. An empty matrix cell is no impact / not assessed, never 0.
The last sheet is the legend: the seven-point scale (score, English name, Japanese label) in the
same colours, what empty cells and sums mean, and the columns' full titles.

Text cells are neutralised against formulas like every sheet this tool writes. openpyxl is
imported here only, so that the other commands never load it.
"""

from __future__ import annotations

from ..i18n import Lang
from .impacts_tables import (
    NUMBER,
    SCORE,
    TEXT,
    VALUE,
    SignedGrid,
    T,
    Table,
    build,
    scale_columns,
    scale_rows,
)
from .matrix_common import display_width

# Excel's own diverging scale colours (the defaults of its red–white–green colour scale).
RED = "F8696B"
WHITE = "FFFFFF"
GREEN = "63BE7B"

FORMATS = {SCORE: "+0;-0;0", VALUE: "+0.00;-0.00;0.00", NUMBER: "0"}
TEXT_WIDTH = 48  # a text column wider than this wraps
HEADER_ROWS = 2  # the title row and the headings row


def scale_colour(score: float, extent: int) -> str:
    """The colour the scale gives ``score``: white at 0, blending to green at +extent and red at
    −extent, as Excel interpolates a three-colour scale."""
    share = min(1.0, abs(score) / extent)
    end = GREEN if score > 0 else RED
    channels = []
    for position in (0, 2, 4):
        start_value = int(WHITE[position : position + 2], 16)
        end_value = int(end[position : position + 2], 16)
        channels.append(round(start_value + (end_value - start_value) * share))
    return "".join(f"{channel:02X}" for channel in channels)


def render(view) -> bytes:
    from openpyxl import Workbook

    report = build(view)
    book = Workbook()
    book.properties.title = report.title
    book.remove(book.active)
    for table in report.tables:
        _table_sheet(book, table)
    for grid in report.matrices:
        _matrix_sheet(book, grid, view.lang)
    _legend_sheet(book, report, view.lang)
    from ..renderers.xlsx import to_bytes

    return to_bytes(book)



def _styles():
    from openpyxl.styles import Alignment, Font, PatternFill

    return {
        "title": Font(bold=True, size=12),
        "bold": Font(bold=True),
        "white_bold": Font(bold=True, color="FFFFFF"),
        "heading_fill": PatternFill(fill_type="solid", start_color="DDEBF7", end_color="DDEBF7"),
        "heading": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "wrapped": Alignment(vertical="top", wrap_text=True),
        "top": Alignment(vertical="top"),
        "centred": Alignment(horizontal="center", vertical="center"),
    }


def _fill(colour: str):
    from openpyxl.styles import PatternFill

    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def _value(value):
    from .matrix_xlsx import _text  # the matrix sheets' guard: formulas, illegal characters

    return _text(value)


def _title_rows(sheet, title: str, headings: list[str], styles) -> None:
    sheet.append([_value(title)])
    sheet["A1"].font = styles["title"]
    sheet.append([_value(h) for h in headings])
    for cell in sheet[HEADER_ROWS]:
        cell.font = styles["bold"]
        cell.fill = styles["heading_fill"]
        cell.alignment = styles["heading"]


def _notes(sheet, notes: list[str]) -> None:
    if notes:
        sheet.append([])
        for note in notes:
            sheet.append([_value(note)])


def _table_sheet(book, table: Table) -> None:
    from openpyxl.utils import get_column_letter

    styles = _styles()
    sheet = book.create_sheet(table.sheet)
    _title_rows(sheet, table.title, [c.heading for c in table.columns], styles)
    for row in table.rows:
        sheet.append([_value(v) for v in row])
    last = HEADER_ROWS + len(table.rows)
    for position, column in enumerate(table.columns, start=1):
        values = [str(row[position - 1]) for row in table.rows if row[position - 1] is not None]
        widest = max([display_width(column.heading), *map(display_width, values)])
        sheet.column_dimensions[get_column_letter(position)].width = (
            max(6, min(TEXT_WIDTH, widest)) + 2
        )
        wraps = column.kind == TEXT and widest > TEXT_WIDTH
        for row_number in range(HEADER_ROWS + 1, last + 1):
            cell = sheet.cell(row=row_number, column=position)
            if column.kind in FORMATS:
                cell.number_format = FORMATS[column.kind]
            else:
                cell.alignment = styles["wrapped" if wraps else "top"]
    sheet.freeze_panes = "B3"  # the title, the headings and the first column stay in view


def _matrix_sheet(book, grid: SignedGrid, lang: Lang) -> None:
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.utils import get_column_letter

    from .matrix_xlsx import _node_header

    styles = _styles()
    sheet = book.create_sheet(grid.sheet)
    labels = [T["id"](lang), T["measure_title" if grid.key == "measures_matrix" else "node_title"](lang)]
    headers, widths = [], []
    for index, column in enumerate(grid.columns):
        content = max((display_width(str(line[index])) for line in grid.cells if line[index] is not None), default=1)
        text, width = _node_header(column, lang, max(content, 2))
        headers.append(text)
        widths.append(width)
    _title_rows(sheet, grid.title, [*labels, *headers, T["row_sum"](lang)], styles)
    for (identifier, title), cells, row_sum in zip(grid.rows, grid.cells, grid.row_sums, strict=True):
        sheet.append([_value(identifier), _value(title), *cells, row_sum])
    sheet.append(
        [_value(T["column_sum"](lang)), None, *grid.column_sums, grid.total]
    )
    first_body = HEADER_ROWS + 1
    footer = first_body + len(grid.rows)
    first_cell_column, last_cell_column = 3, 2 + len(grid.columns)
    sum_column = last_cell_column + 1

    for offset, column in enumerate(grid.columns):
        if column.color:
            cell = sheet.cell(row=HEADER_ROWS, column=first_cell_column + offset)
            cell.fill = _fill(column.color.lstrip("#").upper())
            cell.font = styles["white_bold"]
    for row_number in range(first_body, footer + 1):
        for position in range(first_cell_column, sum_column + 1):
            cell = sheet.cell(row=row_number, column=position)
            cell.number_format = FORMATS[SCORE]
            cell.alignment = styles["centred"]
            if position == sum_column or row_number == footer:
                cell.font = styles["bold"]
        sheet.cell(row=row_number, column=2).alignment = styles["wrapped"]
    sheet.cell(row=footer, column=1).font = styles["bold"]

    if grid.rows and grid.columns:
        cells = (
            f"{get_column_letter(first_cell_column)}{first_body}:"
            f"{get_column_letter(last_cell_column)}{footer - 1}"
        )
        sheet.conditional_formatting.add(
            cells,
            ColorScaleRule(
                start_type="num", start_value=-grid.extent, start_color=RED,
                mid_type="num", mid_value=0, mid_color=WHITE,
                end_type="num", end_value=grid.extent, end_color=GREEN,
            ),
        )

    id_width = max([display_width(labels[0]), *(display_width(r[0]) for r in grid.rows)])
    title_width = max([display_width(labels[1]), *(display_width(r[1]) for r in grid.rows)])
    sheet.column_dimensions["A"].width = max(id_width, display_width(T["column_sum"](lang))) + 2
    sheet.column_dimensions["B"].width = min(TEXT_WIDTH, title_width) + 2
    for offset, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(first_cell_column + offset)].width = width
    sheet.column_dimensions[get_column_letter(sum_column)].width = (
        display_width(T["row_sum"](lang)) + 4
    )
    sheet.freeze_panes = "C3"  # the title, the headings and the row labels stay in view
    _notes(sheet, grid.notes)


def _legend_sheet(book, report, lang: Lang) -> None:
    from openpyxl.utils import get_column_letter

    styles = _styles()
    sheet = book.create_sheet(T["legend"](lang))
    columns = scale_columns(lang)
    _title_rows(sheet, T["legend_scale"](lang), [c.heading for c in columns], styles)
    for row in scale_rows():
        sheet.append([_value(v) for v in row])
        cell = sheet.cell(row=sheet.max_row, column=1)
        cell.number_format = FORMATS[SCORE]
        cell.alignment = styles["centred"]
        cell.fill = _fill(scale_colour(row[0], 3))
    notes = list(report.notes)
    for grid in report.matrices:
        notes += [f"{grid.sheet}: {note}" for note in grid.notes]
    _notes(sheet, notes)
    titled = {}
    for grid in report.matrices:
        for column in grid.columns:
            titled.setdefault(column.id, column)
    if titled:
        sheet.append([])
        sheet.append([_value(T["columns_legend"](lang))])
        sheet.cell(row=sheet.max_row, column=1).font = styles["title"]
        sheet.append([_value(T["id"](lang)), _value(T["node_title"](lang))])
        for cell in sheet[sheet.max_row]:
            cell.font = styles["bold"]
        for column in titled.values():
            sheet.append([_value(column.id), _value(column.full_title(lang))])
            sheet.cell(row=sheet.max_row, column=2).alignment = styles["wrapped"]
            if column.color:
                cell = sheet.cell(row=sheet.max_row, column=1)
                cell.fill = _fill(column.color.lstrip("#").upper())
                cell.font = styles["white_bold"]
    widths = (14, 70, 14)  # score or id; English name or full title; Japanese label
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "A3"
