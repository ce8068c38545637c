"""The schema of every file we read: measures, the framework file and the config file.

These pydantic models are the single definition of the formats: they validate the files and
(``seta-align schema``) export the JSON Schema editors use for completion.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from .vocabulary import ID_PATTERN, Direction, KpiType, calendar_date, impact_score

Identifier = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=64)]
# Framework and level ids are joined with "." into level keys (SDG.target), so they have none.
FrameworkId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$", max_length=32)]
NonEmptyText = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]
FiscalYear = Annotated[int, Field(ge=1900, le=2200)]


class _Strict(BaseModel):
    # strict: a number is never silently turned into text, nor text into a number.
    model_config = ConfigDict(extra="forbid", strict=True)


class YearValue(_Strict):
    year: FiscalYear = Field(description="Fiscal year (年度), e.g. 2031 for 令和13年度")
    # .nan and .inf are numbers to YAML but no indicator value: refused.
    value: float = Field(allow_inf_nan=False, description="The value, a number without its unit")




class Kpi(_Strict):
    """A target indicator (目標指標)."""

    id: Identifier | None = Field(
        None,
        description="A stable id of the KPI within its measure, e.g. ECON-01.k1 (results name "
        "the KPI by it; without one, by its name)",
    )
    name: NonEmptyText = Field(description="指標名 Indicator name")
    unit: NonEmptyText = Field(description="単位 Unit, e.g. 件, 人, %, t-CO2")
    baseline: YearValue | None = Field(None, description="現状値 Baseline (year and value)")
    target: YearValue = Field(description="目標値 Target (year and value)")
    direction: Direction | None = Field(
        None,
        description="increase (増加) | decrease (減少) | maintain (維持); default: from the "
        "baseline and the target",
    )
    milestones: dict[FiscalYear, Annotated[float, Field(allow_inf_nan=False)]] = Field(
        default_factory=dict,
        description="Yearly targets of the implementation plan (実施計画), e.g. {2026: 12, "
        "2028: 16}; without them the planned path is a straight line from baseline to target",
    )
    contributes_to: Identifier | None = Field(
        None, description="The plan-level indicator (indicators file) this KPI feeds (logic model)"
    )
    tolerance: Annotated[float, Field(ge=0, le=100)] | None = Field(
        None,
        description="A maintain (維持) KPI: it holds within this percent of its target "
        "(default: the config's evaluation.tolerance, 5)",
    )
    type: KpiType | None = Field(
        None,
        description="outcome (成果指標) or activity (活動指標); evaluation.kpis: outcome grades "
        "measures on their outcome KPIs only",
    )

    @field_validator("milestones", mode="before")
    @classmethod
    def _year_keys(cls, value: object) -> object:
        # JSON gives the years as text keys ("2026"); YAML gives numbers.
        if isinstance(value, dict):
            return {
                int(k) if isinstance(k, str) and k.isdigit() and k.isascii() else k: v
                for k, v in value.items()
            }
        return [] if value is None else value


class Period(_Strict):
    start: FiscalYear = Field(description="First fiscal year")
    end: FiscalYear = Field(description="Last fiscal year")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError("period_order")
        return self


ImpactScore = Annotated[int, Field(ge=-3, le=3)]
# When a score was given: an ISO date as YAML writes it unquoted (the reader keeps it as text).
AssessedOn = Annotated[str, AfterValidator(calendar_date)]


class Impact(_Strict):
    """How a measure helps or harms one framework node or another measure (影響の予測評価)."""

    on: Identifier = Field(description="Framework node id or another measure's id")
    score: ImpactScore = Field(
        description="-3 cancelling (両立不可) … 0 consistent (中立) … +3 indivisible (不可分); an "
        "integer, '+2', the English name or the Japanese label"
    )
    note: str | None = Field(None, description="Why (根拠・説明)")
    mitigation: str | None = Field(None, description="How a negative impact is managed (緩和策)")
    evidence: str | None = Field(None, description="Evidence: free text or a URL")
    assessed_by: str | None = Field(None, description="評価者 Who scored it (a person or a body)")
    assessed_on: AssessedOn | None = Field(None, description="評価日 When it was scored (YYYY-MM-DD)")
    # Written ``source:`` (the word people use); ``reference`` here, as an interaction's
    # ``source`` is the target it starts from.
    reference: str | None = Field(
        None, alias="source", description="出典 The study or meeting the score comes from"
    )

    @field_validator("score", mode="before")
    @classmethod
    def _score_words(cls, value: object) -> object:
        return impact_score(value)


class Interaction(_Strict):
    """A target-to-target interaction of the municipality's cross-impact matrix."""

    # By alias only: ``source:`` is the score's reference (出典), ``from:`` the target.
    model_config = ConfigDict(extra="forbid", strict=True)

    source: Identifier = Field(alias="from")
    target: Identifier = Field(alias="to")
    score: ImpactScore
    note: str | None = None
    assessed_by: str | None = Field(None, description="評価者 Who scored it")
    assessed_on: AssessedOn | None = Field(None, description="評価日 When it was scored (YYYY-MM-DD)")
    reference: str | None = Field(
        None, alias="source", description="出典 The study or meeting the score comes from"
    )

    @field_validator("score", mode="before")
    @classmethod
    def _score_words(cls, value: object) -> object:
        return impact_score(value)


