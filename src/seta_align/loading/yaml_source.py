"""Reading YAML files safely, keeping the line and column of every value.

PyYAML's own loaders lose positions, keep the last of two duplicate keys silently and, through
implicit typing, turn ``8.10`` into the float ``8.1``. We therefore let PyYAML only *compose* the
node tree (no object construction, so no tag is ever executed) and build plain Python values
ourselves, recording where each came from and refusing what would silently lose data.
"""

from __future__ import annotations

import codecs
import json
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..findings import Finding, Location, Severity
from ..i18n import Text
from . import yaml_fast
from .cache_dir import content_digest
from .yaml_typing import BaseLoader as _BaseLoader
from .yaml_typing import implicit_tag

_DEFAULT_TAGS = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


class _Loader(_BaseLoader):
    """PyYAML's safe loader with the same typing rules, decided faster.

    The C composer asks ``resolve`` for the tag of every node, and PyYAML's version (pure
    Python, general enough for path resolvers that the safe loader never has) was a fifth of
    reading a large draft. This one returns exactly what it returns for the safe loader: a
    test compares the two on every kind of scalar.
    """

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0]:
            return implicit_tag(value)
        return _DEFAULT_TAGS[kind]


MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 100
# Values produced after alias expansion; bounds "billion laughs" documents.
# Values reached a second time through an alias (*name); bounds "billion laughs" documents
# quickly, while ordinary anchors (a shared list of tags, say) stay far below it.
MAX_ALIAS_EXPANSION = 100_000

Path_ = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_ScalarNode = yaml.ScalarNode
_SequenceNode = yaml.SequenceNode


def input_problem(
    code: str,
    name: str,
    message: Text,
    file: str,
    line: int | None = None,
    column: int | None = None,
    hint: Text | None = None,
    source_line: str | None = None,
) -> Finding:
    return Finding(
        code=code,
        name=name,
        severity=Severity.ERROR,
        message=message,
        location=Location(file, line, column),
        hint=hint,
        source_line=source_line,
        is_input_problem=True,
    )


def syntax_problem(file: str, message: Text, line=None, column=None, hint=None, source_line=None):
    return input_problem("SA001", "unreadable-file", message, file, line, column, hint, source_line)


def schema_problem_at(
    file: str,
    source: SourceMap,
    path: Path_,
    message: Text,
    hint: Text | None = None,
    prefer_key: bool = False,
) -> Finding:
    """An SA003 finding at ``path`` of a parsed file, showing the line it is on."""
    line, column = source.locate(path, prefer_key) or (None, None)
    return input_problem(
        "SA003", "schema", message, file, line, column, hint, source.line_text(line)
    )


# Where a parsed value came from, as a tree shaped like the value itself (1-based positions):
#   scalar   (line, column)
#   list     (line, column, [position of each item])
#   mapping  (line, column, {key: (key line, key column, position of the value)})
# One small tuple per value, instead of a dictionary entry keyed by a path tuple per value, and
# it survives a JSON round trip (as lists).
Positions = tuple | list

# Once a file is loaded, its tree is kept "packed": JSON text, one text per item of a top-level
# list (one measure), decoded only when a finding in that measure asks for a position. A draft
# of 100,000 measures would otherwise hold millions of positions that no message ever shows.
Packed = tuple[int, int, list[str]] | str
_COMPACT_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
# How the encoder above writes a key.
_JSON_TEXT = json.encoder.c_encode_basestring or json.encoder.py_encode_basestring


# The first entry of a packed item that is a mapping: ``[line,column,{"key":[key line,key
# column,[value line,value column``. Most findings on a measure are located at its ``id``,
# its first key: read off the start of its packed text, not by decoding its whole tree (a
# tenth of the check of 20,000 measures without KPIs, each with its finding at its id).
_FIRST_ENTRY = re.compile(r'\[\d+,\d+,\{("(?:[^"\\]|\\.)*"):\[(\d+),(\d+),\[(\d+),(\d+)')


