"""One module per format, each rendering any view (views/): ``terminal`` (rich), ``markdown``,
``csv``, ``xlsx`` and ``html``. Every file format has ``document(view, lang)``: the whole
file, as text or bytes, or as lines of text made as they are written (``html``)."""

from __future__ import annotations

from collections.abc import Iterable


def document(view, format_name: str, lang: str) -> str | bytes | Iterable[str]:
    """``view`` as a whole file in ``format_name`` (markdown, csv, xlsx or html)."""
    from importlib import import_module

    return import_module(f".{format_name}", __name__).document(view, lang)
