"""The format-neutral parts of a view: tables of cells with roles and priorities."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ..i18n import Text

SHOWN_OF = Text("{total:,} 件中 {shown:,} 件を表示", "{shown:,} of {total:,} shown")


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


# How a cell is coloured, in every format: a status code, or one of these.
POSITIVE, NEGATIVE, DIM, STRONG, WARN = "positive", "negative", "dim", "strong", "warn"


@dataclass(slots=True)
class Cell:
    text: str  # what is shown, in --lang
    value: object = None  # the figure or code behind it, for formats that keep data
    meaning: str | None = None  # a status code (``behind``) or POSITIVE, NEGATIVE, DIM …
    # A rendering of its own for formats that can draw it (a coloured bar), else ``text``.
    segments: list[tuple[str, str | None]] | None = None

    @classmethod
    def of(cls, value: object, text: str | None = None, meaning: str | None = None) -> Cell:
        return cls(str(value) if text is None else text, value, meaning)


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


@dataclass(slots=True)
class Table:
    title: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    # The rows are a selection: the first of this many (said as 「85 件中 20 件」).
    shown_of: int | None = None
    # What to do to see the rest (e.g. "--format markdown"), said with shown_of.
    more: str | None = None

    def add(self, *cells: Cell | str) -> None:
        self.rows.append([cell if isinstance(cell, Cell) else Cell(cell) for cell in cells])


@dataclass(slots=True)
class Paragraph:
    """A sentence of a view, or a labelled list of ids (``lead``: ``items``)."""

    text: str = ""
    meaning: str | None = None
    lead: str | None = None
    items: list[str] | None = None


@dataclass(slots=True)
class View:
    """A subject's output: a title, and its paragraphs and tables in order. ``status`` is the
    meaning of the whole (POSITIVE or NEGATIVE), which a format may show by the title."""

    title: str
    blocks: list[Table | Paragraph] = field(default_factory=list)
    status: str | None = None


def shown_of(table: Table, lang: str) -> str | None:
    """「85 件中 20 件を表示（全件: …）」 for a table of selected rows, else ``None``: the same
    words in every format."""
    if table.shown_of is None or table.shown_of <= len(table.rows):
        return None
    said = SHOWN_OF.format(total=table.shown_of, shown=len(table.rows))(lang)
    if table.more:
        said += f"（{table.more}）" if lang == "ja" else f" ({table.more})"
    return said
