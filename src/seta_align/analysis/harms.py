"""Who each trade-off harms: the priority policies (重点政策) and SDG goals it lowers, so that a
planning office can read, policy by policy, which measures work against it and whether each harm
is mitigated (see docs/impacts.md, "Trade-offs by priority policy").

A trade-off (a negative impact of a measure, or a negative interaction between targets) lowers
one thing, its *target*. It harms a priority policy P when

- the target is P or a node under P (P covers it), or a measure that serves P; or
- the target is something P's own measures work for: a measure serving P helps it (a positive
  impact, or ``supports``).

It harms an SDG goal when the target is the goal or one of its targets. One trade-off may harm
several policies; each policy lists it once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .impacts import (
    ImpactAnalysis,
    TradeOff,
    priority_policies_served,
    sdg_goal,
)


@dataclass(slots=True)
class Harm:
    trade_off: TradeOff
    policies: list[str]  # the priority policies it harms, in the framework's order
    goal: str | None  # the SDG goal it harms, or None


@dataclass(slots=True)
class Harmed:
    """One priority policy or SDG goal and the trade-offs that harm it, the worst first."""

    id: str
    harms: list[Harm] = field(default_factory=list)

    @property
    def unmitigated(self) -> int:
        """Negative impacts of measures with no mitigation written (an interaction has no
        mitigation field: it is counted apart)."""
        return sum(1 for h in self.harms if h.trade_off.mitigated is False)

    @property
    def impacts(self) -> int:
        return sum(1 for h in self.harms if h.trade_off.kind == "impact")

    @property
    def worst(self) -> int | None:
        return min((h.trade_off.score for h in self.harms), default=None)

    @property
    def measures(self) -> list[str]:
        """The measures whose impacts harm it, each once, in the order of the harms."""
        found: dict[str, None] = {}
        for harm in self.harms:
            if harm.trade_off.kind == "impact":
                found.setdefault(harm.trade_off.source)
        return list(found)


@dataclass(slots=True)
class HarmAnalysis:
    harms: list[Harm]  # every trade-off, in the order of ImpactAnalysis.trade_offs
    policies: list[Harmed]  # every priority policy of the framework, in its order
    goals: list[Harmed]  # every SDG goal a trade-off harms, 1…17


def analyse(context, analysis: ImpactAnalysis) -> HarmAnalysis:
    framework = context.framework
    policies = [node.id for node in context.priority_policies()]
    place = {policy: i for i, policy in enumerate(policies)}
    behind: dict[str, str | None] = {}
    served: dict[str, list[str]] = {}  # measure -> the priority policies it serves

    def serving(measure_id: str) -> list[str]:
        found = served.get(measure_id)
        if found is None:
            found = served[measure_id] = priority_policies_served(context, measure_id, behind)
        return found

    def covering(target: str) -> list[str]:
        """The priority policies a target sits under (itself one, or a measure serving them)."""
        if target in context.measures:
            return serving(target)
        if target not in framework.nodes:
            return []
        return [n for n in (target, *framework.ancestors(target)) if n in place]

    helped: dict[str, set[str]] = {}  # target -> the policies whose measures help it

    def worked_for(target: str) -> set[str]:
        # Once per target: many trade-offs lower the same few targets, each helped by many.
        found = helped.get(target)
        if found is None:
            entry = analysis.nodes.get(target)
            helpers = [] if entry is None else entry.positive
            found = helped[target] = {p for i in helpers for p in serving(i.measure)}
        return found

    harms = []
    by_policy: dict[str, Harmed] = {policy: Harmed(policy) for policy in policies}
    by_goal: dict[str, Harmed] = {}
    for trade_off in analysis.trade_offs:
        target = trade_off.target
        hit = set(covering(target)) | worked_for(target)
        harm = Harm(
            trade_off,
            sorted(hit, key=place.__getitem__),
            sdg_goal(context, target) if target in framework.nodes else None,
        )
        harms.append(harm)
        for policy in harm.policies:
            by_policy[policy].harms.append(harm)
        if harm.goal is not None:
            by_goal.setdefault(harm.goal, Harmed(harm.goal)).harms.append(harm)
    order = {node_id: i for i, node_id in enumerate(framework.nodes)}
    for harmed in (*by_policy.values(), *by_goal.values()):
        # The worst first; of equal severity, a measure's unmitigated harm before a mitigated
        # one, and both before an interaction (which no measure can mitigate).
        harmed.harms.sort(
            key=lambda h: (
                h.trade_off.score,
                h.trade_off.kind != "impact",
                bool(h.trade_off.mitigated),
                h.trade_off.source,
                h.trade_off.target,
            )
        )
    goals = sorted(by_goal.values(), key=lambda g: order.get(g.id, len(order)))
    return HarmAnalysis(harms, list(by_policy.values()), goals)
