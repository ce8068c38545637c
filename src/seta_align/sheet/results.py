"""Results sheets (行政評価の実績) into results records, checked against the draft.

Each department fills in a sheet — the template ``export --results-template`` writes, or one of
its own: a title row above the headings, headings merged over two rows, several department
sheets in one workbook. Every sheet with a results header is read (``--sheet`` reads one).
A row names a measure and one of its KPIs (施策番号 with 指標ID or 指標名; a measure with one
KPI needs neither), or a plan-level indicator (指標ID, no 施策番号), a fiscal year and a value.

What a value may be, and what it is read as:

- a number as people type it: ``1200``, ``1,200``, ``１２００``, ``△5``; with the KPI's own unit
  after it (``1200件`` for a KPI in 件) the unit is taken off and said; any other unit is an
  error (``1200人`` for a KPI in 件);
- ``—``, ``-``, ``－``, ``未集計``, ``未測定``: not reported this year (``value: null``), the word
  kept as the note when 備考 is empty;
- empty: nothing to report, the row is not written — unless 備考 says something, which is then
  written with ``value: null``.

A blank 施策番号 or 年度 right under a filled one continues it (a cell merged down over the
rows of a measure's KPIs), said at the cell. Every problem is placed at its sheet, row and
column; an unknown measure or KPI has a did-you-mean; one KPI and year twice with different
values is an error naming both cells.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..analysis.progress import kpi_name_key
from ..i18n import Text
from ..suggest import IdIndex
from . import cells
from .cells import At, text
from .columns import Role
from .notes import Notes, Place, column_letter
from .result_columns import HEADINGS, known_result_headings, result_role
from .rows import is_remark
from .table import (
    Cell,
    Header,
    Sheet,
    SheetError,
    find_header,
    named_sheet,
    read_hidden,
    uncomputed,
)

if TYPE_CHECKING:
    from ..measure_records import Measure
    from ..models import Indicator

# Values that say "no result this year" (compared after NFKC: full-width － is -).
NOT_REPORTED_MARKS = frozenset({"-", "--", "—", "―", "–", "‐", "−", "ー"})
NOT_REPORTED_WORDS = frozenset({"未集計", "未測定", "未報告", "集計中", "調査中", "n/a", "na"})
# A number followed by something that is not part of it: 「128人」.
_NUMBER_THEN_UNIT = re.compile(r"^[+\-△▲]?[0-9][0-9,.]*(?P<unit>[^0-9,.].*)$")
_VALUE_HINT = Text(
    "数値だけを書いてください（1200、1,200、１２００）。実績がなければ「—」か「未集計」と書き、"
    "理由を備考に書きます。",
    "Write the number alone (1200, 1,200, １２００). When there is no result, write — or "
    "未集計 and say why in 備考 (note).",
)
_HEADER_HINT = Text(
    "見出し行に「施策番号」（または「指標ID」）「年度」「実績値」の列を用意してください。",
    "Give the header row the columns 施策番号 (measure, or 指標ID), 年度 (year) and 実績値 "
    "(value).",
)


# --- What results may name: the draft's measures, their KPIs, the plan-level indicators -------


@dataclass(frozen=True, slots=True)
class Measured:
    """A KPI of a measure, or a plan-level indicator: what a row may report on."""

    key: str  # the KPI's id, else its name; the indicator's id
    name: str
    unit: str
    measure: str | None = None  # None for a plan-level indicator


@dataclass(slots=True)
class ResultTargets:
    measures: dict[str, str]  # casefolded id -> the id
    kpis: dict[str, list[Measured]]  # measure id -> its KPIs
    indicators: list[Measured]
    index: IdIndex

    @classmethod
    def of(cls, measures: Iterable[Measure], indicators: Iterable[Indicator]) -> ResultTargets:
        ids: dict[str, str] = {}
        kpis: dict[str, list[Measured]] = {}
        for measure in measures:
            ids.setdefault(measure.id.casefold(), measure.id)
            kpis.setdefault(measure.id, []).extend(
                Measured(kpi.key(), kpi.name, kpi.unit, measure.id) for kpi in measure.kpis
            )
        found = [Measured(item.id, item.name, item.unit) for item in indicators]
        return cls(ids, kpis, found, IdIndex(list(ids.values())))

    def kpi_with_id(self, wanted: str) -> Measured | None:
        """The one KPI of the whole draft whose id this is (a row without 施策番号)."""
        key = kpi_name_key(wanted)
        found = [
            kpi
            for own in self.kpis.values()
            for kpi in own
            if kpi.key != kpi.name and kpi_name_key(kpi.key) == key
        ]
        return found[0] if len(found) == 1 else None


def _lookup(items: list[Measured], wanted: str) -> Measured | None:
    """A KPI by its id or its name, as results name them (any case, full width)."""
    key = kpi_name_key(wanted)
    return next(
        (item for item in items if kpi_name_key(item.key) == key or kpi_name_key(item.name) == key),
        None,
    )


def _guess(items: list[Measured], wanted: str) -> str | None:
    choices = {kpi_name_key(item.name): item.name for item in items}
    choices.update({kpi_name_key(item.key): item.key for item in items})
    close = difflib.get_close_matches(kpi_name_key(wanted), list(choices), n=1, cutoff=0.6)
    return choices[close[0]] if close else None


def _did_you_mean(guess: str | None) -> Text | None:
    if guess is None:
        return None
    return Text(f"「{guess}」の誤りではありませんか？", f"Did you mean '{guess}'?")


# --- The sheets and their headers ------------------------------------------------------------


@dataclass(slots=True)
class ResultTable:
    sheet: Sheet
    header: Header
    roles: dict[int, Role]  # the columns that are read

    def column(self, name: str) -> int | None:
        return next((c for c, role in self.roles.items() if role.field == name), None)


def choose_result_sheets(
    sheets: list[Sheet], wanted: str | None, notes: Notes
) -> list[ResultTable]:
    """The sheet ``--sheet`` names, else every visible sheet with a results header (a hidden
    one only when no visible sheet has one, and then said). Their columns are checked: any
    problem is an error in ``notes``."""
    if wanted is not None:
        chosen = named_sheet(sheets, wanted)
        header = find_header(chosen, None, result_role)
        if header is None:
            raise _no_header(chosen, single=True)
        if chosen.hidden:
            read_hidden(chosen, notes, Text("実績の見出し行", "a results header"))
        return [ResultTable(chosen, header, result_columns(chosen, header, notes))]
    from .evaluations import is_evaluation_sheet

    # The measures' evaluations (施策評価) have a sheet of their own (sheet/evaluations.py).
    sheets = [sheet for sheet in sheets if not is_evaluation_sheet(sheet)] or sheets
    found = [(sheet, find_header(sheet, None, result_role)) for sheet in sheets]
    visible = [(sheet, header) for sheet, header in found if header and not sheet.hidden]
    hidden = [(sheet, header) for sheet, header in found if header and sheet.hidden]
    if not visible and not hidden:
        raise _no_header(sheets[0], single=len(sheets) == 1)
    if visible:
        for sheet, _header in hidden:
            notes.warning(
                Place(sheet.name),
                Text(
                    f"シート「{sheet.name}」は非表示のため読みません。",
                    f"Sheet '{sheet.name}' is hidden and is not read.",
                ),
                Text(
                    "読むには、シートを再表示するか --sheet で選んでください。",
                    "To read it, unhide the sheet or choose it with --sheet.",
                ),
            )
        chosen = visible
    else:
        for sheet, _header in hidden:
            read_hidden(sheet, notes, Text("実績の見出し行", "a results header"))
        chosen = hidden
    for sheet, header in found:
        if header is None:
            notes.info(
                Place(sheet.name),
                Text(
                    f"シート「{sheet.name}」には実績の見出し行がないため読みません。",
                    f"Sheet '{sheet.name}' has no results header and is not read.",
                ),
            )
    return [
        ResultTable(sheet, header, result_columns(sheet, header, notes))
        for sheet, header in chosen
        if header is not None
    ]


def _no_header(sheet: Sheet, single: bool) -> SheetError:
    notes = Notes()
    expected = "、".join(HEADINGS[key] for key in ("measure", "kpi", "year", "value", "note"))
    notes.error(
        Place(sheet.name if single else sheet.file),
        Text(
            f"実績の見出し行が見つかりません（最初の 30 行に「{expected}」などの見出しがありません）。",
            f"No results header found: none of the first 30 rows has headings such as {expected}.",
        ),
        _HEADER_HINT,
    )
    return SheetError(notes)


def result_columns(sheet: Sheet, header: Header, notes: Notes) -> dict[int, Role]:
    """The columns to read. A read column named twice and a missing required column are errors
    of the header row; unknown headings and values under no heading are info lines."""
    place = Place(sheet.name, header.row)
    used = {column for number, row in sheet.rows if number > header.row for column in row}
    for column in sorted(used - set(header.headings)):
        notes.info(
            place.at(column),
            Text("見出しのない列は読みません。", "A column without a heading is not read."),
        )
    for column, heading in sorted(header.headings.items()):
        if column in header.roles:
            continue
        guess = difflib.get_close_matches(heading, known_result_headings(), n=1, cutoff=0.6)
        notes.info(
            place.at(column, heading),
            Text(
                "この列は読みません（知らない見出しです）。",
                "This column is not read (unknown heading).",
            ),
            _did_you_mean(guess[0]) if guess else None,
        )
    roles: dict[int, Role] = {}
    first: dict[str, int] = {}
    for column, role in sorted(header.roles.items()):
        if role.field == "ignore":
            continue
        if role.field in first:
            notes.error(
                place.at(column, header.headings.get(column)),
                Text(
                    f"列{column_letter(first[role.field])}と同じ項目（{HEADINGS[role.field]}）の"
                    "列がもう一つあります。",
                    f"A second column for the same item ({HEADINGS[role.field]}) as column "
                    f"{column_letter(first[role.field])}.",
                ),
                Text(
                    "どちらかの見出しを変えるか、列を削除してください。",
                    "Rename one of the headings or delete one column.",
                ),
            )
            continue
        first[role.field] = column
        roles[column] = role
    missing = [key for key in ("year", "value") if key not in first]
    if "measure" not in first and "kpi_id" not in first:
        missing.insert(0, "measure")
    for key in missing:
        notes.error(
            place,
            Text(
                f"見出し行（行{header.row}）に必須の列「{HEADINGS[key]}」がありません。",
                f"The header row (row {header.row}) has no column '{HEADINGS[key]}', which is "
                "required.",
            ),
            _HEADER_HINT,
        )
    return roles


# --- The rows --------------------------------------------------------------------------------


@dataclass(slots=True)
class ImportedResult:
    data: dict  # {measure, kpi, year, value, note} or {indicator, year, value, note}
    place: Place  # the 実績値 cell (or 備考, when only a note was given)
    subject: Measured

    @property
    def label(self) -> Text:
        """How messages name the KPI: ``ECON-01「創業件数」``."""
        owner = self.subject.measure or self.subject.key
        return Text(f"{owner}「{self.subject.name}」", f"{owner} '{self.subject.name}'")

    @property
    def sheet(self) -> str:
        return self.place.sheet

    @property
    def row(self) -> int:
        return self.place.row or 0


@dataclass(slots=True)
class SheetResults:
    tables: list[ResultTable]
    results: list[ImportedResult] = field(default_factory=list)
    rows_read: int = 0
    # Rows with neither a value nor a note: nothing to report, not written.
    empty: int = 0
    # Rows that said the same as an earlier one, written once.
    repeated: int = 0

    @property
    def years(self) -> list[int]:
        return sorted({item.data["year"] for item in self.results})


@dataclass(slots=True)
class _Value:
    number: int | float | None = None  # None: not reported (—, 未集計, or an empty cell)
    word: str | None = None  # 未集計 …, kept as the note when 備考 is empty


class _Row:
    """One row's read cells by field, and where each is."""

    def __init__(self, table: ResultTable, number: int, row_cells: dict[int, Cell], notes: Notes):
        self.table = table
        self.number = number
        self.notes = notes
        self.cells: dict[str, tuple[int, Cell]] = {
            role.field: (column, row_cells[column])
            for column, role in table.roles.items()
            if column in row_cells
        }

    def at(self, name: str) -> At:
        column = self.table.column(name)
        heading = self.table.header.headings.get(column) if column is not None else None
        return At(Place(self.table.sheet.name, self.number, column, heading), self.notes)

    def cell(self, name: str) -> Cell | None:
        entry = self.cells.get(name)
        return entry[1] if entry else None


