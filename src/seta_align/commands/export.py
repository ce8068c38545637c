"""``seta-align export``: the measures of a draft as one Excel sheet (or CSV), for editing; with
``--interactions``, the config's interactions file as a square sheet; with
``--results-template``, the sheet each department fills in with a year's results."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
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
    app,
    chosen_lang,
    say,
)
from ..i18n import Lang, Text
from .formats import fail, format_for, format_option


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"


ExportFormatOpt = format_option(ExportFormat, "xlsx")


@app.command()
def export(
    paths: PathsArg = None,
    framework: FrameworkOpt = None,
    config: ConfigOpt = None,
    lang: LangOpt = None,
    output_format: ExportFormatOpt = None,
    output: OutputOpt = None,
    interactions: Annotated[
        bool,
        typer.Option(
            "--interactions",
            help="施策の代わりに、設定の相互作用ファイルを正方行列（1行目と1列目に ID）で書き出す / "
            "Write the config's interactions file as a square matrix (ids across the top and "
            "down the side) instead of the measures.",
        ),
    ] = False,
    results_template: Annotated[
        bool,
        typer.Option(
            "--results-template",
            help="施策の代わりに、--year の実績を記入するシート（所管部ごとに1シート、指標ごとに1行）を"
            "書き出す / Write the sheet the departments fill in with the results of --year (one "
            "sheet per department, one row per KPI) instead of the measures.",
        ),
    ] = False,
    year: Annotated[
        str | None,
        typer.Option(
            "--year",
            help="--results-template で記入する年度（例: 2025、令和7年度）/ With "
            "--results-template: the fiscal year to report (e.g. 2025 or 令和7年度).",
            show_default=False,
        ),
    ] = None,
    force: ForceOpt = False,
    sample: SampleOpt = False,
    quiet: QuietOpt = False,
    color: ColorOpt = None,
) -> None:
    """施策を1シート（1行1施策）の Excel ブックか CSV に書き出します。

    Write the measures of a draft to one sheet, one row per measure, in the columns that
    `seta-align import` reads: edit it in Excel and import it again.
    Without -o (or with -o -) the sheet goes to standard output: CSV to the terminal or a pipe,
    xlsx only to a pipe or a redirect (on a terminal give -o measures.xlsx).

    With --interactions: the interactions file the config names (impacts: interactions), as
    a square matrix that `seta-align import --interactions` reads back.

    With --results-template --year Y: one sheet per department listing its KPIs, the earlier
    years' results and empty cells for the year's results (実績値, 備考), which `seta-align
    import --results` reads back into the results folder. As CSV: one table with a 所管
    column.

    Example: seta-align export data/measures -o 施策一覧.xlsx
    """
    language = chosen_lang(lang)
    chosen = output_format or format_for(output, ExportFormat, language, default="xlsx")
    reported = _results_year(results_template, interactions, year, language)

    from ..atomic import emit, refuse_existing, require_output_file, to_stdout
    from ..exporters import measures_sheet
    from ._draft import load_whole_draft

    if chosen is ExportFormat.xlsx:
        require_output_file(output, chosen.value, lang=language)
    refuse_existing(output, force=force, lang=language)
    # A sheet of the draft, never its findings: the rules are check's work (most of a large
    # draft's). The results are read only for the results template, which lists them.
    result = load_whole_draft(
        paths, framework, config, language, sample=sample, rules=False,
        outcomes=reported is not None,
    )

    context = result.context
    if interactions:
        _export_interactions(context, chosen, output, force, language)
        return
    if reported is not None:
        _export_results_template(context, reported, chosen, output, force, language)
        return
    given = context.settings.measure_paths
    measures = [(m.measure, _relative(m.file, given)) for m in context.draft.measures]
    sheet = measures_sheet.build(measures, context.framework)
    if chosen is ExportFormat.csv:
        data = measures_sheet.render_csv(sheet)
    else:
        data = measures_sheet.render_xlsx(sheet, context.framework, language)

    emit(output, data, force=force, lang=language, confirm=False)
    if to_stdout(output):
        return
    target = output
    message = Text(
        f"{len(measures)} 件の施策を {target} に書き出しました。編集したら "
        f"seta-align import {target} で施策ファイルに戻せます。",
        f"Wrote {len(measures)} measures to {target}. After editing, turn it back into "
        f"measure files with: seta-align import {target}",
    )
    say(message(language))


def _export_interactions(
    context, chosen: ExportFormat, output: Path | None, force: bool, lang: Lang
) -> None:
    from rich.console import Console

    from ..analysis.impact_matrix import interactions_matrix
    from ..atomic import emit, to_stdout
    from ..exporters import interactions_sheet
    from ..reporters.terminal import render_findings
    from ..rules import interaction_problem

    if context.interactions is None:
        fail(
            Text(
                "設定ファイルに相互作用ファイルがありません（impacts: {interactions: "
                "data/interactions.yaml} のように書きます）。",
                "The config names no interactions file (impacts: {interactions: "
                "data/interactions.yaml}).",
            ),
            lang,
        )
    # What a square sheet cannot hold (an unknown id, a target with itself, one pair with two
    # scores) would not come back the same: fixed in the file first, whatever the rule setting.
    problems = list(interaction_problem.check(context))
    if problems:
        render_findings(Console(stderr=True, highlight=False), problems, lang)
        fail(
            Text(
                "相互作用ファイルを直してから書き出してください。何も書き出していません。",
                "Fix the interactions file before exporting it. Nothing was written.",
            ),
            lang,
        )
    matrix = interactions_matrix(context)
    # A pair's note and who scored it, when and from what have no cell in a square: a workbook
    # gets them in a sheet of their own, which import reads back; a CSV is one table.
    records = [item for item in context.interactions.items if interactions_sheet.carries_record(item)]
    lost = []  # the pairs whose texts the chosen format cannot hold
    if chosen is ExportFormat.csv:
        data = interactions_sheet.render_csv(matrix, lang)
        lost = records
    else:
        data = interactions_sheet.render_xlsx(matrix, context.framework, lang, records)
    emit(output, data, force=force, lang=lang, confirm=False)
    if context.interactions.note:  # the file's own note: import writes where it came from
        say(
            Text(
                "注意: 相互作用ファイル全体の注記（note）はシートに入りません。読み戻した"
                "ファイルには、読み込んだシートの名前が注記として入ります。",
                "Note: the interactions file's own note is not in the sheet; the file read "
                "back notes the sheet it came from instead.",
            )(lang)
        )
    if lost:  # CSV only: one table, no room for a pair's texts
        say(
            Text(
                f"注意: 組ごとの注記・評価者・評価日・出典（{len(lost)} 組）は CSV に入りま"
                "せん（xlsx なら「評価の記録」シートに入り、import で読み戻せます）。",
                f"Note: the pairs' notes, assessors, dates and sources ({len(lost)} pairs) "
                "are not in a CSV (an xlsx keeps them in its 「評価の記録」 sheet, which "
                "import reads back).",
            )(lang)
        )
    if to_stdout(output):
        return
    size = len(matrix.rows)
    say(
        Text(
            f"{len(matrix.cells)} 組の相互作用（{size}×{size}）を {output} に書き出しました。"
            f"編集したら seta-align import {output} --interactions で相互作用ファイルに戻せます。",
            f"Wrote {len(matrix.cells)} interactions ({size}×{size}) to {output}. After "
            f"editing, turn it back into the interactions file with: seta-align import "
            f"{output} --interactions",
        )(lang)
    )


def _results_year(
    results_template: bool, interactions: bool, year: str | None, lang: Lang
) -> int | None:
    """The year of --results-template (None without it); a missing or unreadable year, and
    the options that do not go together, exit 2 before anything is read."""
    from ..loading.normalise import read_fiscal_year

    if not results_template:
        if year is not None:
            fail(
                Text(
                    "--year は --results-template と一緒に使います。",
                    "--year goes with --results-template.",
                ),
                lang,
            )
        return None
    if interactions:
        fail(
            Text(
                "--results-template と --interactions は一緒に使えません。",
                "--results-template cannot be used with --interactions.",
            ),
            lang,
        )
    if year is None:
        fail(
            Text(
                "--results-template には記入する年度を --year で指定してください（例: --year 2025）。",
                "--results-template needs the year to report: --year (e.g. --year 2025).",
            ),
            lang,
        )
    reported = read_fiscal_year(year)
    if reported is None:
        fail(
            Text(
                f"--year「{year}」を年度として読めません（例: 2025、令和7年度）。",
                f"--year: cannot read '{year}' as a fiscal year (e.g. 2025 or 令和7年度).",
            ),
            lang,
        )
    return reported


def _export_results_template(
    context, year: int, chosen: ExportFormat, output: Path | None, force: bool, lang: Lang
) -> None:
    from ..analysis.progress import analyse
    from ..atomic import emit, to_stdout
    from ..exporters import results_template

    template = results_template.build(context, analyse(context, year), year)
    if not template.kpis:
        fail(
            Text(
                "目標指標（kpis）のある施策も成果指標もないため、記入シートを作れません。",
                "No measure has KPIs and there are no plan-level indicators: there is nothing "
                "to report on.",
            ),
            lang,
        )
    if chosen is ExportFormat.csv:
        data = results_template.render_csv(template)
    else:
        data = results_template.render_xlsx(template, lang)
    emit(output, data, force=force, lang=lang, confirm=False)
    existing = [
        located
        for located in (context.results.records if context.results is not None else [])
        if located.record.year == year
    ]
    if existing:
        files = "、".join(dict.fromkeys(located.file for located in existing))
        say(
            Text(
                f"注意: {year} 年度の実績はすでに {len(existing)} 件あります（{files}）。シートの"
                "実績値は空にしてあります。取り込むと同じ年度の実績ファイルを置き換えます"
                "（--force）。",
                f"Note: there are already {len(existing)} results for FY{year} "
                f"({files.replace('、', ', ')}). The sheet's 実績値 cells are empty; importing it "
                "replaces that year's results file (--force).",
            )(lang)
        )
    if to_stdout(output):
        return
    departments = sum(1 for sheet in template.sheets if not sheet.indicators)
    say(
        Text(
            f"{year} 年度の実績記入シート（{departments} 部局、指標 {template.kpis} 件）を "
            f"{output} に書き出しました。記入したら seta-align import {output} --results で"
            "実績ファイルに取り込めます。",
            f"Wrote the FY{year} results sheet ({departments} department(s), {template.kpis} "
            f"KPIs) to {output}. Once filled in, read it into the results folder with: "
            f"seta-align import {output} --results",
        )(lang)
    )


def _relative(file: str, given: list[Path]) -> str:
    """The measure file as a path inside the folder given (what ``import --by file`` writes)."""
    absolute = os.path.abspath(file)
    for path in given:
        root = os.path.abspath(path)
        if os.path.isdir(root) and absolute.startswith(root.rstrip(os.sep) + os.sep):
            return Path(os.path.relpath(absolute, root)).as_posix()
    return Path(file).name



