"""The command line itself: version, help, languages, the default draft, the entry point."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from seta_align import __version__

from conftest import CLEAN, DRAFTS, MINI_FRAMEWORK, ROOT, check_json, modules_imported, run_cli


def test_version():
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"seta-align {__version__}"


@pytest.mark.parametrize("command", [[], ["check"], ["rules"]])
def test_help_on_every_command(command):
    result = run_cli(*command, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.stdout


def _module_of(command) -> str:
    """The module that registers a click command (a group: the one module of its commands)."""
    if command.callback is not None:
        return command.callback.__module__
    (module,) = {_module_of(sub) for sub in command.commands.values()}
    return module


def test_every_command_is_run_from_the_module_named_for_it():
    """A run imports only the module ``COMMAND_MODULES`` names for its command: a command
    missing there, or named with the wrong module, would be missing from that run."""
    import typer.main

    from seta_align.cli import app
    from seta_align.commands import COMMAND_MODULES

    group = typer.main.get_command(app)
    registered = {name: _module_of(command) for name, command in group.commands.items()}
    named = {name: f"seta_align.commands.{module}" for name, module in COMMAND_MODULES.items()}
    assert registered == named


COMMAND_MODULE_NAMES = (
    "seta_align.commands.check",
    "seta_align.commands.report",
    "seta_align.commands.progress",
    "seta_align.commands.framework",
)


@pytest.mark.parametrize(
    "args, expected",
    [
        (["check", "--format", "json"], {"seta_align.commands.check"}),
        (["--debug", "progress", "--format", "json"], {"seta_align.commands.progress"}),
        (["framework", "show", "--help"], {"seta_align.commands.framework"}),
        # Help and anything not sure to name a command get every command, to list them.
        (["--help"], set(COMMAND_MODULE_NAMES)),
        (["-h", "check"], set(COMMAND_MODULE_NAMES)),
        (["--version"], set(COMMAND_MODULE_NAMES)),
        (["chek"], set(COMMAND_MODULE_NAMES)),
    ],
)
def test_a_run_imports_the_module_of_its_command_only(args, expected, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "tests" / "fixtures" / "progress", project)
    imported = modules_imported(
        project, tmp_path / "cache", COMMAND_MODULE_NAMES, *args, allowed_exit_codes=(0, 1, 2)
    )
    assert imported == expected


@pytest.mark.parametrize("args", [["--help"], ["--help", "check"], ["-h", "progress"]])
def test_the_groups_help_lists_every_command_whatever_follows(args):
    """``seta-align --help check`` is the group's help (click reads --help first): it lists
    every command, the same as ``seta-align --help``, run as its own process."""
    done = subprocess.run(
        [sys.executable, "-c", "from seta_align.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "SETA_ALIGN_LANG": "en"},
    )
    assert done.returncode == 0, done.stderr
    listed = done.stdout.split("Commands:")[1]
    for name in ("check", "impacts", "progress", "report", "framework", "import"):
        assert f"  {name} " in listed


def test_a_misspelt_command_is_still_told_which_commands_there_are():
    result = run_cli("chek")
    assert result.exit_code == 2
    assert "check" in result.stderr


def test_rules_lists_every_code():
    result = run_cli("rules", "--lang", "en")
    assert result.exit_code == 0
    for code in ("SA001", "SA101", "SA201", "SA301", "SA502"):
        assert code in result.stdout


def test_language_choice():
    # -v: the uncovered nodes one by one (by default they are one line per level)
    ja = run_cli("check", DRAFTS / "uncovered", "--lang", "ja", "--show", "findings", "-v")
    en = run_cli("check", DRAFTS / "uncovered", "--lang", "en", "--show", "findings", "-v")
    assert "貢献する施策がありません" in ja.stdout
    assert "No measure serves" in en.stdout


def test_language_from_locale():
    result = run_cli(
        "check",
        DRAFTS / "uncovered",
        "--show",
        "findings",
        "-v",
        env={"LANG": "en_US.UTF-8", "COLUMNS": "200"},
    )
    assert "No measure serves" in result.stdout
    result = run_cli(
        "check",
        DRAFTS / "uncovered",
        "--show",
        "findings",
        "-v",
        env={"LANG": "ja_JP.UTF-8", "COLUMNS": "200"},
    )
    assert "貢献する施策がありません" in result.stdout


def test_rich_output_has_every_section():
    result = run_cli("check", CLEAN, "--show", "all", "--lang", "en")
    assert result.exit_code == 0
    for heading in (
        "Summary",
        "Coverage per framework and level",
        "Coverage by node",
        "Cross-field matrix",
        "No findings",
    ):
        assert heading in result.stdout
    default = run_cli("check", CLEAN, "--lang", "en")
    assert "Coverage by node" not in default.stdout
    assert "Cross-field matrix" in default.stdout


def test_json_document_shape():
    exit_code, document = check_json(DRAFTS / "uncovered")
    assert document["schema_version"] == 1
    assert document["exit_code"] == exit_code == 0
    assert set(document) >= {
        "tool",
        "lang",
        "framework",
        "config",
        "plan_period",
        "summary",
        "coverage",
        "cross_field",
        "findings",
        "skipped_rules",
    }
    assert document["summary"]["measures"] == 1
    assert document["summary"]["findings"] == {"error": 0, "warning": 3, "info": 0}
    for finding in document["findings"]:
        assert set(finding) == {
            "code",
            "name",
            "severity",
            "file",
            "line",
            "column",
            "message",
            "messages",
            "hint",
            "measure",
            "node",
            "input_problem",
        }
    node = next(n for n in document["coverage"]["nodes"] if n["id"] == "PP-6")
    assert node == {
        "id": "PP-6",
        "framework": "PLAN",
        "level": "priority_policy",
        "parent": None,
        "title": "安全で魅力的な街づくりと産業連携による新たな価値の創出",
        "title_en": "Safe, attractive town-making and new value through industrial collaboration",
        "fields": ["ECON"],
        "direct": [],
        "measures": 1,
        "covered": True,
        "waived": None,
    }


def test_json_on_input_errors_still_parses():
    exit_code, document = check_json(CLEAN, DRAFTS / "syntax")
    assert exit_code == 2
    assert document["summary"]["findings"]["error"] == 4


def test_default_draft_is_data_measures_in_the_working_directory(in_tmp):
    draft = in_tmp / "data" / "measures"
    draft.mkdir(parents=True)
    (draft / "one.yaml").write_text(
        (CLEAN / "keizai.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (in_tmp / "data" / "seta-align.yaml").write_text(
        f"framework: {(ROOT / 'tests/fixtures/framework/mini.yaml').as_posix()}\n", encoding="utf-8"
    )
    exit_code, document = check_json()
    assert document["summary"]["measures"] == 1
    assert document["config"] == "data/seta-align.yaml"
    assert exit_code == 0


def test_installed_entry_point_runs_the_bundled_sample(tmp_path):
    """The console script, from a directory without data/measures: the bundled sample."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from seta_align.cli import main; main()",
            "check",
            "--format",
            "json",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    document = json.loads(result.stdout)
    assert document["summary"]["measures"] >= 40
    assert document["summary"]["findings"]["error"] == 0


