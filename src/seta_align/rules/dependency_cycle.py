"""SA502: measures that depend on each other in a circle (no order can carry them out)."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..graph import dependency_graph
from ..i18n import Text
from .base import Rule


def check(context) -> Iterator[Finding]:
    import networkx as nx  # here, so reading settings never pays for importing it

    dependencies = dependency_graph(context.graph)
    # One finding per strongly connected component: linear, unlike listing every cycle.
    for component in nx.strongly_connected_components(dependencies):
        members = sorted(component)
        if len(members) == 1 and not dependencies.has_edge(members[0], members[0]):
            continue
        cycle = [
            edge[0] for edge in nx.find_cycle(dependencies.subgraph(members), source=members[0])
        ]
        path = " → ".join([*cycle, cycle[0]])
        yield _finding(context.measures[cycle[0]], path, members)


def _finding(first, path: str, members: list[str]) -> Finding:
    finding = RULE.at_measure(
        first,
        Text(f"depends_on が循環しています: {path}", f"depends_on forms a cycle: {path}"),
        "depends_on",
        hint=Text(
            "循環の中のどれか1つの depends_on を外してください。",
            "Remove one depends_on link of the cycle.",
        ),
    )
    finding.extra["measures"] = members
    return finding


RULE = Rule(
    "SA502",
    "dependency-cycle",
    Severity.ERROR,
    Text("施策の依存関係（depends_on）が循環している", "Measures depend on each other in a cycle"),
    check,
)
