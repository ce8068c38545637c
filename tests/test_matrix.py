"""`seta-align matrix`: the coverage matrix and its formats (terminal, CSV, XLSX, Markdown, HTML)."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from conftest import CLEAN, DRAFTS, FIXTURES, ROOT, gfm_cells, run_cli, run_in_terminal

HOSTILE = FIXTURES / "matrix" / "hostile.yaml"
MINI_CONFIG = DRAFTS / "seta-align.yaml"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

SDG4 = "SDG-4 すべての人に包摂的かつ公正な質の高い教育を確保し、生涯学習の機会を促進する"
SDG8 = (
    "SDG-8 包摂的かつ持続可能な経済成長及びすべての人々の完全かつ生産的な雇用と働きがいのある"
    "人間らしい雇用(ディーセント・ワーク)を促進する"
)
ECON = ["ECON-01", "商店街を拠点とした起業家育成"]
KIDS = ["KIDS-01", "子ども・若者の起業体験と意見表明の場"]
TOTALS = ("● 計", "○ 計")


def _matrix(*args, lang="ja"):
    return run_cli("matrix", *args, "--lang", lang)


def _csv(*args, lang="ja") -> list[list[str]]:
    result = _matrix(*args, "--format", "csv", lang=lang)
    assert result.exit_code == 0, result.output
    text = result.stdout_bytes.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def _ids(header: list[str]) -> list[str]:
    return [cell.split(" ")[0] for cell in header]


# --- the matrix itself -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (
            ["--columns", "SDG.goal"],
            [
                ["ID", "施策名", SDG4, SDG8, *TOTALS],
                [*ECON, "", "○", "0", "1"],
                [*KIDS, "○", "", "0", "1"],
                ["● 計", "", "0", "0", "0", ""],
                ["○ 計", "", "1", "1", "", "2"],
            ],
        ),
        (
            ["--columns", "SDG.target"],
            [
                ["ID", "施策名", "SDG-4.7", "SDG-8.3", "SDG-8.10", *TOTALS],
                [*ECON, "", "●", "●", "2", "0"],
                [*KIDS, "●", "", "", "1", "0"],
                ["● 計", "", "1", "1", "1", "3", ""],
                ["○ 計", "", "0", "0", "0", "", "0"],
            ],
        ),
        (
            ["--columns", "PLAN.priority_policy"],
            [
                ["ID", "施策名", "PP-1", "PP-6", *TOTALS],
                [*ECON, "○", "○", "0", "2"],
                [*KIDS, "○", "○", "0", "2"],
                ["● 計", "", "0", "0", "0", ""],
                ["○ 計", "", "2", "2", "", "4"],
            ],
        ),
        (
            # Fields: ● the measure's own field, ○ a field reached through its links.
            ["--columns", "fields"],
            [
                ["ID", "施策名", "LIFE 区民生活", "ECON 地域経済", *TOTALS],
                [*ECON, "○", "●", "1", "1"],
                [*KIDS, "●", "○", "1", "1"],
                ["● 計", "", "1", "1", "2", ""],
                ["○ 計", "", "1", "1", "", "2"],
            ],
        ),
        (
            ["--rows", "owner"],  # default columns: SDG.goal
            [
                ["所管部", SDG4, SDG8, *TOTALS],
                ["経済産業部", "", "○1", "0", "1"],
                ["子ども・若者部", "○1", "", "0", "1"],
                ["● 計", "0", "0", "0", ""],
                ["○ 計", "1", "1", "", "2"],
            ],
        ),
        (
            ["--rows", "owner", "--columns", "SDG.target"],
            [
                ["所管部", "SDG-4.7", "SDG-8.3", "SDG-8.10", *TOTALS],
                ["経済産業部", "", "●1", "●1", "2", "0"],
                ["子ども・若者部", "●1", "", "", "1", "0"],
                ["● 計", "1", "1", "1", "3", ""],
                ["○ 計", "0", "0", "0", "", "0"],
            ],
        ),
        (
            ["--rows", "field", "--columns", "PLAN.priority_policy"],
            [
                ["分野", "分野名", "PP-1", "PP-6", *TOTALS],
                ["LIFE", "区民生活", "○1", "○1", "0", "2"],
                ["ECON", "地域経済", "○1", "○1", "0", "2"],
                ["● 計", "", "0", "0", "0", ""],
                ["○ 計", "", "2", "2", "", "4"],
            ],
        ),
        (
            ["--rows", "field", "--columns", "fields"],
            [
                ["分野", "分野名", "LIFE 区民生活", "ECON 地域経済", *TOTALS],
                ["LIFE", "区民生活", "●1", "○1", "1", "1"],
                ["ECON", "地域経済", "○1", "●1", "1", "1"],
                ["● 計", "", "1", "1", "2", ""],
                ["○ 計", "", "1", "1", "", "2"],
            ],
        ),
    ],
    ids=[
        "measure-goal",
        "measure-target",
        "measure-priority",
        "measure-fields",
        "owner-goal",
        "owner-target",
        "field-priority",
        "field-fields",
    ],
)
def test_matrix_of_the_clean_draft(options, expected):
    rows = _csv(CLEAN, *options)
    # Node columns are headed "id title"; the long target titles are compared by id.
    if "SDG.target" in options or "PLAN.priority_policy" in options:
        rows[0] = _ids(rows[0][:-2]) + rows[0][-2:]
    assert rows == expected


def test_direct_wins_over_inherited_and_counts_add_up():
    # INJ-01 supports SDG-8 and SDG-8.3: direct in SDG-8, not also inherited.
    rows = _csv(CLEAN, HOSTILE, "--config", MINI_CONFIG, "--columns", "SDG.goal")
    by_id = {row[0]: row[2:] for row in rows[1:]}
    assert by_id["INJ-01"] == ["", "●", "1", "0"]
    assert by_id["INJ-02"] == ["○", "", "0", "1"]
    assert by_id["INJ-03"] == ["", "", "0", "0"]
    assert by_id["● 計"] == ["0", "1", "1", ""]
    assert by_id["○ 計"] == ["2", "1", "", "3"]

    rows = _csv(CLEAN, HOSTILE, "--config", MINI_CONFIG, "--rows", "field")
    assert rows[1:] == [
        ["LIFE", "区民生活", "○2", "", "0", "2"],  # KIDS-01, INJ-02 (INJ-03 serves no goal)
        ["ECON", "地域経済", "", "●1 ○1", "1", "1"],  # INJ-01 direct, ECON-01 inherited
        ["● 計", "", "0", "1", "1", ""],
        ["○ 計", "", "2", "1", "", "3"],
    ]


def test_english_headings_and_titles():
    rows = _csv(CLEAN, "--columns", "SDG.goal", lang="en")
    assert rows[0][:2] == ["ID", "Measure"]
    assert rows[0][2].startswith("SDG-4 Ensure inclusive and equitable quality education")
    assert rows[0][-2:] == ["● total", "○ total"]
    assert rows[1][1] == "Entrepreneur development based in shopping streets"


def test_default_columns_of_a_framework_without_sdgs():
    rows = _csv(
        DRAFTS.parent / "drafts-custom", "--framework", FIXTURES / "framework" / "custom.yaml"
    )
    assert _ids(rows[0]) == ["ID", "施策名", "G-1", "G-2", "G-3", "●", "○"]
    assert rows[1] == ["M-1", "暮らしの施策 [bold]", "●", "●", "", "2", "0"]


def test_the_bundled_sample():
    rows = _csv("--columns", "SDG.goal")
    assert len(rows[0]) == 2 + 17 + 2
    assert len(rows) == 1 + 85 + 2
    grand_direct, grand_inherited = rows[-2][-2], rows[-1][-1]
    assert int(grand_direct) == sum(int(row[-2]) for row in rows[1:-2])
    assert int(grand_inherited) == sum(int(row[-1]) for row in rows[1:-2])
    # Column totals are the column sums of the owner matrix too: every measure has one owner.
    owners = _csv("--columns", "SDG.goal", "--rows", "owner")
    assert owners[-2][1:-2] == rows[-2][2:-2]
    assert owners[-1][1:-2] == rows[-1][2:-2]


# --- CSV -------------------------------------------------------------------------------------


def test_csv_is_excel_ready_and_neutralises_formulas():
    result = _matrix(CLEAN, HOSTILE, "--config", MINI_CONFIG, "--format", "csv", "--rows", "owner")
    data = result.stdout_bytes
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\n") == data.count(b"\r\n") > 0
    rows = list(csv.reader(io.StringIO(data.decode("utf-8")[1:], newline="")))
    owners = [row[0] for row in rows[1:-2]]
    assert owners == ["経済産業部", "子ども・若者部", "'+1", "'@SUM(A1:A9)", "'\t=1+1"]

    rows = _csv(CLEAN, HOSTILE, "--config", MINI_CONFIG)
    titles = {row[0]: row[1] for row in rows[1:-2]}
    assert titles["INJ-01"] == '\'=HYPERLINK("http://example.com","x")'
    assert titles["INJ-02"] == "'-1"
    english = _csv(CLEAN, HOSTILE, "--config", MINI_CONFIG, lang="en")
    assert {row[0]: row[1] for row in english[1:-2]}["INJ-01"] == "'+1"
    for table in (rows, english):
        for row in table:
            for cell in row:
                assert not cell.startswith(FORMULA_STARTS), cell


# --- XLSX ------------------------------------------------------------------------------------


def test_xlsx_read_back(tmp_path):
    target = tmp_path / "matrix.xlsx"
    result = _matrix(CLEAN, HOSTILE, "--config", MINI_CONFIG, "-o", target)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    book = load_workbook(target)
    sheet, legend = book.worksheets
    assert sheet.title == "対応表" and legend.title == "凡例"
    # the table's title above its headings, both printed on every page
    assert sheet["A1"].value.startswith("対応表: 施策 × ")
    values = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values[0][:2] == ["ID", "施策名"]
    assert values[0][2].startswith("SDG-4\nすべての人に")
    assert values[0][3].startswith("SDG-8\n")
    assert values[0][4:] == ["● 計", "○ 計"]
    assert values[1:8] == [
        [*ECON, None, "○", 0, 1],
        [*KIDS, "○", None, 0, 1],
        ["INJ-01", '\'=HYPERLINK("http://example.com","x")', None, "●", 1, 0],
        ["INJ-02", "'-1", "○", None, 0, 1],
        ["INJ-03", "<script>alert(1)</script> a|b \\| c", None, None, 0, 0],
        ["● 計", None, 0, 1, 1, None],
        ["○ 計", None, 2, 1, None, 3],
    ]
    # what the marks mean, under the table
    assert values[9][0] == "● 直接: 施策がこの項目そのものに紐づいている"
    assert sheet["B5"].data_type == "s"  # text, not a formula
    assert sheet.freeze_panes == "C3"
    goal = sheet["D2"]  # SDG-8
    assert goal.fill.fill_type == "solid"
    assert goal.fill.fgColor.rgb.endswith("A21942")
    assert goal.font.b and goal.font.color.rgb.endswith("FFFFFF")
    assert sheet["D3"].alignment.horizontal == "center"
    assert sheet["A9"].font.b  # totals row
    # CJK characters count double: the title column is wider than the id column.
    assert sheet.column_dimensions["B"].width > 2 * len("施策名")
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width

    legend_rows = [list(row) for row in legend.iter_rows(min_row=2, values_only=True)]
    assert legend_rows[0] == ["ID", "名称", "英語名"]
    assert legend_rows[1][0] == "SDG-4"
    assert legend_rows[2] == [
        "SDG-8",
        "包摂的かつ持続可能な経済成長及びすべての人々の完全かつ生産的な雇用と働きがいのある"
        "人間らしい雇用(ディーセント・ワーク)を促進する",
        "Promote sustained, inclusive and sustainable economic growth, full and productive "
        "employment and decent work for all",
    ]
    assert legend["A4"].fill.fgColor.rgb.endswith("A21942")  # SDG-8's id in its colour


def test_xlsx_owner_rows_freeze_one_column(tmp_path):
    target = tmp_path / "owners.xlsx"
    result = _matrix(CLEAN, HOSTILE, "--config", MINI_CONFIG, "--rows", "owner", "-o", target)
    assert result.exit_code == 0, result.output
    sheet = load_workbook(target).worksheets[0]
    assert sheet.freeze_panes == "B3"
    assert [row[0].value for row in sheet.iter_rows(min_row=3, max_row=7)] == [
        "経済産業部",
        "子ども・若者部",
        "'+1",
        "'@SUM(A1:A9)",
        "'\t=1+1",
    ]


def test_xlsx_is_refused_on_a_terminal_and_written_to_a_pipe():
    code, shown = run_in_terminal("matrix", CLEAN, "--format", "xlsx")
    assert code == 2
    assert "-o" in shown and "xlsx" in shown and "PK" not in shown
    code, shown = run_in_terminal("matrix", CLEAN, "--format", "xlsx", "-o", "-",
                                  env={"SETA_ALIGN_LANG": "en"})
    assert code == 2
    assert "cannot be shown on a terminal" in shown
    piped = _matrix(CLEAN, "--format", "xlsx")  # CliRunner's stdout is no terminal
    assert piped.exit_code == 0
    assert piped.stdout_bytes.startswith(b"PK")
    assert load_workbook(io.BytesIO(piped.stdout_bytes)).active.max_row > 1


# --- Markdown and HTML -----------------------------------------------------------------------


def test_markdown_escapes_cells():
    result = _matrix(CLEAN, HOSTILE, "--config", MINI_CONFIG, "--format", "markdown")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "## 対応表"
    assert "### 対応表: 施策 × 持続可能な開発目標（SDGs） ゴール（SDG.goal）" in lines
    header = next(line for line in lines if line.startswith("| ID |"))
    width = len(gfm_cells(header))
    assert gfm_cells(header) == ["ID", "施策名", "SDG-4", "SDG-8", *TOTALS]
    row = next(line for line in lines if "INJ-03" in line)
    assert "<script>" not in result.stdout
    cells = gfm_cells(row)
    assert len(cells) == width
    assert cells[1] == "&lt;script&gt;alert(1)&lt;/script&gt; a\\|b \\\\\\| c"
    assert "| SDG-8 | 働きがいも" not in result.stdout  # the mini framework has no short titles
    assert any(line.startswith("| `SDG-8` | 包摂的かつ") for line in lines)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_self_contained_and_escaped():
    result = _matrix(CLEAN, HOSTILE, "--config", MINI_CONFIG, "--format", "html")
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert 'style="background-color: #A21942; color: #ffffff"' in page  # AA contrast
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    parser = _Tags()
    parser.feed(page)
    assert "script" not in parser.tags
    assert not {"link", "img", "iframe"} & set(parser.tags)
    assert "<script>alert(1)</script> a|b \\| c" in "".join(parser.text)


def test_terminal_output_with_ids_marks_and_legend():
    result = _matrix(CLEAN, "--columns", "SDG.target")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for text in ("SDG-4.7", "SDG-8.10", "●", "● 計", "凡例", "国内の金融機関の能力を強化し"):
        assert text in out
    assert "\x1b[" not in out
    english = _matrix(CLEAN, "--rows", "owner", lang="en")
    assert "Legend" in english.stdout and "● total" in english.stdout


def test_terminal_too_narrow_for_169_targets_draws_them_whole():
    result = run_cli(
        "matrix", "--columns", "SDG.target", env={"SETA_ALIGN_LANG": "en", "COLUMNS": "100"}
    )
    assert result.exit_code == 0, result.output
    header = next(line for line in result.stdout.splitlines() if "SDG-1.1" in line)
    assert "SDG-1.1 " in header and "SDG-17.19" in header  # every id whole, on one line
    assert "does not fit the terminal (100 columns)" in result.stderr
    narrow = run_cli("matrix", CLEAN, env={"SETA_ALIGN_LANG": "en", "COLUMNS": "60"})
    assert narrow.stderr == ""  # the titles fold instead


# --- errors and output files ------------------------------------------------------------------


def test_unknown_columns_suggests_a_level():
    result = _matrix(CLEAN, "--columns", "SDG.gaol")
    assert result.exit_code == 2
    assert "「SDG.gaol」" in result.stderr
    assert "「SDG.goal」の誤りではありませんか" in result.stderr
    assert "PLAN.priority_policy" in result.stderr and "fields" in result.stderr
    english = _matrix(CLEAN, "--columns", "plan.priority", lang="en")
    assert english.exit_code == 2
    assert "there is no level 'plan.priority'" in english.stderr
    assert "Valid values: PLAN.priority_policy, PLAN.action" in english.stderr
    assert "Traceback" not in result.output + english.output
    empty = _matrix(CLEAN, "--columns", "")
    assert empty.exit_code == 2 and "--columns「」" in empty.stderr


def test_unreadable_input_is_a_located_error():
    result = _matrix(CLEAN, DRAFTS / "syntax", "--format", "csv")
    assert result.exit_code == 2
    assert "SA001" in result.stdout
    assert "\ufeff" not in result.stdout  # no matrix
    missing = _matrix(DRAFTS / "does-not-exist")
    assert missing.exit_code == 2
    assert "does-not-exist" in missing.stdout


def test_output_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "matrix.csv"
    target.write_text("old", encoding="utf-8")
    result = _matrix(CLEAN, "-o", target)
    assert result.exit_code == 2
    assert "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind
    result = _matrix(CLEAN, "-o", target, "--force")
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"\xef\xbb\xbfID,")  # inferred from .csv


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("m.md", b"## "),
        ("m.html", b"<!DOCTYPE html>"),
        ("m.xlsx", b"PK"),
        ("m.txt", "対応表\n".encode()),  # the terminal's view, without colour codes
    ],
)
def test_format_from_the_output_suffix(tmp_path, name, start):
    result = _matrix(CLEAN, "-o", tmp_path / name)
    assert result.exit_code == 0, result.output
    assert (tmp_path / name).read_bytes().startswith(start)


def test_unknown_output_suffix_needs_a_format(tmp_path):
    result = _matrix(CLEAN, "-o", tmp_path / "m.pdf")
    assert result.exit_code == 2
    assert "--format" in result.stderr and not (tmp_path / "m.pdf").exists()
    result = _matrix(CLEAN, "-o", tmp_path / "m.out", "--format", "rich")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "m.out").read_text(encoding="utf-8")
    assert "ECON-01" in text and "\x1b[" not in text


def test_help_and_lazy_openpyxl():
    assert run_cli("matrix", "--help").exit_code == 0
    probe = "import sys; from seta_align.cli import app; print('openpyxl' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "False", result.stderr
