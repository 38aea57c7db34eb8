"""Readers for every common ADR dialect, all producing the same Decision record.

Dialects: MADR 3/4 front matter (the native form), Docusaurus-style front matter (`number`,
`date-issued`), adr-tools / Nygard (`# N. Title`, `Date:`, a `## Status` section with link
lines), MADR 2 and log4brains bullet headers, bold header lines (`**Status:** ACCEPTED`), and
layouts that keep the status in a folder name (`<Area>/<Status>/<Title>.md`).
Nothing is dropped: a file is a decision, or a Skipped with its reason.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tda import codes
from tda.decisions.model import (
    ID_PATTERN,
    Decision,
    Link,
    Skipped,
    format_id,
    parse_loose_date,
)
from tda.diagnostics import Diagnostic, diagnostic
from tda.yamlio import read_yaml_text, split_front_matter

# --- status --------------------------------------------------------------------------------

_STATUS_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("superseded", ("superseded", "superceded", "superseeded", "replaced")),
    ("deprecated", ("deprecated", "retired", "obsolete")),
    ("rejected", ("rejected", "refused", "declined")),
    ("accepted", ("accepted", "approved", "agreed", "adopted", "decided")),
    ("proposed", ("proposed", "pending", "open", "rfc", "review", "discussion")),
    ("draft", ("draft", "wip")),
)
# Statuses seen in the wild that have no exact counterpart, and the nearest known one.
_NEAREST: dict[str, str] = {
    "trial": "proposed",
    "experimental": "proposed",
    "provisional": "proposed",
    "deferred": "proposed",
    "last": "proposed",
    "withdrawn": "rejected",
    "abandoned": "rejected",
    "cancelled": "rejected",
    "canceled": "rejected",
    "implemented": "accepted",
    "active": "accepted",
    "final": "accepted",
    "done": "accepted",
}
# Nothing is accepted without a quorate review, so a record with no status awaits one.
NO_STATUS = "no status is recorded; it awaits review, as if proposed"
_MARKUP = re.compile(r"[*_`\[\]]")


@dataclass(frozen=True, slots=True)
class StatusReading:
    status: str
    known: bool
    reason: str | None = None


def normalise_status(text: str | None) -> StatusReading:
    """Map free status text to the six statuses; `known` is False when it had to guess."""
    if text is None or not text.strip():
        return StatusReading("proposed", False, NO_STATUS)
    if "|" in text or text.strip().startswith(("{", "<")):
        return StatusReading("draft", False, "the status is still the template's placeholder")
    clean = _MARKUP.sub(" ", text).lower()
    words = re.findall(r"[a-z]+", clean)
    if not words:
        return StatusReading("proposed", False, NO_STATUS)
    for status, synonyms in _STATUS_WORDS:
        if words[0] in synonyms:
            return StatusReading(status, True)
    for word in words:
        if word in _NEAREST:
            return StatusReading(_NEAREST[word], False, f"read as {_NEAREST[word]}")
        for status, synonyms in _STATUS_WORDS:
            if word in synonyms:
                return StatusReading(status, False, f"read as {status}")
    return StatusReading("proposed", False, "not a known status; read as proposed")


# --- skipping ------------------------------------------------------------------------------

_SKIP_NAMES = {
    "readme.md": "a README, not a decision",
    "toc.md": "a table of contents, not a decision",
}
_PLACEHOLDER_TITLE = re.compile(
    r"^\s*(\{.*\}|\[.*\]|<.*>|.*title here.*|.*short title of solved problem.*)\s*$", re.I
)


def skip_reason(path: Path) -> str | None:
    name = path.name.lower()
    if name in _SKIP_NAMES:
        return _SKIP_NAMES[name]
    stem = path.stem.lower()
    numbered = bool(_NUMBER_PREFIX.match(stem))
    if not numbered and (
        stem.startswith(("template", "adr-template")) or stem.endswith("-template")
    ):
        return "a template, not a decision"
    if any(part.lower() in ("templates", "template") for part in path.parent.parts[-1:]):
        return "in a templates folder"
    return None


# --- reading -------------------------------------------------------------------------------

_FIELD_LINE = re.compile(
    r"^(?:#{1,6}\s*)?(?:[*-]\s+)?(?:\*\*|__)?\s*"
    r"(status|date|deciders|decision-makers|decision makers|tags|technical story)"
    r"\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.*?)\s*$",
    re.IGNORECASE,
)
_LINK_LINE = re.compile(r"^\s*(?:[*-]\s+)?(.+?)\s+\[(.*?)\]\((.*?)\)\s*$")
_NYGARD_TITLE = re.compile(r"^(\d+)\.\s+(.*)$")
_NUMBER_PREFIX = re.compile(r"^(\d+)-")
_DATE_PREFIX = re.compile(r"^(?:19|20)\d{6}-")
FOLDER_STATUSES = {
    "draft",
    "drafts",
    "proposed",
    "proposals",
    "trial",
    "accepted",
    "approved",
    "refused",
    "rejected",
    "superseded",
    "deprecated",
}


@dataclass
class _Parts:
    front: dict[str, Any]
    front_lines: dict[str, int]
    front_end: int  # index into text where the front matter ends
    title: str | None
    title_line: int
    body: str
    header: list[tuple[int, str]]  # (line, text) between the title and the first H2
    lines: list[str]


def _split(text: str, display: str) -> tuple[_Parts, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    front: dict[str, Any] = {}
    front_lines: dict[str, int] = {}
    front_end = 0
    first_body_line = 1
    found = split_front_matter(text)
    if found is not None:
        front_text, front_end = found
        first_body_line = text.count("\n", 0, front_end) + 1
        parsed = read_yaml_text(front_text, display)
        for item in parsed.diagnostics:
            problems.append(
                diagnostic(
                    codes.DECISION_UNREADABLE,
                    f"front matter: {item.message}",
                    file=display,
                    line=(item.line or 0) + 1 if item.line else 1,
                    column=item.column,
                    hint="front matter is YAML between two --- lines",
                )
            )
        if parsed.documents and isinstance(parsed.documents[0].data, dict):
            doc = parsed.documents[0]
            front = doc.data
            front_lines = {key: doc.locate((key,), key=True)[0] + 1 for key in front}
    rest = text[front_end:]
    lines = rest.splitlines(keepends=True)
    title = None
    title_line = first_body_line
    body = rest
    header: list[tuple[int, str]] = []
    title_index = None
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("# ") or stripped == "#":
            title_index = index
        break
    if title_index is not None:
        title = lines[title_index].strip()[1:].strip()
        title_line = first_body_line + title_index
        body = "".join(lines[title_index + 1 :])
        start = title_index + 1
    else:
        start = 0
    for index in range(start, len(lines)):
        if lines[index].startswith("## "):
            break
        header.append((first_body_line + index, lines[index].rstrip("\r\n")))
    return _Parts(front, front_lines, front_end, title, title_line, body, header, lines), problems


def _header_fields(parts: _Parts) -> dict[str, tuple[str, int]]:
    fields: dict[str, tuple[str, int]] = {}
    for line_number, line in parts.header:
        match = _FIELD_LINE.match(line.strip())
        if match:
            key = match.group(1).lower().replace(" ", "-")
            fields.setdefault(key, (match.group(2), line_number))
    return fields


def _nygard_status(parts: _Parts, first_body_line: int) -> tuple[str | None, int, list[Link]]:
    """The `## Status` section: its first line is the status, link lines are typed links."""
    status: str | None = None
    status_line = 0
    links: list[Link] = []
    inside = False
    for index, raw in enumerate(parts.lines):
        line = raw.strip()
        if raw.startswith("## "):
            if inside:
                break
            inside = line[3:].strip().strip("*_").lower() == "status"
            continue
        if not inside or not line:
            continue
        link = _LINK_LINE.match(line)
        if status is None:
            status, status_line = line, first_body_line + index
        if link:
            links.append(
                Link(link.group(1).strip(), link.group(3).strip(), first_body_line + index)
            )
    return status, status_line, links


def _links_section(parts: _Parts, first_body_line: int) -> list[Link]:
    """log4brains and MADR 2 keep typed links as bullets under `## Links`."""
    links: list[Link] = []
    inside = False
    for index, raw in enumerate(parts.lines):
        if raw.startswith("## "):
            inside = raw[3:].strip().lower() == "links"
            continue
        if inside:
            link = _LINK_LINE.match(raw.strip())
            if link and raw.strip().startswith(("-", "*")):
                links.append(
                    Link(link.group(1).strip(), link.group(3).strip(), first_body_line + index)
                )
    return links


def _number_from(path: Path, front: dict[str, Any], title: str | None) -> int | None:
    if not _DATE_PREFIX.match(path.name):
        match = _NUMBER_PREFIX.match(path.name)
        if match:
            return int(match.group(1))
    raw = front.get("number")
    if isinstance(raw, int) or (isinstance(raw, str) and raw.strip().isdigit()):
        return int(raw)
    if title:
        match = _NYGARD_TITLE.match(title)
        if match:
            return int(match.group(1))
    return None


def _as_strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [str(item) for item in value if item is not None]
    return [str(value)]


def _folder_status(path: Path, root: Path) -> str | None:
    try:
        parts = path.parent.relative_to(root).parts
    except ValueError:
        parts = path.parent.parts
    for part in reversed(parts):
        if part.lower() in FOLDER_STATUSES:
            return part
    return None


def _superseded_targets(status_text: str) -> list[str]:
    """`superseded by ADR-0123` or `superseded by [x](0005-x.md)` inside a status."""
    targets = [m.group(1) for m in re.finditer(r"\]\(([^)]+)\)", status_text)]
    if not re.search(r"supers?[ce]+ded\s+by", status_text, re.I):
        return []
    targets += [m.group(0) for m in re.finditer(r"ADR-\d+", status_text, re.I)]
    return targets


def _supersedes_in_status(status_text: str) -> list[str]:
    match = re.search(r"supers?[ce]+des\s+(.*)$", status_text, re.I)
    if not match:
        return []
    return [m.group(0) for m in re.finditer(r"ADR-\d+", match.group(1), re.I)]


def decode_text(data: bytes) -> str:
    """A record's text: UTF-8 (a byte-order mark dropped) or UTF-16 with its mark.

    Line endings are kept as written, so an edit or an import can keep them.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    return data.decode("utf-8")