def _first_entry(packed: tuple, path: Path_, prefer_key: bool) -> tuple[int, int] | None:
    """Where ``(index, key)`` is, when ``key`` is the first key of the packed item ``index``;
    else ``None`` (the tree is then decoded)."""
    index, key = path
    items = packed[2]
    if type(index) is not int or type(key) is not str or not 0 <= index < len(items):
        return None
    match = _FIRST_ENTRY.match(items[index])
    if match is None or match[1] != _JSON_TEXT(key):
        return None
    return (int(match[2]), int(match[3])) if prefer_key else (int(match[4]), int(match[5]))


def pack_positions(tree: Positions | None) -> Packed:
    if tree is not None and len(tree) > 2 and isinstance(tree[2], list):
        return (tree[0], tree[1], [_COMPACT_JSON.encode(item) for item in tree[2]])
    return _COMPACT_JSON.encode(tree)


class SourceMap:
    """Where each value of a parsed document came from, and the document's lines."""

    __slots__ = ("_item", "_lines", "_packed", "_text", "positions", "typed_as")

    def __init__(
        self,
        positions: Positions | None = None,
        text: str = "",
        typed_as: dict[Path_, tuple[str, str]] | None = None,
    ):
        self.positions = positions
        # Scalars that YAML typed implicitly (number, bool, date): the characters the user typed.
        self.typed_as: dict[Path_, tuple[str, str]] = typed_as if typed_as is not None else {}
        self._text = text
        self._lines: list[str] | None = None
        self._packed: Packed | None = None
        # The item last unpacked, (index, tree): a measure's findings come one after another,
        # and keeping every item unpacked held 100 MB of a 20,000-measure check.
        self._item: tuple[int, Positions] | None = None

    @classmethod
    def deferred(cls, packed: Packed) -> SourceMap:
        """A map of packed positions only (after loading, and when read from the cache)."""
        source = cls()
        source._packed = packed
        return source

    def packed(self) -> Packed:
        return self._packed if self._packed is not None else pack_positions(self.positions)

    def pack(self) -> None:
        """Keep only the packed form of the positions (less memory), once the file is loaded.

        Its lines are let go too: every finding that shows a line of a measure file is made
        while the file is loaded (and the cache keeps it with the line), so the bytes held for
        them afterwards were never read (27 MB of a 20,000-measure draft)."""
        if self._packed is None:
            self._packed = pack_positions(self.positions)
        self.positions = None
        self._item = None
        # What YAML typed is read while the file is validated, never after (a cached file has
        # none): 13 MB of a 20,000-measure draft.
        self.typed_as = {}
        self._text, self._lines = "", []

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self._text.splitlines()
            self._text = ""
        return self._lines

    def _start(self, path: Path_) -> tuple[Positions | None, Path_]:
        """The tree to walk for ``path`` and the rest of the path to walk in it."""
        packed = self._packed
        if packed is None:
            return self.positions, path
        if isinstance(packed, str):
            self.positions, self._packed = json.loads(packed), None
            return self.positions, path
        line, column, items = packed
        if path and isinstance(path[0], int) and 0 <= path[0] < len(items):
            index = path[0]
            if self._item is None or self._item[0] != index:
                self._item = (index, json.loads(items[index]))
            return self._item[1], path[1:]
        return (line, column), ()

    def locate(self, path: Path_, prefer_key: bool = False) -> tuple[int, int] | None:
        """Position of ``path``, or of its nearest enclosing value that has one.

        With ``prefer_key``, a mapping entry is located at its key rather than its value.
        """
        path = tuple(path)
        if len(path) == 2 and type(self._packed) is tuple:
            found = _first_entry(self._packed, path, prefer_key)
            if found is not None:
                return found
        node, path = self._start(path)
        if node is None:
            return None
        key_position = None
        for step in path:
            children = node[2] if len(node) > 2 else None
            if isinstance(children, dict):
                entry = children.get(step) if isinstance(step, str) else None
                if entry is None:
                    break
                key_position = (entry[0], entry[1])
                node = entry[2]
            elif isinstance(children, list) and isinstance(step, int) and 0 <= step < len(children):
                key_position = None
                node = children[step]
            else:
                break
        else:
            if prefer_key and key_position is not None:
                return key_position
        return (node[0], node[1])

    def line_text(self, line: int | None) -> str | None:
        lines = self.lines
        if line is None or not (1 <= line <= len(lines)):
            return None
        return lines[line - 1]


