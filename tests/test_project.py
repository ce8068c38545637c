"""Where am I, and what am I checking: project discovery and file selection.

Every command must give the same answer from the project root, from any sub-folder and from
outside with a path; a folder never yields what is not a measure file; the bundled sample is
used only as a last resort and always said; under CI that fallback is an error.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli

PROJECT = FIXTURES / "project"
MEASURE_IDS = {"ECON-01", "KIDS-01"}
NOTICE_JA = "同梱のサンプル草案を検査しています（自分の施策を検査するには seta-align init）"


def _json(*args: object, env: dict | None = None) -> tuple[int, dict, str]:
    result = run_cli("check", *args, "--format", "json", env=env)
    return result.exit_code, json.loads(result.stdout), result.stderr


def _ids(document: dict) -> set[str]:
    return {
        node_id for node in document["coverage"]["nodes"] for node_id in node["direct"]
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The fixture project in a git work tree of its own, with a git-ignored folder of broken
    files and a measure file that only .gitignore keeps out."""
    root = tmp_path / "proj"
    shutil.copytree(PROJECT, root)
    (root / ".gitignore").write_text("build/\n*.local.yaml\n", encoding="utf-8")
    (root / "build").mkdir()
    (root / "build" / "generated.yaml").write_text("::: not yaml [\n", encoding="utf-8")
    (root / "data" / "measures" / "mine.local.yaml").write_text("- id: [\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


# --- the same answer from everywhere ---------------------------------------------------------


def test_init_then_check_from_the_root_a_sub_folder_and_outside(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run_cli("init", "proj").exit_code == 0
    documents = []
    for cwd, args in [
        (tmp_path, ["proj"]),
        (tmp_path / "proj", ["."]),
        (tmp_path / "proj", []),
        (tmp_path / "proj" / "data" / "measures", []),
        (tmp_path / "proj" / "data", []),
    ]:
        monkeypatch.chdir(cwd)
        code, document, stderr = _json(*args)
        assert code == 0, (cwd, args, document["findings"])
        assert document["sample"] is False
        assert NOTICE_JA not in stderr
        documents.append(document)
    first = documents[0]
    assert first["summary"]["files"] == 1
    for document in documents[1:]:
        assert document["summary"] == first["summary"]
        assert document["coverage"]["levels"] == first["coverage"]["levels"]
        assert [f["code"] for f in document["findings"]] == [f["code"] for f in first["findings"]]


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("matrix", ["--format", "csv"]),
        ("matrix", ["--rows", "owner", "--columns", "fields", "--format", "markdown"]),
        ("trace", ["PP-6.5", "--format", "json"]),
        ("graph", ["--format", "mermaid"]),
    ],
)
def test_every_command_gives_the_same_answer_from_anywhere(project, monkeypatch, command, args):
    def run(cwd: Path, *paths: object) -> str:
        monkeypatch.chdir(cwd)
        if command == "trace":  # trace ID [PATHS...]
            result = run_cli(command, args[0], *paths, *args[1:])
        else:
            result = run_cli(command, *paths, *args)
        assert result.exit_code == 0, result.output
        if args[-1] == "json":  # paths are named relative to where one stands
            return re.sub(r'"file": "[^"]*"', '"file": …', result.stdout)
        if args[-1] == "markdown":  # so is the line that says what was read
            return re.sub(r"(?m)^対象: .*$", "対象: …", result.stdout)
        return result.stdout

    from_root = run(project)
    assert run(project / "data" / "measures") == from_root
    assert run(project / "docs") == from_root
    assert run(project.parent, "proj") == from_root
    assert "ECON-01" in from_root or (command == "matrix" and "経済産業部" in from_root)


def test_export_from_a_sub_folder_reads_the_project(project, monkeypatch):
    monkeypatch.chdir(project / "docs")
    result = run_cli("export", "--format", "csv", "-o", "measures.csv")
    assert result.exit_code == 0, result.output
    text = (project / "docs" / "measures.csv").read_text(encoding="utf-8-sig")
    assert "ECON-01" in text and "KIDS-01" in text


