"""`seta-align progress --format csv|xlsx|markdown|html`, against figures worked out by hand.

The figures of the fixture (tests/fixtures/progress, evaluated in FY2026) are worked out in the
docstring of tests/test_progress.py; the ones used here:

  (The default scheme: 進捗率 against the year's target (年度目標値, the planned path) and
  against the target; rates capped at 100 % in every mean; a roll-up graded by share 80 %.)
  ECON-01 創業件数: 100 (2022) → 180 (2030); 125, 127, 128 in 2024–2026; 2026 target 140,
      planned progress 0.5, 進捗率 (year) 28/40 = 0.7, (final) 28/80 = 0.35 → 遅れ (not far)
  ENV-01 区内CO2排出量 (減少): 2026 target 80 (halfway from 90 to 70), 39 → 達成, (year)
      (39 − 100) / (80 − 100) = 3.05, (final) 61/60 = 1.016667
  LIFE-01 地域活動の参加率: 49, 47, null (note 調査は隔年で実施) → 未報告 in 2026
  URBAN-01 公園面積: 480 (2024), none in 2025, 510 (2026) → 達成; 緑化助成件数 never → 未報告
  PP-6.i1: 1050 against 1300 → 遅れ, far (0.071429); PP-5.i1: 20.5 against 26 → 遅れ, far
      (0.035714) while ENV-01, its one contributor, is 達成: the outcome gap
  Roll-ups: PP-6 遅れ 1 + 未報告 1 of 2 measures, graded 未報告 (遅れ or better 1 of 2 < 80 %),
      mean (year) 0.7; PP-5 達成 1 → 達成, mean min(3.05, 1) = 1; SDG-11 未報告 2; owners one
      measure each
  Behind or not reported, most urgent first: PP-5.i1 (far, 0.035714), PP-6.i1 (far,
      0.071429), ECON-01 (0.35), then 未報告 LIFE-01, URBAN-01 緑化助成件数
  --compare 2025: ECON-01 おおむね順調 → 遅れ (fell behind), ENV-01 順調 → 達成 (improved),
      LIFE-01 遅れ → 未報告 (to be checked: 遅れ → 未報告（要確認）)

The KPI chart's scale (src/seta_align/renderers/svg.py): x from 10 to 190 over
the years first…last, y from 50 (lowest value) up to 10 (highest):

  ECON-01: years 2022…2030 (8), values 100…180 (80)
      x(2024) = 10 + 2/8·180 = 55, x(2025) = 10 + 3/8·180 = 77.5, x(2026) = 10 + 4/8·180 = 100
      y(125) = 50 − 25/80·40 = 37.5, y(127) = 50 − 27/80·40 = 36.5, y(128) = 50 − 28/80·40 = 36
      path (2022, 100) → (2030, 180): (10, 50) → (190, 10); the target ring at (190, 10)
  URBAN-01 公園面積: no baseline, so the path is the target alone (no dashed line); years
      2024…2030 (6: the results 2024 and 2026, the target 2030), values 480…510 (30)
      x(2024) = 10, x(2026) = 10 + 2/6·180 = 70; y(480) = 50, y(510) = 10,
      target y(500) = 50 − 20/30·40 = 23.33; 2025 has no value: two dots and no line
  LIFE-01: path 50 (2023) → 50 (2030), results 49, 47 and null: years 2023…2030 (7), values
      47…50 (3): x(2024) = 10 + 180/7 = 35.71, x(2025) = 10 + 360/7 = 61.43;
      y(49) = 50 − 2/3·40 = 23.33, y(47) = 50, y(50) = 10; no dot for 2026

The hostile fixture (tests/fixtures/progress-hostile, FY2025): HOST-01 10 (2023) → 80 (2030),
10 a year: the target for 2025 30, planned progress 20/70 = 0.285714; 12 is (12 − 10) / (30 −
10) = 0.1 of the year's target (final 2/70 = 0.028571), < 0.5 → 遅れ, far. HOST-02 null → 未報告. PP-6.i9 1 (2023) → 8 (2030): expected 3, actual 3 → 順調.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import shutil

import pytest
from openpyxl import load_workbook
from test_impacts_html import Elements

from conftest import CLEAN, FIXTURES, gfm_cells, run_cli

PROGRESS = FIXTURES / "progress" / "measures"
HOSTILE = FIXTURES / "progress-hostile" / "measures"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# progress_common.COLOURS, by status
COLOURS = {
    "achieved": "#2b6cb0",
    "on_track": "#2f855a",
    "mostly_on_track": "#d69e2e",
    "behind": "#c53030",
    "not_reported": "#a0aec0",
    "not_assessable": "#e2e8f0",
}
LABELS_JA = {
    "achieved": "達成",
    "on_track": "順調",
    "mostly_on_track": "おおむね順調",
    "behind": "遅れ",
    "not_reported": "未報告",
    "not_assessable": "評価不能",
}
HOSTILE_TEXTS = (
    "<script>alert('title')</script> 施策",
    '=HYPERLINK("http://evil.example","所管")',
    "<img src=x onerror=console.error('INJECTED')> 件数",
    "</script><script>console.error('INJECTED')</script>",
    "+1 </td></tr><script>console.error('INJECTED')</script>",
    '=1+1 <b>調査中</b> & "未定"',
    "</td></tr><img src=x onerror=console.error('INJECTED')> 指標",
)


def _run(*args, lang="ja"):
    result = run_cli("progress", *args, "--lang", lang)
    assert result.exit_code == 0, result.output
    return result


# --- CSV -------------------------------------------------------------------------------------


def _csv(*args, lang="ja") -> list[dict[str, str]]:
    data = _run(*args, "--format", "csv", lang=lang).stdout_bytes
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    assert data.count(b"\n") == data.count(b"\r\n") > 0
    return list(csv.DictReader(io.StringIO(data.decode("utf-8")[1:], newline="")))


def _by_kpi(rows: list[dict[str, str]], measure: str, kpi: str, lang="ja") -> dict[str, str]:
    measure_col, kpi_col = ("施策", "指標ID") if lang == "ja" else ("Measure", "KPI")
    return next(r for r in rows if r[measure_col] == measure and r[kpi_col] == kpi)


def test_csv_is_one_row_per_kpi_with_each_year_in_its_own_column():
    rows = _csv(PROGRESS)
    assert list(rows[0]) == [
        "施策", "施策名", "所管部", "所管課", "指標ID", "指標名", "種別", "政策・目標", "貢献先",
        "単位", "方向",
        "基準年度", "現状値", "目標年度", "目標値", "2024年度", "2025年度", "2026年度",
        "評価年度", "年度目標値", "計画上の進捗", "進捗率（年度）", "進捗率（最終）", "状況",
        "状況コード", "遅れ（大幅）", "理由", "備考",
    ]
    # five KPIs in the measure file's order, then the two plan-level indicators
    assert [(r["施策"], r["指標ID"]) for r in rows] == [
        ("ECON-01", "ECON-01.k1"),
        ("ENV-01", "区内CO2排出量"),
        ("LIFE-01", "地域活動の参加率"),
        ("URBAN-01", "公園面積"),
        ("URBAN-01", "緑化助成件数"),
        ("", "PP-6.i1"),
        ("", "PP-5.i1"),
    ]
    econ = _by_kpi(rows, "ECON-01", "ECON-01.k1")
    assert econ == {
        "施策": "ECON-01", "施策名": "創業支援", "所管部": "経済産業部", "所管課": "",
        "指標ID": "ECON-01.k1", "指標名": "創業件数", "種別": "", "政策・目標": "", "貢献先": "PP-6.i1", "単位": "件", "方向": "増加",
        "基準年度": "2022", "現状値": "100", "目標年度": "2030", "目標値": "180",
        "2024年度": "125", "2025年度": "127", "2026年度": "128",
        "評価年度": "2026", "年度目標値": "140", "計画上の進捗": "0.5", "進捗率（年度）": "0.7",
        "進捗率（最終）": "0.35", "状況": "遅れ", "状況コード": "behind", "遅れ（大幅）": "", "理由": "", "備考": "",
    }
    env = _by_kpi(rows, "ENV-01", "区内CO2排出量")
    assert (env["方向"], env["年度目標値"], env["進捗率（最終）"], env["状況"]) == (
        "減少", "80", "1.016667", "達成"
    )
    assert env["進捗率（年度）"] == "3.05"  # a KPI's own rate is never capped: only means are
    life = _by_kpi(rows, "LIFE-01", "地域活動の参加率")
    assert (life["2024年度"], life["2025年度"], life["2026年度"]) == ("49", "47", "")  # null
    assert (life["状況コード"], life["備考"], life["方向"]) == ("not_reported", "調査は隔年で実施", "維持")
    park = _by_kpi(rows, "URBAN-01", "公園面積")
    assert (park["2024年度"], park["2025年度"], park["2026年度"]) == ("480", "", "510")
    assert (park["現状値"], park["状況"]) == ("", "達成")  # no baseline
    pp6 = _by_kpi(rows, "", "PP-6.i1")
    assert (pp6["政策・目標"], pp6["2026年度"], pp6["年度目標値"]) == ("PP-6", "1050", "1300")
    # 1000 (2023) → 1700 (2030): the year's rate 50/300, the final one 50/700
    assert (pp6["進捗率（年度）"], pp6["進捗率（最終）"]) == ("0.166667", "0.071429")
    assert (pp6["状況"], pp6["遅れ（大幅）"]) == ("遅れ", "✓")


def test_csv_is_the_same_table_whatever_by():
    default = _run(PROGRESS, "--format", "csv").stdout_bytes
    for by in ("measure", "owner", "field"):
        assert _run(PROGRESS, "--format", "csv", "--by", by).stdout_bytes == default


def test_csv_with_compare_and_in_english():
    rows = _csv(PROGRESS, "--compare", "2025", lang="en")
    assert list(rows[0])[-4:] == ["Status FY2025", "Status FY2026", "Change", "Change code"]
    econ = _by_kpi(rows, "ECON-01", "ECON-01.k1", lang="en")
    assert (econ["Status FY2025"], econ["Status FY2026"]) == ("mostly on track", "behind")
    assert (econ["Change"], econ["Change code"]) == ("fell behind", "fell_behind")
    assert (econ["Direction"], econ["Status"], econ["Status code"]) == ("increase", "behind", "behind")
    env = _by_kpi(rows, "ENV-01", "区内CO2排出量", lang="en")
    assert env["Change code"] == "improved"
    assert _by_kpi(rows, "URBAN-01", "緑化助成件数", lang="en")["Change code"] == "unchanged"
    without = _csv(PROGRESS, lang="en")
    assert "Change" not in without[0]


def test_csv_neutralises_formulas_and_keeps_markup_as_text():
    rows = _csv(HOSTILE)
    host = _by_kpi(rows, "HOST-01", "HOST-01.k1")
    assert host["所管部"] == "'=HYPERLINK(\"http://evil.example\",\"所管\")"
    assert host["備考"] == "'+1 </td></tr><script>console.error('INJECTED')</script>"
    # 12 against 10 → 80: the year's rate 2/20 = 0.1, the final 2/70 = 0.028571, planned
    # progress 20/70 = 0.285714, far behind
    assert (host["進捗率（年度）"], host["進捗率（最終）"]) == ("0.1", "0.028571")
    assert (host["計画上の進捗"], host["遅れ（大幅）"]) == ("0.285714", "✓")
    other = _by_kpi(rows, "HOST-02", "'@SUM(A1:A9)")
    assert (other["施策名"], other["指標名"]) == ("'-1 施策", "'@SUM(A1:A9)")
    assert other["備考"] == "'=1+1 <b>調査中</b> & \"未定\""
    assert _by_kpi(rows, "", "PP-6.i9")["単位"] == "'-件"
    for row in rows:
        for value in row.values():
            assert not value.startswith(FORMULA_STARTS), value


# --- XLSX ------------------------------------------------------------------------------------


def _book(tmp_path, *args, name="progress.xlsx"):
    target = tmp_path / name
    result = run_cli("progress", *args, "-o", target)
    assert result.exit_code == 0, result.output
    return load_workbook(target)


def _records(sheet) -> list[dict[str, object]]:
    """The rows of a sheet's table (its title in row 1, its headings in row 2) as records."""
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _cell(sheet, heading: str, row: int):
    """The cell under ``heading`` in data row ``row`` (1 = the first below the headings)."""
    column = next(c.column for c in sheet[2] if c.value == heading)
    return sheet.cell(row=row + 2, column=column)