def read_text(path: Path) -> str:
    return decode_text(path.read_bytes())


def read_decision(
    path: Path, display: str, root: Path
) -> tuple[Decision | Skipped | None, list[Diagnostic]]:
    """Read one Markdown file under a decisions folder."""
    reason = skip_reason(path)
    if reason:
        return Skipped(path, display, reason), []
    try:
        text = read_text(path)
    except (OSError, UnicodeError) as error:
        message = error.strerror if isinstance(error, OSError) else "not UTF-8 or UTF-16"
        return Skipped(path, display, f"cannot be read: {message}"), [
            diagnostic(
                codes.DECISION_UNREADABLE,
                f"cannot read decision: {message}",
                file=display,
                hint="save the file as UTF-8",
            )
        ]
    return read_decision_text(text, path, display, root)


def read_decision_text(
    text: str, path: Path, display: str, root: Path
) -> tuple[Decision | Skipped, list[Diagnostic]]:
    """Read a decision from its text; path and root give the id and any folder status."""
    text = text.removeprefix("\ufeff")
    parts, problems = _split(text, display)
    if parts.title and _PLACEHOLDER_TITLE.match(parts.title):
        return Skipped(path, display, "a template (its title is a placeholder)"), problems
    if _is_minutes(parts.front):
        return Skipped(path, display, "the minutes of a meeting, not a decision"), problems
    first_body_line = text.count("\n", 0, parts.front_end) + 1
    source = _Source(path, display, root, parts, first_body_line)
    for reader in _READERS:
        found = reader(source)
        if found is not None:
            return _assemble(source, found), problems
    if not _looks_like_a_decision(source):
        reason = (
            "an index page, not a decision"
            if path.name.lower() in _INDEX_NAMES
            else "not a decision record (it has neither a status nor decision sections)"
        )
        return Skipped(path, display, reason), problems
    dialect = "log4brains" if not parts.front and _DATE_PREFIX.match(path.name) else "madr"
    return _assemble(source, _Status(dialect, "", None)), problems


