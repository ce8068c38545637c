"""SA708: a KPI (or plan-level indicator) that cannot be judged as written: a direction that
contradicts its baseline and target, a milestone outside baseline…target years, or two KPIs of
one measure with the same id or name (results could not tell them apart). A target year before
the baseline year is SA402's."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from ._progress_places import kpi_location
from .base import Rule


def check(context) -> Iterator[Finding]:
    from ..analysis.progress import (
        DIRECTION_LABELS,
        EPSILON,
        kpi_name_key,
        resolved_direction,
        tracking_of_context,
    )

    tracking = tracking_of_context(context)
    names_in_results = _NamesInResults(context)
    seen: dict[tuple[str | None, str], object] = {}
    for item in tracking.kpis + tracking.indicators:
        for name in {kpi_name_key(item.key), kpi_name_key(item.name)}:
            earlier = seen.setdefault((item.measure, name), item)
            if earlier is not item and item.measure is not None:
                location, measure = kpi_location(context, item)
                finding = RULE.at(
                    Text(
                        f"施策 {item.measure} に同じ名前・id の指標「{item.key}」が2つあります。実績が"
                        "どちらのものか区別できません。",
                        f"Measure {item.measure} has two KPIs named '{item.key}': results could "
                        "not tell them apart.",
                    ),
                    location,
                    measure=measure,
                    hint=Text("指標に id を付けてください。", "Give the KPIs ids."),
                )
                # An error only where it already matters: a result that could be either KPI's.
                # Before any result, it is a warning with the same hint.
                if not names_in_results.could_match(item.measure, name):
                    finding.severity = Severity.WARNING
                yield finding
                break
        stated = item.stated_direction
        if stated is not None and item.baseline is not None:
            implied = resolved_direction(None, item.baseline, item.target)
            if implied != stated:
                location, measure = kpi_location(context, item, "direction")
                ja, en = DIRECTION_LABELS[stated].ja, DIRECTION_LABELS[stated].en
                yield RULE.at(
                    Text(
                        f"指標「{item.label}」は direction: {stated}（{ja}）ですが、現状値 "
                        f"{item.baseline[1]:g} から目標値 {item.target[1]:g} へは"
                        f"{DIRECTION_LABELS[implied].ja}です。",
                        f"KPI '{item.label}' says direction: {en}, but from the baseline "
                        f"{item.baseline[1]:g} to the target {item.target[1]:g} is to "
                        f"{DIRECTION_LABELS[implied].en}.",
                    ),
                    location,
                    measure=measure,
                    hint=Text(
                        "direction か現状値・目標値を直してください。",
                        "Correct the direction, the baseline or the target.",
                    ),
                )
        first = item.baseline[0] if item.baseline is not None else None
        for year in item.milestones:
            if (first is not None and year < first) or year > item.target[0] + EPSILON:
                location, measure = kpi_location(context, item, "milestones")
                yield RULE.at(
                    Text(
                        f"指標「{item.label}」の milestones の {year} 年度が現状値〜目標の年度の外です。",
                        f"KPI '{item.label}': the milestone for FY{year} is outside its baseline "
                        "to target years.",
                    ),
                    location,
                    measure=measure,
                )


class _NamesInResults:
    """For each measure (its id case-folded), the KPI names its results give (None: a result
    without one), made when first asked and only for this rule's run: looking through every
    result for every duplicate KPI took 2.3 s of a 20,000-measure check, and grows with
    measures times results; kept after the rule, the index held 30 MB of a 100,000-measure
    check."""

    def __init__(self, context) -> None:
        self._context = context
        self._names: dict[str, set[str | None]] | None = None

    def could_match(self, measure_id: str, name_key: str) -> bool:
        """Whether a result names this measure with this KPI name (or with no KPI at all)."""
        if self._context.results is None:
            return False
        names = self._index().get(measure_id.casefold(), ())
        return None in names or name_key in names

    def _index(self) -> dict[str, set[str | None]]:
        from ..analysis.progress import kpi_name_key

        if self._names is None:
            self._names = {}
            for located in self._context.results.records:
                record = located.record
                if record.measure is not None:
                    self._names.setdefault(record.measure.casefold(), set()).add(
                        None if record.kpi is None else kpi_name_key(record.kpi)
                    )
        return self._names


RULE = Rule(
    "SA708",
    "inconsistent-kpi",
    Severity.ERROR,
    Text("判定できない指標（方向の矛盾など）", "A KPI that contradicts itself"),
    check,
)
