"""`seta-align graph`: GraphML and GEXF read back by networkx, DOT and Mermaid as text."""

from __future__ import annotations

import importlib.util
import re
from collections import Counter

import networkx as nx
import pytest

from conftest import CLEAN, DRAFTS, ROOT, run_cli

CLEAN_NODES = 13  # 11 nodes of the mini framework, 2 measures
CLEAN_EDGES = 16  # 6 parent, 8 supports, 1 depends_on, 1 relation

MERMAID_CLEAN = """\
flowchart LR
    n_PP_1["PP-1<br/>子ども・若者が笑顔で過ごせる環境の整備"]:::framework
    n_PP_1_1["PP-1.1<br/>子ども・若者が継続的に意見を表明しやすい環境づくりを進める。"]:::framework
    n_PP_6["PP-6<br/>安全で魅力的な街づくりと産業連携による新たな価値の創出"]:::framework
    n_PP_6_5["PP-6.5<br/>商店街などを拠点に、起業家の輩出や育成を支える基盤づくりを…"]:::framework
    n_ORD_2["ORD-2<br/>誰もが自己の個性及び能力を発揮することができる働きやすい環…"]:::framework
    n_ORD_2_3["ORD-2.3<br/>起業家精神があふれる世田谷区"]:::framework
    n_SDG_4["SDG-4<br/>すべての人に包摂的かつ公正な質の高い教育を確保し、生涯学習…"]:::framework
    n_SDG_4_7["SDG-4.7<br/>2030年までに、持続可能な開発を促進するために必要な知識…"]:::framework
    n_SDG_8["SDG-8<br/>包摂的かつ持続可能な経済成長及びすべての人々の完全かつ生産…"]:::framework
    n_SDG_8_3["SDG-8.3<br/>生産活動や適切な雇用創出、起業、創造性及びイノベーションを…"]:::framework
    n_SDG_8_10["SDG-8.10<br/>国内の金融機関の能力を強化し、金融サービスへのアクセスを促…"]:::framework
    m_ECON_01("ECON-01<br/>商店街を拠点とした起業家育成"):::measure
    m_KIDS_01("KIDS-01<br/>子ども・若者の起業体験と意見表明の場"):::measure
    n_PP_1_1 --- n_PP_1
    n_PP_6_5 --- n_PP_6
    n_PP_6_5 -.->|"corresponds"| n_ORD_2
    n_ORD_2_3 --- n_ORD_2
    n_SDG_4_7 --- n_SDG_4
    n_SDG_8_3 --- n_SDG_8
    n_SDG_8_10 --- n_SDG_8
    m_ECON_01 --> n_PP_6_5
    m_ECON_01 --> n_ORD_2_3
    m_ECON_01 --> n_SDG_8_3
    m_ECON_01 --> n_SDG_8_10
    m_ECON_01 --> n_PP_1_1
    m_KIDS_01 --> n_PP_1_1
    m_KIDS_01 --> n_PP_6_5
    m_KIDS_01 --> n_SDG_4_7
    m_KIDS_01 -.->|"depends_on"| m_ECON_01
    classDef framework fill:#eef3fb,stroke:#4a6fa5,color:#1b2233
    classDef measure fill:#fff7e6,stroke:#c98a00,color:#332200
    style n_SDG_4 fill:#C5192D,stroke:#C5192D,color:#ffffff
    style n_SDG_4_7 fill:#C5192D,stroke:#C5192D,color:#ffffff
    style n_SDG_8 fill:#A21942,stroke:#A21942,color:#ffffff
    style n_SDG_8_3 fill:#A21942,stroke:#A21942,color:#ffffff
    style n_SDG_8_10 fill:#A21942,stroke:#A21942,color:#ffffff
"""

