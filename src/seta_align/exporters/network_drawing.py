"""The network picture as inline SVG for the HTML report (no matplotlib, no external files),
and as an SVG file of its own for ``graph --impacts --format svg``.

Every id and title is escaped; colours come from the framework file, whose schema allows only
``#RRGGBB``, and are checked again here. Inside the report measures link to their card
(``#m-ID``) and the SVG has no ``xmlns``: the HTML parser puts it in the SVG namespace. A
``standalone`` file has the XML declaration and the namespace, and no links to a report.

The impact network (a layout with ``impacts``) draws its signed edges — green positive, red
negative, width by |score|, interactions dashed, an arrowhead where the direction is not plain
from the columns, each with its score, note and mitigation as a tooltip — and a legend.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape

from ..i18n import Lang, Text
from ..printable import visible
from ..renderers.colours import text_colour, tint
from .network_layout import (
    FONT_SIZE,
    GOALS,
    LEGEND_ROW,
    LEGEND_SAMPLE,
    MARGIN,
    NetworkLayout,
)

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
FALLBACK = "#3b6ea8"

T = {
    "title": Text(
        "施策と計画・条例・SDGs の紐づけ（最上位の項目にまとめて表示）",
        "Measures and the plan, ordinance and SDG nodes they serve (drawn to the top-level nodes)",
    ),
    "impacts_title": Text(
        "施策の影響の予測評価（緑: 正の影響、赤: 負の影響、線の太さ: |点数|、破線: 相互作用）",
        "Impact pre-assessment: measures' impacts (green positive, red negative, width by "
        "|score|, dashed: interactions between targets)",
    ),
    "unlinked": Text("（紐づく施策なし）", " (no measure)"),
}


def _e(value: object) -> str:
    return escape(visible(str(value), keep_lines=True), quote=True)


def _colour(value: str) -> str:
    return value if _COLOUR.match(value) else FALLBACK


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _points(points) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in points)


def _signed_edges(layout: NetworkLayout) -> list[str]:
    out = ['<g class="impacts" fill="none" stroke-opacity="0.75">']
    for edge in layout.signed_edges:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = layout.path(edge.source, edge.target)
        colour = _colour(edge.color)
        dash = ' stroke-dasharray="6 4"' if edge.dashed else ""
        out.append(
            f'<g class="edge {_e(edge.kind)}" data-from="{_e(edge.source)}" '
            f'data-to="{_e(edge.target)}" data-score="{edge.score}">'
            f"<title>{_e(edge.title)}</title>"
            f'<path d="M{_n(x0)} {_n(y0)}C{_n(x1)} {_n(y1)} {_n(x2)} {_n(y2)} {_n(x3)} {_n(y3)}" '
            f'stroke="{colour}" stroke-width="{_n(edge.width)}"{dash}/>'
        )
        if edge.arrow:
            out.append(
                f'<polygon points="{_points(layout.arrowhead(edge))}" fill="{colour}" '
                'stroke="none"/>'
            )
        out.append("</g>")
    out.append("</g>")
    return out


def _legend(layout: NetworkLayout) -> list[str]:
    out = ['<g class="legend" fill="#1b2233">']
    for row, entry in enumerate(layout.legend):
        y = layout.legend_top + LEGEND_ROW * (row + 0.5)
        x = MARGIN
        if entry.width:
            dash = ' stroke-dasharray="6 4"' if entry.dashed else ""
            out.append(
                f'<line x1="{_n(x)}" y1="{_n(y)}" x2="{_n(x + LEGEND_SAMPLE)}" y2="{_n(y)}" '
                f'stroke="{_colour(entry.color)}" stroke-width="{_n(entry.width)}"{dash}/>'
            )
        text_x = x + LEGEND_SAMPLE + 8
        out.append(
            f'<text x="{_n(text_x)}" y="{_n(y + FONT_SIZE * 0.36)}">{_e(entry.text)}</text>'
        )
    out.append("</g>")
    return out


def svg_lines(
    layout: NetworkLayout,
    lang: Lang,
    *,
    element_id: str = "network-svg",
    standalone: bool = False,
) -> Iterator[str]:
    """The picture line by line as it is drawn: a line per edge and per node (a draft of
    100,000 measures draws as many; the report keeps them deflated as they come)."""
    width, height = layout.width, layout.height
    title = T["impacts_title"] if layout.impacts else T["title"]
    file_attributes = ""
    if standalone:
        # Outside the report no page styles the text: the report's Japanese font stack.
        from ..renderers.html import FONT_STACK

        file_attributes = f' xmlns="http://www.w3.org/2000/svg" font-family="{_e(FONT_STACK)}"'
    start = [
        f'<svg{file_attributes} id="{_e(element_id)}" class="network-svg" viewBox="0 0 {_n(width)} {_n(height)}" '
        # A picture in a file of its own; in the report its measures are links to their cards,
        # and a group (not an image) is what holds focusable links.
        f'width="{_n(width)}" height="{_n(height)}" role="{"img" if standalone else "group"}" '
        f'aria-labelledby="{_e(element_id)}-title" '
        f'font-size="{_n(FONT_SIZE)}">',
        f'<title id="{_e(element_id)}-title">{_e(title(lang))}</title>',
        '<g class="edges" fill="none" stroke-width="1.1" stroke-opacity="0.38">',
    ]
    if standalone:
        yield '<?xml version="1.0" encoding="UTF-8"?>'
    yield from start
    for edge in layout.edges:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = layout.curve(edge)
        yield (
            f'<path d="M{_n(x0)} {_n(y0)}C{_n(x1)} {_n(y1)} {_n(x2)} {_n(y2)} {_n(x3)} {_n(y3)}" '
            f'stroke="{_colour(edge.color)}" data-from="{_e(edge.measure)}" '
            f'data-to="{_e(edge.node)}"/>'
        )
    yield ("</g>")
    if layout.signed_edges:
        yield from _signed_edges(layout)
    yield ('<g class="headings" font-weight="bold" font-size="13" fill="#1b2233">')
    yield from [f'<text x="{_n(x)}" y="24">{_e(text)}</text>' for text, x in layout.headings]
    yield ("</g>")
    yield ('<g class="groups" font-weight="bold" fill="#333333">')
    for group in layout.groups:
        yield (f'<text x="{_n(group.x)}" y="{_n(group.y + 4)}">{_e(group.text)}</text>')
    yield ("</g>")
    yield ('<g class="nodes">')
    for node in layout.nodes.values():
        colour = _colour(node.color)
        title = node.title + ("" if node.links or node.kind == "measure" else T["unlinked"](lang))
        top = node.y - node.height / 2
        baseline = node.y + FONT_SIZE * 0.36
        if node.kind == "measure":
            # In the report a measure links to its card; a file of its own has no cards.
            if standalone:
                opening, closing = f'<g class="node measure" data-id="{_e(node.id)}">', "</g>"
            else:
                opening, closing = f'<a href="#m-{_e(node.id)}" class="node measure">', "</a>"
            yield (
                f"{opening}<title>{_e(title)}</title>"
                f'<rect x="{_n(node.left)}" y="{_n(top)}" width="{_n(node.width)}" '
                f'height="{_n(node.height)}" rx="3" fill="#fffaf0" stroke="#e8d3a6"/>'
                f'<circle cx="{_n(node.left)}" cy="{_n(node.y)}" r="2.6" fill="{colour}"/>'
                f'<circle cx="{_n(node.right)}" cy="{_n(node.y)}" r="2.6" fill="{colour}"/>'
                f'<text x="{_n(node.left + 6)}" y="{_n(baseline)}" fill="#1b2233">'
                f"{_e(node.label)}</text>{closing}"
            )
            continue
        if node.column == GOALS:
            fill, stroke, ink = colour, colour, text_colour(colour)
        else:
            fill, stroke, ink = tint(colour, 0.88), colour, "#1b2233"
        extra = ""
        if not node.links:
            fill, ink = "#f4f4f4", "#777777"
            extra = ' stroke-dasharray="3 2"'
        yield (
            f'<g class="node framework" data-id="{_e(node.id)}"><title>{_e(title)}</title>'
            f'<rect x="{_n(node.left)}" y="{_n(top)}" width="{_n(node.width)}" '
            f'height="{_n(node.height)}" rx="4" fill="{fill}" stroke="{stroke}"{extra}/>'
            f'<text x="{_n(node.left + 6)}" y="{_n(baseline)}" fill="{ink}">'
            f"{_e(node.label)}</text></g>"
        )
    yield ("</g>")
    if layout.legend:
        yield from _legend(layout)
    yield ("</svg>")


def render(
    layout: NetworkLayout,
    lang: Lang,
    *,
    element_id: str = "network-svg",
    standalone: bool = False,
) -> str:
    """The picture as one text: its :func:`svg_lines` joined (a file of its own ends with a
    newline)."""
    drawn = svg_lines(layout, lang, element_id=element_id, standalone=standalone)
    return "\n".join(drawn) + ("\n" if standalone else "")
