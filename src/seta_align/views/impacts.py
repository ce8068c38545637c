"""The impact pre-assessment as a view: which measures do the most, which trade off against
which goals (and whether it is mitigated), which nodes are helped and harmed, the synergy
clusters, the balance per SDG goal, the influence of each target and measure, and the two
signed matrices (measures × the --columns level, targets × targets). With --measure or --node,
the tables of that one measure or node.

A screen shows the tables a reader needs; a file has every table (the influence, the matrices
and the legend are too wide for a screen); a spreadsheet gets ids, titles and figures in
columns of their own. The words and the choice of rows are made here, once."""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis.impact_matrix import SignedMatrix, interactions_matrix, measures_matrix, narrowed
from ..analysis.impacts import ImpactAnalysis, priority_policies_served, scale_name
from ..analysis.matrix import _colour
from ..i18n import Text
from ..models import IMPACT_SCALE
from ..printable import visible
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
    Table,
    View,
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


T = {
    "title_view": Text("影響の予測評価", "Impact pre-assessment"),
    "id": Text("ID", "ID"),
    "measure": Text("施策", "Measure"),
    "measure_title": Text("施策名", "Title"),
    "node_title": Text("名称", "Title"),
    "owner": Text("所管", "Owner"),
    "field": Text("分野", "Field"),
    "positive": Text("正の影響", "Positive"),
    "negative": Text("負の影響", "Negative"),
    "second": Text("二次の影響", "Second order"),
    "net": Text("正味", "Net"),
    "goals": Text("SDG ゴール", "SDG goals"),
    "score": Text("評価", "Score"),
    "scale": Text("尺度", "Scale"),
    "kind": Text("種類", "Kind"),
    "impact": Text("影響", "impact"),
    "interaction": Text("相互作用", "interaction"),
    "from": Text("影響元", "From"),
    "to": Text("影響先", "On"),
    "sides": Text("所管（影響元 / 影響先を支える）", "Owners (source / serving the target)"),
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
    "node": Text("ノード", "Node"),
    "helped": Text("支える施策", "Helped by"),
    "harmed": Text("妨げる施策", "Harmed by"),
    "number": Text("番号", "#"),
    "fields": Text("分野", "Fields"),
    "cross": Text("分野横断", "Cross-field"),
    "priority_policies": Text("重点政策", "Priority policies"),
    "owners": Text("所管", "Owners"),
    "members": Text("施策と目標", "Measures and goals"),
    "goal": Text("ゴール", "Goal"),
    "out_sum": Text("行和（与える影響）", "Row sum (out)"),
    "in_sum": Text("列和（受ける影響）", "Column sum (in)"),
    "out_positive": Text("行和（正のみ）", "Row sum, positive"),
    "out_negative": Text("行和（負のみ）", "Row sum, negative"),
    "in_positive": Text("列和（正のみ）", "Column sum, positive"),
    "in_negative": Text("列和（負のみ）", "Column sum, negative"),
    "second_influence": Text("二次の影響力（行列の2乗の行和）", "Second-order (row sum of M²)"),
    "value": Text("s·t/3 の合計", "Σ s·t/3"),
    "balance_bar": Text("収支", "Balance"),
    # tables: (title, sheet name of at most 31 characters)
    "ranking": Text("施策の影響（正味の大きい順）", "Measures by net impact"),
    "ranking_sheet": Text("施策の影響", "Measures"),
    "trade_offs": Text(
        "トレードオフ（相反する影響・相互作用）", "Trade-offs (negative impacts and interactions)"
    ),
    "trade_offs_sheet": Text("トレードオフ", "Trade-offs"),
    "contested": Text("正負の影響を受けるノード", "Contested nodes (helped and harmed)"),
    "contested_sheet": Text("正負の影響を受けるノード", "Contested nodes"),
    "clusters": Text("シナジーのまとまり", "Synergy clusters"),
    "clusters_sheet": Text("シナジー", "Synergy clusters"),
    "balance": Text("SDG ゴールごとの収支（直接の影響）", "Balance per SDG goal (direct impacts)"),
    "balance_sheet": Text("SDGゴールの収支", "Balance per SDG goal"),
    "influence": Text(
        "影響力: 相互作用のターゲット（SEI の行和・列和）",
        "Influence: the targets of the interactions (SEI row and column sums)",
    ),
    "influence_sheet": Text("影響力（ターゲット）", "Influence (targets)"),
    "measure_influence": Text(
        "影響力: 施策（影響の行和、他の施策から受ける影響の列和）",
        "Influence: the measures (row sums of their impacts, column sums of impacts on them)",
    ),
    "measure_influence_sheet": Text("影響力（施策）", "Influence (measures)"),
    "measures_matrix": Text(
        "影響の対応表: 施策 × {level}（直接の影響、下位の項目への影響を合計）",
        "Signed impact matrix: measures × {level} (direct impacts, those on nodes below summed)",
    ),
    "measures_matrix_sheet": Text("施策×{level}", "Measures×{level}"),
    "interactions_matrix": Text(
        "相互作用の行列: ターゲット × ターゲット（相互作用ファイル）",
        "Cross-impact matrix: targets × targets (the interactions file)",
    ),
    "interactions_matrix_sheet": Text("相互作用", "Interactions"),
    "direct": Text("{id} の直接の影響", "Direct impacts of {id}"),
    "direct_sheet": Text("直接の影響", "Direct impacts"),
    "second_of": Text("{id} の二次の影響（s·t/3）", "Second-order impacts of {id} (s·t/3)"),
    "second_sheet": Text("二次の影響", "Second-order impacts"),
    "summary_of": Text("{id} の収支", "Balance of {id}"),
    "summary_sheet": Text("収支", "Balance"),
    "on_node": Text("{id} への直接の影響", "Direct impacts on {id}"),
    "on_node_sheet": Text("直接の影響", "Direct impacts"),
    "second_on": Text("{id} への二次の影響（s·t/3）", "Second-order impacts on {id} (s·t/3)"),
    "trade_offs_of": Text("{id} に関わるトレードオフ", "Trade-offs involving {id}"),
    "influence_of": Text("{id} の影響力", "Influence of {id}"),
    "influence_of_sheet": Text("影響力", "Influence"),
    "row_sum": Text("行和", "Row sum"),
    "column_sum": Text("列和", "Column sum"),
    "legend": Text(
        "凡例: 評価の尺度（Nilsson et al. 2016 の7段階）",
        "Legend: the scale (Nilsson et al. 2016, seven points)",
    ),
    "legend_sheet": Text("凡例", "Legend"),
    "english": Text("英語名", "English"),
    "japanese": Text("日本語", "Japanese"),
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
        "行和はその行がこの表の列に与える直接の影響の合計（SEI の out-sum）、列和はその列が受ける"
        "影響の合計（in-sum）です。施策の行和は、施策の正味（すべての項目への直接の影響と二次の"
        "影響の和）とは別の値です。評価のない行・列の和は空欄です。",
        "A row sum is how much the row drives the columns of this table, directly (SEI's "
        "out-sum), a column sum how much the column is driven (in-sum). A measure's row sum is "
        "not its net (its direct impacts on every node plus the second order). The sum of a row "
        "or column with no score is left empty.",
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
        "目標間の相互作用 {interactions} 件）／正負の影響を受けるノード {contested} 件／"
        "シナジーのまとまり {clusters} 件（うち分野横断 {cross}）",
        "{total} trade-offs ({impacts} impacts of measures: {mitigated} mitigated, {open} not; "
        "{interactions} interactions between targets); {contested} contested nodes; {clusters} "
        "synergy clusters ({cross} cross-field)",
    ),
    "sums_of": Text(
        "正の影響 {positive}  負の影響 {negative}  正味 {net}",
        "Positive {positive}  negative {negative}  net {net}",
    ),
    "no_profile": Text("{id}: 影響なし", "{id}: no impacts"),
    "whole_list": Text("全件: --format markdown", "all of them: --format markdown"),
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


