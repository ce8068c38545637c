"""Machine and CI formats of `check`: SARIF, JUnit, GitHub annotations, Markdown, plain text."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from conftest import CLEAN, DRAFTS, FIXTURES, run_cli

SARIF_SCHEMA = json.loads(
    (FIXTURES / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)
WITH_FINDINGS = (CLEAN, DRAFTS / "kpi", DRAFTS / "cycle")


def _run(*args, env=None):
    return run_cli("check", *args, env=env)


@pytest.mark.parametrize(
    "paths",
    [(CLEAN,), WITH_FINDINGS, (CLEAN, DRAFTS / "syntax")],
    ids=["clean", "findings", "input-errors"],
)
def test_sarif_is_valid_against_the_official_schema(paths):
    result = _run(*paths, "--format", "sarif")
    document = json.loads(result.stdout)
    jsonschema.validate(document, SARIF_SCHEMA)
    assert document["version"] == "2.1.0"


def test_sarif_has_one_result_per_finding_with_rule_level_file_and_line():
    sarif = json.loads(_run(*WITH_FINDINGS, "--format", "sarif").stdout)
    findings = json.loads(_run(*WITH_FINDINGS, "--format", "json").stdout)["findings"]
    run = sarif["runs"][0]
    results = run["results"]
    assert len(results) == len(findings) == 6
    rules = run["tool"]["driver"]["rules"]
    for result, finding in zip(results, findings, strict=True):
        assert result["ruleId"] == finding["code"] == rules[result["ruleIndex"]]["id"]
        assert result["level"] == {"error": "error", "warning": "warning"}[finding["severity"]]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == finding["file"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert location["region"]["startLine"] == finding["line"]
    assert run["invocations"][0]["exitCode"] == 1


def test_junit_has_a_case_per_rule_and_fails_the_rules_with_errors():
    result = _run(*WITH_FINDINGS, "--format", "junit", "--lang", "en")
    root = ET.fromstring(result.stdout)
    cases = {case.get("name"): case for case in root.iter("testcase")}
    assert "SA502 dependency-cycle" in cases
    failure = cases["SA502 dependency-cycle"].find("failure")
    assert failure is not None and "CYC-01 → CYC-02 → CYC-01" in failure.text
    # Warnings are below the default --fail-on error: listed, not failed.
    kpi = cases["SA401 missing-kpi"]
    assert kpi.find("failure") is None
    assert "KPI-01" in kpi.find("system-out").text
    assert root.get("failures") == "1"
    assert cases["SA101 duplicate-measure-id"].find("failure") is None


def test_junit_fail_on_warning_fails_warning_rules():
    root = ET.fromstring(_run(*WITH_FINDINGS, "--format", "junit", "--fail-on", "warning").stdout)
    failed = {c.get("name") for c in root.iter("testcase") if c.find("failure") is not None}
    assert failed == {"SA401 missing-kpi", "SA402 year-outside-plan", "SA502 dependency-cycle"}


def test_github_annotations_and_step_summary(tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    result = _run(
        *WITH_FINDINGS,
        "--format",
        "github",
        "--lang",
        "en",
        env={"GITHUB_STEP_SUMMARY": str(summary), "COLUMNS": "200"},
    )
    lines = result.stdout.splitlines()
    assert len(lines) == 6
    assert any(
        line.startswith(
            "::warning file=tests/fixtures/drafts/kpi/kpi.yaml,line=1,col=7,"
            "title=SA401 missing-kpi::"
        )
        for line in lines
    )
    assert any(line.startswith("::error ") and "cycle" in line for line in lines)
    assert all("\n" not in line for line in lines)
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("earlier step\n")
    assert "## ❌ seta-align check" in written
    assert "KPI-01" in written
    assert result.exit_code == 1


def test_github_without_summary_variable_writes_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _run(CLEAN, "--format", "github", env={"COLUMNS": "200"})
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_github_escapes_newlines_and_separators():
    from seta_align.findings import Finding, Location, Severity
    from seta_align.i18n import Text
    from seta_align.reporters.github import annotation

    finding = Finding(
        "SA102",
        "unknown-reference",
        Severity.ERROR,
        Text("a\nb%", "a\nb%"),
        Location("dir,name:x.yaml", 3, 4),
    )
    line = annotation(finding, "en")
    assert (
        line
        == "::error file=dir%2Cname%3Ax.yaml,line=3,col=4,title=SA102 unknown-reference::a%0Ab%25"
    )


def test_markdown_for_a_pull_request_comment():
    text = _run(*WITH_FINDINGS, "--format", "markdown", "--lang", "ja").stdout
    assert text.startswith("## ❌ seta-align 検査結果")
    # the coverage table of the terminal (views/check.py)
    assert "| SDG | ターゲット | `SDG.target` | 3/3 | – | 100.0% | – |" in text
    assert "🔴 | SA502 dependency-cycle" in text


def test_markdown_cells_cannot_break_the_table(tmp_path):
    (tmp_path / "m.yaml").write_text(
        "id: MD-1\ntitle: t\nowner: o\nfield: ECON\nsupports: ['PP-6.5|<b>x</b>']\n",
        encoding="utf-8",
    )
    text = _run(
        CLEAN, tmp_path, "--config", DRAFTS / "seta-align.yaml", "--format", "markdown"
    ).stdout
    # The measure is still read (one slip, one finding): the row is the schema error's.
    row = next(line for line in text.splitlines() if "SA003" in line)
    assert "\\|" in row and "<b>" not in row


def test_plain_text_is_stable_and_colourless():
    text = _run(*WITH_FINDINGS, "--format", "text", "--lang", "en").stdout
    lines = text.splitlines()
    assert lines[0] == (
        "tests/fixtures/drafts/cycle/cycle.yaml:6:15: error SA502 [dependency-cycle] "
        "depends_on forms a cycle: CYC-01 → CYC-02 → CYC-01 (Remove one depends_on link of "
        "the cycle.)"
    )
    assert "coverage SDG.target 3/3 100.0%" in lines
    assert lines[-1] == "7 measures in 4 files: 2 errors, 4 warnings, 0 info (exit code 1)"
    assert "\x1b[" not in text


def test_rich_output_has_no_colour_when_not_a_terminal_or_with_no_color():
    result = _run(*WITH_FINDINGS, env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert "\x1b[" not in result.stdout
    result = _run(*WITH_FINDINGS, env={"COLUMNS": "200"})
    assert "\x1b[" not in result.stdout


def test_json_text_is_the_same_data_as_json_dumps(tmp_path):
    """The JSON writer indents only the outer levels; the data is exactly json.dumps' data."""
    from seta_align.documents import writing as json_text

    value = {
        "a": [{"b": [1, 2.5, None, True], "c": '日本語\n"引用"\u2028'}, [], {}],
        "d": {"e": {"f": {"g": [{"h": "</script>"}]}}},
        "i": [],
        "j": "x",
    }
    for levels in range(6):
        text = json_text.dumps(value, levels=levels)
        assert json.loads(text) == value
        assert "日本語" in text  # readable, not \\u escapes
    assert json_text.dumps(value, levels=0) == json.dumps(value, ensure_ascii=False)