DOT_CLEAN = r"""digraph "seta-align" {
  graph [rankdir="LR", charset="UTF-8"];
  node [shape="box", style="rounded", fontname="sans-serif"];
  edge [fontname="sans-serif", fontsize="10"];
  "PP-1" [label="PP-1\n子ども・若者が笑顔で過ごせる環境の整備", tooltip="子ども・若者が笑顔で過ごせる環境の整備", kind="framework", framework="PLAN", level="priority_policy", title="子ども・若者が笑顔で過ごせる環境の整備", title_en="Environments where children and young people can spend their days smiling", fields="LIFE"];
  "PP-1.1" [label="PP-1.1\n子ども・若者が継続的に意見を表明しやすい環境づくりを進める。", tooltip="子ども・若者が継続的に意見を表明しやすい環境づくりを進める。", kind="framework", framework="PLAN", level="action", title="子ども・若者が継続的に意見を表明しやすい環境づくりを進める。", title_en="Make it easy for children and young people to voice their views.", fields="LIFE"];
  "PP-6" [label="PP-6\n安全で魅力的な街づくりと産業連携による新たな価値の創出", tooltip="安全で魅力的な街づくりと産業連携による新たな価値の創出", kind="framework", framework="PLAN", level="priority_policy", title="安全で魅力的な街づくりと産業連携による新たな価値の創出", title_en="Safe, attractive town-making and new value through industrial collaboration", fields="ECON"];
  "PP-6.5" [label="PP-6.5\n商店街などを拠点に、起業家の輩出や育成を支える基盤づくりを…", tooltip="商店街などを拠点に、起業家の輩出や育成を支える基盤づくりを進める。", kind="framework", framework="PLAN", level="action", title="商店街などを拠点に、起業家の輩出や育成を支える基盤づくりを進める。", title_en="Build foundations for fostering entrepreneurs, based in shopping streets.", fields="ECON"];
  "ORD-2" [label="ORD-2\n誰もが自己の個性及び能力を発揮することができる働きやすい環…", tooltip="誰もが自己の個性及び能力を発揮することができる働きやすい環境を整備し、起業の促進及び多様な働き方の実現を図る", kind="framework", framework="ORD", level="basic_policy", title="誰もが自己の個性及び能力を発揮することができる働きやすい環境を整備し、起業の促進及び多様な働き方の実現を図る", title_en="Promote entrepreneurship and diverse ways of working", fields="ECON"];
  "ORD-2.3" [label="ORD-2.3\n起業家精神があふれる世田谷区", tooltip="起業家精神があふれる世田谷区", kind="framework", framework="ORD", level="vision_goal", title="起業家精神があふれる世田谷区", title_en="A Setagaya brimming with entrepreneurial spirit", fields="ECON"];
  "SDG-4" [label="SDG-4\nすべての人に包摂的かつ公正な質の高い教育を確保し、生涯学習…", style="rounded,filled", fillcolor="#C5192D", fontcolor="#ffffff", tooltip="すべての人に包摂的かつ公正な質の高い教育を確保し、生涯学習の機会を促進する", kind="framework", framework="SDG", level="goal", title="すべての人に包摂的かつ公正な質の高い教育を確保し、生涯学習の機会を促進する", title_en="Ensure inclusive and equitable quality education and promote lifelong learning opportunities for all", color="#C5192D"];
  "SDG-4.7" [label="SDG-4.7\n2030年までに、持続可能な開発を促進するために必要な知識…", style="rounded,filled", fillcolor="#C5192D", fontcolor="#ffffff", tooltip="2030年までに、持続可能な開発を促進するために必要な知識及び技能を習得できるようにする。", kind="framework", framework="SDG", level="target", title="2030年までに、持続可能な開発を促進するために必要な知識及び技能を習得できるようにする。", title_en="By 2030, ensure that all learners acquire the knowledge and skills needed to promote sustainable development", color="#C5192D"];
  "SDG-8" [label="SDG-8\n包摂的かつ持続可能な経済成長及びすべての人々の完全かつ生産…", style="rounded,filled", fillcolor="#A21942", fontcolor="#ffffff", tooltip="包摂的かつ持続可能な経済成長及びすべての人々の完全かつ生産的な雇用と働きがいのある人間らしい雇用(ディーセント・ワーク)を促進する", kind="framework", framework="SDG", level="goal", title="包摂的かつ持続可能な経済成長及びすべての人々の完全かつ生産的な雇用と働きがいのある人間らしい雇用(ディーセント・ワーク)を促進する", title_en="Promote sustained, inclusive and sustainable economic growth, full and productive employment and decent work for all", color="#A21942"];
  "SDG-8.3" [label="SDG-8.3\n生産活動や適切な雇用創出、起業、創造性及びイノベーションを…", style="rounded,filled", fillcolor="#A21942", fontcolor="#ffffff", tooltip="生産活動や適切な雇用創出、起業、創造性及びイノベーションを支援する開発重視型の政策を促進する。", kind="framework", framework="SDG", level="target", title="生産活動や適切な雇用創出、起業、創造性及びイノベーションを支援する開発重視型の政策を促進する。", title_en="Promote development-oriented policies that support productive activities, decent job creation, entrepreneurship, creativity and innovation", color="#A21942"];
  "SDG-8.10" [label="SDG-8.10\n国内の金融機関の能力を強化し、金融サービスへのアクセスを促…", style="rounded,filled", fillcolor="#A21942", fontcolor="#ffffff", tooltip="国内の金融機関の能力を強化し、金融サービスへのアクセスを促進・拡大する。", kind="framework", framework="SDG", level="target", title="国内の金融機関の能力を強化し、金融サービスへのアクセスを促進・拡大する。", title_en="Strengthen the capacity of domestic financial institutions", color="#A21942"];
  "ECON-01" [label="ECON-01\n商店街を拠点とした起業家育成", shape="ellipse", tooltip="商店街を拠点とした起業家育成", kind="measure", title="商店街を拠点とした起業家育成", title_en="Entrepreneur development based in shopping streets", owner="経済産業部", fields="ECON", file="tests/fixtures/drafts/clean/keizai.yaml"];
  "KIDS-01" [label="KIDS-01\n子ども・若者の起業体験と意見表明の場", shape="ellipse", tooltip="子ども・若者の起業体験と意見表明の場", kind="measure", title="子ども・若者の起業体験と意見表明の場", title_en="Entrepreneurship experience and a forum for children and young people", owner="子ども・若者部", fields="LIFE", file="tests/fixtures/drafts/clean/kodomo.yaml"];
  "PP-1" -> "PP-1.1" [kind="parent"];
  "PP-6" -> "PP-6.5" [kind="parent"];
  "PP-6.5" -> "ORD-2" [kind="relation", relation_type="corresponds", note="起業家の輩出・育成と起業の促進", style="dotted", label="corresponds"];
  "ORD-2" -> "ORD-2.3" [kind="parent"];
  "SDG-4" -> "SDG-4.7" [kind="parent"];
  "SDG-8" -> "SDG-8.3" [kind="parent"];
  "SDG-8" -> "SDG-8.10" [kind="parent"];
  "ECON-01" -> "PP-6.5" [kind="supports", color="#c98a00"];
  "ECON-01" -> "ORD-2.3" [kind="supports", color="#c98a00"];
  "ECON-01" -> "SDG-8.3" [kind="supports", color="#c98a00"];
  "ECON-01" -> "SDG-8.10" [kind="supports", color="#c98a00"];
  "ECON-01" -> "PP-1.1" [kind="supports", color="#c98a00"];
  "KIDS-01" -> "PP-1.1" [kind="supports", color="#c98a00"];
  "KIDS-01" -> "PP-6.5" [kind="supports", color="#c98a00"];
  "KIDS-01" -> "SDG-4.7" [kind="supports", color="#c98a00"];
  "KIDS-01" -> "ECON-01" [kind="depends_on", style="dashed"];
}
"""


