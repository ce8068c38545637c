"""How stable the impact rankings are (``seta-align impacts --sensitivity``) as a view: what
was read, the method in a sentence with its figures, what held in every run, and for each
measure (and each target of the interaction matrix) its base figure and rank, how often it kept
that rank and stayed in the top k, and how far its rank and figure moved.

Written for planning officers: the sentences say what was done and what it means, in the words
of the impacts view (総合, 与える影響, 順位), not in a statistician's. A screen shows the ranges as one
column each (「1〜3位」); a spreadsheet gets every figure in a column of its own."""

from __future__ import annotations

from ..analysis.sensitivity import Sensitivity, Standing, TradeOffStanding
from ..i18n import Text
from ..printable import visible
from .model import (
    DIM,
    MINUS,
    NOTHING,
    POSITIVE,
    STRONG,
    WARN,
    Audience,
    Cell,
    Column,
    Paragraph,
    Role,
    Table,
    View,
    scope,
    signed,
    signed_cell,
)

READING, DATA = Audience.READING, Audience.DATA
# A screen shows the first rows of a ranking (at least the top k); a file shows them all.
SCREEN_ROWS = 20
# The ids a conclusion lists in a cell; the JSON document has them all.
LISTED = 20

T = {
    "title": Text("順位の安定性（評価の不確かさ）", "How stable the rankings are"),
    "method": Text(
        "各評価（施策の impacts の点数と相互作用の点数）を {minus}{spread}〜+{spread} の範囲で"
        "ランダムに動かし（−3〜+3 を超えず、supports に挙げた項目への評価は +1 を下回らない）、"
        "総合（直接の影響と波及の和）と順位を {runs:,} 回計算し直しました。乱数の種は {seed} で（同じ種なら何度実行しても"
        "同じ結果）、上位は {top} 位までを見ています。",
        "Every score (the measures' impacts and the interactions) was moved at random by up to "
        "±{spread} (staying within −3…+3, and at +1 or more on a node the measure supports), and "
        "the overall figures (direct and knock-on) and rankings were worked out again {runs:,} "
        "times. The seed is {seed} (the "
        "same seed gives the same result every time); the top {top} are followed.",
    ),
    "not_moved": Text(
        "評価は動かしていません（--spread 0）。{runs:,} 回とも評価どおりの値で計算したため、"
        "どの順位も変わりません。上位は {top} 位までを見ています。",
        "No score was moved (--spread 0): all {runs:,} runs use the scores as written, so no "
        "rank changes. The top {top} are followed.",
    ),
    "no_run": Text(
        "試行は行っていません（--runs 0）。表の値はすべて評価どおりの値で、割合は計算していません。",
        "No run was made (--runs 0): every figure is the one of the scores as written, and no "
        "share is worked out.",
    ),
    # the conclusions
    "conclusions": Text("すべての試行で変わらなかった結論", "What held in every run"),
    "conclusions_sheet": Text("変わらなかった結論", "What held"),
    "conclusion": Text("結論", "Conclusion"),
    "count": Text("件数", "Count"),
    "which": Text("該当", "Which"),
    "measures_in_top": Text(
        "毎回、上位 {top} 位以内に入った施策", "Measures in the top {top} in every run"
    ),
    "measures_positive": Text(
        "総合が毎回プラスだった施策", "Measures with an overall figure above 0 in every run"
    ),
    "measures_negative": Text(
        "総合が毎回マイナスだった施策", "Measures with an overall figure below 0 in every run"
    ),
    "impacts_negative": Text(
        "毎回マイナスのままだった影響（トレードオフ）",
        "Negative impacts (trade-offs) that stayed negative in every run",
    ),
    "links_negative": Text(
        "毎回マイナスのままだった相互作用", "Negative interactions that stayed negative in every run"
    ),
    "targets_in_top": Text(
        "毎回、上位 {top} 位以内に入ったターゲット（他への影響の大きさ）",
        "Targets in the top {top} in every run (by how much they drive the others)",
    ),
    "none": Text("なし", "none"),
    "more": Text("ほか {count:,} 件（全件: --format json）", "and {count:,} more (all: --format json)"),
    "no_conclusions": Text(
        "試行を行っていないため（--runs 0）、確かめた結論はありません。",
        "No run was made (--runs 0), so no conclusion was tested.",
    ),
    # the rankings
    "measures": Text(
        "施策の順位の安定性（総合の大きい順）",
        "Measures: how stable their rank is (by overall impact)",
    ),
    "measures_sheet": Text("施策", "Measures"),
    "targets": Text(
        "ターゲットの順位の安定性（他のターゲットに与える影響の大きい順）",
        "Targets: how stable their rank is (by row sum: how much each drives the others)",
    ),
    "targets_sheet": Text("ターゲット", "Targets"),
    "id": Text("ID", "ID"),
    "measure_title": Text("施策名", "Title"),
    "node_title": Text("名称", "Title"),
    # A measure's figure is the impacts view's 総合 (direct + knock-on); a target's, what it
    # gives the others (SEI's row sum).
    "net": Text("総合", "Overall"),
    "row_sum": Text("与える影響", "Gives"),
    "rank": Text("順位", "Rank"),
    "kept": Text("順位を保った割合", "Kept its rank"),
    "in_top": Text("上位{top}位に入った割合", "In the top {top}"),
    "rank_range": Text("順位の幅", "Rank range"),
    "net_range": Text("総合の幅", "Overall range"),
    "row_sum_range": Text("与える影響の幅", "Gives, range"),
    "best_rank": Text("最も高い順位", "Best rank"),
    "worst_rank": Text("最も低い順位", "Worst rank"),
    "net_low": Text("総合の最小", "Lowest overall"),
    "net_high": Text("総合の最大", "Highest overall"),
    "row_sum_low": Text("与える影響の最小", "Gives, lowest"),
    "row_sum_high": Text("与える影響の最大", "Gives, highest"),
    "ranks": Text("{best}〜{worst}位", "{best}–{worst}"),
    "one_rank": Text("{rank}位", "{rank}"),
    "reading": Text(
        "「順位を保った割合」が 100% に近いほど、評価が多少違っても順位は変わりません。"
        "同じ値は同じ順位です（1, 2, 2, 4 位）。",
        "The nearer \"kept its rank\" is to 100%, the less the rank depends on the exact "
        "scores. Equal values share a rank (1, 2, 2, 4).",
    ),
    "no_measures": Text("施策がありません。", "There are no measures."),
    "no_interactions": Text(
        "相互作用ファイルがないため、ターゲットの順位は調べていません（設定ファイルの "
        "impacts: interactions で指定します）。",
        "No interactions file, so the targets are not ranked (name one in the config under "
        "impacts: interactions).",
    ),
    "no_pairs": Text(
        "相互作用ファイルに、使える評価（既知のターゲットどうしの組）がありません。",
        "The interactions file has no usable pair (between known targets).",
    ),
    "whole_list": Text("全件: --format markdown", "all of them: --format markdown"),
}


