"""An imported 施策体系表 written as a framework file (docs/framework.md).

Every text is a double-quoted scalar (JSON string syntax, which is YAML): a title such as
「1.5」 or 「yes」 stays text, and the file reads back as exactly the tree that was imported.
"""

from __future__ import annotations

import json
import re

from .framework_table import ImportedNode, ImportedTree
from .yaml_out import comment_text

SCHEMA_VERSION = 1


# What YAML may hold as it is (its printable set), less NEL, LS and PS, which it reads as line
# breaks, and the byte-order mark: every other character is written as an escape.
_NOT_AS_IS = re.compile("[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")


def q(value: str) -> str:
    """A double-quoted YAML scalar: JSON's escapes (quotes, backslashes, C0 controls), and
    ``\\uXXXX`` for the characters YAML would not read back as written (C1 controls, NEL, the
    line and paragraph separators, U+FEFF)."""
    quoted = json.dumps(value, ensure_ascii=False)
    return _NOT_AS_IS.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def framework_yaml(
    tree: ImportedTree,
    *,
    name: str,
    framework_id: str,
    source: str,
    sheet: str,
    today: str,
    output_name: str,
    plan_period: tuple[int, int] | None = None,
) -> str:
    shown_source, shown_sheet = comment_text(source), comment_text(sheet)
    lines = [
        f"# seta-align のフレームワークファイル。{shown_source}（シート「{shown_sheet}」）から "
        f"seta-align framework import で作成（{today}）。",
        f"# A framework file made by seta-align framework import from {shown_source} (sheet "
        f"'{shown_sheet}') on {today}.",
        "# SDGs と組み合わせて使います / Use it with the SDGs, in seta-align.yaml:",
        f"#   framework: [{comment_text(output_name)}, seta-align:sdgs]",
        "# 書式 / format: docs/framework.md",
        f"schema_version: {SCHEMA_VERSION}",
        f"name: {q(name)}",
    ]
    if plan_period is not None:
        lines.append(f"plan_period: {{start: {plan_period[0]}, end: {plan_period[1]}}}")
    if tree.fields:
        lines.append("fields:")
        for field_def in tree.fields.values():
            lines.append(f"  - {{id: {q(field_def.id)}, title: {q(field_def.title)}}}")
    lines += [
        "frameworks:",
        f"  - id: {q(framework_id)}",
        f"    title: {q(name)}",
        f"    source: {q(f'{source}（{sheet}）')}",
        "    levels:",
    ]
    for level in tree.columns.levels:
        english = f", title_en: {q(level.title_en)}" if level.title_en else ""
        lines.append(f"      - {{id: {q(level.id)}, title: {q(level.heading)}{english}}}")
    lines.append("    nodes:" if tree.roots else "    nodes: []")
    # Iterative, children after their parent at two more spaces: a deep sheet is no recursion.
    stack: list[tuple[ImportedNode, int]] = [(node, 6) for node in reversed(tree.roots)]
    while stack:
        node, indent = stack.pop()
        pad = " " * indent
        lines.append(f"{pad}- id: {q(node.id)}")
        lines.append(f"{pad}  title: {q(node.title)}")
        if node.fields:
            lines.append(f"{pad}  fields: [{', '.join(q(f) for f in node.fields)}]")
        if node.note:
            lines.append(f"{pad}  note: {q(node.note)}")
        if node.children:
            lines.append(f"{pad}  children:")
            stack.extend((child, indent + 4) for child in reversed(node.children))
    relations = [(node.id, sdg) for node in tree.walk() for sdg in node.sdgs]
    if relations:
        lines.append("# 各ノードと SDGs の対応（表の SDGs の列から）/ From the sheet's SDGs column:")
        lines.append("relations:")
        for node_id, sdg in relations:
            lines.append(f"  - {{from: {q(node_id)}, to: {q(sdg)}, type: \"related\"}}")
    return "\n".join(lines) + "\n"
