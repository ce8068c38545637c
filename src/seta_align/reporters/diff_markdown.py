"""``seta-align diff --format markdown``: what a pull request does to the draft, as a comment."""

from __future__ import annotations

from ..analysis.diff import DraftDiff
from ..findings import Severity
from ..i18n import Lang, Text
from .markdown_report import cell

_ICON = {Severity.ERROR: "🔴", Severity.WARNING: "🟡", Severity.INFO: "🔵"}

T = {
    "title": Text("seta-align 差分", "seta-align diff"),
    "regression": Text(
        "網羅率の低下または新しいエラーがあります。", "Coverage dropped or new errors appeared."
    ),
    "fine": Text("網羅率の低下も新しいエラーもありません。", "No coverage lost, no new errors."),
    "measures": Text("施策", "Measures"),
    "added": Text("追加", "added"),
    "removed": Text("削除", "removed"),
    "changed": Text("変更", "changed"),
    "coverage": Text("網羅率", "Coverage"),
    "level": Text("階層", "Level"),
    "before": Text("変更前", "Before"),
    "after": Text("変更後", "After"),
    "gained": Text("新たに網羅", "Newly served"),
    "lost": Text("網羅されなくなった", "No longer served"),
    "introduced": Text("新しい指摘", "New findings"),
    "fixed": Text("解消した指摘", "Fixed findings"),
}


def render(diff: DraftDiff, lang: Lang, exit_code: int) -> str:
    status = "❌" if diff.regression else "✅"
    lines = [
        f"## {status} {T['title'](lang)}",
        "",
        (T["regression"] if diff.regression else T["fine"])(lang),
        "",
    ]
    lines.append(
        f"**{T['measures'](lang)}**: +{len(diff.added)} {T['added'](lang)}, "
        f"−{len(diff.removed)} {T['removed'](lang)}, ~{len(diff.changed)} {T['changed'](lang)}"
    )
    for label, ids in (("added", diff.added), ("removed", diff.removed)):
        if ids:
            lines.append(f"- {T[label](lang)}: " + ", ".join(f"`{i}`" for i in ids))
    for measure_id, fields in diff.changed.items():
        lines.append(f"- {T['changed'](lang)}: `{measure_id}` ({', '.join(fields)})")
    moved = [
        level
        for level in diff.levels
        if abs(level.delta) > 1e-9 or level.old_covered != level.new_covered
    ]
    if moved:
        lines += [
            "",
            f"**{T['coverage'](lang)}**",
            "",
            f"| {T['level'](lang)} | {T['before'](lang)} | {T['after'](lang)} | Δ |",
            "| --- | ---: | ---: | ---: |",
        ]
        for level in moved:
            lines.append(
                f"| `{level.key}` | {level.old_covered}/{level.old_counted} "
                f"({level.old_percent:.1f}%) | {level.new_covered}/{level.new_counted} "
                f"({level.new_percent:.1f}%) | {level.delta:+.1f} |"
            )
    for label, ids in (("gained", diff.gained), ("lost", diff.lost)):
        if ids:
            lines += ["", f"**{T[label](lang)}**: " + ", ".join(f"`{i}`" for i in ids)]
    for label, findings in (("introduced", diff.introduced), ("fixed", diff.fixed)):
        if findings:
            lines += ["", f"**{T[label](lang)}** ({len(findings)})", ""]
            for finding in findings[:100]:
                location = finding.location
                where = ""
                if location is not None:
                    shown = f"{location.file}:{location.line}" if location.line else location.file
                    where = f"`{cell(shown)}` "
                lines.append(
                    f"- {_ICON[finding.severity]} {finding.code} {where}"
                    f"{cell(finding.message(lang))}"
                )
    return "\n".join(lines) + "\n"
