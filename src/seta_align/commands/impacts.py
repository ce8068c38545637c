"""``seta-align impacts``: the impact pre-assessment of a draft — synergies and trade-offs."""

from __future__ import annotations

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
from .formats import fail, format_choices, format_for, format_option, write_view

ImpactsFormat = format_choices("ImpactsFormat", "rich", "json", "csv", "xlsx", "markdown", "html", "png")


ImpactsFormatOpt = format_option(ImpactsFormat)


@app.command()
def impacts(
    paths: PathsArg = None,
    framework: FrameworkOpt = None,
    config: ConfigOpt = None,
    measure: Annotated[
        str | None,
        typer.Option(
            "--measure",
            help="1つの施策の影響（直接と波及、その経路）/ One measure's impacts, direct and "
            "knock-on, with their routes.",
        ),
    ] = None,
    node: Annotated[
        str | None,
        typer.Option(
            "--node",
            help="1つの項目とその下位への影響（例 PP-6、SDG-11）/ What impacts one goal or "
            "policy and everything under it (e.g. PP-6, SDG-11).",
        ),
    ] = None,
    columns: Annotated[
        str,
        typer.Option(
            "--columns",
            help="影響の対応表の列の階層（既定 SDG.goal、例 SDG.target）/ The level whose nodes "
            "are the columns of the signed impact matrix (default SDG.goal, e.g. SDG.target).",
        ),
    ] = "SDG.goal",
    sensitivity: Annotated[
        bool,
        typer.Option(
            "--sensitivity",
            help="評価の不確かさに対する順位の安定性（各評価を ±spread 動かして N 回）/ How stable "
            "the rankings are when every score may be off by up to --spread (N runs, fixed seed).",
        ),
    ] = False,
    runs: Annotated[
        int, typer.Option("--runs", min=0, max=100_000, help="--sensitivity の試行回数 / Runs.")
    ] = 200,
    seed: Annotated[
        int, typer.Option("--seed", help="--sensitivity の乱数の種 / The random seed.")
    ] = 20240401,
    spread: Annotated[
        int,
        typer.Option("--spread", min=0, max=3, help="各評価を動かす幅 / How far each score moves."),
    ] = 1,
    top: Annotated[
        int, typer.Option("--top", min=1, help="上位 k 件 / The top k that --sensitivity follows.")
    ] = 10,
    history: Annotated[
        bool,
        typer.Option(
            "--history",
            help="各評価を最後に変えたコミット・日時・変更者（git）/ When each score last changed, "
            "in which commit and by whom (git).",
        ),
    ] = False,
    output_format: ImpactsFormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    sample: SampleOpt = False,
    quiet: QuietOpt = False,
    color: ColorOpt = None,
) -> None:
    """影響の予測評価: 重点政策・SDG ゴールごとのトレードオフと緩和策、施策ごとの影響（直接と、
    相互作用を通じた波及）、相乗効果のグループ、SDG ゴールごとの収支。

    The impact pre-assessment (影響の予測評価): the trade-offs by priority policy and by SDG
    goal with their mitigation, each measure's impacts (direct, and knock-on through the
    interactions file, with their routes), synergy groups and the conflicts inside them, and
    the balance per SDG goal — help and harm never netted. The method: docs/impacts.md.
    """
    from ..atomic import emit, refuse_existing, require_output_file
    from ._saved import saved_view

    language = chosen_lang(lang)
    chosen = output_format or format_for(output, ImpactsFormat, language, text_suffixes=(".txt", ""))
    # Options that cannot go together are refused before any file is read, each by name: a
    # view that quietly ignored one would answer another question than the one asked.
    analyses = [name for name, on in (("--sensitivity", sensitivity), ("--history", history)) if on]
    focuses = [name for name, wanted in (("--measure", measure), ("--node", node)) if wanted]
    clashes = [*analyses, *focuses]
    if analyses and chosen is ImpactsFormat.png:
        clashes.append("--format png")
    if len(clashes) >= 2:
        first, second = clashes[:2]
        raise usage_error(
            f"{first} と {second} は同時に指定できません。",
            f"{first} and {second} cannot be used together.",
            language,
        )
    if chosen in (ImpactsFormat.xlsx, ImpactsFormat.png):
        require_output_file(output, chosen.value, lang=language)
    if chosen is ImpactsFormat.png:
        from ..exporters.pictures import require

        require(language)
    refuse_existing(output, force=force, lang=language)
    options = {
        "format": chosen.value, "measure": measure, "node": node, "columns": columns,
        "sensitivity": sensitivity, "runs": runs, "seed": seed, "spread": spread, "top": top,
    }
    # --history asks git who changed each score: a commit changes it, not only the files.
    saved = None if history else saved_view(
        "impacts", options, paths, framework, config,
        output=output, force=force, lang=language, sample=sample,
    )
    from ..analysis.impacts import analyse
    from ..analysis.trace import resolve_id
    from ._draft import load_whole_draft

    # A view, never the findings (the rules are check's work: a second of 2,000 measures),
    # and of the impacts only: the results and indicators are not read.
    result = load_whole_draft(
        paths, framework, config, language, sample=sample, rules=False, outcomes=False,
        saved=saved,
    )
    context = result.context
    if analyses:
        if sensitivity:
            from ..analysis.sensitivity import Perturbation, perturb
            from ..documents.sensitivity import document as as_json
            from ..views.sensitivity import build as as_view

            found = perturb(context, Perturbation(runs, seed, spread, top))
        else:
            from ..analysis.history import score_history
            from ..documents.history import document as as_json
            from ..views.history import build as as_view

            found = score_history(context)
        if chosen is ImpactsFormat.json:
            from ..documents.writing import dumps

            emit(output, dumps(as_json(context, found, language), levels=2) + "\n",
                 force=force, lang=language, saved=saved)
        else:
            write_view(as_view(context, found, language), chosen.value, output,
                       force=force, lang=language, saved=saved)
        return
    if context.framework.level(columns) is None:
        from ..i18n import Text

        valid = ", ".join(level.key for level in context.framework.levels())
        fail(
            Text(
                f"--columns「{columns}」という階層はありません。使える値: {valid}",
                f"--columns: there is no level '{columns}'. Valid values: {valid}",
            ),
            language,
        )
    focus = None
    for option, wanted in (("--measure", measure), ("--node", node)):
        if wanted is None:
            continue
        resolved = resolve_id(context, wanted)
        if resolved.id is None:
            raise usage_error(resolved.error().ja, resolved.error().en, language)
        if option == "--measure" and resolved.id not in context.measures:
            raise usage_error(
                f"「{resolved.id}」は施策ではありません。政策・目標には --node {resolved.id} を"
                "使ってください。",
                f"'{resolved.id}' is not a measure. For a goal or policy use --node "
                f"{resolved.id}.",
                language,
            )
        focus = (option, resolved.id)
    # Only the pre-assessment itself needs the analysis (--sensitivity and --history work
    # from the scores as written): seconds at 100,000 measures.
    analysis = analyse(context)
    if chosen is ImpactsFormat.json:
        from itertools import chain

        from ..documents.impacts import document
        from ..documents.writing import pieces

        # Indented down to one measure, node or trade-off per line (the C encoder below that),
        # and written as it is made: the document of 100,000 measures is never held whole.
        text = pieces(document(context, analysis, language, focus), levels=2)
        emit(output, chain(text, ["\n"]), force=force, lang=language, saved=saved)
        return
    # The view (and who each trade-off harms, which it works out) only for the formats that
    # draw it: the JSON document works that out itself.
    from ..views.impacts import ImpactView, build

    view = ImpactView(context, analysis, language, focus, columns)
    write_view(build(view), chosen.value, output, force=force, lang=language, saved=saved)