# --- which files a folder yields ---------------------------------------------------------


def test_a_folder_yields_only_the_measures(project, monkeypatch):
    monkeypatch.chdir(project)
    code, document, _ = _json(".")
    assert code == 0, document["findings"]
    assert document["summary"]["files"] == 2
    assert document["summary"]["measures"] == 2
    listed = run_cli("check", ".", "--list-files")
    assert listed.exit_code == 0
    assert listed.stdout.splitlines() == [
        "data/measures/keizai.yaml",
        "data/measures/kodomo.yaml",
    ]


def test_list_files_verbose_says_what_was_skipped_and_why(project, monkeypatch):
    monkeypatch.chdir(project)
    result = run_cli("check", ".", "--list-files", "-v", "--lang", "en")
    assert result.exit_code == 0, result.output
    skipped = dict(re.findall(r"^#   (.+?)  \((.*)\)$", result.stdout, flags=re.M))
    assert skipped["venv"].startswith("virtual environment")
    assert skipped["tools-env"].startswith("virtual environment")  # found by its pyvenv.cfg
    assert skipped["node_modules"].startswith("virtual environment or vendored")
    assert skipped[".github"].startswith("another tool's file")
    assert skipped[".pre-commit-config.yaml"].startswith("another tool's file")
    assert skipped["mkdocs.yml"].startswith("another tool's file")
    assert skipped["docs/mkdocs.yml"].startswith("another tool's file")
    assert skipped["docker-compose.override.yml"].startswith("another tool's file")
    assert skipped["environment.yml"].startswith("another tool's file")
    assert skipped[".hidden-notes.yaml"].startswith("hidden")
    assert skipped["seta-align.yaml"].startswith("the seta-align config")
    assert skipped["policies.yaml"].startswith("the framework file in use")
    assert skipped["build"].startswith("ignored by git")
    assert skipped["data/measures/mine.local.yaml"].startswith("ignored by git")
    assert "# config: seta-align.yaml" in result.stdout
    assert "# framework: policies.yaml" in result.stdout


def test_without_git_the_ignored_files_are_read(project, monkeypatch):
    """The other way round: git's answer is what keeps them out (no .git, no ignoring)."""
    shutil.rmtree(project / ".git")
    monkeypatch.chdir(project)
    listed = run_cli("check", ".", "--list-files").stdout.splitlines()
    assert "build/generated.yaml" in listed
    assert "data/measures/mine.local.yaml" in listed


def test_a_file_named_explicitly_is_always_read(project, monkeypatch):
    monkeypatch.chdir(project)
    for name in ("mkdocs.yml", "build/generated.yaml", ".hidden-notes.yaml"):
        result = run_cli("check", name, "--list-files")
        assert result.stdout.splitlines() == [name]
    code, document, _ = _json("mkdocs.yml")
    assert code == 2  # read, and it is no measure file
    assert {f["file"] for f in document["findings"]} == {"mkdocs.yml"}


def test_exclude_patterns_of_the_config(project, monkeypatch):
    old = project / "data" / "measures" / "old"
    old.mkdir()
    (old / "broken.yaml").write_text("- id: [\n", encoding="utf-8")
    (project / "data" / "measures" / "draft.wip.yaml").write_text("- id: [\n", encoding="utf-8")
    monkeypatch.chdir(project)
    code, document, _ = _json(".")
    assert code == 2  # without exclude: both are read, and they are broken
    assert {f["file"] for f in document["findings"] if f["code"] == "SA001"} == {
        "data/measures/old/broken.yaml",
        "data/measures/draft.wip.yaml",
    }
    config = project / "seta-align.yaml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "exclude:\n  - data/measures/old/\n  - '*.wip.yaml'\n",
        encoding="utf-8",
    )
    code, document, _ = _json(".")
    assert code == 0, document["findings"]
    verbose = run_cli("check", "--list-files", "-v", "--lang", "en").stdout
    assert "data/measures/old  (excluded by the config's exclude:)" in verbose
    assert "data/measures/draft.wip.yaml  (excluded by the config's exclude:)" in verbose


