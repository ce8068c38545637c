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
# framework: policies.yaml       # 既定は同梱のフレームワーク / default: the bundled framework
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

WORKFLOW = """\
# GitHub Actions: 施策ファイルをプルリクエストごとに検査します。
# Checks the draft on every push and pull request: annotations on the changed lines, a summary
# on the run page, and SARIF for code scanning.
name: seta-align
on:
  push:
  pull_request:
permissions:
  contents: read
  security-events: write
env:
  # pip requirement for seta-align: a package name, a wheel URL or a git URL
  SETA_ALIGN: seta-align
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install "$SETA_ALIGN"
      - name: SARIF for code scanning
        run: seta-align check --format sarif > seta-align.sarif || [ $? -eq 1 ]
      - uses: github/codeql-action/upload-sarif@v3
        if: always()
        with:
          sarif_file: seta-align.sarif
      - name: seta-align check (annotations and step summary)
        run: seta-align check --format github
"""


def scaffold_files() -> dict[str, str]:
    from .schema import schema_text

    return {
        "data/measures/example.yaml": EXAMPLE_MEASURES,
        "measure.schema.json": schema_text("measures"),
        "seta-align.yaml": CONFIG,
        ".pre-commit-config.yaml": PRE_COMMIT,
        ".github/workflows/seta-align.yml": WORKFLOW,
    }


@app.command()
def init(
    directory: Annotated[
        Path, typer.Argument(help="作成するフォルダ / Folder to scaffold (created if missing).")
    ] = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    color: ColorOpt = None,
) -> None:
    """施策リポジトリのひな形を作成（既存のファイルは上書きしません）/ Scaffold a measures
    repository: example measures, schema, config, pre-commit and GitHub Actions (existing files
    are never overwritten)."""
    from ..atomic import OutputExists, write_atomic

    language = chosen_lang(lang)
    written, kept = [], []
    for relative, content in scaffold_files().items():
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
