"""The policy frameworks (条例・基本計画・SDGs …) read from one or more framework files.

The files of a run (modules, see framework_modules) are read one by one here, and composed into
one :class:`Framework` by framework_compose: their ids must not clash, and relations may cross
from one file to another (a city's 施策 → an SDG target)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import TYPE_CHECKING

from ..findings import Finding
from ..i18n import Text
from ..input_records import FieldDef, RelationDef
from ..input_records import from_json as record_from_json
from ..input_records import to_json as record_to_json
from .cache_dir import content_digest
from .framework_modules import FrameworkModule
from .yaml_source import SourceMap, input_problem, parse_bytes, read_bytes

if TYPE_CHECKING:  # pydantic is imported where a file is validated, not to read the cache
    from ..models import FrameworkFile
    from .parse_cache import ParseCache


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

    def level_counts(self) -> dict[str, int]:
        """How many nodes each level has, by its key (SDG.target: 169)."""
        counts: dict[str, int] = {}
        for node in self.nodes.values():
            counts[node.level_key] = counts.get(node.level_key, 0) + 1
        return counts

    def crosses_files(self, relation: RelationDef) -> bool:
        """Whether a relation's ends are in two files (a city's 施策 → an SDG target)."""
        return self.nodes[relation.source].file != self.nodes[relation.target].file

    def levels(self) -> Iterator[Level]:
        for info in self.frameworks.values():
            yield from info.levels

    def level(self, key: str) -> Level | None:
        framework_id, _, level_id = key.partition(".")
        info = self.frameworks.get(framework_id)
        if info is None:
            return None
        return next((level for level in info.levels if level.id == level_id), None)

    def to_json(self) -> dict:
        """The composed framework as JSON data, for the parse cache (``from_json`` reads it
        back; the modules are the run's own)."""
        return {
            "display_name": self.display_name,
            "name": self.name,
            "name_en": self.name_en,
            "plan_period": self.plan_period,
            "fields": [record_to_json(f) for f in self.fields.values()],
            "frameworks": [
                [info.id, info.title, info.title_en, info.roots, [_row(x) for x in info.levels]]
                for info in self.frameworks.values()
            ],
            "nodes": [_row(node) for node in self.nodes.values()],
            "relations": [record_to_json(r) for r in self.relations],
            "digests": self.digests,
        }

    @classmethod
    def from_json(cls, entry: dict, modules: list[FrameworkModule]) -> Framework:
        period = entry["plan_period"]
        nodes = [FrameworkNode(*row) for row in entry["nodes"]]
        for node in nodes:
            node.fields = tuple(node.fields)
        return cls(
            modules,
            entry["display_name"],
            entry["name"],
            entry["name_en"],
            None if period is None else (period[0], period[1]),
            {f["id"]: record_from_json(FieldDef, f) for f in entry["fields"]},
            {
                identifier: FrameworkInfo(
                    identifier, title, title_en, [Level(*row) for row in levels], roots
                )
                for identifier, title, title_en, roots, levels in entry["frameworks"]
            },
            {node.id: node for node in nodes},
            [record_from_json(RelationDef, r) for r in entry["relations"]],
            entry["digests"],
        )


def _row(item: object) -> list:
    """A record's fields in order, as JSON data."""
    return [getattr(item, f.name) for f in dataclass_fields(item)]


class FrameworkError(Exception):
    """The framework cannot be used; the findings say why and where."""

    def __init__(self, findings: list[Finding]):
        super().__init__(f"{len(findings)} problem(s) in the framework")
        self.findings = findings


def load_framework(path: Path, display_name: str | None = None) -> Framework:
    """The framework of one file."""
    return load_frameworks([FrameworkModule(display_name or str(path), path)])


def load_frameworks(
    modules: list[FrameworkModule],
    *,
    plan_period_set: bool = False,
    cache: ParseCache | None = None,
) -> Framework:
    """The framework the modules make together; :class:`FrameworkError` with every problem of
    every file (a slip in one file hides nothing in another, and is said once).
    ``plan_period_set``: the config gives the plan period, so the files' may differ.
    ``cache``: modules whose bytes were composed before are answered from it."""
    # Each module's bytes, or the problem that stops reading them (said in the modules' order,
    # among the problems of reading the others: one slip, said where it stands).
    files: list[tuple[FrameworkModule, bytes | None, Finding | None]] = []
    digests: list[str | None] = []
    seen: set[str] = set()
    for module in modules:
        where = _real(module.path)
        if where in seen:
            # Read twice, every id would clash with itself: one slip, said once.
            files.append((module, None, _read_twice(module)))
            digests.append(None)
            continue
        seen.add(where)
        raw, problem = read_bytes(module.path, module.name)
        if problem is not None:
            (problem,) = _with_module_hint(module, [problem])
        files.append((module, raw, problem))
        digests.append(None if raw is None else content_digest(raw))
    if cache is None or None in digests:
        return _composed(modules, files, plan_period_set, digests)
    # The framework is composed of every module: one entry for all of them together.
    name = _CACHE_KIND + "\0".join(module.name for module in modules)
    name += "\0plan period set" if plan_period_set else ""
    together = content_digest("\0".join(digests).encode("ascii"))
    framework = cache.lookup(name, together, lambda entry: Framework.from_json(entry, modules))
    if framework is None:
        framework = _composed(modules, files, plan_period_set, digests)
        cache.store(together, name, json.dumps(framework.to_json(), ensure_ascii=False))
    return framework


# The composed framework's entry in the parse cache is named apart from a measure file's.
_CACHE_KIND = "framework\0"


def _composed(
    modules: list[FrameworkModule],
    files: list[tuple[FrameworkModule, bytes | None, Finding | None]],
    plan_period_set: bool,
    digests: list[str | None],
) -> Framework:
    """The modules parsed, validated and composed (FrameworkError with every problem, in the
    modules' order)."""
    from .framework_compose import compose

    problems: list[Finding] = []
    read: list[tuple[FrameworkModule, FrameworkFile, SourceMap]] = []
    for module, raw, problem in files:
        if raw is None:
            problems.append(problem)
            continue
        spec, source = _read(module, raw, problems)
        if spec is not None:
            read.append((module, spec, source))
    framework = compose(
        modules,
        read,
        problems,
        every_file_read=len(read) == len(modules),
        plan_period_set=plan_period_set,
    )
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


def _with_module_hint(module: FrameworkModule, problems: list[Finding]) -> list[Finding]:
    """``-F sdgs`` for a file that is not there: the bundled module is what was meant."""
    from .framework_modules import BUNDLED_MODULES, BUNDLED_PREFIX

    stem = module.path.stem
    if module.bundled or module.path.exists() or stem not in BUNDLED_MODULES:
        return problems
    meant = BUNDLED_PREFIX + stem
    hint = Text(f"同梱のものなら「{meant}」と書きます。", f"For the bundled one, write '{meant}'.")
    return [replace(problem, hint=hint) for problem in problems]


def _read(
    module: FrameworkModule, raw: bytes, problems: list[Finding]
) -> tuple[FrameworkFile | None, SourceMap]:
    from pydantic import ValidationError

    from ..models import FrameworkFile
    from .validation import schema_findings

    document = parse_bytes(raw, module.name)
    if document.problems:
        problems.extend(_with_module_hint(module, document.problems))
        return None, document.source
    if document.data is None:
        problems.append(
            input_problem(
                "SA003",
                "schema",
                Text("フレームワークファイルが空です。", "The framework file is empty."),
                module.name,
            )
        )
        return None, document.source
    try:
        spec = FrameworkFile.model_validate(document.data)
    except ValidationError as error:
        problems.extend(
            schema_findings(error, FrameworkFile, module.name, document.source, data=document.data)
        )
        return None, document.source
    return spec, document.source
