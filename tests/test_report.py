"""`seta-align report`: one self-contained HTML file, every text escaped, and it works in a
real browser (headless Chromium: a screenshot, no console errors, the filters, A4 landscape PDF)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_cli

REPORT = FIXTURES / "report"
HOSTILE_CONFIG = REPORT / "seta-align.yaml"
HOSTILE_MEASURES = REPORT / "measures"
HOSTILE_TITLE = "<script>alert(1)</script>"
CHROMIUM = Path("/usr/bin/chromium")
SDG_COLOURS = ("#E5243B", "#A21942", "#FD9D24", "#3F7E44")  # goals 1, 8, 11, 13


class Page(HTMLParser):
    """Every element, attribute and text run of an HTML page, as the browser's parser sees it."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.elements if tag == name]

    @property
    def all_text(self) -> str:
        return "".join(self.text)


def _report(*args, lang="ja") -> tuple[object, str]:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "report.html"
        result = run_cli("report", *args, "-o", target, "--lang", lang)
        assert result.exit_code == 0, result.output
        return result, target.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample_html() -> str:
    return _report()[1]


@pytest.fixture(scope="module")
def hostile_html() -> str:
    return _report(
        HOSTILE_MEASURES,
        "--config",
        HOSTILE_CONFIG,
        "--title",
        '</title><script>alert("title")</script> & "T"',
    )[1]


# --- the file ----------------------------------------------------------------------------------


def test_sample_report_has_every_section(sample_html):
    page = Page(sample_html)
    assert sample_html.startswith("<!DOCTYPE html>")
    ids = {attrs.get("id") for _, attrs in page.elements}
    for section in (
        "summary",
        "coverage",
        "heatmap",
        "cross-field",
        "impacts",
        "progress",
        "network",
        "findings",
        "owners",
        "impacts-appendix",
    ):
        assert section in ids
    text = page.all_text
    assert "施策案の政策整合レポート" in text and "所管別の施策" in text
    # summary cards: 85 measures, 9 files, 339 links, the coverage headline
    cards = re.findall(
        r'<div class="label">([^<]*)</div><div class="value">([^<]*)</div>', sample_html
    )
    values = dict(cards)
    assert values["施策"] == "85" and values["ファイル"] == "9" and values["紐づけ"] == "339"
    assert values["網羅率の下限"] == "4 / 4 階層が達成"
    # coverage bars per level, the heatmap in the goals' colours, the network, the owners
    # The coverage table of check (views/check.py): a row per level, 13 in the sample, each
    # with its bar; SDG.goal 15 of 16 (93.8 %, 75 % minimum met), SDG.target 58 of 159.
    coverage = sample_html.split('<section id="coverage">')[1].split("</section>")[0]
    assert coverage.count("<tr") == 1 + 13 and coverage.count('class="sbar"') == 13
    goal_row = coverage.split('data-id="SDG.goal"')[1].split("</tr>")[0]
    assert ">15/16<" in goal_row and 'data-value="0.9375"' in goal_row and ">75%<" in goal_row
    assert 'aria-label="36.5%"' in coverage.split('data-id="SDG.target"')[1]
    assert "（SDG.goal）" in sample_html  # the matrix of the SDG goals
    for colour in SDG_COLOURS:
        assert f"background-color: {colour}" in sample_html
    heatmap = sample_html.split('<section id="heatmap">')[1].split("</section>")[0]
    assert heatmap.count("○</td>") > 50  # inherited marks, in a paler tint of the goal's colour
    svgs = [svg.get("class") for svg in page.tags("svg")]
    # the network picture, and in the 進捗 section a chart per plan-level indicator (6 on the
    # priority policies, 1 on a vision), per
    # KPI (136) and per KPI or indicator behind or not reported (21 + 6 KPIs, 2 indicators)
    assert svgs.count("network-svg") == 1 and svgs.count("kpi-chart") == 7 + 136 + 29
    assert len(svgs) == 1 + 172
    assert sample_html.count('class="node measure"') == 85
    assert len([a for a in page.tags("article") if a.get("class") == "measure"]) == 85
    assert len([s for s in page.tags("section") if s.get("class") == "owner"]) == 11
    assert "ECON-01" in text and "事業承継の成立件数" in text
    assert "@page { size: A4 landscape; margin: 12mm; }" in sample_html
    # The sample assesses every measure (tests/test_sample_impacts.py): the heatmap has a row
    # for each of the 84 measures that touch an SDG (PLAN-05 impacts only guideline nodes),
    # and its 20 negative impacts are 19 mitigated (✓) and one not (✗, URBN-05 → SDG-11.1).
    impacts = sample_html.split('<section id="impacts">')[1].split("</section>")[0]
    assert 'id="no-impacts"' not in impacts
    # The section leads with the priority policies: PP-4's one unmitigated harm is URBN-05's.
    policies = impacts[impacts.index('data-table="harms_by_policy"') :].split("</table>")[0]
    assert len(re.findall(r'<tr data-id="PP-\d"', policies)) == 6
    appendix = sample_html.split('<section id="impacts-appendix">')[1].split("</section>")[0]
    matrix = appendix[appendix.index('data-table="measures_matrix"') :].split("</table>")[0]
    rows = set(re.findall(r'<tr data-id="([^"]+)"', matrix))
    assert len(rows) == 84 and "PLAN-05" not in rows
    trade_offs = appendix[appendix.index('data-table="trade_offs"') :].split("</table>")[0]
    assert (trade_offs.count("✓"), trade_offs.count("✗")) == (19, 1)
    assert '<a href="#impacts">影響評価</a>' in sample_html


