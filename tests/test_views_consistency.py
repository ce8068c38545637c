"""One view, every format: each table of a view, read back from every file format, holds the
cells of the view.

The view is built here from the same files the command reads (runner.prepare, then the
view's own module); the command is run for real in each format, and its output parsed:

- Markdown: each ``### title`` table, its cells with the format's marks taken off (the ``🟥``
  of a status, the backticks of an id, the ``**`` of a heading row) and its escapes undone;
- HTML (an HTML parser): each ``table[data-table]``: every cell's text, its figure
  (``data-value``) and, for a bar of statuses, its words (``aria-label``);
- CSV: the view's main table, every figure and text as the spreadsheet is given them;
- XLSX (openpyxl): a sheet per table for a spreadsheet, its title in the first row, its
  headings in the second.

A reader's table (the terminal, Markdown, HTML) and a spreadsheet's (CSV, XLSX) may differ in
columns (views.model.Audience); each is compared with the view's table for its audience.
"""

from __future__ import annotations

import csv
import html
import io
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from seta_align.exporters.measures_sheet import neutralise
from seta_align.views.model import NOTHING, STRONG, LineChart, Role, Table, data_value

from conftest import CLEAN, FIXTURES, gfm_cells, run_cli

MARKS = ("🔴", "🟡", "🔵", "🟦", "🟩", "🟨", "🟥", "⬜", "▫️", "✅", "❌")


# --- the view, built from the files --------------------------------------------------------------


def impacts_view(*args: str, focus: tuple[str, str] | None = None, columns: str = "SDG.goal"):
    from seta_align.analysis.impacts import analyse
    from seta_align.runner import prepare
    from seta_align.views.impacts import ImpactView, build

    sample = "--sample" in args
    paths = [p for p in args if p not in ("--sample",)]
    config = None
    if "--config" in paths:
        at = paths.index("--config")
        config = Path(paths[at + 1])
        del paths[at : at + 2]
    context = prepare([Path(p) for p in paths] or None, None, config, sample=sample).result.context
    return build(ImpactView(context, analyse(context), "ja", focus, columns))


def matrix_view(*args: str, columns: str | None = None, rows: str = "measure"):
    from seta_align.analysis.matrix import build_matrix, default_columns
    from seta_align.runner import prepare
    from seta_align.views.matrix import build
    from seta_align.views.model import scope

    sample = "--sample" in args
    paths = [Path(p) for p in args if p != "--sample"]
    context = prepare(paths or None, None, None, sample=sample).result.context
    found = build_matrix(
        context.framework,
        context.measures,
        context.coverage,
        context.cross_field,
        columns or default_columns(context.framework),
        rows,
    )
    return build(found, "ja", scope(context, "ja"))


def progress_view(*args: str, by: str = "node", compare: int | None = None):
    from seta_align.analysis.progress import compare as compare_years
    from seta_align.analysis.progress import progress_of_context
    from seta_align.runner import prepare
    from seta_align.views.progress import ProgressView, build

    sample = "--sample" in args
    paths = [p for p in args if p != "--sample"]
    config = None
    if "--config" in paths:  # a ward's own evaluation scheme
        at = paths.index("--config")
        config = Path(paths[at + 1])
        del paths[at : at + 2]
    context = prepare([Path(p) for p in paths] or None, None, config, sample=sample).result.context
    analysis = progress_of_context(context)
    changes = compared = None
    if compare is not None:
        compared = (min(compare, analysis.year), max(compare, analysis.year))
        changes = compare_years(context, *compared)
    return build(ProgressView(context, analysis, "ja", by, changes, compared))


