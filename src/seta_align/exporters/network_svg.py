"""The network picture as inline SVG for the HTML report (no matplotlib, no external files).

Every id and title is escaped; colours come from the framework file, whose schema allows only
``#RRGGBB``, and are checked again here. Measures link to their card in the report
(``#m-ID``). The SVG has no ``xmlns``: inside HTML the parser puts it in the SVG namespace.
"""

from __future__ import annotations

import re
from html import escape

from ..i18n import Lang, Text
from ..printable import visible
from .graph_formats import text_colour
from .network_layout import FONT_SIZE, GOALS, NetworkLayout, tint

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
FALLBACK = "#3b6ea8"

T = {
    "title": Text(
        "施策と計画・条例・SDGs の紐づけ（最上位の項目にまとめて表示）",
        "Measures and the plan, ordinance and SDG nodes they serve (drawn to the top-level nodes)",
    ),
    "unlinked": Text("（紐づく施策なし）", " (no measure)"),
}


def _e(value: object) -> str:
    return escape(visible(str(value), keep_lines=True), quote=True)


def _colour(value: str) -> str:
    return value if _COLOUR.match(value) else FALLBACK


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def render(layout: NetworkLayout, lang: Lang, *, element_id: str = "network-svg") -> str:
    width, height = layout.width, layout.height
    out = [
        f'<svg id="{_e(element_id)}" class="network-svg" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'width="{_n(width)}" height="{_n(height)}" role="img" aria-labelledby="{_e(element_id)}-title" '
        f'font-size="{_n(FONT_SIZE)}">',
        f'<title id="{_e(element_id)}-title">{_e(T["title"](lang))}</title>',
        '<g class="edges" fill="none" stroke-width="1.1" stroke-opacity="0.38">',
    ]
    for edge in layout.edges:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = layout.curve(edge)
        out.append(
            f'<path d="M{_n(x0)} {_n(y0)}C{_n(x1)} {_n(y1)} {_n(x2)} {_n(y2)} {_n(x3)} {_n(y3)}" '
            f'stroke="{_colour(edge.color)}" data-from="{_e(edge.measure)}" '
            f'data-to="{_e(edge.node)}"/>'
        )
    out.append("</g>")
    out.append('<g class="headings" font-weight="bold" font-size="13" fill="#1b2233">')
    out += [f'<text x="{_n(x)}" y="24">{_e(text)}</text>' for text, x in layout.headings]
    out.append("</g>")
    out.append('<g class="groups" font-weight="bold" fill="#333333">')
    for group in layout.groups:
        out.append(f'<text x="{_n(group.x)}" y="{_n(group.y + 4)}">{_e(group.text)}</text>')
    out.append("</g>")
    out.append('<g class="nodes">')
    for node in layout.nodes.values():
        colour = _colour(node.color)
        title = node.title + ("" if node.links or node.kind == "measure" else T["unlinked"](lang))
        top = node.y - node.height / 2
        baseline = node.y + FONT_SIZE * 0.36
        if node.kind == "measure":
            out.append(
                f'<a href="#m-{_e(node.id)}" class="node measure"><title>{_e(title)}</title>'
                f'<rect x="{_n(node.left)}" y="{_n(top)}" width="{_n(node.width)}" '
                f'height="{_n(node.height)}" rx="3" fill="#fffaf0" stroke="#e8d3a6"/>'
                f'<circle cx="{_n(node.left)}" cy="{_n(node.y)}" r="2.6" fill="{colour}"/>'
                f'<circle cx="{_n(node.right)}" cy="{_n(node.y)}" r="2.6" fill="{colour}"/>'
                f'<text x="{_n(node.left + 6)}" y="{_n(baseline)}" fill="#1b2233">'
                f"{_e(node.label)}</text></a>"
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
        out.append(
            f'<g class="node framework" data-id="{_e(node.id)}"><title>{_e(title)}</title>'
            f'<rect x="{_n(node.left)}" y="{_n(top)}" width="{_n(node.width)}" '
            f'height="{_n(node.height)}" rx="4" fill="{fill}" stroke="{stroke}"{extra}/>'
            f'<text x="{_n(node.left + 6)}" y="{_n(baseline)}" fill="{ink}">'
            f"{_e(node.label)}</text></g>"
        )
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)
