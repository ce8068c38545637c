"""``matrix --format html``: one self-contained page (no scripts, no external files).

Every text is HTML-escaped; the only markup is ours. Header cells of SDG columns carry the
goal's official colour. Cells of text from the user's files have class ``text``, whose
``mso-number-format: "\\@"`` asks Excel, when it opens the page, to keep them text, so that a
title like ``=HYPERLINK(…)`` is not run as a formula there; browsers ignore it.
"""

from __future__ import annotations

import re
from html import escape

from ..analysis.matrix import Matrix
from ..i18n import Lang
from ..printable import visible
from ..renderers.colours import text_colour
from .matrix_common import T, grid, heading, legend_title, marks

STYLE = """
body { font-family: "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif; margin: 1.5em; }
table { border-collapse: collapse; margin-bottom: 1.5em; }
th, td { border: 1px solid #999; padding: 0.25em 0.5em; }
.text { mso-number-format: "\\@"; }
thead th { position: sticky; top: 0; background: #eee; }
thead th.goal { font-weight: bold; }
td.mark, td.total { text-align: center; }
tfoot th, tfoot td, td.total { font-weight: bold; }
th.label { text-align: left; }
caption { text-align: left; font-weight: bold; margin-bottom: 0.5em; }
""".strip()


def _e(value: object) -> str:
    return escape(visible(str(value), keep_lines=True), quote=True)


def render(matrix: Matrix, lang: Lang) -> str:
    table = grid(matrix, lang)
    title = heading(matrix, lang)
    labels = len(table.labels)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>\n{STYLE}\n</style>",
        "</head>",
        "<body>",
        '<table class="matrix">',
        f"<caption>{_e(title)}</caption>",
        "<thead>",
        "<tr>",
    ]
    out += [f'<th scope="col" class="label">{_e(text)}</th>' for text in table.labels]
    for column in table.columns:
        if column.color and re.fullmatch(r"#[0-9A-Fa-f]{6}", column.color):
            # Black or white text, whichever reads at WCAG AA on the goal's colour.
            style = (
                f' class="goal" style="background-color: {column.color}; '
                f'color: {text_colour(column.color)}"'
            )
        else:
            style = ""
        out.append(
            f'<th scope="col" title="{_e(column.full_title(lang))}"{style}>{_e(column.id)}</th>'
        )
    out += [f'<th scope="col">{_e(text)}</th>' for text in table.totals]
    out += ["</tr>", "</thead>", "<tbody>"]

    def cells(row: list) -> list[str]:
        html = [f'<th scope="row" class="label text">{_e(row[0])}</th>']
        html += [f'<td class="text">{_e(v)}</td>' for v in row[1:labels]]
        html += [
            f'<td class="mark">{_e(v)}</td>' for v in row[labels : labels + len(table.columns)]
        ]
        html += [f'<td class="total">{_e(v)}</td>' for v in row[labels + len(table.columns) :]]
        return html

    for row in table.body:
        out += ["<tr>", *cells(row), "</tr>"]
    out += ["</tbody>", "<tfoot>"]
    for row in table.footer:
        out += ["<tr>", *cells(row), "</tr>"]
    out += ["</tfoot>", "</table>", "<ul>"]
    out += [f"<li>{_e(f'{mark} {meaning}'.strip())}</li>" for mark, meaning in marks(matrix, lang)]
    out += [
        "</ul>",
        '<table class="legend">',
        f"<caption>{_e(T['legend'](lang))}</caption>",
        f'<thead><tr><th scope="col">{_e(T["id"](lang))}</th>'
        f'<th scope="col">{_e(T["title"](lang))}</th></tr></thead>',
        "<tbody>",
    ]
    out += [
        f'<tr><td class="text">{_e(column.id)}</td>'
        f'<td class="text">{_e(legend_title(column, lang))}</td></tr>'
        for column in table.columns
    ]
    out += ["</tbody>", "</table>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
