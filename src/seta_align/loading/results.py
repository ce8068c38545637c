"""Results (実績) and plan-level indicators (成果指標): the files of outcome management.

Results are reported apart from the plan, so the measure files stay the plan: a folder (the
config's ``results:``, default ``data/results`` beside the config) of YAML files, each a list
of ``{measure, kpi, year, value, note}`` (or a mapping with a ``note:`` and that list under
``results:``). The plan-level indicators are one file (the config's ``indicators:``).

Read like every other input: located YAML and schema problems are errors (exit 2), and the
Japanese variants people type (令和7年度, １，２００, 1,200) are read as what they mean and said
so (SA004). One broken result hides nothing else: it is left out, what could be read of it
(its measure, KPI and year) is kept so that no rule speaks of its absence, and every other
result and check goes on. What needs the draft (an unknown measure or KPI, a year outside the
plan, the same result twice) is for the rules (SA704–SA706).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from sys import intern
from typing import TYPE_CHECKING

from ..findings import Finding, finding_from_json, finding_to_json
from ..i18n import Text
from ..input_records import EvaluationRecord, Indicator
from ..input_records import from_json as record_from_json
from ..input_records import from_model as record_from_model
from ..input_records import to_json as record_to_json
from .cache_dir import content_digest
from .file_jobs import FileJob, FileKind
from .files import display_name, result_files
from .normalise import normalise_evaluation, normalise_indicator, normalise_result
from .parse_cache import ParseCache, read_through
from .yaml_source import (
    Packed,
    SourceMap,
    input_problem,
    pack_positions,
    packed_from_json,
    parse_bytes,
    read_bytes,
    schema_problem_at,
)

if TYPE_CHECKING:  # pydantic is imported where a file is validated, not to read the cache
    from .. import models


@dataclass(slots=True, frozen=True)
class Result:
    """A result as the analyses read it: the fields of a validated ``ResultRecord``, held in a
    slotted record (a pydantic instance was ~650 bytes; 257,000 results at 100,000 measures)."""

    measure: str | None
    kpi: str | None
    indicator: str | None
    year: int
    value: float | None
    note: str | None

    @classmethod
    def of(cls, record: models.ResultRecord) -> Result:
        return cls(
            record.measure, record.kpi, record.indicator, record.year, record.value, record.note
        )


@dataclass(slots=True)
class LocatedResult:
    record: Result
    file: str
    # Where the result and each of its values stand, packed (JSON text of its part of the
    # file's position tree): read only when a finding names the result, and a results file of
    # 100,000 lines has few findings. A dictionary of places per result held half as much
    # memory again; the file's whole tree, nearly three times as much.
    positions: Packed

    def place(self, key: str | None = None) -> tuple[int | None, int | None]:
        """Where the result stands, or its value of ``key`` (the result when it has no such
        key)."""
        found = SourceMap.deferred(self.positions).locate((key,) if key else ())
        return found if found is not None else (None, None)


@dataclass(slots=True)
class UnreadResult:
    """A result that could not be read, with what could be read of it (``None``: unreadable)."""

    file: str
    line: int | None
    measure: str | None
    kpi: str | None
    indicator: str | None
    year: int | None

    def may_be_for(self, measure: str | None, names: tuple[str, ...], year: int) -> bool:
        """Whether this result may be the one of the KPI or indicator (``measure`` None) known
        by ``names``, in ``year``: whatever could not be read may be anything."""
        if self.year is not None and self.year != year:
            return False
        folded = {name.casefold() for name in names}
        if measure is None:
            if self.measure is not None:
                return False
            return self.indicator is None or self.indicator.casefold() in folded
        if self.indicator is not None:
            return False
        if self.measure is not None and self.measure.casefold() != measure.casefold():
            return False
        return self.kpi is None or self.kpi.casefold() in folded


@dataclass(slots=True)
class LocatedEvaluation:
    """A measure's evaluation for a year (施策評価), where it stands in its file."""

    record: EvaluationRecord
    file: str
    line: int | None
    column: int | None
    self_grade_at: tuple[int | None, int | None] = (None, None)


