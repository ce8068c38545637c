"""SA101: the same measure id in two places, or a measure id that is a framework node id."""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.references import fold
from ..findings import Finding, Severity
from ..i18n import Text
from ..loading.measures import LoadedMeasure
from .base import Rule


def check(context) -> Iterator[Finding]:
    # Ids are case-insensitive (see analysis/references.py): ECON-01 and econ-01 are one id.
    nodes = {fold(node_id): node_id for node_id in context.framework.nodes}
    first: dict[str, LoadedMeasure] = {}
    for loaded in context.draft.measures:
        identifier = loaded.measure.id
        if fold(identifier) in nodes:
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
        original = first.setdefault(fold(identifier), loaded)
        if original is not loaded:
            line, _ = original.locate("id")
            where = f"{original.file}:{line}" if line else original.file
            same = identifier if original.measure.id == identifier else original.measure.id
            yield RULE.at_measure(
                loaded,
                Text(
                    f"施策 ID「{identifier}」は {where} でも使われています"
                    + ("。" if same == identifier else f"（{same}。ID は大文字・小文字を区別しません）。"),
                    f"Measure id '{identifier}' is also used at {where}"
                    + ("." if same == identifier else f" ({same}; ids are not case-sensitive)."),
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
