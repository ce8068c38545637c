"""The results files in the parse cache: every command after a check reads them again, so an
unchanged results file is answered from the cache, with the same findings at the same places,
the same figures, and nothing stale once the file is edited."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import FIXTURES, cache_entries, run_cli

PROGRESS = FIXTURES / "progress"

# Slips in the results files that every part of a file's cache entry must carry: a result
# whose value is not a number (left out, what can be read of it kept), a typed variant read as
# meant (SA004), an item that is not a mapping, a result of an unknown KPI and one outside the
# plan period (located by the rules, from the positions the entry keeps), and evaluations, one
# of them broken.
HOSTILE_2025 = """\
  - {measure: ECON-01, kpi: ECON-01.k1, year: 2025, value: 130人}
  - {measure: LIFE-01, kpi: 地域活動の参加率, year: 令和7年度, value: "４８"}
  - just a line
  - {measure: ECON-01, kpi: 存在しない指標, year: 2025, value: 3}
  - {measure: ENV-01, kpi: 区内CO2排出量, year: 2040, value: 10}
evaluations:
  - {measure: ECON-01, year: 令和7年度, self_grade: 順調, challenges: 周知が足りない。}
  - {measure: ENV-01, year: 2025, self_grade: [順調]}
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the progress fixture, as the working directory (paths in the outputs are
    relative to it)."""
    target = tmp_path / "project"
    shutil.copytree(PROGRESS, target, ignore=shutil.ignore_patterns(".seta-align-cache"))
    monkeypatch.chdir(target)
    return target


def _env(tmp_path, **more: str) -> dict[str, str]:
    return {
        "SETA_ALIGN_CACHE_DIR": str(tmp_path / "cache"),
        "SETA_ALIGN_LANG": "ja",
        "COLUMNS": "200",
        **more,
    }


def _results_entries(cache) -> list[dict]:
    """The payloads of the parse cache's entries of results files."""
    return [
        json.loads(entry.read_text(encoding="utf-8").split("\n", 1)[1])
        for entry in cache_entries(cache)["results"]
    ]


def _three_runs(project, tmp_path, *args: str):
    """The command without the cache, then cold and warm with it (exit code, stdout, stderr)."""
    runs = []
    for more in ({"SETA_ALIGN_NO_CACHE": "1"}, {}, {}):
        result = run_cli(*args, env=_env(tmp_path, **more))
        runs.append((result.exit_code, result.stdout, result.stderr))
    return runs


@pytest.mark.parametrize(
    "args",
    [
        ("progress", "--format", "json"),
        ("check", "--format", "sarif"),
        ("check", "--format", "json", "--no-cache"),
    ],
)
def test_same_output_with_and_without_the_results_in_the_cache(project, tmp_path, args):
    uncached, cold, warm = _three_runs(project, tmp_path, *args)
    assert uncached == cold == warm
    entries = _results_entries(tmp_path / "cache")
    if "--no-cache" in args:
        assert entries == []  # --no-cache neither reads nor writes the cache
    else:
        # One entry per results file, each with its file's results (counted in the files).
        assert {e["name"]: len(e["records"]) for e in entries} == {
            "results/2024.yaml": 4,
            "results/2025.yaml": 3,
            "results/2026.yaml": 6,
        }


def test_slips_in_results_are_the_same_findings_at_the_same_places_from_the_cache(
    project, tmp_path
):
    path = project / "results" / "2025.yaml"
    path.write_text(path.read_text(encoding="utf-8") + HOSTILE_2025, encoding="utf-8")
    broken = project / "results" / "2027.yaml"
    broken.write_text("- {measure: ECON-01, kpi: ECON-01.k1, year: 2027\n", encoding="utf-8")

    def findings(stdout: str) -> list[tuple]:
        return [
            (f["code"], f["file"], f["line"], f["column"])
            for f in json.loads(stdout)["findings"]
            if (f["file"] or "").startswith("results/")
        ]

    def check() -> tuple:
        result = run_cli("check", "--format", "json", env=_env(tmp_path))
        return result.exit_code, result.stdout, result.stderr

    uncached = run_cli("check", "--format", "json", env=_env(tmp_path, SETA_ALIGN_NO_CACHE="1"))
    # progress reads the results into the cache (and stops on their problems, exit code 2);
    # the first check then reads them from it (no report of its is saved yet), the second
    # writes the report the first saved.
    assert run_cli("progress", "--format", "json", env=_env(tmp_path)).exit_code == 2
    assert len(_results_entries(tmp_path / "cache")) == 4
    from_the_cache, replayed = check(), check()
    assert (uncached.exit_code, uncached.stdout, uncached.stderr) == from_the_cache == replayed
    exit_code, stdout, _ = from_the_cache
    assert exit_code == 2
    # Each slip once, where it stands (columns counted in the lines above, from 1).
    assert findings(stdout) == [
        ("SA003", "results/2025.yaml", 6, 60),  # 130人 is not a number
        ("SA706", "results/2025.yaml", 7, 59),  # LIFE-01's FY2025 twice (47 on line 5)
        ("SA003", "results/2025.yaml", 8, 5),  # not a mapping
        ("SA704", "results/2025.yaml", 9, 29),  # no such KPI
        ("SA705", "results/2025.yaml", 10, 44),  # FY2040 is outside the plan
        ("SA003", "results/2025.yaml", 13, 47),  # self_grade: a list
        ("SA001", "results/2027.yaml", 1, 3),  # the flow mapping is never closed
    ]
    # Read as meant: the 6 of the untouched fixture, and 令和7年度 and "４８" of line 7 and
    # 令和7年度 of line 12.
    assert json.loads(stdout)["summary"]["read_as_meant"] == 6 + 3


