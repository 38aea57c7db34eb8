"""The Technical Design Authority's records: meetings, their items and actions, principles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

Outcome = Literal["approved", "approved-with-conditions", "rejected", "deferred", "noted"]
# Which decision status each outcome allows a decision to claim.
OUTCOME_STATUS: dict[str, str] = {
    "approved": "accepted",
    "approved-with-conditions": "accepted",
    "rejected": "rejected",
}


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str | dict) else value


def _names(value: Any) -> Any:
    """`confirms: 1`, `confirms: [TDA-C002, 2]`: ids, texts or numbers, all read as text."""
    if isinstance(value, str | int) and not isinstance(value, bool):
        value = [value]
    if isinstance(value, list):
        return [str(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in value]
    return value


def _condition(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Votes(_Record):
    for_: int = Field(0, alias="for", ge=0)
    against: int = Field(0, ge=0)
    abstain: int = Field(0, ge=0)

    @property
    def total(self) -> int:
        return self.for_ + self.against + self.abstain


class Condition(_Record):
    """A condition of an approval; `met` once a later meeting confirmed it.

    A later meeting confirms it by naming it (its id, or its text) under an item's `confirms`,
    so approved minutes never need editing; `status` and `confirmed` here are the older way.
    """

    id: str | None = Field(
        None, pattern=r"^[A-Za-z][A-Za-z0-9]*-C\d+$", description="e.g. TDA-C004"
    )
    text: str = Field(min_length=1)
    status: Literal["open", "met", "dropped"] = "open"
    confirmed: dt.date | None = Field(None, description="date of the meeting that confirmed it")


class Item(_Record):
    decision: str = Field(min_length=1, description="a decision id, e.g. ADR-0012")
    for_: Literal["decision", "information"] = Field("decision", alias="for")
    outcome: Outcome | None = Field(None, description="empty until the meeting has decided")
    conditions: list[Annotated[Condition, BeforeValidator(_condition)]] = Field(
        default_factory=list
    )
    votes: Votes | None = None
    dissent: Annotated[list[str], BeforeValidator(_one_or_many)] = Field(default_factory=list)
    notes: str | None = None
    confirms: Annotated[list[str], BeforeValidator(_names)] = Field(
        default_factory=list,
        description="conditions set earlier on this decision that this meeting confirms as met, "
        "by id or by their text",
    )


class Action(_Record):
    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9]*-A\d+$", description="e.g. TDA-A012")
    owner: str = Field(min_length=1, description="a user reference")
    due: dt.date | None = None
    status: Literal["open", "done", "dropped"] = "open"
    text: str = Field(min_length=1)
    decision: str | None = Field(None, description="the decision it follows from, if any")


class MeetingRecord(_Record):
    """Front matter of decisions/reviews/YYYY-MM-DD-slug.md."""

    date: dt.date
    forum: str = Field(min_length=1, description="the group that met, e.g. group:tda")
    title: str | None = None
    chair: str | None = None
    attendees: list[str] = Field(default_factory=list)
    apologies: list[str] = Field(default_factory=list)
    members: list[str] | None = Field(
        None,
        description="the forum's members on the day, when they differ from the catalogue's; "
        "quorum is judged against them",
    )
    items: list[Item] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)


class Principle(_Record):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$")
    title: str = Field(min_length=1)
    statement: str = Field(min_length=1)


@dataclass
class Meeting:
    record: MeetingRecord
    file: Path
    display: str
    minutes: str
    # (path in the front matter) -> line, for located findings
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict)

    @property
    def date(self) -> dt.date:
        return self.record.date

    @property
    def slug(self) -> str:
        return self.file.stem

    def line_of(self, *path: Any) -> int:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1
