"""Reading one cell as what it means: a list of ids, a year, a number, a piece of text.

People type ids into Excel in many ways — ``SDG8・SDG11``, ``目標8``, ``8.3, 11.2``, ``①③`` in
the 重点政策 column, full-width ``ＰＰ－６`` — and Excel changes what they typed: ``8.10`` in a cell
formatted as a number is stored as 8.1. Each reader returns the value, or None after recording
an error at the cell; what it had to guess is said in an info line at the cell.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..i18n import Text
from ..loading.normalise import (
    DIRECTIONS,
    KPI_TYPES,
    _year,
    normalise_id,
    read_direction,
    read_kpi_type,
)
from ..renderers.sheet_text import FORMULA_STARTS
from ..vocabulary import ID_PATTERN
from .notes import Notes, Place
from .table import Cell, cell_text

_ID = re.compile(ID_PATTERN)
EXCEL_ERRORS = ("#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#SPILL!")


@dataclass(slots=True)
class At:
    """Where a value is read: the cell and the notes to record problems in."""

    place: Place
    notes: Notes

    def error(self, message: Text, hint: Text | None = None) -> None:
        self.notes.error(self.place, message, hint)

    def warning(self, message: Text, hint: Text | None = None) -> None:
        self.notes.warning(self.place, message, hint)

    def info(self, message: Text, hint: Text | None = None) -> None:
        self.notes.info(self.place, message, hint)


def excel_error(cell: Cell, at: At) -> bool:
    """An error value of a formula (``#REF!`` …) where a value should be."""
    if isinstance(cell.value, str) and cell.value.strip().upper() in EXCEL_ERRORS:
        at.error(
            Text(
                f"セルの値が Excel のエラー値「{cell.value.strip()}」です。",
                f"The cell holds the Excel error value '{cell.value.strip()}'.",
            ),
            Text(
                "数式を直すか、値を直接書いてください。",
                "Fix the formula, or type the value itself.",
            ),
        )
        return True
    return False


# --- Text ---------------------------------------------------------------------------------------


def text(cell: Cell | None) -> str | None:
    """The text of a cell, without surrounding spaces; a ``'`` that the export put before a
    formula character (``'=…``) is taken off again."""
    if cell is None:
        return None
    value = cell.value
    if isinstance(value, dt.datetime):
        value = value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    elif isinstance(value, dt.date | dt.time):
        value = value.isoformat()
    elif isinstance(value, bool):
        value = "TRUE" if value else "FALSE"
    elif isinstance(value, int | float):
        value = cell_text(value)
    result = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    # The reverse of export's neutralise(): one ' before a formula character, or before a '
    # that itself precedes one, was added to keep the cell text.
    rest = result[1:]
    if result.startswith("'") and (
        (rest[:1] and rest[:1] in FORMULA_STARTS)
        or (rest[:1] == "'" and rest[1:2] and rest[1:2] in FORMULA_STARTS)
    ):
        result = rest
    return result or None


def owner(cell: Cell | None, at: At) -> str | None:
    value = text(cell)
    if value is None:
        return None
    normal = unicodedata.normalize("NFKC", value)
    if normal != value:
        at.notes.normalised += 1
    return normal


_TAG_SEPARATORS = "、,，;；\n"
TAG_SEPARATOR = "、"


def join_tags(values: Iterable[str]) -> str:
    """Tags in one cell, as people write them (「事業承継、中小企業」); a tag that holds a
    separator, a double quote or spaces at its ends is written in double quotes (a quote inside
    doubled, as CSV does), so that :func:`split_tags` gives back every tag exactly."""
    parts = []
    for value in values:
        if (
            not value
            or value[0] == '"'
            or value != value.strip()
            or any(mark in value for mark in _TAG_SEPARATORS)
        ):
            value = '"' + value.replace('"', '""') + '"'
        parts.append(value)
    return TAG_SEPARATOR.join(parts)


def split_tags(value: str) -> list[str]:
    """The tags of a cell: separated by 、 , ; or line breaks (not ・: 「孤独・孤立」 is one tag);
    a tag in double quotes is taken as written (see :func:`join_tags`)."""
    found: list[str] = []
    position, length = 0, len(value)
    while position < length:
        while position < length and (value[position] in _TAG_SEPARATORS or value[position] == " "):
            position += 1
        if position >= length:
            break
        if value[position] == '"':
            end, part = position + 1, []
            while end < length:
                if value[end] == '"':
                    if value[end + 1 : end + 2] == '"':
                        part.append('"')
                        end += 2
                        continue
                    break
                part.append(value[end])
                end += 1
            closing = end < length
            rest = end + 1
            # Only a quote that closes before a separator (or the end) quotes a tag; anything
            # else is text that happens to start with a quote.
            if closing and (rest >= length or value[rest] in _TAG_SEPARATORS):
                found.append("".join(part))
                position = rest
                continue
        end = position
        while end < length and value[end] not in _TAG_SEPARATORS:
            end += 1
        tag = value[position:end].strip()
        if tag:
            found.append(tag)
        position = end
    return found


def tags(cell: Cell | None) -> list[str]:
    """Tags, separated by 、 , ; or line breaks, double quotes for a tag that holds them."""
    value = text(cell)
    if value is None:
        return []
    return split_tags(value)  # as written: export → import gives back the same list


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


# --- Ids ----------------------------------------------------------------------------------------

# Circled numbers: ① … ⑳, ㉑ … ㉟, ㊱ … ㊿, ❶ … ❿, ➀ … ➉, ➊ … ➓, ⓫ … ⓴.
CIRCLED: dict[str, int] = {}
for _start, _first, _count in (
    (0x2460, 1, 20),
    (0x3251, 21, 15),
    (0x32B1, 36, 15),
    (0x2776, 1, 10),
    (0x2780, 1, 10),
    (0x278A, 1, 10),
    (0x24EB, 11, 10),
):
    for _offset in range(_count):
        CIRCLED[chr(_start + _offset)] = _first + _offset
_CIRCLED = re.compile("[" + "".join(CIRCLED) + "]")
_CIRCLED_MARK = "\x00"
_CIRCLED_OF = {number: char for char, number in reversed(CIRCLED.items())}

# Words people put before a number instead of an id prefix.
PREFIX_WORDS = {
    "sdg": "SDG",
    "sdgs": "SDG",
    "goal": "SDG",
    "target": "SDG",
    "目標": "SDG",
    "ゴール": "SDG",
    "ターゲット": "SDG",
    "重点政策": "PP",
    "理念": "PR",
    "ビジョン": "VIS",
    "基本的方針": "ORD",
    "方針": "ORD",
    "指針": "GL",
}
# The same words alone set the prefix of the numbers after them: 「SDGs: 8.3, 11.2」.
_SETTERS = {normalise_id(word).lower(): prefix for word, prefix in PREFIX_WORDS.items()}
_WORD_BEFORE_NUMBER = re.compile(
    r"(?<![A-Za-z])("
    + "|".join(sorted((re.escape(w) for w in PREFIX_WORDS), key=len, reverse=True))
    + r")\s*[:\-‐‑‒–—―−ー－]?\s*(?=\d)",
    re.IGNORECASE,
)
_LETTERS_SPACE_NUMBER = re.compile(r"(?<![A-Za-z0-9_.\-])([A-Za-z][A-Za-z_]*)\s+(?=\d)")
_REMARKS = re.compile(r"[(（][^()（）]*[)）]")
_SEPARATORS = re.compile(r"[\s、,;/|・]+")
_BARE_NUMBER = re.compile(r"^\d+(?:\.[0-9A-Za-z]+)*$")
_LETTERS_DIGITS = re.compile(r"^([A-Za-z][A-Za-z_]*?)(\d.*)$")
_PREFIX = re.compile(r"^([A-Za-z][A-Za-z_]*)-")
# A cell that says "none".
NONE_WORDS = {"なし", "無し", "該当なし", "特になし", "-", "--", "none", "n/a", "na", "×"}


class Resolver:
    """Known ids (framework nodes, or the sheet's measures), to settle how an id is spelled:
    ``pp-6`` → ``PP-6``, ``SDG8`` → ``SDG-8``. Unknown ids are kept as read."""

    def __init__(self, ids: Iterable[str]):
        self.ids = set(ids)
        self._folded: dict[str, str] = {}
        for identifier in self.ids:
            self._folded.setdefault(identifier.upper(), identifier)

    def canonical(self, token: str) -> str:
        candidates = [token]
        split = _LETTERS_DIGITS.match(token)
        if split:  # SDG8 → SDG-8, SDGs8 → SDG-8
            letters = "SDG" if split.group(1).upper() == "SDGS" else split.group(1)
            candidates.append(f"{letters}-{split.group(2)}")
        for candidate in candidates:
            if candidate in self.ids:
                return candidate
        for candidate in candidates:
            if candidate.upper() in self._folded:
                return self._folded[candidate.upper()]
        if split and split.group(1).upper() in ("SDG", "SDGS"):
            return candidates[1]
        return token

    def __contains__(self, identifier: str) -> bool:
        return identifier in self.ids


def _tokens(raw: str) -> list[str]:
    marked = _CIRCLED.sub(lambda m: f" {_CIRCLED_MARK}{CIRCLED[m.group(0)]} ", raw)
    normal = unicodedata.normalize("NFKC", marked)
    normal = _WORD_BEFORE_NUMBER.sub(lambda m: PREFIX_WORDS[m.group(1).lower()] + "-", normal)
    normal = _LETTERS_SPACE_NUMBER.sub(r"\1-", normal)
    normal = normalise_id(normal)  # dashes and long vowel marks → '-'
    return [token for token in _SEPARATORS.split(normal) if token]


def id_list(
    cell: Cell,
    at: At,
    prefix: str | None,
    resolver: Resolver,
    allow_numbers: bool = True,
) -> list[str] | None:
    """The ids in a cell. A bare or circled number takes the prefix of the id before it in the
    cell, else the column's ``prefix`` (``①`` in 重点政策 → ``PP-1``). None after an error."""
    value = cell.value
    if isinstance(value, bool | dt.date | dt.time):
        at.error(
            Text(
                f"「{text(cell)}」を ID として読めません。",
                f"Cannot read '{text(cell)}' as an id.",
            ),
            _id_hint(prefix),
        )
        return None
    numeric = isinstance(value, int | float)
    if numeric:
        if isinstance(value, float) and not math.isfinite(value):
            at.error(Text("数値が不正です。", "Not a valid number."))
            return None
        raw = cell_text(value)
        if isinstance(value, float) and not value.is_integer() and prefix == "SDG":
            _dropped_zero(raw, prefix, at)
    else:
        raw = str(value)
        remarks = _REMARKS.findall(raw)
        if remarks:
            # 「8.3（働きがいも経済成長も）」: the words in brackets are for people.
            raw = _REMARKS.sub(" ", raw)
            at.info(
                Text(
                    f"括弧内（{'、'.join(r.strip('()（）') for r in remarks)}）は読み飛ばしました。",
                    f"Left out the words in brackets ({', '.join(r.strip('()（）') for r in remarks)}).",
                )
            )
    stripped = unicodedata.normalize("NFKC", raw).strip().lower()
    if stripped in NONE_WORDS or normalise_id(stripped) in NONE_WORDS:
        return []
    found: list[str] = []
    current = prefix
    bad: list[str] = []
    for token in _tokens(raw):
        word = token.rstrip(":").lower()
        if word in _SETTERS:
            current = _SETTERS[word]  # 「SDGs: 8.3, 11.2」, 「重点政策 ①③」
            continue
        if token.endswith(":") and token[:-1].isascii() and token[:-1].isalpha():
            current = token[:-1]
            continue
        circled = token.startswith(_CIRCLED_MARK)
        if circled or _BARE_NUMBER.match(token):
            number = token.lstrip(_CIRCLED_MARK)
            use = prefix if circled and prefix else current
            shown = _CIRCLED_OF.get(int(number), number) if circled else number
            if not allow_numbers:
                at.error(
                    Text(
                        f"「{shown}」は施策ID ではありません。",
                        f"'{shown}' is not a measure id.",
                    ),
                    Text(
                        "施策ID を書いてください（例: ECON-01）。",
                        "Write measure ids (e.g. ECON-01).",
                    ),
                )
                return None
            if use is None:
                at.error(
                    Text(
                        f"「{shown}」だけではどの政策・目標の ID か分かりません。",
                        f"'{shown}' alone does not say which framework's id it is.",
                    ),
                    _id_hint(None),
                )
                return None
            found.append(f"{use}-{number}")
            continue
        identifier = resolver.canonical(token)
        if not _ID.match(identifier):
            bad.append(token)
            continue
        found.append(identifier)
        prefix_match = _PREFIX.match(identifier)
        if prefix_match:
            current = prefix_match.group(1)
    if bad:
        shown_ja, shown_en = "」「".join(bad), "', '".join(bad)
        at.error(
            Text(f"「{shown_ja}」を ID として読めません。", f"Cannot read '{shown_en}' as an id."),
            _id_hint(prefix),
        )
        return None
    if not numeric and found and ", ".join(found) != raw.strip():
        at.notes.normalised += 1
    return _unique(found)


def _id_hint(prefix: str | None) -> Text:
    example = {
        "PP": "PP-6、①③",
        "ORD": "ORD-1.2",
        "PR": "PR-2",
        "VIS": "VIS-6",
        "GL": "GL-4.1",
        "IV": "IV-2",
        "SDG": "SDG-8.3、8.3、目標8",
    }.get(prefix or "", "PP-6, SDG-8.3")
    return Text(
        f"ID を「{example}」のように書き、複数なら「、」か「,」で区切ってください。",
        f"Write ids like '{example.replace('、', ', ')}', separated by commas.",
    )


def _dropped_zero(raw: str, prefix: str | None, at: At) -> None:
    """Excel stores 8.10 typed into a number cell as 8.1: say so where it may have happened."""
    if not re.fullmatch(r"\d+\.1", raw):
        return
    shown = f"SDG-{raw}"
    at.info(
        Text(
            f"数値「{raw}」を {shown} と読みました。Excel は数値の末尾の 0 を落とすため、"
            f"{shown}0 のつもりでも {raw} になります。",
            f"Read the number {raw} as {shown}. Excel drops trailing zeros from numbers, so "
            f"{shown}0 typed as a number also arrives as {raw}.",
        ),
        Text(
            f"{shown}0 のつもりなら「SDG-{raw}0」と書くか、列の書式を「文字列」にしてください。",
            f"If you meant {shown}0, write 'SDG-{raw}0' or format the column as text.",
        ),
    )


def single_id(cell: Cell, at: At, hint: Text | None = None) -> str | None:
    """One id (a measure's own, a KPI's, the indicator a KPI contributes to): full-width and
    dash variants are read, nothing else is changed. ``hint``: how to write it, when not a
    measure's id."""
    value = text(cell)
    if value is None:
        return None
    normal = normalise_id(value)
    if not _ID.match(normal):
        at.error(
            Text(
                f"「{value}」は ID にできません（半角英字で始まる半角英数字と -_. だけ）。",
                f"'{value}' cannot be an id (an ASCII letter, then letters, digits, -, _ or .).",
            ),
            hint or Text("例: ECON-01", "For example: ECON-01"),
        )
        return None
    if normal != value:
        at.notes.normalised += 1
    return normal


# --- Years and numbers --------------------------------------------------------------------------


class _YearNotes:
    """What :func:`normalise._year` says, at a cell instead of a YAML position."""

    def __init__(self, at: At):
        self.at = at
        self.failed = False
        self.changed = False

    def info(self, _path: object, _message: Text, _hint: Text | None = None) -> None:
        self.changed = True

    def error(self, _path: object, message: Text, hint: Text | None = None) -> None:
        self.failed = True
        self.at.error(message, hint)


def year(cell: Cell, at: At) -> int | None:
    """A fiscal year: 2031, 2031.0, "2031", 令和13年度, R13, FY2031, 2031年度."""
    value = cell.value
    result: object = None
    if isinstance(value, bool):
        pass
    elif isinstance(value, int):
        result = value
    elif isinstance(value, float):
        result = int(value) if value.is_integer() else None
    elif isinstance(value, dt.date):
        at.error(
            Text(
                f"「{text(cell)}」は日付です。年度（例: {value.year}）を書いてください。",
                f"'{text(cell)}' is a date; write the fiscal year (e.g. {value.year}).",
            ),
            Text(
                "列の書式が「日付」なら「標準」にしてから年度を入力してください。",
                "If the column is formatted as a date, format it as General first.",
            ),
        )
        return None
    else:
        raw = str(value).strip()
        raw = re.sub(r"^(\d{4})\.0+$", r"\1", unicodedata.normalize("NFKC", raw))
        notes = _YearNotes(at)
        result = _year(raw, (), notes)
        if notes.failed:
            return None
        if isinstance(result, int) and (notes.changed or raw != str(value).strip()):
            at.notes.normalised += 1
    if not isinstance(result, int):
        at.error(
            Text(
                f"「{text(cell)}」を年度として読めません。",
                f"Cannot read '{text(cell)}' as a fiscal year.",
            ),
            Text(
                "西暦の年度（2031）か和暦（令和13年度、R13）で書いてください。",
                "Write a Western fiscal year (2031) or a Japanese era year (令和13年度, R13).",
            ),
        )
        return None
    if not 1900 <= result <= 2200:
        at.error(
            Text(
                f"年度 {result} は範囲外です（1900〜2200）。",
                f"The year {result} is out of range (1900 to 2200).",
            )
        )
        return None
    return result


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def number(cell: Cell, at: At, unit: str | None) -> int | float | None:
    """A KPI value: 1200, 1,200, １２００, 18.5, △5 (minus five), 80%, 1,200件 (when the unit
    is 件). A number Excel shows as a percentage (0.8 shown as 80%) is read as shown."""
    value = cell.value
    if isinstance(value, bool | dt.date | dt.time):
        result = None
    elif isinstance(value, int | float):
        if not math.isfinite(value):
            result = None
        elif cell.percent:
            result = round(value * 100, 10)
            at.info(
                Text(
                    f"パーセント表示のセルを {_plain(result)} と読みました（Excel は 80% を "
                    "0.8 として保存します）。",
                    f"A cell shown as a percentage is read as {_plain(result)} (Excel stores "
                    "80% as 0.8).",
                )
            )
        else:
            result = value
    else:
        raw = unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "")
        raw = re.sub(r"^[△▲]", "-", raw)
        normal_unit = unicodedata.normalize("NFKC", unit).strip() if unit else None
        for suffix in (normal_unit, "%"):
            if suffix and raw.endswith(suffix) and len(raw) > len(suffix):
                raw = raw[: -len(suffix)]
                break
        if _THOUSANDS.match(raw):
            raw = raw.replace(",", "")
        result = float(raw) if _DECIMAL.match(raw) else None
        if result is not None and raw != str(value).strip():
            at.notes.normalised += 1
    if result is None:
        at.error(
            Text(
                f"「{text(cell)}」は数値ではありません。",
                f"'{text(cell)}' is not a number.",
            ),
            Text(
                "算用数字で書き（1200、1,200、18.5）、単位は「単位」の列に書いてください。",
                "Write digits (1200, 1,200, 18.5) and put the unit in the 単位 (unit) column.",
            ),
        )
        return None
    return tidy_number(result)


