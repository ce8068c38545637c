"""``seta-align publish -o DIR``: the plan's progress as a small static site residents can read
(大綱④), with the open data beside it; it works offline, from a folder or any web server."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from ..app import (
    ColorOpt,
    ConfigOpt,
    ForceOpt,
    FrameworkOpt,
    LangOpt,
    PathsArg,
    QuietOpt,
    SampleOpt,
    YearOpt,
    app,
    chosen_lang,
    say,
)
from .formats import fail, fiscal_year

INDEX = "index.html"


@app.command()
def publish(
    paths: PathsArg = None,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="書き出すフォルダ / The folder to write the site into."),
    ] = Path("site"),
    year: YearOpt = None,
    framework: FrameworkOpt = None,
    config: ConfigOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    sample: SampleOpt = False,
    quiet: QuietOpt = False,
    color: ColorOpt = None,
) -> None:
    """区民向けの進捗サイト: 重点政策ごとの進み具合、指標の推移、取組と課題を、やさしい言葉の
    静的な Web ページ（オフラインで読める）とオープンデータ（CSV・JSON）に書き出します。

    Write the plan's progress as a static site for residents: a top page with each priority
    policy and how it stands (in words, not colour alone); a page per policy with its
    indicators over the years against the target, its measures, their challenges and notes;
    and the data as CSV and JSON with the config's licence (publish: {licence}, default CC BY
    4.0). No rule codes, no ids, no jargon; it reads on a phone. The folder is written whole or
    not at all, and replaced only with --force.

    Example: seta-align publish --year 2025 -o site
    """
    from ..i18n import Text
    from ._draft import evaluated_draft

    language = chosen_lang(lang)
    evaluated = None if year is None else fiscal_year(year, "--year", language)
    target = Path(output)
    here = Path.cwd().resolve()
    if target.resolve() == here or target.resolve() in here.parents:
        fail(
            Text(
                f"「{target}」は作業中のフォルダ（またはその上）です。サイト用の新しいフォルダを指定してください。",
                f"'{target}' is the working folder or above it: name a folder of its own for the site.",
            ),
            language,
        )
    if target.exists() and not force:
        fail(
            Text(
                f"「{target}」はすでにあります。置き換えるには --force を付けてください。",
                f"'{target}' exists: add --force to replace it.",
            ),
            language,
        )
    if target.exists() and not target.is_dir():
        fail(Text(f"「{target}」はフォルダではありません。", f"'{target}' is not a folder."), language)
    context, analysis = evaluated_draft(
        paths, framework, config, evaluated, language, sample=sample,
        making=Text("進捗サイト", "a progress site"),
    )
    from ..views.publish import has_policies

    if not has_policies(context):
        fail(
            Text(
                f"進捗サイトにする重点政策（{context.settings.priority_level or '-'} の階層）が"
                "フレームワークにありません。設定ファイルの priority_level で、重点政策にあたる階層"
                "（例: CITY.policy）を指定できます。",
                "The framework has no priority policies (the level "
                f"{context.settings.priority_level or '-'}) to publish: set priority_level in "
                "the config to the level that holds them (e.g. CITY.policy).",
            ),
            language,
        )
    files = _site(context, analysis, language)
    _write_folder(target, files)
    say(
        Text(
            f"進捗サイト（{len(files)} ファイル）を「{target}」に書き出しました。{target / INDEX} を開いてください。",
            f"Wrote the progress site ({len(files)} files) to '{target}': open {target / INDEX}.",
        )(language)
    )


def _site(context, analysis, lang: str) -> dict[str, bytes]:
    """Every file of the site, by its name in the folder."""
    from ..exporters.measures_sheet import csv_bytes
    from ..renderers.html import site_page
    from ..views.progress import ProgressView
    from ..views.publish import CSV_NAME, INDEX_TITLE, JSON_NAME, T, plan_name, site
    from ..views.publish import open_data as data_of

    settings = context.settings.publish
    view = ProgressView(context, analysis, lang, "node", None, None)
    built = site(view)
    plan = plan_name(context, lang)
    header = [plan, *([settings.publisher] if settings.publisher else [])]
    footer = [T["data"].format(csv=CSV_NAME, json=JSON_NAME, licence=settings.licence)(lang)]
    files: dict[str, bytes] = {
        INDEX: site_page(built.index, lang, header=header, back=None, footer=footer).encode("utf-8")
    }
    back = (INDEX, INDEX_TITLE(lang))
    for name, page in built.pages:
        files[name] = site_page(page, lang, header=header, back=back, footer=footer).encode("utf-8")
    rows, records = data_of(view)
    files[CSV_NAME] = csv_bytes(rows)
    document = {
        "title": built.index.title,
        "plan": plan,
        "publisher": settings.publisher,
        "licence": settings.licence,
        "year": analysis.year,
        "results": records,
    }
    files[JSON_NAME] = (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return files


def _write_folder(target: Path, files: dict[str, bytes]) -> None:
    """The whole folder or nothing: written beside ``target`` and moved into place; an old
    folder (with --force) is moved aside first and removed only once the new one stands."""
    parent = target.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    # mkdtemp makes a folder only its owner can read: a site is for a web server too.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(building, 0o777 & ~umask)
    try:
        for name, data in files.items():
            (building / name).write_bytes(data)
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=parent))
            os.rmdir(old)
            os.replace(target, old)
        os.replace(building, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
