"""One representation, in every output format, for characters that cannot be shown as they are.

User text (titles, keys, owners, file names) can hold what no report should pass on: control
characters (NUL, ESC, vertical tab …) that make XML ill-formed and send escape sequences to a
terminal, lone line breaks that split a one-line finding in two, and, in file names that are not
valid UTF-8 (a zip made on a Japanese Windows), bytes Python keeps as lone surrogates, which no
UTF-8 output can encode.

Each such character is written as a visible escape, the same in every format: a byte of a
non-UTF-8 file name and a control character below U+0100 as ``\\xNN`` (so ``施策.yaml`` saved in
CP932 reads ``\\x8e{\\x8d\\xf4.yaml``), anything else as ``\\uXXXX``. Nothing else changes.
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls, line and paragraph separators, surrogates, and the two
# noncharacters XML forbids. Tab, line feed and carriage return are kept where lines are
# allowed (``keep_lines``); in a one-line context they are escaped too.
_ALWAYS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff"
_UNSAFE_IN_LINES = re.compile(f"[{_ALWAYS}]")
_UNSAFE_IN_ONE_LINE = re.compile(f"[{_ALWAYS}\t\n\r]")


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(text: str, *, keep_lines: bool = False) -> str:
    """``text`` with every unsafe character as a visible escape. ``keep_lines`` keeps tab, line
    feed and carriage return (for formats with lines: Markdown, HTML, XML text, CSV cells)."""
    pattern = _UNSAFE_IN_LINES if keep_lines else _UNSAFE_IN_ONE_LINE
    return pattern.sub(_escape, text) if pattern.search(text) else text


def xml_safe(document: str) -> str:
    """A whole XML (or HTML) document with every character XML 1.0 forbids made visible.

    Markup is ASCII that we wrote, so the forbidden characters can only be in text and attribute
    values: replacing them in the finished document is the same as escaping every value, and no
    writer can forget one."""
    return visible(document, keep_lines=True)


# Anything html_text changes: an unsafe character, or one that HTML escapes.
_NOT_PLAIN_HTML = re.compile(f"[{_ALWAYS}&<>\"']")


def html_text(value: object) -> str:
    """``value`` as HTML text or a quoted attribute value: every unsafe character made visible
    (line breaks kept), then ``& < > " '`` escaped, so user text can never become markup."""
    text = value if type(value) is str else str(value)
    if _NOT_PLAIN_HTML.search(text) is None:
        return text  # most cells of a report: nothing to escape (a fifth of writing its tables)
    from html import escape

    return escape(visible(text, keep_lines=True), quote=True)
