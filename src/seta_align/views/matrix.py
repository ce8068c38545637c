"""The coverage matrix as a view: a row per measure (or owner, or field), a column per node of
the --columns level (or per field), each cell ● where the row serves the node itself and ○
where it serves one below it (owners and fields count their measures: ●2 ○1), the totals
of each row and column; what the marks mean; and each column's full title.

The figures come from analysis/matrix.py; the words and the layout are made here, once."""

from __future__ import annotations

from ..analysis.matrix import Cell as MatrixCell
from ..analysis.matrix import Matrix, MatrixColumn
from ..i18n import Text
from ..printable import visible
from .model import STRONG, Audience, Cell, Column, Role, Rows, Table, View

DIRECT = "●"
INHERITED = "○"

T = {
    "id": Text("ID", "ID"),
    "measure": Text("施策名", "Measure"),
    "owner": Text("所管部", "Owner"),
    "field": Text("分野", "Field"),
    "field_title": Text("分野名", "Field name"),
    "total_direct": Text("● 計", "● total"),
    "total_inherited": Text("○ 計", "○ total"),
    "rows_measure": Text("施策", "measures"),
    "rows_owner": Text("所管部", "owners"),
    "rows_field": Text("分野", "fields"),
    "heading": Text(
        "対応表: {rows} × {columns}（{key}）", "Coverage matrix: {rows} × {columns} ({key})"
    ),
    "sheet": Text("対応表", "Matrix"),
    "legend": Text("凡例", "Legend"),
    "title": Text("名称", "Title"),
    "title_ja": Text("名称", "Title (Japanese)"),
    "title_en": Text("英語名", "Title (English)"),
    "direct_node": Text(
        "直接: 施策がこの項目そのものに紐づいている",
        "direct: the measure supports this node itself",
    ),
    "inherited_node": Text(
        "間接: 施策がこの項目の下位の項目に紐づいている（直接の紐づけもあれば直接とする）",
        "inherited: the measure supports a node below this one (and not this one itself)",
    ),
    "direct_field": Text("施策の分野", "the measure's own field"),
    "inherited_field": Text(
        "紐づけ先の政策・目標を通じて関わる他の分野",
        "another field the measure reaches through the nodes it supports",
    ),
    "counts": Text(
        "所管部・分野の行の数字は施策の数です（● 直接と ○ 間接を別々に数えます）。",
        "In owner and field rows the numbers count measures (● direct and ○ inherited separately).",
    ),
    "totals": Text(
        "「● 計」「○ 計」は行・列ごとの合計です。",
        "'● total' and '○ total' sum each row and column.",
    ),
}


def _t(key: str, lang: str) -> str:
    return T[key](lang)


def heading(matrix: Matrix, lang: str) -> str:
    if matrix.is_fields:
        columns = matrix.title if lang == "ja" else matrix.title_en or matrix.title
    elif lang == "ja":
        columns = f"{matrix.framework_title} {matrix.title}"
    else:
        framework = matrix.framework_title_en or matrix.framework_title
        columns = f"{framework} {matrix.title_en or matrix.title}"
    rows = T[f"rows_{matrix.row_kind}"](lang)
    return T["heading"].format(rows=rows, columns=columns, key=matrix.key)(lang)


def marks(matrix: Matrix, lang: str) -> list[str]:
    """What the marks mean, then how the totals are counted."""
    kind = "field" if matrix.is_fields else "node"
    notes = [
        f"{DIRECT} {_t(f'direct_{kind}', lang)}",
        f"{INHERITED} {_t(f'inherited_{kind}', lang)}",
    ]
    if matrix.counts:
        notes.append(_t("counts", lang))
    notes.append(_t("totals", lang))
    return notes


def legend_title(column: MatrixColumn, lang: str) -> str:
    """The full title, led by the short one when there is a distinct short one."""
    label, full = column.label(lang), column.full_title(lang)
    return full if label == full else f"{label} — {full}"


def short_ids(ids: list[str]) -> list[str]:
    """The column ids without the part they all share (SDG-1 … SDG-17 → 1 … 17): a compact
    heading, the legend under the table saying what each is."""
    heads = {identifier.rsplit("-", 1)[0] + "-" for identifier in ids if "-" in identifier}
    if len(heads) != 1 or not all("-" in identifier for identifier in ids):
        return ids
    (shared,) = heads
    return [identifier.removeprefix(shared) or identifier for identifier in ids]


# What a mark means, which a page and a workbook draw in the column's colour (an SDG's): full
# for a direct link, paler for one through a node below.
DIRECT_LINK, INHERITED_LINK = "direct", "inherited"


