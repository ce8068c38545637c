"""Trade-offs by priority policy and by SDG goal: the question a planning office asks —
「どの施策がどの重点政策・SDG ゴールを妨げ、緩和策はあるか」 — answered at a glance, one row per
policy (how many harms, how many without a mitigation, the worst, by whom), then one row per
harm of each policy (the measure and its 所管, what it harms, how much, the mitigation).

Who a trade-off harms is decided once, in analysis/harms.py; the words are made here."""

from __future__ import annotations

from collections.abc import Collection

from ..analysis.harms import Harmed
from ..i18n import Text
from ..printable import visible
from .impacts import (
    ImpactView,
    full_title,
    labelled,
    listed,
    mitigation_cell,
    owners_text,
    score_cell,
    short_label,
    source_label,
    text,
    title_of,
)
from .model import (
    NOTHING,
    WARN,
    Audience,
    Cell,
    Column,
    Role,
    Rows,
    Table,
    row_of,
    signed_cell,
)

T = {
    "policies": Text("重点政策ごとのトレードオフ", "Trade-offs by priority policy"),
    "policies_sheet": Text("重点政策ごとのトレードオフ", "By priority policy"),
    "goals": Text("SDG ゴールごとのトレードオフ", "Trade-offs by SDG goal"),
    "goals_sheet": Text("SDGゴールごとのトレードオフ", "By SDG goal"),
    "policy_rows": Text("重点政策を妨げる施策と相互作用", "What harms each priority policy"),
    "policy_rows_sheet": Text("重点政策を妨げるもの", "Harms by policy"),
    "goal_rows": Text("SDG ゴールを妨げる施策と相互作用", "What harms each SDG goal"),
    "goal_rows_sheet": Text("SDGゴールを妨げるもの", "Harms by goal"),
    "policy": Text("重点政策", "Priority policy"),
    "goal": Text("SDG ゴール", "SDG goal"),
    "id": Text("ID", "ID"),
    "title": Text("名称", "Title"),
    "count": Text("件数", "Harms"),
    "impacts": Text("施策の影響", "Impacts"),
    "unmitigated": Text("緩和策なし", "Unmitigated"),
    "worst": Text("最も重い", "Worst"),
    "by": Text("妨げる施策", "Measures harming it"),
    "score": Text("評価", "Score"),
    "measure": Text("影響元", "From"),
    "owner": Text("所管", "Owner"),
    "harmed": Text("妨げる先", "Harms"),
    "harmed_id": Text("妨げる先 ID", "Harms (id)"),
    "full": Text("名称（全文）", "Full title"),
    "others": Text("ほかに妨げられる重点政策", "Other priority policies harmed"),
    "policies_harmed": Text("妨げられる重点政策", "Priority policies harmed"),
    "mitigation": Text("緩和策", "Mitigation"),
    "none_harmed": Text("妨げる影響・相互作用はありません。", "Nothing harms it."),
    "no_policies": Text(
        "このフレームワークには重点政策の階層がありません（設定ファイルの priority_level で、"
        "重点政策にあたる階層を指定できます）。",
        "This framework has no priority-policy level (priority_level in the config names the "
        "level that holds them).",
    ),
    "no_goal_harmed": Text(
        "SDG ゴールを妨げる影響・相互作用はありません。", "Nothing harms an SDG goal."
    ),
    "how": Text(
        "重点政策が妨げられるのは、影響や相互作用が、その重点政策かその下位の項目（またはそれに"
        "貢献する施策）を下げるとき、またはその重点政策の施策が支える目標を下げるときです。1 件が"
        "複数の重点政策を妨げることがあります。",
        "A priority policy is harmed when an impact or an interaction lowers the policy, "
        "something under it (or a measure serving it), or a goal its own measures work for. "
        "One trade-off can harm several policies.",
    ),
    "detail": Text("内訳: --node PP-6 または --format markdown", "each row: --node PP-6 or --format markdown"),
}
READING, DATA, FILES = Audience.READING, Audience.DATA, Audience.FILES
# The measures a one-line cell names before it counts the rest.
MEASURES_SHOWN = 3


def _t(key: str, lang: str) -> str:
    return T[key](lang)


