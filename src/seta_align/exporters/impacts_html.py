"""``impacts --format html``: the impact pre-assessment as one self-contained page.

The page is the report's (same style, skeleton and Content-Security-Policy, and no script at
all): the signed measures × ``--columns`` matrix and the interactions matrix as diverging
heatmaps, the trade-offs with their mitigation, the contested nodes, the synergy clusters, the
influence ranking and the balance per SDG goal. The tables are written by
:mod:`.impact_tables_html`, which the report's 影響評価 section uses too. ``--measure`` and
``--node`` narrow the measures matrix, the trade-offs and the contested nodes to what involves
that id; the page says so.
"""

from __future__ import annotations

from ..analysis.impact_matrix import interactions_matrix, measures_matrix, narrowed
from ..i18n import Text
from ..printable import html_text as _e
from ..renderers.html import page_footer, page_header, page_start
from ..reporters.scope import SAMPLE
from . import impact_tables_html as tables

T = {
    "title": Text("影響の予測評価", "Impact pre-assessment"),
    "framework": Text("フレームワーク", "Framework"),
    "config": Text("設定", "Config"),
    "interactions": Text("相互作用", "Interactions"),
    "none": Text("なし", "none"),
    "matrices": Text("影響の対応表", "Impact matrices"),
    "trade_offs": Text("トレードオフ", "Trade-offs"),
    "clusters": Text("シナジー", "Synergies"),
    "influence": Text("影響力", "Influence"),
    "balance": Text("SDG ゴールごとの収支", "Balance per SDG goal"),
    "no_impacts": Text(
        "影響の評価（impacts）のある施策がありません。supports に書いた項目だけを +1 として数えています。",
        "No measure has an impact assessment (impacts); only the nodes in supports count, +1 each.",
    ),
    "focus": Text(
        "{option} {id}: 施策の対応表・トレードオフ・正負の影響を受けるノードは {id} に関わるものだけです。"
        "シナジー・影響力・収支は草案全体のものです。",
        "{option} {id}: the measures matrix, the trade-offs and the contested nodes show only "
        "what involves {id}; the synergies, influence and balance are of the whole draft.",
    ),
}


def render(view) -> str:
    context, analysis, lang, focus = view.context, view.analysis, view.lang, view.focus
    framework = context.framework
    title = T["title"](lang)
    interactions = context.interactions
    meta = [
        f"{T['framework'](lang)}: "
        + (framework.name if lang == "ja" else framework.name_en or framework.name),
        f"{T['config'](lang)}: {context.settings.config_name or T['none'](lang)}",
        f"{T['interactions'](lang)}: "
        + (interactions.file if interactions is not None else T["none"](lang)),
    ]
    sections = [
        ("matrices", T["matrices"](lang)),
        ("trade-offs", T["trade_offs"](lang)),
        ("clusters", T["clusters"](lang)),
        ("influence", T["influence"](lang)),
        ("balance", T["balance"](lang)),
    ]
    out = page_start(title, lang, style=tables.STYLE)
    out += page_header(title, meta, sections, lang)
    if context.settings.sample:
        out.append(f'<div class="banner sample" role="note">⚠ {_e(SAMPLE(lang))}</div>')
    out.append("<main>")
    if not tables.has_impacts(context):
        out.append(f'<p class="note" id="no-impacts">{_e(T["no_impacts"](lang))}</p>')
    if focus is not None:
        note = T["focus"].format(option=focus[0], id=focus[1])(lang)
        out.append(f'<p class="note" id="focus">{_e(note)}</p>')

    measures = narrowed(measures_matrix(context, analysis, view.columns), context, analysis, focus)
    out += ['<section id="matrices">', f"<h2>{_e(T['matrices'](lang))}</h2>"]
    out += tables.heatmap(measures, context, lang)
    if interactions is not None:
        out += tables.heatmap(interactions_matrix(context), context, lang)
    out.append("</section>")
    out.append('<section id="trade-offs">')
    out += tables.trade_offs(context, analysis, lang, focus, level=2)
    out += tables.contested(context, analysis, lang, focus, level=2)
    out += ["</section>", '<section id="clusters">']
    out += tables.clusters(context, analysis, lang, level=2)
    out += ["</section>", '<section id="influence">']
    out += tables.influence(context, analysis, lang, level=2)
    out += ["</section>", '<section id="balance">']
    out += tables.balance(context, analysis, lang, level=2)
    out += ["</section>", "</main>", page_footer(lang), "</body>", "</html>"]
    return "\n".join(out) + "\n"
