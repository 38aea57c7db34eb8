"""Who reviewed a decision, at which meeting, and whether that meeting was quorate."""

from __future__ import annotations

from dataclasses import dataclass

from tda.catalog.refs import EntityRef, try_parse_ref
from tda.catalogue import Catalogue
from tda.decisions.model import Decision, normalise_id
from tda.governance.model import OUTCOME_STATUS, Item, Meeting


@dataclass(frozen=True, slots=True)
class Review:
    """One item about a decision, at one meeting."""

    meeting: Meeting
    item: Item
    index: int


@dataclass(frozen=True, slots=True)
class Attendance:
    present: int
    members: int
    quorum: int

    @property
    def quorate(self) -> bool:
        return self.present >= self.quorum

    def describe(self) -> str:
        return f"{self.present} of {self.members} members attended; the quorum is {self.quorum}"


def reviews_of(catalogue: Catalogue, decision_id: str) -> list[Review]:
    wanted = normalise_id(decision_id)
    found = []
    for meeting in catalogue.governance.meetings if catalogue.governance else []:
        for index, item in enumerate(meeting.record.items):
            if item.decision and normalise_id(item.decision) == wanted:
                found.append(Review(meeting, item, index))
    return found


def forum_ref(catalogue: Catalogue) -> EntityRef | None:
    return try_parse_ref(catalogue.config.forum, default_kind="group")


def forum_members(catalogue: Catalogue) -> set[EntityRef]:
    forum = forum_ref(catalogue)
    return set(catalogue.graph.related(forum, "hasMember")) if forum else set()


def attendance(catalogue: Catalogue, meeting: Meeting) -> Attendance:
    members = forum_members(catalogue)
    present = {
        ref
        for ref in (try_parse_ref(a, default_kind="user") for a in meeting.record.attendees)
        if ref is not None
    }
    return Attendance(
        len(present & members), len(members), catalogue.config.quorum_for(len(members))
    )


def is_forum_meeting(catalogue: Catalogue, meeting: Meeting) -> bool:
    return try_parse_ref(meeting.record.forum, default_kind="group") == forum_ref(catalogue)


def approvals(catalogue: Catalogue, decision: Decision) -> list[tuple[Review, Attendance]]:
    """Items at forum meetings whose outcome allows the decision's status."""
    found = []
    for review in reviews_of(catalogue, decision.id):
        item = review.item
        if item.for_ != "decision" or OUTCOME_STATUS.get(item.outcome or "") != decision.status:
            continue
        if is_forum_meeting(catalogue, review.meeting):
            found.append((review, attendance(catalogue, review.meeting)))
    return found
