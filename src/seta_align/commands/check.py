"""``seta-align check``: check measure files and report in the chosen format."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from ..app import ConfigOpt, FailOn, FrameworkOpt, LangOpt, PathsArg, app, chosen_lang


class OutputFormat(StrEnum):
    rich = "rich"
    json = "json"


class Section(StrEnum):
    summary = "summary"
    findings = "findings"
    coverage = "coverage"
    crossfield = "crossfield"
    all = "all"


@app.command()
def check(
    paths: PathsArg = None,
    framework: FrameworkOpt = None,
    config: ConfigOpt = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="出力形式 / Output format.")
    ] = OutputFormat.rich,
    lang: LangOpt = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="この重要度以上で終了コード 1 / Exit 1 at or above this severity "
            "(default: config, else error).",
        ),
    ] = None,
    show: Annotated[
        list[Section] | None,
        typer.Option(
            "--show",
            "-s",
            help="表示する表（複数可）/ Tables to show (repeatable; default: summary, "
            "findings, crossfield).",
        ),
    ] = None,
) -> None:
    """施策ファイルを検査し、網羅率・指摘事項・分野横断の状況を表示します。

    Check measure files: coverage, findings and cross-field links.

    Exit codes: 0 no findings at or above --fail-on; 1 findings at or above --fail-on;
    2 usage or input errors (unreadable or invalid files); 3 internal error.
    """
    from ..reporters.rich_report import DEFAULT_SECTIONS, SECTIONS
    from ..runner import default_paths, prepare

    language = chosen_lang(lang)
    prepared = prepare(paths or default_paths(), framework, config)
    result = prepared.result
    if result is None:
        exit_code = 2
    else:
        exit_code = result.exit_code(fail_on.value if fail_on else result.context.settings.fail_on)

    if output_format is OutputFormat.json:
        from ..reporters import json_report

        sys.stdout.write(json_report.render(result, prepared.findings, language, exit_code) + "\n")
    else:
        from rich.console import Console

        from ..reporters import rich_report

        sections = DEFAULT_SECTIONS
        if show:
            chosen = tuple(s.value for s in show)
            sections = SECTIONS if "all" in chosen else chosen
        console = Console(highlight=False, soft_wrap=False)
        rich_report.render(console, result, prepared.findings, language, sections)
    raise typer.Exit(exit_code)
