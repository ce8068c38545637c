"""What a check looked at, said the same way in every report: which framework, which config,
how many files, and whether it was the bundled sample draft (never a silent stand-in)."""

from __future__ import annotations

from ..engine import CheckResult
from ..i18n import Lang, Text
from ..loading.files import SAMPLE_NOTICE
from ..loading.salvage import SYNTAX

SAMPLE = Text(*SAMPLE_NOTICE)
SKIPPED = Text(
    "読めないファイル・施策・supports があるため、草案全体を見るルール（{codes}）は実行して"
    "いません。網羅率は読めた施策だけの値です。",
    "Some files, measures or supports could not be read, so the whole-draft rules ({codes}) "
    "were not run; coverage counts only the measures that were read.",
)


def is_sample(result: CheckResult | None) -> bool:
    return result is not None and result.context.settings.sample


def sample_notice(result: CheckResult | None, lang: Lang) -> str | None:
    """The bundled-sample notice in ``lang`` when the check was of the sample, else ``None``."""
    return SAMPLE(lang) if is_sample(result) else None


def facts(result: CheckResult | None) -> dict:
    """The scope as plain data (for SARIF run properties and JUnit properties)."""
    if result is None:
        return {}
    context = result.context
    return {
        "sample": context.settings.sample,
        "framework": context.framework.display_name,
        "config": context.settings.config_name,
        "files": len(context.draft.files),
        "measures": context.measure_count,
        "measures_partly_unreadable": context.partly_unread,
    }


def checked_paths(context) -> str:
    """The folders and files read (the first three, then how many more), so a wrong place shows
    at once."""
    from ..loading.files import display_name
    from ..printable import visible

    paths = [visible(display_name(path)) for path in context.settings.measure_paths]
    if not paths:
        paths = [visible(name) for name in context.draft.files[:1]]
    return ", ".join(paths[:3]) + (f" (+{len(paths) - 3})" if len(paths) > 3 else "")


def checked_line(context, lang: Lang) -> str:
    """One line naming what an analysis command read: files and measures, the config, the
    framework and the interactions file — so a wrong place or a stand-in shows at once."""
    from ..printable import visible

    shown = checked_paths(context)
    files = len(context.draft.files)
    measures = measures_phrase(context)
    config = visible(context.settings.config_name or "—")
    interactions = visible(context.interactions.file) if context.interactions else None
    line = Text(
        f"対象: {shown}（{files:,} ファイル・施策 {measures.ja}）／設定: {config}"
        f"／フレームワーク: {visible(context.framework.display_name)}"
        f"／相互作用: {interactions or 'なし'}",
        f"Checked: {shown} ({files:,} file{'s' if files != 1 else ''}, {measures.en}); "
        f"config: {config}; framework: "
        f"{visible(context.framework.display_name)}; interactions: {interactions or 'none'}",
    )(lang)
    if context.settings.sample:
        line = f"{SAMPLE(lang)}\n{line}"
    # What could not be read and is therefore not in the figures below, said before them.
    return "\n".join([line, *left_out_lines(context, lang)])


def measures_phrase(context) -> Text:
    """「10 件（うち 1 件に読めない項目）」: how many measures, and how many of them could not be
    read whole (their broken parts are left out of the analyses that need them)."""
    count, partly = context.measure_count, context.partly_unread
    if not partly:
        return Text(f"{count:,} 件", f"{count:,} measure{'s' if count != 1 else ''}")
    return Text(
        f"{count:,} 件（うち {partly:,} 件に読めない項目）",
        f"{count:,} measure{'s' if count != 1 else ''} ({partly:,} with unreadable parts)",
    )


def left_out(context) -> list[dict]:
    """What the analyses left out because it could not be read, one entry per measure: its id,
    where it stands, the parts left out and whether only its id could be read."""
    entries = []
    for loaded in context.measures.values():
        if loaded.salvage is not None:
            line, _ = loaded.locate()
            entries.append(
                {
                    "measure": loaded.measure.id,
                    "file": loaded.file,
                    "line": line,
                    "left_out": list(loaded.unreadable),
                    "whole_measure": False,
                }
            )
    for unread in context.unread.values():
        line, _ = unread.locate()
        entries.append(
            {
                "measure": unread.id,
                "file": unread.file,
                "line": line,
                "left_out": list(unread.unreadable),
                "whole_measure": True,
            }
        )
    return entries