class InteractionsFile(_Strict):
    """``interactions.yaml``: who judged it, and the interactions (a missing pair: not
    assessed, not 0)."""

    note: str | None = None
    interactions: list[Interaction] = Field(default_factory=list)


class Measure(_Strict):
    """A proposed measure (施策)."""

    id: Identifier = Field(description="Unique id across all measure files, e.g. ECON-01")
    title: NonEmptyText = Field(description="施策名 Title in Japanese")
    title_en: str | None = Field(None, description="English title")
    description: str | None = Field(None, description="概要 Description")
    owner: NonEmptyText = Field(description="所管部 Owning department")
    section: str | None = Field(
        None, description="所管課 The section of the department that evaluates it (optional)"
    )
    # Any text: a field id (ECON), or a field's name (地域経済), read as its id when checked.
    field: NonEmptyText = Field(description="分野 Field id, e.g. ECON (or its name, 地域経済)")
    supports: list[Identifier] = Field(
        default_factory=list, description="Framework node ids this measure serves"
    )
    kpis: list[Kpi] = Field(default_factory=list, description="目標指標 Target indicators")
    depends_on: list[Identifier] = Field(
        default_factory=list, description="Ids of measures this one depends on"
    )
    period: Period | None = Field(None, description="Period (first and last fiscal year)")
    tags: list[str] = Field(default_factory=list, description="Free tags")
    impacts: list[Impact] = Field(
        default_factory=list,
        description="影響の予測評価 Assessed impacts on framework nodes or other measures",
    )

    @field_validator("supports", "kpis", "depends_on", "tags", "impacts", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        # `supports:` with nothing after it is how people write "none yet": an empty list.
        return [] if value is None else value


# --- Results (実績) and plan-level indicators (成果指標) ------------------------------------------


class ResultRecord(_Strict):
    """One reported result: a KPI of a measure (or a plan-level indicator) in one fiscal year."""

    measure: Identifier | None = Field(None, description="施策番号 The measure's id")
    kpi: NonEmptyText | None = Field(
        None, description="指標 The KPI's id or name (may be left out when the measure has one KPI)"
    )
    indicator: Identifier | None = Field(
        None, description="A plan-level indicator's id (instead of measure and kpi)"
    )
    year: FiscalYear = Field(description="年度 Fiscal year, e.g. 2025 or 令和7年度")
    # None: not measured this year (say why in note).
    value: Annotated[float, Field(allow_inf_nan=False)] | None = Field(
        description="実績値 The value; null when not measured this year (say why in note)"
    )
    note: str | None = Field(None, description="備考 Note")

    @model_validator(mode="after")
    def _names_one_thing(self) -> ResultRecord:
        if (self.measure is None) == (self.indicator is None):
            raise ValueError("result_subject")
        if self.indicator is not None and self.kpi is not None:
            raise ValueError("result_subject")
        return self


Outlook = Literal["expand", "continue", "improve", "reduce", "suspend", "abolish"]


class EvaluationRecord(_Strict):
    """A measure's evaluation (施策評価) for one fiscal year, written by the section that
    evaluates it beside the year's results: 課題, 改善方法, 今後の方向性 and its own grade."""

    measure: Identifier = Field(description="施策番号 The measure's id")
    year: FiscalYear = Field(description="年度 Fiscal year, e.g. 2025 or 令和7年度")
    challenges: str | None = Field(None, description="課題 What stands in the way")
    improvements: str | None = Field(None, description="改善方法 How it will be improved")
    outlook: Outlook | None = Field(
        None,
        description="今後の方向性: expand (拡充), continue (継続), improve (改善), reduce (縮小), "
        "suspend (休止) or abolish (廃止)",
    )
    self_grade: str | None = Field(
        None, description="一次評価 The grade the section gives itself (a grade of the scheme)"
    )
    assessed_by: str | None = Field(None, description="評価者 Who assessed it (e.g. 商業課)")
    note: str | None = Field(None, description="備考 Note")


class ResultsFile(_Strict):
    """A results file: the list itself, or a mapping with a note, ``results:`` and the
    measures' evaluations (``evaluations:``)."""

    note: str | None = None
    results: list[ResultRecord] = Field(default_factory=list)
    evaluations: list[EvaluationRecord] = Field(default_factory=list)


class Indicator(_Strict):
    """A plan-level indicator (成果指標) on a framework node, e.g. a 重点政策 (大綱 ④)."""

    id: Identifier = Field(description="Unique id, e.g. PP-1.i1")
    on: Identifier = Field(description="The framework node it measures, e.g. PP-1")
    name: NonEmptyText = Field(description="指標名 Indicator name")
    unit: NonEmptyText = Field(description="単位 Unit")
    baseline: YearValue | None = None
    target: YearValue
    direction: Direction | None = None
    milestones: dict[FiscalYear, Annotated[float, Field(allow_inf_nan=False)]] = Field(
        default_factory=dict
    )
    note: str | None = None

    _year_keys = field_validator("milestones", mode="before")(Kpi._year_keys.__func__)

    def key(self) -> str:
        return self.id


class IndicatorsFile(_Strict):
    note: str | None = Field(None, description="Who set these indicators, and their status")
    indicators: list[Indicator] = Field(default_factory=list)


# --- The framework file --------------------------------------------------------------------


class FieldDef(_Strict):
    id: Identifier
    title: NonEmptyText
    title_en: str | None = None
    note: str | None = None


class LevelDef(_Strict):
    id: FrameworkId
    title: NonEmptyText
    title_en: str | None = None
    warn_uncovered: bool = True


class NodeDef(_Strict):
    id: Identifier
    level: FrameworkId | None = None
    title: NonEmptyText
    title_en: str | None = None
    short_title: str | None = None
    short_title_en: str | None = None
    description: str | None = None
    description_en: str | None = None
    color: Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")] | None = None
    fields: list[Identifier] = Field(default_factory=list)
    note: str | None = None
    children: list[NodeDef] = Field(default_factory=list)


class FrameworkDef(_Strict):
    id: FrameworkId
    title: NonEmptyText
    title_en: str | None = None
    source: str | None = None
    description: str | None = None
    description_en: str | None = None
    note: str | None = None
    requires_fields: bool = False
    levels: Annotated[list[LevelDef], Field(min_length=1)]
    nodes: list[NodeDef]


class RelationDef(_Strict):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)

    source: Identifier = Field(alias="from")
    target: Identifier = Field(alias="to")
    type: Literal["corresponds", "realises", "related"]
    # "stated": a sentence of a source says so; "inferred": the project's reading of similar
    # wording (the config's `inferred_relations: false` leaves such relations out).
    basis: Literal["stated", "inferred"] = "stated"
    note: str | None = None


