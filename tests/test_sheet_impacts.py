"""The impact pre-assessment in sheets: the impacts columns of `export`/`import`.

The fixture (tests/fixtures/impacts, see tests/test_impacts.py) written by hand:

    URBAN-01: SDG-11.7 −2 (note 緑地が減る, mitigation 屋上緑化と公開空地を義務づける,
              evidence "https://example.org/eia-report: 第4章"), SDG-13.2 −1 (note 建設時の排出),
              SDG-8.3 +2
    ECON-01:  SDG-8.3 不可分 (= +3), SDG-12.5 counteracting (= −2, note イベントごみ), URBAN-01 1
    ENV-01:   SDG-13.2 3, SDG-11.7 2, SDG-12.5 1
    matrix:   8.3→12.5 −1, 12.5→13.2 +2, 13.2→11.7 +1, 11.7→13.2 reinforcing (= +2),
              8.3→13.2 制約 (= −1); the pair 8.3→12.5 has a note, and the file has one.

Every expected cell below is written out from these lines, never taken from the code.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook, load_workbook

from seta_align.loading.yaml_source import parse_yaml_text

from conftest import FIXTURES, check_json, codes, findings_of, run_cli

IMPACTS = FIXTURES / "impacts"
MEASURES = IMPACTS / "measures"
CONFIG = IMPACTS / "seta-align.yaml"


def _yaml(path: Path):
    """A file as seta-align reads it (`on:` is the key "on", as in the documentation)."""
    document = parse_yaml_text(path.read_text(encoding="utf-8"), path.name)
    assert not document.problems, document.problems
    return document.data


def _measures(folder: Path) -> dict[str, dict]:
    return {m["id"]: m for path in sorted(folder.rglob("*.yaml")) for m in _yaml(path)}


def _table(path: Path) -> list[list]:
    """The first sheet's cells (a CSV file's rows), None for an empty cell."""
    if path.suffix == ".csv":
        text = path.read_bytes().decode("utf-8-sig")
        return [[v if v != "" else None for v in row] for row in csv.reader(io.StringIO(text))]
    sheet = load_workbook(path).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _all_sheets(path: Path) -> object:
    if path.suffix == ".csv":
        return path.read_bytes()
    book = load_workbook(path)
    return {s.title: [[c.value for c in row] for row in s.iter_rows()] for s in book.worksheets}


def _rows_by_id(path: Path) -> dict[str, dict]:
    header, *rows = _table(path)
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows}


# --- Impacts in the measures sheet --------------------------------------------------------------

URBAN_IMPACTS = [
    {
        "on": "SDG-11.7",
        "score": -2,
        "note": "緑地が減る",
        "mitigation": "屋上緑化と公開空地を義務づける",
        "evidence": "https://example.org/eia-report: 第4章",
    },
    {"on": "SDG-13.2", "score": -1, "note": "建設時の排出"},
    {"on": "SDG-8.3", "score": 2},
]
ECON_IMPACTS = [
    {"on": "SDG-8.3", "score": 3},
    {"on": "SDG-12.5", "score": -2, "note": "イベントごみ"},
    {"on": "URBAN-01", "score": 1},
]
ENV_IMPACTS = [
    {"on": "SDG-13.2", "score": 3},
    {"on": "SDG-11.7", "score": 2},
    {"on": "SDG-12.5", "score": 1},
]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_writes_the_impacts_in_four_columns(tmp_path, suffix):
    sheet = tmp_path / f"measures{suffix}"
    result = run_cli("export", MEASURES, "-c", CONFIG, "-o", sheet)
    assert result.exit_code == 0, result.output
    rows = _rows_by_id(sheet)
    urban = rows["URBAN-01"]
    assert urban["影響"] == "SDG-11.7:-2; SDG-13.2:-1; SDG-8.3:+2"
    assert urban["影響の説明"] == "SDG-11.7: 緑地が減る\nSDG-13.2: 建設時の排出"
    assert urban["緩和策"] == "SDG-11.7: 屋上緑化と公開空地を義務づける"
    assert urban["エビデンス"] == "SDG-11.7: https://example.org/eia-report: 第4章"
    econ = rows["ECON-01"]
    # 不可分 and counteracting in the file are written as the numbers of the scale.
    assert econ["影響"] == "SDG-8.3:+3; SDG-12.5:-2; URBAN-01:+1"
    assert econ["影響の説明"] == "SDG-12.5: イベントごみ"
    assert econ["緩和策"] is None and econ["エビデンス"] is None
    assert rows["ENV-01"]["影響"] == "SDG-13.2:+3; SDG-11.7:+2; SDG-12.5:+1"
    assert rows["ENV-01"]["影響の説明"] is None
    if suffix == ".xlsx":
        book = load_workbook(sheet)
        header = [c.value for c in book["施策一覧"][1]]
        column = header.index("影響") + 1
        assert book["施策一覧"].cell(row=2, column=column).number_format == "@"
        guide = {row[0].value: row for row in book["記入方法"].iter_rows(min_row=2)}
        assert "+3 不可分" in guide["影響"][1].value and "-3 相殺" in guide["影響"][1].value
        assert guide["影響"][3].value == "SDG-7.2:+2; SDG-15.1:-1"


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_impacts_round_trip_export_import_export(tmp_path, suffix):
    first = tmp_path / f"first{suffix}"
    assert run_cli("export", MEASURES, "-c", CONFIG, "-o", first).exit_code == 0
    out = tmp_path / "measures"
    imported = run_cli("import", first, "-o", out, "--by", "file")
    assert imported.exit_code == 0, imported.output
    measures = _measures(out)
    assert measures["URBAN-01"]["impacts"] == URBAN_IMPACTS
    assert measures["ECON-01"]["impacts"] == ECON_IMPACTS
    assert measures["ENV-01"]["impacts"] == ENV_IMPACTS
    # `on:` is written as the documentation writes it, not quoted.
    text = (out / "measures.yaml").read_text(encoding="utf-8")
    assert "- {on: SDG-13.2, score: -1, note: 建設時の排出}" in text

    second = tmp_path / f"second{suffix}"
    assert run_cli("export", out, "-c", CONFIG, "-o", second).exit_code == 0
    assert _all_sheets(second) == _all_sheets(first)

    # The same assessment: the net balances worked out in tests/test_impacts.py.
    shown = run_cli("impacts", out, "-c", CONFIG, "--format", "json", "--lang", "en")
    assert shown.exit_code == 0, shown.output
    net = {m["id"]: m["net"] for m in json.loads(shown.stdout)["measures"]}
    assert net == pytest.approx({"URBAN-01": -3, "ECON-01": -1 / 3, "ENV-01": 10})
    # … and the same findings (SA603: ECON-01's −2 on SDG-12.5 has no mitigation).
    _code, before = check_json(MEASURES, "--config", CONFIG)
    _code, after = check_json(out, "--config", CONFIG)
    assert sorted(codes(after)) == sorted(codes(before))
    assert [f["measure"] for f in findings_of(after, "SA603")] == ["ECON-01"]


TRICKY = [
    {
        "on": "SDG-8.3",
        "score": 1,
        "note": "一行目\nSDG-13.2: 次の行も同じ説明",
        "mitigation": '"引用符" で始まる',
        "evidence": "  前後に空白  ",
    },
    {"on": "SDG-13.2", "score": 0, "note": "", "mitigation": 'a "b"; c：d、e'},
    {"on": "SDG-12.5", "score": -3, "note": '=HYPERLINK("http://example.com")'},
]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_texts_that_look_like_the_format_come_back_exactly(tmp_path, suffix):
    draft = tmp_path / "draft"
    draft.mkdir()
    measure = {"id": "ENV-09", "title": "t", "owner": "環境政策部", "field": "ENV"}
    (draft / "m.yaml").write_text(
        yaml.safe_dump([{**measure, "supports": ["PP-5"], "impacts": TRICKY}], allow_unicode=True),
        encoding="utf-8",
    )
    sheet = tmp_path / f"s{suffix}"
    assert run_cli("export", draft, "-o", sheet).exit_code == 0
    row = _rows_by_id(sheet)["ENV-09"]
    # Several lines, a leading quote, spaces at the ends and the empty text go in quotes.
    assert row["影響の説明"] == (
        'SDG-8.3: "一行目\nSDG-13.2: 次の行も同じ説明"\nSDG-13.2: ""\n'
        'SDG-12.5: =HYPERLINK("http://example.com")'
    )
    assert row["緩和策"] == 'SDG-8.3: """引用符"" で始まる"\nSDG-13.2: a "b"; c：d、e'
    assert row["エビデンス"] == 'SDG-8.3: "  前後に空白  "'
    out = tmp_path / "out"
    result = run_cli("import", sheet, "-o", out, "--by", "single")
    assert result.exit_code == 0, result.output
    assert _measures(out)["ENV-09"]["impacts"] == TRICKY
    again = tmp_path / f"again{suffix}"
    assert run_cli("export", out, "-o", again).exit_code == 0
    assert _table(again)[1][:-1] == _table(sheet)[1][:-1]  # all but the ファイル column


