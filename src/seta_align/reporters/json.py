"""``--format json``: the whole result as one JSON document (see docs/json-output.md).

The document carries ``schema_version``; fields are only added within a version, never renamed or
removed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from .. import __version__
from ..documents import writing as json_text
from ..engine import CheckResult
from ..findings import Finding, Severity
from ..i18n import Lang
from . import scope

SCHEMA_VERSION = 1


def finding_dict(finding: Finding, lang: Lang) -> dict:
    location = finding.location
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "file": location.file if location else None,
        "line": location.line if location else None,
        "column": location.column if location else None,
        "message": finding.message(lang),
        "messages": finding.message.as_dict(),
        "hint": finding.hint(lang) if finding.hint else None,
        "measure": finding.measure,
        "node": finding.node,
        "input_problem": finding.is_input_problem,
    }


def _findings_summary(findings: list[Finding]) -> dict[str, int]:
    return {
        s.value: sum(1 for f in findings if f.severity == s)
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    }


def build_document(
    result: CheckResult | None,
    findings: list[Finding],
    lang: Lang,
    exit_code: int,
) -> dict:
    document: dict = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "seta-align", "version": __version__},
        "lang": lang,
        "exit_code": exit_code,
    }
    if result is None:
        document["summary"] = {"findings": _findings_summary(findings)}
        document["findings"] = [finding_dict(f, lang) for f in findings]
        return document

    context = result.context
    framework = context.framework
    coverage = context.coverage
    links = sum(len(m.measure.supports) for m in context.measures.values())
    document["sample"] = context.settings.sample
    document["framework"] = {
        "file": framework.display_name,
        "name": framework.name,
        # The files read together, in order: bundled modules by name, a city's own by path.
        "modules": [module.name for module in framework.modules],
    }
    document["config"] = context.settings.config_name
    document["plan_period"] = {"start": context.plan_period[0], "end": context.plan_period[1]}
    if context.plan_period_assumed:  # no file gives one: the default, said as such
        document["plan_period"]["assumed"] = True
    document["summary"] = {
        "files": len(context.draft.files),
        "measures": context.measure_count,
        "measures_partly_unreadable": context.partly_unread,
        "read_as_meant": len(result.read_as_meant),
        "links": links,
        "findings": _findings_summary(findings),
    }
    document["coverage"] = {
        "levels": [
            {
                "key": key,
                "framework": stats.level.framework,
                "level": stats.level.id,
                "title": stats.level.title,
                "title_en": stats.level.title_en,
                "covered": stats.covered,
                "total": stats.total,
                "waived": stats.waived,
                "percent": round(stats.percent, 2),
                "minimum": stats.minimum,
            }
            for key, stats in coverage.levels.items()
        ],
        "nodes": [
            {
                "id": node.id,
                "framework": node.framework,
                "level": node.level,
                "parent": node.parent,
                "title": node.title,
                "title_en": node.title_en,
                "fields": list(node.fields),
                "direct": sorted(coverage.direct.get(node.id, [])),
                "measures": len(coverage.covering.get(node.id, ())),
                "covered": coverage.is_covered(node.id),
                "waived": coverage.waived.get(node.id),
            }
            for node in framework.nodes.values()
        ],
    }
    cross = context.cross_field
    document["cross_field"] = {
        "fields": [
            {"id": key, "title": value.title, "title_en": value.title_en}
            for key, value in framework.fields.items()
        ],
        "matrix": [
            {"measure_field": row, "node_field": column, "links": cross.matrix[(row, column)]}
            for row in cross.fields
            for column in cross.fields
            if cross.matrix[(row, column)]
        ],
        "measures": [
            {"id": measure_id, "fields": fields}
            for measure_id, fields in cross.cross_field_measures.items()
        ],
        "nodes": [
            {"id": node_id, "fields": fields, "min_fields": context.settings.cross_field_min_fields}
            for node_id, fields in cross.node_fields.items()
        ],
    }
    # The progress block first: the analysis it is made of is then let go, and the impact
    # analysis made next for its own block reuses that memory (at 100,000 measures the two,
    # held at once, were the peak of a check).
    progress = progress_block(context)
    document["impacts"] = impacts_block(context)
    document["progress"] = progress
    document["skipped_rules"] = result.skipped_rules
    document["left_out"] = scope.left_out(context)
    document["left_out_notes"] = [note(lang) for note in scope.side_files_left_out(context)]
    # The accepted spellings read as meant (SA004): not findings unless the config asks for
    # them, but a CI log or an audit can still see each one here.
    document["read_as_meant"] = [finding_dict(f, lang) for f in result.read_as_meant]
    # Made one at a time as they are written (documents.writing.pieces), never all held.
    document["findings"] = (finding_dict(f, lang) for f in findings)
    return document


def _rows(keys: tuple[str, ...], rows: list[tuple]) -> Iterator[dict]:
    """``rows`` as mappings of ``keys``, made one at a time as they are written. A block's long
    lists (a row per measure, KPI behind or trade-off) are held as tuples until then: as
    mappings, the progress block's were held through the impact analysis made after it, and
    the impact block's beside the analysis they were made of (at 100,000 measures, the peak of
    a check)."""
    return (dict(zip(keys, row, strict=True)) for row in rows)


def impacts_block(context) -> dict | None:
    """The impact pre-assessment in brief (docs/json-output.md, *The impacts block*), or None
    when the draft has no assessment: no measure has ``impacts`` and no interactions file is
    named. ``supports`` alone count +1 each, which is no assessment worth a block, and skipping
    the analysis keeps a large draft without impacts as quick as before. Everything is taken
    from :func:`analysis.impacts.analyse`, run once here (only the JSON format asks for it)."""
    assessed = context.interactions is not None or any(
        loaded.measure.impacts for loaded in context.measures.values()
    )
    if not assessed:
        return None
    from ..analysis.impacts import analyse

    analysis = analyse(context)
    # Contested nodes in the framework file's order, then measures (an impact may be on one)
    # in draft order: the order people look things up in.
    contested = {entry.node for entry in analysis.nodes.values() if entry.contested}
    contested_in_order = [n for n in context.framework.nodes if n in contested]
    contested_in_order += [m for m in context.measures if m in contested]
    interactions = context.interactions
    return {
        "interactions": None
        if interactions is None
        else {"file": interactions.file, "note": interactions.note},
        # The knock-on's help and harm apart (second_positive, second_negative): the sum alone
        # can hide both.
        "measures": _rows(
            (
                "id", "positive", "negative", "second_order_sum", "second_positive",
                "second_negative", "net",
            ),
            [
                (
                    profile.measure,
                    profile.positive,
                    profile.negative,
                    profile.second_order_sum,
                    profile.second_positive,
                    profile.second_negative,
                    profile.net,
                )
                for profile in analysis.profiles.values()
            ],
        ),
        "trade_offs": _rows(
            ("source", "target", "kind", "score", "mitigated"),
            [
                (trade_off.source, trade_off.target, trade_off.kind, trade_off.score,
                 trade_off.mitigated)
                for trade_off in analysis.trade_offs
            ],
        ),
        "clusters": [
            {
                "measures": cluster.measures,
                "members": cluster.members,
                "fields": cluster.fields,
                "priority_policies": cluster.priority_policies,
                "cross_field": cluster.cross_field,
            }
            for cluster in analysis.clusters
        ],
        "goal_balance": [
            {"goal": goal, "positive": positive, "negative": negative}
            for goal, (positive, negative) in analysis.goal_balance.items()
        ],
        "contested": contested_in_order,
    }


def progress_block(context) -> dict | None:
    """Outcome management in brief (docs/json-output.md, *The progress block*), or None when
    there are neither results nor plan-level indicators. Taken from the analysis the SA70x
    rules already made (computed once per check)."""
    if context.results is None and context.indicators is None:
        return None
    from ..analysis.progress import let_go_of_progress, outcome_gap, progress_of_context

    analysis = progress_of_context(context)
    let_go_of_progress(context)  # read below for the last time: see build_document
    counts: dict[str, int] = {}
    for entry in analysis.kpis:
        status = entry.evaluation.status.value
        counts[status] = counts.get(status, 0) + 1

    def figure(value: float | None) -> float | None:
        return None if value is None else round(value, 6)

    def rollups(level_key: str) -> list[dict]:
        return [
            {
                "id": node.id,
                "measures": rollup.total,
                "counts": rollup.status_counts(),
                "worst": None if rollup.worst_status is None else rollup.worst_status.value,
                "grade": rollup.grade,
                "mean_rate": figure(rollup.mean_rate),
                "mean_achievement": figure(rollup.mean_achievement),
            }
            for node in context.nodes_of_level(level_key)
            if (rollup := analysis.nodes.get(node.id))
        ]

    return {
        "year": analysis.year,
        "years": analysis.years,
        "kpi_statuses": counts,
        "measures": _rows(
            ("id", "worst", "grade", "mean_rate", "mean_achievement"),
            [
                (
                    rollup.key,
                    None if rollup.worst_status is None else rollup.worst_status.value,
                    rollup.grade,
                    figure(rollup.mean_rate),
                    figure(rollup.mean_achievement),
                )
                for rollup in analysis.measures.values()
            ],
        ),
        "priority_policies": rollups(context.settings.priority_level),
        "sdg_goals": rollups("SDG.goal"),
        "indicators": [
            {
                "id": entry.item.key,
                "on": entry.item.on,
                "status": entry.evaluation.status.value,
                "grade": entry.evaluation.grade,
                "rate": figure(entry.evaluation.rate),
                "achievement": figure(entry.evaluation.achievement),
                "outcome_gap": outcome_gap(analysis, entry),
            }
            for entry in analysis.indicators
        ],
        "behind": _rows(
            ("measure", "kpi", "rate", "achievement", "expected_progress", "far_behind"),
            [
                (
                    entry.item.measure,
                    entry.item.key,
                    figure(entry.evaluation.rate),
                    figure(entry.evaluation.achievement),
                    figure(entry.evaluation.expected_progress),
                    entry.evaluation.far_behind,
                )
                for entry in analysis.kpis + analysis.indicators
                if entry.evaluation.status.value == "behind"
            ],
        ),
    }


def render(
    result: CheckResult | None,
    findings: list[Finding],
    lang: Lang,
    exit_code: int,
    **_options: object,
) -> str:
    return json_text.dumps(build_document(result, findings, lang, exit_code), levels=3)


def write(
    stream: TextIO,
    result: CheckResult | None,
    findings: list[Finding],
    lang: Lang,
    exit_code: int,
    **_options: object,
) -> None:
    """:func:`render` straight to ``stream``, for large drafts."""
    json_text.dump(build_document(result, findings, lang, exit_code), stream, levels=3)
    stream.write("\n")
