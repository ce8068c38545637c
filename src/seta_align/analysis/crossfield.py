"""Cross-field (分野横断) analysis: which fields each link connects."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from ..graph import MEASURE, SUPPORTS, edges_of_kind
from ..loading.framework import Framework
from .coverage import Coverage


@dataclass(slots=True)
class CrossField:
    fields: list[str]
    # (measure's field, node's field) -> number of links
    matrix: Counter = field(default_factory=Counter)
    # measure id -> the fields it reaches (its own first)
    cross_field_measures: dict[str, list[str]] = field(default_factory=dict)
    # cross-field node id (e.g. a priority policy) -> fields of the measures that serve it
    node_fields: dict[str, list[str]] = field(default_factory=dict)


def node_fields(framework: Framework, node_id: str) -> tuple[str, ...]:
    """A node's fields, or its nearest ancestor's when it names none."""
    current: str | None = node_id
    while current is not None:
        node = framework.nodes[current]
        if node.fields:
            return node.fields
        current = node.parent
    return ()


def compute_cross_field(
    graph: nx.DiGraph,
    framework: Framework,
    coverage: Coverage,
    cross_field_levels: tuple[str, ...],
) -> CrossField:
    all_fields = list(framework.fields)
    result = CrossField(fields=all_fields)
    # A node that belongs to every field (the direction, the principles) says nothing about
    # crossing fields: it is left out of the matrix and does not make a measure cross-field.
    universal = set(all_fields)
    own_field = {
        node_id: data["field"]
        for node_id, data in graph.nodes(data=True)
        if data["kind"] == MEASURE
    }
    # The fields of each framework node, worked out once (not once per link); none for a node
    # of every field.
    fields_of: dict[str, tuple[str, ...]] = {}
    reached: dict[str, set[str]] = {}
    for measure_id, node_id in edges_of_kind(graph, SUPPORTS):
        targets = fields_of.get(node_id)
        if targets is None:
            targets = node_fields(framework, node_id)
            targets = fields_of[node_id] = () if set(targets) == universal else targets
        if not targets:
            continue
        own = own_field[measure_id]
        for target_field in targets:
            result.matrix[(own, target_field)] += 1
        reached.setdefault(measure_id, set()).update(targets)
    for measure_id, own in own_field.items():
        others = reached.get(measure_id, set()) - {own}
        if others:
            ordered = [own] + [f for f in all_fields if f in others]
            result.cross_field_measures[measure_id] = ordered
    levels = set(cross_field_levels)
    for node in framework.nodes.values():
        if node.level_key in levels:
            served_by = coverage.covering.get(node.id, set())
            present = {own_field[m] for m in served_by}
            result.node_fields[node.id] = [f for f in all_fields if f in present] + sorted(
                present - set(all_fields)
            )
    return result
