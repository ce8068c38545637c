"""The config file: thresholds, waivers, rule severities, and its own errors."""

from __future__ import annotations

from conftest import CLEAN, CONFIGS, DRAFTS, FIXTURES, check_json, codes, findings_of


def test_threshold_fires_below_minimum_and_is_located_in_the_config():
    exit_code, document = check_json(DRAFTS / "uncovered", "--config", CONFIGS / "threshold.yaml")
    (finding,) = findings_of(document, "SA202")
    assert finding["file"].endswith("configs/threshold.yaml")
    assert finding["line"] == 4
    assert "SDG.target" in finding["messages"]["en"]
    # PLAN.priority_policy: 1 of 2 covered = 50%, which meets the minimum of 50.
    assert "PLAN.priority_policy" not in finding["messages"]["en"]
    levels = {level["key"]: level for level in document["coverage"]["levels"]}
    assert levels["SDG.target"]["minimum"] == 100
    assert exit_code == 0


def test_threshold_quiet_when_met():
    _, document = check_json(CLEAN, "--config", CONFIGS / "threshold.yaml")
    assert "SA202" not in codes(document)


def test_waived_nodes_are_shown_not_warned():
    _, document = check_json(DRAFTS / "uncovered", "--config", CONFIGS / "waivers.yaml")
    assert findings_of(document, "SA201") == []
    # A waived priority policy is not asked to be cross-field either.
    assert {f["node"] for f in findings_of(document, "SA301")} == {"PP-6"}
    nodes = {node["id"]: node for node in document["coverage"]["nodes"]}
    assert nodes["PP-1"]["waived"] == "この草案は経済分野のみを対象とする"
    assert nodes["PP-1.1"]["waived"] == "この草案は経済分野のみを対象とする"
    levels = {level["key"]: level for level in document["coverage"]["levels"]}
    # 1 of 2 priority policies covered, 1 waived: 1/1 counted.
    assert (
        levels["PLAN.priority_policy"]["waived"],
        levels["PLAN.priority_policy"]["percent"],
    ) == (1, 100.0)


def test_invalid_waivers_are_reported():
    _, document = check_json(DRAFTS / "uncovered", "--config", CONFIGS / "bad-waivers.yaml")
    found = {f["node"]: f for f in findings_of(document, "SA203")}
    assert set(found) == {"PP-9", "PP-6"}
    assert "UNC-01" in found["PP-6"]["messages"]["en"]
    assert found["PP-9"]["file"].endswith("bad-waivers.yaml")


def test_rule_severity_and_disable_and_fail_on_from_config():
    exit_code, document = check_json(CLEAN, DRAFTS / "kpi", "--config", CONFIGS / "rules.yaml")
    assert "SA401" not in codes(document)
    assert {f["severity"] for f in findings_of(document, "SA402")} == {"error"}
    assert exit_code == 1


def test_fail_on_option_overrides():
    exit_code, _ = check_json(CLEAN, DRAFTS / "kpi", "--fail-on", "warning")
    assert exit_code == 1
    exit_code, _ = check_json(CLEAN, DRAFTS / "cycle", "--fail-on", "never")
    assert exit_code == 0
    exit_code, _ = check_json(CLEAN, DRAFTS / "redundant", "--fail-on", "info")
    assert exit_code == 1


def test_cross_field_minimum_from_config():
    _, document = check_json(CLEAN, "--config", CONFIGS / "cross-field-3.yaml")
    assert {f["node"] for f in findings_of(document, "SA301")} == {"PP-1", "PP-6"}


def test_config_naming_unknown_rules_and_levels_is_an_input_error():
    exit_code, document = check_json(CLEAN, "--config", CONFIGS / "invalid.yaml")
    assert exit_code == 2
    messages = " ".join(f["messages"]["en"] for f in document["findings"])
    assert "SA999" in messages
    assert "PLAN.nothing" in messages
    assert all(f["file"].endswith("invalid.yaml") for f in document["findings"])


def test_unknown_config_key_is_an_input_error():
    exit_code, document = check_json(CLEAN, "--config", CONFIGS / "unknown-key.yaml")
    assert exit_code == 2
    (finding,) = document["findings"]
    assert finding["code"] == "SA003"
    assert "thresholds" in finding["messages"]["en"]
    assert finding["line"] == 2


def test_broken_framework_is_an_input_error():
    exit_code, document = check_json(CLEAN, "--framework", FIXTURES / "framework" / "broken.yaml")
    assert exit_code == 2
    messages = [f["messages"]["en"] for f in document["findings"]]
    assert any("Duplicate id 'PP-1'" in m for m in messages)
    assert any("Field 'ECON'" in m for m in messages)
    assert any("PP-7" in m for m in messages)
    assert all(f["line"] for f in document["findings"])


def test_config_is_found_above_the_measures():
    # drafts/seta-align.yaml points at the small framework: found from drafts/clean.
    _, document = check_json(CLEAN)
    assert document["config"].endswith("drafts/seta-align.yaml")
    assert document["framework"]["file"].endswith("framework/mini.yaml")
