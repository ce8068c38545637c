#!/usr/bin/env python3
"""Fuzz target for the measure-file loader: it must never raise, only report findings.

Every input goes through the three entry points a measure file meets:

1. ``seta_align.loading.yaml_source.decode`` + ``parse_yaml_text`` (the bytes as text),
2. ``seta_align.loading.yaml_source.read_yaml_file`` (the bytes as a file on disk),
3. ``seta_align.loading.measures.load_draft`` on that file (normalisation and the pydantic schema),
4. ``load_draft`` again through the parse cache, cold and then warm (where the loader has one),

and the result is checked: no exception, every problem a well-formed ``Finding`` (a code
``SAnnn``, both languages, a sane location; input problems only SA001–SA003 and errors), the data
plain YAML values, (1) and (2) agreeing, and (4) saying exactly what (3) says.

Two ways to run it (see README.md beside this file):

* with atheris (coverage-guided, libFuzzer flags, single dash)::

      python tests/fuzz/fuzz_loader.py -atheris_runs=100000
      python tests/fuzz/fuzz_loader.py -max_total_time=180

* the built-in mutation loop (no extra package, double-dash flags)::

      python tests/fuzz/fuzz_loader.py --iterations 20000 --seed 1 --time-budget 180

  It mutates the bundled sample files and the test fixtures byte-wise and structurally, and
  prints a summary: iterations, finding codes seen, the slowest input, and every crash or hang
  with the input saved under /tmp.

This file is not a test module (pytest collects ``test_*.py`` only); tests/test_properties.py runs
the built-in loop briefly to keep it working.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import inspect
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]
if importlib.util.find_spec("seta_align") is None:
    # Runs from a checkout without `pip install -e .` too.
    sys.path.insert(0, str(ROOT / "src"))

_CODE = re.compile(r"^SA\d{3}$")
_INPUT_CODES = {"SA001", "SA002", "SA003"}
_MAX_WALK = 200_000  # values of a parsed document to type-check (aliases can share subtrees)

_loader: SimpleNamespace | None = None


def loader() -> SimpleNamespace:
    """The loader's modules, imported on first use (atheris instruments them at import)."""
    global _loader
    if _loader is None:
        from seta_align.findings import Finding, Severity
        from seta_align.i18n import Text
        from seta_align.loading import measures, yaml_source
        from seta_align.vocabulary import ID_PATTERN

        try:  # the parse cache, where this version of the loader has one
            from seta_align.loading.parse_cache import ParseCache
        except ImportError:
            ParseCache = None
        takes_cache = "cache" in inspect.signature(measures.load_draft).parameters
        _loader = SimpleNamespace(
            decode=yaml_source.decode,
            parse_yaml_text=yaml_source.parse_yaml_text,
            read_yaml_file=yaml_source.read_yaml_file,
            YamlDocument=yaml_source.YamlDocument,
            load_draft=measures.load_draft,
            LoadedMeasure=measures.LoadedMeasure,
            Finding=Finding,
            Severity=Severity,
            Text=Text,
            # What a loaded draft holds of a measure (a model before, a record since).
            Measure=measures.Measure,
            id_pattern=re.compile(ID_PATTERN),
            ParseCache=ParseCache if takes_cache else None,
        )
    return _loader


class LoaderBug(AssertionError):
    """The loader returned something that breaks its contract (not an exception of its own)."""


# --- the target ----------------------------------------------------------------------------


def _check_finding(finding: object, file: str, where: str) -> None:
    lib = loader()
    if not isinstance(finding, lib.Finding):
        raise LoaderBug(f"{where}: problem is not a Finding: {finding!r}")
    if not _CODE.match(finding.code) or not finding.name:
        raise LoaderBug(f"{where}: bad code/name {finding.code!r} {finding.name!r}")
    if not isinstance(finding.severity, lib.Severity):
        raise LoaderBug(f"{where}: bad severity {finding.severity!r}")
    texts = [finding.message] if finding.hint is None else [finding.message, finding.hint]
    for text in texts:
        if not isinstance(text, lib.Text) or not (
            isinstance(text.ja, str) and text.ja and isinstance(text.en, str) and text.en
        ):
            raise LoaderBug(f"{where}: {finding.code} message/hint not bilingual: {text!r}")
    if finding.is_input_problem:
        if finding.code not in _INPUT_CODES or finding.severity != lib.Severity.ERROR:
            raise LoaderBug(f"{where}: input problem {finding.code} {finding.severity}")
    elif finding.code in _INPUT_CODES:
        raise LoaderBug(f"{where}: {finding.code} not marked as an input problem")
    location = finding.location
    if location is None or location.file != file:
        raise LoaderBug(f"{where}: {finding.code} located in {location!r}, not {file!r}")
    for value in (location.line, location.column):
        if value is not None and (not isinstance(value, int) or value < 1):
            raise LoaderBug(f"{where}: {finding.code} bad position {location!r}")
    if finding.source_line is not None and not isinstance(finding.source_line, str):
        raise LoaderBug(f"{where}: {finding.code} source_line {finding.source_line!r}")


