"""SA704: a result, a KPI's ``contributes_to`` or a plan-level indicator's ``on`` naming a
measure, KPI, indicator or node that does not exist (with did-you-mean)."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Location, Severity
from ..i18n import Text
from ._progress_places import result_location
from .base import Rule


def _meant(guess: str | None) -> tuple[str, str]:
    if guess is None:
        return "", ""
    return f"「{guess}」の誤りではありませんか？", f" Did you mean '{guess}'?"


def _closest(wrong: str, known: list[str]) -> str | None:
    from ..suggest import IdIndex

    return IdIndex(known).suggest(wrong) if known else None


def check(context) -> Iterator[Finding]:
    from ..analysis.progress import suggester, tracking_of_context

    tracking = tracking_of_context(context)
    kpis, indicators = tracking.kpis, tracking.indicators
    suggest = suggester(context, tracking)
    for located, what, measure_id in tracking.matched.unknown:
        record = located.record
        ja, en = _meant(suggest(located, what, measure_id))
        if what == "measure":
            message = Text(
                f"実績の施策「{record.measure}」はありません。{ja}",
                f"Result for measure '{record.measure}', which does not exist.{en}",
            )
            key = "measure"
        elif what == "indicator":
            message = Text(
                f"実績の成果指標「{record.indicator}」はありません。{ja}",
                f"Result for indicator '{record.indicator}', which does not exist.{en}",
            )
            key = "indicator"
        elif what == "kpi_missing":
            measure = context.measures[measure_id].measure
            names = "、".join(k.key() for k in measure.kpis)
            message = Text(
                f"施策 {record.measure} には指標が複数（または0）あるため kpi が必要です: {names}",
                f"Measure {record.measure} has several KPIs (or none): name one with kpi: "
                f"{names}",
            )
            key = "measure"
        else:
            message = Text(
                f"施策 {record.measure} に指標「{record.kpi}」はありません。{ja}",
                f"Measure {record.measure} has no KPI '{record.kpi}'.{en}",
            )
            key = "kpi"
        yield RULE.at(
            message,
            result_location(located, key),
            measure=record.measure,
            hint=Text(
                "施策の id と、指標の id（なければ指標名）を施策ファイルのとおりに書いてください。",
                "Write the measure's id and the KPI's id (or its name) as the measure file has them.",
            ),
        )
    known_indicators = {i.key.casefold() for i in indicators}
    if context.indicators is not None:
        known_indicators |= {i.casefold() for i in context.indicators.unreadable}
    for item in kpis:
        unread_whole = context.indicators is not None and context.indicators.unread_whole
        if (
            item.contributes_to
            and item.contributes_to.casefold() not in known_indicators
            and not unread_whole
        ):
            loaded = context.measures[item.measure]
            line, column = loaded.locate("kpis", item.index, "contributes_to")
            ja, en = _meant(_closest(item.contributes_to, [i.key for i in indicators]))
            yield RULE.at(
                Text(
                    f"指標「{item.label}」の contributes_to「{item.contributes_to}」という成果指標は"
                    f"ありません。{ja}",
                    f"KPI '{item.label}': contributes_to '{item.contributes_to}' is no "
                    f"plan-level indicator.{en}",
                ),
                Location(loaded.file, line, column),
                measure=item.measure,
                hint=Text(
                    "成果指標ファイル（設定の indicators:）の id を書いてください。",
                    "Name an id of the indicators file (the config's indicators:).",
                ),
            )
    if context.indicators is not None:
        for located in context.indicators.items:
            indicator = located.indicator
            if indicator.on in context.framework.nodes:
                continue
            guess = context.node_index.suggest(indicator.on)
            ja, en = _meant(guess)
            yield RULE.at(
                Text(
                    f"成果指標 {indicator.id} の on「{indicator.on}」というノードはありません。{ja}",
                    f"Indicator {indicator.id}: on '{indicator.on}' is no framework node.{en}",
                ),
                Location(context.indicators.file, located.line, located.column),
                node=indicator.on,
            )


RULE = Rule(
    "SA704",
    "unknown-result-target",
    Severity.ERROR,
    Text(
        "実績・成果指標が存在しない施策・指標・ノードを指している",
        "A result or indicator naming a measure, KPI, indicator or node that does not exist",
    ),
    check,
)
