"""The alignment graph as files for graph tools: GraphML and GEXF (Gephi, yEd), DOT, Mermaid.

:func:`alignment_graph` turns the checked draft's graph into one whose attributes are all plain
strings (GraphML and GEXF hold only scalars): on every node ``kind`` (``framework`` or
``measure``), ``title`` and, where known, ``title_en``; on framework nodes ``framework``,
``level``, ``short_title``/``short_title_en``, ``fields`` (joined with ``;``) and ``color`` (the
node's colour or its nearest ancestor's: the SDG colours); on measures ``owner``, ``fields`` (its
field) and ``file``. Edges keep ``kind`` (``parent``, ``supports``, ``depends_on``, ``relation``);
relations add ``relation_type`` and ``note`` (GEXF reserves ``type`` for edge directions).

Each ``to_*`` function returns the file's text; GraphML and GEXF go through networkx's writers,
DOT and Mermaid are written here (no Graphviz needed).

:func:`impact_graph` (``graph --impacts``) is the signed network of the impact pre-assessment
instead: the measures and what they impact, and the interactions between targets. Its edges are
``kind`` ``impact`` (a measure's direct impact, ``supports`` counting +1) or ``interaction``
(the interactions file) with ``score`` (signed, −3…+3), ``weight`` (|score|, for tools that
want positive weights), ``sign``, ``scale`` (the scale's English name) and ``scale_ja`` (its
Japanese label), and where written ``note``, ``mitigation``, ``evidence``; measures add
``positive``, ``negative``, ``second_order`` and ``net`` from the analysis, and every node in a
synergy cluster its ``cluster`` number. DOT colours the edges (green positive, red negative),
sets their width by |score| and dashes interactions; Mermaid does the same with ``linkStyle``;
GEXF with ``viz:color`` and ``viz:thickness``.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from ..graph import DEPENDS_ON, FRAMEWORK, MEASURE, PARENT, RELATION, SUPPORTS
from ..printable import visible, xml_safe
from ..renderers.colours import text_colour

if TYPE_CHECKING:
    from ..analysis.impacts import ImpactAnalysis
    from ..engine import CheckContext
    from ..i18n import Lang

FORMATS = ("graphml", "gexf", "dot", "mermaid")
# Output file suffix -> format, when --format is not given.
SUFFIXES = {
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".dot": "dot",
    ".gv": "dot",
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
    ".md": "mermaid",  # written inside a ```mermaid fence
}
# Titles in DOT and Mermaid boxes are cut to this many characters (the full ones are paragraphs).
LABEL_MAX = 30
# Mermaid's default limits (GitHub uses them): past these a diagram is not drawn.
MERMAID_MAX_EDGES = 500
MERMAID_MAX_TEXT = 50_000

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")

# Edge kinds of the impact graph (graph --impacts), as the analysis names its trade-offs.
IMPACT = "impact"
INTERACTION = "interaction"
# The signed colours of every impact picture: the HTML report's "good" green and "error" red.
POSITIVE_COLOUR = "#2e7d32"
NEGATIVE_COLOUR = "#c62828"
NEUTRAL_COLOUR = "#8a8f98"  # a 0 (consistent) impact: no significant interaction


def signed_colour(score: int) -> str:
    """Green for a positive score, red for a negative one, grey for 0."""
    if score > 0:
        return POSITIVE_COLOUR
    return NEGATIVE_COLOUR if score < 0 else NEUTRAL_COLOUR


def signed_width(score: int) -> float:
    """A line's width in pixels (points in DOT) by |score|: 1.5 a step; a 0 is a hairline."""
    return 1.5 * abs(score) if score else 0.75


def score_label(data: dict, lang: Lang) -> str:
    """An impact or interaction edge as people read it: ``+2 強化`` / ``-1 constraining``."""
    score = data["score"]
    name = data["scale_ja"] if lang == "ja" else data["scale"]
    return f"{score:+d} {name}" if score else f"0 {name}"


def format_for(path: Path) -> str | None:
    """The format an output file's suffix implies, if any."""
    return SUFFIXES.get(path.suffix.lower())


# --- The graph ---------------------------------------------------------------------------------


def _node_attributes(context: CheckContext, node_id: str, kind: str) -> dict[str, str]:
    """A framework node's or a measure's export attributes (empty values left out)."""
    framework = context.framework
    if kind == FRAMEWORK:
        node = framework.nodes[node_id]
        attributes = {
            "kind": FRAMEWORK,
            "framework": node.framework,
            "level": node.level,
            "title": node.title,
            "title_en": node.title_en,
            "short_title": node.short_title,
            "short_title_en": node.short_title_en,
            "fields": ";".join(node.fields),
            "color": next(
                (
                    framework.nodes[n].color
                    for n in (node_id, *framework.ancestors(node_id))
                    if framework.nodes[n].color
                ),
                None,
            ),
        }
    else:
        loaded = context.measures[node_id]
        measure = loaded.measure
        attributes = {
            "kind": MEASURE,
            "title": measure.title,
            "title_en": measure.title_en,
            "owner": measure.owner,
            "fields": measure.field,
            "file": loaded.file,
        }
    return {k: v for k, v in attributes.items() if v}


