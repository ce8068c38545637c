"""A fast reader for the YAML that measure files are made of: exactly PyYAML's reading, or none.

Composing every value through PyYAML's general scanner and parser was most of a cold check.
The files people and ``import`` write use a small part of YAML: block mappings and sequences,
one-line plain and quoted scalars, one-line flow collections of scalars, and folded or literal
block scalars. :func:`read_simple` reads that part line by line, types plain scalars by the same
YAML 1.1 rules (:mod:`.yaml_typing`) and records the same positions as the exact reader.

It gives up (returns ``None``) at the first thing it does not read exactly as PyYAML does: a
tab, an anchor, alias or tag, a duplicate or merge key, a plain scalar over several lines, a
blank line inside a block scalar, an escape in a double-quoted scalar, a document marker, and
any syntax error. The exact reader then reads the whole file, so every problem (and every
finding about one) still comes from it, and a file is never read half one way, half the other.
A differential test runs both readers over every fixture, the bench drafts and the fuzz
corpus's mutations. ``SETA_ALIGN_EXACT_YAML=1`` turns the fast reader off.
"""

from __future__ import annotations

import os
import re
from sys import intern

import yaml
import yaml.constructor
import yaml.scanner

from .yaml_typing import STR, implicit_tag

# Only these characters are read fast: printable, and no line break but LF (PyYAML also breaks
# lines at NEL, LS and PS, and refuses control characters). No tab, no byte-order mark.
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_DOCUMENT_MARKER = re.compile(r"^(?:---|\.\.\.)(?:[ \n]|$)|^%", re.M)
# A plain scalar may not start with an indicator, but for - ? : followed by a non-space.
_PLAIN_START_REFUSED = frozenset("-?:,[]{}#&*!|>'\"%@`")
_BLOCK_SCALAR_HEADER = re.compile(r"([|>])(-?)(?: +#.*| *)")
_AFTER_VALUE = re.compile(r"(?: +#.*| *)")
# A plain scalar inside [ ] or { }: no flow indicator, no ? and no #. A ":" inside it only when
# a character that ends no scalar follows (PyYAML reads ``seta-align:sdgs`` there as one scalar,
# and ``a: b`` or ``a:,`` otherwise: those are declined).
# (Unrolled: runs of ordinary characters, and a ":" only between them; an alternation tried at
# every character costs a fifth of reading a draft's flow collections.)
_FLOW_REST = r"[^,\[\]{}?#:]*(?::(?=[^\s,\[\]{}])[^,\[\]{}?#:]*)*"
_FLOW_PLAIN = re.compile(r"(?:[^\s,\[\]{}?#:'\"!&*|>%@`\-]|-(?=[^\s,\[\]{}?#:]))" + _FLOW_REST)
_SPACES = re.compile(r" *")
# The common flow collections, [a, b] and {k: v, k: v} of scalars, matched whole at once.
_FLOW_ITEM = (
    r"""(?:(?:[^\s,\[\]{}?#:'"!&*|>%@`\-]|-(?=[^\s,\[\]{}?#:]))"""
    + _FLOW_REST
    + r"""|"(?:[^"\\]|\\.)*"|'(?:[^']|'')*')"""
)
_SIMPLE_SEQUENCE = re.compile(rf"\[ *(?:{_FLOW_ITEM}(?: *, *{_FLOW_ITEM})*)? *\]")
_SIMPLE_MAPPING = re.compile(
    rf"{{ *(?:{_FLOW_ITEM} *: +{_FLOW_ITEM}(?: *, *{_FLOW_ITEM} *: +{_FLOW_ITEM})*)? *}}"
)
_SEQUENCE_ITEM = re.compile(rf" *({_FLOW_ITEM}) *(?:,|$)")
_MAPPING_ENTRY = re.compile(rf" *({_FLOW_ITEM}) *: +({_FLOW_ITEM}) *(?:,|$)")
_DOUBLE_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
_ESCAPE = re.compile(r"\\(.)([0-9A-Za-z]{0,8})")
_HEX = re.compile(r"[0-9A-Fa-f]+")
_ESCAPE_REPLACEMENTS = yaml.scanner.Scanner.ESCAPE_REPLACEMENTS
_ESCAPE_CODES = yaml.scanner.Scanner.ESCAPE_CODES

