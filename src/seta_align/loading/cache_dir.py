"""Where the cache lives, and which code made an entry. Light on purpose: a replayed check
(``replay.py``) reads these before importing anything heavy."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
from pathlib import Path

CACHE_DIR_NAME = ".seta-align-cache"


def cache_directory(root: Path | None = None) -> Path | None:
    """``$SETA_ALIGN_CACHE_DIR``, else ``.seta-align-cache`` at the project's root (beside its
    ``seta-align.yaml``), else in the working directory; ``None`` when ``SETA_ALIGN_NO_CACHE``
    is set."""
    if os.environ.get("SETA_ALIGN_NO_CACHE"):
        return None
    directory = os.environ.get("SETA_ALIGN_CACHE_DIR")
    if directory:
        return Path(directory)
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
