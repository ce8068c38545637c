"""One slip, one finding: a typing mistake is reported where it stands, once, and never hides
the other findings nor invents new ones.

Every test copies tests/fixtures/slips (ten measures of two departments with KPIs, two years
of results, an interactions file and a plan-level indicator: valid as it stands), makes one
slip a planning office makes, and compares the check with the check of the untouched draft.
"""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import FIXTURES, check_json, findings_of, run_cli

SLIPS = FIXTURES / "slips"


@pytest.fixture
def draft(tmp_path):
    target = tmp_path / "draft"
    shutil.copytree(SLIPS, target)
    return target


def _slip(draft, relative: str, old: str, new: str, count: int = 1) -> None:
    path = draft / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, (relative, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _places(document: dict, *, files: str = "measures/", leave_out: tuple[str, ...] = ()):
    """The findings in the measure files, as (code, file name, line, message)."""
    return sorted(
        (f["code"], f["file"].rsplit("/", 1)[-1], f["line"], f["message"])
        for f in document["findings"]
        if files in (f["file"] or "") and f["code"] not in leave_out
    )


def test_the_untouched_draft_is_valid_and_read_whole(draft):
    code, document = check_json(draft)
    assert code == 0
    assert document["summary"]["measures"] == 10
    assert document["summary"]["measures_partly_unreadable"] == 0
    assert document["left_out"] == []
    assert not findings_of(document, "SA003")


# --- 1. a measure with a schema error still exists -------------------------------------------


def test_a_thousands_comma_in_a_flow_mapping_is_one_finding(draft):
    _, before = check_json(draft)
    _slip(draft, "measures/keizai.yaml", "value: 1500}", "value: 1,500}")
    code, after = check_json(draft)
    assert code == 2
    schema = findings_of(after, "SA003")
    assert len(schema) == 1
    # Where it stands, what was typed and how YAML split it, and what to write instead.
    assert (schema[0]["line"], schema[0]["column"]) == (35, 39)
    assert "「1,500」" in schema[0]["message"] and "1、500 の 2 項目" in schema[0]["message"]
    assert "1500" in schema[0]["hint"] and '"1,500"' in schema[0]["hint"]
    # The measure is still counted and known: no result of it is "unknown", it does not
    # become a measure without KPIs, and the summary says one measure has unreadable parts.
    assert after["summary"]["measures"] == 10
    assert after["summary"]["measures_partly_unreadable"] == 1
    assert not findings_of(after, "SA704")
    assert not [f for f in findings_of(after, "SA401") if f["measure"] == "KEI-03"]
    assert after["left_out"] == [
        {
            "measure": "KEI-03",
            "file": str(draft / "measures" / "keizai.yaml"),
            "line": 27,
            "left_out": ["kpis[0]"],
            "whole_measure": False,
        }
    ]
    # Every other finding is the one the untouched draft has: coverage, cross-field and the
    # other measures' progress are all still reported.
    others = {(f["code"], f["file"], f["line"], f["message"]) for f in after["findings"]}
    expected = {
        (f["code"], f["file"], f["line"], f["message"])
        for f in before["findings"]
        if f["measure"] != "KEI-03"
    }
    assert expected <= others
    assert len(after["findings"]) == len(expected) + 1


def test_the_summary_says_how_many_measures_could_not_be_read_whole(draft):
    _slip(draft, "measures/keizai.yaml", "value: 1500}", "value: 1,500}")
    out = run_cli("check", draft, "--format", "text").stdout
    assert "施策 10 件（うち 1 件に読めない項目）（2 ファイル）" in out
    assert "施策 KEI-03（" in out and "の読めない項目 kpis[0] を分析から外しました" in out
    english = run_cli("check", draft, "--format", "text", "--lang", "en").stdout
    assert "10 measures (1 with unreadable parts) in 2 files" in english


def test_a_bad_impact_score_leaves_the_measure_known(draft):
    _slip(draft, "measures/kankyo.yaml", '{"on": SDG-12.5, score: 2}', '{"on": SDG-12.5, score: much}')
    code, document = check_json(draft)
    assert code == 2
    assert [f["line"] for f in findings_of(document, "SA003")] == [26]
    assert document["summary"]["measures"] == 10
    # KAN-05 scores an impact on KAN-02: still a known measure.
    assert not findings_of(document, "SA102")
    # Its KPI and results are still evaluated: the results of KAN-02 are matched.
    assert not findings_of(document, "SA704")
    assert document["left_out"][0]["left_out"] == ["impacts[0]"]


def test_a_measure_known_by_its_id_only_is_counted_and_never_unknown(draft):
    # KAN-02 without its title: counted, known to KAN-05's impact and to both results files.
    _slip(draft, "measures/kankyo.yaml", "  title: ごみの減量\n", "")
    code, document = check_json(draft)
    assert code == 2
    assert [(f["code"], f["line"]) for f in findings_of(document, "SA003")] == [("SA003", 14)]
    assert "title" in findings_of(document, "SA003")[0]["message"]
    assert document["summary"]["measures"] == 10
    assert not findings_of(document, "SA102") and not findings_of(document, "SA704")
    assert document["left_out"][0]["whole_measure"] is True
    # Coverage would be reported on nine measures as if they were the draft: not run.
    assert document["skipped_rules"] == ["SA201", "SA202", "SA203", "SA301"]


def test_a_broken_id_in_supports_leaves_the_rest_of_the_measure_in(draft):
    _slip(draft, "measures/keizai.yaml", "supports: [ORD-3.1, SDG-2.4]", "supports: [ORD 3.1, SDG-2.4]")
    code, document = check_json(draft)
    assert code == 2
    schema = findings_of(document, "SA003")
    assert [(f["line"], f["column"]) for f in schema] == [(44, 14)]
    # Not an orphan, not missing a required framework: its other link and KPIs still count.
    assert not findings_of(document, "SA103") and not findings_of(document, "SA104")
    assert document["left_out"][0]["left_out"] == ["supports[0]"]


# --- 2. one bad input file never hides the others --------------------------------------------


def test_one_bad_result_hides_no_measure_and_no_other_result(draft):
    _, before = check_json(draft)
    _slip(draft, "results/2024.yaml", "value: 110}", "value: 150人}")
    code, after = check_json(draft)
    assert code == 2
    schema = findings_of(after, "SA003")
    assert [(f["file"].rsplit("/", 1)[-1], f["line"]) for f in schema] == [("2024.yaml", 2)]
    assert "150" in schema[0]["hint"] and "「人」" in schema[0]["hint"]
    assert after["summary"]["measures"] == 10 and after["summary"]["files"] == 2
    # The measures' own findings are the same as without the slip.
    assert _places(after) == _places(before)
    assert any("読めない実績 1 件" in note for note in after["left_out_notes"])


def test_a_broken_indicator_is_left_out_alone(draft):
    _, before = check_json(draft)
    _slip(draft, "indicators.yaml", "value: 1600}", "value: 1,600件}")
    code, after = check_json(draft)
    assert code == 2
    assert len(findings_of(after, "SA003")) == 1
    # A KPI contributing to it and the results reported for it are not "unknown".
    assert not findings_of(after, "SA704")
    assert _places(after, leave_out=("SA701",)) == _places(before, leave_out=("SA701",))


def test_a_broken_interaction_is_left_out_alone(draft):
    _, before = check_json(draft)
    _slip(draft, "interactions.yaml", "to: SDG-7.3, score: 1}", "to: SDG-7.3, score: 1.5}")
    code, after = check_json(draft)
    assert code == 2
    assert [f["line"] for f in findings_of(after, "SA003")] == [5]
    assert _places(after) == _places(before)
    assert any("1 件" in note for note in after["left_out_notes"])


def test_a_broken_config_value_is_left_out_and_the_check_goes_on(draft):
    config = draft / "seta-align.yaml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "coverage:\n  SDG.goal: {min: 75%}\nrules:\n  missing-kpii: off\n",
        encoding="utf-8",
    )
    code, document = check_json(draft)
    assert code == 2
    schema = findings_of(document, "SA003")
    assert [f["line"] for f in schema] == [14, 16]
    assert "「missing-kpi」の誤りではありませんか" in schema[1]["message"]
    assert document["summary"]["measures"] == 10
    assert findings_of(document, "SA201")  # the rest of the check ran
    assert "coverage.SDG.goal" in document["left_out_notes"][0]


