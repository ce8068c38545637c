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


# --- plain data, for the cache (JSON: nothing in the cache can run code) ----------------------


def _text_to_json(text: Text | None) -> list[str] | None:
    return None if text is None else [text.ja, text.en]


def _text_from_json(value: list[str] | None) -> Text | None:
    return None if value is None else Text(value[0], value[1])


def finding_to_json(finding: Finding) -> dict:
    location = finding.location
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": _text_to_json(finding.message),
        "location": None if location is None else [location.file, location.line, location.column],
        "measure": finding.measure,
        "node": finding.node,
        "hint": _text_to_json(finding.hint),
        "source_line": finding.source_line,
        "is_input_problem": finding.is_input_problem,
        "extra": finding.extra,
    }


def finding_from_json(value: dict) -> Finding:
    location = value["location"]
    return Finding(
        code=value["code"],
        name=value["name"],
        severity=Severity(value["severity"]),
        message=_text_from_json(value["message"]),
        location=None if location is None else Location(*location),
        measure=value["measure"],
        node=value["node"],
        hint=_text_from_json(value["hint"]),
        source_line=value["source_line"],
        is_input_problem=value["is_input_problem"],
        extra=value["extra"],
    )