def test_english_report(tmp_path):
    _result, html = _report(lang="en")
    page = Page(html)
    assert page.tags("html")[0]["lang"] == "en"
    text = page.all_text
    for heading in ("Policy-alignment report of the plan draft", "Findings", "Measures by owner"):
        assert heading in text
    assert "Business succession matching and hands-on support" in text
    assert "施策案の政策整合レポート" not in text


def test_hostile_text_stays_text(hostile_html):
    page = Page(hostile_html)
    # exactly our two script elements: the JSON data and the filter script
    scripts = page.tags("script")
    assert len(scripts) == 2, scripts
    assert scripts[0] == {"type": "application/json", "id": "seta-align-data"}
    assert scripts[1] == {}
    # no element or event handler came from the data
    for tag, attrs in page.elements:
        assert tag not in {"img", "iframe", "object", "embed", "link", "base", "form"} or (
            attrs.get("id") == "finding-filters"
        ), tag
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
    text = page.all_text
    for hostile in (
        HOSTILE_TITLE,
        "<img src=x onerror=console.error('INJECTED')>",
        'Tom & Jerry\'s "quoted" title',
        '<b>経済産業部</b> & "所管"',
        "</script><script>console.error('INJECTED')</script>",
        '<script>alert("framework")</script> & Co.',
        '<script>alert("PP-1")</script> 子どもの笑顔',
        "<script>kpi()</script> 件数",
        'A & B "quoted" <b>bold</b> </textarea> <!-- x -->',
        "地域経済 <img src=x onerror=alert(2)>",
        '</title><script>alert("title")</script> & "T"',
    ):
        assert hostile in text, hostile
    head = hostile_html.split("</head>")[0]
    assert head.count("<title>") == 1 and head.count("</title>") == 1  # the title is one element
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile_html
    # the filter controls know the hostile owner, as text
    owners = [a.get("value") for a in page.tags("option")]
    assert "=</script><script>console.error('INJECTED')</script>" in owners


def test_scripts_and_json_cannot_be_broken_out_of(hostile_html):
    page = Page(hostile_html)
    data, code = page.scripts
    assert "</" not in data and "<" not in data
    assert json.loads(data)["shown"] == "{shown} / {total} 件を表示"
    # the Content-Security-Policy allows exactly our script, by hash, and no network at all
    policy = next(m["content"] for m in page.tags("meta") if m.get("http-equiv"))
    digest = base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy
    assert "default-src 'none'" in policy


def test_no_external_resources(hostile_html, sample_html):
    for html in (sample_html, hostile_html):
        page = Page(html)
        for _tag, attrs in page.elements:
            for name in ("src", "href", "xlink:href", "action", "formaction", "srcset", "poster"):
                value = attrs.get(name)
                if value is not None:
                    assert value.startswith("#"), (name, value)  # in-page links only
        styles = "".join(re.findall(r"<style>(.*?)</style>", html, re.S))
        assert "url(" not in styles and "@import" not in styles and "@font-face" not in styles
        assert '"Hiragino Sans"' in styles and '"Noto Sans CJK JP"' in styles
        assert "IPAexGothic" in styles
    assert "https://evil.example/x.js" in Page(hostile_html).all_text  # as text, not a resource


