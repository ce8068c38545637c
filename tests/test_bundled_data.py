"""The bundled framework and sample draft: complete, faithful to the sources, and clean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from seta_align.loading.framework import load_framework, load_frameworks
from seta_align.loading.framework_modules import default_modules

from conftest import ROOT, check_json

POLICIES = ROOT / "data" / "policies.yaml"
SDGS = ROOT / "data" / "sdgs.yaml"
SEEDS = ROOT.parent / "shared" / "seeds"
REFERENCE = ROOT.parent / "shared" / "reference"


@pytest.fixture(scope="module")
def framework():
    """The default: seta-align:setagaya and seta-align:sdgs together."""
    return load_frameworks(default_modules())


def test_each_bundled_module_stands_on_its_own():
    setagaya = load_framework(POLICIES)
    assert set(setagaya.frameworks) == {"ORD", "IV", "PLAN"}
    assert not any(node.startswith("SDG") for node in setagaya.nodes)
    assert setagaya.plan_period == (2024, 2031)
    sdgs = load_framework(SDGS)
    assert set(sdgs.frameworks) == {"SDG"}
    assert not sdgs.fields and sdgs.plan_period is None and not sdgs.relations
    assert len(sdgs.nodes) == 17 + 169


def _ids(framework, level_key: str) -> list[str]:
    return [n.id for n in framework.nodes.values() if n.level_key == level_key]


def test_framework_counts(framework):
    assert _ids(framework, "ORD.basic_policy") == ["ORD-1", "ORD-2", "ORD-3", "ORD-4"]
    assert len(_ids(framework, "ORD.vision_goal")) == 14
    assert len(_ids(framework, "IV.keyword")) == 9
    assert _ids(framework, "PLAN.direction") == ["DIR"]
    assert _ids(framework, "PLAN.priority_policy") == [f"PP-{i}" for i in range(1, 7)]
    actions = _ids(framework, "PLAN.action")
    per_policy = [sum(1 for a in actions if a.startswith(f"PP-{i}.")) for i in range(1, 7)]
    assert per_policy == [4, 4, 3, 3, 3, 6]
    assert _ids(framework, "PLAN.principle") == [f"PR-{i}" for i in range(1, 7)]
    assert _ids(framework, "PLAN.vision") == [f"VIS-{i}" for i in range(1, 10)]
    assert _ids(framework, "PLAN.guideline") == [f"GL-{i}" for i in range(1, 8)]
    assert _ids(framework, "PLAN.guideline_part") == ["GL-4.1", "GL-4.2", "GL-4.3"]
    assert len(_ids(framework, "SDG.goal")) == 17
    assert len(_ids(framework, "SDG.target")) == 169
    assert set(framework.fields) == {"LIFE", "ECON", "URBAN", "ENV", "MGMT"}


def test_sdg_target_ids_are_text(framework):
    assert framework.nodes["SDG-8.10"].title != framework.nodes["SDG-8.1"].title
    assert framework.nodes["SDG-8.10"].parent == "SDG-8"
    assert framework.nodes["SDG-17.19"].parent == "SDG-17"


def test_plan_and_ordinance_nodes_name_their_fields(framework):
    for node in framework.nodes.values():
        if node.framework in ("PLAN", "ORD", "IV"):
            assert node.fields, node.id


def test_ambiguities_are_recorded_in_notes(framework):
    for node_id in ("ORD-1.4", "ORD-4.5", "PP-4", "DIR", "GL-3", "PR-4", "PR-5"):
        assert framework.nodes[node_id].note, node_id


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents are not beside the checkout")
def test_japanese_wording_is_taken_from_the_sources(framework):
    seeds = _squeeze("".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")))
    reference = _squeeze((REFERENCE / "README.md").read_text(encoding="utf-8"))
    for node in framework.nodes.values():
        if node.framework == "SDG":
            continue
        source = reference if node.framework == "PLAN" and node.level == "vision" else seeds
        for text in (node.title, node.short_title):
            if text:
                assert _squeeze(text) in source, (node.id, text)


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="the reference data is not beside the checkout")
def test_sdg_text_matches_the_reference(framework):
    reference = yaml.safe_load((REFERENCE / "sdgs.yaml").read_text(encoding="utf-8"))
    for goal in reference["goals"]:
        node = framework.nodes[f"SDG-{goal['number']}"]
        assert (node.title, node.title_en, node.color) == (
            goal["title_ja"],
            goal["title_en"],
            goal["color"],
        )
        for target in goal["targets"]:
            node = framework.nodes[f"SDG-{target['id']}"]
            assert (node.title, node.title_en) == (target["text_ja"], target["text_en"])


def test_sample_draft_is_realistic_and_passes():
    exit_code, document = check_json(ROOT / "data" / "measures")
    assert exit_code == 0
    assert document["summary"]["measures"] >= 40
    assert document["summary"]["files"] >= 5
    assert document["summary"]["findings"]["error"] == 0
    levels = {level["key"]: level for level in document["coverage"]["levels"]}
    assert levels["ORD.vision_goal"]["percent"] == 100.0
    assert levels["PLAN.action"]["percent"] == 100.0
    assert not [f for f in document["findings"] if f["code"] == "SA301"]


def test_every_sample_file_loads_with_plain_yaml():
    # The sample is plain YAML any tool can read, not a dialect of ours.
    for path in (ROOT / "data" / "measures").glob("*.yaml"):
        assert isinstance(yaml.safe_load(Path(path).read_text(encoding="utf-8")), list)


# --- fidelity corrections: what the data says about its own readings --------------------------


def test_relations_that_are_our_reading_say_so(framework):
    inferred = {(r.source, r.target) for r in framework.relations if r.basis == "inferred"}
    assert inferred == {("PP-6.4", "ORD-3"), ("PP-6.5", "ORD-2"), ("PP-6.6", "ORD-2")}
    for relation in framework.relations:
        if relation.basis == "inferred":
            assert relation.note.startswith("The project's reading, not a sentence")


def test_inferred_relations_can_be_turned_off(tmp_path):
    import json

    from conftest import run_cli

    def relations(*config: str) -> set[tuple[str, str]]:
        folder = tmp_path / ("off" if config else "on")
        folder.mkdir()
        (folder / "seta-align.yaml").write_text("\n".join(config) + "\n", encoding="utf-8")
        result = run_cli(
            "trace", "ORD-2", ROOT / "data" / "measures", "-c", folder / "seta-align.yaml",
            "--format", "json",
        )
        assert result.exit_code == 0, result.output
        document = json.loads(result.stdout)
        return {(r["direction"], r["node"]["id"]) for r in document["relations"]}

    assert ("incoming", "PP-6.5") in relations()  # used by default, and marked in the data
    off = relations("inferred_relations: false")
    assert ("incoming", "PP-6.5") not in off and ("incoming", "PP-6.6") not in off
    assert ("incoming", "IV") in off  # a relation a source states stays


def test_iv_is_credited_to_the_page_it_stands_on(framework):
    text = POLICIES.read_text(encoding="utf-8")
    assert "000_7791da3daf78c5bf.txt 別紙2 page" in text
    assert "does not mark where the 別紙2 page ends" not in text
    if SEEDS.is_dir():
        seed = (SEEDS / "000_7791da3daf78c5bf.txt").read_text(encoding="utf-8")
        theme = seed.index("「わくわく感が生む 世田谷の新たな価値と豊かさ」")
        # the labels at the top of each attachment's page (not the body's 「（別紙３参照）」)
        assert seed.index("\n別紙２\n") < theme < seed.index("\n別紙３\n")


def test_the_coverage_consequence_of_dir_is_said(framework):
    note = framework.nodes["DIR"].note
    assert "side by side" in note and "also counts as serving DIR" in note
    assert framework.nodes["PP-1"].parent == "DIR"
