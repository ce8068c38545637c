"""The report's sections are made in the order that holds least, and put out in the page's.

A section is made from an analysis that may be large (the progress analysis the rules made is
about 230 MB at 100,000 measures): 進捗 is made first and its analysis let go, before the
impacts are analysed, so the two are never held together. The page must not depend on this
order: it is the same as a page whose sections are made as they appear.
"""

from __future__ import annotations

import re

from seta_align.reporters.deferred import Layout
from seta_align.reporters.page import (
    MADE,
    SECTIONS,
    _impacts,
    _network,
    _Page,
    _progress,
    render,
)
from seta_align.runner import prepare

from conftest import FIXTURES


def _checked(fixture: str):
    return prepare([FIXTURES / fixture / "measures"]).result


def _main(page: str) -> str:
    return page.split("<main>\n", 1)[1].split("</main>\n", 1)[0]


def test_the_progress_analysis_is_let_go_before_the_impacts_are_made():
    """On the progress fixture (results for FY2026 and FY2027): the rules made the analysis;
    once the 進捗 section is made it is no longer held, and the section shows its KPIs."""
    result = _checked("progress")
    context = result.context
    assert "progress" in context.cache  # the SA70x rules made and shared it
    page = _Page(result, result.findings, "ja")
    made = []
    for section in MADE:
        if section is _impacts:
            assert "progress" not in context.cache
        made.append("\n".join(section(page)))
    assert MADE.index(_progress) < MADE.index(_impacts)
    progress = made[MADE.index(_progress)]
    assert '<section id="progress">' in progress
    assert "創業件数" in progress and "緑化助成件数" in progress  # the fixture's KPIs


def test_the_graph_is_freed_before_the_impacts_are_made_and_made_again_for_the_network():
    """On the impacts fixture: the graph the rules built is emptied (its memory freed then, not
    at a full collection) before the impacts view is made, and the network, made after, draws
    every measure from a graph made again; once it is drawn, no graph is held."""
    result = _checked("impacts")
    context = result.context
    built = context.graph  # the rules built it
    assert built.number_of_nodes() > 0
    page = _Page(result, result.findings, "ja")
    made = {}
    for section in MADE:
        made[section] = "\n".join(section(page))
        if section is _impacts:
            assert built.number_of_nodes() == 0 and context._graph is None
    assert MADE.index(_impacts) < MADE.index(_network)
    assert context._graph is None
    drawn = set(re.findall(r'data-from="([^"]+)"', made[_network]))
    assert drawn == set(context.measures) == {"ECON-01", "ENV-01", "URBAN-01"}
    # what was worked out on the graph is kept: the summary's coverage came from it
    assert context.coverage.levels


def test_the_page_is_the_same_as_one_made_in_the_pages_order():
    for fixture in ("progress", "report", "impacts"):
        result = _checked(fixture)
        made = "".join(render(result, result.findings, "ja"))

        again = _checked(fixture)
        page = _Page(again, again.findings, "ja")
        in_order = Layout(((i, section(page)) for i, section in enumerate(SECTIONS)), "ja")
        expected = "".join(line + "\n" for lines in in_order for line in lines)
        assert _main(made) == expected, fixture
