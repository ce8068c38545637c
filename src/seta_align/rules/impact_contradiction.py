"""SA601: a measure supports a node but scores its impact on it at 0 or below."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from ..vocabulary import IMPACT_SCALE
from .base import Rule


def check(context) -> Iterator[Finding]:
    for _, loaded in context.assessed():
        measure = loaded.measure
        supported = set(measure.supports)
        for index, impact in enumerate(measure.impacts):
            if impact.on in supported and impact.score <= 0:
                english, japanese = IMPACT_SCALE[impact.score]
                yield RULE.at_measure(
                    loaded,
                    Text(
                        f"{impact.on} は supports にありますが、影響を {impact.score:+d}（{japanese}）"
                        "と評価しています。貢献するのか妨げるのか、どちらかです。",
                        f"{impact.on} is in supports, yet its impact is scored {impact.score:+d} "
                        f"({english}): the measure either serves it or it does not.",
                    ),
                    "impacts",
                    index,
                    "score",
                    node=impact.on,
                    hint=Text(
                        "supports から外すか、評価を +1 以上にしてください。",
                        "Take it out of supports, or score it +1 or more.",
                    ),
                )


RULE = Rule(
    "SA601",
    "impact-contradiction",
    Severity.ERROR,
    Text(
        "supports に挙げた項目への影響を 0 以下と評価している",
        "A node in supports is scored 0 or below",
    ),
    check,
)
