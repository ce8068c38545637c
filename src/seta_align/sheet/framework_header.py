"""The header of a 施策体系表: which row it is, and what each column holds.

The header is the row, among the first ones, whose headings name the most known things — level
names such as 基本目標・政策・施策, 分野, SDGs, ``<level>ID`` or ``<level>番号``, and the names
``--levels`` gives —, so that a title row above it, or a cover sheet, is passed over; a heading
merged over two rows is read. Every other heading is a level, left to right, unless it is known
to be something else (所管課 …, left out and said). Two columns of one heading, an id column
without its level, too many levels: each a note at its cell.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..i18n import Text
from .notes import Notes, Place, column_letter
from .table import HEADER_SEARCH_ROWS, Sheet, row_headings

# Level names as cities write them → the level id in the framework file (an ASCII key that the
# config names as CITY.policy). Others are level1, level2 … in order.
LEVEL_IDS = {
    "基本構想": ("vision", "vision"),
    "将来像": ("vision", "vision"),
    "基本計画": ("plan", "plan"),
    "基本目標": ("goal", "basic goal"),
    "目標": ("goal", "goal"),
    "基本方針": ("basic_policy", "basic policy"),
    "分野別計画": ("sector", "sector"),
    "政策": ("policy", "policy"),
    "施策": ("program", "program"),
    "基本施策": ("program", "program"),
    "主要施策": ("program", "program"),
    "施策の方向": ("direction", "direction"),
    "施策の方向性": ("direction", "direction"),
    "事業": ("project", "project"),
    "事務事業": ("project", "project"),
    "主な事業": ("project", "project"),
}
FIELD_HEADINGS = {"分野", "field", "fields", "政策分野"}
FIELD_ID_HEADINGS = {"分野id", "fieldid", "分野番号", "分野コード"}
NOTE_HEADINGS = {"備考", "note", "メモ", "注記"}
# The longest id a framework file takes (models.Identifier), and the most levels a sheet may
# have (each is two steps of nesting in the file, which the reader bounds).
MAX_ID_LENGTH = 64
MAX_LEVELS = 30
# Columns a 施策体系表 often has that are no level: left out, and said once.
LEFT_OUT_HEADINGS = {
    "所管",
    "所管部",
    "所管課",
    "所管部局",
    "担当",
    "担当部",
    "担当課",
    "部局",
    "予算",
    "予算額",
    "事業費",
    "no",
    "no.",
    "番号",
    "通し番号",
}
_ID_SUFFIX = re.compile(r"^(.+?)(id|番号|コード)$")


def _key(heading: str) -> str:
    """A heading as compared: NFKC, no spaces, lower case (「政策 ＩＤ」 → 「政策id」)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", heading)).lower()


@dataclass(slots=True)
class LevelColumn:
    depth: int
    column: int
    heading: str  # as written
    id: str  # the level's id in the framework file
    title_en: str | None
    id_column: int | None = None
    id_heading: str | None = None


@dataclass(slots=True)
class Columns:
    """What each column of the sheet holds."""

    header_row: int
    levels: list[LevelColumn]
    fields: int | None = None
    field_ids: int | None = None
    sdgs: int | None = None
    note: int | None = None
    headings: dict[int, str] = field(default_factory=dict)
    left_out: list[int] = field(default_factory=list)


def find_columns(sheet: Sheet, notes: Notes, levels_wanted: list[str] | None) -> Columns | None:
    """The header row and what each column holds; ``None`` (after a note) when the sheet has no
    usable header. See :func:`header_row`."""
    found = header_row(sheet, levels_wanted)
    if found is not None:
        number, headings, _score = found
        return _classify(sheet, number, headings, notes, levels_wanted)
    notes.error(
        Place(sheet.name),
        Text(
            f"見出し行が見つかりません（最初の {HEADER_SEARCH_ROWS} 行に、見出しが 2 つ以上"
            "並ぶ行がありません）。",
            f"No header row: none of the first {HEADER_SEARCH_ROWS} rows has two headings "
            "or more.",
        ),
        Text(
            "階層の名前を左から順に並べた見出し行を書いてください（例: 基本目標 | 政策 | 施策）。",
            "Give the sheet a header row with the levels' names, left to right (e.g. 基本目標 | "
            "政策 | 施策).",
        ),
    )
    return None


def header_row(
    sheet: Sheet, levels_wanted: list[str] | None
) -> tuple[int, dict[int, str], int] | None:
    """The header among the first rows: of the rows whose cells are all text (two or more),
    the one whose headings name the most known things — level names such as 基本目標・政策・
    施策, 分野, SDGs, <level>ID, and with ``--levels`` the names given —, so that a title row
    (「施策体系表 | 令和7年4月」) above it is passed over; the first such row when none names
    anything known. A blank cell under a heading merged over two rows takes that heading.
    ``(row, headings, score)``, or None."""
    wanted = {_key(name) for name in levels_wanted} if levels_wanted else set()
    best: tuple[int, dict[int, str], int] | None = None
    for index in range(min(HEADER_SEARCH_ROWS, len(sheet.rows))):
        number, cells = sheet.rows[index]
        if len(cells) < 2 or not all(isinstance(cell.value, str) for cell in cells.values()):
            continue
        headings = {c: h for c, h in row_headings(sheet, index).items() if h}
        score = sum(1 for heading in headings.values() if _known(_key(heading), wanted))
        if best is None or score > best[2]:
            best = (number, headings, score)
    return best


def _known(key: str, wanted: set[str]) -> bool:
    if key in wanted or key in LEVEL_IDS or _is_sdgs(key):
        return True
    if key in FIELD_HEADINGS or key in FIELD_ID_HEADINGS or key in NOTE_HEADINGS:
        return True
    stem = _ID_SUFFIX.match(key)
    return bool(stem) and (stem.group(1) in LEVEL_IDS or stem.group(1) in wanted)