def _graph(*args: object, env: dict[str, str] | None = None):
    return run_cli("graph", *args, env=env)


def _edge_kinds(graph: nx.DiGraph) -> Counter:
    return Counter(data["kind"] for _, _, data in graph.edges(data=True))


def _check_read_back(graph: nx.DiGraph) -> None:
    assert graph.number_of_nodes() == CLEAN_NODES
    assert graph.number_of_edges() == CLEAN_EDGES
    assert graph.is_directed()
    assert _edge_kinds(graph) == {"parent": 6, "supports": 8, "depends_on": 1, "relation": 1}
    measure = graph.nodes["ECON-01"]
    assert measure["kind"] == "measure"
    assert measure["title"] == "商店街を拠点とした起業家育成"
    assert measure["title_en"] == "Entrepreneur development based in shopping streets"
    assert measure["owner"] == "経済産業部"
    assert measure["fields"] == "ECON"
    node = graph.nodes["PP-6.5"]
    assert (node["kind"], node["framework"], node["level"], node["fields"]) == (
        "framework",
        "PLAN",
        "action",
        "ECON",
    )
    assert graph.nodes["SDG-8"]["color"] == "#A21942"
    assert graph.nodes["SDG-8.3"]["color"] == "#A21942"  # a target takes its goal's colour
    assert "color" not in graph.nodes["PP-6"]
    assert graph.edges["PP-6", "PP-6.5"]["kind"] == "parent"
    assert graph.edges["ECON-01", "PP-6.5"]["kind"] == "supports"
    assert graph.edges["KIDS-01", "ECON-01"]["kind"] == "depends_on"
    relation = graph.edges["PP-6.5", "ORD-2"]
    assert (relation["kind"], relation["relation_type"]) == ("relation", "corresponds")
    assert relation["note"] == "起業家の輩出・育成と起業の促進"


