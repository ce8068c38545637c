"""The impact pre-assessment as HTML, written once for ``impacts --format html`` and for the
影響評価 section of ``seta-align report``: the signed cross-impact matrices as diverging
heatmaps, the trade-offs with their mitigation, the contested nodes, the synergy clusters, the
influence ranking and the balance per SDG goal.

Every function returns lines of HTML to put inside a page of the report's style (its CSS
variables and classes such as ``table.data``; :data:`STYLE` adds what these tables need). All
text from the measure, framework and interactions files goes through :func:`html_text`. A cell
carries its value (``data-value``), where it stands (``data-row``, ``data-column``) and, in its
tooltip, what makes it up: the impacts with their notes and mitigations.
"""

from __future__ import annotations

import re

from ..analysis.impact_matrix import SignedMatrix, in_focus
from ..analysis.impacts import DirectImpact, ImpactAnalysis, scale_name
from ..i18n import Lang, Text
from ..models import IMPACT_SCALE
from ..printable import html_text as _e
from ..renderers.colours import text_colour
from .signed_colours import NEGATIVE, NOT_ASSESSED, POSITIVE, SELF, signed_colour

T = {
    "measures_matrix": Text(
        "施策 × {level} の影響（符号付き）", "Impacts of the measures on {level} (signed)"
    ),
    "measures_note": Text(
        "セルは施策がその項目とその下位の項目に与える直接の影響の和です（supports に書いた項目は"
        " +1）。行の和はこの表の列（{level}）への直接の影響だけの和で、施策の「正味」（すべての"
        "項目への直接の影響と、相互作用を通じた二次の影響の和）とは別の値です。列の和は項目が受ける"
        "影響です。",
        "A cell sums the measure's direct impacts on the node and the nodes below it (a node in "
        "supports counts +1). A row sum counts only the direct impacts on this table's columns "
        "({level}): it is not the measure's net (its direct impacts on every node plus the "
        "second order through the interactions). A column sum is what the node receives.",
    ),
    "interactions_matrix": Text(
        "ターゲット間の相互作用（クロスインパクト行列）", "Interactions between targets (cross-impact matrix)"
    ),
    "interactions_note": Text(
        "行が影響を与える側、列が受ける側です。行の和は他を動かす度合い、列の和は他から動かされる"
        "度合いです（SEI の SDG Synergies）。",
        "Rows act on columns. A row sum is how much the target drives the others, a column sum "
        "how much the others drive it (SEI's SDG Synergies).",
    ),
    "judged": Text("評価について: {note}", "About this assessment: {note}"),
    "colours": Text(
        "緑は正、赤は負、白は 0（中立）、灰色は未評価（0 とは別）。色の濃さは |値| ÷ {extent}。"
        "セルにポインタを重ねると内訳を表示します。",
        "Green is positive, red negative, white 0 (consistent), grey not assessed (which is not "
        "0). The strength of a colour is |value| ÷ {extent}. Point at a cell to see what makes "
        "it up.",
    ),
    "strength": Text(
        "色の濃さ = |値| ÷ {extent}。灰色は未評価（0 とは別）。",
        "Colour strength = |value| ÷ {extent}; grey: not assessed (which is not 0).",
    ),
    "id": Text("ID", "ID"),
    "title": Text("名称", "Title"),
    "row_sum": Text("行の和", "Row sum"),
    "column_sum": Text("列の和", "Column sum"),
    "not_assessed": Text("未評価", "not assessed"),
    "itself": Text("自身（対象外）", "itself (not scored)"),
    "no_rows": Text(
        "{level} に直接の影響のある施策はありません。", "No measure has a direct impact on {level}."
    ),
    "from_supports": Text("supports による +1", "+1 from supports"),
    "contradiction": Text(
        "矛盾（SA601）: supports にあるノード。集計では supports の +1",
        "contradiction (SA601): the node is in supports; the sums count its +1",
    ),
    "mitigation": Text("緩和策", "Mitigation"),
    "evidence": Text("根拠資料", "Evidence"),
    "trade_offs": Text("トレードオフ（負の影響・相互作用）", "Trade-offs (negative impacts and interactions)"),
    "no_trade_offs": Text("トレードオフはありません。", "No trade-offs."),
    "score": Text("評価", "Score"),
    "from": Text("影響元", "From"),
    "on": Text("影響先", "On"),
    "kind": Text("種類", "Kind"),
    "impact": Text("施策の影響", "impact"),
    "interaction": Text("相互作用", "interaction"),
    "sides": Text(
        "所管（影響元 / 影響先を支える施策）", "Owners (source / measures serving the target)"
    ),
    "note": Text("内容", "Note"),
    "mitigated": Text("緩和策あり", "mitigated"),
    "unmitigated": Text("緩和策なし", "not mitigated"),
    "no_mitigation_field": Text("相互作用（緩和策の欄なし）", "interaction (no mitigation field)"),
    "contested": Text("正負の影響を受けるノード", "Contested nodes (helped and harmed)"),
    "no_contested": Text("正負の両方の影響を受けるノードはありません。", "No node is both helped and harmed."),
    "node": Text("ノード", "Node"),
    "helped": Text("支える施策", "Helped by"),
    "harmed": Text("妨げる施策", "Harmed by"),
    "clusters": Text("シナジーのまとまり", "Synergy clusters"),
    "clusters_note": Text(
        "同じ施策がともに後押しし、互いに強め合う目標のまとまり（Louvain 法）と、それを最も後押し"
        "する施策。2 分野以上の施策を含むまとまりは分野横断の取り組みです。",
        "Goals that the same measures help together and that reinforce each other (Louvain "
        "communities), with the measures that help each most. A cluster with measures of two or "
        "more fields is cross-field work.",
    ),
    "no_clusters": Text("シナジーのまとまりはありません。", "No synergy clusters."),
    "fields": Text("分野", "Fields"),
    "owners": Text("所管", "Owners"),
    "priority_policies": Text("重点政策", "Priority policies"),
    "measures": Text("施策", "Measures"),
    "nodes": Text("目標・項目", "Goals and nodes"),
    "cross_field": Text("分野横断", "cross-field"),
    "influence": Text("影響力の順位", "Influence ranking"),
    "by_net": Text("施策の影響（正味の大きい順）", "Measures by net impact"),
    "by_net_note": Text(
        "正味 = 正の影響の和 + 負の影響の和 + 相互作用を通じた二次の影響（s·t/3）の和。",
        "Net = the positive plus the negative direct impacts plus the second-order impacts "
        "through the interactions (s·t/3).",
    ),
    "measure": Text("施策", "Measure"),
    "owner": Text("所管", "Owner"),
    "positive": Text("正", "+"),
    "negative": Text("負", "−"),
    "second": Text("二次", "2nd order"),
    "net": Text("正味", "Net"),
    "goals": Text("SDG ゴール", "SDG goals"),
    "targets": Text("ターゲットの影響力（行の和の大きい順）", "Influence of the targets (by row sum)"),
    "targets_note": Text(
        "与える = 行の和、受ける = 列の和（正・負の内訳つき）、二次 = 行列の 2 乗の行の和"
        "（一つを介して与える影響）。",
        "Drives = row sum, driven = column sum (with their positive and negative parts), second "
        "order = the row sum of the matrix squared (what it drives through one other target).",
    ),
    "drives": Text("与える", "Drives"),
    "driven": Text("受ける", "Driven"),
    "parts": Text("正 / 負", "+ / −"),
    "no_interactions": Text(
        "相互作用ファイル（impacts: interactions）がないため、ターゲットの影響力はありません。",
        "No interactions file (impacts: interactions), so no influence of targets.",
    ),
    "balance": Text("SDG ゴールごとの収支（直接の影響）", "Balance per SDG goal (direct impacts)"),
    "balance_note": Text(
        "左の赤が負の影響の和、右の緑が正の影響の和です。", "Red to the left sums the negative "
        "impacts, green to the right the positive ones.",
    ),
    "no_balance": Text("SDG ゴールへの影響はありません。", "No impact on an SDG goal."),
}


