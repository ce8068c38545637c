"""``seta-align check``: check measure files and report in the chosen format."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from ..app import ConfigOpt, FailOn, FrameworkOpt, LangOpt, PathsArg, app, chosen_lang
from ..replay import REPLAYED_FORMATS


class OutputFormat(StrEnum):
    rich = "rich"
    text = "text"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    github = "github"
    markdown = "markdown"


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
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="キャッシュ（読み込み結果と保存済みレポート）を使わない / Read and check every "
            "file again instead of using .seta-align-cache (results are the same either way).",
        ),
    ] = False,
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
    from ..loading.files import default_paths

    language = chosen_lang(lang)
    chosen_paths = paths or default_paths()
    replay = None
    if not no_cache and output_format.value in REPLAYED_FORMATS:
        # Before anything heavy is imported: a report that still holds is written at once.
        from ..replay import slot_for

        options = {
            "command": "check",
            "format": output_format.value,
            "lang": language,
            "fail_on": fail_on.value if fail_on else None,
        }
        replay = slot_for(chosen_paths, framework, config, options)
        if replay is not None and (saved_exit := replay.write_saved(sys.stdout)) is not None:
            raise typer.Exit(saved_exit)

    from ..runner import Prepared, check_inputs, resolve_inputs

    inputs = resolve_inputs(chosen_paths, framework, config)
    manifest = None
    if isinstance(inputs, Prepared):
        prepared = inputs
    else:
        prepared = check_inputs(inputs, use_cache=not no_cache)
        if replay is not None and prepared.result is not None:
            manifest = replay.manifest(inputs, prepared.result.context.draft)
    result = prepared.result
    fail_level = (
        fail_on.value
        if fail_on
        else (result.context.settings.fail_on if result is not None else "error")
    )
    exit_code = 2 if result is None else result.exit_code(fail_level)

    if output_format is OutputFormat.rich:
        from rich.console import Console

        from ..reporters import rich_report
        from ..reporters.rich_report import DEFAULT_SECTIONS, SECTIONS

        sections = DEFAULT_SECTIONS
        if show:
            chosen = tuple(s.value for s in show)
            sections = SECTIONS if "all" in chosen else chosen
        # Colour only on a terminal, never with NO_COLOR (rich honours both).
        console = Console(highlight=False, soft_wrap=False)
        rich_report.render(console, result, prepared.findings, language, sections)
    else:
        from ..reporters import reporter

        chosen = reporter(output_format.value)
        recorder = replay.recorder(sys.stdout, manifest) if manifest is not None else None
        out = recorder or sys.stdout
        try:
            if hasattr(chosen, "write"):  # formats that can stream a large report
                chosen.write(out, result, prepared.findings, language, exit_code)
            else:
                text = chosen.render(
                    result, prepared.findings, language, exit_code, fail_on=fail_level
                )
                out.write(text if text.endswith("\n") or not text else text + "\n")
            if recorder is not None:
                recorder.finish(exit_code)
        finally:
            if recorder is not None:
                recorder.abandon()  # a broken pipe or Ctrl-C: no half report is kept
    raise typer.Exit(exit_code)
