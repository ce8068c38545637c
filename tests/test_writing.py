"""JSON documents are written in pieces, rows made as they are written (documents.writing)."""

from __future__ import annotations

import itertools
import json

from seta_align.documents.writing import dumps, pieces

from conftest import ROOT, run_cli


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


def test_a_document_written_in_pieces_to_a_device_says_its_true_size():
    measures = ROOT / "tests" / "fixtures" / "trade-offs" / "measures"
    config = ROOT / "tests" / "fixtures" / "trade-offs" / "seta-align.yaml"
    shown = run_cli("impacts", measures, "-c", config, "--format", "json")
    written = run_cli("impacts", measures, "-c", config, "--format", "json", "-o", "/dev/null")
    assert shown.exit_code == written.exit_code == 0
    size = len(shown.stdout.encode("utf-8"))
    assert size > 1000
    assert f"（{size:,} バイト）" in written.stderr