# The colours of signed_colours, put in where the names stand.
STYLE = (
    """
.signed-wrap { overflow-x: auto; margin-bottom: 0.6rem; }
table.signed { font-size: 0.8rem; border-collapse: collapse; }
table.signed caption { text-align: left; font-weight: bold; padding-bottom: 0.3rem; }
table.signed th, table.signed td { border: 1px solid #d5d9e0; padding: 0.15rem 0.35rem; }
table.signed thead th { background: #fff; vertical-align: bottom; font-weight: normal; }
table.signed thead th.col { text-align: center; min-width: 2.6em; border-top-width: 4px; }
table.signed th.col .cid { display: block; font-weight: bold; font-size: 0.75rem;
  white-space: nowrap; }
table.signed th.col .clabel { writing-mode: vertical-rl; display: inline-block;
  max-height: 10em; overflow: hidden; white-space: nowrap; font-size: 0.75rem; line-height: 1.2; }
table.signed th.rid { text-align: left; white-space: nowrap; font-family: ui-monospace, monospace;
  font-weight: normal; }
table.signed td.rtitle { max-width: 24em; overflow: hidden; text-overflow: ellipsis;
  white-space: nowrap; }
table.signed td.v { text-align: center; font-variant-numeric: tabular-nums; font-weight: bold; }
table.signed td.na { background: NOT_ASSESSED; }
table.signed td.self { background: SELF; }
table.signed .sum { text-align: center; font-weight: bold; background: var(--soft);
  font-variant-numeric: tabular-nums; }
table.data td.num, table.data th.num { text-align: right; }
.pos-text { color: var(--good); }
.neg-text { color: var(--error); }
.signed-legend { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; font-size: 0.8rem;
  color: var(--muted); margin: 0.2rem 0 1rem; }
.score-badge { display: inline-block; padding: 0 0.45em; border-radius: 3px; white-space: nowrap;
  font-size: 0.8rem; font-weight: bold; border: 1px solid rgba(0,0,0,0.12); }
.badge.cross { border-color: var(--good); color: var(--good); font-weight: bold; }
.balance { margin: 0.4rem 0 1rem; max-width: 60rem; }
.balance-row { display: grid; grid-template-columns: minmax(12em, 1.4fr) 3em 1fr 1fr 3em;
  align-items: center; padding: 0.15rem 0; border-bottom: 1px solid #eef0f3; break-inside: avoid; }
.balance-row .half { display: flex; height: 1.1rem; }
.balance-row .half.neg { justify-content: flex-end; border-right: 2px solid var(--ink); }
.balance-row .bar { display: block; height: 100%; }
.balance-row .half.neg .bar { background: NEGATIVE; }
.balance-row .half.pos .bar { background: POSITIVE; }
.balance-row .num { font-size: 0.8rem; font-variant-numeric: tabular-nums; padding: 0 0.3rem; }
.balance-row .num.neg-text { text-align: right; }
""".strip()
    .replace("NOT_ASSESSED", NOT_ASSESSED)
    .replace("SELF", SELF)
    .replace("NEGATIVE", NEGATIVE)
    .replace("POSITIVE", POSITIVE)
)


