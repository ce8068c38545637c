"""SA710: a measure behind in the evaluated year (遅れ, or the ward's lowest grade) whose
evaluation (施策評価) does not say its 課題 and 改善方法 — 指針(6)➢1: 「行政評価を徹底し、課題と
改善方法を明らかにする」. Like SA703 for results, it speaks once the results files carry any
evaluation: a draft that keeps its evaluations elsewhere is not told of each measure."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Location, Severity
from ..i18n import Text
from .base import Rule

HINT = Text(
    "実績ファイルの evaluations: に、この施策の年度の challenges（課題）と improvements（改善方法）を"
    "書いてください（例: {measure: ECON-01, year: 2025, challenges: …, improvements: …, outlook: 改善}）。",
    "Write the measure's challenges (課題) and improvements (改善方法) for the year under "
    "evaluations: in a results file (e.g. {measure: ECON-01, year: 2025, challenges: …, "
    "improvements: …, outlook: improve}).",
)


def check(context) -> Iterator[Finding]:
    from ..analysis.progress import Status, progress_for_rules

    analysis = progress_for_rules(context)
    results, year, scheme = context.results, analysis.year, analysis.scheme
    if results is None or year is None or not analysis.has_results:
        return
    if not results.evaluations and not results.unread_evaluations:
        return  # no evaluations written anywhere yet
    lowest = scheme.grades[-1].key
    for measure_id, rollup in analysis.measures.items():
        grade = rollup.grade
        if grade is None or (scheme.meaning(grade) is not Status.behind and grade != lowest):
            continue
        label = scheme.label(grade, "ja"), scheme.label(grade, "en")
        evaluation = analysis.evaluations.get(measure_id)
        if evaluation is None:
            if results.may_have_evaluation(measure_id, year):
                continue  # an evaluation that could not be read may be this one
            loaded = context.measures[measure_id]
            line, column = loaded.locate("id")
            yield RULE.at(
                Text(
                    f"施策 {measure_id} は {year} 年度「{label[0]}」ですが、施策評価（課題と改善方法）が"
                    "ありません。",
                    f"Measure {measure_id} is '{label[1]}' in FY{year}, but has no evaluation "
                    "(challenges and improvements).",
                ),
                Location(loaded.file, line, column),
                measure=measure_id,
                hint=HINT,
            )
            continue
        record = evaluation.record
        missing = [
            (ja, en) for key, ja, en in (("challenges", "課題", "challenges"), ("improvements", "改善方法", "improvements"))
            if not (getattr(record, key) or "").strip()
        ]
        if missing:
            located = evaluation.located
            yield RULE.at(
                Text(
                    f"施策 {measure_id} は {year} 年度「{label[0]}」ですが、施策評価に"
                    f"{'と'.join(ja for ja, _ in missing)}がありません。",
                    f"Measure {measure_id} is '{label[1]}' in FY{year}, but its evaluation gives "
                    f"no {' and no '.join(en for _, en in missing)}.",
                ),
                Location(located.file, located.line, located.column),
                measure=measure_id,
                hint=HINT,
            )


RULE = Rule(
    "SA710",
    "evaluation-missing",
    Severity.WARNING,
    Text(
        "遅れている施策に課題・改善方法の施策評価がない",
        "A measure behind without challenges and improvements in its evaluation",
    ),
    check,
)
