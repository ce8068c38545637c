"""``seta-align export --interactions``: the interactions file as a square sheet.

The ids of every target the file names run across the first row and down the first column, in
the framework's order; a cell is the row's effect on the column (a whole number, −3 … +3), an
empty cell a pair not assessed. It is the sheet ``seta-align import --interactions`` reads, so
sheet → interactions file → sheet gives the same sheet. The workbook colours the scores (green
positive, red negative, kept up to date as they are edited), greys the diagonal and adds a
legend sheet: the scale and every id's title from the framework.

openpyxl is imported here only, so that the other commands never load it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import Lang, Text
from ..renderers.sheet_text import display_width
from ..vocabulary import IMPACT_SCALE, written
from .measures_sheet import Value, csv_bytes, xlsx_value

if TYPE_CHECKING:
    from ..analysis.impact_matrix import SignedMatrix
    from ..loading.framework import Framework

SHEET_TITLE = Text("相互作用", "Interactions")
LEGEND_TITLE = Text("凡例", "Legend")
# A pair's texts, which a square's cell has no room for: a sheet of their own, read back by
# import (sheet.square.read_records). Headings in both languages, as a clerk may meet either.
RECORDS_TITLE = "評価の記録"
RECORD_HEADINGS = (
    ("from", "影響元 / from"),
    ("to", "影響先 / to"),
    ("note", "備考 / note"),
    ("assessed_by", "評価者 / assessed_by"),
    ("assessed_on", "評価日 / assessed_on"),
    ("source", "出典 / source"),
)

CORNER = Text("行が列に与える影響", "effect of row on column")
# Light tints, so that the score stays legible on its cell: green helps, red hinders.
SCORE_FILLS = {
    3: "5AAE61",
    2: "A6DBA0",
    1: "D9F0D3",
    0: "F2F2F2",
    -1: "FDDBC7",
    -2: "F4A582",
    -3: "D6604D",
}
DIAGONAL_FILL = "BFBFBF"
SIGNED = "+0;-0;0"


def grid(matrix: SignedMatrix, lang: Lang) -> list[list[Value]]:
    """The first row (the corner's label, then the ids), then one row per id."""
    lines: list[list[Value]] = [[CORNER(lang), *matrix.columns]]
    for row in matrix.rows:
        lines.append([row, *(matrix.score(row, column) for column in matrix.columns)])
    return lines


def render_csv(matrix: SignedMatrix, lang: Lang) -> bytes:
    """UTF-8 with a BOM and CRLF line ends, which Excel opens as UTF-8."""
    return csv_bytes(grid(matrix, lang))


def render_xlsx(
    matrix: SignedMatrix, framework: Framework, lang: Lang, records: list | None = None
) -> bytes:
    """The square sheet, its legend and, for the pairs that carry a note, an assessor, a date
    or a source (``records``: interactions), a sheet of those texts."""
    from openpyxl import Workbook
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    def fill(colour: str) -> PatternFill:
        return PatternFill(fill_type="solid", start_color=colour, end_color=colour)

    book = Workbook()
    book.properties.title = SHEET_TITLE(lang)
    sheet = book.active
    sheet.title = SHEET_TITLE("ja")  # the same sheet name whatever --lang, like 施策一覧
    for line in grid(matrix, lang):
        sheet.append([xlsx_value(value) for value in line])

    size = len(matrix.rows)
    bold = Font(bold=True)
    heading_fill = fill("DDEBF7")
    centred = Alignment(horizontal="center", vertical="center")
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = heading_fill
        cell.alignment = centred
        cell.number_format = "@"
    for row in range(2, size + 2):
        label = sheet.cell(row=row, column=1)
        label.font = bold
        label.fill = heading_fill
        label.number_format = "@"
        for column in range(2, size + 2):
            cell = sheet.cell(row=row, column=column)
            cell.alignment = centred
            cell.number_format = SIGNED
            if row == column:
                cell.fill = fill(DIAGONAL_FILL)
    if size:
        body = f"B2:{get_column_letter(size + 1)}{size + 1}"
        for score, colour in SCORE_FILLS.items():
            # ISNUMBER first: "equal 0" alone colours the blank cells too, and a pair never
            # assessed would look like a 0 (README: it is not).
            sheet.conditional_formatting.add(
                body, FormulaRule(formula=[f"AND(ISNUMBER(B2),B2={score})"], fill=fill(colour))
            )
    widest = max([display_width(CORNER(lang)), *(display_width(i) for i in matrix.rows)])
    sheet.column_dimensions["A"].width = widest + 2
    for position, identifier in enumerate(matrix.columns, start=2):
        width = max(6, display_width(identifier) + 2)
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "B2"

    _legend(book.create_sheet(LEGEND_TITLE("ja")), matrix, framework, bold, heading_fill)
    if records:
        _records(book.create_sheet(RECORDS_TITLE), records, bold, heading_fill)
    from ..renderers.xlsx import to_bytes

    return to_bytes(book)



_HOW = (
    Text(
        "行の目標が列の目標に与える影響を、1つのセルに1つの評価で書きます（整数か尺度の名前）。"
        "空のセルは未評価で、0（中立）とは違います。対角線は空けておきます。",
        "Each cell scores the row's effect on the column: a whole number or a name of the "
        "scale. An empty cell is not assessed, which is not 0 (consistent). The diagonal "
        "stays empty.",
    ),
    Text(
        "目標を加えるときは、同じ ID を1行目と1列目の両方に加えます。"
        "読み込み: seta-align import ファイル.xlsx --interactions",
        "To add a target, add its id both to the first row and to the first column. Read the "
        "sheet back with: seta-align import FILE.xlsx --interactions",
    ),
)


def carries_record(item) -> bool:
    """Whether an interaction has a text besides its score (which the square cannot hold)."""
    return any(
        written(item, key) for key, _ in RECORD_HEADINGS[2:]
    )


def _records(sheet, records: list, bold, heading_fill) -> None:
    from openpyxl.utils import get_column_letter

    sheet.append([heading for _, heading in RECORD_HEADINGS])
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = heading_fill
    for item in records:
        row = [written(item, key) for key, _ in RECORD_HEADINGS]
        sheet.append([xlsx_value(value) for value in row])
    for column in sheet.iter_cols(min_col=5, max_col=5, min_row=2):
        for cell in column:
            cell.number_format = "@"  # a date kept as the text it was written (2025-01-20)
    for position, width in enumerate((12, 12, 40, 24, 14, 40), start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "A2"


def _legend(sheet, matrix: SignedMatrix, framework: Framework, bold, heading_fill) -> None:
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter

    sheet.append(["評価 / Score", "日本語", "English"])
    for score, (english, japanese) in IMPACT_SCALE.items():
        sheet.append([score, japanese, english])
        cell = sheet.cell(row=sheet.max_row, column=1)
        cell.number_format = SIGNED
        colour = SCORE_FILLS[score]
        cell.fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
    sheet.append([])
    for text in _HOW:
        sheet.append([xlsx_value(text.ja)])
        sheet.append([xlsx_value(text.en)])
    sheet.append([])
    start = sheet.max_row + 1
    sheet.append(["ID", "名称", "Title"])
    for identifier in matrix.rows:
        node = framework.nodes.get(identifier)
        title = node.title if node else None
        title_en = node.title_en if node else None
        sheet.append([xlsx_value(identifier), xlsx_value(title), xlsx_value(title_en)])
    for row in (1, start):
        for cell in sheet[row]:
            cell.font = bold
            cell.fill = heading_fill
    wrapped = Alignment(vertical="top", wrap_text=True)
    for row in sheet.iter_rows(min_row=start + 1):
        for cell in row:
            cell.alignment = wrapped
    for position, width in enumerate((14, 60, 60), start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