class FrameworkFile(_Strict):
    schema_version: Literal[1]
    name: NonEmptyText
    name_en: str | None = None
    note: str | None = None
    plan_period: Period | None = None
    # Optional: a module such as the SDGs has no fields (a city's own file gives them), and a
    # module may hold only relations (a city's links to the SDGs, kept in a file of their own).
    fields: list[FieldDef] = Field(default_factory=list)
    frameworks: list[FrameworkDef] = Field(default_factory=list)
    relations: list[RelationDef] = Field(default_factory=list)


# --- The config file (seta-align.yaml) -------------------------------------------------------

SeverityName = Literal["error", "warning", "info"]


class ImpactWaiver(_Strict):
    measure: Identifier = Field(description="The measure whose cancelling impact is accepted")
    on: Identifier = Field(description="The node or measure it cancels")
    reason: NonEmptyText = Field(description="Why it is accepted (可否の判断の理由)")


class ImpactSettings(_Strict):
    required: bool = Field(False, description="Every measure must carry impacts (SA604)")
    interactions: str | None = Field(
        None, description="Target-to-target interactions file, relative to this file"
    )
    max_indivisible_goals: Annotated[int, Field(ge=1)] = Field(
        3, description="SA605: more SDG goals scored +3 than this is an inflated claim"
    )
    max_goals: Annotated[int, Field(ge=1)] = Field(
        8, description="SA605: impacts on more SDG goals than this is an inflated claim"
    )
    waivers: list[ImpactWaiver] = Field(
        default_factory=list, description="Cancelling impacts accepted for a written reason"
    )


