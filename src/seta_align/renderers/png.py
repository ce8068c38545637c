"""A view's signed matrix (its table with a diverging scale, ``Table.heat``) as a heatmap
picture: ``impacts --format png`` (needs the pictures extra).

The colour scale is diverging and centred at 0 with symmetric limits ±extent (the largest
magnitude, at least 3): red through white to green, ColorBrewer RdYlGn's ends mixed linearly
with white (renderers.colours.diverging), so a cell's colour is exactly the one the HTML page
and the workbook give it, and the colour bar below is the same map. A cell with nothing scored
is grey. Every text goes through the packaged Japanese font (exporters.pictures). The words
are the view's: the page, the workbook and the picture say the same.
"""

from __future__ import annotations

import typer

from ..exporters.pictures import (
    CELL,
    INK,
    LABEL_PT,
    MAX_HEADER,
    MAX_LABEL,
    MAX_PICTURE_ROWS,
    _canvas,
    _fit_inches,
    _inches,
    contrast,
    japanese_style,
    picture_too_large,
    save,
)
from ..i18n import Lang, Text
from ..views.model import Role, Table, View, signed
from .colours import NEGATIVE, NOT_ASSESSED, POSITIVE, ZERO
from .colours import diverging as signed_colour

SUM_W = 0.55  # inches, each row-figure column (正の和, 負の和, 正味)
BAR_H = 0.16  # inches, the colour bar
# The view's table a picture draws.
DRAWN = "measures_matrix"

T = {
    "not_assessed": Text("評価なし", "nothing scored"),
    "strength": Text(
        "色の濃さ = |値| ÷ {extent}。灰色は評価なし（0 とは別）。",
        "Colour strength = |value| ÷ {extent}; grey: nothing scored (which is not 0).",
    ),
    "no_rows": Text("この表に行はありません。", "This table has no rows."),
    "too_large": Text(
        "--measure・--node で絞るか、--columns SDG.goal にするか、html で出力してください。",
        "Narrow it with --measure or --node, use --columns SDG.goal, or write html.",
    ),
}


def document(view: View, lang: Lang) -> bytes:
    (matrix,) = [t for t in view.tables("xlsx") if t.key == DRAWN]
    legend = next((t for t in view.tables("xlsx") if t.key == "scale"), None)
    _refuse_too_large(matrix, lang)
    return picture(matrix, legend, lang)


def _refuse_too_large(matrix: Table, lang: Lang) -> None:
    """Exit 2, before anything is drawn or written, when the picture would be too large to
    show (as ``matrix --format png`` refuses)."""
    columns = sum(1 for column in matrix.columns if column.heat)
    for count, what in ((len(matrix.rows), Text("行", "rows")), (columns, Text("列", "columns"))):
        refusal = picture_too_large(count, MAX_PICTURE_ROWS, what, T["too_large"])
        if refusal is not None:
            typer.echo(f"seta-align: {refusal(lang)}", err=True)
            raise typer.Exit(2)


