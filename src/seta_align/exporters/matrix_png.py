"""``matrix --format png``: the coverage matrix as a heatmap picture (needs the pictures extra)."""

from __future__ import annotations

from ..analysis.matrix import Matrix
from ..i18n import Lang
from .pictures import matrix_picture


def render(matrix: Matrix, lang: Lang) -> bytes:
    return matrix_picture(matrix, lang)
