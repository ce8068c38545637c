"""What the views for people (rich tables, ``--format text``) share: the order of findings, the
uncovered nodes grouped per level, and the closing verdict line.

A first check of a new draft reports every framework node no measure serves yet: dozens of
SA201 lines that bury the few findings about the user's own files. In the views for people the
user's own findings come first, and the uncovered nodes follow as one line per level listing
their ids (every node is in ``--show coverage``, and one line each with ``-v``). Machine formats
(JSON, SARIF, JUnit, GitHub, Markdown) keep one finding per node.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..engine import CheckResult
from ..findings import Finding, Severity
from ..i18n import Lang, Text

UNCOVERED = "SA201"


@dataclass(slots=True)
class UncoveredLevel:
    """The SA201 findings of one framework level, as one line."""

    key: str  # FRAMEWORK.level
    title: Text
    file: str
    severity: Severity
    ids: list[str] = field(default_factory=list)

    def message(self, lang: Lang, limit: int | None = None) -> str:
        shown = self.ids if limit is None else self.ids[:limit]
        listed = ", ".join(shown)
        if len(shown) < len(self.ids):
            rest = len(self.ids) - len(shown)
            listed += f" … ほか {rest} 件" if lang == "ja" else f" … and {rest} more"
        words = Text(
            f"どの施策も貢献していない{self.title.ja}（{self.key}）{len(self.ids)} 件: {listed}",
            f"{self.title.en} ({self.key}), {_count(len(self.ids), 'node')} no measure serves: "
            f"{listed}",
        )
        return words(lang)


def ordered(findings: list[Finding], result: CheckResult | None) -> list[Finding]:
    """The findings about the user's own files first, then those about the config, then those
    about the framework; each part in the order given (errors first)."""
    if result is None:
        return list(findings)
    own = set(result.context.draft.files)
    # A finding about a node names that node's own file: each module of the framework.
    framework = {module.name for module in result.context.framework.modules}

    def rank(finding: Finding) -> int:
        file = finding.location.file if finding.location else ""
        if file in own:
            return 0
        return 2 if file in framework else 1

    return sorted(findings, key=rank)  # stable: the order within each part is kept


def group_uncovered(
    findings: list[Finding], result: CheckResult | None
) -> tuple[list[Finding], list[UncoveredLevel]]:
    """The findings other than SA201, and the SA201 findings as one entry per level."""
    if result is None:
        return list(findings), []
    framework = result.context.framework
    others: list[Finding] = []
    levels: dict[str, UncoveredLevel] = {}
    for finding in findings:
        node = framework.nodes.get(finding.node or "") if finding.code == UNCOVERED else None
        if node is None:
            others.append(finding)
            continue
        key = f"{node.framework}.{node.level}"
        entry = levels.get(key)
        if entry is None:
            stats = result.context.coverage.levels.get(key)
            level = stats.level if stats is not None else None
            title = (
                Text(level.title, level.title_en or level.title)
                if level is not None
                else Text(key, key)
            )
            file = finding.location.file if finding.location else framework.display_name
            entry = levels[key] = UncoveredLevel(key, title, file, finding.severity)
        entry.ids.append(node.id)
    order = {key: index for index, key in enumerate(result.context.coverage.levels)}
    return others, sorted(levels.values(), key=lambda level: order.get(level.key, len(order)))


def verdict(
    result: CheckResult | None, findings: list[Finding], lang: Lang, exit_code: int
) -> str:
    """The one-line verdict that ends both views for people."""
    from .scope import measures_phrase

    if result is not None:
        measures = result.context.measure_count
        partly = result.context.partly_unread
        files = len(result.context.draft.files)
    else:
        measures = partly = files = 0
    counts = {s: sum(1 for f in findings if f.severity == s) for s in Severity}
    counted = (
        measures_phrase(result.context)
        if partly
        else Text(f"{measures} 件", _count(measures, "measure"))
    )
    closing = Text(
        f"施策 {counted.ja}（{files} ファイル）: エラー {counts[Severity.ERROR]}、"
        f"警告 {counts[Severity.WARNING]}、情報 {counts[Severity.INFO]}（終了コード {exit_code}）",
        f"{counted.en} in {_count(files, 'file')}: "
        f"{_count(counts[Severity.ERROR], 'error')}, {_count(counts[Severity.WARNING], 'warning')}, "
        f"{counts[Severity.INFO]} info (exit code {exit_code})",
    )
    return closing(lang)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")
