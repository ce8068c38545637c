"""The files beside the measures come from the parse cache as the measures do: the config, the
framework (its modules composed), the interactions and the plan-level indicators. A command
answered from the cache says exactly what reading the files says (every finding at its place,
with its line of source), and a view after a check validates nothing, so it never imports
pydantic.

Each case runs a command three times on a copy of a fixture: with the cache turned off, with an
empty cache (which fills it), and from the filled cache (saved outputs removed first, so the
entries themselves are read).
"""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES, cache_entries, modules_imported, run_cli

SLIPS = FIXTURES / "slips"


def _slip(draft, relative: str, old: str, new: str) -> None:
    path = draft / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(draft, relative: str, text: str) -> None:
    path = draft / relative
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# (fixture, config in it, a change to the copy): each reads one kind of entry another way.
CASES = {
    "whole": ("slips", "seta-align.yaml", None),
    "config value left out": (
        "slips",
        "seta-align.yaml",
        lambda d: _append(
            d, "seta-align.yaml", "coverage:\n  SDG.goal: {min: 75%}\nrules:\n  missing-kpii: off\n"
        ),
    ),
    # Found after reading (settings_check), shown with the config's line: the lines come from
    # the entry.
    "config name matching nothing": (
        "slips",
        "seta-align.yaml",
        lambda d: _append(d, "seta-align.yaml", "cross_field_levels: [PLAN.priority_polcy]\n"),
    ),
    "config waiver waiving nothing": (
        "slips",
        "seta-align.yaml",
        lambda d: _slip(
            d,
            "seta-align.yaml",
            "  interactions: interactions.yaml\n",
            "  interactions: interactions.yaml\n  waivers:\n"
            '    - {measure: KEI-O5, "on": SDG-11.6, reason: 清掃で対応}\n',
        ),
    ),
    "config unreadable": (
        "slips",
        "seta-align.yaml",
        lambda d: _append(d, "seta-align.yaml", "impacts: [\n"),
    ),
    "interaction left out": (
        "slips",
        "seta-align.yaml",
        lambda d: _slip(
            d, "interactions.yaml", "to: SDG-7.3, score: 1}", "to: SDG-7.3, score: 1.5}"
        ),
    ),
    # Found by a rule after reading (SA606), located in the file from the entry's positions.
    "interaction naming nothing": (
        "slips",
        "seta-align.yaml",
        lambda d: _append(d, "interactions.yaml", "  - {from: SDG-8.3, to: SDG-8.99, score: 1}\n"),
    ),
    "indicator left out": (
        "slips",
        "seta-align.yaml",
        lambda d: _slip(d, "indicators.yaml", "value: 1600}", "value: 1,600件}"),
    ),
    "indicator read as meant": (
        "slips",
        "seta-align.yaml",
        lambda d: _slip(d, "indicators.yaml", "value: 1600}", "value: １６００}"),
    ),
    "city framework": ("modules", "seta-align.yaml", None),
    "city framework clash": (
        "modules",
        "seta-align.yaml",
        lambda d: _slip(d, "seta-align.yaml", "city-sdgs.yaml,", "city-sdgs.yaml, clash.yaml,"),
    ),
    "evaluations": ("grading", "evaluated.yaml", None),
    "grades": ("grading", "abcd.yaml", None),
    "hostile impacts": ("impacts-hostile", "seta-align.yaml", None),
    "hostile progress": ("progress-hostile", "seta-align.yaml", None),
}

COMMANDS = [
    ("check", "--format", "json"),
    ("check", "--format", "text", "-v"),
    ("progress", "--format", "json"),
    ("impacts", "--format", "json"),
    ("matrix", "--format", "csv"),
    # Every framework node with its titles, fields and file, and every relation.
    ("graph", "--format", "graphml"),
]


def _three_runs(project, config, cache, command) -> list[tuple[int, str]]:
    def run(**env: str) -> tuple[int, str]:
        result = run_cli(
            command[0],
            project / "measures",
            "-c",
            project / config,
            *command[1:],
            env={"SETA_ALIGN_LANG": "ja", "COLUMNS": "200", "SETA_ALIGN_CACHE_DIR": str(cache),
                 **env},
        )
        return result.exit_code, result.output

    uncached = run(SETA_ALIGN_NO_CACHE="1")
    filling = run()
    shutil.rmtree(cache / "reports", ignore_errors=True)  # so the entries themselves are read
    return [uncached, filling, run()]


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_command_from_the_cache_says_what_reading_the_files_says(tmp_path, case):
    fixture, config, change = CASES[case]
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / fixture, project)
    if change is not None:
        change(project)
    cache = tmp_path / "cache"
    for command in COMMANDS:
        uncached, filling, cached = _three_runs(project, config, cache, command)
        assert uncached == filling == cached, (case, command)
    kinds = cache_entries(cache)
    # Kept once the measure files are found: a run stopped before them by its config or its
    # framework writes nothing (and reads them again next time).
    stopped = case in ("config unreadable", "city framework clash")
    assert len(kinds["config"]) == len(kinds["framework"]) == (0 if stopped else 1)


def test_the_entries_are_read_not_made_again(tmp_path):
    """The third run of a case reads the config's, the framework's, the interactions' and the
    indicators' entries: none is written again."""
    project = tmp_path / "project"
    shutil.copytree(SLIPS, project)
    cache = tmp_path / "cache"
    _three_runs(project, "seta-align.yaml", cache, ("progress", "--format", "json"))
    kinds = cache_entries(cache)
    for kind in ("config", "framework", "interactions", "indicators"):
        assert len(kinds[kind]) == 1, kind
    times = {entry: entry.stat().st_mtime_ns for found in kinds.values() for entry in found}
    run_cli("impacts", project / "measures", "-c", project / "seta-align.yaml",
            env={"SETA_ALIGN_CACHE_DIR": str(cache)})
    assert all(entry.stat().st_mtime_ns == made for entry, made in times.items())


@pytest.mark.parametrize(
    "command",
    [("progress", "--format", "json"), ("impacts", "--format", "json"),
     ("matrix", "--format", "csv"), ("check", "--format", "json")],
)
def test_a_view_after_a_check_imports_no_pydantic(tmp_path, command):
    """Every file of the draft is in the cache after a check: nothing is validated again, so
    neither pydantic nor the models are imported (a fifth of a view's time). The check itself,
    reading the files, imports them."""
    project = tmp_path / "project"
    shutil.copytree(SLIPS, project)
    cache = tmp_path / "cache"
    watched = ("pydantic", "seta_align.models")
    first = modules_imported(project, cache, watched, "check", "--format", "json")
    assert first == set(watched)
    shutil.rmtree(cache / "reports", ignore_errors=True)  # a check read again, not replayed
    assert modules_imported(project, cache, watched, *command) == set()
    # An edited config is validated again, and only then.
    _append(project, "seta-align.yaml", "# edited\n")
    assert modules_imported(project, cache, watched, *command) == set(watched)
