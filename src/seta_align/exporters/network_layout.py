"""A deterministic layered layout of the alignment graph, for pictures people can read.

Three columns: the plan and ordinance nodes (every framework without colours) on the left, the
measures grouped by owner (所管) in the middle, the goals (frameworks with colours: the SDGs) on
the right. Each measure is joined to the *top-level* nodes it serves: a link to ``PP-6.5`` is
drawn to ``PP-6``, one to ``SDG-8.3`` to ``SDG-8``. A root that is alone on its level and has
children (``DIR``, the ``IV`` theme) is a heading, not a top-level node: its children are.
That keeps the sample's 85 measures and 339 links to some 60 nodes and 300 lines; the GraphML
export keeps every node.

Positions are in pixels of a :data:`FONT_SIZE` text; the HTML report draws them as inline SVG
and ``graph --format png|svg`` with matplotlib, so both pictures are the same. The same input
always gives the same layout: no randomness, no iteration to convergence; measures are ordered
within their owner by the mean height of what they serve (one barycentre pass), which untangles
the lines without moving any department.

:func:`impact_layout` lays out the signed network of ``graph --impacts`` in the same three
columns: every impacted node is drawn as itself (an impact on ``SDG-8.3`` is not an impact on all
of ``SDG-8``), each edge is a :class:`SignedEdge` coloured by its sign and as wide as its score,
an edge between two boxes of one column (an interaction between targets, a measure's impact on
another measure) bows out to the right of the column with an arrowhead, and a legend says so.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace

import networkx as nx

from ..graph import MEASURE, SUPPORTS
from ..i18n import Lang, Text
from ..loading.framework import Framework
from ..vocabulary import IMPACT_SCALE

FONT_SIZE = 11.0
ROW = 16.0  # pitch of the measure rows
GROUP_GAP = 10.0  # between two owners' groups
TOP = 58.0  # room for the column headings
BOTTOM = 16.0
MARGIN = 16.0
SIDE_WIDTH = 250.0  # a policy or goal box
MIDDLE_WIDTH = 300.0  # a measure's label
GAP = 210.0  # between columns, where the lines run
NODE_HEIGHT_MAX = 22.0

POLICIES, MEASURES, GOALS = 0, 1, 2
# Frameworks have no colour of their own: the policy columns' lines get one of these, in order.
FRAMEWORK_PALETTE = ("#3b6ea8", "#2a8c82", "#8a5cb8", "#b5654a", "#5f7f2f", "#a0527a")
MEASURE_COLOUR = "#c98a00"

LOOP_ROOM = 110.0  # right of the goals column, for the interactions between targets
LEGEND_ROW = 18.0
LEGEND_SAMPLE = 44.0  # the length of a legend's sample line
ARROW = 7.0  # length of an arrowhead

HEADINGS = {
    POLICIES: Text("計画・条例", "Plan and ordinance"),
    MEASURES: Text("施策（所管別）", "Measures by owner"),
    GOALS: Text("目標（SDGs）", "Goals (SDGs)"),
}


@dataclass(frozen=True, slots=True)
class LaidNode:
    id: str
    kind: str  # "measure" or "framework"
    column: int
    x: float  # left edge
    y: float  # centre line
    width: float
    height: float
    label: str  # "ID short title", cut to fit the width
    title: str  # the whole title, for tooltips
    color: str  # fill (goals) or accent (policies, measures)
    filled: bool  # goals are drawn in their colour
    links: int  # lines that end here

    @property
    def left(self) -> float:
        return self.x

    @property
    def right(self) -> float:
        return self.x + self.width


@dataclass(frozen=True, slots=True)
class LaidEdge:
    measure: str
    node: str
    color: str


@dataclass(frozen=True, slots=True)
class SignedEdge:
    """An impact (measure → node or measure) or an interaction (target → target)."""

    source: str
    target: str
    score: int
    kind: str  # "impact" or "interaction" (graph_formats.IMPACT, INTERACTION)
    color: str
    width: float
    dashed: bool  # interactions
    arrow: bool  # the direction is not plain from the columns: drawn with an arrowhead
    title: str  # tooltip: the two ends, the score and its name, note and mitigation


@dataclass(frozen=True, slots=True)
class LegendEntry:
    text: str
    color: str
    width: float  # 0: text only, no sample line
    dashed: bool


@dataclass(frozen=True, slots=True)
class GroupLabel:
    """A heading inside a column: an owner above its measures, a framework above its nodes."""

    text: str
    column: int
    x: float
    y: float
    color: str


@dataclass(slots=True)
class NetworkLayout:
    width: float
    height: float
    nodes: dict[str, LaidNode] = field(default_factory=dict)
    edges: list[LaidEdge] = field(default_factory=list)
    groups: list[GroupLabel] = field(default_factory=list)
    headings: list[tuple[str, float]] = field(default_factory=list)  # (text, x of the column)
    # graph --impacts: the signed edges instead of ``edges``, and a legend below the columns
    impacts: bool = False
    signed_edges: list[SignedEdge] = field(default_factory=list)
    legend: list[LegendEntry] = field(default_factory=list)
    legend_top: float = 0.0

    def curve(self, edge: LaidEdge) -> tuple[tuple[float, float], ...]:
        """The four points of the cubic Bézier of an edge, from the measure to the node."""
        return self.path(edge.measure, edge.node)

    def path(self, source: str, target: str) -> tuple[tuple[float, float], ...]:
        """The four points of the cubic Bézier from ``source`` to ``target``: between columns
        from the facing sides; within a column out of the right side and back, bowing further
        for a longer way and for an upward one (so A → B and B → A do not overlap)."""
        first, second = self.nodes[source], self.nodes[target]
        if first.column == second.column:
            rise = second.y - first.y
            bulge = min(18 + abs(rise) * 0.22 + (16 if rise < 0 else 0), LOOP_ROOM - 12)
            start, end = (first.right, first.y), (second.right, second.y)
            return start, (start[0] + bulge, start[1]), (end[0] + bulge, end[1]), end
        if second.column < first.column:
            start, end = (first.left, first.y), (second.right, second.y)
        else:
            start, end = (first.right, first.y), (second.left, second.y)
        middle = (start[0] + end[0]) / 2
        return start, (middle, start[1]), (middle, end[1]), end

    def arrowhead(self, edge: SignedEdge) -> tuple[tuple[float, float], ...]:
        """The triangle at the end of ``edge``, pointing the way the curve arrives."""
        *_, (control_x, _), (x, y) = self.path(edge.source, edge.target)
        way = 1.0 if x >= control_x else -1.0
        half = 2.5 + edge.width / 2
        return (x, y), (x - way * ARROW, y - half), (x - way * ARROW, y + half)


@functools.lru_cache(maxsize=4096)
def _em(ch: str) -> float:
    """A character's width in ems: CJK characters are square, others not."""
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.58


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """An estimate of the width of ``text`` in pixels: CJK characters are square, others not."""
    return size * sum(map(_em, text))