@dataclass
class YamlDocument:
    file: str
    data: object
    source: SourceMap
    problems: list[Finding]
    # Of the bytes read (``read_yaml_file``): what a saved report was made from.
    digest: str | None = None


def decode(raw: bytes, file: str) -> tuple[str | None, Finding | None]:
    """Bytes to text. UTF-8 (with or without BOM) and UTF-16 with BOM are accepted."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), None
        except UnicodeDecodeError:
            return None, syntax_problem(
                file,
                Text("UTF-16 として読めませんでした。", "The file could not be read as UTF-16."),
                hint=_RESAVE_HINT,
            )
    if b"\x00" in raw[:8192]:
        return None, syntax_problem(
            file,
            Text(
                "テキストファイルではありません（バイナリ、または BOM のない UTF-16 です）。",
                "This is not a text file (binary data, or UTF-16 without a byte-order mark).",
            ),
            hint=_RESAVE_HINT,
        )
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        try:
            raw.decode("cp932")
        except UnicodeDecodeError:
            message = Text(
                f"UTF-8 として読めないバイト列があります（{error.start} バイト目）。",
                f"The file is not valid UTF-8 (byte offset {error.start}).",
            )
        else:
            message = Text(
                "Shift_JIS（CP932）で保存されたファイルのようです（日本語版 Windows の既定）。"
                "UTF-8 で保存し直してください。",
                "The file looks like Shift_JIS (CP932), the default of Japanese Windows. "
                "Re-save it as UTF-8.",
            )
        return None, syntax_problem(file, message, line, column, hint=_RESAVE_HINT)


_RESAVE_HINT = Text(
    "エディタで文字コードに UTF-8 を選んで保存し直してください"
    "（メモ帳: 名前を付けて保存 → 文字コード UTF-8、VS Code: 右下の文字コード → エンコード付きで保存）。",
    "Re-save the file with the encoding UTF-8 (Notepad: Save As → Encoding UTF-8; "
    "VS Code: the encoding in the status bar → Save with Encoding).",
)


def read_yaml_file(path: Path, display_name: str | None = None) -> YamlDocument:
    """Read and parse one YAML file. Problems are returned, never raised."""
    file = display_name or str(path)
    raw, problem = read_bytes(path, file)
    if problem is not None:
        return YamlDocument(file, None, SourceMap(), [problem])
    document = parse_bytes(raw, file)
    document.digest = content_digest(raw)
    return document


def parse_bytes(raw: bytes, file: str) -> YamlDocument:
    text, problem = decode(raw, file)
    if problem is not None:
        return YamlDocument(file, None, SourceMap(), [problem])
    return parse_yaml_text(text, file)


def read_bytes(path: Path, file: str) -> tuple[bytes | None, Finding | None]:
    """The file's bytes, or the problem that stops us reading them."""
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            return None, _not_a_file(file)
        if not stat.S_ISREG(status.st_mode):
            # A FIFO or device would block or never end: never open one.
            return None, _not_regular(file)
        size = status.st_size
        if size > MAX_FILE_BYTES:
            return None, _too_large(file, size)
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        return None, _not_a_file(file)
    except (OSError, ValueError) as error:  # ValueError: a path with a NUL character
        return (
            None,
            syntax_problem(
                file,
                Text(
                    f"ファイルを読めません: {getattr(error, 'strerror', None) or error}",
                    f"Cannot read the file: {getattr(error, 'strerror', None) or error}",
                ),
                hint=Text(
                    "ファイルの場所と読み取り権限を確認してください。",
                    "Check that the file exists and that you may read it.",
                ),
            ),
        )
    if len(raw) > MAX_FILE_BYTES:  # it grew while we read it
        return None, _too_large(file, len(raw))
    return raw, None


