"""What a report reader must see first: that some files could not be read, or that the page is
of the bundled sample. One colleague's typo must not stop the department's report."""

from __future__ import annotations

import pytest
from test_report import Page, _console, _dump_dom, needs_chromium

from conftest import CLEAN, FIXTURES, run_cli

UNREADABLE = FIXTURES / "report-unreadable" / "measures"


def test_a_report_is_written_with_a_banner_when_files_cannot_be_read(tmp_path):
    target = tmp_path / "report.html"
    result = run_cli("report", UNREADABLE, "-o", target, "--lang", "en")
    assert result.exit_code == 2  # written, and the exit code says it is incomplete
    assert "2 files could not be read whole" in result.stderr
    assert "syntax.yaml" in result.stderr and "2:10" in result.stderr
    assert "schema.yaml" in result.stderr and "6:3" in result.stderr
    page = Page(target.read_text(encoding="utf-8"))
    (banner,) = [tag for tag in page.tags("div") if "unreadable" in (tag.get("class") or "")]
    assert banner.get("role") == "alert"
    text = page.all_text
    assert "2 files could not be read whole: this report is incomplete" in text
    assert "leave out what could not be read" in text
    assert "syntax.yaml:2:10" in text and "schema.yaml:6:3" in text
    assert "ECON-01" in text and "KIDS-01" in text  # the files that could be read are reported
    # SCHEMA-01's one slip (an unknown key) leaves out that key only: the measure is reported,
    # and the banner says what was left out of it.
    assert "Left out of the analyses: colour of measure SCHEMA-01" in text
    raw = target.read_text(encoding="utf-8")
    assert "<img src=x" not in raw and "<script>alert" not in raw  # everything is escaped
    cards = [t for t in page.tags("div") if (t.get("class") or "").startswith("card error")]
    assert cards, "a summary card counts the files not read"


def test_strict_keeps_the_refusal(tmp_path):
    target = tmp_path / "report.html"
    result = run_cli("report", UNREADABLE, "-o", target, "--strict")
    assert result.exit_code == 2
    assert not target.exists()
    assert "syntax.yaml" in result.stderr


def test_a_readable_draft_has_no_banner(tmp_path):
    target = tmp_path / "report.html"
    result = run_cli("report", CLEAN, "-o", target)
    assert result.exit_code == 0
    raw = target.read_text(encoding="utf-8")
    assert 'class="banner' not in raw


def test_the_sample_has_its_banner(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("report", "-o", "sample.html")
    assert result.exit_code == 0
    raw = (tmp_path / "sample.html").read_text(encoding="utf-8")
    assert 'class="banner sample"' in raw
    assert "同梱のサンプル草案を検査しています" in raw


def test_nothing_usable_means_no_report(tmp_path):
    target = tmp_path / "report.html"
    result = run_cli("report", tmp_path / "missing", "-o", target)
    assert result.exit_code == 2 and not target.exists()


@needs_chromium
def test_the_banner_shows_in_a_browser(tmp_path):
    target = tmp_path / "report.html"
    assert run_cli("report", UNREADABLE, "-o", target).exit_code == 2
    result = _dump_dom(target.as_uri(), tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert _console(result) == []
    dom = Page(result.stdout)
    root = dom.tags("html")[0]
    if root.get("class") != "js":
        pytest.skip("this Chromium did not run the page's script")
    (banner,) = [tag for tag in dom.tags("div") if "unreadable" in (tag.get("class") or "")]
    assert "hidden" not in banner
    assert "読めない箇所のあるファイル 2 件" in dom.all_text
