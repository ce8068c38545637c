"""``seta-align framework show --format json``: a framework as one document (docs/json-output.md,
*framework*): its files, fields, frameworks with their levels (and counts) and nested nodes,
its relations, and the problems that stop it from being used (none when it loads)."""

from __future__ import annotations

from .. import __version__
from ..loading.framework import Framework
from ..loading.framework_modules import FrameworkModule, modules_name

SCHEMA_VERSION = 1


def _heading(modules: list[FrameworkModule]) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "seta-align", "version": __version__},
        "command": "framework show",
        "file": modules_name(modules),
        "modules": [module.name for module in modules],
    }


def framework_document(framework: Framework) -> dict:
    nodes = framework.nodes
    counts = framework.level_counts()

    def tree(root_id: str) -> dict:
        """The node and its descendants, nested; built without recursion (a framework may be
        deeper than Python's recursion limit)."""
        made: dict[str, dict] = {}
        stack = [root_id]
        while stack:
            node = nodes[stack.pop()]
            made[node.id] = {
                "id": node.id,
                "level": node.level,
                "title": node.title,
                "title_en": node.title_en,
                "fields": list(node.fields),
                "file": node.file,
                "line": node.line,
                "children": [],
            }
            if node.parent is not None and node.id != root_id:
                made[node.parent]["children"].append(made[node.id])
            stack.extend(reversed(node.children))
        return made[root_id]

    return {
        **_heading(framework.modules),
        "ok": True,
        "name": framework.name,
        "name_en": framework.name_en,
        "plan_period": None
        if framework.plan_period is None
        else {"start": framework.plan_period[0], "end": framework.plan_period[1]},
        "fields": [
            {"id": key, "title": value.title, "title_en": value.title_en}
            for key, value in framework.fields.items()
        ],
        "frameworks": [
            {
                "id": info.id,
                "title": info.title,
                "title_en": info.title_en,
                "levels": [
                    {
                        "id": level.id,
                        "key": level.key,
                        "title": level.title,
                        "title_en": level.title_en,
                        "count": counts.get(level.key, 0),
                    }
                    for level in info.levels
                ],
                "nodes": [tree(root) for root in info.roots],
            }
            for info in framework.frameworks.values()
        ],
        "relations": [
            {
                "from": relation.source,
                "to": relation.target,
                "type": relation.type,
                "basis": relation.basis,
                "across_files": framework.crosses_files(relation),
            }
            for relation in framework.relations
        ],
        "problems": [],
    }


def problems_document(modules: list[FrameworkModule], findings: list, lang: str) -> dict:
    from ..reporters.json import finding_dict

    return {
        **_heading(modules),
        "ok": False,
        "problems": [finding_dict(finding, lang) for finding in findings],
    }
