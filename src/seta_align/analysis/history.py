"""Who scored each impact and interaction, and when its score last changed (``impacts
--history``).

Every assessed score — each ``impacts:`` entry of a measure and each pair of the interactions
file — is found at the line of its ``score:`` value. ``git blame --porcelain`` of each file
(one call per file, however many scores it holds) tells which commit last changed that line:
its short hash, author, author date and summary. Beside it stays what the file itself says:
``assessed_by``, ``assessed_on`` and ``source`` (the model's ``reference``).

Git is asked, never required: without git, outside a repository, or when git fails or does not
answer in time, the scores are still listed with what their files say, and the result says in
one sentence why their changes are not known.
"""

from __future__ import annotations

import os
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from ..gitrev import GitNotInstalled, GitUnanswered, run
from ..i18n import Text

# A blame of a long history can take seconds; a git that has not answered in this long (a
# network drive, a lock) is given up on rather than left to hang the command.
GIT_TIMEOUT = 60
# Files blamed at once: each is a process of its own, waiting mostly on the disk.
PARALLEL_BLAMES = 8

# What a score's line is, as git tells it.
COMMITTED, NOT_COMMITTED, UNKNOWN = "committed", "not_committed", "unknown"
# Where a file stands.
TRACKED = "tracked"  # in a repository with a commit that holds it: blamed
UNTRACKED = "untracked"  # in a repository, never committed: every line is not committed yet
OUTSIDE = "outside"  # in no git repository
MISSING = "missing"  # not found on disk under its name (read from elsewhere)
FAILED = "failed"  # git failed, did not answer in time, or was given up on before
NOT_ASKED = "not_asked"  # git is not installed

# Why no history is known: the repository's state as a whole.
FOUND = "found"
PARTLY = "partly"  # some files are in a repository, others not (or git failed on them)
NOT_A_REPOSITORY = "not_a_repository"
GIT_NOT_INSTALLED = "git_not_installed"
GIT_FAILED = "git_failed"

NOT_COMMITTED_WORDS = Text("未コミット", "not committed yet")

SENTENCES = {
    FOUND: Text(
        "各評価の score: の行を最後に変えたコミットを git の履歴（git blame）から示します。",
        "The commit that last changed each score: line, from the git history (git blame).",
    ),
    PARTLY: Text(
        "各評価の score: の行を最後に変えたコミットを git の履歴（git blame）から示します。"
        "ただし {files} の変更の履歴はわかりません（{why}）。",
        "The commit that last changed each score: line, from the git history (git blame); "
        "for {files} it is not known ({why}).",
    ),
    NOT_A_REPOSITORY: Text(
        "評価を書いたファイルが git のリポジトリの中にないため、いつ誰が変えたかはわかりません。"
        "ファイルに書かれた評価者・評価日・出典だけを示します。",
        "The files that hold the scores are not in a git repository, so when each score "
        "changed, and by whom, is not known; only the assessed_by, assessed_on and source "
        "written in the files are shown.",
    ),
    GIT_NOT_INSTALLED: Text(
        "git がインストールされていないため、いつ誰が評価を変えたかはわかりません。"
        "ファイルに書かれた評価者・評価日・出典だけを示します。",
        "git is not installed, so when each score changed, and by whom, is not known; only "
        "the assessed_by, assessed_on and source written in the files are shown.",
    ),
    GIT_FAILED: Text(
        "git から履歴を読めなかったため、いつ誰が評価を変えたかはわかりません（{detail}）。"
        "ファイルに書かれた評価者・評価日・出典だけを示します。",
        "git could not give the history, so when each score changed, and by whom, is not "
        "known ({detail}); only the assessed_by, assessed_on and source written in the files "
        "are shown.",
    ),
}
WHY_NOT = {
    OUTSIDE: Text("git のリポジトリの外", "not in a git repository"),
    MISSING: Text("ファイルが見つからない", "the file is not found"),
    FAILED: Text("git が失敗", "git failed"),
    NOT_ASKED: Text("git に問い合わせていない", "git was not asked"),
}
# git's own words are English (it runs with LC_ALL=C); ours are said in both, as gitrev's are.
TIMED_OUT = (
    f"git が {GIT_TIMEOUT} 秒以内に応答しませんでした / git did not answer within {GIT_TIMEOUT} s"
)


@dataclass(slots=True)
class Change:
    """The commit that last changed a line. ``commit`` (short) and ``full_commit`` are None
    for a line not committed yet."""

    commit: str | None
    author: str | None
    date: str | None  # the author date, YYYY-MM-DD in the author's time zone
    summary: str | None
    time: int = 0  # seconds since the epoch, which orders changes of the same day
    full_commit: str | None = None


