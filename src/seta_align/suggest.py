"""Did-you-mean for ids, through an index rather than a scan of every id for every link."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

_PREFIX = re.compile(r"^[A-Za-z]+")


def normalise_id(text: str) -> str:
    """NFKC (full-width ＳＤＧ－８．３ → SDG-8.3), dash variants to '-', upper case."""
    folded = unicodedata.normalize("NFKC", text).strip()
    folded = re.sub(r"[\u2010-\u2015\u2212\u30fc\uff70]", "-", folded)
    return folded.upper()


class IdIndex:
    def __init__(self, ids: Iterable[str]):
        self._by_normal: dict[str, str] = {}
        self._by_prefix: dict[str, list[str]] = {}
        for identifier in ids:
            self._by_normal.setdefault(normalise_id(identifier), identifier)
            self._by_prefix.setdefault(_prefix(identifier), []).append(identifier)

    def __contains__(self, identifier: str) -> bool:
        return normalise_id(identifier) in self._by_normal

    def suggest(self, wrong: str) -> str | None:
        normal = normalise_id(wrong)
        if normal in self._by_normal:
            return self._by_normal[normal]
        candidates = self._by_prefix.get(_prefix(normal), [])
        # Same-prefix ids first (SDG-8.31 → SDG-8.3); a typo in the prefix falls back to all
        # prefixes, of which there are few.
        matches = difflib.get_close_matches(wrong, candidates, n=1, cutoff=0.6)
        if matches:
            return matches[0]
        upper = {k.upper(): k for k in self._by_prefix}
        prefix = difflib.get_close_matches(_prefix(normal), list(upper), n=1, cutoff=0.5)
        if prefix:
            rest = normal[len(_prefix(normal)) :]
            pool = self._by_prefix[upper[prefix[0]]]
            matches = difflib.get_close_matches(upper[prefix[0]] + rest, pool, n=1, cutoff=0.6)
            if matches:
                return matches[0]
        return None


def _prefix(identifier: str) -> str:
    match = _PREFIX.match(identifier)
    return match.group(0).upper() if match else ""