def test_xlsx_has_a_sheet_per_view_and_opens_on_by(tmp_path):
    book = _book(tmp_path, PROGRESS, "--compare", "2025")
    assert book.sheetnames == [
        "重点政策", "SDG", "成果指標", "施策・指標", "所管部", "分野", "遅れ・未報告", "比較", "凡例",
    ]
    assert book.active.title == "重点政策"
    assert "比較" not in _book(tmp_path, PROGRESS, name="plain.xlsx").sheetnames
    for by, opens in (("measure", "施策・指標"), ("owner", "所管部"), ("field", "分野")):
        assert _book(tmp_path, PROGRESS, "--by", by, name=f"{by}.xlsx").active.title == opens
    english = _book(tmp_path, PROGRESS, "--lang", "en", name="en.xlsx")
    assert english.sheetnames[:4] == ["Priority policies", "SDG goals", "Plan indicators", "Measures and KPIs"]


def test_xlsx_rollups_are_numbers(tmp_path):
    book = _book(tmp_path, PROGRESS)
    priority = {r["ID"]: r for r in _records(book["重点政策"])}
    assert list(priority) == ["PP-1", "PP-2", "PP-3", "PP-4", "PP-5", "PP-6"]  # every one
    pp6 = priority["PP-6"]
    # The measures by status, never the status of the worst one for the whole policy.
    assert "状況" not in pp6
    assert (pp6["施策数"], pp6["遅れ"], pp6["未報告"], pp6["達成"], pp6["内訳"]) == (
        2, 1, 1, 0, "遅れ 1・未報告 1",
    )
    # graded by share 80 %: 遅れ or better 1 of 2; the mean of ECON-01's year's rate 0.7
    assert (pp6["評価"], pp6["平均進捗率（年度）"]) == ("未報告", 0.7)
    assert (priority["PP-1"]["施策数"], priority["PP-1"]["内訳"]) == (0, None)
    assert (priority["PP-5"]["評価"], priority["PP-5"]["平均進捗率（年度）"]) == ("達成", 1)  # 3.05 capped
    sheet = book["重点政策"]
    mean = _cell(sheet, "平均進捗率（年度）", 6)  # PP-6
    assert (mean.value, mean.data_type, mean.number_format) == (0.7, "n", "0.0%")
    assert sheet.freeze_panes == "C3"  # the title, the headings, the id and the title
    assert sheet["A1"].value == "重点政策の進捗"
    goals = {r["ID"]: r for r in _records(book["SDG"])}
    assert list(goals) == ["SDG-8", "SDG-11", "SDG-13"]  # the goals measures serve
    assert (goals["SDG-11"]["内訳"], goals["SDG-11"]["未報告"]) == ("未報告 2", 2)
    owners = {r["所管部"]: r for r in _records(book["所管部"])}
    assert owners["環境政策部"]["達成"] == 1 and owners["経済産業部"]["平均進捗率（年度）"] == 0.7
    assert book["所管部"].freeze_panes == "B3"
    fields = {r["ID"]: r for r in _records(book["分野"])}
    assert (fields["URBAN"]["分野名"], fields["URBAN"]["内訳"]) == ("都市基盤", "未報告 1")


