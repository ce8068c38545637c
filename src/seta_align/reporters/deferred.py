"""Details on demand within the one file: a large section of the report is kept compressed in
the page and opened when its reader asks for it.

A report of 2,000 measures drew every KPI's chart, every measure's card and every cell of the
impact heatmap: 28 MB, too large to send by mail or to open quickly on a ward PC. Most readers
look at the summary and at one department. A section whose HTML is larger than
:data:`DEFER_OVER` is therefore written as its heading, a ``<details>`` that says what it holds,
and its HTML gzip-compressed in a ``<script type="application/gzip">`` element (base64): the
page's script inflates it in the browser (``DecompressionStream``, no network) when the details
are opened, when a link points into it, or when 「すべての詳細を開く」 is pressed before
printing. A small report (the sample's) is written whole, as before.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
import struct
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator

from ..i18n import Lang, Text
from ..printable import html_text

# A report larger than this (bytes of HTML) keeps its sections larger than DEFER_OVER
# compressed. The sample's report (1.1 MB) and those of drafts of a few hundred measures are
# written whole; a draft of 2,000 measures (28 MB whole) is sent in about 3 MB.
WHOLE_UP_TO = 2_000_000
DEFER_OVER = 100_000

T = {
    "summary": Text(
        "{what}を開く（{size}、開くと表示されます）",
        "Open {what} ({size}; shown when opened)",
    ),
    "needs_script": Text(
        "この部分は圧縮して保存されています。開くには JavaScript を有効にしたブラウザ"
        "（Edge、Chrome、Firefox、Safari の最近の版）で開いてください。",
        "This part is stored compressed. Open the file in a browser with JavaScript on "
        "(a recent Edge, Chrome, Firefox or Safari) to read it.",
    ),
    "unsupported": Text(
        "このブラウザでは圧縮された部分を開けません。最近の版の Edge、Chrome、Firefox、Safari で"
        "開くか、seta-align report --whole で書き出してください。",
        "This browser cannot unpack this part. Open the file in a recent Edge, Chrome, Firefox "
        "or Safari, or write the report with seta-align report --whole.",
    ),
    "open_all": Text("すべての詳細を開く（印刷の前に）", "Open every detail (before printing)"),
    "deferred_note": Text(
        "大きな報告書のため、詳細な表は開いたときに展開します。印刷する前に「すべての詳細を開く」を"
        "押してください。",
        "This report is large: its detailed tables are unpacked when opened. Press 'Open every "
        "detail' before printing.",
    ),
}

SCRIPT = """
(function () {
  "use strict";
  var hooks = window.setaAlignInit || [];
  var all = Array.prototype.slice.call(document.querySelectorAll("details[data-deferred]"));
  function bytesOf(text) {
    var binary = window.atob(text.replace(/\\s+/g, ""));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i += 1) { bytes[i] = binary.charCodeAt(i); }
    return bytes;
  }
  function inflate(details) {
    if (details.inflating) { return details.inflating; }
    if (typeof window.DecompressionStream !== "function") {
      // An old browser: say so where the section would be, rather than stay empty.
      var note = details.querySelector(".deferred-unsupported");
      if (note) { note.hidden = false; }
      details.inflating = Promise.resolve();
      return details.inflating;
    }
    var source = document.getElementById(details.getAttribute("data-deferred"));
    var stream = new Blob([bytesOf(source.textContent)]).stream()
      .pipeThrough(new DecompressionStream("gzip"));
    details.inflating = new Response(stream).text().then(function (payload) {
      var cut = payload.indexOf("\\n");
      var table = JSON.parse(payload.slice(0, cut));
      var html = payload.slice(cut + 1).replace(/\\u0001([0-9]+)\\u0002/g, function (all, k) {
        return table[Number(k)];
      });
      var body = details.querySelector(".deferred-body");
      body.innerHTML = html;
      details.setAttribute("data-loaded", "1");
      hooks.forEach(function (hook) { hook(body); });
    });
    return details.inflating;
  }
  function openAll() {
    return Promise.all(all.map(function (details) {
      details.open = true;
      return inflate(details);
    }));
  }
  all.forEach(function (details) {
    details.addEventListener("toggle", function () { if (details.open) { inflate(details); } });
  });
  var button = document.getElementById("open-deferred");
  if (button) {
    button.hidden = false;
    button.addEventListener("click", openAll);
  }
  // A link to what a closed section holds (#m-ECON-00075, #finding-12): open, then go there.
  function follow() {
    var wanted;
    try {
      wanted = decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      return;  // a fragment that is no text: nothing to follow
    }
    if (!wanted || document.getElementById(wanted) || !all.length) { return; }
    openAll().then(function () {
      var target = document.getElementById(wanted);
      if (target) { target.scrollIntoView(); }
    });
  }
  window.addEventListener("hashchange", follow);
  follow();
  document.documentElement.setAttribute("data-deferred-ready", "1");
}());
""".strip()


def _size_text(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 100_000 else f"{count / 1000:.0f} KB"


class Layout:
    """The report's sections, made in the order that holds least and put out in the page's
    order, each large one packed once the report is known to be large.

    ``made`` yields ``(position, lines)``: a section's place on the page and its lines (any
    iterable, read once), from ``<section …>`` and its ``<h2>`` to ``</section>``. Each section
    is read into a :class:`Spool` as it is made, which keeps beyond its first
    :data:`AS_TEXT` bytes deflated. A section made before the one above it (進捗, made first
    while the progress analysis the rules made is at hand; the impacts appendix, made while
    the impacts view is) is held until its turn, packed if it is large (then as its gzip
    bytes: :class:`Packed`). Neither the page nor a large section is ever held as text: the
    page was 7 GB at 100,000 measures, and its 所管別 section alone hundreds of megabytes.
    ``whole``: every section as it is, held as its lines."""

    def __init__(
        self, made: Iterable[tuple[int, Iterable[str]]], lang: Lang, whole: bool = False
    ):
        self._made = iter(made)
        self._lang = lang
        self._whole = whole
        self._held: dict[int, Iterable[str]] = {}
        self._raw: dict[int, Spool] = {}  # the held sections not yet packed, by position
        self._total = 0
        self._packing = False
        self._any_packed = False

    def any_packed(self) -> bool:
        """Whether a section is packed, known before the first is put out (the top of the
        page says so): sections are made until one is packed or none is left."""
        while not self._whole and not self._any_packed and self._make_next():
            pass
        return self._any_packed

    def __iter__(self) -> Iterator[Iterable[str]]:
        """Each section in the page's order, as pieces of text each to be followed by a
        newline (a line, or a batch of lines joined by newlines)."""
        self.any_packed()  # a section put out is never packed after it
        position = 0
        while True:
            while position not in self._held:
                if not self._make_next():
                    if self._held:
                        raise ValueError(f"section {position} of the page was never made")
                    return
            yield self._held.pop(position)
            position += 1

    def _make_next(self) -> bool:
        made = next(self._made, None)
        if made is None:
            return False
        position, lines = made
        if self._whole:
            self._held[position] = list(lines)
            return True
        spool = Spool(lines)
        self._total += spool.size
        if not self._packing and self._total > WHOLE_UP_TO:
            self._packing = True
            for earlier, held in self._raw.items():
                self._held[earlier] = self._pack_if_large(held)
            self._raw.clear()
        if self._packing:
            self._held[position] = self._pack_if_large(spool)
        else:
            self._raw[position] = self._held[position] = spool
        return True

    def _pack_if_large(self, section: Spool) -> Iterable[str]:
        if section.size <= DEFER_OVER:
            return section
        packed = _packed(section, self._lang)
        self._any_packed = self._any_packed or packed is not section
        return packed


# The lines of a section read, counted and deflated together.
BATCH = 1000
# The bytes of a section's body kept as text; the rest is kept deflated. 4 MB: the report of
# 20,000 measures peaks 24 MiB lower than with 32 MB (its large sections are 54–61 MB), and
# 3 MiB lower still with 1 MB (traced).
AS_TEXT = 4_000_000


class Spool:
    """A section as it is made, line by line: the lines up to its ``<h2>`` as they are, then
    its body in batches of :data:`BATCH` lines joined by newlines, and its last line. Beyond
    the body's first ``as_text`` bytes each batch is deflated (zlib level 1: a fifth of the
    text, at hundreds of megabytes a second). On the way, its
    size in bytes (the lines joined by newlines) and the count of each string of
    :data:`_REPEATED` in its body, which packing it needs: the section is read once and its
    text never held. Iterated, it gives its text again, in pieces each to be followed by a
    newline (a line, or a batch). A section is packed (or put out) as soon as it is made, so
    ``as_text`` bounds the text a section holds, and a small one is not deflated for nothing."""

    def __init__(self, lines: Iterable[str], as_text: int = AS_TEXT):
        self.head: list[str] = []  # to the heading's line; every line when there is none
        self.heading = False
        self.end: str | None = None  # the last line, after the body
        self.counts: Counter[bytes] = Counter()  # each string of _REPEATED, as UTF-8
        self._batches: list[tuple[bool, bytes]] = []  # (deflated, UTF-8)
        self._as_text = as_text
        self._bytes = self._lines = 0
        pending: list[str] = []
        for line in lines:
            self._lines += 1
            if not self.heading:
                self.head.append(line)
                self._bytes += len(line.encode("utf-8"))
                self.heading = _HEADING.search(line) is not None
                continue
            pending.append(line)
            if len(pending) > BATCH:  # a batch is kept once a line after it has come
                self._keep(pending[:BATCH])
                del pending[:BATCH]
        if pending:
            self.end = pending.pop()
            self._bytes += len(self.end.encode("utf-8"))
            if pending:
                self._keep(pending)

    @property
    def size(self) -> int:
        """The bytes of the lines joined by newlines."""
        return max(self._bytes + self._lines - 1, 0)

    @property
    def has_body(self) -> bool:
        return bool(self._batches)

    def _keep(self, lines: list[str]) -> None:
        # Counted and kept as UTF-8, as they are packed: no text is made again from them.
        data = "\n".join(lines).encode("utf-8")
        self.counts.update(found.group() for found in _REPEATED_UTF8.finditer(data))
        self._bytes += len(data) - (len(lines) - 1)
        deflated = self._bytes > self._as_text
        self._batches.append((deflated, zlib.compress(data, 1) if deflated else data))

    def body(self) -> Iterator[bytes]:
        """The body's batches, each its lines joined by newlines, in UTF-8."""
        for deflated, data in self._batches:
            yield zlib.decompress(data) if deflated else data

    def __iter__(self) -> Iterator[str]:
        yield from self.head
        yield from (batch.decode("utf-8") for batch in self.body())
        if self.end is not None:
            yield self.end


