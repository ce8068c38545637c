"""The signed cross-impact matrices of the impact pre-assessment, as every format draws them:

- **measures × SDG goals** (or any level): a measure's direct impacts on a column node and on
  the nodes below it — the same sums as the per-goal balance;
- **measures × targets** (any level, cell = the one direct score);
- **targets × targets**: the interactions file, as SEI's cross-impact matrix (an empty cell is
  *not assessed*, which is not 0).

A cell is never netted: it keeps the sum of its positive scores and the sum of its negative
scores apart (a goal helped +2 by one target and harmed −1 −1 by two others is 「+2 / −2」, not
a white 0). A row's and a column's figures are the same three, defined once here: **正の和**
(the positive scores), **負の和** (the negative scores) and **正味** (the two added), which for
the targets × targets matrix are SEI's out-sum (a row: how much it drives) and in-sum (a column:
how much it is driven) and the influence table's figures. Plain data: the renderers colour it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .impacts import DirectImpact, ImpactAnalysis, interaction_matrix


@dataclass(slots=True, frozen=True)
class Sums:
    """A cell's, a row's or a column's scores: the positive and the negative summed apart."""

    positive: int = 0
    negative: int = 0

    @property
    def net(self) -> int:
        return self.positive + self.negative

    @property
    def mixed(self) -> bool:
        """Both a help and a harm: what a single figure would hide."""
        return bool(self.positive) and bool(self.negative)

    def __add__(self, other: Sums) -> Sums:
        return Sums(self.positive + other.positive, self.negative + other.negative)

    @classmethod
    def of(cls, score: int) -> Sums:
        return cls(score, 0) if score > 0 else cls(0, score)


@dataclass(slots=True)
class SignedMatrix:
    kind: str  # "measures" (rows are measures) or "interactions" (targets × targets)
    level: str  # the columns' level key, e.g. SDG.goal
    rows: list[str]
    columns: list[str]
    cells: dict[tuple[str, str], Sums]  # absent: no impact / not assessed (a 0 is Sums())
    # what makes up a cell of a measures matrix (more than one impact when a goal sums targets)
    parts: dict[tuple[str, str], list[DirectImpact]] = field(default_factory=dict)

    def row_sums(self, row: str) -> Sums | None:
        """The row's 正の和 and 負の和; None for a row with nothing scored (not a sum of 0)."""
        found = [self.cells[(row, c)] for c in self.columns if (row, c) in self.cells]
        return sum(found, Sums()) if found else None

    def column_sums(self, column: str) -> Sums | None:
        found = [self.cells[(r, column)] for r in self.rows if (r, column) in self.cells]
        return sum(found, Sums()) if found else None

    def total(self) -> Sums | None:
        found = list(self.cells.values())
        return sum(found, Sums()) if found else None

    def score(self, row: str, column: str) -> int | None:
        """An interaction's one score (a cell of the targets × targets matrix holds one)."""
        cell = self.cells.get((row, column))
        return None if cell is None else cell.net

    @property
    def extent(self) -> int:
        """The largest magnitude of a cell's part (at least 3), so the colour scale is
        symmetric and a ±3 impact is full colour when cells are single scores."""
        return max([3, *(max(c.positive, -c.negative) for c in self.cells.values())])


def _column_of(framework, node_id: str, level_key: str) -> str | None:
    node = framework.nodes.get(node_id)
    if node is None:
        return None
    if node.level_key == level_key:
        return node_id
    for ancestor in framework.ancestors(node_id):
        if framework.nodes[ancestor].level_key == level_key:
            return ancestor
    return None


def measures_matrix(context, analysis: ImpactAnalysis, level_key: str = "SDG.goal") -> SignedMatrix:
    """Measures × the nodes of one level. Every node of the level is a column when the level has
    at most 40 nodes (SDG goals: all 17, in order); on a finer level only the nodes that are
    impacted. Rows: the measures with at least one impact on the level, in draft order."""
    framework = context.framework
    level_nodes = [n.id for n in framework.nodes.values() if n.level_key == level_key]
    cells: dict[tuple[str, str], Sums] = {}
    parts: dict[tuple[str, str], list[DirectImpact]] = {}
    rows: list[str] = []
    for measure_id, profile in analysis.profiles.items():
        for impact in profile.direct:
            column = _column_of(framework, impact.on, level_key)
            if column is None:
                continue
            key = (measure_id, column)
            cells[key] = cells.get(key, Sums()) + Sums.of(impact.score)
            parts.setdefault(key, []).append(impact)
            if not rows or rows[-1] != measure_id:
                rows.append(measure_id)
    if len(level_nodes) > 40:
        touched = {column for _, column in cells}
        level_nodes = [n for n in level_nodes if n in touched]
    return SignedMatrix("measures", level_key, rows, level_nodes, cells, parts)


def interactions_matrix(context) -> SignedMatrix:
    """The interactions file as a square matrix over every id it names, in framework order."""
    matrix = interaction_matrix(context)
    order = {node_id: i for i, node_id in enumerate(context.framework.nodes)}
    ids = sorted(
        set(matrix) | {target for row in matrix.values() for target in row},
        key=lambda n: order.get(n, len(order)),
    )
    cells = {
        (source, target): Sums.of(score)
        for source, row in matrix.items()
        for target, score in row.items()
    }
    level = ""
    if ids:
        levels = {context.framework.nodes[i].level_key for i in ids}
        level = levels.pop() if len(levels) == 1 else ""
    return SignedMatrix("interactions", level, ids, ids, cells)


def in_focus(context, focus: tuple[str, str] | None, *ids: str) -> bool:
    """Whether something about ``ids`` is what ``--measure ID`` or ``--node ID`` asks for: one
    of them is that id or, for a framework node, a node below it. Always true without a focus."""
    if focus is None:
        return True
    wanted = focus[1]
    nodes = context.framework.nodes
    return any(
        identifier == wanted
        or (identifier in nodes and wanted in context.framework.ancestors(identifier))
        for identifier in ids
    )


def narrowed(
    matrix: SignedMatrix, context, analysis: ImpactAnalysis, focus: tuple[str, str] | None
) -> SignedMatrix:
    """A measures matrix cut to the rows ``--measure``/``--node`` ask for: the measures that are
    the focused id or have a direct impact on it (or, for a node, on a node below it). The
    columns stay, so the picture keeps its shape."""
    if focus is None or matrix.kind != "measures":
        return matrix
    rows = [
        row
        for row in matrix.rows
        if in_focus(context, focus, row, *(i.on for i in analysis.profiles[row].direct))
    ]
    kept = set(rows)
    return SignedMatrix(
        matrix.kind,
        matrix.level,
        rows,
        matrix.columns,
        {key: value for key, value in matrix.cells.items() if key[0] in kept},
        {key: value for key, value in matrix.parts.items() if key[0] in kept},
    )