def tidy_number(value: int | float) -> int | float:
    """18.0 → 18: the same number, written the way people write it."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _plain(value: float) -> str:
    return str(tidy_number(value))


# --- A KPI's direction and milestones -----------------------------------------------------------


def direction(cell: Cell, at: At) -> str | None:
    """増加, 減少, 維持 (what the export writes; also 上昇, 削減 … as in measure files) or
    increase, decrease, maintain in any case: the model's word. None when empty or after an
    error."""
    value = text(cell)
    if value is None:
        return None
    meant = read_direction(value)
    if meant is None:
        at.error(
            Text(
                f"「{value}」は指標の方向として読めません。",
                f"Cannot read '{value}' as the direction of an indicator.",
            ),
            Text(
                "「増加」「減少」「維持」のどれかを書くか、空けてください（空なら現状値と目標値"
                "から決まります）。",
                "Write 増加 (increase), 減少 (decrease) or 維持 (maintain), or leave it empty "
                "(then the baseline and the target decide).",
            ),
        )
        return None
    if value not in ("増加", "減少", "維持", *DIRECTIONS):
        at.notes.normalised += 1
    return meant


def kpi_type(cell: Cell, at: At) -> str | None:
    """成果指標 or 活動指標 (what the export writes; also アウトカム, アウトプット) or outcome,
    activity: the model's word. None when empty or after an error."""
    value = text(cell)
    if value is None:
        return None
    meant = read_kpi_type(value)
    if meant is None:
        at.error(
            Text(
                f"「{value}」は指標の種別として読めません。",
                f"Cannot read '{value}' as the type of an indicator.",
            ),
            Text(
                "「成果指標」か「活動指標」を書くか、空けてください。",
                "Write 成果指標 (outcome) or 活動指標 (activity), or leave it empty.",
            ),
        )
        return None
    if value not in ("成果指標", "活動指標", *KPI_TYPES):
        at.notes.normalised += 1
    return meant


