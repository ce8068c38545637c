"""``seta-align impacts --sensitivity``: how stable the impact rankings are, against figures
worked out by hand. Every test runs the real CLI on tests/fixtures/sensitivity.

A measure's overall figure (``net``) is Σ s·(1 + R(A)/3) over its direct scores s on A, R(A)
being A's row sum in the interaction matrix (0 for a node that drives nothing); ``supports``
alone counts +1. One run moves each assessed score by −1, 0 or +1 (--spread 1), clamped to
−3…+3, and never below +1 on a node the measure supports.

The main fixture (tests/fixtures/sensitivity: measures/ and interactions.yaml)::

    matrix:   8.3→12.5 −1, 12.5→13.2 +2, 11.7→13.2 +1, 13.2→11.7 +1
    row sums: 12.5 +2, 11.7 +1, 13.2 +1, 8.3 −1  ⇒ ranks 1, 2, 2, 4 (ties share the best rank)

    GREEN-01  PP-5 +1 (supports), 13.2 +3, 11.7 +2
              1 + 3·(1 + 1/3) + 2·(1 + 1/3) = 1 + 4 + 8/3 = 23/3 ≈ 7.666667     rank 1
    SHOP-01   PP-6.5 +1, 8.3 +2, 12.5 −1
              1 + 2·(1 − 1/3) − 1·(1 + 2/3) = 1 + 4/3 − 5/3 = 2/3 ≈ 0.666667     rank 5
    EDU-01    PP-1 +1, 4.7 +2 (4.7 drives nothing): 1 + 2 = 3                   rank 2
    PARK-01   PP-6 +1, 11.7 +2 (also in supports: never below +1), 15.1 −2
              1 + 2·(1 + 1/3) − 2 = 5/3 ≈ 1.666667                               rank 4
    WELF-01   PP-1 +1, 3.4 +2: 1 + 2 = 3                                         rank 2

Their ranges at --spread 1 (each score, and each row sum through its interactions, moved):

    GREEN-01  13.2: 2…3 at 1 + R(13.2)/3 with R(13.2) 0…2; 11.7: 1…3 at 1 + R(11.7)/3, R 0…2
              lowest 1 + 2 + 1 = 4, highest 1 + 3·5/3 + 3·5/3 = 11
    EDU-01, WELF-01: 1 + (1…3) = 2…4
    PARK-01   1 + (1…3)·(1 + R(11.7)/3) + (−3…−1): lowest 1 + 1 − 3 = −1, highest 1 + 5 − 1 = 5
    SHOP-01   1 + (1…3)·(1 + R(8.3)/3) + (−2…0)·(1 + R(12.5)/3), R(8.3) −2…0, R(12.5) 1…3:
              lowest 1 + 1·(1/3) − 2·2 = −8/3, highest 1 + 3·1 + 0 = 4
    targets   12.5: 1…3; 11.7: 0…2; 13.2: 0…2; 8.3: −2…0

So, whatever the draws: GREEN-01 is never below 4 and only PARK-01 can pass it (the others
reach 4 at most), so it is in the top 2 in every run; GREEN-01, EDU-01 and WELF-01 are above 0
in every run; PARK-01's −2 stays −3…−1. And with --top 3, 12.5, 11.7 and 13.2 are in the top 3
in every run: 8.3 (at most 0) can never pass 11.7 or 13.2 (at least 0), so at most two targets
are ever above any of these three.

The forced fixture (tests/fixtures/sensitivity/forced, no interactions file)::

    GREEN-01  PP-5 +1, 15.1 +3, 15.5 +3: base 7; each +3 moves to +2 or +3: 5…7
    EDU-01    PP-1 +1, SDG-4.7 +1 (also in supports): base 2; moved 0…2 but kept at +1 or
              more: 2…3 (without the floor it would reach 1)
    ROAD-01   PP-6 +1, 15.1 −2, 15.5 −2: base −3; each −2 moves to −3…−1: −5…−1

The ranges do not overlap: GREEN-01 1st, EDU-01 2nd, ROAD-01 3rd in every run, whatever the
seed.
"""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook
from rich.cells import cell_len

from conftest import FIXTURES, run_cli

MAIN = FIXTURES / "sensitivity" / "measures"
FORCED = FIXTURES / "sensitivity" / "forced" / "measures.yaml"


def _sensitivity(path, *args, lang="en", env=None):
    result = run_cli("impacts", path, "--sensitivity", *args, "--lang", lang, env=env)
    assert result.exit_code == 0, result.output
    return result


def _document(path, *args) -> dict:
    return json.loads(_sensitivity(path, *args, "--format", "json").stdout)


def _by_id(rows: list[dict]) -> dict[str, dict]:
    return {row["id"]: row for row in rows}


# --- no run: the base figures ---------------------------------------------------------------------


