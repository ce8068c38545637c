"""The impact pre-assessment as a view: which measures do the most, which trade off against
which goals (and whether it is mitigated), which nodes are helped and harmed, the synergy
clusters, the balance per SDG goal, the influence of each target and measure, and the two
signed matrices (measures × the --columns level, targets × targets). With --measure or --node,
the tables of that one measure or node.

A screen shows the tables a reader needs; a file has every table (the influence, the matrices
and the legend are too wide for a screen); a spreadsheet gets ids, titles and figures in
columns of their own. The words and the choice of rows are made here, once."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from ..analysis.harms import HarmAnalysis
from ..analysis.impact_matrix import (
    SignedMatrix,
    Sums,
    interactions_matrix,
    measures_matrix,
    narrowed,
)
from ..analysis.impacts import Cluster, ImpactAnalysis, TradeOff, scale_name
from ..analysis.matrix import _colour
from ..i18n import Text
from ..printable import visible
from ..vocabulary import IMPACT_MEANING, IMPACT_SCALE
from .model import (
    DIM,
    NEGATIVE,
    NOTHING,
    POSITIVE,
    STRONG,
    WARN,
    Audience,
    Cell,
    Column,
    Paragraph,
    Role,
    Rows,
    Table,
    View,
    row_of,
    scope,
    signed,
    signed_cell,
)

READING, DATA, FILES = Audience.READING, Audience.DATA, Audience.FILES


@dataclass(slots=True)
class ImpactView:
    """What the impacts view is built of: the checked draft, its analysis, the language, the
    --measure/--node focus (``(option, id)`` or None) and the level of the signed matrix's
    columns (--columns)."""

    context: object
    analysis: ImpactAnalysis
    lang: str
    focus: tuple[str, str] | None
    columns: str
    # Who each trade-off harms (analysis/harms.py), worked out once for every table.
    harms: HarmAnalysis = field(init=False)

    def __post_init__(self) -> None:
        from ..analysis.harms import analyse

        self.harms = analyse(self.context, self.analysis)


T = {
    "title_view": Text("影響の予測評価", "Impact pre-assessment"),
    "id": Text("ID", "ID"),
    "measure": Text("施策", "Measure"),
    "measure_title": Text("施策名", "Title"),
    "node_title": Text("名称", "Title"),
    "owner": Text("所管", "Owner"),
    "field": Text("分野", "Field"),
    "positive": Text("正の和", "Positive sum"),
    "negative": Text("負の和", "Negative sum"),
    "net": Text("正味", "Net"),
    # The ranking's figures: headings short enough for 80 columns, said in full in its note.
    "direct_positive": Text("正の和", "Helps"),
    "direct_negative": Text("負の和", "Harms"),
    "second_positive": Text("波及の正の和", "Knock-on +"),
    "second_negative": Text("波及の負の和", "Knock-on −"),
    "overall": Text("総合", "Overall"),
    "ranking_note": Text(
        "正の和・負の和は直接の影響（supports の +1 を含む）、波及の正の和・負の和は相互作用を"
        "通じた影響（--measure で経路）、総合はその 4 つの和です。",
        "Helps and harms: the sums of the direct impacts (supports count +1); knock-on + and −: "
        "through the interactions (their routes: --measure); overall: the four added.",
    ),
    "goals": Text("SDG ゴール", "SDG goals"),
    "score": Text("評価", "Score"),
    "scale": Text("尺度", "Scale"),
    "kind": Text("種類", "Kind"),
    "impact": Text("影響", "impact"),
    "interaction": Text("相互作用", "interaction"),
    "from": Text("影響元", "From"),
    "to": Text("影響先", "On"),
    "source_owners": Text("影響元の所管", "Owners of the source"),
    "target_owners": Text("影響先を支える所管", "Owners serving the target"),
    "mitigated": Text("緩和策の有無", "Mitigated"),
    "mitigation": Text("緩和策", "Mitigation"),
    "yes": Text("あり", "yes"),
    "no": Text("なし", "none"),
    "true": Text("はい", "yes"),
    "false": Text("いいえ", "no"),
    "not_applicable": Text("対象外（相互作用）", "n/a (interaction)"),
    "note": Text("備考", "Note"),
    "why": Text("根拠・説明", "Note"),
    "evidence": Text("根拠資料", "Evidence"),
    "basis": Text("評価の出所", "Scored by"),
    "assessed": Text("impacts", "impacts"),
    "supports": Text("supports（+1）", "supports (+1)"),
    "contradiction": Text(
        "矛盾（SA601）: supports にあり、集計では +1",
        "contradiction (SA601): in supports, counted +1 in the sums",
    ),
    "node": Text("項目", "Goal or policy"),
    "from_owner": Text("影響元（所管）", "From (owner)"),
    "harmed_policies_of": Text("妨げる先（重点政策）", "Harms (priority policies)"),
    "no_policy": Text("重点政策なし", "no priority policy"),
    "harmed_policies": Text("妨げられる重点政策", "Priority policies harmed"),
    "harmed_goal": Text("妨げられる SDG ゴール", "SDG goal harmed"),
    "full_title": Text("名称（全文）", "Full title"),
    "under": Text("対象", "On"),
    "via": Text("経由", "Via"),
    "interaction_score": Text("相互作用", "Interaction"),
    "assessed_by": Text("評価者", "Assessed by"),
    "assessed_on": Text("評価日", "Assessed on"),
    "reference": Text("出典", "Source"),
    "helped": Text("支える施策", "Helped by"),
    "harmed": Text("妨げる施策", "Harmed by"),
    "number": Text("番号", "#"),
    "fields": Text("分野", "Fields"),
    "cross": Text("分野横断", "Cross-field"),
    "priority_policies": Text("重点政策", "Priority policies"),
    "owners": Text("所管", "Owners"),
    "cluster": Text("グループ", "Group"),
    "measure_count": Text("施策数", "Measures"),
    "goal_count": Text("目標数", "Goals"),
    "strongest": Text("中心となる施策と目標", "At its heart"),
    "conflicts": Text("グループ内の対立", "Conflicts inside"),
    "member_kind": Text("区分", "Kind"),
    "kind_measure": Text("施策", "measure"),
    "kind_goal": Text("目標", "goal"),
    "help_inside": Text("グループ内への正の和", "Positive sum inside"),
    "harm_inside": Text("グループ内への負の和", "Negative sum inside"),
    "goal": Text("ゴール", "Goal"),
    "out_sum": Text("与える影響（正味）", "Gives, net (out-sum)"),
    "in_sum": Text("受ける影響（正味）", "Receives, net (in-sum)"),
    "out_positive": Text("与える影響（正の和）", "Gives, positive"),
    "out_negative": Text("与える影響（負の和）", "Gives, negative"),
    "in_positive": Text("受ける影響（正の和）", "Receives, positive"),
    "in_negative": Text("受ける影響（負の和）", "Receives, negative"),
    "second_positive_influence": Text(
        "他の目標を通じて与える影響（正の和）", "Gives through another target, positive"
    ),
    "second_negative_influence": Text(
        "他の目標を通じて与える影響（負の和）", "Gives through another target, negative"
    ),
    "value": Text("波及の大きさ", "Knock-on"),
    "balance_bar": Text("収支", "Balance"),
    # tables: (title, sheet name of at most 31 characters)
    "ranking": Text("施策の影響（総合の大きい順）", "Measures by overall impact"),
    "ranking_sheet": Text("施策の影響", "Measures"),
    "trade_offs": Text(
        "トレードオフ（目標を妨げる影響・相互作用）",
        "Trade-offs (negative impacts and interactions)",
    ),
    "trade_offs_sheet": Text("トレードオフ", "Trade-offs"),
    "contested": Text(
        "支える施策と妨げる施策のある項目", "Goals and policies both helped and harmed"
    ),
    "contested_sheet": Text("支える施策と妨げる施策", "Helped and harmed"),
    "clusters": Text(
        "相乗効果のグループ（互いに高め合う施策と目標）",
        "Synergy groups (measures and goals that reinforce each other)",
    ),
    "clusters_sheet": Text("相乗効果のグループ", "Synergy groups"),
    "cluster_members": Text("相乗効果のグループの全構成", "Synergy groups: every member"),
    "cluster_members_sheet": Text("グループの構成", "Group members"),
    "conflict_note": Text(
        "「グループ内の対立」は、グループの施策がグループ内の目標や施策を妨げる影響です。"
        "相乗効果があっても、この対立は別に調整が要ります。",
        "A conflict inside is a group's measure harming a goal or measure of the same group: "
        "it needs settling, synergy or not.",
    ),
    "whole_members": Text("全構成: --format markdown または xlsx", "every member: --format markdown or xlsx"),
    "balance": Text("SDG ゴールごとの収支（直接の影響）", "Balance per SDG goal (direct impacts)"),
    "balance_sheet": Text("SDGゴールの収支", "Balance per SDG goal"),
    "influence": Text(
        "影響力: 相互作用のターゲットが与える影響・受ける影響",
        "Influence: what each target of the interactions gives and receives (SEI's sums)",
    ),
    "influence_sheet": Text("影響力（ターゲット）", "Influence (targets)"),
    "measure_influence": Text(
        "影響力: 施策が与える影響（直接）・他の施策から受ける影響",
        "Influence: what each measure gives (directly) and receives from other measures",
    ),
    "measure_influence_sheet": Text("影響力（施策）", "Influence (measures)"),
    "measures_matrix": Text(
        "影響の対応表: 施策 × {level}（直接の影響。正と負は別々に合計）",
        "Signed impact matrix: measures × {level} (direct impacts; positive and negative summed apart)",
    ),
    "measures_matrix_sheet": Text("施策×{level}", "Measures×{level}"),
    "interactions_matrix": Text(
        "相互作用の行列: ターゲット × ターゲット（相互作用ファイル）",
        "Cross-impact matrix: targets × targets (the interactions file)",
    ),
    "interactions_matrix_sheet": Text("相互作用", "Interactions"),
    "direct": Text("{id} の直接の影響", "Direct impacts of {id}"),
    "direct_sheet": Text("直接の影響", "Direct impacts"),
    "second_of": Text(
        "{id} の波及する影響（相互作用を経由）", "Knock-on impacts of {id} (through the interactions)"
    ),
    "second_sheet": Text("波及する影響", "Knock-on impacts"),
    "summary_of": Text("{id} の収支", "Balance of {id}"),
    "summary_sheet": Text("収支", "Balance"),
    "on_node": Text("{id} への直接の影響", "Direct impacts on {id}"),
    "on_node_sheet": Text("直接の影響", "Direct impacts"),
    "second_on": Text(
        "{id} への波及する影響（相互作用を経由）", "Knock-on impacts on {id} (through the interactions)"
    ),
    "trade_offs_of": Text("{id} に関わるトレードオフ", "Trade-offs involving {id}"),
    "harming": Text(
        "{id} を妨げるトレードオフ（下位の項目と、その施策が支える目標への影響を含む）",
        "Trade-offs that harm {id} (on what it covers and on what its measures work for)",
    ),
    "influence_of": Text("{id} の影響力", "Influence of {id}"),
    "influence_of_sheet": Text("影響力", "Influence"),
    "row_positive": Text("正の和", "Positive sum"),
    "row_negative": Text("負の和", "Negative sum"),
    "row_net": Text("正味", "Net"),
    "on_positive": Text("{level}への正の和", "Positive sum on {level}"),
    "on_negative": Text("{level}への負の和", "Negative sum on {level}"),
    "on_net": Text("{level}への正味", "Net on {level}"),
    "legend": Text(
        "凡例: 評価の尺度（Nilsson et al. 2016 の7段階）",
        "Legend: the scale (Nilsson et al. 2016, seven points)",
    ),
    "legend_sheet": Text("凡例", "Legend"),
    "english": Text("英語名", "English"),
    "japanese": Text("日本語", "Japanese"),
    "meaning": Text("意味", "Meaning"),
    "columns_legend": Text("列の名称", "Column titles"),
    "not_assessed": Text(
        "空欄は評価されていないこと（0 ではありません）を示します。",
        "An empty cell is not assessed, which is not the same as 0.",
    ),
    "no_impact": Text(
        "空欄はその施策からその項目への影響がないことを示します。",
        "An empty cell means the measure has no impact on that node.",
    ),
    "sums": Text(
        "正と負は打ち消し合わせず、別々に示します（正と負の両方がある欄は「+2 / −2」）。"
        "行の「正の和」「負の和」はその行がこの表の列に与える直接の影響、下の行はその列が"
        "受ける影響で、「正味」は両者の和です。施策の総合（波及を含む）は施策の影響の表にあり"
        "ます。評価のない行・列は空欄です。",
        "Positive and negative scores are never netted: a cell with both shows both "
        "(\"+2 / −2\"). A row's positive and negative sums are what it gives the columns of this "
        "table, directly; the rows below are what each column receives; the net is the two "
        "added. A measure's overall figure (with knock-on) is in the table of measures. A row or "
        "column with no score is left empty.",
    ),
    "no_interactions": Text(
        "相互作用ファイルがありません（設定ファイルの impacts: interactions で指定します）。",
        "No interactions file (name one in the config under impacts: interactions).",
    ),
    "judged": Text("評価について: {note}", "About this assessment: {note}"),
    "from_supports": Text("supports による +1", "+1 from supports"),
    "no_impacts": Text(
        "影響の評価（impacts）のある施策がありません。supports だけでは +1 として数えます。",
        "No measure has an impact assessment (impacts); supports alone count +1.",
    ),
    "summary": Text(
        "トレードオフ {total} 件（施策の影響 {impacts} 件: 緩和策あり {mitigated}・なし {open}、"
        "目標間の相互作用 {interactions} 件）／支える施策と妨げる施策のある項目 {contested} 件／"
        "相乗効果のグループ {clusters} 件（うち分野横断 {cross}、グループ内の対立 {conflicts} 件）",
        "{total} trade-offs ({impacts} impacts of measures: {mitigated} mitigated, {open} not; "
        "{interactions} interactions between targets); {contested} goals or policies both "
        "helped and harmed; {clusters} synergy groups ({cross} cross-field, {conflicts} "
        "conflicts inside)",
    ),
    "sums_of": Text(
        "直接: 正の和 {positive}・負の和 {negative}／波及: 正の和 {second_positive}・負の和 "
        "{second_negative}／総合 {net}",
        "Direct: positive {positive}, negative {negative}; knock-on: positive "
        "{second_positive}, negative {second_negative}; overall {net}",
    ),
    "second_note": Text(
        "波及する影響は、施策が目標 A に与える評価 s と、相互作用ファイルの A から B への評価 t "
        "から s × t ÷ 3 で求めます（直接の影響 1 件と同じ尺度）。正と負は別々に合計します。",
        "A knock-on impact is s × t ÷ 3, where s is the measure's score on target A and t the "
        "interaction from A to B (on the scale of one direct impact). Positive and negative "
        "are summed apart.",
    ),
    "no_routes": Text(
        "波及する影響はありません（この施策の影響先は相互作用ファイルの影響元にありません）。",
        "No knock-on impact (none of this measure's targets acts on another in the interactions).",
    ),
    "no_routes_file": Text(
        "波及する影響はありません（相互作用ファイルがありません）。",
        "No knock-on impact (there is no interactions file).",
    ),
    "no_routes_on": Text(
        "{id} にもその下位の項目にも、相互作用を通じて届く影響はありません。",
        "No knock-on impact reaches {id} or anything under it.",
    ),
    "no_direct_on": Text(
        "{id} にもその下位の項目にも、影響の評価（impacts）や supports で関わる施策はありません。",
        "No measure scores an impact on, or supports, {id} or anything under it.",
    ),
    "no_direct_of": Text(
        "{id} には影響の評価（impacts）も supports もありません。",
        "{id} has no impacts and supports nothing.",
    ),
    "no_trade_offs_on": Text(
        "{id} とその下位の項目を妨げる影響・相互作用はありません。",
        "Nothing harms {id} or anything under it.",
    ),
    "no_trade_offs_of": Text(
        "{id} は何も妨げず、何からも妨げられていません。",
        "{id} harms nothing and nothing harms it.",
    ),
    "no_trade_offs": Text(
        "目標を妨げる影響・相互作用はありません。", "No negative impact or interaction."
    ),
    "no_profile": Text("{id}: 影響なし", "{id}: no impacts"),
    "whole_list": Text("全件: --format markdown", "all of them: --format markdown"),
    "selected": Text(
        "上位 {top} 件と、妨げる影響のある下位 {last} 件。全件: --format markdown",
        "the top {top} and the last {last} with a harm; all of them: --format markdown",
    ),
}
BALANCE_WIDTH = 12
# A screen shows the measures that do the most, then the last few with a negative impact.
TOP, LAST_NEGATIVE = 15, 5


def _t(key: str, lang: str, **values: object) -> str:
    return T[key].format(**values)(lang) if values else T[key](lang)


# --- words and cells -------------------------------------------------------------------------------


def score_cell(score: int, lang: str) -> Cell:
    """A score with its name on the scale: 「−2 相反」."""
    meaning = POSITIVE if score > 0 else (NEGATIVE if score < 0 else DIM)
    return Cell(f"{signed(score)} {scale_name(score, lang)}", score, meaning)


def measure_title(context, measure_id: str, lang: str) -> str:
    measure = context.measures[measure_id].measure
    return visible((measure.title_en if lang == "en" else None) or measure.title)


def title_of(context, identifier: str, lang: str) -> str:
    """A measure's title or a node's short title (else its title), as headers show them."""
    if identifier in context.measures:
        return measure_title(context, identifier, lang)
    node = context.framework.nodes.get(identifier)
    return visible(node.label(lang)) if node is not None else ""


def _title_cell(context, identifier: str, lang: str) -> Cell:
    """A measure's or node's title as a cell: as written, for a spreadsheet."""
    shown = title_of(context, identifier, lang)
    loaded = context.measures.get(identifier)
    if loaded is not None:
        measure = loaded.measure
        return Cell(shown, (measure.title_en if lang == "en" else None) or measure.title)
    return Cell(shown)


def labelled(context, identifier: str, lang: str) -> str:
    """An id with its title: a measure's title or a framework node's label."""
    title = title_of(context, identifier, lang)
    return f"{visible(identifier)} {title}".rstrip()


def short_label(context, identifier: str, lang: str) -> str:
    """An id with a label short enough for one line: a measure's title; a node's short title;
    an SDG target (whose official title is a paragraph) by its number and its goal's short
    name, 「SDG 11.6 住み続けられるまちづくりを」. The full title: ``full_title``."""
    goal = target_goal(context, identifier, lang)
    if goal is not None:
        return f"SDG {visible(identifier.removeprefix('SDG-'))} {goal}"
    return labelled(context, identifier, lang)


def target_goal(context, identifier: str, lang: str) -> str | None:
    """An SDG target's goal by its short name (「住み続けられるまちづくりを」), which says which
    target it is better than the first words of its official paragraph; None for any other."""
    framework = context.framework
    node = framework.nodes.get(identifier)
    if node is None or node.framework != "SDG" or node.parent is None:
        return None
    return visible(framework.nodes[framework.ancestors(identifier)[-1]].label(lang))


def full_title(context, identifier: str, lang: str) -> str:
    """A node's whole official title (a measure's title), as written."""
    node = context.framework.nodes.get(identifier)
    if node is None:
        return title_of(context, identifier, lang)
    return (node.title_en or node.title) if lang == "en" else node.title


def listed(items: list[str], lang: str) -> str:
    """Ids in a sentence: 「A、B」 in Japanese, "A, B" in English."""
    return ("、" if lang == "ja" else ", ").join(items)


def policies_line(policies: list[str], lang: str) -> str:
    """The priority policies a trade-off harms, as the second line under what it harms (the
    column's heading says what the ids are)."""
    return " ".join(policies) if policies else _t("no_policy", lang)


# Owners a one-line cell names before it counts the rest (「経済産業部・環境政策部 ほか 7」).
OWNERS_SHOWN = 2


def owners_text(owners: list[str], lang: str, shown: int = OWNERS_SHOWN) -> str:
    """The first few owners and how many more: a trade-off between targets can involve every
    department that helps them."""
    if not owners:
        return NOTHING
    # 、 not ・, which department names hold themselves (子ども・若者部).
    head = ("、" if lang == "ja" else ", ").join(visible(o) for o in owners[:shown])
    rest = len(owners) - shown
    if rest <= 0:
        return head
    return f"{head} ほか {rest}" if lang == "ja" else f"{head} and {rest} more"


def field_name(context, field_id: str, lang: str) -> str:
    definition = context.framework.fields.get(field_id)
    if definition is None:
        return visible(field_id)
    return visible(definition.title if lang == "ja" else definition.title_en or definition.title)


def text(raw: str | None) -> Cell:
    """Text from the user's files: shown with its control characters visible, kept as it
    was written for a spreadsheet."""
    return Cell(visible(raw or ""), raw or None)


def joined(values: list[str]) -> Cell:
    return text("、".join(values))


def _columns(*columns: Column) -> list[Column]:
    return list(columns)


def _id(lang: str, key: str = "id", audience: Audience = Audience.EVERY) -> Column:
    return Column(_t(key, lang), Role.ID, audience=audience)


def _signed(title: str, decimals: int = 0, **options) -> Column:
    return Column(title, Role.SIGNED, decimals=decimals, **options)


# --- the whole pre-assessment ---------------------------------------------------------------------


def ranking(context, analysis: ImpactAnalysis, lang: str, measure_ids: list[str] | None = None,
            *, title: str | None = None, sheet: str | None = None) -> Table:
    """The measures by their overall impact: their direct impacts and the knock-on they reach
    through the interactions, each as a positive and a negative sum (never netted against each
    other), and the overall figure. A screen shows those that do the most and the last few with
    a harm."""
    table = Table(
        title or _t("ranking", lang),
        [
            _id(lang),
            # 14 cells of a title (seven characters) and the five figures fit 80 columns.
            Column(_t("measure_title", lang), Role.LABEL, weight=3, narrowest=14),
            Column(_t("owner", lang), Role.LABEL, priority=4),
            Column(_t("field", lang), Role.ID, priority=5),
            _signed(_t("direct_positive", lang)),
            _signed(_t("direct_negative", lang)),
            # The knock-on's help and harm side by side, never one without the other.
            _signed(_t("second_positive", lang), 2),
            _signed(_t("second_negative", lang), 2),
            _signed(_t("overall", lang), 2),
            # A reader's goals by number (2 11 12), a spreadsheet's by id.
            Column("SDG", Role.NOTE, priority=3, audience=READING),
            Column(_t("goals", lang), Role.NOTE, audience=DATA),
        ],
        more=_t("whole_list", lang),
        notes=[_t("ranking_note", lang)],
        key="ranking" if measure_ids is None else "summary",
        sheet=sheet or _t("ranking_sheet", lang),
        frozen=1,
    )
    wanted = list(analysis.profiles) if measure_ids is None else measure_ids
    profiles = [analysis.profiles[m] for m in wanted if m in analysis.profiles]
    ordered = sorted(profiles, key=lambda p: (-p.net, p.measure))
    table.rows = Rows(len(ordered), lambda: (
        row_of((
            profile.measure,
            _title_cell(context, profile.measure, lang),
            text(profile.owner),
            text(profile.field),
            signed_cell(profile.positive),
            signed_cell(profile.negative),
            signed_cell(profile.second_positive, 2),
            signed_cell(profile.second_negative, 2),
            signed_cell(profile.net, 2, STRONG),
            " ".join(goal.removeprefix("SDG-") for goal in profile.sdg_goals),
            ", ".join(profile.sdg_goals),
        ))
        for profile in ordered
    ))
    if measure_ids is None and len(ordered) > TOP + LAST_NEGATIVE:
        last = [
            i for i in range(TOP, len(ordered))
            if ordered[i].negative or ordered[i].second_negative
        ][-LAST_NEGATIVE:]
        table.selection = list(range(TOP)) + last
        # The rows a screen skips between the two parts are said, not left to be guessed.
        table.more = _t("selected", lang, top=TOP, last=len(last))
    return table


def trade_offs(context, analysis: ImpactAnalysis, harms: HarmAnalysis, lang: str,
               chosen: list[TradeOff] | None = None, *, title: str | None = None,
               empty: str | None = None, key: str = "trade_offs") -> Table:
    """Each negative impact of a measure and each negative interaction between targets, the
    worst first and, of equal severity, the ones nobody manages yet: who acts (the measure and
    its 所管), what it harms (a short label; the full title in a spreadsheet and a page's
    tooltip), the priority policies harmed, and the mitigation."""
    table = Table(
        title or _t("trade_offs", lang),
        [
            Column(_t("score", lang), Role.STATUS, audience=READING),
            _signed(_t("score", lang), audience=DATA),
            Column(_t("scale", lang), Role.LABEL, audience=DATA),
            Column(_t("kind", lang), Role.LABEL, audience=DATA),
            # Who acts and what is harmed are the row's subject: they keep enough to be read
            # (a measure's title, an SDG target's number and goal) before a mitigation grows.
            # Two lines each, so that every part of the answer stays at 80 columns: who acts
            # and its 所管; what is harmed and the priority policies harmed.
            Column(_t("from_owner", lang), Role.LABEL, weight=3, narrowest=18, audience=READING),
            Column(_t("harmed_policies_of", lang), Role.LABEL, weight=2, narrowest=19,
                   audience=READING),
            _id(lang, "from", DATA),
            Column(_t("measure_title", lang), Role.LABEL, audience=DATA),
            Column(_t("source_owners", lang), Role.LABEL, audience=DATA),
            _id(lang, "to", DATA),
            Column(_t("full_title", lang), Role.NOTE, audience=DATA),
            Column(_t("harmed_goal", lang), Role.ID, audience=DATA),
            Column(_t("harmed_policies", lang), Role.LABEL, audience=DATA),
            Column(_t("target_owners", lang), Role.LABEL, audience=DATA),
            Column(_t("mitigation", lang), Role.NOTE, weight=3, narrowest=14, audience=READING),
            Column(_t("mitigated", lang), Role.LABEL, audience=DATA),
            Column(_t("mitigation", lang), Role.NOTE, audience=DATA),
            # Why it harms, which a planning office reads before it asks for a mitigation: in
            # every file (a screen keeps one line a trade-off).
            Column(_t("note", lang), Role.NOTE, priority=2, audience=FILES),
        ],
        key=key,
        sheet=_t("trade_offs_sheet", lang),
        empty=empty or _t("no_trade_offs", lang),
    )
    found = analysis.trade_offs if chosen is None else chosen
    of = {id(h.trade_off): h for h in harms.harms}
    ordered = sorted(found, key=lambda t: (t.score, t.kind != "impact", bool(t.mitigated)))

    def made():
        for item in ordered:
            harm = of.get(id(item))
            policies = harm.policies if harm is not None else []
            status = _t(
                "not_applicable" if item.kind == "interaction"
                else "yes" if item.mitigated else "no",
                lang,
            )
            source = source_label(context, item, lang)
            harmed = short_label(context, item.target, lang)
            yield row_of((
                score_cell(item.score, lang),
                signed_cell(item.score),
                scale_name(item.score, lang),
                _t(item.kind, lang),
                Cell(f"{source}\n{owners_text(item.source_owners, lang)}", None, None,
                     detail=labelled(context, item.source, lang)),
                Cell(f"{harmed}\n{policies_line(policies, lang)}", None, None,
                     detail=full_title(context, item.target, lang)),
                text(item.source),
                _title_cell(context, item.source, lang),
                joined(item.source_owners),
                text(item.target),
                Cell(visible(full_title(context, item.target, lang)),
                     full_title(context, item.target, lang)),
                harm.goal if harm is not None and harm.goal else "",
                " ".join(policies),
                joined(item.target_owners),
                mitigation_cell(item, lang),
                status,
                text(item.mitigation),
                text(item.note),
            ))

    table.rows = Rows(len(ordered), made)
    return table


def contested(context, analysis: ImpactAnalysis, lang: str) -> Table | None:
    """The nodes some measures help and others harm: where departments must talk."""
    found = [n for n in analysis.nodes.values() if n.contested]
    if not found:
        return None
    table = Table(
        _t("contested", lang),
        [
            Column(_t("node", lang), Role.ID),
            Column(_t("node_title", lang), Role.LABEL, priority=2, audience=FILES),
            Column(_t("helped", lang), Role.NOTE),
            Column(_t("harmed", lang), Role.NOTE),
        ],
        key="contested",
        sheet=_t("contested_sheet", lang),
    )
    for entry in found:
        table.add(
            entry.node,
            title_of(context, entry.node, lang),
            Cell(", ".join(f"{i.measure} {signed(i.score)}" for i in entry.positive), None, POSITIVE),
            Cell(", ".join(f"{i.measure} {signed(i.score)}" for i in entry.negative), None, NEGATIVE),
        )
    return table


def clusters(context, analysis: ImpactAnalysis, lang: str) -> list[Table]:
    """The synergy groups at a glance — fields, owners, priority policies, how many measures
    and goals, the strongest members and any conflict inside — and, for the files, every
    member of each (a group can hold forty)."""
    if not analysis.clusters:
        return []
    summary = Table(
        _t("clusters", lang),
        [
            Column(_t("number", lang), Role.NUMBER),
            Column(_t("fields", lang), Role.NOTE, weight=2, priority=2),
            Column(_t("cross", lang), Role.LABEL, audience=DATA),
            Column(_t("priority_policies", lang), Role.NOTE, priority=1),
            Column(_t("owners", lang), Role.NOTE, priority=4, weight=2),
            Column(_t("measure_count", lang), Role.NUMBER, priority=3),
            Column(_t("goal_count", lang), Role.NUMBER, priority=3),
            Column(_t("strongest", lang), Role.NOTE, weight=3, narrowest=16),
            Column(_t("conflicts", lang), Role.NOTE, weight=2),
        ],
        key="clusters",
        sheet=_t("clusters_sheet", lang),
        notes=[_t("conflict_note", lang)],
        more=_t("whole_members", lang),
    )
    members = Table(
        _t("cluster_members", lang),
        [
            Column(_t("cluster", lang), Role.NUMBER),
            Column(_t("member_kind", lang), Role.LABEL),
            _id(lang),
            Column(_t("node_title", lang), Role.LABEL, weight=3),
            Column(_t("owner", lang), Role.LABEL),
            _signed(_t("help_inside", lang)),
            _signed(_t("harm_inside", lang)),
        ],
        key="cluster_members",
        sheet=_t("cluster_members_sheet", lang),
        audience=FILES,
        frozen=3,
    )
    # Each group's help given by its measures and received by its goals, inside the group.
    sums: list[tuple[int, Cluster, dict[str, list[int]], dict[str, int]]] = []
    for number, cluster in enumerate(analysis.clusters, 1):
        inside = set(cluster.members)
        given: dict[str, list[int]] = {m: [0, 0] for m in cluster.measures}
        received: dict[str, int] = dict.fromkeys(cluster.nodes, 0)
        for measure_id in cluster.measures:
            for impact in analysis.profiles[measure_id].direct:
                if impact.on not in inside:
                    continue
                if impact.score > 0:
                    given[measure_id][0] += impact.score
                    if impact.on in received:
                        received[impact.on] += impact.score
                elif impact.score < 0:
                    given[measure_id][1] += impact.score
        strongest_nodes = sorted(received, key=lambda n: (-received[n], n))[:3]
        strongest_measures = sorted(given, key=lambda m: (-given[m][0], m))[:3]
        summary.add(
            Cell.of(number),
            listed([field_name(context, f, lang) for f in cluster.fields], lang),
            Cell(_t("true" if cluster.cross_field else "false", lang), cluster.cross_field),
            " ".join(cluster.priority_policies),
            owners_text(cluster.owners, lang, 3),
            Cell.of(len(cluster.measures)),
            Cell.of(len(cluster.nodes)),
            listed([*strongest_nodes, *strongest_measures], lang),
            Cell(
                listed([f"{i.measure} → {i.on} {signed(i.score)}" for i in cluster.conflicts],
                       lang) or _t("no", lang),
                len(cluster.conflicts),
                NEGATIVE if cluster.conflicts else None,
            ),
        )
        sums.append((number, cluster, given, received))

    def member_rows():
        for number, cluster, given, received in sums:
            for member in cluster.members:
                is_measure = member in given
                yield row_of((
                    Cell.of(number),
                    _t("kind_measure" if is_measure else "kind_goal", lang),
                    member,
                    _title_cell(context, member, lang),
                    text(analysis.profiles[member].owner) if is_measure else "",
                    signed_cell(given[member][0] if is_measure else received[member]),
                    signed_cell(given[member][1] if is_measure else None),
                ))

    # Every member of every group, made as they are drawn: a group's sums are kept, not its cells.
    members.rows = Rows(sum(len(cluster.members) for cluster in analysis.clusters), member_rows)
    return [summary, members]


def balance(context, analysis: ImpactAnalysis, lang: str) -> Table | None:
    """Each SDG goal's direct impacts, negative to the left of the axis, positive to the right."""
    if not analysis.goal_balance:
        return None
    table = Table(
        _t("balance", lang),
        [
            Column(_t("goal", lang), Role.ID),
            Column(_t("node_title", lang), Role.LABEL, priority=2, audience=FILES),
            _signed(_t("positive", lang)),
            _signed(_t("negative", lang)),
            Column(_t("balance_bar", lang), Role.BAR, audience=READING),
            _signed(_t("net", lang), priority=1),
        ],
        key="balance",
        sheet=_t("balance_sheet", lang),
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
        words = f"{signed(negative)} / {signed(positive)}"
        table.add(
            goal,
            title_of(context, goal, lang),
            signed_cell(positive),
            signed_cell(negative),
            Cell(words, (negative, positive), None, bar),
            signed_cell(positive + negative),
        )
    return table


def influence(context, analysis: ImpactAnalysis, lang: str, key: str, *,
              of: str | None = None) -> Table | None:
    """How much each target of the interactions (``influence``) or each measure
    (``measure_influence``) drives the others and is driven: SEI's row and column sums."""
    found = analysis.influence if key == "influence" else analysis.measure_influence
    if of is not None:
        if of not in found:
            return None
        ids = [of]
    elif key == "influence":
        order = {node_id: i for i, node_id in enumerate(context.framework.nodes)}
        ids = sorted(found, key=lambda n: order.get(n, len(order)))
    else:
        ids = list(found)
    second = key == "influence"  # the matrix squared is a property of the targets' matrix
    columns = [
        _id(lang),
        Column(_t("node_title", lang), Role.LABEL, weight=2),
        _signed(_t("out_sum", lang)),
        _signed(_t("in_sum", lang)),
        _signed(_t("out_positive", lang)),
        _signed(_t("out_negative", lang)),
        _signed(_t("in_positive", lang)),
        _signed(_t("in_negative", lang)),
    ]
    if second:
        columns += [
            _signed(_t("second_positive_influence", lang)),
            _signed(_t("second_negative_influence", lang)),
        ]
    table = Table(
        _t(key, lang) if of is None else _t("influence_of", lang, id=of),
        columns,
        key=key if of is None else f"{key}_of",
        sheet=_t(f"{key}_sheet", lang) if of is None else _t("influence_of_sheet", lang),
        audience=FILES,
        frozen=1,
    )

    def made():
        for identifier in ids:
            item = found[identifier]
            cells = [
                item.id,
                title_of(context, item.id, lang),
                *(
                    signed_cell(v)
                    for v in (
                        item.out_sum, item.in_sum, item.out_positive, item.out_negative,
                        item.in_positive, item.in_negative,
                    )
                ),
            ]
            if second:
                cells += [signed_cell(item.second_positive), signed_cell(item.second_negative)]
            yield row_of(cells)

    # A row per measure for measure_influence, made as they are drawn.
    table.rows = Rows(len(ids), made)
    return table


def matrix(context, found: SignedMatrix, lang: str) -> Table:
    """A signed matrix: a row per measure (or target), a column per node, each cell the row's
    direct impacts on the column — its positive and negative scores apart, 「+2 / −2」 where it
    has both, never netted (empty: none, never 0) —, each row's 正の和, 負の和 and 正味, and
    three rows of the same for each column; coloured on a diverging scale from −extent to
    +extent (a cell with both, in both colours)."""
    # Each figure named for what it is, so that no two tables give one name two values: a
    # measure's row covers this table's columns only (its 正の和 over every node is in the
    # table of measures), a target's row and column are the influence table's own figures.
    if found.kind == "measures":
        key, notes = "measures_matrix", [_t("no_impact", lang), _t("sums", lang)]
        level = level_name(context, found.level, lang)
        title = _t(key, lang, level=level)
        sheet = _t(f"{key}_sheet", lang, level=found.level)
        row_title = _t("measure_title", lang)
        row_names = [_t(f"on_{part}", lang, level=level) for part in ("positive", "negative", "net")]
        column_names = [_t(f"row_{part}", lang) for part in ("positive", "negative", "net")]
    else:
        row_names = [_t(name, lang) for name in ("out_positive", "out_negative", "out_sum")]
        column_names = [_t(name, lang) for name in ("in_positive", "in_negative", "in_sum")]
        key, notes = "interactions_matrix", [_t("not_assessed", lang), _t("sums", lang)]
        title, sheet = _t(key, lang), _t(f"{key}_sheet", lang)
        row_title = _t("node_title", lang)
        if context.interactions is None:
            notes = [_t("no_interactions", lang)]
        elif context.interactions.note:  # whose judgement the matrix is
            notes.append(_t("judged", lang, note=visible(context.interactions.note)))
    nodes = [context.framework.nodes[c] for c in found.columns]
    columns = [
        _id(lang),
        Column(row_title, Role.LABEL, weight=2, audience=DATA if key != "measures_matrix" else
               Audience.EVERY),
        *(
            Column(
                node.id,
                Role.SIGNED,
                subtitle=visible(node.label(lang)),
                colour=_colour(context.framework, node.id),
                heat=True,
            )
            for node in nodes
        ),
        *(_signed(name) for name in row_names),
    ]
    table = Table(
        title, columns, key=key, sheet=sheet, audience=FILES, frozen=2, notes=notes,
        heat=found.extent,
    )
    detail = _details(context, found, lang)

    def heat_cell(row: str, column: str) -> Cell:
        cell = sums_cell(found.cells.get((row, column)))
        if cell is not _NO_SUMS:  # the empty cell has nothing to say
            cell.detail = detail(row, column, cell.text)
        return cell

    table.rows = Rows(len(found.rows), lambda: (
        row_of((
            row,
            _title_cell(context, row, lang),
            *(heat_cell(row, column) for column in found.columns),
            *_sums_cells(found.row_sums(row)),
        ))
        for row in found.rows
    ))
    column_sums = [found.column_sums(column) for column in found.columns]
    total = found.total()
    parts = (
        lambda s: None if s is None else s.positive,
        lambda s: None if s is None else s.negative,
        lambda s: None if s is None else s.net,
    )
    table.totals = [
        [
            Cell(name, None, STRONG),
            Cell(""),
            *(signed_cell(part(sums), meaning=STRONG) for sums in column_sums),
            # the table's total under its own figure only (正の和 under 正の和 …)
            *(signed_cell(part(total), meaning=STRONG) if i == n else Cell("") for i in range(3)),
        ]
        for n, (name, part) in enumerate(zip(column_names, parts, strict=True))
    ]
    return table


def level_name(context, level_key: str, lang: str) -> str:
    """A level as a reader names it: 「SDG 目標」, 「PLAN 重点政策」 (the framework's id and the
    level's title), not its key SDG.goal."""
    level = context.framework.level(level_key)
    if level is None:
        return level_key
    title = (level.title_en or level.title) if lang == "en" else level.title
    return f"{level_key.split('.')[0]} {title}"


def _sums_cells(sums: Sums | None) -> list[Cell]:
    if sums is None:
        return [Cell(""), Cell(""), Cell("")]
    return [
        signed_cell(sums.positive, meaning=STRONG),
        signed_cell(sums.negative, meaning=STRONG),
        signed_cell(sums.net, meaning=STRONG),
    ]


# An empty cell of a heatmap, shared by all of them: most cells of 100,000 measures by 17 goals.
# Never changed once made (no renderer changes a cell).
_NO_SUMS = Cell("", None)


def sums_cell(sums: Sums | None) -> Cell:
    """A matrix cell: its one sign's sum, or 「+2 / −2」 where it holds both (its value the pair
    ``(positive, negative)``, which a page and a picture draw in both colours); empty: none
    (the one shared empty cell; any other is a cell of its own, which may get a tooltip)."""
    if sums is None:
        return _NO_SUMS
    if sums.mixed:
        return Cell(
            f"{signed(sums.positive)} / {signed(sums.negative)}",
            (sums.positive, sums.negative),
            WARN,
        )
    return signed_cell(sums.net)


def _part_line(impact, lang: str) -> str:
    """One impact of a cell: target, score and scale, then its note, mitigation and evidence."""
    if impact.contradiction:  # as the file wrote it, marked: never shown as the +1
        written = impact.written
        return f"{impact.on} {signed(written)} {scale_name(written, lang)} — {_t('contradiction', lang)}"
    line = f"{impact.on} {signed(impact.score)} {scale_name(impact.score, lang)}"
    if not impact.assessed:
        return f"{line} — {_t('from_supports', lang)}"
    details = [impact.note] if impact.note else []
    if impact.mitigation:
        details.append(f"{_t('mitigation', lang)}: {impact.mitigation}")
    if impact.evidence:
        details.append(f"{_t('evidence', lang)}: {impact.evidence}")
    return f"{line} — {' / '.join(details)}" if details else line


def _details(context, found: SignedMatrix, lang: str) -> Callable[[str, str, str], str | None]:
    """What makes up a cell with something in it, for a page's tooltip, by (row, column, what
    the cell shows): the measure's impacts summed in it, made as the cell is drawn (a line per
    impact of 100,000 measures is not held), or the interaction's score and note."""
    if found.kind == "measures":

        def measure_detail(row: str, column: str, shown: str) -> str:
            lines = [_part_line(part, lang) for part in found.parts.get((row, column), [])]
            return "\n".join([f"{row} × {column}: {shown}", *lines])

        return measure_detail
    details: dict[tuple[str, str], str] = {}
    if context.interactions is not None:
        for item in context.interactions.items:
            key = (item.source, item.target)
            if key in found.cells and key not in details:
                value = found.cells[key].net  # an interaction is one score
                line = f"{item.source} → {item.target} {signed(value)} {scale_name(value, lang)}"
                if item.note:
                    line += f" — {item.note}"
                details[key] = f"{item.source} × {item.target}: {signed(value)}\n{line}"
    return lambda row, column, _shown: details.get((row, column))


def legend(lang: str) -> Table:
    """The seven-point scale: score, English name, Japanese label and what the level means
    (people meet both names; the meaning keeps a label from being read as something else)."""
    table = Table(
        _t("legend", lang),
        [
            _signed(_t("score", lang), heat=True),
            Column(_t("english", lang), Role.LABEL),
            Column(_t("japanese", lang), Role.LABEL),
            Column(_t("meaning", lang), Role.NOTE, weight=3),
        ],
        key="scale",
        sheet=_t("legend_sheet", lang),
        audience=FILES,
        heat=3,
    )
    for score, (english, japanese) in IMPACT_SCALE.items():
        meaning_en, meaning_ja = IMPACT_MEANING[score]
        table.add(signed_cell(score), english, japanese, meaning_ja if lang == "ja" else meaning_en)
    return table


def column_titles(context, matrices: list[SignedMatrix], lang: str) -> Table | None:
    """The full official title of each matrix column, which the matrices head by id."""
    seen: dict[str, None] = {}
    for found in matrices:
        for column in found.columns:
            seen.setdefault(column)
    if not seen:
        return None
    table = Table(
        _t("columns_legend", lang),
        [_id(lang), Column(_t("node_title", lang), Role.NOTE, weight=4)],
        key="columns",
        sheet=_t("columns_legend", lang),
        audience=FILES,
    )
    for node_id in seen:
        node = context.framework.nodes[node_id]
        full = (node.title_en or node.title) if lang == "en" else node.title
        short = node.label(lang)
        text = f"{short} — {full}" if short and short != full else full
        cell = Cell(visible(node_id), node_id)
        cell.colour = _colour(context.framework, node_id)
        table.add(cell, visible(text))
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
        conflicts=sum(len(c.conflicts) for c in analysis.clusters),
    )(lang)
    return Paragraph(text, STRONG)


# --- one measure, one node --------------------------------------------------------------------------


def _shown(impact) -> int:
    """The score a table shows: as the file wrote it, also where it contradicts supports."""
    return impact.written if impact.contradiction else impact.score


def _basis(impact, lang: str) -> str:
    if impact.contradiction:
        return _t("contradiction", lang)
    return _t("assessed" if impact.assessed else "supports", lang)


def _reading_score(impact, lang: str) -> Cell:
    score = score_cell(impact.score, lang)
    if impact.contradiction:  # what the file says, marked; never the +1 of supports
        written = impact.written
        return Cell(
            f"{signed(written)} {scale_name(written, lang)}\n{_t('contradiction', lang)}",
            written,
            WARN,
        )
    return score


def _why(impact, lang: str) -> str:
    """The note, and the evidence behind it."""
    why = visible(impact.note or "")
    if impact.evidence:
        why += f"（{_t('evidence', lang)}: {visible(impact.evidence)}）"
    return why


def _mitigation(impact, lang: str) -> Cell:
    if impact.mitigation:
        return Cell("✓ " + visible(impact.mitigation), True, POSITIVE)
    if impact.score < 0:
        return Cell("✗ " + _t("no", lang), False, NEGATIVE)
    return Cell("")


def profile(view: ImpactView, measure_id: str) -> View:
    """One measure: its direct impacts (as written, a contradiction marked, who scored each),
    every knock-on impact with its route through the interactions, its sums (positive and
    negative apart) and the trade-offs it is in."""
    context, analysis, lang = view.context, view.analysis, view.lang
    found = analysis.profiles.get(measure_id)
    shown = View(
        f"{_t('title_view', lang)}: {measure_id} {measure_title(context, measure_id, lang)}",
        main="direct",
    )
    shown.blocks += scope(context, lang)
    direct = Table(
        _t("direct", lang, id=measure_id),
        [
            Column(_t("to", lang), Role.LABEL, weight=2, narrowest=18, audience=READING),
            _id(lang, "to", DATA),
            Column(_t("node_title", lang), Role.LABEL, audience=DATA),
            Column(_t("score", lang), Role.NOTE, audience=READING),
            _signed(_t("score", lang), audience=DATA),
            Column(_t("scale", lang), Role.LABEL, audience=DATA),
            Column(_t("basis", lang), Role.LABEL, audience=DATA),
            # The note (why) and the mitigation (what is done about a harm) are different
            # answers: each has its own column, so a reason is never read as a mitigation.
            Column(_t("why", lang), Role.NOTE, weight=2, priority=1, audience=READING),
            Column(_t("note", lang), Role.NOTE, audience=DATA),
            Column(_t("mitigation", lang), Role.NOTE, weight=2, audience=READING),
            Column(_t("mitigation", lang), Role.NOTE, audience=DATA),
            Column(_t("evidence", lang), Role.NOTE, audience=DATA),
            *assessment_columns(lang, found.direct if found is not None else []),
        ],
        key="direct",
        sheet=_t("direct_sheet", lang),
        empty=_t("no_direct_of", lang, id=measure_id),
    )
    for impact in found.direct if found is not None else []:
        direct.add(
            short_label(context, impact.on, lang),
            visible(impact.on),
            title_of(context, impact.on, lang),
            _reading_score(impact, lang),
            signed_cell(_shown(impact)),
            scale_name(_shown(impact), lang),
            _basis(impact, lang),
            _why(impact, lang),
            text(impact.note),
            _mitigation(impact, lang),
            text(impact.mitigation),
            text(impact.evidence),
            *assessment_cells(impact, lang),
        )
    if found is None:
        shown.blocks.append(Paragraph(_t("no_profile", lang, id=measure_id)))
    empty = "no_routes" if context.interactions is not None else "no_routes_file"
    second = routes_table(
        context, found.routes if found is not None else [], lang,
        _t("second_of", lang, id=measure_id), _t(empty, lang), with_measure=False,
    )
    sums = ranking(
        context, analysis, lang, [measure_id],
        title=_t("summary_of", lang, id=measure_id), sheet=_t("summary_sheet", lang),
    )
    sums.audience = DATA
    shown.blocks += [direct, second, sums]
    if found is not None:
        shown.blocks.append(
            Paragraph(
                _t(
                    "sums_of", lang,
                    positive=signed(found.positive), negative=signed(found.negative),
                    second_positive=signed(found.second_positive, 2),
                    second_negative=signed(found.second_negative, 2),
                    net=signed(found.net, 2),
                ),
                STRONG,
            )
        )
    chosen = [t for t in analysis.trade_offs if measure_id in (t.source, t.target)]
    shown.blocks.append(
        trade_offs(
            context, analysis, view.harms, lang, chosen,
            title=_t("trade_offs_of", lang, id=measure_id),
            empty=_t("no_trade_offs_of", lang, id=measure_id),
        )
    )
    shown.blocks.append(focused_matrix(view))
    shown.blocks.append(legend(lang))
    return shown


def assessment_columns(lang: str, impacts: list) -> list[Column]:
    """Who scored an impact, when, and from what: one line for a reader (only where some
    impact says it: an empty column takes a screen's width for nothing), three columns for a
    spreadsheet."""
    said = any(i.assessed_by or i.assessed_on or i.reference for i in impacts)
    return [
        Column(_t("assessed_by", lang), Role.NOTE, priority=3,
               audience=READING if said else Audience.NONE),
        Column(_t("assessed_by", lang), Role.LABEL, audience=DATA),
        Column(_t("assessed_on", lang), Role.LABEL, audience=DATA),
        Column(_t("reference", lang), Role.NOTE, audience=DATA),
    ]


def assessment_cells(impact, lang: str) -> list[Cell]:
    """Who scored it, when and from what, in a reader's one cell: 「環境審議会・2026-04-01
    （第3回部会資料）」, "環境審議会, 2026-04-01 (第3回部会資料)"."""
    ja = lang == "ja"
    said = ("・" if ja else ", ").join(
        visible(part) for part in (impact.assessed_by, impact.assessed_on) if part
    )
    if impact.reference:
        source = visible(impact.reference)
        said = (f"{said}（{source}）" if ja else f"{said} ({source})") if said else source
    return [
        Cell(said),
        text(impact.assessed_by),
        Cell(impact.assessed_on or "", impact.assessed_on),
        text(impact.reference),
    ]


def _via(identifier: str, lang: str) -> str:
    """「SDG 8.9 経由」, "via SDG 8.9": the target by its number only, so that 経由 is never
    what a narrow column cuts (its title is a tooltip and a spreadsheet's column away)."""
    shown = visible(identifier)
    if shown.startswith("SDG-"):
        shown = "SDG " + shown.removeprefix("SDG-")
    return f"{shown} 経由" if lang == "ja" else f"via {shown}"


def source_label(context, item: TradeOff, lang: str) -> str:
    """Who acts in a trade-off: a measure by its id and title, a target of the interactions
    as 「SDG 8.3 …（相互作用）」."""
    label = short_label(context, item.source, lang)
    if item.kind != "interaction":
        return label
    return f"{label}（相互作用）" if lang == "ja" else f"{label} (interaction)"


def mitigation_cell(item: TradeOff, lang: str) -> Cell:
    """Whether a trade-off is managed: ✓ and the mitigation, ✗ なし, or 相互作用 (a pair of
    targets has no mitigation field); the value says which, for a spreadsheet and a page."""
    if item.kind == "interaction":
        return Cell(_t("interaction", lang), None, DIM)
    if item.mitigated:
        return Cell("✓ " + visible(item.mitigation or ""), True, POSITIVE)
    return Cell("✗ " + _t("no", lang), False, WARN)


def routes_table(context, routes: list, lang: str, title: str, empty: str, *,
                 with_measure: bool) -> Table:
    """Knock-on impacts, each with its route (measure → A → B), the two scores it is made of
    and its size; the harming ones first. A note says how it is worked out."""
    table = Table(
        title,
        [
            *(
                [
                    Column(_t("measure", lang), Role.LABEL, weight=2, audience=READING),
                    _id(lang, "measure", DATA),
                ]
                if with_measure
                else []
            ),
            Column(_t("via", lang), Role.LABEL, weight=2, narrowest=12, audience=READING),
            Column(_t("to", lang), Role.LABEL, weight=2, narrowest=12, audience=READING),
            _id(lang, "via", DATA),
            _id(lang, "to", DATA),
            _signed(_t("score", lang)),
            _signed(_t("interaction_score", lang)),
            _signed(_t("value", lang), 2),
        ],
        key="second_order",
        sheet=_t("second_sheet", lang),
        notes=[_t("second_note", lang)],
        empty=empty,
    )
    for route in routes:
        measure = (
            [labelled(context, route.measure, lang), route.measure] if with_measure else []
        )
        table.add(
            *measure,
            Cell(_via(route.via, lang), None, None, detail=labelled(context, route.via, lang)),
            short_label(context, route.to, lang),
            visible(route.via),
            visible(route.to),
            signed_cell(route.score),
            signed_cell(route.interaction),
            signed_cell(route.value, 2),
        )
    positive = sum(r.value for r in routes if r.value > 0)
    negative = sum(r.value for r in routes if r.value < 0)
    if routes:
        # Summed apart, under the size column: the helping and the harming knock-on, named
        # in the first column a reader sees and the first a spreadsheet gets.
        named = {
            next(i for i, c in enumerate(table.columns) if c.audience in audiences)
            for audiences in ((Audience.EVERY, READING), (Audience.EVERY, DATA))
        }
        for name, value in (("row_positive", positive), ("row_negative", negative)):
            row = [
                Cell(_t(name, lang), None, STRONG) if i in named else Cell("")
                for i in range(len(table.columns) - 1)
            ]
            table.totals.append([*row, signed_cell(round(value, 6), 2, STRONG)])
    return table


def focused_matrix(view: ImpactView) -> Table:
    """The measures matrix narrowed to the focus: the measure and those that impact it, or the
    measures with an impact on the node or a node under it."""
    context, analysis = view.context, view.analysis
    found = narrowed(measures_matrix(context, analysis, view.columns), context, analysis, view.focus)
    return matrix(context, found, view.lang)


def node(view: ImpactView, node_id: str) -> View:
    """What impacts one node and everything under it (a priority policy's parts, an SDG goal's
    targets) and the measures that serve it: each measure's score, owner, note and mitigation —
    the measures that serve it through ``supports`` among them —; the knock-on that reaches it,
    with its routes; the
    trade-offs that harm it (for a priority policy or a goal, every one that harms it, as the
    view by policy counts them); its influence."""
    context, analysis, lang = view.context, view.analysis, view.lang
    framework = context.framework
    subtree = [node_id, *framework.descendants(node_id)] if node_id in framework.nodes else [
        node_id
    ]
    inside = set(subtree)
    # The measures that serve it are part of it: an impact on one of them helps or harms the
    # node through it (the view by policy counts a harm to such a measure against the policy).
    serving = [
        measure_id
        for measure_id, loaded in context.measures.items()
        if inside & set(loaded.measure.supports)
    ]
    rolled_up = len(subtree) > 1 or bool(serving)
    found = [
        impact
        for member in (*subtree, *serving)
        if (entry := analysis.nodes.get(member)) is not None
        for impact in entry.positive + entry.negative
    ]
    # The harms first (the worst first), then the help (the strongest first).
    found.sort(key=lambda i: (i.score > 0, i.score if i.score < 0 else -i.score, i.measure))
    shown = View(f"{_t('title_view', lang)}: {labelled(context, node_id, lang)}", main="direct")
    shown.blocks += scope(context, lang)
    direct = Table(
        _t("on_node", lang, id=node_id),
        [
            Column(_t("measure", lang), Role.LABEL, weight=2, narrowest=18, audience=READING),
            _id(lang, "measure", DATA),
            Column(_t("measure_title", lang), Role.LABEL, audience=DATA),
            Column(_t("owner", lang), Role.LABEL, priority=2),
            Column(_t("field", lang), Role.ID, audience=DATA),
            *(
                [
                    Column(_t("under", lang), Role.LABEL, priority=1, audience=READING),
                    _id(lang, "under", DATA),
                ]
                if rolled_up
                else []
            ),
            Column(_t("score", lang), Role.STATUS, audience=READING),
            _signed(_t("score", lang), audience=DATA),
            Column(_t("scale", lang), Role.LABEL, audience=DATA),
            Column(_t("basis", lang), Role.LABEL, audience=DATA),
            Column(_t("note", lang), Role.NOTE, weight=2, priority=3),
            Column(_t("mitigation", lang), Role.NOTE, weight=2),
            *assessment_columns(lang, found),
        ],
        key="direct",
        sheet=_t("on_node_sheet", lang),
        empty=_t("no_direct_on", lang, id=node_id),
    )
    for impact in found:
        measure = context.measures[impact.measure].measure
        under = (
            [short_label(context, impact.on, lang), visible(impact.on)] if rolled_up else []
        )
        direct.add(
            labelled(context, impact.measure, lang),
            impact.measure,
            _title_cell(context, impact.measure, lang),
            text(measure.owner),
            text(measure.field),
            *under,
            score_cell(_shown(impact), lang),
            signed_cell(_shown(impact)),
            scale_name(_shown(impact), lang),
            _basis(impact, lang),
            text(impact.note),
            _mitigation(impact, lang),
            *assessment_cells(impact, lang),
        )
    routes = [
        route
        for found_profile in analysis.profiles.values()
        if found_profile.matrix  # without interactions nothing is reached
        for route in found_profile.routes
        if route.to in inside
    ]
    routes.sort(key=lambda r: (r.product, r.measure, r.via, r.to))
    second = routes_table(
        context, routes, lang, _t("second_on", lang, id=node_id),
        _t("no_routes_on" if context.interactions is not None else "no_routes_file", lang,
           id=node_id),
        with_measure=True,
    )
    harmed = next(
        (h for h in (*view.harms.policies, *view.harms.goals) if h.id == node_id), None
    )
    if harmed is not None:
        chosen = [h.trade_off for h in harmed.harms]
        title = _t("harming", lang, id=node_id)
    else:
        chosen = [t for t in analysis.trade_offs if inside & {t.source, t.target}]
        title = _t("trade_offs_of", lang, id=node_id)
    shown.blocks += [
        direct,
        second,
        trade_offs(context, analysis, view.harms, lang, chosen, title=title,
                   empty=_t("no_trade_offs_on", lang, id=node_id)),
    ]
    for key in ("influence", "measure_influence"):
        table = influence(context, analysis, lang, key, of=node_id)
        if table is not None:
            shown.blocks.append(table)
    shown.blocks.append(focused_matrix(view))
    shown.blocks.append(legend(lang))
    return shown


# The report's 影響評価 section: what a council reads — the trade-offs by priority policy, the
# balance per SDG goal, the trade-offs by goal and the synergy groups at a glance — a few pages.
REPORT_TABLES = ("harms_by_policy", "balance", "harms_by_goal", "clusters")
HARM_TABLES = ("harms_by_policy", "harms_by_goal", "harms_by_policy_rows", "harms_by_goal_rows")
# Its appendix, at the end of the report: the rows behind them and the full heatmap. Each
# trade-off once, with the priority policies it harms: the rows by policy (harms_by_policy_rows)
# repeat a trade-off under every policy it harms, six times over in a large draft, and stay in
# `impacts`'s own files.
APPENDIX_TABLES = (
    "trade_offs", "measures_matrix", "ranking", "contested", "cluster_members", "influence",
    "scale",
)


def report_view(whole: View, appendix: bool = False) -> View:
    """The impacts view (``build``) as the report's 影響評価 section shows it (the report says
    once, at its top, what it read), or, with ``appendix``, as its appendix."""
    keys = APPENDIX_TABLES if appendix else REPORT_TABLES
    tables = {b.key: b for b in whole.blocks if isinstance(b, Table) and b.key in keys}
    ordered = [tables[key] for key in keys if key in tables]
    if appendix:
        return View(whole.title, ordered)
    warnings = [b for b in whole.blocks if isinstance(b, Paragraph) and b.meaning == WARN]
    summaries = [b for b in whole.blocks if isinstance(b, Paragraph) and b.meaning == STRONG]
    return View(whole.title, [*warnings, *summaries, *ordered])


def build(view: ImpactView, keys: Collection[str] | None = None) -> View:
    """``seta-align impacts``: the whole pre-assessment, or one measure's or node's. It leads
    with what a planning office acts on: the trade-offs by priority policy and by SDG goal.
    ``keys``: only these tables (the report's), the others not even made (the rows by
    policy were seconds at 20,000 measures for a report that does not show them)."""
    if view.focus is not None:
        option, focused = view.focus
        return profile(view, focused) if option == "--measure" else node(view, focused)
    from .harms import tables as by_policy

    context, analysis, lang = view.context, view.analysis, view.lang
    shown = View(_t("title_view", lang), main="measures_matrix")
    shown.blocks += scope(context, lang)
    if not any(loaded.measure.impacts for loaded in context.measures.values()):
        shown.blocks.append(Paragraph(_t("no_impacts", lang), WARN))
    shown.blocks.append(summary(analysis, lang))

    def wanted(*names: str) -> bool:
        return keys is None or any(name in keys for name in names)

    matrices = [measures_matrix(context, analysis, view.columns), interactions_matrix(context)]
    # (the keys of the tables a part makes, the part): made only when one of its keys is wanted
    parts = (
        (HARM_TABLES, lambda: by_policy(view, keys)),
        (("balance",), lambda: [balance(context, analysis, lang)]),
        (("trade_offs",), lambda: [trade_offs(context, analysis, view.harms, lang)]),
        (("ranking",), lambda: [ranking(context, analysis, lang)]),
        (("contested",), lambda: [contested(context, analysis, lang)]),
        (("clusters", "cluster_members"), lambda: clusters(context, analysis, lang)),
        (("influence",), lambda: [influence(context, analysis, lang, "influence")]),
        (
            ("measure_influence",),
            lambda: [influence(context, analysis, lang, "measure_influence")],
        ),
        (
            ("measures_matrix", "interactions_matrix"),
            lambda: [matrix(context, found, lang) for found in matrices],
        ),
    )
    for names, make in parts:
        if not wanted(*names):
            continue
        for table in make():
            if table is not None and wanted(table.key):
                shown.blocks.append(table)
    shown.blocks.append(legend(lang))
    if (titles := column_titles(context, matrices, lang)) is not None:
        shown.blocks.append(titles)
    return shown
