"""The ward's evaluation scheme (the config's ``evaluation:``), on one fixture graded three ways
(and a fourth for ``rollup: worst``), every figure worked out by hand.

tests/fixtures/grading: eight measures of three departments, evaluated in FY2025. Each increase
KPI goes 100 (FY2023) → 200 (FY2027), so its target for FY2025 is 150; the decrease KPI
(ECON-13.k2) goes 100 → 50, its target for FY2025 75. ENV-12 reports nothing.

  KPI         value | 達成率 (ratio)        | 進捗率 (improvement)
                    | year       final      | year              final
  ECON-11.k1   165  | 165/150 = 1.1   .825  | 65/50 = 1.3       .65
  ECON-12.k1   150  | 1.0             .75   | 50/50 = 1.0       .5
  ECON-13.k1   140  | 140/150 = .933333 .7  | 40/50 = .8        .4
  ECON-13.k2    70  | 75/70 = 1.071429  50/70 = .714286 | (70−100)/(75−100) = 1.2   .6
  KIDS-11.k1   130  | .866667         .65   | .6                .3
  KIDS-12.k1   120  | .8              .6    | .4                .2
  KIDS-13.k1    90  | .6              .45   | −.2               −.1
  ENV-11.k1     60  | .4              .3    | −.8               −.4
  ENV-12.k1      –  | not reported

The policies: PP-6 = ECON-11, ECON-12 (PP-6.5), ECON-13 (PP-6.4), all 経済産業部; PP-1 =
KIDS-11, KIDS-12 (PP-1.1), KIDS-13 (PP-1.2), all 子ども・若者部; PP-5 = ENV-11 (PP-5.1),
ENV-12 (PP-5.2), both 環境政策部. A measure takes its worst KPI. ECON-11 and ECON-12 name
their section 商業課, ECON-13 産業連携課; the others none. ECON-13.k1 and KIDS-12.k1 are 活動指標
(activity), every other KPI 成果指標 (outcome).
"""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from openpyxl import load_workbook

from conftest import FIXTURES, run_cli

GRADING = FIXTURES / "grading"
MEASURES = GRADING / "measures"


