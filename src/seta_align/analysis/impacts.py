"""Impact pre-assessment (影響の予測評価): how each measure helps or harms the goals, directly and
through the municipality's cross-impact matrix, and where the draft's synergies and trade-offs
are. Plain functions over the checked draft (see docs/impacts.md for the method).

The scale is Nilsson et al. (2016): +3 indivisible … 0 consistent … −3 cancelling.

- A measure's **direct impacts**: every ``impacts:`` entry, and every node in ``supports`` at +1
  unless ``impacts`` scores it higher (a score of 0 or less there is a contradiction, SA601,
  and the node still counts +1, as ``supports`` says).
- **Second-order impacts**: a measure that impacts A with score s, where A interacts with B with
  score t (the interactions file), reaches B with s·t/3 — the product keeps the sign rules of
  the scale (helping something that hinders B hinders B), and dividing by 3 keeps it on the
  same scale as one direct impact.
- **Influence** (SEI's SDG Synergies): for each target of the matrix, the row sum (how much it
  drives others), the column sum (how much others drive it), both also over positive and over
  negative scores only, and the row sum of the matrix squared (second-order influence).
- **Synergy clusters**: communities of the graph of positive impacts and interactions (Louvain,
  with a fixed seed so every run gives the same clusters), each with the fields and owners of
  its measures; a cluster of measures of two or more fields is cross-field work (分野横断).
- **Trade-offs**: every negative impact or interaction, with its severity, who is on each side,
  and whether a mitigation is written.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..models import IMPACT_SCALE

SEED = 20240401  # Louvain's seed: the same clusters on every run


@dataclass(slots=True)
class DirectImpact:
    measure: str
    on: str
    score: int
    assessed: bool  # written under impacts (else: +1 from supports)
    note: str | None = None
    mitigation: str | None = None
    evidence: str | None = None


@dataclass(slots=True)
class MeasureProfile:
    measure: str
    owner: str
    field: str
    direct: list[DirectImpact]
    positive: int  # sum of the positive direct scores
    negative: int  # sum of the negative direct scores
    sdg_goals: list[str]  # SDG goals touched (directly or through a target)
    plan_nodes: int  # non-SDG framework nodes touched
    second_order: dict[str, float]  # node -> Σ s·t/3
    net: float  # positive + negative + Σ second order


@dataclass(slots=True)
class NodeImpacts:
    node: str
    positive: list[DirectImpact] = field(default_factory=list)
    negative: list[DirectImpact] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)

    @property
    def contested(self) -> bool:
        return bool(self.positive) and bool(self.negative)


@dataclass(slots=True)
class Influence:
    id: str
    out_sum: int
    in_sum: int
    out_positive: int
    out_negative: int
    in_positive: int
    in_negative: int
    second_order: int  # row sum of the matrix squared


@dataclass(slots=True)
class Cluster:
    members: list[str]  # measures and nodes, sorted
    measures: list[str]
    fields: list[str]
    owners: list[str]

    @property
    def cross_field(self) -> bool:
        return len(self.fields) >= 2


@dataclass(slots=True)
class TradeOff:
    source: str  # a measure, or a target of the matrix
    target: str
    score: int
    kind: str  # "impact" or "interaction"
    mitigated: bool | None  # None for an interaction (no mitigation field)
    source_owners: list[str]
    target_owners: list[str]  # owners of the measures that help the target
    note: str | None = None
    mitigation: str | None = None


@dataclass(slots=True)
class ImpactAnalysis:
    profiles: dict[str, MeasureProfile]
    nodes: dict[str, NodeImpacts]
    influence: dict[str, Influence]  # targets of the interaction matrix
    measure_influence: dict[str, Influence]
    clusters: list[Cluster]
    trade_offs: list[TradeOff]
    goal_balance: dict[str, tuple[int, int]]  # SDG goal -> (positive, negative) direct sums


def scale_name(score: int, lang: str) -> str:
    english, japanese = IMPACT_SCALE[score]
    return japanese if lang == "ja" else english


def direct_impacts(context) -> dict[str, dict[str, DirectImpact]]:
    """Per measure, its direct impact on each node or measure (see the module's doc)."""
    result: dict[str, dict[str, DirectImpact]] = {}
    nodes = context.framework.nodes
    measures = context.measures
    for measure_id, loaded in measures.items():
        measure = loaded.measure
        mine: dict[str, DirectImpact] = {}
        for node in measure.supports:
            if node in nodes:
                mine[node] = DirectImpact(measure_id, node, 1, False)
        for impact in measure.impacts:
            if impact.on not in nodes and impact.on not in measures:
                continue  # SA102 reports it
            score = impact.score
            if impact.on in mine and not mine[impact.on].assessed:
                score = max(score, 1)  # supports counts +1 unless impacts scores it higher
            mine[impact.on] = DirectImpact(
                measure_id,
                impact.on,
                score,
                True,
                impact.note,
                impact.mitigation,
                impact.evidence,
            )
        result[measure_id] = mine
    return result


def interaction_matrix(context) -> dict[str, dict[str, int]]:
    """``{from: {to: score}}`` of the interactions file (the first of a pair listed twice;
    unknown ids and self-interactions left out: SA606 reports them)."""
    matrix: dict[str, dict[str, int]] = defaultdict(dict)
    if context.interactions is None:
        return {}
    nodes = context.framework.nodes
    for item in context.interactions.items:
        if item.source not in nodes or item.target not in nodes or item.source == item.target:
            continue
        matrix[item.source].setdefault(item.target, item.score)
    return dict(matrix)


def _goal_of(context, node_id: str) -> str | None:
    node = context.framework.nodes.get(node_id)
    if node is None or node.framework != "SDG":
        return None
    if node.parent is None:
        return node_id
    return next(
        (
            a
            for a in context.framework.ancestors(node_id)
            if context.framework.nodes[a].parent is None
        ),
        None,
    )


def analyse(context) -> ImpactAnalysis:
    direct = direct_impacts(context)
    matrix = interaction_matrix(context)
    measures = context.measures
    profiles: dict[str, MeasureProfile] = {}
    nodes: dict[str, NodeImpacts] = {}
    goal_balance: dict[str, list[int]] = {}
    framework_nodes = context.framework.nodes
    # Each node's SDG goal, and the second-order impacts s·t/3 of a score on a node, worked out
    # once: thousands of measures impact the same targets with the same few scores.
    goal_of: dict[str, str | None] = {}
    reaches: dict[tuple[str, int], list[tuple[str, float]]] = {}
    for measure_id, impacts in direct.items():
        measure = measures[measure_id].measure
        second: dict[str, float] = defaultdict(float)
        goals: set[str] = set()
        plan = 0
        for impact in impacts.values():
            on = impact.on
            key = (on, impact.score)
            further = reaches.get(key)
            if further is None:
                row = matrix.get(on, {})
                further = reaches[key] = [(b, impact.score * t / 3) for b, t in row.items()]
            for target, value in further:
                second[target] += value
            if on in goal_of:
                goal = goal_of[on]
            else:
                goal = goal_of[on] = _goal_of(context, on)
            if goal is not None:
                goals.add(goal)
                balance = goal_balance.setdefault(goal, [0, 0])
                balance[0 if impact.score > 0 else 1] += impact.score if impact.score else 0
            elif on in framework_nodes:
                plan += 1
            if on in framework_nodes or on in measures:
                entry = nodes.get(on)
                if entry is None:
                    entry = nodes[on] = NodeImpacts(on)
                if impact.score > 0:
                    entry.positive.append(impact)
                elif impact.score < 0:
                    entry.negative.append(impact)
                if measure.field not in entry.fields:
                    entry.fields.append(measure.field)
        positive = sum(i.score for i in impacts.values() if i.score > 0)
        negative = sum(i.score for i in impacts.values() if i.score < 0)
        rounded = {k: round(v, 6) for k, v in sorted(second.items()) if v}
        profiles[measure_id] = MeasureProfile(
            measure_id,
            measure.owner,
            measure.field,
            list(impacts.values()),
            positive,
            negative,
            sorted(goals, key=_goal_order),
            plan,
            rounded,
            round(positive + negative + sum(rounded.values()), 6),
        )
    return ImpactAnalysis(
        profiles,
        nodes,
        _influence(matrix),
        _measure_influence(direct),
        _clusters(context, direct, matrix),
        _trade_offs(context, direct, matrix, nodes),
        {
            goal: (b[0], b[1])
            for goal, b in sorted(goal_balance.items(), key=lambda g: _goal_order(g[0]))
        },
    )


def _goal_order(goal: str) -> tuple[int, str]:
    number = goal.rsplit("-", 1)[-1]
    return (int(number), goal) if number.isdigit() else (999, goal)


def _influence(matrix: dict[str, dict[str, int]]) -> dict[str, Influence]:
    ids = sorted(set(matrix) | {t for row in matrix.values() for t in row})
    # The columns in one pass over the matrix, not one pass per target.
    columns: dict[str, list[int]] = defaultdict(list)
    for row in matrix.values():
        for target, score in row.items():
            columns[target].append(score)
    result = {}
    for identifier in ids:
        row = matrix.get(identifier, {})
        column = columns.get(identifier, [])
        second = sum(
            score * matrix.get(middle, {}).get(target, 0)
            for middle, score in row.items()
            for target in matrix.get(middle, {})
        )
        result[identifier] = Influence(
            identifier,
            sum(row.values()),
            sum(column),
            sum(s for s in row.values() if s > 0),
            sum(s for s in row.values() if s < 0),
            sum(s for s in column if s > 0),
            sum(s for s in column if s < 0),
            second,
        )
    return result


def _measure_influence(direct: dict[str, dict[str, DirectImpact]]) -> dict[str, Influence]:
    """Measures as rows of the cross-impact matrix: out over their impacts, in over the impacts
    other measures have on them."""
    incoming: dict[str, list[int]] = defaultdict(list)
    for impacts in direct.values():
        for impact in impacts.values():
            if impact.on in direct:
                incoming[impact.on].append(impact.score)
    result = {}
    for measure_id, impacts in direct.items():
        row = [i.score for i in impacts.values()]
        column = incoming.get(measure_id, [])
        result[measure_id] = Influence(
            measure_id,
            sum(row),
            sum(column),
            sum(s for s in row if s > 0),
            sum(s for s in row if s < 0),
            sum(s for s in column if s > 0),
            sum(s for s in column if s < 0),
            0,
        )
    return result


def _clusters(context, direct, matrix) -> list[Cluster]:
    import networkx as nx

    # The weights are summed per pair first and the graph built in one go, in the order the
    # pairs first appear: the same nodes and neighbours in the same order as adding the edges
    # one by one, so Louvain (whose result depends on that order) finds the same clusters.
    weights: dict[tuple[str, str], int] = {}

    def add(one: str, other: str, score: int) -> None:
        pair = (other, one) if (other, one) in weights else (one, other)
        weights[pair] = weights.get(pair, 0) + score

    for measure_id, impacts in direct.items():
        for impact in impacts.values():
            if impact.score > 0:
                add(measure_id, impact.on, impact.score)
    for source, row in matrix.items():
        for target, score in row.items():
            if score > 0:
                add(source, target, score)
    if not weights:
        return []
    graph = nx.Graph()
    graph.add_weighted_edges_from((one, other, w) for (one, other), w in weights.items())
    communities = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    clusters = []
    for community in communities:
        members = sorted(community)
        in_draft = [m for m in members if m in context.measures]
        if not in_draft:
            continue
        fields: list[str] = []
        owners: list[str] = []
        for measure_id in in_draft:
            measure = context.measures[measure_id].measure
            if measure.field not in fields:
                fields.append(measure.field)
            if measure.owner not in owners:
                owners.append(measure.owner)
        order = {f: i for i, f in enumerate(context.framework.fields)}
        clusters.append(
            Cluster(
                members, in_draft, sorted(fields, key=lambda f: order.get(f, 99)), sorted(owners)
            )
        )
    clusters.sort(key=lambda c: (-len(c.measures), c.members))
    return clusters


def _trade_offs(context, direct, matrix, nodes) -> list[TradeOff]:
    # The owners helping a node, worked out once per node: a node hindered by many measures
    # would otherwise walk all its helpers again for each of them (quadratic at scale).
    owners_helping: dict[str, list[str]] = {}
    owner_of = {measure_id: loaded.measure.owner for measure_id, loaded in context.measures.items()}

    def helpers(target: str) -> list[str]:
        owners = owners_helping.get(target)
        if owners is None:
            entry = nodes.get(target)
            owners = owners_helping[target] = (
                [] if entry is None else sorted({owner_of[i.measure] for i in entry.positive})
            )
        return list(owners)  # each trade-off its own list

    found = []
    for measure_id, impacts in direct.items():
        owner = owner_of[measure_id]
        for impact in impacts.values():
            if impact.score < 0:
                found.append(
                    TradeOff(
                        measure_id,
                        impact.on,
                        impact.score,
                        "impact",
                        bool(impact.mitigation),
                        [owner],
                        helpers(impact.on),
                        impact.note,
                        impact.mitigation,
                    )
                )
    for source, row in matrix.items():
        for target, score in row.items():
            if score < 0:
                found.append(
                    TradeOff(
                        source, target, score, "interaction", None, helpers(source), helpers(target)
                    )
                )
    found.sort(key=lambda t: (t.score, t.kind, t.source, t.target))
    return found
