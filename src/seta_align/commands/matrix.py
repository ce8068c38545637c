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
    say,
)
from .formats import fail, format_for, format_option

if TYPE_CHECKING:
    from rich.console import Console

    from ..analysis.matrix import Matrix, UnknownColumns
    from ..i18n import Lang, Text


class MatrixRows(StrEnum):
    measure = "measure"
    owner = "owner"
    field = "field"


class MatrixFormat(StrEnum):
    rich = "rich"
    csv = "csv"
    xlsx = "xlsx"
    markdown = "markdown"
    html = "html"
    png = "png"


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
    chosen = output_format or format_for(output, MatrixFormat, language)
    from ..atomic import refuse_existing, require_output_file

    if chosen in (MatrixFormat.xlsx, MatrixFormat.png):
        require_output_file(output, chosen.value, lang=language)
    if chosen is MatrixFormat.png:
        from ..exporters.pictures import require

        require(language)

    from ..analysis.matrix import UnknownColumns, build_matrix, default_columns
    from ._draft import load_whole_draft

    refuse_existing(output, force=force, lang=language)
    # On stdout, as matrix always printed its problems (stdout is only the table when read).
    result = load_whole_draft(paths, framework, config, language, stderr=False, sample=sample)

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

    from ..atomic import emit, to_stdout

    if chosen is MatrixFormat.rich:
        if to_stdout(output):
            _print_rich(table, language)
            return
        data: str | bytes = _rich_text(table, language)
    else:
        from importlib import import_module

        if chosen.value == "png":
            from ..exporters.pictures import MAX_PICTURE_ROWS, picture_too_large

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
        exporter = import_module(f"..exporters.matrix_{chosen.value}", __package__)
        data = exporter.render(table, language)

    emit(output, data, force=force, lang=language)



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


def _short_ids(ids: list[str]) -> list[str]:
    """The column ids without the part they all share (SDG-1 … SDG-17 → 1 … 17): a compact
    header, the legend under the table saying what each is."""
    heads = {identifier.rsplit("-", 1)[0] + "-" for identifier in ids if "-" in identifier}
    if len(heads) != 1 or not all("-" in identifier for identifier in ids):
        return ids
    (shared,) = heads
    return [identifier.removeprefix(shared) or identifier for identifier in ids]


def _rich_tables(matrix: Matrix, lang: Lang, title_width: int = 40, *, compact: bool = False):
    """The matrix, its notes and its legend as rich tables. ``compact`` (for a narrow
    terminal): one line a row, the title shortened with …, the columns headed by their short
    ids, one space between columns."""
    from rich import box
    from rich.table import Table
    from rich.text import Text as RichText

    from ..exporters.matrix_common import T, grid, heading, legend_title, marks
    from ..renderers.colours import text_colour

    table_data = grid(matrix, lang)
    # Titles and ids come from the user's files: always rich Text, never markup.
    table = Table(
        title=RichText(heading(matrix, lang), style="bold"),
        title_justify="left",
        # Compact: no rule between columns, one space before each (the goals' colours mark
        # their headers).
        box=None if compact else box.SIMPLE_HEAD,
        show_footer=False,
        padding=(0, 0, 0, 1) if compact else (0, 1),
        pad_edge=not compact,
    )
    for index, label in enumerate(table_data.labels):
        if index and compact:  # one line a row: the title shortened with …
            table.add_column(RichText(label), no_wrap=True, overflow="ellipsis", max_width=title_width)
        elif index:  # Japanese has no spaces to wrap at: fold long titles, never cut them off
            table.add_column(RichText(label), overflow="fold", max_width=title_width)
        else:
            table.add_column(RichText(label), no_wrap=True)
    headers = _short_ids([c.id for c in table_data.columns]) if compact else None
    for number, column in enumerate(table_data.columns):
        # Black or white on the goal's colour, whichever reads (WCAG contrast).
        style = f"bold {text_colour(column.color)} on {column.color}" if column.color else ""
        shown = headers[number] if headers else column.id
        table.add_column(RichText(shown, style=style), justify="center", no_wrap=True)
    for label in table_data.totals:
        table.add_column(RichText(label), justify="right", style="bold", no_wrap=True)
    for number, line in enumerate(table_data.body):
        table.add_row(
            *(RichText(str(v)) for v in line),
            end_section=number == len(table_data.body) - 1,
        )
    for line in table_data.footer:
        table.add_row(*(RichText(str(v), style="bold") for v in line))

    legend = Table(title=RichText(T["legend"](lang), style="bold"), title_justify="left", box=None)
    legend.add_column(RichText(T["id"](lang)), no_wrap=True)
    legend.add_column(RichText(T["title"](lang)), overflow="fold")
    for column in table_data.columns:
        legend.add_row(RichText(column.id), RichText(legend_title(column, lang)))
    notes = RichText(
        "\n".join(f"{mark} {meaning}".strip() for mark, meaning in marks(matrix, lang))
    )
    return table, notes, legend


def _render_rich(console: Console, matrix: Matrix, lang: Lang) -> None:
    table, notes, legend = _rich_tables(matrix, lang)
    console.print(table)
    console.print(notes)
    console.print()
    console.print(legend)


def _print_rich(matrix: Matrix, lang: Lang) -> None:
    """On the terminal; a table too wide for it (169 SDG targets) is drawn as wide as it needs
    rather than squeezed into unreadable slivers, with a hint to stderr."""
    from rich.console import Console
    from rich.measure import Measurement

    from ..i18n import Text

    console = Console(highlight=False, soft_wrap=False)
    # rich takes a Japanese title for one long word; it folds, so let it count as narrow. The
    # measure is taken without the terminal's limit, which would clamp the result to it.
    probe, _notes, _legend = _rich_tables(matrix, lang, title_width=10)
    needed = Measurement.get(console, console.options.update_width(100_000), probe).minimum
    if needed > console.width:
        # A narrow terminal (the 17 SDG goals at 80 columns): one line a row, short headers.
        compact, notes, legend = _rich_tables(matrix, lang, title_width=14, compact=True)
        fits = Measurement.get(console, console.options.update_width(100_000), compact).minimum
        if fits <= console.width:
            console.print(compact)
            console.print(notes)
            console.print()
            console.print(legend)
            return
    if needed > console.width:
        hint = Text(
            f"この表は端末の幅（{console.width} 桁）に収まらないため、{needed} 桁で表示します。"
            "--format xlsx / html / csv でファイルに出力するか、less -S で見てください。",
            f"The table does not fit the terminal ({console.width} columns); it is drawn "
            f"{needed} columns wide. Write it with --format xlsx, html or csv, or view it "
            "with less -S.",
        )
        say(f"seta-align: {hint(lang)}")
        console = Console(highlight=False, soft_wrap=False, width=needed)
    _render_rich(console, matrix, lang)


def _rich_text(matrix: Matrix, lang: Lang) -> str:
    """The terminal rendering for a file: as wide as the table needs, without colour codes."""
    import io

    from rich.console import Console
    from rich.measure import Measurement

    probe = Console(file=io.StringIO(), width=10_000)
    table, _notes, legend = _rich_tables(matrix, lang)
    needed = max(
        Measurement.get(probe, probe.options, table).maximum,
        Measurement.get(probe, probe.options, legend).maximum,
        80,
    )
    console = Console(
        file=io.StringIO(), width=min(needed, 10_000), color_system=None, highlight=False
    )
    _render_rich(console, matrix, lang)
    return console.file.getvalue()