def _document(config: str) -> dict:
    result = run_cli(
        "progress", MEASURES, "-c", GRADING / config, "--format", "json", "--lang", "ja"
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _kpis(document: dict) -> dict[str, tuple]:
    return {k["kpi"]: (k["grade"], k["rate"], k["achievement"]) for k in document["kpis"]}


def _rollups(document: dict, section: str) -> dict[str, tuple]:
    return {r["id"]: (r["grade"], r["mean_rate"]) for r in document[section]}


# --- 1. the default: 進捗率, the built-in statuses, cap 100 %, share 80 % ------------------------


def test_the_default_scheme():
    """進捗率 against the year's target: ≥ 1 順調, ≥ .8 おおむね順調, else 遅れ.

    Measures: ECON-11 順調, ECON-12 順調, ECON-13 worst of (おおむね順調, 順調) = おおむね順調,
    KIDS-11/12/13 遅れ, ENV-11 遅れ, ENV-12 未報告. Their capped year's rates: ECON-11
    min(1.3, 1) = 1, ECON-12 1, ECON-13 (.8 + min(1.2, 1)) / 2 = .9, KIDS .6, .4 and
    max(−.2, 0) = 0, ENV-11 max(−.8, 0) = 0 (a KPI that went backwards counts as no progress).
    PP-6: 順調 or better 2 of 3 = 67 % < 80 %, おおむね順調 or better 3 of 3 → おおむね順調, mean
    (1 + 1 + .9) / 3 = .966667. PP-1: 遅れ 3 of 3 → 遅れ, mean (.6 + .4 + 0) / 3 = .333333.
    PP-5: 遅れ or better 1 of 2 = 50 % < 80 % → 未報告, mean 0."""
    document = _document("seta-align.yaml")
    assert document["scheme"]["rate"] == "improvement" and document["scheme"]["cap"] == 1
    assert _kpis(document) == {
        "ECON-11.k1": ("on_track", 1.3, 0.65),
        "ECON-12.k1": ("on_track", 1, 0.5),
        "ECON-13.k1": ("mostly_on_track", 0.8, 0.4),
        "ECON-13.k2": ("on_track", 1.2, 0.6),
        "KIDS-11.k1": ("behind", 0.6, 0.3),
        "KIDS-12.k1": ("behind", 0.4, 0.2),
        "KIDS-13.k1": ("behind", -0.2, -0.1),
        "ENV-11.k1": ("behind", -0.8, -0.4),
        "ENV-12.k1": ("not_reported", None, None),
    }
    far = {k["kpi"] for k in document["kpis"] if k["far_behind"]}
    assert far == {"KIDS-12.k1", "KIDS-13.k1", "ENV-11.k1"}  # below 50 %
    measures = _rollups(document, "measures")
    assert measures["ECON-13"] == ("mostly_on_track", 0.9)
    assert measures["ENV-12"] == ("not_reported", None)
    nodes = _rollups(document, "nodes")
    assert nodes["PP-6"] == ("mostly_on_track", 0.966667)
    assert nodes["PP-1"] == ("behind", 0.333333)
    assert nodes["PP-5"] == ("not_reported", 0)
    assert _rollups(document, "owners")["経済産業部"] == ("mostly_on_track", 0.966667)


# --- 2. 達成率, grades A/B/C/D, share 60 % -----------------------------------------------------------


def test_ratio_graded_a_to_d_by_share():
    """達成率 = 実績 ÷ 年度目標値: A ≥ 100 %, B ≥ 80 %, C ≥ 50 %, D below.

    KPIs: ECON-11 A (1.1), ECON-12 A (1.0), ECON-13.k1 B (.933333), ECON-13.k2 A (1.071429),
    KIDS-11 B (.866667), KIDS-12 B (.8), KIDS-13 C (.6), ENV-11 D (.4). Measures: ECON-13
    worst of (B, A) = B. Their capped rates: ECON-11 1, ECON-12 1, ECON-13 (.933333 + 1) / 2
    = .966667, KIDS .866667, .8, .6. PP-6: A 2 of 3 = 67 % ≥ 60 % → A, mean (1 + 1 + .966667)
    / 3 = .988889. PP-1: A none, B or better 2 of 3 = 67 % → B, mean .755556. PP-5: D 1 of 2
    = 50 % < 60 % → 未報告."""
    document = _document("abcd.yaml")
    grades = {kpi: grade for kpi, (grade, _, _) in _kpis(document).items()}
    assert grades == {
        "ECON-11.k1": "A", "ECON-12.k1": "A", "ECON-13.k1": "B", "ECON-13.k2": "A",
        "KIDS-11.k1": "B", "KIDS-12.k1": "B", "KIDS-13.k1": "C", "ENV-11.k1": "D",
        "ENV-12.k1": "not_reported",
    }
    kpis = _kpis(document)
    assert kpis["ECON-13.k2"][1:] == (1.071429, 0.714286)  # 75/70, 50/70: a decrease KPI
    assert kpis["ECON-11.k1"][1:] == (1.1, 0.825)
    statuses = {k["kpi"]: k["status"] for k in document["kpis"]}
    # What each grade counts as, by its place: A on track, B and C mostly, D behind.
    assert (statuses["ECON-11.k1"], statuses["KIDS-13.k1"], statuses["ENV-11.k1"]) == (
        "on_track", "mostly_on_track", "behind"
    )
    assert _rollups(document, "measures")["ECON-13"] == ("B", 0.966667)
    nodes = _rollups(document, "nodes")
    assert nodes["PP-6"] == ("A", 0.988889)
    pp6 = next(r for r in document["nodes"] if r["id"] == "PP-6")
    # the machine formats keep their shape: counts and worst by status, the grades beside them
    assert (pp6["grade_counts"], pp6["counts"], pp6["worst"]) == (
        {"A": 2, "B": 1}, {"on_track": 2, "mostly_on_track": 1}, "mostly_on_track"
    )
    assert nodes["PP-1"] == ("B", 0.755556)
    assert nodes["PP-5"] == ("not_reported", 0.4)


# --- 3. 達成率 without a cap, ◎○△×, graded on the mean ---------------------------------------------


def test_ratio_uncapped_marks_by_mean():
    """◎ ≥ 110 %, ○ ≥ 90 %, △ ≥ 60 %, × below; no cap.

    KPIs: ECON-11 ◎ (1.1), ECON-12 ○, ECON-13.k1 ○ (.933333), ECON-13.k2 ○ (1.071429), KIDS
    △ △ △ (.866667, .8, .6), ENV-11 × (.4). Measure means: ECON-13 (.933333 + 1.071429) / 2 =
    1.002381. PP-6: (1.1 + 1 + 1.002381) / 3 = 1.034127 → ○. PP-1: (.866667 + .8 + .6) / 3 =
    .755556 → △. PP-5: ENV-11's .4 alone (ENV-12 has no rate) → ×."""
    document = _document("marks.yaml")
    grades = {kpi: grade for kpi, (grade, _, _) in _kpis(document).items()}
    assert grades == {
        "ECON-11.k1": "◎", "ECON-12.k1": "○", "ECON-13.k1": "○", "ECON-13.k2": "○",
        "KIDS-11.k1": "△", "KIDS-12.k1": "△", "KIDS-13.k1": "△", "ENV-11.k1": "×",
        "ENV-12.k1": "not_reported",
    }
    # the meanings the config gives: ◎ counts as 達成
    assert {k["kpi"]: k["status"] for k in document["kpis"]}["ECON-11.k1"] == "achieved"
    assert _rollups(document, "measures")["ECON-11"] == ("◎", 1.1)  # no cap
    nodes = _rollups(document, "nodes")
    assert nodes["PP-6"] == ("○", 1.034127)
    assert nodes["PP-1"] == ("△", 0.755556)
    assert nodes["PP-5"] == ("×", 0.4)


def test_rollup_worst():
    """PP-6 the worst of 順調, 順調, おおむね順調; PP-5 遅れ before 未報告 (the order of
    attention)."""
    nodes = _rollups(_document("worst.yaml"), "nodes")
    assert (nodes["PP-6"][0], nodes["PP-1"][0], nodes["PP-5"][0]) == (
        "mostly_on_track", "behind", "behind"
    )


# --- the same grades in every format -----------------------------------------------------------


def test_the_grades_in_every_format(tmp_path):
    """Scheme 2 (A–D): the priority policies' grades and breakdowns, and the KPIs' grades, read
    back from the terminal, Markdown, CSV, XLSX and HTML."""
    args = ("progress", MEASURES, "-c", GRADING / "abcd.yaml", "--lang", "ja")
    shown = run_cli(*args, env={"COLUMNS": "200"}).stdout
    rows = {
        line.split()[0]: " ".join(line.split()) + " "
        for line in shown.splitlines()
        if line.strip()[:5] in ("PP-1 ", "PP-5 ", "PP-6 ")
    }
    assert " 3 A " in rows["PP-6"] and "A 2・B 1 99% " in rows["PP-6"]
    assert " 3 B " in rows["PP-1"] and "B 2・C 1 76% " in rows["PP-1"]
    assert " 2 未報告 " in rows["PP-5"] and "D 1・未報告 1 40% " in rows["PP-5"]
    # the scheme, said once under the legend
    flat = " ".join(shown.split())
    assert "達成率 = 実績 ÷ 年度目標値（減少の指標は 年度目標値 ÷ 実績）" in flat
    assert "評価（達成率）: A ≥ 100%、B ≥ 80%、C ≥ 50%、D それ未満" in flat
    assert "施策の 60% 以上が届いている最も良い評価" in flat

    markdown = run_cli(*args, "--format", "markdown").stdout
    # a grade carries the square of what it counts as: A on track, B mostly, 未報告
    assert "| PP-6 安全で魅力的な街づくりと産業連携による新たな価値の創出 | 3 | 🟩 A | A 2・B 1 | 99% |" in markdown
    assert "| PP-1 子ども・若者が笑顔で過ごせる環境の整備 | 3 | 🟨 B | B 2・C 1 | 76% |" in markdown
    assert "| PP-5 脱炭素社会の構築と自然との共生 | 2 | ⬜ 未報告 | D 1・未報告 1 | 40% |" in markdown

    target = tmp_path / "grades.csv"
    assert run_cli(*args, "-o", target).exit_code == 0
    table = list(csv.DictReader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    by_kpi = {row["指標ID"]: row for row in table}
    assert by_kpi["ECON-13.k2"]["状況"] == "A"
    assert float(by_kpi["ECON-13.k2"]["達成率（年度）"]) == pytest.approx(1.071429)
    assert float(by_kpi["ECON-13.k2"]["達成率（最終）"]) == pytest.approx(0.714286)
    assert by_kpi["ENV-11.k1"]["状況"] == "D" and by_kpi["ENV-11.k1"]["状況コード"] == "behind"

    target = tmp_path / "grades.xlsx"
    assert run_cli(*args, "-o", target).exit_code == 0
    sheet = load_workbook(target)["重点政策"]
    headings = [cell.value for cell in sheet[2]]
    grade_at, a_at, rate_at = headings.index("評価"), headings.index("A"), headings.index("平均達成率（年度）")
    found = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True) if row[0]}
    assert found["PP-6"][grade_at] == "A" and found["PP-6"][a_at] == 2
    assert found["PP-1"][grade_at] == "B" and found["PP-1"][rate_at] == pytest.approx(0.755556)

    target = tmp_path / "grades.html"
    assert run_cli(*args, "-o", target).exit_code == 0
    page = target.read_text(encoding="utf-8")
    pp6 = page.split('data-id="PP-6"')[1].split("</tr>")[0]
    assert ">A</span>" in pp6 and 'data-status="on_track"' in pp6