def test_xlsx_kpis_and_indicators(tmp_path):
    book = _book(tmp_path, PROGRESS)
    sheet = book["施策・指標"]
    econ = _records(sheet)[0]
    assert (econ["施策"], econ["指標ID"]) == ("ECON-01", "ECON-01.k1")
    assert (econ["2024年度"], econ["2025年度"], econ["2026年度"]) == (125, 127, 128)
    assert (econ["年度目標値"], econ["計画上の進捗"], econ["状況"]) == (140, 0.5, "遅れ")
    assert (econ["進捗率（年度）"], econ["進捗率（最終）"]) == (0.7, 0.35)
    achievement = _cell(sheet, "進捗率（最終）", 1)
    assert (achievement.data_type, achievement.number_format) == ("n", "0.0%")
    assert _cell(sheet, "2024年度", 1).data_type == "n"
    assert _cell(sheet, "評価年度", 1).number_format == "0"  # 2026, not 2,026
    assert _records(sheet)[1]["年度目標値"] == 80  # ENV-01
    assert sheet.freeze_panes == "A3"
    indicators = {r["ID"]: r for r in _records(book["成果指標"])}
    pp5 = indicators["PP-5.i1"]
    assert (pp5["実績"], pp5["年度目標値"], pp5["状況"], pp5["遅れ（大幅）"]) == (20.5, 26, "遅れ", "✓")
    assert (pp5["進捗率（年度）"], pp5["進捗率（最終）"]) == (0.083333, 0.035714)  # 0.5/6, 0.5/14
    assert (pp5["貢献する指標の内訳"], pp5["注意"]) == ("達成 1", "施策は順調でも成果指標が遅れています")
    assert "貢献する指標の状況" not in pp5  # never one status for several KPIs
    assert indicators["PP-6.i1"]["注意"] is None  # its contributor ECON-01 is behind too
    attention = [(r["施策"], r["指標ID"]) for r in _records(book["遅れ・未報告"])]
    assert attention == [
        (None, "PP-5.i1"),
        (None, "PP-6.i1"),
        ("ECON-01", "ECON-01.k1"),
        ("LIFE-01", "地域活動の参加率"),
        ("URBAN-01", "緑化助成件数"),
    ]


