"""What a change does to the draft (``seta-align diff``) as a view: the measures added, removed
and changed, the coverage of every level that moved, the nodes newly served or no longer
served, and the findings introduced and fixed."""

from __future__ import annotations

from ..analysis.diff import DraftDiff
from ..i18n import Text
from ..printable import visible
from .model import (
    DIM,
    NEGATIVE,
    POSITIVE,
    Audience,
    Cell,
    Column,
    Facts,
    Paragraph,
    Role,
    Table,
    View,
    signed_cell,
)

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
    "all_findings": Text(
        "全件: --format json / markdown / xlsx", "all of them: --format json, markdown or xlsx"
    ),
    "drafts": Text("{where}（施策 {count:,} 件）", "{where} ({count:,} measures)"),
    "covered": Text("網羅", "covered"),
    "counted": Text("対象", "counted"),
    "percent": Text("網羅率", "coverage"),
    "delta": Text("Δ（ポイント）", "Δ (points)"),
}
FINDINGS_SHOWN = 100


def build(diff: DraftDiff, lang: str, compared: list[tuple[str, int]]) -> View:
    """``compared``: the draft before and the draft after, each as where it was read (a
    folder, or a git revision and its folders) and its number of measures."""
    view = View(T["title"](lang), status=NEGATIVE if diff.regression else POSITIVE, main="measures")
    view.blocks.append(
        Facts(
            [
                (T[side](lang), Cell(T["drafts"].format(where=where, count=count)(lang)))
                for side, (where, count) in zip(("before", "after"), compared, strict=True)
            ],
            DIM,
        )
    )
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
        key="measures",
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
        # A reader sees 「2/2 (100.0%)」 in one cell; a spreadsheet gets each figure in a column.
        before, after = T["before"](lang), T["after"](lang)
        levels = Table(
            T["coverage"](lang),
            [
                Column(T["level"](lang), Role.ID),
                Column(before, Role.NUMBER, audience=Audience.READING),
                Column(after, Role.NUMBER, audience=Audience.READING),
                Column(f"{before} {T['covered'](lang)}", Role.NUMBER, audience=Audience.DATA),
                Column(f"{before} {T['counted'](lang)}", Role.NUMBER, audience=Audience.DATA),
                Column(f"{before} {T['percent'](lang)}", Role.PERCENT, audience=Audience.DATA),
                Column(f"{after} {T['covered'](lang)}", Role.NUMBER, audience=Audience.DATA),
                Column(f"{after} {T['counted'](lang)}", Role.NUMBER, audience=Audience.DATA),
                Column(f"{after} {T['percent'](lang)}", Role.PERCENT, audience=Audience.DATA),
                Column(T["delta"](lang), Role.SIGNED, decimals=1),
            ],
            key="levels",
        )
        for level in moved:
            levels.add(
                level.key,
                f"{level.old_covered}/{level.old_counted} ({level.old_percent:.1f}%)",
                f"{level.new_covered}/{level.new_counted} ({level.new_percent:.1f}%)",
                Cell.of(level.old_covered),
                Cell.of(level.old_counted),
                Cell(f"{level.old_percent:.1f}%", level.old_percent / 100),
                Cell.of(level.new_covered),
                Cell.of(level.new_counted),
                Cell(f"{level.new_percent:.1f}%", level.new_percent / 100),
                signed_cell(round(level.delta, 1), 1),
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
            key=key,
            # A screen shows the first hundred; a file, every one.
            limit=FINDINGS_SHOWN,
            more=T["all_findings"](lang),
        )
        for finding in findings:
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
