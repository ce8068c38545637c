"""Where the cache lives, and which code made an entry. Light on purpose: a replayed check
(``replay.py``) reads these before importing anything heavy."""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

CACHE_DIR_NAME = ".seta-align-cache"


def cache_directory() -> Path | None:
    """``$SETA_ALIGN_CACHE_DIR``, else ``.seta-align-cache`` in the working directory; ``None``
    when ``SETA_ALIGN_NO_CACHE`` is set."""
    if os.environ.get("SETA_ALIGN_NO_CACHE"):
        return None
    directory = os.environ.get("SETA_ALIGN_CACHE_DIR")
    return Path(directory) if directory else Path.cwd() / CACHE_DIR_NAME


@functools.cache
def code_fingerprint() -> str:
    """Which code this is: the version alone does not change while seta-align is developed
    (an editable install), so the size and modification time of every module count too."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for module in sorted(package.rglob("*.py")):
        try:
            status = module.stat()
        except OSError:
            continue
        digest.update(
            f"{module.relative_to(package)}:{status.st_size}:{status.st_mtime_ns};".encode()
        )
    return digest.hexdigest()[:16]
