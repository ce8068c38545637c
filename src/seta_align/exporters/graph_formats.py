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
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from ..graph import DEPENDS_ON, FRAMEWORK, MEASURE, PARENT, RELATION, SUPPORTS
from ..printable import visible, xml_safe

if TYPE_CHECKING:
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


def format_for(path: Path) -> str | None:
    """The format an output file's suffix implies, if any."""
    return SUFFIXES.get(path.suffix.lower())


# --- The graph ---------------------------------------------------------------------------------


def alignment_graph(context: CheckContext) -> nx.DiGraph:
    """The draft's alignment graph with scalar, export-ready attributes (see the module doc)."""
    framework = context.framework
    source = context.graph
    graph = nx.DiGraph()
    for node_id, data in source.nodes(data=True):
        if data["kind"] == FRAMEWORK:
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
        graph.add_node(node_id, **{k: v for k, v in attributes.items() if v})
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


def text_colour(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (SDG 7 is yellow)."""
    red, green, blue = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.299 * red + 0.587 * green + 0.114 * blue > 160 else "#ffffff"


# --- GraphML and GEXF --------------------------------------------------------------------------


def to_graphml(graph: nx.DiGraph) -> str:
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True)
    return xml_safe(buffer.getvalue().decode("utf-8"))


def to_gexf(graph: nx.DiGraph) -> str:
    """GEXF 1.2, with the colours also as Gephi's ``viz:color``."""
    export = graph.copy()
    for _, data in export.nodes(data=True):
        colour = data.get("color")
        if colour and _COLOUR.match(colour):
            red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
            data["viz"] = {"color": {"r": red, "g": green, "b": blue, "a": 1.0}}
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


def _dot_attributes(attributes: dict[str, str]) -> str:
    return ", ".join(f"{key}={dot_quote(value)}" for key, value in attributes.items())


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
    for source, target, data in graph.edges(data=True):
        kind = data["kind"]
        if kind == PARENT:
            lines.append(f"    {ids[target]} --- {ids[source]}")
        elif kind == SUPPORTS:
            lines.append(f"    {ids[source]} --> {ids[target]}")
        else:
            label = data.get("relation_type", "") if kind == RELATION else "depends_on"
            lines.append(f'    {ids[source]} -.->|"{mermaid_text(label)}"| {ids[target]}')
    lines.extend(_MERMAID_CLASSES)
    lines.extend(styles)
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
