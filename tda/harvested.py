"""What `tda harvest` left in the cache folder, read into the Catalogue beside local entities.

Each source's last good harvest is a folder of descriptors (already under the source's
namespace, with provenance annotations) and a `source.json` saying where it came from, at
which commit, when, and whether the latest attempt failed (stale). Reading it needs no
network and no git: the site and every command see the same harvested world.

Conflicts are findings, never silent overwrites: a local entity always wins over a harvested
one, and of two sources the one listed first wins.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tda import codes
from tda.catalog.entity import Entity
from tda.catalog.load import find_descriptor_files, read_descriptors
from tda.catalog.refs import EntityRef, try_parse_ref
from tda.config import TdaConfig
from tda.diagnostics import Diagnostic, diagnostic

SOURCE_FILE = "source.json"
SNAPSHOT_FOLDER = "snapshot"

ANNOTATION_SOURCE = "tda/harvest-source"
ANNOTATION_ORGANISATION = "tda/organisation"
ANNOTATION_REPOSITORY = "tda/source-repository"
ANNOTATION_COMMIT = "tda/source-commit"
ANNOTATION_HARVESTED = "tda/harvested-at"
ANNOTATION_FILE = "tda/source-file"


@dataclass
class SourceState:
    """One source as last harvested: provenance, and whether the last attempt failed."""

    name: str
    url: str
    namespace: str
    organisation: str
    commit: str | None = None
    ref: str | None = None
    harvested_at: str | None = None
    stale: bool = False
    reason: str | None = None
    entities: int = 0
    decisions: list[dict[str, Any]] = field(default_factory=list)
    meetings: list[dict[str, Any]] = field(default_factory=list)
    has_snapshot: bool = False
    path: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SourceState:
        known = {name for name in cls.__dataclass_fields__}
        return cls(**{key: value for key, value in data.items() if key in known})


@dataclass
class Harvested:
    sources: list[SourceState] = field(default_factory=list)
    entities: dict[EntityRef, Entity] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    documents: int = 0


def cache_folder(root: Path, config: TdaConfig) -> Path:
    return root / config.harvest_cache


def read_source_states(cache: Path) -> list[SourceState]:
    states = []
    for path in sorted(cache.glob(f"*/{SOURCE_FILE}")):
        if path.parent.name.startswith("."):
            continue  # a harvest in progress, or its leftovers
        try:
            states.append(SourceState.from_json(json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError, TypeError):
            continue  # a damaged record is the same as no harvest of that source
    return states


def load_harvested(
    root: Path, config: TdaConfig, local: dict[EntityRef, Entity], order: list[str]
) -> Harvested:
    """Every source's last good harvest; conflicts with local entities or each other are findings.

    order lists source names by priority (as configured); unknown sources come after, by name.
    """
    found = Harvested()
    cache = cache_folder(root, config)
    if not cache.is_dir():
        return found
    states = read_source_states(cache)
    rank = {name: index for index, name in enumerate(order)}
    states.sort(key=lambda s: (rank.get(s.name, len(rank)), s.name))
    # A source's own namespace, and every namespace this catalogue uses, belong to one owner;
    # any other namespace is shared, and the same entity in it twice is a conflict.
    claimed: dict[str, str] = {ref.namespace: "this catalogue" for ref in local}
    loadable = []
    for state in states:
        found.sources.append(state)
        snapshot = cache / state.name / SNAPSHOT_FOLDER
        if not snapshot.is_dir():
            continue
        state.has_snapshot = True
        owner = claimed.setdefault(state.namespace, state.name)
        if owner != state.name:
            found.diagnostics.append(_claim(state, state.namespace, owner))
            continue
        loadable.append((state, snapshot))
    for state, snapshot in loadable:
        descriptors = read_descriptors(root, config, find_descriptor_files([snapshot]))
        found.files += descriptors.files
        found.documents += descriptors.documents
        found.diagnostics.extend(descriptors.problems)
        for ref, entity in descriptors.entities.items():
            _add(found, state, ref, entity, local, claimed)
    return found


def _claim(state: SourceState, namespace: str, owner: str) -> Diagnostic:
    return diagnostic(
        codes.HARVEST_NAMESPACE_CLAIM,
        f"source {state.name} claims namespace {namespace!r}, which belongs to {owner}; "
        "nothing from it was loaded",
        file=state.name,
        hint="give the source its own namespace in the harvest settings",
    )


def _add(
    found: Harvested,
    state: SourceState,
    ref: EntityRef,
    entity: Entity,
    local: dict[EntityRef, Entity],
    claimed: dict[str, str],
) -> None:
    if claimed.get(ref.namespace, state.name) != state.name:
        found.diagnostics.append(
            entity.finding(
                codes.HARVEST_NAMESPACE_CLAIM,
                f"{ref.short()} from source {state.name} is in namespace {ref.namespace!r}, "
                f"which belongs to {claimed[ref.namespace]}; it was not loaded",
                hint="a source may only describe entities in its own namespace",
            )
        )
        return
    existing = local.get(ref) or found.entities.get(ref)
    if existing is not None:
        where = existing.metadata.get("annotations", {}).get(ANNOTATION_SOURCE) or "this catalogue"
        found.diagnostics.append(
            entity.finding(
                codes.ENTITY_FROM_TWO_PLACES,
                f"{ref.short()} comes from source {state.name} and from {where}; "
                f"the one from {where} was kept",
                hint="each entity must come from one place: rename it, or drop one source",
            )
        )
        return
    found.entities[ref] = entity


def _annotations(entity: Entity) -> dict[Any, Any]:
    # A descriptor may hold anything under annotations; only a mapping has any to read.
    annotations = entity.metadata.get("annotations")
    return annotations if isinstance(annotations, dict) else {}


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def source_of(entity: Entity) -> str | None:
    """The harvest source an entity came from, or None for the catalogue's own."""
    value = _annotations(entity).get(ANNOTATION_SOURCE)
    return str(value) if value else None