def test_graphml_reads_back_with_networkx(in_tmp):
    result = _graph(CLEAN, "-o", "alignment.graphml")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    _check_read_back(nx.read_graphml(in_tmp / "alignment.graphml"))


def test_gexf_reads_back_with_networkx_and_carries_gephi_colours(in_tmp):
    result = _graph(CLEAN, "-o", "alignment.gexf")
    assert result.exit_code == 0, result.output
    graph = nx.read_gexf(in_tmp / "alignment.gexf")
    _check_read_back(graph)
    assert graph.nodes["SDG-8"]["viz"]["color"] == {"r": 162, "g": 25, "b": 66, "a": 1.0}


def test_format_option_prints_to_stdout():
    result = _graph(CLEAN, "--format", "graphml")
    assert result.exit_code == 0
    assert result.stdout.startswith("<?xml")
    assert "<graphml" in result.stdout


def test_fields_of_several_fields_are_joined_for_scalar_attributes(in_tmp):
    result = _graph(ROOT / "data" / "measures", "-o", "sample.graphml")
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(in_tmp / "sample.graphml")
    assert graph.nodes["PP-5"]["fields"] == "ENV;ECON;LIFE;URBAN"
    assert graph.nodes["ECON-01"]["kind"] == "measure"
    assert ("ECON-01", "ORD-1.2") in graph.edges


def _dot_statements(text: str) -> list[str]:
    """The text split into statements, checking that quotes and braces balance on the way."""
    depth, quoted, escaped, current, statements = 0, False, False, "", []
    for character in text:
        current += character
        if quoted:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                quoted = False
            continue
        if character == '"':
            quoted = True
        elif character == "{":
            depth += 1
        elif character == "}":
            depth -= 1
            assert depth >= 0
        elif character in ";\n" and current.strip():
            statements.append(current.strip())
            current = ""
    assert not quoted and depth == 0
    return [s for s in statements if s not in (";", "}")]


def test_dot_is_well_formed_with_every_node_quoted():
    text = _graph(CLEAN, "--format", "dot").stdout
    statements = _dot_statements(text)
    assert statements[0] == 'digraph "seta-align" {'
    nodes = [
        s
        for s in statements[1:]
        if not s.startswith(("graph ", "node ", "edge ")) and "->" not in s
    ]
    edges = [s for s in statements if "->" in s]
    assert len(nodes) == CLEAN_NODES and len(edges) == CLEAN_EDGES
    for statement in nodes + edges:
        assert re.match(r'^"[^"]+"( -> "[^"]+")? \[.*\];?$', statement), statement
    if importlib.util.find_spec("pydot") is not None:  # used when present, never required
        import pydot

        (parsed,) = pydot.graph_from_dot_data(text)
        assert len(parsed.get_edges()) == CLEAN_EDGES


def test_dot_snapshot_of_the_clean_draft():
    assert _graph(CLEAN, "--format", "dot").stdout == DOT_CLEAN


