"""The impact pre-assessment's tables as a view: which measures do the most, which trade off
against which goals (and whether it is mitigated), which nodes are helped and harmed, and the
synergy clusters. The words and the choice of rows are made here, once."""

from __future__ import annotations

from ..analysis.impacts import ImpactAnalysis, priority_policies_served, scale_name
from ..i18n import Text
from ..printable import visible
from .model import DIM, NEGATIVE, POSITIVE, STRONG, WARN, Cell, Column, Paragraph, Role, Table, View

T = {
    "ranking": Text("施策の影響（正味の大きい順）", "Measures by net impact"),
    "measure": Text("施策", "Measure"),
    "title": Text("施策名", "Title"),
    "owner": Text("所管", "Owner"),
    "positive": Text("正", "+"),
    "negative": Text("負", "−"),
    "second": Text("二次", "2nd order"),
    "net": Text("正味", "Net"),
    "goals": Text("SDG", "SDGs"),
    "trade_offs": Text(
        "トレードオフ（相反する影響・相互作用）", "Trade-offs (negative impacts and interactions)"
    ),
    "score": Text("評価", "Score"),
    "from": Text("影響元", "From"),
    "to": Text("影響先", "On"),
    "sides": Text("所管（影響元 / 影響先を支える）", "Owners (source / serving the target)"),
    "mitigation": Text("緩和策", "Mitigation"),
    "none": Text("なし", "none"),
    "interaction": Text("相互作用", "interaction"),
    "contested": Text("正負の影響を受けるノード", "Contested nodes (helped and harmed)"),
    "node": Text("ノード", "Node"),
    "helped": Text("支える施策", "Helped by"),
    "harmed": Text("妨げる施策", "Harmed by"),
    "clusters": Text("シナジーのまとまり", "Synergy clusters"),
    "fields": Text("分野", "Fields"),
    "priority": Text("重点政策", "Priority policy"),
    "members": Text("施策と目標", "Measures and goals"),
    "cross": Text("分野横断", "cross-field"),
    "whole_list": Text("全件: --format markdown", "all of them: --format markdown"),
    "note": Text("根拠・説明", "Note"),
    "direct": Text("直接の影響", "Direct impacts"),
    "evidence": Text("根拠資料", "Evidence"),
    "contradiction": Text(
        "矛盾（SA601）: supports にあるノード。集計では supports の +1",
        "contradiction (SA601): the node is in supports; the sums count its +1",
    ),
    "balance": Text("SDG ゴールごとの収支（直接の影響）", "Balance per SDG goal (direct impacts)"),
    "sum_positive": Text("正の和", "Positive"),
    "sum_negative": Text("負の和", "Negative"),
    "title_view": Text("影響の予測評価", "Impact pre-assessment"),
    "summary": Text(
        "トレードオフ {total} 件（施策の影響 {impacts} 件: 緩和策あり {mitigated}・なし {open}、"
        "目標間の相互作用 {interactions} 件）／正負の影響を受けるノード {contested} 件／"
        "シナジーのまとまり {clusters} 件（うち分野横断 {cross}）",
        "{total} trade-offs ({impacts} impacts of measures: {mitigated} mitigated, {open} not; "
        "{interactions} interactions between targets); {contested} contested nodes; {clusters} "
        "synergy clusters ({cross} cross-field)",
    ),
    "no_impacts": Text(
        "影響の評価（impacts）のある施策がありません。supports だけでは +1 として数えます。",
        "No measure has an impact assessment (impacts); supports alone count +1.",
    ),
    "no_profile": Text("{id}: 影響なし", "{id}: no impacts"),
}
BALANCE_WIDTH = 12
# The ranking shows the measures that do the most, then the last few with a negative impact.
TOP, LAST_NEGATIVE = 15, 5


def _t(key: str, lang: str) -> str:
    return T[key](lang)


def measure_title(context, measure_id: str, lang: str) -> str:
    measure = context.measures[measure_id].measure
    return visible((measure.title_en if lang == "en" else None) or measure.title)


