"""The impact pre-assessment in sheets: the impacts columns of `export`/`import`, and the
interaction matrix as a square sheet (`import --interactions`, `export --interactions`).

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
import shutil
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook, load_workbook

from seta_align.loading.yaml_source import parse_yaml_text

from conftest import FIXTURES, ROOT, check_json, codes, findings_of, run_cli

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
        assert "+3 不可分" in guide["影響"][1].value and "-3 両立不可" in guide["影響"][1].value
        assert guide["影響"][3].value == "SDG-7.2:+2; SDG-15.1:-1"


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_impacts_round_trip_export_import_export(tmp_path, suffix):
    first = tmp_path / f"first{suffix}"
    assert run_cli("export", MEASURES, "-c", CONFIG, "-o", first).exit_code == 0
    out = tmp_path / "measures"
    imported = run_cli("import", first, "-o", out, "--by", "file")
    assert imported.exit_code == 0, imported.output
    assert "目標指標 3 件、影響の評価 9 件。" in imported.stdout  # three impacts per measure
    measures = _measures(out)
    assert measures["URBAN-01"]["impacts"] == URBAN_IMPACTS
    assert measures["ECON-01"]["impacts"] == ECON_IMPACTS
    assert measures["ENV-01"]["impacts"] == ENV_IMPACTS
    # `on` is quoted, as the sample writes it: YAML 1.1 tools read a plain `on` key as true.
    text = (out / "measures.yaml").read_text(encoding="utf-8")
    assert '- {"on": SDG-13.2, score: -1, note: 建設時の排出}' in text

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
        "+2 強化、+1 後押し、0 中立、-1 制約、-2 対立、-3 両立不可）。例: SDG-7.2:+2; SDG-15.1:対立",
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
        "書き、「;」で区切ります。例: SDG-7.2:+2; SDG-15.1:対立",
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


# --- The interaction matrix as a square sheet ---------------------------------------------------

CORNER = "行が列に与える影響"
# The fixture's matrix, ids in the framework's order (goal 8, 11, 12, 13), rows → columns.
SQUARE = [
    [CORNER, "SDG-8.3", "SDG-11.7", "SDG-12.5", "SDG-13.2"],
    ["SDG-8.3", None, None, -1, -1],
    ["SDG-11.7", None, None, None, 2],
    ["SDG-12.5", None, None, None, 2],
    ["SDG-13.2", None, 1, None, None],
]
# The same pairs, row by row as the import writes them.
PAIRS = [
    {"from": "SDG-8.3", "to": "SDG-12.5", "score": -1},
    {"from": "SDG-8.3", "to": "SDG-13.2", "score": -1},
    {"from": "SDG-11.7", "to": "SDG-13.2", "score": 2},
    {"from": "SDG-12.5", "to": "SDG-13.2", "score": 2},
    {"from": "SDG-13.2", "to": "SDG-11.7", "score": 1},
]


def _as_numbers(table: list[list]) -> list[list]:
    """CSV cells are text: the scores as numbers, to compare with the workbook's."""
    return [
        [row[0], *(int(v) if isinstance(v, str) else v for v in row[1:])] if i else row
        for i, row in enumerate(table)
    ]


def _node_title(node_id: str) -> str:
    """The title in the bundled framework files, found by walking them (not through
    seta-align)."""
    stack = []
    for name in ("policies.yaml", "sdgs.yaml"):
        document = yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))
        stack += [node for framework in document["frameworks"] for node in framework["nodes"]]
    while stack:
        node = stack.pop()
        if node["id"] == node_id:
            return node["title"]
        stack.extend(node.get("children", []))
    raise KeyError(node_id)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_interactions_as_a_square_sheet(tmp_path, suffix):
    sheet = tmp_path / f"matrix{suffix}"
    result = run_cli("export", MEASURES, "-c", CONFIG, "--interactions", "-o", sheet)
    assert result.exit_code == 0, result.output
    assert _as_numbers(_table(sheet)) == SQUARE
    # The file's note cannot be in a square sheet, nor a pair's in a CSV: said, not lost
    # silently (a workbook keeps a pair's in its 評価の記録 sheet).
    said = "".join(result.stderr.split())  # as wrapped at any width
    assert "相互作用ファイル全体の注記（note）はシートに入りません" in said
    assert ("組ごとの注記・評価者・評価日・出典（1組）はCSVに入りません" in said) == (suffix == ".csv")
    assert f"seta-align import {sheet} --interactions" in result.stderr
    if suffix == ".xlsx":
        book = load_workbook(sheet)
        assert book.sheetnames == ["相互作用", "凡例", "評価の記録"]  # the pair with a note
        matrix = book["相互作用"]
        assert matrix["D2"].number_format == "+0;-0;0"  # −1 shown as -1, +2 as +2
        assert matrix["B2"].fill.fgColor.rgb.endswith("BFBFBF")  # the diagonal is grey
        assert matrix.freeze_panes == "B2"
        legend = {row[0].value: row for row in book["凡例"].iter_rows()}
        assert legend[-2][1].value == "対立" and legend[-2][2].value == "counteracting"
        assert legend["SDG-8.3"][1].value == _node_title("SDG-8.3")


