"""One YAML document in, one valid Entity or located findings out (Backstage's own verdict)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tda import codes
from tda.catalog.council import COUNCIL_FIELD_CODES
from tda.catalog.entity import Entity, FieldRef
from tda.catalog.model import KIND_MODELS, Envelope, model_for
from tda.catalog.refs import RELATION_FIELDS, RefError, parse_ref, try_parse_ref
from tda.catalog.spdx import licence_problem
from tda.diagnostics import CODES, Diagnostic, diagnostic
from tda.yamlio import Limits, YamlDocument, read_yaml_file

_METADATA_CODES = {
    "name": codes.INVALID_NAME,
    "namespace": codes.INVALID_NAMESPACE,
    "labels": codes.INVALID_LABEL,
    "annotations": codes.INVALID_ANNOTATION,
    "tags": codes.INVALID_TAG,
    "links": codes.INVALID_LINK,
}
# Tags pydantic adds to a location for the members of a union; they are not keys in the data.
_UNION_TAGS = re.compile(
    r"^(str|int|bool|float|constrained-[a-z]+|list\[.*\]|dict\[.*\]|[A-Z][A-Za-z]*|function-.*)$"
)


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
    doc: YamlDocument,
    file: Path,
    display: str,
    limits: Limits,
    *,
    placeholders: bool = True,
    root: Path | None = None,
) -> DocumentResult:
    """Validate one document; `placeholders=False` skips the $text/$json/$yaml walk.

    Placeholders may only read files inside root (the descriptor's folder when not given).
    Never raises: a check that fails on a value nobody foresaw becomes a finding for this
    document, and every other document is still checked.
    """
    try:
        return _check_document(doc, file, display, limits, placeholders, root or file.parent)
    except Exception as error:  # the one net: a fault must not hide the other findings
        line, column = doc.start
        result = DocumentResult()
        result.diagnostics.append(
            diagnostic(
                codes.UNCHECKABLE_VALUE,
                f"this document could not be checked ({type(error).__name__})",
                file=display,
                line=line,
                column=column,
                document=doc.index,
            )
        )
        return result


def _check_document(
    doc: YamlDocument, file: Path, display: str, limits: Limits, placeholders: bool, root: Path
) -> DocumentResult:
    result = DocumentResult()
    data = doc.data
    if data is None:
        return result
    line, column = doc.start
    if not isinstance(data, dict):
        # Not an entity: a file that a placeholder reads (a list of outcomes, say) may be this.
        result.not_an_entity = True
        result.diagnostics.append(
            diagnostic(
                codes.NOT_A_MAPPING,
                f"document is {_type_name(data)}, but a descriptor must be a mapping",
                file=display,
                line=line,
                column=column,
                document=doc.index,
            )
        )
        return result
    if "apiVersion" not in data and "kind" not in data:
        result.not_an_entity = True
        result.diagnostics.append(
            diagnostic(
                codes.NOT_AN_ENTITY,
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
    unresolved: list[tuple[Any, ...]] = []
    if placeholders:
        context = _Placeholders(doc, file, display, limits, root.resolve(), result, unresolved)
        resolved = context.resolve(data, ())
    # A placeholder that could not be resolved is one finding; the rest is still checked.
    problems = _validate(resolved, doc, display, skip=unresolved)
    if problems or unresolved:
        result.diagnostics.extend(problems)
        result.flawed = _flawed(resolved, doc, display)
        return result
    metadata = resolved["metadata"]
    namespace = metadata.get("namespace") or "default"
    metadata["namespace"] = namespace
    ref = parse_ref(metadata["name"], default_kind=resolved["kind"], default_namespace=namespace)
    entity = Entity(ref, resolved, display, doc.index, line, column, source=file)
    _collect_refs(entity, doc, display, result.diagnostics)
    if not any(item.code == codes.MALFORMED_REF for item in result.diagnostics):
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
    if value is None:
        return "null"
    return type(value).__name__


def _validate(
    data: dict[str, Any],
    doc: YamlDocument,
    display: str,
    skip: list[tuple[Any, ...]] | None = None,
) -> list[Diagnostic]:
    model = model_for(data.get("apiVersion"), data.get("kind"))
    try:
        (model or Envelope).model_validate(data)
    except ValidationError as error:
        return _translate(error, data, doc, display, model is not None, skip or [])
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
            codes.UNKNOWN_KIND,
            message,
            file=display,
            line=line,
            column=column,
            document=doc.index,
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
        return codes.MALFORMED_ENVELOPE
    if head == "apiVersion":
        return codes.INVALID_API_VERSION if not kind_known else codes.UNKNOWN_KIND
    if head == "kind":
        return codes.INVALID_KIND
    if head == "metadata":
        if len(path) == 1:
            return codes.MALFORMED_ENVELOPE
        return _METADATA_CODES.get(path[1], codes.INVALID_METADATA)
    if head == "spec":
        if len(path) >= 2 and path[1] in COUNCIL_FIELD_CODES:
            return COUNCIL_FIELD_CODES[path[1]]
        return codes.INVALID_SPEC
    return codes.MALFORMED_ENVELOPE


def _translate(
    error: ValidationError,
    data: dict[str, Any],
    doc: YamlDocument,
    display: str,
    kind_known: bool,
    skip: list[tuple[Any, ...]],
) -> list[Diagnostic]:
    seen: set[tuple[Any, ...]] = set()
    found = []
    errors = error.errors(include_url=False)
    for item in errors:
        if _is_other_union_member(item):
            continue
        path = _data_path(item["loc"], data)
        if path in seen or any(path[: len(place)] == place for place in skip):
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
                hint=_hint(code, path, data),
            )
        )
    return found


def _hint(code: str, path: tuple[Any, ...], data: dict[str, Any]) -> str | None:
    """The code's hint; for a licence, the SPDX ids the user probably meant."""
    if code == codes.INVALID_LICENCE and path == ("spec", "licence"):
        value = (data.get("spec") or {}).get("licence")
        problem = licence_problem(value) if isinstance(value, str) else None
        if problem is not None and problem.suggestions:
            return f"did you mean {' or '.join(problem.suggestions)}?"
    return CODES[code].hint


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
    if error_type in ("string_pattern_mismatch", "string_too_long") and CODES[code].expected:
        subject = f"key {value!r} of {_dotted(path[:-1])}" if is_key else f'{where} "{value}"'
        return f"{subject} is not valid: expected {CODES[code].expected}"
    if error_type == "string_too_short":
        return f"{where} must not be empty"
    if error_type in (
        "string_type",
        "dict_type",
        "list_type",
        "model_type",
        "model_attributes_type",
        "bool_type",
        "bool_parsing",
        "int_type",
        "int_parsing",
        "float_type",
        "float_parsing",
    ):
        wanted = {
            "bool_type": "true or false",
            "bool_parsing": "true or false",
            "int_type": "a whole number",
            "int_parsing": "a whole number",
            "float_type": "a number",
            "float_parsing": "a number",
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
    message = str(item["msg"])
    if message.startswith("Input should be "):
        return f"{where} must be {message.removeprefix('Input should be ')}, not {value!r}"
    return f"{where}: {message}"


def _collect_refs(
    entity: Entity, doc: YamlDocument, display: str, problems: list[Diagnostic]
) -> None:
    spec = entity.spec
    for relation in RELATION_FIELDS.get(entity.ref.kind, ()):
        raw = spec.get(relation.field)
        if raw is None or raw == "":
            # Backstage emits no relation for an empty single value.
            continue
        many = isinstance(raw, list)
        for index, value in enumerate(raw if many else [raw]):
            try:
                target = parse_ref(
                    value,
                    default_kind=relation.default_kind,
                    default_namespace=entity.ref.namespace,
                )
            except RefError as error:
                # Read from the parsed document: placeholders may have replaced the values.
                path = ("spec", relation.field, index) if many else ("spec", relation.field)
                line, column = doc.locate(path)
                problems.append(
                    diagnostic(
                        codes.MALFORMED_REF,
                        f"spec.{relation.field}: {error}",
                        file=display,
                        line=line,
                        column=column,
                        document=doc.index,
                        ref=str(entity.ref),
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
                    index if many else None,
                )
            )


_REMOTE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_PLACEHOLDER_KEYS = ("$text", "$json", "$yaml")


@dataclass(slots=True)
class _Placeholders:
    """Backstage's $text / $json / $yaml substitution, confined to the repository: a target
    outside root (absolute, climbing with .., or a symbolic link out) is never read."""

    doc: YamlDocument
    file: Path
    display: str
    limits: Limits
    root: Path
    result: DocumentResult
    # Where a placeholder could not be resolved: its value is not checked further there.
    unresolved: list[tuple[Any, ...]]

    def resolve(self, node: Any, path: tuple[Any, ...]) -> Any:
        if isinstance(node, list):
            return [self.resolve(item, (*path, i)) for i, item in enumerate(node)]
        if not isinstance(node, dict):
            return node
        if not any(isinstance(key, str) and key.startswith("$") for key in node):
            return {key: self.resolve(value, (*path, key)) for key, value in node.items()}
        if len(node) != 1 or next(iter(node)) not in _PLACEHOLDER_KEYS:
            return node
        key, value = next(iter(node.items()))
        return self.substitute(node, key, value, (*path, key))

    def substitute(self, node: dict[str, Any], key: str, value: Any, path: tuple[Any, ...]) -> Any:
        if not isinstance(value, str) or not value:
            self.report(path, f"placeholder {key} needs a path relative to this file")
            return node
        if _REMOTE.match(value) and not _is_windows_drive(value):
            # Offline: nothing is fetched; keep the address so pages can link to it.
            self.report(
                path,
                f"placeholder {key} points at {value}, which is not fetched",
                codes.PLACEHOLDER_URL,
            )
            return value if key == "$text" else {}
        target = self.confined(value, key, path)
        if target is None:
            return node
        text = self.read(target, value, key, path)
        if text is None:
            return node
        parsed = _parse_placeholder(key, text, target, value, self.limits)
        if isinstance(parsed, _Unparsable):
            self.report(path, parsed.reason)
            return node
        return parsed

    def confined(self, value: str, key: str, path: tuple[Any, ...]) -> Path | None:
        """The file a relative path names, or None (with a finding) when it leaves the root."""
        if Path(value).is_absolute() or value.startswith(("/", "\\")) or _is_windows_drive(value):
            self.report(path, f"placeholder {key} {value}: an absolute path is never read")
            return None
        target = (self.file.parent / value).resolve()
        if not target.is_relative_to(self.root):
            self.report(path, f"placeholder {key} {value} is outside the repository; not read")
            return None
        self.result.placeholder_targets.append(target)
        return target

    def read(self, target: Path, value: str, key: str, path: tuple[Any, ...]) -> str | None:
        try:
            if not target.is_file():
                self.report(path, f"placeholder {key} cannot read {value}: not a file")
                return None
            if target.stat().st_size > self.limits.max_bytes:
                self.report(path, f"placeholder {key} {value} is over the size limit")
                return None
            return target.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) else "not UTF-8"
            self.report(path, f"placeholder {key} cannot read {value}: {reason}")
            return None

    def report(
        self, path: tuple[Any, ...], message: str, code: str = codes.PLACEHOLDER_UNRESOLVED
    ) -> None:
        if code == codes.PLACEHOLDER_UNRESOLVED:
            self.unresolved.append(path[:-1])
        line, column = self.doc.locate(path)
        self.result.diagnostics.append(
            diagnostic(
                code,
                message,
                file=self.display,
                line=line,
                column=column,
                document=self.doc.index,
                hint=CODES[code].hint,
            )
        )


@dataclass(frozen=True, slots=True)
class _Unparsable:
    reason: str


def _is_windows_drive(value: str) -> bool:
    return len(value) > 2 and value[0].isalpha() and value[1] == ":" and value[2] in "/\\"


def _parse_placeholder(key: str, text: str, target: Path, value: str, limits: Limits) -> Any:
    """The placeholder's value: the text itself, or the JSON or YAML document it holds."""
    if key == "$text":
        return text
    if key == "$json":
        try:
            return json.loads(text)
        except (json.JSONDecodeError, RecursionError) as error:
            where = f" ({error.msg} at line {error.lineno})" if hasattr(error, "msg") else ""
            return _Unparsable(f"placeholder $json: {value} is not JSON{where}")
    parsed = read_yaml_file(target, value, limits)
    if parsed.diagnostics or len(parsed.documents) != 1:
        return _Unparsable(f"placeholder $yaml: {value} must hold exactly one valid YAML document")
    return parsed.documents[0].data
