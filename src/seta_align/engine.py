"""One check run: files → validated models → graph → findings.

The engine knows nothing about a particular rule: it builds the context, runs every enabled rule
from the registry and applies the user's severities.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .findings import Finding, Location, Severity
from .loading.config import DEFAULT_PLAN_PERIOD, Settings
from .loading.framework import Framework
from .loading.interactions import Interactions
from .loading.measures import Draft, LoadedMeasure, UnreadMeasure
from .loading.results import Indicators, Results
from .rules import ALL_RULES, rule_by_key
from .rules.input_problems import NORMALISED_INPUT
from .suggest import IdIndex

if TYPE_CHECKING:  # networkx is imported when a check runs, not to read settings
    import networkx as nx

    from .analysis.coverage import Coverage
    from .analysis.crossfield import CrossField
    from .loading.parse_cache import ParseCache


@dataclass(slots=True)
class CheckContext:
    framework: Framework
    draft: Draft
    settings: Settings
    # First occurrence of each measure id (later duplicates are reported, not used).
    measures: dict[str, LoadedMeasure]
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
    # Measures known by their id only (their title, owner or field could not be read), by id:
    # counted and known, left out of the analyses.
    unread: dict[str, UnreadMeasure] = field(default_factory=dict)
    # The folded id (analysis.references.fold) of every measure, read whole or not.
    known_measures: frozenset[str] = frozenset()
    # How many measures have parts that could not be read (left out, or known by id only).
    partly_unread: int = 0
    # Where an analysis that is a pure function of its inputs is saved for the commands after
    # this one (loading.parse_cache.ParseCache.remembered); None without the cache.
    saved: ParseCache | None = None
    # Neither the config nor the framework gives a plan period: the default is used, and said.
    plan_period_assumed: bool = False
    # The graph and what is worked out on it, made when first asked (see the properties):
    # a view that reads no link (progress, sheets, publish) neither builds them nor imports
    # networkx.
    _graph: nx.DiGraph | None = field(default=None, repr=False)
    _coverage: Coverage | None = field(default=None, repr=False)
    _cross_field: CrossField | None = field(default=None, repr=False)

    @property
    def graph(self) -> nx.DiGraph:
        """The framework's nodes and the measures, with every link (graph.build_graph)."""
        if self._graph is None:
            from .graph import build_graph

            self._graph = build_graph(self.framework, self.measures)
        return self._graph

    def let_go_of_graph(self) -> None:
        """Free the graph once nothing more reads it, keeping what was worked out on it (the
        coverage and the cross-field links, made now if they were not): what is made next
        reuses the memory. Asked again, it is made again."""
        if self._graph is None:
            return
        from .graph import release

        self.cross_field  # made from the graph and the coverage  # noqa: B018
        graph, self._graph = self._graph, None
        release(graph)

    @property
    def coverage(self) -> Coverage:
        """Which nodes the measures serve, level by level, with the config's waivers and
        minimums (analysis.coverage)."""
        if self._coverage is None:
            from .analysis.coverage import compute_coverage

            settings = self.settings
            waivers: dict[str, str] = {}
            for waiver in settings.waivers:
                waivers.setdefault(waiver.node, waiver.reason)
            minimums = {key: s.min for key, s in settings.coverage.items() if s.min is not None}
            self._coverage = compute_coverage(self.graph, self.framework, waivers, minimums)
        return self._coverage

    @property
    def cross_field(self) -> CrossField:
        """How many fields work on each priority policy (analysis.crossfield)."""
        if self._cross_field is None:
            from .analysis.crossfield import compute_cross_field

            self._cross_field = compute_cross_field(
                self.graph, self.framework, self.coverage, self.settings.cross_field_levels
            )
        return self._cross_field

    def remembered(self, kind: str, inputs: str, make):
        """``make()``, or what it gave for the same ``inputs`` in an earlier run."""
        return make() if self.saved is None else self.saved.remembered(kind, inputs, make)

    def knows_measure(self, measure_id: str) -> bool:
        """Whether a measure of this id exists, read whole or not (ids case-insensitive)."""
        if measure_id in self.measures:  # references are canonical once read: most hit here
            return True
        from .analysis.references import fold

        return fold(measure_id) in self.known_measures

    @property
    def measure_count(self) -> int:
        """The measures of the draft, those with unreadable parts included."""
        return len(self.measures) + len(self.unread)

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

    def assessed(self) -> list[tuple[str, LoadedMeasure]]:
        """The measures with impacts (影響の予測評価), as ``(id, loaded)`` in the draft's order:
        the impact rules look at these only (a draft without an assessment has none, and going
        through its every measure once for each rule was a tenth of its check)."""
        assessed = self.cache.get("assessed")
        if assessed is None:
            assessed = self.cache["assessed"] = [
                (measure_id, loaded)
                for measure_id, loaded in self.measures.items()
                if loaded.measure.impacts
            ]
        return assessed

    def nodes_of_level(self, level_key: str) -> list:
        """The nodes of a level (``SDG.goal``), in the framework's order."""
        return [node for node in self.framework.nodes.values() if node.level_key == level_key]

    def priority_policies(self) -> list:
        """The plan's priority policies (重点政策): the nodes of the config's ``priority_level``
        (PLAN.priority_policy unless it says another), in the framework's order."""
        return self.nodes_of_level(self.settings.priority_level)

    def node_location(self, node_id: str) -> Location:
        node = self.framework.nodes[node_id]
        return Location(node.file, node.line, node.column)

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
    # Accepted spellings read as what they mean (SA004: 令和7年度, full-width digits …): said
    # once in a summary line under -v, not as a finding on each line, unless the config sets
    # the rule (rules: {normalised-input: info}).
    read_as_meant: list[Finding] = field(default_factory=list)

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


