"""What a change does to the draft (``seta-align diff``) as a view: the measures added, removed
and changed, the coverage of every level that moved, the nodes newly served or no longer
served, and the findings introduced and fixed."""

from __future__ import annotations

from ..analysis.diff import DraftDiff
from ..i18n import Text
from ..printable import visible
from .model import NEGATIVE, POSITIVE, Cell, Column, Paragraph, Role, Table, View

T = {
    "title": Text("seta-align 差分", "seta-align diff"),
    "regression": Text(
        "網羅率の低下または新しいエラーがあります。", "Coverage dropped or new errors appeared."
    ),
    "fine": Text("網羅率の低下も新しいエラーもありません。", "No coverage lost, no new errors."),
    "measures": Text("施策", "Measures"),
    "change": Text("変化", "Change"),
    "count": Text("件数", "Count"),
    "ids": Text("ID", "Ids"),
    "added": Text("追加", "added"),
    "removed": Text("削除", "removed"),
    "changed": Text("変更", "changed"),
    "coverage": Text("網羅率（変化した階層）", "Coverage (the levels that moved)"),
    "level": Text("階層", "Level"),
    "before": Text("変更前", "Before"),
    "after": Text("変更後", "After"),
    "gained": Text("新たに網羅", "Newly served"),
    "lost": Text("網羅されなくなった", "No longer served"),
    "introduced": Text("新しい指摘", "New findings"),
    "fixed": Text("解消した指摘", "Fixed findings"),
    "severity": Text("重要度", "Severity"),
    "where": Text("場所", "Where"),
    "message": Text("内容", "Message"),
    "all_findings": Text("全件: --format json", "all of them: --format json"),
}
FINDINGS_SHOWN = 100


def build(diff: DraftDiff, lang: str) -> View:
    view = View(T["title"](lang), status=NEGATIVE if diff.regression else POSITIVE)
    view.blocks.append(
        Paragraph((T["regression"] if diff.regression else T["fine"])(lang), view.status)
    )
    measures = Table(
        T["measures"](lang),
        [
            Column(T["change"](lang), Role.STATUS),
            Column(T["count"](lang), Role.NUMBER),
            Column(T["ids"](lang), Role.NOTE, weight=4),
        ],
    )
    changed = [f"{m} ({', '.join(fields)})" for m, fields in diff.changed.items()]
    for key, ids, meaning in (
        ("added", diff.added, POSITIVE),
        ("removed", diff.removed, NEGATIVE),
        ("changed", changed, None),
    ):
        measures.add(
            Cell(T[key](lang), key, meaning), Cell(str(len(ids)), len(ids)), ", ".join(ids) or "–"
        )
    view.blocks.append(measures)
    moved = [
        level
        for level in diff.levels
        if abs(level.delta) > 1e-9 or level.old_covered != level.new_covered
    ]
    if moved:
        levels = Table(
            T["coverage"](lang),
            [
                Column(T["level"](lang), Role.ID),
                Column(T["before"](lang), Role.NUMBER),
                Column(T["after"](lang), Role.NUMBER),
                Column("Δ", Role.NUMBER),
            ],
        )
        for level in moved:
            sign = NEGATIVE if level.delta < -1e-9 else (POSITIVE if level.delta > 1e-9 else None)
            levels.add(
                level.key,
                f"{level.old_covered}/{level.old_counted} ({level.old_percent:.1f}%)",
                f"{level.new_covered}/{level.new_counted} ({level.new_percent:.1f}%)",
                Cell(f"{level.delta:+.1f}", level.delta, sign),
            )
        view.blocks.append(levels)
    for key, ids, meaning in (("gained", diff.gained, POSITIVE), ("lost", diff.lost, NEGATIVE)):
        if ids:
            view.blocks.append(Paragraph(meaning=meaning, lead=T[key](lang), items=list(ids)))
    for key, findings in (("introduced", diff.introduced), ("fixed", diff.fixed)):
        if not findings:
            continue
        table = Table(
            f"{T[key](lang)} ({len(findings)})",
            [
                Column(T["severity"](lang), Role.STATUS),
                Column(T["where"](lang), Role.ID, priority=1),
                Column(T["message"](lang), Role.NOTE, weight=4),
            ],
            shown_of=len(findings),
            more=T["all_findings"](lang),
        )
        for finding in findings[:FINDINGS_SHOWN]:
            location = finding.location
            where = ""
            if location is not None:
                where = f"{location.file}:{location.line}" if location.line else location.file
            table.add(
                Cell(
                    f"{finding.severity.label(lang)} {finding.code}",
                    finding.code,
                    finding.severity.value,
                ),
                visible(where),
                visible(finding.message(lang)),
            )
        view.blocks.append(table)
    return view
