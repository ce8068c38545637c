"""SA703: a KPI with no result for the evaluated year (未報告), once any results are given."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from ._progress_places import kpi_location
from .base import Rule


def check(context) -> Iterator[Finding]:
    from ..analysis.progress import Status, progress_for_rules

    analysis = progress_for_rules(context)
    if not analysis.has_results:
        return  # no results at all: outcome management is not in use yet
    for entry in analysis.kpis + analysis.indicators:
        evaluation = entry.evaluation
        if evaluation.status is not Status.not_reported:
            continue
        item = entry.item
        if context.results.may_have(item.measure, (item.key, item.name), analysis.year):
            continue  # a result that could not be read may be this one: reported where it is
        location, measure = kpi_location(context, entry.item)
        why = f"（備考: {evaluation.note}）" if evaluation.note else ""
        why_en = f" (note: {evaluation.note})" if evaluation.note else ""
        yield RULE.at(
            Text(
                f"指標「{entry.item.label}」の {analysis.year} 年度の実績がありません{why}。",
                f"KPI '{entry.item.label}' has no result for FY{analysis.year}{why_en}.",
            ),
            location,
            measure=measure,
            hint=Text(
                "実績ファイルに {measure, kpi, year, value} を追加してください（測定しなかった年は "
                "value: null と note）。",
                "Add {measure, kpi, year, value} to a results file (a year not measured: "
                "value: null with a note).",
            ),
        )


RULE = Rule(
    "SA703",
    "result-missing",
    Severity.WARNING,
    Text("評価年度の実績がない指標（未報告）", "A KPI without a result for the evaluated year"),
    check,
)
