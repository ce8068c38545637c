"""Writing output so that nothing the user has is lost, and one convention for where it goes.

The data goes to a temporary file in the same folder, which is renamed over the target only when
it is complete: a failure (disk full, Ctrl-C) leaves the old file as it was. An existing file is
replaced only with ``--force``; a link to a file keeps being a link (the file it points to is
replaced). A character device, FIFO or socket (``/dev/null``, ``/dev/stdout``, a named pipe) is
written in place, never renamed over: as root, renaming over ``/dev/null`` would turn the
machine's null device into a file. Block devices and folders are refused.

``-o -`` and no ``-o`` at all both mean standard output (:func:`emit`); binary formats are
refused on a terminal, where they would be garbage, and written to a pipe or a redirect.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NoReturn, TextIO

import typer

from .i18n import Lang, Text

if TYPE_CHECKING:
    from .commands._saved import SavedView


class OutputExists(Exception):
    def __init__(self, path: Path):
        super().__init__(str(path))
        self.path = path


class NotAFileTarget(Exception):
    """The output names something that cannot be written as a file (a folder, a disk)."""

    def __init__(self, path: Path, kind: str):
        super().__init__(str(path))
        self.path = path
        self.kind = kind


def _stream_target(path: Path) -> bool:
    """Whether ``path`` (after links) is a character device, FIFO or socket: written in place.
    Raises :class:`NotAFileTarget` for a folder or a block device."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False  # missing, or a dangling link: written as a new file
    if stat.S_ISDIR(mode):
        raise NotAFileTarget(path, "folder")
    if stat.S_ISBLK(mode):
        raise NotAFileTarget(path, "block device")
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


class ByteChunks:
    """Bytes in pieces, written exactly as bytes are (a saved CSV read back from the cache)."""

    def __init__(self, chunks: Iterable[bytes]):
        self.chunks = chunks


# What a command writes: bytes exactly, text as UTF-8, or text in pieces (a large JSON document
# written as it is made, never held whole: see documents/writing.pieces), or bytes in pieces.
Output = bytes | str | Iterable[str] | ByteChunks


def write_whole(stream: BinaryIO, data: bytes | memoryview) -> int:
    """``data`` written to ``stream`` whole; its length.

    Standard output without a buffer (``PYTHONUNBUFFERED``, which CI images often set, or
    ``python -u``) is the system's own file: a write returns a short count, without an error,
    when the system wrote part of it — a pipe whose reader left in the middle, a write cut
    short by a signal — and a text stream ignores the count. Taken as done, the rest is lost:
    the command ends with 0 where its reader left (141), or a pipe lacks the document's end.
    The rest is written again here, which raises what went wrong. A standard output that
    would block (a pipe set non-blocking by the program reading it) is waited for, as a
    blocking one is."""
    view = memoryview(data)
    while view:
        try:
            written = stream.write(view)
        except BlockingIOError as error:  # a buffered stream: part may have been taken
            written = error.characters_written
        if written is None or (written == 0 and _can_block(stream)):
            _wait_until_writable(stream)
            continue
        if not written:  # nothing taken, and no error said why
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        view = view[written:]
    return len(data)


