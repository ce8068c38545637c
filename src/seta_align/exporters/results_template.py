"""``seta-align export --results-template``: the sheet each department fills in with the year's
results (行政評価の実績), and ``seta-align import --results`` reads back.

One sheet per department (所管), one row per KPI of its measures: what identifies the KPI
(施策番号, 指標ID, 指標名), what it aims at (単位, 現状値, 基準年度, 目標値, 目標年度) and the
results of the earlier years, all for reading only; then 年度 (filled in) and the two cells to
fill, 実績値 and 備考. The plan-level indicators get a sheet of their own (成果指標), and a last
sheet (記入方法) says in Japanese and English how to fill it in.

In the workbook, the cells to fill are yellow and unlocked and everything else is grey and
locked (sheet protection without a password: it guards against slips, not against people).
The CSV form is one table with a 所管 column — a CSV file holds no colours and no protection.
Text is neutralised against formulas in both, as in every export.

openpyxl is imported here only, so that the other commands never load it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..i18n import Lang, Text
from ..renderers.sheet_text import display_width
from ..sheet.cells import tidy_number
from ..sheet.result_columns import HEADINGS, earlier_heading
from .measures_sheet import Value, csv_bytes, xlsx_value

if TYPE_CHECKING:
    from ..analysis.progress import ProgressAnalysis

INDICATOR_SHEET = "成果指標"
GUIDE_SHEET = "記入方法"
# What an earlier year shows when the department reported no value (value: null).
NOT_REPORTED = "—"
# Excel: at most 31 characters, none of []:*?/\, not starting or ending with '.
SHEET_NAME_LENGTH = 31
_UNSAFE_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
# Excel keeps this name for itself.
_RESERVED_SHEET_NAMES = {"history"}

FILL_IN = "FFF2CC"  # the cells to fill: light yellow
READ_ONLY = "F2F2F2"  # everything else: light grey
HEADING = "DDEBF7"
FILL_IN_HEADING = "FFE699"


@dataclass(slots=True)
class TemplateRow:
    measure: str | None  # None on the indicators' sheet
    title: str  # the measure's title; for an indicator, the node it measures
    kpi_id: str | None
    kpi: str
    unit: str
    baseline_value: int | float | None
    baseline_year: int | None
    target_value: int | float
    target_year: int
    earlier: list[Value]  # one per earlier year: the value, — (not reported) or None


@dataclass(slots=True)
class TemplateSheet:
    name: str  # safe for Excel
    owner: str  # the department as the measures name it; 成果指標 for the indicators
    indicators: bool = False
    rows: list[TemplateRow] = field(default_factory=list)


@dataclass(slots=True)
class EvaluationRow:
    """A measure on the 施策評価 sheet: what identifies it; its section fills in the rest."""

    owner: str
    section: str | None
    measure: str
    title: str
    # What is already written for the year (一次評価, 今後の方向性, 課題, 改善方法, 評価者, 備考), so
    # that the sheet sent out again keeps it and its import writes it back unchanged.
    written: list[Value] = field(default_factory=list)


@dataclass(slots=True)
class ResultsTemplate:
    year: int
    earlier_years: list[int]
    sheets: list[TemplateSheet]
    evaluations: list[EvaluationRow] = field(default_factory=list)

    @property
    def kpis(self) -> int:
        return sum(len(sheet.rows) for sheet in self.sheets)


def build(context, analysis: ProgressAnalysis, year: int) -> ResultsTemplate:
    """The template for ``year``: the departments in the order the draft first names them, each
    measure's KPIs in the draft's order; earlier years are the years with results before it."""
    earlier_years = [y for y in analysis.years if y < year]
    series = {(p.item.measure, p.item.key): p.series for p in analysis.kpis}
    series.update({(None, p.item.key): p.series for p in analysis.indicators})
    from ..sheet.evaluations import SHEET as EVALUATION_SHEET

    taken: set[str] = {GUIDE_SHEET.casefold(), EVALUATION_SHEET.casefold()}
    if analysis.indicators:
        taken.add(INDICATOR_SHEET.casefold())
    sheets: dict[str, TemplateSheet] = {}
    for loaded in context.draft.measures:
        measure = loaded.measure
        if not measure.kpis:
            continue
        sheet = sheets.get(measure.owner)
        if sheet is None:
            sheet = TemplateSheet(safe_sheet_name(measure.owner, taken), measure.owner)
            sheets[measure.owner] = sheet
        for kpi in measure.kpis:
            sheet.rows.append(
                _row(
                    measure.id,
                    measure.title,
                    kpi,
                    series.get((measure.id, kpi.key()), {}),
                    earlier_years,
                )
            )
    ordered = list(sheets.values())
    if analysis.indicators:
        nodes = context.framework.nodes
        indicators = TemplateSheet(INDICATOR_SHEET, INDICATOR_SHEET, indicators=True)
        for located, progress in zip(context.indicators.items, analysis.indicators, strict=True):
            indicator = located.indicator
            node = nodes.get(indicator.on)
            where = f"{indicator.on} {node.title}" if node is not None else indicator.on
            indicators.rows.append(_row(None, where, indicator, progress.series, earlier_years))
        ordered.append(indicators)
    evaluations = [
        EvaluationRow(
            loaded.measure.owner,
            loaded.measure.section,
            loaded.measure.id,
            loaded.measure.title,
            _written(context, loaded.measure.id, year),
        )
        for loaded in context.draft.measures
        if loaded.measure.kpis
    ]
    evaluations.sort(key=lambda row: list(sheets).index(row.owner))  # the departments' order
    return ResultsTemplate(year, earlier_years, ordered, evaluations)


def _written(context, measure_id: str, year: int) -> list[Value]:
    """The cells to fill of the evaluation already written for ``measure_id`` in ``year``, as
    the sheet shows them (今後の方向性 in Japanese); empty when there is none."""
    from ..loading.normalise import OUTLOOK_WORDS

    results = context.results
    located = results.evaluation(measure_id, year) if results is not None else None
    if located is None:
        return []
    record = located.record
    outlook = OUTLOOK_WORDS[record.outlook] if record.outlook else None
    return [
        record.self_grade,
        outlook,
        record.challenges,
        record.improvements,
        record.assessed_by,
        record.note,
    ]


def _row(measure, title, kpi, series, earlier_years) -> TemplateRow:
    """A KPI's row (``kpi`` may be a plan-level indicator: it has the same parts)."""
    baseline = kpi.baseline
    earlier: list[Value] = []
    for year in earlier_years:
        if year not in series:
            earlier.append(None)
        elif series[year] is None:
            earlier.append(NOT_REPORTED)
        else:
            earlier.append(tidy_number(series[year]))
    return TemplateRow(
        measure=measure,
        title=title,
        kpi_id=kpi.id,
        kpi=kpi.name,
        unit=kpi.unit,
        baseline_value=tidy_number(baseline.value) if baseline else None,
        baseline_year=baseline.year if baseline else None,
        target_value=tidy_number(kpi.target.value),
        target_year=kpi.target.year,
        earlier=earlier,
    )


