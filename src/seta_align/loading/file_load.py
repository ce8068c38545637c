"""What one measure file contributes to a draft, and its compact form for the cache.

``load_file`` is a pure function of a file's bytes and its display name: parse (with
positions), normalise, validate. Its result can therefore be stored once and answered from
``.seta-align-cache/`` whenever the same bytes are read under the same name, skipping all three
steps; ``encode`` and ``decode`` are that round trip, in JSON (plain data: nothing in the cache
can run code, unlike pickle).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import measure_records
from ..findings import Finding, finding_from_json, finding_to_json
from ..i18n import Text
from ..measure_records import Measure
from .normalise import normalise_measure
from .salvage import SYNTAX, IdOnly, Salvage, ids_in_text, recover_items, salvage_measure
from .yaml_source import (
    Path_,
    SourceMap,
    YamlDocument,
    input_problem,
    packed_from_json,
    packed_to_json,
    parse_bytes,
    parse_yaml_text,
    schema_problem_at,
)
from .yaml_source import decode as decode_text  # decode() below is the cache entry's


@dataclass(slots=True)
class FileLoad:
    problems: list[Finding] = field(default_factory=list)
    # Each valid measure with where it sits inside its file: () or (index,).
    measures: list[tuple[Path_, Measure]] = field(default_factory=list)
    source: SourceMap = field(default_factory=SourceMap)
    # For a measure of ``measures`` (by its index there) with parts left out: which.
    salvaged: dict[int, Salvage] = field(default_factory=dict)
    # Measures of which only the id could be read, with where each sits.
    id_only: list[tuple[Path_, IdOnly]] = field(default_factory=list)
    # False when something of the file could not be read as a measure at all (a syntax
    # error, an item without a readable id): the draft is then not whole.
    complete: bool = True


def load_file(raw: bytes, name: str) -> FileLoad:
    """Parse, normalise and validate one measure file. Problems are returned, never raised."""
    result = _load(raw, name)
    result.source.pack()
    return result


def _load(raw: bytes, name: str) -> FileLoad:
    from pydantic import ValidationError

    from ..models import Measure as MeasureModel
    from .validation import disguised_numbers, schema_findings

    document = parse_bytes(raw, name)
    result = FileLoad(list(document.problems), [], document.source)
    data = document.data
    if data is None and document.problems:
        recovered = _recovered(raw, name, document)
        if recovered is not None:
            document, broken_items = recovered
            result = FileLoad(list(document.problems), [], document.source)
            result.id_only.extend(
                ((), IdOnly(identifier, (SYNTAX,), (), line))
                for line, identifier in broken_items
                if identifier is not None
            )
            # The broken items' links are unknown: the draft is not whole for coverage.
            result.complete = False
            data = document.data
    if data is None:
        result.complete = not any(p.is_input_problem for p in document.problems)
        if not result.complete:
            text, problem = decode_text(raw, name)
            if problem is None and text is not None:
                result.id_only.extend(
                    ((), IdOnly(identifier, (SYNTAX,), (), line))
                    for line, identifier in ids_in_text(text)
                )
        return result
    if isinstance(data, dict):
        items: list[tuple[Path_, object]] = [((), data)]
    elif isinstance(data, list):
        items = [((index,), item) for index, item in enumerate(data)]
    else:
        line = (document.source.locate(()) or (1, 1))[0]
        result.problems.append(
            input_problem(
                "SA003",
                "schema",
                Text(
                    "ファイルの最上位は、施策1件（「キー: 値」の組）か施策のリストにしてください。",
                    "The top level must be one measure (a mapping) or a list of measures.",
                ),
                name,
                line,
                1,
                source_line=document.source.line_text(line),
            )
        )
        result.complete = False
        return result
    disguised = disguised_numbers(document.source, name)
    result.problems.extend(finding for _, finding in disguised)
    for at, item in items:
        if not isinstance(item, dict):
            result.problems.append(
                schema_problem_at(
                    name,
                    document.source,
                    at,
                    Text(
                        "リストの各項目は施策（「キー: 値」の組）にしてください。",
                        "Each list item must be a measure (a mapping of 'key: value').",
                    ),
                )
            )
            result.complete = False
            continue
        notes = normalise_measure(item, at, name, document.source)
        result.problems.extend(notes)
        # A number YAML read otherwise than it looks passes the schema with the wrong value:
        # it is left out like any broken part.
        wrong = [path[len(at) :] for path, _ in disguised if path[: len(at)] == at]
        error = None
        try:
            measure = measure_records.from_model(MeasureModel.model_validate(item))
        except ValidationError as failed:
            error = failed
            # One finding per place: where the reader already said what is wrong (a bad
            # tag, say), the model's complaint about the same value adds nothing.
            said = {
                (p.location.line, p.location.column)
                for p in [*document.problems, *notes]
                if p.is_input_problem
            }
            result.problems.extend(
                finding
                for finding in schema_findings(error, MeasureModel, name, document.source, at, item)
                if (finding.location.line, finding.location.column) not in said
            )
        if error is None and not wrong:
            result.measures.append((at, measure))
            continue
        kept = salvage_measure(item, error, wrong)
        if kept is None:
            result.complete = False
        elif isinstance(kept, IdOnly):
            result.id_only.append((at, kept))
        else:
            result.salvaged[len(result.measures)] = kept[1]
            result.measures.append((at, measure_records.from_model(kept[0])))
    return result


def _recovered(raw: bytes, name: str, document: YamlDocument):
    """The document read again without the list items that hold its YAML syntax errors (see
    :func:`salvage.recover_items`), with each such item's first line and id; ``None`` when it
    cannot be done (the error is not inside an item of a top-level list)."""
    text, problem = decode_text(raw, name)
    if problem is not None or text is None:
        return None
    first = document.problems[0].location
    first_line = first.line if first is not None else None

    def parse(candidate: str):
        attempt = parse_yaml_text(candidate, name)
        located = next((p.location for p in attempt.problems if p.location), None)
        usable = attempt if attempt.data is not None else None
        return usable, attempt.problems, located.line if located else None

    recovered = recover_items(text, first_line, parse)
    if recovered is None:
        return None
    again, later_problems, items = recovered
    again.problems = [*document.problems, *later_problems]
    return again, items


# --- the cache form ------------------------------------------------------------------------
#
# The position tree is kept packed inside the entry (each measure's JSON text, deflated and
# written as base64) and decoded only when a finding in that measure needs a position, which
# most measures never do.

def encode(result: FileLoad) -> dict:
    """``result`` as plain JSON data (``decode`` reverses it)."""
    return {
        "problems": [finding_to_json(f) for f in result.problems],
        "paths": [list(at) for at, _ in result.measures],
        "measures": [measure_records.to_json(m) for _, m in result.measures],
        "positions": packed_to_json(result.source.packed()),
        "salvaged": {str(index): kept.to_json() for index, kept in result.salvaged.items()},
        "id_only": [
            [
                list(at),
                {
                    "id": m.id,
                    "unreadable": list(m.unreadable),
                    "kpis": list(m.kpis),
                    "line": m.line,
                },
            ]
            for at, m in result.id_only
        ],
        "complete": result.complete,
    }


def decode(entry: dict) -> FileLoad:
    """The :class:`FileLoad` that ``encode`` gave.

    Raises ``ValueError``, ``KeyError`` or ``TypeError`` when ``entry`` is not such data.
    """
    paths = [tuple(at) for at in entry["paths"]]
    measures = [measure_records.from_json(m) for m in entry["measures"]]
    positions = packed_from_json(entry["positions"])
    if len(paths) != len(measures):
        raise ValueError("not a cache entry")
    return FileLoad(
        [finding_from_json(f) for f in entry["problems"]],
        list(zip(paths, measures, strict=True)),
        SourceMap.deferred(positions),
        {int(index): Salvage.from_json(kept) for index, kept in entry["salvaged"].items()},
        [
            (tuple(at), IdOnly(m["id"], tuple(m["unreadable"]), tuple(m["kpis"]), m["line"]))
            for at, m in entry["id_only"]
        ],
        entry["complete"],
    )