def test_a_config_key_naming_what_to_check_still_stops_the_run(draft):
    config = draft / "seta-align.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("measures: [measures]", "measures: 12"),
        encoding="utf-8",
    )
    code, document = check_json(draft)
    assert code == 2
    # Never a check of the default folder in place of the one the user meant to name.
    assert "summary" not in document or "measures" not in document["summary"]


# --- 3. hints for the slips people make -------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("1,500人", "単位「人」は unit"),
        ("1、500", "「、」は桁区切りになりません。1500"),
    ],
)
def test_hints_for_the_other_splits(draft, typed, hint):
    _slip(draft, "measures/keizai.yaml", "value: 1500}", f"value: {typed}}}")
    _, document = check_json(draft)
    schema = findings_of(document, "SA003")
    assert len(schema) == 1 and hint in schema[0]["hint"]


def test_a_full_width_comma_is_read_as_meant(draft):
    _slip(draft, "measures/keizai.yaml", "value: 1500}", "value: 1，500}")
    code, document = check_json(draft)
    assert code == 0 and document["summary"]["measures_partly_unreadable"] == 0


def test_a_date_with_slashes_where_a_year_belongs(draft):
    _slip(draft, "measures/keizai.yaml", "{year: 2022, value: 1500}", "{year: 2022/4/1, value: 1500}")
    _, document = check_json(draft)
    schema = findings_of(document, "SA003")
    assert len(schema) == 1 and "「2022/4/1」は日付です" in schema[0]["message"]


