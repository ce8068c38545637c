"""``seta-align progress``: outcome management as tables — which priority policy and which goal
is behind, which KPIs are behind or not reported, and how each KPI moved over the years."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text as RichText

from ..analysis.progress import LABELS, KpiProgress, RollUp, Status
from ..i18n import Text
from ..printable import visible
from .progress_common import (
    CHANGE_LABELS,
    COLOURS,
    DISPLAY_ORDER,
    T,
    attention_kpis,
    counts_text,
    item_title,
    kpi_summary,
    node_rows,
    number,
    outcome_gap,
    percent,
    sorted_changes,
    sparkline,
)
from .wrapping import Line, Wrapped

BAR_WIDTH = 12
ATTENTION_SHOWN = 25


def _t(key: str, lang: str) -> str:
    return T[key](lang)


def _table(title: str) -> Table:
    return Table(title=RichText(title, style="bold"), title_justify="left", box=box.SIMPLE_HEAD)


def _status(status: Status | None, lang: str, far: bool = False) -> RichText:
    if status is None:
        return RichText("–", style="dim")
    label = LABELS[status](lang)
    if far:
        label += "（大幅）" if lang == "ja" else " (far)"
    return RichText(label, style=f"bold {COLOURS[status][0]}")


def _bar(rollup: RollUp | None) -> RichText:
    """The measures of a row by status, as a bar of BAR_WIDTH cells in the status colours."""
    if rollup is None or not rollup.total:
        return RichText("·" * BAR_WIDTH, style="dim")
    bar = RichText()
    used = 0
    for index, status in enumerate(DISPLAY_ORDER):
        count = rollup.counts.get(status, 0)
        if not count:
            continue
        # The last segment takes what rounding left, so every bar is the same width.
        last = not any(rollup.counts.get(s) for s in DISPLAY_ORDER[index + 1 :])
        width = BAR_WIDTH - used if last else max(1, round(count / rollup.total * BAR_WIDTH))
        width = min(width, BAR_WIDTH - used)
        bar.append("█" * width, style=COLOURS[status][0])
        used += width
    return bar


def render(console: Console, view) -> None:
    from .scope import checked_line

    lang = view.lang
    analysis = view.analysis
    context = view.context
    # Header lines are not cut into the table width: the terminal wraps them, and a file
    # name stays whole for copying.
    console.print(RichText(checked_line(context, lang), style="dim"), soft_wrap=True)
    results = context.results
    files = ", ".join(visible(f) for f in results.files[:3]) if results else "–"
    if results and len(results.files) > 3:
        files += f" (+{len(results.files) - 3})"
    years = ", ".join(str(y) for y in analysis.years) or "–"
    console.print(
        RichText(
            Text(
                f"実績: {files}／{_t('years', 'ja')}: {years}",
                f"Results: {files}; {_t('years', 'en')}: {years}",
            )(lang),
            style="dim",
        ),
        soft_wrap=True,
    )
    if not analysis.has_results:
        console.print(RichText(_t("no_results", lang), style="yellow"))
        return
    console.print(
        RichText(f"{_t('evaluated', lang)}: FY{analysis.year}", style="bold"),
    )
    if view.by == "node":
        _nodes(console, view)
    elif view.by == "measure":
        _measures(console, view)
    else:
        _groups(console, view)
    _attention(console, view)
    if view.changes is not None:
        _changes(console, view)
    _summary(console, view)


def _rollup_columns(table: Table, lang: str) -> None:
    table.add_column(_t("measures", lang), justify="right", no_wrap=True)
    table.add_column(_t("status", lang), no_wrap=True)
    table.add_column("", ratio=2)
    table.add_column(_t("achievement", lang), justify="right", no_wrap=True)


def _rollup_cells(rollup: RollUp | None, lang: str) -> list:
    return [
        str(rollup.total) if rollup else "0",
        _bar(rollup),
        Wrapped(Line(counts_text(rollup, lang))),
        percent(rollup.mean_achievement if rollup else None),
    ]


def _nodes(console: Console, view) -> None:
    lang = view.lang
    framework = view.context.framework
    for key, ids in node_rows(view):
        table = _table(_t(key, lang))
        table.add_column(_t("node", lang), ratio=3)
        _rollup_columns(table, lang)
        for node_id in ids:
            rollup = view.analysis.nodes.get(node_id)
            # Every priority policy is listed (one with no measure is news); SDG goals only
            # where measures serve them.
            if rollup is None and key == "goals":
                continue
            node = framework.nodes[node_id]
            table.add_row(
                Wrapped(Line(f"{node_id} {_short(visible(node.label(lang)))}")),
                *_rollup_cells(rollup, lang),
            )
        console.print(table)
    _indicators(console, view)


def _indicators(console: Console, view) -> None:
    """Each plan-level indicator beside the KPIs that contribute to it: an outcome that does
    not move while the measures are on track stands out."""
    lang = view.lang
    if not view.analysis.indicators:
        return
    table = _table(_t("indicator", lang))
    table.add_column(_t("indicator", lang), ratio=3)
    table.add_column(_t("value", lang), justify="right", no_wrap=True)
    table.add_column(_t("rate", lang), justify="right", no_wrap=True)
    table.add_column(_t("status", lang), no_wrap=True)
    table.add_column(_t("contributors", lang), ratio=2)
    for entry in view.analysis.indicators:
        evaluation = entry.evaluation
        contributors = view.analysis.contributions.get(entry.item.key)
        mix = [Line(counts_text(contributors, lang) if contributors else "–")]
        if outcome_gap(view, entry):
            mix.append(Line(f"⚠ {_t('outcome_gap', lang)}", "bold red"))
        table.add_row(
            Wrapped(Line(f"{entry.item.key} {visible(entry.item.name)}（{entry.item.on}）")),
            f"{number(evaluation.value)} {visible(entry.item.unit)}"
            if evaluation.value is not None
            else "–",
            percent(evaluation.achievement),
            _status(evaluation.status, lang, evaluation.far_behind),
            Wrapped(*mix),
        )
    console.print(table)


def _short(label: str, limit: int = 36) -> str:
    from rich.cells import cell_len

    if cell_len(label) <= limit:
        return label
    while cell_len(label) > limit - 1:
        label = label[:-1]
    return label + "…"


def kpi_title(item) -> str:
    return visible(item_title(item))


def _kpi_row(entry: KpiProgress, years: list[int], lang: str, *, with_measure: bool) -> list:
    evaluation = entry.evaluation
    item = entry.item
    name = kpi_title(item) if with_measure else "  " + visible(item.name)
    # actual / expected → target, in one cell so the row fits a terminal
    figures = " / ".join([number(evaluation.value), number(evaluation.expected)])
    figures += f" → {number(item.target[1])} {visible(item.unit)}"
    return [
        Wrapped(Line(name)),
        RichText(sparkline(entry, years), style=COLOURS[evaluation.status][0]),
        figures,
        percent(evaluation.achievement),
        _status(evaluation.status, lang, evaluation.far_behind),
    ]


def _kpi_columns(table: Table, lang: str) -> None:
    table.add_column(_t("kpi", lang), ratio=1)
    table.add_column(_t("series", lang), no_wrap=True)
    table.add_column(_t("figures", lang), justify="right", no_wrap=True)
    table.add_column(_t("rate", lang), justify="right", no_wrap=True)
    table.add_column(_t("status", lang), no_wrap=True)


def _measures(console: Console, view) -> None:
    lang = view.lang
    years = view.analysis.years
    table = _table(_t("by_measure", lang))
    _kpi_columns(table, lang)
    by_measure: dict[str, list[KpiProgress]] = {}
    for entry in view.analysis.kpis:
        by_measure.setdefault(entry.item.measure, []).append(entry)
    for measure_id, entries in by_measure.items():
        rollup = view.analysis.measures[measure_id]
        measure = view.context.measures[measure_id].measure
        title = visible((measure.title_en if lang == "en" else None) or measure.title)
        table.add_row(
            Wrapped(Line(f"{measure_id} {title}（{visible(measure.owner)}）", "bold")),
            "",
            "",
            percent(rollup.mean_achievement),
            _status(rollup.worst, lang),
        )
        for entry in entries:
            table.add_row(*_kpi_row(entry, years, lang, with_measure=False))
    console.print(table)


def _groups(console: Console, view) -> None:
    lang = view.lang
    rollups = view.analysis.owners if view.by == "owner" else view.analysis.fields
    table = _table(_t(f"by_{view.by}", lang))
    table.add_column(_t(view.by, lang), ratio=1)
    _rollup_columns(table, lang)
    for name, rollup in rollups.items():
        shown = name
        if view.by == "field":
            definition = view.context.framework.fields.get(name)
            if definition is not None:
                shown = definition.title if lang == "ja" else definition.title_en or definition.title
        table.add_row(Wrapped(Line(visible(shown))), *_rollup_cells(rollup, lang))
    console.print(table)


def _attention(console: Console, view) -> None:
    lang = view.lang
    found = attention_kpis(view)
    if not found:
        return
    table = _table(_t("attention", lang))
    _kpi_columns(table, lang)
    for entry in found[:ATTENTION_SHOWN]:
        table.add_row(*_kpi_row(entry, view.analysis.years, lang, with_measure=True))
    if len(found) > ATTENTION_SHOWN:
        more = len(found) - ATTENTION_SHOWN
        table.caption = Text(
            f"ほか {more} 件: --by measure または --format json / xlsx で全件",
            f"{more} more: all of them with --by measure or --format json / xlsx",
        )(lang)
        table.caption_justify = "left"
    console.print(table)


def _changes(console: Console, view) -> None:
    lang = view.lang
    before, after = view.compared
    table = _table(T["changes"].format(before=before, after=after)(lang))
    table.add_column(_t("kpi", lang), ratio=1)
    table.add_column(_t("before", lang), no_wrap=True)
    table.add_column(_t("after", lang), no_wrap=True)
    table.add_column(_t("change", lang), no_wrap=True)
    for change in sorted_changes(view.changes):
        style = "red" if change.kind in ("fell_behind", "worsened") else "green"
        if change.kind == "changed":
            style = ""
        table.add_row(
            Wrapped(Line(kpi_title(change.item))),
            _status(change.before, lang),
            _status(change.after, lang),
            RichText(CHANGE_LABELS[change.kind](lang), style=style),
        )
    console.print(table)


def _summary(console: Console, view) -> None:
    console.print(Wrapped(Line(kpi_summary(view), "bold")))
