"""SA201: a framework node that no measure serves, directly or through a descendant."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from .base import Rule


def check(context) -> Iterator[Finding]:
    framework = context.framework
    coverage = context.coverage
    settings = context.settings.coverage
    for node in framework.nodes.values():
        if coverage.is_covered(node.id) or node.id in coverage.waived:
            continue
        level = framework.level(node.level_key)
        level_setting = settings.get(node.level_key)
        warn = level.warn_uncovered
        if level_setting is not None and level_setting.warn_uncovered is not None:
            warn = level_setting.warn_uncovered
        if not warn:
            continue
        # Report the highest uncovered node only: its uncovered children add nothing new.
        if (
            node.parent is not None
            and not coverage.is_covered(node.parent)
            and node.parent not in coverage.waived
            and _warns(context, node.parent)
        ):
            continue
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


def _warns(context, node_id: str) -> bool:
    node = context.framework.nodes[node_id]
    level = context.framework.level(node.level_key)
    setting = context.settings.coverage.get(node.level_key)
    if setting is not None and setting.warn_uncovered is not None:
        return setting.warn_uncovered
    return level.warn_uncovered


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
