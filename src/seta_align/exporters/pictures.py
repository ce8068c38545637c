"""Pictures drawn with matplotlib: ``matrix --format png`` and ``graph --format png|svg``.

matplotlib and a Japanese font are an optional extra (``pip install 'seta-align[pictures]'``):
nothing here is imported until a picture is asked for, and :func:`require` turns their absence
into exit code 2 with the command to run. The font is IPAexGothic, the ``.ttf`` that the
japanize-matplotlib package ships; it is loaded from that package's folder by path and never
by importing the package (whose import changes matplotlib's global settings and needs
distutils, gone from Python 3.12). Everything is drawn on a :class:`matplotlib.figure.Figure`
of its own, inside ``rc_context``, so no global state of matplotlib (pyplot, rcParams) is
touched. SVG text is drawn as glyph outlines: the file shows the same wherever it is opened.
"""

from __future__ import annotations

import importlib.util
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..i18n import Lang, Text
from ..printable import visible, xml_safe
from ..renderers.colours import tint
from .network_layout import FONT_SIZE, GOALS, NetworkLayout, fit, text_width

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..analysis.matrix import Matrix

FONT_PACKAGE = "japanize_matplotlib"  # the import name of japanize-matplotlib
FONT_FILE = Path("fonts") / "ipaexg.ttf"
FALLBACK_FAMILY = "DejaVu Sans"  # matplotlib's own font, for the odd symbol IPAex lacks
NEUTRAL = "#3b6ea8"
INK = "#1b2233"
PNG_DPI = 150

INSTALL = Text(
    "画像（png・svg）の出力には追加のパッケージ（{missing}）が必要です。"
    "pip install 'seta-align[pictures]' でインストールしてください。",
    "Pictures (png, svg) need extra packages ({missing}). Install them with "
    "pip install 'seta-align[pictures]'.",
)


def font_path() -> Path | None:
    """The IPAexGothic ``.ttf`` inside the installed japanize-matplotlib, found without
    importing it; None when the package (or its font) is missing."""
    try:
        spec = importlib.util.find_spec(FONT_PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / FONT_FILE
        if candidate.is_file():
            return candidate
    return None


def missing_packages() -> list[str]:
    """The PyPI names of what pictures need and is not installed."""
    absent = []
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        absent.append("matplotlib")
    if font_path() is None:
        absent.append("japanize-matplotlib")
    return absent


def require(lang: Lang) -> None:
    """Exit 2 with the install command when matplotlib or the font is missing."""
    absent = missing_packages()
    if absent:
        message = INSTALL.format(missing=", ".join(absent))
        typer.echo(f"seta-align: {message(lang)}", err=True)
        raise typer.Exit(2)


class JapaneseFont:
    """The packaged IPAexGothic, by its file.

    Every text is drawn with ``FontProperties(fname=…)`` of the package's ``.ttf``: a family
    *name* would let matplotlib pick another file of that name (a system IPAexGothic, or none).
    Only a text with a character the font lacks gets the family list, so that matplotlib's
    fallback (DejaVu Sans) draws that character instead of a box.
    """

    def __init__(self) -> None:
        from matplotlib import font_manager

        path = font_path()
        if path is None:
            raise RuntimeError("japanize-matplotlib's font is not installed")
        font_manager.fontManager.addfont(str(path))
        self.path = path
        self.properties = font_manager.FontProperties(fname=str(path))
        self.name = self.properties.get_name()
        self._codes = set(font_manager.get_font(str(path)).get_charmap())
        self._fallback = font_manager.FontProperties(family=[self.name, FALLBACK_FAMILY])

    def covers(self, text: str) -> bool:
        return all(ord(ch) in self._codes or ch.isspace() for ch in text)

    def for_text(self, text: str):
        return self.properties if self.covers(text) else self._fallback

    def write(self, axes, x: float, y: float, text: str, **options):
        # User text is never TeX: "US$5 から US$10" must stay as typed (and cannot crash).
        text = visible(text)  # a control character is drawn as its escape, as everywhere
        return axes.text(
            x, y, text, fontproperties=self.for_text(text), parse_math=False, **options
        )


@contextmanager
def japanese_style() -> Iterator[JapaneseFont]:
    """matplotlib settings for our pictures, only inside the ``with``: glyph outlines in SVG,
    reproducible SVG ids; yields the font to write with."""
    import matplotlib

    font = JapaneseFont()
    with matplotlib.rc_context(
        {
            "font.family": [font.name, FALLBACK_FAMILY],
            "svg.fonttype": "path",
            "svg.hashsalt": "seta-align",
            "axes.unicode_minus": False,
        }
    ):
        yield font


def save(figure: Figure, output_format: str) -> bytes:
    buffer = io.BytesIO()
    if output_format == "svg":
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "seta-align"})
        return xml_safe(buffer.getvalue().decode("utf-8")).encode("utf-8")
    else:
        figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": "seta-align"})
    return buffer.getvalue()


