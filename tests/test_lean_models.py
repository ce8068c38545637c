"""What a loaded draft holds is lean, and says the same: a hint found through the compact id
index, and each measure held as slotted records of the values validation gave."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import MISSING, asdict, fields

from seta_align.loading.file_load import decode, encode, load_file
from seta_align.loading.files import discover
from seta_align.loading.measures import load_draft
from seta_align.loading.yaml_source import parse_yaml_text
from seta_align.measure_records import Measure
from seta_align.models import Measure as MeasureModel
from seta_align.vocabulary import written

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


def _records(measure: Measure):
    yield measure
    if measure.period is not None:
        yield measure.period
    for kpi in measure.kpis:
        yield kpi
        yield from (v for v in (kpi.baseline, kpi.target) if v is not None)
    yield from measure.impacts


def test_a_loaded_measure_is_held_in_slots_with_the_values_its_file_gave():
    draft = load_draft(discover([ROOT / "data" / "measures"]).files)
    records = [record for loaded in draft.measures for record in _records(loaded.measure)]
    # No dictionary beside each record (a validated model held one of 180–460 bytes).
    assert not any(hasattr(record, "__dict__") for record in records)
    # Counted in the sample's files: 85 measures, each with a period; 136 KPIs, each with a
    # baseline and a target; 226 impacts.
    kinds = Counter(type(record).__name__ for record in records)
    assert kinds == {"Measure": 85, "Period": 85, "Kpi": 136, "YearValue": 272, "Impact": 226}
    # The 11 that write `depends_on:` and the 82 that write `kpis:`.
    assert sum(1 for lm in draft.measures if lm.measure.depends_on) == 11
    assert sum(1 for lm in draft.measures if lm.measure.kpis) == 82


def test_a_record_holds_every_value_validation_gave_and_the_cache_gives_them_back():
    """Every field of a measure, its KPIs, their values, its period and its impacts (the
    fixture writes each once): the record holds what the model validated, and the cache's
    JSON form reads back as the same records."""
    name = "every-field.yaml"
    raw = (FIXTURES / "every-field" / "measures" / name).read_bytes()
    loaded = load_file(raw, name)
    document = parse_yaml_text(raw.decode("utf-8"), name)
    assert [at for at, _ in loaded.measures] == [(0,), (1,)]
    for (_, record), item in zip(loaded.measures, document.data, strict=True):
        model = MeasureModel.model_validate(item)
        assert asdict(record) == model.model_dump()
    first = loaded.measures[0][1]
    assert first.kpis[0].milestones == {2026: 150.0, 2028: 175.25}
    assert first.kpis[1].tolerance == 2.5 and first.kpis[1].baseline is None
    assert first.impacts[0].reference == "令和8年度 第1回 庁内検討会"
    assert written(first.impacts[0], "source") == "令和8年度 第1回 庁内検討会"
    assert first.impacts[1].score == 2  # "reinforcing"
    again = decode(json.loads(json.dumps(encode(loaded))))
    assert again.measures == loaded.measures
    assert type(again.measures[0][1].kpis[0].target.value) is float


def _twins():
    """Each record of a loaded file and the model of its name that validates it."""
    from seta_align import input_records, measure_records, models

    records = (*measure_records.RECORDS, *input_records.RECORDS)
    assert len({record.__name__ for record in records}) == len(records)
    return [(record, getattr(models, record.__name__)) for record in records]


def test_the_records_have_the_fields_of_the_models_in_their_order():
    """The records and the models that validate them name the same fields in the same order,
    with the same defaults and the same names in a file (an analysis reads either; ``diff``
    lists changed fields in this order). ``set_in_file`` is the record's own: which keys the
    file wrote, which a model keeps as its fields set."""
    from pydantic_core import PydanticUndefined

    assert len(_twins()) == 19
    for record, model in _twins():
        own = [f for f in fields(record) if f.name != "set_in_file"]
        assert [f.name for f in own] == list(model.model_fields), record.__name__
        for field in own:
            info = model.model_fields[field.name]
            if info.default_factory is not None:
                expected = info.default_factory()
                made = field.default_factory()
                if hasattr(made, "__dataclass_fields__"):
                    made = {k: v for k, v in asdict(made).items() if k != "set_in_file"}
                expected = expected.model_dump() if hasattr(expected, "model_dump") else expected
                assert made == expected, (record.__name__, field.name)
            elif info.default is PydanticUndefined:
                assert field.default is MISSING and field.default_factory is MISSING
            else:
                assert field.default == info.default, (record.__name__, field.name)
            written_as = info.alias or field.name
            assert written(_blank(record), written_as) == f"<{field.name}>", (record, field)


def _blank(record):
    """An instance of ``record`` whose every field holds ``<its name>`` (to see which field a
    name in a file reads)."""
    made = object.__new__(record)
    for field in fields(record):
        object.__setattr__(made, field.name, f"<{field.name}>")
    return made


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


def test_a_matrix_of_measures_holds_three_cells_however_many_measures():
    """A measure's row of the matrix is made of three cells (●, ○ and none), shared by every
    row, in the analysis and in the view: 1.7 million cells at 100,000 measures by 17 goals
    were as many objects. The sample's 85 measures by the 17 goals: from the totals rows of
    `matrix`, 0 cells ● and 109 ○, so 85 × 17 − 109 = 1,336 empty."""
    from seta_align.analysis.matrix import build_matrix
    from seta_align.runner import prepare
    from seta_align.views.matrix import matrix_table
    from seta_align.views.model import Rows

    context = prepare([ROOT / "data" / "measures"], None, None, rules=False).result.context
    matrix = build_matrix(
        context.framework, context.measures, context.coverage, context.cross_field, "SDG.goal"
    )
    cells = [cell for row in matrix.rows for cell in row.cells]
    assert len(matrix.rows) == 85
    assert Counter((c.direct, c.inherited) for c in cells) == {(0, 1): 109, (0, 0): 1336}
    assert len({id(cell) for cell in cells}) == 2
    table = matrix_table(matrix, "ja")
    assert isinstance(table.rows, Rows)  # made as they are read: never held as cells
    marks = [cell for row in table.rows for cell in row[2:-2]]
    assert Counter(cell.text for cell in marks) == {"○": 109, "": 1336}
    assert len({id(cell) for cell in marks}) == 2


def test_the_empty_cells_of_an_impact_heatmap_are_one_cell():
    """The heatmap of measures × SDG goals: its empty cells (most of a large draft's) are one
    shared cell; every other cell is its own (it carries its tooltip)."""
    from seta_align.analysis.impact_matrix import measures_matrix
    from seta_align.analysis.impacts import analyse
    from seta_align.runner import prepare
    from seta_align.views.impacts import matrix

    context = prepare([ROOT / "data" / "measures"], None, None, rules=False).result.context
    found = measures_matrix(context, analyse(context))
    table = matrix(context, found, "ja")
    heat = [cell for row in table.rows for cell in row[2:19]]
    empty = [cell for cell in heat if cell.text == ""]
    assert len(heat) == len(found.rows) * 17
    assert len(empty) == len(heat) - len(found.cells) > 1000
    assert len({id(cell) for cell in empty}) == 1
    assert len({id(cell) for cell in heat}) == len(found.cells) + 1


def test_the_impact_tables_with_a_row_per_measure_are_made_as_they_are_read():
    """The impacts view's tables with a row per measure, trade-off or harm are made a row at a
    time as a format reads them, never held as cells (1.3 GB of cells at 100,000 measures):
    the same rows each time they are read, as many as the table says. The fixture of
    trade-offs, by hand: 4 measures, each with impacts (the ranking's rows); 5 trade-offs, the
    4 negative impacts (ROAD-01 on SDG-13.2 and SDG-11.6, SHOP-01 on PP-5.3, CLEAN-01 on
    SDG-11.2) and the negative interaction SDG-8.9 → SDG-11.6."""
    from seta_align.analysis.impacts import analyse
    from seta_align.runner import prepare
    from seta_align.views.impacts import ImpactView, build
    from seta_align.views.model import Rows, Table

    context = prepare(
        [FIXTURES / "trade-offs" / "measures"], None, None, rules=False
    ).result.context
    analysis = analyse(context)
    view = build(ImpactView(context, analysis, "ja", None, "SDG.goal"))
    tables = {b.key: b for b in view.blocks if isinstance(b, Table)}
    made = [
        "harms_by_policy_rows", "harms_by_goal_rows", "trade_offs", "ranking",
        "cluster_members", "measure_influence", "measures_matrix",
    ]
    for key in made:
        rows = tables[key].rows
        assert isinstance(rows, Rows), key
        first = [[(c.text, c.value, c.detail) for c in row] for row in rows]
        again = [[(c.text, c.value, c.detail) for c in row] for row in rows]
        assert first == again and len(first) == len(rows), key
    assert len(tables["trade_offs"].rows) == 5
    assert [row[0].text for row in tables["ranking"].rows] == sorted(
        ["SOLAR-01", "ROAD-01", "SHOP-01", "CLEAN-01"],
        key=lambda m: (-analysis.profiles[m].net, m),
    )
    assert len(tables["cluster_members"].rows) == sum(len(c.members) for c in analysis.clusters)
