"""``seta-align matrix``: a coverage matrix (施策 × 政策・目標) for people, Excel and papers."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

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
)
from .formats import fail, format_choices, format_for, format_option, write_view

if TYPE_CHECKING:

    from ..analysis.matrix import UnknownColumns
    from ..i18n import Text


class MatrixRows(StrEnum):
    measure = "measure"
    owner = "owner"
    field = "field"


MatrixFormat = format_choices("MatrixFormat", "rich", "csv", "xlsx", "markdown", "html", "png")


MatrixFormatOpt = format_option(MatrixFormat)


@app.command()
def matrix(
    paths: PathsArg = None,
    framework: FrameworkOpt = None,
    config: ConfigOpt = None,
    lang: LangOpt = None,
    columns: Annotated[
        str | None,
        typer.Option(
            "--columns",
            help="列にする階層（例: SDG.goal, SDG.target, PLAN.priority_policy, fields）/ "
            "The level whose nodes are the columns, e.g. SDG.goal, SDG.target, "
            "PLAN.priority_policy, or fields (default: SDG.goal).",
            show_default=False,
        ),
    ] = None,
    rows: Annotated[
        MatrixRows,
        typer.Option("--rows", help="行: 施策・所管部・分野 / Rows: measures, owners or fields."),
    ] = MatrixRows.measure,
    output_format: MatrixFormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    sample: SampleOpt = False,
    quiet: QuietOpt = False,
    color: ColorOpt = None,
) -> None:
    """施策と政策・目標の対応表（マトリクス）を出力します。

    Print a coverage matrix: rows are measures (or owners, or fields), columns the nodes of one
    framework level. ● the measure supports the node itself, ○ a node below it; owner and field
    rows count measures. Totals per row and column.

    Example: seta-align matrix --columns SDG.goal -o matrix.xlsx
    """
    from ..i18n import Text

    language = chosen_lang(lang)
    chosen = output_format or format_for(output, MatrixFormat, language, text_suffixes=(".txt", ""))
    from ..atomic import refuse_existing, require_output_file

    if chosen in (MatrixFormat.xlsx, MatrixFormat.png):
        require_output_file(output, chosen.value, lang=language)
    if chosen is MatrixFormat.png:
        from ..exporters.pictures import require

        require(language)

    refuse_existing(output, force=force, lang=language)
    from ._saved import saved_view

    saved = saved_view(
        "matrix", {"format": chosen.value, "columns": columns, "rows": rows.value},
        paths, framework, config, output=output, force=force, lang=language, sample=sample,
    )
    from ..analysis.matrix import UnknownColumns, build_matrix, default_columns
    from ._draft import load_whole_draft

    # On stdout, as matrix always printed its problems (stdout is only the table when read).
    # A view, never the findings (the rules are check's work), and of the links only: the
    # results and indicators are not read.
    result = load_whole_draft(
        paths, framework, config, language, stderr=False, sample=sample, rules=False,
        outcomes=False, saved=saved,
    )

    context = result.context
    try:
        table = build_matrix(
            context.framework,
            context.measures,
            context.coverage,
            context.cross_field,
            default_columns(context.framework) if columns is None else columns,
            rows.value,
        )
    except UnknownColumns as error:
        fail(_unknown_columns(error), language)

    from ..views.matrix import build
    from ..views.model import scope

    view = build(table, language, scope(context, language))
    if chosen is not MatrixFormat.png:
        # A text file as wide as the matrix needs (up to a very wide page).
        write_view(
            view, chosen.value, output, force=force, lang=language, file_width=10_000, saved=saved
        )
        return
    from ..atomic import emit
    from ..exporters.pictures import MAX_PICTURE_ROWS, matrix_picture, picture_too_large

    refusal = picture_too_large(
        len(table.rows),
        MAX_PICTURE_ROWS,
        Text("行", "rows"),
        Text(
            "--rows owner か --rows field にするか、xlsx / html で出力してください。",
            "Use --rows owner or --rows field, or write xlsx or html.",
        ),
    )
    if refusal is not None:
        fail(refusal, language)
    emit(output, matrix_picture(table, language), force=force, lang=language)


def _unknown_columns(error: UnknownColumns) -> Text:
    from ..i18n import Text

    message = Text(
        f"--columns「{error.key}」という階層はありません。",
        f"--columns: there is no level '{error.key}'.",
    )
    if error.suggestion:
        message += Text(
            f"「{error.suggestion}」の誤りではありませんか？",
            f" Did you mean '{error.suggestion}'?",
        )
    valid = ", ".join(error.valid)
    return message + Text(f"\n使える値: {valid}", f"\nValid values: {valid}")