_NULL = "tag:yaml.org,2002:null"
_TYPED = {
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:timestamp": "timestamp",
}
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_CONSTRUCT = {
    "bool": _CONSTRUCTOR.construct_yaml_bool,
    "int": _CONSTRUCTOR.construct_yaml_int,
    "float": _CONSTRUCTOR.construct_yaml_float,
}
_DECIMAL_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,17})")
_DECIMAL_FLOAT = re.compile(r"[-+]?[0-9]{1,17}\.[0-9]{0,17}")
# Plain strings up to this long are interned (ids and names; not descriptions).
_INTERNED = 80
# Deeper than any measure file; the exact reader enforces the real limit.
_MAX_DEPTH = 50
# libyaml's limit on a key written without "?" (from its first character to its ":"), kept
# with a margin: declining is always safe.
_MAX_KEY = 1000


class _NotSimple(Exception):
    """The file uses YAML beyond what this reader reads exactly."""


def enabled() -> bool:
    return os.environ.get("SETA_ALIGN_EXACT_YAML", "") in ("", "0")


def read_simple(text: str):
    """``(data, positions, typed_as)`` as the exact reader gives them for ``text``, or ``None``
    when ``text`` is empty or uses YAML beyond the simple part (see the module's docstring)."""
    if "\r" in text:
        if "\r" in text.replace("\r\n", ""):
            return None  # a lone CR breaks lines for YAML
        text = text.replace("\r\n", "\n")
    if _UNUSUAL.search(text) or _DOCUMENT_MARKER.search(text):
        return None
    reader = _Reader(text.split("\n"), text.endswith("\n"))
    try:
        return reader.document()
    except (_NotSimple, IndexError, ValueError, OverflowError):
        return None


