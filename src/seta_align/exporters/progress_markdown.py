"""``progress --format markdown``: outcome management for a wiki, an issue or a pull request.

GFM tables per ``--by`` as in the terminal: the priority policies and SDG goals with the
plan-level indicators beside their contributing KPIs (``node``), each measure with its KPIs
(``measure``), or the roll-up per owner or field; then always the KPIs behind or not reported,
with ``--compare`` the KPIs whose status changed, the closing count and a legend of the
statuses. Markdown has no colours: each status carries a coloured square close to its colour
in the other formats. Text from the user's files can neither break a table (pipes,
backslashes, line breaks) nor become HTML (:func:`.matrix_markdown.cell`).
"""

from __future__ import annotations

from ..analysis.progress import LABELS, KpiProgress, RollUp, Status
from ..i18n import Text
from ..reporters.progress_common import (
    CHANGE_LABELS,
    DISPLAY_ORDER,
    T,
    attention_kpis,
    counts_text,
    item_title,
    kpi_summary,
    meaning,
    measure_title,
    number,
    outcome_gap,
    percent,
    rollup_rows,
    sorted_changes,
)
from .matrix_markdown import cell

# The colours of progress_common.COLOURS, as near as the emoji squares go.
MARKS = {
    Status.achieved: "🟦",
    Status.on_track: "🟩",
    Status.mostly_on_track: "🟨",
    Status.behind: "🟥",
    Status.not_reported: "⬜",
    Status.not_assessable: "▫️",
}

HEADING = Text("進捗（{year} 年度）", "Progress FY{year}")
RESULTS = Text(
    "実績: {files}／実績のある年度: {years}", "Results: {files}; years with results: {years}"
)


def _line(values: list[str]) -> str:
    return "| " + " | ".join(values) + " |"


def _status(status: Status | None, lang: str, far: bool = False) -> str:
    if status is None:
        return "–"
    text = f"{MARKS[status]} {LABELS[status](lang)}"
    return text + T["far"](lang) if far else text


def render(view) -> str:
    lang = view.lang
    analysis = view.analysis
    results = view.context.results
    files = ", ".join(results.files) if results is not None and results.files else "–"
    years = ", ".join(str(y) for y in analysis.years) or "–"
    read = cell(RESULTS.format(files=files, years=years)(lang))
    if not analysis.has_results:
        return "\n".join([read, "", cell(T["no_results"](lang)), ""])
    lines = [f"## {HEADING.format(year=analysis.year)(lang)}", "", read, ""]
    if view.by == "node":
        for section in ("priority", "goals"):
            lines += _rollups(view, section)
        lines += _indicators(view)
    elif view.by == "measure":
        lines += _measures(view)
    else:
        lines += _rollups(view, view.by)
    lines += _attention(view)
    if view.changes is not None:
        lines += _changes(view)
    lines += [f"**{cell(kpi_summary(view))}**", ""]
    lines += _legend(view)
    return "\n".join(lines)


def _rollup_cells(rollup: RollUp | None, lang: str) -> list[str]:
    # The measures by status, as every format shows them: no status of the worst measure, which
    # a handout would read as the policy's own.
    return [
        str(rollup.total if rollup else 0),
        cell(counts_text(rollup, lang)),
        percent(rollup.mean_achievement if rollup else None),
    ]


def _rollups(view, section: str) -> list[str]:
    lang = view.lang
    title = {"priority": "priority", "goals": "goals", "owner": "by_owner", "field": "by_field"}
    label = {"priority": "node", "goals": "node", "owner": "owner", "field": "field"}[section]
    lines = [
        f"### {T[title[section]](lang)}",
        "",
        _line(
            [
                T[label](lang),
                T["measures"](lang),
                T["breakdown"](lang),
                T["achievement"](lang),
            ]
        ),
        "| --- | --: | --- | --: |",
    ]
    for row in rollup_rows(view, section):
        shown = f"{row.id} {row.label}" if section in ("priority", "goals", "field") else row.id
        lines.append(_line([cell(shown), *_rollup_cells(row.rollup, lang)]))
    return [*lines, ""]


