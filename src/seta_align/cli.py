"""The command line. Heavy modules are imported inside commands so that --help stays instant."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import __version__

app = typer.Typer(
    name="seta-align",
    help=(
        "施策案が政策（基本計画・条例・SDGs）に沿っているかを検査します。\n\n"
        "Checks that a plan draft's measures serve the policies they must serve."
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)

EXIT_INTERNAL_ERROR = 3


class OutputFormat(StrEnum):
    rich = "rich"
    json = "json"


class LangChoice(StrEnum):
    ja = "ja"
    en = "en"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class Section(StrEnum):
    summary = "summary"
    findings = "findings"
    coverage = "coverage"
    crossfield = "crossfield"
    all = "all"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"seta-align {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_version,
            is_eager=True,
            help="バージョンを表示 / Show the version.",
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", help="内部エラーの詳細を表示 / Show tracebacks of internal errors."
        ),
    ] = False,
) -> None:
    if debug:
        os.environ["SETA_ALIGN_DEBUG"] = "1"


def _usage_error(ja: str, en: str, lang: str) -> typer.Exit:
    typer.echo(f"seta-align: {ja if lang == 'ja' else en}", err=True)
    return typer.Exit(2)


def _default_paths() -> list[Path]:
    from .resources import bundled_measures

    local = Path("data/measures")
    return [local] if local.is_dir() else [bundled_measures()]


@app.command()
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="施策ファイルまたはフォルダ（既定: ./data/measures、なければ同梱のサンプル）/ "
            "Measure files or folders (default: ./data/measures, else the bundled sample).",
            show_default=False,
        ),
    ] = None,
    framework: Annotated[
        Path | None,
        typer.Option(
            "--framework",
            "-F",
            help="フレームワークファイル / Framework file (default: config, else bundled).",
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config", "-c", help="設定ファイル / Config file (default: nearest seta-align.yaml)."
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="出力形式 / Output format.")
    ] = OutputFormat.rich,
    lang: Annotated[
        LangChoice | None,
        typer.Option("--lang", help="言語 / Message language (default: from the locale)."),
    ] = None,
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
    from .i18n import lang_from_environment

    chosen_lang = lang.value if lang else lang_from_environment()
    from .runner import run

    sections = tuple(s.value for s in show) if show else None
    code = run(
        paths=paths or _default_paths(),
        framework_path=framework,
        config_path=config,
        output_format=output_format.value,
        lang=chosen_lang,
        fail_on=fail_on.value if fail_on else None,
        sections=sections,
    )
    raise typer.Exit(code)


@app.command()
def rules(
    lang: Annotated[LangChoice | None, typer.Option("--lang", help="言語 / Language.")] = None,
) -> None:
    """ルールの一覧（コード・名前・既定の重要度）/ List the rules with code, name and severity."""
    from rich.console import Console
    from rich.table import Table

    from .i18n import lang_from_environment
    from .rules import ALL_RULES

    chosen = lang.value if lang else lang_from_environment()
    table = Table(box=None)
    for header in ("code", "name", "severity", "description"):
        table.add_column(header)
    for rule in ALL_RULES:
        table.add_row(rule.code, rule.name, rule.severity.label(chosen), rule.summary(chosen))
    Console().print(table)


def main() -> None:
    """Console entry point: an unexpected exception becomes one line and exit code 3."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:
        if os.environ.get("SETA_ALIGN_DEBUG") or "--debug" in sys.argv:
            raise
        typer.echo(
            f"seta-align: 内部エラーが発生しました（{type(error).__name__}）。--debug を付けて再実行し、"
            "出力を添えて不具合として報告してください。 / Internal error "
            f"({type(error).__name__}). Please re-run with --debug and report it as a bug.",
            err=True,
        )
        sys.exit(EXIT_INTERNAL_ERROR)


if __name__ == "__main__":
    main()
