"""What every file format of ``seta-align impacts`` shares: the impact pre-assessment as plain
tables, in the order the terminal view shows them, and the two signed cross-impact matrices.

The CSV, XLSX and Markdown exporters lay these out; none of them computes a figure of its own.
Values stay typed (int for scores and sums, float for second-order values, None for an empty
cell) so that a spreadsheet gets numbers and Markdown can write them signed.

With ``--measure`` or ``--node`` (the view's focus) the tables are those of that one measure or
node, as the terminal view narrows to them too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..analysis.impact_matrix import SignedMatrix, interactions_matrix, measures_matrix
from ..analysis.impacts import scale_name
from ..analysis.matrix import MatrixColumn, _colour
from ..i18n import Lang, Text
from ..models import IMPACT_SCALE

if TYPE_CHECKING:
    from ..analysis.impacts import ImpactAnalysis, Influence, TradeOff

Value = str | int | float | None

# How a column's values are written: text as it is; "score" a signed whole number (+2, −1),
# "value" a signed number with two decimals (second-order sums), "number" a plain whole number.
TEXT, SCORE, VALUE, NUMBER = "text", "score", "value", "number"

MINUS = "\u2212"  # the minus sign of typeset numbers (−1), as the scale is printed in docs

T = {
    "title": Text("影響の予測評価", "Impact pre-assessment"),
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
    # tables: (heading, sheet name of at most 31 characters)
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
    "summary": Text("{id} の収支", "Balance of {id}"),
    "summary_sheet": Text("収支", "Balance"),
    "on_node": Text("{id} への直接の影響", "Direct impacts on {id}"),
    "on_node_sheet": Text("直接の影響", "Direct impacts"),
    "second_on": Text("{id} への二次の影響（s·t/3）", "Second-order impacts on {id} (s·t/3)"),
    "trade_offs_of": Text("{id} に関わるトレードオフ", "Trade-offs involving {id}"),
    "influence_of": Text("{id} の影響力", "Influence of {id}"),
    "influence_of_sheet": Text("影響力", "Influence"),
    "row_sum": Text("行和", "Row sum"),
    "column_sum": Text("列和", "Column sum"),
    "legend": Text("凡例", "Legend"),
    "legend_scale": Text(
        "評価の尺度（Nilsson et al. 2016 の7段階）", "The scale (Nilsson et al. 2016, seven points)"
    ),
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
    "no_impacts": Text(
        "影響の評価（impacts）のある施策がありません。supports だけでは +1 として数えます。",
        "No measure has an impact assessment (impacts); supports alone count +1.",
    ),
}


@dataclass(slots=True)
class Column:
    heading: str
    kind: str = TEXT


@dataclass(slots=True)
class Table:
    """One table of the assessment: a heading, the name of its sheet, typed columns and rows."""

    key: str
    title: str
    sheet: str
    columns: list[Column]
    rows: list[list[Value]] = field(default_factory=list)


@dataclass(slots=True)
class SignedGrid:
    """A signed matrix laid out for a file: row and column heads, cells (None: empty), the row
    sums, the column sums and the sum of every cell (None where there is nothing to sum)."""

    key: str
    title: str
    sheet: str
    rows: list[tuple[str, str]]  # (id, title)
    columns: list[MatrixColumn]
    cells: list[list[int | None]]
    row_sums: list[int | None]
    column_sums: list[int | None]
    total: int | None
    extent: int  # the colour scale runs from −extent (red) through 0 (white) to +extent (green)
    notes: list[str]  # what an empty cell means, what the sums are


@dataclass(slots=True)
class ImpactTables:
    title: str
    notes: list[str]  # said above everything: the bundled sample, no impacts at all
    tables: list[Table]
    matrices: list[SignedGrid]

    @property
    def first(self) -> Table | SignedGrid:
        """The one table a CSV file holds: the measures matrix, or the focus's first table."""
        return self.matrices[0] if self.matrices else self.tables[0]


def signed(number: int) -> str:
    """+2, −1, 0: a score as people read it on the scale."""
    return f"+{number}" if number > 0 else f"{MINUS}{-number}" if number < 0 else "0"


def signed_value(number: float) -> str:
    """A second-order value with two decimals, signed; a value that rounds to 0 is 0.00."""
    text = f"{abs(number):.2f}"
    if text == "0.00":
        return text
    return ("+" if number > 0 else MINUS) + text


def scale_rows() -> list[list[Value]]:
    """The legend of the scale: score, English name, Japanese label (models.IMPACT_SCALE), the
    same in either language: people meet both names."""
    return [[score, english, japanese] for score, (english, japanese) in IMPACT_SCALE.items()]


