"""``seta-align impacts --history`` as a view: every assessed score (a measure's impact or an
interaction between targets), who scored it and when as its file says (assessed_by,
assessed_on, source), and the commit that last changed its ``score:`` line as git says — the
newest change first.

A screen keeps one line a score and leaves out the written source and the commit's summary
first; a spreadsheet also gets the kind, the file and the line in columns of their own."""

from __future__ import annotations

from ..analysis.history import (
    COMMITTED,
    FAILED,
    NOT_COMMITTED,
    NOT_COMMITTED_WORDS,
    AssessedScore,
    ScoreHistory,
)
from ..i18n import Text
from ..printable import visible
from .model import (
    DIM,
    NOTHING,
    WARN,
    Audience,
    Cell,
    Column,
    Paragraph,
    Role,
    Table,
    View,
    scope,
    signed_cell,
)

T = {
    "title": Text("評価の履歴", "Who scored what, and when"),
    "table": Text("評価ごとの最終変更（新しい順）", "Each score's last change, newest first"),
    "sheet": Text("評価の履歴", "Score history"),
    "from": Text("影響元", "From"),
    "to": Text("影響先", "On"),
    "score": Text("評価", "Score"),
    "assessed_by": Text("評価者", "Assessed by"),
    "assessed_on": Text("評価日", "Assessed on"),
    "reference": Text("出典", "Source"),
    "changed_on": Text("最終変更日", "Last changed"),
    "changed_by": Text("変更者", "Changed by"),
    "commit": Text("コミット", "Commit"),
    "summary": Text("コミットの説明", "Commit message"),
    "kind": Text("種類", "Kind"),
    "file": Text("ファイル", "File"),
    "line": Text("行", "Line"),
    "where": Text("場所", "Where"),
    "impact": Text("施策の影響", "impact"),
    "whole_list": Text("全件: --format markdown", "all of them: --format markdown"),
    "interaction": Text("相互作用", "interaction"),
    "empty": Text(
        "評価された影響がありません（施策の impacts: にも相互作用ファイルにも score がありません）。",
        "No impact has been assessed (no score in any measure's impacts: nor in an "
        "interactions file).",
    ),
    "not_committed": Text(
        "未コミットの評価 {count} 件: 最後のコミットの後に書き換えられ、まだコミットされていません。",
        "{count} scores not committed yet: changed since the last commit.",
    ),
    "failed": Text("git が履歴を返さなかったファイル", "Files git gave no history for"),
    "meaning": Text(
        "評価者・評価日・出典はファイルに書かれたもの（assessed_by・assessed_on・source）、"
        "最終変更日・変更者・コミットは score: の行を最後に変えたコミットの記録です"
        "（{…} の1行に書いた評価では、同じ行の note などの変更も含みます）。",
        "Assessed by, assessed on and source are as the file writes them (assessed_by, "
        "assessed_on, source); last changed, changed by and commit are the commit that last "
        "changed the score: line (for a score written on one line, {…}, a change to its note "
        "on that line counts too).",
    ),
}


# The newest changes a screen shows (a draft of 85 measures has some 300 scores).
SCREEN_ROWS = 30


def _t(key: str, lang: str, **values: object) -> str:
    return T[key].format(**values)(lang) if values else T[key](lang)


def _written(raw: str | None) -> Cell:
    """Text from a file or from git: shown with control characters made visible, kept as
    written for a spreadsheet; a dash where nothing is written."""
    if not raw:
        return Cell(NOTHING, None, DIM)
    return Cell(visible(raw), raw)


def _changed_on(entry: AssessedScore, lang: str) -> Cell:
    if entry.status == NOT_COMMITTED:
        return Cell(NOT_COMMITTED_WORDS(lang), None, WARN)
    if entry.status == COMMITTED and entry.change is not None:
        return Cell(entry.change.date or NOTHING, entry.change.date)
    return Cell(NOTHING, None, DIM)


def history_table(history: ScoreHistory, lang: str) -> Table:
    """A row per assessed score, the newest change first (the analysis's order)."""
    table = Table(
        _t("table", lang),
        [
            Column(_t("from", lang), Role.ID),
            Column(_t("to", lang), Role.ID),
            Column(_t("score", lang), Role.SIGNED),
            Column(_t("assessed_by", lang), Role.LABEL, priority=2),
            Column(_t("assessed_on", lang), Role.ID, priority=4),
            Column(_t("reference", lang), Role.NOTE, priority=6, weight=2),
            Column(_t("changed_on", lang), Role.ID),
            Column(_t("changed_by", lang), Role.LABEL, priority=1),
            # A mark's heading is never wrapped: 「コミット」 over a seven-character hash would be.
            Column(_t("commit", lang), Role.MARK, priority=3),
            Column(_t("summary", lang), Role.LABEL, priority=5, weight=2),
            # Where to look: one 「file:line」 for a reader, each a column for a spreadsheet.
            Column(_t("where", lang), Role.ID, priority=7, audience=Audience.READING),
            Column(_t("kind", lang), Role.LABEL, audience=Audience.DATA),
            Column(_t("file", lang), Role.ID, audience=Audience.DATA),
            Column(_t("line", lang), Role.NUMBER, audience=Audience.DATA),
        ],
        key="history",
        sheet=_t("sheet", lang),
        frozen=2,
        notes=[_t("meaning", lang)],
        empty=_t("empty", lang),
        # A screen shows the latest changes; a file every score.
        limit=SCREEN_ROWS,
        more=_t("whole_list", lang),
    )
    for entry in history.scores:
        change = entry.change
        where = visible(entry.file) + (f":{entry.line}" if entry.line is not None else "")
        table.add(
            Cell(visible(entry.source), entry.source),
            Cell(visible(entry.target), entry.target),
            signed_cell(entry.score),
            _written(entry.assessed_by),
            _written(entry.assessed_on),
            _written(entry.reference),
            _changed_on(entry, lang),
            _written(change.author if change else None),
            _written(change.commit if change else None),
            _written(change.summary if change else None),
            where,
            _t(entry.kind, lang),
            Cell(visible(entry.file), entry.file),
            Cell.of(entry.line) if entry.line is not None else Cell("", None),
        )
    return table


def build(context, history: ScoreHistory, lang: str) -> View:
    """The scope, where the history comes from (or why there is none), and the table."""
    shown = View(_t("title", lang), main="history", opens_on="history")
    shown.blocks += scope(context, lang)
    shown.blocks.append(Paragraph(history.sentence()(lang), DIM if history.found else WARN))
    failed = [f for f in history.files if f.state == FAILED and f.detail]
    if failed:
        shown.blocks.append(
            Paragraph(
                lead=_t("failed", lang),
                items=[f"{visible(f.file)}: {visible(f.detail or '')}" for f in failed],
                meaning=WARN,
            )
        )
    waiting = sum(1 for entry in history.scores if entry.status == NOT_COMMITTED)
    if waiting:
        shown.blocks.append(Paragraph(_t("not_committed", lang, count=waiting), WARN))
    shown.blocks.append(history_table(history, lang))
    return shown
