"""The ward's evaluation scheme (評価の方式, the config's ``evaluation:``): how a result is rated
against its target, how a rate is graded, and how a policy, SDG goal, owner or field is graded
from its measures. Every figure and word of outcome management follows it (docs/progress.md,
*The evaluation scheme*).

- **The rate.** ``improvement`` (the default): 進捗率 = (実績 − 現状値) ÷ (目標値 − 現状値), the
  share of the way from the baseline that is behind the KPI. ``ratio``: 達成率 = 実績 ÷ 目標値
  (for a decrease KPI 目標値 ÷ 実績), as most 行政評価 sheets print it. Each is worked out twice:
  against the year's target (年度目標値: the milestone, or the planned path) — the *year's rate*,
  which grades — and against the final target.
- **The cap.** In every average a rate above ``cap`` (100 % by default) counts as ``cap``: a KPI
  far ahead does not hide one behind.
- **Grades.** Without ``grades:`` the built-in statuses: 達成 (the target reached), 順調 (the
  year's rate ≥ 100 %), おおむね順調 (≥ ``mostly_on_track``, 80 %), 遅れ (below; 遅れ（大幅）
  below ``far_behind``, 50 %). With ``grades:`` the ward's own, checked top to bottom on the
  year's rate, the first that matches winning. Each grade counts as a built-in status (its
  *meaning*) for colours, the rules and the order of attention. 未報告 and 評価不能 stay as they
  are under any scheme.
- **Roll-ups.** A measure takes its worst KPI. A policy, goal, owner or field, by ``rollup``:
  ``share`` — the best grade that at least ``share`` % (80) of its measures reach or pass (a
  measure not reported counts, and reaches none; when too few are reported for any grade, the
  roll-up is 未報告); ``mean`` — the mean of its measures' capped year rates, graded; ``worst`` —
  its worst measure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import Text
from .status import ATTENTION, EPSILON, LABELS, Status

# The grades of the built-in scheme, best first (未報告 and 評価不能 are no grade).
BUILT_IN = (Status.achieved, Status.on_track, Status.mostly_on_track, Status.behind)
UNGRADED = (Status.not_reported, Status.not_assessable)

RATE_NAMES = {
    "ratio": Text("達成率", "achievement"),
    "improvement": Text("進捗率", "progress rate"),
}
RATE_FORMULAS = {
    "ratio": Text(
        "達成率 = 実績 ÷ 年度目標値（減少の指標は 年度目標値 ÷ 実績）",
        "achievement = actual ÷ the year's target (a decrease KPI: the year's target ÷ actual)",
    ),
    "improvement": Text(
        "進捗率 = (実績 − 現状値) ÷ (年度目標値 − 現状値)",
        "progress rate = (actual − baseline) ÷ (the year's target − baseline)",
    ),
}
ROLLUP_WORDS = {
    "share": Text(
        "政策・目標・所管部・分野の評価: 施策の {share} 以上が届いている最も良い評価",
        "a policy, goal, owner or field: the best grade that {share} of its measures reach",
    ),
    "mean": Text(
        "政策・目標・所管部・分野の評価: 施策の{rate}（上限 {cap}）の平均による評価",
        "a policy, goal, owner or field: graded on the mean of its measures' {rate} (capped at "
        "{cap})",
    ),
    "worst": Text(
        "政策・目標・所管部・分野の評価: 最も悪い施策の評価",
        "a policy, goal, owner or field: the grade of its worst measure",
    ),
}
MEASURE_WORDS = {
    "all": Text("施策の評価: 指標のうち最も悪いもの", "a measure: its worst KPI"),
    "outcome": Text(
        "施策の評価: 成果指標のうち最も悪いもの（活動指標は施策の評価に含めない）",
        "a measure: its worst outcome KPI (activity KPIs do not grade it)",
    ),
}
NO_CAP = Text("上限なし", "no cap")


@dataclass(frozen=True, slots=True)
class Grade:
    key: str  # how counts, JSON and CSV name it: a built-in status's code, or the ward's label
    label: Text
    minimum: float | None  # the year's rate (a fraction) at or above which it applies
    meaning: Status  # the built-in status it counts as


@dataclass(slots=True)
class Scheme:
    rate: str  # "improvement" or "ratio"
    cap: float | None  # a fraction (1.0 = 100 %); None: no cap
    grades: tuple[Grade, ...]  # best first
    custom: bool  # the ward's own grades (else the built-in statuses)
    rollup: str  # "share", "mean" or "worst"
    share: float  # a fraction
    mostly_on_track: float  # fractions of the year's rate
    far_behind: float
    tolerance: float  # a fraction of a maintain KPI's target
    kpis: str = "all"  # which KPIs grade a measure: "all", or "outcome" (成果指標) only
    # Each grade by its key, and its place best first: made once, since every cell of every
    # view asks for a grade's label, meaning or rank.
    by_key: dict[str, Grade] = field(init=False, repr=False)
    ranks: dict[str, int] = field(init=False, repr=False)
    # Each key's meaning, attention and labels, looked up rather than worked out: a roll-up
    # over 100,000 measures asks for them hundreds of thousands of times.
    _meanings: dict[str, Status] = field(init=False, repr=False, compare=False)
    _attention: dict[str, tuple[int, int]] = field(init=False, repr=False, compare=False)
    _labels: dict[tuple[str, str], str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.by_key = {grade.key: grade for grade in self.grades}
        self.ranks = {grade.key: index for index, grade in enumerate(self.grades)}
        self._meanings = {status.value: status for status in Status}
        self._meanings.update({grade.key: grade.meaning for grade in self.grades})
        self._attention = {
            key: (ATTENTION.index(meaning), -self.ranks.get(key, 0))
            for key, meaning in self._meanings.items()
        }
        self._labels = {}

    # --- words ------------------------------------------------------------------------------

    @property
    def keys(self) -> tuple[str, ...]:
        """Every grade's key best first, then 未報告 and 評価不能: the order of columns,
        breakdowns and legends."""
        return tuple(g.key for g in self.grades) + tuple(s.value for s in UNGRADED)

    def label(self, key: str | None, lang: str) -> str:
        if key is None:
            return "–"
        found = self._labels.get((key, lang))
        if found is None:
            grade = self.by_key.get(key)
            found = grade.label(lang) if grade is not None else LABELS[Status(key)](lang)
            self._labels[key, lang] = found
        return found

    def meaning(self, key: str) -> Status:
        found = self._meanings.get(key)
        return found if found is not None else Status(key)  # an unknown key: ValueError

    def attention(self, key: str) -> tuple[int, int]:
        """How urgent a grade is (smaller first): by its meaning, then the lower grade first."""
        found = self._attention.get(key)
        return found if found is not None else (ATTENTION.index(Status(key)), 0)

    def key_of(self, written: str) -> str | None:
        """The grade a section wrote as its own (一次評価): by its key or its label in either
        language, whatever the width and case (Ｂ is B, 順調 is on_track, 遅れ（大幅） is 遅れ);
        None for no grade."""
        import unicodedata

        wanted = unicodedata.normalize("NFKC", written).strip().casefold()
        for far in ("(大幅)", "(far)"):  # the tool's own 遅れ（大幅）, after NFKC
            wanted = wanted.removesuffix(far).strip()
        for grade in self.grades:
            for name in (grade.key, grade.label.ja, grade.label.en):
                if unicodedata.normalize("NFKC", name).strip().casefold() == wanted:
                    return grade.key
        return None

    def levels_apart(self, one: str | None, other: str | None) -> int | None:
        """How many grades apart two grades are (None when either is no grade: 未報告 …)."""
        ranks = self.ranks
        if one not in ranks or other not in ranks:
            return None
        return abs(ranks[one] - ranks[other])

    def rate_name(self, lang: str) -> str:
        """達成率 or 進捗率: the word every view uses for this scheme's rate."""
        return RATE_NAMES[self.rate](lang)

    def describe(self, lang: str) -> list[str]:
        """The scheme in a few sentences, said once by every view: the formula, the cap, the
        grades and how roll-ups are graded."""
        cap = NO_CAP(lang) if self.cap is None else f"{self.cap:.0%}"
        rate = self.rate_name(lang)
        cap_words = Text(
            f"平均では {cap} を上限とする", f"averages count a rate above {cap} as {cap}"
        )
        lines = [f"{RATE_FORMULAS[self.rate](lang)}（{cap_words(lang)}）" if lang == "ja"
                 else f"{RATE_FORMULAS[self.rate](lang)} ({cap_words(lang)})"]
        parts = []
        for grade in self.grades:
            if grade.key == Status.achieved and not self.custom:
                parts.append(f"{grade.label(lang)} " + ("目標値に到達" if lang == "ja" else "target reached"))
            elif grade.minimum is None:
                below = "それ未満" if lang == "ja" else "below"
                parts.append(f"{grade.label(lang)} {below}")
            else:
                parts.append(f"{grade.label(lang)} ≥ {grade.minimum:.0%}")
        grades_word = "評価" if lang == "ja" else "grades"
        lines.append(f"{grades_word}（{rate}）: " + "、".join(parts) if lang == "ja"
                     else f"{grades_word} ({rate}): " + ", ".join(parts))
        lines.append(
            MEASURE_WORDS[self.kpis](lang)
            + ("。" if lang == "ja" else "; ")
            + ROLLUP_WORDS[self.rollup].format(share=f"{self.share:.0%}", rate=rate, cap=cap)(lang)
        )
        return lines

    # --- figures ----------------------------------------------------------------------------

    def capped(self, rate: float | None) -> float | None:
        """A rate as it counts in a mean: at least 0 (a KPI that went backwards has made no
        progress, it does not undo another's) and at most the cap."""
        if rate is None:
            return None
        rate = max(rate, 0.0)
        return rate if self.cap is None else min(rate, self.cap)

    def rate_of(self, value: float, aim: float, baseline: float | None, direction: str) -> float | None:
        """``value``'s rate against ``aim`` (the year's target or the final one); None where the
        formula has no answer (no baseline for improvement, an aim equal to the baseline, a
        zero to divide by)."""
        if self.rate == "ratio":
            numerator, denominator = (value, aim) if direction == "increase" else (aim, value)
            if abs(denominator) <= EPSILON or numerator < -EPSILON or denominator < 0:
                return None
            if direction == "decrease" and aim <= EPSILON:
                return None  # 目標値 ÷ 実績 is 0 for any value toward a target of 0: no rate
            return numerator / denominator
        if baseline is None or abs(aim - baseline) <= EPSILON:
            return None
        return (value - baseline) / (aim - baseline)

    def grade_of(self, rate: float) -> Grade:
        """The ward's grade of the year's ``rate``: the first whose minimum it reaches."""
        for grade in self.grades:
            if grade.minimum is None or rate >= grade.minimum - EPSILON:
                return grade
        return self.grades[-1]

    def rollup_grade(self, members: list[tuple[str | None, float | None]]) -> str | None:
        """The grade of a policy, goal, owner or field from its measures' ``(grade, rate)``:
        the grade None for a measure without KPIs, the rate the mean of its KPIs' capped year's
        rates (None when none has one)."""
        grades = [grade for grade, _rate in members]
        present = [g for g in grades if g is not None]
        if not present:
            return None
        counted = [g for g in present if g != Status.not_assessable]
        if not counted:
            return Status.not_assessable.value
        if self.rollup == "worst":
            return min(present, key=self.attention)
        graded = [g for g in counted if g != Status.not_reported]
        if self.rollup == "mean":
            # A majority not reported: too little to grade on. A graded measure without a rate
            # (a maintain KPI) counts at its grade's threshold.
            if 2 * len(graded) < len(counted):
                return Status.not_reported.value
            values = [
                rate if rate is not None else self.grade_rate(grade)
                for grade, rate in members
                if grade is not None and grade not in (Status.not_assessable, Status.not_reported)
            ]
            return self._grade_of_mean(sum(values) / len(values))
        # The best grade that the share of the measures reaches or passes: the measures of
        # each rank counted once (a goal counts tens of thousands of measures), then summed
        # from the best rank down.
        lowest = len(self.grades)
        at_rank = [0] * (lowest + 1)
        for g in graded:
            at_rank[self.ranks.get(g, lowest)] += 1
        needed = self.share * len(counted) - EPSILON
        reached = 0
        for index, grade in enumerate(self.grades):
            reached += at_rank[index]
            if reached >= needed:
                return grade.key
        return Status.not_reported.value

    def grade_rate(self, key: str) -> float:
        """The rate a grade stands for, where a measure has a grade but no rate: its minimum
        (100 % for 達成 and 順調), 0 for the lowest."""
        grade = self.by_key.get(key)
        if grade is None:
            return 0.0
        if grade.minimum is not None:
            return grade.minimum
        return 1.0 if grade.meaning is Status.achieved else 0.0

    def _grade_of_mean(self, rate: float) -> str:
        if self.custom:
            return self.grade_of(rate).key
        if rate >= 1 - EPSILON:
            return Status.on_track.value
        if rate >= self.mostly_on_track - EPSILON:
            return Status.mostly_on_track.value
        return Status.behind.value


