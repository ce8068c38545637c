"""``seta-align report``: one self-contained HTML page for people who do not use a terminal.

The page needs nothing but itself: the style and the small filter script are inline, the
network picture is inline SVG computed here, fonts are the system's (a Japanese stack first),
and a Content-Security-Policy forbids every network request and every script but ours (by
hash). Every piece of text from the user's files or the framework file goes through
:func:`_e` (``html.escape``); the one JSON block for the script is escaped for ``</script>``.

Without JavaScript every finding is shown and the filter controls stay hidden; with it, the
findings can be filtered by severity, owner (所管) and field (分野), also from the address
(``report.html?severity=error&owner=経済産業部``), and the 進捗 section's KPIs narrowed to
those behind or not reported (``?status=attention``). Printed (A4 landscape) the controls are
hidden, and cards, rows and measures are not split across pages.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from ..analysis.crossfield import node_fields as fields_of_node
from ..analysis.impacts import analyse as analyse_impacts
from ..analysis.matrix import build_matrix, default_columns
from ..analysis.progress import let_go_of_progress, progress_of_context
from ..engine import CheckContext, CheckResult
from ..exporters.graph_formats import alignment_graph
from ..exporters.network_drawing import svg_lines as network_lines
from ..exporters.network_layout import fit, layout
from ..findings import Finding, Severity
from ..graph import release
from ..i18n import Lang, Text
from ..printable import html_text
from ..renderers.colours import text_colour
from ..renderers.html import SCRIPT as VIEW_SCRIPT
from ..renderers.html import page_footer, page_header, page_start
from ..renderers.html import section_lines as view_section_lines
from ..views.progress_common import T as PROGRESS
from . import scope
from .deferred import SCRIPT as DEFERRED_SCRIPT
from .deferred import Layout, notice

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
NEUTRAL = "#3b6ea8"
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)

T = {
    "title": Text("施策案の政策整合レポート", "Policy-alignment report of the plan draft"),
    "generated": Text("作成", "Generated"),
    "framework": Text("フレームワーク", "Framework"),
    "config": Text("設定", "Config"),
    "none": Text("なし", "none"),
    "plan_period": Text("計画期間", "Plan period"),
    "contents": Text("目次", "Contents"),
    "summary": Text("概要", "Summary"),
    "measures": Text("施策", "Measures"),
    "files": Text("ファイル", "Files"),
    "links": Text("紐づけ", "Links"),
    "errors": Text("エラー", "Errors"),
    "warnings": Text("警告", "Warnings"),
    "infos": Text("情報", "Info"),
    "cross_measures": Text("分野横断の施策", "Cross-field measures"),
    "headline": Text("網羅率の下限", "Coverage minimums"),
    "headline_met": Text("{met} / {total} 階層が達成", "{met} of {total} levels met"),
    "headline_full": Text("網羅率 100% の階層", "Levels fully covered"),
    "headline_full_value": Text("{met} / {total} 階層", "{met} of {total} levels"),
    "lowest": Text("最も低い階層: {level} {percent}", "Lowest: {level} {percent}"),
    "coverage": Text("フレームワーク・階層ごとの網羅率", "Coverage per framework and level"),
    "coverage_note": Text(
        "網羅率 = 施策が直接または下位の項目を通じて貢献している項目の数 ÷（項目数 − 対象外の項目数）。"
        "下限は設定ファイルの値で、下回る階層は赤と ⚠ で示します。",
        "Coverage = nodes served by a measure, directly or through a node below them ÷ (nodes − "
        "waived nodes). The minimum is the config's; a level below it is red and marked ⚠.",
    ),
    "heatmap": Text("施策 × SDGs のヒートマップ", "Measures × SDGs heatmap"),
    "heatmap_note": Text(
        "● 直接: 施策がその目標そのものに紐づいている。○ 間接: その目標の下位の項目"
        "（ターゲット）に紐づいている。",
        "● direct: the measure supports the goal itself. ○ inherited: it supports a node below "
        "it (a target).",
    ),
    "measure": Text("施策名", "Measure"),
    "owner": Text("所管", "Owner"),
    "field": Text("分野", "Field"),
    "cross_field": Text("分野横断の状況", "Cross-field links"),
    "impacts": Text("影響評価", "Impact assessment"),
    "impacts_appendix": Text("付録: 影響評価の詳細", "Appendix: the impact assessment in full"),
    "to_appendix": Text(
        "トレードオフの一覧、施策 × SDG ゴールの対応表、施策ごとの数値: 付録（報告書の末尾）",
        "Every trade-off, the measures × SDG goals heatmap and each measure's figures: the "
        "appendix (at the end of the report)",
    ),
    "impacts_note": Text(
        "施策が SDGs と計画に与える影響の予測評価です（計画推進の指針 GL-1・GL-6）。"
        "施策ごとの直接の影響と波及する影響は seta-align impacts で見られます。",
        "The pre-assessment of the measures' impacts on the SDGs and the plan (guidelines GL-1 "
        "and GL-6). Each measure's direct and knock-on impacts: seta-align impacts.",
    ),
    "no_impacts": Text(
        "影響の評価（impacts）のある施策はありません。",
        "No measure carries an impact assessment (impacts).",
    ),
    "progress": Text("進捗", "Progress"),
    "progress_note": Text(
        "目標指標（KPI）の実績を年度目標値（計画値）と比べた行政評価です（計画推進の指針 GL-6）。"
        "表・CSV・Excel は seta-align progress、評価シートは seta-align sheets で作れます。",
        "Outcome management by the KPIs' results against the year's targets (the planned "
        "path; guideline GL-6). Tables, CSV and Excel: seta-align progress; evaluation "
        "sheets: seta-align sheets.",
    ),
    "network": Text("紐づけの全体像", "The alignment network"),
    "network_note": Text(
        "中央が所管別の施策、左が計画・条例、右が SDGs。下位の項目への紐づけは最上位の項目への線として"
        "まとめています（例: PP-6.5 → PP-6、SDG-8.3 → SDG-8）。点線の枠は紐づく施策のない項目です。"
        "施策をクリックすると詳細に移動します。",
        "Measures by owner in the middle, the plan and ordinance on the left, the SDGs on the "
        "right. A link to a node below is drawn to its top-level node (PP-6.5 → PP-6, SDG-8.3 → "
        "SDG-8). A dashed box is a node no measure serves. Click a measure to see its details.",
    ),
    "findings": Text("指摘事項", "Findings"),
    "no_findings": Text("指摘事項はありません。", "No findings."),
    "filter_severity": Text("重要度", "Severity"),
    "filter_owner": Text("所管", "Owner"),
    "filter_field": Text("分野", "Field"),
    "all": Text("すべて", "All"),
    "no_owner": Text("（所管なし: 政策・目標について）", "(no owner: about a node)"),
    "no_field": Text("（分野なし）", "(no field)"),
    "reset": Text("条件を解除", "Clear filters"),
    "shown": Text("{shown} / {total} 件を表示", "{shown} of {total} shown"),
    "severity": Text("重要度", "Severity"),
    "code": Text("コード", "Code"),
    "where": Text("場所", "Where"),
    "message": Text("内容", "Message"),
    "about": Text("対象", "About"),
    "owners": Text("所管別の施策", "Measures by owner"),
    "owner_counts": Text(
        "施策 {measures} 件・紐づけ {links} 件・指摘 {findings} 件",
        "{measures} measures, {links} links, {findings} findings",
    ),
    "supports": Text("紐づけ先", "Serves"),
    "kpis": Text("目標指標（KPI）", "Indicators (KPIs)"),
    "no_kpis": Text("目標指標がありません", "No target indicator"),
    "kpi_name": Text("指標", "Indicator"),
    "baseline": Text("現状値", "Baseline"),
    "target": Text("目標値", "Target"),
    "unit": Text("単位", "Unit"),
    "depends_on": Text("前提となる施策", "Depends on"),
    "period": Text("実施期間", "Period"),
    "file": Text("ファイル", "File"),
    "tags": Text("タグ", "Tags"),
    "unknown_id": Text("存在しない ID", "unknown id"),
    "measure_findings": Text("指摘", "Findings"),
    "unreadable_title": Text(
        "読めない箇所のあるファイル {count} 件: このレポートは不完全です",
        "{count} files could not be read whole: this report is incomplete",
    ),
    "unreadable_note": Text(
        "網羅率・分野横断・件数は、読めた部分だけの値です。次の箇所を直して、"
        "レポートを作り直してください。",
        "Coverage, cross-field figures and counts leave out what could not be read. Fix the "
        "places below and make the report again.",
    ),
    "unreadable_card": Text("読めない箇所のあるファイル", "Files not read whole"),
    "skipped": scope.SKIPPED,
    "footer": Text(
        "seta-align {version} で作成。このファイルは単独で開け、ネットワークに接続しません。",
        "Made with seta-align {version}. This file stands alone and makes no network request.",
    ),
}


SCRIPT = """
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  var data = JSON.parse(document.getElementById("seta-align-data").textContent);
  // Run on the page, and again on the findings when they are unpacked later (deferred.py).
  function findings(scope) {
    var form = scope.querySelector("#finding-filters");
    var table = scope.querySelector("#findings-table");
    if (!form || !table) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = scope.querySelector("#finding-count");
    var keys = ["severity", "owner", "field"];
    function matches(row, key, value) {
      if (!value) { return true; }
      var have = row.getAttribute("data-" + key) || "";
      if (key === "field") {
        var fields = have ? have.split(" ") : [];
        return value === "=" ? fields.length === 0 : fields.indexOf(value.slice(1)) >= 0;
      }
      return "=" + have === value;
    }
    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var visible = keys.every(function (key) {
          return matches(row, key, form.elements[key].value);
        });
        row.hidden = !visible;
        if (visible) { shown += 1; }
      });
      count.textContent = data.shown.replace("{shown}", shown).replace("{total}", rows.length);
    }
    var query = new URLSearchParams(window.location.search);
    keys.forEach(function (key) {
      var select = form.elements[key];
      if (query.has(key)) {
        var wanted = "=" + query.get(key);
        for (var i = 0; i < select.options.length; i += 1) {
          if (select.options[i].value === wanted) { select.value = wanted; }
        }
      }
      select.addEventListener("change", apply);
    });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }
  findings(document);
  (window.setaAlignInit = window.setaAlignInit || []).push(findings);
  root.setAttribute("data-report-ready", "1");
}());
""".strip()
# The 進捗 section's filter is the progress page's script, run first in the same element (one
# script, one hash in the Content-Security-Policy).
SCRIPT = VIEW_SCRIPT + "\n" + SCRIPT + "\n" + DEFERRED_SCRIPT


# Every text of the page goes through this (control characters shown as escapes, as in every
# format, then HTML-escaped).
_e = html_text


def script_json(value: object) -> str:
    """JSON for inside a ``<script>`` element: nothing in it can end the element or open a
    comment, whatever the strings hold."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    for raw, safe in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, safe)
    return text