@pytest.mark.parametrize(
    ("evaluation", "said"),
    [
        (
            "  grades:\n    - {label: A, min: 80}\n    - {label: B, min: 100}\n    - {label: C}\n",
            "min は上から大きい順に書き",
        ),
        ("  grades:\n    - {label: A}\n    - {label: B, min: 50}\n", "最後の評価だけ min を省きます"),
        ("  grades:\n    - {label: A, min: 100}\n    - {label: B, min: 80}\n", "最後の評価だけ min を省きます"),
        ("  grades:\n    - {label: A, min: 100}\n    - {label: A}\n", "同じ label が2回あります"),
        ("  rate: ratoi\n", "「evaluation.rate」の値 'ratoi' は使えません"),
        ("  rollup: median\n", "「evaluation.rollup」の値 'median' は使えません"),
        ("  share: 0\n", "範囲外です"),
    ],
)
def test_a_scheme_that_cannot_grade_is_a_located_error(tmp_path, evaluation, said):
    config = tmp_path / "seta-align.yaml"
    config.write_text(
        f"measures: [{MEASURES.as_posix()}]\nresults: [{(GRADING / 'results').as_posix()}]\n"
        f"evaluation:\n{evaluation}",
        encoding="utf-8",
    )
    result = run_cli("progress", MEASURES, "-c", config, "--lang", "ja", env={"COLUMNS": "200"})
    assert result.exit_code == 2
    flat = "".join(result.output.split())  # the table wraps long paths and messages
    assert said.replace(" ", "") in flat
    assert "seta-align.yaml" in flat and "Traceback" not in result.output


def test_the_older_progress_thresholds_still_count(tmp_path):
    """``progress: {mostly_on_track: 0.6}`` (a fraction, as before ``evaluation:``): ECON-13.k1
    at 80 % of the year's target stays おおむね順調, KIDS-11 at 60 % becomes おおむね順調 too."""
    config = tmp_path / "seta-align.yaml"
    config.write_text(
        f"measures: [{MEASURES.as_posix()}]\nresults: [{(GRADING / 'results').as_posix()}]\n"
        "progress: {mostly_on_track: 0.6}\n",
        encoding="utf-8",
    )
    result = run_cli("progress", MEASURES, "-c", config, "--format", "json")
    grades = {k["kpi"]: k["grade"] for k in json.loads(result.stdout)["kpis"]}
    assert (grades["ECON-13.k1"], grades["KIDS-11.k1"], grades["KIDS-12.k1"]) == (
        "mostly_on_track", "mostly_on_track", "behind"
    )