def test_xlsx_status_columns_have_a_conditional_format_per_status(tmp_path):
    book = _book(tmp_path, PROGRESS, "--compare", "2025")

    def formats(sheet) -> dict[str, dict[str, str]]:
        """range → {status label: fill colour} of each conditional format."""
        found = {}
        for formatting in sheet.conditional_formatting:
            rules = {}
            for rule in formatting.rules:
                assert (rule.type, rule.operator) == ("cellIs", "equal")
                (formula,) = rule.formula
                fill = rule.dxf.fill
                assert fill.fill_type == "solid" and fill.fgColor.rgb == fill.bgColor.rgb
                rules[formula.strip('"')] = "#" + fill.fgColor.rgb[-6:].lower()
            found[str(formatting.sqref)] = rules
        return found

    expected = {LABELS_JA[status]: colour for status, colour in COLOURS.items()}
    # 状況 is column X of 施策・指標 (the 24th: 15 fixed columns, 3 years, then 6 more);
    # rows 3–9: five KPIs and two indicators, under the title and the headings; with --compare
    # the two years' statuses (AC, AD)
    assert formats(book["施策・指標"]) == {"X3:X9": expected, "AC3:AC9": expected, "AD3:AD9": expected}
    # the policies' grades (D: after the id, the title and the count), not a worst status
    assert formats(book["重点政策"]) == {"D3:D8": expected}
    assert formats(book["比較"]) == {"D3:D9": expected, "E3:E9": expected}
    assert formats(book["成果指標"]) == {"J3:J4": expected}
    # white text on the dark fills, dark text on the pale ones
    rule = next(iter(book["成果指標"].conditional_formatting)).rules
    fonts = {r.formula[0].strip('"'): r.dxf.font.color.rgb[-6:] for r in rule}
    assert fonts["遅れ"] == "FFFFFF" and fonts["評価不能"] == "000000"
    english = _book(tmp_path, PROGRESS, "--lang", "en", name="en.xlsx")
    labels = {r.formula[0] for r in next(iter(english["Plan indicators"].conditional_formatting)).rules}
    assert labels == {'"achieved"', '"on track"', '"mostly on track"', '"behind"', '"not reported"', '"not assessable"'}


def test_xlsx_compare_and_legend(tmp_path):
    book = _book(tmp_path, PROGRESS, "--compare", "2025")
    changes = _records(book["比較"])
    assert [(r["指標ID"], r["変化コード"]) for r in changes] == [
        ("ECON-01.k1", "fell_behind"),
        ("PP-5.i1", "fell_behind"),
        ("PP-6.i1", "fell_behind"),
        ("地域活動の参加率", "unreported"),  # 遅れ → 未報告: flagged, to be checked
        ("公園面積", "changed"),  # 未報告 → 達成
        ("区内CO2排出量", "improved"),
        ("緑化助成件数", "unchanged"),
    ]
    assert (changes[0]["2025年度の状況"], changes[0]["2026年度の状況"]) == ("おおむね順調", "遅れ")
    legend = book["凡例"]
    rows = list(legend.iter_rows(min_row=3, max_row=8))
    assert [(r[0].value, r[1].value) for r in rows] == [
        (LABELS_JA[status], status) for status in COLOURS
    ]
    assert ["#" + r[0].fill.fgColor.rgb[-6:].lower() for r in rows] == list(COLOURS.values())
    assert rows[2][2].value == "進捗率（年度）が 80% 以上"  # the default scheme
    values = [r[1] for r in legend.iter_rows(values_only=True) if r[0] == "評価年度"]
    assert values == [2026]


