"""What ``seta-align check`` shows beside its findings, as a view: what was checked and the
counts, the coverage per framework and level, the coverage of each node (``--show
coverage``) and the cross-field view (``--show crossfield``): the field × field matrix of
links, the fields serving each cross-field policy, and the cross-field measures.

The findings themselves (grouped by file, with the offending line and a caret under the
column) are drawn by reporters/terminal.py, and each machine format by its reporter."""

from __future__ import annotations

from ..i18n import Text
from ..printable import visible
from ..reporters import scope
from .model import DIM, NEGATIVE, POSITIVE, STRONG, WARN, Audience, Cell, Column, Role, Table

T = {
    "summary": Text("概要", "Summary"),
    "item": Text("項目", "Item"),
    "value": Text("値", "Value"),
    "files": Text("ファイル", "Files"),
    "measures": Text("施策", "Measures"),
    "links": Text("紐づけ（supports）", "Links (supports)"),
    "errors": Text("エラー", "Errors"),
    "warnings": Text("警告", "Warnings"),
    "infos": Text("情報", "Info"),
    "framework": Text("フレームワーク", "Framework"),
    "level": Text("階層", "Level"),
    "covered": Text("網羅", "Covered"),
    "percent": Text("網羅率", "Coverage"),
    "bar": Text("棒グラフ", "Bar"),
    "key": Text("キー", "Key"),
    "minimum": Text("下限", "Minimum"),
    "waived": Text("対象外", "Waived"),
    "coverage_title": Text("フレームワーク・階層ごとの網羅率", "Coverage per framework and level"),
    "node_coverage": Text("ノードごとの網羅状況", "Coverage by node"),
    "id": Text("ID", "ID"),
    "title": Text("名称", "Title"),
    "direct": Text("直接", "Direct"),
    "all": Text("下位含む", "Incl. descendants"),
    "status": Text("状態", "Status"),
    "matrix": Text(
        "分野横断マトリクス（行: 施策の分野 / 列: 紐づけ先の分野、紐づけ数。全分野に属する方向性・理念は除く）",
        "Cross-field matrix (rows: measure's field / columns: linked node's field, links; "
        "nodes of every field, such as the direction and principles, left out)",
    ),
    "field": Text("分野", "Field"),
    "cross_nodes": Text(
        "分野横断で取り組む政策と、貢献する施策の分野",
        "Cross-field policies and the fields of the measures serving them",
    ),
    "fields": Text("分野", "Fields"),
    "cross_measures": Text("分野横断の施策（{count} 件）", "Cross-field measures ({count})"),
    "plan_period": Text("計画期間", "Plan period"),
    "period_assumed": Text(
        "（既定値。設定ファイルにもフレームワークにもないため。plan_period に書いてください）",
        " (the default: neither the config nor the framework gives one; set plan_period)",
    ),
    "config": Text("設定", "Config"),
    "none": Text("なし", "none"),
    "checked": Text("検査対象", "Checked"),
    "more_measures": Text(
        "全件: --format json / markdown、seta-align matrix、seta-align report",
        "all of them: --format json / markdown, seta-align matrix, seta-align report",
    ),
}
BAR_CELLS = 10
# A screen lists this many cross-field measures; a file lists them all.
CROSS_FIELD_MEASURES_SHOWN = 100


def _t(key: str, lang: str) -> str:
    return T[key](lang)


def summary(result, lang: str) -> Table:
    """What was checked, against which framework and config, and the counts."""
    from ..findings import Severity

    context = result.context
    framework = context.framework
    start, end = context.plan_period
    table = Table(
        _t("summary", lang),
        [Column(_t("item", lang), Role.LABEL), Column(_t("value", lang), Role.NOTE, weight=3)],
        key="summary",
    )
    rows = [
        ("framework", visible(framework.name if lang == "ja" else framework.name_en or framework.name)),
        ("config", visible(context.settings.config_name or _t("none", lang))),
        ("checked", scope.checked_paths(context)),
        (
            "plan_period",
            f"FY{start}–FY{end}"
            + (_t("period_assumed", lang) if context.plan_period_assumed else ""),
        ),
        ("files", f"{len(context.draft.files):,}"),
        ("measures", scope.measures_phrase(context)(lang)),
        ("links", f"{sum(len(m.measure.supports) for m in context.measures.values()):,}"),
    ]
    for key, value in rows:
        table.add(_t(key, lang), value)
    for key, severity, meaning in (
        ("errors", Severity.ERROR, "error"),
        ("warnings", Severity.WARNING, "warning"),
        ("infos", Severity.INFO, "info"),
    ):
        count = result.count(severity)
        table.add(Cell(_t(key, lang), None, meaning), Cell(f"{count:,}", count))
    return table


