"""Writing decision records: new, supersede, renumber. Never overwrites what a user wrote.

Every write goes to a temporary file first and replaces the target in one step, and numbers
are taken under a lock on the decisions folder, so two commands run at once never get the
same number.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tda.decisions.load import DecisionLog
from tda.decisions.model import NATIVE_NAME, Decision, format_id, normalise_id
from tda.errors import StoreError
from tda.yamlio import split_front_matter, yaml_value

FIELD_ORDER = (
    "status",
    "date",
    "decision-makers",
    "consulted",
    "informed",
    "entities",
    "supersedes",
    "superseded-by",
    "review-by",
    "tags",
    "principles",
    "conditions",
    "original-status",
    "imported-from",
)

SECTIONS = """
## Context and Problem Statement

What is the problem, and why does it need a decision now?

## Considered Options

* Option 1
* Option 2

## Decision Outcome

Chosen option: "Option 1", because ...

### Consequences

* Good, because ...
* Bad, because ...
"""


def slugify(title: str, limit: int = 60) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    slug = slug[:limit].rstrip("-")
    return slug or "decision"


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the folder while numbers are read and files created."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        with _lock_file(folder):
            yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


@contextmanager
def _lock_file(folder: Path) -> Iterator[None]:  # pragma: no cover - Windows
    import time

    lock = folder / ".tda-lock"
    for _ in range(600):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            break
        except FileExistsError:
            time.sleep(0.05)
    else:
        raise StoreError(f"{lock} is held by another tda command")
    try:
        yield
    finally:
        os.close(fd)
        lock.unlink(missing_ok=True)


def used_numbers(folder: Path) -> set[int]:
    """Numbers taken anywhere below the folder (sub-folders, one folder per record), but not
    by meeting records, which are named by date."""
    numbers = set()
    reviews = folder / "reviews"
    for path in folder.rglob("*.md"):
        if path.is_relative_to(reviews):
            continue
        named = path.parent if path.name.lower() in ("index.md", "_index.md") else path
        match = re.match(r"^(\d+)-", named.name)
        if match and not re.match(r"^(?:19|20)\d{6}-|^\d{4}-\d{2}-\d{2}-", named.name):
            numbers.add(int(match.group(1)))
    return numbers


def front_matter_lines(fields: dict[str, Any]) -> list[str]:
    ordered = [key for key in FIELD_ORDER if key in fields]
    ordered += [key for key in fields if key not in ordered]
    return [f"{key}: {yaml_value(fields[key])}" for key in ordered]


def dump_front_matter(fields: dict[str, Any]) -> str:
    return "---\n" + "".join(f"{line}\n" for line in front_matter_lines(fields)) + "---\n"


def render(fields: dict[str, Any], title: str, body: str) -> str:
    return f"{dump_front_matter(fields)}# {title}\n{body}"


def write_new(path: Path, text: str) -> None:
    """Create path with text (UTF-8, line endings as given); never replaces an existing file."""
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY
    with os.fdopen(os.open(path, flags, 0o644), "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def read_record(path: Path) -> tuple[str, str]:
    """A record's text with its line endings as written, and the encoding to write it back in."""
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    return data.decode("utf-8"), "utf-8"


def replace_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Replace a file's content in one step, so a crash never leaves half a record.

    The text is written as given: no line ending is translated.
    """
    with tempfile.NamedTemporaryFile(
        "w",
        dir=path.parent,
        prefix=f".{path.name}.",
        delete=False,
        encoding=encoding,
        newline="",
    ) as handle:
        handle.write(text)
    try:
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def months_later(day: dt.date, months: int) -> dt.date:
    """The same day some months on, or the month's last day when it is shorter."""
    import calendar

    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@dataclass
class NewDecision:
    title: str
    status: str = "proposed"
    date: dt.date = field(default_factory=dt.date.today)
    entities: Sequence[str] = ()
    supersedes: Sequence[str] = ()
    decision_makers: Sequence[str] = ()
    review_by: dt.date | None = None
    tags: Sequence[str] = ()
    body: str | None = None  # Markdown after the title; MADR's sections when not given


PENDING = ("draft", "proposed")


