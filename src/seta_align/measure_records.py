"""What a loaded draft holds of each measure: slotted records of the validated values.

A measure file is validated by the pydantic models of :mod:`models` (their rules, their error
messages and the JSON schema are the one definition of a measure). What the check and the views
then read is held in the records here: the same fields, under the same names, in the same
order, with no per-instance dictionary and no set of the fields given. A pydantic instance
held a dictionary of its fields (180–460 bytes) beside the object, and a measure with its KPIs,
their values, its period and impacts is eight instances or more: 54 MB of a 20,000-measure
draft, of which the records save 44 MB (bench/README.md).

The parse cache keeps a file's measures as the JSON of :func:`to_json` and reads them back with
:func:`from_json`, without the models: an entry is only used when it verifies against the
digest of what this code wrote (``loading/parse_cache.py``), so what it holds was validated
when the file was read. The digest stops damage, not someone who can write the cache folder
(docs/large-drafts.md: the cache is never shared across a trust boundary).
"""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from . import models


@dataclass(slots=True, kw_only=True)
class YearValue:
    year: int
    value: float


@dataclass(slots=True, kw_only=True)
class Kpi:
    """A target indicator (目標指標)."""

    id: str | None = None
    name: str
    unit: str
    baseline: YearValue | None = None
    target: YearValue
    direction: str | None = None
    milestones: dict[int, float] = dataclasses.field(default_factory=dict)
    contributes_to: str | None = None
    tolerance: float | None = None
    type: str | None = None

    def key(self) -> str:
        """How results name this KPI: its id, else its name."""
        return self.id or self.name


@dataclass(slots=True, kw_only=True)
class Period:
    start: int
    end: int


@dataclass(slots=True, kw_only=True)
class Impact:
    """How a measure helps or harms one framework node or another measure (影響の予測評価)."""

    on: str
    score: int
    note: str | None = None
    mitigation: str | None = None
    evidence: str | None = None
    assessed_by: str | None = None
    assessed_on: str | None = None
    # Written ``source:`` in a file (see models.Impact).
    reference: str | None = None

    WRITTEN_AS: ClassVar = {"source": "reference"}


@dataclass(slots=True, kw_only=True)
class Measure:
    """A proposed measure (施策), as validated."""

    id: str
    title: str
    title_en: str | None = None
    description: str | None = None
    owner: str
    section: str | None = None
    field: str
    supports: list[str] = dataclasses.field(default_factory=list)
    kpis: list[Kpi] = dataclasses.field(default_factory=list)
    depends_on: list[str] = dataclasses.field(default_factory=list)
    period: Period | None = None
    tags: list[str] = dataclasses.field(default_factory=list)
    impacts: list[Impact] = dataclasses.field(default_factory=list)


# Every record here, each the twin of the model of its name (tests/test_lean_models.py).
RECORDS: tuple[type, ...] = (YearValue, Kpi, Period, Impact, Measure)


def from_model(measure: models.Measure) -> Measure:
    """The record of a validated measure."""
    # The model's own dump (pydantic's, compiled) is the data from_json reads: one way in.
    return from_json(measure.model_dump(exclude_defaults=True))


def to_json(measure: Measure) -> dict[str, Any]:
    """``measure`` as JSON data, leaving out what is empty (``from_json`` gives it back)."""
    found = _present(measure, _MEASURE_TEXT)
    for name in ("supports", "depends_on", "tags"):
        if value := getattr(measure, name):
            found[name] = value
    if measure.kpis:
        found["kpis"] = [_kpi_json(kpi) for kpi in measure.kpis]
    if measure.period is not None:
        found["period"] = {"start": measure.period.start, "end": measure.period.end}
    if measure.impacts:
        found["impacts"] = [_present(impact, _IMPACT_FIELDS) for impact in measure.impacts]
    return found


def from_json(data: dict[str, Any]) -> Measure:
    """The record of a measure's data, as ``to_json`` or the model's dump give it. Raises
    ``KeyError``, ``TypeError`` or ``ValueError`` on other data (the cache then reads the file
    again).

    Text that many measures repeat (owners, fields, units, the ids they link to, who assessed
    an impact and when) is held once for the draft, not once per measure: 15 MB of a
    20,000-measure draft."""
    period = data.get("period")
    return Measure(
        id=data["id"],
        title=data["title"],
        title_en=data.get("title_en"),
        description=data.get("description"),
        owner=_intern(data["owner"]),
        section=_shared(data.get("section")),
        field=_intern(data["field"]),
        supports=[_intern(x) for x in data.get("supports", ())],
        kpis=[_kpi(kpi) for kpi in data.get("kpis", ())],
        depends_on=[_intern(x) for x in data.get("depends_on", ())],
        period=None if period is None else Period(start=period["start"], end=period["end"]),
        tags=[_intern(x) for x in data.get("tags", ())],
        impacts=[
            Impact(
                on=_intern(impact["on"]),
                score=impact["score"],
                note=impact.get("note"),
                mitigation=impact.get("mitigation"),
                evidence=impact.get("evidence"),
                assessed_by=_shared(impact.get("assessed_by")),
                assessed_on=_shared(impact.get("assessed_on")),
                reference=_shared(impact.get("reference")),
            )
            for impact in data.get("impacts", ())
        ],
    )


_intern = sys.intern


def _shared(text: str | None) -> str | None:
    return None if text is None else _intern(text)


_MEASURE_TEXT = ("id", "title", "title_en", "description", "owner", "section", "field")
_IMPACT_FIELDS = (
    "on", "score", "note", "mitigation", "evidence", "assessed_by", "assessed_on", "reference"
)
_KPI_PLAIN = ("id", "name", "unit", "direction", "contributes_to", "tolerance", "type")


def _present(record, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: value for name in names if (value := getattr(record, name)) is not None}


def _kpi_json(kpi: Kpi) -> dict[str, Any]:
    found = _present(kpi, _KPI_PLAIN)
    found["target"] = {"year": kpi.target.year, "value": kpi.target.value}
    if kpi.baseline is not None:
        found["baseline"] = {"year": kpi.baseline.year, "value": kpi.baseline.value}
    if kpi.milestones:
        # JSON keys are text: the years as pairs keep them numbers, in their order.
        found["milestones"] = list(kpi.milestones.items())
    return found


def _kpi(data: dict[str, Any]) -> Kpi:
    baseline = data.get("baseline")
    return Kpi(
        id=data.get("id"),
        name=data["name"],
        unit=_intern(data["unit"]),
        baseline=None if baseline is None else _year_value(baseline),
        target=_year_value(data["target"]),
        direction=_shared(data.get("direction")),
        # Pairs in the cache's JSON, a mapping in the model's dump.
        milestones=dict(data.get("milestones", ())),
        contributes_to=_shared(data.get("contributes_to")),
        tolerance=data.get("tolerance"),
        type=_shared(data.get("type")),
    )


def _year_value(data: dict[str, Any]) -> YearValue:
    return YearValue(year=data["year"], value=data["value"])
