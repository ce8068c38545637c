"""The Typer application and the options its commands share.

Only typer is imported here: commands import what they need when they run, so that ``--help``
and ``--version`` stay instant.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
import typer.core

from . import __version__

EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as git and the shells report a reader that left


class SetaAlignGroup(typer.core.TyperGroup):
    """The command group, with one way of ending for every command (in tests too, which call
    this ``main`` as the console script does):

    - usage errors in the same bilingual style as every other message, exit code 2;
    - a reader that stops reading (``check | head -1``) ends us quietly with 141;
    - output that cannot be written (a full disk on standard output) is a clear message and
      exit code 2, not an internal error;
    - Ctrl-C is exit code 130.
    """

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        stdout_before = _identity(1)
        _state["quiet"] = False
        colour_before = {name: os.environ.get(name) for name in _COLOUR_VARIABLES}
        try:
            return self._main(args, prog_name, complete_var, standalone_mode, stdout_before, extra)
        finally:
            # --color sets these for this invocation only (tests run many in one process).
            for name, value in colour_before.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value

    def _main(self, args, prog_name, complete_var, standalone_mode, stdout_before, extra):
        try:
            code = super().main(
                args, prog_name, complete_var, standalone_mode=False, **extra
            )
            code = code if isinstance(code, int) else 0
            sys.stdout.flush()
        except BrokenPipeError:
            code = _reader_left()
        except SystemExit as ending:
            # click and rich turn a broken pipe into exit code 1, the code of "findings": a
            # reader that left is not a finding.
            if ending.code != 1 or not _pipe_was_broken(stdout_before):
                raise
            code = _reader_left()
        except OSError as error:
            if error.errno not in _CANNOT_WRITE or error.filename is not None:
                raise
            _say_cannot_write(error)
            code = 2
        except KeyboardInterrupt:
            code = 130
        except Exception as error:
            kinds = {kind.__name__ for kind in type(error).__mro__}
            if "Abort" in kinds:
                code = 130
            elif "UsageError" in kinds:
                typer.echo(f"seta-align: {usage_message(error, _argv_lang(args))}", err=True)
                code = 2
            elif "ClickException" in kinds:
                error.show()
                code = getattr(error, "exit_code", 1)
            else:
                raise
        if standalone_mode:
            sys.exit(code)
        return code


# Writing standard output failed for want of room, not because of a bug.
_CANNOT_WRITE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}


def _identity(fd: int) -> tuple[int, int] | None:
    try:
        status = os.fstat(fd)
    except (OSError, ValueError):
        return None
    return (status.st_dev, status.st_ino)


def _pipe_was_broken(stdout_before: tuple[int, int] | None) -> bool:
    """Whether the exit came from a broken pipe: click wraps stdout to hush it, rich points the
    descriptor at the null device."""
    if type(sys.stdout).__name__ == "PacifyFlushWrapper":
        return True
    now = _identity(1)
    return now != stdout_before and now == _identity_of(os.devnull)


def _identity_of(path: str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_dev, status.st_ino)


def _reader_left() -> int:
    # Whatever is still buffered would fail again when Python flushes at exit.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return EXIT_BROKEN_PIPE


def _say_cannot_write(error: OSError) -> None:
    from .i18n import lang_from_environment

    reason = os.strerror(error.errno) if error.errno else str(error)
    message = (
        f"出力を書き込めません（{reason}）。ディスクの空きを確認するか、-o で別の場所に書き出してください。"
        if lang_from_environment() == "ja"
        else f"Cannot write the output ({reason}). Check the free disk space, or write it "
        "elsewhere with -o."
    )
    with contextlib.suppress(OSError):
        typer.echo(f"seta-align: {message}", err=True)
    _reader_left()  # nothing more can be written there either


def _argv_lang(args) -> str:
    from .i18n import lang_from_environment

    words = list(sys.argv[1:] if args is None else args)
    for index, word in enumerate(words):
        if word == "--lang" and index + 1 < len(words) and words[index + 1] in ("ja", "en"):
            return words[index + 1]
        if word in ("--lang=ja", "--lang=en"):
            return word[-2:]
    return lang_from_environment()


def usage_message(error: Exception, lang: str) -> str:
    """A click usage error in our words, in ``lang``, with where to read the help."""
    kinds = {kind.__name__ for kind in type(error).__mro__}
    message = re.sub(r"^Value error, ", "", str(getattr(error, "message", "") or error))
    ja = lang == "ja"
    hint = _param_hint(error)
    if "NoSuchOption" in kinds:
        option = error.option_name
        possible = sorted(error.possibilities or [])
        text = (
            f"「{option}」というオプションはありません。"
            + (f"「{'」「'.join(possible)}」ではありませんか？" if possible else "")
            if ja
            else f"No such option: {option}."
            + (f" Did you mean {', '.join(possible)}?" if possible else "")
        )
    elif "MissingParameter" in kinds:
        text = f"{hint} を指定してください。" if ja else f"Missing {hint}."
    elif "BadParameter" in kinds:
        choice = re.fullmatch(r"'(.*)' is not one of (.*)\.", message)
        if choice:
            value, choices = choice.group(1), choice.group(2).replace("'", "")
            text = (
                f"{hint} に「{value}」は使えません。使える値: {choices}"
                if ja
                else f"Invalid value for {hint}: '{value}' (choose from {choices})."
            )
        else:
            text = (
                f"{hint} の値が正しくありません: {message}"
                if ja
                else f"Invalid value for {hint}: {message}"
            )
    else:
        text = f"使い方に誤りがあります: {message}" if ja else message
    context = getattr(error, "ctx", None)
    command = context.command_path if context is not None else "seta-align"
    more = f"（使い方: {command} -h）" if ja else f" (see: {command} -h)"
    return text + more


def _param_hint(error: Exception) -> str:
    hint = getattr(error, "param_hint", None)
    param = getattr(error, "param", None)
    if hint is None and param is not None:
        try:
            hint = param.get_error_hint(getattr(error, "ctx", None))
        except TypeError:
            hint = param.get_error_hint()
    if hint is None:
        return "?"
    if not isinstance(hint, str):
        hint = " / ".join(hint)
    return hint.replace("'", "")


app = typer.Typer(
    name="seta-align",
    cls=SetaAlignGroup,
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


class ColorChoice(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


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
    list[str] | None,
    typer.Option(
        "--framework",
        "-F",
        help="フレームワーク: ファイルか同梱のモジュール（seta-align:sdgs、seta-align:setagaya）。"
        "繰り返すと組み合わせて読む / Framework: a file or a bundled module (seta-align:sdgs, "
        "seta-align:setagaya); repeat it to read several together (default: the config's, "
        "else both bundled modules).",
        show_default=False,
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
# The evaluated fiscal year of outcome management (progress, sheets, publish), read by
# commands/formats.fiscal_year.
YearOpt = Annotated[
    str | None,
    typer.Option(
        "--year",
        help="評価する年度（例: 2025、令和7年度。既定: 実績のある最新の年度）/ The evaluated "
        "fiscal year (default: the latest year with results).",
        show_default=False,
    ),
]


def chosen_lang(lang: LangChoice | None):
    from .i18n import lang_from_environment

    return lang.value if lang else lang_from_environment()


# What --quiet and --color chose for this invocation (reset by SetaAlignGroup.main).
_state = {"quiet": False}
# Colour is decided by rich from these variables, for every console a command makes.
_COLOUR_VARIABLES = ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE")


def _set_quiet(value: bool) -> bool:
    _state["quiet"] = bool(value)
    return value


def _set_color(value: ColorChoice | None) -> ColorChoice | None:
    chosen = value.value if isinstance(value, ColorChoice) else value
    if chosen == "always":
        os.environ["FORCE_COLOR"] = "1"
        os.environ.pop("NO_COLOR", None)
        os.environ.pop("TTY_COMPATIBLE", None)
    elif chosen == "never":
        # No colour and no other escape sequence either (bold, links): not a terminal.
        os.environ["NO_COLOR"] = "1"
        os.environ["TTY_COMPATIBLE"] = "0"
        os.environ.pop("FORCE_COLOR", None)
    return value


def is_quiet() -> bool:
    return _state["quiet"]


def say(message: str) -> None:
    """A progress or result message for people, on stderr; nothing with --quiet."""
    if not _state["quiet"]:
        typer.echo(message, err=True)


QuietOpt = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        callback=_set_quiet,
        expose_value=False,
        is_eager=True,
        help="指摘と判定の1行だけを表示 / Only findings and the one-line verdict; no other "
        "messages.",
    ),
]
ColorOpt = Annotated[
    ColorChoice | None,
    typer.Option(
        "--color",
        callback=_set_color,
        expose_value=False,
        is_eager=True,
        help="色: auto（端末のときだけ）, always, never / Colour: auto (on a terminal only; "
        "NO_COLOR and FORCE_COLOR are honoured), always, never.",
        show_default=False,
    ),
]


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
