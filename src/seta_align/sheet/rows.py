"""Rows of a sheet into measures, validated with the same model as the measure files.

A row with any error is left out as a whole (``--partial`` writes the others); an id the
framework does not know is only a warning here — the row is written, and ``seta-align check``
reports it with the file and line, as it would for a file written by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import ValidationError

from ..analysis.references import fold
from ..i18n import Text
from ..loading.normalise import normalise_id
from ..models import Measure
from ..suggest import IdIndex
from ..vocabulary import ID_PATTERN
from . import cells, impacts
from .cells import At, Resolver
from .columns import IMPACT_PARTS, KPI_PARTS, Role, header_key, heading_of
from .notes import Notes, Place, column_letter
from .table import Cell, Header, Sheet

if TYPE_CHECKING:
    from ..loading.framework import Framework


@dataclass(slots=True)
class ImportedMeasure:
    row: int
    data: dict  # the measure as a YAML file holds it, keys in the documented order
    measure: Measure
    file: str | None = None  # the ファイル column: where the export found it
    links: int = 0  # ids read into supports
    dependencies: int = 0  # ids read into depends_on


@dataclass(slots=True)
class SheetMeasures:
    sheet: Sheet
    header: Header
    measures: list[ImportedMeasure] = field(default_factory=list)
    bad_rows: list[int] = field(default_factory=list)
    rows_read: int = 0


class _Row:
    """One row's cells by role, and where each came from."""

    def __init__(self, number: int, sheet: Sheet, header: Header, notes: Notes):
        self.number = number
        self.sheet = sheet
        self.header = header
        self.notes = notes
        self.single: dict[str, tuple[int, Cell]] = {}
        self.lists: dict[str, list[tuple[int, Role, Cell]]] = {}
        self.kpis: dict[int, dict[str, tuple[int, Cell]]] = {}

    def at(self, column: int | None) -> At:
        heading = self.header.headings.get(column) if column is not None else None
        return At(Place(self.sheet.name, self.number, column, heading), self.notes)

    def column_of(self, role: Role) -> int | None:
        for column, found in self.header.roles.items():
            if found == role:
                return column
        return None


def read_measures(
    sheet: Sheet,
    header: Header,
    roles: dict[int, Role],
    framework: Framework,
    notes: Notes,
) -> SheetMeasures:
    result = SheetMeasures(sheet, header)
    header.roles = roles
    id_column = next((c for c, r in roles.items() if r.field == "id"), None)
    # The sheet's own measure ids, to settle how depends_on spells them.
    measure_ids = Resolver(
        identifier
        for _number, row_cells in sheet.rows
        if _number > header.row and id_column in row_cells
        for identifier in [cells.single_id(row_cells[id_column], At(Place(""), Notes()))]
        if identifier
    )
    node_ids = Resolver(framework.nodes)
    node_index = IdIndex(framework.nodes)
    # An impact is on a framework node or on another measure of the sheet.
    targets = Targets(
        Resolver([*framework.nodes, *measure_ids.ids]),
        IdIndex([*framework.nodes, *measure_ids.ids]),
    )
    heading_keys = {c: header_key(h) for c, h in header.headings.items()}
    seen: dict[str, int] = {}

    for number, row_cells in sheet.rows:
        if number <= header.row:
            continue
        mapped = {column: cell for column, cell in row_cells.items() if column in roles}
        place = Place(sheet.name, number)
        if is_remark(row_cells):
            notes.info(
                place,
                Text("注記の行を読み飛ばしました。", "Skipped a row that is a remark (※, 注)."),
            )
            continue
        if not mapped:
            notes.info(
                place,
                Text(
                    "読む列がすべて空の行を読み飛ばしました。",
                    "Skipped a row whose columns that are read are all empty.",
                ),
            )
            continue
        if all(
            isinstance(cell.value, str) and header_key(cell.value) == heading_keys.get(column)
            for column, cell in mapped.items()
        ):
            notes.info(
                place,
                Text("見出し行の繰り返しを読み飛ばしました。", "Skipped a repeated header row."),
            )
            continue
        result.rows_read += 1
        row_notes = Notes()
        row = _Row(number, sheet, header, row_notes)
        for column, cell in sorted(mapped.items()):
            if cells.excel_error(cell, row.at(column)):
                continue
            role = roles[column]
            if role.field == "kpi":
                row.kpis.setdefault(role.group, {})[role.part or ""] = (column, cell)
            elif role.is_list:
                row.lists.setdefault(role.field, []).append((column, role, cell))
            else:
                row.single[role.key] = (column, cell)
        imported = _measure(row, framework, node_ids, node_index, measure_ids, targets)
        notes.extend(row_notes)
        if imported is not None and not row_notes.errors:
            first = seen.get(fold(imported.measure.id))  # ids are case-insensitive
            if first is not None:
                column = row.single["id"][0]
                notes.error(
                    row.at(column).place,
                    Text(
                        f"施策ID「{imported.measure.id}」は行{first}と重複しています。",
                        f"The measure id '{imported.measure.id}' is also in row {first}.",
                    ),
                    Text(
                        "施策IDはすべての施策で一意にしてください。",
                        "Measure ids must be unique across all measures.",
                    ),
                )
                imported = None
            else:
                seen[fold(imported.measure.id)] = number
        if imported is None or row_notes.errors:
            result.bad_rows.append(number)
        else:
            result.measures.append(imported)
    return result