def scale_columns(lang: Lang) -> list[Column]:
    return [Column(T["score"](lang), SCORE), Column(T["english"](lang)), Column(T["japanese"](lang))]


def build(view) -> ImpactTables:
    """Every table of the view (an ``ImpactView`` of commands/impacts.py)."""
    from ..reporters.scope import SAMPLE

    context, analysis, lang = view.context, view.analysis, view.lang
    notes = []
    if context.settings.sample:
        notes.append(SAMPLE(lang))
    if not any(loaded.measure.impacts for loaded in context.measures.values()):
        notes.append(T["no_impacts"](lang))
    names = _Names(context, lang)
    if view.focus is not None:
        option, focused = view.focus
        title = f"{T['title'](lang)}: {focused} {names.title(focused)}".rstrip()
        if option == "--measure":
            return ImpactTables(title, notes, _measure_focus(names, analysis, focused), [])
        return ImpactTables(title, notes, _node_focus(names, analysis, focused), [])
    tables = [
        _ranking(names, analysis, list(analysis.profiles)),
        _trade_offs(names, analysis.trade_offs, T["trade_offs"](lang), T["trade_offs_sheet"](lang)),
        _contested(names, analysis),
        _clusters(names, analysis),
        _balance(names, analysis),
        _influence(
            names,
            list(_in_framework_order(context, analysis.influence)),
            analysis.influence,
            "influence",
            with_second_order=True,
        ),
        _influence(
            names,
            list(analysis.measure_influence),
            analysis.measure_influence,
            "measure_influence",
            with_second_order=False,  # the matrix squared is a property of the targets' matrix
        ),
    ]
    matrices = [
        _grid(names, measures_matrix(context, analysis, view.columns)),
        _grid(names, interactions_matrix(context)),
    ]
    return ImpactTables(T["title"](lang), notes, tables, matrices)


class _Names:
    """Titles of measures, nodes and fields in the chosen language."""

    def __init__(self, context, lang: Lang):
        self.context = context
        self.lang = lang

    def t(self, key: str, **values: str) -> str:
        return T[key].format(**values)(self.lang) if values else T[key](self.lang)

    def title(self, identifier: str) -> str:
        """A measure's title or a node's short title (else its title), as headers show them."""
        loaded = self.context.measures.get(identifier)
        if loaded is not None:
            measure = loaded.measure
            return (measure.title_en or measure.title) if self.lang == "en" else measure.title
        node = self.context.framework.nodes.get(identifier)
        return node.label(self.lang) if node is not None else ""

    def field(self, field_id: str) -> str:
        definition = self.context.framework.fields.get(field_id)
        if definition is None:
            return field_id
        return definition.title if self.lang == "ja" else definition.title_en or definition.title

    def owner(self, measure_id: str) -> str:
        return self.context.measures[measure_id].measure.owner

    def column(self, node_id: str) -> MatrixColumn:
        node = self.context.framework.nodes[node_id]
        return MatrixColumn(
            node.id,
            node.title,
            node.title_en,
            node.short_title,
            node.short_title_en,
            _colour(self.context.framework, node_id),  # an SDG target has its goal's colour
        )


def _joined(values: list[str]) -> str | None:
    return "、".join(values) or None


def _ranking(names: _Names, analysis: ImpactAnalysis, measure_ids: list[str], *, title=None,
             sheet=None) -> Table:
    table = Table(
        "ranking",
        title or names.t("ranking"),
        sheet or names.t("ranking_sheet"),
        [
            Column(names.t("id")),
            Column(names.t("measure_title")),
            Column(names.t("owner")),
            Column(names.t("field")),
            Column(names.t("positive"), SCORE),
            Column(names.t("negative"), SCORE),
            Column(names.t("second"), VALUE),
            Column(names.t("net"), VALUE),
            Column(names.t("goals")),
        ],
    )
    profiles = [analysis.profiles[m] for m in measure_ids if m in analysis.profiles]
    for profile in sorted(profiles, key=lambda p: (-p.net, p.measure)):
        table.rows.append(
            [
                profile.measure,
                names.title(profile.measure),
                profile.owner,
                profile.field,
                profile.positive,
                profile.negative,
                profile.second_order_sum,
                profile.net,
                ", ".join(profile.sdg_goals) or None,
            ]
        )
    return table


