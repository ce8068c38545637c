"""How sure a ranking is (``seta-align impacts --sensitivity``): the impact rankings worked out
again many times, each time with every assessed score moved a little, to see which of them
hold whatever the exact scores (docs/impacts.md, "How sure a ranking is").

The base figures are those of ``analysis.impacts``:

- a measure's **net** is the sum of its direct scores (as ``direct_impacts`` counts them) and of
  its second-order impacts s·t/3, i.e. Σ s·(1 + R(A)/3) over its direct impacts s on A, where
  R(A) is A's row sum in the interaction matrix; worked out here in thirds, 3·net = Σ s·(3 + R),
  whole numbers, so that equal nets are equal and ties are exact;
- a target of the interaction matrix is ranked by its **row sum** (SEI's out-sum);
- measures are ranked by net, targets by row sum, the largest first, in competition ranking
  (ties share the best rank: 1, 2, 2, 4).

One **run** moves every assessed score — each ``impacts:`` entry that counts, not the +1 that
``supports`` alone gives, and each interaction — by a whole number drawn uniformly from
−spread…+spread, then clamps it to −3…+3; a score on a node the measure also lists in
``supports`` stays at +1 or more, as ``supports`` says the measure helps it. The draws come
from ``random.Random(seed)`` in a fixed order: the measures in draft order, each one's scores in
the order of its ``impacts:`` entries, then the interactions in file order. Each draw is a byte
of ``randbytes``: a byte b below the largest multiple of m = 2·spread + 1 that fits in 256 gives
b mod m (a uniform choice of m), a byte above it is skipped. The same seed gives the same draws,
and so the same result, on every machine.

Over N runs, for each measure and target: its base value and rank, the share of runs in which
it kept that rank and in which it was in the top k, its best and worst rank and its lowest and
highest value; and the conclusions that held in every run: the measures and targets in the top
k every time, the measures whose net was above 0 (below 0) every time, and the negative impacts
and interactions (trade-offs) that stayed negative every time. With N = 0 nothing is moved:
every figure is the base one and no share or conclusion is worked out.

A run is a few passes over flat lists of the scores (table look-ups, prefix sums, one count of
the distinct values for the ranks), linear in the number of scores and measures: no graph, no
copy of the models.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate, repeat
from operator import add, eq, ge, gt, mul, sub

from .impacts import direct_impacts, interaction_pairs

SCALE = range(-3, 4)  # the seven points of the scale, −3 … +3


@dataclass(frozen=True, slots=True)
class Perturbation:
    """What the runs are: how many, the seed, how far a score moves, and the k of "top k"."""

    runs: int = 200
    seed: int = 20240401
    spread: int = 1
    top: int = 10


@dataclass(slots=True)
class Standing:
    """A measure's net (or a target's row sum) and rank, at base and over the runs."""

    id: str
    value: float  # the base net (a target: its row sum)
    rank: int  # the base rank
    runs: int
    kept: int  # the runs in which it had its base rank
    in_top: int  # the runs in which it was in the top k
    best_rank: int
    worst_rank: int
    low: float  # its lowest and highest value over the runs
    high: float

    @property
    def kept_share(self) -> float | None:
        return self.kept / self.runs if self.runs else None

    @property
    def top_share(self) -> float | None:
        return self.in_top / self.runs if self.runs else None


@dataclass(slots=True)
class TradeOffStanding:
    """A negative impact (``kind`` "impact", from a measure) or interaction ("interaction",
    between targets), and how it fared over the runs."""

    source: str
    target: str
    score: int  # the base score
    kind: str
    runs: int
    negative: int  # the runs in which it stayed below 0
    highest: int  # its highest score over the runs

    @property
    def negative_share(self) -> float | None:
        return self.negative / self.runs if self.runs else None

    @property
    def always_negative(self) -> bool:
        return self.runs > 0 and self.negative == self.runs


@dataclass(slots=True)
class Conclusions:
    """What held in every run, each list in the order of the base ranking."""

    measures_in_top: list[str]
    measures_positive: list[str]
    measures_negative: list[str]
    targets_in_top: list[str]
    trade_offs_negative: list[TradeOffStanding]


@dataclass(slots=True)
class Sensitivity:
    perturbation: Perturbation
    measures: list[Standing]  # by base rank, then id
    targets: list[Standing]  # the targets of the interaction matrix, likewise
    trade_offs: list[TradeOffStanding]  # the worst first, as analysis.impacts sorts them
    has_interactions: bool  # an interactions file was read
    scores: int  # the assessed scores of measures that each run moves
    links: int  # the interaction scores that each run moves
    conclusions: Conclusions | None  # None without a run


def perturb(context, perturbation: Perturbation) -> Sensitivity:
    model = _Model(context, perturbation.spread)
    base = model.run(None)
    runs, top = perturbation.runs, perturbation.top
    measures = _Tally(base.nets, top)
    targets = _Tally(base.target_values, top)
    negative_scores = _Lowest(model.negative_score_slots, base.scores)
    negative_links = _Lowest(model.negative_link_slots, base.links)
    if perturbation.spread == 0:
        # Nothing moves: every run is the base run, counted ``runs`` times.
        measures.record(base.nets, runs)
        targets.record(base.target_values, runs)
        negative_scores.record(base.scores, runs)
        negative_links.record(base.links, runs)
    else:
        rng = random.Random(perturbation.seed)
        for _ in range(runs):
            outcome = model.run(rng)
            measures.record(outcome.nets)
            targets.record(outcome.target_values)
            negative_scores.record(outcome.scores)
            negative_links.record(outcome.links)
    measure_standings = measures.standings(model.measure_ids, runs, thirds=True)
    target_standings = targets.standings(model.target_ids, runs, thirds=False)
    trade_offs = [
        TradeOffStanding(source, target, score, "impact", runs, count, highest)
        for (source, target, score), count, highest in zip(
            model.negative_score_labels, negative_scores.negative, negative_scores.highest,
            strict=True,
        )
    ] + [
        TradeOffStanding(source, target, score, "interaction", runs, count, highest)
        for (source, target, score), count, highest in zip(
            model.negative_link_labels, negative_links.negative, negative_links.highest,
            strict=True,
        )
    ]
    trade_offs.sort(key=lambda t: (t.score, t.kind, t.source, t.target))
    conclusions = None
    if runs:
        conclusions = Conclusions(
            [s.id for s in measure_standings if s.worst_rank <= top],
            [s.id for s in measure_standings if s.low > 0],
            [s.id for s in measure_standings if s.high < 0],
            [s.id for s in target_standings if s.worst_rank <= top],
            [t for t in trade_offs if t.always_negative],
        )
    return Sensitivity(
        perturbation,
        measure_standings,
        target_standings,
        trade_offs,
        context.interactions is not None,
        len(model.score_offsets),
        len(model.link_offsets),
        conclusions,
    )


# --- one run -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Outcome:
    scores: list[int]  # every assessed score of the measures, in draw order
    links: list[int]  # every interaction score, in file order
    nets: list[int]  # each measure's net, in thirds, in draft order
    target_values: list[int]  # each target's row sum, in the order of target_ids


class _Model:
    """The draft as flat lists, made once: a run is then a few passes over them.

    Each assessed score is a *slot*: its offset into ``_moved`` (which says what the score
    becomes for each draw, clamped, and floored at +1 where the measure supports the node) and
    the index of its node's row sum (0: a node that drives nothing in the matrix). A measure's
    slots are contiguous, so its net is a difference of two prefix sums. The +1 of ``supports``
    alone never moves: it counts 3 thirds, plus the row sum of its node where that drives
    something (``fixed_links``)."""

    def __init__(self, context, spread: int):
        self.choices = 2 * spread + 1
        self.spread = spread
        self._moved = _moved_scores(spread)
        nodes = context.framework.nodes
        links = interaction_pairs(context)
        sources = list(dict.fromkeys(source for source, _, _ in links))
        row_of = {source: number for number, source in enumerate(sources, 1)}
        self.rows = len(sources) + 1
        self.link_offsets = [self._offset(score, False) for _, _, score in links]
        self.link_rows = [row_of[source] for source, _, _ in links]
        self.negative_link_slots = [i for i, (_, _, score) in enumerate(links) if score < 0]
        self.negative_link_labels = [links[i] for i in self.negative_link_slots]
        # Only a target that drives another is ranked for its influence: one that drives
        # nothing has no row sum to be sure of (a 0 would tie it with a +2 / −2 that nets out).
        ids = sorted(sources)
        self.target_ids = ids
        self.target_rows = [row_of.get(identifier, 0) for identifier in ids]

        self.measure_ids: list[str] = []
        self.score_offsets: list[int] = []
        self.score_rows: list[int] = []
        self.ends: list[int] = []
        self.fixed: list[int] = []  # each measure's supports-only +1s, in thirds
        self.fixed_links: list[tuple[int, list[int]]] = []
        self.negative_score_slots: list[int] = []
        self.negative_score_labels: list[tuple[str, str, int]] = []
        direct = direct_impacts(context)
        for number, (measure_id, impacts) in enumerate(direct.items()):
            measure = context.measures[measure_id].measure
            supported = {node for node in measure.supports if node in nodes}
            # The entry of impacts that counts for a node is its last (direct_impacts keeps
            # the last one written): the draws follow the order of those entries.
            written_at = {impact.on: place for place, impact in enumerate(measure.impacts)}
            assessed = sorted(
                (i for i in impacts.values() if i.assessed), key=lambda i: written_at[i.on]
            )
            for impact in assessed:
                if impact.score < 0:
                    self.negative_score_slots.append(len(self.score_offsets))
                    self.negative_score_labels.append((measure_id, impact.on, impact.score))
                # direct_impacts floors at +1 a score on a node in supports (a contradiction,
                # SA601, counts +1 too): the moved score keeps that floor.
                floor = impact.on in supported and impact.score >= 1
                written = impact.written if impact.written is not None else impact.score
                self.score_offsets.append(self._offset(written, floor))
                self.score_rows.append(row_of.get(impact.on, 0))
            self.ends.append(len(self.score_offsets))
            supports_only = [i.on for i in impacts.values() if not i.assessed]
            self.fixed.append(3 * len(supports_only))
            driving = [row_of[on] for on in supports_only if on in row_of]
            if driving:
                self.fixed_links.append((number, driving))
            self.measure_ids.append(measure_id)
        self.starts = [0, *self.ends[:-1]]

    def _offset(self, score: int, floor: bool) -> int:
        return ((7 if floor else 0) + score + 3) * self.choices

    def run(self, rng: random.Random | None) -> _Outcome:
        """One run with draws from ``rng``; the base (no score moved) without one."""
        count = len(self.score_offsets)
        if rng is None:
            draws: bytes = bytes([self.spread]) * (count + len(self.link_offsets))
        else:
            draws = _draws(rng, count + len(self.link_offsets), self.choices)
        moved = self._moved.__getitem__
        scores = list(map(moved, map(add, self.score_offsets, draws)))
        links = list(map(moved, map(add, self.link_offsets, draws[count:])))
        row_sums = [0] * self.rows
        for row, score in zip(self.link_rows, links, strict=True):
            row_sums[row] += score
        weights = [3 + total for total in row_sums]  # s·(3 + R): a score and its second order
        before = list(accumulate(map(mul, scores, map(weights.__getitem__, self.score_rows)),
                                 initial=0))
        nets = list(
            map(add, self.fixed, map(sub, map(before.__getitem__, self.ends),
                                     map(before.__getitem__, self.starts)))
        )
        for number, rows in self.fixed_links:
            nets[number] += sum(map(row_sums.__getitem__, rows))
        return _Outcome(scores, links, nets, list(map(row_sums.__getitem__, self.target_rows)))


def _moved_scores(spread: int) -> list[int]:
    """What a score becomes for each draw: ``_moved[offset + draw]``, for the 7 scores without
    a floor and then the 7 with one, each followed by its 2·spread + 1 outcomes."""
    moved = []
    for floor in (False, True):
        for score in SCALE:
            for step in range(-spread, spread + 1):
                value = min(3, max(-3, score + step))
                moved.append(max(value, 1) if floor else value)
    return moved


def _draws(rng: random.Random, count: int, choices: int) -> bytes:
    """``count`` draws, each uniform over 0 … choices − 1 (choices ≤ 7): bytes of
    ``rng.randbytes`` below the largest multiple of ``choices`` in 256, taken mod ``choices``;
    the others are skipped and more bytes drawn for them, in order."""
    usable = 256 - 256 % choices
    remainder = bytes(b % choices for b in range(256))
    skipped = bytes(range(usable, 256))
    found = b""
    while len(found) < count:
        found += rng.randbytes(count - len(found)).translate(remainder, skipped)
    return found


# --- the figures over the runs ------------------------------------------------------------------


def _ranks(values: list[int]) -> list[int]:
    """Competition ranks, the largest value first (1, 2, 2, 4): one count of the distinct
    values, which are few (whole thirds on a short scale), not a sort of every item."""
    counts = Counter(values)
    rank_of = {}
    rank = 1
    for value in sorted(counts, reverse=True):
        rank_of[value] = rank
        rank += counts[value]
    return list(map(rank_of.__getitem__, values))


class _Tally:
    """Per item over the runs: the runs at its base rank and in the top k, its best and worst
    rank and its lowest and highest value. The extremes are folded in every ``BATCH`` runs, one
    call of min or max per item for the batch (half the time of one per run)."""

    BATCH = 16

    def __init__(self, base: list[int], top: int):
        self.base = base
        self.base_ranks = _ranks(base)
        self.top = top
        self.kept = [0] * len(base)
        self.in_top = [0] * len(base)
        # Without a run every figure is the base one; the first run replaces them.
        self.best, self.worst, self.low, self.high = (
            self.base_ranks, self.base_ranks, self.base, self.base
        )
        self._fresh = True
        self._ranks: list[list[int]] = []
        self._values: list[list[int]] = []

    def record(self, values: list[int], times: int = 1) -> None:
        if times <= 0:
            return
        ranks = _ranks(values)
        kept = map(eq, ranks, self.base_ranks)
        in_top = map(ge, repeat(self.top), ranks)
        if times > 1:
            kept = map(mul, kept, repeat(times))
            in_top = map(mul, in_top, repeat(times))
        self.kept = list(map(add, self.kept, kept))
        self.in_top = list(map(add, self.in_top, in_top))
        self._ranks.append(ranks)
        self._values.append(values)
        if len(self._ranks) >= self.BATCH:
            self._fold()

    def _fold(self) -> None:
        if not self._ranks:
            return
        if self._fresh:
            self._fresh = False
            rest_ranks, rest_values = self._ranks, self._values
        else:
            rest_ranks = [self.best, self.worst, *self._ranks]
            rest_values = [self.low, self.high, *self._values]
        self.best = list(map(min, *rest_ranks)) if len(rest_ranks) > 1 else rest_ranks[0]
        self.worst = list(map(max, *rest_ranks)) if len(rest_ranks) > 1 else rest_ranks[0]
        self.low = list(map(min, *rest_values)) if len(rest_values) > 1 else rest_values[0]
        self.high = list(map(max, *rest_values)) if len(rest_values) > 1 else rest_values[0]
        self._ranks, self._values = [], []

    def standings(self, ids: list[str], runs: int, *, thirds: bool) -> list[Standing]:
        self._fold()

        def value(whole: int) -> float:
            return round(whole / 3, 6) if thirds else whole

        best, worst, low, high = self.best, self.worst, self.low, self.high
        found = [
            Standing(
                ids[i], value(self.base[i]), self.base_ranks[i], runs, self.kept[i],
                self.in_top[i], best[i], worst[i], value(low[i]), value(high[i]),
            )
            for i in range(len(ids))
        ]
        found.sort(key=lambda s: (s.rank, s.id))
        return found


class _Lowest:
    """Per negative score over the runs: the runs in which it stayed below 0, and its highest."""

    def __init__(self, slots: list[int], base: list[int]):
        self.slots = slots
        self.negative = [0] * len(slots)
        self.highest = [base[i] for i in slots]  # without a run: the base score
        self._recorded = False

    def record(self, scores: list[int], times: int = 1) -> None:
        if not self.slots or times <= 0:
            return
        mine = list(map(scores.__getitem__, self.slots))
        below = map(gt, repeat(0), mine)
        self.negative = list(map(add, self.negative, map(mul, below, repeat(times))))
        self.highest = list(map(max, self.highest, mine)) if self._recorded else mine
        self._recorded = True
