"""``seta-align graph``: the alignment graph as GraphML, GEXF, DOT or Mermaid, or with
``--impacts`` the signed network of the impact pre-assessment."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

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
    say,
)
from ..i18n import Text


class GraphFormat(StrEnum):
    graphml = "graphml"
    gexf = "gexf"
    dot = "dot"
    mermaid = "mermaid"
    png = "png"
    svg = "svg"


# Pictures drawn with matplotlib (the pictures extra): -o suffix -> format.
PICTURE_SUFFIXES = {".png": "png", ".svg": "svg"}


NO_ASSESSMENT = Text(
    "注意: impacts を書いた施策も相互作用ファイルもありません。supports を +1 として描きます"
    "（docs/impacts.md）。",
    "Note: no measure has impacts and there is no interactions file; supports are drawn as "
    "+1 each (docs/impacts.md).",
)


def _fail(message: Text, lang: str) -> typer.Exit:
    typer.echo(f"seta-align: {message(lang)}", err=True)
    return typer.Exit(2)


@app.command()
def graph(
    paths: PathsArg = None,
    framework: FrameworkOpt = None,
    config: ConfigOpt = None,
    output_format: Annotated[
        GraphFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="出力形式（既定: -o の拡張子から。-o なしなら mermaid。png・svg は追加の "
            "pictures が必要）/ Output format (default: from the suffix of -o: .graphml, .gexf, "
            ".dot/.gv, .mmd/.mermaid/.md, .png, .svg; without -o: mermaid on stdout). png and "
            "svg need the pictures extra.",
            show_default=False,
        ),
    ] = None,
    around: Annotated[
        str | None,
        typer.Option(
            "--around",
            help="この ID の周辺だけを出力 / Keep only the neighbourhood of this measure or "
            "node id.",
            show_default=False,
        ),
    ] = None,
    depth: Annotated[
        int | None,
        typer.Option(
            "--depth",
            help="--around からの距離（辺の向きは問わない、既定 1）/ Hops from --around, "
            "edges in either direction (default 1).",
            show_default=False,
        ),
    ] = None,
    impacts: Annotated[
        bool,
        typer.Option(
            "--impacts",
            help="影響の予測評価を符号付きのネットワークとして出力（緑: 正、赤: 負、線の太さ: "
            "|点数|、破線: 相互作用）/ The impact pre-assessment as a signed network: measures "
            "and what they impact, and the interactions between targets; green positive, red "
            "negative, width by |score|, interactions dashed.",
        ),
    ] = False,
    output: OutputOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    sample: SampleOpt = False,
    quiet: QuietOpt = False,
    color: ColorOpt = None,
) -> None:
    """政策・施策の紐づけをグラフとして出力します（Gephi・yEd・Graphviz・GitHub の Mermaid 用）。

    Export the alignment graph: framework nodes and measures, with edges parent (node → child),
    supports (measure → node), depends_on (measure → measure) and relation (from the framework
    file). Node attributes: kind, framework, level, title, title_en, short_title,
    short_title_en, fields (joined with ;), owner, file, and color (SDG colours); edge
    attributes: kind, relation_type, note.

    GraphML and GEXF are for Gephi and yEd; DOT for Graphviz; Mermaid (flowchart LR) for
    GitHub Markdown, where an .md output is wrapped in a mermaid code fence. PNG and SVG are
    pictures for papers (the pictures extra: pip install 'seta-align[pictures]'): measures by
    owner in the middle, plan and ordinance nodes on the left, SDG goals on the right, each
    link drawn to the top-level node it falls under. Without --format the format follows the
    suffix of -o; without -o, Mermaid is printed (SVG can be printed too; PNG needs -o).
    Titles in DOT and Mermaid boxes are shortened; the attributes keep them whole.

    With --impacts: the impact pre-assessment (docs/impacts.md) instead — measures, the nodes
    and measures they impact (supports counting +1) and the interactions file's target →
    target scores; edges kind (impact, interaction), score (signed), weight (|score|), sign,
    scale, scale_ja, note, mitigation, evidence; measures add positive, negative,
    second_order and net, and nodes their synergy cluster. Pictures draw positive impacts
    green and negative ones red, width by |score|, interactions dashed, with a legend; its
    SVG is written by seta-align itself (text stays text) and needs no extra.

    Exit codes: 0 written; 2 unknown --around id, unusable input, or an output file that
    exists (add --force).
    """

    from ..analysis.trace import resolve_id
    from ..exporters import graph_formats
    from ._draft import load_whole_draft

    language = chosen_lang(lang)
    if depth is not None and around is None:
        raise _fail(
            Text("--depth は --around と一緒に使います。", "--depth needs --around."), language
        )
    if depth is not None and depth < 0:
        raise _fail(
            Text(
                f"--depth は 0 以上にしてください（{depth} が指定されました）。",
                f"--depth must be 0 or more (got {depth}).",
            ),
            language,
        )
    from ..atomic import emit, to_stdout

    chosen = output_format.value if output_format else None
    if chosen is None:
        if to_stdout(output):
            chosen = "mermaid"
        else:
            chosen = graph_formats.format_for(output) or PICTURE_SUFFIXES.get(output.suffix.lower())
            if chosen is None:
                raise _fail(
                    Text(
                        f"「{output}」の拡張子から出力形式を決められません。--format を"
                        "指定してください（graphml, gexf, dot, mermaid, png, svg）。",
                        f"Cannot tell the format from the suffix of '{output}'. Give "
                        "--format (graphml, gexf, dot, mermaid, png, svg).",
                    ),
                    language,
                )
    from ..atomic import refuse_existing, require_output_file

    # The impact network's SVG is our own writer's: only PNG needs matplotlib then.
    needs_matplotlib = chosen == "png" or (chosen == "svg" and not impacts)
    if chosen == "png":
        require_output_file(output, chosen, lang=language)
    if needs_matplotlib:
        from ..exporters.pictures import require

        require(language)

    refuse_existing(output, force=force, lang=language)
    result = load_whole_draft(paths, framework, config, language, sample=sample)
    context = result.context

    if impacts:
        from ..analysis.impacts import analyse

        if context.interactions is None and not any(
            loaded.measure.impacts for loaded in context.measures.values()
        ):
            say(f"seta-align: {NO_ASSESSMENT(language)}")
        exported = graph_formats.impact_graph(context, analyse(context))
    else:
        exported = graph_formats.alignment_graph(context)
    if around is not None:
        resolved = resolve_id(context, around)
        if resolved.id is None:
            raise _fail(resolved.error(), language)
        if resolved.normalised:
            typer.echo(f"seta-align: {resolved.info()(language)}", err=True)
        exported = graph_formats.neighbourhood(exported, resolved.id, 1 if depth is None else depth)

    if chosen in PICTURE_SUFFIXES.values():
        from ..exporters.network_layout import impact_layout, layout
        from ..exporters.pictures import MAX_PICTURE_NODES, picture_too_large

        if impacts:
            laid = impact_layout(exported, context.framework, language)
        else:
            laid = layout(exported, context.framework, language)
        refusal = picture_too_large(
            len(laid.nodes),
            MAX_PICTURE_NODES,
            Text("ノード", "nodes"),
            Text(
                "--around ID --depth N で絞り込むか、graphml / gexf で出力してください。",
                "Narrow it with --around ID --depth N, or write graphml or gexf.",
            ),
        )
        if refusal is not None:
            raise _fail(refusal, language)
        if impacts and chosen == "svg":
            from ..exporters.network_drawing import render as render_svg

            picture = render_svg(laid, language, standalone=True)
        else:
            from ..exporters.pictures import network_picture

            picture = network_picture(laid, chosen, language)
        emit(output, picture, force=force, lang=language)
        return

    fenced = chosen == "mermaid" and not to_stdout(output) and output.suffix.lower() == ".md"
    text = graph_formats.render(exported, chosen, language, fenced=fenced)
    if chosen == "mermaid" and graph_formats.mermaid_too_large(exported, text):
        note = Text(
            f"注意: 辺 {exported.number_of_edges()} 本・{len(text)} 文字のため、Mermaid（GitHub）の"
            f"既定の上限（辺 {graph_formats.MERMAID_MAX_EDGES} 本、"
            f"{graph_formats.MERMAID_MAX_TEXT} 文字）を超えて描画されません。--around で絞るか、"
            "--format graphml などを使ってください。",
            f"Note: with {exported.number_of_edges()} edges and {len(text)} characters this "
            f"is over Mermaid's (and GitHub's) default limits ({graph_formats.MERMAID_MAX_EDGES} "
            f"edges, {graph_formats.MERMAID_MAX_TEXT} characters) and will not be drawn. Narrow "
            "it with --around, or use --format graphml.",
        )
        say(f"seta-align: {note(language)}")
    emit(output, text, force=force, lang=language)
