"""``--format rich`` (the default on a terminal): the check for people. The summary, coverage
and cross-field tables are the check's view (views/check.py) drawn by renderers/terminal.py;
the findings are drawn here, grouped by file with the offending line and a caret."""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text as RichText

from ..engine import CheckResult
from ..findings import Finding, Severity
from ..i18n import Lang, Text
from ..printable import visible
from . import scope
from .overview import UNCOVERED, UncoveredLevel, group_uncovered, ordered, verdict
from .wrapping import Line, Wrapped

_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}

T = {
    "findings": Text("指摘事項", "Findings"),
    "no_findings": Text("指摘事項はありません。", "No findings."),
    "compact": Text(
        "{count} 件あるため 1 件 1 行で表示します（ヒントや該当行は --format text で）。",
        "{count} findings, one line each (hints and source lines: --format text).",
    ),
    "uncovered": Text(
        "まだどの施策も貢献していない政策・目標（階層ごと）",
        "Policies and goals no measure serves yet (per level)",
    ),
    "uncovered_more": Text(
        "名称と一覧: --show coverage ／ 1 件ずつ: -v",
        "Titles and the full list: --show coverage; one line each: -v",
    ),
    "skipped": scope.SKIPPED,
}


# Beyond this, a table would take seconds to lay out and screens to scroll through: findings
# are listed one line each.
TABLE_FINDINGS_LIMIT = 500
# Ids listed per level of uncovered nodes (the rest are counted).
UNCOVERED_LISTED = 40


def render_findings(
    console: Console,
    findings: list[Finding],
    lang: Lang,
    result: CheckResult | None = None,
    *,
    verbose: bool = False,
) -> None:
    """Findings grouped by file, so each row needs only line:column, not a long path: the
    user's own files first, the framework nodes no measure serves last, one line per level
    (one row each with ``verbose``)."""
    if not findings:
        console.print(f"[green]✓ {T['no_findings'](lang)}[/green]")
        return
    console.print(RichText(T["findings"](lang), style="bold"))
    if verbose:
        shown, uncovered = ordered(findings, result), []
    else:
        others, uncovered = group_uncovered(findings, result)
        shown = ordered(others, result)
    if len(shown) > TABLE_FINDINGS_LIMIT:
        _render_findings_compact(console, shown, lang)
    else:
        _render_findings_table(console, shown, lang)
    if uncovered:
        _render_uncovered(console, uncovered, lang)


def _render_findings_table(console: Console, findings: list[Finding], lang: Lang) -> None:
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.location.file if finding.location else "", []).append(finding)
    for file, group in groups.items():
        table = Table(
            box=box.SIMPLE_HEAD,
            show_header=False,
            title=RichText(visible(file), style="bold blue") if file else None,
            title_justify="left",
            title_style="bold blue",
            pad_edge=False,
        )
        table.add_column(no_wrap=True, justify="right")  # line:column
        table.add_column(no_wrap=True)  # severity and code
        table.add_column(ratio=1)  # message, wrapped as Japanese text is
        for finding in group:
            location = finding.location
            where = ""
            if location and location.line is not None:
                where = (
                    f"{location.line}:{location.column}" if location.column else str(location.line)
                )
            message = Wrapped(Line(visible(finding.message(lang))))
            if finding.source_line is not None:
                source = visible(finding.source_line.rstrip())
                message.append("│ " + source, "dim", wrap=False)
                if location and location.column:
                    # Wide (Japanese) characters take two cells: align the caret by cells.
                    offset = cell_len(visible(finding.source_line[: location.column - 1]))
                    message.append("│ " + " " * offset + "^", "red", wrap=False)
            if finding.hint is not None:
                message.append("→ " + visible(finding.hint(lang)), "italic")
            label = RichText(finding.severity.label(lang), style=_SEVERITY_STYLE[finding.severity])
            label.append(f" {finding.code}\n")
            label.append(finding.name, style="dim")
            table.add_row(where, label, message)
        console.print(table)


def _render_uncovered(console: Console, levels: list[UncoveredLevel], lang: Lang) -> None:
    """The nodes no measure serves yet, one row per level: what to work on next, not alarms."""
    table = Table(
        box=box.SIMPLE_HEAD,
        show_header=False,
        title=RichText(T["uncovered"](lang), style="bold blue"),
        title_justify="left",
        pad_edge=False,
        caption=RichText(T["uncovered_more"](lang), style="dim"),
        caption_justify="left",
    )
    table.add_column(no_wrap=True)  # severity and code
    table.add_column(ratio=1)
    for level in levels:
        label = RichText(level.severity.label(lang), style=_SEVERITY_STYLE[level.severity])
        label.append(f" {UNCOVERED}")
        table.add_row(label, Wrapped(Line(visible(level.message(lang, UNCOVERED_LISTED)))))
    console.print(table)


def _render_findings_compact(console: Console, findings: list[Finding], lang: Lang) -> None:
    """One line a finding (``file:line:column  severity code  message``), as linters print."""
    note = T["compact"].format(count=f"{len(findings):,}")(lang)
    console.print(RichText(note, style="dim"))
    for finding in findings:
        line = RichText(visible(str(finding.location)) if finding.location else "", style="blue")
        line.append("  ")
        line.append(
            f"{finding.severity.label(lang)} {finding.code}",
            style=_SEVERITY_STYLE[finding.severity],
        )
        line.append("  " + visible(finding.message(lang)))
        console.print(line, soft_wrap=True)


def render(
    console: Console,
    result: CheckResult | None,
    findings: list[Finding],
    lang: Lang,
    sections: tuple[str, ...],
    *,
    exit_code: int | None = None,
    verbose: bool = False,
    quiet: bool = False,
) -> None:
    if quiet:
        sections = ("findings",)
    if notice := scope.sample_notice(result, lang):
        console.print(RichText("⚠ " + notice, style="bold yellow"))
    if result is None:
        render_findings(console, findings, lang)
    else:
        from ..renderers.terminal import render_table
        from ..views import check as view

        shown = []
        if "summary" in sections:
            shown += [view.summary(result, lang), view.coverage(result, lang)]
        if "coverage" in sections:
            shown += view.node_coverage(result, lang)
        if "crossfield" in sections:
            shown += view.cross_field(result, lang)
        for table in shown:
            render_table(console, table, lang)
        if "findings" in sections:
            render_findings(console, findings, lang, result, verbose=verbose)
        if verbose and (meant := scope.read_as_meant_line(result, lang)):
            console.print(Wrapped(Line(meant, "cyan")))
        for line in scope.left_out_lines(result.context, lang):
            console.print(Wrapped(Line(line, "yellow")))
        if result.skipped_rules:
            note = T["skipped"].format(codes=", ".join(result.skipped_rules))
            console.print(f"[yellow]{escape(note(lang))}[/yellow]")
    if exit_code is not None:
        # The same last line as --format text: the answer, wherever the eye lands.
        # One line whatever the width: a narrow terminal folds it, rich does not break it.
        console.print(
            RichText(verdict(result, findings, lang, exit_code), style="bold"), soft_wrap=True
        )