def test_dot_escapes_quotes_and_backslashes():
    from seta_align.exporters.graph_formats import dot_quote

    assert dot_quote('題名「引用」"end\\') == '"題名「引用」\\"end\\\\"'
    assert dot_quote("two\nlines") == '"two\\nlines"'
    # Braces and semicolons inside the quoted id neither open a block nor end the statement.
    quoted = dot_quote('"{;}\\')
    assert _dot_statements(f'digraph {{ {quoted} [label="x"]; }}') == [
        f'digraph {{ {quoted} [label="x"];'
    ]


def test_mermaid_snapshot_of_the_clean_draft():
    result = _graph(CLEAN)
    assert result.exit_code == 0
    assert result.stdout == MERMAID_CLEAN


def test_mermaid_titles_cannot_break_the_syntax(tmp_path):
    (tmp_path / "m.yaml").write_text(
        "- id: end\n  title: 'a\"b<i>c]d#e&f`g'\n  owner: o\n  field: ECON\n  supports: [PP-6.5]\n",
        encoding="utf-8",
    )
    result = _graph(tmp_path, "--config", DRAFTS / "seta-align.yaml")
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if "m_end(" in line)
    assert line == '    m_end("end<br/>a#quot;b#lt;i#gt;c]d#35;e#amp;f#96;g"):::measure'
    # Every node definition is one id of [A-Za-z0-9_] and one quoted label without a quote.
    for line in result.stdout.splitlines()[1:]:
        if ":::" in line:
            assert re.fullmatch(r'    [A-Za-z0-9_]+(\["[^"]*"\]|\("[^"]*"\)):::\w+', line), line
    assert "    m_end --> n_PP_6_5" in result.stdout


def test_mermaid_ids_are_sanitised_and_unique():
    from seta_align.exporters.graph_formats import mermaid_ids

    graph = nx.DiGraph()
    for node_id in ("PP-6.5", "PP_6.5", "PP-6-5"):
        graph.add_node(node_id, kind="framework")
    graph.add_node("end", kind="measure")
    assert mermaid_ids(graph) == {
        "PP-6.5": "n_PP_6_5",
        "PP_6.5": "n_PP_6_5_2",
        "PP-6-5": "n_PP_6_5_3",
        "end": "m_end",
    }


def test_mermaid_in_markdown_is_fenced(in_tmp):
    result = _graph(CLEAN, "-o", "graph.md")
    assert result.exit_code == 0, result.output
    text = (in_tmp / "graph.md").read_text(encoding="utf-8")
    assert text == "```mermaid\n" + MERMAID_CLEAN + "```\n"


def test_mermaid_of_the_whole_sample_warns_about_the_size_limits():
    result = _graph(ROOT / "data" / "measures", "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout.startswith("flowchart LR\n")
    assert "default limits (500 edges, 50000 characters)" in result.stderr
    small = _graph(CLEAN, "--lang", "en")
    assert small.stderr == ""


@pytest.mark.parametrize(
    ("depth", "expected"),
    [
        ("0", {"ECON-01"}),
        ("1", {"ECON-01", "KIDS-01", "ORD-2.3", "PP-1.1", "PP-6.5", "SDG-8.10", "SDG-8.3"}),
        (
            "2",
            {"ECON-01", "KIDS-01", "ORD-2.3", "PP-1.1", "PP-6.5", "SDG-8.10", "SDG-8.3"}
            | {"ORD-2", "PP-1", "PP-6", "SDG-4.7", "SDG-8"},
        ),
    ],
)
def test_around_keeps_the_neighbourhood_in_either_direction(in_tmp, depth, expected):
    result = _graph(CLEAN, "--around", "ECON-01", "--depth", depth, "-o", "around.graphml")
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(in_tmp / "around.graphml")
    assert set(graph.nodes) == expected
    # KIDS-01 is reached against the direction of its depends_on edge; induced edges are kept.
    if depth == "1":
        assert graph.number_of_edges() == 8
        assert graph.edges["KIDS-01", "PP-6.5"]["kind"] == "supports"


def test_around_defaults_to_one_hop_and_normalises_the_id():
    result = _graph(CLEAN, "--around", "ｐｐ－６", "--lang", "ja")
    assert result.exit_code == 0, result.output
    assert "「ｐｐ－６」を PP-6 として扱います" in result.stderr
    assert result.stdout.splitlines() == [
        "flowchart LR",
        '    n_PP_6["PP-6<br/>安全で魅力的な街づくりと産業連携による新たな価値の創出"]:::framework',
        '    n_PP_6_5["PP-6.5<br/>商店街などを拠点に、起業家の輩出や育成を支える基盤づくりを…"]:::framework',
        "    n_PP_6_5 --- n_PP_6",
        "    classDef framework fill:#eef3fb,stroke:#4a6fa5,color:#1b2233",
        "    classDef measure fill:#fff7e6,stroke:#c98a00,color:#332200",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--around", "ECON-1"),
            "'ECON-1' is neither a framework node nor a measure. Did you mean ECON-01?",
        ),
        (("--around", "PP-6", "--depth", "-1"), "--depth must be 0 or more (got -1)."),
        (("--depth", "2"), "--depth needs --around."),
        (("-o", "graph.txt"), "Cannot tell the format from the suffix of 'graph.txt'."),
    ],
)
def test_usage_errors_exit_2_in_both_languages(in_tmp, args, message):
    result = _graph(CLEAN, *args, "--lang", "en")
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.output
    japanese = _graph(CLEAN, *args, "--lang", "ja")
    assert japanese.exit_code == 2
    assert japanese.stderr.startswith("seta-align: ") and not japanese.stderr.isascii()
    assert list(in_tmp.iterdir()) == []


