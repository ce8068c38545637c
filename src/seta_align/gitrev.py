"""Reading a draft as it was at a git revision, without touching the working tree.

Only what a check reads is taken out of the revision: the measure files under the folders asked
for, every ``seta-align.yaml`` of the tree, and the framework files those configs name. Nothing
is extracted as a link: a committed symlink (absolute, or pointing out of the tree) elsewhere in
the repository is simply not read, and a symlinked measure file is reported by the caller.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .loading.files import CONFIG_NAMES, MEASURE_SUFFIXES
from .loading.framework_modules import BUNDLED_PREFIX

_SYMLINK = "120000"
_SUBMODULE = "160000"


class GitError(Exception):
    pass


class GitNotInstalled(Exception):
    """No git to run."""


class GitUnanswered(Exception):
    """git did not answer in time, or could not be started: asking again will not help."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


def run(
    directory: Path, *args: str, stdin: bytes | None = None, timeout: float = 300
) -> subprocess.CompletedProcess:
    """git in ``directory``, without a shell, never waiting on a prompt, a lock or forever;
    its messages in one language (what is read from its output is bytes in any locale)."""
    environment = {
        **os.environ,
        "GIT_TERMINAL_PROMPT": "0",
        # Reading must not take the index lock another git (an editor's) holds.
        "GIT_OPTIONAL_LOCKS": "0",
        "LC_ALL": "C",
        "LANGUAGE": "C",
    }
    try:
        return subprocess.run(
            ["git", "-C", str(directory), *args],
            input=stdin,
            stdin=None if stdin is not None else subprocess.DEVNULL,
            capture_output=True,
            check=False,
            timeout=timeout,
            env=environment,
        )
    except FileNotFoundError:
        raise GitNotInstalled from None
    except subprocess.TimeoutExpired:
        raise GitUnanswered(
            f"git が {timeout:g} 秒以内に応答しませんでした / git did not answer within {timeout:g} s"
        ) from None
    except OSError as error:  # found but not runnable (permissions, a broken file)
        raise GitUnanswered(f"git: {error.strerror or error}") from None


def _git(repository: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        completed = run(repository, *args, stdin=stdin)
    except GitNotInstalled:
        raise GitError("git is not installed / git がインストールされていません") from None
    except GitUnanswered as error:
        raise GitError(error.detail) from None
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip()
        raise GitError(message or f"git {' '.join(args)} failed ({completed.returncode})")
    return completed.stdout


def repository_root(start: Path) -> Path:
    return Path(_git(start, "rev-parse", "--show-toplevel").decode().strip())


def resolve(repository: Path, revision: str) -> str:
    """The commit ``revision`` names; a :class:`GitError` with git's own words otherwise."""
    if not revision or revision.startswith("-"):
        raise GitError(f"not a revision: '{revision}'")
    try:
        answer = _git(
            repository, "rev-parse", "--verify", "--end-of-options", f"{revision}^{{commit}}"
        )
    except GitError as error:
        raise GitError(f"'{revision}': {error}") from None
    return answer.decode().strip()


def merge_base(repository: Path, first: str, second: str) -> str:
    """Where ``second`` branched off ``first`` (what GitHub compares with ``A...B``)."""
    try:
        return _git(repository, "merge-base", first, second).decode().strip()
    except GitError as error:
        raise GitError(f"'{first}...{second}': {error}") from None


@dataclass(slots=True)
class Extracted:
    """What was taken out of a revision, and the measure files that are links (not taken)."""

    files: list[str] = field(default_factory=list)
    symlinked_measures: list[str] = field(default_factory=list)


def extract(repository: Path, commit: str, folders: list[str], destination: Path) -> Extracted:
    """Write the files a check of ``folders`` (paths relative to the repository root) needs, as
    they are at ``commit``, under ``destination``."""
    listing = _git(repository, "ls-tree", "-r", "-z", "--full-tree", commit)
    entries: list[tuple[str, str, str]] = []  # (mode, object, path)
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, sha = meta.decode().split()
        if kind != "blob":
            continue  # submodules (commits) are other repositories
        entries.append((mode, sha, os.fsdecode(raw_path)))
    prefixes = [folder.strip("/") for folder in folders]

    def under_a_folder(path: str) -> bool:
        return any(
            not prefix or prefix == "." or path == prefix or path.startswith(prefix + "/")
            for prefix in prefixes
        )

    extracted = Extracted()
    wanted: dict[str, str] = {}
    for mode, sha, path in entries:
        name = posixpath.basename(path)
        is_measure = under_a_folder(path) and name.lower().endswith(MEASURE_SUFFIXES)
        if mode == _SYMLINK:
            if is_measure:
                extracted.symlinked_measures.append(path)
            continue
        if mode == _SUBMODULE:
            continue
        if is_measure or name in CONFIG_NAMES:
            wanted[path] = sha
    # The framework files the configs name (relative to each config), when in the repository.
    by_path = {path: sha for mode, sha, path in entries if mode not in (_SYMLINK, _SUBMODULE)}
    contents = _read_blobs(repository, [wanted[p] for p in wanted])
    blobs = dict(zip(wanted, contents, strict=True))
    for path in [p for p in wanted if posixpath.basename(p) in CONFIG_NAMES]:
        for named in _frameworks_named(blobs[path]):
            if named.startswith(BUNDLED_PREFIX) or posixpath.isabs(named):
                continue  # a bundled module is the tool's own, not the revision's
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), named))
            if target in by_path and target not in blobs:
                blobs[target] = _read_blobs(repository, [by_path[target]])[0]
    root = destination.resolve()
    for path, data in blobs.items():
        target = (destination / path).resolve()
        if not target.is_relative_to(root):
            continue  # never outside the scratch folder, whatever a path says
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        extracted.files.append(path)
    return extracted


def _frameworks_named(config: bytes) -> list[str]:
    """The framework files a config names: ``framework:`` as one entry or a list."""
    try:
        data = yaml.safe_load(config)
    except yaml.YAMLError:
        return []  # the check reports the config itself
    value = data.get("framework") if isinstance(data, dict) else None
    entries = value if isinstance(value, list) else [value]
    return [entry for entry in entries if isinstance(entry, str) and entry]


def _read_blobs(repository: Path, shas: list[str]) -> list[bytes]:
    """The contents of many blobs through one ``git cat-file --batch``."""
    if not shas:
        return []
    output = _git(repository, "cat-file", "--batch", stdin="".join(f"{s}\n" for s in shas).encode())
    contents = []
    position = 0
    for _ in shas:
        end = output.index(b"\n", position)
        header = output[position:end].split()
        size = int(header[2])
        start = end + 1
        contents.append(output[start : start + size])
        position = start + size + 1
    return contents