def tolerance(cell: Cell, at: At) -> int | float | None:
    """A maintain KPI's tolerance in percent (5, or 5%): 0 to 100."""
    found = number(cell, at, "%")
    if found is None:
        return None
    if not 0 <= found <= 100:
        at.error(
            Text(f"許容幅 {found} は 0〜100（%）で書いてください。", f"A tolerance of {found}: write 0 to 100 (%)."),
            Text("例: 5（目標値の ±5% 以内なら維持できているとみなす）", "e.g. 5 (within ±5% of the target it holds)"),
        )
        return None
    return found


MILESTONE_SEPARATOR = "; "
# Between milestones (after NFKC: ； → ;). Not ",": 1,200 is one value.
_BETWEEN_MILESTONES = re.compile(r"[;、\n]+")
MILESTONE_HINT = Text(
    "年度目標は「年度:目標値」を「;」か「、」で区切って書きます（例: 2026:140; 2028:160。"
    "令和8年度:1,200 とも書けます）。列の書式は「文字列」にしてください（Excel が 26:40 を時刻に"
    "変えないように）。",
    "Write each milestone as 'year:value', separated by ';' or '、' (e.g. 2026:140; 2028:160; "
    "令和8年度:1,200 is read too). Format the column as text, so that Excel does not turn 26:40 "
    "into a time.",
)


