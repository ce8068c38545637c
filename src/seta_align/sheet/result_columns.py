"""The columns of a results sheet (行政評価の実績): what each holds, the headings that name it.

One table serves both directions: the template ``seta-align export --results-template`` writes,
and ``seta-align import --results``, which reads that template back as well as the sheets the
departments keep themselves (a title row above the headings, headings merged over two rows,
English headings). Matched like the measures sheet's headings (NFKC, no spaces, 「（必須）」 and
「※…」 left out, any case).

================  =================================================================
``measure``       施策番号: the measure's id (read)
``kpi_id``        指標ID: the KPI's id, or a plan-level indicator's id (read)
``kpi``           指標名: the KPI's (or indicator's) name (read)
``year``          年度: the fiscal year of the result (read)
``value``         実績値: the result; empty, 「—」 or 「未集計」: not reported (read)
``note``          備考: a note, e.g. why there is no result (read)
``ignore``        what the template shows for context and the import leaves alone: 所管,
                  施策名, 単位, 現状値, 基準年度, 目標値, 目標年度, the earlier years' results
================  =================================================================
"""

from __future__ import annotations

import re

from .columns import Role, header_key

# The columns the import reads; the others are context.
READ_FIELDS = ("measure", "kpi_id", "kpi", "year", "value", "note")

# The headings the template writes, by role key (the context columns' keys are their own).
HEADINGS: dict[str, str] = {
    "owner": "所管",
    "measure": "施策番号",
    "title": "施策名",
    "node": "政策・目標",
    "kpi_id": "指標ID",
    "kpi": "指標名",
    "unit": "単位",
    "baseline.value": "現状値",
    "baseline.year": "基準年度",
    "target.value": "目標値",
    "target.year": "目標年度",
    "year": "年度",
    "value": "実績値",
    "note": "備考",
}

# Other headings people give the same columns, Japanese and English.
_ALIASES: dict[str, tuple[str, ...]] = {
    "measure": (
        "施策ID",
        "施策コード",
        "施策No",
        "施策No.",
        "施策の番号",
        "measure",
        "measure id",
        "measure_id",
        "measure no",
    ),
    "kpi_id": ("指標番号", "指標コード", "指標No", "指標No.", "kpi id", "kpi_id", "indicator id"),
    "kpi": (
        "指標",
        "目標指標",
        "成果指標",
        "指標の名称",
        "指標名称",
        "KPI",
        "kpi name",
        "indicator",
        "indicator name",
    ),
    "year": ("実績年度", "対象年度", "評価年度", "報告年度", "year", "fiscal year", "FY"),
    "value": ("実績", "実績数値", "数値", "値", "実績値(数値)", "value", "result", "actual"),
    "note": (
        "注記",
        "特記事項",
        "説明",
        "補足",
        "コメント",
        "note",
        "notes",
        "remarks",
        "comment",
        "comments",
    ),
    # Context: shown, never read.
    "owner": (
        "所管部",
        "担当部",
        "所管部局",
        "担当部局",
        "所管課",
        "担当課",
        "担当",
        "department",
        "owner",
    ),
    "title": ("施策", "施策の名称", "施策名称", "title", "measure title"),
    "node": ("対象の政策", "政策", "policy", "node"),
    "unit": ("unit",),
    "baseline.value": ("基準値", "現状", "baseline", "baseline value"),
    "baseline.year": ("現状値の年度", "基準年", "baseline year"),
    "target.value": ("目標", "target", "target value"),
    "target.year": ("目標値の年度", "目標年", "target year"),
}

# The earlier years' results the template shows beside the row: 「2025年度実績（参考）」.
_EARLIER = re.compile(r"^(\d{4})年度実績\(参考\)$")


def earlier_heading(year: int) -> str:
    return f"{year}年度実績（参考）"


def _build() -> dict[str, str]:
    keys: dict[str, str] = {}
    for key, heading in HEADINGS.items():
        keys[header_key(heading)] = key
    for key, names in _ALIASES.items():
        for name in names:
            keys.setdefault(header_key(name), key)
    return keys


_BY_HEADING = _build()


def result_role(heading: object, _mapping: dict[str, Role] | None = None) -> Role | None:
    """The role of a results sheet's column from its heading; context columns are ``ignore``
    (read by nobody, and no info line about them)."""
    key = header_key(heading)
    if not key:
        return None
    if _EARLIER.match(key):
        return Role("ignore")
    found = _BY_HEADING.get(key)
    if found is None:
        return None
    return Role(found) if found in READ_FIELDS else Role("ignore")


def known_result_headings() -> list[str]:
    """Headings to suggest for an unknown one."""
    return [HEADINGS[key] for key in READ_FIELDS] + [
        name for key in READ_FIELDS for name in _ALIASES.get(key, ()) if not name.isascii()
    ]
