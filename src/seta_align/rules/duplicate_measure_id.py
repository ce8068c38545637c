"""SA101: the same measure id in two places, or a measure id that is a framework node id."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from .base import Rule


def check(context) -> Iterator[Finding]:
    for loaded in context.draft.measures:
        identifier = loaded.measure.id
        if identifier in context.framework.nodes:
            yield RULE.at_measure(
                loaded,
                Text(
                    f"施策 ID「{identifier}」はフレームワークのノード ID と同じです。"
                    "この施策は検査の対象から外しました。",
                    f"Measure id '{identifier}' is also a framework node id; the measure is left "
                    "out of the analysis.",
                ),
                "id",
                hint=Text(
                    "部局の略称などで始まる別の ID にしてください。",
                    "Use another id, e.g. starting with the department's prefix.",
                ),
            )
            continue
        original = context.measures[identifier]
        if original is not loaded:
            line, _ = original.locate("id")
            where = f"{original.file}:{line}" if line else original.file
            yield RULE.at_measure(
                loaded,
                Text(
                    f"施策 ID「{identifier}」は {where} でも使われています。",
                    f"Measure id '{identifier}' is also used at {where}.",
                ),
                "id",
                hint=Text("どちらかの ID を変えてください。", "Give one of them another id."),
            )


RULE = Rule(
    "SA101",
    "duplicate-measure-id",
    Severity.ERROR,
    Text(
        "施策 ID が重複している（ファイルをまたいでも）",
        "A measure id is used twice (also across files)",
    ),
    check,
)
