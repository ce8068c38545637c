"""The alignment graph: frameworks and measures as one typed networkx DiGraph.

Node attribute ``kind`` is ``"framework"`` or ``"measure"``. Edge attribute ``kind`` is
``"parent"`` (framework node → its child), ``"supports"`` (measure → framework node),
``"depends_on"`` (measure → measure it depends on) or ``"relation"`` (framework node → framework
node, with ``type`` from the framework file). Links to unknown ids are not edges: the
unknown-reference rule reports them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .loading.framework import Framework
from .loading.measures import LoadedMeasure

if TYPE_CHECKING:  # imported where a graph is built: the rules import this module to read one
    import networkx as nx

FRAMEWORK = "framework"
MEASURE = "measure"
PARENT = "parent"
SUPPORTS = "supports"
DEPENDS_ON = "depends_on"
RELATION = "relation"


def release(graph: nx.DiGraph) -> None:
    """Free a graph's nodes and links now, when nothing more will read it. networkx keeps
    views of a graph on the graph (``graph.edges``, ``graph.nodes`` …) that refer back to it,
    so a graph let go is freed only by a full collection, which the CLI runs seldom
    (cli.tune_garbage_collector): about 100 MB held to the end at 100,000 measures."""
    graph.clear()


def build_graph(framework: Framework, measures: dict[str, LoadedMeasure]) -> nx.DiGraph:
    from .shared_edges import SharedEdgeGraph

    graph = SharedEdgeGraph()
    graph.add_nodes_from(
        (
            node.id,
            {
                "kind": FRAMEWORK,
                "framework": node.framework,
                "level": node.level,
                "fields": node.fields,
                "title": node.title,
            },
        )
        for node in framework.nodes.values()
    )
    for node in framework.nodes.values():
        if node.parent is not None:
            graph.add_edge(node.parent, node.id, kind=PARENT)
    for relation in framework.relations:
        graph.add_edge(relation.source, relation.target, kind=RELATION, type=relation.type)
    # A relation between a parent and its child replaces the parent edge: list what is there.
    by_kind: dict[str, list[tuple[str, str]]] = {PARENT: [], RELATION: []}
    for source, target, data in graph.edges(data=True):
        by_kind[data["kind"]].append((source, target))
    by_kind[SUPPORTS] = []
    by_kind[DEPENDS_ON] = []

    graph.add_nodes_from(
        (
            measure_id,
            {
                "kind": MEASURE,
                "field": loaded.measure.field,
                "owner": loaded.measure.owner,
                "title": loaded.measure.title,
                "file": loaded.file,
            },
        )
        for measure_id, loaded in measures.items()
    )
    kinds = {node_id: data["kind"] for node_id, data in graph.nodes(data=True)}
    supports_of: dict[str, list[str]] = {}
    for measure_id, loaded in measures.items():
        served = supports_of[measure_id] = []
        for target in loaded.measure.supports:
            if kinds.get(target) == FRAMEWORK and target not in served:
                served.append(target)
                by_kind[SUPPORTS].append((measure_id, target))
        for target in loaded.measure.depends_on:
            if kinds.get(target) == MEASURE:
                by_kind[DEPENDS_ON].append((measure_id, target))
    graph.add_shared_edges(by_kind[SUPPORTS], {"kind": SUPPORTS})
    graph.add_shared_edges(by_kind[DEPENDS_ON], {"kind": DEPENDS_ON})
    # The checks ask for the links of one kind again and again; networkx would scan every edge
    # each time. The graph is not changed after it is built, so an index made here stays true.
    # (An edge listed twice in a file is one edge, as in the graph.) A measure's supports are
    # listed once already, in supports_of: edges_of_kind reads them there.
    del by_kind[SUPPORTS]
    graph.graph[_BY_KIND] = {kind: list(dict.fromkeys(edges)) for kind, edges in by_kind.items()}
    graph.graph[_SUPPORTS_OF] = supports_of
    return graph


_BY_KIND = "seta_align_edges_by_kind"
_SUPPORTS_OF = "seta_align_supports_of"


def edges_of_kind(graph: nx.DiGraph, kind: str) -> Iterator[tuple[str, str]]:
    index = graph.graph.get(_BY_KIND)
    if index is not None:
        if kind == SUPPORTS:
            for measure_id, served in graph.graph[_SUPPORTS_OF].items():
                for node_id in served:
                    yield measure_id, node_id
        else:
            yield from index[kind]
        return
    for source, target, data in graph.edges(data=True):
        if data["kind"] == kind:
            yield source, target


def supported_nodes(graph: nx.DiGraph, measure_id: str) -> list[str]:
    index = graph.graph.get(_SUPPORTS_OF)
    if index is not None:
        return list(index.get(measure_id, ()))
    return [t for t, data in graph.adj[measure_id].items() if data["kind"] == SUPPORTS]


def dependency_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """The measures and their depends_on edges only."""
    import networkx as nx

    dependencies = nx.DiGraph()
    dependencies.add_edges_from(edges_of_kind(graph, DEPENDS_ON))
    return dependencies