# --- one reader per dialect -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Source:
    path: Path
    display: str
    root: Path
    parts: _Parts
    first_line: int


@dataclass(frozen=True, slots=True)
class _Status:
    """Where a dialect keeps the status: its name, the status text, and that text's line."""

    dialect: str
    text: str
    line: int | None


def _front_matter_status(source: _Source) -> _Status | None:
    """MADR 3/4 and Docusaurus: `status:` in the front matter."""
    front = source.parts.front
    if "status" not in front:
        return None
    dialect = "docusaurus" if ("date-issued" in front or "number" in front) else "madr"
    text = "" if front["status"] is None else str(front["status"])
    return _Status(dialect, text, source.parts.front_lines["status"])


def _folder_name_status(source: _Source) -> _Status | None:
    """`<Area>/<Status>/<Title>.md`: the status is the name of a folder."""
    status = _folder_status(source.path, source.root)
    if status is None:
        return None
    line = _header_fields(source.parts).get("status", ("", source.parts.title_line))[1]
    return _Status("status-folder", status, line)


def _nygard_section_status(source: _Source) -> _Status | None:
    """adr-tools / Nygard: the first line of a `## Status` section."""
    status, line, _ = _nygard_status(source.parts, source.first_line)
    return None if status is None else _Status("nygard", status, line)


