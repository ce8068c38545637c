"""SA709: a node of a level the config names (``progress: {indicator_levels: […]}``) without a
plan-level indicator (大綱 ④: 上位施策に対して目標指標を設定). Off unless levels are named."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from .base import Rule


def check(context) -> Iterator[Finding]:
    levels = context.settings.progress.indicator_levels
    if not levels:
        return
    measured = set()
    if context.indicators is not None:
        measured = {item.indicator.on.casefold() for item in context.indicators.items}
    for node in context.framework.nodes.values():
        if node.level_key not in levels or node.id.casefold() in measured:
            continue
        if context.indicators is not None and context.indicators.may_be_on(node.id):
            continue  # an indicator that could not be read may be this node's
        yield RULE.at(
            Text(
                f"{node.id}（{node.label('ja')}）に成果指標がありません。",
                f"{node.id} ({node.label('en')}) has no plan-level indicator.",
            ),
            context.node_location(node.id),
            node=node.id,
            hint=Text(
                "成果指標ファイル（設定の indicators:）に on: "
                f"{node.id} の指標を加えてください。",
                f"Add an indicator with on: {node.id} to the indicators file (the config's "
                "indicators:).",
            ),
        )


RULE = Rule(
    "SA709",
    "missing-plan-indicator",
    Severity.WARNING,
    Text("成果指標のない上位の政策", "A plan node without a plan-level indicator"),
    check,
)
