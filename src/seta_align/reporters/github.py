"""``--format github``: GitHub Actions workflow commands (annotations on the changed files).

GitHub shows only ten annotations of each kind per step, so when ``GITHUB_STEP_SUMMARY`` is set
the whole result is also appended to the step summary as Markdown.
"""

from __future__ import annotations

import os

from ..engine import CheckResult
from ..findings import Finding, Severity
from ..i18n import Lang
from ..printable import visible
from . import markdown as markdown_report
from . import scope

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    text = visible(text, keep_lines=True)  # no raw escape sequence reaches the job log
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, lang: Lang) -> str:
    properties = []
    location = finding.location
    # The bundled framework (seta-align:policies.yaml) is no file of the repository: such a
    # finding is annotated on the run, not on a path GitHub cannot find.
    if location is not None and not location.file.startswith("seta-align:"):
        properties.append(f"file={_escape_property(location.file)}")
        if location.line is not None:
            properties.append(f"line={location.line}")
            if location.column is not None:
                properties.append(f"col={location.column}")
    properties.append(f"title={_escape_property(f'{finding.code} {finding.name}')}")
    message = finding.message(lang)
    if finding.hint is not None:
        message += "\n" + finding.hint(lang)
    return f"::{_COMMAND[finding.severity]} {','.join(properties)}::{_escape_data(message)}"


def render(
    result: CheckResult | None,
    findings: list[Finding],
    lang: Lang,
    exit_code: int,
    **_options: object,
) -> str:
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        # Appending is what GitHub expects: several steps may write to the same summary.
        with open(summary_path, "a", encoding="utf-8") as summary:
            summary.write(markdown_report.render(result, findings, lang, exit_code) + "\n")
    lines = [annotation(f, lang) + "\n" for f in findings]
    if notice := scope.sample_notice(result, lang):
        # A workflow that checks the sample instead of the repository's draft must say so.
        lines.insert(0, f"::warning title=seta-align::{_escape_data(notice)}\n")
    return "".join(lines)
