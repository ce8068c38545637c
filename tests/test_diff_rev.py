"""``diff --rev`` on real repositories, as a pull-request gate.

Each test makes a git repository of its own: ``A..B``, ``A...B`` (the merge base, as GitHub
compares a pull request), ``A`` against the working tree, a bad revision, committed symlinks
that point outside the tree, a symlinked measure file, and paths in every format that name the
repository's files, never a scratch folder.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import CLEAN, MINI_FRAMEWORK, run_cli

MEASURE = (CLEAN / "keizai.yaml").read_text(encoding="utf-8")
KIDS = (CLEAN / "kodomo.yaml").read_text(encoding="utf-8")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """main: A (clean) → C (a measure added); feature, from A: B (an unknown id)."""
    root = tmp_path / "repo"
    (root / "data" / "measures").mkdir(parents=True)
    (root / "policies.yaml").write_text(MINI_FRAMEWORK.read_text(encoding="utf-8"), "utf-8")
    (root / "seta-align.yaml").write_text("framework: policies.yaml\n", encoding="utf-8")
    (root / "data" / "measures" / "keizai.yaml").write_text(MEASURE, encoding="utf-8")
    (root / "data" / "measures" / "kodomo.yaml").write_text(KIDS, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "t@example.org")
    git(root, "config", "user.name", "t")
    git(root, "add", ".")
    git(root, "commit", "-qm", "A")
    git(root, "tag", "A")
    git(root, "checkout", "-qb", "feature")
    (root / "data" / "measures" / "keizai.yaml").write_text(
        MEASURE.replace("SDG-8.10", "SDG-8.99"), encoding="utf-8"
    )
    git(root, "commit", "-qam", "B")
    git(root, "checkout", "-q", "main")
    (root / "data" / "measures" / "more.yaml").write_text(
        "- id: ECON-02\n  title: 追加\n  owner: 経済産業部\n  field: ECON\n"
        "  supports: [PP-6.5, ORD-2.3]\n"
        "  kpis: [{name: 件数, unit: 件, target: {year: 2030, value: 1}}]\n",
        encoding="utf-8",
    )
    git(root, "add", ".")
    git(root, "commit", "-qm", "C")
    monkeypatch.chdir(root)
    return root


def _diff(*args: str) -> tuple[int, dict]:
    result = run_cli("diff", *args, "--format", "json", "--lang", "en")
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def test_two_dots_compare_the_tips(repo):
    _code, document = _diff("--rev", "main..feature")
    changes = document["measures"]
    assert changes["removed"] == ["ECON-02"]  # main has it, feature does not
    introduced = document["findings"]["introduced"]
    assert [f["code"] for f in introduced] == ["SA102"]


def test_three_dots_compare_with_where_the_branch_started(repo):
    code, document = _diff("--rev", "main...feature", "--fail-on-regression")
    assert document["measures"]["removed"] == []  # C is not part of the pull request
    (new,) = document["findings"]["introduced"]
    assert new["code"] == "SA102"
    assert new["file"] == "data/measures/keizai.yaml"
    assert new["line"] == 6
    assert code == 1  # a new error: the gate fails


def test_one_revision_against_the_working_tree(repo):
    (repo / "data" / "measures" / "kodomo.yaml").write_text(
        KIDS.replace("PP-1.1, PP-6.5", "PP-1.1, PP-6.55"), encoding="utf-8"
    )
    _code, document = _diff("--rev", "HEAD")
    (new,) = [f for f in document["findings"]["introduced"] if f["code"] == "SA102"]
    assert (new["file"], new["line"]) == ("data/measures/kodomo.yaml", 6)
    # PP-6 is now served by one field only: the cross-field rule notices, at the framework
    (cross,) = [f for f in document["findings"]["introduced"] if f["code"] == "SA301"]
    assert cross["file"] == "policies.yaml"


def test_paths_name_the_repository_files_in_every_format(repo):
    for output in ("json", "markdown", "rich"):
        result = run_cli("diff", "--rev", "main...feature", "--format", output, "--lang", "en")
        assert result.exit_code == 0, result.output
        assert "seta-align-diff-" not in result.stdout
        if output == "json":
            (new,) = json.loads(result.stdout)["findings"]["introduced"]
            assert (new["file"], new["line"]) == ("data/measures/keizai.yaml", 6)
        else:
            assert "data/measures/keizai.yaml:6" in result.stdout, output


def test_a_bad_revision_names_it_and_quotes_git(repo):
    for rev in ("nosuch..feature", "main..nosuch", "nosuch...main", "nosuch"):
        result = run_cli("diff", "--rev", rev, "--lang", "en")
        assert result.exit_code == 2, rev
        assert "nosuch" in result.stderr
        assert "Cannot read the git revision" in result.stderr
        assert "fatal" in result.stderr or "revision" in result.stderr.split(":", 2)[-1]
        assert "Traceback" not in result.stderr


def test_symlinks_that_leave_the_tree_do_not_stop_the_diff(repo):
    (repo / "docs").mkdir()
    os.symlink("/etc/passwd", repo / "docs" / "absolute-link")
    os.symlink("../../../outside", repo / "docs" / "outside-link")
    os.symlink("/etc", repo / "data" / "elsewhere")  # a linked folder, not a measure file
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "links")
    code, document = _diff("--rev", "HEAD~1..HEAD")
    assert code == 0
    assert document["measures"]["added"] == [] and document["measures"]["removed"] == []
    code, _ = _diff("--rev", "HEAD")
    assert code == 0


def test_a_symlinked_measure_file_is_a_located_problem(repo):
    os.symlink("keizai.yaml", repo / "data" / "measures" / "linked.yaml")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "a linked measure file")
    result = run_cli("diff", "--rev", "HEAD~1..HEAD", "--lang", "en")
    assert result.exit_code == 2
    assert "data/measures/linked.yaml" in result.stdout
    assert "symbolic link" in result.stdout


def test_only_what_the_check_needs_is_extracted(repo):
    """A large unrelated file is not read out of the revision (only measures, configs and the
    framework are)."""
    from seta_align.gitrev import extract

    (repo / "big.bin").write_bytes(os.urandom(1 << 20))
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "big")
    target = repo.parent / "out"
    target.mkdir()
    extracted = extract(repo, git(repo, "rev-parse", "HEAD"), ["data/measures"], target)
    assert sorted(extracted.files) == [
        "data/measures/keizai.yaml",
        "data/measures/kodomo.yaml",
        "data/measures/more.yaml",
        "policies.yaml",
        "seta-align.yaml",
    ]
    assert not (target / "big.bin").exists()


def test_a_project_that_lists_its_framework_files_compares_its_revisions(tmp_path, monkeypatch):
    """framework: [framework.yaml, seta-align:sdgs]: the revision's own framework file is taken
    out with it, the bundled module is the tool's."""
    root = tmp_path / "city"
    assert run_cli("init", root, "--framework", "blank", "--ci", "none").exit_code == 0
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "t@example.org")
    git(root, "config", "user.name", "t")
    git(root, "add", ".")
    git(root, "commit", "-qm", "A")
    example = root / "data" / "measures" / "example.yaml"
    example.write_text(example.read_text("utf-8").replace("SDG-8.3", "SDG-8.2"), "utf-8")
    monkeypatch.chdir(root)
    code, document = _diff("--rev", "HEAD")
    assert code == 0
    assert document["measures"]["changed"] == {"EX-01": ["supports"]}
