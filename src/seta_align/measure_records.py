"""What a loaded draft holds of each measure: slotted records of the validated values.

A measure file is validated by the pydantic models of :mod:`models` (their rules, their error
messages and the JSON schema are the one definition of a measure). What the check and the views
then read is held in the records here: the same fields, under the same names, in the same
order, with no per-instance dictionary and no set of the fields given. A pydantic instance
held a dictionary of its fields (180–460 bytes) beside the object; a measure with its KPIs,
their values, its period and impacts is eight instances or more, 54 MB of a 20,000-measure
draft. The same values as records take a quarter of that.

The parse cache keeps a file's measures as the JSON of :func:`to_json` and reads them back with
:func:`from_json`, without the models: an entry is only used when it verifies against the
digest of what this code wrote (``loading/parse_cache.py``), so what it holds was validated
when the file was read.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

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


# Each record and the model that validates it (and says how its fields are written in a file).
MODELS: dict[type, type] = {
    YearValue: models.YearValue,
    Kpi: models.Kpi,
    Period: models.Period,
    Impact: models.Impact,
    Measure: models.Measure,
}


def from_model(measure: models.Measure) -> Measure:
    """The record of a validated measure."""
    return Measure(
        id=measure.id,
        title=measure.title,
        title_en=measure.title_en,
        description=measure.description,
        owner=measure.owner,
        section=measure.section,
        field=measure.field,
        supports=measure.supports,
        kpis=[
            Kpi(
                id=kpi.id,
                name=kpi.name,
                unit=kpi.unit,
                baseline=_year_value(kpi.baseline),
                target=_year_value(kpi.target),
                direction=kpi.direction,
                milestones=kpi.milestones,
                contributes_to=kpi.contributes_to,
                tolerance=kpi.tolerance,
                type=kpi.type,
            )
            for kpi in measure.kpis
        ],
        depends_on=measure.depends_on,
        period=_period(measure.period),
        tags=measure.tags,
        impacts=[
            Impact(
                on=impact.on,
                score=impact.score,
                note=impact.note,
                mitigation=impact.mitigation,
                evidence=impact.evidence,
                assessed_by=impact.assessed_by,
                assessed_on=impact.assessed_on,
                reference=impact.reference,
            )
            for impact in measure.impacts
        ],
    )


def _year_value(value: models.YearValue | None) -> YearValue | None:
    return None if value is None else YearValue(year=value.year, value=value.value)


def _period(value: models.Period | None) -> Period | None:
    return None if value is None else Period(start=value.start, end=value.end)


def to_json(measure: Measure) -> dict[str, Any]:
    """``measure`` as JSON data, leaving out what is empty (``from_json`` gives it back)."""
    found = _present(measure, _MEASURE_TEXT)
    for name in ("supports", "depends_on", "tags"):
        if value := getattr(measure, name):
            found[name] = value
    if measure.kpis:
        found["kpis"] = [_kpi_json(kpi) for kpi in measure.kpis]
    if measure.period is not None:
        found["period"] = [measure.period.start, measure.period.end]
    if measure.impacts:
        found["impacts"] = [_present(impact, _IMPACT_FIELDS) for impact in measure.impacts]
    return found


def from_json(data: dict[str, Any]) -> Measure:
    """The record ``to_json`` gave. Raises ``KeyError``, ``TypeError`` or ``ValueError`` on other
    data (the cache then reads the file again)."""
    period = data.get("period")
    return Measure(
        **{name: data[name] for name in _REQUIRED},
        **{name: data.get(name) for name in _OPTIONAL_TEXT},
        supports=data.get("supports", []),
        kpis=[_kpi_from_json(kpi) for kpi in data.get("kpis", ())],
        depends_on=data.get("depends_on", []),
        period=None if period is None else Period(start=period[0], end=period[1]),
        tags=data.get("tags", []),
        impacts=[
            Impact(**{name: impact.get(name) for name in _IMPACT_FIELDS})
            for impact in data.get("impacts", ())
        ],
    )


_REQUIRED = ("id", "title", "owner", "field")
_OPTIONAL_TEXT = ("title_en", "description", "section")
_MEASURE_TEXT = (*_REQUIRED, *_OPTIONAL_TEXT)
_IMPACT_FIELDS = (
    "on", "score", "note", "mitigation", "evidence", "assessed_by", "assessed_on", "reference"
)
_KPI_PLAIN = ("id", "name", "unit", "direction", "contributes_to", "tolerance", "type")


def _present(record, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: value for name in names if (value := getattr(record, name)) is not None}


def _kpi_json(kpi: Kpi) -> dict[str, Any]:
    found = _present(kpi, _KPI_PLAIN)
    found["target"] = [kpi.target.year, kpi.target.value]
    if kpi.baseline is not None:
        found["baseline"] = [kpi.baseline.year, kpi.baseline.value]
    if kpi.milestones:
        # JSON keys are text: the years as pairs keep them numbers, in their order.
        found["milestones"] = list(kpi.milestones.items())
    return found


def _kpi_from_json(data: dict[str, Any]) -> Kpi:
    target, baseline = data["target"], data.get("baseline")
    return Kpi(
        **{name: data.get(name) for name in _KPI_PLAIN if name not in ("name", "unit")},
        name=data["name"],
        unit=data["unit"],
        target=YearValue(year=target[0], value=target[1]),
        baseline=None if baseline is None else YearValue(year=baseline[0], value=baseline[1]),
        milestones={year: value for year, value in data.get("milestones", ())},
    )