# --- 4. severity that fits the situation ------------------------------------------------------


def _twin_kpis(draft) -> None:
    _slip(
        draft,
        "measures/keizai.yaml",
        "      target: {year: 2031, value: 360}\n",
        "      target: {year: 2031, value: 360}\n"
        "    - name: 商店街の来街者数\n"
        "      unit: 千人\n"
        "      target: {year: 2031, value: 400}\n",
    )


def test_two_kpis_of_one_name_are_a_warning_before_any_result(draft):
    _twin_kpis(draft)
    shutil.rmtree(draft / "results")
    config = draft / "seta-align.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("results: [results]\n", ""), encoding="utf-8"
    )
    code, document = check_json(draft)
    assert [f["severity"] for f in findings_of(document, "SA708")] == ["warning"]
    assert code == 0


def test_two_kpis_of_one_name_are_an_error_when_a_result_could_be_either(draft):
    _twin_kpis(draft)
    code, document = check_json(draft)
    assert [f["severity"] for f in findings_of(document, "SA708")] == ["error"]
    assert code == 1


def test_each_pair_of_twin_kpis_is_judged_by_its_own_measures_results(draft):
    # KEI-02's twins share the name its results give (an error); KAN-05's twins share a name
    # no result gives, though results name KAN-05 by its other KPI (a warning).
    _twin_kpis(draft)
    _slip(
        draft,
        "measures/kankyo.yaml",
        "      target: {year: 2031, value: 1500}\n",
        "      target: {year: 2031, value: 1500}\n"
        "    - name: 出前講座の回数\n"
        "      unit: 回\n"
        "      target: {year: 2031, value: 40}\n"
        "    - name: 出前講座の回数\n"
        "      unit: 回\n"
        "      target: {year: 2031, value: 50}\n",
    )
    _slip(
        draft,
        "results/2025.yaml",
        "- {measure: KEI-02,",
        "- {measure: kan-05, kpi: 環境学習講座の参加者数, year: 2024, value: 850}\n"
        "- {measure: KEI-02,",
    )
    code, document = check_json(draft)
    found = [(f["message"].split()[1], f["severity"]) for f in findings_of(document, "SA708")]
    assert sorted(found) == [("KAN-05", "warning"), ("KEI-02", "error")]
    assert code == 1