def _colour(value: str | None, default: str = NEUTRAL) -> str:
    return value if value and _COLOUR.match(value) else default


def _number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


def _percent(value: float) -> str:
    return f"{value:.1f}%"


def _inside(lines: Iterable[str]) -> Iterator[str]:
    """A view's ``<section>`` lines without its opening, its title and its end, as they are
    drawn: the report's section around them has its own."""
    held = None
    for number, line in enumerate(lines):
        if number > 2:
            yield held
        held = line


class _Page:
    """The facts every section needs, looked up once."""

    def __init__(self, result: CheckResult, findings: list[Finding], lang: Lang):
        self.result = result
        self.context: CheckContext = result.context
        self.framework = self.context.framework
        self.findings = findings
        self.lang = lang
        self.owners: dict[str, list[str]] = {}
        for measure_id, loaded in self.context.measures.items():
            self.owners.setdefault(loaded.measure.owner, []).append(measure_id)
        self.by_measure: dict[str, list[int]] = {}
        self._impacts = None  # the impacts view, built when a section first asks for it
        for index, finding in enumerate(findings):
            if finding.measure:
                self.by_measure.setdefault(finding.measure, []).append(index)

    def t(self, key: str, **values: object) -> str:
        text = T[key].format(**values) if values else T[key]
        return text(self.lang)

    def impacts(self):
        """The impacts view, built once for the 影響評価 section and its appendix."""
        built = self._impacts
        if built is None:
            from ..views.impacts import APPENDIX_TABLES, REPORT_TABLES, ImpactView, build

            # The view is the most the page holds at once. The graph is not needed for it and
            # is let go first (about 100 MB at 100,000 measures); the network, made after it,
            # makes the graph again.
            self.context.let_go_of_graph()
            view = ImpactView(
                self.context, analyse_impacts(self.context), self.lang, None,
                default_columns(self.framework),
            )
            built = self._impacts = build(view, keys={*REPORT_TABLES, *APPENDIX_TABLES})
        return built

    def forget_impacts(self) -> None:
        """The impacts view is no longer needed: its tables of every measure are let go."""
        self._impacts = None

    def field_name(self, field_id: str) -> str:
        definition = self.framework.fields.get(field_id)
        if definition is None:
            return field_id
        return definition.title if self.lang == "ja" else definition.title_en or definition.title

    def node_colour(self, node_id: str) -> str | None:
        for candidate in (node_id, *self.framework.ancestors(node_id)):
            colour = self.framework.nodes[candidate].color
            if colour:
                return colour
        return None

    def measure_title(self, measure_id: str) -> str:
        measure = self.context.measures[measure_id].measure
        return (measure.title_en or measure.title) if self.lang == "en" else measure.title


