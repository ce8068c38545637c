"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One result per finding with its rule id, level, file and line. Paths relative to the working
directory are given relative to ``%SRCROOT%`` so code scanning can link them to the repository.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..documents import writing as json_text
from ..engine import CheckResult
from ..findings import Finding, Severity
from ..i18n import Lang
from ..rules import ALL_RULES
from . import scope

# Names that are not paths of the repository (the bundled framework: seta-align:policies.yaml).
LOGICAL_PREFIX = "seta-align:"

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> str:
    """A percent-encoded URI reference: '#', '%', '?' and spaces in a file name stay part of
    the name; a name that is not valid UTF-8 keeps its original bytes."""
    return quote(path, safe="/", errors="surrogateescape")


def _artifact(file: str) -> dict:
    path = Path(file)
    if path.is_absolute():
        return {"uri": "file://" + _uri(path.as_posix())}
    return {"uri": _uri(path.as_posix()), "uriBaseId": "%SRCROOT%"}


def _logical(file: str, finding: Finding) -> dict:
    """The bundled framework is not a file of the repository: it is named logically, so a
    code-scanning service shows the finding instead of rejecting a path it cannot resolve."""
    name = finding.node or file
    return {
        "name": name,
        "fullyQualifiedName": f"{file}#{finding.node}" if finding.node else file,
        "kind": "resource",
    }


def _result(finding: Finding, lang: Lang, rule_index: dict[str, int]) -> dict:
    message = finding.message(lang)
    if finding.hint is not None:
        message += " " + finding.hint(lang)
    result: dict = {
        "ruleId": finding.code,
        "ruleIndex": rule_index[finding.code],
        "level": _LEVELS[finding.severity],
        "message": {"text": message},
    }
    location = finding.location
    if location is not None and location.file.startswith(LOGICAL_PREFIX):
        result["locations"] = [{"logicalLocations": [_logical(location.file, finding)]}]
    elif location is not None:
        physical: dict = {"artifactLocation": _artifact(location.file)}
        if location.line is not None:
            region = {"startLine": location.line}
            if location.column is not None:
                region["startColumn"] = location.column
            physical["region"] = region
        result["locations"] = [{"physicalLocation": physical}]
    properties = {k: v for k, v in (("measure", finding.measure), ("node", finding.node)) if v}
    if properties:
        result["properties"] = properties
    return result


def build(
    findings: list[Finding], lang: Lang, exit_code: int, result: CheckResult | None = None
) -> dict:
    rule_index = {rule.code: index for index, rule in enumerate(ALL_RULES)}
    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary(lang)},
            "fullDescription": {"text": f"{rule.summary.ja} / {rule.summary.en}"},
            "defaultConfiguration": {"level": _LEVELS[rule.severity]},
            "help": {"text": f"docs/rules.md: {rule.code} {rule.name}"},
        }
        for rule in ALL_RULES
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "seta-align",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
                "results": [_result(f, lang, rule_index) for f in findings],
                "invocations": [
                    {"executionSuccessful": exit_code in (0, 1), "exitCode": exit_code}
                ],
                "properties": _properties(result, lang),
            }
        ],
    }


def render(
    result: CheckResult | None,
    findings: list[Finding],
    lang: Lang,
    exit_code: int,
    **_options: object,
) -> str:
    return json_text.dumps(build(findings, lang, exit_code, result), levels=5)


def _properties(result: CheckResult | None, lang: Lang) -> dict:
    properties = scope.facts(result)
    notice = scope.sample_notice(result, lang)
    if notice:
        properties["notice"] = notice
    return properties