def test_xlsx_neutralises_formulas(tmp_path):
    book = _book(tmp_path, HOSTILE)
    sheet = book["施策・指標"]
    owner = _cell(sheet, "所管部", 1)
    assert owner.value == "'=HYPERLINK(\"http://evil.example\",\"所管\")" and owner.data_type == "s"
    assert _cell(sheet, "指標名", 2).value == "'@SUM(A1:A9)"
    assert _cell(sheet, "備考", 2).value == "'=1+1 <b>調査中</b> & \"未定\""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)


# --- Markdown --------------------------------------------------------------------------------


def _rows(text: str, first: str) -> list[list[str]]:
    """The GFM rows (as cells) of the table whose header starts with ``| first |``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first} |"))
    table = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        table.append(gfm_cells(line))
    header, rule, *body = table
    assert len(rule) == len(header)
    assert all(len(row) == len(header) for row in body), body
    return [header, *body]


def test_markdown_by_node():
    text = _run(PROGRESS, "--format", "markdown").stdout
    assert text.startswith("## 進捗（2026 年度）\n")
    priority = _rows(text, "政策・目標")
    assert priority[0] == ["政策・目標", "施策数", "評価", "内訳", "平均進捗率（年度）"]
    pp6 = next(row for row in priority if row[0].startswith("PP-6 "))
    assert pp6[1:] == ["2", "⬜ 未報告", "遅れ 1・未報告 1", "70%"]
    pp1 = next(row for row in priority if row[0].startswith("PP-1 "))
    assert pp1[1:] == ["0", "–", "–", "–"]
    indicators = _rows(text, "成果指標")
    assert indicators[2] == [
        "PP-5.i1 みどり率（PP-5）",
        "– → – → 20.5",  # only the evaluated year has a result
        "20.5 / 26 → 34 %",
        "8%",  # 0.5 / 6 of the year's target
        "🟥 遅れ（大幅）",
        "達成 1<br>⚠ 施策は順調でも成果指標が遅れています",
    ]
    attention = _rows(text, "指標")
    # the owner beside every delay, then the series; the reason or note last
    assert attention[0][1:3] == ["所管部", "推移 2024→2025→2026"]
    assert attention[0][-1] == "理由・備考"
    assert [row[0] for row in attention[1:]] == [
        "PP-5.i1 みどり率（PP-5）",
        "PP-6.i1 区内の創業・事業承継の件数（PP-6）",
        "ECON-01 創業件数",
        "LIFE-01 地域活動の参加率",
        "URBAN-01 緑化助成件数",
    ]
    assert attention[3][1:] == [
        "経済産業部", "125 → 127 → 128", "128 / 140 → 180 件", "70%", "35%", "🟥 遅れ", ""
    ]
    assert attention[4][-1] == "2026 年度の実績がありません / 調査は隔年で実施"  # 理由・備考
    assert attention[4][1:3] == ["生活文化政策部", "49 → 47 → –"]
    assert attention[1][1] == "–"  # a plan-level indicator has no owner
    assert "**指標 5 件（FY2026）: 達成 2、遅れ 1、未報告 2**" in text
    legend = _rows(text, "状況")
    assert legend[1] == ["🟦 達成", "`achieved`", "目標値に到達（維持の指標は目標年度以降も目標の範囲内）"]
    assert len(legend) == 7 and legend[4][:2] == ["🟥 遅れ", "`behind`"]


def test_markdown_by_measure_owner_and_compare():
    text = _run(PROGRESS, "--format", "markdown", "--by", "measure", "--compare", "2025").stdout
    rows = _rows(text, "指標")
    assert rows[1] == ["**ECON-01 創業支援（経済産業部）**", "", "", "70%", "35%", "🟥 遅れ", ""]
    env = next(row for row in rows if row[0].endswith("区内CO2排出量"))
    # (39 − 100) / (80 − 100) = 3.05 of the year's target, 61/60 of the final one
    assert env[1:] == ["97 → 88 → 39", "39 / 80 → 40 千t", "305%", "102%", "🟦 達成", ""]
    park = next(row for row in rows if row[0].endswith("公園面積"))
    assert park[1:] == ["480 → – → 510", "510 / – → 500 ha", "–", "–", "🟦 達成", ""]
    changes = text[text.index("### 状況の変化（2025 → 2026 年度）") :]
    changed = _rows(changes, "指標")
    assert changed[0][1:3] == ["2025 年度", "2026 年度"]  # the years, not 前 and 後
    assert changed[1] == ["ECON-01 創業件数", "🟨 おおむね順調", "🟥 遅れ", "遅れに転じた"]
    flagged = next(row for row in changed if "地域活動の参加率" in row[0])
    assert flagged[1:] == ["🟥 遅れ", "⬜ 未報告", "遅れ → 未報告（要確認）"]
    assert changed[-1] == ["ENV-01 区内CO2排出量", "🟩 順調", "🟦 達成", "改善"]
    assert not any("緑化助成件数" in row[0] for row in changed)  # unchanged
    owners = _run(PROGRESS, "--format", "markdown", "--by", "owner", lang="en").stdout
    rows = _rows(owners, "Owner")
    assert rows[0] == ["Owner", "Measures", "Grade", "Breakdown", "Mean progress rate (year)"]
    assert rows[1] == ["経済産業部", "1", "🟥 behind", "behind 1", "70%"]
    assert "## Progress FY2026" in owners and "遅れ" not in owners


def test_markdown_escapes_user_text():
    text = _run(HOSTILE, "--format", "markdown", "--by", "measure").stdout
    assert "<script>" not in text and "<img" not in text and "<b>" not in text
    rows = _rows(text, "指標")
    host = next(row for row in rows if "件数" in row[0])
    assert host[0] == "&lt;img src=x onerror=console.error('INJECTED')&gt; 件数"
    # the unit's pipe is escaped and its backslash doubled, so the row keeps its five cells
    assert host[2] == "12 / 30 → 80 &lt;b&gt;件&lt;/b&gt; \\| a\\\\\\|b"
    assert host[3:6] == ["10%", "3%", "🟥 遅れ（大幅）"]  # 2/20 and 2/70
    assert host[6] == "+1 &lt;/td&gt;&lt;/tr&gt;&lt;script&gt;console.error('INJECTED')&lt;/script&gt;"


def test_no_results_is_one_line():
    text = _run(CLEAN, "--format", "markdown").stdout
    assert "実績がありません。" in text and "|" not in text


# --- HTML ------------------------------------------------------------------------------------
# The page is the progress view (views/progress.py) as renderers/html.py writes any view: a
# table per view table (data-table: its key), a row its id and status, a cell its figure.


def _page(*args, lang="ja") -> Elements:
    result = _run(*args, "--format", "html", lang=lang)
    assert result.stdout.startswith("<!DOCTYPE html>")
    return Elements(result.stdout)


@pytest.fixture(scope="module")
def page() -> Elements:
    return _page(PROGRESS)


@pytest.fixture(scope="module")
def by_measure() -> Elements:
    return _page(PROGRESS, "--by", "measure")


def _table(page: Elements, key: str) -> Elements:
    """The table of the view's table ``key``, as its own document."""
    html = page.html
    start = html.index(f'<table class="data" data-table="{key}">')
    return Elements(html[start : html.index("</table>", start) + len("</table>")])


