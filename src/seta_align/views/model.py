"""The format-neutral parts of a view: what a subject shows, made once, which every format
draws (renderers/, one module per format).

A ``View`` is a title and blocks in order: ``Paragraph`` (a sentence, or a labelled list of
ids), ``Facts`` (what was read: 「label: value」) and ``Table``. A table has columns with a
``Role`` (which decides how each format lays a column out: an id is never split, a figure is
right-aligned and a number in a spreadsheet, a status is coloured …) and a priority for narrow
screens; its cells keep what they show (``text``, in --lang), the figure or code behind it
(``value``) and their ``meaning`` (a status, a sign), so that every format colours them alike.

An ``Audience`` says who a table or column is for: a reader (the terminal, Markdown, HTML), a
spreadsheet (CSV, XLSX), or every file but the terminal (a matrix too wide for a screen).
``SHOWN`` maps each format to what it shows; ``blocks_for`` gives a format its blocks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from itertools import islice

from ..i18n import Text

SHOWN_OF = Text("{total:,} 件中 {shown:,} 件を表示", "{shown:,} of {total:,} shown")
# What a table with no row says in its place: a header alone reads as a mistake.
NO_ROWS = Text("（該当なし）", "(none)")


class Role(StrEnum):
    """What a column holds, which decides how each format lays it out."""

    ID = "id"  # an id: never split, never shortened
    LABEL = "label"  # a title: one line, shortened with … where the width is short
    NUMBER = "number"  # a figure: right-aligned, never split
    STATUS = "status"  # a status label: never split
    UNITS = "units"  # a 「・」 list (順調 6・遅れ 2): broken only between its items
    NOTE = "note"  # free text: wrapped as Japanese is (禁則)
    BAR = "bar"  # a bar drawn by the formats that can: text formats leave it out
    SERIES = "series"  # a series of figures, which a terminal may draw as a sparkline
    PERCENT = "percent"  # a fraction shown as a percentage (0.35 → 35.0%)
    MARK = "mark"  # a mark or a few (● ○, ●2 ○1): centred, never split
    SIGNED = "signed"  # a signed figure (+2, −1, +3.33): a score or a sum of scores
    YEAR = "year"  # a (fiscal) year: a number written without a thousands separator


class Audience(StrEnum):
    """Who a table or column is for. A reader's table keeps one line a row (an id beside its
    title, statuses counted in words); a spreadsheet's keeps every figure in a column of its
    own, so that it can be sorted and summed; a table too wide for a screen (a matrix) is for
    files only."""

    EVERY = "every"
    READING = "reading"  # the terminal, Markdown and HTML
    DATA = "data"  # CSV and XLSX
    FILES = "files"  # every format but the terminal
    NONE = "none"  # no format: a column a view leaves out where it would be empty


# What each format shows.
SHOWN = {
    "terminal": frozenset({Audience.EVERY, Audience.READING}),
    "markdown": frozenset({Audience.EVERY, Audience.READING, Audience.FILES}),
    "html": frozenset({Audience.EVERY, Audience.READING, Audience.FILES}),
    "csv": frozenset({Audience.EVERY, Audience.DATA, Audience.FILES}),
    "xlsx": frozenset({Audience.EVERY, Audience.DATA, Audience.FILES}),
}


# The roles whose cells a spreadsheet gets as figures (Cell.value), not as text.
FIGURES = frozenset({Role.NUMBER, Role.PERCENT, Role.YEAR, Role.SIGNED})
# What a cell shows where there is nothing: a spreadsheet gets an empty cell.
NOTHING = "–"


# How a cell is coloured, in every format: a status code, or one of these.
POSITIVE, NEGATIVE, DIM, STRONG, WARN = "positive", "negative", "dim", "strong", "warn"
MINUS = "\u2212"  # the minus sign of typeset numbers (−1), as the scale is printed in docs


@dataclass(slots=True)
class Cell:
    text: str  # what is shown, in --lang
    value: object = None  # the figure or code behind it, for formats that keep data
    meaning: str | None = None  # a status code (``behind``) or POSITIVE, NEGATIVE, DIM …
    # A rendering of its own for formats that can draw it (a coloured bar), else ``text``.
    segments: list[tuple[str, str | None]] | None = None
    # What makes it up, for a page's tooltip (the impacts summed in a matrix cell).
    detail: str | None = None
    # Its own colour (#rrggbb: an SDG's), which a workbook and a page fill it with.
    colour: str | None = None
    # Where it leads (a page of a published site, relative): a page makes its text a link.
    link: str | None = None

    @classmethod
    def of(cls, value: object, text: str | None = None, meaning: str | None = None) -> Cell:
        return cls(str(value) if text is None else text, value, meaning)


def signed(number: float, decimals: int = 0) -> str:
    """+2, −1, 0 (a score as people read it on the scale); +3.33, −0.33, 0.00 with decimals."""
    text = f"{abs(number):.{decimals}f}"
    if float(text) == 0:
        return text
    return ("+" if number > 0 else MINUS) + text


def signed_cell(number: float | None, decimals: int = 0, meaning: str | None = None) -> Cell:
    """A signed figure, coloured by its sign; an empty cell for none."""
    if number is None:
        return Cell("", None)
    if meaning is None:
        meaning = POSITIVE if number > 0 else NEGATIVE if number < 0 else DIM
    value = round(number, 6) if decimals else number
    return Cell(signed(number, decimals), value, meaning)


@dataclass(slots=True)
class Column:
    title: str
    role: Role
    # 0: always shown. A narrow terminal leaves out the highest number first.
    priority: int = 0
    # The share of the spare width a label or text column takes (a title more than an owner).
    weight: int = 1
    # The fewest cells a label or text column may get before other columns are left out (a
    # title cut to six characters says nothing); None: the role's own minimum.
    narrowest: int | None = None
    audience: Audience = Audience.EVERY
    # A status column's labels and their meanings (every label, not only those shown), which
    # a workbook turns into one conditional format each, so a status typed over is coloured too.
    vocabulary: dict[str, str] | None = None
    # A signed figure's decimals (a score 0, a sum of second-order values 2).
    decimals: int = 0
    # A second line of the heading where there is room (a node's name under its id), and
    # the heading's colour (an SDG's).
    subtitle: str | None = None
    colour: str | None = None
    # Its cells are coloured on the table's diverging scale (Table.heat).
    heat: bool = False
    # A shorter heading for a screen too narrow for the whole ones (4 for SDG-4).
    short: str | None = None


def row_of(cells: Iterable[Cell | str]) -> list[Cell]:
    """A table's row: each text a cell of its own."""
    return [cell if isinstance(cell, Cell) else Cell(cell) for cell in cells]


