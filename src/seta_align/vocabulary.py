"""The words of the formats that do not need the schema to be read: the id pattern, the
seven-point impact scale, a day as the files write it, and the names fields are written with.

Kept apart from ``models`` (pydantic) so that a command answered from the parse cache, which
validates nothing, never imports pydantic (a fifth of a view's time on a 2,000-measure draft).
"""

from __future__ import annotations

import functools
from typing import Literal

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_.\-]*$"
# A KPI's direction and kind, as the files write them.
Direction = Literal["increase", "decrease", "maintain"]
KpiType = Literal["outcome", "activity"]


# --- Impacts: the seven-point scale of Nilsson et al. (2016), as SEI's SDG Synergies uses it ---

# score -> (English name, Japanese label). No Japanese rendering of the whole scale is published
# (docs/impacts.md, "The words"): −1 制約 and −2 対立 follow published Japanese summaries of the
# ICSU guide; −3 is 両立不可 ("makes the other impossible"), never 相殺, which reads as "offset";
# the others are this project's plain words. Every message, table and sheet uses them.
IMPACT_SCALE: dict[int, tuple[str, str]] = {
    3: ("indivisible", "不可分"),
    2: ("reinforcing", "強化"),
    1: ("enabling", "後押し"),
    0: ("consistent", "中立"),
    -1: ("constraining", "制約"),
    -2: ("counteracting", "対立"),
    -3: ("cancelling", "両立不可"),
}
# What each level means, said beside its label in the legend (Nilsson et al. 2016's wording).
IMPACT_MEANING: dict[int, tuple[str, str]] = {
    3: ("inextricably linked to the achievement of another goal", "他方の目標の達成と切り離せない"),
    2: ("aids the achievement of another goal", "他方の目標の達成を助ける"),
    1: ("creates conditions that further another goal", "他方の目標を進める条件をつくる"),
    0: ("no significant positive or negative interaction", "目立った正負の関わりはない"),
    -1: ("limits options on another goal", "他方の目標の選択肢を狭める"),
    -2: ("clashes with another goal", "他方の目標とぶつかる"),
    -3: ("makes it impossible to reach another goal", "他方の目標の達成を不可能にする"),
}
# The labels of earlier versions, still read in files people wrote with them.
_EARLIER_LABELS = {"促進": 1, "相反": -2, "相殺": -3}
_SCORE_BY_NAME = {
    **{
        name: score
        for score, words in IMPACT_SCALE.items()
        for name in (*words, words[0].capitalize())
    },
    **_EARLIER_LABELS,
}


def impact_score(value: object) -> object:
    """A score as people write it: 2, +2, "+2", "reinforcing", "強化" → 2. Anything else is
    passed on for the model to refuse with the accepted values."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().replace("＋", "+").replace("−", "-").replace("－", "-")
        if text in _SCORE_BY_NAME:
            return _SCORE_BY_NAME[text]
        if text.lower() in _SCORE_BY_NAME:
            return _SCORE_BY_NAME[text.lower()]
        try:
            return int(text)
        except ValueError:
            return value
    return value


def calendar_date(value: str) -> str:
    """A real day written YYYY-MM-DD (2026-04-01; not 2026/4/1, not 2025-13-45)."""
    import datetime

    try:
        if len(value) != 10:
            raise ValueError
        datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError("assessed_on_date") from None
    return value


def written(item: object, key: str) -> object:
    """The value of ``item``'s field written ``key`` in a file: its alias where it has one (an
    interaction's ``from`` is ``source``, a score's ``source`` is ``reference``), so that the
    sheets read and write the names the files use, from this one definition. ``item`` is a
    model, or a record of a loaded file (measure_records, input_records), whose class says the
    names its fields are written with where they differ (``WRITTEN_AS``: a test holds them to
    the models' aliases)."""
    return getattr(item, _field_written(type(item), key))


@functools.cache
def _field_written(kind: type, key: str) -> str:
    """The field name behind ``key`` (looked up once: an export asks for every impact)."""
    fields = getattr(kind, "__dataclass_fields__", None)
    if fields is not None:  # a record
        renamed: dict[str, str] = getattr(kind, "WRITTEN_AS", {})
        if key in renamed:
            return renamed[key]
        if key in fields and key not in renamed.values():
            return key
        raise KeyError(key)
    for name, info in kind.model_fields.items():  # a pydantic model
        if (info.alias or name) == key:
            return name
    raise KeyError(key)
