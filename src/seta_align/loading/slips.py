"""The typing slips YAML reads as something else, recognised where the schema trips on them.

Inside ``{ }`` or ``[ ]`` a comma separates items, so ``{year: 2022, value: 1,500}`` is read as
``value: 1`` and a key ``500``: the schema then reports an unknown field 「500」, which says
nothing of what happened. These functions look at the line the finding points at and, when the
place is part of such a split, say what was typed, how YAML split it and what to write instead.
"""

from __future__ import annotations

import re

from ..i18n import Text

# A number with thousands separators, the digits after the first comma being what YAML took
# for the next item: "1,500", "12,345,678", "1,500人" (a unit after it).
_THOUSANDS = re.compile(r"(?<![\w.,])([+-]?\d{1,3})((?:,\d{3})+)(\.\d+)?([^\s,}\]#]*)")
# Digits joined by a Japanese comma or a full-width one that NFKC leaves as is: 1、500.
_IDEOGRAPHIC = re.compile(r"\d+(?:、\d+)+")


def comma_split(line: str | None, column: int | None) -> tuple[Text, Text] | None:
    """The message and hint for a finding at ``column`` (1-based) of ``line`` when that place
    is the tail of a number YAML split at its thousands comma inside ``{ }`` or ``[ ]``."""
    if not line or column is None or not _inside_flow(line, column - 1):
        return None
    for match in _THOUSANDS.finditer(line):
        start, end = match.start(), match.end()
        if not start <= column - 1 < end:
            continue
        typed = match.group(0)
        head = match.group(1)
        tail = [part for part in match.group(2).split(",") if part]
        unit = match.group(4)
        digits = head + "".join(tail) + (match.group(3) or "")
        pieces_ja = "、".join([head, *tail[:-1], tail[-1] + unit])
        pieces_en = ", ".join([head, *tail[:-1], tail[-1] + unit])
        message = Text(
            f"「{typed}」は {{ }} や [ ] の中ではカンマで区切られ、YAML は {pieces_ja} の"
            f" {len(tail) + 1} 項目に分けて読みます（桁区切りのカンマのため）。",
            f"Inside {{ }} or [ ], YAML splits '{typed}' at its commas into {len(tail) + 1} "
            f"items: {pieces_en} (the thousands separator).",
        )
        if unit:
            hint = Text(
                f"桁区切りと単位を外して {digits} と書き、単位「{unit}」は unit に書いてください"
                f"（または \"{head}{match.group(2)}{match.group(3) or ''}\" と引用符で囲む）。",
                f"Write {digits}, without the separator and the unit, and put '{unit}' under "
                f"unit (or quote the number: \"{head}{match.group(2)}{match.group(3) or ''}\").",
            )
        else:
            hint = Text(
                f"{digits} と書くか、\"{typed}\" と引用符で囲んでください。",
                f"Write {digits}, or quote it: \"{typed}\".",
            )
        return message, hint
    return None


def ideographic_comma(value: object) -> Text | None:
    """A hint for digits joined by 、 (1、500), which no reader takes for a number."""
    if isinstance(value, str) and _IDEOGRAPHIC.fullmatch(value.strip()):
        digits = value.strip().replace("、", "")
        return Text(
            f"「、」は桁区切りになりません。{digits} と書いてください。",
            f"'、' is no thousands separator: write {digits}.",
        )
    return None


def _inside_flow(line: str, index: int) -> bool:
    """Whether ``index`` of ``line`` stands inside an open ``{`` or ``[`` of that line (quoted
    text aside)."""
    depth = 0
    quote = ""
    for char in line[:index]:
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth = max(0, depth - 1)
        elif char == "#":
            break
    return depth > 0 and not quote
