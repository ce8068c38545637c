"""Synergy clusters (analysis.impacts._clusters, docs/impacts.md), against a partition worked
out by hand on tests/fixtures/impact-clusters.

The fixture: SDG-7.2 ⇄ SDG-13.2 (+3, +2) and SDG-11.7 ⇄ SDG-15.1 (+3, +2), and five measures
(supports count +1):

    ENV-A1: PP-5.1 +1, SDG-7.2 +2, SDG-13.2 +2            (d = 5)
    URB-B1: PP-5.2 +1, SDG-11.7 +2, SDG-15.1 +2           (d = 5)
    ECON-X: PP-5.1 +1, SDG-13.2 +2, SDG-11.7 +1           (d = 4, on both sides)
    ECON-T: PP-5.2 +1, SDG-7.2 +1                         (d = 2, a tie)
    LIFE-M: PP-5.2 +1, ENV-A1 +3                          (helps another measure)

Step 1, the goals side. Edges: the positive interactions, plus a·b/d for two nodes one measure
helps with a and b:
    7.2–13.2   5 + 2·2/5 = 5.8      11.7–15.1   5 + 2·2/5 = 5.8
    PP-5.1–7.2 2/5 = 0.4            PP-5.2–11.7 2/5 = 0.4,  PP-5.2–15.1 2/5 = 0.4
    PP-5.1–13.2 2/5 + 1·2/4 = 0.9   (ENV-A1 and ECON-X)
    PP-5.1–11.7 1·1/4 = 0.25, 13.2–11.7 2·1/4 = 0.5 (ECON-X);  PP-5.2–7.2 1·1/2 = 0.5 (ECON-T)
    LIFE-M helps one node (PP-5.2): no edge.                       total weight m = 14.95
Modularity Q = Σ_c [L_c/m − (d_c/2m)²] of A = {PP-5.1, 7.2, 13.2}, B = {PP-5.2, 11.7, 15.1}:
    L_A = 7.1, L_B = 6.6, d_A = 15.45, d_B = 14.45: Q = 0.4749 − 0.2670 + 0.4415 − 0.2336 = 0.416
    PP-5.2 moved to A instead: L = 7.6 and 5.8, d = 16.75 and 13.15: Q = 0.389 (lower);
    everything in one cluster: Q = 0. Louvain finds A | B.
Step 2, each measure to the cluster it pulls towards most:
    ENV-A1 A 5;  URB-B1 B 5;  ECON-X A 1+2 = 3 against B 1 → A;
    ECON-T A 1 against B 1, a tie → A, whose members sort first ([PP-5.1, …] < [PP-5.2, …]);
    LIFE-M B 1, and ENV-A1's +3 shared as ENV-A1 pulls (all of it A): A 3 → A.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import FIXTURES, run_cli

MEASURES = FIXTURES / "impact-clusters" / "measures"

CLIMATE = {
    "members": ["ECON-T", "ECON-X", "ENV-A1", "LIFE-M", "PP-5.1", "SDG-13.2", "SDG-7.2"],
    "measures": ["ECON-T", "ECON-X", "ENV-A1", "LIFE-M"],
    "fields": ["LIFE", "ECON", "ENV"],  # the framework's order of fields
    "owners": ["環境政策部", "生活文化政策部", "経済産業部"],
    "priority_policies": ["PP-5"],  # PP-5.1 and PP-5.2 are parts of PP-5
    "cross_field": True,
    "conflicts": [],
}
GREEN = {
    "members": ["PP-5.2", "SDG-11.7", "SDG-15.1", "URB-B1"],
    "measures": ["URB-B1"],
    "fields": ["URBAN"],
    "owners": ["都市整備政策部"],
    "priority_policies": ["PP-5"],
    "cross_field": False,
    "conflicts": [],
}


@pytest.fixture(scope="module")
def clusters():
    result = run_cli("impacts", MEASURES, "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["clusters"]


def test_the_partition_worked_out_by_hand(clusters):
    # Largest first (by measures); within each, members in sorted order.
    assert clusters == [CLIMATE, GREEN]


def test_a_harm_inside_a_group_is_a_conflict_and_one_outside_is_not(tmp_path):
    """Negative scores never join a group (only help does), so the partition above stays; but
    ECON-X −3 on SDG-7.2, a member of its own group, is a conflict inside it, while ENV-A1 −1
    on SDG-15.1 (the other group's) is a trade-off, not a conflict of either."""
    text = (MEASURES / "measures.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    - {on: SDG-11.7, score: 1}\n",
        "    - {on: SDG-11.7, score: 1}\n    - {on: SDG-7.2, score: -3, note: 設備の製造}\n",
    ).replace(
        "    - {on: SDG-13.2, score: 2}\n- id: URB-B1",
        "    - {on: SDG-13.2, score: 2}\n    - {on: SDG-15.1, score: -1}\n- id: URB-B1",
    )
    (tmp_path / "measures.yaml").write_text(text, encoding="utf-8")
    result = run_cli("impacts", tmp_path, "--format", "json", "--lang", "en")
    found = json.loads(result.stdout)["clusters"]
    assert [c["members"] for c in found] == [CLIMATE["members"], GREEN["members"]]
    assert found[0]["conflicts"] == [{"measure": "ECON-X", "on": "SDG-7.2", "score": -3}]
    assert found[1]["conflicts"] == []
    shown = run_cli("impacts", tmp_path, "--format", "markdown").stdout
    summary = shown[shown.index("### 相乗効果のグループ"):].split("###")[1]
    first = next(line for line in summary.splitlines() if line.startswith("| 1 "))
    assert "ECON-X → SDG-7.2 \u22123" in first
    second = next(line for line in summary.splitlines() if line.startswith("| 2 "))
    assert second.rstrip(" |").endswith("なし")
    # The summary counts; every member is in the table after it (for the files).
    assert "| 4 | 3 |" in first  # 4 measures, 3 goals (PP-5.1, SDG-13.2, SDG-7.2)
    members = shown[shown.index("### 相乗効果のグループの全構成"):].split("###")[1]
    assert sum(1 for line in members.splitlines() if line.startswith("| 1 ")) == 7
    # ECON-X gives its group +1 +2 (PP-5.1, SDG-13.2) and −3 (SDG-7.2); SDG-11.7 is outside.
    econ = next(line for line in members.splitlines() if "`ECON-X`" in line)
    assert econ.rstrip(" |").split(" | ")[-2:] == ["+3", "\u22123"]


def test_a_measure_on_both_sides_joins_the_side_it_helps_more(clusters):
    climate, green = clusters
    assert "ECON-X" in climate["measures"] and "ECON-X" not in green["measures"]
    # ... and a measure on one side only stays there.
    assert "URB-B1" in green["measures"] and "ENV-A1" in climate["measures"]


def test_helping_a_measure_counts_as_helping_what_it_works_on(clusters):
    # LIFE-M supports PP-5.2 (green, +1) but helps ENV-A1 by +3, and ENV-A1 works on climate.
    assert "LIFE-M" in clusters[0]["measures"] and "PP-5.2" in clusters[1]["members"]


def test_the_same_clusters_on_every_run_and_in_check_json(clusters):
    again = json.loads(run_cli("impacts", MEASURES, "--format", "json").stdout)["clusters"]
    assert again == clusters
    checked = run_cli("check", MEASURES, "--format", "json")
    block = json.loads(checked.stdout)["impacts"]
    assert [(c["measures"], c["members"], c["cross_field"]) for c in block["clusters"]] == [
        (c["measures"], c["members"], c["cross_field"]) for c in clusters
    ]


def test_clusters_end_on_weights_that_float_rounding_would_loop_on():
    """A fuzz input (tests/fixtures/fuzz-regressions/louvain-float-loop.yaml: a sample file
    with flipped bits and shuffled lines) whose goals side, with shares such as 1/3 as float
    weights, kept networkx's Louvain moving one node to and fro for ever. In whole-number
    weights it ends. Run in a subprocess so that a return of the loop fails instead of hanging
    the suite (the limit is a guard, not a timing)."""
    fixture = FIXTURES / "fuzz-regressions" / "louvain-float-loop.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "seta_align", "check", str(fixture), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SETA_ALIGN_NO_CACHE": "1"},
    )
    assert done.returncode == 2  # the input problems of the mutated file
    document = json.loads(done.stdout)
    assert document["summary"]["measures"] == 13
    assert len(document["impacts"]["clusters"]) == 7
