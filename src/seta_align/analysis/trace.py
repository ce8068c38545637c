"""Tracing one id through the alignment graph: what a measure serves, what serves a node.

Plain functions over a checked draft's context (framework, graph, coverage), used by
``seta-align trace`` and, for resolving ids typed on the command line, by ``seta-align graph``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ..graph import DEPENDS_ON, supported_nodes
from ..i18n import Text
from ..suggest import IdIndex, normalise_id

if TYPE_CHECKING:
    from ..engine import CheckContext

# The framework whose goals are shown as "the SDGs a measure serves" (with their colours).
SDG_FRAMEWORK = "SDG"

MEASURE = "measure"
NODE = "node"


@dataclass(frozen=True, slots=True)
class Resolved:
    """An id typed by the user: the measure or framework node it names, or a suggestion."""

    query: str
    id: str | None
    kind: Literal["measure", "node"] | None
    suggestion: str | None = None

    @property
    def normalised(self) -> bool:
        """The id was found only after normalising (full width, dashes, case)."""
        return self.id is not None and self.id != self.query

    def info(self) -> Text:
        return Text(
            f"「{self.query}」を {self.id} として扱います（全角・大文字小文字などを正規化しました）。",
            f"Reading '{self.query}' as {self.id} (normalised width, dashes and case).",
        )

    def error(self) -> Text:
        message = Text(
            f"ID「{self.query}」はフレームワークにも施策にもありません。",
            f"'{self.query}' is neither a framework node nor a measure.",
        )
        if self.suggestion is not None:
            return message + Text(
                f" もしかして {self.suggestion} ですか？", f" Did you mean {self.suggestion}?"
            )
        return message + Text(
            "（ノードの一覧: seta-align check --show coverage）",
            " (List the nodes with: seta-align check --show coverage.)",
        )


def resolve_id(context: CheckContext, query: str) -> Resolved:
    """The measure or framework node ``query`` names, exactly or after :func:`normalise_id`."""
    if query in context.framework.nodes:
        return Resolved(query, query, NODE)
    if query in context.measures:
        return Resolved(query, query, MEASURE)
    index = IdIndex([*context.framework.nodes, *context.measures])
    candidate = index.suggest(query)
    if candidate is not None and normalise_id(candidate) == normalise_id(query):
        kind = NODE if candidate in context.framework.nodes else MEASURE
        return Resolved(query, candidate, kind)
    return Resolved(query, None, None, candidate)


# --- A measure ---------------------------------------------------------------------------------


@dataclass(slots=True)
class SdgGoal:
    """An SDG goal a measure serves: directly (``direct``) or through some of its targets."""

    id: str
    color: str | None
    direct: bool = False
    targets: list[str] = field(default_factory=list)


@dataclass(slots=True)
class MeasureTrace:
    measure_id: str
    # framework id -> paths, each from a node the measure supports up to the framework's root
    # (["ORD-1.2", "ORD-1"]); frameworks in file order, paths in the order of `supports`.
    paths: dict[str, list[list[str]]]
    sdg_goals: list[SdgGoal]
    depends_on: list[str]
    depended_on_by: list[str]
    # supports / depends_on entries that name nothing (the check reports them as SA102)
    unknown_supports: list[str]
    unknown_depends_on: list[str]


def trace_measure(context: CheckContext, measure_id: str) -> MeasureTrace:
    framework = context.framework
    graph = context.graph
    measure = context.measures[measure_id].measure

    by_framework: dict[str, list[list[str]]] = {}
    for node_id in supported_nodes(graph, measure_id):
        path = [node_id, *framework.ancestors(node_id)]
        by_framework.setdefault(framework.nodes[node_id].framework, []).append(path)
    paths = {f: by_framework[f] for f in framework.frameworks if f in by_framework}

    goals: dict[str, SdgGoal] = {}
    for path in paths.get(SDG_FRAMEWORK, []):
        goal_id = path[-1]
        goal = goals.setdefault(goal_id, SdgGoal(goal_id, _colour(context, goal_id)))
        if len(path) == 1:
            goal.direct = True
        elif path[0] not in goal.targets:
            goal.targets.append(path[0])
    order = {node_id: index for index, node_id in enumerate(framework.nodes)}
    for goal in goals.values():
        goal.targets.sort(key=order.__getitem__)
    sdg_goals = sorted(goals.values(), key=lambda g: order[g.id])

    depends_on = [t for t, data in graph.adj[measure_id].items() if data["kind"] == DEPENDS_ON]
    depended_on_by = sorted(
        s for s, data in graph.pred[measure_id].items() if data["kind"] == DEPENDS_ON
    )
    supported = set(supported_nodes(graph, measure_id))
    return MeasureTrace(
        measure_id=measure_id,
        paths=paths,
        sdg_goals=sdg_goals,
        depends_on=depends_on,
        depended_on_by=depended_on_by,
        unknown_supports=_unique(s for s in measure.supports if s not in supported),
        unknown_depends_on=_unique(d for d in measure.depends_on if d not in depends_on),
    )


def _colour(context: CheckContext, node_id: str) -> str | None:
    """The node's colour, or its nearest ancestor's (an SDG target takes its goal's)."""
    framework = context.framework
    for current in (node_id, *framework.ancestors(node_id)):
        if framework.nodes[current].color:
            return framework.nodes[current].color
    return None


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))


