"""``seta-align diff --years A..B --format json`` (docs/json-output.md, *diff --years*)."""

from __future__ import annotations

import json

from .. import __version__


def _round(value):
    return None if value is None else round(value, 6)


def render(context, changes, lang: str, exit_code: int) -> str:
    document = {
        "schema_version": 1,
        "tool": {"name": "seta-align", "version": __version__},
        "command": "diff-years",
        "lang": lang,
        "exit_code": exit_code,
        "before": changes.before,
        "after": changes.after,
        "regression": changes.regression,
        "fell_behind": [m.measure for m in changes.fell_behind],
        "recovered": [m.measure for m in changes.recovered],
        "measures": [
            {
                "id": m.measure,
                "before": m.before,
                "after": m.after,
                "before_rate": _round(m.before_rate),
                "after_rate": _round(m.after_rate),
                "before_achievement": _round(m.before_achievement),
                "after_achievement": _round(m.after_achievement),
                "kind": m.kind,
            }
            for m in changes.measures
        ],
        "kpis": [
            {
                "measure": c.item.measure,
                "kpi": c.item.key,
                "before": c.before,
                "after": c.after,
                "kind": c.kind,
            }
            for c in changes.kpis
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
