"""The config file ``seta-align.yaml`` and the effective settings of a run."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..findings import Finding, finding_from_json, finding_to_json
from ..i18n import Text
from ..input_records import (
    Config,
    EvaluationSettings,
    ImpactSettings,
    LevelSetting,
    ProgressSettings,
    PublishSettings,
    Waiver,
)
from ..input_records import from_json as record_from_json
from ..input_records import from_model as record_from_model
from ..input_records import to_json as record_to_json
from .cache_dir import content_digest
from .framework_modules import FrameworkModule, UnknownModule, default_modules, resolve_module
from .parse_cache import ParseCache, read_through
from .yaml_source import (
    SourceMap,
    input_problem,
    packed_from_json,
    packed_to_json,
    parse_bytes,
    read_bytes,
    schema_problem_at,
)

if TYPE_CHECKING:  # pydantic is imported where the file is validated, not to read the cache
    from pydantic import ValidationError

    from .. import models

DEFAULT_REQUIRED_FRAMEWORKS: list[tuple[str, ...]] = [("PLAN", "ORD")]
# The level of the plan's priority policies (重点政策): Setagaya's, unless the config says.
DEFAULT_PRIORITY_LEVEL = "PLAN.priority_policy"
DEFAULT_CROSS_FIELD_LEVELS = (DEFAULT_PRIORITY_LEVEL,)
DEFAULT_PLAN_PERIOD = (2024, 2031)


class ConfigError(Exception):
    def __init__(self, findings: list[Finding]):
        super().__init__(f"{len(findings)} problem(s) in the config file")
        self.findings = findings


@dataclass(slots=True)
class Settings:
    """What one run uses: the config file's values over the defaults."""

    config_path: Path | None = None
    config_name: str | None = None
    config_source: SourceMap | None = None
    config_digest: str | None = None  # of the config file's bytes as read
    # The framework files read together (bundled modules or the city's own files), and the
    # problems of the config's framework: entries.
    framework_modules: list[FrameworkModule] = field(default_factory=default_modules)
    framework_problems: list[Finding] = field(default_factory=list)
    # The config's `measures:` and `exclude:`, as written (relative to the config's folder).
    measures: list[str] | None = None
    exclude: list[str] = field(default_factory=list)
    # Impact pre-assessment: the config's `impacts:` block, and its interactions file resolved.
    impacts: ImpactSettings = field(default_factory=ImpactSettings)
    interactions_path: Path | None = None
    # Outcome management: the results folders or files (given, or data/results when it exists
    # beside the config), the plan-level indicators file, and the config's `progress:` block.
    results_paths: list[Path] = field(default_factory=list)
    # data/results beside a config without `results:`, when it does not exist (yet): a saved
    # output made without results no longer holds once it does (replay.py).
    absent_results: Path | None = None
    indicators_path: Path | None = None
    progress: ProgressSettings = field(default_factory=ProgressSettings)
    # How results are rated and graded: the config's `evaluation:` block (analysis/evaluation.py).
    evaluation: EvaluationSettings = field(default_factory=EvaluationSettings)
    # The residents' progress site: the config's `publish:` block.
    publish: PublishSettings = field(default_factory=PublishSettings)
    # Whether relations that are the framework's own reading (basis: inferred) are used.
    inferred_relations: bool = True
    # Whether this run checks the bundled sample draft (said in every report).
    sample: bool = False
    # The files and folders the run walked for measure files (given or from `measures:`).
    measure_paths: list[Path] = field(default_factory=list)
    plan_period: tuple[int, int] | None = None
    required_frameworks: list[tuple[str, ...]] = field(
        default_factory=lambda: list(DEFAULT_REQUIRED_FRAMEWORKS)
    )
    cross_field_min_fields: int = 2
    priority_level: str = DEFAULT_PRIORITY_LEVEL
    cross_field_levels: tuple[str, ...] = DEFAULT_CROSS_FIELD_LEVELS
    coverage: dict[str, LevelSetting] = field(default_factory=dict)
    waivers: list[Waiver] = field(default_factory=list)
    rules: dict[str, str] = field(default_factory=dict)
    fail_on: str = "error"
    # Keys the config file set; defaults that do not fit the framework are dropped quietly,
    # written values that do not fit are errors.
    explicit: set[str] = field(default_factory=set)
    # Values of the config that could not be read: located errors (exit 2), and the entries
    # left out for them (the check ran with their defaults), as labels like coverage.SDG.goal.
    problems: list[Finding] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)

    def locate(self, *path: str | int) -> tuple[int | None, int | None]:
        if self.config_source is None:
            return (None, None)
        return self.config_source.locate(path) or (None, None)


