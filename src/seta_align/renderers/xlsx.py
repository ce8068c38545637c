"""What every workbook gets before it is written, whoever made it: a page that prints, and rows
tall enough for their text.

Opened in LibreOffice Calc and printed, a sheet written without these spills wrapped text over
the rows below (no row sets a height) and prints on as many pages as it is columns wide:

- every row holding wrapped or multi-line text gets the height of its tallest cell, worked
  out from the column's width (a Japanese character is two widths of "0");
- every sheet prints on A4, landscape when it is wider than a portrait page, scaled to one
  page wide, its header rows (the rows above the frozen panes) repeated on every page.
"""

from __future__ import annotations

import io
import math
from functools import cache
from itertools import chain, repeat

from rich.cells import cell_len

# Points per line of 11-point text, with the line spacing Calc and Excel use.
LINE_HEIGHT = 15.0
# A column without a width of its own is 8.43 widths of "0" wide.
DEFAULT_WIDTH = 8.43
# Wider than this many widths of "0" in all, a sheet prints landscape.
PORTRAIT_WIDTH = 100
# What fits across an A4 page inside the default margins, in widths of "0": 174 mm portrait,
# 261 mm landscape, taken at about 2.75 mm a width (LibreOffice's default font is wider than
# Excel's; at 1.9 mm the last columns of the SDG matrix printed on a second page across).
PRINTABLE_PORTRAIT = 62
PRINTABLE_LANDSCAPE = 95