def alignment_graph(context: CheckContext) -> nx.DiGraph:
    """The draft's alignment graph with scalar, export-ready attributes (see the module doc)."""
    framework = context.framework
    source = context.graph
    graph = nx.DiGraph()
    for node_id, data in source.nodes(data=True):
        graph.add_node(node_id, **_node_attributes(context, node_id, data["kind"]))
    for source_id, target_id, data in source.edges(data=True):
        attributes = {"kind": data["kind"]}
        if data["kind"] == RELATION:
            attributes["relation_type"] = data["type"]
            relation = next(
                (r for r in framework.relations if (r.source, r.target) == (source_id, target_id)),
                None,
            )
            if relation is not None and relation.note:
                attributes["note"] = relation.note
            if relation is not None and relation.basis != "stated":
                attributes["basis"] = relation.basis  # the project's reading, not a source's
        graph.add_edge(source_id, target_id, **attributes)
    return graph


def impact_graph(context: CheckContext, analysis: ImpactAnalysis) -> nx.DiGraph:
    """The signed network of the impact pre-assessment (see the module doc), from ``analysis``.

    Nodes: the framework nodes that are impacted or in an interaction, in the framework file's
    order, then the measures with an impact or impacted by another measure, in draft order.
    Edges: the interactions and each measure's direct impacts in their order; networkx lists
    edges by their source node, so every format writes the interactions first.
    """
    from ..analysis.impacts import interaction_matrix
    from ..vocabulary import IMPACT_SCALE

    matrix = interaction_matrix(context)
    impacted = {impact.on for p in analysis.profiles.values() for impact in p.direct}
    in_matrix = set(matrix) | {target for row in matrix.values() for target in row}
    measures = {m for m, p in analysis.profiles.items() if p.direct} | (
        impacted & context.measures.keys()
    )
    cluster_of = {
        member: number
        for number, cluster in enumerate(analysis.clusters, start=1)
        for member in cluster.members
    }

    graph = nx.DiGraph()
    for node_id in context.framework.nodes:
        if node_id in impacted or node_id in in_matrix:
            graph.add_node(node_id, **_node_attributes(context, node_id, FRAMEWORK))
    for measure_id, profile in analysis.profiles.items():
        if measure_id not in measures:
            continue
        graph.add_node(
            measure_id,
            **_node_attributes(context, measure_id, MEASURE),
            positive=profile.positive,
            negative=profile.negative,
            second_order=float(profile.second_order_sum),
            # the knock-on's help and harm apart, which the sum alone can hide
            second_positive=float(profile.second_positive),
            second_negative=float(profile.second_negative),
            net=float(profile.net),
        )
    for node_id, number in cluster_of.items():
        if node_id in graph:
            graph.nodes[node_id]["cluster"] = number

    def scored(kind: str, score: int, **written: str | bool | None) -> dict:
        english, japanese = IMPACT_SCALE[score]
        attributes = {
            "kind": kind,
            "score": score,
            "weight": abs(score),
            "sign": "positive" if score > 0 else "negative" if score < 0 else "neutral",
            "scale": english,
            "scale_ja": japanese,
        }
        attributes.update((key, value) for key, value in written.items() if value is not None)
        return attributes

    for profile in analysis.profiles.values():
        for impact in profile.direct:
            graph.add_edge(
                impact.measure,
                impact.on,
                **scored(
                    IMPACT,
                    impact.score,
                    assessed=impact.assessed,
                    note=impact.note,
                    mitigation=impact.mitigation,
                    evidence=impact.evidence,
                ),
            )
    notes: dict[tuple[str, str], str | None] = {}
    if context.interactions is not None:
        for item in context.interactions.items:  # the first of a pair listed twice counts
            notes.setdefault((item.source, item.target), item.note)
    for source_id, row in matrix.items():
        for target_id, score in row.items():
            note = notes.get((source_id, target_id))
            graph.add_edge(source_id, target_id, **scored(INTERACTION, score, note=note))
    return graph