def read_results(tables: list[ResultTable], targets: ResultTargets, notes: Notes) -> SheetResults:
    """The results of every table's rows; each problem is an error at its cell in ``notes``."""
    result = SheetResults(tables)
    first: dict[tuple[str, str, int], ImportedResult] = {}
    for table in tables:
        sheet, header = table.sheet, table.header
        for number, column, formula in sheet.uncomputed:
            if number > header.row and column in table.roles:
                heading = header.headings.get(column)
                uncomputed(Place(sheet.name, number, column, heading), formula, notes)
        # What the row above gave (row number, cell): a blank under it continues it.
        above: dict[str, tuple[int, Cell] | None] = {"measure": None, "year": None}
        for number, row_cells in table.sheet.rows:
            if number <= table.header.row:
                continue
            place = Place(table.sheet.name, number)
            if is_remark(row_cells):
                notes.info(
                    place,
                    Text("注記の行を読み飛ばしました。", "Skipped a row that is a remark (※, 注)."),
                )
                continue
            row_notes = Notes()
            row = _Row(table, number, row_cells, row_notes)
            if not row.cells:
                continue  # only context columns (a subtotal, a heading of a group)
            result.rows_read += 1
            continued = {
                name: entry[1]
                for name, entry in above.items()
                if name not in row.cells and entry is not None and entry[0] == number - 1
            }
            for name in above:
                cell = row.cell(name) or continued.get(name)
                above[name] = (number, cell) if cell is not None else None
            item = _read_row(row, continued, targets, result)
            notes.extend(row_notes)
            if item is None:
                continue
            if item.data.get("indicator") is not None:
                above["measure"] = None  # rows under an indicator do not continue a measure
            subject = item.data.get("indicator") or item.data["measure"]
            key = (subject.casefold(), item.data.get("kpi", ""), item.data["year"])
            earlier = first.get(key)
            if earlier is None:
                first[key] = item
                result.results.append(item)
            elif _same(earlier, item, notes):
                result.repeated += 1
    return result


