"""Listing pages for people choosing: one card per item, filters and sorting in plain HTML.

The list is complete and sorted by name without script; a few lines of local script filter and
re-sort it. At wide screens a card's facts sit in one row, at narrow ones they stack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tda.site.pages import Link


@dataclass(frozen=True, slots=True)
class Fact:
    label: str
    value: Any  # text, a Link, a list of them, or None when unknown
    missing: str = ""  # shown when value is empty


@dataclass(frozen=True, slots=True)
class Item:
    title: Link
    kind: str
    description: str
    facts: list[Fact]
    facets: dict[str, list[str]] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)
    status: str = ""  # shown as a status badge
    status_text: str | None = None  # the status as the record wrote it
    text: str = ""  # what the name filter searches


@dataclass(frozen=True, slots=True)
class Facet:
    key: str
    label: str
    options: list[str]
    checkboxes: bool = False


@dataclass(frozen=True, slots=True)
class Sort:
    key: str
    label: str
    descending: bool = False


def facets_from(items: list[Item], wanted: list[tuple[str, str]]) -> list[Facet]:
    """A select per facet, offering every value some item has."""
    found = []
    for key, label in wanted:
        values = sorted({v for item in items for v in item.facets.get(key, [])}, key=str.lower)
        if values:
            found.append(Facet(key, label, values))
    return found


def one_line(text: str, limit: int = 160) -> str:
    """The first sentence of a description, cut at a word if it is still long."""
    text = " ".join(str(text).split())
    first = text.split(". ", 1)[0]
    first = first if first.endswith(".") or first == text else first + "."
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "\u2026"
