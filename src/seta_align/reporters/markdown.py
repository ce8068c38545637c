"""``--format markdown``: a summary for a pull-request comment or a CI step summary."""

from __future__ import annotations

from ..engine import CheckResult
from ..findings import Finding, Severity
from ..i18n import Lang, Text
from . import scope

_ICON = {Severity.ERROR: "🔴", Severity.WARNING: "🟡", Severity.INFO: "🔵"}
# A PR comment has a size limit; past this many findings the rest are counted, not listed.
MAX_LISTED = 200

T = {
    "title": Text("seta-align 検査結果", "seta-align check"),
    "measures": Text("施策", "measures"),
    "files": Text("ファイル", "files"),
    "findings": Text("指摘事項", "Findings"),
    "none": Text("指摘事項はありません。", "No findings."),
    "where": Text("場所", "Where"),
    "code": Text("コード", "Code"),
    "message": Text("内容", "Message"),
    "more": Text(
        "ほか {n} 件（--format json で全件）", "{n} more (all of them with --format json)"
    ),
    "unusable": Text("入力を読めないため検査できませんでした。", "The input could not be read."),
}


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell (renderers.markdown.cell: no HTML, no column or
    line break, a backslash doubled so it cannot escape the escaped pipe after it)."""
    from ..renderers.markdown import cell as markdown_cell

    return markdown_cell(text)


def render(
    result: CheckResult | None,
    findings: list[Finding],
    lang: Lang,
    exit_code: int,
    **_options: object,
) -> str:
    counts = {s: sum(1 for f in findings if f.severity == s) for s in Severity}
    status = "✅" if exit_code == 0 else "❌"
    lines = [f"## {status} {T['title'](lang)}", ""]
    if notice := scope.sample_notice(result, lang):
        lines += [f"> ⚠️ **{cell(notice)}**", ""]
    if result is None:
        lines += [T["unusable"](lang), ""]
    else:
        context = result.context
        lines += [
            f"**{context.measure_count}** {T['measures'](lang)} / **{len(context.draft.files)}** "
            f"{T['files'](lang)} — {_ICON[Severity.ERROR]} {counts[Severity.ERROR]} · "
            f"{_ICON[Severity.WARNING]} {counts[Severity.WARNING]} · "
            f"{_ICON[Severity.INFO]} {counts[Severity.INFO]}",
            "",
        ]
        # The same coverage table as the terminal's (views/check.py).
        from ..renderers.markdown import render_table
        from ..views.check import coverage

        lines += [*render_table(coverage(result, lang), lang, level=3), ""]
    lines += [f"### {T['findings'](lang)}", ""]
    if not findings:
        lines.append(T["none"](lang))
    else:
        lines += [
            f"| | {T['code'](lang)} | {T['where'](lang)} | {T['message'](lang)} |",
            "| --- | --- | --- | --- |",
        ]
        for finding in findings[:MAX_LISTED]:
            where = f"`{finding.location}`" if finding.location else ""
            lines.append(
                f"| {_ICON[finding.severity]} | {finding.code} {finding.name} | {cell(where)} | "
                f"{cell(finding.message(lang))} |"
            )
        if len(findings) > MAX_LISTED:
            lines += ["", T["more"].format(n=len(findings) - MAX_LISTED)(lang)]
    return "\n".join(lines) + "\n"
