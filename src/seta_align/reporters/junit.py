"""``--format junit``: JUnit XML, one test case per rule, for CI test-report viewers.

A rule with findings at or above ``--fail-on`` is a failed test case listing every finding;
findings below it are listed in the case's ``system-out``; a rule without findings passes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..engine import CheckResult
from ..findings import Finding, Severity
from ..i18n import Lang
from ..printable import xml_safe
from ..rules import ALL_RULES
from . import scope
from .text import finding_line


def render(
    result: CheckResult | None,
    findings: list[Finding],
    lang: Lang,
    exit_code: int,
    fail_on: str = "error",
    **_options: object,
) -> str:
    threshold = Severity(fail_on).rank if fail_on != "never" else 99
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.code, []).append(finding)

    suites = ET.Element("testsuites", name="seta-align")
    suite = ET.SubElement(suites, "testsuite", name="seta-align check")
    facts = scope.facts(result)
    if facts:
        properties = ET.SubElement(suite, "properties")
        for name, value in facts.items():
            shown = str(value).lower() if isinstance(value, bool) else str(value)
            ET.SubElement(properties, "property", name=name, value=shown)
        if notice := scope.sample_notice(result, lang):
            ET.SubElement(properties, "property", name="notice", value=notice)
    failures = 0
    for rule in ALL_RULES:
        case = ET.SubElement(
            suite, "testcase", classname="seta-align", name=f"{rule.code} {rule.name}"
        )
        found = by_rule.get(rule.code, [])
        failing = [f for f in found if f.severity.rank >= threshold]
        if failing:
            failures += 1
            failure = ET.SubElement(
                case,
                "failure",
                message=f"{len(failing)} finding(s): {rule.summary(lang)}",
                type=max(failing, key=lambda f: f.severity.rank).severity.value,
            )
            failure.text = "\n".join(finding_line(f, lang) for f in failing)
        rest = [f for f in found if f not in failing]
        if rest:
            ET.SubElement(case, "system-out").text = "\n".join(finding_line(f, lang) for f in rest)
    for element in (suites, suite):
        element.set("tests", str(len(ALL_RULES)))
        element.set("failures", str(failures))
        element.set("errors", "0")
    ET.indent(suites)
    return xml_safe(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode")
    )
