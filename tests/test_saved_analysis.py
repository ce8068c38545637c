"""Commands after a check reuse its work: the synergy partition (Louvain, most of the impact
analysis) is saved by the check beside the parsed files and read back by ``impacts`` and
``report``, keyed by everything it depends on."""

from __future__ import annotations

import json
import shutil

from conftest import ROOT, cache_entries, modules_imported, run_cli

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
    # The measure file and the partition: the check made both (and it kept the config, the
    # framework and the interactions as read).
    kinds = {kind: len(found) for kind, found in cache_entries(cache).items() if found}
    assert kinds == {
        "measures": len(list((project / "measures").glob("*.yaml"))),
        "analysis": 1,
        "config": 1,
        "framework": 1,
        "interactions": 1,
    }
    assert len(after_check) == sum(kinds.values())
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
    # The interactions file as now read, and a partition of the new weights.
    made = {name for name, _, _ in _entries(cache) - before}
    kinds = cache_entries(cache)
    assert made == {entry.name for entry in kinds["interactions"] | kinds["analysis"]} - {
        name for name, _, _ in before
    }
    assert len(made) == 2


# Louvain's answer depends on the order its graph's edges are added, even with its seed fixed:
# these two interaction files hold the same weights between the same five targets, in another
# order, and are partitioned differently. A partition saved for one must never serve the other.
TARGETS = ["SDG-7.2", "SDG-13.2", "SDG-11.7", "SDG-15.1", "SDG-12.5"]
ORDER_A = [(2, 4, 1), (1, 4, 2), (3, 2, 1), (0, 1, 1), (0, 2, 1), (0, 4, 1), (4, 3, 2)]
ORDER_B = [(2, 4, 1), (2, 3, 1), (2, 0, 1), (0, 1, 1), (3, 4, 2), (4, 0, 1), (1, 4, 2)]


def _order_project(tmp_path, rows):
    project = tmp_path / "order"
    (project / "measures").mkdir(parents=True, exist_ok=True)
    measures = [
        f"- id: M-{n}\n  title: 施策 {n}\n  owner: 環境政策部\n  field: ENV\n"
        f"  supports: [{target}]\n  impacts:\n    - {{on: {target}, score: 2}}\n"
        for n, target in enumerate(TARGETS)
    ]
    (project / "measures" / "m.yaml").write_text("".join(measures), encoding="utf-8")
    (project / "seta-align.yaml").write_text(
        "impacts:\n  interactions: interactions.yaml\n", encoding="utf-8"
    )
    lines = [f"  - {{from: {TARGETS[a]}, to: {TARGETS[b]}, score: {s}}}" for a, b, s in rows]
    (project / "interactions.yaml").write_text(
        "interactions:\n" + "\n".join(lines) + "\n", encoding="utf-8"
    )
    return project


def _clusters_of(project, env):
    result = run_cli(
        "impacts", project / "measures", "-c", project / "seta-align.yaml", "--format", "json",
        env=env,
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["clusters"]


def test_a_partition_is_never_used_for_the_same_weights_in_another_order(tmp_path):
    env = {"SETA_ALIGN_LANG": "ja", "SETA_ALIGN_CACHE_DIR": str(tmp_path / "cache")}
    fresh = {**env, "SETA_ALIGN_NO_CACHE": "1"}
    first = _clusters_of(_order_project(tmp_path, ORDER_A), env)
    assert first == _clusters_of(_order_project(tmp_path, ORDER_A), fresh)
    again = _clusters_of(_order_project(tmp_path, ORDER_B), env)
    expected = _clusters_of(_order_project(tmp_path, ORDER_B), fresh)
    assert again == expected
    assert expected != first  # the two orders are partitioned differently


def _imports_networkx(project, cache, *args: str, **env: str) -> bool:
    """Whether the command imported networkx: the graph library is imported where a graph is
    built, and a view that needs none (progress, impacts after a check) does not pay for it."""
    return bool(modules_imported(project, cache, ("networkx",), *args, **env))


def test_views_that_draw_no_graph_do_not_build_one(tmp_path):
    project = _project(tmp_path)
    cache = tmp_path / "cache"
    # The check builds the graph of links (coverage, orphans …) and the synergy graph.
    assert _imports_networkx(project, cache, "check", "measures", "--format", "json")
    # After it, impacts reads the saved partition: no graph is built.
    assert not _imports_networkx(project, cache, "impacts", "measures", "--format", "json")
    # Without the cache there is no saved partition: the synergy graph is built.
    assert _imports_networkx(
        project, cache, "impacts", "measures", "--format", "json", SETA_ALIGN_NO_CACHE="1"
    )
    # A matrix reads the links: built; progress reads none: not built.
    assert _imports_networkx(project, cache, "matrix", "measures", "--format", "csv")
    progress = tmp_path / "progress"
    shutil.copytree(ROOT / "tests" / "fixtures" / "progress", progress)
    assert not _imports_networkx(progress, cache, "progress", "--format", "json")


def test_a_document_after_a_check_pays_for_no_terminal_renderer(tmp_path):
    """rich is for text on a terminal: a JSON or CSV view after a check does not import it
    (0.06 s of each start); the terminal view does."""
    progress = tmp_path / "progress"
    shutil.copytree(ROOT / "tests" / "fixtures" / "progress", progress)
    cache = tmp_path / "cache"
    modules_imported(progress, cache, ("rich",), "check", "--format", "json")
    documents = [
        ["progress", "--format", "json"],
        ["impacts", "--format", "json"],
        ["matrix", "--format", "csv"],
    ]
    for view in documents:
        assert not modules_imported(progress, cache, ("rich",), *view), view
    assert modules_imported(progress, cache, ("rich",), "progress")  # the terminal view