def _rows_of(page: Elements, key: str) -> dict[str, tuple[dict, list[tuple[dict, str]]]]:
    """Each row of table ``key`` by its id: its attributes and its cells (attributes, text)."""
    table = _table(page, key)
    rows = {}
    html = table.html
    at = 0
    for attrs, _text in table.find("tr"):
        if "data-id" not in attrs:
            continue
        at = html.index(f'<tr data-id="{attrs["data-id"]}"', at)
        row = Elements(html[at : html.index("</tr>", at) + len("</tr>")])
        rows[attrs["data-id"]] = (attrs, row.find("td"))
        at += 1
    return rows


def _points(text: str) -> list[tuple[float, float]]:
    return [tuple(float(v) for v in pair.split(",")) for pair in text.split()]


def _chart(page: Elements, key: str, kpi: str) -> Elements:
    """The SVG chart in the row ``kpi`` of table ``key``, as its own document."""
    html = page.html
    table = html.index(f'data-table="{key}"')
    start = html.index("<svg", html.index(f'<tr data-id="{kpi}"', table))
    return Elements(html[start : html.index("</svg>", start) + len("</svg>")])


def test_html_tables_per_by(page):
    def tables(found: Elements) -> list[str]:
        return [a["data-table"] for a, _ in found.find("table")]

    assert tables(page) == ["priority", "goals", "indicators", "attention", "legend"]
    # the contents link to them
    assert [a["href"] for a, _ in page.find("a")] == [
        "#priority", "#goals", "#indicators", "#attention", "#legend",
    ]
    measure = _page(PROGRESS, "--by", "measure", "--compare", "2025")
    assert tables(measure) == ["by_measure", "attention", "changes", "legend"]
    assert tables(_page(PROGRESS, "--by", "owner")) == ["owner", "attention", "legend"]
    assert page.find("h1")[0][1] == "進捗（2026 年度）"
    assert "実績のある年度: 2024, 2025, 2026" in page.all_text


