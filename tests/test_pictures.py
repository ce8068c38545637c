"""Pictures: `matrix --format png` and `graph --format png|svg`, drawn with matplotlib and the
IPAexGothic font of the japanize-matplotlib package (the `pictures` extra)."""

from __future__ import annotations

import struct
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import CLEAN, DRAFTS, ROOT, run_cli, run_in_terminal

MINI_CONFIG = DRAFTS / "seta-align.yaml"
SDG_GOAL_COLOURS = {
    "SDG-1": "#E5243B",
    "SDG-4": "#C5192D",
    "SDG-7": "#FCC30B",
    "SDG-8": "#A21942",
    "SDG-11": "#FD9D24",
    "SDG-13": "#3F7E44",
    "SDG-17": "#19486A",
}
INSTALL_HINT = "pip install 'seta-align[pictures]'"


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def _pixels(path: Path):
    """The picture's RGB pixels as rows of bytes (matplotlib reads PNG through Pillow)."""
    from matplotlib.image import imread

    image = imread(path)
    return (image[..., :3] * 255).round().astype("uint8").reshape(-1, 3)


def _colours(path: Path) -> set[str]:
    import numpy as np

    unique = np.unique(_pixels(path), axis=0)
    return {"#" + "".join(f"{c:02X}" for c in row) for row in unique.tolist()}


