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