# --- sections ----------------------------------------------------------------------------------


def _header(page: _Page, title: str) -> list[str]:
    framework = page.framework
    name = framework.name if page.lang == "ja" else framework.name_en or framework.name
    start, end = page.context.plan_period
    config = page.context.settings.config_name or page.t("none")
    meta = [
        f"{page.t('framework')}: {name}",
        f"{page.t('config')}: {config}",
        f"{page.t('plan_period')}: FY{start}–FY{end}",
    ]
    sections = [
        ("summary", page.t("summary")),
        ("coverage", page.t("coverage")),
        ("heatmap", page.t("heatmap")),
        ("cross-field", page.t("cross_field")),
        ("impacts", page.t("impacts")),
        ("progress", page.t("progress")),
        ("network", page.t("network")),
        ("findings", page.t("findings")),
        ("owners", page.t("owners")),
    ]
    if any(loaded.measure.impacts for loaded in page.context.measures.values()):
        sections.append(("impacts-appendix", page.t("impacts_appendix")))
    return page_header(title, meta, sections, page.lang)


def _banners(page: _Page) -> list[str]:
    """What a reader must see before any figure: that the page is of the bundled sample, or
    that some files could not be read (so every figure leaves their measures out)."""
    out = []
    if notice := scope.sample_notice(page.result, page.lang):
        out.append(f'<div class="banner sample" role="note">⚠ {_e(notice)}</div>')
    problems = [f for f in page.findings if f.is_input_problem]
    if problems:
        files = sorted({f.location.file for f in problems if f.location})
        out += [
            '<div class="banner unreadable" role="alert" id="unreadable">',
            f"<h2>{_e(page.t('unreadable_title', count=len(files)))}</h2>",
            f"<p>{_e(page.t('unreadable_note'))}</p>",
            "<ul>",
        ]
        for finding in problems:
            where = str(finding.location) if finding.location else ""
            hint = f" — {_e(finding.hint(page.lang))}" if finding.hint else ""
            out.append(
                f"<li><code>{_e(where)}</code> {_e(finding.message(page.lang))}{hint}</li>"
            )
        out.append("</ul>")
        # What the figures leave out for them, measure by measure.
        out += [f"<p>{_e(line)}</p>" for line in scope.left_out_lines(page.context, page.lang)]
        out.append("</div>")
    return out


