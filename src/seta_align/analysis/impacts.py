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
- **Synergy clusters**: Louvain communities (fixed seed, the same clusters on every run) of the
  goals that measures help together and that reinforce each other, each measure then joining
  the community it helps most (see ``_clusters``); each cluster lists the fields and owners of
  its measures, and one of two or more fields is cross-field work (分野横断).
- **Trade-offs**: every negative impact or interaction, with its severity, who is on each side,
  and whether a mitigation is written.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from operator import itemgetter

from ..vocabulary import IMPACT_SCALE

SEED = 20240401  # Louvain's seed: the same clusters on every run
WEIGHT_UNITS = 720720  # the clusters' edge weights are counted in 1/720720ths (see _clusters)


@dataclass(slots=True)
class DirectImpact:
    measure: str
    on: str
    score: int
    assessed: bool  # written under impacts (else: +1 from supports)
    note: str | None = None
    mitigation: str | None = None
    evidence: str | None = None
    # The score as the measure's file wrote it, where it contradicts supports (0 or less on a
    # node it supports, SA601): every view shows this, marked, and never the +1 that
    # ``score`` counts in the sums until the contradiction is resolved.
    written: int | None = None
    # Who scored it, when and from what (as written; none for a +1 from supports).
    assessed_by: str | None = None
    assessed_on: str | None = None
    reference: str | None = None

    @property
    def contradiction(self) -> bool:
        return self.written is not None


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
    second_order_sum: float  # Σ s·t/3 over every direct impact and interaction it reaches
    net: float  # positive + negative + second_order_sum
    matrix: dict[str, dict[str, int]] = field(repr=False, compare=False, default_factory=dict)
    # The second order's helping and harming parts, summed apart (never netted against each
    # other: −0.67 on one target is not cancelled by +0.67 on another).
    second_positive: float = 0.0
    second_negative: float = 0.0

    @property
    def routes(self) -> list[Route]:
        """Every second-order effect with its route (this measure → A → B), worked out when
        asked: one measure reaches every target its targets interact with, and only the
        per-measure and per-node outputs list them. The harming ones first, then by size."""
        # Plain tuples sorted, then the routes made: a JSON document of every measure asks
        # for tens of thousands of them.
        found = []
        matrix = self.matrix
        for impact in self.direct:
            score = impact.score
            row = matrix.get(impact.on) if score else None
            if row:
                via = impact.on
                found += [(score * t, via, to, score, t) for to, t in row.items() if t]
        found.sort()
        measure = self.measure
        return [Route(measure, via, to, score, t) for _, via, to, score, t in found]


def reached(routes: list[Route]) -> dict[str, float]:
    """node -> the knock-on the routes bring it, added (a node's own figure, not a measure's:
    its helping and harming routes are listed apart in ``routes``)."""
    sums: dict[str, int] = defaultdict(int)
    for route in routes:
        sums[route.to] += route.score * route.interaction
    # Σ s·t is a whole number: one division per node keeps the thirds exact.
    return {node: round(total / 3, 6) for node, total in sorted(sums.items()) if total}


@dataclass(slots=True)
class Route:
    """A second-order effect: the measure scores ``score`` on ``via``, which interacts with
    ``to`` at ``interaction``; the effect is score·interaction/3 (the same scale as one direct
    impact), and its sign follows the scale's rules (helping what hinders B hinders B)."""

    measure: str
    via: str
    to: str
    score: int
    interaction: int

    @property
    def product(self) -> int:
        return self.score * self.interaction

    @property
    def value(self) -> float:
        return round(self.product / 3, 6)


@dataclass(slots=True)
class NodeImpacts:
    node: str
    positive: list[DirectImpact] = field(default_factory=list)
    negative: list[DirectImpact] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    helping_owners: set[str] = field(default_factory=set)  # owners of the measures helping it

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
    # the same over the two-step paths that help and that harm, apart (a +6 and a −4 are not
    # a +2)
    second_positive: int = 0
    second_negative: int = 0


