"""``seta-align publish``: the progress site for residents (大綱④) — plain words, names not ids,
a status always in words, the open data with its licence, offline, on a phone, accessible."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli

GRADING = FIXTURES / "grading"
PROGRESS = FIXTURES / "progress" / "measures"
JARGON = ("ノード", "行の和", "ロールアップ", "SA70", "SA71", "node", "roll-up")
ID = re.compile(r"\b(?:PP|SDG|ECON|KIDS|ENV|LIFE|URBAN|URBN|WELF|EDU|COMM|DISA|PLAN|ORD|IV|VIS|GL)-\d")


def _visible(html: str) -> str:
    """The text a reader sees: no tags, no attributes, no script or style."""
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site") / "site"
    result = run_cli("publish", "--sample", "-o", folder, "--lang", "ja")
    assert result.exit_code == 0, result.output
    return folder


def test_a_top_page_and_a_page_per_policy_with_the_open_data(sample_site):
    names = sorted(p.name for p in sample_site.iterdir())
    assert names == [
        "index.html", *(f"policy-PP-{n}.html" for n in range(1, 7)), "results.csv", "results.json"
    ]
    index = (sample_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ja">' in index
    links = re.findall(r'<a href="(policy-PP-\d\.html)">([^<]+)</a>', index)
    assert [href for href, _ in links] == [f"policy-PP-{n}.html" for n in range(1, 7)]
    assert links[2][1] == "多様な人が出会い、支え合い、活動できるコミュニティの醸成"
    text = _visible(index)
    # PP-3 of the sample: 順調 6・おおむね順調 4・未報告 1, graded おおむね順調 (share 80 %), in words
    assert "順調 6・おおむね順調 4・未報告 1" in text
    assert re.search(r"コミュニティの醸成\s+おおむね順調", text)
    assert "results.csv・results.json（CC BY 4.0）" in text


def test_residents_read_names_not_ids_nor_jargon(sample_site):
    for page in sample_site.glob("*.html"):
        text = _visible(page.read_text(encoding="utf-8"))
        assert not ID.search(text), (page.name, ID.search(text).group())
        for word in JARGON:
            assert word not in text, (page.name, word)


def test_a_status_is_always_a_word_too(sample_site):
    """Every coloured badge carries its status in words."""
    for page in sample_site.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        for badge in re.findall(r'<span class="st"[^>]*>([^<]*)</span>', html):
            assert badge.strip(), page.name


def test_a_policy_page(sample_site):
    page = (sample_site / "policy-PP-6.html").read_text(encoding="utf-8")
    text = _visible(page)
    assert "← 計画の進み具合の一覧へ" in text
    assert "この政策には 13 の取組があります。" in text
    assert 'class="kpi-chart"' in page  # the indicator over the years against the target
    assert "区内の開業率（サンプル）（%）" in text and "4.5（2022） → 6（2031）" in text
    assert "アントレプレナーシップを育む土壌づくりと起業学習" in text and "経済産業部" in text
    assert "令和7年度分は集計中（令和8年度6月に確定予定）" in text  # a note, in plain words
    assert 'data-label="担当"' in page  # a phone shows each row as a card


def test_the_open_data(sample_site):
    rows = list(csv.DictReader(io.StringIO((sample_site / "results.csv").read_bytes().decode("utf-8-sig"))))
    assert rows and {"measure_id", "measure", "indicator", "year", "value", "grade"} <= set(rows[0])
    econ = [r for r in rows if r["measure_id"] == "ECON-01"]
    assert econ and econ[0]["measure"] == "事業承継マッチング・伴走支援"
    document = json.loads((sample_site / "results.json").read_text(encoding="utf-8"))
    assert (document["licence"], document["year"]) == ("CC BY 4.0", 2025)
    assert len(document["results"]) == len(rows)


def test_the_config_names_the_licence_and_the_publisher_and_english_pages(tmp_path):
    config = tmp_path / "seta-align.yaml"
    config.write_text(
        f"measures: [{(GRADING / 'measures').as_posix()}]\nresults: [{(GRADING / 'results').as_posix()}]\n"
        "publish: {licence: CC BY 2.1 JP, publisher: テスト区 政策経営部}\n",
        encoding="utf-8",
    )
    folder = tmp_path / "en"
    result = run_cli("publish", GRADING / "measures", "-c", config, "-o", folder, "--lang", "en")
    assert result.exit_code == 0, result.output
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in index
    text = _visible(index)
    assert "テスト区 政策経営部" in text and "(CC BY 2.1 JP)" in text
    assert "How the plan is doing (FY2025)" in text
    assert json.loads((folder / "results.json").read_text(encoding="utf-8"))["publisher"] == "テスト区 政策経営部"


def test_a_year_without_a_result_is_said_in_words(tmp_path):
    """tests/fixtures/progress in FY2025: the plan-level indicator PP-5.i1 has a result only
    for FY2026, so its page says there is none yet for FY2025."""
    folder = tmp_path / "site"
    result = run_cli("publish", PROGRESS, "--year", "2025", "-o", folder, "--lang", "ja")
    assert result.exit_code == 0, result.output
    text = _visible((folder / "policy-PP-5.html").read_text(encoding="utf-8"))
    assert "2025 年度の実績はまだありません" in text


def test_the_folder_is_written_whole_and_replaced_only_with_force(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "old.txt").write_text("mine", encoding="utf-8")
    refused = run_cli("publish", "--sample", "-o", folder)
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert (folder / "old.txt").read_text(encoding="utf-8") == "mine"
    assert run_cli("publish", "--sample", "-o", folder, "--force").exit_code == 0
    assert not (folder / "old.txt").exists() and (folder / "index.html").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]  # nothing left over


def test_no_results_no_site(tmp_path):
    result = run_cli("publish", FIXTURES / "drafts" / "clean", "-o", tmp_path / "s", "--lang", "en")
    assert result.exit_code == 2 and "No results" in result.stderr
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize("page", ["index.html", "policy-PP-6.html"])
def test_no_serious_or_critical_accessibility_problem(sample_site, page, tmp_path):
    from test_accessibility import AXE, CHROMIUM, _violations

    if not (Path(CHROMIUM).exists() and AXE.exists()):
        pytest.skip("needs chromium and axe-core (.ci/run installs both)")
    shutil.copy(sample_site / page, tmp_path / page)
    violations = _violations((tmp_path / page).read_text(encoding="utf-8"), tmp_path)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


def test_the_site_can_be_served_and_never_replaces_the_working_folder(tmp_path, monkeypatch):
    import os
    import stat

    folder = tmp_path / "site"
    assert run_cli("publish", "--sample", "-o", folder).exit_code == 0
    assert stat.S_IMODE(os.stat(folder).st_mode) & 0o005 == 0o005  # others may read and enter
    monkeypatch.chdir(tmp_path)
    for target in (".", str(tmp_path.parent)):
        result = run_cli("publish", "--sample", "-o", target, "--force", "--lang", "en")
        assert result.exit_code == 2 and "the working folder or above it" in result.stderr
    assert (folder / "index.html").exists()
