"""Output formats. Each reporter turns a check result into one format; none of them checks.

Every module here has ``render(result, findings, lang, exit_code, **options) -> str``; ``rich``
is the exception, drawing on a console. A new format is one new module and one line below.
"""

from __future__ import annotations

import importlib

# --format name -> module in this package
FORMATS = {
    "rich": "terminal",
    "text": "text",
    "json": "json",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "gitlab": "gitlab",
    "markdown": "markdown",
}


def reporter(name: str):
    return importlib.import_module(f"{__name__}.{FORMATS[name]}")