def _project(folder: Path, interactions: str) -> Path:
    folder.mkdir(exist_ok=True)
    config = folder / "seta-align.yaml"
    config.write_text(f"impacts:\n  interactions: {interactions}\n", encoding="utf-8")
    return config


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_square_sheet_round_trip(tmp_path, suffix):
    first = tmp_path / f"matrix{suffix}"
    assert run_cli("export", MEASURES, "-c", CONFIG, "--interactions", "-o", first).exit_code == 0
    config = _project(tmp_path / "project", "interactions.yaml")
    target = config.parent / "interactions.yaml"
    result = run_cli("import", first, "--interactions", "-o", target)
    assert result.exit_code == 0, result.output
    assert "4×4 の行列から 5 組の相互作用を" in result.stdout
    written = _yaml(target)
    # A workbook keeps the pair's note (its 評価の記録 sheet); a CSV has the scores only.
    kept = [
        {**pair, "note": "more production, more waste"}
        if suffix == ".xlsx" and (pair["from"], pair["to"]) == ("SDG-8.3", "SDG-12.5") else pair
        for pair in PAIRS
    ]
    assert written["interactions"] == kept
    sheet_name = "相互作用" if suffix == ".xlsx" else first.name
    assert written["note"].startswith(f"{first.name}（シート「{sheet_name}」）から seta-align import")
    assert target.read_text(encoding="utf-8").startswith("# seta-align import で")

    second = tmp_path / f"again{suffix}"
    exported = run_cli("export", MEASURES, "-c", config, "--interactions", "-o", second)
    assert exported.exit_code == 0, exported.output
    assert _all_sheets(second) == _all_sheets(first)

    # impacts reads the file: SDG-13.2 is driven by 11.7 (+2), 12.5 (+2) and 8.3 (−1): in-sum 3.
    shown = run_cli("impacts", MEASURES, "-c", config, "--format", "json")
    influence = {i["id"]: i for i in json.loads(shown.stdout)["influence"]}
    assert influence["SDG-13.2"]["in_sum"] == 3 and influence["SDG-8.3"]["out_sum"] == -2


def _csv(path: Path, rows: list[list]) -> Path:
    text = "\r\n".join(",".join("" if v is None else str(v) for v in row) for row in rows)
    path.write_bytes(("\ufeff" + text + "\r\n").encode("utf-8"))
    return path


def test_ids_in_another_order_and_scores_as_people_write_them(tmp_path):
    rows = [
        ["", "SDG-13.2", "ＳＤＧ－８．３", "SDG-12.5", "sdg-11.7"],
        ["SDG-8.3", "制約", "", "−1", ""],
        ["SDG-12.5", "＋２", "", "", ""],
        ["SDG-11.7", "reinforcing", "", "", ""],
        ["SDG-13.2", "", "", "", "促進"],
        ["※ 仮の評価"],
    ]
    target = tmp_path / "i.yaml"
    result = run_cli("import", _csv(tmp_path / "m.csv", rows), "--interactions", "-o", target)
    assert result.exit_code == 0, result.output
    assert "情報 m.csv 行6: 注記の行を読み飛ばしました。" in result.stderr
    found = _yaml(target)["interactions"]
    assert sorted(found, key=lambda p: (p["from"], p["to"])) == sorted(
        PAIRS, key=lambda p: (p["from"], p["to"])
    )