def test_filters_have_their_data(hostile_html):
    page = Page(hostile_html)
    rows = [a for a in page.tags("tr") if (a.get("id") or "").startswith("finding-")]
    assert len(rows) == 6
    for row in rows:
        assert {"data-severity", "data-owner", "data-field"} <= row.keys()
    assert {r["data-severity"] for r in rows} == {"error", "warning", "info"}
    assert {r["data-field"] for r in rows} == {"ECON", "LIFE"}
    assert '<b>経済産業部</b> & "所管"' in {r["data-owner"] for r in rows}
    assert "" in {r["data-owner"] for r in rows}  # a finding about a node, not a measure
    selects = {s["name"] for s in page.tags("select")}
    assert selects == {"severity", "owner", "field"}
    # without JavaScript every row is shown and the controls stay hidden (CSS: html.js only)
    assert not any("hidden" in row for row in rows)
    assert "html.js form.filters { display: flex; }" in hostile_html


def test_custom_framework_without_sdgs(tmp_path):
    _result, html = _report(
        FIXTURES / "drafts-custom", "--framework", FIXTURES / "framework" / "custom.yaml"
    )
    assert 'id="heatmap"' in html and 'id="network"' in html


# --- the 影響評価 section -----------------------------------------------------------------------

IMPACTS = FIXTURES / "impacts" / "measures"
IMPACTS_HOSTILE = FIXTURES / "impacts-hostile" / "measures"


@pytest.fixture(scope="module")
def impacts_html() -> str:
    return _report(IMPACTS)[1]


def _section(html: str, anchor: str) -> str:
    return html.split(f'<section id="{anchor}">')[1].split("</section>")[0]


def _rows_of(html: str, key: str) -> list[tuple[str | None, list[tuple[dict, str]]]]:
    """The body rows of the view's table ``key``: each row's id and its cells."""
    table = html[html.index(f'data-table="{key}"') :].split("</table>")[0]
    body = table[table.index("<tbody>") :].split("<tfoot>")[0]
    rows = []
    for row in body.split("<tr")[1:]:
        page = Page("<tr" + row)
        attrs = page.tags("tr")[0]
        cells = [(a, t) for a, t in zip(page.tags("td"), _cell_texts(row), strict=True)]
        rows.append((attrs.get("data-id"), cells))
    return rows


def _cell_texts(row: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell.split(">", 1)[1]).strip() for cell in row.split("<td")[1:]]


