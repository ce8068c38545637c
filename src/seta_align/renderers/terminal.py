"""A view's tables on a terminal (rich), fitted to its width.

At 80 columns a table of eight columns cannot show every title in full. Rather than wrap every
cell every few characters, the table keeps one line a row:

- it leaves out the columns of the highest priority number first, until the rest fit, and says
  which in one line under the table;
- a title (Role.LABEL) is shortened with … at a character boundary;
- an id, a number and a status label are never split; a 「・」 list breaks only between its
  items; free text wraps as Japanese does (禁則);
- a table of selected rows says how many it shows of how many (「85 件中 20 件」).
"""

from __future__ import annotations

from dataclasses import replace

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text as RichText

from ..i18n import Text
from ..reporters.wrapping import Line, Wrapped
from ..views.model import (
    DIM,
    FIGURES,
    NEGATIVE,
    POSITIVE,
    STRONG,
    WARN,
    Cell,
    Facts,
    Paragraph,
    Role,
    Table,
    View,
    blocks_for,
    limited,
    shown_of,
)

# Sharing spare width: first the texts up to FIRST_SHARE cells, then every column up to
# FAIR_SHARE, then what is left.
FIRST_SHARE = 32
WHOLE_HEADER = 20
FAIR_SHARE = 40
# A header this short (in cells) is never wrapped.
SHORT_HEADER = 6
# The narrowest a column of each role is squeezed to before columns are left out.
_NARROWEST = {Role.LABEL: 12, Role.NOTE: 10, Role.UNITS: 8}
# rich's SIMPLE_HEAD box: one space of padding on each side of a column, a space between
# columns and one at each edge: 3 cells a column and 1 more.
_PADDING = 3
_EDGE = 1

_STYLES = {
    POSITIVE: "green",
    NEGATIVE: "red",
    DIM: "dim",
    STRONG: "bold",
    WARN: "bold red",
    # severities of findings
    "error": "bold red",
    "warning": "yellow",
    "info": "cyan",
    # statuses (analysis.progress.Status), coloured as everywhere else
    "achieved": "bold blue",
    "on_track": "bold green",
    "mostly_on_track": "bold yellow",
    "behind": "bold red",
    "not_reported": "bold bright_black",
    "not_assessable": "bold white",
}

TOO_WIDE = Text(
    "この表は端末の幅（{width} 桁）に収まらないため、{needed} 桁で表示します。"
    "--format xlsx / html / csv でファイルに出力するか、less -S で見てください。",
    "The table does not fit the terminal ({width} columns); it is drawn {needed} columns "
    "wide. Write it with --format xlsx, html or csv, or view it with less -S.",
)
# How a column of each role is aligned (left, where not said).
_JUSTIFY = {role: "right" for role in FIGURES} | {Role.MARK: "center"}
LEFT_OUT = Text(
    "幅 {width} 桁に収めるため省略した列: {columns}（すべての列: 幅を広げるか --format markdown）",
    "Left out to fit {width} columns: {columns} (every column: a wider terminal, or "
    "--format markdown)",
)


def render_view(console: Console, view: View, lang: str) -> None:
    """A whole view: its title, then its paragraphs and tables in order."""
    console.print(Wrapped(Line(view.title, "bold")))
    for block in blocks_for(view, "terminal"):
        style = _STYLES.get(getattr(block, "meaning", None) or "", "")
        if isinstance(block, Paragraph):
            text = block.text
            if block.lead is not None:
                text = f"{block.lead}: " + (", ".join(block.items or []) or "–")
            console.print(Wrapped(Line(text, style)))
        elif isinstance(block, Facts):
            for label, value in block.items:
                console.print(Wrapped(Line(f"{label}: {value.text}", style)))
        else:
            render_table(console, block, lang)


