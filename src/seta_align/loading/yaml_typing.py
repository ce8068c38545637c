"""How a plain YAML scalar is typed: PyYAML's safe loader's YAML 1.1 rules, decided quickly.

Both readers (the exact one in ``yaml_source`` and the fast one in ``yaml_fast``) type plain
scalars here, so that ``8.10`` is a number, ``NO`` false and ``2024-04-01`` a date in both, by
the very same rules.
"""

from __future__ import annotations

import yaml

try:  # The C composer is many times faster; its typing rules are the same resolver's.
    BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    BaseLoader = yaml.SafeLoader


def _implicit_resolvers(loader: type) -> dict[str | None, tuple]:
    """The loader's implicit typing rules by first character, each list ending with the rules
    that apply to any first character (as ``BaseResolver.resolve`` tries them)."""
    table = loader.yaml_implicit_resolvers
    anywhere = list(table.get(None, []))
    rules: dict[str | None, tuple] = {
        first: tuple(entries + anywhere) for first, entries in table.items() if first
    }
    rules[""] = tuple(table.get("", []) + anywhere)
    rules[None] = tuple(anywhere)
    return rules


TYPING_RULES = _implicit_resolvers(BaseLoader)
# Path resolvers would make tags depend on where a node sits; the safe loader has none, which
# is what makes typing by the value alone exact.
assert not BaseLoader.yaml_path_resolvers

STR = "tag:yaml.org,2002:str"


def implicit_tag(value: str) -> str:
    """The tag PyYAML's safe loader gives the plain scalar ``value``."""
    for tag, pattern in TYPING_RULES.get(value[:1], TYPING_RULES[None]):
        if pattern.match(value):
            return tag
    return STR
