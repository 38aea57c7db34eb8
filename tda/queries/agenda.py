"""The next meeting's agenda, as the records imply it."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from tda.catalog.refs import EntityRef, try_parse_ref
from tda.catalogue import Catalogue
from tda.decisions.model import Decision, normalise_id
from tda.decisions.store import write_new
from tda.errors import UsageError
from tda.governance.model import Action, Condition, Item, Meeting
from tda.yamlio import yaml_value


@dataclass(frozen=True, slots=True)
class OpenCondition:
    decision: Decision
    meeting: Meeting
    condition: Condition


@dataclass(frozen=True, slots=True)
class OpenAction:
    """An action with the meeting that recorded it (open, unless all actions were asked for)."""

    meeting: Meeting
    action: Action

    def overdue(self, on: dt.date) -> bool:
        action = self.action
        return action.status == "open" and action.due is not None and action.due < on


def actions(
    catalogue: Catalogue,
    on: dt.date,
    *,
    before: dt.date | None = None,
    owner: EntityRef | None = None,
    overdue_only: bool = False,
    include_closed: bool = False,
) -> list[OpenAction]:
    """Actions from the meeting records (held before `before`, if given), overdue first."""
    found = []
    for meeting in catalogue.governance.meetings if catalogue.governance else []:
        if before is not None and meeting.date >= before:
            continue
        for action in meeting.record.actions:
            item = OpenAction(meeting, action)
            if action.status != "open" and not include_closed:
                continue
            if overdue_only and not item.overdue(on):
                continue
            if owner and try_parse_ref(action.owner, default_kind="user") != owner:
                continue
            found.append(item)
    found.sort(key=lambda a: (not a.overdue(on), a.action.due or dt.date.max, a.action.id))
    return found


@dataclass(frozen=True, slots=True)
class Deferred:
    decision: Decision
    meeting: Meeting
    item: Item


@dataclass
class Agenda:
    date: dt.date
    forum: str
    for_decision: list[Decision] = field(default_factory=list)
    deferred: list[Deferred] = field(default_factory=list)
    re_review: list[Decision] = field(default_factory=list)
    conditions: list[OpenCondition] = field(default_factory=list)
    actions: list[OpenAction] = field(default_factory=list)


def _latest_outcomes(
    catalogue: Catalogue, meetings: list[Meeting]
) -> dict[str, tuple[Meeting, Item]]:
    """The last outcome that counts for each decision: a quorate approval or rejection, or a
    deferral (which needs no quorum to keep a decision waiting)."""
    from tda.queries.reviews import SETTLING, attendance, is_forum_meeting

    latest: dict[str, tuple[Meeting, Item]] = {}
    for meeting in meetings:
        if not is_forum_meeting(catalogue, meeting):
            continue
        quorate: bool | None = None
        for item in meeting.record.items:
            if item.for_ != "decision" or item.outcome is None:
                continue
            if item.outcome in SETTLING:
                if quorate is None:
                    quorate = attendance(catalogue, meeting).quorate
                if not quorate:
                    continue
            latest[normalise_id(item.decision)] = (meeting, item)
    return latest


def build_agenda(catalogue: Catalogue, on: dt.date) -> Agenda:
    """What the forum should take at a meeting on the given date."""
    from tda.queries.reviews import condition_register, review_due

    agenda = Agenda(on, catalogue.config.forum)
    governance, log = catalogue.governance, catalogue.decisions
    if governance is None or log is None:
        return agenda
    earlier = [m for m in governance.meetings if m.date < on]
    latest = _latest_outcomes(catalogue, earlier)
    by_date = sorted(log.decisions, key=lambda d: (d.date or dt.date.max, d.id))
    for decision in by_date:
        if decision.status != "proposed" or (decision.date and decision.date > on):
            continue
        seen = latest.get(decision.id)
        if seen is None:
            agenda.for_decision.append(decision)
        elif seen[1].outcome == "deferred":
            agenda.deferred.append(Deferred(decision, *seen))
    due = {d.id: review_due(catalogue, d) for d in log.decisions if d.status == "accepted"}
    agenda.re_review = [
        d
        for d in sorted(log.decisions, key=lambda d: (due.get(d.id) or dt.date.max, d.id))
        if (when := due.get(d.id)) is not None and when <= on
    ]
    for entry in condition_register(catalogue):
        decision = log.get(entry.decision)
        if entry.meeting.date < on and entry.state == "open" and decision is not None:
            agenda.conditions.append(OpenCondition(decision, entry.meeting, entry.condition))
    agenda.actions = actions(catalogue, on, before=on)
    return agenda


def _entities(decision: Decision) -> str:
    return ", ".join(decision.entities) if decision.entities else "no entities"


def render_markdown(agenda: Agenda) -> str:
    lines = [f"# Agenda: {agenda.forum}, {agenda.date:%-d %B %Y}", ""]

    def section(title: str, rows: list[str]) -> None:
        lines.extend([f"## {title}", ""])
        lines.extend(rows or ["None."])
        lines.append("")

    section(
        "For decision",
        [
            f"{n}. {d.id} {d.title} (proposed {d.date or 'undated'}; binds {_entities(d)})"
            for n, d in enumerate(agenda.for_decision, 1)
        ],
    )
    section(
        "Deferred last time",
        [
            f"- {x.decision.id} {x.decision.title}: deferred on {x.meeting.date}"
            + (f" ({x.item.notes})" if x.item.notes else "")
            for x in agenda.deferred
        ],
    )
    section(
        "Due for re-review",
        [f"- {d.id} {d.title}: review was due by {d.review_by}" for d in agenda.re_review],
    )
    section(
        "Conditions to confirm",
        [
            f"- {c.decision.id}: {c.condition.id + ': ' if c.condition.id else ''}"
            f"{c.condition.text} (set on {c.meeting.date})"
            for c in agenda.conditions
        ],
    )
    rows = []
    if agenda.actions:
        rows = ["| Action | Owner | Due | What |", "| --- | --- | --- | --- |"]
        for open_action in agenda.actions:
            action = open_action.action
            due = f"{action.due}" if action.due else "-"
            if open_action.overdue(agenda.date):
                due += " (overdue)"
            rows.append(f"| {action.id} | {action.owner} | {due} | {action.text} |")
    section("Open actions", rows)
    return "\n".join(lines).rstrip() + "\n"


def render_json(agenda: Agenda) -> str:
    payload = {
        "date": agenda.date.isoformat(),
        "forum": agenda.forum,
        "for_decision": [
            {"id": d.id, "title": d.title, "date": _iso(d.date), "entities": d.entities}
            for d in agenda.for_decision
        ],
        "deferred": [
            {"id": x.decision.id, "title": x.decision.title, "deferred_on": _iso(x.meeting.date)}
            for x in agenda.deferred
        ],
        "re_review": [
            {"id": d.id, "title": d.title, "review_by": _iso(d.review_by)} for d in agenda.re_review
        ],
        "conditions": [
            {"decision": c.decision.id, "text": c.condition.text, "set_on": _iso(c.meeting.date)}
            for c in agenda.conditions
        ],
        "actions": [
            {
                "id": a.action.id,
                "owner": a.action.owner,
                "due": _iso(a.action.due),
                "overdue": a.overdue(agenda.date),
                "text": a.action.text,
                "decision": a.action.decision,
                "meeting": a.meeting.display,
            }
            for a in agenda.actions
        ],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _condition_name(condition: Condition) -> str:
    return condition.id or condition.text


def meeting_template(agenda: Agenda) -> str:
    """A meeting record pre-filled with the agenda, for the secretary to complete."""
    items = [(d.id, "decision") for d in agenda.for_decision]
    items += [(x.decision.id, "decision") for x in agenda.deferred]
    items += [(d.id, "decision") for d in agenda.re_review]
    items += [(c.decision.id, "information") for c in agenda.conditions]
    seen: set[str] = set()
    lines = [
        "---",
        f"date: {agenda.date.isoformat()}",
        f"forum: {yaml_value(agenda.forum)}",
        "chair:",
        "attendees: []",
        "apologies: []",
        "items:" if items else "items: []",
    ]
    for decision_id, purpose in items:
        if (decision_id, purpose) in seen:
            continue
        seen.add((decision_id, purpose))
        lines += [f"  - decision: {decision_id}", f"    for: {purpose}", "    outcome:"]
        if purpose == "information":
            names = [_condition_name(c.condition) for c in agenda.conditions]
            names = [
                n
                for c, n in zip(agenda.conditions, names, strict=True)
                if c.decision.id == decision_id
            ]
            # Left as a comment: confirming a condition is the forum's call, not the template's.
            lines.append(f"    # confirms: {yaml_value(names)}")
    lines += ["actions: []", "---", ""]
    body = render_markdown(agenda).replace("# Agenda:", "# Minutes:", 1)
    return "\n".join(lines) + body


def new_meeting_record(catalogue: Catalogue, on: dt.date) -> Path:
    """Write the record of the forum's meeting on a date, pre-filled with its agenda.

    An existing record is never overwritten.
    """
    agenda = build_agenda(catalogue, on)
    forum = try_parse_ref(catalogue.config.forum, default_kind="group")
    slug = forum.name if forum else "meeting"
    folder = catalogue.root / catalogue.config.decisions / "reviews"
    path = folder / f"{agenda.date.isoformat()}-{slug}.md"
    if path.exists():
        raise UsageError(f"{path} already exists; edit it, or choose another --date")
    folder.mkdir(parents=True, exist_ok=True)
    try:
        write_new(path, meeting_template(agenda))
    except FileExistsError:
        raise UsageError(f"{path} already exists; edit it, or choose another --date") from None
    return path