def trace_view(identifier: str, *args: str):
    from seta_align.analysis.trace import MEASURE, resolve_id, trace_measure, trace_node
    from seta_align.runner import prepare
    from seta_align.views.trace import measure_view, node_view

    sample = "--sample" in args
    paths = [Path(p) for p in args if p != "--sample"]
    context = prepare(paths or None, None, None, sample=sample).result.context
    resolved = resolve_id(context, identifier)
    if resolved.kind == MEASURE:
        return measure_view(context, trace_measure(context, resolved.id), "ja")
    return node_view(context, trace_node(context, resolved.id), "ja")


def diff_view(old: str, new: str):
    from seta_align.analysis.diff import diff_results
    from seta_align.runner import prepare
    from seta_align.views.diff import build

    before, after = (prepare([Path(side)], None, None).result for side in (old, new))
    counts = [len(side.context.measures) for side in (before, after)]
    return build(diff_results(before, after), "ja", list(zip((old, new), counts, strict=True)))


def years_view(*args: str, years: tuple[int, int]):
    from seta_align.analysis.progress import diff_years
    from seta_align.runner import prepare
    from seta_align.views.progress_diff import build

    sample = "--sample" in args
    paths = [Path(p) for p in args if p != "--sample"]
    context = prepare(paths or None, None, None, sample=sample).result.context
    return build(context, diff_years(context, *years), "ja")


# --- each format, read back --------------------------------------------------------------------


def markdown_tables(text: str) -> dict[str, list[list[str]]]:
    """Each ``### title`` table: its header and rows as cell texts."""
    tables: dict[str, list[list[str]]] = {}
    title = None
    for line in text.splitlines():
        if line.startswith("### "):
            title = line[4:]
            tables[title] = []
        elif title is not None and line.startswith("|"):
            cells = gfm_cells(line)
            if not all(set(c) <= set("-:") for c in cells):
                tables[title].append([_unmarked(c) for c in cells])
    return tables


def _unmarked(cell: str) -> str:
    for mark in MARKS:
        if cell.startswith(mark + " "):
            cell = cell[len(mark) + 1 :]
    if len(cell) > 1 and cell.startswith("`") and cell.endswith("`"):
        cell = cell[1:-1]
    if len(cell) > 3 and cell.startswith("**") and cell.endswith("**"):
        cell = cell[2:-2]
    cell = cell.replace("<br>", "\n").replace("\\|", "|").replace("\\\\", "\\")
    return html.unescape(cell)


class HtmlTables(HTMLParser):
    """Each ``table[data-table]``: its rows of cells, each (text, data-value, aria-label)."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[tuple[str, str | None, str | None]]]] = {}
        self._table: str | None = None
        self._cell: list | None = None
        self._svg = 0
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "table" and "data-table" in attributes:
            self._table = attributes["data-table"]
            self.tables[self._table] = []
        elif self._table is not None and tag == "tr":
            self.tables[self._table].append([])
        elif self._table is not None and tag in ("td", "th"):
            self._cell = ["", attributes.get("data-value"), None]
        elif self._cell is not None and tag == "div" and "aria-label" in attributes:
            self._cell[2] = attributes["aria-label"]
        elif tag == "svg":
            self._svg += 1
        elif tag == "br" and self._cell is not None:
            self._cell[0] += "\n"

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag in ("td", "th") and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].append(tuple(self._cell))
            self._cell = None
        elif tag == "svg":
            self._svg -= 1

    def handle_data(self, data):
        if self._cell is not None and not self._svg:
            self._cell[0] += data


def _spreadsheet_text(value: object) -> object:
    """A view's data value as a spreadsheet holds it: text neutralised against formulas."""
    return neutralise(value) if isinstance(value, str) else value


# --- the comparisons -----------------------------------------------------------------------------


def _reading(view) -> list[Table]:
    return view.tables("markdown")


def _all_rows(table: Table) -> list:
    """The rows of a table and, under them, its sums."""
    return [*table.rows, *table.totals]


