"""One id traced (``seta-align trace``), as a view.

- A measure: what it is (所管, 分野, file); every path from a node it supports up to the top of
  its framework, a row a node (``ECON-01 → PP-6.5 → PP-6``, then PP-6.5 and PP-6 with their
  titles); the SDG goals it serves, directly or through targets; the measures it depends on and
  those that depend on it; the ids it names that do not exist.
- A framework node: what it is (framework, level, fields); its ancestors, parent first; every
  measure serving it, directly or through a descendant (and which); those measures by owner and
  by field; its relations, both ways.

The figures come from analysis/trace.py; the JSON document (commands/trace.py) is data, not
this view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import Text
from .model import DIM, NEGATIVE, Cell, Column, Facts, Paragraph, Role, Table, View, scope

if TYPE_CHECKING:
    from ..analysis.trace import MeasureTrace, NodeTrace
    from ..engine import CheckContext

T = {
    "owner": Text("所管", "Owner"),
    "field": Text("分野", "Field"),
    "file": Text("ファイル", "File"),
    "paths": Text("貢献する政策（最上位まで）", "What it serves, up to the top of each framework"),
    "no_paths": Text("どのノードにも貢献していません。", "It serves no framework node."),
    "path": Text("経路", "Path"),
    "sdgs": Text("SDGs", "SDGs"),
    "no_sdgs": Text("SDGs のゴール・ターゲットへの紐づけはありません。", "It serves no SDG."),
    "goal": Text("ゴール", "Goal"),
    "direct": Text("直接", "Direct"),
    "targets": Text("ターゲット", "Targets"),
    "depends_on": Text("前提とする施策（depends_on）", "Measures it depends on (depends_on)"),
    "depended_on_by": Text("この施策を前提とする施策", "Measures that depend on it"),
    "unknown": Text(
        "存在しない ID（seta-align check で確認）", "Ids that do not exist (see seta-align check)"
    ),
    "framework": Text("フレームワーク", "Framework"),
    "level": Text("階層", "Level"),
    "ancestors": Text("上位のノード", "Ancestors"),
    "top": Text("上位のノード: なし（最上位）", "Ancestors: none (a top-level node)"),
    "measures": Text(
        "貢献する施策: {total}（直接 {direct}、下位経由 {through}）",
        "Measures serving it: {total} ({direct} direct, {through} through descendants)",
    ),
    "no_measures": Text(
        "このノードにも下位のノードにも貢献する施策はありません。",
        "No measure serves this node or any of its descendants.",
    ),
    "id": Text("ID", "ID"),
    "title": Text("名称", "Title"),
    "via": Text("経由", "Via"),
    "by_owner": Text("所管ごと", "By owner"),
    "by_field": Text("分野ごと", "By field"),
    "count": Text("件数", "Count"),
    "measure_ids": Text("施策", "Measures"),
    "relations": Text("関連（relations）", "Relations"),
    "direction": Text("向き", "Direction"),
    "type": Text("種類", "Type"),
    "note": Text("注記", "Note"),
    "no_relations": Text("関連（relations）: なし", "Relations: none"),
}
ARROWS = {"outgoing": "→", "incoming": "←"}


def _t(key: str, lang: str) -> str:
    return T[key](lang)


def _field_name(context: CheckContext, field_id: str, lang: str) -> str:
    definition = context.framework.fields.get(field_id)
    if definition is None:
        return field_id
    title = definition.title if lang == "ja" else definition.title_en or definition.title
    return f"{field_id} {title}"


def _measure_title(context: CheckContext, measure_id: str, lang: str) -> str:
    measure = context.measures[measure_id].measure
    return measure.title if lang == "ja" else measure.title_en or measure.title


def _framework_title(context: CheckContext, framework_id: str, lang: str) -> str:
    info = context.framework.frameworks[framework_id]
    return info.title if lang == "ja" else info.title_en or info.title


def _measures_table(context: CheckContext, key: str, ids: list[str], lang: str) -> Table:
    table = Table(
        _t(key, lang),
        [
            Column(_t("id", lang), Role.ID),
            Column(_t("title", lang), Role.LABEL, weight=3),
            Column(_t("owner", lang), Role.LABEL, priority=1),
        ],
        key=key,
    )
    for measure_id in ids:
        table.add(
            measure_id,
            _measure_title(context, measure_id, lang),
            context.measures[measure_id].measure.owner,
        )
    return table


def measure_view(context: CheckContext, traced: MeasureTrace, lang: str) -> View:
    framework = context.framework
    loaded = context.measures[traced.measure_id]
    view = View(
        f"{traced.measure_id} {_measure_title(context, traced.measure_id, lang)}", main="paths"
    )
    view.blocks += scope(context, lang)
    view.blocks.append(
        Facts(
            [
                (_t("owner", lang), Cell(loaded.measure.owner)),
                (_t("field", lang), Cell(_field_name(context, loaded.measure.field, lang))),
                (_t("file", lang), Cell(str(loaded.file))),
            ],
            DIM,
        )
    )

    # A row a node on each path, under the path it is on: the chain of ids says the route at a
    # glance, the rows name each step (a spreadsheet gets the chain on every row, to sort by).
    paths = Table(
        _t("paths", lang),
        [
            Column(_t("framework", lang), Role.ID),
            Column(_t("path", lang), Role.NOTE, weight=2),
            Column(_t("id", lang), Role.ID),
            Column(_t("title", lang), Role.NOTE, weight=3),
        ],
        key="paths",
        empty=_t("no_paths", lang),
    )
    for framework_id, chains in traced.paths.items():
        for chain in chains:
            route = " → ".join([traced.measure_id, *chain])
            for step, node_id in enumerate(chain):
                paths.add(
                    Cell(framework_id if step == 0 else "", framework_id),
                    Cell(route if step == 0 else "", route),
                    node_id,
                    framework.nodes[node_id].label(lang),
                )
    view.blocks.append(paths)

    goals = Table(
        _t("sdgs", lang),
        [
            Column(_t("goal", lang), Role.ID),
            Column(_t("title", lang), Role.LABEL, weight=2),
            Column(_t("direct", lang), Role.MARK),
            Column(_t("targets", lang), Role.UNITS, weight=2, priority=1),
        ],
        key="sdgs",
        empty=_t("no_sdgs", lang),
    )
    for goal in traced.sdg_goals:
        identifier = Cell(goal.id)
        identifier.colour = goal.color
        goals.add(
            identifier,
            framework.nodes[goal.id].label(lang),
            Cell("●" if goal.direct else "", goal.direct),
            "・".join(goal.targets) or "–",
        )
    view.blocks.append(goals)

    for key, ids in (("depends_on", traced.depends_on), ("depended_on_by", traced.depended_on_by)):
        view.blocks.append(_measures_table(context, key, ids, lang))

    unknown = traced.unknown_supports + traced.unknown_depends_on
    if unknown:
        view.blocks.append(Paragraph(meaning=NEGATIVE, lead=_t("unknown", lang), items=unknown))
    return view


def node_view(context: CheckContext, traced: NodeTrace, lang: str) -> View:
    framework = context.framework
    node = framework.nodes[traced.node_id]
    level = framework.level(node.level_key)
    view = View(f"{node.id} {node.label(lang)}", main="measures")
    view.blocks += scope(context, lang)
    facts = [
        (
            _t("framework", lang),
            Cell(f"{node.framework} {_framework_title(context, node.framework, lang)}"),
        )
    ]
    if level is not None:
        facts.append(
            (_t("level", lang), Cell(level.title if lang == "ja" else level.title_en or level.title))
        )
    if node.fields:
        fields = ", ".join(_field_name(context, f, lang) for f in node.fields)
        facts.append((_t("field", lang), Cell(fields)))
    view.blocks.append(Facts(facts, DIM))

    if traced.ancestors:
        ancestors = Table(
            _t("ancestors", lang),
            [
                Column(_t("level", lang), Role.LABEL, priority=1),
                Column(_t("id", lang), Role.ID),
                Column(_t("title", lang), Role.LABEL, weight=3),
            ],
            key="ancestors",
        )
        for ancestor_id in traced.ancestors:
            ancestor = framework.nodes[ancestor_id]
            ancestor_level = framework.level(ancestor.level_key)
            ancestors.add(
                (ancestor_level.title if lang == "ja" else ancestor_level.title_en or ancestor_level.title)
                if ancestor_level is not None
                else ancestor.level,
                ancestor_id,
                ancestor.label(lang),
            )
        view.blocks.append(ancestors)
    else:
        view.blocks.append(Paragraph(_t("top", lang), DIM))

    direct = sum(1 for m in traced.measures if node.id in m.via)
    title = T["measures"].format(
        total=len(traced.measures), direct=direct, through=len(traced.measures) - direct
    )(lang)
    measures = Table(
        title,
        [
            Column(_t("id", lang), Role.ID),
            Column(_t("title", lang), Role.LABEL, weight=3),
            Column(_t("owner", lang), Role.LABEL, priority=2),
            Column(_t("field", lang), Role.ID, priority=3),
            Column(_t("via", lang), Role.UNITS, priority=1),
        ],
        key="measures",
        empty=_t("no_measures", lang),
    )
    for serving in traced.measures:
        measure = context.measures[serving.id].measure
        via = [_t("direct", lang) if v == node.id else v for v in serving.via]
        measures.add(
            serving.id,
            _measure_title(context, serving.id, lang),
            measure.owner,
            measure.field,
            "・".join(via),
        )
    view.blocks.append(measures)
    if traced.measures:
        for key, groups, heading, name in (
            ("by_owner", traced.by_owner, "owner", lambda owner: owner),
            ("by_field", traced.by_field, "field", lambda f: _field_name(context, f, lang)),
        ):
            grouped = Table(
                _t(key, lang),
                [
                    Column(_t(heading, lang), Role.LABEL),
                    Column(_t("count", lang), Role.NUMBER),
                    Column(_t("measure_ids", lang), Role.UNITS, weight=3),
                ],
                key=key,
            )
            for group, ids in groups.items():
                grouped.add(name(group), Cell(str(len(ids)), len(ids)), "・".join(ids))
            view.blocks.append(grouped)

    if not traced.relations:
        view.blocks.append(Paragraph(_t("no_relations", lang), DIM))
        return view
    relations = Table(
        _t("relations", lang),
        [
            Column(_t("direction", lang), Role.MARK),
            Column(_t("id", lang), Role.ID),
            Column(_t("title", lang), Role.LABEL, weight=3),
            Column(_t("type", lang), Role.ID, priority=1),
            Column(_t("note", lang), Role.NOTE, weight=2, priority=2),
        ],
        key="relations",
    )
    for link in traced.relations:
        relations.add(
            Cell(ARROWS[link.direction], link.direction),
            link.other,
            framework.nodes[link.other].label(lang),
            link.type,
            link.note or "",
        )
    view.blocks.append(relations)
    return view
