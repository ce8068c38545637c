"""``--format`` and ``-o``, the same for every command that writes a subject in several formats:
one option, one list of what each suffix of ``-o`` means, one message when it means nothing."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from ..i18n import Lang, Text

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ._saved import SavedView

# What a suffix of -o means, for every command (each takes the formats it has).
SUFFIX_FORMATS = {
    ".json": "json",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".png": "png",
}


def format_choices(name: str, *values: str) -> type[StrEnum]:
    """A command's ``--format`` values, in the order ``--help`` lists them. The view formats
    (csv, xlsx, markdown, html, png) are the renderers' (renderers/): a command that has a
    view takes them all."""
    return StrEnum(name, {value: value for value in values})


def format_option(choices: type[StrEnum], default: str = "rich"):
    """The ``--format`` / ``-f`` option of a command whose formats are ``choices``."""
    extra = (
        "。png は pictures 追加パッケージが必要" if "png" in choices.__members__ else "",
        "; png needs the pictures extra" if "png" in choices.__members__ else "",
    )
    return Annotated[
        choices | None,
        typer.Option(
            "--format",
            "-f",
            help=f"出力形式（既定: -o の拡張子、なければ {default}）{extra[0]} / Output format "
            f"(default: from the -o suffix, else {default}){extra[1]}.",
            show_default=False,
        ),
    ]


def format_for(
    output: Path | None,
    choices: type[StrEnum],
    lang: Lang,
    *,
    default: str = "rich",
    text_suffixes: tuple[str, ...] = (),
):
    """The format ``--format`` left to ``-o``: ``default`` for standard output (and for the
    ``text_suffixes``), else what the suffix means among ``choices``; an unknown suffix stops
    the command (exit code 2) with the suffixes that would do."""
    if output is None or str(output) == "-":
        return choices(default)
    suffix = output.suffix.lower()
    name = SUFFIX_FORMATS.get(suffix)
    if name is not None and name in {choice.value for choice in choices}:
        return choices(name)
    if suffix in text_suffixes:
        return choices(default)
    known = " ".join(
        s for s, format_name in SUFFIX_FORMATS.items() if format_name in {c.value for c in choices}
    )
    fail(
        Text(
            f"「{output}」の拡張子から出力形式が分かりません。--format を指定してください"
            f"（{known} なら自動で選びます）。",
            f"Cannot tell the format from the suffix of '{output}': give --format ({known} "
            "choose it by themselves).",
        ),
        lang,
    )


def fiscal_year(text: str, option: str, lang: Lang) -> int:
    """A fiscal year as people type it on the command line (2025, FY2025, 令和7年度, R7), or
    exit 2 naming ``option``."""
    from ..loading.normalise import read_fiscal_year

    year = read_fiscal_year(text)
    if year is None:
        fail(
            Text(
                f"{option}「{text}」を年度として読めません（例: 2025、令和7年度）。",
                f"{option}: cannot read '{text}' as a fiscal year (e.g. 2025 or 令和7年度).",
            ),
            lang,
        )
    return year


def fail(message: Text, lang: Lang) -> NoReturn:
    typer.echo(f"seta-align: {message(lang)}", err=True)
    raise typer.Exit(2)


def write_view(
    view,
    format_name: str,
    output: Path | None,
    *,
    force: bool,
    lang: Lang,
    file_width: int = 120,
    saved: SavedView | None = None,
) -> None:
    """``view`` in ``format_name``, the same way for every command that has a view: ``rich`` to
    the terminal, or to ``-o FILE.txt`` as the terminal would show it at ``file_width`` columns
    (a matrix: as wide as it needs) without colour codes; any other format (renderers/) as a whole file, to ``-o`` or standard output.
    A file is written atomically, and only over an old one with ``--force`` (atomic.emit);
    ``saved``: kept for the next run of the same request (commands/_saved.py)."""
    from ..atomic import emit, to_stdout

    if format_name == "rich":
        import io

        from rich.console import Console

        from ..renderers.terminal import render_view

        if to_stdout(output):
            render_view(Console(highlight=False, soft_wrap=False), view, lang)
            return
        buffer = io.StringIO()
        console = Console(file=buffer, width=file_width, color_system=None, highlight=False)
        render_view(console, view, lang)
        data: str | bytes | Iterable[str] = (
            "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
        )
    else:
        from ..renderers import document

        data = document(view, format_name, lang)
    emit(output, data, force=force, lang=lang, saved=saved)