def _can_block(stream: BinaryIO) -> bool:
    try:
        return not os.get_blocking(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return False


def _wait_until_writable(stream: BinaryIO) -> None:
    try:
        descriptor = stream.fileno()
    except (AttributeError, OSError, ValueError):
        descriptor = None
    if descriptor is None or sys.platform == "win32":  # select takes sockets only there
        time.sleep(0.01)
        return
    import select

    select.select([], [descriptor], [])


class _WholeWrites(io.RawIOBase):
    """A binary stream that passes every write on whole (:func:`write_whole`): what a text
    stream for a document writes through, since a text stream ignores a short count."""

    def __init__(self, target: BinaryIO):
        super().__init__()
        self._target = target

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        return write_whole(self._target, data)

    def flush(self) -> None:
        self._target.flush()

    # What the stream is, for those who ask (rich asks whether it is a terminal, and points
    # its descriptor at the null device when the reader left).
    def fileno(self) -> int:
        return self._target.fileno()

    def isatty(self) -> bool:
        return self._target.isatty()


def whole_standard_output() -> None:
    """Text on a standard output without a buffer (``PYTHONUNBUFFERED``, ``python -u``) goes
    out whole, as a document does (:func:`write_whole`): the system's file takes part of a
    large write without an error, and the text stream over it ignores the count, so
    ``check --format text | head`` ended with the findings' 1, not 141, and a report could
    lose its end. A buffered standard output writes whole by itself."""
    stream = sys.stdout
    raw = getattr(stream, "buffer", None)
    if not isinstance(raw, io.RawIOBase) or not isinstance(stream, io.TextIOWrapper):
        return
    sys.stdout = io.TextIOWrapper(
        _WholeWrites(raw),
        encoding=stream.encoding,
        errors=stream.errors,
        line_buffering=stream.line_buffering,
        write_through=True,  # unbuffered, as it was asked to be
    )


_WRITE_BATCH = 1 << 16  # characters


def _write_all(stream: BinaryIO, data: Output) -> int:
    """``data`` written to ``stream`` whole; the number of bytes."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if isinstance(data, bytes):
        return write_whole(stream, data)
    if isinstance(data, ByteChunks):
        return sum(write_whole(stream, chunk) for chunk in data.chunks)
    # Short pieces (a page's lines) are written a batch at a time, and a batch is bounded by
    # its characters, not by its pieces: four thousand pieces of a saved view's 64 k
    # characters were a whole 134 MB document, joined and encoded at once. A piece counts one
    # more, so that empty ones cannot pile up either.
    size = 0
    batch: list[str] = []
    held = 0
    for piece in data:
        batch.append(piece)
        held += len(piece) + 1
        if held >= _WRITE_BATCH:
            size += write_whole(stream, "".join(batch).encode("utf-8"))
            batch.clear()
            held = 0
    return size + write_whole(stream, "".join(batch).encode("utf-8"))


def _write_in_place(path: Path, data: Output) -> int:
    # O_APPEND: harmless on a device or pipe; no O_TRUNC or O_CREAT, since nothing is replaced.
    handle = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(handle, "wb") as stream:
        return _write_all(stream, data)


def write_atomic(path: Path, data: Output, *, force: bool = False) -> int:
    """Write ``data`` to ``path`` atomically; refuse to replace an existing file unless forced.
    The number of bytes written."""
    if _stream_target(path):
        return _write_in_place(path, data)
    if os.path.lexists(path) and not force:
        raise OutputExists(path)
    if os.path.islink(path):
        # Replace the file the link points to, so the link stays a link.
        path = Path(os.path.realpath(path))
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
            size = _write_all(stream, data)
            stream.flush()
            os.fsync(stream.fileno())
        if not force and os.path.lexists(path):  # created meanwhile by someone else
            raise OutputExists(path)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return size


@contextmanager
def document_stdout() -> Iterator[TextIO]:
    """Standard output for a document (JSON, SARIF, JUnit, Markdown, HTML, CSV): UTF-8, the
    encoding of the same document written to a file, whatever the terminal's. A Japanese
    Windows sends a redirect through cp932, which cannot encode a dash of 「FY2024–FY2031」:
    the document would be cut short by an error, or be another file than ``-o`` writes.
    Every write goes out whole (:func:`write_whole`): the terminal's text stream would take
    a short write of a large document as done."""
    stream = sys.stdout
    if not hasattr(stream, "buffer"):
        yield stream  # not the system's standard output (a test's capture)
        return
    stream.flush()
    utf8 = io.TextIOWrapper(_WholeWrites(stream.buffer), encoding="utf-8")
    try:
        yield utf8
    finally:
        try:
            utf8.flush()
        finally:
            whole = utf8.detach()  # standard output stays open
            with suppress(OSError):
                whole.close()  # closed here, where a reader that left is already said


def is_utf8(stream: TextIO) -> bool:
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return encoding == "utf8"


def to_stdout(path: Path | None) -> bool:
    """No ``-o``, or ``-o -``: standard output."""
    return path is None or str(path) == "-"


def require_output_file(path: Path | None, file_format: str, *, lang: Lang) -> None:
    """Binary formats (xlsx, png) cannot go to a terminal: there, without ``-o FILE``, stop
    (exit code 2). To a pipe or a redirect they are written."""
    if to_stdout(path) and _is_terminal(sys.stdout):
        message = Text(
            f"{file_format} 形式は端末に表示できません。-o ファイル名.{file_format} を指定するか、"
            f"リダイレクトしてください（> ファイル名.{file_format}）。",
            f"The {file_format} format cannot be shown on a terminal: give -o FILE.{file_format}, "
            f"or redirect it (> FILE.{file_format}).",
        )
        typer.echo(f"seta-align: {message(lang)}", err=True)
        raise typer.Exit(2)


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def emit(
    path: Path | None,
    data: Output,
    *,
    force: bool,
    lang: Lang,
    confirm: Text | bool = True,
    saved: SavedView | None = None,
) -> None:
    """The one way every command puts out what it made: to the file ``path``, or to standard
    output for no ``-o`` and for ``-o -``. Bytes go out exactly (a CSV's BOM and CRLF).

    A file written is confirmed on stderr, the same way for every command (nothing with
    ``--quiet``): ``confirm`` is the sentence to say (default: the file and its size), or
    ``False`` for a command that says more once it has finished. ``saved``: a copy is kept for
    the next run of the same request, once all of it is written (commands/_saved.py)."""
    if saved is None:
        _put_out(path, data, force=force, lang=lang, confirm=confirm)
        return
    try:
        _put_out(path, saved.keep(data), force=force, lang=lang, confirm=confirm)
    except BaseException:
        saved.abandon()
        raise
    saved.finish()


def _put_out(path: Path | None, data: Output, *, force: bool, lang: Lang, confirm: Text | bool):
    if not to_stdout(path):
        size = write_or_exit(path, data, force=force, lang=lang)
        if confirm is not False:
            confirm_written(path, size, lang, confirm if isinstance(confirm, Text) else None)
        return
    if isinstance(data, bytes | ByteChunks):
        sys.stdout.flush()
        _write_all(sys.stdout.buffer, data)
        sys.stdout.buffer.flush()
        return
    with document_stdout() as stream:
        if isinstance(data, str):
            stream.write(data)
        else:
            for piece in data:
                stream.write(piece)


def confirm_written(path: Path, size: int, lang: Lang, said: Text | None = None) -> None:
    """「report.html」に書き出しました（12,345 バイト）。 on stderr, unless --quiet."""
    from .app import say

    if said is None:
        said = Text(
            f"「{path}」に書き出しました（{size:,} バイト）。",
            f"Wrote '{path}' ({size:,} bytes).",
        )
    say(f"seta-align: {said(lang)}")


def refuse_existing(path: Path | None, *, force: bool, lang: Lang) -> None:
    """Stop before any work when the output exists and may not be replaced (exit code 2).

    write_or_exit() refuses too; saying so first spares a long run that cannot be saved.
    """
    if path is None or to_stdout(path):
        return
    try:
        if _stream_target(path):
            return  # a device or pipe is written in place: nothing is replaced
    except NotAFileTarget as error:
        _refuse_target(error, lang)
    if os.path.lexists(path) and not force:
        message = Text(
            f"「{path}」はすでにあります。上書きするには --force を付けてください。",
            f"'{path}' already exists. Add --force to overwrite it.",
        )
        typer.echo(f"seta-align: {message(lang)}", err=True)
        raise typer.Exit(2)


def write_or_exit(path: Path, data: Output, *, force: bool, lang: Lang) -> int:
    """:func:`write_atomic` for commands: a refusal or an OS error becomes exit code 2. The
    number of bytes written."""
    try:
        return write_atomic(path, data, force=force)
    except OutputExists:
        message = Text(
            f"「{path}」はすでにあります。上書きするには --force を付けてください。",
            f"'{path}' already exists. Add --force to overwrite it.",
        )
        typer.echo(f"seta-align: {message(lang)}", err=True)
        raise typer.Exit(2) from None
    except BrokenPipeError:
        raise  # -o /dev/stdout whose reader left: the reader left (141), as for -o -
    except (NotAFileTarget, OSError) as error:
        _cannot_write(path, error, lang)


def write_new_or_exit(path: Path, data: Output, *, lang: Lang) -> bool:
    """:func:`write_atomic` of a file that is not there yet (``init``): False when a file is
    there, which is left as it is; a folder there, or an OS error, is exit code 2."""
    try:
        write_atomic(path, data, force=False)
    except OutputExists:
        return False
    except (NotAFileTarget, OSError) as error:
        _cannot_write(path, error, lang)
    return True


def _cannot_write(path: Path, error: NotAFileTarget | OSError, lang: Lang) -> NoReturn:
    if isinstance(error, NotAFileTarget):
        _refuse_target(error, lang)
    message = Text(
        f"「{path}」に書き込めません: {error.strerror or error}",
        f"Cannot write '{path}': {error.strerror or error}",
    )
    typer.echo(f"seta-align: {message(lang)}", err=True)
    raise typer.Exit(2) from None


def _refuse_target(error: NotAFileTarget, lang: Lang) -> NoReturn:
    kinds = {"folder": "フォルダ", "block device": "ディスク装置（ブロックデバイス）"}
    message = Text(
        f"「{error.path}」は{kinds[error.kind]}なので書き出せません。ファイル名を指定してください。",
        f"Cannot write to '{error.path}': it is a {error.kind}. Give a file name.",
    )
    typer.echo(f"seta-align: {message(lang)}", err=True)
    raise typer.Exit(2)
