"""`check --format json`: the `impacts` block, against numbers worked out by hand, and against
the JSON Schema that docs/json-output.md documents for it.

The fixture (tests/fixtures/impacts), as tests/test_impacts.py works it out:

    URBAN-01: PP-6 +1 (supports), SDG-11.7 −2 (mitigated), SDG-13.2 −1, SDG-8.3 +2
    ECON-01:  PP-6.5 +1 (supports), SDG-8.3 +3, SDG-12.5 −2 (no mitigation), URBAN-01 +1
    ENV-01:   PP-5 +1 (supports), SDG-13.2 +3, SDG-11.7 +2, SDG-12.5 +1
    matrix:   8.3→12.5 −1, 12.5→13.2 +2, 13.2→11.7 +1, 11.7→13.2 +2, 8.3→13.2 −1
"""

from __future__ import annotations

import copy
import json
import re

import jsonschema
import pytest

from conftest import CLEAN, FIXTURES, MINI_FRAMEWORK, ROOT, check_json, run_cli

IMPACTS = FIXTURES / "impacts" / "measures"
SCHEMA_TITLE = "seta-align check --format json: impacts"


@pytest.fixture(scope="module")
def block() -> dict:
    _code, document = check_json(IMPACTS, "--lang", "en")
    assert document["impacts"] is not None
    return document["impacts"]


def _json_blocks_of_the_doc() -> list[str]:
    text = (ROOT / "docs" / "json-output.md").read_text(encoding="utf-8")
    return re.findall(r"```json\n(.*?)```", text, re.S)


def documented_schema() -> dict:
    for text in _json_blocks_of_the_doc():
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            continue
        if isinstance(data, dict) and data.get("title") == SCHEMA_TITLE:
            return data
    raise AssertionError("docs/json-output.md has no JSON Schema for the impacts block")


def test_per_measure_sums_worked_out_by_hand(block):
    measures = {m["id"]: m for m in block["measures"]}
    assert list(measures) == ["URBAN-01", "ECON-01", "ENV-01"]  # draft order
    # URBAN-01: positive 1 + 2 = 3; negative −2 − 1 = −3;
    #   second order 11.7(−2)·(+2)/3 = −4/3 and 8.3(+2)·(−1)/3 = −2/3 on 13.2,
    #   13.2(−1)·(+1)/3 = −1/3 on 11.7, 8.3(+2)·(−1)/3 = −2/3 on 12.5: sum −4/3 −2/3 −1/3 −2/3 = −3
    #   net 3 − 3 − 3 = −3
    urban = measures["URBAN-01"]
    assert (urban["positive"], urban["negative"]) == (3, -3)
    assert urban["second_order_sum"] == pytest.approx(-3, abs=1e-6)
    assert urban["net"] == pytest.approx(-3, abs=1e-6)
    # ECON-01: positive 1 + 3 + 1 = 5; negative −2;
    #   8.3(+3)·(−1)/3 = −1 on 12.5 and on 13.2, 12.5(−2)·(+2)/3 = −4/3 on 13.2: sum −10/3
    #   net 5 − 2 − 10/3 = −1/3
    econ = measures["ECON-01"]
    assert (econ["positive"], econ["negative"]) == (5, -2)
    assert econ["second_order_sum"] == pytest.approx(-10 / 3, abs=1e-6)
    assert econ["net"] == pytest.approx(-1 / 3, abs=1e-6)
    # ENV-01: positive 1 + 3 + 2 + 1 = 7; negative 0;
    #   13.2(+3)·(+1)/3 = +1 on 11.7, 11.7(+2)·(+2)/3 = +4/3 and 12.5(+1)·(+2)/3 = +2/3 on
    #   13.2: sum 3; net 7 + 0 + 3 = 10
    env = measures["ENV-01"]
    assert (env["positive"], env["negative"]) == (7, 0)
    assert env["second_order_sum"] == pytest.approx(3, abs=1e-6)
    assert env["net"] == pytest.approx(10, abs=1e-6)


