"""``seta-align sheets``: the evaluation sheets to print and file, against figures worked out by
hand (the grading fixture, see tests/test_grading.py), printed by headless Chromium (each
policy from a new page, at most two A4 pages, nothing beyond the page's edge) and as a
workbook with its print settings."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from itertools import pairwise
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_impacts_html import Elements

from conftest import FIXTURES, run_cli

GRADING = FIXTURES / "grading"
MEASURES = GRADING / "measures"
EVALUATED = GRADING / "evaluated.yaml"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PDFTOTEXT = shutil.which("pdftotext")


def _rows(page: Elements, section: str, table: str) -> list[list[str]]:
    """The rows of ``table`` (its data-table key) in the sheet whose heading starts with
    ``section``."""
    html = page.html
    start = html.index(f"<h2>{section}")
    end = html.find('<section class="sheet"', start)
    part = html[start : end if end > 0 else len(html)]
    body = part[part.index(f'data-table="{table}"') :].split("</table>")[0]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        rows.append([re.sub(r"<[^>]+>", "", cell).strip() for cell in cells])
    return rows


def test_a_policy_sheet_with_its_indicators_measures_and_kpis(tmp_path):
    """PP-1 of the grading fixture under the default scheme, FY2025: 遅れ (遅れ 3); KIDS-11 (子ども
    ・若者部, 遅れ), its section's 一次評価 順調 and 改善, its KPI 100 → 150 (the year's target)
    → 130, target 200 (2027): 進捗率 (130 − 100) / (150 − 100) = 60 %."""
    target = tmp_path / "sheets.html"
    result = run_cli("sheets", MEASURES, "-c", EVALUATED, "-o", target, "--lang", "ja")
    assert result.exit_code == 0, result.output
    page = Elements(target.read_text(encoding="utf-8"))
    html = page.html
    sheets = re.findall(r'<section class="sheet" id="sheet-(\d)">\s*<h2>([^<]*)</h2>', html)
    assert [title.split()[0] for _, title in sheets] == ["PP-1", "PP-2", "PP-3", "PP-4", "PP-5", "PP-6"]
    pp1 = html[html.index("<h2>PP-1 ") : html.index("<h2>PP-2 ")]
    assert "評価: 遅れ" in pp1 and "施策の内訳: 遅れ 3" in pp1
    measures = _rows(page, "PP-1 ", "measures")
    assert measures[0] == ["施策", "所管部・所管課", "評価", "一次評価", "今後の方向性", "課題", "改善方法"]
    kids = next(row for row in measures if row[0].startswith("KIDS-11 "))
    assert kids[1:] == [
        "子ども・若者部", "遅れ", "順調", "改善", "開設予定の2か所が用地確保の遅れで翌年度にずれ込んだ。",
        "区有地の活用を優先し、開設手続きを前倒しする。",
    ]
    kpis = _rows(page, "PP-1 ", "kpis")
    row = next(row for row in kpis if row[0].startswith("KIDS-11 "))
    assert row[1:8] == ["100", "150", "130", "200（2027）", "60%", "遅れ", ""]
    # PP-2 has no measure: said, not a bare header
    assert "この政策に貢献する施策はありません。" in html[html.index("<h2>PP-2 ") : html.index("<h2>PP-3 ")]
    assert "進捗率 = (実績 − 現状値) ÷ (年度目標値 − 現状値)" in pp1  # the scheme, on every sheet


def test_a_sheet_per_measure(tmp_path):
    target = tmp_path / "measures.html"
    assert run_cli("sheets", MEASURES, "-c", EVALUATED, "--by", "measure", "-o", target).exit_code == 0
    html = target.read_text(encoding="utf-8")
    titles = re.findall(r'<section class="sheet" id="sheet-\d+">\s*<h2>([^ <]*)', html)
    assert titles == ["ECON-11", "ECON-12", "ECON-13", "KIDS-11", "KIDS-12", "KIDS-13", "ENV-11", "ENV-12"]
    kids = html[html.index("<h2>KIDS-11 ") : html.index("<h2>KIDS-12 ")]
    assert "一次評価: 順調" in kids and "今後の方向性: 改善" in kids and "評価者: 子ども家庭課" in kids
    evaluation = kids[kids.index('data-table="evaluation"') :]
    assert re.search(r"<td>課題</td><td[^>]*>開設予定の2か所が用地確保の遅れで翌年度にずれ込んだ。</td>", evaluation)


def test_the_workbook_prints_a4_with_the_plan_the_year_and_the_page(tmp_path):
    target = tmp_path / "sheets.xlsx"
    assert run_cli("sheets", MEASURES, "-c", EVALUATED, "-o", target, "--lang", "ja").exit_code == 0
    book = load_workbook(target)
    assert book.sheetnames == ["PP-1", "PP-2", "PP-3", "PP-4", "PP-5", "PP-6"]
    sheet = book["PP-1"]
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.print_title_rows == "$1:$1"  # the policy's title on every page
    assert "評価シート（2025 年度）" in sheet.oddHeader.center.text
    assert sheet.oddFooter.center.text == "&P / &N"
    values = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    flat = [v for row in values for v in row if v is not None]
    assert flat[0].startswith("PP-1 子ども・若者") and "遅れ 3" in flat
    measure = next(row for row in values if row[0] and str(row[0]).startswith("KIDS-11 子ども"))
    assert list(measure[1:5]) == ["子ども・若者部", "遅れ", "順調", "改善"]
    kids = next(row for row in values if row[0] and str(row[0]).startswith("KIDS-11 居場所") and row[1] == 100)
    # 現状値, 年度目標値, 実績, 目標値（年度）, 進捗率（年度） as figures, the grade in words
    assert list(kids[1:7]) == [100, 150, 130, "200（2027）", 0.6, "遅れ"]


def test_each_tables_headings_are_filled_over_its_own_columns_only(tmp_path):
    """A sheet per measure of the progress fixture: the KPI table (8 columns) comes before the
    two-column table of its evaluation (施策評価). Each heading row is filled over its own
    table's columns, never on over empty cells to the width of a wider table above it."""
    target = tmp_path / "sheets.xlsx"
    fixture = FIXTURES / "progress" / "measures"
    result = run_cli("sheets", fixture, "--by", "measure", "-o", target, "--lang", "ja")
    assert result.exit_code == 0, result.output
    book = load_workbook(target)
    filled = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb == "00DDEBF7":
                    filled += 1
                    assert cell.value is not None, f"{sheet.title}!{cell.coordinate}"
    assert filled > 0