def labelled(context, identifier: str, lang: str) -> str:
    """An id with its title: a measure's title or a framework node's label."""
    if identifier in context.measures:
        return f"{identifier} {measure_title(context, identifier, lang)}"
    node = context.framework.nodes.get(identifier)
    if node is None:
        return visible(identifier)
    return f"{identifier} {visible(node.label(lang))}"


def in_policies(context, identifier: str) -> str:
    """`` 〔PP-6〕``: the priority policies a measure serves, shown beside it in a trade-off."""
    found = priority_policies_served(context, identifier)
    return f" 〔{' '.join(found)}〕" if found else ""


def field_name(context, field_id: str, lang: str) -> str:
    definition = context.framework.fields.get(field_id)
    if definition is None:
        return field_id
    return definition.title if lang == "ja" else definition.title_en or definition.title


def score_cell(score: int, lang: str) -> Cell:
    meaning = POSITIVE if score > 0 else (NEGATIVE if score < 0 else DIM)
    return Cell(f"{score:+d} {scale_name(score, lang)}", score, meaning)


def ranking(context, analysis: ImpactAnalysis, lang: str) -> Table:
    table = Table(
        _t("ranking", lang),
        [
            Column(_t("measure", lang), Role.ID),
            Column(_t("title", lang), Role.LABEL, weight=3, narrowest=20),
            Column(_t("owner", lang), Role.LABEL, priority=3),
            Column(_t("positive", lang), Role.NUMBER),
            Column(_t("negative", lang), Role.NUMBER),
            Column(_t("second", lang), Role.NUMBER, priority=2),
            Column(_t("net", lang), Role.NUMBER),
            Column(_t("goals", lang), Role.NOTE, priority=1),
        ],
        more=_t("whole_list", lang),
    )
    ordered = sorted(analysis.profiles.values(), key=lambda p: (-p.net, p.measure))
    shown = ordered[:TOP] + [p for p in ordered[TOP:] if p.negative][-LAST_NEGATIVE:]
    table.shown_of = len(ordered)
    for profile in shown:
        table.add(
            profile.measure,
            measure_title(context, profile.measure, lang),
            visible(profile.owner),
            Cell(f"+{profile.positive}", profile.positive, POSITIVE),
            Cell(str(profile.negative), profile.negative, NEGATIVE if profile.negative else DIM),
            Cell(f"{profile.second_order_sum:+.2f}", profile.second_order_sum),
            Cell(f"{profile.net:+.2f}", profile.net, STRONG),
            " ".join(g.removeprefix("SDG-") for g in profile.sdg_goals),
        )
    return table


def trade_offs(context, analysis: ImpactAnalysis, lang: str) -> Table:
    table = Table(
        _t("trade_offs", lang),
        [
            Column(_t("score", lang), Role.STATUS),
            # The source's title and policy say who acts; a target's official title is a
            # paragraph whose opening words are enough: the source gets more of the width.
            Column(_t("from", lang), Role.LABEL, weight=4, narrowest=16),
            Column(_t("to", lang), Role.LABEL, weight=1, narrowest=16),
            Column(_t("sides", lang), Role.NOTE, priority=1),
            Column(_t("mitigation", lang), Role.NOTE, weight=3, narrowest=24),
        ],
    )
    # The worst first, and of equal severity the ones nobody manages yet.
    ordered = sorted(
        analysis.trade_offs, key=lambda t: (t.score, t.kind != "impact", bool(t.mitigated))
    )
    for item in ordered:
        if item.kind == "interaction":
            mitigation = Cell(_t("interaction", lang), None, DIM)
        elif item.mitigated:
            mitigation = Cell("✓ " + visible(item.mitigation or ""), True, POSITIVE)
        else:
            mitigation = Cell("✗ " + _t("none", lang), False, WARN)
        owners = " / ".join(
            ["・".join(item.source_owners) or "–", "・".join(item.target_owners) or "–"]
        )
        table.add(
            score_cell(item.score, lang),
            labelled(context, item.source, lang) + in_policies(context, item.source),
            labelled(context, item.target, lang),
            visible(owners),
            mitigation,
        )
    return table