def test_trade_offs_say_whether_they_are_mitigated(block):
    # The negative impacts (−2 first, then −1) and the two negative interactions; only
    # URBAN-01's −2 on SDG-11.7 has a mitigation; an interaction has no mitigation field.
    assert [
        (t["source"], t["target"], t["kind"], t["score"], t["mitigated"])
        for t in block["trade_offs"]
    ] == [
        ("ECON-01", "SDG-12.5", "impact", -2, False),
        ("URBAN-01", "SDG-11.7", "impact", -2, True),
        ("URBAN-01", "SDG-13.2", "impact", -1, False),
        ("SDG-8.3", "SDG-12.5", "interaction", -1, None),
        ("SDG-8.3", "SDG-13.2", "interaction", -1, None),
    ]


def test_clusters_say_whether_they_are_cross_field(block):
    # Positive edges: URBAN-01–PP-6, URBAN-01–SDG-8.3, ECON-01–PP-6.5, ECON-01–SDG-8.3,
    # ECON-01–URBAN-01 on one side; ENV-01–PP-5, –SDG-13.2, –SDG-11.7, –SDG-12.5 and the
    # positive interactions among 11.7, 12.5 and 13.2 on the other: two communities, the
    # first with an ECON and an URBAN measure (分野横断), the second with ENV only.
    assert [
        (c["measures"], c["members"], c["fields"], c["cross_field"]) for c in block["clusters"]
    ] == [
        (
            ["ECON-01", "URBAN-01"],
            ["ECON-01", "PP-6", "PP-6.5", "SDG-8.3", "URBAN-01"],
            ["ECON", "URBAN"],
            True,
        ),
        (["ENV-01"], ["ENV-01", "PP-5", "SDG-11.7", "SDG-12.5", "SDG-13.2"], ["ENV"], False),
    ]


def test_goal_balance_and_contested_nodes(block):
    # SDG-8: +2 (URBAN-01 on 8.3) + 3 (ECON-01 on 8.3) = 5; SDG-11: +2 (ENV-01), −2 (URBAN-01);
    # SDG-12: +1 (ENV-01), −2 (ECON-01); SDG-13: +3 (ENV-01), −1 (URBAN-01).
    assert [(b["goal"], b["positive"], b["negative"]) for b in block["goal_balance"]] == [
        ("SDG-8", 5, 0),
        ("SDG-11", 2, -2),
        ("SDG-12", 1, -2),
        ("SDG-13", 3, -1),
    ]
    # Helped and harmed: 11.7 (ENV-01 +2, URBAN-01 −2), 12.5 (ENV-01 +1, ECON-01 −2),
    # 13.2 (ENV-01 +3, URBAN-01 −1); 8.3 is only helped. In the framework file's order.
    assert block["contested"] == ["SDG-11.7", "SDG-12.5", "SDG-13.2"]
    assert block["interactions"] == {
        "file": "tests/fixtures/impacts/interactions.yaml",
        "note": "A test fixture, not an assessment of anything.",
    }


def test_the_real_block_matches_the_documented_schema_and_example(block):
    schema = documented_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(block, schema)
    jsonschema.validate(None, schema)  # the block of a draft without an assessment
    # The schema documents every field the block has, at every level.
    assert set(block) == set(schema["properties"])
    for key in ("measures", "trade_offs", "clusters", "goal_balance"):
        assert set(block[key][0]) == set(schema["properties"][key]["items"]["properties"]), key
    assert set(block["interactions"]) == set(schema["properties"]["interactions"]["properties"])
    # The documented example is the real output (its interactions file is named as from the
    # fixture's folder, where the doc says the command is run).
    example = next(t for t in _json_blocks_of_the_doc() if t.startswith('"impacts": {'))
    documented = json.loads("{" + example + "}")["impacts"]
    real = copy.deepcopy(block)
    real["interactions"]["file"] = "interactions.yaml"
    assert documented == real


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("trade_offs", 0, "score"), 1),  # a trade-off is negative
        (("trade_offs", 3, "mitigated"), False),  # an interaction has no mitigation
        (("measures", 0, "positive"), -1),
        (("clusters", 0, "cross_field"), "yes"),
        (("contested",), ["SDG-11.7", "SDG-11.7"]),
    ],
)
def test_the_schema_refuses_a_wrong_block(block, path, value):
    wrong = copy.deepcopy(block)
    target = wrong
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(wrong, documented_schema())