def _check_plain(data: object) -> None:
    """Parsed data holds only what YAML can say: dict (str keys), list, str, int, float, bool."""
    stack = [data]
    seen = 0
    while stack and seen < _MAX_WALK:
        value = stack.pop()
        seen += 1
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    raise LoaderBug(f"non-text key {key!r}")
                stack.append(item)
        elif isinstance(value, list):
            stack.extend(value)
        elif value is not None and not isinstance(value, str | int | float | bool):
            raise LoaderBug(f"unexpected value type {type(value).__name__}: {value!r:.80}")


def _document_findings(document: object, file: str, where: str) -> list:
    lib = loader()
    if not isinstance(document, lib.YamlDocument):
        raise LoaderBug(f"{where}: returned {type(document).__name__}")
    if not isinstance(document.problems, list):
        raise LoaderBug(f"{where}: problems is {type(document.problems).__name__}")
    for finding in document.problems:
        _check_finding(finding, file, where)
    if any(f.code == "SA001" for f in document.problems) and document.data is not None:
        raise LoaderBug(f"{where}: unreadable (SA001) but data was returned")
    _check_plain(document.data)
    return document.problems


def check_one(raw: bytes, workdir: Path, name: str = "input.yaml") -> list:
    """Feed ``raw`` to every loader entry point; return all findings, raise on a broken contract."""
    lib = loader()
    # 1. Bytes → text → YAML, in memory.
    text, problem = lib.decode(raw, name)
    if problem is not None:
        if text is not None:
            raise LoaderBug("decode returned both text and a problem")
        _check_finding(problem, name, "decode")
        in_memory = [problem]
    else:
        if not isinstance(text, str):
            raise LoaderBug(f"decode returned {type(text).__name__} and no problem")
        in_memory = _document_findings(lib.parse_yaml_text(text, name), name, "parse_yaml_text")
    # 2. The same bytes as a file.
    path = workdir / name
    path.write_bytes(raw)
    from_file = _document_findings(lib.read_yaml_file(path, name), name, "read_yaml_file")
    if [f.code for f in from_file] != [f.code for f in in_memory]:
        raise LoaderBug(
            f"read_yaml_file {[f.code for f in from_file]} != decode+parse "
            f"{[f.code for f in in_memory]}"
        )
    # 3. The file as a draft.
    draft = lib.load_draft([path])
    _check_draft(draft)
    # 4. Through the parse cache, cold and then warm: the same result as without it.
    if lib.ParseCache is not None:
        cache_dir = workdir / ".cache"
        try:
            for state in ("cold", "warm"):
                cached = lib.load_draft([path], lib.ParseCache(cache_dir))
                _check_draft(cached)
                if _outcome(cached) != _outcome(draft):
                    raise LoaderBug(
                        f"load_draft with a {state} cache differs from without: "
                        f"{_outcome(cached)!r:.300} != {_outcome(draft)!r:.300}"
                    )
        finally:
            shutil.rmtree(cache_dir, ignore_errors=True)
    # 5. Checked, and written in every output format: each survives whatever the input holds.
    _check_encoders(draft)
    return [*from_file, *draft.problems]


_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _encoders() -> SimpleNamespace:
    lib = loader()
    if not hasattr(lib, "encoders"):
        from seta_align.engine import run_check
        from seta_align.exporters import graph_formats
        from seta_align.loading.config import Settings
        from seta_align.loading.framework import load_frameworks
        from seta_align.loading.framework_modules import default_modules
        from seta_align.reporters import page as html_report
        from seta_align.reporters import reporter

        lib.encoders = SimpleNamespace(
            run_check=run_check,
            framework=load_frameworks(default_modules()),
            Settings=Settings,
            reporter=reporter,
            html=html_report.render,
            graph=graph_formats,
        )
    return lib.encoders