def safe_sheet_name(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts, unique (Excel compares them in any case): the characters it
    refuses become ＿, a ' at either end goes, at most 31 characters; a name already taken
    gets (2), (3) … within the 31."""
    safe = _UNSAFE_IN_SHEET_NAMES.sub("＿", name).strip().strip("'").strip() or "所管"
    if safe.casefold() in _RESERVED_SHEET_NAMES:
        safe += "＿"
    candidate = safe[:SHEET_NAME_LENGTH]
    number = 1
    while candidate.casefold() in taken:
        number += 1
        suffix = f"({number})"
        candidate = safe[: SHEET_NAME_LENGTH - len(suffix)] + suffix
    taken.add(candidate.casefold())
    return candidate


def fiscal_year_label(year: int) -> Text:
    """令和8年度（2026年度） / FY2026: how a sheet's title names the year."""
    if year >= 2019:
        era = f"令和{'元' if year == 2019 else year - 2018}年度（{year}年度）"
    elif year >= 1989:
        era = f"平成{'元' if year == 1989 else year - 1988}年度（{year}年度）"
    else:
        era = f"{year}年度"
    return Text(era, f"FY{year}")


# --- The columns ---------------------------------------------------------------------------------

# (role key, is it filled in) in the order of the columns, the earlier years in between.
_BEFORE = (
    "measure",
    "title",
    "kpi_id",
    "kpi",
    "unit",
    "baseline.value",
    "baseline.year",
    "target.value",
    "target.year",
)
_AFTER = ("year", "value", "note")
FILLED_IN = ("value", "note")


def headings(template: ResultsTemplate, sheet: TemplateSheet | None) -> list[str]:
    """The headings of a sheet (for the CSV: ``sheet`` None, with 所管 first)."""
    on_node = sheet is not None and sheet.indicators
    names = [HEADINGS["node" if key == "title" and on_node else key] for key in _BEFORE]
    names += [earlier_heading(year) for year in template.earlier_years]
    names += [HEADINGS[key] for key in _AFTER]
    return names if sheet is not None else [HEADINGS["owner"], *names]


def _cells(template: ResultsTemplate, row: TemplateRow) -> list[Value]:
    return [
        row.measure,
        row.title,
        row.kpi_id,
        row.kpi,
        row.unit,
        row.baseline_value,
        row.baseline_year,
        row.target_value,
        row.target_year,
        *row.earlier,
        template.year,
        None,
        None,
    ]


# --- CSV -----------------------------------------------------------------------------------------


def render_csv(template: ResultsTemplate) -> bytes:
    """One table, 所管 first; two remark lines (※) at the end say how to fill it in (the import
    skips them). UTF-8 with a BOM and CRLF, which Excel opens as UTF-8."""
    lines: list[list[Value]] = [headings(template, None)]
    for sheet in template.sheets:
        for row in sheet.rows:
            lines.append([sheet.owner, *_cells(template, row)])
    lines += [[f"※ {_INSTRUCTION.ja}"], [f"※ {_INSTRUCTION.en}"]]
    return csv_bytes(lines)


_INSTRUCTION = Text(
    "実績値（数値のみ）と備考を記入してください。実績がなければ「—」か「未集計」と書き、理由を備考に"
    "書きます。空のままの行は取り込みません。",
    "Fill in 実績値 (the result, a number alone) and 備考 (a note). When there is no result, "
    "write — or 未集計 and say why in 備考. Rows left empty are not imported.",
)
_PROTECTED = Text(
    "黄色のセルに記入します。灰色のセルは保護されています（変更するときは「校閲」→「シート保護の"
    "解除」）。",
    "Fill in the yellow cells; the grey ones are protected (Review → Unprotect Sheet to change "
    "them).",
)


# --- XLSX ----------------------------------------------------------------------------------------


def render_xlsx(template: ResultsTemplate, lang: Lang) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    book.remove(book.active)
    label = fiscal_year_label(template.year)
    book.properties.title = Text(f"{label.ja} 実績記入シート", f"{label.en} results")(lang)
    for sheet in template.sheets:
        names = headings(template, sheet)
        rows = [_cells(template, row) for row in sheet.rows]
        filled = {names.index(HEADINGS[key]) + 1 for key in FILLED_IN}
        widths = []
        for column in range(1, len(names) + 1):
            contents = [names[column - 1]] + [
                str(row[column - 1]) for row in rows if row[column - 1] is not None
            ]
            widest = max(display_width(text) for text in contents)
            limit = 40 if column in filled else 30
            widths.append(max(8, min(limit, widest) + 2))
        table = _fill_in_sheet(
            book,
            sheet.name,
            title=f"{label.ja} 実績記入シート — {sheet.owner} / {label.en} results — {sheet.owner}",
            instructions=(
                f"{_INSTRUCTION.ja} {_PROTECTED.ja}",
                f"{_INSTRUCTION.en} {_PROTECTED.en}",
            ),
            headings=names,
            rows=rows,
            filled=filled,
            texts={names.index(HEADINGS[key]) + 1 for key in ("measure", "kpi_id", "kpi", "note")},
            widths=widths,
        )
        if sheet.rows:
            value_column = get_column_letter(names.index(HEADINGS["value"]) + 1)
            prompt = DataValidation(
                allow_blank=True,
                showInputMessage=True,
                promptTitle="実績値 / Result",
                prompt="数値のみ（1200）。実績がなければ — か 未集計、理由は備考に。/ A number "
                "alone; — or 未集計 when there is none.",
            )
            prompt.add(f"{value_column}{HEADER_ROW + 1}:{value_column}{HEADER_ROW + len(rows)}")
            table.add_data_validation(prompt)
    if template.evaluations:
        _evaluation_sheet(book, template, label)
    heading_fill = _fill(HEADING)
    _guide(
        book.create_sheet(GUIDE_SHEET),
        template,
        Font(bold=True),
        heading_fill,
        Alignment(vertical="top", wrap_text=True),
    )
    book.active = 0
    from ..renderers.xlsx import to_bytes

    return to_bytes(book)


# The sheets to fill in: a title, two lines of instructions, then the headings on this row.
HEADER_ROW = 4


def _fill(colour: str):
    from openpyxl.styles import PatternFill

    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def _fill_in_sheet(
    book,
    name: str,
    *,
    title: str,
    instructions: tuple[str, str],
    headings: list[str],
    rows: list[list[Value]],
    filled: set[int],
    texts: set[int],
    widths: list[int],
    wrapped: set[int] = frozenset(),
):
    """A sheet people fill in, as every sheet of the workbook is laid out: its title, the
    instructions in Japanese and English across the sheet, the headings, then the rows; the
    ``filled`` columns yellow and unlocked, the others grey and locked (sheet protection
    without a password: it guards against slips, not against people); ``texts`` formatted as
    text, so Excel keeps what is typed (8.10, 01); ``wrapped`` columns besides the filled ones
    wrap. Columns are numbered from 1."""
    from openpyxl.styles import Alignment, Font, Protection
    from openpyxl.utils import get_column_letter

    table = book.create_sheet(name)
    width = len(headings)
    table.append([xlsx_value(title)])
    for line in instructions:
        table.append([xlsx_value(line)])
    table.append([xlsx_value(heading) for heading in headings])
    for row in rows:
        table.append([xlsx_value(value) for value in row])
    table["A1"].font = Font(bold=True, size=13)
    wrap = Alignment(vertical="top", wrap_text=True)
    top = Alignment(vertical="top")
    for line in (2, 3):
        table.merge_cells(start_row=line, end_row=line, start_column=1, end_column=width)
        table.cell(row=line, column=1).alignment = wrap
        table.row_dimensions[line].height = 32
    bold = Font(bold=True)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    unlocked = Protection(locked=False)
    last = HEADER_ROW + len(rows)
    for column in range(1, width + 1):
        heading = table.cell(row=HEADER_ROW, column=column)
        heading.font = bold
        heading.alignment = centred
        heading.fill = _fill(FILL_IN_HEADING if column in filled else HEADING)
        for number in range(HEADER_ROW + 1, last + 1):
            cell = table.cell(row=number, column=column)
            cell.alignment = wrap if column in filled or column in wrapped else top
            cell.fill = _fill(FILL_IN if column in filled else READ_ONLY)
            if column in filled:
                cell.protection = unlocked
            if column in texts:
                cell.number_format = "@"
        table.column_dimensions[get_column_letter(column)].width = widths[column - 1]
    table.freeze_panes = table.cell(row=HEADER_ROW + 1, column=5)
    table.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(width)}{max(last, HEADER_ROW)}"
    # Locked cells stay as they are; filtering and column widths and row heights do not
    # change them, so those stay possible.
    protection = table.protection
    protection.sheet = True
    protection.autoFilter = False
    protection.formatColumns = False
    protection.formatRows = False
    return table


