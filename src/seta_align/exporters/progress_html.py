"""``progress --format html``: outcome management as one self-contained page.

The page is the report's (same style, skeleton and Content-Security-Policy): per ``--by`` the
priority policies and SDG goals with status-coloured bars and the plan-level indicators beside
their contributing KPIs (``node``), the status heatmap of the owners or fields (``owner``,
``field``); then always the KPIs behind or not reported, every KPI grouped by measure with a
small line chart of its results against its expected path (``measure`` shows just this), the
filter that narrows it to 遅れ / 未報告, and with ``--compare`` the KPIs whose status changed.
The tables and charts are written by :mod:`.progress_tables_html`, which the report's 進捗
section uses too; its one small script is allowed by its hash, and the page works without it.
"""

from __future__ import annotations

from ..i18n import Text
from ..printable import html_text as _e
from ..reporters.html_report import page_footer, page_header, page_start
from ..reporters.progress_common import T as COMMON
from ..reporters.progress_common import kpi_summary
from ..reporters.scope import SAMPLE
from . import progress_tables_html as tables

T = {
    "title": Text("進捗（行政評価）", "Progress (outcome management)"),
    "framework": Text("フレームワーク", "Framework"),
    "config": Text("設定", "Config"),
    "results": Text("実績ファイル", "Results files"),
    "evaluated": COMMON["evaluated"],
    "none": Text("なし", "none"),
    "kpis": tables.T["kpis"],
    "attention": COMMON["attention"],
    "changes": Text("状況の変化", "Changes"),
}
# The sections of each --by, before the ones every page has.
VIEWS = {
    "node": [("priority", "priority"), ("goals", "goals"), ("indicators", "indicators")],
    "measure": [],
    "owner": [("owners", "owner")],
    "field": [("fields", "field")],
}


def render(view) -> str:
    context, analysis, lang = view.context, view.analysis, view.lang
    framework = context.framework
    title = T["title"](lang)
    results = context.results.files if context.results is not None else []
    meta = [
        f"{T['framework'](lang)}: "
        + (framework.name if lang == "ja" else framework.name_en or framework.name),
        f"{T['config'](lang)}: {context.settings.config_name or T['none'](lang)}",
        f"{T['results'](lang)}: {len(results)}",
    ]
    if analysis.has_results:
        meta.append(f"{T['evaluated'](lang)}: FY{analysis.year}")
    sections: list[tuple[str, str]] = []
    if analysis.has_results:
        for anchor, key in VIEWS[view.by]:
            if key == "indicators" and not analysis.indicators:
                continue
            sections.append((anchor, tables.T[key](lang)))
        sections += [("attention", T["attention"](lang)), ("kpis", T["kpis"](lang))]
        if view.changes is not None:
            sections.append(("changes", T["changes"](lang)))
    out = page_start(title, lang, script=tables.SCRIPT)
    out += page_header(title, meta, sections, lang)
    if context.settings.sample:
        out.append(f'<div class="banner sample" role="note">⚠ {_e(SAMPLE(lang))}</div>')
    out.append("<main>")
    if not analysis.has_results:
        out.append(f'<p class="note" id="no-progress">{_e(COMMON["no_results"](lang))}</p>')
    else:
        out.append(tables.evaluated_note(view))
        out += tables.legend(context.settings.progress, lang)
        for anchor, key in VIEWS[view.by]:
            part = _view_section(view, key)
            if part:
                out += [f'<section id="{anchor}">', *part, "</section>"]
        out += ['<section id="attention">', *tables.attention_table(view, level=2), "</section>"]
        out += ['<section id="kpis">', *tables.kpi_table(view, level=2), "</section>"]
        if view.changes is not None:
            out += ['<section id="changes">', *tables.changes_table(view, level=2), "</section>"]
        out.append(f'<p class="summary"><b>{_e(kpi_summary(view))}</b></p>')
    out += ["</main>", page_footer(lang), f"<script>{tables.SCRIPT}</script>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _view_section(view, key: str) -> list[str]:
    if key in ("priority", "goals"):
        return tables.rollup_table(view, key, level=2)
    if key == "indicators":
        return tables.indicators_table(view, level=2)
    return tables.heatmap(view, key, level=2)
