"""One YAML document in, one valid Entity or located findings out (Backstage's own verdict)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tda.catalog.council import COUNCIL_FIELD_CODES, PHASES
from tda.catalog.entity import Entity, FieldRef
from tda.catalog.model import KIND_MODELS, Envelope, model_for
from tda.catalog.refs import RELATION_FIELDS, RefError, parse_ref, try_parse_ref
from tda.diagnostics import Diagnostic, diagnostic
from tda.yamlio import Limits, YamlDocument, read_yaml_file

_NAME_RULE = "sequences of [a-zA-Z0-9] separated by any of [-_.], at most 63 characters"
_EXPECTATIONS: dict[str, str] = {
    "TDA102": "a version such as backstage.io/v1alpha1 "
    "(an optional DNS prefix and '/', then letters and digits)",
    "TDA103": "a word of letters and digits starting with a letter, at most 63 characters",
    "TDA104": _NAME_RULE,
    "TDA105": "sequences of [a-z0-9] separated by [-], at most 63 characters",
    "TDA106": f"a key with an optional DNS prefix and '/', and a value of {_NAME_RULE}",
    "TDA107": "a key with an optional DNS prefix and '/', such as backstage.io/techdocs-ref",
    "TDA108": "sequences of [a-z0-9:+#] separated by [-], at most 63 characters",
}
_HINTS: dict[str, str] = {
    "TDA101": "an entity has apiVersion, kind, metadata (with a name) and spec, "
    "and nothing else at its root",
    "TDA104": "for example person-api or housing_register.v2",
    "TDA105": "namespaces are lower-case DNS labels, e.g. default or hackney",
    "TDA108": "tags are lower-case, e.g. dotnet or aws-lambda",
    "TDA109": "a link needs an absolute url, e.g. https://example.org/runbook",
    "TDA110": "kinds are Component, API, Resource, System, Domain, Group, User, Location with "
    "apiVersion backstage.io/v1alpha1, and Template with scaffolder.backstage.io/v1beta3",
    "TDA112": "write the kind in front, e.g. component:person-api or resource:person-dynamodb",
    "TDA301": f"one of the GDS phases: {', '.join(PHASES)}",
    "TDA302": "use SPDX identifiers joined by AND / OR, e.g. MIT or GPL-3.0-or-later",
    "TDA303": "the web address of the source, e.g. https://github.com/LBHackney-IT/person-api",
    "TDA304": "each adopter is {organisation, since, evidence: self-declared|verified, contact}",
    "TDA306": "a user reference such as user:jane.doe, or {name, email, role}",
    "TDA307": "each assessment is {standard: service-standard|tcop, phase, date, outcome, link}",
}
_METADATA_CODES = {
    "name": "TDA104",
    "namespace": "TDA105",
    "labels": "TDA106",
    "annotations": "TDA107",
    "tags": "TDA108",
    "links": "TDA109",
}
# Tags pydantic adds to a location for the members of a union; they are not keys in the data.
_UNION_TAGS = re.compile(r"^(str|int|bool|float|list\[.*\]|dict\[.*\]|[A-Z][A-Za-z]*|function-.*)$")


@dataclass(slots=True)
class DocumentResult:
    entity: Entity | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    not_an_entity: bool = False
    placeholder_targets: list[Path] = field(default_factory=list)
    # A document that failed validation but names its kind and name: kept so that its page
    # can show it with its findings, never used as a valid entity.
    flawed: Entity | None = None


def check_document(
    doc: YamlDocument, file: Path, display: str, limits: Limits, *, placeholders: bool = True
) -> DocumentResult:
    """Validate one document; `placeholders=False` skips the $text/$json/$yaml walk."""
    result = DocumentResult()
    data = doc.data
    if data is None:
        return result
    line, column = doc.start
    if not isinstance(data, dict):
        result.diagnostics.append(
            diagnostic(
                "TDA009",
                f"document is {_type_name(data)}, but a descriptor must be a mapping",
                file=display,
                line=line,
                column=column,
                document=doc.index,
                hint="start the document with apiVersion: and kind:",
            )
        )
        return result
    if "apiVersion" not in data and "kind" not in data:
        result.not_an_entity = True
        result.diagnostics.append(
            diagnostic(
                "TDA010",
                "document has neither apiVersion nor kind, so it is not an entity; skipped",
                file=display,
                line=line,
                column=column,
                document=doc.index,
                hint="if this file is an API definition, "
                "refer to it with $text from the API entity",
            )
        )
        return result
    resolved = data
    if placeholders:
        resolved = _resolve_placeholders(data, (), doc, file, display, limits, result)
        if result.diagnostics:
            return result
    problems = _validate(resolved, doc, display)
    if problems:
        result.diagnostics.extend(problems)
        result.flawed = _flawed(resolved, doc, display)
        return result
    metadata = resolved["metadata"]
    namespace = metadata.get("namespace") or "default"
    metadata["namespace"] = namespace
    ref = parse_ref(metadata["name"], default_kind=resolved["kind"], default_namespace=namespace)
    entity = Entity(ref, resolved, display, doc.index, line, column)
    _collect_refs(entity, doc, display, result.diagnostics)
    if not any(item.code == "TDA112" for item in result.diagnostics):
        result.entity = entity
    return result


def _flawed(data: dict[str, Any], doc: YamlDocument, display: str) -> Entity | None:
    """The invalid document as an entity to show, when its kind and name can be read."""
    metadata = data.get("metadata")
    if not isinstance(metadata, dict) or not isinstance(data.get("kind"), str):
        return None
    namespace = (
        metadata.get("namespace") if isinstance(metadata.get("namespace"), str) else "default"
    )
    name = metadata.get("name")
    ref = (
        try_parse_ref(name, default_kind=data["kind"], default_namespace=namespace)
        if isinstance(name, str)
        else None
    )
    if ref is None:
        return None
    shown = {**data, "spec": data["spec"] if isinstance(data.get("spec"), dict) else {}}
    return Entity(ref, shown, display, doc.index, *doc.start)


def _type_name(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return type(value).__name__


def _validate(data: dict[str, Any], doc: YamlDocument, display: str) -> list[Diagnostic]:
    model = model_for(data.get("apiVersion"), data.get("kind"))
    try:
        (model or Envelope).model_validate(data)
    except ValidationError as error:
        return _translate(error, data, doc, display, model is not None)
    if model is not None:
        return []
    line, column = doc.locate(("kind",))
    kind, version = data.get("kind"), data.get("apiVersion")
    message = f"no Backstage processor accepts kind {kind!r} with apiVersion {version!r}"
    if kind in KIND_MODELS and kind == "Template":
        message += "; Templates need apiVersion scaffolder.backstage.io/v1beta3"
    elif kind in KIND_MODELS:
        message += "; use apiVersion backstage.io/v1alpha1"
    elif isinstance(kind, str) and kind.lower() in {k.lower() for k in KIND_MODELS}:
        message += "; kinds are case-sensitive"
    return [
        diagnostic(
            "TDA110",
            message,
            file=display,
            line=line,
            column=column,
            document=doc.index,
            hint=_HINTS["TDA110"],
        )
    ]


def _data_path(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """The part of a pydantic location that names real keys and indexes in the data."""
    path = []
    node = data
    for step in loc:
        if (isinstance(node, dict) and step in node) or (
            isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)
        ):
            path.append(step)
            node = node[step]
        elif step == "[key]" or (isinstance(step, str) and _UNION_TAGS.match(step)):
            continue
        elif step == "if_" and isinstance(node, dict) and "if" in node:
            path.append("if")
            node = node["if"]
        else:
            path.append(step)
            break
    return tuple(path)


def _dotted(path: tuple[Any, ...]) -> str:
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            text += f".{step}" if text else str(step)
    return text or "<root>"


def _code_for(path: tuple[Any, ...], kind_known: bool, error_type: str) -> str:
    head = path[0] if path else None
    if len(path) == 1 and error_type in ("missing", "extra_forbidden"):
        return "TDA101"
    if head == "apiVersion":
        return "TDA102" if not kind_known else "TDA110"
    if head == "kind":
        return "TDA103"
    if head == "metadata":
        if len(path) == 1:
            return "TDA101"
        return _METADATA_CODES.get(path[1], "TDA114")
    if head == "spec":
        if len(path) >= 2 and path[1] in COUNCIL_FIELD_CODES:
            return COUNCIL_FIELD_CODES[path[1]]
        return "TDA111"
    return "TDA101"


def _translate(
    error: ValidationError, data: dict[str, Any], doc: YamlDocument, display: str, kind_known: bool
) -> list[Diagnostic]:
    seen: set[tuple[Any, ...]] = set()
    found = []
    errors = error.errors(include_url=False)
    for item in errors:
        if _is_other_union_member(item):
            continue
        path = _data_path(item["loc"], data)
        if path in seen:
            continue
        seen.add(path)
        code = _code_for(path, kind_known, item["type"])
        is_key = "[key]" in item["loc"] or item["type"] == "extra_forbidden"
        line, column = doc.locate(path, key=is_key)
        found.append(
            diagnostic(
                code,
                _message(item, path, code, kind=data.get("kind"), is_key=is_key),
                file=display,
                line=line,
                column=column,
                document=doc.index,
                ref=_ref_text(data),
                hint=_HINTS.get(code),
            )
        )
    return found


def _is_other_union_member(item: Any) -> bool:
    """An error from the union member the value plainly was not meant to be."""
    loc, value = item["loc"], item.get("input")
    if not loc or not isinstance(loc[-1], str) or not _UNION_TAGS.match(loc[-1]):
        return False
    if item["type"] == "string_type" and loc[-1] == "str":
        return isinstance(value, dict)
    if item["type"] in ("model_type", "dict_type", "model_attributes_type"):
        return isinstance(value, str)
    return False


def _ref_text(data: dict[str, Any]) -> str | None:
    metadata = data.get("metadata")
    kind = data.get("kind")
    if (
        isinstance(metadata, dict)
        and isinstance(kind, str)
        and isinstance(metadata.get("name"), str)
    ):
        namespace = (
            metadata.get("namespace") if isinstance(metadata.get("namespace"), str) else "default"
        )
        return f"{kind}:{namespace}/{metadata['name']}".lower()
    return None


def _message(item: Any, path: tuple[Any, ...], code: str, *, kind: Any, is_key: bool) -> str:
    where = _dotted(path)
    kind_text = f" for a {kind}" if isinstance(kind, str) else ""
    error_type = item["type"]
    value = item.get("input")
    if error_type == "missing":
        return f"{where} is required{kind_text}"
    if error_type == "extra_forbidden":
        if len(path) == 1:
            return f"unknown field {path[0]!r} at the root of the entity"
        return f"unknown field {where}"
    if error_type in ("string_pattern_mismatch", "string_too_long") and code in _EXPECTATIONS:
        subject = f"key {value!r} of {_dotted(path[:-1])}" if is_key else f'{where} "{value}"'
        return f"{subject} is not valid: expected {_EXPECTATIONS[code]}"
    if error_type == "string_too_short":
        return f"{where} must not be empty"
    if error_type in (
        "string_type",
        "dict_type",
        "list_type",
        "model_type",
        "model_attributes_type",
    ):
        wanted = {
            "string_type": "a string",
            "dict_type": "a mapping",
            "model_type": "a mapping",
            "model_attributes_type": "a mapping",
            "list_type": "a list",
        }[error_type]
        return f"{where} must be {wanted}, not {_type_name(value)}"
    if error_type == "literal_error":
        expected = item.get("ctx", {}).get("expected", "")
        return f"{where} is {value!r}; expected {expected}"
    if error_type.startswith("date"):
        return f"{where} must be a date written YYYY-MM-DD, not {value!r}"
    if error_type == "value_error":
        message = str(item["msg"]).removeprefix("Value error, ")
        return f"{where} {value!r}: {message}" if isinstance(value, str) else f"{where}: {message}"
    return f"{where}: {item['msg']}"


def _collect_refs(
    entity: Entity, doc: YamlDocument, display: str, problems: list[Diagnostic]
) -> None:
    spec = entity.spec
    # Read from the parsed document, since placeholders may have replaced the spec's values.
    positions = doc.field_positions(("spec",))
    for relation in RELATION_FIELDS.get(entity.ref.kind, ()):
        raw = spec.get(relation.field)
        if raw is None:
            continue
        values = raw if isinstance(raw, list) else [raw]
        places = positions.get(relation.field, [])
        for index, value in enumerate(values):
            line, column = places[index] if index < len(places) else doc.start
            try:
                target = parse_ref(
                    value,
                    default_kind=relation.default_kind,
                    default_namespace=entity.ref.namespace,
                )
            except RefError as error:
                problems.append(
                    diagnostic(
                        "TDA112",
                        f"spec.{relation.field}: {error}",
                        file=display,
                        line=line,
                        column=column,
                        document=doc.index,
                        ref=str(entity.ref),
                        hint=_HINTS["TDA112"],
                    )
                )
                continue
            entity.refs.append(
                FieldRef(
                    relation.field,
                    str(value),
                    target,
                    relation.outgoing,
                    relation.incoming,
                    line,
                    column,
                )
            )


_REMOTE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def _resolve_placeholders(
    node: Any,
    path: tuple[Any, ...],
    doc: YamlDocument,
    file: Path,
    display: str,
    limits: Limits,
    result: DocumentResult,
) -> Any:
    """Backstage's $text / $json / $yaml substitution, read from files beside the descriptor."""
    if isinstance(node, list):
        return [
            _resolve_placeholders(item, (*path, i), doc, file, display, limits, result)
            for i, item in enumerate(node)
        ]
    if not isinstance(node, dict):
        return node
    keys = list(node)
    if not any(isinstance(key, str) and key.startswith("$") for key in keys):
        return {
            key: _resolve_placeholders(value, (*path, key), doc, file, display, limits, result)
            for key, value in node.items()
        }
    if len(keys) != 1 or keys[0] not in ("$text", "$json", "$yaml"):
        return node
    key = keys[0]
    value = node[key]
    line, column = doc.locate((*path, key))

    def problem(message: str) -> None:
        result.diagnostics.append(
            diagnostic(
                "TDA113", message, file=display, line=line, column=column, document=doc.index
            )
        )

    if not isinstance(value, str):
        problem(f"placeholder {key} needs a string: a relative path or an absolute URL")
        return node
    if _REMOTE.match(value):
        # Offline: the definition is not fetched; keep the address so pages can link to it.
        return value if key == "$text" else {}
    target = (file.parent / value).resolve()
    result.placeholder_targets.append(target)
    try:
        text = target.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8"
        problem(f"placeholder {key} cannot read {value}: {reason}")
        return node
    if key == "$text":
        return text
    if key == "$json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            problem(f"placeholder $json: {value} is not JSON ({error.msg} at line {error.lineno})")
            return node
    parsed = read_yaml_file(target, value, limits)
    if parsed.diagnostics or len(parsed.documents) != 1:
        problem(f"placeholder $yaml: {value} must hold exactly one valid YAML document")
        return node
    return parsed.documents[0].data
