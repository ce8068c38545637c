"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One result per finding with its rule id, level, file and line. Paths relative to the working
directory are given relative to ``%SRCROOT%`` so code scanning can link them to the repository.
"""

from __future__ import annotations

from pathlib import Path

from .. import __version__
from ..engine import CheckResult
from ..findings import Finding, Severity
from ..i18n import Lang
from ..rules import ALL_RULES
from . import json_text

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _artifact(file: str) -> dict:
    path = Path(file)
    if path.is_absolute():
        return {"uri": path.as_uri()}
    return {"uri": path.as_posix(), "uriBaseId": "%SRCROOT%"}


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
    if location is not None:
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


def build(findings: list[Finding], lang: Lang, exit_code: int) -> dict:
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
    return json_text.dumps(build(findings, lang, exit_code), levels=5)
