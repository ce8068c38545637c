"""The console entry point. Heavy modules are imported inside commands, and a run imports only
the module of the command it runs, so start-up stays light."""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import sys

import typer

from .commands import COMMAND_MODULES

EXIT_INTERNAL_ERROR = 3


def tune_garbage_collector() -> None:
    """A check builds millions of small, long-lived objects (parsed values, models, the graph)
    and no reference cycles worth collecting early. With Python's default thresholds the cyclic
    collector walks that growing heap again and again: more than half of a 10,000-measure
    check. Collecting rarely, as mypy does, keeps it linear."""
    gc.set_threshold(200_000, 30, 30)


def tolerate_terminal_encoding() -> None:
    """Text for people on a standard output whose encoding lacks a character (Shift_JIS, as a
    Japanese Windows redirects it, has no '–', the dash of 「FY2024–FY2031」) shows '?' in
    its place rather than stopping the command. Documents are UTF-8 on any terminal
    (atomic.document_stdout)."""
    from .atomic import is_utf8

    if not is_utf8(sys.stdout) and hasattr(sys.stdout, "reconfigure"):
        with contextlib.suppress(ValueError, OSError):
            sys.stdout.reconfigure(errors="replace")


def command_asked_for(args: list[str]) -> str | None:
    """The name of the command ``args`` run, when it is sure: the first word, after
    ``--debug`` (the one option of the group that leaves the command to run). None for anything
    else, which then gets every command, as click needs to list or suggest them: no command,
    a word that names none, shell completion, and any other option first (``--help check``
    shows the group's help, which lists every command)."""
    if os.environ.get("_SETA_ALIGN_COMPLETE"):
        return None
    for arg in args:
        if arg == "--debug":
            continue
        return arg if arg in COMMAND_MODULES else None
    return None


def register_commands(args: list[str] | None = None):
    """Import the module of the command ``args`` run (importing registers it on the app), or
    every command's when that is not sure; return the app."""
    name = command_asked_for(args) if args is not None else None
    modules = [COMMAND_MODULES[name]] if name else dict.fromkeys(COMMAND_MODULES.values())
    for module in modules:
        importlib.import_module(f"{__package__}.commands.{module}")
    from .app import app

    return app


def __getattr__(name: str):
    # ``from seta_align.cli import app`` (the tests, an embedding program) gets every command.
    if name == "app":
        return register_commands()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Run the app; an unexpected exception becomes one bilingual line and exit code 3."""
    tune_garbage_collector()
    tolerate_terminal_encoding()
    from .atomic import whole_standard_output

    whole_standard_output()
    try:
        app = register_commands(sys.argv[1:])
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # the last line of defence
        if os.environ.get("SETA_ALIGN_DEBUG") or "--debug" in sys.argv:
            raise
        typer.echo(
            f"seta-align: 内部エラーが発生しました（{type(error).__name__}）。--debug を付けて"
            "再実行し、出力を添えて不具合として報告してください。 / Internal error "
            f"({type(error).__name__}). Please re-run with --debug and report it as a bug.",
            err=True,
        )
        sys.exit(EXIT_INTERNAL_ERROR)


if __name__ == "__main__":
    main()
