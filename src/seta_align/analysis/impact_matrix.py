"""The signed cross-impact matrices of the impact pre-assessment, as every format draws them:

- **measures × SDG goals** (or any level): a measure's direct impacts on a column node and on
  the nodes below it, summed — the same sums as the per-goal balance;
- **measures × targets** (any level, cell = the one direct score);
- **targets × targets**: the interactions file, as SEI's cross-impact matrix (an empty cell is
  *not assessed*, which is not 0).

Row and column sums are SEI's out-sum (how much a row drives) and in-sum (how much a column is
driven). Plain data: the exporters colour it (green positive, red negative).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .impacts import DirectImpact, ImpactAnalysis, interaction_matrix


@dataclass(slots=True)
class SignedMatrix:
    kind: str  # "measures" (rows are measures) or "interactions" (targets × targets)
    level: str  # the columns' level key, e.g. SDG.goal
    rows: list[str]
    columns: list[str]
    cells: dict[tuple[str, str], int]  # absent: no impact / not assessed
    # what makes up a cell of a measures matrix (more than one impact when a goal sums targets)
    parts: dict[tuple[str, str], list[DirectImpact]] = field(default_factory=dict)

    def row_sum(self, row: str) -> int:
        return sum(self.cells.get((row, column), 0) for column in self.columns)

    def column_sum(self, column: str) -> int:
        return sum(self.cells.get((row, column), 0) for row in self.rows)

    @property
    def extent(self) -> int:
        """The largest magnitude of a cell (at least 3), so the colour scale is symmetric and a
        ±3 impact is full colour when cells are single scores."""
        return max([3, *(abs(v) for v in self.cells.values())])


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
    cells: dict[tuple[str, str], int] = {}
    parts: dict[tuple[str, str], list[DirectImpact]] = {}
    rows: list[str] = []
    for measure_id, profile in analysis.profiles.items():
        for impact in profile.direct:
            column = _column_of(framework, impact.on, level_key)
            if column is None:
                continue
            key = (measure_id, column)
            cells[key] = cells.get(key, 0) + impact.score
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
        (source, target): score for source, row in matrix.items() for target, score in row.items()
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