def load_settings(
    config_path: Path | None, display: str | None = None, cache: ParseCache | None = None
) -> Settings:
    """The settings of the config file (none: the defaults). ``cache``: a config whose bytes
    were read before is answered from it. Raises ConfigError when it cannot be used."""
    settings = Settings()
    if config_path is None:
        return settings
    name = display or str(config_path)
    raw, problem = read_bytes(config_path, name)
    if problem is not None:
        raise ConfigError([problem])
    digest = content_digest(raw)
    read = read_through(
        cache, raw, name, digest, kind=_CACHE_KIND, read=read_config, form=ConfigLoad
    )
    config = read.config
    if config is None:
        raise ConfigError(read.problems)
    settings.problems = list(read.problems)
    settings.left_out = list(read.left_out)
    settings.explicit = set(config.set_in_file)
    settings.config_source = read.source
    settings.config_digest = digest
    settings.config_path = config_path
    settings.config_name = name
    settings.measures = config.measures
    settings.inferred_relations = config.inferred_relations
    settings.impacts = config.impacts
    if config.impacts.interactions:
        settings.interactions_path = Path(
            os.path.abspath(config_path.parent / config.impacts.interactions)
        )
    settings.progress = config.progress
    settings.evaluation = config.evaluation
    settings.publish = config.publish
    base = config_path.parent
    if config.results is not None:
        settings.results_paths = [Path(os.path.abspath(base / entry)) for entry in config.results]
    elif os.path.isdir(base / "data" / "results"):
        settings.results_paths = [Path(os.path.abspath(base / "data" / "results"))]
    else:
        settings.absent_results = Path(os.path.abspath(base / "data" / "results"))
    if config.indicators:
        settings.indicators_path = Path(os.path.abspath(base / config.indicators))
    settings.exclude = list(config.exclude)
    if config.framework is not None:
        settings.framework_modules, settings.framework_problems = _framework_modules(
            config.framework, base, name, read.source
        )
    if config.plan_period:
        settings.plan_period = (config.plan_period.start, config.plan_period.end)
    if config.required_frameworks is not None:
        settings.required_frameworks = [
            (entry,) if isinstance(entry, str) else tuple(entry)
            for entry in config.required_frameworks
        ]
    settings.cross_field_min_fields = config.cross_field_min_fields
    if config.priority_level is not None:
        settings.priority_level = config.priority_level
        settings.cross_field_levels = (config.priority_level,)  # unless it says otherwise
    if config.cross_field_levels is not None:
        settings.cross_field_levels = tuple(config.cross_field_levels)
    settings.coverage = dict(config.coverage)
    settings.waivers = list(config.waivers)
    settings.rules = dict(config.rules)
    if config.fail_on:
        settings.fail_on = config.fail_on
    return settings


# A config's entry in the parse cache is named apart from a measure file's of the same name.
_CACHE_KIND = "config\0"


@dataclass(slots=True)
class ConfigLoad:
    """What a config file's bytes give: its validated values (``None``: the file cannot be
    used), the problems of its values (each one left out, labelled in ``left_out``), and where
    each value stands, with the file's lines (said beside a finding on a value). A pure
    function of the bytes and the display name, so it is kept in the parse cache."""

    config: Config | None
    source: SourceMap
    problems: list[Finding] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "config": None if self.config is None else record_to_json(self.config),
            "positions": packed_to_json(self.source.packed()),
            "lines": self.source.lines,
            "problems": [finding_to_json(f) for f in self.problems],
            "left_out": self.left_out,
        }

    @classmethod
    def from_json(cls, entry: dict) -> ConfigLoad:
        config = entry["config"]
        return cls(
            None if config is None else record_from_json(Config, config),
            SourceMap.deferred(packed_from_json(entry["positions"]), lines=entry["lines"]),
            [finding_from_json(f) for f in entry["problems"]],
            entry["left_out"],
        )


def read_config(raw: bytes, name: str) -> ConfigLoad:
    """Parse and validate a config file's bytes."""
    from pydantic import ValidationError

    from .. import models
    from .validation import schema_findings

    document = parse_bytes(raw, name)
    if document.problems:
        return ConfigLoad(None, document.source, list(document.problems))
    data = document.data if document.data is not None else {}
    if not isinstance(data, dict):
        top = input_problem(
            "SA003",
            "schema",
            Text(
                "設定ファイルの最上位は「キー: 値」の組にしてください。",
                "The config file's top level must be a mapping of 'key: value'.",
            ),
            name,
            1,
            1,
        )
        return ConfigLoad(None, document.source, [top])
    try:
        model = models.Config.model_validate(data)
    except ValidationError as error:
        problems = schema_findings(error, models.Config, name, document.source, data=data)
        model, left_out = _without_broken_values(data, error)
        if model is None:
            return ConfigLoad(None, document.source, problems)
        return ConfigLoad(record_from_model(Config, model), document.source, problems, left_out)
    return ConfigLoad(record_from_model(Config, model), document.source)


