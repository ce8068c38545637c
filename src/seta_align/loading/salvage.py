"""What of a measure can still be used when part of it cannot be read.

One slip is one finding: a thousands comma in a KPI's baseline is reported where it stands, and
the measure it sits in still exists. Its id stays known (a result, a ``depends_on`` or an impact
naming it is never "unknown"), and it takes part in every analysis that does not need the broken
part. This module decides, from the places the schema found wrong, which parts to leave out:

- a broken item of a list (a KPI, an impact, one id of ``supports`` or ``depends_on``, a tag) is
  left out alone, and the KPIs among them stay known by their name and id;
- a broken optional field (``period``, ``description``, an unknown key) is left out alone;
- when a field every analysis needs is broken (``title``, ``owner``, ``field``), only the id is
  kept: the measure is counted and known, and left out of the analyses.

Without a readable id nothing can be kept: the schema finding at the id says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..vocabulary import ID_PATTERN
from .validation import field_label, real_location
from .yaml_source import Path_

if TYPE_CHECKING:  # pydantic is imported where a file is validated, not to read the cache
    from pydantic import ValidationError

    from ..models import Measure

# The fields without which a measure cannot take part in any analysis.
ESSENTIAL = frozenset({"id", "title", "owner", "field"})
_LISTS = ("supports", "kpis", "depends_on", "tags", "impacts")
_ID = re.compile(ID_PATTERN)


@dataclass(slots=True)
class Salvage:
    """The parts of a measure that could not be read (field labels such as ``kpis[0]``) and the
    KPIs among them, by every name a result may use for them (their ``id`` and ``name``)."""

    unreadable: tuple[str, ...] = ()
    unreadable_kpis: tuple[str, ...] = ()
    # For each list with items left out: the index in the file of each item kept, so that a
    # finding about the n-th kept item points at its own line.
    kept: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "unreadable": list(self.unreadable),
            "kpis": list(self.unreadable_kpis),
            "kept": {key: list(value) for key, value in self.kept.items()},
        }

    @classmethod
    def from_json(cls, value: dict) -> Salvage:
        return cls(
            tuple(value["unreadable"]),
            tuple(value["kpis"]),
            {key: tuple(indices) for key, indices in value["kept"].items()},
        )


@dataclass(slots=True)
class IdOnly:
    """A measure of which only the id (and the names of its KPIs) could be read."""

    id: str
    unreadable: tuple[str, ...]
    kpis: tuple[str, ...]
    # Where it starts, for an item the YAML reader could not parse (it has no position).
    line: int | None = None


# A YAML syntax error inside one item of a list of measures: the item is left out and the file
# read again, so that one slip does not take the file's other measures with it.
SYNTAX = "(YAML)"
ITEM_START = re.compile(r"-(?:[ \t]|$)")
_ID_LINE = re.compile(r"^(?:-[ \t]+|[ \t]+)id:[ \t]*[\"']?([A-Za-z][A-Za-z0-9_.\-]*)[\"']?[ \t]*(?:#.*)?$")
MAX_RECOVERIES = 20


def recover_items(text: str, first_error_line: int | None, parse):
    """Read a list of measures around items that have a YAML syntax error.

    ``parse(text)`` parses a text and returns ``(parsed, problems, error_line)``, ``parsed``
    None when it could not. The item holding the error line is blanked (its lines kept as empty
    lines, so every position stays where it was) and the text parsed again, up to
    :data:`MAX_RECOVERIES` times. Returns the parse of the text without the broken items and,
    for each, its first line and its id where a line ``id: …`` in it can be read; ``None``
    when the file is not a list of items or the error stands before the first item.
    """
    lines = text.splitlines(keepends=True)
    starts = [index for index, line in enumerate(lines) if ITEM_START.match(line)]
    if not starts or first_error_line is None:
        return None
    bounds = list(zip(starts, [*starts[1:], len(lines)], strict=True))
    if starts[0] > 0:  # the lines before the first item: comments, usually
        bounds.insert(0, (0, starts[0]))
    blanked: list[tuple[int, int]] = []
    problems: list = []
    error_line = first_error_line
    for _ in range(MAX_RECOVERIES):
        index = error_line - 1 if error_line is not None else -1
        chunk = next(((s, e) for s, e in bounds if s <= index < e), None)
        if chunk is None or chunk in blanked:
            return None
        blanked.append(chunk)
        for at in range(*chunk):
            ending = lines[at][len(lines[at].rstrip("\r\n")) :]
            lines[at] = ending
        parsed, found, error_line = parse("".join(lines))
        if parsed is not None:
            items = [
                (start + 1, _id_in(text.splitlines()[start:end]))
                for start, end in blanked
                if start in starts
            ]
            return parsed, [*problems, *found], items
        problems.extend(found)
    return None


def ids_in_text(text: str) -> list[tuple[int, str]]:
    """``(line, id)`` of each measure a file that cannot be parsed at all seems to hold: the
    lines ``- id: …`` (or ``id: …`` at the top of a file of one measure). They stay known, so
    that no result or link names them as missing while the file is being fixed."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _TOP_ID_LINE.match(line)
        if match:
            found.append((number, match.group(1)))
    return found