def test_config_path_that_is_not_a_file_is_a_usage_error(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "seta_align",
            "check",
            str(CLEAN),
            "--config",
            str(CLEAN / "keizai.yaml" / "x.yaml"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SETA_ALIGN_LANG": "en"},
    )
    assert result.returncode == 2
    assert "Cannot read the file" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_large_draft_prints_compactly_on_the_terminal(tmp_path):
    """Hundreds of findings are one line each; the cross-field list is cut, saying where the
    whole list is. A small draft keeps its tables (the other tests)."""
    from seta_align.reporters.terminal import TABLE_FINDINGS_LIMIT
    from seta_align.views.check import CROSS_FIELD_MEASURES_SHOWN

    count = TABLE_FINDINGS_LIMIT + 10
    lines = [
        f"- {{id: LIFE-{n:04d}, title: 施策{n}, owner: 生活部, field: LIFE, "
        "supports: [PP-1.1, PP-6.5, ORD-2.3]}"
        for n in range(count)
    ]
    draft = tmp_path / "draft"
    draft.mkdir()
    (draft / "many.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = tmp_path / "seta-align.yaml"
    config.write_text(f"framework: {MINI_FRAMEWORK.as_posix()}\n", encoding="utf-8")
    document = json.loads(run_cli("check", draft, "--format", "json").stdout)
    missing_kpi = [f for f in document["findings"] if f["code"] == "SA401"]
    cross_field = len(document["cross_field"]["measures"])
    assert len(missing_kpi) == count and cross_field == count

    result = run_cli("check", draft, env={"SETA_ALIGN_LANG": "en", "COLUMNS": "200"})
    out = result.stdout
    own = [f for f in document["findings"] if f["code"] != "SA201"]  # SA201: one line a level
    assert f"{len(own):,} findings, one line each" in out
    for finding in missing_kpi:
        where = f"{finding['file']}:{finding['line']}:{finding['column']}"
        assert sum(line.startswith(where) and "SA401" in line for line in out.splitlines()) == 1
    assert f"{CROSS_FIELD_MEASURES_SHOWN} of {count:,} shown (all of them: --format json" in out
    listed = out.split("Cross-field measures")[1].split("findings, one line each")[0]
    assert "LIFE-0000" in listed and f"LIFE-{CROSS_FIELD_MEASURES_SHOWN - 1:04d}" in listed
    assert f"LIFE-{CROSS_FIELD_MEASURES_SHOWN:04d}" not in listed
