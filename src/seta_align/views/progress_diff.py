"""How the results moved between two years (``seta-align diff --years A..B``) as a view: the
measures whose status changed, those that fell behind first, with their mean achievement in
both years; the KPIs whose status changed; and the count."""

from __future__ import annotations

from ..i18n import Text
from ..printable import visible
from ..reporters.progress_common import CHANGE_LABELS, CHANGE_ORDER, percent, status_label
from .model import NEGATIVE, POSITIVE, Audience, Cell, Column, Paragraph, Role, Table, View, scope

T = {
    "title": Text("実績の比較 {before} → {after} 年度", "Results FY{before} → FY{after}"),
    "regression": Text("遅れに転じた施策・指標があります。", "Measures or KPIs fell behind."),
    "fine": Text("遅れに転じた施策・指標はありません。", "No measure or KPI fell behind."),
    "measures": Text("施策", "Measures"),
    "kpis": Text("指標", "KPIs"),
    "before": Text("前", "Before"),
    "after": Text("後", "After"),
    "change": Text("変化", "Change"),
    "rate": Text("平均達成率", "Mean achievement"),
    "none": Text("状況が変わった施策はありません。", "No measure changed its status."),
    "summary": Text(
        "遅れに転じた施策 {fell}、回復した施策 {recovered}（状況が変わった指標 {kpis}）",
        "Measures that fell behind: {fell}; recovered: {recovered} (KPIs whose status changed: "
        "{kpis})",
    ),
}

# How a change reads: falling behind and getting worse in red, the others as they are.
MEANINGS = {"fell_behind": NEGATIVE, "worsened": NEGATIVE, "recovered": POSITIVE, "improved": POSITIVE}


def _change(kind: str, lang: str) -> Cell:
    return Cell(CHANGE_LABELS[kind](lang), kind, MEANINGS.get(kind))


def _changes_table(title: str, key: str, lang: str, *, with_rate: bool) -> Table:
    """Measures or KPIs, each with its status in both years and the change (and, for
    measures, the mean achievement in both years: 「21% → 27%」 for a reader, a figure a
    year for a spreadsheet)."""
    columns = [
        Column(title, Role.LABEL, weight=3, narrowest=18),
        Column(T["before"](lang), Role.STATUS),
        Column(T["after"](lang), Role.STATUS),
        Column(T["change"](lang), Role.STATUS),
    ]
    if with_rate:
        rate = T["rate"](lang)
        columns += [
            Column(rate, Role.NUMBER, priority=1, audience=Audience.READING),
            Column(f"{rate} {T['before'](lang)}", Role.PERCENT, audience=Audience.DATA),
            Column(f"{rate} {T['after'](lang)}", Role.PERCENT, audience=Audience.DATA),
        ]
    return Table(title, columns, key=key)


def _statuses(change, lang: str) -> list:
    return [status_label(change.before, lang), status_label(change.after, lang), _change(change.kind, lang)]


def build(context, changes, lang: str) -> View:
    title = T["title"].format(before=changes.before, after=changes.after)(lang)
    view = View(title, status=NEGATIVE if changes.regression else POSITIVE, main="measures")
    view.blocks += scope(context, lang)
    view.blocks.append(
        Paragraph((T["regression"] if changes.regression else T["fine"])(lang), view.status)
    )
    table = _changes_table(T["measures"](lang), "measures", lang, with_rate=True)
    table.empty = T["none"](lang)
    for change in changed_measures(changes):
        measure = context.measures[change.measure].measure
        table.add(
            f"{change.measure} {visible(measure.title)}",
            *_statuses(change, lang),
            f"{percent(change.before_achievement)} → {percent(change.after_achievement)}",
            Cell(percent(change.before_achievement), change.before_achievement),
            Cell(percent(change.after_achievement), change.after_achievement),
        )
    view.blocks.append(table)
    kpis = changed_kpis(changes)
    if kpis:
        table = _changes_table(T["kpis"](lang), "kpis", lang, with_rate=False)
        for change in kpis:
            table.add(visible(change.item.label), *_statuses(change, lang))
        view.blocks.append(table)
    summary = T["summary"].format(
        fell=len(changes.fell_behind), recovered=len(changes.recovered), kpis=len(kpis)
    )(lang)
    view.blocks.append(Paragraph(summary, NEGATIVE if changes.regression else None))
    return view


def changed_measures(changes):
    found = [m for m in changes.measures if m.kind != "unchanged"]
    return sorted(found, key=lambda m: (CHANGE_ORDER.index(m.kind), m.measure))


def changed_kpis(changes):
    found = [c for c in changes.kpis if c.kind != "unchanged"]
    return sorted(found, key=lambda c: (CHANGE_ORDER.index(c.kind), c.item.label))
