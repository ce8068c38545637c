"""From command-line inputs to a checked draft: resolve paths, read, check.

Every command that looks at a draft (check, matrix, trace, graph, diff …) goes through
:func:`prepare`, so they all read files, find the config and report unusable input the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .engine import CheckResult, run_check, validate_settings
from .findings import Finding
from .i18n import Text
from .loading.config import ConfigError, Settings, load_settings
from .loading.files import MissingPathError, discover, display_name, find_config
from .loading.framework import Framework, FrameworkError, load_framework
from .loading.measures import load_draft
from .loading.parse_cache import default_cache
from .loading.yaml_source import syntax_problem


@dataclass(slots=True)
class Prepared:
    """A checked draft, or the problems that stopped us before checking (exit code 2)."""

    result: CheckResult | None
    problems: list[Finding] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return self.result.findings if self.result is not None else self.problems


@dataclass(slots=True)
class Inputs:
    """Everything a check reads, found and validated, before the measures are read."""

    files: list[Path]
    settings: Settings
    framework: Framework
    config_path: Path | None


def prepare(
    paths: list[Path],
    framework_path: Path | None = None,
    config_path: Path | None = None,
    search_root: Path | None = None,
    use_cache: bool = True,
) -> Prepared:
    """Read and check a draft. ``search_root`` bounds the search for a config file (for a
    draft exported from git into a scratch folder)."""
    inputs = resolve_inputs(paths, framework_path, config_path, search_root)
    if isinstance(inputs, Prepared):
        return inputs
    return check_inputs(inputs, use_cache)


def check_inputs(inputs: Inputs, use_cache: bool = True) -> Prepared:
    """Read the measure files and check them."""
    cache = default_cache() if use_cache else None
    draft = load_draft(inputs.files, cache)
    return Prepared(run_check(inputs.framework, draft, inputs.settings))


def resolve_inputs(
    paths: list[Path],
    framework_path: Path | None = None,
    config_path: Path | None = None,
    search_root: Path | None = None,
) -> Inputs | Prepared:
    """The measure files, settings and framework; or, when one of them is unusable, a
    :class:`Prepared` holding the problems (exit code 2)."""
    unreadable: list[Path] = []
    empty: list[Path] = []
    try:
        files = discover(paths, unreadable, empty)
    except MissingPathError as error:
        return Prepared(None, [_missing(error.path)])
    except OSError as error:  # e.g. a folder we may not list
        return Prepared(None, [_missing(Path(error.filename or paths[0]), error.strerror)])
    if unreadable:
        return Prepared(None, [_missing(path, "permission denied") for path in unreadable])
    if empty:
        return Prepared(None, [_no_measure_files([path]) for path in empty])

    # Settings: an explicit --config, else the nearest seta-align.yaml above the measures.
    # A config or framework path that is missing, a folder or unreadable is reported by the
    # reader like any other unreadable file.
    try:
        chosen_config = config_path or find_config(paths[0], search_root)
        settings = (
            load_settings(chosen_config, display_name(chosen_config))
            if chosen_config
            else Settings()
        )
    except ConfigError as error:
        return Prepared(None, error.findings)

    if framework_path is not None:
        settings.framework_path = framework_path
    try:
        framework = load_framework(settings.framework_path, display_name(settings.framework_path))
    except FrameworkError as error:
        return Prepared(None, error.findings)

    problems = validate_settings(settings, framework)
    if problems:
        return Prepared(None, problems)
    return Inputs(files, settings, framework, chosen_config)


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
