"""SA607: a measure that scores an impact on itself: a reference that makes no sense (an
impact is on a framework node or on another measure)."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from .base import Rule


def check(context) -> Iterator[Finding]:
    for measure_id, loaded in context.assessed():
        for index, impact in enumerate(loaded.measure.impacts):
            if impact.on != measure_id:  # ids are canonical once read (another case: SA004)
                continue
            yield RULE.at_measure(
                loaded,
                Text(
                    f"施策 {measure_id} が自分自身（{impact.on}）への影響を評価しています。",
                    f"Measure {measure_id} scores an impact on itself ({impact.on}).",
                ),
                "impacts",
                index,
                "on",
                node=impact.on,
                hint=Text(
                    "on には、この施策が影響する政策・目標の ID か、他の施策の ID を書いて"
                    "ください。",
                    "Under on, name the framework node or the other measure it affects.",
                ),
            )


RULE = Rule(
    "SA607",
    "impact-on-itself",
    Severity.ERROR,
    Text("施策が自分自身への影響を評価している", "A measure scoring an impact on itself"),
    check,
)
