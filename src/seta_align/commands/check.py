"""``seta-align check``: check measure files and report in the chosen format."""

from __future__ import annotations

import contextlib
import sys
from enum import StrEnum
from typing import Annotated

import typer

from ..app import (
    ColorOpt,
    ConfigOpt,
    FailOn,
    FrameworkOpt,
    LangOpt,
    PathsArg,
    QuietOpt,
    SampleOpt,
    announce_sample,
    app,
    chosen_lang,
    is_quiet,
    usage_error,
)
from ..replay import REPLAYED_FORMATS


class OutputFormat(StrEnum):
    rich = "rich"
    text = "text"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    github = "github"
    gitlab = "gitlab"
    markdown = "markdown"


# The tables of the terminal report (--show). Named here, not in the reporter: a check written
# as JSON or SARIF (CI) never imports the terminal reporter and rich's tables (25 ms).
SECTIONS = ("summary", "findings", "coverage", "crossfield")
DEFAULT_SECTIONS = ("summary", "findings", "crossfield")
SECTION_NAMES = (*SECTIONS, "all")


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
        list[str] | None,
        typer.Option(
            "--show",
            "-s",
            help="表示する表（複数可、カンマ区切りも可）/ Tables to show: summary, findings, "
            "coverage, crossfield, all (repeatable or comma-separated; default: summary, "
            "findings, crossfield).",
        ),
    ] = None,
    sample: SampleOpt = False,
    list_files: Annotated[
        bool,
        typer.Option(
            "--list-files",
            help="検査するファイルを一覧して終了（-v で除外したものと理由も）/ Print the files "
            "that would be read and exit (with -v also what was skipped, and why).",
        ),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="詳しく表示（未網羅のノードを1件ずつ、--list-files では除外したものも）/ Say "
            "more: uncovered nodes one by one; with --list-files, what was skipped.",
        ),
    ] = False,
    quiet: QuietOpt = False,
    color: ColorOpt = None,
    stdin_filename: Annotated[
        str | None,
        typer.Option(
            "--stdin-filename",
            help="標準入力（-）から読む施策ファイルの名前 / The name of the measure file read "
            "from standard input (-), used in findings and to find the config.",
        ),
    ] = None,
) -> None:
    """施策ファイルを検査し、網羅率・指摘事項・分野横断の状況を表示します。

    Check measure files: coverage, findings and cross-field links. Without PATHS: the
    project's measures (the measures: of the nearest seta-align.yaml), else ./data/measures,
    else the bundled sample (said every time; an error under CI unless --sample). PATHS may be
    globs, and - reads one measure file from standard input.

    Exit codes: 0 no findings at or above --fail-on; 1 findings at or above --fail-on;
    2 usage or input errors (unreadable or invalid files); 3 internal error.
    """
    language = chosen_lang(lang)
    quiet = is_quiet()
    sections = _sections(show, language)
    given = list(paths) if paths else None
    stdin = None
    if given is not None and any(str(path) == "-" for path in given):
        if len(given) > 1:
            raise usage_error(
                "- （標準入力）は他のパスと一緒には指定できません。",
                "- (standard input) cannot be combined with other paths.",
                language,
            )
        stdin = _read_stdin(stdin_filename, language)
    elif stdin_filename is not None:
        raise usage_error(
            "--stdin-filename は - （標準入力）と一緒に使います。",
            "--stdin-filename goes with - (standard input).",
            language,
        )
    if sample and given is not None:
        raise usage_error(
            "--sample とパスは一緒に指定できません。",
            "--sample cannot be combined with paths.",
            language,
        )

    replay = None
    announced = False  # the bundled-sample notice, said once
    replayable = stdin is None and not list_files and output_format.value in REPLAYED_FORMATS
    if not no_cache and replayable:
        # Before anything heavy is imported: a report that still holds is written at once.
        from ..replay import slot_for

        options = {
            "command": "check",
            "format": output_format.value,
            "lang": language,
            "fail_on": fail_on.value if fail_on else None,
            "verbose": verbose,
            "quiet": quiet,
        }
        replay = slot_for(given, framework, config, options, sample=sample)
        if replay is not None:
            if replay.target.sample:
                announce_sample(language)
                announced = True
            with _stdout_for(output_format) as stdout:
                saved_exit = replay.write_saved(stdout)
            if saved_exit is not None:
                raise typer.Exit(saved_exit)

    from ..runner import Prepared, check_inputs, resolve_inputs

    # Listing the files writes nothing, not even the cache folder.
    inputs = resolve_inputs(
        given, framework, config, sample=sample, stdin=stdin, use_cache=not (no_cache or list_files)
    )
    manifest = None
    if isinstance(inputs, Prepared):
        prepared = inputs
    else:
        if inputs.settings.sample and not announced:
            announce_sample(language)
        if list_files:
            _list_files(inputs, verbose, language)
            raise typer.Exit(0)
        prepared = check_inputs(inputs)
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

        from ..reporters import terminal as rich_report

        # Colour only on a terminal, never with NO_COLOR (rich honours both).
        console = Console(highlight=False, soft_wrap=False)
        rich_report.render(
            console,
            result,
            prepared.findings,
            language,
            sections,
            exit_code=exit_code,
            verbose=verbose,
            quiet=quiet,
        )
    else:
        from ..reporters import reporter

        chosen = reporter(output_format.value)
        with _stdout_for(output_format) as stdout:
            recorder = replay.recorder(stdout, manifest) if manifest is not None else None
            out = recorder or stdout
            try:
                if hasattr(chosen, "write"):  # formats that can stream a large report
                    chosen.write(out, result, prepared.findings, language, exit_code)
                else:
                    text = chosen.render(
                        result,
                        prepared.findings,
                        language,
                        exit_code,
                        fail_on=fail_level,
                        verbose=verbose,
                        quiet=quiet,
                    )
                    out.write(text if text.endswith("\n") or not text else text + "\n")
                if recorder is not None:
                    recorder.finish(exit_code)
            finally:
                if recorder is not None:
                    recorder.abandon()  # a broken pipe or Ctrl-C: no half report is kept
    raise typer.Exit(exit_code)


