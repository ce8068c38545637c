"""Text colours that read on any fill, by WCAG 2's contrast ratio."""

from __future__ import annotations

# The fill of each status (analysis.progress.Status), in every format that fills.
FILLS = {
    "achieved": "#2b6cb0",
    "on_track": "#2f855a",
    "mostly_on_track": "#d69e2e",
    "behind": "#c53030",
    "not_reported": "#a0aec0",
    "not_assessable": "#e2e8f0",
}


def text_colour(fill: str) -> str:
    """Black or white, whichever has the higher WCAG contrast ratio on ``fill``: one of the two
    always reaches 4.58:1, so text on any colour (an SDG's, a status's) meets WCAG AA. White on
    the SDG 3 green reads at 3.3:1 only, on the SDG 7 yellow at 1.6:1."""
    luminance = relative_luminance(fill)
    on_white = 1.05 / (luminance + 0.05)
    on_black = (luminance + 0.05) / 0.05
    return "#000000" if on_black >= on_white else "#ffffff"


def relative_luminance(colour: str) -> float:
    """WCAG 2's relative luminance of ``#rrggbb``."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


# The diverging colours of signed figures (the impact pre-assessment), the same in every
# picture, page and workbook. Green is positive (enabling, reinforcing, indivisible), red
# negative (constraining, counteracting, cancelling), white 0 (consistent); a cell nobody
# assessed is grey, which is not the same as 0. The two ends are those of ColorBrewer's RdYlGn;
# between white and an end the colour is mixed linearly, so its strength is |value| ÷ extent:
# on the scale's own range (±3) a −2 is twice as strong as a −1, and a ±3 is the full colour.
POSITIVE = "#1a9850"  # RdYlGn's green end
NEGATIVE = "#d73027"  # RdYlGn's red end
ZERO = "#ffffff"
NOT_ASSESSED = "#e4e7ec"
SELF = "#c9ced6"  # a target against itself, on the diagonal of the interactions matrix


def tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white: ``amount`` 0 is the colour, 1 is white."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    mixed = (round(c + (255 - c) * amount) for c in (red, green, blue))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def diverging(value: float, extent: float) -> str:
    """The fill of a cell holding ``value`` when the largest magnitude drawn is ``extent``."""
    if not value or extent <= 0:
        return ZERO
    strength = min(abs(value) / extent, 1.0)
    return tint(POSITIVE if value > 0 else NEGATIVE, 1.0 - strength)


# A link mark (views.matrix: ● direct, ○ through a node below) in its column's colour.
INHERITED_TINT = 0.62


# The meanings of a link mark, the only cells its column's colour fills.
MARKS = frozenset({"direct", "inherited"})


def mark_fill(meaning: str | None, colour: str | None) -> str | None:
    """The fill of a link mark in a column of ``colour``: the colour itself for a direct link,
    a paler one for an inherited link; None for anything else."""
    if meaning not in MARKS or colour is None or not colour.startswith("#") or len(colour) != 7:
        return None
    return colour if meaning == "direct" else tint(colour, INHERITED_TINT)
