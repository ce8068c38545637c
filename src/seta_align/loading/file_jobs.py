"""Reading the files the parse cache does not know: one after another, or in worker processes
when there is enough to parse for that to pay.

A check reads two kinds of file this way, the results files and the measure files, and both in
one batch: the results first, so that the workers parse them while the measure files wait, not
the main process alone before any measure file is started (at 100,000 measures the two results
files took 13 s of a cold check that way, one core idle).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .parse_cache import ParseCache

# Loading in several processes pays once there is enough to parse: a forked worker starts in
# milliseconds, a spawned one (macOS, Windows) re-imports the package (about half a second).
PARALLEL_MIN_BYTES = {"fork": 2_000_000, "spawn": 16_000_000}
MAX_JOBS = 8
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class FileKind:
    """How one kind of file is read and kept: what reading its bytes gives, that as JSON data
    and back, and what its cache entries' names begin with (apart from a measure file of the
    same name). Its functions are module-level: a worker is sent them by name."""

    prefix: str
    read: Callable[[bytes, str], Any]
    to_json: Callable[[Any], Any]
    from_json: Callable[[Any], Any]


@dataclass(slots=True)
class FileJob:
    """A file to read: its kind, bytes, display name and their ``content_digest``. ``result``
    is what reading it gave, once :func:`read_jobs` has read it."""

    kind: FileKind
    raw: bytes
    name: str
    digest: str
    result: Any = None


def read_jobs(jobs: list[FileJob], cache: ParseCache | None, before_fork=None) -> Iterator[FileJob]:
    """Read each job's file, in order, and yield the job with its ``result`` (kept in the
    ``cache`` if any). ``before_fork``: called before worker processes are started (a progress
    bar's thread must stop first)."""
    count, method = jobs_for([len(job.raw) for job in jobs])
    if count <= 1:
        for job in jobs:
            job.result = _read(job, cache)
            job.raw = b""  # read: its bytes are not held to the end of the batch
            yield job
        return
    import multiprocessing

    if before_fork is not None:
        before_fork()
    _one_malloc_arena()
    with multiprocessing.get_context(method).Pool(count) as pool:
        tasks = ((job.kind, job.raw, job.name) for job in jobs)
        for job, encoded in zip(jobs, pool.imap(_encoded, tasks), strict=True):
            if encoded is None:  # what it gave cannot be written as JSON: read here, not kept
                job.result = job.kind.read(job.raw, job.name)
            else:
                if cache is not None:
                    cache.store(job.digest, job.kind.prefix + job.name, encoded)
                job.result = job.kind.from_json(json.loads(encoded))
            job.raw = b""
            yield job


_M_ARENA_MAX = -8  # glibc's malloc.h


def _one_malloc_arena() -> None:
    """On glibc, keep every thread of this process to one malloc arena (``mallopt``'s
    ``M_ARENA_MAX``, as ``MALLOC_ARENA_MAX=1`` would). The pool's threads take in the workers'
    text while the main thread reads it: glibc then gives them arenas of their own, whose freed
    memory the main thread never reuses. A cold check of 100,000 measures peaked 60 MiB higher
    that way (1,078 MiB, not 1,018). The interpreter lock lets one thread run at a time, so
    one arena costs no waiting. Elsewhere (macOS, Windows, musl) nothing is done."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
        mallopt(_M_ARENA_MAX, 1)
    except (OSError, AttributeError, TypeError):
        pass


def _read(job: FileJob, cache: ParseCache | None) -> Any:
    """Read here (the cache, asked before the job was made, did not know the file)."""
    kind = job.kind
    result = kind.read(job.raw, job.name)
    if cache is not None:
        cache.keep(job.digest, kind.prefix + job.name, result, kind.to_json)
    return result


def _encoded(task: tuple[FileKind, bytes, str]) -> str | None:
    """What reading a file gives, as JSON text (cheap to send back), in a worker process; None
    when it holds a value JSON cannot (the file is then read again where it is needed, as the
    cache then keeps no entry: see ParseCache.load)."""
    kind, raw, name = task
    result = kind.read(raw, name)
    try:
        return _COMPACT.encode(kind.to_json(result))
    except (TypeError, ValueError):
        return None


def jobs_for(sizes: list[int]) -> tuple[int, str]:
    """How many processes to read files of these ``sizes`` with, and how to start them.

    ``SETA_ALIGN_JOBS`` sets the number (1: never in parallel); by default every available
    core, up to 8, once the files to parse are large enough for it to pay.
    """
    if len(sizes) < 2:  # nothing to share out (every file from the cache, say)
        return 1, ""
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    wanted = os.environ.get("SETA_ALIGN_JOBS", "").strip()
    if wanted:
        try:
            return max(1, min(int(wanted), MAX_JOBS, len(sizes))), method
        except ValueError:
            _warn_jobs(wanted)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    if sum(sizes) < PARALLEL_MIN_BYTES[method]:
        return 1, method
    return max(1, min(cores, MAX_JOBS, len(sizes))), method


def _warn_jobs(value: str) -> None:
    import sys

    print(
        f"seta-align: SETA_ALIGN_JOBS={value!r} は整数ではないため無視します。"
        f" / SETA_ALIGN_JOBS={value!r} is not a whole number; ignored.",
        file=sys.stderr,
    )