def has_impacts(context) -> bool:
    """Whether any measure of the draft carries an impact assessment (``impacts:``)."""
    return any(loaded.measure.impacts for loaded in context.measures.values())


def signed(value: float) -> str:
    """+2, -1, 0: the sign always written, as every format of the assessment writes it."""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):+d}" if value else "0"
    return f"{value:+.2f}"


class Names:
    """Titles, labels and colours of ids (measures or framework nodes) in one language."""

    def __init__(self, context, lang: Lang):
        self.context = context
        self.framework = context.framework
        self.lang = lang

    def title(self, identifier: str) -> str:
        """A measure's title or a node's full title, in the language where there is one."""
        loaded = self.context.measures.get(identifier)
        if loaded is not None:
            measure = loaded.measure
            return (measure.title_en or measure.title) if self.lang == "en" else measure.title
        node = self.framework.nodes.get(identifier)
        if node is None:
            return ""
        return (node.title_en or node.title) if self.lang == "en" else node.title

    def label(self, identifier: str) -> str:
        """A node's short label (a measure's title)."""
        node = self.framework.nodes.get(identifier)
        return node.label(self.lang) if node is not None else self.title(identifier)

    def colour(self, identifier: str) -> str | None:
        """The node's colour or its nearest ancestor's (an SDG target: its goal's). It goes into
        a style attribute, so only ``#rrggbb`` (the framework's schema allows nothing else)."""
        if identifier not in self.framework.nodes:
            return None
        for candidate in (identifier, *self.framework.ancestors(identifier)):
            colour = self.framework.nodes[candidate].color
            if colour and re.fullmatch(r"#[0-9A-Fa-f]{6}", colour):
                return colour
        return None

    def field(self, field_id: str) -> str:
        definition = self.framework.fields.get(field_id)
        if definition is None:
            return field_id
        return definition.title if self.lang == "ja" else definition.title_en or definition.title

    def level(self, key: str) -> str:
        level = self.framework.level(key)
        if level is None:
            return key
        info = self.framework.frameworks[level.framework]
        if self.lang == "ja":
            return f"{info.title} {level.title}"
        return f"{info.title_en or info.title} {level.title_en or level.title}"

    def join(self, items) -> str:
        return ("・" if self.lang == "ja" else ", ").join(items)


