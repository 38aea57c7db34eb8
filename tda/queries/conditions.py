"""The conditions register: every condition set at a meeting, and which meeting confirmed it."""

from __future__ import annotations

import json

from tda.catalogue import Catalogue
from tda.queries.reviews import ConditionEntry, condition_register


def entries(catalogue: Catalogue, *, only_open: bool = False) -> list[ConditionEntry]:
    found = condition_register(catalogue)
    return [e for e in found if e.state == "open"] if only_open else found


def _set_by(entry: ConditionEntry) -> str:
    record = entry.meeting.record
    chair = f", chaired by {record.chair}" if record.chair else ""
    return f"{record.forum} on {entry.meeting.date}{chair}"


def _confirmed(entry: ConditionEntry) -> str:
    if entry.confirmed_at is not None:
        return (
            f"confirmed at the meeting of {entry.confirmed_at.date} ({entry.confirmed_at.display})"
        )
    if entry.confirmed_on is not None:
        return f"confirmed on {entry.confirmed_on} (recorded on the condition)"
    if entry.state == "dropped":
        return "dropped"
    return "open: no meeting has confirmed it"


def register_text(catalogue: Catalogue, *, only_open: bool = False) -> str:
    found = entries(catalogue, only_open=only_open)
    if not found:
        return "no conditions" if not only_open else "no open conditions"
    lines = []
    for entry in found:
        decision = catalogue.decisions.get(entry.decision) if catalogue.decisions else None
        title = f" {decision.title}" if decision else ""
        lines.append(f"{entry.label} [{entry.state}]  {entry.decision}{title}")
        lines.append(f"  {entry.condition.text}")
        lines.append(f"  set by {_set_by(entry)} ({entry.meeting.display})")
        lines.append(f"  {_confirmed(entry)}")
    return "\n".join(lines)


def register_json(catalogue: Catalogue, *, only_open: bool = False) -> str:
    payload = [
        {
            "id": entry.condition.id,
            "decision": entry.decision,
            "text": entry.condition.text,
            "state": entry.state,
            "set_on": entry.meeting.date.isoformat(),
            "set_by": entry.meeting.record.forum,
            "chair": entry.meeting.record.chair,
            "set_in": entry.meeting.display,
            "confirmed_on": entry.confirmed_on.isoformat() if entry.confirmed_on else None,
            "confirmed_in": entry.confirmed_at.display if entry.confirmed_at else None,
        }
        for entry in entries(catalogue, only_open=only_open)
    ]
    return json.dumps(payload, indent=2, ensure_ascii=False)
