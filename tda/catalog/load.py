"""Files to Catalogue: find descriptors, follow Locations, validate file by file."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable
from pathlib import Path

from tda.catalog.catalogue import Catalogue, Duplicate
from tda.catalog.entity import Entity
from tda.catalog.graph import RelationGraph
from tda.catalog.validate import check_document
from tda.config import TdaConfig
from tda.decisions.history import History
from tda.decisions.load import DecisionLog, load_decisions
from tda.diagnostics import Diagnostic, apply_severity_overrides, diagnostic, sort_key
from tda.governance.load import load_governance
from tda.scaffold.template import load_templates
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


def load_catalogue(
    root: Path,
    config: TdaConfig | None = None,
    paths: Iterable[Path] | None = None,
    *,
    history: bool = False,
) -> Catalogue:
    """Read the catalogue of the repository at root, or only the given files and folders.

    With history, decisions are also checked against git (who set a status, and when).
    """
    config = config or TdaConfig()
    root = root.resolve()
    starts = [p.resolve() for p in paths] if paths is not None else [root / config.catalog]
    catalogue = Catalogue(root=root, config=config)
    reader = _Reader(catalogue)
    if paths is None and not starts[0].exists():
        reader.problems.append(
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
    catalogue.graph = RelationGraph.from_entities(catalogue.entities.values())
    if paths is None:
        attach_decisions(catalogue, load_decisions(root / config.decisions, display_path))
        catalogue.governance = load_governance(root / config.decisions, display_path)
        catalogue.templates, template_problems = load_templates(
            root / config.templates, display_path
        )
        reader.problems.extend(template_problems)

    from tda import rules  # rules read the finished catalogue; imported late to keep layers apart

    decision_problems = catalogue.decisions.diagnostics if catalogue.decisions else []
    wants_history = (
        history and paths is None and bool(catalogue.decisions and catalogue.decisions.decisions)
    )
    git_history = _history(catalogue) if wants_history else None
    catalogue.history = git_history
    problems = [*reader.problems, *decision_problems, *rules.check(catalogue, git_history)]
    if git_history is not None and not git_history.available:
        problems.append(diagnostic("TDA409", str(git_history.reason)))
    catalogue.diagnostics = sorted(
        apply_severity_overrides(problems, config.severity), key=sort_key
    )
    return catalogue


def _history(catalogue: Catalogue) -> History | None:
    from tda.decisions.history import decision_history

    if catalogue.decisions is None:
        return None
    return decision_history(catalogue.root, catalogue.decisions.decisions)


def attach_decisions(catalogue: Catalogue, log: DecisionLog) -> None:
    """Give the catalogue its decisions, and each entity the decisions that bind it."""
    catalogue.decisions = log
    for decision in log.decisions:
        for ref in catalogue.decision_entities(decision):
            catalogue.bound_by.setdefault(ref, []).append(decision)


class _Reader:
    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.limits = catalogue.config.limits()
        self.queue: deque[Path] = deque()
        self.queued: set[Path] = set()
        self.problems: list[Diagnostic] = []
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
        self.catalogue.files += 1
        self.catalogue.documents += len(parsed.documents)
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
            if result.entity is not None:
                self.add(result.entity)
                if result.entity.ref.kind == "location":
                    self.follow(result.entity, file)

    def add(self, entity: Entity) -> None:
        kept = self.catalogue.entities.get(entity.ref)
        if kept is None:
            self.catalogue.entities[entity.ref] = entity
        else:
            self.catalogue.duplicates.append(Duplicate(kept, entity))

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
