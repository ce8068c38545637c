"""The reader types plain scalars exactly as PyYAML's safe loader does (YAML 1.1 rules).

Our loader decides tags with a faster ``resolve``; what users see (``8.10`` read as a number,
``NO`` as false, ``2024-04-01`` as a date) must not change. Each document is composed by both
loaders and every node's tag compared.
"""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from seta_align.loading.yaml_exact import _Loader

TRICKY = [
    "",
    "~",
    "null",
    "Null",
    "NULL",
    "nul",
    "true",
    "True",
    "TRUE",
    "yes",
    "Yes",
    "YES",
    "no",
    "No",
    "NO",
    "on",
    "On",
    "ON",
    "off",
    "Off",
    "OFF",
    "y",
    "n",
    "0",
    "010",
    "0o10",
    "0x1F",
    "0b101",
    "-0",
    "+12",
    "1_000",
    "1,000",
    "190:20:30",
    "8.10",
    "8.",
    ".5",
    "-.inf",
    ".Inf",
    ".NaN",
    ".nan",
    "1e3",
    "1.0e+3",
    "6.8523015e+5",
    "685.230_15e+03",
    "2024-04-01",
    "2001-12-14t21:59:43.10-05:00",
    "2001-12-14 21:59:43.10 -5",
    "2002-12-14",
    "=",
    "<<",
    "!",
    "&a",
    "*a",
    "-",
    "+",
    ".",
    "SDG-8.3",
    "PP-6",
    "令和13年度",
    "ＳＤＧ８",
    "0.1.2",
    "1:20",
    "-1:20",
    "0:0:0",
    "1__0",
    "0x_1",
    "+.5",
    "1e",
    "e3",
    "TrUe",
]


def _tags(text: str, loader: type) -> list[str]:
    node = yaml.compose(text, Loader=loader)
    return [item.tag for item in node.value]


def _document(scalars: list[str]) -> str:
    # One plain scalar per list item; quoted twins must stay strings whatever they contain.
    lines = []
    for scalar in scalars:
        if scalar and not scalar.startswith(("!", "&", "*", "-", " ")) and ": " not in scalar:
            lines.append(f"- {scalar}")
        lines.append(f"- {yaml.safe_dump(scalar).splitlines()[0]}")
    return "\n".join(lines) + "\n"


def test_tricky_scalars_are_typed_as_pyyaml_types_them():
    text = _document(TRICKY)
    assert _tags(text, _Loader) == _tags(text, yaml.CSafeLoader)
    # The list covers every kind of implicit typing, so the comparison means something.
    kinds = {tag.rsplit(":", 1)[-1] for tag in _tags(text, _Loader)}
    assert {"str", "int", "float", "bool", "null", "timestamp"} <= kinds


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    st.lists(
        st.text(alphabet="0123456789+-._:eEoOxXbBnNyYtTfFlLaAsSiI~ 年度", min_size=1, max_size=12),
        min_size=1,
        max_size=20,
    )
)
def test_random_scalars_are_typed_as_pyyaml_types_them(scalars):
    kept = [s.strip() for s in scalars if s.strip() and "#" not in s]
    if not kept:
        return
    text = _document(kept)
    try:
        expected = _tags(text, yaml.CSafeLoader)
    except yaml.YAMLError:
        return  # not a document (e.g. "- :"); both loaders refuse it alike
    assert _tags(text, _Loader) == expected