def run_check(
    framework: Framework,
    draft: Draft,
    settings: Settings,
    interactions: Interactions | None = None,
    *,
    results: Results | None = None,
    indicators: Indicators | None = None,
    rules: bool = True,
    saved: ParseCache | None = None,
) -> CheckResult:
    """The checked draft: its context (graph, coverage …) and its findings. ``rules=False``
    leaves out the rules' findings, for a command that shows a view of the draft and stops
    only on what could not be read (their work is most of a check's on a large draft)."""
    from .analysis.references import canonicalise, first_of_each_id, fold

    # A measure named like a framework node would overwrite the node in the graph, and a
    # second measure of an id (in any case) would replace the first: SA101 reports both, and
    # they take no part in the analysis.
    measures, folded = first_of_each_id(draft.measures, framework)
    unread: dict[str, UnreadMeasure] = {}
    known = set(folded)
    for item in draft.unread:
        if fold(item.id) not in known:
            known.add(fold(item.id))
            unread[item.id] = item
    normalised = canonicalise(framework, measures, folded)
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
        measures=measures,
        plan_period=plan_period,
        plan_period_assumed=not (settings.plan_period or framework.plan_period),
        node_index=IdIndex(framework.nodes),
        measure_index=IdIndex([*measures, *unread]),
        overrides=overrides,
        interactions=interactions,
        results=results,
        indicators=indicators,
        unread=unread,
        known_measures=frozenset(known),
        partly_unread=len(unread) + sum(1 for m in measures.values() if m.salvage is not None),
        saved=saved,
    )
    findings: list[Finding] = []
    # Findings made while reading (SA004 …) follow the user's rule settings too; input
    # problems cannot be changed.
    read_notes = [
        *(results.notes if results is not None else []),
        *(indicators.notes if indicators is not None else []),
    ]
    # What could not be read in the files beside the measures: located errors (exit 2) that
    # leave out only the entries they are in.
    side_problems = [
        *settings.problems,
        *(interactions.problems if interactions is not None else []),
        *(results.problems if results is not None else []),
        *(indicators.problems if indicators is not None else []),
    ]
    read_as_meant: list[Finding] = []
    for finding in [*draft.problems, *side_problems, *normalised, *read_notes]:
        setting = overrides.get(finding.code)
        if finding.code == NORMALISED_INPUT.code and setting is None:
            read_as_meant.append(finding)
        elif finding.is_input_problem or setting is None:
            findings.append(finding)
        elif setting != "off":
            finding.severity = Severity(setting)
            findings.append(finding)
    skipped: list[str] = []
    whole = draft.whole_for_coverage  # a look at every measure: once, not once for each rule
    for rule in ALL_RULES if rules else ():
        if rule.check is None or overrides.get(rule.code) == "off":
            continue
        if rule.whole_draft and not whole:
            skipped.append(rule.code)
            continue
        severity = Severity(overrides[rule.code]) if rule.code in overrides else None
        for finding in rule.check(context):
            if severity is not None:
                finding.severity = severity
            findings.append(finding)
    # The rules are done: the indexes they made to suggest ids are let go before the report
    # is made of the analyses (made again if a view asks).
    context.node_index.forget()
    context.measure_index.forget()
    findings.sort(key=Finding.sort_key)
    return CheckResult(context, findings, skipped, read_as_meant)