HEADER = ["施策ID", "施策名", "所管部", "分野", "重点政策", "影響", "影響の説明"]


def _one_row(path: Path, impacts: str | None, notes: str | None = None) -> Path:
    book = Workbook()
    book.active.title = "施策一覧"
    book.active.append(HEADER)
    book.active.append(["ENV-09", "t", "環境政策部", "ENV", "PP-5", impacts, notes])
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("impacts", "notes", "expected"),
    [
        (
            "SDG-8.3:強化、SDG-12.5：相反",
            None,
            [{"on": "SDG-8.3", "score": 2}, {"on": "SDG-12.5", "score": -2}],
        ),
        (
            "ＳＤＧ－８．３：＋２；ＳＤＧ－１２．５：−１",
            "ＳＤＧ－１２．５：ごみが増える",
            [{"on": "SDG-8.3", "score": 2}, {"on": "SDG-12.5", "score": -1, "note": "ごみが増える"}],
        ),
        (
            "sdg-8.3: Reinforcing\nSDG-12.5: counteracting",
            None,
            [{"on": "SDG-8.3", "score": 2}, {"on": "SDG-12.5", "score": -2}],
        ),
        (
            "SDG-8.3:0, SDG-12.5:△1; SDG-13.2:不可分",
            None,
            [
                {"on": "SDG-8.3", "score": 0},
                {"on": "SDG-12.5", "score": -1},
                {"on": "SDG-13.2", "score": 3},
            ],
        ),
    ],
)
def test_impact_cells_as_people_write_them(tmp_path, impacts, notes, expected):
    out = tmp_path / "out"
    result = run_cli("import", _one_row(tmp_path / "b.xlsx", impacts, notes), "-o", out)
    assert result.exit_code == 0, result.output
    assert _measures(out)["ENV-09"]["impacts"] == expected
    _code, document = check_json(out)
    assert not {"SA001", "SA003", "SA004", "SA102"} & set(codes(document))


