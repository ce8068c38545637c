"""Frameworks as modules: a city's own files composed with the bundled SDGs.

The fixture city (tests/fixtures/modules) has its own framework file, a file of relations from
its policies to SDG targets, and uses the bundled module seta-align:sdgs. Each point is tested
both ways: composed it checks clean; without the SDG module, with a clashing file or a module
name that does not exist, it says exactly where and why.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml

from conftest import FIXTURES, ROOT, check_json, codes, findings_of, run_cli

CITY = FIXTURES / "modules"


def test_a_city_framework_with_the_sdg_module_checks_a_measure_on_both_without_sa102(
    monkeypatch,
):
    monkeypatch.chdir(CITY)
    code, document = check_json()
    assert code == 0
    assert "SA102" not in codes(document)
    assert document["framework"]["modules"] == [
        "city.yaml",
        "city-sdgs.yaml",
        "seta-align:sdgs",
    ]
    # The relations-only file adds no name: the city's name and the SDG module's.
    assert document["framework"]["name"] == "架空市 総合計画・SDGs"
    assert document["framework"]["file"] == "city.yaml + city-sdgs.yaml + seta-align:sdgs"
    nodes = {node["id"]: node for node in document["coverage"]["nodes"]}
    # SANGYO-01 supports both a city node and an SDG target, and both count it.
    assert nodes["P1-1"]["direct"] == ["SANGYO-01"]
    assert nodes["SDG-8.3"]["direct"] == ["SANGYO-01"]
    assert nodes["SDG-8"]["covered"] is True  # coverage flows up inside the SDG module
    assert nodes["G1"]["fields"] == ["SANGYO"]  # fields come from the city's own file
    levels = {level["key"]: level for level in document["coverage"]["levels"]}
    assert (levels["CITY.policy"]["covered"], levels["CITY.policy"]["total"]) == (3, 3)
    assert (levels["SDG.target"]["covered"], levels["SDG.target"]["total"]) == (3, 169)


def test_without_the_sdg_module_an_sdg_link_is_sa102_at_the_measure(monkeypatch):
    monkeypatch.chdir(CITY)
    code, document = check_json("--framework", "city.yaml")
    assert code == 2  # the config's SDG levels name nothing now: located, and nothing hidden
    unknown = findings_of(document, "SA102")
    assert [(f["file"], f["line"], f["column"], f["node"]) for f in unknown] == [
        ("measures/bosai.yaml", 5, 20, "SDG-11.5"),
        ("measures/sangyo.yaml", 5, 20, "SDG-8.3"),
        ("measures/sangyo.yaml", 15, 20, "SDG-11.3"),
    ]
    assert all("seta-align:sdgs" in f["hint"] for f in unknown)
    config = [(f["file"], f["line"]) for f in findings_of(document, "SA003")]
    assert config == [("seta-align.yaml", 8), ("seta-align.yaml", 9)]
    assert document["framework"]["modules"] == ["city.yaml"]


def test_cross_file_relations_are_read_and_their_missing_end_is_located(monkeypatch, tmp_path):
    monkeypatch.chdir(CITY)
    result = run_cli("graph", "--format", "dot")
    assert result.exit_code == 0, result.output
    relations = [line.strip() for line in result.stdout.splitlines() if 'kind="relation"' in line]
    assert [line.split(" [")[0] for line in relations] == [
        '"P1-1" -> "SDG-8.3"',
        '"P2-1" -> "SDG-11.5"',
    ]

    # The same relations without the SDG module: one slip, one finding, at the first relation
    # to an SDG in the file that holds it, counting the others, with the way out.
    code, document = check_json("-F", "city.yaml", "-F", "city-sdgs.yaml")
    assert code == 2
    [missing] = document["findings"]
    assert (missing["file"], missing["line"], missing["column"]) == (
        "city-sdgs.yaml",
        *_at(CITY / "city-sdgs.yaml", "SDG-8.3"),
    )
    assert missing["messages"]["en"] == (
        "Relation end 'SDG-8.3' is an SDG id, and no SDGs are read (as for 1 more relation "
        "end(s) to the SDGs)."
    )
    assert "seta-align:sdgs" in missing["hint"]
    # A relation to a city node that does not exist is still one of its own.
    broken = tmp_path / "links.yaml"
    broken.write_text(
        (CITY / "city-sdgs.yaml").read_text("utf-8").replace("from: P2-1", "from: P9-9"), "utf-8"
    )
    code, document = check_json("-F", "city.yaml", "-F", broken, "-F", "seta-align:sdgs")
    assert [f["messages"]["en"] for f in document["findings"]] == [
        "Relation from 'P9-9' is not a node of any framework."
    ]


def test_an_id_defined_in_two_files_is_one_located_error_naming_both(monkeypatch):
    monkeypatch.chdir(CITY)
    code, document = check_json("-F", "city.yaml", "-F", "seta-align:sdgs", "-F", "clash.yaml")
    assert code == 2
    [clash] = document["findings"]
    line, column = _at(CITY / "clash.yaml", "id: SDG-8")
    assert (clash["file"], clash["line"], clash["column"]) == ("clash.yaml", line, column + 4)
    # The first definition: the SDG module, at SDG-8's line in data/sdgs.yaml.
    sdg8_line, _ = _at(ROOT / "data" / "sdgs.yaml", '"SDG-8"')
    assert f"seta-align:sdgs:{sdg8_line}" in clash["message"]
    assert "clash.yaml" in clash["message"]
    assert clash["messages"]["en"] == (
        f"Id 'SDG-8' is defined both in seta-align:sdgs:{sdg8_line} and in clash.yaml."
    )

    # Read the other way round, the clash is still said in the city's own file, where it can
    # be mended, naming the bundled module's line.
    code, document = check_json("-F", "clash.yaml", "-F", "seta-align:sdgs", "-F", "city.yaml")
    assert code == 2
    [clash] = document["findings"]
    assert (clash["file"], clash["line"]) == ("clash.yaml", line)
    assert f"seta-align:sdgs:{sdg8_line}" in clash["message"]



def test_between_two_files_of_the_citys_own_the_clash_is_in_the_file_read_second(tmp_path):
    shutil.copy(CITY / "city.yaml", tmp_path / "city.yaml")
    (tmp_path / "more.yaml").write_text(
        "schema_version: 1\nname: 追加\nframeworks:\n  - id: MORE\n    title: 追加\n"
        "    levels: [{id: goal, title: 目標}]\n    nodes:\n      - {id: G1, title: 重複}\n",
        encoding="utf-8",
    )
    code, document = check_json(
        "-F", tmp_path / "city.yaml", "-F", tmp_path / "more.yaml", "--config", CITY / "seta-align.yaml"
    )
    assert code == 2
    [clash] = [f for f in document["findings"] if "G1" in f["message"]]
    assert clash["file"].endswith("more.yaml") and clash["line"] == 8
    first_line, _ = _at(CITY / "city.yaml", "id: G1")
    assert f"city.yaml:{first_line}" in clash["message"]


def test_an_unreadable_framework_file_is_one_finding(monkeypatch):
    monkeypatch.chdir(CITY)
    code, document = check_json("-F", "no-such-file.yaml")
    assert code == 2
    # Not also "there is no framework", which follows from it.
    assert [f["code"] for f in document["findings"]] == ["SA001"]


def test_the_same_module_twice_is_one_finding_not_one_per_id(monkeypatch):
    monkeypatch.chdir(CITY)
    code, document = check_json("-F", "city.yaml", "-F", "seta-align:sdgs", "-F", "city.yaml")
    assert code == 2
    [twice] = document["findings"]
    assert twice["file"] == "city.yaml"
    assert twice["messages"]["en"] == "The framework 'city.yaml' is given twice."
    # Named once by its path and once as the bundled module, it is still the same file.
    code, document = check_json(
        "-F", "city.yaml", "-F", "seta-align:sdgs", "-F", ROOT / "data" / "sdgs.yaml"
    )
    assert code == 2
    assert [f["messages"]["en"] for f in document["findings"]] == [
        "The framework 'seta-align:sdgs' is given twice."
    ]


@pytest.mark.parametrize(
    ("modules", "after"),
    [
        (["city.yaml", "nope.yaml", "seta-align:sdgs"], "Cannot read the file"),
        (["city.yaml", "seta-align:sdgs", "seta-align:sdgs"], "is given twice"),
    ],
)
def test_the_problems_of_several_framework_files_are_said_in_their_order(
    tmp_path, monkeypatch, modules, after
):
    """A file that cannot be read, or is given twice, is said where it stands among the
    problems of the others: after a slip in a file named before it."""
    city = tmp_path / "city"
    shutil.copytree(CITY, city)
    path = city / "city.yaml"
    text = path.read_text(encoding="utf-8")
    assert "{id: P2-1, title:" in text
    path.write_text(text.replace("{id: P2-1, title:", "{id: P2-1, titl:"), encoding="utf-8")
    monkeypatch.chdir(city)
    code, document = check_json(*(part for module in modules for part in ("-F", module)))
    assert code == 2
    found = [(f["file"], f["messages"]["en"]) for f in document["findings"]]
    assert len(found) == 2
    assert found[0][0] == "city.yaml" and "titl" in found[0][1]
    assert after in found[1][1], found


def test_a_bundled_module_that_does_not_exist_is_located_in_the_config(tmp_path):
    shutil.copytree(CITY, tmp_path / "city")
    config = tmp_path / "city" / "seta-align.yaml"
    config.write_text(
        config.read_text("utf-8").replace("seta-align:sdgs]", "seta-align:sdg]"), "utf-8"
    )
    code, document = check_json("--config", config)
    assert code == 2
    [problem] = document["findings"]
    assert (problem["line"], problem["column"]) == _at(config, "seta-align:sdg]")
    assert problem["messages"]["en"] == "There is no bundled framework 'seta-align:sdg'."
    assert "seta-align:sdgs" in problem["hint"] and "seta-align:setagaya" in problem["hint"]


def test_a_bundled_module_that_does_not_exist_on_the_command_line(monkeypatch):
    monkeypatch.chdir(CITY)
    result = run_cli("check", "-F", "city.yaml", "-F", "seta-align:nope")
    assert result.exit_code == 2
    assert "seta-align:nope" in result.output
    assert "Traceback" not in result.output


def test_the_default_is_setagaya_with_the_sdgs_and_either_module_alone_is_named(monkeypatch):
    monkeypatch.chdir(ROOT / "data")
    code, document = check_json()
    assert code == 0
    assert document["framework"]["modules"] == ["seta-align:setagaya", "seta-align:sdgs"]
    assert document["framework"]["name"] == "世田谷区 基本計画・地域経済の持続可能な発展条例・SDGs"
    # The same two named on the command line, as files of the checkout, read the same.
    _, named = check_json("-F", "policies.yaml", "-F", "sdgs.yaml")
    assert named["framework"]["modules"] == ["seta-align:setagaya", "seta-align:sdgs"]
    assert named["findings"] == document["findings"]
    # Setagaya alone: the sample's SDG links are unknown ids, each at its measure.
    _, alone = check_json("-F", "seta-align:setagaya")
    unknown = findings_of(alone, "SA102")
    assert unknown and all("SDG-" in f["message"] for f in unknown)
    assert {f["file"].split("/")[0] for f in unknown} == {"measures"}


def test_a_framework_with_no_framework_at_all_is_an_error(monkeypatch):
    monkeypatch.chdir(CITY)
    code, document = check_json("-F", "city-sdgs.yaml")
    assert code == 2
    # One finding: the relations' ends are missing only because of it.
    assert [f["messages"]["en"] for f in document["findings"]] == [
        "There is no framework (frameworks: is empty in every file)."
    ]


def _at(path, text: str) -> tuple[int, int]:
    """The line and column (1-based) where ``text`` first stands in the file, worked out here
    from the file itself."""
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if text in line:
            return number, line.index(text) + 1
    raise AssertionError(f"{text!r} not in {path}")


# --- The plan's priority policies are the city's own level ---------------------------------

IMPACT_MEASURES = """\
- id: BOSAI-02
  title: 防災倉庫の整備
  owner: 危機管理課
  field: KURASHI
  supports: [P2-1]
  impacts: [{on: SDG-11.5, score: 2, note: 被害を減らす}]
  kpis: [{name: 倉庫の数, unit: か所, target: {year: 2030, value: 10}}]