def side_files_left_out(context) -> list[Text]:
    """What the analyses left out of the config and of the results, indicators and
    interactions files."""
    notes: list[Text] = []
    results, indicators, interactions = context.results, context.indicators, context.interactions
    settings = context.settings
    if settings.left_out:
        labels = ", ".join(dict.fromkeys(settings.left_out))
        notes.append(
            Text(
                f"設定 {settings.config_name} の {labels} は読めないか、存在しないものを指すため"
                "外し、その既定値で検査しました。",
                f"Left out of {settings.config_name}: {labels}, which could not be read or "
                "name nothing that exists; the check used their defaults.",
            )
        )
    if results is not None and (results.unread or results.unread_files):
        files = ", ".join(results.unread_files)
        notes.append(
            Text(
                f"読めない実績 {len(results.unread)} 件"
                + (f"と、読めないファイル（{files}）" if files else "")
                + "を進捗の評価から外しました。それらに関わる指標の「未報告」（SA703）は"
                "指摘していません。",
                f"Left out of the evaluation: {len(results.unread)} result(s) that could not "
                "be read" + (f" and the unreadable files ({files})" if files else "")
                + "; no KPI they may concern is reported as not reported (SA703).",
            )
        )
    if indicators is not None and (
        indicators.unread_whole or indicators.unreadable or indicators.unreadable_on
    ):
        which = ", ".join(sorted(indicators.unreadable)) or "—"
        notes.append(
            Text(
                f"成果指標ファイル {indicators.file} の読めない成果指標（{which}）を外しました。"
                "それらが設定されているかもしれない政策について、成果指標の不足（SA709）は"
                "指摘していません。",
                f"Left out: the indicators of {indicators.file} that could not be read "
                f"({which}); no policy they may be on is reported as lacking one (SA709).",
            )
        )
    if interactions is not None and interactions.unread:
        count = "すべて" if interactions.unread < 0 else f"{interactions.unread} 件"
        count_en = "all pairs" if interactions.unread < 0 else f"{interactions.unread} pair(s)"
        notes.append(
            Text(
                f"相互作用ファイル {interactions.file} の読めない組（{count}）を外し、"
                "未評価として扱いました。",
                f"Left out of {interactions.file}: {count_en} that could not be read, "
                "taken as not assessed.",
            )
        )
    return notes


def left_out_lines(context, lang: Lang) -> list[str]:
    """One line per measure with unreadable parts: what the analyses left out of it; then what
    they left out of the files beside the measures."""
    from ..printable import visible

    lines = [visible(note(lang)) for note in side_files_left_out(context)]
    for entry in left_out(context):
        parts = ", ".join(entry["left_out"]) or "—"
        place = f"{entry['file']}:{entry['line']}" if entry["line"] else entry["file"]
        if entry["left_out"] == [SYNTAX]:
            text = Text(
                f"施策 {entry['measure']}（{place}）は YAML の書き方の誤りで読めないため、ID だけを"
                "認識し、分析から外しました（同じファイルのほかの施策は読んでいます）。",
                f"Measure {entry['measure']} ({place}) cannot be read for a YAML syntax error: "
                "its id is known, and it is left out of the analyses (the file's other measures "
                "are read).",
            )
        elif entry["whole_measure"]:
            text = Text(
                f"読めない項目（{parts}）があるため、施策 {entry['measure']}（{place}）は ID だけを"
                "認識し、分析から外しました。",
                f"Measure {entry['measure']} ({place}) has unreadable fields ({parts}): its id "
                "is known, and it is left out of the analyses.",
            )
        else:
            text = Text(
                f"施策 {entry['measure']}（{place}）の読めない項目 {parts} を分析から外しました"
                "（施策のほかの項目は検査しています）。",
                f"Left out of the analyses: {parts} of measure {entry['measure']} ({place}), "
                "which could not be read (the rest of the measure is checked).",
            )
        lines.append(visible(text(lang)))
    return lines


def read_as_meant_line(result, lang: Lang) -> str | None:
    """The one line that says how many accepted spellings (令和7年度, full-width digits …) were
    read as what they mean, in place of a finding on each line (shown under -v)."""
    count = len(result.read_as_meant) if result is not None else 0
    if not count:
        return None
    files = len({f.location.file for f in result.read_as_meant if f.location is not None})
    return Text(
        f"和暦の年度・全角の数字や ID などの書き方 {count:,} 箇所（{files:,} ファイル）を、意味"
        "どおりに読み替えました（ファイルは変更していません）。1 件ずつ表示するには、設定に "
        "rules: {normalised-input: info} を書いてください。",
        f"Read {count:,} accepted spelling{'s' if count != 1 else ''} (era years, full-width "
        f"digits or ids …) in {files:,} file{'s' if files != 1 else ''} as what they mean (the "
        "files are not changed). To list each, set rules: {normalised-input: info} in the "
        "config.",
    )(lang)
