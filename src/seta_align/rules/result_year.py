"""SA705: a result for a year outside the plan period, or before the KPI's baseline year."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from ._progress_places import result_location
from .base import Rule


def check(context) -> Iterator[Finding]:
    from ..analysis.progress import tracking_of_context

    if context.results is None:
        return
    start, end = context.plan_period
    tracking = tracking_of_context(context)
    for key, by_year in tracking.matched.by_item.items():
        item = tracking.by_key[key]
        first = item.baseline[0] if item.baseline is not None else None
        for year, results in by_year.items():
            if start <= year <= end and (first is None or year >= first):
                continue  # the usual case, decided once for every result of the year
            for located in results:
                if not start <= year <= end:
                    message = Text(
                        f"指標「{item.label}」の実績の年度 {year} が計画期間（{start}〜{end} 年度）の"
                        "外です。",
                        f"KPI '{item.label}': the result year {year} is outside the plan period "
                        f"FY{start}–FY{end}.",
                    )
                elif item.baseline is not None and year < item.baseline[0]:
                    message = Text(
                        f"指標「{item.label}」の実績の年度 {year} が現状値の年度 {item.baseline[0]} "
                        "より前です。",
                        f"KPI '{item.label}': the result year {year} is before its baseline year "
                        f"{item.baseline[0]}.",
                    )
                else:
                    continue
                yield RULE.at(
                    message,
                    result_location(located, "year"),
                    measure=item.measure,
                    hint=Text(
                        "年度（西暦の会計年度、例: 2025 = 令和7年度）を確認してください。",
                        "Check the fiscal year (e.g. 2025 = 令和7年度).",
                    ),
                )


RULE = Rule(
    "SA705",
    "result-year",
    Severity.ERROR,
    Text(
        "計画期間の外、または現状値より前の年度の実績",
        "A result for a year outside the plan or before the baseline",
    ),
    check,
)
