"""Impact scores in sheets, written and read: the 影響 cell of a measure, the lines of its
notes, mitigations and evidence, and one score as people type it (also in a square matrix of
interactions).

- **影響 (impacts)**: ``SDG-11.7:-2; SDG-8.3:+2`` — a node's or measure's id, a colon, a score
  on the seven-point scale. Read back also with the scale's names (``reinforcing``), its
  Japanese labels (``強化``), full-width digits and signs (``＋２``, ``−1``), ``：`` for the
  colon and ``、`` ``；`` ``,`` or line breaks between impacts.
- **影響の説明 / 緩和策 / エビデンス (note, mitigation, evidence)**: one line per impact,
  ``SDG-11.7: 緑地が減る``. A text of several lines, with spaces at its ends or starting with
  ``"`` is written in double quotes (a quote inside doubled, as CSV does), so that every text
  comes back exactly; anything else is taken as written to the end of its line.

Each reader returns the value, or None after recording an error at the cell (sheet, row and
column) that says what is wrong and how to write it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable

from ..analysis.references import fold
from ..i18n import Text
from ..loading.normalise import normalise_id
from ..measure_records import Impact
from ..suggest import IdIndex
from ..vocabulary import ID_PATTERN, IMPACT_SCALE, impact_score, written
from .cells import At, Resolver, text
from .table import Cell

SCORE_SEPARATOR = "; "
_ID = re.compile(ID_PATTERN)
# Between impacts in the 影響 cell (after NFKC: ； → ;, ， → ,).
_BETWEEN = re.compile(r"[;,、\n]+")
# Minus signs people type: the dashes ids accept, and △ ▲ as Japanese accounts write a minus.
_MINUS = re.compile(r"^[\u2010-\u2015\u2212\u30fc\uff70\ufe63\uff0d△▲]")


def format_score(score: int) -> str:
    """+2, -1, 0: the sign always shown, as the scale is written."""
    return f"{score:+d}" if score else "0"


def scale_text(lang_ja: bool) -> str:
    """``+3 不可分、+2 強化 … -3 両立不可`` (or the English names)."""
    if lang_ja:
        return "、".join(f"{format_score(s)} {ja}" for s, (_en, ja) in IMPACT_SCALE.items())
    return ", ".join(f"{format_score(s)} {en}" for s, (en, _ja) in IMPACT_SCALE.items())


# --- Writing ------------------------------------------------------------------------------------


def format_impacts(impacts: Iterable[Impact]) -> str | None:
    """``SDG-11.7:-2; SDG-8.3:+2``, or None for a measure without impacts."""
    return SCORE_SEPARATOR.join(f"{i.on}:{format_score(i.score)}" for i in impacts) or None


def _quoted(value: str) -> str:
    if value == "" or value != value.strip() or "\n" in value or "\r" in value or value[0] == '"':
        return '"' + value.replace('"', '""') + '"'
    return value


def format_texts(impacts: Iterable[Impact], part: str) -> str | None:
    """One line ``ID: text`` per impact that has the ``part`` (note, mitigation, evidence)."""
    lines = [
        f"{impact.on}: {_quoted(value)}"
        for impact in impacts
        if (value := written(impact, part)) is not None
    ]
    return "\n".join(lines) or None


# --- Reading ------------------------------------------------------------------------------------


def _score_hint(example: Text) -> Text:
    return Text(
        f"評価は -3〜+3 の整数か尺度の名前で書きます（{scale_text(True)}）。{example.ja}",
        f"Write the score as a whole number from -3 to +3 or a name of the scale "
        f"({scale_text(False)}). {example.en}",
    )


CELL_EXAMPLE = Text(
    "例: SDG-7.2:+2; SDG-15.1:対立",
    "For example: SDG-7.2:+2; SDG-15.1:counteracting",
)
MATRIX_EXAMPLE = Text(
    "1つのセルに1つの評価（例: +2、-1、強化）。未評価の組は空けておきます。",
    "One score per cell (e.g. +2, -1, reinforcing); leave a pair that is not assessed empty.",
)


def read_score(value: object, at: At, example: Text, shown: str | None = None) -> int | None:
    """One score: a number of the scale (2, +2, ＋２, −1, △1), an English name (reinforcing)
    or a Japanese label (強化). None after an error at ``at``."""
    shown = shown if shown is not None else str(value).strip()
    score: object = None
    if isinstance(value, bool | dt.date | dt.time):
        score = None
    elif isinstance(value, int):
        score = value
    elif isinstance(value, float):
        score = int(value) if math.isfinite(value) and value.is_integer() else None
    else:
        raw = unicodedata.normalize("NFKC", str(value)).strip()
        raw = _MINUS.sub("-", raw)
        score = impact_score(raw)
        if not isinstance(score, int) or isinstance(score, bool):
            score = None
        elif raw != str(value).strip():
            at.notes.normalised += 1
    if score is None:
        at.error(
            Text(
                f"「{shown}」は評価の尺度にありません。",
                f"'{shown}' is not a score of the scale.",
            ),
            _score_hint(example),
        )
        return None
    if not -3 <= score <= 3:
        at.error(
            Text(
                f"評価 {shown} は尺度（-3〜+3）の外です。",
                f"The score {shown} is outside the scale (-3 to +3).",
            ),
            _score_hint(example),
        )
        return None
    return score


def _entry_id(raw: str, at: At, resolver: Resolver, example: Text) -> str | None:
    normal = normalise_id(raw)
    identifier = resolver.canonical(normal)
    if not _ID.match(identifier):
        at.error(
            Text(
                f"「{raw.strip()}」は ID として読めません。",
                f"Cannot read '{raw.strip()}' as an id.",
            ),
            Text(
                "ID は半角英字で始まります（SDG-7.2、PP-6、ECON-01）。" + example.ja,
                "An id starts with an ASCII letter (SDG-7.2, PP-6, ECON-01). " + example.en,
            ),
        )
        return None
    if identifier != raw.strip():
        at.notes.normalised += 1
    return identifier


def read_impacts(cell: Cell, at: At, resolver: Resolver, index: IdIndex) -> list[dict] | None:
    """The 影響 cell: ``[{on, score}, …]`` in the order written. An id the framework and the
    sheet do not know is a warning (``check`` reports it); None after an error."""
    value = text(cell)
    if value is None:
        return []
    normal = unicodedata.normalize("NFKC", value)
    found: list[dict] = []
    seen: dict[str, str] = {}
    failed = False
    for entry in _BETWEEN.split(normal):
        entry = entry.strip()
        if not entry:
            continue
        name, colon, score_text = entry.partition(":")
        if not colon:
            at.error(
                Text(
                    f"「{entry}」に「:」がありません（ID と評価の間に書きます）。",
                    f"'{entry}' has no ':' (it goes between the id and the score).",
                ),
                Text(
                    "影響ごとに「ID:評価」と書き、「;」で区切ります。" + CELL_EXAMPLE.ja,
                    "Write 'id:score' for each impact, separated by ';'. " + CELL_EXAMPLE.en,
                ),
            )
            failed = True
            continue
        identifier = _entry_id(name, at, resolver, CELL_EXAMPLE)
        if not score_text.strip():
            at.error(
                Text(
                    f"「{entry}」の「:」の後に評価がありません。",
                    f"'{entry}' has no score after the ':'.",
                ),
                _score_hint(CELL_EXAMPLE),
            )
            failed = True
            continue
        score = read_score(score_text, at, CELL_EXAMPLE)
        if identifier is None or score is None:
            failed = True
            continue
        if fold(identifier) in seen:
            at.error(
                Text(
                    f"{identifier} への影響が2回書かれています。",
                    f"The impact on {identifier} is written twice.",
                ),
                Text(
                    "1つの政策・目標・施策への影響は1つの評価にまとめてください。",
                    "Give one score per node or measure.",
                ),
            )
            failed = True
            continue
        seen[fold(identifier)] = identifier
        if identifier not in resolver:
            guess = index.suggest(identifier)
            at.notes.warning(
                at.place,
                Text(
                    f"影響先「{identifier}」はフレームワークにもこのシートの施策にもありません"
                    "（このまま書き出し、seta-align check が報告します）。",
                    f"The impact target '{identifier}' is neither in the framework nor a measure "
                    "of this sheet (written as it is; seta-align check reports it).",
                ),
                Text(f"「{guess}」の誤りではありませんか？", f"Did you mean '{guess}'?")
                if guess
                else None,
            )
        found.append({"on": identifier, "score": score})
    return None if failed else found


_TEXT_EXAMPLES = {
    "note": (Text("影響の説明", "impact note"), "SDG-11.7: 緑地が減る"),
    "mitigation": (Text("緩和策", "mitigation"), "SDG-11.7: 屋上緑化を義務づける"),
    "evidence": (Text("エビデンス", "evidence"), "SDG-11.7: https://example.org/report"),
    "assessed_by": (Text("影響の評価者", "assessor"), "SDG-11.7: 環境審議会"),
    "assessed_on": (Text("影響の評価日", "assessment date"), "SDG-11.7: 2026-04-01"),
    "source": (Text("影響の出典", "source"), "SDG-11.7: 第3回部会資料"),
}


def _text_hint(part: str) -> Text:
    name, example = _TEXT_EXAMPLES[part]
    return Text(
        f"{name.ja}は影響ごとに1行「ID: 文」と書きます（例: {example}）。"
        '複数行の文は二重引用符（"）で囲みます。',
        f"Write one line 'id: text' per impact for the {name.en} (e.g. {example}); "
        'put a text of several lines in double quotes (").',
    )


def _quoted_value(rest: str) -> tuple[str, str] | None:
    """``rest`` starts with ``"``: the quoted text and what follows the line of its closing
    quote, when nothing but spaces follows that quote on its line (else None: the quote is
    part of the text, as written)."""
    part: list[str] = []
    position = 1
    while position < len(rest):
        char = rest[position]
        if char == '"':
            if rest[position + 1 : position + 2] == '"':
                part.append('"')
                position += 2
                continue
            tail, newline, after = rest[position + 1 :].partition("\n")
            if tail.strip():
                return None
            return "".join(part), after if newline else ""
        part.append(char)
        position += 1
    return None


_COLON = re.compile("[:：]")


def read_texts(
    cell: Cell, at: At, part: str, resolver: Resolver
) -> dict[str, tuple[str, str]] | None:
    """A notes, mitigations or evidence cell: ``{folded id: (id, text)}``. None after an error."""
    value = text(cell)
    if value is None:
        return {}
    found: dict[str, tuple[str, str]] = {}
    failed = False
    rest = value
    while rest:
        line, newline, after = rest.partition("\n")
        colon = _COLON.search(line)
        if not line.strip():
            rest = after
            continue
        if colon is None or not line[: colon.start()].strip():
            at.error(
                Text(
                    f"「{line.strip()}」に「:」がありません（ID と文の間に書きます）。",
                    f"'{line.strip()}' has no ':' (it goes between the id and the text).",
                ),
                _text_hint(part),
            )
            failed = True
            rest = after
            continue
        name = line[: colon.start()]
        # What follows the colon: to the end of the line, or a quoted text over several lines.
        remainder = rest[colon.end() :].lstrip(" \t\u3000")
        quoted = _quoted_value(remainder) if remainder.startswith('"') else None
        if quoted is not None:
            body, rest = quoted
        else:
            body, rest = line[colon.end() :].strip(), after if newline else ""
        identifier = _entry_id(name, at, resolver, _text_hint(part))
        if identifier is None:
            failed = True
            continue
        key = fold(identifier)
        if key in found:
            at.error(
                Text(
                    f"{identifier} の行が2つあります。",
                    f"There are two lines for {identifier}.",
                ),
                _text_hint(part),
            )
            failed = True
            continue
        if quoted is None and not body:
            continue  # 「SDG-11.7:」 with nothing after it: no text
        found[key] = (identifier, body)
    return None if failed else found