@dataclass(slots=True)
class Results:
    """Every result read, in file order, with the files and what reading them noted."""

    records: list[LocatedResult] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)  # SA004: variants read as meant
    # (absolute path, digest of the bytes read) of each file read, for a saved report's
    # manifest
    sources: list[tuple[str, str | None]] = field(default_factory=list)
    # What could not be read: located errors (exit 2), the results left out, and the files
    # none of whose results could be read (a YAML syntax error).
    problems: list[Finding] = field(default_factory=list)
    unread: list[UnreadResult] = field(default_factory=list)
    unread_files: list[str] = field(default_factory=list)
    # The measures' evaluations (施策評価), and the (measure, year) of those that could not be
    # read: no rule says an evaluation is missing when one could not be read.
    evaluations: list[LocatedEvaluation] = field(default_factory=list)
    unread_evaluations: set[tuple[str | None, int | None]] = field(default_factory=set)
    # (measure case-folded, year) → its first evaluation: made once, when first asked, since
    # every measure of a draft asks once.
    _evaluation_index: dict[tuple[str, int], LocatedEvaluation] | None = field(
        default=None, repr=False, compare=False
    )

    def add(self, read: ResultsFileLoad, path: str, digest: str) -> None:
        """Take in what one file gave (``path``: absolute, ``digest``: of the bytes read)."""
        self.sources.append((path, digest))
        self.records.extend(read.records)
        self.notes.extend(read.notes)
        self.problems.extend(read.problems)
        self.unread.extend(read.unread)
        self.evaluations.extend(read.evaluations)
        self.unread_evaluations.update(read.unread_evaluations)
        if read.unread_whole:
            self.unread_files.append(read.name)

    def evaluation(self, measure: str, year: int) -> LocatedEvaluation | None:
        """The evaluation of ``measure`` in ``year`` (the first, if given twice)."""
        if self._evaluation_index is None:
            self._evaluation_index = {}
            for located in self.evaluations:
                key = (located.record.measure.casefold(), located.record.year)
                self._evaluation_index.setdefault(key, located)
        return self._evaluation_index.get((measure.casefold(), year))

    def may_have_evaluation(self, measure: str, year: int) -> bool:
        return bool(self.unread_files) or any(
            (m is None or m.casefold() == measure.casefold()) and (y is None or y == year)
            for m, y in self.unread_evaluations
        )

    def may_have(self, measure: str | None, names: tuple[str, ...], year: int) -> bool:
        """Whether a result that could not be read may be the one of this KPI (or indicator,
        ``measure`` None) in ``year``."""
        return bool(self.unread_files) or any(
            unread.may_be_for(measure, names, year) for unread in self.unread
        )

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
    # What could not be read: located errors (exit 2); the ids and the nodes (``on``) of the
    # indicators left out, as far as they could be read; whether all of them are unknown.
    problems: list[Finding] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)
    unreadable_on: set[str] = field(default_factory=set)
    unread_whole: bool = False

    def may_be_on(self, node: str) -> bool:
        """Whether an indicator that could not be read may be the one on ``node``."""
        return self.unread_whole or node.casefold() in {n.casefold() for n in self.unreadable_on}

    def to_json(self) -> dict:
        """What reading the file gave, for the parse cache (``from_json`` reads it back)."""
        return {
            "file": self.file,
            "items": [
                [record_to_json(located.indicator), located.line, located.column]
                for located in self.items
            ],
            "note": self.note,
            "notes": [finding_to_json(f) for f in self.notes],
            "digest": self.digest,
            "problems": [finding_to_json(f) for f in self.problems],
            "unreadable": sorted(self.unreadable),
            "unreadable_on": sorted(self.unreadable_on),
            "unread_whole": self.unread_whole,
        }

    @classmethod
    def from_json(cls, entry: dict) -> Indicators:
        return cls(
            entry["file"],
            [
                LocatedIndicator(record_from_json(Indicator, item), line, column)
                for item, line, column in entry["items"]
            ],
            entry["note"],
            [finding_from_json(f) for f in entry["notes"]],
            entry["digest"],
            [finding_from_json(f) for f in entry["problems"]],
            set(entry["unreadable"]),
            set(entry["unreadable_on"]),
            entry["unread_whole"],
        )


