"""`seta-align impacts --format csv | xlsx | markdown`, against figures worked out by hand.

The fixture (tests/fixtures/impacts, worked through in tests/test_impacts.py):

    URBAN-01: PP-6 +1 (supports), SDG-11.7 −2 (mitigated), SDG-13.2 −1, SDG-8.3 +2
    ECON-01:  PP-6.5 +1 (supports), SDG-8.3 +3, SDG-12.5 −2, URBAN-01 +1
    ENV-01:   PP-5 +1 (supports), SDG-13.2 +3, SDG-11.7 +2, SDG-12.5 +1
    matrix:   8.3→12.5 −1, 8.3→13.2 −1, 11.7→13.2 +2, 12.5→13.2 +2, 13.2→11.7 +1

The signed matrix measures × SDG goals (each target falls in its goal; PP-* and URBAN-01 are no
SDG node, so they are in no column):

                SDG-8   SDG-11  SDG-12  SDG-13 | row sum
    URBAN-01     +2      −2        .      −1   | 2 − 2 − 1 = −1
    ECON-01      +3       .       −2       .   | 3 − 2     = +1
    ENV-01        .      +2       +1      +3   | 2 + 1 + 3 = +6
    column sum  2+3=5  −2+2=0  −2+1=−1  −1+3=2 | total −1 + 1 + 6 = 6 = 5 + 0 − 1 + 2

The other 13 goals have no cell: their column sums are empty, not 0.

The interactions as a matrix (framework order 8.3, 11.7, 12.5, 13.2; "." not assessed):

                8.3   11.7  12.5  13.2 | row sum
    SDG-8.3      .     .     −1    −1  | −2
    SDG-11.7     .     .      .    +2  | +2
    SDG-12.5     .     .      .    +2  | +2
    SDG-13.2     .    +1      .     .  | +1
    column sum   .    +1     −1    +3  | total −2 + 2 + 2 + 1 = 3 = 1 − 1 + 3

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
    assert header[:2] == ["ID", "施策名"] and header[-1] == "行和"
    assert [cell.split(" ")[0] for cell in header[2:-1]] == GOALS  # every goal, in order
    assert header[9] == "SDG-8 働きがいも経済成長も"  # id and short title from policies.yaml
    assert [row[:2] for row in rows[1:-1]] == [
        ["URBAN-01", "駅前再開発"], ["ECON-01", "商店街イベント支援"], ["ENV-01", "みどりの保全と創出"],
    ]  # the draft's order
    urban, econ, env, sums = rows[1:]
    assert _by_goal(urban) == {"SDG-8": "2", "SDG-11": "-2", "SDG-13": "-1"}
    assert urban[-1] == "-1"  # 2 − 2 − 1
    assert _by_goal(econ) == {"SDG-8": "3", "SDG-12": "-2"}
    assert econ[-1] == "1"  # 3 − 2
    assert _by_goal(env) == {"SDG-11": "2", "SDG-12": "1", "SDG-13": "3"}
    assert env[-1] == "6"  # 2 + 1 + 3
    assert sums[:2] == ["列和", ""]
    # 2 + 3; −2 + 2 (a sum of 0 is written); −2 + 1; −1 + 3; nothing scored elsewhere: empty
    assert _by_goal(sums) == {"SDG-8": "5", "SDG-11": "0", "SDG-12": "-1", "SDG-13": "2"}
    assert sums[-1] == "6"  # −1 + 1 + 6


def test_csv_in_english_and_on_another_level():
    rows = _csv(IMPACTS, lang="en")
    assert rows[0][:2] == ["ID", "Title"] and rows[0][-1] == "Row sum"
    assert rows[0][9] == "SDG-8 Decent Work and Economic Growth"
    assert rows[-1][0] == "Column sum"
    # Priority policies: URBAN-01 supports PP-6 (+1), ECON-01 PP-6.5 (+1, under PP-6), ENV-01
    # PP-5 (+1). PP-6 sums 1 + 1 = 2, PP-5 1; every row sums 1; total 3.
    rows = _csv(IMPACTS, "--columns", "PLAN.priority_policy")
    assert [cell.split(" ")[0] for cell in rows[0][2:-1]] == [f"PP-{n}" for n in range(1, 7)]
    assert [row[2:] for row in rows[1:]] == [
        ["", "", "", "", "", "1", "1"],
        ["", "", "", "", "", "1", "1"],
        ["", "", "", "", "1", "", "1"],
        ["", "", "", "", "1", "2", "3"],
    ]


def test_csv_of_one_measure_and_of_one_node():
    rows = _csv(IMPACTS, "--measure", "econ-01", lang="en")
    assert rows[0] == [
        "On", "Title", "Score", "Scale", "Scored by", "Note", "Mitigation", "Evidence",
    ]
    assert [row[0:1] + row[2:] for row in rows[1:]] == [
        ["PP-6.5", "1", "enabling", "supports (+1)", "", "", ""],
        ["SDG-8.3", "3", "indivisible", "impacts", "", "", ""],
        ["SDG-12.5", "-2", "counteracting", "impacts", "イベントごみ", "", ""],
        ["URBAN-01", "1", "enabling", "impacts", "", "", ""],
    ]
    assert rows[4][1] == "駅前再開発"  # a measure impacted: its title (no English one)
    rows = _csv(IMPACTS, "--node", "SDG-13.2")
    assert rows[0][:5] == ["施策", "施策名", "所管", "分野", "評価"]
    assert [row[:6] for row in rows[1:]] == [
        ["ENV-01", "みどりの保全と創出", "環境政策部", "ENV", "3", "不可分"],
        ["URBAN-01", "駅前再開発", "都市整備政策部", "URBAN", "-1", "制約"],
    ]


def test_csv_neutralises_formulas_but_keeps_numbers():
    rows = _csv(HOSTILE)
    titles = {row[0]: row[1] for row in rows[1:-1]}
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
    assert row[5:] == ["'-1+1", "<script>alert(1)</script> a|b \\| c", '\'=cmd|"/c calc"!A1']


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
        "施策の影響", "トレードオフ", "正負の影響を受けるノード", "シナジー", "SDGゴールの収支",
        "影響力（ターゲット）", "影響力（施策）", "施策×SDG.goal", "相互作用", "凡例", "列の名称",
    ]
    ranking = book["施策の影響"]
    assert ranking.freeze_panes == "B3"  # the title row, the headings and the id column
    rows = _values(ranking)
    assert rows[0][0] == "施策の影響（正味の大きい順）"
    assert rows[1] == [
        "ID", "施策名", "所管", "分野", "正の影響", "負の影響", "二次の影響", "正味", "SDG ゴール",
    ]
    # by net: ENV-01 7 + 3 = 10; ECON-01 5 − 2 − 10/3 = −1/3; URBAN-01 3 − 3 − 3 = −3
    assert [row[0] for row in rows[2:]] == ["ENV-01", "ECON-01", "URBAN-01"]
    env, econ, urban = rows[2:]
    assert env[2:6] == ["環境政策部", "ENV", 7, 0]
    assert env[6:] == [pytest.approx(3), pytest.approx(10), "SDG-11, SDG-12, SDG-13"]
    # ECON-01's second order: 12.5 −1 and 13.2 −7/3, together −10/3
    assert econ[4:8] == [5, -2, pytest.approx(-10 / 3, abs=1e-5), pytest.approx(-1 / 3, abs=1e-5)]
    assert urban[4:8] == [3, -3, pytest.approx(-3), pytest.approx(-3)]
    assert isinstance(env[4], int) and ranking["E3"].number_format == "+0;-0;0"
    assert ranking["G4"].number_format == "+0.00;-0.00;0.00"

    assert _values(book["トレードオフ"])[2:] == [
        [-2, "相反", "影響", "ECON-01", "SDG-12.5", "経済産業部", "環境政策部", "なし", None,
         "イベントごみ"],
        [-2, "相反", "影響", "URBAN-01", "SDG-11.7", "都市整備政策部", "環境政策部", "あり",
         "屋上緑化と公開空地を義務づける", "緑地が減る"],
        [-1, "制約", "影響", "URBAN-01", "SDG-13.2", "都市整備政策部", "環境政策部", "なし", None,
         "建設時の排出"],
        # an interaction's source side: the owners of the measures helping SDG-8.3
        [-1, "制約", "相互作用", "SDG-8.3", "SDG-12.5", "経済産業部、都市整備政策部", "環境政策部",
         "対象外（相互作用）", None, None],
        [-1, "制約", "相互作用", "SDG-8.3", "SDG-13.2", "経済産業部、都市整備政策部", "環境政策部",
         "対象外（相互作用）", None, None],
    ]
    contested = _values(book["正負の影響を受けるノード"])[2:]
    assert [[row[0], row[2], row[3]] for row in contested] == [
        ["SDG-11.7", "ENV-01 +2", f"URBAN-01 {MINUS}2"],
        ["SDG-13.2", "ENV-01 +3", f"URBAN-01 {MINUS}1"],
        ["SDG-12.5", "ENV-01 +1", f"ECON-01 {MINUS}2"],
    ]
    assert _values(book["シナジー"])[2:] == [
        [1, "地域経済・都市基盤", "はい", "PP-6", "経済産業部、都市整備政策部",
         "ECON-01, PP-6, PP-6.5, SDG-8.3, URBAN-01"],
        [2, "自然環境", "いいえ", "PP-5", "環境政策部", "ENV-01, PP-5, SDG-11.7, SDG-12.5, SDG-13.2"],
    ]
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
        "行和（与える影響）", "列和（受ける影響）", "行和（正のみ）", "行和（負のみ）",
        "列和（正のみ）", "列和（負のみ）", "二次の影響力（行列の2乗の行和）",
    ]
    # out, in, out+, out−, in+, in−, second order (row sum of the matrix squared):
    # 8.3: out −1 − 1; second −1·(12.5→13.2 +2) + −1·(13.2→11.7 +1) = −3
    # 11.7: out +2, in +1 (from 13.2); second 2·(13.2→11.7 +1) = 2
    # 12.5: out +2, in −1 (from 8.3); second 2·1 = 2
    # 13.2: out +1, in −1 + 2 + 2 = 3 (+4, −1); second 1·(11.7→13.2 +2) = 2
    assert [row[:1] + row[2:] for row in targets[2:]] == [
        ["SDG-8.3", -2, 0, 0, -2, 0, 0, -3],
        ["SDG-11.7", 2, 1, 2, 0, 1, 0, 2],
        ["SDG-12.5", 2, -1, 2, 0, 0, -1, 2],
        ["SDG-13.2", 1, 3, 1, 0, 4, -1, 2],
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
    assert rows[1][:2] == ["ID", "施策名"] and rows[1][-1] == "行和"
    assert rows[1][9].startswith("SDG-8\n働きがいも経済成長も")
    assert sheet.freeze_panes == "C3"
    assert sheet["J2"].fill.fgColor.rgb.endswith("A21942")  # SDG-8's colour on its heading
    by_goal = {row[0]: dict(zip(GOALS, row[2:19], strict=True)) | {"sum": row[19]} for row in rows[2:6]}
    # the hand-computed matrix of the module's docstring; None: no impact, never 0
    assert {k: v for k, v in by_goal["URBAN-01"].items() if v is not None} == {
        "SDG-8": 2, "SDG-11": -2, "SDG-13": -1, "sum": -1,
    }
    assert {k: v for k, v in by_goal["ECON-01"].items() if v is not None} == {
        "SDG-8": 3, "SDG-12": -2, "sum": 1,
    }
    assert {k: v for k, v in by_goal["ENV-01"].items() if v is not None} == {
        "SDG-11": 2, "SDG-12": 1, "SDG-13": 3, "sum": 6,
    }
    assert {k: v for k, v in by_goal["列和"].items() if v is not None} == {
        "SDG-8": 5, "SDG-11": 0, "SDG-12": -1, "SDG-13": 2, "sum": 6,
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
    assert [row[:1] + row[2:] for row in rows[2:7]] == [
        ["SDG-8.3", None, None, -1, -1, -2],
        ["SDG-11.7", None, None, None, 2, 2],
        ["SDG-12.5", None, None, None, 2, 2],
        ["SDG-13.2", None, 1, None, None, 1],
        ["列和", None, 1, -1, 3, 3],
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
    assert rows[1] == ["評価", "英語名", "日本語"]
    assert rows[2:9] == [
        [3, "indivisible", "不可分"],
        [2, "reinforcing", "強化"],
        [1, "enabling", "促進"],
        [0, "consistent", "中立"],
        [-1, "constraining", "制約"],
        [-2, "counteracting", "相反"],
        [-3, "cancelling", "相殺"],
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
        "Measures", "Trade-offs", "Contested nodes", "Synergy clusters", "Balance per SDG goal",
        "Influence (targets)", "Influence (measures)", "Measures×SDG.goal", "Interactions",
        "Legend", "Column titles",
    ]
    assert _values(book["Trade-offs"])[2][:8] == [
        -2, "counteracting", "impact", "ECON-01", "SDG-12.5", "経済産業部", "環境政策部", "none",
    ]
    assert _values(book["Legend"])[1] == ["Score", "English", "Japanese"]
    assert _values(book["Synergy clusters"])[2][1:3] == ["Local economy・Urban infrastructure", "yes"]


def test_xlsx_neutralises_formulas(tmp_path):
    book = _workbook(tmp_path, HOSTILE)
    ranking = _values(book["施策の影響"])
    assert {row[0]: row[1:3] for row in ranking[2:]} == {
        "INJ-01": ['\'=HYPERLINK("http://example.com","x")', "'@SUM(A1:A9)"],
        "INJ-02": ["<b>太字</b> | 表", "'\t=1+1"],
    }
    trade = _values(book["トレードオフ"])[2]
    assert trade[3:] == [
        "INJ-01", "SDG-12.5", "'@SUM(A1:A9)", "'\t=1+1", "あり",
        "<script>alert(1)</script> a|b \\| c", "'-1+1",
    ]
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s" and not cell.value.startswith(FORMULA_STARTS)


def test_xlsx_of_one_measure(tmp_path):
    book = _workbook(tmp_path, IMPACTS, "--measure", "ECON-01")
    # and the matrix narrowed to ECON-01 and the measures that impact it
    assert book.sheetnames == ["直接の影響", "二次の影響", "収支", "トレードオフ", "施策×SDG.goal", "凡例"]
    # ECON-01 through the matrix: 8.3 (+3) → 12.5 (−1): 3·−1/3 = −1; → 13.2 (−1): −1;
    # 12.5 (−2) → 13.2 (+2): −4/3; so 12.5 −1 and 13.2 −1 − 4/3 = −7/3
    second = _values(book["二次の影響"])[2:]
    assert [row[0] for row in second] == ["SDG-12.5", "SDG-13.2"]
    assert [row[2] for row in second] == [pytest.approx(-1), pytest.approx(-7 / 3, abs=1e-5)]
    assert [row[:1] + row[2:4] for row in _values(book["直接の影響"])[2:]] == [
        ["PP-6.5", 1, "促進"], ["SDG-8.3", 3, "不可分"], ["SDG-12.5", -2, "相反"],
        ["URBAN-01", 1, "促進"],
    ]
    assert [row[3:5] for row in _values(book["トレードオフ"])[2:]] == [["ECON-01", "SDG-12.5"]]


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
    ranking = _table_after(lines, "### Measures by net impact")
    assert ranking[1] == ["---", "---", "---", "---", "---:", "---:", "---:", "---:", "---"]
    assert [row[:1] + row[4:8] for row in ranking[2:]] == [
        ["`ENV-01`", "+7", "0", "+3.00", "**+10.00**"],  # 1 + 3 + 2 + 1; 1 + 4/3 + 2/3; 7 + 3
        ["`ECON-01`", "+5", f"{MINUS}2", f"{MINUS}3.33", f"**{MINUS}0.33**"],  # −10/3; 5 − 2 − 10/3
        ["`URBAN-01`", "+3", f"{MINUS}3", f"{MINUS}3.00", f"**{MINUS}3.00**"],
    ]
    balance = _table_after(lines, "### Balance per SDG goal")
    # goal, title, positive, negative, net (the bar is drawn where it can be)
    assert [row[:1] + row[2:] for row in balance[2:]] == [
        ["`SDG-8`", "+5", "0", "+5"],
        ["`SDG-11`", "+2", f"{MINUS}2", "0"],
        ["`SDG-12`", "+1", f"{MINUS}2", f"{MINUS}1"],
        ["`SDG-13`", "+3", f"{MINUS}1", "+2"],
    ]
    trade = _table_after(lines, "### Trade-offs")
    # score, from, to, owners (source / serving the target), mitigation
    assert trade[3][:4] == [
        f"{MINUS}2 counteracting", "URBAN-01 駅前再開発 〔PP-6〕", "SDG-11.7 " + trade[3][2][9:],
        "都市整備政策部 / 環境政策部",
    ]
    assert trade[3][4] == "✓ 屋上緑化と公開空地を義務づける"
    assert trade[2][4] == "✗ none"  # ECON-01's −2, not mitigated, comes first
    clusters = _table_after(lines, "### Synergy clusters")
    assert [row[1:3] for row in clusters[2:]] == [
        ["Local economy・Urban infrastructure", "yes"], ["Natural environment", "no"],
    ]


def test_markdown_signed_matrices():
    lines = _markdown(IMPACTS)
    matrix = _table_after(lines, "### 影響の対応表: 施策 × SDG.goal")
    assert matrix[0] == ["ID", "施策名", *GOALS, "行和"]
    rows = {row[0].strip("`"): row for row in matrix[2:]}
    assert _by_goal(rows["URBAN-01"]) == {"SDG-8": "+2", "SDG-11": f"{MINUS}2", "SDG-13": f"{MINUS}1"}
    assert rows["URBAN-01"][-1] == f"**{MINUS}1**"
    assert _by_goal(rows["ENV-01"]) == {"SDG-11": "+2", "SDG-12": "+1", "SDG-13": "+3"}
    assert _by_goal(rows["**列和**"]) == {  # the sums in bold
        "SDG-8": "**+5**", "SDG-11": "**0**", "SDG-12": f"**{MINUS}1**", "SDG-13": "**+2**",
    }
    assert rows["**列和**"][-1] == "**+6**"
    titles = _table_after(lines, "### 列の名称")
    assert ["`SDG-8`", "働きがいも経済成長も — 包摂的かつ持続可能な経済成長及びすべての人々の完全かつ"
            "生産的な雇用と働きがいのある人間らしい雇用(ディーセント・ワーク)を促進する"] in titles

    interactions = _table_after(lines, "### 相互作用の行列")
    assert interactions[0] == ["ID", "SDG-8.3", "SDG-11.7", "SDG-12.5", "SDG-13.2", "行和"]
    assert interactions[2:] == [
        ["`SDG-8.3`", "", "", f"{MINUS}1", f"{MINUS}1", f"**{MINUS}2**"],
        ["`SDG-11.7`", "", "", "", "+2", "**+2**"],
        ["`SDG-12.5`", "", "", "", "+2", "**+2**"],
        ["`SDG-13.2`", "", "+1", "", "", "**+1**"],
        ["**列和**", "", "**+1**", f"**{MINUS}1**", "**+3**", "**+3**"],
    ]
    assert "- 空欄は評価されていないこと（0 ではありません）を示します。" in lines

    legend = _table_after(lines, "### 凡例")
    assert legend[2:] == [
        ["+3", "indivisible", "不可分"], ["+2", "reinforcing", "強化"], ["+1", "enabling", "促進"],
        ["0", "consistent", "中立"], [f"{MINUS}1", "constraining", "制約"],
        [f"{MINUS}2", "counteracting", "相反"], [f"{MINUS}3", "cancelling", "相殺"],
    ]


def test_markdown_of_one_node():
    lines = _markdown(IMPACTS, "--node", "SDG-13.2", lang="en")
    assert lines[0].startswith("## Impact pre-assessment: SDG-13.2 Integrate climate change")
    # URBAN-01: 11.7 (−2)·(+2)/3 + 8.3 (+2)·(−1)/3 = −4/3 − 2/3 = −2; ECON-01: 8.3 (+3)·(−1)/3
    # + 12.5 (−2)·(+2)/3 = −1 − 4/3 = −7/3; ENV-01: 11.7 (+2)·(+2)/3 + 12.5 (+1)·(+2)/3 = +2
    second = _table_after(lines, "### Second-order impacts on SDG-13.2")
    assert [[row[0], row[-1]] for row in second[2:]] == [
        ["`URBAN-01`", f"{MINUS}2.00"], ["`ECON-01`", f"{MINUS}2.33"], ["`ENV-01`", "+2.00"],
    ]
    direct = _table_after(lines, "### Direct impacts on SDG-13.2")
    # measure, owner, score, note, mitigation
    assert [[row[0], row[2]] for row in direct[2:]] == [
        ["ENV-01 みどりの保全と創出", "+3 indivisible"], ["URBAN-01 駅前再開発", f"{MINUS}1 constraining"],
    ]
    influence = _table_after(lines, "### Influence of SDG-13.2")
    assert influence[2][2:] == ["+1", "+3", "+1", "0", "+4", f"{MINUS}1", "+2"]
    assert "### Measures by net impact" not in lines  # the focus only


def test_markdown_escapes_user_text():
    result = _impacts(HOSTILE, "--format", "markdown")
    assert "<script>" not in result.stdout and "<b>" not in result.stdout
    lines = result.stdout.splitlines()
    ranking = _table_after(lines, "### 施策の影響")
    width = len(ranking[0])
    assert all(len(row) == width for row in ranking)  # a pipe in a title breaks no table
    titles = {row[0]: row[1] for row in ranking[2:]}
    assert titles["`INJ-02`"] == "&lt;b&gt;太字&lt;/b&gt; \\| 表"
    trade = _table_after(lines, "### トレードオフ")
    assert trade[2][4] == "✓ &lt;script&gt;alert(1)&lt;/script&gt; a\\|b \\\\\\| c"


# --- without an interactions file, output files ----------------------------------------------


def test_without_an_interactions_file(tmp_path):
    shutil.copy(IMPACTS / "measures.yaml", tmp_path / "measures.yaml")
    (tmp_path / "seta-align.yaml").write_text("measures: [measures.yaml]\n", encoding="utf-8")
    lines = _markdown(tmp_path / "measures.yaml", "-c", tmp_path / "seta-align.yaml")
    start = lines.index("### 相互作用の行列: ターゲット × ターゲット（相互作用ファイル）")
    assert lines[start + 2] == "（該当なし）"
    assert "- 相互作用ファイルがありません（設定ファイルの impacts: interactions で指定します）。" in lines
    # no matrix, no second order: the nets are the direct sums (ENV-01 7, ECON-01 3, URBAN-01 0)
    ranking = _table_after(lines, "### 施策の影響")
    assert [[row[0], row[7]] for row in ranking[2:]] == [
        ["`ENV-01`", "**+7.00**"], ["`ECON-01`", "**+3.00**"], ["`URBAN-01`", "**0.00**"],
    ]
    book = _workbook(tmp_path, tmp_path / "measures.yaml", "-c", tmp_path / "seta-align.yaml")
    sheet = book["相互作用"]
    assert _colour_scales(sheet) == {}  # nothing to colour
    assert _values(sheet)[-1] == ["相互作用ファイルがありません（設定ファイルの impacts: interactions で指定します）。", None, None]


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
