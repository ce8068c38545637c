"""What a check looked at, said the same way in every report: which framework, which config,
how many files, and whether it was the bundled sample draft (never a silent stand-in)."""

from __future__ import annotations

from ..engine import CheckResult
from ..i18n import Lang, Text
from ..loading.files import SAMPLE_NOTICE

SAMPLE = Text(*SAMPLE_NOTICE)


def is_sample(result: CheckResult | None) -> bool:
    return result is not None and result.context.settings.sample


def sample_notice(result: CheckResult | None, lang: Lang) -> str | None:
    """The bundled-sample notice in ``lang`` when the check was of the sample, else ``None``."""
    return SAMPLE(lang) if is_sample(result) else None


def facts(result: CheckResult | None) -> dict:
    """The scope as plain data (for SARIF run properties and JUnit properties)."""
    if result is None:
        return {}
    context = result.context
    return {
        "sample": context.settings.sample,
        "framework": context.framework.display_name,
        "config": context.settings.config_name,
        "files": len(context.draft.files),
        "measures": len(context.measures),
    }


def checked_line(context, lang: Lang) -> str:
    """One line naming what an analysis command read: files and measures, the config, the
    framework and the interactions file — so a wrong place or a stand-in shows at once."""
    from ..loading.files import display_name
    from ..printable import visible

    paths = [visible(display_name(path)) for path in context.settings.measure_paths]
    if not paths:
        paths = [visible(name) for name in context.draft.files[:1]]
    shown = ", ".join(paths[:3]) + (f" (+{len(paths) - 3})" if len(paths) > 3 else "")
    files, measures = len(context.draft.files), len(context.measures)
    config = visible(context.settings.config_name or "—")
    interactions = visible(context.interactions.file) if context.interactions else None
    line = Text(
        f"対象: {shown}（{files:,} ファイル・{measures:,} 施策）／設定: {config}"
        f"／フレームワーク: {visible(context.framework.display_name)}"
        f"／相互作用: {interactions or 'なし'}",
        f"Checked: {shown} ({files:,} file{'s' if files != 1 else ''}, {measures:,} "
        f"measure{'s' if measures != 1 else ''}); config: {config}; framework: "
        f"{visible(context.framework.display_name)}; interactions: {interactions or 'none'}",
    )(lang)
    if context.settings.sample:
        line = f"{SAMPLE(lang)}\n{line}"
    return line
