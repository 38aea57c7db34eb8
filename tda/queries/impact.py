"""Impact of an entity: what it needs, what needs it, and how to show that."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from tda.catalog.entity import Entity
from tda.catalog.graph import Relation
from tda.catalog.refs import EntityRef
from tda.catalogue import Catalogue
from tda.decisions.model import Decision


@dataclass(frozen=True, slots=True)
class Reached:
    ref: EntityRef
    distance: int
    via: EntityRef
    known: bool


@dataclass
class Impact:
    entity: Entity
    relations: list[Relation]
    dependencies: list[Reached] = field(default_factory=list)
    dependents: list[Reached] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    # For a system or domain: its parts, whose dependencies and dependents are its own.
    parts: list[Reached] = field(default_factory=list)


@dataclass
class DecisionImpact:
    """What a decision binds, and everything that depends on those: the reach of changing it."""

    decision: Decision
    bound: list[EntityRef]
    affected: list[Reached] = field(default_factory=list)


def impact(catalogue: Catalogue, entity: Entity, depth: int | None = None) -> Impact:
    """What the entity needs and what needs it; a system's or domain's are its parts'."""
    graph = catalogue.graph
    parts = graph.walk(entity.ref, frozenset({"hasPart"}))
    members = [entity.ref, *(ref for ref, _, _ in parts)]

    def reached(walk) -> list[Reached]:  # type: ignore[no-untyped-def]
        found: dict[EntityRef, Reached] = {}
        for member in members:
            for ref, distance, via in walk(member, depth):
                if ref in members:
                    continue
                if ref not in found or distance < found[ref].distance:
                    found[ref] = Reached(ref, distance, via, ref in catalogue.entities)
        return sorted(found.values(), key=lambda item: (item.distance, item.ref))

    return Impact(
        entity,
        graph.relations(entity.ref),
        reached(graph.dependencies),
        reached(graph.dependents),
        catalogue.decisions_for(entity.ref),
        [Reached(ref, d, via, ref in catalogue.entities) for ref, d, via in parts],
    )


def decision_impact(
    catalogue: Catalogue, decision: Decision, depth: int | None = None
) -> DecisionImpact:
    bound = catalogue.decision_entities(decision)
    seen = set(bound)
    affected: list[Reached] = []
    # A decision that binds a system or domain binds its parts too.
    for ref in bound:
        for part, distance, via in catalogue.graph.walk(ref, frozenset({"hasPart"})):
            if part not in seen:
                seen.add(part)
                affected.append(Reached(part, distance, via, part in catalogue.entities))
    for ref in [*bound, *(item.ref for item in affected)]:
        for other, distance, via in catalogue.graph.dependents(ref, depth):
            if other not in seen:
                seen.add(other)
                affected.append(Reached(other, distance, via, other in catalogue.entities))
    return DecisionImpact(decision, bound, affected)


def render_decision(result: DecisionImpact, output_format: str) -> str:
    decision = result.decision
    if output_format == "json":
        return json.dumps(
            {
                "decision": decision.id,
                "title": decision.title,
                "status": decision.status,
                "binds": [str(ref) for ref in result.bound],
                "affected": _reached_json(result.affected),
            },
            indent=2,
        )
    if output_format == "mermaid":
        ids = _node_ids(
            {*result.bound, *(i.ref for i in result.affected), *(i.via for i in result.affected)}
        )
        lines = ["flowchart LR", f'  d["{decision.id}"]']
        for ref in result.bound:
            lines.append(f'  {ids[ref]}["{ref.short()}"]')
            lines.append(f"  d -. binds .-> {ids[ref]}")
        for item in result.affected:
            lines.append(f'  {ids[item.ref]}["{item.ref.short()}"]')
            lines.append(f"  {ids[item.ref]} --> {ids[item.via]}")
        return "\n".join(lines)
    lines = [f"{decision.id}  {decision.title}  [{decision.status}]", "", "binds:"]
    lines += [f"  {ref.short()}" for ref in result.bound] or ["  (nothing)"]
    lines += ["", "changing or superseding it also touches (their parts and dependents):"]
    lines += [
        f"  {item.ref.short()}  via {item.via.short()}"
        + ("" if item.known else "  (not in the catalogue)")
        for item in result.affected
    ] or ["  (nothing)"]
    return "\n".join(lines)


def _row(item: Reached) -> str:
    indent = "  " * item.distance
    suffix = "" if item.known else "  (not in the catalogue)"
    via = f"  via {item.via.short()}" if item.distance > 1 else ""
    return f"{indent}{item.ref.short()}{via}{suffix}"


def render_text(result: Impact) -> str:
    entity = result.entity
    lines = [f"{entity.ref.short()}  {entity.title}", "", "relations:"]
    lines += [f"  {rel.type} {rel.target.short()}" for rel in result.relations] or ["  (none)"]
    if result.parts:
        lines += ["", "parts (their dependencies and dependents are counted below):"]
        lines += [_row(item) for item in result.parts]
    lines += ["", "depends on:"]
    lines += [_row(item) for item in result.dependencies] or ["  (nothing)"]
    lines += ["", "depended on by:"]
    lines += [_row(item) for item in result.dependents] or ["  (nothing)"]
    lines += ["", "decisions that bind it:"]
    lines += [f"  {d.id}  [{d.status}]  {d.title}" for d in result.decisions] or ["  (none)"]
    return "\n".join(lines)


def _reached_json(items: list[Reached]) -> list[dict[str, object]]:
    return [
        {"ref": str(i.ref), "distance": i.distance, "via": str(i.via), "in_catalogue": i.known}
        for i in items
    ]


def render_json(result: Impact) -> str:
    payload = {
        "entity": str(result.entity.ref),
        "title": result.entity.title,
        "relations": [{"type": r.type, "target": str(r.target)} for r in result.relations],
        "dependencies": _reached_json(result.dependencies),
        "dependents": _reached_json(result.dependents),
        "parts": _reached_json(result.parts),
        "decisions": [{"id": d.id, "status": d.status, "title": d.title} for d in result.decisions],
    }
    return json.dumps(payload, indent=2)


def _readable_id(ref: EntityRef) -> str:
    return "n_" + "".join(ch if ch.isascii() and ch.isalnum() else "_" for ch in str(ref))


def _node_ids(refs: set[EntityRef]) -> dict[EntityRef, str]:
    """Readable Mermaid ids, one per ref: a-b, a_b and a.b read alike, so later ones get a
    number."""
    ids: dict[EntityRef, str] = {}
    taken: set[str] = set()
    for ref in sorted(refs):
        base = candidate = _readable_id(ref)
        number = 1
        while candidate in taken:
            number += 1
            candidate = f"{base}_{number}"
        taken.add(candidate)
        ids[ref] = candidate
    return ids


def render_mermaid(result: Impact) -> str:
    """A Mermaid flowchart; an arrow means "needs"."""
    center = result.entity.ref
    nodes = {center} | {i.ref for i in result.dependencies} | {i.ref for i in result.dependents}
    nodes |= {i.via for i in result.dependencies} | {i.via for i in result.dependents}
    ids = _node_ids(nodes)
    lines = ["flowchart LR"]
    for ref in sorted(nodes):
        label = ref.short().replace('"', "'")
        lines.append(f'  {ids[ref]}["{label}"]')
    for item in result.dependencies:
        lines.append(f"  {ids[item.via]} --> {ids[item.ref]}")
    for item in result.dependents:
        lines.append(f"  {ids[item.ref]} --> {ids[item.via]}")
    lines.append(f"  style {ids[center]} stroke-width:3px")
    return "\n".join(lines)
