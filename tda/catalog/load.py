"""Descriptor files to entities: find them, follow Locations, validate file by file."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tda import codes
from tda.catalog.entity import Entity
from tda.catalog.refs import EntityRef
from tda.catalog.validate import DocumentResult, check_document
from tda.config import TdaConfig
from tda.diagnostics import Diagnostic, diagnostic
from tda.processes import worker_count
from tda.yamlio import Limits, gc_paused, read_yaml_file

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
    root: Path,
    config: TdaConfig,
    paths: Iterable[Path] | None = None,
    *,
    workers: int | None = None,
) -> Descriptors:
    """Read every descriptor under the catalogue folder (or only the given files and folders),
    following Locations.

    A large catalogue is read on two cores (workers=None decides by its size; 1 never forks);
    the findings and entities are the same, in the same order, either way.
    """
    starts = [p.resolve() for p in paths] if paths is not None else [root / config.catalog]
    found = Descriptors()
    reader = _Reader(found, config, root.resolve())
    if paths is None and not starts[0].exists():
        found.problems.append(
            diagnostic(
                codes.FILE_UNREADABLE,
                f"there is no {config.catalog}/ folder of descriptors here",
                file=display_path(starts[0]),
                hint="run tda in the catalogue repository, or point --root at it",
            )
        )
        starts = []
    for file in find_descriptor_files(starts):
        reader.enqueue(file, None)
    with gc_paused():
        reader.run(worker_count(workers, len(reader.queue)))
    return found


# The second process also has to pickle what it found, and this one to unpickle it, so it
# takes fewer files than this one.
_CHILD_SHARE = 0.4


@dataclass(slots=True)
class _FileResult:
    """Everything reading and checking one file found, before it joins the catalogue."""

    documents: int
    problems: list[Diagnostic]
    results: list[DocumentResult]


def _check_file(file: Path, limits: Limits, repository: Path) -> _FileResult:
    display = display_path(file)
    parsed = read_yaml_file(file, display, limits)
    has_placeholders = parsed.text is not None and any(
        marker in parsed.text for marker in _PLACEHOLDER_MARKERS
    )
    inside = has_placeholders and file.is_relative_to(repository)
    root = repository if inside else file.parent
    results = [
        check_document(doc, file, display, limits, placeholders=has_placeholders, root=root)
        for doc in parsed.documents
    ]
    return _FileResult(len(parsed.documents), parsed.diagnostics, results)


def _check_files(files: list[Path], limits: Limits, repository: Path) -> list[_FileResult]:
    with gc_paused():
        return [_check_file(file, limits, repository) for file in files]


# What crosses from the second process: plain tuples, because pickling dataclasses and,
# above all, Path objects cost nearly as much as the checking they carry.
_PackedEntity = tuple[EntityRef, dict, str, int, int, list, bool] | None
_PackedDocument = tuple[_PackedEntity, list[Diagnostic], bool, list[str], _PackedEntity]
_PackedFile = tuple[int, list[Diagnostic], list[_PackedDocument]]


def _pack_entity(entity: Entity | None) -> _PackedEntity:
    if entity is None:
        return None
    return (entity.ref, entity.data, entity.file, entity.document, entity.line, entity.column,
            entity.refs, entity.source is not None)  # fmt: skip


def _unpack_entity(packed: _PackedEntity, source: Path) -> Entity | None:
    if packed is None:
        return None
    ref, data, display, document, line, column, refs, has_source = packed
    return Entity(ref, data, display, document, line, column, refs, source if has_source else None)


def _pack(checked: _FileResult) -> _PackedFile:
    documents = [
        (
            _pack_entity(result.entity),
            result.diagnostics,
            result.not_an_entity,
            [str(target) for target in result.placeholder_targets],
            _pack_entity(result.flawed),
        )
        for result in checked.results
    ]
    return checked.documents, checked.problems, documents


def _unpack(packed: _PackedFile, file: Path) -> _FileResult:
    count, problems, documents = packed
    results = [
        DocumentResult(
            _unpack_entity(entity, file),
            diagnostics,
            not_an_entity,
            [Path(target) for target in targets],
            _unpack_entity(flawed, file),
        )
        for entity, diagnostics, not_an_entity, targets, flawed in documents
    ]
    return _FileResult(count, problems, results)


def _check_files_packed(files: list[Path], limits: Limits, repository: Path) -> list[_PackedFile]:
    return [_pack(checked) for checked in _check_files(files, limits, repository)]


def _check_on_two_cores(
    files: list[Path], limits: Limits, repository: Path
) -> dict[Path, _FileResult]:
    """The second half of the files in a forked process while this one reads the first."""
    import multiprocessing

    half = len(files) - int(len(files) * _CHILD_SHARE)
    mine, theirs = files[:half], files[half:]
    with multiprocessing.get_context("fork").Pool(1) as pool:
        pending = pool.apply_async(_check_files_packed, (theirs, limits, repository))
        results = _check_files(mine, limits, repository)
        with gc_paused():
            results += [
                _unpack(packed, file) for packed, file in zip(pending.get(), theirs, strict=True)
            ]
    return dict(zip(files, results, strict=True))


class _Reader:
    def __init__(self, found: Descriptors, config: TdaConfig, root: Path) -> None:
        self.found = found
        self.root = root
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

    def run(self, workers: int = 1) -> None:
        ready: dict[Path, _FileResult] = {}
        if workers > 1:
            ready = _check_on_two_cores(list(self.queue), self.limits, self.root)
        while self.queue:
            file = self.queue.popleft()
            found = ready.pop(file, None)
            self.take(file, found or _check_file(file, self.limits, self.root))
        # An API definition read through $text is not a descriptor, even when it sits in catalog/.
        self.problems.extend(
            problem for file, problem in self.not_entities if file not in self.placeholder_targets
        )

    def take(self, file: Path, checked: _FileResult) -> None:
        """Add what one file holds to the catalogue, following its Locations."""
        self.found.files += 1
        self.found.documents += checked.documents
        self.problems.extend(checked.problems)
        for result in checked.results:
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
        targets = [(spec["target"], "target", 0)] if spec.get("target") else []
        targets += [(item, "targets", i) for i, item in enumerate(spec.get("targets") or [])]
        optional = spec.get("presence") == "optional"
        for target, name, index in targets:
            found = _matches(file.parent, target)
            for match in found:
                self.enqueue(match, location)
            if not found and not optional:
                # Pointed at the target itself: the file named there is the one missing.
                path = ("spec", name) if name == "target" else ("spec", name, index)
                message = f"Location target {target!r} matches no file"
                self.target_problem(location, location.position(path), message)

    def target_problem(self, location: Entity, place: tuple[int, int], message: str) -> None:
        self.problems.append(
            diagnostic(
                codes.LOCATION_TARGET_MISSING,
                message,
                file=location.file,
                line=place[0],
                column=place[1],
                document=location.document,
                ref=str(location.ref),
                hint="targets are paths relative to this file, inside the repository; "
                "use presence: optional for a file that may be absent",
            )
        )


def _matches(base: Path, target: str) -> list[Path]:
    """The files a Location target names: a path or a glob, relative to the Location's file.

    Registered services live in repositories of their own, so a target may lead outside this
    one (unlike a placeholder, whose content is published as part of this catalogue).
    """
    try:
        if not any(ch in target for ch in "*?["):
            path = base / target
            return [path] if path.is_file() else []
        pattern = Path(target)
        if pattern.is_absolute():
            anchor = Path(pattern.anchor)
            found = anchor.glob(str(pattern.relative_to(anchor)))
        else:
            found = base.glob(target)
        return sorted(match for match in found if match.is_file())
    except (OSError, ValueError, NotImplementedError):
        # A name the system cannot hold (a NUL byte) or a pattern glob refuses: nothing matches.
        return []
