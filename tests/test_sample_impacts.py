"""The bundled sample's impact pre-assessment: every measure assessed, the check clean with
impacts required, real trade-offs (most mitigated, one not), cross-field synergies, every id
real, and the worked example of docs/impacts.md.

Figures below are counted by hand from data/measures/*.yaml and data/interactions.yaml.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from seta_align.loading.framework import load_frameworks
from seta_align.loading.framework_modules import default_modules

from conftest import ROOT, check_json, codes, findings_of, run_cli

DATA = ROOT / "data"
SAMPLE = DATA / "measures"
INTERACTIONS = DATA / "interactions.yaml"
IMPACT_RULES = {"SA601", "SA602", "SA603", "SA604", "SA605", "SA606"}


def _raw(path: Path):
    # Plain YAML, as any tool reads the sample: a bare key `on` would come back as True here
    # (YAML 1.1), which is why the sample quotes it.
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _sample_measures() -> dict[str, dict]:
    return {m["id"]: m for path in sorted(SAMPLE.glob("*.yaml")) for m in _raw(path)}


@pytest.fixture(scope="module")
def document():
    result = run_cli("impacts", SAMPLE, "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- the check, with impacts required ---------------------------------------------------------


def test_the_sample_passes_the_check_with_impacts_required():
    exit_code, document = check_json(SAMPLE)
    assert exit_code == 0
    assert not IMPACT_RULES & set(codes(document)), [
        f for f in document["findings"] if f["code"] in IMPACT_RULES
    ]
    # As before the impacts: three measures without KPIs (SA401) and SDG-6 unserved (SA201);
    # the rest is outcome management (SA7xx, tests/test_sample_progress.py).
    assert sorted(c for c in codes(document) if not c.startswith("SA7")) == [
        "SA201", "SA401", "SA401", "SA401"
    ]


def _copy_of_the_sample(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(SAMPLE, copy / "measures")
    for name in ("seta-align.yaml", "interactions.yaml", "indicators.yaml"):
        shutil.copy(DATA / name, copy / name)
    shutil.copytree(DATA / "results", copy / "results")
    return copy


def test_the_sample_config_really_requires_impacts_and_reads_the_matrix(tmp_path):
    """The other way round: the same config finds a measure without impacts (SA604) and a
    wrong id in the interactions file (SA606), so the clean check above is not for want of
    looking."""
    copy = _copy_of_the_sample(tmp_path)
    policy_file = copy / "measures" / "seisaku-keiei.yaml"
    text = policy_file.read_text(encoding="utf-8")
    start = text.index("- id: PLAN-05")
    block = text.index("  impacts:\n", start)
    end = text.index("\n\n- id: PLAN-06", start)
    policy_file.write_text(text[:block] + text[end + 1 :], encoding="utf-8")
    exit_code, document = check_json(copy / "measures")
    assert exit_code == 0  # a warning: fail_on is error
    assert [f["measure"] for f in findings_of(document, "SA604")] == ["PLAN-05"]

    with (copy / "interactions.yaml").open("a", encoding="utf-8") as handle:
        handle.write("  - {from: SDG-8.3, to: SDG-8.33, score: 1}\n")
    exit_code, document = check_json(copy / "measures")
    assert exit_code == 1
    (problem,) = findings_of(document, "SA606")
    assert problem["file"].endswith("interactions.yaml") and "SDG-8.33" in problem["message"]


# --- every measure assessed, every id real ----------------------------------------------------


def test_every_measure_is_assessed_and_supports_are_never_scored_against():
    measures = _sample_measures()
    assert len(measures) == 85
    for identifier, measure in measures.items():
        impacts = measure["impacts"]
        assert 1 <= len(impacts) <= 5, identifier
        for impact in impacts:
            assert impact["note"].strip(), (identifier, impact["on"])
            if impact["on"] in measure["supports"]:
                assert int(impact["score"]) >= 1, (identifier, impact["on"])  # else SA601
            assert int(impact["score"]) > -3, (identifier, impact["on"])  # no waiver needed
            if int(impact["score"]) <= -2:
                assert impact.get("mitigation"), (identifier, impact["on"])  # else SA603


def test_every_id_in_the_impacts_and_the_matrix_exists():
    framework = load_frameworks(default_modules())
    measures = _sample_measures()
    used_in_impacts = {i["on"] for m in measures.values() for i in m["impacts"]}
    for identifier in used_in_impacts:
        assert identifier in framework.nodes or identifier in measures, identifier
    matrix = _raw(INTERACTIONS)["interactions"]
    ends = {i["from"] for i in matrix} | {i["to"] for i in matrix}
    for identifier in ends:
        node = framework.nodes.get(identifier)
        assert node is not None and node.framework == "SDG" and node.parent, identifier
    # Impacts reach SDG targets that the supports do not name (SDG-8.9, tourism), and impacts
    # on other measures: both are part of the assessment.
    assert "SDG-8.9" in used_in_impacts
    assert {"ECON-09", "WELF-04", "PLAN-10", "KIDS-02"} <= used_in_impacts


def test_the_matrix_is_partial_says_whose_judgement_it_is_and_has_trade_offs():
    text = INTERACTIONS.read_text(encoding="utf-8")
    comment = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    note = _raw(INTERACTIONS)["note"]
    for said in (comment, note):
        assert "世田谷区その他いかなる機関の" in said and "公式な評価" in said
        assert "not an official assessment by Setagaya City" in said.replace("\n# ", " ")
    matrix = _raw(INTERACTIONS)["interactions"]
    targets = {i["from"] for i in matrix} | {i["to"] for i in matrix}
    # 22 targets, 27 pairs of the 22 × 21 = 462 possible: the rest are not assessed.
    assert (len(targets), len(matrix)) == (22, 27)
    assert all(i.get("note") for i in matrix)
    negative = sorted((i["from"], i["to"], int(i["score"])) for i in matrix if int(i["score"]) < 0)
    assert negative == [
        ("SDG-11.1", "SDG-11.7", -1),
        ("SDG-8.3", "SDG-12.5", -1),
        ("SDG-8.3", "SDG-13.2", -1),
        ("SDG-8.9", "SDG-11.6", -1),
        ("SDG-8.9", "SDG-12.5", -1),
    ]
    for path in SAMPLE.glob("*.yaml"):
        assert "区の公式な評価ではない" in path.read_text(encoding="utf-8"), path.name


# --- what `impacts` shows of it ---------------------------------------------------------------


def test_the_sample_names_its_matrix_and_its_note(document):
    assert document["interactions"]["file"].endswith("interactions.yaml")
    assert "not an official assessment" in document["interactions"]["note"]


def test_trade_offs_most_mitigated_one_not(document):
    impacts = [t for t in document["trade_offs"] if t["kind"] == "impact"]
    # Counted in the measure files: 20 negative impacts, two of them −2, none −3.
    assert len(impacts) == 20
    assert sorted((t["source"], t["target"]) for t in impacts if t["score"] == -2) == [
        ("URBN-02", "SDG-11.1"),
        ("URBN-05", "SDG-13.2"),
    ]
    assert [(t["source"], t["target"], t["score"]) for t in impacts if not t["mitigated"]] == [
        ("URBN-05", "SDG-11.1", -1)
    ]
    assert sum(t["mitigated"] for t in impacts) == 19
    embodied = next(t for t in impacts if (t["source"], t["target"]) == ("URBN-05", "SDG-13.2"))
    assert embodied["source_owners"] == ["都市整備政策部"]
    # SDG-13.2 is helped by ECON-21, ENVR-01, ENVR-02, ENVR-03, ENVR-04, URBN-04 and PLAN-13.
    assert embodied["target_owners"] == ["政策経営部", "環境政策部", "経済産業部", "都市整備政策部"]
    interactions = [t for t in document["trade_offs"] if t["kind"] == "interaction"]
    assert len(interactions) == 5 and all(t["mitigated"] is None for t in interactions)


def test_contested_nodes_show_the_ward_trade_offs(document):
    contested = {n["id"] for n in document["nodes"] if n["contested"]}
    # Each of these is harmed by one measure above and helped by another.
    assert {"SDG-13.2", "SDG-11.7", "SDG-12.5", "SDG-11.1", "SDG-10.2"} <= contested
    assert "SDG-11.6" in contested  # ENVR-04 helps it, URBN-05's visitors weigh on it


def test_synergy_clusters_cross_fields(document):
    clusters = document["clusters"]
    assert any(c["cross_field"] for c in clusters)
    # SME decarbonisation (経済産業部) and the ward's climate action (環境政策部) reinforce each
    # other directly (ECON-21 → ENVR-01 +2) and through SDG-7.3 and SDG-13.2.
    climate = next(c for c in clusters if "ECON-21" in c["measures"])
    assert "ENVR-01" in climate["measures"]
    assert {"ECON", "ENV"} <= set(climate["fields"]) and climate["cross_field"]


# --- the worked example of docs/impacts.md ----------------------------------------------------


def test_worked_example_urbn_05():
    """URBN-05 (the hubs of Sangenjaya, Shimokitazawa and Futako-Tamagawa), by hand:

    direct: PP-6.2 +1, PR-5 +1, VIS-8 +1 (supports), SDG-11.3 +2 (supports, scored higher),
            SDG-8.9 +1, SDG-13.2 −2 (mitigated), SDG-11.1 −1 (not mitigated), SDG-11.6 −1
            ⇒ positive 1 + 1 + 1 + 2 + 1 = 6, negative −2 − 1 − 1 = −4
    matrix rows of those nodes: 11.3→16.7 +2; 8.9→8.3 +1, 8.9→12.5 −1, 8.9→11.6 −1;
            11.1→11.7 −1; no rows for 13.2 and 11.6
    second order s·t/3: 16.7 = 2·2/3 = 4/3; 8.3 = 1·1/3 = 1/3; 12.5 = 1·(−1)/3 = −1/3;
            11.6 = 1·(−1)/3 = −1/3; 11.7 = (−1)·(−1)/3 = +1/3 ⇒ Σ = 4/3
    net = 6 − 4 + 4/3 = 10/3
    """
    result = run_cli("impacts", SAMPLE, "--measure", "urbn-05", "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    (profile,) = json.loads(result.stdout)["measures"]
    assert profile["id"] == "URBN-05"
    assert {i["on"]: i["score"] for i in profile["direct"]} == {
        "PP-6.2": 1, "PR-5": 1, "VIS-8": 1, "SDG-11.3": 2, "SDG-8.9": 1,
        "SDG-13.2": -2, "SDG-11.1": -1, "SDG-11.6": -1,
    }
    assert (profile["positive"], profile["negative"]) == (6, -4)
    assert profile["sdg_goals"] == ["SDG-8", "SDG-11", "SDG-13"] and profile["plan_nodes"] == 3
    assert profile["second_order"] == pytest.approx(
        {"SDG-16.7": 4 / 3, "SDG-8.3": 1 / 3, "SDG-12.5": -1 / 3, "SDG-11.6": -1 / 3, "SDG-11.7": 1 / 3}
    )
    assert profile["net"] == pytest.approx(10 / 3)
