"""JSON documents are written in pieces, rows made as they are written (documents.writing)."""

from __future__ import annotations

import itertools
import json

from seta_align.documents.writing import dumps, pieces


def test_a_generator_of_rows_writes_what_the_list_writes():
    rows = [{"id": "A", "links": [1, 2]}, {"id": "B", "links": []}]
    for levels in (0, 1, 2, 3):
        as_list = dumps({"measures": rows, "none": []}, levels)
        as_rows = dumps({"measures": iter(rows), "none": iter([])}, levels)
        assert as_rows == as_list
        assert json.loads(as_rows) == {"measures": rows, "none": []}


def test_rows_are_made_only_as_they_are_written():
    made = []

    def endless():
        for number in itertools.count():
            made.append(number)
            yield {"n": number}

    written = pieces({"rows": endless()}, levels=2)
    head = "".join(itertools.islice(written, 6))
    assert head.startswith('{\n  "rows": [\n    {"n": 0},\n    {"n": 1}')
    assert len(made) <= 3  # a list would never have been finished