class Rows(Sequence[list[Cell]]):
    """A table's rows made as they are read, a row at a time, each time they are read: a table
    with a row per measure is never held as cells (the impacts view of 20,000 measures was
    270 MB of them, 1.3 GB at 100,000). ``count``: how many ``make`` yields, known before they
    are made (a page's count of rows, 「85 件中 20 件」). A renderer reads them in order:
    looking one row up makes them all."""

    __slots__ = ("_count", "_make")

    def __init__(self, count: int, make: Callable[[], Iterable[list[Cell]]]):
        self._count = count
        self._make = make

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[list[Cell]]:
        made = 0
        for row in self._make():
            made += 1
            yield row
        if made != self._count:  # a view's slip, which would make a page's counts wrong
            raise RuntimeError(f"{made} rows made where {self._count} were said")

    def __getitem__(self, index):  # type: ignore[override]
        return list(self)[index]


@dataclass(slots=True)
class Table:
    title: str
    columns: list[Column]
    # A list, or Rows made as they are read (a table with a row per measure).
    rows: list[list[Cell]] | Rows = field(default_factory=list)
    # The rows are a selection: the first of this many (said as 「85 件中 20 件」).
    shown_of: int | None = None
    # What to do to see the rest (e.g. "--format markdown"), said with shown_of.
    more: str | None = None
    # A stable name: the HTML section's id, the sheet a workbook opens on.
    key: str = ""
    # The worksheet's name (at most 31 characters), else the title.
    sheet: str | None = None
    audience: Audience = Audience.EVERY
    # The leading columns a workbook keeps in view as it scrolls right.
    frozen: int = 0
    # A screen (the terminal) shows these rows only, and says so: the first ``limit``, or the
    # rows of ``selection`` (their indices); a file shows every row.
    limit: int | None = None
    selection: list[int] | None = None
    # An HTML page puts a control above it that narrows the rows to one status.
    filter: bool = False
    # How many rows (not headings) have each status, which that control offers and counts:
    # said by a view whose rows are made as they are read, so that a page makes them once.
    status_counts: dict[str | None, int] | None = None
    # Rows of sums under the rows (a matrix's column sums).
    totals: list[list[Cell]] = field(default_factory=list)
    # What to know to read it (what an empty cell means), said under it in every format.
    notes: list[str] = field(default_factory=list)
    # The diverging scale of its heat columns: red at −heat, white at 0, green at +heat.
    heat: int | None = None
    # What it says in place of rows when it has none (NO_ROWS unless a view says better, such
    # as 「このノードにも下位のノードにも貢献する施策はありません。」).
    empty: str | None = None
    # On a narrow screen each row becomes a card, every cell under its heading (a page for
    # residents, read on a phone).
    stack: bool = False

    def empty_text(self, lang: str) -> str:
        return self.empty or NO_ROWS(lang)

    def add(self, *cells: Cell | str) -> None:
        self.rows.append(row_of(cells))


@dataclass(slots=True)
class Paragraph:
    """A sentence of a view, or a labelled list of ids (``lead``: ``items``)."""

    text: str = ""
    meaning: str | None = None
    lead: str | None = None
    items: list[str] | None = None
    audience: Audience = Audience.EVERY