def _card(label: str, value: str, css: str = "", sub: str = "") -> str:
    sub_html = f'<div class="sub">{_e(sub)}</div>' if sub else ""
    return (
        f'<div class="card {css}"><div class="label">{_e(label)}</div>'
        f'<div class="value">{_e(value)}</div>{sub_html}</div>'
    )


def _summary(page: _Page) -> list[str]:
    context = page.context
    counts = Counter(f.severity for f in page.findings)
    links = sum(len(m.measure.supports) for m in context.measures.values())
    levels = list(context.coverage.levels.values())
    with_minimum = [s for s in levels if s.minimum is not None]
    lowest = min(levels, key=lambda s: s.percent) if levels else None
    lowest_text = ""
    if lowest is not None:
        level = lowest.level
        name = level.title if page.lang == "ja" else level.title_en or level.title
        lowest_text = page.t(
            "lowest", level=f"{level.framework} {name}", percent=_percent(lowest.percent)
        )
    if with_minimum:
        met = sum(1 for s in with_minimum if not s.below_minimum)
        headline = _card(
            page.t("headline"),
            page.t("headline_met", met=met, total=len(with_minimum)),
            "wide " + ("good" if met == len(with_minimum) else "bad"),
            lowest_text,
        )
    else:
        full = sum(1 for s in levels if s.percent >= 99.995)
        headline = _card(
            page.t("headline_full"),
            page.t("headline_full_value", met=full, total=len(levels)),
            "wide",
            lowest_text,
        )
    errors, warnings, infos = (counts.get(s, 0) for s in SEVERITIES)
    out = [
        '<section id="summary">',
        f"<h2>{_e(page.t('summary'))}</h2>",
        '<div class="cards">',
        _card(page.t("measures"), str(context.measure_count)),
        _card(page.t("files"), str(len(context.draft.files))),
        *(
            [_card(page.t("unreadable_card"), str(unreadable), "error")]
            if (unreadable := len({f.location.file for f in page.findings
                                   if f.is_input_problem and f.location}))
            else []
        ),
        _card(page.t("links"), str(links)),
        _card(page.t("errors"), str(errors), "error" if errors else "good"),
        _card(page.t("warnings"), str(warnings), "warning" if warnings else "good"),
        _card(page.t("infos"), str(infos), "info" if infos else ""),
        _card(page.t("cross_measures"), str(len(context.cross_field.cross_field_measures))),
        headline,
        "</div>",
    ]
    for line in scope.left_out_lines(context, page.lang):
        out.append(f'<p class="note">{_e(line)}</p>')
    if page.result.skipped_rules:
        note = page.t("skipped", codes=", ".join(page.result.skipped_rules))
        out.append(f'<p class="note">{_e(note)}</p>')
    out.append("</section>")
    return out


