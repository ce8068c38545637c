"""`schema` for editors, `init` for a new measures repository, and the pre-commit hook."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from conftest import CLEAN, DRAFTS, ROOT, check_json, run_cli


def _schema(kind: str) -> dict:
    result = run_cli("schema", kind)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def test_measure_schema_accepts_every_sample_file_and_rejects_unknown_keys():
    schema = _schema("measures")
    for path in [*(ROOT / "data" / "measures").glob("*.yaml"), *CLEAN.glob("*.yaml")]:
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)
    bad = yaml.safe_load((DRAFTS / "schema" / "unknown-key.yaml").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_config_and_framework_schemas_accept_the_bundled_files():
    jsonschema.validate(
        yaml.safe_load((ROOT / "data" / "seta-align.yaml").read_text("utf-8")), _schema("config")
    )
    jsonschema.validate(
        yaml.safe_load((ROOT / "data" / "policies.yaml").read_text("utf-8")), _schema("framework")
    )


def test_outcome_and_impact_schemas_accept_the_bundled_files_and_refuse_mistakes():
    results = _schema("results")
    for path in (ROOT / "data" / "results").glob("*.yaml"):
        jsonschema.validate(yaml.safe_load(path.read_text("utf-8")), results)
    jsonschema.validate([{"measure": "ECON-01", "kpi": "k", "year": 2025, "value": None}], results)
    with pytest.raises(jsonschema.ValidationError):  # a result needs its year
        jsonschema.validate([{"measure": "ECON-01", "value": 1}], results)
    indicators = _schema("indicator")
    jsonschema.validate(yaml.safe_load((ROOT / "data" / "indicators.yaml").read_text("utf-8")), indicators)
    with pytest.raises(jsonschema.ValidationError):  # an indicator is on a node
        jsonschema.validate({"indicators": [{"id": "X", "name": "n", "unit": "u",
                                             "target": {"year": 2030, "value": 1}}]}, indicators)
    interactions = _schema("interactions")
    jsonschema.validate(
        yaml.safe_load((ROOT / "data" / "interactions.yaml").read_text("utf-8")), interactions
    )
    assert run_cli("schema", "result").exit_code == 0
    wrong = run_cli("schema", "outcomes")
    assert wrong.exit_code == 2 and "results, indicators, interactions" in wrong.output


def test_schema_to_a_file_refuses_to_overwrite(tmp_path):
    target = tmp_path / "measure.schema.json"
    target.write_text("mine", encoding="utf-8")
    result = run_cli("schema", "-o", target)
    assert result.exit_code == 2
    assert target.read_text(encoding="utf-8") == "mine"
    assert run_cli("schema", "-o", target, "--force").exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == "seta-align measure file"


def test_init_scaffolds_a_repository_that_passes_check(tmp_path):
    result = run_cli("init", tmp_path / "plan", "--ci", "github")
    assert result.exit_code == 0
    root = tmp_path / "plan"
    for relative in (
        "data/measures/example.yaml",
        "measure.schema.json",
        "seta-align.yaml",
        ".pre-commit-config.yaml",
        ".github/workflows/seta-align.yml",
    ):
        assert (root / relative).is_file(), relative
    example = (root / "data/measures/example.yaml").read_text(encoding="utf-8")
    assert example.startswith("# yaml-language-server: $schema=../../measure.schema.json")
    jsonschema.validate(
        yaml.safe_load(example),
        json.loads((root / "measure.schema.json").read_text(encoding="utf-8")),
    )
    exit_code, document = check_json(root / "data" / "measures")
    assert exit_code == 0
    assert document["config"].endswith("plan/seta-align.yaml")
    assert document["summary"]["findings"]["error"] == 0
    workflow = yaml.safe_load((root / ".github/workflows/seta-align.yml").read_text("utf-8"))
    steps = " ".join(str(step) for step in workflow["jobs"]["check"]["steps"])
    assert "--format sarif" in steps and "upload-sarif" in steps and "--format github" in steps
    hooks = yaml.safe_load((root / ".pre-commit-config.yaml").read_text("utf-8"))
    assert hooks["repos"][0]["hooks"][0]["pass_filenames"] is False


def test_init_never_overwrites(tmp_path):
    config = tmp_path / "seta-align.yaml"
    config.write_text("# mine\n", encoding="utf-8")
    result = run_cli("init", tmp_path, "--ci", "github", "--lang", "en")
    assert result.exit_code == 0
    assert "exists, left unchanged: seta-align.yaml" in result.stdout
    assert config.read_text(encoding="utf-8") == "# mine\n"
    again = run_cli("init", tmp_path, "--ci", "github", "--lang", "en")
    assert again.stdout.count("exists, left unchanged") == 5


def test_init_where_a_folder_has_the_configs_name_stops_with_exit_2_and_says_why(tmp_path):
    (tmp_path / "seta-align.yaml").mkdir()
    result = run_cli("init", tmp_path, "--ci", "none", "--lang", "en")
    assert result.exit_code == 2  # was 3, an internal error
    assert "seta-align.yaml': it is a folder. Give a file name." in result.output
    assert "Internal error" not in result.output
    assert (tmp_path / "seta-align.yaml").is_dir()  # left as it was


def test_pre_commit_hook_checks_the_whole_draft():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "seta-align"
    assert hook["pass_filenames"] is False
    assert hook["entry"].startswith("seta-align check")


def test_written_files_get_ordinary_permissions(tmp_path):
    import os
    import stat

    target = tmp_path / "measure.schema.json"
    assert run_cli("schema", "-o", target).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_init_blank_is_a_city_of_its_own_that_checks_clean(tmp_path, monkeypatch):
    result = run_cli("init", tmp_path / "city", "--framework", "blank", "--lang", "en")
    assert result.exit_code == 0, result.output
    root = tmp_path / "city"
    assert "seta-align framework show" in result.stdout
    framework_text = (root / "framework.yaml").read_text("utf-8")
    framework = yaml.safe_load(framework_text)
    jsonschema.validate(framework, _schema("framework"))
    # 基本構想 → 基本計画 → 政策 → 施策, every title an example to replace.
    levels = framework["frameworks"][0]["levels"]
    assert [level["title"] for level in levels] == ["基本構想", "基本計画", "政策", "施策"]
    assert framework["name"].startswith("（例）")
    config = yaml.safe_load((root / "seta-align.yaml").read_text("utf-8"))
    assert config["framework"] == ["framework.yaml", "seta-align:sdgs"]

    monkeypatch.chdir(root)
    exit_code, document = check_json()
    assert exit_code == 0
    assert document["findings"] == []
    assert document["framework"]["modules"] == ["framework.yaml", "seta-align:sdgs"]
    nodes = {node["id"]: node for node in document["coverage"]["nodes"]}
    # The example measure serves a 施策 of each branch and an SDG target: each is covered.
    assert nodes["CITY-1.1.1.1"]["direct"] == ["EX-01"]
    assert nodes["CITY-1.1.2.1"]["direct"] == ["EX-01"]
    assert nodes["SDG-8.3"]["direct"] == ["EX-01"]
    shown = run_cli("framework", "show", "--lang", "en")
    assert shown.exit_code == 0
    assert "CITY.program" in shown.stdout

    # The other way: a measure naming an id the template does not have is an error at its line.
    example = root / "data" / "measures" / "example.yaml"
    example.write_text(example.read_text("utf-8").replace("CITY-1.1.2.1", "CITY-9"), "utf-8")
    exit_code, document = check_json()
    assert exit_code == 1
    [unknown] = [f for f in document["findings"] if f["code"] == "SA102"]
    assert (unknown["file"], unknown["node"]) == ("data/measures/example.yaml", "CITY-9")
    # …and CITY-1.1.2.1, served by nothing now, is said once, as is the coverage below 100 %.
    assert [f["node"] for f in document["findings"] if f["code"] == "SA201"] == ["CITY-1.1.2"]