def organisation_of(entity: Entity, default: str | None = None) -> str | None:
    return str(_annotations(entity).get(ANNOTATION_ORGANISATION) or default or "") or None


@dataclass(frozen=True, slots=True)
class Adoption:
    """An organisation that uses a product, or built on it, with the evidence and its source."""

    organisation: str
    how: str  # "uses" or "built on it"
    evidence: str
    source: str  # where the statement was made: a source name, or "this catalogue"
    ref: EntityRef | None = None  # the product that built on it, when there is one


def _norm_url(url: str) -> str:
    return url.lower().rstrip("/").removesuffix(".git")


def adoptions(
    entities: dict[EntityRef, Entity], ref: EntityRef, home: str | None = None
) -> list[Adoption]:
    """Who uses the product and who built on it, across every source."""
    return AdoptionIndex(entities, home).of(ref)


class AdoptionIndex:
    """Every `basedOn` in the catalogue indexed once by what it points at (a reference or a
    repository address), so that asking for each product's adopters stays linear."""

    def __init__(self, entities: dict[EntityRef, Entity], home: str | None = None) -> None:
        self.entities, self.home = entities, home
        self._by_ref: dict[EntityRef, list[tuple[int, Entity]]] = {}
        self._by_url: dict[str, list[tuple[int, Entity]]] = {}
        for position, other in enumerate(entities.values()):
            for origin in _listed(other.spec.get("basedOn")):
                target, url = _origin_target(origin, other)
                if target is not None:
                    self._by_ref.setdefault(target, []).append((position, other))
                if url:
                    self._by_url.setdefault(_norm_url(url), []).append((position, other))

    def of(self, ref: EntityRef) -> list[Adoption]:
        product = self.entities.get(ref)
        if product is None:
            return []
        where = source_of(product) or "this catalogue"
        found = [
            Adoption(
                str(item.get("organisation")),
                "uses",
                str(item.get("evidence") or "self-declared"),
                where,
            )
            for item in _listed(product.spec.get("usedBy"))
            if isinstance(item, dict) and item.get("organisation")
        ]
        repository = product.spec.get("repository")
        builders = dict(self._by_ref.get(ref, []))
        if repository:
            builders.update(self._by_url.get(_norm_url(str(repository)), []))
        for _, other in sorted(builders.items(), key=lambda pair: pair[0]):
            if other.ref == ref:
                continue
            source = source_of(other) or "this catalogue"
            organisation = organisation_of(other, self.home) or source
            found.append(
                Adoption(
                    organisation,
                    "built on it",
                    f"basedOn in {other.ref.short()}",
                    source,
                    other.ref,
                )
            )
        return found


def _origin_target(origin: Any, other: Entity) -> tuple[EntityRef | None, str | None]:
    """What one basedOn entry points at: an entity reference, a repository address, or both."""
    if isinstance(origin, dict):
        target = None
        if origin.get("ref"):
            target = try_parse_ref(
                str(origin["ref"]), default_kind="component", default_namespace=other.ref.namespace
            )
        url = origin.get("url")
        return target, str(url) if url else None
    if isinstance(origin, str):
        return try_parse_ref(
            origin, default_kind="component", default_namespace=other.ref.namespace
        ), None
    return None, None