@dataclass(slots=True)
class AssessedScore:
    """One score as written, with the commit that last changed its line (when known)."""

    kind: str  # "impact" (a measure's) or "interaction" (between two targets)
    source: str  # the measure's id, or the interaction's from-target
    target: str
    score: int
    file: str  # as messages name it
    line: int | None
    assessed_by: str | None
    assessed_on: str | None
    reference: str | None  # written ``source:``: the study or meeting the score comes from
    status: str = UNKNOWN
    change: Change | None = None


@dataclass(slots=True)
class FileState:
    file: str
    state: str
    repository: str | None = None  # the repository's top folder, as messages name a path
    detail: str | None = None  # git's own words, when it failed


@dataclass(slots=True)
class ScoreHistory:
    """Every assessed score, the newest change first, and where the history comes from."""

    scores: list[AssessedScore] = field(default_factory=list)
    files: list[FileState] = field(default_factory=list)
    state: str = FOUND
    detail: str | None = None

    @property
    def found(self) -> bool:
        """Whether any score's change could be looked up in a repository."""
        return self.state in (FOUND, PARTLY)

    @property
    def repositories(self) -> list[str]:
        return sorted({f.repository for f in self.files if f.repository is not None})

    def unknown_files(self) -> list[FileState]:
        return [f for f in self.files if f.state not in (TRACKED, UNTRACKED)]

    def sentence(self) -> Text:
        """Where the history comes from, or why there is none, in one sentence."""
        if self.state == PARTLY:
            unknown = self.unknown_files()
            whys = sorted({f.state for f in unknown})
            why = Text("、".join(WHY_NOT[s].ja for s in whys), ", ".join(WHY_NOT[s].en for s in whys))
            names = ", ".join(f.file for f in unknown)
            return Text(
                SENTENCES[PARTLY].ja.format(files=names, why=why.ja),
                SENTENCES[PARTLY].en.format(files=names, why=why.en),
            )
        if self.state == GIT_FAILED:
            return SENTENCES[GIT_FAILED].format(detail=self.detail or "git")
        return SENTENCES[self.state]