def _read_row(
    row: _Row, continued: dict[str, Cell], targets: ResultTargets, result: SheetResults
) -> ImportedResult | None:
    note = text(row.cell("note"))
    value_cell = row.cell("value")
    if value_cell is None and note is None:
        result.empty += 1
        return None
    subject = _subject(row, continued, targets)
    year_cell = row.cell("year") or continued.get("year")
    year = None
    if year_cell is None:
        row.at("year").error(
            Text("「年度」が空です。", "The year (年度) is empty."),
            Text(
                "実績の年度を書いてください（2025、令和7年度）。",
                "Write the fiscal year (2025, 令和7年度).",
            ),
        )
    else:
        if row.cell("year") is None:
            _say_continued(row.at("year"), year_cell, row.number)
        year = cells.year(year_cell, row.at("year"))
    if subject is None:
        return None  # the value is read against the KPI's unit: only once the KPI is known
    value = _value(value_cell, subject.unit, row.at("value"))
    if year is None or value is None or row.notes.errors:
        return None
    data: dict = (
        {"measure": subject.measure, "kpi": subject.key}
        if subject.measure is not None
        else {"indicator": subject.key}
    )
    data["year"] = year
    data["value"] = value.number
    chosen_note = note if note is not None else value.word
    if chosen_note is not None:
        data["note"] = chosen_note
    place = row.at("value" if value_cell is not None else "note").place
    return ImportedResult(data, place, subject)


