"""``seta-align impacts --sensitivity --format json``: how stable the impact rankings are, as
one document (the method: docs/impacts.md, "How sure a ranking is").

A share is a fraction of the runs (0 … 1), ``null`` when no run was made (``--runs 0``), as the
conclusions are then: nothing was tested. Nets are in the units of ``impacts --format json``
(rounded to 6 decimals), row sums whole numbers."""

from __future__ import annotations

from ..analysis.sensitivity import Sensitivity, Standing, TradeOffStanding
from .impacts import heading, interactions_read


def _share(share: float | None) -> float | None:
    return None if share is None else round(share, 6)


def _standing(standing: Standing, figure: str) -> dict:
    return {
        "id": standing.id,
        figure: standing.value,
        "rank": standing.rank,
        "kept_rank": _share(standing.kept_share),
        "in_top": _share(standing.top_share),
        "best_rank": standing.best_rank,
        "worst_rank": standing.worst_rank,
        f"{figure}_low": standing.low,
        f"{figure}_high": standing.high,
    }


def _pair(trade_off: TradeOffStanding) -> dict:
    return {
        "source": trade_off.source,
        "target": trade_off.target,
        "score": trade_off.score,
        "kind": trade_off.kind,
    }


def document(context, found: Sensitivity, lang: str) -> dict:
    perturbation = found.perturbation
    held = found.conclusions
    return {
        **heading(context, lang, "sensitivity"),
        "interactions": interactions_read(context),
        "method": {
            "runs": perturbation.runs,
            "seed": perturbation.seed,
            "spread": perturbation.spread,
            "top": perturbation.top,
            # what each run moves: the assessed scores of measures, the interaction scores
            "scores_moved": found.scores,
            "interactions_moved": found.links,
        },
        "measures": [_standing(s, "net") for s in found.measures],
        "targets": [_standing(s, "row_sum") for s in found.targets],
        "trade_offs": [
            {
                **_pair(t),
                "negative_share": _share(t.negative_share),
                "highest": t.highest,
                "always_negative": t.always_negative if t.runs else None,
            }
            for t in found.trade_offs
        ],
        "conclusions": None
        if held is None
        else {
            "measures_in_top": held.measures_in_top,
            "measures_positive": held.measures_positive,
            "measures_negative": held.measures_negative,
            "targets_in_top": held.targets_in_top,
            "trade_offs_negative": [_pair(t) for t in held.trade_offs_negative],
        },
    }