def check_markdown(view, text: str) -> int:
    found = markdown_tables(text)
    compared = 0
    for table in _reading(view):
        columns = [i for i, c in enumerate(table.columns) if c.role is not Role.BAR]
        if not table.rows:  # said in words, not as a header alone
            assert found[table.title] == [], table.title
            continue
        header, *rows = found[table.title]
        assert header == [table.columns[i].title for i in columns], table.title
        assert len(rows) == len(_all_rows(table)), table.title
        for shown, row in zip(rows, _all_rows(table), strict=True):
            assert shown == [row[i].text.strip() for i in columns], table.title
            compared += len(columns)
    assert len(found) == len(_reading(view))  # and no table the view does not have
    return compared


def check_html(view, page: str) -> int:
    found = HtmlTables(page).tables
    compared = 0
    for table in view.tables("html"):
        if not table.rows:  # said in words, not as a header alone
            assert table.key not in found, table.key
            continue
        header, *rows = found[table.key]
        titles = [c.title + (c.subtitle or "") for c in table.columns]
        assert [text for text, _, _ in header] == titles, table.key
        assert len(rows) == len(_all_rows(table)), table.key
        for shown, row in zip(rows, _all_rows(table), strict=True):
            if len(shown) == 1:  # a heading row over the rows below: its cells in one
                assert shown[0][0].startswith(row[0].text.strip()), table.key
                continue
            for (text, value, label), cell, column in zip(shown, row, table.columns, strict=True):
                if column.role is Role.BAR:
                    assert label == (cell.text if cell.value else NOTHING), table.key
                elif column.role is Role.SERIES and isinstance(cell.value, LineChart):
                    assert text == "", table.key  # drawn: the chart carries its words
                else:
                    assert text == ("" if cell.text == "" else cell.text.strip()), table.key
                    figure = isinstance(cell.value, int | float) and not isinstance(cell.value, bool)
                    if figure and column.role is not Role.LABEL:
                        assert float(value) == pytest.approx(cell.value, abs=1e-6), table.key
                compared += 1
    return compared


def check_csv(view, data: bytes) -> int:
    (table,) = [t for t in view.tables("csv") if t.key == view.main]
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == [f"{c.title} {c.subtitle}" if c.subtitle else c.title for c in table.columns]
    assert len(rows) - 1 == len(_all_rows(table))
    for shown, row in zip(rows[1:], _all_rows(table), strict=True):
        expected = []
        for cell, column in zip(row, table.columns, strict=True):
            value = _spreadsheet_text(data_value(cell, column))
            expected.append("" if value is None else str(value))
        assert shown == expected, table.key
    return len(_all_rows(table)) * len(table.columns)


def check_xlsx(view, path) -> int:
    book = load_workbook(path)
    compared = 0
    tables = view.tables("xlsx")
    assert len(book.sheetnames) == len(tables)
    for sheet, table in zip(book.worksheets, tables, strict=True):
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == table.title, sheet.title
        headings = [(h or "").split("\n")[0] for h in rows[1][: len(table.columns)]]
        assert headings == [c.title for c in table.columns], sheet.title
        body = _all_rows(table)
        for shown, row in zip(rows[2 : 2 + len(body)], body, strict=True):
            expected = [
                # help and harm in one matrix cell (「+2 / −1」): text of figures only, which
                # a workbook holds as text with no ' before its +
                cell.text if column.heat and isinstance(cell.value, tuple)
                else _spreadsheet_text(data_value(cell, column))
                for cell, column in zip(row, table.columns, strict=True)
            ]
            assert list(shown[: len(expected)]) == expected, sheet.title
            compared += len(expected)
    return compared


# --- every view of every fixture -----------------------------------------------------------------

