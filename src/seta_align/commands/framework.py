"""``seta-align framework``: a city's framework from its 施策体系表, and what a framework holds.

- ``framework import SHEET -o FILE``: a 施策体系表 (XLSX or CSV: one column per level) into a
  framework file (sheet/framework_table.py reads it, sheet/framework_yaml.py writes it);
- ``framework show [FILE …]``: the tree with each level's count and whether it checks clean.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..app import (
    ColorOpt,
    ConfigOpt,
    ForceOpt,
    LangOpt,
    OutputOpt,
    QuietOpt,
    app,
    chosen_lang,
    is_quiet,
    say,
)
from .formats import fail, format_choices, format_for, format_option, write_view

if TYPE_CHECKING:
    from ..i18n import Lang

framework_app = typer.Typer(
    name="framework",
    help="フレームワーク（施策体系）の作成と確認 / Make a framework from a 施策体系表, and see "
    "what a framework holds.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(framework_app)

DEFAULT_FRAMEWORK_FILE = Path("framework.yaml")
DEFAULT_FRAMEWORK_ID = "CITY"
ShowFormat = format_choices("ShowFormat", "rich", "json", "markdown")


@framework_app.command("import")
def import_framework(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="SHEET",
            help="施策体系表（.xlsx または .csv）/ The 施策体系表 (.xlsx or .csv).",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="書き出すフレームワークファイル（- で標準出力）/ The framework file to write "
            "(- for standard output).",
        ),
    ] = DEFAULT_FRAMEWORK_FILE,
    sheet: Annotated[
        str | None,
        typer.Option("--sheet", help="読むシート（既定: 最初のシート）/ The sheet to read."),
    ] = None,
    levels: Annotated[
        str | None,
        typer.Option(
            "--levels",
            help="階層の列の見出しを上から順に「,」区切りで（既定: 階層以外と分かる列を除くすべて）"
            " / The level columns' headings, top level first, separated by commas (default: "
            "every column not known to be something else).",
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(
            "--name", help="フレームワークの名前（既定: ファイル名）/ The framework's name "
            "(default: the sheet file's name)."
        ),
    ] = None,
    framework_id: Annotated[
        str,
        typer.Option(
            "--id",
            help="フレームワークの ID。ID の列のない階層のノードの ID の頭にもなる（CITY-1.2）/ "
            "The framework's id, which also begins the ids made for levels without an id "
            "column (CITY-1.2).",
        ),
    ] = DEFAULT_FRAMEWORK_ID,
    plan_period: Annotated[
        str | None,
        typer.Option(
            "--plan-period",
            help="計画期間（年度、例: 2025-2034）。書かなければ設定ファイルの plan_period で / "
            "The plan period in fiscal years (e.g. 2025-2034); else give it in the config.",
            show_default=False,
        ),
    ] = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    color: ColorOpt = None,
) -> None:
    """施策体系表（Excel・CSV）をフレームワークファイルに変換します。

    Read a 施策体系表 (plan structure table) into a framework file: one column per level, left
    to right, headed by the level's name (基本目標 | 政策 | 施策). Blank or merged cells carry
    the parent down. Optional columns: <level>ID (政策ID) for a level's ids (else they are made
    and listed), 分野 (and 分野ID), SDGs (goal numbers: 3, 4, 11 / 3・4・11 / SDG-3), 備考.
    Every problem is located at sheet, row and column; nothing is written while there is one.

    Exit codes: 0 written; 2 a problem in the sheet, an existing file (without --force), or an
    unreadable file.

    Example: seta-align framework import 施策体系表.xlsx -o framework.yaml
    """
    import re

    from ..atomic import emit, refuse_existing, to_stdout
    from ..i18n import Text
    from ..loading.files import display_name
    from ..sheet.framework_header import find_columns
    from ..sheet.framework_table import read_tree
    from ..sheet.framework_yaml import framework_yaml
    from ..sheet.notes import Notes
    from ..sheet.table import SheetError, named_sheet, read_sheets
    from .import_sheet import print_notes

    language = chosen_lang(lang)
    if framework_id.upper() == "SDG":
        fail(
            Text(
                "--id に SDG は使えません（同梱の seta-align:sdgs の ID です）。",
                "--id cannot be SDG: that is the id of the bundled seta-align:sdgs.",
            ),
            language,
        )
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_\-]*", framework_id) or len(framework_id) > 32:
        fail(
            Text(
                f"--id「{framework_id}」は使えません（半角英字で始まる半角英数字と - _、32 字まで）。",
                f"--id '{framework_id}' cannot be used (an ASCII letter, then letters, digits, "
                "- or _, at most 32).",
            ),
            language,
        )
    if not to_stdout(output) and output.suffix.lower() not in (".yaml", ".yml"):
        fail(
            Text(
                f"フレームワークファイルの名前は .yaml で終わるようにしてください（「{output}」）。",
                f"The framework file's name must end in .yaml ('{output}').",
            ),
            language,
        )
    period = _period(plan_period, language) if plan_period is not None else None
    refuse_existing(output, force=force, lang=language)
    notes = Notes()
    try:
        sheets = read_sheets(source, display_name(source), notes)
        wanted = [part.strip() for part in levels.split(",") if part.strip()] if levels else None
        chosen = named_sheet(sheets, sheet) if sheet is not None else _sheet(sheets, wanted, notes)
    except SheetError as error:
        notes.extend(error.notes)
        print_notes(notes, language)
        raise typer.Exit(2) from None
    columns = find_columns(chosen, notes, wanted)
    tree = None
    if columns is not None and not notes.errors:
        tree = read_tree(chosen, columns, framework_id, _sdg_ids(), notes)
    print_notes(notes, language, [chosen.name])
    if tree is None or notes.errors:
        count = len(notes.errors)
        fail(
            Text(
                f"表にエラーが {count} 件あります。何も書き出していません。",
                f"{count} error(s) in the sheet. Nothing was written.",
            ),
            language,
        )
    output_name = "framework.yaml" if to_stdout(output) else output.name
    text = framework_yaml(
        tree,
        name=name or source.stem,
        framework_id=framework_id,
        source=source.name,
        sheet=chosen.name,
        today=dt.date.today().isoformat(),
        output_name=output_name,
        plan_period=period,
    )
    problems = _reads_back(text)
    if problems:
        # A file the loader would refuse is never written (a limit the sheet reaches that the
        # reading above does not know of): said, with what the loader says.
        _print_findings(problems, language)
        fail(
            Text(
                "書き出すフレームワークを読み戻せません。何も書き出していません。",
                "The framework made from the sheet does not read back. Nothing was written.",
            ),
            language,
        )
    emit(output, text, force=force, lang=language, confirm=False)
    if to_stdout(output) or is_quiet():
        return
    _import_summary(tree, output, framework_id, language)


def _period(text: str, lang: Lang) -> tuple[int, int]:
    """``2025-2034`` (or 〜, ~, –, full-width digits) → (2025, 2034); exit 2 otherwise."""
    import re
    import unicodedata

    from ..i18n import Text

    found = re.fullmatch(
        r"\s*(\d{4})\s*(?:-|~|〜|–|—|から)\s*(\d{4})\s*", unicodedata.normalize("NFKC", text)
    )
    if found is None or int(found.group(1)) > int(found.group(2)):
        fail(
            Text(
                f"--plan-period「{text}」を読めません。「2025-2034」のように始めと終わりの年度を"
                "書いてください。",
                f"Cannot read --plan-period '{text}': give the first and last fiscal year, as "
                "2025-2034.",
            ),
            lang,
        )
    return int(found.group(1)), int(found.group(2))


def _sheet(sheets, wanted: list[str] | None, notes):
    """The sheet to read: the first (as Excel orders them, hidden ones last) whose header names
    levels or known columns, so that a cover sheet (表紙) is passed over; said when the workbook
    has others."""
    from ..sheet.framework_header import header_row
    from ..sheet.table import in_order, say_reading

    ordered = in_order(sheets)
    found = [(s, header_row(s, wanted)) for s in ordered]
    chosen = next((s for s, h in found if h is not None and h[2] > 0), None)
    chosen = chosen or next((s for s, h in found if h is not None), ordered[0])
    if len(sheets) > 1:
        say_reading(chosen, notes)
    return chosen


def _reads_back(text: str) -> list:
    """The problems of reading ``text`` as a framework file, with the SDG module its relations
    point into: none for a file that works."""
    import os
    import tempfile

    from ..loading.framework import FrameworkError, load_frameworks
    from ..loading.framework_modules import FrameworkModule, bundled_module

    handle, name = tempfile.mkstemp(suffix=".yaml")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as written:
            written.write(text)
        module = FrameworkModule("framework.yaml", Path(name))
        load_frameworks([module, bundled_module("seta-align:sdgs")])
    except FrameworkError as error:
        return error.findings
    finally:
        os.unlink(name)
    return []


def _print_findings(findings, lang: Lang) -> None:
    from rich.console import Console

    from ..reporters.terminal import render_findings

    render_findings(Console(stderr=True, highlight=False), findings, lang)


def _sdg_ids() -> set[str]:
    from ..loading.framework import load_frameworks
    from ..loading.framework_modules import bundled_module

    return set(load_frameworks([bundled_module("seta-align:sdgs")]).nodes)


def _import_summary(tree, output: Path, framework_id: str, lang: Lang) -> None:
    """What was written: the levels and their counts, the ids made, and the next commands."""
    from ..i18n import Text

    counts = [0] * len(tree.columns.levels)
    made = []
    for node in tree.walk():
        counts[node.depth] += 1
        if node.id_made:
            made.append(node)
    levels = " → ".join(
        f"{level.heading} {count}" for level, count in zip(tree.columns.levels, counts, strict=True)
    )
    relations = sum(len(node.sdgs) for node in tree.walk())
    say(
        Text(
            f"「{output}」に書き出しました: {levels}（分野 {len(tree.fields)}、SDGs との対応 "
            f"{relations}）。",
            f"Wrote '{output}': {levels} ({len(tree.fields)} field(s), {relations} link(s) to "
            "the SDGs).",
        )(lang)
    )
    if made:
        say(Text("作成した ID（表の行）:", "Ids made (row of the sheet):")(lang))
        for node in made:
            say(f"  {node.id}  {node.title}  ({node.row})")
    say(
        Text(
            f"次に: seta-align.yaml に「framework: [{output}, seta-align:sdgs]」と書き、"
            f"seta-align framework show で確かめてください。",
            f"Next: put 'framework: [{output}, seta-align:sdgs]' in seta-align.yaml and "
            "look at it with seta-align framework show.",
        )(lang)
    )


@framework_app.command("show")
def show(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[FILE]...",
            help="フレームワークファイルか同梱のモジュール（seta-align:sdgs）。いくつでも（既定: "
            "設定ファイルの framework:、なければ同梱のもの）/ Framework files or bundled modules, "
            "read together (default: the config's framework:, else the bundled ones).",
            show_default=False,
        ),
    ] = None,
    config: ConfigOpt = None,
    output_format: format_option(ShowFormat) = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    color: ColorOpt = None,
) -> None:
    """フレームワークの階層と件数、検査の結果を表示します。

    Show a framework: its files, each framework's levels with their counts, the tree of its
    nodes (id, title, fields, SDGs), its relations, and whether it checks clean. Give the files
    (and bundled modules such as seta-align:sdgs) to compose, or let the project's config say.

    Exit codes: 0 the framework checks clean; 2 it has problems (each located at file, line and
    column) or a file cannot be read.
    """
    from ..atomic import emit, refuse_existing
    from ..documents.framework import framework_document
    from ..loading.config import ConfigError
    from ..loading.framework import FrameworkError
    from ..loading.framework_modules import chosen_modules
    from ..runner import framework_of, settings_near
    from ..views.framework import framework_view

    language = chosen_lang(lang)
    chosen = output_format or format_for(output, ShowFormat, language, text_suffixes=(".txt", ""))
    refuse_existing(output, force=force, lang=language)
    try:
        settings = settings_near(files, config, Path.cwd())
        settings.framework_modules = chosen_modules(files, settings)
    except (ConfigError, FrameworkError) as error:
        _problems(error.findings, [], chosen.value, output, force, language)
        raise typer.Exit(2) from None
    try:
        framework = framework_of(settings)
    except FrameworkError as error:
        _problems(error.findings, settings.framework_modules, chosen.value, output, force, language)
        raise typer.Exit(2) from None
    if chosen is ShowFormat.json:
        import json

        document = framework_document(framework)
        emit(output, json.dumps(document, ensure_ascii=False, indent=2) + "\n", force=force, lang=language)
        return
    write_view(framework_view(framework, language), chosen.value, output, force=force, lang=language)


def _problems(findings, modules, format_name: str, output, force: bool, lang: Lang) -> None:
    """A framework with problems: each located, on stderr (JSON: the document with them)."""
    from rich.console import Console

    from ..reporters.terminal import render_findings

    if format_name == "json":
        import json

        from ..atomic import emit
        from ..documents.framework import problems_document

        text = json.dumps(problems_document(modules, findings, lang), ensure_ascii=False, indent=2)
        emit(output, text + "\n", force=force, lang=lang)
    render_findings(Console(stderr=True, highlight=False), findings, lang)