@dataclass(slots=True)
class Cluster:
    members: list[str]  # measures and nodes, sorted
    measures: list[str]
    fields: list[str]
    owners: list[str]
    # The priority policies (重点政策) its measures serve, in the framework's order: which
    # priority policy a cluster carries forward, and across which fields.
    priority_policies: list[str] = field(default_factory=list)
    # A member measure's harm to another member (a goal, a target or a measure of the same
    # cluster): a conflict inside what otherwise works together, which a cluster must show,
    # not hide behind the synergy that put them together.
    conflicts: list[DirectImpact] = field(default_factory=list)

    @property
    def cross_field(self) -> bool:
        return len(self.fields) >= 2

    @property
    def nodes(self) -> list[str]:
        """The goals and targets of the cluster (its members that are not measures)."""
        mine = set(self.measures)
        return [m for m in self.members if m not in mine]


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
            written = None
            if impact.on in mine and not mine[impact.on].assessed:
                if score <= 0:
                    written = score  # a contradiction (SA601): shown as written, marked
                score = max(score, 1)  # supports counts +1 unless impacts scores it higher
            mine[impact.on] = DirectImpact(
                measure_id,
                impact.on,
                score,
                True,
                impact.note,
                impact.mitigation,
                impact.evidence,
                written,
                impact.assessed_by,
                impact.assessed_on,
                impact.reference,
            )
        result[measure_id] = mine
    return result


def interaction_pairs(context) -> list[tuple[str, str, int]]:
    """``(from, to, score)`` of the interactions file, in its order: the first of a pair listed
    twice; unknown ids and self-interactions left out (SA606 reports them)."""
    if context.interactions is None:
        return []
    nodes = context.framework.nodes
    seen: set[tuple[str, str]] = set()
    pairs = []
    for item in context.interactions.items:
        pair = (item.source, item.target)
        if item.source not in nodes or item.target not in nodes or item.source == item.target:
            continue
        if pair not in seen:
            seen.add(pair)
            pairs.append((item.source, item.target, item.score))
    return pairs


def interaction_matrix(context) -> dict[str, dict[str, int]]:
    """``{from: {to: score}}`` of the interactions file (``interaction_pairs``)."""
    matrix: dict[str, dict[str, int]] = defaultdict(dict)
    for source, target, score in interaction_pairs(context):
        matrix[source][target] = score
    return dict(matrix)


def sdg_goal(context, node_id: str) -> str | None:
    """The SDG goal a node is (or sits under), or None for a node outside the SDGs. Each node
    looked up once per check (the analysis and SA605 share it): thousands of measures impact
    the same few hundred targets."""
    known: dict[str, str | None] = context.cache.setdefault("sdg_goal", {})
    if node_id in known:
        return known[node_id]
    node = context.framework.nodes.get(node_id)
    goal = None
    if node is not None and node.framework == "SDG":
        goal = node_id if node.parent is None else context.framework.ancestors(node_id)[-1]
    known[node_id] = goal
    return goal


