"""Finding and reading the measure files of a draft."""

from __future__ import annotations

import fnmatch
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .file_load import FileLoad, load_file
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


# Loading in several processes pays once there is enough to parse: a forked worker starts in
# milliseconds, a spawned one (macOS, Windows) re-imports the package (about half a second).
PARALLEL_MIN_BYTES = {"fork": 2_000_000, "spawn": 16_000_000}
MAX_JOBS = 8


def load_draft(files: list[Path], cache: ParseCache | None = None) -> Draft:
    """Read every file (from the cache where it knows the bytes) and gather the draft.

    Files the cache does not know are parsed in worker processes when that pays (see
    :func:`_jobs`); the draft is the same either way, in the order of ``files``.
    """
    from .progress import LoadProgress

    draft = Draft()
    progress = LoadProgress(len(files), "施策ファイルを読み込み中 / reading measure files")
    results: list[FileLoad | Finding | None] = [None] * len(files)
    pending: list[tuple[int, bytes, str]] = []
    try:
        done = 0
        for index, path in enumerate(files):
            name = display_name(path)
            draft.files.append(name)
            raw, problem = read_bytes(path, name)
            if problem is not None:
                results[index] = problem
            elif cache is not None and (known := cache.lookup(raw, name)) is not None:
                results[index] = known
            else:
                pending.append((index, raw, name))
                continue
            done += 1
            progress.advance(done)
        for index, result in _load_pending(pending, cache, progress):
            results[index] = result
            done += 1
            progress.advance(done)
    finally:
        progress.close()
    if cache is not None:
        cache.prune()
    for name, result in zip(draft.files, results, strict=True):
        if isinstance(result, Finding):
            draft.problems.append(result)
            continue
        draft.problems.extend(result.problems)
        draft.measures.extend(
            LoadedMeasure(measure, name, result.source, at) for at, measure in result.measures
        )
    return draft


def _load_pending(pending, cache: ParseCache | None, progress):
    """``(index, FileLoad)`` for each pending file, in order, stored in the cache if any."""
    jobs, method = _jobs(pending)
    if jobs <= 1:
        for index, raw, name in pending:
            yield index, (cache.load(raw, name) if cache is not None else load_file(raw, name))
        return
    import multiprocessing

    from .file_load import decode, load_encoded

    # A running progress bar is a thread; fork only a process without one.
    progress.close()
    with multiprocessing.get_context(method).Pool(jobs) as pool:
        encoded_results = pool.imap(load_encoded, [(raw, name) for _, raw, name in pending])
        for (index, raw, name), encoded in zip(pending, encoded_results, strict=True):
            if cache is not None:
                cache.store(raw, name, encoded)
            yield index, decode(json.loads(encoded), raw)


def _jobs(pending: list[tuple[int, bytes, str]]) -> tuple[int, str]:
    """How many processes to load ``pending`` with, and how to start them.

    ``SETA_ALIGN_JOBS`` sets the number (1: never in parallel); by default every available
    core, up to 8, once the files to parse are large enough for it to pay.
    """
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if len(pending) < 2:
        return 1, method
    wanted = os.environ.get("SETA_ALIGN_JOBS", "").strip()
    if wanted:
        try:
            return max(1, min(int(wanted), MAX_JOBS, len(pending))), method
        except ValueError:
            _warn_jobs(wanted)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    if sum(len(raw) for _, raw, _ in pending) < PARALLEL_MIN_BYTES[method]:
        return 1, method
    return max(1, min(cores, MAX_JOBS, len(pending))), method


def _warn_jobs(value: str) -> None:
    import sys

    print(
        f"seta-align: SETA_ALIGN_JOBS={value!r} は整数ではないため無視します。"
        f" / SETA_ALIGN_JOBS={value!r} is not a whole number; ignored.",
        file=sys.stderr,
    )
