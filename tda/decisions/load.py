"""A folder of decision records, read in place, with links resolved between them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from tda import codes
from tda.decisions.dialects import normalise_status, read_decision
from tda.decisions.model import Decision, Skipped, normalise_id
from tda.diagnostics import Diagnostic, diagnostic

REVIEWS_FOLDER = "reviews"


@dataclass
class DecisionLog:
    folder: Path
    decisions: list[Decision] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    by_id: dict[str, list[Decision]] = field(default_factory=dict)

    def find(self, text: str) -> list[Decision]:
        """Every decision an id names: more than one when a number is used twice."""
        return self.by_id.get(normalise_id(text), [])

    def get(self, text: str) -> Decision | None:
        found = self.find(text)
        return found[0] if len(found) == 1 else None

    def numbers(self) -> set[int]:
        return {d.number for d in self.decisions if d.number is not None}


def load_decisions(
    folder: Path, display_of=str, exclude: tuple[str, ...] = (REVIEWS_FOLDER,)
) -> DecisionLog:  # type: ignore[no-untyped-def]
    """Read every Markdown file below folder (but not its reviews/), as one log."""
    log = DecisionLog(folder)
    if not folder.is_dir():
        return log
    excluded = [folder / name for name in exclude]
    for path in sorted(folder.rglob("*.md")):
        if any(path.is_relative_to(ex) for ex in excluded):
            continue
        found, problems = read_decision(path, display_of(path), folder)
        log.diagnostics.extend(problems)
        if isinstance(found, Skipped):
            log.skipped.append(found)
        elif found is not None:
            log.decisions.append(found)
    for decision in log.decisions:
        log.by_id.setdefault(decision.id, []).append(decision)
    _resolve_links(log)
    log.diagnostics.extend(_status_findings(log))
    log.diagnostics.extend(_date_findings(log))
    log.diagnostics.extend(_duplicate_numbers(log))
    return log


def _resolve_links(log: DecisionLog) -> None:
    """Turn link targets written as file names or ids into decision ids."""
    by_file: dict[str, str] = {}
    for decision in log.decisions:
        # An imported record's links still name the files it was imported from.
        source = decision.front_matter.get("imported-from")
        if isinstance(source, str) and source.strip():
            origin = PurePosixPath(source)
            if origin.name.lower() in ("index.md", "_index.md"):
                origin = origin.parent.with_suffix(".md")
            by_file.setdefault(origin.name, decision.id)
            by_file.setdefault(origin.stem, decision.id)
    for decision in log.decisions:
        by_file[decision.file.name] = decision.id
        by_file[decision.file.stem] = decision.id
        if decision.file.name.lower() in ("index.md", "_index.md"):
            by_file[decision.file.parent.name] = decision.id
    for decision in log.decisions:
        # dict.fromkeys: a link written both in front matter and in the body counts once
        decision.supersedes = list(
            dict.fromkeys(_target_id(t, by_file) for t in decision.supersedes)
        )
        decision.superseded_by = list(
            dict.fromkeys(_target_id(t, by_file) for t in decision.superseded_by)
        )


def _target_id(target: str, by_file: dict[str, str]) -> str:
    name = PurePosixPath(target.split("#", 1)[0]).name
    path = PurePosixPath(target.split("#", 1)[0])
    if name.lower() in ("index.md", "_index.md") or not name:
        name = path.parent.name if name else path.name
    for key in (name, name.removesuffix(".md"), target):
        if key in by_file:
            return by_file[key]
    return normalise_id(target)


def _status_findings(log: DecisionLog) -> list[Diagnostic]:
    found = []
    for decision in log.decisions:
        reading = normalise_status(decision.status_text)
        if reading.known or "original-status" in decision.front_matter:
            continue
        code = (
            codes.DECISION_NO_STATUS
            if not decision.status_text.strip()
            else codes.DECISION_UNKNOWN_STATUS
        )
        text = f"status {decision.status_text!r}: " if decision.status_text.strip() else ""
        found.append(
            diagnostic(
                code,
                f"{decision.id}: {text}{reading.reason}",
                file=decision.display,
                line=decision.line_of("status"),
                hint="use one of draft, proposed, accepted, rejected, deprecated, superseded",
            )
        )
    return found


def _date_findings(log: DecisionLog) -> list[Diagnostic]:
    """A date that is not one is said, never read as no date (native records: TDA410)."""
    return [
        diagnostic(
            codes.DECISION_DATE_NOT_A_DATE,
            f"{decision.id}: date {decision.date_text!r} is not a date",
            file=decision.display,
            line=decision.line_of("date"),
            hint="write dates as YYYY-MM-DD (DD/MM/YYYY and '5 March 2024' are read too)",
        )
        for decision in log.decisions
        if not decision.native and decision.date is None and (decision.date_text or "").strip()
    ]


def _duplicate_numbers(log: DecisionLog) -> list[Diagnostic]:
    found = []
    for decision_id, same in sorted(log.by_id.items()):
        if len(same) < 2 or not decision_id.startswith("ADR-"):
            continue
        for again in same[1:]:
            found.append(
                diagnostic(
                    codes.DECISION_NUMBER_REUSED,
                    f"{decision_id} is used by two files: {same[0].display} and {again.display}",
                    file=again.display,
                    line=again.title_line,
                    hint="run `tda adr renumber` to give one of them a free number",
                )
            )
    return found
