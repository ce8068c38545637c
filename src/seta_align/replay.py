"""Replaying a machine-readable report when nothing it depends on has changed.

A pre-commit hook or a CI job often checks a draft that is byte for byte the one checked
before. The report is then already known: ``check`` keeps the last reports (JSON, SARIF,
JUnit, text, Markdown) in ``.seta-align-cache/reports/`` under a key made of everything that
decides them, and writes the saved one again instead of reading and checking 100,000 measures.

The key covers: the tool (version and the code itself), the working directory (paths in
reports are relative to it), the output options (format, language, --fail-on), the bytes and
names of the config and framework files, and the name and bytes (or why it cannot be read) of
every measure file. Any change to any of them is a different key, so a replayed report is
always the report a fresh check would write; tests compare the two. The rich terminal output
depends on the terminal and the GitHub format writes the job summary as a side effect: neither
is replayed. ``--no-cache`` or ``SETA_ALIGN_NO_CACHE`` turn replay off with the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import BinaryIO, TextIO

from . import __version__
from .measures import display_name
from .parse_cache import code_fingerprint, default_cache
from .runner import Inputs
from .yaml_source import read_bytes

REPLAY_FORMAT = 1
REPLAYED_FORMATS = ("json", "sarif", "junit", "text", "markdown")
# Reports of other drafts, formats or languages kept besides the newest (oldest go first).
KEPT_REPORTS = 8
_CHUNK = 1 << 20


class Replay:
    """The saved report for one set of inputs and options, if there is one."""

    def __init__(self, directory: Path, key: str):
        self.directory = directory
        self.path = directory / f"{key}.txt"

    def write_saved(self, stream: TextIO) -> int | None:
        """Write the saved report to ``stream`` and return its exit code; ``None`` when there
        is no usable saved report (nothing is written then)."""
        try:
            with open(self.path, "rb") as saved:
                header = json.loads(saved.readline())
                if header.get("format") != REPLAY_FORMAT:
                    return None
                exit_code = int(header["exit_code"])
                body = saved.read()
            if len(body) != header["length"]:
                return None  # cut short (a full disk, say)
            text = body.decode("utf-8")
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None  # missing, partial or foreign: check afresh
        for start in range(0, len(text), _CHUNK):
            stream.write(text[start : start + _CHUNK])
        with contextlib.suppress(OSError):
            os.utime(self.path)  # recently used: pruned last
        return exit_code

    def recorder(self, stream: TextIO) -> Recorder:
        return Recorder(self, stream)


# The header is written first as a placeholder of fixed width and filled in at the end, so the
# report is written to disk once, as it is produced.
_HEADER_WIDTH = 100


class Recorder:
    """A text stream that writes through to ``stream`` and keeps a copy for the next run."""

    def __init__(self, replay: Replay, stream: TextIO):
        self._replay = replay
        self._stream = stream
        self._copy: BinaryIO | None = None
        self._temporary: str | None = None
        self._length = 0
        self._failed = False

    def write(self, text: str) -> int:
        self._stream.write(text)
        if not self._failed:
            try:
                if self._copy is None:
                    self._open()
                data = text.encode("utf-8", "surrogateescape")
                self._copy.write(data)
                self._length += len(data)
            except (OSError, UnicodeError):
                self._abandon()
        return len(text)

    def _open(self) -> None:
        directory = self._replay.directory
        directory.mkdir(parents=True, exist_ok=True)
        handle, self._temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
        self._copy = os.fdopen(handle, "wb")
        self._copy.write(b" " * (_HEADER_WIDTH - 1) + b"\n")

    def _abandon(self) -> None:
        self._failed = True
        if self._copy is not None:
            self._copy.close()
        if self._temporary is not None:
            Path(self._temporary).unlink(missing_ok=True)
        self._copy = self._temporary = None

    def finish(self, exit_code: int) -> None:
        """Save what was written as the report of these inputs (atomically)."""
        if self._failed:
            return
        try:
            if self._copy is None:
                self._open()
            header = json.dumps(
                {"format": REPLAY_FORMAT, "exit_code": exit_code, "length": self._length}
            ).encode()
            self._copy.seek(0)
            self._copy.write(header.ljust(_HEADER_WIDTH - 1) + b"\n")
            self._copy.close()
            os.replace(self._temporary, self._replay.path)
            self._copy = self._temporary = None
            _prune(self._replay.directory)
        except OSError:
            self._abandon()


def for_check(inputs: Inputs, options: dict[str, object]) -> Replay | None:
    """The replay slot for these inputs and options, or ``None`` when the cache is off."""
    cache = default_cache()
    if cache is None:
        return None
    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        for part in parts:
            data = part if isinstance(part, bytes) else str(part).encode("utf-8", "replace")
            digest.update(len(data).to_bytes(8, "little"))
            digest.update(data)

    add("seta-align", __version__, REPLAY_FORMAT, code_fingerprint(), os.getcwd())
    add(json.dumps(options, sort_keys=True, default=str))
    for label, path in (
        ("config", inputs.config_path),
        ("framework", inputs.settings.framework_path),
    ):
        add(label, path is not None)
        if path is not None:
            _add_file(add, path)
    add("measures", len(inputs.files))
    for path in inputs.files:
        _add_file(add, path)
    return Replay(cache.directory / "reports", digest.hexdigest())


def _add_file(add, path: Path) -> None:
    name = display_name(path)
    raw, problem = read_bytes(path, name)
    if problem is not None:
        # What stops the file being read is part of the report.
        add(name, "unreadable", problem.message.en)
    else:
        add(name, raw)


def _prune(directory: Path) -> None:
    try:
        saved = sorted(
            (entry.stat().st_mtime, entry)
            for entry in directory.iterdir()
            if entry.suffix == ".txt"
        )
        for _, entry in saved[: max(0, len(saved) - KEPT_REPORTS)]:
            entry.unlink(missing_ok=True)
    except OSError:
        pass
