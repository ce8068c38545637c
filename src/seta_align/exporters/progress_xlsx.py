"""``progress --format xlsx``: outcome management as a workbook, one sheet per view.

重点政策 and SDG (the roll-up per priority policy and per SDG goal a measure serves), 成果指標
(each plan-level indicator beside the KPIs that contribute to it), 施策・指標 (every KPI: the
table of :mod:`.progress_table`, as in the CSV), 所管部, 分野, 遅れ・未報告 (the KPIs behind or
not reported, the most urgent first), 比較 (with ``--compare``) and 凡例 (the statuses, their
colours and meanings, the evaluated year and the files read). The sheet of ``--by`` is the one
the workbook opens on. Sheet names and headings follow ``--lang``.

Numbers are numbers: counts and years as integers, results as they were reported,
achievements and expected progress as fractions with a percent number format (0.35 shows as
35.0 %). Every status column is coloured by conditional formatting, one rule per status with
its colour from :data:`..reporters.progress_common.COLOURS`, so a status typed over in Excel is
coloured too. The header row (and the label column of a roll-up) is frozen. Text cells are
neutralised against formulas like the CSV.

openpyxl is imported here only, so that the other commands never load it.
"""

from __future__ import annotations

from ..analysis.progress import LABELS
from ..i18n import Text
from ..renderers.colours import text_colour
from ..reporters.progress_common import (
    CHANGE_LABELS,
    COLOURS,
    DISPLAY_ORDER,
    counts_text,
    meaning,
    outcome_gap,
    rollup_rows,
    sorted_changes,
)
from ..reporters.progress_common import T as COMMON
from . import progress_table as table
from .matrix_common import display_width
from .measures_sheet import xlsx_value

PERCENT = "0.0%"
HEADING_FILL = "DDEBF7"
MAX_WIDTH = 48

SHEETS = {
    "priority": Text("重点政策", "Priority policies"),
    "goals": Text("SDG", "SDG goals"),
    "indicators": Text("成果指標", "Plan indicators"),
    "kpis": Text("施策・指標", "Measures and KPIs"),
    "owner": Text("所管部", "Owners"),
    "field": Text("分野", "Fields"),
    "attention": Text("遅れ・未報告", "Behind or not reported"),
    "changes": Text("比較", "Changes"),
    "legend": Text("凡例", "Legend"),
}
# The sheet a workbook opens on, per --by.
OPENS_ON = {"node": "priority", "measure": "kpis", "owner": "owner", "field": "field"}

T = {
    "id": Text("ID", "ID"),
    "title": Text("名称", "Title"),
    "owner": Text("所管部", "Owner"),
    "field_title": Text("分野名", "Field name"),
    "measures": Text("施策数", "Measures"),
    "mean": Text("平均達成率", "Mean achievement"),
    "node": Text("政策・目標", "Node"),
    "unit": Text("単位", "Unit"),
    "value": Text("実績", "Actual"),
    "expected": Text("見込み", "Expected"),
    "target": Text("目標値", "Target"),
    "achievement": Text("達成率", "Achievement"),
    "status": Text("状況", "Status"),
    "far": Text("大幅な遅れ", "Far behind"),
    "contributors": Text("貢献する指標の数", "Contributing KPIs"),
    "contributors_counts": Text("貢献する指標の内訳", "Their statuses"),
    "contributors_mean": Text("貢献する指標の平均達成率", "Their mean achievement"),
    "gap": Text("注意", "Attention"),
    "measure": Text("施策", "Measure"),
    "kpi": Text("指標ID", "KPI"),
    "kpi_name": Text("指標名", "KPI name"),
    "change": Text("変化", "Change"),
    "change_code": Text("変化コード", "Change code"),
    "name": Text("英語名（JSON）", "Name (JSON)"),
    "colour": Text("色", "Colour"),
    "meaning": Text("意味", "Meaning"),
    "results": Text("実績ファイル", "Results files"),
    "indicators_file": Text("成果指標のファイル", "Indicators file"),
    "no_results": COMMON["no_results"],
}


def _fill(colour: str):
    from openpyxl.styles import PatternFill

    hex_colour = colour.lstrip("#").upper()
    return PatternFill(fill_type="solid", start_color=hex_colour, end_color=hex_colour)


