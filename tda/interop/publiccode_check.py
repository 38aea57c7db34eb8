"""`tda publiccode check`: located findings for publiccode.yml files.

The pydantic model (`publiccode.Publiccode`) gives every type and value finding in one pass;
the rules here add what depends on more than one key, what is deprecated, and what a path
points at on disk. Nothing here touches the network: URL reachability, remote logos and
screenshots, logo dimensions and the registry of Italian iPA codes are not checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tda import codes
from tda.diagnostics import Diagnostic, Severity, diagnostic, sort_key
from tda.interop.publiccode import (
    CURRENT_VERSIONS,
    OEMBED_PATTERNS,
    SUPPORTED_VERSIONS,
    Number,
    Publiccode,
    is_country,
    kind_of,
)
from tda.yamlio import YamlDocument, read_yaml_file, read_yaml_text

NOT_CHECKED = (
    "URL reachability",
    "remote logos and screenshots",
    "logo dimensions",
    "Italian iPA codes against the iPA registry",
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
LOGO_EXTENSIONS = (".svg", ".svgz", ".png")
SCREENSHOT_EXTENSIONS = (".jpg", ".png")


class Verdict(StrEnum):
    VALID = "valid"
    WARNINGS = "valid with warnings"
    INVALID = "invalid"


@dataclass
class PubliccodeReport:
    file: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    model: Publiccode | None = None

    @property
    def verdict(self) -> Verdict:
        severities = {item.severity for item in self.diagnostics}
        if Severity.ERROR in severities:
            return Verdict.INVALID
        if Severity.WARNING in severities:
            return Verdict.WARNINGS
        return Verdict.VALID


Path_ = tuple[Any, ...]


class _Findings:
    """Collects findings for one document, each placed at the key or value it is about."""

    def __init__(self, display: str, document: YamlDocument | None) -> None:
        self.display = display
        self.document = document
        self.items: list[Diagnostic] = []

    def add(self, code: str, path: Path_, message: str, hint: str, *, key: bool = False) -> None:
        line = column = None
        if self.document is not None:
            line, column = self.document.locate(path, key=key)
        self.items.append(
            diagnostic(
                code,
                f"{dotted(path)}: {message}" if path else message,
                file=self.display,
                line=line,
                column=column,
                hint=hint,
            )
        )


def dotted(path: Path_) -> str:
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            text += f".{step}" if text else str(step)
    return text


def check_file(path: Path, display: str | None = None) -> PubliccodeReport:
    """Every finding for one publiccode.yml file on disk; relative paths resolve beside it."""
    shown = display or str(path)
    read = read_yaml_file(path, shown)
    return _check_read(read.documents, read.diagnostics, shown, path.parent)


def check_text(text: str, display: str, base: Path | None = None) -> PubliccodeReport:
    """Every finding for publiccode.yml content; with no base, no file path is looked at."""
    read = read_yaml_text(text, display)
    return _check_read(read.documents, read.diagnostics, display, base)


def _check_read(
    documents: list[YamlDocument],
    problems: list[Diagnostic],
    display: str,
    base: Path | None,
) -> PubliccodeReport:
    report = PubliccodeReport(display, list(problems))
    if problems:
        return report
    findings = _Findings(display, documents[0] if documents else None)
    if len(documents) > 1:
        findings.add(
            codes.PUBLICCODE_SEVERAL_DOCUMENTS,
            (),
            "a publiccode.yml holds one YAML document, this has several",
            "keep one document: remove the extra `---` separators",
        )
    elif not documents or documents[0].data is None:
        findings.add(
            codes.PUBLICCODE_MISSING_KEY,
            (),
            "the file is empty: publiccodeYmlVersion is required",
            'start with publiccodeYmlVersion: "0"',
        )
    elif not isinstance(documents[0].data, dict):
        findings.add(
            codes.PUBLICCODE_WRONG_TYPE,
            (),
            f"the file must be a mapping of keys, not {kind_of(documents[0].data)}",
            "see the standard's example publiccode.yml",
        )
    else:
        data = literal_numbers(documents[0].data, documents[0])
        if _version_ok(data, findings):
            report.model = _validate(data, findings)
            _rules(data, findings, base)
    report.diagnostics.extend(findings.items)
    report.diagnostics.sort(key=sort_key)
    return report


def literal_numbers(data: Any, document: YamlDocument, seen: set[int] | None = None) -> Any:
    """The document with every number replaced by its literal text, marked as a Number.

    A YAML integer such as `0123` would lose its leading zero; a string key must read what
    was written. Containers keep their identity so positions can still be found.
    """
    seen = set() if seen is None else seen
    if id(data) in seen:  # an alias shares a node; a self-referencing one would loop
        return data
    seen.add(id(data))
    node = document.nodes.get(id(data))
    if isinstance(data, dict) and isinstance(node, MappingNode):
        for key, (_, value_node) in zip(list(data), node.value, strict=False):
            data[key] = _literal(data[key], value_node, document, seen)
    elif isinstance(data, list) and isinstance(node, SequenceNode):
        for index, value_node in enumerate(node.value[: len(data)]):
            data[index] = _literal(data[index], value_node, document, seen)
    return data


def _literal(value: Any, node: Node, document: YamlDocument, seen: set[int]) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Number(node.value) if isinstance(node, ScalarNode) else value
    if isinstance(value, dict | list):
        return literal_numbers(value, document, seen)
    return value


def _version_ok(data: dict[Any, Any], findings: _Findings) -> bool:
    """Whether the file names a version this model reads; a stop finding otherwise."""
    hint = 'write publiccodeYmlVersion: "0" (quoted), which means the latest 0.x'
    if "publiccodeYmlVersion" not in data or data["publiccodeYmlVersion"] is None:
        findings.add(codes.PUBLICCODE_MISSING_KEY, ("publiccodeYmlVersion",), "is required", hint)
        return False
    version = data["publiccodeYmlVersion"]
    if not isinstance(version, str) or isinstance(version, Number):
        # An unquoted 0.4 is a number in YAML; the standard asks for a string.
        findings.add(
            codes.PUBLICCODE_WRONG_TYPE,
            ("publiccodeYmlVersion",),
            f"must be quoted text, not {kind_of(version)}",
            hint,
        )
        return False
    if version not in SUPPORTED_VERSIONS:
        findings.add(
            codes.PUBLICCODE_VERSION,
            ("publiccodeYmlVersion",),
            f"unsupported version {version!r} (supported: {', '.join(SUPPORTED_VERSIONS)})",
            hint,
        )
        return False
    if version not in CURRENT_VERSIONS:
        findings.add(
            codes.PUBLICCODE_DEPRECATED,
            ("publiccodeYmlVersion",),
            f"{version} is not the latest version; the file is read as the latest 0.x",
            hint,
            key=True,
        )
    return True


_TYPE_ERRORS = {
    "wrong_type",
    "model_type",
    "dict_type",
    "list_type",
    "bool_type",
    "string_type",
    "model_attributes_type",
}


def _validate(data: dict[Any, Any], findings: _Findings) -> Publiccode | None:
    try:
        return Publiccode.model_validate(data)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            _report_error(item, data, findings)
    return None


def _report_error(item: Any, data: dict[Any, Any], findings: _Findings) -> None:
    path = tuple(step for step in item["loc"] if not _is_union_tag(step))
    kind = item["type"]
    if kind == "missing":
        message = item["msg"] if item["msg"] != "Field required" else "is required"
        findings.add(
            codes.PUBLICCODE_MISSING_KEY, path, message, "add it: the standard requires it"
        )
    elif kind == "extra_forbidden":
        findings.add(
            codes.PUBLICCODE_UNKNOWN_KEY,
            path,
            "is not a key of publiccode.yml",
            "check the spelling against the standard (keys are case-sensitive)",
            key=True,
        )
    elif kind in _TYPE_ERRORS:
        value = _value_at(data, path)
        expected = {"model_type": "a mapping", "bool_type": "true or false"}.get(kind)
        message = (
            f"wrong type: expected {expected}, found {kind_of(value)}" if expected else item["msg"]
        )
        hint = "booleans are true or false (YAML 1.2: yes/no/on/off are text)"
        findings.add(
            codes.PUBLICCODE_WRONG_TYPE,
            path,
            message,
            hint if kind == "bool_type" else "see the standard",
        )
    else:
        message = str(item["msg"]).removeprefix("Value error, ")
        findings.add(
            codes.PUBLICCODE_VALUE_NOT_ALLOWED,
            path,
            message,
            "see the standard for the values allowed",
        )


def _is_union_tag(step: Any) -> bool:
    # pydantic names the member of an Optional it tried; it is not a key of the file.
    return isinstance(step, str) and ("[" in step or step.startswith("function-"))


def _value_at(data: Any, path: Path_) -> Any:
    for step in path:
        if isinstance(data, dict):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and step < len(data):
            data = data[step]
        else:
            return None
    return data


def _rules(data: dict[Any, Any], findings: _Findings, base: Path | None) -> None:
    _maintenance_rules(data.get("maintenance"), findings)
    _deprecated_keys(data, findings)
    _country_case(data.get("intendedAudience"), findings)
    _italian_section(data, findings)
    _file_rules(data, findings, base)
    _video_rules(data.get("description"), findings)


def _maintenance_rules(maintenance: Any, findings: _Findings) -> None:
    if not isinstance(maintenance, dict) or not isinstance(maintenance.get("type"), str):
        return
    kind = maintenance["type"]
    if kind == "contract" and not maintenance.get("contractors"):
        findings.add(
            codes.PUBLICCODE_MISSING_KEY,
            ("maintenance",),
            "contractors is required when type is contract",
            "list who maintains it under contract, each with name and until",
            key=True,
        )
    if kind != "contract" and maintenance.get("contractors") is not None:
        findings.add(
            codes.PUBLICCODE_VALUE_NOT_ALLOWED,
            ("maintenance", "contractors"),
            f"contractors must not be present unless type is contract (it is {kind})",
            "remove contractors, or set type: contract",
            key=True,
        )
    if kind in {"internal", "community"} and not maintenance.get("contacts"):
        findings.add(
            codes.PUBLICCODE_MISSING_KEY,
            ("maintenance",),
            f"contacts is required when type is {kind}",
            "name at least one person who maintains it",
            key=True,
        )


_DEPRECATED = {
    ("monochromeLogo",): "use logo instead",
    ("inputTypes",): "it is safe to drop it",
    ("outputTypes",): "it is safe to drop it",
    ("legal", "authorsFile"): "it is safe to drop it",
    ("legal", "repoOwner"): "use organisation.name instead",
}


def _deprecated_keys(data: dict[Any, Any], findings: _Findings) -> None:
    for path, advice in _DEPRECATED.items():
        value = _value_at(data, path)
        if (value is not None and value != "") or (
            path == ("legal", "authorsFile") and _has(data, path)
        ):
            findings.add(codes.PUBLICCODE_DEPRECATED, path, "is deprecated", advice, key=True)
    description = data.get("description")
    if isinstance(description, dict):
        for language, block in description.items():
            if isinstance(block, dict) and block.get("genericName"):
                findings.add(
                    codes.PUBLICCODE_DEPRECATED,
                    ("description", language, "genericName"),
                    "is deprecated",
                    "it is safe to drop it",
                    key=True,
                )


def _has(data: Any, path: Path_) -> bool:
    for step in path[:-1]:
        data = data.get(step) if isinstance(data, dict) else None
    return isinstance(data, dict) and path[-1] in data


def _country_case(audience: Any, findings: _Findings) -> None:
    if not isinstance(audience, dict):
        return
    for key in ("countries", "unsupportedCountries"):
        countries = audience.get(key)
        if not isinstance(countries, list):
            continue
        for index, code in enumerate(countries):
            if isinstance(code, str) and code.islower() and len(code) == 2 and is_country(code):
                findings.add(
                    codes.PUBLICCODE_DEPRECATED,
                    ("intendedAudience", key, index),
                    f"lowercase country codes are deprecated: write {code.upper()}",
                    "use uppercase ISO 3166-1 codes",
                )


def _italian_section(data: dict[Any, Any], findings: _Findings) -> None:
    if "it" in data:
        findings.add(
            codes.PUBLICCODE_DEPRECATED,
            ("it",),
            "the lowercase country section is deprecated",
            "rename it to IT",
            key=True,
        )
        if "IT" in data:
            findings.add(
                codes.PUBLICCODE_VALUE_NOT_ALLOWED,
                ("it",),
                "IT is already present",
                "keep one country section: remove it",
                key=True,
            )
    section = data.get("IT", data.get("it"))
    name = "IT" if "IT" in data else "it"
    if not isinstance(section, dict):
        return
    if section.get("conforme") is not None:
        findings.add(
            codes.PUBLICCODE_DEPRECATED,
            (name, "conforme"),
            "is deprecated",
            "it is safe to drop it",
            key=True,
        )
    riuso = section.get("riuso")
    if isinstance(riuso, dict) and isinstance(riuso.get("codiceIPA"), str) and riuso["codiceIPA"]:
        code = riuso["codiceIPA"]
        findings.add(
            codes.PUBLICCODE_DEPRECATED,
            (name, "riuso", "codiceIPA"),
            "is deprecated",
            f"set organisation.uri to urn:x-italian-pa:{code} instead",
        )


def _file_rules(data: dict[Any, Any], findings: _Findings, base: Path | None) -> None:
    for key in ("logo", "monochromeLogo"):
        value = data.get(key)
        if isinstance(value, str) and value:
            _local_file((key,), value, LOGO_EXTENSIONS, findings, base, image=True)
    legal = data.get("legal")
    if isinstance(legal, dict) and isinstance(legal.get("authorsFile"), str):
        _local_file(("legal", "authorsFile"), legal["authorsFile"], None, findings, base)
    description = data.get("description")
    if not isinstance(description, dict):
        return
    for language, block in description.items():
        shots = block.get("screenshots") if isinstance(block, dict) else None
        if not isinstance(shots, list):
            continue
        for index, shot in enumerate(shots):
            if isinstance(shot, str):
                where = ("description", language, "screenshots", index)
                _local_file(where, shot, SCREENSHOT_EXTENSIONS, findings, base)


def _local_file(
    where: Path_,
    value: str,
    extensions: tuple[str, ...] | None,
    findings: _Findings,
    base: Path | None,
    *,
    image: bool = False,
) -> None:
    """A path in the file: relative or http(s), the right kind of file, and there on disk."""
    if value.startswith("/"):
        findings.add(
            codes.PUBLICCODE_VALUE_NOT_ALLOWED,
            where,
            "is an absolute path; only relative paths or http(s) URLs",
            "write the path relative to publiccode.yml",
        )
        return
    if value.startswith("file:"):
        findings.add(
            codes.PUBLICCODE_VALUE_NOT_ALLOWED,
            where,
            "is a file: URL; only relative paths or http(s) URLs",
            "write the path relative to publiccode.yml",
        )
        return
    remote = value.lower().startswith(("http://", "https://"))
    suffix = PurePosixPath(value.split("?", 1)[0]).suffix.lower()
    if extensions is not None and suffix not in extensions:
        findings.add(
            codes.PUBLICCODE_VALUE_NOT_ALLOWED,
            where,
            f"{value!r} has an unsupported extension",
            f"use a file ending in {' or '.join(extensions)}",
        )
        return
    if remote or base is None:
        return  # checking a remote file needs the network; not done
    target = (base / value).resolve()
    if not target.is_relative_to(base.resolve()) or not target.is_file():
        findings.add(
            codes.PUBLICCODE_FILE_MISSING,
            where,
            f"{value!r}: no such file beside publiccode.yml",
            "add the file, or fix the path (relative to publiccode.yml)",
        )
        return
    if image and suffix == ".png" and not _is_png(target):
        findings.add(
            codes.PUBLICCODE_FILE_MISSING,
            where,
            f"{value!r} is not a PNG image",
            "export the logo again as PNG or SVG",
        )


def _is_png(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(24)
    return head.startswith(PNG_SIGNATURE) and head[12:16] == b"IHDR"


def _video_rules(description: Any, findings: _Findings) -> None:
    if not isinstance(description, dict):
        return
    for language, block in description.items():
        videos = block.get("videos") if isinstance(block, dict) else None
        if not isinstance(videos, list):
            continue
        for index, video in enumerate(videos):
            if isinstance(video, str) and not any(p.match(video) for p in OEMBED_PATTERNS):
                findings.add(
                    codes.PUBLICCODE_VALUE_NOT_ALLOWED,
                    ("description", language, "videos", index),
                    f"{video!r} is not a video link from a host with oEmbed",
                    "link to the video on YouTube, Vimeo, Dailymotion or PeerTube",
                )


def check_files(paths: Iterable[Path]) -> list[PubliccodeReport]:
    return [check_file(path) for path in paths]


def summary(reports: list[PubliccodeReport]) -> dict[str, int]:
    findings = [item for report in reports for item in report.diagnostics]
    return {
        "files": len(reports),
        "invalid": sum(1 for report in reports if report.verdict is Verdict.INVALID),
        "errors": sum(1 for item in findings if item.severity is Severity.ERROR),
        "warnings": sum(1 for item in findings if item.severity is Severity.WARNING),
    }