def contested(analysis: ImpactAnalysis, lang: str) -> Table | None:
    found = [n for n in analysis.nodes.values() if n.contested]
    if not found:
        return None
    table = Table(
        _t("contested", lang),
        [
            Column(_t("node", lang), Role.ID),
            Column(_t("helped", lang), Role.NOTE),
            Column(_t("harmed", lang), Role.NOTE),
        ],
    )
    for entry in found:
        table.add(
            entry.node,
            Cell(", ".join(f"{i.measure} {i.score:+d}" for i in entry.positive), None, POSITIVE),
            Cell(", ".join(f"{i.measure} {i.score:+d}" for i in entry.negative), None, NEGATIVE),
        )
    return table


def clusters(context, analysis: ImpactAnalysis, lang: str) -> Table | None:
    if not analysis.clusters:
        return None
    table = Table(
        _t("clusters", lang),
        [
            Column("#", Role.NUMBER),
            Column(_t("fields", lang), Role.NOTE, weight=2),
            Column(_t("priority", lang), Role.NOTE),
            Column(_t("owner", lang), Role.NOTE, priority=1, weight=2),
            Column(_t("members", lang), Role.NOTE, weight=4, narrowest=20),
        ],
    )
    for number, cluster in enumerate(analysis.clusters, 1):
        fields = "・".join(field_name(context, f, lang) for f in cluster.fields)
        if cluster.cross_field:
            fields += f"（{_t('cross', lang)}）" if lang == "ja" else f" ({_t('cross', lang)})"
        table.add(
            str(number),
            Cell(fields, cluster.fields, POSITIVE if cluster.cross_field else None),
            " ".join(cluster.priority_policies) or "—",
            visible("、".join(cluster.owners)),
            ", ".join(cluster.members),
        )
    return table


def balance(analysis: ImpactAnalysis, lang: str) -> Table | None:
    """Each SDG goal's direct impacts, negative to the left of the axis, positive to the right."""
    if not analysis.goal_balance:
        return None
    table = Table(
        _t("balance", lang),
        [
            Column("SDG", Role.ID),
            Column(_t("sum_negative", lang), Role.NUMBER),
            Column("", Role.BAR),
            Column(_t("sum_positive", lang), Role.NUMBER),
        ],
    )
    widest = max(max(p, -n) for p, n in analysis.goal_balance.values()) or 1
    for goal, (positive, negative) in analysis.goal_balance.items():
        left = round(-negative / widest * BALANCE_WIDTH)
        right = round(positive / widest * BALANCE_WIDTH)
        bar = [
            (" " * (BALANCE_WIDTH - left), None),
            ("█" * left, NEGATIVE),
            ("│", None),
            ("█" * right, POSITIVE),
            (" " * (BALANCE_WIDTH - right), None),
        ]
        table.add(
            goal,
            Cell(str(negative) if negative else "", negative, NEGATIVE),
            Cell("", (negative, positive), None, bar),
            Cell(f"+{positive}" if positive else "", positive, POSITIVE),
        )
    return table


def summary(analysis: ImpactAnalysis, lang: str) -> Paragraph:
    impacts = [t for t in analysis.trade_offs if t.kind == "impact"]
    mitigated = sum(1 for t in impacts if t.mitigated)
    text = T["summary"].format(
        total=len(analysis.trade_offs),
        impacts=len(impacts),
        mitigated=mitigated,
        open=len(impacts) - mitigated,
        interactions=len(analysis.trade_offs) - len(impacts),
        contested=sum(1 for n in analysis.nodes.values() if n.contested),
        clusters=len(analysis.clusters),
        cross=sum(1 for c in analysis.clusters if c.cross_field),
    )(lang)
    return Paragraph(text, STRONG)


