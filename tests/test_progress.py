"""Outcome management (行政評価), against numbers worked out by hand.

The fixture (tests/fixtures/progress), evaluated by default in FY2026 (the latest results),
under the default scheme: 進捗率 = (actual − baseline) ÷ (target − baseline); the year's rate
against the year's target (the planned path), which grades: 順調 ≥ 100 %, おおむね順調 ≥ 80 %,
遅れ below (far below 50 %); rates capped at 100 % in every mean; a roll-up graded by share 80 %.
(The year's rate is the achievement divided by the planned progress: 0.35 / 0.5 = 0.7.)

  ECON-01 創業件数 (increase): baseline 2022 100, target 2030 180 → a span of 80, 10 a year.
      expected 2024 120 (progress 20/80 = 0.25), 2025 130 (0.375), 2026 140 (0.5)
      2024 125: 25/80 = 0.3125 ≥ 0.25                          → 順調
      2025 127: 27/80 = 0.3375; 0.8·0.375 = 0.3 ≤ 0.3375 < 0.375 → おおむね順調
      2026 128: 28/80 = 0.35 < 0.8·0.5 = 0.4; ≥ 0.5·0.5 = 0.25  → 遅れ (not far)
               the year's rate 28/40 = 0.7: < 0.8, ≥ 0.5          → 遅れ (not far)
  ENV-01 区内CO2排出量 (減少 = decrease), baseline 2023 100, milestones 2025 90, 2027 70,
      target 2030 40 (span −60). Path: 2024 95 (progress 5/60), 2025 90 (10/60), 2026 80 (20/60)
      2024 97: 3/60 = 0.05 < 0.8·5/60 = 0.0667; ≥ 0.5·5/60 = 0.0417 → 遅れ (not far)
      2025 88: 12/60 = 0.2 ≥ 10/60                               → 順調
      2026 39: ≤ 40, reached                                      → 達成, 61/60 = 1.016667
               the year's rate (39 − 100) / (80 − 100) = 3.05
  LIFE-01 地域活動の参加率 (baseline 50 = target 50: maintain, tolerance 5 % = 2.5)
      2024 49 (|−1| ≤ 2.5) → 順調; 2025 47 (|−3| > 2.5) → 遅れ; 2026 null (note) → 未報告
  URBAN-01 公園面積 (increase, no baseline, no milestones): target 2030 500
      2024 480 → 評価不能 (only reaching can be told); 2025 none → 未報告; 2026 510 → 達成
  URBAN-01 緑化助成件数: baseline 2023 0, target 2030 70; never reported → 未報告
  Indicators: PP-6.i1 1000 (2023) → 1700 (2030); 2026 1050: 50/700 = 0.071429 against
      3/7 = 0.428571 → 遅れ, far (< 0.214286). PP-5.i1 20 → 34; 2026 20.5: 0.5/14 = 0.035714 →
      遅れ, far.

Roll-ups in 2026 (a measure: the worst of its KPIs, ATTENTION order; the means of the capped
final rates and of the capped year's rates of the KPIs that have one):
  ECON-01 遅れ, final 0.35, year 0.7; ENV-01 達成, final min(1.016667, 1) = 1, year
  min(3.05, 1) = 1; LIFE-01 未報告 –; URBAN-01 未報告 (達成 + 未報告) –
  PP-6 (ECON-01 via PP-6.5, URBAN-01 via PP-6.1): 遅れ 1, 未報告 1, final 0.35, year 0.7;
      share: 遅れ or better 1 of 2 = 50 % < 80 %, and nothing better → 未報告
  PP-5 (ENV-01): 達成 1, final 1, year 1; 達成 1 of 1 → 達成
  SDG-11 (LIFE-01 via 11.3, URBAN-01 via 11.7): 未報告 2 → 未報告
  DIR (all four): 遅れ 1, 達成 1, 未報告 2; final (0.35 + 1) / 2 = 0.675, year (0.7 + 1) / 2
      = 0.85; 遅れ or better 2 of 4 = 50 % → 未報告
"""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import FIXTURES, check_json, run_cli