# --- A framework node --------------------------------------------------------------------------


@dataclass(slots=True)
class ServingMeasure:
    id: str
    # The node itself and/or its descendants that the measure supports, in framework order.
    via: list[str]


@dataclass(slots=True)
class RelationLink:
    direction: Literal["outgoing", "incoming"]
    other: str
    type: str
    note: str | None


@dataclass(slots=True)
class NodeTrace:
    node_id: str
    ancestors: list[str]  # parent first, up to the root
    measures: list[ServingMeasure]  # sorted by id
    by_owner: dict[str, list[str]]  # owner (所管) -> measure ids; owners sorted
    by_field: dict[str, list[str]]  # field (分野) -> measure ids; fields in framework order
    relations: list[RelationLink]  # in the framework file's order


def trace_node(context: CheckContext, node_id: str) -> NodeTrace:
    framework = context.framework
    order = {identifier: index for index, identifier in enumerate(framework.nodes)}
    subtree = sorted([node_id, *framework.descendants(node_id)], key=order.__getitem__)
    via: dict[str, list[str]] = {}
    for current in subtree:
        for measure_id in context.coverage.direct.get(current, []):
            if current not in via.setdefault(measure_id, []):
                via[measure_id].append(current)
    measures = [ServingMeasure(m, via[m]) for m in sorted(via)]

    by_owner: dict[str, list[str]] = {}
    by_field: dict[str, list[str]] = {}
    for serving in measures:
        measure = context.measures[serving.id].measure
        by_owner.setdefault(measure.owner, []).append(serving.id)
        by_field.setdefault(measure.field, []).append(serving.id)
    field_order = {f: index for index, f in enumerate(framework.fields)}
    ordered_fields = sorted(by_field, key=lambda f: (field_order.get(f, len(field_order)), f))

    relations: list[RelationLink] = []
    for relation in framework.relations:
        if relation.source == node_id:
            relations.append(
                RelationLink("outgoing", relation.target, relation.type, relation.note)
            )
        if relation.target == node_id:
            relations.append(
                RelationLink("incoming", relation.source, relation.type, relation.note)
            )
    return NodeTrace(
        node_id=node_id,
        ancestors=list(framework.ancestors(node_id)),
        measures=measures,
        by_owner={owner: by_owner[owner] for owner in sorted(by_owner)},
        by_field={f: by_field[f] for f in ordered_fields},
        relations=relations,
    )
