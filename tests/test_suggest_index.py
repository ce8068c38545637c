"""Did-you-mean over many ids: the guess is the same whether a wrong id's neighbours are found by
trying characters (a large draft, few wrong ids) or by the index of every id's deletions (a
small one, or many wrong ids). The reference below is the index as it was always made: every
normalised id under each of its one-character deletions."""

from __future__ import annotations

import random
import string

from seta_align import suggest
from seta_align.suggest import IdIndex, normalise_id

DEPARTMENTS = ["AREA", "KODOMO", "KEIZAI", "TOSHI", "HOKEN", "KANKYO", "SEIKATSU", "SOMU"]


def _reference(ids: list[str], wrong_ids: list[str]) -> list[str | None]:
    """The guesses, with the candidates from a full index of deletions."""
    by_normal: dict[str, str] = {}
    by_deletion: dict[str, set[str]] = {}
    by_prefix: dict[str, list[str]] = {}
    for identifier in ids:
        normal = normalise_id(identifier)
        if normal in by_normal:
            continue
        by_normal[normal] = identifier
        for index in range(len(normal)):
            by_deletion.setdefault(normal[:index] + normal[index + 1 :], set()).add(identifier)
        by_prefix.setdefault(suggest._prefix(normal), []).append(identifier)
    return [_guess(by_normal, by_deletion, by_prefix, wrong) for wrong in wrong_ids]


def _guess(by_normal, by_deletion, by_prefix, wrong: str) -> str | None:
    normal = normalise_id(wrong)
    if normal in by_normal:
        return by_normal[normal]
    for variant in suggest._look_alikes(normal):
        if variant in by_normal:
            return by_normal[variant]
    deletions = sorted({normal[:i] + normal[i + 1 :] for i in range(len(normal))})
    for variant in deletions:
        if variant in by_normal:
            return by_normal[variant]
    candidates: set[str] = set()
    for variant in (normal, *deletions):
        candidates |= by_deletion.get(variant, set())
    if candidates:
        return suggest._closest(wrong, sorted(candidates))
    import difflib

    pool = by_prefix.get(suggest._prefix(normal), [])
    if len(pool) > suggest._FALLBACK_POOL:
        pool = [c for c in pool if abs(len(c) - len(wrong)) <= 2][: suggest._FALLBACK_POOL]
    matches = difflib.get_close_matches(wrong, pool, n=1, cutoff=0.75)
    return matches[0] if matches else None


def _typo(identifier: str, chance: random.Random) -> str:
    """One slip of the kinds people make: a character missing, extra, wrong, swapped or moved,
    a letter for a digit, lower case."""
    at = chance.randrange(len(identifier))
    kind = chance.choice(["missing", "extra", "wrong", "swapped", "moved", "look-alike", "case"])
    alphabet = string.ascii_uppercase + string.digits + "-"
    if kind == "missing":
        return identifier[:at] + identifier[at + 1 :]
    if kind == "extra":
        return identifier[:at] + chance.choice(alphabet) + identifier[at:]
    if kind == "wrong":
        return identifier[:at] + chance.choice(alphabet) + identifier[at + 1 :]
    if kind == "swapped" and at + 1 < len(identifier):
        return identifier[:at] + identifier[at + 1] + identifier[at] + identifier[at + 2 :]
    if kind == "moved":
        rest = identifier[:at] + identifier[at + 1 :]
        to = chance.randrange(len(rest) + 1)
        return rest[:to] + identifier[at] + rest[to:]
    if kind == "look-alike":
        return identifier.replace("0", "O", 1)
    return identifier.lower()


def test_guesses_over_many_ids_are_those_of_the_full_index():
    chance = random.Random(7)
    ids = [f"{DEPARTMENTS[i % 8]}-{i:05d}" for i in range(12_000)]
    ids += ["PP-1", "PP-6", "PLAN-A-2.3"]
    deletions = sum(len(normalise_id(i)) for i in ids)
    # Large enough that the wrong ids are first looked for by trying characters, and so many
    # of them that the index of deletions is made part of the way through.
    assert deletions > suggest._INDEXED_DELETIONS
    # Slips at either end first (tried before the index is made), then slips of every kind.
    wrong = ["PLAN-A-2.", "LAN-A-2.3", "PLAN-A-2.3X", "XPP-6", "PP-9", "", "Z", "AREA-"]
    wrong += [_typo(chance.choice(ids), chance) for _ in range(400)]
    wrong += ["KEIZAI-1234567", "ＡＲＥＡ－００００１"]
    index = IdIndex(ids)
    guesses = [index.suggest(w) for w in wrong[:8]]
    assert index._by_deletion is None
    guesses += [index.suggest(w) for w in wrong[8:]]
    assert index._by_deletion is not None  # the index was made after all: both ways ran
    assert guesses == _reference(ids, wrong)
    assert sum(g is not None for g in guesses) > 300  # most slips are found


def test_a_few_wrong_ids_among_many_make_no_index_of_deletions():
    ids = [f"{DEPARTMENTS[i % 8]}-{i:05d}" for i in range(12_000)] + ["PLAN-A-2.3"]
    index = IdIndex(ids)
    assert index.suggest("PLAN-A-2.") == "PLAN-A-2.3"  # the last character missing
    assert index.suggest("LAN-A-2.3") == "PLAN-A-2.3"  # the first
    assert index.suggest("keizai-00210") == "KEIZAI-00210"  # lower case
    assert index.suggest("KEIZIA-00002") == "KEIZAI-00002"  # two letters swapped
    assert index.suggest("TOSHl-00003") == "TOSHI-00003"  # a letter l for an I
    # One digit missing from sequential ids: KODOMO-00001, KODOMO-00017 and KODOMO-10001 are
    # each one digit away, equally like it: no guess rather than a wrong one.
    assert index.suggest("KODOMO-0001") is None
    assert index._by_deletion is None
