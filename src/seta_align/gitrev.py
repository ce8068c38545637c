"""Reading a draft as it was at a git revision, without touching the working tree."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path


class GitError(Exception):
    pass


def _git(repository: Path, *args: str) -> bytes:
    try:
        completed = subprocess.run(
            ["git", "-C", str(repository), *args], capture_output=True, check=False, timeout=300
        )
    except FileNotFoundError:
        raise GitError("git is not installed / git がインストールされていません") from None
    except subprocess.TimeoutExpired:
        raise GitError("git did not answer in time / git が応答しません") from None
    if completed.returncode != 0:
        raise GitError(completed.stderr.decode("utf-8", "replace").strip())
    return completed.stdout


def repository_root(start: Path) -> Path:
    return Path(_git(start, "rev-parse", "--show-toplevel").decode().strip())


def export_revision(repository: Path, revision: str, destination: Path) -> None:
    """Extract the tree of ``revision`` into ``destination`` (``git archive``, then tarfile with
    the "data" filter, which refuses links and paths that leave the folder)."""
    if revision.startswith("-"):
        raise GitError(f"not a revision: {revision}")
    _git(repository, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    archive = _git(repository, "archive", "--format=tar", revision)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(destination, filter="data")