def _t(key: str, lang: str, **values: object) -> str:
    return T[key].format(**values)(lang) if values else T[key](lang)


def build(context, found: Sensitivity, lang: str) -> View:
    view = View(_t("title", lang), main="measures")
    view.blocks += scope(context, lang)
    view.blocks.append(method(found, lang))
    view.blocks.append(conclusions(found, lang))
    view.blocks.append(ranking(context, found.measures, found, lang, targets=False))
    if found.has_interactions:
        view.blocks.append(ranking(context, found.targets, found, lang, targets=True))
    else:
        view.blocks.append(Paragraph(_t("no_interactions", lang), DIM))
    return view


def method(found: Sensitivity, lang: str) -> Paragraph:
    """What was done, with the figures used, in a sentence or two."""
    p = found.perturbation
    if p.runs == 0:
        return Paragraph(_t("no_run", lang), WARN)
    if p.spread == 0:
        return Paragraph(_t("not_moved", lang, runs=p.runs, top=p.top), STRONG)
    return Paragraph(
        _t("method", lang, minus=MINUS, spread=p.spread, runs=p.runs, seed=p.seed, top=p.top),
        STRONG,
    )


# --- what held in every run ------------------------------------------------------------------------


def conclusions(found: Sensitivity, lang: str) -> Table:
    top = found.perturbation.top
    table = Table(
        _t("conclusions", lang),
        [
            Column(_t("conclusion", lang), Role.NOTE, weight=2, narrowest=14),
            Column(_t("count", lang), Role.NUMBER),
            Column(_t("which", lang), Role.NOTE, weight=3),
        ],
        key="conclusions",
        sheet=_t("conclusions_sheet", lang),
        empty=_t("no_conclusions", lang),
    )
    held = found.conclusions
    if held is None:
        return table
    rows: list[tuple[str, list[str]]] = [
        (_t("measures_in_top", lang, top=top), held.measures_in_top),
        (_t("measures_positive", lang), held.measures_positive),
        (_t("measures_negative", lang), held.measures_negative),
        (
            _t("impacts_negative", lang),
            [_trade_off(t, lang) for t in held.trade_offs_negative if t.kind == "impact"],
        ),
    ]
    if found.has_interactions:
        rows.append(
            (
                _t("links_negative", lang),
                [_trade_off(t, lang) for t in held.trade_offs_negative if t.kind == "interaction"],
            )
        )
        rows.append((_t("targets_in_top", lang, top=top), held.targets_in_top))
    for sentence, items in rows:
        table.add(sentence, Cell(f"{len(items):,}", len(items)), _listed(items, lang))
    return table


def _trade_off(item: TradeOffStanding, lang: str) -> str:
    score = f"（{signed(item.score)}）" if lang == "ja" else f" ({signed(item.score)})"
    return f"{visible(item.source)} → {visible(item.target)}{score}"


