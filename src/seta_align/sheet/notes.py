"""What the import says about a sheet, each note placed at a sheet, row and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..i18n import Lang, Text

Level = Literal["error", "warning", "info"]
_LABELS = {
    "error": Text("エラー", "error"),
    "warning": Text("警告", "warning"),
    "info": Text("情報", "info"),
}


def column_letter(column: int) -> str:
    """1 → A, 27 → AA: how Excel names a column."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


@dataclass(frozen=True, slots=True)
class Place:
    """A sheet (for a CSV file: the file's name), a row, a column and the column's heading."""

    sheet: str
    row: int | None = None
    column: int | None = None
    heading: str | None = None

    def at(self, column: int | None, heading: str | None = None) -> Place:
        return Place(self.sheet, self.row, column, heading)

    def describe(self, lang: Lang) -> str:
        """``施策一覧 行12 列G「SDGs」`` / ``施策一覧!R12C7 (SDGs)``."""
        heading = self.heading.replace("\n", " ") if self.heading else None
        if lang == "ja":
            text = self.sheet
            if self.row is not None:
                text += f" 行{self.row}"
            if self.column is not None:
                text += f" 列{column_letter(self.column)}"
            return text + (f"「{heading}」" if heading else "")
        text = f"{self.sheet}!"
        if self.row is not None:
            text += f"R{self.row}"
        if self.column is not None:
            text += f"C{self.column}"
        text = text.rstrip("!")
        if self.column is not None:
            letter = column_letter(self.column)
            cell = f"{letter}{self.row}" if self.row is not None else f"column {letter}"
            text += f" ({cell}, {heading})" if heading else f" ({cell})"
        elif heading:
            text += f" ({heading})"
        return text


@dataclass(frozen=True, slots=True)
class Note:
    level: Level
    message: Text
    place: Place | None = None
    hint: Text | None = None

    def render(self, lang: Lang) -> str:
        where = f" {self.place.describe(lang)}" if self.place else ""
        text = f"{_LABELS[self.level](lang)}{where}: {self.message(lang)}"
        if self.hint is not None:
            text += f" → {self.hint(lang)}"
        return text

    @property
    def sort_key(self) -> tuple[int, int]:
        place = self.place
        return (
            (place.row or 0) if place else 0,
            (place.column or 0) if place else 0,
        )


@dataclass(slots=True)
class Notes:
    """Collects notes; ``errors`` counts what makes a row (or the whole sheet) unusable."""

    items: list[Note] = field(default_factory=list)
    # Values read as what they mean (full-width ids, era years …): counted for the summary.
    normalised: int = 0

    def error(self, place: Place | None, message: Text, hint: Text | None = None) -> None:
        self.items.append(Note("error", message, place, hint))

    def warning(self, place: Place | None, message: Text, hint: Text | None = None) -> None:
        self.items.append(Note("warning", message, place, hint))

    def info(self, place: Place | None, message: Text, hint: Text | None = None) -> None:
        self.items.append(Note("info", message, place, hint))

    @property
    def errors(self) -> list[Note]:
        return [note for note in self.items if note.level == "error"]

    def extend(self, other: Notes) -> None:
        self.items.extend(other.items)
        self.normalised += other.normalised
