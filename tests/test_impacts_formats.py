"""`seta-align impacts --format csv | xlsx | markdown`, against figures worked out by hand.

The fixture (tests/fixtures/impacts, worked through in tests/test_impacts.py):

    URBAN-01: PP-6 +1 (supports), SDG-11.7 −2 (mitigated), SDG-13.2 −1, SDG-8.3 +2
    ECON-01:  PP-6.5 +1 (supports), SDG-8.3 +3, SDG-12.5 −2, URBAN-01 +1
    ENV-01:   PP-5 +1 (supports), SDG-13.2 +3, SDG-11.7 +2, SDG-12.5 +1
    matrix:   8.3→12.5 −1, 8.3→13.2 −1, 11.7→13.2 +2, 12.5→13.2 +2, 13.2→11.7 +1

The signed matrix measures × SDG goals (each target falls in its goal; PP-* and URBAN-01 are no
SDG node, so they are in no column). Positive and negative are summed apart, never netted:

                SDG-8   SDG-11  SDG-12  SDG-13 | 正の和  負の和  正味
    URBAN-01     +2      −2        .      −1   |   2      −3     −1
    ECON-01      +3       .       −2       .   |   3      −2     +1
    ENV-01        .      +2       +1      +3   |   6       0     +6
    正の和        5       2        1       3   |  11
    負の和        0      −2       −2      −1   |         −5
    正味          5       0       −1       2   |                 6

The other 13 goals have no cell: their column figures are empty, not 0.

The interactions as a matrix (framework order 8.3, 11.7, 12.5, 13.2; "." not assessed):

                8.3   11.7  12.5  13.2 | 正の和 負の和 正味
    SDG-8.3      .     .     −1    −1  |   0     −2    −2
    SDG-11.7     .     .      .    +2  |   2      0    +2
    SDG-12.5     .     .      .    +2  |   2      0    +2
    SDG-13.2     .    +1      .     .  |   1      0    +1
    正の和        .     1      0     4  |   5
    負の和        .     0     −1    −1  |         −2
    正味          .     1     −1     3  |               3

No cell goes beyond ±3, so both colour scales run from −3 to +3.
"""

from __future__ import annotations

import csv
import io
import shutil

import pytest
from openpyxl import load_workbook

from conftest import FIXTURES, gfm_cells, run_cli

PROJECT = FIXTURES / "impacts"
IMPACTS = PROJECT / "measures"
HOSTILE = PROJECT / "hostile"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GOALS = [f"SDG-{n}" for n in range(1, 18)]
MINUS = "\u2212"

# The diverging scale of every format (ColorBrewer RdYlGn's ends through white), as the page
# and the picture draw it
RED, WHITE, GREEN = "D73027", "FFFFFF", "1A9850"


def _impacts(*args, lang="ja"):
    result = run_cli("impacts", *args, "--lang", lang)
    assert result.exit_code == 0, result.output
    return result


def _csv(*args, lang="ja") -> list[list[str]]:
    data = _impacts(*args, "--format", "csv", lang=lang).stdout_bytes
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Excel reads it as UTF-8
    assert data.count(b"\n") == data.count(b"\r\n") > 0  # CRLF
    return list(csv.reader(io.StringIO(data.decode("utf-8")[1:], newline="")))


def _by_goal(row: list[str]) -> dict[str, str]:
    """A matrix row's non-empty goal cells, by goal (cells 2 … 18 are SDG-1 … SDG-17)."""
    return {goal: value for goal, value in zip(GOALS, row[2:19], strict=True) if value != ""}


# --- CSV: the signed measures matrix ------------------------------------------------------------


def test_csv_is_the_signed_matrix_of_measures_and_goals():
    rows = _csv(IMPACTS)
    header = rows[0]
    # a row's figures over this table's columns, named so (the measure's over every node are
    # in the table of measures)
    assert header[:2] == ["ID", "施策名"] and header[-3:] == ["SDG 目標への正の和", "SDG 目標への負の和", "SDG 目標への正味"]
    assert [cell.split(" ")[0] for cell in header[2:-3]] == GOALS  # every goal, in order
    assert header[9] == "SDG-8 働きがいも経済成長も"  # id and short title from policies.yaml
    assert [row[:2] for row in rows[1:-3]] == [
        ["URBAN-01", "駅前再開発"], ["ECON-01", "商店街イベント支援"], ["ENV-01", "みどりの保全と創出"],
    ]  # the draft's order
    urban, econ, env, positive, negative, net = rows[1:]
    assert _by_goal(urban) == {"SDG-8": "2", "SDG-11": "-2", "SDG-13": "-1"}
    assert urban[-3:] == ["2", "-3", "-1"]  # 2; −2 − 1; 2 − 3
    assert _by_goal(econ) == {"SDG-8": "3", "SDG-12": "-2"}
    assert econ[-3:] == ["3", "-2", "1"]
    assert _by_goal(env) == {"SDG-11": "2", "SDG-12": "1", "SDG-13": "3"}
    assert env[-3:] == ["6", "0", "6"]
    assert [positive[:2], negative[:2], net[:2]] == [["正の和", ""], ["負の和", ""], ["正味", ""]]
    # Each column's help and harm apart: SDG-11 gets +2 and −2, which netted would be a 0
    # that hides both; nothing scored elsewhere: empty.
    assert _by_goal(positive) == {"SDG-8": "5", "SDG-11": "2", "SDG-12": "1", "SDG-13": "3"}
    assert _by_goal(negative) == {"SDG-8": "0", "SDG-11": "-2", "SDG-12": "-2", "SDG-13": "-1"}
    assert _by_goal(net) == {"SDG-8": "5", "SDG-11": "0", "SDG-12": "-1", "SDG-13": "2"}
    assert (positive[-3], negative[-2], net[-1]) == ("11", "-5", "6")


