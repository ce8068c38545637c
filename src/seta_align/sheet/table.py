"""Reading a spreadsheet file into rows of cells, and finding its header row.

``.xlsx`` files are read with openpyxl (read-only, the values Excel last calculated); ``.csv``
files in UTF-8, UTF-8 with a BOM, UTF-16 with a BOM or CP932 (Shift_JIS, what Excel on a
Japanese Windows saves), separated by commas or tabs. Only cells with a value are kept, each
with its row and column as the spreadsheet numbers them, so every message can point at it.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import Text
from .columns import REQUIRED, Role, heading_of, known_headings, parse_role, role_of_heading
from .notes import Notes, Place, column_letter

XLSX_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
# The header is looked for in the first rows that have values.
HEADER_SEARCH_ROWS = 30
# A sheet formatted down to row 1,048,576 is not read to the end once the values have stopped.
MAX_BLANK_RUN = 10_000


@dataclass(frozen=True, slots=True)
class Cell:
    value: object  # str, int, float, bool or datetime
    percent: bool = False  # a number Excel shows as a percentage (0.8 shown as 80%)


@dataclass(slots=True)
class Sheet:
    file: str  # as shown to the user
    name: str  # the sheet's name; for a CSV file, the file's name
    kind: str  # "xlsx" or "csv"
    rows: list[tuple[int, dict[int, Cell]]] = field(default_factory=list)
    encoding: str | None = None
    hidden: bool = False  # a hidden (or very hidden) worksheet
    active: bool = False  # the worksheet Excel opens on
    # (row, column, formula) of formulas whose result the workbook does not hold
    uncomputed: list[tuple[int, int, str]] = field(default_factory=list)


@dataclass(slots=True)
class Header:
    row: int
    headings: dict[int, str]  # column → its heading as written
    roles: dict[int, Role]  # the columns that are read


class SheetError(Exception):
    """The file or sheet cannot be read at all; the notes say why."""

    def __init__(self, notes: Notes):
        super().__init__("sheet cannot be read")
        self.notes = notes


def _fail(place: Place | None, message: Text, hint: Text | None = None) -> SheetError:
    notes = Notes()
    notes.error(place, message, hint)
    return SheetError(notes)


def cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- Files --------------------------------------------------------------------------------------


def read_sheets(path: Path, file: str, notes: Notes) -> list[Sheet]:
    """The sheets of ``path``: every worksheet of a workbook, or the one table of a CSV file."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise _fail(
            Place(file),
            Text(f"「{file}」が見つかりません。", f"'{file}' does not exist."),
            Text("パスを確認してください。", "Check the path."),
        )
    if path.is_dir():
        raise _fail(
            Place(file),
            Text(f"「{file}」はフォルダです。", f"'{file}' is a folder."),
            Text(
                "Excel ブック（.xlsx）か CSV ファイルを指定してください。",
                "Give an Excel workbook (.xlsx) or a CSV file.",
            ),
        )
    if suffix in (".xls", ".ods"):
        raise _fail(
            Place(file),
            Text(
                f"「{file}」は読めない形式（{suffix}）です。",
                f"'{file}' is in a format that cannot be read ({suffix}).",
            ),
            Text(
                "Excel で開き「名前を付けて保存」で「Excel ブック (*.xlsx)」を選んでください。",
                "Open it in Excel and save it as an Excel workbook (*.xlsx).",
            ),
        )
    if suffix in XLSX_SUFFIXES:
        return _read_workbook(path, file)
    if suffix in CSV_SUFFIXES:
        return [_read_csv(path, file, notes)]
    raise _fail(
        Place(file),
        Text(
            f"「{file}」の拡張子（{suffix or 'なし'}）からは形式が分かりません。",
            f"Cannot tell the format of '{file}' from its suffix ({suffix or 'none'}).",
        ),
        Text(
            ".xlsx（Excel ブック）か .csv のファイルを指定してください。",
            "Give a .xlsx (Excel workbook) or .csv file.",
        ),
    )


# A workbook is a zip: a few hundred KB can unpack to gigabytes (one cell inflated to 384 MiB
# took minutes and over a gigabyte). Its unpacked size is bounded like a YAML file's size.
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
_CHUNK = 1 << 20


