"""SA402: a KPI or period year outside the plan period (default FY2024–FY2031).

A baseline year before the plan starts is normal (it is measured before the plan); a baseline
after its own target, or after the plan ends, is not.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from .base import Rule


def check(context) -> Iterator[Finding]:
    start, end = context.plan_period
    for loaded in context.measures.values():
        measure = loaded.measure
        if measure.period is not None:
            for key in ("start", "end"):
                year = getattr(measure.period, key)
                if not start <= year <= end:
                    yield _outside(
                        loaded, year, start, end, ("period", key), Text("期間", "period")
                    )
        for index, kpi in enumerate(measure.kpis):
            if not start <= kpi.target.year <= end:
                yield _outside(
                    loaded,
                    kpi.target.year,
                    start,
                    end,
                    ("kpis", index, "target", "year"),
                    Text(f"指標「{kpi.name}」の目標年度", f"target year of KPI '{kpi.name}'"),
                )
            if kpi.baseline is not None and kpi.baseline.year > min(kpi.target.year, end):
                yield RULE.at_measure(
                    loaded,
                    Text(
                        f"指標「{kpi.name}」の現状値の年度 {kpi.baseline.year} が目標年度 "
                        f"{kpi.target.year} または計画終了年度 {end} より後です。",
                        f"KPI '{kpi.name}': baseline year {kpi.baseline.year} is after the target "
                        f"year {kpi.target.year} or the plan's last year {end}.",
                    ),
                    "kpis",
                    index,
                    "baseline",
                    "year",
                )


def _outside(loaded, year: int, start: int, end: int, at: tuple, what: Text) -> Finding:
    return RULE.at_measure(
        loaded,
        Text(
            f"{what.ja} {year} が計画期間（{start}〜{end}年度）の外です。",
            f"The {what.en} {year} is outside the plan period (FY{start}–FY{end}).",
        ),
        *at,
        hint=Text(
            f"{start}〜{end} の年度（西暦）にしてください。",
            f"Use a fiscal year from {start} to {end}.",
        ),
    )


RULE = Rule(
    "SA402",
    "year-outside-plan",
    Severity.WARNING,
    Text("指標や期間の年度が計画期間の外", "A KPI or period year outside the plan period"),
    check,
)