def new_decision(log: DecisionLog, record: NewDecision) -> Path:
    """Write the next numbered record.

    A record that supersedes others names them at once; they are marked superseded only when
    it is accepted (here, when written as accepted; else when `tda review apply` records the
    meeting that accepted it), so a proposal never retires a decision in force.
    """
    folder = log.folder
    folder.mkdir(parents=True, exist_ok=True)
    old = [_native(log, text) for text in record.supersedes]
    fields: dict[str, Any] = {"status": record.status, "date": record.date}
    if record.decision_makers:
        fields["decision-makers"] = list(record.decision_makers)
    fields["entities"] = list(record.entities)
    if old:
        fields["supersedes"] = [d.id for d in old]
    if record.review_by:
        fields["review-by"] = record.review_by
    if record.tags:
        fields["tags"] = list(record.tags)
    with locked(folder):
        number = max(used_numbers(folder), default=0) + 1
        path = folder / f"{number:04d}-{slugify(record.title)}.md"
        write_new(path, render(fields, record.title, record.body or SECTIONS))
        if record.status not in PENDING:
            for decision in old:
                mark_superseded(decision.file, format_id(number))
    return path


def _native(log: DecisionLog, text: str) -> Decision:
    found = log.find(text)
    if not found:
        raise StoreError(f"{normalise_id(text)} is not a decision in {log.folder}")
    if len(found) > 1:
        files = ", ".join(d.display for d in found)
        raise StoreError(f"{found[0].id} names more than one file ({files}); renumber first")
    decision = found[0]
    if not decision.native:
        raise StoreError(
            f"{decision.id} ({decision.display}) is in the {decision.dialect} format; "
            "run `tda import adr` to convert it first"
        )
    return decision


def read_fresh(path: Path) -> Decision:
    """The record as it is on disk now: read inside the lock, so no concurrent edit is lost."""
    from tda.decisions.dialects import read_decision_text

    found, _ = read_decision_text(read_record(path)[0], path, str(path), path.parent)
    if not isinstance(found, Decision):
        raise StoreError(f"{path} is no longer a decision record")
    return found


def edit_front_matter(path: Path, changes: dict[str, Any]) -> bool:
    """Apply changes to a record's front matter in place; False when nothing changed."""
    text, encoding = read_record(path)
    updated = update_front_matter(text, changes)
    if updated == text:
        return False
    replace_text(path, updated, encoding)
    return True


def superseded_changes(old: Decision, new_id: str) -> dict[str, Any]:
    """The front matter that records old as superseded by new_id (nothing when it already is)."""
    later = old.superseded_by if new_id in old.superseded_by else [*old.superseded_by, new_id]
    changes: dict[str, Any] = {}
    if old.status != "superseded":
        changes["status"] = "superseded"
    if later != old.superseded_by:
        changes["superseded-by"] = later
    if old.status != "superseded" and old.status_text and "original-status" not in old.front_matter:
        changes["original-status"] = old.status_text
    return changes


def mark_superseded(path: Path, new_id: str) -> None:
    """Record on the file at path that new_id supersedes it; call with the folder locked."""
    changes = superseded_changes(read_fresh(path), new_id)
    if changes:
        edit_front_matter(path, changes)


def supersede(log: DecisionLog, old_text: str, new_text: str) -> tuple[Decision, Decision]:
    """Record that new supersedes old; old is marked superseded once new is accepted."""
    old, new = _native(log, old_text), _native(log, new_text)
    if old.id == new.id:
        raise StoreError("a decision cannot supersede itself")
    with locked(log.folder):
        current = read_fresh(new.file)
        if old.id not in current.supersedes:
            edit_front_matter(new.file, {"supersedes": [*current.supersedes, old.id]})
        if current.status not in PENDING:
            mark_superseded(old.file, new.id)
    return old, new


# --- editing front matter in place ------------------------------------------------------------


_TRAILING_COMMENT = re.compile(r"^[^'\"#]*?(\s+#.*)$")