def test_no_results_no_sheets(tmp_path):
    result = run_cli("sheets", FIXTURES / "drafts" / "clean", "-o", tmp_path / "x.html", "--lang", "en")
    assert result.exit_code == 2 and "No results" in result.stderr
    assert not (tmp_path / "x.html").exists()


@pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and PDFTOTEXT), reason="needs chromium and poppler (.ci/run installs both)"
)
def test_each_policy_prints_from_a_new_page_on_at_most_two_a4_pages(tmp_path):
    """The bundled sample printed by headless Chromium: each of the six priority policies
    starts a page, takes at most two A4 pages, and no word runs past the page's edge."""
    page = tmp_path / "sheets.html"
    assert run_cli("sheets", "--sample", "-o", page).exit_code == 0
    pdf = tmp_path / "sheets.pdf"
    profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=tmp_path)
    subprocess.run(
        [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        capture_output=True, timeout=240, stdin=subprocess.DEVNULL, check=False,
    )
    boxes = subprocess.run(
        [PDFTOTEXT, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', boxes, re.S)
    assert 6 <= len(pages) <= 12
    starts = []
    for number, (width, height, words) in enumerate(pages, 1):
        assert (round(float(width)), round(float(height))) in ((842, 595), (595, 842))  # A4
        found = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', words)
        assert found, number
        for x_min, x_max, word in found:
            assert float(x_min) >= 0 and float(x_max) <= float(width), (number, word)
        first = found[0][2] if found[0][2].startswith("PP-") else None
        if number > 1 and first is None:
            # the contents of page 1 aside, a page starts with a policy or continues one
            continue
        text = " ".join(word for *_, word in found[:40])
        policy = re.search(r"\bPP-\d\b", text)
        if policy and text.find(policy.group()) < 40 and found[0][2] == policy.group():
            starts.append((policy.group(), number))
    # page 1 opens with the book's heading, then PP-1
    first_page = " ".join(word for *_, word in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', pages[0][2])[:60])
    assert "PP-1" in first_page
    starts = [("PP-1", 1), *starts]
    assert [policy for policy, _ in starts] == [f"PP-{n}" for n in range(1, 7)]
    numbers = [page_number for _, page_number in starts] + [len(pages) + 1]
    assert all(1 <= b - a <= 2 for a, b in pairwise(numbers)), numbers


def test_a_framework_without_priority_policies_is_said_not_a_blank_book(tmp_path):
    """A city's own framework (tests/fixtures/framework/custom.yaml) has no PLAN.priority_policy
    level: sheets per policy and the residents' site say so (exit 2); --by measure works."""
    shutil.copy(FIXTURES / "drafts-custom" / "measures.yaml", tmp_path / "measures.yaml")
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "2025.yaml").write_text(
        "- {measure: M-1, year: 2025, value: 1}\n- {measure: M-2, year: 2025, value: 0}\n", encoding="utf-8"
    )
    shutil.copy(FIXTURES / "framework" / "custom.yaml", tmp_path / "custom.yaml")
    config = tmp_path / "seta-align.yaml"
    config.write_text(
        "measures: [measures.yaml]\nresults: [results]\nframework: custom.yaml\nplan_period: {start: 2024, end: 2031}\n"
        "required_frameworks: [VISION]\n",
        encoding="utf-8",
    )
    for args in (("sheets", "-o", tmp_path / "s.xlsx"), ("sheets", "-o", tmp_path / "s.html"), ("publish", "-o", tmp_path / "site")):
        result = run_cli(*args, "-c", config, "--lang", "en")
        assert result.exit_code == 2, (args, result.output)
        assert "no priority policies" in result.stderr and "Traceback" not in result.output
    assert not any((tmp_path / name).exists() for name in ("s.xlsx", "s.html", "site"))
    by_measure = run_cli("sheets", "--by", "measure", "-c", config, "-o", tmp_path / "m.xlsx")
    assert by_measure.exit_code == 0, by_measure.output
    assert load_workbook(tmp_path / "m.xlsx").sheetnames == ["M-1", "M-2"]
