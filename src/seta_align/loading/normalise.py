"""Japanese-flavoured input read as what it means, and said so.

Department staff type ids in full width (ＳＤＧ－８．３), owners in half-width katakana, and years
as 令和13年度 or R13. Before a measure is validated, such values are normalised in memory (the
file is never changed) and each change is reported as an info finding, so nothing is silently
different from what the user wrote. Era years that cannot exist (令和0年度, 平成32年度) are errors.
"""

from __future__ import annotations

import re
import unicodedata
from typing import get_args

from ..findings import Finding, Location, Severity
from ..i18n import Text
from ..vocabulary import ID_PATTERN, Direction, KpiType
from .yaml_source import Path_, SourceMap, schema_problem_at

_ID = re.compile(ID_PATTERN)
# Dashes and long vowel marks that people type for '-' in ids.
_DASHES = re.compile(r"[\u2010-\u2015\u2212\u30fc\uff70\ufe63\uff0d]")

# era: (first Western year - 1, last valid era year or None while the era goes on)
_ERAS = {
    "令和": (2018, None),
    "R": (2018, None),
    "平成": (1988, 31),
    "H": (1988, 31),
    "昭和": (1925, 64),
    "S": (1925, 64),
}
_ERA_YEAR = re.compile(r"^(令和|平成|昭和|[RHS])\s*(\d{1,3}|元)\s*(年度|年)?$", re.IGNORECASE)
_WESTERN_YEAR = re.compile(r"^(?:FY\s*)?(\d{4})\s*(?:年度|年)?$", re.IGNORECASE)
# A date where a year belongs, as people type one: 2024-04-01, 2024/4/1, 2024.4.1.
_DATE = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")


def normalise_id(text: str) -> str:
    return _DASHES.sub("-", unicodedata.normalize("NFKC", text)).strip()


class _Notes:
    def __init__(self, file: str, source: SourceMap):
        self.file = file
        self.source = source
        self.findings: list[Finding] = []

    def info(self, path: Path_, message: Text, hint: Text | None = None) -> None:
        line, column = self.source.locate(path) or (None, None)
        self.findings.append(
            Finding(
                code="SA004",
                name="normalised-input",
                severity=Severity.INFO,
                message=message,
                location=Location(self.file, line, column),
                hint=hint,
            )
        )

    def error(self, path: Path_, message: Text, hint: Text | None = None) -> None:
        self.findings.append(schema_problem_at(self.file, self.source, path, message, hint))


_ID_HINT = Text(
    "半角英数字で書くと確実です（IME をオフにして入力）。",
    "Typing ids in half-width (IME off) avoids this.",
)


def _normalised_id(value: object, path: Path_, notes: _Notes) -> object:
    if not isinstance(value, str):
        return value
    normal = normalise_id(value)
    if normal != value and _ID.match(normal):
        notes.info(
            path,
            Text(
                f"「{value}」を「{normal}」として読みました（全角・異体字を半角に正規化）。",
                f"Read '{value}' as '{normal}' (full-width or variant characters normalised).",
            ),
            _ID_HINT,
        )
        return normal
    return value


def _year(value: object, path: Path_, notes: _Notes) -> object:
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKC", value).strip()
    western = _WESTERN_YEAR.match(text)
    if western:
        year = int(western.group(1))
        if text != str(year):
            notes.info(
                path,
                Text(
                    f"「{value}」を {year} 年度として読みました。",
                    f"Read '{value}' as fiscal year {year}.",
                ),
            )
        return year
    era = _ERA_YEAR.match(text)
    if era:
        name = era.group(1)
        key = name.upper() if len(name) == 1 else name
        offset, last = _ERAS[key]
        number = 1 if era.group(2) == "元" else int(era.group(2))
        if number < 1 or (last is not None and number > last):
            valid = Text(f"1〜{last}", f"1 to {last}") if last else Text("1 以上", "at least 1")
            notes.error(
                path,
                Text(
                    f"「{value}」という年度はありません（{name} は {valid.ja}）。",
                    f"'{value}' is not a possible year ({name}: {valid.en}).",
                ),
                Text(
                    f"西暦の年度（例: {offset + max(number, 1)}）で書いてください。",
                    f"Write the Western fiscal year (e.g. {offset + max(number, 1)}).",
                ),
            )
            return value
        year = offset + number
        notes.info(
            path,
            Text(
                f"「{value}」を {year} 年度として読みました。",
                f"Read '{value}' as fiscal year {year}.",
            ),
        )
        return year
    if _DATE.match(text):
        notes.error(
            path,
            Text(
                f"「{value}」は日付です。年度（例: {text[:4]}）を書いてください。",
                f"'{value}' is a date; write the fiscal year (e.g. {text[:4]}).",
            ),
        )
    return value


