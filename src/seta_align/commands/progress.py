"""``seta-align progress``: outcome management (行政評価) — each KPI's results against its path,
achievement and status, rolled up to the plan, departments and fields."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from ..app import (
    ColorOpt,
    ConfigOpt,
    ForceOpt,
    FrameworkOpt,
    LangOpt,
    OutputOpt,
    PathsArg,
    QuietOpt,
    SampleOpt,
    YearOpt,
    app,
    chosen_lang,
)
from .formats import fail, fiscal_year, format_choices, format_for, format_option, write_view


class ProgressBy(StrEnum):
    node = "node"
    measure = "measure"
    owner = "owner"
    section = "section"
    field = "field"


ProgressFormat = format_choices("ProgressFormat", "rich", "json", "csv", "xlsx", "markdown", "html")


ProgressFormatOpt = format_option(ProgressFormat)


@app.command()
def progress(
    paths: PathsArg = None,
    framework: FrameworkOpt = None,
    config: ConfigOpt = None,
    year: YearOpt = None,
    by: Annotated[
        ProgressBy,
        typer.Option(
            "--by",
            help="集計の単位: 政策・目標、施策、所管部、分野 / Roll up by framework node, measure, "
            "owner or field.",
        ),
    ] = ProgressBy.node,
    compare: Annotated[
        str | None,
        typer.Option(
            "--compare",
            help="この年度と比べた状況の変化（例: 2024）/ How the statuses changed since this "
            "year.",
            show_default=False,
        ),
    ] = None,
    output_format: ProgressFormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    sample: SampleOpt = False,
    quiet: QuietOpt = False,
    color: ColorOpt = None,
) -> None:
    """行政評価: 指標ごとの実績・進捗率（または達成率）・評価と、施策・重点政策・SDG・所管部・所管課・
    分野ごとの集計。評価の方式は設定の evaluation: で区が決めます。

    Outcome management (行政評価): each KPI's results against the year's target (the planned
    path), its rates and grade by the ward's evaluation scheme (the config's evaluation:),
    rolled up to measures, framework nodes (priority policies, SDG goals), owners, sections and
    fields, each with a grade; plan-level indicators beside the measures that contribute to
    them; the measures' evaluations (課題・改善方法) with --by measure. The method:
    docs/progress.md.

    Example: seta-align progress --year 2025 --compare 2024
    """
    from ..atomic import emit, refuse_existing, require_output_file
    from ._saved import saved_view

    language = chosen_lang(lang)
    chosen = output_format or format_for(output, ProgressFormat, language, text_suffixes=(".txt", ""))
    if chosen is ProgressFormat.xlsx:
        require_output_file(output, chosen.value, lang=language)
    evaluated = None if year is None else fiscal_year(year, "--year", language)
    before = None if compare is None else fiscal_year(compare, "--compare", language)
    refuse_existing(output, force=force, lang=language)
    options = {"format": chosen.value, "year": evaluated, "by": by.value, "compare": before}
    saved = saved_view(
        "progress", options, paths, framework, config,
        output=output, force=force, lang=language, sample=sample,
    )
    from ..analysis.progress import analyse, progress_of_context
    from ..analysis.progress import compare as compare_years
    from ._draft import load_whole_draft

    # A view, never the findings: the rules are check's work.
    result = load_whole_draft(
        paths, framework, config, language, sample=sample, rules=False, saved=saved
    )
    context = result.context
    # The check just evaluated the default year for its rules (SA701–SA707): reuse it.
    analysis = progress_of_context(context) if evaluated is None else analyse(context, evaluated)
    changes = compared = None
    if before is not None:
        if analysis.year is None:
            from ..i18n import Text

            fail(
                Text(
                    "実績がないため --compare できません。", "No results to compare (--compare)."
                ),
                language,
            )
        compared = (min(before, analysis.year), max(before, analysis.year))
        changes = compare_years(context, *compared)
    from ..views.progress import ProgressView

    view = ProgressView(context, analysis, language, by.value, changes, compared)
    if chosen is ProgressFormat.json:
        from itertools import chain

        from ..documents.progress import document
        from ..documents.writing import pieces

        # Indented at the outer levels, one KPI or roll-up a line: the C encoder writes the rest
        # (json.dumps with indent runs the pure-Python one, 2.5× slower on 10,000 measures),
        # written as it is made.
        emit(
            output, chain(pieces(document(view)), ["\n"]), force=force, lang=language, saved=saved
        )
        return
    from ..views.progress import build

    write_view(build(view), chosen.value, output, force=force, lang=language, saved=saved)
