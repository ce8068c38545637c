"""Outcome management (行政評価): each KPI's results by fiscal year against its expected path,
its achievement (達成率) and status, rolled up to measures, framework nodes, departments and
fields. Plain functions over the checked draft (the method: docs/progress.md).

- **Achievement** = (actual − baseline) / (target − baseline), for increase and decrease alike
  (a decrease KPI that fell from 100 to 80 on the way to 60 is at 50 %). Without a baseline, or
  for a ``maintain`` KPI, there is none: the status says whether the target is reached or held.
- **Expected path**: straight from the baseline to the target, or through the yearly
  ``milestones`` (実施計画); before its first year the path is its first value, after the target
  year the target. **Expected progress** = (expected − baseline) / (target − baseline).
- **Status** of an evaluated year: 達成 the target is reached (held, for maintain); 順調
  achievement ≥ expected progress; おおむね順調 ≥ ``mostly_on_track`` (0.8) × expected
  progress; 遅れ below that (far behind below ``far_behind`` (0.5) × expected progress); 未報告 no
  value for the year; 評価不能 neither a baseline nor a path (and the target not reached), or
  no way to tell the direction.
- **Roll-up**: a measure takes the worst status of its KPIs (in the order of :data:`ATTENTION`)
  and the mean achievement of those that have one; a framework node counts the statuses of the
  measures that serve it or a node below it, and their mean achievement; the same per owner and
  field. A plan-level indicator stands beside the roll-up of the KPIs that contribute to it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise

from ..i18n import Text


class Status(StrEnum):
    achieved = "achieved"
    on_track = "on_track"
    mostly_on_track = "mostly_on_track"
    behind = "behind"
    not_reported = "not_reported"
    not_assessable = "not_assessable"


LABELS: dict[Status, Text] = {
    Status.achieved: Text("達成", "achieved"),
    Status.on_track: Text("順調", "on track"),
    Status.mostly_on_track: Text("おおむね順調", "mostly on track"),
    Status.behind: Text("遅れ", "behind"),
    Status.not_reported: Text("未報告", "not reported"),
    Status.not_assessable: Text("評価不能", "not assessable"),
}
# The order of attention, most urgent first: a measure shows the first of its KPIs' statuses.
ATTENTION: tuple[Status, ...] = (
    Status.behind,
    Status.not_reported,
    Status.mostly_on_track,
    Status.not_assessable,
    Status.on_track,
    Status.achieved,
)
# The order of quality, best first (for "improved" and "fell back" between two years).
QUALITY: tuple[Status, ...] = (
    Status.achieved,
    Status.on_track,
    Status.mostly_on_track,
    Status.behind,
)
# The three directions of a KPI, in the words of every table, sheet and message.
DIRECTION_LABELS: dict[str, Text] = {
    "increase": Text("増加", "increase"),
    "decrease": Text("減少", "decrease"),
    "maintain": Text("維持", "maintain"),
}
EPSILON = 1e-9  # figures written with decimals are compared with this much slack


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
    milestones: dict[int, float]
    contributes_to: str | None = None
    on: str | None = None  # the framework node of a plan-level indicator
    index: int = 0  # the KPI's place in its measure (for findings)
    starts: int | None = None  # the measure's first year (period.start): nothing is due before

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
    status: Status
    value: float | None = None
    achievement: float | None = None
    expected: float | None = None  # the path's value for the year
    expected_progress: float | None = None
    far_behind: bool = False
    reason: Text | None = None  # why 評価不能 / 未報告
    note: str | None = None  # the result's note


@dataclass(slots=True)
class KpiProgress:
    item: Tracked
    evaluation: Evaluation
    series: dict[int, float | None]  # every reported year -> value (None: not measured)
    notes: dict[int, str] = field(default_factory=dict)


@dataclass(slots=True)
class RollUp:
    key: str
    counts: dict[Status, int]
    mean_achievement: float | None
    members: list[str]

    @property
    def worst(self) -> Status | None:
        return next((s for s in ATTENTION if self.counts.get(s)), None)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(slots=True)
class Change:
    item: Tracked | None
    before: Status
    after: Status

    @property
    def kind(self) -> str:
        """fell_behind, recovered, improved, worsened or unchanged."""
        if self.before == self.after:
            return "unchanged"
        if self.after is Status.behind:
            return "fell_behind"
        if self.before is Status.behind and self.after in QUALITY:
            return "recovered"
        if self.before in QUALITY and self.after in QUALITY:
            better = QUALITY.index(self.after) < QUALITY.index(self.before)
            return "improved" if better else "worsened"
        return "changed"


@dataclass(slots=True)
class ProgressAnalysis:
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
    baseline = None if kpi.baseline is None else (kpi.baseline.year, kpi.baseline.value)
    target = (kpi.target.year, kpi.target.value)
    return Tracked(
        measure=measure_id,
        key=kpi.key(),
        name=kpi.name,
        unit=kpi.unit,
        baseline=baseline,
        target=target,
        direction=resolved_direction(kpi.direction, baseline, target),
        stated_direction=kpi.direction,
        milestones=dict(sorted(kpi.milestones.items())),
        contributes_to=contributes_to,
        on=on,
        index=index,
        starts=starts,
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


def kpi_name_key(text: str) -> str:
    """How a result's ``kpi`` is matched: ids case-insensitively, names as NFKC text."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