_REMARK = re.compile(r"^\s*([※*＊]|[(（]?注[0-9０-９]*[)）:：\s])")


def is_remark(row_cells: dict[int, Cell]) -> bool:
    """A note under the table (「※ 数値は見込み」): one text cell that starts like a remark."""
    if len(row_cells) != 1:
        return False
    (cell,) = row_cells.values()
    return isinstance(cell.value, str) and bool(_REMARK.match(cell.value))


def _required(row: _Row, key: str) -> tuple[int | None, Cell | None]:
    column, cell = row.single.get(key, (None, None))
    if cell is None:
        role = Role(*key.split(".", 1)) if "." in key else Role(key)
        column = row.column_of(role)
        name = heading_of(role)
        row.at(column).error(
            Text(f"必須の「{name}」が空です。", f"'{name}' ({key}) is required but empty."),
        )
    return column, cell


@dataclass(frozen=True, slots=True)
class Targets:
    """What an impact may be on: the framework's nodes and the sheet's measures."""

    ids: Resolver
    index: IdIndex


def _measure(
    row: _Row,
    framework: Framework,
    node_ids: Resolver,
    node_index: IdIndex,
    measure_ids: Resolver,
    targets: Targets,
) -> ImportedMeasure | None:
    data: dict = {}
    column, cell = _required(row, "id")
    if cell is not None:
        data["id"] = cells.single_id(cell, row.at(column))
    column, cell = _required(row, "title")
    if cell is not None:
        data["title"] = cells.text(cell)
    for key in ("title_en", "description", "section"):
        value = cells.text(row.single[key][1]) if key in row.single else None
        if value is not None:
            data[key] = value
    column, cell = _required(row, "owner")
    if cell is not None:
        data["owner"] = cells.owner(cell, row.at(column))
    column, cell = _required(row, "field")
    if cell is not None:
        data["field"] = _field(cell, row.at(column), framework)

    supports: list[str] = []
    for column, role, cell in row.lists.get("supports", []):
        found = cells.id_list(cell, row.at(column), role.part, node_ids)
        if found is None:
            continue
        for identifier in found:
            if identifier not in node_ids:
                _unknown_node(identifier, row.at(column), node_index)
        supports.extend(found)
    supports = list(dict.fromkeys(supports))
    data["supports"] = supports

    kpis = [kpi for group in sorted(row.kpis) if (kpi := _kpi(row, group)) is not None]
    if kpis:
        data["kpis"] = kpis

    depends: list[str] = []
    for column, _role, cell in row.lists.get("depends_on", []):
        found = cells.id_list(cell, row.at(column), None, measure_ids, allow_numbers=False)
        depends.extend(found or [])
    if depends:
        data["depends_on"] = list(dict.fromkeys(depends))

    start = row.single.get("period.start")
    end = row.single.get("period.end")
    if start or end:
        years = {}
        for key, found, other in (("start", start, "end"), ("end", end, "start")):
            if found is None:
                missing = Role("period", key)
                row.at(row.column_of(missing)).error(
                    Text(
                        f"「{heading_of(Role('period', other))}」があるのに"
                        f"「{heading_of(missing)}」が空です。",
                        f"'{heading_of(missing)}' (period.{key}) is empty while "
                        f"'{heading_of(Role('period', other))}' is given.",
                    ),
                    Text(
                        "開始年度と終了年度を両方書くか、両方空けてください。",
                        "Give both the first and the last year, or neither.",
                    ),
                )
            else:
                years[key] = cells.year(found[1], row.at(found[0]))
        if len(years) == 2 and None not in years.values():
            if years["end"] < years["start"]:
                row.at(end[0]).error(
                    Text(
                        f"終了年度 {years['end']} が開始年度 {years['start']} より前です。",
                        f"The last year {years['end']} is before the first year {years['start']}.",
                    )
                )
            else:
                data["period"] = {"start": years["start"], "end": years["end"]}

    tags: list[str] = []
    for _column, _role, cell in row.lists.get("tags", []):
        tags.extend(cells.tags(cell))
    if tags:
        data["tags"] = list(dict.fromkeys(tags))

    assessed = _impacts(row, targets)
    if assessed:
        data["impacts"] = assessed

    file = None
    if "file" in row.single:
        column, cell = row.single["file"]
        file = measure_file_name(cells.text(cell), row.at(column))

    if row.notes.errors:
        return None
    if not data["supports"]:
        del data["supports"]
    try:
        measure = Measure.model_validate(data)
    except ValidationError as error:
        for problem in error.errors():
            column = _column_for(row, problem["loc"])
            row.at(column).error(
                Text(
                    f"値が正しくありません: {problem['msg']}",
                    f"Invalid value: {problem['msg']}",
                )
            )
        return None
    return ImportedMeasure(
        row.number,
        data,
        measure,
        file,
        links=len(measure.supports),
        dependencies=len(measure.depends_on),
    )


