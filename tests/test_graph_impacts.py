"""`seta-align graph --impacts`: the signed network of the impact pre-assessment, in every graph
format and as pictures, against the scores of tests/fixtures/impacts read off the fixture files:

    measures/measures.yaml
      URBAN-01: supports PP-6 (+1); SDG-11.7 −2 (note, mitigation), SDG-13.2 −1, SDG-8.3 +2
      ECON-01:  supports PP-6.5 (+1); SDG-8.3 不可分 (+3), SDG-12.5 counteracting (−2),
                URBAN-01 +1
      ENV-01:   supports PP-5 (+1); SDG-13.2 +3, SDG-11.7 +2, SDG-12.5 +1
    interactions.yaml
      8.3→12.5 −1, 12.5→13.2 +2, 13.2→11.7 +1, 11.7→13.2 reinforcing (+2), 8.3→13.2 制約 (−1)
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import defusedxml.ElementTree as SafeET
import networkx as nx
import pytest

from conftest import CLEAN, DRAFTS, FIXTURES, MINI_FRAMEWORK, ROOT, run_cli

IMPACTS = FIXTURES / "impacts" / "measures"
SVG = "{http://www.w3.org/2000/svg}"
GREEN, RED = "#2e7d32", "#c62828"  # positive, negative

IMPACT_SCORES = {
    ("URBAN-01", "PP-6"): 1,
    ("URBAN-01", "SDG-11.7"): -2,
    ("URBAN-01", "SDG-13.2"): -1,
    ("URBAN-01", "SDG-8.3"): 2,
    ("ECON-01", "PP-6.5"): 1,
    ("ECON-01", "SDG-8.3"): 3,
    ("ECON-01", "SDG-12.5"): -2,
    ("ECON-01", "URBAN-01"): 1,
    ("ENV-01", "PP-5"): 1,
    ("ENV-01", "SDG-13.2"): 3,
    ("ENV-01", "SDG-11.7"): 2,
    ("ENV-01", "SDG-12.5"): 1,
}
INTERACTION_SCORES = {
    ("SDG-8.3", "SDG-12.5"): -1,
    ("SDG-12.5", "SDG-13.2"): 2,
    ("SDG-13.2", "SDG-11.7"): 1,
    ("SDG-11.7", "SDG-13.2"): 2,
    ("SDG-8.3", "SDG-13.2"): -1,
}
SUPPORTS = {("URBAN-01", "PP-6"), ("ECON-01", "PP-6.5"), ("ENV-01", "PP-5")}


def _colour(score: int) -> str:
    return GREEN if score > 0 else RED


def _graph(*args: object, env: dict[str, str] | None = None):
    return run_cli("graph", *args, env=env)


def test_graphml_carries_every_signed_edge_and_the_measures_figures(in_tmp):
    result = _graph(IMPACTS, "--impacts", "-o", "impacts.graphml")
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(in_tmp / "impacts.graphml")
    # What is impacted or in an interaction, and the three measures: nothing else.
    assert set(graph.nodes) == {
        "PP-5", "PP-6", "PP-6.5", "SDG-8.3", "SDG-11.7", "SDG-12.5", "SDG-13.2",
        "URBAN-01", "ECON-01", "ENV-01",
    }  # fmt: skip
    impacts = {(u, v): d for u, v, d in graph.edges(data=True) if d["kind"] == "impact"}
    interactions = {(u, v): d for u, v, d in graph.edges(data=True) if d["kind"] == "interaction"}
    assert {pair: d["score"] for pair, d in impacts.items()} == IMPACT_SCORES
    assert {pair: d["score"] for pair, d in interactions.items()} == INTERACTION_SCORES
    for data in [*impacts.values(), *interactions.values()]:
        assert data["weight"] == abs(data["score"])
        assert data["sign"] == ("positive" if data["score"] > 0 else "negative")
    assert {pair for pair, d in impacts.items() if not d["assessed"]} == SUPPORTS
    urban = impacts[("URBAN-01", "SDG-11.7")]
    assert (urban["scale"], urban["scale_ja"], urban["note"], urban["mitigation"]) == (
        "counteracting", "対立", "緑地が減る", "屋上緑化と公開空地を義務づける",
    )  # fmt: skip
    assert impacts[("ECON-01", "SDG-8.3")]["scale_ja"] == "不可分"
    assert interactions[("SDG-8.3", "SDG-12.5")]["note"] == "more production, more waste"
    # positive, negative, Σ second order, net (worked out in tests/test_impacts.py):
    # URBAN-01 3, −3, −4/3 −1/3 −2/3 −2/3 = −3, −3; ECON-01 5, −2, −1 −1 −4/3 = −10/3, −1/3;
    # ENV-01 7, 0, 1 + 4/3 + 2/3 = 3, 10.
    expected = {"URBAN-01": (3, -3, -3, -3), "ECON-01": (5, -2, -10 / 3, -1 / 3),
                "ENV-01": (7, 0, 3, 10)}  # fmt: skip
    for measure_id, (positive, negative, second, net) in expected.items():
        node = graph.nodes[measure_id]
        assert (node["positive"], node["negative"]) == (positive, negative)
        assert node["second_order"] == pytest.approx(second, abs=1e-6)
        assert node["net"] == pytest.approx(net, abs=1e-6)
    # The synergy clusters of tests/test_impacts.py: ECON-01, URBAN-01 with PP-6, PP-6.5 and
    # SDG-8.3; ENV-01 with PP-5 and the targets 11.7, 12.5, 13.2.
    assert graph.nodes["URBAN-01"]["cluster"] == graph.nodes["SDG-8.3"]["cluster"] == 1
    assert graph.nodes["ENV-01"]["cluster"] == graph.nodes["SDG-13.2"]["cluster"] == 2


def test_gexf_colours_and_thickness_by_sign_and_score(in_tmp):
    result = _graph(IMPACTS, "--impacts", "-o", "impacts.gexf")
    assert result.exit_code == 0, result.output
    graph = nx.read_gexf(in_tmp / "impacts.gexf")
    scores = {**IMPACT_SCORES, **INTERACTION_SCORES}
    assert graph.number_of_edges() == 17  # 12 impacts + 5 interactions
    for source, target, data in graph.edges(data=True):
        assert data["score"] == scores[(source, target)]
        assert data["weight"] == abs(scores[(source, target)])  # GEXF's own weight: |score|
    # networkx does not read an edge's viz back: the XML itself.
    root = SafeET.parse(in_tmp / "impacts.gexf").getroot()
    viz = "{http://www.gexf.net/1.2draft/viz}"
    rgb = {GREEN: ("46", "125", "50"), RED: ("198", "40", "40")}
    edges = [e for e in root.iter() if e.tag.endswith("}edge")]
    assert len(edges) == 17
    for edge in edges:
        score = scores[(edge.get("source"), edge.get("target"))]
        colour = edge.find(f"{viz}color")
        assert (colour.get("r"), colour.get("g"), colour.get("b")) == rgb[_colour(score)]
        assert float(edge.find(f"{viz}thickness").get("value")) == 1.5 * abs(score)


def _dot_edges(text: str) -> dict[tuple[str, str], dict[str, str]]:
    edges = {}
    for line in text.splitlines():
        match = re.fullmatch(r'  "([^"]+)" -> "([^"]+)" \[(.*)\];', line)
        if match:
            edges[(match[1], match[2])] = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', match[3]))
    return edges


def test_dot_draws_signs_widths_and_dashed_interactions():
    result = _graph(IMPACTS, "--impacts", "--format", "dot", "--lang", "en")
    assert result.exit_code == 0, result.output
    edges = _dot_edges(result.stdout)
    assert set(edges) == set(IMPACT_SCORES) | set(INTERACTION_SCORES)
    for pair, score in {**IMPACT_SCORES, **INTERACTION_SCORES}.items():
        attributes = edges[pair]
        assert attributes["score"] == str(score)
        assert attributes["color"] == _colour(score), pair
        assert float(attributes["penwidth"]) == 1.5 * abs(score)
        assert (attributes.get("style") == "dashed") == (pair in INTERACTION_SCORES)
    assert edges[("URBAN-01", "SDG-11.7")]["label"] == "-2 counteracting"
    assert edges[("ECON-01", "SDG-8.3")]["label"] == "+3 indivisible"
    japanese = _dot_edges(_graph(IMPACTS, "--impacts", "--format", "dot", "--lang", "ja").stdout)
    assert japanese[("URBAN-01", "SDG-11.7")]["label"] == "-2 対立"
    assert japanese[("SDG-8.3", "SDG-13.2")]["label"] == "-1 制約"


def test_mermaid_styles_each_link_by_its_sign():
    result = _graph(IMPACTS, "--impacts", "--lang", "ja")  # Mermaid on stdout by default
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    links = [line for line in lines if re.search(r" (-->|-\.->)\|", line)]
    styles = dict(re.findall(r"    linkStyle (\d+) (.*)", result.stdout))
    assert len(links) == 17 and len(styles) == 17
    ids = {"URBAN-01": "m_URBAN_01", "ECON-01": "m_ECON_01", "ENV-01": "m_ENV_01"}
    for pair, score in {**IMPACT_SCORES, **INTERACTION_SCORES}.items():
        source, target = (ids.get(end, "n_" + re.sub(r"\W", "_", end)) for end in pair)
        arrow = "-.->" if pair in INTERACTION_SCORES else "-->"
        (number,) = [
            index
            for index, line in enumerate(links)
            if line.startswith(f"    {source} {arrow}|") and line.endswith(f"| {target}")
        ]
        width = f"{1.5 * abs(score):g}px"
        assert styles[str(number)] == f"stroke:{_colour(score)},stroke-width:{width}", pair
    assert '    m_ECON_01 -->|"+3 不可分"| n_SDG_8_3' in lines
    assert '    n_SDG_8_3 -.->|"-1 制約"| n_SDG_12_5' in lines


def _svg(*args: object, lang: str = "en"):
    result = _graph(*args, "--impacts", "--format", "svg", "--lang", lang)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    return SafeET.fromstring(result.stdout_bytes)


def test_svg_edges_have_the_right_colour_width_and_dash():
    root = _svg(IMPACTS)
    assert root.tag == f"{SVG}svg"
    edges = {
        (group.get("data-from"), group.get("data-to")): group
        for group in root.iter(f"{SVG}g")
        if "edge" in (group.get("class") or "").split()
    }
    scores = {**IMPACT_SCORES, **INTERACTION_SCORES}
    assert set(edges) == set(scores)
    for pair, score in scores.items():
        group = edges[pair]
        assert group.get("data-score") == str(score)
        path = group.find(f"{SVG}path")
        assert path.get("stroke") == _colour(score), pair
        assert float(path.get("stroke-width")) == 1.5 * abs(score)
        assert (path.get("stroke-dasharray") is not None) == (pair in INTERACTION_SCORES)
        # Direction shown by an arrowhead where the columns do not show it: interactions and
        # the one impact on another measure (ECON-01 → URBAN-01).
        arrow = group.find(f"{SVG}polygon")
        assert (arrow is not None) == (pair in INTERACTION_SCORES or pair[1] == "URBAN-01")
    tooltip = edges[("URBAN-01", "SDG-11.7")].find(f"{SVG}title").text
    assert tooltip == (
        "URBAN-01 → SDG-11.7: -2 counteracting — 緑地が減る / mitigation: 屋上緑化と公開空地を義務づける"
    )
    assert edges[("URBAN-01", "PP-6")].find(f"{SVG}title").text.endswith("(+1 from supports)")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "ja",
            [
                "正の影響: +1 後押し・+2 強化・+3 不可分",
                "負の影響: -1 制約・-2 対立・-3 両立不可",
                "破線の矢印: ターゲット間の相互作用（相互作用ファイル）。波及する影響はこれを通ります",
                "線の太さ: |点数|。supports に書いた項目は +1 と数えます",
            ],
        ),
        (
            "en",
            [
                "Positive impact: +1 enabling, +2 reinforcing, +3 indivisible",
                "Negative impact: -1 constraining, -2 counteracting, -3 cancelling",
                "Dashed arrow: an interaction between targets (the interactions file); "
                "knock-on impacts pass along it",
                "Line width: |score|. A node in supports counts +1",
            ],
        ),
    ],
)
def test_svg_has_a_legend_in_the_chosen_language(lang, expected):
    root = _svg(IMPACTS, lang=lang)
    (legend,) = [g for g in root.iter(f"{SVG}g") if g.get("class") == "legend"]
    assert [text.text for text in legend.iter(f"{SVG}text")] == expected
    samples = legend.findall(f"{SVG}line")
    assert [line.get("stroke") for line in samples] == [GREEN, RED, "#555555"]
    assert samples[2].get("stroke-dasharray") is not None  # the dashed one is the interactions
    # Measures carry their figures (worked out in tests/test_impacts.py) as a tooltip.
    (urban,) = [g for g in root.iter(f"{SVG}g") if g.get("data-id") == "URBAN-01"]
    figures = urban.find(f"{SVG}title").text
    if lang == "en":
        assert figures.endswith("positive +3, negative -3, knock-on 0 / -3, overall -3")
    else:
        assert figures.endswith("正の和 +3・負の和 -3・波及 0 / -3・総合 -3")


def test_svg_needs_no_matplotlib():
    probe = (
        "import sys; sys.modules['matplotlib'] = None; from seta_align.cli import main; "
        f"sys.argv = ['seta-align', 'graph', {str(IMPACTS)!r}, '--impacts', '--format', 'svg']; "
        "main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, timeout=120
    )
    assert result.returncode == 0, result.stderr.decode()
    assert SafeET.fromstring(result.stdout).tag == f"{SVG}svg"


def test_hostile_text_is_escaped(tmp_path):
    # Ids are [A-Za-z][A-Za-z0-9_.-]* by the schema; titles, owners and notes are free text.
    hostile = "</title><script>alert(1)</script>&amp;\"'"
    (tmp_path / "seta-align.yaml").write_text(
        f"framework: {MINI_FRAMEWORK.as_posix()}\n", encoding="utf-8"
    )
    (tmp_path / "m.yaml").write_text(
        "- id: X-1\n"
        f"  title: {json.dumps(hostile)}\n"
        "  owner: '</g><svg onload=alert(1)>'\n"
        "  field: ECON\n"
        "  supports: [PP-6.5]\n"
        "  impacts:\n"
        f"    - {{on: SDG-8.3, score: -2, note: {json.dumps(hostile)}, mitigation: ']]><x/>'}}\n",
        encoding="utf-8",
    )
    result = _graph(tmp_path / "m.yaml", "--impacts", "--format", "svg", "--lang", "en")
    assert result.exit_code == 0, result.output
    root = SafeET.fromstring(result.stdout_bytes)
    names = {element.tag for element in root.iter()}
    assert f"{SVG}script" not in names and "script" not in names
    assert not any(element.get("onload") for element in root.iter())
    (edge,) = [g for g in root.iter(f"{SVG}g") if g.get("data-to") == "SDG-8.3"]
    assert edge.find(f"{SVG}title").text == (
        f"X-1 → SDG-8.3: -2 counteracting — {hostile} / mitigation: ]]><x/>"
    )
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "</g><svg onload=alert(1)>" in texts  # the owner's group heading, as text


def test_png_is_valid_and_draws_both_signs(tmp_path):
    from test_pictures import _colours, _png_size

    target = tmp_path / "impacts.png"
    result = _graph(IMPACTS, "--impacts", "-o", target)
    assert result.exit_code == 0, result.output
    width, height = _png_size(target)
    assert 1500 < width < 3500 and 300 < height < 1200
    colours = _colours(target)
    # The legend's sample lines are drawn opaque in the two colours; the goals in theirs.
    assert {GREEN.upper(), RED.upper()} <= colours
    assert {"#A21942", "#3F7E44"} <= colours  # SDG 8 and SDG 13


def test_around_keeps_the_signed_neighbourhood(in_tmp):
    result = _graph(IMPACTS, "--impacts", "--around", "sdg-12.5", "-o", "around.graphml")
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(in_tmp / "around.graphml")
    # One hop from SDG-12.5: 8.3 (→12.5 −1), 13.2 (12.5→ +2), ECON-01 (−2), ENV-01 (+1); the
    # edges among those five: the four, and 8.3→13.2 −1, ECON-01→8.3 +3, ENV-01→13.2 +3.
    assert set(graph.nodes) == {"SDG-12.5", "SDG-8.3", "SDG-13.2", "ECON-01", "ENV-01"}
    assert {(u, v): d["score"] for u, v, d in graph.edges(data=True)} == {
        ("SDG-8.3", "SDG-12.5"): -1,
        ("SDG-12.5", "SDG-13.2"): 2,
        ("ECON-01", "SDG-12.5"): -2,
        ("ENV-01", "SDG-12.5"): 1,
        ("SDG-8.3", "SDG-13.2"): -1,
        ("ECON-01", "SDG-8.3"): 3,
        ("ENV-01", "SDG-13.2"): 3,
    }


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        ("ja", "impacts を書いた施策も相互作用ファイルもありません"),
        ("en", "no measure has impacts and there is no interactions file"),
    ],
)
def test_a_draft_without_an_assessment_says_so(lang, note):
    plain = _graph(CLEAN, "-c", DRAFTS / "seta-align.yaml", "--impacts", "--lang", lang)
    assert plain.exit_code == 0, plain.output
    assert note in plain.stderr
    # supports count +1: ECON-01 supports 5 nodes, KIDS-01 3 (tests/fixtures/drafts/clean)
    assert plain.stdout.count('-->|"+1 ') == 8
    assessed = _graph(IMPACTS, "--impacts", "--lang", lang)
    assert assessed.stderr == ""


def test_without_impacts_the_graph_is_the_alignment_graph(in_tmp):
    result = _graph(IMPACTS, "-o", "alignment.graphml")
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(in_tmp / "alignment.graphml")
    kinds = {data["kind"] for _, _, data in graph.edges(data=True)}
    assert kinds <= {"parent", "supports", "depends_on", "relation"}
    assert not any("score" in data for _, _, data in graph.edges(data=True))


def test_a_consistent_impact_is_a_grey_hairline(tmp_path):
    # 0 (中立, consistent) is neither a synergy nor a trade-off: grey, 0.75 wide, in the legend.
    (tmp_path / "seta-align.yaml").write_text(
        f"framework: {MINI_FRAMEWORK.as_posix()}\n", encoding="utf-8"
    )
    (tmp_path / "m.yaml").write_text(
        "- id: KIDS-01\n  title: t\n  owner: o\n  field: LIFE\n  supports: [PP-1.1]\n"
        "  impacts: [{on: SDG-8.3, score: 中立}]\n",
        encoding="utf-8",
    )
    root = _svg(tmp_path / "m.yaml")
    (edge,) = [g for g in root.iter(f"{SVG}g") if g.get("data-to") == "SDG-8.3"]
    path = edge.find(f"{SVG}path")
    assert (edge.get("data-score"), path.get("stroke"), path.get("stroke-width")) == (
        "0",
        "#8a8f98",
        "0.8",  # 0.75 written with one decimal
    )
    (legend,) = [g for g in root.iter(f"{SVG}g") if g.get("class") == "legend"]
    assert "0 consistent (no significant interaction)" in [
        t.text for t in legend.iter(f"{SVG}text")
    ]
    dot = _dot_edges(_graph(tmp_path / "m.yaml", "--impacts", "--format", "dot").stdout)
    assert dot[("KIDS-01", "SDG-8.3")]["label"] == "0 中立"
    assert dot[("KIDS-01", "SDG-8.3")]["color"] == "#8a8f98"
