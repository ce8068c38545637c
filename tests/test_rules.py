"""Every rule fires on its bad fixture and stays quiet on the clean draft."""

from __future__ import annotations

import pytest

from conftest import CLEAN, DRAFTS, check_json, codes, findings_of


def test_clean_draft_has_no_findings():
    exit_code, document = check_json(CLEAN)
    assert exit_code == 0
    assert document["findings"] == []


@pytest.mark.parametrize(
    ("case", "code", "count", "exit_code"),
    [
        ("duplicate-id", "SA101", 1, 1),
        ("unknown-reference", "SA102", 3, 1),
        ("orphan", "SA103", 1, 1),
        ("required-framework", "SA104", 1, 0),
        ("kpi", "SA401", 1, 0),
        ("kpi", "SA402", 3, 0),
        ("redundant", "SA501", 1, 0),
        ("cycle", "SA502", 2, 1),
    ],
)
def test_rule_fires_on_bad_case(case, code, count, exit_code):
    actual_exit, document = check_json(CLEAN, DRAFTS / case)
    assert len(findings_of(document, code)) == count, document["findings"]
    assert actual_exit == exit_code
    # Only the planted problem: the rest of the draft is clean.
    assert set(codes(document)) <= {code, "SA401", "SA402"}


@pytest.mark.parametrize(
    "code",
    [
        "SA101",
        "SA102",
        "SA103",
        "SA104",
        "SA201",
        "SA202",
        "SA203",
        "SA301",
        "SA401",
        "SA402",
        "SA501",
        "SA502",
    ],
)
def test_rule_quiet_on_clean_draft(code):
    _, document = check_json(CLEAN)
    assert code not in codes(document)


def test_duplicate_id_names_the_first_place():
    _, document = check_json(CLEAN, DRAFTS / "duplicate-id")
    (finding,) = findings_of(document, "SA101")
    assert finding["file"].endswith("duplicate-id/other.yaml")
    assert finding["line"] == 1
    assert "keizai.yaml:1" in finding["messages"]["en"]
    assert finding["messages"]["ja"] != finding["messages"]["en"]


def test_unknown_reference_suggests_the_right_id_and_points_at_the_item():
    _, document = check_json(CLEAN, DRAFTS / "unknown-reference")
    by_message = {f["messages"]["en"]: f for f in findings_of(document, "SA102")}
    sdg = next(f for m, f in by_message.items() if "SDG-8.31" in m)
    assert "Did you mean 'SDG-8.3'?" in sdg["messages"]["en"]
    assert "「SDG-8.3」の誤りではありませんか" in sdg["messages"]["ja"]
    assert (sdg["line"], sdg["column"]) == (5, 22)
    assert any("ECONOMY" in m for m in by_message)
    depends = next(f for m, f in by_message.items() if "depends_on" in m)
    assert "ECON-01" in depends["messages"]["en"]


def test_supports_naming_a_measure_is_explained(tmp_path):
    draft = tmp_path / "draft"
    draft.mkdir()
    (draft / "m.yaml").write_text(
        "id: LINK-01\ntitle: 施策を supports に書いた施策\nowner: 経済産業部\nfield: ECON\n"
        "supports: [PP-6.5, ECON-01]\nkpis: [{name: 件数, unit: 件, target: {year: 2030, value: 1}}]\n",
        encoding="utf-8",
    )
    _, document = check_json(CLEAN, draft, "--config", DRAFTS / "seta-align.yaml")
    (finding,) = findings_of(document, "SA102")
    assert "is a measure" in finding["messages"]["en"]


def test_orphan_also_fires_when_every_link_is_unknown(tmp_path):
    (tmp_path / "m.yaml").write_text(
        "id: ORPH-02\ntitle: 不明な ID だけ\nowner: 経済産業部\nfield: ECON\nsupports: [PP-99]\n"
        "kpis: [{name: 件数, unit: 件, target: {year: 2030, value: 1}}]\n",
        encoding="utf-8",
    )
    _, document = check_json(CLEAN, tmp_path, "--config", DRAFTS / "seta-align.yaml")
    assert "SA102" in codes(document)
    assert "SA103" in codes(document)


def test_uncovered_reports_highest_uncovered_node_only():
    exit_code, document = check_json(DRAFTS / "uncovered")
    uncovered = {f["node"] for f in findings_of(document, "SA201")}
    # PP-1 is uncovered with its action PP-1.1: only PP-1 is reported. SDG targets do not warn
    # (warn_uncovered: false in the framework), SDG-4 does.
    assert uncovered == {"PP-1", "SDG-4"}
    assert exit_code == 0
    finding = findings_of(document, "SA201")[0]
    assert finding["file"].endswith("framework/mini.yaml")
    assert finding["line"] is not None


def test_uncovered_levels_are_still_counted():
    _, document = check_json(DRAFTS / "uncovered")
    levels = {level["key"]: level for level in document["coverage"]["levels"]}
    assert (levels["SDG.target"]["covered"], levels["SDG.target"]["total"]) == (1, 3)
    assert (levels["PLAN.action"]["covered"], levels["PLAN.action"]["total"]) == (1, 2)
    assert levels["PLAN.action"]["percent"] == 50.0


def test_cross_field_fires_when_one_field_serves_a_priority_policy():
    _, document = check_json(DRAFTS / "uncovered")
    flagged = {f["node"] for f in findings_of(document, "SA301")}
    # PP-6 is served by ECON only. PP-1 is served by no one: that is SA201's finding, not SA301's.
    assert flagged == {"PP-6"}
    assert "PP-1" in {f["node"] for f in findings_of(document, "SA201")}
    nodes = {n["id"]: n for n in document["cross_field"]["nodes"]}
    assert nodes["PP-6"]["fields"] == ["ECON"]
    assert nodes["PP-1"]["fields"] == []


def test_cross_field_matrix_and_measures_on_clean_draft():
    _, document = check_json(CLEAN)
    matrix = {
        (c["measure_field"], c["node_field"]): c["links"] for c in document["cross_field"]["matrix"]
    }
    # ECON-01 links PP-6.5 and ORD-2.3 (ECON) and PP-1.1 (LIFE); KIDS-01 links PP-1.1 (LIFE) and
    # PP-6.5 (ECON). SDG nodes belong to no field and are not counted.
    assert matrix == {
        ("ECON", "ECON"): 2,
        ("ECON", "LIFE"): 1,
        ("LIFE", "LIFE"): 1,
        ("LIFE", "ECON"): 1,
    }
    measures = {m["id"]: m["fields"] for m in document["cross_field"]["measures"]}
    assert measures == {"ECON-01": ["ECON", "LIFE"], "KIDS-01": ["LIFE", "ECON"]}


def test_kpi_year_findings_point_at_the_year():
    _, document = check_json(CLEAN, DRAFTS / "kpi")
    lines = sorted(f["line"] for f in findings_of(document, "SA402"))
    assert lines == [11, 15, 16]
    (missing,) = findings_of(document, "SA401")
    assert missing["measure"] == "KPI-01"


def test_cycle_findings_name_the_cycle():
    _, document = check_json(CLEAN, DRAFTS / "cycle")
    messages = sorted(f["messages"]["en"] for f in findings_of(document, "SA502"))
    assert "CYC-01 → CYC-02 → CYC-01" in messages[0]
    assert "CYC-03 → CYC-03" in messages[1]
