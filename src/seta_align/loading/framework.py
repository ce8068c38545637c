"""The policy frameworks (条例・基本計画・SDGs …) read from a framework file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..findings import Finding
from ..i18n import Text
from ..models import FieldDef, FrameworkFile, NodeDef, RelationDef
from .validation import schema_findings
from .yaml_source import Path_, SourceMap, input_problem, read_yaml_file, schema_problem_at


@dataclass(frozen=True, slots=True)
class Level:
    framework: str
    id: str
    title: str
    title_en: str | None
    warn_uncovered: bool

    @property
    def key(self) -> str:
        """``SDG.target``: how configs and reports name a level."""
        return f"{self.framework}.{self.id}"


@dataclass(slots=True)
class FrameworkNode:
    id: str
    framework: str
    level: str
    title: str
    title_en: str | None
    short_title: str | None
    short_title_en: str | None
    color: str | None
    fields: tuple[str, ...]
    note: str | None
    parent: str | None
    children: list[str] = field(default_factory=list)
    # Where the node is defined in the framework file, so findings about it can point there.
    line: int | None = None
    column: int | None = None

    @property
    def level_key(self) -> str:
        return f"{self.framework}.{self.level}"

    def label(self, lang: str) -> str:
        if lang == "en":
            return self.short_title_en or self.title_en or self.short_title or self.title
        return self.short_title or self.title


@dataclass(slots=True)
class FrameworkInfo:
    id: str
    title: str
    title_en: str | None
    levels: list[Level]
    roots: list[str]


@dataclass(slots=True)
class Framework:
    path: Path
    display_name: str
    name: str
    name_en: str | None
    plan_period: tuple[int, int] | None
    fields: dict[str, FieldDef]
    frameworks: dict[str, FrameworkInfo]
    nodes: dict[str, FrameworkNode]
    relations: list[RelationDef]
    source_digest: str | None = None  # of the framework file's bytes as read
    # node id -> its ancestors, nearest first; filled as asked (every link of every measure
    # asks for them, and a framework has a few hundred nodes).
    _ancestors: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def ancestors(self, node_id: str) -> tuple[str, ...]:
        known = self._ancestors.get(node_id)
        if known is None:
            chain = []
            parent = self.nodes[node_id].parent
            while parent is not None:
                chain.append(parent)
                parent = self.nodes[parent].parent
            known = self._ancestors[node_id] = tuple(chain)
        return known

    def descendants(self, node_id: str) -> Iterator[str]:
        stack = list(self.nodes[node_id].children)
        while stack:
            current = stack.pop()
            yield current
            stack.extend(self.nodes[current].children)

    def levels(self) -> Iterator[Level]:
        for info in self.frameworks.values():
            yield from info.levels

    def level(self, key: str) -> Level | None:
        framework_id, _, level_id = key.partition(".")
        info = self.frameworks.get(framework_id)
        if info is None:
            return None
        return next((level for level in info.levels if level.id == level_id), None)


class FrameworkError(Exception):
    """The framework file cannot be used; the findings say why and where."""

    def __init__(self, findings: list[Finding]):
        super().__init__(f"{len(findings)} problem(s) in the framework file")
        self.findings = findings


def load_framework(path: Path, display_name: str | None = None) -> Framework:
    name = display_name or str(path)
    document = read_yaml_file(path, name)
    if document.problems:
        raise FrameworkError(document.problems)
    if document.data is None:
        raise FrameworkError(
            [
                input_problem(
                    "SA003",
                    "schema",
                    Text("フレームワークファイルが空です。", "The framework file is empty."),
                    name,
                )
            ]
        )
    try:
        spec = FrameworkFile.model_validate(document.data)
    except ValidationError as error:
        raise FrameworkError(
            schema_findings(error, FrameworkFile, name, document.source, data=document.data)
        ) from None
    framework = _build(path, name, spec, document.source)
    framework.source_digest = document.digest
    return framework


def _build(path: Path, name: str, spec: FrameworkFile, source: SourceMap) -> Framework:
    problems: list[Finding] = []

    def problem(at: Path_, message: Text, hint: Text | None = None) -> None:
        problems.append(schema_problem_at(name, source, at, message, hint))

    fields: dict[str, FieldDef] = {}
    for index, field_def in enumerate(spec.fields):
        if field_def.id in fields:
            problem(("fields", index, "id"), _duplicate_id(field_def.id))
        fields[field_def.id] = field_def

    nodes: dict[str, FrameworkNode] = {}
    frameworks: dict[str, FrameworkInfo] = {}
    for f_index, framework_def in enumerate(spec.frameworks):
        if framework_def.id in frameworks:
            problem(("frameworks", f_index, "id"), _duplicate_id(framework_def.id))
            continue
        levels = [
            Level(framework_def.id, lv.id, lv.title, lv.title_en, lv.warn_uncovered)
            for lv in framework_def.levels
        ]
        level_ids = [lv.id for lv in levels]
        info = FrameworkInfo(
            framework_def.id, framework_def.title, framework_def.title_en, levels, []
        )
        frameworks[framework_def.id] = info

        # Iterative walk: the framework tree may be deep, and recursion limits are not ours to set.
        stack: list[tuple[NodeDef, str | None, int, Path_]] = [
            (node_def, None, 0, ("frameworks", f_index, "nodes", n_index))
            for n_index, node_def in reversed(list(enumerate(framework_def.nodes)))
        ]
        while stack:
            node_def, parent, depth, at = stack.pop()
            if node_def.id in nodes or node_def.id in frameworks.keys() - {framework_def.id}:
                problem((*at, "id"), _duplicate_id(node_def.id))
                continue
            level = node_def.level
            if level is None:
                if depth >= len(level_ids):
                    problem(
                        at,
                        Text(
                            f"ノード {node_def.id} の階層（{depth + 1} 段目）に対応する level が"
                            "ありません。",
                            f"Node {node_def.id} is at depth {depth + 1}, deeper than the "
                            "framework's levels.",
                        ),
                        Text(
                            "level: を書くか、levels を増やしてください。",
                            "Give it a 'level:' or add a level.",
                        ),
                    )
                    continue
                level = level_ids[depth]
            elif level not in level_ids:
                problem(
                    (*at, "level"),
                    Text(
                        f"level「{level}」はこのフレームワークの levels にありません。",
                        f"Level '{level}' is not one of this framework's levels.",
                    ),
                    Text(
                        "使える level: " + ", ".join(level_ids), "Levels: " + ", ".join(level_ids)
                    ),
                )
                continue
            for f_pos, field_id in enumerate(node_def.fields):
                if field_id not in fields:
                    problem(
                        (*at, "fields", f_pos),
                        Text(
                            f"分野「{field_id}」は fields にありません。",
                            f"Field '{field_id}' is not defined under fields.",
                        ),
                        Text("使える分野: " + ", ".join(fields), "Fields: " + ", ".join(fields)),
                    )
            if framework_def.requires_fields and not node_def.fields:
                problem(
                    at,
                    Text(
                        f"ノード {node_def.id} に fields（分野）がありません。",
                        f"Node {node_def.id} names no fields.",
                    ),
                    Text(
                        "このフレームワークでは各ノードに分野が必要です。",
                        "Every node of this framework must name its field(s).",
                    ),
                )
            nodes[node_def.id] = FrameworkNode(
                id=node_def.id,
                framework=framework_def.id,
                level=level,
                title=node_def.title,
                title_en=node_def.title_en,
                short_title=node_def.short_title,
                short_title_en=node_def.short_title_en,
                color=node_def.color,
                fields=tuple(node_def.fields),
                note=node_def.note,
                parent=parent,
                line=(source.locate((*at, "id")) or (None, None))[0],
                column=(source.locate((*at, "id")) or (None, None))[1],
            )
            if parent is None:
                info.roots.append(node_def.id)
            else:
                nodes[parent].children.append(node_def.id)
            for c_index, child in reversed(list(enumerate(node_def.children))):
                stack.append((child, node_def.id, depth + 1, (*at, "children", c_index)))

    for r_index, relation in enumerate(spec.relations):
        for end, key in ((relation.source, "from"), (relation.target, "to")):
            if end not in nodes:
                problem(
                    ("relations", r_index, key),
                    Text(
                        f"relations の {key}「{end}」はどのフレームワークにもありません。",
                        f"Relation {key} '{end}' is not a node of any framework.",
                    ),
                )
    if problems:
        raise FrameworkError(problems)
    period = (spec.plan_period.start, spec.plan_period.end) if spec.plan_period else None
    return Framework(
        path,
        name,
        spec.name,
        spec.name_en,
        period,
        fields,
        frameworks,
        nodes,
        list(spec.relations),
    )


def _duplicate_id(identifier: str) -> Text:
    return Text(f"ID「{identifier}」が重複しています。", f"Duplicate id '{identifier}'.")
