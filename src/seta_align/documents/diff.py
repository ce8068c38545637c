"""``seta-align diff --format json`` (schema_version 1; see docs/json-output.md)."""

from __future__ import annotations

from .. import __version__
from ..analysis.diff import DraftDiff
from ..i18n import Lang
from ..reporters.json import finding_dict
from . import writing as json_text


def render(diff: DraftDiff, lang: Lang, exit_code: int) -> str:
    document = {
        "schema_version": 1,
        "tool": {"name": "seta-align", "version": __version__},
        "lang": lang,
        "exit_code": exit_code,
        "regression": diff.regression,
        "measures": {"added": diff.added, "removed": diff.removed, "changed": diff.changed},
        "coverage": {
            "levels": [
                {
                    "key": level.key,
                    "old": {
                        "covered": level.old_covered,
                        "counted": level.old_counted,
                        "percent": round(level.old_percent, 2),
                    },
                    "new": {
                        "covered": level.new_covered,
                        "counted": level.new_counted,
                        "percent": round(level.new_percent, 2),
                    },
                    "delta": round(level.delta, 2),
                }
                for level in diff.levels
            ],
            "gained": diff.gained,
            "lost": diff.lost,
        },
        "findings": {
            "introduced": [finding_dict(f, lang) for f in diff.introduced],
            "fixed": [finding_dict(f, lang) for f in diff.fixed],
        },
    }
    return json_text.dumps(document, levels=3) + "\n"