def profile(context, analysis: ImpactAnalysis, measure_id: str, lang: str) -> View:
    """One measure: its direct impacts (as written, a contradiction marked), the second order
    it reaches through the interactions, and its sums."""
    found = analysis.profiles.get(measure_id)
    view = View(f"{measure_id}  {measure_title(context, measure_id, lang)}")
    if found is None:
        view.blocks.append(Paragraph(T["no_profile"].format(id=measure_id)(lang)))
        return view
    direct = Table(
        _t("direct", lang),
        [
            Column(_t("to", lang), Role.LABEL, weight=2, narrowest=18),
            Column(_t("score", lang), Role.NOTE),
            # The note (why) and the mitigation (what is done about a harm) are different
            # answers: each has its own column, so a reason is never read as a mitigation.
            Column(_t("note", lang), Role.NOTE, weight=2, priority=1),
            Column(_t("mitigation", lang), Role.NOTE, weight=2),
        ],
    )
    for impact in found.direct:
        why = visible(impact.note or "")
        if impact.evidence:
            why += f"（{_t('evidence', lang)}: {visible(impact.evidence)}）"
        if impact.mitigation:
            mitigation = Cell("✓ " + visible(impact.mitigation), True, POSITIVE)
        elif impact.score < 0:
            mitigation = Cell("✗ " + _t("none", lang), False, NEGATIVE)
        else:
            mitigation = Cell("")
        score = score_cell(impact.score, lang)
        if impact.contradiction:  # what the file says, marked; never the +1 of supports
            written = impact.written
            score = Cell(
                f"{written:+d} {scale_name(written, lang)}\n{_t('contradiction', lang)}",
                written,
                WARN,
            )
        direct.add(labelled(context, impact.on, lang), score, why, mitigation)
    view.blocks.append(direct)
    reached = found.second_order  # worked out on each access: once here
    if reached:
        second = Table(
            f"{_t('second', lang)} (s·t/3)",
            [Column(_t("to", lang), Role.LABEL, weight=3), Column(_t("score", lang), Role.NUMBER)],
        )
        for node_id, value in reached.items():
            second.add(
                labelled(context, node_id, lang),
                Cell(f"{value:+.2f}", value, POSITIVE if value > 0 else NEGATIVE),
            )
        view.blocks.append(second)
    view.blocks.append(
        Paragraph(
            f"{_t('positive', lang)} +{found.positive}  {_t('negative', lang)} {found.negative}  "
            f"{_t('net', lang)} {found.net:+.2f}",
            STRONG,
        )
    )
    return view


def node(context, analysis: ImpactAnalysis, node_id: str, lang: str) -> View:
    """What impacts one node: each measure's score, owner, note and mitigation."""
    entry = analysis.nodes.get(node_id)
    view = View(labelled(context, node_id, lang))
    table = Table(
        labelled(context, node_id, lang),
        [
            Column(_t("measure", lang), Role.LABEL, weight=2, narrowest=18),
            Column(_t("score", lang), Role.STATUS),
            Column(_t("owner", lang), Role.LABEL, priority=2),
            Column(_t("note", lang), Role.NOTE, weight=2, priority=1),
            Column(_t("mitigation", lang), Role.NOTE, weight=2),
        ],
    )
    for impact in [] if entry is None else entry.positive + entry.negative:
        table.add(
            labelled(context, impact.measure, lang),
            score_cell(impact.score, lang),
            visible(context.measures[impact.measure].measure.owner),
            visible(impact.note or ""),
            Cell(visible(impact.mitigation or ""), None, POSITIVE),
        )
    view.blocks.append(table)
    return view


def build(context, analysis: ImpactAnalysis, lang: str) -> View:
    """The whole pre-assessment: the measures by net impact, the trade-offs, the contested
    nodes, the synergy clusters, the balance per SDG goal and the count."""
    view = View(_t("title_view", lang))
    if not any(loaded.measure.impacts for loaded in context.measures.values()):
        view.blocks.append(Paragraph(_t("no_impacts", lang), WARN))
    for table in (
        ranking(context, analysis, lang),
        trade_offs(context, analysis, lang),
        contested(analysis, lang),
        clusters(context, analysis, lang),
        balance(analysis, lang),
    ):
        if table is not None:
            view.blocks.append(table)
    view.blocks.append(summary(analysis, lang))
    return view
