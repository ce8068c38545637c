"""SA711: a measure's evaluation (施策評価, ``evaluations:`` in a results file) that cannot be
used as written: it names a measure that does not exist, a self-grade (一次評価) the evaluation
scheme does not have, or a measure and year already evaluated (each with what would do)."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Location, Severity
from ..i18n import Text
from .base import Rule


def check(context) -> Iterator[Finding]:
    from ..analysis.progress import progress_for_rules

    results = context.results
    if results is None or not results.evaluations:
        return
    scheme = progress_for_rules(context).scheme
    labels = "、".join(g.label("ja") for g in scheme.grades)
    labels_en = ", ".join(g.label("en") for g in scheme.grades)
    measures = {m.casefold() for m in context.measures}
    seen: dict[tuple[str, int], object] = {}
    for located in results.evaluations:
        record = located.record
        where = Location(located.file, located.line, located.column)
        if record.measure.casefold() not in measures:
            if context.knows_measure(record.measure):
                continue  # a measure that could not be read: not unknown
            guess = context.measure_index.suggest(record.measure)
            ja, en = (f"「{guess}」の誤りではありませんか？", f" Did you mean '{guess}'?") if guess else ("", "")
            yield RULE.at(
                Text(
                    f"施策評価の施策「{record.measure}」はありません。{ja}",
                    f"An evaluation of measure '{record.measure}', which does not exist.{en}",
                ),
                where,
            )
            continue
        key = (record.measure.casefold(), record.year)
        if key in seen:
            first = seen[key]
            yield RULE.at(
                Text(
                    f"施策 {record.measure} の {record.year} 年度の施策評価が2つあります（最初は "
                    f"{first.file}:{first.line}）。",
                    f"Measure {record.measure} is evaluated twice for FY{record.year} (first at "
                    f"{first.file}:{first.line}).",
                ),
                where,
                measure=record.measure,
                hint=Text("どちらか一方にまとめてください。", "Keep one of them."),
            )
            continue
        seen[key] = located
        if record.self_grade and scheme.key_of(record.self_grade) is None:
            line, column = located.self_grade_at
            yield RULE.at(
                Text(
                    f"一次評価「{record.self_grade}」は評価の方式にない評価です。使える評価: {labels}",
                    f"Self-grade '{record.self_grade}' is not a grade of the evaluation scheme. "
                    f"Grades: {labels_en}",
                ),
                Location(located.file, line or located.line, column or located.column),
                measure=record.measure,
                hint=Text(
                    "評価の方式は設定の evaluation: で決まります（docs/progress.md）。",
                    "The grades are the config's evaluation: (docs/progress.md).",
                ),
            )


RULE = Rule(
    "SA711",
    "evaluation-problem",
    Severity.ERROR,
    Text(
        "使えない施策評価（ない施策、評価の方式にない一次評価、二重の評価）",
        "An evaluation that cannot be used (unknown measure, unknown self-grade, given twice)",
    ),
    check,
)
