"""Outcome management's tables as a view: each priority policy, SDG goal, department or field
with its measures counted by status; the plan-level indicators beside the KPIs that feed them;
each measure's KPIs; the KPIs that need attention; and how statuses changed between two years.
The words and the choice of rows are made here, once (the rows with progress_common)."""

from __future__ import annotations

from ..analysis.progress import LABELS, KpiProgress, RollUp, Status
from ..i18n import Text
from ..printable import visible
from ..reporters.progress_common import (
    CHANGE_LABELS,
    DISPLAY_ORDER,
    T,
    attention_kpis,
    counts_text,
    item_title,
    kpi_summary,
    meaning,
    node_rows,
    number,
    outcome_gap,
    percent,
    rollup_rows,
    sorted_changes,
    sparkline,
)
from .model import DIM, NEGATIVE, POSITIVE, STRONG, WARN, Cell, Column, Paragraph, Role, Table, View

HEADING = Text("進捗（{year} 年度）", "Progress FY{year}")
NO_YEAR = Text("進捗", "Progress")
MEANING = Text("意味", "Meaning")
RESULTS = Text("実績: {files}", "Results: {files}")
YEARS = Text("実績のある年度: {years}", "Years with results: {years}")

BAR_WIDTH = 12
ATTENTION_SHOWN = 25
SECTION_TITLES = {"priority": "priority", "goals": "goals", "owner": "by_owner", "field": "by_field"}
MORE_ATTENTION = Text(
    "全件: --by measure または --format json / xlsx", "all of them: --by measure or --format json / xlsx"
)


def _t(key: str, lang: str) -> str:
    return T[key](lang)


def status_cell(status: Status | None, lang: str, far: bool = False) -> Cell:
    if status is None:
        return Cell("–", None, DIM)
    label = LABELS[status](lang)
    if far:
        label += "（大幅）" if lang == "ja" else " (far)"
    return Cell(label, status.value, status.value)


def bar_cell(rollup: RollUp | None) -> Cell:
    """The measures of a row by status, as a bar of BAR_WIDTH cells in the status colours."""
    if rollup is None or not rollup.total:
        return Cell("·" * BAR_WIDTH, None, DIM)
    segments: list[tuple[str, str | None]] = []
    used = 0
    for index, status in enumerate(DISPLAY_ORDER):
        count = rollup.counts.get(status, 0)
        if not count:
            continue
        # The last segment takes what rounding left, so every bar is the same width.
        last = not any(rollup.counts.get(s) for s in DISPLAY_ORDER[index + 1 :])
        width = BAR_WIDTH - used if last else max(1, round(count / rollup.total * BAR_WIDTH))
        width = min(width, BAR_WIDTH - used)
        segments.append(("█" * width, _BAR_COLOURS[status]))
        used += width
    return Cell("█" * BAR_WIDTH, dict(rollup.counts), None, segments)


# The bar's colours: the statuses' colours, not bold.
_BAR_COLOURS = {
    Status.achieved: "blue",
    Status.on_track: "green",
    Status.mostly_on_track: "yellow",
    Status.behind: "red",
    Status.not_reported: "bright_black",
    Status.not_assessable: "white",
}


def rollup(view, section: str) -> Table:
    """``priority`` or ``goals`` (or ``owner`` / ``field``): one row each with its number of
    measures, the bar and the breakdown of their statuses, and their mean achievement."""
    lang = view.lang
    first = {"owner": "owner", "field": "field"}.get(section, "node")
    table = Table(
        _t(SECTION_TITLES[section], lang),
        [
            Column(_t(first, lang), Role.LABEL, weight=3, narrowest=18),
            Column(_t("measures", lang), Role.NUMBER),
            Column(_t("status", lang), Role.BAR, priority=1),
            Column(_t("breakdown", lang), Role.UNITS, weight=2),
            Column(_t("achievement", lang), Role.NUMBER, priority=2),
        ],
    )
    for row in rollup_rows(view, section):
        shown = f"{row.id} {visible(row.label)}" if row.id != row.label else visible(row.id)
        counts = row.rollup
        table.add(
            shown,
            Cell(str(counts.total if counts else 0), counts.total if counts else 0),
            bar_cell(counts),
            Cell(counts_text(counts, lang), dict(counts.counts) if counts else None),
            Cell(percent(counts.mean_achievement if counts else None)),
        )
    return table


def indicators(view) -> Table | None:
    """Each plan-level indicator beside the KPIs that contribute to it: an outcome that does
    not move while the measures are on track stands out."""
    lang = view.lang
    if not view.analysis.indicators:
        return None
    table = Table(
        _t("indicator", lang),
        [
            Column(_t("indicator", lang), Role.LABEL, weight=3, narrowest=18),
            Column(_t("figures", lang), Role.NUMBER, priority=2),
            Column(_t("rate", lang), Role.NUMBER, priority=1),
            Column(_t("status", lang), Role.STATUS),
            Column(_t("contributors", lang), Role.UNITS, weight=2),
        ],
    )
    for entry in view.analysis.indicators:
        evaluation = entry.evaluation
        contributors = view.analysis.contributions.get(entry.item.key)
        mix = counts_text(contributors, lang) if contributors else "–"
        if outcome_gap(view, entry):
            mix += f"\n⚠ {_t('outcome_gap', lang)}"
        table.add(
            f"{entry.item.key} {visible(entry.item.name)}（{entry.item.on}）",
            Cell(figures(entry), evaluation.value),
            Cell(percent(evaluation.achievement), evaluation.achievement),
            status_cell(evaluation.status, lang, evaluation.far_behind),
            Cell(mix, None, WARN if outcome_gap(view, entry) else None),
        )
    return table