def test_impact_section_heatmap_trade_offs_clusters_influence(impacts_html):
    """tests/fixtures/impacts; the figures are worked out by hand in tests/test_impacts_html.py
    (measures × SDG goals: URBAN-01 8:+2 11:−2 13:−1, ECON-01 8:+3 12:−2, ENV-01 11:+2 12:+1
    13:+3)."""
    section = Page(_section(impacts_html, "impacts"))
    assert next(h for h in section.text if h.strip()) == "影響評価"  # the section's heading
    # What a council reads, in a few pages; the rest in the appendix at the report's end.
    assert [a["data-table"] for a in section.tags("table")] == [
        "harms_by_policy", "balance", "harms_by_goal", "clusters",
    ]
    html = _section(impacts_html, "impacts-appendix")
    appendix = Page(html)
    # Each trade-off once, with the policies it harms: the rows by policy, which repeat a
    # trade-off under each policy it harms, stay in `impacts`'s files.
    assert [a["data-table"] for a in appendix.tags("table")] == [
        "trade_offs", "measures_matrix", "ranking", "contested", "cluster_members", "influence",
        "scale",
    ]
    assert impacts_html.index('<section id="impacts-appendix">') > impacts_html.index(
        '<section id="owners">'
    )  # at the end
    # Every trade-off harms PP-5 (ENV-01, a PP-5 measure, works for each target harmed).
    policies = {row: [t for _a, t in found] for row, found in _rows_of(impacts_html, "harms_by_policy")}
    assert policies["PP-5"][2:6] == ["5", "3", "2", "\u22122 対立"]
    goals = [f"SDG-{n}" for n in range(1, 18)]
    cells = {}
    row_sums = {}
    for row, found in _rows_of(html, "measures_matrix"):
        for goal, (attrs, _text) in zip(goals, found[2:19], strict=True):
            if "data-value" in attrs:
                cells[(row, goal)] = int(attrs["data-value"])
        row_sums[row] = found[-1][0]["data-value"]
    assert cells == {
        ("URBAN-01", "SDG-8"): 2, ("URBAN-01", "SDG-11"): -2, ("URBAN-01", "SDG-13"): -1,
        ("ECON-01", "SDG-8"): 3, ("ECON-01", "SDG-12"): -2,
        ("ENV-01", "SDG-11"): 2, ("ENV-01", "SDG-12"): 1, ("ENV-01", "SDG-13"): 3,
    }
    assert row_sums == {"URBAN-01": "-1", "ECON-01": "1", "ENV-01": "6"}  # −2−1+2, 3−2, 2+1+3
    matrix = html[html.index('data-table="measures_matrix"') :].split("</table>")[0]
    assert matrix.count('data-empty="true"') == 17 * 3 - 8
    mitigation = [found[3][1] for _row, found in _rows_of(html, "trade_offs")]
    assert mitigation == ["✗ なし", "✓ 屋上緑化と公開空地を義務づける", "✗ なし", "相互作用", "相互作用"]
    assert [found[2][1] for _row, found in _rows_of(impacts_html, "clusters")] == ["PP-6", "PP-5"]
    assert [row for row, _found in _rows_of(html, "ranking")] == [
        "ENV-01", "ECON-01", "URBAN-01",  # nets 10, −1/3, −3
    ]
    assert [row for row, _found in _rows_of(html, "influence")] == [
        "SDG-8.3", "SDG-11.7", "SDG-12.5", "SDG-13.2",  # the framework's order
    ]
    assert '<a href="#impacts">影響評価</a>' in impacts_html
    assert '<a href="#impacts-appendix">付録: 影響評価の詳細</a>' in impacts_html


def test_impact_tables_are_the_impacts_pages(impacts_html):
    """The report's 影響評価 section and `impacts --format html` are one view, rendered by one
    renderer: each table is the same, byte for byte."""
    page = run_cli("impacts", IMPACTS, "--format", "html", "--lang", "ja").stdout
    for key in (
        "harms_by_policy", "harms_by_goal", "measures_matrix", "trade_offs", "clusters",
        "ranking", "influence", "balance",
    ):
        start = page.rindex("<table", 0, page.index(f'data-table="{key}"'))
        theirs = page[start : page.index("</table>", start)]
        start = impacts_html.rindex("<table", 0, impacts_html.index(f'data-table="{key}"'))
        ours = impacts_html[start : impacts_html.index("</table>", start)]
        assert ours == theirs, key


def test_impact_section_in_english_and_hostile_text():
    _result, english = _report(IMPACTS, lang="en")
    section = Page(_section(english, "impacts"))
    assert "Impact assessment" in section.all_text and "Positive sum" in section.all_text
    assert "影響評価" not in section.all_text
    _result, hostile = _report(IMPACTS_HOSTILE)
    page = Page(hostile)
    assert len(page.tags("script")) == 2  # ours only: the JSON data and the filter script
    for tag, attrs in page.elements:
        assert tag not in {"img", "i"}, (tag, attrs)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
    text = Page(_section(hostile, "impacts-appendix")).all_text
    for shown in (
        "<script>alert('title')</script> 施策",
        "<script>console.error('INJECTED')</script> 学びの場が減る",
        "\"><img src=x onerror=console.error('INJECTED')> 代替の場",
    ):
        assert shown in text, shown


# --- the 進捗 section ----------------------------------------------------------------------------

PROGRESS = FIXTURES / "progress" / "measures"
PROGRESS_HOSTILE = FIXTURES / "progress-hostile" / "measures"


@pytest.fixture(scope="module")
def progress_html() -> str:
    return _report(PROGRESS)[1]