def _header_line_status(source: _Source) -> _Status | None:
    """MADR 2 and log4brains bullets, or bold `**Status:**` lines, between title and sections."""
    header = _header_fields(source.parts)
    if "status" not in header:
        return None
    if _DATE_PREFIX.match(source.path.name):
        dialect = "log4brains"
    elif any(line.lstrip().startswith(("* ", "- ")) for _, line in source.parts.header):
        dialect = "madr2"
    else:
        dialect = "bold-fields"
    text, line = header["status"]
    return _Status(dialect, text, line)


_READERS = (_front_matter_status, _folder_name_status, _nygard_section_status, _header_line_status)

_DECISION_SECTIONS = re.compile(
    r"^#{2,3}\s+(context|decision|decision outcome|decision drivers|considered options|"
    r"consequences|pros and cons of the options|status|rationale|problem statement|"
    r"context and problem statement)\b",
    re.IGNORECASE | re.MULTILINE,
)
_DECISION_KEYS = ("decision-makers", "deciders", "supersedes", "superseded-by", "entities")
_INDEX_NAMES = ("index.md", "_index.md")


def _is_minutes(front: dict[str, Any]) -> bool:
    """A TDA meeting record: a forum and who attended, or the items it took."""
    return "forum" in front and ("items" in front or "attendees" in front)


def _looks_like_a_decision(source: _Source) -> bool:
    """A record with no status still counts when it has decision sections or fields."""
    if any(key in source.parts.front for key in _DECISION_KEYS):
        return True
    return bool(_DECISION_SECTIONS.search("".join(source.parts.lines)))


def _title_and_number(source: _Source, lines: dict[str, int]) -> tuple[str, int | None]:
    parts, front, path = source.parts, source.parts.front, source.path
    title = parts.title
    if isinstance(front.get("title"), str) and front["title"].strip():
        title = front["title"].strip()
        lines["title"] = parts.front_lines.get("title", 1)
    number = _number_from(_named_path(path), front, parts.title)
    if title and parts.title == title:
        match = _NYGARD_TITLE.match(title)
        if match:
            title = match.group(2).strip()
    named = _named_path(path)
    return title or named.stem.replace("-", " ").replace("_", " "), number