class ResultsReading:
    """The results files, read in two steps: their bytes, and what the cache knows of them,
    first; the files it does not know are then read as ``jobs`` (``file_jobs.read_jobs``: a
    check reads them in one batch with the measure files), and :meth:`results` gathers all."""

    def __init__(self, paths: list[Path], cache: ParseCache | None) -> None:
        self.jobs: list[FileJob] = []
        # Each file in order: its name, absolute path, digest, and what reading it gave (a
        # read problem; or a job, read later).
        self._files: list[tuple[str, str, str | None, ResultsFileLoad | FileJob | Finding]] = []
        for path in result_files(paths):
            name = display_name(path)
            raw, problem = read_bytes(path, name)
            if problem is not None:
                self._files.append((name, "", None, problem))
                continue
            digest = content_digest(raw)
            read: ResultsFileLoad | FileJob | None = None
            if cache is not None:
                read = cache.lookup(_CACHE_KIND + name, digest, ResultsFileLoad.from_json)
            if read is None:
                read = FileJob(RESULTS_FILE, raw, name, digest)
                self.jobs.append(read)
            self._files.append((name, os.path.abspath(path), digest, read))

    def results(self) -> Results:
        """Every file's results, in order (once the jobs are read)."""
        results = Results()
        for name, path, digest, read in self._files:
            results.files.append(name)
            if isinstance(read, Finding):
                results.problems.append(read)
                results.unread_files.append(name)
                continue
            results.add(read.result if isinstance(read, FileJob) else read, path, digest)
        return results


# A results file's entry in the parse cache is named apart from a measure file's of the same
# name (a NUL is in no file name).
_CACHE_KIND = "results\0"


@dataclass(slots=True)
class ResultsFileLoad:
    """What one results file contributes, in file order: a pure function of its bytes and its
    display name, so it is kept in the parse cache and not read again while the file is
    unchanged (every view after a check reads the results)."""

    name: str
    records: list[LocatedResult] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    unread: list[UnreadResult] = field(default_factory=list)
    evaluations: list[LocatedEvaluation] = field(default_factory=list)
    unread_evaluations: list[tuple[str | None, int | None]] = field(default_factory=list)
    # None of its results could be read (a YAML syntax error, a top level of the wrong kind).
    unread_whole: bool = False

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "records": [
                [
                    r.record.measure,
                    r.record.kpi,
                    r.record.indicator,
                    r.record.year,
                    r.record.value,
                    r.record.note,
                    r.positions,
                ]
                for r in self.records
            ],
            "notes": [finding_to_json(f) for f in self.notes],
            "problems": [finding_to_json(f) for f in self.problems],
            "unread": [[u.line, u.measure, u.kpi, u.indicator, u.year] for u in self.unread],
            "evaluations": [
                [record_to_json(e.record), e.line, e.column, list(e.self_grade_at)]
                for e in self.evaluations
            ],
            "unread_evaluations": [list(pair) for pair in self.unread_evaluations],
            "unread_whole": self.unread_whole,
        }

    @classmethod
    def from_json(cls, entry: dict) -> ResultsFileLoad:
        """The load ``to_json`` gave. Raises ``ValueError``, ``KeyError`` or ``TypeError`` when
        ``entry`` is not such data (a foreign entry is then a miss)."""
        name = entry["name"]
        records = []
        for measure, kpi, indicator, year, value, note, positions in entry["records"]:
            if type(positions) is not str:  # most are: a result is a mapping
                positions = packed_from_json(positions)
            # The ids and KPI names recur on result after result: one string each, as the YAML
            # reader gives them, not one per result (35 MB of 257,000 results).
            result = Result(_shared(measure), _shared(kpi), _shared(indicator), year, value, note)
            records.append(LocatedResult(result, name, positions))
        evaluations = [
            LocatedEvaluation(
                record_from_json(EvaluationRecord, record), name, line, column, tuple(grade_at)
            )
            for record, line, column, grade_at in entry["evaluations"]
        ]
        return cls(
            name,
            records,
            [finding_from_json(f) for f in entry["notes"]],
            [finding_from_json(f) for f in entry["problems"]],
            [UnreadResult(name, *unread) for unread in entry["unread"]],
            evaluations,
            [tuple(pair) for pair in entry["unread_evaluations"]],
            entry["unread_whole"],
        )


def _shared(text: str | None) -> str | None:
    return None if text is None else intern(text)


