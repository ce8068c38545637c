"""The per-KPI table of ``seta-align progress``: one row per KPI of every measure, then one per
plan-level indicator — what was aimed at, each year's result, and how it stands in the
evaluated year. The CSV is this table; the workbook's 施策・指標 and 遅れ・未報告 sheets are it
too. Plain values here (numbers stay numbers); each format writes them its own way.

The columns (docs/progress.md, *Output*):

    施策 / Measure             the measure's id (empty for a plan-level indicator)
    施策名 / Measure title     in --lang (the English title when there is one)
    所管部 / Owner
    指標ID / KPI               the KPI's id, else its name (how results name it); an
                              indicator's id
    指標名 / KPI name
    政策・目標 / Node          the framework node of a plan-level indicator (its ``on``)
    貢献先 / Contributes to    the plan-level indicator a KPI feeds (``contributes_to``)
    単位 / Unit
    方向 / Direction           増加 / 減少 / 維持 (increase, decrease, maintain); empty when it
                              cannot be told
    基準年度, 現状値 / Baseline year, Baseline
    目標年度, 目標値 / Target year, Target
    2024年度 … / FY2024 …      one column per year with results: the value (empty: not
                              reported, or reported as not measured)
    評価年度 / Evaluated year
    見込み / Expected          the path's value for the evaluated year
    見込みの進捗 / Expected progress   (expected − baseline) ÷ (target − baseline), a fraction
    達成率 / Achievement       (actual − baseline) ÷ (target − baseline), a fraction (0.35 =
                              35 %)
    状況 / Status              達成 順調 おおむね順調 遅れ 未報告 評価不能 (in English with
                              --lang en)
    状況コード / Status code   achieved, on_track, mostly_on_track, behind, not_reported,
                              not_assessable — the same in both languages
    大幅な遅れ / Far behind    ✓ when far behind
    理由 / Reason              why not reported or not assessable
    備考 / Note                the result's note for the evaluated year

and with ``--compare`` four more: the status in the earlier and in the later year, the change
(遅れに転じた …) and its code (fell_behind, recovered, improved, worsened, changed, unchanged).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis.progress import LABELS, KpiProgress, Status
from ..i18n import Text
from ..reporters.progress_common import CHANGE_LABELS, DIRECTIONS, attention_kpis, measure_title

FAR_MARK = "✓"

T = {
    "measure": Text("施策", "Measure"),
    "measure_title": Text("施策名", "Measure title"),
    "owner": Text("所管部", "Owner"),
    "kpi": Text("指標ID", "KPI"),
    "kpi_name": Text("指標名", "KPI name"),
    "node": Text("政策・目標", "Node"),
    "contributes_to": Text("貢献先", "Contributes to"),
    "unit": Text("単位", "Unit"),
    "direction": Text("方向", "Direction"),
    "baseline_year": Text("基準年度", "Baseline year"),
    "baseline": Text("現状値", "Baseline"),
    "target_year": Text("目標年度", "Target year"),
    "target": Text("目標値", "Target"),
    "year": Text("{year}年度", "FY{year}"),
    "evaluated": Text("評価年度", "Evaluated year"),
    "expected": Text("見込み", "Expected"),
    "expected_progress": Text("見込みの進捗", "Expected progress"),
    "achievement": Text("達成率", "Achievement"),
    "status": Text("状況", "Status"),
    "status_code": Text("状況コード", "Status code"),
    "far": Text("大幅な遅れ", "Far behind"),
    "reason": Text("理由", "Reason"),
    "note": Text("備考", "Note"),
    "status_in": Text("{year}年度の状況", "Status FY{year}"),
    "change": Text("変化", "Change"),
    "change_code": Text("変化コード", "Change code"),
}


@dataclass(slots=True)
class Column:
    heading: str
    # text | number | year | fraction (shown as a percentage) | status (a Status: its label,
    # coloured) | code (a Status or change: its stable English name)
    kind: str


Value = str | int | float | Status | None


def plain(value: float | None) -> int | float | None:
    """A figure as it was meant: 128.0 is 128."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def fraction(value: float | None) -> float | None:
    """Achievements and expected progress as fractions, rounded as in the JSON document."""
    return None if value is None else round(value, 6)