def _too_large(file: str, size: int) -> Finding:
    return syntax_problem(
        file,
        Text(
            f"ファイルが大きすぎます（{size:,} バイト、上限 {MAX_FILE_BYTES:,} バイト）。",
            f"The file is too large ({size:,} bytes; the limit is {MAX_FILE_BYTES:,}).",
        ),
        hint=Text(
            "施策を複数のファイルに分けてください。",
            "Split the measures over several files.",
        ),
    )


def _not_regular(file: str) -> Finding:
    return syntax_problem(
        file,
        Text(
            "通常のファイルではありません（名前付きパイプやデバイスなど）。",
            "This is not a regular file (a named pipe, a device or the like).",
        ),
        hint=Text("施策ファイルは通常のファイルにしてください。", "Use a regular file."),
    )


def _not_a_file(file: str) -> Finding:
    return syntax_problem(
        file,
        Text("ファイルではなくフォルダです。", "This is a directory, not a file."),
        hint=Text(
            "フォルダ名から .yaml を外すか、中のファイルを指定してください。",
            "Rename the directory or name the files inside it.",
        ),
    )


def parse_yaml_text(text: str, file: str) -> YamlDocument:
    """``text`` read as YAML: by the fast reader when the file is within what it reads exactly
    (see :mod:`.yaml_fast`), else, and for every file with a problem, by the exact reader."""
    if yaml_fast.enabled():
        simple = yaml_fast.read_simple(text)
        if simple is not None:
            data, positions, typed_as = simple
            return YamlDocument(file, data, SourceMap(positions, text, typed_as), [])
    return parse_exactly(text, file)


