"""Reading the TDA's meeting records and principles."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tda import codes
from tda.decisions.dialects import read_text
from tda.decisions.model import normalise_id
from tda.diagnostics import Diagnostic, diagnostic
from tda.governance.model import Meeting, MeetingRecord, Principle
from tda.yamlio import YamlDocument, read_yaml_file, read_yaml_text, split_front_matter

MEETING_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")
PRINCIPLES_FILE = "principles.yaml"


@dataclass
class Governance:
    meetings: list[Meeting] = field(default_factory=list)
    principles: list[Principle] = field(default_factory=list)
    principle_lines: dict[str, int] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _items_by_decision: dict[str, list[tuple[Meeting, int]]] | None = field(
        default=None, init=False, repr=False
    )

    def principle(self, principle_id: str) -> Principle | None:
        return next((p for p in self.principles if p.id == principle_id), None)

    def items_about(self, decision_id: str) -> list[tuple[Meeting, int]]:
        """Every (meeting, item index) about a decision, in meeting order.

        Indexed once, so that asking for each of thousands of decisions stays linear.
        """
        if self._items_by_decision is None:
            index: dict[str, list[tuple[Meeting, int]]] = {}
            for meeting in self.meetings:
                for number, item in enumerate(meeting.record.items):
                    if item.decision:
                        index.setdefault(normalise_id(item.decision), []).append((meeting, number))
            self._items_by_decision = index
        return self._items_by_decision.get(normalise_id(decision_id), [])


def _lines(doc: YamlDocument, offset: int) -> dict[tuple[Any, ...], int]:
    return {path: line + offset for path, line in doc.lines_by_path().items()}


def _located_errors(
    error: ValidationError, code: str, display: str, lines: dict[tuple[Any, ...], int], what: str
) -> list[Diagnostic]:
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(
            part
            for part in item["loc"]
            if not (isinstance(part, str) and part.startswith("function"))
        )
        path = tuple("for" if part == "for_" else part for part in loc)
        line = 1
        probe = path
        while probe:
            if probe in lines:
                line = lines[probe]
                break
            probe = probe[:-1]
        where = ".".join(str(p) for p in path) or "front matter"
        message = str(item["msg"]).removeprefix("Value error, ")
        if item["type"] == "missing":
            message = "is required"
        elif item["type"] == "extra_forbidden":
            message = "is not a field of a " + what
        problems.append(diagnostic(code, f"{where}: {message}", file=display, line=line))
    return problems


def read_meeting(path: Path, display: str) -> tuple[Meeting | None, list[Diagnostic]]:
    try:
        text = read_text(path)  # UTF-8 with or without a byte-order mark, or UTF-16
    except (OSError, UnicodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 or UTF-16"
        return None, [
            diagnostic(codes.INVALID_MEETING, f"cannot read meeting record: {reason}", file=display)
        ]
    found = split_front_matter(text)
    if found is None:
        return None, [
            diagnostic(
                codes.INVALID_MEETING,
                "a meeting record starts with front matter (date, forum, attendees, items)",
                file=display,
                line=1,
                hint="see `tda review new`, which writes one for you",
            )
        ]
    front_text, body_start = found
    parsed = read_yaml_text(front_text, display)
    if parsed.diagnostics:
        return None, [
            diagnostic(
                codes.INVALID_MEETING,
                f"front matter: {d.message}",
                file=display,
                line=(d.line or 0) + 1,
            )
            for d in parsed.diagnostics
        ]
    doc = parsed.documents[0] if parsed.documents else None
    data = doc.data if doc is not None else None
    lines = _lines(doc, 1) if doc is not None and isinstance(data, dict) else {}
    try:
        record = MeetingRecord.model_validate(data if isinstance(data, dict) else {})
    except ValidationError as error:
        return None, _located_errors(error, codes.INVALID_MEETING, display, lines, "meeting record")
    meeting = Meeting(record, path, display, text[body_start:], lines)
    return meeting, _name_problems(meeting)


def _name_problems(meeting: Meeting) -> list[Diagnostic]:
    name = MEETING_NAME.match(meeting.file.name)
    if name is None:
        return [
            diagnostic(
                codes.INVALID_MEETING,
                f"{meeting.file.name} is not named YYYY-MM-DD-slug.md",
                file=meeting.display,
                line=1,
            )
        ]
    if name.group(1) != meeting.date.isoformat():
        return [
            diagnostic(
                codes.INVALID_MEETING,
                f"the file name says {name.group(1)} but the record's date is {meeting.date}",
                file=meeting.display,
                line=meeting.line_of("date"),
            )
        ]
    return []


def read_principles(
    path: Path, display: str
) -> tuple[list[Principle], dict[str, int], list[Diagnostic]]:
    if not path.is_file():
        return [], {}, []
    parsed = read_yaml_file(path, display)
    if parsed.diagnostics:
        return (
            [],
            {},
            [
                diagnostic(
                    codes.INVALID_PRINCIPLE, d.message, file=display, line=d.line, column=d.column
                )
                for d in parsed.diagnostics
            ],
        )
    doc = parsed.documents[0] if parsed.documents else None
    data = doc.data if doc is not None else []
    if not isinstance(data, list):
        return (
            [],
            {},
            [
                diagnostic(
                    codes.INVALID_PRINCIPLE,
                    "principles.yaml must be a list of {id, title, statement}",
                    file=display,
                    line=1,
                )
            ],
        )
    principles, lines, problems = [], {}, []
    for index, entry in enumerate(data):
        line = doc.locate((index,))[0] if doc else 1
        try:
            principle = Principle.model_validate(entry)
        except ValidationError as error:
            entry_lines = {(index,): line}
            problems += _located_errors(
                error, codes.INVALID_PRINCIPLE, display, entry_lines, "principle"
            )
            continue
        if principle.id in lines:
            problems.append(
                diagnostic(
                    codes.INVALID_PRINCIPLE,
                    f"principle {principle.id} is defined twice",
                    file=display,
                    line=line,
                )
            )
            continue
        principles.append(principle)
        lines[principle.id] = line
    return principles, lines, problems


def load_governance(decisions_folder: Path, display_of: Callable[[Path], str] = str) -> Governance:
    governance = Governance()
    reviews = decisions_folder / "reviews"
    for path in sorted(reviews.glob("*.md")) if reviews.is_dir() else []:
        if path.name.lower() in ("readme.md", "index.md"):
            continue
        meeting, problems = read_meeting(path, display_of(path))
        governance.diagnostics += problems
        if meeting is not None:
            governance.meetings.append(meeting)
    governance.meetings.sort(key=lambda m: (m.date, m.file.name))
    principles_file = decisions_folder / PRINCIPLES_FILE
    principles, lines, problems = read_principles(principles_file, display_of(principles_file))
    governance.principles, governance.principle_lines = principles, lines
    governance.diagnostics += problems
    return governance
