"""The Catalogue: the one in-memory world every command and page reads."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from tda.catalog.entity import Entity
from tda.catalog.graph import RelationGraph
from tda.catalog.load import Duplicate
from tda.catalog.refs import EntityRef, try_parse_ref
from tda.catalog.template import Template
from tda.config import TdaConfig
from tda.decisions.history import History
from tda.decisions.load import DecisionLog
from tda.decisions.model import Decision
from tda.diagnostics import Diagnostic, Severity, count
from tda.errors import UsageError
from tda.governance.load import Governance


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
    _by_place: dict[tuple[str, str], dict[str, EntityRef]] | None = field(
        default=None, init=False, repr=False
    )

    def suggest(self, ref: EntityRef) -> str | None:
        """The entity a mistyped reference most likely meant, written short, or None.

        A close name of the same kind and namespace first, then one that contains the name or
        is contained by it, then the same name under another kind.
        """
        if self._by_place is None:
            self._by_place = {}
            for known in sorted(self.entities):
                self._by_place.setdefault((known.kind, known.namespace), {})[known.name] = known
        names = self._by_place.get((ref.kind, ref.namespace), {})
        close = difflib.get_close_matches(ref.name, list(names), n=1, cutoff=0.6)
        if not close:
            close = [name for name in names if ref.name in name or name in ref.name][:1]
        if close:
            return names[close[0]].short()
        other_kinds = sorted(known for known in self.entities if known.name == ref.name)
        return other_kinds[0].short() if other_kinds else None

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
