"""Generate a synthetic plan draft of SIZE measures for benchmarking seta-align.

Usage::

    .venv/bin/python bench/generate.py SIZE OUTDIR [--seed N] [--profile sample|issue]

Writes ``OUTDIR/measures/<department>/<section>-NN.yaml`` (50–300 measures a file, as departments
and their sections would split a plan) and ``OUTDIR/seta-align.yaml`` (the bundled sample's
config without its waivers). The same SIZE, seed and profile always give the same bytes.

Text is built from word pools taken from the bundled sample draft (titles, descriptions, KPI
names, tags) and from the framework file (node titles); ``supports`` links are real node ids of
``data/policies.yaml``, never a node together with its own ancestor; ``depends_on`` only points
at measures generated earlier, so the dependency graph is acyclic.

Profiles:

``sample`` (default)
    Measures shaped like the bundled sample: description 100–250 characters, English title,
    tags, period, 0–2 KPIs in block style. About 1 KB of YAML a measure (≈ 100 MB at 100k).
``issue``
    Lean measures sized to the issue's "100k measures (about 24 MB of YAML)": no description,
    English title, tags or period; KPIs in flow style. About 250 bytes a measure. Even an empty
    description cannot get a sample-shaped measure near 240 bytes, hence a separate profile.

``--desc-chars LO HI`` overrides the description length of either profile (0 0: none).

Impact pre-assessment (影響の予測評価, docs/impacts.md): every measure gets 1–4 ``impacts``
(mostly positive, about a fifth negative, most strongly negative ones with a ``mitigation``, a
few on an earlier measure's id) and the project gets ``interactions.yaml``, a partial 50×50
cross-impact matrix over 50 SDG targets (about 40 % of the pairs scored), named in the config.
Impacts and the matrix come from random streams of their own, so ``--no-impacts`` gives the
very same draft without them (the baseline the benchmark compares against).

``--results`` adds outcome management (行政評価, docs/progress.md): ``results/2024.yaml`` and
``results/2025.yaml`` (most KPIs reported near their expected path, about 5 % ``value: null``
with a note, a few not reported, rare typos and double reports), the sample's plan-level
indicators in ``indicators.yaml`` with their results, and the config naming them. The results
come from a random stream of their own: the measure files are the same bytes with or without.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

import yaml

from seta_align.vocabulary import IMPACT_SCALE

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

# Departments like the sample's, with the fields of their measures, a weight (measures of the
# sample draft) and sections (課) — synthetic but plausible section names.
DEPARTMENTS: list[tuple[str, str, str, dict[str, int], int, list[tuple[str, str]]]] = [
    # slug, owner, id prefix, field weights, weight, sections (slug, name)
    (
        "keizai-sangyo",
        "経済産業部",
        "ECON",
        {"ECON": 1},
        21,
        [
            ("shogyo", "商業課"),
            ("kogyo-monozukuri", "工業・ものづくり・雇用促進課"),
            ("sangyo-renkei", "産業連携交流推進課"),
            ("toshi-nogyo", "都市農業課"),
            ("shohi-seikatsu", "消費生活課"),
        ],
    ),
    (
        "seisaku-keiei",
        "政策経営部",
        "PLAN",
        {"MGMT": 1},
        10,
        [
            ("seisaku-kikaku", "政策企画課"),
            ("zaisei", "財政課"),
            ("koho-kocho", "広報広聴課"),
            ("kanmin-renkei", "経営改革・官民連携担当課"),
        ],
    ),
    (
        "hoken-fukushi",
        "保健福祉政策部",
        "WELF",
        {"LIFE": 1},
        8,
        [
            ("hoken-fukushi-seisaku", "保健福祉政策課"),
            ("seikatsu-fukushi", "生活福祉課"),
            ("shogai-shisaku", "障害施策推進課"),
            ("korei-fukushi", "高齢福祉課"),
        ],
    ),
    (
        "kankyo",
        "環境政策部",
        "ENVR",
        {"ENV": 1},
        8,
        [
            ("kankyo-keikaku", "環境計画課"),
            ("kankyo-hozen", "環境保全課"),
            ("midori", "みどり政策課"),
        ],
    ),
    (
        "kodomo-wakamono",
        "子ども・若者部",
        "KIDS",
        {"LIFE": 1},
        8,
        [
            ("kodomo-katei", "子ども家庭課"),
            ("jido", "児童課"),
            ("wakamono-shien", "子ども・若者支援課"),
            ("hoiku", "保育課"),
        ],
    ),
    (
        "seikatsu-bunka",
        "生活文化政策部",
        "COMM",
        {"LIFE": 1},
        5,
        [
            ("shimin-katsudo", "市民活動推進課"),
            ("bunka-geijutsu", "文化・芸術振興課"),
            ("jinken-danjo", "人権・男女共同参画課"),
        ],
    ),
    (
        "kyoiku",
        "教育委員会事務局",
        "EDU",
        {"LIFE": 1},
        7,
        [
            ("kyoiku-somu", "教育総務課"),
            ("kyoiku-shido", "教育指導課"),
            ("gakko-kenko", "学校健康推進課"),
            ("shogai-gakushu", "生涯学習課"),
        ],
    ),
    (
        "toshi-seibi",
        "都市整備政策部",
        "URBN",
        {"URBAN": 1},
        7,
        [
            ("toshi-keikaku", "都市計画課"),
            ("jutaku", "住宅課"),
            ("kotsu-seisaku", "交通政策課"),
            ("shigaichi-seibi", "市街地整備課"),
        ],
    ),
    (
        "kiki-kanri",
        "危機管理部",
        "DISA",
        {"LIFE": 3, "MGMT": 2},
        5,
        [("kiki-kanri", "危機管理課"), ("saigai-taisaku", "災害対策課")],
    ),
    (
        "dx-suishin",
        "DX推進担当部",
        "DX",
        {"MGMT": 1},
        3,
        [("dx-suishin", "DX推進担当課"), ("joho-seisaku", "情報政策課")],
    ),
    (
        "chiiki-gyosei",
        "地域行政部",
        "AREA",
        {"LIFE": 1},
        3,
        [("chiiki-gyosei", "地域行政課"), ("jumin-kiroku", "住民記録・戸籍課")],
    ),
]

AREAS = [
    ("世田谷", "Setagaya"),
    ("北沢", "Kitazawa"),
    ("玉川", "Tamagawa"),
    ("砧", "Kinuta"),
    ("烏山", "Karasuyama"),
]
QUALIFIERS = [
    ("モデル事業", "model project"),
    ("第{n}期", "phase {n}"),
    ("拡充", "expansion"),
    ("重点地区", "priority districts"),
    ("全区展開", "ward-wide roll-out"),
    ("官民連携", "public-private"),
]

PROFILES = {
    # description characters, lean layout
    "sample": ((100, 250), False),
    "issue": ((0, 0), True),
}

# Impact pre-assessment. The scores of an assessment (Nilsson et al.'s scale, +3 … −3): mostly
# helping, about a fifth hindering, cancelling (−3, the decision gate SA602) rare.
IMPACT_SCORES = {3: 4, 2: 24, 1: 34, 0: 5, -1: 19, -2: 12, -3: 0.4}
# The matrix of targets: a little more often neutral, otherwise alike.
INTERACTION_SCORES = {3: 3, 2: 25, 1: 34, 0: 10, -1: 18, -2: 9, -3: 1}
MATRIX_TARGETS = 50  # SDG targets in the interactions file (rows and columns)
MATRIX_FILLED = 0.4  # share of the 50×49 ordered pairs that are scored
# How some scores are written besides an integer: the English name and a Japanese label. Fixed
# here rather than taken from seta_align.vocabulary.IMPACT_SCALE: the labels of earlier versions
# (促進, 相反, 相殺), which every version reads, so that one draft can be read by two commits
# (bench/compare.py) and the drafts stay byte for byte those of earlier measurements.
SCALE_WORDS = {
    3: ("indivisible", "不可分"),
    2: ("reinforcing", "強化"),
    1: ("enabling", "促進"),
    0: ("consistent", "中立"),
    -1: ("constraining", "制約"),
    -2: ("counteracting", "相反"),
    -3: ("cancelling", "相殺"),
}
assert set(SCALE_WORDS) == set(IMPACT_SCALE)
# Short reasons and mitigations as an assessor would write them (synthetic, generic).
HELPING_NOTES = [
    "利用者の増加が見込まれる",
    "地域の担い手の育成につながる",
    "関連事業との相乗効果がある",
    "取組の基盤となる",
    "情報の共有が進む",
    "区民の参加の機会が増える",
]
HINDERING_NOTES = [
    "工事に伴う排出と騒音",
    "緑地の一部が失われる",
    "財源と人員が競合する",
    "来訪者の増加によりごみが増える",
    "自動車交通が増える",
    "エネルギー消費が増える",
]
MITIGATIONS = [
    "工程を調整し低排出の建設機械を使う",
    "代替の緑地を確保する",
    "効果を毎年度モニタリングし見直す",
    "分別と回収の体制を整える",
    "公共交通での来訪を案内する",
    "再生可能エネルギーの電力を調達する",
]


def _walk(nodes, framework, parent, out):
    for node in nodes or []:
        out.append(
            {
                "id": str(node["id"]),
                "framework": framework,
                "parent": parent,
                "title": node.get("short_title") or node["title"],
                "fields": tuple(node.get("fields") or ()),
                "leaf": not node.get("children"),
            }
        )
        _walk(node.get("children"), framework, str(node["id"]), out)


def load_pools():
    """Word pools from the sample draft and the bundled framework files (Setagaya's, then the
    SDGs': the order the nodes had when they were one file, so a seed gives the same draft)."""
    nodes: list[dict] = []
    for name in ("policies.yaml", "sdgs.yaml"):
        module = yaml.load((DATA / name).read_text("utf-8"), Loader=yaml.CSafeLoader)
        for framework in module.get("frameworks") or []:
            _walk(framework["nodes"], framework["id"], None, nodes)
    measures: list[dict] = []
    for path in sorted((DATA / "measures").glob("*.yaml")):
        measures += yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
    # Pools per field, so that a department's measures read like its own.
    pools: dict[str, dict[str, list]] = {}
    for m in measures:
        pool = pools.setdefault(m["field"], {"sentences": set(), "titles": set(), "kpis": set()})
        pool["sentences"] |= {
            s.strip() + "。"
            for s in (m.get("description") or "").split("。")
            if len(s.strip()) >= 15
        }
        pool["titles"].add((m["title"], m.get("title_en") or m["title"]))
        pool["kpis"] |= {(k["name"], str(k["unit"])) for k in m.get("kpis") or []}
    pools = {f: {k: sorted(v) for k, v in p.items()} for f, p in sorted(pools.items())}
    tags = sorted({str(t) for m in measures for t in m.get("tags") or []})
    config = (DATA / "seta-align.yaml").read_text("utf-8")
    return nodes, pools, tags, config


_PLAIN_UNSAFE = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|: | #|[:\s]$")


def scalar(text: str) -> str:
    """A YAML scalar for text: plain when safe, else double-quoted (JSON is valid YAML)."""
    if _PLAIN_UNSAFE.search(text) or text.lower() in {"yes", "no", "on", "off", "true", "false"}:
        return json.dumps(text, ensure_ascii=False)
    try:
        float(text)
    except ValueError:
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(items: list[str]) -> str:
    return (
        "[" + ", ".join(json.dumps(i, ensure_ascii=False) if "," in i else i for i in items) + "]"
    )


class Generator:
    def __init__(self, seed: int, desc_chars: tuple[int, int], lean: bool, impacts: bool = True):
        self.rng = random.Random(seed)
        # Impacts draw from a stream of their own: with or without them, the rest of the draft
        # is the same bytes.
        self.impact_rng = random.Random(f"impacts {seed}")
        self.with_impacts = impacts
        self.desc_chars = desc_chars
        self.lean = lean
        nodes, self.pools, self.tags, self.config = load_pools()
        self.by_id = {n["id"]: n for n in nodes}
        self.by_framework: dict[str, list[dict]] = {}
        for node in nodes:
            self.by_framework.setdefault(node["framework"], []).append(node)
        # leaves (SDG targets, ORD vision goals, PLAN actions …) are linked far more often
        self.weights = {
            f: [4 if n["leaf"] else 1 for n in ns] for f, ns in self.by_framework.items()
        }
        self.recent: dict[str, list[str]] = {}
        self.earlier: list[str] = []  # every measure generated so far (impacts on measures)
        sdg_targets = [n["id"] for n in self.by_framework["SDG"] if n["parent"] is not None]
        order = {node_id: i for i, node_id in enumerate(sdg_targets)}
        self.matrix_targets = sorted(
            random.Random(f"interactions {seed}").sample(sdg_targets, MATRIX_TARGETS),
            key=order.__getitem__,
        )
        self.other_nodes = [
            n["id"]
            for framework in ("SDG", "PLAN", "ORD")
            for n in self.by_framework[framework]
            if n["leaf"] and n["id"] not in set(self.matrix_targets)
        ]
        self.seed = seed

    def lineage(self, node_id: str) -> set[str]:
        out = set()
        parent = self.by_id[node_id]["parent"]
        while parent is not None:
            out.add(parent)
            parent = self.by_id[parent]["parent"]
        return out

    def supports(self, field: str) -> list[str]:
        rng = self.rng
        count = rng.choices([1, 2, 3, 4, 5], [10, 20, 25, 25, 20])[0]
        chosen = self.nodes_for(field, count, rng)
        if rng.random() < 0.003:
            chosen.append(rng.choice(["PP-7", "ORD-5.1", "SDG-8.11", "VIS-10"]))  # stale id
        return chosen

    def nodes_for(self, field: str, count: int, rng: random.Random) -> list[str]:
        """Up to ``count`` framework nodes for a measure of ``field``: mostly a PLAN or ORD
        node first, nodes of the measure's own field, leaves four times as often; never a
        node together with its ancestor (a redundant link). ``peers.py`` draws its links so
        too."""
        chosen: list[str] = []
        ancestors: set[str] = set()  # ancestors of chosen nodes (for the descendant check)
        # Most measures serve the plan or the ordinance (required_frameworks: [PLAN, ORD]).
        plan = rng.random() < 0.97
        attempts = 0
        while len(chosen) < count and attempts < 50:
            attempts += 1
            if plan and not chosen:
                framework = rng.choice(["PLAN", "PLAN", "ORD"] if field != "ECON" else ["ORD"])
            else:
                framework = rng.choices(
                    ["SDG", "PLAN", "ORD", "IV"], [40, 30, 20, 10 if field == "ECON" else 2]
                )[0]
                if not plan and framework in ("PLAN", "ORD"):
                    framework = "SDG"
            pool = self.by_framework[framework]
            node = rng.choices(pool, self.weights[framework])[0]
            if framework != "SDG" and field not in node["fields"] and rng.random() < 0.8:
                continue  # mostly nodes of the measure's own field
            node_id = node["id"]
            lineage = self.lineage(node_id)
            if node_id in chosen or node_id in ancestors or lineage & set(chosen):
                continue
            chosen.append(node_id)
            ancestors |= lineage
        return chosen

    def title(self, field: str) -> tuple[str, str]:
        rng = self.rng
        base, base_en = rng.choice(self.pools[field]["titles"])
        roll = rng.random()
        if roll < 0.35:
            area, area_en = rng.choice(AREAS)
            return f"{area}地域における{base}", f"{base_en} in the {area_en} area"
        if roll < 0.75:
            qualifier, qualifier_en = rng.choice(QUALIFIERS)
            n = rng.randint(2, 4)
            return (
                f"{base}（{qualifier.format(n=n)}）",
                f"{base_en} ({qualifier_en.format(n=n)})",
            )
        return base, base_en

    def description(self, field: str, supports: list[str]) -> str:
        rng = self.rng
        low, high = self.desc_chars
        target = rng.randint(low, high)
        parts: list[str] = []
        length = 0
        linked = [s for s in supports if s in self.by_id]
        if linked and rng.random() < 0.6:
            goal = self.by_id[rng.choice(linked)]["title"].rstrip("。")
            lead = f"「{goal}」の実現に向けた取組である。"
            parts.append(lead)
            length += len(lead)
        while length < target:
            # mostly the field's own wording, now and then another department's
            pool = self.pools[field if rng.random() < 0.8 else rng.choice(list(self.pools))]
            sentence = rng.choice(pool["sentences"])
            if length + len(sentence) > high and parts:
                break
            parts.append(sentence)
            length += len(sentence)
        return "".join(parts)

    def impacts(self, supports: list[str]) -> list[dict]:
        """1–4 impacts: a supported node scored higher now and then, mostly targets of the
        matrix (so that second-order impacts arise), other nodes, and a few earlier measures.
        A node in ``supports`` is never scored 0 or below (that would be SA601)."""
        rng = self.impact_rng
        supported = [s for s in supports if s in self.by_id]
        count = rng.choices([1, 2, 3, 4], [30, 35, 25, 10])[0]
        chosen: dict[str, int] = {}
        attempts = 0
        while len(chosen) < count and attempts < 20:
            attempts += 1
            roll = rng.random()
            if roll < 0.2 and supported:
                on = rng.choice(supported)
            elif roll < 0.85:
                on = rng.choice(self.matrix_targets)
            elif roll < 0.97 or not self.earlier:
                on = rng.choice(self.other_nodes)
            else:
                on = rng.choice(self.earlier[-5000:])
            if on in chosen:
                continue
            score = rng.choices(list(IMPACT_SCORES), list(IMPACT_SCORES.values()))[0]
            if on in supports and score <= 0:
                score = rng.choice([1, 2, 2, 3])
            chosen[on] = score
        out = []
        notes = 0.1 if self.lean else 0.45
        for on, score in chosen.items():
            impact: dict = {"on": on, "score": score}
            if rng.random() < notes or (score < 0 and rng.random() < 0.5):
                impact["note"] = rng.choice(HINDERING_NOTES if score < 0 else HELPING_NOTES)
            if rng.random() < {-3: 0.8, -2: 0.75, -1: 0.3}.get(score, 0):
                impact["mitigation"] = rng.choice(MITIGATIONS)
            if not self.lean and rng.random() < 0.1:
                impact["evidence"] = f"https://example.org/assessment/{rng.randint(1, 999):03d}"
            out.append(impact)
        return out

    def score_text(self, score: int) -> str:
        """Mostly an integer; now and then the English name or the Japanese label."""
        roll = self.impact_rng.random()
        if roll < 0.9:
            return str(score)
        return SCALE_WORDS[score][0 if roll < 0.95 else 1]

    def impact_lines(self, impacts: list[dict]) -> list[str]:
        lines = ["  impacts:"]
        for impact in impacts:
            pairs = [("on", impact["on"]), ("score", self.score_text(impact["score"]))]
            pairs += [
                (key, scalar(impact[key]))
                for key in ("note", "mitigation", "evidence")
                if key in impact
            ]
            if self.lean:
                lines.append("    - {" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}")
            else:
                lines += [
                    f"    {'-' if i == 0 else ' '} {k}: {v}" for i, (k, v) in enumerate(pairs)
                ]
        return lines

    def interactions(self) -> str:
        """The 50×50 matrix of targets, about 40 % of the ordered pairs scored, one a line."""
        rng = random.Random(f"interaction scores {self.seed}")
        lines = [
            "# 相互作用（ターゲット間のクロスインパクト） — synthetic benchmark matrix",
            "note: A synthetic matrix for benchmarking (bench/generate.py), not an assessment.",
            "interactions:",
        ]
        for source in self.matrix_targets:
            for target in self.matrix_targets:
                if source == target or rng.random() >= MATRIX_FILLED:
                    continue
                score = rng.choices(list(INTERACTION_SCORES), list(INTERACTION_SCORES.values()))[0]
                lines.append(f"  - {{from: {source}, to: {target}, score: {score}}}")
        return "\n".join(lines) + "\n"

    def kpi_list(self, field: str) -> list[dict]:
        rng = self.rng
        out = []
        # the lean profile has fewer KPIs and baselines, to stay near 240 bytes a measure
        weights, with_baseline = ([45, 52, 3], 0.25) if self.lean else ([8, 50, 42], 0.8)
        for _ in range(rng.choices([0, 1, 2], weights)[0]):
            name, unit = rng.choice(self.pools[field]["kpis"])
            kpi: dict = {"name": name, "unit": unit}
            percent = unit == "%"
            base = round(rng.uniform(10, 90), 1) if percent else rng.randint(1, 5000)
            if rng.random() < with_baseline:
                kpi["baseline"] = (rng.randint(2020, 2023), base)
            grown = min(100.0, round(base * rng.uniform(1.05, 1.6), 1)) if percent else None
            kpi["target"] = (
                rng.randint(2024, 2031),
                grown if percent else int(base * rng.uniform(1.1, 3.0)) + 1,
            )
            out.append(kpi)
        return out

    def measure(self, measure_id: str, owner: str, field: str, dept: str) -> str:
        rng = self.rng
        title, title_en = self.title(field)
        supports = self.supports(field)
        kpis = self.kpi_list(field)
        recent = self.recent.setdefault(dept, [])
        depends = []
        if recent and rng.random() < 0.08:
            depends = sorted(set(rng.sample(recent[-300:], min(len(recent), rng.randint(1, 2)))))
        recent.append(measure_id)

        lines = [f"- id: {measure_id}", f"  title: {scalar(title)}"]
        if not self.lean:
            lines.append(f"  title_en: {scalar(title_en)}")
        if self.desc_chars[1] > 0:
            lines += ["  description: >-", "    " + self.description(field, supports)]
        lines += [f"  owner: {owner}", f"  field: {field}", f"  supports: {flow(supports)}"]
        if kpis:
            lines.append("  kpis:")
            for kpi in kpis:
                if self.lean:
                    base = (
                        f"baseline: {{year: {kpi['baseline'][0]}, value: {kpi['baseline'][1]}}}, "
                        if "baseline" in kpi
                        else ""
                    )
                    lines.append(
                        f"    - {{name: {scalar(kpi['name'])}, unit: {scalar(kpi['unit'])}, "
                        f"{base}target: {{year: {kpi['target'][0]}, value: {kpi['target'][1]}}}}}"
                    )
                    continue
                lines += [
                    f"    - name: {scalar(kpi['name'])}",
                    f"      unit: {scalar(kpi['unit'])}",
                ]
                if "baseline" in kpi:
                    year, value = kpi["baseline"]
                    lines.append(f"      baseline: {{year: {year}, value: {value}}}")
                year, value = kpi["target"]
                lines.append(f"      target: {{year: {year}, value: {value}}}")
        if self.with_impacts:
            lines += self.impact_lines(self.impacts(supports))
        self.earlier.append(measure_id)
        if depends:
            lines.append(f"  depends_on: {flow(depends)}")
        if not self.lean:
            start = rng.choice([2024, 2024, 2024, 2025, 2026, 2027])
            lines.append(
                f"  period: {{start: {start}, end: {rng.randint(max(start, 2028), 2031)}}}"
            )
            tags = rng.sample(self.tags, rng.randint(1, 4))
            lines.append(f"  tags: {flow([scalar(t) for t in tags])}")
        return "\n".join(lines) + "\n"


# Outcome management (--results): the fiscal years reported, and how the results are written.
RESULT_YEARS = (2024, 2025)
NULL_NOTES = ["調査は隔年で実施", "集計中（次年度に確定予定）", "事業の休止により測定なし"]


def write_results(outdir: Path, seed: int) -> dict:
    """``results/<year>.yaml`` for :data:`RESULT_YEARS` and ``indicators.yaml`` (the sample's
    plan-level indicators), from the KPIs of the measure files already written in ``outdir``.

    A KPI keeps one pace over the years (its achievement over the expected progress, around
    1), so statuses are a realistic mix and stay alike from year to year: on track, mostly,
    behind, now and then far behind or already achieved. Per year about 92 % of the KPIs are
    reported, 5 % ``value: null`` with a note, 3 % not at all (SA703); a few years and numbers
    are typed the Japanese way (令和7年度, "1,200": SA004), about 1 in 3,000 results names a
    measure without its hyphen (SA704, with a did-you-mean) and 1 in 2,000 is reported twice
    with another value (SA706)."""
    rng = random.Random(f"results {seed}")
    kpis: list[tuple[str, str, dict, bool]] = []  # (measure, name, kpi, the measure's only)
    for path in sorted((outdir / "measures").rglob("*.yaml")):
        for measure in yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader):
            own = measure.get("kpis") or []
            seen: set[str] = set()
            for kpi in own:
                if kpi["name"] not in seen:  # a second KPI of one name cannot be told apart
                    seen.add(kpi["name"])
                    kpis.append((measure["id"], kpi["name"], kpi, len(own) == 1))
    indicators_text = (DATA / "indicators.yaml").read_text("utf-8")
    indicators = yaml.load(indicators_text, Loader=yaml.CSafeLoader)["indicators"]
    pace = [rng.gauss(1.0, 0.3) for _ in kpis]
    indicator_pace = [rng.gauss(0.9, 0.3) for _ in indicators]

    def value_in(kpi: dict, year: int, speed: float) -> float:
        target_year, target = kpi["target"]["year"], kpi["target"]["value"]
        if "baseline" in kpi:
            base_year, base = kpi["baseline"]["year"], kpi["baseline"]["value"]
            share = min(1.0, (year - base_year) / max(1, target_year - base_year))
            value = base + (target - base) * share * (speed + rng.gauss(0, 0.1))
        else:  # no path to follow: somewhere below the target, now and then past it
            value = target * rng.uniform(0.5, 1.05)
        if kpi["unit"] == "%":
            return round(min(100.0, max(0.0, value)), 1)
        if isinstance(target, float):  # written with decimals (indicators)
            return round(value, 1)
        return max(0, round(value))

    def year_text(year: int) -> str:
        return f"令和{year - 2018}年度" if rng.random() < 0.03 else str(year)

    def value_text(value: float) -> str:
        if isinstance(value, int) and value >= 1000 and rng.random() < 0.02:
            return f'"{value:,}"'
        return f"{value:g}" if isinstance(value, float) else str(value)

    folder = outdir / "results"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.yaml"):
        old.unlink()
    counts = {"results": 0, "null": 0, "not reported": 0}
    for year in RESULT_YEARS:
        era = year - 2018
        lines = [
            f"# 令和{era}年度（FY{year}）の実績 — synthetic benchmark results (bench/generate.py)",
            f"note: 令和{era}年度の実績（合成データ） / FY{year} results (synthetic)",
            "results:",
        ]
        doubles: list[str] = []
        for (measure_id, name, kpi, only), speed in zip(kpis, pace, strict=True):
            roll = rng.random()
            if roll < 0.03:
                counts["not reported"] += 1
                continue
            subject = f"measure: {measure_id}"
            if rng.random() < 1 / 3000:
                subject = f"measure: {measure_id.replace('-', '', 1)}"
            if not (only and rng.random() < 0.3):  # a measure's only KPI need not be named
                subject += f", kpi: {scalar(name)}"
            head = f"  - {{{subject}, year: {year_text(year)}"
            if roll < 0.08:
                lines.append(f"{head}, value: null, note: {rng.choice(NULL_NOTES)}}}")
                counts["null"] += 1
                continue
            value = value_in(kpi, year, speed)
            lines.append(f"{head}, value: {value_text(value)}}}")
            if rng.random() < 1 / 2000:  # a correction sent later, with another value
                doubles.append(f"{head}, value: {value_text(value + 1)}}}")
            counts["results"] += 1
        for indicator, speed in zip(indicators, indicator_pace, strict=True):
            value = value_in(indicator, year, speed)
            lines.append(f"  - {{indicator: {indicator['id']}, year: {year}, value: {value:g}}}")
        lines += ["  # 追加の報告 / sent later", *doubles] if doubles else []
        (folder / f"{year}.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    (outdir / "indicators.yaml").write_text(indicators_text, "utf-8")
    return {"kpis": len(kpis), **counts, "indicators": len(indicators)}


def without_sample_files(config: str) -> str:
    """The sample's config without the top-level blocks that name the sample's own files or
    settings for them (``impacts:`` its interactions file; ``results:``, ``indicators:``,
    ``progress:``), each with the comment lines above it: a generated draft has none of those
    files unless asked for."""
    blocks: list[list[str]] = [[]]
    for line in config.splitlines(keepends=True):
        if line[:1] not in ("", " ", "#", "\n"):  # a top-level key starts a block …
            current = blocks[-1]
            cut = len(current)
            while cut and current[cut - 1].startswith("#"):  # … with the comments above it
                cut -= 1
            blocks[-1] = current[:cut]
            blocks.append(current[cut:])
        blocks[-1].append(line)
    dropped = re.compile(r"(impacts|results|indicators|progress):")
    return "".join("".join(b) for b in blocks if not any(dropped.match(line) for line in b))


OUTCOME_CONFIG = """
# 行政評価: 年度ごとの実績と成果指標（合成データ）/ Outcome management (synthetic)
results: [results]
indicators: indicators.yaml
progress:
  indicator_levels: [PLAN.priority_policy]
"""


def plan_files(size: int, rng: random.Random) -> list[tuple[int, int, int]]:
    """(department index, section index, measure count) per file, 50–300 measures a file."""
    counts: list[int] = []
    left = size
    while left > 0:
        n = min(left, rng.randint(50, 300))
        if 0 < left - n < 50:  # no tiny last file
            n = left
        counts.append(n)
        left -= n
    weights = [d[4] for d in DEPARTMENTS]
    # Big departments first so that small drafts still look like several departments.
    files: list[tuple[int, int, int]] = []
    next_section = [0] * len(DEPARTMENTS)
    order = sorted(range(len(DEPARTMENTS)), key=lambda i: -weights[i])
    for index, count in enumerate(counts):
        dept = order[index] if index < len(order) else rng.choices(range(len(weights)), weights)[0]
        section = next_section[dept]
        next_section[dept] += 1
        files.append((dept, section, count))
    return files


def generate(
    size: int,
    outdir: Path,
    seed: int = 1,
    profile: str = "sample",
    desc=None,
    impacts: bool = True,
    *,
    results: bool = False,
) -> dict:
    desc_chars, lean = PROFILES[profile]
    if desc is not None:
        desc_chars = tuple(desc)
    gen = Generator(seed, desc_chars, lean, impacts)
    measures_dir = outdir / "measures"
    if measures_dir.exists():
        for old in sorted(measures_dir.rglob("*.yaml")):
            old.unlink()
    measures_dir.mkdir(parents=True, exist_ok=True)
    files = plan_files(size, gen.rng)
    serial: dict[str, int] = {}
    total_bytes = 0
    paths: set[Path] = set()
    for dept_index, section_index, count in files:
        slug, owner, prefix, field_weights, _, sections = DEPARTMENTS[dept_index]
        sec_slug, sec_name = sections[section_index % len(sections)]
        part = section_index // len(sections) + 1
        folder = measures_dir / slug
        folder.mkdir(exist_ok=True)
        path = folder / f"{sec_slug}-{part:02d}.yaml"
        assert path not in paths, path
        paths.add(path)
        header = (
            f"# {owner} {sec_name} 施策案（基本計画 令和6〜13年度） — synthetic benchmark draft\n"
            f"# generated by bench/generate.py (size {size}, seed {seed}, profile {profile})\n\n"
        )
        chunks = [header]
        for _ in range(count):
            serial[prefix] = serial.get(prefix, 0) + 1
            measure_id = f"{prefix}-{serial[prefix]:05d}"
            field = gen.rng.choices(list(field_weights), list(field_weights.values()))[0]
            chunks.append(gen.measure(measure_id, owner, field, slug) + "\n")
        data = "".join(chunks).encode("utf-8")
        path.write_bytes(data)
        total_bytes += len(data)
    # The sample's config, without its waivers (a generated draft may serve SDG-14).
    config = re.sub(
        r"\n# 施策が貢献しない[^\n]*\n#[^\n]*\nwaivers:\n(?:  [^\n]*\n|    [^\n]*\n)*",
        "\n",
        gen.config,
    )
    assert "waivers:" not in config
    config = without_sample_files(config)
    interactions = outdir / "interactions.yaml"
    if impacts:
        config += (
            "\n# 影響の予測評価: 区の相互作用（クロスインパクト）表\n"
            "# Impact pre-assessment: the cross-impact matrix of targets (synthetic).\n"
            "impacts:\n  interactions: interactions.yaml\n"
        )
        interactions.write_text(gen.interactions(), "utf-8")
    elif interactions.exists():
        interactions.unlink()
    outcome = None
    if results:
        outcome = write_results(outdir, seed)
        config += OUTCOME_CONFIG
    (outdir / "seta-align.yaml").write_text(config, "utf-8")
    info = {
        "size": size,
        "files": len(files),
        "bytes": total_bytes,
        "profile": profile,
        "impacts": impacts,
    }
    return info if outcome is None else {**info, "outcome": outcome}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", type=int, help="number of measures, e.g. 1000, 10000, 100000")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", choices=sorted(PROFILES), default="sample")
    parser.add_argument("--desc-chars", type=int, nargs=2, metavar=("LO", "HI"))
    parser.add_argument(
        "--no-impacts",
        action="store_true",
        help="the same draft without impacts and without the interactions file",
    )
    parser.add_argument(
        "--results",
        action="store_true",
        help="add results for two fiscal years and plan-level indicators (outcome management)",
    )
    args = parser.parse_args(argv)
    info = generate(
        args.size,
        args.outdir,
        args.seed,
        args.profile,
        args.desc_chars,
        not args.no_impacts,
        results=args.results,
    )
    print(
        f"{info['size']:,} measures, {info['files']} files, {info['bytes']:,} bytes "
        f"({info['bytes'] / 1e6:.1f} MB, {info['bytes'] / info['size']:.0f} B/measure) "
        f"-> {args.outdir}"
    )
    if "outcome" in info:
        o = info["outcome"]
        print(
            f"{o['kpis']:,} KPIs; per year of {len(RESULT_YEARS)}: {o['results'] // 2:,} results, "
            f"{o['null'] // 2:,} null, {o['not reported'] // 2:,} not reported; "
            f"{o['indicators']} plan-level indicators"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