@dataclass(slots=True)
class Matched:
    """The results that name a known KPI or indicator, and those that do not."""

    by_item: dict[tuple[str | None, str], dict[int, list]]  # (measure, key) -> year -> results
    unknown: list  # (result, Text why, suggestion or None)
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
                unknown.append((located, "indicator", _guess(record.indicator, indicator_ids)))
                continue
        else:
            measure_id = measures.get(record.measure.casefold())
            if measure_id is None:
                if context.knows_measure(record.measure):
                    left_out.append(located)
                    continue
                guess = context.measure_index.suggest(record.measure)
                unknown.append((located, "measure", guess))
                continue
            loaded = context.measures[measure_id]
            if record.kpi is None:
                own = kpis_of.get(measure_id, [])
                if loaded.left_out("kpis"):  # which KPI it means is not known
                    left_out.append(located)
                    continue
                if len(own) != 1:
                    unknown.append((located, "kpi_missing", None))
                    continue
                item = own[0]
            else:
                item = names.get((measure_id, kpi_name_key(record.kpi)))
                if item is None and (
                    (measure_id, kpi_name_key(record.kpi)) in unreadable_kpis
                    or (loaded.left_out("kpis") and not loaded.salvage.unreadable_kpis)
                ):
                    left_out.append(located)
                    continue
                if item is None:
                    choices = {
                        kpi_name_key(k.name): k.name for k in kpis_of.get(measure_id, [])
                    } | {kpi_name_key(k.key): k.key for k in kpis_of.get(measure_id, [])}
                    unknown.append((located, "kpi", _guess(record.kpi, choices, measure_id)))
                    continue
        by_item.setdefault((item.measure, item.key), {}).setdefault(record.year, []).append(
            located
        )
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


def _guess(wrong: str, known: dict, measure_id: str | None = None) -> str | None:
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
        return abs(value - target) <= tolerance * abs(target) + EPSILON
    return False