# (bad rows, fixed rows, Japanese message, English message): each both ways.
SQUARE_ERRORS = [
    (
        [["", "SDG-8.3", "SDG-11.7"], ["SDG-8.3", "", "1"], ["SDG-11.7", "2", ""], ["SDG-9.1", "", "1"]],
        [["", "SDG-8.3", "SDG-11.7"], ["SDG-8.3", "", "1"], ["SDG-11.7", "2", ""]],
        "エラー m.csv 行4 列A: SDG-9.1 は行にありますが、列（行1）にありません。 → 1行目と1列目に"
        "同じ ID を並べてください（順序は問いません）。",
        "error m.csv!R4C1 (A4): SDG-9.1 is a row but not a column (row 1).",
    ),
    (
        [["", "SDG-8.3", "SDG-11.7", "SDG-9.1"], ["SDG-8.3", "", "1", ""], ["SDG-11.7", "2", "", ""]],
        [["", "SDG-8.3", "SDG-11.7"], ["SDG-8.3", "", "1"], ["SDG-11.7", "2", ""]],
        "エラー m.csv 行1 列D: SDG-9.1 は列にありますが、行（列A）にありません。",
        "error m.csv!R1C4 (D1): SDG-9.1 is a column but not a row (column A).",
    ),
    (
        [["", "SDG-8.33", "SDG-11.7"], ["SDG-8.33", "", "1"], ["SDG-11.7", "2", ""]],
        [["", "SDG-8.3", "SDG-11.7"], ["SDG-8.3", "", "1"], ["SDG-11.7", "2", ""]],
        "エラー m.csv 行1 列B: 「SDG-8.33」はフレームワークにありません。 → 「SDG-8.3」の誤りでは"
        "ありませんか？",
        "error m.csv!R1C2 (B1): 'SDG-8.33' is not in the framework. → Did you mean 'SDG-8.3'?",
    ),
    (
        [["", "SDG-8.3", "SDG-11.7"], ["SDG-8.3", "0", "1"], ["SDG-11.7", "2", ""]],
        [["", "SDG-8.3", "SDG-11.7"], ["SDG-8.3", "", "1"], ["SDG-11.7", "2", ""]],
        "エラー m.csv 行2 列B「SDG-8.3」: 対角線のセル（SDG-8.3 と SDG-8.3 自身）は空けておきます。",
        "error m.csv!R2C2 (B2, SDG-8.3): A cell of the diagonal (SDG-8.3 with itself) stays "
        "empty.",
    ),
    (
        [["", "SDG-8.3", "SDG-11.7"], ["SDG-8.3", "", "much"], ["SDG-11.7", "2", ""]],
        [["", "SDG-8.3", "SDG-11.7"], ["SDG-8.3", "", "強化"], ["SDG-11.7", "2", ""]],
        "エラー m.csv 行2 列C「SDG-11.7」: 「much」は評価の尺度にありません。 → 評価は -3〜+3 の"
        "整数か尺度の名前で書きます",
        "error m.csv!R2C3 (C2, SDG-11.7): 'much' is not a score of the scale.",
    ),
    (
        [["", "SDG-8.3", "SDG-11.7"], ["SDG-8.3", "", "-5"], ["SDG-11.7", "2", ""]],
        [["", "SDG-8.3", "SDG-11.7"], ["SDG-8.3", "", "-3"], ["SDG-11.7", "2", ""]],
        "エラー m.csv 行2 列C「SDG-11.7」: 評価 -5 は尺度（-3〜+3）の外です。",
        "error m.csv!R2C3 (C2, SDG-11.7): The score -5 is outside the scale (-3 to +3).",
    ),
    (
        [["", "SDG-8.3", "SDG-8.3"], ["SDG-8.3", "", "1"]],
        [["", "SDG-8.3", "SDG-11.7"], ["SDG-8.3", "", "1"], ["SDG-11.7", "", ""]],
        "エラー m.csv 行1 列C: SDG-8.3 は列Bにもあります。",
        "error m.csv!R1C3 (C1): SDG-8.3 is also the id of column B.",
    ),
]


@pytest.mark.parametrize(("bad", "good", "japanese", "english"), SQUARE_ERRORS)
def test_square_sheet_errors_are_located(tmp_path, bad, good, japanese, english):
    target = tmp_path / "interactions.yaml"
    sheet = _csv(tmp_path / "m.csv", bad)
    result = run_cli("import", sheet, "--interactions", "-o", target, "--lang", "ja")
    assert result.exit_code == 2
    assert japanese in result.stderr
    assert "何も書き出していません" in result.stderr
    assert "Traceback" not in result.output
    assert not target.exists()
    english_run = run_cli("import", sheet, "--interactions", "-o", target, "--lang", "en")
    assert english_run.exit_code == 2
    assert english in english_run.stderr
    assert not target.exists()

    fixed = run_cli("import", _csv(tmp_path / "m.csv", good), "--interactions", "-o", target)
    assert fixed.exit_code == 0, fixed.output
    assert _yaml(target)["interactions"]


