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
from tda.catalog.spdx import licence_problem
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
    "TDA009": "start the document with apiVersion: and kind:",
    "TDA102": "use backstage.io/v1alpha1, or scaffolder.backstage.io/v1beta3 for a Template",
    "TDA103": "kinds are words such as Component, API, Resource, System, Group, User",
    "TDA106": "labels are short values such as production or team-a; "
    "put longer text in annotations",
    "TDA107": "annotation keys look like example.com/key; values are strings",
    "TDA111": "see the kind's fields in the README, or run `tda schema` for an editor schema",
    "TDA116": "a URL target is kept as a link but not read offline; "
    "put the file in the repository to have it checked and published",
    "TDA113": "point the placeholder at a file inside the repository, "
    "with a path relative to the descriptor",
    "TDA114": "metadata holds name, namespace, title, description, labels, annotations, "
    "tags and links",
    "TDA115": "this is a fault in tda; the other findings are complete. "
    "Please report the value with the file",
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
    "TDA302": "use SPDX ids joined by AND / OR, e.g. MIT or GPL-3.0-or-later; a licence not "
    "on the SPDX list, such as a bought product's terms, is written LicenseRef-name",
    "TDA303": "the web address of the source, e.g. https://github.com/LBHackney-IT/person-api",
    "TDA304": "each adopter is {organisation, since, evidence: self-declared|verified, contact}",
    "TDA305": "a list of names, or {name, organisation, url, ref} for basedOn",
    "TDA306": "a user reference such as user:jane.doe, or {name, email, role}",
    "TDA307": "each assessment is {standard: service-standard|tcop, phase, date, outcome, link}",
    "TDA320": "each objective is {objective, keyResults: [{id, metric, baseline, target, unit, "
    "due, measurements: [{date, value, source}]}]}",
    "TDA308": "publiccode holds lists of categories, platforms and scope, and maintenance: "
    "internal|contract|community|none",
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
                "TDA115",
                f"this document could not be checked ({type(error).__name__})",
                file=display,
                line=line,
                column=column,
                document=doc.index,
                hint=_HINTS["TDA115"],
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
                "TDA009",
                f"document is {_type_name(data)}, but a descriptor must be a mapping",
                file=display,
                line=line,
                column=column,
                document=doc.index,
                hint=_HINTS["TDA009"],
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
    if code == "TDA302" and path == ("spec", "licence"):
        value = (data.get("spec") or {}).get("licence")
        problem = licence_problem(value) if isinstance(value, str) else None
        if problem is not None and problem.suggestions:
            return f"did you mean {' or '.join(problem.suggestions)}?"
    return _HINTS.get(code)


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
                path, f"placeholder {key} points at {value}, which is not fetched", "TDA116"
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

    def report(self, path: tuple[Any, ...], message: str, code: str = "TDA113") -> None:
        if code == "TDA113":
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
                hint=_HINTS[code],
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
