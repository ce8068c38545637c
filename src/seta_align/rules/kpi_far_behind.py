"""SA702: a KPI far behind (its year's rate below ``evaluation.far_behind``, default 50 %). A
warning; a config that wants it to stop CI sets ``rules: {kpi-far-behind: error}``."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from ._progress_places import kpi_location
from .base import Rule
from .kpi_behind import behind, describe


def check(context) -> Iterator[Finding]:
    from ..analysis.progress import progress_for_rules

    share = progress_for_rules(context).scheme.far_behind
    for entry, evaluation in behind(context, far=True):
        location, measure = kpi_location(context, entry.item)
        yield RULE.at(
            describe(context, entry, evaluation)
            + Text(
                f"{share:.0%} にも届いていません。",
                f" That is below {share:.0%}.",
            ),
            location,
            measure=measure,
            hint=Text(
                "遅れ（大幅）です。事業の見直しか目標の再設定を検討してください。",
                "Far behind: review the measure or reset the target.",
            ),
        )


RULE = Rule(
    "SA702",
    "kpi-far-behind",
    Severity.WARNING,
    Text("大幅に遅れている指標", "A KPI far behind the year's target"),
    check,
)
