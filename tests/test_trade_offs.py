"""Trade-offs a planning office can act on: who each one harms (priority policy, SDG goal),
knock-on impacts with their routes, matrices never netted — against figures worked out by hand.

The fixture (tests/fixtures/trade-offs), against the bundled framework:

    SOLAR-01 (環境政策部, serves PP-5 via PP-5.1): PP-5.1 +1 (supports), SDG-13.2 +3, SDG-7.2 +2
    ROAD-01 (道路・交通計画部, PP-6 via PP-6.1):    PP-6.1 +1, SDG-11.2 +2, SDG-13.2 −3 (no
                                                  mitigation), SDG-11.6 −1 (mitigated)
    SHOP-01 (経済産業部, PP-6 via PP-6.5):          PP-6.5 +1, SDG-8.9 +2, PP-5.3 −1 (mitigated)
    CLEAN-01 (清掃・リサイクル部, PP-5 via PP-5.2):  PP-5.2 +1, SDG-11.6 +2, SDG-11.2 −1 (none)
    interactions: 8.9→11.6 −1, 8.9→8.3 +1, 13.2→11.6 +1

Direct sums (positive, negative): SOLAR 6, 0; ROAD 3, −4; SHOP 3, −1; CLEAN 3, −1.

Knock-on, s·t/3 for each route measure → A → B:
    SOLAR: 13.2(+3)→11.6(+1) = +1                         ⇒ +1, 0;       overall 6 + 1 = 7
    ROAD:  13.2(−3)→11.6(+1) = −1 (11.2, 11.6: no row)    ⇒ 0, −1;       overall 3 − 4 − 1 = −2
    SHOP:  8.9(+2)→11.6(−1) = −2/3; 8.9(+2)→8.3(+1) = +2/3 ⇒ +2/3, −2/3 (netted it would be 0)
                                                          overall 3 − 1 + 0 = 2
    CLEAN: 11.6, 11.2 have no row                         ⇒ 0, 0;        overall 3 − 1 = 2

Who each trade-off harms (a policy covers the target, or its own measures help the target):
    ROAD→13.2 −3: SOLAR (PP-5) helps 13.2           ⇒ PP-5; SDG-13
    ROAD→11.6 −1: CLEAN (PP-5) helps 11.6           ⇒ PP-5; SDG-11
    SHOP→PP-5.3 −1: PP-5.3 is under PP-5            ⇒ PP-5; no goal
    CLEAN→11.2 −1: ROAD (PP-6) helps 11.2           ⇒ PP-6; SDG-11
    8.9→11.6 −1 (interaction): CLEAN (PP-5) helps it ⇒ PP-5; SDG-11
    PP-5: 4 (3 impacts, 1 unmitigated, worst −3, by ROAD-01, SHOP-01); PP-6: 1 (1, 1, −1, CLEAN-01)
    SDG-11: 3 (2 impacts, 1 unmitigated, worst −1, CLEAN-01, ROAD-01); SDG-13: 1 (1, 1, −3)

Measures × SDG goals, positive and negative apart:
    SOLAR: 7 +2, 13 +3;  ROAD: 11 +2/−1, 13 −3;  SHOP: 8 +2;  CLEAN: 11 +2/−1
    rows (正の和, 負の和, 正味): SOLAR 5, 0, 5; ROAD 2, −4, −2; SHOP 2, 0, 2; CLEAN 2, −1, 1
    columns: 7: 2, 0, 2; 8: 2, 0, 2; 11: 4, −2, 2; 13: 3, −3, 0 (netted, a white 0); all 11, −5, 6
"""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, gfm_cells, run_cli

HERE = FIXTURES / "trade-offs"
ARGS = (HERE / "measures", "--config", HERE / "seta-align.yaml")


