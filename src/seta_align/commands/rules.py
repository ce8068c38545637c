"""``seta-align rules``: the rule registry as a table."""

from __future__ import annotations

from ..app import ColorOpt, LangOpt, QuietOpt, app, chosen_lang


@app.command()
def rules(
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    color: ColorOpt = None,
) -> None:
    """ルールの一覧（コード・名前・既定の重要度）/ List the rules with code, name and severity."""
    from rich.console import Console
    from rich.table import Table

    from ..reporters.wrapping import Line, Wrapped
    from ..rules import ALL_RULES

    chosen = chosen_lang(lang)
    table = Table(box=None)
    # The code, name and severity whole on one line; the description wrapped as Japanese is
    # (rich breaks only at spaces: at 80 columns it cut descriptions off with "…").
    for header in ("code", "name", "severity"):
        table.add_column(header, no_wrap=True)
    table.add_column("description")
    for rule in ALL_RULES:
        table.add_row(
            rule.code, rule.name, rule.severity.label(chosen), Wrapped(Line(rule.summary(chosen)))
        )
    Console().print(table)


@app.command("selftest-internal-error", hidden=True)
def selftest_internal_error() -> None:
    """Raise an unexpected exception on purpose.

    It lets the test suite (and a packager) see the real last line of defence: one bilingual line,
    exit code 3, and the traceback only with --debug. Hidden from --help.
    """
    raise RuntimeError("selftest: an unexpected error raised on purpose")
