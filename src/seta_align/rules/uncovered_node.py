"""SA201: a framework node that no measure serves, directly or through a descendant."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from .base import Rule


def check(context) -> Iterator[Finding]:
    framework = context.framework
    coverage = context.coverage
    for node in framework.nodes.values():
        if coverage.is_covered(node.id) or node.id in coverage.waived:
            continue
        if not context.warns_uncovered(node.level_key):
            continue
        # Report the highest uncovered node only: its uncovered children add nothing new.
        parent = node.parent
        if (
            parent is not None
            and not coverage.is_covered(parent)
            and parent not in coverage.waived
            and context.warns_uncovered(framework.nodes[parent].level_key)
        ):
            continue
        level = framework.level(node.level_key)
        yield RULE.at(
            Text(
                f"{node.id}「{node.label('ja')}」（{level.title}）に貢献する施策がありません。",
                f"No measure serves {node.id} '{node.label('en')}' "
                f"({level.title_en or level.title}).",
            ),
            context.node_location(node.id),
            node=node.id,
            hint=Text(
                "貢献する施策の supports に加えるか、対象外なら設定ファイルの waivers に理由を"
                "書いてください。",
                "Add it to the supports of a measure that serves it, or waive it with a reason "
                "under waivers in the config file.",
            ),
            level=node.level_key,
        )


RULE = Rule(
    "SA201",
    "uncovered-node",
    Severity.WARNING,
    Text(
        "どの施策も貢献していない政策・目標（下位ノード経由も含めて）",
        "A framework node that no measure serves, directly or through a descendant",
    ),
    check,
    whole_draft=True,
)
