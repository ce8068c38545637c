"""What the progress views share (views/progress.py, views/progress_diff.py, the report): labels,
status colours, the rows of each view, sparklines. The figures come from analysis/progress.py,
the grades and the name of the rate from the ward's scheme (analysis/evaluation.py)."""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis.progress import DIRECTION_LABELS, KpiProgress, RollUp, Status
from ..i18n import Text
from ..renderers.colours import FILLS
from .model import NEGATIVE, POSITIVE

# Status colours, the same in every format: the rich colour and the fill (renderers.colours.FILLS) of each status.
COLOURS: dict[Status, tuple[str, str]] = {
    status: (rich, FILLS[status.value])
    for status, rich in (
        (Status.achieved, "blue"),
        (Status.on_track, "green"),
        (Status.mostly_on_track, "yellow"),
        (Status.behind, "red"),
        (Status.not_reported, "bright_black"),
        (Status.not_assessable, "white"),
    )
}
# The order columns and legends list the statuses in: best first, then the unknowns.
DISPLAY_ORDER: tuple[Status, ...] = (
    Status.achieved,
    Status.on_track,
    Status.mostly_on_track,
    Status.behind,
    Status.not_reported,
    Status.not_assessable,
)
SPARKS = "▁▂▃▄▅▆▇█"

T = {
    "evaluated": Text("評価年度", "Evaluated year"),
    "years": Text("実績のある年度", "Years with results"),
    "no_results": Text(
        "実績がありません。設定の results:（既定 data/results）に実績ファイルを置いてください。",
        "No results: put results files in the config's results: folder (default data/results).",
    ),
    "node": Text("政策・目標", "Node"),
    "title": Text("名称", "Title"),
    "measure": Text("施策", "Measure"),
    "owner": Text("所管部", "Owner"),
    "section": Text("所管課", "Section"),
    "field": Text("分野", "Field"),
    "measures": Text("施策数", "Measures"),
    "status": Text("状況", "Status"),
    "grade": Text("評価", "Grade"),
    "kpi": Text("指標", "KPI"),
    "series": Text("推移", "Series"),
    "value": Text("実績", "Actual"),
    "expected": Text("年度目標値", "Year's target"),
    "target": Text("目標値", "Target"),
    "figures": Text("実績 / 年度目標値 → 目標値", "Actual / year's target → target"),
    "indicator": Text("成果指標", "Plan-level indicator"),
    "contributors": Text("貢献する指標", "Contributing KPIs"),
    "priority": Text("重点政策の進捗", "Priority policies"),
    "goals": Text("SDG ゴールの進捗", "SDG goals"),
    "by_measure": Text("施策ごとの進捗", "Progress by measure"),
    "by_owner": Text("所管部ごとの進捗", "Progress by owner"),
    "by_section": Text("所管課ごとの進捗", "Progress by section"),
    "by_field": Text("分野ごとの進捗", "Progress by field"),
    "attention": Text("遅れ・未報告の指標", "KPIs behind or not reported"),
    "changes": Text("状況の変化（{before} → {after} 年度）", "Changes FY{before} → FY{after}"),
    "in_year": Text("{year} 年度", "FY{year}"),
    "change": Text("変化", "Change"),
    "outcome_gap": Text(
        "施策は順調でも成果指標が遅れています", "measures on track, but the outcome is behind"
    ),
    "far": Text("（大幅）", " (far)"),
    "scheme": Text("評価の方式", "How results are graded"),
    "breakdown": Text("内訳", "Breakdown"),
    "legend": Text("状況の凡例", "What the statuses mean"),
    "summary": Text("指標 {total} 件（FY{year}）: {parts}", "{total} KPIs (FY{year}): {parts}"),
}
DIRECTIONS = DIRECTION_LABELS
# What each status means, with the scheme's thresholds put in (docs/progress.md, The figures).
MEANINGS: dict[Status, Text] = {
    Status.achieved: Text(
        "目標値に到達（維持の指標は目標年度以降も目標の範囲内）",
        "the target is reached (a maintain KPI: held in or after the target year)",
    ),
    Status.on_track: Text(
        "{rate}（年度）が 100% 以上（維持の指標は目標の ±{tolerance} 以内）",
        "{rate} (year) ≥ 100% (a maintain KPI: within ±{tolerance} of the target)",
    ),
    Status.mostly_on_track: Text("{rate}（年度）が {mostly} 以上", "{rate} (year) ≥ {mostly}"),
    Status.behind: Text(
        "それ未満（{far} 未満は 遅れ（大幅））", "below that (far behind: below {far})"
    ),
    Status.not_reported: Text(
        "評価年度の実績がない（value: null を含む）",
        "no result for the evaluated year (or value: null)",
    ),
    Status.not_assessable: Text(
        "現状値も年度ごとの目標もなく目標に未到達、または増やすのか減らすのかが分からない",
        "no baseline and no milestones and the target not reached, or no way to tell whether it "
        "should rise or fall",
    ),
}
GRADE_MEANING = Text("{rate}（年度）が {minimum} 以上", "{rate} (year) ≥ {minimum}")
LOWEST_GRADE = Text("それ未満（維持の指標は目標の範囲外）", "below that (a maintain KPI: not held)")
CHANGE_LABELS = {
    "fell_behind": Text("遅れに転じた", "fell behind"),
    "recovered": Text("遅れから回復", "recovered"),
    "improved": Text("改善", "improved"),
    "worsened": Text("悪化", "worsened"),
    "changed": Text("変化", "changed"),
    "unchanged": Text("変化なし", "unchanged"),
    "unreported": Text("遅れ → 未報告（要確認）", "behind → not reported (check)"),
}
CHANGE_ORDER = (
    "fell_behind", "unreported", "worsened", "changed", "recovered", "improved", "unchanged"
)


