"""``seta-align progress``: outcome management as tables — which priority policy and which goal
is behind, which KPIs are behind or not reported, and how each KPI moved over the years."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text as RichText

from ..i18n import Text
from ..printable import visible
from .progress_common import T, kpi_summary, node_rows
from .wrapping import Line, Wrapped


def _t(key: str, lang: str) -> str:
    return T[key](lang)


def render(console: Console, view) -> None:
    from .scope import checked_line

    lang = view.lang
    analysis = view.analysis
    context = view.context
    # Header lines wrap as Japanese text does, and a file name stays whole for copying.
    for line in checked_line(context, lang).split("\n"):
        console.print(Wrapped(Line(line, "dim")))
    results = context.results
    files = ", ".join(visible(f) for f in results.files[:3]) if results else "–"
    if results and len(results.files) > 3:
        files += f" (+{len(results.files) - 3})"
    years = ", ".join(str(y) for y in analysis.years) or "–"
    # The files, then the years on a line of their own: the years are what is looked for.
    console.print(Wrapped(Line(Text(f"実績: {files}", f"Results: {files}")(lang), "dim")))
    console.print(Wrapped(Line(f"{_t('years', lang)}: {years}", "dim")))
    if not analysis.has_results:
        console.print(RichText(_t("no_results", lang), style="yellow"))
        return
    console.print(
        RichText(f"{_t('evaluated', lang)}: FY{analysis.year}", style="bold"),
    )
    from ..renderers.terminal import render_table
    from ..views import progress as tables

    if view.by == "node":
        for key, _ids in node_rows(view):
            render_table(console, tables.rollup(view, key), lang)
        shown = [tables.indicators(view)]
    elif view.by == "measure":
        shown = [tables.by_measure(view)]
    else:
        shown = [tables.rollup(view, view.by)]
    shown.append(tables.attention(view))
    if view.changes is not None:
        shown.append(tables.changes(view))
    for table in shown:
        if table is not None:
            render_table(console, table, lang)
    _summary(console, view)


def _summary(console: Console, view) -> None:
    console.print(Wrapped(Line(kpi_summary(view), "bold")))