def parse_exactly(text: str, file: str) -> YamlDocument:
    """``text`` read by PyYAML's composer and our converter: every problem located."""
    source = SourceMap(text=text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        return YamlDocument(file, None, source, [_syntax_error(error, file, source)])
    except yaml.YAMLError as error:  # reader errors: control characters and the like
        return YamlDocument(
            file,
            None,
            source,
            [
                syntax_problem(
                    file,
                    Text(f"YAML として読めません: {error}", f"Not readable as YAML: {error}"),
                )
            ],
        )
    except RecursionError:
        return YamlDocument(file, None, source, [_too_deep(file)])
    finally:
        loader.dispose()
    if node is None:
        return YamlDocument(file, None, source, [])
    converter = _Converter(file, loader, source)
    try:
        data, source.positions = converter.convert(node, (), 0)
    except _Abort as abort:
        return YamlDocument(file, None, source, [*converter.problems, abort.problem])
    return YamlDocument(file, data, source, converter.problems)


def _too_deep(file: str, line=None, column=None) -> Finding:
    return syntax_problem(
        file,
        Text(
            f"入れ子が深すぎます（上限 {MAX_DEPTH} 段）。",
            f"The document is nested too deeply (limit {MAX_DEPTH} levels).",
        ),
        line,
        column,
    )


# Common PyYAML problems, with a fix a non-programmer can apply.
_SYNTAX_HINTS: list[tuple[re.Pattern[str], Text, Text]] = [
    (
        re.compile(r"found character '\\t'|tab character"),
        Text("タブ文字は使えません。", "Tab characters are not allowed."),
        Text("字下げはタブではなく半角スペースで行ってください。", "Indent with spaces, not tabs."),
    ),
    (
        re.compile(r"found unexpected end of stream|while scanning a quoted scalar"),
        Text("引用符が閉じられていません。", "A quotation mark is not closed."),
        Text(
            "\" または ' で始めた値は、同じ引用符で閉じてください。",
            "Close the quoted value with the same quotation mark it starts with.",
        ),
    ),
    (
        re.compile(r"expected ',' or '\]'|expected ',' or '\}'|while parsing a flow"),
        Text("[ ] または { } が閉じられていません。", "A bracket [ ] or brace { } is not closed."),
        Text(
            "[ で始めたリストは ] で、{ で始めたものは } で閉じてください。",
            "Close every [ with ] and every { with }.",
        ),
    ),
    (
        re.compile(r"mapping values are not allowed here"),
        Text(
            "ここに「キー: 値」は書けません（字下げのずれ、または値の中の「: 」）。",
            "A 'key: value' is not allowed here (wrong indentation, or ': ' inside a value).",
        ),
        Text(
            "字下げをそろえるか、「: 」を含む値を引用符で囲んでください。",
            "Align the indentation, or put a value that contains ': ' in quotes.",
        ),
    ),
    (
        re.compile(r"could not find expected ':'|expected <block end>|did not find expected"),
        Text("字下げか記号が正しくありません。", "The indentation or punctuation is wrong."),
        Text(
            "同じ階層の項目は同じ位置から書き、リストの項目は「- 」で始めてください。",
            "Start items of the same level at the same column, list items with '- '.",
        ),
    ),
    (
        re.compile(r"expected a single document"),
        Text(
            "1つのファイルに複数の文書（---）があります。",
            "The file holds several documents (---).",
        ),
        Text(
            "--- で区切らず、施策はリストとして書いてください。",
            "Do not separate with ---; write the measures as one list.",
        ),
    ),
]


def _syntax_error(error: yaml.MarkedYAMLError, file: str, source: SourceMap) -> Finding:
    detail = " ".join(part for part in (error.context, error.problem) if part)
    # An unclosed quote or bracket is only noticed at the end of the file; where it was opened
    # (the context mark) is what the user needs to see.
    opened = re.search(r"quoted scalar|flow (sequence|mapping)", error.context or "")
    mark = (error.context_mark if opened else None) or error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    message = Text(f"YAML の書き方に誤りがあります: {detail}", f"YAML syntax error: {detail}")
    hint = None
    for pattern, what, fix in _SYNTAX_HINTS:
        if pattern.search(detail):
            message = what + Text(f"（{detail}）", f" ({detail})")
            hint = fix
            break
    return syntax_problem(file, message, line, column, hint, source.line_text(line))


def _alias_bomb(file: str, line: int, column: int) -> Finding:
    return syntax_problem(
        file,
        Text(
            "別名（&アンカー / *エイリアス）の展開が大きすぎます。",
            "Aliases (&anchor / *alias) expand to too many values.",
        ),
        line,
        column,
        hint=Text(
            "エイリアスを使わずに値を書いてください。",
            "Write the values out instead of using aliases.",
        ),
    )


class _Abort(Exception):
    def __init__(self, problem: Finding):
        self.problem = problem


class _Converter:
    """Builds plain values from composed nodes, recording positions and problems."""

    def __init__(self, file: str, loader, source: SourceMap):
        self.file = file
        self.loader = loader
        self.source = source
        self.problems: list[Finding] = []
        self.alias_expanded = 0
        self._visited: set[int] = set()

    def convert(self, node, path: Path_, depth: int):
        """The plain value of ``node`` and its position tree (see :class:`SourceMap`)."""
        mark = node.start_mark
        where = (mark.line + 1, mark.column + 1)
        visited = self._visited
        if id(node) in visited:
            self.alias_expanded += 1
            if self.alias_expanded > MAX_ALIAS_EXPANSION:
                raise _Abort(_alias_bomb(self.file, *where))
        else:
            visited.add(id(node))
        if depth > MAX_DEPTH:
            raise _Abort(_too_deep(self.file, *where))
        kind = type(node)
        if kind is _ScalarNode:
            if node.tag == _STR:  # by far the most common case
                return node.value, where
            return self._scalar(node, path), where
        if kind is _SequenceNode:
            if node.tag != _SEQ:
                self._unsupported_tag(node)
            values = []
            positions = []
            for index, item in enumerate(node.value):
                value, position = self.convert(item, (*path, index), depth + 1)
                values.append(value)
                positions.append(position)
            return values, (*where, positions)
        if node.tag != _MAP:
            self._unsupported_tag(node)
        result: dict[str, object] = {}
        entries: dict[str, tuple] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self._problem(
                    key_node,
                    Text(
                        "マージキー（<<）には対応していません。",
                        "Merge keys (<<) are not supported.",
                    ),
                    Text("値をそのまま書いてください。", "Write the values out in full."),
                )
                continue
            if type(key_node) is not _ScalarNode:
                self._problem(
                    key_node,
                    Text("キーは文字列にしてください。", "A key must be a plain string."),
                )
                continue
            # Keys are names: the characters typed, whatever YAML would have typed them as.
            key = key_node.value
            key_mark = key_node.start_mark
            key_line = key_mark.line + 1
            if key in entries:
                self._duplicate_key(key, entries[key][0], key_line, key_mark.column + 1)
                continue
            value, position = self.convert(value_node, (*path, key), depth + 1)
            result[key] = value
            entries[key] = (key_line, key_mark.column + 1, position)
        return result, (*where, entries)

    def _duplicate_key(self, key: str, first_line: int, line: int, column: int) -> None:
        self.problems.append(
            input_problem(
                "SA002",
                "duplicate-key",
                Text(
                    f"キー「{key}」が重複しています（最初は {first_line} 行目）。"
                    "後の値だけが使われ、前の値は失われます。",
                    f"Duplicate key '{key}' (first on line {first_line}); "
                    "only the last value would be kept and the first lost.",
                ),
                self.file,
                line,
                column,
                hint=Text(
                    "どちらか一方を消すか、値を1つのリストにまとめてください。",
                    "Delete one of them, or merge the values into one list.",
                ),
                source_line=self.source.line_text(line),
            )
        )

    def _scalar(self, node, path: Path_):
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == _NULL:
            return None
        if tag in (_BOOL, _INT, _FLOAT, _TIMESTAMP):
            self.source.typed_as[path] = (node.value, tag.rsplit(":", 1)[-1])
            try:
                if tag == _BOOL:
                    return self.loader.construct_yaml_bool(node)
                if tag == _INT:
                    return self.loader.construct_yaml_int(node)
                if tag == _FLOAT:
                    return self.loader.construct_yaml_float(node)
            except (ValueError, KeyError, IndexError):
                if tag == _INT and len(node.value) > 1000:
                    # Python refuses to turn thousands of digits into an int (a guard against
                    # slow conversions); no KPI needs such a number.
                    self._problem(
                        node,
                        Text(
                            f"数値が長すぎます（{len(node.value):,} 桁）。",
                            f"The number is too long ({len(node.value):,} digits).",
                        ),
                        Text(
                            "引用符で囲んで文字列にするか、値を見直してください。",
                            "Quote it as text, or check the value.",
                        ),
                    )
                    return node.value
                # Otherwise only an explicit tag (`!!int abc`) can get here: implicit typing
                # only types values that match.
                self._problem(
                    node,
                    Text(
                        f"値 {node.value[:40]!r} はタグ {tag.rsplit(':', 1)[-1]} の値として読めません。",
                        f"The value {node.value[:40]!r} does not match its tag "
                        f"{tag.rsplit(':', 1)[-1]}.",
                    ),
                    Text(
                        "タグ（!! で始まる語）を外してください。",
                        "Remove the tag (the word starting with !!).",
                    ),
                )
                return node.value
            # Dates stay text: no field of ours is a date, and a later check says so.
            return node.value
        self._unsupported_tag(node)
        return node.value

    def _unsupported_tag(self, node) -> None:
        self._problem(
            node,
            Text(
                f"タグ {node.tag} には対応していません（実行もしません）。",
                f"The tag {node.tag} is not supported (and is never executed).",
            ),
            Text(
                "タグ（! で始まる語）を外してください。",
                "Remove the tag (the word starting with !).",
            ),
        )

    def _problem(self, node, message: Text, hint: Text | None = None) -> None:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        self.problems.append(
            input_problem(
                "SA003",
                "schema",
                message,
                self.file,
                line,
                column,
                hint,
                self.source.line_text(line),
            )
        )
