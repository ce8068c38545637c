"""The built-in statuses of outcome management (達成・順調・おおむね順調・遅れ・未報告・評価不能),
their words and their orders. A ward's own grades each count as one of the first four
(analysis/evaluation.py)."""

from __future__ import annotations

from enum import StrEnum

from ..i18n import Text

EPSILON = 1e-9  # figures written with decimals are compared with this much slack


class Status(StrEnum):
    achieved = "achieved"
    on_track = "on_track"
    mostly_on_track = "mostly_on_track"
    behind = "behind"
    not_reported = "not_reported"
    not_assessable = "not_assessable"


LABELS: dict[Status, Text] = {
    Status.achieved: Text("達成", "achieved"),
    Status.on_track: Text("順調", "on track"),
    Status.mostly_on_track: Text("おおむね順調", "mostly on track"),
    Status.behind: Text("遅れ", "behind"),
    Status.not_reported: Text("未報告", "not reported"),
    Status.not_assessable: Text("評価不能", "not assessable"),
}
# The order of attention, most urgent first: a measure shows the first of its KPIs' statuses.
ATTENTION: tuple[Status, ...] = (
    Status.behind,
    Status.not_reported,
    Status.mostly_on_track,
    Status.not_assessable,
    Status.on_track,
    Status.achieved,
)
# The order of quality, best first (for "improved" and "fell back" between two years).
QUALITY: tuple[Status, ...] = (
    Status.achieved,
    Status.on_track,
    Status.mostly_on_track,
    Status.behind,
)