def test_progress_section_rollups_owners_and_charts(progress_html):
    """tests/fixtures/progress in FY2026; the figures are worked out by hand in
    tests/test_progress.py (PP-6: ECON-01 遅れ and URBAN-01 未報告, mean year's rate 0.7; PP-5: ENV-01
    達成) and the chart's points in tests/test_progress_formats.py."""
    section = _section(progress_html, "progress")
    page = Page(section)
    assert next(h for h in page.text if h.strip()) == "進捗"
    assert "実績のある年度: 2024, 2025, 2026" in page.all_text
    tables = [a["data-table"] for a in page.tags("table")]
    assert tables == ["priority", "goals", "indicators", "owner", "by_measure", "attention", "legend"]
    rollups = {a["data-id"]: a.get("data-status") for a in page.tags("tr") if a.get("data-id")}
    assert {"PP-6", "PP-5", "SDG-11"} <= set(rollups)
    # PP-6: the mean of its measures' capped year's rates, ECON-01's 28/40 = 0.7 (URBAN-01
    # has none); graded 未報告 (遅れ or better 1 of 2 < 80 %)
    pp6 = section[section.index('<tr data-id="PP-6"') :].split("</tr>")[0]
    assert 'data-value="0.7"' in pp6 and '<span class="st" data-status="not_reported"' in pp6
    assert ">未報告</span>" in pp6
    # the departments, those with measures behind first
    owners = section[section.index('data-table="owner"') :].split("</table>")[0]
    assert re.findall(r'<tr data-id="([^"]+)"', owners) == [
        "経済産業部", "生活文化政策部", "都市整備政策部", "環境政策部",
    ]
    kpis = section[section.index('data-table="by_measure"') :].split("</table>")[0]
    assert re.findall(r'<tr data-id="([^"]+)" data-status="(\w+)"', kpis)[0] == ("ECON-01.k1", "behind")
    # a chart per indicator (2), per KPI (5) and per KPI or indicator needing attention (5)
    assert len(page.tags("svg")) == 2 + 5 + 5
    econ = kpis[kpis.index('data-id="ECON-01.k1"') :]
    assert 'points="55,37.5 77.5,36.5 100,36"' in econ[: econ.index("</svg>")]
    assert [a.get("data-filters") for a in page.tags("form")] == ["by_measure"]
    assert '<a href="#progress">進捗</a>' in progress_html


def test_progress_tables_are_the_progress_pages(progress_html):
    """The report's 進捗 section and `progress --format html` are the same view, rendered by
    the same renderer: each table is the same, byte for byte."""
    pages = {
        by: run_cli("progress", PROGRESS, "--format", "html", "--by", by, "--lang", "ja").stdout
        for by in ("node", "owner", "measure")
    }
    for key, by in (
        ("priority", "node"),
        ("goals", "node"),
        ("indicators", "node"),
        ("owner", "owner"),
        ("by_measure", "measure"),
        ("attention", "node"),
    ):
        start = f'<table class="data" data-table="{key}">'
        ours = progress_html[progress_html.index(start) :]
        theirs = pages[by][pages[by].index(start) :]
        assert ours[: ours.index("</table>")] == theirs[: theirs.index("</table>")], key


def test_progress_section_without_results_is_one_line(hostile_html):
    # the hostile report fixture has KPIs but no results
    assert _section(hostile_html, "progress") == (
        "\n<h2>進捗</h2>\n"
        '<p class="note" id="no-progress">実績がありません。設定の results:（既定 data/results）に'
        "実績ファイルを置いてください。</p>\n"
    )


def test_progress_section_in_english_and_hostile_text():
    _result, english = _report(PROGRESS, lang="en")
    text = Page(_section(english, "progress")).all_text
    assert "Progress" in text and "Progress by measure" in text and "遅れ" not in text
    _result, hostile = _report(PROGRESS_HOSTILE)
    page = Page(hostile)
    assert len(page.tags("script")) == 2  # ours only: the JSON data and the one script
    for tag, attrs in page.elements:
        assert tag not in {"img", "iframe", "object", "embed"}, (tag, attrs)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
    text = Page(_section(hostile, "progress")).all_text
    for shown in (
        "<script>alert('title')</script> 施策",
        '=HYPERLINK("http://evil.example","所管")',
        "<img src=x onerror=console.error('INJECTED')> 件数",
        "</script><script>console.error('INJECTED')</script>",
        "+1 </td></tr><script>console.error('INJECTED')</script>",
    ):
        assert shown in text, shown


# --- the command -------------------------------------------------------------------------------


def test_output_is_required_and_never_overwritten(tmp_path):
    missing = run_cli("report")
    assert missing.exit_code == 2
    assert "-o report.html" in missing.stderr
    english = run_cli("report", "--lang", "en")
    assert "Give the output file with -o" in english.stderr

    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    refused = run_cli("report", "-o", target)
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [target]
    forced = run_cli("report", "-o", target, "--force")
    assert forced.exit_code == 0, forced.output
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "書き出しました" in forced.stderr


