"""The Typer application and the options its commands share.

Only typer is imported here: commands import what they need when they run, so that ``--help``
and ``--version`` stay instant.
"""

from __future__ import annotations

import os
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
    # Plain (click) help: typer's rich help imports rich's Markdown machinery on every
    # --help, about 60 ms of the 150 ms start-up budget.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


class LangChoice(StrEnum):
    ja = "ja"
    en = "en"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help="施策ファイル・フォルダ・glob（既定: プロジェクトの measures:、./data/measures、"
        "どちらもなければ同梱のサンプル）/ Measure files, folders or globs (default: the "
        "project's measures:, else ./data/measures, else the bundled sample).",
        show_default=False,
    ),
]
FrameworkOpt = Annotated[
    Path | None,
    typer.Option(
        "--framework",
        "-F",
        help="フレームワークファイル / Framework file (default: config, else bundled).",
    ),
]
SampleOpt = Annotated[
    bool,
    typer.Option(
        "--sample",
        help="同梱のサンプル草案を使う（CI でも）/ Use the bundled sample draft (also in CI).",
    ),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        help="設定ファイル / Config file (default: nearest seta-align.yaml).",
    ),
]
LangOpt = Annotated[
    LangChoice | None,
    typer.Option("--lang", help="言語 / Message language (default: from the locale)."),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="出力ファイル / Write to this file (atomically)."),
]
ForceOpt = Annotated[
    bool,
    typer.Option("--force", help="既存のファイルを上書き / Overwrite an existing output file."),
]


def chosen_lang(lang: LangChoice | None):
    from .i18n import lang_from_environment

    return lang.value if lang else lang_from_environment()


def announce_sample(lang: str) -> None:
    """Say on stderr that the bundled sample is being checked: never a silent stand-in."""
    from .loading.files import SAMPLE_NOTICE

    typer.echo(f"seta-align: {SAMPLE_NOTICE[0] if lang == 'ja' else SAMPLE_NOTICE[1]}", err=True)


def usage_error(ja: str, en: str, lang: str) -> typer.Exit:
    """A usage error in the same style as every other message; exit code 2."""
    typer.echo(f"seta-align: {ja if lang == 'ja' else en}", err=True)
    return typer.Exit(2)


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
