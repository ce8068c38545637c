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
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from ..graph import MEASURE, SUPPORTS
from ..i18n import Lang, Text
from ..loading.framework import Framework

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

    def curve(self, edge: LaidEdge) -> tuple[tuple[float, float], ...]:
        """The four points of the cubic Bézier of an edge, from the measure to the node."""
        measure, node = self.nodes[edge.measure], self.nodes[edge.node]
        if node.column == POLICIES:
            start, end = (measure.left, measure.y), (node.right, node.y)
        else:
            start, end = (measure.right, measure.y), (node.left, node.y)
        middle = (start[0] + end[0]) / 2
        return start, (middle, start[1]), (middle, end[1]), end


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """An estimate of the width of ``text`` in pixels: CJK characters are square, others not."""
    return size * sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.58 for ch in text)


def fit(text: str, width: float, size: float = FONT_SIZE) -> str:
    """``text`` on one line, cut with … to ``width`` pixels."""
    text = " ".join(text.split())
    if text_width(text, size) <= width:
        return text
    kept = ""
    for ch in text:
        if text_width(kept + ch + "…", size) > width:
            break
        kept += ch
    return kept.rstrip() + "…"


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
    goals = goal_frameworks(framework)

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
    palette = {
        framework_id: FRAMEWORK_PALETTE[index % len(FRAMEWORK_PALETTE)]
        for index, framework_id in enumerate(f for f in framework.frameworks if f not in goals)
    }
    links = Counter(anchor for targets in served.values() for anchor in targets)

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

    for measure_id in measures:
        for anchor in served[measure_id]:
            if anchor in result.nodes:
                result.edges.append(LaidEdge(measure_id, anchor, result.nodes[anchor].color))
    result.width = xs[GOALS] + SIDE_WIDTH + MARGIN
    result.height = height
    used = {node.column for node in result.nodes.values()}
    result.headings = [
        (HEADINGS[column](lang), x)
        for column, x in ((POLICIES, xs[POLICIES]), (MEASURES, middle_x), (GOALS, xs[GOALS]))
        if column in used
    ]
    return result


def tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white: ``amount`` 0 is the colour, 1 is white."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    mixed = (round(c + (255 - c) * amount) for c in (red, green, blue))
    return "#" + "".join(f"{c:02x}" for c in mixed)