def summary(view: ImpactView, goals: bool = False) -> Table:
    """One row per priority policy (every one of the framework, also those nothing harms) or
    per SDG goal that something harms: how many trade-offs, how many of them impacts of
    measures, how many of those with no mitigation, the worst score and the measures."""
    context, lang = view.context, view.lang
    found = view.harms.goals if goals else view.harms.policies
    what = "goal" if goals else "policy"
    table = Table(
        _t("goals" if goals else "policies", lang),
        [
            # The id is never cut; its title is, where the width is short.
            Column(_t(what, lang), Role.ID),
            Column(_t("title", lang), Role.LABEL, weight=3, narrowest=12, priority=4),
            Column(_t("count", lang), Role.NUMBER),
            Column(_t("impacts", lang), Role.NUMBER, priority=2),
            Column(_t("unmitigated", lang), Role.NUMBER),
            Column(_t("worst", lang), Role.STATUS, priority=1, audience=READING),
            Column(_t("worst", lang), Role.SIGNED, audience=DATA),
            Column(_t("by", lang), Role.NOTE, weight=2, priority=3),
        ],
        key="harms_by_goal" if goals else "harms_by_policy",
        sheet=_t("goals_sheet" if goals else "policies_sheet", lang),
        notes=[] if goals else [_t("how", lang)],
        more=_t("detail", lang),
        empty=_t("no_goal_harmed" if goals else "no_policies", lang),
    )
    for harmed in found:
        worst = harmed.worst
        measures = harmed.measures
        named = listed(measures[:MEASURES_SHOWN], lang)
        if len(measures) > MEASURES_SHOWN:
            rest = len(measures) - MEASURES_SHOWN
            named += f" ほか {rest}" if lang == "ja" else f" and {rest} more"
        table.add(
            harmed.id,
            Cell(title_of(context, harmed.id, lang)),
            Cell.of(len(harmed.harms)),
            Cell.of(harmed.impacts),
            Cell(str(harmed.unmitigated), harmed.unmitigated, WARN if harmed.unmitigated else None),
            score_cell(worst, lang) if worst is not None else Cell(NOTHING),
            signed_cell(worst),
            named or NOTHING,
        )
    return table


def rows(view: ImpactView, goals: bool = False) -> Table:
    """One row per harm of each priority policy (or SDG goal): the policy, the score, who acts
    (the measure and its 所管, or the interaction), what it lowers (a short label; the full
    title in a spreadsheet and a page's tooltip), the other policies it harms, the mitigation.
    A policy nothing harms has no row: the summary says 0 for it."""
    context, lang = view.context, view.lang
    found: list[Harmed] = view.harms.goals if goals else view.harms.policies
    what = "goal" if goals else "policy"
    table = Table(
        _t("goal_rows" if goals else "policy_rows", lang),
        [
            Column(_t(what, lang), Role.ID),
            Column(_t("score", lang), Role.STATUS, audience=READING),
            Column(_t("score", lang), Role.SIGNED, audience=DATA),
            Column(_t("measure", lang), Role.LABEL, weight=3, narrowest=18, audience=READING),
            Column(_t("measure", lang), Role.ID, audience=DATA),
            Column(_t("owner", lang), Role.LABEL, priority=2),
            Column(_t("harmed", lang), Role.LABEL, weight=2, narrowest=18, audience=READING),
            Column(_t("harmed_id", lang), Role.ID, audience=DATA),
            Column(_t("full", lang), Role.NOTE, audience=DATA),
            Column(_t("policies_harmed" if goals else "others", lang), Role.NOTE, priority=1),
            Column(_t("mitigation", lang), Role.NOTE, weight=3, narrowest=14),
        ],
        key="harms_by_goal_rows" if goals else "harms_by_policy_rows",
        sheet=_t("goal_rows_sheet" if goals else "policy_rows_sheet", lang),
        # Nothing to list for a framework without priority policies is not "nothing harms".
        empty=_t("no_policies" if not goals and not found else "none_harmed", lang),
    )

    def made():
        for harmed in found:
            for harm in harmed.harms:
                item = harm.trade_off
                others = [p for p in harm.policies if p != harmed.id]
                full = full_title(context, item.target, lang)
                yield row_of((
                    harmed.id,
                    score_cell(item.score, lang),
                    signed_cell(item.score),
                    Cell(
                        source_label(context, item, lang), None, None,
                        detail=labelled(context, item.source, lang),
                    ),
                    text(item.source),
                    owners_text(item.source_owners, lang),
                    Cell(short_label(context, item.target, lang), None, None, detail=full),
                    text(item.target),
                    Cell(visible(full), full),
                    " ".join(others) or NOTHING,
                    mitigation_cell(item, lang),
                ))

    # A row per harm of each policy: 65,000 rows at 20,000 measures, made as they are drawn.
    table.rows = Rows(sum(len(harmed.harms) for harmed in found), made)
    return table


def tables(view: ImpactView, keys: Collection[str] | None = None) -> list[Table]:
    """The view by policy and by goal, in the order a council reads it: the two summaries,
    then the rows behind them (for the files; a screen asks for one with --node). ``keys``:
    only the tables of these keys are made."""
    made = []
    for key, make in (
        ("harms_by_policy", lambda: summary(view)),
        ("harms_by_goal", lambda: summary(view, goals=True)),
        ("harms_by_policy_rows", lambda: rows(view)),
        ("harms_by_goal_rows", lambda: rows(view, goals=True)),
    ):
        if keys is None or key in keys:
            table = make()
            if key.endswith("_rows"):
                table.audience = FILES
            made.append(table)
    return made
