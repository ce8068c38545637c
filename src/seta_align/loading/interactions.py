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

from ..findings import Finding, finding_from_json, finding_to_json
from ..i18n import Text
from ..input_records import Interaction
from ..input_records import from_json as record_from_json
from ..input_records import from_model as record_from_model
from ..input_records import to_json as record_to_json
from .cache_dir import content_digest
from .parse_cache import ParseCache, read_through
from .yaml_source import (
    SourceMap,
    input_problem,
    packed_from_json,
    packed_to_json,
    parse_bytes,
    read_bytes,
)


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

    def to_json(self) -> dict:
        """What reading the file gave, for the parse cache (``from_json`` reads it back)."""
        return {
            "file": self.file,
            "items": [record_to_json(item) for item in self.items],
            "positions": packed_to_json(self.source.packed()),
            "note": self.note,
            "digest": self.digest,
            "problems": [finding_to_json(f) for f in self.problems],
            "unread": self.unread,
            "kept": self.kept,
        }

    @classmethod
    def from_json(cls, entry: dict) -> Interactions:
        return cls(
            entry["file"],
            [record_from_json(Interaction, item) for item in entry["items"]],
            SourceMap.deferred(packed_from_json(entry["positions"])),
            entry["note"],
            entry["digest"],
            [finding_from_json(f) for f in entry["problems"]],
            entry["unread"],
            entry["kept"],
        )


def load_interactions(path: Path, name: str, cache: ParseCache | None = None) -> Interactions:
    """The interactions file; with a ``cache``, answered from it when its bytes were read
    before."""
    raw, problem = read_bytes(path, name)
    if problem is not None:
        return Interactions(name, problems=[problem], unread=-1)
    return read_through(
        cache, raw, name, content_digest(raw), kind=_CACHE_KIND, read=read_interactions,
        form=Interactions,
    )


# The interactions file's entry in the parse cache is named apart from a measure file's.
_CACHE_KIND = "interactions\0"


def read_interactions(raw: bytes, name: str) -> Interactions:
    """Parse and validate the interactions file's bytes, pair by pair."""
    from pydantic import ValidationError

    from ..models import Interaction as InteractionModel
    from ..models import InteractionsFile
    from .validation import broken_items, disguised_numbers, schema_findings

    document = parse_bytes(raw, name)
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
                name,
                [record_from_model(Interaction, item) for item in parsed.interactions],
                document.source,
                parsed.note,
                content_digest(raw),
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
            kept.append(record_from_model(Interaction, InteractionModel.model_validate(item)))
            positions.append(index)
        except ValidationError:
            broken.add(index)
    note = data.get("note")
    return Interactions(
        name,
        kept,
        document.source,
        note if isinstance(note, str) else None,
        content_digest(raw),
        problems,
        len(broken),
        positions,
    )