def read_results_file(raw: bytes, name: str) -> ResultsFileLoad:
    """Parse, normalise and validate one results file's bytes, result by result."""
    from pydantic import ValidationError

    from ..models import ResultRecord
    from .validation import disguised_numbers, schema_findings

    read = ResultsFileLoad(name)
    document = parse_bytes(raw, name)
    problems = read.problems
    if document.problems:
        problems.extend(document.problems)
        read.unread_whole = True
        return read
    data = document.data
    prefix: tuple = ()
    if data is None:
        return read
    if isinstance(data, dict) and set(data) <= {"note", "results", "evaluations"}:
        _read_evaluations(read, data.get("evaluations"), name, document.source)
        data, prefix = data.get("results") or [], ("results",)
    if not isinstance(data, list):
        problems.append(_top_level(name, document.source))
        read.unread_whole = True
        return read
    disguised = disguised_numbers(document.source, name)
    problems.extend(finding for _, finding in disguised)
    wrong_items = {path[len(prefix)] for path, _ in disguised if len(path) > len(prefix)}
    places = _item_positions(document.source, prefix) if data else []
    for index, item in enumerate(data):
        at = (*prefix, index)
        if not isinstance(item, dict):
            read.unread.append(_unread(name, document.source, at, {}))
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
        read.notes.extend(n for n in notes if not n.is_input_problem)
        problems.extend(n for n in notes if n.is_input_problem)
        try:
            record = ResultRecord.model_validate(item)
        except ValidationError as error:
            problems.extend(schema_findings(error, ResultRecord, name, document.source, at, item))
            read.unread.append(_unread(name, document.source, at, item))
            continue
        if index in wrong_items or any(n.is_input_problem for n in notes):
            # A value YAML read otherwise than it looks (010 is 8): not to be trusted.
            read.unread.append(_unread(name, document.source, at, item))
            continue
        read.records.append(LocatedResult(Result.of(record), name, pack_positions(places[index])))
    return read


# How a results file is read and kept (see file_jobs).
RESULTS_FILE = FileKind(
    _CACHE_KIND, read_results_file, ResultsFileLoad.to_json, ResultsFileLoad.from_json
)


def _read_evaluations(read: ResultsFileLoad, items: object, name: str, source: SourceMap) -> None:
    """The ``evaluations:`` of a results file: each read on its own, a broken one left out with
    a located error (its measure and year kept, as far as they can be read)."""
    from pydantic import ValidationError

    from .. import models
    from .validation import schema_findings

    if items is None:
        return
    if not isinstance(items, list):
        read.problems.append(
            schema_problem_at(
                name,
                source,
                ("evaluations",),
                Text(
                    "evaluations: は施策評価のリストにしてください。",
                    "evaluations: must be a list of the measures' evaluations.",
                ),
            )
        )
        read.unread_evaluations.append((None, None))
        return
    for index, item in enumerate(items):
        at = ("evaluations", index)
        if not isinstance(item, dict):
            read.unread_evaluations.append((None, None))
            read.problems.append(
                schema_problem_at(
                    name,
                    source,
                    at,
                    Text(
                        "施策評価の各項目は {measure, year, challenges, improvements, outlook, "
                        "self_grade, assessed_by} の組にしてください。",
                        "Each evaluation must be a mapping {measure, year, challenges, "
                        "improvements, outlook, self_grade, assessed_by}.",
                    ),
                )
            )
            continue
        notes = normalise_evaluation(item, at, name, source)
        read.notes.extend(n for n in notes if not n.is_input_problem)
        read.problems.extend(n for n in notes if n.is_input_problem)
        try:
            record = record_from_model(EvaluationRecord, models.EvaluationRecord.model_validate(item))
        except ValidationError as error:
            read.problems.extend(
                schema_findings(error, models.EvaluationRecord, name, source, at, item)
            )
            measure, year = item.get("measure"), item.get("year")
            read.unread_evaluations.append(
                (
                    measure if isinstance(measure, str) else None,
                    year if isinstance(year, int) else None,
                )
            )
            continue
        line, column = source.locate(at) or (None, None)
        grade_at = source.locate((*at, "self_grade")) or (None, None)
        read.evaluations.append(LocatedEvaluation(record, name, line, column, grade_at))