def neighbourhood(graph: nx.DiGraph, centre: str, depth: int) -> nx.DiGraph:
    """The nodes within ``depth`` hops of ``centre``, whatever the edges' direction.

    Nodes and edges keep the whole graph's order, so the output is the same on every run.
    """
    keep = set(nx.ego_graph(graph.to_undirected(as_view=True), centre, radius=depth))
    result = nx.DiGraph()
    result.add_nodes_from((n, data) for n, data in graph.nodes(data=True) if n in keep)
    result.add_edges_from(
        (u, v, data) for u, v, data in graph.edges(data=True) if u in keep and v in keep
    )
    return result


def display_label(data: dict, lang: Lang) -> str:
    """A node's short title in ``lang``, cut to :data:`LABEL_MAX` characters."""
    if lang == "en":
        candidates = ("short_title_en", "title_en", "short_title", "title")
    else:
        candidates = ("short_title", "title")
    text = next((data[key] for key in candidates if data.get(key)), "")
    text = visible(" ".join(text.split()))
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"


# --- GraphML and GEXF --------------------------------------------------------------------------


def to_graphml(graph: nx.DiGraph) -> str:
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True)
    return xml_safe(buffer.getvalue().decode("utf-8"))


def _viz_colour(colour: str) -> dict[str, int | float]:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return {"r": red, "g": green, "b": blue, "a": 1.0}


def to_gexf(graph: nx.DiGraph) -> str:
    """GEXF 1.2, with the colours also as Gephi's ``viz:color`` (impact and interaction edges:
    green or red, ``viz:thickness`` by |score|; their GEXF ``weight`` is |score|)."""
    export = graph.copy()
    for _, data in export.nodes(data=True):
        colour = data.get("color")
        if colour and _COLOUR.match(colour):
            data["viz"] = {"color": _viz_colour(colour)}
    for _, _, data in export.edges(data=True):
        if data["kind"] in (IMPACT, INTERACTION):
            data["viz"] = {
                "color": _viz_colour(signed_colour(data["score"])),
                "thickness": signed_width(data["score"]),
            }
    buffer = io.BytesIO()
    nx.write_gexf(export, buffer, encoding="utf-8", prettyprint=True)
    return xml_safe(buffer.getvalue().decode("utf-8"))


# --- DOT (Graphviz) ----------------------------------------------------------------------------

_DOT_EDGE_STYLE = {
    PARENT: {},
    SUPPORTS: {"color": "#c98a00"},
    DEPENDS_ON: {"style": "dashed"},
    RELATION: {"style": "dotted"},
}


def dot_quote(text: str) -> str:
    r"""A DOT double-quoted string: ``\`` and ``"`` escaped, line breaks as ``\n``."""
    escaped = visible(text, keep_lines=True).replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{escaped}"'


def _dot_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _dot_attributes(attributes: dict[str, object]) -> str:
    return ", ".join(f"{key}={dot_quote(_dot_value(value))}" for key, value in attributes.items())


def _signed_style(data: dict, lang: Lang) -> dict[str, str]:
    """An impact or interaction edge drawn by its sign and size; interactions dashed."""
    style = {
        "color": signed_colour(data["score"]),
        "penwidth": f"{signed_width(data['score']):g}",
        "label": score_label(data, lang),
    }
    if data["kind"] == INTERACTION:
        style["style"] = "dashed"
    return style


