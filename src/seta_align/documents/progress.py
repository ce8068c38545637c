"""``seta-align progress --format json``: outcome management as one document
(docs/json-output.md, *progress*). Statuses by their English names (achieved, on_track,
mostly_on_track, behind, not_reported, not_assessable), grades by their keys (a status's name,
or the ward's own label); rates as fractions (0.5 = 50 %); the scheme that made them."""

from __future__ import annotations

from .. import __version__
from ..analysis.evaluation import Scheme
from ..analysis.progress import KpiProgress, RollUp


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def scheme_document(scheme: Scheme, lang: str) -> dict:
    return {
        "rate": scheme.rate,
        "cap": scheme.cap,
        "custom_grades": scheme.custom,
        "grades": [
            {"key": g.key, "label": g.label(lang), "min": g.minimum, "meaning": g.meaning.value}
            for g in scheme.grades
        ],
        "rollup": scheme.rollup,
        "share": scheme.share,
        "mostly_on_track": scheme.mostly_on_track,
        "far_behind": scheme.far_behind,
        "tolerance": scheme.tolerance,
        "described": scheme.describe(lang),
    }


def kpi(entry: KpiProgress, lang: str, scheme: Scheme) -> dict:
    item = entry.item
    evaluation = entry.evaluation
    # Rounded here rather than by _round: a row per KPI, 134,000 rows at 100,000 measures.
    expected, expected_progress = evaluation.expected, evaluation.expected_progress
    rate, achievement = evaluation.rate, evaluation.achievement
    return {
        "measure": item.measure,
        "kpi": item.key,
        "name": item.name,
        "unit": item.unit,
        "direction": item.direction,
        "baseline": None if item.baseline is None else {"year": item.baseline[0], "value": item.baseline[1]},
        "target": {"year": item.target[0], "value": item.target[1]},
        "milestones": {str(y): v for y, v in item.milestones.items()},
        "contributes_to": item.contributes_to,
        "type": item.type,
        "tolerance": item.tolerance,
        "on": item.on,
        "year": evaluation.year,
        "value": evaluation.value,
        "expected": None if expected is None else round(expected, 6),
        "expected_progress": None if expected_progress is None else round(expected_progress, 6),
        "rate": None if rate is None else round(rate, 6),
        "achievement": None if achievement is None else round(achievement, 6),
        "status": evaluation.status.value,
        "grade": evaluation.grade,
        "status_label": scheme.label(evaluation.grade, lang),
        "far_behind": evaluation.far_behind,
        "reason": None if evaluation.reason is None else evaluation.reason(lang),
        "note": evaluation.note,
        "series": {str(y): v for y, v in entry.series.items()},
    }


def rollup(item: RollUp, counted: str = "measures") -> dict:
    return {
        "id": item.key,
        counted: item.total,
        "counts": item.status_counts(),
        "worst": None if item.worst_status is None else item.worst_status.value,
        "grade_counts": dict(item.counts),
        "grade": item.grade,
        "mean_rate": _round(item.mean_rate),
        "mean_achievement": _round(item.mean_achievement),
        "members": item.members,
    }


def evaluation(measure_id: str, found, grade: str | None) -> dict:
    """A measure's evaluation of the evaluated year (施策評価) beside its computed grade."""
    record = found.record
    return {
        "measure": measure_id,
        "year": record.year,
        "grade": grade,
        "self_grade": found.self_grade,
        "self_grade_written": record.self_grade,
        "grades_apart": found.apart,
        "outlook": record.outlook,
        "challenges": record.challenges,
        "improvements": record.improvements,
        "assessed_by": record.assessed_by,
        "note": record.note,
        "file": found.located.file,
        "line": found.located.line,
    }


def document(view) -> dict:
    analysis = view.analysis
    context = view.context
    results = context.results
    data = {
        "schema_version": 1,
        "tool": {"name": "seta-align", "version": __version__},
        "command": "progress",
        "lang": view.lang,
        "sample": context.settings.sample,
        "results_files": [] if results is None else results.files,
        "indicators_file": None if context.indicators is None else context.indicators.file,
        "year": analysis.year,
        "years": analysis.years,
        "scheme": scheme_document(analysis.scheme, view.lang),
        # Made one at a time as they are written (documents.writing.pieces).
        "kpis": (kpi(e, view.lang, analysis.scheme) for e in analysis.kpis),
        "indicators": [kpi(e, view.lang, analysis.scheme) for e in analysis.indicators],
        "measures": [rollup(r, "kpis") for r in analysis.measures.values()],
        "nodes": [rollup(r) for r in analysis.nodes.values()],
        "owners": [rollup(r) for r in analysis.owners.values()],
        "sections": [rollup(r) for r in analysis.sections.values()],
        "fields": [rollup(r) for r in analysis.fields.values()],
        "contributions": [rollup(r, "kpis") for r in analysis.contributions.values()],
        "evaluations": [
            evaluation(measure_id, found, analysis.measures[measure_id].grade)
            for measure_id, found in analysis.evaluations.items()
        ],
    }
    if view.changes is not None:
        before, after = view.compared
        data["compare"] = {
            "before": before,
            "after": after,
            "changes": [
                {
                    "measure": c.item.measure,
                    "kpi": c.item.key,
                    "before": c.before,
                    "after": c.after,
                    "kind": c.kind,
                }
                for c in view.changes
            ],
        }
    return data