@functools.lru_cache(maxsize=8192)
def fit(text: str, width: float, size: float = FONT_SIZE) -> str:
    """``text`` on one line, cut with … to ``width`` pixels. (The same label is fitted for
    every measure that links a node: remembered. The cut is found in one pass, not by
    measuring every prefix again, which was quadratic in the label's length.)"""
    text = " ".join(text.split())
    if text_width(text, size) <= width:
        return text
    room = width / size - _em("…")
    used = 0.0
    kept = 0
    for ch in text:
        used += _em(ch)
        if used > room:
            break
        kept += 1
    return text[:kept].rstrip() + "…"


def headings(framework: Framework) -> set[str]:
    """Roots that stand alone on their level and have children (``DIR``, ``IV``)."""
    per_level = Counter(node.level_key for node in framework.nodes.values())
    return {
        node.id
        for node in framework.nodes.values()
        if node.parent is None and node.children and per_level[node.level_key] == 1
    }


def goal_frameworks(framework: Framework) -> set[str]:
    """Frameworks drawn in the goals column: those whose nodes have colours (the SDGs)."""
    return {node.framework for node in framework.nodes.values() if node.color}


def top_level(framework: Framework, node_id: str, present: set[str], skip: set[str]) -> str:
    """The highest node at or above ``node_id`` that is in the picture and not a heading."""
    chain = [node_id, *framework.ancestors(node_id)]
    candidates = [n for n in chain if n in present and n not in skip]
    return candidates[-1] if candidates else node_id