def in_policies(context, identifier: str) -> str:
    """`` 〔PP-6〕``: the priority policies a measure serves, shown beside it in a trade-off."""
    found = priority_policies_served(context, identifier)
    return f" 〔{' '.join(found)}〕" if found else ""


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
    """The measures by net impact: their positive and negative direct impacts, the second
    order they reach through the interactions, the net. A screen shows those that do the most
    and the last few with a negative impact."""
    table = Table(
        title or _t("ranking", lang),
        [
            _id(lang),
            Column(_t("measure_title", lang), Role.LABEL, weight=3, narrowest=20),
            Column(_t("owner", lang), Role.LABEL, priority=3),
            Column(_t("field", lang), Role.ID, priority=4),
            _signed(_t("positive", lang)),
            _signed(_t("negative", lang)),
            _signed(_t("second", lang), 2, priority=2),
            _signed(_t("net", lang), 2),
            # A reader's goals by number (2 11 12), a spreadsheet's by id.
            Column("SDG", Role.NOTE, priority=1, audience=READING),
            Column(_t("goals", lang), Role.NOTE, audience=DATA),
        ],
        more=_t("whole_list", lang),
        key="ranking" if measure_ids is None else "summary",
        sheet=sheet or _t("ranking_sheet", lang),
        frozen=1,
    )
    wanted = list(analysis.profiles) if measure_ids is None else measure_ids
    profiles = [analysis.profiles[m] for m in wanted if m in analysis.profiles]
    ordered = sorted(profiles, key=lambda p: (-p.net, p.measure))
    for profile in ordered:
        table.add(
            profile.measure,
            _title_cell(context, profile.measure, lang),
            text(profile.owner),
            text(profile.field),
            signed_cell(profile.positive),
            signed_cell(profile.negative),
            signed_cell(profile.second_order_sum, 2),
            signed_cell(profile.net, 2, STRONG),
            " ".join(goal.removeprefix("SDG-") for goal in profile.sdg_goals),
            ", ".join(profile.sdg_goals),
        )
    if measure_ids is None and len(ordered) > TOP + LAST_NEGATIVE:
        last = [i for i in range(TOP, len(ordered)) if ordered[i].negative][-LAST_NEGATIVE:]
        table.selection = list(range(TOP)) + last
    return table


