"""``check --format gitlab``: GitLab's code-quality report, validated against the format GitLab
documents (tests/fixtures/schemas/gitlab-codequality.json), one issue per finding."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from conftest import CLEAN, DRAFTS, FIXTURES, ROOT, run_cli

SCHEMA = json.loads((FIXTURES / "schemas" / "gitlab-codequality.json").read_text("utf-8"))
WITH_FINDINGS = (CLEAN, DRAFTS / "kpi", DRAFTS / "cycle")


def _gitlab(*args) -> tuple[int, list]:
    result = run_cli("check", *args, "--format", "gitlab")
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize(
    "paths",
    [(CLEAN,), WITH_FINDINGS, (CLEAN, DRAFTS / "syntax")],
    ids=["clean", "findings", "input-errors"],
)
def test_the_report_is_valid_against_gitlabs_documented_format(paths):
    _code, issues = _gitlab(*paths)
    jsonschema.validate(issues, SCHEMA)


def test_a_clean_draft_is_an_empty_report():
    code, issues = _gitlab(CLEAN)
    assert (code, issues) == (0, [])


def test_one_issue_per_finding_with_its_rule_severity_file_and_line():
    code, issues = _gitlab(*WITH_FINDINGS)
    findings = json.loads(run_cli("check", *WITH_FINDINGS, "--format", "json").stdout)["findings"]
    assert code == 1
    assert len(issues) == len(findings) == 6
    severity = {"error": "major", "warning": "minor", "info": "info"}
    for issue, finding in zip(issues, findings, strict=True):
        assert issue["check_name"] == finding["code"]
        assert issue["severity"] == severity[finding["severity"]]
        assert issue["location"]["path"] == finding["file"]
        assert issue["location"]["lines"]["begin"] == finding["line"]
        assert issue["location"]["positions"]["begin"]["column"] == finding["column"]
        assert issue["description"].startswith(f"{finding['code']} {finding['message']}")
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)


def test_the_fingerprint_leaves_the_line_out(tmp_path, monkeypatch):
    """GitLab tells a new finding from an old one by its fingerprint: a measure moved down its
    file keeps it, and its line follows."""
    shutil.copytree(DRAFTS / "kpi", tmp_path / "draft")
    monkeypatch.chdir(tmp_path)
    [measure_file] = sorted(Path("draft").glob("*.yaml"))

    def issues_in_the_file() -> list[dict]:
        issues = _gitlab("draft")[1]
        return [i for i in issues if i["location"]["path"] == str(measure_file)]

    before = issues_in_the_file()
    measure_file.write_text("\n\n\n" + measure_file.read_text("utf-8"), encoding="utf-8")
    after = issues_in_the_file()
    assert before and len(before) == len(after)
    for old, new in zip(before, after, strict=True):
        assert new["fingerprint"] == old["fingerprint"]
        assert new["location"]["lines"]["begin"] == old["location"]["lines"]["begin"] + 3
    # A finding on another measure is another issue.
    assert len({i["fingerprint"] for i in after}) == len(after)


def test_a_finding_on_a_bundled_node_is_named_by_its_module(monkeypatch):
    monkeypatch.chdir(ROOT / "data")
    _code, issues = _gitlab()
    uncovered = [i for i in issues if i["check_name"] == "SA201"]
    assert uncovered and all(i["location"]["path"] == "seta-align:sdgs" for i in uncovered)
    jsonschema.validate(issues, SCHEMA)


def test_the_fingerprint_leaves_this_years_figures_out(tmp_path, monkeypatch):
    """A KPI behind this year and, with another figure, behind again is the same issue."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path / "data")

    def behind() -> dict:
        issues = _gitlab()[1]
        return {
            i["fingerprint"]: i["description"]
            for i in issues
            if i["check_name"] == "SA701" and "WELF-06" in i["description"]
        }

    before = behind()
    results = tmp_path / "data" / "results" / "2025.yaml"
    results.write_text(
        results.read_text("utf-8").replace("year: 2025, value: 204}", "year: 2025, value: 205}", 1),
        encoding="utf-8",
    )
    after = behind()
    assert len(before) == len(after) == 1
    assert before.keys() == after.keys()
    assert "204" in next(iter(before.values())) and "205" in next(iter(after.values()))


def test_a_coverage_finding_keeps_its_fingerprint_as_the_coverage_moves(tmp_path, monkeypatch):
    """SA202 names no measure or node: its words, not its figures, make its fingerprint."""
    shutil.copytree(FIXTURES / "modules", tmp_path / "city")
    monkeypatch.chdir(tmp_path / "city")
    (tmp_path / "city" / "measures" / "bosai.yaml").unlink()  # CITY.policy: 2 of 3

    def below() -> tuple[str, str]:
        [issue] = [i for i in _gitlab()[1] if i["check_name"] == "SA202"]
        return issue["fingerprint"], issue["description"]

    first = below()
    (tmp_path / "city" / "measures" / "sangyo.yaml").write_text(
        (FIXTURES / "modules" / "measures" / "sangyo.yaml").read_text("utf-8").split("- id: SANGYO-02")[0],
        encoding="utf-8",
    )  # CITY.policy: 1 of 3
    second = below()
    assert first[1] != second[1]  # the figures moved …
    assert first[0] == second[0]  # … the issue is the same
