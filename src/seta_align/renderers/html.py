"""Any view as HTML, and the page every HTML output of seta-align shares.

**The page** (:func:`page_start`, :func:`page_header`, :func:`page_footer`) needs nothing but
itself: the style is inline, fonts are the system's (a Japanese stack first), and a
Content-Security-Policy forbids every network request and every script but ours, allowed by
its hash. The report, the impacts page and the progress page are all of it.

**A view** (:func:`section`) is a ``<section>``: its title, its facts and sentences, and each
table for a reader (views.model.Audience.READING) as ``table.data``. Every text goes through
:func:`..printable.html_text`. A cell keeps what it shows for scripts and tests: a row its id
(``data-id``) and status (``data-status``), a cell its figure (``data-value``, a fraction as in
the JSON document). A status is a badge in its colour (black or white text, whichever reads:
WCAG AA), a bar of statuses a bar of their shares, a series a line chart (renderers.svg). A
row whose first cell is strong heads the rows below it (a measure over its KPIs).

**A filter**: above a table that asks for one (``Table.filter``), a control narrows the rows to
one status, also from the address (``?status=behind``). Without JavaScript every row is shown
and the control stays hidden. Printed, the controls are hidden.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from itertools import chain

from .. import __version__
from ..dates import page_date
from ..i18n import Lang, Text
from ..printable import html_text as _e
from ..views.model import (
    DIM,
    FIGURES,
    NEGATIVE,
    POSITIVE,
    STRONG,
    WARN,
    Cell,
    Column,
    Facts,
    LineChart,
    Paragraph,
    Role,
    Table,
    View,
    blocks_for,
)
from .colours import FILLS, MARKS, NOT_ASSESSED, diverging, mark_fill, text_colour
from .svg import data_number

T = {
    "generated": Text("作成", "Generated"),
    "contents": Text("目次", "Contents"),
    "footer": Text(
        "seta-align {version} で作成。このファイルは単独で開け、ネットワークに接続しません。",
        "Made with seta-align {version}. This file stands alone and makes no network request.",
    ),
    "show": Text("表示", "Show"),
    "all": Text("すべて", "all"),
    "reset": Text("条件を解除", "Clear filters"),
    "shown": Text("{shown} / {total} 件を表示", "{shown} of {total} shown"),
}
# A table of more columns than this scrolls sideways in a region of its own.
WIDE = 10
# The class of a cell by its meaning, where it is not a status.
_CLASSES = {POSITIVE: "status-ok", NEGATIVE: "status-short", WARN: "status-short", DIM: "muted"}

FONT_STACK = (
    '"Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic", YuGothic, "Meiryo", '
    '"Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "IPAGothic", sans-serif'
)

STYLE = """
:root { --ink: #1b2233; --muted: #5b6475; --line: #d5d9e0; --soft: #f5f7fa; --accent: #3b6ea8;
  --error: #c62828; --warning: #8f5500; --info: #1f6f8b; --good: #2e7d32; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: FONTS; color: var(--ink); margin: 0; padding: 0 2rem 3rem;
  line-height: 1.55; font-size: 14px; background: #fff; }
header.top { border-bottom: 3px solid var(--accent); padding: 1.4rem 0 0.8rem; margin-bottom: 1rem; }
h1 { font-size: 1.7rem; margin: 0 0 0.3rem; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 0.6rem; padding-bottom: 0.2rem;
  border-bottom: 1px solid var(--line); break-after: avoid; }
h3 { font-size: 1.1rem; margin: 1.4rem 0 0.5rem; break-after: avoid; }
h4 { font-size: 1rem; margin: 1rem 0 0.4rem; break-after: avoid; }
p.meta, p.note, .muted { color: var(--muted); }
p.note { font-size: 0.9rem; margin: 0.2rem 0 0.8rem; }
.banner { border-radius: 6px; padding: 0.8rem 1rem; margin: 0.8rem 0 1.2rem; font-weight: 600; }
.banner.sample { background: #fff4d6; border: 2px solid var(--warning); color: #5a3b00; }
.banner.unreadable { background: #fdecea; border: 2px solid var(--error); color: #6d1010; }
.banner.unreadable h2 { margin: 0 0 0.4rem; border: 0; color: var(--error); font-size: 1.15rem; }
.banner.unreadable ul { margin: 0.4rem 0 0; padding-left: 1.2rem; font-weight: 400; }
.banner.unreadable code { font-weight: 600; }
nav.toc { display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; font-size: 0.95rem; }
nav.toc a { color: var(--accent); text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
a { color: var(--accent); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 0.8rem; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 0.7rem 0.9rem;
  background: var(--soft); break-inside: avoid; }
.card .label { font-size: 0.85rem; color: var(--muted); }
.card .value { font-size: 1.9rem; font-weight: bold; line-height: 1.2; }
.card .sub { font-size: 0.8rem; color: var(--muted); }
.card.wide { grid-column: span 2; }
.card.error .value { color: var(--error); }
.card.warning .value { color: var(--warning); }
.card.info .value { color: var(--info); }
.card.good .value { color: var(--good); }
.card.bad .value { color: var(--error); }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table { border-collapse: collapse; }
table.data { width: 100%; font-size: 0.9rem; }
table.data th, table.data td { border: 1px solid var(--line); padding: 0.3rem 0.45rem;
  vertical-align: top; text-align: left; }
table.data thead th { background: var(--soft); }
tr { break-inside: avoid; }
thead { display: table-header-group; }
.heatmap { font-size: 0.8rem; }
.heatmap th, .heatmap td { border: 1px solid #e3e6eb; padding: 0.15rem 0.3rem; }
.heatmap thead th { position: sticky; top: 0; background: #fff; z-index: 1; vertical-align: bottom; }
.heatmap th.goal { min-width: 2.3em; text-align: center; padding: 0.25rem 0.1rem; }
.heatmap th.goal .gid { display: block; font-size: 0.75rem; white-space: nowrap; }
.heatmap th.goal .glabel { writing-mode: vertical-rl; display: inline-block; max-height: 11em;
  overflow: hidden; white-space: nowrap; font-weight: normal; font-size: 0.78rem; line-height: 1.2; }
.heatmap td.c { text-align: center; width: 2.3em; }
.heatmap td.mixed { white-space: nowrap; }
.heatmap td.mixed .both { background: #fff; color: #1a1a1a; padding: 0 0.2em; border-radius: 2px; }
.heatmap td.mid, .heatmap th.mid { white-space: nowrap; font-family: ui-monospace, monospace;
  font-size: 0.78rem; }
.heatmap td.mid a { color: inherit; text-decoration: none; }
.heatmap td.mtitle { max-width: 36em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.heatmap tr.group th { text-align: left; background: var(--soft); font-weight: bold; }
.heatmap tfoot td, .heatmap tfoot th, .heatmap td.tot { font-weight: bold; text-align: center; }
.goal-legend { display: grid; grid-template-columns: repeat(auto-fill, minmax(14em, 1fr));
  gap: 0.2rem 1rem; font-size: 0.8rem; margin-top: 0.6rem; }
.cross td.n { text-align: center; min-width: 4em; font-variant-numeric: tabular-nums; }
.cross td.diag { font-weight: bold; outline: 1px solid var(--ink); outline-offset: -2px; }
.status-ok { color: var(--good); font-weight: bold; }
.status-short { color: var(--error); font-weight: bold; }
.network { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; padding: 0.5rem; }
.network svg { display: block; width: 100%; height: auto; max-width: 1400px; margin: 0 auto;
  font-family: FONTS; }
.network svg a:hover rect { stroke: var(--ink); stroke-width: 1.5; }
form.filters { display: none; flex-wrap: wrap; gap: 0.6rem 1.2rem; align-items: center;
  margin: 0.4rem 0 0.8rem; padding: 0.6rem 0.8rem; background: var(--soft); border-radius: 8px; }
html.js form.filters { display: flex; }
form.filters label { font-size: 0.9rem; }
form.filters select { font: inherit; padding: 0.15rem 0.3rem; max-width: 22em; }
form.filters button { font: inherit; padding: 0.15rem 0.7rem; }
.count { font-size: 0.9rem; color: var(--muted); }
.sev { display: inline-block; padding: 0 0.45em; border-radius: 3px; color: #fff;
  font-size: 0.8rem; white-space: nowrap; }
.sev.error { background: var(--error); }
.sev.warning { background: var(--warning); }
.sev.info { background: var(--info); }
.hint { display: block; color: var(--muted); font-size: 0.85rem; }
code, .code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  font-size: 0.85em; }
pre.source { margin: 0.2rem 0 0; font-size: 0.8rem; white-space: pre-wrap; color: var(--muted); }
.owner { margin-top: 1.2rem; }
.owner h3 { background: var(--soft); padding: 0.3rem 0.6rem; border-left: 4px solid var(--accent); }
.owner h3 .counts { font-size: 0.85rem; font-weight: normal; color: var(--muted); margin-left: 0.8rem; }
.owner-index { columns: 3 16em; font-size: 0.9rem; }
.measures { display: grid; grid-template-columns: repeat(auto-fill, minmax(38rem, 1fr));
  gap: 0.7rem; margin-top: 0.6rem; }
article.measure { border: 1px solid var(--line); border-radius: 8px; padding: 0.6rem 0.9rem;
  break-inside: avoid; }
article.measure header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.2rem 0.7rem; }
article.measure .mid { font-family: ui-monospace, monospace; color: var(--muted); }
article.measure .mtitle { font-weight: bold; font-size: 1.02rem; }
article.measure .alt { color: var(--muted); font-size: 0.85rem; }
article.measure p.desc { margin: 0.3rem 0; font-size: 0.9rem; }
article.measure dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 0.8rem;
  margin: 0.4rem 0 0; font-size: 0.88rem; }
article.measure dt { color: var(--muted); }
article.measure dd { margin: 0; }
.badge { display: inline-block; border: 1px solid var(--line); border-radius: 999px;
  padding: 0 0.55em; font-size: 0.8rem; background: #fff; white-space: nowrap; }
.chips { display: flex; flex-wrap: wrap; gap: 0.25rem; }
.chip { display: inline-block; border-radius: 4px; padding: 0.05em 0.45em; font-size: 0.8rem;
  border: 1px solid var(--line); background: #fff; max-width: 100%; }
.chip.sdg { border-color: transparent; }
.chip.unknown { border-color: var(--error); color: var(--error); }
.chip .cid { font-family: ui-monospace, monospace; font-weight: bold; margin-right: 0.3em; }
table.kpis { font-size: 0.85rem; }
table.kpis th, table.kpis td { border-bottom: 1px solid #eef0f3; padding: 0.1rem 0.6rem 0.1rem 0; text-align: left; }
.missing { color: var(--warning); font-weight: bold; }
footer { margin-top: 3rem; padding-top: 0.6rem; border-top: 1px solid var(--line);
  color: var(--muted); font-size: 0.85rem; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { padding: 0; font-size: 10.5pt; }
  form.filters, html.js form.filters, nav.toc, .no-print { display: none !important; }
  h2 { margin-top: 1.2rem; }
  #heatmap, #network, #owners, #impacts-appendix { break-before: page; }
  #heatmap h2, #network h2, #owners h2, #impacts-appendix h2 { margin-top: 0; }
  .card, tr, article.measure, .goal-legend > span { break-inside: avoid; }
  .heatmap { font-size: 7pt; }
  .heatmap thead th { position: static; }
  .heatmap th.goal { min-width: 0; }
  .heatmap td.c { width: auto; }
  .heatmap td.mtitle { max-width: 30em; }
  .network { border: none; padding: 0; overflow: visible; }
  .network svg { width: auto; max-width: 100%; height: 180mm; }
  a { color: inherit; text-decoration: none; }
}
""".replace("FONTS", FONT_STACK).strip()



# A heat cell with nothing scored: grey, by one rule rather than a style on each of the
# thousands of cells a large draft's heatmap has.
STYLE += f"\n.heatmap td[data-empty] {{ background-color: {NOT_ASSESSED}; }}\n"
STYLE += """
.st { display: inline-block; padding: 0 0.45em; border-radius: 3px; font-size: 0.8rem;
  white-space: nowrap; border: 1px solid rgba(0,0,0,0.12); }
.sbar { display: flex; height: 1.1rem; min-width: 10em; background: #eef0f3; border-radius: 3px;
  overflow: hidden; }
.sbar span { display: block; height: 100%; }
table.data td.bar-cell { width: 30%; vertical-align: middle; }
table.data tr.group th { background: var(--soft); text-align: left; }
table.data tfoot td { font-weight: bold; }
table.data td.num, table.data th.num { text-align: right; }
table.heatmap td.num { text-align: center; }
table.data td.c { text-align: center; }
table.data th.wide { min-width: 14em; }
.table-wrap { overflow-x: auto; }
.dbar { display: flex; height: 1rem; min-width: 12em; background: linear-gradient(to right,
  transparent calc(50% - 1px), var(--ink) calc(50% - 1px), var(--ink) calc(50% + 1px),
  transparent calc(50% + 1px)); }
.dbar .neg { background: #c53030; }
.dbar .pos { background: #2f855a; }
table.data td.chart { width: 210px; padding: 0.1rem 0.3rem; }
svg.kpi-chart { display: block; width: 200px; height: 60px; overflow: visible; }
svg.kpi-chart .axis { stroke: #d5d9e0; stroke-width: 1; }
svg.kpi-chart .now { stroke: #9aa1ad; stroke-width: 1; stroke-dasharray: 1 2; }
svg.kpi-chart .expected { fill: none; stroke: #5b6475; stroke-width: 1.2; stroke-dasharray: 4 3; }
svg.kpi-chart .actual { fill: none; stroke-width: 2; stroke-linejoin: round; }
svg.kpi-chart .target { fill: #ffffff; stroke: #1b2233; stroke-width: 1.5; }
svg.kpi-chart text { font-size: 8px; fill: #5b6475; }
@media print { svg.kpi-chart { width: 160px; height: 48px; } }
""".strip()

# The filter of the tables that ask for one (Table.filter): narrows the rows to one status.
SCRIPT = """
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  // Run on the page, and again on each part of it unpacked later (reporters/deferred.py).
  function filters(scope) {
    Array.prototype.slice.call(scope.querySelectorAll("form[data-filters]")).forEach(
      function (form) {
        var key = form.getAttribute("data-filters");
        var table = scope.querySelector('table[data-table="' + key + '"]');
        var count = scope.querySelector('p[data-count="' + key + '"]');
        if (!table || !count) { return; }
        var select = form.elements.status;
        var template = count.getAttribute("data-template");
        var groups = Array.prototype.slice.call(table.tBodies);
        var total = table.querySelectorAll("tbody tr[data-status]").length;
        function apply() {
          var shown = 0;
          groups.forEach(function (group) {
            var rows = Array.prototype.slice.call(group.rows);
            var any = false;
            rows.forEach(function (row) {
              var status = row.getAttribute("data-status");
              if (row.classList.contains("group")) { return; }
              row.hidden = Boolean(select.value) && status !== select.value;
              if (!row.hidden) { shown += 1; any = true; }
            });
            rows.forEach(function (row) {
              if (row.classList.contains("group")) { row.hidden = !any; }
            });
          });
          count.textContent = template.replace("{shown}", shown).replace("{total}", total);
        }
        var query = new URLSearchParams(window.location.search);
        if (query.has("status")) {
          for (var i = 0; i < select.options.length; i += 1) {
            if (select.options[i].value === query.get("status")) { select.value = query.get("status"); }
          }
        }
        select.addEventListener("change", apply);
        form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
        form.addEventListener("submit", function (event) { event.preventDefault(); });
        apply();
      }
    );
  }
  filters(document);
  (window.setaAlignInit = window.setaAlignInit || []).push(filters);
  root.setAttribute("data-views-ready", "1");
}());
""".strip()


def _hash(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def page_header(
    title: str, meta: list[str], sections: list[tuple[str, str]], lang: Lang
) -> list[str]:
    """The page's heading: the title, a line of facts (ending with the date it was made) and
    the contents as in-page links ``(anchor, text)``."""
    facts = [*meta, f"{T['generated'](lang)}: {page_date()}"]
    out = [
        '<header class="top">',
        f"<h1>{_e(title)}</h1>",
        f'<p class="meta">{" ・ ".join(_e(item) for item in facts)}</p>',
        f'<nav class="toc" aria-label="{_e(T["contents"](lang))}">',
    ]
    out += [f'<a href="#{_e(anchor)}">{_e(text)}</a>' for anchor, text in sections]
    out += ["</nav>", "</header>"]
    return out


def page_start(
    title: str, lang: Lang, *, script: str | None = None, style: str = ""
) -> list[str]:
    """From the doctype to ``<body>``, for every page of this style (the report, the impact
    page): the report's style inline, and a Content-Security-Policy that forbids every network
    request and every script but ``script`` (ours, by its hash; none when not given)."""
    scripts = f"'sha256-{_hash(script)}'" if script is not None else "'none'"
    policy = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src {scripts}; base-uri 'none'; form-action 'none'"
    )
    return [
        "<!DOCTYPE html>",
        f'<html lang="{_e(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(policy)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="seta-align {_e(__version__)}">',
        f"<title>{_e(title)}</title>",
        f"<style>\n{STYLE}\n{style}\n</style>" if style else f"<style>\n{STYLE}\n</style>",
        "</head>",
        "<body>",
    ]


def page_footer(lang: Lang) -> str:
    return f"<footer>{_e(T['footer'].format(version=__version__)(lang))}</footer>"


# --- a view ------------------------------------------------------------------------------------


def document(view: View, lang: Lang) -> Iterator[str]:
    """``view`` as a whole page: its title, its facts in the page's heading, the contents
    (its tables), and the view. Line by line as it is drawn, a table at a time: the page of
    20,000 measures' impacts (130 MB) is never held whole."""
    # The blocks for a page, once: narrowing a table copies its rows.
    blocks = blocks_for(view, "html")
    tables = [b for b in blocks if isinstance(b, Table)]
    meta = [
        f"{label}: {value.text}"
        for block in blocks
        if isinstance(block, Facts)
        for label, value in block.items
    ]
    # The one script (the filter) only where a table has one: a page without it runs none.
    script = SCRIPT if any(t.filter for t in tables) else None
    out = page_start(view.title, lang, script=script)
    out += page_header(view.title, meta, [(t.key, t.title) for t in tables if t.key], lang)
    out.append("<main>")
    end = ["</main>", page_footer(lang)]
    if script is not None:
        end.append(f"<script>{script}</script>")
    end += ["</body>", "</html>"]
    for line in chain(out, section_lines(view, lang, facts=False, blocks=blocks), end):
        yield line + "\n"


# A book of sheets to print: each starts on a new page, and its title and a table's headings
# come back at the top of every page it runs on.
BOOK_STYLE = """
.sheet { break-before: page; }
.sheet:first-of-type { break-before: auto; }
.sheet h2 { border-bottom: 2px solid var(--ink); padding-bottom: 0.2rem; }
@media print {
  body { font-size: 8pt; }
  header.top nav.toc { display: none; }
  header.top h1 { font-size: 13pt; margin: 0; }
  header.top .meta { font-size: 7pt; margin: 1mm 0 2mm; }
  .sheet h2 { font-size: 12pt; margin: 0 0 1.5mm; }
  .sheet h3 { font-size: 9.5pt; margin: 2.5mm 0 1mm; }
  .sheet p.note { margin: 0.5mm 0; font-size: 7.5pt; }
  .sheet table.data { font-size: 7.5pt; }
  .sheet table.data th, .sheet table.data td { padding: 0.5mm 1mm; line-height: 1.3; }
  .sheet .st { padding: 0 1mm; font-size: 7pt; }
  thead { display: table-header-group; }
}
@page { margin: 9mm 10mm 11mm; @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; } }
"""


# A page of the residents' site: a phone's width first, larger type, no print layout.
SITE_STYLE = """
body { max-width: 60rem; margin: 0 auto; padding: 0 1rem; font-size: 1.05rem; line-height: 1.7; }
header.site { padding: 1rem 0 0.5rem; border-bottom: 3px solid var(--ink); margin-bottom: 1rem; }
header.site p { margin: 0.3rem 0; }
nav.back { margin: 0.5rem 0 1rem; }
table.data { font-size: 0.95rem; }
footer.site { margin-top: 2rem; font-size: 0.85rem; color: var(--muted); }
@media (max-width: 40rem) {
  body { font-size: 1rem; } h1 { font-size: 1.4rem; }
  table.stack thead { display: none; }
  table.stack, table.stack tbody, table.stack tr, table.stack td { display: block; width: auto; }
  table.stack tr { border: 1px solid var(--line); border-radius: 4px; margin-bottom: 0.8rem; }
  table.stack td { border: none; border-bottom: 1px solid var(--soft); }
  table.stack td[data-label]::before { content: attr(data-label); display: block;
    font-size: 0.8rem; font-weight: bold; color: var(--muted); }
}
"""


def site_page(
    view: View, lang: Lang, *, header: list[str], back: tuple[str, str] | None, footer: list[str]
) -> str:
    """A page of the residents' progress site: ``header`` (the plan, who publishes it) above
    the title, a link back to the top page, the view, and ``footer`` (the data and its
    licence) with the date it was made."""
    out = page_start(view.title, lang, style=SITE_STYLE)
    out.append('<header class="site">')
    out += [f"<p>{_e(line)}</p>" for line in header]
    out.append(f"<h1>{_e(view.title)}</h1>")
    out.append("</header>")
    if back is not None:
        out.append(f'<nav class="back"><a href="{_e(back[0])}">← {_e(back[1])}</a></nav>')
    out.append("<main>")
    shown = section(view, lang, level=1)
    out += [line for line in shown[2:-1]]  # the title is the page's <h1> above
    out.append("</main>")
    footer = [*footer, f"{T['generated'](lang)}: {page_date()}"]
    out.append('<footer class="site">' + "<br>".join(_e(line) for line in footer) + "</footer>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def book(views: list[View], title: str, meta: list[str], lang: Lang) -> str:
    """``views`` as one page to print, each a sheet that starts on a new page (an evaluation
    sheet per policy); the contents link to each."""
    out = page_start(title, lang, style=BOOK_STYLE)
    out += page_header(title, meta, [(f"sheet-{i}", v.title) for i, v in enumerate(views, 1)], lang)
    out.append("<main>")
    for number, view in enumerate(views, 1):
        shown = section(view, lang, anchor=f"sheet-{number}", level=2)
        shown[0] = shown[0].replace("<section ", '<section class="sheet" ', 1)
        out += shown
    out += ["</main>", page_footer(lang), "</body>", "</html>"]
    return "\n".join(out) + "\n"


def section(view: View, lang: Lang, **options) -> list[str]:
    """``view`` as a ``<section>``, its lines in a list (the options of :func:`section_lines`)."""
    return list(section_lines(view, lang, **options))


def section_lines(
    view: View,
    lang: Lang,
    *,
    anchor: str | None = None,
    level: int = 2,
    facts: bool = True,
    blocks: list | None = None,
) -> Iterator[str]:
    """``view`` as a ``<section>``, line by line, a table's at a time: its title at ``level``,
    its tables one level below (``blocks``: the view's blocks for a page, when the caller has
    them already)."""
    yield f'<section id="{_e(anchor)}">' if anchor else "<section>"
    yield _heading(level, view.title)
    for block in blocks if blocks is not None else blocks_for(view, "html"):
        if isinstance(block, Paragraph):
            yield _paragraph(block)
        elif isinstance(block, Facts):
            if facts:
                yield _facts(block)
        else:
            yield from table_lines(block, lang, level=level + 1)
    yield "</section>"


def _heading(level: int, text: str, anchor: str | None = None) -> str:
    where = f' id="{_e(anchor)}"' if anchor else ""
    return f"<h{level}{where}>{_e(text)}</h{level}>"


def _paragraph(block: Paragraph) -> str:
    if block.lead is not None:
        items = ", ".join(f"<code>{_e(item)}</code>" for item in block.items or []) or "–"
        return f"<p><b>{_e(block.lead)}</b>: {items}</p>"
    if block.meaning == STRONG:
        return f'<p class="summary"><b>{_e(block.text)}</b></p>'
    if block.meaning == WARN:  # what a reader must see before any figure
        return f'<div class="banner sample" role="note">⚠ {_e(block.text)}</div>'
    css = "note " + _CLASSES.get(block.meaning or "", "")
    return f'<p class="{css.strip()}">{_e(block.text)}</p>'


def _facts(block: Facts) -> str:
    lines = "<br>".join(f"{_e(label)}: {_e(value.text)}" for label, value in block.items)
    return f'<p class="note">{lines}</p>'


def table(shown: Table, lang: Lang, *, level: int = 3) -> list[str]:
    """:func:`table_lines` in a list (the report's sections are lists of lines)."""
    return list(table_lines(shown, lang, level=level))


def table_lines(shown: Table, lang: Lang, *, level: int = 3) -> Iterator[str]:
    """A table for a reader, line by line: every row (the terminal's ``limit`` is for a
    screen). A view's page is written as its rows are drawn, never holding a table's HTML
    (the heatmap of 100,000 measures is a hundred megabytes of it)."""
    yield _heading(level, shown.title, shown.key or None)
    if not shown.rows:  # a table with no row says so: a header alone reads as a mistake
        yield f'<p class="note">{_e(shown.empty_text(lang))}</p>'
        for note in shown.notes:
            yield f'<p class="note">{_e(note)}</p>'
        return
    if shown.filter:
        yield from _filter(shown, lang)
    key = f' data-table="{_e(shown.key)}"' if shown.key else ""
    css = "data heatmap" if shown.heat else "data"
    if shown.stack:
        css += " stack"
    wide = len(shown.columns) > WIDE
    if wide:
        # A region that scrolls sideways takes the keyboard's focus, so it can be scrolled
        # without a mouse (WCAG 2.1.1), and is named by the table's title.
        yield f'<div class="table-wrap" tabindex="0" role="region" aria-label="{_e(shown.title)}">'
    yield f'<table class="{css}"{key}>'
    yield "<thead><tr>"
    for column in shown.columns:
        yield _header(column)
    yield "</tr></thead>"
    status = row_status(shown)
    drawn = _Drawn(shown)
    body_open = False
    for row in shown.rows:
        if row[0].meaning == STRONG:  # a heading over the rows below
            if body_open:
                yield "</tbody>"
            yield f'<tbody data-group="{_e(_value(row[0]))}">'
            yield _group_row(shown, row, lang)
            body_open = True
            continue
        if not body_open:
            yield "<tbody>"
            body_open = True
        yield _row(drawn, row, status, lang)
    if body_open:
        yield "</tbody>"
    if shown.totals:
        yield "<tfoot>"
        for totals in shown.totals:
            cells = "".join(
                _cell(drawn, cell, column, lang, heat=False)
                for cell, column in zip(totals, shown.columns, strict=True)
            )
            yield f'<tr class="totals">{cells}</tr>'
        yield "</tfoot>"
    yield "</table>"
    if wide:
        yield "</div>"
    for note in shown.notes:
        yield f'<p class="note">{_e(note)}</p>'


def row_status(shown: Table) -> int | None:
    """The column whose status is the row's (``data-status``, the filter's): the one with the
    status vocabulary (the latest, in a table of changes), else the first status column."""
    statuses = [i for i, c in enumerate(shown.columns) if c.role is Role.STATUS]
    vocabulary = [i for i in statuses if shown.columns[i].vocabulary]
    return (vocabulary or statuses or [None])[0]


class _Drawn:
    """What a table's cells are drawn against: its diverging scale, and the widest of each
    column of two-sided bars."""

    def __init__(self, shown: Table):
        self.table = shown
        self.widest: dict[int, float] = {}
        for index, column in enumerate(shown.columns):
            if column.role is Role.BAR:
                values = [row[index].value for row in shown.rows]
                sides = [abs(v) for value in values if isinstance(value, tuple) for v in value]
                self.widest[index] = max(sides, default=0) or 1


def _header(column: Column) -> str:
    css = "num" if column.role in FIGURES else ""
    if column.role in (Role.LABEL, Role.NOTE) and column.weight > 1:
        css = "wide"  # a title or a text gets room before the figures' headings do
    style = ""
    if column.colour:
        style = f' style="background-color: {column.colour}; color: {text_colour(column.colour)}"'
    text = _e(column.title)
    if column.subtitle:
        css = "goal"
        text = f'<span class="gid">{text}</span><span class="glabel">{_e(column.subtitle)}</span>'
    css = f' class="{css}"' if css else ""
    return f'<th scope="col"{css}{style}>{text}</th>'


def _value(cell: Cell) -> str:
    """A cell's figure or code for a ``data-`` attribute: a fraction rounded as in the JSON
    document, 140 not 140.0; empty when it has none."""
    value = cell.value
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value).lower()
    if isinstance(value, float):
        return data_number(value)
    if isinstance(value, int | str):
        return str(value)
    return ""


def _row(drawn: _Drawn, row: list[Cell], status: int | None, lang: Lang) -> str:
    shown = drawn.table
    attributes = ""
    if (identifier := _identifier(shown, row)) is not None:
        attributes += f' data-id="{_e(identifier)}"'
    if status is not None and row[status].meaning in FILLS:
        attributes += f' data-status="{row[status].meaning}"'
    cells = "".join(
        _cell(drawn, cell, column, lang, index=index, labelled=shown.stack)
        for index, (cell, column) in enumerate(zip(row, shown.columns, strict=True))
    )
    return f"<tr{attributes}>{cells}</tr>"


def _identifier(shown: Table, row: list[Cell]) -> str | None:
    """What a row is about, for scripts and tests: its first id, else its first cell's code."""
    for cell, column in zip(row, shown.columns, strict=True):
        if column.role is Role.ID:
            return _value(cell) if isinstance(cell.value, str) else cell.text
    first = row[0]
    return first.value if isinstance(first.value, str) and first.value else None


def _group_row(shown: Table, row: list[Cell], lang: Lang) -> str:
    """A heading row: its cells in one, a status as its badge."""
    parts = [f"<b>{_e(row[0].text.strip())}</b>"]
    for cell, column in zip(row[1:], shown.columns[1:], strict=True):
        if cell.text and cell.text != "–":
            parts.append(_content(cell, column, lang))
    return (
        f'<tr class="group"><th colspan="{len(shown.columns)}" scope="rowgroup">'
        f"{' '.join(parts)}</th></tr>"
    )


# A cell's class, by its column's role.
_CELL_CLASS = {
    **{role: ' class="num"' for role in FIGURES},
    Role.BAR: ' class="bar-cell"',
    Role.SERIES: ' class="chart"',
    Role.MARK: ' class="c"',
}


@lru_cache(maxsize=4096)
def _fill_style(fill: str) -> str:
    """The style of a cell filled with ``fill``, its text in the colour that reads on it: a
    table of thousands of cells has a few dozen fills."""
    return f' style="background-color: {fill}; color: {text_colour(fill)}"'


_diverging = lru_cache(maxsize=4096)(diverging)


def _cell(
    drawn: _Drawn,
    cell: Cell,
    column: Column,
    lang: Lang,
    *,
    index: int = 0,
    heat: bool = True,
    labelled: bool = False,
) -> str:
    value = cell.value
    attributes = ""
    if value is not None and column.role is not Role.LABEL:
        shown = value if type(value) is str else _value(cell)
        if shown:
            attributes = f' data-value="{_e(shown)}"'
    if labelled:  # its heading, for the card a narrow screen shows (Table.stack)
        attributes += f' data-label="{_e(column.title)}"'
    attributes += _CELL_CLASS.get(column.role, "")
    fill = cell.colour or (
        mark_fill(cell.meaning, column.colour) if cell.meaning in MARKS else None
    )
    if heat and column.heat and (scale := drawn.table.heat):
        if isinstance(value, int | float):
            fill = _diverging(value, scale)
        elif isinstance(value, tuple):
            # Help and harm in one cell: each half in its own colour, never netted.
            # The figures sit on a white label, which reads on either colour.
            positive, negative = value
            attributes = attributes.replace(' class="num"', ' class="num mixed"')
            attributes += f' data-positive="{positive}" data-negative="{negative}"'
            left, right = _diverging(positive, scale), _diverging(negative, scale)
            attributes += f' style="background: linear-gradient(90deg, {left} 50%, {right} 50%)"'
            if cell.detail:
                attributes += f' title="{_e(cell.detail)}"'
            return f'<td{attributes}><span class="both">{_e(cell.text)}</span></td>'
        else:  # nothing scored: grey (the style's rule), which is not the white of a 0
            attributes += ' data-empty="true"'  # one rule, not a style on thousands of cells
    if fill:
        attributes += _fill_style(fill)
    # A detail that only repeats what the cell shows (a measure's full title, where a narrow
    # screen cuts it) is no tooltip on a page, which shows the whole text.
    if cell.detail and cell.detail != cell.text.split("\n", 1)[0]:
        attributes += f' title="{_e(cell.detail)}"'
    if column.role is Role.BAR and isinstance(value, tuple):
        return f"<td{attributes}>{_two_sided(cell, drawn.widest.get(index, 1))}</td>"
    if fill:  # its text in the colour that reads on the fill, not in its meaning's
        return f"<td{attributes}>{_e(cell.text)}</td>"
    return f"<td{attributes}>{_content(cell, column, lang)}</td>"


def _two_sided(cell: Cell, widest: float) -> str:
    """A negative and a positive figure as bars on each side of an axis, as wide as their
    share of the column's widest figure."""
    negative, positive = cell.value
    left = abs(negative) / widest * 50
    right = abs(positive) / widest * 50
    return (
        f'<div class="dbar" role="img" aria-label="{_e(cell.text)}">'
        f'<span class="neg" style="width: {left:.2f}%; margin-left: {50 - left:.2f}%"></span>'
        f'<span class="pos" style="width: {right:.2f}%"></span></div>'
    )


def _content(cell: Cell, column: Column, lang: Lang) -> str:
    if column.role is Role.BAR:
        return _bar(cell)
    if column.role is Role.SERIES and isinstance(cell.value, LineChart):
        from .svg import line_chart

        return line_chart(cell.value)
    if not cell.text or cell.text == "–":
        return '<span class="muted">–</span>' if cell.text else ""
    if cell.meaning in FILLS:
        return badge(cell.text, cell.meaning)
    text = _e(cell.text.strip()).replace("\n", "<br>")
    if cell.link:
        text = f'<a href="{_e(cell.link)}">{text}</a>'
    if column.role is Role.ID:
        text = f"<code>{text}</code>"
    if cell.meaning == STRONG:
        return f"<b>{text}</b>"
    if css := _CLASSES.get(cell.meaning or ""):
        return f'<span class="{css}">{text}</span>'
    return text


def badge(text: str, status: str) -> str:
    """A status as a badge in its colour, with the text colour that reads on it."""
    fill = FILLS[status]
    return (
        f'<span class="st" data-status="{status}" style="background-color: {fill}; '
        f'color: {text_colour(fill)}">{_e(text)}</span>'
    )


def _bar(cell: Cell) -> str:
    """Counts by status (``cell.value``) as one bar, each status its share of the width, or a
    fraction (a coverage) as the filled share of one bar, green when whole, red when it says
    NEGATIVE (below a minimum); its words (``cell.text``) are its accessible name."""
    if isinstance(cell.value, float | int) and not isinstance(cell.value, bool):
        fill = {POSITIVE: "var(--good)", NEGATIVE: "var(--error)"}.get(cell.meaning or "", "#3b6ea8")
        width = min(max(float(cell.value), 0.0), 1.0) * 100
        return (
            f'<div class="sbar" role="img" aria-label="{_e(cell.text)}">'
            f'<span style="width: {width:.2f}%; background-color: {fill}"></span></div>'
        )
    counts = cell.value if isinstance(cell.value, dict) else {}
    total = sum(counts.values())
    if not total:
        return '<div class="sbar" role="img" aria-label="–"></div>'
    parts = [
        f'<span data-status="{_e(status)}" data-count="{count}" '
        f'style="width: {count / total * 100:.2f}%; background-color: {FILLS[status]}"></span>'
        for status, count in counts.items()
        if count and status in FILLS
    ]
    return f'<div class="sbar" role="img" aria-label="{_e(cell.text)}">{"".join(parts)}</div>'


def _filter(shown: Table, lang: Lang) -> list[str]:
    """The control that narrows ``shown`` to one status, and the count of rows shown."""
    column = row_status(shown)
    counts = shown.status_counts
    if counts is None:
        counts = Counter(row[column].meaning for row in shown.rows if row[0].meaning != STRONG)
    present, total = set(counts), sum(counts.values())
    choices = [
        (code, label)
        for label, code in (shown.columns[column].vocabulary or {}).items()
        if code in present
    ]
    options = f'<option value="">{_e(T["all"](lang))}</option>' + "".join(
        f'<option value="{_e(code)}">{_e(label)}</option>' for code, label in choices
    )
    template = T["shown"](lang)
    return [
        f'<form class="filters" data-filters="{_e(shown.key)}" role="search">',
        f'<label>{_e(T["show"](lang))} <select name="status">{options}</select></label>',
        f'<button type="reset">{_e(T["reset"](lang))}</button>',
        "</form>",
        f'<p class="count" data-count="{_e(shown.key)}" aria-live="polite" '
        f'data-template="{_e(template)}">'
        f"{_e(T['shown'].format(shown=total, total=total)(lang))}</p>",
    ]