def _label(node_id: str, data: dict, lang: Lang) -> tuple[str, str]:
    """(short name, whole title) of a node of the exported graph in ``lang``."""
    if lang == "en":
        short = next(
            (
                data[k]
                for k in ("short_title_en", "title_en", "short_title", "title")
                if data.get(k)
            ),
            "",
        )
        whole = data.get("title_en") or data.get("title") or ""
    else:
        short = data.get("short_title") or data.get("title") or ""
        whole = data.get("title") or ""
    return short, whole


def layout(graph: nx.DiGraph, framework: Framework, lang: Lang) -> NetworkLayout:
    """Lay out ``graph`` (from :func:`graph_formats.alignment_graph`, maybe a neighbourhood)."""
    present = {n for n, data in graph.nodes(data=True) if data["kind"] != MEASURE}
    skip = headings(framework)

    # measure -> the top-level nodes it serves, in the order of its links
    served: dict[str, list[str]] = {}
    measures = [n for n, data in graph.nodes(data=True) if data["kind"] == MEASURE]
    for measure_id in measures:
        targets: list[str] = []
        for target, data in graph.adj[measure_id].items():
            if data["kind"] == SUPPORTS and target in framework.nodes:
                anchor = top_level(framework, target, present, skip)
                if anchor not in targets:
                    targets.append(anchor)
        served[measure_id] = targets

    linked = {anchor for targets in served.values() for anchor in targets}
    shown = {top_level(framework, n, present, skip) for n in present}
    shown = {n for n in shown if n not in skip or n in linked}
    links = Counter(anchor for targets in served.values() for anchor in targets)
    result = _place(graph, framework, lang, measures, served, shown, links)
    for measure_id in measures:
        for anchor in served[measure_id]:
            if anchor in result.nodes:
                result.edges.append(LaidEdge(measure_id, anchor, result.nodes[anchor].color))
    return result


