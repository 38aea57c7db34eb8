"""Who reviewed a decision, at which meeting, whether that meeting was quorate (against the
forum's membership on its date), what the latest quorate outcome was, and every condition set.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tda.catalog.refs import EntityRef, try_parse_ref
from tda.catalogue import Catalogue
from tda.decisions.history import files_as_of
from tda.decisions.model import Decision, normalise_id
from tda.governance.model import OUTCOME_STATUS, Condition, Item, Meeting
from tda.yamlio import read_yaml_text

# Outcomes that settle a decision's status; deferred and noted leave it as it was.
SETTLING = frozenset(OUTCOME_STATUS)
TODAY = "the catalogue today"


@dataclass(frozen=True, slots=True)
class Review:
    """One item about a decision, at one meeting."""

    meeting: Meeting
    item: Item
    index: int


@dataclass(frozen=True, slots=True)
class Membership:
    members: frozenset[EntityRef]
    source: str  # where the list came from, said in findings


@dataclass(frozen=True, slots=True)
class Attendance:
    present: int
    members: int
    quorum: int
    source: str = TODAY

    @property
    def quorate(self) -> bool:
        return self.present >= self.quorum

    def describe(self) -> str:
        text = f"{self.present} of {self.members} members attended; the quorum is {self.quorum}"
        return text if self.source == TODAY else f"{text} (members per {self.source})"


def reviews_of(catalogue: Catalogue, decision_id: str) -> list[Review]:
    if catalogue.governance is None:
        return []
    return [
        Review(meeting, meeting.record.items[index], index)
        for meeting, index in catalogue.governance.items_about(decision_id)
    ]


def forum_ref(catalogue: Catalogue) -> EntityRef | None:
    return try_parse_ref(catalogue.config.forum, default_kind="group")


def forum_members(catalogue: Catalogue) -> set[EntityRef]:
    forum = forum_ref(catalogue)
    return set(catalogue.graph.related(forum, "hasMember")) if forum else set()


def _people(texts: list[str] | None) -> list[EntityRef]:
    refs = (try_parse_ref(text, default_kind="user") for text in texts or [])
    return [ref for ref in refs if ref is not None]


def members_on(catalogue: Catalogue, meeting: Meeting) -> Membership:
    """The forum's members on the meeting's day.

    The list the record carries comes first; else the people and groups descriptors as
    committed by that day; else today's catalogue (no history, or nothing that old).
    """
    if meeting.record.members is not None:
        return Membership(frozenset(_people(meeting.record.members)), "the meeting record")
    # Read from git once for all of a catalogue's meetings.
    known = catalogue.derived.get("memberships")
    if known is None:
        known = catalogue.derived["memberships"] = _committed_memberships(catalogue)
    if meeting.date in known:
        return known[meeting.date]
    return Membership(frozenset(forum_members(catalogue)), TODAY)


def _committed_memberships(catalogue: Catalogue) -> dict[dt.date, Membership]:
    forum = forum_ref(catalogue)
    meetings = catalogue.governance.meetings if catalogue.governance else []
    days = {m.date for m in meetings if m.record.members is None}
    if forum is None or not days:
        return {}
    files = {
        _entity_path(entity.file)
        for entity in catalogue.entities.values()
        if entity.ref.kind in ("user", "group")
    }
    found: dict[dt.date, Membership] = {}
    # Each distinct version of a file is read once; one that never names the forum cannot
    # define it or its members, so it is not parsed at all.
    parsed: dict[str, tuple[bool, frozenset[EntityRef]]] = {}
    for day, texts in files_as_of(catalogue.root, days, files).items():
        members: set[EntityRef] = set()
        group_found = False
        for text in texts.values():
            if text not in parsed:
                parsed[text] = _forum_facts(text, forum)
            is_forum_file, its_members = parsed[text]
            group_found |= is_forum_file
            members |= its_members
        if group_found:
            found[day] = Membership(frozenset(members), f"the catalogue as committed by {day}")
    return found


def _forum_facts(text: str, forum: EntityRef) -> tuple[bool, frozenset[EntityRef]]:
    """Whether a file's text defines the forum group, and the forum members it names."""
    if forum.name not in text.lower():
        return False, frozenset()
    defines, members = False, set()
    for document in _documents(text):
        defines |= _is_group(document, forum)
        members |= _members_in(document, forum)
    return defines, frozenset(members)


def _entity_path(display: str) -> Path:
    path = Path(display)
    return path if path.is_absolute() else (Path.cwd() / path)


def _documents(text: str) -> list[dict[str, Any]]:
    """The mappings in an old version of a file; what cannot be read there is passed over,
    as it was reported (if at all) when that version was current."""
    read = read_yaml_text(text, "<history>")
    return [document.data for document in read.documents if isinstance(document.data, dict)]


def _ref_of(document: dict[str, Any]) -> EntityRef | None:
    metadata = document.get("metadata")
    if not isinstance(metadata, dict) or not isinstance(document.get("kind"), str):
        return None
    namespace = metadata.get("namespace") or "default"
    return try_parse_ref(f"{document['kind']}:{namespace}/{metadata.get('name')}")


def _is_group(document: dict[str, Any], forum: EntityRef) -> bool:
    return _ref_of(document) == forum


