"""From command-line inputs to a checked draft: resolve paths, read, check.

Every command that looks at a draft (check, matrix, trace, graph, diff …) goes through
:func:`prepare`, so they all read files, find the config and report unusable input the same way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .engine import CheckResult, run_check
from .findings import Finding
from .i18n import Text
from .loading.config import ConfigError, Settings, load_settings, project_root
from .loading.files import (
    Discovery,
    MissingPathError,
    Selection,
    Target,
    discover,
    display_name,
    in_ci,
    is_glob,
    locate_config,
    plan_target,
    set_project_root,
)
from .loading.framework import Framework, FrameworkError, load_frameworks
from .loading.framework_modules import chosen_modules
from .loading.interactions import Interactions, load_interactions
from .loading.measures import load_draft
from .loading.parse_cache import ParseCache, default_cache
from .loading.results import Indicators, Results, ResultsReading, load_indicators
from .loading.yaml_source import syntax_problem
from .settings_check import validate_settings


@dataclass(slots=True)
class Prepared:
    """A checked draft, or the problems that stopped us before checking (exit code 2)."""

    result: CheckResult | None
    problems: list[Finding] = field(default_factory=list)
    # What was read (a saved output's manifest names it); None when reading stopped early.
    inputs: Inputs | None = None

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
    # What was walked and how (kept in a saved report's manifest, see replay.py).
    paths: list[Path] = field(default_factory=list)
    selection: Selection = field(default_factory=Selection)
    discovery: Discovery = field(default_factory=Discovery)
    # A measure file read from standard input: (name, bytes).
    stdin: tuple[str, bytes] | None = None
    interactions: Interactions | None = None
    # The results files: what the cache knows of them, the rest read with the measure files
    # (check_inputs), and then what they all gave.
    results_reading: ResultsReading | None = None
    results: Results | None = None
    indicators: Indicators | None = None
    # The parse cache of the project (None: turned off), for the measure files as for the
    # results files read above.
    cache: ParseCache | None = None
    # Whether the results and indicators were read at all (a view without them: False).
    outcomes: bool = True


def prepare(
    paths: list[Path] | None,
    framework: list[str] | None = None,
    config_path: Path | None = None,
    search_root: Path | None = None,
    use_cache: bool = True,
    *,
    sample: bool = False,
    rules: bool = True,
    outcomes: bool = True,
) -> Prepared:
    """Read and check a draft. ``paths`` ``None``: the project's measures (see
    :func:`files.plan_target`). ``search_root`` bounds the search for a config file (for a
    draft exported from git into a scratch folder). ``rules=False``: read and analyse it, with
    the input problems only (engine.run_check). ``outcomes=False``: without the results and
    indicators files, for an analysis that does not use them (a broken one does not stop it)."""
    inputs = resolve_inputs(
        paths,
        framework,
        config_path,
        search_root,
        sample=sample,
        outcomes=outcomes,
        use_cache=use_cache,
    )
    if isinstance(inputs, Prepared):
        return inputs
    return check_inputs(inputs, rules=rules)


def check_inputs(inputs: Inputs, *, rules: bool = True) -> Prepared:
    """Read the measure files and check them."""
    cache = inputs.cache
    supplied = None
    if inputs.stdin is not None:
        name, raw = inputs.stdin
        supplied = {STDIN: (name, raw)}
    reading = inputs.results_reading
    draft = load_draft(inputs.files, cache, supplied, before=reading.jobs if reading else None)
    if reading is not None:
        inputs.results, inputs.results_reading = reading.results(), None
    return Prepared(
        run_check(
            inputs.framework,
            draft,
            inputs.settings,
            inputs.interactions,
            results=inputs.results,
            indicators=inputs.indicators,
            rules=rules,
            saved=cache,
        ),
        inputs=inputs,
    )


STDIN = Path("-")


def cache_root(config: Path | None, sample: bool) -> Path | None:
    """Where the cache lives: beside the project's ``config``, else in the working directory
    (never inside the installed package, for the bundled sample)."""
    if config is None or sample:
        return None
    return Path(os.path.abspath(config)).parent


def resolve_inputs(
    paths: list[Path] | None,
    framework_entries: list[str] | None = None,
    config_path: Path | None = None,
    search_root: Path | None = None,
    *,
    sample: bool = False,
    stdin: tuple[str, bytes] | None = None,
    outcomes: bool = True,
    use_cache: bool = True,
) -> Inputs | Prepared:
    """The measure files, settings and framework; or, when one of them is unusable, a
    :class:`Prepared` holding the problems (exit code 2). ``framework_entries``: the
    ``--framework`` files and bundled modules, over the config's ``framework:``.
    ``use_cache=False``: neither read nor write the parse cache (``--no-cache``)."""
    if stdin is not None:
        # The config that applies to the file's name (--stdin-filename), else the project's.
        named = [Path(stdin[0])] if stdin[0] != STDIN_NAME else None
        target = Target(locate_config(named, config_path, search_root), [STDIN])
    else:
        target = plan_target(paths, config_path, sample=sample, stop=search_root)
    if target.fallback and in_ci():
        return Prepared(None, [_sample_refused_in_ci()])

    # A config or framework path that is missing, a folder or unreadable is reported by the
    # reader like any other unreadable file.
    chosen_config = target.config
    set_project_root(
        None if chosen_config is None or target.sample else Path(chosen_config).parent
    )
    # The bundled sample leaves no cache folder where the user happens to stand. The config,
    # framework, interactions and indicators are read through it as the measures are: a view
    # after a check validates none of them again (and imports no pydantic).
    cache = (
        default_cache(cache_root(chosen_config, target.sample), sample=target.sample)
        if use_cache
        else None
    )
    if cache is not None:
        cache.hold()  # written once the measure files are found (see below)
    try:
        settings = (
            load_settings(chosen_config, display_name(chosen_config), cache)
            if chosen_config
            else Settings()
        )
    except ConfigError as error:
        return Prepared(None, error.findings)
    settings.sample = target.sample

    try:
        settings.framework_modules = chosen_modules(framework_entries, settings)
        framework = framework_of(settings, cache)
    except FrameworkError as error:
        return Prepared(None, error.findings)

    if not settings.inferred_relations:
        framework.relations = [r for r in framework.relations if r.basis != "inferred"]
    # A config value naming nothing that exists is a located error; the entry is left out and
    # the check goes on with the rest (see run_check).
    settings.problems.extend(validate_settings(settings, framework))
    interactions = None
    if settings.interactions_path is not None:
        # A broken pair is a located error; the rest of the check goes on (see run_check).
        interactions = load_interactions(
            settings.interactions_path, display_name(settings.interactions_path), cache
        )
    missing = _missing_outcomes(settings) if outcomes else None
    if missing is not None:
        return missing

    selection = selection_for(settings)
    if stdin is not None:
        if cache is not None:
            cache.release()
        reading, indicators = _outcome_files(settings, cache) if outcomes else (None, None)
        return Inputs(
            [STDIN], settings, framework, chosen_config, [STDIN], selection, stdin=stdin,
            interactions=interactions, results_reading=reading, indicators=indicators,
            cache=cache, outcomes=outcomes,
        )
    walked = _measure_paths(target, settings)
    if isinstance(walked, Prepared):
        return walked
    settings.measure_paths = walked
    try:
        discovery = discover(walked, selection)
    except MissingPathError as error:
        return Prepared(None, [_missing(error.path)])
    except OSError as error:  # e.g. a folder we may not list
        return Prepared(None, [_missing(Path(error.filename or walked[0]), error.strerror)])
    if discovery.unreadable:
        return Prepared(
            None, [_missing(path, "permission denied") for path in discovery.unreadable]
        )
    if discovery.empty:
        return Prepared(None, [_no_measure_files(path, discovery) for path in discovery.empty])
    # Written after the walk: writing may make the cache folder, which the walk would then
    # find in the project's root and count among the folders it skipped.
    if cache is not None:
        cache.release()
    reading, indicators = _outcome_files(settings, cache) if outcomes else (None, None)
    return Inputs(
        discovery.files, settings, framework, chosen_config, walked, selection, discovery,
        interactions=interactions, results_reading=reading, indicators=indicators, cache=cache,
        outcomes=outcomes,
    )


def _missing_outcomes(settings: Settings) -> Prepared | None:
    """The results paths the config names that do not exist (exit code 2), if any."""
    missing = [path for path in settings.results_paths if not os.path.exists(path)]
    return Prepared(None, [_missing(path) for path in missing]) if missing else None


def _outcome_files(
    settings: Settings, cache: ParseCache | None
) -> tuple[ResultsReading | None, Indicators | None]:
    """The results files the config names, as far as the cache knows them (the rest are read
    with the measure files: see check_inputs), and the plan-level indicators."""
    reading = indicators = None
    # Problems inside these files are located errors that the check reports beside its own
    # findings: one broken result or indicator hides nothing else (see run_check).
    if settings.results_paths:
        reading = ResultsReading(settings.results_paths, cache)
    if settings.indicators_path is not None:
        indicators = load_indicators(settings.indicators_path, cache)
    return reading, indicators


STDIN_NAME = "<stdin>"


def framework_of(settings: Settings, cache: ParseCache | None = None) -> Framework:
    """The framework of ``settings.framework_modules`` (see chosen_modules), with the config's
    plan period over the files' (two files of different periods are then no clash). Raises
    FrameworkError with the located problems."""
    return load_frameworks(
        settings.framework_modules, plan_period_set=settings.plan_period is not None, cache=cache
    )


def settings_near(entries: list[str] | None, config_path: Path | None, start: Path) -> Settings:
    """The settings of a command that reads no draft (framework show, import): those of the
    config (``-c``, else the nearest one above ``start``), none when ``--framework`` entries
    are given (then nothing in the config can stop it). Raises ConfigError."""
    from .loading.files import find_config

    found = None if entries else config_path if config_path is not None else find_config(start)
    return load_settings(found, display_name(found)) if found is not None else Settings()


def selection_for(settings: Settings) -> Selection:
    """The config's ``exclude:`` and the files of the run that are not measures."""
    root = project_root(settings)
    never: list[str] = []
    reasons: list[str] = []
    if settings.config_path is not None:
        never.append(os.path.realpath(settings.config_path))
        reasons.append("config")
    for module in settings.framework_modules:
        never.append(os.path.realpath(module.path))
        reasons.append("framework")
    if settings.interactions_path is not None:
        never.append(os.path.realpath(settings.interactions_path))
        reasons.append("interactions")
    if settings.indicators_path is not None:
        never.append(os.path.realpath(settings.indicators_path))
        reasons.append("indicators")
    for path in settings.results_paths:
        never.append(os.path.realpath(path))
        reasons.append("results")
    return Selection(
        str(root) if root is not None else None,
        tuple(settings.exclude),
        tuple(never),
        tuple(reasons),
    )