def analyse(context) -> ImpactAnalysis:
    direct = direct_impacts(context)
    matrix = interaction_matrix(context)
    measures = context.measures
    profiles: dict[str, MeasureProfile] = {}
    nodes: dict[str, NodeImpacts] = {}
    goal_balance: dict[str, list[int]] = {}
    framework_nodes = context.framework.nodes
    # A measure's second-order sum needs only the row sums of the matrix: Σ s·t/3 over the
    # targets t of A is s·(row sum of A)/3. The per-node second order is worked out when an
    # output asks for it (MeasureProfile.routes), so analyse stays linear in the links.
    row_sums = {source: sum(row.values()) for source, row in matrix.items()}
    # A score s on A reaches A's helping interactions as s·(their sum) and its harming ones
    # as s·(theirs): a negative s turns a harming interaction into help, and back.
    row_positive = {source: sum(t for t in row.values() if t > 0) for source, row in matrix.items()}
    row_negative = {source: sum(t for t in row.values() if t < 0) for source, row in matrix.items()}
    # Each node's goal and each goal's place in the order 1…17, worked out once per node here
    # (a function call per impact costs a tenth of a second at 100,000 measures).
    goal_of: dict[str, str | None] = {}
    goal_rank: dict[str, tuple[int, str]] = {}
    for measure_id, impacts in direct.items():
        measure = measures[measure_id].measure
        goals: set[str] = set()
        plan = positive = negative = reached = helping = harming = 0
        for impact in impacts.values():
            on = impact.on
            score = impact.score
            if score > 0:
                positive += score
                helping += score * row_positive.get(on, 0)
                harming += score * row_negative.get(on, 0)
            elif score < 0:
                negative += score
                helping += score * row_negative.get(on, 0)
                harming += score * row_positive.get(on, 0)
            reached += score * row_sums.get(on, 0)
            if on in goal_of:
                goal = goal_of[on]
            else:
                goal = goal_of[on] = sdg_goal(context, on)
                if goal is not None and goal not in goal_rank:
                    goal_rank[goal] = _goal_order(goal)
            if goal is not None:
                goals.add(goal)
                balance = goal_balance.setdefault(goal, [0, 0])
                balance[0 if score > 0 else 1] += score
            elif on in framework_nodes:
                plan += 1
            entry = nodes.get(on)
            if entry is None:
                entry = nodes[on] = NodeImpacts(on)
            if score > 0:
                entry.positive.append(impact)
                entry.helping_owners.add(measure.owner)
            elif score < 0:
                entry.negative.append(impact)
            if measure.field not in entry.fields:
                entry.fields.append(measure.field)
        second = reached / 3  # a whole number of thirds, divided once
        profiles[measure_id] = MeasureProfile(
            measure_id,
            measure.owner,
            measure.field,
            list(impacts.values()),
            positive,
            negative,
            sorted(goals, key=goal_rank.__getitem__),
            plan,
            round(second, 6),
            round(positive + negative + second, 6),
            matrix,
            round(helping / 3, 6),
            round(harming / 3, 6),
        )
    return ImpactAnalysis(
        profiles,
        nodes,
        _influence(matrix),
        _measure_influence(profiles, nodes),
        _clusters(context, profiles, matrix),
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
        paths = [
            score * onward
            for middle, score in row.items()
            for onward in matrix.get(middle, {}).values()
        ]
        second = sum(paths)
        result[identifier] = Influence(
            identifier,
            sum(row.values()),
            sum(column),
            sum(s for s in row.values() if s > 0),
            sum(s for s in row.values() if s < 0),
            sum(s for s in column if s > 0),
            sum(s for s in column if s < 0),
            second,
            sum(p for p in paths if p > 0),
            sum(p for p in paths if p < 0),
        )
    return result


def _measure_influence(
    profiles: dict[str, MeasureProfile], nodes: dict[str, NodeImpacts]
) -> dict[str, Influence]:
    """Measures as rows of the cross-impact matrix: out over their impacts (the profile's
    sums), in over the impacts other measures have on them (the measure as a node)."""
    result = {}
    for measure_id, profile in profiles.items():
        entry = nodes.get(measure_id)
        helping = sum(i.score for i in entry.positive) if entry else 0
        hindering = sum(i.score for i in entry.negative) if entry else 0
        result[measure_id] = Influence(
            measure_id,
            profile.positive + profile.negative,
            helping + hindering,
            profile.positive,
            profile.negative,
            helping,
            hindering,
            0,
        )
    return result


def _clusters(context, profiles: dict[str, MeasureProfile], matrix) -> list[Cluster]:
    """Synergy clusters in two steps, so that their cost follows the draft's links (Louvain
    over every measure and node took 16 s at 100,000 measures; see bench/README.md):

    1. Louvain (fixed seed) over the *goals side*: the framework nodes and targets that a
       measure helps or that take part in a positive interaction. Two of them are joined by
       their positive interactions, and by every measure that helps both: a measure with
       positive scores a on X and b on Y, of d in all on the goals side, adds a·b/d between X
       and Y (what one measure works on together belongs together).
    2. Every measure joins the cluster it pulls towards most: its positive scores on the
       cluster's nodes, plus, for a measure it helps with score s, s shared out as that
       measure's own pulls are (helping a measure helps what that measure works on). A tie
       goes to the cluster whose members sort first.
    """
    # The goals side as numbers (pairs of numbers hash faster than pairs of ids, and there
    # are a·(a−1)/2 pairs for each measure), in the order the nodes first appear.
    index: dict[str, int] = {}
    ids: list[str] = []
    helped_nodes: dict[str, list[tuple[int, int]]] = {}
    helped_measures: dict[str, list[tuple[str, int]]] = {}
    weights: dict[int, float] = defaultdict(float)
    for measure_id, profile in profiles.items():
        nodes: list[tuple[int, int]] = []
        for impact in profile.direct:
            score = impact.score
            if score <= 0:
                continue
            on = impact.on
            if on in profiles:
                helped_measures.setdefault(measure_id, []).append((on, score))
                continue
            number = index.get(on)
            if number is None:
                number = index[on] = len(ids)
                ids.append(on)
            nodes.append((number, score))
        if not nodes:
            continue
        helped_nodes[measure_id] = nodes
        if len(nodes) > 1:
            nodes.sort()
            share = 1 / sum(score for _, score in nodes)
            for (one, a), (other, b) in combinations(nodes, 2):
                weights[one << 32 | other] += a * b * share
    for source, row in matrix.items():
        for target, score in row.items():
            if score > 0:
                for on in (source, target):
                    if on not in index:
                        index[on] = len(ids)
                        ids.append(on)
                one, other = sorted((index[source], index[target]))
                weights[one << 32 | other] += score
    if not ids:
        return []
    low = (1 << 32) - 1
    # Whole-number weights: with fractions such as 1/3, networkx's Louvain can move a node to
    # and fro for ever on rounding errors of its running sums (seen on a 27-node graph).
    # Weights in 1/720720ths (the least common multiple of 1…16) are exact for every share
    # a·b/d with d up to 16 and the same clusters.
    edges = [(key, round(w * WEIGHT_UNITS)) for key, w in weights.items()]

    def partition() -> list[list[str]]:
        import networkx as nx

        graph = nx.Graph()
        graph.add_nodes_from(range(len(ids)))
        graph.add_weighted_edges_from((key >> 32, key & low, w) for key, w in edges)
        communities = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
        return sorted(sorted(ids[n] for n in community) for community in communities)

    # Louvain is most of the analysis: the check saves its partition for the views after it,
    # which then neither build its graph nor import networkx. Keyed by exactly what the graph
    # is built from, in the order it is built (the order of the edges changes Louvain's
    # answer, even with its seed fixed).
    inputs = hashlib.sha256(repr((SEED, len(ids), ids, edges)).encode()).hexdigest()
    groups = context.remembered("louvain", inputs, partition)
    cluster_of = [0] * len(ids)
    for number, group in enumerate(groups):
        for node in group:
            cluster_of[index[node]] = number

    def pulls_of(measure_id: str) -> dict[int, float]:
        pulls: dict[int, float] = defaultdict(float)
        for node, score in helped_nodes.get(measure_id, ()):
            pulls[cluster_of[node]] += score
        return pulls

    for measure_id in profiles:
        nodes = helped_nodes.get(measure_id)
        if nodes is not None and len(nodes) == 1 and measure_id not in helped_measures:
            groups[cluster_of[nodes[0][0]]].append(measure_id)  # one node: its cluster
            continue
        pulls = pulls_of(measure_id)
        for other, score in helped_measures.get(measure_id, ()):
            theirs = pulls_of(other)
            total = sum(theirs.values())
            for number, pull in theirs.items():
                pulls[number] += score * pull / total
        if pulls:
            # max keeps the first of equal pulls: sorted, the cluster whose members sort first
            best = max(sorted(pulls.items()), key=itemgetter(1))[0]
            groups[best].append(measure_id)
    clusters = []
    order = {f: i for i, f in enumerate(context.framework.fields)}
    place = {node: i for i, node in enumerate(context.framework.nodes)}
    behind: dict[str, str | None] = {}
    for group in groups:
        group.sort()
        in_draft = [m for m in group if m in profiles]
        if not in_draft:
            continue
        fields = {profiles[m].field for m in in_draft}
        owners = {profiles[m].owner for m in in_draft}
        served = {p for m in in_draft for p in priority_policies_served(context, m, behind)}
        members = set(group)
        conflicts = [
            impact
            for m in in_draft
            for impact in profiles[m].direct
            if impact.score < 0 and impact.on in members
        ]
        conflicts.sort(key=lambda i: (i.score, i.measure, i.on))
        clusters.append(
            Cluster(
                group,
                in_draft,
                sorted(fields, key=lambda f: (order.get(f, 99), f)),
                sorted(owners),
                sorted(served, key=lambda p: (place.get(p, len(place)), p)),
                conflicts,
            )
        )
    clusters.sort(key=lambda c: (-len(c.measures), c.members))
    return clusters


def priority_policies_served(
    context, measure_id: str, behind: dict[str, str | None] | None = None
) -> list[str]:
    """The priority policies (重点政策) a measure serves, directly or through one of their
    parts, in the order of its ``supports``. ``behind`` remembers each node's priority policy
    (or None) across calls."""
    if measure_id not in context.measures:
        return []
    framework = context.framework
    level = context.settings.priority_level
    behind = {} if behind is None else behind
    found: list[str] = []
    for node_id in context.measures[measure_id].measure.supports:
        if node_id not in behind:
            behind[node_id] = None
            if node_id in framework.nodes:
                for candidate in (node_id, *framework.ancestors(node_id)):
                    if framework.nodes[candidate].level_key == level:
                        behind[node_id] = candidate
                        break
        policy = behind[node_id]
        if policy is not None and policy not in found:
            found.append(policy)
    return found


def _trade_offs(context, direct, matrix, nodes) -> list[TradeOff]:
    # The owners helping a node, worked out once per node: a node hindered by many measures
    # would otherwise walk all its helpers again for each of them (quadratic at scale).
    owners_helping: dict[str, list[str]] = {}
    owner_of = {measure_id: loaded.measure.owner for measure_id, loaded in context.measures.items()}

    def helpers(target: str) -> list[str]:
        owners = owners_helping.get(target)
        if owners is None:
            entry = nodes.get(target)
            owners = owners_helping[target] = [] if entry is None else sorted(entry.helping_owners)
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
