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


# The diverging scale of signed figures (Excel's own red–white–green colour scale).
RED, WHITE, GREEN = "#f8696b", "#ffffff", "#63be7b"


def diverging(value: float, extent: float) -> str:
    """The colour the scale gives ``value``: white at 0, blending to green at +extent and red
    at −extent, as Excel interpolates a three-colour scale."""
    share = min(1.0, abs(value) / extent) if extent else 0.0
    end = GREEN if value > 0 else RED
    channels = []
    for position in (1, 3, 5):
        start = int(WHITE[position : position + 2], 16)
        stop = int(end[position : position + 2], 16)
        channels.append(round(start + (stop - start) * share))
    return "#" + "".join(f"{channel:02x}" for channel in channels)
