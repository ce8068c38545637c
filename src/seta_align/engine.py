"""One check run: files → validated models → graph → findings.

The engine knows nothing about a particular rule: it builds the context, runs every enabled rule
from the registry and applies the user's severities.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .findings import Finding, Location, Severity
from .i18n import Text
from .loading.config import DEFAULT_PLAN_PERIOD, Settings
from .loading.framework import Framework
from .loading.interactions import Interactions
from .loading.measures import Draft, LoadedMeasure
from .loading.results import Indicators, Results
from .loading.yaml_source import input_problem
from .rules import ALL_RULES, rule_by_key
from .suggest import IdIndex

if TYPE_CHECKING:  # networkx is imported when a check runs, not to read settings
    import networkx as nx

    from .analysis.coverage import Coverage
    from .analysis.crossfield import CrossField


@dataclass(slots=True)
class CheckContext:
    framework: Framework
    draft: Draft
    settings: Settings
    graph: nx.DiGraph
    # First occurrence of each measure id (later duplicates are reported, not used).
    measures: dict[str, LoadedMeasure]
    coverage: Coverage
    cross_field: CrossField
    plan_period: tuple[int, int]
    node_index: IdIndex
    measure_index: IdIndex
    # Rule code -> the user's severity or "off".
    overrides: dict[str, str] = field(default_factory=dict)
    # The interactions file of the impact pre-assessment, when the config names one.
    interactions: Interactions | None = None
    # Outcome management: the results and the plan-level indicators, when there are any.
    results: Results | None = None
    indicators: Indicators | None = None
    # Analyses computed once per check and shared by the rules that need them.
    cache: dict = field(default_factory=dict)

    def warns_uncovered(self, level_key: str) -> bool:
        """Whether each uncovered node of this level is warned about (framework, then config)."""
        setting = self.settings.coverage.get(level_key)
        if setting is not None and setting.warn_uncovered is not None:
            return setting.warn_uncovered
        level = self.framework.level(level_key)
        return level.warn_uncovered if level is not None else True

    def reports_uncovered(self, node_id: str) -> bool:
        """Whether the uncovered-node rule speaks for this node (or for an ancestor of it)."""
        return self.overrides.get("SA201") != "off" and self.warns_uncovered(
            self.framework.nodes[node_id].level_key
        )

    def node_location(self, node_id: str) -> Location:
        node = self.framework.nodes[node_id]
        return Location(self.framework.display_name, node.line, node.column)

    def config_location(self, *path: str | int) -> Location | None:
        if self.settings.config_name is None:
            return None
        line, column = self.settings.locate(*path)
        return Location(self.settings.config_name, line, column)


@dataclass(slots=True)
class CheckResult:
    context: CheckContext
    findings: list[Finding] = field(default_factory=list)
    # Codes of whole-draft rules not run because some files could not be read.
    skipped_rules: list[str] = field(default_factory=list)

    @property
    def has_input_problems(self) -> bool:
        return any(f.is_input_problem for f in self.findings)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def exit_code(self, fail_on: str) -> int:
        if self.has_input_problems:
            return 2
        if fail_on == "never":
            return 0
        threshold = Severity(fail_on).rank
        return 1 if any(f.severity.rank >= threshold for f in self.findings) else 0


def validate_settings(settings: Settings, framework: Framework) -> list[Finding]:
    """Config values that name things the framework or the rule registry does not have."""
    problems: list[Finding] = []
    name = settings.config_name or "seta-align.yaml"

    def key_at(*path: str) -> tuple[int | None, int | None]:
        if settings.config_source is None:
            return (None, None)
        return settings.config_source.locate(path, prefer_key=True) or (None, None)

    def problem(
        path: tuple, message: Text, hint: Text | None = None, at_key: bool = False
    ) -> None:
        line, column = key_at(*path) if at_key else settings.locate(*path)
        source = settings.config_source.line_text(line) if settings.config_source else None
        problems.append(input_problem("SA003", "schema", message, name, line, column, hint, source))

    def place(*path: str) -> str:
        return ":".join(str(part) for part in (name, *key_at(*path)) if part is not None)

    level_keys = [level.key for level in framework.levels()]
    # Defaults written for the bundled framework do not bind a framework of one's own.
    if "cross_field_levels" not in settings.explicit:
        settings.cross_field_levels = tuple(
            key for key in settings.cross_field_levels if framework.level(key) is not None
        )
    if "required_frameworks" not in settings.explicit:
        settings.required_frameworks = [
            group
            for group in (
                tuple(g for g in group if g in framework.frameworks)
                for group in settings.required_frameworks
            )
            if group
        ]
    for key in settings.coverage:
        if framework.level(key) is None:
            problem(
                ("coverage", key),
                Text(
                    f"coverage の「{key}」という階層はありません。",
                    f"coverage: there is no level '{key}'.",
                ),
                Text("使える階層: " + ", ".join(level_keys), "Levels: " + ", ".join(level_keys)),
            )
    for index, key in enumerate(settings.cross_field_levels):
        if framework.level(key) is None:
            problem(
                ("cross_field_levels", index),
                Text(
                    f"cross_field_levels の「{key}」という階層はありません。",
                    f"cross_field_levels: there is no level '{key}'.",
                ),
                Text("使える階層: " + ", ".join(level_keys), "Levels: " + ", ".join(level_keys)),
            )
    for index, group in enumerate(settings.required_frameworks):
        for framework_id in group:
            if framework_id not in framework.frameworks:
                problem(
                    ("required_frameworks", index),
                    Text(
                        f"required_frameworks の「{framework_id}」というフレームワークはありません。",
                        f"required_frameworks: there is no framework '{framework_id}'.",
                    ),
                    Text(
                        "使えるフレームワーク: " + ", ".join(framework.frameworks),
                        "Frameworks: " + ", ".join(framework.frameworks),
                    ),
                )
    # Ids are case-insensitive (analysis/references.py): a waiver of pp-6.5 waives PP-6.5.
    from .analysis.references import fold

    nodes = {fold(node_id): node_id for node_id in framework.nodes}
    for waiver in settings.waivers:
        if waiver.node not in framework.nodes and fold(waiver.node) in nodes:
            waiver.node = nodes[fold(waiver.node)]
    # The same rule under two keys (its code and its name, or two spellings) would let the
    # last one win silently, and their order decide the exit code: an error naming both.
    first_key: dict[str, str] = {}
    for key in settings.rules:
        rule = rule_by_key(key)
        if rule is None:
            continue
        if rule.code in first_key:
            earlier = first_key[rule.code]
            first_at = place("rules", earlier)
            second_at = place("rules", key)
            problem(
                ("rules", key),
                Text(
                    f"rules でルール {rule.code}（{rule.name}）が2回設定されています:"
                    f"「{earlier}」（{first_at}）と「{key}」（{second_at}）。",
                    f"rules: rule {rule.code} ({rule.name}) is set twice: '{earlier}' "
                    f"({first_at}) and '{key}' ({second_at}).",
                ),
                Text(
                    "どちらか一方だけを残してください（両方あると、書いた順でどちらが効くかが"
                    "決まってしまいます）。",
                    "Keep only one of them: with both, their order would decide which applies.",
                ),
                at_key=True,
            )
        else:
            first_key[rule.code] = key
    for key in settings.rules:
        if rule_by_key(key) is None:
            # ＳＡ４０１ typed with the IME on: name the rule it spells rather than guess silently.
            meant = rule_by_key(unicodedata.normalize("NFKC", key))
            message = Text(f"rules の「{key}」というルールはありません。", f"rules: no rule '{key}'.")
            if meant is not None:
                message += Text(
                    f"半角の {meant.code}（{meant.name}）の誤りではありませんか？",
                    f" Did you mean {meant.code} ({meant.name}), in half-width characters?",
                )
            problem(
                ("rules", key),
                message,
                Text(
                    "seta-align rules で一覧を表示できます。", "List them with 'seta-align rules'."
                ),
                at_key=True,
            )
        elif not rule_by_key(key).configurable:
            problem(
                ("rules", key),
                Text(
                    f"ルール {key} は読み込みの誤りなので変更できません。",
                    f"Rule {key} reports unreadable input and cannot be changed.",
                ),
            )
    return problems


def run_check(
    framework: Framework,
    draft: Draft,
    settings: Settings,
    interactions: Interactions | None = None,
    *,
    results: Results | None = None,
    indicators: Indicators | None = None,
) -> CheckResult:
    from .analysis.coverage import compute_coverage
    from .analysis.crossfield import compute_cross_field
    from .analysis.references import canonicalise, first_of_each_id
    from .graph import build_graph

    # A measure named like a framework node would overwrite the node in the graph, and a
    # second measure of an id (in any case) would replace the first: SA101 reports both, and
    # they take no part in the analysis.
    measures = first_of_each_id(draft.measures, framework)
    normalised = canonicalise(framework, measures)
    graph = build_graph(framework, measures)
    waivers: dict[str, str] = {}
    for waiver in settings.waivers:
        waivers.setdefault(waiver.node, waiver.reason)
    minimums = {key: s.min for key, s in settings.coverage.items() if s.min is not None}
    coverage = compute_coverage(graph, framework, waivers, minimums)
    cross_field = compute_cross_field(graph, framework, coverage, settings.cross_field_levels)
    plan_period = settings.plan_period or framework.plan_period or DEFAULT_PLAN_PERIOD
    overrides: dict[str, str] = {}
    for key, value in settings.rules.items():
        rule = rule_by_key(key)
        if rule is not None:
            overrides[rule.code] = value
    context = CheckContext(
        framework=framework,
        draft=draft,
        settings=settings,
        graph=graph,
        measures=measures,
        coverage=coverage,
        cross_field=cross_field,
        plan_period=plan_period,
        node_index=IdIndex(framework.nodes),
        measure_index=IdIndex(measures),
        overrides=overrides,
        interactions=interactions,
        results=results,
        indicators=indicators,
    )
    findings: list[Finding] = []
    # Findings made while reading (SA004 …) follow the user's rule settings too; input
    # problems cannot be changed.
    read_notes = [
        *(results.notes if results is not None else []),
        *(indicators.notes if indicators is not None else []),
    ]
    for finding in [*draft.problems, *normalised, *read_notes]:
        setting = overrides.get(finding.code)
        if finding.is_input_problem or setting is None:
            findings.append(finding)
        elif setting != "off":
            finding.severity = Severity(setting)
            findings.append(finding)
    skipped: list[str] = []
    for rule in ALL_RULES:
        if rule.check is None or overrides.get(rule.code) == "off":
            continue
        if rule.whole_draft and any(p.is_input_problem for p in draft.problems):
            skipped.append(rule.code)
            continue
        severity = Severity(overrides[rule.code]) if rule.code in overrides else None
        for finding in rule.check(context):
            if severity is not None:
                finding.severity = severity
            findings.append(finding)
    findings.sort(key=Finding.sort_key)
    return CheckResult(context, findings, skipped)