def evaluate(item: Tracked, year: int | None, value: float | None, settings) -> Evaluation:
    """The status of ``item`` in ``year`` with the result ``value`` (None: not reported)."""
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
        held = reached(item, value, settings.maintain_tolerance)
        if held:
            status = Status.achieved if year >= item.target[0] else Status.on_track
        else:
            status = Status.behind
        return Evaluation(year, status, value, None, expected)
    baseline = item.baseline
    span = None if baseline is None else item.target[1] - baseline[1]
    achievement = None
    if span is not None and abs(span) > EPSILON:
        achievement = (value - baseline[1]) / span
    expected_progress = None
    if expected is not None and achievement is not None:
        expected_progress = (expected - baseline[1]) / span
    if reached(item, value, settings.maintain_tolerance):
        return Evaluation(year, Status.achieved, value, achievement, expected, expected_progress)
    if expected is None:
        return Evaluation(
            year,
            Status.not_assessable,
            value,
            reason=Text(
                "現状値も年度ごとの目標（milestones）もないため、目標に届いたかどうかしか分かりません",
                "no baseline and no milestones: only whether the target is reached can be told",
            ),
        )
    if achievement is None:
        # A path from milestones alone: ahead of it or not.
        ahead = value >= expected - EPSILON if item.direction == "increase" else value <= expected + EPSILON
        return Evaluation(year, Status.on_track if ahead else Status.behind, value, None, expected)
    if achievement >= expected_progress - EPSILON:
        status = Status.on_track
    elif achievement >= settings.mostly_on_track * expected_progress - EPSILON:
        status = Status.mostly_on_track
    else:
        status = Status.behind
    far = status is Status.behind and achievement < settings.far_behind * expected_progress - EPSILON
    return Evaluation(year, status, value, achievement, expected, expected_progress, far)


# --- the whole draft -----------------------------------------------------------------------


def analyse(context, year: int | None = None) -> ProgressAnalysis:
    """Every KPI and indicator evaluated for ``year`` (default: the config's ``progress.year``,
    else the latest year with results), and the roll-ups."""
    settings = context.settings.progress
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
        evaluation = evaluate(item, evaluated, value, settings)
        if (evaluation.status is Status.not_reported and evaluated in notes) or evaluated in notes:
            evaluation.note = notes[evaluated]
        return KpiProgress(item, evaluation, series, notes)

    kpi_progress = [progress_of(item) for item in kpis]
    indicator_progress = [progress_of(item) for item in indicators]
    measures = _measure_rollups(context, kpi_progress)
    standings = _standings(measures)
    return ProgressAnalysis(
        evaluated,
        years,
        kpi_progress,
        indicator_progress,
        measures,
        _node_rollups(context, standings),
        _group_rollups(context, standings, lambda m: m.owner),
        _group_rollups(context, standings, lambda m: m.field),
        _contributions(kpi_progress, indicators),
        context.results is not None and bool(context.results.records),
    )


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _measure_rollups(context, kpis: list[KpiProgress]) -> dict[str, RollUp]:
    by_measure: dict[str, list[KpiProgress]] = {m: [] for m in context.measures}
    for entry in kpis:
        by_measure[entry.item.measure].append(entry)
    rollups = {}
    for measure_id, entries in by_measure.items():
        counts: dict[Status, int] = {}
        for entry in entries:
            counts[entry.evaluation.status] = counts.get(entry.evaluation.status, 0) + 1
        achievements = [
            e.evaluation.achievement for e in entries if e.evaluation.achievement is not None
        ]
        rollups[measure_id] = RollUp(
            measure_id, counts, _mean(achievements), [e.item.key for e in entries]
        )
    return rollups


def _standings(measures: dict[str, RollUp]) -> dict[str, tuple[Status | None, float | None]]:
    """Each measure's worst status and mean achievement, worked out once for every roll-up
    that counts the measure (a measure is counted by ten or so nodes)."""
    return {m: (rollup.worst, rollup.mean_achievement) for m, rollup in measures.items()}


def _summarise(key: str, members: list[str], standings: dict) -> RollUp:
    """Measures counted by their (worst) status, and the mean of their mean achievements."""
    counts: dict[Status, int] = {}
    achievements = []
    for measure_id in members:
        worst, achievement = standings[measure_id]
        if worst is not None:
            counts[worst] = counts.get(worst, 0) + 1
        if achievement is not None:
            achievements.append(achievement)
    return RollUp(key, counts, _mean(achievements), members)


def _node_rollups(context, standings: dict) -> dict[str, RollUp]:
    framework = context.framework
    served: dict[str, list[str]] = {}
    for measure_id, loaded in context.measures.items():
        reached_nodes: set[str] = set()
        for node_id in loaded.measure.supports:
            if node_id in framework.nodes:
                reached_nodes.add(node_id)
                reached_nodes.update(framework.ancestors(node_id))
        for node_id in reached_nodes:
            served.setdefault(node_id, []).append(measure_id)
    return {
        node_id: _summarise(node_id, served[node_id], standings)
        for node_id in framework.nodes
        if node_id in served
    }