def notice(lang: Lang) -> str:
    """What the top of a report with packed sections says, with the button that opens them."""
    return (
        f'<p class="note deferred-note">{html_text(T["deferred_note"](lang))} '
        f'<button type="button" id="open-deferred" hidden>'
        f"{html_text(T['open_all'](lang))}</button></p>"
    )


_DETAILS = '<details class="deferred"'
_HEADING = re.compile(r"<h2[^>]*>(.*?)</h2>")
_OPENING = re.compile(r'<section id="([^"]+)"')


def _packed(section: Spool, lang: Lang) -> Iterable[str]:
    """``section`` as its heading and the rest packed; as it is when it has no ``<h2>`` line,
    no body under it or no id to name its packed part by."""
    opening = _OPENING.match(section.head[0]) if section.head else None
    if not section.heading or not section.has_body or opening is None:
        return section
    anchor = opening.group(1)
    title = _HEADING.search(section.head[-1]).group(1)  # already HTML
    label = html_text(T["summary"](lang).replace("{size}", _size_text(section.size))).replace(
        "{what}", title
    )
    above = [
        *section.head,
        f'{_DETAILS} data-deferred="{anchor}-packed">',
        f"<summary>{label}</summary>",
        '<div class="deferred-body">',
        f'<noscript><p class="note">{html_text(T["needs_script"](lang))}</p></noscript>',
        f'<p class="note deferred-unsupported" hidden>{html_text(T["unsupported"](lang))}</p>',
        "</div>",
        "</details>",
        f'<script type="application/gzip" id="{anchor}-packed">',
    ]
    return Packed(above, _compressed(section), ["</script>", section.end])


