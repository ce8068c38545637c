"""Which files a check reads: the project (the folder holding ``seta-align.yaml``), the measure
files under the paths given, and names for messages.

Kept free of the parser and the models, so that a check whose report can be replayed (see
``replay.py``) starts without importing them.

A file named on the command line is always read. A folder is walked, and what a folder never
yields is decided here, in one place, so that ``check``, ``--list-files`` and a replayed report
agree: hidden files and folders, git-ignored files (git's own answer), the config and the
framework file in use, virtual environments and vendored folders, well-known YAML of other
tools (CI workflows, pre-commit, mkdocs, docker compose …), editor backups, and the config's
``exclude:`` patterns.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ..printable import visible

MEASURE_SUFFIXES = (".yaml", ".yml")
CONFIG_NAMES = ("seta-align.yaml", "seta-align.yml")
# Editor backups and office lock files are never measure files.
BACKUP_PATTERNS = ("*~", ".#*", ".~lock*", "~$*")
# Folders of installed software, never a draft: virtual environments (also recognised by their
# pyvenv.cfg, whatever their name), node packages, Python caches.
VENDORED_FOLDERS = frozenset({"venv", ".venv", "node_modules", "site-packages", "__pycache__"})
# YAML that other tools own. Hidden ones (.pre-commit-config.yaml, .github/, .gitlab-ci.yml)
# are skipped as hidden already; they are listed so that the reason shown is the right one.
TOOL_FILE_PATTERNS = (
    ".pre-commit-config.yaml",
    ".pre-commit-hooks.yaml",
    ".gitlab-ci.yml",
    ".gitlab-ci.yaml",
    ".readthedocs.yaml",
    ".readthedocs.yml",
    "mkdocs.yml",
    "mkdocs.yaml",
    "docker-compose*.yml",
    "docker-compose*.yaml",
    "compose.yml",
    "compose.yaml",
    "environment.yml",
    "environment.yaml",
    "action.yml",
    "action.yaml",
    "pnpm-lock.yaml",
)
TOOL_FOLDERS = frozenset({".github", ".gitlab", ".circleci"})
GLOB_CHARACTERS = frozenset("*?[")

# Why a file or folder was not read (shown by ``check --list-files -v``).
SKIP_REASONS = {
    "hidden": ("隠しファイル・フォルダ", "hidden"),
    "gitignored": (".gitignore で除外", "ignored by git (.gitignore)"),
    "excluded": ("設定の exclude で除外", "excluded by the config's exclude:"),
    "config": ("seta-align の設定ファイル", "the seta-align config file"),
    "framework": ("使用中のフレームワークファイル", "the framework file in use"),
    "interactions": ("設定で指定した相互作用ファイル", "the interactions file the config names"),
    "results": ("設定で指定した実績のフォルダ・ファイル", "results the config names"),
    "indicators": ("設定で指定した成果指標ファイル", "the indicators file the config names"),
    "vendored": ("仮想環境・外部パッケージのフォルダ", "virtual environment or vendored folder"),
    "tool-file": ("他のツールの設定ファイル", "another tool's file (CI, pre-commit, mkdocs …)"),
    "backup": ("エディタのバックアップ・ロックファイル", "editor backup or lock file"),
}


class MissingPathError(Exception):
    def __init__(self, path: Path):
        super().__init__(str(path))
        self.path = path


# The project the run is about (set once its config is found): a file of the project is named
# relative to the working directory even from a sub-folder (``../policies.yaml``), as linters
# do, instead of by an absolute path that differs from machine to machine.
_project_root: str | None = None


def set_project_root(root: Path | None) -> None:
    global _project_root
    _project_root = None if root is None else os.path.abspath(root)


def display_name(path: Path, base: Path | None = None) -> str:
    """A short path for messages: relative to the working directory when it is inside it, or
    inside the project that holds the working directory. A name that is not valid UTF-8 (or
    holds control characters) is shown with ``\\x`` escapes, the same in every format."""
    try:
        base = base or Path.cwd()
        absolute = os.path.abspath(path)
        start = os.path.abspath(base)
        if _inside(absolute, start):
            return visible(os.path.relpath(absolute, start))
        root = _project_root
        if root is not None and _inside(absolute, root) and _inside(start, root):
            return visible(os.path.relpath(absolute, start))
    except (OSError, ValueError, RuntimeError):
        pass
    return visible(str(path))


def result_files(paths: list[Path]) -> list[Path]:
    """The YAML files of the results paths: a file as named, a folder's files sorted by path
    (hidden files and folders, editor backups and lock files left out). Here, with no parser
    or models, so that a saved output can check its results files (replay.py)."""
    found: list[Path] = []
    for path in paths:
        if not os.path.isdir(path):
            found.append(path)
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if (
                    name.lower().endswith(MEASURE_SUFFIXES)
                    and not name.startswith(".")
                    and not any(fnmatch.fnmatch(name, p) for p in BACKUP_PATTERNS)
                ):
                    found.append(Path(folder) / name)
    return found


def is_glob(path: Path | str) -> bool:
    return any(character in GLOB_CHARACTERS for character in str(path))


@dataclass(frozen=True, slots=True)
class Selection:
    """What decides, besides the built-in rules, which files a folder yields.

    Plain data, so that a saved report can keep it in its manifest and a replay can walk the
    folders exactly as the check did without reading the config again.
    """

    base: str | None = None  # the project root: ``exclude`` patterns are relative to it
    exclude: tuple[str, ...] = ()
    never: tuple[str, ...] = ()  # real paths of files that are not measures (config, framework)
    never_reasons: tuple[str, ...] = ()  # the reason code of each path in ``never``
    use_gitignore: bool = True

    def as_json(self) -> dict:
        return {
            "base": self.base,
            "exclude": list(self.exclude),
            "never": list(self.never),
            "never_reasons": list(self.never_reasons),
            "use_gitignore": self.use_gitignore,
        }

    @classmethod
    def from_json(cls, value: dict) -> Selection:
        return cls(
            value["base"],
            tuple(value["exclude"]),
            tuple(value["never"]),
            tuple(value["never_reasons"]),
            bool(value["use_gitignore"]),
        )


@dataclass(slots=True)
class Discovery:
    """The measure files found, and what was passed over on the way (and why)."""

    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (path, reason code)
    unreadable: list[Path] = field(default_factory=list)  # folders that could not be listed
    empty: list[Path] = field(default_factory=list)  # folders given that hold no measure file
    notes: list[tuple[str, str]] = field(default_factory=list)  # (ja, en), e.g. git missing


def discover(paths: list[Path], selection: Selection | None = None) -> Discovery:
    """Measure files under ``paths``, in a stable order, each once.

    A path that does not exist but holds ``*``, ``?`` or ``[`` is a glob, expanded here
    (Windows shells do not expand them); what it matches counts as named on the command line.
    Linked folders are followed while they stay inside the folder given, each real folder is
    read once (so a link loop ends), and anything that is not a regular file is still listed so
    that reading it reports what it is. Raises :class:`MissingPathError` for a path that does
    not exist (or a glob that matches nothing).
    """
    selection = selection or Selection()
    walker = _Walker(selection)
    for path in paths:
        if not os.path.lexists(path) and is_glob(path):
            matches = sorted(glob.glob(str(path), recursive=True))
            if not matches:
                raise MissingPathError(path)
            before = len(walker.result.files)
            for match in matches:
                walker.visit(Path(match), named=True)
            if len(walker.result.files) == before and all(
                os.path.isdir(match) for match in matches
            ):
                walker.result.empty.append(path)
            continue
        if not os.path.lexists(path):
            raise MissingPathError(path)
        walker.visit(path, named=True)
    return walker.result


class _Walker:
    def __init__(self, selection: Selection):
        self.selection = selection
        self.result = Discovery()
        self._seen: set[str] = set()
        self._never = dict(zip(selection.never, selection.never_reasons, strict=False))
        self._exclude = _compile(selection.exclude)
        self._git = _GitIgnores(self.result.notes) if selection.use_gitignore else None
        self._git_here = self._git  # off while walking a folder that git itself ignores

    def _add(self, candidate: Path) -> None:
        key = os.path.realpath(candidate)
        if key not in self._seen:
            self._seen.add(key)
            self.result.files.append(candidate)

    def visit(self, path: Path, *, named: bool) -> None:
        if not os.path.isdir(path):
            self._add(path)  # a file named on the command line is always read
            return
        found_before = len(self.result.files)
        listed = self._walk(path)
        # A folder given with no measure file in it is most likely a typo. (A folder given
        # twice, or inside another folder given, is not empty.)
        if named and not listed and len(self.result.files) == found_before:
            self.result.empty.append(path)

    def _walk(self, path: Path) -> bool:
        root = os.path.realpath(path)
        # .gitignore keeps files *below* a folder out; a folder that is itself ignored (named on
        # purpose, or the bundled sample inside a git-ignored virtual environment) is read.
        self._git_here = (
            None if self._git is None or self._git.ignored(root, folder=True) else self._git
        )
        base = self.selection.base or root
        visited: set[str] = set()
        listed = False  # whether the folder holds a measure file (found before or not)

        def on_error(error: OSError) -> None:
            # A folder that cannot be listed is reported, never silently skipped.
            self.result.unreadable.append(Path(error.filename))

        for folder, dirs, files in os.walk(path, followlinks=True, onerror=on_error):
            real = os.path.realpath(folder)
            if real in visited or not _inside(real, root):
                dirs[:] = []
                continue
            visited.add(real)
            kept_dirs = []
            for name in sorted(dirs):
                reason = self._folder_reason(Path(folder) / name, name, base)
                if reason is None:
                    kept_dirs.append(name)
                else:
                    self.result.skipped.append((Path(folder) / name, reason))
            dirs[:] = kept_dirs
            for name in sorted(files):
                if not name.lower().endswith(MEASURE_SUFFIXES):
                    continue
                candidate = Path(folder) / name
                reason = self._file_reason(candidate, name, base)
                if reason is None:
                    listed = True
                    self._add(candidate)
                else:
                    self.result.skipped.append((candidate, reason))
            # A folder named like a measure file is reported by the reader, not skipped.
            for name in dirs:
                if name.lower().endswith(MEASURE_SUFFIXES):
                    listed = True
                    self._add(Path(folder) / name)
        return listed

    def _folder_reason(self, path: Path, name: str, base: str) -> str | None:
        if name in TOOL_FOLDERS:
            return "tool-file"
        if name in VENDORED_FOLDERS or os.path.isfile(path / "pyvenv.cfg"):
            return "vendored"
        if name.startswith("."):
            return "hidden"
        real = os.path.realpath(path)
        if real in self._never:
            return self._never[real]
        if self._exclude is not None and _matches(self._exclude, real, base, folder=True):
            return "excluded"
        if self._git_here is not None and self._git_here.ignored(real, folder=True):
            return "gitignored"
        return None

    def _file_reason(self, path: Path, name: str, base: str) -> str | None:
        if name in CONFIG_NAMES:
            return "config"
        if any(fnmatch.fnmatchcase(name.lower(), p) for p in TOOL_FILE_PATTERNS):
            return "tool-file"
        if any(fnmatch.fnmatch(name, p) for p in BACKUP_PATTERNS):
            return "backup"
        if name.startswith("."):
            return "hidden"
        real = os.path.realpath(path)
        if real in self._never:
            return self._never[real]
        if self._exclude is not None and _matches(self._exclude, real, base, folder=False):
            return "excluded"
        if self._git_here is not None and self._git_here.ignored(real, folder=False):
            return "gitignored"
        return None


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _compile(patterns: tuple[str, ...]):
    if not patterns:
        return None
    # gitignore's pattern language: what people know from .gitignore, ruff and yamllint.
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(patterns)


def exclude_pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` is not a usable exclude pattern, or ``None``."""
    import pathspec

    try:
        pathspec.GitIgnoreSpec.from_lines([pattern])
    except (ValueError, TypeError) as error:
        return str(error)
    return None


def _matches(spec, real: str, base: str, *, folder: bool) -> bool:
    if not _inside(real, base):
        return False
    relative = os.path.relpath(real, base).replace(os.sep, "/")
    if relative == ".":
        return False
    return spec.match_file(relative + "/" if folder else relative)


class _GitIgnores:
    """Git's own answer to "is this path ignored?", asked once per repository.

    ``git ls-files --others --ignored --exclude-standard --directory`` lists the ignored paths
    (a wholly ignored folder once), honouring every .gitignore, .git/info/exclude and the
    user's core.excludesFile, which no hand-written matcher would. Outside a git work tree, or
    without git, nothing is ignored.
    """

    def __init__(self, notes: list[tuple[str, str]]) -> None:
        self._by_folder: dict[str, tuple[str, frozenset[str]] | None] = {}
        self._notes = notes

    def ignored(self, real: str, *, folder: bool) -> bool:
        parent = real if folder else os.path.dirname(real)
        known = self._repository(os.path.dirname(real) if folder else parent)
        if known is None:
            return False
        top, ignored = known
        if not _inside(real, top):
            return False
        relative = os.path.relpath(real, top).replace(os.sep, "/")
        if (relative + "/" if folder else relative) in ignored:
            return True
        parts = relative.split("/")
        return any("/".join(parts[:end]) + "/" in ignored for end in range(1, len(parts)))

    def _repository(self, folder: str) -> tuple[str, frozenset[str]] | None:
        if folder in self._by_folder:
            return self._by_folder[folder]
        answer = None
        for top, ignored in (v for v in self._by_folder.values() if v is not None):
            if _inside(folder, top):
                answer = (top, ignored)
                break
        if answer is None:
            try:
                answer = _ask_git(folder)
            except _NoGit:
                note = (
                    "git が見つからないため .gitignore を適用していません（git を入れると適用します）",
                    "git was not found, so .gitignore was not applied (install git to apply it)",
                )
                if note not in self._notes:
                    self._notes.append(note)
        self._by_folder[folder] = answer
        return answer


class _NoGit(Exception):
    pass


def _ask_git(folder: str) -> tuple[str, frozenset[str]] | None:
    if not _in_work_tree(folder):
        return None
    try:
        top = subprocess.run(
            ["git", "-C", folder, "rev-parse", "--show-toplevel"],
            capture_output=True,
            timeout=60,
            check=True,
        ).stdout.decode("utf-8", "surrogateescape").strip()
        listing = subprocess.run(
            ["git", "-C", top, "ls-files", "-z", "--others", "--ignored", "--exclude-standard",
             "--directory"],
            capture_output=True,
            timeout=120,
            check=True,
        ).stdout
    except FileNotFoundError:
        raise _NoGit from None
    except (OSError, subprocess.SubprocessError):
        return None
    names = listing.decode("utf-8", "surrogateescape").split("\0")
    return os.path.realpath(top), frozenset(name for name in names if name)


def _in_work_tree(folder: str) -> bool:
    """Whether a ``.git`` is above ``folder``: no git process is started outside a repository."""
    current = os.path.abspath(folder)
    while True:
        if os.path.lexists(os.path.join(current, ".git")):
            return True
        parent = os.path.dirname(current)
        if parent == current:
            return False
        current = parent


def git_available() -> bool:
    from shutil import which

    return which("git") is not None


def find_config(start: Path, stop: Path | None = None) -> Path | None:
    """The nearest ``seta-align.yaml`` from ``start`` upwards, stopping at a repository root
    (a folder with ``.git``), at the filesystem root, or at ``stop``."""
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


def locate_config(
    paths: list[Path] | None, explicit: Path | None = None, stop: Path | None = None
) -> Path | None:
    """The config a run uses, found without reading it.

    ``--config`` wins. Else the nearest ``seta-align.yaml`` above the first path given, else
    above the working directory: so every sub-folder of a project, and a path into it from
    outside, gives the same answer.
    """
    if explicit is not None:
        return explicit
    if paths:
        first = paths[0]
        if not os.path.lexists(first) and is_glob(first):
            first = Path(glob_root(str(first)))
        found = find_config(first, stop)
        if found is not None or stop is not None:
            return found
    try:
        return find_config(Path.cwd())
    except OSError:  # the working directory was deleted
        return None


def glob_root(pattern: str) -> str:
    """The folder part of a glob before its first wildcard (``data/*/x.yaml`` → ``data``)."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts:
        if is_glob(part):
            break
        fixed.append(part)
    return str(Path(*fixed)) if fixed else "."


@dataclass(frozen=True, slots=True)
class Target:
    """What a run checks, decided before any file is read (so a replay can decide it too)."""

    config: Path | None
    paths: list[Path] | None  # None: the config's ``measures:``
    sample: bool = False  # the bundled sample draft
    fallback: bool = False  # the sample because nothing else was found (refused under CI)


def plan_target(
    paths: list[Path] | None,
    config: Path | None = None,
    *,
    sample: bool = False,
    stop: Path | None = None,
) -> Target:
    """Which config and which paths a run uses.

    Paths given: those, with the nearest config above them (else above the working directory).
    None given: the project's ``measures:`` when a config is found above the working directory;
    else ``./data/measures``; else, and only then, the bundled sample draft.
    """
    from .resources import bundled_measures

    if sample:
        measures = bundled_measures()
        return Target(config or find_config(measures), [measures], sample=True)
    if paths:
        return Target(locate_config(paths, config, stop), list(paths))
    found = locate_config(None, config)
    if found is not None:
        return Target(found, None)
    local = Path("data/measures")
    if local.is_dir():
        return Target(find_config(local), [local])
    measures = bundled_measures()
    return Target(find_config(measures), [measures], sample=True, fallback=True)


def in_ci() -> bool:
    """Whether a CI service runs us (they all set ``CI``; ``CI=false`` says it does not)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


SAMPLE_NOTICE = (
    "同梱のサンプル草案を検査しています（自分の施策を検査するには seta-align init）",
    "Checking the bundled sample draft (to check your own measures: seta-align init)",
)
