"""The progress site for residents (``seta-align publish``, 大綱④: 「計画の進捗状況を区民が
わかりやすく理解できるように」), as views: a top page with the priority policies and how each
stands, and a page per policy with its indicators over the years against the target, its
measures and their notes, in plain words.

Residents read names, not ids (no rule codes, no 「ノード」 or 「ロールアップ」), and a status is
always a word as well as a colour. The open-data files (every KPI's results by year, CSV and
JSON) are data, not views: :func:`open_data`."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Text
from ..printable import visible
from .model import DIM, NOTHING, Cell, Column, Paragraph, Role, Table, View
from .progress import chart, figure, status_cell
from .progress_common import measure_title, number
from .sheets import plan_name, served_by

T = {
    "title": Text("計画の進み具合（{year} 年度）", "How the plan is doing (FY{year})"),
    "lead": Text(
        "{plan}の重点政策が {year} 年度にどこまで進んだかを、指標の実績と目標からお知らせします。",
        "How far the priority policies of the {plan} had come in FY{year}, from their "
        "indicators' results and targets.",
    ),
    "policies": Text("重点政策ごとの状況", "Each priority policy"),
    "policy": Text("重点政策", "Priority policy"),
    "standing": Text("評価", "Standing"),
    "measures_said": Text("取組の状況", "Its measures"),
    "measures_count": Text("取組の数", "Measures"),
    "indicators": Text("成果を測る指標", "Indicators of the outcome"),
    "indicator": Text("指標", "Indicator"),
    "series": Text("これまでの実績", "Results so far"),
    "figures": Text("基準 → 目標", "Start → target"),
    "latest": Text("{year} 年度の実績", "Result FY{year}"),
    "no_indicators": Text(
        "この政策の成果を測る指標は、まだ設定されていません。",
        "No indicator of this policy's outcome has been set yet.",
    ),
    "work": Text("主な取組", "What is being done"),
    "measure": Text("取組", "Measure"),
    "owner": Text("担当", "Department"),
    "notes": Text("課題と今後の取組・補足", "Challenges, next steps, notes"),
    "no_work": Text("この政策に取り組む施策はまだありません。", "No measure works on this policy yet."),
    "summary": Text(
        "この政策には {count} の取組があります。{parts}。",
        "{count} measures work on this policy: {parts}.",
    ),
    "method": Text(
        "「評価」は、取組ごとの指標の実績を年度の目標と比べて決めています（{formula}）。",
        "The standing compares each measure's indicators with the year's targets ({formula}).",
    ),
    "back": Text("計画の進み具合の一覧へ", "Back to every policy"),
    "data": Text(
        "元のデータ: {csv}・{json}（{licence}）",
        "The data: {csv}, {json} ({licence})",
    ),
    "ungraded": Text("指標がなく評価していないもの {count}", "{count} without indicators, not graded"),
    "challenge": Text("課題", "Challenge"),
    "improvement": Text("今後の取組", "Next"),
    "not_yet": Text("{year} 年度の実績はまだありません", "no result for FY{year} yet"),
}
INDEX_TITLE = T["back"]
CSV_NAME = "results.csv"
JSON_NAME = "results.json"


def _t(key: str, lang: str) -> str:
    return T[key](lang)


def policy_file(node_id: str) -> str:
    """The page of a policy: its id in the name, so that a link says which (policy-PP-1.html)."""
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in node_id)
    return f"policy-{safe}.html"


@dataclass(slots=True)
class Site:
    index: View
    pages: list[tuple[str, View]]  # (file name, its page)


def has_policies(context) -> bool:
    return bool(_policies(context))


def _policies(context) -> list:
    return context.priority_policies()


def _title(node, lang: str) -> str:
    if lang == "en":
        return node.title_en or node.title
    return node.title


def site(view) -> Site:
    analysis, context, lang = view.analysis, view.context, view.lang
    scheme = analysis.scheme
    year = analysis.year
    index = View(T["title"].format(year=year)(lang))
    index.blocks.append(Paragraph(T["lead"].format(plan=plan_name(context, lang), year=year)(lang)))
    table = Table(
        _t("policies", lang),
        [
            Column(_t("policy", lang), Role.LABEL, weight=4),
            Column(_t("standing", lang), Role.STATUS),
            Column(_t("measures_said", lang), Role.UNITS, weight=3),
        ],
        key="policies",
        stack=True,
    )
    pages = []
    for node in _policies(context):
        rollup = analysis.nodes.get(node.id)
        name = Cell(visible(_title(node, lang)))
        name.link = policy_file(node.id)
        table.add(
            name,
            status_cell(scheme, rollup.grade if rollup else None, lang),
            _breakdown(rollup, lang) if rollup else NOTHING,
        )
        pages.append((policy_file(node.id), _policy_page(view, node)))
    index.blocks.append(table)
    index.blocks.append(Paragraph(T["method"].format(formula=scheme.describe(lang)[0])(lang), DIM))
    return Site(index, pages)


def _breakdown(rollup, lang: str) -> str:
    """「順調 6・おおむね順調 4・未報告 1」 in the scheme's words."""
    scheme = rollup.scheme
    separator = "・" if lang == "ja" else ", "
    return separator.join(
        f"{scheme.label(key, lang)} {rollup.counts[key]}" for key in scheme.keys if rollup.counts.get(key)
    )