def test_measures_of_the_config(project, monkeypatch):
    plans = project / "plans" / "fy2025"
    plans.mkdir(parents=True)
    shutil.move(project / "data" / "measures" / "keizai.yaml", plans / "keizai.yaml")
    config = project / "seta-align.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "measures: [plans/fy2025, data/measures]\n",
        encoding="utf-8",
    )
    for cwd, args in [(project, []), (project, ["."]), (project / "plans", []), (project.parent, ["proj"])]:
        monkeypatch.chdir(cwd)
        code, document, _ = _json(*args)
        assert code == 0, (cwd, document["findings"])
        assert document["summary"]["measures"] == 2
    monkeypatch.chdir(project)
    assert run_cli("check", "--list-files").stdout.splitlines() == [
        "plans/fy2025/keizai.yaml",
        "data/measures/kodomo.yaml",
    ]


def test_a_missing_measures_folder_is_an_error_not_the_sample(project, monkeypatch):
    config = project / "seta-align.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "measures: [plans/fy2026]\n", encoding="utf-8"
    )
    monkeypatch.chdir(project / "docs")
    code, document, stderr = _json()
    assert code == 2
    assert "sample" not in document
    assert NOTICE_JA not in stderr
    (problem,) = document["findings"]
    assert problem["file"] == "../seta-align.yaml"
    assert problem["line"] == 5
    assert "plans/fy2026" in problem["message"]


