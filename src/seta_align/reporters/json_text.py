"""JSON text that people can read and machines write quickly.

``json.dumps(..., indent=2)`` runs the pure-Python encoder: 2.5 s for the findings of a
100,000-measure draft. Here only the outer levels are indented and every deeper value (one
finding, one result) is written on one line by the C encoder: the same data, as easy to read and
to grep, many times faster.
"""

from __future__ import annotations

import json

_ONE_LINE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def dumps(value: object, levels: int = 2) -> str:
    """``value`` as JSON, indented by two spaces for the first ``levels`` levels."""
    parts: list[str] = []
    _write(value, levels, "", parts)
    return "".join(parts)


def _write(value: object, levels: int, indent: str, parts: list[str]) -> None:
    if levels <= 0 or not isinstance(value, dict | list) or not value:
        parts.append(_ONE_LINE.encode(value))
        return
    inner = indent + "  "
    if isinstance(value, dict):
        parts.append("{")
        for index, (key, item) in enumerate(value.items()):
            parts.append(
                ("\n" if index == 0 else ",\n") + inner + _ONE_LINE.encode(str(key)) + ": "
            )
            _write(item, levels - 1, inner, parts)
        parts.append("\n" + indent + "}")
    else:
        parts.append("[")
        for index, item in enumerate(value):
            parts.append(("\n" if index == 0 else ",\n") + inner)
            _write(item, levels - 1, inner, parts)
        parts.append("\n" + indent + "]")
