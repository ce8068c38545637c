"""The framework files of a run, composed into one :class:`Framework`.

Three passes over the files, so that no file's order matters more than it must: the fields of
every file first (a city's fields may sit in a file after the one whose nodes name them), then
the frameworks and their nodes, then the relations, whose ends may be in any file.

One slip, one finding:
- an id defined twice is one error, in the city's own file when the other is a bundled module;
  what the clash leaves out (a node's subtree, a whole framework) is remembered, and a relation
  to it is not a second error;
- a field no file defines is one error at its first use, however many nodes name it;
- when a file could not be read, its relations' missing ends follow from that, and are not
  reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..findings import Finding
from ..i18n import Text
from ..input_records import FieldDef, RelationDef
from ..input_records import from_model as record_from_model
from ..models import FrameworkDef, FrameworkFile, NodeDef
from .framework import Framework, FrameworkError, FrameworkInfo, FrameworkNode, Level
from .framework_modules import FrameworkModule, is_sdg_id, modules_name
from .yaml_source import Path_, SourceMap, input_problem, schema_problem_at

Read = tuple[FrameworkModule, FrameworkFile, SourceMap]


def compose(
    modules: list[FrameworkModule],
    read: list[Read],
    problems: list[Finding],
    *,
    every_file_read: bool,
    plan_period_set: bool = False,
) -> Framework:
    """The framework of the files ``read`` (of ``modules``); :class:`FrameworkError` with the
    ``problems`` met reading them and those of composing them. ``plan_period_set``: the config
    gives the plan period, so the files' may differ."""
    composer = _Composer(problems)
    files = [(_File(module, source), spec) for module, spec, source in read]
    for file, spec in files:
        composer.add_fields(file, spec, plan_period_set)
    claimed = [composer.claim_frameworks(file, spec) for file, spec in files]
    for (file, _), frameworks in zip(files, claimed, strict=True):
        for f_index, framework_def in frameworks:
            composer.add_framework(file, framework_def, f_index)
    # A field or a relation end that one unread file would have defined is no slip of its own.
    if every_file_read:
        composer.say_unknown_fields()
        for file, spec in files:
            composer.check_relations(file, spec)
        composer.say_without_sdgs(modules)
    return composer.finish(modules, read)


@dataclass(slots=True)
class _File:
    module: FrameworkModule
    source: SourceMap

    @property
    def name(self) -> str:
        return self.module.name

    def line(self, at: Path_) -> int | None:
        return (self.source.locate(at) or (None, None))[0]

    def problem(self, at: Path_, message: Text, hint: Text | None = None) -> Finding:
        return schema_problem_at(self.name, self.source, at, message, hint)


@dataclass(slots=True)
class _Defined:
    """Where an id was first defined, to name both places when another file defines it too."""

    file: _File
    at: Path_

    @property
    def where(self) -> str:
        """``seta-align:sdgs:196``, or the file alone when the line is not known."""
        line = self.file.line(self.at)
        return f"{self.file.name}:{line}" if line else self.file.name