# A KPI value as the import reads it from a sheet: 1,200 and １２００ (full width) are 1200.
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def _value(value: object, path: Path_, notes: _Notes) -> object:
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKC", value).strip()
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    if not _DECIMAL.match(text) or not text.isascii():
        return value  # not a number: the model says so, with what was found
    number = float(text)
    if number.is_integer() and abs(number) < 2**53:
        number = int(number)
    notes.info(
        path,
        Text(f"「{value}」を {number} として読みました。", f"Read '{value}' as {number}."),
        Text(
            "半角の数字だけで、桁区切りなしに書くと確実です（例: 1200）。",
            "Writing half-width digits without separators avoids this (e.g. 1200).",
        ),
    )
    return number


def normalise_measure(item: dict, at: Path_, file: str, source: SourceMap) -> list[Finding]:
    """Normalise ``item`` (a measure mapping, changed in place); the findings say what changed."""
    notes = _Notes(file, source)
    for key in ("id", "field"):
        if key in item:
            item[key] = _normalised_id(item[key], (*at, key), notes)
    for key in ("supports", "depends_on"):
        values = item.get(key)
        if isinstance(values, list):
            item[key] = [_normalised_id(v, (*at, key, i), notes) for i, v in enumerate(values)]
    owner = item.get("owner")
    if isinstance(owner, str):
        normal = unicodedata.normalize("NFKC", owner)
        if normal != owner:
            notes.info(
                (*at, "owner"),
                Text(
                    f"所管「{owner}」を「{normal}」として読みました（半角カナ・全角英数字を正規化）。",
                    f"Read owner '{owner}' as '{normal}' (half-width kana and full-width "
                    "letters normalised).",
                ),
            )
            item["owner"] = normal
    period = item.get("period")
    if isinstance(period, dict):
        for key in ("start", "end"):
            if key in period:
                period[key] = _year(period[key], (*at, "period", key), notes)
    kpis = item.get("kpis")
    if isinstance(kpis, list):
        for index, kpi in enumerate(kpis):
            if not isinstance(kpi, dict):
                continue
            _indicator_values(kpi, (*at, "kpis", index), notes)
    return notes.findings


# Directions as people write them in Japanese plans.
_DIRECTIONS = {
    "増加": "increase",
    "増": "increase",
    "上昇": "increase",
    "向上": "increase",
    "減少": "decrease",
    "減": "decrease",
    "削減": "decrease",
    "低下": "decrease",
    "維持": "maintain",
}
DIRECTIONS: tuple[str, ...] = get_args(Direction)
# KPI types as people write them: 成果指標 (outcome) and 活動指標 (activity, output).
_KPI_TYPES = {
    "成果指標": "outcome",
    "成果": "outcome",
    "アウトカム": "outcome",
    "アウトカム指標": "outcome",
    "活動指標": "activity",
    "活動": "activity",
    "アウトプット": "activity",
    "アウトプット指標": "activity",
    "output": "activity",
}
KPI_TYPES: tuple[str, ...] = get_args(KpiType)


def _read_word(text: str, words: dict[str, str], model: tuple[str, ...]) -> str | None:
    """A word of a closed list as people write it — one of ``words`` (the Japanese, or another
    spelling) or the model's own word, in any case and width — as the model's word; None for
    any other word. Measure files, results files and the sheets read them alike."""
    normal = unicodedata.normalize("NFKC", text).strip()
    lowered = normal.lower()
    found = words.get(normal) or words.get(lowered)
    if found is not None:
        return found
    return lowered if lowered in model else None


def read_kpi_type(text: str) -> str | None:
    """A KPI's type: 成果指標, 活動指標 (also アウトカム, アウトプット), outcome or activity."""
    return _read_word(text, _KPI_TYPES, KPI_TYPES)


def read_direction(text: str) -> str | None:
    """A KPI's direction: 増加, 減少, 維持 (also 上昇, 削減 …), increase, decrease or maintain."""
    return _read_word(text, _DIRECTIONS, DIRECTIONS)


def _say_word(item: dict, key: str, read, at: Path_, notes: _Notes) -> None:
    """``item[key]`` as the model's word when it was written as another spelling (成果指標,
    継続 …), and said so (SA004); any other value stays for the schema to report."""
    written = item.get(key)
    if isinstance(written, str) and (meant := read(written)) is not None and meant != written:
        notes.info(
            (*at, key),
            Text(f"{key}「{written}」を {meant} として読みました。", f"Read {key} '{written}' as {meant}."),
        )
        item[key] = meant