# How a change reads: falling behind, getting worse and a delay gone unreported in red.
CHANGE_MEANINGS = {
    "fell_behind": NEGATIVE,
    "worsened": NEGATIVE,
    "unreported": NEGATIVE,
    "recovered": POSITIVE,
    "improved": POSITIVE,
}


def change_cell(kind: str, lang: str):
    """A change between two years in words, coloured as it reads."""
    from .model import Cell

    return Cell(CHANGE_LABELS[kind](lang), kind, CHANGE_MEANINGS.get(kind))


def status_label(scheme, key: str | None, lang: str) -> str:
    """A grade's label: the ward's own, or a built-in status's."""
    return scheme.label(key, lang)


def rate_title(scheme, which: str, lang: str) -> str:
    """The heading of a rate column: the year's (which grades), the final one's, or the mean
    of the year's, in the scheme's word (達成率 or 進捗率)."""
    name = scheme.rate_name(lang)
    words = {
        "year": Text(f"{name}（年度）", f"{name.capitalize()} (year)"),
        "final": Text(f"{name}（最終）", f"{name.capitalize()} (final)"),
        "mean": Text(f"平均{name}（年度）", f"Mean {name} (year)"),
    }
    return words[which](lang)


def meaning(scheme, key: str, lang: str) -> str:
    """What the grade ``key`` means, with the scheme's thresholds."""
    rate = scheme.rate_name(lang)
    if not scheme.custom or key in (Status.not_reported.value, Status.not_assessable.value):
        return MEANINGS[Status(key)].format(
            rate=rate,
            tolerance=f"{scheme.tolerance:.0%}",
            mostly=f"{scheme.mostly_on_track:.0%}",
            far=f"{scheme.far_behind:.0%}",
        )(lang)
    grade = next(g for g in scheme.grades if g.key == key)
    if grade.minimum is None:
        return LOWEST_GRADE(lang)
    return GRADE_MEANING.format(rate=rate, minimum=f"{grade.minimum:.0%}")(lang)


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"