def to_dot(graph: nx.DiGraph, lang: Lang) -> str:
    """A Graphviz digraph: every id and value quoted; framework nodes boxes, measures ellipses."""
    lines = [
        'digraph "seta-align" {',
        '  graph [rankdir="LR", charset="UTF-8"];',
        '  node [shape="box", style="rounded", fontname="sans-serif"];',
        '  edge [fontname="sans-serif", fontsize="10"];',
    ]
    for node_id, data in graph.nodes(data=True):
        visual = {"label": f"{node_id}\n{display_label(data, lang)}".rstrip()}
        if data["kind"] == MEASURE:
            visual["shape"] = "ellipse"
        colour = data.get("color")
        if colour and _COLOUR.match(colour):
            visual.update(style="rounded,filled", fillcolor=colour, fontcolor=text_colour(colour))
        visual["tooltip"] = data.get("title", "")
        attributes = {**visual, **{k: v for k, v in data.items() if k not in visual}}
        lines.append(f"  {dot_quote(node_id)} [{_dot_attributes(attributes)}];")
    for source, target, data in graph.edges(data=True):
        attributes = {**data, **_DOT_EDGE_STYLE.get(data["kind"], {})}
        if data["kind"] == RELATION:
            attributes["label"] = data.get("relation_type", "")
        elif data["kind"] in (IMPACT, INTERACTION):
            attributes.update(_signed_style(data, lang))
        lines.append(
            f"  {dot_quote(source)} -> {dot_quote(target)} [{_dot_attributes(attributes)}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- Mermaid -----------------------------------------------------------------------------------

# Inside a quoted Mermaid label only `"` ends the text, but `#…;` is read as an entity and `<`
# as HTML: these become Mermaid's entity codes, so no title can change the diagram.
_MERMAID_ENTITIES = {
    "#": "#35;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "&": "#amp;",
    "`": "#96;",
}
_MERMAID_UNSAFE = re.compile(r"[^A-Za-z0-9_]")
_MERMAID_CLASSES = (
    "    classDef framework fill:#eef3fb,stroke:#4a6fa5,color:#1b2233",
    "    classDef measure fill:#fff7e6,stroke:#c98a00,color:#332200",
)


def mermaid_text(text: str) -> str:
    """Text for inside a quoted Mermaid label: whitespace folded, special characters encoded."""
    return "".join(_MERMAID_ENTITIES.get(c, c) for c in " ".join(visible(text).split()))


def mermaid_ids(graph: nx.DiGraph) -> dict[str, str]:
    """Node id -> a Mermaid id of ``[A-Za-z0-9_]``: ``n_PP_6_5`` (framework), ``m_ECON_01``.

    The prefix keeps ids off Mermaid's keywords (``end``) and edge letters (``o``, ``x``);
    ids that fold to the same text get ``_2``, ``_3`` … in graph order.
    """
    result: dict[str, str] = {}
    taken: set[str] = set()
    for node_id, data in graph.nodes(data=True):
        prefix = "m" if data["kind"] == MEASURE else "n"
        base = f"{prefix}_{_MERMAID_UNSAFE.sub('_', node_id)}"
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}_{number}"
        taken.add(candidate)
        result[node_id] = candidate
    return result


def to_mermaid(graph: nx.DiGraph, lang: Lang, *, fenced: bool = False) -> str:
    """A ``flowchart LR`` for GitHub Markdown.

    Measures point at the nodes they serve; a parent is joined to its child by a plain line
    drawn from the child, so measures → actions → policies read left to right.
    """
    ids = mermaid_ids(graph)
    lines = ["flowchart LR"]
    styles = []
    for node_id, data in graph.nodes(data=True):
        label = mermaid_text(node_id)
        title = display_label(data, lang)
        if title:
            label += "<br/>" + mermaid_text(title)
        if data["kind"] == MEASURE:
            lines.append(f'    {ids[node_id]}("{label}"):::measure')
        else:
            lines.append(f'    {ids[node_id]}["{label}"]:::framework')
        colour = data.get("color")
        if colour and _COLOUR.match(colour):
            styles.append(
                f"    style {ids[node_id]} fill:{colour},stroke:{colour},"
                f"color:{text_colour(colour)}"
            )
    # Mermaid styles a link by its number, counted over every link in the order written.
    link_styles = []
    for number, (source, target, data) in enumerate(graph.edges(data=True)):
        kind = data["kind"]
        if kind == PARENT:
            lines.append(f"    {ids[target]} --- {ids[source]}")
        elif kind == SUPPORTS:
            lines.append(f"    {ids[source]} --> {ids[target]}")
        elif kind in (IMPACT, INTERACTION):
            arrow = "-.->" if kind == INTERACTION else "-->"
            label = mermaid_text(score_label(data, lang))
            lines.append(f'    {ids[source]} {arrow}|"{label}"| {ids[target]}')
            link_styles.append(
                f"    linkStyle {number} stroke:{signed_colour(data['score'])},"
                f"stroke-width:{signed_width(data['score']):g}px"
            )
        else:
            label = data.get("relation_type", "") if kind == RELATION else "depends_on"
            lines.append(f'    {ids[source]} -.->|"{mermaid_text(label)}"| {ids[target]}')
    lines.extend(_MERMAID_CLASSES)
    lines.extend(styles)
    lines.extend(link_styles)
    text = "\n".join(lines) + "\n"
    return f"```mermaid\n{text}```\n" if fenced else text


def mermaid_too_large(graph: nx.DiGraph, text: str) -> bool:
    """Whether Mermaid (and GitHub) would refuse to draw it with their default limits."""
    return graph.number_of_edges() > MERMAID_MAX_EDGES or len(text) > MERMAID_MAX_TEXT


def render(graph: nx.DiGraph, output_format: str, lang: Lang, *, fenced: bool = False) -> str:
    if output_format == "graphml":
        return to_graphml(graph)
    if output_format == "gexf":
        return to_gexf(graph)
    if output_format == "dot":
        return to_dot(graph, lang)
    if output_format == "mermaid":
        return to_mermaid(graph, lang, fenced=fenced)
    raise ValueError(output_format)