def _place(
    graph: nx.DiGraph,
    framework: Framework,
    lang: Lang,
    measures: list[str],
    served: dict[str, list[str]],
    shown: set[str],
    links: Counter,
) -> NetworkLayout:
    """The three columns: ``measures`` by owner in the middle, ordered by where what they serve
    (``served``) sits; the ``shown`` framework nodes at the sides, framework by framework;
    ``links`` is how many lines end at each node."""
    goals = goal_frameworks(framework)
    palette = {
        framework_id: FRAMEWORK_PALETTE[index % len(FRAMEWORK_PALETTE)]
        for index, framework_id in enumerate(f for f in framework.frameworks if f not in goals)
    }

    # --- the middle column: owners in order of appearance, measures by barycentre ------------
    owners: dict[str, list[str]] = {}
    for measure_id in measures:
        owners.setdefault(graph.nodes[measure_id].get("owner", ""), []).append(measure_id)
    # Where each shown node will sit in its column, from 0 (top) to 1 (bottom).
    side_order: dict[str, float] = {}
    for in_goals in (False, True):
        column_nodes = [
            n
            for n in framework.nodes
            if n in shown and (framework.nodes[n].framework in goals) == in_goals
        ]
        for index, node_id in enumerate(column_nodes):
            side_order[node_id] = index / max(len(column_nodes) - 1, 1)

    def barycentre(measure_id: str) -> float:
        positions = [side_order[n] for n in served[measure_id] if n in side_order]
        return sum(positions) / len(positions) if positions else 2.0

    middle_x = MARGIN + SIDE_WIDTH + GAP
    result = NetworkLayout(width=0.0, height=0.0)
    y = TOP
    for owner, members in owners.items():
        result.groups.append(GroupLabel(owner, MEASURES, middle_x, y + ROW / 2, "#333333"))
        y += ROW
        for measure_id in sorted(members, key=lambda m: (barycentre(m), members.index(m))):
            data = graph.nodes[measure_id]
            short, whole = _label(measure_id, data, lang)
            result.nodes[measure_id] = LaidNode(
                id=measure_id,
                kind=MEASURE,
                column=MEASURES,
                x=middle_x,
                y=y + ROW / 2,
                width=MIDDLE_WIDTH,
                height=ROW - 4,
                label=fit(f"{measure_id} {short}".strip(), MIDDLE_WIDTH - 10),
                title=f"{measure_id} {whole}".strip(),
                color=MEASURE_COLOUR,
                filled=False,
                links=len(served[measure_id]),
            )
            y += ROW
        y += GROUP_GAP
    middle_bottom = y

    # --- the side columns: framework by framework, spread over the measures' height ----------
    columns: dict[int, list[tuple[str, str | None]]] = {POLICIES: [], GOALS: []}
    for framework_id, info in framework.frameworks.items():
        column = GOALS if framework_id in goals else POLICIES
        ids = [
            n
            for n in framework.nodes
            if n in shown and framework.nodes[n].framework == framework_id
        ]
        if not ids:
            continue
        title = info.title if lang == "ja" else info.title_en or info.title
        columns[column].append((title, None))  # the framework's heading
        columns[column].extend((framework_id, n) for n in ids)

    slots = max((len(entries) for entries in columns.values()), default=0)
    height = max(middle_bottom, TOP + slots * ROW * 1.5) + BOTTOM
    xs = {POLICIES: MARGIN, GOALS: middle_x + MIDDLE_WIDTH + GAP}
    for column, entries in columns.items():
        if not entries:
            continue
        pitch = min((height - BOTTOM - TOP) / len(entries), 3.2 * ROW)
        top = TOP + ((height - BOTTOM - TOP) - pitch * len(entries)) / 2
        for index, (first, node_id) in enumerate(entries):
            centre = top + pitch * (index + 0.5)
            if node_id is None:
                result.groups.append(GroupLabel(first, column, xs[column], centre, "#333333"))
                continue
            node = framework.nodes[node_id]
            data = graph.nodes[node_id]
            short, whole = _label(node_id, data, lang)
            colour = data.get("color") or palette.get(node.framework, FRAMEWORK_PALETTE[0])
            result.nodes[node_id] = LaidNode(
                id=node_id,
                kind="framework",
                column=column,
                x=xs[column],
                y=centre,
                width=SIDE_WIDTH,
                height=min(pitch - 4, NODE_HEIGHT_MAX),
                label=fit(f"{node_id} {short}".strip(), SIDE_WIDTH - 12),
                title=f"{node_id} {whole}".strip(),
                color=colour,
                filled=column == GOALS,
                links=links[node_id],
            )

    result.width = xs[GOALS] + SIDE_WIDTH + MARGIN
    result.height = height
    used = {node.column for node in result.nodes.values()}
    result.headings = [
        (HEADINGS[column](lang), x)
        for column, x in ((POLICIES, xs[POLICIES]), (MEASURES, middle_x), (GOALS, xs[GOALS]))
        if column in used
    ]
    return result


