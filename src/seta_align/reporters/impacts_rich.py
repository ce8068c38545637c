"""``seta-align impacts``: the impact pre-assessment as tables — which measures trade off
against which goals, what is mitigated, where the synergies are, and the balance per goal."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text as RichText

from ..analysis.impacts import ImpactAnalysis, scale_name
from ..i18n import Text
from ..printable import visible
from .wrapping import Line, Wrapped

T = {
    "measure": Text("施策", "Measure"),
    "owner": Text("所管", "Owner"),
    "positive": Text("正", "+"),
    "negative": Text("負", "−"),
    "second": Text("二次", "2nd order"),
    "net": Text("正味", "Net"),
    "score": Text("評価", "Score"),
    "to": Text("影響先", "On"),
    "mitigation": Text("緩和策", "Mitigation"),
    "note": Text("根拠・説明", "Note"),
    "none": Text("なし", "none"),
    "contradiction": Text(
        "矛盾（SA601）: supports にあるノード。集計では supports の +1",
        "contradiction (SA601): the node is in supports; the sums count its +1",
    ),
    "interaction": Text("相互作用", "interaction"),
    "balance": Text("SDG ゴールごとの収支（直接の影響）", "Balance per SDG goal (direct impacts)"),
    "evidence": Text("根拠資料", "Evidence"),
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
}


def _t(key: str, lang: str) -> str:
    return T[key](lang)


def _table(title: str) -> Table:
    return Table(title=RichText(title, style="bold"), title_justify="left", box=box.SIMPLE_HEAD)


def _score(score: int, lang: str) -> RichText:
    style = "green" if score > 0 else ("red" if score < 0 else "dim")
    return RichText(f"{score:+d} {scale_name(score, lang)}", style=style)


def render(console: Console, context, analysis: ImpactAnalysis, lang: str, focus=None) -> None:
    measures = context.measures
    if focus is not None and focus[0] == "--measure":
        _profile(console, context, analysis, focus[1], lang)
        return
    if focus is not None and focus[0] == "--node":
        _node(console, context, analysis, focus[1], lang)
        return
    from .scope import checked_line

    # Wrapped as Japanese text is, a file name kept whole.
    for line in checked_line(context, lang).split("\n"):
        console.print(Wrapped(Line(line, "dim")))
    if not any(loaded.measure.impacts for loaded in measures.values()):
        console.print(RichText(_t("no_impacts", lang), style="yellow"))

    from ..renderers.terminal import render_table
    from ..views import impacts as view

    render_table(console, view.ranking(context, analysis, lang), lang)
    render_table(console, view.trade_offs(context, analysis, lang), lang)
    for table in (view.contested(analysis, lang), view.clusters(context, analysis, lang)):
        if table is not None:
            render_table(console, table, lang)

    if analysis.goal_balance:
        table = _table(_t("balance", lang))
        table.add_column("SDG", no_wrap=True)
        table.add_column(_t("negative", lang), justify="right", no_wrap=True)
        table.add_column("", no_wrap=True)
        table.add_column(_t("positive", lang), no_wrap=True)
        widest = max(max(p, -n) for p, n in analysis.goal_balance.values()) or 1
        for goal, (positive, negative) in analysis.goal_balance.items():
            left = round(-negative / widest * 12)
            right = round(positive / widest * 12)
            table.add_row(
                goal,
                RichText(str(negative) if negative else "", style="red"),
                RichText.assemble(
                    " " * (12 - left), ("█" * left, "red"), "│", ("█" * right, "green"),
                    " " * (12 - right),
                ),
                RichText(f"+{positive}" if positive else "", style="green"),
            )
        console.print(table)

    impacts = [t for t in analysis.trade_offs if t.kind == "impact"]
    mitigated = sum(1 for t in impacts if t.mitigated)
    contested = [n for n in analysis.nodes.values() if n.contested]
    summary = T["summary"].format(
        total=len(analysis.trade_offs),
        impacts=len(impacts),
        mitigated=mitigated,
        open=len(impacts) - mitigated,
        interactions=len(analysis.trade_offs) - len(impacts),
        contested=len(contested),
        clusters=len(analysis.clusters),
        cross=sum(1 for c in analysis.clusters if c.cross_field),
    )(lang)
    console.print(Wrapped(Line(summary, "bold")))


def _measure_title(context, measure_id: str, lang: str) -> str:
    measure = context.measures[measure_id].measure
    return visible((measure.title_en if lang == "en" else None) or measure.title)


def _labelled(context, identifier: str, lang: str) -> str:
    """An id with its short title: a measure's title or a framework node's label."""
    if identifier in context.measures:
        return f"{identifier} {_measure_title(context, identifier, lang)}"
    node = context.framework.nodes.get(identifier)
    if node is None:
        return visible(identifier)
    return f"{identifier} {_shortened(visible(node.label(lang)))}"


def _shortened(label: str, limit: int = 40) -> str:
    """An SDG target's official title is a paragraph: in a table row its opening words are
    enough to recognise it (the full text is in --node, the docs and the HTML report).
    ``limit`` counts terminal cells, so Japanese and English get the same room."""
    from rich.cells import cell_len

    if cell_len(label) <= limit:
        return label
    while cell_len(label) > limit - 1:
        label = label[:-1]
    return label + "…"


def _profile(console: Console, context, analysis: ImpactAnalysis, measure_id: str, lang: str) -> None:
    profile = analysis.profiles.get(measure_id)
    if profile is None:
        console.print(f"{measure_id}: {_t('none', lang)}")
        return
    title = visible(context.measures[measure_id].measure.title)
    table = _table(f"{measure_id}  {title}")
    table.add_column(_t("to", lang), ratio=1)
    table.add_column(_t("score", lang), no_wrap=True)
    # The note (why) and the mitigation (what is done about a harm) are different answers: each
    # has its own column, so a reason is never read as a mitigation, nor hidden by one.
    table.add_column(_t("note", lang), ratio=2)
    table.add_column(_t("mitigation", lang), ratio=2)
    for impact in profile.direct:
        why = visible(impact.note or "")
        if impact.evidence:
            why += f"（{_t('evidence', lang)}: {visible(impact.evidence)}）"
        if impact.mitigation:
            mitigation = Wrapped(Line("✓ " + visible(impact.mitigation), "green"))
        elif impact.score < 0:
            mitigation = RichText("✗ " + _t("none", lang), style="red")
        else:
            mitigation = RichText("")
        shown = _score(impact.score, lang)
        if impact.contradiction:  # what the file says, marked; never the +1 of supports
            shown = Wrapped(
                Line(f"{impact.written:+d} {scale_name(impact.written, lang)}", "red"),
                Line(_t("contradiction", lang), "bold red"),
            )
        table.add_row(
            Wrapped(Line(_labelled(context, impact.on, lang))),
            shown,
            Wrapped(Line(why)),
            mitigation,
        )
    console.print(table)
    reached = profile.second_order  # worked out on each access: once here
    if reached:
        second = _table(_t("second", lang) + " (s·t/3)")
        second.add_column(_t("to", lang), no_wrap=True)
        second.add_column(_t("score", lang), justify="right")
        for node_id, value in reached.items():
            second.add_row(
                Wrapped(Line(_labelled(context, node_id, lang))),
                RichText(f"{value:+.2f}", style="green" if value > 0 else "red"),
            )
        console.print(second)
    console.print(
        RichText(
            f"{_t('positive', lang)} +{profile.positive}  {_t('negative', lang)} {profile.negative}  "
            f"{_t('net', lang)} {profile.net:+.2f}",
            style="bold",
        )
    )


def _node(console: Console, context, analysis: ImpactAnalysis, node_id: str, lang: str) -> None:
    entry = analysis.nodes.get(node_id)
    table = _table(_labelled(context, node_id, lang))
    table.add_column(_t("measure", lang), ratio=2)
    table.add_column(_t("score", lang), no_wrap=True)
    table.add_column(_t("owner", lang))
    table.add_column(_t("note", lang), ratio=2)
    table.add_column(_t("mitigation", lang), ratio=2)
    for impact in [] if entry is None else entry.positive + entry.negative:
        table.add_row(
            Wrapped(Line(_labelled(context, impact.measure, lang))),
            _score(impact.score, lang),
            visible(context.measures[impact.measure].measure.owner),
            Wrapped(Line(visible(impact.note or ""))),
            Wrapped(Line(visible(impact.mitigation or ""), "green")),
        )
    console.print(table)