def _measure_paths(target: Target, settings: Settings) -> list[Path] | Prepared:
    """The paths to walk: those given, where the project's own folder means its ``measures:``;
    with none given, the config's ``measures:`` (default ``data/measures``)."""
    root = project_root(settings)
    if target.paths is not None:
        if root is None or settings.measures is None:
            return target.paths
        # `check .` in a project whose config says where its measures are: those.
        walked: list[Path] = []
        for path in target.paths:
            if os.path.isdir(path) and os.path.realpath(path) == os.path.realpath(root):
                walked.extend(_configured(root, settings.measures))
            else:
                walked.append(path)
        return walked
    assert root is not None  # plan_target gives paths whenever there is no config
    specs = settings.measures if settings.measures is not None else [DEFAULT_MEASURES]
    configured = _configured(root, specs)
    missing = [
        spec
        for spec, path in zip(specs, configured, strict=True)
        if not os.path.lexists(path) and not is_glob(spec)
    ]
    if missing:
        return Prepared(None, [_no_measures_folder(settings, missing)])
    return configured


DEFAULT_MEASURES = "data/measures"


def _configured(root: Path, specs: list[str]) -> list[Path]:
    """The config's ``measures:`` entries as paths: relative to the config's folder, shown
    relative to the working directory when inside it."""
    return [Path(display_name(root / spec)) for spec in specs]


