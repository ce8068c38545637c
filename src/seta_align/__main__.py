"""``python -m seta_align``: the same as the ``seta-align`` command."""

from .cli import main

main()
