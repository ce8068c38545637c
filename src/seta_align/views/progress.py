"""Outcome management's tables as a view: each priority policy, SDG goal, department or field
with its measures counted by status; the plan-level indicators beside the KPIs that feed them;
each measure's KPIs; the KPIs that need attention; and how statuses changed between two years.
The words and the choice of rows are made here, once (the rows with progress_common)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..analysis.progress import KpiProgress, RollUp, Status
from ..i18n import Text
from ..printable import visible
from .model import (
    DIM,
    NOTHING,
    STRONG,
    WARN,
    Audience,
    Cell,
    Column,
    Facts,
    LineChart,
    Paragraph,
    Role,
    Rows,
    Table,
    View,
    row_of,
    scope,
)
from .progress_common import (
    CHANGE_LABELS,
    DIRECTIONS,
    T,
    attention_kpis,
    change_cell,
    counts_text,
    item_title,
    kpi_summary,
    meaning,
    measure_title,
    node_rows,
    number,
    outcome_gap,
    percent,
    rate_title,
    rollup_rows,
    sorted_changes,
    sparkline,
)

READING, DATA = Audience.READING, Audience.DATA

@dataclass(slots=True)
class ProgressView:
    """What the progress view is built of: the draft, its progress analysis and the choices
    of ``seta-align progress``."""

    context: object
    analysis: object  # analysis.progress.ProgressAnalysis
    lang: str
    by: str  # node, measure, owner or field
    changes: list | None  # analysis.progress.Change, with --compare
    compared: tuple[int, int] | None  # (before, after) years with --compare


HEADING = Text("進捗（{year} 年度）", "Progress FY{year}")
NO_YEAR = Text("進捗", "Progress")
MEANING = Text("意味", "Meaning")
NO_OUTCOME_KPI = Text(
    "評価の方式は成果指標（type: outcome）だけで施策を評価しますが、成果指標の指標が1つもありません。"
    "施策ファイルの指標に type: outcome を書くか、evaluation.kpis を all にしてください。",
    "The scheme grades measures on their outcome KPIs (type: outcome) only, but no KPI is an "
    "outcome KPI: give the KPIs type: outcome in the measure files, or set evaluation.kpis: all.",
)
KPI_TYPES = {"outcome": Text("成果指標", "outcome"), "activity": Text("活動指標", "activity")}
RESULTS = Text("実績", "Results")
INDICATORS_FILE = Text("成果指標のファイル", "Indicators file")
FAR_MARK = "✓"

# The worksheets' names, and the words of the columns only a spreadsheet has.
SHEETS = {
    "priority": Text("重点政策", "Priority policies"),
    "goals": Text("SDG", "SDG goals"),
    "indicators": Text("成果指標", "Plan indicators"),
    "kpis": Text("施策・指標", "Measures and KPIs"),
    "owner": Text("所管部", "Owners"),
    "section": Text("所管課", "Sections"),
    "field": Text("分野", "Fields"),
    "attention": Text("遅れ・未報告", "Behind or not reported"),
    "evaluations": Text("施策評価", "Evaluations"),
    "changes": Text("比較", "Changes"),
    "legend": Text("凡例", "Legend"),
}
# The sheet a workbook opens on, per --by.
OPENS_ON = {
    "node": "priority", "measure": "kpis", "owner": "owner", "section": "section", "field": "field"
}
DATA_WORDS = {
    "id": Text("ID", "ID"),
    "field_title": Text("分野名", "Field name"),
    "measure_title": Text("施策名", "Measure title"),
    "kpi": Text("指標ID", "KPI"),
    "kpi_name": Text("指標名", "KPI name"),
    "kpi_type": Text("種別", "Type"),
    "contributes_to": Text("貢献先", "Contributes to"),
    "unit": Text("単位", "Unit"),
    "direction": Text("方向", "Direction"),
    "baseline_year": Text("基準年度", "Baseline year"),
    "baseline": Text("現状値", "Baseline"),
    "target_year": Text("目標年度", "Target year"),
    "target": Text("目標値", "Target"),
    "year": Text("{year}年度", "FY{year}"),
    "expected_progress": Text("計画上の進捗", "Planned progress"),
    "status_code": Text("状況コード", "Status code"),
    "far": Text("遅れ（大幅）", "Far behind"),  # one spelling, as the status reads
    "reason": Text("理由", "Reason"),
    "note": Text("備考", "Note"),
    "status_in": Text("{year}年度の状況", "Status FY{year}"),
    "change_code": Text("変化コード", "Change code"),
    "contributors": Text("貢献する指標の数", "Contributing KPIs"),
    "contributors_counts": Text("貢献する指標の内訳", "Their statuses"),
    "contributors_mean": Text("貢献する指標の平均達成率", "Their mean achievement"),
    "gap": Text("注意", "Attention"),
    "code": Text("英語名（JSON）", "Name (JSON)"),
    "value": T["value"],
    "expected": T["expected"],
}

CHART_LABEL = Text(
    "{name}: 実績 {results}／計画値 {path}／目標 {target}（{target_year} 年度）",
    "{name}: results {results}; planned path {path}; target {target} (FY{target_year})",
)
NO_VALUES = Text("なし", "none")
WHY = Text("理由・備考", "Why / note")
BAR_WIDTH = 12
ATTENTION_SHOWN = 25
SECTION_TITLES = {
    "priority": "priority",
    "goals": "goals",
    "owner": "by_owner",
    "section": "by_section",
    "field": "by_field",
}
# The roll-ups whose rows are names (a department, a section), not ids with titles.
NAMED = ("owner", "section")
MORE_ATTENTION = Text(
    "全件: --format markdown / html / xlsx", "all of them: --format markdown / html / xlsx"
)


def _t(key: str, lang: str) -> str:
    return T[key](lang)


def _d(key: str, lang: str) -> str:
    return DATA_WORDS[key](lang)


def vocabulary(scheme, lang: str) -> dict[str, str]:
    """Every grade's label and what it counts as (its status): a status column's conditional
    formats and a page's filter."""
    return {scheme.label(key, lang): scheme.meaning(key).value for key in scheme.keys}


