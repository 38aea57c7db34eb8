"""A catalogue repository read into one Catalogue: descriptors, decisions, meetings, templates,
git history, then every catalogue-wide check.

This is the one module that imports every domain package; none of them imports it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tda import rules
from tda.catalog.graph import RelationGraph
from tda.catalog.load import display_path, read_descriptors
from tda.catalog.template import load_templates
from tda.catalogue import Catalogue
from tda.config import TdaConfig, load_config
from tda.decisions.history import History, decision_history
from tda.decisions.load import DecisionLog, load_decisions
from tda.diagnostics import apply_severity_overrides, diagnostic, sort_key
from tda.errors import UsageError
from tda.governance.load import load_governance


def open_repository(
    root: Path, paths: Iterable[Path] | None = None, *, history: bool = False
) -> Catalogue:
    """The catalogue of the repository at root, with its mkdocs.yml settings applied.

    With paths, only those descriptor files and folders are read, as one catalogue.
    """
    if not root.is_dir():
        raise UsageError(f"no such folder: {root}")
    for path in paths or ():
        if not path.exists():
            raise UsageError(f"no such file or folder: {path}")
    loaded = load_config(root)
    config = loaded.config
    marks = [root / "mkdocs.yml", root / config.catalog, root / config.decisions]
    if paths is None and not any(mark.exists() for mark in marks):
        raise UsageError(
            f"{root} is not a catalogue repository: it has no mkdocs.yml, "
            f"{config.catalog}/ or {config.decisions}/",
            hint="run `tda init` there, or point --root at a catalogue repository",
        )
    catalogue = load_catalogue(root, loaded.config, list(paths) if paths else None, history=history)
    catalogue.diagnostics[:0] = loaded.diagnostics
    return catalogue


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
    descriptors = read_descriptors(root, config, paths)
    catalogue = Catalogue(
        root=root,
        config=config,
        entities=descriptors.entities,
        duplicates=descriptors.duplicates,
        flawed={e.ref: e for e in descriptors.flawed if e.ref not in descriptors.entities},
        files=descriptors.files,
        documents=descriptors.documents,
    )
    catalogue.graph = RelationGraph.from_entities(catalogue.entities.values())
    problems = list(descriptors.problems)
    if paths is None:
        attach_decisions(catalogue, load_decisions(root / config.decisions, display_path))
        catalogue.governance = load_governance(root / config.decisions, display_path)
        catalogue.templates, template_problems = load_templates(
            root / config.templates, display_path
        )
        problems.extend(template_problems)
    if catalogue.decisions:
        problems.extend(catalogue.decisions.diagnostics)
    wants_history = (
        history and paths is None and bool(catalogue.decisions and catalogue.decisions.decisions)
    )
    catalogue.history = _history(catalogue) if wants_history else None
    problems.extend(rules.check(catalogue, catalogue.history))
    if catalogue.history is not None and not catalogue.history.available:
        problems.append(diagnostic("TDA409", str(catalogue.history.reason)))
    catalogue.diagnostics = sorted(
        apply_severity_overrides(problems, config.severity), key=sort_key
    )
    return catalogue


def _history(catalogue: Catalogue) -> History | None:
    if catalogue.decisions is None:
        return None
    return decision_history(catalogue.root, catalogue.decisions.decisions)


def attach_decisions(catalogue: Catalogue, log: DecisionLog) -> None:
    """Give the catalogue its decisions, and each entity the decisions that bind it."""
    catalogue.decisions = log
    for decision in log.decisions:
        for ref in catalogue.decision_entities(decision):
            catalogue.bound_by.setdefault(ref, []).append(decision)
