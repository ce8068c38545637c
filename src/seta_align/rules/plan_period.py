"""SA402: a KPI or period year outside the plan period (default FY2024–FY2031).

A baseline year before the plan starts is normal (it is measured before the plan); a baseline
after its own target, or after the plan ends, is not.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from .base import Rule

# The words made once, not for each of 20,000 measures.
_PERIOD_YEARS = (
    ("start", Text("実施期間の開始年度", "first year of the period")),
    ("end", Text("実施期間の終了年度", "last year of the period")),
)


def check(context) -> Iterator[Finding]:
    start, end = context.plan_period
    for loaded in context.measures.values():
        measure = loaded.measure
        if measure.period is not None:
            for key, what in _PERIOD_YEARS:
                year = getattr(measure.period, key)
                if not start <= year <= end:
                    yield _outside(loaded, year, start, end, ("period", key), what)
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
            baseline = kpi.baseline
            if baseline is None:
                continue
            # Name only the limit that was broken: the KPI's own target year, else the plan's end.
            if baseline.year > kpi.target.year:
                limit = Text(f"目標年度（{kpi.target.year}）", f"its target year {kpi.target.year}")
            elif baseline.year > end:
                limit = Text(f"計画の終了年度（{end}）", f"the plan's last year {end}")
            else:
                continue
            yield RULE.at_measure(
                loaded,
                Text(
                    f"指標「{kpi.name}」の現状値の年度（{baseline.year}）が{limit.ja}より後です。",
                    f"KPI '{kpi.name}': the baseline year {baseline.year} is after {limit.en}.",
                ),
                "kpis",
                index,
                "baseline",
                "year",
                hint=Text(
                    "現状値は計画の開始前または期間中に測った値とし、目標年度より前の年度にしてください。",
                    "A baseline is measured before or during the plan, and before its target year.",
                ),
            )


def _outside(loaded, year: int, start: int, end: int, at: tuple, what: Text) -> Finding:
    return RULE.at_measure(
        loaded,
        Text(
            f"{what.ja}（{year}）が計画期間（{start}〜{end}年度）の外です。",
            f"The {what.en} ({year}) is outside the plan period (FY{start}–FY{end}).",
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
