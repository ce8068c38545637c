"""``--format text``: plain, stable lines without colour, for logs and grep.

One line per finding, ``file:line:column: severity CODE [name] message`` (the user's own files
first; the framework nodes no measure serves as one line per level, one line each with ``-v``),
then the coverage per level (left out with ``--quiet``) and a closing verdict. A check of the
bundled sample starts with a ``notice:`` line. The shape of these lines does not change between
versions.
"""

from __future__ import annotations

from ..engine import CheckResult
from ..findings import Finding
from ..i18n import Lang
from ..printable import visible
from . import scope
from .overview import UNCOVERED, group_uncovered, ordered, verdict
from .scope import SKIPPED


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
    *,
    verbose: bool = False,
    quiet: bool = False,
    **_options: object,
) -> str:
    lines = []
    if notice := scope.sample_notice(result, lang):
        lines.append(f"notice: {notice}")
    if verbose:
        shown, uncovered = ordered(findings, result), []
    else:
        others, uncovered = group_uncovered(findings, result)
        shown = ordered(others, result)
    lines += [finding_line(f, lang) for f in shown]
    for level in uncovered:
        lines.append(
            visible(
                f"{level.file}: {level.severity.value} {UNCOVERED} [uncovered-node] "
                f"{level.message(lang)}"
            )
        )
    if result is not None and not quiet:
        for key, stats in result.context.coverage.levels.items():
            counted = stats.total - stats.waived
            minimum = f" min {stats.minimum:g}%" if stats.minimum is not None else ""
            lines.append(
                f"coverage {key} {stats.covered}/{counted} {stats.percent:.1f}%{minimum}"
                + (f" waived {stats.waived}" if stats.waived else "")
            )
    if result is not None:
        if verbose and (meant := scope.read_as_meant_line(result, lang)):
            lines.append(f"note: {meant}")
        lines += [f"note: {line}" for line in scope.left_out_lines(result.context, lang)]
        if result.skipped_rules:
            lines.append(f"note: {SKIPPED.format(codes=', '.join(result.skipped_rules))(lang)}")
    lines.append(verdict(result, findings, lang, exit_code))
    return "\n".join(lines) + "\n"