def test_csv_in_english_and_on_another_level():
    rows = _csv(IMPACTS, lang="en")
    assert rows[0][:2] == ["ID", "Title"] and rows[0][-3:] == [
        "Positive sum on SDG goal", "Negative sum on SDG goal", "Net on SDG goal",
    ]
    assert rows[0][9] == "SDG-8 Decent Work and Economic Growth"
    assert [row[0] for row in rows[-3:]] == ["Positive sum", "Negative sum", "Net"]
    # Priority policies: URBAN-01 supports PP-6 (+1), ECON-01 PP-6.5 (+1, under PP-6), ENV-01
    # PP-5 (+1). PP-6 sums 1 + 1 = 2, PP-5 1; every row 1, 0, 1; total 3, 0, 3.
    rows = _csv(IMPACTS, "--columns", "PLAN.priority_policy")
    assert [cell.split(" ")[0] for cell in rows[0][2:-3]] == [f"PP-{n}" for n in range(1, 7)]
    assert [row[2:] for row in rows[1:]] == [
        ["", "", "", "", "", "1", "1", "0", "1"],
        ["", "", "", "", "", "1", "1", "0", "1"],
        ["", "", "", "", "1", "", "1", "0", "1"],
        ["", "", "", "", "1", "2", "3", "", ""],
        ["", "", "", "", "0", "0", "", "0", ""],
        ["", "", "", "", "1", "2", "", "", "3"],
    ]


def test_csv_of_one_measure_and_of_one_node():
    rows = _csv(IMPACTS, "--measure", "econ-01", lang="en")
    assert rows[0] == [
        "On", "Title", "Score", "Scale", "Scored by", "Note", "Mitigation", "Evidence",
        "Assessed by", "Assessed on", "Source",
    ]
    assert [row[0:1] + row[2:] for row in rows[1:]] == [
        ["PP-6.5", "1", "enabling", "supports (+1)", "", "", "", "", "", ""],
        ["SDG-8.3", "3", "indivisible", "impacts", "", "", "", "", "", ""],
        ["SDG-12.5", "-2", "counteracting", "impacts", "イベントごみ", "", "", "", "", ""],
        ["URBAN-01", "1", "enabling", "impacts", "", "", "", "", "", ""],
    ]
    assert rows[4][1] == "駅前再開発"  # a measure impacted: its title (no English one)
    rows = _csv(IMPACTS, "--node", "SDG-13.2")
    assert rows[0][:5] == ["施策", "施策名", "所管", "分野", "評価"]
    assert [row[:6] for row in rows[1:]] == [  # the harm first, then the help
        ["URBAN-01", "駅前再開発", "都市整備政策部", "URBAN", "-1", "制約"],
        ["ENV-01", "みどりの保全と創出", "環境政策部", "ENV", "3", "不可分"],
    ]


def test_csv_neutralises_formulas_but_keeps_numbers():
    rows = _csv(HOSTILE)
    titles = {row[0]: row[1] for row in rows[1:-3]}
    assert titles == {
        "INJ-01": '\'=HYPERLINK("http://example.com","x")',
        "INJ-02": "<b>太字</b> | 表",
    }
    for row in rows:
        for cell in row:
            if cell.lstrip("-").isdigit():
                continue  # a score: a number, which a spreadsheet must sum
            assert not cell.startswith(FORMULA_STARTS), cell
    focus = _csv(HOSTILE, "--measure", "INJ-01")
    (row,) = [r for r in focus if r[0] == "SDG-12.5"]
    assert row[5:8] == ["'-1+1", "<script>alert(1)</script> a|b \\| c", '\'=cmd|"/c calc"!A1']


# --- XLSX ----------------------------------------------------------------------------------------


def _workbook(tmp_path, *args, lang="ja"):
    target = tmp_path / "impacts.xlsx"
    result = _impacts(*args, "-o", target, lang=lang)
    assert result.stdout == ""
    return load_workbook(target)