def _policy_page(view, node) -> View:
    analysis, context, lang = view.analysis, view.context, view.lang
    scheme = analysis.scheme
    year = analysis.year
    rollup = analysis.nodes.get(node.id)
    page = View(visible(_title(node, lang)))
    served = served_by(analysis, node.id)
    if rollup is not None and rollup.total:
        parts = _breakdown(rollup, lang).replace("・", "、") if lang == "ja" else _breakdown(rollup, lang)
        if len(served) > rollup.total:  # measures without indicators are not graded: say so
            parts += ("、" if lang == "ja" else ", ") + T["ungraded"].format(
                count=len(served) - rollup.total
            )(lang)
        page.blocks.append(Paragraph(T["summary"].format(count=len(served), parts=parts)(lang)))
    indicators = Table(
        _t("indicators", lang),
        [
            Column(_t("indicator", lang), Role.LABEL, weight=3),
            Column(_t("series", lang), Role.SERIES),
            Column(_t("figures", lang), Role.NOTE),
            Column(T["latest"].format(year=year)(lang), Role.NUMBER),
            Column(_t("standing", lang), Role.STATUS),
        ],
        key="indicators",
        empty=_t("no_indicators", lang),
        stack=True,
    )
    for entry in analysis.indicators:
        if entry.item.on != node.id:
            continue
        item, evaluation = entry.item, entry.evaluation
        unit = visible(item.unit)
        start = f"{number(item.baseline[1])}（{item.baseline[0]}）" if item.baseline else NOTHING
        indicators.add(
            Cell(f"{visible(item.name)}（{unit}）"),
            Cell(" → ".join(number(v) for v in entry.series.values()) or NOTHING, chart(entry, year, lang)),
            f"{start} → {number(item.target[1])}（{item.target[0]}）",
            figure(evaluation.value) if evaluation.value is not None else Cell(T["not_yet"].format(year=year)(lang)),
            status_cell(scheme, evaluation.grade, lang),
        )
    page.blocks.append(indicators)
    work = Table(
        _t("work", lang),
        [
            Column(_t("measure", lang), Role.LABEL, weight=3),
            Column(_t("owner", lang), Role.LABEL),
            Column(_t("standing", lang), Role.STATUS),
            Column(_t("notes", lang), Role.NOTE, weight=4),
        ],
        key="measures",
        empty=_t("no_work", lang),
        stack=True,
    )
    notes_of: dict[str, list[str]] = {}
    for entry in analysis.kpis:
        if entry.evaluation.note:
            notes_of.setdefault(entry.item.measure, []).append(visible(entry.evaluation.note))
    for measure_id in served:
        measure = context.measures[measure_id].measure
        found = analysis.evaluations.get(measure_id)
        said = []
        if found is not None and found.record.challenges:
            said.append(f"{_t('challenge', lang)}: {visible(found.record.challenges)}")
        if found is not None and found.record.improvements:
            said.append(f"{_t('improvement', lang)}: {visible(found.record.improvements)}")
        said += notes_of.get(measure_id, [])
        grade = analysis.measures[measure_id].grade if measure_id in analysis.measures else None
        work.add(
            visible(measure_title(context, measure_id, lang)),
            visible(measure.owner),
            status_cell(scheme, grade, lang),
            "\n".join(said),
        )
    page.blocks.append(work)
    page.blocks.append(Paragraph(T["method"].format(formula=scheme.describe(lang)[0])(lang), DIM))
    return page


def open_data(view) -> tuple[list[list[object]], list[dict]]:
    """Every KPI's and indicator's results by year, as rows (a heading row first) and as
    records: the policy and measure by name as well as id, the unit, the target, each year's
    value and the evaluated year's grade. Ids are kept here: data users join on them."""
    analysis, context, lang = view.analysis, view.context, view.lang
    scheme = analysis.scheme
    headings = ["measure_id", "measure", "owner", "indicator", "unit", "baseline_year", "baseline",
                "target_year", "target", "year", "value", "note", "grade"]
    rows: list[list[object]] = [headings]
    records = []
    for entry in analysis.kpis + analysis.indicators:
        item = entry.item
        measure = context.measures[item.measure].measure if item.measure else None
        for year, value in entry.series.items():
            record = {
                "measure_id": item.measure or item.key,
                "measure": measure_title(context, item.measure, lang) if measure else None,
                "owner": measure.owner if measure else None,
                "indicator": item.name,
                "unit": item.unit,
                "baseline_year": item.baseline[0] if item.baseline else None,
                "baseline": item.baseline[1] if item.baseline else None,
                "target_year": item.target[0],
                "target": item.target[1],
                "year": year,
                "value": value,
                "note": entry.notes.get(year),
                "grade": scheme.label(entry.evaluation.grade, lang) if year == analysis.year else None,
            }
            records.append(record)
            rows.append([record[key] for key in headings])
    return rows, records
