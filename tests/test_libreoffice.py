"""The workbooks in the spreadsheet the ward uses: LibreOffice Calc (headless) converts every
workbook (the sample's, a trace and a diff) to PDF, and every page is A4, each sheet printed one
page wide.

`.ci/run` installs LibreOffice and poppler-utils; elsewhere the test is skipped. Row heights
and page setup themselves are checked with openpyxl in tests/test_printed_workbooks.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_printed_workbooks import WORKBOOKS  # the same workbooks

from conftest import run_cli

SOFFICE = shutil.which("soffice")
PDFINFO = shutil.which("pdfinfo")
PDFTOTEXT = shutil.which("pdftotext")
A4 = {(595, 842), (842, 595)}  # points, portrait and landscape

pytestmark = pytest.mark.skipif(
    not (SOFFICE and PDFINFO and PDFTOTEXT), reason="needs LibreOffice and poppler-utils (.ci/run installs both)"
)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("workbooks")
    books = []
    for name, args in WORKBOOKS.items():
        target = folder / f"{name}.xlsx"
        result = run_cli(*args, "-o", target)
        assert result.exit_code == 0, (name, result.output)
        books.append(str(target))
    profile = folder / "profile"
    done = subprocess.run(
        [
            str(SOFFICE), f"-env:UserInstallation={profile.as_uri()}", "--headless",
            "--convert-to", "pdf", "--outdir", str(folder), *books,
        ],
        capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return {name: folder / f"{name}.pdf" for name in WORKBOOKS}


def _pages(pdf: Path) -> list[tuple[int, int]]:
    info = subprocess.run(
        [str(PDFINFO), "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return [
        (round(float(w)), round(float(h)))
        for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    ]


@pytest.mark.parametrize("name", list(WORKBOOKS))
def test_every_page_is_a4(pdfs, name):
    pages = _pages(pdfs[name])
    assert pages, name
    assert set(pages) <= A4, (name, set(pages))


def test_a_sheet_prints_one_page_wide(pdfs):
    # The SDG matrix is 21 columns wide: printed landscape and scaled to the width, its first
    # page holds its last columns too (the two totals), and its 85 measures a few pages down.
    pages = _pages(pdfs["matrix"])
    assert pages[0] == (842, 595)  # landscape
    first = subprocess.run(
        [str(PDFTOTEXT), "-f", "1", "-l", "1", str(pdfs["matrix"]), "-"],
        capture_output=True, text=True, check=True,
    ).stdout
    assert "●計" in first and "○計" in first and "SDG-17" in first
    assert len(pages) <= 5, len(pages)
