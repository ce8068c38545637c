"""Did-you-mean for ids, through an index rather than a scan of every id for every link.

Typos in ids are mostly one character wrong, missing, extra or swapped. Every id is indexed under
each of its one-character deletions (the "symmetric delete" idea of SymSpell), so such a typo is
found by a few dictionary look-ups whatever the number of ids. Only when that finds nothing is a
fuzzy comparison made, against a bounded pool of ids with the same prefix, and each wrong id is
looked up once.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from .loading import normalise

_PREFIX = re.compile(r"^[A-Za-z]+")
# Past this many same-prefix ids, the fuzzy fallback compares only ids of a similar length.
_FALLBACK_POOL = 2000


def normalise_id(text: str) -> str:
    """NFKC (full-width ＳＤＧ－８．３ → SDG-8.3), dash variants to '-', upper case."""
    return normalise.normalise_id(text).upper()


def _deletions(text: str) -> set[str]:
    return {text[:i] + text[i + 1 :] for i in range(len(text))}


def _prefix(identifier: str) -> str:
    match = _PREFIX.match(identifier)
    return match.group(0).upper() if match else ""


# Past this many one-character deletions of the ids (about ids × their length), a wrong id's
# neighbours are first found by trying each character the ids use at each place of the wrong id
# and of its deletions, not by an index of every deletion of every id: that index grew a
# 100,000-measure check by 80 MB, for the few hundred wrong ids of a large draft.
_INDEXED_DELETIONS = 100_000


class IdIndex:
    def __init__(self, ids: Iterable[str]):
        self._ids = ids
        self._by_normal: dict[str, str] | None = None
        # Nearly every deletion belongs to one id: that id itself, a list only where several
        # share it (a list each held 15 MB of the index of 20,000 measure ids). None: not made
        # (yet); see _neighbours.
        self._by_deletion: dict[str, str | list[str]] | None = None
        self._by_prefix: dict[str, list[str]] = {}
        self._cache: dict[str, str | None] = {}
        # The characters of the normalised ids, and the look-ups left before the deletions
        # are indexed after all (many wrong ids: trying costs more than indexing).
        self._alphabet: str = ""
        self._budget = 0

    def _build(self) -> dict[str, str]:
        # Built on first use: most drafts have no unknown id, and then it costs nothing.
        if self._by_normal is None:
            self._by_normal = {}
            for identifier in self._ids:
                normal = normalise_id(identifier)
                if normal in self._by_normal:
                    continue
                self._by_normal[normal] = identifier
                self._by_prefix.setdefault(_prefix(normal), []).append(identifier)
            deletions = sum(map(len, self._by_normal))
            if deletions <= _INDEXED_DELETIONS:
                self._index_deletions()
            else:
                self._alphabet = "".join(sorted(set().union(*self._by_normal)))
                self._budget = deletions
        return self._by_normal

    def _index_deletions(self) -> None:
        self._by_deletion = by_deletion = {}
        for normal, identifier in self._by_normal.items():
            for variant in _deletions(normal):
                found = by_deletion.setdefault(variant, identifier)
                if found is identifier:
                    continue
                if isinstance(found, str):
                    by_deletion[variant] = [found, identifier]
                else:
                    found.append(identifier)

    def _neighbours(self, normal: str) -> set[str]:
        """The ids that share a one-character deletion with ``normal``, or of which ``normal``
        is one: one character missing, wrong or swapped (and one moved)."""
        variants = (normal, *_deletions(normal))
        if self._by_deletion is None:
            tries = sum(len(v) + 1 for v in variants) * len(self._alphabet)
            self._budget -= tries
            if self._budget < 0:
                self._index_deletions()
        found: set[str] = set()
        if self._by_deletion is not None:
            for variant in variants:
                ids = self._by_deletion.get(variant, ())
                found.update((ids,) if isinstance(ids, str) else ids)
            return found
        # Every id of which a variant is a deletion: the variant with one character put in.
        by_normal = self._by_normal
        for variant in variants:
            for at in range(len(variant) + 1):
                head, tail = variant[:at], variant[at:]
                for char in self._alphabet:
                    identifier = by_normal.get(head + char + tail)
                    if identifier is not None:
                        found.add(identifier)
        return found

    def forget(self) -> None:
        """Let go of the index (made again if asked again): a check's rules are done with it
        before its report is made (60 MB at 100,000 measure ids)."""
        self._by_normal = None
        self._by_deletion = None
        self._by_prefix = {}

    def __contains__(self, identifier: str) -> bool:
        return normalise_id(identifier) in self._build()

    def suggest(self, wrong: str) -> str | None:
        if wrong not in self._cache:
            self._cache[wrong] = self._suggest(wrong)
        return self._cache[wrong]

    def _suggest(self, wrong: str) -> str | None:
        by_normal = self._build()
        normal = normalise_id(wrong)
        if normal in by_normal:  # only case, width or dash differs
            return by_normal[normal]
        # A letter typed for the digit it looks like (ECON-O1 for ECON-01), or the other way:
        # among ids one character away it is the one meant, where a plain distance ties.
        for variant in _look_alikes(normal):
            if variant in by_normal:
                return by_normal[variant]
        # One character extra (a deletion of the wrong id is an id) ...
        for variant in sorted(_deletions(normal)):
            if variant in by_normal:
                return by_normal[variant]
        # ... missing (the wrong id is a deletion of an id), wrong or swapped (both share one).
        candidates = self._neighbours(normal)
        if candidates:
            return _closest(wrong, sorted(candidates))
        pool = self._by_prefix.get(_prefix(normal), [])
        if len(pool) > _FALLBACK_POOL:
            pool = [c for c in pool if abs(len(c) - len(wrong)) <= 2][:_FALLBACK_POOL]
        matches = difflib.get_close_matches(wrong, pool, n=1, cutoff=0.75)
        return matches[0] if matches else None


_LOOK_ALIKE = {"O": "0", "o": "0", "I": "1", "l": "1", "i": "1", "0": "O", "1": "I"}


def _look_alikes(text: str) -> list[str]:
    """``text`` with one character swapped for the one it looks like (O and 0, l and 1)."""
    return [
        text[:index] + _LOOK_ALIKE[char] + text[index + 1 :]
        for index, char in enumerate(text)
        if char in _LOOK_ALIKE
    ]


def _closest(wrong: str, candidates: list[str]) -> str | None:
    """The most similar candidate; none when several are equally close (PP-9: PP-1? PP-6?)."""
    scored = sorted(
        ((difflib.SequenceMatcher(None, wrong, c).ratio(), c) for c in candidates), reverse=True
    )
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None
    return scored[0][1]
