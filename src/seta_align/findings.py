"""Findings: what a check says about the draft, located in the user's files."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .i18n import Lang, Text


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def label(self, lang: Lang) -> str:
        return _LABELS[self](lang)


_RANKS = {Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}
_LABELS = {
    Severity.INFO: Text("情報", "info"),
    Severity.WARNING: Text("警告", "warning"),
    Severity.ERROR: Text("エラー", "error"),
}


@dataclass(frozen=True, slots=True)
class Location:
    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.file
        if self.column is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(slots=True)
class Finding:
    code: str
    name: str
    severity: Severity
    message: Text
    location: Location | None = None
    measure: str | None = None
    node: str | None = None
    hint: Text | None = None
    # The offending source line, shown under input errors so users see what we read.
    source_line: str | None = None
    # Input problems (unreadable files, YAML syntax, schema) make the run exit with code 2.
    is_input_problem: bool = False
    extra: dict[str, object] = field(default_factory=dict)

    def sort_key(self) -> tuple:
        loc = self.location
        return (
            loc.file if loc else "~",
            loc.line or 0 if loc else 0,
            loc.column or 0 if loc else 0,
            self.code,
            self.node or "",
        )