def _is_sdgs(key: str) -> bool:
    """SDGs, 関連するSDGs, 対応するSDGsのゴール …: a heading that names the SDGs."""
    return "sdg" in key and not key.endswith("id")


def _classify(
    sheet: Sheet,
    row: int,
    headings: dict[int, str],
    notes: Notes,
    levels_wanted: list[str] | None,
) -> Columns | None:
    columns = Columns(row, [], headings=headings)
    keys = {column: _key(heading) for column, heading in headings.items()}
    wanted = [_key(name) for name in levels_wanted] if levels_wanted else None
    id_like: dict[int, str] = {}
    first_of: dict[str, int] = {}  # each heading (as compared) → its first column
    for column, key in sorted(keys.items()):
        if key in first_of:
            # Two columns of one heading: which to read is not ours to guess.
            notes.error(
                Place(sheet.name, row, column, headings[column]),
                Text(
                    f"見出し「{headings[column]}」の列が二つあります"
                    f"（{column_letter(first_of[key])} 列と {column_letter(column)} 列）。",
                    f"Two columns are headed '{headings[column]}' (columns "
                    f"{column_letter(first_of[key])} and {column_letter(column)}).",
                ),
                Text(
                    "一つにまとめるか、どちらかの見出しを変えてください。",
                    "Merge them into one, or rename one of the headings.",
                ),
            )
            continue
        first_of[key] = column
        if key in FIELD_HEADINGS:
            columns.fields = column
        elif key in FIELD_ID_HEADINGS:
            columns.field_ids = column
        elif _is_sdgs(key):
            columns.sdgs = column
        elif key in NOTE_HEADINGS:
            columns.note = column
        elif wanted is not None and key in wanted:
            columns.levels.append(_level(len(columns.levels), column, headings[column]))
        elif (match := _ID_SUFFIX.match(key)) and key not in LEFT_OUT_HEADINGS:
            id_like[column] = match.group(1)
        elif key in LEFT_OUT_HEADINGS or wanted is not None:
            columns.left_out.append(column)
        else:
            columns.levels.append(_level(len(columns.levels), column, headings[column]))
    if wanted is not None:
        found = {_key(level.heading) for level in columns.levels}
        for name, key in zip(levels_wanted or [], wanted, strict=True):
            if key not in found:
                notes.error(
                    Place(sheet.name, row),
                    Text(
                        f"--levels の「{name}」という見出しの列がありません。",
                        f"No column is headed '{name}' (--levels).",
                    ),
                    Text(
                        "見出し: " + "、".join(headings.values()),
                        "Headings: " + ", ".join(headings.values()),
                    ),
                )
        order = {key: index for index, key in enumerate(wanted)}
        columns.levels.sort(key=lambda level: order[_key(level.heading)])
        for depth, level in enumerate(columns.levels):
            level.depth = depth
    by_name = {_key(level.heading): level for level in columns.levels}
    for column, stem in id_like.items():
        level = by_name.get(stem)
        if level is None:
            notes.error(
                Place(sheet.name, row, column, headings[column]),
                Text(
                    f"「{headings[column]}」は ID の列のようですが、「{stem}」という階層の列が"
                    "ありません。",
                    f"'{headings[column]}' looks like an id column, but no level is headed "
                    f"'{stem}'.",
                ),
                Text(
                    "ID の列の見出しは「階層名＋ID」にしてください（例: 政策ID）。",
                    "Head an id column with its level's name and ID (e.g. 政策ID).",
                ),
            )
            continue
        level.id_column, level.id_heading = column, headings[column]
    if not columns.levels:
        notes.error(
            Place(sheet.name, row),
            Text("階層の列がありません。", "There is no level column."),
            Text(
                "階層の名前を見出しにした列を左から順に並べてください（例: 基本目標 | 政策 | 施策）。",
                "Head one column per level, left to right (e.g. 基本目標 | 政策 | 施策).",
            ),
        )
        return None
    if len(columns.levels) > MAX_LEVELS:
        notes.error(
            Place(sheet.name, row),
            Text(
                f"階層の列が {len(columns.levels)} あります（{MAX_LEVELS} まで）。",
                f"{len(columns.levels)} level columns (at most {MAX_LEVELS}).",
            ),
            Text(
                "階層でない列は --levels で除いてください。",
                "Leave out the columns that are no level with --levels.",
            ),
        )
        return None
    _unique_level_ids(columns.levels)
    if columns.left_out:
        listed = "、".join(headings[c] for c in columns.left_out)
        notes.info(
            Place(sheet.name, row),
            Text(
                f"階層でない列として読み飛ばしました: {listed}",
                f"Left out as no level: {listed.replace('、', ', ')}",
            ),
            Text(
                "階層として読むには --levels で名前を挙げてください。",
                "Name the level columns with --levels to read one of them as a level.",
            ),
        )
    return columns


def _level(depth: int, column: int, heading: str) -> LevelColumn:
    known = LEVEL_IDS.get(_key(heading))
    if known is None:
        return LevelColumn(depth, column, heading, f"level{depth + 1}", None)
    return LevelColumn(depth, column, heading, known[0], known[1])


def _unique_level_ids(levels: list[LevelColumn]) -> None:
    """Two levels read as the same id (施策 and 基本施策) keep them apart: program, program2."""
    seen: dict[str, int] = {}
    for level in levels:
        count = seen.get(level.id, 0) + 1
        seen[level.id] = count
        if count > 1:
            level.id = f"{level.id}{count}"