def _check_encoders(draft) -> None:
    import io
    import json as json_module
    import xml.etree.ElementTree as ET

    encoders = _encoders()
    result = encoders.run_check(encoders.framework, draft, encoders.Settings())
    exit_code = result.exit_code("error")
    for name in ("text", "json", "sarif", "junit", "github", "markdown"):
        chosen = encoders.reporter(name)
        if hasattr(chosen, "write"):
            buffer = io.StringIO()
            chosen.write(buffer, result, result.findings, "ja", exit_code)
            text = buffer.getvalue()
        else:
            text = chosen.render(result, result.findings, "en", exit_code)
        text.encode("utf-8")  # strict: no lone surrogate reaches an output
        if name in ("json", "sarif"):
            json_module.loads(text)
        elif name == "junit":
            ET.fromstring(text.encode("utf-8"))
        elif _RAW_CONTROL.search(text):
            raise LoaderBug(f"--format {name} passes on a raw control character")
    page = "".join(encoders.html(result, result.findings, "ja", exit_code))  # made line by line
    page.encode("utf-8")
    if _RAW_CONTROL.search(page):
        raise LoaderBug("the HTML report passes on a raw control character")
    graph = encoders.graph.alignment_graph(result.context)
    for name in ("graphml", "gexf"):
        ET.fromstring(encoders.graph.render(graph, name, "en").encode("utf-8"))
    for name in ("dot", "mermaid"):
        encoders.graph.render(graph, name, "en").encode("utf-8")


def _outcome(draft) -> tuple:
    """What a draft says, comparably (repr: NaN equals NaN)."""
    return (
        [(f.code, str(f.location), f.message.en, f.source_line) for f in draft.problems],
        [repr(m.measure) for m in draft.measures],
    )


def _check_draft(draft) -> None:
    lib = loader()
    if len(draft.files) != 1:
        raise LoaderBug(f"load_draft files {draft.files!r}")
    shown = draft.files[0]
    for finding in draft.problems:
        _check_finding(finding, shown, "load_draft")
    for loaded in draft.measures:
        if not isinstance(loaded, lib.LoadedMeasure) or not isinstance(loaded.measure, lib.Measure):
            raise LoaderBug(f"load_draft measure {loaded!r:.120}")
        if not lib.id_pattern.match(loaded.measure.id):
            raise LoaderBug(f"load_draft accepted the id {loaded.measure.id!r}")
        if loaded.file != shown:
            raise LoaderBug(f"measure file {loaded.file!r} != {shown!r}")


# --- the built-in mutation loop ------------------------------------------------------------


def corpus_files() -> list[Path]:
    """The seeds: the bundled sample draft and every YAML fixture of the tests."""
    files = sorted((ROOT / "data").rglob("*.yaml"))
    files += sorted(
        p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.suffix in {".yaml", ".yml"}
    )
    return [p for p in files if p.is_file()]


_SPECIAL_BYTES = [
    b"\x00",
    b"\xff",
    b"\xfe",
    b"\xc3",
    b"\xe3\x81",
    b"\x80",
    b"\xed\xa0\x80",  # an encoded surrogate: invalid UTF-8
    b"\t",
    b"\r",
    b"\r\n",
    b"\x0b",
    b"\x0c",
    b"\x1b",
    b"\x7f",
    b"\xc2\x85",  # NEL, a YAML line break
    "\u2028".encode(),
    "\ufeff".encode(),
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    "：".encode(),
    "　".encode(),
    "－".encode(),
]

_TOKENS = [
    b"- ",
    b": ",
    b"? ",
    b"#",
    b"&a ",
    b"*a",
    b"*nowhere",
    b"<<: *a",
    b"!!python/object/apply:os.system ['echo pwned']",
    b"!!python/name:os.system",
    b"!!binary aGVsbG8=",
    b"!!int ",
    b"!!float ",
    b"!!str ",
    b"!!bool ",
    b"!!null ",
    b"!!timestamp ",
    b"!!set ",
    b"!!omap ",
    b"!!map ",
    b"!!seq ",
    b"!local ",
    b"!<tag:example.com,2000:x> ",
    b"%YAML 1.1\n---\n",
    b"%TAG ! tag:example.com,2000:\n---\n",
    b"---\n",
    b"...\n",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b"'",
    b'"',
    b"|",
    b">-",
    b"|+2",
    b"\\",
    b'"\\x00"',
    b'"\\ud800"',
    b'"\\U0010FFFF"',
    b'"\\N\\_\\L\\P"',
    b"=",
    b"@",
    b"`",
    b"%",
]