def _unpacked_size_problem(path: Path, file: str) -> tuple[SheetError | None, bool]:
    """Refuse a workbook that unpacks to more than :data:`MAX_UNPACKED_BYTES`, by what its zip
    declares and by what it really inflates to (a zip can lie); and say whether any worksheet
    holds a formula (read on the way, so that formulas without a saved value can be found)."""
    import zipfile

    refusal = _fail(
        Place(file),
        Text(
            f"「{file}」は展開すると大きすぎます（上限 {MAX_UNPACKED_BYTES // (1 << 20)} MiB）。",
            f"'{file}' unpacks to too much data (at most {MAX_UNPACKED_BYTES // (1 << 20)} MiB).",
        ),
        Text(
            "施策の一覧だけを残したブックにして保存し直すか、CSV で書き出してください。",
            "Keep only the measure sheet in the workbook and save it again, or save it as CSV.",
        ),
    )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
                return refusal, False
            total = 0
            formulas = False
            for member in members:
                worksheet = member.filename.startswith("xl/worksheets/")
                tail = b""
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        total += len(chunk)
                        if total > MAX_UNPACKED_BYTES:
                            return refusal, False
                        if worksheet and not formulas:
                            window = tail + chunk
                            formulas = b"<f>" in window or b"<f " in window
                            tail = chunk[-8:]
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, ValueError, EOFError):
        return None, False  # not a zip we can read: openpyxl says what it is
    return None, formulas