def figures(entry: KpiProgress) -> str:
    """actual / expected → target unit"""
    evaluation, item = entry.evaluation, entry.item
    shown = " / ".join([number(evaluation.value), number(evaluation.expected)])
    return f"{shown} → {number(item.target[1])} {visible(item.unit)}".rstrip()


def _kpi_columns(lang: str, years: list[int]) -> list[Column]:
    return [
        Column(_t("kpi", lang), Role.LABEL, weight=3, narrowest=18),
        Column(f"{_t('series', lang)} {'→'.join(str(y) for y in years)}", Role.SERIES, priority=2),
        Column(_t("figures", lang), Role.NUMBER, priority=1),
        Column(_t("rate", lang), Role.NUMBER),
        Column(_t("status", lang), Role.STATUS),
    ]


def _kpi_cells(entry: KpiProgress, years: list[int], lang: str, name: str) -> list[Cell]:
    evaluation = entry.evaluation
    # Each year's result, oldest first (– for a year without one); a terminal draws it as a
    # sparkline in the status's colour.
    series = " → ".join(number(entry.series.get(year)) for year in years) or "–"
    return [
        Cell(name),
        Cell(series, None, None, [(sparkline(entry, years), evaluation.status.value)]),
        Cell(figures(entry), evaluation.value),
        Cell(percent(evaluation.achievement), evaluation.achievement),
        status_cell(evaluation.status, lang, evaluation.far_behind),
    ]


def by_measure(view) -> Table:
    """Each measure (its worst KPI's status, its mean achievement), then its KPIs."""
    lang = view.lang
    years = view.analysis.years
    table = Table(_t("by_measure", lang), _kpi_columns(lang, years))
    grouped: dict[str, list[KpiProgress]] = {}
    for entry in view.analysis.kpis:
        grouped.setdefault(entry.item.measure, []).append(entry)
    for measure_id, entries in grouped.items():
        rolled = view.analysis.measures[measure_id]
        measure = view.context.measures[measure_id].measure
        title = visible((measure.title_en if lang == "en" else None) or measure.title)
        table.add(
            Cell(f"{measure_id} {title}（{visible(measure.owner)}）", measure_id, STRONG),
            "",
            "",
            Cell(percent(rolled.mean_achievement), rolled.mean_achievement),
            status_cell(rolled.worst, lang),
        )
        for entry in entries:
            table.rows.append(_kpi_cells(entry, years, lang, "  " + visible(entry.item.name)))
    return table


def attention(view) -> Table | None:
    """The KPIs behind or not reported, the most urgent first."""
    lang = view.lang
    found = attention_kpis(view)
    if not found:
        return None
    table = Table(
        _t("attention", lang),
        _kpi_columns(lang, view.analysis.years),
        shown_of=len(found),
        more=MORE_ATTENTION(lang),
    )
    for entry in found[:ATTENTION_SHOWN]:
        table.rows.append(
            _kpi_cells(entry, view.analysis.years, lang, visible(item_title(entry.item)))
        )
    return table


def changes(view) -> Table:
    """Each KPI whose status changed between the two years, those that fell behind first."""
    lang = view.lang
    before, after = view.compared
    table = Table(
        T["changes"].format(before=before, after=after)(lang),
        [
            Column(_t("kpi", lang), Role.LABEL, weight=3, narrowest=18),
            Column(f"{_t('before', lang)} ({before})", Role.STATUS),
            Column(f"{_t('after', lang)} ({after})", Role.STATUS),
            Column(_t("change", lang), Role.STATUS),
        ],
    )
    for change in sorted_changes(view.changes):
        meaning = NEGATIVE if change.kind in ("fell_behind", "worsened") else POSITIVE
        if change.kind == "changed":
            meaning = None
        table.add(
            visible(item_title(change.item)),
            status_cell(change.before, lang),
            status_cell(change.after, lang),
            Cell(CHANGE_LABELS[change.kind](lang), change.kind, meaning),
        )
    return table


def legend(view) -> Table:
    """What each status means, with the thresholds of the config's progress:."""
    lang = view.lang
    settings = view.context.settings.progress
    table = Table(
        _t("legend", lang),
        [
            Column(_t("status", lang), Role.STATUS),
            Column("code", Role.ID, priority=1),
            Column(MEANING(lang), Role.NOTE, weight=4),
        ],
    )
    for status in DISPLAY_ORDER:
        table.add(status_cell(status, lang), status.value, meaning(status, settings, lang))
    return table


def build(view) -> View:
    """The whole of ``seta-align progress`` for one evaluated year, per ``--by``."""
    lang = view.lang
    analysis = view.analysis
    results = view.context.results
    files = ", ".join(visible(f) for f in results.files) if results and results.files else "–"
    years = ", ".join(str(y) for y in analysis.years) or "–"
    shown = View(HEADING.format(year=analysis.year)(lang) if analysis.year else NO_YEAR(lang))
    # The files, then the years on a line of their own: the years are what is looked for.
    shown.blocks.append(Paragraph(RESULTS.format(files=files)(lang), DIM))
    shown.blocks.append(Paragraph(YEARS.format(years=years)(lang), DIM))
    if not analysis.has_results:
        shown.blocks.append(Paragraph(_t("no_results", lang), WARN))
        return shown
    tables: list[Table | None] = []
    if view.by == "node":
        tables += [rollup(view, key) for key, _ids in node_rows(view)]
        tables.append(indicators(view))
    elif view.by == "measure":
        tables.append(by_measure(view))
    else:
        tables.append(rollup(view, view.by))
    tables.append(attention(view))
    if view.changes is not None:
        tables.append(changes(view))
    shown.blocks += [table for table in tables if table is not None]
    shown.blocks.append(Paragraph(kpi_summary(view), STRONG))
    shown.blocks.append(legend(view))
    return shown