def _group_rollups(context, standings: dict, key) -> dict[str, RollUp]:
    groups: dict[str, list[str]] = {}
    for measure_id, loaded in context.measures.items():
        groups.setdefault(key(loaded.measure), []).append(measure_id)
    return {name: _summarise(name, members, standings) for name, members in groups.items()}


def _contributions(kpis: list[KpiProgress], indicators: list[Tracked]) -> dict[str, RollUp]:
    """Per plan-level indicator (by its id as the indicators file writes it, matched
    case-insensitively), the KPIs that say ``contributes_to`` it."""
    spelled = {i.key.casefold(): i.key for i in indicators}
    groups: dict[str, list[KpiProgress]] = {}
    for entry in kpis:
        if entry.item.contributes_to:
            key = entry.item.contributes_to.casefold()
            groups.setdefault(spelled.get(key, entry.item.contributes_to), []).append(entry)
    rollups = {}
    for key, entries in groups.items():
        counts: dict[Status, int] = {}
        for entry in entries:
            counts[entry.evaluation.status] = counts.get(entry.evaluation.status, 0) + 1
        achievements = [
            e.evaluation.achievement for e in entries if e.evaluation.achievement is not None
        ]
        rollups[key] = RollUp(
            key, counts, _mean(achievements), [f"{e.item.measure}:{e.item.key}" for e in entries]
        )
    return rollups


def compare(context, before: int, after: int) -> list[Change]:
    """How each KPI's status changed between two evaluated years."""
    return diff_years(context, before, after).kpis


def progress_of_context(context) -> ProgressAnalysis:
    """The analysis of the evaluated year, computed once per check (the rules share it)."""
    cached = context.cache.get("progress")
    if cached is None:
        cached = context.cache["progress"] = analyse(context)
    return cached


@dataclass(slots=True)
class MeasureChange:
    measure: str
    before: Status | None  # the measure's worst KPI status (None: no KPIs)
    after: Status | None
    before_achievement: float | None
    after_achievement: float | None

    @property
    def kind(self) -> str:
        if self.before is None or self.after is None:
            return "unchanged"
        return Change(None, self.before, self.after).kind


@dataclass(slots=True)
class YearDiff:
    """What changed between two evaluated years: ``seta-align diff --years A..B``."""

    before: int
    after: int
    kpis: list[Change]
    measures: list[MeasureChange]

    @property
    def fell_behind(self) -> list[MeasureChange]:
        return [m for m in self.measures if m.kind == "fell_behind"]

    @property
    def recovered(self) -> list[MeasureChange]:
        return [m for m in self.measures if m.kind == "recovered"]

    @property
    def regression(self) -> bool:
        """A measure or a KPI fell behind."""
        return bool(self.fell_behind) or any(c.kind == "fell_behind" for c in self.kpis)


def diff_years(context, before: int, after: int) -> YearDiff:
    first = analyse(context, before)
    second = analyse(context, after)
    kpis = [
        Change(new.item, old.evaluation.status, new.evaluation.status)
        for old, new in zip(
            first.kpis + first.indicators, second.kpis + second.indicators, strict=True
        )
    ]
    measures = [
        MeasureChange(
            measure_id,
            first.measures[measure_id].worst,
            second.measures[measure_id].worst,
            first.measures[measure_id].mean_achievement,
            second.measures[measure_id].mean_achievement,
        )
        for measure_id in second.measures
    ]
    return YearDiff(before, after, kpis, measures)


def outcome_gap(analysis: ProgressAnalysis, entry: KpiProgress) -> bool:
    """A plan-level indicator behind while every KPI that contributes to it is on track or has
    reached its target: the measures move, the outcome does not."""
    if entry.evaluation.status is not Status.behind:
        return False
    contributors = analysis.contributions.get(entry.item.key)
    if contributors is None or not contributors.total:
        return False
    return contributors.worst in (Status.on_track, Status.achieved)