def coverage(result, lang: str) -> Table:
    """Each framework level: how many of its nodes the measures serve, against the minimum."""
    table = Table(
        _t("coverage_title", lang),
        [
            # The key starts with the framework's id: the first column a narrow screen leaves
            # out. The key, not the framework, is what a row is about (a page's data-id).
            Column(_t("framework", lang), Role.LABEL, priority=3),
            Column(_t("level", lang), Role.LABEL, weight=2, narrowest=12),
            Column(_t("key", lang), Role.ID),
            Column(_t("covered", lang), Role.NUMBER),
            Column(_t("waived", lang), Role.NUMBER, priority=2),
            Column(_t("percent", lang), Role.PERCENT),
            Column(_t("bar", lang), Role.BAR, priority=1, audience=Audience.READING),
            Column(_t("minimum", lang), Role.NUMBER),
        ],
        key="coverage",
    )
    for key, stats in result.context.coverage.levels.items():
        level = stats.level
        counted = stats.total - stats.waived
        meaning = NEGATIVE if stats.below_minimum else (POSITIVE if stats.percent >= 99.99 else None)
        filled = round(stats.percent / 10)
        covered = f"{stats.covered}/{counted}"
        title = visible(level.title if lang == "ja" else level.title_en or level.title)
        table.add(
            visible(level.framework),
            Cell(title, key),
            key,
            Cell(covered, stats.covered),
            Cell(f"{stats.waived:,}" if stats.waived else "–", stats.waived),
            # Below the minimum is said in the words too: a printout has no colour.
            Cell(
                f"{stats.percent:.1f}%" + (" ⚠" if stats.below_minimum else ""),
                round(stats.percent / 100, 6),
                meaning,
            ),
            # Its fraction for a page, which draws the filled share; its blocks for a screen.
            Cell(
                f"{stats.percent:.1f}%",
                round(stats.percent / 100, 6),
                meaning,
                [("█" * filled, meaning or "blue"), ("░" * (BAR_CELLS - filled), meaning or "blue")],
            ),
            Cell(f"{stats.minimum:g}%" if stats.minimum is not None else "–", stats.minimum),
        )
    return table


def node_coverage(result, lang: str) -> list[Table]:
    """Every node of each framework: how many measures serve it directly and through the
    nodes below it, and whether it is covered, waived or not."""
    context = result.context
    framework = context.framework
    covered = context.coverage
    tables = []
    for info in framework.frameworks.values():
        title = info.title if lang == "ja" else info.title_en or info.title
        table = Table(
            f"{_t('node_coverage', lang)}: {visible(title)}",
            [
                Column(_t("id", lang), Role.ID),
                Column(_t("title", lang), Role.NOTE, weight=4),
                Column(_t("direct", lang), Role.NUMBER),
                Column(_t("all", lang), Role.NUMBER),
                Column(_t("status", lang), Role.NOTE, weight=1),
            ],
            key=f"nodes-{info.id}",
        )
        for node_id, node in framework.nodes.items():
            if node.framework != info.id:
                continue
            depth = sum(1 for _ in framework.ancestors(node_id))
            if covered.is_covered(node_id):
                status = Cell("✓", True, POSITIVE)
            elif node_id in covered.waived:
                status = Cell(f"{_t('waived', lang)}: {visible(covered.waived[node_id])}", None, DIM)
            else:
                status = Cell("✗", False, NEGATIVE)
            direct = len(covered.direct.get(node_id, []))
            every = len(covered.covering.get(node_id, ()))
            table.add(
                Cell("  " * depth + node_id, node_id),
                visible(node.label(lang)),
                Cell.of(direct),
                Cell.of(every),
                status,
            )
        tables.append(table)
    return tables


def cross_field(result, lang: str) -> list[Table]:
    """The field × field matrix of links, the fields serving each cross-field policy, and the
    measures whose links cross fields."""
    context = result.context
    framework = context.framework
    cross = context.cross_field

    def field_name(field_id: str) -> str:
        definition = framework.fields.get(field_id)
        if definition is None:
            return visible(field_id)
        return visible(definition.title if lang == "ja" else definition.title_en or definition.title)

    matrix = Table(
        _t("matrix", lang),
        [
            Column(_t("field", lang), Role.LABEL),
            # headed by the field's name, by its id where the terminal is too narrow for them
            *(Column(field_name(column), Role.NUMBER, short=column) for column in cross.fields),
        ],
        key="crossfield",
    )
    for row in cross.fields:
        cells = []
        for column in cross.fields:
            count = cross.matrix[(row, column)]
            cells.append(Cell(str(count) if count else "·", count, STRONG if row == column else None))
        matrix.add(field_name(row), *cells)

    needed = context.settings.cross_field_min_fields
    nodes = Table(
        _t("cross_nodes", lang),
        [
            Column(_t("id", lang), Role.ID),
            Column(_t("title", lang), Role.NOTE, weight=3),
            Column(_t("fields", lang), Role.NOTE, weight=2),
        ],
        key="crossfield-nodes",
    )
    for node_id, fields in cross.node_fields.items():
        meaning = WARN if len(fields) < needed else POSITIVE
        nodes.add(
            node_id,
            visible(framework.nodes[node_id].label(lang)),
            Cell(f"{len(fields)}: " + "・".join(field_name(f) for f in fields), len(fields), meaning),
        )

    listed = list(cross.cross_field_measures.items())
    measures = Table(
        T["cross_measures"].format(count=f"{len(listed):,}")(lang),
        [
            Column(_t("id", lang), Role.ID),
            Column(_t("title", lang), Role.NOTE, weight=3),
            Column(_t("fields", lang), Role.NOTE, weight=2),
        ],
        key="crossfield-measures",
        limit=CROSS_FIELD_MEASURES_SHOWN,
        more=_t("more_measures", lang),
    )
    for measure_id, fields in listed:
        measure = context.measures[measure_id].measure
        title = measure.title if lang == "ja" else measure.title_en or measure.title
        measures.add(measure_id, visible(title), " → ".join(field_name(f) for f in fields))
    return [matrix, nodes, measures]
