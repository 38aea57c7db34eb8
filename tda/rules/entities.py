"""Checks over the entities of the whole catalogue: duplicates, references, cycles."""

from __future__ import annotations

from collections.abc import Iterator

from tda import codes
from tda.catalog.entity import Entity, FieldRef
from tda.catalog.refs import ALLOWED_TARGET_KINDS, EntityRef, try_parse_ref
from tda.catalogue import Catalogue
from tda.diagnostics import Diagnostic

# Fields that form a hierarchy: following them must never lead back to the start.
HIERARCHY_FIELDS = ("subcomponentOf", "parent", "subdomainOf")


def check_duplicates(catalogue: Catalogue) -> Iterator[Diagnostic]:
    for duplicate in catalogue.duplicates:
        again, kept = duplicate.again, duplicate.kept
        yield again.finding(
            codes.DUPLICATE_ENTITY,
            f"{again.ref} is defined again; first defined at {kept.location()}",
        )


def check_references(catalogue: Catalogue) -> Iterator[Diagnostic]:
    for entity in catalogue.entities.values():
        for field_ref in entity.refs:
            target = catalogue.entities.get(field_ref.target)
            if target is None:
                yield _unresolved(entity, field_ref, catalogue.suggest(field_ref.target))
            else:
                yield from _wrong_kind(entity, field_ref, target)
        if "contacts" in entity.spec:
            yield from _unresolved_contacts(catalogue, entity)


def _unresolved_contacts(catalogue: Catalogue, entity: Entity) -> Iterator[Diagnostic]:
    """Contacts written as references (user:jane.doe) must name someone in the catalogue."""
    contacts = entity.spec.get("contacts")
    for index, contact in enumerate(contacts if isinstance(contacts, list) else []):
        if not isinstance(contact, str):
            continue
        target = try_parse_ref(contact, default_kind="user", default_namespace=entity.ref.namespace)
        if target is None:
            yield entity.finding(
                codes.INVALID_CONTACT,
                f"spec.contacts[{index}] {contact!r} is not a user reference",
                at=("spec", "contacts", index),
            )
        elif target not in catalogue.entities:
            field_ref = FieldRef("contacts", contact, target, "", "", index)
            yield _unresolved(entity, field_ref, catalogue.suggest(target))


def _unresolved(entity: Entity, field_ref: FieldRef, suggestion: str | None) -> Diagnostic:
    message = f"spec.{field_ref.field} {field_ref.target.short()!r} is not in the catalogue" + (
        f" (did you mean {suggestion}?)" if suggestion else ""
    )
    return entity.finding(
        codes.UNKNOWN_REF,
        message,
        at=field_ref,
        hint=f"add a descriptor for {field_ref.target}, or correct the reference",
    )


def _wrong_kind(entity: Entity, field_ref: FieldRef, target: Entity) -> Iterator[Diagnostic]:
    allowed = ALLOWED_TARGET_KINDS.get(field_ref.field)
    if allowed is None or target.ref.kind in allowed:
        return
    code = codes.OWNER_WRONG_KIND if field_ref.field == "owner" else codes.REF_WRONG_KIND
    wanted = " or ".join(sorted(allowed))
    yield entity.finding(
        code,
        f"spec.{field_ref.field} points at {target.ref.short()}, "
        f"a {target.kind}; expected {wanted}",
        at=field_ref,
    )


def check_cycles(catalogue: Catalogue) -> Iterator[Diagnostic]:
    """Each cycle in the hierarchies once, found by one strongly-connected-components pass."""
    edges: dict[EntityRef, list[tuple[EntityRef, FieldRef]]] = {}
    for entity in catalogue.entities.values():
        for field_ref in entity.refs:
            if field_ref.field in HIERARCHY_FIELDS:
                edges.setdefault(entity.ref, []).append((field_ref.target, field_ref))
    for component in strongly_connected(edges):
        members = set(component)
        start = min(component)
        if len(component) > 1 or any(target == start for target, _ in edges.get(start, ())):
            yield _cycle(catalogue, _walk_cycle(start, members, edges), edges)


def strongly_connected(
    edges: dict[EntityRef, list[tuple[EntityRef, FieldRef]]],
) -> list[list[EntityRef]]:
    """Tarjan's algorithm without recursion, so a chain thousands deep needs no deep stack."""
    index: dict[EntityRef, int] = {}
    low: dict[EntityRef, int] = {}
    on_stack: set[EntityRef] = set()
    stack: list[EntityRef] = []
    found: list[list[EntityRef]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work: list[tuple[EntityRef, int]] = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = edges.get(node, [])
            if position < len(targets):
                work.append((node, position + 1))
                target = targets[position][0]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def _walk_cycle(
    start: EntityRef,
    members: set[EntityRef],
    edges: dict[EntityRef, list[tuple[EntityRef, FieldRef]]],
) -> list[EntityRef]:
    """A cycle through start, following links that stay inside its component."""
    path = [start]
    seen = {start: 0}
    current = start
    while True:
        current = next(t for t, _ in edges[current] if t in members)
        if current in seen:
            return path[seen[current] :]
        seen[current] = len(path)
        path.append(current)


def _cycle(
    catalogue: Catalogue,
    cycle: list[EntityRef],
    edges: dict[EntityRef, list[tuple[EntityRef, FieldRef]]],
) -> Diagnostic:
    first = min(cycle)
    entity = catalogue.entities[first]
    following = cycle[(cycle.index(first) + 1) % len(cycle)]
    field_ref = next(ref for target, ref in edges[first] if target == following)
    start = cycle.index(first)
    ordered = cycle[start:] + cycle[:start] + [first]
    links = [ref.short() for ref in ordered]
    if len(links) > 12:
        # A long cycle is named by its ends; the count says how long it is.
        links = [*links[:5], "...", *links[-5:]]
    chain = " -> ".join(links) + (f" ({len(cycle)} entities)" if len(cycle) > 11 else "")
    return entity.finding(
        codes.HIERARCHY_CYCLE, f"spec.{field_ref.field} forms a cycle: {chain}", at=field_ref
    )
