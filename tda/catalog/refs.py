"""Entity references, `[kind:][namespace/]name`, with Backstage's defaults per field."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple


class RefError(ValueError):
    """A reference that Backstage could not parse."""


class EntityRef(NamedTuple):
    """A fully qualified reference, all lower-case, so that it compares as Backstage's do.

    Build one with `EntityRef.of` (or `parse_ref`), which lower-cases each part.
    """

    kind: str
    namespace: str
    name: str

    @classmethod
    def of(cls, kind: str, namespace: str, name: str) -> EntityRef:
        return cls(kind.lower(), namespace.lower(), name.lower())

    def __str__(self) -> str:
        return f"{self.kind}:{self.namespace}/{self.name}"

    def short(self, default_namespace: str = "default") -> str:
        """The shortest form a person would write: the namespace only when it is not the default."""
        if self.namespace == default_namespace:
            return f"{self.kind}:{self.name}"
        return str(self)


def parse_ref(
    ref: object, *, default_kind: str | None = None, default_namespace: str = "default"
) -> EntityRef:
    """Parse a reference the way Backstage's `parseEntityRef` does."""
    if not isinstance(ref, str):
        raise RefError(f"entity reference must be a string, not {_kind_of_value(ref)}")
    return _parse(ref, default_kind, default_namespace)


def _kind_of_value(value: object) -> str:
    """What a YAML value is, in the words of the person who wrote it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "a value of another type"


@lru_cache(maxsize=65536)
def _parse(ref: str, default_kind: str | None, default_namespace: str) -> EntityRef:
    # The same few owners, systems and APIs are named thousands of times in a catalogue.
    if ref == "":
        raise RefError("entity reference must not be empty")
    colon = ref.find(":")
    slash = ref.find("/")
    if slash != -1 and slash < colon:
        colon = -1
    kind = ref[:colon] if colon != -1 else None
    namespace = ref[colon + 1 : slash] if slash != -1 else None
    name = ref[max(colon + 1, slash + 1) :]
    if kind == "" or namespace == "" or name == "":
        raise RefError(f'entity reference "{ref}" is not of the form [<kind>:][<namespace>/]<name>')
    kind = kind or default_kind
    if not kind:
        raise RefError(
            f'entity reference "{ref}" has no kind; this field needs one, e.g. "component:{ref}"'
        )
    return EntityRef.of(kind, namespace or default_namespace or "default", name)


def try_parse_ref(
    ref: object, *, default_kind: str | None = None, default_namespace: str = "default"
) -> EntityRef | None:
    try:
        return parse_ref(ref, default_kind=default_kind, default_namespace=default_namespace)
    except RefError:
        return None


@dataclass(frozen=True, slots=True)
class RelationField:
    """A spec field that names other entities, and the relations it yields both ways."""

    field: str
    default_kind: str | None
    outgoing: str
    incoming: str
    many: bool


def _fields(*rows: tuple[str, str | None, str, str, bool]) -> tuple[RelationField, ...]:
    return tuple(RelationField(*row) for row in rows)


_OWNER = ("owner", "Group", "ownedBy", "ownerOf", False)
_SYSTEM = ("system", "System", "partOf", "hasPart", False)
_DEPENDS = ("dependsOn", None, "dependsOn", "dependencyOf", True)
_DEPENDENCY_OF = ("dependencyOf", None, "dependencyOf", "dependsOn", True)

# The same table as Backstage's BuiltinKindsEntityProcessor, keyed by lower-case kind.
RELATION_FIELDS: dict[str, tuple[RelationField, ...]] = {
    "component": _fields(
        _OWNER,
        ("subcomponentOf", "Component", "partOf", "hasPart", False),
        ("providesApis", "API", "providesApi", "apiProvidedBy", True),
        ("consumesApis", "API", "consumesApi", "apiConsumedBy", True),
        _DEPENDS,
        _DEPENDENCY_OF,
        _SYSTEM,
    ),
    "api": _fields(_OWNER, _SYSTEM),
    "resource": _fields(_OWNER, _DEPENDS, _DEPENDENCY_OF, _SYSTEM),
    "user": _fields(("memberOf", "Group", "memberOf", "hasMember", True)),
    "group": _fields(
        ("parent", "Group", "childOf", "parentOf", False),
        ("children", "Group", "parentOf", "childOf", True),
        ("members", "User", "hasMember", "memberOf", True),
    ),
    "system": _fields(_OWNER, ("domain", "Domain", "partOf", "hasPart", False)),
    "domain": _fields(_OWNER, ("subdomainOf", "Domain", "partOf", "hasPart", False)),
    "template": _fields(_OWNER),
}

# Which kinds a field may point at; anything else is a modelling mistake worth a finding.
ALLOWED_TARGET_KINDS: dict[str, frozenset[str]] = {
    "owner": frozenset({"group", "user"}),
    "subcomponentOf": frozenset({"component"}),
    "providesApis": frozenset({"api"}),
    "consumesApis": frozenset({"api"}),
    "system": frozenset({"system"}),
    "domain": frozenset({"domain"}),
    "subdomainOf": frozenset({"domain"}),
    "memberOf": frozenset({"group"}),
    "parent": frozenset({"group"}),
    "children": frozenset({"group"}),
    "members": frozenset({"user"}),
}
