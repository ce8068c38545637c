"""SA602: a cancelling impact (−3) — the decision gate (可否) of the impact pre-assessment.

Only a waiver with a written reason in the config (``impacts: {waivers: [...]}``) clears it:
the decision to go ahead in spite of it is then on record.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import Text
from .base import Rule


def check(context) -> Iterator[Finding]:
    from ..analysis.references import fold

    # Waivers are matched case-insensitively, as every id is; only the rare −3 impacts fold.
    accepted = {(fold(w.measure), fold(w.on)) for w in context.settings.impacts.waivers}
    cancelling: set[tuple[str, str]] = set()
    for measure_id, loaded in context.assessed():
        for index, impact in enumerate(loaded.measure.impacts):
            if impact.score != -3:
                continue
            pair = (fold(measure_id), fold(impact.on))
            cancelling.add(pair)
            if pair in accepted:
                continue
            yield RULE.at_measure(
                loaded,
                Text(
                    f"施策 {measure_id} は {impact.on} の達成を不可能にする（-3 両立不可）と評価されています。"
                    "実施の可否を判断する必要があります。",
                    f"Measure {measure_id} is assessed as cancelling {impact.on} (-3): a decision "
                    "on whether to go ahead is needed.",
                ),
                "impacts",
                index,
                "score",
                node=impact.on,
                hint=Text(
                    "計画を見直すか、実施するなら設定の impacts: waivers に理由を書いてください"
                    "（measure, on, reason）。",
                    "Rethink the measure, or record the decision to go ahead under impacts: "
                    "waivers in the config (measure, on, reason).",
                ),
            )
    yield from _waivers_of_nothing(context, cancelling)


def _waivers_of_nothing(context, cancelling: set[tuple[str, str]]) -> Iterator[Finding]:
    """A waiver must name a cancelling impact that exists: one that names an unknown measure,
    or a pair with no −3 impact, waives nothing (a typo would hide the decision it records)."""
    from ..analysis.references import fold

    if not context.settings.impacts.waivers:
        return
    # Measures whose impacts were not all read (or not at all): their −3 may be the one lost.
    partly_read = {
        fold(measure_id)
        for measure_id, loaded in context.measures.items()
        if loaded.left_out("impacts")
    } | {fold(measure_id) for measure_id in context.unread}
    for index, waiver in enumerate(context.settings.impacts.waivers):
        if (fold(waiver.measure), fold(waiver.on)) in cancelling:
            continue
        if fold(waiver.measure) in partly_read:
            continue  # its impact may be the one that could not be read
        if not context.knows_measure(waiver.measure):
            guess = context.measure_index.suggest(waiver.measure)
            message = Text(
                f"impacts の waivers の施策「{waiver.measure}」はありません。",
                f"impacts: waivers: there is no measure '{waiver.measure}'.",
            )
            key = "measure"
        else:
            guess = None
            message = Text(
                f"impacts の waivers は施策 {waiver.measure} の {waiver.on} への影響を認めて"
                "いますが、その施策に -3（両立不可）の影響はありません。",
                f"impacts: waivers: measure {waiver.measure} has no cancelling (-3) impact on "
                f"{waiver.on} to accept.",
            )
            key = "on"
        if guess:
            message += Text(f"「{guess}」の誤りではありませんか？", f" Did you mean '{guess}'?")
        yield RULE.at(
            message,
            context.config_location("impacts", "waivers", index, key),
            measure=waiver.measure,
            hint=Text(
                "施策の id と on を施策ファイルのとおりに書くか、不要になった waiver を消して"
                "ください。",
                "Write the measure's id and on as the measure file has them, or delete a "
                "waiver that is no longer needed.",
            ),
        )


RULE = Rule(
    "SA602",
    "cancelling-impact",
    Severity.ERROR,
    Text("両立不可の影響（-3）", "A cancelling impact (-3)"),
    check,
)