def _indicators(view) -> list[str]:
    lang = view.lang
    if not view.analysis.indicators:
        return []
    lines = [
        f"### {T['indicator'](lang)}",
        "",
        _line(
            [
                T["indicator"](lang),
                T["figures"](lang),
                T["rate"](lang),
                T["status"](lang),
                T["contributors"](lang),
            ]
        ),
        "| --- | --: | --: | --- | --- |",
    ]
    for entry in view.analysis.indicators:
        contributors = view.analysis.contributions.get(entry.item.key)
        mix = cell(counts_text(contributors, lang)) if contributors else "–"
        if outcome_gap(view, entry):
            mix += f"<br>⚠ **{cell(T['outcome_gap'](lang))}**"
        lines.append(
            _line(
                [
                    cell(item_title(entry.item)),
                    _figures(entry),
                    percent(entry.evaluation.achievement),
                    _status(entry.evaluation.status, lang, entry.evaluation.far_behind),
                    mix,
                ]
            )
        )
    return [*lines, ""]


def _figures(entry: KpiProgress) -> str:
    """actual / expected → target unit"""
    evaluation, item = entry.evaluation, entry.item
    figures = " / ".join([number(evaluation.value), number(evaluation.expected)])
    return cell(f"{figures} → {number(item.target[1])} {item.unit}".rstrip())


def _series(entry: KpiProgress, years: list[int]) -> str:
    """Each year's result, oldest first; – for a year without one."""
    return " → ".join(number(entry.series.get(year)) for year in years) or "–"


def _kpi_header(view) -> list[str]:
    lang = view.lang
    return [
        _line(
            [
                T["kpi"](lang),
                T["series"](lang) + " " + "→".join(str(y) for y in view.analysis.years),
                T["figures"](lang),
                T["rate"](lang),
                T["status"](lang),
            ]
        ),
        "| --- | --- | --: | --: | --- |",
    ]


def _kpi_line(view, entry: KpiProgress, name: str) -> str:
    evaluation = entry.evaluation
    return _line(
        [
            cell(name),
            cell(_series(entry, view.analysis.years)),
            _figures(entry),
            percent(evaluation.achievement),
            _status(evaluation.status, view.lang, evaluation.far_behind),
        ]
    )


def _measures(view) -> list[str]:
    lang = view.lang
    lines = [f"### {T['by_measure'](lang)}", "", *_kpi_header(view)]
    by_measure: dict[str, list[KpiProgress]] = {}
    for entry in view.analysis.kpis:
        by_measure.setdefault(entry.item.measure, []).append(entry)
    for measure_id, entries in by_measure.items():
        rollup = view.analysis.measures[measure_id]
        owner = view.context.measures[measure_id].measure.owner
        title = f"{measure_id} {measure_title(view.context, measure_id, lang)}（{owner}）"
        lines.append(
            _line(
                [
                    f"**{cell(title)}**",
                    "",
                    "",
                    percent(rollup.mean_achievement),
                    _status(rollup.worst, lang),
                ]
            )
        )
        lines += [_kpi_line(view, entry, "　" + entry.item.name) for entry in entries]
    return [*lines, ""]


def _attention(view) -> list[str]:
    found = attention_kpis(view)
    if not found:
        return []
    lines = [f"### {T['attention'](view.lang)}", "", *_kpi_header(view)]
    lines += [_kpi_line(view, entry, item_title(entry.item)) for entry in found]
    return [*lines, ""]


def _changes(view) -> list[str]:
    lang = view.lang
    before, after = view.compared
    changed = sorted_changes(view.changes)
    lines = [f"### {T['changes'].format(before=before, after=after)(lang)}", ""]
    if not changed:
        return [*lines, CHANGE_LABELS["unchanged"](lang), ""]
    lines += [
        _line(
            [
                T["kpi"](lang),
                f"{T['before'](lang)} ({before})",
                f"{T['after'](lang)} ({after})",
                T["change"](lang),
            ]
        ),
        "| --- | --- | --- | --- |",
    ]
    for change in changed:
        lines.append(
            _line(
                [
                    cell(item_title(change.item)),
                    _status(change.before, lang),
                    _status(change.after, lang),
                    CHANGE_LABELS[change.kind](lang),
                ]
            )
        )
    return [*lines, ""]


def _legend(view) -> list[str]:
    lang = view.lang
    settings = view.context.settings.progress
    lines = [f"**{T['legend'](lang)}**", ""]
    lines += [
        f"- {MARKS[s]} **{LABELS[s](lang)}** (`{s.value}`): {cell(meaning(s, settings, lang))}"
        for s in DISPLAY_ORDER
    ]
    return [*lines, ""]
