"""An API's reference, read from its OpenAPI (3.x, or Swagger 2) or AsyncAPI (2.x, 3.x) definition.

Only data is computed here: operations, their parameters, request and response bodies as rows
of schema fields, and examples (the definition's own, or made from the schema and said so). The
template `api.j2` lays it out, so the page needs no script from anywhere.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from tda.catalog.entity import Entity
from tda.catalog.refs import try_parse_ref
from tda.site.pages import Asset, Link
from tda.yamlio import read_yaml_text

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
MAX_DEPTH = 8
MAX_ROWS = 400
FILE_TYPES = {
    # API type -> (file extension, media type) when the definition is not JSON
    "openapi": ("yaml", "application/yaml"),
    "asyncapi": ("yaml", "application/yaml"),
    "swagger": ("yaml", "application/yaml"),
    "graphql": ("graphql", "application/graphql"),
    "grpc": ("proto", "text/plain"),
}


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    depth: int
    type: str
    required: bool
    description: str
    constraints: str


@dataclass(frozen=True, slots=True)
class Body:
    media_type: str
    description: str
    fields: list[Field]
    example: str
    example_given: bool  # False when the example was made from the schema


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    location: str
    required: bool
    type: str
    description: str
    example: str


@dataclass(frozen=True, slots=True)
class Response:
    status: str
    description: str
    bodies: list[Body]


@dataclass
class Operation:
    anchor: str
    method: str  # GET, POST... or, for AsyncAPI, send / receive
    path: str  # path or channel
    summary: str
    description: str = ""
    operation_id: str = ""
    deprecated: bool = False
    tags: list[str] = field(default_factory=list)
    parameters: list[Parameter] = field(default_factory=list)
    requests: list[Body] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)


@dataclass
class Reference:
    api_type: str
    format: str  # "OpenAPI 3.0.1", "AsyncAPI 2.6.0", or the API's type
    title: str
    version: str
    description: str
    download: Link | None
    media_type: str
    servers: list[str] = field(default_factory=list)
    operations: list[Operation] = field(default_factory=list)
    published_at: Link | None = None
    raw: str = ""  # shown as text when there is no structure to render
    problem: str = ""


class _Resolver:
    """Local $refs (#/...) followed, with loops and depth cut short."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root

    def resolve(self, node: Any) -> tuple[Any, str]:
        name = ""
        hops = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and hops < 20:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                return {"description": f"defined elsewhere: {ref}"}, ref
            target: Any = self.root
            for part in ref[2:].split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                target = target.get(part) if isinstance(target, dict) else None
            name, node, hops = ref.rsplit("/", 1)[-1], target, hops + 1
        return (node if isinstance(node, dict) else {}), name


def _d(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _l(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    return "" if value is None or isinstance(value, (dict, list)) else str(value)


def _type_of(schema: dict[str, Any], name: str, resolver: _Resolver) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = " or ".join(str(k) for k in kind)
    if kind == "array":
        items, item_name = resolver.resolve(schema.get("items"))
        return f"array of {item_name or _type_of(items, '', resolver)}"
    for combiner, word in (("oneOf", "one of"), ("anyOf", "any of")):
        if isinstance(schema.get(combiner), list):
            names = [
                resolver.resolve(v)[1] or _type_of(resolver.resolve(v)[0], "", resolver)
                for v in schema[combiner]
            ]
            return f"{word} " + " | ".join(names)
    label = str(kind) if kind else ("object" if "properties" in schema else "any")
    return f"{label} ({name})" if name and label == "object" else label


def _constraints(schema: dict[str, Any]) -> str:
    parts = []
    if schema.get("format"):
        parts.append(f"format {schema['format']}")
    if isinstance(schema.get("enum"), list):
        parts.append("one of " + ", ".join(json.dumps(v) for v in schema["enum"][:20]))
    for key, word in (
        ("minLength", "at least {} characters"),
        ("maxLength", "at most {} characters"),
        ("minimum", "at least {}"),
        ("maximum", "at most {}"),
        ("minItems", "at least {} items"),
        ("maxItems", "at most {} items"),
        ("pattern", "matches {}"),
    ):
        if key in schema and not isinstance(schema[key], (dict, list)):
            parts.append(word.format(schema[key]))
    if "default" in schema:
        parts.append(f"default {json.dumps(schema['default'], default=str)}")
    for flag in ("readOnly", "writeOnly", "nullable", "deprecated"):
        if schema.get(flag) is True:
            parts.append({"readOnly": "read only", "writeOnly": "write only"}.get(flag, flag))
    return "; ".join(parts)


def _merged(schema: dict[str, Any], resolver: _Resolver) -> dict[str, Any]:
    """allOf folded into one schema: properties and required lists joined."""
    if not isinstance(schema.get("allOf"), list):
        return schema
    merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    merged.setdefault("properties", {})
    merged["required"] = list(_l(merged.get("required")))
    for part in schema["allOf"]:
        resolved, _ = resolver.resolve(part)
        resolved = _merged(resolved, resolver)
        merged["properties"] = {**_d(merged["properties"]), **_d(resolved.get("properties"))}
        merged["required"] += list(_l(resolved.get("required")))
        for key in ("type", "description"):
            if key in resolved and key not in merged:
                merged[key] = resolved[key]
    return merged


def fields_of(schema: Any, resolver: _Resolver) -> list[Field]:
    """A schema's fields as rows, nested names written as paths: identifiers[].value."""
    rows: list[Field] = []

    def walk(node: Any, path: str, depth: int, required: bool, seen: frozenset[str]) -> None:
        if len(rows) >= MAX_ROWS:
            return
        resolved, name = resolver.resolve(node)
        resolved = _merged(resolved, resolver)
        if path:
            rows.append(
                Field(
                    path,
                    depth,
                    _type_of(resolved, name, resolver),
                    required,
                    _text(resolved.get("description") or resolved.get("title")),
                    _constraints(resolved),
                )
            )
        if name and name in seen:
            return  # a schema that contains itself: its fields are listed above
        if depth >= MAX_DEPTH:
            return
        inner = seen | {name} if name else seen
        needed = {str(x) for x in _l(resolved.get("required"))}
        properties = resolved.get("properties")
        if isinstance(properties, dict):
            for key, value in properties.items():
                walk(value, f"{path}.{key}" if path else str(key), depth + 1, key in needed, inner)
        if resolved.get("type") == "array" or "items" in resolved:
            walk_items(resolved.get("items"), path, depth, inner)

    def walk_items(items: Any, path: str, depth: int, seen: frozenset[str]) -> None:
        resolved, name = resolver.resolve(items)
        resolved = _merged(resolved, resolver)
        if name and name in seen:
            return
        properties = resolved.get("properties")
        if isinstance(properties, dict):
            needed = {str(x) for x in _l(resolved.get("required"))}
            for key, value in properties.items():
                walk(
                    value,
                    f"{path}[].{key}" if path else f"[].{key}",
                    depth + 1,
                    key in needed,
                    seen | ({name} if name else set()),
                )

    walk(schema, "", 0, False, frozenset())
    return rows


def example_of(
    schema: Any, resolver: _Resolver, depth: int = 0, seen: frozenset[str] = frozenset()
) -> Any:
    """A value that fits the schema, from its examples and defaults where it gives them."""
    resolved, name = resolver.resolve(schema)
    resolved = _merged(resolved, resolver)
    for key in ("example", "default"):
        if key in resolved:
            return resolved[key]
    if isinstance(resolved.get("examples"), list) and resolved["examples"]:
        return resolved["examples"][0]
    if isinstance(resolved.get("enum"), list) and resolved["enum"]:
        return resolved["enum"][0]
    if depth > MAX_DEPTH or (name and name in seen):
        return {}
    inner = seen | {name} if name else seen
    for combiner in ("oneOf", "anyOf"):
        if isinstance(resolved.get(combiner), list) and resolved[combiner]:
            return example_of(resolved[combiner][0], resolver, depth + 1, inner)
    kind = resolved.get("type")
    if kind == "array":
        return [example_of(resolved.get("items"), resolver, depth + 1, inner)]
    if kind == "object" or isinstance(resolved.get("properties"), dict):
        return {
            str(key): example_of(value, resolver, depth + 1, inner)
            for key, value in _d(resolved.get("properties")).items()
        }
    samples = {
        "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "date": "2026-01-31",
        "date-time": "2026-01-31T09:30:00Z",
        "email": "name@example.org",
        "uri": "https://example.org/",
    }
    if kind == "string":
        return samples.get(str(resolved.get("format")), "string")
    return {"integer": 0, "number": 0.0, "boolean": True}.get(str(kind))


def _dump(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


def _bodies(content: Any, resolver: _Resolver, description: str = "") -> list[Body]:
    found = []
    for media_type, media in (content or {}).items() if isinstance(content, dict) else []:
        media = media if isinstance(media, dict) else {}
        schema = media.get("schema")
        given: Any = None
        if "example" in media:
            given = media["example"]
        elif isinstance(media.get("examples"), dict) and media["examples"]:
            first, _ = resolver.resolve(next(iter(media["examples"].values())))
            given = first.get("value") if isinstance(first, dict) else None
        example = given if given is not None else (example_of(schema, resolver) if schema else None)
        found.append(
            Body(
                str(media_type),
                description,
                fields_of(schema, resolver) if schema else [],
                _dump(example) if example is not None else "",
                given is not None,
            )
        )
    return found


def _parameter(raw: Any, resolver: _Resolver) -> Parameter | None:
    param, _ = resolver.resolve(raw)
    if not param.get("name"):
        return None
    schema, schema_name = resolver.resolve(param.get("schema") or param)
    example = param.get("example", schema.get("example"))
    return Parameter(
        str(param["name"]),
        str(param.get("in", "")),
        bool(param.get("required")) or param.get("in") == "path",
        " ".join(x for x in (_type_of(schema, schema_name, resolver), _constraints(schema)) if x),
        _text(param.get("description")),
        _dump(example) if example is not None else "",
    )


def _anchor(*parts: str) -> str:
    text = "-".join(parts).lower()
    return "op-" + "-".join(part for part in re.split(r"[^a-z0-9]+", text) if part)


def _openapi(data: dict[str, Any], resolver: _Resolver) -> list[Operation]:
    operations = []
    swagger = "swagger" in data
    for path, item in (
        (data.get("paths") or {}).items() if isinstance(data.get("paths"), dict) else []
    ):
        item, _ = resolver.resolve(item)
        shared = item.get("parameters") if isinstance(item.get("parameters"), list) else []
        for method, raw in item.items():
            if str(method).lower() not in HTTP_METHODS or not isinstance(raw, dict):
                continue
            own = raw.get("parameters") if isinstance(raw.get("parameters"), list) else []
            params = [p for p in (_parameter(x, resolver) for x in [*shared, *own]) if p]
            op = Operation(
                _anchor(str(method), str(path)),
                str(method).upper(),
                str(path),
                _text(raw.get("summary")),
                _text(raw.get("description")),
                _text(raw.get("operationId")),
                raw.get("deprecated") is True,
                [str(t) for t in _l(raw.get("tags")) if not isinstance(t, (dict, list))],
            )
            if swagger:
                bodies = [resolver.resolve(x)[0] for x in [*shared, *own]]
                op.parameters = [p for p in params if p.location != "body"]
                op.requests = [
                    b
                    for body in bodies
                    if body.get("in") == "body"
                    for b in _bodies(
                        {"application/json": {"schema": body.get("schema")}},
                        resolver,
                        _text(body.get("description")),
                    )
                ]
            else:
                op.parameters = params
                request, _ = resolver.resolve(raw.get("requestBody"))
                op.requests = _bodies(
                    request.get("content"), resolver, _text(request.get("description"))
                )
            for status, response in (
                (raw.get("responses") or {}).items()
                if isinstance(raw.get("responses"), dict)
                else []
            ):
                response, _ = resolver.resolve(response)
                content = response.get("content")
                if swagger and response.get("schema"):
                    content = {
                        "application/json": {
                            "schema": response["schema"],
                            **(
                                {"example": response["examples"]["application/json"]}
                                if isinstance(response.get("examples"), dict)
                                and "application/json" in response["examples"]
                                else {}
                            ),
                        }
                    }
                op.responses.append(
                    Response(
                        str(status), _text(response.get("description")), _bodies(content, resolver)
                    )
                )
            operations.append(op)
    return operations


def _message_bodies(messages: list[Any], resolver: _Resolver) -> list[Body]:
    bodies = []
    for raw in messages:
        message, name = resolver.resolve(raw)
        payload = message.get("payload")
        given = None
        if isinstance(message.get("examples"), list) and message["examples"]:
            first = message["examples"][0]
            given = first.get("payload") if isinstance(first, dict) else None
        example = (
            given if given is not None else (example_of(payload, resolver) if payload else None)
        )
        label = _text(message.get("title") or message.get("name") or name) or "message"
        bodies.append(
            Body(
                str(message.get("contentType") or "application/json"),
                " ".join(
                    x
                    for x in (
                        label + ":",
                        _text(message.get("summary") or message.get("description")),
                    )
                    if x
                ),
                fields_of(payload, resolver) if payload else [],
                _dump(example) if example is not None else "",
                given is not None,
            )
        )
    return bodies


def _messages(raw: Any, resolver: _Resolver) -> list[Any]:
    message, _ = resolver.resolve(raw)
    if isinstance(message.get("oneOf"), list):
        return list(message["oneOf"])
    return [raw] if raw else []


def _asyncapi(data: dict[str, Any], resolver: _Resolver) -> list[Operation]:
    operations = []
    channels = data.get("channels") if isinstance(data.get("channels"), dict) else {}
    if str(data.get("asyncapi", "")).startswith("2"):
        for name, channel in channels.items():
            channel, _ = resolver.resolve(channel)
            params = [
                Parameter(
                    str(key),
                    "channel",
                    True,
                    _type_of(resolver.resolve(value)[0].get("schema") or {}, "", resolver),
                    _text(resolver.resolve(value)[0].get("description")),
                    "",
                )
                for key, value in _d(channel.get("parameters")).items()
            ]
            for action, word in (("publish", "publish"), ("subscribe", "subscribe")):
                raw = channel.get(action)
                if not isinstance(raw, dict):
                    continue
                op = Operation(
                    _anchor(word, str(name)),
                    word.upper(),
                    str(name),
                    _text(raw.get("summary")),
                    _text(raw.get("description") or channel.get("description")),
                    _text(raw.get("operationId")),
                )
                op.parameters = params
                op.requests = _message_bodies(_messages(raw.get("message"), resolver), resolver)
                operations.append(op)
        return operations
    for op_id, raw in (
        (data.get("operations") or {}).items() if isinstance(data.get("operations"), dict) else []
    ):
        raw, _ = resolver.resolve(raw)
        channel, channel_name = resolver.resolve(raw.get("channel"))
        address = _text(channel.get("address")) or channel_name
        messages = (
            raw.get("messages")
            if isinstance(raw.get("messages"), list)
            else list(_d(channel.get("messages")).values())
        )
        op = Operation(
            _anchor(str(op_id)),
            str(raw.get("action", "")).upper(),
            address,
            _text(raw.get("summary") or raw.get("title")),
            _text(raw.get("description")),
            str(op_id),
        )
        op.requests = _message_bodies(messages, resolver)
        operations.append(op)
    return operations


def _servers(data: dict[str, Any]) -> list[str]:
    servers = data.get("servers")
    if isinstance(servers, list):
        return [_text(s.get("url")) for s in servers if isinstance(s, dict) and s.get("url")]
    if isinstance(servers, dict):
        return [
            _text(
                s.get("url")
                or f"{s.get('protocol', '')}://{s.get('host', '')}{s.get('pathname', '')}"
            )
            for s in servers.values()
            if isinstance(s, dict)
        ]
    return []


def reference(entity: Entity, folder: str) -> tuple[Reference | None, Asset | None]:
    """The API's reference, and its definition as a file under its own name, beside the page."""
    spec = entity.spec
    definition = spec.get("definition")
    api_type = str(spec.get("type", ""))
    if not isinstance(definition, str):
        return None, None
    if try_parse_ref(definition) is None and definition.startswith(("http://", "https://")):
        return Reference(
            api_type, api_type, entity.title, "", "", None, "", published_at=Link.to(definition)
        ), None
    is_json = definition.lstrip().startswith("{")
    extension, media_type = FILE_TYPES.get(api_type, ("txt", "text/plain"))
    if is_json and api_type in ("openapi", "asyncapi", "swagger"):
        extension, media_type = "json", "application/json"
    # person-api.openapi.yaml, schema.graphql, service.proto: the name says what the file is.
    typed = api_type in ("openapi", "asyncapi", "swagger")
    filename = f"{entity.name}.{api_type}.{extension}" if typed else f"{entity.name}.{extension}"
    asset = Asset(folder + filename, definition)
    download = Link(filename, filename)
    ref = Reference(api_type, api_type, entity.title, "", "", download, media_type)
    if api_type not in ("openapi", "asyncapi", "swagger"):
        ref.raw = definition
        return ref, asset
    parsed = read_yaml_text(definition, "definition")
    data = parsed.documents[0].data if parsed.documents and not parsed.diagnostics else None
    if not isinstance(data, dict):
        ref.raw, ref.problem = (
            definition,
            "The definition could not be read, so it is shown as written.",
        )
        return ref, asset
    info = data.get("info") if isinstance(data.get("info"), dict) else {}
    resolver = _Resolver(data)
    version_key = next((k for k in ("openapi", "swagger", "asyncapi") if k in data), "")
    names = {"openapi": "OpenAPI", "swagger": "Swagger", "asyncapi": "AsyncAPI"}
    ref.format = f"{names[version_key]} {data[version_key]}" if version_key else api_type
    ref.title, ref.version = _text(info.get("title")) or entity.title, _text(info.get("version"))
    ref.description = _text(info.get("description"))
    ref.servers = [s for s in _servers(data) if s]
    ref.operations = (
        _asyncapi(data, resolver) if version_key == "asyncapi" else _openapi(data, resolver)
    )
    seen: set[str] = set()
    for op in ref.operations:
        while op.anchor in seen:
            op.anchor += "-2"
        seen.add(op.anchor)
    if not ref.operations:
        ref.raw = definition
    return ref, asset
