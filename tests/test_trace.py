"""`seta-align trace ID`: paths up from a measure, measures serving a node, unknown ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CLEAN, DRAFTS, ROOT, run_cli


def _trace_json(*args: object) -> dict:
    result = run_cli("trace", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _paths(document: dict) -> dict[str, list[list[str]]]:
    return {
        framework["id"]: [[node["id"] for node in path] for path in framework["paths"]]
        for framework in document["frameworks"]
    }


def test_measure_paths_up_to_each_framework_root():
    document = _trace_json("ECON-01", CLEAN)
    assert document["kind"] == "measure"
    assert document["id"] == document["query"] == "ECON-01"
    assert document["measure"]["owner"] == "経済産業部"
    assert document["measure"]["file"] == "tests/fixtures/drafts/clean/keizai.yaml"
    # Frameworks in file order; paths in the order of `supports`, each up to the root.
    assert _paths(document) == {
        "PLAN": [["PP-6.5", "PP-6"], ["PP-1.1", "PP-1"]],
        "ORD": [["ORD-2.3", "ORD-2"]],
        "SDG": [["SDG-8.3", "SDG-8"], ["SDG-8.10", "SDG-8"]],
    }
    first = document["frameworks"][0]["paths"][0][0]
    assert first == {
        "id": "PP-6.5",
        "framework": "PLAN",
        "level": "action",
        "title": "商店街などを拠点に、起業家の輩出や育成を支える基盤づくりを進める。",
        "title_en": "Build foundations for fostering entrepreneurs, based in shopping streets.",
    }
    assert [(g["id"], g["color"], g["direct"]) for g in document["sdgs"]] == [
        ("SDG-8", "#A21942", False)
    ]
    assert [t["id"] for t in document["sdgs"][0]["targets"]] == ["SDG-8.3", "SDG-8.10"]
    assert document["depends_on"] == []
    assert [m["id"] for m in document["depended_on_by"]] == ["KIDS-01"]
    assert document["unknown"] == {"supports": [], "depends_on": []}


def test_measure_depending_on_another():
    document = _trace_json("KIDS-01", CLEAN)
    assert _paths(document) == {
        "PLAN": [["PP-1.1", "PP-1"], ["PP-6.5", "PP-6"]],
        "SDG": [["SDG-4.7", "SDG-4"]],
    }
    assert [(g["id"], g["color"]) for g in document["sdgs"]] == [("SDG-4", "#C5192D")]
    assert [m["id"] for m in document["depends_on"]] == ["ECON-01"]
    assert document["depended_on_by"] == []


def test_measure_in_the_bundled_sample_reaches_the_ordinance():
    document = _trace_json("ECON-01", ROOT / "data" / "measures")
    assert ["ORD-1.2", "ORD-1"] in _paths(document)["ORD"]
    assert _paths(document)["PLAN"] == [["VIS-6"]]


def test_unknown_links_of_a_measure_are_listed():
    document = _trace_json(
        "REF-01", DRAFTS / "unknown-reference", "--config", DRAFTS / "seta-align.yaml"
    )
    assert document["unknown"] == {"supports": ["SDG-8.31"], "depends_on": ["ECON-10"]}
    assert _paths(document) == {"PLAN": [["PP-6.5", "PP-6"]], "ORD": [["ORD-2.3", "ORD-2"]]}


def test_measure_as_tables_and_trees():
    result = run_cli("trace", "ECON-01", CLEAN, "--lang", "ja")
    assert result.exit_code == 0
    text = result.stdout
    assert "ECON-01 → PP-6.5 → PP-6" in text
    assert "ECON-01 → ORD-2.3 → ORD-2" in text
    assert "ECON-01 → SDG-8.10 → SDG-8" in text
    assert "商店街などを拠点に、起業家の輩出や育成を支える基盤づくりを進める。" in text
    assert "この施策を前提とする施策" in text and "KIDS-01" in text
    english = run_cli("trace", "ECON-01", CLEAN, "--lang", "en").stdout
    assert "Measures that depend on it" in english
    assert "Build foundations for fostering entrepreneurs" in english


def test_node_measures_through_descendants_grouped_by_owner_and_field():
    document = _trace_json("PP-6", CLEAN)
    assert document["kind"] == "node"
    assert document["node"]["parent"] is None
    assert document["ancestors"] == []
    assert [(m["id"], m["direct"], m["via"]) for m in document["measures"]] == [
        ("ECON-01", False, ["PP-6.5"]),
        ("KIDS-01", False, ["PP-6.5"]),
    ]
    assert document["by_owner"] == [
        {"owner": "子ども・若者部", "measures": ["KIDS-01"]},
        {"owner": "経済産業部", "measures": ["ECON-01"]},
    ]
    assert [(f["field"], f["title"], f["measures"]) for f in document["by_field"]] == [
        ("LIFE", "区民生活", ["KIDS-01"]),
        ("ECON", "地域経済", ["ECON-01"]),
    ]
    assert document["relations"] == []


def test_node_ancestors_and_relations_both_ways():
    action = _trace_json("PP-6.5", CLEAN)
    assert [a["id"] for a in action["ancestors"]] == ["PP-6"]
    assert [(m["id"], m["direct"]) for m in action["measures"]] == [
        ("ECON-01", True),
        ("KIDS-01", True),
    ]
    assert action["relations"] == [
        {
            "direction": "outgoing",
            "type": "corresponds",
            "note": "起業家の輩出・育成と起業の促進",
            "node": {
                "id": "ORD-2",
                "framework": "ORD",
                "level": "basic_policy",
                "title": "誰もが自己の個性及び能力を発揮することができる働きやすい環境を整備し、"
                "起業の促進及び多様な働き方の実現を図る",
                "title_en": "Promote entrepreneurship and diverse ways of working",
            },
        }
    ]
    policy = _trace_json("ORD-2", CLEAN)
    assert [(r["direction"], r["node"]["id"]) for r in policy["relations"]] == [
        ("incoming", "PP-6.5")
    ]
    assert [(m["id"], m["via"]) for m in policy["measures"]] == [("ECON-01", ["ORD-2.3"])]


def test_node_nobody_serves():
    args = (DRAFTS / "uncovered", "--config", DRAFTS / "seta-align.yaml")
    empty = _trace_json("PP-1", *args)
    assert empty["measures"] == [] and empty["by_owner"] == [] and empty["by_field"] == []
    result = run_cli("trace", "PP-1", *args, "--lang", "en")
    assert result.exit_code == 0
    assert "No measure serves this node or any of its descendants." in result.stdout


def test_node_as_tables():
    result = run_cli("trace", "PP-6.5", CLEAN, "--lang", "ja")
    assert result.exit_code == 0
    text = result.stdout
    assert "上位のノード" in text and "PP-6" in text
    assert "貢献する施策: 2（直接 2、下位経由 0）" in text
    assert "所管ごと" in text and "経済産業部" in text
    assert "分野ごと" in text and "LIFE 区民生活" in text
    (relation,) = [line for line in text.splitlines() if "ORD-2 " in line and "→" in line]
    assert relation.split()[:2] == ["→", "ORD-2"] and "corresponds" in relation
    english = run_cli("trace", "PP-6", CLEAN, "--lang", "en").stdout
    assert "2 (0 direct, 2 through descendants)" in english


def test_full_width_id_is_normalised_and_said_so():
    result = run_cli("trace", "ＰＰ－６", CLEAN, "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert (document["query"], document["id"], document["kind"]) == ("ＰＰ－６", "PP-6", "node")
    assert "Reading 'ＰＰ－６' as PP-6" in result.stderr
    japanese = run_cli("trace", "ｅｃｏｎ－０１", CLEAN)
    assert japanese.exit_code == 0
    assert "「ｅｃｏｎ－０１」を ECON-01 として扱います" in japanese.stderr
    assert "ECON-01 → PP-6.5 → PP-6" in japanese.stdout


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "'ECON-1' is neither a framework node nor a measure. Did you mean ECON-01?"),
        ("ja", "ID「ECON-1」はフレームワークにも施策にもありません。 もしかして ECON-01 ですか？"),
    ],
)
def test_unknown_id_is_an_input_error_with_a_suggestion(lang, expected):
    result = run_cli("trace", "ECON-1", CLEAN, "--lang", lang)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Traceback" not in result.output


def test_unknown_id_without_a_close_match_points_at_the_list():
    result = run_cli("trace", "NOPE-42", CLEAN, "--format", "json", "--lang", "en")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "seta-align check --show coverage" in result.stderr


def test_unreadable_input_is_reported_not_traced():
    result = run_cli("trace", "ECON-01", CLEAN, DRAFTS / "syntax")
    assert result.exit_code == 2
    assert "tests/fixtures/drafts/syntax" in result.stdout
    assert "Traceback" not in result.output
    as_json = run_cli("trace", "ECON-01", DRAFTS / "syntax", "--format", "json")
    assert as_json.exit_code == 2
    assert as_json.stdout == ""  # the problems go to stderr, never into the JSON stream
    missing = run_cli("trace", "ECON-01", DRAFTS / "nowhere")
    assert missing.exit_code == 2


def test_help_documents_the_json_document():
    result = run_cli("trace", "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Usage" in result.stdout and "depended_on_by" in result.stdout


def test_an_empty_list_says_so_on_the_terminal():
    """ECON-01 of the clean draft depends on nothing: the title and （該当なし）, not a bare
    header that reads as a mistake."""
    lines = run_cli("trace", "ECON-01", CLEAN, "--lang", "ja").stdout.splitlines()
    at = lines.index("前提とする施策（depends_on）")
    assert lines[at + 1] == "（該当なし）"
    assert "この施策を前提とする施策" in lines[at + 2]


def test_trace_in_every_file_format(tmp_path):
    """PP-6.5 of the clean draft, worked out by hand from tests/fixtures/drafts/clean: served
    directly by ECON-01 (経済産業部, ECON) and KIDS-01 (子ども・若者部, LIFE); under PP-6;
    one relation, → ORD-2 (corresponds)."""
    from openpyxl import load_workbook

    def written(suffix: str) -> Path:
        target = tmp_path / f"pp65{suffix}"
        result = run_cli("trace", "PP-6.5", CLEAN, "-o", target, "--lang", "ja")
        assert result.exit_code == 0, result.output
        return target

    markdown = written(".md").read_text(encoding="utf-8")
    assert "| `ECON-01` | 商店街を拠点とした起業家育成 | 経済産業部 | `ECON` | 直接 |" in markdown
    assert "| 重点政策 | `PP-6` | 安全で魅力的な街づくりと産業連携による新たな価値の創出 |" in markdown
    assert "| → | `ORD-2` |" in markdown and "| `corresponds` | 起業家の輩出・育成と起業の促進 |" in markdown
    rows = written(".csv").read_bytes().decode("utf-8-sig").splitlines()
    assert rows == [
        "ID,名称,所管,分野,経由",
        "ECON-01,商店街を拠点とした起業家育成,経済産業部,ECON,直接",
        "KIDS-01,子ども・若者の起業体験と意見表明の場,子ども・若者部,LIFE,直接",
    ]
    book = load_workbook(written(".xlsx"))
    owners = book[next(name for name in book.sheetnames if name.startswith("所管ごと"))]
    assert [row[:3] for row in owners.iter_rows(min_row=3, values_only=True)][:2] == [
        ("子ども・若者部", 1, "KIDS-01"),
        ("経済産業部", 1, "ECON-01"),
    ]
    page = written(".html").read_text(encoding="utf-8")
    assert 'data-table="measures"' in page and 'data-id="KIDS-01"' in page
    again = run_cli("trace", "PP-6.5", CLEAN, "-o", tmp_path / "pp65.md")
    assert again.exit_code == 2 and "--force" in again.stderr


def test_a_measure_path_keeps_its_route_on_every_row_of_a_spreadsheet(tmp_path):
    """A reader sees the route once over its nodes; a spreadsheet row says its route, so that
    the rows can be sorted and filtered."""
    from openpyxl import load_workbook

    target = tmp_path / "econ.xlsx"
    assert run_cli("trace", "ECON-01", CLEAN, "-o", target, "--lang", "ja").exit_code == 0
    sheet = load_workbook(target).worksheets[0]
    rows = [row[:3] for row in sheet.iter_rows(min_row=3, values_only=True) if row[2]]
    assert rows[:2] == [
        ("PLAN", "ECON-01 → PP-6.5 → PP-6", "PP-6.5"),
        ("PLAN", "ECON-01 → PP-6.5 → PP-6", "PP-6"),
    ]