def _t(key: str, lang: Lang, **values: object) -> str:
    text = T[key].format(**values) if values else T[key]
    return text(lang)


def _score_badge(score: int, lang: Lang) -> str:
    fill = signed_colour(score, 3)
    return (
        f'<span class="score-badge" data-value="{score}" style="background-color: {fill}; '
        f'color: {text_colour(fill)}">{_e(signed(score))} {_e(scale_name(score, lang))}</span>'
    )


def _sign_class(value: float) -> str:
    return "pos-text" if value > 0 else "neg-text" if value < 0 else ""


def _heading(level: int, text: str) -> str:
    return f"<h{level}>{_e(text)}</h{level}>"


def _id_with_title(names: Names, identifier: str) -> str:
    title = names.title(identifier)
    code = f"<code>{_e(identifier)}</code>"
    return f"{code} {_e(title)}" if title else code


# --- the signed heatmaps -----------------------------------------------------------------------


def _part_line(impact: DirectImpact, lang: Lang) -> str:
    """One impact of a cell's tooltip: target, score and scale, then its note and mitigation."""
    line = f"{impact.on} {signed(impact.score)} {scale_name(impact.score, lang)}"
    if impact.contradiction:  # as the file wrote it, marked: never shown as the +1
        line = (
            f"{impact.on} {signed(impact.written)} {scale_name(impact.written, lang)} "
            f"— {_t('contradiction', lang)}"
        )
    if not impact.assessed:
        return f"{line} — {_t('from_supports', lang)}"
    details = [text for text in (impact.note,) if text]
    if impact.mitigation:
        details.append(f"{_t('mitigation', lang)}: {impact.mitigation}")
    if impact.evidence:
        details.append(f"{_t('evidence', lang)}: {impact.evidence}")
    return f"{line} — {' / '.join(details)}" if details else line


def _interaction_notes(context) -> dict[tuple[str, str], str]:
    """The note of each scored pair of the interactions file (the first of a pair listed twice,
    as the analysis takes its score)."""
    notes: dict[tuple[str, str], str] = {}
    if context.interactions is None:
        return notes
    for item in context.interactions.items:
        notes.setdefault((item.source, item.target), item.note or "")
    return notes