def test_the_check_json_keeps_its_documented_schema_under_any_scheme():
    """``check --format json``'s progress block validates against its documented JSON Schema
    with the ward's grades too: counts and worst stay statuses, the grade is beside them."""
    import jsonschema
    from test_progress import _documented_progress_schema

    from conftest import check_json

    _, document = check_json(MEASURES, "-c", GRADING / "abcd.yaml")
    block = document["progress"]
    jsonschema.validate(block, _documented_progress_schema())
    pp1 = next(p for p in block["priority_policies"] if p["id"] == "PP-1")
    assert (pp1["counts"], pp1["worst"], pp1["grade"]) == ({"mostly_on_track": 3}, "mostly_on_track", "B")


def test_owners_with_the_largest_share_behind_come_first():
    """--by owner: 子ども・若者部 (3 of 3 behind), 環境政策部 (1 of 2 behind, 1 not reported),
    経済産業部 (none behind)."""
    shown = run_cli(
        "progress", MEASURES, "-c", GRADING / "seta-align.yaml", "--by", "owner",
        "--format", "markdown",
    ).stdout
    table = shown[shown.index("### 所管部ごとの進捗") :]
    owners = [line.split("|")[1].strip() for line in table.splitlines()[4:7]]
    assert owners == ["子ども・若者部", "環境政策部", "経済産業部"]


def test_the_reason_and_the_owner_beside_every_delay_at_80_columns():
    """The list of KPIs behind or not reported keeps 所管 and 理由・備考 on a narrow screen: the
    series and the figures are what it leaves out."""
    shown = run_cli(
        "progress", FIXTURES / "progress" / "measures", env={"COLUMNS": "80", "SETA_ALIGN_LANG": "ja"}
    ).stdout
    table = shown[shown.index("遅れ・未報告の指標") :]
    heading = " ".join(table.splitlines()[2:5])
    assert "所管" in heading and "理由・備考" in heading
    flat = "".join(table.split())
    assert "LIFE-01地域活動" in flat.replace("…", "") or "LIFE-01" in flat
    assert "調査は隔年で実施" in flat  # LIFE-01's note for 2026
    assert "省略した列:推移" in flat  # the series went first


def test_sections_beside_their_departments():
    """--by section, the default scheme: 経済産業部／商業課 = ECON-11, ECON-12 (順調, 順調) →
    順調, mean 1; 経済産業部／産業連携課 = ECON-13 (おおむね順調, mean .9); the departments
    whose measures name no section stand as 「…（課の指定なし）」."""
    document = _document("seta-align.yaml")
    sections = _rollups(document, "sections")
    assert sections == {
        "経済産業部／商業課": ("on_track", 1),
        "経済産業部／産業連携課": ("mostly_on_track", 0.9),
        "子ども・若者部（課の指定なし）": ("behind", 0.333333),
        "環境政策部（課の指定なし）": ("not_reported", 0),
    }
    shown = run_cli(
        "progress", MEASURES, "-c", GRADING / "seta-align.yaml", "--by", "section",
        "--format", "markdown",
    ).stdout
    assert "### 所管課ごとの進捗" in shown
    assert "| 経済産業部／商業課 | 2 | 🟩 順調 | 順調 2 | 100% |" in shown
    target_csv = run_cli(
        "progress", MEASURES, "-c", GRADING / "seta-align.yaml", "--format", "csv"
    ).stdout_bytes.decode("utf-8-sig")
    rows = {row["指標ID"]: row for row in csv.DictReader(io.StringIO(target_csv))}
    assert (rows["ECON-13.k1"]["所管課"], rows["ECON-13.k1"]["種別"]) == ("産業連携課", "活動指標")
    assert (rows["KIDS-11.k1"]["所管課"], rows["KIDS-11.k1"]["種別"]) == ("", "成果指標")


def test_measures_graded_on_their_outcome_kpis():
    """evaluation.kpis: outcome. ECON-13 is graded on ECON-13.k2 alone (順調, 1.2 capped at 1),
    not on its 活動指標 ECON-13.k1 (おおむね順調); KIDS-12 has no 成果指標, so no grade. PP-6:
    順調 3 of 3 → 順調, mean 1; PP-1: KIDS-11 and KIDS-13 遅れ → 遅れ, mean (.6 + 0) / 2 = .3.
    Every KPI is still evaluated and listed."""
    document = _document("outcome.yaml")
    assert document["scheme"]["described"][-1].startswith(
        "施策の評価: 成果指標のうち最も悪いもの（活動指標は施策の評価に含めない）"
    )
    measures = _rollups(document, "measures")
    assert measures["ECON-13"] == ("on_track", 1)
    assert measures["KIDS-12"] == (None, None)
    nodes = _rollups(document, "nodes")
    assert nodes["PP-6"] == ("on_track", 1)
    assert nodes["PP-1"] == ("behind", 0.3)
    assert _kpis(document)["ECON-13.k1"][0] == "mostly_on_track"  # still evaluated


@pytest.mark.parametrize(("tolerance", "grade"), [("", "on_track"), ("      tolerance: 1\n", "behind")])
def test_a_maintain_kpi_may_set_its_own_tolerance(tmp_path, tolerance, grade):
    """Farmland to be kept at 75 ha, 73.1 in FY2025 (「相続に伴う宅地化で1.1ha減少」): 1.9 ha
    off is within the default 5 % (3.75 ha), 順調; the KPI's own 1 % (0.75 ha) makes it 遅れ."""
    (tmp_path / "measures").mkdir()
    (tmp_path / "measures" / "m.yaml").write_text(
        "- id: ENV-31\n  title: 農地の保全\n  owner: 環境政策部\n  field: ENV\n"
        "  supports: [PP-5.2]\n  kpis:\n    - id: ENV-31.k1\n      name: 区内の農地面積\n"
        "      unit: ha\n      direction: 維持\n      baseline: {year: 2023, value: 75}\n"
        f"      target: {{year: 2031, value: 75}}\n{tolerance}",
        encoding="utf-8",
    )
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "2025.yaml").write_text(
        "- {measure: ENV-31, kpi: ENV-31.k1, year: 2025, value: 73.1, note: 相続に伴う宅地化で1.1ha減少}\n",
        encoding="utf-8",
    )
    (tmp_path / "seta-align.yaml").write_text("measures: [measures]\nresults: [results]\n", encoding="utf-8")
    result = run_cli("progress", tmp_path / "measures", "-c", tmp_path / "seta-align.yaml", "--format", "json")
    (kpi,) = json.loads(result.stdout)["kpis"]
    assert kpi["grade"] == grade
    assert kpi["tolerance"] == (0.01 if tolerance else None)