@pytest.fixture(scope="module")
def document():
    result = run_cli("impacts", *ARGS, "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _measure(document, measure_id):
    return next(m for m in document["measures"] if m["id"] == measure_id)


def _tables(markdown: str) -> dict[str, list[list[str]]]:
    tables: dict[str, list[list[str]]] = {}
    title = None
    for line in markdown.splitlines():
        if line.startswith("### "):
            title = line[4:]
            tables[title] = []
        elif title is not None and line.startswith("|"):
            cells = [c.strip() for c in gfm_cells(line)]
            if not all(set(c) <= set("-: ") for c in cells):
                tables[title].append(cells)
    return tables


# --- routes: every knock-on effect with its route, summed apart --------------------------------


def test_routes_and_knock_on_sums_apart(document):
    shop = _measure(document, "SHOP-01")
    assert [(r["via"], r["to"], r["score"], r["interaction"]) for r in shop["routes"]] == [
        ("SDG-8.9", "SDG-11.6", 2, -1),  # the harming one first
        ("SDG-8.9", "SDG-8.3", 2, 1),
    ]
    assert [r["value"] for r in shop["routes"]] == pytest.approx([-2 / 3, 2 / 3], abs=1e-6)
    # Netted, SHOP-01's knock-on is 0; apart, it is +2/3 and −2/3.
    assert shop["second_positive"] == pytest.approx(2 / 3, abs=1e-6)
    assert shop["second_negative"] == pytest.approx(-2 / 3, abs=1e-6)
    expected = {  # (positive, negative, knock-on +, knock-on −, overall)
        "SOLAR-01": (6, 0, 1, 0, 7),
        "ROAD-01": (3, -4, 0, -1, -2),
        "SHOP-01": (3, -1, 2 / 3, -2 / 3, 2),
        "CLEAN-01": (3, -1, 0, 0, 2),
    }
    for measure_id, figures in expected.items():
        m = _measure(document, measure_id)
        found = (m["positive"], m["negative"], m["second_positive"], m["second_negative"], m["net"])
        assert found == pytest.approx(figures, abs=1e-6), measure_id
    assert _measure(document, "CLEAN-01")["routes"] == []


def test_a_measure_shows_its_routes():
    shown = run_cli("impacts", *ARGS, "--measure", "SHOP-01", env={"COLUMNS": "160"}).stdout
    lines = shown.splitlines()
    start = next(n for n, line in enumerate(lines) if "SHOP-01 の波及する影響" in line)
    table = "\n".join(lines[start : start + 12])
    # The route by name: 「SDG 8.9 経由」, to SDG 11.6, 2 × (−1) ÷ 3.
    harming = next(line for line in table.splitlines() if "11.6" in line)
    assert "SDG 8.9 経由" in harming and "SDG 11.6 住み続けられるまちづくりを" in harming
    assert harming.split()[-3:] == ["+2", "\u22121", "\u22120.67"]
    helping = next(line for line in table.splitlines() if "SDG 8.3" in line)
    assert helping.split()[-3:] == ["+2", "+1", "+0.67"]
    # Summed apart under the table, and in the sentence of sums.
    assert "正の和" in table and "+0.67" in table and "負の和" in table and "\u22120.67" in table
    assert "波及: 正の和 +0.67・負の和 \u22120.67／総合 +2.00" in shown
    # A measure the interactions never reach says why its table is empty.
    clean = run_cli("impacts", *ARGS, "--measure", "CLEAN-01").stdout
    assert "波及する影響はありません（この施策の影響先は相互作用ファイルの影響元にありません）" in clean


def test_the_routes_reaching_a_node():
    shown = run_cli("impacts", *ARGS, "--node", "SDG-11", "--format", "markdown").stdout
    routes = _tables(shown)["SDG-11 への波及する影響（相互作用を経由）"]
    # ROAD −3·1, SHOP 2·(−1), SOLAR 3·1, the harming first.
    assert [(r[0].split()[0], r[-3], r[-2], r[-1]) for r in routes[1:4]] == [
        ("ROAD-01", "\u22123", "+1", "\u22121.00"),
        ("SHOP-01", "+2", "\u22121", "\u22120.67"),
        ("SOLAR-01", "+3", "+1", "+1.00"),
    ]
    sums = [r for r in routes if r[0] in ("**正の和**", "**負の和**", "正の和", "負の和")]
    assert [s[-1].strip("*") for s in sums] == ["+1.00", "\u22121.67"]


# --- who is harmed ---------------------------------------------------------------------------


def test_who_each_trade_off_harms(document):
    found = [
        (t["source"], t["target"], t["score"], t["policies_harmed"], t["goal_harmed"])
        for t in document["trade_offs"]
    ]
    assert found == [
        ("ROAD-01", "SDG-13.2", -3, ["PP-5"], "SDG-13"),
        ("CLEAN-01", "SDG-11.2", -1, ["PP-6"], "SDG-11"),
        ("ROAD-01", "SDG-11.6", -1, ["PP-5"], "SDG-11"),
        ("SHOP-01", "PP-5.3", -1, ["PP-5"], None),
        ("SDG-8.9", "SDG-11.6", -1, ["PP-5"], "SDG-11"),
    ]
    policies = {p["id"]: p for p in document["by_priority_policy"]}
    assert list(policies) == ["PP-1", "PP-2", "PP-3", "PP-4", "PP-5", "PP-6"]
    assert {k: policies["PP-5"][k] for k in ("trade_offs", "impacts", "unmitigated", "worst")} == {
        "trade_offs": 4, "impacts": 3, "unmitigated": 1, "worst": -3,
    }
    assert policies["PP-5"]["measures"] == ["ROAD-01", "SHOP-01"]
    assert (policies["PP-6"]["trade_offs"], policies["PP-6"]["worst"]) == (1, -1)
    assert policies["PP-6"]["measures"] == ["CLEAN-01"]
    assert policies["PP-1"]["trade_offs"] == 0 and policies["PP-1"]["worst"] is None
    goals = {g["id"]: g for g in document["by_sdg_goal"]}
    assert list(goals) == ["SDG-11", "SDG-13"]
    assert (goals["SDG-11"]["trade_offs"], goals["SDG-11"]["unmitigated"]) == (3, 1)
    assert goals["SDG-11"]["measures"] == ["CLEAN-01", "ROAD-01"]
    assert (goals["SDG-13"]["trade_offs"], goals["SDG-13"]["worst"]) == (1, -3)


def test_the_view_by_priority_policy_at_a_glance():
    shown = run_cli("impacts", *ARGS, "--format", "markdown").stdout
    tables = _tables(shown)
    summary = {row[0].strip("`"): row for row in tables["重点政策ごとのトレードオフ"][1:]}
    assert summary["PP-5"][1] == "脱炭素社会の構築と自然との共生"
    assert summary["PP-5"][2:6] == ["4", "3", "1", "\u22123 両立不可"]
    assert summary["PP-5"][6] == "ROAD-01、SHOP-01"
    assert summary["PP-6"][2:7] == ["1", "1", "1", "\u22121 制約", "CLEAN-01"]
    assert summary["PP-1"][2:5] == ["0", "0", "0"]  # every policy, also those nothing harms
    rows = tables["重点政策を妨げる施策と相互作用"][1:]
    pp5 = [r for r in rows if r[0].strip("`") == "PP-5"]
    # The worst first; of −1, the measures' before the interaction.
    assert [r[2].split()[0] for r in pp5] == ["ROAD-01", "ROAD-01", "SHOP-01", "SDG"]
    worst = pp5[0]
    assert worst[1] == "\u22123 両立不可" and worst[3] == "道路・交通計画部"
    # An SDG target by its number and its goal's short name, not its cut official text.
    assert worst[4] == "SDG 13.2 気候変動に具体的な対策を"
    assert worst[-1] == "✗ なし"
    assert pp5[2][4].startswith("PP-5.3 ") and pp5[2][-1] == "✓ 会場の緑地を養生する"
    assert pp5[3][2] == "SDG 8.9 働きがいも経済成長も（相互作用）"
    goal_rows = [r for r in tables["SDG ゴールを妨げる施策と相互作用"][1:]]
    assert [(r[0].strip("`"), r[2].split()[0]) for r in goal_rows] == [
        ("SDG-11", "CLEAN-01"), ("SDG-11", "ROAD-01"), ("SDG-11", "SDG"), ("SDG-13", "ROAD-01"),
    ]
    # The policy column of CLEAN-01's harm names the other policy it harms: none.
    assert goal_rows[0][5] == "PP-6"


def test_a_priority_policy_lists_what_harms_it_and_what_serves_it():
    shown = run_cli("impacts", *ARGS, "--node", "PP-5", "--format", "markdown").stdout
    tables = _tables(shown)
    direct = tables["PP-5 への直接の影響"][1:]
    # Rolled up from PP-5.1, PP-5.2, PP-5.3: the harm first, then the measures serving it.
    assert [(r[0].split()[0], r[2].split()[0], r[3]) for r in direct] == [
        ("SHOP-01", "PP-5.3", "\u22121 制約"),
        ("CLEAN-01", "PP-5.2", "+1 後押し"),
        ("SOLAR-01", "PP-5.1", "+1 後押し"),
    ]
    harming = tables[
        "PP-5 を妨げるトレードオフ（下位の項目と、その施策が支える目標への影響を含む）"
    ][1:]
    assert len(harming) == 4 and harming[0][0] == "\u22123 両立不可"
    assert "PP-5 にもその下位の項目にも、相互作用を通じて届く影響はありません。" in shown
    nothing = run_cli("impacts", *ARGS, "--node", "PP-1").stdout
    assert "PP-1 にもその下位の項目にも、影響の評価（impacts）や supports で関わる施策はありません。" in nothing
    assert "PP-1 とその下位の項目を妨げる影響・相互作用はありません。" in nothing


# --- never netted ------------------------------------------------------------------------------


def test_the_matrix_keeps_help_and_harm_apart():
    shown = run_cli("impacts", *ARGS, "--format", "markdown").stdout
    table = next(v for k, v in _tables(shown).items() if k.startswith("影響の対応表"))
    assert table[0][-3:] == ["SDG 目標への正の和", "SDG 目標への負の和", "SDG 目標への正味"]
    head = [c.strip("`*") for c in table[0]]
    at = {goal: head.index(goal) for goal in ("SDG-7", "SDG-8", "SDG-11", "SDG-13")}
    rows = {r[0].strip("`"): r for r in table[1:]}

    def cells(row):
        return {g: rows[row][i].strip("*") for g, i in at.items()}

    assert cells("ROAD-01") == {"SDG-7": "", "SDG-8": "", "SDG-11": "+2 / \u22121", "SDG-13": "\u22123"}
    assert cells("CLEAN-01")["SDG-11"] == "+2 / \u22121"
    assert [c.strip("*") for c in rows["ROAD-01"][-3:]] == ["+2", "\u22124", "\u22122"]
    assert [c.strip("*") for c in rows["SOLAR-01"][-3:]] == ["+5", "0", "+5"]
    sums = {r[0].strip("*"): r for r in table[1:] if r[0].strip("*") in ("正の和", "負の和", "正味")}
    # SDG-13: +3 and −3 — a net 0 that must not read as "nothing here".
    assert [sums[n][at["SDG-13"]].strip("*") for n in ("正の和", "負の和", "正味")] == [
        "+3", "\u22123", "0",
    ]
    assert [sums[n][at["SDG-11"]].strip("*") for n in ("正の和", "負の和", "正味")] == [
        "+4", "\u22122", "+2",
    ]
    assert sums["正の和"][-3].strip("*") == "+11" and sums["負の和"][-2].strip("*") == "\u22125"
    assert sums["正味"][-1].strip("*") == "+6"


def test_the_interaction_sums_agree_with_the_influence_table():
    shown = run_cli("impacts", *ARGS, "--format", "markdown").stdout
    tables = _tables(shown)
    matrix = next(v for k, v in tables.items() if k.startswith("相互作用の行列"))
    influence = next(v for k, v in tables.items() if k.startswith("影響力: 相互作用"))
    head = [c.strip("`*") for c in matrix[0]]
    rows = {r[0].strip("`*"): [c.strip("*") for c in r] for r in matrix[1:]}
    by_id = {r[0].strip("`"): r for r in influence[1:]}
    ihead = influence[0]
    for target in ("SDG-8.9", "SDG-13.2"):
        row = rows[target]
        given = [by_id[target][ihead.index(h)] for h in (
            "与える影響（正の和）", "与える影響（負の和）", "与える影響（正味）")]
        assert row[-3:] == given, target
    # SDG-8.9 gives +1 and −1: netted, 0; apart, both.
    assert rows["SDG-8.9"][-3:] == ["+1", "\u22121", "0"]
    assert head[-3:] == ["与える影響（正の和）", "与える影響（負の和）", "与える影響（正味）"]
    column = head.index("SDG-11.6")
    received = [rows[f"受ける影響（{n}）"][column] for n in ("正の和", "負の和", "正味")]
    assert received == ["+1", "\u22121", "0"]
    assert received == [by_id["SDG-11.6"][ihead.index(h)] for h in (
        "受ける影響（正の和）", "受ける影響（負の和）", "受ける影響（正味）")]


def test_a_mixed_cell_in_the_workbook_and_on_the_page(tmp_path):
    from openpyxl import load_workbook

    book = tmp_path / "impacts.xlsx"
    assert run_cli("impacts", *ARGS, "-o", book).exit_code == 0
    sheet = load_workbook(book)["施策×SDG.goal"]
    heads = [c.value for c in sheet[2]]
    row = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == "ROAD-01")
    cell = row[next(i for i, h in enumerate(heads) if str(h).startswith("SDG-11"))]
    assert cell.value == "+2 / \u22121"
    # Two halves: the green of +2 on the left, the red of −1 on the right, never a white 0.
    stops = [s.color.rgb[-6:] for s in cell.fill.stop]
    assert stops[0] != stops[-1] and cell.fill.fill_type == "linear"
    page = run_cli("impacts", *ARGS, "--format", "html").stdout
    assert 'data-positive="2" data-negative="-1"' in page
    assert '<span class="both">+2 / \u22121</span>' in page


