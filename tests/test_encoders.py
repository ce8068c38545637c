"""Every encoder survives every string.

User text with control characters (NUL, ESC, vertical tab, lone line breaks …) and file names
that are not UTF-8 reach every output format. Each such character is shown the same way
everywhere (``\\xNN``, see ``seta_align.printable``); every XML output stays well-formed (parsed
here with a real XML parser), a one-line finding stays one line, nothing raw reaches a terminal,
and no format crashes.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CACHE_DIR, FIXTURES, MINI_FRAMEWORK, run_cli

SARIF_SCHEMA = json.loads(
    (FIXTURES / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")

# Any text a YAML double-quoted scalar can carry, control characters very much included.
HOSTILE = st.text(
    alphabet=st.one_of(
        st.sampled_from("\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\u2028\u2029\ufffe\t\n\r<>&\"'|\\"),
        st.characters(blacklist_categories=("Cs",)),  # no lone surrogates: not in YAML text
    ),
    min_size=1,
    max_size=24,
)


def _quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar: what YAML may not hold raw is escaped."""

    def escape(character: str) -> str:
        code = ord(character)
        if character in '"\\':
            return "\\" + character
        printable = (
            code == 0x09
            or 0x20 <= code <= 0x7E
            or 0xA0 <= code <= 0xD7FF
            or 0xE000 <= code <= 0xFFFD
            or code >= 0x10000
        )
        if printable:
            return character
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return '"' + "".join(escape(character) for character in text) + '"'


def _draft(folder: Path, title: str, owner: str, words: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "seta-align.yaml").write_text(
        f"framework: {json.dumps(str(MINI_FRAMEWORK))}\n", encoding="utf-8"
    )
    (folder / "measures.yaml").write_text(
        f"""- id: ECON-01
  title: {_quoted(title)}
  description: {_quoted(words)}
  owner: {_quoted(owner)}
  field: ECON
  supports: [PP-6.5, ORD-2.3, SDG-8.3]
  tags: [{_quoted(words)}, {_quoted(title)}]
  kpis:
    - name: {_quoted(words)}
      unit: {_quoted(owner)}
      target: {{year: 2031, value: 1}}
- id: KIDS-01
  title: 子ども
  owner: {_quoted(owner)}
  field: LIFE
  supports: [PP-1.1]
""",
        encoding="utf-8",
    )


def _parse_xml(data: str | bytes, what: str) -> ET.Element:
    try:
        return ET.fromstring(data if isinstance(data, bytes) else data.encode("utf-8"))
    except ET.ParseError as error:  # pragma: no cover - the failure message is the point
        raise AssertionError(f"{what} is not well-formed XML: {error}") from None


