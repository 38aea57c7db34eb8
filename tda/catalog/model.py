"""Backstage's entity kinds as pydantic models: the one statement of the descriptor format.

Field formats follow `@backstage/catalog-model` exactly (KubernetesValidatorFunctions and the
kind JSON schemas): the same regular expressions, the same lengths, the same required fields.
JSON Schema for editors is generated from these models.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from tda.catalog.council import CouncilFields

_DNS_LABEL = r"[a-z0-9]+(?:-+[a-z0-9]+)*"
_OBJECT_NAME = r"(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_PREFIX = rf"{_DNS_LABEL}(?:\.{_DNS_LABEL})*"

NAME_PATTERN = rf"^{_OBJECT_NAME}$"
NAMESPACE_PATTERN = rf"^{_DNS_LABEL}$"
KIND_PATTERN = r"^[a-zA-Z][a-z0-9A-Z]*$"
API_VERSION_PATTERN = rf"^(?:{_PREFIX}/)?[a-zA-Z0-9]+$"
PREFIXED_NAME_PATTERN = rf"^(?:{_PREFIX}/)?{_OBJECT_NAME}$"
TAG_PATTERN = r"^[a-z0-9:+#]+(?:-[a-z0-9:+#]+)*$"

_SPECIAL_SCHEMES = {"http", "https", "ftp", "ws", "wss", "file"}


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
    """Roughly what the WHATWG `new URL()` accepts: a scheme, and a host for web schemes."""
    scheme, sep, rest = value.partition(":")
    if not sep or not scheme or not scheme[0].isalpha():
        raise ValueError("not an absolute URL")
    if not all(ch.isalnum() or ch in "+-." for ch in scheme):
        raise ValueError("not an absolute URL")
    if scheme.lower() in _SPECIAL_SCHEMES and scheme.lower() != "file":
        host = rest.lstrip("/\\").split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
        host = host.rpartition("@")[2]
        if not host or any(ch in host for ch in ' <>^|%"`{}'):
            raise ValueError("the URL has no valid host")
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


class Link(BaseModel):
    model_config = ConfigDict(extra="allow")

    url: Url
    title: NonBlank | None = None
    icon: NonBlank | None = None
    type: NonEmpty | None = None


class Metadata(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: Name
    namespace: Namespace = "default"
    title: NonEmpty | None = None
    description: Annotated[str, StringConstraints(strict=True)] | None = None
    labels: dict[PrefixedName, LabelValue] | None = None
    annotations: dict[PrefixedName, Annotated[str, StringConstraints(strict=True)]] | None = None
    tags: list[Tag] | None = None
    links: list[Link] | None = None
    uid: NonEmpty | None = None
    etag: NonEmpty | None = None


class Envelope(BaseModel):
    """Any entity, before its kind is known: what every kind has in common."""

    model_config = ConfigDict(extra="forbid")

    apiVersion: ApiVersion
    kind: Kind
    metadata: Metadata
    spec: dict[str, Any] | None = None


BackstageApiVersion = Literal["backstage.io/v1alpha1", "backstage.io/v1beta1"]


class Profile(BaseModel):
    model_config = ConfigDict(extra="allow")

    displayName: NonEmpty | None = None
    email: NonEmpty | None = None
    picture: NonEmpty | None = None


class ComponentSpec(CouncilFields):
    type: NonEmpty = Field(description="e.g. service, website, library")
    lifecycle: NonEmpty = Field(description="e.g. experimental, production, deprecated")
    owner: Ref
    system: Ref | None = None
    subcomponentOf: Ref | None = None
    providesApis: list[Ref] | None = None
    consumesApis: list[Ref] | None = None
    dependsOn: list[Ref] | None = None


class ApiSpec(CouncilFields):
    type: NonEmpty = Field(description="e.g. openapi, asyncapi, graphql, grpc")
    lifecycle: NonEmpty
    owner: Ref
    system: Ref | None = None
    definition: NonEmpty = Field(description="the definition itself, or {$text: ./file}")


class ResourceSpec(CouncilFields):
    type: NonEmpty = Field(description="e.g. database, s3-bucket, cluster")
    owner: Ref
    system: Ref | None = None
    dependsOn: list[Ref] | None = None


class SystemSpec(CouncilFields):
    owner: Ref
    domain: Ref | None = None
    type: NonEmpty | None = None


class DomainSpec(BaseModel):
    model_config = ConfigDict(extra="allow")

    owner: Ref
    subdomainOf: Ref | None = None
    type: NonEmpty | None = None


class GroupSpec(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: NonEmpty = Field(description="e.g. team, business-unit, root")
    profile: Profile | None = None
    parent: Ref | None = None
    children: list[Ref]
    members: list[Ref] | None = None


class UserSpec(BaseModel):
    model_config = ConfigDict(extra="allow")

    profile: Profile | None = None
    memberOf: list[Ref]


class LocationSpec(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: NonEmpty | None = None
    target: NonEmpty | None = None
    targets: list[NonEmpty] | None = None
    presence: Literal["required", "optional"] | None = None


class TemplateStep(BaseModel):
    model_config = ConfigDict(extra="allow")

    action: NonEmpty
    id: NonEmpty | None = None
    name: NonEmpty | None = None
    input: dict[str, Any] | None = None
    if_: Annotated[str | bool | None, Field(alias="if")] = None


class TemplateSpec(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    type: NonEmpty
    owner: Ref | None = None
    lifecycle: NonEmpty | None = None
    parameters: dict[str, Any] | list[dict[str, Any]] | None = None
    steps: list[TemplateStep]
    output: dict[str, Any] | None = None


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