def _values(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _colour_scales(sheet) -> dict[str, list[tuple]]:
    found = {}
    for formatting in sheet.conditional_formatting:
        for rule in formatting.rules:
            scale = rule.colorScale
            found[str(formatting.sqref)] = [
                (point.type, point.val, colour.rgb[-6:])
                for point, colour in zip(scale.cfvo, scale.color, strict=True)
            ]
    return found


def test_xlsx_sheets_and_tables(tmp_path):
    book = _workbook(tmp_path, IMPACTS)
    assert book.sheetnames == [
        "重点政策ごとのトレードオフ", "SDGゴールごとのトレードオフ", "重点政策を妨げるもの",
        "SDGゴールを妨げるもの", "SDGゴールの収支", "トレードオフ", "施策の影響",
        "支える施策と妨げる施策", "相乗効果のグループ", "グループの構成", "影響力（ターゲット）",
        "影響力（施策）", "施策×SDG.goal", "相互作用", "凡例", "列の名称",
    ]
    ranking = book["施策の影響"]
    assert ranking.freeze_panes == "B3"  # the title row, the headings and the id column
    rows = _values(ranking)
    assert rows[0][0] == "施策の影響（総合の大きい順）"
    assert rows[1] == [
        "ID", "施策名", "所管", "分野", "正の和", "負の和", "波及の正の和", "波及の負の和", "総合",
        "SDG ゴール",
    ]
    # by overall: ENV-01 7 + 3 = 10; ECON-01 5 − 2 − 10/3 = −1/3; URBAN-01 3 − 3 − 3 = −3
    assert [row[0] for row in rows[2:5]] == ["ENV-01", "ECON-01", "URBAN-01"]
    env, econ, urban = rows[2:5]
    assert rows[-1][0].startswith("正の和・負の和は直接の影響")  # what the figures are
    assert env[2:6] == ["環境政策部", "ENV", 7, 0]
    assert env[6:] == [pytest.approx(3), 0, pytest.approx(10), "SDG-11, SDG-12, SDG-13"]
    # ECON-01's knock-on, all of it harming: 12.5 −1 and 13.2 −7/3, together −10/3
    assert econ[4:9] == [5, -2, 0, pytest.approx(-10 / 3, abs=1e-5), pytest.approx(-1 / 3, abs=1e-5)]
    assert urban[4:9] == [3, -3, 0, pytest.approx(-3), pytest.approx(-3)]
    assert isinstance(env[4], int) and ranking["E3"].number_format == "+0;-0;0"
    # Who each trade-off harms: ENV-01 (PP-5) works for 12.5, 11.7 and 13.2, so every one
    # harms PP-5: 5 trade-offs, 3 impacts, 2 of them unmitigated, the worst −2.
    policies = _values(book["重点政策ごとのトレードオフ"])
    assert policies[1] == ["重点政策", "名称", "件数", "施策の影響", "緩和策なし", "最も重い", "妨げる施策"]
    by_id = {row[0]: row for row in policies[2:8]}
    assert by_id["PP-5"][2:] == [5, 3, 2, -2, "ECON-01、URBAN-01"]
    assert by_id["PP-6"][2:6] == [0, 0, 0, None]
    trade = _values(book["トレードオフ"])
    assert trade[2][:4] == [-2, "対立", "影響", "ECON-01"]
    assert trade[2][6:10] == [
        "SDG-12.5", "2030年までに、廃棄物の発生防止、削減、再生利用及び再利用により、廃棄物の発生を大幅に削減する。",
        "SDG-12", "PP-5",
    ]
    contested = _values(book["支える施策と妨げる施策"])[2:]
    assert [[row[0], row[2], row[3]] for row in contested] == [
        ["SDG-11.7", "ENV-01 +2", f"URBAN-01 {MINUS}2"],
        ["SDG-13.2", "ENV-01 +3", f"URBAN-01 {MINUS}1"],
        ["SDG-12.5", "ENV-01 +1", f"ECON-01 {MINUS}2"],
    ]
    # At a glance: fields, cross-field, priority policies, owners, counts, the strongest
    # members (the goals the group's measures help most, then its measures), conflicts.
    assert _values(book["相乗効果のグループ"])[2:4] == [
        [1, "地域経済、都市基盤", "はい", "PP-6", "経済産業部、都市整備政策部", 2, 3,
         "SDG-8.3、PP-6、PP-6.5、ECON-01、URBAN-01", "なし"],
        [2, "自然環境", "いいえ", "PP-5", "環境政策部", 1, 4,
         "SDG-13.2、SDG-11.7、PP-5、ENV-01", "なし"],
    ]
    # Every member in a sheet of its own (ECON-01 helps 8.3 +3, PP-6.5 +1 and URBAN-01 +1 inside; its −2
    # on 12.5 is outside the group).
    members = _values(book["グループの構成"])
    assert [row[:3] for row in members[2:7]] == [
        [1, "施策", "ECON-01"], [1, "目標", "PP-6"], [1, "目標", "PP-6.5"], [1, "目標", "SDG-8.3"],
        [1, "施策", "URBAN-01"],
    ]
    assert members[2][5:] == [5, 0]  # ... and URBAN-01 +1, a member too
    # per goal: positive, negative, net (the matrix's column sums again)
    assert _values(book["SDGゴールの収支"])[2:] == [
        ["SDG-8", "働きがいも経済成長も", 5, 0, 5],
        ["SDG-11", "住み続けられるまちづくりを", 2, -2, 0],
        ["SDG-12", "つくる責任 つかう責任", 1, -2, -1],
        ["SDG-13", "気候変動に具体的な対策を", 3, -1, 2],
    ]


def test_xlsx_influence(tmp_path):
    book = _workbook(tmp_path, IMPACTS)
    targets = _values(book["影響力（ターゲット）"])
    assert targets[1][2:] == [
        "与える影響（正味）", "受ける影響（正味）", "与える影響（正の和）", "与える影響（負の和）",
        "受ける影響（正の和）", "受ける影響（負の和）",
        "他の目標を通じて与える影響（正の和）", "他の目標を通じて与える影響（負の和）",
    ]
    # out, in, out+, out−, in+, in−, second order (row sum of the matrix squared):
    # 8.3: out −1 − 1; second −1·(12.5→13.2 +2) + −1·(13.2→11.7 +1) = −3
    # 11.7: out +2, in +1 (from 13.2); second 2·(13.2→11.7 +1) = 2
    # 12.5: out +2, in −1 (from 8.3); second 2·1 = 2
    # 13.2: out +1, in −1 + 2 + 2 = 3 (+4, −1); second 1·(11.7→13.2 +2) = 2
    # and through one intermediary, each two-step path's product, helping and harming apart:
    # 8.3→12.5→13.2 −1·2 = −2, 8.3→13.2→11.7 −1·1 = −1 (0, −3); 11.7→13.2→11.7 2·1 = +2;
    # 12.5→13.2→11.7 2·1 = +2; 13.2→11.7→13.2 1·2 = +2
    assert [row[:1] + row[2:] for row in targets[2:]] == [
        ["SDG-8.3", -2, 0, 0, -2, 0, 0, 0, -3],
        ["SDG-11.7", 2, 1, 2, 0, 1, 0, 2, 0],
        ["SDG-12.5", 2, -1, 2, 0, 0, -1, 2, 0],
        ["SDG-13.2", 1, 3, 1, 0, 4, -1, 2, 0],
    ]
    measures = _values(book["影響力（施策）"])
    assert len(measures[1]) == 8  # no second-order column: that is the targets' matrix squared
    # URBAN-01 out 1 − 2 − 1 + 2 = 0 (+3, −3), in +1 from ECON-01; ECON-01 out 1 + 3 − 2 + 1 = 3
    # (+5, −2); ENV-01 out 1 + 3 + 2 + 1 = 7
    assert [row[:1] + row[2:] for row in measures[2:]] == [
        ["URBAN-01", 0, 1, 3, -3, 1, 0],
        ["ECON-01", 3, 0, 5, -2, 0, 0],
        ["ENV-01", 7, 0, 7, 0, 0, 0],
    ]


def test_xlsx_signed_matrices_with_a_diverging_colour_scale(tmp_path):
    book = _workbook(tmp_path, IMPACTS)
    sheet = book["施策×SDG.goal"]
    rows = _values(sheet)
    assert rows[1][:2] == ["ID", "施策名"] and rows[1][-3:] == ["SDG 目標への正の和", "SDG 目標への負の和", "SDG 目標への正味"]
    assert rows[1][9].startswith("SDG-8\n働きがいも経済成長も")
    assert sheet.freeze_panes == "C3"
    assert sheet["J2"].fill.fgColor.rgb.endswith("A21942")  # SDG-8's colour on its heading
    by_goal = {
        row[0]: dict(zip(GOALS, row[2:19], strict=True)) | {"sums": row[19:22]} for row in rows[2:8]
    }
    # the hand-computed matrix of the module's docstring; None: no impact, never 0
    assert {k: v for k, v in by_goal["URBAN-01"].items() if v is not None} == {
        "SDG-8": 2, "SDG-11": -2, "SDG-13": -1, "sums": [2, -3, -1],
    }
    assert {k: v for k, v in by_goal["ECON-01"].items() if v is not None} == {
        "SDG-8": 3, "SDG-12": -2, "sums": [3, -2, 1],
    }
    assert {k: v for k, v in by_goal["ENV-01"].items() if v is not None} == {
        "SDG-11": 2, "SDG-12": 1, "SDG-13": 3, "sums": [6, 0, 6],
    }
    assert {k: v for k, v in by_goal["正の和"].items() if v is not None} == {
        "SDG-8": 5, "SDG-11": 2, "SDG-12": 1, "SDG-13": 3, "sums": [11, None, None],
    }
    assert {k: v for k, v in by_goal["負の和"].items() if v is not None} == {
        "SDG-8": 0, "SDG-11": -2, "SDG-12": -2, "SDG-13": -1, "sums": [None, -5, None],
    }
    assert {k: v for k, v in by_goal["正味"].items() if v is not None} == {
        "SDG-8": 5, "SDG-11": 0, "SDG-12": -1, "SDG-13": 2, "sums": [None, None, 6],
    }
    assert sheet["J3"].data_type == "n" and sheet["J3"].number_format == "+0;-0;0"
    # the cells C3:S5 (17 goals, 3 measures), not the sums, are coloured
    assert _colour_scales(sheet) == {
        "C3:S5": [("num", -3, RED), ("num", 0, WHITE), ("num", 3, GREEN)],
    }

    interactions = book["相互作用"]
    rows = _values(interactions)
    ids = ["SDG-8.3", "SDG-11.7", "SDG-12.5", "SDG-13.2"]
    assert [h.split("\n")[0] for h in rows[1][2:6]] == ids
    assert [row[:1] + row[2:] for row in rows[2:9]] == [
        ["SDG-8.3", None, None, -1, -1, 0, -2, -2],
        ["SDG-11.7", None, None, None, 2, 2, 0, 2],
        ["SDG-12.5", None, None, None, 2, 2, 0, 2],
        ["SDG-13.2", None, 1, None, None, 1, 0, 1],
        ["受ける影響（正の和）", None, 1, 0, 4, 5, None, None],
        ["受ける影響（負の和）", None, 0, -1, -1, None, -2, None],
        ["受ける影響（正味）", None, 1, -1, 3, None, None, 3],
    ]
    assert any(row[0] == "空欄は評価されていないこと（0 ではありません）を示します。" for row in rows)
    assert _colour_scales(interactions) == {
        "C3:F6": [("num", -3, RED), ("num", 0, WHITE), ("num", 3, GREEN)],
    }


def test_xlsx_colour_scale_follows_the_largest_cell(tmp_path):
    # INJ-01 scores SDG-8.3 +3 and SDG-8.5 +2: its SDG-8 cell is 3 + 2 = 5, beyond the scale,
    # so the colours run from −5 to +5 (the interactions stay at ±3).
    book = _workbook(tmp_path, HOSTILE)
    sheet = book["施策×SDG.goal"]
    assert sheet["J3"].value == 5
    assert _colour_scales(sheet) == {
        "C3:S4": [("num", -5, RED), ("num", 0, WHITE), ("num", 5, GREEN)],
    }
    assert _colour_scales(book["相互作用"])["C3:F6"][0] == ("num", -3, RED)


def test_xlsx_legend_of_the_scale(tmp_path):
    book = _workbook(tmp_path, IMPACTS)
    legend = book["凡例"]
    rows = _values(legend)
    assert rows[1] == ["評価", "英語名", "日本語", "意味"]
    assert rows[2:9] == [
        [3, "indivisible", "不可分", "他方の目標の達成と切り離せない"],
        [2, "reinforcing", "強化", "他方の目標の達成を助ける"],
        [1, "enabling", "後押し", "他方の目標を進める条件をつくる"],
        [0, "consistent", "中立", "目立った正負の関わりはない"],
        [-1, "constraining", "制約", "他方の目標の選択肢を狭める"],
        [-2, "counteracting", "対立", "他方の目標とぶつかる"],
        [-3, "cancelling", "両立不可", "他方の目標の達成を不可能にする"],
    ]
    # +3 full green, 0 white, −3 full red: the matrices' scale, on the scores themselves
    assert _colour_scales(legend) == {
        "A3:A9": [("num", -3, RED), ("num", 0, WHITE), ("num", 3, GREEN)],
    }
    titles = {row[0]: row[1] for row in _values(book["列の名称"]) if row[0] in ("SDG-8", "SDG-13.2")}
    assert titles["SDG-13.2"] == "気候変動対策を国別の政策、戦略及び計画に盛り込む。"
    assert titles["SDG-8"].startswith("働きがいも経済成長も — 包摂的かつ持続可能な経済成長")
    assert book["列の名称"]["A4"].fill.fgColor.rgb.endswith("A21942") or any(
        cell.fill.fgColor.rgb.endswith("A21942") for (cell,) in book["列の名称"].iter_rows(max_col=1)
    )  # an SDG's id in its colour


def test_xlsx_in_english(tmp_path):
    book = _workbook(tmp_path, IMPACTS, lang="en")
    assert book.sheetnames == [
        "By priority policy", "By SDG goal", "Harms by policy", "Harms by goal",
        "Balance per SDG goal", "Trade-offs", "Measures", "Helped and harmed", "Synergy groups",
        "Group members", "Influence (targets)", "Influence (measures)", "Measures×SDG.goal",
        "Interactions", "Legend", "Column titles",
    ]
    row = _values(book["Trade-offs"])[2]
    assert row[:4] == [-2, "counteracting", "impact", "ECON-01"]
    assert row[5:7] == ["経済産業部", "SDG-12.5"] and row[8:] == [
        "SDG-12", "PP-5", "環境政策部", "none", None, "イベントごみ",
    ]
    assert _values(book["Legend"])[1] == ["Score", "English", "Japanese", "Meaning"]
    assert _values(book["Synergy groups"])[2][1:3] == ["Local economy, Urban infrastructure", "yes"]


def test_xlsx_neutralises_formulas(tmp_path):
    book = _workbook(tmp_path, HOSTILE)
    ranking = _values(book["施策の影響"])
    assert {row[0]: row[1:3] for row in ranking[2:4]} == {
        "INJ-01": ['\'=HYPERLINK("http://example.com","x")', "'@SUM(A1:A9)"],
        "INJ-02": ["<b>太字</b> | 表", "'\t=1+1"],
    }
    trade = _values(book["トレードオフ"])[2]
    # INJ-02 (PP-1) helps SDG-12.5, so INJ-01's −2 on it harms PP-1.
    assert trade[3:7] == ["INJ-01", '\'=HYPERLINK("http://example.com","x")', "'@SUM(A1:A9)", "SDG-12.5"]
    assert trade[8:] == [
        "SDG-12", "PP-1", "'\t=1+1", "あり", "<script>alert(1)</script> a|b \\| c", "'-1+1",
    ]
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s" and not cell.value.startswith(FORMULA_STARTS)


def test_xlsx_of_one_measure(tmp_path):
    book = _workbook(tmp_path, IMPACTS, "--measure", "ECON-01")
    # and the matrix narrowed to ECON-01 and the measures that impact it
    assert book.sheetnames == ["直接の影響", "波及する影響", "収支", "トレードオフ", "施策×SDG.goal", "凡例"]
    # ECON-01 through the matrix, route by route, the most harmful first: 12.5 (−2) → 13.2
    # (+2): −4/3; 8.3 (+3) → 12.5 (−1): −1; 8.3 (+3) → 13.2 (−1): −1. All harm: 正の和 0,
    # 負の和 −4/3 − 1 − 1 = −10/3.
    second = _values(book["波及する影響"])
    assert second[1] == ["経由", "影響先", "評価", "相互作用", "波及の大きさ"]
    assert [row[:4] for row in second[2:5]] == [
        ["SDG-12.5", "SDG-13.2", -2, 2], ["SDG-8.3", "SDG-12.5", 3, -1], ["SDG-8.3", "SDG-13.2", 3, -1],
    ]
    assert [row[4] for row in second[2:5]] == [
        pytest.approx(-4 / 3, abs=1e-5), pytest.approx(-1), pytest.approx(-1),
    ]
    assert [(row[0], row[4]) for row in second[5:7]] == [
        ("正の和", 0), ("負の和", pytest.approx(-10 / 3, abs=1e-5)),
    ]
    assert [row[:1] + row[2:4] for row in _values(book["直接の影響"])[2:]] == [
        ["PP-6.5", 1, "後押し"], ["SDG-8.3", 3, "不可分"], ["SDG-12.5", -2, "対立"],
        ["URBAN-01", 1, "後押し"],
    ]
    assert [[row[3], row[6]] for row in _values(book["トレードオフ"])[2:]] == [["ECON-01", "SDG-12.5"]]


# --- Markdown --------------------------------------------------------------------------------------


def _markdown(*args, lang="ja") -> list[str]:
    return _impacts(*args, "--format", "markdown", lang=lang).stdout.splitlines()


def _table_after(lines: list[str], heading: str) -> list[list[str]]:
    """The cells of the first table after the heading that starts with ``heading``."""
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    table = []
    for line in lines[start + 1 :]:
        if line.startswith("|"):
            table.append(gfm_cells(line))
        elif table:
            break
    return table


def test_markdown_tables_with_signed_numbers():
    lines = _markdown(IMPACTS, lang="en")
    assert lines[0] == "## Impact pre-assessment"
    ranking = _table_after(lines, "### Measures by overall impact")
    assert ranking[1] == ["---", "---", "---", "---", "---:", "---:", "---:", "---:", "---:", "---"]
    # direct +, direct −, knock-on +, knock-on −, overall
    assert [row[:1] + row[4:9] for row in ranking[2:]] == [
        # 1 + 3 + 2 + 1; 1 + 4/3 + 2/3 (all helping); 7 + 3
        ["`ENV-01`", "+7", "0", "+3.00", "0.00", "**+10.00**"],
        # −1 − 1 − 4/3 = −10/3 (all harming); 5 − 2 − 10/3
        ["`ECON-01`", "+5", f"{MINUS}2", "0.00", f"{MINUS}3.33", f"**{MINUS}0.33**"],
        ["`URBAN-01`", "+3", f"{MINUS}3", "0.00", f"{MINUS}3.00", f"**{MINUS}3.00**"],
    ]
    balance = _table_after(lines, "### Balance per SDG goal")
    # goal, title, positive, negative, net (the bar is drawn where it can be)
    assert [row[:1] + row[2:] for row in balance[2:]] == [
        ["`SDG-8`", "+5", "0", "+5"],
        ["`SDG-11`", "+2", f"{MINUS}2", "0"],
        ["`SDG-12`", "+1", f"{MINUS}2", f"{MINUS}1"],
        ["`SDG-13`", "+3", f"{MINUS}1", "+2"],
    ]
    trade = _table_after(lines, "### Trade-offs (negative")
    # score, from and its owner, what it harms (goal's short name and target number) and the
    # policies harmed, mitigation, note
    assert trade[0] == ["Score", "From (owner)", "Harms (priority policies)", "Mitigation", "Note"]
    assert trade[3][:4] == [
        f"{MINUS}2 counteracting", "URBAN-01 駅前再開発<br>都市整備政策部",
        "SDG 11.7 Sustainable Cities and Communities<br>PP-5", "✓ 屋上緑化と公開空地を義務づける",
    ]
    assert trade[2][3] == "✗ none"  # ECON-01's −2, not mitigated, comes first
    assert trade[5][1] == "SDG 8.3 Decent Work and Economic Growth (interaction)<br>経済産業部, 都市整備政策部"
    clusters = _table_after(lines, "### Synergy groups")
    assert [row[1:3] + row[4:6] for row in clusters[2:]] == [
        ["Local economy, Urban infrastructure", "PP-6", "2", "3"],
        ["Natural environment", "PP-5", "1", "4"],
    ]


def test_markdown_signed_matrices():
    lines = _markdown(IMPACTS)
    matrix = _table_after(lines, "### 影響の対応表: 施策 × SDG 目標")
    assert matrix[0] == ["ID", "施策名", *GOALS, *["SDG 目標への正の和", "SDG 目標への負の和", "SDG 目標への正味"]]
    rows = {row[0].strip("`"): row for row in matrix[2:]}
    assert _by_goal(rows["URBAN-01"]) == {"SDG-8": "+2", "SDG-11": f"{MINUS}2", "SDG-13": f"{MINUS}1"}
    assert rows["URBAN-01"][-3:] == ["**+2**", f"**{MINUS}3**", f"**{MINUS}1**"]
    assert _by_goal(rows["ENV-01"]) == {"SDG-11": "+2", "SDG-12": "+1", "SDG-13": "+3"}
    assert _by_goal(rows["**正の和**"]) == {  # the sums in bold
        "SDG-8": "**+5**", "SDG-11": "**+2**", "SDG-12": "**+1**", "SDG-13": "**+3**",
    }
    assert _by_goal(rows["**負の和**"]) == {
        "SDG-8": "**0**", "SDG-11": f"**{MINUS}2**", "SDG-12": f"**{MINUS}2**", "SDG-13": f"**{MINUS}1**",
    }
    assert _by_goal(rows["**正味**"]) == {
        "SDG-8": "**+5**", "SDG-11": "**0**", "SDG-12": f"**{MINUS}1**", "SDG-13": "**+2**",
    }
    assert [rows[name][i] for name, i in (("**正の和**", -3), ("**負の和**", -2), ("**正味**", -1))] == [
        "**+11**", f"**{MINUS}5**", "**+6**",
    ]
    titles = _table_after(lines, "### 列の名称")
    assert ["`SDG-8`", "働きがいも経済成長も — 包摂的かつ持続可能な経済成長及びすべての人々の完全かつ"
            "生産的な雇用と働きがいのある人間らしい雇用(ディーセント・ワーク)を促進する"] in titles

    interactions = _table_after(lines, "### 相互作用の行列")
    # a target's row and column are the influence table's figures, under its names
    assert interactions[0] == [
        "ID", "SDG-8.3", "SDG-11.7", "SDG-12.5", "SDG-13.2",
        "与える影響（正の和）", "与える影響（負の和）", "与える影響（正味）",
    ]
    assert interactions[2:] == [
        ["`SDG-8.3`", "", "", f"{MINUS}1", f"{MINUS}1", "**0**", f"**{MINUS}2**", f"**{MINUS}2**"],
        ["`SDG-11.7`", "", "", "", "+2", "**+2**", "**0**", "**+2**"],
        ["`SDG-12.5`", "", "", "", "+2", "**+2**", "**0**", "**+2**"],
        ["`SDG-13.2`", "", "+1", "", "", "**+1**", "**0**", "**+1**"],
        ["**受ける影響（正の和）**", "", "**+1**", "**0**", "**+4**", "**+5**", "", ""],
        ["**受ける影響（負の和）**", "", "**0**", f"**{MINUS}1**", f"**{MINUS}1**", "", f"**{MINUS}2**", ""],
        ["**受ける影響（正味）**", "", "**+1**", f"**{MINUS}1**", "**+3**", "", "", "**+3**"],
    ]
    assert "- 空欄は評価されていないこと（0 ではありません）を示します。" in lines

    legend = _table_after(lines, "### 凡例")
    assert [row[:3] for row in legend[2:]] == [
        ["+3", "indivisible", "不可分"], ["+2", "reinforcing", "強化"], ["+1", "enabling", "後押し"],
        ["0", "consistent", "中立"], [f"{MINUS}1", "constraining", "制約"],
        [f"{MINUS}2", "counteracting", "対立"], [f"{MINUS}3", "cancelling", "両立不可"],
    ]


def test_markdown_of_one_node():
    lines = _markdown(IMPACTS, "--node", "SDG-13.2", lang="en")
    assert lines[0].startswith("## Impact pre-assessment: SDG-13.2 Integrate climate change")
    # Every route into 13.2, the most harmful first: ECON-01 12.5 (−2)·(+2)/3 = −4/3, URBAN-01
    # 11.7 (−2)·(+2)/3 = −4/3, ECON-01 8.3 (+3)·(−1)/3 = −1, URBAN-01 8.3 (+2)·(−1)/3 = −2/3,
    # ENV-01 12.5 (+1)·(+2)/3 = +2/3, ENV-01 11.7 (+2)·(+2)/3 = +4/3. Apart: +2 and −13/3.
    second = _table_after(lines, "### Knock-on impacts on SDG-13.2")
    assert [[row[0].split()[0], row[1], row[-1]] for row in second[2:8]] == [
        ["ECON-01", "via SDG 12.5", f"{MINUS}1.33"],
        ["URBAN-01", "via SDG 11.7", f"{MINUS}1.33"],
        ["ECON-01", "via SDG 8.3", f"{MINUS}1.00"],
        ["URBAN-01", "via SDG 8.3", f"{MINUS}0.67"],
        ["ENV-01", "via SDG 12.5", "+0.67"],
        ["ENV-01", "via SDG 11.7", "+1.33"],
    ]
    assert [[row[0], row[-1]] for row in second[8:]] == [
        ["**Positive sum**", "**+2.00**"], ["**Negative sum**", f"**{MINUS}4.33**"],
    ]
    direct = _table_after(lines, "### Direct impacts on SDG-13.2")
    # measure, owner, score, note, mitigation: the harm first
    assert [[row[0], row[2]] for row in direct[2:]] == [
        ["URBAN-01 駅前再開発", f"{MINUS}1 constraining"], ["ENV-01 みどりの保全と創出", "+3 indivisible"],
    ]
    influence = _table_after(lines, "### Influence of SDG-13.2")
    assert influence[2][2:] == ["+1", "+3", "+1", "0", "+4", f"{MINUS}1", "+2", "0"]
    assert "### Measures by overall impact" not in lines  # the focus only


def test_markdown_escapes_user_text():
    result = _impacts(HOSTILE, "--format", "markdown")
    assert "<script>" not in result.stdout and "<b>" not in result.stdout
    lines = result.stdout.splitlines()
    ranking = _table_after(lines, "### 施策の影響")
    width = len(ranking[0])
    assert all(len(row) == width for row in ranking)  # a pipe in a title breaks no table
    titles = {row[0]: row[1] for row in ranking[2:]}
    assert titles["`INJ-02`"] == "&lt;b&gt;太字&lt;/b&gt; \\| 表"
    trade = _table_after(lines, "### トレードオフ（")
    assert trade[2][3] == "✓ &lt;script&gt;alert(1)&lt;/script&gt; a\\|b \\\\\\| c"


# --- without an interactions file, output files ----------------------------------------------


def test_without_an_interactions_file(tmp_path):
    shutil.copy(IMPACTS / "measures.yaml", tmp_path / "measures.yaml")
    (tmp_path / "seta-align.yaml").write_text("measures: [measures.yaml]\n", encoding="utf-8")
    lines = _markdown(tmp_path / "measures.yaml", "-c", tmp_path / "seta-align.yaml")
    start = lines.index("### 相互作用の行列: ターゲット × ターゲット（相互作用ファイル）")
    assert lines[start + 2] == "（該当なし）"
    assert "- 相互作用ファイルがありません（設定ファイルの impacts: interactions で指定します）。" in lines
    # no matrix, no knock-on: the overall figures are the direct sums (ENV-01 7, ECON-01 3,
    # URBAN-01 0)
    ranking = _table_after(lines, "### 施策の影響")
    assert [[row[0], row[8]] for row in ranking[2:]] == [
        ["`ENV-01`", "**+7.00**"], ["`ECON-01`", "**+3.00**"], ["`URBAN-01`", "**0.00**"],
    ]
    book = _workbook(tmp_path, tmp_path / "measures.yaml", "-c", tmp_path / "seta-align.yaml")
    sheet = book["相互作用"]
    assert _colour_scales(sheet) == {}  # nothing to colour
    # the id, the title and the three figures of a row: no matrix, only the reason
    assert _values(sheet)[-1] == [
        "相互作用ファイルがありません（設定ファイルの impacts: interactions で指定します）。",
        None, None, None, None,
    ]


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("i.csv", b"\xef\xbb\xbfID,"),
        ("i.md", b"## "),
        ("i.xlsx", b"PK"),
        ("i.txt", "影響の予測評価\n".encode()),  # the terminal's view, without colour codes
    ],
)
def test_format_from_the_suffix_and_no_overwrite(tmp_path, name, start):
    target = tmp_path / name
    target.write_bytes(b"old")
    refused = run_cli("impacts", IMPACTS, "-o", target)
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert target.read_bytes() == b"old"
    _impacts(IMPACTS, "-o", target, "--force")
    assert target.read_bytes().startswith(start)


def test_markdown_keeps_links_and_code_from_the_files_as_text(tmp_path):
    """A title with an image link would be fetched where the comment is shown; an id with &
    or a backtick in a code span would show its escapes or end the span early."""
    (tmp_path / "seta-align.yaml").write_text("measures: [m]\n", encoding="utf-8")
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "a.yaml").write_text(
        "- id: AMP-01\n"
        '  title: "R&D 支援 ![x](https://evil.example/t.png)"\n'
        "  owner: 経済産業部\n"
        '  field: "R&D`x"\n'
        "  supports: [SDG-8.3]\n"
        "  kpis: [{name: n, unit: 件, target: {year: 2031, value: 1}}]\n",
        encoding="utf-8",
    )
    result = run_cli("impacts", tmp_path / "m", "-c", tmp_path / "seta-align.yaml", "--format", "markdown")
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if line.startswith("| `AMP-01` |"))
    cells = gfm_cells(row)
    assert cells[1] == "R&amp;D 支援 !\\[x\\](https://evil.example/t.png)"  # no image, no link
    assert cells[3] == "R&amp;D`x"  # an id that a code span would garble: escaped text
