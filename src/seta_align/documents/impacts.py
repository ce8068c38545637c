"""``seta-align impacts --format json``: the impact pre-assessment as one document
(docs/json-output.md, *impacts*)."""

from __future__ import annotations

from dataclasses import fields

from .. import __version__
from ..analysis.impacts import ImpactAnalysis, Influence, TradeOff, reached, scale_name

# The fields of each record written out by name: dataclasses.asdict copies every value
# recursively, most of the time of this format for a large draft.
_INFLUENCE = [f.name for f in fields(Influence)]
_TRADE_OFF = [f.name for f in fields(TradeOff)]
# A route's value s·t/3 for each two scores of the seven-point scale, rounded once: a draft of
# 2,000 measures has 127,000 routes and 49 values.
_ROUTE_VALUES = {(s, t): round(s * t / 3, 6) for s in range(-3, 4) for t in range(-3, 4)}


def _route_value(score: int, interaction: int) -> float:
    value = _ROUTE_VALUES.get((score, interaction))
    return round(score * interaction / 3, 6) if value is None else value


def _impact(impact, lang: str) -> dict:
    return {
        "measure": impact.measure,
        "on": impact.on,
        "score": impact.score,
        "assessed": impact.assessed,
        "note": impact.note,
        "mitigation": impact.mitigation,
        "evidence": impact.evidence,
        "assessed_by": impact.assessed_by,
        "assessed_on": impact.assessed_on,
        "source": impact.reference,
        "scale": scale_name(impact.score, lang),
        # A score that contradicts supports (SA601), as the file wrote it; "score" is the +1
        # that supports counts in the sums meanwhile.
        "written_score": impact.written,
        "contradiction": impact.contradiction,
    }


def _measure(profile, lang: str) -> dict:
    routes = profile.routes  # worked out once: the node sums are made from them
    return {
        "id": profile.measure,
        "owner": profile.owner,
        "field": profile.field,
        "positive": profile.positive,
        "negative": profile.negative,
        "net": profile.net,
        "sdg_goals": profile.sdg_goals,
        "plan_nodes": profile.plan_nodes,
        "second_order": reached(routes),
        "second_positive": profile.second_positive,
        "second_negative": profile.second_negative,
        # Every knock-on impact with its route: measure → via → to, s·t/3.
        "routes": [
            {
                "via": r.via,
                "to": r.to,
                "score": r.score,
                "interaction": r.interaction,
                "value": _route_value(r.score, r.interaction),
            }
            for r in routes
        ],
        "direct": [_impact(i, lang) for i in profile.direct],
    }


def _record(item, names: list[str]) -> dict:
    return {name: getattr(item, name) for name in names}


def _harmed(harmed) -> dict:
    return {
        "id": harmed.id,
        "trade_offs": len(harmed.harms),
        "impacts": harmed.impacts,
        "unmitigated": harmed.unmitigated,
        "worst": harmed.worst,
        "measures": harmed.measures,
    }


def heading(context, lang: str, analysis: str | None = None) -> dict:
    """What every document of ``impacts`` opens with (``analysis``: --sensitivity's or
    --history's)."""
    found = {
        "schema_version": 1,
        "tool": {"name": "seta-align", "version": __version__},
        "command": "impacts",
    }
    if analysis is not None:
        found["analysis"] = analysis
    found["lang"] = lang
    found["sample"] = context.settings.sample
    return found


def interactions_read(context) -> dict | None:
    """The interactions file the analysis read, and its note."""
    read = context.interactions
    return None if read is None else {"file": read.file, "note": read.note}


def document(context, analysis: ImpactAnalysis, lang: str, focus=None) -> dict:
    from ..analysis.harms import analyse as who_is_harmed

    harms = who_is_harmed(context, analysis)
    profiles = analysis.profiles
    if focus is not None and focus[0] == "--measure":
        profiles = {focus[1]: profiles[focus[1]]} if focus[1] in profiles else {}
    nodes = analysis.nodes
    if focus is not None and focus[0] == "--node":
        nodes = {focus[1]: nodes[focus[1]]} if focus[1] in nodes else {}
    return {
        **heading(context, lang),
        "interactions": interactions_read(context),
        # Made one at a time as they are written (documents.writing.pieces).
        "measures": (_measure(p, lang) for p in profiles.values()),
        "nodes": [
            {
                "id": n.node,
                "positive": [_impact(i, lang) for i in n.positive],
                "negative": [_impact(i, lang) for i in n.negative],
                "fields": n.fields,
                "contested": n.contested,
            }
            for n in nodes.values()
        ],
        "influence": [_record(i, _INFLUENCE) for i in analysis.influence.values()],
        "measure_influence": [
            _record(i, _INFLUENCE) for i in analysis.measure_influence.values()
        ],
        "clusters": [
            {
                "members": c.members,
                "measures": c.measures,
                "fields": c.fields,
                "owners": c.owners,
                "priority_policies": c.priority_policies,
                "cross_field": c.cross_field,
                # A member measure's harm to another member of the same group.
                "conflicts": [
                    {"measure": i.measure, "on": i.on, "score": i.score} for i in c.conflicts
                ],
            }
            for c in analysis.clusters
        ],
        "trade_offs": [
            {
                **_record(harm.trade_off, _TRADE_OFF),
                "policies_harmed": harm.policies,
                "goal_harmed": harm.goal,
            }
            for harm in harms.harms
        ],
        "by_priority_policy": [_harmed(h) for h in harms.policies],
        "by_sdg_goal": [_harmed(h) for h in harms.goals],
        "goal_balance": [
            {"goal": goal, "positive": pos, "negative": neg}
            for goal, (pos, neg) in analysis.goal_balance.items()
        ],
    }