def trade_offs(context, analysis: ImpactAnalysis, lang: str, involving: str | None = None
               ) -> Table:
    """Each negative impact of a measure and each negative interaction between targets, the
    worst first and, of equal severity, the ones nobody manages yet."""
    title = _t("trade_offs", lang) if involving is None else _t("trade_offs_of", lang, id=involving)
    table = Table(
        title,
        [
            Column(_t("score", lang), Role.STATUS, audience=READING),
            _signed(_t("score", lang), audience=DATA),
            Column(_t("scale", lang), Role.LABEL, audience=DATA),
            Column(_t("kind", lang), Role.LABEL, audience=DATA),
            # The source's title and policy say who acts; a target's official title is a
            # paragraph whose opening words are enough: the source gets more of the width.
            Column(_t("from", lang), Role.LABEL, weight=4, narrowest=16, audience=READING),
            Column(_t("to", lang), Role.LABEL, weight=1, narrowest=12, audience=READING),
            _id(lang, "from", DATA),
            _id(lang, "to", DATA),
            Column(_t("sides", lang), Role.NOTE, priority=1, audience=READING),
            Column(_t("source_owners", lang), Role.LABEL, audience=DATA),
            Column(_t("target_owners", lang), Role.LABEL, audience=DATA),
            Column(_t("mitigation", lang), Role.NOTE, weight=3, narrowest=18, audience=READING),
            Column(_t("mitigated", lang), Role.LABEL, audience=DATA),
            Column(_t("mitigation", lang), Role.NOTE, audience=DATA),
            # Why it harms, which a planning office reads before it asks for a mitigation: in
            # every file (a screen keeps one line a trade-off).
            Column(_t("note", lang), Role.NOTE, priority=2, audience=FILES),
        ],
        key="trade_offs",
        sheet=_t("trade_offs_sheet", lang),
    )
    found = analysis.trade_offs
    if involving is not None:
        found = [t for t in found if involving in (t.source, t.target)]
    ordered = sorted(found, key=lambda t: (t.score, t.kind != "impact", bool(t.mitigated)))
    for item in ordered:
        if item.kind == "interaction":
            mitigation = Cell(_t("interaction", lang), None, DIM)
            status = _t("not_applicable", lang)
        elif item.mitigated:
            mitigation = Cell("✓ " + visible(item.mitigation or ""), True, POSITIVE)
            status = _t("yes", lang)
        else:
            mitigation = Cell("✗ " + _t("no", lang), False, WARN)
            status = _t("no", lang)
        owners = " / ".join(
            ["・".join(item.source_owners) or NOTHING, "・".join(item.target_owners) or NOTHING]
        )
        table.add(
            score_cell(item.score, lang),
            signed_cell(item.score),
            scale_name(item.score, lang),
            _t(item.kind, lang),
            labelled(context, item.source, lang) + in_policies(context, item.source),
            labelled(context, item.target, lang),
            text(item.source),
            text(item.target),
            visible(owners),
            joined(item.source_owners),
            joined(item.target_owners),
            mitigation,
            status,
            text(item.mitigation),
            text(item.note),
        )
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


