"""SA203: a waiver that names no framework node, or waives a node that is now served."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from .base import Rule


def check(context) -> Iterator[Finding]:
    first_index: dict[str, int] = {}
    for index, waiver in enumerate(context.settings.waivers):
        location = context.config_location("waivers", index, "node")
        if waiver.node in first_index:
            line = context.settings.locate("waivers", first_index[waiver.node], "node")[0]
            yield RULE.at(
                Text(
                    f"{waiver.node} の waiver が重複しています（最初は {line} 行目）。"
                    "最初の理由が使われます。",
                    f"{waiver.node} is waived twice (first on line {line}); the first reason "
                    "is used.",
                ),
                location,
                node=waiver.node,
                hint=Text("どちらか一方を削除してください。", "Delete one of them."),
            )
            continue
        first_index[waiver.node] = index
        if waiver.node not in context.framework.nodes:
            guess = context.node_index.suggest(waiver.node)
            message = Text(
                f"waivers の「{waiver.node}」という ID はありません。",
                f"waivers: unknown id '{waiver.node}'.",
            )
            if guess:
                message += Text(f"「{guess}」の誤りではありませんか？", f" Did you mean '{guess}'?")
            yield RULE.at(
                message,
                location,
                node=waiver.node,
                hint=Text(
                    "ID の一覧は seta-align check --show coverage で確認できます。",
                    "'seta-align check --show coverage' lists every id.",
                ),
            )
        elif context.coverage.is_covered(waiver.node):
            served_by = sorted(context.coverage.covering[waiver.node])
            yield RULE.at(
                Text(
                    f"{waiver.node} は対象外とされていますが、施策 {', '.join(served_by[:5])} が"
                    "貢献しています。",
                    f"{waiver.node} is waived but measure(s) {', '.join(served_by[:5])} serve it.",
                ),
                location,
                node=waiver.node,
                hint=Text("不要になった waiver を削除してください。", "Remove the stale waiver."),
            )


RULE = Rule(
    "SA203",
    "invalid-waiver",
    Severity.WARNING,
    Text(
        "存在しない ID、またはすでに施策が貢献しているノードへの waiver",
        "A waiver of an unknown id, or of a node that measures now serve",
    ),
    check,
    whole_draft=True,
)
