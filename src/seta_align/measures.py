"""Finding and reading the measure files of a draft."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path

from .file_load import load_file
from .findings import Finding
from .models import Measure
from .parse_cache import ParseCache
from .yaml_source import Path_, SourceMap, read_bytes

MEASURE_SUFFIXES = (".yaml", ".yml")
CONFIG_NAMES = ("seta-align.yaml", "seta-align.yml")
# Editor backups and office lock files are never measure files.
SKIPPED_PATTERNS = ("*~", ".#*", ".~lock*", "~$*")


@dataclass(slots=True)
class LoadedMeasure:
    measure: Measure
    file: str
    source: SourceMap
    path: Path_  # where the measure sits inside its file: () or (index,)

    def locate(self, *inner: str | int) -> tuple[int | None, int | None]:
        return self.source.locate((*self.path, *inner)) or (None, None)


@dataclass(slots=True)
class Draft:
    files: list[str] = field(default_factory=list)
    measures: list[LoadedMeasure] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)


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

    def add(candidate: Path) -> None:
        key = os.path.realpath(candidate)
        if key not in seen:
            seen.add(key)
            found.append(candidate)

    for path in paths:
        if not os.path.lexists(path):
            raise MissingPathError(path)
        before = len(found)
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
        if empty is not None and len(found) == before:
            empty.append(path)
    return found


def load_draft(files: list[Path], cache: ParseCache | None = None) -> Draft:
    from .progress import LoadProgress

    draft = Draft()
    progress = LoadProgress(len(files), "施策ファイルを読み込み中 / reading measure files")
    try:
        for done, path in enumerate(files, start=1):
            _load_file(draft, path, cache)
            progress.advance(done)
    finally:
        progress.close()
    return draft


def _load_file(draft: Draft, path: Path, cache: ParseCache | None) -> None:
    name = display_name(path)
    draft.files.append(name)
    raw, problem = read_bytes(path, name)
    if problem is not None:
        draft.problems.append(problem)
        return
    result = cache.load(raw, name) if cache is not None else load_file(raw, name)
    draft.problems.extend(result.problems)
    draft.measures.extend(
        LoadedMeasure(measure, name, result.source, at) for at, measure in result.measures
    )
