"""What a loaded draft holds is lean, and says the same: a hint found through the compact id
index, and the fields a measure's file gave, kept once for all the measures that gave them."""

from __future__ import annotations

import pytest

from seta_align.loading.files import discover
from seta_align.loading.measures import load_draft
from seta_align.models import Kpi, Measure

from conftest import FIXTURES, ROOT, check_json


def test_a_near_id_gets_the_one_id_it_is_near_and_no_guess_among_equals():
    _code, document = check_json(FIXTURES / "near-ids" / "measures.yaml", "--lang", "en")
    unknown = {f["measure"]: f["message"] for f in document["findings"] if f["code"] == "SA102"}
    assert "Did you mean 'ORD-4.5'?" in unknown["NEAR-01"]  # a deletion of one id only
    assert "Did you mean 'ORD-4.5'?" in unknown["NEAR-02"]  # one character extra
    # ORD-1 … ORD-4 are all one character from ORD-5, and ORD-1.1 … ORD-4.1 from ORD-6.1:
    # a guess among equals would be a guess, so there is none.
    assert "Did you mean" not in unknown["NEAR-03"]
    assert "Did you mean" not in unknown["NEAR-04"]
    assert len(unknown) == 4


def _models(measure: Measure):
    yield measure
    if measure.period is not None:
        yield measure.period
    for kpi in measure.kpis:
        yield kpi
        yield from (v for v in (kpi.baseline, kpi.target) if v is not None)
    yield from measure.impacts


def test_the_fields_given_are_one_set_for_every_model_that_gave_them():
    draft = load_draft(discover([ROOT / "data" / "measures"]).files)
    models = [model for loaded in draft.measures for model in _models(loaded.measure)]
    kinds = {frozenset(m.model_fields_set) for m in models}
    held = {id(m.model_fields_set) for m in models}
    assert len(models) > 400 and len(held) == len(kinds) < 40
    # Each model still knows what its own file gave: of the 85 measures, the 11 that write
    # `depends_on:` and the 82 that write `kpis:` (counted in the files).
    def giving(key: str) -> list[Measure]:
        return [lm.measure for lm in draft.measures if key in lm.measure.model_fields_set]

    assert len(draft.measures) == 85
    assert len(giving("depends_on")) == 11 and len(giving("kpis")) == 82
    assert all("depends_on" in m.model_dump(exclude_unset=True) for m in giving("depends_on"))


def test_a_given_field_can_be_set_a_field_not_given_cannot():
    kpi = Kpi.model_validate({"name": "件数", "unit": "件", "target": {"year": 2031, "value": 10}})
    other = Kpi.model_validate({"name": "人数", "unit": "人", "target": {"year": 2031, "value": 5}})
    kpi.name = "相談件数"  # given: a new value, the same fields
    assert kpi.name == "相談件数" and kpi.model_fields_set == {"name", "unit", "target"}
    with pytest.raises(TypeError, match="'id' was not given"):
        kpi.id = "k1"
    assert "id" not in other.model_fields_set  # the shared set was not changed
    copied = kpi.model_copy(update={"id": "k1"})
    assert copied.model_fields_set == {"name", "unit", "target", "id"}
    assert kpi.model_fields_set == {"name", "unit", "target"}


def _every_key_path(tree, path=()):
    """Every path of a position tree (lists by index, mappings by key), with its node."""
    children = tree[2] if tree is not None and len(tree) > 2 else None
    if isinstance(children, dict):
        for key, entry in children.items():
            yield (*path, key)
            yield from _every_key_path(entry[2], (*path, key))
    elif isinstance(children, list):
        for index, item in enumerate(children):
            yield (*path, index)
            yield from _every_key_path(item, (*path, index))


def test_a_packed_map_locates_as_the_whole_tree_does():
    """A finding at a measure's first key is located from the start of its packed text, not by
    decoding its tree: on every measure file of the fixtures and the sample, every path of
    every item (its first key, later keys, keys that are not there, nested values, as value
    and as key) is where the unpacked tree says."""
    from seta_align.loading.yaml_source import SourceMap, parse_yaml_text

    files = sorted({*FIXTURES.rglob("*.yaml"), *(ROOT / "data" / "measures").rglob("*.yaml")})
    compared = first_keys = 0
    for file in files:
        document = parse_yaml_text(file.read_text(encoding="utf-8", errors="replace"), file.name)
        tree = document.source.positions
        if document.problems or tree is None or len(tree) < 3 or not isinstance(tree[2], list):
            continue
        whole = SourceMap(tree)
        packed = SourceMap.deferred(whole.packed())
        paths = [*_every_key_path(tree), (0, "no-such-key"), (10**6, "id"), (0, 0)]
        for path in paths:
            for prefer_key in (False, True):
                assert packed.locate(path, prefer_key) == whole.locate(path, prefer_key), (
                    file,
                    path,
                    prefer_key,
                )
                compared += 1
        first_keys += sum(
            1 for item in tree[2] if len(item) > 2 and isinstance(item[2], dict) and item[2]
        )
    assert compared > 10_000 and first_keys > 100  # the fixtures hold that many
