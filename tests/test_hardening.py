"""Inputs that once crashed, hung or misled the checker, each kept as a test."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import CLEAN, CONFIGS, DRAFTS, FIXTURES, check_json, codes, findings_of, run_cli

CUSTOM_FRAMEWORK = FIXTURES / "framework" / "custom.yaml"
CUSTOM_DRAFT = FIXTURES / "drafts-custom"


def _measure(tmp_path, body: str, name: str = "m.yaml"):
    (tmp_path / name).write_text(body, encoding="utf-8")
    return tmp_path


def _check(tmp_path, *extra):
    return check_json(CLEAN, tmp_path, "--config", DRAFTS / "seta-align.yaml", *extra)


def test_explicit_tag_with_a_bad_value_is_a_schema_error(tmp_path):
    _measure(
        tmp_path,
        "id: T-1\ntitle: t\nowner: o\nfield: ECON\nsupports: [PP-6.5]\n"
        "period: {start: !!int abc, end: 2031}\n",
    )
    exit_code, document = _check(tmp_path)
    assert exit_code == 2
    assert any(
        "does not match its tag" in f["messages"]["en"] for f in findings_of(document, "SA003")
    )


def test_named_pipe_is_reported_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "seta_align",
            "check",
            str(CLEAN),
            str(tmp_path),
            "--config",
            str(DRAFTS / "seta-align.yaml"),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "not a regular file" in result.stdout


def test_symlink_loops_end(tmp_path):
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "back").symlink_to("..")
    exit_code, document = _check(tmp_path)
    assert exit_code == 2
    assert [f["file"].rsplit("/", 1)[-1] for f in findings_of(document, "SA001")] == ["loop.yaml"]


def test_links_out_of_the_tree_are_not_followed(tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "bad.yaml").write_text("{{{", encoding="utf-8")
    (tree / "up").symlink_to(tmp_path)
    (tree / "ok.yaml").write_text(
        "id: OK-1\ntitle: t\nowner: o\nfield: ECON\nsupports: [PP-6.5]\n"
        "kpis: [{name: n, unit: u, target: {year: 2030, value: 1}}]\n",
        encoding="utf-8",
    )
    exit_code, document = _check(tree)
    assert exit_code == 0, document["findings"]


def test_square_brackets_in_framework_text_are_shown_as_text():
    result = run_cli("check", CUSTOM_DRAFT, "--framework", CUSTOM_FRAMEWORK, "--show", "all")
    assert result.exit_code == 0, result.output
    assert "[/x] 暮らし" in result.stdout
    assert "架空市 総合計画 [/]" in result.stdout


def test_own_framework_works_without_the_bundled_defaults():
    # No PLAN, ORD or PLAN.priority_policy here: the defaults that name them do not apply.
    exit_code, document = check_json(CUSTOM_DRAFT, "--framework", CUSTOM_FRAMEWORK)
    assert exit_code == 0, document["findings"]
    assert document["findings"] == []


def test_nodes_of_every_field_are_left_out_of_the_matrix():
    _, document = check_json(CUSTOM_DRAFT, "--framework", CUSTOM_FRAMEWORK)
    matrix = {
        (c["measure_field"], c["node_field"]): c["links"] for c in document["cross_field"]["matrix"]
    }
    assert matrix == {("A", "A"): 1, ("B", "B"): 1}
    assert document["cross_field"]["measures"] == []


def test_unserved_priority_policy_is_reported_when_uncovered_rule_is_off(tmp_path):
    config = tmp_path / "seta-align.yaml"
    config.write_text(
        f"framework: {FIXTURES / 'framework' / 'mini.yaml'}\nrules: {{SA201: off}}\n",
        encoding="utf-8",
    )
    _, document = check_json(DRAFTS / "uncovered", "--config", config)
    flagged = {f["node"]: f for f in findings_of(document, "SA301")}
    assert set(flagged) == {"PP-1", "PP-6"}


def test_union_errors_in_the_config_are_one_clear_finding(tmp_path):
    config = tmp_path / "seta-align.yaml"
    config.write_text(
        "rules: {SA401: warn}\nfail_on: off\ncoverage: {SDG.goal: {mni: 3}}\n"
        "required_frameworks: [[]]\n",
        encoding="utf-8",
    )
    exit_code, document = check_json(CLEAN, "--config", config)
    assert exit_code == 2
    # The check goes on without these entries (one slip never hides the other findings).
    problems = findings_of(document, "SA003")
    messages = {f["line"]: f["messages"]["en"] for f in problems}
    assert len(problems) == 4
    assert "'warn' is not allowed. Expected: 'error', 'warning', 'info', 'off'" in messages[1]
    assert "off is not allowed" in messages[2]
    assert "Did you mean 'min'?" in messages[3]
    assert not any("literal[" in m for m in messages.values())


def test_measure_named_like_a_framework_node_does_not_hide_the_node(tmp_path):
    _measure(
        tmp_path,
        "- id: PP-6.5\n  title: t\n  owner: o\n  field: ECON\n"
        "  supports: [PP-1.1]\n"
        "  kpis: [{name: n, unit: u, target: {year: 2030, value: 1}}]\n",
    )
    _, document = _check(tmp_path)
    (finding,) = findings_of(document, "SA101")
    assert "framework node id" in finding["messages"]["en"]
    nodes = {n["id"]: n for n in document["coverage"]["nodes"]}
    assert nodes["PP-6.5"]["direct"] == ["ECON-01", "KIDS-01"]


def test_empty_supports_is_an_orphan_not_a_schema_error(tmp_path):
    _measure(
        tmp_path,
        "id: E-1\ntitle: t\nowner: o\nfield: ECON\nsupports:\n"
        "kpis: [{name: n, unit: u, target: {year: 2030, value: 1}}]\n",
    )
    exit_code, document = _check(tmp_path)
    assert codes(document) == ["SA103"]
    assert exit_code == 1


def test_a_waiver_twice_is_reported(tmp_path):
    config = tmp_path / "seta-align.yaml"
    config.write_text(
        f"framework: {FIXTURES / 'framework' / 'mini.yaml'}\nwaivers:\n"
        "  - {node: SDG-4, reason: 一つ目}\n  - {node: SDG-4, reason: 二つ目}\n",
        encoding="utf-8",
    )
    _, document = check_json(DRAFTS / "uncovered", "--config", config)
    (finding,) = findings_of(document, "SA203")
    assert "twice" in finding["messages"]["en"]
    nodes = {n["id"]: n for n in document["coverage"]["nodes"]}
    assert nodes["SDG-4"]["waived"] == "一つ目"


def test_framework_path_with_a_nul_byte_is_an_input_error(tmp_path):
    config = tmp_path / "seta-align.yaml"
    config.write_text('framework: "a\\0b"\n', encoding="utf-8")
    exit_code, _ = check_json(CLEAN, "--config", config)
    assert exit_code == 2


def test_config_given_as_a_folder_is_an_input_error(tmp_path):
    exit_code, document = check_json(CLEAN, "--config", tmp_path)
    assert exit_code == 2
    assert "directory" in document["findings"][0]["messages"]["en"]


def test_threshold_config_is_still_valid(tmp_path):
    exit_code, _ = check_json(CLEAN, "--config", CONFIGS / "threshold.yaml")
    assert exit_code == 0


def test_thousands_of_digits_are_a_clear_error(tmp_path):
    _measure(
        tmp_path,
        "id: D-1\ntitle: t\nowner: o\nfield: ECON\nsupports: [PP-6.5]\n"
        f"kpis: [{{name: n, unit: u, target: {{year: 2030, value: {'9' * 5000}}}}}]\n",
    )
    exit_code, document = _check(tmp_path)
    assert exit_code == 2
    (finding,) = [f for f in document["findings"] if f["input_problem"]]
    assert "5,000 digits" in finding["messages"]["en"]
    assert len(finding["messages"]["en"]) < 200


def test_nan_and_infinity_are_not_indicator_values(tmp_path):
    _measure(
        tmp_path,
        "id: N-1\ntitle: t\nowner: o\nfield: ECON\nsupports: [PP-6.5]\n"
        "kpis: [{name: n, unit: u, baseline: {year: 2022, value: .nan},"
        " target: {year: 2030, value: .inf}}]\n",
    )
    exit_code, document = _check(tmp_path)
    assert exit_code == 2
    assert len(findings_of(document, "SA003")) == 2


def test_small_alias_bomb_is_refused(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level, name in enumerate("bcdefghi"):
        previous = "abcdefghi"[level]
        lines.append(f"{name}: &{name} [{','.join([f'*{previous}'] * 9)}]")
    _measure(tmp_path, "\n".join(lines) + "\n")
    exit_code, document = _check(tmp_path)
    assert exit_code == 2
    assert findings_of(document, "SA001")
