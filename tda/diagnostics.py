"""Located findings with stable codes, and the three ways of printing them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    severity: Severity
    title: str


def _codes(*rows: tuple[str, Severity, str]) -> dict[str, Code]:
    return {code: Code(code, severity, title) for code, severity, title in rows}


ERR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# Every code tda can emit, with its default severity. Codes are stable: once published, a code
# keeps its meaning so that users' severity overrides and CI filters keep working.
CODES: dict[str, Code] = _codes(
    ("TDA001", ERR, "file cannot be read"),
    ("TDA002", ERR, "file larger than the size limit"),
    ("TDA003", ERR, "file is not UTF-8"),
    ("TDA004", ERR, "YAML syntax error"),
    ("TDA005", ERR, "tab character where YAML needs spaces"),
    ("TDA006", ERR, "duplicate key in a mapping"),
    ("TDA007", ERR, "aliases expand beyond the limit"),
    ("TDA008", ERR, "nesting deeper than the limit"),
    ("TDA009", ERR, "document is not a mapping"),
    ("TDA010", WARN, "document is not an entity (no apiVersion or kind)"),
    ("TDA011", ERR, "settings in mkdocs.yml are invalid"),
    ("TDA101", ERR, "malformed entity envelope"),
    ("TDA102", ERR, "invalid apiVersion"),
    ("TDA103", ERR, "invalid kind"),
    ("TDA104", ERR, "invalid metadata.name"),
    ("TDA105", ERR, "invalid metadata.namespace"),
    ("TDA106", ERR, "invalid label"),
    ("TDA107", ERR, "invalid annotation"),
    ("TDA108", ERR, "invalid tag"),
    ("TDA109", ERR, "invalid link"),
    ("TDA110", ERR, "unknown kind or apiVersion"),
    ("TDA111", ERR, "invalid spec for the kind"),
    ("TDA112", ERR, "malformed entity reference"),
    ("TDA113", ERR, "placeholder cannot be resolved"),
    ("TDA114", ERR, "invalid metadata field"),
    ("TDA201", ERR, "reference to an entity not in the catalogue"),
    ("TDA202", ERR, "entity defined more than once"),
    ("TDA203", ERR, "cycle in a hierarchy"),
    ("TDA204", ERR, "owner is not a Group or User"),
    ("TDA205", ERR, "reference to an entity of the wrong kind"),
    ("TDA206", ERR, "Location target not found"),
    ("TDA401", ERR, "decision record cannot be read"),
    ("TDA402", WARN, "decision has no status"),
    ("TDA403", WARN, "decision status is not a known status"),
    ("TDA404", ERR, "decision binds an entity not in the catalogue"),
    ("TDA405", ERR, "supersession names a decision that does not exist"),
    ("TDA406", ERR, "supersession is not recorded on both sides"),
    ("TDA407", ERR, "supersession forms a cycle"),
    ("TDA408", ERR, "decision number used twice"),
    ("TDA409", INFO, "no git history for decisions"),
    ("TDA410", ERR, "invalid decision front matter"),
    ("TDA411", WARN, "decision file name is not NNNN-kebab-title.md"),
    ("TDA412", WARN, "decision date is not a date"),
    ("TDA501", ERR, "decision claims a status no review gave it"),
    ("TDA502", ERR, "decision approved at a meeting that was not quorate"),
    ("TDA503", ERR, "meeting names a decision that does not exist"),
    ("TDA504", ERR, "meeting names a person or group not in the catalogue"),
    ("TDA505", ERR, "votes exceed the attendees"),
    ("TDA506", WARN, "open action past its due date"),
    ("TDA507", WARN, "accepted decision past its review-by date"),
    ("TDA508", WARN, "decision dated after the meeting that approved it"),
    ("TDA509", WARN, "status set in git before the approving meeting"),
    ("TDA510", ERR, "invalid meeting record"),
    ("TDA511", ERR, "invalid or unknown principle"),
    ("TDA512", ERR, "action id used twice"),
    ("TDA513", ERR, "item outcome does not fit what it was for"),
    ("TDA514", WARN, "approved with conditions, but none are listed"),
    ("TDA515", ERR, "decision status disagrees with the latest quorate outcome"),
    ("TDA516", WARN, "decision settled at a quorate meeting still says proposed"),
    ("TDA517", ERR, "person listed twice in a meeting record"),
    ("TDA518", ERR, "person both attending and sending apologies"),
    ("TDA519", WARN, "chair is not among the attendees"),
    ("TDA520", ERR, "condition confirmation does not fit the meetings"),
    ("TDA601", ERR, "template cannot be read"),
    ("TDA602", ERR, "template parameters are not valid JSON Schema"),
    ("TDA603", WARN, "template step uses an action tda cannot run"),
    ("TDA604", ERR, "template step points at a missing folder"),
    ("TDA605", ERR, "template skeleton contains a symbolic link"),
    ("TDA606", ERR, "template skeleton writes under .git/"),
    ("TDA607", WARN, "parameter written into YAML without dump, pattern or enum"),
    ("TDA608", ERR, "template uses a parameter it does not declare"),
    ("TDA609", ERR, "template uses an output no earlier step gives"),
    ("TDA610", WARN, "template uses a feature tda does not honour"),
    ("TDA301", ERR, "invalid phase"),
    ("TDA302", ERR, "invalid licence"),
    ("TDA303", ERR, "invalid repository"),
    ("TDA304", ERR, "invalid usedBy entry"),
    ("TDA305", ERR, "invalid basedOn or alternativeTo"),
    ("TDA306", ERR, "invalid contact"),
    ("TDA307", ERR, "invalid assessment"),
    ("TDA308", ERR, "invalid publiccode overrides"),
)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    code: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    document: int | None = None
    ref: str | None = None
    hint: str | None = None

    def location(self) -> str:
        parts = [self.file or "<catalogue>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data


def diagnostic(
    code: str,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    column: int | None = None,
    document: int | None = None,
    ref: str | None = None,
    hint: str | None = None,
) -> Diagnostic:
    """A finding at the code's default severity."""
    return Diagnostic(CODES[code].severity, code, message, file, line, column, document, ref, hint)


