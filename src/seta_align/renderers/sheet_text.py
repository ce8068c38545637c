"""Text as a spreadsheet takes it: formulas neutralised, widths counted as Excel counts them.
Shared by every sheet seta-align writes (the views' workbooks and CSV, the measures sheet, the
results template, the interactions sheet)."""

from __future__ import annotations

import unicodedata

from ..printable import visible

# Spreadsheets run a cell that starts with one of these as a formula (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text a spreadsheet shows as text: a leading formula character gets a ``'`` before it,
    and control characters are shown as escapes (see ``printable``), as in every format.

    Text that already starts with ``'`` and a formula character gets one more, so that taking
    one ``'`` off on import gives back exactly what was written.
    """
    text = visible(text, keep_lines=True)
    if text.startswith(FORMULA_STARTS) or (
        text.startswith("'") and text[1:2] in FORMULA_STARTS and text[1:2]
    ):
        return "'" + text
    return text


def display_width(text: str) -> int:
    """Width in half-width character cells: CJK (and ambiguous, like ●) characters count two."""
    return max(
        (
            sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in line)
            for line in text.splitlines() or [""]
        ),
        default=0,
    )