def heatmap(matrix: SignedMatrix, context, lang: Lang) -> list[str]:
    """A signed matrix as a diverging heatmap with its row and column sums and a legend."""
    names = Names(context, lang)
    level = names.level(matrix.level) if matrix.level else ""
    if matrix.kind == "measures":
        caption = _t("measures_matrix", lang, level=level)
        notes = [_t("measures_note", lang, level=level)]
    else:
        caption = _t("interactions_matrix", lang)
        notes = [_t("interactions_note", lang)]
        if context.interactions is not None and context.interactions.note:
            notes.append(_t("judged", lang, note=context.interactions.note))
    if not matrix.rows:
        return [f'<p class="note">{_e(_t("no_rows", lang, level=level or matrix.level))}</p>']
    extent = matrix.extent
    interaction_notes = _interaction_notes(context) if matrix.kind == "interactions" else {}
    out = [
        f'<p class="note">{_e(" ".join(notes))}</p>',
        # A region that scrolls sideways takes the keyboard's focus, so it can be scrolled
        # without a mouse (WCAG 2.1.1), and is named by its caption.
        f'<div class="signed-wrap" tabindex="0" role="region" aria-label="{_e(caption)}">',
        f'<table class="signed" data-kind="{_e(matrix.kind)}" data-level="{_e(matrix.level)}" '
        f'data-extent="{extent}">',
        f"<caption>{_e(caption)}</caption>",
        "<thead><tr>",
        f'<th scope="col" class="rid">{_e(_t("id", lang))}</th>',
        f'<th scope="col">{_e(_t("title", lang))}</th>',
    ]
    for column in matrix.columns:
        colour = names.colour(column) or "#d5d9e0"
        out.append(
            f'<th scope="col" class="col" data-column="{_e(column)}" '
            f'style="border-top-color: {colour}" title="{_e(column)} {_e(names.title(column))}">'
            f'<span class="cid">{_e(column)}</span>'
            f'<span class="clabel">{_e(names.label(column))}</span></th>'
        )
    out += [f'<th scope="col" class="sum">{_e(_t("row_sum", lang))}</th>', "</tr></thead>", "<tbody>"]
    for row in matrix.rows:
        title = names.title(row)
        cells = [
            f'<tr data-row="{_e(row)}">',
            f'<th scope="row" class="rid">{_e(row)}</th>',
            f'<td class="rtitle" title="{_e(title)}">{_e(title)}</td>',
        ]
        for column in matrix.columns:
            where = f'data-row="{_e(row)}" data-column="{_e(column)}"'
            heading = f"{row} × {column}"
            if matrix.kind == "interactions" and row == column:
                cells.append(
                    f'<td class="self" {where} title="{_e(heading)}: {_e(_t("itself", lang))}"></td>'
                )
                continue
            value = matrix.cells.get((row, column))
            if value is None:
                cells.append(
                    f'<td class="na" {where} title="{_e(heading)}: '
                    f'{_e(_t("not_assessed", lang))}"></td>'
                )
                continue
            fill = signed_colour(value, extent)
            if matrix.kind == "measures":
                lines = [_part_line(p, lang) for p in matrix.parts.get((row, column), [])]
            else:
                lines = [f"{row} → {column} {signed(value)} {scale_name(value, lang)}"]
                if interaction_notes.get((row, column)):
                    lines[0] += f" — {interaction_notes[(row, column)]}"
            tooltip = "\n".join([f"{heading}: {signed(value)}", *lines])
            css = "v pos" if value > 0 else "v neg" if value < 0 else "v zero"
            cells.append(
                f'<td class="{css}" {where} data-value="{value}" style="background-color: '
                f'{fill}; color: {text_colour(fill)}" title="{_e(tooltip)}">{_e(signed(value))}</td>'
            )
        cells.append(_sum_cell(matrix, [(row, c) for c in matrix.columns], f'data-row="{_e(row)}"'))
        cells.append("</tr>")
        out.append("".join(cells))
    out.append("</tbody><tfoot><tr>")
    out.append(f'<th scope="row" colspan="2" class="sum">{_e(_t("column_sum", lang))}</th>')
    for column in matrix.columns:
        out.append(
            _sum_cell(matrix, [(r, column) for r in matrix.rows], f'data-column="{_e(column)}"')
        )
    out += ['<td class="sum"></td>', "</tr></tfoot>", "</table>", "</div>"]
    out += legend(extent, lang)
    return out


