"""`seta-align impacts --format html|png`: the signed cross-impact matrices as diverging heatmaps,
against numbers and colours worked out by hand.

The fixture (tests/fixtures/impacts, see tests/test_impacts.py for every impact):

    URBAN-01: PP-6 +1 (supports), SDG-11.7 −2 (mitigated), SDG-13.2 −1, SDG-8.3 +2
    ECON-01:  PP-6.5 +1 (supports), SDG-8.3 +3, SDG-12.5 −2, URBAN-01 +1
    ENV-01:   PP-5 +1 (supports), SDG-13.2 +3, SDG-11.7 +2, SDG-12.5 +1
    matrix:   8.3→12.5 −1, 12.5→13.2 +2, 13.2→11.7 +1, 11.7→13.2 +2, 8.3→13.2 −1

Measures × SDG goals (a cell sums the impacts on the goal and its targets; PP-… and URBAN-01
are no SDG goal, so they are in no cell):

              SDG-8   SDG-11   SDG-12   SDG-13 | 正の和 負の和 正味
    URBAN-01   +2      −2        ·        −1   |   +2    −3    −1
    ECON-01    +3       ·       −2         ·   |   +3    −2    +1
    ENV-01      ·      +2       +1        +3   |   +6     0    +6
    正の和      +5      +2       +1        +3   |  +11
    負の和       0      −2       −2        −1   |        −5
    正味        +5       0       −1        +2   |              +6

Every other of the 17 goals: no cell in any row (17 × 3 − 8 = 43 cells not assessed), and its
column sum is "—" (nothing assessed), which is not 0 (SDG-11 sums to 0 from assessed cells).
The largest magnitude is 3, so the extent is 3 and a cell's colour is the end colour mixed with
white by 1 − |v|/3: green #1a9850 = (26, 152, 80), red #d73027 = (215, 48, 39).

    +3: (26, 152, 80)                                               = #1a9850
    +2: 26 + 229/3 = 102.3, 152 + 103/3 = 186.3, 80 + 175/3 = 138.3 → #66ba8a
    +1: 26 + 229·2/3 = 178.7, 152 + 103·2/3 = 220.7, 80 + 175·2/3 = 196.7 → #b3ddc5
    −1: 215 + 40·2/3 = 241.7, 48 + 207·2/3 = 186, 39 + 216·2/3 = 183 → #f2bab7
    −2: 215 + 40/3 = 228.3, 48 + 207/3 = 117, 39 + 216/3 = 111      → #e4756f

The interactions matrix, over the ids it names in framework order (8.3, 11.7, 12.5, 13.2):

              8.3   11.7   12.5   13.2 | row sum
    SDG-8.3   self    ·     −1     −1  | −2
    SDG-11.7   ·    self     ·     +2  | +2
    SDG-12.5   ·      ·    self    +2  | +2
    SDG-13.2   ·     +1      ·    self | +1
    column     —     +1     −1   −1+2+2 = +3

    (16 cells − 4 on the diagonal − 5 scored = 7 not assessed)
"""

from __future__ import annotations

import struct
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest

from conftest import DRAFTS, FIXTURES, ROOT, run_cli

IMPACTS = FIXTURES / "impacts" / "measures"
HOSTILE = FIXTURES / "impacts-hostile" / "measures"
GOALS = [f"SDG-{n}" for n in range(1, 18)]

# Worked out by hand in the module's docstring.
MEASURE_CELLS = {
    ("URBAN-01", "SDG-8"): 2,
    ("URBAN-01", "SDG-11"): -2,
    ("URBAN-01", "SDG-13"): -1,
    ("ECON-01", "SDG-8"): 3,
    ("ECON-01", "SDG-12"): -2,
    ("ENV-01", "SDG-11"): 2,
    ("ENV-01", "SDG-12"): 1,
    ("ENV-01", "SDG-13"): 3,
}
COLOURS = {3: "#1a9850", 2: "#66ba8a", 1: "#b3ddc5", -1: "#f2bab7", -2: "#e4756f"}
NOT_ASSESSED = "#e4e7ec"


