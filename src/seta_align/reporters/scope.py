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
