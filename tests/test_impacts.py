"""Impact pre-assessment (影響の予測評価), against numbers worked out by hand.

The fixture (tests/fixtures/impacts): three measures, four SDG targets, five interactions.

    URBAN-01: PP-6 +1 (supports), SDG-11.7 −2 (mitigated), SDG-13.2 −1, SDG-8.3 +2
    ECON-01:  PP-6.5 +1 (supports), SDG-8.3 +3 (不可分), SDG-12.5 −2 (counteracting), URBAN-01 +1
    ENV-01:   PP-5 +1 (supports), SDG-13.2 +3, SDG-11.7 +2, SDG-12.5 +1
    matrix:   8.3→12.5 −1, 12.5→13.2 +2, 13.2→11.7 +1, 11.7→13.2 +2 (reinforcing), 8.3→13.2 −1 (制約)

Second order, s·t/3 for every direct impact s on A and interaction t of A on B:
    URBAN-01: 11.7(−2)→13.2(+2): −4/3; 13.2(−1)→11.7(+1): −1/3; 8.3(+2)→12.5(−1): −2/3,
              8.3(+2)→13.2(−1): −2/3  ⇒ 13.2 −2, 11.7 −1/3, 12.5 −2/3; net 3 − 3 − 3 = −3
    ECON-01:  8.3(+3)→12.5: −1, →13.2: −1; 12.5(−2)→13.2(+2): −4/3 ⇒ 12.5 −1, 13.2 −7/3;
              net 5 − 2 − 10/3 = −1/3
    ENV-01:   13.2(+3)→11.7(+1): +1; 11.7(+2)→13.2(+2): +4/3; 12.5(+1)→13.2(+2): +2/3
              ⇒ 11.7 +1, 13.2 +2; net 7 + 3 = 10
Influence (row sum, column sum, second order = row sum of the matrix squared):
    8.3: out −2, in 0, second −1·2 + −1·1 = −3;   12.5: out 2, in −1, second 2·1 = 2
    13.2: out 1, in 3 (+4 −1), second 1·2 = 2;    11.7: out 2, in 1, second 2·1 = 2
"""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, MINI_FRAMEWORK, check_json, run_cli

IMPACTS = FIXTURES / "impacts" / "measures"


