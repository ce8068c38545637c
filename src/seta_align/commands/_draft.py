"""The step every command that *uses* a draft shares: read it whole, or stop with exit 2."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..app import announce_sample
from ..engine import CheckResult
from ..findings import Finding
from ..i18n import Lang, Text

if TYPE_CHECKING:
    from ._saved import SavedView


def say_problems(problems: list[Finding], lang: Lang, *, stderr: bool = True) -> None:
    """The files that could not be read, as the terminal shows findings (on stderr by default,
    since stdout may be the output). The terminal renderer is imported only then: a JSON or
    CSV view that reads its files does not pay for it."""
    from rich.console import Console

    from ..reporters.terminal import render_findings

    render_findings(Console(stderr=stderr, highlight=False), problems, lang)


def load_whole_draft(
    paths: list[Path] | None,
    framework: list[str] | None,
    config: Path | None,
    lang: Lang,
    *,
    stderr: bool = True,
    sample: bool = False,
    rules: bool = True,
    outcomes: bool = True,
    saved: SavedView | None = None,
) -> CheckResult:
    """The checked draft, when every file could be read. ``rules=False``: without the rules'
    findings, for a command that shows a view and never the findings; ``outcomes=False``:
    without the results and indicators, for a view that does not use them. ``saved``: the
    output made from it is saved for the next run of the same request (commands/_saved.py).

    A matrix, graph, trace, report or export that silently lacks the measures of an unreadable
    file would look complete and be wrong; so any input problem is printed (on stderr by
    default, since stdout may be the output) and the command exits with code 2.
    """
    from ..runner import prepare

    prepared = prepare(
        paths or None, framework, config, sample=sample, rules=rules, outcomes=outcomes
    )
    result = prepared.result
    if result is not None and result.context.settings.sample:
        announce_sample(lang)
    problems = (
        prepared.problems
        if result is None
        else [finding for finding in result.findings if finding.is_input_problem]
    )
    if problems:
        say_problems(problems, lang, stderr=stderr)
        raise typer.Exit(2)
    if saved is not None:
        saved.read_from(prepared)
    return result


def prepare_draft(
    paths: list[Path] | None,
    framework: list[str] | None,
    config: Path | None,
    lang: Lang,
    *,
    sample: bool = False,
    saved: SavedView | None = None,
) -> tuple[CheckResult, list[Finding]]:
    """The checked draft and the input problems of the files that could not be read (printed
    on stderr; ``saved``: as for load_whole_draft, when there are none). Only when nothing can
    be checked at all (the config, the framework or the paths are unusable) does the command
    stop with exit code 2."""
    from ..runner import prepare

    prepared = prepare(paths or None, framework, config, sample=sample)
    result = prepared.result
    if result is None:
        say_problems(prepared.problems, lang)
        raise typer.Exit(2)
    if result.context.settings.sample:
        announce_sample(lang)
    problems = [finding for finding in result.findings if finding.is_input_problem]
    if problems:
        say_problems(problems, lang)
    elif saved is not None:
        saved.read_from(prepared)
    return result, problems


def evaluated_draft(
    paths: list[Path] | None,
    framework: list[str] | None,
    config: Path | None,
    year: int | None,
    lang: Lang,
    *,
    sample: bool,
    making: Text,
):
    """The checked draft and its outcome analysis of ``year`` (default: the latest year with
    results), for a command that makes something of the results (``making``: 評価シート, the
    progress site …); without results it stops (exit code 2) saying what it cannot make."""
    from ..analysis.progress import analyse, progress_of_context
    from .formats import fail

    context = load_whole_draft(paths, framework, config, lang, sample=sample).context
    analysis = progress_of_context(context) if year is None else analyse(context, year)
    if analysis.year is None or not analysis.has_results:
        fail(
            Text(
                f"実績がないため{making.ja}を作れません。設定の results:（既定 data/results）に実績を"
                "置いてください。",
                f"No results: there is nothing to make {making.en} of. Put results in the "
                "config's results: (default data/results).",
            ),
            lang,
        )
    return context, analysis
