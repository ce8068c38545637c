"""SA202: coverage of a framework level below the minimum the user set."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from .base import Rule


def check(context) -> Iterator[Finding]:
    for key, stats in context.coverage.levels.items():
        if not stats.below_minimum:
            continue
        yield RULE.at(
            Text(
                f"{key}の網羅率 {stats.percent:.1f}% が設定の下限 "
                f"{stats.minimum:g}% を下回っています（{stats.covered}/{stats.total - stats.waived}）。",
                f"Coverage of {key} is {stats.percent:.1f}%, "
                f"below the minimum of {stats.minimum:g}% "
                f"({stats.covered}/{stats.total - stats.waived}).",
            ),
            context.config_location("coverage", key, "min"),
            hint=Text(
                "未網羅のノードは seta-align check --show coverage で確認できます。"
                "貢献する施策を supports に加えるか、対象外のノードは理由を添えて waivers に書いてください。",
                "'seta-align check --show coverage' lists the uncovered nodes. Link measures that "
                "serve them, or waive out-of-scope nodes with a reason.",
            ),
            level=key,
            percent=round(stats.percent, 2),
            minimum=stats.minimum,
        )


RULE = Rule(
    "SA202",
    "coverage-below-minimum",
    Severity.WARNING,
    Text(
        "階層ごとの網羅率が設定の下限を下回る",
        "Coverage of a level is below the configured minimum",
    ),
    check,
    whole_draft=True,
)
