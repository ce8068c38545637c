"""pydantic validation errors turned into located, bilingual schema findings."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..findings import Finding
from ..i18n import Text
from .slips import comma_split, ideographic_comma
from .yaml_source import Path_, SourceMap, schema_problem_at

if TYPE_CHECKING:  # pydantic is imported where a file is validated, not to read the cache
    from pydantic import BaseModel, ValidationError

_TYPE_NAMES = {
    "string": Text("文字列", "a string"),
    "int": Text("整数", "a whole number"),
    "float": Text("数値", "a number"),
    "bool": Text("true / false", "true or false"),
    "list": Text(
        "リスト（- で始まる項目、または [a, b]）", "a list (items starting with -, or [a, b])"
    ),
    "dict": Text("「キー: 値」の組", "a mapping of 'key: value' pairs"),
}

_PYTHON_TYPES = {
    str: Text("文字列", "a string"),
    int: Text("整数", "a whole number"),
    float: Text("数値", "a number"),
    bool: Text("真偽値", "a boolean"),
    list: Text("リスト", "a list"),
    dict: Text("「キー: 値」の組", "a mapping"),
    type(None): Text("空の値", "an empty value"),
}


def _described(value: object) -> Text:
    kind = _PYTHON_TYPES.get(type(value), Text("値", "a value"))
    shown = repr(value) if not isinstance(value, (list, dict)) else ""
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return Text(f"{kind.ja} {shown}".strip(), f"{kind.en} {shown}".strip())


def field_label(path: Iterable[str | int]) -> str:
    """``kpis[1].target.year`` for the path ('kpis', 1, 'target', 'year')."""
    label = ""
    for part in path:
        if isinstance(part, int):
            label += f"[{part}]"
        else:
            label += ("." if label else "") + part
    return label or "(top level)"


def schema_findings(
    error: ValidationError,
    model: type[BaseModel],
    file: str,
    source: SourceMap,
    prefix: Path_ = (),
    data: object = None,
) -> list[Finding]:
    """Findings for a failed validation of ``data`` (the value that was validated)."""
    # pydantic reports a value that fits no branch of a union once per branch, with the branch
    # in the location. One finding per place is what a person can act on: the first branch's,
    # except that the allowed words of several literal branches are merged.
    by_place: dict[tuple, dict] = {}
    details = _one_slip_one_place(error.errors(), data)
    for detail in details:
        loc = real_location(detail["loc"], data)
        earlier = by_place.get(loc)
        if earlier is None:
            by_place[loc] = dict(detail)
        elif earlier["type"] == detail["type"] == "literal_error":
            merged = f"{earlier['ctx']['expected']}, {detail['ctx']['expected']}"
            earlier["ctx"] = {"expected": merged.replace(" or ", ", ")}
    return [
        _one(detail, loc, (*prefix, *loc), model, file, source) for loc, detail in by_place.items()
    ]


# A number with its unit typed after it: 150人, 1,500 件, 12.5%.
_NUMBER_WITH_UNIT = re.compile(r"([+-]?\d[\d,]*(?:\.\d+)?)\s*([^\d\s,.+-][^\d]*)")

def broken_items(error: ValidationError, data: dict, key: str) -> set[int] | None:
    """The indices of the items of ``data[key]`` (a file's list: indicators, interactions)
    that the schema found wrong, to leave out one by one; ``None`` when something outside the
    list, other than its ``note``, is wrong (the file cannot be read item by item)."""
    found: set[int] = set()
    for detail in error.errors():
        place = real_location(tuple(detail["loc"]), data)
        if len(place) > 1 and place[0] == key and isinstance(place[1], int):
            found.add(place[1])
        elif place[:1] != ("note",):
            return None
    return found


def _one_slip_one_place(details: list[dict], data: object) -> list[dict]:
    """``tile:`` for ``title:`` is one slip that the schema sees twice: an unknown field
    ``tile`` and a missing ``title``. The unknown field's finding already asks "did you mean
    title?", so the missing field's is left out."""
    unknown: dict[tuple, list[str]] = {}
    for detail in details:
        if detail["type"] == "extra_forbidden":
            loc = real_location(tuple(detail["loc"]), data)
            unknown.setdefault(loc[:-1], []).append(str(loc[-1]))
    kept = []
    for detail in details:
        if detail["type"] == "missing":
            loc = real_location(tuple(detail["loc"]), data)
            near = unknown.get(loc[:-1], [])
            if near and difflib.get_close_matches(str(loc[-1]), near, n=1, cutoff=0.6):
                continue
        kept.append(detail)
    return kept


_MODEL_NAMES = {
    "Measure",
    "Kpi",
    "YearValue",
    "Period",
    "FieldDef",
    "LevelDef",
    "NodeDef",
    "FrameworkDef",
    "RelationDef",
    "FrameworkFile",
    "Waiver",
    "LevelSetting",
    "Config",
}
_TYPE_LABEL = re.compile(
    r"^(str|int|float|bool|none|list\[.*\]|dict\[.*\]|literal\[.*\]|constrained-.*|"
    r"function-.*|.*\[.*\].*)$"
)


def real_location(loc: tuple, data: object) -> tuple:
    """``loc`` without union-branch labels. A part that is a key or index of the data is real
    even when it looks like a label (a measure may well have an unknown key named ``int``)."""
    real: list[str | int] = []
    current = data
    for part in loc:
        present = (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        )
        if present:
            current = current[part]
        elif _is_branch_label(part):
            continue
        else:
            current = None  # e.g. a missing field: real, but there is no value below it
        real.append(part)
    return tuple(real)


def _is_branch_label(part: str | int) -> bool:
    """A location part that names a union branch (``literal['off']``), not a key or index."""
    return isinstance(part, str) and (part in _MODEL_NAMES or bool(_TYPE_LABEL.match(part)))


def _one(detail: dict, loc: tuple, path: Path_, model, file: str, source: SourceMap) -> Finding:
    kind = detail["type"]
    name = field_label(loc)
    value = detail.get("input")
    hint: Text | None = None
    prefer_key = False

    if kind == "missing":
        message = Text(
            f"必須の項目「{name}」がありません。", f"The required field '{name}' is missing."
        )
        hint = Text(f"「{loc[-1]}: …」を追加してください。", f"Add '{loc[-1]}: ...'.")
    elif kind == "extra_forbidden":
        prefer_key = True
        key = str(loc[-1])
        allowed = _allowed_keys(model, loc[:-1])
        guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        message = Text(f"不明な項目「{key}」です。", f"Unknown field '{key}'.")
        if guess:
            message += Text(
                f"「{guess[0]}」の誤りではありませんか？", f" Did you mean '{guess[0]}'?"
            )
        hint = Text(
            "使える項目: " + ", ".join(allowed),
            "Allowed fields: " + ", ".join(allowed),
        )
    elif kind in (
        "string_type",
        "int_type",
        "float_type",
        "bool_type",
        "list_type",
        "dict_type",
        "model_type",
        "model_attributes_type",
        "int_from_float",
    ):
        expected = {
            "string_type": "string",
            "int_type": "int",
            "int_from_float": "int",
            "float_type": "float",
            "bool_type": "bool",
            "list_type": "list",
        }.get(kind, "dict")
        want = _TYPE_NAMES[expected]
        got = _described(value)
        message = Text(
            f"「{name}」は{want.ja}で書いてください（読み取った値: {got.ja}）。",
            f"'{name}' must be {want.en}; found {got.en}.",
        )
        typed = source.typed_as.get(path)
        if typed and expected == "string":
            raw, as_type = typed
            message = Text(
                f"「{name}」の値 {raw} は YAML では{_TYPE_NAMES.get(as_type, _TYPE_NAMES['float']).ja}"
                f"として読まれ、書いた文字と違う意味になります（{value!r}）。",
                f"'{name}': YAML reads {raw} as {_yaml_type_en(as_type)} ({value!r}), "
                "not as the characters you typed.",
            )
            hint = Text(f'引用符で囲んでください: "{raw}"', f'Quote it: "{raw}"')
            if "supports" in path and re.fullmatch(r"\d+\.\w+", raw):
                # A bare SDG target number: the id the user means is almost surely SDG-<raw>.
                hint = Text(
                    f"SDGs のターゲットなら SDG-{raw} と書いてください。",
                    f"For an SDG target write SDG-{raw}.",
                )
        elif (
            expected in ("int", "float")
            and isinstance(value, str)
            and (unit := _NUMBER_WITH_UNIT.fullmatch(value.strip())) is not None
        ):
            number = unit.group(1).replace(",", "")
            hint = Text(
                f"数値だけを {number} と書き、「{unit.group(2)}」は書かないでください。",
                f"Write the number alone, {number}, without '{unit.group(2)}'.",
            )
            if loc[-1] == "value":
                hint += Text("指標の単位は unit に書きます。", " The KPI's unit goes under unit.")
        elif expected in ("int", "float") and isinstance(value, str) and loc[-1] == "value":
            hint = Text(
                "数値は 10 進数で、単位を付けずに書いてください（例: 1200、1,200、18.5）。"
                "単位は unit に書きます。",
                "Write the number in plain decimal, without its unit (e.g. 1200, 1,200, "
                "18.5); the unit goes in unit.",
            )
        elif expected == "list" and isinstance(value, str):
            hint = Text(f"[{value}] のように書いてください。", f"Write it as [{value}].")
    elif kind == "string_pattern_mismatch":
        message = Text(
            f"「{name}」の値 {value!r} は ID として使えません。"
            "ID は半角英字で始まり、半角英数字と - _ . だけを使います。",
            f"'{name}': {value!r} is not a valid id. Ids start with an ASCII letter and use only "
            "ASCII letters, digits, '-', '_' and '.'.",
        )
        hint = Text(
            "全角文字や空白が混じっていないか確認してください。",
            "Check for full-width characters or spaces.",
        )
    elif kind in ("string_too_short", "too_short"):
        message = Text(f"「{name}」が空です。", f"'{name}' is empty.")
    elif kind == "string_too_long":
        message = Text(f"「{name}」が長すぎます。", f"'{name}' is too long.")
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        limit = detail.get("ctx", {})
        bound = next(iter(limit.values()), "?")
        message = Text(
            f"「{name}」の値 {value!r} が範囲外です（{_bound_ja(kind)} {bound}）。",
            f"'{name}': {value!r} is out of range (must be {_bound_en(kind)} {bound}).",
        )
    elif kind == "literal_error":
        expected = str(detail.get("ctx", {}).get("expected", "")).replace(" or ", ", ")
        shown = repr(value)
        typed = source.typed_as.get(path)
        if typed:  # e.g. `off` that YAML read as false: show what the user typed
            shown = typed[0]
        message = Text(
            f"「{name}」の値 {shown} は使えません。使える値: {expected}",
            f"'{name}': {shown} is not allowed. Expected: {expected}",
        )
    elif kind == "value_error" and "assessed_on_date" in str(detail.get("msg")):
        message = Text(
            f"「{name}」の値 {value!r} は日付として読めません。",
            f"'{name}': {value!r} is not a date.",
        )
        hint = Text(
            "YYYY-MM-DD の形で、実在する日付を書いてください（例: 2026-04-01）。",
            "Write a real day as YYYY-MM-DD (e.g. 2026-04-01).",
        )
    elif kind == "value_error" and "period_order" in str(detail.get("msg")):
        message = Text(
            "期間の終了年度が開始年度より前です。",
            "The period ends before it starts.",
        )
        hint = Text("start と end を確認してください。", "Check start and end.")
    elif kind == "value_error" and "grades_order" in str(detail.get("msg")):
        message = Text(
            "grades は上から順に調べ、最初に当てはまる評価になります。min は上から大きい順に書き、"
            "最後の評価だけ min を省きます（それより下のすべての値がその評価です）。",
            "Grades are checked top to bottom and the first that matches wins: write their min "
            "from the highest down, and leave it out of the last grade only (every rate below the "
            "others is that grade).",
        )
        hint = Text(
            "例: [{label: A, min: 100}, {label: B, min: 80}, {label: C, min: 50}, {label: D}]",
            "e.g. [{label: A, min: 100}, {label: B, min: 80}, {label: C, min: 50}, {label: D}]",
        )
    elif kind == "value_error" and "grades_twice" in str(detail.get("msg")):
        message = Text("grades に同じ label が2回あります。", "Two grades have the same label.")
        hint = Text("評価ごとに異なる label を付けてください。", "Give each grade a label of its own.")
    elif kind == "value_error" and "result_subject" in str(detail.get("msg")):
        message = Text(
            "実績には measure（と kpi）か indicator のどちらか一方を書いてください。",
            "A result names either a measure (and its kpi) or an indicator, not both nor "
            "neither.",
        )
        hint = Text(
            "例: {measure: ECON-01, kpi: 創業件数, year: 2025, value: 120}",
            "e.g. {measure: ECON-01, kpi: new businesses, year: 2025, value: 120}",
        )
    else:
        message = Text(f"「{name}」: {detail.get('msg')}", f"'{name}': {detail.get('msg')}")
    if (joined := ideographic_comma(value)) is not None:
        hint = joined
    finding = schema_problem_at(file, source, path, message, hint, prefer_key)
    # A thousands comma inside { } that YAML took for a separator: say that, not "unknown
    # field 500".
    location = finding.location
    split = comma_split(finding.source_line, location.column if location else None)
    if split is not None:
        finding.message, finding.hint = split
    return finding


def _yaml_type_en(as_type: str) -> str:
    return {
        "float": "a number",
        "int": "a whole number",
        "bool": "true/false",
        "timestamp": "a date",
    }.get(as_type, as_type)


def _bound_ja(kind: str) -> str:
    return {
        "greater_than_equal": "下限",
        "greater_than": "下限（含まない）",
        "less_than_equal": "上限",
        "less_than": "上限（含まない）",
    }[kind]


def _bound_en(kind: str) -> str:
    return {
        "greater_than_equal": "at least",
        "greater_than": "more than",
        "less_than_equal": "at most",
        "less_than": "less than",
    }[kind]


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names allowed at ``loc`` inside ``model``."""
    current: type[BaseModel] | None = model
    skip_key = False
    for part in loc:
        if current is None or isinstance(part, int):
            continue
        if skip_key:  # a key of a dict[str, Model] (e.g. coverage: {SDG.goal: ...}), not a field
            skip_key = False
            continue
        field = current.model_fields.get(part)
        annotation = field.annotation if field else None
        skip_key = getattr(annotation, "__origin__", None) is dict
        current = _submodel(annotation) if field else None
    if current is None:
        return []
    return [info.alias or name for name, info in current.model_fields.items()]


def _submodel(annotation) -> type[BaseModel] | None:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()) or ():
        found = _submodel(argument)
        if found is not None:
            return found
    return None


# --- numbers YAML reads otherwise than they look ---------------------------------------------
#
# The same guard text has (a value YAML typed is shown as typed), for numbers: YAML 1.1 reads
# 010 as octal 8, 0x1F as 31, 0b101 as 5, 12:30 as base 60 750 and 1_000 as 1000, silently.
# A number as anyone writes it is left alone: digits, one point, an exponent; zeros before a
# point (010.5) are read as they look.
_PLAIN_NUMBER = re.compile(
    r"[-+]?(?:(?:0|[1-9][0-9]*)|[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
)
# The keys whose values are numbers: KPI values, fiscal years, impact scores.
_NUMBER_KEYS = frozenset({"value", "year", "start", "end", "score"})
_NOTATIONS = (
    ("0x", Text("16 進数", "hexadecimal")),
    ("0o", Text("8 進数", "octal")),
    ("0b", Text("2 進数", "binary")),
)


def _notation(typed: str) -> Text:
    body = typed.strip().lstrip("+-").lower()
    for prefix, words in _NOTATIONS:
        if body.startswith(prefix):
            return words
    if ":" in body:
        return Text("60 進数（時刻のような書き方）", "base 60 (written like a time)")
    if "_" in body:
        return Text("区切りの _ を無視した数", "a number with its _ separators dropped")
    if body.startswith("0"):
        return Text("8 進数（0 で始まる数）", "octal (a number starting with 0)")
    return Text("特別な書き方", "a special notation")


def numbers_in_disguise(source: SourceMap, file: str) -> list[Finding]:
    """A located error for each number YAML read otherwise than a reader sees it, with what
    was typed and what YAML made of it."""
    return [finding for _, finding in disguised_numbers(source, file)]


def disguised_numbers(source: SourceMap, file: str) -> list[tuple[Path_, Finding]]:
    """:func:`numbers_in_disguise` with the place of each number in the document, so that a
    reader can leave out the value it cannot trust."""
    problems = []
    for path, (typed, kind) in source.typed_as.items():
        if kind not in ("int", "float") or not path or path[-1] not in _NUMBER_KEYS:
            continue  # where text belongs, the schema's "quote it" says it better
        text = typed.strip()
        if _PLAIN_NUMBER.fullmatch(text) or text.lstrip("+-").lower() in (".inf", ".nan"):
            continue  # infinity and NaN: the model says they are not finite numbers

        import yaml  # a disguised number is rare: PyYAML only for one

        try:
            value = yaml.safe_load(text)
        except (yaml.YAMLError, ValueError):
            value = "?"
        if re.fullmatch(r"[-+]?0[0-7]", text) and value == int(text, 8):
            continue  # 00 to 07 mean the same in octal and in decimal
        notation = _notation(text)
        problems.append((
            path,
            schema_problem_at(
                file,
                source,
                path,
                Text(
                    f"「{typed}」は YAML では {notation.ja}として {value} と読まれます。",
                    f"YAML reads '{typed}' as {notation.en}: {value}.",
                ),
                _plain_decimal_hint(text, value),
            ),
        ))
    return problems


def _plain_decimal_hint(typed: str, value: object) -> Text:
    sign = "-" if typed.startswith("-") else ""
    digits = typed.lstrip("+-").replace("_", "")
    # 010 is most likely meant as ten: offer both readings, the user knows which is meant.
    looks = f"{sign}{int(digits)}" if digits.isdigit() and len(digits) < 100 else None
    if looks is not None and looks != str(value):
        return Text(
            f"10 進数で書いてください: {looks} または {value}（意図した方）。",
            f"Write it in plain decimal: {looks} or {value}, whichever you mean.",
        )
    return Text(f"10 進数で書いてください: {value}", f"Write it in plain decimal: {value}.")
