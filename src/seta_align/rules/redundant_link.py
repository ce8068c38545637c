"""SA501: a measure supports a node and also one of its ancestors (the ancestor link adds
nothing: support of a node already counts for every ancestor)."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from .base import Rule


def check(context) -> Iterator[Finding]:
    nodes = context.framework.nodes
    for loaded in context.measures.values():
        supports = loaded.measure.supports
        linked = {target for target in supports if target in nodes}
        above = {node for n in linked for node in context.framework.ancestors(n)}
        if not above & linked:
            continue  # the usual case: no linked node lies above another
        for index, target in enumerate(supports):
            if target not in nodes or target not in above:
                continue
            below = [n for n in linked if n != target and target in context.framework.ancestors(n)]
            if below:
                yield RULE.at_measure(
                    loaded,
                    Text(
                        f"supports の {target} は、同じく挙げている {', '.join(sorted(below))} の"
                        "上位ノードなので不要です。",
                        f"supports: {target} is an ancestor of {', '.join(sorted(below))}, which "
                        "is also listed; the ancestor link is redundant.",
                    ),
                    "supports",
                    index,
                    node=target,
                    hint=Text(
                        "より具体的なノードだけを残してください。",
                        "Keep only the more specific node.",
                    ),
                )


RULE = Rule(
    "SA501",
    "redundant-link",
    Severity.INFO,
    Text(
        "あるノードとその上位ノードの両方に結びつけている",
        "A measure supports a node and one of its ancestors",
    ),
    check,
)
