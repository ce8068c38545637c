"""``seta-align init DIR``: scaffold a measures repository that passes ``check`` at once.

It writes an example measure file (with the schema modeline for editors), the JSON Schema,
``seta-align.yaml``, a pre-commit config and a GitHub Actions workflow. It never overwrites an
existing file: those are left as they are and listed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..app import ColorOpt, LangOpt, QuietOpt, app, chosen_lang, is_quiet
from ..i18n import Text

EXAMPLE_MEASURES = """\
# yaml-language-server: $schema=../../measure.schema.json
# 施策ファイルの例。部局ごとにファイルを分けて、施策をリストで書きます。
# An example measure file: one file per department, a list of measures.
# 書き方 / format: seta-align の README「施策ファイルの書き方」

- id: ECON-01
  title: 事業承継マッチング・伴走支援
  title_en: Business succession matching and hands-on support
  description: >-
    後継者不在のまま廃業に至る事例が増えている。相談窓口を設け、第三者承継のマッチングから
    承継後の経営安定までを伴走支援する。
  owner: 経済産業部
  field: ECON
  supports: [ORD-1.2, PP-6.4, SDG-8.3]
  kpis:
    - name: 事業承継の成立件数
      unit: 件
      baseline: {year: 2022, value: 4}
      target: {year: 2031, value: 20}
  period: {start: 2024, end: 2031}
  tags: [事業承継]

- id: KIDS-01
  title: 子ども・若者が意見を表明できる場の充実
  title_en: More places where children and young people can voice their views
  owner: 子ども・若者部
  field: LIFE
  supports: [PP-1.1, PP-6.4, SDG-16.7]
  kpis:
    - name: 意見表明の機会に参加した子ども・若者の数
      unit: 人
      target: {year: 2031, value: 3000}
  period: {start: 2024, end: 2031}
"""

CONFIG = """\
# seta-align の設定 / seta-align config. 全項目は README「設定ファイル」を参照 / see the README.
# framework: [policies.yaml, seta-align:sdgs]  # 既定は同梱の世田谷区と SDGs / default: seta-align:setagaya + seta-align:sdgs
plan_period: {start: 2024, end: 2031}
required_frameworks:
  - [PLAN, ORD]
cross_field_min_fields: 2
coverage:
  # 階層ごとの網羅率の下限（%）/ minimum coverage per level, in percent
  # ORD.vision_goal: {min: 100}
  SDG.target: {warn_uncovered: false}
waivers: []
  # - node: SDG-14
  #   reason: 内陸の区であり、海洋資源を直接扱う施策はない。
rules: {}
fail_on: error
"""

PRE_COMMIT = """\
# pre-commit: 施策ファイルを変更するたびに草案全体を検査します。
# pre-commit checks the whole draft whenever a measure file changes (not only the changed files:
# coverage and cross-field checks need every measure). Needs seta-align installed.
repos:
  - repo: local
    hooks:
      - id: seta-align
        name: seta-align check
        entry: seta-align check --format text
        language: system
        pass_filenames: false
        files: \\.(ya?ml)$
