"""Any view as GitHub-flavoured Markdown: for a wiki, a pull-request comment or a handout.

Ids are code, figures right-aligned, a status or severity carries the coloured mark every
Markdown view uses; a cell never breaks its table (no pipe, line break or HTML gets through).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

from ..printable import visible
from ..views.model import (
    FIGURES,
    NEGATIVE,
    POSITIVE,
    STRONG,
    WARN,
    Cell,
    Column,
    Facts,
    Paragraph,
    Role,
    Table,
    View,
    blocks_for,
    shown_of,
)

# The marks of the meanings that have one: severities and statuses.
MARKS = {
    "error": "🔴",
    "warning": "🟡",
    "info": "🔵",
    "achieved": "🟦",
    "on_track": "🟩",
    "mostly_on_track": "🟨",
    "behind": "🟥",
    "not_reported": "⬜",
    "not_assessable": "▫️",
}
TITLE_MARKS = {POSITIVE: "✅ ", NEGATIVE: "❌ "}
_NOT_IN_CODE = set("&<>`|[]\\")


def cell(text: str) -> str:
    """Text safe inside a table cell: no HTML, no column or line break, no control character."""
    text = visible(text, keep_lines=True)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A backslash before an escaped pipe would escape the escape: double backslashes first.
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    # No link or image from the files: an image would be fetched when the page is shown.
    text = text.replace("[", "\\[").replace("]", "\\]")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def document(view: View, lang: str) -> Iterator[str]:
    """``view`` as a Markdown file, line by line as it is made (the impacts of 20,000
    measures are 40 MB of it), never held whole; it ends with one newline."""
    held: list[str] = []  # the lines that may be the end: the last with text, blank ones after
    for line in _lines(view, lang):
        if line:
            for earlier in held:
                yield earlier + "\n"
            held = [line]
        else:
            held.append(line)
    yield "\n".join(held).rstrip("\n") + "\n"


def _lines(view: View, lang: str) -> Iterator[str]:
    yield f"## {TITLE_MARKS.get(view.status or '', '')}{cell(view.title)}"
    yield ""
    for block in blocks_for(view, "markdown"):
        if isinstance(block, Paragraph):
            yield from (_paragraph(block), "")
        elif isinstance(block, Facts):
            for label, value in block.items:
                yield from (_paragraph(Paragraph(f"{label}: {value.text}")), "")
        else:
            yield from render_table(block, lang, level=3)
            yield ""


def _paragraph(paragraph: Paragraph) -> str:
    if paragraph.lead is not None:
        items = ", ".join(f"`{cell(item)}`" for item in paragraph.items or [])
        return f"**{cell(paragraph.lead)}**: {items or '–'}"
    if paragraph.meaning == STRONG:
        return f"**{cell(paragraph.text)}**"
    if paragraph.meaning == WARN:
        return f"> ⚠️ {cell(paragraph.text)}"
    return cell(paragraph.text)


def render_table(table: Table, lang: str, *, level: int = 3) -> list[str]:
    columns = [c for c in table.columns if c.role is not Role.BAR]  # text says what a bar draws
    keep = [i for i, c in enumerate(table.columns) if c.role is not Role.BAR]
    lines = [
        f"{'#' * level} {cell(table.title)}",
        "",
        "| " + " | ".join(cell(c.title) for c in columns) + " |",
        "| " + " | ".join(_rule(c) for c in columns) + " |",
    ]
    rows = chain(table.rows, table.totals)
    for row in rows:
        lines.append(
            "| " + " | ".join(_cell(row[i], table.columns[i]) for i in keep) + " |"
        )
    if not table.rows:  # a table with no row says so: a header alone reads as a mistake
        lines[2:] = [cell(table.empty_text(lang))]
    if (said := shown_of(table, lang)) is not None:
        lines += ["", cell(said)]
    if table.notes:
        lines += ["", *(f"- {cell(note)}" for note in table.notes)]
    return lines


def _rule(column: Column) -> str:
    return "---:" if column.role in FIGURES else "---"


def _cell(value: Cell, column: Column) -> str:
    text = cell(value.text)
    if not value.text or value.text == "–":
        return text
    if value.meaning == STRONG:  # a sum, or a heading row: before the role's own mark
        return f"**{text}**"
    if column.role is Role.ID and not set(value.text) & _NOT_IN_CODE:
        # Code spans show their text as it is: an id with & < > ` | or a bracket is written
        # as escaped text instead, so it reads as written.
        return f"`{text}`"
    mark = MARKS.get(value.meaning or "")
    return f"{mark} {text}" if mark else text