def _indicator_values(kpi: dict, at: Path_, notes: _Notes) -> None:
    """The years and values of a KPI or a plan-level indicator, and its direction."""
    for part in ("baseline", "target"):
        point = kpi.get(part)
        if isinstance(point, dict) and "year" in point:
            point["year"] = _year(point["year"], (*at, part, "year"), notes)
        if isinstance(point, dict) and "value" in point:
            point["value"] = _value(point["value"], (*at, part, "value"), notes)
    if "id" in kpi:
        kpi["id"] = _normalised_id(kpi["id"], (*at, "id"), notes)
    if "contributes_to" in kpi:
        kpi["contributes_to"] = _normalised_id(kpi["contributes_to"], (*at, "contributes_to"), notes)
    direction = kpi.get("direction")
    if isinstance(direction, str):
        text = unicodedata.normalize("NFKC", direction).strip()
        meant = read_direction(direction) or (text.lower() if text.lower() != text else None)
        if meant is not None and meant != direction:
            notes.info(
                (*at, "direction"),
                Text(
                    f"direction「{direction}」を {meant} として読みました。",
                    f"Read direction '{direction}' as {meant}.",
                ),
            )
            kpi["direction"] = meant
    _say_word(kpi, "type", read_kpi_type, at, notes)
    milestones = kpi.get("milestones")
    if isinstance(milestones, dict):
        read: dict = {}
        for key, value in milestones.items():
            year = _year(key, (*at, "milestones", key), notes) if isinstance(key, str) else key
            read[year] = _value(value, (*at, "milestones", key), notes)
        kpi["milestones"] = read


def normalise_indicator(item: dict, at: Path_, file: str, source: SourceMap) -> list[Finding]:
    """Normalise a plan-level indicator mapping in place, as a measure's KPI is."""
    notes = _Notes(file, source)
    if "on" in item:
        item["on"] = _normalised_id(item["on"], (*at, "on"), notes)
    _indicator_values(item, at, notes)
    return notes.findings


def normalise_result(item: dict, at: Path_, file: str, source: SourceMap) -> list[Finding]:
    """Normalise a result record in place: ids, 令和7年度, 1,200 and full-width digits."""
    notes = _Notes(file, source)
    for key in ("measure", "indicator"):
        if key in item:
            item[key] = _normalised_id(item[key], (*at, key), notes)
    if isinstance(item.get("kpi"), str):
        item["kpi"] = unicodedata.normalize("NFKC", item["kpi"]).strip() or item["kpi"]
    if "year" in item:
        item["year"] = _year(item["year"], (*at, "year"), notes)
    if "value" in item:
        item["value"] = _value(item["value"], (*at, "value"), notes)
    return notes.findings


# 今後の方向性 as 事務事業評価 sheets write it.
_OUTLOOKS = {
    "拡充": "expand",
    "拡大": "expand",
    "継続": "continue",
    "現状維持": "continue",
    "改善": "improve",
    "見直し": "improve",
    "縮小": "reduce",
    "休止": "suspend",
    "廃止": "abolish",
}
# Each outlook as the sheets write it, in the order of the 事務事業評価 sheets.
OUTLOOK_WORDS = {
    "expand": "拡充",
    "continue": "継続",
    "improve": "改善",
    "reduce": "縮小",
    "suspend": "休止",
    "abolish": "廃止",
}


def read_outlook(text: str) -> str | None:
    """今後の方向性: 拡充・継続・改善・縮小・休止・廃止 (also 拡大, 見直し …) or the English word."""
    return _read_word(text, _OUTLOOKS, tuple(OUTLOOK_WORDS))


def normalise_evaluation(item: dict, at: Path_, file: str, source: SourceMap) -> list[Finding]:
    """Normalise a measure's evaluation in place: its id, 令和7年度, 今後の方向性 in Japanese."""
    notes = _Notes(file, source)
    if "measure" in item:
        item["measure"] = _normalised_id(item["measure"], (*at, "measure"), notes)
    if "year" in item:
        item["year"] = _year(item["year"], (*at, "year"), notes)
    _say_word(item, "outlook", read_outlook, at, notes)
    if isinstance(item.get("self_grade"), (int, float)) and not isinstance(item["self_grade"], bool):
        item["self_grade"] = str(item["self_grade"])  # a grade written as 1, 2, 3
    return notes.findings


def read_fiscal_year(text: str) -> int | None:
    """A fiscal year typed on the command line (2025, FY2025, 令和7年度, R7), or None."""
    notes = _Notes("", SourceMap())
    year = _year(text, (), notes)
    if isinstance(year, int) and not any(n.is_input_problem for n in notes.findings):
        return year
    return None
