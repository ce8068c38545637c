"""A cache of loaded measure files keyed by content, so an unchanged file is not read again.

Reading YAML, normalising and validating are most of a check. A file whose bytes were loaded
before under the same name is answered from ``.seta-align-cache/`` with what loading it gave:
its findings, its valid measures and the positions of its values (see ``file_load.encode``).
The key is a SHA-256 of the tool's version, the cache format, the file's display name and its
bytes, so an edit, a rename or an upgrade misses the cache by construction, and what comes out
is exactly what loading the file would give. Entries are plain JSON: nothing in the cache can
run code (no pickle).

The folder is safe to delete at any time and carries its own ``.gitignore``. Entries unused
for 30 days are deleted (see :meth:`ParseCache.prune`), so editing files for months does not
fill the disk.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .. import __version__
from .cache_dir import cache_directory, code_fingerprint, payload_digest, read_cache_file
from .file_load import decode, encode, load_file

CACHE_FORMAT = 6
# Entries not used for this many days are deleted (checked at most once a day).
KEEP_DAYS = 30
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
T = TypeVar("T")


class ParseCache:
    def __init__(self, directory: Path):
        self.directory = directory
        self.hits = 0
        self.misses = 0
        self._writable = True
        # Entries made while held (see hold), written when released.
        self._held: list[tuple[str, str]] | None = None

    def hold(self) -> None:
        """Keep new entries in memory until :meth:`release`: a run that stops before it reads
        any measure (no measure files) leaves no cache folder behind, where a walk of the
        project would find it."""
        self._held = []

    def release(self) -> None:
        """Write the entries held since :meth:`hold`, and the next ones at once."""
        held, self._held = self._held or [], None
        for key, encoded in held:
            self._write(key, encoded)

    @staticmethod
    def key(digest: str, name: str) -> str:
        """The entry for a file's bytes (by their ``content_digest``, which the reader has made
        anyway) read under ``name``."""
        text = f"seta-align {__version__} {CACHE_FORMAT} {code_fingerprint()}\0{name}\0{digest}"
        # surrogateescape: a file name that is not valid UTF-8
        return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def lookup(self, name: str, digest: str, decoder: Callable[[Any], T] = decode) -> T | None:
        """What loading these bytes (``digest``) under this name gave before, or ``None``:
        a measure file's ``FileLoad``, or what ``decoder`` makes of the entry of another kind
        of file (``name`` then begins with its kind: see :meth:`load`).

        An entry is used only when it is a regular file whose payload verifies against the
        digest it carries: a damaged or edited entry is a miss, and is overwritten.
        """
        payload = self._verified(self.key(digest, name))
        if payload is not None:
            try:
                result = decoder(json.loads(payload.decode("utf-8", "surrogateescape")))
            except (ValueError, KeyError, TypeError, IndexError, AttributeError):
                pass  # a foreign entry is a miss
            else:
                self.hits += 1
                return result
        self.misses += 1
        return None

    def _verified(self, key: str) -> bytes | None:
        """The payload of the entry ``key``, when it is a regular file whose payload verifies
        against the digest it carries (and is marked in use); else ``None``."""
        path = self._path(key)
        try:
            data = read_cache_file(path)
            if data is None:
                return None
            header, _, payload = data.partition(b"\n")
            fields = json.loads(header)
        except (ValueError, TypeError, AttributeError):
            return None  # a partial entry
        if not isinstance(fields, dict) or fields.get("format") != CACHE_FORMAT:
            return None
        if fields.get("digest") != payload_digest(key, payload):
            return None
        self._keep_fresh(path)
        return payload

    def load(
        self,
        raw: bytes,
        name: str,
        digest: str,
        *,
        kind: str = "",
        read: Callable[[bytes, str], T] = load_file,
        to_json: Callable[[T], Any] = encode,
        from_json: Callable[[Any], T] = decode,
    ) -> T:
        """What reading the file gives (``read``: a measure file's :class:`FileLoad` unless
        said), from the cache when these bytes were read before under this name. Another
        ``kind`` of file (results) is kept apart from a measure file of the same name."""
        result = self.lookup(kind + name, digest, from_json)
        if result is None:
            result = read(raw, name)
            self.keep(digest, kind + name, result, to_json)
        return result

    def keep(self, digest: str, name: str, result: Any, to_json: Callable[[Any], Any]) -> None:
        """Keep what reading the bytes (``digest``) under ``name`` gave, as ``to_json`` writes
        it; a value JSON cannot hold is simply not kept (the file is read again next time)."""
        try:
            encoded = _COMPACT.encode(to_json(result))
        except (TypeError, ValueError):
            return
        self.store(digest, name, encoded)

    def remembered(self, kind: str, inputs: str, make):
        """What ``make()`` gives for ``inputs`` (a digest of everything it depends on), saved
        under ``kind`` by the run that made it (a check) for the runs after it (the views): an
        analysis that is a pure function of its inputs, as JSON data."""
        key = self.key(inputs, f"\0{kind}")
        payload = self._verified(key)
        if payload is not None:
            try:
                return json.loads(payload.decode("utf-8"))
            except ValueError:
                pass  # a foreign entry is made again
        made = make()
        self._write(key, _COMPACT.encode(made))
        return made

    def store(self, digest: str, name: str, encoded: str) -> None:
        """Keep ``encoded`` (JSON text of ``file_load.encode``) as what these bytes give."""
        self._write(self.key(digest, name), encoded)

    def _write(self, key: str, encoded: str) -> None:
        if not self._writable:
            return
        if self._held is not None:
            self._held.append((key, encoded))
            return
        target = self._path(key)
        try:
            self._prepare()
            target.parent.mkdir(exist_ok=True)
            payload = encoded.encode("utf-8", "surrogateescape")
            header = json.dumps({"format": CACHE_FORMAT, "digest": payload_digest(key, payload)})
            handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                stream.write(header.encode("ascii") + b"\n" + payload)
            os.replace(temporary, target)
        except (OSError, ValueError):
            # A read-only checkout or a full disk only costs speed, never a result.
            self._writable = False

    def _keep_fresh(self, path: Path) -> None:
        """Mark an entry in use (now and then, not on every read), so pruning keeps it."""
        try:
            if time.time() - os.stat(path).st_mtime > KEEP_DAYS * 86400 / 4:
                os.utime(path)
        except OSError:
            pass

    def prune(self) -> None:
        """Delete entries unused for ``KEEP_DAYS`` days (every edit of a file leaves one behind),
        at most once a day, and only after this run stored something."""
        if self.misses == 0 or not self._writable:
            return
        stamp = self.directory / "pruned"
        now = time.time()
        try:
            if stamp.exists() and now - stamp.stat().st_mtime < 86400:
                return
            stamp.touch()
            # Only names this tool writes are ever deleted: the folder may be one the user
            # chose ($SETA_ALIGN_CACHE_DIR) with other files in it.
            for folder in self.directory.iterdir():
                if _FOLDER.fullmatch(folder.name) and folder.is_dir():
                    _delete_old(folder, _ENTRY, now)
            _delete_old(self.directory / "reports", _REPORT, now)
        except OSError:
            pass  # pruning is housekeeping: it never fails a check

    def _prepare(self) -> None:
        if not self.directory.is_dir():
            self.directory.mkdir(parents=True, exist_ok=True)
            (self.directory / ".gitignore").write_text(
                "# Created by seta-align: a cache of loaded files, safe to delete.\n*\n",
                encoding="utf-8",
            )


_FOLDER = re.compile(r"[0-9a-f]{2}")
_ENTRY = re.compile(r"[0-9a-f]{64}\.json|tmp\w+\.tmp")
_REPORT = re.compile(r"[0-9a-f]{64}\.txt|tmp\w+\.tmp")


def _delete_old(folder: Path, names: re.Pattern[str], now: float) -> None:
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if names.fullmatch(entry.name) and now - entry.stat().st_mtime > KEEP_DAYS * 86400:
            entry.unlink(missing_ok=True)


def read_through(
    cache: ParseCache | None,
    raw: bytes,
    name: str,
    digest: str,
    *,
    kind: str,
    read: Callable[[bytes, str], T],
    form: Any,
) -> T:
    """What ``read`` gives for a file's bytes (``digest``: their ``content_digest``), from the
    ``cache`` when it read the same bytes under ``name`` before. Kept there as ``form``'s JSON
    (its ``to_json`` and ``from_json``), under ``kind``: apart from a measure file of the same
    name (the config, the interactions, the indicators and the results are read so)."""
    if cache is None:
        return read(raw, name)
    return cache.load(
        raw, name, digest, kind=kind, read=read, to_json=form.to_json, from_json=form.from_json
    )


def default_cache(root: Path | None = None, *, sample: bool = False) -> ParseCache | None:
    """The cache in :func:`cache_dir.cache_directory` (at the project ``root`` when there is
    one), or none when it is turned off."""
    directory = cache_directory(root, sample=sample)
    return ParseCache(directory) if directory is not None else None