def _listed(items: list[str], lang: str) -> Cell:
    """The ids of a conclusion, the first LISTED of them (a draft of 100,000 measures may have
    most of them above 0): the rest are counted, and all are in the JSON document."""
    if not items:
        return Cell(_t("none", lang), None, DIM)
    separator = "、" if lang == "ja" else ", "
    shown = separator.join(visible(item) for item in items[:LISTED])
    if len(items) > LISTED:
        shown += separator + _t("more", lang, count=len(items) - LISTED)
    return Cell(shown, shown)


# --- the rankings --------------------------------------------------------------------------------


def ranking(context, standings: list[Standing], found: Sensitivity, lang: str, *,
            targets: bool) -> Table:
    """Each measure (or target) by its base rank: the base figure and rank, the shares of runs
    in which it kept the rank and was in the top k, and how far its rank and figure moved."""
    top = found.perturbation.top
    decimals = 0 if targets else 2
    figure, low, high, spread = (
        ("row_sum", "row_sum_low", "row_sum_high", "row_sum_range")
        if targets
        else ("net", "net_low", "net_high", "net_range")
    )
    table = Table(
        _t("targets" if targets else "measures", lang),
        [
            Column(_t("id", lang), Role.ID),
            Column(_t("node_title" if targets else "measure_title", lang), Role.LABEL,
                   weight=3, narrowest=10, priority=2),
            Column(_t(figure, lang), Role.SIGNED, decimals=decimals),
            Column(_t("rank", lang), Role.NUMBER),
            Column(_t("kept", lang), Role.PERCENT),
            Column(_t("in_top", lang, top=top), Role.PERCENT, priority=1),
            Column(_t("rank_range", lang), Role.NUMBER, audience=READING),
            # Left out before the title on a narrow screen: the rank range says most of it.
            Column(_t(spread, lang), Role.NUMBER, priority=3, audience=READING),
            Column(_t("best_rank", lang), Role.NUMBER, audience=DATA),
            Column(_t("worst_rank", lang), Role.NUMBER, audience=DATA),
            Column(_t(low, lang), Role.SIGNED, decimals=decimals, audience=DATA),
            Column(_t(high, lang), Role.SIGNED, decimals=decimals, audience=DATA),
        ],
        key="targets" if targets else "measures",
        sheet=_t("targets_sheet" if targets else "measures_sheet", lang),
        frozen=1,
        limit=max(SCREEN_ROWS, top),
        more=_t("whole_list", lang),
        notes=[_t("reading", lang)] if found.perturbation.runs else [],
        empty=_t("no_pairs" if targets else "no_measures", lang),
    )
    for standing in standings:
        table.add(
            Cell(visible(standing.id), standing.id),
            _title(context, standing.id, lang),
            signed_cell(standing.value, decimals, STRONG),
            Cell(f"{standing.rank:,}", standing.rank),
            _share(standing.kept_share, kept=True),
            _share(standing.top_share),
            Cell(_rank_range(standing, lang), None),
            Cell(_value_range(standing, decimals, lang), None),
            Cell(f"{standing.best_rank:,}", standing.best_rank),
            Cell(f"{standing.worst_rank:,}", standing.worst_rank),
            signed_cell(standing.low, decimals),
            signed_cell(standing.high, decimals),
        )
    return table


def _title(context, identifier: str, lang: str) -> Cell:
    """A measure's title or a node's short title, shown with control characters visible and
    kept as written for a spreadsheet."""
    loaded = context.measures.get(identifier)
    if loaded is not None:
        measure = loaded.measure
        written = (measure.title_en if lang == "en" else None) or measure.title
        return Cell(visible(written), written)
    node = context.framework.nodes.get(identifier)
    written = node.label(lang) if node is not None else ""
    # A target's official title is a paragraph: its goal's short name says which it is (its
    # id is in the next column); a spreadsheet keeps the title as written.
    from .impacts import target_goal

    goal = target_goal(context, identifier, lang)
    if goal is not None:
        return Cell(goal, written)
    return Cell(visible(written), written or None)


def _share(share: float | None, *, kept: bool = False) -> Cell:
    """A share of the runs as a percentage; never 「100.0%」 for a share below 1 (nor 0.0% for
    one above 0), which would read as every run (as no run). Without a run: nothing."""
    if share is None:
        return Cell(NOTHING, None, DIM)
    shown = f"{share:.1%}"
    if share < 1 and shown == "100.0%":
        shown = ">99.9%"
    elif share > 0 and shown == "0.0%":
        shown = "<0.1%"
    return Cell(shown, round(share, 6), POSITIVE if kept and share == 1 else None)


def _rank_range(standing: Standing, lang: str) -> str:
    if standing.best_rank == standing.worst_rank:
        return _t("one_rank", lang, rank=f"{standing.best_rank:,}")
    return _t("ranks", lang, best=f"{standing.best_rank:,}", worst=f"{standing.worst_rank:,}")


def _value_range(standing: Standing, decimals: int, lang: str) -> str:
    if standing.low == standing.high:
        return signed(standing.low, decimals)
    between = "〜" if lang == "ja" else " to "  # "−1–+5" would read as a subtraction
    return f"{signed(standing.low, decimals)}{between}{signed(standing.high, decimals)}"
