"""Commands after a check reuse its work: the synergy partition (Louvain, most of the impact
analysis) is saved by the check beside the parsed files and read back by ``impacts`` and
``report``, keyed by everything it depends on."""

from __future__ import annotations

import shutil

from conftest import ROOT, run_cli

CLUSTERS = ROOT / "tests" / "fixtures" / "impact-clusters"


def _entries(cache) -> set[tuple[str, int, int]]:
    """Each entry with its inode and time: one written again (replaced) is another entry."""
    return {(p.name, p.stat().st_ino, p.stat().st_mtime_ns) for p in cache.rglob("*.json")}


def _project(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(CLUSTERS, project)
    return project


def test_impacts_after_a_check_makes_nothing_again(tmp_path):
    project = _project(tmp_path)
    cache = tmp_path / "cache"
    env = {"SETA_ALIGN_LANG": "ja", "SETA_ALIGN_CACHE_DIR": str(cache)}
    config = project / "seta-align.yaml"
    assert run_cli("check", project / "measures", "-c", config, "--format", "json", env=env).exit_code == 0
    after_check = _entries(cache)
    # The measure file and the partition: the check made both.
    assert len(after_check) == len(list((project / "measures").glob("*.yaml"))) + 1
    reused = run_cli("impacts", project / "measures", "-c", config, "--format", "json", env=env)
    assert reused.exit_code == 0
    assert _entries(cache) == after_check  # nothing parsed or partitioned, nor written again
    fresh = run_cli("impacts", project / "measures", "-c", config, "--format", "json",
                    env={**env, "SETA_ALIGN_NO_CACHE": "1"})
    assert reused.stdout == fresh.stdout
    assert '"clusters"' in reused.stdout


def test_a_changed_interaction_is_partitioned_afresh(tmp_path):
    project = _project(tmp_path)
    cache = tmp_path / "cache"
    env = {"SETA_ALIGN_LANG": "ja", "SETA_ALIGN_CACHE_DIR": str(cache)}
    config = project / "seta-align.yaml"
    run_cli("impacts", project / "measures", "-c", config, "--format", "json", env=env)
    before = _entries(cache)
    interactions = project / "interactions.yaml"
    interactions.write_text(
        interactions.read_text(encoding="utf-8").replace("score: 3}", "score: 1}", 1),
        encoding="utf-8",
    )
    changed = run_cli("impacts", project / "measures", "-c", config, "--format", "json", env=env)
    fresh = run_cli("impacts", project / "measures", "-c", config, "--format", "json",
                    env={**env, "SETA_ALIGN_NO_CACHE": "1"})
    assert changed.stdout == fresh.stdout
    assert len(_entries(cache) - before) == 1  # a partition of the new weights