def clusters(context, analysis: ImpactAnalysis, lang: str) -> Table | None:
    """Measures and goals that reinforce each other, and whether they cross fields."""
    if not analysis.clusters:
        return None
    table = Table(
        _t("clusters", lang),
        [
            Column(_t("number", lang), Role.NUMBER),
            Column(_t("fields", lang), Role.NOTE, weight=2),
            Column(_t("cross", lang), Role.LABEL, priority=2),
            Column(_t("priority_policies", lang), Role.NOTE),
            Column(_t("owners", lang), Role.NOTE, priority=1, weight=2),
            Column(_t("members", lang), Role.NOTE, weight=4, narrowest=20),
        ],
        key="clusters",
        sheet=_t("clusters_sheet", lang),
    )
    for number, cluster in enumerate(analysis.clusters, 1):
        table.add(
            Cell.of(number),
            "・".join(field_name(context, f, lang) for f in cluster.fields),
            Cell(_t("true" if cluster.cross_field else "false", lang), cluster.cross_field,
                 POSITIVE if cluster.cross_field else None),
            " ".join(cluster.priority_policies),
            joined(cluster.owners),
            ", ".join(cluster.members),
        )
    return table


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
        columns.append(_signed(_t("second_influence", lang)))
    table = Table(
        _t(key, lang) if of is None else _t("influence_of", lang, id=of),
        columns,
        key=key if of is None else f"{key}_of",
        sheet=_t(f"{key}_sheet", lang) if of is None else _t("influence_of_sheet", lang),
        audience=FILES,
        frozen=1,
    )
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
            cells.append(signed_cell(item.second_order))
        table.add(*cells)
    return table


def matrix(context, found: SignedMatrix, lang: str) -> Table:
    """A signed matrix: a row per measure (or target), a column per node, each cell the sum of
    the row's direct impacts on the column (empty: none, never 0), the row sums, and a last
    row of column sums; coloured on a diverging scale from −extent to +extent."""
    if found.kind == "measures":
        key, notes = "measures_matrix", [_t("no_impact", lang), _t("sums", lang)]
        title = _t(key, lang, level=found.level)
        sheet = _t(f"{key}_sheet", lang, level=found.level)
        row_title = _t("measure_title", lang)
    else:
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
        _signed(_t("row_sum", lang)),
    ]
    table = Table(
        title, columns, key=key, sheet=sheet, audience=FILES, frozen=2, notes=notes,
        heat=found.extent,
    )

    def total(values: list[int | None]) -> int | None:
        present = [v for v in values if v is not None]
        return sum(present) if present else None  # nothing scored is not a sum of 0

    grid = [[found.cells.get((row, column)) for column in found.columns] for row in found.rows]
    details = _details(context, found, lang)
    for row, cells in zip(found.rows, grid, strict=True):
        parts = [details.get((row, column)) for column in found.columns]
        table.add(
            row,
            _title_cell(context, row, lang),
            *(
                _matrix_cell(value, detail)
                for value, detail in zip(cells, parts, strict=True)
            ),
            signed_cell(total(cells), meaning=STRONG),
        )
    column_sums = [total([line[i] for line in grid]) for i in range(len(found.columns))]
    table.totals = [[
        Cell(_t("column_sum", lang), None, STRONG),
        Cell(""),
        *(signed_cell(v, meaning=STRONG) for v in column_sums),
        signed_cell(total([total(line) for line in grid]), meaning=STRONG),
    ]]
    return table


