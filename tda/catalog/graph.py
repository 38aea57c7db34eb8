"""Relations in both directions, and the transitive questions asked of them."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from tda.catalog.entity import Entity
from tda.catalog.refs import EntityRef


@dataclass(frozen=True, slots=True, order=True)
class Relation:
    source: EntityRef
    type: str
    target: EntityRef


# "X needs Y" edges: what an entity cannot work without. An API needs the component that
# provides it, so the consumers of an API are affected when its provider changes.
NEEDS = frozenset({"dependsOn", "consumesApi", "apiProvidedBy"})
NEEDED_BY = frozenset({"dependencyOf", "apiConsumedBy", "providesApi"})


@dataclass
class RelationGraph:
    outgoing: dict[EntityRef, set[tuple[str, EntityRef]]] = field(
        default_factory=lambda: defaultdict(set)
    )

    @classmethod
    def from_entities(cls, entities: Iterable[Entity]) -> RelationGraph:
        graph = cls()
        outgoing = graph.outgoing
        for entity in entities:
            source = entity.ref
            mine = outgoing[source]
            for ref in entity.refs:
                mine.add((ref.relation, ref.target))
                outgoing[ref.target].add((ref.reverse, source))
        return graph

    def add(self, source: EntityRef, type_: str, target: EntityRef) -> None:
        self.outgoing[source].add((type_, target))

    def relations(self, ref: EntityRef) -> list[Relation]:
        return sorted(Relation(ref, type_, target) for type_, target in self.outgoing.get(ref, ()))

    def related(self, ref: EntityRef, *types: str) -> list[EntityRef]:
        wanted = set(types)
        return sorted(target for type_, target in self.outgoing.get(ref, ()) if type_ in wanted)

    def walk(
        self, start: EntityRef, types: frozenset[str], depth: int | None = None
    ) -> list[tuple[EntityRef, int, EntityRef]]:
        """Breadth-first over the given relation types: (entity, distance, reached from)."""
        seen = {start}
        found: list[tuple[EntityRef, int, EntityRef]] = []
        queue: deque[tuple[EntityRef, int]] = deque([(start, 0)])
        while queue:
            current, distance = queue.popleft()
            if depth is not None and distance >= depth:
                continue
            for type_, target in sorted(self.outgoing.get(current, ())):
                if type_ in types and target not in seen:
                    seen.add(target)
                    found.append((target, distance + 1, current))
                    queue.append((target, distance + 1))
        return found

    def dependencies(
        self, ref: EntityRef, depth: int | None = None
    ) -> list[tuple[EntityRef, int, EntityRef]]:
        return self.walk(ref, NEEDS, depth)

    def dependents(
        self, ref: EntityRef, depth: int | None = None
    ) -> list[tuple[EntityRef, int, EntityRef]]:
        return self.walk(ref, NEEDED_BY, depth)