def _sum_cell(matrix: SignedMatrix, keys: list[tuple[str, str]], where: str) -> str:
    """A row's or a column's sum; — when none of its cells is assessed (which is not 0)."""
    values = [matrix.cells[key] for key in keys if key in matrix.cells]
    if not values:
        return f'<td class="sum" {where}>—</td>'
    total = sum(values)
    return (
        f'<td class="sum {_sign_class(total)}" {where} data-value="{total}">{_e(signed(total))}</td>'
    )


def legend(extent: int, lang: Lang) -> list[str]:
    """The scale's seven scores in their colours on this extent, and not assessed."""
    items = []
    for score in sorted(IMPACT_SCALE, reverse=True):
        fill = signed_colour(score, extent)
        items.append(
            f'<span><span class="swatch" style="background: {fill}"></span>'
            f"{_e(signed(score))} {_e(scale_name(score, lang))}</span>"
        )
    items.append(
        f'<span><span class="swatch" style="background: {NOT_ASSESSED}"></span>'
        f"{_e(_t('not_assessed', lang))}</span>"
    )
    return [
        f'<div class="signed-legend">{"".join(items)}</div>',
        f'<p class="note">{_e(_t("colours", lang, extent=extent))}</p>',
    ]


# --- trade-offs, contested nodes, clusters, influence, balance ---------------------------------


def trade_offs(
    context, analysis: ImpactAnalysis, lang: Lang, focus=None, *, level: int = 3
) -> list[str]:
    names = Names(context, lang)
    found = [t for t in analysis.trade_offs if in_focus(context, focus, t.source, t.target)]
    out = [_heading(level, _t("trade_offs", lang))]
    if not found:
        return [*out, f'<p class="note">{_e(_t("no_trade_offs", lang))}</p>']
    out += [
        '<table class="data trade-offs">',
        "<thead><tr>",
        *(
            f'<th scope="col">{_e(_t(key, lang))}</th>'
            for key in ("score", "from", "on", "kind", "sides", "note", "mitigation")
        ),
        "</tr></thead><tbody>",
    ]
    for item in found:
        if item.kind == "interaction":
            status = "none"
            mitigation = f'<span class="muted">— {_e(_t("no_mitigation_field", lang))}</span>'
        elif item.mitigated:
            status = "yes"
            mitigation = (
                f'<span class="status-ok">✓ {_e(_t("mitigated", lang))}</span> '
                f"{_e(item.mitigation or '')}"
            )
        else:
            status = "no"
            mitigation = f'<span class="status-short">✗ {_e(_t("unmitigated", lang))}</span>'
        sides = " / ".join(
            [names.join(item.source_owners) or "–", names.join(item.target_owners) or "–"]
        )
        out.append(
            f'<tr data-source="{_e(item.source)}" data-target="{_e(item.target)}" '
            f'data-kind="{_e(item.kind)}" data-mitigated="{status}">'
            f"<td>{_score_badge(item.score, lang)}</td>"
            f"<td>{_id_with_title(names, item.source)}</td>"
            f"<td>{_id_with_title(names, item.target)}</td>"
            f"<td>{_e(_t(item.kind, lang))}</td>"
            f"<td>{_e(sides)}</td>"
            f"<td>{_e(item.note or '')}</td>"
            f"<td>{mitigation}</td></tr>"
        )
    out.append("</tbody></table>")
    return out


def contested(
    context, analysis: ImpactAnalysis, lang: Lang, focus=None, *, level: int = 3
) -> list[str]:
    names = Names(context, lang)
    found = [
        entry
        for entry in analysis.nodes.values()
        if entry.contested
        and in_focus(
            context, focus, entry.node, *(i.measure for i in entry.positive + entry.negative)
        )
    ]
    out = [_heading(level, _t("contested", lang))]
    if not found:
        return [*out, f'<p class="note">{_e(_t("no_contested", lang))}</p>']
    out += [
        '<table class="data contested">',
        "<thead><tr>",
        *(f'<th scope="col">{_e(_t(k, lang))}</th>' for k in ("node", "helped", "harmed")),
        "</tr></thead><tbody>",
    ]

    def side(impacts: list[DirectImpact], css: str) -> str:
        return ("、" if lang == "ja" else ", ").join(
            f'<code>{_e(i.measure)}</code> <span class="{css}">{_e(signed(i.score))}</span>'
            for i in impacts
        )

    for entry in found:
        out.append(
            f'<tr data-node="{_e(entry.node)}"><td>{_id_with_title(names, entry.node)}</td>'
            f"<td>{side(entry.positive, 'pos-text')}</td>"
            f"<td>{side(entry.negative, 'neg-text')}</td></tr>"
        )
    out.append("</tbody></table>")
    return out


