"""The 施策評価 sheet of the yearly results workbook: one row per measure, where its section
writes the year's 一次評価, 今後の方向性, 課題, 改善方法 and 評価者 (``export --results-template``
writes it; ``import --results`` reads it back into the results file's ``evaluations:``).

==================  ================================================================
``measure``         施策番号 (read)
``year``            年度 (read)
``self_grade``      一次評価: a grade of the config's evaluation scheme (read)
``outlook``         今後の方向性: 拡充・継続・改善・縮小・休止・廃止 (read)
``challenges``      課題 (read)
``improvements``    改善方法 (read)
``assessed_by``     評価者 (read)
``note``            備考 (read)
``ignore``          所管部, 所管課, 施策名: context the template shows
==================  ================================================================

A row whose cells to fill are all empty is not written. Each problem is an error at its cell,
as in the results sheets.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Text
from ..loading.normalise import OUTLOOK_WORDS, read_outlook
from . import cells
from .cells import At
from .columns import Role, header_key
from .notes import Notes, Place
from .table import Sheet, find_header

SHEET = "施策評価"
HEADINGS: dict[str, str] = {
    "owner": "所管部",
    "section": "所管課",
    "measure": "施策番号",
    "title": "施策名",
    "year": "年度",
    "self_grade": "一次評価",
    "outlook": "今後の方向性",
    "challenges": "課題",
    "improvements": "改善方法",
    "assessed_by": "評価者",
    "note": "備考",
}
# The columns the import reads; the others are context.
READ = ("measure", "year", "self_grade", "outlook", "challenges", "improvements", "assessed_by", "note")
FILLED_IN = ("self_grade", "outlook", "challenges", "improvements", "assessed_by", "note")
# Only an evaluation sheet has these: a sheet with one of them is never read as results.
OWN = ("self_grade", "outlook", "challenges", "improvements")
_ALIASES = {
    "measure": ("施策ID", "施策コード", "measure", "measure id"),
    "self_grade": ("自己評価", "一次評価（自己評価）", "self grade", "self-grade"),
    "outlook": ("今後の方向", "方向性", "outlook"),
    "challenges": ("課題・問題点", "問題点", "challenges", "issues"),
    "improvements": ("改善策", "改善の方法", "improvements"),
    "assessed_by": ("評価した課", "評価課", "assessed by"),
    "year": ("fiscal year", "year"),
    "note": ("note",),
}
_BY_HEADING: dict[str, str] = {}
for _key, _heading in HEADINGS.items():
    _BY_HEADING[header_key(_heading)] = _key
for _key, _names in _ALIASES.items():
    for _name in _names:
        _BY_HEADING.setdefault(header_key(_name), _key)


def evaluation_role(heading: object, _mapping: dict[str, Role] | None = None) -> Role | None:
    found = _BY_HEADING.get(header_key(heading))
    if found is None:
        return None
    return Role(found) if found in READ else Role("ignore")


def is_evaluation_sheet(sheet: Sheet) -> bool:
    """The 施策評価 sheet, or a sheet whose header has a column only an evaluation sheet has
    (課題, 一次評価 …) and none of a results sheet (実績値, 指標): a department's results sheet
    with a 課題 column stays a results sheet."""
    from .result_columns import result_role

    header = find_header(sheet, None, evaluation_role)
    if header is None or not any(role.field in OWN for role in header.roles.values()):
        return False
    if sheet.name.strip() == SHEET:
        return True
    results = find_header(sheet, None, result_role)
    return results is None or not any(
        role.field in ("value", "kpi", "kpi_id") for role in results.roles.values()
    )


class MeasureIds:
    """The draft's measure ids, read as people type them (any case, full width)."""

    def __init__(self, ids):
        from ..suggest import IdIndex

        self.ids = list(ids)
        self._folded = {identifier.casefold(): identifier for identifier in self.ids}
        self._index = IdIndex(self.ids)

    def resolve(self, written: str) -> str | None:
        from ..loading.normalise import normalise_id

        return self._folded.get(normalise_id(written).casefold())

    def suggest(self, written: str) -> str | None:
        return self._index.suggest(written)


@dataclass(slots=True)
class ImportedEvaluation:
    data: dict  # {measure, year, self_grade, outlook, challenges, improvements, assessed_by, note}
    place: Place  # the row's 施策番号 cell