@pytest.fixture(scope="module")
def document():
    result = run_cli("impacts", IMPACTS, "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _measure(document, measure_id):
    return next(m for m in document["measures"] if m["id"] == measure_id)


def test_direct_impacts_and_sums(document):
    urban = _measure(document, "URBAN-01")
    assert {i["on"]: i["score"] for i in urban["direct"]} == {
        "PP-6": 1, "SDG-11.7": -2, "SDG-13.2": -1, "SDG-8.3": 2,
    }
    assert (urban["positive"], urban["negative"]) == (3, -3)
    econ = _measure(document, "ECON-01")
    assert {i["on"]: i["score"] for i in econ["direct"]} == {
        "PP-6.5": 1, "SDG-8.3": 3, "SDG-12.5": -2, "URBAN-01": 1,
    }
    assert (econ["positive"], econ["negative"]) == (5, -2)
    env = _measure(document, "ENV-01")
    assert (env["positive"], env["negative"]) == (7, 0)
    assert urban["sdg_goals"] == ["SDG-8", "SDG-11", "SDG-13"] and urban["plan_nodes"] == 1
    assert econ["sdg_goals"] == ["SDG-8", "SDG-12"] and econ["plan_nodes"] == 1
    assert env["sdg_goals"] == ["SDG-11", "SDG-12", "SDG-13"]


def test_second_order_and_net(document):
    urban = _measure(document, "URBAN-01")
    assert urban["second_order"] == pytest.approx(
        {"SDG-13.2": -2, "SDG-11.7": -1 / 3, "SDG-12.5": -2 / 3}
    )
    assert urban["net"] == pytest.approx(-3)
    econ = _measure(document, "ECON-01")
    assert econ["second_order"] == pytest.approx({"SDG-12.5": -1, "SDG-13.2": -7 / 3})
    assert econ["net"] == pytest.approx(-1 / 3)
    env = _measure(document, "ENV-01")
    assert env["second_order"] == pytest.approx({"SDG-11.7": 1, "SDG-13.2": 2})
    assert env["net"] == pytest.approx(10)


def test_influence_of_the_matrix(document):
    influence = {i["id"]: i for i in document["influence"]}
    expected = {
        "SDG-8.3": (-2, 0, 0, -2, 0, 0, -3),
        "SDG-12.5": (2, -1, 2, 0, 0, -1, 2),
        "SDG-13.2": (1, 3, 1, 0, 4, -1, 2),
        "SDG-11.7": (2, 1, 2, 0, 1, 0, 2),
    }
    for target, values in expected.items():
        row = influence[target]
        assert (
            row["out_sum"], row["in_sum"], row["out_positive"], row["out_negative"],
            row["in_positive"], row["in_negative"], row["second_order"],
        ) == values, target
    measures = {i["id"]: i for i in document["measure_influence"]}
    assert measures["URBAN-01"]["in_sum"] == 1  # ECON-01 helps it (+1)
    assert measures["ECON-01"]["out_sum"] == 3  # 1 + 3 − 2 + 1


def test_contested_nodes_and_goal_balance(document):
    contested = {n["id"] for n in document["nodes"] if n["contested"]}
    assert contested == {"SDG-11.7", "SDG-13.2", "SDG-12.5"}
    balance = {b["goal"]: (b["positive"], b["negative"]) for b in document["goal_balance"]}
    assert balance == {"SDG-8": (5, 0), "SDG-11": (2, -2), "SDG-12": (1, -2), "SDG-13": (3, -1)}


def test_trade_offs_with_both_sides_and_mitigation(document):
    found = [
        (t["source"], t["target"], t["score"], t["kind"], t["mitigated"])
        for t in document["trade_offs"]
    ]
    assert found == [
        ("ECON-01", "SDG-12.5", -2, "impact", False),
        ("URBAN-01", "SDG-11.7", -2, "impact", True),
        ("URBAN-01", "SDG-13.2", -1, "impact", False),
        ("SDG-8.3", "SDG-12.5", -1, "interaction", None),
        ("SDG-8.3", "SDG-13.2", -1, "interaction", None),
    ]
    first = document["trade_offs"][0]
    assert first["source_owners"] == ["経済産業部"] and first["target_owners"] == ["環境政策部"]


def test_synergy_clusters(document):
    clusters = [(c["members"], c["fields"], c["cross_field"]) for c in document["clusters"]]
    assert clusters == [
        (["ECON-01", "PP-6", "PP-6.5", "SDG-8.3", "URBAN-01"], ["ECON", "URBAN"], True),
        (["ENV-01", "PP-5", "SDG-11.7", "SDG-12.5", "SDG-13.2"], ["ENV"], False),
    ]


def test_clusters_name_the_priority_policies_behind_them(document):
    # URBAN-01 supports PP-6 and ECON-01 PP-6.5 (a part of PP-6); ENV-01 supports PP-5.
    assert [c["priority_policies"] for c in document["clusters"]] == [["PP-6"], ["PP-5"]]
    assert [c["cross_field"] for c in document["clusters"]] == [True, False]
    shown = run_cli("impacts", IMPACTS, "--lang", "en", env={"COLUMNS": "160"}).stdout
    rows = shown[shown.index("Synergy groups"):].splitlines()
    assert "Priority policies" in rows[2]
    # Two fields (cross-field), PP-6, two measures and three goals; ECON-01 at its heart.
    assert "Local economy, Urban" in rows[4] and " PP-6 " in rows[4] and "ECON-01" in rows[4]
    assert "経済産業部, 都市整備政策部          2       3   SDG-8.3" in rows[4]
    assert "Natural environment" in rows[6] and " PP-5 " in rows[6]
    markdown = run_cli("impacts", IMPACTS, "--format", "markdown", "--lang", "en").stdout
    clusters = markdown[markdown.index("### Synergy groups"):].splitlines()
    assert "| Priority policies |" in next(line for line in clusters if line.startswith("| #"))
    assert "| PP-6 |" in next(line for line in clusters if line.startswith("| 1 "))


def test_the_tables_answer_at_a_glance():
    shown = run_cli("impacts", IMPACTS, "--lang", "en", env={"COLUMNS": "160"}).stdout
    # What was read comes first: one file, three measures, and the interactions file.
    assert "Checked: " in shown and "(1 file, 3 measures)" in shown
    assert "interactions: " in shown and "interactions.yaml" in shown
    table = shown[shown.index("Trade-offs (negative impacts and interactions)"):]
    lines = table.splitlines()[4:14]  # two lines a trade-off
    # The worst trade-off first; the measure with its title and, under it, its 所管; what it
    # harms by the target's number and goal and, under it, the priority policy harmed:
    # ENV-01 (PP-5) works for SDG-12.5.
    assert "\u22122 counteracting   ECON-01 商店街イベント支援" in lines[0]
    assert "SDG 12.5 Responsible Consumption and Production" in lines[0] and "✗ none" in lines[0]
    assert lines[1].split() == ["経済産業部", "PP-5"]
    assert "URBAN-01 駅前再開発" in lines[2] and "✓ 屋上緑化と公開空地を義務づける" in lines[2]
    assert lines[3].split() == ["都市整備政策部", "PP-5"]
    assert "interaction" in lines[6] and "SDG 8.3 Decent Work" in lines[6]
    # An interaction's side: the departments whose measures help SDG-8.3, one by one.
    assert lines[7].split() == ["経済産業部,", "都市整備政策部", "PP-5"]
    # Counted by hand from the fixture: impacts −2 ECON-01→12.5 (no mitigation), −2
    # URBAN-01→11.7 (mitigated), −1 URBAN-01→13.2 (none); interactions 8.3→12.5 −1 and
    # 8.3→13.2 −1; contested 11.7, 13.2, 12.5; clusters 2, of which 1 cross-field, and no
    # measure harms a member of its own group.
    assert (
        "5 trade-offs (3 impacts of measures: 1 mitigated, 2 not; 2 interactions between "
        "targets); 3 goals or policies both helped and harmed; 2 synergy groups (1 "
        "cross-field, 0 conflicts inside)"
    ) in " ".join(shown.split())
    # Every trade-off harms PP-5 (ENV-01's targets, and ENV-01 serves PP-5): 5, of which 3
    # impacts of measures, 2 with no mitigation, the worst −2.
    policies = shown[shown.index("Trade-offs by priority policy"):].splitlines()
    pp5 = next(line for line in policies if line.strip().startswith("PP-5"))
    assert pp5.split()[-7:] == ["5", "3", "2", "\u22122", "counteracting", "ECON-01,", "URBAN-01"]
    profile = run_cli("impacts", IMPACTS, "--measure", "econ-01", "--lang", "en").stdout
    assert "+3 indivisible" in profile and "overall \u22120.33" in profile
    node = run_cli("impacts", IMPACTS, "--node", "sdg-11.7", "--lang", "en", env={"COLUMNS": "160"})
    direct = node.stdout[
        node.stdout.index("Direct impacts on SDG-11.7"):node.stdout.index("Knock-on impacts on")
    ]
    lines = [line for line in direct.splitlines() if "URBAN-01" in line or "ENV-01" in line]
    # The harm first, then the help.
    assert "\u22122 counteracting" in lines[0] and "屋上緑化と公開空地を義務づける" in lines[0]
    assert "+2 reinforcing" in lines[-1]


def test_a_measure_profile_shows_the_note_and_the_mitigation_apart():
    """URBAN-01's SDG-11.7 (−2) has a note and a mitigation, its SDG-13.2 (−1) a note and no
    mitigation, its SDG-8.3 (+2) neither: each answer in its own column, never one for the
    other."""
    shown = run_cli("impacts", IMPACTS, "--measure", "URBAN-01", "--lang", "en", env={"COLUMNS": "120"})
    lines = shown.stdout.splitlines()
    assert any(h.split() == ["On", "Score", "Note", "Mitigation"] for h in lines)
    # a target by its number and its goal's short name, not its cut official text
    green = next(line for line in lines if line.strip().startswith("SDG 11.7 Sustainable"))
    assert "緑地が減る" in green and "✓ 屋上緑化と公開空地を義務づけ" in green
    climate = next(line for line in lines if line.strip().startswith("SDG 13.2"))
    assert "建設時の排出" in climate and "✗ none" in climate
    growth = next(line for line in lines if line.strip().startswith("SDG 8.3"))
    # the target with its label, the score, and nothing under Note or Mitigation
    assert "+2 reinforcing" in growth and growth.split()[-2:] == ["+2", "reinforcing"]
    japanese = run_cli("impacts", IMPACTS, "--measure", "URBAN-01", env={"COLUMNS": "120"}).stdout
    assert any(h.split() == ["影響先", "評価", "根拠・説明", "緩和策"] for h in japanese.splitlines())
    assert "✗ なし" in japanese


# --- the scale as people write it ----------------------------------------------------------


def _one(tmp_path, impacts: str, supports: str = "PP-1.1", config: str = "") -> tuple[int, dict]:
    (tmp_path / "seta-align.yaml").write_text(
        f"framework: {MINI_FRAMEWORK.as_posix()}\n{config}", encoding="utf-8"
    )
    (tmp_path / "m.yaml").write_text(
        f"- id: KIDS-01\n  title: t\n  owner: o\n  field: LIFE\n  supports: [{supports}]\n"
        f"  kpis: [{{name: n, unit: 人, target: {{year: 2031, value: 1}}}}]\n"
        f"  impacts:\n{impacts}",
        encoding="utf-8",
    )
    return check_json(tmp_path / "m.yaml", "--lang", "en")


@pytest.mark.parametrize("written", ["2", "+2", "'+2'", "reinforcing", "Reinforcing", "強化", "＋2"])
def test_a_score_is_accepted_as_people_write_it(tmp_path, written):
    _code, document = _one(tmp_path, f"    - {{on: SDG-8.3, score: {written}}}\n")
    assert not [f for f in document["findings"] if f["code"] == "SA003"], document["findings"]


@pytest.mark.parametrize("written", ["4", "much", "-4", "true"])
def test_a_score_off_the_scale_is_refused(tmp_path, written):
    code, document = _one(tmp_path, f"    - {{on: SDG-8.3, score: {written}}}\n")
    assert code == 2
    assert any(f["code"] == "SA003" and f["line"] == 8 for f in document["findings"])


# --- rules, both ways ------------------------------------------------------------------------


def _codes(document, code):
    return [f for f in document["findings"] if f["code"] == code]


def test_sa601_contradiction(tmp_path):
    _, bad = _one(tmp_path, "    - {on: PP-1.1, score: 0}\n")
    assert [f["line"] for f in _codes(bad, "SA601")] == [8]
    _, good = _one(tmp_path, "    - {on: PP-1.1, score: 2}\n")
    assert not _codes(good, "SA601")


def test_sa602_cancelling_needs_a_recorded_decision(tmp_path):
    _, bad = _one(tmp_path, "    - {on: SDG-8.3, score: -3, mitigation: m}\n")
    assert len(_codes(bad, "SA602")) == 1 and bad["exit_code"] == 1
    waiver = (
        "impacts:\n  waivers:\n    - {measure: KIDS-01, on: SDG-8.3, reason: 議会で実施を決定}\n"
    )
    _, waived = _one(tmp_path, "    - {on: SDG-8.3, score: -3, mitigation: m}\n", config=waiver)
    assert not _codes(waived, "SA602")


def test_sa603_counteracting_without_mitigation(tmp_path):
    _, bad = _one(tmp_path, "    - {on: SDG-8.3, score: -2}\n")
    assert len(_codes(bad, "SA603")) == 1
    _, good = _one(tmp_path, "    - {on: SDG-8.3, score: -2, mitigation: 対策}\n")
    assert not _codes(good, "SA603")
    _, mild = _one(tmp_path, "    - {on: SDG-8.3, score: -1}\n")
    assert not _codes(mild, "SA603")


def test_sa604_only_when_required(tmp_path):
    _, off = _one(tmp_path, "    []\n")
    assert not _codes(off, "SA604")
    _, on = _one(tmp_path, "    []\n", config="impacts: {required: true}\n")
    assert len(_codes(on, "SA604")) == 1
    _, assessed = _one(tmp_path, "    - {on: SDG-8.3, score: 1}\n", config="impacts: {required: true}\n")
    assert not _codes(assessed, "SA604")


def test_sa605_inflated_claims(tmp_path):
    many = "".join(f"    - {{on: SDG-{g}, score: 3}}\n" for g in (4, 8))
    _, bad = _one(tmp_path, many, config="impacts: {max_indivisible_goals: 1}\n")
    assert len(_codes(bad, "SA605")) == 1
    _, good = _one(tmp_path, many)  # the default allows three
    assert not _codes(good, "SA605")


def test_sa606_interaction_file_problems(tmp_path):
    (tmp_path / "interactions.yaml").write_text(
        "interactions:\n"
        "  - {from: SDG-8.3, to: SDG-8.33, score: 1}\n"
        "  - {from: SDG-4.7, to: SDG-4.7, score: 2}\n"
        "  - {from: SDG-8.3, to: SDG-4.7, score: 1}\n"
        "  - {from: SDG-8.3, to: SDG-4.7, score: -1}\n"
        "  - {from: SDG-8.3, to: SDG-4.7, score: 1}\n",
        encoding="utf-8",
    )
    _, bad = _one(
        tmp_path, "    - {on: SDG-8.3, score: 1}\n", config="impacts: {interactions: interactions.yaml}\n"
    )
    found = {(f["line"], f["message"].split(" (")[0]) for f in _codes(bad, "SA606")}
    assert (2, "Interaction to: unknown id 'SDG-8.33'. Did you mean 'SDG-8.3'?") in found
    assert (3, "SDG-4.7 interacts with itself.") in found
    assert any(line == 5 and "listed twice" in message for line, message in found)
    assert len(found) == 3  # the same score twice (line 6) is no conflict
    assert all(f["file"].endswith("interactions.yaml") for f in _codes(bad, "SA606"))
    (tmp_path / "interactions.yaml").write_text(
        "interactions:\n  - {from: SDG-8.3, to: SDG-4.7, score: 1}\n", encoding="utf-8"
    )
    _, good = _one(
        tmp_path, "    - {on: SDG-8.3, score: 1}\n", config="impacts: {interactions: interactions.yaml}\n"
    )
    assert not _codes(good, "SA606")


def test_an_unknown_impact_target_is_sa102(tmp_path):
    _, bad = _one(tmp_path, "    - {on: SDG-8.33, score: 1}\n")
    (unknown,) = _codes(bad, "SA102")
    assert "Did you mean 'SDG-8.3'?" in unknown["message"] and unknown["line"] == 8