def _git(directory: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return run(directory, *args, stdin=stdin, timeout=GIT_TIMEOUT)


def _said(completed: subprocess.CompletedProcess) -> str:
    """git's message, on one line."""
    message = completed.stderr.decode("utf-8", "replace").strip()
    return " ".join(message.split()) or f"git exited with {completed.returncode}"


# --- the scores, where they are written --------------------------------------------------------


def _assessed_scores(context) -> list[tuple[AssessedScore, Path | None]]:
    """Each ``impacts:`` entry of each measure, then each interaction, with the file on disk."""
    found: list[tuple[AssessedScore, Path | None]] = []
    for measure_id, loaded in context.measures.items():
        path = _on_disk(loaded.file)
        for index, impact in enumerate(loaded.measure.impacts):
            line, _column = loaded.locate("impacts", index, "score")
            found.append((
                AssessedScore(
                    "impact", measure_id, impact.on, impact.score, loaded.file, line,
                    impact.assessed_by, impact.assessed_on, impact.reference,
                ),
                path,
            ))
    interactions = context.interactions
    if interactions is not None:
        path = context.settings.interactions_path
        for index, item in enumerate(interactions.items):
            line, _column = interactions.locate(index, "score")
            found.append((
                AssessedScore(
                    "interaction", item.source, item.target, item.score, interactions.file,
                    line, item.assessed_by, item.assessed_on, item.reference,
                ),
                Path(path) if path is not None else _on_disk(interactions.file),
            ))
    return found


def _on_disk(name: str) -> Path | None:
    """The file a measure file's name stands for: names are relative to the working directory
    or absolute (loading.files.display_name); a name made printable is found no more."""
    path = Path(name)
    return path if path.is_file() else None


# --- asking git ------------------------------------------------------------------------------


def score_history(context) -> ScoreHistory:
    """Every assessed score with the commit that last changed its ``score:`` line."""
    entries = _assessed_scores(context)
    files: dict[str, Path | None] = {}
    for entry, path in entries:
        files.setdefault(entry.file, path)
    history = ScoreHistory([entry for entry, _ in entries])
    if not files:
        # Nothing to blame: the project's own folder still says whether it is in a repository.
        history.state = _project_state(context)
        return history
    states = _locate_repositories(files)
    history.files = list(states.values())
    if any(s.state == NOT_ASKED for s in states.values()):
        history.state = GIT_NOT_INSTALLED
        return history
    lines = _blame_all(files, states)
    _short_hashes(files, states, lines)
    for entry in history.scores:
        state = states[entry.file]
        if state.state == UNTRACKED:
            entry.status = NOT_COMMITTED
        elif state.state == TRACKED and entry.line is not None:
            change = lines.get(entry.file, {}).get(entry.line)
            if change is not None:
                entry.status = COMMITTED if change.commit is not None else NOT_COMMITTED
                entry.change = change if change.commit is not None else None
    known = [s for s in states.values() if s.state in (TRACKED, UNTRACKED)]
    if len(known) == len(states):
        history.state = FOUND
    elif known:
        history.state = PARTLY
    elif any(s.state == OUTSIDE for s in states.values()) and all(
        s.state in (OUTSIDE, MISSING) for s in states.values()
    ):
        history.state = NOT_A_REPOSITORY
    else:
        history.state = GIT_FAILED
        history.detail = next(
            (s.detail for s in states.values() if s.detail),
            f"{WHY_NOT[MISSING].ja} / {WHY_NOT[MISSING].en}",
        )
    history.scores.sort(key=_newest_first)
    return history


def _newest_first(entry: AssessedScore) -> tuple:
    # Not committed yet is newer than any commit; a line whose change is unknown comes last.
    # Python's sort is stable: scores of the same moment keep the order of their files.
    if entry.status == NOT_COMMITTED:
        return (0, 0)
    if entry.change is not None:
        return (1, -entry.change.time)
    return (2, 0)


def _project_state(context) -> str:
    """Whether the project's folder (the config's, else the working directory) is in a
    repository, for a draft without any score to look up."""
    from ..loading.config import project_root

    folder = project_root(context.settings) or Path.cwd()
    try:
        completed = _git(folder, "rev-parse", "--show-toplevel")
    except GitNotInstalled:
        return GIT_NOT_INSTALLED
    except GitUnanswered:
        return GIT_FAILED
    return FOUND if completed.returncode == 0 else NOT_A_REPOSITORY


def _locate_repositories(files: dict[str, Path | None]) -> dict[str, FileState]:
    """Each file's repository: one ``rev-parse`` per folder (a draft's files share a few)."""
    from ..loading.files import display_name

    tops: dict[str, tuple[str, str | None, str | None]] = {}  # folder -> (state, top, detail)
    states: dict[str, FileState] = {}
    installed = True
    for name, path in files.items():
        if path is None:
            states[name] = FileState(name, MISSING)
            continue
        if not installed:
            states[name] = FileState(name, NOT_ASKED)
            continue
        # A symlinked file is blamed where its lines are written.
        folder = os.path.dirname(os.path.realpath(path))
        if folder not in tops:
            try:
                completed = _git(Path(folder), "rev-parse", "--show-toplevel")
            except GitNotInstalled:
                installed = False
                states[name] = FileState(name, NOT_ASKED)
                continue
            except GitUnanswered as error:
                tops[folder] = (FAILED, None, error.detail)
            else:
                if completed.returncode == 0:
                    top = completed.stdout.decode("utf-8", "replace").strip()
                    tops[folder] = (TRACKED, top, None)
                else:
                    # git says why: not a repository, or one it refuses (another owner's).
                    outside = b"not a git repository" in completed.stderr.lower()
                    tops[folder] = (OUTSIDE if outside else FAILED, None, _said(completed))
        state, top, detail = tops[folder]
        states[name] = FileState(
            name, state, display_name(Path(top)) if top is not None else None, detail
        )
    if not installed:
        for state in states.values():
            if state.state != MISSING:
                state.state, state.repository = NOT_ASKED, None
    return states


def _blame_all(files: dict[str, Path | None], states: dict[str, FileState]
               ) -> dict[str, dict[int, Change]]:
    """Each tracked file's lines blamed: ``{file: {line: Change}}``. Once git has not
    answered in time (or cannot be started) no other call is started: a git that hangs on one
    file will hang on the next, and the command must end."""
    wanted = [name for name, state in states.items() if state.state == TRACKED]
    gave_up = threading.Event()
    reason = [TIMED_OUT]  # why the rest were not started: the first failure's words

    def blame(name: str) -> tuple[str, dict[int, Change] | None]:
        if gave_up.is_set():
            states[name].state, states[name].detail = FAILED, reason[0]
            return name, None
        real = Path(os.path.realpath(files[name]))
        try:
            return name, _blame(real, states[name])
        except GitUnanswered as error:
            reason[0] = error.detail
            gave_up.set()
            states[name].state, states[name].detail = FAILED, error.detail
            return name, None
        except GitNotInstalled:  # removed while we ran
            states[name].state = NOT_ASKED
            return name, None

    if len(wanted) <= 1:
        results = [blame(name) for name in wanted]
    else:
        with ThreadPoolExecutor(min(PARALLEL_BLAMES, len(wanted))) as pool:
            results = list(pool.map(blame, wanted))
    return {name: lines for name, lines in results if lines is not None}


def _blame(path: Path, state: FileState) -> dict[int, Change] | None:
    completed = _git(path.parent, "blame", "--porcelain", "--", path.name)
    if completed.returncode == 0:
        return _parse_porcelain(completed.stdout)
    # A file never committed (or a repository without a commit yet) has no history: every
    # line is not committed yet. Any other failure is git's to explain.
    in_head = _git(path.parent, "cat-file", "-e", f"HEAD:./{path.name}")
    if in_head.returncode != 0:
        state.state = UNTRACKED
    else:
        state.state, state.detail = FAILED, _said(completed)
    return None


def _parse_porcelain(output: bytes) -> dict[int, Change]:
    """``git blame --porcelain``: for each line a header ``<sha> <orig> <final> [<count>]``,
    the commit's fields the first time that commit is met, then the line itself after a tab."""
    commits: dict[str, dict[str, str]] = {}
    line_commits: dict[int, str] = {}
    header_next = True
    current = ""
    for raw in output.split(b"\n"):
        if raw.startswith(b"\t"):  # the line's content: the next line is a header again
            header_next = True
            continue
        if header_next:
            parts = raw.split()
            if len(parts) < 3:
                continue
            current = parts[0].decode("ascii", "replace")
            line_commits[int(parts[2])] = current
            commits.setdefault(current, {})
            header_next = False
            continue
        key, _, value = raw.partition(b" ")
        commits[current].setdefault(key.decode("ascii", "replace"), value.decode("utf-8", "replace"))
    changes = {sha: _change(sha, fields) for sha, fields in commits.items()}
    return {number: changes[sha] for number, sha in line_commits.items()}


def _change(sha: str, fields: dict[str, str]) -> Change:
    if set(sha) == {"0"}:  # git's name for the working tree's own lines
        return Change(None, None, None, None)
    time = int(fields.get("author-time", "0") or 0)
    return Change(sha[:7], fields.get("author"), _date(time, fields.get("author-tz", "+0000")),
                  fields.get("summary"), time, sha)


def _date(seconds: int, offset: str) -> str:
    """The author date as the author saw it: in the time zone the commit was written in."""
    try:
        sign = -1 if offset.startswith("-") else 1
        zone = timezone(sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5])))
    except (ValueError, IndexError):
        zone = UTC
    return datetime.fromtimestamp(seconds, zone).date().isoformat()


