"""Where the findings about results point, and one analysis shared by the check and
``progress``.

A result's positions are looked up only when a finding names it (a results file of 100,000
lines has a handful of findings), and the KPIs with their matched results are worked out once
per check for every rule and year. These tests pin what that must not change: the line and
column of each finding in a results file written in block style under ``results:``, and the
same ``progress`` document whether the evaluated year is the default or given.
"""

from __future__ import annotations

import json
import shutil

from conftest import FIXTURES, check_json, findings_of, run_cli

PROGRESS = FIXTURES / "progress"

# Block style under a note, so each result sits at ("results", index). Columns by hand:
# "  - measure: " is 13 characters, so a measure id starts in column 14; "    year: " is 10,
# a year in column 11; "    value: " is 11, a value in column 12.
RESULTS = """\
note: 訂正を含む実績
results:
  - measure: ECON-1O
    kpi: 創業件数
    year: 2026
    value: 130
  - measure: ECON-01
    kpi: 創業件数
    year: 2035
    value: 131
  - measure: ECON-01
    kpi: 創業件数
    year: 2026
    value: 128
  - measure: econ-01
    kpi: ECON-01.k1
    year: 2026
    value: 129
"""


def _project(tmp_path, results: str):
    project = tmp_path / "project"
    shutil.copytree(PROGRESS, project)
    shutil.rmtree(project / "results")
    (project / "results").mkdir()
    (project / "results" / "r.yaml").write_text(results, encoding="utf-8")
    return project


def _where(finding) -> tuple[str, int, int]:
    return finding["file"].replace("\\", "/"), finding["line"], finding["column"]


def test_findings_point_at_the_value_they_are_about(tmp_path):
    project = _project(tmp_path, RESULTS)
    _, document = check_json(project / "measures", "--lang", "en")
    file = "results/r.yaml"
    (unknown,) = findings_of(document, "SA704")
    assert _where(unknown)[1:] == (3, 14) and _where(unknown)[0].endswith(file)
    assert "Did you mean 'ECON-01'?" in unknown["message"]
    (year,) = findings_of(document, "SA705")
    assert _where(year)[1:] == (9, 11)  # 2035, the second result's year
    (twice,) = findings_of(document, "SA706")
    # the fourth result's value (129, line 18), naming the third's (128, line 14)
    assert _where(twice)[1:] == (18, 12)
    assert f"{file}:14:12)" in twice["message"].replace("\\", "/")
    assert "(129, and 128 at " in twice["message"]


def test_a_clean_results_file_has_no_such_findings(tmp_path):
    # the id right, the year inside the plan, one value for ECON-01 in 2026 (said three times)
    clean = (
        RESULTS.replace("ECON-1O", "ECON-01")
        .replace("2035", "2025")
        .replace("130", "128")
        .replace("129", "128")
    )
    project = _project(tmp_path, clean)
    _, document = check_json(project / "measures", "--lang", "en")
    assert not [f for f in document["findings"] if f["code"] in ("SA704", "SA705", "SA706")]


def _progress(*args: str) -> dict:
    result = run_cli("progress", PROGRESS / "measures", "--format", "json", "--lang", "en", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_default_year_and_the_same_year_given_agree():
    # The default year (the latest with results, 2026) is the one the check's rules evaluated;
    # --year 2026 is worked out afresh. ECON-01 in 2026: 128 against 140, 28/80 = 0.35 (behind).
    default, given = _progress(), _progress("--year", "2026")
    assert default == given
    econ = next(k for k in default["kpis"] if k["measure"] == "ECON-01")
    assert (default["year"], econ["value"], econ["achievement"], econ["status"]) == (
        2026,
        128,
        0.35,
        "behind",
    )
    # ... and another year is another document: 2025's 127 is 27/80 = 0.3375, mostly on track.
    earlier = _progress("--year", "2025")
    econ = next(k for k in earlier["kpis"] if k["measure"] == "ECON-01")
    assert (earlier["year"], econ["achievement"], econ["status"]) == (
        2025,
        0.3375,
        "mostly_on_track",
    )
