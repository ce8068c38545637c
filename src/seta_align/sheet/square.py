"""A square sheet of interaction scores — SEI's cross-impact matrix as planners keep it in
Excel — into the interactions of the interactions file.

The first row with values holds the column ids, the first column with values the row ids; the
top-left cell is a label and is not read. A cell is the row's effect on the column on the
seven-point scale, spelled as in the 影響 column (``+2``, ``強化``, ``reinforcing``, ``＋２``);
an empty cell is a pair not assessed, which is not 0. The ids across the top and down the side
must be the same set, in any order (each cell is read by its row's and its column's id); each
must be a framework node, and the diagonal (a target with itself) stays empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..analysis.references import fold
from ..i18n import Text
from ..loading.normalise import normalise_id
from ..suggest import IdIndex
from ..vocabulary import ID_PATTERN
from .cells import At, Resolver, excel_error, text
from .impacts import MATRIX_EXAMPLE, read_score
from .notes import Notes, Place, column_letter
from .rows import is_remark
from .table import Cell, Sheet, in_order, named_sheet, read_hidden, say_reading, uncomputed

if TYPE_CHECKING:
    from ..loading.framework import Framework

_ID = re.compile(ID_PATTERN)
_SQUARE_HINT = Text(
    "1行目と1列目に同じ ID を並べてください（順序は問いません）。",
    "Put the same ids across the first row and down the first column (in any order).",
)


@dataclass(slots=True)
class SquareInteractions:
    sheet: Sheet
    ids: list[str] = field(default_factory=list)  # the row ids, in the sheet's order
    items: list[dict] = field(default_factory=list)  # {from, to, score}, row by row


def _ids_of(cells: dict[int, Cell], after: int) -> set[str]:
    return {
        normalise_id(value).upper()
        for column, cell in cells.items()
        if column > after and (value := text(cell)) is not None
    }


def looks_square(sheet: Sheet) -> bool:
    """Whether the sheet has an id both on its first row and down its first column."""
    if len(sheet.rows) < 2:
        return False
    body = sheet.rows[1:]
    id_column = min(column for _number, cells in body for column in cells)
    across = _ids_of(sheet.rows[0][1], id_column)
    down = {
        normalise_id(value).upper()
        for _number, cells in body
        if (value := text(cells.get(id_column))) is not None
    }
    return bool(across & down)


def choose_square(sheets: list[Sheet], wanted: str | None, notes: Notes) -> Sheet:
    """``--sheet``, else the first sheet (the one Excel opens on first, hidden ones last) that
    has the same id on its first row and in its first column, else the first sheet."""
    if wanted is not None:
        return named_sheet(sheets, wanted)
    candidates = in_order(sheets)
    chosen = next((sheet for sheet in candidates if looks_square(sheet)), candidates[0])
    if chosen.hidden:
        read_hidden(chosen, notes, Text("正方行列", "a square matrix"))
    elif any(looks_square(sheet) for sheet in sheets if sheet is not chosen):
        say_reading(chosen, notes)
    return chosen


def _identifier(cell: Cell, at: At, known: Resolver, index: IdIndex) -> str | None:
    """An id of the first row or column: a framework node (did-you-mean when it is not)."""
    raw = text(cell) or ""
    identifier = known.canonical(normalise_id(raw))
    if not _ID.match(identifier):
        at.error(
            Text(f"「{raw}」は ID として読めません。", f"Cannot read '{raw}' as an id."),
            Text(
                "政策・目標の ID を書いてください（例: SDG-8.3、SDG-12.5）。",
                "Write a framework node's id (e.g. SDG-8.3, SDG-12.5).",
            ),
        )
        return None
    if identifier not in known:
        guess = index.suggest(identifier)
        at.error(
            Text(
                f"「{identifier}」はフレームワークにありません。",
                f"'{identifier}' is not in the framework.",
            ),
            Text(f"「{guess}」の誤りではありませんか？", f"Did you mean '{guess}'?")
            if guess
            else Text(
                "相互作用は政策・目標（SDG のターゲットなど）の間の評価です。",
                "Interactions are scored between framework nodes (SDG targets, for example).",
            ),
        )
        return None
    if identifier != raw:
        at.notes.normalised += 1
    return identifier


def read_square(sheet: Sheet, framework: Framework, notes: Notes) -> SquareInteractions:
    """The interactions of a square sheet; every problem is an error at its cell in ``notes``."""
    result = SquareInteractions(sheet)
    known = Resolver(framework.nodes)
    index = IdIndex(framework.nodes)
    header_row, header_cells = sheet.rows[0] if sheet.rows else (1, {})
    body = []
    for number, cells in sheet.rows[1:]:
        if is_remark(cells):
            notes.info(
                Place(sheet.name, number),
                Text("注記の行を読み飛ばしました。", "Skipped a row that is a remark (※, 注)."),
            )
            continue
        body.append((number, cells))
    if not body:
        notes.error(
            Place(sheet.name),
            Text(
                "正方行列がありません（1行目に列の ID、1列目に行の ID、その間に評価）。",
                "There is no square matrix (column ids on the first row, row ids in the first "
                "column, scores between them).",
            ),
            _SQUARE_HINT,
        )
        return result
    id_column = min(column for _number, cells in body for column in cells)

    # The ids across the top: column → id.
    columns: dict[int, str] = {}
    bad_columns: set[int] = set()
    first_column: dict[str, int] = {}
    for column, cell in sorted(header_cells.items()):
        if column <= id_column:
            continue  # the label in the corner
        at = At(Place(sheet.name, header_row, column), notes)
        identifier = _identifier(cell, at, known, index)
        if identifier is None:
            bad_columns.add(column)
            continue
        earlier = first_column.get(fold(identifier))
        if earlier is not None:
            at.error(
                Text(
                    f"{identifier} は列{column_letter(earlier)}にもあります。",
                    f"{identifier} is also the id of column {column_letter(earlier)}.",
                ),
                _SQUARE_HINT,
            )
            bad_columns.add(column)
            continue
        first_column[fold(identifier)] = column
        columns[column] = identifier

    # The ids down the side: row number → id.
    rows: dict[int, str] = {}
    first_row: dict[str, int] = {}
    for number, cells in body:
        at = At(Place(sheet.name, number, id_column), notes)
        cell = cells.get(id_column)
        if cell is None:
            at.error(
                Text(
                    "評価のある行に ID がありません。",
                    "A row with scores has no id.",
                ),
                _SQUARE_HINT,
            )
            continue
        identifier = _identifier(cell, at, known, index)
        if identifier is None:
            continue
        earlier = first_row.get(fold(identifier))
        if earlier is not None:
            at.error(
                Text(
                    f"{identifier} は行{earlier}にもあります。",
                    f"{identifier} is also the id of row {earlier}.",
                ),
                _SQUARE_HINT,
            )
            continue
        first_row[fold(identifier)] = number
        rows[number] = identifier
    if not columns and not bad_columns:
        notes.error(
            Place(sheet.name, header_row),
            Text(
                f"行{header_row}（最初の行）に列の ID がありません。",
                f"Row {header_row} (the first) holds no column ids.",
            ),
            _SQUARE_HINT,
        )

    # The same set both ways.
    for number, identifier in rows.items():
        if fold(identifier) not in first_column:
            notes.error(
                Place(sheet.name, number, id_column),
                Text(
                    f"{identifier} は行にありますが、列（行{header_row}）にありません。",
                    f"{identifier} is a row but not a column (row {header_row}).",
                ),
                _SQUARE_HINT,
            )
    for column, identifier in columns.items():
        if fold(identifier) not in first_row:
            notes.error(
                Place(sheet.name, header_row, column),
                Text(
                    f"{identifier} は列にありますが、行（列{column_letter(id_column)}）にありません。",
                    f"{identifier} is a column but not a row (column {column_letter(id_column)}).",
                ),
                _SQUARE_HINT,
            )

    # The scores.
    numbers = {number for number, _cells in body}
    for row, column, formula in sheet.uncomputed:
        if row in numbers and column > id_column:
            uncomputed(Place(sheet.name, row, column, columns.get(column)), formula, notes)
    for number, cells in body:
        source = rows.get(number)
        for column, cell in sorted(cells.items()):
            if column <= id_column:
                continue
            target = columns.get(column)
            at = At(Place(sheet.name, number, column, target), notes)
            if target is None:
                if column not in bad_columns:
                    at.error(
                        Text(
                            "列の ID（最初の行）のない列に評価があります。",
                            "A score in a column without an id on the first row.",
                        ),
                        _SQUARE_HINT,
                    )
                continue
            if source is None or excel_error(cell, at):
                continue
            if fold(source) == fold(target):
                at.error(
                    Text(
                        f"対角線のセル（{source} と {source} 自身）は空けておきます。",
                        f"A cell of the diagonal ({source} with itself) stays empty.",
                    ),
                    Text(
                        "目標が自分自身に与える影響は評価しません。値を消してください。",
                        "A target is not scored against itself: delete the value.",
                    ),
                )
                continue
            score = read_score(cell.value, at, MATRIX_EXAMPLE, shown=text(cell))
            if score is not None:
                result.items.append({"from": source, "to": target, "score": score})
    result.ids = list(rows.values())
    return result


def read_records(sheets: list[Sheet], result: SquareInteractions, notes: Notes) -> None:
    """A pair's note, assessor, date and source from the 「評価の記録」 sheet an export writes
    beside the square (exporters.interactions_sheet), onto the pairs the square scores. A row
    for a pair the square does not score, or a date that is no day, is an error at its cell;
    a workbook without the sheet has nothing to add."""
    from ..exporters.interactions_sheet import RECORD_HEADINGS, RECORDS_TITLE
    from ..vocabulary import calendar_date

    sheet = next((s for s in sheets if s.name == RECORDS_TITLE), None)
    if sheet is None or not sheet.rows:
        return
    header_row, header = sheet.rows[0]
    wanted = {heading: key for key, heading in RECORD_HEADINGS}
    column_of = {wanted[t]: c for c, cell in header.items() if (t := text(cell)) in wanted}
    if "from" not in column_of or "to" not in column_of:
        notes.error(
            Place(sheet.name, header_row),
            Text(
                f"シート「{sheet.name}」の1行目に「影響元 / from」と「影響先 / to」の列がありません。",
                f"Sheet '{sheet.name}' has no 'from' and 'to' columns on its first row.",
            ),
            Text(
                "seta-align export --interactions が書いた見出しのまま使ってください。",
                "Keep the headings seta-align export --interactions wrote.",
            ),
        )
        return
    scored = {(fold(item["from"]), fold(item["to"])): item for item in result.items}
    for number, cells in sheet.rows[1:]:
        ends = [text(cells.get(column_of[key])) for key in ("from", "to")]
        if not any(ends):
            continue
        item = scored.get(tuple(fold(normalise_id(end or "")) for end in ends))
        if item is None:
            At(Place(sheet.name, number, column_of["from"]), notes).error(
                Text(
                    f"{ends[0]} → {ends[1]} の組は正方行列で評価されていません。",
                    f"The pair {ends[0]} → {ends[1]} is not scored in the square.",
                ),
                Text(
                    "正方行列にその組の評価を書くか、この行を消してください。",
                    "Score the pair in the square, or delete this row.",
                ),
            )
            continue
        for key, _heading in RECORD_HEADINGS[2:]:
            column = column_of.get(key)
            value = text(cells.get(column)) if column is not None else None
            if not value:
                continue
            if key == "assessed_on":
                try:
                    calendar_date(value[:10] if len(value) > 10 and value[10] in " T" else value)
                except ValueError:
                    At(Place(sheet.name, number, column), notes).error(
                        Text(f"評価日「{value}」は日付として読めません。",
                             f"The date '{value}' is not a date."),
                        Text("YYYY-MM-DD の形で書いてください（例: 2026-04-01）。",
                             "Write it as YYYY-MM-DD (e.g. 2026-04-01)."),
                    )
                    continue
                value = value[:10]  # a date Excel typed as a date and time: the day
            item[key] = value