def _trade_offs(names: _Names, trade_offs: list[TradeOff], title: str, sheet: str) -> Table:
    table = Table(
        "trade_offs",
        title,
        sheet,
        [
            Column(names.t("score"), SCORE),
            Column(names.t("scale")),
            Column(names.t("kind")),
            Column(names.t("from")),
            Column(names.t("to")),
            Column(names.t("source_owners")),
            Column(names.t("target_owners")),
            Column(names.t("mitigated")),
            Column(names.t("mitigation")),
            Column(names.t("note")),
        ],
    )
    for item in trade_offs:
        if item.mitigated is None:
            status = names.t("not_applicable")
        else:
            status = names.t("yes" if item.mitigated else "no")
        table.rows.append(
            [
                item.score,
                scale_name(item.score, names.lang),
                names.t(item.kind),
                item.source,
                item.target,
                _joined(item.source_owners),
                _joined(item.target_owners),
                status,
                item.mitigation,
                item.note,
            ]
        )
    return table


def _contested(names: _Names, analysis: ImpactAnalysis) -> Table:
    table = Table(
        "contested",
        names.t("contested"),
        names.t("contested_sheet"),
        [
            Column(names.t("node")),
            Column(names.t("node_title")),
            Column(names.t("helped")),
            Column(names.t("harmed")),
        ],
    )
    for entry in analysis.nodes.values():
        if entry.contested:
            table.rows.append(
                [
                    entry.node,
                    names.title(entry.node),
                    ", ".join(f"{i.measure} {signed(i.score)}" for i in entry.positive),
                    ", ".join(f"{i.measure} {signed(i.score)}" for i in entry.negative),
                ]
            )
    return table


def _clusters(names: _Names, analysis: ImpactAnalysis) -> Table:
    table = Table(
        "clusters",
        names.t("clusters"),
        names.t("clusters_sheet"),
        [
            Column(names.t("number"), NUMBER),
            Column(names.t("fields")),
            Column(names.t("cross")),
            Column(names.t("priority_policies")),
            Column(names.t("owners")),
            Column(names.t("members")),
        ],
    )
    for number, cluster in enumerate(analysis.clusters, 1):
        table.rows.append(
            [
                number,
                "・".join(names.field(f) for f in cluster.fields),
                names.t("true" if cluster.cross_field else "false"),
                " ".join(cluster.priority_policies),
                _joined(cluster.owners),
                ", ".join(cluster.members),
            ]
        )
    return table


def _balance(names: _Names, analysis: ImpactAnalysis) -> Table:
    table = Table(
        "balance",
        names.t("balance"),
        names.t("balance_sheet"),
        [
            Column(names.t("goal")),
            Column(names.t("node_title")),
            Column(names.t("positive"), SCORE),
            Column(names.t("negative"), SCORE),
            Column(names.t("net"), SCORE),
        ],
    )
    for goal, (positive, negative) in analysis.goal_balance.items():
        table.rows.append([goal, names.title(goal), positive, negative, positive + negative])
    return table


def _in_framework_order(context, influence: dict[str, Influence]) -> list[str]:
    order = {node_id: i for i, node_id in enumerate(context.framework.nodes)}
    return sorted(influence, key=lambda n: order.get(n, len(order)))


def _influence(names: _Names, ids: list[str], influence: dict[str, Influence], key: str, *,
               with_second_order: bool, title: str | None = None) -> Table:
    columns = [
        Column(names.t("id")),
        Column(names.t("node_title")),
        Column(names.t("out_sum"), SCORE),
        Column(names.t("in_sum"), SCORE),
        Column(names.t("out_positive"), SCORE),
        Column(names.t("out_negative"), SCORE),
        Column(names.t("in_positive"), SCORE),
        Column(names.t("in_negative"), SCORE),
    ]
    if with_second_order:
        columns.append(Column(names.t("second_influence"), SCORE))
    table = Table(key, title or names.t(key), names.t(f"{key}_sheet"), columns)
    for identifier in ids:
        item = influence[identifier]
        row: list[Value] = [
            item.id,
            names.title(item.id),
            item.out_sum,
            item.in_sum,
            item.out_positive,
            item.out_negative,
            item.in_positive,
            item.in_negative,
        ]
        if with_second_order:
            row.append(item.second_order)
        table.rows.append(row)
    return table


def _grid(names: _Names, matrix: SignedMatrix) -> SignedGrid:
    if matrix.kind == "measures":
        key = "measures_matrix"
        title = names.t(key, level=matrix.level)
        sheet = names.t(f"{key}_sheet", level=matrix.level)[:31]
        notes = [names.t("no_impact"), names.t("sums")]
    else:
        key = "interactions_matrix"
        title = names.t(key)
        sheet = names.t(f"{key}_sheet")
        notes = [names.t("not_assessed"), names.t("sums")]
        if names.context.interactions is None:
            notes = [names.t("no_interactions")]
    cells = [[matrix.cells.get((row, column)) for column in matrix.columns] for row in matrix.rows]

    def total(values: list[int | None]) -> int | None:
        present = [v for v in values if v is not None]
        return sum(present) if present else None  # nothing scored is not a sum of 0

    row_sums = [total(line) for line in cells]
    column_sums = [total([line[i] for line in cells]) for i in range(len(matrix.columns))]
    return SignedGrid(
        key,
        title,
        sheet,
        [(row, names.title(row)) for row in matrix.rows],
        [names.column(column) for column in matrix.columns],
        cells,
        row_sums,
        column_sums,
        total(row_sums),
        matrix.extent,
        notes,
    )


