"""SA707: a KPI that reached its target before the target year: consider raising it."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from ._progress_places import kpi_location
from .base import Rule


def check(context) -> Iterator[Finding]:
    from ..analysis.progress import Status, progress_for_rules

    analysis = progress_for_rules(context)
    for entry in analysis.kpis + analysis.indicators:
        evaluation = entry.evaluation
        item = entry.item
        if evaluation.status is not Status.achieved or item.direction == "maintain":
            continue
        if evaluation.year is None or evaluation.year >= item.target[0]:
            continue
        location, measure = kpi_location(context, item, "target")
        yield RULE.at(
            Text(
                f"指標「{item.label}」は {evaluation.year} 年度に目標（{item.target[0]} 年度 "
                f"{item.target[1]:g}{item.unit}）に達しました（実績 {evaluation.value:g}{item.unit}）。",
                f"KPI '{item.label}' reached its target ({item.target[1]:g} {item.unit} by "
                f"FY{item.target[0]}) in FY{evaluation.year} ({evaluation.value:g} {item.unit}).",
            ),
            location,
            measure=measure,
            hint=Text(
                "目標の引き上げを検討してください。",
                "Consider raising the target.",
            ),
        )


RULE = Rule(
    "SA707",
    "target-reached-early",
    Severity.INFO,
    Text("目標年度より前に目標に達した指標", "A KPI that reached its target early"),
    check,
)
