"""What a view command reads, and what stops it: a view that never shows the rules' findings
does not run the rules, and a view that does not use the results does not read them — so a
broken results file stops `progress` (it cannot grade without it) but neither `impacts` nor
`matrix`, and a rule's finding stops none of them."""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES, run_cli

PROGRESS = FIXTURES / "progress"


@pytest.fixture
def project(tmp_path):
    shutil.copytree(PROGRESS, tmp_path / "p")
    return tmp_path / "p"


def _run(command: str, project, *args: str):
    return run_cli(command, project / "measures", "--config", project / "seta-align.yaml", *args)


@pytest.mark.parametrize(
    ("command", "args"),
    [("impacts", ("--format", "json")), ("matrix", ("--format", "csv")),
     ("progress", ("--format", "json"))],
)
def test_every_view_reads_the_whole_draft(project, command, args):
    assert _run(command, project, *args).exit_code == 0


def test_a_broken_results_file_stops_only_what_needs_it(project):
    broken = next((project / "results").glob("*.yaml"))
    broken.write_text("- {measure: [unclosed\n", encoding="utf-8")
    stopped = _run("progress", project, "--format", "json")
    assert stopped.exit_code == 2 and broken.name in stopped.stderr
    for command, args in (("impacts", ("--format", "json")), ("matrix", ("--format", "csv"))):
        result = _run(command, project, *args)
        assert result.exit_code == 0, (command, result.output)
        assert broken.name not in result.stderr  # not read, so nothing to say about it


def test_a_rule_finding_stops_no_view_but_an_unreadable_measure_file_stops_every_one(project):
    measures = next((project / "measures").glob("*.yaml"))
    text = measures.read_text(encoding="utf-8")
    # A link to an id that does not exist is a rule's finding (SA102): check exits 1 …
    measures.write_text(text.replace("supports: [", "supports: [NO-SUCH-1, ", 1), encoding="utf-8")
    assert run_cli("check", project / "measures", "--config", project / "seta-align.yaml").exit_code == 1
    for command, args in (("impacts", ("--format", "json")), ("matrix", ("--format", "csv")),
                          ("progress", ("--format", "json"))):
        assert _run(command, project, *args).exit_code == 0, command
    # … a measure file that cannot be read is an input problem: every view stops (exit 2).
    measures.write_text(text + "\n- id: [broken\n", encoding="utf-8")
    for command, args in (("impacts", ("--format", "json")), ("matrix", ("--format", "csv")),
                          ("progress", ("--format", "json"))):
        result = _run(command, project, *args)
        assert result.exit_code == 2 and measures.name in result.output, command
