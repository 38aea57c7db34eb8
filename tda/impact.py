"""Impact of an entity: what it needs, what needs it, and how to show that."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field

from tda.catalog.catalogue import Catalogue
from tda.catalog.entity import Entity
from tda.catalog.graph import Relation
from tda.catalog.refs import EntityRef, RefError, parse_ref


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


def find_entity(catalogue: Catalogue, text: str) -> tuple[Entity | None, str]:
    """The entity a user meant by text, or a message saying why none was found."""
    try:
        ref = parse_ref(text, default_kind="component")
    except RefError as error:
        return None, str(error)
    entity = catalogue.entities.get(ref)
    if entity is not None:
        return entity, ""
    candidates = {r.short(): r for r in catalogue.entities}
    same_name = sorted(r.short() for r in catalogue.entities if r.name == ref.name)
    close = same_name or difflib.get_close_matches(ref.short(), list(candidates), n=1, cutoff=0.8)
    if close:
        return None, f"{ref.short()} is not in the catalogue (did you mean {close[0]}?)"
    return None, f"{ref.short()} is not in the catalogue"


def impact(catalogue: Catalogue, entity: Entity, depth: int | None = None) -> Impact:
    graph = catalogue.graph

    def reached(rows: list[tuple[EntityRef, int, EntityRef]]) -> list[Reached]:
        return [Reached(ref, d, via, ref in catalogue.entities) for ref, d, via in rows]

    return Impact(
        entity,
        graph.relations(entity.ref),
        reached(graph.dependencies(entity.ref, depth)),
        reached(graph.dependents(entity.ref, depth)),
    )


def _row(item: Reached) -> str:
    indent = "  " * item.distance
    suffix = "" if item.known else "  (not in the catalogue)"
    via = f"  via {item.via.short()}" if item.distance > 1 else ""
    return f"{indent}{item.ref.short()}{via}{suffix}"


def render_text(result: Impact) -> str:
    entity = result.entity
    lines = [f"{entity.ref.short()}  {entity.title}", "", "relations:"]
    lines += [f"  {rel.type} {rel.target.short()}" for rel in result.relations] or ["  (none)"]
    lines += ["", "depends on:"]
    lines += [_row(item) for item in result.dependencies] or ["  (nothing)"]
    lines += ["", "depended on by:"]
    lines += [_row(item) for item in result.dependents] or ["  (nothing)"]
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
    }
    return json.dumps(payload, indent=2)


def _node_id(ref: EntityRef) -> str:
    return "n_" + "".join(ch if ch.isalnum() else "_" for ch in str(ref))


def render_mermaid(result: Impact) -> str:
    """A Mermaid flowchart; an arrow means "needs"."""
    center = result.entity.ref
    nodes = {center} | {i.ref for i in result.dependencies} | {i.ref for i in result.dependents}
    lines = ["flowchart LR"]
    for ref in sorted(nodes):
        label = ref.short().replace('"', "'")
        lines.append(f'  {_node_id(ref)}["{label}"]')
    for item in result.dependencies:
        lines.append(f"  {_node_id(item.via)} --> {_node_id(item.ref)}")
    for item in result.dependents:
        lines.append(f"  {_node_id(item.ref)} --> {_node_id(item.via)}")
    lines.append(f"  style {_node_id(center)} stroke-width:3px")
    return "\n".join(lines)