def _say_continued(at: At, cell: Cell, number: int) -> None:
    at.info(
        Text(
            f"空のセルを上の行（行{number - 1}）の「{text(cell)}」の続き（縦に結合したセル）として"
            "読みました。",
            f"Read the empty cell as '{text(cell)}' of the row above (row {number - 1}), a cell "
            "merged down.",
        )
    )


def _subject(row: _Row, continued: dict[str, Cell], targets: ResultTargets) -> Measured | None:
    """The KPI (or plan-level indicator) a row reports on; None after an error."""
    id_text = text(row.cell("kpi_id"))
    name_text = text(row.cell("kpi"))
    measure_cell = row.cell("measure")
    if measure_cell is None:
        for wanted in (id_text, name_text):
            if wanted is None:
                continue
            indicator = _lookup(targets.indicators, wanted)
            if indicator is not None:
                return indicator
        if id_text is not None and (kpi := targets.kpi_with_id(id_text)) is not None:
            return _kpi(row, kpi.measure or "", targets, id_text, name_text)
        if "measure" in continued:
            measure_cell = continued["measure"]
            _say_continued(row.at("measure"), measure_cell, row.number)
        else:
            known = "、".join(item.key for item in targets.indicators[:5])
            row.at("measure").error(
                Text("「施策番号」が空です。", "The measure (施策番号) is empty."),
                Text(
                    "施策の ID を書いてください（例: ECON-01）。成果指標なら「指標ID」に成果指標の ID"
                    + (f"（{known}）" if known else "")
                    + "を書きます。",
                    "Write the measure's id (e.g. ECON-01); for a plan-level indicator, write its "
                    "id in 指標ID" + (f" ({known.replace('、', ', ')})" if known else "") + ".",
                ),
            )
            return None
    at = row.at("measure")
    written = cells.single_id(measure_cell, at)
    if written is None:
        return None
    measure = targets.measures.get(written.casefold())
    if measure is None:
        at.error(
            Text(f"施策「{written}」はありません。", f"There is no measure '{written}'."),
            _did_you_mean(targets.index.suggest(written))
            or Text(
                "施策ファイルのとおりに施策の ID を書いてください。",
                "Write the measure's id as its measure file has it.",
            ),
        )
        return None
    return _kpi(row, measure, targets, id_text, name_text)


