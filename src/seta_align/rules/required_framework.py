"""SA104: a measure that serves no node of a framework every measure must serve."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..graph import supported_nodes
from ..i18n import Text
from .base import Rule


def check(context) -> Iterator[Finding]:
    framework = context.framework
    for measure_id, loaded in context.measures.items():
        served = {framework.nodes[n].framework for n in supported_nodes(context.graph, measure_id)}
        if not served:
            continue  # an orphan: SA103 already says so
        for group in context.settings.required_frameworks:
            if served.isdisjoint(group):
                known = [g for g in group if g in framework.frameworks]
                titles_ja = "・".join(f"{g}「{framework.frameworks[g].title}」" for g in known)
                titles_en = " or ".join(
                    f"{g} ({framework.frameworks[g].title_en or framework.frameworks[g].title})"
                    for g in known
                )
                either = "のいずれ" if len(known) > 1 else ""
                yield RULE.at_measure(
                    loaded,
                    Text(
                        f"施策 {measure_id} は {titles_ja}{either}のノードにも結びついていません。",
                        f"Measure {measure_id} supports no node of {titles_en}.",
                    ),
                    "supports",
                    hint=Text(
                        "この施策が貢献する基本計画・条例の項目を supports に加えてください。",
                        "Add the plan or ordinance node this measure serves to supports.",
                    ),
                )


RULE = Rule(
    "SA104",
    "missing-required-framework",
    Severity.WARNING,
    Text(
        "必須のフレームワーク（既定: 基本計画か条例）に結びつかない施策",
        "A measure that serves no node of a required framework (default: plan or ordinance)",
    ),
    check,
)