def test_accepted_spellings_are_one_summary_line_under_verbose(draft):
    _slip(draft, "results/2024.yaml", "year: 2024", "year: 令和6年度", count=10)
    quiet = run_cli("check", draft, "-q", "--format", "text").stdout
    assert "SA004" not in quiet and "読み替えました" not in quiet
    verbose = run_cli("check", draft, "-v", "--format", "text").stdout
    assert "SA004" not in verbose
    assert verbose.count("読み替えました") == 1
    assert "書き方 12 箇所（3 ファイル）" in verbose  # 10 years and the two directions
    # Asked for, each is listed as before.
    config = draft / "seta-align.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "rules:\n  normalised-input: info\n",
        encoding="utf-8",
    )
    _, document = check_json(draft)
    assert len(findings_of(document, "SA004")) == 12


# --- 5. what the user wrote is what every view shows -----------------------------------------


def test_a_contradicting_score_is_shown_as_written(draft):
    _slip(draft, "measures/kankyo.yaml", '{"on": SDG-15.1, score: 2}', '{"on": SDG-15.1, score: -1, note: 誤って負に採点した例}')
    _, document = check_json(draft)
    assert [f["line"] for f in findings_of(document, "SA601")] == [38]
    shown = run_cli("impacts", draft, "--measure", "KAN-03").stdout
    row = next(line for line in shown.splitlines() if "SDG 15.1" in line)  # number and goal
    assert "\u22121 制約" in row and "+1" not in row
    assert "矛盾（SA601）" in shown
    data = json.loads(run_cli("impacts", draft, "--measure", "KAN-03", "--format", "json").stdout)
    impact = next(i for i in data["measures"][0]["direct"] if i["on"] == "SDG-15.1")
    assert (impact["written_score"], impact["contradiction"]) == (-1, True)


# --- 7. the small ones ------------------------------------------------------------------------


def test_the_sample_leaves_no_cache_where_the_user_stands(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # The default cache place: run_cli sets the suite's cache folder unless told otherwise,
    # and an empty SETA_ALIGN_CACHE_DIR is no folder.
    env = {"SETA_ALIGN_LANG": "ja", "COLUMNS": "200", "SETA_ALIGN_CACHE_DIR": ""}
    for command in ("check", "impacts", "progress", "matrix"):
        assert run_cli(command, "--sample", env=env).exit_code == 0
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["impacts", "progress", "matrix"])
def test_every_file_written_is_confirmed_and_quiet_says_nothing(draft, tmp_path, command):
    target = tmp_path / f"{command}.md"
    result = run_cli(command, draft, "-o", target)
    assert result.exit_code == 0, result.output
    assert f"「{target}」に書き出しました（" in result.stderr
    quiet = run_cli(command, draft, "-o", tmp_path / "q.md", "-q")
    assert "書き出しました" not in quiet.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("impacts", "--sample", "--measure", "ECON-O1"),
        ("trace", "--sample", "ECON-O1"),
        ("graph", "--sample", "--around", "ECON-O1"),
    ],
)
def test_every_id_argument_has_the_did_you_mean(args):
    result = run_cli(*args)
    assert result.exit_code == 2
    assert "もしかして ECON-01 ですか？" in result.stderr


# --- 6. every name is checked against what exists --------------------------------------------


