"""Checks over the entities of the whole catalogue: duplicates, references, cycles."""

from __future__ import annotations

from collections.abc import Iterator

from tda.catalog.entity import Entity, FieldRef
from tda.catalog.refs import ALLOWED_TARGET_KINDS, EntityRef
from tda.catalogue import Catalogue
from tda.diagnostics import Diagnostic, diagnostic

# Fields that form a hierarchy: following them must never lead back to the start.
HIERARCHY_FIELDS = ("subcomponentOf", "parent", "subdomainOf")


def check_duplicates(catalogue: Catalogue) -> Iterator[Diagnostic]:
    for duplicate in catalogue.duplicates:
        again, kept = duplicate.again, duplicate.kept
        yield diagnostic(
            "TDA202",
            f"{again.ref} is defined again; first defined at {kept.location()}",
            file=again.file,
            line=again.line,
            column=again.column,
            document=again.document,
            ref=str(again.ref),
            hint="an entity is identified by kind, namespace and name (ignoring case); "
            "rename one or remove it",
        )


def check_references(catalogue: Catalogue) -> Iterator[Diagnostic]:
    for entity in catalogue.entities.values():
        for field_ref in entity.refs:
            target = catalogue.entities.get(field_ref.target)
            if target is None:
                yield _unresolved(entity, field_ref, catalogue.suggest(field_ref.target))
            else:
                yield from _wrong_kind(entity, field_ref, target)


def _unresolved(entity: Entity, field_ref: FieldRef, suggestion: str | None) -> Diagnostic:
    message = f"spec.{field_ref.field} {field_ref.target.short()!r} is not in the catalogue" + (
        f" (did you mean {suggestion}?)" if suggestion else ""
    )
    return diagnostic(
        "TDA201",
        message,
        file=entity.file,
        line=field_ref.line,
        column=field_ref.column,
        document=entity.document,
        ref=str(entity.ref),
        hint=f"add a descriptor for {field_ref.target}, or correct the reference",
    )


def _wrong_kind(entity: Entity, field_ref: FieldRef, target: Entity) -> Iterator[Diagnostic]:
    allowed = ALLOWED_TARGET_KINDS.get(field_ref.field)
    if allowed is None or target.ref.kind in allowed:
        return
    code = "TDA204" if field_ref.field == "owner" else "TDA205"
    wanted = " or ".join(sorted(allowed))
    yield diagnostic(
        code,
        f"spec.{field_ref.field} points at {target.ref.short()}, "
        f"a {target.kind}; expected {wanted}",
        file=entity.file,
        line=field_ref.line,
        column=field_ref.column,
        document=entity.document,
        ref=str(entity.ref),
        hint="owners are teams (Group) or people (User)" if code == "TDA204" else None,
    )


def check_cycles(catalogue: Catalogue) -> Iterator[Diagnostic]:
    parent_of: dict[EntityRef, tuple[EntityRef, FieldRef]] = {}
    for entity in catalogue.entities.values():
        for field_ref in entity.refs:
            if field_ref.field in HIERARCHY_FIELDS:
                parent_of[entity.ref] = (field_ref.target, field_ref)
    reported: set[EntityRef] = set()
    for start in sorted(parent_of):
        path = [start]
        current = start
        while current in parent_of:
            current = parent_of[current][0]
            if current in path:
                cycle = path[path.index(current) :]
                if not reported.intersection(cycle):
                    reported.update(cycle)
                    yield _cycle(catalogue, cycle, parent_of)
                break
            path.append(current)


def _cycle(
    catalogue: Catalogue,
    cycle: list[EntityRef],
    parent_of: dict[EntityRef, tuple[EntityRef, FieldRef]],
) -> Diagnostic:
    first = min(cycle)
    entity = catalogue.entities[first]
    field_ref = parent_of[first][1]
    start = cycle.index(first)
    ordered = cycle[start:] + cycle[:start] + [first]
    chain = " -> ".join(ref.short() for ref in ordered)
    return diagnostic(
        "TDA203",
        f"spec.{field_ref.field} forms a cycle: {chain}",
        file=entity.file,
        line=field_ref.line,
        column=field_ref.column,
        document=entity.document,
        ref=str(first),
        hint="a hierarchy must end at a root; remove one link of the cycle",
    )