class Packed:
    """A packed section: its lines above the compressed part, that part (a gzip member), and
    its lines below. Iterated, it gives them as a :class:`Spool` does (pieces each to be
    followed by a newline), the gzip member as base64 in lines of 76 characters (RFC 2045;
    the page's script drops the line ends): made a block of lines at a time as it is written,
    never one text (47 MB, and four copies of it on the way to the file, in the measures by
    owner of a 100,000-measure report)."""

    __slots__ = ("above", "below", "data")

    def __init__(self, above: list[str], data: bytes, below: list[str]):
        self.above, self.data, self.below = above, data, below

    def __iter__(self) -> Iterator[str]:
        yield from self.above
        data = self.data
        for start in range(0, len(data), _BASE64_BLOCK):
            # encodebytes ends each line of 76 characters with a newline: the last one is the
            # piece's own
            yield base64.encodebytes(data[start : start + _BASE64_BLOCK]).decode("ascii")[:-1]
        yield from self.below


# The bytes of 1,024 lines of base64 (57 bytes make 76 characters).
_BASE64_BLOCK = 57 * 1024


# Repeated strings, written once: a tooltip (a node's or an SDG target's official text, on
# every chip that names it) and a chip itself. Each later one is a mark, \x01 index \x02,
# which no text of the page can hold (control characters are shown as escapes).
_REPEATED = re.compile(
    r'<span class="chip[^"]*"[^>]*><span class="cid">[^<]*</span>[^<]*</span>| title="[^"]*"'
)
# The same, on a section's UTF-8: its patterns are ASCII, and no byte of a character beyond
# ASCII is, so it finds the same strings.
_REPEATED_UTF8 = re.compile(_REPEATED.pattern.encode("ascii"))
_MARK = re.compile("\x01([0-9]+)\x02")


