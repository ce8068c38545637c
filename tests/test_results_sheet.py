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

from openpyxl import load_workbook
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
    assert book.sheetnames == [*DEPARTMENTS, "成果指標", "記入方法"]

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