_GUIDE: tuple[tuple[str, str, str], ...] = (
    ("施策番号", "施策の ID（変更しない）", "The measure's id (do not change)"),
    (
        "指標ID",
        "指標の ID（施策ファイルに id がなければ空）。成果指標のシートでは成果指標の ID",
        "The KPI's id (empty when the measure file gives none); on the 成果指標 sheet, the "
        "plan-level indicator's id",
    ),
    ("指標名", "指標の名前", "The KPI's name"),
    (
        "単位・現状値・基準年度・目標値・目標年度",
        "施策ファイルの目標（参考）",
        "The target in the measure file (for reference)",
    ),
    (
        "〇〇年度実績（参考）",
        "前年度までの実績（— は未報告）",
        "Earlier years' results (— : not reported)",
    ),
    ("年度", "この実績の年度（記入済み）", "The fiscal year of the result (filled in)"),
    (
        "実績値",
        "記入する: 数値のみ（1200、1,200）。指標の単位を付けても読みます（1200件）。実績がなければ"
        "「—」か「未集計」「未測定」",
        "To fill in: a number alone (1200, 1,200); the KPI's own unit after it is read too "
        "(1200件). No result: — or 未集計 / 未測定",
    ),
    (
        "備考",
        "記入する: 実績についての注記。実績がないときはその理由",
        "To fill in: a note on the result; when there is none, why",
    ),
)


