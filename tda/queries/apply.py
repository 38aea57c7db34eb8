"""Record a meeting's outcomes in the decision files it decided.

For each item for decision at the forum's meeting on a day: an approval makes the record
accepted, moves `review-by` on, records the conditions set and completes any supersession it
waits for; a rejection makes it rejected. Changes are shown before anything is written, are
written only when asked, touch only the lines that change, and a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tda.catalogue import Catalogue
from tda.decisions.model import Decision
from tda.decisions.store import (
    locked,
    months_later,
    read_fresh,
    read_record,
    replace_text,
    superseded_changes,
    update_front_matter,
)
from tda.errors import UsageError
from tda.governance.model import OUTCOME_STATUS, Item, Meeting
from tda.queries.reviews import SETTLING, attendance, is_forum_meeting, latest_quorate_outcome


@dataclass
class FileChange:
    path: Path
    display: str
    before: str
    after: str
    reasons: list[str] = field(default_factory=list)

    def diff(self) -> str:
        lines = difflib.unified_diff(
            self.before.splitlines(keepends=True),
            self.after.splitlines(keepends=True),
            f"a/{self.display}",
            f"b/{self.display}",
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


@dataclass
class ApplyReport:
    day: dt.date
    meetings: list[Meeting] = field(default_factory=list)
    changes: list[FileChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: bool = False


def meetings_on(catalogue: Catalogue, day: dt.date) -> list[Meeting]:
    """The forum's meetings held on a day, or a usage error naming the days there are."""
    meetings = catalogue.governance.meetings if catalogue.governance else []
    found = [m for m in meetings if m.date == day and is_forum_meeting(catalogue, m)]
    if not found:
        known = ", ".join(str(m.date) for m in meetings[-5:]) or "none are recorded"
        raise UsageError(
            f"no meeting of {catalogue.config.forum} on {day} (recent meetings: {known})"
        )
    return found


def apply_meeting(catalogue: Catalogue, day: dt.date, *, write: bool = False) -> ApplyReport:
    """The changes the meeting on day makes to decision files; written only when write is set.

    Files are read under the decisions folder's lock, so a concurrent edit is never lost.
    """
    report = ApplyReport(day, meetings_on(catalogue, day))
    log = catalogue.decisions
    if log is None:
        return report
    with locked(log.folder):
        texts: dict[Path, tuple[str, str]] = {}
        pending: dict[Path, FileChange] = {}
        for meeting in report.meetings:
            if not attendance(catalogue, meeting).quorate:
                report.notes.append(
                    f"{meeting.display}: the meeting was not quorate "
                    f"({attendance(catalogue, meeting).describe()}); its outcomes are not applied"
                )
                continue
            for index, item in enumerate(meeting.record.items):
                _apply_item(catalogue, meeting, index, item, texts, pending, report)
        report.changes = [c for c in pending.values() if c.after != c.before]
        if write:
            for change in report.changes:
                replace_text(change.path, change.after, texts[change.path][1])
            report.written = True
    return report


def _apply_item(
    catalogue: Catalogue,
    meeting: Meeting,
    index: int,
    item: Item,
    texts: dict[Path, tuple[str, str]],
    pending: dict[Path, FileChange],
    report: ApplyReport,
) -> None:
    if item.for_ != "decision" or item.outcome not in SETTLING:
        return
    where = f"{meeting.display} items[{index}]"
    found = catalogue.decisions.find(item.decision) if catalogue.decisions else []
    if len(found) != 1:
        problem = "is not a decision" if not found else "names more than one file; renumber first"
        report.notes.append(f"{where}: {item.decision} {problem}")
        return
    decision = found[0]
    if not decision.native:
        report.notes.append(
            f"{where}: {decision.id} ({decision.display}) is in the {decision.dialect} format; "
            "run `tda import adr` to convert it first"
        )
        return
    if "status" not in decision.front_matter:
        report.notes.append(
            f"{where}: {decision.id} ({decision.display}) has no front matter status to set; "
            "add `status:` to its front matter"
        )
        return
    latest = latest_quorate_outcome(catalogue, decision.id)
    if latest is not None and latest.meeting.date > meeting.date:
        report.notes.append(
            f"{where}: {decision.id} was decided again on {latest.meeting.date}; "
            f"apply that meeting instead"
        )
        return
    status = status_of_item(item)
    current = _current(decision, texts)
    if current.status in ("superseded", "deprecated"):
        return  # retired since: an old approval does not bring it back
    changes: dict[str, Any] = {} if current.status == status else {"status": status}
    reasons = [f"{item.outcome} on {meeting.date}"]
    if status == "accepted":
        due = months_later(meeting.date, catalogue.config.review_period_months)
        if current.review_by is None or current.review_by < due:
            changes["review-by"] = due
        texts_of_conditions = [c.text for c in item.conditions]
        if texts_of_conditions:
            kept = list(current.front_matter.get("conditions") or [])
            changes["conditions"] = kept + [t for t in texts_of_conditions if t not in kept]
        for older in current.supersedes:
            _supersede(catalogue, older, decision.id, where, texts, pending, report)
    _edit(decision.file, decision.display, changes, reasons, texts, pending)


def status_of_item(item: Item) -> str:
    return OUTCOME_STATUS[item.outcome or ""]


def _current(decision: Decision, texts: dict[Path, tuple[str, str]]) -> Decision:
    """The record as it stands, with any change planned so far."""
    if decision.file in texts:
        from tda.decisions.dialects import read_decision_text

        found, _ = read_decision_text(
            texts[decision.file][0], decision.file, decision.display, decision.file.parent
        )
        if isinstance(found, Decision):
            return found
    return read_fresh(decision.file)


def _supersede(
    catalogue: Catalogue,
    older_id: str,
    newer_id: str,
    where: str,
    texts: dict[Path, tuple[str, str]],
    pending: dict[Path, FileChange],
    report: ApplyReport,
) -> None:
    found = catalogue.decisions.find(older_id) if catalogue.decisions else []
    if len(found) != 1 or not found[0].native:
        report.notes.append(f"{where}: cannot mark {older_id} superseded (missing or not native)")
        return
    older = _current(found[0], texts)
    changes = superseded_changes(older, newer_id)
    if changes:
        reasons = [f"superseded by {newer_id}, accepted"]
        _edit(found[0].file, found[0].display, changes, reasons, texts, pending)


def _edit(
    path: Path,
    display: str,
    changes: dict[str, Any],
    reasons: list[str],
    texts: dict[Path, tuple[str, str]],
    pending: dict[Path, FileChange],
) -> None:
    if not changes:
        return
    if path not in texts:
        texts[path] = read_record(path)
    before = pending[path].before if path in pending else texts[path][0]
    after = update_front_matter(texts[path][0], changes)
    texts[path] = (after, texts[path][1])
    change = pending.setdefault(path, FileChange(path, display, before, after))
    change.after = after
    change.reasons += reasons
