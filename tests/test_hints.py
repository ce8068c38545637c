"""The commonest mistakes get read or get a hint, and ids follow one rule: case-insensitive.

Each both ways: the variant is read as what it means (SA004: listed under read_as_meant in
the JSON, one summary line under -v) and counts; a plain
unknown stays an error with a did-you-mean; the clean spelling says nothing.
"""

from __future__ import annotations

from conftest import FIXTURES, check_json, run_cli

HINTS = FIXTURES / "hints"


def _by_code(document: dict, code: str) -> list[dict]:
    return [f for f in document["findings"] if f["code"] == code]


def test_variants_are_read_as_what_they_mean():
    _code, document = check_json(HINTS / "case.yaml", "--lang", "en")
    notes = {(f["line"], f["message"]) for f in document["read_as_meant"]}
    assert (4, "Read the field '地域経済' as ECON (fields are written by their id).") in notes
    assert (14, "Read the field 'Residents' life' as LIFE (fields are written by their id).") in notes
    assert (5, "Read 'sdg-8.3' as SDG-8.3 (ids are not case-sensitive).") in notes
    assert (16, "Read 'Econ-01' as ECON-01 (ids are not case-sensitive).") in notes
    assert not _by_code(document, "SA102")  # nothing unknown: all were read
    covered = {n["id"] for n in document["coverage"]["nodes"] if n["direct"]}
    assert {"SDG-8.3", "PP-6.5", "ORD-2.3"} <= covered  # and they count


def test_the_clean_spelling_says_nothing():
    code, document = check_json(HINTS / "clean.yaml")
    assert code == 0
    assert not document["read_as_meant"] and not _by_code(document, "SA101")


def test_ids_differing_only_in_case_are_one_id():
    _code, document = check_json(HINTS / "case.yaml", "--lang", "en")
    duplicates = {f["line"]: f["message"] for f in _by_code(document, "SA101")}
    assert "ECON-01; ids are not case-sensitive" in duplicates[6]
    assert "also a framework node id" in duplicates[17]  # pp-1 is PP-1
    assert document["summary"]["measures"] == 2  # econ-01 and pp-1 take no part


def test_an_unknown_field_or_id_is_still_an_error_with_a_hint(tmp_path):
    (tmp_path / "seta-align.yaml").write_text(
        f"framework: {(FIXTURES / 'framework' / 'mini.yaml').as_posix()}\n", encoding="utf-8"
    )
    (tmp_path / "m.yaml").write_text(
        "- id: A-1\n  title: x\n  owner: y\n  field: 地域の経済\n  supports: [sdg-8.33]\n",
        encoding="utf-8",
    )
    code, document = check_json(tmp_path / "m.yaml", "--lang", "en")
    assert code == 1
    messages = [f["message"] for f in _by_code(document, "SA102")]
    assert "Unknown field '地域の経済'." in messages
    assert any("'sdg-8.33'" in m and "Did you mean 'SDG-8.3'?" in m for m in messages)
    assert not document["read_as_meant"]


def test_normalised_input_can_be_silenced(tmp_path):
    (tmp_path / "seta-align.yaml").write_text(
        f"framework: {(FIXTURES / 'framework' / 'mini.yaml').as_posix()}\n"
        "rules: {normalised-input: off}\n",
        encoding="utf-8",
    )
    (tmp_path / "m.yaml").write_text(
        (HINTS / "case.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    _code, document = check_json(tmp_path / "m.yaml")
    assert not document["read_as_meant"]


def test_trace_and_graph_fold_case_and_suggest():
    clean = HINTS / "clean.yaml"
    config = ["-c", HINTS / "seta-align.yaml"]
    folded = run_cli("trace", "econ-01", clean, *config, "--format", "json")
    assert folded.exit_code == 0 and '"ECON-01"' in folded.stdout
    around = run_cli("graph", clean, *config, "--around", "pp-6.5")
    assert around.exit_code == 0 and "PP-6.5" in around.stdout
    for command in (["trace", "ECN-01", clean], ["graph", clean, "--around", "ECN-01"]):
        result = run_cli(*command, *config, "--lang", "en")
        assert result.exit_code == 2
        assert "ECON-01" in result.stderr, command  # the did-you-mean check has


def test_diff_and_import_follow_the_same_rule(tmp_path):
    import json
    import shutil

    old = tmp_path / "old"
    new = tmp_path / "new"
    for folder in (old, new):
        folder.mkdir()
        shutil.copy(HINTS / "clean.yaml", folder / "m.yaml")
    renamed = (new / "m.yaml").read_text(encoding="utf-8").replace("id: ECON-01", "id: econ-01")
    (new / "m.yaml").write_text(renamed, encoding="utf-8")
    config = ["-c", HINTS / "seta-align.yaml"]
    result = run_cli("diff", old, new, *config, "--format", "json")
    assert result.exit_code == 0, result.output
    measures = json.loads(result.stdout)["measures"]
    assert measures["added"] == [] and measures["removed"] == []
    assert measures["changed"]["econ-01"] == ["id"]  # the same measure, its id respelt

    from test_import_export import GOOD_ROW, HEADER, _row, _workbook

    book = _workbook(tmp_path / "b.xlsx", [HEADER, GOOD_ROW, _row(施策ID="econ-90")])
    imported = run_cli("import", book, "-o", tmp_path / "out", "--lang", "en")
    assert imported.exit_code == 2
    assert "The measure id 'econ-90' is also in row 2" in imported.stderr


def test_a_waiver_in_another_case_waives_the_node(tmp_path):
    def waived(node: str) -> tuple[list[dict], dict]:
        (tmp_path / "seta-align.yaml").write_text(
            f"framework: {(FIXTURES / 'framework' / 'mini.yaml').as_posix()}\n"
            f"waivers:\n  - node: {node}\n    reason: 別の計画で扱う\n",
            encoding="utf-8",
        )
        (tmp_path / "m.yaml").write_text(
            (HINTS / "clean.yaml").read_text(encoding="utf-8"), encoding="utf-8"
        )
        _code, document = check_json(tmp_path / "m.yaml", "--lang", "en")
        nodes = {n["id"]: n for n in document["coverage"]["nodes"]}
        return _by_code(document, "SA203"), nodes["SDG-4"]

    problems, node = waived("sdg-4")
    assert not problems and node.get("waived") == "別の計画で扱う"
    problems, node = waived("sdg-44")
    assert "Did you mean 'SDG-4'?" in problems[0]["message"] and not node.get("waived")
