"""`seta-align import` and `export`: measures kept in Excel or CSV, and back.

The workbooks and CSV files are made here with openpyxl and plain bytes, the way departments'
sheets look: a title row above the header, blank rows, full-width ids, circled numbers, era years,
numbers Excel typed for them. Every written file is checked with the real `seta-align check`.
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

from conftest import FIXTURES, ROOT, check_json, codes, findings_of, run_cli

SAMPLE = ROOT / "data" / "measures"
SAMPLE_CONFIG = ROOT / "data" / "seta-align.yaml"
HEADER = [
    "施策ID",
    "施策名",
    "所管",
    "分野",
    "関連する重点政策",
    "条例の基本的方針",
    "SDGs",
    "依存する施策",
    "開始年度",
    "終了年度",
    "指標名",
    "単位",
    "現状値",
    "基準年度",
    "目標値",
    "目標年度",
    "タグ",
]
GOOD_ROW = [
    "ECON-90",
    "事業承継の伴走支援",
    "経済産業部",
    "ECON",
    "PP-6",
    "ORD-1.2",
    "SDG-8.3",
    None,
    2024,
    2031,
    "成立件数",
    "件",
    4,
    2022,
    20,
    2031,
    "事業承継",
]


def _workbook(path: Path, rows: list[list], title: str = "施策一覧", **cells) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for coordinate, value in cells.items():
        sheet[coordinate] = value
    book.save(path)
    return path


def _row(**changes) -> list:
    row = list(GOOD_ROW)
    for heading, value in changes.items():
        row[HEADER.index(heading)] = value
    return row


def _import(*args, lang: str = "ja"):
    return run_cli("import", *args, "--lang", lang)


def _measures(folder: Path) -> dict[str, dict]:
    found = {}
    for path in sorted(folder.rglob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            found[item["id"]] = item
    return found


def _cells(path: Path) -> dict[str, list[list]]:
    book = load_workbook(path)
    return {s.title: [[c.value for c in row] for row in s.iter_rows()] for s in book.worksheets}


# --- Messy real-world sheets --------------------------------------------------------------------


def _messy(path: Path) -> Path:
    """A department's sheet: a merged title row, a blank row, the header on row 3 with a merged
    SDGs heading over two columns, trailing spaces, full-width ids, circled numbers …"""
    header = [*HEADER[:7], None, *HEADER[7:], "備考"]
    book = Workbook()
    sheet = book.active
    sheet.title = "施策一覧"
    sheet["A1"] = "経済産業部 施策一覧（令和6年度）"
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(header)
    sheet.merge_cells("G3:H3")
    rows = [
        [
            "ＥＣＯＮ－０１",
            "事業承継マッチング・伴走支援  ",
            "経済産業部 ",
            "ECON",
            "①③",
            "ORD-1.2",
            "SDG8・SDG11",
            None,
            None,
            "令和6年度",
            "R13",
            "事業承継の成立件数",
            "件",
            "1,200",
            "2022年度",
            "１，５００",
            "FY2031",
            "事業承継、中小企業",
            "メモ",
        ],
        [],
        [
            "ECON-02",
            "商店街の地域コミュニティ機能の強化",
            "経済産業部",
            "地域経済",
            "ＰＰ－６",
            "",
            "目標8",
            "8.3, 11.2",
            "ECON-01",
            2024,
            2031.0,
            "公益的事業数",
            "件",
            210,
            2022.0,
            280,
            2031,
            None,
            None,
        ],
        [
            "ECON-03",
            "環境配慮型の店舗づくり",
            "環境政策部",
            "ECON",
            "PP-5.1\nPP-6",
            "ORD-4.3",
            "SDG-12.5",
            "SDG-8.10",
            "ECON-01、ECON-02",
            "2024",
            "2031",
            "参加店舗数",
            "店",
            "１２",
            "R4",
            "100",
            "令和13年度",
            None,
            None,
        ],
    ]
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_messy_sheet_becomes_measure_files_that_pass_check(tmp_path):
    out = tmp_path / "measures"
    result = _import(_messy(tmp_path / "施策一覧.xlsx"), "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["kankyo.yaml", "keizai-sangyo.yaml"]
    measures = _measures(out)
    first = measures["ECON-01"]
    assert first["title"] == "事業承継マッチング・伴走支援"  # trailing spaces dropped
    assert first["owner"] == "経済産業部"
    assert first["supports"] == ["PP-1", "PP-3", "ORD-1.2", "SDG-8", "SDG-11"]
    assert first["period"] == {"start": 2024, "end": 2031}
    assert first["kpis"] == [
        {
            "name": "事業承継の成立件数",
            "unit": "件",
            "baseline": {"year": 2022, "value": 1200},
            "target": {"year": 2031, "value": 1500},
        }
    ]
    assert first["tags"] == ["事業承継", "中小企業"]
    second = measures["ECON-02"]
    assert second["field"] == "ECON"  # the field's name 地域経済
    assert second["supports"] == ["PP-6", "SDG-8", "SDG-8.3", "SDG-11.2"]
    assert second["depends_on"] == ["ECON-01"]
    assert second["period"] == {"start": 2024, "end": 2031}
    third = measures["ECON-03"]
    assert third["supports"] == ["PP-5.1", "PP-6", "ORD-4.3", "SDG-12.5", "SDG-8.10"]
    assert third["depends_on"] == ["ECON-01", "ECON-02"]
    assert third["kpis"][0]["baseline"] == {"year": 2022, "value": 12}
    assert (
        "8.10"
        in yaml.safe_load((out / "kankyo.yaml").read_text(encoding="utf-8"))[0]["supports"][-1]
    )

    # Where each came from, in the header comment and before each measure.
    text = (out / "keizai-sangyo.yaml").read_text(encoding="utf-8")
    assert text.startswith("# seta-align import で 施策一覧.xlsx（シート「施策一覧」）から作成")
    assert "# 施策一覧 行4 / row 4\n- id: ECON-01" in text
    assert "# 所管部 / owner: 経済産業部" in text
    # The merged SDGs heading covers column H; the unknown column is left out, and said so.
    assert "施策一覧 行3 列H: 見出しのない列を、左の「SDGs」の続き" in result.stderr
    assert "施策一覧 行3 列S「備考」: この列は読みません" in result.stderr
    assert "読み取った ID: 貢献する政策 14 件、依存する施策 3 件" in result.stdout
    assert f"seta-align check {out}" in result.stdout

    exit_code, document = check_json(out)
    assert exit_code == 0, document["findings"]
    assert document["summary"]["measures"] == 3
    # Clean files: nothing left for check to normalise, nothing wrong with the input.
    assert not {"SA001", "SA002", "SA003", "SA004", "SA102"} & set(codes(document))


def test_errors_name_sheet_row_and_column_and_nothing_is_written(tmp_path):
    rows = [
        HEADER,
        _row(),
        _row(施策ID="ECON-91", 目標値="百件"),
        _row(施策ID="ECON-92", SDGs="SDG八", 開始年度="令和0年度"),
        _row(施策ID="ECON-90"),
    ]
    book = _workbook(tmp_path / "book.xlsx", rows)
    out = tmp_path / "out"
    result = _import(book, "-o", out)
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("エラー")]
    assert errors[0].startswith("エラー 施策一覧 行3 列O「目標値」: 「百件」は数値ではありません。")
    assert errors[1].startswith(
        "エラー 施策一覧 行4 列G「SDGs」: 「SDG八」を ID として読めません。"
    )
    assert "エラー 施策一覧 行4 列I「開始年度」: 「令和0年度」という年度はありません" in errors[2]
    assert errors[3].startswith("エラー 施策一覧 行5 列A「施策ID」: 施策ID「ECON-90」は行2と重複")
    assert "エラーが 4 件あるため、何も書き出していません" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()

    english = _import(book, "-o", out, lang="en")
    assert english.exit_code == 2
    assert "error 施策一覧!R3C15 (O3, 目標値): '百件' is not a number." in english.stderr
    assert "error 施策一覧!R4C7 (G4, SDGs): Cannot read 'SDG八' as an id." in english.stderr
    assert "4 error(s): nothing was written" in english.stderr


def test_partial_writes_the_good_rows_and_lists_the_bad(tmp_path):
    rows = [HEADER, _row(), _row(施策ID="ECON-91", 目標値="百件"), _row(施策ID="ECON-92")]
    out = tmp_path / "out"
    result = _import(_workbook(tmp_path / "book.xlsx", rows), "-o", out, "--partial")
    assert result.exit_code == 0, result.output
    assert "エラー 施策一覧 行3 列O「目標値」" in result.stderr
    assert "エラーのため書き出さなかった行: 3" in result.stdout
    assert list(_measures(out)) == ["ECON-90", "ECON-92"]
    assert check_json(out)[0] == 0


def test_an_unknown_id_is_written_and_check_reports_it(tmp_path):
    rows = [HEADER, _row(関連する重点政策="PP-9", SDGs="SDG-8.33")]
    out = tmp_path / "out"
    result = _import(_workbook(tmp_path / "book.xlsx", rows), "-o", out, lang="en")
    assert result.exit_code == 0, result.output
    assert "warning 施策一覧!R2C5 (E2, 関連する重点政策): 'PP-9' is not in the framework" in (
        result.stderr
    )
    assert "Did you mean 'SDG-8.3'?" in result.stderr
    exit_code, document = check_json(out)
    assert exit_code == 1
    unknown = findings_of(document, "SA102")
    assert {f["messages"]["en"].split("'")[1] for f in unknown} == {"PP-9", "SDG-8.33"}
    assert all(f["file"].endswith("keizai-sangyo.yaml") and f["line"] for f in unknown)


def test_existing_files_are_not_overwritten_without_force(tmp_path):
    book = _workbook(tmp_path / "book.xlsx", [HEADER, _row()])
    out = tmp_path / "out"
    out.mkdir()
    target = out / "keizai-sangyo.yaml"
    target.write_text("# mine\n", encoding="utf-8")
    result = _import(book, "-o", out)
    assert result.exit_code == 2
    assert "すでにあります" in result.stderr and "keizai-sangyo.yaml" in result.stderr
    assert target.read_text(encoding="utf-8") == "# mine\n"
    forced = _import(book, "-o", out, "--force")
    assert forced.exit_code == 0, forced.output
    assert "ECON-90" in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == ["keizai-sangyo.yaml"]  # no temporary left


@pytest.mark.parametrize(
    ("encoding", "said"),
    [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8（BOM 付き）"), ("cp932", "CP932（Shift_JIS）")],
)
def test_csv_in_utf8_utf8_bom_and_cp932(tmp_path, encoding, said):
    lines = [
        ",".join(HEADER),
        'ＥＣＯＮ－０１,事業承継,経済産業部,ECON,①③,ORD-1.2,"8.3, 11.2",,令和6年度,R13,'
        '件数,件,"1,200",2022,１５００,2031年度,事業承継',
        ",,,,,,,,,,,,,,,,",
        "ECON-02,商店街,経済産業部,地域経済,PP-6,,目標8・SDG11,ECON-01,2024,2031,件数,件,,,20,"
        "2031,",
    ]
    source = tmp_path / "measures.csv"
    source.write_bytes("\r\n".join(lines).encode(encoding) + b"\r\n")
    out = tmp_path / "out"
    result = _import(source, "-o", out, "--by", "single")
    assert result.exit_code == 0, result.output
    assert f"情報 measures.csv: 文字コード {said}として読みました。" in result.stderr
    measures = _measures(out)
    assert measures["ECON-01"]["supports"] == ["PP-1", "PP-3", "ORD-1.2", "SDG-8.3", "SDG-11.2"]
    assert measures["ECON-01"]["kpis"][0]["baseline"] == {"year": 2022, "value": 1200}
    assert measures["ECON-01"]["kpis"][0]["target"] == {"year": 2031, "value": 1500}
    assert measures["ECON-02"]["supports"] == ["PP-6", "SDG-8", "SDG-11"]
    assert measures["ECON-02"]["kpis"] == [
        {"name": "件数", "unit": "件", "target": {"year": 2031, "value": 20}}
    ]
    assert [p.name for p in out.iterdir()] == ["measures.yaml"]
    assert check_json(out)[0] == 0


def test_excel_numbers_in_id_and_year_cells(tmp_path):
    rows = [HEADER, _row(SDGs=8.1, 開始年度=2024.0), _row(施策ID="ECON-91", SDGs="8.10")]
    result = _import(_workbook(tmp_path / "book.xlsx", rows), "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    measures = _measures(tmp_path / "out")
    assert measures["ECON-90"]["supports"][-1] == "SDG-8.1"
    assert measures["ECON-90"]["period"]["start"] == 2024
    assert measures["ECON-91"]["supports"][-1] == "SDG-8.10"  # typed as text: kept
    warned = [line for line in result.stderr.splitlines() if "末尾の 0" in line]
    assert len(warned) == 1
    assert warned[0].startswith("情報 施策一覧 行2 列G「SDGs」: 数値「8.1」を SDG-8.1 と読みました")
    assert "「SDG-8.10」と書くか、列の書式を「文字列」にしてください" in warned[0]


def test_percentages_dates_and_excel_errors(tmp_path):
    import datetime as dt

    book = _workbook(
        tmp_path / "book.xlsx",
        [HEADER, _row(単位="%"), _row(施策ID="ECON-91"), _row(施策ID="ECON-92")],
    )
    workbook = load_workbook(book)
    sheet = workbook.active
    sheet["O2"] = 0.8
    sheet["O2"].number_format = "0%"
    sheet["I3"] = dt.datetime(2024, 4, 1)
    sheet["G4"] = "#REF!"
    workbook.save(book)
    result = _import(book, "-o", tmp_path / "out", "--partial")
    assert result.exit_code == 0, result.output
    assert (
        "情報 施策一覧 行2 列O「目標値」: パーセント表示のセルを 80 と読みました" in result.stderr
    )
    assert "エラー 施策一覧 行3 列I「開始年度」: 「2024-04-01」は日付です。年度（例: 2024）" in (
        result.stderr
    )
    assert "エラー 施策一覧 行4 列G「SDGs」: セルの値が Excel のエラー値「#REF!」です。" in (
        result.stderr
    )
    measures = _measures(tmp_path / "out")
    assert list(measures) == ["ECON-90"]
    assert measures["ECON-90"]["kpis"][0]["target"]["value"] == 80


def test_missing_required_columns_name_the_sheet_and_the_header_row(tmp_path):
    header = [h for h in HEADER if h not in ("所管", "分野")]
    rows = [["令和6年度 施策一覧"], header, GOOD_ROW[:2] + GOOD_ROW[4:]]
    out = tmp_path / "out"
    result = _import(_workbook(tmp_path / "book.xlsx", rows, title="一覧"), "-o", out)
    assert result.exit_code == 2
    assert "エラー 一覧 行2: 見出し行（行2）に必須の列「所管部」がありません。" in result.stderr
    assert "エラー 一覧 行2: 見出し行（行2）に必須の列「分野」がありません。" in result.stderr
    assert not out.exists()
    english = _import(tmp_path / "book.xlsx", "-o", out, lang="en")
    assert "error 一覧!R2: The header row (row 2) has no column '所管部' (owner)" in english.stderr


def test_no_header_row_and_unknown_sheet(tmp_path):
    book = _workbook(tmp_path / "book.xlsx", [["メモ"], ["なにもない"]], title="メモ")
    result = _import(book, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "エラー メモ: 見出し行が見つかりません" in result.stderr
    wrong = _import(book, "--sheet", "メモ2", "-o", tmp_path / "out", lang="en")
    assert wrong.exit_code == 2
    assert "There is no sheet 'メモ2'. → Did you mean 'メモ'?" in wrong.stderr


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("missing.xlsx", None, "「missing.xlsx」が見つかりません。"),
        ("old.xls", b"\xd0\xcf\x11\xe0", "読めない形式（.xls）"),
        ("broken.xlsx", b"not a zip", "Excel ブックとして読めません"),
        ("notes.txt.bak", b"x", "拡張子（.bak）からは形式が分かりません"),
    ],
)
def test_unreadable_files_exit_2_without_a_traceback(
    tmp_path, monkeypatch, name, content, expected
):
    monkeypatch.chdir(tmp_path)
    if content is not None:
        Path(name).write_bytes(content)
    result = _import(name, "-o", "out")
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Traceback" not in result.output


def test_a_mapping_file_names_other_headings(tmp_path):
    rows = [["事業番号", "事業名", "担当課", "政策分野", "ＳＤＧｓゴール", "メモ"]]
    rows.append(["ECON-90", "事業承継", "経済産業部", "ECON", "8、11", "x"])
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        'columns:\n  事業番号: id\n  事業名: title\n  "ＳＤＧｓゴール": supports.SDG\n'
        "  メモ: ignore\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = _import(_workbook(tmp_path / "b.xlsx", rows), "--mapping", mapping, "-o", out)
    assert result.exit_code == 0, result.output
    assert "メモ" not in result.stderr  # ignored on purpose: no info line
    assert _measures(out)["ECON-90"]["supports"] == ["SDG-8", "SDG-11"]

    mapping.write_text("columns:\n  事業番号: id\n  事業名: titel\n", encoding="utf-8")
    bad = _import(tmp_path / "b.xlsx", "--mapping", mapping, "-o", out, "--force")
    assert bad.exit_code == 2
    assert "「事業名」の割り当て先「titel」という項目はありません" in bad.stdout + bad.stderr
    assert "「title」の誤りではありませんか？" in bad.stdout + bad.stderr


def test_single_file_output_and_english_headings(tmp_path):
    rows = [
        ["id", "title", "owner", "field", "supports", "target", "target year", "kpi name", "unit"],
        ["A-1", "Test", "Economy", "ECON", "PP-6, SDG-8.3", "1,000", "2031", "Count", "件"],
    ]
    target = tmp_path / "draft" / "all.yaml"
    result = _import(_workbook(tmp_path / "en.xlsx", rows, title="Sheet1"), "-o", target)
    assert result.exit_code == 0, result.output
    assert _measures(target.parent)["A-1"]["kpis"][0]["target"] == {"year": 2031, "value": 1000}
    assert check_json(target)[0] == 0


def test_owner_file_names(tmp_path):
    owners = [
        "保健福祉政策部",
        "産業観光部",
        "ＤＸ推進担当部",
        "謎の部署",
        "別の謎の部署",
        "Parks Dept.",
    ]
    rows = [HEADER] + [_row(施策ID=f"M-{i}", 所管=owner) for i, owner in enumerate(owners)]
    out = tmp_path / "out"
    assert _import(_workbook(tmp_path / "b.xlsx", rows), "-o", out).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [
            "hoken-fukushi.yaml",
            "sangyo-kanko.yaml",
            "dx-suishin.yaml",
            "owner-1.yaml",
            "owner-2.yaml",
            "parks-dept.yaml",
        ]
    )
    assert _measures(out)["M-3"]["owner"] == "謎の部署"
    assert yaml.safe_load((out / "owner-1.yaml").read_text(encoding="utf-8"))[0]["id"] == "M-3"


def test_yaml_quotes_what_would_change_type(tmp_path):
    rows = [HEADER, _row(施策ID="NO", 施策名="8.10", タグ="yes、010、off")]
    out = tmp_path / "out"
    assert _import(_workbook(tmp_path / "b.xlsx", rows), "-o", out).exit_code == 0
    measure = _measures(out)["NO"]
    assert measure["title"] == "8.10" and measure["tags"] == ["yes", "010", "off"]
    exit_code, document = check_json(out)
    assert exit_code == 0 and "SA003" not in codes(document)


# --- Export, and the round trip -----------------------------------------------------------------


def test_round_trip_of_the_bundled_sample(tmp_path):
    first = tmp_path / "first.xlsx"
    exported = run_cli("export", SAMPLE, "-o", first)
    assert exported.exit_code == 0, exported.output
    assert "85 件の施策を" in exported.stderr

    out = tmp_path / "measures"
    imported = _import(first, "-o", out, "--by", "file")
    assert imported.exit_code == 0, imported.output
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in SAMPLE.iterdir())

    second = tmp_path / "second.xlsx"
    assert run_cli("export", out, "-o", second).exit_code == 0
    assert _cells(first) == _cells(second)

    # The same measures: the same coverage, cross-field view and findings with the same config
    # (impacts required, the interactions, results and indicators of the sample).
    config = SAMPLE_CONFIG

    def outcome(folder):
        _code, document = check_json(folder, "--config", config)
        findings = sorted(
            (f["code"], f.get("node") or "", f.get("measure") or "") for f in document["findings"]
        )
        return document["summary"], document["coverage"], document["cross_field"], findings

    assert outcome(SAMPLE) == outcome(out)
    original, again = _measures(SAMPLE), _measures(out)
    assert list(original) == list(again)
    for identifier, measure in original.items():
        copy = again[identifier]
        # Links come back grouped by framework column; their order means nothing.
        assert sorted(copy.pop("supports")) == sorted(measure.pop("supports"))
        assert copy == measure


def test_the_sheet_keeps_the_sample_impacts(tmp_path):
    sheet = tmp_path / "sheet.xlsx"
    assert run_cli("export", SAMPLE, "-o", sheet).exit_code == 0
    out = tmp_path / "measures"
    assert _import(sheet, "-o", out, "--by", "file").exit_code == 0

    def assessed(folder):  # every measure's direct impacts as seta-align reads them
        result = run_cli("impacts", folder, "-c", SAMPLE_CONFIG, "--format", "json")
        assert result.exit_code == 0, result.output
        # Supports come back grouped by framework column: the order of a measure's links means nothing.
        return {
            m["id"]: sorted(m["direct"], key=lambda impact: impact["on"])
            for m in json.loads(result.stdout)["measures"]
        }

    assert assessed(out) == assessed(SAMPLE)


def test_round_trip_by_owner_and_single_file_keeps_the_measures(tmp_path):
    sheet = tmp_path / "sheet.xlsx"
    assert run_cli("export", SAMPLE, "-o", sheet).exit_code == 0
    for by in ("owner", "single"):
        out = tmp_path / by
        assert _import(sheet, "-o", out, "--by", by).exit_code == 0
        again = _measures(out)
        assert set(again) == set(_measures(SAMPLE))
    assert (tmp_path / "owner" / "dx-suishin.yaml").is_file()  # 政策経営部's file was split
    assert [p.name for p in (tmp_path / "single").iterdir()] == ["measures.yaml"]
    back = tmp_path / "single.xlsx"
    assert run_cli("export", tmp_path / "single", "-o", back).exit_code == 0
    first, second = _cells(sheet)["施策一覧"], _cells(back)["施策一覧"]
    assert [row[:-1] for row in first] == [row[:-1] for row in second]  # all but the file


def test_export_sheet_layout(tmp_path):
    target = tmp_path / "measures.xlsx"
    assert run_cli("export", SAMPLE, "-o", target).exit_code == 0
    book = load_workbook(target)
    assert book.sheetnames == ["施策一覧", "記入方法"]
    sheet = book["施策一覧"]
    header = [c.value for c in sheet[1]]
    assert header[:17] == [
        "施策ID",
        "施策名",
        "所管部",
        "所管課",
        "分野",
        "重点政策",
        "条例",
        "理念",
        "ビジョン",
        "指針",
        "新産業ビジョン",
        "SDGs",
        "貢献する政策（その他）",
        "依存する施策",
        "開始年度",
        "終了年度",
        "指標名",
    ]
    # Each KPI: its six columns, then the outcome-management ones (id, direction, milestones,
    # the plan-level indicator it feeds, its type, a maintain KPI's tolerance); the second KPI
    # numbered alike.
    assert header[17:40] == [
        "単位",
        "基準年度",
        "現状値",
        "目標年度",
        "目標値",
        "指標ID",
        "方向",
        "年度目標",
        "成果指標",
        "指標の種別",
        "許容幅（%）",
        "指標名2",
        "単位2",
        "基準年度2",
        "現状値2",
        "目標年度2",
        "目標値2",
        "指標ID2",
        "方向2",
        "年度目標2",
        "成果指標2",
        "指標の種別2",
        "許容幅（%）2",
    ]
    # The impacts after the indicators, with who scored them, when and from what.
    assert header[40:] == [
        "影響",
        "影響の説明",
        "緩和策",
        "エビデンス",
        "影響の評価者",
        "影響の評価日",
        "影響の出典",
        "タグ",
        "施策名（英語）",
        "概要",
        "ファイル",
    ]
    assert sheet.freeze_panes == "C2"
    assert sheet["A1"].font.bold
    assert sheet.auto_filter.ref.startswith("A1:")
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    econ = [c.value for c in rows["ECON-01"]]
    assert econ[6] == "ORD-1.2, ORD-4.2"
    assert econ[8] == "VIS-6" and econ[10] == "IV-2" and econ[11] == "SDG-8.3"
    assert econ[14:22] == [2024, 2031, "事業承継に関する相談件数", "件", 2022, 62, 2031, 150]
    # ECON-01's KPI gives no id, direction, milestones, plan-level indicator, type or tolerance.
    assert econ[22:28] == [None, None, None, None, None, None]
    # ECON-20's first KPI feeds PP-6.i1 (data/measures/keizai-sangyo.yaml); its second none.
    shops = [c.value for c in rows["ECON-20"]]
    assert shops[16] == "空き店舗を活用した創業件数（累計）" and shops[25] == "PP-6.i1"
    assert shops[28] == "創業3年後の事業継続率" and shops[37] is None
    # 指標ID … 成果指標, 指標の種別, then the same of the second KPI, are text
    for letter in ("W", "X", "Y", "Z", "AA", "AI", "AL", "AM"):
        assert sheet.column_dimensions[letter].number_format == "@", letter
    assert rows["ECON-01"][11].number_format == "@"  # SDGs typed later stay text (8.10)
    assert sheet.column_dimensions["B"].width <= 42  # titles wrap rather than run on
    assert sheet.column_dimensions["L"].number_format == "@"


def test_export_csv_for_excel_and_back(tmp_path):
    target = tmp_path / "measures.csv"
    result = run_cli("export", SAMPLE, "-o", target)
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf\xe6\x96\xbd\xe7\xad\x96ID,")  # BOM, 施策ID
    # Every record ends with CRLF; a bare LF only inside a quoted cell (an impact per line).
    quoted = False
    for index, byte in enumerate(data):
        if byte == ord('"'):
            quoted = not quoted
        elif byte == ord("\n") and not quoted:
            assert data[index - 1] == ord("\r"), index
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == 86
    out = tmp_path / "out"
    assert _import(target, "-o", out, "--by", "file").exit_code == 0
    config = SAMPLE_CONFIG
    assert (
        check_json(out, "--config", config)[1]["summary"]
        == check_json(SAMPLE, "--config", config)[1]["summary"]
    )


def test_export_neutralises_formulas_and_the_import_takes_it_back(tmp_path):
    draft = tmp_path / "draft"
    draft.mkdir()
    (draft / "m.yaml").write_text(
        "- id: X-1\n  title: '=HYPERLINK(\"http://example.com\")'\n  owner: '@経済産業部'\n"
        "  field: ECON\n  supports: [DIR, PP-6, NOPE-1]\n  description: '-3%の削減'\n"
        "  kpis:\n"
        + "".join(
            f"    - {{name: 指標{i}, unit: 件, target: {{year: 2031, value: {i}.5}}}}\n"
            for i in range(1, 4)
        ),
        encoding="utf-8",
    )
    sheet = tmp_path / "x.xlsx"
    assert run_cli("export", draft, "-o", sheet).exit_code == 0
    cells = _cells(sheet)["施策一覧"]
    header, row = cells[0], cells[1]
    values = dict(zip(header, row, strict=True))
    assert values["施策名"] == '\'=HYPERLINK("http://example.com")'
    assert values["所管部"] == "'@経済産業部"
    assert values["概要"] == "'-3%の削減"
    assert values["重点政策"] == "PP-6"
    assert values["貢献する政策（その他）"] == "DIR, NOPE-1"  # the direction, an unknown id
    assert values["指標名3"] == "指標3" and values["目標値3"] == 3.5
    out = tmp_path / "out"
    assert _import(sheet, "-o", out, "--by", "single").exit_code == 0
    measure = _measures(out)["X-1"]
    assert measure["title"] == '=HYPERLINK("http://example.com")'
    assert measure["owner"] == "@経済産業部"
    assert measure["description"] == "-3%の削減"
    assert [k["target"]["value"] for k in measure["kpis"]] == [1.5, 2.5, 3.5]
    again = tmp_path / "again.xlsx"
    assert run_cli("export", out, "-o", again).exit_code == 0
    assert [r[:-1] for r in _cells(again)["施策一覧"]] == [r[:-1] for r in cells]


def test_export_never_replaces_a_file_without_force(tmp_path):
    target = tmp_path / "measures.xlsx"
    target.write_bytes(b"mine")
    result = run_cli("export", SAMPLE, "-o", target)
    assert result.exit_code == 2
    assert "すでにあります" in result.stderr
    assert target.read_bytes() == b"mine"
    assert run_cli("export", SAMPLE, "-o", target, "--force").exit_code == 0
    assert target.read_bytes().startswith(b"PK")


def test_export_without_o_goes_to_stdout_and_unknown_suffix(in_tmp):
    # One convention for every command: no -o (or -o -) is standard output, never a file
    # named after the format.
    for args in (["--format", "csv"], ["-o", "-", "--format", "csv"]):
        result = run_cli("export", SAMPLE, *args)
        assert result.exit_code == 0
        assert result.stdout_bytes.startswith("\ufeff施策ID".encode())
    assert not list(in_tmp.iterdir())
    xlsx = run_cli("export", SAMPLE)  # not a terminal: a pipe takes the workbook's bytes
    assert xlsx.exit_code == 0
    assert xlsx.stdout_bytes.startswith(b"PK")
    result = run_cli("export", SAMPLE, "-o", "x.ods", "--lang", "en")
    assert result.exit_code == 2
    assert "Cannot tell the format from the suffix of 'x.ods'" in result.stderr


def test_export_refuses_a_draft_with_unreadable_files(tmp_path):
    draft = tmp_path / "draft"
    draft.mkdir()
    (draft / "bad.yaml").write_text("- id: [\n", encoding="utf-8")
    result = run_cli("export", draft, "-o", tmp_path / "x.xlsx")
    assert result.exit_code == 2
    assert not (tmp_path / "x.xlsx").exists()


def test_import_defaults_to_data_measures(in_tmp):
    _workbook(in_tmp / "book.xlsx", [HEADER, _row()])
    result = run_cli("import", "book.xlsx")
    assert result.exit_code == 0, result.output
    assert (in_tmp / "data" / "measures" / "keizai-sangyo.yaml").is_file()
    assert "次に検査してください: seta-align check data/measures" in result.stdout
    exit_code, document = check_json()
    assert exit_code == 0 and document["summary"]["measures"] == 1
    assert json.dumps(document)  # the default folder is what check reads


def test_a_heading_over_two_rows_and_a_remark_under_the_table(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "一覧"
    sheet.append(["施策ID", "施策名", "所管", "分野", "SDGs", "目標指標", None, None, None])
    sheet.append([None, None, None, None, None, "指標名", "単位", "目標値", "目標年度"])
    for cells in ("A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:E2", "F1:I1"):
        sheet.merge_cells(cells)
    sheet.append(["A-1", "テスト", "経済産業部", "ECON", "8.3", "件数", "件", 10, 2031])
    sheet.append(["※ 数値は見込み"])
    book.save(tmp_path / "two.xlsx")
    out = tmp_path / "out"
    result = _import(tmp_path / "two.xlsx", "-o", out)
    assert result.exit_code == 0, result.output
    assert "情報 一覧 行4: 注記の行を読み飛ばしました。" in result.stderr
    assert _measures(out)["A-1"]["kpis"] == [
        {"name": "件数", "unit": "件", "target": {"year": 2031, "value": 10}}
    ]


def test_by_file_checks_the_file_column(tmp_path):
    rows = [
        [*HEADER, "ファイル"],
        [*_row(), "econ/keizai.yaml"],
        [*_row(施策ID="ECON-91"), None],
        [*_row(施策ID="ECON-92"), "../escape.yaml"],
    ]
    out = tmp_path / "out"
    book = _workbook(tmp_path / "b.xlsx", rows)
    result = _import(book, "-o", out, "--by", "file", "--partial")
    assert result.exit_code == 0, result.output
    assert (
        "エラー 施策一覧 行4 列R「ファイル」: 「../escape.yaml」は施策ファイルの名前にできません"
        in (result.stderr)
    )
    assert "「ファイル」列が空の行（3）は所管部ごとのファイルに書き出します" in result.stderr
    assert list(_measures(out / "econ")) == ["ECON-90"]
    assert list(_measures(out)) == ["ECON-90", "ECON-91"]
    assert (out / "keizai-sangyo.yaml").is_file()
    assert not (tmp_path / "escape.yaml").exists()


@pytest.mark.parametrize(
    ("heading", "cell", "expected"),
    [
        ("SDGs", "SDG8・SDG11", ["SDG-8", "SDG-11"]),
        ("SDGs", "目標8、ゴール11", ["SDG-8", "SDG-11"]),
        ("SDGs", "8.3, 11.2", ["SDG-8.3", "SDG-11.2"]),
        ("SDGs", "SDGs: 8.3／8.a", ["SDG-8.3", "SDG-8.a"]),
        ("SDGs", "ＳＤＧ－８．１０\n１１．２", ["SDG-8.10", "SDG-11.2"]),
        ("SDGs", "8.3（働きがいも経済成長も）", ["SDG-8.3"]),
        ("SDGs", "なし", []),
        ("関連する重点政策", "①③", ["PP-1", "PP-3"]),
        ("関連する重点政策", "PP-6, 1.2", ["PP-6", "PP-1.2"]),
        ("関連する重点政策", "pp6", ["PP-6"]),
        ("条例の基本的方針", "②", ["ORD-2"]),
        ("計画の理念", "①、⑥", ["PR-1", "PR-6"]),
        ("ビジョン", "③", ["VIS-3"]),
        ("貢献する政策", "DIR; IV-2 VIS-6", ["DIR", "IV-2", "VIS-6"]),
    ],
)
def test_cell_forms(tmp_path, heading, cell, expected):
    header = ["施策ID", "施策名", "所管", "分野", heading]
    rows = [header, ["ECON-90", "施策", "経済産業部", "ECON", cell]]
    out = tmp_path / "out"
    result = _import(_workbook(tmp_path / "b.xlsx", rows), "-o", out)
    assert result.exit_code == 0, result.output
    assert _measures(out)["ECON-90"].get("supports", []) == expected


@pytest.mark.parametrize(
    ("heading", "cell", "message"),
    [
        ("貢献する政策", "8.3", "「8.3」だけではどの政策・目標の ID か分かりません。"),
        ("貢献する政策", "①", "「①」だけではどの政策・目標の ID か分かりません。"),
        ("関連する重点政策", "重点政策の六", "「重点政策の六」を ID として読めません。"),
        ("依存する施策", "3", "「3」は施策ID ではありません。"),
        ("開始年度", "来年度", "「来年度」を年度として読めません。"),
        ("分野", "宇宙", "「宇宙」という分野はありません。"),
    ],
)
def test_cells_that_cannot_be_read(tmp_path, heading, cell, message):
    header = ["施策ID", "施策名", "所管", "分野", heading]
    values = ["ECON-90", "施策", "経済産業部", "ECON", cell]
    if heading == "分野":
        header, values = header[:4], [*values[:3], cell]
    if heading == "開始年度":
        header.append("終了年度")
        values.append(2031)
    out = tmp_path / "out"
    result = _import(_workbook(tmp_path / "b.xlsx", [header, values]), "-o", out)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "施策一覧 行2 列" in result.stderr
    assert not out.exists()


def test_the_first_sheet_with_a_header_is_read_unless_sheet_says_otherwise(tmp_path):
    book = Workbook()
    book.active.title = "表紙"
    book.active["A1"] = "令和6年度 施策案"
    for title, identifier in (("経済", "ECON-90"), ("環境", "ENVR-90")):
        sheet = book.create_sheet(title)
        sheet.append(HEADER)
        sheet.append(_row(施策ID=identifier))
    book.save(tmp_path / "book.xlsx")
    first = _import(tmp_path / "book.xlsx", "-o", tmp_path / "a")
    assert first.exit_code == 0, first.output
    assert "情報 経済: シート「経済」を読みます（--sheet で選べます）。" in first.stderr
    assert list(_measures(tmp_path / "a")) == ["ECON-90"]
    chosen = _import(tmp_path / "book.xlsx", "-o", tmp_path / "b", "--sheet", "環境")
    assert chosen.exit_code == 0, chosen.output
    assert "シート「" not in chosen.stderr
    assert list(_measures(tmp_path / "b")) == ["ENVR-90"]


def test_reviewed_edge_cases_do_not_crash_or_lose_text(tmp_path):
    """Cases a review found: NEL in a cell; a title that already starts with ' and =."""
    csv = tmp_path / "edge.csv"
    csv.write_bytes(
        "施策ID,施策名,所管部,分野,重点政策\r\nECON-01,a\u0085b,経済産業部,ECON,PP-6\r\n".encode()
    )
    out = tmp_path / "out"
    result = run_cli("import", csv, "-o", out)
    assert result.exit_code == 0, result.output
    (written,) = out.glob("*.yaml")
    assert yaml.safe_load(written.read_text(encoding="utf-8"))[0]["title"] == "a\u0085b"

    draft = tmp_path / "draft"
    draft.mkdir()
    (draft / "m.yaml").write_text(
        '- id: ECON-09\n  title: "\'=SUM(A1)"\n  owner: 経済産業部\n  field: ECON\n'
        "  supports: [PP-6]\n",
        encoding="utf-8",
    )
    sheet = tmp_path / "sheet.csv"
    assert run_cli("export", draft, "-o", sheet, "--format", "csv").exit_code == 0
    back = tmp_path / "back"
    assert run_cli("import", sheet, "-o", back).exit_code == 0
    (again,) = back.glob("*.yaml")
    assert yaml.safe_load(again.read_text(encoding="utf-8"))[0]["title"] == "'=SUM(A1)"


