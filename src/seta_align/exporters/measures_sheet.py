"""``seta-align export``: the measures of a draft as one sheet, one row per measure.

The columns are the ones ``seta-align import`` reads (see :mod:`..sheet.columns`), so a sheet
exported, edited in Excel and imported again gives the same measures, and exporting those gives
the same sheet. The links (supports) are split by framework into 重点政策, 条例, 理念, ビジョン, 指針,
新産業ビジョン and SDGs, anything else in 貢献する政策（その他）; each KPI has its ten columns
(指標名, 単位, 基準年度, 現状値, 目標年度, 目標値, then the outcome-management ones 指標ID, 方向,
年度目標, 成果指標; then 指標名2 …) for as many KPIs as the measure with the most has; the impacts
in 影響 (``SDG-7.2:+2; SDG-15.1:-1``) with one line per impact in 影響の説明, 緩和策 and
エビデンス (see :mod:`..sheet.impacts`). Text cells are neutralised against formulas, like the
matrix exports.

方向 is written 増加, 減少 or 維持 whatever ``--lang`` — the sheet is the clerks' (its headings
are Japanese too), and the words are the ones the progress views show; the import reads them and
increase, decrease, maintain alike. 年度目標 is ``2026:140; 2028:160``, by year.

openpyxl is imported here only, so that the other commands never load it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..i18n import Lang, Text
from ..renderers.sheet_text import display_width, neutralise
from ..sheet.cells import format_milestones, join_tags, tidy_number
from ..sheet.columns import Role, export_roles, heading_of, support_column
from ..sheet.impacts import format_impacts, format_texts, scale_text
from ..views.progress_common import DIRECTIONS

if TYPE_CHECKING:
    from ..loading.framework import Framework
    from ..measure_records import Measure

BOM = "\ufeff"
SHEET_TITLE = Text("施策一覧", "Measures")
GUIDE_TITLE = Text("記入方法", "How to fill in")
# Cells holding ids or free text are formatted as text, so Excel keeps what people type there
# (8.10 stays 8.10, 01 stays 01).
TEXT_FIELDS = ("id", "title", "title_en", "description", "owner", "section", "field", "file")
# Columns of long text, by role key: at most this wide, the text wrapped.
WIDE = {
    "title": 40,
    "title_en": 40,
    "description": 60,
    "impacts.note": 40,
    "impacts.mitigation": 40,
    "impacts.evidence": 40,
}
ID_SEPARATOR = ", "
# A KPI's type as the sheet writes it (and the import reads it back).
KPI_TYPE_WORDS = {"outcome": "成果指標", "activity": "活動指標"}

Value = str | int | float | None


@dataclass(slots=True)
class MeasureSheet:
    roles: list[Role]
    headings: list[str]
    rows: list[list[Value]]


def build(measures: list[tuple[Measure, str]], framework: Framework) -> MeasureSheet:
    """The sheet of ``(measure, file it came from)`` pairs, in the draft's order."""
    groups = max((len(measure.kpis) for measure, _file in measures), default=1)
    roles = export_roles(groups)
    rows = [_row(measure, file, roles, framework) for measure, file in measures]
    return MeasureSheet(roles, [heading_of(role) for role in roles], rows)


def _text(value: str | None) -> str | None:
    # What the import reads back: no surrounding blanks, so the round trip is exact.
    if value is None:
        return None
    return value.strip() or None


def _row(measure: Measure, file: str, roles: list[Role], framework: Framework) -> list[Value]:
    by_column: dict[str | None, list[str]] = {}
    for identifier in measure.supports:
        by_column.setdefault(support_column(framework, identifier), []).append(identifier)
    line: list[Value] = []
    for role in roles:
        value: Value = None
        if role.field == "supports":
            value = ID_SEPARATOR.join(by_column.get(role.part, [])) or None
        elif role.field == "depends_on":
            value = ID_SEPARATOR.join(measure.depends_on) or None
        elif role.field == "tags":
            value = join_tags(measure.tags) or None
        elif role.field == "period":
            if measure.period is not None:
                value = getattr(measure.period, role.part or "start")
        elif role.field == "kpi":
            value = _kpi_value(measure, role)
        elif role.field == "impacts":
            if role.part is None:
                value = format_impacts(measure.impacts)
            else:
                value = format_texts(measure.impacts, role.part)
        elif role.field == "file":
            value = file
        else:
            value = _text(getattr(measure, role.field))
        line.append(value)
    return line