def update_front_matter(text: str, changes: dict[str, Any]) -> str:
    """Set top-level keys in a record's front matter, leaving every other byte as it was:
    other keys, their order, comments, and the file's line endings."""
    found = split_front_matter(text)
    if found is None:
        raise StoreError("the record has no front matter to update")
    block, body_start = found
    newline = "\r\n" if "\r\n" in text[:body_start] else "\n"
    opening = text[: text.index("\n") + 1]
    closing = text[len(opening) + len(block) : body_start]
    lines = [line.removesuffix("\r") for line in block.split("\n")] if block else []
    if lines and lines[-1] == "":
        lines.pop()
    for key, value in changes.items():
        rendered = f"{key}: {yaml_value(value)}"
        start = next(
            (i for i, line in enumerate(lines) if re.match(rf"^{re.escape(key)}\s*:", line)), None
        )
        if start is None:
            lines.append(rendered)
            continue
        end = start + 1
        # A value continues on indented lines, or on `- ` items of a block list.
        while end < len(lines) and lines[end].startswith((" ", "\t", "- ")):
            end += 1
        comment = (
            _TRAILING_COMMENT.match(lines[start][len(key) + 1 :]) if end == start + 1 else None
        )
        if comment:
            rendered += comment.group(1)
        if lines[start:end] != [rendered]:
            lines[start:end] = [rendered]
    return opening + "".join(f"{line}{newline}" for line in lines) + closing + text[body_start:]


# --- renumbering ------------------------------------------------------------------------------


@dataclass
class Renumbered:
    old_id: str
    new_id: str
    old_file: Path
    new_file: Path
    rewritten: list[Path] = field(default_factory=list)
    ambiguous: list[tuple[Path, int]] = field(default_factory=list)


def renumber(
    log: DecisionLog,
    other_files: Sequence[Path] = (),
    added_together: dict[Path, set[Path]] | None = None,
    order: dict[Path, float] | None = None,
    stuck: list[Decision] | None = None,
) -> list[Renumbered]:
    """Give every decision that shares its number with an earlier one the next free number,
    in whichever sub-folder it is. Records that cannot be renamed (other dialects, one folder
    per record) are added to `stuck`, for the caller to report.

    The earliest record keeps the number (by `order`, e.g. git's first commit, else by date
    and file name). References to a moved record are rewritten where they can only mean it:
    links to its file name, its own text, and files that arrived in the same commit as it.
    Other mentions of the old id are returned as ambiguous for a person to check.
    """
    order = order or {}
    added_together = added_together or {}
    results: list[Renumbered] = []
    with locked(log.folder):
        free = max(used_numbers(log.folder), default=0) + 1
        for decision_id, same in sorted(log.by_id.items()):
            if len(same) < 2 or not decision_id.startswith("ADR-"):
                continue
            ranked = sorted(
                same, key=lambda d: (order.get(d.file, d.date or dt.date.max), d.file.name)
            )
            for moved in ranked[1:]:
                if not (moved.native and is_native_name(moved.file)):
                    if stuck is not None:
                        stuck.append(moved)
                    continue
                new_file = moved.file.with_name(re.sub(r"^\d+", f"{free:04d}", moved.file.name))
                if new_file.exists():
                    raise StoreError(f"{new_file} already exists")
                result = Renumbered(decision_id, format_id(free), moved.file, new_file)
                _rewrite_references(log, moved, result, other_files, added_together)
                os.rename(moved.file, new_file)
                results.append(result)
                free += 1
    return results


def _id_pattern(number: int) -> re.Pattern[str]:
    return re.compile(rf"\bADR-0*{number}\b", re.IGNORECASE)


def _rewrite_references(
    log: DecisionLog,
    moved: Decision,
    result: Renumbered,
    other_files: Sequence[Path],
    added_together: dict[Path, set[Path]],
) -> None:
    assert moved.number is not None
    pattern = _id_pattern(moved.number)
    companions = added_together.get(moved.file, set())
    candidates = [d.file for d in log.decisions if d.native] + list(other_files)
    for path in dict.fromkeys(candidates):
        text, encoding = read_record(path)
        updated = text.replace(moved.file.name, result.new_file.name)
        owns_mentions = path == moved.file or path.resolve() in companions or updated != text
        if owns_mentions:
            updated = pattern.sub(result.new_id, updated)
        elif pattern.search(text):
            for number, line in enumerate(text.splitlines(), start=1):
                if pattern.search(line):
                    result.ambiguous.append((path, number))
        if updated != text:
            replace_text(path, updated, encoding)
            result.rewritten.append(result.new_file if path == moved.file else path)


def is_native_name(path: Path) -> bool:
    return bool(NATIVE_NAME.match(path.name))