class _Composer:
    def __init__(self, problems: list[Finding]) -> None:
        self.problems = problems
        self.fields: dict[str, FieldDef] = {}
        self.frameworks: dict[str, FrameworkInfo] = {}
        self.nodes: dict[str, FrameworkNode] = {}
        # Where each field, framework and node id was defined: three namespaces, as a node may
        # share its framework's id (the vision IV is the one node of framework IV).
        self.defined: dict[str, dict[str, _Defined]] = {"field": {}, "framework": {}, "node": {}}
        # Node ids a problem left out (with their subtrees): no relation to them is an error.
        self.dropped: set[str] = set()
        # A field no file defines: where it is first named, and how many more times.
        self.unknown_fields: dict[str, tuple[_File, Path_, int]] = {}
        # Relations to SDG ids when no file defines the SDGs: the first, and how many.
        self.sdg_ends: list[tuple[_File, Path_, str]] = []
        self.period: tuple[int, int] | None = None
        self.period_from: _Defined | None = None

    # --- ids ------------------------------------------------------------------------------

    def claim(self, kind: str, identifier: str, file: _File, at: Path_) -> bool:
        """Record where ``identifier`` is defined; False (and a located problem) when it
        already is, in this file or another one."""
        first = self.defined[kind].get(identifier)
        if first is None:
            self.defined[kind][identifier] = _Defined(file, at)
            return True
        if first.file.name == file.name:
            self.problems.append(file.problem(at, _duplicate_id(identifier)))
            return False
        here = _Defined(file, at)
        # Said where the city can mend it: in its own file, naming the bundled one.
        fix, other = (first, here) if file.module.bundled and not first.file.module.bundled else (
            here,
            first,
        )
        self.problems.append(
            fix.file.problem(
                fix.at,
                Text(
                    f"ID「{identifier}」は {other.where} と {fix.file.name} の両方で定義されて"
                    "います。",
                    f"Id '{identifier}' is defined both in {other.where} and in {fix.file.name}.",
                ),
                Text(
                    "組み合わせるフレームワークの ID は重複できません。どちらかの ID を変えるか、"
                    "同じものを二度読み込んでいないか確かめてください。",
                    "Ids must be unique across the frameworks used together: rename one, or "
                    "check that the same framework is not read twice.",
                ),
            )
        )
        return False

    # --- pass 1: fields and the plan period ------------------------------------------------

    def add_fields(self, file: _File, spec: FrameworkFile, plan_period_set: bool) -> None:
        for index, field_def in enumerate(spec.fields):
            if self.claim("field", field_def.id, file, ("fields", index, "id")):
                self.fields[field_def.id] = record_from_model(FieldDef, field_def)
        if spec.plan_period is None:
            return
        period = (spec.plan_period.start, spec.plan_period.end)
        here = _Defined(file, ("plan_period",))
        if self.period is None:
            self.period, self.period_from = period, here
        elif period != self.period and self.period_from is not None and not plan_period_set:
            # Said in the city's own file, naming the bundled one, as a clash of ids is.
            fix, other = (
                (self.period_from, here)
                if file.module.bundled and not self.period_from.file.module.bundled
                else (here, self.period_from)
            )
            where = other.where
            # The period the other file gives, which the message names.
            theirs = period if fix is self.period_from else self.period
            self.problems.append(
                fix.file.problem(
                    ("plan_period",),
                    Text(
                        f"plan_period が {where} の {theirs[0]}〜{theirs[1]} 年度と違います。",
                        f"plan_period differs from FY{theirs[0]}–{theirs[1]} in {where}.",
                    ),
                    Text(
                        "計画期間はひとつのファイルに書くか、設定ファイルの plan_period で"
                        "決めてください。",
                        "Give the plan period in one file only, or set it in the config.",
                    ),
                )
            )

    # --- pass 2: frameworks and their nodes --------------------------------------------------

    def claim_frameworks(
        self, file: _File, spec: FrameworkFile
    ) -> list[tuple[int, FrameworkDef]]:
        """The frameworks of a file whose ids are its own, with their place in it. Every
        file's are claimed before any node, so that whether a node takes another framework's
        id does not depend on the order of the files."""
        kept = []
        for f_index, framework_def in enumerate(spec.frameworks):
            if self.claim("framework", framework_def.id, file, ("frameworks", f_index, "id")):
                kept.append((f_index, framework_def))
            else:
                for node_def in framework_def.nodes:
                    self._drop(node_def)
        return kept

    def add_framework(self, file: _File, framework_def: FrameworkDef, f_index: int) -> None:
        levels = [
            Level(framework_def.id, lv.id, lv.title, lv.title_en, lv.warn_uncovered)
            for lv in framework_def.levels
        ]
        level_ids = [lv.id for lv in levels]
        for l_index, level_id in enumerate(level_ids):
            if level_id in level_ids[:l_index]:
                self.problems.append(
                    file.problem(
                        ("frameworks", f_index, "levels", l_index, "id"),
                        Text(
                            f"level「{level_id}」が重複しています。",
                            f"Duplicate level '{level_id}'.",
                        ),
                    )
                )
        info = FrameworkInfo(
            framework_def.id, framework_def.title, framework_def.title_en, levels, []
        )
        self.frameworks[framework_def.id] = info
        others = self.defined["framework"].keys() - {framework_def.id}

        # Iterative walk: the framework tree may be deep, and recursion limits are not ours to set.
        stack: list[tuple[NodeDef, str | None, int, Path_]] = [
            (node_def, None, 0, ("frameworks", f_index, "nodes", n_index))
            for n_index, node_def in reversed(list(enumerate(framework_def.nodes)))
        ]
        while stack:
            node_def, parent, depth, at = stack.pop()
            if node_def.id in others:  # a node may not take another framework's id
                self.problems.append(file.problem((*at, "id"), _duplicate_id(node_def.id)))
                self._drop(node_def)
                continue
            if not self.claim("node", node_def.id, file, (*at, "id")):
                self._drop(node_def)
                continue
            level = self._level(file, node_def, depth, at, level_ids)
            if level is None:
                self._drop(node_def)
                continue
            self._check_fields(file, framework_def, node_def, at)
            line, column = file.source.locate((*at, "id")) or (None, None)
            self.nodes[node_def.id] = FrameworkNode(
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
                file=file.name,
                line=line,
                column=column,
            )
            if parent is None:
                info.roots.append(node_def.id)
            else:
                self.nodes[parent].children.append(node_def.id)
            for c_index, child in reversed(list(enumerate(node_def.children))):
                stack.append((child, node_def.id, depth + 1, (*at, "children", c_index)))

    def _level(
        self, file: _File, node_def: NodeDef, depth: int, at: Path_, level_ids: list[str]
    ) -> str | None:
        """The node's level: its own ``level:``, else the one of its depth; None after a
        located problem."""
        level = node_def.level
        if level is None:
            if depth < len(level_ids):
                return level_ids[depth]
            self.problems.append(
                file.problem(
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
            )
            return None
        if level in level_ids:
            return level
        self.problems.append(
            file.problem(
                (*at, "level"),
                Text(
                    f"level「{level}」はこのフレームワークの levels にありません。",
                    f"Level '{level}' is not one of this framework's levels.",
                ),
                Text("使える level: " + ", ".join(level_ids), "Levels: " + ", ".join(level_ids)),
            )
        )
        return None

    def _check_fields(
        self, file: _File, framework_def: FrameworkDef, node_def: NodeDef, at: Path_
    ) -> None:
        for f_pos, field_id in enumerate(node_def.fields):
            if field_id in self.fields:
                continue
            known = self.unknown_fields.get(field_id)
            if known is None:
                self.unknown_fields[field_id] = (file, (*at, "fields", f_pos), 0)
            else:
                self.unknown_fields[field_id] = (known[0], known[1], known[2] + 1)
        if framework_def.requires_fields and not node_def.fields:
            self.problems.append(
                file.problem(
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
            )

    def say_unknown_fields(self) -> None:
        """Each field no file defines, once, where it is first named."""
        listed = ", ".join(self.fields) or "-"
        for field_id, (file, at, more) in self.unknown_fields.items():
            self.problems.append(
                file.problem(
                    at,
                    Text(
                        f"分野「{field_id}」は fields にありません"
                        + (f"（ほか {more} か所でも使われています）。" if more else "。"),
                        f"Field '{field_id}' is not defined under fields"
                        + (f" (also named in {more} more place(s))." if more else "."),
                    ),
                    Text(
                        f"使える分野: {listed}。分野は fields: に書きます。",
                        f"Fields: {listed}. Define a field under fields:.",
                    ),
                )
            )

    def _drop(self, node_def: NodeDef) -> None:
        """Remember a node left out, with its subtree."""
        stack = [node_def]
        while stack:
            current = stack.pop()
            self.dropped.add(current.id)
            stack.extend(current.children)

    # --- pass 3: relations ------------------------------------------------------------------

    def check_relations(self, file: _File, spec: FrameworkFile) -> None:
        if not self.frameworks:
            return  # that no end exists follows from there being no framework (said in finish)
        without_sdgs = "SDG" not in self.defined["framework"]
        for r_index, relation in enumerate(spec.relations):
            for end, key in ((relation.source, "from"), (relation.target, "to")):
                if end in self.nodes or end in self.dropped:
                    continue
                at = ("relations", r_index, key)
                if without_sdgs and is_sdg_id(end):
                    self.sdg_ends.append((file, at, end))  # one slip: said once, below
                    continue
                self.problems.append(
                    file.problem(
                        at,
                        Text(
                            f"relations の {key}「{end}」はどのフレームワークにもありません。",
                            f"Relation {key} '{end}' is not a node of any framework.",
                        ),
                    )
                )

    def say_without_sdgs(self, modules: list[FrameworkModule]) -> None:
        """Relations to SDG ids, and no SDG module among the files: one finding, at the first."""
        if not self.sdg_ends:
            return
        file, at, end = self.sdg_ends[0]
        more = len(self.sdg_ends) - 1
        self.problems.append(
            file.problem(
                at,
                Text(
                    f"relations の「{end}」は SDG の ID ですが、SDGs が読み込まれていません"
                    + (f"（ほか {more} か所の SDG への関係も同じ）。" if more else "。"),
                    f"Relation end '{end}' is an SDG id, and no SDGs are read"
                    + (f" (as for {more} more relation end(s) to the SDGs)." if more else "."),
                ),
                Text(
                    "framework: に seta-align:sdgs を加えてください"
                    f"（例: framework: [{modules[0].name}, seta-align:sdgs]）。",
                    "Add seta-align:sdgs to framework: "
                    f"(e.g. framework: [{modules[0].name}, seta-align:sdgs]).",
                ),
            )
        )

    # --- the framework ----------------------------------------------------------------------

    def finish(self, modules: list[FrameworkModule], read: list[Read]) -> Framework:
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
        # A file of relations only adds no framework, and no name.
        names = [(spec.name, spec.name_en) for _, spec, _ in read if spec.frameworks]
        name = "・".join(ja for ja, _ in names)
        english = [en or ja for ja, en in names]
        name_en = (
            english[0] if len(english) == 1 else ", ".join(english[:-1]) + ", and " + english[-1]
        )
        return Framework(
            modules,
            modules_name(modules),
            name,
            name_en,
            self.period,
            self.fields,
            self.frameworks,
            self.nodes,
            [
                record_from_model(RelationDef, relation)
                for _, spec, _ in read
                for relation in spec.relations
            ],
        )


def _duplicate_id(identifier: str) -> Text:
    return Text(f"ID「{identifier}」が重複しています。", f"Duplicate id '{identifier}'.")

