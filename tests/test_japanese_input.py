"""Japanese-flavoured and awkward input: read as meant (and said so), or a located error."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys

import pytest

from conftest import CLEAN, DRAFTS, check_json, findings_of, run_cli

MEASURE = (
    "- id: {id}\n  title: 施策\n  owner: 経済産業部\n  field: ECON\n  supports: [PP-6.5]\n"
    "  kpis: [{{name: 件数, unit: 件, target: {{year: 2030, value: 1}}}}]\n"
)


def _check(tmp_path, *extra):
    return check_json(CLEAN, tmp_path, "--config", DRAFTS / "seta-align.yaml", *extra)


def test_full_width_ids_and_japanese_years_are_read_and_reported():
    exit_code, document = check_json(CLEAN, DRAFTS / "japanese")
    assert exit_code == 0
    notes = {f["line"]: f for f in document["read_as_meant"]}
    assert len(notes) == 8 and len(document["read_as_meant"]) == 12
    assert all(f["severity"] == "info" for f in document["read_as_meant"])
    messages = " ".join(f["messages"]["en"] for f in document["read_as_meant"])
    for expected in (
        "'ＰＰ－６．５' as 'PP-6.5'",
        "'ＳＤＧ－８．３' as 'SDG-8.3'",
        "'ORD‐2.3' as 'ORD-2.3'",
        "'令和4年度' as fiscal year 2022",
        "'R13' as fiscal year 2031",
        "'FY2024' as fiscal year 2024",
        "'2031年度' as fiscal year 2031",
        "'令和元年度' as fiscal year 2019",
    ):
        assert expected in messages
    nodes = {n["id"]: n for n in document["coverage"]["nodes"]}
    assert "JP-01" in nodes["PP-6.5"]["direct"]
    assert "JP-01" in nodes["SDG-8.3"]["direct"]


def test_normalised_input_can_be_silenced():
    config = DRAFTS.parent / "configs" / "quiet-normalised.yaml"
    exit_code, document = check_json(CLEAN, DRAFTS / "japanese", "--config", config)
    assert document["read_as_meant"] == []
    assert exit_code == 0


def test_impossible_era_years_and_dates_are_located_errors():
    exit_code, document = check_json(CLEAN, DRAFTS / "bad-era")
    assert exit_code == 2
    found = {f["line"]: f["messages"]["en"] for f in findings_of(document, "SA003")}
    assert "'令和0年度' is not a possible year" in found[9]
    assert "'平成35年度' is not a possible year (平成: 1 to 31)" in found[10]
    assert "'2024-04-01' is a date" in found[11]
    assert len(found) == 3  # one finding per place, not also "must be a whole number"


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("  field: NO\n", ["field", "true/false", "Quote it"]),
        ("  tags: [yes]\n", ["tags[0]", "true/false"]),
    ],
)
def test_yaml_booleans_where_text_is_expected(tmp_path, line, words):
    text = MEASURE.format(id="B-1").replace(
        "  field: ECON\n", line if "field" in line else "  field: ECON\n" + line
    )
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    exit_code, document = _check(tmp_path, "--lang", "en")
    assert exit_code == 2
    message = findings_of(document, "SA003")[0]
    together = message["messages"]["en"] + " " + (message["hint"] or "")
    for word in words:
        assert word in together


def test_leading_zero_id_means_what_was_typed_or_is_rejected(tmp_path):
    (tmp_path / "m.yaml").write_text(MEASURE.format(id="010"), encoding="utf-8")
    exit_code, document = _check(tmp_path, "--lang", "en")
    assert exit_code == 2
    (finding,) = findings_of(document, "SA003")
    assert "010" in finding["messages"]["en"]
    assert finding["hint"] == 'Quote it: "010"'


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_loads(tmp_path, encoding):
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    (tmp_path / "m.yaml").write_bytes(bom + MEASURE.format(id="U-1").encode(encoding))
    exit_code, document = _check(tmp_path)
    assert exit_code == 0, document["findings"]
    assert document["summary"]["measures"] == 3


def test_undecodable_bytes_are_an_error_not_mojibake(tmp_path):
    (tmp_path / "m.yaml").write_bytes(b"- id: X-1\n  title: \x80\x81\xfe\xff\n")
    exit_code, document = _check(tmp_path)
    assert exit_code == 2
    (finding,) = findings_of(document, "SA001")
    assert finding["line"] == 2


def test_huge_file_is_refused_without_being_read(tmp_path):
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:  # sparse: no disk used
        handle.truncate(3 * 1024**3)
    exit_code, document = _check(tmp_path)
    assert exit_code == 2
    assert "too large" in findings_of(document, "SA001")[0]["messages"]["en"]


def test_very_long_line_loads(tmp_path):
    text = MEASURE.format(id="L-1").replace("title: 施策", "title: " + "長" * 2_000_000)
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    exit_code, _ = _check(tmp_path)
    assert exit_code == 0


def test_directory_named_like_a_measure_file(tmp_path):
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "folder.yaml" / "inside.yaml").write_text(
        MEASURE.format(id="D-1"), encoding="utf-8"
    )
    exit_code, document = _check(tmp_path)
    assert exit_code == 2
    assert "directory" in findings_of(document, "SA001")[0]["messages"]["en"]


def test_internal_error_is_one_bilingual_line_and_exit_3():
    command = [sys.executable, "-m", "seta_align", "selftest-internal-error"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert "内部エラー" in result.stderr and "Internal error" in result.stderr
    assert "--debug" in result.stderr
    debug = subprocess.run(
        [sys.executable, "-m", "seta_align", "--debug", "selftest-internal-error"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" in debug.stderr
    assert "selftest-internal-error" not in run_cli("--help").stdout


def test_failed_write_leaves_the_old_file_intact(tmp_path):
    target = tmp_path / "out.csv"
    target.mkdir()  # replacing a folder fails: the folder and its content must stay
    (target / "keep.txt").write_text("keep", encoding="utf-8")
    result = run_cli("matrix", CLEAN, "-o", target, "--format", "csv", "--force")
    assert result.exit_code == 2
    assert (target / "keep.txt").read_text(encoding="utf-8") == "keep"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary file left


def test_check_never_modifies_measure_files():
    before = {p: (p.read_bytes(), os.stat(p).st_mtime_ns) for p in (DRAFTS / "japanese").iterdir()}
    run_cli("check", CLEAN, DRAFTS / "japanese")
    after = {p: (p.read_bytes(), os.stat(p).st_mtime_ns) for p in (DRAFTS / "japanese").iterdir()}
    assert before == after
