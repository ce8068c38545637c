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
    "ranking": Text("施策の影響（正味の大きい順）", "Measures by net impact"),
    "measure": Text("施策", "Measure"),
    "owner": Text("所管", "Owner"),
    "positive": Text("正", "+"),
    "negative": Text("負", "−"),
    "second": Text("二次", "2nd order"),
    "net": Text("正味", "Net"),
    "goals": Text("SDG", "SDGs"),
    "trade_offs": Text("トレードオフ（相反する影響・相互作用）", "Trade-offs (negative impacts and interactions)"),
    "score": Text("評価", "Score"),
    "from": Text("影響元", "From"),
    "to": Text("影響先", "On"),
    "sides": Text("関係する所管（影響元 / 影響先を支える）", "Owners (source / those serving the target)"),
    "mitigation": Text("緩和策", "Mitigation"),
    "note": Text("根拠・説明", "Note"),
    "none": Text("なし", "none"),
    "interaction": Text("相互作用", "interaction"),
    "contested": Text("正負の影響を受けるノード", "Contested nodes (helped and harmed)"),
    "node": Text("ノード", "Node"),
    "helped": Text("支える施策", "Helped by"),
    "harmed": Text("妨げる施策", "Harmed by"),
    "clusters": Text("シナジーのまとまり", "Synergy clusters"),
    "fields": Text("分野", "Fields"),
    "members": Text("施策と目標", "Measures and goals"),
    "cross": Text("分野横断", "cross-field"),
    "balance": Text("SDG ゴールごとの収支（直接の影響）", "Balance per SDG goal (direct impacts)"),
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
    if not any(loaded.measure.impacts for loaded in measures.values()):
        console.print(RichText(_t("no_impacts", lang), style="yellow"))

    ranking = _table(_t("ranking", lang))
    for key, justify in (
        ("measure", "left"), ("owner", "left"), ("positive", "right"), ("negative", "right"),
        ("second", "right"), ("net", "right"), ("goals", "left"),
    ):
        ranking.add_column(_t(key, lang), justify=justify, no_wrap=key in ("measure", "goals"))
    ordered = sorted(analysis.profiles.values(), key=lambda p: (-p.net, p.measure))
    for profile in ordered[:15] + [p for p in ordered[15:] if p.negative][-5:]:
        ranking.add_row(
            profile.measure,
            visible(profile.owner),
            RichText(f"+{profile.positive}", style="green"),
            RichText(str(profile.negative), style="red" if profile.negative else "dim"),
            f"{sum(profile.second_order.values()):+.2f}",
            RichText(f"{profile.net:+.2f}", style="bold"),
            " ".join(g.removeprefix("SDG-") for g in profile.sdg_goals),
        )
    console.print(ranking)

    trade = _table(_t("trade_offs", lang))
    trade.add_column(_t("score", lang), no_wrap=True)
    trade.add_column(_t("from", lang), no_wrap=True)
    trade.add_column(_t("to", lang), no_wrap=True)
    trade.add_column(_t("sides", lang))
    trade.add_column(_t("mitigation", lang), ratio=1)
    for item in analysis.trade_offs:
        if item.kind == "interaction":
            mitigation = RichText(_t("interaction", lang), style="dim")
        elif item.mitigated:
            mitigation = Wrapped(Line("✓ " + visible(item.mitigation or ""), "green"))
        else:
            mitigation = RichText("✗ " + _t("none", lang), style="red")
        trade.add_row(
            _score(item.score, lang),
            item.source,
            item.target,
            visible(" / ".join(["・".join(item.source_owners) or "–", "・".join(item.target_owners) or "–"])),
            mitigation,
        )
    console.print(trade)

    contested = [n for n in analysis.nodes.values() if n.contested]
    if contested:
        table = _table(_t("contested", lang))
        table.add_column(_t("node", lang), no_wrap=True)
        table.add_column(_t("helped", lang))
        table.add_column(_t("harmed", lang))
        for entry in contested:
            table.add_row(
                entry.node,
                RichText(", ".join(f"{i.measure} {i.score:+d}" for i in entry.positive), style="green"),
                RichText(", ".join(f"{i.measure} {i.score:+d}" for i in entry.negative), style="red"),
            )
        console.print(table)

    if analysis.clusters:
        table = _table(_t("clusters", lang))
        table.add_column("#", justify="right")
        table.add_column(_t("fields", lang), no_wrap=True)
        table.add_column(_t("owner", lang))
        table.add_column(_t("members", lang), ratio=1)
        for number, cluster in enumerate(analysis.clusters, 1):
            fields = "・".join(_field(context, f, lang) for f in cluster.fields)
            if cluster.cross_field:
                fields += f"（{_t('cross', lang)}）" if lang == "ja" else f" ({_t('cross', lang)})"
            table.add_row(
                str(number),
                RichText(fields, style="bold green" if cluster.cross_field else ""),
                visible("、".join(cluster.owners)),
                Wrapped(Line(", ".join(cluster.members))),
            )
        console.print(table)

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


def _field(context, field_id: str, lang: str) -> str:
    definition = context.framework.fields.get(field_id)
    if definition is None:
        return field_id
    return definition.title if lang == "ja" else definition.title_en or definition.title


def _profile(console: Console, context, analysis: ImpactAnalysis, measure_id: str, lang: str) -> None:
    profile = analysis.profiles.get(measure_id)
    if profile is None:
        console.print(f"{measure_id}: {_t('none', lang)}")
        return
    title = visible(context.measures[measure_id].measure.title)
    table = _table(f"{measure_id}  {title}")
    table.add_column(_t("to", lang), no_wrap=True)
    table.add_column(_t("score", lang), no_wrap=True)
    # The note (why) and the mitigation (what is done about a harm) are different answers: each
    # has its own column, so a reason is never read as a mitigation, nor hidden by one.
    table.add_column(_t("note", lang), ratio=1)
    table.add_column(_t("mitigation", lang), ratio=1)
    for impact in profile.direct:
        if impact.mitigation:
            mitigation = Wrapped(Line("✓ " + visible(impact.mitigation), "green"))
        elif impact.score < 0:
            mitigation = RichText("✗ " + _t("none", lang), style="red")
        else:
            mitigation = RichText("")
        table.add_row(
            impact.on, _score(impact.score, lang), Wrapped(Line(visible(impact.note or ""))), mitigation
        )
    console.print(table)
    if profile.second_order:
        second = _table(_t("second", lang) + " (s·t/3)")
        second.add_column(_t("to", lang), no_wrap=True)
        second.add_column(_t("score", lang), justify="right")
        for node_id, value in profile.second_order.items():
            second.add_row(node_id, RichText(f"{value:+.2f}", style="green" if value > 0 else "red"))
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
    table = _table(node_id)
    table.add_column(_t("measure", lang), no_wrap=True)
    table.add_column(_t("score", lang), no_wrap=True)
    table.add_column(_t("owner", lang))
    for impact in ([] if entry is None else entry.positive + entry.negative):
        table.add_row(impact.measure, _score(impact.score, lang), visible(context.measures[impact.measure].measure.owner))
    console.print(table)