def _coverage(page: _Page) -> list[str]:
    """Each framework level's coverage against its minimum: the table of ``check`` and of
    ``check --format markdown`` (views/check.py), its bars drawn."""
    from ..renderers.html import table as html_table
    from ..views.check import coverage

    out = [
        '<section id="coverage">',
        f"<h2>{_e(page.t('coverage'))}</h2>",
        f'<p class="note">{_e(page.t("coverage_note"))}</p>',
    ]
    # The table under the section's own heading, which says the same as the table's title.
    out += html_table(coverage(page.result, page.lang), page.lang, level=3)[1:]
    out.append("</section>")
    return out


def _heatmap(page: _Page) -> Iterator[str]:
    """The measures × SDG goals matrix (or the framework's first level): the view of
    ``matrix --format html``, table for table, the goals in their colours."""
    from ..views.matrix import build

    context = page.context
    framework = page.framework
    matrix = build_matrix(
        framework,
        context.measures,
        context.coverage,
        context.cross_field,
        default_columns(framework),
        "measure",
    )
    yield '<section id="heatmap">'
    yield f"<h2>{_e(page.t('heatmap'))}</h2>"
    yield f'<p class="note">{_e(page.t("heatmap_note"))}</p>'
    # The view's own section, its title the report's 対応表 above.
    yield from _inside(view_section_lines(build(matrix, page.lang), page.lang, level=2))
    yield "</section>"


def _cross_field(page: _Page) -> list[str]:
    """The field × field matrix, the fields serving each cross-field policy and the
    cross-field measures: the tables of ``check --show crossfield`` (views/check.py)."""
    from ..renderers.html import table as html_table
    from ..views.check import cross_field

    out = ['<section id="cross-field">', f"<h2>{_e(page.t('cross_field'))}</h2>"]
    for shown in cross_field(page.result, page.lang):
        out += html_table(shown, page.lang, level=3)
    out.append("</section>")
    return out


def _impacts(page: _Page) -> Iterator[str]:
    """The 影響評価 section: the signed measures × SDG goals heatmap (or the framework's first
    level), the trade-offs with their mitigation, the synergy clusters and the influence
    ranking — the tables of ``impacts --format html``. One line when nothing is assessed."""
    context = page.context
    out = ['<section id="impacts">', f"<h2>{_e(page.t('impacts'))}</h2>"]
    if not any(loaded.measure.impacts for loaded in context.measures.values()):
        out += [f'<p class="note" id="no-impacts">{_e(page.t("no_impacts"))}</p>', "</section>"]
        yield from out
        return
    from ..views.impacts import report_view

    yield from out
    yield f'<p class="note">{_e(page.t("impacts_note"))}</p>'
    # The view's own section, its title the report's 影響評価 above.
    yield from _inside(view_section_lines(report_view(page.impacts()), page.lang, level=2))
    yield f'<p class="note"><a href="#impacts-appendix">{_e(page.t("to_appendix"))}</a></p>'
    yield "</section>"


def _impacts_appendix(page: _Page) -> Iterator[str]:
    """The appendix of 影響評価, at the end of the report: every trade-off by policy and in
    one list, the full heatmap, the measures' figures, the synergy groups' members, the
    influence and the scale — what a planning office looks up, not what a council reads."""
    context = page.context
    if not any(loaded.measure.impacts for loaded in context.measures.values()):
        return
    from ..views.impacts import report_view

    yield '<section id="impacts-appendix">'
    yield f"<h2>{_e(page.t('impacts_appendix'))}</h2>"
    shown = report_view(page.impacts(), appendix=True)
    page.forget_impacts()  # the last section to show it
    yield from _inside(view_section_lines(shown, page.lang, level=2))
    yield "</section>"