def scheme_of(settings) -> Scheme:
    """The scheme of a run: the config's ``evaluation:`` over the defaults (and over the older
    ``progress:`` thresholds, written as fractions)."""
    chosen = settings.evaluation
    progress = settings.progress

    def fraction(percent: float | None, older: float, fields_set: set, name: str) -> float:
        if percent is not None:
            return percent / 100
        return older if name in fields_set else DEFAULTS[name]

    older_set = set(progress.set_in_file)
    mostly = fraction(chosen.mostly_on_track, progress.mostly_on_track, older_set, "mostly_on_track")
    far = fraction(chosen.far_behind, progress.far_behind, older_set, "far_behind")
    tolerance = fraction(chosen.tolerance, progress.maintain_tolerance, older_set, "maintain_tolerance")
    if chosen.grades:
        count = len(chosen.grades)
        grades = tuple(
            Grade(
                definition.label,
                Text(definition.label, definition.label_en or definition.label),
                None if definition.min is None else definition.min / 100,
                Status(definition.meaning) if definition.meaning else _meaning_by_place(index, count),
            )
            for index, definition in enumerate(chosen.grades)
        )
        custom = True
    else:
        minimums = {Status.achieved: None, Status.on_track: 1.0, Status.mostly_on_track: mostly}
        grades = tuple(
            Grade(status.value, LABELS[status], minimums.get(status), status) for status in BUILT_IN
        )
        custom = False
    return Scheme(
        rate=chosen.rate,
        cap=None if chosen.cap is None else chosen.cap / 100,
        grades=grades,
        custom=custom,
        rollup=chosen.rollup,
        share=chosen.share / 100,
        mostly_on_track=mostly,
        far_behind=far,
        tolerance=tolerance,
        kpis=chosen.kpis,
    )


DEFAULTS = {"mostly_on_track": 0.8, "far_behind": 0.5, "maintain_tolerance": 0.05}


def _meaning_by_place(index: int, count: int) -> Status:
    """A grade that does not say what it counts as: the first on track, the last behind, those
    between mostly on track."""
    if index == 0:
        return Status.on_track
    if index == count - 1:
        return Status.behind
    return Status.mostly_on_track