@settings(
    max_examples=20,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(title=HOSTILE, owner=HOSTILE, words=HOSTILE)
def test_every_xml_output_stays_well_formed(title, owner, words):
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        _draft(folder, title, owner, words)
        junit = run_cli("check", folder, "--format", "junit")
        assert junit.exit_code in (0, 1), junit.output
        _parse_xml(junit.stdout, "JUnit")
        for graph_format in ("graphml", "gexf"):
            result = run_cli("graph", folder, "--format", graph_format)
            assert result.exit_code == 0, result.output
            root = _parse_xml(result.stdout, graph_format)
            assert root.tag.endswith(graph_format)
        report = run_cli("report", folder, "-o", "-")
        assert report.exit_code in (0, 1, 2), report.output
        svg = re.search(r"<svg id=\"network-svg\".*?</svg>", report.stdout, flags=re.S)
        assert svg, "the report holds its network picture"
        _parse_xml(svg.group(), "the report's network SVG")
        assert not RAW_CONTROL.search(report.stdout.replace("\t", "").replace("\r", ""))
        text = run_cli("check", folder, "--format", "text")
        assert not RAW_CONTROL.search(text.stdout), "no raw control character on a terminal"
        document = json.loads(run_cli("check", folder, "--format", "json").stdout)
        assert len(text.stdout.splitlines()) == (
            len(document["findings"]) + len(document["coverage"]["levels"]) + 1
        ), "every finding is one line"
        for output in ("github", "markdown"):
            shown = run_cli("check", folder, "--format", output).stdout
            assert not RAW_CONTROL.search(shown.replace("\t", "")), output
        for matrix_format in ("csv", "markdown", "html"):
            shown = run_cli("matrix", folder, "--format", matrix_format).stdout
            assert not RAW_CONTROL.search(shown.replace("\t", "").replace("\r", "")), matrix_format


def test_control_characters_are_shown_the_same_way_everywhere(tmp_path):
    _draft(tmp_path, "前\x1b[31m赤\x00後", "部\x0b局", "語\x01")
    graph = run_cli("graph", tmp_path, "--format", "graphml").stdout
    mermaid = run_cli("graph", tmp_path, "--format", "mermaid").stdout
    dot = run_cli("graph", tmp_path, "--format", "dot").stdout
    matrix = run_cli("matrix", tmp_path, "--format", "csv").stdout
    for shown in (graph, mermaid, matrix):
        assert "前\\x1b[31m赤\\x00後" in shown or "部\\x0b局" in shown
    assert "前\\\\x1b[31m赤\\\\x00後" in dot  # a DOT string escapes the backslash itself
    export = run_cli("export", tmp_path, "--format", "csv").stdout
    assert "前\\x1b[31m赤\\x00後" in export and "語\\x01" in export


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses file names that are not UTF-8")
def test_file_names_that_are_not_utf8_in_every_format(tmp_path):
    folder = tmp_path / "draft"
    _draft(folder, "題名", "経済産業部", "語")
    raw_name = "施策".encode("cp932") + b".yaml"  # as unpacked from a zip made on Windows
    source = folder / "measures.yaml"
    os.rename(source, os.fsdecode(os.path.join(os.fsencode(folder), raw_name)))
    with open(os.path.join(os.fsencode(folder), raw_name), "ab") as extra:
        extra.write(b"- id: X-1\n  title: x\n  owner: y\n  field: ECON\n  supports: [NOPE-1]\n")
    shown = "\\x8e{\\x8d\\xf4.yaml"
    environment = {
        **os.environ,
        "SETA_ALIGN_CACHE_DIR": CACHE_DIR,
        "SETA_ALIGN_LANG": "en",
        "COLUMNS": "300",
        "LC_ALL": "C",  # the locale of a bare CI container
        "LANG": "C",
    }
    commands = [
        ["check", folder, "--format", output]
        for output in ("json", "sarif", "junit", "text", "github", "markdown", "rich")
    ] + [
        ["report", folder, "-o", "-"],
        ["export", folder, "--format", "csv"],
        ["export", folder, "--format", "xlsx"],
        ["matrix", folder, "--format", "csv"],
        ["graph", folder, "--format", "graphml"],
        ["trace", "X-1", folder, "--format", "json"],
    ]
    for command in commands:
        result = subprocess.run(
            [sys.executable, "-c", "from seta_align.cli import main; main()", *map(str, command)],
            capture_output=True,
            env=environment,
            timeout=120,
        )
        assert result.returncode in (0, 1), (command, result.stderr.decode("utf-8", "replace"))
        if command[-1] == "xlsx":
            assert result.stdout.startswith(b"PK")
            continue
        text = result.stdout.decode("utf-8")  # valid UTF-8, whatever the locale
        if command[-1] == "sarif":  # the shown name, percent-encoded as a URI
            assert "%5Cx8e%7B%5Cx8d%5Cxf4.yaml" in text
        elif command[0] in ("check", "report", "export"):
            assert shown in text or shown.replace("\\", "\\\\") in text, command
    sarif = json.loads(
        run_cli("check", folder, "--format", "sarif", env={"SETA_ALIGN_LANG": "en"}).stdout
    )
    jsonschema.validate(sarif, SARIF_SCHEMA)


def test_sarif_uris_are_percent_encoded_references(tmp_path):
    folder = tmp_path / "draft"
    _draft(folder, "題名", "経済産業部", "語")
    name = "施策 #1 100%?.yaml"
    (folder / "measures.yaml").rename(folder / name)
    with open(folder / name, "a", encoding="utf-8") as extra:
        extra.write("- id: X-1\n  title: x\n  owner: y\n  field: ECON\n  supports: [NOPE-1]\n")
    monkey_cwd = os.getcwd()
    os.chdir(folder)
    try:
        document = json.loads(run_cli("check", ".", "--format", "sarif").stdout)
    finally:
        os.chdir(monkey_cwd)
    jsonschema.validate(document, SARIF_SCHEMA)
    uris = {
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in document["runs"][0]["results"]
        for location in result.get("locations", [])
        if "physicalLocation" in location
        and not location["physicalLocation"]["artifactLocation"]["uri"].startswith("file:")
    }
    assert uris == {"%E6%96%BD%E7%AD%96%20%231%20100%25%3F.yaml"}
    (uri,) = uris
    parts = urlsplit(uri)
    assert (parts.scheme, parts.query, parts.fragment) == ("", "", "")  # all of it is the path
    assert unquote(parts.path) == name


@settings(max_examples=3000, derandomize=True, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(
            ["a", "施", " ", "&", "<", ">", '"', "'", "\x00", "\x1b", "\n", "\t", "\r", "\x85",
             "\u2028", "\udc8e", "\ufffe", "1"]
        ),
        max_size=12,
    )
)
def test_html_text_leaves_plain_text_as_it_is_and_escapes_the_rest(text):
    """HTML text returns plain text untouched without escaping it (most cells of a report):
    the same as making it visible and escaping it, for every mix of safe and unsafe characters."""
    from html import escape

    from seta_align.printable import html_text, visible

    assert html_text(text) == escape(visible(text, keep_lines=True), quote=True)