def test_without_a_run_every_figure_is_the_base_one():
    document = _document(MAIN, "--runs", "0")
    measures = _by_id(document["measures"])
    # by hand (the module's docstring): the overall figure and the rank of each measure
    expected = {
        "GREEN-01": (23 / 3, 1),
        "EDU-01": (3, 2),
        "WELF-01": (3, 2),
        "PARK-01": (5 / 3, 4),
        "SHOP-01": (2 / 3, 5),
    }
    assert [m["id"] for m in document["measures"]] == list(expected)  # by rank, then id
    for measure_id, (net, rank) in expected.items():
        row = measures[measure_id]
        assert row["net"] == pytest.approx(net, abs=1e-6) and row["rank"] == rank, measure_id
        # nothing moved: the ranges are the base figure and rank, no share is worked out
        assert row["net_low"] == row["net_high"] == row["net"]
        assert row["best_rank"] == row["worst_rank"] == rank
        assert row["kept_rank"] is None and row["in_top"] is None
    targets = _by_id(document["targets"])
    expected_targets = {"SDG-12.5": (2, 1), "SDG-11.7": (1, 2), "SDG-13.2": (1, 2), "SDG-8.3": (-1, 4)}
    assert [t["id"] for t in document["targets"]] == list(expected_targets)
    for target, (row_sum, rank) in expected_targets.items():
        row = targets[target]
        assert (row["row_sum"], row["rank"]) == (row_sum, rank), target
        assert row["row_sum_low"] == row["row_sum_high"] == row_sum
        assert row["kept_rank"] is None
    assert document["conclusions"] is None
    assert document["method"] == {
        "runs": 0, "seed": 20240401, "spread": 1, "top": 10,
        # GREEN 2, SHOP 2, EDU 1, PARK 2, WELF 1 assessed scores; 4 interactions
        "scores_moved": 8, "interactions_moved": 4,
    }
    # The same figures as plain `impacts --format json` for the same files.
    plain = json.loads(run_cli("impacts", MAIN, "--format", "json").stdout)
    assert {m["id"]: m["net"] for m in plain["measures"]} == {
        m["id"]: m["net"] for m in document["measures"]
    }
    assert {i["id"]: i["out_sum"] for i in plain["influence"]} == {
        t["id"]: t["row_sum"] for t in document["targets"]
    }
    # and every output says that no run was made
    assert "No run was made (--runs 0)" in _sensitivity(MAIN, "--runs", "0").stdout
    japanese = _sensitivity(MAIN, "--runs", "0", "--format", "markdown", lang="ja").stdout
    assert "試行は行っていません（--runs 0）" in japanese
    assert "試行を行っていないため（--runs 0）、確かめた結論はありません。" in japanese


# --- a ranking the draws cannot change ----------------------------------------------------------------


@pytest.mark.parametrize("seed", ["20240401", "7"])
def test_a_forced_ranking_holds_in_every_run(seed):
    document = _document(FORCED, "--top", "1", "--seed", seed)
    measures = _by_id(document["measures"])
    assert [m["id"] for m in document["measures"]] == ["GREEN-01", "EDU-01", "ROAD-01"]
    bounds = {"GREEN-01": (7, 1, 5, 7), "EDU-01": (2, 2, 2, 3), "ROAD-01": (-3, 3, -5, -1)}
    for measure_id, (net, rank, lowest, highest) in bounds.items():
        row = measures[measure_id]
        assert (row["net"], row["rank"]) == (net, rank)
        assert row["kept_rank"] == 1.0, measure_id  # 100 %: the ranges do not overlap
        assert row["best_rank"] == row["worst_rank"] == rank
        assert lowest <= row["net_low"] <= row["net_high"] <= highest, measure_id
    # EDU-01 never below 2: its +1 on SDG-4.7, which it supports, never moves below +1
    assert measures["EDU-01"]["net_low"] == 2
    assert measures["GREEN-01"]["in_top"] == 1.0
    assert measures["EDU-01"]["in_top"] == measures["ROAD-01"]["in_top"] == 0.0
    assert document["conclusions"] == {
        "measures_in_top": ["GREEN-01"],
        "measures_positive": ["GREEN-01", "EDU-01"],
        "measures_negative": ["ROAD-01"],
        "targets_in_top": [],
        "trade_offs_negative": [
            {"source": "ROAD-01", "target": "SDG-15.1", "score": -2, "kind": "impact"},
            {"source": "ROAD-01", "target": "SDG-15.5", "score": -2, "kind": "impact"},
        ],
    }
    # No interactions file: no target is ranked, and the view says why.
    assert document["targets"] == [] and document["interactions"] is None
    shown = _sensitivity(FORCED, "--top", "1", "--seed", seed, lang="ja").stdout
    assert "相互作用ファイルがないため、ターゲットの順位は調べていません" in shown


