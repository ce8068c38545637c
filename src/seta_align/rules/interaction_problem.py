"""SA606: problems of the interactions file — an id the framework does not have (with a
did-you-mean), a target interacting with itself, and one pair listed twice with different
scores (both places named)."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Location, Severity
from ..i18n import Text
from .base import Rule


def check(context) -> Iterator[Finding]:
    interactions = context.interactions
    if interactions is None:
        return
    nodes = context.framework.nodes
    first: dict[tuple[str, str], int] = {}
    for index, item in enumerate(interactions.items):
        for key, end in (("from", item.source), ("to", item.target)):
            if end in nodes:
                continue
            guess = context.node_index.suggest(end)
            message = Text(
                f"相互作用の {key}「{end}」という ID はフレームワークにありません。",
                f"Interaction {key}: unknown id '{end}'.",
            )
            if guess:
                message += Text(f"「{guess}」の誤りではありませんか？", f" Did you mean '{guess}'?")
            yield _at(interactions, index, key, message)
        if item.source == item.target:
            yield _at(
                interactions,
                index,
                "to",
                Text(
                    f"{item.source} が自分自身と相互作用しています。",
                    f"{item.source} interacts with itself.",
                ),
            )
            continue
        pair = (item.source, item.target)
        if pair in first:
            earlier = interactions.items[first[pair]]
            if earlier.score != item.score:
                line, _ = interactions.locate(first[pair])
                yield _at(
                    interactions,
                    index,
                    "score",
                    Text(
                        f"{item.source} → {item.target} が2回、違う評価（{earlier.score:+d} と "
                        f"{item.score:+d}）で書かれています（最初は {line} 行目）。",
                        f"{item.source} → {item.target} is listed twice with different scores "
                        f"({earlier.score:+d} and {item.score:+d}; first on line {line}).",
                    ),
                )
        else:
            first[pair] = index


def _at(interactions, index: int, key: str, message: Text) -> Finding:
    line, column = interactions.locate(index, key)
    return Finding(
        code=RULE.code,
        name=RULE.name,
        severity=RULE.severity,
        message=message,
        location=Location(interactions.file, line, column),
        hint=Text(
            "相互作用ファイルを直してください（未評価の組は書かずにおきます）。",
            "Fix the interactions file (a pair not assessed is simply left out).",
        ),
    )


RULE = Rule(
    "SA606",
    "interaction-problem",
    Severity.ERROR,
    Text("相互作用ファイルの誤り", "A problem in the interactions file"),
    check,
)