def columns(view) -> list[Column]:
    t = {key: text(view.lang) for key, text in T.items()}
    out = [
        Column(t["measure"], "text"),
        Column(t["measure_title"], "text"),
        Column(t["owner"], "text"),
        Column(t["kpi"], "text"),
        Column(t["kpi_name"], "text"),
        Column(t["node"], "text"),
        Column(t["contributes_to"], "text"),
        Column(t["unit"], "text"),
        Column(t["direction"], "text"),
        Column(t["baseline_year"], "year"),
        Column(t["baseline"], "number"),
        Column(t["target_year"], "year"),
        Column(t["target"], "number"),
        *(Column(T["year"].format(year=y)(view.lang), "number") for y in view.analysis.years),
        Column(t["evaluated"], "year"),
        Column(t["expected"], "number"),
        Column(t["expected_progress"], "fraction"),
        Column(t["achievement"], "fraction"),
        Column(t["status"], "status"),
        Column(t["status_code"], "code"),
        Column(t["far"], "text"),
        Column(t["reason"], "text"),
        Column(t["note"], "text"),
    ]
    if view.changes is not None:
        before, after = view.compared
        out += [
            Column(T["status_in"].format(year=before)(view.lang), "status"),
            Column(T["status_in"].format(year=after)(view.lang), "status"),
            Column(t["change"], "text"),
            Column(t["change_code"], "code"),
        ]
    return out


def row(view, entry: KpiProgress, changes: dict | None = None) -> list[Value]:
    item, evaluation = entry.item, entry.evaluation
    lang = view.lang
    context = view.context
    measure = context.measures[item.measure].measure if item.measure is not None else None
    baseline_year, baseline = item.baseline if item.baseline is not None else (None, None)
    values: list[Value] = [
        item.measure or "",
        measure_title(context, item.measure, lang) if measure is not None else "",
        measure.owner if measure is not None else "",
        item.key,
        item.name,
        item.on or "",
        item.contributes_to or "",
        item.unit,
        DIRECTIONS[item.direction](lang) if item.direction in DIRECTIONS else "",
        baseline_year,
        plain(baseline),
        item.target[0],
        plain(item.target[1]),
        *(plain(entry.series.get(year)) for year in view.analysis.years),
        evaluation.year,
        plain(evaluation.expected),
        fraction(evaluation.expected_progress),
        fraction(evaluation.achievement),
        evaluation.status,
        evaluation.status,
        FAR_MARK if evaluation.far_behind else "",
        evaluation.reason(lang) if evaluation.reason is not None else "",
        evaluation.note or "",
    ]
    if changes is not None:
        change = changes.get((item.measure, item.key))
        if change is None:
            values += [None, None, "", ""]
        else:
            values += [change.before, change.after, CHANGE_LABELS[change.kind](lang), change.kind]
    return values


def _changes(view) -> dict | None:
    if view.changes is None:
        return None
    return {(c.item.measure, c.item.key): c for c in view.changes}


def rows(view) -> list[list[Value]]:
    """Every KPI of the measures, in the measure files' order, then the plan-level
    indicators."""
    changes = _changes(view)
    return [row(view, e, changes) for e in view.analysis.kpis + view.analysis.indicators]


def attention_rows(view) -> list[list[Value]]:
    """The KPIs and indicators behind or not reported, the most urgent first."""
    changes = _changes(view)
    return [row(view, e, changes) for e in attention_kpis(view)]


def text_of(value: Value, kind: str, lang: str) -> Value:
    """A status as its label (``status``) or its English name (``code``); anything else as it
    is."""
    if isinstance(value, Status):
        return value.value if kind == "code" else LABELS[value](lang)
    return value