def _members_in(document: dict[str, Any], forum: EntityRef) -> set[EntityRef]:
    spec = document.get("spec") if isinstance(document.get("spec"), dict) else {}
    ref = _ref_of(document)
    if ref == forum:
        return set(_people([str(m) for m in spec.get("members") or [] if m is not None]))
    if ref is not None and ref.kind == "user":
        groups = (try_parse_ref(str(g), default_kind="group") for g in spec.get("memberOf") or [])
        if forum in groups:
            return {ref}
    return set()


def attendance(catalogue: Catalogue, meeting: Meeting) -> Attendance:
    membership = members_on(catalogue, meeting)
    present = set(_people(meeting.record.attendees)) & membership.members
    members = len(membership.members)
    return Attendance(
        len(present), members, catalogue.config.quorum_for(members), membership.source
    )


def is_forum_meeting(catalogue: Catalogue, meeting: Meeting) -> bool:
    return try_parse_ref(meeting.record.forum, default_kind="group") == forum_ref(catalogue)


def outcomes(catalogue: Catalogue, decision_id: str) -> list[tuple[Review, Attendance]]:
    """Items for decision at forum meetings that settled it (approved or rejected), oldest first."""
    found = []
    for review in reviews_of(catalogue, decision_id):
        item = review.item
        if item.for_ != "decision" or item.outcome not in SETTLING:
            continue
        if is_forum_meeting(catalogue, review.meeting):
            found.append((review, attendance(catalogue, review.meeting)))
    return found


def latest_quorate_outcome(catalogue: Catalogue, decision_id: str) -> Review | None:
    """The truth about a decision: the outcome of the last quorate meeting that settled it."""
    quorate = [review for review, seen in outcomes(catalogue, decision_id) if seen.quorate]
    return quorate[-1] if quorate else None


def status_of(review: Review) -> str:
    return OUTCOME_STATUS[review.item.outcome or ""]


def approvals(catalogue: Catalogue, decision: Decision) -> list[tuple[Review, Attendance]]:
    """Items at forum meetings whose outcome allows the decision's status."""
    return [
        (review, seen)
        for review, seen in outcomes(catalogue, decision.id)
        if status_of(review) == decision.status
    ]


def review_due(catalogue: Catalogue, decision: Decision) -> dt.date | None:
    """When an accepted decision is next due for review: its review-by, moved on by a quorate
    re-approval (an approval at a meeting after the first one)."""
    from tda.decisions.store import months_later

    if decision.review_by is None:
        return None
    approved = [
        review
        for review, seen in outcomes(catalogue, decision.id)
        if seen.quorate and status_of(review) == "accepted"
    ]
    latest = latest_quorate_outcome(catalogue, decision.id)
    if len(approved) < 2 or latest is None or status_of(latest) != "accepted":
        return decision.review_by
    moved = months_later(latest.meeting.date, catalogue.config.review_period_months)
    return max(decision.review_by, moved)


# --- conditions ------------------------------------------------------------------------------


@dataclass
class ConditionEntry:
    """A condition set on a decision at a meeting, and the meeting that confirmed it, if any."""

    decision: str
    meeting: Meeting
    item_index: int
    index: int
    condition: Condition
    confirmed_at: Meeting | None = None
    confirmed_on: dt.date | None = None  # from a confirming meeting, or the older `confirmed:`
    confirmations: list[tuple[Meeting, int]] = field(default_factory=list)

    @property
    def state(self) -> str:
        if self.condition.status == "dropped":
            return "dropped"
        if self.confirmed_on is not None or self.condition.status == "met":
            return "met"
        return "open"

    @property
    def label(self) -> str:
        return self.condition.id or f"{self.decision} condition {self.index + 1}"


def condition_register(catalogue: Catalogue) -> list[ConditionEntry]:
    """Every condition set at a forum meeting, with the later meeting that confirmed it."""
    meetings = catalogue.governance.meetings if catalogue.governance else []
    entries: list[ConditionEntry] = []
    for meeting in meetings:
        for item_index, item in enumerate(meeting.record.items):
            if not item.decision:
                continue
            for index, condition in enumerate(item.conditions):
                entry = ConditionEntry(
                    normalise_id(item.decision), meeting, item_index, index, condition
                )
                entry.confirmed_on = condition.confirmed
                entries.append(entry)
    for meeting in meetings:
        for item_index, item in enumerate(meeting.record.items):
            for name in item.confirms if item.decision else []:
                entry = find_condition(entries, item.decision, name, before=meeting.date)
                if entry is None:
                    continue
                entry.confirmations.append((meeting, item_index))
                if entry.confirmed_at is None:
                    entry.confirmed_at, entry.confirmed_on = meeting, meeting.date
    return entries


def find_condition(
    entries: list[ConditionEntry], decision: str, name: str, before: dt.date
) -> ConditionEntry | None:
    """The condition on decision, set at a meeting before the date, that name means: its id,
    its text (case and spacing aside), or its number (1, 2 ...) among the decision's conditions."""
    wanted = " ".join(name.split()).lower()
    candidates = [
        e for e in entries if e.decision == normalise_id(decision) and e.meeting.date < before
    ]
    for entry in candidates:
        if (entry.condition.id or "").lower() == wanted:
            return entry
        if " ".join(entry.condition.text.split()).lower() == wanted:
            return entry
    if wanted.isdigit():
        numbered = [e for e in candidates]
        index = int(wanted) - 1
        if 0 <= index < len(numbered):
            return numbered[index]
    return None