def _kpi_value(measure: Measure, role: Role) -> Value:
    if role.group > len(measure.kpis):
        return None
    kpi = measure.kpis[role.group - 1]
    part = role.part or "name"
    if part in ("id", "name", "unit", "contributes_to"):
        return _text(getattr(kpi, part))
    if part == "direction":
        return DIRECTIONS[kpi.direction].ja if kpi.direction else None
    if part == "milestones":
        return format_milestones(kpi.milestones)
    if part == "type":
        return KPI_TYPE_WORDS[kpi.type] if kpi.type else None
    if part == "tolerance":
        return None if kpi.tolerance is None else tidy_number(kpi.tolerance)
    point_name, _, attribute = part.partition(".")
    point = getattr(kpi, point_name)
    if point is None:
        return None
    value = getattr(point, attribute)
    return tidy_number(value) if attribute == "value" else value


# --- CSV ---------------------------------------------------------------------------------------


def render_csv(sheet: MeasureSheet) -> bytes:
    """UTF-8 with a BOM and CRLF line ends, which Excel opens as UTF-8."""
    return csv_bytes([sheet.headings, *sheet.rows])


def csv_bytes(lines: list[list[Value]]) -> bytes:
    """Rows of a sheet as CSV for Excel: UTF-8 with a BOM, CRLF line ends, text neutralised
    against formulas, an empty cell for None."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in lines:
        writer.writerow(
            ["" if v is None else neutralise(v) if isinstance(v, str) else v for v in line]
        )
    return (BOM + buffer.getvalue()).encode("utf-8")


# --- XLSX --------------------------------------------------------------------------------------


def xlsx_value(value: Value) -> Value:
    """A value as a workbook cell holds it: text neutralised against formulas, characters a
    workbook cannot hold replaced."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if not isinstance(value, str):
        return value
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))


def _is_text(role: Role) -> bool:
    if role.field == "kpi":
        # Ids and words; milestones too, or Excel turns 2026:40 into a time.
        return role.part in (
            "name", "unit", "id", "direction", "milestones", "contributes_to", "type"
        )
    return role.field in TEXT_FIELDS or role.is_list or role.field == "impacts"


