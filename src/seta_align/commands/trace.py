"""``seta-align trace ID``: what a measure serves, or which measures serve a framework node."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ..app import (
    ColorOpt,
    ConfigOpt,
    ForceOpt,
    FrameworkOpt,
    LangOpt,
    OutputOpt,
    PathsArg,
    QuietOpt,
    SampleOpt,
    app,
    chosen_lang,
)
from .formats import format_choices, format_for, format_option, write_view

if TYPE_CHECKING:
    from ..analysis.trace import MeasureTrace, NodeTrace, Resolved
    from ..engine import CheckContext

SCHEMA_VERSION = 1

TraceFormat = format_choices("TraceFormat", "rich", "json", "csv", "xlsx", "markdown", "html")


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
    output_format: format_option(TraceFormat) = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
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
    from ..analysis.trace import MEASURE, resolve_id, trace_measure, trace_node
    from ..atomic import emit, refuse_existing, require_output_file, to_stdout
    from ._draft import load_whole_draft

    language = chosen_lang(lang)
    chosen = output_format or format_for(output, TraceFormat, language, text_suffixes=(".txt", ""))
    if chosen is TraceFormat.xlsx:
        require_output_file(output, chosen.value, lang=language)
    refuse_existing(output, force=force, lang=language)
    # Problems with the input go to stderr when stdout is data (JSON, CSV …), not a screen.
    to_screen = chosen is TraceFormat.rich and to_stdout(output)
    result = load_whole_draft(
        paths, framework, config, language, stderr=not to_screen, sample=sample)
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
    if chosen is TraceFormat.json:
        import json

        document = trace_document(context, resolved, traced)
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        emit(output, text, force=force, lang=language)
        return
    from ..views.trace import measure_view, node_view

    view = (
        measure_view(context, traced, language)
        if resolved.kind == MEASURE
        else node_view(context, traced, language)
    )
    write_view(view, chosen.value, output, force=force, lang=language)


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
