"""Every name the config gives checked against what exists: levels, frameworks, rules, nodes
and measures.

A name that matches nothing is a located error (exit 2) with a did-you-mean, and its entry is
left out, so the check goes on with the rest of the config: one slip in the config never hides
the findings on the measures. Names of framework nodes in ``waivers:`` are the SA203 rule's.
"""

from __future__ import annotations

import difflib
import unicodedata

from .findings import Finding
from .i18n import Text
from .loading.config import Settings
from .loading.framework import Framework
from .loading.yaml_source import input_problem
from .rules import rule_by_key


def _meant(wrong: str, choices: list[str]) -> Text:
    """「…」の誤りではありませんか？ for the closest of ``choices``, case and width aside."""
    folded = {unicodedata.normalize("NFKC", c).casefold(): c for c in choices}
    key = unicodedata.normalize("NFKC", wrong).casefold()
    if key in folded:
        guess = folded[key]
    else:
        close = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.6)
        guess = folded[close[0]] if close else None
    if guess is None:
        return Text("", "")
    return Text(f"「{guess}」の誤りではありませんか？", f" Did you mean '{guess}'?")


def validate_settings(settings: Settings, framework: Framework) -> list[Finding]:
    """Config values that name things the framework or the rule registry does not have; each
    such entry is removed from ``settings`` (and named in ``settings.left_out``)."""
    problems: list[Finding] = []
    name = settings.config_name or "seta-align.yaml"

    def key_at(*path: str | int) -> tuple[int | None, int | None]:
        if settings.config_source is None:
            return (None, None)
        return settings.config_source.locate(path, prefer_key=True) or (None, None)

    def problem(
        path: tuple, message: Text, hint: Text | None = None, at_key: bool = False
    ) -> None:
        line, column = key_at(*path) if at_key else settings.locate(*path)
        source = settings.config_source.line_text(line) if settings.config_source else None
        problems.append(input_problem("SA003", "schema", message, name, line, column, hint, source))
        settings.left_out.append(".".join(str(part) for part in path))

    def place(*path: str) -> str:
        return ":".join(str(part) for part in (name, *key_at(*path)) if part is not None)

    level_keys = [level.key for level in framework.levels()]
    levels_hint = Text("使える階層: " + ", ".join(level_keys), "Levels: " + ", ".join(level_keys))
    # Defaults written for the bundled framework do not bind a framework of one's own.
    if "cross_field_levels" not in settings.explicit:
        settings.cross_field_levels = tuple(
            key for key in settings.cross_field_levels if framework.level(key) is not None
        )
    if "required_frameworks" not in settings.explicit:
        settings.required_frameworks = [
            group
            for group in (
                tuple(g for g in group if g in framework.frameworks)
                for group in settings.required_frameworks
            )
            if group
        ]
    def known_levels(keys, where: tuple, label: tuple[str, str]) -> list[str]:
        """The keys that name a level; each other one a located error with a did-you-mean."""
        kept = []
        for index, key in enumerate(keys):
            if framework.level(key) is not None:
                kept.append(key)
                continue
            meant = _meant(key, level_keys)
            if where == ("coverage",):
                place = (*where, key)  # a mapping: at its key
            elif where == ("priority_level",):
                place = where  # one value
            else:
                place = (*where, index)
            problem(
                place,
                Text(
                    f"{label[0]}の「{key}」という階層はありません。{meant.ja}",
                    f"{label[1]}: there is no level '{key}'.{meant.en}",
                ),
                levels_hint,
            )
        return kept

    if "priority_level" in settings.explicit and not known_levels(
        [settings.priority_level], ("priority_level",), ("priority_level ", "priority_level")
    ):
        settings.priority_level = ""  # no level: the views say the framework has none
    kept_coverage = known_levels(list(settings.coverage), ("coverage",), ("coverage ", "coverage"))
    settings.coverage = {key: settings.coverage[key] for key in kept_coverage}
    settings.cross_field_levels = tuple(
        known_levels(
            settings.cross_field_levels,
            ("cross_field_levels",),
            ("cross_field_levels ", "cross_field_levels"),
        )
    )
    settings.progress.indicator_levels = known_levels(
        settings.progress.indicator_levels,
        ("progress", "indicator_levels"),
        ("progress の indicator_levels ", "progress: indicator_levels"),
    )
    framework_ids = list(framework.frameworks)
    kept_groups = []
    for index, group in enumerate(settings.required_frameworks):
        known = []
        for framework_id in group:
            if framework_id in framework.frameworks:
                known.append(framework_id)
                continue
            meant = _meant(framework_id, framework_ids)
            problem(
                ("required_frameworks", index),
                Text(
                    f"required_frameworks の「{framework_id}」というフレームワークはありません。"
                    f"{meant.ja}",
                    f"required_frameworks: there is no framework '{framework_id}'.{meant.en}",
                ),
                Text(
                    "使えるフレームワーク: " + ", ".join(framework_ids),
                    "Frameworks: " + ", ".join(framework_ids),
                ),
            )
        # A group with a name that matches nothing is left out whole: its other names alone
        # would ask for less than the user wrote.
        if len(known) == len(group):
            kept_groups.append(group)
    settings.required_frameworks = kept_groups
    # Ids are case-insensitive (analysis/references.py): a waiver of pp-6.5 waives PP-6.5.
    from .analysis.references import fold

    nodes = {fold(node_id): node_id for node_id in framework.nodes}
    for waiver in settings.waivers:
        if waiver.node not in framework.nodes and fold(waiver.node) in nodes:
            waiver.node = nodes[fold(waiver.node)]
    _rules(settings, problem, place)
    return problems


