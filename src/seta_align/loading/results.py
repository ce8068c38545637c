"""Results (実績) and plan-level indicators (成果指標): the files of outcome management.

Results are reported apart from the plan, so the measure files stay the plan: a folder (the
config's ``results:``, default ``data/results`` beside the config) of YAML files, each a list
of ``{measure, kpi, year, value, note}`` (or a mapping with a ``note:`` and that list under
``results:``). The plan-level indicators are one file (the config's ``indicators:``).

Read like every other input: located YAML and schema problems stop the run (exit 2), and the
Japanese variants people type (令和7年度, １，２００, 1,200) are read as what they mean and said
so (SA004). What needs the draft (an unknown measure or KPI, a year outside the plan, the same
result twice) is for the rules (SA704–SA706).
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..findings import Finding
from ..i18n import Text
from ..models import Indicator, IndicatorsFile, ResultRecord
from .files import BACKUP_PATTERNS, MEASURE_SUFFIXES, display_name
from .normalise import normalise_indicator, normalise_result
from .validation import numbers_in_disguise, schema_findings
from .yaml_source import (
    Packed,
    SourceMap,
    input_problem,
    pack_positions,
    read_yaml_file,
    schema_problem_at,
)


@dataclass(slots=True)
class LocatedResult:
    record: ResultRecord
    file: str
    # Where the result and each of its values stand, packed (JSON text of its part of the
    # file's position tree): read only when a finding names the result, and a results file of
    # 100,000 lines has few findings. A dictionary of places per result held half as much
    # memory again; the file's whole tree, nearly three times as much.
    positions: Packed

    def place(self, key: str | None = None) -> tuple[int | None, int | None]:
        """Where the result stands, or its value of ``key`` (the result when it has no such
        key)."""
        found = SourceMap.deferred(self.positions, b"").locate((key,) if key else ())
        return found if found is not None else (None, None)


@dataclass(slots=True)
class Results:
    """Every result read, in file order, with the files and what reading them noted."""

    records: list[LocatedResult] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)  # SA004: variants read as meant
    digests: dict[str, str] = field(default_factory=dict)  # file -> digest of its bytes
    # (absolute path, digest of the bytes read) of each file, for a saved report's manifest
    sources: list[tuple[str, str | None]] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        return sorted({r.record.year for r in self.records})


@dataclass(slots=True)
class LocatedIndicator:
    indicator: Indicator
    line: int | None
    column: int | None


@dataclass(slots=True)
class Indicators:
    file: str
    items: list[LocatedIndicator] = field(default_factory=list)
    note: str | None = None
    notes: list[Finding] = field(default_factory=list)
    digest: str | None = None


class ResultsError(Exception):
    def __init__(self, findings: list[Finding]):
        super().__init__(f"{len(findings)} problem(s) in the results or indicators files")
        self.findings = findings


def result_files(paths: list[Path]) -> list[Path]:
    """The YAML files of the results paths: a file as named, a folder's files sorted by path
    (hidden files and folders, editor backups and lock files left out)."""
    found: list[Path] = []
    for path in paths:
        if not os.path.isdir(path):
            found.append(path)
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if (
                    name.lower().endswith(MEASURE_SUFFIXES)
                    and not name.startswith(".")
                    and not any(fnmatch.fnmatch(name, p) for p in BACKUP_PATTERNS)
                ):
                    found.append(Path(folder) / name)
    return found


def load_results(paths: list[Path]) -> Results:
    """Read every results file; any located problem stops the run (:class:`ResultsError`)."""
    results = Results()
    problems: list[Finding] = []
    for path in result_files(paths):
        name = display_name(path)
        results.files.append(name)
        document = read_yaml_file(path, name)
        if document.problems:
            problems.extend(document.problems)
            continue
        if document.digest:
            results.digests[name] = document.digest
        results.sources.append((os.path.abspath(path), document.digest))
        data = document.data
        prefix: tuple = ()
        if data is None:
            continue
        if isinstance(data, dict) and set(data) <= {"note", "results"}:
            data, prefix = data.get("results") or [], ("results",)
        if not isinstance(data, list):
            problems.append(_top_level(name, document.source))
            continue
        problems.extend(numbers_in_disguise(document.source, name))
        places = _item_positions(document.source, prefix) if data else []
        for index, item in enumerate(data):
            at = (*prefix, index)
            if not isinstance(item, dict):
                problems.append(
                    schema_problem_at(
                        name,
                        document.source,
                        at,
                        Text(
                            "実績の各項目は {measure, kpi, year, value, note} の組にしてください。",
                            "Each result must be a mapping {measure, kpi, year, value, note}.",
                        ),
                    )
                )
                continue
            notes = normalise_result(item, at, name, document.source)
            results.notes.extend(n for n in notes if not n.is_input_problem)
            problems.extend(n for n in notes if n.is_input_problem)
            try:
                record = ResultRecord.model_validate(item)
            except ValidationError as error:
                problems.extend(
                    schema_findings(error, ResultRecord, name, document.source, at, item)
                )
                continue
            results.records.append(LocatedResult(record, name, pack_positions(places[index])))
    if problems:
        raise ResultsError(problems)
    return results


def load_indicators(path: Path) -> Indicators:
    name = display_name(path)
    document = read_yaml_file(path, name)
    if document.problems:
        raise ResultsError(document.problems)
    data = document.data if document.data is not None else {}
    if not isinstance(data, dict):
        raise ResultsError(
            [
                input_problem(
                    "SA003",
                    "schema",
                    Text(
                        "成果指標ファイルの最上位は indicators: のリストを持つ組にしてください。",
                        "The indicators file's top level must be a mapping with an indicators: "
                        "list.",
                    ),
                    name,
                    1,
                    1,
                )
            ]
        )
    problems = list(numbers_in_disguise(document.source, name))
    notes: list[Finding] = []
    items = data.get("indicators")
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                found = normalise_indicator(item, ("indicators", index), name, document.source)
                notes.extend(n for n in found if not n.is_input_problem)
                problems.extend(n for n in found if n.is_input_problem)
    try:
        parsed = IndicatorsFile.model_validate(data)
    except ValidationError as error:
        problems.extend(schema_findings(error, IndicatorsFile, name, document.source, data=data))
    if problems:
        raise ResultsError(problems)
    located = [
        LocatedIndicator(item, *(document.source.locate(("indicators", i)) or (None, None)))
        for i, item in enumerate(parsed.indicators)
    ]
    return Indicators(name, located, parsed.note, notes, document.digest)


def _item_positions(source: SourceMap, prefix: tuple) -> list:
    """The position tree of each result of a file (yaml_source's tree: a list is ``(line,
    column, [items])``, a mapping's value sits third in ``(key line, key column, value)``)."""
    tree = source.positions
    for key in prefix:  # ("results",) when the list sits under a note
        tree = tree[2][key][2]
    return tree[2]


def _top_level(name: str, source: SourceMap) -> Finding:
    return input_problem(
        "SA003",
        "schema",
        Text(
            "実績ファイルの最上位は実績のリスト（または note: と results: の組）にしてください。",
            "A results file's top level must be a list of results (or a mapping with note: "
            "and results:).",
        ),
        name,
        1,
        1,
        source_line=source.line_text(1),
    )
