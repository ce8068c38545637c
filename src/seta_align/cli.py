"""The console entry point. Heavy modules are imported inside commands, so --help stays instant."""

from __future__ import annotations

import contextlib
import gc
import os
import sys

import typer

from .app import app
from .commands import (  # noqa: F401 - importing registers the commands
    check,
    diff,
    export,
    framework,
    graph,
    impacts,
    import_sheet,
    init,
    matrix,
    progress,
    publish,
    report,
    rules,
    schema,
    sheets,
    trace,
)

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


def main() -> None:
    """Run the app; an unexpected exception becomes one bilingual line and exit code 3."""
    tune_garbage_collector()
    tolerate_terminal_encoding()
    from .atomic import whole_standard_output

    whole_standard_output()
    try:
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
