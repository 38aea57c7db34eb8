"""Rules that tie decisions to the reviews that made them (TDA5xx)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from tda import codes
from tda.catalog.refs import try_parse_ref
from tda.catalogue import Catalogue
from tda.decisions.history import History
from tda.decisions.model import Decision, normalise_id
from tda.diagnostics import Diagnostic, diagnostic
from tda.governance.model import Meeting
from tda.queries.reviews import (
    Review,
    approvals,
    attendance,
    condition_register,
    find_condition,
    is_forum_meeting,
    latest_quorate_outcome,
    review_due,
    status_of,
)
from tda.rules.outcomes import outcome_item_problems


def check_governance(
    catalogue: Catalogue, history: History | None = None, today: dt.date | None = None
) -> Iterator[Diagnostic]:
    if catalogue.governance is None or catalogue.decisions is None:
        return
    today = today or dt.date.today()
    yield from catalogue.governance.diagnostics
    seen_actions: dict[str, Meeting] = {}
    for meeting in catalogue.governance.meetings:
        yield from _people(catalogue, meeting)
        yield from _attendance(meeting)
        yield from _items(catalogue, meeting)
        yield from _actions(catalogue, meeting, today, seen_actions)
    yield from _conditions(catalogue)
    for decision in catalogue.decisions.decisions:
        yield from _review_claim(catalogue, decision, history)
        yield from _review_due(catalogue, decision, today)
        yield from _principles(catalogue, decision)


def _person(
    catalogue: Catalogue, text: str, kinds: frozenset[str], default_kind: str
) -> str | None:
    ref = try_parse_ref(text, default_kind=default_kind)
    if ref is None:
        return f"{text!r} is not an entity reference"
    entity = catalogue.entities.get(ref)
    if entity is None:
        return f"{ref.short()} is not in the catalogue"
    if ref.kind not in kinds:
        return f"{ref.short()} is a {entity.kind}, expected {' or '.join(sorted(kinds))}"
    return None


def _people(catalogue: Catalogue, meeting: Meeting) -> Iterator[Diagnostic]:
    record = meeting.record
    users = frozenset({"user"})
    checks: list[tuple[tuple[object, ...], str, frozenset[str], str]] = [
        (("forum",), record.forum, frozenset({"group"}), "group")
    ]
    if record.chair:
        checks.append((("chair",), record.chair, users, "user"))
    for key in ("attendees", "apologies", "members"):
        for index, text in enumerate(getattr(record, key) or []):
            checks.append(((key, index), text, users, "user"))
    for path, text, kinds, default_kind in checks:
        problem = _person(catalogue, text, kinds, default_kind)
        if problem:
            yield diagnostic(
                codes.MEETING_UNKNOWN_PERSON,
                f"{path[0]}: {problem}",
                file=meeting.display,
                line=meeting.line_of(*path),
                hint="people are User entities and forums are Groups in catalog/",
            )


def _attendance(meeting: Meeting) -> Iterator[Diagnostic]:
    """Who was there, cross-checked: nobody twice, nobody both present and absent, the chair
    present."""
    record = meeting.record
    for key in ("attendees", "apologies"):
        seen: set[object] = set()
        for index, text in enumerate(getattr(record, key)):
            ref = try_parse_ref(text, default_kind="user") or text
            if ref in seen:
                yield diagnostic(
                    codes.PERSON_LISTED_TWICE,
                    f"{key}[{index}]: {text} is listed twice",
                    file=meeting.display,
                    line=meeting.line_of(key, index),
                    hint="list each person once",
                )
            seen.add(ref)
    present = {try_parse_ref(t, default_kind="user") or t for t in record.attendees}
    for index, text in enumerate(record.apologies):
        if (try_parse_ref(text, default_kind="user") or text) in present:
            yield diagnostic(
                codes.PRESENT_AND_APOLOGISED,
                f"apologies[{index}]: {text} is also listed as attending",
                file=meeting.display,
                line=meeting.line_of("apologies", index),
                hint="a person either attended or sent apologies; remove one of the two",
            )
    chair = try_parse_ref(record.chair, default_kind="user") if record.chair else None
    if record.chair and (chair or record.chair) not in present:
        yield diagnostic(
            codes.CHAIR_ABSENT,
            f"chair {record.chair} is not among the attendees",
            file=meeting.display,
            line=meeting.line_of("chair"),
            hint="add the chair to attendees, or name who chaired the meeting",
        )


def _items(catalogue: Catalogue, meeting: Meeting) -> Iterator[Diagnostic]:
    log = catalogue.decisions
    assert log is not None
    forum = is_forum_meeting(catalogue, meeting)
    voters = attendance(catalogue, meeting).present if forum else len(set(meeting.record.attendees))
    for index, item in enumerate(meeting.record.items):
        line = meeting.line_of("items", index, "decision")
        if item.for_ == "outcomes":
            yield from outcome_item_problems(catalogue, meeting, index, item)
        if item.decision and not log.find(item.decision):
            yield diagnostic(
                codes.MEETING_UNKNOWN_DECISION,
                f"items[{index}] names {normalise_id(item.decision)}, which is not a decision",
                file=meeting.display,
                line=line,
            )
        if item.votes and item.votes.total > voters:
            who = "forum members present" if forum else "attendees"
            yield diagnostic(
                codes.TOO_MANY_VOTES,
                f"items[{index}] records {item.votes.total} votes but {voters} {who}",
                file=meeting.display,
                line=meeting.line_of("items", index, "votes"),
                hint="only members present vote; list everyone present under attendees",
            )
        noted = item.for_ in ("information", "outcomes")
        if item.outcome is not None and noted != (item.outcome == "noted"):
            expected = "noted" if noted else "approved, rejected or deferred"
            yield diagnostic(
                codes.OUTCOME_MISMATCH,
                f"items[{index}] is for {item.for_}, so its outcome is {expected}, "
                f"not {item.outcome}",
                file=meeting.display,
                line=meeting.line_of("items", index, "outcome"),
            )
        if item.outcome == "approved-with-conditions" and not item.conditions:
            yield diagnostic(
                codes.CONDITIONS_MISSING,
                f"items[{index}] is approved with conditions, but lists none",
                file=meeting.display,
                line=meeting.line_of("items", index, "outcome"),
            )


def _actions(
    catalogue: Catalogue, meeting: Meeting, today: dt.date, seen: dict[str, Meeting]
) -> Iterator[Diagnostic]:
    log = catalogue.decisions
    assert log is not None
    for index, action in enumerate(meeting.record.actions):
        line = meeting.line_of("actions", index)
        if action.id in seen:
            yield diagnostic(
                codes.ACTION_ID_REUSED,
                f"action {action.id} is already recorded in {seen[action.id].display}",
                file=meeting.display,
                line=line,
                hint="give each action a new id; update the original record to change it",
            )
        seen.setdefault(action.id, meeting)
        problem = _person(catalogue, action.owner, frozenset({"user", "group"}), "user")
        if problem:
            yield diagnostic(
                codes.MEETING_UNKNOWN_PERSON,
                f"action {action.id} owner: {problem}",
                file=meeting.display,
                line=meeting.line_of("actions", index, "owner"),
            )
        if action.decision and not log.find(action.decision):
            yield diagnostic(
                codes.MEETING_UNKNOWN_DECISION,
                f"action {action.id} follows {normalise_id(action.decision)}, "
                "which is not a decision",
                file=meeting.display,
                line=meeting.line_of("actions", index, "decision"),
            )
        if action.status == "open" and action.due and action.due < today:
            yield diagnostic(
                codes.ACTION_OVERDUE,
                f"action {action.id} ({action.owner}) was due {action.due} and is still open",
                file=meeting.display,
                line=meeting.line_of("actions", index, "due"),
                hint="mark it done or dropped, or agree a new due date at the next meeting",
            )


def _review_claim(
    catalogue: Catalogue, decision: Decision, history: History | None
) -> Iterator[Diagnostic]:
    latest = latest_quorate_outcome(catalogue, decision.id)
    if latest is not None:
        yield from _against_latest(decision, latest)
    if decision.status not in catalogue.config.review_required:
        return
    if latest is not None and status_of(latest) != decision.status:
        return  # TDA515 said it
    found = approvals(catalogue, decision)
    line = decision.line_of("status")
    outcome = "approved" if decision.status == "accepted" else decision.status
    if not found:
        if _before_forum(catalogue, decision):
            return
        yield diagnostic(
            codes.STATUS_WITHOUT_REVIEW,
            f"{decision.id} is {decision.status}, but no meeting of {catalogue.config.forum} "
            f"{outcome} it",
            file=decision.display,
            line=line,
            hint="record the review in decisions/reviews/, keep the status proposed, or set "
            "forum_started if it was decided before the forum existed",
        )
        return
    quorate = [(r, a) for r, a in found if a.quorate]
    if not quorate:
        review, seen = found[-1]
        yield diagnostic(
            codes.NOT_QUORATE,
            f"{decision.id} was {outcome} on {review.meeting.date}, but that meeting was not "
            f"quorate ({seen.describe()})",
            file=decision.display,
            line=line,
            hint="a decision waits for a quorate meeting; put it on the next agenda",
        )
        return
    first = quorate[0][0].meeting
    if decision.date and decision.date > first.date:
        yield diagnostic(
            codes.DECIDED_AFTER_MEETING,
            f"{decision.id} is dated {decision.date}, after the meeting that {outcome} it "
            f"({first.date}, {first.display})",
            file=decision.display,
            line=decision.line_of("date"),
        )
    if history is not None and history.available:
        yield from _status_commit(decision, first, history)


def _before_forum(catalogue: Catalogue, decision: Decision) -> bool:
    """Decisions taken before the forum began need no review of theirs."""
    started = catalogue.config.forum_started
    if decision.front_matter.get("before-forum") is True:
        return True
    return started is not None and decision.date is not None and decision.date < started


def _where(review: Review) -> str:
    meeting = review.meeting
    return f"{meeting.display}:{meeting.line_of('items', review.index, 'outcome')}"


def _against_latest(decision: Decision, latest: Review) -> Iterator[Diagnostic]:
    """The latest quorate outcome is the truth; a record that says otherwise is a finding."""
    truth = status_of(latest)
    outcome, day = latest.item.outcome, latest.meeting.date
    if decision.status in ("proposed", "draft"):
        yield diagnostic(
            codes.OUTCOME_NOT_APPLIED,
            f"{decision.id} was {outcome} on {day} ({_where(latest)}), but its record still "
            f"says {decision.status_text or 'nothing'}",
            file=decision.display,
            line=decision.line_of("status"),
            hint=f"`tda review apply {day}` records the meeting's outcomes in the decisions",
        )
    elif decision.status in ("accepted", "rejected") and decision.status != truth:
        yield diagnostic(
            codes.STATUS_CONTRADICTS_OUTCOME,
            f"{decision.id} says {decision.status}, but the latest quorate meeting to decide it "
            f"{outcome} it on {day} ({_where(latest)})",
            file=decision.display,
            line=decision.line_of("status"),
            hint=f"set status: {truth}, or take it to the forum again "
            f"(`tda review apply {day}` records that meeting's outcome)",
        )


def _status_commit(decision: Decision, meeting: Meeting, history: History) -> Iterator[Diagnostic]:
    change = history.of(decision.file).last_status_change
    if change is None or change.status != decision.status:
        return
    if change.commit.when.date() < meeting.date:
        yield diagnostic(
            codes.STATUS_BEFORE_MEETING,
            f"{decision.id} was set to {decision.status} in commit {change.commit.sha[:10]} on "
            f"{change.commit.when:%Y-%m-%d} by {change.commit.author}, before the meeting on "
            f"{meeting.date} that approved it",
            file=decision.display,
            line=decision.line_of("status"),
            hint="a status follows the review; it should change after the meeting",
        )


def _review_due(catalogue: Catalogue, decision: Decision, today: dt.date) -> Iterator[Diagnostic]:
    due = review_due(catalogue, decision) if decision.status == "accepted" else None
    if due is not None and due < today:
        yield diagnostic(
            codes.REVIEW_DUE,
            f"{decision.id} was due for review by {due}",
            file=decision.display,
            line=decision.line_of("review-by"),
            hint="`tda review agenda` lists it for re-review at the next meeting",
        )


def _principles(catalogue: Catalogue, decision: Decision) -> Iterator[Diagnostic]:
    governance = catalogue.governance
    assert governance is not None
    for principle_id in decision.principles:
        if governance.principle(principle_id) is None:
            known = ", ".join(p.id for p in governance.principles) or "none are defined"
            yield diagnostic(
                codes.INVALID_PRINCIPLE,
                f"{decision.id} cites principle {principle_id!r}, which is not in "
                f"principles.yaml (known: {known})",
                file=decision.display,
                line=decision.line_of("principles"),
            )


def _conditions(catalogue: Catalogue) -> Iterator[Diagnostic]:
    """A condition is confirmed after the meeting that set it, at a meeting that was held."""
    governance = catalogue.governance
    assert governance is not None
    held = {m.date for m in governance.meetings if is_forum_meeting(catalogue, m)}
    entries = condition_register(catalogue)
    for entry in entries:
        meeting, condition = entry.meeting, entry.condition
        line = meeting.line_of("items", entry.item_index, "conditions", entry.index)
        where = f"items[{entry.item_index}].conditions[{entry.index}]"
        if condition.confirmed is None:
            continue
        problem = None
        if condition.status == "open":
            problem = f"is confirmed on {condition.confirmed} but its status is still open"
        elif condition.confirmed <= meeting.date:
            problem = (
                f"is confirmed on {condition.confirmed}, not after the meeting that set it "
                f"({meeting.date})"
            )
        elif condition.confirmed not in held:
            problem = f"is confirmed on {condition.confirmed}, a day with no meeting on record"
        if problem:
            yield diagnostic(
                codes.CONDITION_CONFIRMATION_MISFIT,
                f"{where} ({entry.decision}) {problem}",
                file=meeting.display,
                line=line,
                hint="a later meeting confirms a condition by naming it under an item's `confirms`",
            )
    for meeting in governance.meetings:
        for index, item in enumerate(meeting.record.items):
            for number, name in enumerate(item.confirms):
                if find_condition(entries, item.decision, name, before=meeting.date):
                    continue
                yield diagnostic(
                    codes.CONDITION_CONFIRMATION_MISFIT,
                    f"items[{index}].confirms[{number}]: {name!r} is not a condition set on "
                    f"{normalise_id(item.decision)} at an earlier meeting",
                    file=meeting.display,
                    line=meeting.line_of("items", index, "confirms", number),
                    hint="name the condition by its id, its exact text, or its number",
                )
