"""The diverging colours of the impact pre-assessment, the same in every picture and page.

Green is positive (enabling, reinforcing, indivisible), red negative (constraining,
counteracting, cancelling), white 0 (consistent); a cell nobody assessed is grey, which is not
the same as 0. The two ends are those of ColorBrewer's RdYlGn; between white and an end the
colour is mixed linearly, so its strength is |value| ÷ extent: on the scale's own range (±3) a
−2 is twice as strong as a −1, and a ±3 is the full colour.
"""

from __future__ import annotations

from .network_layout import tint

POSITIVE = "#1a9850"  # RdYlGn's green end
NEGATIVE = "#d73027"  # RdYlGn's red end
ZERO = "#ffffff"
NOT_ASSESSED = "#e4e7ec"
SELF = "#c9ced6"  # a target against itself, on the diagonal of the interactions matrix


def signed_colour(value: float, extent: float) -> str:
    """The fill of a cell holding ``value`` when the largest magnitude drawn is ``extent``."""
    if not value or extent <= 0:
        return ZERO
    strength = min(abs(value) / extent, 1.0)
    return tint(POSITIVE if value > 0 else NEGATIVE, 1.0 - strength)