def test_the_picture_draws_a_mixed_cell_in_two_colours(tmp_path):
    """The −1 of ROAD-01 and CLEAN-01 on SDG-11 exists only inside their two mixed cells
    (「+2 / −1」): its colour (#f2bab7 at an extent of 3, worked out in tests/test_impacts_html.py)
    fills two half cells, about 19 × 39 px each at 150 dpi, besides the legend's 15 × 15 px
    swatch. Netted, those cells would be a +1 green and that red would be the swatch's only."""
    pytest.importorskip("matplotlib")
    from matplotlib.image import imread

    picture = tmp_path / "m.png"
    result = run_cli("impacts", *ARGS, "-o", picture)
    assert result.exit_code == 0, result.output
    pixels = (imread(picture)[..., :3] * 255).round().astype("uint8").reshape(-1, 3)

    def area(colour: str) -> int:
        wanted = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
        return int((pixels == wanted).all(axis=1).sum())

    swatch = 15 * 15
    assert area("#f2bab7") > swatch + 2 * 500  # the swatch and two half cells, minus the text
    assert area("#b3ddc5") < swatch + 50  # no +1 cell: a net would have drawn two


# --- the words -------------------------------------------------------------------------------


def test_the_scale_reads_as_it_means():
    shown = run_cli("impacts", *ARGS, "--format", "markdown").stdout
    legend = _tables(shown)["凡例: 評価の尺度（Nilsson et al. 2016 の7段階）"]
    rows = {r[0].strip("*"): r for r in legend[1:]}
    assert rows["\u22123"][2:] == ["両立不可", "他方の目標の達成を不可能にする"]
    assert rows["\u22122"][2] == "対立" and rows["+1"][2] == "後押し"
    for word in ("相殺", "ノード", "行和", "列和", "二次", "シナジーのまとまり", "s·t/3"):
        assert word not in shown, word
    # Files written with the earlier labels are still read: 相殺 is −3, 相反 −2, 促進 +1.
    from seta_align.vocabulary import impact_score

    assert [impact_score(w) for w in ("相殺", "相反", "促進", "両立不可")] == [-3, -2, 1, -3]


