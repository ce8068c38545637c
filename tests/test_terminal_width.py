"""The terminal views fit their width: at 80, 120 and 200 columns no line of the sample's
``check``, ``trace``, ``impacts`` and ``progress`` (and of ``diff`` on two fixture drafts) is wider than the terminal, no status label or
id is split across lines, and a table that leaves columns or rows out says so. ``rules`` shows
every description whole at 80 columns.

(``matrix`` of the 17 SDG goals fits 80 columns in its compact layout; a matrix of the 169
targets cannot, and is drawn as wide as it needs with a hint on stderr.)
"""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from conftest import FIXTURES, run_cli

COMMANDS = [
    ("check", "--sample"),
    ("matrix", "--sample"),
    ("trace", "--sample", "PP-6"),
    ("impacts", "--sample"),
    ("impacts", "--sample", "--measure", "ECON-01"),
    ("impacts", "--sample", "--node", "SDG-8.3"),
    ("progress", "--sample"),
    ("progress", "--sample", "--by", "measure"),
    ("progress", "--sample", "--by", "owner"),
    ("diff", str(FIXTURES / "diff" / "old"), str(FIXTURES / "diff" / "new")),
]
STATUSES = ("おおむね順調", "未報告", "評価不能", "遅れ（大幅）", "対立", "両立不可", "制約", "不可分")
IDS = re.compile(r"\b(?:[A-Z]{2,5}-\d{2}|SDG-\d{1,2}\.\w{1,2}|PP-\d\.i\d)\b")


