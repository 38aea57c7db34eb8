"""A meeting's minutes as a document to circulate: Markdown, or Word (which councils circulate).

One description of the document (`minutes_of`) feeds both formats, so they say the same.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from tda.catalogue import Catalogue
from tda.errors import UsageError
from tda.governance.model import Meeting
from tda.queries.reviews import attendance, is_forum_meeting


@dataclass
class ItemMinute:
    heading: str
    facts: list[str] = field(default_factory=list)


@dataclass
class Minutes:
    title: str
    facts: list[tuple[str, str]]
    items: list[ItemMinute]
    actions: list[tuple[str, str, str, str, str]]  # id, owner, due, status, text
    body: str  # the free minutes, as the secretary wrote them


def _name(catalogue: Catalogue, text: str) -> str:
    entity = catalogue.get(text, default_kind="user")
    if entity is None:
        return text
    profile = entity.spec.get("profile") if isinstance(entity.spec.get("profile"), dict) else {}
    name = profile.get("displayName") or entity.metadata.get("title")
    return str(name) if name else entity.ref.name


def _people(catalogue: Catalogue, texts: list[str]) -> str:
    return ", ".join(_name(catalogue, t) for t in texts) or "none"


def find_meeting(catalogue: Catalogue, day: dt.date) -> Meeting:
    meetings = catalogue.governance.meetings if catalogue.governance else []
    found = [m for m in meetings if m.date == day]
    if not found:
        raise UsageError(
            f"no meeting is recorded on {day} in {catalogue.config.decisions}/reviews/"
        )
    forum = [m for m in found if is_forum_meeting(catalogue, m)]
    return (forum or found)[0]


def minutes_of(catalogue: Catalogue, meeting: Meeting) -> Minutes:
    record = meeting.record
    seen = attendance(catalogue, meeting)
    quorum = ("Quorate: " if seen.quorate else "Not quorate: ") + seen.describe()
    facts = [
        ("Date", f"{record.date:%-d %B %Y}"),
        ("Forum", _name(catalogue, record.forum)),
        ("Chair", _name(catalogue, record.chair) if record.chair else "not recorded"),
        ("Present", _people(catalogue, record.attendees)),
        ("Apologies", _people(catalogue, record.apologies)),
        ("Quorum", quorum),
    ]
    items = []
    log = catalogue.decisions
    for item in record.items:
        decision = log.get(item.decision) if log else None
        heading = f"{item.decision} {decision.title}" if decision else item.decision
        minute = ItemMinute(heading)
        outcome = (item.outcome or "no outcome recorded").replace("-", " ")
        minute.facts.append(f"For {item.for_}: {outcome}.")
        if item.votes:
            v = item.votes
            minute.facts.append(f"Votes: {v.for_} for, {v.against} against, {v.abstain} abstain.")
        for condition in item.conditions:
            label = f" {condition.id}" if condition.id else ""
            minute.facts.append(f"Condition{label}: {condition.text}")
        for name in item.confirms:
            minute.facts.append(f"Confirmed as met: {name}")
        for dissent in item.dissent:
            minute.facts.append(f"Dissent: {dissent}")
        if item.notes:
            minute.facts.append(f"Notes: {item.notes}")
        items.append(minute)
    actions = [
        (
            a.id,
            _name(catalogue, a.owner),
            a.due.isoformat() if a.due else "-",
            a.status,
            a.text + (f" ({a.decision})" if a.decision else ""),
        )
        for a in record.actions
    ]
    title = f"{record.title or _name(catalogue, record.forum)}: minutes of {record.date:%-d %B %Y}"
    return Minutes(title, facts, items, actions, _without_title(meeting.minutes))


def _without_title(body: str) -> str:
    """The free minutes, less a first `# ` heading that repeats the document's title."""
    text = body.replace("\r\n", "\n").strip("\n")
    lines = text.split("\n")
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join(lines).strip("\n")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(minutes: Minutes) -> str:
    lines = [f"# {minutes.title}", ""]
    lines += [f"**{label}:** {value}  " for label, value in minutes.facts]
    lines += ["", "## Items", ""]
    for item in minutes.items:
        lines += [f"### {item.heading}", ""]
        lines += [f"- {fact}" for fact in item.facts]
        lines.append("")
    if not minutes.items:
        lines += ["None.", ""]
    lines += ["## Actions", ""]
    if minutes.actions:
        lines += ["| Action | Owner | Due | Status | What |", "| --- | --- | --- | --- | --- |"]
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in minutes.actions]
    else:
        lines.append("None.")
    if minutes.body:
        lines += ["", "## Minutes", "", minutes.body]
    return "\n".join(lines).rstrip() + "\n"


_ACTION_COLUMNS = ("Action", "Owner", "Due", "Status", "What")
_INLINE = re.compile(r"\*\*(.+?)\*\*|`(.+?)`")


def render_docx(minutes: Minutes) -> bytes:
    """The same document as Word: headings, a facts table, items, an actions table, minutes."""
    import docx

    document = docx.Document()
    document.core_properties.title = minutes.title
    document.add_heading(minutes.title, level=0)
    facts = document.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for label, value in minutes.facts:
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = label, value
        for run in cells[0].paragraphs[0].runs:
            run.bold = True
    document.add_heading("Items", level=1)
    for item in minutes.items:
        document.add_heading(item.heading, level=2)
        for fact in item.facts:
            document.add_paragraph(fact, style="List Bullet")
    if not minutes.items:
        document.add_paragraph("None.")
    document.add_heading("Actions", level=1)
    if minutes.actions:
        table = document.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, _ACTION_COLUMNS, strict=True):
            cell.text = text
        for row in minutes.actions:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = text
    else:
        document.add_paragraph("None.")
    if minutes.body:
        document.add_heading("Minutes", level=1)
        _add_markdown(document, minutes.body)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add_markdown(document, body: str) -> None:  # type: ignore[no-untyped-def]
    """Headings, bullets and paragraphs of the free minutes; other Markdown as plain text."""
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            _add_runs(document.add_paragraph(), " ".join(paragraph))
            paragraph.clear()

    for raw in body.split("\n"):
        line = raw.strip()
        heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        bullet = re.match(r"^[-*]\s+(.*)$", line)
        if not line:
            flush()
        elif heading:
            flush()
            document.add_heading(heading.group(2), level=min(len(heading.group(1)) + 1, 9))
        elif bullet:
            flush()
            _add_runs(document.add_paragraph(style="List Bullet"), bullet.group(1))
        else:
            paragraph.append(line)
    flush()


def _add_runs(paragraph, text: str) -> None:  # type: ignore[no-untyped-def]
    position = 0
    for match in _INLINE.finditer(text):
        paragraph.add_run(text[position : match.start()])
        run = paragraph.add_run(match.group(1) or match.group(2))
        run.bold = match.group(1) is not None
        position = match.end()
    paragraph.add_run(text[position:])


def write_minutes(
    catalogue: Catalogue, day: dt.date, output_format: str, output: Path | None
) -> Path | str:
    """Markdown text (or a file when output is given), or a Word file; never replaces a file."""
    minutes = minutes_of(catalogue, find_meeting(catalogue, day))
    if output_format == "markdown":
        text = render_markdown(minutes)
        if output is None:
            return text
        _create(output, text.encode("utf-8"))
        return output
    target = output or Path(f"{day.isoformat()}-minutes.docx")
    _create(target, render_docx(minutes))
    return target


def _create(path: Path, data: bytes) -> None:
    import os

    try:
        with os.fdopen(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644), "wb") as out:
            out.write(data)
    except FileExistsError:
        raise UsageError(f"{path} already exists; choose another --output") from None
