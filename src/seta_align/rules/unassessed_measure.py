"""SA604: a measure without an impact assessment, where the config asks every measure for one
(``impacts: {required: true}``; off otherwise)."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from .base import Rule


def check(context) -> Iterator[Finding]:
    if not context.settings.impacts.required:
        return
    for measure_id, loaded in context.measures.items():
        if loaded.measure.impacts or loaded.left_out("impacts"):
            continue  # impacts were written: the one that could not be read is reported
        yield RULE.at_measure(
            loaded,
            Text(
                f"施策 {measure_id} に影響の予測評価（impacts）がありません。",
                f"Measure {measure_id} has no impact assessment (impacts).",
            ),
            "id",
            hint=Text(
                "impacts に、影響する政策・目標（on）と評価（score: -3〜+3）を書いてください。",
                "Add impacts: the node or measure affected (on) and a score from -3 to +3.",
            ),
        )


RULE = Rule(
    "SA604",
    "unassessed-measure",
    Severity.WARNING,
    Text(
        "影響の予測評価のない施策（impacts: {required: true} のとき）",
        "A measure without an impact assessment (with impacts: {required: true})",
    ),
    check,
)