def _read_workbook(path: Path, file: str) -> list[Sheet]:
    from openpyxl import load_workbook

    refusal, formulas = _unpacked_size_problem(path, file)
    if refusal is not None:
        raise refusal
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        protected = path.read_bytes()[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
        hint = (
            Text(
                "パスワードで保護されたブックか古い形式（.xls）です。保護を解除し、"
                "「Excel ブック (*.xlsx)」として保存し直してください。",
                "The workbook is password-protected or in the old .xls format: remove the "
                "protection and save it as an Excel workbook (*.xlsx).",
            )
            if protected
            else Text(
                "Excel で開けるか確かめ、「Excel ブック (*.xlsx)」として保存し直してください。",
                "Check that Excel opens it, and save it again as an Excel workbook (*.xlsx).",
            )
        )
        raise _fail(
            Place(file),
            Text(
                f"「{file}」を Excel ブックとして読めません（{type(error).__name__}）。",
                f"Cannot read '{file}' as an Excel workbook ({type(error).__name__}).",
            ),
            hint,
        ) from None
    try:
        sheets = []
        active = _active_title(book)
        for worksheet in _worksheets(book, file):
            sheet = Sheet(file, worksheet.title, "xlsx")
            sheet.hidden = getattr(worksheet, "sheet_state", "visible") != "visible"
            sheet.active = worksheet.title == active
            worksheet.reset_dimensions()  # some writers record wrong sizes; read what is there
            blank_run = 0
            for row in worksheet.iter_rows():
                cells: dict[int, Cell] = {}
                number = None
                for cell in row:
                    value = getattr(cell, "value", None)
                    if value is None or (isinstance(value, str) and not value.strip()):
                        continue
                    number = cell.row
                    cells[cell.column] = Cell(value, "%" in (cell.number_format or ""))
                if number is None:
                    blank_run += 1
                    if blank_run > MAX_BLANK_RUN:
                        break
                    continue
                blank_run = 0
                sheet.rows.append((number, cells))
            sheets.append(sheet)
    except SheetError:
        raise
    except Exception as error:  # read-only mode parses the sheet XML only now
        raise _fail(
            Place(file),
            Text(
                f"「{file}」のシートを読めません（{type(error).__name__}）。",
                f"Cannot read the sheets of '{file}' ({type(error).__name__}).",
            ),
            Text(
                "Excel で開けるか確かめ、「Excel ブック (*.xlsx)」として保存し直してください。",
                "Check that Excel opens it, and save it again as an Excel workbook (*.xlsx).",
            ),
        ) from None
    finally:
        book.close()
    if formulas:
        _find_uncomputed(path, sheets)
    return sheets


def _active_title(book) -> str | None:
    try:
        return book.active.title if book.active is not None else None
    except (AttributeError, IndexError, KeyError):
        return None


def _find_uncomputed(path: Path, sheets: list[Sheet]) -> None:
    """Cells holding a formula whose result was never saved (a workbook written by a script
    and never opened in Excel): read as empty, they would drop a link without a word."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception:  # the first read succeeded; a second that fails changes nothing
        return
    try:
        by_name = {sheet.name: sheet for sheet in sheets}
        for worksheet in book.worksheets:
            sheet = by_name.get(worksheet.title)
            if sheet is None:
                continue
            known = {number: cells for number, cells in sheet.rows}
            worksheet.reset_dimensions()
            for row in worksheet.iter_rows():
                for cell in row:
                    value = getattr(cell, "value", None)
                    if not (isinstance(value, str) and value.startswith("=")):
                        continue
                    cached = known.get(cell.row, {}).get(cell.column)
                    if cached is None:
                        sheet.uncomputed.append((cell.row, cell.column, value))
    except Exception:
        return
    finally:
        book.close()


def _worksheets(book, file: str) -> list:
    if not book.worksheets:
        raise _fail(
            Place(file),
            Text(f"「{file}」にはワークシートがありません。", f"'{file}' has no worksheets."),
        )
    return book.worksheets


def detect_encoding(raw: bytes) -> str | None:
    """BOM → UTF-8 (or UTF-16); valid UTF-8 → UTF-8; else CP932, if it decodes."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        raw.decode("cp932")
        return "cp932"
    except UnicodeDecodeError:
        return None


ENCODING_NAMES = {
    "utf-8-sig": Text("UTF-8（BOM 付き）", "UTF-8 with a BOM"),
    "utf-8": Text("UTF-8", "UTF-8"),
    "utf-16": Text("UTF-16（BOM 付き）", "UTF-16 with a BOM"),
    "cp932": Text("CP932（Shift_JIS）", "CP932 (Shift_JIS)"),
}


def _read_csv(path: Path, file: str, notes: Notes) -> Sheet:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise _fail(
            Place(file),
            Text(f"「{file}」を読めません: {error.strerror}", f"Cannot read '{file}': {error}"),
        ) from None
    encoding = detect_encoding(raw)
    if encoding is None or (encoding != "utf-16" and b"\x00" in raw):
        raise _fail(
            Place(file),
            Text(
                f"「{file}」は CSV として読めません（文字コードが分からないか、バイナリです）。",
                f"Cannot read '{file}' as CSV (unknown character encoding, or binary).",
            ),
            Text(
                "Excel で「CSV UTF-8 (コンマ区切り)」として保存し直してください。",
                "Save it from Excel as 'CSV UTF-8 (Comma delimited)'.",
            ),
        )
    text = raw.decode(encoding)
    name = Path(file).name
    notes.info(
        Place(name),
        Text(
            f"文字コード {ENCODING_NAMES[encoding].ja}として読みました。",
            f"Read as {ENCODING_NAMES[encoding].en}.",
        ),
    )
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    sheet = Sheet(file, name, "csv", encoding=encoding)
    try:
        for number, record in enumerate(
            csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1
        ):
            cells = {
                column: Cell(value) for column, value in enumerate(record, start=1) if value.strip()
            }
            if cells:
                sheet.rows.append((number, cells))
    except csv.Error as error:
        raise _fail(
            Place(name),
            Text(f"CSV として読めません: {error}", f"Not readable as CSV: {error}"),
            Text(
                '閉じていない引用符（"）がないか確かめてください。',
                'Look for a quote (") that is not closed.',
            ),
        ) from None
    return sheet


# --- The header row ----------------------------------------------------------------------------


def row_headings(sheet: Sheet, index: int) -> dict[int, str]:
    """The headings if row ``index`` is the header: a blank cell takes the heading of the cell
    above it (a heading merged over two rows keeps its text in the upper cell)."""
    number, cells = sheet.rows[index]
    above: dict[int, Cell] = {}
    if index > 0 and sheet.rows[index - 1][0] == number - 1:
        above = sheet.rows[index - 1][1]
    headings = {}
    for column in sorted(set(cells) | set(above)):
        cell = cells.get(column) or above.get(column)
        if cell is not None and isinstance(cell.value, str):
            headings[column] = cell.value.strip()
    return headings


def find_header(
    sheet: Sheet,
    mapping: dict[str, Role] | None,
    role_of: Callable[[str, dict[str, Role] | None], Role | None] = role_of_heading,
) -> Header | None:
    """The row among the first ones whose headings name the most columns (at least two), by
    ``role_of`` — the measures sheet's headings unless another kind of sheet is read."""
    best: tuple[int, int, dict[int, str], dict[int, Role]] | None = None
    for index in range(min(HEADER_SEARCH_ROWS, len(sheet.rows))):
        headings = row_headings(sheet, index)
        roles = {
            column: role
            for column, heading in headings.items()
            if (role := role_of(heading, mapping)) is not None
        }
        score = sum(1 for role in roles.values() if role.field != "ignore")
        if score >= 2 and (best is None or score > best[0]):
            best = (score, index, headings, roles)
    if best is None:
        return None
    _score, index, headings, roles = best
    return Header(sheet.rows[index][0], headings, roles)


def choose_sheet(
    sheets: list[Sheet], wanted: str | None, mapping: dict[str, Role] | None, notes: Notes
) -> tuple[Sheet, Header]:
    """The sheet to read (``--sheet``, else the first with a header row) and its header."""
    candidates = [named_sheet(sheets, wanted)] if wanted is not None else in_order(sheets)
    for sheet in candidates:
        header = find_header(sheet, mapping)
        if header is not None:
            others = [s for s in sheets if s is not sheet]
            if sheet.hidden:
                read_hidden(sheet, notes, Text("見出し行", "a header row"))
            elif wanted is None and any(find_header(s, mapping) for s in others):
                say_reading(sheet, notes)
            _say_uncomputed(sheet, header, notes)
            return sheet, header
    sheet = candidates[0]
    expected = "、".join(heading_of(Role(f)) for f in REQUIRED)
    raise _fail(
        Place(sheet.name),
        Text(
            f"見出し行が見つかりません（最初の {HEADER_SEARCH_ROWS} 行に「{expected}」などの"
            "見出しがありません）。",
            f"No header row found: none of the first {HEADER_SEARCH_ROWS} rows has headings "
            f"such as {expected}.",
        ),
        Text(
            "1 行を見出し行にして、列に「施策ID」「施策名」「所管部」「分野」などの見出しを"
            "付けてください。別の見出しは --mapping で割り当てられます。"
            + ("" if wanted or len(sheets) == 1 else " シートは --sheet で選べます。"),
            "Give the sheet a header row with headings such as 施策ID (ID), 施策名 (title), "
            "所管部 (owner) and 分野 (field); map other headings with --mapping."
            + ("" if wanted or len(sheets) == 1 else " Choose the sheet with --sheet."),
        ),
    )


def say_reading(sheet: Sheet, notes: Notes) -> None:
    """Which sheet of a workbook with others is read, and how to choose another."""
    notes.info(
        Place(sheet.name),
        Text(
            f"シート「{sheet.name}」を読みます（--sheet で選べます）。",
            f"Reading sheet '{sheet.name}' (choose another with --sheet).",
        ),
    )


def named_sheet(sheets: list[Sheet], wanted: str) -> Sheet:
    """The sheet ``--sheet`` names (spaces at the ends aside), or an error with the names."""
    names = [sheet.name for sheet in sheets]
    chosen = next((s for s in sheets if s.name == wanted), None)
    if chosen is None:
        chosen = next((s for s in sheets if s.name.strip() == wanted.strip()), None)
    if chosen is None:
        close = difflib.get_close_matches(wanted, names, n=1, cutoff=0.5)
        hint = Text(f"シート: {'、'.join(names)}", f"Sheets: {', '.join(names)}")
        if close:
            hint = (
                Text(f"「{close[0]}」の誤りではありませんか？ ", f"Did you mean '{close[0]}'? ")
                + hint
            )
        raise _fail(
            Place(sheets[0].file),
            Text(f"シート「{wanted}」がありません。", f"There is no sheet '{wanted}'."),
            hint,
        )
    return chosen


def in_order(sheets: list[Sheet]) -> list[Sheet]:
    """The sheet Excel opens on first, then the other visible ones, hidden ones last: a hidden
    sheet is never read in place of a visible one that would do."""
    return sorted(sheets, key=lambda s: (s.hidden, not s.active))


def read_hidden(sheet: Sheet, notes: Notes, what: Text) -> None:
    """Say that a hidden sheet is read, because only it has ``what``."""
    notes.warning(
        Place(sheet.name),
        Text(
            f"シート「{sheet.name}」は非表示のシートですが、{what.ja}があるのはこの"
            "シートだけなので読みます。",
            f"Sheet '{sheet.name}' is hidden; it is read because no visible sheet "
            f"has {what.en}.",
        ),
        Text(
            "意図したシートか確かめてください（--sheet で選べます）。",
            "Check that this is the sheet you meant (choose one with --sheet).",
        ),
    )


def _say_uncomputed(sheet: Sheet, header: Header, notes: Notes) -> None:
    for row, column, formula in sheet.uncomputed:
        if row <= header.row or column not in header.roles:
            continue  # above the table, or in a column that is not read
        uncomputed(Place(sheet.name, row, column, header.headings.get(column)), formula, notes)


def uncomputed(place: Place, formula: str, notes: Notes) -> None:
    """A formula whose result the workbook does not hold, where a value is read."""
    notes.error(
        place,
        Text(
            f"数式 {formula[:60]} の計算結果がブックに保存されていません（空として読むと"
            "値が失われます）。",
            f"The formula {formula[:60]} has no saved result in the workbook (read as "
            "empty, its value would be lost).",
        ),
        Text(
            "Excel でブックを開いて保存し直すか、数式の代わりに値を書いてください。",
            "Open the workbook in Excel and save it, or write the value instead of the "
            "formula.",
        ),
    )


def check_header(sheet: Sheet, header: Header, notes: Notes) -> dict[int, Role]:
    """The columns to read. Missing required columns and a column named twice are errors of the
    header row; unknown headings are info lines (the column is left out)."""
    place = Place(sheet.name, header.row)
    roles = dict(header.roles)
    # A column without a heading, right of a column of ids or tags, continues it (its heading
    # cell was merged across both); any other column without a heading is left out.
    used = {column for _number, cells in sheet.rows if _number > header.row for column in cells}
    for column in sorted(used - set(header.headings)):
        left = max((c for c in header.headings if c < column), default=None)
        role = roles.get(left) if left is not None else None
        if (
            role is not None
            and role.is_list
            and all(c in roles or c not in used for c in range(left + 1, column))
        ):
            roles[column] = role
            header.headings[column] = header.headings[left]
            notes.info(
                place.at(column),
                Text(
                    f"見出しのない列を、左の「{header.headings[left]}」の続き（結合したセル）"
                    "として読みました。",
                    f"A column without a heading is read as part of '{header.headings[left]}' "
                    "on its left (a merged heading).",
                ),
            )
        else:
            notes.info(
                place.at(column),
                Text(
                    "見出しのない列は読みません。",
                    "A column without a heading is not read.",
                ),
            )
    for column, heading in sorted(header.headings.items()):
        if column in roles:
            continue
        guess = difflib.get_close_matches(heading, known_headings(), n=1, cutoff=0.6)
        guess_text = (
            Text(f"「{guess[0]}」の誤りではありませんか？ ", f"Did you mean '{guess[0]}'? ")
            if guess
            else Text("", "")
        )
        notes.info(
            place.at(column, heading),
            Text(
                "この列は読みません（知らない見出しです）。",
                "This column is not read (unknown heading).",
            ),
            guess_text
            + Text(
                "読むには --mapping で割り当ててください。",
                "To read it, map it with --mapping.",
            ),
        )
    seen: dict[str, int] = {}
    for column, role in sorted(roles.items()):
        if role.field == "ignore" or role.is_list:
            continue
        if role.key in seen:
            first = seen[role.key]
            notes.error(
                place.at(column, header.headings.get(column)),
                Text(
                    f"列{column_letter(first)}と同じ項目（{role.key}）の列がもう一つあります。",
                    f"A second column for the same item ({role.key}) as column "
                    f"{column_letter(first)}.",
                ),
                Text(
                    "どちらかの見出しを変えるか、列を削除してください。",
                    "Rename one of the headings or delete one column.",
                ),
            )
        else:
            seen[role.key] = column
    present = {role.field for role in roles.values()}
    if "owner" not in present and "section" in present:
        # A sheet whose only organisation column is 担当課 or 所管課 names the owner there, as
        # sheets did before a measure could name its section beside its department.
        column = next(c for c, role in roles.items() if role.field == "section")
        roles[column] = Role("owner")
        present.add("owner")
        notes.info(
            place.at(column, header.headings.get(column)),
            Text(
                "所管部の列がないため、この列を所管部として読みます。",
                "There is no 所管部 (owner) column: this column is read as the owner.",
            ),
            Text(
                "課を所管部と別に書くときは、所管部の列を加えてください。",
                "To give the section beside the department, add a 所管部 column.",
            ),
        )
    for required in REQUIRED:
        if required not in present:
            name = heading_of(parse_role(required) or Role(required))
            notes.error(
                place,
                Text(
                    f"見出し行（行{header.row}）に必須の列「{name}」がありません。",
                    f"The header row (row {header.row}) has no column '{name}' ({required}), "
                    "which is required.",
                ),
                Text(
                    f"列の見出しを「{name}」にするか、--mapping で割り当ててください。",
                    f"Name a column '{name}', or map one to '{required}' with --mapping.",
                ),
            )
    return {column: role for column, role in roles.items() if role.field != "ignore"}
