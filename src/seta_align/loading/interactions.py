"""The interactions file (``impacts: {interactions: …}`` in the config): the municipality's own
cross-impact matrix of targets, on the same seven-point scale as measures' impacts.

Read like every other input: located YAML and schema problems stop the check (exit 2). What
needs the framework (unknown ids, a target interacting with itself, one pair scored twice) is
the SA606 rule's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..findings import Finding
from ..i18n import Text
from ..models import Interaction, InteractionsFile
from .validation import schema_findings
from .yaml_source import SourceMap, input_problem, read_yaml_file


@dataclass(slots=True)
class Interactions:
    """The interactions as read, each with where it stands (for findings)."""

    file: str
    items: list[Interaction] = field(default_factory=list)
    source: SourceMap = field(default_factory=SourceMap)
    note: str | None = None
    digest: str | None = None

    def locate(self, index: int, key: str = "from") -> tuple[int | None, int | None]:
        return self.source.locate(("interactions", index, key)) or (None, None)


class InteractionsError(Exception):
    def __init__(self, findings: list[Finding]):
        super().__init__(f"{len(findings)} problem(s) in the interactions file")
        self.findings = findings


def load_interactions(path: Path, name: str) -> Interactions:
    document = read_yaml_file(path, name)
    if document.problems:
        raise InteractionsError(document.problems)
    data = document.data if document.data is not None else {}
    if not isinstance(data, dict):
        raise InteractionsError(
            [
                input_problem(
                    "SA003",
                    "schema",
                    Text(
                        "相互作用ファイルの最上位は interactions: のリストにしてください。",
                        "The interactions file's top level must be a mapping with an "
                        "interactions: list.",
                    ),
                    name,
                    1,
                    1,
                )
            ]
        )
    try:
        parsed = InteractionsFile.model_validate(data)
    except ValidationError as error:
        raise InteractionsError(
            schema_findings(error, InteractionsFile, name, document.source, data=data)
        ) from None
    return Interactions(name, parsed.interactions, document.source, parsed.note, document.digest)