def _progress(page: _Page) -> Iterator[str]:
    """The 進捗 section: the priority policies and SDG goals by status, the departments as a
    status heatmap, the plan-level indicators and every KPI's chart with the 遅れ / 未報告
    filter — the tables of ``progress --format html``. One line when there are no results."""
    context = page.context
    out = ['<section id="progress">', f"<h2>{_e(page.t('progress'))}</h2>"]
    analysis = progress_of_context(context)
    let_go_of_progress(context)  # no other section reads it: see MADE
    if not analysis.has_results:
        note = PROGRESS["no_results"](page.lang)
        yield from [*out, f'<p class="note" id="no-progress">{_e(note)}</p>', "</section>"]
        return
    from ..views.progress import ProgressView, report_view

    view = report_view(ProgressView(context, analysis, page.lang, "node", None, None))
    yield from out
    yield f'<p class="note">{_e(page.t("progress_note"))}</p>'
    # The view's own section, its title the report's 進捗 above.
    yield from _inside(view_section_lines(view, page.lang, level=2))
    yield "</section>"


def _network(page: _Page) -> Iterator[str]:
    shown = alignment_graph(page.context)
    page.context.let_go_of_graph()  # no section after this one reads it
    picture = layout(shown, page.framework, page.lang)
    release(shown)
    yield '<section id="network">'
    yield f"<h2>{_e(page.t('network'))}</h2>"
    yield f'<p class="note">{_e(page.t("network_note"))}</p>'
    yield '<div class="network">'
    # A line per edge and per measure, deflated as they come (hundreds of megabytes of one
    # text at 100,000 measures).
    yield from network_lines(picture, page.lang)
    yield "</div>"
    yield "</section>"


def _finding_scope(page: _Page, finding: Finding) -> tuple[str, list[str]]:
    """(owner, fields) a finding is about, for the filters."""
    measures = page.context.measures
    if finding.measure and finding.measure in measures:
        measure = measures[finding.measure].measure
        return measure.owner, [measure.field]
    if finding.node and finding.node in page.framework.nodes:
        return "", list(fields_of_node(page.framework, finding.node))
    return "", []


def _findings(page: _Page) -> Iterator[str]:
    out = ['<section id="findings">', f"<h2>{_e(page.t('findings'))}</h2>"]
    if not page.findings:
        yield from [*out, f"<p>{_e(page.t('no_findings'))}</p>", "</section>"]
        return
    scopes = [_finding_scope(page, finding) for finding in page.findings]
    owners = list(dict.fromkeys(owner for owner, _ in scopes))
    fields_seen = {f for _, fields in scopes for f in fields}
    fields = [f for f in page.framework.fields if f in fields_seen]
    fields += sorted(fields_seen - set(fields))
    has_no_field = any(not fields_ for _, fields_ in scopes)
    severities = [s for s in SEVERITIES if any(f.severity == s for f in page.findings)]

    def select(name: str, label: str, options: list[tuple[str, str]]) -> str:
        html = [
            f'<label>{_e(label)} <select name="{name}" data-filter="{name}">',
            f'<option value="">{_e(page.t("all"))}</option>',
        ]
        html += [f'<option value="={_e(value)}">{_e(text)}</option>' for value, text in options]
        html.append("</select></label>")
        return "".join(html)

    owner_options = [(o, o) if o else ("", page.t("no_owner")) for o in owners]
    field_options = [(f, f"{page.field_name(f)} ({f})") for f in fields]
    if has_no_field:
        field_options.append(("", page.t("no_field")))
    out += [
        '<form id="finding-filters" class="filters" role="search">',
        select(
            "severity",
            page.t("filter_severity"),
            [(s.value, s.label(page.lang)) for s in severities],
        ),
        select("owner", page.t("filter_owner"), owner_options),
        select("field", page.t("filter_field"), field_options),
        f'<button type="reset">{_e(page.t("reset"))}</button>',
        "</form>",
        f'<p id="finding-count" class="count" aria-live="polite">'
        f"{_e(page.t('shown', shown=len(page.findings), total=len(page.findings)))}</p>",
        '<table id="findings-table" class="data findings">',
        "<thead><tr>",
        f'<th scope="col">{_e(page.t("severity"))}</th>',
        f'<th scope="col">{_e(page.t("code"))}</th>',
        f'<th scope="col">{_e(page.t("where"))}</th>',
        f'<th scope="col">{_e(page.t("message"))}</th>',
        f'<th scope="col">{_e(page.t("about"))}</th>',
        f'<th scope="col">{_e(page.t("owner"))}</th>',
        f'<th scope="col">{_e(page.t("field"))}</th>',
        "</tr></thead>",
        "<tbody>",
    ]
    yield from out
    for index, (finding, (owner, finding_fields)) in enumerate(
        zip(page.findings, scopes, strict=True)
    ):
        where = str(finding.location) if finding.location else ""
        message = _e(finding.message(page.lang))
        if finding.source_line is not None:
            message += f'<pre class="source">{_e(finding.source_line.rstrip())}</pre>'
        if finding.hint is not None:
            message += f'<span class="hint">→ {_e(finding.hint(page.lang))}</span>'
        about = []
        if finding.measure:
            target = (
                f'<a href="#m-{_e(finding.measure)}"><code>{_e(finding.measure)}</code></a>'
                if finding.measure in page.context.measures
                else f"<code>{_e(finding.measure)}</code>"
            )
            about.append(target)
        if finding.node:
            about.append(f"<code>{_e(finding.node)}</code>")
        yield (
            f'<tr id="finding-{index + 1}" data-severity="{_e(finding.severity.value)}" '
            f'data-owner="{_e(owner)}" data-field="{_e(" ".join(finding_fields))}">'
            f'<td><span class="sev {_e(finding.severity.value)}">{_e(finding.severity.label(page.lang))}</span></td>'
            f'<td><code>{_e(finding.code)}</code><br><span class="muted">{_e(finding.name)}</span></td>'
            f"<td><code>{_e(where)}</code></td>"
            f"<td>{message}</td>"
            f"<td>{' '.join(about)}</td>"
            f"<td>{_e(owner)}</td>"
            f"<td>{_e('・'.join(page.field_name(f) for f in finding_fields))}</td>"
            "</tr>"
        )
    yield from ["</tbody>", "</table>", "</section>"]


