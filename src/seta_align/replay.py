"""Replaying a machine-readable report when nothing it depends on has changed.

A pre-commit hook or a CI job often checks a draft that is byte for byte the one checked
before. The report is then already known: ``check`` keeps its last reports (JSON, SARIF, JUnit,
text, Markdown) in ``.seta-align-cache/reports/`` and writes the saved one again instead of
reading and checking every measure.

A saved report is found by the request: the tool (version and the code itself), the working
directory (paths in reports are relative to it), the output options (format, language,
--fail-on) and the paths, --framework and --config given. It is used only when its manifest
still holds: the measure files found under those paths are the same files, the config file that
applies is the same file, and the config, the framework and every measure file have the same
bytes as when the report was made (BLAKE2 digests). Anything else is checked afresh, so a
replayed report is always the report a fresh check would write; tests compare the two.

The outputs of the views (``progress``, ``impacts``, ``matrix``, ``report``) are saved and
written again the same way, by request and manifest (``commands/_saved.py``); a saved output
is read back in pieces, never held whole.

Deciding this needs no YAML parser and no models, which is what makes a replay quick; this
module therefore imports only light modules. The rich terminal view depends on the terminal and
``--format github`` writes the job summary as a side effect: neither is replayed. ``--no-cache``
or ``SETA_ALIGN_NO_CACHE`` turn replay off together with the cache.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from . import __version__
from .loading.cache_dir import (
    cache_directory,
    code_fingerprint,
    content_digest,
    open_cache_file,
    payload_digest,
    read_cache_file,
)
from .loading.files import (
    MissingPathError,
    Selection,
    Target,
    discover,
    display_name,
    in_ci,
    plan_target,
    result_files,
    set_project_root,
)

if TYPE_CHECKING:
    from .loading.measures import Draft
    from .runner import Inputs

REPLAY_FORMAT = 6
REPLAYED_FORMATS = ("json", "sarif", "junit", "text", "markdown")

# Saved outputs kept, the newest first (of any request: drafts, commands, formats, languages).
KEPT_REPORTS = 8
# A measure file larger than this is refused by the reader: never part of a replay.
_MAX_BYTES = 64 * 1024 * 1024
_CHUNK = 1 << 20
# The file: the report's bytes, then the trailer (JSON: exit code, length, manifest), then the
# trailer's length as 19 digits and a newline, so the report can be written as it is produced.
_FOOTER = 20
# A trailer holds the manifest: a line per measure file (a draft of 100,000 measures has ~600).
_MAX_TRAILER = 64 * 1024 * 1024
# A saved output is read back in pieces, never whole: it may be larger than other cache files
# (the impacts JSON of 100,000 measures is about 700 MB).
_MAX_SAVED_FILE = 4 * 1024 * 1024 * 1024
_MAX_SAVED = _MAX_SAVED_FILE - _MAX_TRAILER - _FOOTER
# The saved outputs together, beyond the newest (a large draft's JSON is hundreds of megabytes).
_KEPT_BYTES = 1 << 30

Manifest = dict[str, object]


class Saved:
    """A saved output that still holds, read from the open file in pieces as it is written (a
    large draft's output is never held whole): the exit code it was made with, whether it was
    written as bytes (a CSV's BOM and CRLF) rather than text, and what the command said on
    stderr once it was written (in the request's language)."""

    def __init__(self, descriptor: int, length: int, trailer: dict):
        self._descriptor = descriptor
        self._length = length
        self.exit_code = int(trailer["exit_code"])
        self.binary = bool(trailer.get("binary", False))
        self.said = str(trailer.get("said", ""))

    def chunks(self) -> Iterator[bytes]:
        """The saved bytes, a megabyte at a time (the file is closed at the end)."""
        try:
            yield from _pieces(self._descriptor, self._length)
        finally:
            self.close()

    def texts(self) -> Iterator[str]:
        """The saved text, decoded a megabyte at a time."""
        decoder = codecs.getincrementaldecoder("utf-8")()
        for chunk in self.chunks():
            yield decoder.decode(chunk)
        yield decoder.decode(b"", final=True)

    def close(self) -> None:
        if self._descriptor >= 0:
            os.close(self._descriptor)
            self._descriptor = -1


def _pieces(descriptor: int, length: int) -> Iterator[bytes]:
    """The first ``length`` bytes of the file open as ``descriptor``, in pieces."""
    offset = 0
    while offset < length:
        chunk = os.pread(descriptor, min(_CHUNK, length - offset), offset)
        if not chunk:
            raise OSError("cut short")
        offset += len(chunk)
        yield chunk


class Replay:
    """The saved report for one request, if there is one and it still holds."""

    def __init__(
        self, directory: Path, key: str, target: Target, framework: list[str] | None
    ):
        self.directory = directory
        self.key = key
        self.path = directory / f"{key}.txt"
        self.target = target
        # The --framework files of this request, absolute; None: the config's (or default).
        self._framework = framework

    def saved(self) -> Saved | None:
        """The saved output of this request, if there is one and it still holds."""
        descriptor = open_cache_file(self.path, _MAX_SAVED_FILE)
        if descriptor is None:
            return None  # missing, or not a regular file of a sane size
        try:
            size = os.fstat(descriptor).st_size
            if size < _FOOTER:
                raise ValueError("too short")
            trailer_length = int(os.pread(descriptor, _FOOTER, size - _FOOTER))
            if not 0 < trailer_length <= min(size - _FOOTER, _MAX_TRAILER):
                raise ValueError("no trailer")
            trailer = json.loads(
                os.pread(descriptor, trailer_length, size - _FOOTER - trailer_length)
            )
            if trailer.get("format") != REPLAY_FORMAT:
                raise ValueError("another format")
            length = trailer["length"]
            if length + trailer_length + _FOOTER != size:
                raise ValueError("cut short or grown: not a report we wrote")
            # The trailer (exit code, manifest) and the report verify against the digests they
            # carry, or are not used: an edited or damaged report is checked afresh. The
            # manifest is asked first: a report of files edited since is never read through
            # (hashing the impacts JSON of 100,000 measures takes about two seconds).
            if trailer.get("digest") != _sign(self.key, trailer):
                raise ValueError("trailer edited")
            if not self._holds(trailer["manifest"]):
                raise ValueError("made from other files")
            body = _body_hash()
            for chunk in _pieces(descriptor, length):
                body.update(chunk)
            if trailer.get("body") != body.hexdigest():
                raise ValueError("report edited")
            saved = Saved(descriptor, length, trailer)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            os.close(descriptor)
            return None  # partial, foreign or out of date: made afresh
        with contextlib.suppress(OSError):
            os.utime(self.path)  # recently used: pruned last
        return saved

    def write_saved(self, stream: TextIO) -> int | None:
        """Write the saved report to ``stream`` and return its exit code; ``None`` when there
        is no saved report that still holds (nothing is written then)."""
        saved = self.saved()
        if saved is None:
            return None
        if _takes_utf8_bytes(stream):
            # The saved bytes are what the stream would encode: written as they are.
            from .atomic import write_whole

            stream.flush()
            for chunk in saved.chunks():
                write_whole(stream.buffer, chunk)
            stream.buffer.flush()
        else:
            for text in saved.texts():
                stream.write(text)
        return saved.exit_code

    def _holds(self, manifest: Manifest) -> bool:
        """Whether the files this request reads are still those the report was made from."""
        config = self.target.config
        if _absolute(config) != manifest["config"] or self.target.sample != manifest["sample"]:
            return False
        read = manifest["framework"]  # [[file, digest], …], as the check read them
        if self._framework is not None and self._framework != [path for path, _ in read]:
            return False
        expected = [manifest["config_digest"], *(digest for _, digest in read)]
        actual = [_digest(config), *(_digest(path) for path, _ in read)]
        if actual != expected or None in actual:
            return False
        # The config is the one the report was made with, so the folders it named and its
        # exclude patterns are too: walk them as the check did, naming files as it did.
        set_project_root(
            None if config is None or self.target.sample else Path(config).parent
        )
        try:
            discovery = discover(
                [Path(path) for path in manifest["paths"]],
                Selection.from_json(manifest["selection"]),
            )
        except (MissingPathError, OSError):
            return False
        if discovery.unreadable or discovery.empty:
            return False
        interactions = manifest["interactions"]
        if interactions is not None and _digest(interactions[0]) != interactions[1]:
            return False
        outcomes = manifest["outcomes"]  # None: the command did not read them
        if outcomes is not None and not _outcomes_hold(outcomes):
            return False
        measures = manifest["measures"]
        if [display_name(path) for path in discovery.files] != [name for name, _ in measures]:
            return False
        return all(
            digest is not None and _digest(path) == digest
            for path, (_, digest) in zip(discovery.files, measures, strict=True)
        )

    def manifest(self, inputs: Inputs, draft: Draft) -> Manifest | None:
        """What a report made from ``inputs`` depends on, by the digests of the bytes the check
        actually read (a file saved while the check ran cannot slip in); ``None`` when a file
        could not be read (such a check is never saved)."""
        settings, framework = inputs.settings, inputs.framework
        measures = [[name, draft.digests.get(name)] for name in draft.files]
        if inputs.stdin is not None:
            return None  # standard input is read once: nothing to compare next time
        manifest = {
            "paths": [str(path) for path in inputs.paths],
            "selection": inputs.selection.as_json(),
            "sample": settings.sample,
            "config": _absolute(inputs.config_path),
            "config_digest": "-" if inputs.config_path is None else settings.config_digest,
            "framework": [
                [_absolute(module.path), digest]
                for module, digest in zip(framework.modules, framework.digests, strict=True)
            ],
            "interactions": None
            if inputs.interactions is None
            else [_absolute(settings.interactions_path), inputs.interactions.digest],
            "measures": measures,
            "outcomes": {
                "results_paths": [_absolute(path) for path in settings.results_paths],
                "absent_results": _absolute(settings.absent_results),
                "results": [] if inputs.results is None else inputs.results.sources,
                "indicators": None
                if inputs.indicators is None
                else [_absolute(settings.indicators_path), inputs.indicators.digest],
            }
            if inputs.outcomes
            else None,
        }
        known = [manifest["config_digest"], *framework.digests]
        if None in known or any(digest is None for _, digest in measures):
            return None
        return manifest

    def recorder(self, stream: TextIO | None, manifest: Manifest) -> Recorder:
        return Recorder(self, stream, manifest)


class Recorder:
    """A text stream that writes through to ``stream`` and keeps a copy for the next run
    (``stream`` ``None``: only the copy, of what the command writes itself, see keep)."""

    def __init__(self, replay: Replay, stream: TextIO | None, manifest: Manifest):
        self._replay = replay
        self._stream = stream
        self._manifest = manifest
        self._copy: BinaryIO | None = None
        self._temporary: str | None = None
        self._length = 0
        self._hash = _body_hash()
        self._failed = False

    def write(self, text: str) -> int:
        self._stream.write(text)
        self.keep(text)
        return len(text)

    def keep(self, text: str | bytes) -> None:
        """Add ``text`` to the copy (only: a command that writes its output itself)."""
        if self._failed:
            return
        try:
            if self._copy is None:
                self._open()
            data = text.encode("utf-8") if isinstance(text, str) else text
            self._length += len(data)
            if self._length > _MAX_SAVED:
                self._abandon()  # larger than a saved output is ever read back
                return
            self._copy.write(data)
            self._hash.update(data)
        except (OSError, UnicodeError):
            self._abandon()

    def _open(self) -> None:
        directory = self._replay.directory
        directory.mkdir(parents=True, exist_ok=True)
        handle, self._temporary = tempfile.mkstemp(dir=directory, prefix=_SAVING, suffix=".tmp")
        self._copy = os.fdopen(handle, "wb")

    def _abandon(self) -> None:
        self._failed = True
        if self._copy is not None:
            self._copy.close()
        if self._temporary is not None:
            Path(self._temporary).unlink(missing_ok=True)
        self._copy = self._temporary = None

    def finish(self, exit_code: int, *, binary: bool = False, said: str = "") -> None:
        """Save what was written as the report of this request (atomically); ``binary``: it
        was written as bytes, ``said``: what the command said on stderr once it was written."""
        if self._failed:
            return
        try:
            if self._copy is None:
                self._open()
            fields = {
                "format": REPLAY_FORMAT,
                "exit_code": exit_code,
                "length": self._length,
                "manifest": self._manifest,
                "body": self._hash.hexdigest(),
                "binary": binary,
                "said": said,
            }
            fields["digest"] = _sign(self._replay.key, fields)
            trailer = json.dumps(fields, ensure_ascii=False).encode("utf-8")
            self._copy.write(trailer + b"%019d\n" % len(trailer))
            self._copy.close()
            os.replace(self._temporary, self._replay.path)
            self._copy = self._temporary = None
            _prune(self._replay.directory)
        except (OSError, ValueError):
            self._abandon()

    def abandon(self) -> None:
        """Forget the copy (the report was not written to the end)."""
        if self._temporary is not None:
            self._abandon()


def slot_for(
    paths: list[Path] | None,
    framework: list[str] | None,
    config: Path | None,
    options: dict[str, object],
    *,
    sample: bool = False,
) -> Replay | None:
    """Where the report of this request is saved; ``None`` when the cache is off (or the
    request must be refused, which only a fresh check does)."""
    target = plan_target(paths, config, sample=sample)
    if target.fallback and in_ci():
        return None
    root = None
    if target.config is not None and not target.sample:
        root = Path(os.path.abspath(target.config)).parent
    directory = cache_directory(root, sample=target.sample)
    if directory is None:
        return None
    try:
        cwd = os.getcwd()
    except OSError:  # the working directory was deleted
        return None
    modules = None
    if framework:
        from .loading.framework_modules import UnknownModule, resolve_module

        try:
            modules = [str(resolve_module(entry).path) for entry in framework]
        except UnknownModule:
            return None  # a fresh check says what is wrong
    request = {
        "tool": [__version__, REPLAY_FORMAT, code_fingerprint()],
        "cwd": cwd,
        "options": options,
        "paths": None if paths is None else [os.path.abspath(path) for path in paths],
        "sample": sample,
        "framework": modules,
        "config": _absolute(config),
    }
    key = hashlib.sha256(json.dumps(request, sort_keys=True, default=str).encode()).hexdigest()
    return Replay(directory / "reports", key, target, modules)


def _body_hash():
    """The digest a saved output carries of its bytes."""
    return hashlib.blake2b(digest_size=32)


def _body_digest(body: bytes) -> str:
    digest = _body_hash()
    digest.update(body)
    return digest.hexdigest()


def _sign(key: str, trailer: dict) -> str:
    """The digest of a saved report's trailer (exit code, manifest, the body's digest)."""
    fields = {name: value for name, value in trailer.items() if name != "digest"}
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False)
    return payload_digest(key, canonical.encode("utf-8", "surrogateescape"))


def _takes_utf8_bytes(stream: TextIO) -> bool:
    """Whether writing the saved UTF-8 bytes under ``stream`` gives what writing the text would:
    a UTF-8 stream with a byte layer, on a system whose line ends need no translation."""
    from .atomic import is_utf8

    return is_utf8(stream) and hasattr(stream, "buffer") and os.linesep == "\n"


def _outcomes_hold(outcomes: dict) -> bool:
    """Whether the results folders hold the same files with the same bytes, and the indicators
    file is unchanged (a result added or corrected changes every progress figure)."""
    indicators = outcomes["indicators"]
    if indicators is not None and _digest(indicators[0]) != indicators[1]:
        return False
    absent = outcomes["absent_results"]  # the default folder, made since: results to read
    if absent is not None and os.path.lexists(absent):
        return False
    paths = [Path(path) for path in outcomes["results_paths"]]
    if any(not os.path.exists(path) for path in paths):
        return False
    files = [os.path.abspath(path) for path in result_files(paths)]
    recorded = outcomes["results"]
    if files != [path for path, _ in recorded]:
        return False
    return all(
        digest is not None and _digest(path) == digest for path, digest in recorded
    )


def _absolute(path: Path | str | None) -> str | None:
    return None if path is None else os.path.abspath(path)


def _digest(path: Path | str | None) -> str | None:
    """BLAKE2 digest of a regular file's bytes; ``None`` for anything else (a missing file,
    a folder, a FIFO, which is never waited on), and ``"-"`` for no file at all."""
    if path is None:
        return "-"
    data = read_cache_file(Path(path), _MAX_BYTES)
    return None if data is None else content_digest(data)


_SAVED = re.compile(r"[0-9a-f]{64}\.txt")
# A copy being saved; one left by a run that was killed is deleted after a day.
_SAVING = "saving-"
_UNFINISHED = re.compile(_SAVING + r"[A-Za-z0-9_]{8}\.tmp")
_UNFINISHED_AGE = 24 * 3600


def _prune(directory: Path) -> None:
    """Keep the newest saved reports: at most KEPT_REPORTS, and beyond the newest at most
    _KEPT_BYTES together; only names this module writes are ever deleted."""
    try:
        now = time.time()
        saved = []
        for entry in directory.iterdir():
            if _SAVED.fullmatch(entry.name):
                status = entry.stat()
                saved.append((status.st_mtime, status.st_size, entry))
            elif (
                _UNFINISHED.fullmatch(entry.name)
                and now - entry.stat().st_mtime > _UNFINISHED_AGE
            ):
                entry.unlink(missing_ok=True)
        saved.sort(reverse=True)  # the newest first
        kept = 0
        for index, (_, size, entry) in enumerate(saved):
            kept += size
            if index >= KEPT_REPORTS or (index and kept > _KEPT_BYTES):
                entry.unlink(missing_ok=True)
    except OSError:
        pass