"""

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
          seta-align check --format github || status=$?
          echo "status=$status" >> "$GITHUB_OUTPUT"
      - name: SARIF for code scanning
        if: always() && steps.check.outputs.status != ''
        run: |
          status=0
          seta-align check --format sarif > seta-align.sarif || status=$?
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

PLACEHOLDER_INSTALL = "git+https://github.com/<organisation>/seta-align@v{version}"


def install_spec() -> tuple[str, bool]:
    """Where the running seta-align came from, as a pip requirement a CI runner can use, and
    whether that is only a placeholder to edit.

    pip records where a package was installed from (PEP 610, ``direct_url.json``): from a git
    repository, the URL pinned to the commit; from a wheel on the web, its URL. Anything else is
    of no use on a runner — a local folder or file, and also an index: the runner's index may
    not be the one it came from, and there a bare name is whatever someone registered under it.
    Then a placeholder, which the workflow refuses with a clear message until it is edited.
    """
    import json
    from importlib import metadata

    from .. import __version__

    try:
        distribution = metadata.distribution("seta-align")
        recorded = distribution.read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return PLACEHOLDER_INSTALL.format(version=__version__), True
    if not recorded:
        return PLACEHOLDER_INSTALL.format(version=__version__), True
    try:
        direct = json.loads(recorded)
        url = direct["url"]
    except (ValueError, KeyError, TypeError):
        return PLACEHOLDER_INSTALL.format(version=__version__), True
    vcs = direct.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and vcs.get("commit_id"):
        return f"git+{url}@{vcs['commit_id']}", False
    if "archive_info" in direct and url.startswith("https://"):
        return url, False
    return PLACEHOLDER_INSTALL.format(version=__version__), True


def workflow_text(install: str) -> str:
    return WORKFLOW.replace("@@INSTALL@@", install.replace('"', '\\"'))


def scaffold_files(install: str | None = None) -> dict[str, str]:
    from .schema import schema_text

    install = install if install is not None else install_spec()[0]
    return {
        "data/measures/example.yaml": EXAMPLE_MEASURES,
        "measure.schema.json": schema_text("measures"),
        "seta-align.yaml": CONFIG,
        ".pre-commit-config.yaml": PRE_COMMIT,
        ".github/workflows/seta-align.yml": workflow_text(install),
    }


@app.command()
def init(
    directory: Annotated[
        Path, typer.Argument(help="作成するフォルダ / Folder to scaffold (created if missing).")
    ] = Path("."),
    install: Annotated[
        str | None,
        typer.Option(
            "--install-spec",
            help="CI で seta-align を入れる pip の指定（既定: 今の seta-align の入手先）/ The pip "
            "requirement the CI workflow installs seta-align from (default: where this "
            "seta-align came from, e.g. its git URL pinned to the commit).",
            show_default=False,
        ),
    ] = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    color: ColorOpt = None,
) -> None:
    """施策リポジトリのひな形を作成（既存のファイルは上書きしません）/ Scaffold a measures
    repository: example measures, schema, config, pre-commit and GitHub Actions (existing files
    are never overwritten)."""
    from ..atomic import OutputExists, write_atomic

    language = chosen_lang(lang)
    placeholder = False
    if install is None:
        install, placeholder = install_spec()
    written, kept = [], []
    for relative, content in scaffold_files(install).items():
        target = directory / relative
        try:
            write_atomic(target, content, force=False)
        except OutputExists:
            kept.append(relative)
            continue
        except OSError as error:
            message = Text(
                f"「{target}」に書き込めません: {error.strerror or error}",
                f"Cannot write '{target}': {error.strerror or error}",
            )
            typer.echo(f"seta-align: {message(language)}", err=True)
            raise typer.Exit(2) from None
        written.append(relative)
    if placeholder and ".github/workflows/seta-align.yml" in written:
        # Said even with --quiet: the workflow would fail until this is done.
        note = Text(
            "CI ワークフローの SETA_ALIGN_INSTALL に seta-align の入手先（git の URL とタグなど）を"
            "書いてください（このまま push すると、そのことを伝えて失敗します）。次回からは "
            "--install-spec でも指定できます。",
            "Set SETA_ALIGN_INSTALL in .github/workflows/seta-align.yml to where seta-align is "
            "installed from (a git URL with a tag, say): until then the workflow stops and says "
            "so. --install-spec sets it when scaffolding.",
        )
        typer.echo(f"seta-align: {note(language)}", err=True)
    if is_quiet():
        return
    for relative in written:
        typer.echo(Text(f"作成: {relative}", f"created: {relative}")(language))
    for relative in kept:
        typer.echo(
            Text(f"既存のため変更なし: {relative}", f"exists, left unchanged: {relative}")(language)
        )
    typer.echo(
        Text(
            f"次に: cd {directory} && seta-align check", f"Next: cd {directory} && seta-align check"
        )(language)
    )
