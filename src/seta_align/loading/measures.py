"""Finding and reading the measure files of a draft."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding
from ..measure_records import Measure
from .cache_dir import content_digest
from .file_jobs import FileJob, FileKind, read_jobs
from .file_load import FileLoad, decode, encode, load_file
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


# How a measure file is read and kept (see file_jobs).
MEASURE_FILE = FileKind("", load_file, encode, decode)


def load_draft(
    files: list[Path],
    cache: ParseCache | None = None,
    supplied: dict[Path, tuple[str, bytes]] | None = None,
    before: list[FileJob] | None = None,
) -> Draft:
    """Read every file (from the cache where it knows the bytes) and gather the draft.

    ``supplied`` gives the name and bytes of files that are not read from disk (a measure file
    piped to standard input). ``before``: files of other kinds (the results) that the cache
    does not know, read first in the same batch; each job's ``result`` is then set.

    Files the cache does not know are parsed in worker processes when that pays (see
    :func:`file_jobs.jobs_for`); the draft is the same either way, in the order of ``files``.
    """
    from ..progress import LoadProgress

    draft = Draft()
    progress = LoadProgress(len(files), "施策ファイルを読み込み中 / reading measure files")
    results: list[FileLoad | Finding | None] = [None] * len(files)
    pending: list[FileJob] = []
    places: list[int] = []  # each pending job's file, by its index in ``files``
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
                pending.append(FileJob(MEASURE_FILE, raw, name, digest))
                places.append(index)
        first = before or []
        for position, job in enumerate(read_jobs([*first, *pending], cache, progress.close)):
            if position < len(first):
                continue  # a file of another kind: its reader takes the job's result
            results[places[position - len(first)]] = job.result
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
