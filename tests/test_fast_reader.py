"""The fast YAML reader reads exactly as the exact one, or declines.

``yaml_fast.read_simple`` must give the very data, positions and typing that PyYAML's composer
and our converter (``yaml_exact.parse_exactly``) give, or ``None``; and it must decline every
file the exact reader finds a problem in, so that problems are always worded and placed by the
exact reader. Compared here over every fixture, the bundled data, a generated bench draft and
mutations of all of them by the fuzz target's mutators; and, through the CLI, the check's whole
output with the fast reader on and off (``SETA_ALIGN_EXACT_YAML=1``).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from test_properties import _fuzz_module

from seta_align.loading import yaml_fast
from seta_align.loading.yaml_exact import parse_exactly
from seta_align.loading.yaml_source import decode

from conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def _same_reading(text: str) -> bool | None:
    """None when the fast reader declines; else whether it read exactly as the exact one."""
    fast = yaml_fast.read_simple(text)
    if fast is None:
        return None
    exact = parse_exactly(text, "x.yaml")
    data, positions, typed_as = fast
    return (
        not exact.problems
        and repr(data) == repr(exact.data)
        and json.dumps(positions) == json.dumps(exact.source.positions)
        and typed_as == exact.source.typed_as
    )


def _yaml_files(*roots: Path) -> list[Path]:
    return sorted(p for root in roots for p in root.rglob("*.y*ml") if p.is_file())


def _texts(paths: list[Path], root: Path = ROOT) -> list[tuple[str, str]]:
    found = []
    for path in paths:
        text, _ = decode(path.read_bytes(), str(path))
        if text is not None:
            found.append((path.relative_to(root).as_posix(), text))
    return found


def test_every_fixture_and_the_bundled_data_read_alike():
    texts = _texts(_yaml_files(FIXTURES, ROOT / "data", ROOT / "src" / "seta_align"))
    results = {name: _same_reading(text) for name, text in texts}
    wrong = [name for name, same in results.items() if same is False]
    assert not wrong, wrong
    # Every file the exact reader reads without a problem is one the fast reader reads.
    declined = {
        name
        for name, text in texts
        if results[name] is None and not parse_exactly(text, name).problems
    }
    assert not declined, declined
    assert len(results) > 100


@pytest.fixture(scope="module")
def bench_draft(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "draft"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate.py"), "300", str(out), "--results"],
        check=True,
        capture_output=True,
    )
    return out


def test_a_generated_bench_draft_is_read_fast_and_alike(bench_draft):
    texts = _texts(_yaml_files(bench_draft), bench_draft)
    assert len(texts) > 5
    assert all(_same_reading(text) is True for _, text in texts)


def test_mutations_of_the_fuzz_corpus_read_alike_or_are_declined():
    fuzz = _fuzz_module()
    rng = random.Random(20261206)
    corpus = [path.read_bytes() for path in fuzz.corpus_files()]
    mutators = [m for m in fuzz.MUTATORS if m[0] not in ("alias_bomb", "big")]
    names = [name for name, _, _ in mutators]
    weights = [weight for _, _, weight in mutators]
    functions = {name: function for name, function, _ in mutators}
    read_fast = declined = 0
    for _ in range(600):
        raw = rng.choice(corpus)
        for _ in range(rng.randint(1, 3)):
            raw = functions[rng.choices(names, weights)[0]](rng, raw, corpus)
        text, _ = decode(raw, "x.yaml")
        if text is None:
            continue
        same = _same_reading(text)
        assert same is not False, text[:2000]
        read_fast += same is True
        declined += same is None
    # Both ways: many mutations stay simple, many do not (they have errors).
    assert read_fast > 100 and declined > 100, (read_fast, declined)


# --- by hand: what is read, and how ----------------------------------------------------------

READ_ALIKE = [
    # A ":" inside a flow scalar, followed by what ends no scalar (framework: [a.yaml,
    # seta-align:sdgs]); typed as in a block (1:30 is sexagesimal ninety).
    "f: [seta-align:sdgs, a:b:c, a::b, http://x, 1:30, a:b ]\n",
    "f: {k: a:b, a:b: c, j: [p:q, {x: y:z}]}\n",
    "a: yes\nb: NO\nc: on\nd: 010\ne: 0x1F\nf: 1:20\ng: 2024-04-01\nh: 1e3\ni: .5\nj: 1_000\n",
    "a: ~\nb:\nc: null\nd: ''\ne: \"\"\nf: 'it''s'\ng: \"\\u00e9\\t\\\"q\\\"\"\n",
    "- [SDG-8.3, PP-1, \"x, y\", 'z']\n- {year: 2024, value: 68.30, note: a b}\n- []\n- {}\n",
    "a: [{name: x, target: {year: 2030, value: 1}}, [1, [2]]]\n",
    "a: |\n  one\n  two\nb: >-\n  three\n  four\n\n\nc: >\n  five\n",
    "text: |\n  no line break at the end",
    "key:\n- one\n- two: 2\n  three: 3\nnext: 1  # comment\n",
    "- id: A\n  # a comment between keys\n  kpis:\n    - name: x\n\n      unit: \"%\"\n-\n- \n",
    "\"on\": PP-1\n'off': 2\nurl: https://example.com/a#b\nc#: d\n",
    "a: 全角　スペース\r\nb: 2\r\n",
    "a:\n  [a, b]\nb:\n  plain\n",
]

DECLINED = [
    "f: [a:]\n",  # a ":" before the end of the collection: an error for PyYAML
    "f: [a:,b]\n",
    "f: [a: b]\n",  # a pair inside a sequence
    "f: [a:[b]]\n",
    "f: [a:#b]\n",
    "a:\tb\n",  # a tab
    "a: &x 1\nb: *x\n",  # anchor and alias
    "a: !!str 1\n",  # a tag
    "base: {x: 1}\nitem:\n  <<: {y: 2}\n",  # a merge key
    "a: 1\na: 2\n",  # a duplicate key
    "a: {x: 1, x: 2}\n",  # in a flow mapping too
    "a: {x: [1], x: 2}\n",
    "a: one\n  two\n",  # a plain scalar over two lines
    "a: |\n  one\n\n  two\n",  # a blank line inside a block scalar
    "a: |+\n  one\n",  # keep
    "a: |2\n   one\n",  # an indentation indicator
    "---\na: 1\n",  # a document marker
    "a: 1\rb: 2\n",  # a lone CR breaks the line for YAML
    "a: 1\x85b: 2\n",  # so does NEL
    "a: \"\\q\"\n",  # an unknown escape: PyYAML's error
    "a: \"one\n  two\"\n",  # a quoted scalar over two lines
    "a: [1, 2,]\n",  # a trailing comma
    "a: b: c\n",  # PyYAML's "mapping values are not allowed here"
    "- a\nb: 1\n",  # a key after a sequence
    "a: =\n",  # the value tag
    "",  # nothing: the exact reader says what an empty file is
    "? a\n: b\n",  # an explicit key
    'a: "\\ud800"\n',  # a surrogate escape: libyaml refuses it
    '["\\ud83d\\ude00"]\n',
    "k" * 1020 + "     : v\n",  # a key beyond libyaml's 1024 characters to its ":"
    '"' + "k" * 1023 + '": v\n',
    "{" + "k" * 1030 + ": v}\n",
]


@pytest.mark.parametrize("text", READ_ALIKE)
def test_simple_yaml_is_read_fast_and_alike(text):
    assert _same_reading(text) is True


@pytest.mark.parametrize("text", DECLINED)
def test_yaml_beyond_the_simple_part_is_left_to_the_exact_reader(text):
    assert yaml_fast.read_simple(text) is None


# --- the whole check, fast reader on and off -------------------------------------------------

CHECKS = {
    "sample": [ROOT / "data" / "measures"],
    "findings": [FIXTURES / "drafts" / "kpi", FIXTURES / "drafts" / "unknown-reference"],
    "slips": ["-c", FIXTURES / "slips" / "seta-align.yaml"],
    "trade-offs": ["-c", FIXTURES / "trade-offs" / "seta-align.yaml"],
}


@pytest.mark.parametrize("case", sorted(CHECKS))
def test_check_says_the_same_with_the_fast_reader_on_and_off(case, tmp_path):
    base = {"SETA_ALIGN_LANG": "ja", "COLUMNS": "200", "SETA_ALIGN_JOBS": "1"}
    args = ["check", *CHECKS[case], "--format", "json", "--no-cache"]
    fast = run_cli(*args, env=base)
    exact = run_cli(*args, env={**base, "SETA_ALIGN_EXACT_YAML": "1"})
    assert fast.exit_code == exact.exit_code
    assert fast.stdout == exact.stdout
    assert json.loads(fast.stdout)["findings"] or case == "sample"
