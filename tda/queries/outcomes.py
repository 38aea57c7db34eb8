"""Progress of every key result: the latest measurement against baseline, target and due date."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Literal

from tda.catalog.entity import Entity
from tda.catalog.outcomes import (
    OUTCOME_KINDS,
    KeyResult,
    Measurement,
    parse_outcomes,
    split_outcome_ref,
)
from tda.catalogue import Catalogue
from tda.decisions.model import Decision
from tda.errors import UsageError

Status = Literal["met", "on-track", "off-track", "missed", "no-data"]
STATUS_TEXT: dict[str, str] = {
    "met": "target met",
    "on-track": "on track",
    "off-track": "off track",
    "missed": "past due, target not met",
    "no-data": "no measurement yet",
}


@dataclass(frozen=True, slots=True)
class Progress:
    """Where one key result stands on a date."""

    entity: Entity
    objective: str
    result: KeyResult
    latest: Measurement | None
    fraction: float | None  # of the way from baseline to target; None without a measurement
    expected: float | None  # the fraction an even pace would have reached by the latest reading
    status: Status

    @property
    def ref(self) -> str:
        return f"{self.entity.ref.short()}#{self.result.id}"

    def needs_attention(self) -> bool:
        return self.status in ("off-track", "missed", "no-data")


def reached(result: KeyResult, value: float) -> bool:
    """Whether value has reached the target, whichever way the target lies from the baseline."""
    if result.target >= result.baseline:
        return value >= result.target
    return value <= result.target


def fraction_done(result: KeyResult, value: float) -> float:
    """How far value is along the way from baseline to target: 0 at the baseline, 1 at target.

    A target below the baseline (fewer complaints, shorter waits) counts a fall as progress.
    """
    span = result.target - result.baseline
    if span == 0:
        return 1.0 if value == result.target else 0.0
    return (value - result.baseline) / span


def latest_measurement(result: KeyResult) -> Measurement | None:
    if not result.measurements:
        return None
    # Stable on dates: of two readings on one day, the later written wins.
    return max(enumerate(result.measurements), key=lambda pair: (pair[1].date, pair[0]))[1]


def expected_fraction(result: KeyResult, on: dt.date) -> float:
    """What an even pace from the baseline date to the due date would have reached on a date."""
    start = result.since or min((m.date for m in result.measurements), default=on)
    if result.due <= start:
        return 1.0
    elapsed = (on - start).days / (result.due - start).days
    return min(1.0, max(0.0, elapsed))


def progress(entity: Entity, objective: str, result: KeyResult, today: dt.date) -> Progress:
    latest = latest_measurement(result)
    if latest is None:
        return Progress(entity, objective, result, None, None, None, "no-data")
    fraction = fraction_done(result, latest.value)
    expected = expected_fraction(result, latest.date)
    status: Status
    if reached(result, latest.value):
        status = "met"
    elif today > result.due:
        status = "missed"
    elif fraction >= expected:
        status = "on-track"
    else:
        status = "off-track"
    return Progress(entity, objective, result, latest, fraction, expected, status)


@dataclass
class OutcomesReport:
    today: dt.date
    progress: list[Progress]
    without_outcomes: list[Entity]


def require_product(entity: Entity) -> Entity:
    """The entity, if it is a product (a Component or System); otherwise a usage error."""
    if entity.ref.kind not in OUTCOME_KINDS:
        raise UsageError(
            f"{entity.ref.short()} is a {entity.kind}; outcomes and scorecards are for "
            "Components and Systems"
        )
    return entity


def products(catalogue: Catalogue) -> list[Entity]:
    return catalogue.of_kind(*OUTCOME_KINDS)


def entity_progress(entity: Entity, today: dt.date) -> list[Progress]:
    return [
        progress(entity, objective.objective, result, today)
        for objective in parse_outcomes(entity.spec)
        for result in objective.keyResults
    ]


def outcomes_report(
    catalogue: Catalogue, today: dt.date, only: Entity | None = None
) -> OutcomesReport:
    """Progress of every product's key results (or one product's), and products without any."""
    if only is not None:
        require_product(only)
    chosen = [only] if only is not None else products(catalogue)
    found: list[Progress] = []
    without: list[Entity] = []
    for entity in chosen:
        rows = entity_progress(entity, today)
        found += rows
        if not rows and not _system_has_outcomes(catalogue, entity):
            without.append(entity)
    return OutcomesReport(today, found, without)


def _system_has_outcomes(catalogue: Catalogue, entity: Entity) -> bool:
    """A component of a system with outcomes is covered by them."""
    system = entity.spec.get("system") if entity.ref.kind == "component" else None
    found = catalogue.get(str(system), default_kind="system") if system else None
    return bool(found and parse_outcomes(found.spec))


def needing_review(catalogue: Catalogue, today: dt.date, within_days: int) -> list[Progress]:
    """Key results the forum should look at: off track, missed, unmeasured, or due soon."""
    horizon = today + dt.timedelta(days=within_days)
    rows = outcomes_report(catalogue, today).progress
    return [
        row
        for row in rows
        if row.status in ("off-track", "missed")
        or (row.status != "met" and today <= row.result.due <= horizon)
    ]


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def describe(row: Progress) -> str:
    """One line for people: the key result, where it stands, and against what."""
    result = row.result
    unit = result.unit
    latest = (
        f"{_number(row.latest.value)} {unit} on {row.latest.date}"
        if row.latest
        else "not measured yet"
    )
    return (
        f"{result.metric}: {latest}; baseline {_number(result.baseline)}, "
        f"target {_number(result.target)} {unit} by {result.due} "
        f"({_percent(row.fraction)} of the way; {STATUS_TEXT[row.status]})"
    )


def render_text(report: OutcomesReport) -> str:
    lines: list[str] = []
    current: Entity | None = None
    for row in report.progress:
        if row.entity is not current:
            current = row.entity
            lines.append(f"{current.ref.short()} ({current.title})")
        lines.append(f"  [{row.status}] {row.result.id}: {describe(row)}")
    if report.without_outcomes:
        lines.append("")
        lines.append("products without outcomes:")
        lines += [f"  {entity.ref.short()}" for entity in report.without_outcomes]
    if not lines:
        lines.append("no products")
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: OutcomesReport) -> str:
    lines = [f"# Outcomes on {report.today}", ""]
    if report.progress:
        lines += [
            "| Product | Key result | Latest | Baseline | Target | Due | Progress | Status |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for row in report.progress:
            result = row.result
            latest = f"{_number(row.latest.value)} ({row.latest.date})" if row.latest else "-"
            lines.append(
                f"| {_md(row.entity.ref.short())} | {_md(result.metric)} ({result.unit}) "
                f"| {latest} | {_number(result.baseline)} | {_number(result.target)} "
                f"| {result.due} | {_percent(row.fraction)} | {STATUS_TEXT[row.status]} |"
            )
    else:
        lines.append("No key results.")
    if report.without_outcomes:
        lines += ["", "## Products without outcomes", ""]
        lines += [f"- {_md(entity.ref.short())}" for entity in report.without_outcomes]
    return "\n".join(lines) + "\n"


def progress_json(row: Progress) -> dict[str, Any]:
    result = row.result
    return {
        "ref": row.ref,
        "entity": row.entity.ref.short(),
        "objective": row.objective,
        "id": result.id,
        "metric": result.metric,
        "unit": result.unit,
        "baseline": result.baseline,
        "target": result.target,
        "due": result.due.isoformat(),
        "latest": (
            {"date": row.latest.date.isoformat(), "value": row.latest.value} if row.latest else None
        ),
        "progress": row.fraction,
        "expected": row.expected,
        "status": row.status,
    }


def render_json(report: OutcomesReport) -> str:
    payload = {
        "date": report.today.isoformat(),
        "key_results": [progress_json(row) for row in report.progress],
        "without_outcomes": [entity.ref.short() for entity in report.without_outcomes],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)


def served_lines(decision: Decision, catalogue: Catalogue) -> list[str]:
    """The outcomes a decision says it serves, for `tda adr show`."""
    named = decision.front_matter.get("outcomes")
    texts = [named] if isinstance(named, str) else named if isinstance(named, list) else []
    lines = []
    for text in (t for t in texts if isinstance(t, str)):
        ref, key = split_outcome_ref(text)
        entity = catalogue.get(ref, default_kind="component")
        rows = entity_progress(entity, dt.date.today()) if entity else []
        chosen = [row for row in rows if key is None or row.result.id == key]
        status = ", ".join(f"{row.result.id} {row.status}" for row in chosen)
        lines.append(f"  {text}" + (f"  ({status})" if status else "  (not found)"))
    return ["serves:", *lines] if lines else []
