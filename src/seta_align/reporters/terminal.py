"""``--format rich`` (the default on a terminal): tables for people."""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.markup import escape
from rich.table import Table
from rich.text import Text as RichText

from ..engine import CheckResult
from ..findings import Finding, Severity
from ..i18n import Lang, Text
from ..loading.files import display_name
from ..printable import visible
from . import scope
from .overview import UNCOVERED, UncoveredLevel, group_uncovered, ordered, verdict
from .wrapping import Line, Wrapped

SECTIONS = ("summary", "findings", "coverage", "crossfield")
DEFAULT_SECTIONS = ("summary", "findings", "crossfield")

_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}

T = {
    "summary": Text("概要", "Summary"),
    "files": Text("ファイル", "Files"),
    "measures": Text("施策", "Measures"),
    "links": Text("紐づけ（supports）", "Links (supports)"),
    "errors": Text("エラー", "Errors"),
    "warnings": Text("警告", "Warnings"),
    "infos": Text("情報", "Info"),
    "framework": Text("フレームワーク", "Framework"),
    "level": Text("階層", "Level"),
    "covered": Text("網羅", "Covered"),
    "percent": Text("網羅率", "Coverage"),
    "minimum": Text("下限", "Minimum"),
    "waived": Text("対象外", "Waived"),
    "coverage_title": Text("フレームワーク・階層ごとの網羅率", "Coverage per framework and level"),
    "findings": Text("指摘事項", "Findings"),
    "no_findings": Text("指摘事項はありません。", "No findings."),
    "severity": Text("重要度", "Severity"),
    "code": Text("コード", "Code"),
    "where": Text("場所", "Where"),
    "message": Text("内容", "Message"),
    "node_coverage": Text("ノードごとの網羅状況", "Coverage by node"),
    "id": Text("ID", "ID"),
    "title": Text("名称", "Title"),
    "direct": Text("直接", "Direct"),
    "all": Text("下位含む", "Incl. descendants"),
    "status": Text("状態", "Status"),
    "matrix": Text(
        "分野横断マトリクス（行: 施策の分野 / 列: 紐づけ先の分野、紐づけ数。全分野に属する方向性・理念は除く）",
        "Cross-field matrix (rows: measure's field / columns: linked node's field, links; "
        "nodes of every field, such as the direction and principles, left out)",
    ),
    "cross_nodes": Text(
        "分野横断で取り組む政策と、貢献する施策の分野",
        "Cross-field policies and the fields of the measures serving them",
    ),
    "fields": Text("分野", "Fields"),
    "cross_measures": Text("分野横断の施策", "Cross-field measures"),
    "plan_period": Text("計画期間", "Plan period"),
    "config": Text("設定", "Config"),
    "none": Text("なし", "none"),
    "compact": Text(
        "{count} 件あるため 1 件 1 行で表示します（ヒントや該当行は --format text で）。",
        "{count} findings, one line each (hints and source lines: --format text).",
    ),
    "more_measures": Text(
        "…ほか {count} 件（全件: --format json / markdown、seta-align matrix、seta-align report）",
        "… and {count} more (all of them: --format json / markdown, seta-align matrix, "
        "seta-align report)",
    ),
    "checked": Text("検査対象", "Checked"),
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


class _HeadedTable(Table):
    """A table under a heading wrapped as Japanese text is: rich would wrap a table title only
    at spaces (「…（行: 施策の分野 / 列:」 and the rest on the next line) and within the table's
    width (a narrow table made a column of fragments of its title)."""

    heading: str = ""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Wrapped(Line(self.heading, "bold"))  # text, never markup: titles come from data
        yield from super().__rich_console__(console, options)


def _table(title: Text, lang: Lang, **kwargs) -> Table:
    table = _HeadedTable(box=box.SIMPLE_HEAD, **kwargs)
    table.heading = visible(title(lang))
    return table


# Beyond these, a table would take seconds to lay out and screens to scroll through: findings
# are listed one line each, and the list of cross-field measures is cut (its note says where
# the whole list is).
TABLE_FINDINGS_LIMIT = 500
# Ids listed per level of uncovered nodes (the rest are counted).
UNCOVERED_LISTED = 40
CROSS_FIELD_MEASURES_SHOWN = 100


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


def _summary(result: CheckResult, lang: Lang) -> Group:
    context = result.context
    counts = _table(T["summary"], lang, show_header=False)
    counts.add_column()
    counts.add_column(justify="right")
    framework = context.framework
    counts.add_row(
        T["framework"](lang),
        escape(framework.name if lang == "ja" else framework.name_en or framework.name),
    )
    counts.add_row(T["config"](lang), escape(context.settings.config_name or T["none"](lang)))
    counts.add_row(T["checked"](lang), escape(_checked(result, lang)))
    start, end = context.plan_period
    counts.add_row(T["plan_period"](lang), f"FY{start}–FY{end}")
    counts.add_row(T["files"](lang), str(len(context.draft.files)))
    counts.add_row(T["measures"](lang), escape(scope.measures_phrase(context)(lang)))
    counts.add_row(
        T["links"](lang), str(sum(len(m.measure.supports) for m in context.measures.values()))
    )
    counts.add_row(RichText(T["errors"](lang), style="red"), str(result.count(Severity.ERROR)))
    counts.add_row(
        RichText(T["warnings"](lang), style="yellow"), str(result.count(Severity.WARNING))
    )
    counts.add_row(RichText(T["infos"](lang), style="cyan"), str(result.count(Severity.INFO)))

    levels = _table(T["coverage_title"], lang)
    levels.add_column(T["framework"](lang), no_wrap=True)
    levels.add_column(T["level"](lang), no_wrap=True)
    levels.add_column(T["covered"](lang), justify="right")
    levels.add_column(T["percent"](lang), justify="right")
    levels.add_column("", no_wrap=True)
    levels.add_column(T["minimum"](lang), justify="right")
    for key, stats in context.coverage.levels.items():
        level = stats.level
        counted = stats.total - stats.waived
        filled = round(stats.percent / 10)
        style = "red" if stats.below_minimum else ("green" if stats.percent >= 99.99 else "")
        bar = RichText("█" * filled + "░" * (10 - filled), style=style or "blue")
        covered = f"{stats.covered}/{counted}"
        if stats.waived:
            covered += f" (+{stats.waived} {T['waived'](lang)})"
        levels.add_row(
            level.framework,
            escape(level.title if lang == "ja" else level.title_en or level.title)
            + f"\n[dim]{key}[/dim]",
            covered,
            RichText(f"{stats.percent:.1f}%", style=style),
            bar,
            f"{stats.minimum:g}%" if stats.minimum is not None else "–",
        )
    return Group(counts, levels)


def _node_coverage(result: CheckResult, lang: Lang) -> list[Table]:
    context = result.context
    framework = context.framework
    coverage = context.coverage
    tables = []
    for info in framework.frameworks.values():
        table = _table(
            Text(
                f"{T['node_coverage'].ja}: {info.title}",
                f"{T['node_coverage'].en}: {info.title_en or info.title}",
            ),
            lang,
        )
        table.add_column(T["id"](lang), no_wrap=True)
        table.add_column(T["title"](lang), ratio=1)
        table.add_column(T["direct"](lang), justify="right")
        table.add_column(T["all"](lang), justify="right")
        table.add_column(T["status"](lang))
        for node_id, node in framework.nodes.items():
            if node.framework != info.id:
                continue
            depth = sum(1 for _ in framework.ancestors(node_id))
            if coverage.is_covered(node_id):
                status = RichText("✓", style="green")
            elif node_id in coverage.waived:
                status = RichText(f"{T['waived'](lang)}: {coverage.waived[node_id]}", style="dim")
            else:
                status = RichText("✗", style="red")
            table.add_row(
                "  " * depth + node_id,
                Wrapped(Line(visible(node.label(lang)))),
                str(len(coverage.direct.get(node_id, []))),
                str(len(coverage.covering.get(node_id, ()))),
                status,
            )
        tables.append(table)
    return tables


def _cross_field(result: CheckResult, lang: Lang) -> Group:
    context = result.context
    framework = context.framework
    cross = context.cross_field

    def field_name(field_id: str) -> str:
        definition = framework.fields.get(field_id)
        if definition is None:
            return escape(field_id)
        return escape(definition.title if lang == "ja" else definition.title_en or definition.title)

    matrix = _table(T["matrix"], lang)
    matrix.add_column("", no_wrap=True)
    for column in cross.fields:
        matrix.add_column(field_name(column), justify="right")
    for row in cross.fields:
        cells = []
        for column in cross.fields:
            count = cross.matrix[(row, column)]
            style = "bold" if row == column else ""
            cells.append(RichText(str(count) if count else "·", style=style))
        matrix.add_row(field_name(row), *cells)

    nodes = _table(T["cross_nodes"], lang)
    nodes.add_column(T["id"](lang), no_wrap=True)
    nodes.add_column(T["title"](lang), ratio=1)
    nodes.add_column(T["fields"](lang))
    needed = context.settings.cross_field_min_fields
    for node_id, fields in cross.node_fields.items():
        style = "red" if len(fields) < needed else "green"
        nodes.add_row(
            node_id,
            Wrapped(Line(visible(framework.nodes[node_id].label(lang)))),
            RichText(f"{len(fields)}: " + "・".join(field_name(f) for f in fields), style=style),
        )

    measures = _table(
        T["cross_measures"]
        + Text(
            f"（{len(cross.cross_field_measures)} 件）", f" ({len(cross.cross_field_measures)})"
        ),
        lang,
    )
    measures.add_column(T["id"](lang), no_wrap=True)
    measures.add_column(T["title"](lang), ratio=1)
    measures.add_column(T["fields"](lang))
    listed = list(cross.cross_field_measures.items())
    for measure_id, fields in listed[:CROSS_FIELD_MEASURES_SHOWN]:
        measure = context.measures[measure_id].measure
        title = measure.title if lang == "ja" else measure.title_en or measure.title
        measures.add_row(
            measure_id,
            Wrapped(Line(visible(title))),
            " → ".join(field_name(f) for f in fields),
        )
    if len(listed) > CROSS_FIELD_MEASURES_SHOWN:
        more = T["more_measures"].format(count=f"{len(listed) - CROSS_FIELD_MEASURES_SHOWN:,}")
        measures.caption = RichText(more(lang), style="dim")
        measures.caption_justify = "left"
    return Group(matrix, nodes, measures)


def _checked(result: CheckResult, lang: Lang) -> str:
    """Which folders and files were read (the first few), so a wrong place shows at once."""
    paths = [visible(display_name(path)) for path in result.context.settings.measure_paths]
    if not paths:
        paths = [visible(name) for name in result.context.draft.files[:1]]
    shown = ", ".join(paths[:3])
    if len(paths) > 3:
        shown += f" …（ほか {len(paths) - 3}）" if lang == "ja" else f" … (+{len(paths) - 3})"
    return shown


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
        if "summary" in sections:
            console.print(_summary(result, lang))
        if "coverage" in sections:
            for table in _node_coverage(result, lang):
                console.print(table)
        if "crossfield" in sections:
            console.print(_cross_field(result, lang))
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
