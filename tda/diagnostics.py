"""Located findings, and the three ways of printing them; the codes are in `tda.codes`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any

from tda.codes import CODES, Code, Severity

__all__ = ["CODES", "Code", "Diagnostic", "Severity", "diagnostic"]


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
    """A finding at the code's default severity, with the code's own hint unless given one."""
    entry = CODES[code]
    hint = entry.hint if hint is None else hint
    return Diagnostic(entry.severity, code, message, file, line, column, document, ref, hint)


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
