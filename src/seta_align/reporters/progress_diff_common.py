"""What the formats of ``seta-align diff --years`` share: labels and the order of changes."""

from __future__ import annotations

from ..i18n import Text
from .progress_common import CHANGE_LABELS, CHANGE_ORDER, status_label

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

__all__ = ["CHANGE_LABELS", "CHANGE_ORDER", "T", "changed_kpis", "changed_measures", "status_label"]


def changed_measures(changes):
    found = [m for m in changes.measures if m.kind != "unchanged"]
    return sorted(found, key=lambda m: (CHANGE_ORDER.index(m.kind), m.measure))


def changed_kpis(changes):
    found = [c for c in changes.kpis if c.kind != "unchanged"]
    return sorted(found, key=lambda c: (CHANGE_ORDER.index(c.kind), c.item.label))