_TRAP_VALUES = [
    b"8.10",
    b"8.1",
    b"010",
    b"0x1F",
    b"0o17",
    b"0b1010",
    b"1_000",
    b"190:20:30",
    b"-.5",
    b"+12",
    b"1e400",
    b"1.0e+400",
    b".nan",
    b".inf",
    b"-.inf",
    b"9" * 5000,
    b"-" + b"9" * 300,
    b"off",
    b"NO",
    b"yes",
    b"y",
    b"~",
    b"null",
    b"",
    b"2024-04-01",
    b"2024-13-45",
    b"2001-12-14t21:59:43.10-05:00",
    "令和0年度".encode(),
    "令和元年度".encode(),
    "令和13年度".encode(),
    "平成32年度".encode(),
    "昭和64年".encode(),
    b"R13",
    b"r999",
    b"FY2031",
    "２０３１年度".encode(),
    "2031年度".encode(),
    b'"2031"',
    "ＳＤＧ－８．３".encode(),
    "ＰＰ−６".encode(),
    "ｹｲｻﾞｲｻﾝｷﾞｮｳﾌﾞ".encode(),
    "百件".encode(),
    b"[]",
    b"{}",
    b"[PP-6.5, [SDG-8.3]]",
    b"{year: 2030, value: 1}",
    b"{year: 2030, value: {}}",
    b"[{name: n, unit: u, target: {year: 2030, value: 1}}]",
    b"[{name: n, unit: u, target: {year: 99999, value: 1}}]",
    b"{start: 2031, end: 2024}",
    b"x" * 70,
    "あ".encode() * 2000,
    b"PP-6.5",
    b"SDG-8.10",
    b"ECON",
    b"ECON-01",
]

_ALIAS_BOMB = b"""a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
"""

Mutator = Callable[[random.Random, bytes, list[bytes]], bytes]


def _pos(rng: random.Random, data: bytes) -> int:
    return rng.randint(0, len(data))


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _join(lines: list[bytes]) -> bytes:
    return b"\n".join(lines)


def m_flip_bit(rng, data, corpus):
    if not data:
        return bytes([rng.randrange(256)])
    at = rng.randrange(len(data))
    return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1 :]


def m_replace_byte(rng, data, corpus):
    if not data:
        return rng.choice(_SPECIAL_BYTES)
    at = rng.randrange(len(data))
    new = rng.choice(_SPECIAL_BYTES) if rng.random() < 0.6 else bytes([rng.randrange(256)])
    return data[:at] + new + data[at + 1 :]


def m_insert_bytes(rng, data, corpus):
    at = _pos(rng, data)
    if rng.random() < 0.6:
        new = rng.choice(_SPECIAL_BYTES)
    else:
        new = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    return data[:at] + new + data[at:]


def m_delete_range(rng, data, corpus):
    if not data:
        return data
    at = rng.randrange(len(data))
    return data[:at] + data[at + rng.randint(1, min(64, len(data) - at)) :]


def m_duplicate_range(rng, data, corpus):
    if not data:
        return data
    at = rng.randrange(len(data))
    chunk = data[at : at + rng.randint(1, 128)]
    to = _pos(rng, data)
    return data[:to] + chunk * rng.randint(1, 4) + data[to:]


def m_truncate(rng, data, corpus):
    return data[: _pos(rng, data)]


def m_splice(rng, data, corpus):
    other = rng.choice(corpus)
    if not other:
        return data
    at = rng.randrange(len(other))
    chunk = other[at : at + rng.randint(1, 512)]
    to = _pos(rng, data)
    return data[:to] + chunk + data[to + rng.randint(0, 64) :]


def m_insert_token(rng, data, corpus):
    lines = _lines(data)
    index = rng.randrange(len(lines))
    line = lines[index]
    at = rng.randint(0, len(line))
    lines[index] = line[:at] + rng.choice(_TOKENS) + line[at:]
    return _join(lines)


def m_trap_value(rng, data, corpus):
    """Replace the value after ``key:`` (or a list item) on one line with a trap value."""
    lines = _lines(data)
    candidates = [
        i for i, line in enumerate(lines) if b": " in line or line.lstrip().startswith(b"- ")
    ]
    if not candidates:
        return data + b"\nkey: " + rng.choice(_TRAP_VALUES)
    index = rng.choice(candidates)
    line = lines[index]
    cut = line.index(b": ") + 2 if b": " in line else line.index(b"- ") + 2
    lines[index] = line[:cut] + rng.choice(_TRAP_VALUES)
    return _join(lines)


def m_trap_in_flow(rng, data, corpus):
    """Replace one item of a flow list ``[a, b]`` or flow mapping value with a trap value."""
    spots = [m.span() for m in re.finditer(rb"(?<=[\[,{:] )[^,\]\}\n]+", data)]
    if not spots:
        return m_trap_value(rng, data, corpus)
    start, end = rng.choice(spots)
    return data[:start] + rng.choice(_TRAP_VALUES) + data[end:]