def render_table(console: Console, table: Table, lang: str) -> None:
    """``table`` on ``console``, one line a row where the width allows (see the module doc)."""
    table = limited(table)
    if not table.rows:  # a header alone reads as a mistake: the title and 「（該当なし）」
        console.print(Wrapped(Line(table.title, "bold")))
        console.print(Wrapped(Line(table.empty_text(lang), "dim")))
        for note in table.notes:
            console.print(Wrapped(Line(note, "dim")))
        return
    width = terminal_width = console.width
    # Each column's cells measured once: a progress --by measure table has a row per KPI.
    # The sums under the rows are measured as rows.
    measuring = replace(table, rows=[*table.rows, *table.totals]) if table.totals else table
    measured = _measured(table, measuring, compact=False)
    layout = _Layout(table, measured, width)
    if not layout.fits and any(column.short for column in table.columns):
        # Too narrow for the whole headings (the 17 SDG goals at 80 columns): the short ones
        # (1 … 17, the legend says what each is), one space between columns.
        compact = _Layout(table, _measured(table, measuring, compact=True), width, compact=True)
        if compact.fits:
            layout = compact
    if not layout.fits:
        # Nothing left to leave out (the 169 SDG targets): drawn as wide as it needs, every
        # id whole, rather than squeezed into slivers; said on stderr, so a file stays clean.
        needed = layout.needed
        Console(stderr=True, highlight=False).print(
            TOO_WIDE.format(width=width, needed=needed)(lang), soft_wrap=True
        )
        layout = _Layout(table, measured, needed)
        width = needed
    kept, widths, compact = layout.kept, layout.widths, layout.compact
    # The title above the table, wrapped at the terminal's width (as Japanese wraps), not at
    # the table's: a narrow table under a long title would fold it into slivers.
    console.print(Wrapped(Line(table.title, "bold")))
    grid = RichTable(
        box=None if compact else box.SIMPLE_HEAD,
        padding=(0, 0, 0, 1) if compact else (0, 1),
        pad_edge=not compact,
    )
    for index in kept:
        column = table.columns[index]
        heading = (column.short or column.title) if compact else column.title
        grid.add_column(
            Wrapped(Line(heading, _heading_style(column))),
            justify=_JUSTIFY.get(column.role, "left"),
            no_wrap=column.role not in (Role.NOTE, Role.UNITS),
            width=widths[index],
        )
    for number, row in enumerate(table.rows):
        grid.add_row(
            *(_cell(row[index], table.columns[index].role, widths[index]) for index in kept),
            end_section=number == len(table.rows) - 1 and bool(table.totals),
        )
    for totals in table.totals:
        grid.add_row(*(_cell(totals[i], table.columns[i].role, widths[i]) for i in kept))
    if width > console.width:  # a console as wide as the table, on the same output
        console = Console(
            file=console.file,
            width=width,
            color_system=console.color_system,
            force_terminal=console.is_terminal,
            highlight=False,
            soft_wrap=False,
        )
    console.print(grid)
    for note in table.notes:
        console.print(Wrapped(Line(note, "dim")))
    left_out = [table.columns[i].title for i in range(len(table.columns)) if i not in kept]
    if left_out:
        separator = "、" if lang == "ja" else ", "
        note = LEFT_OUT.format(width=terminal_width, columns=separator.join(left_out))(lang)
        console.print(Wrapped(Line(note, "dim")))
    if (said := shown_of(table, lang)) is not None:
        console.print(Wrapped(Line(said, "dim")))


class _Layout:
    """Which columns a table shows within ``width`` and how wide each is: the normal layout
    (a rule under the headings, a space either side of each column), or the compact one (the
    short headings, one space between columns)."""

    def __init__(
        self, table: Table, measured: list[tuple[int, int]], width: int, *, compact: bool = False
    ):
        self.compact = compact
        self.padding, self.edge = (1, 0) if compact else (_PADDING, _EDGE)
        self.kept = _columns_that_fit(table, measured, width, self.padding, self.edge)
        self.needed = sum(measured[i][0] + self.padding for i in self.kept) + self.edge
        self.fits = self.needed <= width
        self.widths = _widths(table, measured, self.kept, max(width, self.needed), self.padding, self.edge)


def _measured(table: Table, measuring: Table, *, compact: bool) -> list[tuple[int, int]]:
    """Each column's narrowest and whole width under its heading (the short one, compact)."""
    headings = [
        (column.short or column.title) if compact else column.title for column in table.columns
    ]
    return [_measure(measuring, i, headings[i]) for i in range(len(table.columns))]


def _heading_style(column) -> str:
    """A heading in its colour (an SDG's), black or white on it, whichever reads."""
    if not column.colour:
        return ""
    from .colours import text_colour

    return f"bold {text_colour(column.colour)} on {column.colour}"


def _widths(
    table: Table, measured: list[tuple[int, int]], kept: list[int], width: int,
    padding: int = 3, edge: int = 1,
) -> dict[int, int]:
    """Each shown column's width: an id, a number or a status as wide as its widest cell; the
    titles and texts share what is left by their weights, none wider than it needs."""
    widths: dict[int, int] = {}
    flexible: list[int] = []
    for index in kept:
        narrowest, widest = measured[index]
        if table.columns[index].role in _NARROWEST:
            flexible.append(index)
            widths[index] = narrowest
        else:
            widths[index] = widest
    spare = width - sum(widths.values()) - padding * len(kept) - edge
    # Room to spare goes to what a column needs to show its title and cells whole, in rounds:
    # up to FAIR_SHARE cells each (so one long title does not take it all from a mitigation
    # beside it), then the rest.
    # A header up to WHOLE_HEADER cells is wanted on one line; a longer one may wrap.
    wanted = {
        index: max(measured[index][1], min(cell_len(table.columns[index].title), WHOLE_HEADER))
        for index in flexible
    }
    # A title shortens with … and stays one line; a text wraps onto more: texts first.
    texts = [i for i in flexible if table.columns[i].role is not Role.LABEL]
    rounds = ((texts, FIRST_SHARE), (flexible, FAIR_SHARE), (flexible, None))
    for columns, cap in rounds:
        limit = {
            i: wanted[i] if cap is None else min(wanted[i], max(cap, widths[i])) for i in columns
        }
        spare = _grow(table, columns, widths, limit, spare)
    return widths


