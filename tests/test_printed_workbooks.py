"""Every workbook the tool writes prints: A4, fitted to one page wide, the header repeated on
each page, and rows tall enough for their wrapped text (so nothing spills over the rows below in
LibreOffice Calc); and no conditional format colours a blank cell (a pair never assessed is not
a 0). Checked on the workbooks of the bundled sample, read back with openpyxl."""

from __future__ import annotations

import math

import pytest
from openpyxl import load_workbook
from rich.cells import cell_len

from seta_align.renderers.xlsx import (
    DEFAULT_WIDTH,
    LINE_HEIGHT,
    PRINTABLE_LANDSCAPE,
    PRINTABLE_PORTRAIT,
    lines_needed,
)

from conftest import FIXTURES, run_cli

WORKBOOKS = {
    "matrix": ("matrix", "--sample"),
    "measures": ("export", "--sample"),
    "results": ("export", "--sample", "--results-template", "--year", "2026"),
    "interactions": ("export", "--sample", "--interactions"),
    "progress": ("progress", "--sample"),
    "impacts": ("impacts", "--sample"),
    "trace": ("trace", "PP-6", "--sample"),
    "diff": ("diff", FIXTURES / "diff" / "old", FIXTURES / "diff" / "new"),
    "sheets": ("sheets", "--sample"),
}


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    folder = tmp_path_factory.mktemp("books")
    found = {}
    for name, args in WORKBOOKS.items():
        target = folder / f"{name}.xlsx"
        result = run_cli(*args, "-o", target)
        assert result.exit_code == 0, (name, result.output)
        found[name] = load_workbook(target)
    return found


@pytest.mark.parametrize("name", list(WORKBOOKS))
def test_every_sheet_prints_on_a4_one_page_wide(books, name):
    from openpyxl.utils import get_column_letter

    for sheet in books[name].worksheets:
        setup = sheet.page_setup
        assert str(setup.paperSize) == str(sheet.PAPERSIZE_A4), (name, sheet.title)
        total = sum(
            sheet.column_dimensions[get_column_letter(i)].width or DEFAULT_WIDTH
            for i in range(1, sheet.max_column + 1)
        )
        room = PRINTABLE_LANDSCAPE if setup.orientation == "landscape" else PRINTABLE_PORTRAIT
        # Scaled so that every column fits across the page.
        assert total * int(setup.scale) / 100 <= room + 1, (name, sheet.title, total, setup.scale)
        if sheet.freeze_panes and sheet.freeze_panes[-1] != "1":
            assert sheet.print_title_rows, (name, sheet.title)  # the header on every page


@pytest.mark.parametrize("name", list(WORKBOOKS))
def test_no_wrapped_text_is_taller_than_its_row(books, name):

    checked = 0
    for sheet in books[name].worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                wrapped = bool(cell.alignment and cell.alignment.wrap_text)
                if not wrapped and "\n" not in cell.value:
                    continue
                width = _width(sheet, cell)
                lines = lines_needed(cell.value, width, wrapped)
                if lines > 1:
                    checked += 1
                    height = sheet.row_dimensions[cell.row].height
                    assert height is not None and height >= lines * LINE_HEIGHT, (
                        name, sheet.title, cell.coordinate, cell.value,
                    )
    if name in ("impacts", "matrix", "measures"):
        assert checked, "these workbooks have wrapped text to check"


def _width(sheet, cell) -> float:
    """A cell's width in widths of "0": its column's, or its merged range's."""
    from openpyxl.utils import get_column_letter

    def column(index: int) -> float:
        return sheet.column_dimensions[get_column_letter(index)].width or DEFAULT_WIDTH

    for cells in sheet.merged_cells.ranges:
        if (cells.min_row, cells.min_col) == (cell.row, cell.column):
            return sum(column(i) for i in range(cells.min_col, cells.max_col + 1))
    return column(cell.column)


def test_no_row_is_taller_than_its_text_needs(books):
    # A note merged across the sheet is as wide as the sheet: a line or two, not a page.
    for name, book in books.items():
        for sheet in book.worksheets:
            for index, dimension in sheet.row_dimensions.items():
                if dimension.height:
                    assert dimension.height <= 20 * LINE_HEIGHT, (name, sheet.title, index)


def test_lines_needed_counts_japanese_as_two_widths():
    # 10 Japanese characters are 20 widths of "0": in a column 11 wide (10 inside), 2 lines.
    assert lines_needed("あ" * 10, 11, True) == 2
    assert lines_needed("a\nb", 30, False) == 2
    assert lines_needed("x" * 40, 21, True) == math.ceil(40 / 20)
    assert cell_len("あ") == 2


def test_a_blank_pair_of_the_interaction_matrix_is_never_coloured(books):
    sheet = books["interactions"].worksheets[0]
    for formatting in sheet.conditional_formatting:
        for rule in formatting.rules:
            # Each score's colour asks for a number first: a blank cell is not a 0.
            assert rule.type == "expression", rule.type
            assert rule.formula[0].startswith("AND(ISNUMBER(B2),B2=")
    blanks = [
        cell
        for row in sheet.iter_rows(min_row=2, min_col=2)
        for cell in row
        if cell.value is None
    ]
    assert blanks, "the sample's matrix leaves pairs unassessed"
