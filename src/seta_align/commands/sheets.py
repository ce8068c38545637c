"""``seta-align sheets``: the evaluation sheets (評価シート) a department prints and files — one per
priority policy, or one per measure — as HTML to print on A4 or as a workbook with its print
settings."""

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
from .formats import fail, fiscal_year, format_choices, format_for, format_option

SheetsFormat = format_choices("SheetsFormat", "html", "xlsx")


class SheetsBy(StrEnum):
    policy = "policy"
    measure = "measure"


@app.command()
def sheets(
    paths: PathsArg = None,
    framework: FrameworkOpt = None,
    config: ConfigOpt = None,
    by: Annotated[
        SheetsBy,
        typer.Option("--by", help="1枚ごと: 重点政策・施策 / A sheet per priority policy or per measure."),
    ] = SheetsBy.policy,
    year: YearOpt = None,
    output_format: format_option(SheetsFormat, default="html") = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    sample: SampleOpt = False,
    quiet: QuietOpt = False,
    color: ColorOpt = None,
) -> None:
    """評価シート: 重点政策（または施策）ごとに、成果指標・施策・指標の実績と評価、課題・改善方法・
    今後の方向性を、A4 に印刷できる HTML か Excel ブックに書き出します。

    Evaluation sheets to print and file: one per priority policy (--by policy, the default) —
    its indicators with 現状値, 年度目標値, 実績, the year's rate and grade; its measures with
    所管部・所管課, their grade, 一次評価, 今後の方向性, 課題 and 改善方法; their KPIs and the
    reason beside every delay; the evaluation scheme — or one per measure (--by measure). HTML
    prints each sheet from a new page; the workbook has a sheet each, set up for A4 with the
    plan and the year in the header and the page number in the footer.

    Example: seta-align sheets --year 2025 -o 評価シート.html
    """
    from ..atomic import emit, refuse_existing, require_output_file
    from ..i18n import Text
    from ._draft import evaluated_draft

    language = chosen_lang(lang)
    chosen = output_format or format_for(output, SheetsFormat, language, default="html")
    if chosen is SheetsFormat.xlsx:
        require_output_file(output, chosen.value, lang=language)
    evaluated = None if year is None else fiscal_year(year, "--year", language)
    refuse_existing(output, force=force, lang=language)
    context, analysis = evaluated_draft(
        paths, framework, config, evaluated, language, sample=sample,
        making=Text("評価シート", "evaluation sheets"),
    )
    from ..views.progress import ProgressView
    from ..views.sheets import T, measure_views, plan_name, policy_views

    view = ProgressView(context, analysis, language, "measure", None, None)
    pages = policy_views(view) if by is SheetsBy.policy else measure_views(view)
    if not pages:
        fail(
            Text(
                f"評価シートにする重点政策（{view.context.settings.priority_level or '-'} の階層）"
                "がフレームワークにありません。設定ファイルの priority_level で重点政策にあたる"
                "階層を指定するか、--by measure で施策ごとに作れます。",
                "The framework has no priority policies (the level "
                f"{view.context.settings.priority_level or '-'}) to make sheets of: set "
                "priority_level in the config, or --by measure makes one per measure.",
            ),
            language,
        )
    framework_name = plan_name(context, language)
    title = T["book"].format(year=analysis.year)(language)
    header = f"{framework_name} — {title}"
    if chosen is SheetsFormat.xlsx:
        from ..renderers.xlsx import book

        data: str | bytes = book(pages, language, header)
    else:
        from ..renderers.html import book
        from ..reporters.scope import checked_line

        data = book(pages, title, [framework_name, *checked_line(context, language).split("\n")], language)
    emit(output, data, force=force, lang=language)