def _missing(path: Path, reason: str | None = None) -> Finding:
    return syntax_problem(
        display_name(path),
        Text(f"「{path}」が見つかりません。", f"'{path}' does not exist.")
        if reason is None
        else Text(f"「{path}」を読めません: {reason}", f"Cannot read '{path}': {reason}"),
        hint=Text("パスを確認してください。", "Check the path."),
    )


def _no_measure_files(path: Path, discovery: Discovery) -> Finding:
    shown = str(path)
    skipped = sum(1 for skipped, _ in discovery.skipped if _is_within(skipped, path))
    message = Text(
        f"{shown} に施策ファイル（*.yaml, *.yml）がありません。",
        f"No measure files (*.yaml, *.yml) under {shown}.",
    )
    if skipped:
        message += Text(
            f"（除外したファイル・フォルダ {skipped} 件: 理由は seta-align check --list-files -v）",
            f" ({skipped} files or folders skipped: see why with seta-align check "
            "--list-files -v)",
        )
    return syntax_problem(
        shown, message, hint=Text("パスを確認してください。", "Check the path.")
    )


def _is_within(path: Path, folder: Path) -> bool:
    return os.path.abspath(path).startswith(os.path.abspath(folder).rstrip(os.sep) + os.sep)


def _no_measures_folder(settings: Settings, missing: list[str]) -> Finding:
    shown = ", ".join(missing)
    config = settings.config_name or str(settings.config_path)
    said = settings.measures is not None
    line, column = settings.locate("measures") if said else (None, None)
    return syntax_problem(
        config,
        Text(
            f"施策フォルダ {shown} がありません（{config} の"
            + ("measures: で指定）。" if said else "場所から見た既定の場所）。"),
            f"The measures folder {shown} does not exist ("
            + ("named by measures: in " if said else "the default, relative to ")
            + f"{config}).",
        ),
        hint=Text(
            "施策ファイルのフォルダを seta-align.yaml の measures: に書くか、コマンドで"
            "パスを指定してください（例: seta-align check data/measures）。",
            "Name your measure folders under measures: in seta-align.yaml, or give them on the "
            "command line (e.g. seta-align check data/measures).",
        ),
        line=line,
        column=column,
    )


def _sample_refused_in_ci() -> Finding:
    return syntax_problem(
        "seta-align",
        Text(
            "施策ファイルが見つからないため同梱のサンプル草案を検査するところでしたが、CI では"
            "誤りとして止めます（CI が常に合格してしまうのを防ぐため）。",
            "No measure files were found, so the bundled sample draft would be checked; in CI "
            "this is an error (a gate that checks the sample would always pass).",
        ),
        hint=Text(
            "検査するフォルダを指定するか（seta-align check data/measures）、作業ディレクトリを"
            "確認してください。サンプルを検査するつもりなら --sample を付けてください。",
            "Give the folders to check (seta-align check data/measures) or check the working "
            "directory; to check the sample on purpose, add --sample.",
        ),
    )