def _short_hashes(files: dict[str, Path | None], states: dict[str, FileState],
                  lines: dict[str, dict[int, Change]]) -> None:
    """Each commit by its short hash as ``git rev-parse --short`` gives it (as long as the
    repository needs for it to be unique): one ``git log`` per repository."""
    commits: dict[str, set[str]] = {}  # repository -> its commits
    folders: dict[str, Path] = {}  # repository -> a folder inside it to ask git in
    for name, changes in lines.items():
        repository = states[name].repository or name
        folders.setdefault(repository, Path(os.path.realpath(files[name])).parent)
        commits.setdefault(repository, set()).update(
            c.full_commit for c in changes.values() if c.full_commit is not None
        )
    short: dict[str, str] = {}
    for repository, wanted in commits.items():
        if not wanted:
            continue
        try:
            completed = _git(
                folders[repository], "log", "--no-walk=unsorted", "--stdin", "--format=%H %h",
                stdin="".join(f"{c}\n" for c in sorted(wanted)).encode(),
            )
        except (GitUnanswered, GitNotInstalled):
            continue  # the first seven characters stand in: unique in all but huge histories
        if completed.returncode != 0:
            continue
        for answer in completed.stdout.decode("ascii", "replace").split("\n"):
            full, _, abbreviated = answer.partition(" ")
            if abbreviated:
                short[full] = abbreviated
    for changes in lines.values():
        for change in changes.values():
            if change.full_commit in short:
                change.commit = short[change.full_commit]
