"""`diff`: two drafts as folders, and two git revisions of one repository."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli

OLD = FIXTURES / "diff" / "old"
NEW = FIXTURES / "diff" / "new"


def _json(*args):
    result = run_cli("diff", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def test_diff_of_two_folders():
    exit_code, document = _json(OLD, NEW)
    assert exit_code == 0
    assert document["measures"] == {
        "added": ["ECON-02"],
        "removed": ["KIDS-01"],
        "changed": {"ECON-01": ["supports", "kpis"]},
    }
    assert document["coverage"]["lost"] == ["PP-1", "PP-1.1", "SDG-4", "SDG-4.7"]
    assert document["coverage"]["gained"] == []
    levels = {level["key"]: level for level in document["coverage"]["levels"]}
    assert levels["PLAN.action"]["old"]["percent"] == 100.0
    assert levels["PLAN.action"]["new"]["percent"] == 50.0
    assert levels["PLAN.action"]["delta"] == -50.0
    introduced = {
        (f["code"], f["measure"] or f["node"]) for f in document["findings"]["introduced"]
    }
    assert ("SA102", "ECON-02") in introduced
    assert ("SA401", "ECON-02") in introduced
    assert ("SA201", "PP-1") in introduced
    assert document["regression"] is True


def test_reverse_diff_fixes_what_the_change_broke():
    _, document = _json(NEW, OLD)
    assert document["coverage"]["gained"] == ["PP-1", "PP-1.1", "SDG-4", "SDG-4.7"]
    fixed = {f["code"] for f in document["findings"]["fixed"]}
    assert {"SA102", "SA401", "SA201"} <= fixed
    assert document["findings"]["introduced"] == []
    assert document["regression"] is False


def test_fail_on_regression():
    assert run_cli("diff", OLD, NEW, "--fail-on-regression").exit_code == 1
    assert run_cli("diff", NEW, OLD, "--fail-on-regression").exit_code == 0
    assert run_cli("diff", OLD, OLD, "--fail-on-regression").exit_code == 0


def test_diff_markdown_and_rich():
    markdown = run_cli("diff", OLD, NEW, "--format", "markdown", "--lang", "en").stdout
    assert markdown.startswith("## ❌ seta-align diff")
    assert "| `PLAN.action` | 2/2 (100.0%) | 1/2 (50.0%) | −50.0 |" in markdown
    assert f"Before: {OLD} (2 measures)" in markdown and f"After: {NEW} (2 measures)" in markdown
    assert "**No longer served**: `PP-1`" in markdown
    rich = run_cli("diff", OLD, NEW, "--lang", "ja").stdout
    assert "網羅されなくなった: PP-1" in rich


def test_diff_needs_two_drafts_or_a_revision():
    result = run_cli("diff", OLD)
    assert result.exit_code == 2
    assert "OLD NEW" in result.output


def test_unreadable_side_is_an_input_error(tmp_path):
    (tmp_path / "bad.yaml").write_text("- id: [", encoding="utf-8")
    result = run_cli("diff", OLD, tmp_path)
    assert result.exit_code == 2


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_of_two_git_revisions(tmp_path, monkeypatch):
    repository = tmp_path / "plan"
    measures = repository / "data" / "measures"
    measures.mkdir(parents=True)
    shutil.copy(FIXTURES / "framework" / "mini.yaml", repository / "mini.yaml")
    (repository / "seta-align.yaml").write_text("framework: mini.yaml\n", encoding="utf-8")

    def git(*args):
        subprocess.run(
            ["git", "-C", str(repository), *args],
            check=True,
            capture_output=True,
            env={
                "GIT_AUTHOR_NAME": "t",
                "GIT_AUTHOR_EMAIL": "t@example.org",
                "GIT_COMMITTER_NAME": "t",
                "GIT_COMMITTER_EMAIL": "t@example.org",
                "HOME": str(tmp_path),
                "PATH": "/usr/bin:/bin",
            },
        )

    git("init", "-q")
    for path in OLD.glob("*.yaml"):
        shutil.copy(path, measures / path.name)
    git("add", "-A")
    git("commit", "-qm", "old draft")
    for path in measures.glob("*.yaml"):
        path.unlink()
    for path in NEW.glob("*.yaml"):
        shutil.copy(path, measures / path.name)
    git("add", "-A")
    git("commit", "-qm", "new draft")

    monkeypatch.chdir(repository)
    exit_code, document = _json("--rev", "HEAD~1..HEAD")
    assert document["measures"]["added"] == ["ECON-02"]
    assert document["coverage"]["lost"] == ["PP-1", "PP-1.1", "SDG-4", "SDG-4.7"]
    assert exit_code == 0
    # Against the working tree: an uncommitted edit that restores KIDS-01.
    shutil.copy(OLD / "kodomo.yaml", measures / "kodomo.yaml")
    _, document = _json("--rev", "HEAD")
    assert document["measures"]["added"] == ["KIDS-01"]
    result = run_cli("diff", "--rev", "nosuchrev..HEAD")
    assert result.exit_code == 2
    assert "git" in result.output


def test_diff_in_every_file_format(tmp_path):
    """The coverage of PLAN.action went from 2 of 2 to 1 of 2 (PP-1.1 lost with KIDS-01): a
    spreadsheet gets each figure in a column of its own, Δ in percentage points."""
    from openpyxl import load_workbook

    def written(suffix: str) -> Path:
        target = tmp_path / f"diff{suffix}"
        result = run_cli("diff", OLD, NEW, "-o", target, "--lang", "ja")
        assert result.exit_code == 0, result.output
        return target

    book = load_workbook(written(".xlsx"))
    levels = book[next(name for name in book.sheetnames if name.startswith("網羅率"))]
    rows = {row[0]: row[1:8] for row in levels.iter_rows(min_row=3, values_only=True) if row[0]}
    assert rows["PLAN.action"] == (2, 2, 1.0, 1, 2, 0.5, -50.0)
    assert rows["SDG.target"] == (3, 3, 1.0, 2, 3, pytest.approx(2 / 3), -33.3)
    csv_rows = written(".csv").read_bytes().decode("utf-8-sig").splitlines()
    assert csv_rows == ["変化,件数,ID", "追加,1,ECON-02", "削除,1,KIDS-01", '変更,1,"ECON-01 (supports, kpis)"']
    page = written(".html").read_text(encoding="utf-8")
    assert 'data-table="levels"' in page and "網羅されなくなった" in page
    again = run_cli("diff", OLD, NEW, "-o", tmp_path / "diff.csv")
    assert again.exit_code == 2 and "--force" in again.stderr