def picture(matrix: Table, legend: Table | None, lang: Lang) -> bytes:
    from matplotlib.cm import ScalarMappable
    from matplotlib.collections import PatchCollection
    from matplotlib.colors import LinearSegmentedColormap, Normalize
    from matplotlib.patches import Rectangle

    extent = matrix.heat or 3
    heading = matrix.title
    heat = [i for i, column in enumerate(matrix.columns) if column.heat]
    ids = next(i for i, column in enumerate(matrix.columns) if column.role is Role.ID)
    titles = next((i for i, c in enumerate(matrix.columns) if c.role is Role.LABEL), None)
    if not matrix.rows:
        return _nothing_to_draw(heading, T["no_rows"](lang))
    columns = [matrix.columns[i] for i in heat]
    # The row figures after the heat columns (正の和, 負の和, 正味), each a narrow column.
    sums = [i for i in range(heat[-1] + 1, len(matrix.columns))] if heat else []
    footers = len(matrix.totals) or 1
    with japanese_style() as font:
        labels = [
            f"{row[ids].text} {row[titles].text if titles is not None else ''}".strip()
            for row in matrix.rows
        ]
        label_w = min(max((_inches(t, LABEL_PT) for t in labels), default=1.0) + 0.25, MAX_LABEL)
        headers = [f"{c.title} {c.subtitle or ''}".strip() for c in columns]
        header_h = min(max((_inches(t, 7.0) for t in headers), default=0.5) + 0.2, MAX_HEADER)
        margin, title_h, legend_h = 0.25, 0.5, 1.05
        rows = len(matrix.rows)
        named = 2 if lang == "ja" else 1  # the scale's Japanese or English name
        legend_items = [
            (signed_colour(row[0].value, extent), f"{row[0].text} {row[named].text}")
            for row in (legend.rows if legend is not None else [])
        ] + [(NOT_ASSESSED, T["not_assessed"](lang))]
        width = margin * 2 + max(
            label_w + CELL * len(columns) + SUM_W * len(sums),
            _inches(heading, 11),
            sum(_swatch_width(label) for _, label in legend_items),
            4.0,  # the colour bar
        )
        height = margin + title_h + header_h + CELL * (rows + footers) + 0.15 + legend_h + margin
        figure, axes = _canvas(width, height)
        font.write(axes, margin, margin + 0.2, heading, fontsize=11, va="center", color=INK)
        top = margin + title_h
        grid_top = top + header_h
        left = margin + label_w
        fills: list[Rectangle] = []
        colours: list[str] = []

        def box(x: float, y: float, w: float, h: float, colour: str) -> None:
            fills.append(Rectangle((x, y), w, h))
            colours.append(colour)

        for index, column in enumerate(columns):
            x = left + index * CELL
            box(x, top, CELL, 0.06, column.colour or "#d5d9e0")  # the goal's colour strip
            font.write(
                axes,
                x + CELL / 2,
                grid_top - 0.06,
                _fit_inches(headers[index], header_h - 0.2, 7.0),
                rotation=90,
                fontsize=7.0,
                ha="center",
                va="bottom",
                color=INK,
            )
        sums_x = left + CELL * len(columns)
        for k, index in enumerate(sums):
            font.write(
                axes,
                sums_x + SUM_W * (k + 0.5),
                grid_top - 0.06,
                matrix.columns[index].title,
                rotation=90,
                fontsize=7.0,
                ha="center",
                va="bottom",
                color=INK,
            )
        for r, row in enumerate(matrix.rows):
            y = grid_top + r * CELL
            if r % 2:
                box(margin, y, label_w - 0.05, CELL, "#f5f7fa")
            font.write(
                axes,
                margin + 0.05,
                y + CELL / 2,
                _fit_inches(labels[r], label_w - 0.15, LABEL_PT),
                fontsize=LABEL_PT,
                va="center",
                color=INK,
            )
            for c, index in enumerate(heat):
                x = left + c * CELL
                value = row[index].value
                if value is None:
                    box(x, y, CELL, CELL, NOT_ASSESSED)
                    continue
                if isinstance(value, tuple):
                    # Help and harm in one cell: the positive colour on the left half, the
                    # negative on the right, both figures written small — never a net.
                    positive, negative = value
                    box(x, y, CELL / 2, CELL, signed_colour(positive, extent))
                    box(x + CELL / 2, y, CELL / 2, CELL, signed_colour(negative, extent))
                    for half, number in ((0.25, positive), (0.75, negative)):
                        fill = signed_colour(number, extent)
                        font.write(axes, x + CELL * half, y + CELL / 2, signed(number),
                                   fontsize=5.0, ha="center", va="center", color=contrast(fill))
                    continue
                fill = signed_colour(value, extent)
                box(x, y, CELL, CELL, fill)
                font.write(
                    axes,
                    x + CELL / 2,
                    y + CELL / 2,
                    row[index].text,
                    fontsize=6.5,
                    ha="center",
                    va="center",
                    color=contrast(fill),
                )
            for k, index in enumerate(sums):
                _sum(font, axes, sums_x + SUM_W * (k + 0.5), y + CELL / 2, row[index])
        footer_y = grid_top + rows * CELL
        for f, totals in enumerate(matrix.totals):
            y = footer_y + f * CELL
            box(margin, y, label_w - 0.05, CELL, "#e9ecf1")
            font.write(axes, margin + 0.05, y + CELL / 2, totals[0].text,
                       fontsize=LABEL_PT, va="center", color=INK)
            for c, index in enumerate(heat):
                _sum(font, axes, left + (c + 0.5) * CELL, y + CELL / 2, totals[index])
            for k, index in enumerate(sums):
                if totals[index].value is not None:
                    _sum(font, axes, sums_x + SUM_W * (k + 0.5), y + CELL / 2, totals[index])
        footer_y += (footers - 1) * CELL
        axes.add_collection(
            PatchCollection(
                fills, facecolors=colours, edgecolors="#d5d9e0", linewidths=0.4, zorder=0
            )
        )

        # The colour bar: the diverging map, centred at 0, from -extent to +extent.
        legend_y = footer_y + CELL + 0.3
        bar_w = 4.0
        bar = figure.add_axes(
            (margin / width, 1 - (legend_y + BAR_H) / height, bar_w / width, BAR_H / height)
        )
        scale = LinearSegmentedColormap.from_list("seta-align-signed", [NEGATIVE, ZERO, POSITIVE])
        colour_bar = figure.colorbar(
            ScalarMappable(Normalize(-extent, extent), scale), cax=bar, orientation="horizontal"
        )
        step = 1 if extent <= 6 else max(1, extent // 6)
        ticks = list(range(-extent, extent + 1, step))
        colour_bar.set_ticks(ticks, labels=[signed(t) for t in ticks])  # as the cells write them
        bar.tick_params(labelsize=6.5, colors=INK, length=2)
        colour_bar.outline.set_edgecolor("#999999")
        colour_bar.outline.set_linewidth(0.4)

        # The scale's names, and the grey of not assessed.
        swatch_y = legend_y + BAR_H + 0.38
        x = margin
        for colour, label in legend_items:
            _swatch(font, axes, x, swatch_y, colour, label)
            x += _swatch_width(label)
        font.write(
            axes,
            margin,
            swatch_y + 0.25,
            T["strength"].format(extent=extent)(lang),
            fontsize=6.5,
            va="center",
            color="#5b6475",
        )
        return save(figure, "png")


def _nothing_to_draw(heading: str, message: str) -> bytes:
    """A picture that says no measure has an impact on the level, rather than an empty grid."""
    margin = 0.25
    with japanese_style() as font:
        width = margin * 2 + max(_inches(heading, 11), _inches(message, LABEL_PT), 3.0)
        figure, axes = _canvas(width, 1.2)
        font.write(axes, margin, margin + 0.2, heading, fontsize=11, va="center", color=INK)
        font.write(axes, margin, 0.85, message, fontsize=LABEL_PT, va="center", color=INK)
        return save(figure, "png")


def _sum(font, axes, x: float, y: float, cell) -> None:
    """A row's or column's sum, as the view writes it; — when none of its cells is assessed
    (which is not 0)."""
    total = cell.value
    colour = "#2e7d32" if (total or 0) > 0 else "#c62828" if (total or 0) < 0 else INK
    text = cell.text if total is not None else "—"
    font.write(axes, x, y, text, fontsize=7.0, ha="center", va="center", color=colour, weight="bold")


def _swatch(font, axes, x: float, y: float, colour: str, label: str) -> None:
    """A small square in ``colour`` with ``label`` after it."""
    from matplotlib.patches import Rectangle

    axes.add_patch(
        Rectangle((x, y - 0.05), 0.1, 0.1, facecolor=colour, edgecolor="#999999", linewidth=0.4)
    )
    font.write(axes, x + 0.14, y, label, fontsize=6.5, va="center", color=INK)


def _swatch_width(label: str) -> float:
    return 0.14 + _inches(label, 6.5) + 0.15
