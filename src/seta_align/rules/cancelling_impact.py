"""SA602: a cancelling impact (−3) — the decision gate (可否) of the impact pre-assessment.

Only a waiver with a written reason in the config (``impacts: {waivers: [...]}``) clears it:
the decision to go ahead in spite of it is then on record.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from .base import Rule


def check(context) -> Iterator[Finding]:
    accepted = {(w.measure, w.on) for w in context.settings.impacts.waivers}
    for measure_id, loaded in context.measures.items():
        for index, impact in enumerate(loaded.measure.impacts):
            if impact.score != -3 or (measure_id, impact.on) in accepted:
                continue
            yield RULE.at_measure(
                loaded,
                Text(
                    f"施策 {measure_id} は {impact.on} を打ち消す（-3 相殺）と評価されています。"
                    "実施の可否を判断する必要があります。",
                    f"Measure {measure_id} is assessed as cancelling {impact.on} (-3): a decision "
                    "on whether to go ahead is needed.",
                ),
                "impacts",
                index,
                "score",
                node=impact.on,
                hint=Text(
                    "計画を見直すか、実施するなら設定の impacts: waivers に理由を書いてください"
                    "（measure, on, reason）。",
                    "Rethink the measure, or record the decision to go ahead under impacts: "
                    "waivers in the config (measure, on, reason).",
                ),
            )


RULE = Rule(
    "SA602",
    "cancelling-impact",
    Severity.ERROR,
    Text("打ち消す影響（-3 相殺）", "A cancelling impact (-3)"),
    check,
)
