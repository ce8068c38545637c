"""A KPI's outcome-management fields in the measures sheet: 指標ID (id), 方向 (direction), 年度目標
(milestones) and 成果指標 (contributes_to), written by `export` and read by `import`.

The fixture (tests/fixtures/progress/measures, see tests/test_progress.py) written by hand:

    ECON-01  創業件数: id ECON-01.k1, contributes_to PP-6.i1, no direction, no milestones
    ENV-01   区内CO2排出量: direction 減少, milestones {2025: 90, 令和9年度: 70}
             (令和9年度 = 2018 + 9 = 2027), contributes_to PP-5.i1
    LIFE-01  地域活動の参加率: none of the four
    URBAN-01 公園面積: direction increase; 緑化助成件数 (the second KPI): none of the four

Every expected cell below is written out from these lines, never taken from the code; the
progress figures are those worked out in the docstring of tests/test_progress.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook, load_workbook

from conftest import FIXTURES, check_json, codes, run_cli

PROGRESS = FIXTURES / "progress"
MEASURES = PROGRESS / "measures"
CONFIG = PROGRESS / "seta-align.yaml"


def _table(path: Path) -> list[list]:
    """The first sheet's cells (a CSV file's rows), None for an empty cell."""
    if path.suffix == ".csv":
        text = path.read_bytes().decode("utf-8-sig")
        return [[v if v != "" else None for v in row] for row in csv.reader(io.StringIO(text))]
    sheet = load_workbook(path).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _rows_by_id(path: Path) -> dict[str, dict]:
    header, *rows = _table(path)
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows}


def _all_sheets(path: Path) -> object:
    if path.suffix == ".csv":
        return path.read_bytes()
    book = load_workbook(path)
    return {s.title: [[c.value for c in row] for row in s.iter_rows()] for s in book.worksheets}


def _measures(folder: Path) -> dict[str, dict]:
    return {
        m["id"]: m
        for path in sorted(folder.rglob("*.yaml"))
        for m in yaml.safe_load(path.read_text(encoding="utf-8"))
    }


def _workbook(path: Path, rows: list[list], title: str = "施策一覧") -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


# --- Export -------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_export_writes_id_direction_milestones_and_indicator(tmp_path, suffix, lang):
    sheet = tmp_path / f"measures{suffix}"
    result = run_cli("export", MEASURES, "-o", sheet, "--lang", lang)
    assert result.exit_code == 0, result.output
    rows = _rows_by_id(sheet)

    def outcome(row: dict, group: str = "") -> list:
        return [row[f"{heading}{group}"] for heading in ("指標ID", "方向", "年度目標", "成果指標")]

    assert outcome(rows["ECON-01"]) == ["ECON-01.k1", None, None, "PP-6.i1"]
    # 減少 as the file says it; the milestones by year, 令和9年度 as 2027; the same words
    # whatever --lang, since the sheet's headings are Japanese too.
    assert outcome(rows["ENV-01"]) == [None, "減少", "2025:90; 2027:70", "PP-5.i1"]
    assert outcome(rows["LIFE-01"]) == [None, None, None, None]
    # `direction: increase` is written as the clerk reads it: 増加.
    assert outcome(rows["URBAN-01"]) == [None, "増加", None, None]
    assert rows["URBAN-01"]["指標名2"] == "緑化助成件数"
    assert outcome(rows["URBAN-01"], "2") == [None, None, None, None]
    assert outcome(rows["ECON-01"], "2") == [None, None, None, None]  # no second KPI

    if suffix == ".xlsx":
        book = load_workbook(sheet)
        header = [c.value for c in book["施策一覧"][1]]
        for heading in ("指標ID", "方向", "年度目標", "成果指標", "年度目標2"):
            # Text, so that Excel keeps what is typed (26:40 would become a time).
            column = header.index(heading) + 1
            assert book["施策一覧"].cell(row=2, column=column).number_format == "@", heading
        guide = {row[0].value: [c.value for c in row] for row in book["記入方法"].iter_rows()}
        assert guide["指標ID"][3] == "ECON-01.k1"
        assert "増加・減少・維持" in guide["方向"][1] and "increase" in guide["方向"][2]
        assert guide["年度目標"][3] == "2026:140; 2028:160"
        assert "令和8年度:1,200" in guide["年度目標"][1]
        assert guide["成果指標"][3] == "PP-6.i1"
        assert "指標ID2" not in guide  # the further KPIs are explained once


def test_export_writes_milestones_by_year_and_as_numbers_are_written(tmp_path):
    draft = tmp_path / "draft"
    draft.mkdir()
    (draft / "m.yaml").write_text(
        "- id: X-1\n  title: t\n  owner: 経済産業部\n  field: ECON\n  supports: [PP-6]\n"
        "  kpis:\n    - {name: n, unit: 件, baseline: {year: 2024, value: 0},\n"
        "       target: {year: 2031, value: 2000},\n"
        "       milestones: {2030: 1500.0, 令和8年度: 12.5, 2028: 1200}}\n",
        encoding="utf-8",
    )
    sheet = tmp_path / "x.csv"
    assert run_cli("export", draft, "-o", sheet).exit_code == 0
    # 令和8年度 = 2026 first; 1500.0 as 1500; 1200 without a separator (the ',' of 1,200 would
    # read back too, but a plain number is what a value cell holds).
    assert _rows_by_id(sheet)["X-1"]["年度目標"] == "2026:12.5; 2028:1200; 2030:1500"


# --- The round trip -----------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_the_progress_fixture_round_trips_and_keeps_its_figures(tmp_path, suffix):
    first = tmp_path / f"first{suffix}"
    assert run_cli("export", MEASURES, "-o", first).exit_code == 0
    out = tmp_path / "measures"
    imported = run_cli("import", first, "-o", out, "--by", "file", "--lang", "en")
    assert imported.exit_code == 0, imported.output
    # The export's own words are no input to normalise: 減少 and 2027 as written.
    assert "0 values read as meant" in imported.stdout
    second = tmp_path / f"second{suffix}"
    assert run_cli("export", out, "-o", second).exit_code == 0
    assert _all_sheets(first) == _all_sheets(second)

    again = _measures(out)
    assert again["ECON-01"]["kpis"] == [
        {
            "id": "ECON-01.k1",
            "name": "創業件数",
            "unit": "件",
            "baseline": {"year": 2022, "value": 100},
            "target": {"year": 2030, "value": 180},
            "contributes_to": "PP-6.i1",
        }
    ]
    # 減少 and 令和9年度 in the fixture come back as the words a measure file is checked in.
    assert again["ENV-01"]["kpis"] == [
        {
            "name": "区内CO2排出量",
            "unit": "千t",
            "baseline": {"year": 2023, "value": 100},
            "target": {"year": 2030, "value": 40},
            "direction": "decrease",
            "milestones": {2025: 90, 2027: 70},
            "contributes_to": "PP-5.i1",
        }
    ]
    assert again["URBAN-01"]["kpis"][0]["direction"] == "increase"
    assert set(again["URBAN-01"]["kpis"][1]) == {"name", "unit", "baseline", "target"}
    assert set(again["LIFE-01"]["kpis"][0]) == {"name", "unit", "baseline", "target"}

    # The same outcome management: the whole progress document is the same for both drafts.
    def progress(folder: Path) -> dict:
        result = run_cli("progress", folder, "-c", CONFIG, "--format", "json", "--lang", "en")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    document = progress(out)
    assert document == progress(MEASURES)
    # And the figures worked out by hand (tests/test_progress.py), each depending on one field:
    kpis = {(k["measure"], k["kpi"]): k for k in document["kpis"]}
    # the id: the results name the KPI ECON-01.k1; 2026: 128 against 140, 28/80 = 0.35 → 遅れ
    econ = kpis[("ECON-01", "ECON-01.k1")]
    assert (econ["value"], econ["expected"], econ["achievement"]) == (128, 140, 0.35)
    assert econ["status"] == "behind"
    # the milestones: 2026 is halfway from 90 (2025) to 70 (2027), 80 — the straight line
    # 100 → 40 would give 100 − 60 × 3/7 = 74.29; 39 ≤ 40 → 達成, 61/60 = 1.016667
    env = kpis[("ENV-01", "区内CO2排出量")]
    assert (env["direction"], env["expected"], env["status"]) == ("decrease", 80, "achieved")
    assert env["achievement"] == 1.016667
    # contributes_to: each plan-level indicator beside the one KPI that feeds it
    members = {c["id"]: c["members"] for c in document["contributions"]}
    assert members == {"PP-6.i1": ["ECON-01:ECON-01.k1"], "PP-5.i1": ["ENV-01:区内CO2排出量"]}


# --- Import: what people type --------------------------------------------------------------------

HEADER = [
    "施策ID",
    "施策名",
    "所管部",
    "分野",
    "重点政策",
    "指標名",
    "単位",
    "基準年度",
    "現状値",
    "目標年度",
    "目標値",
    "指標ID",
    "方向",
    "年度目標",
    "成果指標",
    "指標名2",
    "単位2",
    "目標年度2",
    "目標値2",
    "方向2",
    "年度目標2",
]


def test_import_reads_the_four_columns_as_people_type_them(tmp_path):
    rows = [
        HEADER,
        [
            "ECON-90",
            "創業支援",
            "経済産業部",
            "ECON",
            "PP-6.5",
            "創業件数",
            "件",
            2022,
            100,
            2031,
            1500,
            "ＥＣＯＮ－９０．ｋ１",  # full width
            "増加",
            "令和8年度:１４０、2028：1,200；FY2029:1300\nR12:1400件",
            "ＰＰ－６．ｉ１",
            "廃業率",
            "%",
            2031,
            3,
            "Decrease",
            "2027:4.5; 2029:4",
        ],
        [
            *["ENV-90", "CO2削減", "環境政策部", "ENV", "PP-5", "排出量", "千t", 2023, 100],
            *[2030, 40, None, "削減", None, None, None, None, None, None, None, None],
        ],
        [
            *["LIFE-90", "参加促進", "生活文化政策部", "LIFE", "PP-2", "参加率", "%", 2023, 50],
            *[2030, 50, "life-90.k1", "MAINTAIN", None, None, None, None, None, None, None, None],
        ],
    ]
    out = tmp_path / "out"
    result = run_cli("import", _workbook(tmp_path / "b.xlsx", rows), "-o", out, "--lang", "en")
    assert result.exit_code == 0, result.output
    measures = _measures(out)
    assert measures["ECON-90"]["kpis"] == [
        {
            "id": "ECON-90.k1",
            "name": "創業件数",
            "unit": "件",
            "baseline": {"year": 2022, "value": 100},
            "target": {"year": 2031, "value": 1500},
            "direction": "increase",
            # 令和8年度 = 2018 + 8 = 2026, FY2029, R12 = 2018 + 12 = 2030; １４０ full width,
            # 1,200 with a thousands separator, 1400件 with the KPI's unit; 、 ； and a line
            # break between them.
            "milestones": {2026: 140, 2028: 1200, 2029: 1300, 2030: 1400},
            "contributes_to": "PP-6.i1",
        },
        {
            "name": "廃業率",
            "unit": "%",
            "target": {"year": 2031, "value": 3},
            "direction": "decrease",
            "milestones": {2027: 4.5, 2029: 4},
        },
    ]
    assert measures["ENV-90"]["kpis"][0]["direction"] == "decrease"  # 削減, as measure files
    life = measures["LIFE-90"]["kpis"][0]
    assert (life["id"], life["direction"]) == ("life-90.k1", "maintain")  # the id as typed
    # Read as meant, cell by cell: ECON-90's 指標ID, 年度目標 and 成果指標 (full width, era
    # years), Decrease; ENV-90's 削減; LIFE-90's MAINTAIN → 3 + 1 + 1 + 1 = 6. 増加 and
    # 2027:4.5; 2029:4 are what the export writes.
    assert "6 values read as meant" in result.stdout

    # Checked with the fixture's plan-level indicators, which PP-6.i1 is one of.
    config = tmp_path / "seta-align.yaml"
    config.write_text(
        f"measures: [out]\nindicators: {json.dumps(str(PROGRESS / 'indicators.yaml'))}\n",
        encoding="utf-8",
    )
    exit_code, document = check_json(out, "--config", config)
    assert exit_code == 0, document["findings"]
    # Nothing left for check to normalise; direction, milestones and years agree (no SA708);
    # the indicator is known (no SA704).
    assert not {"SA003", "SA004", "SA704", "SA708"} & set(codes(document))

    again = tmp_path / "again.xlsx"
    assert run_cli("export", out, "-o", again).exit_code == 0
    econ = _rows_by_id(again)["ECON-90"]
    assert econ["方向"] == "増加" and econ["方向2"] == "減少"
    assert econ["年度目標"] == "2026:140; 2028:1200; 2029:1300; 2030:1400"
    assert econ["年度目標2"] == "2027:4.5; 2029:4"
    assert econ["指標ID"] == "ECON-90.k1" and econ["成果指標"] == "PP-6.i1"


def test_english_headings_and_mapping_roles(tmp_path):
    rows = [
        [
            *["id", "title", "owner", "field", "supports", "kpi name", "unit", "target"],
            *["target year", "kpi id", "direction", "milestones", "contributes to"],
            *["kpi name 2", "unit 2", "target 2", "target year 2", "年度別の計画値", "上位指標"],
        ],
        [
            *["A-1", "Test", "Economy", "ECON", "PP-6", "Count", "件", 20, 2031, "A-1.k1"],
            *["increase", "2026:8", "PP-6.i1", "Rate", "%", 5, 2031, "2027:3", "PP-6.i2"],
        ],
    ]
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "columns:\n  年度別の計画値: kpi2.milestones\n  上位指標: kpi2.contributes_to\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    book = _workbook(tmp_path / "en.xlsx", rows, title="Sheet1")
    result = run_cli("import", book, "--mapping", mapping, "-o", out, "--lang", "en")
    assert result.exit_code == 0, result.output
    first, second = _measures(out)["A-1"]["kpis"]
    assert (first["id"], first["direction"]) == ("A-1.k1", "increase")
    assert (first["milestones"], first["contributes_to"]) == ({2026: 8}, "PP-6.i1")
    assert (second["milestones"], second["contributes_to"]) == ({2027: 3}, "PP-6.i2")

    # The roles are offered in a mapping file's error, and a wrong one is caught.
    mapping.write_text("columns:\n  年度別の計画値: kpi2.milestone\n", encoding="utf-8")
    bad = run_cli("import", book, "--mapping", mapping, "-o", out, "--force", "--lang", "en")
    assert bad.exit_code == 2
    assert "Did you mean 'kpi.milestones'?" in bad.stdout + bad.stderr


# --- Import: cells that cannot be read ----------------------------------------------------------

BASE_HEADER = ["施策ID", "施策名", "所管部", "分野", "指標名", "単位", "目標年度", "目標値"]
OUTCOME = ["指標ID", "方向", "年度目標", "成果指標"]  # columns I, J, K, L
BASE_ROW = ["ECON-90", "創業支援", "経済産業部", "ECON", "創業件数", "件", 2030, 180]

MALFORMED = [
    (
        "方向",
        "上がる",
        "増加",
        "「上がる」は指標の方向として読めません。",
        "Cannot read '上がる' as the direction of an indicator.",
    ),
    (
        "年度目標",
        "2026 140",
        "2026:140",
        "年度目標「2026 140」に「:」がありません（年度と目標値の間に書きます）。",
        "The milestone '2026 140' has no ':' (it goes between the year and the value).",
    ),
    (
        "年度目標",
        "2026:140, 2028:160",  # a comma is a thousands separator, not one between milestones
        "2026:140; 2028:160",
        "年度目標「2026:140, 2028:160」に「:」が 2 つあります（年度目標の間は「;」か「、」で"
        "区切ります。「,」は 1,200 の桁区切りとして読みます）。",
        "The milestone '2026:140, 2028:160' has 2 colons: separate milestones with ';' or '、' "
        "(a ',' is read as in 1,200).",
    ),
    (
        "年度目標",
        "令和0年度:140",
        "令和1年度:140",
        "年度目標「令和0年度:140」の年度を読めません: 「令和0年度」という年度はありません"
        "（令和 は 1 以上）。",
        "Cannot read the year of the milestone '令和0年度:140': '令和0年度' is not a possible "
        "year (令和: at least 1).",
    ),
    (
        "年度目標",
        "来年度:140",
        "2026:140",
        "年度目標「来年度:140」の年度を読めません: 「来年度」を年度として読めません。",
        "Cannot read the year of the milestone '来年度:140': Cannot read '来年度' as a fiscal year.",
    ),
    (
        "年度目標",
        "2026:百四十",
        "2026:140",
        "年度目標「2026:百四十」の目標値を読めません: 「百四十」は数値ではありません。",
        "Cannot read the value of the milestone '2026:百四十': '百四十' is not a number.",
    ),
    (
        "年度目標",
        "2026:",
        "2026:140",
        "年度目標「2026:」に目標値がありません。",
        "The milestone '2026:' has no value.",
    ),
    (
        "年度目標",
        "2026:140; 令和8年度:150",  # 令和8年度 = 2018 + 8 = 2026
        "2026:140; 令和9年度:150",
        "2026 年度の年度目標が2つあります（「2026:140」と「令和8年度:150」）。",
        "Two milestones for FY2026 ('2026:140' and '令和8年度:150').",
    ),
    (
        "年度目標",
        "1800:5",
        "2026:5",
        "年度目標「1800:5」の年度を読めません: 年度 1800 は範囲外です（1900〜2200）。",
        "Cannot read the year of the milestone '1800:5': The year 1800 is out of range (1900 "
        "to 2200).",
    ),
    (
        # A number too large for a float: the model refuses the infinity, at the milestones'
        # cell (not at the KPI's name).
        "年度目標",
        "2026:1e999",
        "2026:1e9",
        "値が正しくありません: Input should be a finite number",
        "Invalid value: Input should be a finite number",
    ),
    (
        # Longer than an id may be (64): the model says so, at the KPI's id cell.
        "指標ID",
        "K" * 65,
        "K" * 64,
        "値が正しくありません: String should have at most 64 characters",
        "Invalid value: String should have at most 64 characters",
    ),
    (
        "指標ID",
        "指標1",
        "ECON-90.k1",
        "「指標1」は ID にできません（半角英字で始まる半角英数字と -_. だけ）。",
        "'指標1' cannot be an id (an ASCII letter, then letters, digits, -, _ or .).",
    ),
    (
        # A sheet that keeps the KPI's name under 成果指標: that heading is the indicator's id.
        "成果指標",
        "区内の創業件数",
        "PP-6.i1",
        "「区内の創業件数」は ID にできません（半角英字で始まる半角英数字と -_. だけ）。 → "
        "成果指標の列には、指標が貢献する成果指標（成果指標ファイルの id）を書きます",
        "'区内の創業件数' cannot be an id (an ASCII letter, then letters, digits, -, _ or .). → "
        "The 成果指標 (contributes to) column holds the id of the plan-level indicator",
    ),
]


@pytest.mark.parametrize(("heading", "bad", "good", "japanese", "english"), MALFORMED)
def test_malformed_cells_are_located_errors_and_nothing_is_written(
    tmp_path, heading, bad, good, japanese, english
):
    def book(path: Path, value: str) -> Path:
        cells = [value if name == heading else None for name in OUTCOME]
        return _workbook(path, [[*BASE_HEADER, *OUTCOME], [*BASE_ROW, *cells]])

    number = len(BASE_HEADER) + OUTCOME.index(heading) + 1  # I = 9 … L = 12
    column = chr(ord("A") + number - 1)
    bad_book = book(tmp_path / "bad.xlsx", bad)
    out = tmp_path / "out"
    result = run_cli("import", bad_book, "-o", out, "--lang", "ja")
    assert result.exit_code == 2
    assert f"エラー 施策一覧 行2 列{column}「{heading}」: {japanese}" in result.stderr
    assert "何も書き出していません" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()
    english_run = run_cli("import", bad_book, "-o", out, "--lang", "en")
    assert english_run.exit_code == 2
    assert f"error 施策一覧!R2C{number} ({column}2, {heading}): {english}" in english_run.stderr
    assert not out.exists()

    fixed = run_cli("import", book(tmp_path / "good.xlsx", good), "-o", out)
    assert fixed.exit_code == 0, fixed.output
    assert _measures(out)["ECON-90"]["kpis"][0]


def test_a_milestone_excel_made_a_time_or_number_is_an_error(tmp_path):
    """26:40 typed into a cell not formatted as text is stored as a time; 2026 alone as a
    number. Neither is 'year:value'."""
    path = _workbook(
        tmp_path / "b.xlsx",
        [[*BASE_HEADER, "年度目標"], [*BASE_ROW, None], ["ECON-91", *BASE_ROW[1:], 2026]],
    )
    book = load_workbook(path)
    sheet = book.active
    sheet["I2"] = dt.time(2, 40)
    sheet["I2"].number_format = "h:mm"
    book.save(path)
    out = tmp_path / "out"
    result = run_cli("import", path, "-o", out, "--lang", "en")
    assert result.exit_code == 2
    assert (
        "error 施策一覧!R2C9 (I2, 年度目標): Cannot read '02:40:00' as milestones (they are "
        "not 'year:value')." in result.stderr
    )
    assert "Format the column as text" in result.stderr
    assert (
        "error 施策一覧!R3C9 (I3, 年度目標): Cannot read '2026' as milestones" in result.stderr
    )
    assert not out.exists()


def test_a_second_kpi_with_only_its_outcome_columns_needs_its_name(tmp_path):
    rows = [
        [*BASE_HEADER, "指標名2", "単位2", "目標年度2", "目標値2", "方向2"],
        [*BASE_ROW, None, None, None, None, "減少"],
    ]
    out = tmp_path / "out"
    result = run_cli("import", _workbook(tmp_path / "b.xlsx", rows), "-o", out)
    assert result.exit_code == 2
    assert "エラー 施策一覧 行2 列I「指標名2」: 目標指標2の「指標名2」が空です。" in result.stderr
    assert not out.exists()
