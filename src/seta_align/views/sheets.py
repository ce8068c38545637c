"""Evaluation sheets (評価シート) to print and file, as views: one per priority policy (``seta-align
sheets``, the default) or one per measure (``--by measure``).

A policy's sheet: the policy, its grade and the breakdown of its measures; its plan-level
indicators with 現状値・年度目標値・実績・達成率 (or 進捗率)・評価; its measures with 所管部・所管課,
their grade, 今後の方向性, 課題 and 改善方法; their KPIs with the same figures and the reason or
note of the year; and the evaluation scheme in words. A measure's sheet: the measure, its KPIs
and its evaluation. The figures come from analysis/progress.py; every format draws these views
(renderers/), the HTML book and the workbook one sheet per view."""

from __future__ import annotations

from ..i18n import Text
from ..printable import visible
from .model import DIM, NOTHING, Cell, Column, Facts, Paragraph, Role, Table, View
from .progress import OUTLOOKS, figure, percent_cell, status_cell, text_cell, vocabulary, why
from .progress_common import counts_text, measure_title, rate_title

T = {
    "book": Text("評価シート（{year} 年度）", "Evaluation sheets FY{year}"),
    "year": Text("評価年度", "Evaluated year"),
    "grade": Text("評価", "Grade"),
    "breakdown": Text("施策の内訳", "Its measures"),
    "measures_count": Text("施策数", "Measures"),
    "indicators": Text("成果指標", "Plan-level indicators"),
    "no_indicators": Text(
        "この政策に成果指標はありません（設定の indicators:）。",
        "No plan-level indicator on this policy (the config's indicators:).",
    ),
    "measures": Text("施策と施策評価", "Measures and their evaluations"),
    "no_measures": Text("この政策に貢献する施策はありません。", "No measure serves this policy."),
    "kpis": Text("施策の指標", "The measures' KPIs"),
    "no_kpis": Text("指標のある施策がありません。", "No measure with KPIs."),
    "indicator": Text("指標", "Indicator"),
    "measure": Text("施策", "Measure"),
    "owner": Text("所管部・所管課", "Owner and section"),
    "kpi": Text("指標", "KPI"),
    "baseline": Text("現状値", "Baseline"),
    "expected": Text("年度目標値", "Year's target"),
    "value": Text("実績", "Actual"),
    "target": Text("目標値", "Target"),
    "outlook": Text("今後の方向性", "Outlook"),
    "challenges": Text("課題", "Challenges"),
    "improvements": Text("改善方法", "Improvements"),
    "self_grade": Text("一次評価", "Self-grade"),
    "assessed_by": Text("評価者", "Assessed by"),
    "note": Text("備考", "Note"),
    "why": Text("理由・備考", "Why / note"),
    "serves": Text("貢献する重点政策", "Priority policies it serves"),
    "none": Text("なし", "none"),
    "evaluation": Text("施策評価", "Evaluation"),
    "item": Text("項目", "Item"),
    "content": Text("内容", "Content"),
}


def plan_name(context, lang: str) -> str:
    """The plan the framework holds, by its name in ``lang`` (the header of every sheet and page)."""
    framework = context.framework
    if lang == "en" and framework.name_en:
        return framework.name_en
    return framework.name


def _t(key: str, lang: str) -> str:
    return T[key](lang)


def _owner(measure) -> str:
    return visible(measure.owner + (f"／{measure.section}" if measure.section else ""))


def _figures_columns(scheme, lang: str, first: str) -> list[Column]:
    """指標 (or 施策), then 現状値・年度目標値・実績・目標値, the year's rate and the grade."""
    return [
        Column(_t(first, lang), Role.LABEL, weight=3),
        Column(_t("baseline", lang), Role.NUMBER),
        Column(_t("expected", lang), Role.NUMBER),
        Column(_t("value", lang), Role.NUMBER),
        Column(_t("target", lang), Role.LABEL),  # the figure and its year: 200（2027）
        Column(rate_title(scheme, "year", lang), Role.PERCENT),
        Column(_t("grade", lang), Role.STATUS, vocabulary=vocabulary(scheme, lang)),
    ]


def _figure_cells(entry, scheme, lang: str, name: str) -> list[Cell]:
    item, evaluation = entry.item, entry.evaluation
    baseline = item.baseline[1] if item.baseline is not None else None
    return [
        Cell(f"{name}（{visible(item.unit)}）" if item.unit else name, item.key),
        figure(baseline),
        figure(evaluation.expected),
        figure(evaluation.value),
        Cell(f"{figure(item.target[1]).text}（{item.target[0]}）", item.target[1]),
        percent_cell(evaluation.rate),
        status_cell(scheme, evaluation.grade, lang, evaluation.far_behind),
    ]


def policy_views(view) -> list[View]:
    """A sheet per priority policy, in the framework's order."""
    if view.analysis.year is None:
        return []
    return [_policy(view, node) for node in view.context.priority_policies()]


def served_by(analysis, node_id: str) -> list[str]:
    """The measures serving ``node_id`` or a node below it, in the draft's order: the members
    of the node's roll-up (analysis/progress.py), which the analysis has already found."""
    rollup = analysis.nodes.get(node_id)
    return list(rollup.members) if rollup is not None else []