def test_standard_output():
    result = run_cli("report", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>")


def test_unreadable_input_writes_no_report_with_strict(tmp_path):
    # Without --strict the report is written under a banner (tests/test_report_banners.py).
    target = tmp_path / "report.html"
    result = run_cli("report", FIXTURES / "drafts" / "syntax", "-o", target, "--strict")
    assert result.exit_code == 2
    assert "SA001" in result.stderr
    assert not target.exists()


def test_report_needs_no_matplotlib(tmp_path):
    """The report is drawn without matplotlib (blocked here), and start-up never imports it."""
    target = tmp_path / "r.html"
    probe = (
        "import sys; sys.modules['matplotlib'] = None; from seta_align.cli import main; "
        f"sys.argv = ['seta-align', 'report', '-o', {str(target)!r}]; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    startup = subprocess.run(
        [sys.executable, "-c", "import sys; from seta_align.cli import app; print('matplotlib' in sys.modules)"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert startup.stdout.strip() == "False", startup.stderr
    assert "report" in run_cli("--help").stdout


# --- in a real browser -------------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is missing: install Debian's chromium package (.ci/run does) "
    "to run the browser tests of the HTML report",
)


def _chromium(*args: str, tmp: Path) -> subprocess.CompletedProcess:
    profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=tmp)
    try:
        return subprocess.run(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=180,
            stdin=subprocess.DEVNULL,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _console(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if ":CONSOLE" in line]


def _dump_dom(url: str, tmp: Path) -> subprocess.CompletedProcess:
    return _chromium(
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=5000",
        "--dump-dom",
        url,
        tmp=tmp,
    )


@pytest.fixture(scope="module")
def browser_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    for name, args in (
        ("sample.html", ()),
        ("hostile.html", (HOSTILE_MEASURES, "--config", HOSTILE_CONFIG, "--title", HOSTILE_TITLE)),
        ("impacts.html", (IMPACTS,)),
        ("impacts-hostile.html", (IMPACTS_HOSTILE,)),
        ("progress.html", (PROGRESS,)),
        ("progress-hostile.html", (PROGRESS_HOSTILE,)),
    ):
        result = run_cli("report", *args, "-o", folder / name)
        assert result.exit_code == 0, result.output
    for name, args in (
        ("progress-page.html", (PROGRESS,)),
        ("progress-measures.html", (PROGRESS, "--by", "measure")),
        ("progress-page-hostile.html", (PROGRESS_HOSTILE,)),
    ):
        result = run_cli("progress", *args, "--format", "html", "-o", folder / name)
        assert result.exit_code == 0, result.output
    return folder


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@needs_chromium
def test_screenshot_is_a_real_picture(browser_files):
    shot = browser_files / "sample.png"
    result = _chromium(
        f"--screenshot={shot}",
        "--window-size=1600,1000",
        (browser_files / "sample.html").as_uri(),
        tmp=browser_files,
    )
    assert shot.is_file(), result.stderr[-2000:]
    assert _png_size(shot) == (1600, 1000)
    image = pytest.importorskip("matplotlib.image").imread(shot)
    pixels = (image[..., :3] * 255).round().astype("uint8").reshape(-1, 3)
    colours = {tuple(p) for p in pixels[::7].tolist()}
    assert len(colours) > 50  # text, cards, bars: not a blank or single-colour page
    white = sum(1 for p in pixels[::7].tolist() if p == [255, 255, 255])
    assert white < 0.97 * len(pixels[::7])


@needs_chromium
def test_console_stays_clean_and_the_script_runs(browser_files):
    # The check must be able to see an error at all: a page that throws one.
    control = browser_files / "control.html"
    control.write_text(
        '<!DOCTYPE html><meta charset="utf-8"><script>null.probe;</script>', encoding="utf-8"
    )
    seen = _console(_dump_dom(control.as_uri(), browser_files))
    if not any("Uncaught" in line for line in seen):
        pytest.skip("this Chromium does not log console messages to stderr")
    for name in (
        "sample.html",
        "hostile.html",
        "impacts.html",
        "impacts-hostile.html",
        "progress.html",
        "progress-hostile.html",
    ):
        result = _dump_dom((browser_files / name).as_uri(), browser_files)
        assert result.returncode == 0, result.stderr[-2000:]
        assert _console(result) == [], name  # no JS error, no CSP refusal, no injected script
        dom = Page(result.stdout)
        root = dom.tags("html")[0]
        assert root.get("class") == "js" and root.get("data-report-ready") == "1", name
        assert root.get("data-views-ready") == "1", name  # the 進捗 filter ran too
        assert "INJECTED" not in "".join(line for line in _console(result))
    for name in ("progress-measures.html",):  # a page with a table to filter runs the script
        result = _dump_dom((browser_files / name).as_uri(), browser_files)
        assert result.returncode == 0, result.stderr[-2000:]
        assert _console(result) == [], name
        root = Page(result.stdout).tags("html")[0]
        assert root.get("class") == "js" and root.get("data-views-ready") == "1", name


@needs_chromium
def test_filters_work_from_the_address(browser_files):
    url = (browser_files / "hostile.html").as_uri() + "?severity=error"
    result = _dump_dom(url, browser_files)
    assert _console(result) == []
    dom = Page(result.stdout)
    rows = [a for a in dom.tags("tr") if (a.get("id") or "").startswith("finding-")]
    shown = [r["data-severity"] for r in rows if "hidden" not in r]
    assert shown == ["error", "error"]
    assert "2 / 6 件を表示" in dom.all_text


@needs_chromium
def test_prints_to_a4_landscape_pdf(browser_files):
    pdf = browser_files / "sample.pdf"
    result = _chromium(
        f"--print-to-pdf={pdf}",
        "--no-pdf-header-footer",
        (browser_files / "sample.html").as_uri(),
        tmp=browser_files,
    )
    assert pdf.is_file(), result.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert len(boxes) > 5  # a report of 85 measures is many pages
    for box in boxes:
        x0, y0, x1, y1 = (float(v) for v in box)
        assert abs((x1 - x0) - 842) < 2 and abs((y1 - y0) - 595) < 2, box  # A4 landscape


@needs_chromium
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (.ci/run installs it)")
def test_the_impact_section_prints_on_a_few_pages_before_its_appendix(browser_files):
    """A council reads the 影響評価 section on paper: the summary, the trade-offs by priority
    policy, the goal balance, the trade-offs by goal and the synergy groups — a few A4 pages.
    The 85-row heatmap and every trade-off are in the appendix at the end of the report."""
    pdf = browser_files / "sample-impacts.pdf"
    result = _chromium(
        f"--print-to-pdf={pdf}", "--no-pdf-header-footer",
        (browser_files / "sample.html").as_uri(), tmp=browser_files,
    )
    assert pdf.is_file(), result.stderr[-2000:]
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")

    def page_of(words: str) -> int:
        return next(n for n, page in enumerate(pages) if words in " ".join(page.split()))

    start = page_of("施策が SDGs と計画に与える影響の予測評価です")
    end = page_of("トレードオフの一覧、施策 × SDG ゴールの対応表")  # the section's last line
    assert end - start + 1 <= 4, (start, end)
    section = " ".join(" ".join(pages[start : end + 1]).split())
    for title in ("重点政策ごとのトレードオフ", "SDG ゴールごとの収支", "相乗効果のグループ"):
        assert title in section, title
    assert "影響の対応表: 施策 × SDG 目標" not in section  # the heatmap: in the appendix
    tail = " ".join(" ".join(pages[end + 1 :]).split())
    assert "影響の対応表: 施策 × SDG 目標" in tail and "付録: 影響評価の詳細" in tail


@needs_chromium
def test_impact_section_is_drawn_in_the_browser(browser_files):
    """On the screen, the appendix shows the heatmap's cells in their colours (worked out in
    tests/test_impacts_html.py: +3 #1a9850, −2 #e4756f, not assessed #e4e7ec). The window is
    tall enough for the whole page of three measures, appendix included (headless Chromium
    does not scroll to an #anchor before its screenshot)."""
    shot = browser_files / "impacts.png"
    result = _chromium(
        f"--screenshot={shot}",
        "--window-size=1600,16000",
        (browser_files / "impacts.html").as_uri(),
        tmp=browser_files,
    )
    assert shot.is_file(), result.stderr[-2000:]
    image = pytest.importorskip("matplotlib.image").imread(shot)
    pixels = (image[..., :3] * 255).round().astype("uint8").reshape(-1, 3)

    def area(colour: str) -> int:
        wanted = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
        return int((pixels == wanted).all(axis=1).sum())

    for colour in ("#1a9850", "#e4756f", "#e4e7ec"):
        assert area(colour) > 200, colour  # a cell is about 40 × 20 px
    dom = Page(_dump_dom((browser_files / "impacts.html").as_uri(), browser_files).stdout)
    assert any(a.get("data-table") == "measures_matrix" for a in dom.tags("table"))


def _kpi_rows(html: str) -> list[dict]:
    """The KPI rows of the KPI table (every KPI under its measure), in order."""
    table = Page("<table " + html[html.index('data-table="by_measure"') :].split("</table>")[0])
    return [a for a in table.tags("tr") if "data-status" in a]


@needs_chromium
def test_progress_filter_shows_only_kpis_of_one_status(browser_files):
    """tests/fixtures/progress in FY2026: of the five KPIs, not reported: LIFE-01
    地域活動の参加率, URBAN-01 緑化助成件数. ECON-01's and ENV-01's KPIs are not, so their
    measures' heading rows go too."""
    url = (browser_files / "progress.html").as_uri() + "?status=not_reported"
    result = _dump_dom(url, browser_files)
    assert _console(result) == []
    dom = Page(result.stdout)
    rows = _kpi_rows(result.stdout)
    shown = [(r["data-id"], r["data-status"]) for r in rows if "hidden" not in r]
    assert shown == [("地域活動の参加率", "not_reported"), ("緑化助成件数", "not_reported")]
    hidden = [r["data-id"] for r in rows if "hidden" in r]
    assert hidden == ["ECON-01.k1", "区内CO2排出量", "公園面積"]
    assert "2 / 5 件を表示" in dom.all_text
    table = result.stdout[result.stdout.index('data-table="by_measure"') :]
    table = Page("<table " + table[: table.index("</table>")])
    # the heading rows of ECON-01, ENV-01, LIFE-01 and URBAN-01
    groups = ["hidden" in a for a in table.tags("tr") if a.get("class") == "group"]
    assert groups == [True, True, False, False]
    # the findings' filters are untouched by it
    findings = [a for a in dom.tags("tr") if (a.get("id") or "").startswith("finding-")]
    assert findings and not any("hidden" in a for a in findings)
    # and without a filter in the address, every row is shown
    every = _dump_dom((browser_files / "progress.html").as_uri(), browser_files).stdout
    assert not any("hidden" in r for r in _kpi_rows(every))
    assert "5 / 5 件を表示" in Page(every).all_text


@needs_chromium
def test_progress_page_filter_and_picture(browser_files):
    url = (browser_files / "progress-measures.html").as_uri() + "?status=behind"
    page = _dump_dom(url, browser_files).stdout
    shown = [r["data-id"] for r in _kpi_rows(page) if "hidden" not in r]
    assert shown == ["ECON-01.k1"]
    assert "1 / 5 件を表示" in Page(page).all_text
    shot = browser_files / "progress-page.png"
    result = _chromium(
        f"--screenshot={shot}",
        "--window-size=1400,3000",
        (browser_files / "progress-page.html").as_uri(),
        tmp=browser_files,
    )
    assert shot.is_file(), result.stderr[-2000:]
    image = pytest.importorskip("matplotlib.image").imread(shot)
    pixels = (image[..., :3] * 255).round().astype("uint8").reshape(-1, 3)

    def area(colour: str) -> int:
        wanted = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
        return int((pixels == wanted).all(axis=1).sum())

    # the bars in the status colours: behind (PP-6's half, SDG-8's whole bar), achieved
    # (PP-5, SDG-13), not reported (PP-2, PP-6's other half, SDG-11)
    for colour in ("#c53030", "#2b6cb0", "#a0aec0"):
        assert area(colour) > 2000, colour


def test_a_draft_without_impacts_or_results_gets_one_line_each():
    from conftest import CLEAN

    _result, html = _report(CLEAN)
    impacts = html.split('<section id="impacts">')[1].split("</section>")[0]
    assert impacts == (
        "\n<h2>影響評価</h2>\n"
        '<p class="note" id="no-impacts">影響の評価（impacts）のある施策はありません。</p>\n'
    )
    progress = html.split('<section id="progress">')[1].split("</section>")[0]
    assert "<table" not in progress and "<svg" not in progress
