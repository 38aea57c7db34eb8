""" "What did we decide about X": every line of the decisions and the minutes that mentions it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tda.catalogue import Catalogue
from tda.decisions.store import read_record


@dataclass(frozen=True, slots=True)
class Hit:
    line: int
    text: str


@dataclass
class Found:
    """One record (a decision or a meeting's minutes) with its matching lines."""

    kind: str  # "decision" or "minutes"
    label: str  # e.g. "ADR-0005 Use the Person API" or "TDA meeting 2024-02-01"
    display: str
    status: str | None = None
    hits: list[Hit] = field(default_factory=list)


def search(catalogue: Catalogue, text: str) -> list[Found]:
    """Records with a line holding every word of text (case aside): titles, bodies, tags,
    conditions, minutes, dissent and notes, decisions first."""
    words = [word.casefold() for word in text.split()]
    if not words:
        return []
    found: list[Found] = []
    for decision in catalogue.decisions.decisions if catalogue.decisions else []:
        record = Found("decision", f"{decision.id} {decision.title}", decision.display)
        record.status = decision.status
        record.hits = _hits(decision.file, words)
        if record.hits:
            found.append(record)
    for meeting in catalogue.governance.meetings if catalogue.governance else []:
        title = meeting.record.title or meeting.record.forum
        record = Found("minutes", f"{title}, {meeting.date}", meeting.display)
        record.hits = _hits(meeting.file, words)
        if record.hits:
            found.append(record)
    return found


def _hits(path: Path, words: list[str]) -> list[Hit]:
    try:
        text, _ = read_record(path)
    except (OSError, UnicodeError):
        return []
    hits = []
    for number, line in enumerate(text.splitlines(), start=1):
        folded = line.casefold()
        if all(word in folded for word in words):
            hits.append(Hit(number, line.strip()))
    return hits


def search_text(found: list[Found]) -> str:
    if not found:
        return "nothing found"
    lines: list[str] = []
    for record in found:
        status = f" [{record.status}]" if record.status else ""
        lines.append(f"{record.label}{status}")
        lines += [f"  {record.display}:{hit.line}: {hit.text}" for hit in record.hits]
    return "\n".join(lines)
