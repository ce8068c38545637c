"""A networkx DiGraph whose many links of one kind share one attribute dictionary.

The alignment graph of 100,000 measures has some 250,000 links from measures, each with the
same attributes (``{"kind": "supports"}``); networkx gives every edge a dictionary of its own
(184 bytes). networkx documents sharing one as the way to a lighter graph (a subclass whose
``edge_attr_dict_factory`` returns it: "Subclasses (Advanced)" of ``networkx.Graph``). Here it
is shared only while :meth:`SharedEdgeGraph.add_shared_edges` adds such links: every other edge,
and every edge of a copy, has a dictionary of its own. The graph is not changed once built
(``graph.build_graph``): nothing writes to a shared dictionary.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx


class SharedEdgeGraph(nx.DiGraph):
    def __init__(self, incoming_graph_data=None, **attr):
        self._shared_edge_data: dict | None = None
        super().__init__(incoming_graph_data, **attr)

    def _edge_data(self) -> dict:
        shared = self._shared_edge_data
        return {} if shared is None else shared

    edge_attr_dict_factory = _edge_data

    def add_shared_edges(self, edges: Iterable[tuple[str, str]], data: dict) -> None:
        """Add ``edges``, each new one holding ``data`` itself (an edge already there keeps its
        own dictionary, updated with ``data`` as ``add_edges_from`` does)."""
        self._shared_edge_data = data
        try:
            self.add_edges_from(edges, **data)
        finally:
            self._shared_edge_data = None
