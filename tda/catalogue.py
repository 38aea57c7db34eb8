"""The Catalogue: the one in-memory world every command and page reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tda.catalog.entity import Entity
from tda.catalog.graph import RelationGraph
from tda.catalog.load import Duplicate
from tda.catalog.refs import EntityRef, try_parse_ref
from tda.catalog.suggest import NameIndex
from tda.catalog.template import Template
from tda.config import TdaConfig
from tda.decisions.history import History
from tda.decisions.load import DecisionLog
from tda.decisions.model import Decision
from tda.diagnostics import Diagnostic, Severity, count
from tda.errors import UsageError
from tda.governance.load import Governance
from tda.harvested import SourceState


@dataclass
class Catalogue:
    root: Path
    config: TdaConfig
    entities: dict[EntityRef, Entity] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)
    # Entities whose descriptor failed validation, kept only so the site can show each one
    # with its findings; no rule, query or export reads them.
    flawed: dict[EntityRef, Entity] = field(default_factory=dict)
    graph: RelationGraph = field(default_factory=RelationGraph)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    documents: int = 0
    decisions: DecisionLog | None = None
    governance: Governance | None = None
    templates: list[Template] = field(default_factory=list)
    history: History | None = None  # git history of the decisions, when asked for
    # other catalogues brought in by `tda harvest`: one SourceState each (tda.harvested)
    harvest: list[SourceState] = field(default_factory=list)
    _suggestions: _Suggestions | None = field(default=None, init=False, repr=False)
    # Answers worked out once per catalogue by the queries (forum memberships by day): kept
    # with it, so that a catalogue kept between commands carries them too.
    derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False)

    def suggest(self, ref: EntityRef) -> str | None:
        """The entity a mistyped reference most likely meant, written short, or None.

        A close name of the same kind and namespace first, then one that contains the name or
        is contained by it, then the same name under another kind. Indexed, so that thousands
        of unknown references cost no more than a pass over the catalogue.
        """
        if self._suggestions is None:
            self._suggestions = _Suggestions(self.entities)
        return self._suggestions.suggest(ref)

    # entity -> the decisions that bind it, filled when decisions are loaded
    bound_by: dict[EntityRef, list[Decision]] = field(default_factory=dict)

    def decisions_for(self, ref: EntityRef) -> list[Decision]:
        return self.bound_by.get(ref, [])

    def decision_entities(self, decision: Decision) -> list[EntityRef]:
        refs = (try_parse_ref(text, default_kind="component") for text in decision.entities)
        return [ref for ref in refs if ref is not None]

    def get(self, ref: EntityRef | str, *, default_kind: str | None = None) -> Entity | None:
        if isinstance(ref, str):
            parsed = try_parse_ref(ref, default_kind=default_kind)
            if parsed is None:
                return None
            ref = parsed
        return self.entities.get(ref)

    def require_entity(self, ref: EntityRef) -> Entity:
        """The entity ref names, or a usage error that suggests what was probably meant."""
        entity = self.entities.get(ref)
        if entity is not None:
            return entity
        suggestion = self.suggest(ref)
        hint = f" (did you mean {suggestion}?)" if suggestion else ""
        raise UsageError(f"{ref.short()} is not in the catalogue{hint}")

    def require_decisions(self, decision_id: str) -> list[Decision]:
        """Every decision an id names (more than one when a number is shared), or a usage error."""
        found = self.decisions.find(decision_id) if self.decisions else []
        if not found:
            raise UsageError(f"{decision_id} is not a decision in {self.config.decisions}/")
        return found

    def of_kind(self, *kinds: str) -> list[Entity]:
        wanted = {kind.lower() for kind in kinds}
        return sorted(
            (entity for entity in self.entities.values() if entity.ref.kind in wanted),
            key=lambda entity: entity.ref,
        )

    def summary(self) -> dict[str, int]:
        return {
            "files": self.files,
            "documents": self.documents,
            "entities": len(self.entities),
            "errors": count(self.diagnostics, Severity.ERROR),
            "warnings": count(self.diagnostics, Severity.WARNING),
        }

    @property
    def has_errors(self) -> bool:
        return any(item.severity is Severity.ERROR for item in self.diagnostics)


class _Suggestions:
    """Name indexes per kind and namespace, built once, and the answers already given."""

    def __init__(self, entities: dict[EntityRef, Entity]) -> None:
        places: dict[tuple[str, str], dict[str, EntityRef]] = {}
        self.by_name: dict[str, list[EntityRef]] = {}
        for known in sorted(entities):
            places.setdefault((known.kind, known.namespace), {})[known.name] = known
            self.by_name.setdefault(known.name, []).append(known)
        self.places = places
        self.indexes: dict[tuple[str, str], NameIndex] = {}
        self.answers: dict[EntityRef, str | None] = {}

    def suggest(self, ref: EntityRef) -> str | None:
        if ref not in self.answers:
            self.answers[ref] = self._find(ref)
        return self.answers[ref]

    def _find(self, ref: EntityRef) -> str | None:
        place = (ref.kind, ref.namespace)
        names = self.places.get(place, {})
        if names:
            if place not in self.indexes:
                self.indexes[place] = NameIndex(names)
            close = self.indexes[place].closest(ref.name)
            if close is not None:
                return names[close].short()
        other_kinds = self.by_name.get(ref.name, [])
        return other_kinds[0].short() if other_kinds else None