def test_html_rollups_with_status_coloured_bars(page):
    rows = _rows_of(page, "priority")
    assert list(rows) == [f"PP-{n}" for n in range(1, 7)]
    _attrs, cells = rows["PP-6"]
    # 政策・目標, 施策数, 状況 (the bar), 内訳, 平均達成率
    # 政策・目標, 施策数, 評価, 状況 (the bar), 内訳, 平均進捗率（年度）
    assert [text for _, text in cells][1:] == ["2", "未報告", "", "遅れ 1・未報告 1", "70%"]
    assert (cells[1][0]["data-value"], cells[5][0]["data-value"]) == ("2", "0.7")
    assert rows["PP-5"][1][5][0]["data-value"] == "1"  # 3.05, capped at 100 %
    assert rows["PP-1"][1][1][0]["data-value"] == "0" and "data-value" not in rows["PP-1"][1][5][0]
    bar = _table(page, "priority").html
    bar = Elements(bar[bar.index('<tr data-id="PP-6"') :].split("</tr>")[0])
    (sbar,) = bar.find("div", class_="sbar")
    assert (sbar[0]["role"], sbar[0]["aria-label"]) == ("img", "遅れ 1・未報告 1")
    # the bar's shares (the grade's badge in the same row is a span too)
    segments = [
        (a["data-status"], a["data-count"], a["style"]) for a, _ in bar.find("span") if "data-count" in a
    ]
    # 1 of 2 behind, 1 of 2 not reported: half the bar each
    assert segments == [
        ("behind", "1", "width: 50.00%; background-color: #c53030"),
        ("not_reported", "1", "width: 50.00%; background-color: #a0aec0"),
    ]
    assert list(_rows_of(page, "goals")) == ["SDG-8", "SDG-11", "SDG-13"]


def test_html_kpi_rows_and_indicators(page, by_measure):
    kpis = _rows_of(by_measure, "by_measure")
    assert list(kpis) == ["ECON-01.k1", "区内CO2排出量", "地域活動の参加率", "公園面積", "緑化助成件数"]
    attrs, cells = kpis["ECON-01.k1"]
    assert attrs["data-status"] == "behind"
    texts = [text for _, text in cells]
    assert texts[2:] == ["128 / 140 → 180 件", "70%", "35%", "遅れ", ""]
    assert [t for _, t in kpis["地域活動の参加率"][1]][-1] == "2026 年度の実績がありません / 調査は隔年で実施"
    assert (cells[3][0]["data-value"], cells[4][0]["data-value"]) == ("0.7", "0.35")
    # a measure heads its KPIs: ECON-01 with its worst status and its mean achievement
    groups = [(a["data-group"]) for a, _ in _table(by_measure, "by_measure").find("tbody")]
    assert groups == ["ECON-01", "ENV-01", "LIFE-01", "URBAN-01"]
    heading = _table(by_measure, "by_measure").find("tr", class_="group")[0][1]
    assert heading.startswith("ECON-01 創業支援（経済産業部）") and "70%" in heading and "遅れ" in heading
    indicators = _rows_of(page, "indicators")
    assert list(indicators) == ["PP-6.i1", "PP-5.i1"]
    pp5_attrs, pp5 = indicators["PP-5.i1"]
    assert pp5_attrs["data-status"] == "behind"
    assert [text for _, text in pp5][2:] == [
        "20.5 / 26 → 34 %", "8%", "遅れ（大幅）", "達成 1⚠ 施策は順調でも成果指標が遅れています",
    ]
    assert "⚠" not in indicators["PP-6.i1"][1][-1][1]  # its contributor ECON-01 is behind too
    attention = _rows_of(page, "attention")
    assert list(attention) == ["PP-5.i1", "PP-6.i1", "ECON-01.k1", "地域活動の参加率", "緑化助成件数"]
    badge = next(a for a, _ in page.find("span", class_="st") if a["data-status"] == "behind")
    assert badge["style"] == "background-color: #c53030; color: #ffffff"


def test_html_chart_points_on_the_documented_scale(by_measure):
    econ = _chart(by_measure, "by_measure", "ECON-01.k1")
    assert _points(econ.find("polyline", class_="expected")[0][0]["points"]) == [(10, 50), (190, 10)]
    actual = econ.find("polyline", class_="actual")
    assert len(actual) == 1
    assert _points(actual[0][0]["points"]) == [(55, 37.5), (77.5, 36.5), (100, 36)]
    assert actual[0][0]["stroke"] == "#c53030"  # behind
    dots = [(a["data-year"], float(a["cx"]), float(a["cy"])) for a, _ in econ.find("circle", class_="result")]
    assert dots == [("2024", 55, 37.5), ("2025", 77.5, 36.5), ("2026", 100, 36)]
    target = econ.find("circle", class_="target")[0][0]
    assert (float(target["cx"]), float(target["cy"])) == (190, 10)
    now = econ.find("line", class_="now")[0][0]
    assert (now["data-year"], now["x1"]) == ("2026", "100")
    assert [t for _, t in econ.find("text", class_="year")] == ["2022", "2030"]
    assert "125" in econ.find("title")[0][1] and "180 件" in econ.find("title")[0][1]

    park = _chart(by_measure, "by_measure", "公園面積")
    assert not park.find("polyline", class_="expected")  # the path is the target alone
    assert not park.find("polyline", class_="actual")  # 2025 missing: a gap, two lone dots
    dots = [(a["data-year"], float(a["cx"]), float(a["cy"])) for a, _ in park.find("circle", class_="result")]
    assert dots == [("2024", 10, 50), ("2026", 70, 10)]
    target = park.find("circle", class_="target")[0][0]
    assert (float(target["cx"]), float(target["cy"])) == (190, 23.33)

    life = _chart(by_measure, "by_measure", "地域活動の参加率")
    assert _points(life.find("polyline", class_="expected")[0][0]["points"]) == [(10, 10), (190, 10)]
    assert _points(life.find("polyline", class_="actual")[0][0]["points"]) == [(35.71, 23.33), (61.43, 50)]
    assert [a["data-year"] for a, _ in life.find("circle", class_="result")] == ["2024", "2025"]