class _Reader:
    __slots__ = ("_last_has_break", "indents", "lines", "typed_as")

    def __init__(self, lines: list[str], ends_with_break: bool):
        self.lines = lines
        self.indents = [len(line) - len(line.lstrip(" ")) for line in lines]
        self.typed_as: dict[tuple, tuple[str, str]] = {}
        # Whether the last line ends with a line break (a block scalar ending the file has none).
        self._last_has_break = ends_with_break

    # --- lines -----------------------------------------------------------------------------

    def _significant(self, index: int) -> int:
        """The first line from ``index`` with something other than spaces or a comment."""
        lines, indents = self.lines, self.indents
        count = len(lines)
        while index < count:
            indent = indents[index]
            line = lines[index]
            if indent < len(line) and line[indent] != "#":
                return index
            index += 1
        return count

    def _no_continuation(self, index: int, parent: int) -> None:
        """After a one-line value ending before line ``index``: the next line that is not blank
        (a comment too) must not be indented past ``parent``, where PyYAML would read it as more
        of the value or as an error."""
        lines, indents = self.lines, self.indents
        count = len(lines)
        while index < count:
            if indents[index] < len(lines[index]):
                if indents[index] > parent:
                    raise _NotSimple
                return
            index += 1

    def _next_at(self, index: int, column: int) -> int | None:
        """The next line with content from ``index``, when it goes on the block at ``column``;
        ``None`` when the block ends there (the end, or a line indented less)."""
        following = self._significant(index)
        if following == len(self.lines) or self.indents[following] < column:
            return None
        if self.indents[following] > column:
            raise _NotSimple  # more of a value, or an error: the exact reader's to say
        return following

    # --- nodes -----------------------------------------------------------------------------

    def document(self):
        start = self._significant(0)
        if start == len(self.lines):
            return None  # no node: the exact reader says what an empty file is
        value, position, after = self._block(start, self.indents[start], -1, ())
        if self._significant(after) != len(self.lines):
            raise _NotSimple
        return value, position, self.typed_as

    def _block(self, index: int, column: int, parent: int, path: tuple):
        """The block node starting at ``column`` of line ``index``, and the line after it."""
        if len(path) > _MAX_DEPTH:
            raise _NotSimple
        line = self.lines[index]
        if _dash_at(line, column):
            if column != self.indents[index]:
                raise _NotSimple  # "- - x": a sequence starting inside a line
            return self._sequence(index, column, path)
        key = self._key(line, column)
        if key is not None:
            return self._mapping(index, column, path, key)
        return self._inline(index, column, parent, path)

    def _sequence(self, index: int, column: int, path: tuple):
        lines = self.lines
        values: list = []
        positions: list = []
        start = (index + 1, column + 1)
        while True:
            line = lines[index]
            item_path = (*path, len(values))
            content = column + 1 + len(_SPACES.match(line, column + 1).group())
            if content >= len(line) or line[content] == "#":
                following = self._significant(index + 1)
                if following < len(lines) and self.indents[following] > column:
                    value, position, index = self._block(
                        following, self.indents[following], column, item_path
                    )
                else:  # an empty item is null, placed just after the "-"
                    value, position = None, (index + 1, column + 2)
                    index += 1
            else:
                value, position, index = self._block(index, content, column, item_path)
            values.append(value)
            positions.append(position)
            following = self._next_at(index, column)
            if following is None or not _dash_at(lines[following], column):
                break  # the end, or of a sequence written at its key's indentation
            index = following
        return values, (*start, positions), index

    def _key(self, line: str, column: int):
        """``(key, column after the ':')`` when a key starts at ``column``, else ``None``."""
        first = line[column]
        if first in "\"'":
            closed = _quoted_end(line, column)
            if closed is None:
                return None
            after = closed
            while after < len(line) and line[after] == " ":
                after += 1
            if after < len(line) and line[after] == ":" and line[after + 1 : after + 2] in ("", " "):
                if after - column > _MAX_KEY:
                    raise _NotSimple  # libyaml's limit on a key written without "?"
                return intern(_quoted_value(line, column, closed)), after + 1
            return None
        if first in "[{":
            return None  # a flow collection (a key inside it is its own)
        colon = line.find(": ", column)
        end = line.rstrip(" ")
        if colon < 0 and end.endswith(":"):
            colon = len(end) - 1
        if colon < 0:
            return None
        key = line[column:colon].rstrip(" ")
        if (
            not key
            or " #" in key
            or colon - column > _MAX_KEY
            or key == "<<"
            or (first in _PLAIN_START_REFUSED and (first not in "-?:" or line[column + 1] == " "))
        ):
            raise _NotSimple
        return intern(key), colon + 1

    def _mapping(self, index: int, column: int, path: tuple, key):
        lines = self.lines
        result: dict = {}
        entries: dict = {}
        start = (index + 1, column + 1)
        while True:
            name, after = key
            if name in result:
                raise _NotSimple  # a duplicate key: the exact reader reports it
            line = lines[index]
            key_at = (index + 1, column + 1)
            value_path = (*path, name)
            content = after + len(_SPACES.match(line, after).group())
            if content >= len(line) or line[content] == "#":
                following = self._significant(index + 1)
                nested = following < len(lines) and self.indents[following] > column
                indentless = (
                    following < len(lines)
                    and self.indents[following] == column
                    and _dash_at(lines[following], column)
                )
                if nested:
                    value, position, index = self._block(
                        following, self.indents[following], column, value_path
                    )
                elif indentless:
                    value, position, index = self._sequence(following, column, value_path)
                else:  # an empty value is null, placed just after the ":"
                    value, position = None, (index + 1, after + 1)
                    index += 1
            else:
                value, position, index = self._inline(index, content, column, value_path)
            result[name] = value
            entries[name] = (*key_at, position)
            following = self._next_at(index, column)
            if following is None:
                break
            line = lines[following]
            if _dash_at(line, column):
                raise _NotSimple  # a "- " among keys: PyYAML's error, not ours to word
            key = self._key(line, column)
            if key is None:
                raise _NotSimple
            index = following
        return result, (*start, entries), index

    # --- one-line values -------------------------------------------------------------------

    def _inline(self, index: int, column: int, parent: int, path: tuple):
        """The value starting at ``column`` of line ``index`` that is not a block collection
        (a scalar, a flow collection or a block scalar), and the line after it."""
        line = self.lines[index]
        first = line[column]
        where = (index + 1, column + 1)
        if first in "|>":
            return self._block_scalar(index, column, parent, where)
        if first in "\"'":
            closed = _quoted_end(line, column)
            if closed is None or not _AFTER_VALUE.fullmatch(line, closed):
                raise _NotSimple
            value, position = _quoted_value(line, column, closed), where
        elif first in "[{":
            value, position, closed = self._flow(line, index, column, path)
            if not _AFTER_VALUE.fullmatch(line, closed):
                raise _NotSimple
        else:
            comment = line.find(" #", column)
            text = (line[column:comment] if comment >= 0 else line[column:]).rstrip(" ")
            if (
                (first in _PLAIN_START_REFUSED and (first not in "-?:" or text[1:2] in ("", " ")))
                or ": " in text
                or text.endswith(":")
            ):
                raise _NotSimple
            value, position = self._plain(text, path), where
        self._no_continuation(index + 1, parent)
        return value, position, index + 1

    def _block_scalar(self, index: int, column: int, parent: int, where: tuple):
        """A folded (>) or literal (|) block scalar whose lines all start at one indentation,
        with no blank line inside: the common case, read as PyYAML's scanner reads it."""
        lines = self.lines
        header = _BLOCK_SCALAR_HEADER.fullmatch(lines[index], column)
        if header is None:
            raise _NotSimple  # an indentation indicator, "+" (keep) or a stray character
        folded, strip = header.group(1) == ">", header.group(2) == "-"
        first = index + 1
        if first >= len(lines) or not lines[first].strip(" "):
            raise _NotSimple
        indent = self.indents[first]
        if indent <= parent or indent == 0:
            raise _NotSimple
        content: list[str] = []
        at = first
        blank_since = None
        while at < len(lines):
            line = lines[at]
            if not line.strip(" "):
                if len(line) > indent:
                    raise _NotSimple  # spaces past the indentation are content
                if blank_since is None:
                    blank_since = at
            else:
                line_indent = self.indents[at]
                if line_indent < indent:
                    break
                if line_indent > indent or blank_since is not None:
                    raise _NotSimple  # a more-indented line or a blank line inside
                content.append(line[indent:])
            at += 1
        last = first + len(content) - 1
        text = (" " if folded else "\n").join(content)
        if not strip:  # "clip": one line break, unless the file ends on that line without one
            text += "" if last == len(lines) - 1 and not self._last_has_break else "\n"
        return text, where, at

    def _plain(self, text: str, path: tuple):
        tag = implicit_tag(text)
        if tag == STR:
            # Ids, names of KPIs, owners and fields recur on thousands of measures and results:
            # one string each, not one per line (the issue of memory at 100,000 measures).
            return intern(text) if len(text) <= _INTERNED else text
        if tag == _NULL:
            return None
        kind = _TYPED.get(tag)
        if kind is None:
            raise _NotSimple  # "=" and the like: a tag the exact reader reports
        self.typed_as[path] = (text, kind)
        if kind == "int" and _DECIMAL_INT.fullmatch(text):
            return int(text)  # what PyYAML's constructor gives, without its detours
        if kind == "float" and _DECIMAL_FLOAT.fullmatch(text):
            return float(text)
        construct = _CONSTRUCT.get(kind)
        if construct is None:
            return text  # dates stay text, as the exact reader keeps them
        return construct(yaml.ScalarNode(tag, text))

    def _flow(self, line: str, index: int, column: int, path: tuple):
        """A ``[ ]`` or ``{ }`` on one line: value, positions, the column after it."""
        simple = self._simple_flow(line, index, column, path)
        if simple is not None:
            return simple
        mapping = line[column] == "{"
        closing = "}" if mapping else "]"
        at = column + 1 + len(_SPACES.match(line, column + 1).group())
        values: list = []
        positions: list = []
        result: dict = {}
        entries: dict = {}
        if line[at] == closing:
            at += 1
        else:
            while True:
                if mapping:
                    key_at = at
                    key, at = self._flow_scalar(line, at, None)
                    if not isinstance(key, str) or key in result or key == "<<":
                        raise _NotSimple
                    at += len(_SPACES.match(line, at).group())
                    if line[at] != ":" or line[at + 1] != " " or at - key_at > _MAX_KEY:
                        raise _NotSimple
                    at += 1 + len(_SPACES.match(line, at + 1).group())
                    value, position, at = self._flow_value(line, index, at, (*path, key))
                    result[key] = value
                    entries[key] = (index + 1, key_at + 1, position)
                else:
                    value, position, at = self._flow_value(line, index, at, (*path, len(values)))
                    values.append(value)
                    positions.append(position)
                at += len(_SPACES.match(line, at).group())
                if line[at] == closing:
                    at += 1
                    break
                if line[at] != ",":
                    raise _NotSimple
                at += 1 + len(_SPACES.match(line, at + 1).group())
                if line[at] in ",]}":
                    raise _NotSimple  # "[a, ]": a trailing comma, or an empty entry
        where = (index + 1, column + 1)
        if mapping:
            return result, (*where, entries), at
        return values, (*where, positions), at

    def _simple_flow(self, line: str, index: int, column: int, path: tuple):
        """:meth:`_flow` for a collection of scalars, by two regular expressions (most flow
        collections are such); ``None`` for any other."""
        mapping = line[column] == "{"
        whole = (_SIMPLE_MAPPING if mapping else _SIMPLE_SEQUENCE).match(line, column)
        if whole is None:
            return None
        end = whole.end()
        row = index + 1
        if not mapping:
            values = []
            positions = []
            for item in _SEQUENCE_ITEM.finditer(line, column + 1, end - 1):
                values.append(self._flow_text(item.group(1), (*path, len(values))))
                positions.append((row, item.start(1) + 1))
            return values, (row, column + 1, positions), end
        result: dict = {}
        entries: dict = {}
        for entry in _MAPPING_ENTRY.finditer(line, column + 1, end - 1):
            if entry.start(2) - entry.start(1) > _MAX_KEY:
                raise _NotSimple  # libyaml's limit on a key (to its ":", here beyond)
            key = entry.group(1)
            key = intern(_quoted_value(key, 0, len(key)) if key[0] in "\"'" else key.rstrip(" "))
            if key in result or key == "<<":
                raise _NotSimple
            result[key] = self._flow_text(entry.group(2), (*path, key))
            entries[key] = (row, entry.start(1) + 1, (row, entry.start(2) + 1))
        return result, (row, column + 1, entries), end

    def _flow_text(self, text: str, path: tuple):
        if text[0] in "\"'":
            return _quoted_value(text, 0, len(text))
        return self._plain(text.rstrip(" "), path)

    def _flow_value(self, line: str, index: int, at: int, path: tuple):
        """A value inside a flow collection: a scalar or a nested collection."""
        if line[at] in "[{":
            if len(path) > _MAX_DEPTH:
                raise _NotSimple
            return self._flow(line, index, at, path)
        value, end = self._flow_scalar(line, at, path)
        return value, (index + 1, at + 1), end

    def _flow_scalar(self, line: str, at: int, path: tuple | None):
        """A quoted or plain scalar inside a flow collection (a key when ``path`` is None)."""
        if line[at] in "\"'":
            closed = _quoted_end(line, at)
            if closed is None:
                raise _NotSimple
            return _quoted_value(line, at, closed), closed
        plain = _FLOW_PLAIN.match(line, at)
        if plain is None:
            raise _NotSimple
        text = plain.group().rstrip(" ")
        end = at + len(text)
        if path is None:
            return text, end
        return self._plain(text, path), end


