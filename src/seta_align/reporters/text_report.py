"""``--format text``: plain, stable lines without colour, for logs and grep.

One line per finding, ``file:line:column: severity CODE [name] message``, then the coverage per
level and a closing count. The shape of these lines does not change between versions.
"""

from __future__ import annotations

from ..engine import CheckResult
from ..findings import Finding, Severity
from ..i18n import Lang, Text
from ..printable import visible


def finding_line(finding: Finding, lang: Lang) -> str:
    where = str(finding.location) if finding.location else "-"
    line = (
        f"{where}: {finding.severity.value} {finding.code} [{finding.name}] {finding.message(lang)}"
    )
    if finding.hint is not None:
        line += f" ({finding.hint(lang)})"
    # One finding, one line: user text with line breaks or escape sequences stays inside it.
    return visible(line)


def render(
    result: CheckResult | None,
    findings: list[Finding],
    lang: Lang,
    exit_code: int,
    **_options: object,
) -> str:
    lines = [finding_line(f, lang) for f in findings]
    if result is not None:
        for key, stats in result.context.coverage.levels.items():
            counted = stats.total - stats.waived
            minimum = f" min {stats.minimum:g}%" if stats.minimum is not None else ""
            lines.append(
                f"coverage {key} {stats.covered}/{counted} {stats.percent:.1f}%{minimum}"
                + (f" waived {stats.waived}" if stats.waived else "")
            )
        measures = len(result.context.measures)
        files = len(result.context.draft.files)
    else:
        measures = files = 0
    counts = {s: sum(1 for f in findings if f.severity == s) for s in Severity}
    closing = Text(
        f"施策 {measures} 件（{files} ファイル）: エラー {counts[Severity.ERROR]}、"
        f"警告 {counts[Severity.WARNING]}、情報 {counts[Severity.INFO]}（終了コード {exit_code}）",
        f"{measures} measures in {files} files: {counts[Severity.ERROR]} errors, "
        f"{counts[Severity.WARNING]} warnings, {counts[Severity.INFO]} info (exit code {exit_code})",
    )
    lines.append(closing(lang))
    return "\n".join(lines) + "\n"