def _kpi(
    row: _Row, measure: str, targets: ResultTargets, id_text: str | None, name_text: str | None
) -> Measured | None:
    own = targets.kpis.get(measure, [])
    by_id = _lookup(own, id_text) if id_text is not None else None
    by_name = _lookup(own, name_text) if name_text is not None else None
    names = "、".join(item.name for item in own)
    listed = Text(
        f"{measure} の指標: {names}", f"The KPIs of {measure}: {names.replace('、', ', ')}"
    )
    if id_text is not None and by_id is None:
        row.at("kpi_id").error(
            Text(
                f"施策 {measure} に指標ID「{id_text}」の指標はありません。",
                f"Measure {measure} has no KPI with the id '{id_text}'.",
            ),
            _did_you_mean(_guess(own, id_text)) or listed,
        )
        return None
    if name_text is not None and by_name is None:
        if by_id is None:
            row.at("kpi").error(
                Text(
                    f"施策 {measure} に指標「{name_text}」はありません。",
                    f"Measure {measure} has no KPI '{name_text}'.",
                ),
                _did_you_mean(_guess(own, name_text)) or listed,
            )
            return None
        row.at("kpi").warning(
            Text(
                f"指標名「{name_text}」は、指標ID {by_id.key} の指標名「{by_id.name}」と違います。"
                "指標ID で読みました。",
                f"The KPI name '{name_text}' is not the name of {by_id.key}, '{by_id.name}'; "
                "read by the id.",
            )
        )
        return by_id
    if by_id is not None and by_name is not None and by_id != by_name:
        row.at("kpi").error(
            Text(
                f"指標ID「{id_text}」と指標名「{name_text}」が別の指標を指しています。",
                f"The KPI id '{id_text}' and the KPI name '{name_text}' name different KPIs.",
            ),
            Text(
                "どちらかを直してください（指標ID を空にすると指標名で読みます）。",
                "Correct one of them (with an empty 指標ID the name is used).",
            ),
        )
        return None
    if by_id is not None or by_name is not None:
        return by_id or by_name
    if len(own) == 1:
        return own[0]
    if not own:
        row.at("measure").error(
            Text(f"施策 {measure} には目標指標がありません。", f"Measure {measure} has no KPI."),
            Text(
                "施策ファイルに kpis を書くか、この行を消してください。",
                "Give the measure kpis in its file, or delete the row.",
            ),
        )
        return None
    row.at("kpi").error(
        Text(
            f"施策 {measure} には指標が複数あるため、指標名か指標ID が必要です。",
            f"Measure {measure} has several KPIs: give the KPI's name or id.",
        ),
        listed,
    )
    return None


