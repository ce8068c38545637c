"""``seta-align init DIR``: scaffold a measures repository that passes ``check`` at once.

It writes an example measure file (with the schema modeline for editors), the JSON Schema,
``seta-align.yaml``, a pre-commit config and the CI files of ``--ci`` (scaffold_ci.py); with
``--framework blank``, a framework template for a city of its own (scaffold_blank.py). It never
overwrites an existing file: those are left as they are and listed.
"""

from __future__ import annotations

import os
from enum import StrEnum
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


class StartingFramework(StrEnum):
    setagaya = "setagaya"
    blank = "blank"


class CiKind(StrEnum):
    github = "github"
    gitlab = "gitlab"
    none = "none"


def scaffold_files(
    framework: StartingFramework = StartingFramework.setagaya,
) -> dict[str, str]:
    """The files of a new project, by their path in it (those a repository reads at its root,
    CI and pre-commit: scaffold_ci)."""
    from .scaffold_blank import blank_files
    from .schema import schema_text

    files = (
        blank_files()
        if framework is StartingFramework.blank
        else {"data/measures/example.yaml": EXAMPLE_MEASURES, "seta-align.yaml": CONFIG}
    )
    files["measure.schema.json"] = schema_text("measures")
    return files


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
    framework: Annotated[
        StartingFramework,
        typer.Option(
            "--framework",
            help="始めるフレームワーク: setagaya（同梱の世田谷区と SDGs）か blank（総合計画の"
            "ひな形と SDGs）/ The framework to start from: setagaya (the bundled Setagaya and "
            "SDGs) or blank (a comprehensive-plan template with the SDGs).",
        ),
    ] = StartingFramework.setagaya,
    ci: Annotated[
        CiKind | None,
        typer.Option(
            "--ci",
            help="書き出す CI の設定: github、gitlab、none（既定: git リポジトリの外では none、"
            "中ではその remote に合わせる）/ The CI files to write (default: none outside a git "
            "repository; inside one, GitLab when it uses GitLab, else GitHub).",
            show_default=False,
        ),
    ] = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    color: ColorOpt = None,
) -> None:
    """施策リポジトリのひな形を作成（既存のファイルは上書きしません）/ Scaffold a measures
    repository: example measures, schema, config, pre-commit and, with --ci, a GitHub Actions
    workflow or a GitLab CI job (existing files are never overwritten).

    --framework blank writes a framework template for a city of its own (基本構想 → 基本計画 →
    政策 → 施策) composed with the bundled SDGs; seta-align check passes on it at once.
    """
    from .scaffold_ci import (
        GITHUB_WORKFLOW_PATH,
        GITLAB_CI_PATH,
        GITLAB_JOB_PATH,
        detect_ci,
        git_root,
        repository_files,
    )

    language = chosen_lang(lang)
    root = git_root(directory)
    chosen_ci, why = (ci.value, "--ci") if ci is not None else detect_ci(root)
    placeholder = False
    if install is None and chosen_ci != "none":
        install, placeholder = install_spec()
    # CI reads its files at the repository's root, and runs there: a project in a folder of the
    # repository gets them at the root, checking that folder.
    ci_base = root if root is not None else directory
    # Both as the file system has them (a folder reached through a symbolic link is named by
    # git by its real path): the project's path in the repository is then the one CI sees.
    project = os.path.relpath(os.path.realpath(directory), os.path.realpath(ci_base))
    project = "" if project == "." else Path(project).as_posix()
    ci_paths = repository_files(chosen_ci, install or "", project)
    files = [(directory / path, text) for path, text in scaffold_files(framework).items()]
    files += [(ci_base / path, text) for path, text in ci_paths.items()]
    written, kept = [], []
    for target, content in files:
        shown = os.path.relpath(target, directory)
        (written if _write_new(target, content, language) else kept).append(shown)
    ci_file = next(
        (
            os.path.relpath(ci_base / p, directory)
            for p in ci_paths
            if p in (GITHUB_WORKFLOW_PATH, GITLAB_JOB_PATH)
        ),
        None,
    )
    if placeholder and ci_file is not None and ci_file in written:
        # Said even with --quiet: the CI job would fail until this is done.
        note = Text(
            f"{ci_file} の SETA_ALIGN_INSTALL に seta-align の入手先（git の URL とタグなど）を"
            "書いてください（このまま push すると、そのことを伝えて失敗します）。次回からは "
            "--install-spec でも指定できます。",
            f"Set SETA_ALIGN_INSTALL in {ci_file} to where seta-align is installed from (a git "
            "URL with a tag, say): until then the CI job stops and says so. --install-spec sets "
            "it when scaffolding.",
        )
        typer.echo(f"seta-align: {note(language)}", err=True)
    gitlab_ci = os.path.relpath(ci_base / GITLAB_CI_PATH, directory)
    if gitlab_ci in kept and os.path.relpath(ci_base / GITLAB_JOB_PATH, directory) in written:
        # The repository has its own .gitlab-ci.yml, left as it is: the job must be included.
        note = Text(
            f"既存の {gitlab_ci} に「include: [{{local: {GITLAB_JOB_PATH}}}]」を加えると、"
            "seta-align の検査が動きます。",
            f"Add 'include: [{{local: {GITLAB_JOB_PATH}}}]' to your {gitlab_ci} to run the "
            "seta-align check.",
        )
        typer.echo(f"seta-align: {note(language)}", err=True)
    if is_quiet():
        return
    typer.echo(_ci_said(chosen_ci, why)(language))
    for relative in written:
        typer.echo(Text(f"作成: {relative}", f"created: {relative}")(language))
    for relative in kept:
        typer.echo(
            Text(f"既存のため変更なし: {relative}", f"exists, left unchanged: {relative}")(language)
        )
    if framework is StartingFramework.blank:
        typer.echo(
            Text(
                f"次に: cd {directory} && seta-align framework show で体系を確かめ、"
                "framework.yaml の（例）を市の計画の言葉に書き換えて seta-align check",
                f"Next: cd {directory} && seta-align framework show to see the template; replace "
                "its （例） with your plan's wording, then seta-align check",
            )(language)
        )
        return
    typer.echo(
        Text(
            f"次に: cd {directory} && seta-align check", f"Next: cd {directory} && seta-align check"
        )(language)
    )


def _write_new(target: Path, content: str, lang) -> bool:
    """Write a new file (atomically); False when one is there already, which is left as it
    is. A file that cannot be written (a folder of its name is there) stops init (exit 2)."""
    from ..atomic import write_new_or_exit

    return write_new_or_exit(target, content, lang=lang)


def _ci_said(kind: str, why: str) -> Text:
    """Which CI files were written, and why those."""
    if kind == "none" and why == "--ci":
        return Text("CI の設定は書き出していません（--ci none）。", "No CI files written (--ci none).")
    if kind == "none":
        return Text(
            f"CI の設定は書き出していません（{_WHY_JA.get(why, why)}。--ci github か --ci gitlab で"
            "書き出せます）。",
            f"No CI files written ({why}; --ci github or --ci gitlab writes them).",
        )
    name = {"github": "GitHub Actions", "gitlab": "GitLab CI"}[kind]
    return Text(
        f"CI: {name}（{_WHY_JA.get(why, why)}。--ci で変えられます）",
        f"CI: {name} ({why}; --ci chooses another)",
    )


_WHY_JA = {
    "--ci": "--ci の指定",
    "outside a git repository": "git リポジトリの外",
    ".gitlab-ci.yml in the repository": "リポジトリに .gitlab-ci.yml がある",
    "the remote is a GitLab": "remote が GitLab",
    "a git repository": "git リポジトリ",
}
