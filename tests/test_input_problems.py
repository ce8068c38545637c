"""Unreadable and invalid files: a located, bilingual error, exit code 2, never a traceback."""

from __future__ import annotations

import pytest

from conftest import CLEAN, DRAFTS, check_json, codes, findings_of, run_cli


def _by_file(document: dict, code: str) -> dict[str, dict]:
    return {f["file"].rsplit("/", 1)[-1]: f for f in findings_of(document, code)}


def test_syntax_errors_are_located_and_explained():
    exit_code, document = check_json(CLEAN, DRAFTS / "syntax")
    assert exit_code == 2
    found = _by_file(document, "SA001")
    assert set(found) == {
        "tab.yaml",
        "unclosed-quote.yaml",
        "unclosed-bracket.yaml",
        "shift-jis.yaml",
    }
    assert found["tab.yaml"]["line"] == 3
    assert "タブ" in found["tab.yaml"]["messages"]["ja"]
    # Unclosed quote and bracket point where they were opened, not at the end of the file.
    assert found["unclosed-quote.yaml"]["line"] == 2
    assert found["unclosed-bracket.yaml"]["line"] == 5
    assert "Shift_JIS" in found["shift-jis.yaml"]["messages"]["en"]
    assert "UTF-8" in found["shift-jis.yaml"]["hint"]
    for finding in found.values():
        assert finding["input_problem"] is True
        assert finding["messages"]["ja"] and finding["messages"]["en"]


def test_whole_draft_rules_are_skipped_while_files_are_unreadable():
    _, document = check_json(CLEAN, DRAFTS / "syntax")
    assert "SA201" not in codes(document)
    assert "SA201" in document["skipped_rules"]


def test_duplicate_key_is_an_input_error():
    exit_code, document = check_json(CLEAN, DRAFTS / "duplicate-key")
    assert exit_code == 2
    (finding,) = findings_of(document, "SA002")
    assert (finding["line"], finding["column"]) == (6, 3)
    assert "first on line 5" in finding["messages"]["en"]


def test_duplicate_key_quiet_on_clean_draft():
    _, document = check_json(CLEAN)
    assert "SA002" not in codes(document)


def test_schema_errors():
    exit_code, document = check_json(CLEAN, DRAFTS / "schema")
    assert exit_code == 2
    found = _by_file(document, "SA003")
    assert "'title' is missing" in found["missing-title.yaml"]["messages"]["en"]
    unknown = found["unknown-key.yaml"]
    assert "Did you mean 'supports'?" in unknown["messages"]["en"]
    assert (unknown["line"], unknown["column"]) == (5, 3)
    wrong = found["wrong-type.yaml"]
    assert "kpis[0].target.value" in wrong["messages"]["en"]
    assert "number" in wrong["messages"]["en"]
    assert wrong["line"] == 9
    quoted = found["float-id.yaml"]
    assert "SDG-8.10" in quoted["hint"]
    assert "8.1" in quoted["messages"]["en"]
    assert (quoted["line"], quoted["column"]) == (5, 22)
    assert "top level" in found["scalar-top.yaml"]["messages"]["en"]


def test_rich_output_shows_the_offending_line_and_the_fix():
    result = run_cli("check", CLEAN, DRAFTS / "schema", "--lang", "ja", "--show", "findings")
    assert result.exit_code == 2
    assert "suports: [PP-6.5]" in result.stdout
    assert "「supports」の誤りではありませんか" in result.stdout
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", None),
        (b"# only a comment\n", None),
        (
            b"\xef\xbb\xbf- id: BOM-01\r\n  title: BOM\r\n  owner: a\r\n  field: ECON\r\n"
            b"  supports: [PP-6.5]\r\n  kpis: [{name: n, unit: u, target: {year: 2030, value: 1}}]\r\n",
            None,
        ),
        (b"\x00\x01\x02binary", "SA001"),
        (b"a: &a [1]\nb: *a\n", "SA003"),
        (b"!!python/object/apply:os.system ['echo hacked']\n", "SA003"),
    ],
    ids=["empty", "comment-only", "bom-crlf", "binary", "alias-mapping", "python-tag"],
)
def test_odd_files(tmp_path, content, expected):
    (tmp_path / "odd.yaml").write_bytes(content)
    exit_code, document = check_json(CLEAN, tmp_path, "--config", DRAFTS / "seta-align.yaml")
    problems = [f["code"] for f in document["findings"] if f["input_problem"]]
    if expected is None:
        assert problems == []
        assert exit_code == 0
    else:
        assert expected in problems
        assert exit_code == 2


def test_alias_bomb_is_bounded(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 12):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 10)}]")
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    exit_code, document = check_json(CLEAN, tmp_path, "--config", DRAFTS / "seta-align.yaml")
    assert exit_code == 2
    assert any("alias" in f["messages"]["en"].lower() for f in findings_of(document, "SA001"))


def test_deep_nesting_is_bounded(tmp_path):
    (tmp_path / "deep.yaml").write_text("[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    exit_code, document = check_json(CLEAN, tmp_path, "--config", DRAFTS / "seta-align.yaml")
    assert exit_code == 2
    assert findings_of(document, "SA001")


def test_missing_path_is_a_usage_error(tmp_path):
    result = run_cli("check", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "見つかりません" in result.output
    exit_code, document = check_json(tmp_path / "nowhere")
    assert exit_code == 2
    assert document["findings"][0]["code"] == "SA001"


def test_folder_without_measure_files_is_an_input_error(tmp_path):
    exit_code, document = check_json(tmp_path)
    assert exit_code == 2
    assert "No measure files" in document["findings"][0]["messages"]["en"]
    # Also when another folder given has measures: a mistyped second path must not pass.
    exit_code, document = check_json(CLEAN, tmp_path)
    assert exit_code == 2
    assert str(tmp_path) in document["findings"][0]["messages"]["en"]


def test_backup_and_lock_files_are_skipped(tmp_path):
    for name in ("m.yaml~", ".#m.yaml", ".~lock.m.yaml#"):
        (tmp_path / name).write_text("{{{ broken", encoding="utf-8")
    (tmp_path / "m.yaml").write_text(
        (CLEAN / "kodomo.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "m.yaml").write_text(
        (tmp_path / "m.yaml").read_text(encoding="utf-8").replace("KIDS-01", "KIDS-02"),
        encoding="utf-8",
    )
    exit_code, document = check_json(CLEAN, tmp_path, "--config", DRAFTS / "seta-align.yaml")
    assert exit_code == 0, document["findings"]


def test_a_folder_given_twice_or_inside_another_is_read_once(tmp_path):
    once = run_cli("check", CLEAN, "--format", "json", "--no-cache")
    for args in ([CLEAN, CLEAN], [CLEAN, CLEAN / "keizai.yaml"], [DRAFTS / "clean", CLEAN]):
        twice = run_cli("check", *args, "--format", "json", "--no-cache")
        assert (twice.exit_code, twice.stdout) == (once.exit_code, once.stdout)
