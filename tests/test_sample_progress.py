"""The bundled sample's outcome management: synthetic results for FY2024 and FY2025 and six
synthetic plan-level indicators, showing the mix a planning office meets every year."""

from __future__ import annotations

import json

from conftest import ROOT, check_json, run_cli

SAMPLE = ROOT / "data" / "measures"


def _document(*args: str) -> dict:
    result = run_cli("progress", SAMPLE, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_sample_shows_a_realistic_mix_of_statuses():
    document = _document()
    assert document["year"] == 2025 and document["years"] == [2024, 2025]
    statuses = {k["status"] for k in document["kpis"]}
    # on track, behind, achieved early and not reported, all present
    assert {"achieved", "on_track", "mostly_on_track", "behind", "not_reported"} <= statuses
    behind = [k for k in document["kpis"] if k["status"] == "behind"]
    on_track = [k for k in document["kpis"] if k["status"] == "on_track"]
    assert len(on_track) > len(behind) > 0  # a plan mostly on track, with real problems
    assert any(k["far_behind"] for k in document["kpis"])
    assert all(k["note"] for k in document["kpis"] if k["status"] == "not_reported"
               and str(document["year"]) in k["series"])


def test_every_sample_priority_policy_has_an_indicator_and_a_rollup():
    document = _document()
    indicators = {i["on"]: i for i in document["indicators"]}
    # the six priority policies, and one vision (指針(6): indicators on the plan's aims too)
    assert sorted(indicators) == [*(f"PP-{n}" for n in range(1, 7)), "VIS-3"]
    assert all("サンプル" in i["name"] for i in indicators.values())
    # VIS-3.i1: 75 (2023) → 79 (2031), 0.5 a year; 76.2 in 2025 against 76: (76.2 − 75) / 1 = 120 %
    vision = indicators["VIS-3"]
    assert (vision["expected"], vision["rate"], vision["status"]) == (76, 1.2, "on_track")
    nodes = {n["id"]: n for n in document["nodes"]}
    assert all(nodes[f"PP-{n}"]["measures"] > 0 for n in range(1, 7))


def test_the_sample_results_are_marked_as_made_up():
    for path in sorted((ROOT / "data" / "results").glob("*.yaml")):
        head = path.read_text(encoding="utf-8")[:400]
        assert "架空" in head and "not Setagaya City's statistics" in head
    indicators = (ROOT / "data" / "indicators.yaml").read_text(encoding="utf-8")
    assert "公式の成果指標ではありません" in indicators and "NOT the official" in indicators


def test_the_sample_still_passes_check():
    code, document = check_json(SAMPLE)
    assert code == 0
    assert not [f for f in document["findings"] if f["severity"] == "error"]
    assert document["progress"]["year"] == 2025
    codes = {f["code"] for f in document["findings"]}
    assert {"SA701", "SA703", "SA707"} <= codes and "SA709" not in codes


def test_the_sample_shows_an_outcome_that_does_not_move():
    # PP-3.i1 (地域活動の参加率, sample): 30.4 % in FY2025 from 30.0 (2023) toward 40.0 (2031):
    # 0.4 / 10 = 4 % against 2/8 = 25 % expected, far behind — while the three KPIs that
    # contribute to it (COMM-01, COMM-02, DISA-01) are all on track.
    _, document = check_json(SAMPLE)
    indicators = {i["id"]: i for i in document["progress"]["indicators"]}
    assert indicators["PP-3.i1"]["achievement"] == 0.04
    assert indicators["PP-3.i1"]["outcome_gap"] is True
    assert [i for i, v in indicators.items() if v["outcome_gap"]] == ["PP-3.i1"]
    contributions = {c["id"]: c for c in _document()["contributions"]}
    assert contributions["PP-3.i1"]["counts"] == {"on_track": 3}