def _evaluation_sheet(book, template, label) -> None:
    """施策評価: a row per measure with KPIs, its section to fill in 一次評価, 今後の方向性, 課題,
    改善方法, 評価者 and 備考 (sheet/evaluations.py reads it back)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..sheet.evaluations import FILLED_IN, HEADINGS, SHEET

    keys = ["owner", "section", "measure", "title", "year", *FILLED_IN]
    widths = {"owner": 16, "section": 14, "measure": 11, "title": 30, "year": 8, "self_grade": 10,
              "outlook": 12, "challenges": 40, "improvements": 40, "assessed_by": 14, "note": 24}
    table = _fill_in_sheet(
        book,
        SHEET,
        title=f"{label.ja} 施策評価 / {label.en} evaluations of the measures",
        instructions=(_EVALUATION_INSTRUCTION.ja, _EVALUATION_INSTRUCTION.en),
        headings=[HEADINGS[key] for key in keys],
        rows=[
            [row.owner, row.section, row.measure, row.title, template.year, *row.written]
            for row in template.evaluations
        ],
        filled={keys.index(key) + 1 for key in FILLED_IN},
        texts={keys.index(key) + 1 for key in FILLED_IN},  # words, never figures
        widths=[widths[key] for key in keys],
        wrapped={keys.index("title") + 1},
    )
    outlook = get_column_letter(keys.index("outlook") + 1)
    last = HEADER_ROW + len(template.evaluations)
    choices = DataValidation(
        type="list", formula1='"拡充,継続,改善,縮小,休止,廃止"', allow_blank=True,
        showErrorMessage=False,
    )
    choices.add(f"{outlook}{HEADER_ROW + 1}:{outlook}{max(last, HEADER_ROW + 1)}")
    table.add_data_validation(choices)


_EVALUATION_INSTRUCTION = Text(
    "施策ごとに、評価する課が一次評価（評価の方式の評価: 順調、B など）、今後の方向性（拡充・継続・改善・"
    "縮小・休止・廃止）、課題、改善方法、評価者を記入します。遅れている施策は課題と改善方法を必ず書きます"
    "（SA710）。空の行は取り込みません。",
    "For each measure, its section fills in the self-grade (a grade of the evaluation scheme), "
    "the outlook (拡充・継続・改善・縮小・休止・廃止), the challenges, the improvements and who "
    "assessed it; a measure behind needs its challenges and improvements (SA710). Empty rows "
    "are not imported.",
)


def _guide(sheet, template: ResultsTemplate, bold, heading_fill, wrapped) -> None:
    from openpyxl.utils import get_column_letter

    label = fiscal_year_label(template.year)
    sheet.append(
        [xlsx_value(f"{label.ja} 実績記入シートの記入方法 / How to fill in the {label.en} results")]
    )
    sheet["A1"].font = bold
    sheet.append([])
    start = sheet.max_row + 1
    sheet.append(["列 / Column", "内容", "Meaning"])
    for line in _GUIDE:
        sheet.append([xlsx_value(value) for value in line])
    sheet.append([])
    for text in (_INSTRUCTION, _PROTECTED, _READ_BACK, _SHEETS):
        sheet.append([xlsx_value(text.ja)])
        sheet.append([xlsx_value(text.en)])
    for cell in sheet[start]:
        cell.font = bold
        cell.fill = heading_fill
    for row in sheet.iter_rows(min_row=start + 1):
        for cell in row:
            cell.alignment = wrapped
    for position, width in enumerate((28, 60, 60), start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width


_READ_BACK = Text(
    "取り込み: seta-align import このファイル.xlsx --results（data/results/年度.yaml に書き出します）。",
    "Read back with: seta-align import THIS_FILE.xlsx --results (writes data/results/YEAR.yaml).",
)
_SHEETS = Text(
    "所管部ごとに1シートです。シート名が長い所管部は、1行目に正式な名前があります。",
    "One sheet per department; where a name is too long for a sheet, row 1 gives it in full.",
)
