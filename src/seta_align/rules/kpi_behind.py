"""SA701: a KPI behind the year's target in the evaluated year (遅れ), not yet far behind."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from ._progress_places import kpi_location
from .base import Rule


def behind(context, far: bool) -> Iterator[tuple]:
    from ..analysis.progress import Status, progress_for_rules

    analysis = progress_for_rules(context)
    for entry in analysis.kpis + analysis.indicators:
        evaluation = entry.evaluation
        if evaluation.status is Status.behind and evaluation.far_behind == far:
            yield entry, evaluation


def describe(context, entry, evaluation) -> Text:
    from ..analysis.progress import progress_for_rules

    item = entry.item
    scheme = progress_for_rules(context).scheme
    expected = "" if evaluation.expected is None else f"{evaluation.expected:g}"
    if evaluation.rate is not None:
        rate = scheme.rate_name("ja"), scheme.rate_name("en")
        return Text(
            f"指標「{item.label}」は {evaluation.year} 年度の実績 {evaluation.value:g}{item.unit}"
            f"（年度目標値 {expected}{item.unit}）、{rate[0]}（年度）{evaluation.rate:.0%} です。",
            f"KPI '{item.label}': {evaluation.value:g} {item.unit} in FY{evaluation.year} "
            f"(the year's target {expected} {item.unit}), {rate[1]} (year) {evaluation.rate:.0%}.",
        )
    return Text(
        f"指標「{item.label}」は {evaluation.year} 年度の実績 {evaluation.value:g}{item.unit}"
        f"（年度目標値 {expected}{item.unit}）です。",
        f"KPI '{item.label}': {evaluation.value:g} {item.unit} in FY{evaluation.year} "
        f"(the year's target {expected} {item.unit}).",
    )


def check(context) -> Iterator[Finding]:
    for entry, evaluation in behind(context, far=False):
        location, measure = kpi_location(context, entry.item)
        yield RULE.at(
            describe(context, entry, evaluation),
            location,
            measure=measure,
            hint=Text(
                "遅れの理由と改善の方法を行政評価に書いてください。",
                "Say in the evaluation why it is behind and how it will catch up.",
            ),
        )


RULE = Rule(
    "SA701",
    "kpi-behind",
    Severity.WARNING,
    Text("年度目標値より遅れている指標（遅れ）", "A KPI behind the year's target"),
    check,
)