# --- who scored it ---------------------------------------------------------------------------


def test_who_scored_it_is_shown_exported_and_kept_through_a_sheet(tmp_path):
    """SOLAR-01's SDG-13.2 carries assessed_by 環境審議会, assessed_on 2026-04-01 and source
    第3回部会資料: shown beside the score, in the JSON, and kept when the draft goes to a
    spreadsheet and back (nothing the user wrote is lost)."""
    shown = run_cli("impacts", *ARGS, "--measure", "SOLAR-01", "--format", "markdown").stdout
    direct = _tables(shown)["SOLAR-01 の直接の影響"]
    assert direct[0][-1] == "評価者"
    def row_of(start: str) -> list[str]:
        return next(row for row in direct[1:] if row[0].startswith(start))

    assert row_of("SDG 13.2")[-1] == "環境審議会・2026-04-01（第3回部会資料）"
    assert row_of("SDG 7.2")[-1] == "" and row_of("PP-5.1")[-1] == ""  # nobody named
    document = json.loads(run_cli("impacts", *ARGS, "--format", "json").stdout)
    solar = _measure(document, "SOLAR-01")["direct"]
    scored = next(i for i in solar if i["on"] == "SDG-13.2")
    assert (scored["assessed_by"], scored["assessed_on"], scored["source"]) == (
        "環境審議会", "2026-04-01", "第3回部会資料",
    )
    sheet, back = tmp_path / "m.xlsx", tmp_path / "back.yaml"
    assert run_cli("export", *ARGS, "-o", sheet).exit_code == 0
    assert run_cli("import", sheet, "-o", back).exit_code == 0
    again = json.loads(
        run_cli("impacts", back, "--config", HERE / "seta-align.yaml", "--format", "json").stdout
    )
    kept = next(i for i in _measure(again, "SOLAR-01")["direct"] if i["on"] == "SDG-13.2")
    assert (kept["assessed_by"], kept["assessed_on"], kept["source"]) == (
        "環境審議会", "2026-04-01", "第3回部会資料",
    )
    # A measure that names none of them has none after the round trip either.
    road = next(i for i in _measure(again, "ROAD-01")["direct"] if i["on"] == "SDG-13.2")
    assert (road["assessed_by"], road["assessed_on"], road["source"]) == (None, None, None)


