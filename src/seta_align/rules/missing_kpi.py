"""SA401: a measure without a target indicator, so its progress cannot be evaluated (EBPM)."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from .base import Rule


def check(context) -> Iterator[Finding]:
    for measure_id, loaded in context.measures.items():
        if loaded.measure.kpis or loaded.left_out("kpis"):
            continue  # a KPI that could not be read is reported where it stands
        yield RULE.at_measure(
            loaded,
            Text(
                f"施策 {measure_id} に目標指標（kpis）がありません。進捗を評価できません（EBPM）。",
                f"Measure {measure_id} has no target indicator (kpis); its progress cannot be "
                "evaluated (EBPM).",
            ),
            "id",
            hint=Text(
                "kpis に指標名・単位・現状値・目標値（年度と値）を書いてください。",
                "Add kpis with name, unit, baseline and target (year and value).",
            ),
        )


RULE = Rule(
    "SA401",
    "missing-kpi",
    Severity.WARNING,
    Text("目標指標（KPI）のない施策", "A measure without a target indicator (KPI)"),
    check,
)
