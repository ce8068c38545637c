"""``seta-align trace ID``: what a measure serves, or which measures serve a framework node."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from ..app import (
    ColorOpt,
    ConfigOpt,
    FrameworkOpt,
    LangOpt,
    PathsArg,
    QuietOpt,
    SampleOpt,
    app,
    chosen_lang,
)
from ..i18n import Text

if TYPE_CHECKING:
    from rich.console import Console

    from ..analysis.trace import MeasureTrace, NodeTrace, Resolved
    from ..engine import CheckContext
    from ..i18n import Lang

SCHEMA_VERSION = 1


class TraceFormat(StrEnum):
    rich = "rich"
    json = "json"


@app.command()
def trace(
    identifier: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="施策 ID またはフレームワークのノード ID（全角可）/ A measure id or a framework "
            "node id (full-width input is normalised).",
            show_default=False,
        ),
    ],
    paths: PathsArg = None,
    framework: FrameworkOpt = None,
    config: ConfigOpt = None,
    lang: LangOpt = None,
    output_format: Annotated[
        TraceFormat, typer.Option("--format", "-f", help="出力形式 / Output format.")
    ] = TraceFormat.rich,
    sample: SampleOpt = False,
    quiet: QuietOpt = False,
    color: ColorOpt = None,
) -> None:
    """施策が貢献する政策を最上位までたどり、またはノードに貢献する施策を一覧します。

    Trace one id. For a measure: every path from each node it supports up to the root of its
    framework (ECON-01 → ORD-1.2 → ORD-1), grouped by framework; the SDG goals and targets it
    serves; the measures it depends on and those depending on it. For a framework node: every
    measure serving it directly or through a descendant (and which one), grouped by owner
    (所管) and field (分野); its ancestors; its relations, both directions.

    --format json prints one document (docs/json-output.md): schema_version, tool, command
    ("trace"), query (as typed), id (as resolved), kind ("measure" or "node"), framework
    (file, name). For a measure: measure (id, title, title_en, owner, field, file), frameworks
    (id, title, title_en, paths: lists of nodes from the supported node up to the root; a node
    is id, framework, level, title, title_en), sdgs (id, title, title_en, color, direct,
    targets), depends_on and depended_on_by (measures), unknown (supports, depends_on: ids
    that name nothing). For a node: node (with parent and fields), ancestors (parent first),
    measures (with direct and via: the node itself or the descendants it supports),
    by_owner (owner, measures), by_field (field, title, title_en, measures), relations
    (direction "outgoing" or "incoming", type, note, node).

    Exit codes: 0 traced; 2 unknown id or unusable input; 3 internal error.
    """
    from rich.console import Console

    from ..analysis.trace import MEASURE, resolve_id, trace_measure, trace_node
    from ._draft import load_whole_draft

    language = chosen_lang(lang)
    console = Console(highlight=False, soft_wrap=False, stderr=output_format is TraceFormat.json)
    result = load_whole_draft(
        paths, framework, config, language, stderr=output_format is TraceFormat.json, sample=sample)
    context = result.context

    resolved = resolve_id(context, identifier)
    if resolved.id is None:
        typer.echo(f"seta-align: {resolved.error()(language)}", err=True)
        raise typer.Exit(2)
    if resolved.normalised:
        typer.echo(f"seta-align: {resolved.info()(language)}", err=True)

    traced = (
        trace_measure(context, resolved.id)
        if resolved.kind == MEASURE
        else trace_node(context, resolved.id)
    )
    if output_format is TraceFormat.json:
        import json

        document = trace_document(context, resolved, traced)
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    elif resolved.kind == MEASURE:
        _render_measure(console, context, traced, language)
    else:
        _render_node(console, context, traced, language)


# --- JSON --------------------------------------------------------------------------------------


def _node(context: CheckContext, node_id: str) -> dict:
    node = context.framework.nodes[node_id]
    return {
        "id": node.id,
        "framework": node.framework,
        "level": node.level,
        "title": node.title,
        "title_en": node.title_en,
    }


def _measure(context: CheckContext, measure_id: str) -> dict:
    loaded = context.measures[measure_id]
    measure = loaded.measure
    return {
        "id": measure.id,
        "title": measure.title,
        "title_en": measure.title_en,
        "owner": measure.owner,
        "field": measure.field,
        "file": loaded.file,
    }


def trace_document(
    context: CheckContext, resolved: Resolved, traced: MeasureTrace | NodeTrace
) -> dict:
    """The ``--format json`` document (see docs/json-output.md)."""
    from .. import __version__
    from ..analysis.trace import MeasureTrace

    framework = context.framework
    document: dict = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "seta-align", "version": __version__},
        "command": "trace",
        "query": resolved.query,
        "id": resolved.id,
        "kind": resolved.kind,
        "framework": {"file": framework.display_name, "name": framework.name},
    }
    if isinstance(traced, MeasureTrace):
        document["measure"] = _measure(context, traced.measure_id)
        document["frameworks"] = [
            {
                "id": framework_id,
                "title": framework.frameworks[framework_id].title,
                "title_en": framework.frameworks[framework_id].title_en,
                "paths": [[_node(context, n) for n in path] for path in paths],
            }
            for framework_id, paths in traced.paths.items()
        ]
        document["sdgs"] = [
            {
                "id": goal.id,
                "title": framework.nodes[goal.id].title,
                "title_en": framework.nodes[goal.id].title_en,
                "color": goal.color,
                "direct": goal.direct,
                "targets": [_node(context, t) for t in goal.targets],
            }
            for goal in traced.sdg_goals
        ]
        document["depends_on"] = [_measure(context, m) for m in traced.depends_on]
        document["depended_on_by"] = [_measure(context, m) for m in traced.depended_on_by]
        document["unknown"] = {
            "supports": traced.unknown_supports,
            "depends_on": traced.unknown_depends_on,
        }
        return document

    node = framework.nodes[traced.node_id]
    document["node"] = {
        **_node(context, node.id),
        "parent": node.parent,
        "fields": list(node.fields),
    }
    document["ancestors"] = [_node(context, a) for a in traced.ancestors]
    document["measures"] = [
        {**_measure(context, m.id), "direct": node.id in m.via, "via": m.via}
        for m in traced.measures
    ]
    document["by_owner"] = [
        {"owner": owner, "measures": ids} for owner, ids in traced.by_owner.items()
    ]
    document["by_field"] = [
        {
            "field": field_id,
            "title": framework.fields[field_id].title if field_id in framework.fields else None,
            "title_en": framework.fields[field_id].title_en
            if field_id in framework.fields
            else None,
            "measures": ids,
        }
        for field_id, ids in traced.by_field.items()
    ]
    document["relations"] = [
        {
            "direction": link.direction,
            "type": link.type,
            "note": link.note,
            "node": _node(context, link.other),
        }
        for link in traced.relations
    ]
    return document


# --- Tables and trees for people ---------------------------------------------------------------

T = {
    "owner": Text("所管", "Owner"),
    "field": Text("分野", "Field"),
    "file": Text("ファイル", "File"),
    "paths": Text("貢献する政策（最上位まで）", "What it serves, up to the top of each framework"),
    "no_paths": Text("どのノードにも貢献していません。", "It serves no framework node."),
    "sdgs": Text("SDGs", "SDGs"),
    "no_sdgs": Text("SDGs のゴール・ターゲットへの紐づけはありません。", "It serves no SDG."),
    "direct": Text("直接", "direct"),
    "depends_on": Text("前提とする施策（depends_on）", "Measures it depends on (depends_on)"),
    "depended_on_by": Text("この施策を前提とする施策", "Measures that depend on it"),
    "none": Text("なし", "none"),
    "unknown": Text(
        "存在しない ID（seta-align check で確認）",
        "Ids that do not exist (see seta-align check)",
    ),
    "ancestors": Text("上位のノード", "Ancestors"),
    "top": Text("なし（最上位）", "none (a top-level node)"),
    "measures": Text("貢献する施策", "Measures serving it"),
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
    "relations": Text("関連（relations）", "Relations"),
    "outgoing": Text("→", "→"),
    "incoming": Text("←", "←"),
}


def _t(key: str, lang: Lang) -> str:
    return T[key](lang)


def _id_title(identifier, title: str, note=None):
    """An id and its title side by side; a long title folds under itself, not under the id."""
    from rich.table import Table
    from rich.text import Text as RichText

    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    label = identifier if isinstance(identifier, RichText) else RichText(identifier, style="bold")
    text = RichText(title)
    if note is not None:
        text.append(note)
    grid.add_row(label, text)
    return grid


def _node_label(context: CheckContext, node_id: str, lang: Lang, note=None):
    return _id_title(node_id, context.framework.nodes[node_id].label(lang), note)


def _measure_title(context: CheckContext, measure_id: str, lang: Lang) -> str:
    measure = context.measures[measure_id].measure
    return measure.title if lang == "ja" else measure.title_en or measure.title


def _measure_label(context: CheckContext, measure_id: str, lang: Lang):
    return _id_title(measure_id, _measure_title(context, measure_id, lang))


def _field_name(context: CheckContext, field_id: str, lang: Lang) -> str:
    definition = context.framework.fields.get(field_id)
    if definition is None:
        return field_id
    return f"{field_id} {definition.title if lang == 'ja' else definition.title_en or definition.title}"


def _heading(text: str):
    from rich.text import Text as RichText

    return RichText("\n" + text, style="bold underline")


def _render_measure(console: Console, context: CheckContext, traced: MeasureTrace, lang: Lang):
    from rich.text import Text as RichText
    from rich.tree import Tree

    from ..renderers.colours import text_colour

    loaded = context.measures[traced.measure_id]
    framework = context.framework
    console.print(_measure_label(context, traced.measure_id, lang))
    details = RichText(style="dim")
    details.append(f"{_t('owner', lang)}: {loaded.measure.owner} · ")
    details.append(f"{_t('field', lang)}: {_field_name(context, loaded.measure.field, lang)} · ")
    details.append(f"{_t('file', lang)}: {loaded.file}")
    console.print(details)

    console.print(_heading(_t("paths", lang)))
    if not traced.paths:
        console.print(RichText(_t("no_paths", lang), style="red"))
    for framework_id, paths in traced.paths.items():
        info = framework.frameworks[framework_id]
        tree = Tree(
            RichText(
                f"{framework_id}  {info.title if lang == 'ja' else info.title_en or info.title}",
                style="bold blue",
            )
        )
        for path in paths:
            branch = tree.add(RichText(" → ".join([traced.measure_id, *path]), style="bold"))
            for node_id in path:
                branch.add(_node_label(context, node_id, lang))
        console.print(tree)

    console.print(_heading(_t("sdgs", lang)))
    if not traced.sdg_goals:
        console.print(RichText(_t("no_sdgs", lang), style="dim"))
    for goal in traced.sdg_goals:
        badge = RichText(
            f" {goal.id} ",
            style=f"bold {text_colour(goal.color)} on {goal.color}"
            if goal.color
            else "bold reverse",
        )
        direct = RichText(f"  ({_t('direct', lang)})", style="dim") if goal.direct else None
        tree = Tree(_id_title(badge, framework.nodes[goal.id].label(lang), direct))
        for target in goal.targets:
            tree.add(_node_label(context, target, lang))
        console.print(tree)

    for key, ids in (
        ("depends_on", traced.depends_on),
        ("depended_on_by", traced.depended_on_by),
    ):
        console.print(_heading(_t(key, lang)))
        if not ids:
            console.print(RichText(_t("none", lang), style="dim"))
        for measure_id in ids:
            console.print(_measure_label(context, measure_id, lang))

    unknown = traced.unknown_supports + traced.unknown_depends_on
    if unknown:
        console.print(_heading(_t("unknown", lang)))
        console.print(RichText(", ".join(unknown), style="red"))


def _render_node(console: Console, context: CheckContext, traced: NodeTrace, lang: Lang):
    from rich import box
    from rich.table import Table
    from rich.text import Text as RichText

    framework = context.framework
    node = framework.nodes[traced.node_id]
    info = framework.frameworks[node.framework]
    level = framework.level(node.level_key)
    console.print(_node_label(context, node.id, lang))
    details = RichText(style="dim")
    details.append(
        f"{node.framework} {info.title if lang == 'ja' else info.title_en or info.title}"
    )
    if level is not None:
        details.append(f" · {level.title if lang == 'ja' else level.title_en or level.title}")
    if node.fields:
        fields = ", ".join(_field_name(context, f, lang) for f in node.fields)
        details.append(f" · {_t('field', lang)}: {fields}")
    console.print(details)

    console.print(_heading(_t("ancestors", lang)))
    if not traced.ancestors:
        console.print(RichText(_t("top", lang), style="dim"))
    for depth, ancestor in enumerate(traced.ancestors):
        console.print(
            _id_title(
                RichText("  " * depth + "↑ ").append(ancestor, style="bold"),
                framework.nodes[ancestor].label(lang),
            )
        )

    direct = sum(1 for m in traced.measures if node.id in m.via)
    total, through = len(traced.measures), len(traced.measures) - direct
    counts = Text(
        f"{T['measures'].ja}: {total}（直接 {direct}、下位経由 {through}）",
        f"{T['measures'].en}: {total} ({direct} direct, {through} through descendants)",
    )
    console.print(_heading(counts(lang)))
    if not traced.measures:
        console.print(RichText(_t("no_measures", lang), style="yellow"))
    else:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column(_t("id", lang), no_wrap=True, style="bold")
        table.add_column(_t("title", lang), overflow="fold", ratio=1)
        table.add_column(_t("owner", lang))
        table.add_column(_t("field", lang), no_wrap=True)
        table.add_column(_t("via", lang))
        for serving in traced.measures:
            measure = context.measures[serving.id].measure
            via = [_t("direct", lang) if v == node.id else v for v in serving.via]
            table.add_row(
                serving.id,
                RichText(_measure_title(context, serving.id, lang)),
                RichText(measure.owner),
                measure.field,
                ", ".join(via),
            )
        console.print(table)

        for key, groups, name in (
            ("by_owner", traced.by_owner, lambda owner: owner),
            ("by_field", traced.by_field, lambda f: _field_name(context, f, lang)),
        ):
            table = Table(
                title=RichText(_t(key, lang), style="bold"),
                title_justify="left",
                box=box.SIMPLE_HEAD,
                pad_edge=False,
            )
            table.add_column(_t("owner" if key == "by_owner" else "field", lang))
            table.add_column(_t("count", lang), justify="right")
            table.add_column(_t("measures", lang), overflow="fold", ratio=1)
            for group, ids in groups.items():
                table.add_row(RichText(name(group)), str(len(ids)), ", ".join(ids))
            console.print(table)

    console.print(_heading(_t("relations", lang)))
    if not traced.relations:
        console.print(RichText(_t("none", lang), style="dim"))
    for link in traced.relations:
        arrow = RichText(f"{_t(link.direction, lang)} ").append(link.other, style="bold")
        note = RichText(f"  ({link.type})", style="cyan")
        if link.note:
            note.append(f"\n{link.note}", style="dim")
        console.print(_id_title(arrow, framework.nodes[link.other].label(lang), note))
