"""``--format gitlab``: GitLab's code-quality report (the subset of the Code Climate issue
format that GitLab reads), which a GitLab CI job uploads as ``artifacts:reports:codequality``
so that merge requests show the findings on their lines.

One issue per finding: ``description`` (code, message and hint), ``check_name`` (the rule's
code), ``fingerprint``, ``severity`` and ``location`` (``path`` and ``lines.begin``; columns in
``positions`` too). GitLab marks an issue new or resolved by its fingerprint between two
pipelines, so the fingerprint leaves out the line (moving a measure down a file is not a new
finding) and the figures of a message (a KPI behind this year and the next is one issue). It
hashes the rule, the file and the measure or node (for a finding that names neither, its English
message without its figures); the same of those twice in a file gets a counter, in the order found.

Every issue needs a path. A finding about a bundled framework's node (``seta-align:sdgs``) has
the module's name as its path, as SARIF names it logically: it is no file of the repository,
and GitLab shows it without a link. A finding with no place at all (a run-level problem) has
the config file's name, else ``seta-align.yaml``.
"""

from __future__ import annotations

import hashlib
import json
import re

from ..engine import CheckResult
from ..findings import Finding, Severity
from ..i18n import Lang

# GitLab's severities are info, minor, major, critical and blocker.
_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
RUN_LEVEL_PATH = "seta-align.yaml"


def issue(finding: Finding, lang: Lang, fallback_path: str, seen: dict[str, int]) -> dict:
    location = finding.location
    path = location.file if location is not None else fallback_path
    line = (location.line if location is not None else None) or 1
    description = f"{finding.code} {finding.message(lang)}"
    if finding.hint is not None:
        description += f" → {finding.hint(lang)}"
    # What the finding is about, not what it says: a KPI's message holds this year's figures,
    # which must not make it a new issue. The message only when the finding names nothing else.
    about = [finding.measure, finding.node]
    if finding.measure is None and finding.node is None:
        # Its words without its figures (SA202 says the coverage it found).
        about.append(re.sub(r"[\d.,%]+", "#", finding.message("en")))
    key = json.dumps([finding.code, path, *about], ensure_ascii=False)
    count = seen.get(key, 0)
    seen[key] = count + 1
    if count:
        key += f"#{count}"
    begin: dict[str, int] = {"line": line}
    if location is not None and location.column is not None:
        begin["column"] = location.column
    return {
        "type": "issue",
        "check_name": finding.code,
        "description": description,
        "severity": _SEVERITY[finding.severity],
        "fingerprint": hashlib.sha256(key.encode("utf-8")).hexdigest(),
        "location": {"path": path, "lines": {"begin": line}, "positions": {"begin": begin}},
    }


def render(
    result: CheckResult | None,
    findings: list[Finding],
    lang: Lang,
    exit_code: int,
    **_options: object,
) -> str:
    fallback = RUN_LEVEL_PATH
    if result is not None and result.context.settings.config_name:
        fallback = result.context.settings.config_name
    seen: dict[str, int] = {}
    issues = [issue(finding, lang, fallback, seen) for finding in findings]
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
