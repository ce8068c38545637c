"""``framework import``: a 施策体系表 into a framework file; ``framework show``: what it holds.

The fixture sheets (tests/fixtures/framework-import, made by make_sheets.py there) are laid out as
cities lay them out: a title row, 基本目標 merged down, blank 政策 cells carried down, an id
column for 政策 only (one id in full-width digits), SDGs in three spellings and a target typed
as a number, and a 所管課 column that is no level. The tree expected below is worked out by
hand from the sheet.
"""

from __future__ import annotations

import json
import shutil

import pytest
import yaml

from conftest import FIXTURES, run_cli

SHEETS = FIXTURES / "framework-import"

# id: (title, parent, level, fields) — worked out by hand from 施策体系表.xlsx.
EXPECTED_NODES = {
    "CITY-1": ("子どもが育つまち", None, "goal", ["F1", "F2"]),
    "P1-1": ("子育て支援の充実", "CITY-1", "policy", ["F1"]),  # Ｐ１－１ in full width
    "P1-1.1": ("保育の受け皿の確保", "P1-1", "program", ["F1"]),
    "P1-1.2": ("子育て相談の充実", "P1-1", "program", ["F1"]),  # 基本目標 merged, 政策 blank
    "P1-2": ("学びの充実", "CITY-1", "policy", ["F1", "F2"]),
    "P1-2.1": ("学校施設の改善", "P1-2", "program", ["F1", "F2"]),
    "CITY-2": ("活力あるまち", None, "goal", ["F3"]),
    "P2-1": ("産業の振興", "CITY-2", "policy", ["F3"]),
    "P2-1.1": ("創業支援", "P2-1", "program", ["F3"]),
    "P2-1.2": ("商店街の活性化", "P2-1", "program", ["F3"]),
    "P2-2": ("観光の推進", "CITY-2", "policy", ["F3"]),  # a 政策 without 施策
}
EXPECTED_FIELDS = [("F1", "暮らし"), ("F2", "まちづくり"), ("F3", "産業")]
EXPECTED_RELATIONS = [
    ("P1-1.1", "SDG-3"),  # ３、４
    ("P1-1.1", "SDG-4"),
    ("P1-1.2", "SDG-3"),  # 3・4・11
    ("P1-1.2", "SDG-4"),
    ("P1-1.2", "SDG-11"),
    ("P1-2.1", "SDG-4"),  # SDG-4
    ("P2-1.1", "SDG-8"),  # 8, 9
    ("P2-1.1", "SDG-9"),
    ("P2-1.2", "SDG-8"),  # SDG-8・SDG-11
    ("P2-1.2", "SDG-11"),
    ("P2-2", "SDG-8.9"),  # the number 8.9
]


def _flatten(document: dict) -> dict:
    """framework show --format json → {id: (title, parent, level, fields)} of the city."""
    found = {}
    [city] = [f for f in document["frameworks"] if f["id"] == "CITY"]
    stack = [(node, None) for node in city["nodes"]]
    while stack:
        node, parent = stack.pop()
        found[node["id"]] = (node["title"], parent, node["level"], node["fields"])
        stack.extend((child, node["id"]) for child in node["children"])
    return found


# The workbook has a title row above its header; the CSV file does not.
@pytest.mark.parametrize(("sheet", "first_row"), [("施策体系表.xlsx", 3), ("施策体系表.csv", 2)])
def test_a_sheet_imports_into_the_tree_worked_out_by_hand_and_reads_back(
    sheet, first_row, tmp_path
):
    written = tmp_path / "city.yaml"
    result = run_cli("framework", "import", SHEETS / sheet, "-o", written)
    assert result.exit_code == 0, result.output
    # The column that is no level is said, once, at the header.
    assert "所管課" in result.stderr
    # Ids made are listed with their rows; ids read (政策ID) are not.
    assert f"CITY-1  子どもが育つまち  ({first_row})" in result.stderr
    assert f"P1-1.2  子育て相談の充実  ({first_row + 1})" in result.stderr
    assert "  P1-1  " not in result.stderr

    # Reading the written file back (with the SDG module its relations point into) gives the
    # same tree.
    shown = run_cli("framework", "show", written, "seta-align:sdgs", "--format", "json")
    assert shown.exit_code == 0, shown.output
    document = json.loads(shown.stdout)
    assert document["ok"] is True and document["problems"] == []
    assert _flatten(document) == EXPECTED_NODES
    assert [(f["id"], f["title"]) for f in document["fields"]] == EXPECTED_FIELDS
    assert [(r["from"], r["to"]) for r in document["relations"]] == EXPECTED_RELATIONS
    assert all(r["across_files"] for r in document["relations"])
    [city] = [f for f in document["frameworks"] if f["id"] == "CITY"]
    assert [(lv["title"], lv["count"]) for lv in city["levels"]] == [
        ("基本目標", 2),
        ("政策", 4),
        ("施策", 5),
    ]
    # The file itself, read by a plain YAML reader: every text stays text.
    data = yaml.safe_load(written.read_text("utf-8"))
    assert data["frameworks"][0]["source"].startswith(sheet)