# --- one measure or one node (--measure, --node) ----------------------------------------------


def _measure_focus(names: _Names, analysis: ImpactAnalysis, measure_id: str) -> list[Table]:
    profile = analysis.profiles.get(measure_id)
    direct = Table(
        "direct",
        names.t("direct", id=measure_id),
        names.t("direct_sheet"),
        [
            Column(names.t("to")),
            Column(names.t("node_title")),
            Column(names.t("score"), SCORE),
            Column(names.t("scale")),
            Column(names.t("basis")),
            Column(names.t("note")),
            Column(names.t("mitigation")),
            Column(names.t("evidence")),
        ],
    )
    second = Table(
        "second_order",
        names.t("second_of", id=measure_id),
        names.t("second_sheet"),
        [Column(names.t("to")), Column(names.t("node_title")), Column(names.t("value"), VALUE)],
    )
    if profile is not None:
        for impact in profile.direct:
            direct.rows.append(
                [
                    impact.on,
                    names.title(impact.on),
                    _shown(impact),
                    scale_name(_shown(impact), names.lang),
                    _basis(names, impact),
                    impact.note,
                    impact.mitigation,
                    impact.evidence,
                ]
            )
        for node_id, value in profile.second_order.items():
            second.rows.append([node_id, names.title(node_id), value])
    summary = _ranking(
        names,
        analysis,
        [measure_id],
        title=names.t("summary", id=measure_id),
        sheet=names.t("summary_sheet"),
    )
    involved = [t for t in analysis.trade_offs if measure_id in (t.source, t.target)]
    trade = _trade_offs(
        names, involved, names.t("trade_offs_of", id=measure_id), names.t("trade_offs_sheet")
    )
    return [direct, second, summary, trade]


def _shown(impact) -> int:
    """The score a table shows: as the file wrote it, also where it contradicts supports."""
    return impact.written if impact.contradiction else impact.score


def _basis(names: _Names, impact) -> str:
    if impact.contradiction:
        return names.t("contradiction")
    return names.t("assessed" if impact.assessed else "supports")


def _node_focus(names: _Names, analysis: ImpactAnalysis, node_id: str) -> list[Table]:
    entry = analysis.nodes.get(node_id)
    direct = Table(
        "direct",
        names.t("on_node", id=node_id),
        names.t("on_node_sheet"),
        [
            Column(names.t("measure")),
            Column(names.t("measure_title")),
            Column(names.t("owner")),
            Column(names.t("field")),
            Column(names.t("score"), SCORE),
            Column(names.t("scale")),
            Column(names.t("basis")),
            Column(names.t("note")),
            Column(names.t("mitigation")),
        ],
    )
    for impact in [] if entry is None else entry.positive + entry.negative:
        measure = names.context.measures[impact.measure].measure
        direct.rows.append(
            [
                impact.measure,
                names.title(impact.measure),
                measure.owner,
                measure.field,
                _shown(impact),
                scale_name(_shown(impact), names.lang),
                _basis(names, impact),
                impact.note,
                impact.mitigation,
            ]
        )
    second = Table(
        "second_order",
        names.t("second_on", id=node_id),
        names.t("second_sheet"),
        [
            Column(names.t("measure")),
            Column(names.t("measure_title")),
            Column(names.t("owner")),
            Column(names.t("value"), VALUE),
        ],
    )
    for profile in analysis.profiles.values():
        value = profile.second_order.get(node_id)  # worked out on each access: once a measure
        if value is not None:
            second.rows.append([profile.measure, names.title(profile.measure), profile.owner, value])
    involved = [t for t in analysis.trade_offs if node_id in (t.source, t.target)]
    trade = _trade_offs(
        names, involved, names.t("trade_offs_of", id=node_id), names.t("trade_offs_sheet")
    )
    tables = [direct, second, trade]
    for influence, second_order in (
        (analysis.influence, True),
        (analysis.measure_influence, False),
    ):
        if node_id in influence:
            table = _influence(
                names,
                [node_id],
                influence,
                "influence_of",
                with_second_order=second_order,
                title=names.t("influence_of", id=node_id),
            )
            tables.append(table)
    return tables