_TOP_ID_LINE = re.compile(r"^(?:-[ \t]+)?id:[ \t]*[\"']?([A-Za-z][A-Za-z0-9_.\-]*)[\"']?[ \t]*(?:#.*)?$")


def _id_in(lines: list[str]) -> str | None:
    for line in lines:
        found = _ID_LINE.match(line.rstrip("\r\n"))
        if found:
            return found.group(1)
    return None


def readable_id(item: dict) -> str | None:
    value = item.get("id")
    if isinstance(value, str) and len(value) <= 64 and _ID.match(value):
        return value
    return None


def salvage_measure(
    item: dict, error: ValidationError | None, extra_places: list[Path_] = ()
) -> tuple[Measure, Salvage] | IdOnly | None:
    """The measure without its broken parts, or only its id, or ``None`` (no readable id).

    ``extra_places`` are places (inside the measure) that reading found wrong although the
    schema accepts them, e.g. ``010`` that YAML reads as 8: they are left out too.
    """
    identifier = readable_id(item)
    if identifier is None:
        return None
    errors = error.errors() if error is not None else []
    places = [real_location(tuple(d["loc"]), item) for d in errors]
    places += [tuple(place) for place in extra_places]
    broken_fields: set[str] = set()
    broken_items: dict[str, set[int]] = {}
    for place in places:
        if not place:
            broken_fields.add("")
            continue
        key = place[0]
        if (
            key in _LISTS
            and len(place) >= 2
            and isinstance(place[1], int)
            and isinstance(item.get(key), list)
        ):
            broken_items.setdefault(key, set()).add(place[1])
        else:
            broken_fields.add(str(key))
    kpi_names = _kpi_names(item, broken_items.get("kpis", set()), "kpis" in broken_fields)
    labels = sorted(broken_fields - {""}) + [
        field_label((key, index)) for key, indices in broken_items.items() for index in sorted(indices)
    ]
    if broken_fields & ESSENTIAL or "" in broken_fields:
        # Left out whole: every KPI it has is as good as unreadable.
        return IdOnly(identifier, tuple(labels), _kpi_names(item, set(), True))
    from pydantic import ValidationError

    from ..models import Measure

    pruned = {key: value for key, value in item.items() if key not in broken_fields}
    kept: dict[str, tuple[int, ...]] = {}
    for key, indices in broken_items.items():
        if key in broken_fields:
            continue
        kept[key] = tuple(i for i in range(len(item[key])) if i not in indices)
        pruned[key] = [item[key][i] for i in kept[key]]
    try:
        measure = Measure.model_validate(pruned)
    except ValidationError:  # a part the first errors did not name: keep the id only
        return IdOnly(identifier, tuple(labels), _kpi_names(item, set(), True))
    return measure, Salvage(tuple(labels), kpi_names, kept)


def _kpi_names(item: dict, indices: set[int], all_broken: bool) -> tuple[str, ...]:
    """The ids and names of the KPIs left out, as a result may name them."""
    kpis = item.get("kpis")
    if not isinstance(kpis, list):
        return ()
    chosen = range(len(kpis)) if all_broken else sorted(indices)
    names: list[str] = []
    for index in chosen:
        if index >= len(kpis) or not isinstance(kpis[index], dict):
            continue
        for key in ("id", "name"):
            value = kpis[index].get(key)
            if isinstance(value, str) and value.strip():
                names.append(value)
    return tuple(names)
