"""The alignment graph: frameworks and measures as one typed networkx DiGraph.

Node attribute ``kind`` is ``"framework"`` or ``"measure"``. Edge attribute ``kind`` is
``"parent"`` (framework node → its child), ``"supports"`` (measure → framework node),
``"depends_on"`` (measure → measure it depends on) or ``"relation"`` (framework node → framework
node, with ``type`` from the framework file). Links to unknown ids are not edges: the
unknown-reference rule reports them.
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from .framework import Framework
from .measures import LoadedMeasure

FRAMEWORK = "framework"
MEASURE = "measure"
PARENT = "parent"
SUPPORTS = "supports"
DEPENDS_ON = "depends_on"
RELATION = "relation"


def build_graph(framework: Framework, measures: dict[str, LoadedMeasure]) -> nx.DiGraph:
    graph = nx.DiGraph()
    for node in framework.nodes.values():
        graph.add_node(
            node.id,
            kind=FRAMEWORK,
            framework=node.framework,
            level=node.level,
            fields=node.fields,
            title=node.title,
        )
    for node in framework.nodes.values():
        if node.parent is not None:
            graph.add_edge(node.parent, node.id, kind=PARENT)
    for relation in framework.relations:
        graph.add_edge(relation.source, relation.target, kind=RELATION, type=relation.type)

    for measure_id, loaded in measures.items():
        measure = loaded.measure
        graph.add_node(
            measure_id,
            kind=MEASURE,
            field=measure.field,
            owner=measure.owner,
            title=measure.title,
            file=loaded.file,
        )
    for measure_id, loaded in measures.items():
        for target in loaded.measure.supports:
            if graph.nodes.get(target, {}).get("kind") == FRAMEWORK:
                graph.add_edge(measure_id, target, kind=SUPPORTS)
        for target in loaded.measure.depends_on:
            if graph.nodes.get(target, {}).get("kind") == MEASURE:
                graph.add_edge(measure_id, target, kind=DEPENDS_ON)
    return graph


def edges_of_kind(graph: nx.DiGraph, kind: str) -> Iterator[tuple[str, str]]:
    for source, target, data in graph.edges(data=True):
        if data["kind"] == kind:
            yield source, target


def supported_nodes(graph: nx.DiGraph, measure_id: str) -> list[str]:
    return [t for t, data in graph.adj[measure_id].items() if data["kind"] == SUPPORTS]


def dependency_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """The measures and their depends_on edges only."""
    return graph.edge_subgraph(edges_of_kind(graph, DEPENDS_ON))