def _column_for(row: _Row, loc: tuple) -> int | None:
    if not loc:
        return None
    if loc[0] == "kpis" and len(loc) >= 3 and isinstance(loc[1], int):
        part = ".".join(str(p) for p in loc[2:4])  # baseline.year …
        if part not in KPI_PARTS:  # id, milestones (with the year after it) …
            part = str(loc[2]) if loc[2] in KPI_PARTS else "name"
        group = sorted(row.kpis)[loc[1]] if loc[1] < len(row.kpis) else 1
        return row.column_of(Role("kpi", part, group))
    if loc[0] == "period":
        return row.column_of(Role("period", "end"))
    if loc[0] == "impacts":
        part = loc[2] if len(loc) >= 3 and loc[2] in IMPACT_PARTS else None
        found = row.single.get(Role("impacts", part).key) or row.single.get("impacts")
        return found[0] if found else None
    if loc[0] in ("supports", "depends_on", "tags"):
        found = row.lists.get(str(loc[0]))
        return found[0][0] if found else None
    entry = row.single.get(str(loc[0]))
    return entry[0] if entry else None


def _kpi(row: _Row, group: int) -> dict | None:
    parts = row.kpis[group]

    def need(part: str) -> tuple[int, Cell] | None:
        found = parts.get(part)
        if found is None:
            role = Role("kpi", part, group)
            name = heading_of(role)
            named = parts.get("name")
            label = cells.text(named[1]) if named else None
            which = Text(f"「{label}」", f" '{label}'") if label else Text(str(group), f" {group}")
            column = row.column_of(role)
            row.at(column).error(
                Text(
                    f"目標指標{which.ja}の「{name}」が空です。",
                    f"'{name}' ({role.key}) of indicator{which.en} is empty.",
                )
                if column is not None
                else Text(
                    f"目標指標{which.ja}の「{name}」の列がありません。",
                    f"Indicator{which.en} has no column '{name}' ({role.key}).",
                ),
                Text(
                    "目標指標には指標名・単位・目標年度・目標値が必要です（現状値は年度と"
                    "値の両方を書くか、両方空けます）。",
                    "An indicator needs a name, a unit, a target year and a target value "
                    "(a baseline needs both its year and its value, or neither).",
                ),
            )
        return found

    kpi: dict = {}
    name = need("name")
    unit = need("unit")
    if name:
        kpi["name"] = cells.text(name[1])
    unit_text = cells.text(unit[1]) if unit else None
    if unit:
        kpi["unit"] = unit_text
    for point in ("baseline", "target"):
        year_cell = parts.get(f"{point}.year")
        value_cell = parts.get(f"{point}.value")
        if point == "baseline" and year_cell is None and value_cell is None:
            continue
        year_cell = need(f"{point}.year") if year_cell is None else year_cell
        value_cell = need(f"{point}.value") if value_cell is None else value_cell
        if year_cell and value_cell:
            year = cells.year(year_cell[1], row.at(year_cell[0]))
            value = cells.number(value_cell[1], row.at(value_cell[0]), unit_text)
            kpi[point] = {"year": year, "value": value}
    _outcome_parts(row, parts, kpi, unit_text)
    # Keys in the documented order (docs/progress.md).
    return {key: kpi[key] for key in _KPI_KEYS if key in kpi}


