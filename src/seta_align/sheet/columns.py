"""The columns of a measures sheet: what each holds, the headings that name it.

One table serves both directions, so every heading the export writes is one the import reads.
A column's *role* has a stable name, used in mapping files (``columns: {見出し: role}``):

=========================  ==================================================================
``id`` ``title``           施策ID, 施策名 (required, with ``owner`` and ``field``)
``title_en``               施策名（英語）
``description``            概要
``owner`` ``field``        所管部, 分野 (a field id or its name)
``section``                所管課 (the section that evaluates the measure; optional)
``supports``               ids of any framework (貢献する政策)
``supports.PP`` …          ids, where a bare or circled number n means ``PP-n`` (重点政策);
                           likewise ``supports.ORD`` 条例, ``.PR`` 理念, ``.VIS`` ビジョン,
                           ``.GL`` 指針, ``.IV`` 新産業ビジョン, ``.SDG`` SDGs, or any prefix
``depends_on``             依存する施策
``period.start`` ``.end``  開始年度, 終了年度
``kpi.name`` …             the first KPI: ``kpi.name`` 指標名, ``kpi.unit`` 単位,
                           ``kpi.baseline.year`` 基準年度, ``kpi.baseline.value`` 現状値,
                           ``kpi.target.year`` 目標年度, ``kpi.target.value`` 目標値,
                           ``kpi.id`` 指標ID, ``kpi.direction`` 方向 (増加・減少・維持),
                           ``kpi.milestones`` 年度目標 (``2026:140; 2028:160``),
                           ``kpi.contributes_to`` 成果指標 (a plan-level indicator's id),
                           ``kpi.type`` 指標の種別 (成果指標・活動指標),
                           ``kpi.tolerance`` 許容幅（%） (a maintain KPI's own);
                           ``kpi2.name`` 指標名2 … the second, and so on
``impacts``                影響: ``SDG-7.2:+2; SDG-15.1:-1`` (see :mod:`.impacts`)
``impacts.note`` …         影響の説明, ``impacts.mitigation`` 緩和策, ``impacts.evidence``
                           エビデンス: one line ``ID: text`` per impact
``tags``                   タグ
``file``                   ファイル: the measure file a row came from (``import --by file``)
``ignore``                 a column to leave out, without the info line
=========================  ==================================================================
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..loading.framework import Framework

KPI_PARTS = (
    "name",
    "unit",
    "baseline.year",
    "baseline.value",
    "target.year",
    "target.value",
    # The outcome-management parts (docs/progress.md), after the six every KPI sheet has.
    "id",
    "direction",
    "milestones",
    "contributes_to",
    "type",
    "tolerance",
)
SINGLE_FIELDS = (
    "id",
    "title",
    "title_en",
    "description",
    "owner",
    "field",
    "section",
    "period.start",
    "period.end",
    "file",
)
LIST_FIELDS = ("supports", "depends_on", "tags")
# The texts an impact may carry besides its score, each in a column of its own.
IMPACT_PARTS = ("note", "mitigation", "evidence", "assessed_by", "assessed_on", "source")
REQUIRED = ("id", "title", "owner", "field")
# The framework columns of the bundled framework, in the order the export writes them.
SUPPORT_PREFIXES = ("PP", "ORD", "PR", "VIS", "GL", "IV", "SDG")


@dataclass(frozen=True, slots=True)
class Role:
    """What a column holds. ``part``: the id prefix of a framework column, ``start``/``end`` of
    the period, or a KPI part; ``group``: which KPI (1 for the first)."""

    field: str
    part: str | None = None
    group: int = 1

    @property
    def key(self) -> str:
        if self.field == "kpi":
            return f"kpi{'' if self.group == 1 else self.group}.{self.part}"
        if self.field in ("supports", "period", "impacts") and self.part:
            return f"{self.field}.{self.part}"
        return self.field

    @property
    def is_list(self) -> bool:
        return self.field in LIST_FIELDS


_KPI_ROLE = re.compile(r"^kpi(\d*)\.(" + "|".join(re.escape(p) for p in KPI_PARTS) + r")$")
_SUPPORT_ROLE = re.compile(r"^supports\.([A-Za-z][A-Za-z0-9_]*)$")
_IMPACT_ROLE = re.compile(r"^impacts\.(" + "|".join(IMPACT_PARTS) + r")$")


def parse_role(name: str) -> Role | None:
    """The role a mapping file names (``supports.SDG``, ``kpi2.unit`` …), or None."""
    name = name.strip()
    if name in ("ignore", "supports", "depends_on", "tags", "impacts"):
        return Role(name)
    impact = _IMPACT_ROLE.match(name)
    if impact:
        return Role("impacts", impact.group(1))
    if name in SINGLE_FIELDS:
        field, _, part = name.partition(".")
        return Role(field, part or None)
    support = _SUPPORT_ROLE.match(name)
    if support:
        return Role("supports", support.group(1))
    kpi = _KPI_ROLE.match(name)
    if kpi:
        group = int(kpi.group(1) or 1)
        return Role("kpi", kpi.group(2), group) if group >= 1 else None
    return None


def role_names() -> list[str]:
    """Every role a mapping file may name (for did-you-mean and the error message)."""
    return [
        *SINGLE_FIELDS[:7],
        "supports",
        *(f"supports.{prefix}" for prefix in SUPPORT_PREFIXES),
        "depends_on",
        "period.start",
        "period.end",
        *(f"kpi.{part}" for part in KPI_PARTS),
        "impacts",
        *(f"impacts.{part}" for part in IMPACT_PARTS),
        "tags",
        "file",
        "ignore",
    ]


# --- Headings ---------------------------------------------------------------------------------

# The headings the export writes (Japanese, like the sheets the users keep).
HEADINGS: dict[str, str] = {
    "id": "施策ID",
    "title": "施策名",
    "title_en": "施策名（英語）",
    "description": "概要",
    "owner": "所管部",
    "field": "分野",
    "section": "所管課",
    "supports.PP": "重点政策",
    "supports.ORD": "条例",
    "supports.PR": "理念",
    "supports.VIS": "ビジョン",
    "supports.GL": "指針",
    "supports.IV": "新産業ビジョン",
    "supports.SDG": "SDGs",
    "supports": "貢献する政策（その他）",
    "depends_on": "依存する施策",
    "period.start": "開始年度",
    "period.end": "終了年度",
    "impacts": "影響",
    "impacts.note": "影響の説明",
    "impacts.mitigation": "緩和策",
    "impacts.evidence": "エビデンス",
    "impacts.assessed_by": "影響の評価者",
    "impacts.assessed_on": "影響の評価日",
    "impacts.source": "影響の出典",
    "tags": "タグ",
    "file": "ファイル",
}
KPI_HEADINGS: dict[str, str] = {
    "name": "指標名",
    "unit": "単位",
    "baseline.year": "基準年度",
    "baseline.value": "現状値",
    "target.year": "目標年度",
    "target.value": "目標値",
    "id": "指標ID",
    "direction": "方向",
    "milestones": "年度目標",
    "contributes_to": "成果指標",
    "type": "指標の種別",
    "tolerance": "許容幅（%）",
}

# Other headings people use for the same columns, Japanese and English (matched normalised).
_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("ID", "施策番号", "施策コード", "measure id", "measure_id"),
    "title": ("施策", "名称", "施策の名称", "施策名称", "measure", "name"),
    "title_en": ("施策名(英語)", "英語名", "施策名英語", "英文名", "title (english)", "title_en"),
    "description": ("説明", "施策の概要", "内容", "施策の内容"),
    "owner": (
        "所管",
        "所管部",
        "担当部",
        "所管部局",
        "担当部局",
        "担当",
        "department",
    ),
    "section": ("担当課", "所管の課", "section"),
    "field": ("政策分野", "分野ID"),
    "supports.PP": ("関連する重点政策", "重点政策の取組", "重点政策(基本計画)"),
    "supports.ORD": (
        "条例の基本的方針",
        "基本的方針",
        "目指す姿",
        "条例の目指す姿",
        "条例の基本的方針・目指す姿",
    ),
    "supports.PR": ("計画の理念",),
    "supports.VIS": ("九つのビジョン", "基本構想のビジョン"),
    "supports.GL": ("計画推進の指針",),
    "supports.IV": ("産業ビジョン", "新産業ビジョンのキーワード"),
    "supports.SDG": ("SDG", "関連するSDGs", "SDGsのゴール", "SDGsのターゲット", "関連するSDG"),
    "supports": ("貢献する政策", "関連する政策", "貢献する政策・目標"),
    "depends_on": ("前提となる施策", "依存先", "depends on", "depends_on"),
    "period.start": ("開始", "実施期間(開始)", "start", "start year", "period start"),
    "period.end": ("終了", "実施期間(終了)", "end", "end year", "period end"),
    "impacts": ("影響の予測評価", "影響評価", "impact", "impacts"),
    "impacts.note": ("影響の根拠・説明", "影響の理由", "impact note", "impact notes"),
    "impacts.mitigation": ("影響の緩和策", "mitigation", "mitigations"),
    "impacts.evidence": ("影響のエビデンス", "根拠資料", "evidence"),
    # Only names that say "of the impacts": a sheet's own 出典 or 評価者 column (of the measure,
    # of its data) is something else, which the import leaves alone as before.
    "impacts.assessed_by": ("影響の評価者名", "impact assessed by", "impacts.assessed_by"),
    "impacts.assessed_on": ("影響の評価年月日", "impact assessed on", "impacts.assessed_on"),
    "impacts.source": ("影響評価の出典", "impact source", "impacts.source"),
    "tags": ("tag",),
    "file": ("ファイル名", "施策ファイル"),
}
_KPI_ALIASES: dict[str, tuple[str, ...]] = {
    # Not 成果指標: that is the plan-level indicator a KPI contributes to (contributes_to).
    "name": ("指標", "目標指標", "KPI", "kpi name", "indicator"),
    "unit": ("unit",),
    "baseline.year": ("現状値の年度", "現状年度", "基準年", "baseline year"),
    "baseline.value": ("基準値", "現状", "baseline", "baseline value"),
    "target.year": ("目標値の年度", "目標年", "target year"),
    "target.value": ("目標", "target", "target value"),
    "id": ("指標コード", "指標番号", "kpi id", "kpi_id", "indicator id"),
    "direction": ("指標の方向", "目指す方向", "方向性", "direction"),
    "milestones": (
        "年度別目標",
        "年度ごとの目標",
        "年度別目標値",
        "中間目標",
        "マイルストーン",
        "milestones",
        "milestone",
        "yearly targets",
    ),
    # Not a bare 種別: sheets use it for many things (新規・継続 …).
    "type": ("指標区分", "指標の区分", "指標種別", "成果・活動", "kpi type"),
    "tolerance": ("許容幅", "維持の許容幅", "tolerance"),
    "contributes_to": (
        "成果指標ID",
        "貢献する成果指標",
        "上位の成果指標",
        "contributes to",
        "contributes_to",
    ),
}

_MARKS = re.compile(r"[(\[【]\s*(必須|任意|required|optional)\s*[)\]】]", re.IGNORECASE)
_NOTE = re.compile(r"※.*$", re.DOTALL)


def header_key(text: object) -> str:
    """A heading as compared: NFKC, no whitespace, no 「（必須）」 or 「※…」 notes, case-folded."""
    normal = unicodedata.normalize("NFKC", str(text))
    normal = _NOTE.sub("", _MARKS.sub("", normal))
    return re.sub(r"\s+", "", normal).strip("*").casefold()


def _build_aliases() -> tuple[dict[str, str], dict[str, str]]:
    fields: dict[str, str] = {}
    for key, heading in HEADINGS.items():
        fields[header_key(heading)] = key
        fields[header_key(key)] = key
    for key, names in _ALIASES.items():
        for name in names:
            fields.setdefault(header_key(name), key)
    kpis: dict[str, str] = {}
    for part, heading in KPI_HEADINGS.items():
        kpis[header_key(heading)] = part
        kpis[header_key(f"kpi.{part}")] = part
    for part, names in _KPI_ALIASES.items():
        for name in names:
            kpis.setdefault(header_key(name), part)
    return fields, kpis


FIELD_ALIASES, KPI_ALIASES = _build_aliases()
_NUMBERED = re.compile(r"^(.*?)[-_.]?(\d{1,2})$")


def role_of_heading(heading: object, mapping: dict[str, Role] | None = None) -> Role | None:
    """The role of a column from its heading: the mapping file first, then the known headings
    (``指標名2``, ``目標値3`` … for the second and third KPI)."""
    key = header_key(heading)
    if not key:
        return None
    if mapping and key in mapping:
        return mapping[key]
    if key in FIELD_ALIASES:
        return parse_role(FIELD_ALIASES[key])
    if key in KPI_ALIASES:
        return Role("kpi", KPI_ALIASES[key], 1)
    numbered = _NUMBERED.match(key)
    if numbered and numbered.group(1) in KPI_ALIASES and int(numbered.group(2)) >= 1:
        return Role("kpi", KPI_ALIASES[numbered.group(1)], int(numbered.group(2)))
    kpi = _KPI_ROLE.match(key)
    if kpi:
        return Role("kpi", kpi.group(2), int(kpi.group(1) or 1))
    return None


def known_headings() -> list[str]:
    """Headings to suggest for an unknown one."""
    return [*HEADINGS.values(), *KPI_HEADINGS.values()] + [
        name for names in _ALIASES.values() for name in names if not name.isascii()
    ]


# --- The export's layout ------------------------------------------------------------------------


def export_roles(kpi_groups: int) -> list[Role]:
    """The export's columns, in order: the KPI groups after the links and the period, so a
    draft whose measures have more KPIs only adds columns to the right of them; then the
    impacts (score, note, mitigation, evidence, who scored them, when and from what)."""
    roles = [Role("id"), Role("title"), Role("owner"), Role("section"), Role("field")]
    roles += [Role("supports", prefix) for prefix in SUPPORT_PREFIXES]
    roles += [Role("supports"), Role("depends_on"), Role("period", "start"), Role("period", "end")]
    for group in range(1, max(1, kpi_groups) + 1):
        roles += [Role("kpi", part, group) for part in KPI_PARTS]
    roles += [Role("impacts"), *(Role("impacts", part) for part in IMPACT_PARTS)]
    roles += [Role("tags"), Role("title_en"), Role("description"), Role("file")]
    return roles


def heading_of(role: Role) -> str:
    if role.field == "kpi":
        base = KPI_HEADINGS[role.part or "name"]
        return base if role.group == 1 else f"{base}{role.group}"
    return HEADINGS[role.key]


# Which export column a framework node's id goes to: (framework, level) → the column's prefix.
_PLAN_LEVELS = {
    "priority_policy": "PP",
    "action": "PP",
    "principle": "PR",
    "vision": "VIS",
    "guideline": "GL",
    "guideline_part": "GL",
}
_FRAMEWORKS = {"ORD": "ORD", "IV": "IV", "SDG": "SDG"}


def support_column(framework: Framework, node_id: str) -> str | None:
    """The prefix of the column an id belongs in, decided by its framework and level; None for
    the 「その他」 column (the direction, other frameworks, ids the framework does not know)."""
    node = framework.nodes.get(node_id)
    if node is None:
        return None
    if node.framework == "PLAN":
        return _PLAN_LEVELS.get(node.level)
    return _FRAMEWORKS.get(node.framework)