def test_the_xlsx_and_the_csv_make_the_same_framework(tmp_path):
    texts = []
    for sheet in ("施策体系表.xlsx", "施策体系表.csv"):
        out = tmp_path / f"{sheet}.yaml"
        assert run_cli("framework", "import", SHEETS / sheet, "-o", out).exit_code == 0
        lines = out.read_text("utf-8").splitlines()
        # Only the lines that name the source differ.
        texts.append([line for line in lines if "施策体系表." not in line])
    assert texts[0] == texts[1]


def test_every_problem_is_located_once_and_nothing_is_written(tmp_path):
    out = tmp_path / "city.yaml"
    result = run_cli("framework", "import", SHEETS / "施策体系表-errors.csv", "-o", out)
    assert result.exit_code == 2
    assert not out.exists()
    errors = [line for line in result.stderr.splitlines() if line.startswith("エラー")]
    name = "施策体系表-errors.csv"
    assert [line.split(": ")[0] for line in errors] == [
        f"エラー {name} 行2 列C「政策」",  # a child without a parent
        f"エラー {name} 行4 列E「SDGs」",  # SDG 18
        f"エラー {name} 行5 列B「政策ID」",  # P1 again
        f"エラー {name} 行6 列C「政策」",  # 目標B, then 施策 with 政策 skipped
    ]
    assert "上位の「基本目標」がありません" in errors[0]
    assert "SDGs の「18」はありません" in errors[1]
    assert "ID「P1」が重複しています（3 行目の「政策1」" in errors[2]
    assert "階層の飛び越し" in errors[3]
    # Row 7 carries the broken row 6 down: not a second finding.
    assert "行7" not in result.stderr
    assert "表にエラーが 4 件あります。何も書き出していません。" in result.stderr


def test_the_written_file_is_never_replaced_without_force(tmp_path):
    out = tmp_path / "city.yaml"
    out.write_text("# the city's own edits\n", encoding="utf-8")
    result = run_cli("framework", "import", SHEETS / "施策体系表.csv", "-o", out)
    assert result.exit_code == 2
    assert out.read_text("utf-8") == "# the city's own edits\n"
    assert "--force" in result.stderr
    forced = run_cli("framework", "import", SHEETS / "施策体系表.csv", "-o", out, "--force")
    assert forced.exit_code == 0
    assert "子どもが育つまち" in out.read_text("utf-8")


def test_levels_named_on_the_command_line_and_a_missing_one(tmp_path):
    out = tmp_path / "two.yaml"
    # Two levels only: 施策 and 所管課 are left out, and each row's 施策 is not read.
    result = run_cli(
        "framework", "import", SHEETS / "施策体系表.csv", "-o", out, "--levels", "基本目標,政策"
    )
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text("utf-8"))
    assert [lv["title"] for lv in data["frameworks"][0]["levels"]] == ["基本目標", "政策"]
    missing = run_cli(
        "framework", "import", SHEETS / "施策体系表.csv", "-o", tmp_path / "x.yaml",
        "--levels", "基本目標,事業",
    )
    assert missing.exit_code == 2
    assert "「事業」という見出しの列がありません" in missing.stderr


