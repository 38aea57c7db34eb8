"""Which known entity a mistyped reference meant, in time linear in the catalogue.

Comparing each unknown name with every known one costs (unknown x known); an index of each
known name's one-letter deletions finds names within two edits by a few dictionary look-ups,
and an index of name parts finds names that contain the one written or are contained in it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from difflib import SequenceMatcher

_PARTS = re.compile(r"[-_.]+")
# Names built from a part this common (say "api") are not all worth comparing.
_MAX_CANDIDATES = 64
_CUTOFF = 0.6


def _deletions(name: str) -> set[str]:
    return {name, *(name[:i] + name[i + 1 :] for i in range(len(name)))}


class NameIndex:
    """Known names of one kind and namespace, ready for "did you mean" look-ups."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = sorted(set(names))
        self.by_deletion: dict[str, list[str]] = defaultdict(list)
        self.by_part: dict[str, list[str]] = defaultdict(list)
        for name in self.names:
            for key in _deletions(name):
                self.by_deletion[key].append(name)
            for part in set(_PARTS.split(name)):
                if part:
                    self.by_part[part].append(name)

    def closest(self, name: str) -> str | None:
        """A name within two edits and similar enough, else one that contains name or is
        contained in it; None when nothing is close."""
        typos = {known for key in _deletions(name) for known in self.by_deletion.get(key, ())}
        best = _most_similar(name, sorted(typos))
        if best is not None:
            return best
        for known in self._sharing_a_part(name):
            if name in known or known in name:
                return known
        return None

    def _sharing_a_part(self, name: str) -> list[str]:
        postings = sorted(
            (self.by_part[part] for part in set(_PARTS.split(name)) if part in self.by_part),
            key=len,
        )
        found: list[str] = []
        for names in postings:
            found.extend(names[: _MAX_CANDIDATES - len(found)])
            if len(found) >= _MAX_CANDIDATES:
                break
        return sorted(set(found))


def _most_similar(name: str, candidates: list[str]) -> str | None:
    best, best_score = None, _CUTOFF
    for known in candidates[:_MAX_CANDIDATES]:
        score = SequenceMatcher(None, name, known).ratio()
        if score > best_score or (score == best_score and best is None):
            best, best_score = known, score
    return best
