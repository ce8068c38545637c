"""Outcome management (行政評価): each KPI's results by fiscal year against its planned path,
its rates and grade, rolled up to measures, framework nodes, departments and fields. Plain
functions over the checked draft (the method: docs/progress.md). How a result is rated and
graded is the ward's scheme (analysis/evaluation.py, the config's ``evaluation:``).

- **Planned path** (計画値): straight from the baseline to the target, or through the yearly
  ``milestones`` (実施計画); before its first year the path is its first value, after the target
  year the target. Its value in a year is that year's target (年度目標値).
- **Rates**: the year's rate against the year's target, and the final rate against the target,
  by the scheme's formula (進捗率 by default, or 達成率 = 実績 ÷ 目標値). A ``maintain`` KPI has
  none: it holds when within its tolerance of the target.
- **Grade** of an evaluated year (the built-in statuses unless the ward gives its own): 達成 the
  target is reached (held, for maintain); 順調 the year's rate ≥ 100 %; おおむね順調 ≥
  ``mostly_on_track`` (80 %); 遅れ below that (far behind below ``far_behind``, 50 %); 未報告
  no value for the year; 評価不能 neither a baseline nor a path (and the target not reached), or
  no way to tell the direction.
- **Roll-up**: a measure takes the worst grade of its KPIs and the mean of their capped rates;
  a framework node counts the grades of the measures that serve it or a node below it, the
  mean of their rates and a grade by the scheme's ``rollup``; the same per owner and field. A
  plan-level indicator stands beside the roll-up of the KPIs that contribute to it.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from types import MappingProxyType

from ..i18n import Text
from .evaluation import Scheme, scheme_of
from .status import ATTENTION, EPSILON, LABELS, QUALITY, Status

__all__ = ["ATTENTION", "LABELS", "QUALITY", "Status"]  # the statuses, where they were read before


# The three directions of a KPI, in the words of every table, sheet and message.
DIRECTION_LABELS: dict[str, Text] = {
    "increase": Text("増加", "increase"),
    "decrease": Text("減少", "decrease"),
    "maintain": Text("維持", "maintain"),
}


# The milestones, or notes by year, of the many KPIs without any: one empty mapping, read-only,
# not an empty dictionary each (two for each of 130,000 KPIs at 100,000 measures).
NONE_BY_YEAR: Mapping = MappingProxyType({})


@dataclass(slots=True)
class Tracked:
    """A KPI of a measure, or a plan-level indicator: what is measured and what is aimed at."""

    measure: str | None  # None for a plan-level indicator
    key: str  # the KPI's id or name; the indicator's id
    name: str
    unit: str
    baseline: tuple[int, float] | None
    target: tuple[int, float]
    direction: str | None  # increase | decrease | maintain; None: cannot be told
    stated_direction: str | None
    milestones: Mapping[int, float]
    contributes_to: str | None = None
    on: str | None = None  # the framework node of a plan-level indicator
    index: int = 0  # the KPI's place in its measure (for findings)
    starts: int | None = None  # the measure's first year (period.start): nothing is due before
    tolerance: float | None = None  # a maintain KPI's own (a fraction), else the scheme's
    type: str | None = None  # outcome (成果指標) or activity (活動指標); None: not said

    @property
    def label(self) -> str:
        """How messages name it: the measure and the KPI's name, or the indicator's id and
        name."""
        return f"{self.measure or self.key} {self.name}"

    def path(self) -> list[tuple[int, float]]:
        """The points of the expected path, by year (the baseline, milestones, the target)."""
        points: dict[int, float] = {}
        if self.baseline is not None:
            points[self.baseline[0]] = self.baseline[1]
        points.update(self.milestones)
        points[self.target[0]] = self.target[1]
        return sorted(points.items())

    def expected(self, year: int) -> float | None:
        """The value the path expects in ``year``; None without a baseline or milestones."""
        if self.baseline is None and not self.milestones:
            return None
        points = self.path()
        if year <= points[0][0]:
            return points[0][1]
        for (year_a, value_a), (year_b, value_b) in pairwise(points):
            if year <= year_b:
                return value_a + (value_b - value_a) * (year - year_a) / (year_b - year_a)
        return points[-1][1]


@dataclass(slots=True)
class Evaluation:
    year: int | None
    status: Status  # the built-in status, or the one the ward's grade counts as
    value: float | None = None
    achievement: float | None = None  # the final rate: against the target (scheme's formula)
    expected: float | None = None  # the path's value for the year: the year's target (年度目標値)
    expected_progress: float | None = None  # (expected − baseline) ÷ (target − baseline)
    far_behind: bool = False
    reason: Text | None = None  # why 評価不能 / 未報告
    note: str | None = None  # the result's note
    rate: float | None = None  # the year's rate: against the year's target
    grade: str | None = None  # the grade's key (a built-in status's code, or the ward's label)

    def __post_init__(self) -> None:
        if self.grade is None:
            self.grade = self.status.value


@dataclass(slots=True)
class KpiProgress:
    item: Tracked
    evaluation: Evaluation
    series: dict[int, float | None]  # every reported year -> value (None: not measured)
    notes: Mapping[int, str] = field(default_factory=lambda: NONE_BY_YEAR)  # year -> note


@dataclass(slots=True)
class RollUp:
    key: str
    counts: dict[str, int]  # by grade key (a built-in status's code, or the ward's label)
    mean_achievement: float | None  # the mean of the members' capped final rates
    members: list[str]
    scheme: Scheme
    mean_rate: float | None = None  # the mean of the members' capped year's rates
    grade: str | None = None  # by the scheme's roll-up (a measure: its worst KPI)

    @property
    def worst(self) -> str | None:
        """The grade of the most urgent member (by the scheme's order of attention)."""
        present = [key for key, count in self.counts.items() if count]
        return min(present, key=self.scheme.attention) if present else None

    @property
    def worst_status(self) -> Status | None:
        worst = self.worst
        return None if worst is None else self.scheme.meaning(worst)

    def status_counts(self) -> dict[str, int]:
        """The counts by the built-in status each grade counts as (the machine formats' shape,
        the same under any scheme)."""
        counts: dict[str, int] = {}
        for key, count in self.counts.items():
            status = self.scheme.meaning(key).value
            counts[status] = counts.get(status, 0) + count
        return counts

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(slots=True)
class Change:
    item: Tracked | None
    before: str  # grade keys
    after: str
    scheme: Scheme

    @property
    def kind(self) -> str:
        """fell_behind, recovered, improved, worsened, unreported (遅れ → 未報告: the delay is
        out of sight, to be checked), changed or unchanged."""
        return change_kind(self.scheme, self.before, self.after)


def change_kind(scheme: Scheme, before: str, after: str) -> str:
    if before == after:
        return "unchanged"
    old, new = scheme.meaning(before), scheme.meaning(after)
    if old is Status.behind and new is Status.not_reported:
        return "unreported"
    if new is Status.behind and old is not Status.behind:
        return "fell_behind"
    if old is Status.behind and new in QUALITY:
        return "recovered"
    ranks = scheme.ranks
    if before in ranks and after in ranks:
        return "improved" if ranks[after] < ranks[before] else "worsened"
    return "changed"


@dataclass(slots=True)
class MeasureEvaluation:
    """A measure's evaluation for the evaluated year beside its computed grade: the section's
    own grade (一次評価) and how many grades apart the two are."""

    located: object  # loading.results.LocatedEvaluation
    self_grade: str | None  # the scheme's key of the grade written (None: none, or unknown)
    apart: int | None  # levels between the computed grade and the self-grade

    @property
    def record(self):
        return self.located.record


# A self-grade this many grades or more from the computed one is shown beside it, flagged.
GRADES_APART = 2


@dataclass(slots=True)
class ProgressAnalysis:
    scheme: Scheme
    year: int | None  # the evaluated year
    years: list[int]  # every year with results
    kpis: list[KpiProgress]
    indicators: list[KpiProgress]
    measures: dict[str, RollUp]
    nodes: dict[str, RollUp]
    owners: dict[str, RollUp]
    fields: dict[str, RollUp]
    contributions: dict[str, RollUp]  # indicator id -> the KPIs that contribute to it
    has_results: bool
    sections: dict[str, RollUp] = field(default_factory=dict)  # 所管部／所管課 -> its measures
    # The measures' evaluations (施策評価) of the evaluated year, by measure id.
    evaluations: dict[str, MeasureEvaluation] = field(default_factory=dict)


# --- the items and their results ---------------------------------------------------------------


def resolved_direction(stated: str | None, baseline, target) -> str | None:
    if stated is not None:
        return stated
    if baseline is None:
        return None
    if target[1] > baseline[1] + EPSILON:
        return "increase"
    if target[1] < baseline[1] - EPSILON:
        return "decrease"
    return "maintain"


def _tracked(
    kpi,
    measure_id: str | None,
    index: int = 0,
    starts: int | None = None,
    *,
    contributes_to: str | None = None,
    on: str | None = None,
) -> Tracked:
    # Positional, in Tracked's order: one per KPI, and every check makes them (SA708).
    baseline = kpi.baseline
    if baseline is not None:
        baseline = (baseline.year, baseline.value)
    target = (kpi.target.year, kpi.target.value)
    milestones = kpi.milestones
    tolerance = getattr(kpi, "tolerance", None)
    return Tracked(
        measure_id,
        kpi.key(),
        kpi.name,
        kpi.unit,
        baseline,
        target,
        resolved_direction(kpi.direction, baseline, target),
        kpi.direction,
        dict(sorted(milestones.items())) if milestones else NONE_BY_YEAR,
        contributes_to,
        on,
        index,
        starts,
        None if tolerance is None else tolerance / 100,
        getattr(kpi, "type", None),
    )


def tracked_kpis(context) -> list[Tracked]:
    out = []
    for measure_id, loaded in context.measures.items():
        period = loaded.measure.period
        starts = period.start if period is not None else None
        for index, kpi in enumerate(loaded.measure.kpis):
            out.append(_tracked(kpi, measure_id, index, starts, contributes_to=kpi.contributes_to))
    return out


def tracked_indicators(context) -> list[Tracked]:
    if context.indicators is None:
        return []
    return [
        _tracked(item.indicator, None, on=item.indicator.on) for item in context.indicators.items
    ]


# KPI names recur, on measures and on their results (257,000 results name 100,000 measures'
# KPIs): each is normalised once.
@functools.lru_cache(maxsize=16384)
def kpi_name_key(text: str) -> str:
    """How a result's ``kpi`` is matched: ids case-insensitively, names as NFKC text."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


@dataclass(slots=True)
class Matched:
    """The results that name a known KPI or indicator, and those that do not."""

    by_item: dict[tuple[str | None, str], dict[int, list]]  # (measure, key) -> year -> results
    # (result, what it names that does not exist, the measure id as the draft spells it for
    # a KPI not found or not named; else None): see suggester
    unknown: list
    # Results naming a measure, KPI or indicator that exists but could not be read: neither
    # evaluated nor unknown (the reading error is reported where it stands).
    left_out: list = field(default_factory=list)


def match_results(context, kpis: list[Tracked], indicators: list[Tracked]) -> Matched:
    """Each result to the KPI (measure id case-insensitively; the KPI by id or name; a measure
    with one KPI needs no kpi) or indicator it names."""
    by_item: dict[tuple[str | None, str], dict[int, list]] = {}
    unknown: list = []
    left_out: list = []
    if context.results is None:
        return Matched(by_item, unknown)
    unreadable_kpis = {
        (measure_id, kpi_name_key(name))
        for measure_id, loaded in context.measures.items()
        if loaded.salvage is not None
        for name in loaded.salvage.unreadable_kpis
    }
    indicators_file = context.indicators
    unreadable_indicators = (
        {i.casefold() for i in indicators_file.unreadable} if indicators_file else set()
    )
    all_indicators_unread = indicators_file is not None and indicators_file.unread_whole
    measures = {m.casefold(): m for m in context.measures}
    kpis_of: dict[str, list[Tracked]] = {}
    for item in kpis:
        kpis_of.setdefault(item.measure, []).append(item)
    names: dict[tuple[str, str], Tracked] = {}
    for item in kpis:
        names.setdefault((item.measure, kpi_name_key(item.key)), item)
        names.setdefault((item.measure, kpi_name_key(item.name)), item)
    indicator_ids = {i.key.casefold(): i for i in indicators}
    for located in context.results.records:
        record = located.record
        if record.indicator is not None:
            item = indicator_ids.get(record.indicator.casefold())
            if item is None:
                if record.indicator.casefold() in unreadable_indicators or all_indicators_unread:
                    left_out.append(located)
                    continue
                unknown.append((located, "indicator", None))
                continue
        else:
            measure_id = measures.get(record.measure.casefold())
            if measure_id is None:
                if context.knows_measure(record.measure):
                    left_out.append(located)
                    continue
                unknown.append((located, "measure", None))
                continue
            if record.kpi is None:
                own = kpis_of.get(measure_id, [])
                if context.measures[measure_id].left_out("kpis"):  # which KPI is not known
                    left_out.append(located)
                    continue
                if len(own) != 1:
                    unknown.append((located, "kpi_missing", measure_id))
                    continue
                item = own[0]
            else:
                item = names.get((measure_id, kpi_name_key(record.kpi)))
                if item is None:
                    loaded = context.measures[measure_id]
                    if (measure_id, kpi_name_key(record.kpi)) in unreadable_kpis or (
                        loaded.left_out("kpis") and not loaded.salvage.unreadable_kpis
                    ):
                        left_out.append(located)
                    else:
                        unknown.append((located, "kpi", measure_id))
                    continue
        # Looked up before it is made: most items have a result for each of a few years.
        key = (item.measure, item.key)
        by_year = by_item.get(key)
        if by_year is None:
            by_year = by_item[key] = {}
        same_year = by_year.get(record.year)
        if same_year is None:
            by_year[record.year] = [located]
        else:
            same_year.append(located)
    return Matched(by_item, unknown, left_out)


@dataclass(slots=True)
class Tracking:
    """The KPIs and plan-level indicators of a checked draft, and their results matched to them:
    the same whatever year is evaluated."""

    kpis: list[Tracked]
    indicators: list[Tracked]
    matched: Matched
    by_key: dict[tuple[str | None, str], Tracked]  # (measure, key) -> the KPI or indicator


def tracking_of_context(context) -> Tracking:
    """The KPIs, indicators and matched results, worked out once per check: every evaluated year
    (``analyse``, ``diff_years``) and the rules that look at results (SA704–SA706, SA708) share
    them, so a check with results reads each result once."""
    cached = context.cache.get("tracking")
    if cached is None:
        kpis = tracked_kpis(context)
        indicators = tracked_indicators(context)
        cached = context.cache["tracking"] = Tracking(
            kpis,
            indicators,
            match_results(context, kpis, indicators),
            {(i.measure, i.key): i for i in kpis + indicators},
        )
    return cached


def suggester(context, tracking: Tracking):
    """``suggest(result, what, measure_id)``, for an entry of ``Matched.unknown``: the measure,
    KPI or indicator id (or KPI name) that a result naming none may have meant, for SA704's
    did-you-mean. Worked out by that rule only, not while matching: a view shows no guess, and
    the index of every measure id, made for the first unknown measure, was a tenth of
    ``progress`` at 100,000 measures."""
    indicator_ids: dict[str, Tracked] = {}

    def suggest(located, what: str, measure_id: str | None) -> str | None:
        record = located.record
        if what == "measure":
            return context.measure_index.suggest(record.measure)
        if what == "indicator":
            if not indicator_ids:
                indicator_ids.update((i.key.casefold(), i) for i in tracking.indicators)
            return _guess(record.indicator, indicator_ids)
        if what != "kpi":
            return None
        own = context.measures[measure_id].measure.kpis
        choices = {kpi_name_key(k.name): k.name for k in own} | {
            kpi_name_key(k.key()): k.key() for k in own
        }
        return _guess(record.kpi, choices)

    return suggest


def _guess(wrong: str, known: dict) -> str | None:
    import difflib

    close = difflib.get_close_matches(kpi_name_key(wrong), list(known), n=1, cutoff=0.6)
    if not close:
        return None
    found = known[close[0]]
    return found if isinstance(found, str) else found.key


# --- one item, one year --------------------------------------------------------------------


def reached(item: Tracked, value: float, tolerance: float) -> bool:
    target = item.target[1]
    if item.direction == "increase":
        return value >= target - EPSILON
    if item.direction == "decrease":
        return value <= target + EPSILON
    if item.direction == "maintain":
        held = item.tolerance if item.tolerance is not None else tolerance
        return abs(value - target) <= held * abs(target) + EPSILON
    return False


def evaluate(item: Tracked, year: int | None, value: float | None, scheme: Scheme) -> Evaluation:
    """The grade of ``item`` in ``year`` with the result ``value`` (None: not reported)."""
    if year is not None and value is None:
        # Nothing is due before the measure starts or before the KPI's baseline is measured.
        first = max(
            [y for y in (item.starts, item.baseline[0] if item.baseline else None) if y is not None],
            default=None,
        )
        if first is not None and year < first:
            return Evaluation(
                year,
                Status.not_assessable,
                reason=Text(
                    f"{first} 年度から測る指標です（{year} 年度はまだ対象外）",
                    f"measured from FY{first} (FY{year} is before that)",
                ),
            )
    if year is None or value is None:
        return Evaluation(
            year,
            Status.not_reported,
            reason=Text(f"{year} 年度の実績がありません", f"no result for FY{year}")
            if year is not None
            else Text("実績がありません", "no results"),
        )
    if item.direction is None:
        return Evaluation(
            year,
            Status.not_assessable,
            value,
            reason=Text(
                "現状値も direction もないため、増やすのか減らすのかが分かりません",
                "no baseline and no direction: whether it should rise or fall is unknown",
            ),
        )
    expected = item.expected(year)
    if item.direction == "maintain":
        held = reached(item, value, scheme.tolerance)
        if held:
            status = Status.achieved if year >= item.target[0] else Status.on_track
        else:
            status = Status.behind
        return _graded(scheme, Evaluation(year, status, value, None, expected), held=held)
    baseline = item.baseline
    span = None if baseline is None else item.target[1] - baseline[1]
    expected_progress = None
    if expected is not None and span is not None and abs(span) > EPSILON:
        expected_progress = (expected - baseline[1]) / span
    base = None if baseline is None else baseline[1]
    achievement = scheme.rate_of(value, item.target[1], base, item.direction)
    rate = None if expected is None else scheme.rate_of(value, expected, base, item.direction)
    found = Evaluation(year, Status.on_track, value, achievement, expected, expected_progress, rate=rate)
    if reached(item, value, scheme.tolerance):
        found.status = Status.achieved
        return _graded(scheme, found, held=True)
    if expected is None:
        found.status = Status.not_assessable
        found.reason = Text(
            "現状値も年度ごとの目標（milestones）もないため、目標に届いたかどうかしか分かりません",
            "no baseline and no milestones: only whether the target is reached can be told",
        )
        found.grade = found.status.value
        return found
    if rate is None:
        # No rate against the year's target (the path has not left the baseline yet, or a path
        # of milestones alone under 進捗率): ahead of the year's target or not.
        ahead = value >= expected - EPSILON if item.direction == "increase" else value <= expected + EPSILON
        found.status = Status.on_track if ahead else Status.behind
        return _graded(scheme, found, held=ahead)
    if rate >= 1 - EPSILON:
        found.status = Status.on_track
    elif rate >= scheme.mostly_on_track - EPSILON:
        found.status = Status.mostly_on_track
    else:
        found.status = Status.behind
    found.far_behind = found.status is Status.behind and rate < scheme.far_behind - EPSILON
    return _graded(scheme, found)


def _graded(scheme: Scheme, found: Evaluation, held: bool | None = None) -> Evaluation:
    """``found`` with the ward's grade, where it has grades of its own: by the year's rate, or
    for a KPI without one (a maintain KPI, a path not yet moving), its first grade when held
    or ahead and its last when not. The status becomes what the grade counts as."""
    if not scheme.custom:
        found.grade = found.status.value
        return found
    if found.rate is not None:
        grade = scheme.grade_of(found.rate)
    else:
        grade = scheme.grades[0] if held else scheme.grades[-1]
    found.grade = grade.key
    found.status = grade.meaning
    found.far_behind = (
        found.status is Status.behind
        and found.rate is not None
        and found.rate < scheme.far_behind - EPSILON
    )
    return found


# --- the whole draft -----------------------------------------------------------------------


def analyse(context, year: int | None = None) -> ProgressAnalysis:
    """Every KPI and indicator evaluated for ``year`` (default: the config's ``progress.year``,
    else the latest year with results), and the roll-ups."""
    settings = context.settings.progress
    scheme = scheme_of(context.settings)
    tracking = tracking_of_context(context)
    kpis, indicators, matched = tracking.kpis, tracking.indicators, tracking.matched
    years = sorted({y for by_year in matched.by_item.values() for y in by_year})
    evaluated = year if year is not None else settings.year
    if evaluated is None and years:
        evaluated = years[-1]

    def progress_of(item: Tracked) -> KpiProgress:
        by_year = matched.by_item.get((item.measure, item.key), {})
        series = {y: results[0].record.value for y, results in sorted(by_year.items())}
        notes = {y: r[0].record.note for y, r in by_year.items() if r[0].record.note}
        value = series.get(evaluated) if evaluated is not None else None
        evaluation = evaluate(item, evaluated, value, scheme)
        if evaluated in notes:
            evaluation.note = notes[evaluated]
        return KpiProgress(item, evaluation, series, notes or NONE_BY_YEAR)

    kpi_progress = [progress_of(item) for item in kpis]
    indicator_progress = [progress_of(item) for item in indicators]
    measures = _measure_rollups(context, kpi_progress, scheme)
    standings = _standings(measures)
    return ProgressAnalysis(
        scheme,
        evaluated,
        years,
        kpi_progress,
        indicator_progress,
        measures,
        _node_rollups(context, standings, scheme),
        _group_rollups(context, standings, scheme, lambda m: m.owner),
        _group_rollups(context, standings, scheme, lambda m: m.field),
        _contributions(kpi_progress, indicators, scheme),
        context.results is not None and bool(context.results.records),
        sections=_group_rollups(context, standings, scheme, section_of),
        evaluations=_evaluations(context, evaluated, measures, scheme),
    )


def _evaluations(context, year: int | None, measures: dict[str, RollUp], scheme: Scheme) -> dict:
    """Each measure's evaluation of ``year``, with the self-grade read against the scheme."""
    results = context.results
    if results is None or year is None:
        return {}
    found = {}
    for measure_id in context.measures:
        located = results.evaluation(measure_id, year)
        if located is None:
            continue
        written = located.record.self_grade
        self_grade = scheme.key_of(written) if written else None
        apart = scheme.levels_apart(measures[measure_id].grade, self_grade)
        found[measure_id] = MeasureEvaluation(located, self_grade, apart)
    return found


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _counts(grades: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for grade in grades:
        counts[grade] = counts.get(grade, 0) + 1
    return counts


def _kpi_rollup(key: str, entries: list[KpiProgress], members: list[str], scheme: Scheme) -> RollUp:
    """KPIs counted by grade, with the means of their capped rates; graded by the worst."""
    rollup = RollUp(
        key,
        _counts([e.evaluation.grade for e in entries]),
        _mean([scheme.capped(e.evaluation.achievement) for e in entries if e.evaluation.achievement is not None]),
        members,
        scheme,
        _mean([scheme.capped(e.evaluation.rate) for e in entries if e.evaluation.rate is not None]),
    )
    rollup.grade = rollup.worst
    return rollup


def _measure_rollups(context, kpis: list[KpiProgress], scheme: Scheme) -> dict[str, RollUp]:
    """Each measure from its KPIs (with ``evaluation.kpis: outcome``, its outcome KPIs only:
    a measure without one is graded as one without KPIs)."""
    by_measure: dict[str, list[KpiProgress]] = {m: [] for m in context.measures}
    for entry in kpis:
        if scheme.kpis == "outcome" and entry.item.type != "outcome":
            continue
        by_measure[entry.item.measure].append(entry)
    return {
        measure_id: _kpi_rollup(measure_id, entries, [e.item.key for e in entries], scheme)
        for measure_id, entries in by_measure.items()
    }


def _standings(measures: dict[str, RollUp]) -> dict[str, tuple[str | None, float | None, float | None]]:
    """Each measure's grade, mean final rate and mean year's rate, worked out once for every
    roll-up that counts the measure (a measure is counted by ten or so nodes)."""
    return {
        m: (rollup.grade, rollup.mean_achievement, rollup.mean_rate) for m, rollup in measures.items()
    }


def _summarise(key: str, members: list[str], standings: dict, scheme: Scheme) -> RollUp:
    """Measures counted by their grade, the means of their means, and the roll-up's grade."""
    # Column by column with built-ins: an SDG goal counts most measures of a draft, and a
    # 100,000-measure draft has about 300 roll-ups.
    grades, finals, rates = (
        zip(*map(standings.__getitem__, members), strict=True) if members else ((), (), ())
    )
    counts = Counter(grades)  # in the order the grades first appear, as the documents show them
    counts.pop(None, None)
    return RollUp(
        key,
        dict(counts),
        _mean([final for final in finals if final is not None]),
        members,
        scheme,
        _mean([rate for rate in rates if rate is not None]),
        scheme.rollup_grade(list(zip(grades, rates, strict=True))),
    )


def _node_rollups(context, standings: dict, scheme: Scheme) -> dict[str, RollUp]:
    framework = context.framework
    served: dict[str, list[str]] = {}
    # Each node with its ancestors, made once: a draft's measures support a few hundred nodes.
    reaches: dict[str, frozenset[str]] = {}
    for node_id in framework.nodes:
        reaches[node_id] = frozenset((node_id, *framework.ancestors(node_id)))
    for measure_id, loaded in context.measures.items():
        supports = loaded.measure.supports
        if len(supports) == 1:
            reached_nodes = reaches.get(supports[0], ())
        else:
            reached_nodes = set()
            for node_id in supports:
                reached_nodes.update(reaches.get(node_id, ()))
        for node_id in reached_nodes:
            served.setdefault(node_id, []).append(measure_id)
    return {
        node_id: _summarise(node_id, served[node_id], standings, scheme)
        for node_id in framework.nodes
        if node_id in served
    }


# How a measure's section (所管課) is named, under its department: the same section name in two
# departments is two sections.
SECTION_SEPARATOR = "／"
NO_SECTION = Text("（課の指定なし）", " (no section given)")


def section_of(measure) -> str:
    """「経済産業部／商業課」, or 「経済産業部（課の指定なし）」 for a measure without one."""
    if measure.section:
        return f"{measure.owner}{SECTION_SEPARATOR}{measure.section}"
    return f"{measure.owner}{NO_SECTION.ja}"


def _group_rollups(context, standings: dict, scheme: Scheme, key) -> dict[str, RollUp]:
    groups: dict[str, list[str]] = {}
    for measure_id, loaded in context.measures.items():
        groups.setdefault(key(loaded.measure), []).append(measure_id)
    return {name: _summarise(name, members, standings, scheme) for name, members in groups.items()}


def _contributions(
    kpis: list[KpiProgress], indicators: list[Tracked], scheme: Scheme
) -> dict[str, RollUp]:
    """Per plan-level indicator (by its id as the indicators file writes it, matched
    case-insensitively), the KPIs that say ``contributes_to`` it."""
    spelled = {i.key.casefold(): i.key for i in indicators}
    groups: dict[str, list[KpiProgress]] = {}
    for entry in kpis:
        if entry.item.contributes_to:
            key = entry.item.contributes_to.casefold()
            groups.setdefault(spelled.get(key, entry.item.contributes_to), []).append(entry)
    return {
        key: _kpi_rollup(key, entries, [f"{e.item.measure}:{e.item.key}" for e in entries], scheme)
        for key, entries in groups.items()
    }


def compare(context, before: int, after: int) -> list[Change]:
    """How each KPI's status changed between two evaluated years."""
    return diff_years(context, before, after).kpis


def progress_for_rules(context) -> ProgressAnalysis:
    """What the SA70x rules read of the evaluated year.

    Without a single result no KPI is behind, ahead or unreported and no evaluation is due, so
    every rule stays quiet whatever the analysis holds: its roll-ups, a third of a plain
    20,000-measure check's rule time, are not worked out for nobody.
    """
    if context.results is None or not context.results.records:
        scheme = scheme_of(context.settings)
        return ProgressAnalysis(scheme, None, [], [], [], {}, {}, {}, {}, {}, False)
    return progress_of_context(context)


def progress_of_context(context) -> ProgressAnalysis:
    """The analysis of the evaluated year, computed once per check (the rules share it)."""
    cached = context.cache.get("progress")
    if cached is None:
        cached = context.cache["progress"] = analyse(context)
    return cached


def let_go_of_progress(context) -> None:
    """Drop the analysis the rules shared (and the tracking it was made from) once nothing
    more reads it: what is made next reuses the memory (about 230 MB at 100,000 measures).
    Asked again, it is made again."""
    context.cache.pop("progress", None)
    context.cache.pop("tracking", None)


@dataclass(slots=True)
class MeasureChange:
    measure: str
    before: str | None  # the measure's grade, its worst KPI's (None: no KPIs)
    after: str | None
    before_achievement: float | None  # the mean of its KPIs' capped final rates
    after_achievement: float | None
    scheme: Scheme
    before_rate: float | None = None  # the mean of its KPIs' capped year's rates
    after_rate: float | None = None

    @property
    def kind(self) -> str:
        if self.before is None or self.after is None:
            return "unchanged"
        return change_kind(self.scheme, self.before, self.after)


@dataclass(slots=True)
class YearDiff:
    """What changed between two evaluated years: ``seta-align diff --years A..B``."""

    before: int
    after: int
    kpis: list[Change]
    measures: list[MeasureChange]
    scheme: Scheme

    @property
    def fell_behind(self) -> list[MeasureChange]:
        return [m for m in self.measures if m.kind == "fell_behind"]

    @property
    def recovered(self) -> list[MeasureChange]:
        return [m for m in self.measures if m.kind == "recovered"]

    @property
    def regression(self) -> bool:
        """A measure or a KPI fell behind, or went from 遅れ to 未報告."""
        worse = ("fell_behind", "unreported")
        return any(m.kind in worse for m in self.measures) or any(c.kind in worse for c in self.kpis)


def diff_years(context, before: int, after: int) -> YearDiff:
    first = analyse(context, before)
    second = analyse(context, after)
    scheme = second.scheme
    kpis = [
        Change(new.item, old.evaluation.grade, new.evaluation.grade, scheme)
        for old, new in zip(
            first.kpis + first.indicators, second.kpis + second.indicators, strict=True
        )
    ]
    measures = [
        MeasureChange(
            measure_id,
            first.measures[measure_id].grade,
            second.measures[measure_id].grade,
            first.measures[measure_id].mean_achievement,
            second.measures[measure_id].mean_achievement,
            scheme,
            first.measures[measure_id].mean_rate,
            second.measures[measure_id].mean_rate,
        )
        for measure_id in second.measures
    ]
    return YearDiff(before, after, kpis, measures, scheme)


def outcome_gap(analysis: ProgressAnalysis, entry: KpiProgress) -> bool:
    """A plan-level indicator behind while every KPI that contributes to it is on track or has
    reached its target: the measures move, the outcome does not."""
    if entry.evaluation.status is not Status.behind:
        return False
    contributors = analysis.contributions.get(entry.item.key)
    if contributors is None or not contributors.total:
        return False
    return contributors.worst_status in (Status.on_track, Status.achieved)
