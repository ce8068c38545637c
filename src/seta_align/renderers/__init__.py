"""Renderers: one module per format, each rendering any view (``seta_align.views``)."""
