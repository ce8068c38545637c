"""What a rule is: a stable code and name, a default severity, and one check function."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..findings import Finding, Location, Severity
from ..i18n import Text

if TYPE_CHECKING:
    from ..engine import CheckContext
    from ..loading.measures import LoadedMeasure


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: Text
    # None for problems found while reading files (they are reported by the loaders).
    check: Callable[[CheckContext], Iterable[Finding]] | None = None
    # Input problems stop the data from being read at all: they cannot be disabled.
    configurable: bool = True
    # Judges the draft as a whole (coverage, cross-field): skipped while some files cannot be
    # read, because the missing measures would make every such finding misleading.
    whole_draft: bool = False

    def at_measure(
        self,
        loaded: LoadedMeasure,
        message: Text,
        *inner: str | int,
        node: str | None = None,
        hint: Text | None = None,
    ) -> Finding:
        """A finding located at ``inner`` (e.g. "supports", 2) inside a measure."""
        line, column = loaded.locate(*inner)
        return Finding(
            code=self.code,
            name=self.name,
            severity=self.severity,
            message=message,
            location=Location(loaded.file, line, column),
            measure=loaded.measure.id,
            node=node,
            hint=hint,
        )

    def at(
        self,
        message: Text,
        location: Location | None = None,
        *,
        node: str | None = None,
        measure: str | None = None,
        hint: Text | None = None,
        **extra: object,
    ) -> Finding:
        return Finding(
            code=self.code,
            name=self.name,
            severity=self.severity,
            message=message,
            location=location,
            measure=measure,
            node=node,
            hint=hint,
            extra=dict(extra),
        )