- id: SANGYO-03
  title: 河川敷のイベント広場
  owner: 産業振興課
  field: SANGYO
  supports: [P1-2]
  impacts: [{on: SDG-11.5, score: -2, note: 浸水区域に人を集める, mitigation: 増水時は中止する}]
  kpis: [{name: 来場者数, unit: 人, target: {year: 2030, value: 1000}}]
"""


def _city_with(tmp_path, config_line: str, impacts: bool = False):
    city = tmp_path / "city"
    shutil.copytree(CITY, city)
    config = city / "seta-align.yaml"
    config.write_text(config.read_text("utf-8") + config_line + "\n", encoding="utf-8")
    if impacts:
        (city / "measures" / "impacts.yaml").write_text(IMPACT_MEASURES, encoding="utf-8")
    return city


def test_priority_level_makes_the_citys_goals_the_priority_policies(tmp_path, monkeypatch):
    monkeypatch.chdir(_city_with(tmp_path, "priority_level: CITY.goal", impacts=True))
    _code, document = check_json()
    # Worked across fields unless the config says otherwise: each goal is served by one field.
    assert [n["id"] for n in document["cross_field"]["nodes"]] == ["G1", "G2"]
    cross = findings_of(document, "SA301")
    assert [f["node"] for f in cross] == ["G1", "G2"]
    result = run_cli("impacts", "--format", "json")
    assert result.exit_code == 0, result.output
    harmed = {p["id"]: p for p in json.loads(result.stdout)["by_priority_policy"]}
    # Hand-worked: SANGYO-03 (under G1) lowers SDG-11.5 by 2, mitigated; BOSAI-02 serves G2 and
    # raises SDG-11.5, so the harm is G2's, not G1's (its own measure causes it).
    assert list(harmed) == ["G1", "G2"]
    assert harmed["G1"]["trade_offs"] == 0
    assert (harmed["G2"]["trade_offs"], harmed["G2"]["unmitigated"]) == (1, 0)
    assert harmed["G2"]["measures"] == ["SANGYO-03"]


def test_without_priority_level_a_city_has_no_priority_policies_and_is_told_how(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(_city_with(tmp_path, "", impacts=True))
    result = run_cli("impacts", "--format", "json")
    assert json.loads(result.stdout)["by_priority_policy"] == []
    shown = run_cli("impacts", "--lang", "en", env={"SETA_ALIGN_LANG": "en", "COLUMNS": "100"})
    assert "priority_level in the config" in shown.stdout


def test_an_unknown_priority_level_is_located_with_a_did_you_mean(tmp_path, monkeypatch):
    city = _city_with(tmp_path, "priority_level: CITY.gol")
    monkeypatch.chdir(city)
    code, document = check_json()
    assert code == 2
    [problem] = findings_of(document, "SA003")
    assert (problem["file"], problem["line"]) == ("seta-align.yaml", 10)
    assert "CITY.goal" in problem["message"]
    # Nothing else is invented: the default cross-field level is not applied either.
    assert "SA301" not in [f["code"] for f in document["findings"]]


def test_the_default_modules_check_the_sample_as_one_file_holding_both_did(tmp_path, monkeypatch):
    """Setagaya's default is unchanged: the two bundled modules, composed, give the sample the
    very result that one framework file holding both (as data/policies.yaml did) gives, except
    where the framework is named."""
    setagaya = yaml.safe_load((ROOT / "data" / "policies.yaml").read_text("utf-8"))
    sdgs = yaml.safe_load((ROOT / "data" / "sdgs.yaml").read_text("utf-8"))
    setagaya["frameworks"] += sdgs["frameworks"]
    # The one file's name, as data/policies.yaml had it before the SDGs became a module.
    setagaya["name"] = "世田谷区 基本計画・地域経済の持続可能な発展条例・SDGs"
    setagaya["name_en"] = (
        "Setagaya City: Basic Plan, Ordinance on the Sustainable Development of the Local "
        "Economy, and SDGs"
    )
    one_file = tmp_path / "one.yaml"
    one_file.write_text(yaml.safe_dump(setagaya, allow_unicode=True), encoding="utf-8")
    monkeypatch.chdir(ROOT / "data")

    def without_the_framework_named(document: dict) -> dict:
        document.pop("framework")
        for finding in document["findings"]:
            if finding["file"] in ("seta-align:sdgs", str(one_file)):
                finding["file"] = finding["line"] = finding["column"] = None
        # Findings are listed by file name, and the framework's file is named otherwise.
        document["findings"].sort(key=lambda f: json.dumps(f, ensure_ascii=False, sort_keys=True))
        return document

    _, composed = check_json()
    _, single = check_json("-F", one_file)
    assert single["framework"]["modules"] == [str(one_file)]
    # The composed name is the one file's name: the summary tables read as before.
    assert composed["framework"]["name"] == single["framework"]["name"]
    text = run_cli("check", "--format", "rich").stdout
    assert text == run_cli("check", "--format", "rich", "-F", one_file).stdout
    assert without_the_framework_named(composed) == without_the_framework_named(single)


# --- One slip, one finding, across files -------------------------------------------------


def _city_copy(tmp_path, edit=None):
    city = tmp_path / "city"
    shutil.copytree(CITY, city)
    if edit is not None:
        text = (city / "city.yaml").read_text("utf-8")
        (city / "city.yaml").write_text(edit(text), encoding="utf-8")
    return city


def test_an_unreadable_city_file_does_not_make_its_relations_errors_too(tmp_path, monkeypatch):
    monkeypatch.chdir(_city_copy(tmp_path))
    (tmp_path / "city" / "city.yaml").unlink()
    code, document = check_json()
    assert code == 2
    # Named by the config: said once, at the entry that names it.
    assert [(f["code"], f["file"]) for f in document["findings"]] == [("SA003", "seta-align.yaml")]
    # Named on the command line: the unreadable file, and not its relations' ends as well.
    code, document = check_json("-F", "city.yaml", "-F", "city-sdgs.yaml", "-F", "seta-align:sdgs")
    assert code == 2
    assert [(f["code"], f["file"]) for f in document["findings"]] == [("SA001", "city.yaml")]


def test_a_broken_city_file_is_its_own_finding_only(tmp_path, monkeypatch):
    broken = _city_copy(tmp_path, lambda text: text.replace("title: 架空市 総合計画 基本計画", "titel: x"))
    monkeypatch.chdir(broken)
    code, document = check_json()
    assert code == 2
    assert {f["file"] for f in document["findings"]} == {"city.yaml"}


def test_a_city_node_named_as_an_sdg_is_one_clash_not_one_per_relation(tmp_path, monkeypatch):
    monkeypatch.chdir(_city_copy(tmp_path, lambda text: text.replace("id: P2-1,", "id: SDG-8,")))
    code, document = check_json()
    assert code == 2
    # The clash, in the city's file. The SDG-8 subtree it leaves out (SDG-8.3 among it) makes
    # no error of the relation to SDG-8.3; the relation from P2-1, renamed, is one of its own.
    sdg8_line, _ = _at(ROOT / "data" / "sdgs.yaml", '"SDG-8"')
    assert [(f["file"], f["messages"]["en"]) for f in document["findings"]] == [
        ("city.yaml", f"Id 'SDG-8' is defined both in seta-align:sdgs:{sdg8_line} and in city.yaml."),
        ("city-sdgs.yaml", "Relation from 'P2-1' is not a node of any framework."),
    ]


def test_fields_may_come_from_a_later_file_and_a_missing_one_is_said_once(tmp_path):
    city_text = (CITY / "city.yaml").read_text("utf-8")
    head, _, rest = city_text.partition("fields:\n")
    fields_block, _, frameworks = rest.partition("frameworks:\n")
    (tmp_path / "nodes.yaml").write_text(head + "frameworks:\n" + frameworks, encoding="utf-8")
    (tmp_path / "fields.yaml").write_text(
        "schema_version: 1\nname: 分野\nfields:\n" + fields_block, encoding="utf-8"
    )
    code, document = check_json(
        CITY / "measures", "-F", tmp_path / "nodes.yaml", "-F", tmp_path / "fields.yaml",
        "-F", "seta-align:sdgs",
    )
    assert code == 0, document["findings"]
    # Without the fields file: one finding per field, at its first use, with the count of
    # the others (SANGYO: G1, P1-1, P1-2; KURASHI: P1-2, G2, P2-1).
    code, document = check_json(
        CITY / "measures", "-F", tmp_path / "nodes.yaml", "-F", "seta-align:sdgs"
    )
    assert code == 2
    fields = [f["messages"]["en"] for f in document["findings"]]
    assert fields == [
        "Field 'SANGYO' is not defined under fields (also named in 2 more place(s)).",
        "Field 'KURASHI' is not defined under fields (also named in 2 more place(s)).",
    ]


def test_a_bundled_name_written_as_a_path_is_pointed_at(monkeypatch):
    monkeypatch.chdir(CITY)
    code, document = check_json("-F", "city.yaml", "-F", "sdgs")
    assert code == 2
    [problem] = document["findings"]
    assert "seta-align:sdgs" in problem["hint"]


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ("[city.yaml, city-sdgs.yaml, seta-align:sdgs, ./city.yaml]",
         "framework: './city.yaml' is the same file as 'city.yaml'."),
        ("[nocity.yaml, city-sdgs.yaml, seta-align:sdgs]", "framework: there is no file 'nocity.yaml'."),
        ("[]", "framework: names no file."),
    ],
    ids=["twice", "missing", "empty"],
)
def test_a_framework_entry_of_the_config_is_mended_where_it_is_written(tmp_path, entries, message):
    city = _city_copy(tmp_path)
    config = city / "seta-align.yaml"
    config.write_text(
        config.read_text("utf-8").replace(
            "framework: [city.yaml, city-sdgs.yaml, seta-align:sdgs]", f"framework: {entries}"
        ),
        encoding="utf-8",
    )
    code, document = check_json("--config", config)
    assert code == 2
    [problem] = document["findings"]
    assert problem["file"].endswith("seta-align.yaml") and problem["line"] == 4
    assert problem["messages"]["en"] == message


def test_findings_on_the_frameworks_nodes_come_after_the_configs(tmp_path, monkeypatch):
    """One's own files first, then the config, then the framework's files, whichever module a
    node is in."""
    city = _city_copy(tmp_path)
    (city / "measures" / "bosai.yaml").unlink()  # G2 and P2-1: served by nothing
    config = city / "seta-align.yaml"
    config.write_text(config.read_text("utf-8") + "rules: {SA999: off}\n", encoding="utf-8")
    monkeypatch.chdir(city)
    result = run_cli("check", "--format", "text", "-v")
    files = [
        found.group(1)
        for line in result.stdout.splitlines()
        if (found := re.match(r"([^:\s]+\.yaml):\d+", line))
    ]
    order = [name for i, name in enumerate(files) if name not in files[:i]]
    assert order == ["seta-align.yaml", "city.yaml"], order


def test_a_broken_fields_file_does_not_make_its_fields_unknown_too(tmp_path):
    city_text = (CITY / "city.yaml").read_text("utf-8")
    head, _, rest = city_text.partition("fields:\n")
    fields_block, _, frameworks = rest.partition("frameworks:\n")
    (tmp_path / "nodes.yaml").write_text(head + "frameworks:\n" + frameworks, encoding="utf-8")
    (tmp_path / "fields.yaml").write_text(
        "schema_version: 1\nname: 分野\nfields:\n" + fields_block.replace("title_en", "titel_en", 1),
        encoding="utf-8",
    )
    code, document = check_json(
        CITY / "measures", "-F", tmp_path / "nodes.yaml", "-F", tmp_path / "fields.yaml",
        "-F", "seta-align:sdgs",
    )
    assert code == 2
    assert [f["file"].rsplit("/", 1)[-1] for f in document["findings"]] == ["fields.yaml"]


def test_two_plan_periods_are_said_in_the_citys_file_and_the_config_settles_them(tmp_path):
    city = _city_copy(tmp_path)  # city.yaml: FY2025–2032; seta-align:setagaya: FY2024–2031
    config = city / "seta-align.yaml"
    config.write_text(
        config.read_text("utf-8").replace(
            "framework: [city.yaml, city-sdgs.yaml, seta-align:sdgs]",
            "framework: [seta-align:setagaya, city.yaml, city-sdgs.yaml, seta-align:sdgs]",
        ),
        encoding="utf-8",
    )
    code, document = check_json("--config", config)
    assert code == 2
    [clash] = document["findings"]
    assert clash["file"].endswith("city.yaml")
    assert clash["messages"]["en"].startswith("plan_period differs from FY2024–2031 in seta-align:setagaya:")
    # The config's plan_period decides, as the hint says.
    config.write_text(config.read_text("utf-8") + "plan_period: {start: 2025, end: 2032}\n", "utf-8")
    code, document = check_json("--config", config)
    assert code != 2, document["findings"]
    assert document["plan_period"] == {"start": 2025, "end": 2032}
    # framework show reads the same config the same way.
    shown = run_cli("framework", "show", "--config", config, "--format", "json")
    assert shown.exit_code == 0, shown.output


def test_a_node_with_another_frameworks_id_is_a_clash_in_either_order(tmp_path):
    clash = tmp_path / "node-sdg.yaml"
    clash.write_text(
        "schema_version: 1\nname: x\nframeworks:\n  - id: MINE\n    title: x\n"
        "    levels: [{id: goal, title: 目標}]\n    nodes:\n      - {id: SDG, title: x}\n",
        encoding="utf-8",
    )
    for order in ((clash, "seta-align:sdgs"), ("seta-align:sdgs", clash)):
        code, document = check_json(CITY / "measures", "-F", order[0], "-F", order[1])
        assert code == 2
        assert [(f["file"].rsplit("/", 1)[-1], f["line"]) for f in document["findings"]] == [
            ("node-sdg.yaml", 8)
        ]


def test_a_level_id_twice_in_a_framework_is_an_error(tmp_path):
    twice = tmp_path / "twice.yaml"
    twice.write_text(
        "schema_version: 1\nname: x\nframeworks:\n  - id: MINE\n    title: x\n"
        "    levels: [{id: goal, title: 目標}, {id: goal, title: 政策}]\n    nodes:\n"
        "      - {id: A, title: a, children: [{id: A.1, title: b}]}\n",
        encoding="utf-8",
    )
    code, document = check_json(CITY / "measures", "-F", twice, "-F", "seta-align:sdgs")
    assert code == 2
    assert [f["messages"]["en"] for f in document["findings"]] == ["Duplicate level 'goal'."]


def test_an_orphan_measure_of_a_city_is_pointed_at_the_citys_frameworks(tmp_path, monkeypatch):
    city = _city_copy(tmp_path)
    (city / "measures" / "orphan.yaml").write_text(
        "- id: ORPHAN-01\n  title: 孤立した施策\n  owner: 企画課\n  field: SANGYO\n  supports: []\n"
        "  kpis: [{name: 件数, unit: 件, target: {year: 2030, value: 1}}]\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(city)
    _code, document = check_json()
    [orphan] = findings_of(document, "SA103")
    # Not Setagaya's 重点政策・条例: the frameworks this city uses.
    assert "架空市 総合計画 基本計画" in orphan["hint"] and "持続可能な開発目標" in orphan["hint"]
    assert "条例" not in orphan["hint"]


def test_sa104_asks_a_city_framework_for_what_its_config_names_and_nothing_by_default(tmp_path):
    """The default (PLAN or ORD) is written for Setagaya's framework: a city's own framework
    with neither is not held to it; its config's required_frameworks is."""
    project = tmp_path / "city"
    shutil.copytree(CITY, project)
    (project / "measures" / "sdg-only.yaml").write_text(
        "- id: SDG-ONLY-01\n  title: SDGs だけに結びつく施策\n  owner: 産業振興課\n"
        "  field: SANGYO\n  supports: [SDG-8.3]\n"
        "  kpis: [{name: 件数, unit: 件, target: {year: 2030, value: 1}}]\n",
        encoding="utf-8",
    )
    config = project / "seta-align.yaml"
    _code, document = check_json(project / "measures", "-c", config)
    assert [f["measure"] for f in findings_of(document, "SA104")] == ["SDG-ONLY-01"]

    config.write_text(
        config.read_text("utf-8").replace("required_frameworks: [CITY]\n", ""), "utf-8"
    )
    _code, document = check_json(project / "measures", "-c", config)
    assert not findings_of(document, "SA104")
    assert document["summary"]["measures"] == 4