def read_evaluations(sheets: list[Sheet], measures, scheme, notes: Notes) -> list[ImportedEvaluation]:
    """Every filled row of the evaluation sheets, checked: a measure of the draft (``measures``
    resolves an id as typed; did-you-mean otherwise), a year, an outlook word, a grade of
    ``scheme``."""
    found: list[ImportedEvaluation] = []
    first: dict[tuple[str, int], Place] = {}
    for sheet in sheets:
        if sheet.hidden or not is_evaluation_sheet(sheet):
            continue
        header = find_header(sheet, None, evaluation_role)
        columns = {role.field: column for column, role in header.roles.items() if role.field in READ}
        for number, row in sheet.rows:
            if number <= header.row:
                continue
            data = _row(sheet, header, columns, number, row, measures, scheme, notes)
            if data is None:
                continue
            place = Place(sheet.name, number, columns.get("measure"), header.headings.get(columns.get("measure")))
            key = (data["measure"], data["year"])
            if key in first:
                earlier = first[key]
                notes.error(
                    place,
                    Text(
                        f"施策 {key[0]} の {key[1]} 年度の施策評価は、すでに {earlier.sheet} 行{earlier.row} "
                        "にあります。",
                        f"Measure {key[0]} is already evaluated for FY{key[1]} at {earlier.sheet} "
                        f"row {earlier.row}.",
                    ),
                    Text("1つの行にまとめてください。", "Keep one row for it."),
                )
                continue
            first[key] = place
            found.append(ImportedEvaluation(data, place))
    return found


def _row(sheet, header, columns, number, row, measures, scheme, notes) -> dict | None:
    def at(key: str) -> At:
        column = columns.get(key)
        return At(Place(sheet.name, number, column, header.headings.get(column)), notes)

    def cell(key: str):
        column = columns.get(key)
        return row.get(column) if column is not None else None

    texts = {key: cells.text(cell(key)) for key in FILLED_IN}
    if not any(texts.values()):
        return None  # nothing written for this measure
    errors = len(notes.errors)
    measure = None
    written = cells.text(cell("measure"))
    if written is None:
        at("measure").error(
            Text("施策番号が空です。", "The measure's id (施策番号) is empty."),
            Text("評価する施策の ID を書いてください。", "Write the id of the measure evaluated."),
        )
    else:
        measure = measures.resolve(written)
        if measure is None:
            guess = measures.suggest(written)
            ja, en = (f"「{guess}」の誤りではありませんか？", f" Did you mean '{guess}'?") if guess else ("", "")
            at("measure").error(
                Text(f"施策「{written}」はありません。{ja}", f"There is no measure '{written}'.{en}")
            )
    year_cell = cell("year")
    year = cells.year(year_cell, at("year")) if year_cell is not None else None
    if year_cell is None:
        at("year").error(
            Text("「年度」が空です。", "The year (年度) is empty."),
            Text("評価の年度を書いてください（2025、令和7年度）。", "Write the fiscal year."),
        )
    outlook = None
    if texts["outlook"] is not None:
        outlook = read_outlook(texts["outlook"])
        if outlook is None:
            words = "・".join(dict.fromkeys(OUTLOOK_WORDS.values()))
            at("outlook").error(
                Text(
                    f"「{texts['outlook']}」は今後の方向性として読めません。",
                    f"Cannot read '{texts['outlook']}' as an outlook.",
                ),
                Text(f"次のどれかを書いてください: {words}", f"Write one of: {words}"),
            )
    grade = None
    if texts["self_grade"] is not None:
        key = scheme.key_of(texts["self_grade"])
        if key is None:
            labels = "、".join(g.label("ja") for g in scheme.grades)
            labels_en = ", ".join(g.label("en") for g in scheme.grades)
            at("self_grade").error(
                Text(
                    f"一次評価「{texts['self_grade']}」は評価の方式にない評価です。",
                    f"Self-grade '{texts['self_grade']}' is not a grade of the evaluation scheme.",
                ),
                Text(f"使える評価: {labels}", f"Grades: {labels_en}"),
            )
        else:
            # Written as the scheme's label in Japanese, which reads back as the same grade.
            grade = scheme.label(key, "ja")
    if len(notes.errors) > errors:
        return None
    data: dict = {"measure": measure, "year": year}
    for key, value in (
        ("challenges", texts["challenges"]),
        ("improvements", texts["improvements"]),
        ("outlook", outlook),
        ("self_grade", grade),
        ("assessed_by", texts["assessed_by"]),
        ("note", texts["note"]),
    ):
        if value is not None:
            data[key] = value
    return data
