"""Writing output files so that nothing the user has is lost.

The data goes to a temporary file in the same folder, which is renamed over the target only when
it is complete: a failure (disk full, Ctrl-C) leaves the old file as it was. An existing file is
replaced only with ``--force``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import typer

from .i18n import Lang, Text


class OutputExists(Exception):
    def __init__(self, path: Path):
        super().__init__(str(path))
        self.path = path


def write_atomic(path: Path, data: bytes | str, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` atomically; refuse to replace an existing file unless forced."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if os.path.lexists(path) and not force:
        raise OutputExists(path)
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        # mkstemp makes the file private (0600); an export is meant to be shared like any file
        # the user saves, so it gets the replaced file's mode, else the usual one.
        try:
            mode = os.stat(path).st_mode & 0o7777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, mode)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if not force and os.path.lexists(path):  # created meanwhile by someone else
            raise OutputExists(path)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def require_output_file(path: Path | None, file_format: str, *, lang: Lang) -> None:
    """Binary formats (xlsx, png) cannot go to a terminal: without ``-o`` stop (exit code 2)."""
    if path is None:
        message = Text(
            f"{file_format} 形式は端末に出力できません。-o ファイル名.{file_format} を指定してください。",
            f"The {file_format} format cannot be printed to the terminal: give -o FILE.{file_format}.",
        )
        typer.echo(f"seta-align: {message(lang)}", err=True)
        raise typer.Exit(2)


def refuse_existing(path: Path | None, *, force: bool, lang: Lang) -> None:
    """Stop before any work when the output exists and may not be replaced (exit code 2).

    write_or_exit() refuses too; saying so first spares a long run that cannot be saved.
    """
    if path is not None and str(path) != "-" and os.path.lexists(path) and not force:
        message = Text(
            f"「{path}」はすでにあります。上書きするには --force を付けてください。",
            f"'{path}' already exists. Add --force to overwrite it.",
        )
        typer.echo(f"seta-align: {message(lang)}", err=True)
        raise typer.Exit(2)


def write_or_exit(path: Path, data: bytes | str, *, force: bool, lang: Lang) -> None:
    """:func:`write_atomic` for commands: a refusal or an OS error becomes exit code 2."""
    try:
        write_atomic(path, data, force=force)
    except OutputExists:
        message = Text(
            f"「{path}」はすでにあります。上書きするには --force を付けてください。",
            f"'{path}' already exists. Add --force to overwrite it.",
        )
        typer.echo(f"seta-align: {message(lang)}", err=True)
        raise typer.Exit(2) from None
    except OSError as error:
        message = Text(
            f"「{path}」に書き込めません: {error.strerror or error}",
            f"Cannot write '{path}': {error.strerror or error}",
        )
        typer.echo(f"seta-align: {message(lang)}", err=True)
        raise typer.Exit(2) from None