def test_a_failed_write_part_way_leaves_nothing_new(tmp_path):
    sheet = tmp_path / "files.csv"
    sheet.write_bytes(
        "施策ID,施策名,所管部,分野,重点政策,ファイル\r\n"
        "ECON-01,a,経済産業部,ECON,PP-6,a.yaml\r\n"
        "ECON-02,b,経済産業部,ECON,PP-6,a.yaml/b.yaml\r\n".encode()
    )
    out = tmp_path / "out"
    result = run_cli("import", sheet, "-o", out, "--by", "file")
    assert result.exit_code == 2
    assert not any(p.is_file() for p in out.rglob("*")) if out.exists() else True


def test_an_existing_file_stops_the_import_before_any_write(tmp_path):
    sheet = tmp_path / "owners.csv"
    sheet.write_bytes(
        "施策ID,施策名,所管部,分野,重点政策\r\n"
        "ECON-01,a,経済産業部,ECON,PP-6\r\nKIDS-01,b,子ども・若者部,LIFE,PP-1\r\n".encode()
    )
    out = tmp_path / "out"
    assert run_cli("import", sheet, "-o", out).exit_code == 0
    names = sorted(p.name for p in out.glob("*.yaml"))
    victim = out / names[-1]
    victim.unlink()
    result = run_cli("import", sheet, "-o", out)
    assert result.exit_code == 2
    assert not victim.exists()  # nothing was written, not even the missing file


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_section_a_kpi_type_and_a_tolerance_come_back(tmp_path, suffix):
    """所管課, 指標の種別 and 許容幅（%） go out to the sheet and come back unchanged; 活動指標 and
    アウトカム as a ward writes them are read as activity and outcome."""
    folder = tmp_path / "measures"
    folder.mkdir()
    (folder / "m.yaml").write_text(
        "- id: ECON-91\n  title: 農地の保全\n  owner: 経済産業部\n  section: 都市農業課\n"
        "  field: ECON\n  supports: [PP-5.2]\n  kpis:\n"
        "    - {name: 農地面積, unit: ha, baseline: {year: 2023, value: 75}, "
        "target: {year: 2031, value: 75}, type: outcome, tolerance: 1}\n"
        "    - {name: 相談件数, unit: 件, target: {year: 2031, value: 40}, type: 活動指標}\n",
        encoding="utf-8",
    )
    sheet = tmp_path / f"sheet{suffix}"
    assert run_cli("export", folder, "-o", sheet).exit_code == 0
    out = tmp_path / "out"
    result = _import(sheet, "-o", out)
    assert result.exit_code == 0, result.output
    (measure,) = _measures(out).values()
    assert measure["section"] == "都市農業課"
    assert [(k["name"], k.get("type"), k.get("tolerance")) for k in measure["kpis"]] == [
        ("農地面積", "outcome", 1),
        ("相談件数", "activity", None),
    ]