@pytest.mark.parametrize(
    ("written", "accepted"),
    [("2026-04-01", True), ("2024-02-29", True), ("2025-13-45", False), ("2025-02-29", False),
     ("2026/4/1", False), ("'2026-4-1'", False)],
)
def test_assessed_on_is_a_real_day(tmp_path, written, accepted):
    """A date written YYYY-MM-DD is read (unquoted, as YAML writes one, or quoted); a month 13,
    the 29th of February of a common year, slashes or one-digit parts are located errors."""
    text = (HERE / "measures" / "measures.yaml").read_text(encoding="utf-8")
    (tmp_path / "m.yaml").write_text(
        text.replace("assessed_on: 2026-04-01", f"assessed_on: {written}"), encoding="utf-8"
    )
    result = run_cli("check", tmp_path / "m.yaml", "--config", HERE / "seta-align.yaml",
                     "--format", "json")
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "SA003"]
    if accepted:
        assert found == []
    else:
        assert result.exit_code == 2
        (finding,) = found
        assert finding["line"] == 8 and "YYYY-MM-DD" in finding["hint"]
        assert "は日付として読めません" in finding["messages"]["ja"]


def test_who_scored_it_survives_the_parallel_reader_and_the_cache(tmp_path):
    """Files read in worker processes, and files answered from the parse cache, come back as
    data: an impact's `source:` must be read back by the name it is written with (it once came
    back as `reference` and stopped the run with an internal error)."""
    environment = {
        "SETA_ALIGN_LANG": "en", "COLUMNS": "200", "SETA_ALIGN_JOBS": "2",
        "SETA_ALIGN_CACHE_DIR": str(tmp_path / "cache"),
    }
    # Two files, so that two workers read them.
    measures = (HERE / "measures" / "measures.yaml").read_text(encoding="utf-8")
    first, second = measures.split("- id: SHOP-01")
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "a.yaml").write_text(first, encoding="utf-8")
    (tmp_path / "m" / "b.yaml").write_text("- id: SHOP-01" + second, encoding="utf-8")
    args = (tmp_path / "m", "--config", HERE / "seta-align.yaml")
    runs = [
        run_cli("impacts", *args, "--measure", "SOLAR-01", "--format", "json", env=environment)
        for _ in range(2)  # cold, then from the cache
    ]
    for result in runs:
        assert result.exit_code == 0, result.output
        direct = json.loads(result.stdout)["measures"][0]["direct"]
        scored = next(i for i in direct if i["on"] == "SDG-13.2")
        assert (scored["assessed_by"], scored["source"]) == ("環境審議会", "第3回部会資料")
    assert any((tmp_path / "cache").rglob("*")), "the second run had a cache to read"