def clusters(context, analysis: ImpactAnalysis, lang: Lang, *, level: int = 3) -> list[str]:
    names = Names(context, lang)
    out = [_heading(level, _t("clusters", lang))]
    if not analysis.clusters:
        return [*out, f'<p class="note">{_e(_t("no_clusters", lang))}</p>']
    out += [
        f'<p class="note">{_e(_t("clusters_note", lang))}</p>',
        '<table class="data clusters">',
        '<thead><tr><th scope="col">#</th>',
        *(
            f'<th scope="col">{_e(_t(k, lang))}</th>'
            for k in ("fields", "priority_policies", "owners", "measures", "nodes")
        ),
        "</tr></thead><tbody>",
    ]
    for number, cluster in enumerate(analysis.clusters, 1):
        fields = names.join(names.field(f) for f in cluster.fields)
        if cluster.cross_field:
            fields = f'{_e(fields)} <span class="badge cross">{_e(_t("cross_field", lang))}</span>'
        else:
            fields = _e(fields)
        measures = "<br>".join(_id_with_title(names, m) for m in cluster.measures)
        nodes = " ".join(
            f'<code title="{_e(names.title(m))}">{_e(m)}</code>'
            for m in cluster.members
            if m not in cluster.measures
        )
        out.append(
            f'<tr data-cluster="{number}" data-cross-field="{str(cluster.cross_field).lower()}">'
            f"<td>{number}</td><td>{fields}</td>"
            f"<td>{_e(' '.join(cluster.priority_policies))}</td>"
            f"<td>{_e(names.join(cluster.owners))}</td>"
            f"<td>{measures}</td><td>{nodes}</td></tr>"
        )
    out.append("</tbody></table>")
    return out


