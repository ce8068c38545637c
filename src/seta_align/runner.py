"""``seta-align check`` end to end: resolve inputs, load, check, report, exit code."""

from __future__ import annotations

import sys
from pathlib import Path

from .config import ConfigError, Settings, find_config, load_settings
from .engine import CheckResult, run_check, validate_settings
from .findings import Finding
from .framework import FrameworkError, load_framework
from .i18n import Lang, Text
from .measures import MissingPathError, discover, display_name, load_draft
from .reporters.rich_report import DEFAULT_SECTIONS, SECTIONS
from .yaml_source import syntax_problem


def _console():
    from rich.console import Console

    # Findings go to stdout with the tables; usage errors go to stderr.
    return Console(highlight=False, soft_wrap=False)


def _emit(
    result: CheckResult | None,
    findings: list[Finding],
    output_format: str,
    lang: Lang,
    sections: tuple[str, ...],
    exit_code: int,
) -> None:
    if output_format == "json":
        from .reporters import json_report

        sys.stdout.write(json_report.render(result, findings, lang, exit_code) + "\n")
        return
    from .reporters import rich_report

    rich_report.render(_console(), result, findings, lang, sections)


def run(
    *,
    paths: list[Path],
    framework_path: Path | None,
    config_path: Path | None,
    output_format: str,
    lang: Lang,
    fail_on: str | None,
    sections: tuple[str, ...] | None,
) -> int:
    if sections is None:
        sections = DEFAULT_SECTIONS
    elif "all" in sections:
        sections = SECTIONS

    def fail(findings: list[Finding]) -> int:
        _emit(None, findings, output_format, lang, sections, 2)
        return 2

    unreadable: list[Path] = []
    try:
        files = discover(paths, unreadable)
    except MissingPathError as error:
        return fail([_missing(error.path)])
    except OSError as error:  # e.g. a folder we may not list
        return fail([_missing(Path(error.filename or paths[0]), error.strerror)])
    if unreadable:
        return fail([_missing(path, "permission denied / 権限がありません") for path in unreadable])
    if not files:
        return fail([_no_measure_files(paths)])

    # Settings: an explicit --config, else the nearest seta-align.yaml above the measures.
    # A config or framework path that is missing, a folder or unreadable is reported by the
    # reader like any other unreadable file.
    try:
        chosen_config = config_path or find_config(paths[0])
        settings = (
            load_settings(chosen_config, display_name(chosen_config))
            if chosen_config
            else Settings()
        )
    except ConfigError as error:
        return fail(error.findings)

    if framework_path is not None:
        settings.framework_path = framework_path
    try:
        framework = load_framework(settings.framework_path, display_name(settings.framework_path))
    except FrameworkError as error:
        return fail(error.findings)

    problems = validate_settings(settings, framework)
    if problems:
        return fail(problems)

    draft = load_draft(files)
    result = run_check(framework, draft, settings)
    exit_code = result.exit_code(fail_on or settings.fail_on)
    _emit(result, result.findings, output_format, lang, sections, exit_code)
    return exit_code


def _missing(path: Path, reason: str | None = None) -> Finding:
    return syntax_problem(
        display_name(path),
        Text(f"「{path}」が見つかりません。", f"'{path}' does not exist.")
        if reason is None
        else Text(f"「{path}」を読めません: {reason}", f"Cannot read '{path}': {reason}"),
        hint=Text("パスを確認してください。", "Check the path."),
    )


def _no_measure_files(paths: list[Path]) -> Finding:
    shown = ", ".join(str(p) for p in paths)
    return syntax_problem(
        shown,
        Text(
            f"{shown} に施策ファイル（*.yaml, *.yml）がありません。",
            f"No measure files (*.yaml, *.yml) under {shown}.",
        ),
        hint=Text("パスを確認してください。", "Check the path."),
    )