def _policy(view, node) -> View:
    analysis, context, lang = view.analysis, view.context, view.lang
    scheme = analysis.scheme
    rollup = analysis.nodes.get(node.id)
    title = node.title_en or node.title if lang == "en" else node.title
    sheet = View(f"{node.id} {visible(title)}", main="kpis")
    sheet.blocks.append(
        Facts(
            [
                (_t("year", lang), Cell.of(analysis.year)),
                (_t("grade", lang), Cell(scheme.label(rollup.grade, lang) if rollup else NOTHING)),
                (_t("breakdown", lang), Cell(counts_text(rollup, lang) if rollup else NOTHING)),
            ]
        )
    )
    indicators = Table(
        _t("indicators", lang),
        _figures_columns(scheme, lang, "indicator"),
        key="indicators",
        empty=_t("no_indicators", lang),
    )
    for entry in analysis.indicators:
        if entry.item.on == node.id:
            indicators.rows.append(_figure_cells(entry, scheme, lang, f"{entry.item.key} {visible(entry.item.name)}"))
    sheet.blocks.append(indicators)

    members = served_by(analysis, node.id)
    measures = Table(
        _t("measures", lang),
        [
            Column(_t("measure", lang), Role.LABEL, weight=3),
            Column(_t("owner", lang), Role.LABEL, weight=2),
            Column(_t("grade", lang), Role.STATUS, vocabulary=vocabulary(scheme, lang)),
            Column(_t("self_grade", lang), Role.STATUS),
            Column(_t("outlook", lang), Role.LABEL),
            Column(_t("challenges", lang), Role.NOTE, weight=4),
            Column(_t("improvements", lang), Role.NOTE, weight=4),
        ],
        key="measures",
        empty=_t("no_measures", lang),
    )
    kpis = Table(
        _t("kpis", lang),
        [*_figures_columns(scheme, lang, "kpi"), Column(_t("why", lang), Role.NOTE, weight=3)],
        key="kpis",
        empty=_t("no_kpis", lang),
    )
    by_measure: dict[str, list] = {}
    for entry in analysis.kpis:
        by_measure.setdefault(entry.item.measure, []).append(entry)
    for measure_id in members:
        measure = context.measures[measure_id].measure
        found = analysis.evaluations.get(measure_id)
        record = found.record if found is not None else None
        grade = analysis.measures[measure_id].grade if measure_id in analysis.measures else None
        self_grade = Cell("")
        if record is not None and record.self_grade:
            key = found.self_grade
            self_grade = Cell(scheme.label(key, lang) if key else visible(record.self_grade), key)
        measures.add(
            Cell(f"{measure_id} {visible(measure_title(context, measure_id, lang))}", measure_id),
            _owner(measure),
            status_cell(scheme, grade, lang),
            self_grade,
            Cell(OUTLOOKS[record.outlook](lang), record.outlook) if record and record.outlook else Cell(""),
            text_cell(record.challenges if record else None),
            text_cell(record.improvements if record else None),
        )
        for entry in by_measure.get(measure_id, []):
            cells = _figure_cells(entry, scheme, lang, f"{measure_id} {visible(entry.item.name)}")
            kpis.rows.append([*cells, Cell(why(entry, lang))])
    sheet.blocks += [measures, kpis]
    sheet.blocks += [Paragraph(line, DIM) for line in scheme.describe(lang)]
    return sheet


def measure_views(view) -> list[View]:
    """A sheet per measure with KPIs, in the draft's order."""
    analysis, context, lang = view.analysis, view.context, view.lang
    if analysis.year is None:
        return []
    scheme = analysis.scheme
    by_measure: dict[str, list] = {}
    for entry in analysis.kpis:
        by_measure.setdefault(entry.item.measure, []).append(entry)
    policy_ids = [node.id for node in context.priority_policies()]
    served = {node_id: set(served_by(analysis, node_id)) for node_id in policy_ids}
    sheets = []
    for measure_id, entries in by_measure.items():
        measure = context.measures[measure_id].measure
        found = analysis.evaluations.get(measure_id)
        record = found.record if found is not None else None
        policies = [node_id for node_id in policy_ids if measure_id in served[node_id]]
        sheet = View(f"{measure_id} {visible(measure_title(context, measure_id, lang))}", main="kpis")
        facts = [
            (_t("year", lang), Cell.of(analysis.year)),
            (_t("owner", lang), Cell(_owner(measure))),
            (_t("serves", lang), Cell("、".join(policies) or _t("none", lang))),
            (_t("grade", lang), Cell(scheme.label(analysis.measures[measure_id].grade, lang))),
        ]
        if record is not None:
            if record.self_grade:
                written = scheme.label(found.self_grade, lang) if found.self_grade else record.self_grade
                facts.append((_t("self_grade", lang), Cell(visible(written))))
            if record.outlook:
                facts.append((_t("outlook", lang), Cell(OUTLOOKS[record.outlook](lang))))
            if record.assessed_by:
                facts.append((_t("assessed_by", lang), Cell(visible(record.assessed_by))))
        sheet.blocks.append(Facts(facts))
        kpis = Table(
            _t("kpis", lang),
            [*_figures_columns(scheme, lang, "kpi"), Column(_t("why", lang), Role.NOTE, weight=3)],
            key="kpis",
        )
        for entry in entries:
            kpis.rows.append([*_figure_cells(entry, scheme, lang, visible(entry.item.name)), Cell(why(entry, lang))])
        sheet.blocks.append(kpis)
        written = Table(
            _t("evaluation", lang),
            [Column(_t("item", lang), Role.LABEL), Column(_t("content", lang), Role.NOTE, weight=6)],
            key="evaluation",
        )
        for key in ("challenges", "improvements", "note"):
            text = getattr(record, key) if record is not None else None
            written.add(_t(key, lang), text_cell(text) if text else Cell(NOTHING))
        sheet.blocks.append(written)
        sheet.blocks += [Paragraph(line, DIM) for line in scheme.describe(lang)]
        sheets.append(sheet)
    return sheets
