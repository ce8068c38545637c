"""How the results moved between two years (``seta-align diff --years A..B``) as a view: the
measures whose status changed, those that fell behind first, with their mean achievement in
both years; the KPIs whose status changed; and the count."""

from __future__ import annotations

from ..i18n import Text
from ..printable import visible
from .model import (
    DIM,
    NEGATIVE,
    POSITIVE,
    Audience,
    Cell,
    Column,
    Paragraph,
    Role,
    Table,
    View,
    scope,
)
from .progress import status_cell
from .progress_common import CHANGE_ORDER, change_cell, percent, rate_title
from .progress_common import T as WORDS

T = {
    "title": Text("実績の比較 {before} → {after} 年度", "Results FY{before} → FY{after}"),
    "regression": Text(
        "遅れに転じた施策・指標、または遅れから未報告になった施策・指標があります。",
        "Measures or KPIs fell behind, or went from behind to not reported.",
    ),
    "fine": Text("遅れに転じた施策・指標はありません。", "No measure or KPI fell behind."),
    "measures": Text("施策", "Measures"),
    "kpis": Text("指標", "KPIs"),
    "change": Text("変化", "Change"),
    "none": Text("状況が変わった施策はありません。", "No measure changed its status."),
    "summary": Text(
        "遅れに転じた施策 {fell}、回復した施策 {recovered}（状況が変わった指標 {kpis}）",
        "Measures that fell behind: {fell}; recovered: {recovered} (KPIs whose status changed: "
        "{kpis})",
    ),
}


def _changes_table(changes, title: str, key: str, lang: str, *, with_rate: bool) -> Table:
    """Measures or KPIs, each with its grade in both years (the years in the headings) and the
    change; for measures, the mean of their KPIs' capped rates in both years: 「21% → 27%」
    for a reader, a figure a year for a spreadsheet."""
    before = WORDS["in_year"].format(year=changes.before)(lang)
    after = WORDS["in_year"].format(year=changes.after)(lang)
    columns = [
        Column(title, Role.LABEL, weight=3, narrowest=18),
        Column(before, Role.STATUS),
        Column(after, Role.STATUS),
        Column(T["change"](lang), Role.STATUS),
    ]
    if with_rate:
        rate = rate_title(changes.scheme, "mean", lang)
        columns += [
            Column(rate, Role.NUMBER, priority=1, audience=Audience.READING),
            Column(f"{rate} {before}", Role.PERCENT, audience=Audience.DATA),
            Column(f"{rate} {after}", Role.PERCENT, audience=Audience.DATA),
        ]
    return Table(title, columns, key=key)


def _statuses(change, lang: str) -> list:
    scheme = change.scheme
    return [
        status_cell(scheme, change.before, lang),
        status_cell(scheme, change.after, lang),
        change_cell(change.kind, lang),
    ]


def build(context, changes, lang: str) -> View:
    title = T["title"].format(before=changes.before, after=changes.after)(lang)
    view = View(title, status=NEGATIVE if changes.regression else POSITIVE, main="measures")
    view.blocks += scope(context, lang)
    view.blocks.append(
        Paragraph((T["regression"] if changes.regression else T["fine"])(lang), view.status)
    )
    table = _changes_table(changes, T["measures"](lang), "measures", lang, with_rate=True)
    table.empty = T["none"](lang)
    for change in changed_measures(changes):
        measure = context.measures[change.measure].measure
        table.add(
            f"{change.measure} {visible(measure.title)}",
            *_statuses(change, lang),
            f"{percent(change.before_rate)} → {percent(change.after_rate)}",
            Cell(percent(change.before_rate), change.before_rate),
            Cell(percent(change.after_rate), change.after_rate),
        )
    view.blocks.append(table)
    kpis = changed_kpis(changes)
    if kpis:
        table = _changes_table(changes, T["kpis"](lang), "kpis", lang, with_rate=False)
        for change in kpis:
            table.add(visible(change.item.label), *_statuses(change, lang))
        view.blocks.append(table)
    summary = T["summary"].format(
        fell=len(changes.fell_behind), recovered=len(changes.recovered), kpis=len(kpis)
    )(lang)
    view.blocks.append(Paragraph(summary, NEGATIVE if changes.regression else None))
    view.blocks.append(Paragraph(" ".join(changes.scheme.describe(lang)), DIM))
    return view


def changed_measures(changes):
    found = [m for m in changes.measures if m.kind != "unchanged"]
    return sorted(found, key=lambda m: (CHANGE_ORDER.index(m.kind), m.measure))


def changed_kpis(changes):
    found = [c for c in changes.kpis if c.kind != "unchanged"]
    return sorted(found, key=lambda c: (CHANGE_ORDER.index(c.kind), c.item.label))
