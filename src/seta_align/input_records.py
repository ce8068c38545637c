"""What a run holds of the files beside the measures: slotted records of the validated values.

The config, the framework files, the interactions file, the plan-level indicators and the
measures' evaluations are validated by the pydantic models of :mod:`models` (their rules, their
messages and the JSON schema are the one definition of each format), as the measures are
(``measure_records``). What the check and the views then read is held in the records here: the
same fields, under the same names, in the same order, with the same defaults (a test holds the
two to each other).

So the parse cache can give a file back without validating it again, and a command answered
from the cache never imports pydantic, whose import and models were a third of a view's time
on a 2,000-measure draft. What the cache holds was validated when the file was read; the
entry is used only when it verifies against its digest (``loading/parse_cache.py``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from .measure_records import Period, YearValue

if TYPE_CHECKING:
    from pydantic import BaseModel


def from_json(kind: type, data: dict[str, Any]) -> Any:
    """The record ``kind`` of ``data`` (the JSON of :func:`to_json`, or a model's dump): its
    nested records made by the class's ``NESTED`` (field → (shape, record class)), its years
    made numbers again (JSON writes a mapping's keys as text)."""
    nested: dict[str, tuple[str, type]] = getattr(kind, "NESTED", {})
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name in nested and value is not None:
            shape, inner = nested[name]
            if shape == "one":
                value = from_json(inner, value)
            elif shape == "list":
                value = [from_json(inner, item) for item in value]
            else:  # "dict"
                value = {key: from_json(inner, item) for key, item in value.items()}
        elif name == "milestones":
            value = {int(year): target for year, target in value.items()}
        elif name == "set_in_file":
            value = frozenset(value)
        values[name] = value
    return kind(**values)


def to_json(record: Any) -> dict[str, Any]:
    """``record`` as JSON data, every field written (``from_json`` gives it back)."""
    found: dict[str, Any] = {}
    for field in dataclasses.fields(record):
        found[field.name] = _json_value(getattr(record, field.name))
    return found


def _json_value(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return to_json(value)
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _json_value(item) for key, item in value.items()}
    if isinstance(value, frozenset):
        return sorted(value)
    return value


def from_model(kind: type, model: BaseModel) -> Any:
    """The record ``kind`` of a validated model, with the fields the file gave where the record
    keeps them (``set_in_file``: the config's older spellings are read only when written)."""
    data = model.model_dump()
    if "set_in_file" in kind.__dataclass_fields__:
        data["set_in_file"] = model.model_fields_set
    for name, (shape, inner) in getattr(kind, "NESTED", {}).items():
        if shape == "one" and "set_in_file" in inner.__dataclass_fields__:
            data[name]["set_in_file"] = getattr(model, name).model_fields_set
    return from_json(kind, data)


# --- The config file (seta-align.yaml) --------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class ImpactWaiver:
    measure: str
    on: str
    reason: str


@dataclass(slots=True, kw_only=True)
class ImpactSettings:
    required: bool = False
    interactions: str | None = None
    max_indivisible_goals: int = 3
    max_goals: int = 8
    waivers: list[ImpactWaiver] = dataclasses.field(default_factory=list)

    NESTED: ClassVar = {"waivers": ("list", ImpactWaiver)}


@dataclass(slots=True, kw_only=True)
class ProgressSettings:
    year: int | None = None
    mostly_on_track: float = 0.8
    far_behind: float = 0.5
    maintain_tolerance: float = 0.05
    indicator_levels: list[str] = dataclasses.field(default_factory=list)
    # The keys the file wrote (its older spellings count only where written).
    set_in_file: frozenset[str] = frozenset()


@dataclass(slots=True, kw_only=True)
class GradeDef:
    label: str
    label_en: str | None = None
    min: float | None = None
    meaning: str | None = None


@dataclass(slots=True, kw_only=True)
class EvaluationSettings:
    rate: str = "improvement"
    cap: float | None = 100
    grades: list[GradeDef] | None = None
    rollup: str = "share"
    share: float = 80
    mostly_on_track: float | None = None
    far_behind: float | None = None
    tolerance: float | None = None
    kpis: str = "all"

    NESTED: ClassVar = {"grades": ("list", GradeDef)}


@dataclass(slots=True, kw_only=True)
class PublishSettings:
    licence: str = "CC BY 4.0"
    publisher: str | None = None


@dataclass(slots=True, kw_only=True)
class Waiver:
    node: str
    reason: str


@dataclass(slots=True, kw_only=True)
class LevelSetting:
    warn_uncovered: bool | None = None
    min: float | None = None


@dataclass(slots=True, kw_only=True)
class Config:
    measures: list[str] | None = None
    exclude: list[str] = dataclasses.field(default_factory=list)
    framework: str | list[str] | None = None
    impacts: ImpactSettings = dataclasses.field(default_factory=ImpactSettings)
    results: list[str] | None = None
    indicators: str | None = None
    progress: ProgressSettings = dataclasses.field(default_factory=ProgressSettings)
    evaluation: EvaluationSettings = dataclasses.field(default_factory=EvaluationSettings)
    publish: PublishSettings = dataclasses.field(default_factory=PublishSettings)
    inferred_relations: bool = True
    plan_period: Period | None = None
    required_frameworks: list[str | list[str]] | None = None
    cross_field_min_fields: int = 2
    priority_level: str | None = None
    cross_field_levels: list[str] | None = None
    coverage: dict[str, LevelSetting] = dataclasses.field(default_factory=dict)
    waivers: list[Waiver] = dataclasses.field(default_factory=list)
    rules: dict[str, str] = dataclasses.field(default_factory=dict)
    fail_on: str | None = None
    # The keys the file wrote (a default that does not fit the framework is dropped quietly,
    # a written value that does not is an error).
    set_in_file: frozenset[str] = frozenset()

    NESTED: ClassVar = {
        "impacts": ("one", ImpactSettings),
        "progress": ("one", ProgressSettings),
        "evaluation": ("one", EvaluationSettings),
        "publish": ("one", PublishSettings),
        "plan_period": ("one", Period),
        "coverage": ("dict", LevelSetting),
        "waivers": ("list", Waiver),
    }


# --- The framework files -----------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class FieldDef:
    id: str
    title: str
    title_en: str | None = None
    note: str | None = None


@dataclass(slots=True, kw_only=True)
class RelationDef:
    source: str
    target: str
    type: str
    basis: str = "stated"
    note: str | None = None

    WRITTEN_AS: ClassVar = {"from": "source", "to": "target"}


# --- The interactions file, the plan-level indicators and the measures' evaluations -----------


@dataclass(slots=True, kw_only=True)
class Interaction:
    """A target-to-target interaction of the municipality's cross-impact matrix."""

    source: str
    target: str
    score: int
    note: str | None = None
    assessed_by: str | None = None
    assessed_on: str | None = None
    reference: str | None = None

    # ``from:`` is the target it starts from; ``source:`` the score's reference (出典).
    WRITTEN_AS: ClassVar = {"from": "source", "to": "target", "source": "reference"}


@dataclass(slots=True, kw_only=True)
class Indicator:
    """A plan-level indicator (成果指標) on a framework node."""

    id: str
    on: str
    name: str
    unit: str
    baseline: YearValue | None = None
    target: YearValue
    direction: str | None = None
    milestones: dict[int, float] = dataclasses.field(default_factory=dict)
    note: str | None = None

    NESTED: ClassVar = {"baseline": ("one", YearValue), "target": ("one", YearValue)}

    def key(self) -> str:
        return self.id


@dataclass(slots=True, kw_only=True)
class EvaluationRecord:
    """A measure's evaluation (施策評価) for one fiscal year."""

    measure: str
    year: int
    challenges: str | None = None
    improvements: str | None = None
    outlook: str | None = None
    self_grade: str | None = None
    assessed_by: str | None = None
    note: str | None = None


# Every record here, each the twin of the model of its name (tests/test_lean_models.py).
RECORDS: tuple[type, ...] = (
    ImpactWaiver,
    ImpactSettings,
    ProgressSettings,
    GradeDef,
    EvaluationSettings,
    PublishSettings,
    Waiver,
    LevelSetting,
    Config,
    FieldDef,
    RelationDef,
    Interaction,
    Indicator,
    EvaluationRecord,
)
