"""``seta-align diff --years A..B --format markdown``: the year's changes as a comment."""

from __future__ import annotations

from ..exporters.matrix_markdown import cell
from .progress_common import percent
from .progress_diff_common import CHANGE_LABELS, T, changed_kpis, changed_measures, status_label


def render(context, changes, lang: str, exit_code: int) -> str:
    mark = "❌" if changes.regression else "✅"
    title = T["title"].format(before=changes.before, after=changes.after)(lang)
    lines = [f"## {mark} {title}", "", (T["regression"] if changes.regression else T["fine"])(lang), ""]
    measures = changed_measures(changes)
    if measures:
        lines += [
            f"### {T['measures'](lang)}",
            "",
            f"| {T['measures'](lang)} | {T['before'](lang)} | {T['after'](lang)} | "
            f"{T['change'](lang)} | {T['rate'](lang)} |",
            "| --- | --- | --- | --- | --- |",
        ]
        for m in measures:
            title_text = context.measures[m.measure].measure.title
            lines.append(
                f"| {cell(m.measure + ' ' + title_text)} | {status_label(m.before, lang)} | "
                f"{status_label(m.after, lang)} | {CHANGE_LABELS[m.kind](lang)} | "
                f"{percent(m.before_achievement)} → {percent(m.after_achievement)} |"
            )
        lines.append("")
    kpis = changed_kpis(changes)
    if kpis:
        lines += [
            f"### {T['kpis'](lang)}",
            "",
            f"| {T['kpis'](lang)} | {T['before'](lang)} | {T['after'](lang)} | {T['change'](lang)} |",
            "| --- | --- | --- | --- |",
        ]
        for c in kpis:
            lines.append(
                f"| {cell(c.item.label)} | {status_label(c.before, lang)} | "
                f"{status_label(c.after, lang)} | {CHANGE_LABELS[c.kind](lang)} |"
            )
        lines.append("")
    return "\n".join(lines)
