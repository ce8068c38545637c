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


def test_a_list_of_rows_is_written_row_by_row_and_a_row_in_one_piece():
    rows = [{"id": f"M-{n}", "score": n, "ok": n % 2 == 0, "note": None} for n in range(1000)]
    written = list(pieces({"rows": rows}, levels=2))
    # The 1,000 rows as 1,000 pieces or more, none holding more than one row: a list joined
    # whole was the impacts JSON of 100,000 measures at 680 MB more.
    assert len(written) >= 1000
    assert max(len(piece) for piece in written) < 80
    # At one level deeper each row is indented, made in one piece; the text is the same as
    # the standard library's, key by key.
    finding = {"code": "SA401", "line": 3, "ratio": 0.5, "hint": "「x」\n", "waived": False}
    (row,) = pieces(finding, levels=1)
    assert row == json.dumps(finding, ensure_ascii=False, indent=2)
    assert json.loads(dumps({"rows": rows}, levels=3)) == {"rows": rows}


def test_a_value_on_one_line_is_the_standard_librarys_text_for_it():
    # The writer reuses one C encoder for every value: its text must stay json.dumps's, for
    # every kind of value a document holds, and one value that fails must not spoil the next.
    from seta_align.documents.writing import _one_line

    values = [
        {"kpi": "K-1", "value": 0.1 + 0.2, "big": 1e16, "tiny": 5e-324, "neg": -0.0, "n": 3},
        {"nested": {"a": [1, 2.5, None, True, False], "b": ("x", "「全角」\t\n\u2028")}},
        [float("nan"), float("inf"), -float("inf")],
        {"2024": 131.0, "2025": None},
        ["\x00\x1f\"\\/", "😀", "\ud7ff"],
        [],
        {},
        2.0,
        -17,
        "plain",
        None,
    ]
    for value in values:
        expected = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
        assert _one_line(value) == expected
    # A generator of rows is written as the list it yields.
    assert _one_line({"rows": (n for n in range(3))}) == '{"rows": [0, 1, 2]}'
    failed = False
    try:
        _one_line({"a": [1, object()]})
    except TypeError:
        failed = True
    assert failed
    assert _one_line({"a": [1, 2]}) == '{"a": [1, 2]}'