# A KPI's keys in the order docs/progress.md writes them (and the model defines them).
_KPI_KEYS = (
    "id",
    "name",
    "unit",
    "baseline",
    "target",
    "direction",
    "milestones",
    "contributes_to",
    "tolerance",
    "type",
)


_KPI_ID_HINT = Text(
    "指標の ID は施策の中で一意の ID です（例: ECON-01.k1）。",
    "A KPI's id is unique within its measure (e.g. ECON-01.k1).",
)
_CONTRIBUTES_HINT = Text(
    "成果指標の列には、指標が貢献する成果指標（成果指標ファイルの id）を書きます（例: PP-6.i1）。"
    "指標の名前は「指標名」の列に書きます。",
    "The 成果指標 (contributes to) column holds the id of the plan-level indicator the KPI "
    "feeds (e.g. PP-6.i1, from the indicators file); the KPI's name goes in 指標名 (name).",
)


def _outcome_parts(
    row: _Row, parts: dict[str, tuple[int, Cell]], kpi: dict, unit: str | None
) -> None:
    """指標ID, 方向, 年度目標 and 成果指標 of one KPI, into ``kpi``; each is optional, and a cell
    that cannot be read is an error at it."""
    if (found := parts.get("id")) is not None:
        identifier = cells.single_id(found[1], row.at(found[0]), _KPI_ID_HINT)
        if identifier is not None:
            kpi["id"] = identifier
    if (found := parts.get("direction")) is not None:
        direction = cells.direction(found[1], row.at(found[0]))
        if direction is not None:
            kpi["direction"] = direction
    if (found := parts.get("milestones")) is not None:
        milestones = cells.milestones(found[1], row.at(found[0]), unit)
        if milestones:
            kpi["milestones"] = milestones
    if (found := parts.get("contributes_to")) is not None:
        indicator = cells.single_id(found[1], row.at(found[0]), _CONTRIBUTES_HINT)
        if indicator is not None:
            kpi["contributes_to"] = indicator
    if (found := parts.get("type")) is not None:
        kind = cells.kpi_type(found[1], row.at(found[0]))
        if kind is not None:
            kpi["type"] = kind
    if (found := parts.get("tolerance")) is not None:
        held = cells.tolerance(found[1], row.at(found[0]))
        if held is not None:
            kpi["tolerance"] = held