def format_milestones(milestones: dict[int, float]) -> str | None:
    """``2026:140; 2028:160``, by year; None for a KPI without milestones."""
    return (
        MILESTONE_SEPARATOR.join(
            f"{fiscal_year}:{tidy_number(value)}"
            for fiscal_year, value in sorted(milestones.items())
        )
        or None
    )


def milestones(cell: Cell, at: At, unit: str | None) -> dict[int, int | float] | None:
    """The 年度目標 cell, ``2026:140; 2028:160``, into ``{2026: 140, 2028: 160}``: years as the
    other year cells take them (令和8年度, R8, FY2026), values as the other value cells take
    them (1,200, １２００, 140件 for a KPI in 件), ``、`` ``；`` or line breaks between them. Empty:
    ``{}``; None after an error, which names the milestone and says what is wrong with it."""
    value = cell.value
    if not isinstance(value, str):
        # A number, or a time Excel made of 26:40 typed into a cell not formatted as text.
        at.error(
            Text(
                f"「{text(cell)}」を年度目標として読めません（「年度:目標値」の形ではありません）。",
                f"Cannot read '{text(cell)}' as milestones (they are not 'year:value').",
            ),
            MILESTONE_HINT,
        )
        return None
    raw = text(cell)
    if raw is None:
        return {}
    found: dict[int, int | float] = {}
    written: dict[int, str] = {}
    failed = False
    for entry in _BETWEEN_MILESTONES.split(unicodedata.normalize("NFKC", raw)):
        entry = entry.strip()
        if not entry:
            continue
        colons = entry.count(":")
        if colons == 0:
            at.error(
                Text(
                    f"年度目標「{entry}」に「:」がありません（年度と目標値の間に書きます）。",
                    f"The milestone '{entry}' has no ':' (it goes between the year and the value).",
                ),
                MILESTONE_HINT,
            )
        elif colons > 1:
            # 「2026:140, 2028:160」: a comma is read as in 1,200, so this is one milestone.
            at.error(
                Text(
                    f"年度目標「{entry}」に「:」が {colons} つあります（年度目標の間は「;」か"
                    "「、」で区切ります。「,」は 1,200 の桁区切りとして読みます）。",
                    f"The milestone '{entry}' has {colons} colons: separate milestones with ';' "
                    "or '、' (a ',' is read as in 1,200).",
                ),
                MILESTONE_HINT,
            )
        if colons != 1:
            failed = True
            continue
        year_text, _colon, value_text = (part.strip() for part in entry.partition(":"))
        year_read = _part(entry, year_text, Text("年度", "year"), at, year)
        value_read = _part(
            entry, value_text, Text("目標値", "value"), at, lambda c, a: number(c, a, unit)
        )
        if year_read is None or value_read is None:
            failed = True
            continue
        if year_read in found:
            at.error(
                Text(
                    f"{year_read} 年度の年度目標が2つあります（「{written[year_read]}」と"
                    f"「{entry}」）。",
                    f"Two milestones for FY{year_read} ('{written[year_read]}' and '{entry}').",
                ),
                Text("1つの年度には目標値を1つ書きます。", "Give one value per year."),
            )
            failed = True
            continue
        found[year_read] = value_read
        written[year_read] = entry
    if failed:
        return None
    if format_milestones(found) != raw:
        at.notes.normalised += 1
    return found


def _part(
    entry: str,
    raw: str,
    what: Text,
    at: At,
    read: Callable[[Cell, At], int | float | None],
) -> int | float | None:
    """The year or the value of one milestone, read as its own cell would be; an error names
    the milestone and gives the reason the cell reader gives."""
    if not raw:
        at.error(
            Text(
                f"年度目標「{entry}」に{what.ja}がありません。",
                f"The milestone '{entry}' has no {what.en}.",
            ),
            MILESTONE_HINT,
        )
        return None
    probe = At(at.place, Notes())
    result = read(Cell(raw), probe)
    if result is None:
        reason = probe.notes.errors[0].message
        at.error(
            Text(
                f"年度目標「{entry}」の{what.ja}を読めません: {reason.ja}",
                f"Cannot read the {what.en} of the milestone '{entry}': {reason.en}",
            ),
            MILESTONE_HINT,
        )
    return result