def _dash_at(line: str, column: int) -> bool:
    """Whether a sequence entry ("- " or a lone "-") starts at ``column``."""
    return line.startswith("-", column) and line[column + 1 : column + 2] in ("", " ")


def _quoted_end(line: str, start: int) -> int | None:
    """The column after the closing quote of the quoted scalar at ``start`` (on one line), or
    ``None``."""
    if line[start] == '"':
        closed = _DOUBLE_QUOTED.match(line, start)
        return closed.end() if closed else None
    at = start + 1
    while True:
        end = line.find("'", at)
        if end < 0:
            return None
        if line[end + 1 : end + 2] == "'":
            at = end + 2
            continue
        return end + 1


def _quoted_value(line: str, start: int, end: int) -> str:
    inner = line[start + 1 : end - 1]
    if line[start] == "'":
        return inner.replace("''", "'")
    return _ESCAPE.sub(_unescaped, inner) if "\\" in inner else inner


def _unescaped(escape: re.Match) -> str:
    """One escape of a double-quoted scalar, by PyYAML's own tables."""
    code = escape.group(1)
    if code in _ESCAPE_REPLACEMENTS:
        return _ESCAPE_REPLACEMENTS[code] + escape.group(2)
    length = _ESCAPE_CODES.get(code)
    digits = escape.group(2)[:length] if length else ""
    if not length or len(digits) != length or not _HEX.fullmatch(digits):
        raise _NotSimple  # PyYAML's error, not ours to word
    code = int(digits, 16)
    if 0xD800 <= code <= 0xDFFF:
        raise _NotSimple  # a surrogate: libyaml refuses the escape
    return chr(code) + escape.group(2)[length:]