def test_an_xlsx_square_with_a_title_sheet_and_numbers(tmp_path):
    book = Workbook()
    book.active.title = "表紙"
    book.active["A1"] = "相互作用の評価（案）"
    matrix = book.create_sheet("行列")
    for row in [[None, "SDG-8.3", "SDG-11.7"], ["SDG-8.3", None, 2.0], ["SDG-11.7", -1, None]]:
        matrix.append(row)
    book.save(tmp_path / "m.xlsx")
    target = tmp_path / "i.yaml"
    result = run_cli("import", tmp_path / "m.xlsx", "--interactions", "-o", target)
    assert result.exit_code == 0, result.output
    assert _yaml(target)["interactions"] == [
        {"from": "SDG-8.3", "to": "SDG-11.7", "score": 2},
        {"from": "SDG-11.7", "to": "SDG-8.3", "score": -1},
    ]
    half = Workbook()
    half.active.append([None, "SDG-8.3", "SDG-11.7"])
    half.active.append(["SDG-8.3", None, 2.5])
    half.active.append(["SDG-11.7", None, None])
    half.save(tmp_path / "half.xlsx")
    refused = run_cli("import", tmp_path / "half.xlsx", "--interactions", "-o", tmp_path / "h.yaml")
    assert refused.exit_code == 2
    assert "「2.5」は評価の尺度にありません" in refused.stderr


def test_the_interactions_file_is_not_replaced_without_force(tmp_path):
    sheet = _csv(tmp_path / "m.csv", SQUARE_ERRORS[0][1])
    target = tmp_path / "interactions.yaml"
    target.write_text("# mine\n", encoding="utf-8")
    result = run_cli("import", sheet, "--interactions", "-o", target)
    assert result.exit_code == 2
    assert "すでにあります" in result.stderr
    assert target.read_text(encoding="utf-8") == "# mine\n"
    forced = run_cli("import", sheet, "--interactions", "-o", target, "--force")
    assert forced.exit_code == 0, forced.output
    assert _yaml(target)["interactions"] == [
        {"from": "SDG-8.3", "to": "SDG-11.7", "score": 1},
        {"from": "SDG-11.7", "to": "SDG-8.3", "score": 2},
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["interactions.yaml", "m.csv"]


def test_the_default_target_is_the_configs_interactions_file(in_tmp):
    sheet = _csv(in_tmp / "m.csv", SQUARE_ERRORS[0][1])
    unnamed = run_cli("import", "m.csv", "--interactions")
    assert unnamed.exit_code == 0, unnamed.output
    assert (in_tmp / "data" / "interactions.yaml").is_file()
    assert "impacts: {interactions: data/interactions.yaml}" in unnamed.stdout
    _project(in_tmp, "judged/matrix.yaml")
    named = run_cli("import", sheet, "--interactions")
    assert named.exit_code == 0, named.output
    assert (in_tmp / "judged" / "matrix.yaml").is_file()
    assert "と書いてください" not in named.stdout  # the config names it already


def test_export_interactions_needs_a_clean_interactions_file(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(IMPACTS, project)
    (project / "seta-align.yaml").write_text("impacts: {required: true}\n", encoding="utf-8")
    no_file = run_cli("export", project / "measures", "--interactions", "-o", tmp_path / "x.csv")
    assert no_file.exit_code == 2
    assert "設定ファイルに相互作用ファイルがありません" in no_file.stderr
    shutil.copy(CONFIG, project / "seta-align.yaml")
    (project / "interactions.yaml").write_text(
        "interactions:\n  - {from: SDG-8.3, to: SDG-8.3, score: 1}\n", encoding="utf-8"
    )
    bad = run_cli("export", project / "measures", "--interactions", "-o", tmp_path / "x.csv")
    assert bad.exit_code == 2
    assert "SDG-8.3 が自分自身と相互作用しています" in bad.stdout + bad.stderr
    assert not (tmp_path / "x.csv").exists()


def test_interactions_mode_refuses_the_measure_options(tmp_path):
    sheet = _csv(tmp_path / "m.csv", SQUARE_ERRORS[0][1])
    result = run_cli("import", sheet, "--interactions", "--partial", "-o", tmp_path / "i.yaml")
    assert result.exit_code == 2
    assert "--interactions と --partial は一緒に使えません" in result.stderr
    wrong = run_cli("import", sheet, "--interactions", "-o", tmp_path / "i.txt", "--lang", "en")
    assert wrong.exit_code == 2
    assert "must end in .yaml" in wrong.stderr
