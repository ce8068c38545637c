"""What a change to a draft did: measures, coverage and findings, old against new."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from ..engine import CheckResult
from ..findings import Finding, Severity
from .references import fold

# Findings are matched across the two drafts by what they say, not by where: lines move when a
# file is edited, and the two drafts may live in different folders.
_FILE_REFERENCE = re.compile(r"\S+\.ya?ml(:\d+)?")


@dataclass(slots=True)
class LevelChange:
    key: str
    title: str
    title_en: str | None
    old_covered: int
    old_counted: int
    old_percent: float
    new_covered: int
    new_counted: int
    new_percent: float

    @property
    def delta(self) -> float:
        return self.new_percent - self.old_percent


@dataclass(slots=True)
class DraftDiff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    # measure id -> the names of the fields that changed
    changed: dict[str, list[str]] = field(default_factory=dict)
    levels: list[LevelChange] = field(default_factory=list)
    gained: list[str] = field(default_factory=list)  # nodes served now, not before
    lost: list[str] = field(default_factory=list)  # nodes served before, not now
    introduced: list[Finding] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)

    @property
    def coverage_dropped(self) -> bool:
        return bool(self.lost) or any(level.delta < -1e-9 for level in self.levels)

    @property
    def new_errors(self) -> list[Finding]:
        return [f for f in self.introduced if f.severity == Severity.ERROR]

    @property
    def regression(self) -> bool:
        return self.coverage_dropped or bool(self.new_errors)


def finding_key(finding: Finding) -> tuple[str, str, str, str]:
    return (
        finding.code,
        finding.measure or "",
        finding.node or "",
        _FILE_REFERENCE.sub("<file>", finding.message.en),
    )


def diff_results(old: CheckResult, new: CheckResult) -> DraftDiff:
    result = DraftDiff()
    # Ids are case-insensitive (analysis/references.py): econ-01 renamed ECON-01 is the same
    # measure, changed in its id.
    old_measures = {fold(key): loaded for key, loaded in old.context.measures.items()}
    new_measures = {fold(key): loaded for key, loaded in new.context.measures.items()}
    result.added = sorted(new_measures[k].measure.id for k in set(new_measures) - set(old_measures))
    result.removed = sorted(
        old_measures[k].measure.id for k in set(old_measures) - set(new_measures)
    )
    for key in sorted(set(old_measures) & set(new_measures)):
        before = asdict(old_measures[key].measure)
        after = asdict(new_measures[key].measure)
        fields = [name for name in after if before.get(name) != after.get(name)]
        if fields:
            result.changed[new_measures[key].measure.id] = fields

    old_levels = old.context.coverage.levels
    for key, stats in new.context.coverage.levels.items():
        before = old_levels.get(key)
        level = stats.level
        result.levels.append(
            LevelChange(
                key=key,
                title=level.title,
                title_en=level.title_en,
                old_covered=before.covered if before else 0,
                old_counted=(before.total - before.waived) if before else 0,
                old_percent=before.percent if before else 0.0,
                new_covered=stats.covered,
                new_counted=stats.total - stats.waived,
                new_percent=stats.percent,
            )
        )
    old_coverage = old.context.coverage
    new_coverage = new.context.coverage
    for node_id in new.context.framework.nodes:
        was = old_coverage.is_covered(node_id)
        now = new_coverage.is_covered(node_id)
        if now and not was:
            result.gained.append(node_id)
        elif was and not now:
            result.lost.append(node_id)

    old_keys = {finding_key(f) for f in old.findings}
    new_keys = {finding_key(f) for f in new.findings}
    result.introduced = [f for f in new.findings if finding_key(f) not in old_keys]
    result.fixed = [f for f in old.findings if finding_key(f) not in new_keys]
    return result