def _shown(args, width: int) -> list[str]:
    result = run_cli(*args, env={"SETA_ALIGN_LANG": "ja", "COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: " ".join(args))
@pytest.mark.parametrize("width", [80, 120, 200])
def test_no_line_is_wider_than_the_terminal(args, width):
    lines = _shown(args, width)
    widest = max(lines, key=cell_len)
    assert cell_len(widest) <= width, widest


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: " ".join(args))
def test_no_status_label_or_id_is_split_at_80_columns(args):
    narrow = "\n".join(_shown(args, 80))
    wide = "\n".join(_shown(args, 200))
    # Each label and id is found as often at 80 columns as at 200: none was cut in two.
    # (An id inside a title shortened with … may be gone at 80; none may be broken.)
    for label in STATUSES:
        assert narrow.count(label) == wide.count(label), label
    # An id cut in two leaves its head before a column gap or the end of a line (ECON-0 of
    # ECON-05): a token there that is no id of the wide output.
    whole = set(re.findall(r"\b[A-Z]{2,5}-[\d.]*\d\b", wide))
    heads = re.findall(r"\b[A-Z]{2,5}-[\d.]*(?=\s{2,}|\s*$)", narrow, re.M)
    broken = [head for head in heads if head not in whole]
    assert not broken, broken
    # Every id shown at 80 columns is one shown at 200 (none is a fragment of another).
    assert set(IDS.findall(narrow)) <= set(IDS.findall(wide))


def test_a_table_that_leaves_out_columns_or_rows_says_so():
    lines = _shown(("impacts", "--sample"), 80)
    text = "\n".join(lines)
    assert "幅 80 桁に収めるため省略した列: 所管" in text
    assert "85 件中 20 件を表示（上位 15 件と、妨げる影響のある下位 5 件。全件: --format markdown）" in " ".join(text.split())
    wide = "\n".join(_shown(("impacts", "--sample"), 200))
    assert "省略した列" not in wide  # at 200 columns every column is there
    progress = "\n".join(_shown(("progress", "--sample"), 80))
    assert "29 件中 25 件を表示" in progress


def test_at_80_columns_a_row_is_one_line_and_its_title_is_shortened():
    lines = _shown(("impacts", "--sample"), 80)
    rows = [line for line in lines if line.startswith("  ECON-05 ")]
    assert len(rows) == 1
    row = rows[0]
    # The title is cut at a character boundary with …, the figures are whole.
    assert "世田谷らしい都市農業" in row and "…" in row
    assert "+10" in row and "+13.00" in row


def test_the_sdg_matrix_is_compact_at_80_columns():
    lines = _shown(("matrix", "--sample"), 80)
    rows = [line for line in lines if line.startswith("WELF-01 ")]
    assert len(rows) == 1 and "…" in rows[0]  # one line a row, the title shortened
    header = next(line for line in lines if line.startswith("ID "))
    assert " 1 2 3 " in header and "SDG-1" not in header  # short ids; the legend names them
    assert any(line.strip().startswith("SDG-17") for line in lines)  # the legend, below
    wide = _shown(("matrix", "--sample"), 200)
    assert any("SDG-1 " in line for line in wide)  # wide enough: the full ids as before


@pytest.mark.parametrize(
    "args",
    [("impacts", "--sample"), ("impacts", "--sample", "--measure", "URBN-05"), ("check", "--sample")],
    ids=lambda args: " ".join(args),
)
def test_english_fits_80_columns_too(args):
    """English names are longer than Japanese ones (「−2 counteracting」 against 「−2 相反」):
    the trade-offs still fit 80 columns, and a left-out column is said with the terminal's
    width."""
    result = run_cli(*args, env={"SETA_ALIGN_LANG": "en", "COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert "does not fit the terminal" not in result.stderr
    for line in lines:
        if line.startswith("Left out to fit"):
            assert line.startswith("Left out to fit 80 columns"), line


def test_a_status_bar_draws_every_status_it_counts():
    """PP-6 of the sample, FY2025: 順調 4・おおむね順調 3・遅れ 4・未報告 2 of 13 measures. Twelve
    cells shared by 4/13, 3/13, 4/13 and 2/13 of 12 (3.69, 2.77, 3.69, 1.85): 3, 2, 3 and 1
    whole, and the three largest remainders (0.85 of 未報告, 0.77 of おおむね順調, then the first
    0.69) round up: 4, 3, 3, 2. A status counted once still gets its cell."""
    from seta_align.views.progress import bar_widths

    assert bar_widths([4, 3, 4, 2], 12) == [4, 3, 3, 2]
    assert bar_widths([5, 1, 1, 1], 12) == [8, 2, 1, 1]  # every count at least one cell
    assert bar_widths([1] * 6, 12) == [2] * 6
    shown = run_cli(
        "progress", "--sample", "--color", "always", env={"SETA_ALIGN_LANG": "ja", "COLUMNS": "120"}
    ).stdout
    row = next(line for line in shown.splitlines() if "PP-6 " in line)
    bar = row[row.index("█") - 5 : row.rindex("█") + 1]
    # the four colours in order: green 4, yellow 3, red 3, grey 2 cells
    runs = re.findall(r"\x1b\[([0-9;]+)m(█+)", bar)
    assert [len(cells) for _code, cells in runs] == [4, 3, 3, 2], runs


def _from_cell(line: str, offset: int) -> str:
    """What ``line`` shows from terminal cell ``offset`` on (a Japanese character is two)."""
    cells = 0
    for index, character in enumerate(line):
        if cells >= offset:
            return line[index:]
        cells += cell_len(character)
    return ""


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_rules_fit_80_columns_with_every_description_whole(lang):
    from seta_align.rules import ALL_RULES

    result = run_cli("rules", env={"SETA_ALIGN_LANG": lang, "COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    start = lines[0].index("description")  # the heading is ASCII: its index is its cell
    shown: dict[str, list[str]] = {}
    for line in lines[1:]:
        if line[:7].strip():  # a rule's first line; the lines below it go on its description
            code = line.split()[0]
        shown.setdefault(code, []).append(_from_cell(line, start).strip())
    assert list(shown) == [rule.code for rule in ALL_RULES]
    for rule in ALL_RULES:
        # Japanese is broken anywhere (a space at a break may go), English at spaces.
        together = ("" if lang == "ja" else " ").join(shown[rule.code])
        written = rule.summary(lang)
        if lang == "ja":
            assert "".join(together.split()) == "".join(written.split()), rule.code
        else:
            assert together == " ".join(written.split()), rule.code