def plain(value: float | None) -> int | float | None:
    """A figure as it was meant: 128.0 is 128, and an expected value worked out as 146.666…
    is 146.666667 (six decimals, as in the JSON document)."""
    if value is None:
        return None
    value = round(value, 6)
    return int(value) if float(value).is_integer() else value


def fraction(value: float | None) -> float | None:
    """Achievements and expected progress as fractions, rounded as in the JSON document."""
    return None if value is None else round(value, 6)


def figure(value: float | None) -> Cell:
    return Cell(number(value), plain(value))


def percent_cell(value: float | None) -> Cell:
    return Cell(percent(value), fraction(value))


def text_cell(text: str | None) -> Cell:
    """Text from the user's files: shown with its control characters visible, kept as it
    was written for a spreadsheet."""
    return Cell(visible(text) if text else "", text or None)


def status_cell(scheme, grade: str | None, lang: str, far: bool = False) -> Cell:
    """A grade as its label, coloured as the status it counts as."""
    if grade is None:
        return Cell("–", None, DIM)
    label = scheme.label(grade, lang)
    if far and not scheme.custom:  # a ward's own grades say how far behind by themselves
        label += T["far"](lang)
    return Cell(label, grade, scheme.meaning(grade).value)


def bar_cell(rollup: RollUp | None, lang: str) -> Cell:
    """The measures of a row by status, as a bar of BAR_WIDTH cells in the status colours (its
    words, 「順調 6・未報告 1」, are what a page reads out)."""
    if rollup is None or not rollup.total:
        return Cell(NOTHING, None, DIM, [("·" * BAR_WIDTH, DIM)])
    scheme = rollup.scheme
    present = [key for key in scheme.keys if rollup.counts.get(key)]
    widths = bar_widths([rollup.counts[key] for key in present], BAR_WIDTH)
    segments = [
        ("█" * width, _BAR_COLOURS[scheme.meaning(key)])
        for key, width in zip(present, widths, strict=True)
    ]
    # A page draws a share per status colour: grades that count as one status are one share.
    counts: dict[str, int] = {}
    for key in present:
        status = scheme.meaning(key).value
        counts[status] = counts.get(status, 0) + rollup.counts[key]
    return Cell(counts_text(rollup, lang), counts, None, segments)