def _framework_modules(
    entries: str | list[str], base: Path, name: str, source: SourceMap
) -> tuple[list[FrameworkModule], list[Finding]]:
    """The config's ``framework:`` (one entry or a list) as modules, and the located problems of
    its entries: they stop a run that uses them (what to check would be unknown), not one whose
    --framework replaces them (framework_modules.chosen_modules)."""
    listed = isinstance(entries, list)
    modules: list[FrameworkModule] = []
    problems: list[Finding] = []

    def problem(at: tuple, message: Text, hint: Text) -> None:
        problems.append(schema_problem_at(name, source, at, message, hint))

    if listed and not entries:
        problem(
            ("framework",),
            Text("framework: にファイルがひとつもありません。", "framework: names no file."),
            Text(
                "フレームワークのファイルか同梱のもの（seta-align:sdgs など）を書くか、"
                "同梱の既定を使うならこの行を消してください。",
                "Name framework files or bundled modules (seta-align:sdgs …), or remove the "
                "line to use the bundled default.",
            ),
        )
    first_of: dict[str, str] = {}  # each file → the entry that named it first
    for index, entry in enumerate(entries if listed else [entries]):
        at = ("framework", index) if listed else ("framework",)
        try:
            module = resolve_module(entry, base)
        except UnknownModule as unknown:
            problem(at, unknown.message(), unknown.hint())
            continue
        # Said at the entry, where it is mended, not at a file that is not there.
        if not module.bundled and not os.path.exists(module.path):
            problem(
                at,
                Text(
                    f"framework の「{entry}」というファイルがありません。",
                    f"framework: there is no file '{entry}'.",
                ),
                Text(
                    "パスはこの設定ファイルのフォルダからの相対パスです。同梱のものは "
                    "seta-align:sdgs のように書きます。",
                    "Paths are relative to this config's folder; a bundled one is written "
                    "as seta-align:sdgs.",
                ),
            )
            continue
        where = os.path.realpath(module.path)
        if where in first_of:
            problem(
                at,
                Text(
                    f"framework の「{entry}」は「{first_of[where]}」と同じファイルです。",
                    f"framework: '{entry}' is the same file as '{first_of[where]}'.",
                ),
                Text("どちらかを消してください。", "Remove one of the two."),
            )
            continue
        first_of[where] = str(entry)
        modules.append(module)
    return modules, problems


# Keys that say what to check: with one of them unreadable, a check of anything else would
# answer a question nobody asked, so the run stops there.
_WHAT_TO_CHECK = frozenset({"measures", "exclude", "framework", "results", "indicators"})


def _without_broken_values(
    data: dict, error: ValidationError
) -> tuple[models.Config | None, list[str]]:
    """The config without the entries the schema found wrong (an item of a list, an entry of
    a mapping such as one rule or one level, or else the whole key), and their labels; ``None``
    when a key that says what to check is among them."""
    from pydantic import ValidationError

    from .. import models
    from .validation import field_label, real_location

    pruned = {key: (dict(value) if isinstance(value, dict) else value) for key, value in data.items()}
    labels: list[str] = []
    drop_items: dict[str, set[int]] = {}
    for detail in error.errors():
        place = real_location(tuple(detail["loc"]), data)
        if not place:
            return None, []
        key = place[0]
        if key in _WHAT_TO_CHECK or (key == "impacts" and place[1:2] == ("interactions",)):
            return None, []
        value = data.get(key)
        if len(place) > 1 and isinstance(value, list) and isinstance(place[1], int):
            drop_items.setdefault(key, set()).add(place[1])
            labels.append(field_label(place[:2]))
        elif len(place) > 1 and isinstance(pruned.get(key), dict) and place[1] in value:
            pruned[key].pop(place[1], None)
            labels.append(field_label(place[:2]))
        else:
            pruned.pop(key, None)
            labels.append(field_label(place[:1]))
    for key, indices in drop_items.items():
        if isinstance(pruned.get(key), list):
            pruned[key] = [item for i, item in enumerate(data[key]) if i not in indices]
    try:
        return models.Config.model_validate(pruned), sorted(set(labels))
    except ValidationError:
        pass
    # Some entry cannot stand alone (a period without its start): leave out the whole keys.
    keys = {real_location(tuple(d["loc"]), data)[0] for d in error.errors()}
    pruned = {key: value for key, value in data.items() if key not in keys}
    try:
        return models.Config.model_validate(pruned), sorted(str(key) for key in keys)
    except ValidationError:
        return None, []


def project_root(settings: Settings) -> Path | None:
    """The folder of the config in use: what its relative paths are relative to."""
    if settings.config_path is None:
        return None
    return Path(os.path.abspath(settings.config_path)).parent
