"""SA603: a counteracting impact (−2 or −3) without a mitigation (緩和策)."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from .base import Rule


def check(context) -> Iterator[Finding]:
    for measure_id, loaded in context.assessed():
        for index, impact in enumerate(loaded.measure.impacts):
            if impact.score > -2 or (impact.mitigation and impact.mitigation.strip()):
                continue
            yield RULE.at_measure(
                loaded,
                Text(
                    f"施策 {measure_id} は {impact.on} を妨げる（{impact.score:+d}）と評価されていますが、"
                    "緩和策（mitigation）が書かれていません。",
                    f"Measure {measure_id} counteracts {impact.on} ({impact.score:+d}) and no "
                    "mitigation is written.",
                ),
                "impacts",
                index,
                node=impact.on,
                hint=Text(
                    "この影響をどう抑えるかを mitigation に書いてください。",
                    "Say under mitigation how the impact is kept in check.",
                ),
            )


RULE = Rule(
    "SA603",
    "unmitigated-impact",
    Severity.WARNING,
    Text("緩和策のない対立する影響（-2 以下）", "A counteracting impact (-2 or below) without mitigation"),
    check,
)