def bar_widths(counts: list[int], width: int) -> list[int]:
    """``width`` cells shared by ``counts`` in proportion (the largest remainders round up),
    every count at least one cell, so that no status present is missing from the bar."""
    total = sum(counts)
    exact = [count / total * width for count in counts]
    widths = [max(1, int(share)) for share in exact]
    by_remainder = sorted(range(len(counts)), key=lambda i: exact[i] - widths[i], reverse=True)
    for index in by_remainder:
        if sum(widths) >= width:
            break
        widths[index] += 1
    while sum(widths) > width:  # more statuses at one cell each than rounding allowed
        widest = max(range(len(widths)), key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


# The bar's colours: the statuses' colours, not bold.
_BAR_COLOURS = {
    Status.achieved: "blue",
    Status.on_track: "green",
    Status.mostly_on_track: "yellow",
    Status.behind: "red",
    Status.not_reported: "bright_black",
    Status.not_assessable: "white",
}


def rollup(view, section: str, audience: Audience = Audience.EVERY) -> Table:
    """``priority`` or ``goals`` (or ``owner`` / ``field``): one row each with its number of
    measures, the bar and the breakdown of their statuses, and their mean achievement. A
    spreadsheet gets the id and the title apart, and a count per status in a column each."""
    lang = view.lang
    scheme = view.analysis.scheme
    first = {"owner": "owner", "section": "section", "field": "field"}.get(section, "node")
    with_id = section not in NAMED
    columns = [Column(_t(first, lang), Role.LABEL, weight=3, narrowest=18, audience=READING)]
    if with_id:
        title = "field_title" if section == "field" else None
        columns += [
            Column(_d("id", lang), Role.ID, audience=DATA),
            Column(_d(title, lang) if title else _t("title", lang), Role.LABEL, audience=DATA),
        ]
    else:  # an owner is its own title
        columns[0].audience = Audience.EVERY
    columns += [
        Column(_t("measures", lang), Role.NUMBER),
        Column(_t("grade", lang), Role.STATUS, vocabulary=vocabulary(scheme, lang)),
        Column(_t("status", lang), Role.BAR, priority=1, audience=READING),
        *(Column(scheme.label(key, lang), Role.NUMBER, audience=DATA) for key in scheme.keys),
        Column(_t("breakdown", lang), Role.UNITS, weight=2),
        Column(rate_title(scheme, "mean", lang), Role.PERCENT, priority=2),
    ]
    table = Table(
        _t(SECTION_TITLES[section], lang),
        columns,
        key=section,
        sheet=SHEETS[section](lang),
        audience=audience,
        frozen=3 if with_id else 1,
    )
    rows = rollup_rows(view, section)
    if section in ("owner", "section", "field"):
        rows.sort(key=lambda row: _urgency(row.rollup))
    for row in rows:
        shown = f"{row.id} {visible(row.label)}" if row.id != row.label else visible(row.id)
        counts = row.rollup
        ids = [Cell(visible(row.id)), Cell(visible(row.label))] if with_id else []
        table.add(
            Cell(shown, row.id),
            *ids,
            Cell(str(counts.total if counts else 0), counts.total if counts else 0),
            status_cell(scheme, counts.grade if counts else None, lang),
            bar_cell(counts, lang),
            *(Cell.of(counts.counts.get(key, 0) if counts else 0) for key in scheme.keys),
            Cell(counts_text(counts, lang), dict(counts.counts) if counts else None),
            percent_cell(counts.mean_rate if counts else None),
        )
    return table


def _urgency(rollup: RollUp | None) -> tuple[float, float, float]:
    """The largest share of measures behind first, then the largest share not reported, then
    the lowest mean rate: the departments (or fields) that need a word come to the top."""
    if rollup is None or not rollup.total:
        return (0.0, 0.0, 9.0)
    scheme = rollup.scheme

    def share(status: Status) -> float:
        found = sum(n for key, n in rollup.counts.items() if scheme.meaning(key) is status)
        return found / rollup.total

    mean = rollup.mean_rate if rollup.mean_rate is not None else 9.0
    return (-share(Status.behind), -share(Status.not_reported), mean)


def chart(entry: KpiProgress, evaluated: int | None, lang: str) -> LineChart:
    """A KPI's results against its planned path, for a page to draw."""
    item = entry.item
    path = item.path()
    unit = f" {visible(item.unit)}" if item.unit else ""
    described = ", ".join(f"{year} {number(value)}" for year, value in entry.series.items())
    label = CHART_LABEL.format(
        name=visible(item.name),
        results=described or NO_VALUES(lang),
        path=" → ".join(f"{year} {number(value)}" for year, value in path),
        target=f"{number(item.target[1])}{unit}",
        target_year=item.target[0],
    )(lang)
    return LineChart(
        label,
        [(year, value, f"{number(value)}{unit}") for year, value in entry.series.items()],
        path,
        item.target,
        evaluated,
        entry.evaluation.status.value,
    )


def _series_cell(entry: KpiProgress, years: list[int], evaluated: int | None, lang: str) -> Cell:
    """Each year's result, oldest first (– for a year without one): a terminal draws it as a
    sparkline in the status's colour, a page as a line chart against the planned path."""
    series = " → ".join(number(entry.series.get(year)) for year in years) or NOTHING
    sparks = [(sparkline(entry, years), entry.evaluation.status.value)]
    return Cell(series, chart(entry, evaluated, lang), None, sparks)


def indicators(view, audience: Audience = Audience.EVERY) -> Table | None:
    """Each plan-level indicator beside the KPIs that contribute to it: an outcome that does
    not move while the measures are on track stands out."""
    lang = view.lang
    scheme = view.analysis.scheme
    if not view.analysis.indicators:
        return None
    table = Table(
        _t("indicator", lang),
        [
            Column(_t("indicator", lang), Role.LABEL, weight=3, narrowest=18, audience=READING),
            _series_column(lang, view.analysis.years),
            Column(_d("id", lang), Role.ID, audience=DATA),
            Column(_t("title", lang), Role.LABEL, audience=DATA),
            Column(_t("node", lang), Role.ID, audience=DATA),
            Column(_t("figures", lang), Role.NUMBER, priority=2, audience=READING),
            Column(_d("value", lang), Role.NUMBER, audience=DATA),
            Column(_d("expected", lang), Role.NUMBER, audience=DATA),
            Column(_d("target", lang), Role.NUMBER, audience=DATA),
            Column(_d("unit", lang), Role.LABEL, audience=DATA),
            Column(rate_title(scheme, "year", lang), Role.PERCENT, priority=1),
            Column(rate_title(scheme, "final", lang), Role.PERCENT, audience=DATA),
            Column(_t("status", lang), Role.STATUS, audience=READING),
            Column(_t("status", lang), Role.STATUS, audience=DATA, vocabulary=vocabulary(scheme, lang)),
            Column(_d("far", lang), Role.STATUS, audience=DATA),
            Column(_t("contributors", lang), Role.UNITS, weight=2, audience=READING),
            Column(_d("contributors", lang), Role.NUMBER, audience=DATA),
            Column(_d("contributors_counts", lang), Role.UNITS, audience=DATA),
            Column(_d("contributors_mean", lang), Role.PERCENT, audience=DATA),
            Column(_d("gap", lang), Role.NOTE, audience=DATA),
        ],
        key="indicators",
        sheet=SHEETS["indicators"](lang),
        audience=audience,
        frozen=4,  # a spreadsheet's ID and title (a reader's first two are not in it)
    )
    for entry in view.analysis.indicators:
        item, evaluation = entry.item, entry.evaluation
        contributors = view.analysis.contributions.get(item.key)
        mix = counts_text(contributors, lang) if contributors else NOTHING
        gap = outcome_gap(view, entry)
        table.add(
            Cell(f"{item.key} {visible(item.name)}（{item.on}）", item.key),
            _series_cell(entry, view.analysis.years, view.analysis.year, lang),
            Cell(visible(item.key)),
            text_cell(item.name),
            text_cell(item.on),
            Cell(figures(entry), evaluation.value),
            figure(evaluation.value),
            figure(evaluation.expected),
            figure(item.target[1]),
            text_cell(item.unit),
            percent_cell(evaluation.rate),
            percent_cell(evaluation.achievement),
            status_cell(scheme, evaluation.grade, lang, evaluation.far_behind),
            status_cell(scheme, evaluation.grade, lang),
            Cell(FAR_MARK if evaluation.far_behind else ""),
            Cell(mix + (f"\n⚠ {_t('outcome_gap', lang)}" if gap else ""), None, WARN if gap else None),
            Cell.of(contributors.total if contributors else 0),
            Cell(mix),
            percent_cell(contributors.mean_rate if contributors else None),
            Cell(_t("outcome_gap", lang) if gap else ""),
        )
    return table


def figures(entry: KpiProgress) -> str:
    """actual / expected → target unit"""
    evaluation, item = entry.evaluation, entry.item
    shown = " / ".join([number(evaluation.value), number(evaluation.expected)])
    return f"{shown} → {number(item.target[1])} {visible(item.unit)}".rstrip()


def _series_column(lang: str, years: list[int], priority: int = 2) -> Column:
    title = f"{_t('series', lang)} {'→'.join(str(y) for y in years)}"
    return Column(title, Role.SERIES, priority=priority, audience=READING)


def _kpi_columns(view, *, attention: bool = False) -> list[Column]:
    """A reader's columns of a KPI: its name, its results over the years, the figures, its
    rates against the year's target and the final one, its grade and why. The list of KPIs
    behind or not reported also names the owner (所管), and keeps the reason or note beside
    every delay on the narrowest screen (the series and the figures go first)."""
    lang, scheme = view.lang, view.analysis.scheme
    why_first = 1 if attention else 3
    columns = [
        Column(_t("kpi", lang), Role.LABEL, weight=3, narrowest=18, audience=READING),
        _series_column(lang, view.analysis.years, priority=5 if attention else 2),
        Column(_t("figures", lang), Role.NUMBER, priority=3 if attention else 1, audience=READING),
        Column(rate_title(scheme, "year", lang), Role.PERCENT, audience=READING),
        Column(rate_title(scheme, "final", lang), Role.PERCENT, priority=4 if attention else 2, audience=READING),
        Column(_t("status", lang), Role.STATUS, audience=READING, vocabulary=vocabulary(scheme, lang)),
        Column(WHY(lang), Role.NOTE, priority=why_first, weight=2, audience=READING),
    ]
    if attention:
        columns.insert(1, Column(_t("owner", lang), Role.LABEL, priority=2, audience=READING))
    return columns


def _kpi_cells(view, entry: KpiProgress, name: str, *, attention: bool = False) -> list[Cell]:
    evaluation = entry.evaluation
    lang = view.lang
    cells = [
        Cell(name, entry.item.key),
        _series_cell(entry, view.analysis.years, view.analysis.year, lang),
        Cell(figures(entry), evaluation.value),
        percent_cell(evaluation.rate),
        percent_cell(evaluation.achievement),
        status_cell(view.analysis.scheme, evaluation.grade, lang, evaluation.far_behind),
        Cell(why(entry, lang)),
    ]
    if attention:
        measure = entry.item.measure
        owner = view.context.measures[measure].measure.owner if measure is not None else None
        cells.insert(1, text_cell(owner) if owner else Cell(NOTHING))
    return cells


def why(entry: KpiProgress, lang: str) -> str:
    """Why a KPI stands as it does, where its results say: the reason it cannot be evaluated
    and the result's note."""
    evaluation = entry.evaluation
    parts = [evaluation.reason(lang)] if evaluation.reason is not None else []
    if evaluation.note:
        parts.append(visible(evaluation.note))
    return " / ".join(parts)


def _kpi_data_columns(view) -> list[Column]:
    """A spreadsheet's columns of a KPI (docs/progress.md, *Output*): what was aimed at, each
    year's result, how it stands in the evaluated year; with --compare, its status in both
    years and the change."""
    lang = view.lang
    scheme = view.analysis.scheme
    status = vocabulary(scheme, lang)
    columns = [
        Column(_t("measure", lang), Role.ID),
        Column(_d("measure_title", lang), Role.LABEL),
        Column(_t("owner", lang), Role.LABEL),
        Column(_t("section", lang), Role.LABEL),
        Column(_d("kpi", lang), Role.ID),
        Column(_d("kpi_name", lang), Role.LABEL),
        Column(_d("kpi_type", lang), Role.LABEL),
        Column(_t("node", lang), Role.ID),
        Column(_d("contributes_to", lang), Role.ID),
        Column(_d("unit", lang), Role.LABEL),
        Column(_d("direction", lang), Role.LABEL),
        Column(_d("baseline_year", lang), Role.YEAR),
        Column(_d("baseline", lang), Role.NUMBER),
        Column(_d("target_year", lang), Role.YEAR),
        Column(_d("target", lang), Role.NUMBER),
        *(
            Column(DATA_WORDS["year"].format(year=year)(lang), Role.NUMBER)
            for year in view.analysis.years
        ),
        Column(T["evaluated"](lang), Role.YEAR),
        Column(_d("expected", lang), Role.NUMBER),
        Column(_d("expected_progress", lang), Role.PERCENT),
        Column(rate_title(scheme, "year", lang), Role.PERCENT),
        Column(rate_title(scheme, "final", lang), Role.PERCENT),
        Column(_t("status", lang), Role.STATUS, vocabulary=status),
        Column(_d("status_code", lang), Role.ID),
        Column(_d("far", lang), Role.STATUS),
        Column(_d("reason", lang), Role.NOTE),
        Column(_d("note", lang), Role.NOTE),
    ]
    if view.changes is not None:
        before, after = view.compared
        columns += [
            Column(DATA_WORDS["status_in"].format(year=before)(lang), Role.STATUS, vocabulary=status),
            Column(DATA_WORDS["status_in"].format(year=after)(lang), Role.STATUS, vocabulary=status),
            Column(_t("change", lang), Role.LABEL),
            Column(_d("change_code", lang), Role.ID),
        ]
    for column in columns:
        column.audience = DATA
    return columns


def _kpi_data_cells(view, entry: KpiProgress, changes: dict | None) -> list[Cell]:
    item, evaluation = entry.item, entry.evaluation
    lang = view.lang
    scheme = view.analysis.scheme
    measure = view.context.measures[item.measure].measure if item.measure is not None else None
    baseline_year, baseline = item.baseline if item.baseline is not None else (None, None)
    direction = DIRECTIONS[item.direction](lang) if item.direction in DIRECTIONS else ""
    cells = [
        text_cell(item.measure),
        text_cell(measure_title(view.context, item.measure, lang) if measure else None),
        text_cell(measure.owner if measure is not None else None),
        text_cell(measure.section if measure is not None else None),
        text_cell(item.key),
        text_cell(item.name),
        Cell(KPI_TYPES[item.type](lang) if item.type in KPI_TYPES else ""),
        text_cell(item.on),
        text_cell(item.contributes_to),
        text_cell(item.unit),
        Cell(direction),
        Cell.of(baseline_year) if baseline_year is not None else Cell(NOTHING),
        figure(baseline),
        Cell.of(item.target[0]),
        figure(item.target[1]),
        *(figure(entry.series.get(year)) for year in view.analysis.years),
        Cell.of(evaluation.year) if evaluation.year is not None else Cell(NOTHING),
        figure(evaluation.expected),
        percent_cell(evaluation.expected_progress),
        percent_cell(evaluation.rate),
        percent_cell(evaluation.achievement),
        status_cell(scheme, evaluation.grade, lang),
        Cell(evaluation.status.value),
        Cell(FAR_MARK if evaluation.far_behind else ""),
        text_cell(evaluation.reason(lang) if evaluation.reason is not None else None),
        text_cell(evaluation.note),
    ]
    if changes is not None:
        change = changes.get((item.measure, item.key))
        if change is None:
            cells += [Cell(NOTHING), Cell(NOTHING), Cell(""), Cell("")]
        else:
            cells += [
                status_cell(scheme, change.before, lang),
                status_cell(scheme, change.after, lang),
                Cell(CHANGE_LABELS[change.kind](lang)),
                Cell(change.kind),
            ]
    return cells


def _changes_by_kpi(view) -> dict | None:
    if view.changes is None:
        return None
    return {(c.item.measure, c.item.key): c for c in view.changes}


def kpi_sheet(view) -> Table:
    """Every KPI of the measures, in the measure files' order, then the plan-level indicators:
    the table of the CSV and of the workbook's 施策・指標 sheet."""
    changes = _changes_by_kpi(view)
    table = Table(
        _t("by_measure", view.lang),
        _kpi_data_columns(view),
        key="kpis",
        sheet=SHEETS["kpis"](view.lang),
        audience=DATA,
    )
    entries = view.analysis.kpis + view.analysis.indicators
    # A row per KPI, made as a format reads them (a page never does: it is a spreadsheet's).
    table.rows = Rows(len(entries), lambda: (_kpi_data_cells(view, e, changes) for e in entries))
    return table


def by_measure(view) -> Table:
    """Each measure (its worst KPI's grade, the means of its KPIs' capped rates), then its
    KPIs."""
    lang = view.lang
    table = Table(
        _t("by_measure", lang),
        _kpi_columns(view),
        key="by_measure",
        audience=READING,
        filter=True,
    )
    grouped: dict[str, list[KpiProgress]] = {}
    for entry in view.analysis.kpis:
        grouped.setdefault(entry.item.measure, []).append(entry)

    def made():
        for measure_id, entries in grouped.items():
            rolled = view.analysis.measures[measure_id]
            measure = view.context.measures[measure_id].measure
            title = visible((measure.title_en if lang == "en" else None) or measure.title)
            yield row_of((
                Cell(f"{measure_id} {title}（{visible(measure.owner)}）", measure_id, STRONG),
                "",
                "",
                percent_cell(rolled.mean_rate),
                percent_cell(rolled.mean_achievement),
                status_cell(view.analysis.scheme, rolled.grade, lang),
                "",
            ))
            for entry in entries:
                yield _kpi_cells(view, entry, "  " + visible(entry.item.name))

    # A measure's row over its KPIs' (each with its chart), made as a page draws them; the
    # statuses its filter offers, from the KPIs' grades as their rows show them.
    table.rows = Rows(len(grouped) + len(view.analysis.kpis), made)
    table.status_counts = Counter(
        status_cell(view.analysis.scheme, entry.evaluation.grade, lang).meaning
        for entry in view.analysis.kpis
    )
    return table


EVALUATION_WORDS = {
    "title": Text("施策評価（{year} 年度）", "Evaluations FY{year}"),
    "measure": Text("施策", "Measure"),
    "owner": Text("所管", "Owner"),
    "grade": Text("評価", "Grade"),
    "self_grade": Text("一次評価", "Self-grade"),
    "apart": Text("評価の差（段階）", "Grades apart"),
    "outlook": Text("今後の方向性", "Outlook"),
    "challenges": Text("課題", "Challenges"),
    "improvements": Text("改善方法", "Improvements"),
    "assessed_by": Text("評価者", "Assessed by"),
    "note": Text("備考", "Note"),
    "flag": Text(
        "⚠ 一次評価が、実績から求めた評価と{apart}段階以上離れています。",
        "⚠ the self-grade is {apart} or more grades from the one the results give.",
    ),
}
OUTLOOKS = {
    "expand": Text("拡充", "expand"),
    "continue": Text("継続", "continue"),
    "improve": Text("改善", "improve"),
    "reduce": Text("縮小", "reduce"),
    "suspend": Text("休止", "suspend"),
    "abolish": Text("廃止", "abolish"),
}


def evaluations(view) -> Table | None:
    """Each measure's evaluation of the year (施策評価) beside the grade its results give: the
    section's own grade (一次評価, flagged ⚠ when two or more grades away), 今後の方向性, 課題 and
    改善方法, and who assessed it; a measure without one is listed with empty cells, so that
    the gaps show. None while no evaluation is written."""
    from ..analysis.progress import GRADES_APART

    analysis = view.analysis
    if not analysis.evaluations:
        return None
    lang, scheme = view.lang, analysis.scheme
    w = {key: text(lang) for key, text in EVALUATION_WORDS.items() if key not in ("title", "flag")}
    table = Table(
        EVALUATION_WORDS["title"].format(year=analysis.year)(lang),
        [
            Column(w["measure"], Role.LABEL, weight=3, narrowest=18, audience=READING),
            Column(_d("id", lang), Role.ID, audience=DATA),
            Column(_d("measure_title", lang), Role.LABEL, audience=DATA),
            Column(w["owner"], Role.LABEL, priority=3),
            Column(_t("section", lang), Role.LABEL, audience=DATA),
            Column(w["grade"], Role.STATUS, vocabulary=vocabulary(scheme, lang)),
            Column(w["self_grade"], Role.STATUS),
            Column(w["apart"], Role.NUMBER, audience=DATA),
            Column(w["outlook"], Role.STATUS, priority=2),
            Column(w["challenges"], Role.NOTE, weight=3, priority=1),
            Column(w["improvements"], Role.NOTE, weight=3, priority=1),
            Column(w["assessed_by"], Role.LABEL, priority=4),
            Column(w["note"], Role.NOTE, audience=DATA),
        ],
        key="evaluations",
        sheet=SHEETS["evaluations"](lang),
    )
    flagged = False
    for measure_id, rollup in analysis.measures.items():
        if rollup.grade is None and measure_id not in analysis.evaluations:
            continue  # no KPI to grade it by, and nothing written of it
        measure = view.context.measures[measure_id].measure
        found = analysis.evaluations.get(measure_id)
        record = found.record if found is not None else None
        far = found is not None and found.apart is not None and found.apart >= GRADES_APART
        flagged = flagged or far
        if record is not None and record.self_grade:
            key = found.self_grade
            label = scheme.label(key, lang) if key else visible(record.self_grade)
            self_cell = Cell(label + (" ⚠" if far else ""), key, scheme.meaning(key).value if key else WARN)
        else:
            self_cell = Cell("")
        outlook = record.outlook if record is not None else None
        title = measure_title(view.context, measure_id, lang)
        table.add(
            Cell(f"{measure_id} {visible(title)}", measure_id),
            Cell(visible(measure_id)),
            text_cell(title),
            text_cell(measure.owner + (f"／{measure.section}" if measure.section else "")),
            text_cell(measure.section),
            status_cell(scheme, rollup.grade, lang),
            self_cell,
            Cell.of(found.apart) if found is not None and found.apart is not None else Cell(""),
            Cell(OUTLOOKS[outlook](lang), outlook) if outlook else Cell(""),
            text_cell(record.challenges if record else None),
            text_cell(record.improvements if record else None),
            text_cell(record.assessed_by if record else None),
            text_cell(record.note if record else None),
        )
    if flagged:
        table.notes.append(EVALUATION_WORDS["flag"].format(apart=GRADES_APART)(lang))
    return table


def attention(view) -> Table | None:
    """The KPIs behind or not reported, the most urgent first: a reader sees the first
    ATTENTION_SHOWN, a spreadsheet every one with all its columns."""
    lang = view.lang
    found = attention_kpis(view)
    if not found:
        return None
    changes = _changes_by_kpi(view)
    table = Table(
        _t("attention", lang),
        _kpi_columns(view, attention=True) + _kpi_data_columns(view),
        more=MORE_ATTENTION(lang),
        key="attention",
        sheet=SHEETS["attention"](lang),
        limit=ATTENTION_SHOWN,
    )
    table.rows = Rows(len(found), lambda: (
        _kpi_cells(view, entry, visible(item_title(entry.item)), attention=True)
        + _kpi_data_cells(view, entry, changes)
        for entry in found
    ))
    return table


def changes(view) -> Table:
    """Each KPI whose status changed between the two years, those that fell behind first."""
    lang = view.lang
    scheme = view.analysis.scheme
    before, after = view.compared
    table = Table(
        T["changes"].format(before=before, after=after)(lang),
        [
            Column(_t("kpi", lang), Role.LABEL, weight=3, narrowest=18),
            Column(T["in_year"].format(year=before)(lang), Role.STATUS),
            # the row's status: where it stands now
            Column(
                T["in_year"].format(year=after)(lang), Role.STATUS, vocabulary=vocabulary(scheme, lang)
            ),
            Column(_t("change", lang), Role.STATUS),
        ],
        key="changes",
        audience=READING,
    )
    for change in sorted_changes(view.changes):
        table.add(
            Cell(visible(item_title(change.item)), change.item.key),
            status_cell(scheme, change.before, lang),
            status_cell(scheme, change.after, lang),
            change_cell(change.kind, lang),
        )
    return table


def changes_sheet(view) -> Table:
    """Every KPI's status in the two years, those that fell behind first, then those that
    stayed as they were: the workbook's 比較 sheet."""
    lang = view.lang
    scheme = view.analysis.scheme
    before, after = view.compared
    status = vocabulary(scheme, lang)
    table = Table(
        T["changes"].format(before=before, after=after)(lang),
        [
            Column(_t("measure", lang), Role.ID),
            Column(_d("kpi", lang), Role.ID),
            Column(_d("kpi_name", lang), Role.LABEL),
            Column(DATA_WORDS["status_in"].format(year=before)(lang), Role.STATUS, vocabulary=status),
            Column(DATA_WORDS["status_in"].format(year=after)(lang), Role.STATUS, vocabulary=status),
            Column(_t("change", lang), Role.LABEL),
            Column(_d("change_code", lang), Role.ID),
        ],
        key="changes_sheet",
        sheet=SHEETS["changes"](lang),
        audience=DATA,
    )
    unchanged = [c for c in view.changes if c.kind == "unchanged"]
    for change in sorted_changes(view.changes) + unchanged:
        item = change.item
        table.add(
            text_cell(item.measure),
            text_cell(item.key),
            text_cell(item.name),
            status_cell(scheme, change.before, lang),
            status_cell(scheme, change.after, lang),
            Cell(CHANGE_LABELS[change.kind](lang)),
            Cell(change.kind),
        )
    return table


def legend(view, audience: Audience = Audience.EVERY) -> Table:
    """What each grade means, with the thresholds of the scheme."""
    lang = view.lang
    scheme = view.analysis.scheme
    table = Table(
        _t("legend", lang),
        [
            Column(_t("status", lang), Role.STATUS),
            Column(_d("code", lang), Role.ID, priority=1),
            Column(MEANING(lang), Role.NOTE, weight=4),
        ],
        key="legend",
        sheet=SHEETS["legend"](lang),
        audience=audience,
    )
    for key in scheme.keys:
        table.add(status_cell(scheme, key, lang), key, meaning(scheme, key, lang))
    table.notes += scheme.describe(lang)
    return table


# The tables a reader sees, per --by (a spreadsheet gets every one, whatever --by).
READING_TABLES = {
    "node": ("priority", "goals", "indicators"),
    "measure": ("by_measure",),
    "owner": ("owner",),
    "section": ("section",),
    "field": ("field",),
}
# The report's 進捗 section: the plan's policies and goals, the departments, the plan-level
# indicators and every KPI.
REPORT_TABLES = ("priority", "goals", "indicators", "owner", "by_measure")


def _has_sections(view) -> bool:
    if view.by == "section":
        return True
    return any(loaded.measure.section for loaded in view.context.measures.values())


def report_view(view) -> View:
    """The progress view as the report's 進捗 section shows it."""
    # The report says once, at its top, what it read.
    return build(view, REPORT_TABLES, with_scope=False)


def build(view, reading: tuple[str, ...] | None = None, *, with_scope: bool = True) -> View:
    """The whole of ``seta-align progress`` for one evaluated year: per ``--by`` (or
    ``reading``), the tables a reader sees; every table a spreadsheet gets, whatever ``--by``."""
    lang = view.lang
    analysis = view.analysis
    context = view.context
    results = context.results
    files = [visible(f) for f in results.files] if results and results.files else []
    years = ", ".join(str(y) for y in analysis.years) or NOTHING
    shown = View(
        HEADING.format(year=analysis.year)(lang) if analysis.year else NO_YEAR(lang),
        main="kpis",
        opens_on=OPENS_ON[view.by],
    )
    if with_scope:
        shown.blocks += scope(context, lang)
    # The files, then the years on a line of their own: the years are what is looked for.
    shown.blocks.append(
        Facts(
            [
                (RESULTS(lang), Cell(", ".join(files) or NOTHING, "\n".join(files) or None)),
                (T["years"](lang), Cell(years)),
            ],
            DIM,
        )
    )
    if not analysis.has_results:
        shown.blocks.append(Paragraph(_t("no_results", lang), WARN))
    if analysis.scheme.kpis == "outcome" and not any(e.item.type == "outcome" for e in analysis.kpis):
        shown.blocks.append(Paragraph(NO_OUTCOME_KPI(lang), WARN))
    read = reading or READING_TABLES[view.by]

    def audience(key: str) -> Audience:
        return Audience.EVERY if key in read and analysis.has_results else DATA

    sections = [key for key, _ids in node_rows(view)]
    blocks: list[Table | None] = [rollup(view, key, audience(key)) for key in sections]
    blocks.append(indicators(view, audience("indicators")))
    blocks.append(kpi_sheet(view))
    # 所管課 when any measure names one, or when asked for: else it repeats the departments.
    groups = ("owner", "section", "field") if _has_sections(view) else ("owner", "field")
    blocks += [rollup(view, key, audience(key)) for key in groups]
    if "by_measure" in read and analysis.has_results:
        blocks.append(by_measure(view))
    found = evaluations(view)
    if found is not None:  # a reader sees it with --by measure; a spreadsheet, always
        found.audience = Audience.EVERY if "by_measure" in read else DATA
        blocks.append(found)
    if analysis.has_results:
        blocks.append(attention(view))
    if view.changes is not None:
        blocks += [changes(view), changes_sheet(view)]
    shown.blocks += [block for block in blocks if block is not None]
    if analysis.has_results:
        shown.blocks.append(Paragraph(kpi_summary(view), STRONG))
    shown.blocks.append(legend(view, Audience.EVERY if analysis.has_results else DATA))
    indicators_file = context.indicators.file if context.indicators is not None else None
    evaluated = [(T["evaluated"](lang), Cell.of(analysis.year))] if analysis.has_results else []
    shown.blocks.append(
        Facts(
            [*evaluated, (INDICATORS_FILE(lang), Cell(visible(indicators_file) if indicators_file else NOTHING))],
            audience=DATA,
        )
    )
    return shown
