"""The principle behind one slip, one finding, as a property.

A valid project (tests/fixtures/slips: measures with KPIs and impacts, two years of results,
plan-level indicators, an interactions file and the config) gets one random slip, as people
make them: a character deleted, inserted or replaced, a line deleted or doubled, or a line moved
one indentation step in or out. For every slip:

- the run ends with exit code 0, 1 or 2, with JSON on stdout and no traceback;
- a measure that is still in the files is never reported as missing by any finding;
- the count of measures drops only with a finding that names the file and the line of each
  measure that could not be read (an input problem inside that measure's lines);
- a slip in a results, indicators or interactions file leaves the measures' own findings as
  they were (those of the rules that read the slipped file aside: outcome management SA7xx for
  results and indicators, the impact rules SA6xx for interactions).

CI runs ``EXAMPLES`` slips (derandomised: the same ones every run). A longer run is
``SETA_ALIGN_SLIPS=3000 pytest tests/test_slip_property.py``; its figures are in
tests/fuzz/README.md.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, run_cli

SLIPS = FIXTURES / "slips"
EXAMPLES = int(os.environ.get("SETA_ALIGN_SLIPS", "120"))
FILES = (
    "measures/keizai.yaml",
    "measures/kankyo.yaml",
    "results/2024.yaml",
    "results/2025.yaml",
    "indicators.yaml",
    "interactions.yaml",
    "seta-align.yaml",
)
# What people type by mistake: punctuation that means something to YAML, the Japanese
# punctuation an IME gives, a letter, a digit.
TYPED = [*",:-{}[]'\"# \t", "，", "、", "：", "ー", "a", "1", "0", "O"]
ID_LINE = re.compile(r"^-[ \t]+id:[ \t]*([A-Za-z][A-Za-z0-9_.\-]*)[ \t]*$")
INPUT_PROBLEMS = {"SA001", "SA002", "SA003"}
RULES_READING = {
    "results": "SA7",
    "indicators.yaml": "SA7",
    "interactions.yaml": "SA6",
}


def _slip(text: str, operation: str, where: float, typed: str) -> str:
    lines = text.splitlines(keepends=True)
    if operation in ("delete line", "double line", "indent", "dedent"):
        index = min(int(where * len(lines)), len(lines) - 1)
        line = lines[index]
        if operation == "delete line":
            del lines[index]
        elif operation == "double line":
            lines.insert(index, line)
        elif operation == "indent":
            lines[index] = "  " + line
        elif line.startswith("  "):
            lines[index] = line[2:]
        return "".join(lines)
    index = min(int(where * len(text)), len(text) - 1)
    if operation == "delete":
        return text[:index] + text[index + 1 :]
    if operation == "insert":
        return text[:index] + typed + text[index:]
    return text[:index] + typed + text[index + 1 :]


def _check(project: Path) -> tuple[int, dict, str]:
    result = run_cli("check", project, "--format", "json", "--lang", "en")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1, 2), result.output
    return result.exit_code, json.loads(result.stdout), result.stderr


def _measure_spans(project: Path) -> dict[str, list[tuple[int, int, str]]]:
    """For each measure file: (first line, last line, id) of each item with a readable id line."""
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for relative in FILES[:2]:
        path = project / relative
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        starts = [i for i, line in enumerate(lines) if line.startswith("-")]
        found = []
        for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
            match = ID_LINE.match(lines[start])
            if match:
                found.append((start + 1, end, match.group(1)))
        spans[str(path)] = found
    return spans


_BASELINE: dict = {}


def _baseline() -> dict:
    if not _BASELINE:
        with tempfile.TemporaryDirectory() as folder:
            project = Path(folder) / "draft"
            shutil.copytree(SLIPS, project)
            code, document, _ = _check(project)
            assert code == 0
            _BASELINE["document"] = document
            _BASELINE["measures"] = document["summary"]["measures"]
    return _BASELINE


def _own_findings(document: dict, leave_out: str) -> list[tuple]:
    """The findings in the measure files, those of the rules in ``leave_out`` aside."""
    return sorted(
        (f["code"], Path(f["file"]).name, f["line"], f["message"])
        for f in document["findings"]
        if f["file"] and "/measures/" in f["file"] and not f["code"].startswith(leave_out)
    )


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    file=st.sampled_from(FILES),
    operation=st.sampled_from(
        ["delete", "insert", "replace", "delete line", "double line", "indent", "dedent"]
    ),
    where=st.floats(min_value=0, max_value=1, allow_nan=False),
    typed=st.sampled_from(TYPED),
)
def test_one_slip_never_hides_nor_invents_a_finding(file, operation, where, typed):
    baseline = _baseline()
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "draft"
        shutil.copytree(SLIPS, project)
        path = project / file
        path.write_text(
            _slip(path.read_text(encoding="utf-8"), operation, where, typed), encoding="utf-8"
        )
        _code, document, _ = _check(project)
        findings = document["findings"]
        spans = _measure_spans(project)
        present = {identifier for items in spans.values() for _, _, identifier in items}

        # A measure still in the files is never reported as missing.
        for finding in findings:
            english = finding["messages"]["en"]
            for identifier in present:
                assert f"measure '{identifier}', which does not exist" not in english, finding
                assert f"unknown id '{identifier}'" not in english, finding

        # The count drops only with a finding inside each measure that could not be read.
        counted = document.get("summary", {}).get("measures")
        if counted is not None and counted < baseline["measures"]:
            lost = baseline["measures"] - counted
            problems = [
                (f["file"], f["line"])
                for f in findings
                if f["code"] in INPUT_PROBLEMS and f["line"] is not None
            ]
            named = 0
            for file_name, items in spans.items():
                for first, last, _identifier in items:
                    if any(p == file_name and first <= line <= last for p, line in problems):
                        named += 1
            unnamed_problems = [
                p for p in problems if p[0] in spans and not any(
                    first <= p[1] <= last for first, last, _ in spans[p[0]]
                )
            ]
            # An item whose id line itself was broken has no span: its problem stands
            # outside every readable item.
            assert named + len(unnamed_problems) >= lost, (lost, problems, spans)

        # A slip beside the measures leaves their own findings as they were.
        reading = next((code for key, code in RULES_READING.items() if file.startswith(key)), None)
        if reading is not None:
            assert counted == baseline["measures"]
            before = _own_findings(baseline["document"], reading)
            assert _own_findings(document, reading) == before
