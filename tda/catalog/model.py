"""Backstage's entity kinds as pydantic models: the one statement of the descriptor format.

Field formats follow `@backstage/catalog-model` exactly (KubernetesValidatorFunctions and the
kind JSON schemas): the same regular expressions, the same lengths, the same required fields.
JSON Schema for editors is generated from these models.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)

from tda.catalog.council import CouncilFields
from tda.catalog.urls import is_url

_DNS_LABEL = r"[a-z0-9]+(?:-+[a-z0-9]+)*"
_OBJECT_NAME = r"(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_PREFIX = rf"{_DNS_LABEL}(?:\.{_DNS_LABEL})*"

NAME_PATTERN = rf"^{_OBJECT_NAME}$"
NAMESPACE_PATTERN = rf"^{_DNS_LABEL}$"
KIND_PATTERN = r"^[a-zA-Z][a-z0-9A-Z]*$"
API_VERSION_PATTERN = rf"^(?:{_PREFIX}/)?[a-zA-Z0-9]+$"
PREFIXED_NAME_PATTERN = rf"^(?:{_PREFIX}/)?{_OBJECT_NAME}$"
TAG_PATTERN = r"^[a-z0-9:+#]+(?:-[a-z0-9:+#]+)*$"


def _check_prefix_parts(value: str) -> str:
    """Backstage bounds each part separately: prefix <= 253, each DNS label <= 63, suffix <= 63."""
    prefix, _, suffix = value.rpartition("/")
    if len(suffix) > 63:
        raise ValueError("the part after '/' is longer than 63 characters")
    if prefix:
        if len(prefix) > 253:
            raise ValueError("the part before '/' is longer than 253 characters")
        if any(len(label) > 63 for label in prefix.split(".")):
            raise ValueError("a DNS label in the prefix is longer than 63 characters")
    return value


def check_url(value: str) -> str:
    """What Node's `new URL()` accepts (the WHATWG URL standard), as Backstage checks links."""
    if not is_url(value):
        raise ValueError("not a valid URL")
    return value


def check_not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


def _text(min_length: int = 1) -> Any:
    return StringConstraints(strict=True, min_length=min_length)


NonEmpty = Annotated[str, _text()]
Name = Annotated[str, StringConstraints(strict=True, max_length=63, pattern=NAME_PATTERN)]
Namespace = Annotated[str, StringConstraints(strict=True, max_length=63, pattern=NAMESPACE_PATTERN)]
Kind = Annotated[str, StringConstraints(strict=True, max_length=63, pattern=KIND_PATTERN)]
ApiVersion = Annotated[
    str,
    StringConstraints(strict=True, pattern=API_VERSION_PATTERN),
    AfterValidator(_check_prefix_parts),
]
PrefixedName = Annotated[
    str,
    StringConstraints(strict=True, pattern=PREFIXED_NAME_PATTERN),
    AfterValidator(_check_prefix_parts),
]
LabelValue = Annotated[
    str, StringConstraints(strict=True, max_length=63, pattern=rf"^(?:{_OBJECT_NAME})?$")
]
Tag = Annotated[str, StringConstraints(strict=True, max_length=63, pattern=TAG_PATTERN)]
Url = Annotated[str, _text(), AfterValidator(check_url)]
NonBlank = Annotated[str, _text(), AfterValidator(check_not_blank)]
Ref = Annotated[str, _text(), Field(description="entity reference [kind:][namespace/]name")]


# What an editor should accept for a field that may be written as a placeholder: the value,
# or {$text | $json | $yaml: path}, which tda replaces with the file's content before checking.
_PLACEHOLDER_SCHEMA = {
    "type": "object",
    "properties": {key: {"type": "string", "minLength": 1} for key in ("$text", "$json", "$yaml")},
    "minProperties": 1,
    "maxProperties": 1,
    "additionalProperties": False,
}
Definition = Annotated[
    str,
    _text(),
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1}, _PLACEHOLDER_SCHEMA]}),
]


class Link(BaseModel):
    model_config = ConfigDict(extra="allow")

    url: Url
    title: NonBlank = None  # type: ignore[assignment]
    icon: NonBlank = None  # type: ignore[assignment]
    type: NonEmpty = None  # type: ignore[assignment]


