"""``seta-align export``: the measures of a draft as one Excel sheet (or CSV), for editing."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

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


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"


@app.command()
def export(
    paths: PathsArg = None,
    framework: FrameworkOpt = None,
    config: ConfigOpt = None,
    lang: LangOpt = None,
    output_format: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="出力形式（既定: -o の拡張子、なければ xlsx）/ Output format (default: from the "
            "-o suffix, else xlsx).",
            show_default=False,
        ),
    ] = None,
    output: OutputOpt = None,
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

    Example: seta-align export data/measures -o 施策一覧.xlsx
    """
    language = chosen_lang(lang)
    chosen = output_format or _format_from_suffix(output, language)

    from ..atomic import emit, refuse_existing, require_output_file, to_stdout
    from ..exporters import measures_sheet
    from ._draft import load_whole_draft

    if chosen is ExportFormat.xlsx:
        require_output_file(output, chosen.value, lang=language)
    refuse_existing(output, force=force, lang=language)
    result = load_whole_draft(paths, framework, config, language, sample=sample)

    context = result.context
    given = context.settings.measure_paths
    measures = [(m.measure, _relative(m.file, given)) for m in context.draft.measures]
    sheet = measures_sheet.build(measures, context.framework)
    if chosen is ExportFormat.csv:
        data = measures_sheet.render_csv(sheet)
    else:
        data = measures_sheet.render_xlsx(sheet, context.framework, language)

    emit(output, data, force=force, lang=language)
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


def _relative(file: str, given: list[Path]) -> str:
    """The measure file as a path inside the folder given (what ``import --by file`` writes)."""
    absolute = os.path.abspath(file)
    for path in given:
        root = os.path.abspath(path)
        if os.path.isdir(root) and absolute.startswith(root.rstrip(os.sep) + os.sep):
            return Path(os.path.relpath(absolute, root)).as_posix()
    return Path(file).name


def _fail(message: Text, lang: Lang) -> NoReturn:
    typer.echo(f"seta-align: {message(lang)}", err=True)
    raise typer.Exit(2)


def _format_from_suffix(output: Path | None, lang: Lang) -> ExportFormat:
    if output is None or str(output) == "-":
        return ExportFormat.xlsx
    suffix = output.suffix.lower()
    if suffix in (".xlsx", ".csv"):
        return ExportFormat(suffix[1:])
    _fail(
        Text(
            f"「{output}」の拡張子から出力形式が分かりません。.xlsx か .csv にするか、--format を"
            "指定してください。",
            f"Cannot tell the format from the suffix of '{output}': use .xlsx or .csv, or "
            "give --format.",
        ),
        lang,
    )