def _stdout_for(output_format: OutputFormat):
    """Standard output for the report: a document (JSON, SARIF, JUnit, Markdown) in UTF-8, as
    its file would be; text for people (``text``, ``github``) in the terminal's encoding."""
    if output_format.value in ("text", "github"):
        return contextlib.nullcontext(sys.stdout)
    from ..atomic import document_stdout

    return document_stdout()


def _sections(show: list[str] | None, language: str) -> tuple[str, ...]:
    """``--show a,b`` as well as ``--show a --show b``."""
    if not show:
        return DEFAULT_SECTIONS
    chosen: list[str] = []
    for value in show:
        for name in value.split(","):
            name = name.strip().lower()
            if not name:
                continue
            if name not in SECTION_NAMES:
                raise usage_error(
                    f"--show に「{name}」は指定できません（使えるもの: {', '.join(SECTION_NAMES)}）。",
                    f"--show: unknown table '{name}' (choose from {', '.join(SECTION_NAMES)}).",
                    language,
                )
            chosen.append(name)
    if "all" in chosen:
        return SECTIONS
    return tuple(dict.fromkeys(chosen)) or DEFAULT_SECTIONS


def _read_stdin(name: str | None, language: str) -> tuple[str, bytes]:
    from ..loading.yaml_source import MAX_FILE_BYTES
    from ..runner import STDIN_NAME

    raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise usage_error(
            f"標準入力が大きすぎます（上限 {MAX_FILE_BYTES:,} バイト）。",
            f"Standard input is too large (at most {MAX_FILE_BYTES:,} bytes).",
            language,
        )
    return (name or STDIN_NAME, raw)


def _list_files(inputs, verbose: bool, language: str) -> None:
    """What ``check`` would read, one file a line (as ``ruff check --show-files``); with
    ``--verbose`` also what it passed over and why, as ``#`` lines."""
    from ..loading.files import SKIP_REASONS, display_name

    for path in inputs.files:
        typer.echo(display_name(path))
    if not verbose:
        return
    settings = inputs.settings
    ja = language == "ja"
    config = settings.config_name or ("なし" if ja else "none")
    from ..loading.framework_modules import modules_name

    typer.echo(f"# {'設定' if ja else 'config'}: {config}")
    typer.echo(
        f"# {'フレームワーク' if ja else 'framework'}: {modules_name(settings.framework_modules)}"
    )
    if settings.exclude:
        typer.echo(f"# exclude: {', '.join(settings.exclude)}")
    skipped = inputs.discovery.skipped
    typer.echo(
        f"# {'読まなかったもの' if ja else 'skipped'}: {len(skipped)}"
    )
    for path, reason in skipped:
        words = SKIP_REASONS[reason]
        typer.echo(f"#   {display_name(path)}  ({words[0] if ja else words[1]})")
    for note in inputs.discovery.notes:
        typer.echo(f"# {note[0] if ja else note[1]}")