class Metadata(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: Name
    namespace: Namespace = "default"
    title: NonEmpty = None  # type: ignore[assignment]
    description: Annotated[str, StringConstraints(strict=True)] = None  # type: ignore[assignment]
    labels: dict[PrefixedName, LabelValue] = None  # type: ignore[assignment]
    annotations: dict[PrefixedName, Annotated[str, StringConstraints(strict=True)]] = None  # type: ignore[assignment]
    tags: list[Tag] = None  # type: ignore[assignment]
    links: list[Link] = None  # type: ignore[assignment]
    uid: NonEmpty = None  # type: ignore[assignment]
    etag: NonEmpty = None  # type: ignore[assignment]


class Envelope(BaseModel):
    """Any entity, before its kind is known: what every kind has in common."""

    model_config = ConfigDict(extra="forbid")

    apiVersion: ApiVersion
    kind: Kind
    metadata: Metadata
    spec: dict[str, Any] = None  # type: ignore[assignment]


BackstageApiVersion = Literal["backstage.io/v1alpha1", "backstage.io/v1beta1"]


class Profile(BaseModel):
    model_config = ConfigDict(extra="allow")

    displayName: NonEmpty = None  # type: ignore[assignment]
    email: NonEmpty = None  # type: ignore[assignment]
    picture: NonEmpty = None  # type: ignore[assignment]


class ComponentSpec(CouncilFields):
    type: NonEmpty = Field(description="e.g. service, website, library")
    lifecycle: NonEmpty = Field(description="e.g. experimental, production, deprecated")
    owner: Ref
    system: Ref = None  # type: ignore[assignment]
    subcomponentOf: Ref = None  # type: ignore[assignment]
    providesApis: list[Ref] = None  # type: ignore[assignment]
    consumesApis: list[Ref] = None  # type: ignore[assignment]
    dependsOn: list[Ref] = None  # type: ignore[assignment]


class ApiSpec(CouncilFields):
    type: NonEmpty = Field(description="e.g. openapi, asyncapi, graphql, grpc")
    lifecycle: NonEmpty
    owner: Ref
    system: Ref = None  # type: ignore[assignment]
    definition: Definition = Field(description="the definition itself, or {$text: ./file}")


class ResourceSpec(CouncilFields):
    type: NonEmpty = Field(description="e.g. database, s3-bucket, cluster")
    owner: Ref
    system: Ref = None  # type: ignore[assignment]
    dependsOn: list[Ref] = None  # type: ignore[assignment]


class SystemSpec(CouncilFields):
    owner: Ref
    domain: Ref = None  # type: ignore[assignment]
    type: NonEmpty = None  # type: ignore[assignment]


class DomainSpec(BaseModel):
    model_config = ConfigDict(extra="allow")

    owner: Ref
    subdomainOf: Ref = None  # type: ignore[assignment]
    type: NonEmpty = None  # type: ignore[assignment]


class GroupSpec(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: NonEmpty = Field(description="e.g. team, business-unit, root")
    profile: Profile = None  # type: ignore[assignment]
    parent: Ref = None  # type: ignore[assignment]
    children: list[Ref]
    members: list[Ref] = None  # type: ignore[assignment]


class UserSpec(BaseModel):
    model_config = ConfigDict(extra="allow")

    profile: Profile = None  # type: ignore[assignment]
    memberOf: list[Ref]


class LocationSpec(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: NonEmpty = None  # type: ignore[assignment]
    target: NonEmpty = None  # type: ignore[assignment]
    targets: list[NonEmpty] = None  # type: ignore[assignment]
    presence: Literal["required", "optional"] = None  # type: ignore[assignment]


class TemplateStep(BaseModel):
    model_config = ConfigDict(extra="allow")

    action: NonEmpty
    id: NonEmpty = None  # type: ignore[assignment]
    name: NonEmpty = None  # type: ignore[assignment]
    input: dict[str, Any] = None  # type: ignore[assignment]
    if_: Annotated[str | bool | None, Field(alias="if")] = None


class TemplateSpec(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    type: NonEmpty
    owner: Ref = None  # type: ignore[assignment]
    lifecycle: NonEmpty = None  # type: ignore[assignment]
    parameters: dict[str, Any] | list[dict[str, Any]] = None  # type: ignore[assignment]
    steps: list[TemplateStep]
    output: dict[str, Any] = None  # type: ignore[assignment]


class _Entity(Envelope):
    apiVersion: BackstageApiVersion  # type: ignore[assignment]


class ComponentEntity(_Entity):
    kind: Literal["Component"]  # type: ignore[assignment]
    spec: ComponentSpec  # type: ignore[assignment]


class ApiEntity(_Entity):
    kind: Literal["API"]  # type: ignore[assignment]
    spec: ApiSpec  # type: ignore[assignment]


class ResourceEntity(_Entity):
    kind: Literal["Resource"]  # type: ignore[assignment]
    spec: ResourceSpec  # type: ignore[assignment]


class SystemEntity(_Entity):
    kind: Literal["System"]  # type: ignore[assignment]
    spec: SystemSpec  # type: ignore[assignment]


class DomainEntity(_Entity):
    kind: Literal["Domain"]  # type: ignore[assignment]
    spec: DomainSpec  # type: ignore[assignment]


class GroupEntity(_Entity):
    kind: Literal["Group"]  # type: ignore[assignment]
    spec: GroupSpec  # type: ignore[assignment]


class UserEntity(_Entity):
    kind: Literal["User"]  # type: ignore[assignment]
    spec: UserSpec  # type: ignore[assignment]


class LocationEntity(_Entity):
    kind: Literal["Location"]  # type: ignore[assignment]
    spec: LocationSpec  # type: ignore[assignment]


class TemplateEntity(Envelope):
    apiVersion: Literal["scaffolder.backstage.io/v1beta3"]  # type: ignore[assignment]
    kind: Literal["Template"]  # type: ignore[assignment]
    spec: TemplateSpec  # type: ignore[assignment]


KIND_MODELS: dict[str, type[Envelope]] = {
    "Component": ComponentEntity,
    "API": ApiEntity,
    "Resource": ResourceEntity,
    "System": SystemEntity,
    "Domain": DomainEntity,
    "Group": GroupEntity,
    "User": UserEntity,
    "Location": LocationEntity,
    "Template": TemplateEntity,
}


_MODEL_BY_VERSION: dict[tuple[str, str], type[Envelope]] = {
    (version, kind): model
    for kind, model in KIND_MODELS.items()
    for version in model.model_fields["apiVersion"].annotation.__args__  # type: ignore[union-attr]
}


def model_for(api_version: object, kind: object) -> type[Envelope] | None:
    """The model Backstage would validate this entity with, or None when no processor would."""
    if not isinstance(api_version, str) or not isinstance(kind, str):
        return None
    return _MODEL_BY_VERSION.get((api_version, kind))
