"""The exact YAML reader: every value with its line and column, every problem located.

PyYAML's own loaders lose positions, keep the last of two duplicate keys silently and, through
implicit typing, turn ``8.10`` into the float ``8.1``. We therefore let PyYAML only *compose* the
node tree (no object construction, so no tag is ever executed) and build plain Python values
ourselves, recording where each came from and refusing what would silently lose data.
"""

from __future__ import annotations

import re

import yaml

from ..findings import Finding
from ..i18n import Text
from .yaml_source import Path_, SourceMap, YamlDocument, input_problem, syntax_problem
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


MAX_DEPTH = 100
# Values produced after alias expansion; bounds "billion laughs" documents.
# Values reached a second time through an alias (*name); bounds "billion laughs" documents
# quickly, while ordinary anchors (a shared list of tags, say) stay far below it.
MAX_ALIAS_EXPANSION = 100_000

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