class ProgressSettings(_Strict):
    year: FiscalYear | None = Field(
        None, description="The evaluated fiscal year (default: the latest year with results)"
    )
    mostly_on_track: Annotated[float, Field(gt=0, le=1)] = Field(
        0.8,
        description="おおむね順調 at or above this share of the year's rate (default 0.8; the "
        "older spelling of evaluation.mostly_on_track)",
    )
    far_behind: Annotated[float, Field(ge=0, le=1)] = Field(
        0.5,
        description="SA702: far behind below this share of the year's rate (default 0.5; the "
        "older spelling of evaluation.far_behind)",
    )
    maintain_tolerance: Annotated[float, Field(ge=0, le=1)] = Field(
        0.05,
        description="A maintain KPI holds when within this share of its target (default 0.05)",
    )
    indicator_levels: list[str] = Field(
        default_factory=list,
        description="Levels whose nodes each need a plan-level indicator (SA709), e.g. "
        "[PLAN.priority_policy]; default none",
    )


Percent = Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)]
StatusMeaning = Literal["achieved", "on_track", "mostly_on_track", "behind"]


class GradeDef(_Strict):
    label: NonEmptyText = Field(description="評価 The grade as the ward writes it, e.g. A, ◎, 順調")
    label_en: str | None = Field(None, description="The grade in English (default: label)")
    min: Percent | None = Field(
        None,
        description="The year's rate (percent) at or above which it applies; the last grade "
        "may leave it out (every rate below the others)",
    )
    meaning: StatusMeaning | None = Field(
        None,
        description="Which built-in status it counts as, for colours, rules SA701/SA702 and the "
        "order of attention (default: the first grade on_track, the last behind, the others "
        "mostly_on_track)",
    )


class EvaluationSettings(_Strict):
    """How results are rated and graded (評価の方式): the ward's own rules (docs/progress.md)."""

    rate: Literal["improvement", "ratio"] = Field(
        "improvement",
        description="improvement: 進捗率 = (実績 − 現状値) ÷ (目標値 − 現状値); ratio: 達成率 = 実績 ÷ "
        "目標値 (a decrease KPI: 目標値 ÷ 実績). Each is worked out against the year's target "
        "(年度目標値) and the final target",
    )
    cap: Percent | None = Field(
        100,
        description="Rates above this percent count as it in every average (null: no cap)",
    )
    grades: Annotated[list[GradeDef], Field(min_length=2)] | None = Field(
        None,
        description="Grades checked top to bottom on the year's rate; the first that matches "
        "wins. Default: the built-in statuses (達成・順調・おおむね順調・遅れ)",
    )
    rollup: Literal["share", "mean", "worst"] = Field(
        "share",
        description="How a policy, goal, owner or field is graded from its measures: share "
        "(the best grade that `share` percent of them reach), mean (the mean of their capped "
        "rates, graded), worst (the worst of them)",
    )
    share: Annotated[float, Field(gt=0, le=100)] = Field(
        80, description="With rollup: share, the percent of measures that must reach a grade"
    )

    @field_validator("grades", mode="after")
    @classmethod
    def _grades_in_order(cls, grades: list[GradeDef] | None) -> list[GradeDef] | None:
        # Checked top to bottom, the first that matches winning: a grade under a lower minimum
        # could never be given, and a grade without one before the last would take every rate.
        if grades is None:
            return grades
        minimums = [grade.min for grade in grades]
        given = [m for m in minimums if m is not None]
        # The last grade takes every rate below the others: it has no minimum of its own.
        if None in minimums[:-1] or minimums[-1] is not None:
            raise ValueError("grades_order")
        if any(higher <= lower for higher, lower in pairwise(given)):
            raise ValueError("grades_order")
        if len({grade.label for grade in grades}) < len(grades):
            raise ValueError("grades_twice")
        return grades
    mostly_on_track: Annotated[float, Field(gt=0, le=100)] | None = Field(
        None,
        description="Built-in statuses: おおむね順調 at or above this percent of the year's rate "
        "(default 80; also progress.mostly_on_track as a fraction)",
    )
    far_behind: Annotated[float, Field(ge=0, le=100)] | None = Field(
        None,
        description="SA702 and 遅れ（大幅）: below this percent of the year's rate (default 50; "
        "also progress.far_behind as a fraction)",
    )
    tolerance: Annotated[float, Field(ge=0, le=100)] | None = Field(
        None,
        description="A maintain (維持) KPI holds within this percent of its target (default 5; "
        "also progress.maintain_tolerance as a fraction); a KPI may set its own",
    )
    kpis: Literal["all", "outcome"] = Field(
        "all",
        description="Which KPIs grade a measure: all, or only those of type outcome (成果指標); "
        "activity KPIs are still evaluated and shown",
    )