def m_line_shuffle(rng, data, corpus):
    lines = _lines(data)
    if len(lines) < 2:
        return data
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    action = rng.randrange(4)
    if action == 0:  # duplicate a line (duplicate keys, duplicate ids)
        lines.insert(j, lines[i])
    elif action == 1:
        del lines[i]
    elif action == 2:
        lines[i], lines[j] = lines[j], lines[i]
    else:
        lines.insert(j, lines.pop(i))
    return _join(lines)


def m_reindent(rng, data, corpus):
    lines = _lines(data)
    index = rng.randrange(len(lines))
    line = lines[index]
    stripped = line.lstrip(b" ")
    indent = len(line) - len(stripped)
    choice = rng.randrange(4)
    if choice == 0:
        new = b" " * max(0, indent + rng.choice([-4, -2, -1, 1, 2, 4]))
    elif choice == 1:
        new = b"\t" * rng.randint(1, 2)
    elif choice == 2:
        new = "\u3000".encode() * rng.randint(1, 2)  # a full-width space
    else:
        new = b" " * rng.randint(0, 300)
    lines[index] = new + stripped
    return _join(lines)


def m_key_mangle(rng, data, corpus):
    lines = _lines(data)
    candidates = [i for i, line in enumerate(lines) if re.match(rb"^\s*-?\s*[a-z_]+:", line)]
    if not candidates:
        return data
    index = rng.choice(candidates)
    match = re.match(rb"^(\s*-?\s*)([a-z_]+)(:.*)$", lines[index], re.S)
    if match is None:
        return data
    head, key, tail = match.groups()
    options = [
        key.upper(),
        key[:-1],
        key + key[-1:],
        key.decode().translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)}).encode(),
        b"<<",
        b"? " + key,
        b"[" + key + b"]",
        b"{" + key + b": 1}",
        b"&k " + key,
        b"*k",
        b"8.10",
        b"~",
        b"",
        "備考".encode(),
    ]
    lines[index] = head + rng.choice(options) + tail
    return _join(lines)


def m_nesting(rng, data, corpus):
    depth = rng.choice([50, 99, 100, 101, 102, 150, 1000, 5000])
    kind = rng.randrange(4)
    if kind == 0:
        block = b"[" * depth + b"]" * depth
    elif kind == 1:
        block = b"{a: " * depth + b"1" + b"}" * depth
    elif kind == 2:
        block = b"".join(b"  " * i + b"- \n" for i in range(min(depth, 300)))
    else:
        block = b"".join(b" " * i + b"k:\n" for i in range(min(depth, 300))) + b" " * 300 + b"v\n"
    if rng.random() < 0.5:
        return block
    return data + b"\nextra: " + block


def m_alias_bomb(rng, data, corpus):
    bomb = _ALIAS_BOMB
    if rng.random() < 0.5:
        bomb = bomb.replace(b"h: &h", b"supports: &h")
    return bomb if rng.random() < 0.5 else data + b"\n" + bomb


def m_encoding(rng, data, corpus):
    text = data.decode("utf-8", errors=rng.choice(["replace", "ignore", "surrogateescape"]))
    choice = rng.randrange(9)
    try:
        if choice == 0:
            return text.encode("utf-16")  # with BOM
        if choice == 1:
            return text.encode("utf-16-le")  # without BOM
        if choice == 2:
            return b"\xfe\xff" + text.encode("utf-16-be", errors="surrogatepass")
        if choice == 3:
            return text.encode("cp932", errors="replace")
        if choice == 4:
            return b"\xef\xbb\xbf" + data
        if choice == 5:
            return data.replace(b"\n", b"\r\n")
        if choice == 6:
            return data.replace(b"\n", b"\r")
        if choice == 7:
            return text.encode("utf-32")
        return text.encode("utf-8", errors="surrogatepass")  # lone surrogates
    except (UnicodeError, ValueError):
        return data


def m_big(rng, data, corpus):
    """A long line or a long document (bounded, so one input stays fast enough to iterate)."""
    if rng.random() < 0.5:
        return data + b"\ntitle: " + b"x" * rng.choice([10_000, 100_000, 500_000]) + b"\n"
    return data * rng.randint(2, 40)


def m_other_file(rng, data, corpus):
    return rng.choice(corpus)


