"""The policy frameworks (条例・基本計画・SDGs …) read from one or more framework files.

The files of a run (modules, see framework_modules) are read one by one and composed into one
:class:`Framework`: their ids must not clash, and relations may cross from one file to
another (a city's 施策 → an SDG target)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..findings import Finding
from ..i18n import Text
from ..models import FieldDef, FrameworkFile, NodeDef, RelationDef
from .framework_modules import FrameworkModule, modules_name
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
    # Where the node is defined (the module's file, line and column), so that findings about it
    # can point there.
    file: str = ""
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
    modules: list[FrameworkModule]
    display_name: str
    name: str
    name_en: str | None
    plan_period: tuple[int, int] | None
    fields: dict[str, FieldDef]
    frameworks: dict[str, FrameworkInfo]
    nodes: dict[str, FrameworkNode]
    relations: list[RelationDef]
    # Each module's digest of its bytes as read (None: unreadable), for the saved report.
    digests: list[str | None] = field(default_factory=list)
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
    """The framework cannot be used; the findings say why and where."""

    def __init__(self, findings: list[Finding]):
        super().__init__(f"{len(findings)} problem(s) in the framework")
        self.findings = findings


def load_framework(path: Path, display_name: str | None = None) -> Framework:
    """The framework of one file."""
    return load_frameworks([FrameworkModule(display_name or str(path), path)])


def load_frameworks(modules: list[FrameworkModule]) -> Framework:
    """The framework the modules make together; :class:`FrameworkError` with every problem of
    every file (a slip in one file hides nothing in another)."""
    composer = _Composer()
    digests: list[str | None] = []
    seen: set[str] = set()
    for module in modules:
        where = _real(module.path)
        if where in seen:
            # Read twice, every id would clash with itself: one slip, said once.
            composer.problems.append(_read_twice(module))
            digests.append(None)
            continue
        seen.add(where)
        spec, source, digest = _read(module, composer.problems)
        digests.append(digest)
        if spec is not None:
            composer.add(module, spec, source)
    framework = composer.finish(modules)
    framework.digests = digests
    return framework


def _real(path: Path) -> str:
    """The file a path names, to tell the same file given twice; a path that names none (a NUL
    byte in it) as written: reading it says what is wrong."""
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return str(path)


def _read_twice(module: FrameworkModule) -> Finding:
    return input_problem(
        "SA003",
        "schema",
        Text(
            f"フレームワーク「{module.name}」が二度指定されています。",
            f"The framework '{module.name}' is given twice.",
        ),
        module.name,
        hint=Text(
            "設定ファイルの framework: か --framework から、重複をひとつ消してください。",
            "Remove one of the two from framework: in the config or from --framework.",
        ),
    )


def _read(
    module: FrameworkModule, problems: list[Finding]
) -> tuple[FrameworkFile | None, SourceMap, str | None]:
    document = read_yaml_file(module.path, module.name)
    if document.problems:
        problems.extend(document.problems)
        return None, document.source, None
    if document.data is None:
        problems.append(
            input_problem(
                "SA003",
                "schema",
                Text("フレームワークファイルが空です。", "The framework file is empty."),
                module.name,
            )
        )
        return None, document.source, None
    try:
        spec = FrameworkFile.model_validate(document.data)
    except ValidationError as error:
        problems.extend(
            schema_findings(error, FrameworkFile, module.name, document.source, data=document.data)
        )
        return None, document.source, None
    return spec, document.source, document.digest


@dataclass(slots=True)
class _Defined:
    """Where an id was first defined, to name both places when another file defines it too."""

    file: str
    line: int | None
    source: SourceMap | None = None
    at: Path_ = ()
    bundled: bool = False


class _Composer:
    """Builds the frameworks of each file into one set of fields, frameworks and nodes."""

    def __init__(self) -> None:
        self.problems: list[Finding] = []
        self.fields: dict[str, FieldDef] = {}
        self.frameworks: dict[str, FrameworkInfo] = {}
        self.nodes: dict[str, FrameworkNode] = {}
        # Where each field, framework and node id was defined: three namespaces, as a node may
        # share its framework's id (the vision IV is the one node of framework IV).
        self.defined: dict[str, dict[str, _Defined]] = {"field": {}, "framework": {}, "node": {}}
        self.relations: list[tuple[RelationDef, str, SourceMap, int]] = []
        self.names: list[tuple[str, str | None]] = []
        self.period: tuple[int, int] | None = None
        self.period_from: _Defined | None = None

    def add(self, module: FrameworkModule, spec: FrameworkFile, source: SourceMap) -> None:
        file = module.name

        def problem(at: Path_, message: Text, hint: Text | None = None) -> None:
            self.problems.append(schema_problem_at(file, source, at, message, hint))

        def claim(kind: str, identifier: str, at: Path_) -> bool:
            """Record where ``identifier`` is defined; False (and a located problem) when it
            already is, in this file or another one."""
            line = (source.locate(at) or (None, None))[0]
            first = self.defined[kind].get(identifier)
            if first is None:
                self.defined[kind][identifier] = _Defined(file, line, source, at, module.bundled)
                return True
            if first.file == file:
                problem(at, _duplicate_id(identifier))
            else:
                # Said where the city can change it: in its own file, naming the bundled one.
                here = _Defined(file, line, source, at, module.bundled)
                fix, other = (first, here) if module.bundled and not first.bundled else (here, first)
                where = f"{other.file}:{other.line}" if other.line else other.file
                self.problems.append(
                    schema_problem_at(
                        fix.file,
                        fix.source,
                        fix.at,
                        Text(
                            f"ID「{identifier}」は {where} と {fix.file} の両方で定義されています。",
                            f"Id '{identifier}' is defined both in {where} and in {fix.file}.",
                        ),
                        Text(
                            "組み合わせるフレームワークの ID は重複できません。どちらかの ID を"
                            "変えるか、同じものを二度読み込んでいないか確かめてください。",
                            "Ids must be unique across the frameworks used together: rename "
                            "one, or check that the same framework is not read twice.",
                        ),
                    )
                )
            return False

        if spec.frameworks:  # a file of relations only adds no framework to the name
            self.names.append((spec.name, spec.name_en))
        if spec.plan_period is not None:
            period = (spec.plan_period.start, spec.plan_period.end)
            if self.period is None:
                self.period = period
                line = (source.locate(("plan_period",)) or (None, None))[0]
                self.period_from = _Defined(file, line)
            elif period != self.period and self.period_from is not None:
                first = self.period_from
                where = f"{first.file}:{first.line}" if first.line else first.file
                problem(
                    ("plan_period",),
                    Text(
                        f"plan_period が {where} の {self.period[0]}〜{self.period[1]} 年度と"
                        "違います。",
                        f"plan_period differs from FY{self.period[0]}–{self.period[1]} in "
                        f"{where}.",
                    ),
                    Text(
                        "計画期間はひとつのファイルに書くか、設定ファイルの plan_period で"
                        "決めてください。",
                        "Give the plan period in one file only, or set it in the config.",
                    ),
                )

        for index, field_def in enumerate(spec.fields):
            if claim("field", field_def.id, ("fields", index, "id")):
                self.fields[field_def.id] = field_def

        for f_index, framework_def in enumerate(spec.frameworks):
            if not claim("framework", framework_def.id, ("frameworks", f_index, "id")):
                continue
            self._add_framework(framework_def, f_index, file, source, problem, claim)

        for r_index, relation in enumerate(spec.relations):
            self.relations.append((relation, file, source, r_index))

    def _add_framework(self, framework_def, f_index, file, source, problem, claim) -> None:
        levels = [
            Level(framework_def.id, lv.id, lv.title, lv.title_en, lv.warn_uncovered)
            for lv in framework_def.levels
        ]
        level_ids = [lv.id for lv in levels]
        info = FrameworkInfo(framework_def.id, framework_def.title, framework_def.title_en, levels, [])
        self.frameworks[framework_def.id] = info
        nodes = self.nodes

        # Iterative walk: the framework tree may be deep, and recursion limits are not ours to set.
        stack: list[tuple[NodeDef, str | None, int, Path_]] = [
            (node_def, None, 0, ("frameworks", f_index, "nodes", n_index))
            for n_index, node_def in reversed(list(enumerate(framework_def.nodes)))
        ]
        while stack:
            node_def, parent, depth, at = stack.pop()
            if node_def.id in self.frameworks.keys() - {framework_def.id}:
                problem((*at, "id"), _duplicate_id(node_def.id))
                continue
            if not claim("node", node_def.id, (*at, "id")):
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
                if field_id not in self.fields:
                    known = ", ".join(self.fields) or "-"
                    problem(
                        (*at, "fields", f_pos),
                        Text(
                            f"分野「{field_id}」は fields にありません。",
                            f"Field '{field_id}' is not defined under fields.",
                        ),
                        Text("使える分野: " + known, "Fields: " + known),
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
            line, column = source.locate((*at, "id")) or (None, None)
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
                file=file,
                line=line,
                column=column,
            )
            if parent is None:
                info.roots.append(node_def.id)
            else:
                nodes[parent].children.append(node_def.id)
            for c_index, child in reversed(list(enumerate(node_def.children))):
                stack.append((child, node_def.id, depth + 1, (*at, "children", c_index)))

    def finish(self, modules: list[FrameworkModule]) -> Framework:
        # Relations are checked once every file is read: their ends may be in another file.
        # Without any framework, that no end exists is the consequence, not another slip.
        for relation, file, source, r_index in self.relations if self.frameworks else ():
            for end, key in ((relation.source, "from"), (relation.target, "to")):
                if end not in self.nodes:
                    self.problems.append(
                        schema_problem_at(
                            file,
                            source,
                            ("relations", r_index, key),
                            Text(
                                f"relations の {key}「{end}」はどのフレームワークにもありません。",
                                f"Relation {key} '{end}' is not a node of any framework.",
                            ),
                            _relation_hint(end, modules),
                        )
                    )
        if not self.frameworks and not self.problems:  # unread files: said, and that is all
            self.problems.append(
                input_problem(
                    "SA003",
                    "schema",
                    Text(
                        "フレームワークがひとつもありません（frameworks: が空です）。",
                        "There is no framework (frameworks: is empty in every file).",
                    ),
                    modules_name(modules),
                    hint=Text(
                        "frameworks: を書いたファイルか、seta-align:sdgs などの同梱のものを"
                        "加えてください。",
                        "Add a file with frameworks:, or a bundled one such as seta-align:sdgs.",
                    ),
                )
            )
        if self.problems:
            raise FrameworkError(self.problems)
        # The framework's name is its files' names in a row: 「世田谷区 基本計画・…条例・SDGs」.
        name = "・".join(ja for ja, _ in self.names)
        english = [en or ja for ja, en in self.names]
        name_en = english[0] if len(english) == 1 else ", ".join(english[:-1]) + ", and " + english[-1]
        return Framework(
            modules,
            modules_name(modules),
            name,
            name_en,
            self.period,
            self.fields,
            self.frameworks,
            self.nodes,
            [relation for relation, *_ in self.relations],
        )


def _relation_hint(end: str, modules: list[FrameworkModule]) -> Text | None:
    """A relation to an SDG in a framework used without the SDG module is the likely slip."""
    if not end.startswith("SDG-") or any(m.name == "seta-align:sdgs" for m in modules):
        return None
    return Text(
        "SDG の ID なら、framework: に seta-align:sdgs を加えてください。",
        "For an SDG id, add seta-align:sdgs to framework:.",
    )


def _duplicate_id(identifier: str) -> Text:
    return Text(f"ID「{identifier}」が重複しています。", f"Duplicate id '{identifier}'.")