def _compressed(section: Spool) -> bytes:
    """The gzip member the page's script unpacks: the JSON table of the strings of
    :data:`_REPEATED` that occur more than once in ``section``'s body, a newline, and the
    body's lines joined by newlines with each such string a mark. Made a batch of lines at a
    time from the spool, which counted them as it was made, so that the section's text is
    never held whole; a match never spans two lines, each being whole elements."""
    table = [text for text, count in section.counts.items() if count > 1]
    index = {text: number for number, text in enumerate(table)}

    def mark(found: re.Match) -> bytes:
        number = index.get(found.group())
        return found.group() if number is None else b"\x01%d\x02" % number

    # One gzip member, deflated a batch at a time: its header as gzip.compress(…, level 6,
    # mtime=0) writes it from Python 3.13 on ("unknown" system), the same bytes on every
    # system and version (zlib's own header names the system it was built for). Level 6, zlib's
    # default: level 9 made the 2,000-measure report 2.5 % smaller in twice the time (0.44 s).
    deflate = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    out = [b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"]
    checksum = length = 0
    strings = [text.decode("utf-8") for text in table]
    first = (json.dumps(strings, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    for number, batch in enumerate(section.body()):
        data = (first if number == 0 else b"\n") + _REPEATED_UTF8.sub(mark, batch)
        checksum = zlib.crc32(data, checksum)
        length += len(data)
        out.append(deflate.compress(data))
    out += [deflate.flush(), struct.pack("<LL", checksum, length & 0xFFFFFFFF)]
    return b"".join(out)


def unpacked(page: str) -> dict[str, str]:
    """Each compressed section of a written report, by its id, as the browser unpacks it (for
    tests and for tools that read the report)."""
    found = {}
    for match in re.finditer(
        r'<script type="application/gzip" id="([^"]+)-packed">\n(.*?)\n</script>', page, re.S
    ):
        payload = gzip.decompress(base64.b64decode(match.group(2))).decode("utf-8")
        table_text, html = payload.split("\n", 1)
        table = json.loads(table_text)
        found[match.group(1)] = _MARK.sub(lambda m, table=table: table[int(m.group(1))], html)
    return found