def _named_path(path: Path) -> Path:
    """One folder per decision (`0007-use-x/index.md`): the folder names the record."""
    if path.name.lower() in _INDEX_NAMES:
        return path.parent.with_suffix(".md")
    return path


def _date_of(
    parts: _Parts, header: dict[str, tuple[str, int]], lines: dict[str, int]
) -> tuple[Any, str | None]:
    """The date as written (front matter `date` or `date-issued`, or a header line)."""
    front = parts.front
    value: Any = front.get("date", front.get("date-issued"))
    text = None if value is None else str(value)
    if text is None and "date" in header:
        text, lines["date"] = header["date"]
    elif "date" in front or "date-issued" in front:
        lines["date"] = parts.front_lines.get("date", parts.front_lines.get("date-issued", 1))
    return (value if value is not None else text), text


def _supersession(
    front: dict[str, Any], status_text: str, links: list[Link]
) -> tuple[list[str], list[str]]:
    """Supersession from front matter, from the status text, and from typed link lines."""
    supersedes = _as_strings(front.get("supersedes")) + _supersedes_in_status(status_text)
    superseded_by = _as_strings(front.get("superseded-by")) + _superseded_targets(status_text)
    for link in links:
        label = link.label.lower()
        if re.match(r"^supers?[ce]+ded\s+by$", label):
            superseded_by.append(link.target)
        elif re.match(r"^supers?[ce]+des$", label):
            supersedes.append(link.target)
    return supersedes, superseded_by


def _assemble(source: _Source, found: _Status) -> Decision:
    parts, front, path = source.parts, source.parts.front, source.path
    header = _header_fields(parts)
    _, _, links = _nygard_status(parts, source.first_line)
    links += _links_section(parts, source.first_line)
    lines = dict(parts.front_lines)
    if found.line is not None:
        lines["status"] = found.line
    title, number = _title_and_number(source, lines)
    status_text = found.text

    date_value, date_text = _date_of(parts, header, lines)
    reading = normalise_status(status_text)
    relative = _relative_id(_named_path(path), source.root)
    decision_id = format_id(number) if number is not None else relative
    supersedes, superseded_by = _supersession(front, status_text, links)

    makers = front.get("decision-makers", front.get("deciders"))
    if makers is None and ("deciders" in header or "decision-makers" in header):
        makers = (header.get("deciders") or header.get("decision-makers") or ("", 0))[0]
    tags = front.get("tags") if "tags" in front else header.get("tags", ("", 0))[0]
    original = front.get("original-status")
    return Decision(
        id=decision_id,
        number=number,
        title=title,
        status=reading.status,
        status_text=str(original if original is not None else status_text),
        file=path,
        display=source.display,
        dialect=found.dialect,
        body=parts.body,
        date=parse_loose_date(date_value),
        date_text=date_text,
        entities=_as_strings(front.get("entities")),
        supersedes=_dedupe(supersedes),
        superseded_by=_dedupe(superseded_by),
        links=links,
        decision_makers=_as_strings(makers),
        consulted=_as_strings(front.get("consulted")),
        informed=_as_strings(front.get("informed")),
        tags=_split_tags(tags),
        principles=_as_strings(front.get("principles")),
        review_by=parse_loose_date(front.get("review-by")),
        front_matter=front,
        lines=lines,
        title_line=parts.title_line,
    )


def _split_tags(tags: Any) -> list[str]:
    """log4brains separates tags with spaces or commas; front matter uses a list."""
    if isinstance(tags, str):
        return [tag for tag in re.split(r"[\s,]+", tags) if tag]
    return _as_strings(tags)


def _dedupe(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


def _relative_id(path: Path, root: Path) -> str:
    try:
        relative = path.relative_to(root)
    except ValueError:
        relative = Path(path.name)
    return relative.with_suffix("").as_posix()


def is_id(text: str) -> bool:
    return bool(ID_PATTERN.match(text))