def _value(cell: Cell | None, unit: str | None, at: At) -> _Value | None:
    """The 実績値 cell; None after an error."""
    if cell is None:
        return _Value()
    if cells.excel_error(cell, at):
        return None
    shown = text(cell) or ""
    number_cell = cell
    stripped_unit = None
    if isinstance(cell.value, str):
        normal = unicodedata.normalize("NFKC", shown).strip()
        if normal in NOT_REPORTED_MARKS:
            return _Value()
        if normal.casefold() in NOT_REPORTED_WORDS:
            return _Value(word=shown)
        compact = normal.replace(" ", "")
        own_unit = unicodedata.normalize("NFKC", unit).replace(" ", "") if unit else None
        if own_unit and compact.endswith(own_unit) and len(compact) > len(own_unit):
            number_cell = Cell(compact[: -len(own_unit)])
            stripped_unit = own_unit
        elif (found := _NUMBER_THEN_UNIT.match(compact)) is not None:
            written = found.group("unit")
            at.error(
                Text(
                    f"「{shown}」の「{written}」は、この指標の単位「{unit}」ではありません。",
                    f"'{written}' in '{shown}' is not this KPI's unit, '{unit}'.",
                )
                if unit
                else Text(f"「{shown}」は数値ではありません。", f"'{shown}' is not a number."),
                _VALUE_HINT,
            )
            return None
    scratch = Notes()
    number = cells.number(number_cell, At(at.place, scratch), None)
    if number is None:
        at.error(
            Text(f"「{shown}」は数値ではありません。", f"'{shown}' is not a number."),
            _VALUE_HINT,
        )
        return None
    at.notes.extend(scratch)
    if stripped_unit is not None:
        at.info(
            Text(
                f"「{shown}」から単位「{stripped_unit}」を除いて {number} と読みました。",
                f"Read '{shown}' as {number}, without its unit '{stripped_unit}'.",
            )
        )
    return _Value(number=number)


def _same(earlier: ImportedResult, later: ImportedResult, notes: Notes) -> bool:
    """A second row for the same KPI and year: the same value is written once; another value
    (or another note) is an error naming both cells."""
    data, what = later.data, later.label
    year = data["year"]
    first_place, place = earlier.place, later.place
    first_value, value = earlier.data["value"], data["value"]
    first_note, note = earlier.data.get("note"), data.get("note")
    if first_value == value and (first_note == note or note is None or first_note is None):
        if first_note is None and note is not None:
            earlier.data["note"] = note
        notes.info(
            place,
            Text(
                f"{what.ja}の {year} 年度の実績は {first_place.describe('ja')} と同じです"
                "（1件として書き出します）。",
                f"The FY{year} result of {what.en} is the same as at "
                f"{first_place.describe('en')} (written once).",
            ),
        )
        return True
    if first_value == value:
        first_shown, shown = (
            Text(f"「{first_note}」", f"'{first_note}'"),
            Text(f"「{note}」", f"'{note}'"),
        )
        kind = Text("備考", "notes")
    else:
        first_shown = Text(_shown(first_value), _shown(first_value))
        shown = Text(_shown(value), _shown(value))
        kind = Text("実績", "results")
    notes.error(
        place,
        Text(
            f"{what.ja}の {year} 年度の{kind.ja}が2つあり、違います: {first_shown.ja}"
            f"（{first_place.describe('ja')}）と {shown.ja}（{place.describe('ja')}）。",
            f"{what.en} has two different FY{year} {kind.en}: {first_shown.en} at "
            f"{first_place.describe('en')} and {shown.en} at {place.describe('en')}.",
        ),
        Text(
            "正しい方を残し、もう一方の行を消してください。",
            "Keep the right one and delete the other row.",
        ),
    )
    return False


def _shown(value: int | float | None) -> str:
    return "—" if value is None else str(value)