def _unread(name: str, source: SourceMap, at: tuple, item: dict) -> UnreadResult:
    """What can be read of a result that cannot be read whole."""

    def text(key: str) -> str | None:
        value = item.get(key)
        return value.strip() if isinstance(value, str) and value.strip() else None

    year = item.get("year")
    line = (source.locate(at) or (None, None))[0]
    return UnreadResult(
        name,
        line,
        text("measure"),
        text("kpi"),
        text("indicator"),
        year if isinstance(year, int) and not isinstance(year, bool) else None,
    )


def load_indicators(path: Path, cache: ParseCache | None = None) -> Indicators:
    """Read the plan-level indicators. An indicator that cannot be read is left out with a
    located error; its id and ``on``, where they can be read, stay known (see
    :class:`Indicators`). With a ``cache``, answered from it when its bytes were read before."""
    name = display_name(path)
    raw, problem = read_bytes(path, name)
    if problem is not None:
        return Indicators(name, problems=[problem], unread_whole=True)
    return read_through(
        cache, raw, name, content_digest(raw), kind=_INDICATORS_KIND, read=read_indicators,
        form=Indicators,
    )


# The indicators file's entry in the parse cache is named apart from a measure file's.
_INDICATORS_KIND = "indicators\0"


def read_indicators(raw: bytes, name: str) -> Indicators:
    """Parse, normalise and validate the plan-level indicators file's bytes."""
    from pydantic import ValidationError

    from ..models import Indicator as IndicatorModel
    from ..models import IndicatorsFile
    from .validation import broken_items, disguised_numbers, schema_findings

    document = parse_bytes(raw, name)
    if document.problems:
        return Indicators(name, problems=list(document.problems), unread_whole=True)
    data = document.data if document.data is not None else {}
    if not isinstance(data, dict):
        top = input_problem(
            "SA003",
            "schema",
            Text(
                "成果指標ファイルの最上位は indicators: のリストを持つ組にしてください。",
                "The indicators file's top level must be a mapping with an indicators: list.",
            ),
            name,
            1,
            1,
        )
        return Indicators(name, problems=[top], unread_whole=True)
    disguised = disguised_numbers(document.source, name)
    indicators = Indicators(name, digest=content_digest(raw))
    indicators.problems.extend(finding for _, finding in disguised)
    broken: set[int] = {
        path[1] for path, _ in disguised if len(path) > 1 and path[0] == "indicators"
    }
    items = data.get("indicators")
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                found = normalise_indicator(item, ("indicators", index), name, document.source)
                indicators.notes.extend(n for n in found if not n.is_input_problem)
                indicators.problems.extend(n for n in found if n.is_input_problem)
                if any(n.is_input_problem for n in found):
                    broken.add(index)
    try:
        parsed = IndicatorsFile.model_validate(data)
    except ValidationError as error:
        indicators.problems.extend(
            schema_findings(error, IndicatorsFile, name, document.source, data=data)
        )
        items_wrong = broken_items(error, data, "indicators")
        if items_wrong is None:
            indicators.unread_whole = True
        else:
            broken |= items_wrong
        parsed = None
    if not isinstance(items, list) and items is not None:
        indicators.unread_whole = True
    kept: list[tuple[int, IndicatorModel]] = []
    if parsed is not None and not broken:
        kept = list(enumerate(parsed.indicators))
        indicators.note = parsed.note
    elif isinstance(items, list) and not indicators.unread_whole:
        for index, item in enumerate(items):
            if index in broken or not isinstance(item, dict):
                _left_out(indicators, item)
                continue
            try:
                kept.append((index, IndicatorModel.model_validate(item)))
            except ValidationError:
                _left_out(indicators, item)
        note = data.get("note")
        indicators.note = note if isinstance(note, str) else None
    indicators.items = [
        LocatedIndicator(
            record_from_model(Indicator, item),
            *(document.source.locate(("indicators", i)) or (None, None)),
        )
        for i, item in kept
    ]
    return indicators


def _left_out(indicators: Indicators, item: object) -> None:
    """Keep what can be read of an indicator left out: its id and the node it is on."""
    if not isinstance(item, dict):
        indicators.unread_whole = True  # which node it was on cannot be known
        return
    identifier, on = item.get("id"), item.get("on")
    if isinstance(identifier, str):
        indicators.unreadable.add(identifier.strip())
    if isinstance(on, str):
        indicators.unreadable_on.add(on.strip())
    else:
        indicators.unread_whole = True


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
