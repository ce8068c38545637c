"""SA301: a cross-field policy (重点政策) served by measures of too few fields."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from .base import Rule


def check(context) -> Iterator[Finding]:
    needed = context.settings.cross_field_min_fields
    framework = context.framework
    for node_id, fields in context.cross_field.node_fields.items():
        if len(fields) >= needed or node_id in context.coverage.waived:
            continue
        # An unserved policy is already reported as uncovered (SA201), when that rule reports it.
        if not fields and context.reports_uncovered(node_id):
            continue
        node = framework.nodes[node_id]
        if fields:
            names_ja = "・".join(framework.fields[f].title for f in fields if f in framework.fields)
            message = Text(
                f"{node_id}「{node.label('ja')}」は分野横断で取り組む政策ですが、貢献する施策は"
                f"{len(fields)}分野（{names_ja}）だけです。{needed}分野以上が必要です。",
                f"{node_id} '{node.label('en')}' is a cross-field policy but only measures of "
                f"{len(fields)} field(s) serve it ({', '.join(fields)}); at least {needed} are "
                "expected.",
            )
        else:
            message = Text(
                f"{node_id}「{node.label('ja')}」は分野横断で取り組む政策ですが、貢献する施策が"
                f"ありません。{needed}分野以上の施策が必要です。",
                f"{node_id} '{node.label('en')}' is a cross-field policy but no measure serves "
                f"it; measures of at least {needed} fields are expected.",
            )
        yield RULE.at(
            message,
            context.node_location(node_id),
            node=node_id,
            hint=Text(
                "他の分野の施策からもこの政策（またはその取組）を supports に加えてください。",
                "Link measures of other fields to this policy or its actions.",
            ),
            fields=fields,
        )


RULE = Rule(
    "SA301",
    "cross-field-priority",
    Severity.WARNING,
    Text(
        "重点政策に貢献する施策の分野が少なすぎる（分野横断になっていない）",
        "A priority policy is served by measures of too few fields (not cross-field)",
    ),
    check,
    whole_draft=True,
)