def test_a_bare_type_column_is_not_read_as_a_kpis_type(tmp_path):
    """種別 in a ward's sheet often says 新規 or 継続: it is not 指標の種別 (指標区分 is)."""
    sheet = tmp_path / "s.csv"
    sheet.write_text(
        "施策ID,施策名,所管部,分野,種別\nECON-90,事業承継,経済産業部,ECON,新規\n", encoding="utf-8"
    )
    result = _import(sheet, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "この列は読みません" in result.output


def test_a_broken_results_file_stops_the_results_template_not_the_measures_sheet(tmp_path):
    """The measures sheet holds no result, so a results file that cannot be read does not stop
    it (``check`` reports the file); the results template lists the results and does stop."""
    project = tmp_path / "slips"
    shutil.copytree(FIXTURES / "slips", project)
    before = run_cli("export", project / "measures", "--format", "csv", "-o", tmp_path / "a.csv")
    assert before.exit_code == 0, before.output
    broken = project / "results" / "2025.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("value: 125}", "value: [125}"),
        encoding="utf-8",
    )
    after = run_cli("export", project / "measures", "--format", "csv", "-o", tmp_path / "b.csv")
    assert after.exit_code == 0, after.output
    sheet = (tmp_path / "b.csv").read_bytes()
    assert sheet == (tmp_path / "a.csv").read_bytes()
    # The fixture's ten measures under the heading row.
    assert len(list(csv.reader(io.StringIO(sheet.decode("utf-8-sig"))))) == 11
    template = run_cli(
        "export", project / "measures", "--results-template", "--year", "2026",
        "-o", tmp_path / "t.xlsx", "--lang", "en",
    )  # fmt: skip
    assert template.exit_code == 2
    assert "2025.yaml" in template.stderr and not (tmp_path / "t.xlsx").exists()
    assert run_cli("check", project / "measures", "--format", "json").exit_code == 2
    # Nor does a results folder the config names and that is not there.
    shutil.rmtree(project / "results")
    gone = run_cli("export", project / "measures", "--format", "csv", "-o", tmp_path / "c.csv")
    assert gone.exit_code == 0, gone.output
    assert (tmp_path / "c.csv").read_bytes() == (tmp_path / "a.csv").read_bytes()
    assert run_cli("check", project / "measures", "--format", "json").exit_code == 2
