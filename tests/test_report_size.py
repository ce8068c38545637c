"""A report people can send: the 2,000-measure report fits in 3 MB, one self-contained file.

A report over 2 MB keeps its large sections compressed inside the file (reporters/deferred.py)
and the browser unpacks each when it is opened. Tested here on a generated draft of 2,000
measures with everything on (impacts, an interaction matrix, two years of results):

- the file is at most 3 MB, and the sample's report is written whole as before;
- each compressed section, unpacked as the browser does, is byte for byte that section of
  ``report --whole``;
- in headless Chromium, a link into a compressed section opens it and its filters work, with
  no error in the console.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from test_report import _console, _dump_dom, needs_chromium

from seta_align.reporters.deferred import unpacked

from conftest import ROOT, run_cli

LIMIT = 3_000_000


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("size")
    draft = folder / "draft"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate.py"), "2000", str(draft), "--results"],
        check=True,
        capture_output=True,
    )
    env = {"SETA_ALIGN_LANG": "ja", "SOURCE_DATE_EPOCH": "1767225600"}
    config = draft / "seta-align.yaml"
    for name, extra in (("packed.html", ()), ("whole.html", ("--whole",))):
        result = run_cli("report", "-c", config, *extra, "-o", folder / name, env=env)
        assert result.exit_code == 0, result.output
    return folder


def _sections(page: str) -> dict[str, str]:
    """Each top-level section's HTML after its heading, by id."""
    found = {}
    for match in re.finditer(r'<section id="([^"]+)">\n<h2>[^\n]*</h2>\n(.*?)\n</section>\n'
                             r'(?=<section id="|</main>)', page, re.S):
        found[match.group(1)] = match.group(2)
    return found


def test_the_2000_measure_report_fits_in_3_mb(reports):
    packed = (reports / "packed.html").read_bytes()
    whole = (reports / "whole.html").read_bytes()
    assert len(packed) <= LIMIT, len(packed)
    assert len(whole) > 5 * LIMIT  # what it would be: the compression is what makes it fit
    page = packed.decode("utf-8")
    # One file: nothing fetched, no other file named.
    assert not re.search(r'\b(?:src|href)="(?:https?:|//|file:)', page)
    assert 'id="open-deferred"' in page and "すべての詳細を開く" in page


def test_each_compressed_section_unpacks_to_the_whole_reports(reports):
    packed = (reports / "packed.html").read_text(encoding="utf-8")
    whole = _sections((reports / "whole.html").read_text(encoding="utf-8"))
    opened = unpacked(packed)
    assert set(opened) >= {"owners", "progress", "impacts-appendix", "findings"}
    for anchor, html in opened.items():
        assert html == whole[anchor], anchor
    # Repeated strings (the SDG targets' texts on every chip) are stored once.
    assert packed.count("application/gzip") == len(opened)
    # A browser that cannot unpack says so where the section would be (shown by the script).
    assert packed.count('class="note deferred-unsupported" hidden') == len(opened)


def test_a_compressed_section_is_written_in_lines_of_76_characters(reports):
    """Base64 in lines (RFC 2045), written a block of lines at a time: the measures by owner
    of a 100,000-measure report are 47 MB of it, which was one line, copied whole four times
    on its way to the file."""
    packed = (reports / "packed.html").read_text(encoding="utf-8")
    payloads = re.findall(r'<script type="application/gzip" id="[^"]+">\n(.*?)\n</script>',
                          packed, re.S)
    assert len(payloads) >= 4
    for payload in payloads:
        lines = payload.split("\n")
        assert len(lines) > 1
        assert all(len(line) == 76 for line in lines[:-1])
        assert 0 < len(lines[-1]) <= 76
        assert re.fullmatch(r"[A-Za-z0-9+/=\n]+", payload)


def test_the_samples_report_is_written_whole():
    result = run_cli("report", "--sample", "-o", "-")
    assert result.exit_code == 0
    assert '<details class="deferred"' not in result.stdout
    assert 'id="open-deferred"' not in result.stdout
    assert '<article class="measure" id="m-ECON-01"' in result.stdout


@needs_chromium
def test_a_link_into_a_compressed_section_opens_it(reports):
    url = (reports / "packed.html").as_uri() + "?severity=error#m-ECON-00075"
    result = _dump_dom(url, reports)
    assert result.returncode == 0, result.stderr[-2000:]
    assert _console(result) == []
    dom = result.stdout
    assert 'id="m-ECON-00075"' in dom  # the owners' section was unpacked
    sections = unpacked((reports / "packed.html").read_text(encoding="utf-8"))
    assert dom.count('data-loaded="1"') == len(sections)
    assert "\x01" not in dom  # every shared string put back
    # The findings' filter ran on the unpacked table, from the address: only errors shown.
    start = dom.index('id="findings-table"')
    table = dom[start : dom.index("</table>", start)]
    rows = re.findall(r"<tr ([^>]*)>", table)
    assert rows and all(('data-severity="error"' in r) != ("hidden" in r) for r in rows)


@needs_chromium
def test_the_compressed_page_runs_without_a_link(reports):
    result = _dump_dom((reports / "packed.html").as_uri(), reports)
    assert result.returncode == 0, result.stderr[-2000:]
    assert _console(result) == []
    dom = result.stdout
    assert 'data-deferred-ready="1"' in dom and 'data-report-ready="1"' in dom
    assert 'data-loaded="1"' not in dom  # nothing unpacked until asked for


def test_a_section_kept_deflated_gives_back_its_text_and_packs_the_same(reports):
    """A report's section is read into a spool, which keeps its body beyond the first 4 MB
    deflated (a section of the 20,000-measure report is 61 MB). Spooled with nothing kept as
    text, the measures by owner of the 2,000-measure report give back every line, their size
    in bytes and the same packed bytes as when kept as text, which unpack to its body."""
    import gzip
    import json

    from seta_align.reporters.deferred import BATCH, Spool, _compressed

    whole = (reports / "whole.html").read_text(encoding="utf-8")
    found = re.search(
        r'(<section id="owners">\n<h2>[^\n]*</h2>)\n(.*?)\n(</section>)\n(?=<section id="|</main>)',
        whole,
        re.S,
    )
    lines = [*found.group(1).split("\n"), *found.group(2).split("\n"), found.group(3)]
    assert len(lines) > 2 * BATCH  # batches of lines, and a last one part full
    text = "\n".join(lines)
    deflated, as_text = Spool(lines, as_text=0), Spool(lines)
    for spool in (deflated, as_text):
        assert "\n".join(spool) == text
        assert spool.size == len(text.encode("utf-8"))
    packed = _compressed(deflated)
    assert packed == _compressed(as_text)
    table, body = gzip.decompress(packed).decode("utf-8").split("\n", 1)
    strings = json.loads(table)
    assert strings  # the chips repeat
    body = re.sub("\x01([0-9]+)\x02", lambda m: strings[int(m.group(1))], body)
    assert body == "\n".join(lines[2:-1])