def _draw(*args) -> None:
    """Run the CLI in-process and fail on any glyph matplotlib could not find (tofu)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = run_cli(*args)
    assert result.exit_code == 0, result.output
    tofu = [str(w.message) for w in caught if "missing from" in str(w.message).lower()]
    assert tofu == []


# --- matrix --format png -----------------------------------------------------------------------


def test_matrix_heatmap_of_the_sample(tmp_path):
    target = tmp_path / "matrix.png"
    _draw("matrix", "-o", target)  # the format from the suffix
    width, height = _png_size(target)
    assert 1000 < width < 4000 and 2500 < height < 8000  # 17 goals × 85 measures, readable
    colours = _colours(target)
    assert len(colours) > 100  # text, marks, tints: not blank
    for goal, colour in SDG_GOAL_COLOURS.items():
        assert colour in colours, goal  # every goal's header in its official colour


def test_matrix_direct_full_colour_inherited_tint(tmp_path):
    from seta_align.renderers.colours import tint

    goals, targets = tmp_path / "goals.png", tmp_path / "targets.png"
    _draw("matrix", CLEAN, "--config", MINI_CONFIG, "-o", goals)
    _draw("matrix", CLEAN, "--config", MINI_CONFIG, "--columns", "SDG.target", "-o", targets)

    def area(path: Path, colour: str) -> int:
        wanted = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
        return int((_pixels(path) == wanted).all(axis=1).sum())

    cell = (0.26 * 150) ** 2  # a cell of 0.26 inch at 150 dpi, in pixels
    for colour in ("#A21942", "#C5192D"):  # SDG-8, SDG-4
        light = tint(colour, 0.62)
        # as goals they are served through a target (○): the cell is a tint of the colour
        assert area(goals, light) > 0.5 * cell
        # as targets they are served directly (●): full colour; a tint only in anti-aliasing
        assert area(targets, light) < 0.05 * cell
        assert area(targets, colour) > area(goals, colour)


@pytest.mark.parametrize("rows", ["owner", "field"])
def test_matrix_counts_per_owner_and_field(tmp_path, rows):
    target = tmp_path / f"{rows}.png"
    _draw("matrix", "--rows", rows, "--columns", "PLAN.priority_policy", "-o", target)
    width, height = _png_size(target)
    assert width > 600 and height > 300
    assert len(_colours(target)) > 20


def test_matrix_png_needs_a_file_on_a_terminal_and_force(tmp_path):
    code, shown = run_in_terminal("matrix", CLEAN, "--format", "png")
    assert code == 2
    assert "-o ファイル名.png" in shown
    piped = run_cli("matrix", CLEAN, "--format", "png")  # to a pipe: the picture's bytes
    assert piped.exit_code == 0
    assert piped.stdout_bytes.startswith(b"\x89PNG")
    target = tmp_path / "m.png"
    target.write_bytes(b"old")
    refused = run_cli("matrix", "-o", target)
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert target.read_bytes() == b"old"
    assert run_cli("matrix", "-o", target, "--force").exit_code == 0
    assert _png_size(target)[0] > 0


# --- graph --format png|svg --------------------------------------------------------------------


def test_graph_png(tmp_path):
    target = tmp_path / "graph.png"
    _draw("graph", "-o", target)
    width, height = _png_size(target)
    assert 1500 < width < 4000 and 1500 < height < 6000
    colours = _colours(target)
    assert len(colours) > 200
    assert {"#E5243B", "#A21942", "#19486A"} <= colours  # goal boxes in their colours


def test_graph_svg_is_valid_reproducible_and_has_no_font_dependency(tmp_path):
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    _draw("graph", "-o", first)
    _draw("graph", "--format", "svg", "-o", second)
    assert first.read_bytes() == second.read_bytes()  # no dates, no random ids
    root = ET.parse(first).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    namespace = {"svg": "http://www.w3.org/2000/svg"}
    assert len(root.findall(".//svg:path", namespace)) > 300  # the lines and the glyphs
    # text is drawn as glyph outlines: the file shows the same without a Japanese font
    assert root.findall(".//svg:text", namespace) == []
    assert "#A21942" in first.read_text(encoding="utf-8").upper()


def test_graph_svg_to_stdout_and_around(tmp_path):
    result = run_cli("graph", "--format", "svg", "--around", "ECON-01", "--depth", "2")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<?xml")
    small = ET.fromstring(result.stdout_bytes)
    assert small.tag.endswith("svg")
    code, shown = run_in_terminal("graph", "--format", "png", "--around", "ECON-01")
    assert code == 2
    assert "-o ファイル名.png" in shown
    png = run_cli("graph", "--format", "png", "--around", "ECON-01")  # a pipe takes it
    assert png.exit_code == 0
    assert png.stdout_bytes.startswith(b"\x89PNG")


# --- the font ----------------------------------------------------------------------------------


def test_font_comes_from_the_package_and_has_every_glyph():
    from fontTools.ttLib import TTFont

    from seta_align.exporters import pictures
    from seta_align.exporters.graph_formats import alignment_graph
    from seta_align.exporters.network_layout import layout
    from seta_align.runner import prepare

    path = pictures.font_path()
    assert path is not None and path.name == "ipaexg.ttf"
    spec_dir = Path(__import__("importlib").util.find_spec("japanize_matplotlib").origin).parent
    assert path.parent.parent == spec_dir  # inside the installed package, not the system

    context = prepare(None).result.context
    labels = []
    for lang in ("ja", "en"):
        picture = layout(alignment_graph(context), context.framework, lang)
        labels += [node.label for node in picture.nodes.values()]
        labels += [group.text for group in picture.groups] + [t for t, _ in picture.headings]
    labels += ["● 計", "○ 計", "対応表: 施策 × 持続可能な開発目標（SDGs） ゴール（SDG.goal）"]
    cmap = TTFont(path, fontNumber=0, lazy=True).getBestCmap()
    uncovered = {ch for label in labels for ch in label if ord(ch) not in cmap and not ch.isspace()}
    assert uncovered == set()


def _render(font, text: str):
    import io

    from matplotlib.figure import Figure
    from matplotlib.image import imread

    figure = Figure(figsize=(2.4, 0.6), dpi=100)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_axis_off()
    font.write(axes, 0.02, 0.3, text, fontsize=16, color="black")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    buffer.seek(0)
    return imread(buffer)[..., :3]


def test_a_japanese_label_renders_as_glyphs_not_blank_nor_tofu():
    from seta_align.exporters import pictures

    with pictures.japanese_style() as font:
        # every text is drawn with the package's file itself, never a font found by name
        assert font.name == "IPAexGothic"
        assert font.for_text("世田谷区").get_file() == str(pictures.font_path())
        assert font.covers("世田谷区の施策・重点政策") and font.covers("● ○ … → ・（）")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            first, second = _render(font, "世田谷区"), _render(font, "重点政策")
    assert not [w for w in caught if "missing" in str(w.message).lower()]
    dark = (first.max(axis=2) < 0.5).sum()
    assert dark > 150  # ink, not a blank picture
    # Missing glyphs are all the same box: two different words of the same length would
    # then be the same picture. Real glyphs differ.
    assert (abs(first - second) > 0.5).sum() > 100


# --- without the extra -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("blocked", "lang", "expected"),
    [
        ("matplotlib", "ja", "追加のパッケージ（matplotlib）が必要です"),
        (
            "japanize_matplotlib",
            "en",
            "Pictures (png, svg) need extra packages (japanize-matplotlib)",
        ),
    ],
)
@pytest.mark.parametrize("command", [["matrix"], ["graph"]])
def test_missing_extra_is_exit_2_with_the_install_command(
    tmp_path, blocked, lang, expected, command
):
    target = tmp_path / "picture.png"
    probe = (
        f"import sys; sys.modules[{blocked!r}] = None; from seta_align.cli import main; "
        f"sys.argv = ['seta-align', *{command!r}, '-o', {str(target)!r}, '--lang', {lang!r}]; "
        "main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2, result.stderr
    assert expected in result.stderr
    assert INSTALL_HINT in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists()


def test_startup_does_not_import_matplotlib():
    probe = "import sys; from seta_align.cli import app; print('matplotlib' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "False", result.stderr


def test_pictures_of_huge_drafts_are_refused_with_a_better_form(tmp_path):
    import pytest

    pytest.importorskip("matplotlib")
    lines = []
    for number in range(1, 1052):
        lines.append(
            f"- id: BIG-{number:04d}\n  title: 施策{number}\n  owner: 部{number % 7}\n"
            "  field: ECON\n  supports: [PP-6.5, SDG-8.3]\n"
        )
    (tmp_path / "big.yaml").write_text("".join(lines), encoding="utf-8")
    from conftest import DRAFTS

    config = DRAFTS / "seta-align.yaml"
    matrix = run_cli(
        "matrix", tmp_path, "-c", config, "-o", tmp_path / "m.png", env={"SETA_ALIGN_LANG": "en"}
    )
    assert matrix.exit_code == 2
    assert "Too many rows for a picture (1,051" in matrix.output
    assert not (tmp_path / "m.png").exists()
    by_owner = run_cli(
        "matrix", tmp_path, "-c", config, "--rows", "owner", "-o", tmp_path / "owners.png"
    )
    assert by_owner.exit_code == 0
    graph = run_cli(
        "graph", tmp_path, "-c", config, "-o", tmp_path / "g.png", env={"SETA_ALIGN_LANG": "en"}
    )
    assert graph.exit_code == 2
    assert "Too many nodes for a picture" in graph.output