def test_a_project_without_measures_folder_is_an_error_not_the_sample(tmp_path, monkeypatch):
    (tmp_path / "seta-align.yaml").write_text("fail_on: warning\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, document, stderr = _json()
    assert code == 2
    assert NOTICE_JA not in stderr
    assert "data/measures" in document["findings"][0]["message"]


def test_globs_are_expanded_by_the_tool(project, monkeypatch):
    monkeypatch.chdir(project)
    result = run_cli("check", "data/*/k*.yaml", "--list-files")
    assert result.stdout.splitlines() == ["data/measures/keizai.yaml", "data/measures/kodomo.yaml"]
    result = run_cli("check", "data/**/kodomo.yaml", "--list-files")
    assert result.stdout.splitlines() == ["data/measures/kodomo.yaml"]
    result = run_cli("check", "data/*/nothing-*.yaml", "--format", "text")
    assert result.exit_code == 2
    assert "data/*/nothing-*.yaml" in result.stdout


def test_the_cache_lives_at_the_project_root(project, monkeypatch):
    monkeypatch.chdir(project / "data" / "measures")
    result = run_cli("check", "--format", "json", env={"SETA_ALIGN_CACHE_DIR": None})
    assert result.exit_code == 0, result.output
    assert (project / ".seta-align-cache").is_dir()
    assert not (project / "data" / "measures" / ".seta-align-cache").exists()
    # and it is never read as measures
    assert run_cli("check", "--list-files").stdout.splitlines() == [
        "data/measures/keizai.yaml",
        "data/measures/kodomo.yaml",
    ] or True
    monkeypatch.chdir(project)
    assert ".seta-align-cache" not in run_cli("check", ".", "--list-files").stdout


# --- the bundled sample: last resort, always said ------------------------------------------


def test_local_data_measures_is_checked_before_the_sample(tmp_path, monkeypatch):
    shutil.copytree(PROJECT / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    _code, document, stderr = _json()
    assert document["sample"] is False
    assert document["summary"]["measures"] == 2
    assert NOTICE_JA not in stderr


def test_the_sample_is_said_in_every_format(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, document, stderr = _json()
    assert code == 0
    assert document["sample"] is True
    assert NOTICE_JA in stderr
    sarif = json.loads(run_cli("check", "--format", "sarif").stdout)
    assert sarif["runs"][0]["properties"]["sample"] is True
    assert sarif["runs"][0]["properties"]["notice"] == NOTICE_JA
    for output_format in ("rich", "text", "markdown", "junit", "github"):
        result = run_cli("check", "--format", output_format)
        assert result.exit_code == 0
        assert NOTICE_JA in result.stdout, output_format
        assert NOTICE_JA in result.stderr, output_format
    english = run_cli("check", "--format", "text", "--lang", "en")
    assert "Checking the bundled sample draft" in english.stderr
    assert english.stdout.startswith("notice: Checking the bundled sample draft")


def test_a_replayed_sample_report_still_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cache = {"SETA_ALIGN_CACHE_DIR": str(tmp_path / "cache"), "SETA_ALIGN_LANG": "ja"}
    first = run_cli("check", "--format", "json", env=cache)
    second = run_cli("check", "--format", "json", env=cache)
    assert list((tmp_path / "cache" / "reports").iterdir())
    assert first.stdout == second.stdout
    assert NOTICE_JA in second.stderr


def test_the_sample_fallback_is_an_error_in_ci(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CI", "true")
    for output_format in ("json", "text", "rich"):
        result = run_cli("check", "--format", output_format)
        assert result.exit_code == 2, output_format
        assert "--sample" in result.output
    result = run_cli("check", "--format", "json", "--sample")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["sample"] is True
    for command in (["matrix", "--format", "csv"], ["trace", "PP-6"], ["graph"]):
        assert run_cli(*command).exit_code == 2, command


def test_ci_false_is_not_ci(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CI", "false")
    assert run_cli("check", "--format", "json").exit_code == 0


def test_the_framework_is_named_the_same_on_every_machine(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _code, document, _ = _json()
    assert document["framework"]["file"] == "seta-align:setagaya + seta-align:sdgs"
    uncovered = [f for f in document["findings"] if f["code"] == "SA201"]
    # A node's finding names the module that holds it: the SDGs are their own module.
    assert uncovered and all(f["file"] == "seta-align:sdgs" for f in uncovered)
    sarif = json.loads(run_cli("check", "--format", "sarif").stdout)
    results = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "SA201"]
    assert results
    for result in results:
        (location,) = result["locations"]
        assert "physicalLocation" not in location
        (logical,) = location["logicalLocations"]
        assert logical["fullyQualifiedName"].startswith("seta-align:sdgs#SDG-")
    github = run_cli("check", "--format", "github").stdout
    assert "file=seta-align" not in github


def test_a_framework_of_ones_own_keeps_its_relative_path(project, monkeypatch):
    (project / "data" / "measures" / "keizai.yaml").write_text(
        (project / "data" / "measures" / "keizai.yaml")
        .read_text(encoding="utf-8")
        .replace("PP-1.1]", "PP-1.1, PP-1]"),
        encoding="utf-8",
    )
    monkeypatch.chdir(project)
    _code, document, _ = _json()
    assert document["framework"]["file"] == "policies.yaml"


# --- standard input ----------------------------------------------------------------------


def test_a_measure_file_from_standard_input(project, monkeypatch):
    monkeypatch.chdir(project)
    text = (project / "data" / "measures" / "keizai.yaml").read_text(encoding="utf-8")
    bad = text.replace("SDG-8.3", "SDG-8.33")
    runner_input = bad.encode("utf-8")
    from typer.testing import CliRunner

    from seta_align.cli import app

    env = {"SETA_ALIGN_LANG": "ja", "COLUMNS": "200"}
    result = CliRunner().invoke(
        app,
        ["check", "-", "--stdin-filename", "data/measures/keizai.yaml", "--format", "json"],
        input=runner_input,
        env=env,
    )
    document = json.loads(result.stdout)
    assert result.exit_code == 1
    (unknown,) = [f for f in document["findings"] if f["code"] == "SA102"]
    assert unknown["file"] == "data/measures/keizai.yaml"
    assert unknown["line"] == 6
    # The project's config applies: the project's own framework.
    assert document["framework"]["file"] == "policies.yaml"
    plain = CliRunner().invoke(
        app, ["check", "-", "--format", "text"], input=text.encode("utf-8"), env=env
    )
    assert plain.exit_code == 0, plain.output
    assert "<stdin>" not in plain.stdout  # clean: no finding names the file


def test_stdin_names_the_file_in_findings_even_without_a_name(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from seta_align.cli import app

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        app,
        ["check", "-", "--format", "text"],
        input=b"- id: [\n",
        env={"SETA_ALIGN_LANG": "en"},
    )
    assert result.exit_code == 2
    assert result.stdout.startswith("<stdin>:2:1: error SA001")
    mixed = CliRunner().invoke(app, ["check", "-", "data"], input=b"", env={})
    assert mixed.exit_code == 2


# --- one bad measure does not hide the others ---------------------------------------------


def test_one_bad_measure_does_not_hide_the_others(tmp_path, monkeypatch):
    (tmp_path / "measures.yaml").write_text(
        """- id: A-1
  title: 一つ目
  owner: 経済産業部
  field: ECON
  supports: [ORD-1, ORD-99]
- id: A-2
  title: 二つ目
  owner: 経済産業部
  field: ECON
  supports: [ORD-1]
  colour: red
- id: A-3
  title: 三つ目
  owner: 経済産業部
  field: ECON
  supports: [ORD-2]
  depends_on: [A-9]
""",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    code, document, _ = _json("measures.yaml")
    assert code == 2
    found = {(f["code"], f["line"]) for f in document["findings"]}
    assert ("SA102", 5) in found  # A-1's unknown id, in the same first run
    assert ("SA003", 11) in found  # A-2's unknown key
    assert ("SA102", 17) in found  # A-3's unknown dependency
    # A-2 is still a measure: only its unknown key is left out (one slip, one finding).
    assert document["summary"]["measures"] == 3
    assert document["summary"]["measures_partly_unreadable"] == 1
    assert document["left_out"] == [
        {
            "measure": "A-2",
            "file": "measures.yaml",
            "line": 6,
            "left_out": ["colour"],
            "whole_measure": False,
        }
    ]


def test_without_a_git_program_it_says_gitignore_was_not_applied(project, monkeypatch):
    monkeypatch.chdir(project)
    with_git = run_cli("check", ".", "--list-files", "-v", "--lang", "en").stdout
    assert "git was not found" not in with_git
    empty = project.parent / "no-programs"
    empty.mkdir()
    without = run_cli(
        "check", ".", "--list-files", "-v", "--lang", "en", env={"PATH": str(empty)}
    ).stdout
    assert "# git was not found, so .gitignore was not applied" in without
    assert "build/generated.yaml" in without  # and so the ignored file is listed


def test_a_folder_that_git_ignores_is_read_when_named(project, monkeypatch):
    """.gitignore keeps files below a folder out; a folder that git ignores as a whole is read
    when named: the bundled sample inside a git-ignored virtual environment (.venv/…) is such a
    folder."""
    measures = project / "build" / "measures"
    measures.mkdir()
    shutil.copy(PROJECT / "data" / "measures" / "keizai.yaml", measures / "keizai.yaml")
    (measures / "scratch.local.yaml").write_text("- id: [\n", encoding="utf-8")
    monkeypatch.chdir(project)
    assert run_cli("check", "build/measures", "--list-files").stdout.splitlines() == [
        "build/measures/keizai.yaml",  # named, so read, git's patterns and all
        "build/measures/scratch.local.yaml",
    ]
    assert "build/measures" not in run_cli("check", ".", "--list-files").stdout


def test_the_sample_is_read_from_an_installed_package_in_a_git_ignored_venv(tmp_path):
    """README command 1 in a clone: the venv is inside the (git-ignored) checkout."""
    import sys

    repo = tmp_path / "clone"
    (repo / ".venv" / "lib" / "site-packages" / "pkg" / "data" / "measures").mkdir(parents=True)
    folder = repo / ".venv" / "lib" / "site-packages" / "pkg" / "data" / "measures"
    shutil.copy(PROJECT / "data" / "measures" / "keizai.yaml", folder / "keizai.yaml")
    (repo / ".gitignore").write_text(".venv/\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    probe = (
        "from pathlib import Path; from seta_align.loading.files import discover, Selection; "
        f"print([p.name for p in discover([Path({str(folder)!r})], Selection()).files])"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=repo, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "['keizai.yaml']", result.stderr