def influence(context, analysis: ImpactAnalysis, lang: Lang, *, level: int = 3) -> list[str]:
    """The measures by net impact, and the targets of the interactions by how much they drive."""
    names = Names(context, lang)
    out = [
        _heading(level, _t("influence", lang)),
        _heading(level + 1, _t("by_net", lang)),
        f'<p class="note">{_e(_t("by_net_note", lang))}</p>',
        '<table class="data ranking measures-ranking">',
        "<thead><tr>",
        '<th scope="col">#</th>',
        f'<th scope="col">{_e(_t("measure", lang))}</th>',
        f'<th scope="col">{_e(_t("owner", lang))}</th>',
        *(
            f'<th scope="col" class="num">{_e(_t(k, lang))}</th>'
            for k in ("positive", "negative", "second", "net")
        ),
        f'<th scope="col">{_e(_t("goals", lang))}</th>',
        "</tr></thead><tbody>",
    ]
    ordered = sorted(analysis.profiles.values(), key=lambda p: (-p.net, p.measure))
    for rank, profile in enumerate(ordered, 1):
        second = profile.second_order_sum
        out.append(
            f'<tr data-measure="{_e(profile.measure)}" data-net="{profile.net}"><td>{rank}</td>'
            f"<td>{_id_with_title(names, profile.measure)}</td><td>{_e(profile.owner)}</td>"
            f'<td class="num pos-text">{_e(signed(profile.positive))}</td>'
            f'<td class="num {_sign_class(profile.negative)}">{_e(signed(profile.negative))}</td>'
            f'<td class="num {_sign_class(second)}">{_e(f"{second:+.2f}")}</td>'
            f'<td class="num {_sign_class(profile.net)}"><b>{_e(f"{profile.net:+.2f}")}</b></td>'
            f"<td>{_e(' '.join(profile.sdg_goals))}</td></tr>"
        )
    out.append("</tbody></table>")
    out.append(_heading(level + 1, _t("targets", lang)))
    if not analysis.influence:
        return [*out, f'<p class="note">{_e(_t("no_interactions", lang))}</p>']
    order = {node_id: i for i, node_id in enumerate(context.framework.nodes)}
    ranked = sorted(
        analysis.influence.values(),
        key=lambda i: (-i.out_sum, -i.second_order, order.get(i.id, len(order)), i.id),
    )
    out += [
        f'<p class="note">{_e(_t("targets_note", lang))}</p>',
        '<table class="data ranking targets-ranking">',
        "<thead><tr>",
        '<th scope="col">#</th>',
        f'<th scope="col">{_e(_t("node", lang))}</th>',
        f'<th scope="col" class="num">{_e(_t("drives", lang))}</th>',
        f'<th scope="col" class="num">{_e(_t("parts", lang))}</th>',
        f'<th scope="col" class="num">{_e(_t("driven", lang))}</th>',
        f'<th scope="col" class="num">{_e(_t("parts", lang))}</th>',
        f'<th scope="col" class="num">{_e(_t("second", lang))}</th>',
        "</tr></thead><tbody>",
    ]
    for rank, item in enumerate(ranked, 1):
        out.append(
            f'<tr data-node="{_e(item.id)}" data-out="{item.out_sum}" data-in="{item.in_sum}" '
            f'data-second="{item.second_order}"><td>{rank}</td>'
            f"<td>{_id_with_title(names, item.id)}</td>"
            f'<td class="num {_sign_class(item.out_sum)}"><b>{_e(signed(item.out_sum))}</b></td>'
            f'<td class="num">{_e(signed(item.out_positive))} / {_e(signed(item.out_negative))}</td>'
            f'<td class="num {_sign_class(item.in_sum)}">{_e(signed(item.in_sum))}</td>'
            f'<td class="num">{_e(signed(item.in_positive))} / {_e(signed(item.in_negative))}</td>'
            f'<td class="num {_sign_class(item.second_order)}">{_e(signed(item.second_order))}</td>'
            "</tr>"
        )
    out.append("</tbody></table>")
    return out


def balance(context, analysis: ImpactAnalysis, lang: Lang, *, level: int = 3) -> list[str]:
    """Per SDG goal, the negative direct impacts as a red bar to the left of the middle line and
    the positive ones as a green bar to the right, both to the same scale."""
    names = Names(context, lang)
    out = [_heading(level, _t("balance", lang))]
    if not analysis.goal_balance:
        return [*out, f'<p class="note">{_e(_t("no_balance", lang))}</p>']
    widest = max(max(p, -n) for p, n in analysis.goal_balance.values()) or 1
    out += [f'<p class="note">{_e(_t("balance_note", lang))}</p>', '<div class="balance">']
    for goal, (positive, negative) in analysis.goal_balance.items():
        colour = names.colour(goal) or "#d5d9e0"
        out.append(
            f'<div class="balance-row" data-goal="{_e(goal)}" data-positive="{positive}" '
            f'data-negative="{negative}" role="img" aria-label="{_e(goal)} {_e(signed(negative))}'
            f' {_e(signed(positive))}">'
            f'<div><span class="swatch" style="background: {colour}"></span><b>{_e(goal)}</b> '
            f'<span title="{_e(names.title(goal))}">{_e(names.label(goal))}</span></div>'
            f'<span class="num neg-text">{_e(signed(negative)) if negative else ""}</span>'
            f'<div class="half neg"><span class="bar" style="width: {-negative / widest * 100:.2f}%">'
            "</span></div>"
            f'<div class="half pos"><span class="bar" style="width: {positive / widest * 100:.2f}%">'
            "</span></div>"
            f'<span class="num pos-text">{_e(signed(positive)) if positive else ""}</span>'
            "</div>"
        )
    out.append("</div>")
    return out