def to_bytes(book) -> bytes:
    """``book`` with every sheet finished (see the module doc), as the bytes of an .xlsx. A
    sheet written row by row (a write-only workbook: see :class:`StreamedSheet`) is finished
    as it is written."""
    if not book.write_only:
        for sheet in book.worksheets:
            finish_sheet(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def finish_sheet(sheet) -> None:
    _row_heights(sheet)
    page_setup(sheet, sheet.max_column or 1)


class StreamedSheet:
    """A sheet of a write-only workbook, finished as :func:`finish_sheet` finishes one, for a
    table too large to hold as cells (openpyxl keeps every cell of a normal sheet: 765 MB for
    the measures of a 20,000-measure draft). The column widths and the frozen panes are set
    first; each row then gets the height its wrapped text needs before it is written, and
    :meth:`done` sets up the page."""

    def __init__(self, sheet, widths: list[float]):
        self.sheet = sheet
        self.widths = widths
        self._rows = 0

    def append(self, cells: list, widths: list[float] | None = None) -> int:
        """Write one row of ``WriteOnlyCell`` (each with its alignment already set), its cells
        as wide as ``widths`` (a cell merged across columns) or their columns; its number."""
        self._rows += 1
        # A row may end early, or go on past the columns given a width (default width).
        given = chain(widths or self.widths, repeat(DEFAULT_WIDTH))
        tallest = _tallest(zip(cells, given, strict=False))
        if tallest > 1:
            self.sheet.row_dimensions[self._rows].height = tallest * LINE_HEIGHT
            _read_from_the_top(cells)
        self.sheet.append(cells)
        return self._rows

    def width(self, first: int, last: int | None = None) -> float:
        """The width of column ``first`` (from 1), or of ``first`` to ``last`` merged."""
        return sum(
            self.widths[column - 1] if column <= len(self.widths) else DEFAULT_WIDTH
            for column in range(first, (last or first) + 1)
        )

    def done(self) -> None:
        page_setup(self.sheet, len(self.widths))


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

    def width_of(column: int) -> float:
        if column not in widths:
            dimension = sheet.column_dimensions.get(get_column_letter(column))
            widths[column] = (dimension.width if dimension and dimension.width else None) or (
                DEFAULT_WIDTH
            )
        return widths[column]

    # A merged cell (a note across the sheet) is as wide as all its columns; the cells it
    # covers hold nothing.
    merged: dict[tuple[int, int], float] = {}
    for cells in sheet.merged_cells.ranges:
        merged[(cells.min_row, cells.min_col)] = sum(
            width_of(c) for c in range(cells.min_col, cells.max_col + 1)
        )
    for row in sheet.iter_rows():
        tallest = _tallest(
            (cell, merged.get((cell.row, cell.column)) or width_of(cell.column)) for cell in row
        )
        if tallest > 1:
            current = sheet.row_dimensions[row[0].row].height
            needed = tallest * LINE_HEIGHT
            if current is None or current < needed:
                sheet.row_dimensions[row[0].row].height = needed
            _read_from_the_top(row)


def _tallest(cells) -> int:
    """The lines the tallest of ``cells`` needs: (cell, its width) each; one for a row of no
    text that wraps or breaks. A cell's alignment is read only for text (each read makes a
    proxy: most cells of a large sheet are no text)."""
    tallest = 1
    for cell, width in cells:
        value = cell.value
        if not isinstance(value, str) or not value:
            continue
        alignment = cell.alignment
        wrapped = bool(alignment is not None and alignment.wrap_text)
        if not wrapped and "\n" not in value:
            continue
        tallest = max(tallest, lines_needed(value, width, wrapped))
    return tallest


def _read_from_the_top(cells) -> None:
    """A tall row reads from the top: a figure at the bottom of its cell, beside a title at the
    top of the next one, looks like the row below's."""
    for cell in cells:
        if cell.alignment is None or cell.alignment.vertical is None:
            cell.alignment = _top(cell.alignment)


def _top(alignment):
    if alignment is None:
        return _top_aligned(None, None, None, 0, 0)
    return _top_aligned(
        alignment.horizontal,
        alignment.wrap_text,
        alignment.shrink_to_fit,
        alignment.indent,
        alignment.text_rotation,
    )


@cache  # one object for each: the cells of the many tall rows of a large sheet share a few
def _top_aligned(horizontal, wrap_text, shrink_to_fit, indent, text_rotation):
    from openpyxl.styles import Alignment

    return Alignment(
        horizontal=horizontal,
        vertical="top",
        wrap_text=wrap_text,
        shrink_to_fit=shrink_to_fit,
        indent=indent,
        text_rotation=text_rotation,
    )


def page_scale(total_width: float, landscape: bool) -> int:
    """The print scale (percent) at which ``total_width`` widths of "0" fit one A4 page wide."""
    room = PRINTABLE_LANDSCAPE if landscape else PRINTABLE_PORTRAIT
    return max(10, min(100, math.floor(100 * room / max(total_width, 1))))


def page_setup(sheet, columns: int) -> None:
    """A4, one page wide, the header rows on every page (see the module doc), for a sheet of
    ``columns`` columns."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    total = sum(
        (sheet.column_dimensions[get_column_letter(i)].width or DEFAULT_WIDTH)
        for i in range(1, columns + 1)
    )
    landscape = total > PORTRAIT_WIDTH
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    # One page wide by a scale worked out here, not by the client's "fit to width": LibreOffice
    # Calc 7.4 spun for minutes on fit-to-width over some of these sheets (the results
    # template), and a scale prints the same in every client.
    sheet.page_setup.scale = page_scale(total, landscape)
    frozen = sheet.freeze_panes
    if frozen:  # the header rows above the frozen panes, on every printed page
        from openpyxl.utils.cell import coordinate_from_string

        _, row = coordinate_from_string(frozen)
        if row > 1:
            sheet.print_title_rows = f"1:{row - 1}"


# --- a view as a workbook ----------------------------------------------------------------------

PERCENT_FORMAT = "0.0%"
YEAR_FORMAT = "0"  # 2026, not 2,026
HEADING_FILL = "DDEBF7"
HEADER_ROWS = 2  # the table's title, then its column headings
# A signed figure as people read it on the scale: +2, -1, 0; +3.33.
SIGNED_FORMATS = {0: "+0;-0;0", 1: "+0.0;-0.0;0.0", 2: "+0.00;-0.00;0.00"}
# A node's column: at most this many widths of "0", its name on at most three lines.
NODE_WIDTH = 14
SUBTITLE_LINES = 3
FIRST_ROW = HEADER_ROWS + 1
MAX_WIDTH = 48
_NOT_IN_SHEET_NAMES = str.maketrans({c: "_" for c in "[]:*?/\\"})


def document(view, lang: str) -> bytes:
    """``view`` as a workbook: a sheet per table for a spreadsheet (its data audience), figures
    as numbers with their formats, every status column coloured by one conditional format per
    status, the header row and leading columns frozen; the view's facts and sentences below the
    last sheet's table. It opens on the sheet of ``view.opens_on``.

    Written a row at a time (openpyxl's write-only workbook): a table with a row per measure
    is never held as cells (the impacts workbook of 20,000 measures peaked at 870 MiB held).
    openpyxl is imported here only, so that the other commands never load it."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    book.properties.title = view.title
    opens_on = 0
    tables = view.tables("xlsx")
    for index, table in enumerate(tables):
        sheet = book.create_sheet((table.sheet or table.title)[:31].translate(_NOT_IN_SHEET_NAMES))
        last = index == len(tables) - 1
        _write_table(sheet, table, lang, _notes(view) if last else [])
        if table.key and table.key == view.opens_on:
            opens_on = index
    book.active = opens_on
    return to_bytes(book)


# A sheet of a book: its columns at most this wide (a note wraps inside).
BOOK_WIDTHS = {"note": 40, "label": 30, "other": 14}


def book(views, lang: str, header: str) -> bytes:
    """``views`` as a workbook to print, a sheet per view (an evaluation sheet per policy): its
    title, its facts, then each table (title, headings, rows) and its sentences, one under the
    other. Every sheet prints on A4 one page wide, its title row on every page, ``header``
    (the plan and the year) at the top and the page number at the foot. Written a row at a
    time, as :func:`document` writes a view: a sheet per policy has a row per measure."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.units import DEFAULT_COLUMN_WIDTH

    from ..exporters.measures_sheet import xlsx_value
    from ..views.model import FIGURES, Facts, Paragraph, Role, Table, blocks_for, data_value
    from .colours import FILLS

    workbook = Workbook(write_only=True)
    workbook.properties.title = header
    taken: set[str] = set()
    wrapped = Alignment(vertical="top", wrap_text=True)
    for view in views:
        first = view.title.split(" ")[0][:31].translate(_NOT_IN_SHEET_NAMES) or "sheet"
        name, number = first, 1
        while name.casefold() in taken:  # ids alike in their first 31 characters: (2), (3) …
            number += 1
            name = f"{first[: 31 - len(str(number)) - 2]}({number})"
        taken.add(name.casefold())
        sheet = workbook.create_sheet(name)
        blocks = blocks_for(view, "xlsx")

        # The tables' values first, for the columns' widths, which a sheet written a row at a
        # time needs before its first row. A sheet to read on paper: the words a reader sees,
        # and the figures as numbers with their formats.
        values: dict[int, list[list]] = {}
        widths: dict[int, int] = {}
        widest = 1  # the columns any row fills
        for position, block in enumerate(blocks):
            if isinstance(block, Facts):
                widest = max(widest, 2)
            if not isinstance(block, Table) or not block.rows:
                continue
            columns = block.columns
            widest = max(widest, len(columns))
            values[position] = [
                [
                    xlsx_value(data_value(c, col) if col.role in FIGURES else (c.text or None))
                    for c, col in zip(shown, columns, strict=True)
                ]
                for shown in block.rows
            ]
            for row in values[position]:
                for index, (value, column) in enumerate(zip(row, columns, strict=True), 1):
                    kind = "note" if column.role is Role.NOTE else "label" if column.role is Role.LABEL else "other"
                    widths[index] = max(widths.get(index, 8), min(BOOK_WIDTHS[kind], _text_width(value) + 2))
        # A column no table sizes is openpyxl's default column, as page_setup counts it.
        sized = [widths.get(index, DEFAULT_COLUMN_WIDTH) for index in range(1, widest + 1)]
        for index, width in enumerate(sized, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"  # the title on every printed page (page_setup)
        streamed = StreamedSheet(sheet, sized)

        streamed.append([_styled(sheet, view.title, Font(bold=True, size=13))])
        for position, block in enumerate(blocks):
            if isinstance(block, Facts):
                for label, value in block.items:
                    named = _styled(sheet, label, Font(bold=True))
                    streamed.append([named, _styled(sheet, value.text)])
                streamed.append([])
            elif isinstance(block, Paragraph):
                text = block.text
                if block.lead is not None:
                    text = f"{block.lead}: " + ("、".join(block.items or []) or "–")
                streamed.append([_styled(sheet, text, alignment=Alignment(vertical="top"))])
            elif isinstance(block, Table):
                streamed.append([_styled(sheet, block.title, Font(bold=True, size=11))])
                if not block.rows:
                    streamed.append([_styled(sheet, block.empty_text(lang))])
                    streamed.append([])
                    continue
                columns = block.columns
                headings = []
                for column in columns:
                    heading = _styled(sheet, column.title, Font(bold=True), wrapped)
                    heading.fill = _fill(HEADING_FILL)
                    headings.append(heading)
                streamed.append(headings)
                formats = [_number_format(column) for column in columns]
                for shown, row in zip(block.rows, values[position], strict=True):
                    written = []
                    for index, (c, column) in enumerate(zip(shown, columns, strict=True)):
                        target = WriteOnlyCell(sheet, row[index])
                        if column.role in (Role.NOTE, Role.LABEL):
                            target.alignment = wrapped
                        if formats[index]:
                            target.number_format = formats[index]
                        fill = FILLS.get(c.meaning or "") if column.role is Role.STATUS else None
                        if fill:
                            target.fill = _fill(fill)
                            target.font = _font(fill, bold=True)
                        written.append(target)
                    streamed.append(written)
                for note in block.notes:
                    streamed.append([_styled(sheet, note)])
                streamed.append([])
        sheet.oddHeader.center.text = header
        sheet.oddFooter.center.text = "&P / &N"
        page_setup(sheet, widest)
    return to_bytes(workbook)


def _styled(sheet, value, font=None, alignment=None):
    """A cell of a write-only ``sheet`` holding ``value`` (as a workbook holds it)."""
    from openpyxl.cell import WriteOnlyCell

    from ..exporters.measures_sheet import xlsx_value

    made = WriteOnlyCell(sheet, xlsx_value(value))
    if font is not None:
        made.font = font
    if alignment is not None:
        made.alignment = alignment
    return made


def _text_width(value) -> int:
    from .sheet_text import display_width

    return display_width(str(value)) if value is not None else 0


@cache  # one object for each colour: a large sheet has a few colours in many cells
def _fill(colour: str):
    from openpyxl.styles import PatternFill

    hex_colour = colour.lstrip("#").upper()
    return PatternFill(fill_type="solid", start_color=hex_colour, end_color=hex_colour)


@cache
def _font(fill: str, bold: bool = False):
    from openpyxl.styles import Font

    from .colours import text_colour

    return Font(bold=bold, color=text_colour(fill).lstrip("#").upper())


def _heading(column, content: int) -> tuple[str, int]:
    """A column's heading and width: a node's id over its name, the name cut to three lines
    of a width that fits the id and the cells (an SDG matrix stays one page wide)."""
    from rich.cells import cell_len

    from .sheet_text import display_width

    if not column.subtitle:
        return column.title, max(display_width(column.title), content)
    width = min(
        NODE_WIDTH,
        max(display_width(column.title), content, math.ceil(cell_len(column.subtitle) / 3)),
    )
    room = width * SUBTITLE_LINES
    subtitle = column.subtitle
    if cell_len(subtitle) > room:
        while cell_len(subtitle) > room - 1:
            subtitle = subtitle[:-1]
        subtitle += "…"
    return f"{column.title}\n{subtitle}", width


def _write_table(sheet, table, lang: str, notes: list) -> None:
    """``table`` on a write-only ``sheet``, then ``notes`` (the view's facts and sentences)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.formatting.rule import CellIsRule, ColorScaleRule
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from ..exporters.measures_sheet import xlsx_value
    from ..views.model import Role, data_value
    from .colours import FILLS, NEGATIVE, POSITIVE, ZERO, mark_fill
    from .sheet_text import display_width

    def value_of(cell, column):
        """A cell's value as the sheet holds it."""
        # Help and harm in one cell is text made of figures only (「+2 / −1」): a workbook
        # holds it as text, never as a formula, so no ' is put before its +.
        if column.heat and isinstance(cell.value, tuple):
            return cell.text
        return xlsx_value(data_value(cell, column))

    columns = table.columns
    rows = len(table.rows)
    # The rows are read twice, as a view's rows can be (views.model.Rows): for the columns'
    # widths, which a write-only sheet needs before its first row, then to write them. Their
    # values are held between the two (not their cells, nor the sheet's): worked out once,
    # they keep the workbook as fast as one that held every cell.
    widths = [0] * len(columns)
    held = []
    for row in chain(table.rows, table.totals):
        values = [value_of(cell, column) for cell, column in zip(row, columns, strict=True)]
        held.append(values)
        for index, (value, column) in enumerate(zip(values, columns, strict=True)):
            if value is not None:
                shown = f"{value:.1%}" if column.role is Role.PERCENT else str(value)
                widths[index] = max(widths[index], display_width(shown))
    headings = []
    for index, column in enumerate(columns):
        text, widths[index] = _heading(column, widths[index])
        headings.append(text)
    widths = [min(MAX_WIDTH, width + 2) for width in widths]
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = f"{get_column_letter(table.frozen + 1)}{FIRST_ROW}"
    streamed = StreamedSheet(sheet, widths)

    # The table's title above its headings: a sheet's name is short, and a printed page has
    # no tab. Both rows are repeated on every printed page.
    streamed.append([_styled(sheet, table.title, Font(bold=True, size=12))])
    wrapped = Alignment(vertical="top", wrap_text=True)
    heading_row = []
    for text, column in zip(headings, columns, strict=True):
        font = _font(column.colour, bold=True) if column.colour else Font(bold=True)
        heading = _styled(sheet, text, font, wrapped)
        heading.fill = _fill(column.colour or HEADING_FILL)
        heading_row.append(heading)
    streamed.append(heading_row)

    formats = [_number_format(column) for column in columns]
    alignments = [
        None if formats[index]
        else wrapped if column.role is Role.NOTE
        else Alignment(horizontal="center") if column.role is Role.MARK
        else None
        for index, column in enumerate(columns)
    ]
    total_font = Font(bold=True)
    for number, (row, values) in enumerate(
        zip(chain(table.rows, table.totals), held, strict=True)
    ):
        written = []
        for index, (cell, column) in enumerate(zip(row, columns, strict=True)):
            target = WriteOnlyCell(sheet, values[index])
            mark = mark_fill(cell.meaning, column.colour)
            fill = cell.colour or mark or FILLS.get(cell.meaning or "")
            status = column.role is Role.STATUS and column.vocabulary is None
            if fill and (cell.colour or mark or status):
                # A status that is the row's subject (a legend), or a cell of its own
                # colour (an SDG's): filled as it stands.
                target.fill = _fill(fill)
                target.font = _font(fill, bold=True)
            elif column.heat and table.heat and isinstance(cell.value, tuple):
                # Help and harm in one cell (「+2 / −2」, written as text, which the colour
                # scale leaves alone): half in each colour, never the white of a net 0.
                target.fill = _split_fill(*cell.value, table.heat)
            if formats[index]:
                target.number_format = formats[index]
            elif alignments[index] is not None:
                target.alignment = alignments[index]
            if number >= rows:  # a total
                target.font = total_font
            written.append(target)
        streamed.append(written)

    body_last = HEADER_ROWS + rows
    for position, column in enumerate(columns, start=1):
        letter = get_column_letter(position)
        if column.role is Role.STATUS and column.vocabulary and body_last >= FIRST_ROW:
            # One rule per status, its label in --lang: a status typed over in Excel is
            # coloured too, and a blank cell never is.
            for label, meaning in column.vocabulary.items():
                fill = FILLS[meaning]
                sheet.conditional_formatting.add(
                    f"{letter}{FIRST_ROW}:{letter}{body_last}",
                    CellIsRule(
                        operator="equal", formula=[f'"{label}"'], fill=_fill(fill), font=_font(fill)
                    ),
                )
    heat = [i for i, c in enumerate(columns, start=1) if c.heat]
    if table.heat and heat and body_last >= FIRST_ROW:
        # A diverging colour scale, red at −heat, white at 0, green at +heat, as conditional
        # formatting: the colours follow the figures when someone edits them, and a blank
        # (nothing scored) is never coloured as a 0 would be.
        cells = f"{get_column_letter(heat[0])}{FIRST_ROW}:{get_column_letter(heat[-1])}{body_last}"
        sheet.conditional_formatting.add(
            cells,
            ColorScaleRule(
                start_type="num", start_value=-table.heat, start_color=NEGATIVE[1:].upper(),
                mid_type="num", mid_value=0, mid_color=ZERO[1:].upper(),
                end_type="num", end_value=table.heat, end_color=POSITIVE[1:].upper(),
            ),
        )
    # A table with no row says why under its headings, as every format does.
    said = ([] if table.rows else [table.empty_text(lang)]) + table.notes
    if said:
        streamed.append([])
        for note in said:
            streamed.append([_styled(sheet, note)])
    across = _write_notes(streamed, notes) if notes else 0
    page_setup(sheet, max(len(columns), across, 1))


def _split_fill(positive: int, negative: int, extent: int):
    """A cell's fill in two halves: the colour of its positive sum on the left, of its negative
    sum on the right (on the table's diverging scale)."""
    from openpyxl.styles import GradientFill

    from .colours import diverging

    left, right = diverging(positive, extent)[1:].upper(), diverging(negative, extent)[1:].upper()
    return GradientFill(degree=0, stop=(left, left, right, right))


def _number_format(column) -> str | None:
    from ..views.model import Role

    if column.role is Role.SIGNED:
        return SIGNED_FORMATS[column.decimals]
    return {Role.PERCENT: PERCENT_FORMAT, Role.YEAR: YEAR_FORMAT}.get(column.role)
def _notes(view) -> list:
    """The view's facts and sentences, which the last sheet shows under its table."""
    from ..views.model import Facts, Paragraph, blocks_for

    return [b for b in blocks_for(view, "xlsx") if isinstance(b, Facts | Paragraph)]


def _write_notes(streamed: StreamedSheet, notes: list) -> int:
    """``notes`` (facts: a label and a value a row; sentences), after a blank row; a value or
    sentence spans the table's width, so that it wraps as the page does. The columns they
    span."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from ..views.model import Column, Facts, Role, data_value

    sheet = streamed.sheet
    text_column = Column("", Role.NOTE)  # how a fact's text is written
    across = max(2, len(streamed.widths))
    last = get_column_letter(across)
    wrapped = Alignment(vertical="top", wrap_text=True)
    streamed.append([])
    for block in notes:
        if isinstance(block, Facts):
            for label, value in block.items:
                shown = value.value if value.value is not None else data_value(value, text_column)
                named = _styled(sheet, label, Font(bold=True), wrapped)
                said = _styled(sheet, shown, alignment=wrapped)
                row = streamed.append(
                    [named, said], [streamed.width(1), streamed.width(2, across)]
                )
                if across > 2:
                    sheet.merged_cells.add(f"B{row}:{last}{row}")
        else:
            text = block.text
            if block.lead is not None:
                text = f"{block.lead}: " + (", ".join(block.items or []) or "–")
            cell = _styled(sheet, text, alignment=wrapped)
            row = streamed.append([cell], [streamed.width(1, across)])
            sheet.merged_cells.add(f"A{row}:{last}{row}")
    return across
