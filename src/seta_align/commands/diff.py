"""``seta-align diff OLD NEW`` / ``seta-align diff --rev A..B``: what a change did to a draft."""

from __future__ import annotations

import sys
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..app import ColorOpt, ConfigOpt, FrameworkOpt, LangOpt, QuietOpt, app, chosen_lang
from ..i18n import Text


class DiffFormat(StrEnum):
    rich = "rich"
    json = "json"
    markdown = "markdown"


def _fail(message: Text, lang: str) -> typer.Exit:
    typer.echo(f"seta-align: {message(lang)}", err=True)
    return typer.Exit(2)


@app.command()
def diff(
    old: Annotated[
        Path | None,
        typer.Argument(
            help="変更前の施策フォルダ / The draft before (a folder or file).", show_default=False
        ),
    ] = None,
    new: Annotated[
        Path | None,
        typer.Argument(help="変更後の施策フォルダ / The draft after.", show_default=False),
    ] = None,
    rev: Annotated[
        str | None,
        typer.Option(
            "--rev",
            help="git のリビジョン A..B（B を省くと作業中のファイル）/ Git revisions A..B of the "
            "repository in the working directory (without ..B: against the working tree).",
        ),
    ] = None,
    path: Annotated[
        list[Path] | None,
        typer.Option(
            "--path",
            help="--rev のときの施策フォルダ / Measure folders inside the "
            "repository with --rev (default: data/measures).",
        ),
    ] = None,
    framework: FrameworkOpt = None,
    config: ConfigOpt = None,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="出力形式 / Output format.")
    ] = DiffFormat.rich,
    lang: LangOpt = None,
    fail_on_regression: Annotated[
        bool,
        typer.Option(
            "--fail-on-regression",
            help="網羅率の低下・新しいエラーで終了コード 1 / Exit 1 when coverage dropped "
            "or new errors appeared.",
        ),
    ] = False,
    quiet: QuietOpt = False,
    color: ColorOpt = None,
) -> None:
    """2つの草案を比較: 施策の追加・削除・変更、網羅率の増減、指摘の増減。

    Compare two drafts: measures added, removed and changed; coverage gained and lost per level
    and node; findings introduced and fixed. Exit codes: 0, or 1 with --fail-on-regression when
    coverage dropped or new errors appeared; 2 when either draft cannot be read.
    """
    from rich.console import Console

    from ..analysis.diff import diff_results
    from ..reporters import rich_report
    from ..runner import prepare

    language = chosen_lang(lang)
    with tempfile.TemporaryDirectory(prefix="seta-align-diff-") as scratch:
        if rev is not None:
            if old is not None or new is not None:
                raise _fail(
                    Text(
                        "--rev と OLD NEW は同時に使えません。",
                        "Give either --rev or OLD NEW, not both.",
                    ),
                    language,
                )
            old_paths, new_paths, roots = _revision_paths(rev, path, Path(scratch), language)
        else:
            if old is None or new is None:
                raise _fail(
                    Text(
                        "比較する2つの草案（OLD NEW）か --rev A..B を指定してください。",
                        "Give two drafts (OLD NEW) or --rev A..B.",
                    ),
                    language,
                )
            old_paths, new_paths, roots = [old], [new], (None, None)
        before = prepare(old_paths, framework, config, search_root=roots[0])
        after = prepare(new_paths, framework, config, search_root=roots[1])

    problems = before.problems + after.problems
    for side in (before, after):
        if side.result is not None:
            problems += [f for f in side.result.findings if f.is_input_problem]
    if problems:
        rich_report.render_findings(Console(highlight=False), problems, language)
        raise typer.Exit(2)

    changes = diff_results(before.result, after.result)
    exit_code = 1 if fail_on_regression and changes.regression else 0
    if output_format is DiffFormat.json:
        from ..reporters import diff_json

        sys.stdout.write(diff_json.render(changes, language, exit_code))
    elif output_format is DiffFormat.markdown:
        from ..reporters import diff_markdown

        sys.stdout.write(diff_markdown.render(changes, language, exit_code))
    else:
        from ..reporters import diff_rich

        diff_rich.render(Console(highlight=False), changes, language)
    raise typer.Exit(exit_code)


def _revision_paths(rev: str, paths: list[Path] | None, scratch: Path, lang: str):
    from ..gitrev import GitError, export_revision, repository_root

    first, dots, second = rev.partition("..")
    try:
        root = repository_root(Path.cwd())
        inside = [
            Path.cwd().resolve().relative_to(root.resolve()) / p
            for p in (paths or [Path("data/measures")])
        ]
        old_root = scratch / "old"
        export_revision(root, first, old_root)
        if dots and second:
            new_root = scratch / "new"
            export_revision(root, second, new_root)
        else:
            new_root = root  # the working tree, as it is now
    except (GitError, ValueError) as error:
        raise _fail(
            Text(
                f"git のリビジョンを読めません: {error}", f"Cannot read the git revision: {error}"
            ),
            lang,
        ) from None
    return (
        [old_root / p for p in inside],
        [new_root / p for p in inside],
        (old_root, new_root),
    )