def test_explicit_format_wins_over_the_suffix(tmp_path):
    result = _graph(CLEAN, "--format", "dot", "-o", tmp_path / "graph.txt")
    assert result.exit_code == 0
    assert (tmp_path / "graph.txt").read_text(encoding="utf-8") == DOT_CLEAN


def test_output_is_not_overwritten_without_force(in_tmp):
    target = in_tmp / "alignment.graphml"
    target.write_text("old contents\n", encoding="utf-8")
    refused = _graph(CLEAN, "-o", target, "--lang", "en")
    assert refused.exit_code == 2
    assert "already exists. Add --force to overwrite it." in refused.stderr
    assert target.read_text(encoding="utf-8") == "old contents\n"
    assert sorted(p.name for p in in_tmp.iterdir()) == ["alignment.graphml"]  # no temporary left

    forced = _graph(CLEAN, "-o", target, "--force")
    assert forced.exit_code == 0, forced.output
    assert nx.read_graphml(target).number_of_nodes() == CLEAN_NODES


def test_unreadable_input_is_reported_on_stderr():
    result = _graph(DRAFTS / "syntax")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "tests/fixtures/drafts/syntax" in result.stderr
    assert "Traceback" not in result.output


def test_help_documents_the_default_format():
    result = run_cli("graph", "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "without -o: mermaid on stdout" in result.stdout


def test_links_added_together_share_their_attributes_and_nothing_else_does():
    """The alignment graph's links from measures share one attribute dictionary per kind (a
    lighter graph at 100,000 measures); every other edge, and every edge of a copy, has its
    own, so that writing to one changes no other."""
    from seta_align.shared_edges import SharedEdgeGraph

    graph = SharedEdgeGraph()
    graph.add_edge("PP-1", "PP-1.1", kind="parent")
    graph.add_shared_edges([("M-1", "PP-1.1"), ("M-2", "PP-1.1")], {"kind": "supports"})
    graph.add_shared_edges([("M-2", "M-1")], {"kind": "depends_on"})
    graph.add_edge("PP-1", "PP-6")
    edges = graph.edges
    assert edges["M-1", "PP-1.1"] is edges["M-2", "PP-1.1"]
    assert edges["M-2", "M-1"] == {"kind": "depends_on"}
    assert edges["M-1", "PP-1.1"] == {"kind": "supports"}
    assert edges["PP-1", "PP-1.1"] == {"kind": "parent"} and edges["PP-1", "PP-6"] == {}
    copy = graph.copy()
    copy.edges["M-1", "PP-1.1"]["weight"] = 2
    assert "weight" not in copy.edges["M-2", "PP-1.1"]
    assert "weight" not in graph.edges["M-1", "PP-1.1"]
