"""The interactions file (``impacts: {interactions: …}`` in the config): the municipality's own
cross-impact matrix of targets, on the same seven-point scale as measures' impacts.

Read like every other input: located YAML and schema problems are errors (exit 2). A pair that
cannot be read is left out (the analysis treats it as not assessed, and says how many were left
out); every other pair and check goes on. What needs the framework (unknown ids, a target
interacting with itself, one pair scored twice) is the SA606 rule's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..findings import Finding
from ..i18n import Text
from ..models import Interaction, InteractionsFile
from .validation import broken_items, disguised_numbers, schema_findings
from .yaml_source import SourceMap, input_problem, read_yaml_file


@dataclass(slots=True)
class Interactions:
    """The interactions as read, each with where it stands (for findings)."""

    file: str
    items: list[Interaction] = field(default_factory=list)
    source: SourceMap = field(default_factory=SourceMap)
    note: str | None = None
    digest: str | None = None
    # Located errors (exit 2), and how many pairs were left out for them (-1: the whole file).
    problems: list[Finding] = field(default_factory=list)
    unread: int = 0
    # With pairs left out: the index in the file of each pair kept.
    kept: list[int] | None = None

    def locate(self, index: int, key: str = "from") -> tuple[int | None, int | None]:
        if self.kept is not None and 0 <= index < len(self.kept):
            index = self.kept[index]
        return self.source.locate(("interactions", index, key)) or (None, None)


def load_interactions(path: Path, name: str) -> Interactions:
    document = read_yaml_file(path, name)
    if document.problems:
        return Interactions(name, problems=list(document.problems), unread=-1)
    data = document.data if document.data is not None else {}
    if not isinstance(data, dict):
        top = input_problem(
            "SA003",
            "schema",
            Text(
                "相互作用ファイルの最上位は interactions: のリストにしてください。",
                "The interactions file's top level must be a mapping with an interactions: list.",
            ),
            name,
            1,
            1,
        )
        return Interactions(name, source=document.source, problems=[top], unread=-1)
    disguised = disguised_numbers(document.source, name)
    problems = [finding for _, finding in disguised]
    broken = {path[1] for path, _ in disguised if len(path) > 1 and path[0] == "interactions"}
    try:
        parsed = InteractionsFile.model_validate(data)
        if not broken:
            return Interactions(
                name, parsed.interactions, document.source, parsed.note, document.digest,
                problems,
            )
    except ValidationError as error:
        problems.extend(schema_findings(error, InteractionsFile, name, document.source, data=data))
        items_wrong = broken_items(error, data, "interactions")
        if items_wrong is None:
            return Interactions(name, source=document.source, problems=problems, unread=-1)
        broken |= items_wrong
    items = data.get("interactions") or []
    kept: list[Interaction] = []
    positions: list[int] = []
    for index, item in enumerate(items):
        if index in broken:
            continue
        try:
            kept.append(Interaction.model_validate(item))
            positions.append(index)
        except ValidationError:
            broken.add(index)
    note = data.get("note")
    return Interactions(
        name,
        kept,
        document.source,
        note if isinstance(note, str) else None,
        document.digest,
        problems,
        len(broken),
        positions,
    )
