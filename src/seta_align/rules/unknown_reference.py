"""SA102: a link (supports, depends_on, field) to an id that does not exist."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from .base import Rule


def check(context) -> Iterator[Finding]:
    nodes = context.framework.nodes
    fields = context.framework.fields
    for loaded in context.measures.values():
        measure = loaded.measure
        if measure.field not in fields:
            yield RULE.at_measure(
                loaded,
                Text(f"分野「{measure.field}」はありません。", f"Unknown field '{measure.field}'."),
                "field",
                hint=_fields_hint(fields),
            )
        for index, target in enumerate(measure.supports):
            if target in nodes:
                continue
            if target in context.measures:
                yield RULE.at_measure(
                    loaded,
                    Text(
                        f"supports の「{target}」は施策です。supports には政策・目標の ID を書きます。",
                        f"supports: '{target}' is a measure; supports names framework nodes.",
                    ),
                    "supports",
                    index,
                    node=target,
                    hint=Text(
                        "施策どうしの関係は depends_on に書いてください。",
                        "Put links between measures under depends_on.",
                    ),
                )
                continue
            yield RULE.at_measure(
                loaded,
                _unknown("supports", target, context.node_index.suggest(target)),
                "supports",
                index,
                node=target,
                hint=_without_sdgs(target, nodes)
                or Text(
                    "ID の一覧は seta-align check --show coverage で確認できます。",
                    "'seta-align check --show coverage' lists every id.",
                ),
            )
        for index, impact in enumerate(measure.impacts):
            if impact.on in nodes or context.knows_measure(impact.on):
                continue
            guess = context.node_index.suggest(impact.on) or context.measure_index.suggest(impact.on)
            yield RULE.at_measure(
                loaded,
                _unknown("impacts", impact.on, guess),
                "impacts",
                index,
                "on",
                node=impact.on,
                hint=_without_sdgs(impact.on, nodes)
                or Text(
                    "on には政策・目標のノード ID か、他の施策の ID を書きます。",
                    "on names a framework node or another measure.",
                ),
            )
        for index, target in enumerate(measure.depends_on):
            if context.knows_measure(target):
                continue  # includes the measure itself: a cycle, which SA502 reports
            yield RULE.at_measure(
                loaded,
                _unknown("depends_on", target, context.measure_index.suggest(target)),
                "depends_on",
                index,
                hint=Text(
                    "depends_on には他の施策の ID を書きます。",
                    "depends_on names other measures' ids.",
                ),
            )


def _unknown(key: str, target: str, guess: str | None) -> Text:
    message = Text(
        f"{key} の「{target}」という ID はありません。", f"{key}: unknown id '{target}'."
    )
    if guess:
        message += Text(f"「{guess}」の誤りではありませんか？", f" Did you mean '{guess}'?")
    return message


def _without_sdgs(target: str, nodes) -> Text | None:
    """An SDG id in a framework that does not compose the SDG module: the way to add it."""
    from ..loading.framework_modules import is_sdg_id

    if "SDG-1" in nodes or not is_sdg_id(target):
        return None
    return Text(
        "SDG の ID を使うには、設定ファイルの framework: に seta-align:sdgs を加えてください"
        "（例: framework: [policies.yaml, seta-align:sdgs]）。",
        "To link to the SDGs, add seta-align:sdgs to framework: in the config "
        "(e.g. framework: [policies.yaml, seta-align:sdgs]).",
    )


def _fields_hint(fields) -> Text:
    listed = ", ".join(f"{key}（{value.title}）" for key, value in fields.items())
    listed_en = ", ".join(
        f"{key} ({value.title_en or value.title})" for key, value in fields.items()
    )
    return Text("使える分野: " + listed, "Fields: " + listed_en)


RULE = Rule(
    "SA102",
    "unknown-reference",
    Severity.ERROR,
    Text(
        "存在しない ID への参照（supports, depends_on, field）",
        "A link to an id that does not exist (supports, depends_on, field)",
    ),
    check,
)
