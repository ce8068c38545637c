"""``seta-align diff --years A..B``: which measures fell behind and which recovered, as tables."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text as RichText

from ..printable import visible
from .progress_common import percent
from .progress_diff_common import CHANGE_LABELS, T, changed_kpis, changed_measures, status_label
from .wrapping import Line, Wrapped

_STYLE = {"fell_behind": "bold red", "worsened": "red", "recovered": "green", "improved": "green"}


def render(console: Console, context, changes, lang: str) -> None:
    from .scope import checked_line

    console.print(RichText(checked_line(context, lang), style="dim"), soft_wrap=True)
    title = T["title"].format(before=changes.before, after=changes.after)(lang)
    measures = Table(title=RichText(f"{title}: {T['measures'](lang)}", style="bold"),
                     title_justify="left", box=box.SIMPLE_HEAD)
    for key in ("measures", "before", "after", "change", "rate"):
        measures.add_column(T[key](lang), ratio=2 if key == "measures" else None)
    shown = changed_measures(changes)
    for change in shown:
        measure = context.measures[change.measure].measure
        rate = f"{percent(change.before_achievement)} → {percent(change.after_achievement)}"
        measures.add_row(
            Wrapped(Line(f"{change.measure} {visible(measure.title)}")),
            status_label(change.before, lang),
            status_label(change.after, lang),
            RichText(CHANGE_LABELS[change.kind](lang), style=_STYLE.get(change.kind, "")),
            rate,
        )
    if shown:
        console.print(measures)
    else:
        console.print(RichText(T["none"](lang)))
    kpis = Table(title=RichText(f"{title}: {T['kpis'](lang)}", style="bold"),
                 title_justify="left", box=box.SIMPLE_HEAD)
    for key in ("kpis", "before", "after", "change"):
        kpis.add_column(T[key](lang), ratio=2 if key == "kpis" else None)
    for change in changed_kpis(changes):
        kpis.add_row(
            Wrapped(Line(visible(change.item.label))),
            status_label(change.before, lang),
            status_label(change.after, lang),
            RichText(CHANGE_LABELS[change.kind](lang), style=_STYLE.get(change.kind, "")),
        )
    if kpis.row_count:
        console.print(kpis)
    summary = T["summary"].format(
        fell=len(changes.fell_behind),
        recovered=len(changes.recovered),
        kpis=len(changed_kpis(changes)),
    )(lang)
    console.print(Wrapped(Line(summary, "bold red" if changes.regression else "bold")))
