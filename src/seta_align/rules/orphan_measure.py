"""SA103: a measure that serves no framework node at all."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..graph import supported_nodes
from ..i18n import Text
from .base import Rule


def check(context) -> Iterator[Finding]:
    hint = _hint(context.framework)
    for measure_id, loaded in context.measures.items():
        if supported_nodes(context.graph, measure_id) or loaded.left_out("supports"):
            continue  # an id of supports that could not be read may be the one it serves
        if loaded.measure.supports:
            message = Text(
                f"施策 {measure_id} の supports に有効な ID が1つもありません。",
                f"Measure {measure_id} supports no existing framework node.",
            )
        else:
            message = Text(
                f"施策 {measure_id} はどの政策・目標にも結びついていません（supports が空）。",
                f"Measure {measure_id} serves no policy or goal (supports is empty).",
            )
        yield RULE.at_measure(
            loaded,
            message,
            "supports" if loaded.measure.supports else "id",
            hint=hint,
        )


def _hint(framework) -> Text:
    """Where to point a measure: in Setagaya's words for its frameworks, else by the titles of
    the frameworks in use."""
    if "PLAN" in framework.frameworks or "ORD" in framework.frameworks:
        return Text(
            "supports に、この施策が貢献する重点政策・条例の目指す姿・SDGs ターゲットの ID を"
            "書いてください。",
            "Under supports, list the ids of the priority policies, vision goals or SDG "
            "targets this measure serves.",
        )
    titles = list(framework.frameworks.values())
    return Text(
        "supports に、この施策が貢献する政策・目標（"
        + "、".join(info.title for info in titles)
        + "）の ID を書いてください。",
        "Under supports, list the ids of the nodes this measure serves ("
        + ", ".join(info.title_en or info.title for info in titles)
        + ").",
    )


RULE = Rule(
    "SA103",
    "orphan-measure",
    Severity.ERROR,
    Text("どの政策・目標にも結びつかない施策", "A measure that serves no framework node"),
    check,
)