class _Sheet:
    """A sheet being written: a header row, typed columns, and what each kind of column
    needs (number formats, status colours, widths)."""

    def __init__(self, book, title: str, columns: list[table.Column], lang: str):
        self.sheet = book.create_sheet(title)
        self.columns = columns
        self.lang = lang
        self.sheet.append([xlsx_value(c.heading) for c in columns])
        self.widths = [display_width(c.heading) for c in columns]

    def append(self, values: list[table.Value]) -> None:
        written = [
            xlsx_value(table.text_of(value, column.kind, self.lang))
            for value, column in zip(values, self.columns, strict=True)
        ]
        self.sheet.append(written)
        for index, value in enumerate(written):
            if value is not None:
                shown = f"{value:.1%}" if self.columns[index].kind == "fraction" else str(value)
                self.widths[index] = max(self.widths[index], display_width(shown))

    def finish(self, frozen: str = "A2") -> None:
        from openpyxl.formatting.rule import CellIsRule
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        sheet = self.sheet
        last = sheet.max_row
        heading_fill = _fill(HEADING_FILL)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = heading_fill
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        for position, column in enumerate(self.columns, start=1):
            letter = get_column_letter(position)
            sheet.column_dimensions[letter].width = min(MAX_WIDTH, self.widths[position - 1] + 2)
            if last < 2:
                continue
            if column.kind == "fraction":
                for (cell,) in sheet.iter_rows(min_row=2, min_col=position, max_col=position):
                    cell.number_format = PERCENT
            elif column.kind == "year":
                # No thousands separator in a year (2,026).
                for (cell,) in sheet.iter_rows(min_row=2, min_col=position, max_col=position):
                    cell.number_format = "0"
            elif column.kind == "status":
                cells = f"{letter}2:{letter}{last}"
                # One rule per status: the label (in --lang) in its colour.
                for status in DISPLAY_ORDER:
                    colour = COLOURS[status][1]
                    sheet.conditional_formatting.add(
                        cells,
                        CellIsRule(
                            operator="equal",
                            formula=[f'"{LABELS[status](self.lang)}"'],
                            fill=_fill(colour),
                            font=Font(color=text_colour(colour).lstrip("#").upper()),
                        ),
                    )
        sheet.freeze_panes = frozen


def render(view) -> bytes:
    from openpyxl import Workbook

    lang = view.lang
    book = Workbook()
    book.remove(book.active)
    book.properties.title = SHEETS["kpis"](lang)
    sheets: dict[str, object] = {}
    for key in ("priority", "goals"):
        sheets[key] = _rollups(book, view, key, with_id=True)
    sheets["indicators"] = _indicators(book, view)
    sheets["kpis"] = _kpis(book, view, "kpis", table.rows(view))
    sheets["owner"] = _rollups(book, view, "owner", with_id=False)
    sheets["field"] = _rollups(book, view, "field", with_id=True)
    sheets["attention"] = _kpis(book, view, "attention", table.attention_rows(view))
    if view.changes is not None:
        sheets["changes"] = _changes(book, view)
    _legend(book, view)
    book.active = book.worksheets.index(sheets[OPENS_ON[view.by]])
    from ..renderers.workbook import to_bytes

    return to_bytes(book)



def _t(key: str, lang: str) -> str:
    return T[key](lang)


def _rollups(book, view, key: str, *, with_id: bool):
    """One row per node, owner or field: how many of its measures stand at each status (a
    measure counts at its KPIs' worst), and never one status for the whole row."""
    lang = view.lang
    columns = [table.Column(_t("id", lang) if with_id else _t("owner", lang), "text")]
    if with_id:
        columns.append(table.Column(_t("field_title" if key == "field" else "title", lang), "text"))
    columns += [
        table.Column(_t("measures", lang), "number"),
        *(table.Column(LABELS[status](lang), "number") for status in DISPLAY_ORDER),
        table.Column(COMMON["breakdown"](lang), "text"),
        table.Column(_t("mean", lang), "fraction"),
    ]
    sheet = _Sheet(book, SHEETS[key](lang), columns, lang)
    for entry in rollup_rows(view, key):
        rollup = entry.rollup
        labels = [entry.id, entry.label] if with_id else [entry.id]
        sheet.append(
            [
                *labels,
                rollup.total if rollup else 0,
                *((rollup.counts.get(s, 0) if rollup else 0) for s in DISPLAY_ORDER),
                counts_text(rollup, lang) if rollup else "",
                table.fraction(rollup.mean_achievement) if rollup else None,
            ]
        )
    sheet.finish("C2" if with_id else "B2")
    return sheet.sheet


