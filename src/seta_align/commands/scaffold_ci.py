"""The CI files ``seta-align init --ci`` writes: a GitHub Actions workflow, or a GitLab CI job.

Both install seta-align from one place to change (``SETA_ALIGN_INSTALL``), check the whole
draft, keep the report whatever the check found, and fail the job only at the end, by the
check's own exit code (1: findings at or above ``fail_on``; 2: a file could not be read).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

# The workflow: the check step records its exit code instead of failing at once, so that a
# typo'd key (exit 2) still gives annotations and SARIF; the last step fails the job on it.
# Code scanning is not available on every repository (a private one without it): the upload
# may fail without failing the job, and says so. Written with str.replace on @@INSTALL@@, since
# the workflow itself is full of ${{ }}.
WORKFLOW = """\
# GitHub Actions: 施策ファイルをプッシュ・プルリクエストごとに検査します。
# Checks the draft on every push and pull request: annotations on the changed lines, a summary
# on the run page, and SARIF for code scanning.
name: seta-align
on:
  push:
  pull_request:
permissions:
  contents: read
  security-events: write  # SARIF upload
  actions: read  # SARIF upload in a private repository (reads this run)
env:
  # ---- seta-align の入手先 / Where seta-align is installed from: the one line to change ----
  # seta-align はまだパッケージ索引にありません。<organisation> があれば seta-align を公開している
  # GitHub のアカウント名に置き換えてください。リポジトリの固定したリビジョン（git+https://…@タグ
  # またはコミット）、wheel の URL、このリポジトリ内のパス（./vendor/seta_align-….whl）も書けます。
  # 他人が登録できる素の名前（seta-align だけ）は使いません。
  # seta-align is not on a package index yet. Replace <organisation>, if it is there, with the
  # GitHub account that publishes seta-align; or give its repository at a pinned revision
  # (git+https://…@tag-or-commit), a wheel's URL, or a path in this repository
  # (./vendor/seta_align-….whl) — never a bare name that anyone could register on an index.
  SETA_ALIGN_INSTALL: "@@INSTALL@@"
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-python@v6
        with:
          python-version: "3.11"
      - name: Install seta-align
        run: |
          case "$SETA_ALIGN_INSTALL" in
            *"<"*">"*) echo "::error title=seta-align::Set SETA_ALIGN_INSTALL in this workflow to where seta-align is installed from (see the comment there)."; exit 2 ;;
          esac
          python -m pip install "$SETA_ALIGN_INSTALL"
      - name: seta-align check (annotations and step summary)
        id: check
        run: |
          status=0
          seta-align check@@PROJECT@@ --format github || status=$?
          echo "status=$status" >> "$GITHUB_OUTPUT"
      - name: SARIF for code scanning
        if: always() && steps.check.outputs.status != ''
        run: |
          status=0
          seta-align check@@PROJECT@@ --format sarif > seta-align.sarif || status=$?
          # 1 (findings) and 2 (unreadable input) both write a full SARIF file; 3 does not.
          [ "$status" -le 2 ] && [ -s seta-align.sarif ]
      - name: Upload SARIF
        id: upload
        if: always() && hashFiles('seta-align.sarif') != ''
        continue-on-error: true
        uses: github/codeql-action/upload-sarif@v4
        with:
          sarif_file: seta-align.sarif
      - name: Note when code scanning is not available
        if: always() && steps.upload.outcome == 'failure'
        run: echo "::notice title=seta-align::SARIF was not uploaded (code scanning is not available on this repository); the annotations and the summary above have every finding."
      - name: Verdict
        if: always() && steps.check.outputs.status != ''
        env:
          STATUS: ${{ steps.check.outputs.status }}
        run: |
          case "$STATUS" in
            0) echo "seta-align: no finding at or above fail_on" ;;
            1) echo "::error title=seta-align::findings at or above fail_on (see the annotations)"; exit 1 ;;
            *) echo "::error title=seta-align::the draft could not be read (exit $STATUS: see the annotations)"; exit "$STATUS" ;;
          esac
"""

# The GitLab job: one script, so that the check's exit code is kept while the report is written
# and uploaded (artifacts: when: always). A self-hosted GitLab on a closed network (LGWAN) may
# have no Docker Hub: the image is the one line to change besides SETA_ALIGN_INSTALL.
GITLAB_JOB = """\
# GitLab CI: 施策ファイルをプッシュ・マージリクエストごとに検査します。
# Checks the draft on every push and merge request: the findings in the job log, and GitLab's
# code-quality report, which merge requests show on the changed lines.
# .gitlab-ci.yml に「include: - local: .gitlab/seta-align.yml」と書くと読み込まれます。
# .gitlab-ci.yml includes it with: include: [{local: .gitlab/seta-align.yml}]
seta-align:
  # 閉域網（LGWAN）の GitLab では、使える Python 3.11 以上のイメージに変えてください。
  # On a closed network, use a Python 3.11+ image your GitLab can pull.
  image: python:3.11
  variables:
    # ---- seta-align の入手先 / Where seta-align is installed from: the one line to change ----
    # seta-align はまだパッケージ索引にありません。<organisation> を seta-align を公開している
    # アカウント名に置き換えるか、固定したリビジョン（git+https://…@タグ）、wheel の URL、
    # このリポジトリ内のパス（./vendor/seta_align-….whl）を書いてください。
    # Replace <organisation>, or give a pinned revision (git+https://…@tag), a wheel's URL, or
    # a path in this repository (./vendor/seta_align-….whl): never a bare name.
    SETA_ALIGN_INSTALL: "@@INSTALL@@"
  script:
    - |
      case "$SETA_ALIGN_INSTALL" in
        *"<"*">"*) echo "seta-align: set SETA_ALIGN_INSTALL in .gitlab/seta-align.yml to where seta-align is installed from (see the comment there)."; exit 2 ;;
      esac
      python -m pip install "$SETA_ALIGN_INSTALL"
      status=0
      seta-align check@@PROJECT@@ --format text || status=$?
      # 1 (findings) and 2 (unreadable input) both write a whole report; 3 does not.
      seta-align check@@PROJECT@@ --format gitlab > gl-code-quality-report.json || true
      case "$status" in
        0) echo "seta-align: no finding at or above fail_on" ;;
        1) echo "seta-align: findings at or above fail_on (see above)"; exit 1 ;;
        *) echo "seta-align: the draft could not be read (exit $status: see above)"; exit "$status" ;;
      esac
  artifacts:
    when: always
    reports:
      codequality: gl-code-quality-report.json
    paths:
      - gl-code-quality-report.json
