"""SA706: the same KPI and year reported twice with different values (both places named). The
same value twice is one result said twice, and is not reported."""

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
    tracking = tracking_of_context(context)
    for key, by_year in tracking.matched.by_item.items():
        for year, results in by_year.items():
            if len(results) < 2:
                continue
            label = tracking.by_key[key].label
            first = results[0]
            for later in results[1:]:
                if later.record.value == first.record.value:
                    continue
                where = result_location(first, "value")
                yield RULE.at(
                    Text(
                        f"指標「{label}」の {year} 年度の実績が2回あり、値が違います"
                        f"（{_shown(later.record.value)} と {where} の {_shown(first.record.value)}）。",
                        f"KPI '{label}' has two different results for FY{year} "
                        f"({_shown(later.record.value)}, and {_shown(first.record.value)} at "
                        f"{where}).",
                    ),
                    result_location(later, "value"),
                    measure=key[0],
                    hint=Text(
                        "どちらが正しいかを確かめ、一方を消してください（先の値を使っています）。",
                        "Check which is right and delete the other (the first is used).",
                    ),
                )


def _shown(value: float | None) -> str:
    return "null" if value is None else f"{value:g}"


RULE = Rule(
    "SA706",
    "duplicate-result",
    Severity.ERROR,
    Text("同じ指標・年度の実績が2回（値が違う）", "One KPI and year reported twice, differently"),
    check,
)