# --- the measures' evaluations (施策評価) ---------------------------------------------------------


def test_evaluations_beside_the_grades():
    """tests/fixtures/grading/evaluations/2025.yaml under the default scheme: ECON-13
    (おおむね順調) graded 順調 by its section, one grade apart; KIDS-11 (遅れ) graded 順調, two
    grades apart: flagged ⚠; ENV-11 遅れ by both; 令和7年度 and 継続 read as 2025 and
    continue."""
    document = _document("evaluated.yaml")
    found = {e["measure"]: e for e in document["evaluations"]}
    assert set(found) == {"ECON-13", "KIDS-11", "KIDS-12", "ENV-11"}
    assert (found["ECON-13"]["grade"], found["ECON-13"]["self_grade"], found["ECON-13"]["grades_apart"]) == (
        "mostly_on_track", "on_track", 1
    )
    assert (found["ECON-13"]["year"], found["ECON-13"]["outlook"]) == (2025, "continue")
    assert (found["KIDS-11"]["grade"], found["KIDS-11"]["self_grade"], found["KIDS-11"]["grades_apart"]) == (
        "behind", "on_track", 2
    )
    assert (found["ENV-11"]["grades_apart"], found["ENV-11"]["outlook"]) == (0, "reduce")
    assert found["KIDS-12"]["self_grade"] is None and found["KIDS-12"]["improvements"] is None
    markdown = run_cli(
        "progress", MEASURES, "-c", GRADING / "evaluated.yaml", "--by", "measure", "--format", "markdown"
    ).stdout
    table = markdown[markdown.index("### 施策評価（2025 年度）") :]
    assert (
        "| KIDS-11 子どもの居場所づくり | 子ども・若者部 | 🟥 遅れ | 🟩 順調 ⚠ | 改善 | "
        "開設予定の2か所が用地確保の遅れで翌年度にずれ込んだ。 | 区有地の活用を優先し、開設手続きを前倒しする。 | "
        "子ども家庭課 |" in table
    )
    assert "| KIDS-13 子育て相談の充実 | 子ども・若者部 | 🟥 遅れ |  |  |  |  |  |" in table  # the gap shows
    assert "- ⚠ 一次評価が、実績から求めた評価と2段階以上離れています。" in table


def test_evaluations_in_the_workbook(tmp_path):
    target = tmp_path / "evaluated.xlsx"
    assert run_cli("progress", MEASURES, "-c", GRADING / "evaluated.yaml", "-o", target).exit_code == 0
    sheet = load_workbook(target)["施策評価"]
    headings = [cell.value for cell in sheet[2]]
    rows = {row[0]: dict(zip(headings, row, strict=False)) for row in sheet.iter_rows(min_row=3, values_only=True) if row[0]}
    kids = rows["KIDS-11"]
    assert (kids["評価"], kids["一次評価"], kids["評価の差（段階）"], kids["今後の方向性"]) == ("遅れ", "順調 ⚠", 2, "改善")
    assert (kids["所管"], kids["評価者"]) == ("子ども・若者部", "子ども家庭課")
    assert rows["ECON-13"]["所管課"] == "産業連携課"
    # a reader's --by node view leaves the table to the spreadsheet
    plain = run_cli("progress", MEASURES, "-c", GRADING / "evaluated.yaml", "--format", "markdown").stdout
    assert "施策評価" not in plain


def _findings(config, *args) -> list[dict]:
    from conftest import check_json

    _, document = check_json(MEASURES, "-c", config, *args)
    return document["findings"]


def test_sa710_a_delay_without_challenges_and_improvements():
    """KIDS-12 gives 課題 but no 改善方法 (at its evaluation); KIDS-13, 遅れ, has no evaluation
    (at the measure). ECON-13 is おおむね順調; KIDS-11 and ENV-11 give both; ENV-12 is 未報告."""
    found = [f for f in _findings(GRADING / "evaluated.yaml") if f["code"] == "SA710"]
    assert sorted((f["measure"], f["file"].split("/")[-1], f["line"]) for f in found) == [
        ("KIDS-12", "2025.yaml", 20),
        ("KIDS-13", "measures.yaml", 74),  # its `- id: KIDS-13` line
    ]
    assert "改善方法がありません" in next(f for f in found if f["measure"] == "KIDS-12")["message"]
    # quiet while no evaluation is written anywhere
    assert not [f for f in _findings(GRADING / "seta-align.yaml") if f["code"] == "SA710"]


