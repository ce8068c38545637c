"""Which files a check reads: the measure files under the paths given, the config file that
applies to them, and names for messages.

Kept free of the parser and the models, so that a check whose report can be replayed (see
``replay.py``) starts without importing them.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

MEASURE_SUFFIXES = (".yaml", ".yml")
CONFIG_NAMES = ("seta-align.yaml", "seta-align.yml")
# Editor backups and office lock files are never measure files.
SKIPPED_PATTERNS = ("*~", ".#*", ".~lock*", "~$*")


class MissingPathError(Exception):
    def __init__(self, path: Path):
        super().__init__(str(path))
        self.path = path


def display_name(path: Path, base: Path | None = None) -> str:
    """A short path for messages: relative to the working directory when it is inside it."""
    try:
        base = base or Path.cwd()
        absolute = os.path.abspath(path)
        if Path(absolute).is_relative_to(os.path.abspath(base)):
            return os.path.relpath(absolute, base)
    except (OSError, ValueError, RuntimeError):
        pass
    return str(path)


def _skipped(name: str) -> bool:
    return name in CONFIG_NAMES or any(fnmatch.fnmatch(name, p) for p in SKIPPED_PATTERNS)


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def discover(
    paths: list[Path],
    unreadable: list[Path] | None = None,
    empty: list[Path] | None = None,
) -> list[Path]:
    """Measure files under ``paths``, in a stable order, each once.

    Linked folders are followed while they stay inside the folder given, each real folder is
    read once (so a link loop ends), and anything that is not a regular file is still listed so
    that reading it reports what it is.
    """
    found: list[Path] = []
    seen: set[str] = set()
    listed = False  # whether the path being walked holds a measure file (found before or not)

    def add(candidate: Path) -> None:
        nonlocal listed
        listed = True
        key = os.path.realpath(candidate)
        if key not in seen:
            seen.add(key)
            found.append(candidate)

    for path in paths:
        if not os.path.lexists(path):
            raise MissingPathError(path)
        listed = False
        if not os.path.isdir(path):
            add(path)
            continue
        root = os.path.realpath(path)
        visited: set[str] = set()
        # A folder that cannot be listed is passed on (and reported), never silently skipped.
        on_error = (
            (lambda error: unreadable.append(Path(error.filename)))
            if unreadable is not None
            else None
        )
        for folder, dirs, files in os.walk(path, followlinks=True, onerror=on_error):
            real = os.path.realpath(folder)
            if real in visited or not _inside(real, root):
                dirs[:] = []
                continue
            visited.add(real)
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.lower().endswith(MEASURE_SUFFIXES) and not _skipped(name):
                    add(Path(folder) / name)
            # A folder named like a measure file is reported by the reader, not skipped.
            for name in dirs:
                if name.lower().endswith(MEASURE_SUFFIXES):
                    add(Path(folder) / name)
        # A folder given on the command line with no measure file in it is most likely a typo.
        # (A folder given twice, or inside another folder given, is not empty.)
        if empty is not None and not listed:
            empty.append(path)
    return found


def find_config(start: Path, stop: Path | None = None) -> Path | None:
    """The nearest ``seta-align.yaml`` from ``start`` upwards, stopping at a repository root
    (a folder with ``.git``) or at ``stop``."""
    current = Path(os.path.abspath(start))
    if not os.path.isdir(current):
        current = current.parent
    while True:
        for name in CONFIG_NAMES:
            candidate = current / name
            if os.path.isfile(candidate):
                return candidate
        if os.path.lexists(current / ".git") or current.parent == current:
            return None
        if stop is not None and current == Path(os.path.abspath(stop)):
            return None
        current = current.parent


def default_paths() -> list[Path]:
    """``./data/measures`` when it exists, else the bundled sample draft."""
    from .resources import bundled_measures

    local = Path("data/measures")
    return [local] if local.is_dir() else [bundled_measures()]
