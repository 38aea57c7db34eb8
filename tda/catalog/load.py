"""Descriptor files to entities: find them, follow Locations, validate file by file."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tda.catalog.entity import Entity
from tda.catalog.refs import EntityRef
from tda.catalog.validate import check_document
from tda.config import TdaConfig
from tda.diagnostics import Diagnostic, diagnostic
from tda.yamlio import gc_paused, read_yaml_file

YAML_SUFFIXES = (".yaml", ".yml")
_PLACEHOLDER_MARKERS = ("$text", "$json", "$yaml")


def display_path(path: Path, base: Path | None = None) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    base = base or Path.cwd()
    try:
        return os.path.relpath(path, base) if path.is_relative_to(base) else str(path)
    except ValueError:
        return str(path)


def find_descriptor_files(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    candidate
                    for candidate in path.rglob("*")
                    if candidate.suffix in YAML_SUFFIXES and candidate.is_file()
                )
            )
        else:
            found.append(path)
    return found


@dataclass
class Duplicate:
    kept: Entity
    again: Entity


@dataclass
class Descriptors:
    """What the descriptor files hold: entities by reference, and what was wrong on the way."""

    entities: dict[EntityRef, Entity] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    flawed: list[Entity] = field(default_factory=list)  # invalid, kept to be shown with findings
    files: int = 0
    documents: int = 0


def read_descriptors(
    root: Path, config: TdaConfig, paths: Iterable[Path] | None = None
) -> Descriptors:
    """Read every descriptor under the catalogue folder (or only the given files and folders),
    following Locations."""
    starts = [p.resolve() for p in paths] if paths is not None else [root / config.catalog]
    found = Descriptors()
    reader = _Reader(found, config)
    if paths is None and not starts[0].exists():
        found.problems.append(
            diagnostic(
                "TDA001",
                f"there is no {config.catalog}/ folder of descriptors here",
                file=display_path(starts[0]),
                hint="run tda in the catalogue repository, or point --root at it",
            )
        )
        starts = []
    for file in find_descriptor_files(starts):
        reader.enqueue(file, None)
    with gc_paused():
        reader.run()
    return found


class _Reader:
    def __init__(self, found: Descriptors, config: TdaConfig) -> None:
        self.found = found
        self.limits = config.limits()
        self.queue: deque[Path] = deque()
        self.queued: set[Path] = set()
        self.problems = found.problems
        self.placeholder_targets: set[Path] = set()
        self.not_entities: list[tuple[Path, Diagnostic]] = []

    def enqueue(self, file: Path, _origin: Entity | None) -> None:
        file = file.resolve()
        if file not in self.queued:
            self.queued.add(file)
            self.queue.append(file)

    def run(self) -> None:
        while self.queue:
            self.read(self.queue.popleft())
        # An API definition read through $text is not a descriptor, even when it sits in catalog/.
        self.problems.extend(
            problem for file, problem in self.not_entities if file not in self.placeholder_targets
        )

    def read(self, file: Path) -> None:
        display = display_path(file)
        parsed = read_yaml_file(file, display, self.limits)
        self.found.files += 1
        self.found.documents += len(parsed.documents)
        self.problems.extend(parsed.diagnostics)
        has_placeholders = parsed.text is not None and any(
            marker in parsed.text for marker in _PLACEHOLDER_MARKERS
        )
        for doc in parsed.documents:
            result = check_document(doc, file, display, self.limits, placeholders=has_placeholders)
            self.placeholder_targets.update(result.placeholder_targets)
            if result.not_an_entity:
                self.not_entities.extend((file, problem) for problem in result.diagnostics)
            else:
                self.problems.extend(result.diagnostics)
            if result.flawed is not None:
                self.found.flawed.append(result.flawed)
            if result.entity is not None:
                self.add(result.entity)
                if result.entity.ref.kind == "location":
                    self.follow(result.entity, file)

    def add(self, entity: Entity) -> None:
        kept = self.found.entities.get(entity.ref)
        if kept is None:
            self.found.entities[entity.ref] = entity
        else:
            self.found.duplicates.append(Duplicate(kept, entity))

    def follow(self, location: Entity, file: Path) -> None:
        spec = location.spec
        if spec.get("type", "file") != "file":
            return
        targets = [spec["target"]] if spec.get("target") else []
        targets += spec.get("targets") or []
        optional = spec.get("presence") == "optional"
        for target in targets:
            matches = self._expand(file.parent, target)
            if matches:
                for match in matches:
                    self.enqueue(match, location)
            elif not optional:
                self.problems.append(
                    diagnostic(
                        "TDA206",
                        f"Location target {target!r} matches no file",
                        file=location.file,
                        line=location.line,
                        column=location.column,
                        document=location.document,
                        ref=str(location.ref),
                        hint="targets are paths relative to this file; "
                        "use presence: optional for a file that may be absent",
                    )
                )

    @staticmethod
    def _expand(base: Path, target: str) -> list[Path]:
        if any(ch in target for ch in "*?["):
            pattern = Path(target)
            if pattern.is_absolute():
                return sorted(
                    p
                    for p in Path(pattern.anchor).glob(str(pattern.relative_to(pattern.anchor)))
                    if p.is_file()
                )
            return sorted(p for p in base.glob(target) if p.is_file())
        path = base / target
        return [path] if path.is_file() else []