IMPACT_TEXT = {
    "positive": Text(
        "正の影響: " + "・".join(f"+{s} {IMPACT_SCALE[s][1]}" for s in (1, 2, 3)),
        "Positive impact: " + ", ".join(f"+{s} {IMPACT_SCALE[s][0]}" for s in (1, 2, 3)),
    ),
    "negative": Text(
        "負の影響: " + "・".join(f"{s} {IMPACT_SCALE[s][1]}" for s in (-1, -2, -3)),
        "Negative impact: " + ", ".join(f"{s} {IMPACT_SCALE[s][0]}" for s in (-1, -2, -3)),
    ),
    "neutral": Text(
        f"0 {IMPACT_SCALE[0][1]}（目立った影響なし）",
        f"0 {IMPACT_SCALE[0][0]} (no significant interaction)",
    ),
    "interaction": Text(
        "破線の矢印: ターゲット間の相互作用（相互作用ファイル）。波及する影響はこれを通ります",
        "Dashed arrow: an interaction between targets (the interactions file); knock-on "
        "impacts pass along it",
    ),
    "width": Text(
        "線の太さ: |点数|。supports に書いた項目は +1 と数えます",
        "Line width: |score|. A node in supports counts +1",
    ),
    "mitigation": Text("緩和策", "mitigation"),
    "supports": Text("（supports による +1）", " (+1 from supports)"),
    "figures": Text(
        "正の和 {positive}・負の和 {negative}・波及 {second_positive} / {second_negative}・総合 {net}",
        "positive {positive}, negative {negative}, knock-on {second_positive} / "
        "{second_negative}, overall {net}",
    ),
}


def _figure(value: float) -> str:
    """A signed figure as the tables show it: +3, -3, -0.33."""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):+d}" if round(value) else "0"
    return f"{value:+.2f}"


def impact_layout(graph: nx.DiGraph, framework: Framework, lang: Lang) -> NetworkLayout:
    """Lay out the impact graph (:func:`graph_formats.impact_graph`, maybe a neighbourhood)."""
    from .graph_formats import INTERACTION, score_label, signed_colour, signed_width

    measures = [n for n, data in graph.nodes(data=True) if data["kind"] == MEASURE]
    shown = {n for n, data in graph.nodes(data=True) if data["kind"] != MEASURE}
    served = {
        measure_id: [target for target in graph.successors(measure_id) if target in shown]
        for measure_id in measures
    }
    links = Counter(end for edge in graph.edges for end in edge if end in shown)
    result = _place(graph, framework, lang, measures, served, shown, links)
    result.impacts = True

    for source, target, data in graph.edges(data=True):
        if source not in result.nodes or target not in result.nodes:
            continue
        title = f"{source} → {target}: {score_label(data, lang)}"
        if data.get("assessed") is False:
            title += IMPACT_TEXT["supports"](lang)
        if data.get("note"):
            title += f" — {data['note']}"
        if data.get("mitigation"):
            title += f" / {IMPACT_TEXT['mitigation'](lang)}: {data['mitigation']}"
        result.signed_edges.append(
            SignedEdge(
                source=source,
                target=target,
                score=data["score"],
                kind=data["kind"],
                color=signed_colour(data["score"]),
                width=signed_width(data["score"]),
                dashed=data["kind"] == INTERACTION,
                arrow=data["kind"] == INTERACTION or target not in shown,
                title=title,
            )
        )
    for measure_id in measures:
        data = graph.nodes[measure_id]
        figures = IMPACT_TEXT["figures"].format(
            positive=_figure(data["positive"]),
            negative=_figure(data["negative"]),
            second_positive=_figure(data["second_positive"]),
            second_negative=_figure(data["second_negative"]),
            net=_figure(data["net"]),
        )
        node = result.nodes[measure_id]
        result.nodes[measure_id] = replace(node, title=f"{node.title} — {figures(lang)}")

    result.width += LOOP_ROOM
    scores = {edge.score for edge in result.signed_edges}
    legend = [
        LegendEntry(IMPACT_TEXT["positive"](lang), signed_colour(1), signed_width(2), False),
        LegendEntry(IMPACT_TEXT["negative"](lang), signed_colour(-1), signed_width(2), False),
    ]
    if 0 in scores:
        legend.append(
            LegendEntry(IMPACT_TEXT["neutral"](lang), signed_colour(0), signed_width(0), False)
        )
    if any(edge.dashed for edge in result.signed_edges):
        legend.append(LegendEntry(IMPACT_TEXT["interaction"](lang), "#555555", 1.5, True))
    legend.append(LegendEntry(IMPACT_TEXT["width"](lang), "#555555", 0.0, False))
    result.legend = legend
    result.legend_top = result.height
    result.height += LEGEND_ROW * len(legend) + BOTTOM
    return result
