"""A 施策体系表 (plan structure table) read into a framework tree.

The sheet has one column per level, left to right, headed by the level's name (基本目標 | 政策 |
施策), as cities lay these tables out:

- a blank or merged cell below a parent carries the parent down (a merged cell keeps its value
  in its top cell only, so both read the same);
- the parent's name written again on every row is the same parent, not a new node;
- an optional id column per level, headed ``<level>ID`` (政策ID); without one, ids are made from
  the framework id and the position (``CITY-1.2.3``: the 3rd 施策 of the 2nd 政策 of the 1st
  基本目標), the same for the same sheet every time;
- optional columns 分野 (one or more per row, with 分野ID for their ids) and SDGs (goal numbers
  ``3, 4, 11``, ``3・4・11``, ``SDG-3``, full-width or not; targets ``8.3`` too), which belong to
  the row's deepest node; a parent's fields are its children's, as the bundled frameworks do;
- 備考 becomes the deepest node's note; columns such as 所管部 are left out and said.

Every problem is a note at its sheet, row, column and heading: a duplicate id, a child without a
parent, a level skipped, an unknown SDG number, an id that cannot be one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..i18n import Text
from .cells import NONE_WORDS, At, Resolver, excel_error, id_list, single_id, text
from .framework_header import MAX_ID_LENGTH, Columns, LevelColumn
from .notes import Notes, Place, column_letter
from .table import Cell, Sheet, uncomputed

# Between fields in a 分野 cell. Not 「・」, which is part of names such as 「健康・福祉」.
_FIELD_SPLIT = re.compile(r"[、,，;；/／\n]+")


@dataclass(slots=True)
class ImportedNode:
    id: str
    title: str
    depth: int
    parent: ImportedNode | None
    row: int  # where it is first written
    id_made: bool  # the id was made, not read
    children: list[ImportedNode] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)  # field ids, its own then its children's
    sdgs: list[str] = field(default_factory=list)  # SDG node ids
    note: str | None = None


@dataclass(slots=True)
class FieldDef:
    id: str
    title: str
    id_made: bool


@dataclass(slots=True)
class ImportedTree:
    sheet: Sheet
    columns: Columns
    framework_id: str
    roots: list[ImportedNode] = field(default_factory=list)
    fields: dict[str, FieldDef] = field(default_factory=dict)  # by title
    nodes: dict[str, ImportedNode] = field(default_factory=dict)  # by id
    prefixed: set[int] = field(default_factory=set)  # id columns said to take the prefix

    def walk(self):
        stack = list(reversed(self.roots))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


# --- The rows ---------------------------------------------------------------------------------


def read_tree(
    sheet: Sheet, columns: Columns, framework_id: str, sdg_ids: set[str], notes: Notes
) -> ImportedTree:
    """The tree the rows below the header make (see the module's docstring)."""
    tree = ImportedTree(sheet, columns, framework_id)
    resolver = Resolver(sdg_ids)
    depth_count = len(columns.levels)
    current: list[ImportedNode | None] = [None] * depth_count
    for number, cells in sheet.rows:
        if number <= columns.header_row:
            continue
        at = Place(sheet.name, number)
        row = _written(tree, cells, at, notes)
        written = row.written
        if row.failed_at is not None:
            _break_from(current, row.failed_at)
            continue
        if not written:
            if any(c in cells for c in (columns.fields, columns.sdgs, columns.note) if c):
                notes.warning(
                    at,
                    Text(
                        "階層の列が空の行です（分野・SDGs などは読みませんでした）。",
                        "A row with no level filled in (its 分野, SDGs … were not read).",
                    ),
                    Text(
                        "どの施策の行か、階層の列に名前を書いてください。",
                        "Write the node's name in its level's column.",
                    ),
                )
            continue
        first, deepest = min(written), max(written)
        if first > 0 and current[first - 1] is _BROKEN:
            continue  # under a node whose row was in error: said there, once
        if any(depth not in written for depth in range(first, deepest + 1)):
            skipped = next(depth for depth in range(first, deepest + 1) if depth not in written)
            level = columns.levels[skipped]
            notes.error(
                at.at(level.column, level.heading),
                Text(
                    f"「{level.heading}」が空のまま、下の階層が書かれています（階層の飛び越し）。",
                    f"'{level.heading}' is blank while a deeper level is filled in (a level "
                    "skipped).",
                ),
                Text(
                    f"この行の「{level.heading}」を書くか、上の行から引き継ぐなら、この行の"
                    f"上位の階層も空けてください。",
                    f"Fill in '{level.heading}', or leave the levels above it blank too to carry "
                    "them down from the rows above.",
                ),
            )
            _break_from(current, first)
            continue
        if first > 0 and current[first - 1] is None:
            level = columns.levels[first]
            parent_level = columns.levels[first - 1]
            notes.error(
                at.at(level.column, level.heading),
                Text(
                    f"「{written[first][0] or written[first][1]}」の上位の「{parent_level.heading}」"
                    "がありません（上の行にも書かれていません）。",
                    f"'{written[first][0] or written[first][1]}' has no "
                    f"'{parent_level.heading}' above it (nor in the rows above).",
                ),
                Text(
                    f"この行か上の行に「{parent_level.heading}」を書いてください。",
                    f"Write its '{parent_level.heading}' in this row or a row above.",
                ),
            )
            _break_from(current, first)
            continue
        for depth in range(first, deepest + 1):
            parent = current[depth - 1] if depth > 0 else None
            node = _node(tree, columns, parent, depth, written[depth], number, notes, framework_id)
            if node is None:
                _break_from(current, depth)
                break
            current[depth] = node
        else:
            for depth in range(deepest + 1, depth_count):
                current[depth] = None
            _row_details(tree, current[deepest], cells, columns, at, resolver, notes)
    _say_uncomputed(tree, notes)
    _say_what_was_not_read(tree, notes)
    _roll_up_fields(tree)
    return tree


def _say_uncomputed(tree: ImportedTree, notes: Notes) -> None:
    """A formula whose result the workbook does not hold, in a column that is read: read as
    blank, it would carry the row above down in its place."""
    columns = tree.columns
    read = {level.column for level in columns.levels}
    read |= {level.id_column for level in columns.levels if level.id_column is not None}
    read |= {c for c in (columns.fields, columns.field_ids, columns.sdgs, columns.note) if c}
    for row, column, formula in tree.sheet.uncomputed:
        if row > columns.header_row and column in read:
            place = Place(tree.sheet.name, row, column, columns.headings.get(column))
            uncomputed(place, formula, notes)


def _say_what_was_not_read(tree: ImportedTree, notes: Notes) -> None:
    """A sheet with no row, a level no row fills in, values under no heading: an import that
    reads nothing of them must say so, not write less than the sheet holds."""
    sheet, columns = tree.sheet, tree.columns
    below = [(number, cells) for number, cells in sheet.rows if number > columns.header_row]
    if not below:
        notes.error(
            Place(sheet.name, columns.header_row),
            Text("見出し行の下に行がありません。", "There is no row below the header."),
            Text(
                "見出し行の下に、1 行に 1 つの施策（とその上位の階層）を書いてください。",
                "Below the header, write one row per node.",
            ),
        )
        return
    counts = [0] * len(columns.levels)
    for node in tree.walk():
        counts[node.depth] += 1
    for level, count in zip(columns.levels, counts, strict=True):
        if count == 0 and not notes.errors:
            notes.warning(
                Place(sheet.name, columns.header_row, level.column, level.heading),
                Text(
                    f"「{level.heading}」の列には値が一つもありません（ノードのない階層になり"
                    "ます）。",
                    f"No row fills in '{level.heading}' (a level without a node).",
                ),
                Text(
                    "階層でない列なら --levels で階層の列を挙げてください。",
                    "If it is no level, name the level columns with --levels.",
                ),
            )
    read = set(columns.headings) | set(columns.left_out)
    unheaded: dict[int, int] = {}
    for number, cells in below:
        for column in cells:
            if column not in read:
                unheaded.setdefault(column, number)
    for column, number in sorted(unheaded.items()):
        notes.warning(
            Place(sheet.name, number, column),
            Text(
                f"{column_letter(column)} 列には見出しがないため、値を読みませんでした。",
                f"Column {column_letter(column)} has no heading: its values were not read.",
            ),
            Text(
                "見出し行に、階層の名前か 分野・SDGs などの見出しを書いてください。",
                "Give it a heading: a level's name, or 分野, SDGs ….",
            ),
        )


# Where a row in error meant a node: the rows that carry it down are left unread, and say
# nothing more (one slip, one finding).
_BROKEN = ImportedNode("", "", -1, None, 0, False)


def _break_from(current: list[ImportedNode | None], depth: int) -> None:
    for index in range(depth, len(current)):
        current[index] = _BROKEN


class _Row:
    """What a row writes at each level: depth → (title, id); ``failed_at``: the first depth
    whose cell could not be read (after a located error), from which nothing carries down."""

    __slots__ = ("failed_at", "written")

    def __init__(self) -> None:
        self.written: dict[int, tuple[str | None, str | None]] = {}
        self.failed_at: int | None = None


def _written(tree: ImportedTree, cells: dict[int, Cell], at: Place, notes: Notes) -> _Row:
    """Each level filled in on the row, its title and its id."""
    row = _Row()
    for level in tree.columns.levels:
        cell = cells.get(level.column)
        title = None
        if cell is not None:
            if excel_error(cell, At(at.at(level.column, level.heading), notes)):
                row.failed_at = level.depth
                break
            title = text(cell)
        identifier = None
        if level.id_column is not None and level.id_column in cells:
            identifier = _level_id(tree, level, cells[level.id_column], at, notes)
            if identifier is None:
                row.failed_at = level.depth
                break
        if title is not None or identifier is not None:
            row.written[level.depth] = (title, identifier)
    return row


@dataclass(frozen=True, slots=True)
class _Numbered:
    """A 番号 cell holding a bare number (施策番号 「3」): the node's number under its parent,
    made into an id once the parent is known (``P1-1`` → ``P1-1.3``), as the made ids are."""

    number: str


def _level_id(
    tree: ImportedTree, level: LevelColumn, cell: Cell, at: Place, notes: Notes
) -> str | _Numbered | None:
    """A level's id as the sheet writes it. An id starts with a letter, so a number is read as
    many sheets mean it: a bare number (「3」) is the node's number under its parent, as made
    ids are; a numbered path (「1-1-2」) takes the framework id before it, ``CITY-1-1-2``. Said
    once per column. None after a located error."""
    place = at.at(level.id_column, level.id_heading)
    raw = text(cell)
    normal = unicodedata.normalize("NFKC", raw).strip() if raw is not None else ""
    if normal[:1].isdigit():
        bare = normal.isdigit()
        example = f"{raw} → …{normal}" if bare else f"{raw} → {tree.framework_id}-{normal}"
        if level.id_column not in tree.prefixed:
            tree.prefixed.add(level.id_column)
            notes.info(
                place,
                Text(
                    f"数字の ID を、上位の ID に続く番号として読みました（例: {example}）。"
                    if bare
                    else f"数字で始まる ID の頭に「{tree.framework_id}-」を付けました（例: "
                    f"{example}）。",
                    f"Read numbers as the node's number under its parent (e.g. {example})."
                    if bare
                    else f"Ids that start with a number take '{tree.framework_id}-' before them "
                    f"(e.g. {example}).",
                ),
                Text(
                    "ID は半角英字で始めます。別の頭にするには --id で指定します。",
                    "An id starts with a letter; --id chooses another beginning.",
                ),
            )
        if bare:
            return _Numbered(str(int(normal)))
        cell = Cell(f"{tree.framework_id}-{normal}")
    return single_id(
        cell,
        At(place, notes),
        Text(
            f"例: {level.heading}の ID「P1-2」（半角英字で始めます）",
            "For example P1-2 (an ASCII letter first)",
        ),
    )


def _node(
    tree: ImportedTree,
    columns: Columns,
    parent: ImportedNode | None,
    depth: int,
    written: tuple[str | None, str | None],
    row: int,
    notes: Notes,
    framework_id: str,
) -> ImportedNode | None:
    """The node a row names at ``depth``: the one already read (by its id, or by its name under
    the same parent), or a new one; ``None`` after an error."""
    title, identifier = written
    level = columns.levels[depth]
    siblings = parent.children if parent is not None else tree.roots
    base = parent.id + "." if parent is not None else f"{tree.framework_id}-"
    if isinstance(identifier, _Numbered):
        identifier = base + identifier.number
    if identifier is not None:
        known = tree.nodes.get(identifier)
        if known is not None:
            if known.depth == depth and known.parent is parent and title in (None, known.title):
                return known
            notes.error(
                Place(tree.sheet.name, row, level.id_column, level.id_heading),
                Text(
                    f"ID「{identifier}」が重複しています（{known.row} 行目の「{known.title}」"
                    + ("に作った ID と同じです）。" if known.id_made else "と同じ ID です）。"),
                    f"Duplicate id '{identifier}' (row {known.row}, '{known.title}', "
                    + ("was given it as a made id)." if known.id_made else "has it)."),
                ),
                Text(
                    "ID はノードごとに一つにしてください。",
                    "Give each node an id of its own.",
                ),
            )
            return None
        if title is None:
            notes.error(
                Place(tree.sheet.name, row, level.column, level.heading),
                Text(
                    f"ID「{identifier}」の「{level.heading}」の名前がありません。",
                    f"The {level.heading} with id '{identifier}' has no name.",
                ),
            )
            return None
    else:
        same = next((node for node in siblings if node.title == title), None)
        if same is not None:
            return same
    assert title is not None
    made = identifier is None
    if made:
        # The node's place among its parent's children; the next free number when the sheet
        # gave that id to another node already.
        number = len(siblings) + 1
        while f"{base}{number}" in tree.nodes:
            number += 1
        identifier = f"{base}{number}"
    if len(identifier) > MAX_ID_LENGTH:
        notes.error(
            Place(tree.sheet.name, row, level.column, level.heading),
            Text(
                f"「{title}」の ID「{identifier[:20]}…」が {MAX_ID_LENGTH} 字を超えます。",
                f"The id of '{title}', '{identifier[:20]}…', is longer than {MAX_ID_LENGTH}.",
            ),
            Text(
                f"「{level.heading}ID」の列で、短い ID を書いてください。",
                f"Give shorter ids in a '{level.heading}ID' column.",
            ),
        )
        return None
    node = ImportedNode(identifier, title, depth, parent, row, made)
    siblings.append(node)
    tree.nodes[identifier] = node
    return node


def _row_details(
    tree: ImportedTree,
    node: ImportedNode,
    cells: dict[int, Cell],
    columns: Columns,
    at: Place,
    resolver: Resolver,
    notes: Notes,
) -> None:
    """The row's 分野, SDGs and 備考, which belong to its deepest node."""
    headings = columns.headings
    if columns.fields is not None and columns.fields in cells:
        place = at.at(columns.fields, headings[columns.fields])
        ids_cell = cells.get(columns.field_ids) if columns.field_ids else None
        for field_def in _fields(tree, cells[columns.fields], ids_cell, columns, place, notes):
            if field_def.id not in node.fields:
                node.fields.append(field_def.id)
    if columns.sdgs is not None and columns.sdgs in cells:
        place = at.at(columns.sdgs, headings[columns.sdgs])
        for sdg in _sdgs(cells[columns.sdgs], At(place, notes), resolver):
            if sdg not in node.sdgs:
                node.sdgs.append(sdg)
    if columns.note is not None and columns.note in cells:
        note = text(cells[columns.note])
        if note and note != node.note:
            node.note = f"{node.note}\n{note}" if node.note else note


def _fields(tree, cell, ids_cell, columns, place, notes) -> list[FieldDef]:
    titles = [t.strip() for t in _FIELD_SPLIT.split(text(cell) or "") if t.strip()]
    given: list[str | None] = [None] * len(titles)
    # A mistake in an id is said at the 分野ID cell, where it is mended.
    id_place = place
    if columns.field_ids is not None:
        id_place = place.at(columns.field_ids, columns.headings[columns.field_ids])
    if ids_cell is not None:
        raw = [t.strip() for t in _FIELD_SPLIT.split(text(ids_cell) or "") if t.strip()]
        if len(raw) != len(titles):
            notes.error(
                id_place,
                Text(
                    f"分野 {len(titles)} つに分野ID が {len(raw)} つです。",
                    f"{len(titles)} field(s) but {len(raw)} field id(s).",
                ),
                Text("分野と同じ順に同じ数だけ書いてください。", "Give one id per field, in order."),
            )
            return []
        for index, value in enumerate(raw):
            given[index] = single_id(Cell(value), At(id_place, notes))
            if given[index] is None:
                return []
    found = []
    for title, identifier in zip(titles, given, strict=True):
        known = tree.fields.get(title)
        if known is None:
            taken = {f.id for f in tree.fields.values()}
            if identifier is not None and identifier in taken:
                notes.error(
                    id_place,
                    Text(
                        f"分野ID「{identifier}」が別の分野にも使われています。",
                        f"Field id '{identifier}' is used for another field too.",
                    ),
                )
                continue
            made = identifier is None
            if made:
                number = len(tree.fields) + 1
                while f"F{number}" in taken:  # an id the sheet gave another field
                    number += 1
                identifier = f"F{number}"
            known = tree.fields[title] = FieldDef(identifier, title, made)
        elif identifier is not None and identifier != known.id:
            notes.error(
                id_place,
                Text(
                    f"分野「{title}」の ID が、上の行の「{known.id}」と違う「{identifier}」です。",
                    f"Field '{title}' has id '{identifier}' here and '{known.id}' above.",
                ),
            )
            continue
        found.append(known)
    return found


def _sdgs(cell: Cell, at: At, resolver: Resolver) -> list[str]:
    """SDG goals (and targets) of a cell: 3, 4, 11 / 3・4・11 / SDG-3 / 目標3 / ３、４ / 8.3."""
    raw = text(cell)
    if raw is None or unicodedata.normalize("NFKC", raw).strip().lower() in NONE_WORDS:
        return []
    ids = id_list(cell, at, "SDG", resolver)
    if ids is None:
        return []
    known = []
    for identifier in ids:
        if identifier in resolver:
            known.append(identifier)
            continue
        number = identifier.removeprefix("SDG-")
        at.error(
            Text(
                f"SDGs の「{number}」はありません（ゴールは 1〜17、ターゲットは 8.3 のように"
                "書きます）。",
                f"There is no SDG '{number}' (goals are 1 to 17; a target is written as 8.3).",
            ),
            Text(
                "ゴールの番号を「3, 4, 11」「3・4・11」「SDG-3」のように書いてください。",
                "Write goal numbers as '3, 4, 11', '3・4・11' or 'SDG-3'.",
            ),
        )
    return known


def _roll_up_fields(tree: ImportedTree) -> None:
    """A parent's fields are its own and its children's, in the order first read, as the
    bundled frameworks list them (a node's fields are its own, else its nearest ancestor's)."""
    for node in reversed(list(tree.walk())):
        if node.parent is not None:
            for field_id in node.fields:
                if field_id not in node.parent.fields:
                    node.parent.fields.append(field_id)
