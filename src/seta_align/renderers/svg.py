"""Charts as inline SVG, for the HTML pages.

**The line chart** of a figure over the years (views.model.LineChart: a KPI's results against
its planned path) is drawn in a view box of :data:`CHART_WIDTH` × :data:`CHART_HEIGHT`
(200 × 60). The plot area runs from x = :data:`LEFT` (10) to :data:`RIGHT` (190) and from
y = :data:`BOTTOM` (50, the lowest value) up to :data:`TOP` (10, the highest):

    x(year)  = LEFT + (year − first) ÷ (last − first) × (RIGHT − LEFT)
    y(value) = BOTTOM − (value − low) ÷ (high − low) × (BOTTOM − TOP)

``first`` and ``last`` are the earliest and latest of the path's years, the years with a
result and the evaluated year; ``low`` and ``high`` the lowest and highest of the path's
values and the results. With one year (or one value) everything stands in the middle. The
planned path (baseline → milestones → target) is a dashed line, the target a ring, the
results a line in the colour of the status with a dot per year; a year without a value is a
gap in the line. A dotted upright marks the evaluated year. Coordinates are written with at
most two decimals.
"""

from __future__ import annotations

from ..printable import html_text as _e
from ..views.model import LineChart
from .colours import FILLS

CHART_WIDTH, CHART_HEIGHT = 200, 60
LEFT, RIGHT, TOP, BOTTOM = 10, 190, 10, 50
YEAR_LABEL_Y = 59
# A result line in the status colour, except where that colour is too pale to see on white.
PALE = {"not_assessable": "#718096"}
NEUTRAL = "#3b6ea8"


def coordinate(value: float) -> str:
    """At most two decimals, no trailing zeros: 55, 77.5, 36.67."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def data_number(value: float) -> str:
    """A figure for a ``data-`` attribute: rounded as in the JSON document, 140 not 140.0."""
    rounded = round(value, 6)
    return str(int(rounded)) if rounded.is_integer() else str(rounded)


def _runs(points: list[tuple[int, float]]) -> list[list[tuple[int, float]]]:
    """The results split where a year has no value: each run of consecutive years."""
    runs: list[list[tuple[int, float]]] = []
    for year, value in points:
        if runs and runs[-1][-1][0] == year - 1:
            runs[-1].append((year, value))
        else:
            runs.append([(year, value)])
    return runs


def line_chart(chart: LineChart) -> str:
    """``chart`` on the scale of the module's docstring."""
    results = sorted((year, value) for year, value, _ in chart.results if value is not None)
    shown = {year: text for year, _, text in chart.results}
    years = [y for y, _ in chart.path] + [y for y, _, _ in chart.results]
    if chart.now is not None:
        years.append(chart.now)
    values = [v for _, v in chart.path] + [v for _, v in results]
    first, last = min(years), max(years)
    low, high = min(values), max(values)

    def x(year: int) -> float:
        if last == first:
            return (LEFT + RIGHT) / 2
        return LEFT + (year - first) / (last - first) * (RIGHT - LEFT)

    def y(value: float) -> float:
        if high == low:
            return (TOP + BOTTOM) / 2
        return BOTTOM - (value - low) / (high - low) * (BOTTOM - TOP)

    def points(pairs: list[tuple[int, float]]) -> str:
        return " ".join(f"{coordinate(x(a))},{coordinate(y(b))}" for a, b in pairs)

    colour = PALE.get(chart.meaning or "") or FILLS.get(chart.meaning or "", NEUTRAL)
    out = [
        f'<svg class="kpi-chart" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" '
        f'width="{CHART_WIDTH}" height="{CHART_HEIGHT}" role="img" aria-label="{_e(chart.label)}" '
        f'data-first="{first}" data-last="{last}" data-low="{data_number(low)}" '
        f'data-high="{data_number(high)}">',
        f"<title>{_e(chart.label)}</title>",
        f'<line class="axis" x1="{LEFT}" y1="{BOTTOM}" x2="{RIGHT}" y2="{BOTTOM}"/>',
    ]
    if chart.now is not None:
        now = coordinate(x(chart.now))
        out.append(
            f'<line class="now" data-year="{chart.now}" x1="{now}" y1="{TOP}" x2="{now}" '
            f'y2="{BOTTOM}"/>'
        )
    if len(chart.path) > 1:
        out.append(f'<polyline class="expected" points="{points(chart.path)}"/>')
    target_year, target = chart.target
    out.append(
        f'<circle class="target" cx="{coordinate(x(target_year))}" '
        f'cy="{coordinate(y(target))}" r="3.5"/>'
    )
    for run in _runs(results):
        if len(run) > 1:
            out.append(f'<polyline class="actual" points="{points(run)}" stroke="{colour}"/>')
    for year, value in results:
        out.append(
            f'<circle class="result" data-year="{year}" cx="{coordinate(x(year))}" '
            f'cy="{coordinate(y(value))}" r="2.5" fill="{colour}">'
            f"<title>{_e(f'{year}: {shown[year]}')}</title></circle>"
        )
    out += [
        f'<text class="year" x="{LEFT}" y="{YEAR_LABEL_Y}" text-anchor="start">{first}</text>',
        f'<text class="year" x="{RIGHT}" y="{YEAR_LABEL_Y}" text-anchor="end">{last}</text>'
        if last != first
        else "",
        "</svg>",
    ]
    return "".join(out)