def apply_severity_overrides(
    diagnostics: Iterable[Diagnostic], overrides: Mapping[str, str]
) -> list[Diagnostic]:
    """Re-level findings as the user's settings ask; "off" drops the code entirely."""
    result = []
    for item in diagnostics:
        wanted = overrides.get(item.code)
        if wanted is None:
            result.append(item)
        elif wanted != "off":
            result.append(replace(item, severity=Severity(wanted)))
    return result


def sort_key(item: Diagnostic) -> tuple[bool, str, int, int, str]:
    """By file and position; findings about no file in particular come last."""
    return (item.file is None, item.file or "", item.line or 0, item.column or 0, item.code)


def count(diagnostics: Iterable[Diagnostic], severity: Severity) -> int:
    return sum(1 for item in diagnostics if item.severity is severity)


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    lines = []
    for item in diagnostics:
        lines.append(f"{item.location()}: {item.severity} {item.code} {item.message}")
        if item.hint:
            lines.append(f"    hint: {item.hint}")
    return "\n".join(lines)


def format_json(diagnostics: Iterable[Diagnostic], summary: Mapping[str, int]) -> str:
    payload = {"diagnostics": [item.as_dict() for item in diagnostics], "summary": dict(summary)}
    return json.dumps(payload, indent=2, ensure_ascii=False)


def _github_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def format_github(diagnostics: Iterable[Diagnostic]) -> str:
    """GitHub Actions workflow commands, which show as annotations on the changed lines."""
    lines = []
    for item in diagnostics:
        props = []
        if item.file:
            props.append(f"file={_github_escape(item.file, prop=True)}")
        if item.line is not None:
            props.append(f"line={item.line}")
        if item.column is not None:
            props.append(f"col={item.column}")
        props.append(f"title={_github_escape(item.code, prop=True)}")
        message = item.message + (f"\nhint: {item.hint}" if item.hint else "")
        lines.append(
            f"::{_GITHUB_LEVEL[item.severity]} {','.join(props)}::{_github_escape(message)}"
        )
    return "\n".join(lines)