def _matrix_cell(value: int | None, detail: str | None) -> Cell:
    cell = signed_cell(value)
    cell.detail = detail
    return cell


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


def _details(context, found: SignedMatrix, lang: str) -> dict[tuple[str, str], str]:
    """What makes up each cell, for a page's tooltip: the measure's impacts summed in it, or
    the interaction's score and note."""
    details: dict[tuple[str, str], str] = {}
    for (row, column), value in found.cells.items():
        head = f"{row} × {column}: {signed(value)}"
        if found.kind == "measures":
            lines = [_part_line(part, lang) for part in found.parts.get((row, column), [])]
            details[(row, column)] = "\n".join([head, *lines])
    if found.kind == "interactions" and context.interactions is not None:
        for item in context.interactions.items:
            key = (item.source, item.target)
            if key in found.cells and key not in details:
                value = found.cells[key]
                line = f"{item.source} → {item.target} {signed(value)} {scale_name(value, lang)}"
                if item.note:
                    line += f" — {item.note}"
                details[key] = f"{item.source} × {item.target}: {signed(value)}\n{line}"
    return details


def legend(lang: str) -> Table:
    """The seven-point scale: score, English name, Japanese label, the same in either language
    (people meet both names)."""
    table = Table(
        _t("legend", lang),
        [
            _signed(_t("score", lang), heat=True),
            Column(_t("english", lang), Role.LABEL),
            Column(_t("japanese", lang), Role.LABEL),
        ],
        key="scale",
        sheet=_t("legend_sheet", lang),
        audience=FILES,
        heat=3,
    )
    for score, (english, japanese) in IMPACT_SCALE.items():
        table.add(signed_cell(score), english, japanese)
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
    """One measure: its direct impacts (as written, a contradiction marked), the second order
    it reaches through the interactions, its sums and the trade-offs it is in."""
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
        ],
        key="direct",
        sheet=_t("direct_sheet", lang),
    )
    for impact in found.direct if found is not None else []:
        direct.add(
            labelled(context, impact.on, lang),
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
        )
    if found is None:
        shown.blocks.append(Paragraph(_t("no_profile", lang, id=measure_id)))
    second = Table(
        _t("second_of", lang, id=measure_id),
        [
            Column(_t("to", lang), Role.LABEL, weight=3, audience=READING),
            _id(lang, "to", DATA),
            Column(_t("node_title", lang), Role.LABEL, audience=DATA),
            _signed(_t("value", lang), 2),
        ],
        key="second_order",
        sheet=_t("second_sheet", lang),
    )
    reached = found.second_order if found is not None else {}  # worked out on each access
    for node_id, value in reached.items():
        second.add(
            labelled(context, node_id, lang),
            visible(node_id),
            title_of(context, node_id, lang),
            signed_cell(value, 2),
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
                    net=signed(found.net, 2),
                ),
                STRONG,
            )
        )
    shown.blocks.append(trade_offs(context, analysis, lang, involving=measure_id))
    shown.blocks.append(focused_matrix(view))
    shown.blocks.append(legend(lang))
    return shown


def focused_matrix(view: ImpactView) -> Table:
    """The measures matrix narrowed to the focus: the measure and those that impact it, or the
    measures with an impact on the node or a node under it."""
    context, analysis = view.context, view.analysis
    found = narrowed(measures_matrix(context, analysis, view.columns), context, analysis, view.focus)
    return matrix(context, found, view.lang)


