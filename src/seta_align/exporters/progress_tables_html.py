"""Outcome management (行政評価) as HTML, written once for ``progress --format html`` and for the
進捗 section of ``seta-align report``: roll-ups with status-coloured bars, the status heatmap
by department, the plan-level indicators beside their contributing KPIs, and every KPI with a
small line chart of its results against its expected path, which a filter narrows to the KPIs
behind or not reported.

Every function returns lines of HTML to put inside a page of the report's style (its CSS
variables and classes such as ``table.data`` and ``form.filters``; :data:`STYLE` adds what
these need). Every text from the measure, results and indicators files goes through
:func:`html_text`; the colours are ours (:data:`..reporters.progress_common.COLOURS`). Rows and
cells carry what they show as ``data-`` attributes (status by its English name, achievement
as a fraction), for the filter and for tests.

**The KPI chart** is drawn here, as inline SVG, in a view box of :data:`CHART_WIDTH` ×
:data:`CHART_HEIGHT` (200 × 60). The plot area runs from x = :data:`LEFT` (10) to
:data:`RIGHT` (190) and from y = :data:`BOTTOM` (50, the lowest value) up to :data:`TOP` (10,
the highest):

    x(year)  = LEFT + (year − first) ÷ (last − first) × (RIGHT − LEFT)
    y(value) = BOTTOM − (value − low) ÷ (high − low) × (BOTTOM − TOP)

``first`` and ``last`` are the earliest and latest of the path's years, the years with a
result and the evaluated year; ``low`` and ``high`` the lowest and highest of the path's
values and the results. With one year (or one value) everything stands in the middle. The
expected path (baseline → milestones → target) is a dashed line, the target a ring, the
results a line in the colour of the KPI's status with a dot per year; a year without a value
(not reported, or reported as not measured) is a gap in the line. A dotted upright marks the
evaluated year. Coordinates are written with at most two decimals.

**The filter** (遅れ・未報告) is the ``<form id="progress-filters">`` above the KPI table and
the script :data:`SCRIPT`, which the report runs with its own and the progress page alone,
both allowed by their hash under the page's Content-Security-Policy. Without JavaScript every
row is shown and the control stays hidden, as the report's filters do. The address can set it:
``?status=attention`` (behind or not reported), ``behind`` or ``not_reported``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..analysis.progress import ATTENTION, LABELS, KpiProgress, RollUp, Status
from ..i18n import Lang, Text
from ..printable import html_text as _e
from ..renderers.colours import text_colour
from ..reporters.progress_common import (
    CHANGE_LABELS,
    COLOURS,
    DISPLAY_ORDER,
    attention_kpis,
    counts_text,
    item_title,
    meaning,
    measure_title,
    number,
    outcome_gap,
    percent,
    rollup_rows,
    sorted_changes,
)
from ..reporters.progress_common import T as COMMON
from .network_layout import tint

CHART_WIDTH, CHART_HEIGHT = 200, 60
LEFT, RIGHT, TOP, BOTTOM = 10, 190, 10, 50
YEAR_LABEL_Y = 59
# The heatmap: a cell of count c in a row of n measures is the status colour mixed with
# white by HEAT_WHITE × (1 − c ÷ n): the whole row in one status is the full colour.
HEAT_WHITE = 0.85
# A result line in the status colour, except where that colour is too pale to see on white.
PALE = {Status.not_assessable: "#718096"}
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
FILTERS = ("attention", "behind", "not_reported")

T = {
    "legend": COMMON["legend"],
    "evaluated": Text(
        "評価年度 {year}（実績のある年度: {years}）。",
        "Evaluated year FY{year} (years with results: {years}).",
    ),
    "priority": COMMON["priority"],
    "goals": COMMON["goals"],
    "owner": COMMON["by_owner"],
    "field": COMMON["by_field"],
    "node": COMMON["node"],
    "owner_col": COMMON["owner"],
    "field_col": COMMON["field"],
    "measures": COMMON["measures"],
    "status": COMMON["status"],
    "breakdown": COMMON["breakdown"],
    "mean": COMMON["achievement"],
    "heatmap_note": Text(
        "施策をその指標の最も注意の要る状況で数えています（遅れ → 未報告 → おおむね順調 → "
        "評価不能 → 順調 → 達成）。遅れのある所管部が上に来ます。色の濃さは所管部の施策に"
        "占める割合です。",
        "Each measure counts once, by its KPIs' most urgent status (behind → not reported → "
        "mostly on track → not assessable → on track → achieved). Owners with measures behind "
        "come first; a colour's strength is its share of the owner's measures.",
    ),
    "indicators": COMMON["indicator"],
    "contributors": COMMON["contributors"],
    "outcome_gap": COMMON["outcome_gap"],
    "kpis": Text("指標ごとの推移", "Each KPI over the years"),
    "kpis_note": Text(
        "破線は見込みの道筋（現状値 → 年度ごとの目標 → 目標値）、○ は目標、実線と点は実績"
        "（色は評価年度の状況）、点線の縦線は評価年度です。実績のない年度は線が途切れます。",
        "The dashed line is the expected path (baseline → milestones → target), the ring the "
        "target, the solid line and dots the results (coloured by the evaluated year's "
        "status), the dotted upright the evaluated year. A year without a result is a gap.",
    ),
    "kpi": COMMON["kpi"],
    "chart": COMMON["series"],
    "figures": COMMON["figures"],
    "rate": COMMON["rate"],
    "show": Text("表示", "Show"),
    "all": Text("すべての指標", "every KPI"),
    "attention": Text("遅れ・未報告だけ", "behind or not reported only"),
    "behind": Text("遅れだけ", "behind only"),
    "not_reported": Text("未報告だけ", "not reported only"),
    "reset": Text("条件を解除", "Clear filters"),
    "shown": Text("{shown} / {total} 件を表示", "{shown} of {total} shown"),
    "attention_title": COMMON["attention"],
    "no_attention": Text(
        "遅れ・未報告の指標はありません。", "No KPI is behind or not reported."
    ),
    "why": Text("理由・備考", "Why / note"),
    "changes": COMMON["changes"],
    "no_changes": Text("状況が変わった指標はありません。", "No KPI changed its status."),
    "before": COMMON["before"],
    "after": COMMON["after"],
    "change": COMMON["change"],
    "chart_label": Text(
        "{name}: 実績 {results}／見込みの道筋 {path}／目標 {target}（{target_year} 年度）",
        "{name}: results {results}; expected path {path}; target {target} (FY{target_year})",
    ),
    "no_values": Text("なし", "none"),
}

SCRIPT = """
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  var form = document.getElementById("progress-filters");
  var table = document.getElementById("progress-kpis");
  if (!form || !table) { root.setAttribute("data-progress-ready", "1"); return; }
  var select = form.elements.status;
  var count = document.getElementById("progress-count");
  var template = count.getAttribute("data-template");
  var groups = Array.prototype.slice.call(table.tBodies);
  var total = table.querySelectorAll("tr[data-status]").length;
  function wanted(status) {
    var value = select.value;
    if (!value) { return true; }
    if (value === "attention") { return status === "behind" || status === "not_reported"; }
    return status === value;
  }
  function apply() {
    var shown = 0;
    groups.forEach(function (group) {
      var rows = Array.prototype.slice.call(group.rows);
      var any = false;
      rows.forEach(function (row) {
        var status = row.getAttribute("data-status");
        if (status === null) { return; }
        row.hidden = !wanted(status);
        if (!row.hidden) { shown += 1; any = true; }
      });
      rows.forEach(function (row) {
        if (row.getAttribute("data-status") === null) { row.hidden = !any; }
      });
    });
    count.textContent = template.replace("{shown}", shown).replace("{total}", total);
  }
  var query = new URLSearchParams(window.location.search);
  if (query.has("status")) {
    for (var i = 0; i < select.options.length; i += 1) {
      if (select.options[i].value === query.get("status")) { select.value = query.get("status"); }
    }
  }
  select.addEventListener("change", apply);
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply();
  root.setAttribute("data-progress-ready", "1");
}());
""".strip()

STYLE = """
.progress-legend { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; font-size: 0.85rem;
  margin: 0.3rem 0 0.8rem; }