def test_sa711_an_evaluation_that_cannot_be_used(tmp_path):
    """An unknown measure (did you mean KIDS-11?), a self-grade the scheme has not, and one
    measure and year evaluated twice; each at its place."""
    folder = tmp_path / "evaluations"
    folder.mkdir()
    (folder / "2025.yaml").write_text(
        "evaluations:\n"
        "  - {measure: KIDZ-11, year: 2025, challenges: x, improvements: y}\n"
        "  - {measure: KIDS-11, year: 2025, self_grade: S, challenges: x, improvements: y}\n"
        "  - {measure: KIDS-11, year: 2025, challenges: x, improvements: y}\n",
        encoding="utf-8",
    )
    config = tmp_path / "seta-align.yaml"
    config.write_text(
        f"measures: [{MEASURES.as_posix()}]\n"
        f"results: [{(GRADING / 'results').as_posix()}, evaluations]\n",
        encoding="utf-8",
    )
    found = [f for f in _findings(config, "--lang", "ja") if f["code"] == "SA711"]
    # the evaluation, its self-grade's value (column 48: the S), the second evaluation
    assert [(f["line"], f["column"]) for f in found] == [(2, 5), (3, 48), (4, 5)]
    messages = [f["message"] for f in found]
    assert "「KIDS-11」の誤りではありませんか？" in messages[0]
    assert "一次評価「S」は評価の方式にない評価です" in messages[1] or "一次評価「S」" in messages[1]
    assert "2つあります" in messages[2]
    assert not [f for f in _findings(GRADING / "evaluated.yaml") if f["code"] == "SA711"]


def test_an_evaluation_of_the_wrong_shape_is_a_located_error(tmp_path):
    """今後の方向性 「やめる」 is no outlook: exit 2 at its place, and the other evaluations and
    every result are still read."""
    folder = tmp_path / "evaluations"
    folder.mkdir()
    (folder / "2025.yaml").write_text(
        "evaluations:\n"
        "  - {measure: KIDS-11, year: 2025, outlook: やめる}\n"
        "  - {measure: KIDS-12, year: 2025, challenges: x, improvements: y}\n",
        encoding="utf-8",
    )
    config = tmp_path / "seta-align.yaml"
    config.write_text(
        f"measures: [{MEASURES.as_posix()}]\nresults: [{(GRADING / 'results').as_posix()}, evaluations]\n",
        encoding="utf-8",
    )
    result = run_cli("check", MEASURES, "-c", config, "--format", "json", "--lang", "ja")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    (problem,) = [f for f in document["findings"] if f["code"] == "SA003"]
    assert (problem["line"], "outlook" in problem["message"]) == (2, True)
    # KIDS-12's evaluation was read: no SA710 for it; KIDS-11's could not be: none for it either
    sa710 = {f["measure"] for f in document["findings"] if f["code"] == "SA710"}
    assert sa710 == {"KIDS-13", "ENV-11"}


# --- the 施策評価 sheet of the yearly workbook ------------------------------------------------------


def _project(tmp_path):
    import shutil

    for part in ("measures", "results"):
        shutil.copytree(GRADING / part, tmp_path / part)
    (tmp_path / "seta-align.yaml").write_text("measures: [measures]\nresults: [results]\n", encoding="utf-8")
    return tmp_path


def _filled_template(project, rows: dict[str, dict[str, str]]):
    """The results workbook of FY2025, its 施策評価 sheet filled in by heading."""
    template = project / "template.xlsx"
    result = run_cli("export", "--results-template", "--year", "2025", "-c", project / "seta-align.yaml", "-o", template)
    assert result.exit_code == 0, result.output
    book = load_workbook(template)
    sheet = book["施策評価"]
    headings = [cell.value for cell in sheet[4]]
    where = {sheet.cell(row=r, column=3).value: r for r in range(5, sheet.max_row + 1)}
    for measure, values in rows.items():
        for heading, value in values.items():
            sheet.cell(row=where[measure], column=headings.index(heading) + 1, value=value)
    filled = project / "filled.xlsx"
    book.save(filled)
    return filled