def _indicators(book, view):
    """Each plan-level indicator beside the KPIs that say ``contributes_to`` it."""
    lang = view.lang
    columns = [
        table.Column(_t("id", lang), "text"),
        table.Column(_t("title", lang), "text"),
        table.Column(_t("node", lang), "text"),
        table.Column(_t("value", lang), "number"),
        table.Column(_t("expected", lang), "number"),
        table.Column(_t("target", lang), "number"),
        table.Column(_t("unit", lang), "text"),
        table.Column(_t("achievement", lang), "fraction"),
        table.Column(_t("status", lang), "status"),
        table.Column(_t("far", lang), "text"),
        table.Column(_t("contributors", lang), "number"),
        table.Column(_t("contributors_counts", lang), "text"),
        table.Column(_t("contributors_mean", lang), "fraction"),
        table.Column(_t("gap", lang), "text"),
    ]
    sheet = _Sheet(book, SHEETS["indicators"](lang), columns, lang)
    for entry in view.analysis.indicators:
        item, evaluation = entry.item, entry.evaluation
        contributors = view.analysis.contributions.get(item.key)
        sheet.append(
            [
                item.key,
                item.name,
                item.on or "",
                table.plain(evaluation.value),
                table.plain(evaluation.expected),
                table.plain(item.target[1]),
                item.unit,
                table.fraction(evaluation.achievement),
                evaluation.status,
                table.FAR_MARK if evaluation.far_behind else "",
                contributors.total if contributors else 0,
                counts_text(contributors, lang) if contributors else "",
                table.fraction(contributors.mean_achievement) if contributors else None,
                COMMON["outcome_gap"](lang) if outcome_gap(view, entry) else "",
            ]
        )
    sheet.finish("B2")
    return sheet.sheet


def _kpis(book, view, key: str, rows: list[list[table.Value]]):
    sheet = _Sheet(book, SHEETS[key](view.lang), table.columns(view), view.lang)
    for values in rows:
        sheet.append(values)
    sheet.finish("A2")
    return sheet.sheet


def _changes(book, view):
    """Every KPI's status in the two years, those that fell behind first."""
    lang = view.lang
    before, after = view.compared
    columns = [
        table.Column(_t("measure", lang), "text"),
        table.Column(_t("kpi", lang), "text"),
        table.Column(_t("kpi_name", lang), "text"),
        table.Column(table.T["status_in"].format(year=before)(lang), "status"),
        table.Column(table.T["status_in"].format(year=after)(lang), "status"),
        table.Column(_t("change", lang), "text"),
        table.Column(_t("change_code", lang), "code"),
    ]
    sheet = _Sheet(book, SHEETS["changes"](lang), columns, lang)
    unchanged = [c for c in view.changes if c.kind == "unchanged"]
    for change in sorted_changes(view.changes) + unchanged:
        item = change.item
        sheet.append(
            [
                item.measure or "",
                item.key,
                item.name,
                change.before,
                change.after,
                CHANGE_LABELS[change.kind](lang),
                change.kind,
            ]
        )
    sheet.finish("A2")
    return sheet.sheet


def _legend(book, view) -> None:
    """The statuses in their colours with what they mean, then what was evaluated."""
    from openpyxl.styles import Alignment, Font

    lang = view.lang
    analysis = view.analysis
    context = view.context
    sheet = book.create_sheet(SHEETS["legend"](lang))
    sheet.append([_t("status", lang), _t("name", lang), _t("meaning", lang)])
    for status in DISPLAY_ORDER:
        sheet.append(
            [LABELS[status](lang), status.value, meaning(status, context.settings.progress, lang)]
        )
        cell = sheet.cell(row=sheet.max_row, column=1)
        colour = COLOURS[status][1]
        cell.fill = _fill(colour)
        cell.font = Font(bold=True, color=text_colour(colour).lstrip("#").upper())
    sheet.append([])
    results = context.results
    if analysis.has_results:
        sheet.append([COMMON["evaluated"](lang), analysis.year])
        sheet.append([COMMON["years"](lang), ", ".join(str(y) for y in analysis.years)])
    else:
        sheet.append([xlsx_value(_t("no_results", lang))])
    files = results.files if results is not None else []
    sheet.append([_t("results", lang), xlsx_value("\n".join(files)) if files else None])
    indicators = context.indicators.file if context.indicators is not None else None
    sheet.append([_t("indicators_file", lang), xlsx_value(indicators)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = _fill(HEADING_FILL)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for letter, width in (("A", 22), ("B", 18), ("C", 70)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