PROGRESS = FIXTURES / "progress"
MEASURES = PROGRESS / "measures"


def _progress(*args: str, path=MEASURES) -> dict:
    result = run_cli("progress", path, "--format", "json", "--lang", "en", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def latest():
    return _progress()


def _kpi(document, measure, kpi):
    return next(
        k for k in document["kpis"] + document["indicators"]
        if k["measure"] == measure and k["kpi"] == kpi
    )


def _rollup(document, section, key):
    return next(r for r in document[section] if r["id"] == key)


def test_the_evaluated_year_is_the_latest_with_results(latest):
    assert latest["year"] == 2026 and latest["years"] == [2024, 2025, 2026]
    assert latest["results_files"] == [
        "tests/fixtures/progress/results/2024.yaml",
        "tests/fixtures/progress/results/2025.yaml",
        "tests/fixtures/progress/results/2026.yaml",
    ]


def test_increase_achievement_expected_and_status(latest):
    econ = _kpi(latest, "ECON-01", "ECON-01.k1")
    assert econ["direction"] == "increase"
    assert (econ["expected"], econ["expected_progress"], econ["achievement"]) == (140, 0.5, 0.35)
    assert (econ["status"], econ["far_behind"]) == ("behind", False)
    assert econ["series"] == {"2024": 125, "2025": 127, "2026": 128}


def test_decrease_with_milestones(latest):
    env = _kpi(latest, "ENV-01", "区内CO2排出量")
    assert env["direction"] == "decrease"  # written 減少
    assert env["milestones"] == {"2025": 90, "2027": 70}  # 令和9年度 is 2027
    assert env["expected"] == 80  # halfway from 90 (2025) to 70 (2027)
    assert env["expected_progress"] == 0.333333  # (80 − 100) / (40 − 100) = 20/60
    assert (env["achievement"], env["status"]) == (1.016667, "achieved")


def test_maintain_without_baseline_and_never_reported(latest):
    life = _kpi(latest, "LIFE-01", "地域活動の参加率")
    assert life["direction"] == "maintain"
    assert (life["status"], life["note"]) == ("not_reported", "調査は隔年で実施")
    park = _kpi(latest, "URBAN-01", "公園面積")
    assert (park["status"], park["achievement"]) == ("achieved", None)
    assert park["series"] == {"2024": 480, "2026": 510}  # "５１０" read as 510
    green = _kpi(latest, "URBAN-01", "緑化助成件数")
    assert (green["status"], green["series"]) == ("not_reported", {})


def test_earlier_years():
    y2025 = _progress("--year", "令和7年度")
    assert y2025["year"] == 2025
    statuses = {(k["measure"], k["kpi"]): k["status"] for k in y2025["kpis"]}
    assert statuses == {
        ("ECON-01", "ECON-01.k1"): "mostly_on_track",
        ("ENV-01", "区内CO2排出量"): "on_track",
        ("LIFE-01", "地域活動の参加率"): "behind",
        ("URBAN-01", "公園面積"): "not_reported",
        ("URBAN-01", "緑化助成件数"): "not_reported",
    }
    assert _kpi(y2025, "ECON-01", "ECON-01.k1")["achievement"] == 0.3375
    assert _kpi(y2025, "ENV-01", "区内CO2排出量")["achievement"] == 0.2
    y2024 = _progress("--year", "2024")
    econ, env = _kpi(y2024, "ECON-01", "ECON-01.k1"), _kpi(y2024, "ENV-01", "区内CO2排出量")
    assert (econ["achievement"], econ["status"]) == (0.3125, "on_track")
    assert (env["expected"], env["achievement"], env["status"]) == (95, 0.05, "behind")
    assert env["far_behind"] is False
    assert _kpi(y2024, "URBAN-01", "公園面積")["status"] == "not_assessable"
    assert _kpi(y2024, "LIFE-01", "地域活動の参加率")["status"] == "on_track"


def test_rollups(latest):
    econ = _rollup(latest, "measures", "ECON-01")
    assert (econ["worst"], econ["mean_achievement"], econ["mean_rate"]) == ("behind", 0.35, 0.7)
    assert econ["grade"] == "behind"  # a measure: its worst KPI
    urban = _rollup(latest, "measures", "URBAN-01")
    assert urban["counts"] == {"achieved": 1, "not_reported": 1}
    assert (urban["worst"], urban["mean_achievement"]) == ("not_reported", None)
    pp6 = _rollup(latest, "nodes", "PP-6")
    assert (pp6["counts"], pp6["mean_achievement"]) == ({"behind": 1, "not_reported": 1}, 0.35)
    assert (pp6["mean_rate"], pp6["grade"]) == (0.7, "not_reported")
    pp5 = _rollup(latest, "nodes", "PP-5")
    assert (pp5["mean_achievement"], pp5["mean_rate"], pp5["grade"]) == (1, 1, "achieved")
    assert sorted(pp6["members"]) == ["ECON-01", "URBAN-01"]
    assert _rollup(latest, "nodes", "SDG-11")["counts"] == {"not_reported": 2}
    direction = _rollup(latest, "nodes", "DIR")
    assert direction["counts"] == {"behind": 1, "achieved": 1, "not_reported": 2}
    assert (direction["mean_achievement"], direction["mean_rate"]) == (0.675, 0.85)
    assert direction["grade"] == "not_reported"
    assert _rollup(latest, "owners", "環境政策部")["counts"] == {"achieved": 1}
    assert _rollup(latest, "fields", "URBAN")["worst"] == "not_reported"


def test_indicators_beside_their_contributors(latest):
    pp6 = _kpi(latest, None, "PP-6.i1")
    assert (pp6["achievement"], pp6["expected_progress"]) == (0.071429, 0.428571)
    assert (pp6["status"], pp6["far_behind"], pp6["on"]) == ("behind", True, "PP-6")
    contributions = {c["id"]: c for c in latest["contributions"]}
    assert contributions["PP-6.i1"]["counts"] == {"behind": 1}
    assert contributions["PP-5.i1"]["counts"] == {"achieved": 1}
    shown = run_cli("progress", MEASURES, "--lang", "en", env={"COLUMNS": "160"}).stdout
    # PP-5.i1 is far behind while the KPI feeding it reached its target: the outcome gap.
    block = " ".join(shown[shown.index("PP-5.i1") : shown.index("PP-5.i1") + 600].split())
    assert "behind (far)" in block and "measures on track, but the outcome is behind" in block
    # its year's rate: (20.5 − 20) / (26 − 20) = 8 %, the planned value in 2026 being
    # 20 + 14 × 3/7 = 26
    assert "20.5 / 26 → 34 % 8% " in block
    assert "outcome is behind" not in shown[shown.index("PP-6.i1") : shown.index("PP-5.i1")]


def test_compare_two_years():
    document = _progress("--compare", "2025")
    assert (document["compare"]["before"], document["compare"]["after"]) == (2025, 2026)
    kinds = {(c["measure"], c["kpi"]): c["kind"] for c in document["compare"]["changes"]}
    assert kinds[("ECON-01", "ECON-01.k1")] == "fell_behind"
    assert kinds[("ENV-01", "区内CO2排出量")] == "improved"
    # behind → not reported: the delay went out of sight, flagged for a check (要確認)
    assert kinds[("LIFE-01", "地域活動の参加率")] == "unreported"
    assert kinds[("URBAN-01", "緑化助成件数")] == "unchanged"


def test_the_tables_answer_at_a_glance():
    shown = run_cli("progress", MEASURES, env={"COLUMNS": "160"}).stdout
    assert "進捗（2026 年度）" in shown and "実績のある年度: 2024, 2025, 2026" in shown
    row = next(line for line in shown.splitlines() if line.strip().startswith("PP-6 "))
    # PP-6: the mean of its measures' capped year's rates is ECON-01's 0.7 (URBAN-01 has none);
    # graded 未報告, as only one of its two measures is reported (share 80 %)
    assert "遅れ 1・未報告 1" in row and "70%" in row and " 未報告 " in row
    assert "指標 5 件（FY2026）: 達成 2、遅れ 1、未報告 2" in shown
    by_measure = run_cli("progress", MEASURES, "--by", "measure", env={"COLUMNS": "160"}).stdout
    line = next(line for line in by_measure.splitlines() if "創業件数" in line)
    # The series 125, 127, 128 on a scale from 100 (baseline) to 180 (target): ▃▃▃
    assert "▃▃▃" in line and "128 / 140 → 180 件" in line and "35%" in line and "遅れ" in line
    owners = run_cli("progress", MEASURES, "--by", "owner", env={"COLUMNS": "160"}).stdout
    assert "環境政策部" in owners and "達成 1" in owners


def test_a_year_people_cannot_mean_is_a_usage_error():
    result = run_cli("progress", MEASURES, "--year", "令和0年度")
    assert result.exit_code == 2 and "--year" in result.output


# --- the rules, each both ways ---------------------------------------------------------------


@pytest.fixture(scope="module")
def findings():
    code, document = check_json(MEASURES, "--lang", "en")
    return code, document["findings"]


def _codes(found, code):
    return [f for f in found if f["code"] == code]


def test_sa701_behind_fires_and_stays_quiet(findings, tmp_path):
    _, found = findings
    behind = _codes(found, "SA701")
    assert [f["measure"] for f in behind] == ["ECON-01"]
    assert "(the year's target 140 件), progress rate (year) 70%." in behind[0]["message"]
    project = _project(tmp_path, progress="  year: 2024\n")
    _, document = check_json(project / "measures", "--lang", "en")
    assert [f["measure"] for f in _codes(document["findings"], "SA701")] == ["ENV-01"]


def test_sa701_quiet_when_on_track(tmp_path):
    project = _project(tmp_path, progress="  year: 2025\n")
    _, document = check_json(project / "measures")
    # 2025: ECON-01 おおむね順調, ENV-01 順調; LIFE-01 is behind (a maintain KPI off its level)
    assert [f["measure"] for f in _codes(document["findings"], "SA701")] == ["LIFE-01"]


def test_sa702_far_behind_and_made_an_error(findings, tmp_path):
    code, found = findings
    assert code == 0
    far = _codes(found, "SA702")
    assert len(far) == 2 and {f["file"] for f in far} == {
        "tests/fixtures/progress/indicators.yaml"
    }
    assert all(f["severity"] == "warning" for f in far)
    project = _project(tmp_path, extra="rules: {kpi-far-behind: error}\n")
    code, document = check_json(project / "measures")
    assert code == 1
    assert all(f["severity"] == "error" for f in _codes(document["findings"], "SA702"))
    quiet = _project(tmp_path / "quiet", progress="  year: 2025\n")
    code, document = check_json(quiet / "measures")
    assert not _codes(document["findings"], "SA702")


def test_sa703_missing_result(findings, tmp_path):
    _, found = findings
    missing = {(f["measure"], f["message"]) for f in _codes(found, "SA703")}
    assert {m for m, _ in missing} == {"LIFE-01", "URBAN-01"}
    assert any("(note: 調査は隔年で実施)" in message for _, message in missing)
    project = _project(tmp_path, results="")  # no results at all: nothing is missing yet
    _, document = check_json(project / "measures")
    assert not _codes(document["findings"], "SA703")


def test_sa704_unknown_measure_kpi_indicator(tmp_path, findings):
    assert not _codes(findings[1], "SA704")
    project = _project(
        tmp_path,
        results="- {measure: ECON-10, kpi: 創業件数, year: 2025, value: 1}\n"
        "- {measure: ECON-01, kpi: 創業件, year: 2025, value: 1}\n"
        "- {measure: URBAN-01, year: 2025, value: 1}\n"
        "- {indicator: PP-6.i2, year: 2025, value: 1}\n",
    )
    code, document = check_json(project / "measures", "--lang", "en")
    unknown = _codes(document["findings"], "SA704")
    messages = [f["message"] for f in unknown]
    assert code == 1 and len(unknown) == 4
    assert "measure 'ECON-10', which does not exist. Did you mean 'ECON-01'?" in messages[0]
    assert "no KPI '創業件'. Did you mean '創業件数'?" in messages[1]
    assert "several KPIs" in messages[2]
    assert "indicator 'PP-6.i2'" in messages[3] and "Did you mean 'PP-6.i1'?" in messages[3]
    assert [f["line"] for f in unknown] == [1, 2, 3, 4]


def test_sa705_result_years(tmp_path, findings):
    assert not _codes(findings[1], "SA705")
    project = _project(
        tmp_path,
        results="- {measure: ECON-01, kpi: 創業件数, year: 2035, value: 1}\n"
        "- {measure: MGMT-01, year: 2025, value: 1}\n",
        kpis="    - {name: 率, unit: '%', baseline: {year: 2026, value: 1}, target: {year: 2030,"
        " value: 2}}\n",
    )
    code, document = check_json(project / "measures", "--lang", "en")
    years = [f["message"] for f in _codes(document["findings"], "SA705")]
    assert code == 1
    assert "2035 is outside the plan period FY2024–FY2031" in years[0]
    assert "2025 is before its baseline year 2026" in years[1]


def test_sa706_duplicate_result_names_both_places(tmp_path, findings):
    assert not _codes(findings[1], "SA706")
    project = _project(
        tmp_path,
        results="- {measure: ECON-01, kpi: 創業件数, year: 2025, value: 127}\n"
        "- {measure: econ-01, kpi: ECON-01.k1, year: 2025, value: 127}\n"
        "- {measure: ECON-01, kpi: 創業件数, year: 2025, value: 130}\n",
    )
    code, document = check_json(project / "measures", "--lang", "en")
    twice = _codes(document["findings"], "SA706")
    assert code == 1 and len(twice) == 1  # the same value again is no conflict
    assert twice[0]["line"] == 3
    assert "(130, and 127 at " in twice[0]["message"]
    assert "results/r.yaml:1:" in twice[0]["message"].replace("\\", "/")


def test_sa707_reached_early(findings):
    _, found = findings
    early = _codes(found, "SA707")
    assert {f["measure"] for f in early} == {"ENV-01", "URBAN-01"}
    assert all(f["severity"] == "info" for f in early)


def test_sa708_inconsistent_kpis(tmp_path, findings):
    assert not _codes(findings[1], "SA708")
    project = _project(
        tmp_path,
        results="",
        kpis="    - {name: 件数, unit: 件, direction: increase, baseline: {year: 2023, value: 50},"
        " target: {year: 2030, value: 40}}\n"
        "    - {name: 率, unit: '%', baseline: {year: 2023, value: 1}, target: {year: 2030,"
        " value: 2}, milestones: {2032: 2}}\n"
        "    - {name: 件数, unit: 件, target: {year: 2030, value: 2}}\n",
    )
    code, document = check_json(project / "measures", "--lang", "en")
    messages = [f["message"] for f in _codes(document["findings"], "SA708")]
    assert code == 1
    assert any("says direction: increase, but from the baseline 50 to the target 40 is to "
               "decrease" in m for m in messages)
    assert any("milestone for FY2032 is outside" in m for m in messages)
    assert any("two KPIs named '件数'" in m for m in messages)


def test_sa709_plan_indicators_only_when_asked(findings, tmp_path):
    _, found = findings
    assert sorted(f["node"] for f in _codes(found, "SA709")) == ["PP-1", "PP-2", "PP-3", "PP-4"]
    project = _project(tmp_path, results="", levels=False)
    _, document = check_json(project / "measures")
    assert not _codes(document["findings"], "SA709")


# --- reading results ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("- {measure: ECON-01, year: 令和0年度, value: 1}", "令和0年度"),
        ("- {measure: ECON-01, year: 2025, value: たくさん}", "value"),
        ("- {measure: ECON-01, indicator: PP-6.i1, year: 2025, value: 1}", "either a measure"),
        ("- {measure: ECON-01, year: 2025, value: 1, unit: 件}", "unit"),
        ("{measure: ECON-01}", "top level"),
    ],
)
def test_a_bad_results_file_stops_with_a_located_error(tmp_path, written, said):
    project = _project(tmp_path, results=written + "\n")
    result = run_cli("check", project / "measures", "--lang", "en", "--format", "text")
    assert result.exit_code == 2
    assert "results/r.yaml:1:" in result.output.replace("\\", "/") and said in result.output
    assert "Traceback" not in result.output