"""

GITLAB_INCLUDE = """\
# GitLab CI の設定。seta-align の検査は .gitlab/seta-align.yml にあります。
# GitLab CI configuration; the seta-align check is in .gitlab/seta-align.yml.
include:
  - local: .gitlab/seta-align.yml
"""

# pre-commit: run at the repository's root too, on the project's YAML files.
PRE_COMMIT = """\
# pre-commit: 施策ファイルを変更するたびに草案全体を検査します。
# pre-commit checks the whole draft whenever a measure file changes (not only the changed files:
# coverage and cross-field checks need every measure). Needs seta-align installed.
repos:
  - repo: local
    hooks:
      - id: seta-align
        name: seta-align check
        entry: seta-align check@@PROJECT@@ --format text
        language: system
        pass_filenames: false
        files: @@FILES@@
"""

PRE_COMMIT_PATH = ".pre-commit-config.yaml"
GITHUB_WORKFLOW_PATH = ".github/workflows/seta-align.yml"
GITLAB_JOB_PATH = ".gitlab/seta-align.yml"
GITLAB_CI_PATH = ".gitlab-ci.yml"
CI_KINDS = ("github", "gitlab", "none")


def _filled(template: str, install: str, project: str) -> str:
    """The template with where seta-align comes from, and the project's folder (relative to
    the repository's root, where CI runs) after each ``seta-align check``: run from the root,
    the check names files as the repository does, which annotations and reports need."""
    folder = f" {shlex.quote(project)}" if project else ""
    return template.replace("@@INSTALL@@", install.replace('"', '\\"')).replace(
        "@@PROJECT@@", folder
    )


def workflow_text(install: str, project: str = "") -> str:
    return _filled(WORKFLOW, install, project)


def repository_files(kind: str, install: str, project: str = "") -> dict[str, str]:
    """The files a repository reads at its root, by their path from it: the pre-commit config
    and the CI files of ``kind``; ``project``: the project's folder, "" for the root."""
    folder = f" {shlex.quote(project)}" if project else ""
    pattern = f"^{re.escape(project)}/.*\\.(ya?ml)$" if project else "\\.(ya?ml)$"
    pre_commit = PRE_COMMIT.replace("@@PROJECT@@", folder).replace("@@FILES@@", pattern)
    return {PRE_COMMIT_PATH: pre_commit, **ci_files(kind, install, project)}


def ci_files(kind: str, install: str, project: str = "") -> dict[str, str]:
    """The files of a CI kind, by their path in the repository (from its root); ``project``:
    the project's folder in the repository, "" for its root."""
    if kind == "github":
        return {GITHUB_WORKFLOW_PATH: workflow_text(install, project)}
    if kind == "gitlab":
        return {
            GITLAB_JOB_PATH: _filled(GITLAB_JOB, install, project),
            GITLAB_CI_PATH: GITLAB_INCLUDE,
        }
    return {}


def detect_ci(root: Path | None) -> tuple[str, str]:
    """The CI a repository (its root; None outside one) uses, and why: none outside a git
    repository (many ward PCs sit on a closed network without one); GitLab when the repository
    has a .gitlab-ci.yml or its remote is a GitLab; GitHub otherwise."""
    if root is None:
        return "none", "outside a git repository"
    if (root / GITLAB_CI_PATH).exists():
        return "gitlab", f"{GITLAB_CI_PATH} in the repository"
    remote = _git(["remote", "get-url", "origin"], root)
    if remote and "gitlab" in remote.lower():
        return "gitlab", "the remote is a GitLab"
    return "github", "a git repository"


def git_root(directory: Path) -> Path | None:
    """The root of the git repository holding ``directory`` (or, when it does not exist yet,
    its nearest existing parent); None outside one, or without git."""
    start = directory
    while not start.exists() and start != start.parent:
        start = start.parent
    found = _git(["rev-parse", "--show-toplevel"], start)
    return Path(found) if found else None


def _git(arguments: list[str], cwd: Path) -> str | None:
    try:
        done = subprocess.run(
            ["git", *arguments],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=10,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0"},
        )
    except (OSError, subprocess.SubprocessError):
        return None  # no git installed: as outside a repository
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None