def test_a_sheet_of_its_own_source_and_assessor_columns_still_imports(tmp_path):
    """出典 or 評価者 in a ward's sheet is about the measure, not about its impacts: the import
    leaves such a column alone, as it did before impacts had one."""
    sheet = tmp_path / "m.csv"
    sheet.write_text(
        "施策ID,施策名,所管部,分野,重点政策,出典,評価者\n"
        "ECON-01,商店街支援,経済産業部,ECON,PP-6.5,総合計画 p.12,企画課\n",
        encoding="utf-8",
    )
    target = tmp_path / "m.yaml"
    result = run_cli("import", sheet, "-o", target)
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "ECON-01" in text and "総合計画" not in text and "impacts" not in text


def test_one_name_one_figure_across_the_tables():
    """正の和 and 負の和 of a measure in the table of measures are its direct impacts on every
    node — the same figures as the influence table's 与える影響; the matrix's row figures cover
    its columns only and say so (SOLAR-01: +6 in all, +5 on the SDG goals, PP-5.1's +1 not)."""
    tables = _tables(run_cli("impacts", *ARGS, "--format", "markdown").stdout)
    ranking = {r[0].strip("`"): r for r in tables["施策の影響（総合の大きい順）"][1:]}
    head = tables["施策の影響（総合の大きい順）"][0]
    influence = tables["影響力: 施策が与える影響（直接）・他の施策から受ける影響"]
    given = {r[0].strip("`"): r for r in influence[1:]}
    ihead = influence[0]
    for measure in ("SOLAR-01", "ROAD-01", "SHOP-01", "CLEAN-01"):
        assert ranking[measure][head.index("正の和")] == given[measure][ihead.index("与える影響（正の和）")]
        assert ranking[measure][head.index("負の和")] == given[measure][ihead.index("与える影響（負の和）")]
    assert ranking["SOLAR-01"][head.index("正の和")] == "+6"
    matrix = next(v for k, v in tables.items() if k.startswith("影響の対応表"))
    solar = next(r for r in matrix if r[0] == "`SOLAR-01`")
    assert solar[-3].strip("*") == "+5" and matrix[0][-3] == "SDG 目標への正の和"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--measure", "SDG-11"), "'SDG-11' is not a measure. For a goal or policy use --node SDG-11."),
        (("--measure", "ROAD-01", "--node", "PP-6"), "--measure and --node cannot be used together."),
        (("--history", "--node", "PP-6"), "--history and --node cannot be used together."),
        (("--sensitivity", "--measure", "ROAD-01"), "--sensitivity and --measure cannot be used together."),
        (("--sensitivity", "--format", "png"), "--sensitivity and --format png cannot be used together."),
        (("--sensitivity", "--history"), "--sensitivity and --history cannot be used together."),
    ],
)
def test_options_that_answer_another_question_are_refused(args, said):
    """A view that quietly ignored an option would answer another question than the one
    asked: each clash is refused by name, exit 2, before any output."""
    result = run_cli("impacts", *ARGS, *args, "--lang", "en")
    assert result.exit_code == 2 and said in result.stderr and result.stdout == ""
    assert "Traceback" not in result.output


