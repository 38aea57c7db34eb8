"""Decisions as text and JSON for the command line."""

from __future__ import annotations

import json

from tda.catalog.refs import EntityRef, try_parse_ref
from tda.catalogue import Catalogue
from tda.decisions.history import History
from tda.decisions.model import Decision, Skipped


def select(
    decisions: list[Decision], statuses: set[str], binding: set[EntityRef]
) -> list[Decision]:
    """Decisions with one of the statuses (any, when none given) that bind one of the entities."""
    return [
        d
        for d in decisions
        if (not statuses or d.status in statuses)
        and (not binding or binding.intersection(_bound(d)))
    ]


def _bound(decision: Decision) -> list[EntityRef]:
    refs = (try_parse_ref(text, default_kind="component") for text in decision.entities)
    return [ref for ref in refs if ref is not None]


def decision_json(decision: Decision) -> dict[str, object]:
    return {
        "id": decision.id,
        "number": decision.number,
        "title": decision.title,
        "status": decision.status,
        "status_text": decision.status_text,
        "date": decision.date.isoformat() if decision.date else None,
        "file": decision.display,
        "dialect": decision.dialect,
        "entities": list(decision.entities),
    }


def list_json(decisions: list[Decision], skipped: list[Skipped]) -> str:
    payload = {
        "decisions": [decision_json(d) for d in decisions],
        "skipped": [{"file": s.display, "reason": s.reason} for s in skipped],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)


def status_label(decision: Decision) -> str:
    """The status as the record says it: `no status` when it says none."""
    if not decision.status_text.strip():
        return "no status"
    if decision.status_text.lower() == decision.status:
        return decision.status
    return f"{decision.status} ({decision.status_text})"


def list_text(decisions: list[Decision], skipped: list[Skipped]) -> str:
    if not decisions:
        lines = ["no decisions"]
    else:
        width = max(len(d.id) for d in decisions)
        lines = []
        for d in decisions:
            date = d.date.isoformat() if d.date else "-" * 10
            status = status_label(d)
            lines.append(f"{d.id:<{width}}  {date}  {status:<12}  {d.title}")
            if d.entities:
                lines.append(f"{'':<{width}}  binds {', '.join(d.entities)}")
    for item in skipped:
        lines.append(f"skipped {item.display}: {item.reason}")
    return "\n".join(lines)


def _when(commit: object) -> str:
    return f"{commit.when:%Y-%m-%d} by {commit.author} ({commit.sha[:8]})"  # type: ignore[attr-defined]


def show_text(decision: Decision, catalogue: Catalogue, history: History) -> str:
    lines = [f"{decision.id}  {decision.title}", ""]
    status = decision.status
    if not decision.status_text.strip():
        status = "no status recorded (awaits review, as if proposed)"
    elif decision.status_text != decision.status:
        status += f"  (written as {decision.status_text!r})"
    lines.append(f"status:     {status}")
    lines.append(f"date:       {decision.date or decision.date_text or '-'}")
    if decision.review_by:
        lines.append(f"review by:  {decision.review_by}")
    lines.append(f"file:       {decision.display} ({decision.dialect})")
    if decision.decision_makers:
        lines.append(f"decided by: {', '.join(decision.decision_makers)}")
    if decision.entities:
        lines.append("binds:")
        for text in decision.entities:
            entity = catalogue.get(text, default_kind="component")
            lines.append(
                f"  {text}" + (f"  {entity.title}" if entity else "  (not in the catalogue)")
            )
    lines += _chain(decision, catalogue)
    lines += _history_lines(decision, history)
    lines += _review_lines(decision, catalogue)
    lines += ["", decision.body.strip("\n")]
    return "\n".join(lines)


def _chain(decision: Decision, catalogue: Catalogue) -> list[str]:
    log = catalogue.decisions
    lines = []
    for label, ids in (
        ("supersedes", decision.supersedes),
        ("superseded by", decision.superseded_by),
    ):
        for target in ids:
            found = log.get(target) if log else None
            title = f"  {found.title} [{found.status}]" if found else "  (missing)"
            lines.append(f"{label}: {target}{title}")
    return lines


def _history_lines(decision: Decision, history: History) -> list[str]:
    if not history.available:
        return [f"history:    {history.reason}"]
    record = history.of(decision.file)
    if record.created is None:
        return ["history:    not committed yet"]
    lines = [f"created:    {_when(record.created)}"]
    if record.modified and record.modified.sha != record.created.sha:
        lines.append(f"modified:   {_when(record.modified)}")
    change = record.last_status_change
    if change:
        lines.append(f"status set: {change.status} on {_when(change.commit)}")
    return lines


def _review_lines(decision: Decision, catalogue: Catalogue) -> list[str]:
    from tda.queries.reviews import attendance, reviews_of

    reviews = reviews_of(catalogue, decision.id)
    if not reviews:
        return ["reviews:    none recorded"]
    lines = ["reviews:"]
    for review in reviews:
        item, meeting = review.item, review.meeting
        seen = attendance(catalogue, meeting)
        quorum = "quorate" if seen.quorate else f"NOT quorate: {seen.describe()}"
        outcome = item.outcome or "no outcome recorded"
        lines.append(f"  {meeting.date}  {outcome} (for {item.for_}; {quorum})  {meeting.display}")
        for condition in item.conditions:
            confirmed = f", confirmed {condition.confirmed}" if condition.confirmed else ""
            lines.append(f"    condition [{condition.status}{confirmed}]: {condition.text}")
        if item.votes:
            votes = item.votes
            lines.append(
                f"    votes: {votes.for_} for, {votes.against} against, {votes.abstain} abstain"
            )
        for dissent in item.dissent:
            lines.append(f"    dissent: {dissent}")
        if item.notes:
            lines.append(f"    notes: {item.notes}")
    return lines
