"""What a framework holds (``seta-align framework show``), as a view: so that a city sees what it
wrote before it checks a measure against it.

- what was read: the files in order, the name, the plan period, the fields, and that it checks
  clean (a framework with problems never reaches this view: the command lists them, located);
- each framework's levels with their counts;
- the tree: every node under its parent, with its level, fields and the SDGs it is related to;
- the relations, with those that cross from one file to another marked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import Text
from .model import DIM, POSITIVE, Cell, Column, Facts, Paragraph, Role, Table, View

if TYPE_CHECKING:
    from ..loading.framework import Framework

T = {
    "title": Text("フレームワーク: {name}", "Framework: {name}"),
    "files": Text("ファイル", "Files"),
    "period": Text("計画期間", "Plan period"),
    "fields": Text("分野", "Fields"),
    "nodes": Text("ノード", "Nodes"),
    "relations": Text("関係", "Relations"),
    "across": Text("{total}（ファイルをまたぐもの {across}）", "{total} ({across} across files)"),
    "clean": Text(
        "検査: 問題はありません（ID の重複、階層・分野・関係の参照先を確かめました）。",
        "Checked: no problem (unique ids; every level, field and relation end exists).",
    ),
    "levels": Text("階層ごとの件数", "Levels and their counts"),
    "key": Text("キー", "Key"),
    "level": Text("階層", "Level"),
    "count": Text("件数", "Count"),
    "unused": Text(
        "件数 0 の階層は、ノードがひとつもない階層です。",
        "A level with count 0 has no node.",
    ),
    "tree": Text("体系: {framework}（{file}）", "Tree: {framework} ({file})"),
    "tree_empty": Text("体系: {framework}（ノードなし）", "Tree: {framework} (no node)"),
    "bundled_tree": Text(
        "同梱のフレームワークの体系は seta-align framework show {modules} で表示できます。",
        "The bundled frameworks' trees: seta-align framework show {modules}.",
    ),
    "id": Text("ID", "ID"),
    "name": Text("名称", "Title"),
    "sdgs": Text("SDGs", "SDGs"),
    "relation_list": Text("フレームワーク間の関係", "Relations between frameworks"),
    "from": Text("元", "From"),
    "type": Text("種類", "Type"),
    "to": Text("先", "To"),
    "basis": Text("根拠", "Basis"),
    "inferred": Text("解釈", "inferred"),
    "stated": Text("明記", "stated"),
    "file_column": Text("ファイル", "File"),
    "ends_files": Text("両端のファイル", "Files of its ends"),
    "none": Text("なし", "none"),
}
TYPES = {
    "corresponds": Text("対応", "corresponds"),
    "realises": Text("実現", "realises"),
    "related": Text("関連", "related"),
}


def _t(key: str, lang: str, **values) -> str:
    return T[key].format(**values)(lang) if values else T[key](lang)


def framework_view(framework: Framework, lang: str) -> View:
    view = View(_t("title", lang, name=framework.name if lang == "ja" else (framework.name_en or framework.name)))
    nodes = framework.nodes
    across = sum(1 for relation in framework.relations if framework.crosses_files(relation))
    period = framework.plan_period
    fields = "、" if lang == "ja" else ", "
    view.blocks.append(
        Facts(
            [
                (_t("files", lang), Cell(" + ".join(m.name for m in framework.modules))),
                (
                    _t("period", lang),
                    Cell(f"FY{period[0]}–FY{period[1]}" if period else _t("none", lang)),
                ),
                (
                    _t("fields", lang),
                    Cell(
                        fields.join(
                            f"{key}（{value.title}）" if lang == "ja" else f"{key} ({value.title_en or value.title})"
                            for key, value in framework.fields.items()
                        )
                        or _t("none", lang)
                    ),
                ),
                (_t("nodes", lang), Cell(f"{len(nodes):,}", len(nodes))),
                (
                    _t("relations", lang),
                    Cell(_t("across", lang, total=len(framework.relations), across=across)),
                ),
            ],
            DIM,
        )
    )
    view.blocks.append(Paragraph(_t("clean", lang), POSITIVE))
    view.blocks.append(_levels(framework, lang))
    # The trees of the files the city wrote; a bundled module's only when nothing else is shown
    # (169 SDG targets under a city's 20 policies would bury them).
    own = [info for info in framework.frameworks.values() if not _bundled(framework, info)]
    for info in own or framework.frameworks.values():
        view.blocks.append(_tree(framework, info, lang))
    if own and len(own) < len(framework.frameworks):
        bundled = sorted({_file(framework, i) for i in framework.frameworks.values()} - {_file(framework, i) for i in own})
        view.blocks.append(Paragraph(_t("bundled_tree", lang, modules=" ".join(bundled)), DIM))
    if framework.relations:
        view.blocks.append(_relations(framework, lang))
    view.main = "levels"
    return view


def _file(framework: Framework, info) -> str:
    """The file a framework is defined in (its nodes are all in one file)."""
    return framework.nodes[info.roots[0]].file if info.roots else ""


def _bundled(framework: Framework, info) -> bool:
    return _file(framework, info).startswith("seta-align:")


def _levels(framework: Framework, lang: str) -> Table:
    counts = framework.level_counts()
    table = Table(
        _t("levels", lang),
        [
            Column(_t("key", lang), Role.ID),
            Column(_t("level", lang), Role.LABEL, weight=2),
            Column(_t("count", lang), Role.NUMBER),
            Column(_t("file_column", lang), Role.ID, priority=2),
        ],
        key="levels",
    )
    unused = False
    for info in framework.frameworks.values():
        for level in info.levels:
            count = counts.get(level.key, 0)
            unused = unused or count == 0
            title = level.title if lang == "ja" else (level.title_en or level.title)
            table.add(
                Cell(level.key),
                Cell(title),
                Cell(f"{count:,}", count, DIM if count == 0 else None),
                Cell(_file(framework, info)),
            )
    if unused:
        table.notes.append(_t("unused", lang))
    return table


def _tree(framework: Framework, info, lang: str) -> Table:
    nodes = framework.nodes
    related: dict[str, list[str]] = {}
    for relation in framework.relations:
        target = nodes[relation.target]
        if target.framework == "SDG" and nodes[relation.source].framework != "SDG":
            related.setdefault(relation.source, []).append(relation.target.removeprefix("SDG-"))
    levels = {level.id: level for level in info.levels}
    members = [nodes[n] for root in info.roots for n in (root, *framework.descendants(root))]
    # Only the columns this framework fills: the SDGs' own tree has no fields and no SDGs.
    with_fields = any(node.fields for node in members)
    with_sdgs = any(node.id in related for node in members)
    title = info.title if lang == "ja" else (info.title_en or info.title)
    columns = [
        Column(_t("id", lang), Role.ID),
        Column(_t("name", lang), Role.LABEL, weight=3),
        Column(_t("level", lang), Role.LABEL, priority=2),
    ]
    if with_fields:
        columns.append(Column(_t("fields", lang), Role.UNITS, priority=3))
    if with_sdgs:
        columns.append(Column(_t("sdgs", lang), Role.UNITS, priority=1))
    file = _file(framework, info)
    heading = f"{info.id} {title}"
    table = Table(
        _t("tree", lang, framework=heading, file=file) if file else _t("tree_empty", lang, framework=heading),
        columns,
        key=f"tree-{info.id}",
    )
    field_titles = {
        key: value.title if lang == "ja" else (value.title_en or value.title)
        for key, value in framework.fields.items()
    }
    # Depth first, without recursion; a child drawn under its parent with └ (and a full-width
    # space per level below the first), which every format keeps.
    stack = [(root, 0) for root in reversed(info.roots)]
    while stack:
        node_id, depth = stack.pop()
        node = nodes[node_id]
        lead = "" if depth == 0 else "\u3000" * (depth - 1) + "└ "
        level = levels.get(node.level)
        level_title = node.level if level is None else (
            level.title if lang == "ja" else (level.title_en or level.title)
        )
        cells = [Cell(node.id), Cell(lead + node.label(lang), node.title), Cell(level_title)]
        if with_fields:
            cells.append(Cell("・".join(field_titles.get(f, f) for f in node.fields), list(node.fields)))
        if with_sdgs:
            cells.append(Cell("・".join(related.get(node.id, []))))
        table.add(*cells)
        stack.extend((child, depth + 1) for child in reversed(node.children))
    return table


def _relations(framework: Framework, lang: str) -> Table:
    nodes = framework.nodes
    table = Table(
        _t("relation_list", lang),
        [
            Column(_t("from", lang), Role.ID),
            Column(_t("type", lang), Role.STATUS),
            Column(_t("to", lang), Role.ID),
            Column(_t("basis", lang), Role.STATUS, priority=2),
            Column(_t("ends_files", lang), Role.ID, priority=3),
        ],
        key="relations",
    )
    for relation in framework.relations:
        source, target = nodes[relation.source], nodes[relation.target]
        where = source.file if source.file == target.file else f"{source.file} → {target.file}"
        table.add(
            Cell(relation.source),
            Cell(TYPES[relation.type](lang), relation.type),
            Cell(relation.target),
            Cell(_t(relation.basis, lang), relation.basis, DIM if relation.basis == "inferred" else None),
            Cell(where),
        )
    return table