# A measure's row is made of these three, shared by every row: a matrix of 100,000 measures by
# 17 goals is 1.7 million cells. Never changed once made (no renderer changes a cell).
_DIRECT_MARK = Cell(DIRECT, None, DIRECT_LINK)
_INHERITED_MARK = Cell(INHERITED, None, INHERITED_LINK)
_NO_MARK = Cell("")


def mark_cell(cell: MatrixCell, counts: bool) -> Cell:
    """● or ○ (a measure), or how many measures of each (an owner or a field: ●2 ○1)."""
    if not counts:
        if cell.direct:
            return _DIRECT_MARK
        return _INHERITED_MARK if cell.inherited else _NO_MARK
    parts = []
    if cell.direct:
        parts.append(f"{DIRECT}{cell.direct}")
    if cell.inherited:
        parts.append(f"{INHERITED}{cell.inherited}")
    return Cell(" ".join(parts))


def matrix_table(matrix: Matrix, lang: str) -> Table:
    if matrix.row_kind == "measure":
        labels = [
            Column(_t("id", lang), Role.ID),
            Column(_t("measure", lang), Role.LABEL, weight=3, narrowest=14),
        ]
    elif matrix.row_kind == "owner":
        labels = [Column(_t("owner", lang), Role.LABEL, weight=3, narrowest=14)]
    else:
        labels = [
            Column(_t("field", lang), Role.ID),
            Column(_t("field_title", lang), Role.LABEL, weight=3, narrowest=14),
        ]
    shorts = short_ids([column.id for column in matrix.columns])
    nodes = [
        Column(
            column.id,
            Role.MARK,
            subtitle=visible(column.label(lang)),
            colour=column.color,
            short=short if short != column.id else None,
        )
        for column, short in zip(matrix.columns, shorts, strict=True)
    ]
    totals = [
        Column(_t("total_direct", lang), Role.NUMBER),
        Column(_t("total_inherited", lang), Role.NUMBER),
    ]
    table = Table(
        heading(matrix, lang),
        [*labels, *nodes, *totals],
        key="matrix",
        sheet=_t("sheet", lang),
        frozen=len(labels),
        notes=marks(matrix, lang),
    )

    def made():
        for row in matrix.rows:
            total = row.total
            title = row.label(lang)
            named = (
                [Cell(visible(row.id), row.id)]
                if matrix.row_kind == "owner"
                else [Cell(visible(row.id), row.id), Cell(visible(title or ""), title or None)]
            )
            yield [
                *named,
                *(mark_cell(cell, matrix.counts) for cell in row.cells),
                Cell.of(total.direct),
                Cell.of(total.inherited),
            ]

    # A row per measure, made as a format reads them.
    table.rows = Rows(len(matrix.rows), made)
    padding = [Cell("")] * (len(labels) - 1)
    column_totals = matrix.column_totals
    grand = matrix.total
    table.totals = [
        [
            Cell(_t("total_direct", lang), None, STRONG),
            *padding,
            *(Cell.of(cell.direct) for cell in column_totals),
            Cell.of(grand.direct),
            Cell(""),
        ],
        [
            Cell(_t("total_inherited", lang), None, STRONG),
            *padding,
            *(Cell.of(cell.inherited) for cell in column_totals),
            Cell(""),
            Cell.of(grand.inherited),
        ],
    ]
    return table


def legend(matrix: Matrix, lang: str) -> Table:
    """Each column's full title: a reader's in --lang (the short one first), a spreadsheet's
    in both languages."""
    table = Table(
        _t("legend", lang),
        [
            Column(_t("id", lang), Role.ID),
            Column(_t("title", lang), Role.NOTE, weight=4, audience=Audience.READING),
            Column(_t("title_ja", lang), Role.NOTE, audience=Audience.DATA),
            Column(_t("title_en", lang), Role.NOTE, audience=Audience.DATA),
        ],
        key="columns",
        sheet=_t("legend", lang),
    )
    for column in matrix.columns:
        identifier = Cell(visible(column.id), column.id)
        identifier.colour = column.color
        table.add(
            identifier,
            visible(legend_title(column, lang)),
            Cell(visible(column.title), column.title),
            Cell(visible(column.title_en or ""), column.title_en or None),
        )
    return table


def build(matrix: Matrix, lang: str, scope: list | None = None) -> View:
    """``seta-align matrix``: the matrix, then its legend."""
    view = View(_t("sheet", lang), main="matrix")
    view.blocks += scope or []
    view.blocks += [matrix_table(matrix, lang), legend(matrix, lang)]
    return view
