"""The yearly workflow through spreadsheets: `export --results-template` writes the sheet each
department fills in, `import --results` reads it (or a department's own sheet) into a results
file, and `progress` evaluates it.

Every figure below is the hand-computed fixture of tests/test_progress.py (tests/fixtures/
progress; the arithmetic is in that file's docstring), or worked out here in a comment:

    the fixture's results   2024: ECON-01 125, ENV-01 97, LIFE-01 49, URBAN-01 公園面積 480
                            2025: ECON-01 127, ENV-01 88, LIFE-01 47
                            2026: ECON-01 128, ENV-01 39, LIFE-01 null (調査は隔年で実施),
                                  URBAN-01 公園面積 510, PP-6.i1 1,050, PP-5.i1 20.5
    FY2026 statuses         ECON-01 遅れ 0.35; ENV-01 達成 1.016667; LIFE-01 未報告;
                            公園面積 達成 (no rate); 緑化助成件数 未報告;
                            PP-6.i1 遅れ (far) 0.071429; PP-5.i1 遅れ (far) 0.035714
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook, load_workbook
from test_sheet_impacts import _node_title

from seta_align.loading.yaml_source import parse_yaml_text

from conftest import FIXTURES, run_cli

PROGRESS = FIXTURES / "progress"

# The template's columns for FY2026: the fixture has results for 2024 and 2025 before it.
HEADINGS_2026 = [
    "施策番号",
    "施策名",
    "指標ID",
    "指標名",
    "単位",
    "現状値",
    "基準年度",
    "目標値",
    "目標年度",
    "2024年度実績（参考）",
    "2025年度実績（参考）",
    "年度",
    "実績値",
    "備考",
]
DEPARTMENTS = ["経済産業部", "環境政策部", "生活文化政策部", "都市整備政策部"]
# The fixture's FY2026 results, as the import writes them back (the KPI by its id, else name).
RESULTS_2026 = [
    {"measure": "ECON-01", "kpi": "ECON-01.k1", "year": 2026, "value": 128},
    {"measure": "ENV-01", "kpi": "区内CO2排出量", "year": 2026, "value": 39},
    {
        "measure": "LIFE-01",
        "kpi": "地域活動の参加率",
        "year": 2026,
        "value": None,
        "note": "調査は隔年で実施",
    },
    {"measure": "URBAN-01", "kpi": "公園面積", "year": 2026, "value": 510},
    {"indicator": "PP-6.i1", "year": 2026, "value": 1050},
    {"indicator": "PP-5.i1", "year": 2026, "value": 20.5},
]


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(PROGRESS, project)
    return project


def _yaml(path: Path):
    document = parse_yaml_text(path.read_text(encoding="utf-8"), path.name)
    assert not document.problems, document.problems
    return document.data


def _rows(sheet, first: int = 5) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=first)]


def _progress(project: Path, *args: str) -> dict:
    result = run_cli("progress", project / "measures", "--format", "json", "--lang", "en", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _kpi(document: dict, measure: str | None, kpi: str) -> dict:
    return next(
        k
        for k in document["kpis"] + document["indicators"]
        if k["measure"] == measure and k["kpi"] == kpi
    )


# --- The template -----------------------------------------------------------------------------


def test_the_template_has_a_sheet_per_department_with_its_kpis(tmp_path):
    project = _project(tmp_path)
    out = tmp_path / "実績_2026.xlsx"
    result = run_cli(
        "export", project / "measures", "--results-template", "--year", "令和8年度", "-o", out
    )
    assert result.exit_code == 0, result.output
    assert f"seta-align import {out} --results" in result.stderr
    # results/2026.yaml already holds six: four KPIs and two indicators.
    assert "2026 年度の実績はすでに 6 件あります（" in result.stderr
    assert "results/2026.yaml）" in result.stderr
    book = load_workbook(out)
    assert book.sheetnames == [*DEPARTMENTS, "成果指標", "施策評価", "記入方法"]

    econ = book["経済産業部"]
    assert econ["A1"].value.startswith("令和8年度（2026年度） 実績記入シート — 経済産業部 / FY2026")
    assert econ["A2"].value.startswith("実績値（数値のみ）と備考を記入してください。")
    assert econ["A3"].value.startswith("Fill in 実績値 (the result, a number alone)")
    assert [cell.value for cell in econ[4]] == HEADINGS_2026
    # Each KPI as its measure file states it; 2024 and 2025 from the fixture's results; 年度
    # filled in, 実績値 and 備考 empty.
    assert _rows(econ) == [
        ["ECON-01", "創業支援", "ECON-01.k1", "創業件数", "件", 100, 2022, 180, 2030, 125, 127,
         2026, None, None]
    ]  # fmt: skip
    assert _rows(book["環境政策部"]) == [
        ["ENV-01", "区内の温室効果ガス削減", None, "区内CO2排出量", "千t", 100, 2023, 40, 2030,
         97, 88, 2026, None, None]
    ]  # fmt: skip
    assert _rows(book["生活文化政策部"]) == [
        ["LIFE-01", "地域活動への参加の促進", None, "地域活動の参加率", "%", 50, 2023, 50, 2030,
         49, 47, 2026, None, None]
    ]  # fmt: skip
    # 公園面積 has no baseline and no 2025 result; 緑化助成件数 was never reported.
    assert _rows(book["都市整備政策部"]) == [
        ["URBAN-01", "公園の整備と緑化", None, "公園面積", "ha", None, None, 500, 2030, 480,
         None, 2026, None, None],
        ["URBAN-01", "公園の整備と緑化", None, "緑化助成件数", "件", 0, 2023, 70, 2030, None,
         None, 2026, None, None],
    ]  # fmt: skip
    indicators = book["成果指標"]
    assert indicators["B4"].value == "政策・目標"
    assert _rows(indicators) == [
        [None, f"PP-6 {_node_title('PP-6')}", "PP-6.i1", "区内の創業・事業承継の件数", "件",
         1000, 2023, 1700, 2030, None, None, 2026, None, None],
        [None, f"PP-5 {_node_title('PP-5')}", "PP-5.i1", "みどり率", "%", 20, 2023, 34, 2030,
         None, None, 2026, None, None],
    ]  # fmt: skip

    # The cells to fill are yellow and unlocked; the rest grey and locked, the sheet protected.
    assert econ.protection.sheet is True
    for cell in ("M5", "N5"):
        assert econ[cell].protection.locked is False
        assert econ[cell].fill.fgColor.rgb.endswith("FFF2CC")
    for cell in ("A5", "D5", "K5", "L5"):
        assert econ[cell].protection.locked is True
        assert econ[cell].fill.fgColor.rgb.endswith("F2F2F2")
    assert econ.freeze_panes == "E5"
    guide = [row[0] for row in _rows(book["記入方法"], first=1)]
    assert "実績値" in guide and "備考" in guide
    assert any(text and text.startswith("Read back with: seta-align import") for text in guide)


def test_the_csv_template_is_one_table_with_the_department(tmp_path):
    project = _project(tmp_path)
    out = tmp_path / "実績_2026.csv"
    result = run_cli("export", project / "measures", "--results-template", "--year", "2026",
                     "-o", out)  # fmt: skip
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["所管", *HEADINGS_2026]
    assert rows[1] == ["経済産業部", "ECON-01", "創業支援", "ECON-01.k1", "創業件数", "件", "100",
                       "2022", "180", "2030", "125", "127", "2026", "", ""]  # fmt: skip
    assert [row[0] for row in rows[1:8]] == [*DEPARTMENTS, "都市整備政策部", "成果指標", "成果指標"]
    assert rows[6][1:5] == ["", f"PP-6 {_node_title('PP-6')}", "PP-6.i1", "区内の創業・事業承継の件数"]
    # How to fill it in, as remarks the import skips: Japanese and English.
    assert rows[8][0].startswith("※ 実績値（数値のみ）と備考を記入してください。")
    assert rows[9][0].startswith("※ Fill in 実績値")
    assert len(rows) == 10


def test_the_template_needs_a_year_and_goes_alone(tmp_path):
    project = _project(tmp_path)
    missing = run_cli("export", project / "measures", "--results-template", "-o", tmp_path / "t.xlsx")
    assert missing.exit_code == 2
    assert "--results-template には記入する年度を --year で指定してください" in missing.stderr
    unreadable = run_cli("export", project / "measures", "--results-template", "--year", "来年",
                         "-o", tmp_path / "t.xlsx", "--lang", "en")  # fmt: skip
    assert unreadable.exit_code == 2
    assert "--year: cannot read '来年' as a fiscal year" in unreadable.stderr
    alone = run_cli("export", project / "measures", "--year", "2026", "-o", tmp_path / "m.xlsx")
    assert alone.exit_code == 2
    assert "--year は --results-template と一緒に使います" in alone.stderr
    assert not any(tmp_path.glob("*.xlsx"))
    written = run_cli("export", project / "measures", "--results-template", "--year", "2026",
                      "-o", tmp_path / "t.xlsx")  # fmt: skip
    assert written.exit_code == 0, written.output


# --- The round trip: template → departments fill it in → import → progress --------------------


def _fill(book_path: Path) -> None:
    """What the departments type, in 実績値 (column M) and 備考 (column N), as in Excel."""
    book = load_workbook(book_path)
    book["経済産業部"]["M5"] = 128  # a number
    book["環境政策部"]["M5"] = "39千t"  # with the KPI's own unit
    book["生活文化政策部"]["M5"] = "—"  # not measured this year …
    book["生活文化政策部"]["N5"] = "調査は隔年で実施"  # … and why
    book["都市整備政策部"]["M5"] = "５１０"  # full width; row 6 (緑化助成件数) stays empty
    book["成果指標"]["M5"] = "1,050"  # a thousands separator
    book["成果指標"]["M6"] = 20.5
    book.save(book_path)


def test_template_round_trip_gives_the_hand_computed_progress(tmp_path):
    project = _project(tmp_path)
    (project / "results" / "2026.yaml").unlink()  # FY2026 is reported afresh, through the sheet
    sheet = tmp_path / "実績_2026.xlsx"
    exported = run_cli("export", project / "measures", "--results-template", "--year", "2026",
                       "-o", sheet)  # fmt: skip
    assert exported.exit_code == 0, exported.output
    assert "すでに" not in exported.stderr
    _fill(sheet)

    result = run_cli("import", sheet, "--results", "-c", project / "seta-align.yaml")
    assert result.exit_code == 0, result.output
    target = project / "results" / "2026.yaml"  # the config's results folder, <year>.yaml
    assert _yaml(target) == RESULTS_2026
    text = target.read_text(encoding="utf-8")
    assert text.startswith(
        "# seta-align import で 実績_2026.xlsx（シート「経済産業部」「環境政策部」「生活文化政策部」"
        "「都市整備政策部」「成果指標」）から作成しました"
    )
    assert "- {measure: ECON-01, kpi: ECON-01.k1, year: 2026, value: 128}  # 行5 / row 5" in text
    # Seven KPI rows read; six written, one of them not reported; 緑化助成件数 left empty.
    assert "7 行を読み、6 件の実績（2026 年度）を" in result.stdout
    assert "うち未報告（value: null）1 件" in result.stdout
    assert "読み替えた値 2 件" in result.stdout  # ５１０ and 1,050
    assert "実績値も備考も空の行 1 件は書き出していません" in result.stdout
    assert "情報 環境政策部 行5 列M「実績値」: 「39千t」から単位「千t」を除いて 39 と読みました。" in (
        result.stderr
    )
    assert "シート「記入方法」には実績の見出し行がないため読みません" in result.stderr
    assert "progress に読ませるには" not in result.stdout  # the config's folder: read already

    document = _progress(project)
    assert document["year"] == 2026
    econ = _kpi(document, "ECON-01", "ECON-01.k1")
    assert (econ["achievement"], econ["status"], econ["far_behind"]) == (0.35, "behind", False)
    env = _kpi(document, "ENV-01", "区内CO2排出量")
    assert (env["achievement"], env["status"]) == (1.016667, "achieved")
    life = _kpi(document, "LIFE-01", "地域活動の参加率")
    assert (life["status"], life["note"]) == ("not_reported", "調査は隔年で実施")
    park = _kpi(document, "URBAN-01", "公園面積")
    assert (park["status"], park["series"]) == ("achieved", {"2024": 480, "2026": 510})
    green = _kpi(document, "URBAN-01", "緑化助成件数")
    assert (green["status"], green["series"]) == ("not_reported", {})
    pp6 = _kpi(document, None, "PP-6.i1")
    assert (pp6["achievement"], pp6["status"], pp6["far_behind"]) == (0.071429, "behind", True)
    pp5 = _kpi(document, None, "PP-5.i1")
    assert (pp5["achievement"], pp5["far_behind"]) == (0.035714, True)

    # Imported again, the file is not replaced without --force.
    before = target.read_bytes()
    again = run_cli("import", sheet, "--results", "-c", project / "seta-align.yaml")
    assert again.exit_code == 2
    assert "すでにあります" in again.stderr and "--force" in again.stderr
    assert target.read_bytes() == before
    forced = run_cli("import", sheet, "--results", "-c", project / "seta-align.yaml", "--force")
    assert forced.exit_code == 0, forced.output
    assert _yaml(target) == RESULTS_2026


def test_csv_template_round_trip(tmp_path):
    project = _project(tmp_path)
    (project / "results" / "2026.yaml").unlink()
    sheet = tmp_path / "実績_2026.csv"
    assert run_cli("export", project / "measures", "--results-template", "--year", "2026",
                   "-o", sheet).exit_code == 0  # fmt: skip
    rows = list(csv.reader(io.StringIO(sheet.read_bytes().decode("utf-8-sig"))))
    value, note = rows[0].index("実績値"), rows[0].index("備考")
    typed = {
        ("ECON-01", "創業件数"): ("128", ""),
        ("ENV-01", "区内CO2排出量"): ("39", ""),
        ("LIFE-01", "地域活動の参加率"): ("－", "調査は隔年で実施"),  # a full-width hyphen
        ("URBAN-01", "公園面積"): ("510ha", ""),
        ("", "区内の創業・事業承継の件数"): ("1,050", ""),
        ("", "みどり率"): ("20.5", ""),
    }
    for row in rows[1:8]:
        row[value], row[note] = typed.get((row[1], row[4]), ("", ""))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    sheet.write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))

    target = project / "results" / "2026.yaml"
    result = run_cli("import", sheet, "-o", target, "--results")
    assert result.exit_code == 0, result.output
    assert _yaml(target) == RESULTS_2026
    assert "情報 実績_2026.csv 行10: 注記の行を読み飛ばしました。" in result.stderr
    assert _kpi(_progress(project), "ECON-01", "ECON-01.k1")["status"] == "behind"


# --- A department's own sheet -----------------------------------------------------------------


def _messy_workbook(path: Path) -> Path:
    """Sheets as departments keep them: a cover sheet, a title row, headings merged over two
    rows, full-width digits and ids, era years, English headings, a measure's id merged down
    over its two KPIs, 未集計, a unit after the number, a remark under the table."""
    book = Workbook()
    cover = book.active
    cover.title = "表紙"
    cover["A1"] = "令和7年度 行政評価 実績報告"

    two = book.create_sheet("経済・環境")
    two["A1"] = "令和７年度　施策の実績"
    for cell, heading in (("A3", "施策番号"), ("B3", "指標名"), ("C3", "単位"), ("D3", "実績報告")):
        two[cell] = heading
    for cell, heading in (("D4", "年度"), ("E4", "実績値"), ("F4", "備考")):
        two[cell] = heading
    for merged in ("A3:A4", "B3:B4", "C3:C4", "D3:F3"):
        two.merge_cells(merged)
    two.append(["ＥＣＯＮ－０１", "創業件数", "件", "令和７年度", "１２７", None])
    two.append(["ENV-01", "区内ＣＯ２排出量", "千t", "R7", "８８", None])
    two.append(["LIFE-01", "地域活動の参加率", "%", "令和7年度", None, None])  # nothing yet
    two.append(["※ 数値は速報値です。"])

    urban = book.create_sheet("都市整備")
    urban["A1"] = "FY2025 results — urban development"
    urban.append(["Measure ID", "Indicator", "FY", "Result", "Remarks", "担当課"])
    urban.append(["URBAN-01", "公園面積", "FY2025", "未集計", None, "公園緑地課"])
    urban.append([None, "緑化助成件数", "2025年度", "12件", "速報値", "みどり政策課"])
    urban.merge_cells("A3:A4")
    book.save(path)
    return path


# Read by hand from the sheets above (the KPI of ECON-01 has an id, which the file names).
MESSY_RESULTS = [
    {"measure": "ECON-01", "kpi": "ECON-01.k1", "year": 2025, "value": 127},
    {"measure": "ENV-01", "kpi": "区内CO2排出量", "year": 2025, "value": 88},
    {"measure": "URBAN-01", "kpi": "公園面積", "year": 2025, "value": None, "note": "未集計"},
    {"measure": "URBAN-01", "kpi": "緑化助成件数", "year": 2025, "value": 12, "note": "速報値"},
]


def test_a_departments_own_messy_sheet(tmp_path):
    project = _project(tmp_path)
    target = project / "results" / "2025.yaml"
    target.unlink()
    book = _messy_workbook(tmp_path / "実績報告.xlsx")
    result = run_cli("import", book, "--results", "-o", target)
    assert result.exit_code == 0, result.output
    assert _yaml(target) == MESSY_RESULTS
    assert "シート「表紙」には実績の見出し行がないため読みません" in result.stderr
    assert "情報 経済・環境 行8: 注記の行を読み飛ばしました。" in result.stderr
    assert (
        "情報 都市整備 行4 列A「Measure ID」: 空のセルを上の行（行3）の「URBAN-01」の続き"
        "（縦に結合したセル）として読みました。"
    ) in result.stderr
    assert "「12件」から単位「件」を除いて 12 と読みました。" in result.stderr
    assert "4 件の実績（2025 年度）を" in result.stdout
    assert "実績値も備考も空の行 1 件は書き出していません" in result.stdout

    document = _progress(project, "--year", "2025")
    econ = _kpi(document, "ECON-01", "ECON-01.k1")
    assert (econ["achievement"], econ["status"]) == (0.3375, "mostly_on_track")
    env = _kpi(document, "ENV-01", "区内CO2排出量")
    assert (env["achievement"], env["status"]) == (0.2, "on_track")
    park = _kpi(document, "URBAN-01", "公園面積")
    assert (park["status"], park["note"]) == ("not_reported", "未集計")
    # 緑化助成件数: baseline 0 (2023), target 70 (2030): 10 a year, so 20 expected in 2025,
    # progress 20/70 = 0.285714; 12/70 = 0.171429 < 0.8 × 0.285714 = 0.228571 → behind, and
    # ≥ 0.5 × 0.285714 = 0.142857 → not far.
    green = _kpi(document, "URBAN-01", "緑化助成件数")
    assert (green["expected"], green["expected_progress"]) == (20, 0.285714)
    assert (green["achievement"], green["status"], green["far_behind"]) == (0.171429, "behind", False)
    # LIFE-01 was left empty in the sheet, and its 2025 result was in the file replaced.
    assert _kpi(document, "LIFE-01", "地域活動の参加率")["status"] == "not_reported"


# --- Errors: each at its cell, in both languages, nothing written; and the fixed sheet --------

HEADER = ["施策番号", "指標名", "年度", "実績値", "備考"]
# (rows, the same rows fixed, Japanese message, English message)
ERRORS = [
    (
        [HEADER, ["ECON-10", "創業件数", 2025, 127]],
        [HEADER, ["ECON-01", "創業件数", 2025, 127]],
        "エラー 経済産業部 行2 列A「施策番号」: 施策「ECON-10」はありません。 → 「ECON-01」の"
        "誤りではありませんか？",
        "error 経済産業部!R2C1 (A2, 施策番号): There is no measure 'ECON-10'. → Did you mean "
        "'ECON-01'?",
    ),
    (
        [HEADER, ["ECON-01", "創業件", 2025, 127]],
        [HEADER, ["ECON-01", "創業件数", 2025, 127]],
        "エラー 経済産業部 行2 列B「指標名」: 施策 ECON-01 に指標「創業件」はありません。 → "
        "「創業件数」の誤りではありませんか？",
        "error 経済産業部!R2C2 (B2, 指標名): Measure ECON-01 has no KPI '創業件'. → Did you mean "
        "'創業件数'?",
    ),
    (
        [["施策番号", "指標ID", "年度", "実績値"], ["ECON-01", "ECON-01.k2", 2025, 127]],
        [["施策番号", "指標ID", "年度", "実績値"], ["ECON-01", "econ-01.k1", 2025, 127]],
        "エラー 経済産業部 行2 列B「指標ID」: 施策 ECON-01 に指標ID「ECON-01.k2」の指標はありません。"
        " → 「ECON-01.k1」の誤りではありませんか？",
        "error 経済産業部!R2C2 (B2, 指標ID): Measure ECON-01 has no KPI with the id 'ECON-01.k2'.",
    ),
    (
        [HEADER, ["URBAN-01", None, 2025, 480]],
        [HEADER, ["URBAN-01", "公園面積", 2025, 480]],
        "エラー 経済産業部 行2 列B「指標名」: 施策 URBAN-01 には指標が複数あるため、指標名か指標ID"
        " が必要です。 → URBAN-01 の指標: 公園面積、緑化助成件数",
        "error 経済産業部!R2C2 (B2, 指標名): Measure URBAN-01 has several KPIs: give the KPI's "
        "name or id. → The KPIs of URBAN-01: 公園面積, 緑化助成件数",
    ),
    (
        [HEADER, ["ECON-01", "創業件数", 2025, "128人"]],
        [HEADER, ["ECON-01", "創業件数", 2025, "128件"]],
        "エラー 経済産業部 行2 列D「実績値」: 「128人」の「人」は、この指標の単位「件」ではありません。",
        "error 経済産業部!R2C4 (D2, 実績値): '人' in '128人' is not this KPI's unit, '件'.",
    ),
    (
        [HEADER, ["ECON-01", "創業件数", 2025, "約130"]],
        [HEADER, ["ECON-01", "創業件数", 2025, "未集計"]],
        "エラー 経済産業部 行2 列D「実績値」: 「約130」は数値ではありません。 → 数値だけを書いて"
        "ください（1200、1,200、１２００）。実績がなければ「—」か「未集計」と書き、",
        "error 経済産業部!R2C4 (D2, 実績値): '約130' is not a number. → Write the number alone",
    ),
    (
        [HEADER, ["ECON-01", "創業件数", 2025, "#DIV/0!"]],
        [HEADER, ["ECON-01", "創業件数", 2025, 127]],
        "エラー 経済産業部 行2 列D「実績値」: セルの値が Excel のエラー値「#DIV/0!」です。",
        "error 経済産業部!R2C4 (D2, 実績値): The cell holds the Excel error value '#DIV/0!'.",
    ),
    (
        [HEADER, ["ECON-01", "創業件数", "令和0年度", 127]],
        [HEADER, ["ECON-01", "創業件数", "令和元年度", 127]],
        "エラー 経済産業部 行2 列C「年度」: 「令和0年度」という年度はありません（令和 は 1 以上）。",
        "error 経済産業部!R2C3 (C2, 年度): '令和0年度' is not a possible year (令和: at least 1).",
    ),
    (
        [HEADER, ["ECON-01", "創業件数", None, 127]],
        [HEADER, ["ECON-01", "創業件数", "FY2025", 127]],
        "エラー 経済産業部 行2 列C「年度」: 「年度」が空です。",
        "error 経済産業部!R2C3 (C2, 年度): The year (年度) is empty.",
    ),
    (
        [HEADER, [None, "みどり", 2025, 21]],
        [HEADER, [None, "みどり率", 2025, 21]],  # a plan-level indicator, by its name
        "エラー 経済産業部 行2 列A「施策番号」: 「施策番号」が空です。 → 施策の ID を書いてください"
        "（例: ECON-01）。成果指標なら「指標ID」に成果指標の ID（PP-6.i1、PP-5.i1）を書きます。",
        "error 経済産業部!R2C1 (A2, 施策番号): The measure (施策番号) is empty.",
    ),
    (
        [HEADER, ["LIFE-01", None, 2025, 47], ["LIFE-01", "地域活動の参加率", "令和7年度", 48]],
        [HEADER, ["LIFE-01", None, 2025, 47], ["LIFE-01", "地域活動の参加率", "令和7年度", 47]],
        "エラー 経済産業部 行3 列D「実績値」: LIFE-01「地域活動の参加率」の 2025 年度の実績が2つあり、"
        "違います: 47（経済産業部 行2 列D「実績値」）と 48（経済産業部 行3 列D「実績値」）。",
        "error 経済産業部!R3C4 (D3, 実績値): LIFE-01 '地域活動の参加率' has two different FY2025 "
        "results: 47 at 経済産業部!R2C4 (D2, 実績値) and 48 at 経済産業部!R3C4 (D3, 実績値).",
    ),
    (
        [["施策番号", "指標名", "年度", "実績", "実績値"], ["ECON-01", "創業件数", 2025, 127, 127]],
        [["施策番号", "指標名", "年度", "実績値"], ["ECON-01", "創業件数", 2025, 127]],
        "エラー 経済産業部 行1 列E「実績値」: 列Dと同じ項目（実績値）の列がもう一つあります。",
        "error 経済産業部!R1C5 (E1, 実績値): A second column for the same item (実績値) as column "
        "D.",
    ),
    (
        [["施策番号", "指標名", "年度", "結果"], ["ECON-01", "創業件数", 2025, 127]],
        [["施策番号", "指標名", "年度", "実績値"], ["ECON-01", "創業件数", 2025, 127]],
        "エラー 経済産業部 行1: 見出し行（行1）に必須の列「実績値」がありません。",
        "error 経済産業部!R1: The header row (row 1) has no column '実績値', which is required.",
    ),
]

def _book(path: Path, rows: list[list], title: str = "経済産業部") -> Path:
    book = Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize(("bad", "good", "japanese", "english"), ERRORS)
def test_errors_are_located_in_both_languages_and_nothing_is_written(
    tmp_path, bad, good, japanese, english
):
    config = PROGRESS / "seta-align.yaml"
    target = tmp_path / "results" / "2025.yaml"
    sheet = _book(tmp_path / "bad.xlsx", bad)
    result = run_cli("import", sheet, "--results", "-c", config, "-o", target, "--lang", "ja")
    assert result.exit_code == 2
    assert japanese in result.stderr
    assert "何も書き出していません" in result.stderr
    assert "Traceback" not in result.output
    assert not target.exists()
    english_run = run_cli("import", sheet, "--results", "-c", config, "-o", target, "--lang", "en")
    assert english_run.exit_code == 2
    assert english in english_run.stderr
    assert "nothing was written" in english_run.stderr.lower()
    assert not target.parent.exists()

    fixed = run_cli("import", _book(tmp_path / "good.xlsx", good), "--results", "-c", config,
                    "-o", target)  # fmt: skip
    assert fixed.exit_code == 0, fixed.output
    assert _yaml(target)


def test_the_fixed_rows_read_as_meant(tmp_path):
    """What some of the fixed sheets above are read as: 未集計 is not reported with the word
    as its note, 128件 is 128, the indicator named by its name, the repeated row once."""
    config = PROGRESS / "seta-align.yaml"
    rows = [
        HEADER,
        ["ECON-01", "創業件数", "令和7年度", "128件"],
        ["ENV-01", "区内CO2排出量", 2025, "未集計"],
        ["LIFE-01", None, 2025, 47],
        ["LIFE-01", "地域活動の参加率", "令和7年度", 47, "速報値"],
        [None, "みどり率", 2025, 21],
        ["URBAN-01", "公園面積", 2025, None, "調査中のため次回報告"],
        ["URBAN-01", "緑化助成件数", 2025, None, None],
    ]
    target = tmp_path / "2025.yaml"
    result = run_cli("import", _book(tmp_path / "s.xlsx", rows), "--results", "-c", config,
                     "-o", target)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _yaml(target) == [
        {"measure": "ECON-01", "kpi": "ECON-01.k1", "year": 2025, "value": 128},
        {"measure": "ENV-01", "kpi": "区内CO2排出量", "year": 2025, "value": None, "note": "未集計"},
        {"measure": "LIFE-01", "kpi": "地域活動の参加率", "year": 2025, "value": 47,
         "note": "速報値"},
        {"indicator": "PP-5.i1", "year": 2025, "value": 21},
        {"measure": "URBAN-01", "kpi": "公園面積", "year": 2025, "value": None,
         "note": "調査中のため次回報告"},
    ]  # fmt: skip
    assert "同じ実績を繰り返した行 1 件は1件として書き出しました" in result.stdout
    assert "実績値も備考も空の行 1 件は書き出していません" in result.stdout
    # Not the config's results folder: said, so that progress is not left without it.
    assert "progress に読ませるには、設定ファイルの results: に" in result.stdout


def test_a_formula_without_a_saved_value_is_an_error_at_its_cell(tmp_path):
    sheet = _book(tmp_path / "f.xlsx", [HEADER, ["ECON-01", "創業件数", 2025, "=120+7"]])
    target = tmp_path / "2025.yaml"
    result = run_cli("import", sheet, "--results", "-c", PROGRESS / "seta-align.yaml", "-o", target)
    assert result.exit_code == 2
    assert "エラー 経済産業部 行2 列D「実績値」: 数式 =120+7 の計算結果がブックに保存されていません" in (
        result.stderr
    )
    assert not target.exists()


def test_several_years_need_a_file_name(tmp_path):
    project = _project(tmp_path)
    rows = [HEADER, ["ECON-01", "創業件数", 2025, 127], ["ECON-01", "創業件数", 2026, 128]]
    sheet = _book(tmp_path / "two.xlsx", rows)
    unnamed = run_cli("import", sheet, "--results", "-c", project / "seta-align.yaml")
    assert unnamed.exit_code == 2
    assert "シートに複数の年度（2025、2026）の実績があります。" in unnamed.stderr
    named = project / "results" / "econ.yaml"
    result = run_cli("import", sheet, "--results", "-o", named)
    assert result.exit_code == 0, result.output
    assert [item["year"] for item in _yaml(named)] == [2025, 2026]
    # The fixture's own 2025.yaml and 2026.yaml report ECON-01 too, with the same values.
    assert "results/2025.yaml にも同じ年度の実績が 3 件あります" in result.stdout


def test_results_need_a_project_and_go_alone(in_tmp):
    sheet = _book(in_tmp / "s.xlsx", [HEADER, ["ECON-01", "創業件数", 2025, 127]])
    alone = run_cli("import", sheet, "--results")
    assert alone.exit_code == 2
    assert "プロジェクト（seta-align.yaml か data/measures）が見つからない" in alone.stderr
    assert sorted(p.name for p in in_tmp.iterdir()) == ["s.xlsx"]
    partial = run_cli("import", sheet, "--results", "--partial", "-c", PROGRESS / "seta-align.yaml")
    assert partial.exit_code == 2
    assert "--results と --partial は一緒に使えません" in partial.stderr
    wrong = run_cli("import", sheet, "--results", "-c", PROGRESS / "seta-align.yaml", "-o",
                    in_tmp / "r.txt", "--lang", "en")  # fmt: skip
    assert wrong.exit_code == 2
    assert "The results file's name must end in .yaml" in wrong.stderr
    assert sorted(p.name for p in in_tmp.iterdir()) == ["s.xlsx"]


# --- Names Excel refuses, text a spreadsheet would run ------------------------------------------

LONG = "とても長い名前の担当部その一二三四五六七八九十一二三四五六七八九十一二三"  # 36 characters


def test_sheet_names_are_safe_and_formulas_stay_text(tmp_path):
    project = tmp_path / "p"
    (project / "measures").mkdir(parents=True)
    (project / "seta-align.yaml").write_text("measures: [measures]\n", encoding="utf-8")
    kpi = {"unit": "件", "target": {"year": 2030, "value": 10}}
    measures = [
        {"id": "MGMT-01", "owner": "総務部/庁舎[整備]:担当*?", "name": '=HYPERLINK("http://x")'},
        {"id": "MGMT-02", "owner": LONG + "A", "name": "件数"},
        {"id": "MGMT-03", "owner": LONG + "B", "name": "件数"},
    ]
    (project / "measures" / "m.yaml").write_text(
        yaml.safe_dump(
            [
                {"id": m["id"], "title": "t", "owner": m["owner"], "field": "MGMT",
                 "supports": ["GL-6"], "kpis": [{"name": m["name"], **kpi}]}
                for m in measures
            ],
            allow_unicode=True,
        ),
        encoding="utf-8",
    )  # fmt: skip
    sheet = tmp_path / "t.xlsx"
    result = run_cli("export", project / "measures", "--results-template", "--year", "2025",
                     "-o", sheet)  # fmt: skip
    assert result.exit_code == 0, result.output
    book = load_workbook(sheet)
    # / [ ] : * ? become ＿; at most 31 characters; the second long name, the same in its
    # first 31, gets (2) within the 31.
    assert book.sheetnames == [
        "総務部＿庁舎＿整備＿＿担当＿＿", LONG[:31], LONG[:28] + "(2)", "施策評価", "記入方法"
    ]
    for name in book.sheetnames:
        assert len(name) <= 31 and not set(name) & set("[]:*?/\\")
    # Row 1 names the department in full.
    assert f"— {LONG}B / FY2025" in book[LONG[:28] + "(2)"]["A1"].value
    # A KPI name that a spreadsheet would run is text, and is read back as the name.
    first = book["総務部＿庁舎＿整備＿＿担当＿＿"]
    assert first["D5"].value == "'=HYPERLINK(\"http://x\")"
    first["K5"] = 3
    book[LONG[:31]]["K5"] = "=cmd|' /C calc'!A0"  # typed by someone: a formula, never run
    book[LONG[:28] + "(2)"]["K5"] = 4
    book[LONG[:28] + "(2)"]["L5"] = "@速報値"  # a note that starts like a formula
    book.save(sheet)
    target = project / "results" / "2025.yaml"
    refused = run_cli("import", sheet, "--results", "-o", target)
    assert refused.exit_code == 2  # a formula Excel never calculated is no result
    assert "数式 =cmd|' /C calc'!A0 の計算結果がブックに保存されていません" in refused.stderr
    assert not target.exists()
    book = load_workbook(sheet)
    book[LONG[:31]]["K5"] = 5
    book.save(sheet)
    result = run_cli("import", sheet, "--results", "-o", target)
    assert result.exit_code == 0, result.output
    assert _yaml(target) == [
        {"measure": "MGMT-01", "kpi": '=HYPERLINK("http://x")', "year": 2025, "value": 3},
        {"measure": "MGMT-02", "kpi": "件数", "year": 2025, "value": 5},
        {"measure": "MGMT-03", "kpi": "件数", "year": 2025, "value": 4, "note": "@速報値"},
    ]


def test_a_hidden_sheet_is_read_only_when_no_visible_one_has_results(tmp_path):
    config = PROGRESS / "seta-align.yaml"
    book = Workbook()
    book.active.title = "経済産業部"
    for row in (HEADER, ["ECON-01", "創業件数", 2025, 127]):
        book.active.append(row)
    old = book.create_sheet("前年度")
    for row in (HEADER, ["ENV-01", "区内CO2排出量", 2025, 90]):
        old.append(row)
    old.sheet_state = "hidden"
    book.save(tmp_path / "both.xlsx")
    target = tmp_path / "2025.yaml"
    result = run_cli("import", tmp_path / "both.xlsx", "--results", "-c", config, "-o", target)
    assert result.exit_code == 0, result.output
    assert "警告 前年度: シート「前年度」は非表示のため読みません。" in result.stderr
    assert [item["measure"] for item in _yaml(target)] == ["ECON-01"]

    book.remove(book["経済産業部"])
    book.create_sheet("表紙", 0)["A1"] = "令和7年度 実績報告"
    book.save(tmp_path / "hidden.xlsx")
    alone = run_cli("import", tmp_path / "hidden.xlsx", "--results", "-c", config,
                    "-o", tmp_path / "h.yaml")  # fmt: skip
    assert alone.exit_code == 0, alone.output
    assert "シート「前年度」は非表示のシートですが" in alone.stderr
    assert [item["measure"] for item in _yaml(tmp_path / "h.yaml")] == ["ENV-01"]


def test_kpis_named_by_id_and_by_name(tmp_path):
    config = PROGRESS / "seta-align.yaml"
    header = ["施策番号", "指標ID", "指標名", "年度", "実績値"]
    rows = [
        header,
        [None, "ECON-01.k1", None, 2025, 127],  # a KPI id alone says the measure too
        [None, "pp-6.i1", None, 2025, 1030],  # a plan-level indicator, any case
        ["ENV-01", None, "区内CO2排出量", 2025, 88],
        ["ECON-01", "ECON-01.k1", "創業の件数", 2024, 125],  # the name differs: the id wins
    ]
    target = tmp_path / "r.yaml"
    result = run_cli("import", _book(tmp_path / "ids.xlsx", rows), "--results", "-c", config,
                     "-o", target)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _yaml(target) == [
        {"measure": "ECON-01", "kpi": "ECON-01.k1", "year": 2025, "value": 127},
        {"indicator": "PP-6.i1", "year": 2025, "value": 1030},
        {"measure": "ENV-01", "kpi": "区内CO2排出量", "year": 2025, "value": 88},
        {"measure": "ECON-01", "kpi": "ECON-01.k1", "year": 2024, "value": 125},
    ]
    assert (
        "警告 経済産業部 行5 列C「指標名」: 指標名「創業の件数」は、指標ID ECON-01.k1 の指標名"
        "「創業件数」と違います。指標ID で読みました。"
    ) in result.stderr

    # An id and a name of two different KPIs of one measure: which was meant cannot be told.
    clash = [header, ["URBAN-01", "公園面積", "緑化助成件数", 2025, 12]]
    refused = run_cli("import", _book(tmp_path / "clash.xlsx", clash), "--results", "-c", config,
                      "-o", tmp_path / "c.yaml", "--lang", "en")  # fmt: skip
    assert refused.exit_code == 2
    assert (
        "error 経済産業部!R2C3 (C2, 指標名): The KPI id '公園面積' and the KPI name '緑化助成件数' "
        "name different KPIs."
    ) in refused.stderr
    assert not (tmp_path / "c.yaml").exists()