def _canvas(width: float, height: float):
    """A figure of ``width`` × ``height`` inches with one axes filling it, y going down."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), facecolor="white")
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, width)
    axes.set_ylim(height, 0)
    axes.set_axis_off()
    return figure, axes


def contrast(colour: str) -> str:
    from ..renderers.colours import text_colour

    return text_colour(colour)


# --- matrix --format png -----------------------------------------------------------------------

CELL = 0.26  # inches, one measure × node cell
COUNT_CELL = 0.5  # owner and field rows show counts (●2 ○1)
LABEL_PT = 8.0
MAX_LABEL = 4.2  # inches of row label at most
MAX_HEADER = 2.3  # inches of column header at most


def _inches(text: str, points: float) -> float:
    return text_width(text, points) / 72


def _fit_inches(text: str, inches: float, points: float) -> str:
    return fit(text, inches * 72, points)


# Past these sizes a picture is taller than any viewer or page can show (10k measures made a
# 1,500 × 390,000 px PNG in minutes): the commands refuse and point to a better form.
MAX_PICTURE_ROWS = 500
MAX_PICTURE_NODES = 1000


def picture_too_large(count: int, limit: int, what: Text, hint: Text) -> Text | None:
    if count <= limit:
        return None
    return Text(
        f"図にするには{what.ja}が多すぎます（{count:,}、上限 {limit:,}）。{hint.ja}",
        f"Too many {what.en} for a picture ({count:,}; the limit is {limit:,}). {hint.en}",
    )


def matrix_picture(matrix: Matrix, lang: Lang) -> bytes:
    """The coverage matrix as a PNG heatmap: SDG columns in their goals' colours, ● direct in
    the full colour, ○ inherited in a tint; owner and field rows shade by their counts."""
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle

    from ..views.matrix import heading, mark_cell, marks

    with japanese_style() as font:
        cell_w = COUNT_CELL if matrix.counts else CELL
        labels = []
        for row in matrix.rows:
            title = row.label(lang)
            labels.append(f"{row.id} {title}" if title else row.id)
        label_w = min(max((_inches(t, LABEL_PT) for t in labels), default=1.0) + 0.15, MAX_LABEL)
        headers = [f"{c.id} {c.label(lang)}".strip() for c in matrix.columns]
        header_h = min(max((_inches(t, 7.0) for t in headers), default=0.5) + 0.15, MAX_HEADER)
        total_w = 0.55
        margin = 0.25
        title_h = 0.5
        note_lines = marks(matrix, lang)
        legend_h = 0.22 * len(note_lines) + 0.2
        rows = len(matrix.rows)
        width = margin * 2 + label_w + cell_w * len(matrix.columns) + total_w * 2
        height = margin + title_h + header_h + CELL * (rows + 2) + 0.1 + legend_h + margin
        figure, axes = _canvas(width, height)

        font.write(
            axes, margin, margin + 0.2, heading(matrix, lang), fontsize=11, va="center", color=INK
        )
        top = margin + title_h
        grid_top = top + header_h
        left = margin + label_w
        fills: list[Rectangle] = []
        colours: list[str] = []

        def box(x: float, y: float, w: float, h: float, colour: str) -> None:
            fills.append(Rectangle((x, y), w, h))
            colours.append(colour)

        for index, column in enumerate(matrix.columns):
            colour = column.color or "#e9ecf1"
            x = left + index * cell_w
            box(x, top, cell_w, header_h, colour)
            font.write(
                axes,
                x + cell_w / 2,
                grid_top - 0.06,
                _fit_inches(headers[index], header_h - 0.12, 7.0),
                rotation=90,
                fontsize=7.0,
                ha="center",
                va="bottom",
                color=contrast(colour) if column.color else INK,
            )
        totals_x = left + cell_w * len(matrix.columns)
        for offset, label in enumerate(
            ("● 計", "○ 計") if lang == "ja" else ("● total", "○ total")
        ):
            font.write(
                axes,
                totals_x + total_w * (offset + 0.5),
                grid_top - 0.06,
                label,
                rotation=90,
                fontsize=7.0,
                ha="center",
                va="bottom",
                color=INK,
            )

        peak = max(
            (cell.direct + cell.inherited for row in matrix.rows for cell in row.cells), default=0
        )
        for r, row in enumerate(matrix.rows):
            y = grid_top + r * CELL
            if r % 2:
                box(margin, y, label_w - 0.05, CELL, "#f5f7fa")
            font.write(
                axes,
                margin + 0.05,
                y + CELL / 2,
                _fit_inches(labels[r], label_w - 0.2, LABEL_PT),
                fontsize=LABEL_PT,
                va="center",
                color=INK,
            )
            for c, (column, cell) in enumerate(zip(matrix.columns, row.cells, strict=True)):
                x = left + c * cell_w
                colour = column.color or NEUTRAL
                if not cell:
                    box(x, y, cell_w, CELL, "#ffffff")
                    continue
                if matrix.counts:
                    share = (cell.direct + 0.5 * cell.inherited) / peak if peak else 0
                    fill = tint(colour, 0.85 - 0.85 * share)
                else:
                    fill = colour if cell.direct else tint(colour, 0.62)
                box(x, y, cell_w, CELL, fill)
                ink = contrast(fill)
                font.write(
                    axes,
                    x + cell_w / 2,
                    y + CELL / 2,
                    mark_cell(cell, matrix.counts).text,
                    fontsize=6.0 if matrix.counts else 7.0,
                    ha="center",
                    va="center",
                    color=ink,
                )
            total = row.total
            for offset, value in enumerate((total.direct, total.inherited)):
                font.write(
                    axes,
                    totals_x + total_w * (offset + 0.5),
                    y + CELL / 2,
                    str(value),
                    fontsize=7.0,
                    ha="center",
                    va="center",
                    color=INK,
                )
        footer_y = grid_top + rows * CELL
        column_totals = matrix.column_totals
        names = ("● 計", "○ 計") if lang == "ja" else ("● total", "○ total")
        for offset, name in enumerate(names):
            y = footer_y + offset * CELL
            box(margin, y, label_w - 0.05, CELL, "#e9ecf1")
            font.write(
                axes, margin + 0.05, y + CELL / 2, name, fontsize=LABEL_PT, va="center", color=INK
            )
            for c, cell in enumerate(column_totals):
                font.write(
                    axes,
                    left + (c + 0.5) * cell_w,
                    y + CELL / 2,
                    str(cell.inherited if offset else cell.direct),
                    fontsize=6.5,
                    ha="center",
                    va="center",
                    color=INK,
                )
        grand = matrix.total
        for column, row, value in ((0.5, 0.5, grand.direct), (1.5, 1.5, grand.inherited)):
            font.write(
                axes,
                totals_x + total_w * column,
                footer_y + CELL * row,
                str(value),
                fontsize=7.0,
                ha="center",
                va="center",
                color=INK,
            )

        axes.add_collection(
            PatchCollection(
                fills, facecolors=colours, edgecolors="#d5d9e0", linewidths=0.4, zorder=0
            )
        )
        legend_y = footer_y + CELL * 2 + 0.25
        for number, line in enumerate(note_lines):
            font.write(
                axes,
                margin,
                legend_y + 0.22 * number,
                line,
                fontsize=7.5,
                va="center",
                color="#5b6475",
            )
        return save(figure, "png")


# --- graph --format png|svg --------------------------------------------------------------------


def _signed_edges(axes, layout: NetworkLayout, points: float) -> None:
    """graph --impacts: each edge in its sign's colour, as wide as its score, interactions
    dashed, arrowheads where the columns do not tell the direction (as the SVG draws them)."""
    from matplotlib.patches import PathPatch, Polygon
    from matplotlib.path import Path as MplPath

    for edge in layout.signed_edges:
        curve = MplPath(
            list(layout.path(edge.source, edge.target)),
            [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4],
        )
        axes.add_patch(
            PathPatch(
                curve,
                facecolor="none",
                edgecolor=edge.color,
                linewidth=edge.width * points,
                linestyle=(0, (4, 2.7)) if edge.dashed else "solid",
                alpha=0.75,
                zorder=1,
            )
        )
        if edge.arrow:
            axes.add_patch(
                Polygon(
                    layout.arrowhead(edge),
                    closed=True,
                    facecolor=edge.color,
                    edgecolor="none",
                    alpha=0.9,
                    zorder=1.5,
                )
            )


def _legend(axes, font: JapaneseFont, layout: NetworkLayout, points: float) -> None:
    from .network_layout import LEGEND_ROW, LEGEND_SAMPLE, MARGIN

    for row, entry in enumerate(layout.legend):
        y = layout.legend_top + LEGEND_ROW * (row + 0.5)
        if entry.width:
            axes.plot(
                [MARGIN, MARGIN + LEGEND_SAMPLE],
                [y, y],
                color=entry.color,
                linewidth=entry.width * points,
                linestyle=(0, (4, 2.7)) if entry.dashed else "solid",
                solid_capstyle="butt",
            )
        font.write(
            axes,
            MARGIN + LEGEND_SAMPLE + 8,
            y,
            entry.text,
            fontsize=FONT_SIZE * points,
            va="center_baseline",
            color=INK,
        )


def network_picture(layout: NetworkLayout, output_format: str, lang: Lang) -> bytes:
    """The layered network (see :mod:`network_layout`) as PNG or SVG, like the report's; the
    impact network with its signed edges and legend."""
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Circle, PathPatch, Rectangle
    from matplotlib.path import Path as MplPath

    scale = 100.0  # layout pixels per inch
    points = 72.0 / scale  # a layout pixel in points
    with japanese_style() as font:
        figure, axes = _canvas(layout.width / scale, layout.height / scale)
        axes.set_xlim(0, layout.width)
        axes.set_ylim(layout.height, 0)
        for edge in layout.edges:
            curve = MplPath(
                list(layout.curve(edge)),
                [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4],
            )
            axes.add_patch(
                PathPatch(curve, facecolor="none", edgecolor=edge.color, linewidth=0.8, alpha=0.4)
            )
        if layout.signed_edges:
            _signed_edges(axes, layout, points)
        boxes: list[Rectangle] = []
        faces: list[str] = []
        edges: list[str] = []
        dots: list[Circle] = []
        for node in layout.nodes.values():
            top = node.y - node.height / 2
            if node.kind == "measure":
                face, line, ink = "#fffaf0", "#e8d3a6", INK
                dots += [Circle((node.left, node.y), 2.6), Circle((node.right, node.y), 2.6)]
            elif node.column == GOALS:
                face, line, ink = node.color, node.color, contrast(node.color)
            else:
                face, line, ink = tint(node.color, 0.88), node.color, INK
            if node.kind != "measure" and not node.links:
                face, ink = "#f4f4f4", "#777777"
            boxes.append(Rectangle((node.left, top), node.width, node.height))
            faces.append(face)
            edges.append(line)
            font.write(
                axes,
                node.left + 6,
                node.y,
                node.label,
                fontsize=FONT_SIZE * points,
                va="center_baseline",
                color=ink,
                zorder=3,
            )
        axes.add_collection(
            PatchCollection(boxes, facecolors=faces, edgecolors=edges, linewidths=0.6, zorder=2)
        )
        axes.add_collection(
            PatchCollection(dots, facecolors="#c98a00", edgecolors="none", zorder=2.5)
        )
        for text, x in layout.headings:
            font.write(axes, x, 24, text, fontsize=13 * points, va="baseline", color=INK)
        for group in layout.groups:
            font.write(
                axes,
                group.x,
                group.y,
                group.text,
                fontsize=FONT_SIZE * points,
                va="center_baseline",
                color="#333333",
            )
        if layout.legend:
            _legend(axes, font, layout, points)
        return save(figure, output_format)