PROGRESS = str(FIXTURES / "progress" / "measures")
PROGRESS_HOSTILE = str(FIXTURES / "progress-hostile" / "measures")
CASES = [
    ("progress", ("--sample",), {}),
    ("progress", ("--sample",), {"by": "measure"}),
    ("progress", ("--sample",), {"by": "owner", "compare": 2024}),
    ("progress", (PROGRESS,), {}),
    ("progress", (PROGRESS,), {"by": "field", "compare": 2025}),
    ("progress", (PROGRESS_HOSTILE,), {"by": "measure"}),
    ("progress", (str(CLEAN),), {}),
]
GRADING = FIXTURES / "grading"
CASES += [  # the three schemes of tests/test_grading.py
    ("progress", (str(GRADING / "measures"),), {}),
    ("progress", (str(GRADING / "measures"), "--config", str(GRADING / "abcd.yaml")), {"by": "owner"}),
    ("progress", (str(GRADING / "measures"), "--config", str(GRADING / "marks.yaml")), {"by": "measure"}),
]
IMPACTS = str(FIXTURES / "impacts" / "measures")
IMPACTS_HOSTILE = str(FIXTURES / "impacts-hostile" / "measures")
CASES += [
    ("impacts", ("--sample",), {}),
    ("impacts", (IMPACTS,), {}),
    ("impacts", (IMPACTS,), {"columns": "PLAN.priority_policy"}),
    ("impacts", (IMPACTS,), {"focus": ("--measure", "ECON-01")}),
    ("impacts", (IMPACTS,), {"focus": ("--node", "SDG-13.2")}),
    ("impacts", (IMPACTS,), {"columns": "ORD.vision_goal"}),  # no measure impacts that level
    ("impacts", (IMPACTS_HOSTILE,), {}),
    ("impacts", (str(CLEAN), "--config", str(CLEAN.parent / "seta-align.yaml")), {}),
]
CASES += [
    ("matrix", ("--sample",), {}),
    ("matrix", ("--sample",), {"rows": "owner"}),
    ("matrix", ("--sample",), {"columns": "fields", "rows": "field"}),
    ("matrix", (str(CLEAN),), {"columns": "SDG.target"}),
]
CASES += [
    ("trace", ("ECON-01", "--sample"), {}),
    ("trace", ("PP-6", "--sample"), {}),
    ("trace", ("SDG-13", "--sample"), {}),
    ("trace", ("ECON-01", str(CLEAN)), {}),
    ("trace", ("PP-6.5", str(CLEAN)), {}),
]
DIFF = FIXTURES / "diff"
CASES += [
    ("diff", (str(DIFF / "old"), str(DIFF / "new")), {}),
    ("diff", (str(DIFF / "new"), str(DIFF / "old")), {}),
    ("diff", (str(CLEAN), str(CLEAN)), {}),  # nothing changed
    ("years", (PROGRESS,), {"years": (2024, 2025)}),
]
VIEWS = {
    "diff": diff_view,
    "years": years_view,
    "progress": progress_view,
    "impacts": impacts_view,
    "matrix": matrix_view,
    "trace": trace_view,
}


def _options(options: dict) -> list[str]:
    args = []
    if "focus" in options:
        args += list(options["focus"])
    if "columns" in options:
        args += ["--columns", options["columns"]]
    if "rows" in options:
        args += ["--rows", options["rows"]]
    if "by" in options:
        args += ["--by", options["by"]]
    if "compare" in options:
        args += ["--compare", str(options["compare"])]
    if "years" in options:
        args += ["--years", "{}..{}".format(*options["years"])]
    return args


@pytest.mark.parametrize(("command", "args", "options"), CASES)
def test_every_format_shows_the_cells_of_the_view(tmp_path, command, args, options):
    view = VIEWS[command](*args, **options)
    cli = ["diff" if command == "years" else command, *args, *_options(options)]

    def written(suffix: str) -> bytes:
        target = tmp_path / f"out{suffix}"
        result = run_cli(*cli, "-o", target)
        assert result.exit_code == 0, result.output
        return target.read_bytes()

    compared = check_markdown(view, written(".md").decode("utf-8"))
    compared += check_html(view, written(".html").decode("utf-8"))
    compared += check_csv(view, written(".csv"))
    written(".xlsx")
    compared += check_xlsx(view, tmp_path / "out.xlsx")
    assert compared > 0


