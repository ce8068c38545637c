"""Views: what a subject shows, built once from the analysis and rendered by every format.

A view is titled tables of cells. A cell keeps its display text in ``--lang``, the value behind
it and its meaning (a status, a sign), so that every format shows the same words and colours
them the same way; a column has a role (an id, a label, a number …) and a priority, so that a
narrow terminal knows what to leave out first. The renderers (``seta_align.renderers``) know
nothing of any subject.
"""
