"""Decision records: the native MADR 4 front matter as a pydantic model, and the read record."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

Status = Literal["draft", "proposed", "accepted", "rejected", "deprecated", "superseded"]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]

NATIVE_NAME = re.compile(r"^(\d{4})-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")
ID_PATTERN = re.compile(r"^ADR-(\d+)$", re.IGNORECASE)


def format_id(number: int) -> str:
    return f"ADR-{number:04d}"


# Called for every reference to a decision on every page of a large site: the answers repeat.
@functools.lru_cache(maxsize=1 << 16)
def normalise_id(text: str) -> str:
    """`ADR-7`, `adr-0007` and `7` all name ADR-0007; anything else is kept as written."""
    text = text.strip()
    match = ID_PATTERN.match(text)
    if match:
        return format_id(int(match.group(1)))
    if text.isdigit():
        return format_id(int(text))
    return text


# --- dates ---------------------------------------------------------------------------------

_MONTHS = {
    name: index
    for index, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}


def parse_loose_date(text: Any) -> dt.date | None:
    """ISO dates, DD/MM/YYYY, and written dates such as "30th March 2021"; None for anything
    else, including impossible dates (2025-13-45) and US order (05/16/2025)."""
    if isinstance(text, dt.date):
        return text
    if not isinstance(text, str):
        return None
    value = text.strip().strip("*_ ")
    try:
        if re.match(r"^\d{4}-\d{2}-\d{2}(?:$|[T ])", value):
            return dt.date.fromisoformat(value[:10])
        match = re.match(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$", value)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        match = re.match(
            r"^(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]+)\.?,?\s+(\d{4})", value
        )
        if match and match.group(2).lower() in _MONTHS:
            return dt.date(
                int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1))
            )
        match = re.match(r"^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", value)
        if match and match.group(1).lower() in _MONTHS:
            return dt.date(
                int(match.group(3)), _MONTHS[match.group(1).lower()], int(match.group(2))
            )
    except ValueError:
        return None
    return None


def _a_date(value: Any) -> Any:
    """Front-matter dates: YAML dates, or text that is plainly one; anything else is refused
    with the reason, never read as no date."""
    if value is None or isinstance(value, dt.date):
        return value
    found = parse_loose_date(value)
    if found is None:
        raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD")
    return found


LooseDate = Annotated[dt.date | None, BeforeValidator(_a_date)]


def _as_list(value: Any) -> Any:
    """MADR allows `decision-makers: "@a, @b"`; a single string becomes a one-item list."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


StrList = Annotated[list[str], BeforeValidator(_as_list)]


Ring = Literal["adopt", "trial", "assess", "hold"]
RINGS: tuple[str, ...] = Ring.__args__  # type: ignore[attr-defined]
Quadrant = Literal["techniques", "tools", "platforms", "languages-and-frameworks"]
QUADRANTS: tuple[str, ...] = Quadrant.__args__  # type: ignore[attr-defined]


class Technology(BaseModel):
    """A technology a decision places on the radar."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, description="e.g. DynamoDB, .NET, Elasticsearch")
    ring: Ring
    quadrant: Quadrant


class FrontMatter(BaseModel):
    """The front matter `tda` writes: MADR 4's fields plus the catalogue and review links."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    # Any text is read; one of STATUSES is expected, anything else is a warning, not a loss.
    status: str | None = Field(None, examples=list(STATUSES))
    date: LooseDate = None
    decision_makers: StrList = Field(default_factory=list, alias="decision-makers")
    consulted: StrList = Field(default_factory=list)
    informed: StrList = Field(default_factory=list)
    entities: StrList = Field(
        default_factory=list, description="entity references this decision binds"
    )
    supersedes: StrList = Field(default_factory=list, description="ids, e.g. ADR-0003")
    superseded_by: StrList = Field(default_factory=list, alias="superseded-by")
    review_by: LooseDate = Field(None, alias="review-by")
    tags: StrList = Field(default_factory=list)
    principles: StrList = Field(default_factory=list)
    conditions: StrList = Field(
        default_factory=list, description="conditions of its approval, as the meeting set them"
    )
    before_forum: bool = Field(
        False,
        alias="before-forum",
        description="decided before the forum existed, so no review of it is on record",
    )
    outcomes: StrList = Field(
        default_factory=list, description="outcomes it serves, e.g. system:single-view#call-time"
    )
    technologies: list[Technology] = Field(
        default_factory=list, description="technologies it places on the radar, with their rings"
    )
    radar: list[Technology] = Field(
        default_factory=list, description="another name for technologies, as some tools write it"
    )
    original_status: str | None = Field(
        None, alias="original-status", description="status text as first written, if it differed"
    )


@dataclass(frozen=True, slots=True)
class Link:
    """A typed link between records, as adr-tools writes them: `Amends [10. Title](0010-x.md)`."""

    label: str
    target: str
    line: int


@dataclass
class Decision:
    id: str
    number: int | None
    title: str
    status: str
    status_text: str
    file: Path
    display: str
    dialect: str
    body: str
    date: dt.date | None = None
    date_text: str | None = None
    entities: list[str] = field(default_factory=list)
    supersedes: list[str] = field(default_factory=list)
    superseded_by: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    decision_makers: list[str] = field(default_factory=list)
    consulted: list[str] = field(default_factory=list)
    informed: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    principles: list[str] = field(default_factory=list)
    review_by: dt.date | None = None
    front_matter: dict[str, Any] = field(default_factory=dict)
    # 1-based line of each metadata field, for findings that point at the right place.
    lines: dict[str, int] = field(default_factory=dict)
    title_line: int = 1

    @property
    def native(self) -> bool:
        return self.dialect == "madr"

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.title_line)


@dataclass(frozen=True, slots=True)
class Skipped:
    file: Path
    display: str
    reason: str
