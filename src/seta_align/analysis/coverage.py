"""Which framework nodes the measures serve, directly or through a descendant."""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from ..graph import SUPPORTS, edges_of_kind
from ..loading.framework import Framework, Level


@dataclass(slots=True)
class LevelCoverage:
    level: Level
    total: int = 0
    covered: int = 0
    waived: int = 0  # waived and not covered
    minimum: float | None = None  # the user's threshold, in percent

    @property
    def percent(self) -> float:
        """Covered share of the nodes that count: waived nodes are taken out of the total."""
        counted = self.total - self.waived
        return 100.0 * self.covered / counted if counted else 100.0

    @property
    def below_minimum(self) -> bool:
        return self.minimum is not None and self.percent + 1e-9 < self.minimum


@dataclass(slots=True)
class Coverage:
    # node id -> measures that support it directly
    direct: dict[str, list[str]] = field(default_factory=dict)
    # node id -> measures that support it or one of its descendants
    covering: dict[str, set[str]] = field(default_factory=dict)
    # node id -> the waiver reason, for waived nodes and their descendants
    waived: dict[str, str] = field(default_factory=dict)
    levels: dict[str, LevelCoverage] = field(default_factory=dict)

    def is_covered(self, node_id: str) -> bool:
        return bool(self.covering.get(node_id))


def compute_coverage(
    graph: nx.DiGraph,
    framework: Framework,
    waivers: dict[str, str],
    minimums: dict[str, float],
) -> Coverage:
    """Coverage of every node and level; linear in links × framework depth.

    >>> coverage.levels["ORD.vision_goal"].covered  # doctest: +SKIP
    11
    """
    result = Coverage()
    for measure_id, node_id in edges_of_kind(graph, SUPPORTS):
        result.direct.setdefault(node_id, []).append(measure_id)
        result.covering.setdefault(node_id, set()).add(measure_id)
        for ancestor in framework.ancestors(node_id):
            result.covering.setdefault(ancestor, set()).add(measure_id)

    for node_id, reason in waivers.items():
        if node_id in framework.nodes:
            result.waived[node_id] = reason
            for descendant in framework.descendants(node_id):
                result.waived.setdefault(descendant, reason)

    for level in framework.levels():
        result.levels[level.key] = LevelCoverage(level, minimum=minimums.get(level.key))
    for node in framework.nodes.values():
        stats = result.levels[node.level_key]
        stats.total += 1
        if result.is_covered(node.id):
            stats.covered += 1
        elif node.id in result.waived:
            stats.waived += 1
    # Levels no node uses (a framework may declare more than it has) are not reported.
    result.levels = {key: stats for key, stats in result.levels.items() if stats.total}
    return result
