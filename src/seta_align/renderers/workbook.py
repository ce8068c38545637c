"""What every workbook gets before it is written, whoever made it: a page that prints, and rows
tall enough for their text.

Opened in LibreOffice Calc and printed, a sheet written without these spills wrapped text over
the rows below (no row sets a height) and prints on as many pages as it is columns wide:

- every row holding wrapped or multi-line text gets the height of its tallest cell, worked
  out from the column's width (a Japanese character is two widths of "0");
- every sheet prints on A4, landscape when it is wider than a portrait page, fitted to one
  page wide, its header row (or the rows above the frozen panes) repeated on every page.
"""

from __future__ import annotations

import io
import math

from rich.cells import cell_len

# Points per line of 11-point text, with the line spacing Calc and Excel use.
LINE_HEIGHT = 15.0
# A column without a width of its own is 8.43 widths of "0" wide.
DEFAULT_WIDTH = 8.43
# Wider than this many widths of "0" in all, a sheet prints landscape.
PORTRAIT_WIDTH = 100


def to_bytes(book) -> bytes:
    """``book`` with every sheet finished (see the module doc), as the bytes of an .xlsx."""
    for sheet in book.worksheets:
        finish_sheet(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def finish_sheet(sheet) -> None:
    _row_heights(sheet)
    _page_setup(sheet)


def lines_needed(text: str, width: float, wrapped: bool) -> int:
    """How many lines ``text`` takes in a column ``width`` widths of "0" wide."""
    parts = text.split("\n")
    if not wrapped:
        return len(parts)
    room = max(1, int(width) - 1)  # the cell's own margins
    return sum(max(1, math.ceil(cell_len(part) / room)) for part in parts)


def _row_heights(sheet) -> None:
    from openpyxl.utils import get_column_letter

    widths: dict[int, float] = {}
    for row in sheet.iter_rows():
        tallest = 1
        for cell in row:
            if not isinstance(cell.value, str) or not cell.value:
                continue
            wrapped = bool(cell.alignment is not None and cell.alignment.wrap_text)
            if not wrapped and "\n" not in cell.value:
                continue
            column = cell.column
            if column not in widths:
                dimension = sheet.column_dimensions.get(get_column_letter(column))
                widths[column] = (dimension.width if dimension and dimension.width else None) or (
                    DEFAULT_WIDTH
                )
            tallest = max(tallest, lines_needed(cell.value, widths[column], wrapped))
        if tallest > 1:
            current = sheet.row_dimensions[row[0].row].height
            needed = tallest * LINE_HEIGHT
            if current is None or current < needed:
                sheet.row_dimensions[row[0].row].height = needed
            # A tall row reads from the top: a figure at the bottom of its cell, beside a title
            # at the top of the next one, looks like the row below's.
            for cell in row:
                if cell.alignment is None or cell.alignment.vertical is None:
                    cell.alignment = _top(cell.alignment)


def _top(alignment):
    from openpyxl.styles import Alignment

    if alignment is None:
        return Alignment(vertical="top")
    return Alignment(
        horizontal=alignment.horizontal,
        vertical="top",
        wrap_text=alignment.wrap_text,
        shrink_to_fit=alignment.shrink_to_fit,
        indent=alignment.indent,
        text_rotation=alignment.text_rotation,
    )


def _page_setup(sheet) -> None:
    from openpyxl.utils import get_column_letter

    total = sum(
        (sheet.column_dimensions[get_column_letter(i)].width or DEFAULT_WIDTH)
        for i in range(1, (sheet.max_column or 1) + 1)
    )
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if total > PORTRAIT_WIDTH else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    frozen = sheet.freeze_panes
    if frozen:  # the header rows above the frozen panes, on every printed page
        from openpyxl.utils.cell import coordinate_from_string

        _, row = coordinate_from_string(frozen)
        if row > 1:
            sheet.print_title_rows = f"1:{row - 1}"