def render_xlsx(sheet: MeasureSheet, framework: Framework, lang: Lang) -> bytes:
    """The workbook, written row by row (a sheet of 100,000 measures held as cells took
    gigabytes): every column's width and format and the frozen panes first, then the rows,
    each cell styled as it is written."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..renderers.xlsx import StreamedSheet, to_bytes

    book = Workbook(write_only=True)
    book.properties.title = SHEET_TITLE(lang)
    table = book.create_sheet(SHEET_TITLE("ja"))  # the sheet the import looks for first
    bold = Font(bold=True)
    heading_fill = PatternFill(fill_type="solid", start_color="DDEBF7", end_color="DDEBF7")
    heading_style = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrapped = Alignment(vertical="top", wrap_text=True)
    top = Alignment(vertical="top")
    last_row = len(sheet.rows) + 1
    widths: list[float] = []
    text_columns: list[bool] = []
    for position, role in enumerate(sheet.roles, start=1):
        letter = get_column_letter(position)
        contents = [sheet.headings[position - 1]] + [
            str(line[position - 1]) for line in sheet.rows if line[position - 1] is not None
        ]
        widest = max(display_width(c) for c in contents)
        dimension = table.column_dimensions[letter]
        dimension.width = max(8, min(WIDE.get(role.key, 30), widest) + 2)
        widths.append(dimension.width)
        text_columns.append(_is_text(role))
        if text_columns[-1]:
            dimension.number_format = "@"  # rows added later in Excel stay text too
    table.freeze_panes = "C2"  # the header, the id and the title stay in view
    table.auto_filter.ref = f"A1:{get_column_letter(len(sheet.roles))}{last_row}"
    field_column = next(
        (i for i, role in enumerate(sheet.roles, start=1) if role.field == "field"), None
    )
    if field_column is not None and framework.fields:
        # A drop-down of the field ids; the import reads the fields' names as well.
        choices = ",".join(framework.fields)
        if len(choices) <= 250:
            validation = DataValidation(
                type="list", formula1=f'"{choices}"', allow_blank=True, showErrorMessage=False
            )
            letter = get_column_letter(field_column)
            validation.add(f"{letter}2:{letter}{max(last_row, 2) + 1000}")
            table.data_validations.append(validation)

    def heading_cell(value: Value) -> WriteOnlyCell:
        cell = WriteOnlyCell(table, xlsx_value(value))
        cell.font, cell.fill, cell.alignment = bold, heading_fill, heading_style
        return cell

    alignments = [wrapped if role.key in WIDE else top for role in sheet.roles]
    streamed = StreamedSheet(table, widths)
    streamed.append([heading_cell(h) for h in sheet.headings])
    for line in sheet.rows:
        cells = []
        for value, alignment, text in zip(line, alignments, text_columns, strict=True):
            cell = WriteOnlyCell(table, xlsx_value(value))
            cell.alignment = alignment
            if text:
                cell.number_format = "@"
            cells.append(cell)
        streamed.append(cells)
    streamed.done()

    _guide(book.create_sheet(GUIDE_TITLE("ja")), sheet, bold, heading_fill, wrapped)
    return to_bytes(book)


_GUIDE: dict[str, tuple[str, str, str]] = {
    # role key → (内容, meaning, 例 / example)
    "id": (
        "必須。全施策で一意の ID（半角英字で始まる半角英数字と -_.）",
        "Required. Unique id: an ASCII letter, then letters, digits, -, _ or .",
        "ECON-01",
    ),
    "title": ("必須。施策名", "Required. Title in Japanese", "事業承継マッチング・伴走支援"),
    "owner": ("必須。所管部", "Required. Owning department", "経済産業部"),
    "section": (
        "所管課（任意。施策を評価する課）", "The section that evaluates it (optional)", "商業課"
    ),
    "field": (
        "必須。分野の ID か名称",
        "Required. Field id or name",
        "ECON、地域経済",
    ),
    "supports.PP": (
        "重点政策（丸数字や番号は PP-番号）",
        "Priority policies (circled or bare numbers n mean PP-n)",
        "PP-6, PP-1.2、①③",
    ),
    "supports.ORD": ("条例の基本的方針・目指す姿", "Ordinance policies and goals", "ORD-1.2"),
    "supports.PR": ("計画の理念", "Principles", "PR-2"),
    "supports.VIS": ("九つのビジョン", "The nine visions", "VIS-6"),
    "supports.GL": ("計画推進の指針", "Plan-promotion guidelines", "GL-4.1"),
    "supports.IV": ("新産業ビジョンのキーワード", "Industrial-vision keywords", "IV-2"),
    "supports.SDG": (
        "SDGs のゴール・ターゲット（番号だけでも可）",
        "SDG goals and targets (numbers alone will do)",
        "SDG-8.3, 11.2、目標8、SDG-8.10",
    ),
    "supports": ("その他の政策・目標の ID", "Ids of other frameworks", "DIR"),
    "depends_on": ("前提となる他の施策の ID", "Ids of measures this one depends on", "ECON-17"),
    "period.start": ("実施期間の最初の年度", "First fiscal year", "2024、令和6年度、R6"),
    "period.end": ("実施期間の最後の年度", "Last fiscal year", "2031、令和13年度"),
    "kpi.name": ("目標指標の名前", "Indicator name", "事業承継の成立件数"),
    "kpi.unit": ("単位（件、人、% など）", "Unit (件, 人, % …)", "件"),
    "kpi.baseline.year": ("現状値の年度", "Baseline year", "2022"),
    "kpi.baseline.value": ("現状値（数値のみ）", "Baseline value (a number)", "4"),
    "kpi.target.year": ("目標年度", "Target year", "2031"),
    "kpi.target.value": ("目標値（数値のみ）", "Target value (a number)", "1,200"),
    "kpi.id": (
        "指標の ID（任意。実績はこの ID で指標を指す。施策の中で一意）",
        "The KPI's id (optional; results name the KPI by it; unique within the measure)",
        "ECON-01.k1",
    ),
    "kpi.direction": (
        "目指す方向: 増加・減少・維持（任意。空なら現状値と目標値から決まる。increase、decrease、"
        "maintain も可）",
        "Direction: 増加 (increase), 減少 (decrease) or 維持 (maintain); optional, else the "
        "baseline and the target decide. The English words are read too",
        "減少",
    ),
    "kpi.milestones": (
        "年度目標（実施計画の年度ごとの目標値。任意）: 「年度:目標値」を「;」か「、」で区切る"
        "（令和8年度:1,200 とも書ける）",
        "Milestones, the implementation plan's yearly targets (optional): 'year:value', "
        "separated by ';' or '、' (令和8年度:1,200 is read too)",
        "2026:140; 2028:160",
    ),
    "kpi.contributes_to": (
        "この指標が貢献する成果指標の ID（成果指標ファイルの id。任意）",
        "The id of the plan-level indicator this KPI feeds (from the indicators file; optional)",
        "PP-6.i1",
    ),
    "kpi.type": (
        "指標の種別: 成果指標・活動指標（任意。outcome、activity も可）",
        "The KPI's type: 成果指標 (outcome) or 活動指標 (activity); optional",
        "成果指標",
    ),
    "kpi.tolerance": (
        "維持の指標の許容幅（%。任意。目標値の ±この% 以内なら維持。空なら設定の既定 5%）",
        "A maintain KPI's tolerance in percent (optional; within ± this of the target it holds; "
        "default the config's, 5)",
        "2",
    ),
    "impacts": (
        "影響の予測評価: 影響先の ID と評価を「:」でつなぎ「;」で区切る。評価は -3〜+3 の整数か"
        f"尺度の名前（{scale_text(True)}）",
        "Impact pre-assessment: the id of what is affected and the score joined by ':', "
        f"separated by ';'. A score is a whole number from -3 to +3 or a name of the scale "
        f"({scale_text(False)})",
        "SDG-7.2:+2; SDG-15.1:-1",
    ),
    "impacts.note": (
        '影響の説明: 影響ごとに1行「ID: 文」（複数行の文は "…" で囲む）',
        'Why: one line "id: text" per impact (a text of several lines in "…")',
        "SDG-15.1: 緑地が減る",
    ),
    "impacts.mitigation": (
        "緩和策: 影響ごとに1行「ID: 文」。-2 と -3 の影響には必要",
        'Mitigation: one line "id: text" per impact; needed for -2 and -3',
        "SDG-15.1: 屋上緑化を義務づける",
    ),
    "impacts.evidence": (
        "エビデンス（根拠資料・URL）: 影響ごとに1行「ID: 文」",
        'Evidence (a document or URL): one line "id: text" per impact',
        "SDG-15.1: https://example.org/report",
    ),
    "impacts.assessed_by": (
        "影響の評価者（人・会議体）: 影響ごとに1行「ID: 文」",
        'Who scored it (a person or a body): one line "id: text" per impact',
        "SDG-15.1: 環境審議会",
    ),
    "impacts.assessed_on": (
        "影響の評価日（YYYY-MM-DD）: 影響ごとに1行「ID: 日付」",
        'When it was scored (YYYY-MM-DD): one line "id: date" per impact',
        "SDG-15.1: 2026-04-01",
    ),
    "impacts.source": (
        "影響の出典（資料・会議）: 影響ごとに1行「ID: 文」",
        'Where the score comes from (a study or meeting): one line "id: text" per impact',
        "SDG-15.1: 第3回部会資料",
    ),
    "tags": ("タグ（「、」で区切る）", "Tags, separated by 、", "事業承継、中小企業"),
    "title_en": ("英語の施策名", "English title", "Business succession support"),
    "description": ("概要", "Description", ""),
    "file": (
        "書き出し元の施策ファイル（import --by file で使う）",
        "The measure file the row came from (used by import --by file)",
        "keizai-sangyo.yaml",
    ),
}


def _guide(sheet, table: MeasureSheet, bold, fill, wrapped) -> None:
    """What each column holds, on a sheet of its own (of a write-only workbook)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    from ..renderers.xlsx import StreamedSheet

    widths = [24, 48, 48, 30]
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "A2"

    def cells(values: list[Value], heading: bool = False) -> list:
        # Every row as wide as the sheet: the empty cells are wrapped too, as a sheet held
        # as cells styles every cell of its rows.
        made = []
        for value in [*values, *[None] * (len(widths) - len(values))]:
            cell = WriteOnlyCell(sheet, xlsx_value(value))
            if heading:
                cell.font, cell.fill = bold, fill
            else:
                cell.alignment = wrapped
            made.append(cell)
        return made

    streamed = StreamedSheet(sheet, [float(width) for width in widths])
    streamed.append(cells(["列 / Column", "内容", "Meaning", "例 / Example"], heading=True))
    for role, heading in zip(table.roles, table.headings, strict=True):
        if role.field == "kpi" and role.group > 1:
            continue
        streamed.append(cells([heading, *_GUIDE.get(role.key, ("", "", ""))]))
    streamed.append(cells([]))
    notes = (
        "ID は「、」「,」「・」や改行で区切って複数書けます。複数の目標指標は「指標名2」「単位2」…の"
        "列に書きます。読み込み: seta-align import ファイル.xlsx",
        "Separate several ids with 、 , ・ or line breaks. Further indicators go in the "
        "columns 指標名2, 単位2 … Read the sheet back with: seta-align import FILE.xlsx",
    )
    for note in notes:
        streamed.append(cells([note]))
    streamed.done()