.st { display: inline-block; padding: 0 0.45em; border-radius: 3px; font-size: 0.8rem;
  white-space: nowrap; border: 1px solid rgba(0,0,0,0.12); }
.sbar { display: flex; height: 1.1rem; min-width: 10em; background: #eef0f3; border-radius: 3px;
  overflow: hidden; }
.sbar span { display: block; height: 100%; }
table.progress-rollup td.bar-cell { width: 35%; vertical-align: middle; }
table.progress-heatmap { width: auto; }
table.progress-heatmap td.hm { text-align: center; min-width: 5em; font-variant-numeric: tabular-nums; }
table.progress-heatmap th.hm { text-align: center; }
table.progress-kpis tr.group th { background: var(--soft); text-align: left; }
table.progress-kpis td.chart { width: 210px; padding: 0.1rem 0.3rem; }
svg.kpi-chart { display: block; width: 200px; height: 60px; overflow: visible; }
svg.kpi-chart .axis { stroke: #d5d9e0; stroke-width: 1; }
svg.kpi-chart .now { stroke: #9aa1ad; stroke-width: 1; stroke-dasharray: 1 2; }
svg.kpi-chart .expected { fill: none; stroke: #5b6475; stroke-width: 1.2; stroke-dasharray: 4 3; }
svg.kpi-chart .actual { fill: none; stroke-width: 2; stroke-linejoin: round; }
svg.kpi-chart .target { fill: #ffffff; stroke: #1b2233; stroke-width: 1.5; }
svg.kpi-chart text { font-size: 8px; fill: #5b6475; }
@media print { svg.kpi-chart { width: 160px; height: 48px; } }
""".strip()


@dataclass(slots=True)
class SectionView:
    """What these tables read of ``seta-align progress``'s view, for a page that has no
    ``--by`` or ``--compare`` of its own (the report)."""

    context: object
    analysis: object
    lang: Lang
    by: str = "node"
    changes: list | None = None
    compared: tuple[int, int] | None = None


def _t(key: str, lang: Lang, **values: object) -> str:
    text = T[key].format(**values) if values else T[key]
    return text(lang)


def _heading(level: int, text: str) -> str:
    return f"<h{level}>{_e(text)}</h{level}>"


def _coordinate(value: float) -> str:
    """At most two decimals, no trailing zeros: 55, 77.5, 36.67."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _data(value: float | None) -> str:
    """A figure for a ``data-`` attribute: rounded as in the JSON document, 140 not 140.0."""
    if value is None:
        return ""
    rounded = round(value, 6)
    return str(int(rounded)) if rounded.is_integer() else str(rounded)


def status_badge(status: Status | None, lang: Lang, far: bool = False) -> str:
    if status is None:
        return '<span class="muted">–</span>'
    colour = COLOURS[status][1]
    label = LABELS[status](lang) + (COMMON["far"](lang) if far else "")
    return (
        f'<span class="st" data-status="{status.value}" style="background-color: {colour}; '
        f'color: {text_colour(colour)}">{_e(label)}</span>'
    )


def status_bar(rollup: RollUp | None, lang: Lang) -> str:
    """The measures of a row by status as one bar, each status its share of the width."""
    if rollup is None or not rollup.total:
        return '<div class="sbar" role="img" aria-label="–"></div>'
    parts = []
    for status in DISPLAY_ORDER:
        count = rollup.counts.get(status, 0)
        if not count:
            continue
        width = count / rollup.total * 100
        parts.append(
            f'<span data-status="{status.value}" data-count="{count}" '
            f'style="width: {width:.2f}%; background-color: {COLOURS[status][1]}" '
            f'title="{_e(LABELS[status](lang))} {count}"></span>'
        )
    label = counts_text(rollup, lang)
    return f'<div class="sbar" role="img" aria-label="{_e(label)}">{"".join(parts)}</div>'


def legend(settings, lang: Lang) -> list[str]:
    """The statuses in their colours, each with what it means."""
    items = [
        f"<span>{status_badge(status, lang)} "
        f'<span class="muted">{_e(meaning(status, settings, lang))}</span></span>'
        for status in DISPLAY_ORDER
    ]
    return [
        f'<div class="progress-legend" aria-label="{_e(_t("legend", lang))}">{"".join(items)}</div>'
    ]


def evaluated_note(view) -> str:
    analysis = view.analysis
    years = ", ".join(str(y) for y in analysis.years)
    return f'<p class="note">{_e(_t("evaluated", view.lang, year=analysis.year, years=years))}</p>'


# --- roll-ups ------------------------------------------------------------------------------------


def rollup_table(view, section: str, *, level: int = 3) -> list[str]:
    """``priority`` or ``goals`` (or ``owner`` / ``field``): one row each with the number of
    measures, the bar of their statuses, the counts and the mean achievement."""
    lang = view.lang
    label = {"priority": "node", "goals": "node", "owner": "owner_col", "field": "field_col"}
    out = [
        _heading(level, _t(section, lang)),
        f'<table class="data progress-rollup" data-section="{_e(section)}">',
        "<thead><tr>",
        f'<th scope="col">{_e(_t(label[section], lang))}</th>',
        f'<th scope="col" class="num">{_e(_t("measures", lang))}</th>',
        f'<th scope="col">{_e(_t("status", lang))}</th>',
        f'<th scope="col">{_e(_t("breakdown", lang))}</th>',
        f'<th scope="col" class="num">{_e(_t("mean", lang))}</th>',
        "</tr></thead><tbody>",
    ]
    for row in rollup_rows(view, section):
        rollup = row.rollup
        worst = rollup.worst if rollup else None
        swatch = ""
        if row.colour and _COLOUR.match(row.colour):
            swatch = f'<span class="swatch" style="background: {row.colour}"></span>'
        name = f"{swatch}<code>{_e(row.id)}</code> {_e(row.label)}" if row.id != row.label else _e(row.id)
        mean = rollup.mean_achievement if rollup else None
        out.append(
            f'<tr data-id="{_e(row.id)}" data-measures="{rollup.total if rollup else 0}" '
            f'data-worst="{worst.value if worst else ""}" data-mean="{_data(mean)}">'
            f"<td>{name}</td>"
            f'<td class="num">{rollup.total if rollup else 0}</td>'
            f'<td class="bar-cell">{status_bar(rollup, lang)}</td>'
            f"<td>{_e(counts_text(rollup, lang))}</td>"
            f'<td class="num">{_e(percent(mean))}</td></tr>'
        )
    out.append("</tbody></table>")
    return out


def _urgency(rollup: RollUp) -> tuple[int, float]:
    worst = rollup.worst
    if worst is None:
        return (len(ATTENTION), 0.0)
    return (ATTENTION.index(worst), -rollup.counts[worst] / rollup.total)


def heatmap(view, section: str = "owner", *, level: int = 3) -> list[str]:
    """Owners (or fields) × statuses: how many of each one's measures are in each status,
    the most urgent status first, the rows with measures behind on top."""
    lang = view.lang
    rows = sorted(rollup_rows(view, section), key=lambda r: _urgency(r.rollup))
    out = [
        _heading(level, _t(section, lang)),
        f'<p class="note">{_e(_t("heatmap_note", lang))}</p>',
        f'<table class="data progress-heatmap" data-section="{_e(section)}">',
        "<thead><tr>",
        f'<th scope="col">{_e(_t("owner_col" if section == "owner" else "field_col", lang))}</th>',
        f'<th scope="col" class="num">{_e(_t("measures", lang))}</th>',
    ]
    out += [f'<th scope="col" class="hm">{status_badge(s, lang)}</th>' for s in ATTENTION]
    out += [f'<th scope="col" class="num">{_e(_t("mean", lang))}</th>', "</tr></thead><tbody>"]
    for row in rows:
        rollup = row.rollup
        cells = [
            f'<tr data-id="{_e(row.id)}" data-worst="{rollup.worst.value if rollup.worst else ""}">',
            f'<th scope="row">{_e(row.label)}</th>',
            f'<td class="num">{rollup.total}</td>',
        ]
        for status in ATTENTION:
            count = rollup.counts.get(status, 0)
            where = f'data-status="{status.value}" data-count="{count}"'
            if not count:
                cells.append(f'<td class="hm" {where}></td>')
                continue
            fill = tint(COLOURS[status][1], HEAT_WHITE * (1 - count / rollup.total))
            tooltip = f"{row.label}: {LABELS[status](lang)} {count} / {rollup.total}"
            cells.append(
                f'<td class="hm" {where} style="background-color: {fill}; color: '
                f'{text_colour(fill)}" title="{_e(tooltip)}">{count}</td>'
            )
        cells += [f'<td class="num">{_e(percent(rollup.mean_achievement))}</td>', "</tr>"]
        out.append("".join(cells))
    out.append("</tbody></table>")
    return out


def indicators_table(view, *, level: int = 3) -> list[str]:
    """Each plan-level indicator beside the KPIs that contribute to it; an outcome that does
    not move while its measures are on track is flagged."""
    lang = view.lang
    if not view.analysis.indicators:
        return []
    out = [
        _heading(level, _t("indicators", lang)),
        '<table class="data progress-indicators">',
        "<thead><tr>",
        f'<th scope="col">{_e(_t("indicators", lang))}</th>',
        f'<th scope="col">{_e(_t("chart", lang))}</th>',
        f'<th scope="col" class="num">{_e(_t("figures", lang))}</th>',
        f'<th scope="col" class="num">{_e(_t("rate", lang))}</th>',
        f'<th scope="col">{_e(_t("status", lang))}</th>',
        f'<th scope="col">{_e(_t("contributors", lang))}</th>',
        "</tr></thead><tbody>",
    ]
    for entry in view.analysis.indicators:
        evaluation = entry.evaluation
        contributors = view.analysis.contributions.get(entry.item.key)
        mix = _e(counts_text(contributors, lang)) if contributors else "–"
        gap = outcome_gap(view, entry)
        if gap:
            mix += f'<br><span class="status-short">⚠ {_e(_t("outcome_gap", lang))}</span>'
        out.append(
            f'<tr data-indicator="{_e(entry.item.key)}" data-status="{evaluation.status.value}" '
            f'data-achievement="{_data(evaluation.achievement)}" '
            f'data-outcome-gap="{str(gap).lower()}">'
            f"<td>{_e(item_title(entry.item))}</td>"
            f'<td class="chart">{line_chart(entry, view.analysis.year, lang)}</td>'
            f'<td class="num">{_e(_figures(entry))}</td>'
            f'<td class="num">{_e(percent(evaluation.achievement))}</td>'
            f"<td>{status_badge(evaluation.status, lang, evaluation.far_behind)}</td>"
            f"<td>{mix}</td></tr>"
        )
    out.append("</tbody></table>")
    return out


# --- KPIs ----------------------------------------------------------------------------------------


def _figures(entry: KpiProgress) -> str:
    """actual / expected → target unit"""
    evaluation, item = entry.evaluation, entry.item
    figures = " / ".join([number(evaluation.value), number(evaluation.expected)])
    return f"{figures} → {number(item.target[1])} {item.unit}".rstrip()


def _why(entry: KpiProgress, lang: Lang) -> str:
    evaluation = entry.evaluation
    parts = []
    if evaluation.reason is not None:
        parts.append(evaluation.reason(lang))
    if evaluation.note:
        parts.append(evaluation.note)
    return " / ".join(parts)


def _kpi_row(view, entry: KpiProgress) -> str:
    lang = view.lang
    item, evaluation = entry.item, entry.evaluation
    name = _e(item.name)
    if item.key != item.name:
        name += f' <code class="muted">{_e(item.key)}</code>'
    why = _why(entry, lang)
    if why:
        name += f'<span class="hint">{_e(why)}</span>'
    return (
        f'<tr class="kpi" data-measure="{_e(item.measure or "")}" data-kpi="{_e(item.key)}" '
        f'data-status="{evaluation.status.value}" '
        f'data-achievement="{_data(evaluation.achievement)}" '
        f'data-expected="{_data(evaluation.expected)}" '
        f'data-far="{str(evaluation.far_behind).lower()}">'
        f"<td>{name}</td>"
        f'<td class="chart">{line_chart(entry, view.analysis.year, lang)}</td>'
        f'<td class="num">{_e(_figures(entry))}</td>'
        f'<td class="num">{_e(percent(evaluation.achievement))}</td>'
        f"<td>{status_badge(evaluation.status, lang, evaluation.far_behind)}</td></tr>"
    )


def kpi_table(view, *, level: int = 3) -> list[str]:
    """Every KPI, grouped by measure, then the plan-level indicators: its chart, figures,
    achievement and status; the filter above it."""
    lang = view.lang
    analysis = view.analysis
    entries = analysis.kpis + analysis.indicators
    options = [f'<option value="">{_e(_t("all", lang))}</option>']
    options += [f'<option value="{key}">{_e(_t(key, lang))}</option>' for key in FILTERS]
    shown = _t("shown", lang, shown=len(entries), total=len(entries))
    template = T["shown"](lang)
    out = [
        _heading(level, _t("kpis", lang)),
        f'<p class="note">{_e(_t("kpis_note", lang))}</p>',
        '<form id="progress-filters" class="filters" role="search">',
        f'<label>{_e(_t("show", lang))} <select name="status" data-filter="status">'
        + "".join(options)
        + "</select></label>",
        f'<button type="reset">{_e(_t("reset", lang))}</button>',
        "</form>",
        f'<p id="progress-count" class="count" aria-live="polite" data-template="{_e(template)}">'
        f"{_e(shown)}</p>",
        '<table id="progress-kpis" class="data progress-kpis">',
        "<thead><tr>",
        f'<th scope="col">{_e(_t("kpi", lang))}</th>',
        f'<th scope="col">{_e(_t("chart", lang))}</th>',
        f'<th scope="col" class="num">{_e(_t("figures", lang))}</th>',
        f'<th scope="col" class="num">{_e(_t("rate", lang))}</th>',
        f'<th scope="col">{_e(_t("status", lang))}</th>',
        "</tr></thead>",
    ]
    by_measure: dict[str, list[KpiProgress]] = {}
    for entry in analysis.kpis:
        by_measure.setdefault(entry.item.measure, []).append(entry)
    for measure_id, members in by_measure.items():
        rollup = analysis.measures[measure_id]
        owner = view.context.measures[measure_id].measure.owner
        title = f"{measure_title(view.context, measure_id, lang)}（{owner}）"
        out += [
            f'<tbody data-measure="{_e(measure_id)}">',
            f'<tr class="group"><th colspan="5" scope="rowgroup"><code>{_e(measure_id)}</code> '
            f"{_e(title)} {status_badge(rollup.worst, lang)} "
            f'<span class="muted">{_e(percent(rollup.mean_achievement))}</span></th></tr>',
            *(_kpi_row(view, entry) for entry in members),
            "</tbody>",
        ]
    if analysis.indicators:
        out += [
            '<tbody data-measure="">',
            f'<tr class="group"><th colspan="5" scope="rowgroup">{_e(_t("indicators", lang))}'
            "</th></tr>",
            *(_kpi_row(view, entry) for entry in analysis.indicators),
            "</tbody>",
        ]
    out.append("</table>")
    return out


def attention_table(view, *, level: int = 3) -> list[str]:
    """The KPIs behind or not reported, the most urgent first."""
    lang = view.lang
    found = attention_kpis(view)
    out = [_heading(level, _t("attention_title", lang))]
    if not found:
        return [*out, f'<p class="note">{_e(_t("no_attention", lang))}</p>']
    out += [
        '<table class="data progress-attention">',
        "<thead><tr>",
        f'<th scope="col">{_e(_t("kpi", lang))}</th>',
        f'<th scope="col" class="num">{_e(_t("figures", lang))}</th>',
        f'<th scope="col" class="num">{_e(_t("rate", lang))}</th>',
        f'<th scope="col">{_e(_t("status", lang))}</th>',
        f'<th scope="col">{_e(_t("why", lang))}</th>',
        "</tr></thead><tbody>",
    ]
    for entry in found:
        evaluation = entry.evaluation
        out.append(
            f'<tr data-measure="{_e(entry.item.measure or "")}" data-kpi="{_e(entry.item.key)}" '
            f'data-status="{evaluation.status.value}" '
            f'data-far="{str(evaluation.far_behind).lower()}">'
            f"<td>{_e(item_title(entry.item))}</td>"
            f'<td class="num">{_e(_figures(entry))}</td>'
            f'<td class="num">{_e(percent(evaluation.achievement))}</td>'
            f"<td>{status_badge(evaluation.status, lang, evaluation.far_behind)}</td>"
            f"<td>{_e(_why(entry, lang))}</td></tr>"
        )
    out.append("</tbody></table>")
    return out


def changes_table(view, *, level: int = 3) -> list[str]:
    """With ``--compare``: the KPIs whose status changed, those that fell behind first."""
    lang = view.lang
    before, after = view.compared
    changed = sorted_changes(view.changes)
    out = [_heading(level, COMMON["changes"].format(before=before, after=after)(lang))]
    if not changed:
        return [*out, f'<p class="note">{_e(_t("no_changes", lang))}</p>']
    out += [
        '<table class="data progress-changes">',
        "<thead><tr>",
        f'<th scope="col">{_e(_t("kpi", lang))}</th>',
        f'<th scope="col">{_e(_t("before", lang))} ({before})</th>',
        f'<th scope="col">{_e(_t("after", lang))} ({after})</th>',
        f'<th scope="col">{_e(_t("change", lang))}</th>',
        "</tr></thead><tbody>",
    ]
    for change in changed:
        css = {"fell_behind": "status-short", "worsened": "status-short"}.get(change.kind, "")
        if change.kind in ("recovered", "improved"):
            css = "status-ok"
        out.append(
            f'<tr data-measure="{_e(change.item.measure or "")}" data-kpi="{_e(change.item.key)}" '
            f'data-kind="{change.kind}">'
            f"<td>{_e(item_title(change.item))}</td>"
            f"<td>{status_badge(change.before, lang)}</td>"
            f"<td>{status_badge(change.after, lang)}</td>"
            f'<td><span class="{css}">{_e(CHANGE_LABELS[change.kind](lang))}</span></td></tr>'
        )
    out.append("</tbody></table>")
    return out


# --- the chart -----------------------------------------------------------------------------------


def _runs(points: list[tuple[int, float]]) -> list[list[tuple[int, float]]]:
    """The results split where a year has no value: each run of consecutive years."""
    runs: list[list[tuple[int, float]]] = []
    for year, value in points:
        if runs and runs[-1][-1][0] == year - 1:
            runs[-1].append((year, value))
        else:
            runs.append([(year, value)])
    return runs


def line_chart(entry: KpiProgress, evaluated: int | None, lang: Lang) -> str:
    """The KPI's results against its expected path, on the scale of the module's docstring."""
    item = entry.item
    path = item.path()
    results = [(year, value) for year, value in sorted(entry.series.items()) if value is not None]
    years = [y for y, _ in path] + list(entry.series)
    if evaluated is not None:
        years.append(evaluated)
    values = [v for _, v in path] + [v for _, v in results]
    first, last = min(years), max(years)
    low, high = min(values), max(values)

    def x(year: int) -> float:
        if last == first:
            return (LEFT + RIGHT) / 2
        return LEFT + (year - first) / (last - first) * (RIGHT - LEFT)

    def y(value: float) -> float:
        if high == low:
            return (TOP + BOTTOM) / 2
        return BOTTOM - (value - low) / (high - low) * (BOTTOM - TOP)

    def points(pairs: list[tuple[int, float]]) -> str:
        return " ".join(f"{_coordinate(x(a))},{_coordinate(y(b))}" for a, b in pairs)

    status = entry.evaluation.status
    colour = PALE.get(status, COLOURS[status][1])
    unit = f" {item.unit}" if item.unit else ""
    described = ", ".join(f"{year} {number(value)}" for year, value in entry.series.items())
    label = _t(
        "chart_label",
        lang,
        name=item.name,
        results=described or _t("no_values", lang),
        path=" → ".join(f"{year} {number(value)}" for year, value in path),
        target=f"{number(item.target[1])}{unit}",
        target_year=item.target[0],
    )
    out = [
        f'<svg class="kpi-chart" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" '
        f'width="{CHART_WIDTH}" height="{CHART_HEIGHT}" role="img" aria-label="{_e(label)}" '
        f'data-first="{first}" data-last="{last}" data-low="{_data(low)}" '
        f'data-high="{_data(high)}">',
        f"<title>{_e(label)}</title>",
        f'<line class="axis" x1="{LEFT}" y1="{BOTTOM}" x2="{RIGHT}" y2="{BOTTOM}"/>',
    ]
    if evaluated is not None:
        now = _coordinate(x(evaluated))
        out.append(
            f'<line class="now" data-year="{evaluated}" x1="{now}" y1="{TOP}" x2="{now}" '
            f'y2="{BOTTOM}"/>'
        )
    if len(path) > 1:
        out.append(f'<polyline class="expected" points="{points(path)}"/>')
    target_year, target = item.target
    out.append(
        f'<circle class="target" cx="{_coordinate(x(target_year))}" '
        f'cy="{_coordinate(y(target))}" r="3.5"/>'
    )
    for run in _runs(results):
        if len(run) > 1:
            out.append(f'<polyline class="actual" points="{points(run)}" stroke="{colour}"/>')
    for year, value in results:
        out.append(
            f'<circle class="result" data-year="{year}" cx="{_coordinate(x(year))}" '
            f'cy="{_coordinate(y(value))}" r="2.5" fill="{colour}">'
            f"<title>{_e(f'{year}: {number(value)}{unit}')}</title></circle>"
        )
    out += [
        f'<text class="year" x="{LEFT}" y="{YEAR_LABEL_Y}" text-anchor="start">{first}</text>',
        f'<text class="year" x="{RIGHT}" y="{YEAR_LABEL_Y}" text-anchor="end">{last}</text>'
        if last != first
        else "",
        "</svg>",
    ]
    return "".join(out)
