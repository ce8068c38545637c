"""SA701: a KPI behind its expected path in the evaluated year (遅れ), not yet far behind."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from ._progress_places import kpi_location
from .base import Rule


def behind(context, far: bool) -> Iterator[tuple]:
    from ..analysis.progress import Status, progress_of_context

    analysis = progress_of_context(context)
    for entry in analysis.kpis + analysis.indicators:
        evaluation = entry.evaluation
        if evaluation.status is Status.behind and evaluation.far_behind == far:
            yield entry, evaluation


def describe(entry, evaluation) -> Text:
    item = entry.item
    if evaluation.achievement is not None and evaluation.expected_progress is not None:
        return Text(
            f"指標「{item.label}」は {evaluation.year} 年度の実績 {evaluation.value:g}{item.unit}、"
            f"達成率 {evaluation.achievement:.0%}（この年度に見込む進捗 "
            f"{evaluation.expected_progress:.0%}）です。",
            f"KPI '{item.label}': {evaluation.value:g} {item.unit} in FY{evaluation.year}, "
            f"achievement {evaluation.achievement:.0%} against {evaluation.expected_progress:.0%} "
            "expected by then.",
        )
    expected = "" if evaluation.expected is None else f"{evaluation.expected:g}"
    return Text(
        f"指標「{item.label}」は {evaluation.year} 年度の実績 {evaluation.value:g}{item.unit}"
        f"（見込み {expected}{item.unit}）です。",
        f"KPI '{item.label}': {evaluation.value:g} {item.unit} in FY{evaluation.year} "
        f"(expected {expected} {item.unit}).",
    )


def check(context) -> Iterator[Finding]:
    for entry, evaluation in behind(context, far=False):
        location, measure = kpi_location(context, entry.item)
        yield RULE.at(
            describe(entry, evaluation),
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
    Text("見込みより遅れている指標（遅れ）", "A KPI behind its expected path"),
    check,
)