def test_the_pp3_row_says_its_breakdown_in_every_format(tmp_path):
    """The bundled sample's PP-3: 順調 6・おおむね順調 4・未報告 1, never 「未報告」 alone."""
    view = progress_view("--sample")
    (priority,) = [t for t in view.tables("markdown") if t.key == "priority"]
    row = next(r for r in priority.rows if r[0].value == "PP-3")
    assert row[4].text == "順調 6・おおむね順調 4・未報告 1"
    markdown = run_cli("progress", "--sample", "--format", "markdown").stdout
    assert markdown_tables(markdown)[priority.title][3][3] == "順調 6・おおむね順調 4・未報告 1"
    page = HtmlTables(run_cli("progress", "--sample", "--format", "html").stdout).tables
    assert page["priority"][3][4][0] == "順調 6・おおむね順調 4・未報告 1"
    target = tmp_path / "p.xlsx"
    assert run_cli("progress", "--sample", "-o", target).exit_code == 0
    sheet = load_workbook(target)["重点政策"]
    record = dict(zip([c.value for c in sheet[2]], [c.value for c in sheet[5]], strict=False))
    assert (record["ID"], record["内訳"], record["順調"], record["おおむね順調"], record["未報告"]) == (
        "PP-3", "順調 6・おおむね順調 4・未報告 1", 6, 4, 1,
    )


@pytest.mark.parametrize(
    "args",
    [("--sample",), (str(CLEAN),), (PROGRESS,), (IMPACTS_HOSTILE,)],
    ids=["sample", "clean", "progress", "impacts-hostile"],
)
def test_the_check_report_shows_the_coverage_view(args):
    """``check --format markdown`` draws the check's coverage table (views/check.py), cell for
    cell, as the terminal and the report do."""
    from seta_align.runner import prepare
    from seta_align.views.check import coverage

    sample = "--sample" in args
    paths = [Path(p) for p in args if p != "--sample"]
    table = coverage(prepare(paths or None, None, None, sample=sample).result, "ja")
    markdown = run_cli("check", *args, "--format", "markdown", env={"SETA_ALIGN_LANG": "ja"})
    header, *rows = markdown_tables(markdown.stdout)[table.title]
    columns = [i for i, c in enumerate(table.columns) if c.role is not Role.BAR]
    assert header == [table.columns[i].title for i in columns]
    assert rows == [[row[i].text.strip() for i in columns] for row in table.rows]
    assert len(rows) > 3


def test_the_table_by_measure_says_the_statuses_of_the_rows_it_makes():
    """The progress table by measure makes its rows as a page reads them (each KPI's chart),
    and says beforehand how many have each status, which a page's filter offers and counts:
    the same as its rows. The fixture by hand, in FY2026: ENV-01's CO2 39 below its target
    40 and 公園面積 510 over 500 are achieved; ECON-01's 創業件数 128 is 28 of the 40 its
    path expects by then (100 → 180 over 2022–2030), behind; LIFE-01's result is null and
    緑化助成件数 has none, not reported. Four measures over their five KPIs: nine rows."""
    from seta_align.views.model import Rows

    view = progress_view(str(FIXTURES / "progress" / "measures"), by="measure")
    tables = {b.key: b for b in view.blocks if isinstance(b, Table)}
    by_measure = tables["by_measure"]
    assert isinstance(by_measure.rows, Rows) and isinstance(tables["kpis"].rows, Rows)
    assert by_measure.status_counts == {"achieved": 2, "behind": 1, "not_reported": 2}
    rows = list(by_measure.rows)
    assert len(rows) == len(by_measure.rows) == 9
    made = Counter(row[5].meaning for row in rows if row[0].meaning != STRONG)
    assert made == by_measure.status_counts