def test_the_evaluation_sheet_goes_out_and_comes_back(tmp_path):
    project = _project(tmp_path)
    filled = _filled_template(
        project,
        {
            "KIDS-11": {"一次評価": "順調", "今後の方向性": "改善", "課題": "用地確保が遅れた。",
                        "改善方法": "区有地を活用する。", "評価者": "子ども家庭課"},
            "ENV-11": {"一次評価": "遅れ", "今後の方向性": "縮小"},
        },
    )
    sheet = load_workbook(filled)["施策評価"]
    assert [cell.value for cell in sheet[4]] == [
        "所管部", "所管課", "施策番号", "施策名", "年度", "一次評価", "今後の方向性", "課題", "改善方法",
        "評価者", "備考",
    ]
    assert sheet.max_row == 4 + 8  # every measure with KPIs
    assert sheet.protection.sheet and not sheet["F5"].protection.locked and sheet["C5"].protection.locked
    (choices,) = sheet.data_validations.dataValidation
    assert choices.formula1 == '"拡充,継続,改善,縮小,休止,廃止"'
    out = project / "evaluations.yaml"
    result = run_cli("import", filled, "--results", "-c", project / "seta-align.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    assert "施策評価 2 件" in result.output
    import yaml

    written = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert written["results"] == []  # the workbook's results were left empty
    assert written["evaluations"] == [
        {"measure": "KIDS-11", "year": 2025, "challenges": "用地確保が遅れた。", "improvements": "区有地を活用する。",
         "outlook": "improve", "self_grade": "順調", "assessed_by": "子ども家庭課"},
        {"measure": "ENV-11", "year": 2025, "outlook": "reduce", "self_grade": "遅れ"},
    ]
    (project / "seta-align.yaml").write_text(
        "measures: [measures]\nresults: [results, evaluations.yaml]\n", encoding="utf-8"
    )
    document = json.loads(
        run_cli("progress", project / "measures", "-c", project / "seta-align.yaml", "--format", "json").stdout
    )
    found = {e["measure"]: e for e in document["evaluations"]}
    assert (found["KIDS-11"]["grades_apart"], found["ENV-11"]["grades_apart"]) == (2, 0)


def test_an_evaluation_sheet_with_slips_writes_nothing(tmp_path):
    project = _project(tmp_path)
    filled = _filled_template(
        project,
        {"KIDS-11": {"一次評価": "Ｓ", "今後の方向性": "やめる", "課題": "x"}},
    )
    out = project / "evaluations.yaml"
    result = run_cli("import", filled, "--results", "-c", project / "seta-align.yaml", "-o", out, "--lang", "ja")
    assert result.exit_code == 2 and not out.exists()
    flat = " ".join(result.output.split())
    assert "施策評価 行8 列F「一次評価」: 一次評価「Ｓ」は評価の方式にない評価です。" in flat
    assert "使える評価: 達成、順調、おおむね順調、遅れ" in flat
    assert "施策評価 行8 列G「今後の方向性」: 「やめる」は今後の方向性として読めません。" in flat
    assert "拡充・継続・改善・縮小・休止・廃止" in flat


@pytest.mark.parametrize(
    ("config", "policies", "kpi"),
    [
        # (PP-6, PP-1, PP-5): grade and the mean of the capped year's rates; ECON-13.k1's grade
        ("seta-align.yaml", {"PP-6": ("おおむね順調", "97%"), "PP-1": ("遅れ", "33%"), "PP-5": ("未報告", "0%")}, "おおむね順調"),
        ("abcd.yaml", {"PP-6": ("A", "99%"), "PP-1": ("B", "76%"), "PP-5": ("未報告", "40%")}, "B"),
        ("marks.yaml", {"PP-6": ("○", "103%"), "PP-1": ("△", "76%"), "PP-5": ("×", "40%")}, "○"),
    ],
    ids=["default", "abcd", "marks"],
)
def test_each_scheme_in_every_format(tmp_path, config, policies, kpi):
    """The figures of the three tests above, read back from the terminal, Markdown, HTML and
    CSV (JSON: above; XLSX: tests/test_views_consistency.py reads every sheet back)."""
    args = ("progress", MEASURES, "-c", GRADING / config, "--lang", "ja")
    shown = run_cli(*args, env={"COLUMNS": "200"}).stdout
    markdown = run_cli(*args, "--format", "markdown").stdout
    page = run_cli(*args, "--format", "html").stdout
    for policy, (grade, mean) in policies.items():
        line = " ".join(next(t for t in shown.splitlines() if t.strip().startswith(policy + " ")).split())
        assert f" {grade} " in line and line.endswith(f" {mean}"), line
        row = next(t for t in markdown.splitlines() if t.startswith(f"| {policy} "))
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[2].endswith(grade) and cells[-1] == mean, row
        html_row = page[page.index(f'<tr data-id="{policy}"') :].split("</tr>")[0]
        assert f">{grade}</span>" in html_row and f">{mean}</td>" in html_row
    table = list(csv.DictReader(io.StringIO(run_cli(*args, "--format", "csv").stdout_bytes.decode("utf-8-sig"))))
    assert next(r for r in table if r["指標ID"] == "ECON-13.k1")["状況"] == kpi


def _one_policy_project(tmp_path, kpis: str, results: str, evaluation: str):
    (tmp_path / "measures").mkdir()
    (tmp_path / "measures" / "m.yaml").write_text(kpis, encoding="utf-8")
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "r.yaml").write_text(results, encoding="utf-8")
    config = tmp_path / "seta-align.yaml"
    config.write_text(f"measures: [measures]\nresults: [results]\nevaluation: {evaluation}\n", encoding="utf-8")
    result = run_cli("progress", tmp_path / "measures", "-c", config, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_ratio_toward_a_target_of_zero_has_no_rate(tmp_path):
    """達成率 = 目標値 ÷ 実績 is 0 for any value when the target is 0: no final rate. The year's
    target (100 → 0 by 2027: 50 in 2025) still gives one: 50 ÷ 40 = 125 %, 順調."""
    document = _one_policy_project(
        tmp_path,
        "- {id: SAFE-01, title: 事故ゼロ, owner: 危機管理部, field: LIFE, supports: [PP-6.1], kpis: "
        "[{id: SAFE-01.k1, name: 事故件数, unit: 件, baseline: {year: 2023, value: 100}, "
        "target: {year: 2027, value: 0}}]}\n",
        "- {measure: SAFE-01, kpi: SAFE-01.k1, year: 2025, value: 40}\n",
        "{rate: ratio}",
    )
    (kpi,) = document["kpis"]
    assert (kpi["rate"], kpi["achievement"], kpi["status"]) == (1.25, None, "on_track")


def test_the_mean_rollup_counts_a_measure_without_a_rate_and_a_majority_not_reported(tmp_path):
    """rollup: mean. PP-6.1 holds A (rate 1.0) and B, a maintain KPI not held (no rate: it counts
    at 遅れ's 0): mean .5 → 遅れ, not 順調. PP-6.3 holds C (未報告) and D (未報告) and E (1.0):
    two of three not reported → 未報告."""
    measure = (
        "- {{id: {id}, title: {id}, owner: 部, field: URBAN, supports: [{node}], kpis: [{{id: {id}.k1, "
        "name: 指標, unit: 件, baseline: {{year: 2023, value: {b}}}, target: {{year: 2027, value: {t}}}}}]}}\n"
    )
    kpis = "".join(
        measure.format(id=i, node=n, b=b, t=t)
        for i, n, b, t in (("A-01", "PP-6.1", 100, 200), ("B-01", "PP-6.1", 50, 50), ("C-01", "PP-6.3", 100, 200),
                           ("D-01", "PP-6.3", 100, 200), ("E-01", "PP-6.3", 100, 200))
    )
    results = (
        "- {measure: A-01, kpi: A-01.k1, year: 2025, value: 150}\n"
        "- {measure: B-01, kpi: B-01.k1, year: 2025, value: 40}\n"
        "- {measure: E-01, kpi: E-01.k1, year: 2025, value: 150}\n"
    )
    document = _one_policy_project(tmp_path, kpis, results, "{rollup: mean}")
    nodes = {n["id"]: n["grade"] for n in document["nodes"]}
    assert (nodes["PP-6.1"], nodes["PP-6.3"]) == ("behind", "not_reported")


def test_the_tools_own_far_behind_is_a_self_grade(tmp_path):
    from seta_align.analysis.evaluation import scheme_of
    from seta_align.loading.config import Settings

    scheme = scheme_of(Settings())
    assert scheme.key_of("遅れ（大幅）") == scheme.key_of("遅れ") == "behind"
    assert scheme.key_of("behind (far)") == "behind"


def test_a_results_sheet_with_a_challenges_column_stays_a_results_sheet(tmp_path):
    """A department's own sheet of results with a 課題 column: its results are read, its 課題
    column is not an evaluation sheet's; and a measure evaluated twice on 施策評価 is an error."""
    from openpyxl import Workbook

    project = _project(tmp_path)
    book = Workbook()
    sheet = book.active
    sheet.title = "経済産業部"
    sheet.append(["施策番号", "指標ID", "年度", "実績値", "備考", "課題"])
    sheet.append(["ECON-11", "ECON-11.k1", 2025, 165, None, "相談員の不足"])
    sheet.append(["ECON-12", "ECON-12.k1", 2025, 150, None, None])
    evaluations = book.create_sheet("施策評価")
    evaluations.append(["施策番号", "年度", "一次評価", "課題", "改善方法"])
    evaluations.append(["KIDS-11", 2025, "順調", "x", "y"])
    evaluations.append(["KIDS-11", 2025, "遅れ", "x", "y"])
    filled = project / "dept.xlsx"
    book.save(filled)
    out = project / "out.yaml"
    twice = run_cli("import", filled, "--results", "-c", project / "seta-align.yaml", "-o", out, "--lang", "ja")
    assert twice.exit_code == 2 and not out.exists()
    assert "施策 KIDS-11 の 2025 年度の施策評価は、すでに 施策評価 行2 にあります。" in " ".join(twice.output.split())
    evaluations.delete_rows(3)
    book.save(filled)
    result = run_cli("import", filled, "--results", "-c", project / "seta-align.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    import yaml

    written = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [r["measure"] for r in written["results"]] == ["ECON-11", "ECON-12"]
    assert [e["measure"] for e in written["evaluations"]] == ["KIDS-11"]


def test_an_evaluations_only_workbook_never_takes_the_place_of_the_results(tmp_path):
    """Only 施策評価 filled in: written to results/2025-evaluations.yaml beside 2025.yaml."""
    project = _project(tmp_path)
    filled = _filled_template(project, {"KIDS-11": {"課題": "x", "改善方法": "y"}})
    result = run_cli("import", filled, "--results", "-c", project / "seta-align.yaml")
    assert result.exit_code == 0, result.output
    assert (project / "results" / "2025-evaluations.yaml").exists()
    assert "ECON-11" in (project / "results" / "2025.yaml").read_text(encoding="utf-8")  # untouched


def test_the_evaluation_sheet_sent_out_again_keeps_what_is_written(tmp_path):
    """The FY2025 workbook of a project whose evaluations are written (evaluations/2025.yaml):
    its 施策評価 sheet shows them, and reading the sheet back gives the same evaluations."""
    import yaml

    project = _project(tmp_path)
    shutil.copytree(GRADING / "evaluations", project / "evaluations")
    (project / "seta-align.yaml").write_text(
        "measures: [measures]\nresults: [results, evaluations]\n", encoding="utf-8"
    )
    template = project / "t.xlsx"
    assert run_cli(
        "export", "--results-template", "--year", "2025", "-c", project / "seta-align.yaml", "-o", template
    ).exit_code == 0
    sheet = load_workbook(template)["施策評価"]
    rows = {row[2]: row for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert rows["KIDS-11"][5:10] == (
        "順調", "改善", "開設予定の2か所が用地確保の遅れで翌年度にずれ込んだ。",
        "区有地の活用を優先し、開設手続きを前倒しする。", "子ども家庭課",
    )
    assert rows["ECON-11"][5:] == (None,) * 6  # nothing written for it
    out = project / "again.yaml"
    result = run_cli("import", template, "--results", "-c", project / "seta-align.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    again = yaml.safe_load(out.read_text(encoding="utf-8"))["evaluations"]
    original = yaml.safe_load((GRADING / "evaluations" / "2025.yaml").read_text(encoding="utf-8"))["evaluations"]
    outlooks = {"継続": "continue", "改善": "improve", "縮小": "reduce"}
    for item in original:
        item["year"] = 2025  # 令和7年度, read as 2025
        if "outlook" in item:
            item["outlook"] = outlooks[item["outlook"]]
    assert sorted(again, key=lambda e: e["measure"]) == sorted(original, key=lambda e: e["measure"])