def _impacts(row: _Row, targets: Targets) -> list[dict]:
    """The 影響 cell with the lines of the note, mitigation and evidence cells joined to its
    impacts by id. A line for an id the 影響 cell does not score is an error at its cell."""
    scored: list[dict] | None = []
    if "impacts" in row.single:
        column, cell = row.single["impacts"]
        scored = impacts.read_impacts(cell, row.at(column), targets.ids, targets.index)
    if scored is None:
        # The 影響 cell has an error: its lines are still read (for their own errors), but
        # not matched against impacts that could not be read.
        for part in IMPACT_PARTS:
            if (found := row.single.get(Role("impacts", part).key)) is not None:
                impacts.read_texts(found[1], row.at(found[0]), part, targets.ids)
        return []
    by_id = {fold(item["on"]): item for item in scored}
    for part in IMPACT_PARTS:
        key = Role("impacts", part).key
        if key not in row.single:
            continue
        column, cell = row.single[key]
        at = row.at(column)
        lines = impacts.read_texts(cell, at, part, targets.ids)
        for folded, (identifier, value) in (lines or {}).items():
            item = by_id.get(folded)
            if item is None:
                scores = row.column_of(Role("impacts"))
                heading = row.header.headings.get(scores) or heading_of(Role("impacts"))
                where = (
                    Text(
                        f"列{column_letter(scores)}「{heading}」",
                        f"column {column_letter(scores)} ({heading})",
                    )
                    if scores is not None
                    else Text(f"「{heading}」の列", f"a {heading} column")
                )
                at.error(
                    Text(
                        f"{identifier} の行がありますが、{where.ja}に {identifier} の評価が"
                        "ありません。",
                        f"There is a line for {identifier}, but {where.en} gives "
                        f"{identifier} no score.",
                    ),
                    Text(
                        f"{where.ja}に「{identifier}:+1」のように評価を書くか、この行を消して"
                        "ください。",
                        f"Score it in {where.en} (e.g. {identifier}:+1), or delete the line.",
                    ),
                )
                continue
            item[part] = value
    # Keys in the documented order.
    order = ("on", "score", *IMPACT_PARTS)
    return [{key: item[key] for key in order if key in item} for item in scored]


def _field(cell: Cell, at: At, framework: Framework) -> str | None:
    """A field id (ECON) or a field's name (地域経済, Regional economy)."""
    raw = cells.text(cell)
    if raw is None:
        return None
    key = header_key(raw)
    for field_id, definition in framework.fields.items():
        names = (field_id, definition.title, definition.title_en or "")
        if key in (header_key(name) for name in names if name):
            if raw != field_id:
                at.notes.normalised += 1
            return field_id
    normal = normalise_id(raw)
    valid = "、".join(f"{f} {d.title}" for f, d in framework.fields.items())
    valid_en = ", ".join(f"{f} {d.title_en or d.title}" for f, d in framework.fields.items())
    if re.fullmatch(ID_PATTERN, normal):
        at.notes.warning(
            at.place,
            Text(
                f"分野「{raw}」はフレームワークにありません（このまま書き出します）。",
                f"The field '{raw}' is not in the framework (written as it is).",
            ),
            Text(f"分野: {valid}", f"Fields: {valid_en}"),
        )
        return normal
    at.error(
        Text(f"「{raw}」という分野はありません。", f"There is no field '{raw}'."),
        Text(f"分野の ID か名称を書いてください: {valid}", f"Write a field id or name: {valid_en}"),
    )
    return None


def _unknown_node(identifier: str, at: At, index: IdIndex) -> None:
    guess = index.suggest(identifier)
    hint = (
        Text(f"「{guess}」の誤りではありませんか？", f"Did you mean '{guess}'?") if guess else None
    )
    at.notes.warning(
        at.place,
        Text(
            f"「{identifier}」はフレームワークにありません（このまま書き出し、seta-align check "
            "が報告します）。",
            f"'{identifier}' is not in the framework (written as it is; seta-align check "
            "reports it).",
        ),
        hint,
    )


_UNSAFE_NAME = re.compile(r'[<>:"\\|?*\x00-\x1f]')


def measure_file_name(value: str | None, at: At) -> str | None:
    """The ファイル column: a relative path of a ``.yaml`` file inside the output folder."""
    if value is None:
        return None
    parts = value.replace("\\", "/").split("/")
    if (
        _UNSAFE_NAME.search(value.replace("\\", "/"))
        or value.startswith("/")
        or any(part in ("", ".", "..") or part.startswith((".", "~")) for part in parts)
        or not parts[-1].lower().endswith((".yaml", ".yml"))
    ):
        at.error(
            Text(
                f"「{value}」は施策ファイルの名前にできません。",
                f"'{value}' cannot be the name of a measure file.",
            ),
            Text(
                "出力フォルダの中の相対パスで、.yaml で終わる名前にしてください（例: "
                "keizai-sangyo.yaml）。",
                "Give a path relative to the output folder ending in .yaml (e.g. "
                "keizai-sangyo.yaml).",
            ),
        )
        return None
    from .yaml_out import windows_safe

    return "/".join(windows_safe(part) for part in parts)
