"""Wrapping mixed Japanese and ASCII text the way a Japanese reader expects, in rich tables.

rich breaks lines only at spaces. A Japanese message has few spaces and many ids: rich then
leaves half-empty lines before a long run of Japanese, or folds an id such as ``SDG-8.10`` in the
middle. :class:`Wrapped` breaks between any two Japanese characters (keeping closing
punctuation off the start of a line and opening brackets off its end, 禁則), at spaces, and never
inside an ASCII token (an id, a key, a number) unless the token alone is wider than the column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style

# Characters that may not start a line (closing punctuation, small kana, the long vowel mark)
# and that may not end one (opening brackets).
_NO_START = set("、。，．・：；？！ー）」』】〕〉》｝］)]}>,.:;!?ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ％")
_NO_END = set("（「『【〔〈《｛［([{<")
# An ASCII run without spaces is one token; anything else is one character a token.
_TOKENS = re.compile(r"[!-~]+| +|.", re.S)


def _tokens(text: str) -> list[str]:
    """Units that are never broken inside, with 禁則 applied by gluing."""
    units: list[str] = []
    for match in _TOKENS.finditer(text):
        token = match.group()
        if units and not token.isspace() and (
            token[0] in _NO_START or (units[-1] and units[-1][-1] in _NO_END)
        ) and not units[-1].isspace():
            units[-1] += token
        else:
            units.append(token)
    return units


# Where a list of whole units may break: after 「・」 or ", " (「順調 6・おおむね順調 4」).
_UNIT_BREAK = re.compile(r"(?<=・)|(?<=, )")


def _units(text: str) -> list[str]:
    """A list such as 「順調 6・おおむね順調 4・未報告 1」 as its items, each kept whole: a status
    label is never split (「おおむね順/調 4」 reads as two statuses)."""
    return [unit for unit in _UNIT_BREAK.split(text) if unit]


def wrap(text: str, width: int, *, units: bool = False) -> list[str]:
    """``text`` (one line) in lines of at most ``width`` cells; with ``units``, broken only
    between the items of a 「・」 or ", " list."""
    width = max(width, 2)
    lines: list[str] = []
    current = ""
    for token in _units(text) if units else _tokens(text):
        if token.isspace():
            if current and cell_len(current) + cell_len(token) <= width:
                current += token
            elif current:
                lines.append(current.rstrip())
                current = ""
            continue
        if cell_len(current) + cell_len(token) <= width:
            current += token
            continue
        if current.strip():
            lines.append(current.rstrip())
        current = ""
        while cell_len(token) > width:  # a token wider than the column: folded, as rich would
            cut = _fit(token, width)
            lines.append(token[:cut])
            token = token[cut:]
        current = token
    if current.strip() or not lines:
        lines.append(current.rstrip())
    return lines


def _fit(text: str, width: int) -> int:
    used = 0
    for index, character in enumerate(text):
        used += cell_len(character)
        if used > width:
            return max(index, 1)
    return len(text)


@dataclass
class Line:
    text: str
    style: str | Style = ""
    wrap: bool = True  # False: cut with … (a source line whose caret must stay aligned)
    units: bool = False  # True: a 「・」 list whose items are never split (see _units)

    def tokens(self) -> list[str]:
        return _units(self.text) if self.units else _tokens(self.text)


class Wrapped:
    """A table cell of lines, each wrapped as Japanese text is (see the module's doc)."""

    def __init__(self, *lines: Line):
        self.lines = list(lines)

    def append(self, text: str, style: str | Style = "", *, wrap: bool = True) -> None:
        self.lines.append(Line(text, style, wrap))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest_token = max(
            (cell_len(token) for line in self.lines if line.wrap for token in line.tokens()),
            default=1,
        )
        widest_line = max((cell_len(line.text) for line in self.lines), default=1)
        return Measurement(min(widest_token, widest_line), widest_line).clamp(
            max_width=options.max_width
        )

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        for line in self.lines:
            style = (
                line.style
                if isinstance(line.style, Style)
                else console.get_style(line.style) if line.style else Style.null()
            )
            if line.wrap:
                parts = wrap(line.text, width, units=line.units)
            elif cell_len(line.text) > width:
                parts = [line.text[: _fit(line.text, width - 1)] + "…"]
            else:
                parts = [line.text]
            for part in parts:
                yield Segment(part, style)
                yield Segment.line()