def test_a_node_takes_in_the_measures_that_serve_it():
    """PP-6 is served by ROAD-01 (PP-6.1) and SHOP-01 (PP-6.5): its direct impacts are those on
    PP-6.1 and PP-6.5 — nothing impacts the measures themselves here —, and a --columns the
    framework lacks does not stop --history, which does not use it."""
    shown = run_cli("impacts", *ARGS, "--node", "PP-6", "--format", "markdown").stdout
    direct = _tables(shown)["PP-6 への直接の影響"][1:]
    assert sorted((r[0].split()[0], r[2].split()[0]) for r in direct) == [
        ("ROAD-01", "PP-6.1"), ("SHOP-01", "PP-6.5"),
    ]
    history = run_cli("impacts", *ARGS, "--history", "--columns", "NO.level", "--format", "json")
    assert history.exit_code == 0, history.output
    # In the sample KIDS-06 harms KIDS-02 (−1), which serves PP-1 (through PP-1.x): PP-1 lists
    # it, the harm first, as its view by policy counts it.
    sample = run_cli("impacts", "--sample", "--node", "PP-1", "--format", "markdown").stdout
    first = _tables(sample)["PP-1 への直接の影響"][1]
    assert (first[0].split()[0], first[2].split()[0], first[3]) == ("KIDS-06", "KIDS-02", "\u22121 制約")


def test_only_targets_that_drive_another_are_ranked_for_influence():
    """SDG-8.9 (+1 −1) and SDG-13.2 (+1) drive others; SDG-8.3 and SDG-11.6 drive nothing and
    have no influence to rank (a 0 would tie them with SDG-8.9's +1 −1)."""
    result = run_cli("impacts", *ARGS, "--sensitivity", "--runs", "0", "--format", "json")
    targets = json.loads(result.stdout)["targets"]
    assert [(t["id"], t["rank"]) for t in targets] == [("SDG-13.2", 1), ("SDG-8.9", 2)]


