"""``seta-align report``: the whole check as one HTML page to open, mail or print."""

from __future__ import annotations

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


@app.command()
def report(
    paths: PathsArg = None,
    framework: FrameworkOpt = None,
    config: ConfigOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            help="レポートの表題（既定: 施策案の政策整合レポート）/ The report's title "
            "(default: Policy-alignment report of the plan draft).",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="読めないファイルがあれば書き出さない / Write nothing when a file cannot be read "
            "(by default the report is written with a red banner listing them, exit code 2).",
        ),
    ] = False,
    whole: Annotated[
        bool,
        typer.Option(
            "--whole",
            help="大きなレポートでも、詳細を圧縮せずに書き出す / Write every section in full "
            "(by default a report over 2 MB keeps its large sections compressed in the file, "
            "unpacked when opened).",
        ),
    ] = False,
    sample: SampleOpt = False,
    quiet: QuietOpt = False,
    color: ColorOpt = None,
) -> None:
    """検査結果を1つの HTML ファイル（図表入りのレポート）に書き出します。

    Write the check as one self-contained HTML report: summary cards, coverage per framework
    and level, the measures × SDGs heatmap in the goals' colours, the cross-field matrix, the
    impact assessment, the progress of the KPIs (進捗: by priority policy, SDG goal and
    department, a chart per KPI), a network picture of measures, policies and goals, the
    findings with filters by severity, owner and field, and every owner's measures with their
    links and KPIs. The file needs no network and no other file: open it in any browser,
    attach it to a mail, or print it (A4 landscape). A report that would be over 2 MB (a draft
    of about a thousand measures) keeps its large sections compressed inside the file and
    unpacks each when it is opened: press 「すべての詳細を開く」 before printing, or write it
    in full with --whole.

    Example: seta-align report -o report.html

    When some measure files cannot be read, the report is still written from the others,
    with a red banner listing the files and their problems (every figure leaves their measures
    out), and the exit code is 2; --strict writes nothing instead.

    Exit codes: 0 written (whatever the findings; use check --fail-on to gate); 2 unreadable
    input (with or without the report, see above), or an output file that exists (add --force).
    """
    from ..i18n import Text

    language = chosen_lang(lang)
    if output is None:
        message = Text(
            "出力先を -o で指定してください（例: -o report.html。標準出力には -o -）。",
            "Give the output file with -o (e.g. -o report.html; -o - for standard output).",
        )
        typer.echo(f"seta-align: {message(language)}", err=True)
        raise typer.Exit(2)

    from ..atomic import emit, refuse_existing, to_stdout
    from ._saved import saved_view

    refuse_existing(output, force=force, lang=language)
    # --strict is left out of the request: a report is saved only when every file was read,
    # and then it is the same with or without it.
    saved = saved_view(
        "report", {"format": "html", "title": title, "whole": whole},
        paths, framework, config, output=output, force=force, lang=language, sample=sample,
    )
    from ._draft import load_whole_draft, prepare_draft

    if strict:
        result = load_whole_draft(paths, framework, config, language, sample=sample, saved=saved)
        problems = []
    else:
        # One colleague's typo must not stop the department's report: what could be read is
        # reported, under a banner naming what could not (and the exit code says so).
        result, problems = prepare_draft(
            paths, framework, config, language, sample=sample, saved=saved
        )

    from ..reporters.page import render

    page = render(result, result.findings, language, 0, title=title, whole=whole)
    done = Text(
        f"「{output}」に書き出しました（施策 {result.context.measure_count} 件、指摘 "
        f"{len(result.findings)} 件）。ブラウザで開いてください。",
        f"Wrote '{output}' ({result.context.measure_count} measures, {len(result.findings)} "
        "findings). Open it in a browser.",
    )
    if saved is not None and not to_stdout(output):
        saved.will_say(f"seta-align: {done(language)}")
    emit(output, page, force=force, lang=language, confirm=False, saved=saved)
    if problems:
        files = len({p.location.file for p in problems if p.location})
        incomplete = Text(
            f"読めない箇所のあるファイルが {files} 件あります。読めない部分を除いてレポートを"
            "書き出しました（赤い帯に一覧）。--strict なら書き出しません。",
            f"{files} files could not be read whole: the report was written without what "
            "could not be read (listed in a red banner). --strict writes nothing instead.",
        )
        typer.echo(f"seta-align: {incomplete(language)}", err=True)
        raise typer.Exit(2)
    if to_stdout(output):
        return
    say(f"seta-align: {done(language)}")