def test_a_draft_without_an_assessment_has_null():
    _code, document = check_json(CLEAN, "--lang", "en")
    assert "impacts" in document and document["impacts"] is None
    jsonschema.validate(document["impacts"], documented_schema())


def _project(tmp_path, impacts: str, config: str) -> tuple[int, dict]:
    (tmp_path / "seta-align.yaml").write_text(
        f"framework: {MINI_FRAMEWORK.as_posix()}\n{config}", encoding="utf-8"
    )
    (tmp_path / "m.yaml").write_text(
        "- id: KIDS-01\n  title: t\n  owner: o\n  field: LIFE\n  supports: [SDG-8.3]\n"
        "  kpis: [{name: n, unit: 人, target: {year: 2031, value: 1}}]\n" + impacts,
        encoding="utf-8",
    )
    return check_json(tmp_path / "m.yaml", "--lang", "en")


def test_an_interactions_file_alone_gives_the_block(tmp_path):
    (tmp_path / "interactions.yaml").write_text(
        "interactions:\n  - {from: SDG-8.3, to: SDG-4.7, score: -1}\n", encoding="utf-8"
    )
    _code, document = _project(tmp_path, "", "impacts: {interactions: interactions.yaml}\n")
    block = document["impacts"]
    jsonschema.validate(block, documented_schema())
    # KIDS-01 has no impacts: its supports SDG-8.3 counts +1; 8.3 → 4.7 is −1, so it reaches
    # SDG-4.7 with 1·(−1)/3 = −1/3; net 1 + 0 − 1/3 = 2/3.
    (measure,) = block["measures"]
    assert (measure["id"], measure["positive"], measure["negative"]) == ("KIDS-01", 1, 0)
    assert measure["second_order_sum"] == pytest.approx(-1 / 3, abs=1e-6)
    assert measure["net"] == pytest.approx(2 / 3, abs=1e-6)
    assert block["trade_offs"] == [
        {
            "source": "SDG-8.3",
            "target": "SDG-4.7",
            "kind": "interaction",
            "score": -1,
            "mitigated": None,
        }
    ]
    assert block["contested"] == []
    assert block["goal_balance"] == [{"goal": "SDG-8", "positive": 1, "negative": 0}]
    assert block["interactions"]["file"].endswith("interactions.yaml")


def test_impacts_without_an_interactions_file_give_the_block(tmp_path):
    _code, document = _project(tmp_path, "  impacts:\n    - {on: SDG-4.7, score: -1}\n", "")
    block = document["impacts"]
    assert block["interactions"] is None
    # +1 (supports SDG-8.3) and −1 on SDG-4.7; no matrix, so no second order: net 0.
    assert [
        (m["positive"], m["negative"], m["second_order_sum"], m["net"]) for m in block["measures"]
    ] == [(1, -1, 0, 0)]
    assert block["trade_offs"] == [
        {
            "source": "KIDS-01",
            "target": "SDG-4.7",
            "kind": "impact",
            "score": -1,
            "mitigated": False,
        }
    ]


@pytest.mark.parametrize("output_format", ["sarif", "junit", "text", "markdown"])
def test_the_other_check_formats_do_not_carry_the_block(output_format):
    result = run_cli("check", IMPACTS, "--format", output_format, "--lang", "en")
    assert result.exit_code in (0, 1), result.output
    assert result.stdout.strip()
    for word in ("second_order_sum", "trade_offs", "goal_balance", "contested"):
        assert word not in result.stdout