MUTATORS: list[tuple[str, Mutator, float]] = [
    ("flip_bit", m_flip_bit, 4),
    ("replace_byte", m_replace_byte, 6),
    ("insert_bytes", m_insert_bytes, 6),
    ("delete_range", m_delete_range, 4),
    ("duplicate_range", m_duplicate_range, 3),
    ("truncate", m_truncate, 2),
    ("splice", m_splice, 3),
    ("insert_token", m_insert_token, 8),
    ("trap_value", m_trap_value, 10),
    ("trap_in_flow", m_trap_in_flow, 6),
    ("line_shuffle", m_line_shuffle, 6),
    ("reindent", m_reindent, 4),
    ("key_mangle", m_key_mangle, 5),
    ("nesting", m_nesting, 1),
    ("alias_bomb", m_alias_bomb, 0.02),  # ~3 s per read: rare
    ("encoding", m_encoding, 2),
    ("big", m_big, 0.5),
    ("other_file", m_other_file, 1),
]


class FuzzTimeout(Exception):
    pass


@contextmanager
def _alarm(seconds: float):
    """Raise FuzzTimeout in the main thread after ``seconds`` (a hang detector); no-op elsewhere."""
    usable = (
        seconds > 0
        and hasattr(signal, "SIGALRM")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def on_alarm(signum, frame):
        raise FuzzTimeout(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Crash:
    kind: str  # "crash" (an exception), "contract" (LoaderBug) or "hang"
    error: str
    where: str  # the innermost frame in seta_align, or the broken contract
    saved: list[Path]
    mutations: list[str]
    count: int = 1


@dataclass
class FuzzStats:
    seed: int
    iterations: int = 0
    elapsed: float = 0.0
    codes: Counter = field(default_factory=Counter)
    crashes: dict[tuple[str, str], Crash] = field(default_factory=dict)  # distinct crashes
    slowest_time: float = 0.0
    slowest_size: int = 0
    slowest_saved: Path | None = None
    slowest_mutations: list[str] = field(default_factory=list)
    slowest_raw: bytes | None = field(default=None, repr=False)
    largest_input: int = 0
    pool: int = 0

    @property
    def crash_count(self) -> int:
        return sum(crash.count for crash in self.crashes.values())

    def summary(self) -> str:
        rate = self.iterations / self.elapsed if self.elapsed else 0.0
        lines = [
            "seta-align loader fuzz (built-in mutation loop)",
            f"  seed:               {self.seed}",
            f"  iterations:         {self.iterations} in {self.elapsed:.1f} s ({rate:.0f}/s)",
            f"  interesting inputs: {self.pool} kept in the pool",
            f"  largest input:      {self.largest_input:,} bytes",
            f"  finding codes seen: {len(self.codes)}: "
            + ", ".join(f"{code}×{count}" for code, count in sorted(self.codes.items())),
            f"  slowest input:      {self.slowest_time * 1000:.1f} ms, {self.slowest_size:,} bytes"
            + (f", saved as {self.slowest_saved}" if self.slowest_saved else "")
            + (f" ({' + '.join(self.slowest_mutations)})" if self.slowest_mutations else ""),
            f"  crashes:            {self.crash_count} ({len(self.crashes)} distinct)",
        ]
        for crash in self.crashes.values():
            lines.append(f"    [{crash.kind}] ×{crash.count} {crash.error}")
            lines.append(f"      at: {crash.where}")
            lines.append(f"      first input: {crash.saved[0]}  ({' + '.join(crash.mutations)})")
            if len(crash.saved) > 1:
                lines.append(f"      smallest input: {min(crash.saved, key=_size)}")
        return "\n".join(lines)


def _size(path: Path) -> int:
    return path.stat().st_size


def _innermost(error: BaseException) -> str:
    """The deepest frame of the traceback inside seta_align (else the deepest of all)."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "seta_align" in f.filename] or frames
    if not ours:
        return "?"
    frame = ours[-1]
    return f"{frame.filename.rsplit('/src/', 1)[-1]}:{frame.lineno} in {frame.name}"


def _record(
    stats: FuzzStats,
    kind: str,
    error: BaseException,
    raw: bytes,
    applied: list[str],
    crash_dir: Path,
) -> None:
    where = _innermost(error) if kind == "crash" else str(error)[:120]
    message = f"{type(error).__name__}: {error}"[:300]
    key = (kind, where if kind == "crash" else message.split(":", 1)[0])
    crash = stats.crashes.get(key)
    if crash is not None:
        crash.count += 1
        if len(crash.saved) >= 5 and len(raw) >= min(_size(p) for p in crash.saved):
            return  # enough examples of this one, and not a smaller one
    saved = _save(crash_dir, f"seta-align-fuzz-{kind}", raw)
    if kind == "crash":
        trace = "".join(traceback.format_exception(error))
        saved.with_suffix(".traceback.txt").write_text(trace, encoding="utf-8")
    if crash is None:
        stats.crashes[key] = Crash(kind, message, where, [saved], applied)
    else:
        crash.saved.append(saved)


def _save(directory: Path, prefix: str, raw: bytes) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{prefix}-{hashlib.sha1(raw).hexdigest()[:16]}.yaml"
    path.write_bytes(raw)
    return path


def _signature(findings: list) -> tuple:
    """A cheap stand-in for coverage: which problems, roughly which messages."""
    return tuple(sorted({(f.code, re.sub(r"[\d'\"].*", "", f.message.en)[:40]) for f in findings}))


def run_builtin(
    iterations: int = 0,
    seed: int = 0,
    time_budget: float = 60.0,
    timeout: float = 60.0,
    crash_dir: Path = Path("/tmp"),
    max_size: int = 2 * 1024 * 1024,
    progress: Callable[[str], None] | None = None,
    skip: tuple[str, ...] = (),
) -> FuzzStats:
    """Mutate the corpus for ``iterations`` inputs (0: no limit) or ``time_budget`` seconds.

    ``skip`` leaves out mutators by name (a quick run skips the slow ``alias_bomb`` and ``big``).
    """
    rng = random.Random(seed)
    corpus = [p.read_bytes() for p in corpus_files()]
    if not corpus:
        raise SystemExit("no corpus files found")
    pool: list[bytes] = list(corpus)
    signatures: set[tuple] = set()
    chosen = [m for m in MUTATORS if m[0] not in skip]
    names = [name for name, _, _ in chosen]
    functions = {name: function for name, function, _ in chosen}
    weights = [weight for _, _, weight in chosen]
    stats = FuzzStats(seed=seed)
    started = time.perf_counter()
    next_report = started + 10
    previous_cwd = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="seta-align-fuzz-") as work:
        workdir = Path(work)
        os.chdir(workdir)  # load_draft shows paths relative to the working directory
        try:
            while True:
                now = time.perf_counter()
                if iterations and stats.iterations >= iterations:
                    break
                if time_budget and now - started >= time_budget:
                    break
                if progress and now >= next_report:
                    next_report = now + 10
                    progress(
                        f"  … {stats.iterations} inputs, {len(stats.codes)} codes, "
                        f"{stats.crash_count} crashes, pool {len(pool)}"
                    )
                base = rng.choice(pool) if rng.random() < 0.7 else rng.choice(corpus)
                applied = rng.choices(names, weights, k=rng.choice([1, 1, 2, 2, 3, 4]))
                raw = base
                for name in applied:
                    raw = functions[name](rng, raw, corpus)
                    if len(raw) > max_size:
                        raw = raw[:max_size]
                stats.iterations += 1
                stats.largest_input = max(stats.largest_input, len(raw))
                began = time.perf_counter()
                try:
                    with _alarm(timeout):
                        findings = check_one(raw, workdir)
                except FuzzTimeout as error:
                    _record(stats, "hang", error, raw, applied, crash_dir)
                    continue
                except LoaderBug as error:
                    _record(stats, "contract", error, raw, applied, crash_dir)
                    continue
                except Exception as error:  # any exception is what we look for
                    _record(stats, "crash", error, raw, applied, crash_dir)
                    continue
                spent = time.perf_counter() - began
                if spent > stats.slowest_time:
                    stats.slowest_time = spent
                    stats.slowest_size = len(raw)
                    stats.slowest_mutations = applied
                    stats.slowest_raw = raw
                stats.codes.update(f.code for f in findings)
                signature = _signature(findings)
                # Slow inputs (alias bombs, huge files) are tried, but not bred: they would
                # take over the time budget.
                if signature not in signatures and len(raw) <= 256 * 1024 and spent < 0.25:
                    signatures.add(signature)
                    pool.append(raw)
                    if len(pool) > 2000:
                        del pool[len(corpus) + rng.randrange(len(pool) - len(corpus))]
        finally:
            os.chdir(previous_cwd)
    stats.elapsed = time.perf_counter() - started
    stats.pool = len(pool) - len(corpus)
    if stats.slowest_raw is not None:
        stats.slowest_saved = _save(crash_dir, "seta-align-fuzz-slowest", stats.slowest_raw)
    return stats


# --- atheris -------------------------------------------------------------------------------


def run_atheris(argv: list[str]) -> None:
    import atheris

    with atheris.instrument_imports(include=["seta_align", "yaml"]):
        loader()
    workdir = Path(tempfile.mkdtemp(prefix="seta-align-atheris-"))
    os.chdir(workdir)

    # While a crash is being fixed, SETA_ALIGN_FUZZ_KNOWN="validation.py:120,…" lets the fuzzer
    # go past it: an exception whose innermost seta_align frame contains one of these is ignored.
    known = [k for k in os.environ.get("SETA_ALIGN_FUZZ_KNOWN", "").split(",") if k]

    def test_one_input(data: bytes) -> None:
        try:
            check_one(data, workdir)
        except LoaderBug:
            raise
        except Exception as error:
            if known and any(k in _innermost(error) for k in known):
                return
            raise

    args = [argv[0]]
    flags = [a for a in argv[1:] if a.startswith("-")]
    corpus_dirs = [a for a in argv[1:] if not a.startswith("-")]
    if not any(f.startswith("-artifact_prefix=") for f in flags):
        flags.append("-artifact_prefix=/tmp/seta-align-atheris-")
    if not any(f.startswith("-timeout=") for f in flags):
        flags.append("-timeout=60")
    if not any(f.startswith("-max_len=") for f in flags):
        flags.append("-max_len=65536")
    if not corpus_dirs:
        # Seed from the sample draft and the fixtures; new inputs are added to this folder.
        seeds = Path(tempfile.gettempdir()) / "seta-align-atheris-corpus"
        seeds.mkdir(exist_ok=True)
        for path in corpus_files():
            raw = path.read_bytes()
            (seeds / f"seed-{hashlib.sha1(raw).hexdigest()[:16]}").write_bytes(raw)
        corpus_dirs = [str(seeds)]
    atheris.Setup([*args, *flags, *corpus_dirs], test_one_input)
    atheris.Fuzz()


# --- command line --------------------------------------------------------------------------


def _libfuzzer_style(argv: list[str]) -> bool:
    """libFuzzer flags (-name=value) or corpus folders, and no --option of the built-in loop."""
    args = argv[1:]
    return bool(args) and not any(a.startswith("--") for a in args)


def replay(files: list[Path]) -> int:
    """Run saved inputs through the target once each; print what happened."""
    failed = 0
    with tempfile.TemporaryDirectory(prefix="seta-align-replay-") as work:
        for file in files:
            raw = file.read_bytes()
            began = time.perf_counter()
            try:
                findings = check_one(raw, Path(work))
            except Exception:
                failed += 1
                print(f"{file}: FAILED after {time.perf_counter() - began:.3f} s")
                traceback.print_exc()
                continue
            codes = ", ".join(f.code for f in findings) or "no findings"
            print(f"{file}: ok in {time.perf_counter() - began:.3f} s ({codes})")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if _libfuzzer_style(argv):
        try:
            import atheris  # noqa: F401
        except ImportError:
            print(
                "atheris is not installed: running the built-in mutation loop instead "
                "(libFuzzer flags other than -atheris_runs/-runs/-max_total_time/-seed ignored).",
                file=sys.stderr,
            )
            translated = [argv[0]]
            for flag in argv[1:]:
                name, _, value = flag.lstrip("-").partition("=")
                if name in {"atheris_runs", "runs"}:
                    translated += ["--iterations", value]
                elif name == "max_total_time":
                    translated += ["--time-budget", value]
                elif name == "seed":
                    translated += ["--seed", value]
            argv = translated
        else:
            run_atheris(argv)
            return 0
    parser = argparse.ArgumentParser(
        description="Built-in mutation fuzzer for the seta-align loader "
        "(single-dash libFuzzer flags run atheris instead)."
    )
    parser.add_argument("--iterations", type=int, default=0, help="inputs to try (0: no limit)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--time-budget", type=float, default=60.0, help="seconds to run at most (0: no limit)"
    )
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds one input may take")
    parser.add_argument("--crash-dir", type=Path, default=Path("/tmp"), help="where to save inputs")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.add_argument(
        "--replay", type=Path, nargs="+", metavar="FILE", help="run saved inputs once and exit"
    )
    options = parser.parse_args(argv[1:])
    if options.replay:
        return replay(options.replay)
    if not options.iterations and not options.time_budget:
        parser.error("give --iterations or --time-budget")
    stats = run_builtin(
        iterations=options.iterations,
        seed=options.seed,
        time_budget=options.time_budget,
        timeout=options.timeout,
        crash_dir=options.crash_dir.resolve(),
        progress=None if options.quiet else (lambda line: print(line, file=sys.stderr)),
    )
    print(stats.summary())
    return 1 if stats.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
