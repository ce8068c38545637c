"""The step every command that *uses* a draft shares: read it whole, or stop with exit 2."""

from __future__ import annotations

from pathlib import Path

import typer

from ..app import announce_sample
from ..engine import CheckResult
from ..findings import Finding
from ..i18n import Lang


def load_whole_draft(
    paths: list[Path] | None,
    framework: Path | None,
    config: Path | None,
    lang: Lang,
    *,
    stderr: bool = True,
    sample: bool = False,
) -> CheckResult:
    """The checked draft, when every file could be read.

    A matrix, graph, trace, report or export that silently lacks the measures of an unreadable
    file would look complete and be wrong; so any input problem is printed (on stderr by
    default, since stdout may be the output) and the command exits with code 2.
    """
    from rich.console import Console

    from ..reporters.terminal import render_findings
    from ..runner import prepare

    prepared = prepare(paths or None, framework, config, sample=sample)
    result = prepared.result
    if result is not None and result.context.settings.sample:
        announce_sample(lang)
    problems = (
        prepared.problems
        if result is None
        else [finding for finding in result.findings if finding.is_input_problem]
    )
    if problems:
        render_findings(Console(stderr=stderr, highlight=False), problems, lang)
        raise typer.Exit(2)
    return result


def prepare_draft(
    paths: list[Path] | None,
    framework: Path | None,
    config: Path | None,
    lang: Lang,
    *,
    sample: bool = False,
) -> tuple[CheckResult, list[Finding]]:
    """The checked draft and the input problems of the files that could not be read (printed
    on stderr). Only when nothing can be checked at all (the config, the framework or the
    paths are unusable) does the command stop with exit code 2."""
    from rich.console import Console

    from ..reporters.terminal import render_findings
    from ..runner import prepare

    prepared = prepare(paths or None, framework, config, sample=sample)
    result = prepared.result
    if result is None:
        render_findings(Console(stderr=True, highlight=False), prepared.problems, lang)
        raise typer.Exit(2)
    if result.context.settings.sample:
        announce_sample(lang)
    problems = [finding for finding in result.findings if finding.is_input_problem]
    if problems:
        render_findings(Console(stderr=True, highlight=False), problems, lang)
    return result, problems
