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
        if not served or loaded.left_out("supports"):
            continue  # an orphan (SA103 says so), or an id that could not be read
        for group in context.settings.required_frameworks:
            if served.isdisjoint(group):
                known = [g for g in group if g in framework.frameworks]
                titles_ja = "・".join(f"{g}「{framework.frameworks[g].title}」" for g in known)
                titles_en = " or ".join(
                    f"{g} ({framework.frameworks[g].title_en or framework.frameworks[g].title})"
                    for g in known
                )
                nodes_of = "のいずれのノードにも" if len(known) > 1 else "のノードに"
                yield RULE.at_measure(
                    loaded,
                    Text(
                        f"施策 {measure_id} は {titles_ja}{nodes_of}結びついていません。",
                        f"Measure {measure_id} supports no node of {titles_en}.",
                    ),
                    "supports",
                    hint=Text(
                        f"この施策が貢献する {'・'.join(known)} の ID を supports に加えてください。",
                        f"Add the id of the {' or '.join(known)} node this measure serves to "
                        "supports.",
                    ),
                )


RULE = Rule(
    "SA104",
    "missing-required-framework",
    Severity.WARNING,
    Text(
        "必須のフレームワーク（設定の required_frameworks。既定は基本計画か条例で、どちらも"
        "ない体系では確かめない）に結びつかない施策",
        "A measure that serves no node of a required framework (required_frameworks; by "
        "default the plan or the ordinance, not checked in a framework that has neither)",
    ),
    check,
)