def test_who_scored_an_interaction_goes_through_a_workbook_and_back(tmp_path):
    """The history fixture's SDG-8.3 → SDG-12.5 carries a note, an assessor, a date and a
    source: a workbook keeps them in its 「評価の記録」 sheet and import puts them back on the
    pair; a CSV, one table, cannot, and the export says so."""
    import yaml

    history = FIXTURES / "history"
    args = (history / "measures", "-c", history / "seta-align.yaml", "--interactions")
    original = yaml.safe_load((history / "interactions.yaml").read_text(encoding="utf-8"))
    written = {(p["from"], p["to"]): p for p in original["interactions"]}
    sheet, back = tmp_path / "i.xlsx", tmp_path / "i.yaml"
    assert run_cli("export", *args, "-o", sheet).exit_code == 0
    assert run_cli("import", sheet, "--interactions", "-o", back).exit_code == 0
    read = yaml.safe_load(back.read_text(encoding="utf-8"))["interactions"]
    for pair in read:
        before = written[(pair["from"], pair["to"])]
        for key in ("score", "note", "assessed_by", "source"):
            assert pair.get(key) == before.get(key), (pair, key)
        assert str(pair.get("assessed_on") or "") == str(before.get("assessed_on") or "")
    assert read[0]["assessed_by"] == "庁内ワークショップ"
    csv = run_cli("export", *args, "-o", tmp_path / "i.csv",
                  env={"SETA_ALIGN_LANG": "en", "COLUMNS": "200"})
    kept = sum(1 for p in original["interactions"] if "assessed_by" in p or "note" in p)
    assert f"assessors, dates and sources ({kept} pairs) are not in a CSV" in " ".join(
        csv.stderr.split()
    )


def test_a_record_for_a_pair_not_scored_or_a_date_that_is_no_day_is_located(tmp_path):
    from openpyxl import load_workbook

    history = FIXTURES / "history"
    sheet = tmp_path / "i.xlsx"
    assert run_cli("export", history / "measures", "-c", history / "seta-align.yaml",
                   "--interactions", "-o", sheet).exit_code == 0
    book = load_workbook(sheet)
    records = book["評価の記録"]
    records.append(["SDG-13.2", "SDG-8.3", "no such pair"])
    records["E2"] = "2025/1/20"
    book.save(sheet)
    result = run_cli("import", sheet, "--interactions", "-o", tmp_path / "i.yaml",
                     env={"SETA_ALIGN_LANG": "en", "COLUMNS": "200"})
    said = " ".join(result.output.split())
    assert result.exit_code == 2 and not (tmp_path / "i.yaml").exists()
    assert "The pair SDG-13.2 → SDG-8.3 is not scored in the square." in said
    assert "The date '2025/1/20' is not a date." in said
    assert "評価の記録" in said and "E2" in said


@pytest.mark.parametrize(
    ("node", "measures", "harms"),
    [
        # PP-6 is served by PLAN-13 (PP-6.3) and the URBN measures (PP-6.1–6.3) among others;
        # URBN-05's −2 on SDG-13.2 harms it (EDU-07 and URBN-04, PP-6 measures, work for 13.2)
        ("PP-6", {"PLAN-13", "URBN-01", "URBN-05"}, ("URBN-05", "SDG 13.2", "\u22122 対立")),
        # SDG-11 through its targets: URBN-02 −2 on 11.1 is the worst harm
        ("SDG-11", {"URBN-02", "WELF-02", "ENVR-06"}, ("URBN-02", "SDG 11.1", "\u22122 対立")),
    ],
)
def test_the_sample_lists_what_serves_and_harms_a_policy_and_a_goal(node, measures, harms):
    shown = run_cli("impacts", "--sample", "--node", node, "--format", "markdown").stdout
    tables = _tables(shown)
    direct = tables[f"{node} への直接の影響"][1:]
    assert measures <= {row[0].split()[0] for row in direct}
    harming = next(v for k, v in tables.items() if k.startswith(f"{node} を妨げるトレードオフ"))
    worst = harming[1]
    assert (worst[1].split()[0], " ".join(worst[2].split()[:2]), worst[0]) == harms