def sparkline(entry: KpiProgress, years: list[int]) -> str:
    """The KPI's values over ``years`` as block characters, scaled between the lowest and the
    highest of its baseline, target and values; a year without a value is a space."""
    values = [entry.series.get(year) for year in years]
    item = entry.item
    scale = [v for v in values if v is not None] + [item.target[1]]
    if item.baseline is not None:
        scale.append(item.baseline[1])
    low, high = min(scale), max(scale)
    marks = []
    for value in values:
        if value is None:
            marks.append(" ")
        elif high == low:
            marks.append(SPARKS[len(SPARKS) // 2])
        else:
            marks.append(SPARKS[round((value - low) / (high - low) * (len(SPARKS) - 1))])
    return "".join(marks)


def node_rows(view) -> list[tuple[str, list[str]]]:
    """The default view's sections: the priority policies, then the SDG goals."""
    sections = []
    for key in ("priority", "goals"):
        ids = [node.id for node in _section_nodes(view.context, key)]
        if ids:
            sections.append((key, ids))
    return sections


def _section_nodes(context, section: str) -> list:
    """The nodes of a node section: the priority policies, or the SDG goals."""
    if section == "priority":
        return context.priority_policies()
    return context.nodes_of_level("SDG.goal")


@dataclass(slots=True)
class RollupRow:
    """A row of a roll-up view: the node, owner or field, how it is shown, and its roll-up
    (None: no measure serves the node)."""

    id: str
    label: str
    rollup: RollUp | None
    colour: str | None = None  # an SDG goal's colour, as the framework file gives it


def rollup_rows(view, section: str) -> list[RollupRow]:
    """The rows of ``section``: ``priority`` (every priority policy: one no measure serves is
    news), ``goals`` (the SDG goals measures serve), ``owner`` or ``field``."""
    analysis = view.analysis
    lang = view.lang
    if section in ("priority", "goals"):
        return [
            RollupRow(node.id, node.label(lang), analysis.nodes.get(node.id), node.color)
            for node in _section_nodes(view.context, section)
            if section == "priority" or node.id in analysis.nodes
        ]
    if section == "owner":
        return [RollupRow(name, name, rollup) for name, rollup in analysis.owners.items()]
    if section == "section":  # 「経済産業部／商業課」: the department and its section
        from ..analysis.progress import NO_SECTION

        return [
            RollupRow(name, name.replace(NO_SECTION.ja, NO_SECTION(lang)), rollup)
            for name, rollup in analysis.sections.items()
        ]
    rows = []
    for field_id, rollup in analysis.fields.items():
        definition = view.context.framework.fields.get(field_id)
        label = field_id
        if definition is not None:
            label = definition.title if lang == "ja" else definition.title_en or definition.title
        rows.append(RollupRow(field_id, label, rollup))
    return rows


def kpi_summary(view) -> str:
    """The closing count: every KPI of the measures by status, best first."""
    lang = view.lang
    scheme = view.analysis.scheme
    counts: dict[str, int] = {}
    for entry in view.analysis.kpis:
        counts[entry.evaluation.grade] = counts.get(entry.evaluation.grade, 0) + 1
    parts = [f"{scheme.label(k, lang)} {counts[k]}" for k in scheme.keys if counts.get(k)]
    return T["summary"].format(
        total=len(view.analysis.kpis),
        year=view.analysis.year,
        parts=("、" if lang == "ja" else ", ").join(parts),
    )(lang)


def item_title(item) -> str:
    """How a row names a KPI: its measure and name, or an indicator's id, name and node."""
    if item.measure is None:
        return f"{item.key} {item.name}（{item.on}）"
    return f"{item.measure} {item.name}"


def measure_title(context, measure_id: str, lang: str) -> str:
    measure = context.measures[measure_id].measure
    return (measure.title_en or measure.title) if lang == "en" else measure.title


def sorted_changes(changes: list) -> list:
    """The KPIs whose status changed, those that fell behind first (then worsened, changed,
    recovered, improved)."""
    changed = [c for c in changes if c.kind != "unchanged"]
    return sorted(changed, key=lambda c: (CHANGE_ORDER.index(c.kind), c.item.label))


def counts_text(rollup: RollUp | None, lang: str) -> str:
    """「順調 6・おおむね順調 4・未報告 1」: a roll-up is the count of its measures by status,
    never the status of its worst measure (a policy with six measures on track and one not yet
    reported is not 「未報告」). Every format shows these words."""
    if rollup is None:
        return "–"
    scheme = rollup.scheme
    return ("・" if lang == "ja" else ", ").join(
        f"{scheme.label(k, lang)} {rollup.counts[k]}" for k in scheme.keys if rollup.counts.get(k)
    )


def outcome_gap(view, entry: KpiProgress) -> bool:
    from ..analysis.progress import outcome_gap as gap

    return gap(view.analysis, entry)


def attention_kpis(view) -> list[KpiProgress]:
    """KPIs behind or not reported, most urgent first (far behind before behind)."""
    wanted = (Status.behind, Status.not_reported)
    scheme = view.analysis.scheme
    found = [e for e in view.analysis.kpis + view.analysis.indicators if e.evaluation.status in wanted]
    return sorted(
        found,
        key=lambda e: (
            scheme.attention(e.evaluation.grade),
            not e.evaluation.far_behind,
            e.evaluation.rate if e.evaluation.rate is not None else 9,
            e.item.label,
        ),
    )
