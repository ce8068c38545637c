"""Where the cache lives, and which code made an entry. Light on purpose: a replayed check
(``replay.py``) reads these before importing anything heavy."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import stat
from pathlib import Path

CACHE_DIR_NAME = ".seta-align-cache"


def cache_directory(root: Path | None = None, *, sample: bool = False) -> Path | None:
    """``$SETA_ALIGN_CACHE_DIR``, else ``.seta-align-cache`` at the project's root (beside its
    ``seta-align.yaml``), else in the working directory; ``None`` when ``SETA_ALIGN_NO_CACHE``
    is set. The bundled sample is cached only in ``$SETA_ALIGN_CACHE_DIR``: it belongs to no
    folder of the user's, and should leave nothing where the user happens to stand."""
    if os.environ.get("SETA_ALIGN_NO_CACHE"):
        return None
    directory = os.environ.get("SETA_ALIGN_CACHE_DIR")
    if directory:
        return Path(directory)
    if sample:
        return None
    if root is not None:
        return Path(root) / CACHE_DIR_NAME
    try:
        return Path.cwd() / CACHE_DIR_NAME
    except OSError:  # the working directory was deleted: no cache, the check still runs
        return None


@functools.cache
def code_fingerprint() -> str:
    """Which code this is: the version alone does not change while seta-align is developed
    (an editable install), so the size and modification time of every module count too."""
    package = Path(__file__).parents[1]  # the whole seta_align package
    digest = hashlib.sha256()
    for module in sorted(package.rglob("*.py")):
        try:
            status = module.stat()
        except OSError:
            continue
        digest.update(
            f"{module.relative_to(package)}:{status.st_size}:{status.st_mtime_ns};".encode()
        )
    # The libraries whose words or rules reach a report: PyYAML's syntax messages (and whether
    # its C part is there), pydantic's messages, networkx's cycle order. Another installed
    # version changes their files: found without importing them.
    for name in DEPENDENCIES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        locations = list(spec.submodule_search_locations or []) if spec else []
        for location in locations[:1]:
            try:
                entries = sorted(os.scandir(location), key=lambda entry: entry.name)
                for entry in entries:
                    if entry.is_file():
                        status = entry.stat()
                        digest.update(
                            f"{name}/{entry.name}:{status.st_size}:{status.st_mtime_ns};".encode()
                        )
            except OSError:
                continue
    return digest.hexdigest()[:16]


DEPENDENCIES = ("yaml", "pydantic", "pydantic_core", "networkx")


def content_digest(raw: bytes) -> str:
    """The digest by which saved reports know a file's bytes (BLAKE2, fast on large drafts)."""
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


# No cache entry or saved report of ours is larger than this (a measure file is at most 64 MiB).
MAX_CACHE_FILE_BYTES = 512 * 1024 * 1024


def open_cache_file(path: Path, max_bytes: int = MAX_CACHE_FILE_BYTES) -> int | None:
    """A descriptor of a cache file open for reading, or ``None`` when it is not a regular file
    of a sane size.

    The cache is data we read, like a measure file: a FIFO put in its place would block a
    plain ``open`` for ever, and a link to ``/dev/zero`` would never end. Opened without
    blocking and checked with ``fstat`` on what was opened; the caller reads up to the size it
    was checked at.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError):
        return None
    try:
        status = os.fstat(descriptor)
        if stat.S_ISREG(status.st_mode) and status.st_size <= max_bytes:
            return descriptor
    except OSError:
        pass
    os.close(descriptor)
    return None


def read_cache_file(path: Path, max_bytes: int = MAX_CACHE_FILE_BYTES) -> bytes | None:
    """The bytes of a cache file, or ``None`` when it is not a regular file of a sane size
    (see open_cache_file)."""
    descriptor = open_cache_file(path, max_bytes)
    if descriptor is None:
        return None
    try:
        chunks = []
        remaining = max_bytes + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        return None if len(data) > max_bytes else data
    except OSError:
        return None
    finally:
        os.close(descriptor)


def payload_digest(key: str, *parts: bytes) -> str:
    """The digest a cache entry or saved report carries of its own payload, bound to the name
    it is stored under (an entry copied under another name does not verify either)."""
    digest = hashlib.blake2b(digest_size=32)
    digest.update(key.encode("ascii", "replace") + b"\0")
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()