# --- a ranking the draws can change ----------------------------------------------------------------


def test_a_possible_swap_is_a_share_and_no_conclusion():
    document = _document(MAIN, "--top", "2")
    measures = _by_id(document["measures"])
    # EDU-01 (base 3, rank 2) and WELF-01 (3, rank 2) both move over 2…4: in a run where
    # EDU-01 draws −1 and WELF-01 0 or +1 (at least 1 in 9) EDU-01 falls below 2nd; where it
    # draws +1 (4) it stays 2nd unless PARK-01 passes 4 (s +3, R(11.7) 2 and −1: 1 in 27) or
    # GREEN-01 sits at its lowest, 4 (1 in 54). So each run keeps its rank with a chance
    # between 0.3 and 8/9: over 200 runs, never or always is below 1 in 10^10.
    edu = measures["EDU-01"]
    assert 0 < edu["kept_rank"] < 1 and 0 < edu["in_top"] < 1
    held = document["conclusions"]
    assert "EDU-01" not in held["measures_in_top"]
    assert held["measures_in_top"] == ["GREEN-01"]  # forced: only PARK-01 can pass it
    # Forced above 0; PARK-01 and SHOP-01 fall to 0 or below with a chance of at least 4/27
    # and 2/27 a run, and are above 0 in at least 1 run in 3 (PARK-01 drawing −1 on its −2,
    # SHOP-01 drawing +1 on its −1).
    assert held["measures_positive"] == ["GREEN-01", "EDU-01", "WELF-01"]
    assert held["measures_negative"] == []
    # PARK-01's −2 stays −3…−1; SHOP-01's −1 and 8.3→12.5 −1 reach 0 in 1 run in 3.
    assert held["trade_offs_negative"] == [
        {"source": "PARK-01", "target": "SDG-15.1", "score": -2, "kind": "impact"}
    ]
    # Every range within the bounds worked out by hand.
    bounds = {
        "GREEN-01": (4, 11), "EDU-01": (2, 4), "WELF-01": (2, 4), "PARK-01": (-1, 5),
        "SHOP-01": (-8 / 3, 4),
    }
    for measure_id, (lowest, highest) in bounds.items():
        row = measures[measure_id]
        assert lowest - 1e-6 <= row["net_low"] <= row["net_high"] <= highest + 1e-6, measure_id
    targets = _by_id(document["targets"])
    for target, (lowest, highest) in {
        "SDG-12.5": (1, 3), "SDG-11.7": (0, 2), "SDG-13.2": (0, 2), "SDG-8.3": (-2, 0),
    }.items():
        assert lowest <= targets[target]["row_sum_low"] <= targets[target]["row_sum_high"] <= highest
    # With --top 3 the three targets that drive the others are there in every run (forced:
    # 8.3 never passes 11.7 or 13.2), and 8.3 (−1 at base, below all three) is not.
    wider = _document(MAIN, "--top", "3")["conclusions"]
    assert wider["targets_in_top"] == ["SDG-12.5", "SDG-11.7", "SDG-13.2"]


def test_the_same_seed_gives_the_same_document():
    first = _sensitivity(MAIN, "--format", "json", "--seed", "11").stdout
    again = _sensitivity(MAIN, "--format", "json", "--seed", "11").stdout
    assert first == again
    other = json.loads(_sensitivity(MAIN, "--format", "json", "--seed", "12").stdout)
    # Another seed draws other runs: some share or range differs (all 40 figures of the five
    # measures and four targets alike would be a coincidence beyond belief).
    assert other["measures"] + other["targets"] != (
        json.loads(first)["measures"] + json.loads(first)["targets"]
    )


def test_without_a_spread_every_share_is_whole():
    document = _document(MAIN, "--spread", "0", "--runs", "50")
    for row in document["measures"] + document["targets"]:
        # five measures and four targets, all in the default top 10
        assert row["kept_rank"] == 1.0 and row["in_top"] == 1.0, row["id"]
        assert row["best_rank"] == row["worst_rank"] == row["rank"]
    for trade_off in document["trade_offs"]:
        assert trade_off["negative_share"] == 1.0 and trade_off["always_negative"] is True
    # SHOP-01's −1 and the interaction 8.3→12.5 −1 stay −1: now they hold in every run
    held = document["conclusions"]["trade_offs_negative"]
    assert [(t["source"], t["target"]) for t in held] == [
        ("PARK-01", "SDG-15.1"), ("SHOP-01", "SDG-12.5"), ("SDG-8.3", "SDG-12.5"),
    ]
    assert "No score was moved (--spread 0)" in _sensitivity(MAIN, "--spread", "0").stdout


# --- formats --------------------------------------------------------------------------------------