def test_a_measure_on_an_imported_city_node_and_an_sdg_target_checks_clean(tmp_path, monkeypatch):
    assert run_cli(
        "framework", "import", SHEETS / "施策体系表.xlsx", "-o", tmp_path / "city.yaml"
    ).exit_code == 0
    (tmp_path / "seta-align.yaml").write_text(
        "framework: [city.yaml, seta-align:sdgs]\nmeasures: [measures]\n", encoding="utf-8"
    )
    (tmp_path / "measures").mkdir()
    (tmp_path / "measures" / "kodomo.yaml").write_text(
        "- id: KODOMO-01\n  title: 保育所の整備\n  owner: 子ども課\n  field: F1\n"
        "  supports: [P1-1.1, SDG-4.2]\n  kpis:\n    - name: 定員\n      unit: 人\n"
        "      target: {year: 2030, value: 100}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "--format", "json")
    document = json.loads(result.stdout)
    assert "SA102" not in [f["code"] for f in document["findings"]]
    assert result.exit_code == 0, result.output


def test_show_a_clean_framework_at_80_columns(monkeypatch):
    monkeypatch.chdir(FIXTURES / "modules")
    result = run_cli("framework", "show", env={"SETA_ALIGN_LANG": "ja", "COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "ファイル: city.yaml + city-sdgs.yaml + seta-align:sdgs" in out
    assert "関係: 2（ファイルをまたぐもの 2）" in out
    assert "検査: 問題はありません" in out
    # Each level and its count, as worked out from the files (2 goals, 3 policies, the SDGs).
    for key, count in (("CITY.goal", 2), ("CITY.policy", 3), ("SDG.goal", 17), ("SDG.target", 169)):
        assert any(key in line and f" {count} " in line for line in out.splitlines()), key
    # The city's tree, children under their parent; the bundled SDG tree only pointed at.
    assert "└ 創業と事業承継を支える" in out
    assert "SDG-1.1" not in out
    assert "seta-align framework show seta-align:sdgs" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_show_a_broken_framework_locates_each_problem(tmp_path):
    shutil.copy(FIXTURES / "modules" / "city.yaml", tmp_path / "city.yaml")
    shutil.copy(FIXTURES / "modules" / "clash.yaml", tmp_path / "clash.yaml")
    result = run_cli(
        "framework", "show", tmp_path / "city.yaml", "seta-align:sdgs", tmp_path / "clash.yaml",
        "--format", "json",
    )
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert document["ok"] is False
    [problem] = document["problems"]
    assert problem["line"] == 11 and problem["file"].endswith("clash.yaml")
    assert "seta-align:sdgs:" in problem["message"]


def test_show_in_markdown_lists_the_tree(monkeypatch):
    monkeypatch.chdir(FIXTURES / "modules")
    result = run_cli("framework", "show", "--format", "markdown")
    assert result.exit_code == 0
    assert "| `P1-1` | └ 創業と事業承継を支える | 政策 | 産業 | 8.3 |" in result.stdout


# --- Sheets as they come ------------------------------------------------------------------

EDGE = SHEETS / "edge"


def _import(tmp_path, sheet: str, *args):
    out = tmp_path / "out.yaml"
    result = run_cli("framework", "import", EDGE / sheet, "-o", out, *args)
    return result, out


def _notes(result, level: str = "エラー") -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(level)]


def test_numbered_ids_take_the_framework_id_before_them_said_once_per_column(tmp_path):
    result, out = _import(tmp_path, "numbered-ids.csv")
    assert result.exit_code == 0, result.output
    shown = json.loads(run_cli("framework", "show", out, "-f", "json").stdout)
    nodes = _flatten(shown)
    assert sorted(nodes) == ["CITY-1", "CITY-1-1", "CITY-1-1-1", "CITY-1-1-2", "CITY-1-2", "CITY-1-2-1"]
    assert nodes["CITY-1-1-2"][1] == "CITY-1-1"  # carried down under 1-1
    said = [line for line in result.stderr.splitlines() if "CITY-" in line and "付けました" in line]
    assert len(said) == 2  # 政策番号 and 施策番号, once each


def test_a_bad_id_is_one_error_and_the_rows_it_carries_say_nothing_more(tmp_path):
    result, out = _import(tmp_path, "bad-id-carried.csv")
    assert result.exit_code == 2 and not out.exists()
    [error] = _notes(result)
    assert "行2 列B「政策ID」" in error and "「P 1」は ID にできません" in error
    assert "行3" not in result.stderr  # 施策b sits under the row in error


def test_two_columns_of_one_heading_are_an_error_not_a_lost_column(tmp_path):
    result, out = _import(tmp_path, "two-sdgs-columns.csv")
    assert result.exit_code == 2 and not out.exists()
    [error] = _notes(result)
    assert "行1 列D「SDGs」" in error and "C 列と D 列" in error


def test_a_header_without_rows_is_an_error_not_an_empty_framework(tmp_path):
    result, out = _import(tmp_path, "header-only.csv")
    assert result.exit_code == 2 and not out.exists()
    assert "見出し行の下に行がありません" in _notes(result)[0]


def test_values_under_no_heading_are_said(tmp_path):
    result, _ = _import(tmp_path, "unheaded-column.csv")
    assert result.exit_code == 0
    [warning] = _notes(result, "警告")
    assert "行2 列B" in warning and "見出しがない" in warning


def test_a_field_named_with_a_middle_dot_is_one_field(tmp_path):
    result, out = _import(tmp_path, "field-with-dot.csv")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text("utf-8"))
    # 「健康・福祉」 is one field's name; 「、」 separates two.
    assert data["fields"] == [{"id": "F1", "title": "健康・福祉"}, {"id": "F2", "title": "産業"}]


def test_a_control_character_in_a_cell_is_written_so_that_it_reads_back(tmp_path):
    result, out = _import(tmp_path, "control-character.csv")
    assert result.exit_code == 0, result.output
    shown = run_cli("framework", "show", out, "-f", "json")
    assert shown.exit_code == 0, shown.output
    assert _flatten(json.loads(shown.stdout))["CITY-1.1"][0] == "政策\x92B"


def test_the_sdg_id_is_not_a_citys(tmp_path):
    result, out = _import(tmp_path, "field-with-dot.csv", "--id", "SDG")
    assert result.exit_code == 2 and not out.exists()
    assert "seta-align:sdgs" in result.stderr


def test_a_level_no_row_fills_in_is_said(tmp_path):
    result, out = _import(tmp_path, "empty-level.csv")
    assert result.exit_code == 0
    [warning] = _notes(result, "警告")
    assert "列C「施策」" in warning and "値が一つもありません" in warning
    levels = yaml.safe_load(out.read_text("utf-8"))["frameworks"][0]["levels"]
    assert [level["title"] for level in levels] == ["基本目標", "政策", "施策"]


def test_an_id_the_sheet_gives_that_was_already_made_says_it_was_made(tmp_path):
    # Row 2's 基本目標 gets the made id CITY-1; row 3 writes CITY-1 as a 政策's id.
    result, out = _import(tmp_path, "id-taken-by-a-made-one.csv")
    assert result.exit_code == 2 and not out.exists()
    [error] = _notes(result)
    assert "行3 列B「政策ID」" in error
    assert "2 行目の「目標A」に作った ID と同じです" in error


def test_a_header_over_two_rows_is_found_and_its_merged_heading_read(tmp_path):
    result, out = _import(tmp_path, "two-row-header.xlsx")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text("utf-8"))
    levels = [level["title"] for level in data["frameworks"][0]["levels"]]
    assert levels == ["基本目標", "政策", "施策"]
    # 「対応するSDGs」, merged down over the two header rows, is the SDGs column.
    assert [(r["from"], r["to"]) for r in data["relations"]] == [
        ("CITY-1.1.1", "SDG-3"),
        ("CITY-1.1.1", "SDG-4"),
    ]


