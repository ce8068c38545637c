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
    found: list[Finding] = []
    # Each duplicate's finding, with the measure and the names a result would have to give.
    duplicates: list[tuple[Finding, str, list[str]]] = []
    # Two KPIs clash only within one measure, and a measure's KPIs come one after another:
    # what was seen is kept for the measure at hand, not two keys for every KPI of the draft.
    seen: dict[str, object] = {}
    seen_of: str | None = None
    for item in tracking.kpis + tracking.indicators:
        if item.measure != seen_of:
            seen, seen_of = {}, item.measure
        # Its id first, then its name (a set's order would change from run to run, and with
        # it which clash is found first). A plan-level indicator is not paired here.
        keys = dict.fromkeys((kpi_name_key(item.key), kpi_name_key(item.name)))
        for name in keys if item.measure is not None else ():
            earlier = seen.setdefault(name, item)
            if earlier is not item:
                # Each of its names another KPI has (its id may be the other's name): a result
                # giving any of them could be either KPI's.
                clashing = [other for other in keys if seen.get(other, item) is not item]
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
                found.append(finding)
                duplicates.append((finding, item.measure, clashing))
                break
        stated = item.stated_direction
        if stated is not None and item.baseline is not None:
            implied = resolved_direction(None, item.baseline, item.target)
            if implied != stated:
                location, measure = kpi_location(context, item, "direction")
                ja, en = DIRECTION_LABELS[stated].ja, DIRECTION_LABELS[stated].en
                found.append(
                    RULE.at(
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
                )
        first = item.baseline[0] if item.baseline is not None else None
        for year in item.milestones:
            if (first is not None and year < first) or year > item.target[0] + EPSILON:
                location, measure = kpi_location(context, item, "milestones")
                found.append(
                    RULE.at(
                        Text(
                            f"指標「{item.label}」の milestones の {year} 年度が現状値〜目標の年度の外です。",
                            f"KPI '{item.label}': the milestone for FY{year} is outside its baseline "
                            "to target years.",
                        ),
                        location,
                        measure=measure,
                    )
                )
    # An error only where it already matters: a result that could be either KPI's. Before
    # any result, it is a warning with the same hint.
    if duplicates:
        names = _names_in_results(context, {measure.casefold() for _, measure, _ in duplicates})
        for finding, measure_id, clashing in duplicates:
            given = names.get(measure_id.casefold(), ())
            if None not in given and not any(name in given for name in clashing):
                finding.severity = Severity.WARNING
    yield from found


def _names_in_results(context, measures: set[str]) -> dict[str, set[str | None]]:
    """For each of ``measures`` (ids case-folded), the KPI names its results give (None: a
    result without one): one look through the results for all the duplicates of the draft
    (one look for each took 2.3 s of a 20,000-measure check), keeping only the measures that
    have one (an index of every measure's names grew a 100,000-measure check by 44 MB)."""
    from ..analysis.progress import kpi_name_key

    names: dict[str, set[str | None]] = {}
    if context.results is None:
        return names
    for located in context.results.records:
        record = located.record
        if record.measure is not None and (folded := record.measure.casefold()) in measures:
            names.setdefault(folded, set()).add(
                None if record.kpi is None else kpi_name_key(record.kpi)
            )
    return names


RULE = Rule(
    "SA708",
    "inconsistent-kpi",
    Severity.ERROR,
    Text("判定できない指標（方向の矛盾など）", "A KPI that contradicts itself"),
    check,
)