def test_results_and_indicators_are_never_read_as_measures(tmp_path):
    project = _project(tmp_path, results="")
    (project / "seta-align.yaml").write_text(
        "measures: ['.']\nresults: [results]\nindicators: indicators.yaml\n", encoding="utf-8"
    )
    result = run_cli("check", project, "--list-files", "-v", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "measures/measures.yaml" in result.output.replace("\\", "/")
    assert "results the config names" in result.output
    assert "the indicators file the config names" in result.output
    assert "results/2024.yaml" not in result.output.replace("\\", "/")


def test_a_named_results_folder_that_is_missing_is_an_error(tmp_path):
    project = _project(tmp_path, results="")
    shutil.rmtree(project / "results")
    result = run_cli("check", project / "measures")
    assert result.exit_code == 2 and "results" in result.output


# --- helpers ---------------------------------------------------------------------------------


def _project(
    tmp_path,
    *,
    results: str | None = None,
    kpis: str = "",
    levels: bool = True,
    progress: str = "",
    extra: str = "",
):
    """A copy of the fixture. ``results``: one results file ``results/r.yaml`` instead of the
    fixture's (none when empty); ``kpis``: one more measure with those KPIs; ``progress``: more
    lines under ``progress:``; ``extra``: more config."""
    project = tmp_path / "project"
    shutil.copytree(PROGRESS, project)
    if results is not None:
        shutil.rmtree(project / "results")
        (project / "results").mkdir()
        if results:
            (project / "results" / "r.yaml").write_text(results, encoding="utf-8")
    if kpis:
        with (project / "measures" / "measures.yaml").open("a", encoding="utf-8") as file:
            file.write(
                "- id: MGMT-01\n  title: t\n  owner: 政策経営部\n  field: MGMT\n"
                "  supports: [PP-6.5]\n  kpis:\n" + kpis
            )
    config = (project / "seta-align.yaml").read_text(encoding="utf-8")
    if not levels:
        config = config.replace("  indicator_levels: [PLAN.priority_policy]\n", "")
    config = config.replace("progress:\n", f"progress:\n{progress}") + extra
    (project / "seta-align.yaml").write_text(config, encoding="utf-8")
    return project


# --- diff between two results years ------------------------------------------------------------


def test_diff_years_names_who_fell_behind_and_who_recovered():
    result = run_cli(
        "diff", MEASURES, "--years", "2024..令和7年度", "--format", "json", "--fail-on-regression"
    )
    document = json.loads(result.stdout)
    # 2024 → 2025: ECON-01 順調 → おおむね順調 (worsened), ENV-01 遅れ → 順調 (recovered),
    # LIFE-01 順調 → 遅れ (fell behind); URBAN-01's worst KPI status is 未報告 in both years
    # (緑化助成件数 is never reported), so unchanged
    kinds = {m["id"]: m["kind"] for m in document["measures"]}
    assert kinds == {
        "ECON-01": "worsened",
        "ENV-01": "recovered",
        "LIFE-01": "fell_behind",
        "URBAN-01": "unchanged",
    }
    assert (document["fell_behind"], document["recovered"]) == (["LIFE-01"], ["ENV-01"])
    econ = next(m for m in document["measures"] if m["id"] == "ECON-01")
    assert (econ["before_achievement"], econ["after_achievement"]) == (0.3125, 0.3375)
    # the year's rates: 2024 (125 − 100) / (120 − 100) = 1.25, capped at 1; 2025 27/30 = 0.9
    assert (econ["before_rate"], econ["after_rate"]) == (1, 0.9)
    assert result.exit_code == 1 and document["regression"] is True
    shown = run_cli("diff", MEASURES, "--years", "2025..2026", "--format", "markdown").stdout
    assert "| ECON-01 創業支援 | 🟨 おおむね順調 | 🟥 遅れ | 遅れに転じた | 90% → 70% |" in shown


def test_diff_years_without_a_regression_passes(tmp_path):
    project = _project(
        tmp_path,
        results="- {measure: ENV-01, year: 2025, value: 88}\n"
        "- {measure: ENV-01, year: 2026, value: 39}\n",
    )
    result = run_cli(
        "diff", project / "measures", "--years", "2025..2026", "--fail-on-regression",
        "--lang", "en",
    )
    assert result.exit_code == 0, result.output
    assert "Measures that fell behind: 0; recovered: 0" in " ".join(result.output.split())
    assert "improved" in result.output


@pytest.mark.parametrize("years", ["2025", "2025..2025", "2025..来年"])
def test_diff_years_needs_two_years(years):
    result = run_cli("diff", MEASURES, "--years", years)
    assert result.exit_code == 2 and "--years" in result.output


# --- the progress block of check --format json --------------------------------------------------


def _documented_progress_schema() -> dict:
    import re

    from conftest import ROOT

    text = (ROOT / "docs" / "json-output.md").read_text(encoding="utf-8")
    for block in re.findall(r"```json\n(.*?)```", text, re.S):
        try:
            data = json.loads(block)
        except json.JSONDecodeError:
            continue
        if isinstance(data, dict) and data.get("title") == "seta-align check --format json: progress":
            return data
    raise AssertionError("docs/json-output.md has no JSON Schema for the progress block")


def test_check_json_progress_block(findings):
    import jsonschema

    _, document = check_json(MEASURES, "--lang", "en")
    block = document["progress"]
    schema = _documented_progress_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(block, schema)
    # hand-computed in the module's docstring
    assert (block["year"], block["kpi_statuses"]) == (
        2026, {"behind": 1, "achieved": 2, "not_reported": 2}
    )
    assert {p["id"]: (p["counts"], p["mean_achievement"]) for p in block["priority_policies"]} == {
        "PP-2": ({"not_reported": 1}, None),
        "PP-5": ({"achieved": 1}, 1),  # 61/60, capped at 100 %
        "PP-6": ({"behind": 1, "not_reported": 1}, 0.35),
    }
    assert [(i["id"], i["outcome_gap"]) for i in block["indicators"]] == [
        ("PP-6.i1", False),
        ("PP-5.i1", True),
    ]
    assert [(b["kpi"], b["far_behind"]) for b in block["behind"]] == [
        ("ECON-01.k1", False), ("PP-6.i1", True), ("PP-5.i1", True)
    ]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**block, "kpi_statuses": {"late": 1}}, schema)


def test_check_json_progress_block_is_null_without_results():
    from conftest import CLEAN

    _, document = check_json(CLEAN)
    assert document["progress"] is None


def test_nothing_is_due_before_a_measure_starts(tmp_path):
    # MGMT-01 starts in FY2027 and its KPI's baseline is FY2026: in FY2026 (the evaluated
    # year) a missing result is 評価不能 (not yet due), not 未報告, and SA703 stays quiet.
    project = _project(
        tmp_path,
        kpis="    - {name: 率, unit: '%', baseline: {year: 2026, value: 1}, target: {year: 2030,"
        " value: 2}}\n  period: {start: 2027, end: 2031}\n",
    )
    document = _progress(path=project / "measures")
    late = _kpi(document, "MGMT-01", "率")
    assert (late["status"], late["reason"]) == (
        "not_assessable", "measured from FY2027 (FY2026 is before that)"
    )
    _, checked = check_json(project / "measures")
    assert "MGMT-01" not in {f["measure"] for f in _codes(checked["findings"], "SA703")}
