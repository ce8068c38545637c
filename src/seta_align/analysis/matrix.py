"""Coverage matrices: rows (measures, owners or fields) × the nodes of one framework level.

A cell says how a row serves a column. DIRECT: the measure supports that node itself. INHERITED:
it supports a node below it (a measure linking ``SDG-8.3`` serves column ``SDG-8`` inherited);
a measure that does both counts as direct. For owner and field rows a cell counts the measures,
direct and inherited separately.

The pseudo-level ``fields`` has the framework's fields (分野) as columns. A field is not a node
that measures link to, so there DIRECT means the measure's own ``field`` and INHERITED a field it
reaches through the nodes it supports — the same reach as the cross-field analysis (nodes of
every field, such as the principles, reach none).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..loading.framework import Framework
from ..loading.measures import LoadedMeasure
from ..measure_records import Measure
from ..suggest import IdIndex
from .coverage import Coverage
from .crossfield import CrossField

FIELDS = "fields"  # the pseudo-level of --columns
ROW_KINDS = ("measure", "owner", "field")


@dataclass(frozen=True, slots=True)
class Cell:
    direct: int = 0
    inherited: int = 0

    def __add__(self, other: Cell) -> Cell:
        return Cell(self.direct + other.direct, self.inherited + other.inherited)

    def __bool__(self) -> bool:
        return bool(self.direct or self.inherited)


def _summed(cells: Iterable[Cell]) -> Cell:
    """The cells added up: the counts summed, not a new cell made at each addition (the totals
    of a 2,000-measure matrix were 100,000 cells made and dropped)."""
    direct = inherited = 0
    for cell in cells:
        direct += cell.direct
        inherited += cell.inherited
    return Cell(direct, inherited)


# The cells of one measure, one of three: shared by every row (a matrix of 100,000 measures
# by 17 goals is 1.7 million cells; a cell cannot be changed, only added to another).
_NOT_LINKED, _DIRECT, _INHERITED = Cell(), Cell(direct=1), Cell(inherited=1)


@dataclass(frozen=True, slots=True)
class MatrixColumn:
    id: str
    title: str
    title_en: str | None = None
    short_title: str | None = None
    short_title_en: str | None = None
    # The node's colour, else its nearest ancestor's (an SDG target has its goal's colour).
    color: str | None = None

    def label(self, lang: str) -> str:
        """The short name for headers: short title, else title, in the language if there is one."""
        if lang == "en":
            return self.short_title_en or self.title_en or self.short_title or self.title
        return self.short_title or self.title

    def full_title(self, lang: str) -> str:
        return (self.title_en or self.title) if lang == "en" else self.title


@dataclass(slots=True)
class MatrixRow:
    id: str  # measure id, owner (所管部) or field id
    title: str | None = None  # the measure's or field's title; owners have none
    title_en: str | None = None
    cells: list[Cell] = field(default_factory=list)

    @property
    def total(self) -> Cell:
        return _summed(self.cells)

    def label(self, lang: str) -> str | None:
        if self.title is None:
            return None
        return (self.title_en or self.title) if lang == "en" else self.title


@dataclass(slots=True)
class Matrix:
    key: str  # the --columns key: "SDG.goal", or "fields"
    title: str  # the level's title, e.g. ゴール; 分野 for fields
    title_en: str | None
    framework_title: str | None  # SDG's title; None for fields
    framework_title_en: str | None
    row_kind: str  # measure, owner or field
    columns: list[MatrixColumn]
    rows: list[MatrixRow]

    @property
    def counts(self) -> bool:
        """Whether cells count measures (owner and field rows) rather than mark one measure."""
        return self.row_kind != "measure"

    @property
    def is_fields(self) -> bool:
        return self.key == FIELDS

    @property
    def column_totals(self) -> list[Cell]:
        if not self.rows:
            return [Cell() for _ in self.columns]
        return [_summed(column) for column in zip(*(row.cells for row in self.rows), strict=True)]

    @property
    def total(self) -> Cell:
        return _summed(row.total for row in self.rows)


class UnknownColumns(ValueError):
    """``--columns`` names no level of the framework."""

    def __init__(self, key: str, valid: list[str], suggestion: str | None):
        super().__init__(key)
        self.key = key
        self.valid = valid
        self.suggestion = suggestion


def column_keys(framework: Framework) -> list[str]:
    """What ``--columns`` accepts: every level key (``SDG.goal``) and ``fields``."""
    return [level.key for level in framework.levels()] + [FIELDS]


def default_columns(framework: Framework) -> str:
    """``SDG.goal`` when the framework has it, else its first level."""
    keys = column_keys(framework)
    return "SDG.goal" if "SDG.goal" in keys else keys[0]


def build_matrix(
    framework: Framework,
    measures: dict[str, LoadedMeasure],
    coverage: Coverage,
    cross_field: CrossField,
    columns: str,
    rows: str = "measure",
) -> Matrix:
    """The matrix of ``rows`` × the nodes of level ``columns``; :class:`UnknownColumns` if none."""
    if rows not in ROW_KINDS:
        raise ValueError(f"rows must be one of {ROW_KINDS}, not {rows!r}")
    if columns == FIELDS:
        matrix = Matrix(
            FIELDS,
            "分野",
            "Fields",
            None,
            None,
            rows,
            [MatrixColumn(f.id, f.title, f.title_en) for f in framework.fields.values()],
            [],
        )
    else:
        level = framework.level(columns)
        if level is None:
            keys = column_keys(framework)
            raise UnknownColumns(columns, keys, IdIndex(keys).suggest(columns))
        info = framework.frameworks[level.framework]
        matrix = Matrix(
            level.key,
            level.title,
            level.title_en,
            info.title,
            info.title_en,
            rows,
            [
                MatrixColumn(
                    node.id,
                    node.title,
                    node.title_en,
                    node.short_title,
                    node.short_title_en,
                    _colour(framework, node.id),
                )
                for node in framework.nodes.values()
                if node.level_key == level.key
            ],
            [],
        )

    column_ids = [column.id for column in matrix.columns]

    def empty(key: str, title: str | None = None, title_en: str | None = None) -> MatrixRow:
        return MatrixRow(key, title, title_en, [_NOT_LINKED] * len(column_ids))

    by_row: dict[str, MatrixRow] = {}
    if rows == "field":  # every field of the framework, even one without measures
        for field_def in framework.fields.values():
            by_row[field_def.id] = empty(field_def.id, field_def.title, field_def.title_en)
    for measure_id, loaded in measures.items():
        measure = loaded.measure
        if rows == "measure":
            by_row[measure_id] = MatrixRow(
                measure_id,
                measure.title,
                measure.title_en,
                [_relation(matrix, coverage, cross_field, measure, c) for c in column_ids],
            )
            continue
        key = measure.owner if rows == "owner" else measure.field
        # A field the framework does not define (reported by SA102) still gets its row,
        # so that the column totals count every measure.
        if key not in by_row:
            by_row[key] = empty(key)
        row = by_row[key]
        for index, column_id in enumerate(column_ids):
            row.cells[index] += _relation(matrix, coverage, cross_field, measure, column_id)
    matrix.rows = list(by_row.values())
    return matrix


def _relation(
    matrix: Matrix, coverage: Coverage, cross_field: CrossField, measure: Measure, column_id: str
) -> Cell:
    if matrix.is_fields:
        if measure.field == column_id:
            return _DIRECT
        reached = cross_field.cross_field_measures.get(measure.id, [])[1:]
        return _INHERITED if column_id in reached else _NOT_LINKED
    if measure.id in coverage.direct.get(column_id, ()):
        return _DIRECT
    if measure.id in coverage.covering.get(column_id, ()):
        return _INHERITED
    return _NOT_LINKED


def _colour(framework: Framework, node_id: str) -> str | None:
    node = framework.nodes[node_id]
    if node.color:
        return node.color
    for ancestor in framework.ancestors(node_id):
        if framework.nodes[ancestor].color:
            return framework.nodes[ancestor].color
    return None
