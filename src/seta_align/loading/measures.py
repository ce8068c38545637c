"""Finding and reading the measure files of a draft."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding
from ..measure_records import Measure
from .cache_dir import content_digest
from .file_load import FileLoad, load_file
from .files import display_name
from .parse_cache import ParseCache
from .salvage import Salvage
from .yaml_source import Path_, SourceMap, read_bytes


@dataclass(slots=True)
class LoadedMeasure:
    measure: Measure
    file: str
    source: SourceMap
    path: Path_  # where the measure sits inside its file: () or (index,)
    # The parts that could not be read and were left out (None: the whole measure was read).
    salvage: Salvage | None = None

    def locate(self, *inner: str | int) -> tuple[int | None, int | None]:
        if self.salvage is not None and len(inner) >= 2 and isinstance(inner[1], int):
            kept = self.salvage.kept.get(str(inner[0]))
            if kept is not None and 0 <= inner[1] < len(kept):  # the n-th item kept, in the file
                inner = (inner[0], kept[inner[1]], *inner[2:])
        return self.source.locate((*self.path, *inner)) or (None, None)

    @property
    def unreadable(self) -> tuple[str, ...]:
        """The parts left out (``kpis[0]``, ``period``), as field labels."""
        return self.salvage.unreadable if self.salvage is not None else ()

    def left_out(self, key: str) -> bool:
        """Whether some of ``key`` (``kpis``, ``supports`` …) could not be read: a rule that
        would speak of its absence does not know what it held."""
        if self.salvage is None:  # read whole: most measures, asked by rule after rule
            return False
        return any(label == key or label.startswith(key + "[") for label in self.unreadable)


@dataclass(slots=True)
class UnreadMeasure:
    """A measure whose id could be read, but not a field every analysis needs (its title,
    owner or field). It is counted and its id is known; the analyses leave it out."""

    id: str
    file: str
    source: SourceMap
    path: Path_
    unreadable: tuple[str, ...]
    kpis: tuple[str, ...]  # the ids and names of its KPIs, as results may name them
    line: int | None = None  # an item the YAML reader could not parse has no positions

    def locate(self, *inner: str | int) -> tuple[int | None, int | None]:
        if self.line is not None:
            return self.line, 1
        return self.source.locate((*self.path, *inner)) or (None, None)


@dataclass(slots=True)
class Draft:
    files: list[str] = field(default_factory=list)
    measures: list[LoadedMeasure] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    # file name -> digest of the bytes read (what a saved report was made from)
    digests: dict[str, str] = field(default_factory=dict)
    # Measures known by their id only (see UnreadMeasure).
    unread: list[UnreadMeasure] = field(default_factory=list)
    # Files from which something could not be read as a measure at all.
    incomplete: list[str] = field(default_factory=list)

    @property
    def whole_for_coverage(self) -> bool:
        """Whether every measure's links are known: the rules that judge the draft as a whole
        (coverage, cross-field) would otherwise report on a part of it as if it were all."""
        return (
            not self.incomplete
            and not self.unread
            and not any(m.left_out("supports") for m in self.measures)
        )


# Loading in several processes pays once there is enough to parse: a forked worker starts in
# milliseconds, a spawned one (macOS, Windows) re-imports the package (about half a second).
PARALLEL_MIN_BYTES = {"fork": 2_000_000, "spawn": 16_000_000}
MAX_JOBS = 8


def load_draft(
    files: list[Path],
    cache: ParseCache | None = None,
    supplied: dict[Path, tuple[str, bytes]] | None = None,
) -> Draft:
    """Read every file (from the cache where it knows the bytes) and gather the draft.

    ``supplied`` gives the name and bytes of files that are not read from disk (a measure file
    piped to standard input).

    Files the cache does not know are parsed in worker processes when that pays (see
    :func:`_jobs`); the draft is the same either way, in the order of ``files``.
    """
    from ..progress import LoadProgress

    draft = Draft()
    progress = LoadProgress(len(files), "施策ファイルを読み込み中 / reading measure files")
    results: list[FileLoad | Finding | None] = [None] * len(files)
    pending: list[tuple[int, bytes, str]] = []
    try:
        done = 0
        for index, path in enumerate(files):
            if supplied is not None and path in supplied:
                name, raw = supplied[path]
                problem = None
            else:
                name = display_name(path)
                raw, problem = read_bytes(path, name)
            draft.files.append(name)
            if problem is not None:
                results[index] = problem
                done += 1
                progress.advance(done)
                continue
            digest = draft.digests[name] = content_digest(raw)
            if cache is not None and (known := cache.lookup(name, digest)) is not None:
                results[index] = known
                done += 1
                progress.advance(done)
            else:
                pending.append((index, raw, name))
        for index, result in _load_pending(pending, draft.digests, cache, progress):
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
            draft.incomplete.append(name)
            continue
        if not result.complete:
            draft.incomplete.append(name)
        draft.problems.extend(result.problems)
        draft.measures.extend(
            LoadedMeasure(measure, name, result.source, at, result.salvaged.get(index))
            for index, (at, measure) in enumerate(result.measures)
        )
        draft.unread.extend(
            UnreadMeasure(
                known.id, name, result.source, at, known.unreadable, known.kpis, known.line
            )
            for at, known in result.id_only
        )
    return draft


def _load_pending(pending, digests: dict[str, str], cache: ParseCache | None, progress):
    """``(index, FileLoad)`` for each pending file, in order, stored in the cache if any."""
    jobs, method = _jobs(pending)
    if jobs <= 1:
        for index, raw, name in pending:
            if cache is None:
                yield index, load_file(raw, name)
            else:
                yield index, cache.load(raw, name, digests[name])
        return
    import multiprocessing

    from .file_load import decode, load_encoded

    # A running progress bar is a thread; fork only a process without one.
    progress.close()
    with multiprocessing.get_context(method).Pool(jobs) as pool:
        encoded_results = pool.imap(load_encoded, [(raw, name) for _, raw, name in pending])
        for (index, _, name), encoded in zip(pending, encoded_results, strict=True):
            if cache is not None:
                cache.store(digests[name], name, encoded)
            yield index, decode(json.loads(encoded))


def _jobs(pending: list[tuple[int, bytes, str]]) -> tuple[int, str]:
    """How many processes to load ``pending`` with, and how to start them.

    ``SETA_ALIGN_JOBS`` sets the number (1: never in parallel); by default every available
    core, up to 8, once the files to parse are large enough for it to pay.
    """
    if len(pending) < 2:  # nothing to share out (every file from the cache, say)
        return 1, ""
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
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
