"""``seta-align diff OLD NEW`` / ``seta-align diff --rev A..B``: what a change did to a draft."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from ..app import (
    ColorOpt,
    ConfigOpt,
    ForceOpt,
    FrameworkOpt,
    LangOpt,
    OutputOpt,
    QuietOpt,
    app,
    chosen_lang,
)
from ..i18n import Text
from .formats import fail, format_choices, format_for, format_option, write_view

DiffFormat = format_choices("DiffFormat", "rich", "json", "csv", "xlsx", "markdown", "html")


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
    years: Annotated[
        str | None,
        typer.Option(
            "--years",
            help="実績の2つの年度 A..B を比較（例: 2024..2025）。遅れに転じた施策・回復した施策 / "
            "Compare two results years A..B of one draft (OLD, or the project): which measures "
            "fell behind, which recovered.",
            show_default=False,
        ),
    ] = None,
    framework: FrameworkOpt = None,
    config: ConfigOpt = None,
    output_format: format_option(DiffFormat) = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
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
    from ..atomic import refuse_existing, require_output_file
    from ..reporters import terminal as rich_report
    from ..runner import prepare

    language = chosen_lang(lang)
    chosen = output_format or format_for(output, DiffFormat, language, text_suffixes=(".txt", ""))
    if chosen is DiffFormat.xlsx:
        require_output_file(output, chosen.value, lang=language)
    refuse_existing(output, force=force, lang=language)
    written = (chosen, output, force)
    if years is not None:
        _diff_years(years, old, new, rev, framework, config, written, language,
                    fail_on_regression)
    with tempfile.TemporaryDirectory(prefix="seta-align-diff-") as scratch:
        if rev is not None:
            if old is not None or new is not None:
                fail(
                    Text(
                        "--rev と OLD NEW は同時に使えません。",
                        "Give either --rev or OLD NEW, not both.",
                    ),
                    language,
                )
            sides = _revision_sides(rev, path, Path(scratch), language)
            compared = _revision_names(rev, sides, language)
            # Each side is checked from its own root, so findings name files as the
            # repository does (data/measures/x.yaml), never by the scratch folder.
            before = _prepare_at(sides[0], framework, config)
            after = _prepare_at(sides[1], framework, config)
        else:
            if old is None or new is None:
                fail(
                    Text(
                        "比較する2つの草案（OLD NEW）か --rev A..B を指定してください。",
                        "Give two drafts (OLD NEW) or --rev A..B.",
                    ),
                    language,
                )
            before = prepare([old], framework, config)
            after = prepare([new], framework, config)
            compared = [str(old), str(new)]

    problems = before.problems + after.problems
    for side in (before, after):
        if side.result is not None:
            problems += [f for f in side.result.findings if f.is_input_problem]
    if problems:
        rich_report.render_findings(Console(highlight=False), problems, language)
        raise typer.Exit(2)

    changes = diff_results(before.result, after.result)
    exit_code = 1 if fail_on_regression and changes.regression else 0
    if chosen is DiffFormat.json:
        from ..atomic import emit
        from ..documents import diff as diff_json

        emit(output, diff_json.render(changes, language, exit_code), force=force, lang=language)
    else:
        from ..views import diff as diff_view

        counts = [len(side.result.context.measures) for side in (before, after)]
        view = diff_view.build(changes, language, list(zip(compared, counts, strict=True)))
        write_view(view, chosen.value, output, force=force, lang=language)
    raise typer.Exit(exit_code)


def _revision_names(rev: str, sides, lang: str) -> list[str]:
    """Each side of ``--rev`` as where it was read: the revision and the folders in it."""
    first, _, second = rev.replace("...", "..").partition("..")
    folders = ", ".join(folder.as_posix() for folder in sides[0].folders)
    working = Text("作業中のファイル", "the working tree")(lang)
    return [f"{first}: {folders}", f"{second or working}: {folders}"]


def _diff_years(years, old, new, rev, framework, config, written, language, fail_on_regression):
    """``diff --years A..B``: one draft, its results in two fiscal years."""
    from ..analysis.progress import diff_years
    from ..loading.normalise import read_fiscal_year
    from ._draft import load_whole_draft

    if new is not None or rev is not None:
        fail(
            Text(
                "--years は1つの草案（OLD か、省略してプロジェクト）の2つの年度を比べます。",
                "--years compares two years of one draft (OLD, or the project): no NEW, no --rev.",
            ),
            language,
        )
    first_text, separator, second_text = years.partition("..")
    first, second = read_fiscal_year(first_text), read_fiscal_year(second_text)
    if not separator or first is None or second is None or first == second:
        fail(
            Text(
                f"--years「{years}」は 2024..2025 のように2つの異なる年度で書いてください。",
                f"--years '{years}': write two different fiscal years, e.g. 2024..2025.",
            ),
            language,
        )
    result = load_whole_draft([old] if old is not None else None, framework, config, language)
    changes = diff_years(result.context, min(first, second), max(first, second))
    exit_code = 1 if fail_on_regression and changes.regression else 0
    chosen, output, force = written
    if chosen is DiffFormat.json:
        from ..atomic import emit
        from ..documents import progress_diff as progress_diff_json

        document = progress_diff_json.render(result.context, changes, language, exit_code)
        emit(output, document, force=force, lang=language)
        raise typer.Exit(exit_code)
    from ..views import progress_diff

    view = progress_diff.build(result.context, changes, language)
    write_view(view, chosen.value, output, force=force, lang=language)
    raise typer.Exit(exit_code)


@dataclass(slots=True)
class _Side:
    root: Path  # checked from here (the scratch copy of a revision, or the working tree)
    folders: list[Path]  # relative to root
    scratch: bool
    symlinked: list[str]


def _prepare_at(side: _Side, framework: list[str] | None, config: Path | None):
    from ..findings import Finding
    from ..i18n import Text
    from ..loading.yaml_source import syntax_problem
    from ..runner import prepare

    here = os.getcwd()
    os.chdir(side.root)
    try:
        prepared = prepare(
            list(side.folders),
            framework,
            config,
            search_root=side.root if side.scratch else None,
            use_cache=not side.scratch,
        )
    finally:
        os.chdir(here)
    links: list[Finding] = [
        syntax_problem(
            path,
            Text(
                "このリビジョンでは施策ファイルがシンボリックリンクです。リンクはたどりません。",
                "In this revision the measure file is a symbolic link; links are not followed.",
            ),
            hint=Text(
                "リンクの代わりにファイルそのものをコミットしてください。",
                "Commit the file itself instead of a link to it.",
            ),
        )
        for path in side.symlinked
    ]
    prepared.problems.extend(links)
    return prepared


def _revision_sides(rev: str, paths: list[Path] | None, scratch: Path, lang: str):
    """``A..B`` (A against B), ``A...B`` (where B branched off A, against B, as GitHub compares
    a pull request) or ``A`` (against the working tree)."""
    from ..gitrev import GitError, extract, merge_base, repository_root, resolve

    if "..." in rev:
        first, _, second = rev.partition("...")
        three_dots = True
    else:
        first, _, second = rev.partition("..")
        three_dots = False
    try:
        root = repository_root(Path.cwd())
        inside = [
            Path(os.path.relpath(Path.cwd().resolve() / p, root.resolve()))
            for p in (paths or [Path("data/measures")])
        ]
        if any(part == ".." for folder in inside for part in folder.parts):
            raise GitError("--path must be inside the repository / --path はリポジトリの中に")
        new_commit = resolve(root, second) if second else None
        old_commit = resolve(root, first)
        if three_dots:
            old_commit = merge_base(root, old_commit, new_commit or resolve(root, "HEAD"))
        folders = [folder.as_posix() for folder in inside]
        old_root = scratch / "old"
        old_root.mkdir()
        old_links = extract(root, old_commit, folders, old_root).symlinked_measures
        if new_commit is not None:
            new_root = scratch / "new"
            new_root.mkdir()
            new_links = extract(root, new_commit, folders, new_root).symlinked_measures
            new_side = _Side(new_root, inside, True, new_links)
        else:
            new_side = _Side(root, inside, False, [])  # the working tree, as it is now
    except (GitError, ValueError, OSError) as error:
        fail(
            Text(
                f"git のリビジョン「{rev}」を読めません: {error}",
                f"Cannot read the git revision '{rev}': {error}",
            ),
            lang,
        )
    return _Side(old_root, inside, True, old_links), new_side