def test_html_owners_need_attention_first():
    owners = _page(PROGRESS, "--by", "owner")
    rows = _rows_of(owners, "owner")
    # those with a measure behind first, then not reported, then achieved
    assert list(rows) == ["経済産業部", "生活文化政策部", "都市整備政策部", "環境政策部"]
    assert [(a.get("data-status"), a.get("data-count")) for a, _ in Elements(
        _table(owners, "owner").html).find("span") if a.get("data-count")] == [
        ("behind", "1"), ("not_reported", "1"), ("not_reported", "1"), ("achieved", "1"),
    ]


def test_html_owner_bar_is_the_share_of_its_measures(tmp_path):
    project = tmp_path / "progress"
    shutil.copytree(FIXTURES / "progress", project)
    measures = project / "measures" / "measures.yaml"
    text = measures.read_text(encoding="utf-8").replace("owner: 都市整備政策部", "owner: 経済産業部")
    measures.write_text(text, encoding="utf-8")
    owners = _page(project / "measures", "--by", "owner")
    rows = _rows_of(owners, "owner")
    # 経済産業部: ECON-01 behind, URBAN-01 not reported, of 2: half the bar each
    assert next(iter(rows)) == "経済産業部"
    table = _table(owners, "owner").html
    row = Elements(table[table.index('<tr data-id="経済産業部"') :].split("</tr>")[0])
    assert [(a["data-status"], a["style"]) for a, _ in row.find("span") if a.get("data-count")] == [
        ("behind", "width: 50.00%; background-color: #c53030"),
        ("not_reported", "width: 50.00%; background-color: #a0aec0"),
    ]
    assert [t for _, t in row.find("td")][1] == "2"


def test_html_filter_and_its_script(by_measure):
    form = by_measure.find("form")[0][0]
    assert (form["class"], form["data-filters"]) == ("filters", "by_measure")
    # every KPI, then the statuses the table has, in the legend's order
    options = [(a["value"], t) for a, t in by_measure.find("option")]
    assert options == [("", "すべて"), ("achieved", "達成"), ("behind", "遅れ"), ("not_reported", "未報告")]
    count = by_measure.find("p", class_="count")[0]
    assert count[1] == "5 / 5 件を表示" and count[0]["data-template"] == "{shown} / {total} 件を表示"
    ((_attrs, script),) = by_measure.find("script")
    policy = next(a["content"] for a, _ in by_measure.find("meta") if a.get("http-equiv"))
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy
    # without JavaScript every row is shown
    assert not any("hidden" in a for a, _ in by_measure.find("tr"))


def test_html_changes_in_english():
    english = _page(PROGRESS, "--compare", "2025", "--by", "measure", lang="en")
    rows = _rows_of(english, "changes")
    kinds = [(kpi, cells[-1][0]["data-value"]) for kpi, (_a, cells) in rows.items()]
    assert kinds[0] == ("ECON-01.k1", "fell_behind") and kinds[-1] == ("区内CO2排出量", "improved")
    assert "Changes FY2025 → FY2026" in english.all_text
    assert "Progress by measure" in english.all_text and "遅れ" not in english.all_text


def test_html_hostile_text_stays_text():
    page = _page(HOSTILE)
    assert not page.find("script")  # no table to filter: no script at all
    assert len(_page(HOSTILE, "--by", "measure").find("script")) == 1  # ours, the filter
    assert not page.find("img")
    assert [text for _, text in page.find("b")] == ["指標 2 件（FY2025）: 遅れ 1、未報告 1"]  # ours
    for _tag, attrs, _text in page.elements:
        assert not any(name.startswith("on") for name in attrs), attrs
    text = page.all_text + _page(HOSTILE, "--by", "measure").all_text
    for hostile in HOSTILE_TEXTS:
        assert hostile in text, hostile
    attrs, cells = _rows_of(page, "attention")["HOST-01.k1"]
    assert (attrs["data-status"], cells[4][0]["data-value"]) == ("behind", "0.1")  # 2/20
    assert cells[6][1] == "遅れ（大幅）"


def test_html_without_results_is_one_line():
    page = _page(CLEAN)
    assert "実績がありません。" in page.all_text
    assert not page.find("table") and not page.find("form")


def test_html_changes_rows_carry_where_each_kpi_stands_now():
    """With --compare 2025, ECON-01 creates fell from おおむね順調 to 遅れ: its row is 遅れ (what a
    filter or a script picks it up by), its badges say both."""
    page = _page(PROGRESS, "--compare", "2025", "--by", "measure")
    attrs, cells = _rows_of(page, "changes")["ECON-01.k1"]
    assert attrs["data-status"] == "behind"
    assert [text for _a, text in cells][1:3] == ["おおむね順調", "遅れ"]


def test_xlsx_indicators_keep_their_id_and_title_in_view(tmp_path):
    book = _book(tmp_path, PROGRESS)
    assert book["成果指標"].freeze_panes == "C3"  # ID and title, under the title and headings
    assert book["重点政策"].freeze_panes == "C3"