def test_an_impact_on_the_measure_itself_is_a_located_finding(draft):
    _, good = check_json(draft)
    assert not findings_of(good, "SA607")
    _slip(draft, "measures/kankyo.yaml", '{"on": KAN-02, score: 1}', '{"on": KAN-05, score: 1}')
    code, bad = check_json(draft)
    assert code == 1
    (finding,) = findings_of(bad, "SA607")
    assert (finding["line"], finding["measure"]) == (63, "KAN-05")


@pytest.mark.parametrize(
    ("config", "line", "meant"),
    [
        ("progress:\n  indicator_levels: [PLAN.priority_polcy]\n", 12, "PLAN.priority_policy"),
        ("cross_field_levels: [PLAN.priority_polcy]\n", 11, "PLAN.priority_policy"),
        ("required_frameworks:\n  - [PLAM]\n", 12, "PLAN"),
    ],
)
def test_a_config_name_that_matches_nothing_is_located_with_a_did_you_mean(
    draft, config, line, meant
):
    path = draft / "seta-align.yaml"
    text = path.read_text(encoding="utf-8").replace("required_frameworks:\n  - [PLAN, ORD]\n", "")
    path.write_text(text + config, encoding="utf-8")
    code, document = check_json(draft)
    assert code == 2
    (problem,) = findings_of(document, "SA003")
    assert problem["line"] == line and f"「{meant}」の誤りではありませんか" in problem["message"]
    assert document["summary"]["measures"] == 10  # and the check went on


def test_an_impact_waiver_that_waives_nothing(draft):
    path = draft / "seta-align.yaml"
    text = path.read_text(encoding="utf-8")
    waiver = "  waivers:\n    - {measure: KEI-O5, \"on\": SDG-11.6, reason: 清掃で対応}\n"
    path.write_text(text.replace("  interactions: interactions.yaml\n",
                                 "  interactions: interactions.yaml\n" + waiver), encoding="utf-8")
    _, document = check_json(draft)
    (finding,) = [f for f in findings_of(document, "SA602") if "waivers" in f["message"]]
    assert "「KEI-05」の誤りではありませんか" in finding["message"]
    assert finding["line"] == 11
    # Written right, it waives a cancelling impact and says nothing.
    _slip(draft, "measures/keizai.yaml", '{"on": SDG-11.6, score: -1,', '{"on": SDG-11.6, score: -3,')
    _slip(draft, "seta-align.yaml", "KEI-O5", "KEI-05")
    _, document = check_json(draft)
    assert not findings_of(document, "SA602")


def test_a_contributes_to_that_names_no_indicator_has_a_did_you_mean(draft):
    _slip(draft, "measures/keizai.yaml", "contributes_to: PP-6.i1", "contributes_to: PP-6.il")
    _, document = check_json(draft)
    (finding,) = [f for f in findings_of(document, "SA704") if "contributes_to" in f["message"]]
    assert "「PP-6.i1」の誤りではありませんか" in finding["message"]


def test_twin_kpis_whose_id_and_name_cross_are_an_error_when_results_give_either(draft):
    # KEI-02's KPI becomes {id: K2A, name: K2B}, and a second KPI {id: K2B, name: K2A}. The
    # results name K2A: the first KPI's id and the second's name, so they could be either's
    # (the second KPI's first clash, its id K2B, is a name no result gives).
    _slip(draft, "measures/keizai.yaml", "    - name: 商店街の来街者数\n", "    - id: K2A\n      name: K2B\n")
    _slip(
        draft,
        "measures/keizai.yaml",
        "      target: {year: 2031, value: 360}\n",
        "      target: {year: 2031, value: 360}\n"
        "    - id: K2B\n"
        "      name: K2A\n"
        "      unit: 千人\n"
        "      target: {year: 2031, value: 400}\n",
    )
    for year in ("2024", "2025"):
        _slip(draft, f"results/{year}.yaml", "kpi: 商店街の来街者数", "kpi: K2A")
    code, document = check_json(draft)
    assert [f["severity"] for f in findings_of(document, "SA708")] == ["error"]
    assert code == 1