def _chip(page: _Page, node_id: str) -> str:
    node = page.framework.nodes.get(node_id)
    if node is None:
        return (
            f'<span class="chip unknown" title="{_e(page.t("unknown_id"))}">'
            f'<span class="cid">{_e(node_id)}</span>⚠ {_e(page.t("unknown_id"))}</span>'
        )
    colour = page.node_colour(node_id)
    whole = (node.title_en or node.title) if page.lang == "en" else node.title
    label = fit(node.label(page.lang), 22 * 12.0, 12.0)
    if colour and _COLOUR.match(colour):
        style = f' style="background-color: {colour}; color: {text_colour(colour)}"'
        return (
            f'<span class="chip sdg"{style} title="{_e(whole)}">'
            f'<span class="cid">{_e(node_id)}</span>{_e(label)}</span>'
        )
    return (
        f'<span class="chip" title="{_e(whole)}"><span class="cid">{_e(node_id)}</span>'
        f"{_e(label)}</span>"
    )


def _kpis(page: _Page, measure) -> str:
    if not measure.kpis:
        return f'<span class="missing">⚠ {_e(page.t("no_kpis"))}</span>'
    rows = [
        '<table class="kpis"><thead><tr>'
        f'<th scope="col">{_e(page.t("kpi_name"))}</th>'
        f'<th scope="col">{_e(page.t("baseline"))}</th>'
        f'<th scope="col">{_e(page.t("target"))}</th>'
        f'<th scope="col">{_e(page.t("unit"))}</th></tr></thead><tbody>'
    ]
    for kpi in measure.kpis:
        baseline = f"{_number(kpi.baseline.value)} (FY{kpi.baseline.year})" if kpi.baseline else "—"
        target = f"{_number(kpi.target.value)} (FY{kpi.target.year})"
        rows.append(
            f"<tr><td>{_e(kpi.name)}</td><td>{_e(baseline)}</td><td>{_e(target)}</td>"
            f"<td>{_e(kpi.unit)}</td></tr>"
        )
    rows.append("</tbody></table>")
    return "".join(rows)