@dataclass(slots=True)
class Facts:
    """What was read and evaluated, as 「label: value」 lines; a workbook writes them below its
    last sheet's table (a label and a value a row)."""

    items: list[tuple[str, Cell]] = field(default_factory=list)
    meaning: str | None = None
    audience: Audience = Audience.EVERY


@dataclass(slots=True)
class View:
    """A subject's output: a title, and its paragraphs and tables in order. ``status`` is the
    meaning of the whole (POSITIVE or NEGATIVE), which a format may show by the title."""

    title: str
    blocks: list[Table | Paragraph | Facts] = field(default_factory=list)
    status: str | None = None
    # The key of the one table a one-table format (CSV) writes, and of the sheet a workbook
    # opens on (else its first).
    main: str | None = None
    opens_on: str | None = None

    def tables(self, format_name: str) -> list[Table]:
        """The tables ``format_name`` shows, each with only its columns for it."""
        return [block for block in blocks_for(self, format_name) if isinstance(block, Table)]


@dataclass(slots=True)
class LineChart:
    """A figure over the years against the path it was expected to take: the value of a
    SERIES cell, which a page draws (renderers.svg) and a terminal shows as a sparkline."""

    label: str  # what it shows, in words: the chart's accessible name
    results: list[tuple[int, float | None, str]]  # each year: its value (None: none), as shown
    path: list[tuple[int, float]]  # baseline → milestones → target
    target: tuple[int, float]
    now: int | None  # the evaluated year
    meaning: str | None  # its status, which colours the results


def narrowed(table: Table, format_name: str) -> Table:
    """``table`` with only the columns ``format_name`` shows (itself when it shows them all)."""
    keep = [i for i, c in enumerate(table.columns) if c.audience in SHOWN[format_name]]
    if len(keep) == len(table.columns):
        return table
    return replace(
        table,
        columns=[table.columns[i] for i in keep],
        rows=_kept(table.rows, keep),
        frozen=sum(1 for i in keep if i < table.frozen),
        totals=[[row[i] for i in keep] for row in table.totals],
    )


def _kept(rows: list[list[Cell]] | Rows, keep: list[int]) -> list[list[Cell]] | Rows:
    """``rows`` with only the cells at ``keep``, made as they are read when ``rows`` are."""
    if isinstance(rows, Rows):
        return Rows(len(rows), lambda: ([row[i] for i in keep] for row in rows))
    return [[row[i] for i in keep] for row in rows]


def limited(table: Table) -> Table:
    """``table`` as a screen shows it: the rows of its ``selection`` or its first ``limit``,
    which say how many they are of."""
    if table.selection is not None:
        # One pass over rows made as they are read, then in the selection's order.
        chosen = set(table.selection)
        picked = {index: row for index, row in enumerate(table.rows) if index in chosen}
        rows = [picked[index] for index in table.selection]
    elif table.limit is not None:
        rows = list(islice(table.rows, table.limit))
    else:
        return table
    if len(rows) == len(table.rows):
        return table
    return replace(
        table, rows=rows, shown_of=table.shown_of or len(table.rows), limit=None, selection=None
    )


def shown_of(table: Table, lang: str) -> str | None:
    """「85 件中 20 件を表示（全件: …）」 for a table of selected rows, else ``None``: the same
    words in every format."""
    if table.shown_of is None or table.shown_of <= len(table.rows):
        return None
    said = SHOWN_OF.format(total=table.shown_of, shown=len(table.rows))(lang)
    if table.more:
        said += f"（{table.more}）" if lang == "ja" else f" ({table.more})"
    return said


def blocks_for(view: View, format_name: str) -> list[Table | Paragraph | Facts]:
    """The blocks of ``view`` in order, as ``format_name`` shows them: its tables with only
    their columns for it, the others left out."""
    shown: list[Table | Paragraph | Facts] = []
    for block in view.blocks:
        if block.audience not in SHOWN[format_name]:
            continue
        shown.append(narrowed(block, format_name) if isinstance(block, Table) else block)
    return shown


def data_value(cell: Cell, column: Column) -> object:
    """What a spreadsheet's cell holds: a figure as a number (None when there is none); text
    as it was written (``value``: the user's own, control characters and all; a status by its
    label); nothing for an empty cell."""
    if column.role in FIGURES:
        if isinstance(cell.value, tuple):  # help and harm in one cell: both, as text
            return cell.text
        return cell.value
    if column.role in (Role.ID, Role.LABEL, Role.NOTE) and isinstance(cell.value, str):
        return cell.value or None
    if column.role is Role.MARK and isinstance(cell.value, int):  # a count under the marks
        return cell.value
    if not cell.text or (cell.text == NOTHING and cell.value is None):
        return None
    return cell.text


def scope(context, lang: str) -> list[Paragraph]:
    """What an analysis read, said before its figures in every format: that it is the bundled
    sample, the files, config, framework and interactions, and what could not be read."""
    from ..reporters.scope import SAMPLE, checked_line

    lines = checked_line(context, lang).split("\n")
    return [
        Paragraph(line, WARN if context.settings.sample and line == SAMPLE(lang) else DIM)
        for line in lines
    ]