def test_markdown_csv_and_html():
    markdown = _sensitivity(FORCED, "--top", "1", "--format", "markdown", lang="ja").stdout
    assert markdown.startswith("## 順位の安定性（評価の不確かさ）")
    assert "| 毎回、上位 1 位以内に入った施策 | 1 | GREEN-01 |" in markdown
    assert "| 総合が毎回マイナスだった施策 | 1 | ROAD-01 |" in markdown
    assert "ROAD-01 → SDG-15.1（−2）、ROAD-01 → SDG-15.5（−2）" in markdown
    heading = next(line for line in markdown.splitlines() if line.startswith("| ID |"))
    assert heading == (
        "| ID | 施策名 | 総合 | 順位 | 順位を保った割合 | 上位1位に入った割合 | 順位の幅 | 総合の幅 |"
    )
    green = next(line for line in markdown.splitlines() if line.startswith("| `GREEN-01`"))
    assert "| **+7.00** | 1 | 100.0% | 100.0% | 1位 |" in green
    rows = _sensitivity(FORCED, "--top", "1", "--format", "csv", lang="ja").stdout.splitlines()
    assert rows[0].lstrip("\ufeff").split(",") == [
        "ID", "施策名", "総合", "順位", "順位を保った割合", "上位1位に入った割合",
        "最も高い順位", "最も低い順位", "総合の最小", "総合の最大",
    ]
    cells = [row.split(",") for row in rows[1:]]
    assert [c[0] for c in cells] == ["GREEN-01", "EDU-01", "ROAD-01"]
    # base figure, rank, the two shares as fractions, best and worst rank (by hand, forced)
    assert [c[2:8] for c in cells] == [
        ["7.0", "1", "1.0", "1.0", "1", "1"],
        ["2.0", "2", "1.0", "0.0", "2", "2"],
        ["-3.0", "3", "1.0", "0.0", "3", "3"],
    ]
    page = _sensitivity(MAIN, "--format", "html", lang="ja").stdout
    assert "順位の安定性（評価の不確かさ）" in page and 'data-id="GREEN-01"' in page
    assert 'data-id="SDG-12.5"' in page


def test_xlsx(tmp_path):
    target = tmp_path / "stability.xlsx"
    result = _sensitivity(MAIN, "--runs", "0", "-o", target, lang="ja")
    assert result.stdout == ""
    book = load_workbook(target)
    assert book.sheetnames == ["変わらなかった結論", "施策", "ターゲット"]
    rows = [list(row) for row in book["施策"].iter_rows(values_only=True)]
    assert rows[0][0] == "施策の順位の安定性（総合の大きい順）"
    assert rows[1] == [
        "ID", "施策名", "総合", "順位", "順位を保った割合", "上位10位に入った割合",
        "最も高い順位", "最も低い順位", "総合の最小", "総合の最大",
    ]
    green, edu = rows[2], rows[3]
    assert green[:4] == ["GREEN-01", "みどりの保全と創出", pytest.approx(23 / 3, abs=1e-5), 1]
    assert green[4:6] == [None, None]  # no run: no share
    assert green[6:] == [1, 1, pytest.approx(23 / 3, abs=1e-5), pytest.approx(23 / 3, abs=1e-5)]
    assert edu[0] == "EDU-01" and edu[3] == 2
    targets = [list(row) for row in book["ターゲット"].iter_rows(values_only=True)]
    # the table, then (on the last sheet) what was read and the method, under it
    assert [(r[0], r[2], r[3]) for r in targets[2:6]] == [
        ("SDG-12.5", 2, 1), ("SDG-11.7", 1, 2), ("SDG-13.2", 1, 2), ("SDG-8.3", -1, 4),
    ]
    assert any(r[0] and r[0].startswith("試行は行っていません（--runs 0）") for r in targets[6:])
    shares = tmp_path / "shares.xlsx"
    _sensitivity(FORCED, "--top", "1", "-o", shares, lang="ja")
    sheet = load_workbook(shares)["施策"]
    assert sheet["E3"].value == 1.0 and sheet["E3"].number_format == "0.0%"
    assert sheet["F4"].value == 0.0  # EDU-01 is never 1st


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("path", [MAIN, FORCED], ids=["main", "forced"])
def test_the_terminal_at_80_columns(path, lang):
    shown = _sensitivity(path, lang=lang, env={"COLUMNS": "80"}).stdout
    widest = max(shown.splitlines(), key=cell_len)
    assert cell_len(widest) <= 80, widest
    assert "GREEN-01" in shown and "EDU-01" in shown


# --- bad input ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("option", [("--runs", "-1"), ("--spread", "4"), ("--top", "0")])
def test_a_value_out_of_range_is_refused(option):
    result = run_cli("impacts", MAIN, "--sensitivity", *option)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert option[0] in result.output
