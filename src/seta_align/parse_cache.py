"""A parse cache keyed by file content, so an unchanged file is not parsed again.

Reading YAML is the slowest step by far. A file whose bytes were seen before is answered from
``.seta-align-cache/`` with the values it parsed to, stored as JSON (plain data: nothing in the
cache can run code, unlike pickle). The key is a SHA-256 of the bytes together with the tool's
version, so an edit or an upgrade misses the cache by construction. Positions (line and column)
are not cached: when a finding needs one, that file is parsed again, which only files with
findings pay for. Only files that parsed without a problem are cached.

The folder is safe to delete at any time and carries its own ``.gitignore``.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from . import __version__
from .yaml_source import Path_, SourceMap, YamlDocument, parse_bytes

CACHE_DIR_NAME = ".seta-align-cache"
CACHE_FORMAT = 1


class LazySourceMap:
    """A :class:`SourceMap` that parses its file only when a position is first asked for."""

    def __init__(self, raw: bytes, file: str):
        self._raw = raw
        self._file = file
        self._map: SourceMap | None = None

    def _loaded(self) -> SourceMap:
        if self._map is None:
            self._map = parse_bytes(self._raw, self._file).source
            self._raw = b""
        return self._map

    @property
    def values(self) -> dict:
        return self._loaded().values

    @property
    def keys(self) -> dict:
        return self._loaded().keys

    @property
    def typed_as(self) -> dict:
        return self._loaded().typed_as

    @property
    def lines(self) -> list[str]:
        return self._loaded().lines

    def locate(self, path: Path_, prefer_key: bool = False) -> tuple[int, int] | None:
        return self._loaded().locate(path, prefer_key)

    def line_text(self, line: int | None) -> str | None:
        return self._loaded().line_text(line)


class ParseCache:
    def __init__(self, directory: Path):
        self.directory = directory
        self.hits = 0
        self.misses = 0
        self._writable = True

    @staticmethod
    def key(raw: bytes) -> str:
        digest = hashlib.sha256(f"seta-align {__version__} {CACHE_FORMAT}\0".encode())
        digest.update(raw)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def load(self, raw: bytes, file: str) -> YamlDocument:
        """The parsed document, from the cache when these bytes were parsed before."""
        key = self.key(raw)
        try:
            with open(self._path(key), encoding="utf-8") as stream:
                entry = json.load(stream)
            if entry.get("format") == CACHE_FORMAT:
                self.hits += 1
                return YamlDocument(file, entry["data"], LazySourceMap(raw, file), [])
        except (OSError, ValueError, AttributeError):
            pass  # a missing, partial or foreign entry is a miss
        self.misses += 1
        document = parse_bytes(raw, file)
        if not document.problems and document.data is not None:
            self._store(key, document.data)
        return document

    def _store(self, key: str, data: object) -> None:
        if not self._writable:
            return
        target = self._path(key)
        try:
            self._prepare()
            target.parent.mkdir(exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(
                    {"format": CACHE_FORMAT, "data": data},
                    stream,
                    ensure_ascii=False,
                    separators=(",", ":"),
                )
            os.replace(temporary, target)
        except (OSError, ValueError, TypeError):
            # A read-only checkout or a full disk only costs speed, never a result.
            self._writable = False

    def _prepare(self) -> None:
        if not self.directory.is_dir():
            self.directory.mkdir(parents=True, exist_ok=True)
            (self.directory / ".gitignore").write_text(
                "# Created by seta-align: a parse cache, safe to delete.\n*\n", encoding="utf-8"
            )


def default_cache() -> ParseCache | None:
    """``$SETA_ALIGN_CACHE_DIR``, else ``.seta-align-cache`` in the working directory; none when
    ``SETA_ALIGN_NO_CACHE`` is set."""
    if os.environ.get("SETA_ALIGN_NO_CACHE"):
        return None
    directory = os.environ.get("SETA_ALIGN_CACHE_DIR")
    return ParseCache(Path(directory) if directory else Path.cwd() / CACHE_DIR_NAME)
