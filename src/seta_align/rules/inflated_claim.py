"""SA605: an assessment that claims too much — +3 (indivisible) on many SDG goals, or impacts
on very many goals. A hint that the assessment should be focused."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from .base import Rule


def check(context) -> Iterator[Finding]:
    from ..analysis.impacts import sdg_goal

    limits = context.settings.impacts
    for measure_id, loaded in context.assessed():
        goals: set[str] = set()
        indivisible: set[str] = set()
        for impact in loaded.measure.impacts:
            goal = sdg_goal(context, impact.on)
            if goal is None:
                continue
            goals.add(goal)
            if impact.score == 3:
                indivisible.add(goal)
        if len(indivisible) > limits.max_indivisible_goals:
            yield RULE.at_measure(
                loaded,
                Text(
                    f"施策 {measure_id} は {len(indivisible)} の SDG 目標に +3（不可分）と評価しています"
                    f"（目安は {limits.max_indivisible_goals} まで）。",
                    f"Measure {measure_id} scores {len(indivisible)} SDG goals +3 (indivisible); "
                    f"more than {limits.max_indivisible_goals} is rarely so.",
                ),
                "impacts",
                hint=Text(
                    "本当に切り離せない関係だけを +3 にし、評価を絞ってください。",
                    "Keep +3 for what truly cannot be separated, and focus the assessment.",
                ),
            )
        elif len(goals) > limits.max_goals:
            yield RULE.at_measure(
                loaded,
                Text(
                    f"施策 {measure_id} は {len(goals)} の SDG 目標への影響を評価しています"
                    f"（目安は {limits.max_goals} まで）。",
                    f"Measure {measure_id} assesses impacts on {len(goals)} SDG goals; more than "
                    f"{limits.max_goals} is rarely focused.",
                ),
                "impacts",
                hint=Text(
                    "影響の大きいものに絞ってください。",
                    "Keep the impacts that matter most.",
                ),
            )


RULE = Rule(
    "SA605",
    "inflated-claim",
    Severity.INFO,
    Text("影響の評価を広げすぎている", "An impact assessment that claims too much"),
    check,
)