def _owners(page: _Page) -> Iterator[str]:
    context = page.context
    # Every measure's card, made as the page is written (a hundred thousand of them).
    yield '<section id="owners">'
    yield f"<h2>{_e(page.t('owners'))}</h2>"
    yield '<ul class="owner-index">'
    yield from (
        f'<li><a href="#owner-{number}">{_e(owner)}</a> ({len(members)})</li>'
        for number, (owner, members) in enumerate(page.owners.items(), start=1)
    )
    yield "</ul>"
    for number, (owner, members) in enumerate(page.owners.items(), start=1):
        links = sum(len(context.measures[m].measure.supports) for m in members)
        found = sum(len(page.by_measure.get(m, [])) for m in members)
        counts = page.t("owner_counts", measures=len(members), links=links, findings=found)
        yield f'<section class="owner" id="owner-{number}" data-owner="{_e(owner)}">'
        yield f'<h3>{_e(owner)}<span class="counts">{_e(counts)}</span></h3>'
        yield '<div class="measures">'
        for measure_id in members:
            loaded = context.measures[measure_id]
            measure = loaded.measure
            primary = page.measure_title(measure_id)
            secondary = measure.title if page.lang == "en" else measure.title_en
            line, _column = loaded.locate()
            where = f"{loaded.file}:{line}" if line else loaded.file
            parts = [
                f'<article class="measure" id="m-{_e(measure_id)}" data-field="{_e(measure.field)}">',
                "<header>",
                f'<span class="mid">{_e(measure_id)}</span>',
                f'<span class="mtitle">{_e(primary)}</span>',
            ]
            if secondary and secondary != primary:
                parts.append(f'<span class="alt">{_e(secondary)}</span>')
            parts.append(f'<span class="badge">{_e(page.field_name(measure.field))}</span>')
            for index in page.by_measure.get(measure_id, []):
                finding = page.findings[index]
                parts.append(
                    f'<a class="sev {_e(finding.severity.value)}" href="#finding-{index + 1}" '
                    f'title="{_e(finding.message(page.lang))}">{_e(finding.code)}</a>'
                )
            parts.append("</header>")
            if measure.description:
                parts.append(f'<p class="desc">{_e(measure.description)}</p>')
            parts.append("<dl>")
            chips = "".join(_chip(page, node_id) for node_id in measure.supports) or "—"
            parts.append(
                f'<dt>{_e(page.t("supports"))}</dt><dd><div class="chips">{chips}</div></dd>'
            )
            parts.append(f"<dt>{_e(page.t('kpis'))}</dt><dd>{_kpis(page, measure)}</dd>")
            if measure.depends_on:
                dependencies = " ".join(
                    f'<a href="#m-{_e(d)}"><code>{_e(d)}</code></a>'
                    if d in context.measures
                    else f"<code>{_e(d)}</code>"
                    for d in measure.depends_on
                )
                parts.append(f"<dt>{_e(page.t('depends_on'))}</dt><dd>{dependencies}</dd>")
            if measure.period:
                parts.append(
                    f"<dt>{_e(page.t('period'))}</dt>"
                    f"<dd>FY{measure.period.start}–FY{measure.period.end}</dd>"
                )
            if measure.tags:
                tags = " ".join(f'<span class="badge">{_e(tag)}</span>' for tag in measure.tags)
                parts.append(f"<dt>{_e(page.t('tags'))}</dt><dd>{tags}</dd>")
            parts.append(f"<dt>{_e(page.t('file'))}</dt><dd><code>{_e(where)}</code></dd>")
            parts += ["</dl>", "</article>"]
            yield "".join(parts)
        yield "</div>"
        yield "</section>"
    yield "</section>"


# --- the page ----------------------------------------------------------------------------------


# The sections in the page's order.
SECTIONS = (
    _summary,
    _coverage,
    _heatmap,
    _cross_field,
    _impacts,
    _progress,
    _network,
    _findings,
    _owners,
    _impacts_appendix,
)
# The order they are made in, so that what a large section is made from is let go before the
# next is made: 進捗 first, as the progress analysis the rules made is at hand (230 MB of a
# 100,000-measure report, held to its section before); the impacts appendix right after
# 影響評価, as the impacts view both show is (154 MB of a 20,000-measure report, held to the
# end of the page before).
MADE = [_progress, *(s for s in SECTIONS if s not in (_progress, _impacts_appendix))]
MADE.insert(MADE.index(_impacts) + 1, _impacts_appendix)


def render(
    result: CheckResult | None,
    findings: list[Finding],
    lang: Lang,
    exit_code: int = 0,
    *,
    title: str | None = None,
    whole: bool = False,
    **_options: object,
) -> Iterator[str]:
    """The whole report as one HTML document, line by line as it is made (never held whole).
    ``result`` must be a checked draft. A large report keeps its large sections compressed
    (reporters/deferred.py) unless ``whole``."""
    if result is None:
        raise ValueError("the HTML report needs a checked draft")
    page = _Page(result, findings, lang)
    title = title if title and title.strip() else T["title"](lang)
    return _lines(page, title, whole)


def _lines(page: _Page, title: str, whole: bool) -> Iterator[str]:
    lang = page.lang
    sections = Layout(
        ((SECTIONS.index(section), section(page)) for section in MADE), lang, whole=whole
    )
    out = page_start(title, lang, script=SCRIPT)
    out += _header(page, title)
    out += _banners(page)
    if sections.any_packed():
        out.append(notice(lang))
    out.append("<main>")
    for line in out:
        yield line + "\n"
    for lines in sections:
        for line in lines:
            yield line + "\n"
    data = {"shown": T["shown"](lang)}
    for line in (
        "</main>",
        page_footer(lang),
        f'<script type="application/json" id="seta-align-data">{script_json(data)}</script>',
        f"<script>{SCRIPT}</script>",
        "</body>",
        "</html>",
    ):
        yield line + "\n"
