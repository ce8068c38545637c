"""``seta-align diff`` for people: tables of what changed."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text as RichText

from ..analysis.diff import DraftDiff
from ..i18n import Lang
from ..printable import visible
from .diff_markdown import T
from .rich_report import _SEVERITY_STYLE


def _where(finding) -> str:
    location = finding.location
    if location is None:
        return ""
    return visible(f"{location.file}:{location.line}" if location.line else location.file)


def render(console: Console, diff: DraftDiff, lang: Lang) -> None:
    style = "red" if diff.regression else "green"
    console.print(RichText((T["regression"] if diff.regression else T["fine"])(lang), style=style))
    measures = Table(
        title=RichText(T["measures"](lang), style="bold"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_header=False,
    )
    measures.add_column(no_wrap=True)
    measures.add_column(overflow="fold")
    measures.add_row(
        RichText(T["added"](lang), style="green"), escape(", ".join(diff.added)) or "–"
    )
    measures.add_row(
        RichText(T["removed"](lang), style="red"), escape(", ".join(diff.removed)) or "–"
    )
    measures.add_row(
        T["changed"](lang),
        escape("; ".join(f"{m} ({', '.join(f)})" for m, f in diff.changed.items())) or "–",
    )
    console.print(measures)

    levels = Table(
        title=RichText(T["coverage"](lang), style="bold"), title_justify="left", box=box.SIMPLE_HEAD
    )
    levels.add_column(T["level"](lang), overflow="fold")
    levels.add_column(T["before"](lang), justify="right")
    levels.add_column(T["after"](lang), justify="right")
    levels.add_column("Δ", justify="right")
    for level in diff.levels:
        delta_style = "red" if level.delta < -1e-9 else ("green" if level.delta > 1e-9 else "")
        levels.add_row(
            level.key,
            f"{level.old_covered}/{level.old_counted} ({level.old_percent:.1f}%)",
            f"{level.new_covered}/{level.new_counted} ({level.new_percent:.1f}%)",
            RichText(f"{level.delta:+.1f}", style=delta_style),
        )
    console.print(levels)
    for label, ids, colour in (("gained", diff.gained, "green"), ("lost", diff.lost, "red")):
        if ids:
            console.print(RichText(f"{T[label](lang)}: " + ", ".join(ids), style=colour))
    for label, findings in (("introduced", diff.introduced), ("fixed", diff.fixed)):
        if not findings:
            continue
        table = Table(
            title=RichText(f"{T[label](lang)} ({len(findings)})", style="bold"),
            title_justify="left",
            box=box.SIMPLE_HEAD,
            show_header=False,
        )
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True, style="blue")  # file:line, of the new side (old: fixed)
        table.add_column(overflow="fold")
        for finding in findings:
            table.add_row(
                RichText(
                    f"{finding.severity.label(lang)} {finding.code}",
                    style=_SEVERITY_STYLE[finding.severity],
                ),
                _where(finding),
                escape(visible(finding.message(lang))),
            )
        console.print(table)
