"""Reading YAML files safely, keeping the line and column of every value.

Here: the bytes read (bounded, decoded), where each value stands (:class:`SourceMap`), and the
findings located in a file. The YAML itself is read by the fast reader (:mod:`.yaml_fast`)
where it reads a file exactly, else by the exact reader (:mod:`.yaml_exact`).
"""

from __future__ import annotations

import base64
import binascii
import codecs
import json
import re
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..findings import Finding, Location, Severity
from ..i18n import Text
from .cache_dir import content_digest

MAX_FILE_BYTES = 64 * 1024 * 1024

Path_ = tuple[str | int, ...]



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
# A measure file's items are deflated too (bytes; see SourceMap.pack): about 890 characters
# of text a measure, 390 bytes deflated, 52 MB less for a 100,000-measure check.
Packed = tuple[int, int, list[str | bytes]] | str
# How a deflated item is written in a cache entry's JSON: this, then its base64 (a JSON text
# item always begins with "[").
_DEFLATED = "z:"
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
    text = _item_text(items[index])
    if text is None:
        return None
    match = _FIRST_ENTRY.match(text)
    if match is None or match[1] != _JSON_TEXT(key):
        return None
    return (int(match[2]), int(match[3])) if prefer_key else (int(match[4]), int(match[5]))


def pack_positions(tree: Positions | None, deflated: bool = False) -> Packed:
    if tree is not None and len(tree) > 2 and isinstance(tree[2], list):
        texts = [_COMPACT_JSON.encode(item) for item in tree[2]]
        if deflated:
            return (tree[0], tree[1], [zlib.compress(text.encode("utf-8"), 1) for text in texts])
        return (tree[0], tree[1], texts)
    return _COMPACT_JSON.encode(tree)


def _item_text(item: str | bytes) -> str | None:
    """An item's JSON text; None when a deflated one does not inflate to text (a cache entry
    forged with a valid digest: its measure's positions are then unknown, never a crash)."""
    if type(item) is str:
        return item
    try:
        return zlib.decompress(item).decode("utf-8")
    except (zlib.error, UnicodeDecodeError):
        return None


def packed_to_json(packed: Packed) -> object:
    """Packed positions as JSON data for a cache entry (a deflated item as base64 text)."""
    if isinstance(packed, str):
        return packed
    line, column, items = packed
    return [
        line,
        column,
        [
            item if type(item) is str else _DEFLATED + base64.b64encode(item).decode("ascii")
            for item in items
        ],
    ]


def packed_from_json(value: object) -> Packed:
    """Packed positions as the JSON of a cache entry gives them back (where
    :func:`pack_positions` made a tuple, JSON made a list; a deflated item was written as base64
    text). Raises ``ValueError`` for anything else: a foreign entry is then a miss."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and len(value) == 3 and isinstance(value[2], list):
        line, column, items = value
        if all(isinstance(item, str) for item in items):
            return (line, column, [_item_from_json(item) for item in items])
    raise ValueError("not a cache entry")


def _item_from_json(item: str) -> str | bytes:
    if not item.startswith(_DEFLATED):
        return item
    try:
        return base64.b64decode(item[len(_DEFLATED) :], validate=True)
    except binascii.Error:
        raise ValueError("not a cache entry") from None


def _tree(text: str | None) -> Positions | None:
    """An item's position tree, or None for text that is not one (see _item_text)."""
    if text is None:
        return None
    try:
        tree = json.loads(text)
    except ValueError:
        return None
    return tree if isinstance(tree, list) and len(tree) >= 2 else None


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
    def deferred(cls, packed: Packed, lines: list[str] | None = None) -> SourceMap:
        """A map of packed positions (after loading, and when read from the cache), with the
        file's ``lines`` where a finding made later shows one (a config's)."""
        source = cls()
        source._packed = packed
        source._lines = lines
        return source

    def packed(self) -> Packed:
        return self._packed if self._packed is not None else pack_positions(self.positions)

    def pack(self) -> None:
        """Keep only the packed form of the positions (less memory), once the file is loaded,
        each item deflated.

        Its lines are let go too: every finding that shows a line of a measure file is made
        while the file is loaded (and the cache keeps it with the line), so the bytes held for
        them afterwards were never read (27 MB of a 20,000-measure draft)."""
        if self._packed is None:
            self._packed = pack_positions(self.positions, deflated=True)
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
                tree = _tree(_item_text(items[index]))
                if tree is None:
                    return (line, column), ()  # positions unknown: the file's start
                self._item = (index, tree)
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
    # Imported here, not with this module: a command answered from the parse cache reads no
    # YAML (PyYAML and the two readers were a tenth of a view's start-up).
    from . import yaml_fast
    from .yaml_exact import parse_exactly

    if yaml_fast.enabled():
        simple = yaml_fast.read_simple(text)
        if simple is not None:
            data, positions, typed_as = simple
            return YamlDocument(file, data, SourceMap(positions, text, typed_as), [])
    return parse_exactly(text, file)