def test_an_edited_results_file_is_read_again(project, tmp_path):
    env = _env(tmp_path)

    def econ_01(stdout: str) -> dict:
        return next(k for k in json.loads(stdout)["kpis"] if k["kpi"] == "ECON-01.k1")

    first = run_cli("progress", "--format", "json", env=env)
    again = run_cli("progress", "--format", "json", env=env)
    assert first.stdout == again.stdout
    kpi = econ_01(first.stdout)
    # Baseline 100 (FY2022), target 180 (FY2030); expected in FY2026 140 (half way).
    # 128: progress (128 − 100) ÷ (140 − 100) = 0.7; achievement (128 − 100) ÷ 80 = 0.35.
    assert (kpi["value"], kpi["rate"], kpi["achievement"]) == (128.0, 0.7, 0.35)

    path = project / "results" / "2026.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("year: 2026, value: 128", "year: 2026, value: 156"), "utf-8")
    edited = econ_01(run_cli("progress", "--format", "json", env=env).stdout)
    # 156: (156 − 100) ÷ 40 = 1.4; (156 − 100) ÷ 80 = 0.7.
    assert (edited["value"], edited["rate"], edited["achievement"]) == (156.0, 1.4, 0.7)
    assert len(_results_entries(tmp_path / "cache")) == 4  # the edited file's second entry


def test_a_damaged_results_entry_is_a_miss(project, tmp_path):
    env = _env(tmp_path)
    expected = run_cli("progress", "--format", "json", env=env).stdout
    for entry in (tmp_path / "cache").rglob("*.json"):
        header, payload = entry.read_text(encoding="utf-8").split("\n", 1)
        if '"records"' in payload:
            # A foreign entry whose digest verifies would still be refused by its shape: here
            # the payload is changed, so the digest it carries no longer verifies.
            entry.write_text(header + "\n" + payload.replace("128", "999"), encoding="utf-8")
    assert run_cli("progress", "--format", "json", env=env).stdout == expected


def _walked_project(tmp_path, *, measures: bool):
    """A project whose config names results and whose measures are in its root folder (the
    folder that is walked), with the parse cache in that folder too."""
    root = tmp_path / "walked"
    (root / "results").mkdir(parents=True)
    (root / "notes").mkdir()
    (root / "seta-align.yaml").write_text("results: [results]\n", encoding="utf-8")
    (root / "results" / "2025.yaml").write_text(
        "- {measure: ECON-01, kpi: k, year: 2025, value: 1}\n", encoding="utf-8"
    )
    (root / "notes" / "readme.txt").write_text("x\n", encoding="utf-8")
    if measures:
        (root / "m.yaml").write_text(
            (FIXTURES / "progress" / "measures" / "measures.yaml").read_text(encoding="utf-8"),
            encoding="utf-8",
        )
    return root, {**_env(tmp_path), "SETA_ALIGN_CACHE_DIR": str(root / ".seta-align-cache")}


def test_no_measure_files_reads_no_results_and_makes_no_cache_folder(tmp_path, monkeypatch):
    root, env = _walked_project(tmp_path, measures=False)
    monkeypatch.chdir(root)
    for _ in range(2):  # the second run sees what the first left behind
        result = run_cli("check", ".", "--format", "json", env={**env, "SETA_ALIGN_LANG": "en"})
        assert result.exit_code == 2
        problem = json.loads(result.stdout)["findings"][0]["message"]
        # Skipped under the root: the config, and the results folder (its file is no
        # measure); the text file is no YAML. Never the cache folder.
        assert "(2 files or folders skipped" in problem, problem
        assert not (root / ".seta-align-cache").exists()


def test_listing_the_files_writes_nothing(tmp_path, monkeypatch):
    root, env = _walked_project(tmp_path, measures=True)
    monkeypatch.chdir(root)
    listed = run_cli("check", ".", "--list-files", "-v", env=env)
    assert listed.exit_code == 0
    assert "m.yaml" in listed.stdout
    assert ".seta-align-cache" not in listed.stdout
    assert not (root / ".seta-align-cache").exists()
    # A check makes the cache after the walk: the walk did not see it.
    assert ".seta-align-cache" not in run_cli("check", ".", "--list-files", "-v", env=env).stdout
    run_cli("check", ".", "--format", "json", env=env)
    assert (root / ".seta-align-cache").is_dir()