def node(view: ImpactView, node_id: str) -> View:
    """What impacts one node: each measure's score, owner, note and mitigation; the second
    order that reaches it; the trade-offs it is in; its influence."""
    context, analysis, lang = view.context, view.analysis, view.lang
    entry = analysis.nodes.get(node_id)
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
            Column(_t("score", lang), Role.STATUS, audience=READING),
            _signed(_t("score", lang), audience=DATA),
            Column(_t("scale", lang), Role.LABEL, audience=DATA),
            Column(_t("basis", lang), Role.LABEL, audience=DATA),
            Column(_t("note", lang), Role.NOTE, weight=2, priority=1),
            Column(_t("mitigation", lang), Role.NOTE, weight=2),
        ],
        key="direct",
        sheet=_t("on_node_sheet", lang),
    )
    for impact in [] if entry is None else entry.positive + entry.negative:
        measure = context.measures[impact.measure].measure
        direct.add(
            labelled(context, impact.measure, lang),
            impact.measure,
            _title_cell(context, impact.measure, lang),
            text(measure.owner),
            text(measure.field),
            score_cell(_shown(impact), lang),
            signed_cell(_shown(impact)),
            scale_name(_shown(impact), lang),
            _basis(impact, lang),
            text(impact.note),
            text(impact.mitigation),
        )
    second = Table(
        _t("second_on", lang, id=node_id),
        [
            _id(lang, "measure"),
            Column(_t("measure_title", lang), Role.LABEL, weight=2),
            Column(_t("owner", lang), Role.LABEL, priority=1),
            _signed(_t("value", lang), 2),
        ],
        key="second_order",
        sheet=_t("second_sheet", lang),
    )
    for found in analysis.profiles.values():
        value = found.second_order.get(node_id)  # worked out on each access: once a measure
        if value is not None:
            second.add(
                found.measure,
                _title_cell(context, found.measure, lang),
                text(found.owner),
                signed_cell(value, 2),
            )
    shown.blocks += [direct, second, trade_offs(context, analysis, lang, involving=node_id)]
    for key in ("influence", "measure_influence"):
        table = influence(context, analysis, lang, key, of=node_id)
        if table is not None:
            shown.blocks.append(table)
    shown.blocks.append(focused_matrix(view))
    shown.blocks.append(legend(lang))
    return shown


# The report's 影響評価 section, in this order: the matrix at a glance, then what to act on
# (the trade-offs, the contested nodes), the synergies, the balance and the figures behind.
REPORT_TABLES = (
    "measures_matrix", "trade_offs", "contested", "clusters", "balance", "ranking", "influence",
    "scale",
)


def report_view(view: ImpactView) -> View:
    """The impacts view as the report's 影響評価 section shows it (the report says once, at
    its top, what it read)."""
    whole = build(view)
    tables = {b.key: b for b in whole.blocks if isinstance(b, Table) and b.key in REPORT_TABLES}
    warnings = [b for b in whole.blocks if isinstance(b, Paragraph) and b.meaning == WARN]
    summaries = [b for b in whole.blocks if isinstance(b, Paragraph) and b.meaning == STRONG]
    ordered = [tables[key] for key in REPORT_TABLES if key in tables]
    return View(whole.title, [*warnings, *summaries, *ordered])


def build(view: ImpactView) -> View:
    """``seta-align impacts``: the whole pre-assessment, or one measure's or node's."""
    if view.focus is not None:
        option, focused = view.focus
        return profile(view, focused) if option == "--measure" else node(view, focused)
    context, analysis, lang = view.context, view.analysis, view.lang
    shown = View(_t("title_view", lang), main="measures_matrix")
    shown.blocks += scope(context, lang)
    if not any(loaded.measure.impacts for loaded in context.measures.values()):
        shown.blocks.append(Paragraph(_t("no_impacts", lang), WARN))
    matrices = [measures_matrix(context, analysis, view.columns), interactions_matrix(context)]
    for table in (
        ranking(context, analysis, lang),
        trade_offs(context, analysis, lang),
        contested(context, analysis, lang),
        clusters(context, analysis, lang),
        balance(context, analysis, lang),
        influence(context, analysis, lang, "influence"),
        influence(context, analysis, lang, "measure_influence"),
        *(matrix(context, found, lang) for found in matrices),
    ):
        if table is not None:
            shown.blocks.append(table)
    shown.blocks.append(summary(analysis, lang))
    shown.blocks.append(legend(lang))
    if (titles := column_titles(context, matrices, lang)) is not None:
        shown.blocks.append(titles)
    return shown