class Elements(HTMLParser):
    """Every element with its attributes and the text inside it (nested text included)."""

    VOID: ClassVar[set[str]] = {"meta", "br", "img", "input", "link", "hr", "col", "wbr", "source"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.html = html
        self.elements: list[tuple[str, dict[str, str | None], list[str]]] = []
        self.text: list[str] = []
        self._open: list[list[str]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        parts: list[str] = []
        self.elements.append((tag, dict(attrs), parts))
        if tag not in self.VOID:
            self._open.append(parts)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self._open:
            self._open.pop()

    def handle_data(self, data):
        self.text.append(data)
        for parts in self._open:
            parts.append(data)

    def find(self, tag: str, **wanted: str) -> list[tuple[dict[str, str | None], str]]:
        """(attributes, text) of every ``tag`` whose attributes include ``wanted``
        (``class_`` for class, matched as one of its words; ``data_row`` for data-row)."""
        found = []
        for name, attrs, parts in self.elements:
            if name != tag:
                continue
            ok = True
            for key, value in wanted.items():
                attribute = key.rstrip("_").replace("_", "-")
                have = attrs.get(attribute)
                if attribute == "class":
                    ok = ok and have is not None and value in have.split()
                else:
                    ok = ok and have == value
            if ok:
                found.append((attrs, "".join(parts).strip()))
        return found

    @property
    def all_text(self) -> str:
        return "".join(self.text)


def _impacts(*args, lang="ja"):
    return run_cli("impacts", *args, "--lang", lang)


@pytest.fixture(scope="module")
def page() -> Elements:
    result = _impacts(IMPACTS, "--format", "html")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>")
    return Elements(result.stdout)


def _table(page: Elements, key: str) -> Elements:
    """The view's table ``key`` (renderers/html.py: ``table[data-table]``) as its own document."""
    html = page.html
    start = html.index(f'data-table="{key}"')
    start = html.rindex("<table", 0, start)
    return Elements(html[start : html.index("</table>", start) + len("</table>")])


def _grid(table: Elements) -> dict[str, list[tuple[dict, str]]]:
    """Each body row of a table by its id: its cells (attributes, text)."""
    rows: dict[str, list[tuple[dict, str]]] = {}
    current = None
    for name, attrs, parts in table.elements:
        if name == "tr":
            current = attrs.get("data-id")
            if current is not None:
                rows[current] = []
        elif name == "td" and current is not None:
            rows[current].append((attrs, "".join(parts).strip()))
        elif name == "tfoot":
            current = None
    return rows


def _body(table: Elements) -> list[list[str]]:
    """The body rows of a table, each as its cells' texts."""
    rows: list[list[str]] = []
    inside = False
    for name, _attrs, parts in table.elements:
        if name == "tbody":
            inside = True
        elif name == "tfoot":
            inside = False
        elif name == "tr" and inside:
            rows.append([])
        elif name == "td" and inside:
            rows[-1].append("".join(parts).strip())
    return rows


def _columns(table: Elements) -> list[str]:
    return [t for a, t in table.find("span", class_="gid")]


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _fill(style: str) -> str:
    return style.split("background-color: ")[1].split(";")[0]


def _scored(table: Elements) -> dict[tuple[str, str], tuple[dict, str]]:
    """The matrix's cells with a score, by (row, column)."""
    columns = _columns(table)
    found = {}
    for row, cells in _grid(table).items():
        # the coloured cells, one per column: a style of their own, or grey for nothing scored
        heat = [c for c in cells if "style" in c[0] or "data-empty" in c[0]]
        for column, (attrs, text) in zip(columns, heat, strict=True):
            if "data-value" in attrs:
                found[(row, column)] = (attrs, text)
    return found


# --- the measures × SDG goals heatmap ----------------------------------------------------------


def test_measures_heatmap_cells_and_their_values(page):
    table = _table(page, "measures_matrix")
    assert list(_grid(table)) == ["URBAN-01", "ECON-01", "ENV-01"]
    assert _columns(table) == GOALS
    scored = {key: (int(a["data-value"]), text) for key, (a, text) in _scored(table).items()}
    assert scored == {
        key: (value, f"{value:+d}".replace("-", "\u2212")) for key, value in MEASURE_CELLS.items()
    }
    empty = [a for a, _ in table.find("td") if a.get("data-empty")]
    assert len(empty) == 17 * 3 - 8  # 43
    # grey by the page's one rule, not a style on each of them (a 2,000-row heatmap's
    # megabytes), and no value
    assert all("style" not in a and "data-value" not in a for a in empty)
    assert f".heatmap td[data-empty] {{ background-color: {NOT_ASSESSED}; }}" in page.html
    assert "heatmap" in table.find("table")[0][0]["class"]


def test_measures_heatmap_row_and_column_sums(page):
    table = _table(page, "measures_matrix")
    rows = {row: [c[1] for c in cells[-3:]] for row, cells in _grid(table).items()}
    assert rows == {
        "URBAN-01": ["+2", "\u22123", "\u22121"], "ECON-01": ["+3", "\u22122", "+1"],
        "ENV-01": ["+6", "0", "+6"],
    }
    # the footer, row by row and cell by cell: each column's 正の和, 負の和 and 正味
    totals = Elements(table.html[table.html.index("<tfoot>") :])
    cells = [t for _a, t in totals.find("td")]
    width = 2 + 17 + 3
    positive, negative, net = (cells[i * width : (i + 1) * width] for i in range(3))
    assert [positive[0], negative[0], net[0]] == ["正の和", "負の和", "正味"]
    expected = dict.fromkeys(GOALS, "")  # nothing scored: no sum, which is not 0
    for row, figures in (
        (positive, {"SDG-8": "+5", "SDG-11": "+2", "SDG-12": "+1", "SDG-13": "+3"}),
        (negative, {"SDG-8": "0", "SDG-11": "\u22122", "SDG-12": "\u22122", "SDG-13": "\u22121"}),
        (net, {"SDG-8": "+5", "SDG-11": "0", "SDG-12": "\u22121", "SDG-13": "+2"}),
    ):
        assert dict(zip(GOALS, row[2:19], strict=True)) == expected | figures
    assert (positive[-3], negative[-2], net[-1]) == ("+11", "\u22125", "+6")


def test_heatmap_colours_diverge_green_red_by_strength(page):
    table = _table(page, "measures_matrix")
    fills = {key: _fill(a["style"]) for key, (a, _t) in _scored(table).items()}
    # the exact colours worked out in the module's docstring
    assert fills == {key: COLOURS[value] for key, value in MEASURE_CELLS.items()}
    # and what they mean: green for positive, red for negative, stronger for a larger |value|
    for key, colour in fills.items():
        red, green, _blue = _rgb(colour)
        assert (green > red) == (MEASURE_CELLS[key] > 0), key

    def strength(colour: str) -> int:  # how far from white
        return 765 - sum(_rgb(colour))

    assert strength(fills[("URBAN-01", "SDG-11")]) > strength(fills[("URBAN-01", "SDG-13")]) > 0
    assert strength(COLOURS[3]) > strength(COLOURS[2]) > strength(COLOURS[1]) > 0


def test_a_cell_lists_what_makes_it_up(page):
    titles = {key: a["title"] for key, (a, _t) in _scored(_table(page, "measures_matrix")).items()}
    assert titles[("URBAN-01", "SDG-11")] == (
        "URBAN-01 × SDG-11: \u22122\nSDG-11.7 \u22122 対立 — 緑地が減る / 緩和策: "
        "屋上緑化と公開空地を義務づける / 根拠資料: https://example.org/eia-report: 第4章"
    )
    assert titles[("ECON-01", "SDG-12")] == (
        "ECON-01 × SDG-12: \u22122\nSDG-12.5 \u22122 対立 — イベントごみ"
    )
    assert titles[("ECON-01", "SDG-8")] == "ECON-01 × SDG-8: +3\nSDG-8.3 +3 不可分"


def test_interactions_heatmap(page):
    table = _table(page, "interactions_matrix")
    order = ["SDG-8.3", "SDG-11.7", "SDG-12.5", "SDG-13.2"]
    assert _columns(table) == order
    scored = {key: int(a["data-value"]) for key, (a, _t) in _scored(table).items()}
    assert scored == {
        ("SDG-8.3", "SDG-12.5"): -1,
        ("SDG-8.3", "SDG-13.2"): -1,
        ("SDG-11.7", "SDG-13.2"): 2,
        ("SDG-12.5", "SDG-13.2"): 2,
        ("SDG-13.2", "SDG-11.7"): 1,
    }
    assert len([a for a, _ in table.find("td") if a.get("data-empty")]) == 16 - 5
    rows = {row: cells[-1][1] for row, cells in _grid(table).items()}
    assert rows == {"SDG-8.3": "\u22122", "SDG-11.7": "+2", "SDG-12.5": "+2", "SDG-13.2": "+1"}
    title = _scored(table)[("SDG-8.3", "SDG-12.5")][0]["title"]
    assert title.endswith("SDG-8.3 → SDG-12.5 \u22121 制約 — more production, more waste")
    assert "A test fixture, not an assessment of anything." in page.all_text


# --- trade-offs, clusters, influence, balance --------------------------------------------------


def test_trade_offs_with_mitigation_status(page):
    rows = _body(_table(page, "trade_offs"))
    # as tests/test_impacts.py: the most severe first, impacts before interactions, the ones
    # nobody manages before the mitigated
    # score, from (its 所管 on a line of its own), what it harms (the priority policies
    # harmed on a line of its own), mitigation, note
    # (a cell's lines are joined here: the page breaks them with <br>)
    assert [(row[0], row[1].split()[0], row[2].removesuffix("PP-5")) for row in rows] == [
        ("\u22122 対立", "ECON-01", "SDG 12.5 つくる責任 つかう責任"),
        ("\u22122 対立", "URBAN-01", "SDG 11.7 住み続けられるまちづくりを"),
        ("\u22121 制約", "URBAN-01", "SDG 13.2 気候変動に具体的な対策を"),
        ("\u22121 制約", "SDG", "SDG 12.5 つくる責任 つかう責任"),
        ("\u22121 制約", "SDG", "SDG 13.2 気候変動に具体的な対策を"),
    ]
    assert rows[3][1] == "SDG 8.3 働きがいも経済成長も（相互作用）経済産業部、都市整備政策部"
    assert rows[1][3] == "✓ 屋上緑化と公開空地を義務づける"
    assert rows[0][3] == "✗ なし" and rows[3][3] == "相互作用"
    assert "ECON-01 商店街イベント支援<br>経済産業部" in page.html
    assert "SDG 12.5 つくる責任 つかう責任<br>PP-5" in page.html
    # the full official title of what it harms, on demand (a tooltip)
    harmed = _table(page, "trade_offs").find("td", title="2030年までに、廃棄物の発生防止、削減、"
                                              "再生利用及び再利用により、廃棄物の発生を大幅に削減する。")
    assert harmed and harmed[0][1].startswith("SDG 12.5 つくる責任 つかう責任")


def test_contested_nodes_and_clusters(page):
    assert list(_grid(_table(page, "contested"))) == ["SDG-11.7", "SDG-13.2", "SDG-12.5"]
    clusters = _body(_table(page, "clusters"))
    assert [(row[0], row[2], row[4], row[5]) for row in clusters] == [
        ("1", "PP-6", "2", "3"), ("2", "PP-5", "1", "4"),
    ]
    assert clusters[0][1] == "地域経済、都市基盤"
    assert "PP-6、PP-6.5" in clusters[0][6] and clusters[0][7] == "なし"
    members = _body(_table(page, "cluster_members"))
    assert [row[2] for row in members if row[0] == "1"] == [
        "ECON-01", "PP-6", "PP-6.5", "SDG-8.3", "URBAN-01",
    ]


def test_influence_and_the_measures_by_net(page):
    measures = {row: cells for row, cells in _grid(_table(page, "ranking")).items()}
    # nets from tests/test_impacts.py: ENV-01 10, ECON-01 −1/3, URBAN-01 −3
    assert list(measures) == ["ENV-01", "ECON-01", "URBAN-01"]
    assert float(measures["ECON-01"][8][0]["data-value"]) == pytest.approx(-1 / 3, abs=1e-6)
    targets = _grid(_table(page, "influence"))
    # out, in, and through one intermediary helping and harming apart, in framework order
    assert [
        (node, *(int(cells[i][0].get("data-value") or 0) for i in (2, 3, 8, 9)))
        for node, cells in targets.items()
    ] == [
        ("SDG-8.3", -2, 0, 0, -3),
        ("SDG-11.7", 2, 1, 2, 0),
        ("SDG-12.5", 2, -1, 2, 0),
        ("SDG-13.2", 1, 3, 2, 0),
    ]


def test_goal_balance_as_diverging_bars(page):
    table = _table(page, "balance")
    rows = {
        goal: (int(cells[2][0]["data-value"]), int(cells[3][0]["data-value"]))
        for goal, cells in _grid(table).items()
    }
    assert rows == {"SDG-8": (5, 0), "SDG-11": (2, -2), "SDG-12": (1, -2), "SDG-13": (3, -1)}
    # the widest side is SDG-8's +5: each side is its share of 5, on half the bar's width
    bars = [a["style"].split(";")[0].removeprefix("width: ").removesuffix("%") for a, _ in table.find("span") if a.get("class") in ("neg", "pos")]
    assert [bars[i : i + 2] for i in range(0, len(bars), 2)] == [
        ["0.00", "50.00"],  # SDG-8: 0/5, 5/5 of 50 %
        ["20.00", "20.00"],  # SDG-11: 2/5, 2/5
        ["20.00", "10.00"],  # SDG-12: 2/5, 1/5
        ["10.00", "30.00"],  # SDG-13: 1/5, 3/5
    ]
    labels = [a["aria-label"] for a, _ in table.find("div", class_="dbar")]
    assert labels[1] == "\u22122 / +2"


# --- the page -----------------------------------------------------------------------------------


def test_english_page():
    result = _impacts(IMPACTS, "--format", "html", lang="en")
    page = Elements(result.stdout)
    assert page.find("html")[0][0]["lang"] == "en"
    text = page.all_text
    for words in ("Impact pre-assessment", "Trade-offs", "Positive sum", "Negative sum", "Synergy groups"):
        assert words in text
    assert "\u22122 counteracting" in text and "✗ none" in text
    for japanese in ("影響の予測評価", "緩和策", "トレードオフ"):
        assert japanese not in text
    # the scale's legend gives both names in either language: people meet both
    assert "counteracting" in text and "対立" in text and "両立不可" in text


def test_self_contained_with_no_script():
    page = Elements(_impacts(IMPACTS, "--format", "html").stdout)
    assert not page.find("script")
    policy = next(a["content"] for a, _ in page.find("meta") if a.get("http-equiv"))
    assert "default-src 'none'" in policy and "script-src 'none'" in policy
    for _tag, attrs, _text in page.elements:
        for name in ("src", "href", "action", "srcset"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (name, value)
    assert "url(" not in page.html and "@import" not in page.html


def test_hostile_text_stays_text():
    result = _impacts(HOSTILE, "--format", "html")
    assert result.exit_code == 0, result.output
    page = Elements(result.stdout)
    assert not page.find("script") and not page.find("img") and not page.find("i")
    for _tag, attrs, _text in page.elements:
        assert not any(name.startswith("on") for name in attrs), attrs
    text = page.all_text
    for hostile in (
        "<script>alert('title')</script> 施策",
        "\"><img src=x onerror=console.error('INJECTED')> 代替の場",
        '<b>経済産業部</b> & "所管"',
    ):
        assert hostile in text, hostile
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in result.stdout
    # in a tooltip the note, the mitigation and the evidence are one attribute value, as text
    cells = _scored(_table(page, "measures_matrix"))
    assert cells[("HOST-01", "SDG-4")][0]["title"] == (
        "HOST-01 × SDG-4: \u22122\nSDG-4.7 \u22122 対立 — <script>console.error('INJECTED')</script> "
        "学びの場が減る / 緩和策: \"><img src=x onerror=console.error('INJECTED')> 代替の場 / "
        "根拠資料: javascript:alert(1)"
    )
    interaction = _scored(_table(page, "interactions_matrix"))[("SDG-8.3", "SDG-4.7")][0]
    assert interaction["title"].endswith(
        "— </td></tr></table><img src=x onerror=console.error('INJECTED')>"
    )
    # a score of 0 is assessed: a white cell that says 0, not a grey empty one
    zero = cells[("HOST-01", "SDG-11")]
    assert zero[1] == "0" and _fill(zero[0]["style"]) == "#ffffff"


def test_focus_narrows_the_matrix_and_the_trade_offs():
    measure = Elements(_impacts(IMPACTS, "--format", "html", "--measure", "urban-01").stdout)
    # URBAN-01 itself, and ECON-01, which impacts it (+1)
    assert list(_grid(_table(measure, "measures_matrix"))) == ["URBAN-01", "ECON-01"]
    trades = _body(_table(measure, "trade_offs"))
    assert [(row[1].split()[0], row[2].split()[1]) for row in trades] == [
        ("URBAN-01", "11.7"), ("URBAN-01", "13.2"),
    ]
    assert measure.find("h1")[0][1] == "影響の予測評価: URBAN-01 駅前再開発"
    node = Elements(_impacts(IMPACTS, "--format", "html", "--node", "SDG-13").stdout)
    # the measures with an impact on SDG-13 or a target of it: URBAN-01 (13.2 −1), ENV-01 (13.2 +3)
    assert list(_grid(_table(node, "measures_matrix"))) == ["URBAN-01", "ENV-01"]


def test_columns_of_another_level():
    page = Elements(_impacts(IMPACTS, "--format", "html", "--columns", "SDG.target").stdout)
    table = _table(page, "measures_matrix")
    # a level of more than 40 nodes: only the targets that are impacted, in framework order
    assert _columns(table) == ["SDG-8.3", "SDG-11.7", "SDG-12.5", "SDG-13.2"]
    totals = [t for _a, t in Elements(table.html[table.html.index("<tfoot>") :]).find("td")]
    width = 2 + 4 + 3
    # each target's 正の和, 負の和 and 正味: 8.3 +3 +2; 11.7 +2 −2; 12.5 +1 −2; 13.2 +3 −1
    assert totals[2:6] == ["+5", "+2", "+1", "+3"]
    assert totals[width + 2 : width + 6] == ["0", "\u22122", "\u22122", "\u22121"]
    assert totals[2 * width + 2 : 2 * width + 6] == ["+5", "0", "\u22121", "+2"]


def test_a_draft_without_impacts_says_so(tmp_path):
    result = _impacts(DRAFTS / "clean", "--config", DRAFTS / "seta-align.yaml", "--format", "html")
    assert result.exit_code == 0, result.output
    page = Elements(result.stdout)
    banners = [t for a, t in page.find("div") if a.get("role") == "note"]
    assert any("影響の評価（impacts）のある施策がありません" in t for t in banners)


def test_written_from_the_suffix_and_never_over_a_file(tmp_path):
    target = tmp_path / "impacts.html"
    assert _impacts(IMPACTS, "-o", target).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    refused = _impacts(IMPACTS, "-o", target)
    assert refused.exit_code == 2 and "--force" in refused.stderr


# --- the picture --------------------------------------------------------------------------------


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_png_is_a_diverging_heatmap(tmp_path):
    pytest.importorskip("matplotlib")
    from matplotlib.image import imread

    target = tmp_path / "impacts.png"
    result = _impacts(IMPACTS, "-o", target)  # the format from the suffix
    assert result.exit_code == 0, result.output
    width, height = _png_size(target.read_bytes())
    # 17 goal columns of 0.26 in and three rows at 150 dpi: about 7 × 5.5 inches
    assert 800 < width < 1600 and 600 < height < 1200
    pixels = (imread(target)[..., :3] * 255).round().astype("uint8").reshape(-1, 3)

    def area(colour: str) -> int:
        return int((pixels == list(_rgb(colour))).all(axis=1).sum())

    cell = (0.26 * 150) ** 2  # one cell, in pixels
    for value, colour in COLOURS.items():
        # each of these scores is a cell of the matrix, in its colour (the same as on the page)
        assert area(colour) > 0.5 * cell, value
    assert area(NOT_ASSESSED) > 40 * 0.5 * cell  # the 43 cells nobody assessed


def test_png_needs_a_file_and_refuses_a_picture_too_large(tmp_path):
    pytest.importorskip("matplotlib")
    piped = _impacts(IMPACTS, "--format", "png")
    assert piped.exit_code == 0 and piped.stdout_bytes.startswith(b"\x89PNG")
    lines = [
        f"- id: BIG-{number:03d}\n  title: 施策{number}\n  owner: 部\n  field: ECON\n"
        "  supports: [SDG-8.3]\n"
        for number in range(1, 502)
    ]
    (tmp_path / "big.yaml").write_text("".join(lines), encoding="utf-8")
    target = tmp_path / "big.png"
    result = run_cli(
        "impacts", tmp_path / "big.yaml", "-c", DRAFTS / "seta-align.yaml", "-o", target,
        env={"SETA_ALIGN_LANG": "en"},
    )
    # 501 measures, each a row (supports SDG-8.3 counts +1): past the limit of 500
    assert result.exit_code == 2
    assert "Too many rows for a picture (501; the limit is 500)" in result.stderr
    assert "Traceback" not in result.output
    assert not target.exists()


def test_png_in_english_from_a_narrowed_matrix(tmp_path):
    pytest.importorskip("matplotlib")
    target = Path(tmp_path) / "one.png"
    result = _impacts(IMPACTS, "--measure", "ENV-01", "-o", target, lang="en")
    assert result.exit_code == 0, result.output
    width, height = _png_size(target.read_bytes())
    assert width > 600 and 400 < height < 1000  # one row


@pytest.mark.parametrize(
    ("blocked", "missing"), [("matplotlib", "matplotlib"), ("japanize_matplotlib", "japanize-matplotlib")]
)
def test_png_without_the_pictures_extra_says_what_to_install(tmp_path, blocked, missing):
    target = tmp_path / "impacts.png"
    probe = (
        f"import sys; sys.modules[{blocked!r}] = None; from seta_align.cli import main; "
        f"sys.argv = ['seta-align', 'impacts', {str(IMPACTS)!r}, '-o', {str(target)!r}, "
        "'--lang', 'en']; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2, result.stderr
    assert f"Pictures (png, svg) need extra packages ({missing})" in result.stderr
    assert "pip install 'seta-align[pictures]'" in result.stderr
    assert "Traceback" not in result.stderr and not target.exists()


def test_a_level_no_measure_impacts_says_so(tmp_path):
    # the fixture's impacts are on SDG targets and plan nodes (PP-…), none on the ordinance
    page = Elements(_impacts(IMPACTS, "--format", "html", "--columns", "ORD.vision_goal").stdout)
    tables = [a["data-table"] for a, _ in page.find("table") if "matrix" in a["data-table"]]
    assert tables == ["interactions_matrix"]  # no measures matrix, the interactions one as always
    html = page.html
    after = html[html.index('id="measures_matrix"') :]
    assert after.index("（該当なし）") < after.index("<table")  # said under its heading
    pytest.importorskip("matplotlib")
    target = tmp_path / "none.png"
    assert _impacts(IMPACTS, "--columns", "ORD.vision_goal", "-o", target).exit_code == 0
    # the heading and that one line: 1.2 inches at 150 dpi, not an empty grid
    assert _png_size(target.read_bytes())[1] == 180
