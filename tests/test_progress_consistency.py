"""Every format of ``seta-align progress`` says the same of each roll-up: how many of its
measures stand at each status, and the grade the scheme gives it (by share: the best status 80 %
of its measures reach), never the status of its worst measure as if it were the policy's.

A council handout made from the Markdown or the workbook once read 「重点政策6本すべて遅れ・未報告」
while the terminal and the HTML showed the breakdown. Here the roll-up rows of the bundled
sample (the priority policies and the SDG goals) are read back from the Markdown, the workbook
(openpyxl), the HTML page (an HTML parser), the JSON and the terminal, and compared.
"""

from __future__ import annotations

import json
import re

from openpyxl import load_workbook
from test_impacts_html import Elements
from test_progress_formats import LABELS_JA as LABELS  # each status's Japanese label

from conftest import gfm_cells, run_cli

PP3 = "順調 6・おおむね順調 4・未報告 1"
ROLLUP = re.compile(r"PP-\d+|SDG-\d+")  # the priority policies and the SDG goals


def _progress(*args):
    result = run_cli("progress", "--sample", *args)
    assert result.exit_code == 0, result.output
    return result


def _from_json() -> dict[str, str]:
    """The breakdown of each priority policy and SDG goal in the JSON (the data), in the
    words of the views."""
    document = json.loads(_progress("--format", "json").stdout)
    found = {}
    for row in document["nodes"]:
        if ROLLUP.fullmatch(row["id"]):
            counts = row["counts"]
            found[row["id"]] = "・".join(
                f"{LABELS[code]} {counts[code]}" for code in LABELS if counts.get(code)
            )
    return found


def _from_markdown() -> dict[str, str]:
    text = _progress("--format", "markdown").stdout
    found = {}
    for line in text.splitlines():
        if line.startswith(("| PP-", "| SDG-")):
            cells = gfm_cells(line)
            if ROLLUP.fullmatch(cells[0].split()[0]):
                found.setdefault(cells[0].split()[0], cells[3])  # after 施策数 and 評価
    return found


def _from_workbook(tmp_path) -> dict[str, str]:
    target = tmp_path / "progress.xlsx"
    _progress("-o", target)
    book = load_workbook(target)
    found = {}
    for name in ("重点政策", "SDG"):
        rows = list(book[name].iter_rows(min_row=2, values_only=True))  # under the title
        header = rows[0]
        assert "状況" not in header
        for row in rows[1:]:
            record = dict(zip(header, row, strict=True))
            found[record["ID"]] = record["内訳"] or "–"
    return found


def _from_html(tmp_path) -> dict[str, str]:
    target = tmp_path / "progress.html"
    _progress("-o", target)
    page = Elements(target.read_text(encoding="utf-8"))
    found = {}
    for name, attrs, parts in page.elements:
        if name == "tr" and ROLLUP.fullmatch(attrs.get("data-id") or ""):
            found.setdefault(attrs["data-id"], "".join(parts))
    return found


def test_every_format_gives_each_rollup_the_same_breakdown(tmp_path):
    expected = _from_json()
    assert expected["PP-3"] == PP3
    markdown = _from_markdown()
    workbook = _from_workbook(tmp_path)
    html = _from_html(tmp_path)
    # The same rows in every format: the six priority policies, then the SDG goals served.
    assert list(markdown) == list(workbook) == list(html)
    assert list(markdown)[:6] == [f"PP-{n}" for n in range(1, 7)]
    for identifier in markdown:
        shown = expected[identifier] or "–"
        assert markdown[identifier] == shown, identifier
        assert workbook[identifier] == shown, identifier
        if expected[identifier]:
            assert shown in html[identifier], identifier
    assert PP3 in run_cli("progress", "--sample").stdout


def test_every_format_gives_each_rollup_the_same_grade(tmp_path):
    document = json.loads(_progress("--format", "json").stdout)
    expected = {row["id"]: row["grade"] for row in document["nodes"] if ROLLUP.fullmatch(row["id"])}
    markdown = _progress("--format", "markdown").stdout
    target = tmp_path / "progress.xlsx"
    _progress("-o", target)
    book = load_workbook(target)
    for name in ("重点政策", "SDG"):
        rows = list(book[name].iter_rows(min_row=2, values_only=True))
        for row in rows[1:]:
            record = dict(zip(rows[0], row, strict=True))
            code = expected[record["ID"]] if record["施策数"] else None
            assert record["評価"] == (LABELS[code] if code else None), record["ID"]
    for line in markdown.splitlines():
        if line.startswith(("| PP-", "| SDG-")) and ROLLUP.fullmatch(gfm_cells(line)[0].split()[0]):
            identifier = gfm_cells(line)[0].split()[0]
            if expected.get(identifier):
                assert gfm_cells(line)[2].endswith(" " + LABELS[expected[identifier]]), identifier
    # PP-3, 順調 6・おおむね順調 4・未報告 1: おおむね順調 or better 10 of 11 = 91 % ≥ 80 %
    assert expected["PP-3"] == "mostly_on_track"


def test_no_format_labels_a_policy_by_its_worst_measure(tmp_path):
    markdown = _progress("--format", "markdown").stdout
    row = next(line for line in markdown.splitlines() if line.startswith("| PP-3 "))
    # its grade is the share's (おおむね順調), not its worst measure's (未報告)
    assert "⬜" not in row and "🟥" not in row and gfm_cells(row)[3] == PP3
    assert gfm_cells(row)[2] == "🟨 おおむね順調"
    header = next(line for line in markdown.splitlines() if line.startswith("| 政策・目標 |"))
    assert "状況" not in gfm_cells(header)
    workbook = _from_workbook(tmp_path)
    # No priority policy of the sample is reduced to one word: each has measures at several
    # statuses, and the breakdown says so.
    assert all("・" in workbook[f"PP-{n}"] for n in range(1, 7))