def _rules(settings: Settings, problem, place) -> None:
    """Unknown rules, and one rule set twice (its code and its name): the last would win
    silently, and the order of the two keys decide the exit code. Each is reported through
    ``problem`` and left out."""
    from .rules import ALL_RULES

    first_key: dict[str, str] = {}
    drop: list[str] = []
    for key in settings.rules:
        rule = rule_by_key(key)
        if rule is None:
            continue
        if rule.code in first_key:
            earlier = first_key[rule.code]
            problem(
                ("rules", key),
                Text(
                    f"rules でルール {rule.code}（{rule.name}）が2回設定されています:"
                    f"「{earlier}」（{place('rules', earlier)}）と「{key}」"
                    f"（{place('rules', key)}）。",
                    f"rules: rule {rule.code} ({rule.name}) is set twice: '{earlier}' "
                    f"({place('rules', earlier)}) and '{key}' ({place('rules', key)}).",
                ),
                Text(
                    "どちらか一方だけを残してください（両方あると、書いた順でどちらが効くかが"
                    "決まってしまいます）。",
                    "Keep only one of them: with both, their order would decide which applies.",
                ),
                at_key=True,
            )
            drop.append(key)
        else:
            first_key[rule.code] = key
    names = [rule.code for rule in ALL_RULES] + [rule.name for rule in ALL_RULES]
    for key in settings.rules:
        rule = rule_by_key(key)
        if rule is None:
            # ＳＡ４０１ typed with the IME on: name the rule it spells rather than guess silently.
            meant_rule = rule_by_key(unicodedata.normalize("NFKC", key))
            message = Text(f"rules の「{key}」というルールはありません。", f"rules: no rule '{key}'.")
            if meant_rule is not None:
                message += Text(
                    f"半角の {meant_rule.code}（{meant_rule.name}）の誤りではありませんか？",
                    f" Did you mean {meant_rule.code} ({meant_rule.name}), in half-width "
                    "characters?",
                )
            else:
                message += _meant(key, names)
            problem(
                ("rules", key),
                message,
                Text(
                    "seta-align rules で一覧を表示できます。", "List them with 'seta-align rules'."
                ),
                at_key=True,
            )
            drop.append(key)
        elif not rule.configurable:
            problem(
                ("rules", key),
                Text(
                    f"ルール {key} は読み込みの誤りなので変更できません。",
                    f"Rule {key} reports unreadable input and cannot be changed.",
                ),
            )
            drop.append(key)
    for key in drop:
        settings.rules.pop(key, None)
