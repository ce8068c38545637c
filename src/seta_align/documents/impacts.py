"""``seta-align impacts --format json``: the impact pre-assessment as one document
(docs/json-output.md, *impacts*)."""

from __future__ import annotations

from dataclasses import fields

from .. import __version__
from ..analysis.impacts import ImpactAnalysis, Influence, TradeOff, scale_name

# The fields of each record written out by name: dataclasses.asdict copies every value
# recursively, most of the time of this format for a large draft.
_INFLUENCE = [f.name for f in fields(Influence)]
_TRADE_OFF = [f.name for f in fields(TradeOff)]


def _impact(impact, lang: str) -> dict:
    return {
        "measure": impact.measure,
        "on": impact.on,
        "score": impact.score,
        "assessed": impact.assessed,
        "note": impact.note,
        "mitigation": impact.mitigation,
        "evidence": impact.evidence,
        "scale": scale_name(impact.score, lang),
        # A score that contradicts supports (SA601), as the file wrote it; "score" is the +1
        # that supports counts in the sums meanwhile.
        "written_score": impact.written,
        "contradiction": impact.contradiction,
    }


def _record(item, names: list[str]) -> dict:
    return {name: getattr(item, name) for name in names}


def document(context, analysis: ImpactAnalysis, lang: str, focus=None) -> dict:
    profiles = analysis.profiles
    if focus is not None and focus[0] == "--measure":
        profiles = {focus[1]: profiles[focus[1]]} if focus[1] in profiles else {}
    nodes = analysis.nodes
    if focus is not None and focus[0] == "--node":
        nodes = {focus[1]: nodes[focus[1]]} if focus[1] in nodes else {}
    return {
        "schema_version": 1,
        "tool": {"name": "seta-align", "version": __version__},
        "command": "impacts",
        "lang": lang,
        "sample": context.settings.sample,
        "interactions": None
        if context.interactions is None
        else {"file": context.interactions.file, "note": context.interactions.note},
        "measures": [
            {
                "id": p.measure,
                "owner": p.owner,
                "field": p.field,
                "positive": p.positive,
                "negative": p.negative,
                "net": p.net,
                "sdg_goals": p.sdg_goals,
                "plan_nodes": p.plan_nodes,
                "second_order": p.second_order,
                "direct": [_impact(i, lang) for i in p.direct],
            }
            for p in profiles.values()
        ],
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
            }
            for c in analysis.clusters
        ],
        "trade_offs": [_record(t, _TRADE_OFF) for t in analysis.trade_offs],
        "goal_balance": [
            {"goal": goal, "positive": pos, "negative": neg}
            for goal, (pos, neg) in analysis.goal_balance.items()
        ],
    }