def test_a_cover_sheet_and_a_title_row_are_passed_over(tmp_path):
    result, out = _import(tmp_path, "cover-sheet.xlsx")
    assert result.exit_code == 0, result.output
    assert "シート「体系表」を読みます" in result.stderr
    data = yaml.safe_load(out.read_text("utf-8"))
    assert [level["title"] for level in data["frameworks"][0]["levels"]] == ["基本目標", "政策"]
    assert data["frameworks"][0]["nodes"][0]["title"] == "活力あるまち"


def test_a_formula_without_its_result_is_an_error_not_a_blank(tmp_path):
    result, out = _import(tmp_path, "formula.xlsx")
    assert result.exit_code == 2 and not out.exists()
    [error] = _notes(result)
    assert "行3 列A「基本目標」" in error and '="大人"' in error


def test_bare_numbers_are_the_nodes_numbers_under_their_parents(tmp_path):
    # 施策番号 1, 2 under 子ども and 3 under 産業: never the made ids of the 基本目標.
    result, out = _import(tmp_path, "bare-numbers.csv")
    assert result.exit_code == 0, result.output
    nodes = _flatten(json.loads(run_cli("framework", "show", out, "-f", "json").stdout))
    assert sorted(nodes) == ["CITY-1", "CITY-1.1", "CITY-1.2", "CITY-2", "CITY-2.3"]
    assert nodes["CITY-2.3"][:2] == ("創業", "CITY-2")


def test_a_made_field_id_never_takes_one_the_sheet_gave(tmp_path):
    result, out = _import(tmp_path, "field-id-taken.csv")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text("utf-8"))
    assert data["fields"] == [{"id": "F2", "title": "暮らし"}, {"id": "F3", "title": "産業"}]


def test_show_with_files_does_not_read_a_broken_config(tmp_path, monkeypatch):
    shutil.copy(FIXTURES / "modules" / "city.yaml", tmp_path / "city.yaml")
    (tmp_path / "seta-align.yaml").write_text("framework: [\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run_cli("framework", "show", "city.yaml").exit_code == 0
    assert run_cli("framework", "show").exit_code == 2  # the config's framework, unreadable
