"""``seta-align import``: measures kept in Excel (or CSV) into measure files.

One measure per row; the columns are found by their headings (Japanese or English, or a mapping
file for others). Every problem names the sheet, the row and the column. Nothing is written while
a row has an error, unless ``--partial``; no existing file is replaced without ``--force``.

With ``--interactions`` the sheet is a square matrix of interaction scores (ids across the top
and down the side) and becomes the interactions file of the impact pre-assessment.

With ``--results`` the sheets hold a year's results (行政評価の実績), one KPI per row, as
``export --results-template`` writes them or as a department keeps them; they are checked
against the project's draft and written as a results file that ``progress`` reads.
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from ..app import (
    ColorOpt,
    ConfigOpt,
    ForceOpt,
    FrameworkOpt,
    LangOpt,
    QuietOpt,
    app,
    chosen_lang,
    is_quiet,
)

if TYPE_CHECKING:
    from ..i18n import Lang, Text
    from ..loading.framework import Framework
    from ..sheet.columns import Role
    from ..sheet.notes import Notes
    from ..sheet.rows import ImportedMeasure, SheetMeasures

DEFAULT_OUTPUT = Path("data/measures")
DEFAULT_INTERACTIONS = Path("data/interactions.yaml")
DEFAULT_RESULTS = Path("data/results")
SINGLE_FILE = "measures.yaml"
# More notes than this are counted, not printed.
MAX_NOTES = 300


class ImportBy(StrEnum):
    owner = "owner"
    single = "single"
    file = "file"


@app.command("import")
def import_sheet(
    source: Annotated[
        Path,
        typer.Argument(
            help="読み込む Excel ブック（.xlsx）か CSV ファイル / The Excel workbook (.xlsx) or "
            "CSV file to read.",
            metavar="FILE",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="書き出すフォルダ（既定: data/measures）。.yaml で終わる名前なら1つのファイル / "
            "Folder to write the measure files to (default: data/measures); a name ending in "
            ".yaml writes one file.",
            show_default=False,
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            help="読むシート（既定: 見出し行のある最初のシート）/ The sheet to read (default: the "
            "first with a header row).",
            show_default=False,
        ),
    ] = None,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            help='列の見出しの割り当て（YAML: columns: {"見出し": 項目}）/ Mapping of other '
            'headings (YAML: columns: {"heading": role}).',
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        ImportBy,
        typer.Option(
            "--by",
            help="ファイルの分け方: 所管部ごと・1ファイル・「ファイル」列のとおり / One file per "
            "owner, a single file, or as the ファイル (file) column says.",
        ),
    ] = ImportBy.owner,
    partial: Annotated[
        bool,
        typer.Option(
            "--partial",
            help="エラーのある行を除いて書き出す / Write the rows without errors, list the others.",
        ),
    ] = False,
    interactions: Annotated[
        bool,
        typer.Option(
            "--interactions",
            help="FILE は相互作用の正方行列（1行目と1列目に同じ ID、セルに評価）。相互作用ファイル"
            "（既定: 設定の impacts: interactions、なければ data/interactions.yaml）を書き出す / "
            "FILE is a square matrix of interaction scores (the same ids across the top and down "
            "the side); write the interactions file (default: the config's impacts: "
            "interactions, else data/interactions.yaml).",
        ),
    ] = False,
    results: Annotated[
        bool,
        typer.Option(
            "--results",
            help="FILE は実績の記入シート（施策番号・指標名または指標ID・年度・実績値・備考）。"
            "プロジェクトの施策と照合し、実績ファイル（既定: 設定の results: のフォルダの "
            "年度.yaml）を書き出す / FILE holds results (施策番号, 指標名 or 指標ID, 年度, 実績値, "
            "備考): check them against the project's measures and write a results file (default: "
            "YEAR.yaml in the config's results folder).",
        ),
    ] = False,
    config: ConfigOpt = None,
    framework: FrameworkOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    color: ColorOpt = None,
) -> None:
    """Excel・CSV の施策一覧（1行1施策）を施策ファイル（YAML）に変換します。

    Read measures from an Excel sheet or CSV file, one per row, and write measure files.
    Headings such as 施策ID, 施策名, 所管部, 分野, 重点政策, SDGs, 指標名, 目標値 are recognised.

    With --interactions, FILE is a square matrix of interaction scores between framework
    nodes (ids across the top and down the side, empty = not assessed), written as the
    interactions file.

    With --results, FILE holds a year's results, one KPI per row (the sheet `seta-align export
    --results-template` writes, or a department's own): checked against the project's
    measures (-c, else the config above -o or the working directory) and written as a results
    file, by default YEAR.yaml in the config's results folder.

    Exit codes: 0 written; 2 errors in the sheet (nothing written, unless --partial), an
    existing file (without --force) or an unreadable file.

    Example: seta-align import 施策一覧.xlsx -o data/measures
    """
    import datetime as dt

    from ..i18n import Text
    from ..loading.files import display_name
    from ..sheet.notes import Notes
    from ..sheet.rows import read_measures
    from ..sheet.table import SheetError, check_header, choose_sheet, read_sheets

    language = chosen_lang(lang)
    if results:
        others = [
            name
            for name, given in (
                ("--interactions", interactions),
                ("--mapping", mapping is not None),
                ("--partial", partial),
                ("--by", by is not ImportBy.owner),
            )
            if given
        ]
        if others:
            _fail(
                Text(
                    f"--results と {'、'.join(others)} は一緒に使えません。",
                    f"--results cannot be used with {', '.join(others)}.",
                ),
                language,
            )
        _import_results(source, output, sheet, config, framework, force, language)
        return
    if config is not None:
        _fail(
            Text(
                "-c/--config は --results と一緒に使います。",
                "-c/--config goes with --results.",
            ),
            language,
        )
    if interactions:
        others = [
            name
            for name, given in (
                ("--mapping", mapping is not None),
                ("--partial", partial),
                ("--by", by is not ImportBy.owner),
            )
            if given
        ]
        if others:
            _fail(
                Text(
                    f"--interactions と {'、'.join(others)} は一緒に使えません。",
                    f"--interactions cannot be used with {', '.join(others)}.",
                ),
                language,
            )
        _import_interactions(source, output, sheet, framework, force, language)
        return
    roles_mapping = _load_mapping(mapping, language) if mapping is not None else None
    target = output if output is not None else DEFAULT_OUTPUT
    single_target = target.suffix.lower() in (".yaml", ".yml")
    chosen_framework = _framework(framework, target, language)

    notes = Notes()
    shown = display_name(source)
    try:
        sheets = read_sheets(source, shown, notes)
        table, header = choose_sheet(sheets, sheet, roles_mapping, notes)
    except SheetError as error:
        notes.extend(error.notes)
        print_notes(notes, language)
        raise typer.Exit(2) from None
    roles = check_header(table, header, notes)
    if notes.errors:
        print_notes(notes, language)
        _fail(
            Text(
                "見出し行を直してから再実行してください。何も書き出していません。",
                "Fix the header row and run again. Nothing was written.",
            ),
            language,
        )
    result = read_measures(table, header, roles, chosen_framework, notes)
    print_notes(notes, language)
    errors = len(notes.errors)
    if errors and not partial:
        _fail(
            Text(
                f"エラーが {errors} 件あるため、何も書き出していません。直して再実行するか、"
                "--partial で正しい行だけを書き出してください。",
                f"{errors} error(s): nothing was written. Fix them and run again, or write the "
                "rows without errors with --partial.",
            ),
            language,
        )
    if not result.measures:
        _fail(
            Text(
                f"{table.name} に書き出せる施策がありません。",
                f"{table.name} has no measure that can be written.",
            ),
            language,
        )

    if single_target:
        files = {target.name: result.measures}
        folder = target.parent
    else:
        folder = target
        files = _files(result, by, notes, language)
    paths = {folder / name: items for name, items in files.items()}
    # Every file lands inside the output folder, also through a linked sub-folder that points
    # elsewhere: refused before anything is written.
    inside = os.path.realpath(folder)
    escaping = [
        path
        for path in paths
        if not Path(os.path.realpath(path)).is_relative_to(inside)
    ]
    if escaping:
        listed = "\n".join(f"  {display_name(path)}" for path in escaping)
        _fail(
            Text(
                "次のファイルは出力フォルダの外（リンクの先）になるため書き出しません。何も書き出して"
                f"いません。\n{listed}",
                "These files would land outside the output folder (through a link); nothing was "
                f"written.\n{listed}",
            ),
            language,
        )

    existing = [path for path in paths if path.exists() or path.is_symlink()]
    if existing and not force:
        listed = "\n".join(f"  {display_name(path)}" for path in existing)
        _fail(
            Text(
                f"次のファイルはすでにあります。上書きするには --force を付けてください。"
                f"何も書き出していません。\n{listed}",
                f"These files already exist; add --force to overwrite them. Nothing was "
                f"written.\n{listed}",
            ),
            language,
        )
    others = _other_measure_files(folder, set(paths))

    from ..atomic import OutputExists, write_atomic
    from ..sheet.yaml_out import measure_yaml

    today = dt.date.today().isoformat()
    # Every refusal before the first write, so that a refusal leaves nothing half-written.
    if not force:
        for path in paths:
            if os.path.lexists(path):
                _fail(
                    Text(
                        f"「{display_name(path)}」はすでにあります（--force で上書き）。",
                        f"'{display_name(path)}' already exists (--force overwrites it).",
                    ),
                    language,
                )
    written: list[tuple[Path, list[ImportedMeasure]]] = []
    created: list[Path] = []
    for path, items in paths.items():
        owners = {item.measure.owner for item in items}
        # The file's name only: a path from the user's machine says nothing to the reader.
        text = measure_yaml(
            items, source.name, table.name, today, owners.pop() if len(owners) == 1 else None
        )
        existed = os.path.lexists(path)
        try:
            write_atomic(path, text, force=force)
        except OutputExists:
            _fail(
                Text(
                    f"「{display_name(path)}」はすでにあります（--force で上書き）。",
                    f"'{display_name(path)}' already exists (--force overwrites it).",
                ),
                language,
            )
        except OSError as error:
            # Take back the files this run created, so a failed import adds nothing.
            for made in created:
                made.unlink(missing_ok=True)
            _fail(
                Text(
                    f"「{display_name(path)}」に書き込めません: {error.strerror or error}"
                    "（この実行で作成したファイルは削除しました）",
                    f"Cannot write '{display_name(path)}': {error.strerror or error} "
                    "(the files this run created were removed)",
                ),
                language,
            )
        if not existed:
            created.append(path)
        written.append((path, items))

    _summary(result, written, notes, target, others, language)


def _import_interactions(
    source: Path,
    output: Path | None,
    wanted: str | None,
    framework_path: list[str] | None,
    force: bool,
    lang: Lang,
) -> None:
    """A square sheet of interaction scores into the interactions file."""
    import datetime as dt

    from ..atomic import emit, to_stdout
    from ..i18n import Text
    from ..loading.files import display_name
    from ..sheet.notes import Notes
    from ..sheet.square import choose_square, read_records, read_square
    from ..sheet.table import SheetError, read_sheets
    from ..sheet.yaml_out import interactions_yaml

    target = output if output is not None else _interactions_target(lang)
    if not to_stdout(target) and target.suffix.lower() not in (".yaml", ".yml"):
        _fail(
            Text(
                f"相互作用ファイルの名前は .yaml で終わるようにしてください（「{target}」）。",
                f"The interactions file's name must end in .yaml ('{target}').",
            ),
            lang,
        )
    chosen_framework = _framework(framework_path, target, lang)
    notes = Notes()
    try:
        sheets = read_sheets(source, display_name(source), notes)
        table = choose_square(sheets, wanted, notes)
    except SheetError as error:
        notes.extend(error.notes)
        print_notes(notes, lang)
        raise typer.Exit(2) from None
    result = read_square(table, chosen_framework, notes)
    read_records(sheets, result, notes)
    print_notes(notes, lang)
    errors = len(notes.errors)
    if errors:
        _fail(
            Text(
                f"エラーが {errors} 件あるため、何も書き出していません。直して再実行してください。",
                f"{errors} error(s): nothing was written. Fix them and run again.",
            ),
            lang,
        )
    if not result.items:
        _fail(
            Text(
                f"{table.name} に評価が1つもありません（空のセルは未評価です）。何も書き出して"
                "いません。",
                f"{table.name} holds no score (an empty cell is not assessed). Nothing was "
                "written.",
            ),
            lang,
        )
    today = dt.date.today().isoformat()
    text = interactions_yaml(result.items, source.name, table.name, today)
    emit(target, text, force=force, lang=lang, confirm=False)
    if to_stdout(target) or is_quiet():
        return
    size = len(result.ids)
    typer.echo(
        Text(
            f"{table.file}（シート「{table.name}」）: {size}×{size} の行列から {len(result.items)} "
            f"組の相互作用を {display_name(target)} に書き出しました。",
            f"{table.file} (sheet '{table.name}'): wrote {len(result.items)} interactions of "
            f"the {size}×{size} matrix to {display_name(target)}.",
        )(lang)
    )
    if not _config_names(target):
        typer.echo(
            Text(
                f"check と impacts に読ませるには、seta-align.yaml に impacts: {{interactions: "
                f"{target.as_posix()}}} と書いてください（設定ファイルからの相対パス）。",
                f"For check and impacts to read it, name it in seta-align.yaml: impacts: "
                f"{{interactions: {target.as_posix()}}} (relative to the config file).",
            )(lang)
        )


def _import_results(
    source: Path,
    output: Path | None,
    wanted: str | None,
    config: Path | None,
    framework_path: list[str] | None,
    force: bool,
    lang: Lang,
) -> None:
    """Results sheets into a results file, checked against the project's draft."""
    import datetime as dt

    from ..atomic import emit, refuse_existing, to_stdout
    from ..i18n import Text
    from ..loading.files import display_name, find_config
    from ..sheet.notes import Notes
    from ..sheet.results import ResultTargets, choose_result_sheets, read_results
    from ..sheet.table import SheetError, read_sheets
    from ..sheet.yaml_out import results_yaml
    from ._draft import load_whole_draft

    if output is not None and not to_stdout(output):
        if output.suffix.lower() not in (".yaml", ".yml"):
            _fail(
                Text(
                    f"実績ファイルの名前は .yaml で終わるようにしてください（「{output}」）。",
                    f"The results file's name must end in .yaml ('{output}').",
                ),
                lang,
            )
        refuse_existing(output, force=force, lang=lang)
    if config is None and output is not None and not to_stdout(output):
        config = find_config(output)
    context = load_whole_draft(None, framework_path, config, lang).context
    if context.settings.sample:
        _fail(
            Text(
                "プロジェクト（seta-align.yaml か data/measures）が見つからないため、実績を照合する"
                "施策がありません。プロジェクトのフォルダで実行するか、-c で設定ファイルを指定して"
                "ください。",
                "No project found (seta-align.yaml or data/measures): there are no measures to "
                "check the results against. Run it in the project's folder, or name the config "
                "with -c.",
            ),
            lang,
        )
    targets = ResultTargets.of(
        (loaded.measure for loaded in context.draft.measures),
        (item.indicator for item in context.indicators.items) if context.indicators else (),
    )
    notes = Notes()
    try:
        sheets = read_sheets(source, display_name(source), notes)
        tables = choose_result_sheets(sheets, wanted, notes)
    except SheetError as error:
        notes.extend(error.notes)
        print_notes(notes, lang)
        raise typer.Exit(2) from None
    order = [table.sheet.name for table in tables]
    if notes.errors:
        print_notes(notes, lang, order)
        _fail(
            Text(
                "見出し行を直してから再実行してください。何も書き出していません。",
                "Fix the header row and run again. Nothing was written.",
            ),
            lang,
        )
    read = read_results(tables, targets, notes)
    from ..analysis.evaluation import scheme_of
    from ..sheet.evaluations import MeasureIds, read_evaluations

    evaluations = read_evaluations(
        sheets, MeasureIds(loaded.measure.id for loaded in context.draft.measures),
        scheme_of(context.settings), notes,
    )
    print_notes(notes, lang, order)
    errors = len(notes.errors)
    if errors:
        _fail(
            Text(
                f"エラーが {errors} 件あるため、何も書き出していません。直して再実行してください。",
                f"{errors} error(s): nothing was written. Fix them and run again.",
            ),
            lang,
        )
    if not read.results and not evaluations:
        _fail(
            Text(
                "書き出す実績がありません（実績値も備考も空です）。何も書き出していません。",
                "There is no result to write (実績値 and 備考 are empty). Nothing was written.",
            ),
            lang,
        )
    years = sorted(set(read.years) | {item.data["year"] for item in evaluations})
    target = output if output is not None else _results_target(
        context, years, lang, evaluations_only=not read.results
    )
    names = list(dict.fromkeys([*(item.sheet for item in read.results), *(e.place.sheet for e in evaluations)]))
    today = dt.date.today().isoformat()
    text = results_yaml(read.results, source.name, names, today, evaluations)
    emit(target, text, force=force, lang=lang, confirm=False)
    if to_stdout(target) or is_quiet():
        return
    shown = display_name(target)
    lines = [
        Text(
            f"{tables[0].sheet.file}（シート {len(tables)} 枚）: {read.rows_read} 行を読み、"
            f"{len(read.results)} 件の実績（{'、'.join(map(str, years))} 年度）を {shown} に"
            "書き出しました。",
            f"{tables[0].sheet.file} ({len(tables)} sheet(s)): read {read.rows_read} rows, wrote "
            f"{len(read.results)} results (FY{', FY'.join(map(str, years))}) to {shown}.",
        )
    ]
    if evaluations:
        lines.append(
            Text(
                f"  施策評価 {len(evaluations)} 件（課題・改善方法・今後の方向性）も書き出しました。",
                f"  Also wrote {len(evaluations)} evaluation(s) of measures (challenges, "
                "improvements, outlook).",
            )
        )
    not_reported = sum(1 for item in read.results if item.data["value"] is None)
    if not_reported:
        lines.append(
            Text(
                f"  うち未報告（value: null）{not_reported} 件。",
                f"  {not_reported} of them not reported (value: null).",
            )
        )
    if read.empty:
        lines.append(
            Text(
                f"  実績値も備考も空の行 {read.empty} 件は書き出していません。",
                f"  {read.empty} row(s) with neither 実績値 nor 備考 were not written.",
            )
        )
    if notes.normalised:
        lines.append(
            Text(
                f"  全角・和暦・桁区切りなどを読み替えた値 {notes.normalised} 件。",
                f"  {notes.normalised} value(s) read as meant (full width, era years, "
                "separators …).",
            )
        )
    if read.repeated:
        lines.append(
            Text(
                f"  同じ実績を繰り返した行 {read.repeated} 件は1件として書き出しました。",
                f"  {read.repeated} row(s) repeating a result were written once.",
            )
        )
    lines += _results_elsewhere(context, target, years)
    lines.append(
        Text(
            f"次に進捗を確かめてください: seta-align progress --year {years[-1]}",
            f"Next, see the progress: seta-align progress --year {years[-1]}",
        )
    )
    for line in lines:
        typer.echo(line(lang))


def _results_target(context, years: list[int], lang: Lang, *, evaluations_only: bool = False) -> Path:
    """``<year>.yaml`` in the first results folder of the config (default: data/results beside
    it); several years need -o. A workbook with evaluations and no results goes to
    ``<year>-evaluations.yaml``, so that it never takes the place of the year's results."""
    from ..i18n import Text

    if len(years) != 1:
        _fail(
            Text(
                f"シートに複数の年度（{'、'.join(map(str, years))}）の実績があります。書き出す"
                "ファイルを -o で指定してください（例: -o data/results/実績.yaml）。",
                f"The sheets hold results of several years ({', '.join(map(str, years))}): name "
                "the file to write with -o (e.g. -o data/results/results.yaml).",
            ),
            lang,
        )
    settings = context.settings
    folders = [
        path
        for path in settings.results_paths
        if path.is_dir() or path.suffix.lower() not in (".yaml", ".yml")
    ]
    if folders:
        folder = folders[0]
    elif settings.config_path is not None:
        folder = Path(settings.config_path).parent / DEFAULT_RESULTS
    else:
        folder = DEFAULT_RESULTS
    name = f"{years[0]}-evaluations.yaml" if evaluations_only else f"{years[0]}.yaml"
    return Path(os.path.relpath(folder / name))


def _results_elsewhere(context, target: Path, years: list[int]) -> list[Text]:
    """Whether ``progress`` will read the file written, and the other files that hold results
    of the same years (read beside it)."""
    from ..i18n import Text
    from ..loading.files import display_name

    settings = context.settings
    written = Path(os.path.abspath(target))
    lines: list[Text] = []
    read_by_progress = any(
        written == Path(os.path.abspath(path)) or written.is_relative_to(os.path.abspath(path))
        for path in settings.results_paths
    )
    default_folder = (
        Path(settings.config_path).parent / DEFAULT_RESULTS
        if settings.config_path is not None
        else DEFAULT_RESULTS
    )
    if not settings.results_paths and written.is_relative_to(os.path.abspath(default_folder)):
        read_by_progress = True  # data/results exists now, and the config's default reads it
    if not read_by_progress:
        lines.append(
            Text(
                f"progress に読ませるには、設定ファイルの results: に {target.parent.as_posix()} を"
                "加えてください（設定ファイルからの相対パス）。",
                f"For progress to read it, add {target.parent.as_posix()} to results: in the config "
                "(relative to the config file).",
            )
        )
    shown = display_name(target)
    others: dict[str, int] = {}
    for located in context.results.records if context.results is not None else []:
        if located.record.year in years and located.file != shown:
            others[located.file] = others.get(located.file, 0) + 1
    for file, count in others.items():
        lines.append(
            Text(
                f"注意: {file} にも同じ年度の実績が {count} 件あります。progress は両方を読みます"
                "（同じ指標・年度で値が違えば SA706）。",
                f"Note: {file} holds {count} result(s) of the same year(s) too; progress reads "
                "both (the same KPI and year with another value is SA706).",
            )
        )
    return lines


def _interactions_target(lang: Lang) -> Path:
    """The interactions file of the config above the working directory, else the default."""
    settings = _settings_above(Path.cwd(), lang)
    if settings is not None and settings.interactions_path is not None:
        return Path(os.path.relpath(settings.interactions_path))
    return DEFAULT_INTERACTIONS


def _config_names(target: Path) -> bool:
    """Whether the config above ``target`` names it as its interactions file."""
    try:
        settings = _settings_above(target, "en")
    except typer.Exit:
        return False
    return (
        settings is not None
        and settings.interactions_path is not None
        and os.path.abspath(settings.interactions_path) == os.path.abspath(target)
    )


def _settings_above(start: Path, lang: Lang):
    """The settings of the nearest config above ``start``, or None; a broken config exits 2."""
    from rich.console import Console

    from ..loading.config import ConfigError, load_settings
    from ..loading.files import display_name, find_config
    from ..reporters.terminal import render_findings

    config = find_config(start)
    if config is None:
        return None
    try:
        return load_settings(config, display_name(config))
    except ConfigError as error:
        render_findings(Console(stderr=True, highlight=False), error.findings, lang)
        raise typer.Exit(2) from None


def _fail(message: Text, lang: Lang) -> NoReturn:
    typer.echo(f"seta-align: {message(lang)}", err=True)
    raise typer.Exit(2)


def print_notes(notes: Notes, lang: Lang, sheets: list[str] | None = None) -> None:
    """The notes by row and column; with ``sheets``, sheet by sheet in that order first."""
    if is_quiet():
        return
    order = {name: index for index, name in enumerate(sheets or [])}

    def position(note) -> tuple:
        sheet = note.place.sheet if note.place else None
        return (order.get(sheet, -1), *note.sort_key)

    ordered = sorted(notes.items, key=position)
    for note in ordered[:MAX_NOTES]:
        typer.echo(note.render(lang), err=True)
    if len(ordered) > MAX_NOTES:
        from ..i18n import Text

        rest = len(ordered) - MAX_NOTES
        typer.echo(Text(f"…ほか {rest} 件", f"… and {rest} more")(lang), err=True)


def _files(
    result: SheetMeasures, by: ImportBy, notes: Notes, lang: Lang
) -> dict[str, list[ImportedMeasure]]:
    from ..sheet.yaml_out import files_by_owner

    if by is ImportBy.single:
        return {SINGLE_FILE: result.measures}
    if by is ImportBy.owner:
        return files_by_owner(result.measures)
    # --by file: the ファイル column; rows without one go to their owner's file.
    files: dict[str, list[ImportedMeasure]] = {}
    without = [item for item in result.measures if item.file is None]
    for item in result.measures:
        if item.file is not None:
            files.setdefault(item.file, []).append(item)
    if without:
        from ..i18n import Text
        from ..sheet.notes import Note, Place

        rows = ", ".join(str(item.row) for item in without[:20])
        note = Note(
            "info",
            Text(
                f"「ファイル」列が空の行（{rows}）は所管部ごとのファイルに書き出します。",
                f"Rows with an empty ファイル (file) column ({rows}) go to their owner's file.",
            ),
            Place(result.sheet.name),
        )
        typer.echo(note.render(lang), err=True)
        for name, items in files_by_owner(without).items():
            files.setdefault(name, []).extend(items)
    return files


def _other_measure_files(folder: Path, written: set[Path]) -> list[Path]:
    from ..loading.files import discover

    if not folder.is_dir():
        return []
    try:
        found = discover([folder]).files
    except OSError:
        return []
    mine = {path.resolve() for path in written}
    return [path for path in found if path.resolve() not in mine]


def _summary(
    result: SheetMeasures,
    written: list[tuple[Path, list[ImportedMeasure]]],
    notes: Notes,
    target: Path,
    others: list[Path],
    lang: Lang,
) -> None:
    from ..i18n import Text
    from ..loading.files import display_name

    sheet = result.sheet
    count = sum(len(items) for _path, items in written)
    lines = [
        Text(
            f"{sheet.file}（シート「{sheet.name}」）: {result.rows_read} 行を読み、{count} 件の"
            f"施策を {len(written)} ファイルに書き出しました。",
            f"{sheet.file} (sheet '{sheet.name}'): read {result.rows_read} rows, wrote "
            f"{count} measures to {len(written)} file(s).",
        )
    ]
    width = max(len(display_name(path)) for path, _items in written)
    for path, items in written:
        owners = "、".join(dict.fromkeys(item.measure.owner for item in items))
        owners_en = ", ".join(dict.fromkeys(item.measure.owner for item in items))
        name = display_name(path).ljust(width)
        lines.append(
            Text(
                f"  {name}  {len(items):>3} 件  {owners}", f"  {name}  {len(items):>3}  {owners_en}"
            )
        )
    links = sum(item.links for _path, items in written for item in items)
    dependencies = sum(item.dependencies for _path, items in written for item in items)
    kpis = sum(len(item.measure.kpis) for _path, items in written for item in items)
    impacts = sum(len(item.measure.impacts) for _path, items in written for item in items)
    lines.append(
        Text(
            f"読み取った ID: 貢献する政策 {links} 件、依存する施策 {dependencies} 件。目標指標 "
            f"{kpis} 件、影響の評価 {impacts} 件。全角・和暦などを読み替えた値 "
            f"{notes.normalised} 件。",
            f"Ids read: {links} links (supports), {dependencies} dependencies; {kpis} "
            f"indicators, {impacts} assessed impacts; {notes.normalised} values read as meant "
            "(full-width, era years …).",
        )
    )
    if result.bad_rows:
        rows = ", ".join(str(row) for row in result.bad_rows)
        lines.append(
            Text(
                f"エラーのため書き出さなかった行: {rows}",
                f"Rows not written because of errors: {rows}",
            )
        )
    if others:
        lines.append(
            Text(
                f"書き出し先には他の施策ファイルが {len(others)} 件あります。check はそれらも"
                "読みます（施策IDの重複に注意してください）。",
                f"The folder holds {len(others)} other measure file(s); check reads them too "
                "(watch for duplicate measure ids).",
            )
        )
    lines.append(
        Text(
            f"次に検査してください: seta-align check {target}",
            f"Next, check them: seta-align check {target}",
        )
    )
    if is_quiet():
        return
    for line in lines:
        typer.echo(line(lang))


def _framework(entries: list[str] | None, target: Path, lang: Lang) -> Framework:
    """-F, else the framework of the nearest config above the output, else the bundled one."""
    from rich.console import Console

    from ..loading.config import ConfigError
    from ..loading.framework import FrameworkError
    from ..loading.framework_modules import chosen_modules
    from ..reporters.terminal import render_findings
    from ..runner import framework_of, settings_near

    console = Console(stderr=True, highlight=False)
    try:
        settings = settings_near(entries, None, target)
        settings.framework_modules = chosen_modules(entries, settings)
        return framework_of(settings)
    except (ConfigError, FrameworkError) as error:
        render_findings(console, error.findings, lang)
        raise typer.Exit(2) from None


def _load_mapping(path: Path, lang: Lang) -> dict[str, Role]:
    """``columns: {"列の見出し": role}`` → roles by normalised heading; errors exit 2."""
    import difflib

    from rich.console import Console

    from ..i18n import Text
    from ..loading.files import display_name
    from ..loading.yaml_source import input_problem, read_yaml_file
    from ..reporters.terminal import render_findings
    from ..sheet.columns import header_key, parse_role, role_names

    name = display_name(path)
    document = read_yaml_file(path, name)
    problems = list(document.problems)
    mapping: dict[str, Role] = {}
    data = document.data
    if not problems:
        columns = data.get("columns") if isinstance(data, dict) else None
        extra = sorted(str(k) for k in data) if isinstance(data, dict) else []
        if not isinstance(columns, dict) or extra != ["columns"]:
            line = (document.source.locate(()) or (1, 1))[0]
            problems.append(
                input_problem(
                    "SA003",
                    "schema",
                    Text(
                        "割り当てファイルは「columns:」の下に「列の見出し: 項目」を並べてください。",
                        "A mapping file holds 'columns:' with 'heading: role' entries under it.",
                    ),
                    name,
                    line,
                    1,
                    Text(
                        '例: columns: {"事業名": title, "担当課": owner}',
                        'For example: columns: {"事業名": title, "担当課": owner}',
                    ),
                    document.source.line_text(line),
                )
            )
        else:
            valid = role_names()
            for heading, value in columns.items():
                role = parse_role(value) if isinstance(value, str) else None
                if role is not None:
                    mapping[header_key(heading)] = role
                    continue
                line, column = document.source.locate(("columns", heading)) or (None, None)
                guess = difflib.get_close_matches(str(value), valid, n=1, cutoff=0.6)
                hint = Text(f"使える項目: {', '.join(valid)}", f"Valid roles: {', '.join(valid)}")
                if guess:
                    hint = (
                        Text(
                            f"「{guess[0]}」の誤りではありませんか？ ",
                            f"Did you mean '{guess[0]}'? ",
                        )
                        + hint
                    )
                problems.append(
                    input_problem(
                        "SA003",
                        "schema",
                        Text(
                            f"「{heading}」の割り当て先「{value}」という項目はありません。",
                            f"'{heading}' is mapped to '{value}', which is not a role.",
                        ),
                        name,
                        line,
                        column,
                        hint,
                        document.source.line_text(line),
                    )
                )
    if problems:
        render_findings(Console(stderr=True, highlight=False), problems, lang)
        raise typer.Exit(2)
    return mapping