# (column, bad cell, the fixed cell, Japanese message at the cell, English message)
MALFORMED = [
    (
        "F",
        ("SDG-8.3:much", None),
        ("SDG-8.3:強化", None),
        "「much」は評価の尺度にありません。 → 評価は -3〜+3 の整数か尺度の名前で書きます（+3 不可分、"
        "+2 強化、+1 促進、0 中立、-1 制約、-2 相反、-3 相殺）。例: SDG-7.2:+2; SDG-15.1:相反",
        "'much' is not a score of the scale.",
    ),
    (
        "F",
        ("SDG-8.3:+4", None),
        ("SDG-8.3:+3", None),
        "評価 +4 は尺度（-3〜+3）の外です。",
        "The score +4 is outside the scale (-3 to +3).",
    ),
    (
        "F",
        ("SDG-8.3 +2", None),
        ("SDG-8.3:+2", None),
        "「SDG-8.3 +2」に「:」がありません（ID と評価の間に書きます）。 → 影響ごとに「ID:評価」と"
        "書き、「;」で区切ります。例: SDG-7.2:+2; SDG-15.1:相反",
        "'SDG-8.3 +2' has no ':' (it goes between the id and the score).",
    ),
    (
        "F",
        ("SDG-8.3:", None),
        ("SDG-8.3:1", None),
        "「SDG-8.3:」の「:」の後に評価がありません。",
        "'SDG-8.3:' has no score after the ':'.",
    ),
    (
        "F",
        ("SDG-8.3:+1; sdg-8.3:+2", None),
        ("SDG-8.3:+1; SDG-8.4:+2", None),
        "SDG-8.3 への影響が2回書かれています。",
        "The impact on SDG-8.3 is written twice.",
    ),
    (
        "G",
        ("SDG-8.3:-1", "SDG-8.3 雇用が減る"),
        ("SDG-8.3:-1", "SDG-8.3: 雇用が減る"),
        "「SDG-8.3 雇用が減る」に「:」がありません（ID と文の間に書きます）。",
        "'SDG-8.3 雇用が減る' has no ':' (it goes between the id and the text).",
    ),
    (
        "G",
        ("SDG-8.3:-1", "SDG-8.4: 雇用が減る"),
        ("SDG-8.3:-1; SDG-8.4:-1", "SDG-8.4: 雇用が減る"),
        "SDG-8.4 の行がありますが、列F「影響」に SDG-8.4 の評価がありません。",
        "There is a line for SDG-8.4, but column F (影響) gives SDG-8.4 no score.",
    ),
]


@pytest.mark.parametrize(("column", "bad", "good", "japanese", "english"), MALFORMED)
def test_malformed_impact_cells_are_located_errors(tmp_path, column, bad, good, japanese, english):
    book = _one_row(tmp_path / "bad.xlsx", *bad)
    out = tmp_path / "out"
    heading = HEADER[ord(column) - ord("A")]
    result = run_cli("import", book, "-o", out, "--lang", "ja")
    assert result.exit_code == 2
    assert f"エラー 施策一覧 行2 列{column}「{heading}」: {japanese}" in result.stderr
    assert "何も書き出していません" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()
    english_run = run_cli("import", book, "-o", out, "--lang", "en")
    assert english_run.exit_code == 2
    number = ord(column) - ord("A") + 1
    assert f"error 施策一覧!R2C{number} ({column}2, {heading}): {english}" in english_run.stderr
    assert not out.exists()

    fixed = run_cli("import", _one_row(tmp_path / "good.xlsx", *good), "-o", out)
    assert fixed.exit_code == 0, fixed.output
    assert _measures(out)["ENV-09"]["impacts"]


def test_an_unknown_impact_target_is_written_and_check_reports_it(tmp_path):
    out = tmp_path / "out"
    book = _one_row(tmp_path / "b.xlsx", "SDG-8.33:+1")
    result = run_cli("import", book, "-o", out, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "warning 施策一覧!R2C6 (F2, 影響): The impact target 'SDG-8.33' is neither" in (
        result.stderr
    )
    assert "Did you mean 'SDG-8.3'?" in result.stderr
    _code, document = check_json(out)
    assert [f["messages"]["en"].split("'")[1] for f in findings_of(document, "SA102")] == [
        "SDG-8.33"
    ]
