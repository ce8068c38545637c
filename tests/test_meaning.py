"""Silent changes of meaning: numbers YAML reads otherwise than a reader sees them, and one
rule set twice in the config. Each both ways."""

from __future__ import annotations

import pytest

from conftest import MINI_FRAMEWORK, check_json

MEASURE = """- id: A-1
  title: 題名
  owner: 経済産業部
  field: ECON
  supports: [PP-6.5]
  kpis:
    - name: 件数
      unit: 件
      baseline: {{year: 2022, value: {baseline}}}
      target: {{year: {year}, value: {target}}}
"""


def _draft(tmp_path, baseline="10", target="20", year="2031", config=""):
    (tmp_path / "seta-align.yaml").write_text(
        f"framework: {MINI_FRAMEWORK.as_posix()}\n{config}", encoding="utf-8"
    )
    (tmp_path / "m.yaml").write_text(
        MEASURE.format(baseline=baseline, target=target, year=year), encoding="utf-8"
    )
    return tmp_path / "m.yaml"


@pytest.mark.parametrize(
    ("typed", "read_as"),
    [("010", "8"), ("0x1F", "31"), ("12:30", "750"), ("1_000", "1000"),
     ("0b101", "5"), ("-010", "-8"), ("1_0.5", "10.5")],
)
def test_numbers_in_disguise_are_refused_with_what_was_typed(tmp_path, typed, read_as):
    code, document = check_json(_draft(tmp_path, baseline=typed), "--lang", "en")
    assert code == 2
    (problem,) = [f for f in document["findings"] if f["code"] == "SA003"]
    assert f"YAML reads '{typed}' as" in problem["message"]
    assert problem["message"].endswith(f": {read_as}.")
    assert (problem["line"], problem["column"]) == (9, 37)
    assert "plain decimal" in problem["hint"]


@pytest.mark.parametrize(
    "typed", ["10", "0", "0.5", "12.50", "-3", "+4", "1.5e+3", ".5", "1000000", "010.5", "07"]
)
def test_plain_numbers_are_read_quietly(tmp_path, typed):
    _code, document = check_json(_draft(tmp_path, baseline=typed, target="1000001"))
    assert not [f for f in document["findings"] if f["code"] == "SA003"], document["findings"]


def test_a_leading_zero_offers_both_readings(tmp_path):
    _code, document = check_json(_draft(tmp_path, baseline="010"), "--lang", "en")
    (problem,) = [f for f in document["findings"] if f["code"] == "SA003"]
    assert problem["hint"] == "Write it in plain decimal: 10 or 8, whichever you mean."


@pytest.mark.parametrize(
    ("typed", "read_as"),
    [('"1,200"', "1200"), ("１２００", "1200"), ('"010"', "10"), ("１２．５", "12.5")],
)
def test_separators_full_width_and_quoted_digits_are_read_and_said(tmp_path, typed, read_as):
    code, document = check_json(_draft(tmp_path, baseline=typed, target="2000"), "--lang", "en")
    assert code == 0, document["findings"]
    notes = [f["message"] for f in document["read_as_meant"]]
    assert notes == [f"Read '{typed.strip(chr(34))}' as {read_as}."]


def test_thousands_written_plainly_in_block_style(tmp_path):
    path = _draft(tmp_path)
    block = "target:\n        year: 2031\n        value: 1,200\n"
    path.write_text(
        path.read_text(encoding="utf-8").replace("target: {year: 2031, value: 20}\n", block),
        encoding="utf-8",
    )
    code, document = check_json(path, "--lang", "en")
    assert code == 0, document["findings"]
    (note,) = document["read_as_meant"]
    assert (note["line"], note["message"]) == (12, "Read '1,200' as 1200.")


@pytest.mark.parametrize("typed", ["0o10", '"1,2000"', '"12件"', "1.5e3"])
def test_other_text_where_a_number_belongs_asks_for_plain_decimal(tmp_path, typed):
    code, document = check_json(_draft(tmp_path, baseline=typed), "--lang", "en")
    assert code == 2
    (problem,) = [f for f in document["findings"] if f["code"] == "SA003"]
    assert "must be a number" in problem["message"]
    if typed == '"12件"':  # the number and its unit told apart
        assert problem["hint"].startswith("Write the number alone, 12, without '件'.")
    else:
        assert problem["hint"].startswith("Write the number in plain decimal, without its unit")


@pytest.mark.parametrize(("score", "refused"), [("0b10", True), ("02", False), ("+2", False)])
def test_an_impact_score_in_disguise(tmp_path, score, refused):
    path = _draft(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8") + f"  impacts:\n    - on: PP-6.5\n      score: {score}\n",
        encoding="utf-8",
    )
    code, document = check_json(path, "--lang", "en")
    problems = [f for f in document["findings"] if f["code"] == "SA003"]
    assert (code == 2) is refused and bool(problems) is refused
    if refused:
        assert problems[0]["message"] == "YAML reads '0b10' as binary: 2."


def test_a_year_in_disguise_too(tmp_path):
    code, document = check_json(_draft(tmp_path, year="0x7EF"), "--lang", "en")
    assert code == 2
    assert any("'0x7EF'" in f["message"] for f in document["findings"])


def test_text_places_keep_their_own_message(tmp_path):
    path = _draft(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("title: 題名", "title: 010"), "utf-8")
    _code, document = check_json(path, "--lang", "en")
    at_title = [f for f in document["findings"] if f["line"] == 2]
    assert len(at_title) == 1 and 'Quote it: "010"' in at_title[0]["hint"]


@pytest.mark.parametrize(
    "rules",
    [
        "rules:\n  SA401: off\n  missing-kpi: error\n",
        "rules:\n  missing-kpi: error\n  SA401: off\n",
        "rules:\n  sa401: warning\n  SA401: info\n",
    ],
)
def test_one_rule_set_twice_is_an_error_naming_both(tmp_path, rules):
    code, document = check_json(_draft(tmp_path, config=rules), "--lang", "en")
    assert code == 2
    # The check goes on without the second key: the problem is the one SA003.
    (problem,) = [f for f in document["findings"] if f["code"] == "SA003"]
    keys = [line.split(":")[0].strip() for line in rules.splitlines()[1:]]
    config = problem["file"]
    assert config.endswith("seta-align.yaml") and (problem["line"], problem["column"]) == (4, 3)
    assert f"'{keys[0]}' ({config}:3:3) and '{keys[1]}' ({config}:4:3)" in problem["message"]


def test_a_rule_key_in_full_width_is_named_not_guessed(tmp_path):
    code, document = check_json(
        _draft(tmp_path, config="rules:\n  ＳＡ４０１: off\n"), "--lang", "en"
    )
    assert code == 2
    (problem,) = [f for f in document["findings"] if f["code"] == "SA003"]
    assert "Did you mean SA401 (missing-kpi)" in problem["message"]
    assert (problem["line"], problem["column"]) == (3, 3)


def test_each_rule_once_is_fine(tmp_path):
    code, document = check_json(
        _draft(tmp_path, config="rules:\n  SA401: off\n  redundant-link: warning\n")
    )
    assert code == 0, document["findings"]
