"""``seta-align impacts``: the impact pre-assessment of a draft — synergies and trade-offs."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
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
    usage_error,
)


class ImpactsFormat(StrEnum):
    rich = "rich"
    json = "json"


@app.command()
def impacts(
    paths: PathsArg = None,
    framework: FrameworkOpt = None,
    config: ConfigOpt = None,
    measure: Annotated[
        str | None,
        typer.Option("--measure", help="1つの施策の影響 / One measure's profile, direct and second-order."),
    ] = None,
    node: Annotated[
        str | None,
        typer.Option("--node", help="1つのノードへの影響 / What impacts one node."),
    ] = None,
    output_format: Annotated[
        ImpactsFormat, typer.Option("--format", "-f", help="出力形式 / Output format.")
    ] = ImpactsFormat.rich,
    output: OutputOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    sample: SampleOpt = False,
    quiet: QuietOpt = False,
    color: ColorOpt = None,
) -> None:
    """影響の予測評価: 施策ごとの影響（直接・相互作用を通じた二次）、トレードオフ、シナジーの
    まとまり、SDG ゴールごとの収支。

    The impact pre-assessment (影響の予測評価): each measure's impacts, direct and second-order
    through the interactions file (s·t/3), the trade-offs with their mitigation, contested
    nodes, synergy clusters with their fields, and the balance per SDG goal. The method:
    docs/impacts.md.
    """
    from ..analysis.impacts import analyse
    from ..analysis.trace import resolve_id
    from ..atomic import emit, refuse_existing
    from ._draft import load_whole_draft

    language = chosen_lang(lang)
    refuse_existing(output, force=force, lang=language)
    result = load_whole_draft(paths, framework, config, language, sample=sample)
    context = result.context
    analysis = analyse(context)
    focus = None
    for option, wanted in (("--measure", measure), ("--node", node)):
        if wanted is None:
            continue
        resolved = resolve_id(context, wanted)
        if resolved.id is None:
            raise usage_error(resolved.error().ja, resolved.error().en, language)
        focus = (option, resolved.id)
    if output_format is ImpactsFormat.json:
        import json

        from ..reporters.impacts_json import document

        text = json.dumps(document(context, analysis, language, focus), ensure_ascii=False, indent=2)
        emit(output, text + "\n", force=force, lang=language)
        return
    from rich.console import Console

    from ..reporters import impacts_rich

    if output is not None and str(output) != "-":
        import io

        buffer = io.StringIO()
        impacts_rich.render(Console(file=buffer, width=120, highlight=False), context, analysis, language, focus)
        emit(Path(output), buffer.getvalue(), force=force, lang=language)
        return
    impacts_rich.render(Console(highlight=False, soft_wrap=False), context, analysis, language, focus)