def _drawn(cell: Cell) -> str:
    """What the terminal shows of a cell: its drawing (a bar, a sparkline) where it has one."""
    if cell.segments is not None:
        return "".join(part for part, _ in cell.segments)
    return cell.text


def _grow(table: Table, flexible: list[int], widths: dict[int, int], limit: dict[int, int], spare: int) -> int:
    """Share ``spare`` cells among the ``flexible`` columns by weight, none past its limit;
    what is left."""
    while spare > 0:
        growing = [i for i in flexible if widths[i] < limit[i]]
        if not growing:
            break
        total = sum(table.columns[i].weight for i in growing)
        given = 0
        for index in growing:
            share = max(1, spare * table.columns[index].weight // total)
            step = min(share, limit[index] - widths[index], spare - given)
            widths[index] += step
            given += step
            if given >= spare:
                break
        if not given:
            break
        spare -= given
    return spare


def _measure(table: Table, index: int, heading: str) -> tuple[int, int]:
    """How narrow a column may get and how wide it would be whole. Narrowest: an id, a number
    or a status never below its widest cell; a 「・」 list never below its widest item; a title
    or a text down to a few characters. Its header never below two lines."""
    column = table.columns[index]
    # A column headed by an id (a node's, in a matrix) never splits its heading.
    header = cell_len(heading) if column.role is Role.MARK else _header_min(heading)
    widest = max(
        [header, 1, *(cell_len(line) for row in table.rows for line in _drawn(row[index]).split("\n"))]
    )
    if column.role is Role.UNITS:
        units = [u for row in table.rows for u in _lines(row[index].text, True)[0].tokens()]
        return max([_NARROWEST[Role.UNITS], header, *map(cell_len, units)]), widest
    if column.role in _NARROWEST:
        least = column.narrowest or _NARROWEST[column.role]
        return max(min(widest, least), header), widest
    return widest, widest


def _columns_that_fit(
    table: Table, measured: list[tuple[int, int]], width: int, padding: int, edge: int
) -> list[int]:
    """The indices of the columns to show: all, less those of the highest priority number
    (the last of equal ones first) until the narrowest layout fits ``width``."""
    kept = list(range(len(table.columns)))
    while sum(measured[index][0] + padding for index in kept) + edge > width:
        droppable = [i for i in kept if table.columns[i].priority > 0]
        if not droppable:
            break
        kept.remove(max(droppable, key=lambda i: (table.columns[i].priority, i)))
    return kept


def _lines(text: str, units: bool, style: str = "") -> list[Line]:
    """A cell's lines: in a 「・」 list column, the lines that are lists keep their items whole
    and any other line (a remark under the list) wraps as text."""
    return [
        Line(line, style, units=units and ("・" in line or ", " in line))
        for line in text.split("\n")
    ]


def _header_min(title: str) -> int:
    """The narrowest a header may get: on at most two lines, wrapped as Japanese text is
    (「平均達成率」 over five lines of one character each reads as nothing)."""
    from ..reporters.wrapping import wrap

    full = cell_len(title)
    if full <= SHORT_HEADER:  # 「件数」 stays whole: a column that narrow costs nothing
        return max(full, 1)
    for width in range(max(1, max((cell_len(t) for t in Line(title).tokens()), default=1)), full):
        if len(wrap(title, width)) <= 2:
            return width
    return max(full, 1)


def _cell(cell: Cell, role: Role, width: int):
    style = _STYLES.get(cell.meaning or "", "")
    if cell.segments is not None:
        text = RichText()
        for part, meaning in cell.segments:
            text.append(part, style=_STYLES.get(meaning or "", meaning or ""))
        return text
    if role in (Role.NOTE, Role.UNITS):
        return Wrapped(*_lines(cell.text, role is Role.UNITS, style))
    if role is Role.LABEL and "\n" in cell.text:  # a title and what goes with it: each line
        lines = cell.text.split("\n")  # shortened on its own (a measure, then its 所管)
        return RichText(
            "\n".join(_shortened(line, width) if cell_len(line) > width else line for line in lines),
            style=style,
        )
    if role is Role.LABEL and cell_len(cell.text) > width:  # one line, shortened with …
        return RichText(_shortened(cell.text, width), style=style)
    return RichText(cell.text, style=style)


def _shortened(text: str, width: int) -> str:
    """``text`` cut at a character boundary to fit ``width`` cells with the … that says so."""
    used, end = 0, 0
    for end, character in enumerate(text):  # noqa: B007 - the index is the result
        used += cell_len(character)
        if used > width - 1:
            break
    return text[:end].rstrip() + "…"
