"""`diff`: two drafts as folders, and two git revisions of one repository."""

from __future__ import annotations

import json
import shutil
import subprocess

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
    assert "| `PLAN.action` | 2/2 (100.0%) | 1/2 (50.0%) | -50.0 |" in markdown
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