class PublishSettings(_Strict):
    """The progress site for residents (``seta-align publish``)."""

    licence: NonEmptyText = Field(
        "CC BY 4.0", description="The licence of the open-data files (default CC BY 4.0)"
    )
    publisher: str | None = Field(
        None, description="Who publishes the site (e.g. 世田谷区 政策経営部), said on every page"
    )


class Waiver(_Strict):
    node: Identifier = Field(description="Framework node id to waive (its descendants too)")
    reason: NonEmptyText = Field(description="Why no measure serves it; shown in the report")


class LevelSetting(_Strict):
    warn_uncovered: bool | None = Field(None, description="Warn for each uncovered node")
    min: Annotated[float, Field(ge=0, le=100)] | None = Field(
        None, description="Minimum coverage in percent"
    )


class Config(_Strict):
    measures: list[NonEmptyText] | None = Field(
        None,
        description="Measure folders, files or globs, relative to this file, checked when no "
        "path is given (default: data/measures). Giving the project's folder on the command "
        "line means these too.",
    )
    exclude: list[NonEmptyText] = Field(
        default_factory=list,
        description="Patterns of files and folders never read as measure files, in .gitignore "
        "syntax, relative to this file (e.g. drafts/old/, '*.draft.yaml')",
    )
    # An empty list is read here and said at the key by the config loader (what to write).
    framework: NonEmptyText | list[NonEmptyText] | None = Field(
        None,
        description="The framework: files relative to this file and bundled modules "
        "(seta-align:sdgs, seta-align:setagaya), read together (default: both bundled modules)",
    )
    impacts: ImpactSettings = Field(
        default_factory=ImpactSettings, description="Impact pre-assessment (影響の予測評価)"
    )
    results: list[NonEmptyText] | None = Field(
        None,
        description="Results folders or files (実績), relative to this file (default: "
        "data/results when it exists)",
    )
    indicators: str | None = Field(
        None, description="Plan-level indicators file (成果指標), relative to this file"
    )
    progress: ProgressSettings = Field(
        default_factory=ProgressSettings, description="Outcome management (行政評価)"
    )
    evaluation: EvaluationSettings = Field(
        default_factory=EvaluationSettings,
        description="How results are rated and graded (評価の方式, docs/progress.md)",
    )
    publish: PublishSettings = Field(
        default_factory=PublishSettings, description="The progress site for residents (publish)"
    )
    inferred_relations: bool = Field(
        True,
        description="Use the framework's relations that are the project's reading of similar "
        "wording (basis: inferred), not a sentence of a source",
    )
    plan_period: Period | None = Field(None, description="Plan period; default from framework")
    required_frameworks: (
        list[FrameworkId | Annotated[list[FrameworkId], Field(min_length=1)]] | None
    ) = Field(
        None,
        description="Each entry: a framework id, or a list meaning any one of them. "
        "Default: [[PLAN, ORD]]",
    )
    cross_field_min_fields: Annotated[int, Field(ge=1)] = Field(
        2, description="A cross-field node needs measures of at least this many fields"
    )
    priority_level: NonEmptyText | None = Field(
        None,
        description="The level of the plan's priority policies (重点政策), keyed "
        "'FRAMEWORK.level', e.g. CITY.policy: what impacts, progress, sheets and publish show "
        "policy by policy. Default: PLAN.priority_policy",
    )
    cross_field_levels: list[str] | None = Field(
        None,
        description="Levels whose nodes must be worked on across fields, keyed "
        "'FRAMEWORK.level'. Default: the priority level",
    )
    coverage: dict[str, LevelSetting] = Field(
        default_factory=dict, description="Per level, keyed 'FRAMEWORK.level', e.g. SDG.target"
    )
    waivers: list[Waiver] = Field(default_factory=list)
    rules: dict[str, SeverityName | Literal["off"]] = Field(
        default_factory=dict, description="Per rule code or name: a severity, or off"
    )
    fail_on: SeverityName | Literal["never"] | None = None

    @field_validator("measures", "exclude", "results", mode="before")
    @classmethod
    def _one_is_a_list(cls, value: object) -> object:
        # `measures: data/measures` means the list of that one folder.
        return [value] if isinstance(value, str) else value

    @field_validator("rules", mode="before")
    @classmethod
    def _off_is_false(cls, value: object) -> object:
        # YAML 1.1 reads an unquoted `off` as false; `SA401: off` must still mean off.
        if isinstance(value, dict):
            return {key: "off" if item is False else item for key, item in value.items()}
        return value
