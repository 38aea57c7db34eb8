"""Import a folder of ADRs in any dialect as native MADR 4 records, body kept byte for byte."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tda.decisions.load import DecisionLog, load_decisions
from tda.decisions.model import Decision, Skipped, format_id
from tda.decisions.store import StoreError, locked, render, slugify, used_numbers, write_new


@dataclass(frozen=True, slots=True)
class Imported:
    source: Decision
    target: Path
    new_id: str


@dataclass
class ImportReport:
    imported: list[Imported] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    renumbered: list[Imported] = field(default_factory=list)


def _order(decision: Decision) -> tuple[Any, ...]:
    return (
        decision.number is None,
        decision.number or 0,
        decision.date or dt.date.max,
        decision.id,
    )


def plan_numbers(log: DecisionLog, taken: set[int]) -> dict[int, int]:
    """Index of each decision in log.decisions -> its new number; keeps numbers where free."""
    taken = set(taken)
    numbers: dict[int, int] = {}
    ordered = sorted(range(len(log.decisions)), key=lambda i: _order(log.decisions[i]))
    for index in ordered:
        wanted = log.decisions[index].number
        if wanted is not None and wanted not in taken:
            numbers[index] = wanted
            taken.add(wanted)
    next_free = max(taken, default=0) + 1
    for index in ordered:
        if index not in numbers:
            numbers[index] = next_free
            taken.add(next_free)
            next_free += 1
    return numbers


def _front_matter(decision: Decision, ids: dict[str, str], source_root: Path) -> dict[str, Any]:
    fields: dict[str, Any] = {"status": decision.status}
    if decision.date:
        fields["date"] = decision.date
    for key, values in (
        ("decision-makers", decision.decision_makers),
        ("consulted", decision.consulted),
        ("informed", decision.informed),
    ):
        if values:
            fields[key] = list(values)
    fields["entities"] = list(decision.entities)
    if decision.supersedes:
        fields["supersedes"] = [ids.get(t, t) for t in decision.supersedes]
    if decision.superseded_by:
        fields["superseded-by"] = [ids.get(t, t) for t in decision.superseded_by]
    if decision.tags:
        fields["tags"] = list(decision.tags)
    if decision.status_text != decision.status:
        fields["original-status"] = decision.status_text
    if decision.date is None and decision.date_text:
        fields["original-date"] = decision.date_text
    for key, value in decision.front_matter.items():
        if key not in _READ_INTO_FIELDS and key not in fields:
            fields[key] = value  # every other field the source wrote, kept as written
    fields["imported-from"] = decision.file.relative_to(source_root).as_posix()
    return fields


# Source front-matter keys that the fields above already carry (possibly renamed).
_READ_INTO_FIELDS = frozenset(
    {
        "status",
        "date",
        "date-issued",
        "deciders",
        "decision-makers",
        "consulted",
        "informed",
        "entities",
        "supersedes",
        "superseded-by",
        "tags",
        "title",
        "number",
    }
)


def _newline_style(text: str, newline: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", newline) if newline != "\n" else text


def import_adrs(source: Path, into: Path) -> ImportReport:
    """Convert every decision under source into native records in into; write nothing on error."""
    log = load_decisions(source.resolve(), str, exclude=())
    report = ImportReport(skipped=list(log.skipped))
    into.mkdir(parents=True, exist_ok=True)
    with locked(into):
        numbers = plan_numbers(log, used_numbers(into))
        ids = {log.decisions[i].id: format_id(n) for i, n in numbers.items()}
        targets = {
            index: into / f"{number:04d}-{slugify(log.decisions[index].title)}.md"
            for index, number in numbers.items()
        }
        planned: list[tuple[Imported, str]] = []
        for index, decision in enumerate(log.decisions):
            target = targets[index]
            body = decision.body  # byte for byte; links to the old names resolve by imported-from
            newline = "\r\n" if "\r\n" in body else "\n"
            head = render(_front_matter(decision, ids, log.folder), decision.title, "")
            text = _newline_style(head, newline) + body
            planned.append((Imported(decision, target, format_id(numbers[index])), text))
        clashes = [item.target for item, _ in planned if item.target.exists()]
        if clashes:
            raise StoreError(f"{clashes[0]} already exists; nothing was imported")
        for item, text in planned:
            write_new(item.target, text)
            report.imported.append(item)
            if item.source.number is not None and format_id(item.source.number) != item.new_id:
                report.renumbered.append(item)
    return report
